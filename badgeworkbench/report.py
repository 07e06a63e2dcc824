"""Problems found in a framework, collected into a report instead of stopping at the first one.

Every problem has a short kebab-case ``code``, a message in French and English, a
``severity`` and a location: the item it concerns, the field inside it, and — when the
files layer knows it — the file and line.

>>> report = Report([Problem("unknown-badge", Severity.ERROR, {"fr": "Badge inconnu", "en": "Unknown badge"},
...                          item="badge:b1", field="requires.of[0]")])
>>> report.ok, len(report.errors)
(False, 1)
>>> report.problems[0].location()
'badge:b1 › requires.of[0]'

At the size of a real consortium a report holds thousands of problems of a few kinds, so panels and
terminals show it grouped: one :class:`ProblemGroup` per kind (severity and code), with a count and a
title in French or English that agrees with the count.

>>> groups = report.grouped()
>>> groups[0].title("fr"), groups[0].title("en")
('1 badge inconnu cité', '1 reference to an unknown badge')
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from typing import Any

__all__ = ["GROUP_TITLES", "Problem", "ProblemGroup", "Report", "Severity", "group_problems"]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Problem:
    """One problem. ``item`` is ``kind:id`` (``badge:cuisine-1``); ``field`` a dotted path inside it."""

    code: str
    severity: Severity
    message: dict[str, str]
    item: str | None = None
    field: str | None = None
    file: str | None = None
    line: int | None = None
    hint: dict[str, str] | None = None

    def text(self, lang: str = "fr") -> str:
        message = self.message.get(lang) or self.message.get("en") or next(iter(self.message.values()), "")
        if self.hint:
            hint = self.hint.get(lang) or self.hint.get("en") or ""
            if hint:
                message = f"{message} {hint}"
        return message

    def location(self) -> str:
        parts = []
        if self.file:
            parts.append(f"{self.file}:{self.line}" if self.line else self.file)
        if self.item:
            parts.append(self.item)
        if self.field:
            parts.append(self.field)
        return " › ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = str(self.severity)
        return {k: v for k, v in data.items() if v is not None}


#: The order severities are shown in: the most serious first.
SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}

#: The title of a group of problems of one code: (French singular, French plural, English singular,
#: English plural), ``{n}`` standing for the count. A code not listed gets a title naming its code.
GROUP_TITLES: dict[str, tuple[str, str, str, str]] = {
    "badge-not-in-pathway": ("{n} badge sans parcours", "{n} badges sans parcours",
                             "{n} badge in no pathway", "{n} badges in no pathway"),
    "competency-not-recognised": ("{n} compétence reconnue par aucun badge", "{n} compétences reconnues par aucun badge",
                                  "{n} competency no badge recognises", "{n} competencies no badge recognises"),
    "badge-without-criteria": ("{n} badge sans critères", "{n} badges sans critères",
                               "{n} badge without criteria", "{n} badges without criteria"),
    "missing-translation": ("{n} traduction manquante", "{n} traductions manquantes",
                            "{n} missing translation", "{n} missing translations"),
    "missing-name": ("{n} nom manquant", "{n} noms manquants", "{n} missing name", "{n} missing names"),
    "missing-description": ("{n} description manquante", "{n} descriptions manquantes",
                            "{n} missing description", "{n} missing descriptions"),
    "missing-issuer": ("{n} badge sans émetteur", "{n} badges sans émetteur",
                       "{n} badge without an issuer", "{n} badges without an issuer"),
    "unadopted-without-issuer": ("{n} badge non adopté sans émetteur", "{n} badges non adoptés sans émetteur",
                                 "{n} unadopted badge without an issuer", "{n} unadopted badges without an issuer"),
    "badge-without-issuer": ("{n} badge sans émetteur", "{n} badges sans émetteur",
                             "{n} badge without an issuer", "{n} badges without an issuer"),
    "issuer-incomplete": ("{n} émetteur incomplet", "{n} émetteurs incomplets",
                          "{n} incomplete issuer", "{n} incomplete issuers"),
    "issuer-role-missing": ("{n} émetteur sans le rôle d’émetteur", "{n} émetteurs sans le rôle d’émetteur",
                            "{n} issuer without the issuer role", "{n} issuers without the issuer role"),
    "duplicate-id": ("{n} identifiant en double", "{n} identifiants en double",
                     "{n} duplicate id", "{n} duplicate ids"),
    "id-case-collision": ("{n} identifiant qui ne diffère d’un autre que par la casse",
                          "{n} identifiants qui ne diffèrent d’un autre que par la casse",
                          "{n} id differing from another only in case", "{n} ids differing from another only in case"),
    "unsafe-id": ("{n} identifiant refusé", "{n} identifiants refusés", "{n} unsafe id", "{n} unsafe ids"),
    "unknown-badge": ("{n} badge inconnu cité", "{n} badges inconnus cités",
                      "{n} reference to an unknown badge", "{n} references to an unknown badge"),
    "unknown-competency": ("{n} compétence inconnue citée", "{n} compétences inconnues citées",
                           "{n} reference to an unknown competency", "{n} references to an unknown competency"),
    "unknown-partner": ("{n} partenaire inconnu cité", "{n} partenaires inconnus cités",
                        "{n} reference to an unknown partner", "{n} references to an unknown partner"),
    "unknown-territory": ("{n} territoire inconnu cité", "{n} territoires inconnus cités",
                          "{n} reference to an unknown territory", "{n} references to an unknown territory"),
    "unknown-level": ("{n} niveau inconnu cité", "{n} niveaux inconnus cités",
                      "{n} reference to an unknown level", "{n} references to an unknown level"),
    "requirement-count-out-of-range": ("{n} exigence « N parmi M » impossible", "{n} exigences « N parmi M » impossibles",
                                       "{n} impossible “N of M” requirement", "{n} impossible “N of M” requirements"),
    "requirement-cycle": ("{n} cycle de prérequis", "{n} cycles de prérequis",
                          "{n} requirement cycle", "{n} requirement cycles"),
    "hierarchy-cycle": ("{n} cycle dans l’arbre des compétences", "{n} cycles dans l’arbre des compétences",
                        "{n} cycle in the competency tree", "{n} cycles in the competency tree"),
    "empty-requirement": ("{n} exigence vide", "{n} exigences vides", "{n} empty requirement", "{n} empty requirements"),
    "empty-stage": ("{n} étape de parcours vide", "{n} étapes de parcours vides",
                    "{n} empty pathway stage", "{n} empty pathway stages"),
    "milestone-without-requirement": ("{n} badge jalon sans prérequis", "{n} badges jalons sans prérequis",
                                      "{n} milestone badge without requirement",
                                      "{n} milestone badges without requirement"),
    "invalid-email": ("{n} adresse e-mail invalide", "{n} adresses e-mail invalides",
                      "{n} invalid e-mail address", "{n} invalid e-mail addresses"),
    "invalid-url": ("{n} adresse web invalide", "{n} adresses web invalides", "{n} invalid URL", "{n} invalid URLs"),
    "unsafe-url": ("{n} adresse web refusée", "{n} adresses web refusées", "{n} unsafe URL", "{n} unsafe URLs"),
    "control-character": ("{n} texte contenant un caractère de contrôle", "{n} textes contenant un caractère de contrôle",
                          "{n} text holding a control character", "{n} texts holding a control character"),
    "invisible-character": ("{n} texte contenant un caractère invisible",
                            "{n} textes contenant un caractère invisible",
                            "{n} text holding an invisible character", "{n} texts holding an invisible character"),
    "text-too-long": ("{n} texte trop long", "{n} textes trop longs", "{n} text too long", "{n} texts too long"),
    "self-relation": ("{n} relation d’un élément avec lui-même", "{n} relations d’un élément avec lui-même",
                      "{n} item related to itself", "{n} items related to themselves"),
    "yaml-syntax": ("{n} fichier YAML illisible", "{n} fichiers YAML illisibles",
                    "{n} unreadable YAML file", "{n} unreadable YAML files"),
    "wrong-shape": ("{n} fichier de forme inattendue", "{n} fichiers de forme inattendue",
                    "{n} file of an unexpected shape", "{n} files of an unexpected shape"),
    "file-unreadable": ("{n} fichier illisible", "{n} fichiers illisibles", "{n} unreadable file", "{n} unreadable files"),
    "image-low-contrast": ("{n} image peu contrastée", "{n} images peu contrastées",
                           "{n} low-contrast image", "{n} low-contrast images"),
    "image-text-truncated": ("{n} image au texte coupé", "{n} images au texte coupé",
                             "{n} image with cut text", "{n} images with cut text"),
}
#: The title of a code :data:`GROUP_TITLES` does not name.
_GENERIC_TITLE = ("{n} problème « {code} »", "{n} problèmes « {code} »", "{n} “{code}” problem", "{n} “{code}” problems")


@dataclass(frozen=True)
class ProblemGroup:
    """The problems of one kind: one severity, one code, in the order they were found.

    >>> group = ProblemGroup(Severity.WARNING, "badge-not-in-pathway", (
    ...     Problem("badge-not-in-pathway", Severity.WARNING, {"en": "…"}, item="badge:a"),
    ...     Problem("badge-not-in-pathway", Severity.WARNING, {"en": "…"}, item="badge:b")))
    >>> len(group), group.title("fr"), group.title("en")
    (2, '2 badges sans parcours', '2 badges in no pathway')
    """

    severity: Severity
    code: str
    problems: tuple[Problem, ...]

    def __len__(self) -> int:
        return len(self.problems)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.problems)

    def title(self, lang: str = "fr") -> str:
        """The count and what is wrong, agreeing in number: "1 badge sans parcours", "187 badges sans parcours".

        French puts 0 and 1 in the singular, English only 1."""
        titles = GROUP_TITLES.get(self.code, _GENERIC_TITLE)
        n = len(self.problems)
        if lang == "fr":
            pattern = titles[0] if n < 2 else titles[1]
        else:
            pattern = titles[2] if n == 1 else titles[3]
        return pattern.format(n=n, code=self.code)


def group_problems(problems: Iterable[Problem]) -> list[ProblemGroup]:
    """The problems grouped by kind (severity and code), the most serious first: errors, then warnings,
    then information; within one severity the largest group first, then by code (a fixed order, so the
    list does not jump between two checks that find as many problems). Inside a group, problems keep
    the order they were found in.

    >>> w = lambda code: Problem(code, Severity.WARNING, {"en": code})
    >>> e = Problem("unknown-badge", Severity.ERROR, {"en": "x"})
    >>> [(g.code, len(g)) for g in group_problems([w("b"), w("a"), w("b"), e])]
    [('unknown-badge', 1), ('b', 2), ('a', 1)]
    """
    found: dict[tuple[Severity, str], list[Problem]] = {}
    for problem in problems:
        found.setdefault((Severity(problem.severity), problem.code), []).append(problem)
    groups = [ProblemGroup(severity, code, tuple(items)) for (severity, code), items in found.items()]
    groups.sort(key=lambda g: (SEVERITY_ORDER.get(g.severity, 3), -len(g.problems), g.code))
    return groups


@dataclass(frozen=True)
class Report:
    """Every problem found, in the order found. A report is ``ok`` when it holds no error."""

    problems: list[Problem] = field(default_factory=list)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.problems)

    def __len__(self) -> int:
        return len(self.problems)

    def __add__(self, other: Report) -> Report:
        return Report(self.problems + other.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == Severity.WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def codes(self) -> list[str]:
        return [p.code for p in self.problems]

    def about(self, item: str) -> list[Problem]:
        """The problems concerning one item (``kind:id``)."""
        return [p for p in self.problems if p.item == item]

    def grouped(self) -> list[ProblemGroup]:
        """The problems grouped by kind, the most serious first (see :func:`group_problems`)."""
        return group_problems(self.problems)

    def located(self, locate: Any) -> Report:
        """A copy where ``locate(problem) -> (file, line) | None`` filled in unknown files and lines."""
        out = []
        for p in self.problems:
            if p.file is None and p.item:
                where = locate(p)
                if where:
                    p = replace(p, file=where[0], line=where[1])
            out.append(p)
        return Report(out)

    def to_dict(self) -> dict[str, Any]:
        return {
            "valid": self.ok,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "problems": [p.to_dict() for p in self.problems],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def to_table(self, lang: str = "fr") -> str:
        """Plain text for terminals, grouped by kind: a line per group (severity, count and title,
        code), then its problems indented, one a line, location then message.

        >>> print(Report([Problem("unknown-badge", Severity.ERROR, {"en": "Unknown badge."}, item="badge:b1")]).to_table("en"))
        error · 1 reference to an unknown badge (unknown-badge)
          badge:b1  Unknown badge.
        """
        if not self.problems:
            return "Aucun problème." if lang == "fr" else "No problems."
        lines: list[str] = []
        for group in self.grouped():
            lines.append(f"{group.severity} · {group.title(lang)} ({group.code})")
            width = max(len(p.location()) for p in group.problems)
            lines.extend(f"  {p.location():<{width}}  {p.text(lang)}".rstrip() for p in group.problems)
        return "\n".join(lines)

    def to_frame(self, lang: str = "fr") -> Any:
        """The report as a pandas DataFrame (one row per problem)."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "severity": str(p.severity),
                    "code": p.code,
                    "item": p.item,
                    "field": p.field,
                    "file": p.file,
                    "line": p.line,
                    "message": p.text(lang),
                }
                for p in self.problems
            ],
            columns=["severity", "code", "item", "field", "file", "line", "message"],
        )

    @classmethod
    def of(cls, problems: Iterable[Problem]) -> Report:
        return cls(list(problems))

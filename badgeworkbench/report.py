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
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from typing import Any

__all__ = ["Problem", "Report", "Severity"]


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
        """Plain-text table, one problem per line, for terminals."""
        if not self.problems:
            return "Aucun problème." if lang == "fr" else "No problems."
        rows = [(str(p.severity), p.code, p.location(), p.text(lang)) for p in self.problems]
        widths = [max(len(r[i]) for r in rows) for i in range(3)]
        return "\n".join(
            f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:<{widths[2]}}  {r[3]}" for r in rows
        )

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

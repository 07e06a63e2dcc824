"""Reading a CASE package back into a framework — ours or one published by another server
(OpenSALT, CaSS, a CASE 1.0 file…) — with a report of what was approximated."""

from __future__ import annotations

import functools
import json
import os
import re
import stat
from collections import Counter
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..._gcpause import gc_paused
from ...errors import BadgeWorkbenchError
from ...ids import is_safe_id, slugify, unique_id
from ...model import Alignment, Badge, CaseItem, CaseRef, Competency, Framework, Level, Relation, Requirement, text
from ...report import Problem, Report, Severity
from ..tabular import MAX_CELL_CHARS, html_to_markdown
from .language import detect_language
from .mapping import _ASSOCIATION_NOTE, _RELATION_TYPES, _TYPE_KINDS, CASE_VERSION, EXTENSION_KEY
from .order import SiblingKey, in_sibling_order, in_tree_order, sibling_key

__all__ = [
    "MAX_PACKAGE_BYTES",
    "CaseHierarchyCycle",
    "CasePackageError",
    "case_package_to_framework",
    "read_case_file",
    "read_case_json",
]

#: A larger file is refused unread: a ROME-size package (18,000 items) is about 50 MB.
MAX_PACKAGE_BYTES = 512 * 2**20


class CasePackageError(BadgeWorkbenchError):
    """A CASE package that cannot be read: not JSON, or without the structure every package has."""

    exit_code = 2

    def __init__(self, file: str, path: str, problem: str, hint: str = "") -> None:
        self.file, self.path = file, path
        where = f"{file}, {path}" if path else file
        super().__init__(f"{where}: {problem}" + (f" {hint}" if hint else ""))


class CaseHierarchyCycle(CasePackageError):
    """The package's ``isChildOf`` associations go round in a circle: no competency tree can hold them."""

    exit_code = 1

    def __init__(self, file: str, cycle: list[str]) -> None:
        self.cycle = cycle
        shown = cycle if len(cycle) <= 12 else [*cycle[:10], "…", cycle[-1]]
        super().__init__(file, "$.CFAssociations", f"the isChildOf associations form a cycle: {' → '.join(shown)}.",
                         "An item cannot be its own ancestor: remove or change one of these associations; nothing "
                         "was imported.")  # fmt: skip


# looked up once: pydantic builds ``model_fields`` anew on each access
_COMPETENCY_FIELDS = frozenset(Competency.model_fields)
_BADGE_FIELDS = frozenset(Badge.model_fields)
_FRAMEWORK_FIELDS = frozenset(Framework.model_fields)
_HTML_TAG = re.compile(r"<[a-zA-Z/][^>]*>")


def _has_zone(stamp: str) -> bool:
    """True for ``…Z`` or ``…+02:00`` / ``…-0500`` (a plain test: packages hold 100,000s of date-times)."""
    return stamp[-1:] in ("Z", "z") or (len(stamp) > 10 and (stamp[-6:-5] in ("+", "-") or stamp[-5:-4] in ("+", "-"))
                                       and "T" in stamp)  # fmt: skip


def _warn(code: str, fr: str, en: str, file: str, field: str | None = None, item: str | None = None,
          severity: Severity = Severity.WARNING) -> Problem:  # fmt: skip
    return Problem(code, severity, {"fr": fr, "en": en}, item=item, field=field, file=file)


def read_case_file(path: str | os.PathLike[str]) -> tuple[Framework, Report]:
    """Read a CASE package file (JSON). Raises :class:`CasePackageError` naming the file and the place."""
    return case_package_to_framework(read_case_json(path), file=str(path))


def read_case_json(path: str | os.PathLike[str]) -> Any:
    """The parsed JSON of a CASE package file, or :class:`CasePackageError` with the line and column."""
    file = str(path)
    try:
        info = Path(path).stat()
        size = info.st_size
        if not stat.S_ISREG(info.st_mode):  # a pipe or a device would be read for ever
            raise CasePackageError(file, "", "is not a regular file (a pipe, a device…).",
                                   "Give the package file itself.")  # fmt: skip
        if size > MAX_PACKAGE_BYTES:
            raise CasePackageError(file, "", f"is {size // 2**20} MB, more than the {MAX_PACKAGE_BYTES // 2**20} MB "
                                   "a framework package can be.", "Is it the right file?")  # fmt: skip
        raw = Path(path).read_bytes()
    except OSError as error:
        raise CasePackageError(file, "", f"cannot be read ({error.strerror}).", "Check the path.") from error
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise CasePackageError(file, f"byte {error.start}", "is not UTF-8 text.",
                               "CASE packages are UTF-8 JSON: export it again from its server.") from error  # fmt: skip
    except json.JSONDecodeError as error:
        raise CasePackageError(file, f"line {error.lineno}, column {error.colno}", f"is not valid JSON ({error.msg}).",
                               "Download the package again: it may have been cut short.") from error  # fmt: skip
    except RecursionError:
        # A CASE package nests a handful of levels; JSON nested past the interpreter's limit is damaged or hostile.
        raise CasePackageError(file, "", "nests arrays or objects deeper than JSON can be read here (about 1,000 "
                               "levels); no CASE package does.", "It is damaged or not a CASE package; nothing was imported.") from None  # fmt: skip
    return data


def _hierarchy_cycle(parents: dict[str, str | None]) -> list[str] | None:
    """The first cycle in the child → parent links (``[a, b, …, a]``), or ``None``; a walk, never a recursion.

    >>> _hierarchy_cycle({"a": None, "b": "a", "c": "b"}) is None, _hierarchy_cycle({"a": "c", "b": "a", "c": "b"})
    (True, ['a', 'c', 'b', 'a'])
    """
    state: dict[str, bool] = {}  # True while on the path being followed, False once known to reach a root
    for start in parents:
        path: list[str] = []
        node: str | None = start
        while node is not None and node not in state:
            state[node] = True
            path.append(node)
            node = parents.get(node)
        if node is not None and state[node]:
            return [*path[path.index(node) :], node]
        for seen in path:
            state[seen] = False
    return None


def _require(value: Any, kind: type, file: str, path: str, what: str) -> Any:
    if not isinstance(value, kind):
        found = "nothing" if value is None else type(value).__name__
        raise CasePackageError(file, path, f"{what} is missing or not {'an object' if kind is dict else 'a ' + kind.__name__} "
                               f"(found {found}).", "This is not a CASE package, or it is damaged.")  # fmt: skip
    return value


def _node_identifier(node: Any, file: str, path: str) -> str:
    node = _require(node, dict, file, path, "the node reference")
    identifier = node.get("identifier")
    if isinstance(identifier, str) and identifier:
        return identifier
    uri = node.get("uri")
    if isinstance(uri, str) and uri:
        return uri.rstrip("/").rsplit("/", 1)[-1]
    raise CasePackageError(file, path, "names neither an identifier nor a uri.", "The association cannot be followed.")


def _extension(entry: dict[str, Any]) -> dict[str, Any]:
    ext = entry.get("extensions")
    if isinstance(ext, dict) and isinstance(ext.get(EXTENSION_KEY), dict):
        return dict(ext[EXTENSION_KEY])
    return {}


def _text(entry: dict[str, Any], key: str) -> str:
    value = entry.get(key)
    return value.strip() if isinstance(value, str) else ""


def _language_code(value: Any) -> str:
    """The primary language subtag of a CASE ``language`` (``en-GB`` → ``en``), or ``""`` when there is none.

    >>> _language_code("en-GB"), _language_code(" FR "), _language_code(42), _language_code("x")
    ('en', 'fr', '', '')
    """
    return _primary_subtag(value) if isinstance(value, str) else ""


@functools.lru_cache(maxsize=64)  # a package has a handful of distinct tags, on 100,000s of items
def _primary_subtag(value: str) -> str:
    primary = value.strip().lower().replace("_", "-").split("-", 1)[0]
    return primary if 2 <= len(primary) <= 3 and primary.isalpha() else ""


def _case_item(identifier: str, uri: str, sequence: int | None, enumeration: str, associations: dict[str, CaseRef],
               translations: dict[str, CaseItem]) -> CaseItem:  # fmt: skip
    return CaseItem(identifier=identifier, uri=uri, sequence=sequence, enumeration=enumeration,
                    associations=associations, translations=translations)  # fmt: skip


def _sequence_number(entry: dict[str, Any]) -> int | None:
    value = entry.get("sequenceNumber")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _enumeration(entry: dict[str, Any]) -> str:
    value = entry.get("listEnumeration")  # a string in CASE 1.1; some servers write a number
    if isinstance(value, bool):
        return ""
    return str(value).strip() if isinstance(value, str | int) else ""


class _Reader:
    """The state of one import: items by CASE identifier, what they become, and the problems met."""

    def __init__(self, data: Any, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        root = _require(data, dict, file, "$", "the package")
        self.document = _require(root.get("CFDocument"), dict, file, "$.CFDocument", "CFDocument")
        self.items_raw = _require(root.get("CFItems", []), list, file, "$.CFItems", "CFItems")
        self.associations_raw = _require(root.get("CFAssociations", []), list, file, "$.CFAssociations",
                                         "CFAssociations")  # fmt: skip
        self.rubrics_raw = _require(root.get("CFRubrics", []) or [], list, file, "$.CFRubrics", "CFRubrics")
        _require(self.document.get("identifier"), str, file, "$.CFDocument.identifier", "the document identifier")
        self.naive_dates = 0
        self.missing_statements: list[str] = []
        self.cut_texts: list[str] = []
        self.html_texts = 0
        self.items: dict[str, dict[str, Any]] = {}
        # filled by build(): the sequenceNumber placing each item, the associations kept for each origin
        self.placed: dict[str, int | None] = {}
        self.kept: dict[str, dict[str, CaseRef]] = {}
        for index, entry in enumerate(self.items_raw):
            path = f"$.CFItems[{index}]"
            entry = _require(entry, dict, file, path, "the item")
            identifier = _require(entry.get("identifier"), str, file, f"{path}.identifier", "the item identifier")
            if identifier in self.items:
                self.problems.append(_warn("case-duplicate-item", f"L'élément {identifier} apparaît deux fois ; le premier est gardé.",
                                           f"The item {identifier} appears twice; the first one is kept.", file, path))  # fmt: skip
                continue
            self.items[identifier] = {"entry": entry, "path": path}
            self._dates(entry)
        self.associations: list[dict[str, Any]] = []
        for index, entry in enumerate(self.associations_raw):
            path = f"$.CFAssociations[{index}]"
            entry = _require(entry, dict, file, path, "the association")
            kind = _require(entry.get("associationType"), str, file, f"{path}.associationType", "the association type")
            origin = _node_identifier(entry.get("originNodeURI"), file, f"{path}.originNodeURI")
            destination = _node_identifier(entry.get("destinationNodeURI"), file, f"{path}.destinationNodeURI")
            self.associations.append({"entry": entry, "path": path, "type": kind, "origin": origin,
                                      "destination": destination, "index": index})  # fmt: skip
            self._dates(entry)
        self._dates(self.document)
        self.lang, self.lang_source = self._language()

    def _language(self) -> tuple[str, str]:
        """The package's language and where it comes from: ``document``, ``items``, ``detected`` or ``unknown``.

        ``CFDocument.language`` first; else the language most items declare; else the one the text is
        written in (:func:`detect_language`); else French, the project's first language, with a warning.
        """
        declared = _language_code(self.document.get("language"))
        if declared:
            return declared, "document"
        counts = Counter(_language_code(held["entry"].get("language")) for held in self.items.values())
        counts.pop("", None)
        if counts:
            return counts.most_common(1)[0][0], "items"
        detected = detect_language(_text(held["entry"], key) for held in self.items.values()
                                   for key in ("fullStatement", "abbreviatedStatement", "notes"))  # fmt: skip
        return (detected, "detected") if detected else ("fr", "unknown")

    def _dates(self, entry: dict[str, Any]) -> None:
        stamp = entry.get("lastChangeDateTime")
        if isinstance(stamp, str) and not _has_zone(stamp):
            self.naive_dates += 1

    # ---- kinds ---------------------------------------------------------------------------------------
    def classify(self) -> dict[str, str]:
        """The kind each item becomes: competency, level, badge or translation."""
        kinds: dict[str, str] = {}
        for identifier, held in self.items.items():
            ext_kind = _extension(held["entry"]).get("kind")
            if ext_kind in ("competency", "level", "badge", "translation"):
                kinds[identifier] = ext_kind
        for a in self.associations:
            if a["type"] == "isTranslationOf" and a["origin"] in self.items and a["destination"] in self.items:
                origin, destination = self.items[a["origin"]]["entry"], self.items[a["destination"]]["entry"]
                # Only a translation into another language is folded into the original's text;
                # isTranslationOf between items of the same language stays a relation.
                if _text(origin, "language") and _text(origin, "language") != _text(destination, "language"):
                    kinds.setdefault(a["origin"], "translation")
        for identifier, held in self.items.items():
            type_kind = _TYPE_KINDS.get(_text(held["entry"], "CFItemType").lower())
            if type_kind in ("badge", "level"):
                kinds.setdefault(identifier, type_kind)
        for a in self.associations:
            if a["type"] == "hasSkillLevel" and a["destination"] in self.items and a["origin"] in self.items:
                # a destination typed as a competency (Skill, Domain…) stays one: the association is a relation
                typed = _TYPE_KINDS.get(_text(self.items[a["destination"]]["entry"], "CFItemType").lower())
                if typed in (None, "level"):
                    kinds.setdefault(a["destination"], "level")
        for identifier in self.items:
            kinds.setdefault(identifier, "competency")
        return kinds

    # ---- ids -----------------------------------------------------------------------------------------
    def choose_ids(self, kinds: dict[str, str]) -> dict[str, str]:
        """A Badge Workbench id per competency and badge: ours when the package carries it, else one
        made from the coding scheme or the CASE identifier, so that importing again gives the same ids."""
        taken: dict[str, set[str]] = {"competency": set(), "badge": set()}
        ids: dict[str, str] = {}
        for identifier, held in self.items.items():
            kind = kinds[identifier]
            if kind not in taken:
                continue
            entry = held["entry"]
            candidates = [_extension(entry).get("id"), slugify(_text(entry, "humanCodingScheme"))
                          if _text(entry, "humanCodingScheme") else None, identifier.lower()]  # fmt: skip
            chosen = next((c for c in candidates if is_safe_id(c) and c not in taken[kind]), None)
            chosen = chosen or unique_id(slugify(_text(entry, "fullStatement") or "item"), taken[kind])
            taken[kind].add(chosen)
            ids[identifier] = chosen
        return ids

    # ---- building ------------------------------------------------------------------------------------
    def statement(self, identifier: str) -> tuple[str, str]:
        """(title, description) of an item: the full statement, unless it is long and an abbreviation exists."""
        held = self.items[identifier]
        entry = held["entry"]
        full, short, notes = (self.clean(_text(entry, key), f"{held['path']}.{key}")
                              for key in ("fullStatement", "abbreviatedStatement", "notes"))  # fmt: skip
        if not full:
            self.missing_statements.append(held["path"])
            full = short or _text(entry, "humanCodingScheme") or identifier
        if short and len(full) > 120:
            return short, notes or full
        return full, notes

    def clean(self, value: str, path: str) -> str:
        """HTML (some servers publish it) as Markdown; a huge text cut, both counted for the report."""
        if "<" in value and _HTML_TAG.search(value):
            value = html_to_markdown(value)
            self.html_texts += 1
        if len(value) > MAX_CELL_CHARS:
            value = value[:MAX_CELL_CHARS]
            self.cut_texts.append(path)
        return value

    def language_of(self, entry: dict[str, Any]) -> str:
        return _language_code(entry.get("language")) or self.lang

    def case_item(self, identifier: str, sequence: int | None, kept: dict[str, dict[str, CaseRef]],
                  translations: dict[str, list[str]]) -> CaseItem:  # fmt: skip
        """What a re-export needs to give the item back its identity and place: see :class:`CaseItem`."""
        entry = self.items[identifier]["entry"]
        translated: dict[str, CaseItem] = {}
        for other in translations.get(identifier, []):
            other_entry = self.items[other]["entry"]
            translated.setdefault(self.language_of(other_entry), _case_item(
                other, _text(other_entry, "uri"), None, "", kept.get(other, {}), {}))  # fmt: skip
        return _case_item(identifier, _text(entry, "uri"), sequence, _enumeration(entry), kept.get(identifier, {}),
                          translated)  # fmt: skip

    def build(self) -> tuple[Framework, Report]:
        kinds = self.classify()
        ids = self.choose_ids(kinds)
        doc_id = self.document["identifier"]

        parents: dict[str, str | None] = {}
        levels: dict[str, list[tuple[int, int, str]]] = {}
        translations: dict[str, list[str]] = {}
        recognised: dict[str, list[tuple[str, str | None]]] = {}
        requirements: dict[str, list[tuple[str, int, int, dict[str, Any]]]] = {}
        relations: list[Relation] = []
        alignments: dict[str, list[Alignment]] = {}
        skipped: Counter[str] = Counter()
        # the identity of every association that becomes part of the framework, by origin, for re-export
        kept: dict[str, dict[str, CaseRef]] = {}
        # the sequenceNumber of the association that places each item (isChildOf, hasSkillLevel)
        placed: dict[str, int | None] = {}

        def keep(a: dict[str, Any]) -> None:
            identifier = a["entry"].get("identifier")
            if isinstance(identifier, str) and identifier:
                kept.setdefault(a["origin"], {}).setdefault(
                    f"{a['type']} {a['destination']}", CaseRef(identifier=identifier, uri=_text(a["entry"], "uri")))

        for a in self.associations:
            kind, origin, destination, entry = a["type"], a["origin"], a["destination"], a["entry"]
            o_kind, d_kind = kinds.get(origin), kinds.get(destination)
            declared = _sequence_number(entry)
            sequence = declared if declared is not None else a["index"]
            if kind == "isChildOf" and o_kind in ("competency", "badge") and (destination == doc_id or (d_kind is None
                                                                                and destination not in self.items)):  # fmt: skip
                if o_kind == "competency" and destination != doc_id and origin not in parents:
                    # a parent outside the package: the item becomes a root, and says so
                    self.problems.append(_warn("case-parent-outside", "Parent hors du paquet : l'élément devient une racine.",
                                               "Parent outside the package: the item becomes a root.", self.file,
                                               a["path"], f"competency:{ids[origin]}"))  # fmt: skip
                if origin not in placed:
                    placed[origin] = declared
                    keep(a)
                if o_kind == "competency":
                    parents.setdefault(origin, None)
                continue
            if kind == "isChildOf" and o_kind == "competency" and d_kind == "competency" and origin not in parents:
                parents[origin] = destination
                placed[origin] = declared
                keep(a)
                continue
            if kind == "hasSkillLevel" and o_kind == "competency" and d_kind == "level":
                levels.setdefault(origin, []).append((sequence, a["index"], destination))
                placed.setdefault(destination, declared)
                keep(a)
                continue
            if kind == "isTranslationOf" and o_kind == "translation":
                translations.setdefault(destination, []).append(origin)
                keep(a)
                continue
            if kind == "isPartOf" and o_kind == "competency" and d_kind == "badge":
                level = _extension(entry).get("recognisedAtLevel")
                recognised.setdefault(destination, []).append((ids[origin], level if isinstance(level, str) else None))
                keep(a)
                continue
            if kind == "precedes" and o_kind == "badge" and d_kind == "badge":
                requirements.setdefault(destination, []).append((ids[origin], sequence, a["index"], _extension(entry)))
                keep(a)
                continue
            if kind in _RELATION_TYPES and o_kind == "competency" and d_kind == "competency":
                relations.append(
                    Relation(source=ids[origin], type=kind, target=ids[destination], note=_text(entry, "notes"))
                )
                keep(a)
                continue
            if o_kind in ("competency", "badge") and destination not in self.items and destination != doc_id:
                keep(a)
                node = entry["destinationNodeURI"]
                host = re.match(r"^[a-z]+://([^/]+)", _text(node, "uri"))
                alignments.setdefault(origin, []).append(Alignment(
                    framework=host.group(1) if host else "CASE", name=_text(node, "title") or destination,
                    url=_text(node, "uri"), code=destination, target_type="CFItem",
                    description=f"{_ASSOCIATION_NOTE}{kind}"))  # fmt: skip
                continue
            skipped[
                kind if kind.startswith("ext:") or kind not in _RELATION_TYPES else f"{kind} ({o_kind}→{d_kind})"
            ] += 1

        cycle = _hierarchy_cycle(parents)
        if cycle is not None:
            raise CaseHierarchyCycle(self.file, [ids[identifier] for identifier in cycle])
        self.placed, self.kept = placed, kept
        competencies = self.competencies(kinds, ids, parents, levels, translations, alignments)
        badges = self.badges(kinds, ids, translations, recognised, requirements, alignments)
        framework = self.framework(competencies, badges, relations, translations)
        for what, count in sorted(skipped.items()):
            self.problems.append(_warn("case-association-skipped",
                                       f"{count} association(s) {what} sans équivalent dans Badge Workbench : ignorée(s).",
                                       f"{count} association(s) {what} have no Badge Workbench equivalent: skipped.",
                                       self.file, "$.CFAssociations"))  # fmt: skip
        self.summarise()
        return framework, Report(self.problems)

    def summarise(self) -> None:
        file, version = self.file, self.document.get("caseVersion")
        if version != CASE_VERSION:
            self.problems.append(_warn("case-version", f"Paquet CASE {version or '1.0'} lu comme du CASE 1.1.",
                                       f"CASE {version or '1.0'} package read as CASE 1.1.", file,
                                       "$.CFDocument.caseVersion", severity=Severity.INFO))  # fmt: skip
        if self.lang_source == "detected":
            self.problems.append(_warn("case-language-detected",
                                       f"Le paquet ne dit pas sa langue : d'après son texte, il est en « {self.lang} ».",
                                       f"The package does not say its language: its text is in '{self.lang}'.", file,
                                       "$.CFDocument.language", severity=Severity.INFO))  # fmt: skip
        elif self.lang_source == "unknown":
            self.problems.append(_warn("case-language-unknown",
                                       "Le paquet ne dit pas sa langue et son texte ne permet pas de la reconnaître : "
                                       "il est lu comme du français. Sinon, indiquez la langue dans CFDocument.language "
                                       "et importez-le de nouveau.",
                                       "The package does not say its language and its text does not tell: it is read "
                                       "as French. If it is not, set CFDocument.language and import it again.", file,
                                       "$.CFDocument.language"))  # fmt: skip
        if self.naive_dates:
            self.problems.append(_warn("case-date-without-zone",
                                       f"{self.naive_dates} date(s) sans fuseau horaire : lues comme UTC.",
                                       f"{self.naive_dates} date-time(s) without a time zone: read as UTC.", file,
                                       "lastChangeDateTime"))  # fmt: skip
        if self.html_texts:
            self.problems.append(_warn("case-html-converted", f"{self.html_texts} texte(s) HTML convertis en Markdown.",
                                       f"{self.html_texts} HTML text(s) converted to Markdown.", file, "fullStatement",
                                       severity=Severity.INFO))  # fmt: skip
        if self.cut_texts:
            first = ", ".join(self.cut_texts[:3])
            self.problems.append(_warn("case-text-too-long",
                                       f"{len(self.cut_texts)} texte(s) de plus de {MAX_CELL_CHARS} caractères coupé(s) ({first}…).",
                                       f"{len(self.cut_texts)} text(s) longer than {MAX_CELL_CHARS} characters cut ({first}…).",
                                       file, "fullStatement"))  # fmt: skip
        if self.missing_statements:
            first = ", ".join(self.missing_statements[:3])
            self.problems.append(_warn("case-missing-statement",
                                       f"{len(self.missing_statements)} élément(s) sans fullStatement ({first}…) : le code ou l'identifiant sert de titre.",
                                       f"{len(self.missing_statements)} item(s) without a fullStatement ({first}…): the code or identifier is the title.",
                                       file, "fullStatement"))  # fmt: skip

    def _validated(
        self, model: type[Any], data: dict[str, Any], fallback: dict[str, Any], where: str, item: str
    ) -> Any:
        try:
            return model.model_validate(data)
        except ValidationError as error:
            self.problems.append(_warn("case-extension-invalid",
                                       f"Données Badge Workbench illisibles ({error.errors()[0]['msg']}) : seuls les champs CASE sont gardés.",
                                       f"Unreadable Badge Workbench data ({error.errors()[0]['msg']}): only the CASE fields are kept.",
                                       self.file, where, item))  # fmt: skip
            return model.model_validate(fallback)

    def _texts(self, identifier: str, base_title: dict[str, str], base_description: dict[str, str],
               translations: dict[str, list[str]], has_extension: bool = False,
               fallback: str = "") -> tuple[dict[str, str], dict[str, str]]:  # fmt: skip
        """Titles and descriptions by language: the item's own text and those of its translations.

        With our extension, the extension holds the exact texts (spaces, HTML-looking text…): a CASE
        field replaces them only when it says something else (someone edited it in another tool).
        """
        titles, descriptions = dict(base_title), dict(base_description)
        self._merge_text(identifier, titles, descriptions, has_extension, fallback, primary=True)
        for translated in translations.get(identifier, []):
            self._merge_text(translated, titles, descriptions, has_extension, "", primary=False)
        return titles, descriptions

    def _merge_text(self, identifier: str, titles: dict[str, str], descriptions: dict[str, str], has_extension: bool,
                    fallback: str, primary: bool) -> None:  # fmt: skip
        entry = self.items[identifier]["entry"]
        lang = self.language_of(entry)
        title_agrees = notes_agree = False
        if has_extension:
            expected = (text(titles, lang) if primary else titles.get(lang, "")) or fallback
            title_agrees = _text(entry, "fullStatement") == expected.strip()
            notes_agree = _text(entry, "notes") == descriptions.get(lang, "").strip()
            if title_agrees and notes_agree:
                return
        title, description = self.statement(identifier)
        if not title_agrees:
            titles[lang] = title
        if not notes_agree:
            if description:
                descriptions[lang] = description
            else:
                descriptions.pop(lang, None)

    def competencies(self, kinds: dict[str, str], ids: dict[str, str], parents: dict[str, str | None],
                     levels: dict[str, list[tuple[int, int, str]]], translations: dict[str, list[str]],
                     alignments: dict[str, list[Alignment]]) -> list[Competency]:  # fmt: skip
        rubric_levels = self.rubric_levels(ids)
        out = []
        order: dict[str, SiblingKey] = {}
        ours = True
        for index, (identifier, held) in enumerate(self.items.items()):
            if kinds[identifier] != "competency":
                continue
            entry, ext = held["entry"], _extension(held["entry"])
            ours = ours and bool(ext)
            cid = ids[identifier]
            base = {k: v for k, v in ext.items() if k in _COMPETENCY_FIELDS and k not in ("levels", "parent", "case")}
            title, description = self._texts(identifier, base.get("title") or {}, base.get("description") or {},
                                              translations, bool(ext), cid)  # fmt: skip
            parent = parents.get(identifier)
            type_kind = _TYPE_KINDS.get(_text(entry, "CFItemType").lower())
            fields: dict[str, Any] = {
                "id": cid,
                "title": title,
                "description": description,
                "parent": ids.get(parent) if parent else None,
                "code": _agreed(base.get("code"), _text(entry, "humanCodingScheme")),
                "tags": [k for k in entry.get("conceptKeywords") or [] if isinstance(k, str)] or base.get("tags", []),
            }
            if type_kind in ("domain", "skill", "knowledge", "attitude", "experiential"):
                fields["kind"] = type_kind
            fields["case"] = self.case_item(identifier, self.placed.get(identifier), self.kept, translations)
            order[cid] = sibling_key(fields["case"].sequence, fields["case"].enumeration, index)
            item_levels = [self.level(level_id, translations) for _, _, level_id in sorted(levels.get(identifier, []))]
            fields["levels"] = item_levels or rubric_levels.get(identifier, [])
            merged_alignments = list(base.get("alignments") or [])
            seen = {a.get("url") for a in merged_alignments if isinstance(a, dict)}
            merged_alignments += [a for a in alignments.get(identifier, []) if a.url not in seen]
            fields["alignments"] = merged_alignments
            out.append(self._validated(Competency, {**base, **fields}, {**fields, "alignments": alignments.get(identifier, [])},
                                       held["path"], f"competency:{cid}"))  # fmt: skip
        if ours:  # a package written here lists competencies as the framework did: only siblings move
            return in_sibling_order(out, parent=lambda c: c.parent, key=lambda c: order[c.id])
        return in_tree_order(out, ident=lambda c: c.id, parent=lambda c: c.parent, key=lambda c: order[c.id])

    def level(self, identifier: str, translations: dict[str, list[str]]) -> Level:
        held = self.items[identifier]
        ext = _extension(held["entry"])
        has_id = is_safe_id(ext.get("id"))
        name, descriptor = self._texts(identifier, ext.get("name") or {}, ext.get("descriptor") or {}, translations,
                                       bool(ext), ext["id"] if has_id else "")  # fmt: skip
        level_id = ext["id"] if has_id else slugify(name.get(self.lang) or next(iter(name.values()), "niveau"))
        case = self.case_item(identifier, self.placed.get(identifier), self.kept, translations)
        return self._validated(Level, {"id": level_id, "name": name, "descriptor": descriptor, "case": case},
                               {"id": level_id, "name": name, "case": case}, held["path"], f"level:{level_id}")  # fmt: skip

    def rubric_levels(self, ids: dict[str, str]) -> dict[str, list[Level]]:
        """Levels from CFRubrics, for items whose levels are not CFItems joined by hasSkillLevel."""
        found: dict[str, list[Level]] = {}
        for r, rubric in enumerate(self.rubrics_raw):
            if not isinstance(rubric, dict):
                raise CasePackageError(self.file, f"$.CFRubrics[{r}]", "the rubric is not an object.")
            for c, criterion in enumerate(rubric.get("CFRubricCriteria") or []):
                if not isinstance(criterion, dict) or not isinstance(criterion.get("CFItemURI"), dict):
                    continue
                target = _node_identifier(
                    criterion["CFItemURI"], self.file, f"$.CFRubrics[{r}].CFRubricCriteria[{c}].CFItemURI"
                )
                if target not in ids or target in found:
                    continue
                taken: set[str] = set()
                entries = [lv for lv in criterion.get("CFRubricCriterionLevels") or [] if isinstance(lv, dict)]
                entries.sort(key=lambda lv: lv["position"] if isinstance(lv.get("position"), int) else 0)
                levels: list[Level] = []
                for lv in entries:
                    name = _text(lv, "quality") or _text(lv, "description") or f"{len(levels) + 1}"
                    level_id = unique_id(slugify(name), taken)
                    taken.add(level_id)
                    descriptor = {self.lang: _text(lv, "description")} if _text(lv, "description") else {}
                    levels.append(Level(id=level_id, name={self.lang: name}, descriptor=descriptor))
                found[target] = levels
        return found

    def badges(self, kinds: dict[str, str], ids: dict[str, str], translations: dict[str, list[str]],
               recognised: dict[str, list[tuple[str, str | None]]],
               requirements: dict[str, list[tuple[str, int, int, dict[str, Any]]]],
               alignments: dict[str, list[Alignment]]) -> list[Badge]:  # fmt: skip
        out = []
        order: dict[str, SiblingKey] = {}
        for index, (identifier, held) in enumerate(self.items.items()):
            if kinds[identifier] != "badge":
                continue
            entry, ext = held["entry"], _extension(held["entry"])
            bid = ids[identifier]
            base = {k: v for k, v in ext.items() if k in _BADGE_FIELDS and k != "case"}
            name, description = self._texts(identifier, base.get("name") or {}, base.get("description") or {},
                                             translations, bool(ext), bid)  # fmt: skip
            fields: dict[str, Any] = {
                "id": bid,
                "name": name,
                "description": description,
                "tags": [k for k in entry.get("conceptKeywords") or [] if isinstance(k, str)] or base.get("tags", []),
                "competencies": [{"competency": c, "level": lv} for c, lv in recognised.get(identifier, [])],
                "requires": _requirement_from(self._shallow_groups(requirements.get(identifier, []), held["path"], bid),
                                              base.get("requires")),
                "case": self.case_item(identifier, self.placed.get(identifier), self.kept, translations),
            }
            order[bid] = sibling_key(fields["case"].sequence, fields["case"].enumeration, index)
            if alignments.get(identifier) and not base.get("alignments"):
                fields["alignments"] = alignments[identifier]
            out.append(self._validated(Badge, {**base, **fields}, fields, held["path"], f"badge:{bid}"))
        return in_sibling_order(out, parent=lambda b: None, key=lambda b: order[b.id])

    def _shallow_groups(self, entries: list[tuple[str, int, int, dict[str, Any]]], where: str,
                        badge: str) -> list[tuple[str, int, int, dict[str, Any]]]:  # fmt: skip
        """The ``precedes`` entries of a badge; without their groups when these nest too deep to be a rule people wrote."""
        depth = max((str(ext.get("requirementGroup", "")).count(".of[") for *_, ext in entries), default=0)
        if depth <= _MAX_GROUP_DEPTH:
            return entries
        self.problems.append(_warn("case-requirement-too-deep",
                                   f"Groupes de badges requis imbriqués sur {depth} niveaux (au plus {_MAX_GROUP_DEPTH}) : "
                                   "chacun des badges requis est exigé.",
                                   f"Required badge groups nested {depth} levels deep (at most {_MAX_GROUP_DEPTH}): "
                                   "every required badge is needed.", self.file, where, f"badge:{badge}"))  # fmt: skip
        return [(required, sequence, index, {}) for required, sequence, index, _ in entries]

    def framework(self, competencies: list[Competency], badges: list[Badge], relations: list[Relation],
                  translations: dict[str, list[str]]) -> Framework:  # fmt: skip
        doc, ext = self.document, _extension(self.document)
        excluded = ("competencies", "badges", "relations", "format_version", "case")
        base = {k: v for k, v in ext.items() if k in _FRAMEWORK_FIELDS and k not in excluded}
        title = dict(base.get("title") or {})
        expected = (text(title, self.lang) or str(base.get("id", ""))).strip()
        if _text(doc, "title") and _text(doc, "title") != expected:
            title[self.lang] = _text(doc, "title")
        description = dict(base.get("description") or {})
        if _text(doc, "description") and _text(doc, "description") != description.get(self.lang, "").strip():
            description[self.lang] = _text(doc, "description")
        languages = list(base.get("languages") or [self.lang])
        for held in self.items.values():  # the languages items are written in, translations included
            lang = self.language_of(held["entry"])
            if lang not in languages:
                languages.append(lang)
        fields: dict[str, Any] = {
            "id": base.get("id") if is_safe_id(base.get("id")) else slugify(_text(doc, "title") or "case"),
            "title": title,
            "description": description,
            "languages": languages,
            "competencies": competencies,
            "badges": badges,
            "relations": relations,
            "case": CaseRef(identifier=doc["identifier"], uri=_text(doc, "uri")),
        }
        if _text(doc, "version"):
            fields["version"] = _text(doc, "version")
        if _text(doc, "officialSourceURL"):
            fields["url"] = _text(doc, "officialSourceURL")
        return self._validated(Framework, {**base, **fields}, fields, "$.CFDocument", "framework")


def _agreed(ours: Any, theirs: str) -> str:
    """Our exact value when the CASE field says the same (CASE fields are read stripped), else theirs."""
    return ours if isinstance(ours, str) and ours.strip() == theirs else theirs


#: Requirement groups nested deeper are read as "every required badge" (and reported): no rule people write nests so.
_MAX_GROUP_DEPTH = 32
_GROUP_PATH = re.compile(r"^(.*)\.of\[(\d+)\]$")


def _requirement_from(entries: list[tuple[str, int, int, dict[str, Any]]], stored: Any) -> Requirement | None:
    """The requirement of a badge from its ``precedes`` associations.

    The expression stored in our extension is kept when it names exactly the badges the associations
    name (the associations are the truth another tool may have edited); otherwise it is rebuilt from
    the associations' groups, and without groups every required badge is needed.
    """
    if not entries:
        return None
    named = sorted(badge for badge, *_ in entries)
    if isinstance(stored, dict):
        try:
            requirement = Requirement.model_validate(stored)
            if sorted(requirement.badge_ids()) == named:
                return requirement
        except ValidationError:
            pass
    groups: dict[str, dict[str, Any]] = {}
    for badge, sequence, index, ext in entries:
        path = ext["requirementGroup"] if isinstance(ext.get("requirementGroup"), str) else "requires"
        group = groups.setdefault(path, {"needed": None, "items": []})
        if isinstance(ext.get("needed"), int):
            group["needed"] = ext["needed"]
        group["items"].append((sequence - 1 if path != "requires" or ext else index, badge))
    for path in list(groups):  # make sure every ancestor group exists
        match = _GROUP_PATH.match(path)
        while match:
            parent = groups.setdefault(match.group(1), {"needed": None, "items": []})
            del parent  # only created
            match = _GROUP_PATH.match(match.group(1))

    def build(path: str) -> Requirement:
        items: list[tuple[int, str | Requirement]] = list(groups[path]["items"])
        for other in groups:
            match = _GROUP_PATH.match(other)
            if match and match.group(1) == path:
                items.append((int(match.group(2)), build(other)))
        items.sort(key=lambda pair: pair[0])
        of = [item for _, item in items]
        needed = groups[path]["needed"]
        return Requirement(count=needed if needed is not None and needed != len(of) else None, of=of)

    return build("requires") if "requires" in groups else Requirement(of=[b for b, *_ in entries])


@gc_paused  # a bulk build of 100,000s of small objects, none in a cycle (see badgeworkbench._gcpause)
def case_package_to_framework(data: Any, file: str = "<CASE package>") -> tuple[Framework, Report]:
    """A framework from a CASE package (the parsed JSON), and a report of what was approximated.

    Tolerant of what real servers publish: CASE 1.0 packages, date-times without a zone, missing
    optional fields, association types we have no equivalent for (all reported as warnings).
    Strict with structure: a package without a ``CFDocument``, an item without an identifier or an
    association without its nodes raises :class:`CasePackageError` naming ``file`` and the JSON path;
    ``isChildOf`` associations that go round in a circle raise :class:`CaseHierarchyCycle` naming the
    items. Hierarchies are walked, not recursed into: a 10,000-deep tree is read like a flat one.
    """
    return _Reader(data, file).build()

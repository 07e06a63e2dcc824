"""The framework as a spreadsheet, and back: xlsx and CSV export, partner templates, and a
re-import that updates items by id, never duplicates, and shows what it will do first.

The round trip::

    data = template_xlsx(framework, partner="restos")   # download, fill offline…
    changes = read_sheet(framework, data)               # …re-import: a preview, nothing changed yet
    print(changes.to_text("fr"))                        # added / changed / unchanged / conflicts / rejected
    framework = apply_sheet(framework, changes)         # then save_framework(framework, path, snapshot=…)

What a re-import does with each row:

- a row whose ``id`` is in the framework updates that item, field by field (only the columns
  present in the sheet; an empty text cell clears the text, an empty drop-down cell keeps it);
- a row whose ``id`` is new (or empty: an id is made from the title) becomes a **proposal**
  (status ``proposed``, ``provenance.proposed_by`` = the partner the template was made for);
- a row without id whose title is exactly an existing item's updates that item, so applying the
  same filled sheet twice adds nothing the second time;
- the ``ref`` column carries the code printed on cards plus a fingerprint of the item when the
  sheet was made: if the item changed in the framework since, the row is a **conflict** and is
  not applied; a code edited by hand rejects the row;
- a bad row (formula, unknown id, empty required cell, edited code, value not in the list) is
  **rejected** with its sheet, row and column named; every other row is kept.

Every cell we write is plain text that can never run as a formula (explicit string type, and a
quote prefix where the text starts with ``= + - @``, a tab or a carriage return; a ``'`` in CSV).

>>> from badgeworkbench.model import Badge, Framework
>>> fw = Framework(id="f", badges=[Badge(id="b1", name={"fr": "Cuisine"})])
>>> changes = read_sheet(fw, framework_to_csv(fw, "badges").replace(b"Cuisine", b"Cuisine collective"))
>>> [(c.id, c.fields) for c in changes.changed]
[('b1', {'name_fr': ('Cuisine', 'Cuisine collective')})]
>>> apply_sheet(fw, changes).badge("b1").name["fr"]
'Cuisine collective'
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment as CellComment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from pydantic import ValidationError

from .errors import BadgeWorkbenchError, UnknownItem
from .ids import is_safe_id, slugify, unique_id
from .materials._base import french_typography
from .materials.codes import content_digest, item_reference, parse_reference
from .model import (
    Badge,
    BadgeCategory,
    Competency,
    CompetencyKind,
    Framework,
    LocalizedText,
    Relation,
    RelationType,
    Status,
)

__all__ = [
    "SHEET_KINDS",
    "Conflict",
    "ItemChange",
    "RowProblem",
    "SheetChanges",
    "SheetError",
    "apply_sheet",
    "framework_to_csv",
    "framework_to_xlsx",
    "neutralise",
    "read_sheet",
    "template_xlsx",
]

#: The kinds of item a sheet can hold, in the order they are read (competencies before the badges
#: that recognise them, both before the relations between them).
SHEET_KINDS = ("competencies", "badges", "relations")
_META_SHEET = "_meta"
_LISTS_SHEET = "_lists"
_INSTRUCTIONS_SHEET = "Instructions"
_FORMAT = "badgeworkbench-sheet/1"
MAX_SHEET_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
_DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


class SheetError(BadgeWorkbenchError):
    """A whole file cannot be used (not a spreadsheet, another framework's template, too large).

    ``fr``: the sentence in French, for the materials panel (``error.text("fr")``).
    """

    def __init__(self, message: str, fr: str | None = None):
        super().__init__(message)
        if fr:
            self.messages = {"fr": fr, "en": message}


# --- neutralising cells --------------------------------------------------------------------------


def neutralise(value: str) -> str:
    """The text as a CSV cell that no spreadsheet will run as a formula: a leading ``'`` when it
    starts with ``= + - @``, a tab or a carriage return — or with ``'`` itself, so that reading
    back (which removes one ``'`` in front of those characters) gives the text exactly.

    >>> neutralise("=HYPERLINK(\\"http://evil\\")"), neutralise("Cuisine")
    ('\\'=HYPERLINK("http://evil")', 'Cuisine')
    """
    return f"'{value}" if value.startswith((*_DANGEROUS_START, "'")) else value


def _unneutralise(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:2] != "" and value[1:2] in (*_DANGEROUS_START, "'") else value


def _clean(value: str) -> str:
    # Control characters are refused by xlsx; they never belong in a framework's text anyway.
    return ILLEGAL_CHARACTERS_RE.sub("", value)


# --- columns -------------------------------------------------------------------------------------


class _CellError(ValueError):
    def __init__(self, fr: str, en: str):
        super().__init__(en)
        self.message = {"fr": fr, "en": en}


@dataclass(frozen=True)
class _Column:
    name: str
    help: LocalizedText
    get: Callable[[Any], str]
    put: Callable[[dict[str, Any], str], None]
    choices: Callable[[Framework], list[str]] | None = None
    multiple: bool = False  # a comma-separated list (no drop-down)
    keep_when_empty: bool = False  # drop-downs: an empty cell keeps the current value
    width: int = 24


def _split(value: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,;\n]", value) if part.strip()]


def _loc_column(name: str, path: tuple[str, ...], lang: str, help_fr: str, help_en: str, width: int = 30) -> _Column:
    def get(item: Any) -> str:
        value: Any = item
        for part in path:
            value = getattr(value, part)
        return str(value.get(lang, ""))

    def put(data: dict[str, Any], cell: str) -> None:
        target = data
        for part in path[:-1]:
            target = target.setdefault(part, {})
        texts = dict(target.get(path[-1]) or {})
        if cell:
            texts[lang] = cell
        else:
            texts.pop(lang, None)
        target[path[-1]] = texts

    return _Column(name, {"fr": help_fr, "en": help_en}, get, put, width=width)


def _plain_column(
    name: str,
    attr: str,
    help_fr: str,
    help_en: str,
    *,
    choices: Callable[[Framework], list[str]] | None = None,
    keep_when_empty: bool = False,
    none_when_empty: bool = False,
    width: int = 20,
) -> _Column:
    def get(item: Any) -> str:
        value = getattr(item, attr)
        return "" if value is None else str(value)

    def put(data: dict[str, Any], cell: str) -> None:
        if cell or not keep_when_empty:
            data[attr] = cell if cell or not none_when_empty else None

    return _Column(
        name, {"fr": help_fr, "en": help_en}, get, put, choices=choices, keep_when_empty=keep_when_empty, width=width
    )


def _list_column(name: str, attr: str, help_fr: str, help_en: str, width: int = 24) -> _Column:
    def get(item: Any) -> str:
        return ", ".join(getattr(item, attr))

    def put(data: dict[str, Any], cell: str) -> None:
        data[attr] = _split(cell)

    return _Column(name, {"fr": help_fr, "en": help_en}, get, put, multiple=True, width=width)


def _badge_competencies() -> _Column:
    def get(badge: Badge) -> str:
        return ", ".join(f"{c.competency}:{c.level}" if c.level else c.competency for c in badge.competencies)

    def put(data: dict[str, Any], cell: str) -> None:
        out = []
        for part in _split(cell):
            comp, _, level = part.partition(":")
            out.append({"competency": comp.strip(), "level": level.strip() or None})
        data["competencies"] = out

    return _Column(
        "competencies",
        {
            "fr": "Compétences reconnues : identifiants séparés par des virgules ; « id:niveau » pour un niveau précis.",
            "en": "Competencies recognised: ids separated by commas; 'id:level' for a given level.",
        },
        get,
        put,
        multiple=True,
        width=34,
    )


_STATUSES = [s.value for s in Status]
_KINDS = [k.value for k in CompetencyKind]
_CATEGORIES = [c.value for c in BadgeCategory]
_RELATION_TYPES = [t.value for t in RelationType]

_ID_HELP = (
    "Identifiant : ne pas modifier pour une ligne existante ; laisser vide pour une proposition nouvelle (il sera créé).",
    "Identifier: do not change it on an existing row; leave it empty on a new proposal (one will be made).",
)
_REF_HELP = (
    "Code de l'élément (imprimé sur les cartes). Ne pas modifier ; laisser vide sur une ligne nouvelle.",
    "The item's code (printed on the cards). Do not change it; leave it empty on a new row.",
)
_STATUS_HELP = ("Statut dans la co-conception (liste).", "Status in the co-design work (drop-down).")

_COMPETENCY_COLUMNS: list[_Column] = [
    _plain_column("id", "id", *_ID_HELP, width=22),
    _Column("ref", {"fr": _REF_HELP[0], "en": _REF_HELP[1]}, lambda c: "", lambda d, v: None, width=30),
    _loc_column("title_fr", ("title",), "fr", "Intitulé en français (obligatoire).", "Title in French (required)."),
    _loc_column("title_en", ("title",), "en", "Intitulé en anglais.", "Title in English."),
    _loc_column("description_fr", ("description",), "fr", "Description en français.", "Description in French.", 40),
    _loc_column("description_en", ("description",), "en", "Description en anglais.", "Description in English.", 40),
    _plain_column(
        "parent",
        "parent",
        "Identifiant de la compétence parente (liste).",
        "Id of the parent competency (drop-down).",
        choices=lambda fw: [c.id for c in fw.competencies],
        none_when_empty=True,
    ),
    _plain_column(
        "kind",
        "kind",
        "Nature (liste).",
        "Kind (drop-down).",
        choices=lambda fw: _KINDS,
        keep_when_empty=True,
        width=14,
    ),
    _plain_column(
        "code",
        "code",
        "Code dans un référentiel externe (CléA, ROME…).",
        "Code in an outside framework (CléA, ROME…).",
        width=14,
    ),
    _list_column("tags", "tags", "Mots-clés séparés par des virgules.", "Tags separated by commas."),
    _plain_column("status", "status", *_STATUS_HELP, choices=lambda fw: _STATUSES, keep_when_empty=True, width=12),
]
_BADGE_COLUMNS: list[_Column] = [
    _plain_column("id", "id", *_ID_HELP, width=22),
    _Column("ref", {"fr": _REF_HELP[0], "en": _REF_HELP[1]}, lambda b: "", lambda d, v: None, width=30),
    _loc_column(
        "name_fr", ("name",), "fr", "Nom du badge en français (obligatoire).", "Badge name in French (required)."
    ),
    _loc_column("name_en", ("name",), "en", "Nom du badge en anglais.", "Badge name in English."),
    _loc_column("description_fr", ("description",), "fr", "Description en français.", "Description in French.", 40),
    _loc_column("description_en", ("description",), "en", "Description en anglais.", "Description in English.", 40),
    _plain_column(
        "category",
        "category",
        "Catégorie (liste).",
        "Category (drop-down).",
        choices=lambda fw: _CATEGORIES,
        keep_when_empty=True,
        width=14,
    ),
    _plain_column(
        "level",
        "level",
        "Niveau du badge (liste).",
        "Badge level (drop-down).",
        choices=lambda fw: [lv.id for lv in fw.badge_levels],
        none_when_empty=True,
        width=12,
    ),
    _plain_column(
        "issuer",
        "issuer",
        "Partenaire émetteur (liste des identifiants).",
        "Issuing partner (drop-down of ids).",
        choices=lambda fw: [p.id for p in fw.partners],
        none_when_empty=True,
    ),
    _list_column(
        "endorsers",
        "endorsers",
        "Partenaires qui soutiennent le badge (identifiants séparés par des virgules).",
        "Endorsing partners (ids separated by commas).",
    ),
    _badge_competencies(),
    _loc_column(
        "criteria_fr", ("criteria", "narrative"), "fr", "Critères d'obtention en français.", "Criteria in French.", 40
    ),
    _loc_column(
        "criteria_en", ("criteria", "narrative"), "en", "Critères d'obtention en anglais.", "Criteria in English.", 40
    ),
    _plain_column("status", "status", *_STATUS_HELP, choices=lambda fw: _STATUSES, keep_when_empty=True, width=12),
]
_RELATION_COLUMNS: list[_Column] = [
    _plain_column(
        "source",
        "source",
        "Compétence A (identifiant).",
        "Competency A (id).",
        choices=lambda fw: [c.id for c in fw.competencies],
    ),
    _plain_column(
        "type",
        "type",
        "Type de relation « A type B » (liste).",
        "Relation type 'A type B' (drop-down).",
        choices=lambda fw: _RELATION_TYPES,
        width=16,
    ),
    _plain_column(
        "target",
        "target",
        "Compétence B (identifiant).",
        "Competency B (id).",
        choices=lambda fw: [c.id for c in fw.competencies],
    ),
    _plain_column("note", "note", "Remarque.", "Note.", width=40),
]
_COLUMNS = {"competencies": _COMPETENCY_COLUMNS, "badges": _BADGE_COLUMNS, "relations": _RELATION_COLUMNS}
_REQUIRED_TEXT = {"competencies": ("title_fr", "title_en"), "badges": ("name_fr", "name_en")}
_KIND_OF_SHEET = {"competencies": "competency", "badges": "badge", "relations": "relation"}


def _items(framework: Framework, kind: str) -> list[Any]:
    return list(getattr(framework, kind))


def _cell_values(framework: Framework, kind: str, item: Any) -> list[str]:
    values = []
    for col in _COLUMNS[kind]:
        if col.name == "ref":
            values.append(item_reference(framework, item))
        else:
            values.append(col.get(item))
    return values


# --- writing -------------------------------------------------------------------------------------

_INSTRUCTIONS = {
    "fr": [
        "Modèle de saisie du référentiel « {title} » (version {version}){partner}.",
        "Un onglet par type d'élément : competencies (compétences), badges, relations.",
        "Modifier une ligne existante met à jour l'élément (même identifiant). Ne modifiez ni « id » ni « ref ».",
        "Ajoutez une ligne (id et ref vides) pour proposer un nouvel élément : il sera enregistré comme proposition.",
        "Les listes déroulantes donnent les valeurs permises (statuts, niveaux, catégories, partenaires).",
        "Plusieurs valeurs dans une cellule : séparez-les par des virgules.",
        "N'écrivez pas de formule (cellule commençant par « = ») : la ligne serait refusée.",
        "À la réimportation, un aperçu des changements est montré avant toute modification ; les lignes",
        "incorrectes sont signalées avec leur numéro, les autres sont conservées.",
    ],
    "en": [
        "Input template for the framework '{title}' (version {version}){partner}.",
        "One sheet per kind of item: competencies, badges, relations.",
        "Changing an existing row updates that item (same id). Do not change 'id' or 'ref'.",
        "Add a row (empty id and ref) to propose a new item: it is recorded as a proposal.",
        "The drop-down lists give the allowed values (statuses, levels, categories, partners).",
        "Several values in one cell: separate them with commas.",
        "Do not type formulas (a cell starting with '='): the row would be rejected.",
        "On re-import, a preview of the changes is shown before anything changes; bad rows are",
        "named with their row number, and the other rows are kept.",
    ],
}


def _write_text(ws: Any, row: int, column: int, value: str) -> None:
    """Write a cell as explicit text: it can never be taken for a formula, even when it starts with '='."""
    cell = ws.cell(row=row, column=column)
    value = _clean(value)
    cell.value = value
    cell.data_type = "s"  # openpyxl would otherwise store "=…" as a formula
    if value.startswith(_DANGEROUS_START):
        cell.quotePrefix = True  # Excel and LibreOffice then keep it as text even after an edit


def template_xlsx(framework: Framework, partner: str | None = None) -> bytes:
    """An xlsx workbook to fill offline: instructions (fr, en), one sheet per kind of item with
    the current items, drop-down lists, a frozen header row. With ``partner``, new rows typed
    into it become that partner's proposals."""
    if partner is not None and framework.partner(partner) is None:
        import difflib

        raise UnknownItem(
            "partner", partner, difflib.get_close_matches(partner, [p.id for p in framework.partners], n=3)
        )
    wb = Workbook()
    instructions = wb.active
    instructions.title = _INSTRUCTIONS_SHEET
    title = framework.title.get("fr") or framework.title.get("en") or framework.id
    partner_name = ""
    if partner is not None:
        p = framework.partner(partner)
        partner_name = p.name or p.id if p else partner
    row = 1
    for lang in ("fr", "en"):
        suffix = {"fr": f", pour {partner_name}", "en": f", for {partner_name}"}[lang] if partner else ""
        for index, line in enumerate(_INSTRUCTIONS[lang]):
            line = line.format(title=title, version=framework.version, partner=suffix)
            _write_text(instructions, row, 1, french_typography(line) if lang == "fr" else line)
            if index == 0:
                instructions.cell(row=row, column=1).font = Font(bold=True, size=12)
            row += 1
        row += 1
    instructions.column_dimensions["A"].width = 110

    lists = wb.create_sheet(_LISTS_SHEET)
    lists.sheet_state = "hidden"
    list_ranges: dict[tuple[str, str], str] = {}
    list_column = 0
    header_font, header_fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="1F4E79")
    for kind in SHEET_KINDS:
        ws = wb.create_sheet(kind)
        columns = _COLUMNS[kind]
        for c, col in enumerate(columns, start=1):
            _write_text(ws, 1, c, col.name)
            cell = ws.cell(row=1, column=c)
            cell.font, cell.fill = header_font, header_fill
            cell.comment = CellComment(f"{col.help['fr']}\n{col.help['en']}", "Badge Workbench")
            ws.column_dimensions[get_column_letter(c)].width = col.width
        for r, item in enumerate(_items(framework, kind), start=2):
            for c, value in enumerate(_cell_values(framework, kind, item), start=1):
                _write_text(ws, r, c, value)
                ws.cell(row=r, column=c).alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "A2"
        last_row = max(1000, len(_items(framework, kind)) + 500)
        for c, col in enumerate(columns, start=1):
            if col.choices is None:
                continue
            values = col.choices(framework)
            if not values:
                continue
            key = (kind, col.name)
            list_column += 1
            letter = get_column_letter(list_column)
            for r, value in enumerate(values, start=1):
                _write_text(lists, r, list_column, value)
            list_ranges[key] = f"'{_LISTS_SHEET}'!${letter}$1:${letter}${len(values)}"
            # OOXML stores the formula without its leading "=" (as Excel itself writes it).
            validation = DataValidation(type="list", formula1=list_ranges[key], allow_blank=True)
            validation.error = f"Choisissez une valeur de la liste. / Pick a value from the list. ({col.name})"
            validation.errorTitle = col.name
            validation.showErrorMessage = True
            ws.add_data_validation(validation)
            validation.add(f"{get_column_letter(c)}2:{get_column_letter(c)}{last_row}")

    meta = wb.create_sheet(_META_SHEET)
    meta.sheet_state = "hidden"
    for r, (name, setting) in enumerate(
        [("format", _FORMAT), ("framework", framework.id), ("version", framework.version), ("partner", partner or "")],
        start=1,
    ):
        _write_text(meta, r, 1, name)
        _write_text(meta, r, 2, setting)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def framework_to_xlsx(framework: Framework) -> bytes:
    """The whole framework as an xlsx workbook (the template made for nobody in particular)."""
    return template_xlsx(framework, None)


def framework_to_csv(framework: Framework, kind: str = "badges") -> bytes:
    """One kind of item as CSV (UTF-8 with a BOM and ``;`` separators, as French Excel expects);
    every cell neutralised so it cannot run as a formula."""
    if kind not in _COLUMNS:
        raise SheetError(f"No sheet kind {kind!r}. Use one of: {', '.join(SHEET_KINDS)}.")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([col.name for col in _COLUMNS[kind]])
    for item in _items(framework, kind):
        writer.writerow([neutralise(_clean(v)) for v in _cell_values(framework, kind, item)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# --- the preview ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowProblem:
    """A row that was rejected (or a sheet-level warning): where, and what to do."""

    sheet: str
    row: int | None
    column: str | None
    message: dict[str, str]

    def where(self) -> str:
        place = (
            self.sheet + (f", row {self.row}" if self.row else "") + (f", column {self.column}" if self.column else "")
        )
        return place

    def text(self, lang: str = "fr") -> str:
        place = self.where()
        if lang == "fr":
            place = place.replace(", row ", ", ligne ").replace(", column ", ", colonne ")
            return french_typography(f"{place} : {self.message['fr']}")
        return f"{place}: {self.message.get(lang) or self.message['en']}"


@dataclass(frozen=True)
class ItemChange:
    """An item added or changed by a row. ``fields`` maps a column to (old, new) text."""

    kind: str
    id: str
    sheet: str
    row: int
    fields: dict[str, tuple[str, str]]
    item: Any = field(repr=False, compare=False)
    proposed: bool = False


@dataclass(frozen=True)
class Conflict:
    """A row filled from an older state of an item that has changed since: not applied."""

    kind: str
    id: str
    sheet: str
    row: int
    fields: dict[str, tuple[str, str]]
    message: dict[str, str]


@dataclass
class SheetChanges:
    """What a sheet would change, before anything is changed."""

    framework_id: str
    partner: str | None = None
    added: list[ItemChange] = field(default_factory=list)
    changed: list[ItemChange] = field(default_factory=list)
    unchanged: list[tuple[str, str]] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    rejected: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every row can be applied (nothing rejected, no conflict)."""
        return not self.rejected and not self.conflicts

    def to_dict(self) -> dict[str, Any]:
        def change(c: ItemChange) -> dict[str, Any]:
            return {
                "kind": c.kind,
                "id": c.id,
                "sheet": c.sheet,
                "row": c.row,
                "proposed": c.proposed,
                "fields": {k: {"old": o, "new": n} for k, (o, n) in c.fields.items()},
            }

        return {
            "framework": self.framework_id,
            "partner": self.partner,
            "added": [change(c) for c in self.added],
            "changed": [change(c) for c in self.changed],
            "unchanged": [f"{k}:{i}" for k, i in self.unchanged],
            "conflicts": [
                {
                    "kind": c.kind,
                    "id": c.id,
                    "sheet": c.sheet,
                    "row": c.row,
                    "message": c.message,
                    "fields": {k: {"old": o, "new": n} for k, (o, n) in c.fields.items()},
                }
                for c in self.conflicts
            ],
            "rejected": [
                {"sheet": p.sheet, "row": p.row, "column": p.column, "message": p.message} for p in self.rejected
            ],
            "warnings": [
                {"sheet": p.sheet, "row": p.row, "column": p.column, "message": p.message} for p in self.warnings
            ],
        }

    def to_text(self, lang: str = "fr") -> str:
        """The preview, one line per change, for people."""
        fr = lang == "fr"
        colon = "\u202f:" if fr else ":"
        lines = []

        def fields(c: ItemChange | Conflict) -> str:
            return "; ".join(f"{k}{colon} {o!r} → {n!r}" for k, (o, n) in c.fields.items())

        heads = [
            (
                "Ajouts" if fr else "Added",
                [
                    f"+ {c.kind}:{c.id} ({c.sheet}, {'ligne' if fr else 'row'} {c.row})"
                    + (" — proposition" if fr and c.proposed else " — proposal" if c.proposed else "")
                    for c in self.added
                ],
            ),
            (
                "Modifications" if fr else "Changed",
                [
                    f"~ {c.kind}:{c.id} ({c.sheet}, {'ligne' if fr else 'row'} {c.row}){colon} {fields(c)}"
                    for c in self.changed
                ],
            ),
            (
                "Conflits (non appliqués)" if fr else "Conflicts (not applied)",
                [
                    f"! {c.kind}:{c.id} ({c.sheet}, {'ligne' if fr else 'row'} {c.row}){colon} {c.message['fr' if fr else 'en']} {fields(c)}"
                    for c in self.conflicts
                ],
            ),
            ("Lignes refusées" if fr else "Rejected rows", [f"x {p.text(lang)}" for p in self.rejected]),
            ("Avertissements" if fr else "Warnings", [f"? {p.text(lang)}" for p in self.warnings]),
        ]
        for head, items in heads:
            lines.append(f"{head} ({len(items)})" + ("\u202f:" if fr else ":") if items else f"{head} (0)")
            lines.extend(f"  {item}" for item in items)
        lines.append(f"{'Inchangés' if fr else 'Unchanged'} ({len(self.unchanged)})")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text("en")


# --- reading -------------------------------------------------------------------------------------


@dataclass
class _Row:
    number: int
    values: dict[str, str]


@dataclass
class _Table:
    kind: str
    sheet: str
    columns: list[str]
    rows: list[_Row]


def _problem(sheet: str, row: int | None, column: str | None, fr: str, en: str) -> RowProblem:
    return RowProblem(sheet, row, column, {"fr": fr, "en": en})


def _guess_kind(header: list[str]) -> str | None:
    names = set(header)
    if {"source", "type", "target"} <= names:
        return "relations"
    if names & {"name_fr", "name_en", "issuer", "criteria_fr"}:
        return "badges"
    if names & {"title_fr", "title_en", "parent"}:
        return "competencies"
    return None


def _read_xlsx(data: bytes, rejected: list[RowProblem]) -> tuple[dict[str, str], list[_Table]]:
    try:
        wb = load_workbook(io.BytesIO(data), data_only=False, read_only=False)
    except Exception as error:
        raise SheetError(
            f"This file cannot be read as an xlsx workbook ({error}). Save it from your spreadsheet "
            "program as .xlsx (or .csv) and try again; nothing was changed.",
            "Ce fichier n'est pas un classeur xlsx lisible. Enregistrez-le depuis votre tableur au format .xlsx "
            "(ou .csv), puis déposez-le à nouveau ; rien n'a été modifié.",
        ) from None
    meta: dict[str, str] = {}
    if _META_SHEET in wb.sheetnames:
        for key, value, *_ in wb[_META_SHEET].iter_rows(values_only=True, max_col=2):
            if isinstance(key, str):
                meta[key] = "" if value is None else str(value)
    tables = []
    for ws in wb.worksheets:
        if ws.title in (_META_SHEET, _LISTS_SHEET, _INSTRUCTIONS_SHEET):
            continue
        if ws.max_row > MAX_ROWS:
            raise SheetError(
                f"Sheet {ws.title!r} has {ws.max_row} rows (at most {MAX_ROWS}). Split it; nothing was changed.",
                f"La feuille « {ws.title} » a {ws.max_row} lignes (au plus {MAX_ROWS}). Découpez-la en plusieurs "
                "fichiers, puis déposez-les un par un ; rien n'a été modifié.",
            )
        rows = list(ws.iter_rows())
        if not rows:
            continue
        header = [str(c.value).strip().lower() if c.value is not None else "" for c in rows[0]]
        kind = ws.title if ws.title in _COLUMNS else _guess_kind(header)
        if kind is None:
            rejected.append(
                _problem(
                    ws.title,
                    None,
                    None,
                    f"onglet inconnu : ses lignes n'ont pas été lues (onglets attendus : {', '.join(SHEET_KINDS)}).",
                    f"unknown sheet: its rows were not read (expected sheets: {', '.join(SHEET_KINDS)}).",
                )
            )
            continue
        table_rows = []
        for cells in rows[1:]:
            values: dict[str, str] = {}
            formula = None
            for name, cell in zip(header, cells, strict=False):
                if cell.value is None:
                    continue
                if cell.data_type == "f" or type(cell.value).__name__ in ("ArrayFormula", "DataTableFormula"):
                    formula = (name, cell.coordinate, str(getattr(cell.value, "text", cell.value)))
                    break
                if name:
                    value = cell.value
                    if isinstance(value, float) and value.is_integer():
                        value = int(value)
                    values[name] = str(value).strip()
            number = cells[0].row if cells else 0
            if formula is not None:
                name, coordinate, text_ = formula
                rejected.append(
                    _problem(
                        ws.title,
                        number,
                        name,
                        f"la cellule {coordinate} contient une formule ({text_[:40]}) : les formules ne sont pas acceptées. Tapez le texte lui-même.",
                        f"cell {coordinate} holds a formula ({text_[:40]}): formulas are not accepted. Type the text itself.",
                    )
                )
                continue
            if any(values.values()):
                table_rows.append(_Row(number, values))
        tables.append(_Table(kind, ws.title, header, table_rows))
    return meta, tables


def _read_csv(data: bytes, rejected: list[RowProblem]) -> list[_Table]:
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            content = data.decode("cp1252")  # Excel on Windows saves "CSV" in this encoding
        except UnicodeDecodeError:
            raise SheetError(
                "This CSV file is neither UTF-8 nor Windows-1252. Save it as 'CSV UTF-8'; nothing was changed.",
                "Ce fichier CSV n'est ni en UTF-8 ni en Windows-1252. Enregistrez-le au format « CSV UTF-8 », "
                "puis déposez-le à nouveau ; rien n'a été modifié.",
            ) from None
    first_line = content.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error as error:
        raise SheetError(f"This CSV file cannot be read ({error}). Check its quotes; nothing was changed.",
                         "Ce fichier CSV est illisible (guillemets mal fermés ?). Vérifiez-le dans votre tableur, "
                         "puis déposez-le à nouveau ; rien n'a été modifié.") from None  # fmt: skip
    if not rows:
        raise SheetError("This CSV file is empty: there is nothing to import.",
                         "Ce fichier CSV est vide : il n'y a rien à importer.")  # fmt: skip
    if len(rows) > MAX_ROWS:
        raise SheetError(f"This CSV file has {len(rows)} rows (at most {MAX_ROWS}). Split it; nothing was changed.",
                         f"Ce fichier CSV a {len(rows)} lignes (au plus {MAX_ROWS}). Découpez-le en plusieurs "
                         "fichiers, puis déposez-les un par un ; rien n'a été modifié.")  # fmt: skip
    header = [h.strip().lower() for h in rows[0]]
    kind = _guess_kind(header)
    if kind is None:
        raise SheetError(
            f"The CSV header ({', '.join(header[:8])}) matches no kind of item. Start from an exported "
            "CSV (badgeworkbench template) so the columns are named as expected; nothing was changed.",
            f"Les colonnes de ce CSV ({', '.join(header[:8])}) ne correspondent à aucun type d'élément. Partez du "
            "modèle à télécharger ci-dessus, pour que les colonnes portent les bons noms ; rien n'a été modifié.",
        )
    table_rows = []
    line = 1
    for cells in rows[1:]:
        line += 1
        values: dict[str, str] = {}
        formula = None
        for name, raw in zip(header, cells, strict=False):
            if raw.startswith("="):
                formula = (name, raw)
                break
            if name:
                values[name] = _unneutralise(raw).strip()
        if formula is not None:
            rejected.append(
                _problem(
                    kind,
                    line,
                    formula[0],
                    f"la cellule contient une formule ({formula[1][:40]}) : les formules ne sont pas acceptées. Tapez le texte lui-même.",
                    f"the cell holds a formula ({formula[1][:40]}): formulas are not accepted. Type the text itself.",
                )
            )
            continue
        if any(values.values()):
            table_rows.append(_Row(line, values))
    return [_Table(kind, kind, header, table_rows)]


class _Reader:
    """Turns the rows of each sheet into changes against ``framework``."""

    def __init__(self, framework: Framework, partner: str | None, changes: SheetChanges):
        self.fw, self.partner, self.changes = framework, partner, changes
        self.new_ids: dict[str, set[str]] = {"competencies": set(), "badges": set()}
        self.new_levels: dict[str, set[str]] = {}
        self.seen: dict[str, dict[str, int]] = {"competencies": {}, "badges": {}}
        self.pending: list[ItemChange] = []  # read, waiting for the reference check
        self.new_titles: dict[str, dict[tuple[tuple[str, str], ...], int]] = {"competencies": {}, "badges": {}}

    # -- one row of competencies or badges --
    def item_row(self, table: _Table, row: _Row) -> None:
        kind, sheet = table.kind, table.sheet
        item_kind = _KIND_OF_SHEET[kind]
        columns = {c.name: c for c in _COLUMNS[kind]}
        present = [c for c in columns.values() if c.name in table.columns]
        ident = row.values.get("id", "")
        ref = row.values.get("ref", "")
        existing_items = {i.id: i for i in _items(self.fw, kind)}

        def reject(column: str | None, fr: str, en: str) -> None:
            self.changes.rejected.append(_problem(sheet, row.number, column, fr, en))

        parsed = parse_reference(ref) if ref else None
        if parsed is not None and parsed.valid and parsed.kind == item_kind and ident and parsed.id != ident:
            reject(
                "id",
                f"l'identifiant « {ident} » ne correspond pas au code de la ligne, qui désigne « {parsed.id} ». "
                "Un identifiant ne se modifie pas : remettez-le, ou videz le code pour proposer un nouvel élément.",
                f"the id '{ident}' does not match the row's code, which names '{parsed.id}'. Ids cannot be changed: put it "
                "back, or clear the code to propose a new item.",
            )
            return
        if ref and (parsed is None or not parsed.valid or parsed.kind != item_kind or (ident and parsed.id != ident)):
            reject(
                "ref",
                f"le code « {ref} » a été modifié à la main (il ne correspond pas à cette ligne). Recopiez le code d'origine, "
                "ou videz-le pour proposer un nouvel élément.",
                f"the code '{ref}' was edited by hand (it does not match this row). Copy the original code back, or clear it to "
                "propose a new item.",
            )
            return
        if parsed is not None and not ident:
            ident = parsed.id
        if not ident and not ref:
            # A new row without id: if an item with exactly this title exists, this row was imported
            # before (the same sheet applied twice); update that item instead of proposing a copy.
            title_field = "title" if kind == "competencies" else "name"
            wanted = {lang: row.values.get(f"{title_field}_{lang}", "").casefold() for lang in ("fr", "en")}
            wanted = {lang: v for lang, v in wanted.items() if v}
            if wanted:
                key = tuple(sorted(wanted.items()))
                if key in self.new_titles[kind]:
                    first = self.new_titles[kind][key]
                    reject(
                        title_field + "_fr",
                        f"la même proposition figure déjà à la ligne {first}.",
                        f"the same proposal already appears on row {first}.",
                    )
                    return
                self.new_titles[kind][key] = row.number
                ident = next(
                    (
                        item.id
                        for item in existing_items.values()
                        if all(getattr(item, title_field).get(lang, "").casefold() == v for lang, v in wanted.items())
                    ),
                    "",
                )
        current = existing_items.get(ident) if ident else None
        if ident and current is None and parsed is not None:
            reject(
                "id",
                f"l'identifiant « {ident} » n'existe pas dans le référentiel (la ligne porte pourtant un code). "
                "Vérifiez l'identifiant, ou videz le code pour en faire une proposition.",
                f"the id '{ident}' is not in the framework (yet the row carries a code). Check the id, or clear the code "
                "to make it a proposal.",
            )
            return
        if ident and not is_safe_id(ident):
            reject(
                "id",
                f"l'identifiant « {ident} » n'est pas utilisable : lettres sans accents, chiffres, « - », « _ » ou « . ».",
                f"the id '{ident}' cannot be used: plain letters, digits, '-', '_' or '.'.",
            )
            return
        if ident and ident in self.seen[kind]:
            reject(
                "id",
                f"l'identifiant « {ident} » figure déjà à la ligne {self.seen[kind][ident]}.",
                f"the id '{ident}' already appears on row {self.seen[kind][ident]}.",
            )
            return

        # Values must come from the drop-down lists.
        for col in present:
            value = row.values.get(col.name, "")
            if value and col.choices is not None and col.name in ("kind", "category", "status", "level", "type"):
                allowed = col.choices(self.fw)
                if allowed and value not in allowed:
                    reject(
                        col.name,
                        f"« {value} » n'est pas dans la liste ({', '.join(allowed)}).",
                        f"'{value}' is not in the list ({', '.join(allowed)}).",
                    )
                    return

        base = current.model_dump(mode="json") if current is not None else {"id": ident or "_pending"}
        data: dict[str, Any] = {
            k: (dict(v) if isinstance(v, dict) else list(v) if isinstance(v, list) else v) for k, v in base.items()
        }
        if "criteria" in data:
            data["criteria"] = {k: (dict(v) if isinstance(v, dict) else v) for k, v in data["criteria"].items()}
        for col in present:
            if col.name in ("id", "ref"):
                continue
            col.put(data, row.values.get(col.name, ""))
        required = _REQUIRED_TEXT[kind]
        if not any((data.get("title" if kind == "competencies" else "name") or {}).values()):
            reject(
                required[0],
                f"cellule obligatoire vide : « {required[0]} » (ou « {required[1]} »).",
                f"empty required cell: '{required[0]}' (or '{required[1]}').",
            )
            return
        proposed = current is None
        if proposed:
            title = data.get("title" if kind == "competencies" else "name") or {}
            taken = set(existing_items) | self.new_ids[kind]
            ident = ident or unique_id(slugify(title.get("fr") or title.get("en") or "item"), taken)
            data["id"] = ident
            if self.partner is not None or "status" not in row.values:
                data["status"] = Status.PROPOSED.value
            provenance = dict(data.get("provenance") or {})
            if self.partner is not None:
                provenance["proposed_by"] = self.partner
            data["provenance"] = provenance
        elif self.partner is not None:
            data["provenance"] = {**(data.get("provenance") or {}), "changed_by": self.partner}
        model = Competency if kind == "competencies" else Badge
        try:
            item = model.model_validate(data)
        except ValidationError as error:
            detail = error.errors(include_url=False)[0]
            where = ".".join(str(p) for p in detail["loc"])
            reject(
                where,
                f"valeur invalide pour « {where} » : {detail['msg']}.",
                f"invalid value for '{where}': {detail['msg']}.",
            )
            return
        self.seen[kind][ident] = row.number
        fields = {}
        for col in present:
            if col.name in ("id", "ref"):
                continue
            old = col.get(current) if current is not None else ""
            new = col.get(item)
            if old != new:
                fields[col.name] = (old, new)
        if proposed:
            self.new_ids[kind].add(ident)
            if isinstance(item, Competency):
                self.new_levels[ident] = {lv.id for lv in item.levels}
            self.pending.append(ItemChange(item_kind, ident, sheet, row.number, fields, item, proposed=True))
            return
        if not fields:
            self.changes.unchanged.append((item_kind, ident))
            return
        stale = (
            current is not None
            and parsed is not None
            and (
                (parsed.digest is not None and parsed.digest != content_digest(current))
                or (isinstance(current, Badge) and parsed.version != current.version)  # a code copied from an old card
            )
        )
        if stale:
            self.changes.conflicts.append(
                Conflict(
                    item_kind,
                    ident,
                    sheet,
                    row.number,
                    fields,
                    {
                        "fr": "l'élément a changé dans le référentiel depuis la création de ce tableau ; reprenez ces modifications sur un modèle récent.",
                        "en": "the item changed in the framework since this sheet was made; redo these changes on a fresh template.",
                    },
                )
            )
            return
        self.pending.append(ItemChange(item_kind, ident, sheet, row.number, fields, item, proposed=False))

    # -- references between items, checked once every row is read --
    def check_references(self) -> None:
        competencies = {c.id for c in self.fw.competencies} | self.new_ids["competencies"]
        partners = {p.id for p in self.fw.partners}
        levels = {c.id: {lv.id for lv in c.levels} for c in self.fw.competencies} | self.new_levels
        kept = []
        for change in self.pending:
            problem = None
            item = change.item
            if change.kind == "competency" and item.parent and item.parent not in competencies:
                problem = ("parent", item.parent, "compétence", "competency")
            elif change.kind == "badge":
                if item.issuer and item.issuer not in partners:
                    problem = ("issuer", item.issuer, "partenaire", "partner")
                for endorser in item.endorsers:
                    if problem is None and endorser not in partners:
                        problem = ("endorsers", endorser, "partenaire", "partner")
                for rc in item.competencies:
                    if problem is None and rc.competency not in competencies:
                        problem = ("competencies", rc.competency, "compétence", "competency")
                    elif problem is None and rc.level and rc.level not in levels.get(rc.competency, set()):
                        problem = (
                            "competencies",
                            f"{rc.competency}:{rc.level}",
                            "niveau de compétence",
                            "competency level",
                        )
            if problem is None:
                kept.append(change)
                continue
            column, value, fr_kind, en_kind = problem
            self.changes.rejected.append(
                _problem(
                    change.sheet,
                    change.row,
                    column,
                    f"« {value} » n'existe pas dans le référentiel ({fr_kind}). Choisissez un identifiant existant.",
                    f"'{value}': no such {en_kind} in the framework. Use an existing id.",
                )
            )
        for change in kept:
            (self.changes.added if change.proposed else self.changes.changed).append(change)
        self.pending = []

    def relation_rows(self, table: _Table) -> None:
        competencies = {c.id for c in self.fw.competencies} | {
            c.id for c in self.changes.added if c.kind == "competency"
        }
        existing = {(r.source, str(r.type), r.target): r for r in self.fw.relations}
        seen: dict[tuple[str, str, str], int] = {}
        for row in table.rows:
            values = row.values
            source, rtype, target = values.get("source", ""), values.get("type", ""), values.get("target", "")
            missing = [name for name, v in (("source", source), ("type", rtype), ("target", target)) if not v]
            if missing:
                self.changes.rejected.append(
                    _problem(
                        table.sheet,
                        row.number,
                        missing[0],
                        f"cellule obligatoire vide : « {missing[0]} ».",
                        f"empty required cell: '{missing[0]}'.",
                    )
                )
                continue
            if rtype not in _RELATION_TYPES:
                self.changes.rejected.append(
                    _problem(
                        table.sheet,
                        row.number,
                        "type",
                        f"« {rtype} » n'est pas un type de relation ({', '.join(_RELATION_TYPES)}).",
                        f"'{rtype}' is not a relation type ({', '.join(_RELATION_TYPES)}).",
                    )
                )
                continue
            unknown = next((n for n, v in (("source", source), ("target", target)) if v not in competencies), None)
            if unknown is not None:
                value = values[unknown]
                self.changes.rejected.append(
                    _problem(
                        table.sheet,
                        row.number,
                        unknown,
                        f"« {value} » : compétence inconnue dans le référentiel.",
                        f"'{value}': no such competency in the framework.",
                    )
                )
                continue
            key = (source, rtype, target)
            ident = f"{source} {rtype} {target}"
            if key in seen:
                self.changes.rejected.append(
                    _problem(
                        table.sheet,
                        row.number,
                        None,
                        f"la relation figure déjà à la ligne {seen[key]}.",
                        f"the relation already appears on row {seen[key]}.",
                    )
                )
                continue
            seen[key] = row.number
            relation = Relation(source=source, type=rtype, target=target, note=values.get("note", ""))
            current = existing.get(key)
            if current is None:
                self.changes.added.append(
                    ItemChange(
                        "relation",
                        ident,
                        table.sheet,
                        row.number,
                        {"note": ("", relation.note)} if relation.note else {},
                        relation,
                        proposed=True,
                    )
                )
            elif "note" in table.columns and current.note != relation.note:
                self.changes.changed.append(
                    ItemChange(
                        "relation", ident, table.sheet, row.number, {"note": (current.note, relation.note)}, relation
                    )
                )
            else:
                self.changes.unchanged.append(("relation", ident))


def read_sheet(framework: Framework, data: bytes, partner: str | None = None) -> SheetChanges:
    """Read a filled xlsx workbook or CSV file and say what it would change (nothing is changed).

    ``partner`` (else the partner the template was made for) is credited with new items.
    Raises :class:`SheetError` only when the whole file is unusable; bad rows are listed in
    ``.rejected`` with their sheet, row and column.
    """
    if len(data) > MAX_SHEET_BYTES:
        raise SheetError(
            f"This file is {len(data) / 1e6:.1f} MB (at most {MAX_SHEET_BYTES // 2**20} MiB): it was not read.",
            f"Ce fichier pèse {len(data) / 1e6:.1f} Mo (au plus {MAX_SHEET_BYTES // 2**20} Mio) : il n'a pas été lu.",
        )
    changes = SheetChanges(framework.id)
    if data[:4] == b"\xd0\xcf\x11\xe0":  # the old binary format, also used by password-protected workbooks
        raise SheetError(
            "This is an old .xls file or a password-protected workbook. Save it as .xlsx without a password "
            "(or as CSV UTF-8) and import that; nothing was changed.",
            "C'est un ancien fichier .xls ou un classeur protégé par un mot de passe. Enregistrez-le au format "
            ".xlsx sans mot de passe (ou en CSV UTF-8), puis déposez-le à nouveau ; rien n'a été modifié.",
        )
    if data[:2] == b"PK":
        meta, tables = _read_xlsx(data, changes.rejected)
        if meta.get("framework") and meta["framework"] != framework.id:
            raise SheetError(
                f"This sheet was made for the framework {meta['framework']!r}, not {framework.id!r}. "
                "Import it into that framework; nothing was changed.",
                f"Ce tableur a été fait pour le référentiel « {meta['framework']} », pas « {framework.id} ». "
                "Ouvrez ce référentiel-là dans le carnet 00 et déposez-le là ; rien n'a été modifié.",
            )
        partner = partner or meta.get("partner") or None
    else:
        tables = _read_csv(data, changes.rejected)
    if partner is not None and framework.partner(partner) is None:
        import difflib

        raise UnknownItem(
            "partner", partner, difflib.get_close_matches(partner, [p.id for p in framework.partners], n=3)
        )
    changes.partner = partner
    reader = _Reader(framework, partner, changes)
    known = {kind: {c.name for c in cols} for kind, cols in _COLUMNS.items()}
    for kind in SHEET_KINDS:
        for table in (t for t in tables if t.kind == kind):
            for position, name in enumerate(table.columns, start=1):
                if name and name not in known[kind]:
                    changes.warnings.append(
                        _problem(
                            table.sheet,
                            None,
                            name,
                            f"colonne inconnue ({get_column_letter(position)}) ignorée. Colonnes connues : {', '.join(sorted(known[kind]))}.",
                            f"unknown column ({get_column_letter(position)}) ignored. Known columns: {', '.join(sorted(known[kind]))}.",
                        )
                    )
            if kind == "relations":
                reader.check_references()
                reader.relation_rows(table)
            else:
                if "id" not in table.columns and "ref" not in table.columns:
                    changes.warnings.append(
                        _problem(
                            table.sheet,
                            None,
                            "id",
                            "pas de colonne « id » : chaque ligne sera une proposition nouvelle.",
                            "no 'id' column: every row becomes a new proposal.",
                        )
                    )
                for row in table.rows:
                    reader.item_row(table, row)
    reader.check_references()
    return changes


def apply_sheet(framework: Framework, changes: SheetChanges, when: dt.datetime | None = None) -> Framework:
    """A new framework with the previewed changes applied (conflicts and rejected rows are not).

    Changed items are merged column by column into the item as it is *now*, so an edit made in
    the framework after the preview to another field is kept.
    """
    if changes.framework_id != framework.id:
        raise SheetError(
            f"These changes were read against the framework {changes.framework_id!r}, not {framework.id!r}."
        )
    lists: dict[str, list[Any]] = {kind: list(getattr(framework, kind)) for kind in SHEET_KINDS}
    for change in changes.changed:
        kind = {"competency": "competencies", "badge": "badges", "relation": "relations"}[change.kind]
        if kind == "relations":
            key = (change.item.source, str(change.item.type), change.item.target)
            lists[kind] = [change.item if (r.source, str(r.type), r.target) == key else r for r in lists[kind]]
            continue
        index = next((i for i, item in enumerate(lists[kind]) if item.id == change.id), None)
        if index is None:
            continue  # removed from the framework since the preview: nothing to update
        data = lists[kind][index].model_dump(mode="json")
        columns = {c.name: c for c in _COLUMNS[kind]}
        for name in change.fields:
            columns[name].put(data, columns[name].get(change.item))
        if changes.partner is not None:
            data["provenance"] = {**(data.get("provenance") or {}), "changed_by": changes.partner}
            if when is not None:
                data["provenance"]["changed"] = when.isoformat()
        lists[kind][index] = type(lists[kind][index]).model_validate(data)
    for change in changes.added:
        kind = {"competency": "competencies", "badge": "badges", "relation": "relations"}[change.kind]
        item = change.item
        if kind == "relations":
            if all(
                (r.source, str(r.type), r.target) != (item.source, str(item.type), item.target) for r in lists[kind]
            ):
                lists[kind].append(item)
            continue
        if any(existing.id == item.id for existing in lists[kind]):
            continue  # never duplicate: someone added the same id meanwhile
        if when is not None and changes.partner is not None:
            item = item.model_copy(update={"provenance": item.provenance.model_copy(update={"created": when})})
        lists[kind].append(item)
    return framework.replace(**lists)

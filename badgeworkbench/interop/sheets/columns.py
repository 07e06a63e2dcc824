"""The columns of each sheet (what a cell shows of an item, and how a cell's text goes back into
it), the drop-down lists, and the rule that keeps every cell we write from running as a formula."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from ...errors import BadgeWorkbenchError
from ...materials.codes import item_reference
from ...model import Badge, BadgeCategory, CompetencyKind, Framework, LocalizedText, RelationType, Status

__all__ = ["MAX_ROWS", "MAX_SHEET_BYTES", "SHEET_KINDS", "SheetError", "join_values", "neutralise", "split_values"]

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
    exact: bool = False  # free text: read back exactly (spaces, tabs, line breaks); other cells are stripped


_SEPARATORS = ",;\n"
#: Quotes a value may be wrapped in, opening → closing: straight quotes as typed, and the curly or French
#: ones a spreadsheet's autocorrect may put in their place.
_QUOTES = {'"': '"', "“": "”", "«": "»"}


def split_values(value: str) -> list[str]:
    """The values of a list cell: separated by commas, semicolons or line breaks; a value holding one
    of those is wrapped in double quotes (``""`` inside for a quote), as :func:`join_values` writes it.

    >>> split_values('"accueil, orientation", cuisine; « hygiène, sécurité »')
    ['accueil, orientation', 'cuisine', 'hygiène, sécurité']
    >>> split_values('"dit ""bonjour"", poli" ,, ')
    ['dit "bonjour", poli']
    """
    out, i, n = [], 0, len(value)
    while i < n:
        while i < n and value[i] in " \t":
            i += 1
        close = _QUOTES.get(value[i]) if i < n else None
        end = value.find(close, i + 1) if close else -1
        if close and end >= 0:  # a quoted value ("" is a quote inside straight quotes)
            part, i = [], i + 1
            while end >= 0:
                part.append(value[i:end])
                i = end + 1
                if close == '"' and value[i : i + 1] == '"':
                    part.append('"')
                    end = value.find(close, i + 1)
                    i += 1
                    if end < 0:  # "" then no closing quote: the rest of the cell, as typed
                        part.append(value[i:])
                        i = n
                else:
                    end = -1
            text = "".join(part)
            while i < n and value[i] not in _SEPARATORS:  # text typed after the closing quote stays with it
                text += value[i]
                i += 1
            text = text.strip()
        else:  # a plain value, up to the next separator (an unclosed quote is taken as typed)
            end = min((j for j in (value.find(c, i) for c in _SEPARATORS) if j >= 0), default=n)
            text, i = value[i:end].strip(), end
        if text:
            out.append(text)
        i += 1  # past the separator
    return out


def join_values(values: list[str]) -> str:
    """A list cell: the values separated by ``", "``; one holding a comma, a semicolon or a line break
    (or starting with a quote) is wrapped in double quotes, so that :func:`split_values` gives it back whole.

    >>> join_values(["accueil, orientation", "cuisine"])
    '"accueil, orientation", cuisine'
    """
    return ", ".join(
        '"' + v.replace('"', '""') + '"' if any(c in v for c in _SEPARATORS) or v[:1] in _QUOTES else v
        for v in values
    )





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

    return _Column(name, {"fr": help_fr, "en": help_en}, get, put, width=width, exact=True)


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
    exact: bool = False,
) -> _Column:
    def get(item: Any) -> str:
        value = getattr(item, attr)
        return "" if value is None else str(value)

    def put(data: dict[str, Any], cell: str) -> None:
        if cell or not keep_when_empty:
            data[attr] = cell if cell or not none_when_empty else None

    return _Column(
        name,
        {"fr": help_fr, "en": help_en},
        get,
        put,
        choices=choices,
        keep_when_empty=keep_when_empty,
        width=width,
        exact=exact,
    )


def _list_column(name: str, attr: str, help_fr: str, help_en: str, width: int = 24) -> _Column:
    def get(item: Any) -> str:
        return join_values(getattr(item, attr))

    def put(data: dict[str, Any], cell: str) -> None:
        data[attr] = split_values(cell)

    return _Column(name, {"fr": help_fr, "en": help_en}, get, put, multiple=True, width=width)


def _badge_competencies() -> _Column:
    def get(badge: Badge) -> str:
        return ", ".join(f"{c.competency}:{c.level}" if c.level else c.competency for c in badge.competencies)

    def put(data: dict[str, Any], cell: str) -> None:
        out = []
        for part in split_values(cell):
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
        exact=True,
    ),
    _list_column("tags", "tags", "Mots-clés séparés par des virgules ; un mot-clé qui contient une virgule entre "
                 'guillemets droits : "accueil, orientation", cuisine.',
                 "Tags separated by commas; a tag holding a comma in double quotes: \"accueil, orientation\", "
                 "cuisine."),
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
    _plain_column(
        "valid_for",
        "valid_for",
        "Durée de validité après délivrance : P2Y = 2 ans, P18M = 18 mois, P90D = 90 jours ; vide = sans limite.",
        "How long an award stays valid: P2Y = 2 years, P18M = 18 months, P90D = 90 days; empty = no end.",
        none_when_empty=True,
        width=10,
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
    _plain_column("note", "note", "Remarque.", "Note.", width=40, exact=True),
]
_COLUMNS = {"competencies": _COMPETENCY_COLUMNS, "badges": _BADGE_COLUMNS, "relations": _RELATION_COLUMNS}
_REQUIRED_TEXT = {"competencies": ("title_fr", "title_en"), "badges": ("name_fr", "name_en")}
_KIND_OF_SHEET = {"competencies": "competency", "badges": "badge", "relations": "relation"}
_EXACT_COLUMNS = frozenset(col.name for columns in _COLUMNS.values() for col in columns if col.exact)


def _cell_text(column: str, value: str) -> str:
    """A cell's text as read: free text exactly as typed (so a sheet sent back unedited changes
    nothing), ids, codes of lists and drop-down values without surrounding spaces."""
    return value if column in _EXACT_COLUMNS else value.strip()


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

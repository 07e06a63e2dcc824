"""Reading a filled sheet (xlsx or CSV) into a preview of its changes, row by row."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from pydantic import ValidationError

from ...errors import UnknownItem
from ...ids import is_safe_id, slugify, unique_id
from ...materials.codes import content_digest, parse_reference
from ...model import Badge, Competency, Framework, Relation, Status
from ...report import Severity
from ..tabular import CsvFileError, read_csv
from .changes import Conflict, ItemChange, RowProblem, SheetChanges
from .columns import (
    _COLUMNS,
    _INSTRUCTIONS_SHEET,
    _KIND_OF_SHEET,
    _LISTS_SHEET,
    _META_SHEET,
    _RELATION_TYPES,
    _REQUIRED_TEXT,
    MAX_ROWS,
    MAX_SHEET_BYTES,
    SHEET_KINDS,
    SheetError,
    _cell_text,
    _clean,
    _items,
    _unneutralise,
)

__all__ = ["read_sheet"]


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


def _unless_as_written(cell: str, current: str) -> str:
    """``current`` when ``cell`` is what the sheet was given for it, else ``cell``.

    Spreadsheets keep text as typed except for what a cell cannot hold: control characters
    (left out when writing) and carriage returns (xlsx stores line breaks as ``\\n``). A cell
    that differs from the current text only by those was not edited.
    """
    if cell == current:
        return cell
    return current if _as_written(cell) == _as_written(current) else cell


def _as_written(text: str) -> str:
    return _clean(text).replace("\r\n", "\n").replace("\r", "\n")


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
                    values[name] = _cell_text(name, str(value))
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
            if any(v.strip() for v in values.values()):
                table_rows.append(_Row(number, values))
        tables.append(_Table(kind, ws.title, header, table_rows))
    return meta, tables


def _read_csv(data: bytes, rejected: list[RowProblem], warnings: list[RowProblem]) -> list[_Table]:
    """The one table of a CSV file, read as every CSV is (:func:`~badgeworkbench.interop.tabular.read_csv`):
    encoding guessed, delimiter from the header row, RFC 4180 quoting. Cells keep their exact text."""
    try:
        rows = read_csv(data, file="CSV", max_cell=None, exact=True)
        records = list(rows)
    except CsvFileError as error:
        raise SheetError(f"This CSV file cannot be read: {error}. Nothing was changed.",
                         "Ce fichier CSV est illisible (encodage inconnu, guillemets mal fermés ?). Enregistrez-le "
                         "au format « CSV UTF-8 » depuis votre tableur, puis déposez-le à nouveau ; rien n'a été "
                         "modifié.") from None  # fmt: skip
    if len(records) > MAX_ROWS:
        raise SheetError(f"This CSV file has {len(records)} rows (at most {MAX_ROWS}). Split it; nothing was changed.",
                         f"Ce fichier CSV a {len(records)} lignes (au plus {MAX_ROWS}). Découpez-le en plusieurs "
                         "fichiers, puis déposez-les un par un ; rien n'a été modifié.")  # fmt: skip
    header = [h.lower() for h in rows.header]
    kind = _guess_kind(header)
    if kind is None:
        raise SheetError(
            f"The CSV header ({', '.join(header[:8])}) matches no kind of item. Start from an exported "
            "CSV (badgeworkbench template) so the columns are named as expected; nothing was changed.",
            f"Les colonnes de ce CSV ({', '.join(header[:8])}) ne correspondent à aucun type d'élément. Partez du "
            "modèle à télécharger ci-dessus, pour que les colonnes portent les bons noms ; rien n'a été modifié.",
        )
    for problem in rows.problems:
        found = _problem(kind, problem.line, problem.field, problem.message["fr"], problem.message["en"])
        (rejected if problem.severity == Severity.ERROR else warnings).append(found)
    table_rows = []
    for line, record in records:
        values: dict[str, str] = {}
        formula = None
        for name, raw in zip(header, record.values(), strict=False):
            if raw.startswith("="):
                formula = (name, raw)
                break
            if name:
                values[name] = _cell_text(name, _unneutralise(raw))
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
        if any(v.strip() for v in values.values()):
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
            cell = row.values.get(col.name, "")
            if current is not None and col.exact:
                cell = _unless_as_written(cell, col.get(current))
            col.put(data, cell)
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
            current = existing.get(key)
            note = values.get("note", "")
            note = _unless_as_written(note, current.note) if current is not None else note
            relation = Relation(source=source, type=rtype, target=target, note=note)
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
        tables = _read_csv(data, changes.rejected, changes.warnings)
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

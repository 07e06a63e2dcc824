"""Writing the framework as a spreadsheet: the partner template (xlsx), the whole framework (xlsx), CSV."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment as CellComment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ...errors import UnknownItem
from ...materials._base import french_typography
from ...model import Framework
from .columns import (
    _COLUMNS,
    _DANGEROUS_START,
    _FORMAT,
    _INSTRUCTIONS_SHEET,
    _LISTS_SHEET,
    _META_SHEET,
    SHEET_KINDS,
    SheetError,
    _cell_values,
    _clean,
    _items,
    neutralise,
)

__all__ = ["framework_to_csv", "framework_to_xlsx", "template_xlsx"]

_INSTRUCTIONS = {
    "fr": [
        "Modèle de saisie du référentiel « {title} » (version {version}){partner}.",
        "Un onglet par type d'élément : competencies (compétences), badges, relations.",
        "Modifier une ligne existante met à jour l'élément (même identifiant). Ne modifiez ni « id » ni « ref ».",
        "Ajoutez une ligne (id et ref vides) pour proposer un nouvel élément : il sera enregistré comme proposition.",
        "Les listes déroulantes donnent les valeurs permises (statuts, niveaux, catégories, partenaires).",
        "Plusieurs valeurs dans une cellule : séparez-les par des virgules. Une valeur qui contient elle-même une",
        'virgule s\'écrit entre guillemets droits : "accueil, orientation", cuisine (deux mots-clés).',
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
        "Several values in one cell: separate them with commas. A value that itself holds a comma is written",
        'in double quotes: "accueil, orientation", cuisine (two tags).',
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

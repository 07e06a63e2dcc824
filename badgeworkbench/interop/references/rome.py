"""ROME 4.0 (France Travail open data): competencies, savoir-être, savoirs and the competency tree.

France Travail publishes ROME 4.0 as CSV files named ``unix_<table>_v4xx_utf8.csv`` (UTF-8; older
extracts and re-saved copies come in ISO-8859-1, with ``;`` or ``,``). Three of them describe
competencies, and :func:`read_rome` reads each by its column names, so that the three go into one
``rome`` set and complete each other by code:

- ``unix_referentiel_competence``: ``code_ogr, nature, libelle_competence, definition,
  code_ogr_macro_comp, code_macro_comp, cat_comp, sous_cat_comp…`` (v460); older extracts say
  ``libelle_type_competence`` / ``code_type_competence`` instead of ``cat_comp``;
- ``unix_referentiel_savoir``: ``code_ogr_savoir`` (or ``code_ogr``), ``libelle_savoir``,
  ``categorie_savoir``, ``sous_categorie_savoir`` (or ``libelle_categorie_savoir``);
- ``unix_arborescence_competences``: ``code_domaine_competence, domaine_competence, code_enjeu,
  enjeu, code_objectif, objectif, code_macro_competence, code_ogr_macro_competence,
  libelle_macro_competence, code_ogr_competence, libelle_competence``.

The category is kept word for word (``Savoir-être professionnel``); a savoir-être becomes an item of
kind ``attitude``, a savoir ``knowledge``, anything else ``skill``. Each competency's parent is its
macro-competency (an item too, with its OGR code as id), whose parent is its objective, then its
stake (enjeu), then its domain: those three levels are items of kind ``domain`` with the ids
``objectif-<code>``, ``enjeu-<code>``, ``domaine-<code>``.

>>> rome, report = read_rome(
...     "code_ogr;libelle_competence;definition;code_ogr_macro_comp;cat_comp\\n"
...     "300012;Faire preuve de rigueur;Respecter les règles;;Savoir-être professionnel\\n".encode("latin-1"))
>>> item = rome.item("300012")
>>> item.kind, item.category, item.descriptions["fr"]
('attitude', 'Savoir-être professionnel', 'Respecter les règles')
"""

from __future__ import annotations

import os

from ...report import Problem, Report, Severity
from ..tabular import CsvRows
from .sets import ReferenceItem, ReferenceSet, column, missing_column, no_rows, open_source_csv

__all__ = ["ROME_URI", "read_rome"]

#: Where a ROME competency is published (the OGR code follows).
ROME_URI = "https://www.francetravail.fr/rome/competence/"

#: The columns each piece of information may be in, in the order they are looked for.
_CODE = ("code_ogr_competence", "code_ogr_savoir", "code_ogr", "code")
_LABEL = ("libelle_competence", "libelle_savoir", "libelle", "libelle_savoir_etre", "libelle_savoir_faire")
_CATEGORY = ("cat_comp", "libelle_type_competence", "categorie_savoir", "libelle_categorie_savoir", "type_competence",
             "libelle_categorie", "categorie", "type")  # fmt: skip
_SUBCATEGORY = ("sous_cat_comp", "sous_categorie_savoir", "libelle_sous_categorie_savoir", "sous_categorie")
_DEFINITION = ("definition", "libelle_definition", "definition_competence", "description")
_MACRO_CODE = ("code_ogr_macro_competence", "code_ogr_macro_comp")
_MACRO_LABEL = ("libelle_macro_competence", "libelle_macro_comp")
#: The levels above a macro-competency in the tree file, from the top: (id prefix, code columns, label columns).
_LEVELS = (("domaine", ("code_domaine_competence",), ("domaine_competence", "libelle_domaine_competence")),
           ("enjeu", ("code_enjeu",), ("enjeu", "libelle_enjeu")),
           ("objectif", ("code_objectif",), ("objectif", "libelle_objectif")))  # fmt: skip


def _fold(text: str) -> str:
    return text.lower().replace("ê", "e").replace("é", "e").replace("_", "-")


def _kind(category: str, savoirs_file: bool) -> str:
    """``attitude`` for a savoir-être, ``knowledge`` for a savoir, else ``skill`` (savoir-faire).

    >>> _kind("Savoir-être professionnel", False), _kind("MACRO-SAVOIR-FAIRE", False), _kind("SAVOIR", False)
    ('attitude', 'skill', 'knowledge')
    """
    folded = _fold(category)
    if "etre" in folded:
        return "attitude"
    if savoirs_file or (folded.startswith("savoir") and "faire" not in folded):
        return "knowledge"
    return "skill"


def _is_savoirs_file(rows: CsvRows, code_column: str, label_column: str) -> bool:
    name = _fold(os.path.basename(rows.file))
    by_name = "savoir" in name and "faire" not in name and "etre" not in name
    return by_name or code_column.lower() == "code_ogr_savoir" or label_column.lower() == "libelle_savoir"


def read_rome(source: str | os.PathLike[str] | bytes, *, file: str | None = None) -> tuple[ReferenceSet, Report]:
    """One ROME 4.0 open-data CSV file (competencies, savoirs, or the competency tree) as a ``rome`` set.

    Raises :class:`~badgeworkbench.interop.references.sets.ReferenceFileError` (file, row, column)
    when the file is empty, not CSV text, or has no code or label column; a row without a code or a
    label is reported and skipped.
    """
    rows = open_source_csv(source, file)
    tree = [(prefix, column(rows, *codes), column(rows, *labels)) for prefix, codes, labels in _LEVELS]
    levels = [(prefix, code_col, label_col) for prefix, code_col, label_col in tree if code_col]
    macro_code, macro_label = column(rows, *_MACRO_CODE), column(rows, *_MACRO_LABEL)
    is_tree = bool(levels) or macro_label is not None
    code_column = column(rows, *_CODE)
    label_column = column(rows, *_LABEL)
    if code_column is None and not is_tree:
        raise missing_column(rows, "a ROME 4.0 file", _CODE[:3], "un fichier ROME 4.0")
    if label_column is None and not is_tree:
        raise missing_column(rows, "a ROME 4.0 file", _LABEL[:2], "un fichier ROME 4.0")
    category_column, subcategory_column = column(rows, *_CATEGORY), column(rows, *_SUBCATEGORY)
    definition_column = column(rows, *_DEFINITION)
    savoirs = code_column is not None and label_column is not None and _is_savoirs_file(rows, code_column, label_column)
    problems = rows.problems
    items: dict[str, ReferenceItem] = {}
    seen_rows = False
    for row_number, row in rows:
        seen_rows = True
        parent = ""
        for prefix, code_col, label_col in levels:
            level_code = row.get(code_col, "").strip()
            if level_code:
                level_id = f"{prefix}-{level_code}"
                label = row.get(label_col, "").strip() if label_col else ""
                if level_id not in items:
                    items[level_id] = ReferenceItem(id=level_id, code=level_code, kind="domain", parent=parent,
                                                    labels={"fr": label} if label else {})  # fmt: skip
                parent = level_id
        macro = row.get(macro_code, "").strip() if macro_code else ""
        if macro and macro_label is not None:  # the tree file: the macro-competency is an item of its own
            label = row.get(macro_label, "").strip()
            if macro not in items:
                items[macro] = ReferenceItem(id=macro, code=macro, kind="skill", parent=parent, uri=f"{ROME_URI}{macro}",
                                             labels={"fr": label} if label else {})  # fmt: skip
        code = row.get(code_column, "").strip() if code_column else ""
        label = row.get(label_column, "").strip() if label_column else ""
        if is_tree and not code and not label and (macro or parent):
            continue  # a macro-competency (a savoir-être) with no detailed competency under it
        if not code or not label:
            missing = (code_column or _CODE[0]) if not code else (label_column or _LABEL[0])
            problems.append(Problem("rome-row-incomplete", Severity.ERROR,
                                    {"fr": f"Ligne sans {'code' if not code else 'libellé'} (colonne {missing}) : ignorée.",
                                     "en": f"Row without a {'code' if not code else 'label'} (column {missing}): skipped."},
                                    field=missing, file=rows.file, line=row_number))  # fmt: skip
            continue
        category = row.get(category_column, "").strip() if category_column else ""
        subcategory = row.get(subcategory_column, "").strip() if subcategory_column else ""
        definition = row.get(definition_column, "").strip() if definition_column else ""
        up = macro if macro and macro != code else parent
        items[code] = ReferenceItem(id=code, code=code, kind=_kind(category, savoirs), parent=up,
                                    uri=f"{ROME_URI}{code}", labels={"fr": label},
                                    descriptions={"fr": definition} if definition else {},
                                    category=f"{category} › {subcategory}" if category and subcategory else category)  # fmt: skip
    if not seen_rows:
        raise no_rows(rows)
    return ReferenceSet("rome", "ROME 4.0", list(items.values())), Report(problems)

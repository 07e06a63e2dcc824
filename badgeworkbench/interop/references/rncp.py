"""RNCP (Répertoire national des certifications professionnelles): certifications and their skill blocks.

France Compétences publishes the RNCP as a set of CSV files (``export_fiches_CSV_*_<date>.csv``,
``;``-separated, UTF-8, sometimes re-saved in Latin-1). The skill blocks file,
``export_fiches_CSV_Blocs_De_Compétences_<date>.csv``, has the columns ``Numero_Fiche``
(``RNCP38596``), ``Bloc_Competences_Code`` (``RNCP38596BC02``) and ``Bloc_Competences_Libelle``;
the main file (``export_fiches_CSV_Standard_<date>.csv``) gives each fiche its title in
``Intitule``. :func:`read_rncp` reads either, or a file that has both: each certification is an item
of kind ``certification`` (its URI the fiche's page,
``https://www.francecompetences.fr/recherche/rncp/<number>/``), each block an item of kind
``skill-block`` under it (the same page, with the block's code as fragment, so that two blocks of
one certification stay two alignments). Reading the blocks file, then the main file, into the same
``rncp`` set gives the certifications their titles.

A badge aligned to a block exports the alignment with ``targetFramework`` ``RNCP``, the block's
code as ``targetCode`` and its page as ``targetUrl``.

>>> rncp, _ = read_rncp("Numero_Fiche;Bloc_Competences_Code;Bloc_Competences_Libelle\\n"
...                     "RNCP38596;RNCP38596BC02;Réaliser un diagnostic\\n".encode())
>>> [(item.id, item.kind, item.parent) for item in rncp.items]
[('RNCP38596', 'certification', ''), ('RNCP38596BC02', 'skill-block', 'RNCP38596')]
>>> rncp.item("RNCP38596BC02").uri
'https://www.francecompetences.fr/recherche/rncp/38596/#RNCP38596BC02'
"""

from __future__ import annotations

import os
import re

from ...report import Problem, Report, Severity
from .sets import ReferenceFileError, ReferenceItem, ReferenceSet, column, missing_column, no_rows, open_source_csv

__all__ = ["RNCP_URI", "read_rncp"]

#: The page of a certification on France Compétences' site (the fiche's number follows).
RNCP_URI = "https://www.francecompetences.fr/recherche/rncp/"
_FICHE = ("Numero_Fiche",)
_BLOCK_CODE = ("Bloc_Competences_Code",)
_BLOCK_LABEL = ("Bloc_Competences_Libelle",)
_TITLE = ("Intitule", "Intitule_Certification", "Intitule_Fiche")
#: Columns that describe a block in the exports that carry them (the XML-derived ones).
_BLOCK_DESCRIPTION = ("Liste_Competences", "Bloc_Competences_Liste_Competences")
_FICHE_NUMBER = re.compile(r"^(?:RNCP)?\s*(\d+)$", re.IGNORECASE)


def read_rncp(source: str | os.PathLike[str] | bytes, *, file: str | None = None) -> tuple[ReferenceSet, Report]:
    """An RNCP export (the skill blocks file, or the main file with the titles) as an ``rncp`` set.

    Raises :class:`~badgeworkbench.interop.references.sets.ReferenceFileError` (file, row, column)
    when the file is empty, not CSV text, has no ``Numero_Fiche`` column, or has neither the block
    columns nor a title column; a row whose fiche number or block is incomplete is reported and skipped.
    """
    rows = open_source_csv(source, file)
    fiche_column = column(rows, *_FICHE)
    if fiche_column is None:
        raise missing_column(rows, "an RNCP export", _FICHE, "un export RNCP")
    code_column, label_column = column(rows, *_BLOCK_CODE), column(rows, *_BLOCK_LABEL)
    title_column, description_column = column(rows, *_TITLE), column(rows, *_BLOCK_DESCRIPTION)
    if code_column is None and title_column is None:
        raise missing_column(rows, "an RNCP export (the skill blocks file, or the main file with titles)",
                             _BLOCK_CODE + _TITLE[:1], "un export RNCP (blocs de compétences, ou fichier principal)")  # fmt: skip
    if code_column is not None and label_column is None:
        raise missing_column(rows, "the RNCP skill blocks file", _BLOCK_LABEL, "le fichier RNCP des blocs")
    problems = rows.problems
    items: dict[str, ReferenceItem] = {}
    seen_rows = False
    for row_number, row in rows:
        seen_rows = True
        raw = row.get(fiche_column, "").strip()
        match = _FICHE_NUMBER.match(raw)
        if not match:
            problems.append(_row_problem(rows.file, row_number, fiche_column,
                                         f"numéro de fiche {raw!r} illisible (attendu : RNCP suivi de chiffres)" if raw else "numéro de fiche absent",
                                         f"unreadable fiche number {raw!r} (expected RNCP and digits)" if raw else "no fiche number"))  # fmt: skip
            continue
        number = match.group(1)
        fiche_id = f"RNCP{number}"
        title = row.get(title_column, "").strip() if title_column else ""
        if fiche_id not in items or (title and not items[fiche_id].labels):
            items[fiche_id] = ReferenceItem(id=fiche_id, code=fiche_id, kind="certification", uri=f"{RNCP_URI}{number}/",
                                            labels={"fr": title} if title else {})  # fmt: skip
        if code_column is None or label_column is None:
            continue
        code, label = row.get(code_column, "").strip(), row.get(label_column, "").strip()
        if not code and not label and title_column:
            continue  # a main-file row that happens to sit in a file with block columns
        if not code or not label:
            missing = code_column if not code else label_column
            problems.append(_row_problem(rows.file, row_number, missing, "bloc sans code ou sans libellé",
                                         "block without a code or a label"))  # fmt: skip
            continue
        description = row.get(description_column, "").strip() if description_column else ""
        items[code] = ReferenceItem(id=code, code=code, kind="skill-block", parent=fiche_id,
                                    uri=f"{RNCP_URI}{number}/#{code}", labels={"fr": label},
                                    descriptions={"fr": description} if description else {})  # fmt: skip
    if not seen_rows:
        raise no_rows(rows)
    if not items:
        raise ReferenceFileError(rows.file, f"no row has a readable {fiche_column}: nothing to add (is it an RNCP export?).",
                                 f"aucune ligne n'a de {fiche_column} lisible : rien à ajouter (est-ce un export RNCP ?).", 2)  # fmt: skip
    return ReferenceSet("rncp", "RNCP", list(items.values())), Report(problems)


def _row_problem(file: str, row: int, field: str, fr: str, en: str) -> Problem:
    return Problem("rncp-row-incomplete", Severity.ERROR, {"fr": f"{fr[0].upper()}{fr[1:]} : ligne ignorée.",
                                                           "en": f"{en[0].upper()}{en[1:]}: row skipped."},
                   field=field, file=file, line=row)  # fmt: skip

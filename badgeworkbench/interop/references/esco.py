"""ESCO (the European skills classification) from its official CSV download, one file per language.

The ESCO portal's CSV download holds, per language, ``skills_<lang>.csv`` with the columns
``conceptType, conceptUri, skillType, reuseLevel, preferredLabel, altLabels, hiddenLabels, status,
modifiedDate, scopeNote, definition, inScheme, description`` (``altLabels`` holds one label per
line), ``skillGroups_<lang>.csv`` (the same layout for the groups), and two files that give
skills their parents: ``broaderRelationsSkillPillar_<lang>.csv`` (``conceptType, conceptUri,
broaderType, broaderUri``, newer releases add the labels) and ``skillsHierarchy_<lang>.csv``
(``Level 0 URI, Level 0 preferred term, … Level 3 URI, Level 3 preferred term, Description, Scope
note, Level 0 code … Level 3 code``). :func:`read_esco_skills` recognises each by its columns; they all
go into one ``esco`` set, and the file of another language completes the same items' labels.

>>> esco, _ = read_esco_skills(
...     b"conceptType,conceptUri,skillType,preferredLabel,altLabels,description\\n"
...     b'KnowledgeSkillCompetence,http://data.europa.eu/esco/skill/s1,knowledge,hygiene,"food hygiene\\nhaccp",\\n',
...     lang="en")
>>> item = esco.items[0]
>>> item.kind, item.category, item.alt_labels["en"]
('knowledge', 'knowledge', ('food hygiene', 'haccp'))
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path

from ...report import Problem, Report, Severity
from ..tabular import CsvRows
from .sets import ReferenceItem, ReferenceSet, column, missing_column, no_rows, open_source_csv

__all__ = ["read_esco_skills"]

_LANG_IN_NAME = re.compile(r"(?:^|[_\-.])([a-z]{2})(?:\.csv)?$", re.IGNORECASE)
#: ``conceptType`` values kept from a skills or skill groups file, and the kind of item each becomes.
_CONCEPT_KINDS = {"knowledgeskillcompetence": "", "skillgroup": "group"}


def read_esco_skills(source: str | os.PathLike[str] | bytes, *, lang: str | None = None,
                     file: str | None = None) -> tuple[ReferenceSet, Report]:  # fmt: skip
    """An ESCO CSV file of the official download: skills, skill groups, broader relations or the hierarchy.

    Skills: the id and URI are ``conceptUri``; ``preferredLabel`` is the label, ``altLabels`` the
    alternative labels, ``description`` (else ``definition``) the description, in the file's
    language; ``skillType`` is kept as the category and gives the kind (``knowledge``, else
    ``skill``). The language is ``lang``, else read from the file name (``skills_fr.csv``), else
    French (reported). Raises :class:`~badgeworkbench.interop.references.sets.ReferenceFileError`
    when the file is empty, not CSV text, or is none of these layouts.
    """
    rows = open_source_csv(source, file)
    problems = rows.problems
    if column(rows, "broaderUri"):
        items = _broader_relations(rows)
    elif column(rows, "Level 0 URI"):
        items = _hierarchy(rows, _language(rows, lang))
    elif column(rows, "conceptUri") is None:
        raise missing_column(rows, "an ESCO skills file", ("conceptUri",), "un fichier ESCO")
    elif column(rows, "preferredLabel") is None:
        raise missing_column(rows, "an ESCO skills file", ("preferredLabel",), "un fichier ESCO")
    else:
        items = _skills(rows, _language(rows, lang))
    return ReferenceSet("esco", "ESCO", items), Report(problems)


def _language(rows: CsvRows, lang: str | None) -> str:
    if lang:
        return lang
    match = _LANG_IN_NAME.search(Path(rows.file).stem)
    if match:
        return match.group(1).lower()
    rows.problems.append(Problem("esco-language-guessed", Severity.INFO,
                                 {"fr": "Langue absente du nom de fichier : français supposé (--lang pour la donner).",
                                  "en": "No language in the file name: French assumed (give it with --lang)."},
                                 file=rows.file))  # fmt: skip
    return "fr"


def _skills(rows: CsvRows, lang: str) -> list[ReferenceItem]:
    uri_column, label_column = column(rows, "conceptUri") or "", column(rows, "preferredLabel") or ""
    type_column, skill_type_column = column(rows, "conceptType"), column(rows, "skillType")
    alt_column, description_column, definition_column = (column(rows, "altLabels"), column(rows, "description"),
                                                         column(rows, "definition"))  # fmt: skip
    items: list[ReferenceItem] = []
    seen_rows = False
    for row_number, row in rows:
        seen_rows = True
        uri, label = row.get(uri_column, "").strip(), row.get(label_column, "").strip()
        if not uri or not label:
            missing = uri_column if not uri else label_column
            rows.problems.append(_row_incomplete(rows, missing, row_number))
            continue
        concept_type = (row.get(type_column, "") if type_column else "").strip().lower() or "knowledgeskillcompetence"
        if concept_type not in _CONCEPT_KINDS:
            continue  # occupations and collections are not skills: a mixed file keeps skills and groups
        text = row.get(alt_column, "") if alt_column else ""
        alternatives = tuple(a.strip() for a in re.split(r"[\n\r]+", text) if a.strip())
        description = ((row.get(description_column, "") if description_column else "").strip()
                       or (row.get(definition_column, "") if definition_column else "").strip())  # fmt: skip
        skill_type = (row.get(skill_type_column, "") if skill_type_column else "").strip()
        kind = _CONCEPT_KINDS[concept_type] or ("knowledge" if skill_type.lower() == "knowledge" else "skill")
        items.append(ReferenceItem(id=uri, code=uri.rsplit("/", 1)[-1], kind=kind, uri=uri, labels={lang: label},
                                   alt_labels={lang: alternatives} if alternatives else {},
                                   descriptions={lang: description} if description else {},
                                   category=skill_type))  # fmt: skip
    if not seen_rows:
        raise no_rows(rows)
    return items


def _row_incomplete(rows: CsvRows, missing: str, row_number: int) -> Problem:
    return Problem("esco-row-incomplete", Severity.ERROR,
                   {"fr": f"Ligne sans {missing} : ignorée.", "en": f"Row without a {missing}: skipped."},
                   field=missing, file=rows.file, line=row_number)  # fmt: skip


def _broader_relations(rows: CsvRows) -> list[ReferenceItem]:
    """``broaderRelationsSkillPillar``: each concept gets its broader concepts (the first is its parent)."""
    uri_column = column(rows, "conceptUri")
    if uri_column is None:
        raise missing_column(rows, "an ESCO broader relations file", ("conceptUri",), "un fichier ESCO de relations")
    broader_column = column(rows, "broaderUri") or ""
    broader: dict[str, list[str]] = {}
    seen_rows = False
    for row_number, row in rows:
        seen_rows = True
        uri, up = row.get(uri_column, "").strip(), row.get(broader_column, "").strip()
        if not uri or not up:
            missing = uri_column if not uri else broader_column
            rows.problems.append(_row_incomplete(rows, missing, row_number))
            continue
        broader.setdefault(uri, [])
        if up not in broader[uri]:
            broader[uri].append(up)
    if not seen_rows:
        raise no_rows(rows)
    return [ReferenceItem(id=uri, code=uri.rsplit("/", 1)[-1], uri=uri, parent=ups[0], broader=tuple(ups[1:]))
            for uri, ups in broader.items()]  # fmt: skip


def _hierarchy(rows: CsvRows, lang: str) -> list[ReferenceItem]:
    """``skillsHierarchy``: the skill pillar's groups, each under the one of the level above."""
    levels = [(column(rows, f"Level {n} URI"), column(rows, f"Level {n} preferred term"), column(rows, f"Level {n} code"))
              for n in range(4)]  # fmt: skip
    description_column = column(rows, "Description")
    items: dict[str, ReferenceItem] = {}
    seen_rows = False
    for _, row in rows:
        seen_rows = True
        parent = ""
        deepest = ""
        for uri_col, label_col, code_col in levels:
            uri = row.get(uri_col, "").strip() if uri_col else ""
            if not uri:
                continue
            label = row.get(label_col, "").strip() if label_col else ""
            if uri not in items:
                items[uri] = ReferenceItem(id=uri, code=(row.get(code_col, "").strip() if code_col else "")
                                           or uri.rsplit("/", 1)[-1], kind="group", parent=parent, uri=uri,
                                           labels={lang: label} if label else {})  # fmt: skip
            parent = deepest = uri
        description = row.get(description_column, "").strip() if description_column else ""
        if deepest and description and lang not in items[deepest].descriptions:
            items[deepest] = replace(items[deepest], descriptions={lang: description})
    if not seen_rows:
        raise no_rows(rows)
    return list(items.values())

"""Moodle competency frameworks as CSV (the format of Moodle's "Import competency framework" tool).

One row per competency, plus one row (``isframework`` = 1) for the framework itself, in 14
columns: parent id number, id number, short name, description, description format, scale
values, scale configuration, rule type, rule outcome, rule config, cross-referenced competency
id numbers, exported id, is framework, taxonomy.

==========================  ==============================================================
Moodle                      Badge Workbench
==========================  ==============================================================
framework row               framework title / description (in ``lang``), id
id number                   competency id (made safe if needed) and ``code``
parent id number            ``parent``
short name / description    ``title`` / ``description`` in ``lang``; HTML becomes Markdown
scale values                a competency's own scale: its levels (the framework's scale is
                            reported, not copied into every competency)
cross-referenced id numbers ``isRelatedTo`` relations
taxonomy (per depth)        competency ``kind`` (domain, skill, concept → knowledge,
                            behaviour/value → attitude, practice → experiential)
rule type/outcome/config    not represented: reported on import, left empty on export
==========================  ==============================================================

>>> from badgeworkbench.model import Framework, Competency
>>> fw = Framework(id="f", title={"fr": "Réf"}, competencies=[Competency(id="a", title={"fr": "=Accueillir"})])
>>> text = framework_to_moodle_csv(fw)
>>> "'=Accueillir" in text  # a formula-looking cell is neutralised
True
>>> back, report = read_moodle_csv(text.encode())
>>> back.competencies[0].title
{'fr': '=Accueillir'}
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from typing import Any

from pydantic import ValidationError

from ..ids import is_safe_id, slugify, unique_id
from ..model import Competency, Framework, Level, Relation, text
from ..report import Problem, Report, Severity
from .tabular import CsvFileError, html_to_markdown, looks_like_excel_date, read_csv, write_csv

__all__ = ["MOODLE_COLUMNS", "MOODLE_HEADER", "framework_to_moodle_csv", "read_moodle_csv"]

#: The 14 columns, in order, by their key.
MOODLE_COLUMNS = [
    "parentidnumber", "idnumber", "shortname", "description", "descriptionformat", "scalevalues",
    "scaleconfiguration", "ruletype", "ruleoutcome", "ruleconfig", "relatedidnumbers", "exportid",
    "isframework", "taxonomy",
]  # fmt: skip
#: The header Moodle writes (English).
MOODLE_HEADER = [
    "Parent ID number", "ID number", "Short name", "Description", "Description format", "Scale values",
    "Scale configuration", "Rule type (optional)", "Rule outcome (optional)", "Rule config (optional)",
    "Cross-referenced competency ID numbers", "Exported ID (optional)", "Is framework", "Taxonomy",
]  # fmt: skip
_ALIASES = {"crossreferencedcompetencyidnumbers": "relatedidnumbers", "exportedid": "exportid",
            "taxonomies": "taxonomy"}  # fmt: skip

FORMAT_MOODLE, FORMAT_HTML, FORMAT_PLAIN, FORMAT_MARKDOWN = 0, 1, 2, 4
_TAXONOMY_KIND = {"domain": "domain", "competency": "skill", "skill": "skill", "proficiency": "skill",
                  "outcome": "skill", "indicator": "skill", "level": "skill", "concept": "knowledge",
                  "behaviour": "attitude", "value": "attitude", "practice": "experiential"}  # fmt: skip
_KIND_TAXONOMY = {"domain": "domain", "skill": "skill", "knowledge": "concept", "attitude": "behaviour",
                  "experiential": "practice"}  # fmt: skip
_DEFAULT_SCALE = {"fr": ["Pas encore acquis", "Acquis"], "en": ["Not yet competent", "Competent"]}


def _key(header: str) -> str:
    key = re.sub(r"[^a-z]", "", header.lower().replace("(optional)", "").replace("(facultatif)", ""))
    return _ALIASES.get(key, key)


def _problem(code: str, fr: str, en: str, file: str, row: int | None = None, column: str | None = None,
             severity: Severity = Severity.WARNING) -> Problem:  # fmt: skip
    return Problem(code, severity, {"fr": fr, "en": en}, field=column, file=file, line=row)


def _description(value: str, fmt: str) -> str:
    # Moodle's own exports say HTML (1) for most descriptions; people's files often say nothing.
    if fmt.strip() == str(FORMAT_HTML) or (not fmt.strip() and re.search(r"<[a-zA-Z/][^>]*>", value)):
        return html_to_markdown(value)
    return value.strip()


def _scale(values: str) -> list[str]:
    return [v.strip() for v in values.split(",") if v.strip()]


def _levels(names: list[str], lang: str) -> list[Level]:
    taken: set[str] = set()
    levels = []
    for name in names:
        level_id = unique_id(slugify(name), taken)
        taken.add(level_id)
        levels.append(Level(id=level_id, name={lang: name}))
    return levels


def read_moodle_csv(source: str | os.PathLike[str] | bytes, *, file: str | None = None,
                    lang: str = "fr") -> tuple[Framework, Report]:  # fmt: skip
    """A framework from a Moodle competency framework CSV, and the report of what was approximated.

    Rows are read by column name (Moodle's English header or the keys), else by position when the
    file has the 14 columns. Bad rows are reported with their row number and skipped; the good ones
    are imported. Raises :class:`~badgeworkbench.interop.tabular.CsvFileError` when the file has
    neither the columns nor a framework row to hang competencies on.
    """
    rows = read_csv(source, file=file)
    name = rows.file
    keys = [_key(h) for h in rows.header]
    if "idnumber" not in keys or "shortname" not in keys:
        if len(rows.header) < len(MOODLE_COLUMNS) - 2:
            raise CsvFileError(name, "is not a Moodle competency framework CSV: it needs the columns "
                                     f"{', '.join(MOODLE_HEADER)} (found: {', '.join(rows.header)}).", 1)  # fmt: skip
        keys = MOODLE_COLUMNS[: len(rows.header)]
        rows.problem("moodle-header-unknown", "En-têtes inconnus : colonnes lues dans l'ordre de Moodle.",
                     "Unknown headers: columns read in Moodle's order.", 1, severity=Severity.INFO)  # fmt: skip
    mapping = dict(zip(rows.header, keys, strict=True))

    framework_row: dict[str, str] | None = None
    records: list[tuple[int, dict[str, str]]] = []
    seen_idnumbers: set[str] = set()
    for row_number, raw in rows:
        record = {key: "" for key in MOODLE_COLUMNS}
        record.update({mapping[h]: v for h, v in raw.items() if mapping.get(h) in record})
        if record["isframework"].strip() not in ("", "0"):
            if framework_row is None:
                framework_row = record
            else:
                rows.problem("moodle-second-framework", "Deuxième ligne « cadre » ignorée.",
                             "Second framework row ignored.", row_number, "isframework")  # fmt: skip
            continue
        idnumber = record["idnumber"].strip()
        if not idnumber or not record["shortname"].strip():
            rows.problem("moodle-row-incomplete", "Ligne sans numéro d'identification ou sans nom abrégé : ignorée.",
                         "Row without an ID number or a short name: skipped.", row_number,
                         "idnumber" if not idnumber else "shortname", Severity.ERROR)  # fmt: skip
            continue
        if idnumber in seen_idnumbers:
            rows.problem("moodle-duplicate-idnumber", f"Numéro d'identification {idnumber!r} en double : ligne ignorée.",
                         f"Duplicate ID number {idnumber!r}: row skipped.", row_number, "idnumber", Severity.ERROR)  # fmt: skip
            continue
        seen_idnumbers.add(idnumber)
        for column in ("idnumber", "parentidnumber"):
            if looks_like_excel_date(record[column]):
                rows.problem("excel-date", f"{record[column]!r} ressemble à une date fabriquée par Excel à partir d'un code.",
                             f"{record[column]!r} looks like a date Excel made out of a code: check the original.",
                             row_number, column)  # fmt: skip
        records.append((row_number, record))
    problems = rows.problems
    if framework_row is None:
        if not records:
            raise CsvFileError(name, "holds no framework row and no competency: nothing to import.")
        problems.append(_problem("moodle-no-framework-row", "Pas de ligne « cadre » (isframework = 1) : titre tiré du fichier.",
                                 "No framework row (isframework = 1): the title comes from the file name.", name))  # fmt: skip
        stem = os.path.splitext(os.path.basename(name))[0] or "moodle"
        framework_row = {key: "" for key in MOODLE_COLUMNS} | {"idnumber": stem, "shortname": stem}

    # ids: the id number when it is safe as is, else a safe form of it (reported)
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for row_number, record in records:
        idnumber = record["idnumber"].strip()
        cid = idnumber if is_safe_id(idnumber) and idnumber not in taken else unique_id(slugify(idnumber), taken)
        if cid != idnumber:
            problems.append(_problem("moodle-id-changed", f"Numéro {idnumber!r} utilisé comme identifiant {cid!r}.",
                                     f"ID number {idnumber!r} used as the id {cid!r}.", name, row_number, "idnumber",
                                     Severity.INFO))  # fmt: skip
        taken.add(cid)
        ids[idnumber] = cid

    taxonomy = [t.strip().lower() for t in framework_row["taxonomy"].split(",")]
    framework_scale = _scale(framework_row["scalevalues"])
    parent_of = {r["idnumber"].strip(): r["parentidnumber"].strip() for _, r in records}

    def depth(idnumber: str) -> int:
        level, node, seen = 0, idnumber, set()
        while parent_of.get(node) and parent_of[node] in parent_of and node not in seen:
            seen.add(node)
            node, level = parent_of[node], level + 1
        return level

    competencies: list[Competency] = []
    relations: list[Relation] = []
    for row_number, record in records:
        idnumber = record["idnumber"].strip()
        parent = record["parentidnumber"].strip()
        if parent and parent not in ids:
            problems.append(_problem("moodle-unknown-parent", f"Parent {parent!r} inconnu : la compétence devient une racine.",
                                     f"Unknown parent {parent!r}: the competency becomes a root.", name, row_number,
                                     "parentidnumber"))  # fmt: skip
        kind = _TAXONOMY_KIND.get(taxonomy[depth(idnumber)] if depth(idnumber) < len(taxonomy) else "", "skill")
        scale = _scale(record["scalevalues"])
        if record["ruletype"].strip():
            problems.append(_problem("moodle-rule-not-imported",
                                     f"Règle de validation {record['ruletype'].strip()!r} non importée (pas d'équivalent).",
                                     f"Completion rule {record['ruletype'].strip()!r} not imported (no equivalent).",
                                     name, row_number, "ruletype"))  # fmt: skip
        description = _description(record["description"], record["descriptionformat"])
        try:
            competencies.append(Competency(
                id=ids[idnumber], title={lang: record["shortname"].strip()},
                description={lang: description} if description else {},
                parent=ids.get(parent) if parent else None, code=idnumber, kind=kind, levels=_levels(scale, lang)))  # fmt: skip
        except ValidationError as error:
            problems.append(_problem("moodle-row-invalid", f"Ligne invalide ({error.errors()[0]['msg']}) : ignorée.",
                                     f"Invalid row ({error.errors()[0]['msg']}): skipped.", name, row_number,
                                     severity=Severity.ERROR))  # fmt: skip
            continue
        for related in record["relatedidnumbers"].split(","):
            related = related.strip().replace("%2C", ",")
            if not related:
                continue
            if related not in ids:
                problems.append(_problem("moodle-unknown-related", f"Compétence liée {related!r} inconnue : lien ignoré.",
                                         f"Unknown related competency {related!r}: link skipped.", name, row_number,
                                         "relatedidnumbers"))  # fmt: skip
                continue
            pair = {ids[idnumber], ids[related]}
            # Moodle lists a cross-reference on both sides; one relation is enough
            if not any({r.source, r.target} == pair for r in relations):
                relations.append(Relation(source=ids[idnumber], type="isRelatedTo", target=ids[related]))

    if framework_scale:
        problems.append(_problem("moodle-framework-scale",
                                 f"Échelle du référentiel ({', '.join(framework_scale)}) non recopiée dans chaque compétence : seules les échelles propres deviennent des niveaux.",
                                 f"The framework's scale ({', '.join(framework_scale)}) is not copied into each competency: only competencies' own scales become levels.",
                                 name, None, "scalevalues", Severity.INFO))  # fmt: skip
    framework_id = framework_row["idnumber"].strip()
    description = _description(framework_row["description"], framework_row["descriptionformat"])
    framework = Framework(
        id=framework_id if is_safe_id(framework_id) else slugify(framework_row["shortname"] or framework_id or "moodle"),
        title={lang: framework_row["shortname"].strip() or framework_id},
        description={lang: description} if description else {},
        languages=[lang, *[other for other in ("fr", "en") if other != lang]],
        competencies=competencies,
        relations=relations,
    )
    return framework, Report(problems)


def framework_to_moodle_csv(framework: Framework, *, lang: str | None = None) -> str:
    """The framework as a Moodle competency framework CSV (UTF-8, comma-separated, cells neutralised).

    Texts are written in ``lang`` (default: the framework's first language), descriptions as
    Markdown (description format 4). The framework's scale is the most common list of levels
    among its competencies (else "Pas encore acquis, Acquis"); every competency with levels carries
    them as its own scale. Only
    ``isRelatedTo`` relations have a Moodle equivalent (cross-referenced competencies).
    """
    lang = lang or (framework.languages[0] if framework.languages else "fr")

    def names(levels: list[Level]) -> tuple[str, ...]:
        return tuple(text(level.name, lang) or level.id for level in levels)

    scales = Counter(names(c.levels) for c in framework.competencies if c.levels)
    framework_scale = list(scales.most_common(1)[0][0]) if scales else _DEFAULT_SCALE.get(lang, _DEFAULT_SCALE["en"])

    def configuration(values: list[str]) -> str:
        # default: the first value; proficient: every value after the first (Moodle needs one of each)
        entries: list[dict[str, Any]] = [{"scaleid": None}]
        entries += [{"id": i, "scaledefault": int(i == 1), "proficient": int(i > 1 or len(values) == 1)}
                    for i in range(1, len(values) + 1)]  # fmt: skip
        return json.dumps(entries, separators=(",", ":"))

    known = {c.id for c in framework.competencies}
    depth_kinds: dict[int, Counter[str]] = {}
    parent = {c.id: c.parent for c in framework.competencies}
    for c in framework.competencies:
        level, node, seen = 0, c.id, set()
        while parent.get(node) in known and node not in seen:
            seen.add(node)
            node, level = parent[node], level + 1  # type: ignore[assignment]
        depth_kinds.setdefault(level, Counter())[str(c.kind)] += 1
    taxonomy = [_KIND_TAXONOMY.get(depth_kinds[d].most_common(1)[0][0], "competency") for d in sorted(depth_kinds)]

    related: dict[str, list[str]] = {}
    for r in framework.relations:
        if r.type == "isRelatedTo" and r.source in known and r.target in known:
            related.setdefault(r.source, []).append(r.target.replace(",", "%2C"))

    rows: list[list[Any]] = [[
        "", framework.id, text(framework.title, lang) or framework.id, text(framework.description, lang),
        FORMAT_MARKDOWN, ",".join(framework_scale), configuration(framework_scale), "", "", "", "", "", 1,
        ",".join(taxonomy or ["competency"]),
    ]]  # fmt: skip
    for c in framework.competencies:
        own = list(names(c.levels))
        # written even when equal to the framework's scale: a competency without levels has none to write
        scale_values = ",".join(own)
        rows.append([
            c.parent if c.parent in known else "", c.id, text(c.title, lang) or c.id, c.description.get(lang, ""),
            FORMAT_MARKDOWN, scale_values, configuration(own) if scale_values else "", "", "", "",
            ",".join(related.get(c.id, [])), c.id, "", "",
        ])  # fmt: skip
    return write_csv(rows, MOODLE_HEADER)

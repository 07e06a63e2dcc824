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
rule type/outcome/config    not represented: reported on import, kept in ``moodle`` and
                            written back on export
description format, scale   kept in the competency's (and the framework's) ``moodle`` record
configuration, exported id,
framework scale, taxonomy
==========================  ==============================================================

A framework imported from Moodle exports back as Moodle wrote it: the framework's scale ("Not yet
competent,Competent" stays English), each scale configuration, the description format and the HTML
of a description that was not edited since, the rules, the exported ids and the taxonomy of every
depth, in the layout of Moodle's own export (cells quoted only when they hold a comma, a quote, a
space or a line break; ``\n`` line ends). What was edited here is written from the model instead
(a changed description as Markdown, format 4; a changed scale with a configuration made for it).

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
from ..model import Competency, Framework, Level, MoodleRow, Relation, text
from ..report import Problem, Report, Severity
from .tabular import CsvFileError, html_to_markdown, looks_like_excel_date, neutralise, read_csv

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


def _kept(record: dict[str, str], description: str, *, framework_row: bool = False) -> MoodleRow | None:
    """The cells of ``record`` that only Moodle uses, kept to be written back (``None`` when all are empty)."""
    fmt = record["descriptionformat"].strip()
    raw = record["description"]
    # HTML is kept even when it reads the same as Markdown: only then can an edit be told from the original.
    as_written = raw if raw and (raw != description or fmt == str(FORMAT_HTML)) else ""
    kept = MoodleRow(
        description_format=fmt, description_as_written=as_written,
        scale_values=record["scalevalues"] if framework_row else "",
        scale_configuration=record["scaleconfiguration"], rule_type=record["ruletype"],
        rule_outcome=record["ruleoutcome"], rule_config=record["ruleconfig"], export_id=record["exportid"],
        taxonomy=record["taxonomy"].split(",") if framework_row and record["taxonomy"] else [],
    )  # fmt: skip
    return None if kept == MoodleRow() else kept


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
                                     f"Règle de validation {record['ruletype'].strip()!r} non appliquée ici (pas d'équivalent) : gardée pour l'export Moodle.",
                                     f"Completion rule {record['ruletype'].strip()!r} not applied here (no equivalent): kept for the Moodle export.",
                                     name, row_number, "ruletype"))  # fmt: skip
        description = _description(record["description"], record["descriptionformat"])
        try:
            competencies.append(Competency(
                id=ids[idnumber], title={lang: record["shortname"].strip()},
                description={lang: description} if description else {},
                parent=ids.get(parent) if parent else None, code=idnumber, kind=kind, levels=_levels(scale, lang),
                moodle=_kept(record, description)))  # fmt: skip
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
                                 f"Échelle du référentiel ({', '.join(framework_scale)}) gardée pour l'export Moodle, non recopiée dans chaque compétence : seules les échelles propres deviennent des niveaux.",
                                 f"The framework's scale ({', '.join(framework_scale)}) is kept for the Moodle export, not copied into each competency: only competencies' own scales become levels.",
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
        moodle=_kept(framework_row, description, framework_row=True),
    )
    return framework, Report(problems)


def _php_csv_line(cells: list[Any]) -> str:
    """One line as Moodle's exporter writes it (PHP ``fputcsv``): a cell is quoted only when it holds the
    delimiter, a quote, a backslash, a space, a tab or a line break; quotes doubled; ``\\n`` at the end.

    >>> _php_csv_line(["", "D1", "Not yet competent,Competent", "Communication", 1])
    ',D1,"Not yet competent,Competent",Communication,1\\n'
    """
    out = []
    for cell in cells:
        value = neutralise(cell)
        if any(ch in value for ch in ',"\\ \t\r\n'):
            value = '"' + value.replace('"', '""') + '"'
        out.append(value)
    return ",".join(out) + "\n"


def _configuration(values: list[str], kept: MoodleRow | None) -> str:
    """The scale configuration: the one Moodle wrote while it still fits the scale, else one made for it
    (default: the first value; proficient: every value after the first, as Moodle needs one of each)."""
    if kept is not None and kept.scale_configuration:
        try:
            entries = json.loads(kept.scale_configuration)
            ids = [e["id"] for e in entries if isinstance(e, dict) and "id" in e]
        except (ValueError, TypeError, KeyError):
            ids = []
        if ids == list(range(1, len(values) + 1)):
            return kept.scale_configuration
    made: list[dict[str, Any]] = [{"scaleid": None}]
    made += [{"id": i, "scaledefault": int(i == 1), "proficient": int(i > 1 or len(values) == 1)}
             for i in range(1, len(values) + 1)]  # fmt: skip
    return json.dumps(made, separators=(",", ":"))


def _description_cells(current: str, kept: MoodleRow | None) -> tuple[str, str]:
    """(description, format): Moodle's own cell while the description is unchanged, else the Markdown (format 4)."""
    if kept is not None and kept.description_as_written:
        if _description(kept.description_as_written, kept.description_format) == current:
            return kept.description_as_written, kept.description_format
        return current, str(FORMAT_MARKDOWN)
    if kept is not None and kept.description_format:
        return current, kept.description_format
    return current, str(FORMAT_MARKDOWN)


def _taxonomy(framework: Framework) -> list[str]:
    """Moodle's term for each depth: the one the framework row had while it still names the kind found at that
    depth (and every term of depths with no competency), else one made from the kinds."""
    known = {c.id for c in framework.competencies}
    depth_kinds: dict[int, Counter[str]] = {}
    parent = {c.id: c.parent for c in framework.competencies}
    for c in framework.competencies:
        level, node, seen = 0, c.id, set()
        while parent.get(node) in known and node not in seen:
            seen.add(node)
            node, level = parent[node], level + 1  # type: ignore[assignment]
        depth_kinds.setdefault(level, Counter())[str(c.kind)] += 1
    kept = framework.moodle.taxonomy if framework.moodle is not None else []
    taxonomy = []
    for depth in range(max([*depth_kinds, len(kept) - 1], default=0) + 1):
        found = depth_kinds[depth].most_common(1)[0][0] if depth in depth_kinds else None
        term = kept[depth] if depth < len(kept) else None
        if term is not None and (found is None or _TAXONOMY_KIND.get(term.strip().lower(), "skill") == found):
            taxonomy.append(term)
        else:
            taxonomy.append(_KIND_TAXONOMY.get(found or "skill", "competency"))
    return taxonomy


def framework_to_moodle_csv(framework: Framework, *, lang: str | None = None) -> str:
    """The framework as a Moodle competency framework CSV, laid out as Moodle's own export (UTF-8, comma-separated,
    formula-looking cells neutralised).

    Texts are written in ``lang`` (default: the framework's first language), descriptions as
    Markdown (description format 4) unless Moodle's own cell is kept (see the module). The framework's
    scale is the one imported from Moodle, else the most common list of levels among its competencies
    (else "Pas encore acquis, Acquis"); every competency with levels carries them as its own scale. Only
    ``isRelatedTo`` relations have a Moodle equivalent (cross-referenced competencies, listed on both sides
    as Moodle does).
    """
    lang = lang or (framework.languages[0] if framework.languages else "fr")

    def names(levels: list[Level]) -> tuple[str, ...]:
        return tuple(text(level.name, lang) or level.id for level in levels)

    own_framework = framework.moodle
    if own_framework is not None and own_framework.scale_values:
        framework_scale = _scale(own_framework.scale_values)
    else:
        scales = Counter(names(c.levels) for c in framework.competencies if c.levels)
        framework_scale = (
            list(scales.most_common(1)[0][0]) if scales else _DEFAULT_SCALE.get(lang, _DEFAULT_SCALE["en"])
        )

    known = {c.id for c in framework.competencies}
    # a competency imported from Moodle goes back under its Moodle id number (its code)
    idnumber = {c.id: c.code if c.moodle is not None and c.code else c.id for c in framework.competencies}
    related: dict[str, list[str]] = {}
    for r in framework.relations:
        if r.type == "isRelatedTo" and r.source in known and r.target in known and r.source != r.target:
            for one, other in ((r.source, r.target), (r.target, r.source)):
                listed = related.setdefault(one, [])
                if idnumber[other].replace(",", "%2C") not in listed:
                    listed.append(idnumber[other].replace(",", "%2C"))

    description, fmt = _description_cells(framework.description.get(lang, ""), own_framework)
    lines = [_php_csv_line(MOODLE_HEADER), _php_csv_line([
        "", framework.id, text(framework.title, lang) or framework.id, description, fmt,
        ",".join(framework_scale), _configuration(framework_scale, own_framework), "", "", "", "",
        own_framework.export_id if own_framework is not None else "", 1, ",".join(_taxonomy(framework)),
    ])]  # fmt: skip
    for c in framework.competencies:
        own = list(names(c.levels))
        kept = c.moodle
        # written even when equal to the framework's scale: a competency without levels has none to write
        scale_values = ",".join(own)
        description, fmt = _description_cells(c.description.get(lang, ""), kept)
        lines.append(_php_csv_line([
            idnumber[c.parent] if c.parent in known else "", idnumber[c.id], text(c.title, lang) or c.id,
            description, fmt, scale_values, _configuration(own, kept) if scale_values else "",
            kept.rule_type if kept else "", kept.rule_outcome if kept else "", kept.rule_config if kept else "",
            ",".join(related.get(c.id, [])), kept.export_id if kept is not None and kept.export_id else c.id, "", "",
        ]))  # fmt: skip
    return "".join(lines)

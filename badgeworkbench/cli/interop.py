"""Commands for other formats: import (CASE, Moodle), export-case, export-moodle, export-graph,
reference add/list, align."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import BadgeWorkbenchError
from ..ids import slugify
from ..interop.references import KINDS, add_reference, category_counts, item_rows, load_references
from ._app import echo_json, framework_path, main

if TYPE_CHECKING:  # the library modules are imported by the commands that use them: align starts without pydantic
    from ..interop.merge import ImportChanges
    from ..model import Framework
    from ..report import Report

#: Formats ``badgeworkbench import`` reads.
IMPORT_FORMATS = ("case", "moodle", "ob", "xlsx")


def _write(path: str, text: str) -> None:
    """Write beside the target then rename, so an interrupted write never leaves half a file."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    temp.write_text(text, encoding="utf-8", newline="")
    os.replace(temp, target)


def _show(report: Report, lang: str) -> None:
    if report.problems:
        click.echo(report.to_table(lang), err=True)


@main.command("import")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(IMPORT_FORMATS))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=str))
@click.option("--into", "into", required=True, type=framework_path,
              help="Framework folder to update (created when it does not exist yet).")
@click.option("--dry-run", is_flag=True, help="Show what would be added and changed; write nothing.")
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True,
              help="Language of the texts in a Moodle file, and of messages.")
@click.option("--json", "as_json", is_flag=True, help="Print the changes and the import report as JSON.")
def import_(fmt: str, file: str, into: str, dry_run: bool, lang: str, as_json: bool) -> None:
    """Import a CASE package (JSON), a Moodle competency framework (CSV), an Open Badge (OB 2.0/3.0
    JSON or baked PNG/SVG) or a filled spreadsheet (xlsx, or the framework CSV of
    ``badgeworkbench template``) into a framework.

    Items are matched by id (badges by name and issuer): existing ones are updated (texts in other
    languages kept), new ones added, nothing is duplicated. Exit 1 when some rows or items could not
    be imported (the good ones are), 2 when the file cannot be read at all.
    """
    if fmt == "xlsx":
        _import_sheet(file, into, dry_run, lang, as_json)
        return
    from ..files import is_framework_folder, read_framework, save_framework
    from ..interop.case import read_case_file
    from ..interop.merge import ImportChanges, merge_framework
    from ..interop.moodle import read_moodle_csv
    from ..model import Framework
    from ..openbadges import import_badges

    opened = read_framework(into) if is_framework_folder(into) else None
    if opened is None and Path(into).exists() and any(Path(into).iterdir()):
        raise BadgeWorkbenchError(f"{into} is not empty and holds no framework: choose a new or empty folder.")
    snapshot = opened.snapshot if opened else None
    if fmt == "ob":
        name = Path(into).name
        base = opened.framework if opened else Framework(id=slugify(name) or "framework", title={lang: name})
        merged, report = import_badges(base, [file])
        changes = _differences(base, merged)
    else:
        incoming, report = read_case_file(file) if fmt == "case" else read_moodle_csv(file, lang=lang)
        if opened is not None:
            merged, changes = merge_framework(opened.framework, incoming)
        else:
            merged, changes = incoming, ImportChanges(added=_all_items(incoming))
    if not dry_run and not changes.empty:
        save_framework(merged, into, snapshot=snapshot)
    if as_json:
        echo_json({"dry_run": dry_run, "changes": changes.to_dict(), "report": report.to_dict()})
    else:
        _show(report, lang)
        click.echo(changes.to_text(lang))
        if dry_run:
            click.echo("(dry run: nothing written)" if lang == "en" else "(essai : rien n'a été écrit)")
    sys.exit(0 if report.ok else 1)


def _import_sheet(file: str, into: str, dry_run: bool, lang: str, as_json: bool) -> None:
    """The spreadsheet round trip of :mod:`badgeworkbench.interop.sheets`: preview, then apply the good rows."""
    from ..files import is_framework_folder, read_framework, save_framework
    from ..interop.sheets import apply_sheet, read_sheet
    from ..model import Framework

    opened = read_framework(into) if is_framework_folder(into) else None
    if opened is None and Path(into).exists() and any(Path(into).iterdir()):
        raise BadgeWorkbenchError(f"{into} is not empty and holds no framework: choose a new or empty folder.")
    name = Path(into).name
    base = opened.framework if opened else Framework(id=slugify(name) or "framework", title={lang: name})
    changes = read_sheet(base, Path(file).read_bytes())
    if not dry_run and (changes.added or changes.changed):
        save_framework(apply_sheet(base, changes), into, snapshot=opened.snapshot if opened else None)
    if as_json:
        echo_json({"dry_run": dry_run, "changes": changes.to_dict()})
    else:
        click.echo(changes.to_text(lang))
        if dry_run:
            click.echo("(dry run: nothing written)" if lang == "en" else "(essai : rien n'a été écrit)")
    sys.exit(0 if changes.ok else 1)


def _differences(before: Framework, after: Framework) -> ImportChanges:
    """What ``after`` adds to and changes in ``before``, item by item."""
    from ..interop.merge import ImportChanges

    changes = ImportChanges()
    for attr, kind in _KINDS.items():
        old = {item.id: item for item in getattr(before, attr)}
        for item in getattr(after, attr):
            if item.id not in old:
                changes.added.append(f"{kind}:{item.id}")
            elif item != old[item.id]:
                changes.changed.append(f"{kind}:{item.id}")
            else:
                changes.unchanged += 1
    return changes


_KINDS = {"territories": "territory", "partners": "partner", "competencies": "competency", "badges": "badge",
          "pathways": "pathway"}  # fmt: skip


def _all_items(framework: Framework) -> list[str]:
    items = [f"{kind}:{item.id}" for attr, kind in _KINDS.items() for item in getattr(framework, attr)]
    return items + [f"relation:{r.source} {r.type} {r.target}" for r in framework.relations]


@main.command("export-case")
@click.argument("path", type=framework_path)
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=str), help="The JSON file to write.")
@click.option("--base-url", default=None, help="Root of the items' URIs (default: the framework's url).")
@click.option("--no-badges", is_flag=True, help="Leave badges out: a plain competency framework.")
@click.option("--no-translations", is_flag=True, help="Leave out the items translated into other languages.")
def export_case(path: str, out: str, base_url: str | None, no_badges: bool, no_translations: bool) -> None:
    """Export a framework as a CASE 1.1 package (CFPackage JSON)."""
    from ..files import read_framework
    from ..interop.case import framework_to_case_package

    framework = read_framework(path).framework
    base_url = base_url or framework.url
    if not base_url:
        raise BadgeWorkbenchError("The framework has no url: give one with --base-url https://… (it roots every URI).")
    package = framework_to_case_package(framework, base_url, include_badges=not no_badges,
                                        translations=not no_translations)  # fmt: skip
    _write(out, json.dumps(package, ensure_ascii=False, indent=2) + "\n")
    click.echo(f"{out}: {len(package['CFItems'])} items, {len(package['CFAssociations'])} associations.")


@main.command("export-moodle")
@click.argument("path", type=framework_path)
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=str), help="The CSV file to write.")
@click.option("--lang", type=click.Choice(["fr", "en"]), default=None, help="Language of the texts (default: the framework's first).")
def export_moodle(path: str, out: str, lang: str | None) -> None:
    """Export a framework as a Moodle competency framework CSV (Site administration › Competencies › Import)."""
    from ..files import read_framework
    from ..interop.moodle import framework_to_moodle_csv

    framework = read_framework(path).framework
    _write(out, framework_to_moodle_csv(framework, lang=lang))
    click.echo(f"{out}: {len(framework.competencies)} competencies.")


@main.command("export-graph")
@click.argument("path", type=framework_path)
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=str), help="The file to write.")
@click.option("--format", "fmt", type=click.Choice(["graphml", "node-link", "cytoscape"]), default="graphml",
              show_default=True, help="GraphML (Gephi, yEd, Cytoscape), node-link JSON (D3, networkx) or Cytoscape JSON.")
def export_graph(path: str, out: str, fmt: str) -> None:
    """Export the framework's graph (competencies, badges, partners, pathways and their links) for Gephi or Cytoscape."""
    from ..files import read_framework
    from ..interop.graphformats import to_cytoscape_json, to_graphml, to_node_link

    framework = read_framework(path).framework
    if fmt == "graphml":
        text = to_graphml(framework)
    else:
        data = to_node_link(framework) if fmt == "node-link" else to_cytoscape_json(framework)
        text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    _write(out, text)
    click.echo(f"{out}: written ({fmt}).")


@main.group()
def reference() -> None:
    """Reference frameworks kept beside a framework (ESCO, ROME 4.0, RNCP, CléA, CASE) for alignments."""


@reference.command("add")
@click.argument("path", type=framework_path)
@click.argument("file", type=str)
@click.option("--kind", type=click.Choice(KINDS), required=True, help="What FILE is (for clea, FILE may be '-': the shipped CléA).")
@click.option("--name", default=None, help="Name of the reference set (default: esco, rome, rncp, clea or the CASE title).")
@click.option("--lang", default=None, help="Language of an ESCO file (default: from its name, skills_fr.csv → fr).")
def reference_add(path: str, file: str, kind: str, name: str | None, lang: str | None) -> None:
    """Add a reference file to the framework at PATH (stored in PATH/references/NAME.csv, merged by id).

    Several files of one source go into the same set and complete each other: ROME's competencies,
    savoirs and tree; ESCO's skills in each language, broader relations and hierarchy; RNCP's skill
    blocks and main file (titles). Exit 1 when some rows were skipped (they are listed), 2 when the
    file cannot be read at all (the message names the file, the row and the column).
    """
    if not (kind == "clea" and file in ("-", "")) and not Path(file).is_file():
        raise BadgeWorkbenchError(f"{file}: no such file. Check the path.")
    stored, report, target = add_reference(path, file, kind, name=name, lang=lang)
    _show(report, "fr")
    click.echo(f"{target}: {len(stored.items)} items ({stored.framework}).")
    sys.exit(0 if report.ok else 1)


@reference.command("list")
@click.argument("path", type=framework_path)
@click.argument("name", required=False)
@click.option("--category", default=None, help="With NAME: only the items of this category (e.g. 'Savoir-être professionnel').")
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True, help="Language of the labels shown.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def reference_list(path: str, name: str | None, category: str | None, lang: str, as_json: bool) -> None:
    """List the reference sets stored beside the framework at PATH, with their categories; with NAME,
    list that set's items grouped by category and by parent (macro-competency, certification…)."""
    if name is None and category is not None:
        raise click.UsageError("--category needs the NAME of a reference set.")
    if name is None:
        sets = load_references(path)
        if as_json:
            echo_json([{"name": s.name, "framework": s.framework, "items": len(s.items), "languages": s.languages(),
                        "categories": category_counts(s)} for s in sets])  # fmt: skip
            return
        for s in sets:
            click.echo(f"{s.name:<12} {len(s.items):>7}  {s.framework}  ({', '.join(s.languages())})")
            for label, count in category_counts(s).items():
                if label:
                    click.echo(f"{'':<12} {count:>7}    {label}")
        if not sets:
            click.echo("No reference set yet: badgeworkbench reference add PATH FILE --kind esco|rome|rncp|clea|case")
        return
    found = load_references(path, [name])
    if not found:
        raise BadgeWorkbenchError(f"{path} has no reference set named {name!r}: see badgeworkbench reference list {path}")
    rows = item_rows(found[0], lang, category=category)
    if as_json:
        echo_json(rows)
        return
    group = None
    for row in rows:
        if (row["category"], row["parent_label"]) != group:
            group = (row["category"], row["parent_label"])
            click.echo(f"{row['category'] or '—'} › {row['parent_label'] or '—'}")
        click.echo(f"  {row['code'] or row['id']:<16} {row['kind']:<12} {row['label']}")


@main.command()
@click.argument("path", type=framework_path)
@click.argument("query", required=False)
@click.option("--competency", "competency_id", default=None,
              help="Suggest alignments for this competency (or badge) of the framework, from its text.")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 200), help="How many suggestions.")
@click.option("--reference", "names", multiple=True, help="Search only this reference set (repeatable).")
@click.option("--lang", type=click.Choice(["fr", "en"]), default=None,
              help="Language of the query (detected when not given); labels are shown in it.")
@click.option("--json", "as_json", is_flag=True, help="Print the suggestions as JSON.")
def align(path: str, query: str | None, competency_id: str | None, limit: int, names: tuple[str, ...],
          lang: str | None, as_json: bool) -> None:  # fmt: skip
    """Search the reference sets beside a framework for QUERY (accents, case and typos do not matter),
    or suggest alignments for one competency with --competency ID.

    Only the labels in the query's language are searched (detected, or given with --lang): a query
    in a language the sets do not have gets a notice instead of false hits. Each suggestion shows
    which text matched and the query's words found in it. Exit code 0 whether or not something is
    found; 1 when the framework has no reference set or the competency does not exist.

    The search index of each reference set is kept in PATH/references/.index/ (ignored by git) and
    built again when the reference file changes.
    """
    from ..interop.align import suggest_alignments
    from ..interop.indexcache import load_index

    if not query and not competency_id:
        raise click.UsageError("Give a QUERY to search for, or --competency ID.")
    index = load_index(path, names)
    if not index.references:
        raise BadgeWorkbenchError(f"{path} has no reference set{' named ' + ', '.join(names) if names else ''}: "
                                  "add one with badgeworkbench reference add PATH FILE --kind esco|rome|rncp|clea|case")  # fmt: skip
    notice: dict[str, str] = {}
    if competency_id:
        from ..files import read_framework  # the pydantic models: only a competency's text needs them

        results = suggest_alignments(read_framework(path).framework, competency_id, index, limit=limit)
        shown = lang or "fr"
    else:
        answer = index.query(query or "", limit=limit, lang=lang)
        results, notice, shown = answer.suggestions, answer.notice, answer.language
    if notice:  # French first, English second; on stderr with --json, so that the output stays JSON
        click.echo(f"{notice['fr']}\n{notice['en']}", err=as_json)
    if as_json:
        echo_json([s.to_dict(shown) for s in results])
        return
    for s in results:
        label = s.item.label(shown)
        matched = f" « {s.matched} » ({s.field})" if s.matched != label else ""
        click.echo(f"{s.score:.2f}  {s.reference:<8} {s.item.code or s.item.id:<14} {label}"
                   f"  ←{matched} {', '.join(s.why)}")  # fmt: skip
    if not results and not notice:
        click.echo("Aucune correspondance. / No match.")

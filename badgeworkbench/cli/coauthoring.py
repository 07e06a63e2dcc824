"""Commands for co-authoring: log, diff, merge, tag, merge-file (the git merge driver)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..coauthoring.history import Author, log_path, read_log, record_save
from ..coauthoring.merge import merge, resolve
from ..coauthoring.mergefile import merge_file
from ..coauthoring.sync import open_for_merge
from ..coauthoring.versions import list_versions, load_version, tag
from ..diff import compare
from ..errors import BadgeWorkbenchError
from ..files import is_framework_folder, read_framework, save_framework
from ..model import Framework
from ._app import echo_json, framework_path, main

_LANG = click.option("--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True,
                     help="Language of the text output.")  # fmt: skip


def _load(spec: str) -> Framework:
    """A framework folder, or ``FOLDER@VERSION`` for a version named with 'badgeworkbench tag'."""
    folder, _, name = spec.rpartition("@")
    if folder and name and not Path(spec).exists():
        return load_version(folder, name)
    return open_for_merge(spec).framework


@main.command("log")
@click.argument("path", type=framework_path)
@click.option("--json", "as_json", is_flag=True, help="Print the log entries as JSON.")
@_LANG
def log_command(path: str, as_json: bool, lang: str) -> None:
    """Show who saved what, and when: the framework's change log (history/log.jsonl), and its named versions."""
    read_framework(path)  # says clearly when PATH is not a framework
    entries = read_log(path)
    if as_json:
        echo_json({"entries": [e.to_dict() for e in entries], "versions": [v.to_dict() for v in list_versions(path)]})
        return
    if not entries:
        click.echo("Aucune sauvegarde enregistrée." if lang == "fr" else "No save recorded yet.")
    for entry in entries:
        click.echo(entry.describe(lang))
    for version in list_versions(path):
        click.echo(f"[{version.name}] {version.date.replace('T', ' ')[:16]} {version.note}".rstrip())


@main.command("diff")
@click.argument("path_a")
@click.argument("path_b")
@click.option("--json", "as_json", is_flag=True, help="Print the differences as JSON.")
@_LANG
def diff_command(path_a: str, path_b: str, as_json: bool, lang: str) -> None:
    """Compare two frameworks field by field. A path may be FOLDER@VERSION (a named version)."""
    difference = compare(_load(path_a), _load(path_b))
    if as_json:
        echo_json(difference.to_dict())
    else:
        click.echo(difference.summary(lang))


@main.command("merge")
@click.argument("base")
@click.argument("ours")
@click.argument("theirs")
@click.option("--out", "out", required=True, type=framework_path, help="Folder to write the merged framework to.")
@click.option("--choices", type=click.Path(exists=True, dir_okay=False),
              help="JSON file mapping conflict ids to 'ours', 'theirs', 'base' or {\"value\": …}.")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print the conflicts as JSON.")
@click.option("--partner", help="Partner id recorded in the change log of OUT.")
@click.option("--person", help="Person recorded in the change log of OUT.")
@_LANG
def merge_command(base: str, ours: str, theirs: str, out: str, choices: str | None, as_json: bool,
                  partner: str | None, person: str | None, lang: str) -> None:  # fmt: skip
    """Merge two copies (OURS, THEIRS) of a framework edited separately from BASE.

    Exit 0 when merged and written to --out; exit 1, writing nothing, with the list of
    conflicts when a person must decide (then pass the decisions with --choices).
    """
    result = merge(_load(base), _load(ours), _load(theirs))
    decided = json.loads(Path(choices).read_text("utf-8")) if choices else {}
    pending = [c for c in result.conflicts if c.id not in decided]
    if pending:
        if as_json:
            echo_json({"written": False, "conflicts": [c.to_dict() for c in pending]})
        else:
            click.echo(f"{len(pending)} conflict(s): a person must decide. Nothing was written.", err=True)
            for conflict in pending:
                click.echo(f"- {conflict.id}\n  {conflict.describe(lang)}")
        sys.exit(1)
    merged = resolve(result, decided)
    log_path(out)  # a history link is refused now, before the merged framework is written, not after
    before = read_framework(out).framework if is_framework_folder(out) else None
    save_framework(merged, out)
    if before is None or before != merged:
        record_save(out, before, merged, Author(partner, person), note="merge")
    if as_json:
        echo_json({"written": True, "out": out, "conflicts": [], "changes": compare(_load(ours), merged).counts()})
    else:
        click.echo(f"Merged into {out}: {compare(_load(ours), merged).headline(lang)}")


@main.command("tag")
@click.argument("path", type=framework_path)
@click.argument("name")
@click.option("--note", default="", help="What this version is (e.g. 'adopté en comité le 12 mars').")
@click.option("--partner", help="Partner id of who names the version.")
@click.option("--person", help="Person who names the version.")
def tag_command(path: str, name: str, note: str, partner: str | None, person: str | None) -> None:
    """Name the framework as it is now (copied to history/versions/NAME/), to compare or restore later."""
    version = tag(path, name, note, Author(partner, person))
    click.echo(f"Version {version.name} saved ({len(version.files)} files) in {Path(path) / 'history/versions' / name}")


@main.command("merge-file")
@click.argument("base", type=click.Path(dir_okay=False))
@click.argument("ours", type=click.Path(dir_okay=False))
@click.argument("theirs", type=click.Path(dir_okay=False))
@click.argument("relpath", required=False)
def merge_file_command(base: str, ours: str, theirs: str, relpath: str | None) -> None:
    """Git merge driver for one framework file: git config merge.badgeworkbench.driver
    "badgeworkbench merge-file %O %A %B %P". Exit 1 with the conflicts (kept in FILE.conflicts.json)."""
    try:
        result = merge_file(base, ours, theirs, relpath)
    except BadgeWorkbenchError as error:
        click.echo(f"badgeworkbench merge-file: {error}", err=True)
        sys.exit(2)
    for conflict in result.conflicts:
        click.echo(f"CONFLICT {relpath or ours}: {conflict.describe('en')}", err=True)
    sys.exit(1 if result.conflicts else 0)

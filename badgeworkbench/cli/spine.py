"""Commands on the framework itself: validate, info, fmt, new, lab."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import click

from ..check import check
from ..errors import FrameworkNeedsRepair
from ..files import framework_files, read_framework, save_framework
from ..workspace import new_framework, validate_folder
from ._app import echo_json, framework_path, main


@main.command()
@click.argument("path", type=framework_path)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True, help="Language of messages.")
def validate(path: str, as_json: bool, lang: str) -> None:
    """Check a framework. Exit 0 when valid (warnings allowed), 1 with problems, 2 when unreadable.

    The same check gates publishing: export and award refuse exactly these errors, and a file that could
    not be fully read is one of them.
    """
    report = validate_folder(path)
    if as_json:
        echo_json(report.to_dict())
    else:
        click.echo(report.to_table(lang))
        click.echo(f"\n{len(report.errors)} error(s), {len(report.warnings)} warning(s).")
    sys.exit(0 if report.ok else 1)


@main.command()
@click.argument("path", type=framework_path)
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def info(path: str, as_json: bool) -> None:
    """Count what a framework holds: partners, territories, competencies, badges, pathways…

    Exit 1, naming each file and line, when some items could not be read and so are not counted.
    """
    from ..gate import reading_problems

    opened = read_framework(path)
    fw = opened.framework
    left_out = reading_problems(opened).errors
    counts = {
        "id": fw.id,
        "title": fw.title,
        "version": fw.version,
        "partners": len(fw.partners),
        "territories": len(fw.territories),
        "competencies": len(fw.competencies),
        "badges": len(fw.badges),
        "pathways": len(fw.pathways),
        "relations": len(fw.relations),
        "requirements": sum(1 for b in fw.badges if b.requires is not None),
        "badge_ids": [b.id for b in fw.badges],
    }
    if as_json:
        echo_json({**counts, "left_out": [p.to_dict() for p in left_out]} if left_out else counts)
    else:
        click.echo(f"{fw.id} — {fw.title.get('fr') or next(iter(fw.title.values()), '')} (version {fw.version})")
        for key in ("partners", "territories", "competencies", "badges", "pathways", "relations", "requirements"):
            click.echo(f"  {key:<13} {counts[key]}")
    if left_out:
        click.echo(f"Not counted: {len(left_out)} problem(s) left items out of these counts "
                   "(run 'badgeworkbench validate' for details):", err=True)  # fmt: skip
        for problem in left_out:
            click.echo(f"  {problem.location()}  {problem.text('en')}", err=True)
        sys.exit(1)


#: Problems for which a save refuses to write anything at all (see files.saving).
_SAVE_REFUSED = frozenset({"id-case-collision", "file-name-case-collision", "save-journal-refused", "lock-file-link"})


@main.command()
@click.argument("path", type=framework_path)
@click.option("--check", "check_only", is_flag=True, help="Change nothing; exit 1 if a file is not canonical.")
def fmt(path: str, check_only: bool) -> None:
    """Rewrite a framework's files in canonical form (stable order, one style)."""
    opened = read_framework(path)
    if opened.snapshot.needs_repair:  # rewriting them would lose what did not load
        raise FrameworkNeedsRepair(path, opened.snapshot.repair_notes(sorted(opened.snapshot.unreadable)))
    if check_only:
        # What the save itself refuses (ids or file names one on Windows and macOS, a planted journal or lock)
        # makes --check refuse too, instead of answering "canonical" for a framework fmt would not write.
        blocking = [p for p in (opened.report + check(opened.framework)).located(opened.snapshot.locate).errors
                    if p.code in _SAVE_REFUSED]
        if blocking:
            raise FrameworkNeedsRepair(path, [f"{p.location()}: {p.text('en')}" for p in blocking])
    wanted = framework_files(opened.framework)
    folder = Path(path)
    differing = sorted(
        rel for rel in set(wanted) | set(opened.snapshot.digests)
        if not (folder / rel).is_file() or rel not in wanted or (folder / rel).read_bytes() != wanted[rel].encode()
    )
    if check_only:
        for rel in differing:
            click.echo(f"would reformat {rel}")
        click.echo(f"{len(differing)} file(s) would change." if differing else "All files are canonical.")
        sys.exit(1 if differing else 0)
    # Without the items it was read from, the snapshot makes the save render every file, canonically.
    save_framework(opened.framework, path, snapshot=dataclasses.replace(opened.snapshot, items={}))
    click.echo(f"{len(differing)} file(s) reformatted." if differing else "All files were already canonical.")


@main.command()
@click.argument("path", type=framework_path)
@click.option("--title", required=True, help="Title of the framework (in French by default).")
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True, help="Language of the title.")
def new(path: str, title: str, lang: str) -> None:
    """Create a new, valid, empty framework in PATH."""
    fw = new_framework(path, title, lang=lang)
    click.echo(f"Created framework '{fw.id}' in {path}. Next: badgeworkbench lab {path}")


@main.command()
@click.argument("path", type=framework_path, required=False)
@click.option("--example", is_flag=True, help="Also copy the example framework into the workspace, and open it.")
@click.option("--port", type=int, default=None, help="Port for JupyterLab (default: a free one).")
@click.option("--no-browser", is_flag=True, help="Do not open a web browser.")
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True, help="Language of messages.")
def lab(path: str | None, example: bool, port: int | None, no_browser: bool, lang: str) -> None:
    """Open JupyterLab on the workbench notebooks. PATH is a framework to open, or the workspace folder to
    set up (default: the current one): the notebooks and, when it has no framework, the example are copied
    there; nothing already there is overwritten. Ctrl-C stops JupyterLab and its kernels."""
    from ..lab import open_lab

    sys.exit(open_lab(path, example=example, port=port, open_browser=not no_browser, lang=lang, echo=click.echo))

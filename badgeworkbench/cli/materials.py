"""Commands for paper workshops: print the materials, hand out spreadsheet templates, read them back."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..files import read_framework, save_framework
from ..interop.sheets import SHEET_KINDS, apply_sheet, framework_to_csv, read_sheet, template_xlsx
from ..materials import KITS, render_kit, render_materials, write_materials
from ._app import echo_json, framework_path, main

_LANG = click.Choice(["fr", "en"])


@main.command()
@click.argument("path", type=framework_path)
@click.option(
    "--kit",
    "kits",
    default=",".join(KITS),
    show_default=True,
    help=f"Comma-separated kits to print: {', '.join(KITS)}.",
)
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(file_okay=False, path_type=str),
    help="Folder to write the PDF and HTML files into.",
)
@click.option("--lang", type=_LANG, default="fr", show_default=True, help="Language of the printed text.")
@click.option("--pathway", "pathways", multiple=True, help="Poster: show this pathway's badges only (repeatable).")
@click.option("--territory", "territories", multiple=True, help="Poster: badges of this territory only (repeatable).")
@click.option("--partner", "partners", multiple=True,
              help="Poster: badges this partner issues or endorses only (repeatable).")  # fmt: skip
@click.option("--category", "categories", multiple=True, help="Poster: badges of this category only (repeatable).")
@click.option("--level", "levels", multiple=True, help="Poster: badges of this level only (repeatable).")
@click.option("--status", "statuses", multiple=True, help="Poster: badges with this status only (repeatable).")
@click.option("--per-pathway", is_flag=True,
              help="Poster: one poster per pathway (poster-<pathway>.pdf/.html), for every pathway or the --pathway ones.")  # fmt: skip
def materials(path: str, kits: str, out: str, lang: str, pathways: tuple[str, ...], territories: tuple[str, ...],
              partners: tuple[str, ...], categories: tuple[str, ...], levels: tuple[str, ...],
              statuses: tuple[str, ...], per_pathway: bool) -> None:  # fmt: skip
    """Print workshop materials (PDF + HTML): badge cards, competency cards, canvases, poster, run-sheet, partner summary.

    At a large size the poster can show part of the constellation (--pathway, --territory, --partner,
    --category, --level, --status; values of one option: any will do, several options: all must match)
    or one poster per pathway (--per-pathway). Badges stay where the whole constellation draws them.

    Refused (exit 1), naming each problem as 'validate' does, when a file could not be fully read (no item
    is silently left out of the print) or the framework holds something unsafe (a javascript: link, an
    invisible character in an id, an over-long text). An unfinished framework prints fine.
    """
    from ..gate import printing_report, require_publishable

    opened = read_framework(path)
    checked = printing_report(opened)
    require_publishable(checked, "Printing the materials")
    chosen = [k.strip() for k in kits.split(",") if k.strip()]
    poster_options = {"pathway": pathways, "territory": territories, "partner": partners, "category": categories,
                      "level": levels, "status": statuses}  # fmt: skip
    narrowed = any(poster_options.values()) or per_pathway
    if narrowed and "poster" not in chosen:
        raise click.UsageError("--pathway, --territory, --partner, --category, --level, --status and --per-pathway "
                               "choose what the poster shows: add poster to --kit (for example --kit poster).")  # fmt: skip
    others = [k for k in chosen if not (narrowed and k == "poster")]
    files = render_materials(opened.framework, others, lang, checked=checked) if others else {}
    if narrowed:
        files.update(render_kit("poster", opened.framework, lang, per_pathway=per_pathway, **poster_options))
    for written in write_materials(files, out):
        click.echo(str(written))


@main.command()
@click.argument("path", type=framework_path)
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=str),
    help="File to write: .xlsx (every sheet) or .csv (one kind, see --kind).",
)
@click.option(
    "--partner", default=None, help="Partner id: new rows typed into this template become this partner's proposals."
)
@click.option(
    "--kind", type=click.Choice(SHEET_KINDS), default="badges", show_default=True, help="What a .csv file holds."
)
def template(path: str, out: str, partner: str | None, kind: str) -> None:
    """Write a spreadsheet template to fill offline (xlsx with instructions and drop-down lists, or CSV)."""
    framework = read_framework(path).framework
    data = framework_to_csv(framework, kind) if out.lower().endswith(".csv") else template_xlsx(framework, partner)
    target = Path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    click.echo(str(target))


@main.command("apply-sheet")
@click.argument("path", type=framework_path)
@click.argument("sheet", type=click.Path(exists=True, dir_okay=False, path_type=str))
@click.option("--dry-run", is_flag=True, help="Show the preview only; change nothing.")
@click.option(
    "--partner", default=None, help="Credit new rows to this partner (default: the partner the template was made for)."
)
@click.option("--json", "as_json", is_flag=True, help="Print the preview as JSON.")
@click.option("--lang", type=_LANG, default="fr", show_default=True, help="Language of the preview.")
def apply_sheet_command(path: str, sheet: str, dry_run: bool, partner: str | None, as_json: bool, lang: str) -> None:
    """Re-import a filled template: print the preview, then save the good rows (exit 1 if rows were rejected or in conflict)."""
    opened = read_framework(path)
    changes = read_sheet(opened.framework, Path(sheet).read_bytes(), partner)
    if as_json:
        echo_json(changes.to_dict())
    else:
        click.echo(changes.to_text(lang))
    if not dry_run and (changes.added or changes.changed):
        save_framework(apply_sheet(opened.framework, changes), path, snapshot=opened.snapshot)
        if not as_json:
            click.echo(f"\n{len(changes.added)} added, {len(changes.changed)} changed: saved to {path}.")
    sys.exit(0 if changes.ok else 1)

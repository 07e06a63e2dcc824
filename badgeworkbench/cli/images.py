"""The ``render`` command: badge images (PNG, SVG) and a contact sheet for a framework folder."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..files import read_framework
from ..images.export import write_images
from ._app import echo_json, framework_path, main


@main.command()
@click.argument("path", type=framework_path)
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the images into (created if missing).")  # fmt: skip
@click.option(
    "--size", type=click.Choice(["512", "1024"]), default="512", show_default=True, help="PNG size in pixels."
)
@click.option("--svg", is_flag=True, help="Also write an SVG per badge.")
@click.option("--sheet", is_flag=True, help="Also write contact-sheet.png, every badge in one grid.")
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True, help="Language of messages.")
@click.option("--json", "as_json", is_flag=True, help="Print the problems and the files written as JSON.")
def render(path: str, out_dir: Path, size: str, svg: bool, sheet: bool, lang: str, as_json: bool) -> None:
    """Draw every badge's image as <id>.png (and <id>.svg); print image problems; exit 1 if any is an error."""
    opened = read_framework(path)
    result = write_images(opened.framework, out_dir, folder=path, size=int(size), svg=svg, sheet=sheet)
    if as_json:
        echo_json({**result.report.to_dict(), "written": [str(p) for p in result.written]})
    elif len(result.report):
        click.echo(result.report.to_table(lang))
    if not as_json:
        click.echo(f"{len(result.written)} file(s) written to {out_dir}.")
    sys.exit(0 if result.report.ok else 1)

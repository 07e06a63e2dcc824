"""Commands on constellations: analyze, next, draw.

The constellation library (networkx, pandas) and the framework reader (pydantic, yaml) are imported
inside each command, so that ``badgeworkbench next --help`` answers without them.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click

from ._app import echo_json, framework_path, main

_LANG = click.option("--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True,
                     help="Language of the output.")  # fmt: skip


@main.command()
@click.argument("path", type=framework_path)
@click.option("--json", "as_json", is_flag=True, help="Print the analysis as JSON.")
@_LANG
def analyze(path: str, as_json: bool, lang: str) -> None:
    """Summarise a constellation: uncovered competencies, badges outside pathways, cycles, duplicates, contribution."""
    from ..constellation import analyze as analyze_framework
    from ..files import read_framework

    result = analyze_framework(read_framework(path).framework)
    if as_json:
        echo_json(result.to_dict())
    else:
        click.echo(result.to_text(lang))


@main.command("next")
@click.argument("path", type=framework_path)
@click.option("--holding", default="", help="Badge ids the learner holds, separated by commas.")
@click.option("--target", default=None, help="A badge id to reach: prints the shortest routes to it.")
@click.option("--json", "as_json", is_flag=True, help="Print {within_reach, open, routes…} as JSON.")
@_LANG
def next_(path: str, holding: str, target: str | None, as_json: bool, lang: str) -> None:
    """What a learner can earn next: badges within reach, and the shortest routes to a target badge."""
    from ..constellation import next_steps
    from ..files import read_framework

    framework = read_framework(path).framework
    held = [b.strip() for b in holding.split(",") if b.strip()]
    steps = next_steps(framework, held, target)
    if as_json:
        echo_json(steps.to_dict())
    else:
        click.echo(steps.to_text(framework, lang))


@main.command()
@click.argument("path", type=framework_path)
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The picture to write: FILE.svg or FILE.png.")  # fmt: skip
@click.option("--what", type=click.Choice(["constellation", "coverage", "contribution"]), default="constellation",
              show_default=True, help="Which picture: the badge graph, the coverage heatmap, the partner chart.")  # fmt: skip
@_LANG
def draw(path: str, out: Path, what: str, lang: str) -> None:
    """Draw a constellation (or its coverage heatmap or partner contribution) to SVG or PNG."""
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("svg", "png"):
        raise click.BadParameter(f"{out.name}: the file must end in .svg or .png.", param_hint="--out")
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise click.BadParameter(f"the folder {folder} does not exist: create it first.", param_hint="--out")
    from ..constellation import draw as draw_picture
    from ..files import read_framework

    data = draw_picture(read_framework(path).framework, fmt, what, lang)  # type: ignore[arg-type]
    # Write beside the target, then rename: an interrupted run never leaves half a picture.
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=f".{fmt}.part")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, out)
    finally:
        Path(temporary).unlink(missing_ok=True)
    click.echo(f"Wrote {out} ({len(data):,} bytes).")

"""Reports: the analysis notebook, run headless and converted to HTML."""

from __future__ import annotations

from pathlib import Path

import click

from ..reports import analysis_report_html
from ._app import framework_path, main


@main.command("analysis-report")
@click.argument("path", type=framework_path)
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="HTML file to write.")
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True, help="Language of the report.")
def analysis_report(path: str, out: Path, lang: str) -> None:
    """Run the analysis notebook on a framework and write it as an HTML report (nbconvert)."""
    html = analysis_report_html(path, lang)
    out.parent.mkdir(parents=True, exist_ok=True)
    temp = out.with_name(f".{out.name}.tmp")
    temp.write_bytes(html)
    temp.replace(out)
    click.echo(f"Wrote {out} ({len(html) // 1024} KiB).")

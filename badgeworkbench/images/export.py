"""Writing a framework's badge images to a folder (the library side of ``badgeworkbench render``)."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..model import Framework
from ..report import Report
from .alt import alt_text_for
from .checks import check_images
from .design import resolve_design
from .render import render_design_png, render_design_svg
from .sheet import contact_sheet

__all__ = ["WrittenImages", "write_images"]


@dataclass(frozen=True)
class WrittenImages:
    written: list[Path]
    report: Report


def _write_atomically(path: Path, data: bytes) -> None:
    # A half-written image never replaces a good one: write beside it, then rename.
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_images(framework: Framework, out_dir: str | Path, *, folder: str | Path | None = None, size: int = 512,
                 svg: bool = False, sheet: bool = False, lang: str | None = None) -> WrittenImages:  # fmt: skip
    """Write ``<badge id>.png`` (and ``.svg``) for every badge, and ``contact-sheet.png`` with ``sheet``.

    Badges with a faulty setting are still written, with the default for that setting; the
    report (from :func:`check_images`) says what was wrong.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for badge in framework.badges:
        design = resolve_design(framework, badge, lang=lang, folder=folder)
        target = out / f"{badge.id}.png"
        _write_atomically(target, render_design_png(design, size))
        written.append(target)
        if svg:
            target = out / f"{badge.id}.svg"
            _write_atomically(
                target, render_design_svg(design, size, alt=alt_text_for(framework, design, svg=True)).encode("utf-8")
            )
            written.append(target)
    if sheet:
        target = out / "contact-sheet.png"
        _write_atomically(target, contact_sheet(framework, lang=lang, folder=folder))
        written.append(target)
    return WrittenImages(written, check_images(framework, folder=folder, lang=lang))

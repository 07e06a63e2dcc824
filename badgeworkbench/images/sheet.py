"""A contact sheet: every badge of a constellation in one grid image, to judge the family at a glance."""

from __future__ import annotations

import io
import math
from pathlib import Path

from PIL import Image, ImageDraw

from ..model import Framework
from .design import resolve_design
from .render import render_design_image
from .text import fit_text, font

__all__ = ["contact_sheet", "contact_sheet_size"]


def contact_sheet_size(count: int, size: int = 192, columns: int = 6, labels: bool = True) -> tuple[int, int]:
    """(width, height) in pixels of the sheet for ``count`` badges.

    >>> contact_sheet_size(13, size=100, columns=6)
    (670, 400)
    """
    columns = max(1, min(columns, count)) if count else 1
    rows = max(1, math.ceil(count / columns))
    gap = max(4, size // 10)
    label = round(size * 0.2) if labels else 0
    return columns * size + (columns + 1) * gap, rows * (size + label) + (rows + 1) * gap


def contact_sheet(framework: Framework, size: int = 192, columns: int = 6, *, labels: bool = True,
                  lang: str | None = None, folder: str | Path | None = None) -> bytes:  # fmt: skip
    """PNG bytes of a grid of every badge (``size`` px each, ``columns`` per row), on white, each
    labelled with its badge id."""
    badges = framework.badges
    width, height = contact_sheet_size(len(badges), size, columns, labels)
    columns = max(1, min(columns, len(badges))) if badges else 1
    gap = max(4, size // 10)
    label_height = round(size * 0.2) if labels else 0
    sheet = Image.new("RGB", (width, height), (255, 255, 255))
    draw = ImageDraw.Draw(sheet)
    for index, badge in enumerate(badges):
        row, column = divmod(index, columns)
        x = gap + column * (size + gap)
        y = gap + row * (size + label_height + gap)
        image = render_design_image(resolve_design(framework, badge, lang=lang, folder=folder), size)
        sheet.paste(image, (x, y), image)
        if labels:
            # One label size for the whole sheet (a long id shrinks or wraps, the others stay alike).
            block = fit_text(badge.id, size, label_height * 0.9, max(8, round(label_height * 0.42)), 6, False)
            f = font(block.size_px, False)
            for line, baseline in zip(block.lines, block.baselines, strict=True):
                draw.text((x + size / 2, y + size + baseline), line, font=f, fill=(26, 26, 26), anchor="ms")
    out = io.BytesIO()
    sheet.save(out, format="PNG", compress_level=6)
    return out.getvalue()

"""Text on badges: the font (DejaVu Sans, shipped with matplotlib), French spacing, wrapping and shrinking.

Pillow's default bitmap font has no accented letters, so a TrueType font from an installed
package is always used; no system font is assumed. Text is laid out with Pillow's basic layout
engine (no system shaping library), so the result is the same on every machine.

>>> french_spacing("Prêt ? Oui : « partez » !")
'Prêt\\u202f? Oui\\u202f: «\\u202fpartez\\u202f»\\u202f!'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

__all__ = ["FONT_FAMILY", "TextBlock", "fit_text", "font", "font_path", "french_spacing", "missing_glyphs"]

#: The family name written into SVG files (the same font the PNGs use).
FONT_FAMILY = "DejaVu Sans"

NNBSP = "\u202f"  # narrow no-break space: French puts it before ; : ! ? and inside « »


@lru_cache(maxsize=2)
def font_path(bold: bool = False) -> Path:
    """The DejaVu Sans TrueType file shipped with matplotlib (regular or bold)."""
    import matplotlib

    path = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    if not path.is_file():  # pragma: no cover - a broken matplotlib installation
        raise FileNotFoundError(f"{path} is missing: reinstall matplotlib, which ships the DejaVu Sans font.")
    return path


@lru_cache(maxsize=512)
def font(size_px: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """DejaVu Sans at ``size_px`` pixels (cached)."""
    return ImageFont.truetype(str(font_path(bold)), size_px, layout_engine=ImageFont.Layout.BASIC)


_BREAKABLE = re.compile(r"[ \t\r\n]+")
_BEFORE = re.compile(r"[ \u00a0]+([;:!?»])")
_AFTER = re.compile(r"«[ \u00a0]+")


def french_spacing(text: str) -> str:
    """French typography: a narrow no-break space before ; : ! ? » and after «, so they never start a line."""
    text = _BEFORE.sub(NNBSP + r"\1", text)
    return _AFTER.sub("«" + NNBSP, text)


def missing_glyphs(text: str, bold: bool = False) -> list[str]:
    """The characters of ``text`` the font has no glyph for (spaces excluded)."""
    cmap = _cmap(bold)
    return sorted({c for c in text if c not in " \t\n" and ord(c) not in cmap})


@lru_cache(maxsize=2)
def _cmap(bold: bool) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(str(font_path(bold)), lazy=True) as tt:
        return frozenset(tt.getBestCmap())


@dataclass(frozen=True)
class TextBlock:
    """Lines laid out in a box: font size and the baseline of each line, in pixels from the box's top."""

    lines: tuple[str, ...]
    size_px: int
    baselines: tuple[float, ...]
    widths: tuple[float, ...]
    bold: bool
    truncated: bool = False


def _wrap(words: list[str], width: float, measure) -> list[str] | None:
    """Greedy wrapping; ``None`` when a single word is wider than ``width``."""
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if measure(candidate) <= width:
            current = candidate
            continue
        if measure(word) > width:
            return None
        lines.append(current)
        current = word
    if current:
        lines.append(current)
    return lines


def _split_long_word(word: str, width: float, measure) -> list[str]:
    """Cut a word too long for any line: after a hyphen when possible, else between letters with a hyphen."""
    pieces: list[str] = []
    rest = word
    while rest and measure(rest) > width:
        cut = 1
        for i in range(1, len(rest)):
            if measure(rest[:i] + "-") <= width:
                cut = i
            else:
                break
        hyphen = rest.rfind("-", 0, cut + 1)
        if hyphen > 0:
            pieces.append(rest[: hyphen + 1])
            rest = rest[hyphen + 1 :]
        else:
            pieces.append(rest[:cut] + "-")
            rest = rest[cut:]
    if rest:
        pieces.append(rest)
    return pieces


def _line_height(size: int) -> float:
    return size * 1.12


@lru_cache(maxsize=4096)
def fit_text(text: str, width: float, height: float, max_px: int, min_px: int, bold: bool = False) -> TextBlock:
    """Lay ``text`` out in a ``width`` × ``height`` pixel box: the largest size from ``max_px`` down to
    ``min_px`` at which the wrapped lines fit; at ``min_px`` long words are cut and, if still too long,
    the last line ends with "…". The ink of every line stays inside the box.
    """
    # Only ordinary spaces break lines: str.split() would also break at no-break spaces (U+00A0,
    # U+202F), which French puts before « ? » precisely so that they never start a line.
    words = [w for w in _BREAKABLE.split(text) if w]
    if not words or width <= 0 or height <= 0:
        return TextBlock((), max(min_px, 1), (), (), bold)
    min_px = max(1, min(min_px, max_px))

    def room(size: int) -> float:
        # Lines are centred on their advance width, and the ink of the first and last letters can
        # overhang it by a pixel or two: keep that much in reserve.
        return width - max(2.0, size * 0.06)

    def attempt(size: int) -> TextBlock | None:
        lines = _wrap(words, room(size), font(size, bold).getlength)
        return None if lines is None else _place(lines, size, bold, height)

    # The largest size that fits, by bisection (smaller text never needs more room).
    best = attempt(max_px)
    if best is not None:
        return best
    low, high = min_px, max_px - 1  # the answer, if any, lies in [low, high]
    found: TextBlock | None = None
    while low <= high:
        middle = (low + high) // 2
        block = attempt(middle)
        if block is not None:
            found, low = block, middle + 1
        else:
            high = middle - 1
    if found is not None:
        return found
    # Nothing fits even at the smallest size: cut long words, then truncate with "…".
    f = font(min_px, bold)
    cut_words = [piece for w in words for piece in _split_long_word(w, room(min_px), f.getlength)]
    lines = _wrap(cut_words, room(min_px), f.getlength) or cut_words
    return _place(lines, min_px, bold, height) or _truncate(lines, min_px, bold, room(min_px), height)


def _ink_top_bottom(size: int, bold: bool) -> tuple[int, int]:
    # Ink of the tallest French letters (accented capitals) and the deepest descenders, from the baseline.
    f = font(size, bold)
    box = f.getbbox("ÉÀÇŒ«gjpqy’", anchor="ls")
    return -box[1], box[3]


def _place(lines: list[str], size: int, bold: bool, height: float) -> TextBlock | None:
    up, down = _ink_top_bottom(size, bold)
    step = _line_height(size)
    needed = up + down + step * (len(lines) - 1)
    if needed > height:
        return None
    first = (height - needed) / 2 + up
    f = font(size, bold)
    return TextBlock(
        tuple(lines),
        size,
        tuple(first + i * step for i in range(len(lines))),
        tuple(f.getlength(line) for line in lines),
        bold,
    )


def _truncate(lines: list[str], size: int, bold: bool, width: float, height: float) -> TextBlock:
    f = font(size, bold)
    up, down = _ink_top_bottom(size, bold)
    step = _line_height(size)
    keep = max(1, int((height - up - down) // step) + 1)
    kept = lines[:keep]
    last = kept[-1] + "…"
    while f.getlength(last) > width and len(last) > 1:
        last = last[:-2] + "…"
    kept[-1] = last
    block = _place(kept, size, bold, max(height, up + down))
    assert block is not None
    return TextBlock(block.lines, block.size_px, block.baselines, block.widths, bold, truncated=True)

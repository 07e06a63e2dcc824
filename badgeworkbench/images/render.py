"""Drawing a resolved design: one scene of vector parts, painted by Pillow (PNG) or written as SVG.

Both outputs come from the same scene (the same shapes, pictogram parts and text lines at the
same places), so they look alike. PNGs are drawn at 2× and reduced (antialiasing), then text
and uploaded pictures are drawn at full size by FreeType. The same input always gives the same
bytes: no timestamps, no metadata, a fixed font and layout engine.
"""

from __future__ import annotations

import base64
import math
import struct
import zlib
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import numpy as np
from PIL import Image, ImageDraw

from ..model import Badge, Framework
from .design import ResolvedDesign, resolve_design
from .pictograms import PICTOGRAMS
from .shapes import SHAPES, Box, Shape
from .text import FONT_FAMILY, TextBlock, fit_text, font

__all__ = [
    "SIZES",
    "PlacedText",
    "clear_preview_cache",
    "png_bytes",
    "preview",
    "render_design_image",
    "render_design_png",
    "render_design_svg",
    "render_png",
    "render_svg",
    "text_blocks",
]

#: The sizes offered for badge images (any size from 32 to 4096 pixels works).
SIZES = (512, 1024)

_SUPERSAMPLE = 2
_REFERENCE_SIZE = 512  # SVG text is laid out as for a 512 px PNG

# Border layers: (inset, paint accent?) from the outside in.
_BORDER_LAYERS: dict[str, tuple[tuple[float, bool], ...]] = {
    "none": ((0.0, False),),
    "thin": ((0.0, True), (2.5, False)),
    "thick": ((0.0, True), (4.5, False)),
    "double": ((0.0, True), (2.4, False), (3.8, True), (5.4, False)),
}

# Text sizes in units of the 100-unit box: (largest, smallest).
_TITLE_SIZES = (10.5, 4.2)
_SUBTITLE_SIZES = (5.2, 3.0)


@dataclass(frozen=True)
class PlacedText:
    """A block of text and the box (in units) it is laid out in; baselines are in pixels of ``size``."""

    role: str  # "title", "subtitle", "mark"
    box: Box
    block: TextBlock
    colour: str
    size: int  # the image size the block was laid out for


# --- the scene -------------------------------------------------------------------------------------


def _shape_layers(shape: Shape, design: ResolvedDesign) -> list[tuple]:
    ops: list[tuple] = []
    for inset, accent in _BORDER_LAYERS[design.border]:
        colour = design.accent if accent else design.background
        if shape.kind == "circle":
            ops.append(("disc", 50.0, 50.0, 47.0 - inset, colour))
        elif shape.kind == "rounded":
            ops.append(("rrect", 5 + inset, 5 + inset, 95 - inset, 95 - inset, max(0.0, shape.radius - inset), colour))
        else:
            ops.append(("poly", shape.inset(inset), colour))
    return ops


def _star_points(cx: float, cy: float, r: float) -> tuple[tuple[float, float], ...]:
    return tuple(
        (cx + (r if i % 2 == 0 else r * 0.42) * math.cos(math.radians(-90 + 36 * i)),
         cy + (r if i % 2 == 0 else r * 0.42) * math.sin(math.radians(-90 + 36 * i)))
        for i in range(10)
    )  # fmt: skip


def _pictogram_ops(design: ResolvedDesign, box: Box) -> list[tuple]:
    scale = box.width / 24
    ops: list[tuple] = []

    def at(p: tuple[float, float]) -> tuple[float, float]:
        return box.x0 + p[0] * scale, box.y0 + p[1] * scale

    for part in PICTOGRAMS[design.pictogram].parts:
        colour = design.background if part.knock else design.foreground
        if part.kind == "fill":
            ops.append(("poly", tuple(at(p) for p in part.points), colour))
        elif part.kind == "disc":
            cx, cy = at(part.values[:2])
            ops.append(("disc", cx, cy, part.values[2] * scale, colour))
        elif part.kind == "rect":
            x0, y0 = at(part.values[:2])
            x1, y1 = at(part.values[2:4])
            ops.append(("rrect", x0, y0, x1, y1, part.values[4] * scale, colour))
        else:
            ops.append(("stroke", tuple(at(p) for p in part.points), part.width * scale, colour, part.kind == "loop"))
    return ops


def _groups(design: ResolvedDesign, svg: bool = False) -> list[tuple[str, list[tuple]]]:
    """The vector parts of a badge in drawing order (units of the 100-unit box), in groups:
    the body (shape and border), the pictogram, the stars, the issuer's mark.

    An uploaded image replaces the pictogram; an uploaded SVG only in SVG output, as there is
    no SVG rasteriser among our dependencies (PNG output keeps the pictogram).
    """
    shape = SHAPES[design.shape]
    layout = shape.layout
    groups: list[tuple[str, list[tuple]]] = [("body", _shape_layers(shape, design))]
    if not _shows_upload(design, svg):
        groups.append(("pictogram", _pictogram_ops(design, layout.pictogram)))
    if design.stars:
        r = layout.star_radius
        sx, sy = layout.stars
        stars = []
        for i in range(design.stars):
            cx = sx + (i - (design.stars - 1) / 2) * r * 2.5
            stars.append(("poly", _star_points(cx, sy, r), design.accent))
        groups.append(("stars", stars))
    if design.mark:
        mx, my = layout.mark
        groups.append(
            ("mark", [("disc", mx, my, layout.mark_radius + 0.8, design.background),
                      ("disc", mx, my, layout.mark_radius, design.foreground)])
        )  # fmt: skip
    return groups


def _shows_upload(design: ResolvedDesign, svg: bool) -> bool:
    return design.upload_data is not None and (design.upload_kind == "png" or (svg and design.upload_kind == "svg"))


def _scene(design: ResolvedDesign, svg: bool = False) -> list[tuple]:
    return [op for _, ops in _groups(design, svg) for op in ops]


def _bounds(ops: list[tuple]) -> tuple[float, float, float, float]:
    xs: list[float] = []
    ys: list[float] = []
    for op in ops:
        kind = op[0]
        if kind == "poly":
            xs.extend(p[0] for p in op[1])
            ys.extend(p[1] for p in op[1])
        elif kind == "disc":
            _, cx, cy, r, _ = op
            xs += [cx - r, cx + r]
            ys += [cy - r, cy + r]
        elif kind == "rrect":
            xs += [op[1], op[3]]
            ys += [op[2], op[4]]
        else:
            half = op[2] / 2
            xs.extend(x + d for x, _ in op[1] for d in (-half, half))
            ys.extend(y + d for _, y in op[1] for d in (-half, half))
    return min(xs), min(ys), max(xs), max(ys)


def text_blocks(design: ResolvedDesign, size: int) -> list[PlacedText]:
    """The title, subtitle and mark initials laid out for an image of ``size`` pixels."""
    shape = SHAPES[design.shape]
    layout = shape.layout
    s = size / 100
    placed: list[PlacedText] = []
    for role, box, sizes, bold, value in (
        ("title", layout.title, _TITLE_SIZES, True, design.title),
        ("subtitle", layout.subtitle, _SUBTITLE_SIZES, False, design.subtitle),
    ):
        if not value.strip():
            continue
        block = fit_text(
            value, box.width * s, box.height * s, max(1, round(sizes[0] * s)), max(1, round(sizes[1] * s)), bold
        )
        placed.append(PlacedText(role, box, block, design.foreground, size))
    if design.mark:
        mx, my = layout.mark
        r = layout.mark_radius
        box = Box(mx - r * 0.78, my - r * 0.55, mx + r * 0.78, my + r * 0.55)
        block = fit_text(
            design.mark, box.width * s, box.height * s, max(1, round(r * 0.9 * s)), max(1, round(r * 0.45 * s)), True
        )
        placed.append(PlacedText("mark", box, block, design.background, size))
    return placed


# --- PNG -------------------------------------------------------------------------------------------


def _rgba(colour: str) -> tuple[int, int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16), 255


def _paint(draw: ImageDraw.ImageDraw, ops: list[tuple], s: float, ox: float = 0.0, oy: float = 0.0) -> None:
    """Paint ``ops`` at ``s`` pixels per unit, the unit origin moved to ``(-ox, -oy)`` pixels."""

    def at(x: float, y: float) -> tuple[float, float]:
        return x * s - ox, y * s - oy

    for op in ops:
        kind = op[0]
        if kind == "poly":
            draw.polygon([at(x, y) for x, y in op[1]], fill=_rgba(op[2]))
        elif kind == "disc":
            _, cx, cy, r, colour = op
            x, y = at(cx, cy)
            draw.ellipse((x - r * s, y - r * s, x + r * s, y + r * s), fill=_rgba(colour))
        elif kind == "rrect":
            _, x0, y0, x1, y1, r, colour = op
            draw.rounded_rectangle((*at(x0, y0), *at(x1, y1)), radius=r * s, fill=_rgba(colour))
        elif kind == "stroke":
            _, points, width, colour, closed = op
            pts = [at(x, y) for x, y in points]
            if closed:
                pts.append(pts[0])
            w = max(1, round(width * s))
            draw.line(pts, fill=_rgba(colour), width=w, joint="curve")
            if not closed:  # round caps, as SVG's stroke-linecap="round"
                for x, y in (pts[0], pts[-1]):
                    draw.ellipse((x - w / 2, y - w / 2, x + w / 2, y + w / 2), fill=_rgba(colour))


def render_design_image(design: ResolvedDesign, size: int = 512) -> Image.Image:
    """The badge as a Pillow RGBA image of ``size`` × ``size`` pixels, transparent around the shape."""
    if not 32 <= size <= 4096:
        raise ValueError(f"size {size}: choose a size from 32 to 4096 pixels (512 or 1024 for badges).")
    groups = _groups(design)
    image = _body(design, size, groups[0][1])
    for _, ops in groups[1:]:
        layer, where = _raster(ops, size)
        image.alpha_composite(layer, where)
    s = size / 100
    if _shows_upload(design, svg=False) and design.upload_data.image is not None:  # type: ignore[union-attr]
        image.alpha_composite(*_fitted_upload(design, size))
    draw = ImageDraw.Draw(image)
    for placed in text_blocks(design, size):
        f = font(placed.block.size_px, placed.block.bold)
        x = placed.box.cx * s
        for line, baseline in zip(placed.block.lines, placed.block.baselines, strict=True):
            draw.text((x, placed.box.y0 * s + baseline), line, font=f, fill=_rgba(placed.colour), anchor="ms")
    return image


_BODY_CACHE: OrderedDict[tuple, Image.Image] = OrderedDict()


def _body(design: ResolvedDesign, size: int, ops: list[tuple]) -> Image.Image:
    """The shape with its border, drawn once per look and size: a constellation shares a few."""
    key = (design.shape, design.border, design.background, design.accent, size)
    hit = _BODY_CACHE.get(key)
    if hit is None:
        big = size * _SUPERSAMPLE
        # Pillow reduces RGBA with premultiplied alpha, so antialiased edges keep their colour; the
        # transparent surround also carries the outer colour, so no other reducer could darken them.
        canvas = Image.new("RGBA", (big, big), (*_rgba(ops[0][-1])[:3], 0))
        _paint(ImageDraw.Draw(canvas), ops, big / 100)
        hit = canvas.reduce(_SUPERSAMPLE)
        _BODY_CACHE[key] = hit
        if len(_BODY_CACHE) > 256:
            _BODY_CACHE.popitem(last=False)
    return hit.copy()


def _raster(ops: list[tuple], size: int) -> tuple[Image.Image, tuple[int, int]]:
    """A group of parts antialiased (drawn at 2× on a canvas just large enough, then reduced)."""
    s = size / 100
    x0, y0, x1, y1 = _bounds(ops)
    px0, py0 = max(0, math.floor(x0 * s) - 1), max(0, math.floor(y0 * s) - 1)
    px1, py1 = min(size, math.ceil(x1 * s) + 1), min(size, math.ceil(y1 * s) + 1)
    k = _SUPERSAMPLE
    first = ops[0]
    colour = first[3] if first[0] == "stroke" else first[-1]
    canvas = Image.new("RGBA", ((px1 - px0) * k, (py1 - py0) * k), (*_rgba(colour)[:3], 0))
    _paint(ImageDraw.Draw(canvas), ops, s * k, px0 * k, py0 * k)
    return canvas.reduce(k), (px0, py0)


def _fitted_upload(design: ResolvedDesign, size: int) -> tuple[Image.Image, tuple[int, int]]:
    box = SHAPES[design.shape].layout.pictogram
    s = size / 100
    source = design.upload_data.image  # type: ignore[union-attr]
    scale = min(box.width * s / source.width, box.height * s / source.height)
    width, height = max(1, round(source.width * scale)), max(1, round(source.height * scale))
    fitted = source.resize((width, height), Image.Resampling.LANCZOS)
    left = round(box.cx * s - width / 2)
    top = round((box.y0 + box.height / 2) * s - height / 2)
    return fitted, (left, top)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_bytes(image: Image.Image, level: int = 3) -> bytes:
    """A minimal PNG of an RGBA image: no metadata, no row filters, zlib ``level``.

    Pillow's encoder tries every row filter, which costs more than drawing a badge; unfiltered rows
    compress as well here (large flat areas) at a third of the time. The bytes depend only on the
    pixels, so the same badge always gives the same file.
    """
    rgba = image if image.mode == "RGBA" else image.convert("RGBA")
    pixels = np.asarray(rgba)
    height, width = pixels.shape[:2]
    rows = np.zeros((height, width * 4 + 1), dtype=np.uint8)  # a leading 0 per row: filter "None"
    rows[:, 1:] = pixels.reshape(height, width * 4)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8 bits, RGBA, no interlace
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(rows.tobytes(), level))
        + _chunk(b"IEND", b"")
    )


def render_design_png(design: ResolvedDesign, size: int = 512) -> bytes:
    """PNG bytes of a resolved design (transparent background, deterministic)."""
    return png_bytes(render_design_image(design, size))


def render_png(framework: Framework, badge: Badge | str, size: int = 512, *, lang: str | None = None,
               folder: str | Path | None = None) -> bytes:  # fmt: skip
    """PNG bytes of a badge's image, ``size`` × ``size`` pixels (512 or 1024), transparent background.

    ``folder`` (the framework folder) is needed only for uploaded images.
    """
    return render_design_png(resolve_design(framework, badge, lang=lang, folder=folder), size)


# --- SVG -------------------------------------------------------------------------------------------


def _n(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _svg_op(op: tuple) -> str:
    kind = op[0]
    if kind == "poly":
        points = " ".join(f"{_n(x)},{_n(y)}" for x, y in op[1])
        return f'<polygon points="{points}" fill="{op[2]}"/>'
    if kind == "disc":
        _, cx, cy, r, colour = op
        return f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(r)}" fill="{colour}"/>'
    if kind == "rrect":
        _, x0, y0, x1, y1, r, colour = op
        return f'<rect x="{_n(x0)}" y="{_n(y0)}" width="{_n(x1 - x0)}" height="{_n(y1 - y0)}" rx="{_n(r)}" fill="{colour}"/>'
    _, points, width, colour, closed = op
    tag = "polygon" if closed else "polyline"
    pts = " ".join(f"{_n(x)},{_n(y)}" for x, y in points)
    return (
        f'<{tag} points="{pts}" fill="none" stroke="{colour}" stroke-width="{_n(width)}" '
        'stroke-linecap="round" stroke-linejoin="round"/>'
    )


def render_design_svg(design: ResolvedDesign, size: int = 512, alt: str | None = None) -> str:
    """SVG text of a resolved design: the same scene as the PNG, text as ``<text>`` in DejaVu Sans."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="{size}" height="{size}" viewBox="0 0 100 100" role="img"'
        + (' aria-labelledby="title">' if alt else ">")
    ]
    if alt:
        parts.append(f'<title id="title">{escape(alt)}</title>')
    parts.extend(_svg_op(op) for op in _scene(design, svg=True))
    if _shows_upload(design, svg=True):
        box = SHAPES[design.shape].layout.pictogram
        mime = "image/png" if design.upload_kind == "png" else "image/svg+xml"
        data = base64.b64encode(design.upload_data.data).decode("ascii")
        parts.append(
            f'<image x="{_n(box.x0)}" y="{_n(box.y0)}" width="{_n(box.width)}" height="{_n(box.height)}" '
            f'preserveAspectRatio="xMidYMid meet" xlink:href="data:{mime};base64,{data}"/>'
        )
    s = _REFERENCE_SIZE / 100
    for placed in text_blocks(design, _REFERENCE_SIZE):
        weight = ' font-weight="bold"' if placed.block.bold else ""
        for line, baseline in zip(placed.block.lines, placed.block.baselines, strict=True):
            y = placed.box.y0 + baseline / s
            parts.append(
                f'<text x="{_n(placed.box.cx)}" y="{_n(y)}" font-family={quoteattr(FONT_FAMILY)} '
                f'font-size="{_n(placed.block.size_px / s)}"{weight} text-anchor="middle" fill="{placed.colour}" '
                f'xml:space="preserve">{escape(line)}</text>'
            )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def render_svg(framework: Framework, badge: Badge | str, *, lang: str | None = None, folder: str | Path | None = None,
               size: int = 512) -> str:  # fmt: skip
    """SVG text of a badge's image, with the same look as :func:`render_png`; its ``<title>`` is the alt text."""
    from .alt import alt_text_for

    design = resolve_design(framework, badge, lang=lang, folder=folder)
    return render_design_svg(design, size, alt=alt_text_for(framework, design, svg=True))


# --- preview, cached -------------------------------------------------------------------------------

_PREVIEW_CACHE: OrderedDict[tuple[str, int], bytes] = OrderedDict()
_PREVIEW_CACHE_SIZE = 1024


def preview(framework: Framework, badge: Badge | str, size: int = 256, *, lang: str | None = None,
            folder: str | Path | None = None) -> bytes:  # fmt: skip
    """PNG bytes for a live preview, cached by a hash of the resolved design: an unchanged badge is
    answered from memory (well under a millisecond), a changed setting renders afresh."""
    design = resolve_design(framework, badge, lang=lang, folder=folder)
    key = (design.key(), size)
    hit = _PREVIEW_CACHE.get(key)
    if hit is not None:
        _PREVIEW_CACHE.move_to_end(key)
        return hit
    data = render_design_png(design, size)
    _PREVIEW_CACHE[key] = data
    if len(_PREVIEW_CACHE) > _PREVIEW_CACHE_SIZE:
        _PREVIEW_CACHE.popitem(last=False)
    return data


def clear_preview_cache() -> None:
    """Forget every cached preview."""
    _PREVIEW_CACHE.clear()

"""Badge images for the exports, through one function: :func:`badge_artwork`.

The picture comes from the images package (``badgeworkbench.images.render_png`` and ``alt_text``)
when it is installed; until then a plain, deterministic placeholder is drawn here, so exports work
either way. An uploaded image (``badge.image.upload``) is used as is — if it is PNG or SVG.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from ..model import Badge, Framework, text
from .baking import require_png_or_svg
from .errors import OpenBadgesError

__all__ = ["Artwork", "badge_artwork", "caption"]

try:  # the images engineer's renderer, when merged
    from ..images import alt_text as _alt_text  # type: ignore[attr-defined]
    from ..images import render_png as _render_png  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - depends on which branches are merged
    _render_png = None
    _alt_text = None


@dataclass(frozen=True)
class Artwork:
    """The bytes of a badge image, their format (``png`` / ``svg``) and captions per language."""

    data: bytes
    extension: str
    captions: dict[str, str]


def caption(framework: Framework, badge: Badge, lang: str) -> str:
    """The alternative text of a badge image in ``lang``."""
    if badge.image.alt.get(lang):
        return badge.image.alt[lang]
    if _alt_text is not None:
        return str(_alt_text(framework, badge, lang))
    name = text(badge.name, lang) or badge.id
    return f"Badge « {name} »" if lang == "fr" else f"Badge “{name}”"


def _placeholder_png(badge: Badge, size: int = 200) -> bytes:
    """A disc in a colour derived from the badge id: stable across runs and machines."""
    from PIL import Image, ImageDraw

    digest = hashlib.sha256(badge.id.encode()).digest()
    colour = (40 + digest[0] % 150, 40 + digest[1] % 150, 40 + digest[2] % 150)
    # A palette image: a quarter of the bytes of RGBA to compress, so thousands of badges stay fast.
    image = Image.new("P", (size, size), 0)
    image.putpalette([255, 255, 255, *colour, 255, 255, 255])
    draw = ImageDraw.Draw(image)
    draw.ellipse((4, 4, size - 4, size - 4), fill=1, outline=2, width=6)
    draw.ellipse((size // 3, size // 3, 2 * size // 3, 2 * size // 3), fill=2)
    out = io.BytesIO()
    image.save(out, format="PNG", transparency=0, compress_level=6)
    return out.getvalue()


def badge_artwork(framework: Framework, badge: Badge, languages: list[str], images_dir: Path | None = None) -> Artwork:
    """The image of ``badge``: its upload (PNG or SVG only, else refused by name), or the rendered picture."""
    captions = {lang: caption(framework, badge, lang) for lang in languages}
    upload = badge.image.upload
    if upload:
        path = Path(upload)
        if not path.is_absolute() and images_dir is not None:
            path = images_dir / path
        try:
            data = path.read_bytes()
        except OSError as error:
            raise OpenBadgesError(
                f"badge '{badge.id}': its image file {path} cannot be read ({error.strerror}). "
                "Fix image.upload in the badge file, or remove it to use the drawn image."
            ) from None
        return Artwork(data, require_png_or_svg(data, f"badge '{badge.id}' image {upload}"), captions)
    if _render_png is not None:
        data = _render_png(framework, badge)
    else:
        data = _placeholder_png(badge)
    return Artwork(data, "png", captions)

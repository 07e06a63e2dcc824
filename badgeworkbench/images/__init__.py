"""Badge images: coherent families from the framework's data, PNG and SVG, accessible captions.

>>> from badgeworkbench.model import Badge, Framework
>>> fw = Framework(id="demo", badges=[Badge(id="cuisine", name={"fr": "Cuisiner au quotidien"}, level="1")])
>>> resolve_design(fw, "cuisine").shape, resolve_design(fw, "cuisine").pictogram
('circle', 'cuisine')
>>> render_png(fw, "cuisine")[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
True
"""

from __future__ import annotations

from .alt import alt_text, alt_text_for
from .checks import check_images, contrast_problems
from .colours import BadColour, contrast_ratio, parse_colour, readable_text_colour, simulate_colour_blindness
from .design import BORDERS, ResolvedDesign, resolve_design
from .palettes import DEFAULT_PALETTE, PALETTES, Palette
from .pictograms import CATEGORY_PICTOGRAMS, PICTOGRAMS, Pictogram
from .render import SIZES, clear_preview_cache, preview, render_design_png, render_design_svg, render_png, render_svg
from .shapes import CATEGORY_SHAPES, SHAPES, Shape
from .sheet import contact_sheet, contact_sheet_size
from .uploads import MAX_UPLOAD_BYTES, MAX_UPLOAD_PIXELS, BadUpload, check_upload_bytes

__all__ = [
    "BORDERS",
    "CATEGORY_PICTOGRAMS",
    "CATEGORY_SHAPES",
    "DEFAULT_PALETTE",
    "MAX_UPLOAD_BYTES",
    "MAX_UPLOAD_PIXELS",
    "PALETTES",
    "PICTOGRAMS",
    "SHAPES",
    "SIZES",
    "BadColour",
    "BadUpload",
    "Palette",
    "Pictogram",
    "ResolvedDesign",
    "Shape",
    "alt_text",
    "alt_text_for",
    "check_images",
    "check_upload_bytes",
    "clear_preview_cache",
    "contact_sheet",
    "contact_sheet_size",
    "contrast_problems",
    "contrast_ratio",
    "parse_colour",
    "preview",
    "readable_text_colour",
    "render_design_png",
    "render_design_svg",
    "render_png",
    "render_svg",
    "resolve_design",
    "simulate_colour_blindness",
]

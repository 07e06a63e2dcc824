"""The one place where the materials reach for badge images.

Images come from :mod:`badgeworkbench.images` (``render_png``, ``alt_text``). When that package
is absent, or cannot draw one badge (an uploaded image whose file is missing, say), the card
shows a vector placeholder instead: a coloured disc with the badge's initials.
"""

from __future__ import annotations

import hashlib
from typing import Any

from ..errors import BadgeWorkbenchError
from ..model import Badge, Framework, text

__all__ = ["badge_alt", "badge_png", "initials", "placeholder_colour"]


def _images_api() -> Any | None:
    try:
        from .. import images
    except ImportError:
        return None
    if not (hasattr(images, "render_png") and hasattr(images, "alt_text")):
        return None
    return images


def badge_png(
    framework: Framework, badge: Badge, lang: str = "fr", size: int = 192, folder: str | None = None
) -> bytes | None:
    """The badge's PNG image (``size`` pixels square), or ``None`` when it cannot be drawn
    (a placeholder is printed instead). 192 px is 150 dpi on a 32 mm card image."""
    api = _images_api()
    if api is None:
        return None
    try:
        data = api.render_png(framework, badge, size, lang=lang, folder=folder)
    except BadgeWorkbenchError:
        return None
    return bytes(data) if data else None


def badge_alt(framework: Framework, badge: Badge, lang: str) -> str:
    """Text alternative of the badge image (for HTML ``alt``)."""
    api = _images_api()
    if api is not None:
        try:
            return str(api.alt_text(framework, badge, lang))
        except BadgeWorkbenchError:
            pass
    return text(badge.image.alt, lang) or text(badge.name, lang) or badge.id


def placeholder_colour(badge: Badge) -> tuple[int, int, int]:
    """A dark colour picked from the badge id (white initials on it keep a contrast above 4.5:1)."""
    digest = hashlib.sha256(badge.id.encode()).digest()
    palette = [(31, 78, 121), (120, 40, 31), (27, 94, 32), (91, 44, 111), (0, 96, 100), (94, 53, 0)]
    return palette[digest[0] % len(palette)]


def initials(name: str) -> str:
    """Two letters for the placeholder disc, skipping little words ("à", "le", "en").

    >>> initials("Français à l'oral"), initials("Œuvrer en équipe")
    ('FO', 'ŒÉ')
    """
    words = [w for w in name.replace("-", " ").replace("'", " ").split() if w[:1].isalnum()]
    long_words = [w for w in words if len(w) > 2] or words
    return "".join(w[0] for w in long_words[:2]).upper() or "?"

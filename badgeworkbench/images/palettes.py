"""Palettes for badge families, built on the Okabe–Ito colours (readable by colour-blind readers).

Each palette gives a background, a text/pictogram colour chosen so that text reaches WCAG AA
(4.5:1) — also as seen with protanopia, deuteranopia and tritanopia — and an accent (border and
stars) that reaches 3:1 against the background (WCAG 1.4.11, non-text contrast).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DEFAULT_PALETTE", "PALETTES", "Palette"]


@dataclass(frozen=True)
class Palette:
    id: str
    label: dict[str, str]
    background: str
    foreground: str
    accent: str


_INK = "#1A1A1A"
_NAVY = "#003A5C"

# Order matters: pathways (then territories) take palettes in this order, so neighbours in a
# constellation alternate dark and light backgrounds and different hues.
_ALL = [
    Palette("bleu", {"fr": "bleu", "en": "blue"}, "#0072B2", "#FFFFFF", "#F0E442"),
    Palette("orange", {"fr": "orange", "en": "orange"}, "#E69F00", _INK, _NAVY),
    Palette("vert", {"fr": "vert", "en": "green"}, "#009E73", _INK, _NAVY),
    Palette("prune", {"fr": "prune", "en": "plum"}, "#7A3A68", "#FFFFFF", "#F0E442"),
    Palette("ciel", {"fr": "bleu ciel", "en": "sky blue"}, "#56B4E9", _INK, _NAVY),
    Palette("vermillon", {"fr": "vermillon", "en": "vermilion"}, "#E06A10", "#000000", _NAVY),
    Palette("sapin", {"fr": "vert sapin", "en": "fir green"}, "#00654A", "#FFFFFF", "#F0E442"),
    Palette("jaune", {"fr": "jaune", "en": "yellow"}, "#F0E442", _INK, "#0072B2"),
    Palette("nuit", {"fr": "bleu nuit", "en": "midnight blue"}, "#004B75", "#FFFFFF", "#F0E442"),
    Palette("pourpre", {"fr": "rose pourpre", "en": "reddish purple"}, "#CC79A7", _INK, _NAVY),
    Palette("brique", {"fr": "brique", "en": "brick"}, "#9E3D00", "#FFFFFF", "#F0E442"),
    Palette("ardoise", {"fr": "ardoise", "en": "slate"}, "#333333", "#FFFFFF", "#E69F00"),
]

#: Every palette by id, in the order families take them.
PALETTES: dict[str, Palette] = {p.id: p for p in _ALL}

#: The palette of a badge that belongs to no pathway and no territory.
DEFAULT_PALETTE = "bleu"

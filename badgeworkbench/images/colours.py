"""Colours: parsing, WCAG 2.x contrast, a proposed fix for low contrast, colour-blindness simulation.

>>> parse_colour("#0072b2")
'#0072B2'
>>> round(contrast_ratio("#000000", "#FFFFFF"), 1)
21.0
>>> fix = readable_text_colour("#777777", "#888888")
>>> contrast_ratio(fix, "#888888") >= 4.5
True
"""

from __future__ import annotations

from functools import lru_cache

from PIL import ImageColor

__all__ = [
    "AA_LARGE_TEXT",
    "AA_NORMAL_TEXT",
    "BadColour",
    "colour_name",
    "contrast_ratio",
    "parse_colour",
    "readable_text_colour",
    "relative_luminance",
    "simulate_colour_blindness",
    "to_rgb",
]

#: WCAG 2.x level AA: normal text needs 4.5:1, large text (≥ 18.66 px bold) 3:1.
AA_NORMAL_TEXT = 4.5
AA_LARGE_TEXT = 3.0


class BadColour(ValueError):
    """A value that is not a colour (message says what is accepted)."""


@lru_cache(maxsize=1024)
def parse_colour(value: str) -> str:
    """The colour ``value`` as ``#RRGGBB``; accepts ``#rgb``, ``#rrggbb``, CSS names, ``rgb(…)``, ``hsl(…)``.

    Raises :class:`BadColour` with a sentence saying what is accepted.
    """
    if not isinstance(value, str) or not value.strip():
        raise BadColour(f"{value!r} is not a colour: write it as #RRGGBB (e.g. #0072B2) or a CSS name (e.g. navy).")
    try:
        rgb = ImageColor.getrgb(value.strip())
    except (ValueError, AttributeError):
        raise BadColour(
            f"{value!r} is not a colour: write it as #RRGGBB (e.g. #0072B2) or a CSS name (e.g. navy)."
        ) from None
    return "#{:02X}{:02X}{:02X}".format(*rgb[:3])


def to_rgb(colour: str) -> tuple[int, int, int]:
    """``(r, g, b)`` of a colour (any form :func:`parse_colour` accepts)."""
    hexa = parse_colour(colour)
    return int(hexa[1:3], 16), int(hexa[3:5], 16), int(hexa[5:7], 16)


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance, 0 (black) to 1 (white)."""
    r, g, b = (_linear(c) for c in to_rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(colour_a: str, colour_b: str) -> float:
    """WCAG 2.x contrast ratio between two colours, from 1.0 to 21.0 (order does not matter).

    >>> round(contrast_ratio("#0072B2", "white"), 2)
    5.19
    """
    la, lb = relative_luminance(colour_a), relative_luminance(colour_b)
    light, dark = max(la, lb), min(la, lb)
    return (light + 0.05) / (dark + 0.05)


def _mix(colour: str, toward: tuple[int, int, int], amount: float) -> str:
    rgb = to_rgb(colour)
    mixed = (round(c + (t - c) * amount) for c, t in zip(rgb, toward, strict=True))
    return "#{:02X}{:02X}{:02X}".format(*mixed)


def readable_text_colour(text: str, background: str, target: float = AA_NORMAL_TEXT) -> str:
    """The colour closest to ``text`` (same hue, darker or lighter) that reaches ``target`` on ``background``.

    Returns ``text`` itself when it already reaches the target. Both directions (toward black,
    toward white) are tried and the smaller change wins, so the proposal stays close to what the
    designer chose.
    """
    if contrast_ratio(text, background) >= target:
        return parse_colour(text)
    candidates: list[tuple[float, str]] = []
    for toward in ((0, 0, 0), (255, 255, 255)):
        if contrast_ratio(_mix(text, toward, 1.0), background) < target:
            continue
        low, high = 0.0, 1.0  # binary search on the amount of mixing: the smallest that reaches the target
        for _ in range(20):
            middle = (low + high) / 2
            if contrast_ratio(_mix(text, toward, middle), background) >= target:
                high = middle
            else:
                low = middle
        candidates.append((high, _mix(text, toward, high)))
    if not candidates:  # cannot happen for target ≤ 4.58: black or white always reaches it
        return (
            "#000000" if contrast_ratio("#000000", background) >= contrast_ratio("#FFFFFF", background) else "#FFFFFF"
        )
    return min(candidates)[1]


# Viénot, Brettel & Mollon (1999) / Machado et al. (2009, severity 1.0) matrices in linear RGB.
_CVD_MATRICES: dict[str, tuple[tuple[float, float, float], ...]] = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}


def _delinear(value: float) -> int:
    value = min(1.0, max(0.0, value))
    c = value * 12.92 if value <= 0.0031308 else 1.055 * value ** (1 / 2.4) - 0.055
    return round(c * 255)


def simulate_colour_blindness(colour: str, kind: str) -> str:
    """How ``colour`` looks to a reader with ``kind`` (protanopia, deuteranopia, tritanopia), Machado 2009."""
    matrix = _CVD_MATRICES[kind]
    linear = [_linear(c) for c in to_rgb(colour)]
    out = [sum(m * v for m, v in zip(row, linear, strict=True)) for row in matrix]
    return "#{:02X}{:02X}{:02X}".format(*(_delinear(v) for v in out))


# A few plain colour words for captions ("un cercle bleu"), matched by the nearest colour.
_NAMED: list[tuple[str, str, str]] = [
    ("#000000", "noir", "black"),
    ("#FFFFFF", "blanc", "white"),
    ("#808080", "gris", "grey"),
    ("#0072B2", "bleu", "blue"),
    ("#56B4E9", "bleu ciel", "sky blue"),
    ("#1F3A93", "bleu marine", "navy blue"),
    ("#009E73", "vert", "green"),
    ("#F0E442", "jaune", "yellow"),
    ("#E69F00", "orange", "orange"),
    ("#D55E00", "vermillon", "vermilion"),
    ("#C0392B", "rouge", "red"),
    ("#CC79A7", "rose", "pink"),
    ("#7B3F99", "violet", "purple"),
    ("#8B5A2B", "brun", "brown"),
]


def colour_name(colour: str, lang: str = "fr") -> str:
    """A plain word for the nearest named colour (for captions).

    >>> colour_name("#0070B0"), colour_name("#0070B0", "en")
    ('bleu', 'blue')
    """
    rgb = to_rgb(colour)
    best = min(_NAMED, key=lambda n: sum((a - b) ** 2 for a, b in zip(to_rgb(n[0]), rgb, strict=True)))
    return best[1] if lang == "fr" else best[2]

"""Badge shapes and where things go inside them, in a 100 × 100 unit box.

Every shape has an outline (a polygon, also used for geometry), a way to shrink it for the
border, and a layout: the boxes where the pictogram, the title and the subtitle go, the row of
stars and the issuer's mark. Tests check that each text box lies inside the shape once the
thickest border is taken off, so text can never overflow the shape.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["CATEGORY_SHAPES", "MAX_BORDER", "SHAPES", "Box", "Layout", "Shape", "point_in_polygon"]

Point = tuple[float, float]

#: The widest border (double) takes this many units off the shape on every side.
MAX_BORDER = 6.0


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True)
class Layout:
    pictogram: Box
    title: Box
    subtitle: Box
    stars: Point  # centre of the row of stars
    star_radius: float
    mark: Point  # centre of the issuer's mark
    mark_radius: float


@dataclass(frozen=True)
class Shape:
    id: str
    label: dict[str, str]
    kind: str  # "circle", "rounded", "polygon": how it is drawn exactly
    outline: tuple[Point, ...]
    layout: Layout
    radius: float = 0.0  # corner radius of "rounded"

    def inset(self, d: float) -> tuple[Point, ...]:
        """The outline shrunk by ``d`` units toward its centre (scaled per axis from the bounding box)."""
        xs = [p[0] for p in self.outline]
        ys = [p[1] for p in self.outline]
        cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
        hw, hh = (max(xs) - min(xs)) / 2, (max(ys) - min(ys)) / 2
        sx, sy = max(0.0, (hw - d) / hw), max(0.0, (hh - d) / hh)
        return tuple((cx + (x - cx) * sx, cy + (y - cy) * sy) for x, y in self.outline)


def point_in_polygon(point: Point, polygon: tuple[Point, ...]) -> bool:
    """Even-odd rule: is ``point`` inside ``polygon``?"""
    x, y = point
    inside = False
    n = len(polygon)
    for i in range(n):
        (x1, y1), (x2, y2) = polygon[i], polygon[(i + 1) % n]
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def _circle(cx: float, cy: float, r: float, n: int = 96) -> tuple[Point, ...]:
    return tuple((cx + r * math.cos(2 * math.pi * i / n), cy + r * math.sin(2 * math.pi * i / n)) for i in range(n))


def _rounded(x0: float, y0: float, x1: float, y1: float, r: float, n: int = 12) -> tuple[Point, ...]:
    points: list[Point] = []
    corners = [(x1 - r, y0 + r, -90), (x1 - r, y1 - r, 0), (x0 + r, y1 - r, 90), (x0 + r, y0 + r, 180)]
    for cx, cy, start in corners:
        for i in range(n + 1):
            a = math.radians(start + 90 * i / n)
            points.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return tuple(points)


def _quad(p0: Point, p1: Point, p2: Point, n: int = 16) -> list[Point]:
    out = []
    for i in range(1, n + 1):
        t = i / n
        out.append(
            (
                (1 - t) ** 2 * p0[0] + 2 * t * (1 - t) * p1[0] + t * t * p2[0],
                (1 - t) ** 2 * p0[1] + 2 * t * (1 - t) * p1[1] + t * t * p2[1],
            )
        )
    return out


def _shield() -> tuple[Point, ...]:
    right = [(50.0, 3.0), (92.0, 8.0), (92.0, 48.0), *_quad((92, 48), (90, 80), (50, 97))]
    left = [(100 - x, y) for x, y in reversed(right[1:-1])]
    return tuple(right + left)


def _hexagon() -> tuple[Point, ...]:
    return tuple(
        (50 + 48 * math.cos(math.radians(-90 + 60 * i)), 50 + 48 * math.sin(math.radians(-90 + 60 * i)))
        for i in range(6)
    )


_STANDARD = dict(star_radius=3.2, mark_radius=5.5)

SHAPES: dict[str, Shape] = {
    "circle": Shape(
        "circle",
        {"fr": "cercle", "en": "circle"},
        "circle",
        _circle(50, 50, 47),
        Layout(Box(37, 20, 63, 46), Box(17, 49, 83, 70), Box(22, 71, 78, 79), (50, 14), mark=(50, 87), **_STANDARD),
    ),
    "rounded-square": Shape(
        "rounded-square",
        {"fr": "carré arrondi", "en": "rounded square"},
        "rounded",
        _rounded(5, 5, 95, 95, 14),
        Layout(Box(37, 21, 63, 47), Box(14, 50, 86, 72), Box(15, 73, 85, 81), (50, 14), mark=(50, 88), **_STANDARD),
        radius=14,
    ),
    "shield": Shape(
        "shield",
        {"fr": "écusson", "en": "shield"},
        "polygon",
        _shield(),
        Layout(Box(38, 20, 62, 44), Box(19, 46, 81, 65), Box(28, 66, 72, 74), (50, 14), mark=(50, 84), **_STANDARD),
    ),
    "hexagon": Shape(
        "hexagon",
        {"fr": "hexagone", "en": "hexagon"},
        "polygon",
        _hexagon(),
        Layout(Box(38, 22, 62, 46), Box(16, 48, 84, 69), Box(28, 70, 72, 78), (50, 16), mark=(50, 87), **_STANDARD),
    ),
    "banner": Shape(
        "banner",
        {"fr": "bannière", "en": "banner"},
        "polygon",
        ((2.0, 22.0), (98.0, 22.0), (90.0, 50.0), (98.0, 78.0), (2.0, 78.0), (10.0, 50.0)),
        Layout(Box(15, 30, 37, 52), Box(41, 29, 81, 58), Box(41, 59, 81, 69), (26, 62), mark=(50, 78), **_STANDARD),
    ),
}

#: The default shape of each badge category, so a constellation reads at a glance.
CATEGORY_SHAPES: dict[str, str] = {
    "competency": "circle",
    "participation": "rounded-square",
    "engagement": "shield",
    "experiential": "hexagon",
}

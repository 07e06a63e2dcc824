"""The constellation poster (A3 or A2, landscape): every badge at its saved position in the
constellation picture, arrows from a prerequisite to the badge it opens, colours by level.

Positions come from ``framework.layout`` (saved by the constellation editor). Badges without a
saved position are placed by :func:`badgeworkbench.constellation.constellation_layout` when that
package is present, else by a deterministic column layout: one column per requirement depth,
sorted by level then name.

At a large size a poster can show part of the constellation: the filters of
:mod:`badgeworkbench.constellation.views` (``pathway``, ``territory``, ``partner``, ``category``,
``level``, ``status``, each one id or a list), or one poster per pathway (``per_pathway``). A part
keeps the whole constellation's positions (nothing moves) and is scaled to fill the page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from ..constellation.views import ViewFilter, facet_values, filter_badges
from ..model import BadgeCategory, Framework, Position, Requirement, Status, text
from ._base import FONT, MaterialsError, colon, esc, fit_text, html_page, label, level_name, new_pdf, pdf_bytes

__all__ = ["FILTER_OPTIONS", "PAGE_SIZES", "PosterKit", "column_layout", "poster_positions", "requirement_depths"]

#: The poster's filter options and the view facet each one narrows.
FILTER_OPTIONS = {"pathway": "pathways", "territory": "territories", "partner": "partners",
                  "category": "categories", "level": "levels", "status": "statuses"}  # fmt: skip

#: Poster sizes in millimetres, landscape.
PAGE_SIZES = {"A3": (420.0, 297.0), "A2": (594.0, 420.0)}
_LEVEL_COLOURS = [
    (31, 119, 180),
    (44, 160, 44),
    (214, 39, 40),
    (148, 103, 189),
    (140, 86, 75),
    (227, 119, 194),
    (127, 127, 127),
    (188, 189, 34),
    (23, 190, 207),
    (255, 127, 14),
]
_NO_LEVEL = (90, 90, 90)


def requirement_depths(framework: Framework) -> dict[str, int]:
    """0 for a badge that requires nothing, else one more than the deepest badge it requires (cycle-safe)."""
    depth: dict[str, int] = {}
    visiting: set[str] = set()

    def visit(badge_id: str) -> int:
        if badge_id in depth:
            return depth[badge_id]
        badge = framework.badge(badge_id)
        if badge is None or badge_id in visiting:
            return 0  # unknown badges and cycles are check()'s business; a poster still prints
        visiting.add(badge_id)
        required = badge.requires.badge_ids() if badge.requires is not None else []
        value = 1 + max((visit(r) for r in required), default=-1)
        visiting.discard(badge_id)
        depth[badge_id] = value
        return value

    for b in framework.badges:
        visit(b.id)
    return depth


def column_layout(
    framework: Framework,
    badge_ids: list[str],
    column_width: float = 220,
    row_height: float = 110,
    x0: float = 0.0,
    max_rows: int | None = None,
) -> dict[str, tuple[float, float]]:
    """One column per requirement depth, badges sorted by level then name inside a column; a
    column longer than ``max_rows`` (default: about the square root of the count, at least 8)
    continues in the next column, so that a large framework still fills a landscape poster."""
    depths = requirement_depths(framework)
    level_order = {lv.id: i for i, lv in enumerate(framework.badge_levels)}
    rows_per_column = max_rows or max(8, math.ceil(math.sqrt(len(badge_ids) * 0.6)))
    columns: dict[int, list[str]] = {}
    for bid in badge_ids:
        columns.setdefault(depths.get(bid, 0), []).append(bid)

    def order(bid: str) -> tuple[int, str, str]:
        badge = framework.badge(bid)
        level = level_order.get(badge.level or "", len(level_order)) if badge else 0
        return (level, text(badge.name, "fr").casefold() if badge else bid, bid)

    positions = {}
    column = 0
    for _, ids in sorted(columns.items()):
        for index, bid in enumerate(sorted(ids, key=order)):
            sub, row = divmod(index, rows_per_column)
            positions[bid] = (x0 + (column + sub) * column_width, row * row_height)
        column += math.ceil(len(ids) / rows_per_column)
    return positions


def _constellation_layout(framework: Framework) -> dict[str, tuple[float, float]] | None:
    try:
        from ..constellation import constellation_layout  # written on another branch; used when present
    except ImportError:
        return None
    found = constellation_layout(framework)
    out = {}
    for key, value in dict(found).items():
        x, y = (value.x, value.y) if isinstance(value, Position) else (value[0], value[1])
        out[str(key).removeprefix("badge:")] = (float(x), float(y))
    return out


def poster_positions(framework: Framework) -> dict[str, tuple[float, float]]:
    """Where each badge goes: saved positions first, then the constellation layout, then columns."""
    saved = {}
    for key, pos in framework.layout.items():
        bid = key.removeprefix("badge:")
        if framework.badge(bid) is not None:
            saved[bid] = (pos.x, pos.y)
    missing = [b.id for b in framework.badges if b.id not in saved]
    if not missing:
        return saved
    computed = _constellation_layout(framework)
    if computed is not None and all(bid in computed for bid in missing):
        return {**{bid: computed[bid] for bid in missing}, **saved}
    x0 = (max(x for x, _ in saved.values()) + 220) if saved else 0.0
    return {**column_layout(framework, missing, x0=x0), **saved}


@dataclass(frozen=True)
class _Node:
    id: str
    name: str
    x: float
    y: float
    colour: tuple[int, int, int]
    milestone: bool


@dataclass(frozen=True)
class _Edge:
    x1: float
    y1: float
    x2: float
    y2: float
    dashed: bool


def _edges_of(requirement: Requirement) -> list[tuple[str, bool]]:
    """(badge id, part of an "N of M" choice?) for every badge named in a requirement."""
    out: list[tuple[str, bool]] = []
    choice = requirement.count is not None and requirement.count < len(requirement.of)
    for item in requirement.of:
        if isinstance(item, str):
            out.append((item, choice))
        else:
            out.extend((bid, dashed or choice) for bid, dashed in _edges_of(item))
    return out


def _min_gap(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The smallest distance between two points, and the smallest horizontal distance between two
    points on about the same line (where labels could collide)."""
    nearest = same_line = math.inf
    ordered = sorted(points)
    for i, (x1, y1) in enumerate(ordered):
        for x2, y2 in ordered[i + 1 :]:
            dx = x2 - x1
            if dx >= nearest and dx >= same_line:
                break  # sorted by x: every later point is farther
            nearest = min(nearest, math.hypot(dx, y2 - y1))
            if abs(y2 - y1) < 6:
                same_line = min(same_line, dx)
    return nearest, same_line


def _geometry(
    framework: Framework, lang: str, page_w: float, page_h: float, only: set[str] | None = None
) -> tuple[list[_Node], list[_Edge], float, float]:
    positions = poster_positions(framework)
    if only is not None:
        positions = {bid: p for bid, p in positions.items() if bid in only}
    area_x, area_y, area_w, area_h = 15.0, 30.0, page_w - 30.0, page_h - 55.0
    xs = [p[0] for p in positions.values()] or [0.0]
    ys = [p[1] for p in positions.values()] or [0.0]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    label_room = min(60.0, area_w / 6)
    inner_w, inner_h = area_w - label_room, area_h - 14
    # A drawing someone arranged keeps its proportions; computed columns stretch to fill the poster.
    uniform = any(key.removeprefix("badge:") in positions for key in framework.layout)
    scale_x = scale_y = min(inner_w / span_x, inner_h / span_y)
    if not uniform:
        scale_x, scale_y = inner_w / span_x, inner_h / span_y
    off_x = area_x + label_room / 2 + (inner_w - span_x * scale_x) / 2
    off_y = area_y + 4 + (inner_h - span_y * scale_y) / 2
    placed = {
        bid: (off_x + (px - min(xs)) * scale_x, off_y + (py - min(ys)) * scale_y) for bid, (px, py) in positions.items()
    }
    nearest, same_line = _min_gap(list(placed.values()))
    radius = max(1.2, min(8.0, nearest * 0.22 if nearest < math.inf else 8.0))
    label_w = max(6.0, min(60.0, same_line * 0.92 if same_line < math.inf else 60.0))
    level_index = {lv.id: i for i, lv in enumerate(framework.badge_levels)}
    nodes = {}
    for badge in framework.badges:
        if badge.id not in placed:
            continue
        x, y = placed[badge.id]
        colour = (
            _LEVEL_COLOURS[level_index[badge.level] % len(_LEVEL_COLOURS)] if badge.level in level_index else _NO_LEVEL
        )
        nodes[badge.id] = _Node(badge.id, text(badge.name, lang) or badge.id, x, y, colour, badge.milestone)
    edges = []
    for badge in framework.badges:
        if badge.requires is None or badge.id not in nodes:
            continue
        target = nodes[badge.id]
        for source_id, dashed in _edges_of(badge.requires):
            source = nodes.get(source_id)
            if source is None or source is target:
                continue
            dx, dy = target.x - source.x, target.y - source.y
            length = math.hypot(dx, dy) or 1.0
            ux, uy = dx / length, dy / length
            edges.append(
                _Edge(
                    source.x + ux * radius,
                    source.y + uy * radius,
                    target.x - ux * (radius + 0.6),
                    target.y - uy * (radius + 0.6),
                    dashed,
                )
            )
    return list(nodes.values()), edges, radius, label_w


def _legend_items(framework: Framework, lang: str) -> list[tuple[str, tuple[int, int, int]]]:
    items = [
        (level_name(framework, lv.id, lang), _LEVEL_COLOURS[i % len(_LEVEL_COLOURS)])
        for i, lv in enumerate(framework.badge_levels)
    ]
    if any(b.level not in {lv.id for lv in framework.badge_levels} for b in framework.badges):
        items.append(("—", _NO_LEVEL))
    return items


def _arrow_head(x1: float, y1: float, x2: float, y2: float, size: float) -> list[tuple[float, float]]:
    angle = math.atan2(y2 - y1, x2 - x1)
    left = (x2 - size * math.cos(angle - 0.45), y2 - size * math.sin(angle - 0.45))
    right = (x2 - size * math.cos(angle + 0.45), y2 - size * math.sin(angle + 0.45))
    return [(x2, y2), left, right]


def _svg(framework: Framework, lang: str, page_w: float, page_h: float, title: str,
         only: set[str] | None = None) -> str:  # fmt: skip
    nodes, edges, radius, _label_w = _geometry(framework, lang, page_w, page_h, only)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {page_w} {page_h}" role="img" '
        f'aria-label="{esc(title)}" font-family="DejaVu Sans, sans-serif">'
    ]
    parts.append(f'<text x="15" y="18" font-size="9" font-weight="bold">{esc(title)}</text>')
    for e in edges:
        dash = ' stroke-dasharray="1.5 1"' if e.dashed else ""
        head = " ".join(f"{x:.2f},{y:.2f}" for x, y in _arrow_head(e.x1, e.y1, e.x2, e.y2, max(1.2, radius * 0.5)))
        parts.append(
            f'<line x1="{e.x1:.2f}" y1="{e.y1:.2f}" x2="{e.x2:.2f}" y2="{e.y2:.2f}" stroke="#555" stroke-width="0.3"{dash}/>'
            f'<polygon points="{head}" fill="#555"/>'
        )
    font = max(2.0, min(3.2, radius * 0.55))
    for node in nodes:
        r, g, b = node.colour
        ring = (
            f'<circle cx="{node.x:.2f}" cy="{node.y:.2f}" r="{radius + 0.9:.2f}" fill="none" stroke="rgb({r},{g},{b})" stroke-width="0.4"/>'
            if node.milestone
            else ""
        )
        parts.append(
            f'<g id="{esc(node.id)}"><title>{esc(node.name)}</title>{ring}<circle cx="{node.x:.2f}" cy="{node.y:.2f}" r="{radius:.2f}" '
            f'fill="rgb({r},{g},{b})"/><text x="{node.x:.2f}" y="{node.y + radius + font + 0.5:.2f}" font-size="{font:.2f}" '
            f'text-anchor="middle">{esc(node.name)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _values(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else list(value)
    return tuple(v.strip() for item in items for v in str(item).split(",") if v.strip())


#: Categories and statuses a badge may have, whether or not a badge of this framework has them.
_ALL_VALUES = {"categories": [str(c) for c in BadgeCategory], "statuses": [str(s) for s in Status]}


def poster_filter(framework: Framework, options: dict[str, Any]) -> ViewFilter:
    """The view filter the poster options ask for (``options`` loses the filter keys); an unknown
    value is refused with a sentence that names it and lists the known ones."""
    chosen: dict[str, tuple[str, ...]] = {}
    for option, facet in FILTER_OPTIONS.items():
        values = _values(options.pop(option, None))
        known = _ALL_VALUES.get(facet) or facet_values(framework, facet)
        for value in values:
            if value not in known:
                raise MaterialsError(
                    f"poster: {option} {value!r} is not in this framework. Known: {', '.join(known) or 'none'}."
                )
        chosen[facet] = values
    return ViewFilter(**chosen)


class PosterKit:
    """The constellation poster. Options: ``size`` ("A3" default, or "A2"); filters ``pathway``,
    ``territory``, ``partner``, ``category``, ``level``, ``status`` (an id or a list: the poster shows
    the badges they keep); ``per_pathway`` (one poster per pathway, ``poster-<pathway>.pdf``/``.html``,
    for every pathway or the ``pathway`` ones, each narrowed by the other filters)."""

    name = "poster"
    description = "Constellation poster (A3 or A2, landscape) from the saved graph positions."

    def render(self, framework: Framework, lang: str = "fr", **options: Any) -> dict[str, bytes]:
        size = str(options.pop("size", "A3")).upper()
        per_pathway = bool(options.pop("per_pathway", False))
        view = poster_filter(framework, options)
        if options:
            raise MaterialsError(
                f"poster: unknown option(s) {', '.join(sorted(options))}. "
                f"Known: size, per_pathway, {', '.join(FILTER_OPTIONS)}."
            )
        if size not in PAGE_SIZES:
            raise MaterialsError(f"poster: size {size!r} is not offered. Use A3 or A2.")
        fw_title = framework.title.get(lang) or framework.title.get("fr") or framework.id
        if not per_pathway:
            only = None if view.empty else set(filter_badges(framework, view))
            if only is not None and not only:
                raise MaterialsError("poster: the filters keep no badge. Choose other values, or print without them.")
            pdf, page = self._one(framework, lang, size, f"{label('poster', lang)} — {fw_title}", only)
            return {"poster.pdf": pdf, "poster.html": page}
        if not framework.pathways:
            raise MaterialsError("poster: per_pathway asks for one poster per pathway, and this framework has none.")
        files: dict[str, bytes] = {}
        for pathway in framework.pathways:
            if view.pathways and pathway.id not in view.pathways:
                continue
            narrowed = ViewFilter(**{**{f: getattr(view, f) for f in FILTER_OPTIONS.values()},
                                     "pathways": (pathway.id,)})  # fmt: skip
            only = set(filter_badges(framework, narrowed))
            if not only:
                continue
            name = text(pathway.name, lang) or pathway.id
            pdf, page = self._one(framework, lang, size, f"{label('poster', lang)} — {name}", only)
            files[f"poster-{pathway.id}.pdf"], files[f"poster-{pathway.id}.html"] = pdf, page
        if not files:
            raise MaterialsError("poster: the filters keep no badge of any pathway. Choose other values.")
        return files

    def _one(self, framework: Framework, lang: str, size: str, title: str,
             only: set[str] | None) -> tuple[bytes, bytes]:  # fmt: skip
        page_w, page_h = PAGE_SIZES[size]
        count = f"{len(only)}/{len(framework.badges)}" if only is not None else str(len(framework.badges))
        pdf = new_pdf(title, lang, page_format=(page_h, page_w), orientation="L")  # fpdf2 has no "A2" name
        pdf.add_page()
        fit_text(pdf, title, 15, 10, page_w - 30, 10, size=20, min_size=12, bold=True)
        pdf.set_text_color(90, 90, 90)
        fit_text(
            pdf,
            f"{framework.id} @ {framework.version} — {count} badges",
            15,
            20,
            page_w - 30,
            5,
            size=9,
            min_size=7,
        )
        pdf.set_text_color(0, 0, 0)
        nodes, edges, radius, label_w = _geometry(framework, lang, page_w, page_h, only)
        pdf.set_draw_color(85, 85, 85)
        pdf.set_fill_color(85, 85, 85)
        pdf.set_line_width(0.3)
        for e in edges:
            if e.dashed:
                pdf.set_dash_pattern(dash=1.5, gap=1)
            pdf.line(e.x1, e.y1, e.x2, e.y2)
            pdf.set_dash_pattern()
            pdf.polygon(_arrow_head(e.x1, e.y1, e.x2, e.y2, max(1.2, radius * 0.5)), style="F")
        font = max(4.0, min(8.0, radius * 1.5))
        for node in nodes:
            pdf.set_fill_color(*node.colour)
            pdf.ellipse(node.x - radius, node.y - radius, 2 * radius, 2 * radius, style="F")
            if node.milestone:
                pdf.set_draw_color(*node.colour)
                pdf.set_line_width(0.4)
                pdf.ellipse(node.x - radius - 0.9, node.y - radius - 0.9, 2 * radius + 1.8, 2 * radius + 1.8, style="D")
            fit_text(
                pdf,
                node.name,
                node.x - label_w / 2,
                node.y + radius + 0.6,
                label_w,
                font * 0.3528 * 1.22 * 2,
                size=font,
                min_size=min(font, 3.0),
                align="C",
                halo=True,
            )
        # Legend: level colours and what the two kinds of line mean.
        x, y = 15.0, page_h - 14
        pdf.set_font(FONT, "B", 8)
        fit_text(pdf, label("level", lang) + colon(lang), x, y, 25, 4, size=8, bold=True)
        x += 25
        for name, colour in _legend_items(framework, lang):
            pdf.set_fill_color(*colour)
            pdf.ellipse(x, y + 0.5, 3, 3, style="F")
            fit_text(pdf, name, x + 4, y, 30, 4, size=8, min_size=6)
            x += 36
        pdf.set_draw_color(85, 85, 85)
        pdf.line(15, y + 8, 27, y + 8)
        fit_text(pdf, label("legend_all", lang), 29, y + 6, 90, 4, size=8, min_size=6)
        pdf.set_dash_pattern(dash=1.5, gap=1)
        pdf.line(125, y + 8, 137, y + 8)
        pdf.set_dash_pattern()
        fit_text(pdf, label("legend_some", lang), 139, y + 6, 110, 4, size=8, min_size=6)
        svg = _svg(framework, lang, page_w, page_h, title, only)
        page = html_page(
            title, lang, svg, page_size=f"{size} landscape", extra_css="svg { width: 100%; height: auto; }"
        )
        return pdf_bytes(pdf), page

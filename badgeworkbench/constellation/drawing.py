"""Pictures of a constellation: the badge graph (SVG written by hand, PNG drawn with Pillow), a
coverage heatmap and a partner-contribution chart (matplotlib, Agg backend).

Every renderer returns the picture in memory — ``str`` for :func:`constellation_svg`, ``bytes``
for the others — so that a notebook shows it (``IPython.display.SVG(text)`` or
``IPython.display.Image(png)``), materials embed it and the site serves it; writing a file is a
separate step. Output is deterministic: the same framework gives the same bytes. Text is drawn
in DejaVu Sans (shipped with matplotlib), which has every French character (é, œ, « », U+202F).

>>> from badgeworkbench.model import Badge, Framework, Requirement
>>> fw = Framework(id="f", badges=[Badge(id=i, name={"fr": n}) for i, n in
...     [("a", "Accueil"), ("b", "Cuisine"), ("c", "Service")]] + [
...     Badge(id="m", name={"fr": "Commis & chef"}, milestone=True, requires=Requirement(count=2, of=["a", "b", "c"]))])
>>> svg = constellation_svg(fw)
>>> svg.startswith("<svg") and "Commis &amp; chef" in svg and ">2/3<" in svg
True
"""

from __future__ import annotations

import functools
import io
import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar
from xml.sax.saxutils import escape, quoteattr

from ..model import Framework, Requirement, text
from .analysis import contribution, coverage
from .layout import COLUMN_GAP, NODE_HEIGHT, badge_size, constellation_layout, label_lines, layered_layout

__all__ = [
    "CATEGORY_COLOURS",
    "CATEGORY_NAMES",
    "Scene",
    "constellation_png",
    "constellation_scene",
    "constellation_svg",
    "contribution_chart",
    "coverage_heatmap",
    "draw",
]

Format = Literal["svg", "png"]

#: Fill and stroke of a badge, by category: light fills so that dark text stays readable (contrast ≥ 7:1).
CATEGORY_COLOURS: dict[str, tuple[str, str]] = {
    "competency": ("#d6e6f7", "#1f5c99"),
    "participation": ("#fbe3c8", "#a65a00"),
    "engagement": ("#d5eedc", "#23753f"),
    "experiential": ("#e8ddf3", "#6a3d91"),
}
_UNKNOWN_COLOURS = ("#eeeeee", "#666666")
CATEGORY_NAMES: dict[str, dict[str, str]] = {
    "competency": {"fr": "Compétence", "en": "Competency"},
    "participation": {"fr": "Participation", "en": "Participation"},
    "engagement": {"fr": "Engagement", "en": "Engagement"},
    "experiential": {"fr": "Expérience", "en": "Experience"},
}
FONT = "DejaVu Sans"
MARGIN, HEADER = 24.0, 84.0
TEXT_COLOUR, EDGE_COLOUR = "#1a1a1a", "#555555"


@dataclass(frozen=True)
class Node:
    id: str
    x: float  # top-left corner, in picture coordinates
    y: float
    width: float
    lines: tuple[str, ...]
    fill: str
    stroke: str
    milestone: bool


@dataclass(frozen=True)
class Edge:
    points: tuple[tuple[float, float], ...]  # a polyline, from the required badge to the badge requiring it
    dashed: bool
    label: str  # "2/3" for an "any N of M" group, else ""
    label_at: tuple[float, float]


@dataclass(frozen=True)
class Column:
    x: float
    width: float
    title: str


@dataclass(frozen=True)
class Scene:
    """Everything a constellation picture shows, in picture coordinates (y downwards)."""

    width: float
    height: float
    title: str
    columns: tuple[Column, ...]
    edges: tuple[Edge, ...]
    nodes: tuple[Node, ...]
    legend: tuple[tuple[str, str, str, float], ...]  # (label, fill, stroke, x)


def _groups(req: Requirement) -> list[tuple[str, int, int]]:
    """(badge id, N, M) for each badge named in the expression, with the group it sits in."""
    found = []
    for item in req.of:
        if isinstance(item, str):
            found.append((item, req.needed, len(req.of)))
        else:
            found.extend(_groups(item))
    return found


def constellation_scene(
    framework: Framework, lang: str = "fr", method: Literal["columns", "spring"] = "columns"
) -> Scene:
    """The picture as data: nodes coloured by category, requirement edges, stage columns, legend.

    Edges run from a required badge to the badge requiring it; an edge of an "any N of M"
    group is dashed and labelled ``N/M``. Milestone badges have a thick border and a ★.
    Requirements naming unknown badges draw no edge (they are reported by the analysis).
    """
    layered = layered_layout(framework) if method == "columns" else None
    positions = layered.positions if layered is not None else constellation_layout(framework, method=method)
    sizes = layered.sizes if layered is not None else {b.id: badge_size(b) for b in framework.badges}
    if positions:
        min_x = min(p.x for p in positions.values())
        min_y = min(p.y for p in positions.values())
        max_x = max(p.x + sizes[b][0] for b, p in positions.items())
        max_y = max(p.y + sizes[b][1] for b, p in positions.items())
    else:
        min_x = min_y = max_x = max_y = 0.0
    dx, dy = MARGIN - min_x, MARGIN + HEADER - min_y

    nodes = []
    for b in framework.badges:
        p = positions[b.id]
        fill, stroke = CATEGORY_COLOURS.get(str(b.category), _UNKNOWN_COLOURS)
        label = text(b.name, lang) or b.id
        nodes.append(Node(b.id, p.x + dx, p.y + dy, sizes[b.id][0], label_lines(("★ " if b.milestone else "") + label),
                          fill, stroke, b.milestone))  # fmt: skip
    routes = layered.routes if layered is not None else {}
    edges = []
    for b in framework.badges:
        if b.requires is None:
            continue
        to = positions[b.id]
        for required, needed, of in _groups(b.requires):
            start = positions.get(required)
            if start is None:
                continue
            route = routes.get((required, b.id))
            if route is None:  # placed by hand, or a requirement cycle: a straight arrow from side to side
                route = ((start.x + sizes[required][0], start.y + NODE_HEIGHT / 2), (to.x, to.y + NODE_HEIGHT / 2))
            edges.append(_edge(tuple((x + dx, y + dy) for x, y in route), needed, of))
    columns: list[Column] = []
    if layered is not None and not framework.layout and positions:
        word = "Étape" if lang == "fr" else "Step"
        for rank, (band_x, band_width) in sorted(layered.columns.items()):
            if any(r == rank for r in layered.ranks.values()):
                columns.append(Column(band_x + dx - COLUMN_GAP / 4, band_width + COLUMN_GAP / 2, f"{word} {rank + 1}"))
    used = sorted({str(b.category) for b in framework.badges}, key=list(CATEGORY_COLOURS).index)
    legend = []
    x = MARGIN
    for c in used:
        if c in CATEGORY_COLOURS:
            label = CATEGORY_NAMES[c].get(lang, CATEGORY_NAMES[c]["fr"])
            legend.append((label, *CATEGORY_COLOURS[c], x))
            x += 36 + _font(12).getlength(label)
    width = max_x - min_x + 2 * MARGIN
    height = max_y - min_y + 2 * MARGIN + HEADER
    return Scene(max(width, 480.0), height, text(framework.title, lang) or framework.id, tuple(columns),
                 tuple(edges), tuple(nodes), tuple(legend))  # fmt: skip


def _edge(points: tuple[tuple[float, float], ...], needed: int, of: int) -> Edge:
    """A requirement edge along ``points``; an "N of M" edge is dashed, labelled ``N/M`` where it
    leaves its source's column."""
    dashed = needed < of
    label = f"{needed}/{of}" if dashed else ""
    (x1, y1), (x2, y2) = points[1] if len(points) > 2 else points[0], points[2] if len(points) > 2 else points[1]
    return Edge(points, dashed, label, (x1 + 0.25 * (x2 - x1), y1 + 0.25 * (y2 - y1) - 4))


def _n(value: float) -> str:
    """Numbers written the same way every time (no float noise in the SVG)."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def constellation_svg(framework: Framework, lang: str = "fr", method: Literal["columns", "spring"] = "columns") -> str:
    """The constellation as SVG text, written by hand so that it is deterministic and its text escaped."""
    s = constellation_scene(framework, lang, method)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(s.width)}" height="{_n(s.height)}" '
        f'viewBox="0 0 {_n(s.width)} {_n(s.height)}" font-family="{FONT}, sans-serif" role="img" '
        f"aria-label={quoteattr(s.title)}>",
        f"<title>{escape(s.title)}</title>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="{EDGE_COLOUR}"/></marker></defs>',
        '<rect width="100%" height="100%" fill="#ffffff"/>',
        f'<text x="{_n(MARGIN)}" y="{_n(MARGIN + 8)}" font-size="18" font-weight="bold" fill="{TEXT_COLOUR}">'
        f"{escape(s.title)}</text>",
    ]
    for label, fill, stroke, x in s.legend:
        out.append(f'<rect x="{_n(x)}" y="{_n(MARGIN + 22)}" width="14" height="14" rx="3" fill="{fill}" '
                   f'stroke="{stroke}"/><text x="{_n(x + 20)}" y="{_n(MARGIN + 34)}" font-size="12" '
                   f'fill="{TEXT_COLOUR}">{escape(label)}</text>')  # fmt: skip
    for c in s.columns:
        out.append(f'<rect x="{_n(c.x)}" y="{_n(MARGIN + HEADER - 26)}" width="{_n(c.width - 8)}" '
                   f'height="{_n(s.height - MARGIN - HEADER + 26 - 8)}" fill="#f4f4f4"/>'
                   f'<text x="{_n(c.x + c.width / 2 - 4)}" y="{_n(MARGIN + HEADER - 10)}" font-size="12" '
                   f'text-anchor="middle" fill="{TEXT_COLOUR}">{escape(c.title)}</text>')  # fmt: skip
    for e in s.edges:
        dash = ' stroke-dasharray="6 4"' if e.dashed else ""
        points = " ".join(f"{_n(x)},{_n(y)}" for x, y in e.points)
        out.append(f'<polyline points="{points}" fill="none" stroke="{EDGE_COLOUR}" stroke-width="1.5"{dash} '
                   'marker-end="url(#arrow)"/>')  # fmt: skip
        if e.label:
            lx, ly = e.label_at
            out.append(f'<text x="{_n(lx)}" y="{_n(ly)}" font-size="11" text-anchor="middle" fill="{TEXT_COLOUR}" '
                       f'stroke="#ffffff" stroke-width="3" paint-order="stroke">{escape(e.label)}</text>')  # fmt: skip
    for node in s.nodes:
        width = 3 if node.milestone else 1.5
        out.append(f"<g id={quoteattr('badge-' + node.id)}><rect x=\"{_n(node.x)}\" y=\"{_n(node.y)}\" "
                   f'width="{_n(node.width)}" height="{_n(NODE_HEIGHT)}" rx="10" fill="{node.fill}" '
                   f'stroke="{node.stroke}" stroke-width="{width}"/>')  # fmt: skip
        first = node.y + NODE_HEIGHT / 2 + 5 - 8 * (len(node.lines) - 1)
        for i, line in enumerate(node.lines):
            out.append(f'<text x="{_n(node.x + node.width / 2)}" y="{_n(first + 16 * i)}" font-size="13" '
                       f'text-anchor="middle" fill="{TEXT_COLOUR}">{escape(line)}</text>')  # fmt: skip
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


# --- matplotlib pictures ----------------------------------------------------------------------------------------


_F = TypeVar("_F", bound=Callable[..., Any])


def _styled(function: _F) -> _F:
    """Run ``function`` with our font and fixed SVG salt, whatever the notebook's rcParams say."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        import matplotlib

        with matplotlib.rc_context({"font.family": FONT, "svg.hashsalt": "badgeworkbench", "svg.fonttype": "path"}):
            return function(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def _figure(width_px: float, height_px: float, dpi: int = 100):  # type: ignore[no-untyped-def]
    from matplotlib.figure import Figure  # Figure without pyplot: no GUI backend, no global state

    return Figure(figsize=(width_px / dpi, height_px / dpi), dpi=dpi)


def _render(fig, format: Format) -> bytes:  # type: ignore[no-untyped-def]
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    # No date and no software version in the file: the same picture gives the same bytes.
    if format == "png":
        fig.savefig(buffer, format="png", metadata={"Software": None})
    elif format == "svg":
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    else:
        raise ValueError(f"format must be 'svg' or 'png', not {format!r}")
    return buffer.getvalue()


@functools.cache
def _font(size: int, bold: bool = False):  # type: ignore[no-untyped-def]
    """DejaVu Sans as shipped with matplotlib (Pillow's own default font has no accented letters)."""
    import matplotlib
    from PIL import ImageFont

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name), size)


def _dashed(draw, points: list[tuple[float, float]], fill: str, width: int, dash: float,
            gap: float) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    """A dashed polyline; the dash pattern runs on across corners."""
    on, left = True, dash  # drawing a dash or skipping a gap, and how much of it is left
    for (x1, y1), (x2, y2) in itertools.pairwise(points):
        length = math.hypot(x2 - x1, y2 - y1)
        t = 0.0
        while t < length:
            step = min(left, length - t)
            if on:
                a, b = t / length, (t + step) / length
                draw.line([(x1 + (x2 - x1) * a, y1 + (y2 - y1) * a), (x1 + (x2 - x1) * b, y1 + (y2 - y1) * b)],
                          fill=fill, width=width)  # fmt: skip
            t += step
            left -= step
            if left <= 1e-9:
                on = not on
                left = dash if on else gap


def constellation_png(framework: Framework, lang: str = "fr", method: Literal["columns", "spring"] = "columns",
                      scale: float = 1.0) -> bytes:  # fmt: skip
    """The same picture as :func:`constellation_svg`, as PNG bytes (Pillow, DejaVu Sans).

    ``scale=2`` draws at twice the size, for print or high-density screens.
    """
    from PIL import Image, ImageDraw

    sc = constellation_scene(framework, lang, method)

    def k(v: float) -> float:
        return v * scale

    image = Image.new("RGB", (round(k(sc.width)), round(k(sc.height))), "#ffffff")
    draw = ImageDraw.Draw(image)
    draw.text((k(MARGIN), k(MARGIN + 8)), sc.title, font=_font(round(k(18)), bold=True), fill=TEXT_COLOUR, anchor="ls")
    for label, fill, stroke, x in sc.legend:
        draw.rounded_rectangle(
            [k(x), k(MARGIN + 22), k(x + 14), k(MARGIN + 36)], radius=k(3), fill=fill, outline=stroke
        )
        draw.text((k(x + 20), k(MARGIN + 34)), label, font=_font(round(k(12))), fill=TEXT_COLOUR, anchor="ls")
    for c in sc.columns:
        draw.rectangle([k(c.x), k(MARGIN + HEADER - 26), k(c.x + c.width - 8), k(sc.height - 8)], fill="#f4f4f4")
        draw.text((k(c.x + c.width / 2 - 4), k(MARGIN + HEADER - 10)), c.title, font=_font(round(k(12))),
                  fill=TEXT_COLOUR, anchor="ms")  # fmt: skip
    line = max(1, round(k(1.5)))
    for e in sc.edges:
        (ax, ay), (ex, ey) = e.points[-2], e.points[-1]
        length = math.hypot(ex - ax, ey - ay) or 1.0
        ux, uy = (ex - ax) / length, (ey - ay) / length
        bx, by = ex - ux * 9, ey - uy * 9  # the line stops where the arrowhead starts
        points = [(k(x), k(y)) for x, y in (*e.points[:-1], (bx, by))]
        if e.dashed:
            _dashed(draw, points, EDGE_COLOUR, line, k(6), k(4))
        else:
            draw.line(points, fill=EDGE_COLOUR, width=line)
        head = [(ex, ey), (bx - uy * 4.5, by + ux * 4.5), (bx + uy * 4.5, by - ux * 4.5)]
        draw.polygon([(k(px), k(py)) for px, py in head], fill=EDGE_COLOUR)
        if e.label:
            draw.text((k(e.label_at[0]), k(e.label_at[1])), e.label, font=_font(round(k(11))), fill=TEXT_COLOUR,
                      anchor="ms", stroke_width=max(1, round(k(2))), stroke_fill="#ffffff")  # fmt: skip
    for node in sc.nodes:
        draw.rounded_rectangle([k(node.x), k(node.y), k(node.x + node.width), k(node.y + NODE_HEIGHT)],
                               radius=k(10), fill=node.fill, outline=node.stroke,
                               width=max(1, round(k(3 if node.milestone else 1.5))))  # fmt: skip
        first = node.y + NODE_HEIGHT / 2 + 5 - 8 * (len(node.lines) - 1)
        for i, text_line in enumerate(node.lines):
            draw.text((k(node.x + node.width / 2), k(first + 16 * i)), text_line, font=_font(round(k(13))),
                      fill=TEXT_COLOUR, anchor="ms")  # fmt: skip
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=3)  # level 6 doubles the time for 5 % smaller files
    return buffer.getvalue()


def _short(label: str, width: int = 38) -> str:
    return label if len(label) <= width else label[: width - 1] + "…"


@_styled
def coverage_heatmap(framework: Framework, format: Format = "png", lang: str = "fr", max_rows: int = 60,
                     max_columns: int = 60) -> bytes:  # fmt: skip
    """Competencies × badges, dark where a badge recognises the competency.

    Above ``max_rows`` competencies, rows are the top-level domains (each counting the
    competencies beneath it that the badge recognises); above ``max_columns`` badges, only the
    first ones are drawn and the title says so.
    """
    matrix = coverage(framework)
    row_label = {c.id: text(c.title, lang) or c.id for c in framework.competencies}
    if len(matrix.index) > max_rows:
        parent = {c.id: c.parent for c in framework.competencies}

        def root(cid: str) -> str:
            seen = set()
            while parent.get(cid) and cid not in seen:  # guard against a hierarchy cycle
                seen.add(cid)
                cid = parent[cid]  # type: ignore[assignment]
            return cid

        matrix = matrix.groupby([root(c) for c in matrix.index], sort=False).sum()
        matrix = matrix.iloc[:max_rows]
    cut = len(matrix.columns) > max_columns
    matrix = matrix.iloc[:, :max_columns]
    badge_label = {b.id: text(b.name, lang) or b.id for b in framework.badges}
    # Fixed margins in pixels (labels on the left and on top), one 18-pixel cell per badge and competency.
    left, top, bottom, right, cell = 260.0, 190.0, 20.0, 30.0, 18.0
    rows, cols = max(len(matrix.index), 1), max(len(matrix.columns), 1)
    width, height = left + cols * cell + right, top + rows * cell + bottom
    fig = _figure(max(width, 480.0), height)
    ax = fig.add_axes(
        (left / max(width, 480.0), bottom / height, cols * cell / max(width, 480.0), rows * cell / height)
    )
    ax.imshow(matrix.to_numpy(), aspect="auto", cmap="Blues", interpolation="nearest", vmin=0)
    ax.set_yticks(range(len(matrix.index)), [_short(row_label.get(i, i)) for i in matrix.index], fontsize=8)
    ax.set_xticks(range(len(matrix.columns)), [_short(badge_label.get(i, i), 24) for i in matrix.columns],
                  fontsize=8, rotation=60, ha="left", rotation_mode="anchor")  # fmt: skip
    ax.xaxis.tick_top()
    title = "Couverture : compétences × badges" if lang == "fr" else "Coverage: competencies × badges"
    if lang == "fr":
        title = title.replace(" :", "\u202f:")
    if cut:
        title += f" ({max_columns} premiers badges)" if lang == "fr" else f" (first {max_columns} badges)"
    fig.text(8 / fig.bbox.width, 1 - 8 / fig.bbox.height, title, fontsize=11, va="top")
    return _render(fig, format)


@_styled
def contribution_chart(framework: Framework, format: Format = "png", lang: str = "fr",
                       by: Literal["partner", "territory"] = "partner") -> bytes:  # fmt: skip
    """Horizontal bars per partner (or territory): competencies proposed, badges proposed, issued, endorsed."""
    from matplotlib.ticker import MaxNLocator

    frame = contribution(framework, by=by)
    series = {
        "competencies_proposed": ("Compétences proposées", "Competencies proposed", "#1f5c99"),
        "badges_proposed": ("Badges proposés", "Badges proposed", "#6a3d91"),
        "badges_issued": ("Badges émis", "Badges issued", "#23753f"),
        "badges_endorsed": ("Badges soutenus", "Badges endorsed", "#a65a00"),
    }
    rows = list(frame.index)
    # Fixed margins in pixels: names on the left, the legend on the right, 60 pixels per partner.
    left, right, top, bottom, per_row = 260.0, 210.0, 50.0, 40.0, 60.0
    width, height = 900.0, top + bottom + per_row * max(len(rows), 1)
    fig = _figure(width, height)
    ax = fig.add_axes((left / width, bottom / height, 1 - (left + right) / width, 1 - (top + bottom) / height))
    bar = 0.8 / len(series)
    for k, (column, (fr, en, colour)) in enumerate(series.items()):
        ax.barh([i + k * bar for i in range(len(rows))], frame[column].tolist(), height=bar,
                label=fr if lang == "fr" else en, color=colour)  # fmt: skip
    names = [str(n) or str(r) for n, r in zip(frame["name"].tolist(), rows, strict=True)]
    ax.set_yticks([i + 0.4 - bar / 2 for i in range(len(rows))], [_short(n, 34) for n in names], fontsize=9)
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # counts of items: no 0.25 of a badge
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=8, frameon=False)
    if lang == "fr":
        title = "Contribution par " + ("partenaire" if by == "partner" else "territoire")
    else:
        title = "Contribution per " + by
    ax.set_title(title, family=FONT)
    return _render(fig, format)


def draw(framework: Framework, format: Format, what: Literal["constellation", "coverage", "contribution"] = "constellation",
         lang: str = "fr") -> bytes:  # fmt: skip
    """One picture as bytes, by name: the constellation, the coverage heatmap or the contribution chart."""
    if what == "constellation":
        return constellation_svg(framework, lang).encode() if format == "svg" else constellation_png(framework, lang)
    if what == "coverage":
        return coverage_heatmap(framework, format, lang)
    if what == "contribution":
        return contribution_chart(framework, format, lang)
    raise ValueError(f"what must be 'constellation', 'coverage' or 'contribution', not {what!r}")

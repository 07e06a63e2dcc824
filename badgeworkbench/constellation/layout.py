"""Where each badge sits in a drawing: saved positions first, a layered layout for the rest.

The computed layout is a layered (Sugiyama) drawing read from left to right:

1. **Columns.** A badge goes right of every badge it requires and of the badges of the earlier
   stages of its pathways, the arrows' total length the least possible (the ranking of Graphviz's
   network simplex). A stage order that contradicts the requirements (a stage requiring a badge
   of a later stage, a badge in two stages) gives way to them.
2. **Long arrows** get a waypoint in every column they cross, so that they run *between* the
   badges of that column rather than under them.
3. **Order within a column** comes from barycenter sweeps, left to right then right to left,
   each followed by swaps of neighbours that remove crossings, then sifting (each badge moved to
   the place in its column where it crosses least); several starting orders are tried and the
   one whose picture has the fewest crossings wins.
4. **Coordinates.** Each badge's box is as wide as its label (every language of the name,
   wrapped as the drawing wraps it); boxes of a column are stacked with a gap, then pulled
   towards their neighbours' height with the column order kept.
5. **Routes.** An arrow runs as a polyline through its waypoints; it enters and leaves a column
   horizontally, so that it never crosses a badge box other than its two ends.

Positions are the top-left corners of the boxes. The same framework always gives the same
positions. Once a person has arranged the badges, :func:`with_layout` saves their positions into
the framework (``Framework.layout``): those are used exactly as saved, and only the other
badges are laid out, moved down their column where a saved box is in the way.

>>> from badgeworkbench.model import Badge, Framework, Position, Requirement
>>> fw = Framework(id="f", badges=[Badge(id="a"), Badge(id="b", requires=Requirement(of=["a"]))])
>>> layout = constellation_layout(fw)
>>> layout["a"].x < layout["b"].x and layout["a"].y == layout["b"].y
True
>>> moved = with_layout(fw, {"a": (10, 400)})
>>> constellation_layout(moved)["a"]
Position(x=10.0, y=400.0)
"""

from __future__ import annotations

import functools
import importlib.util
import itertools
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import networkx as nx

from ..errors import UnknownItem
from ..model import Badge, Framework, Position

__all__ = [
    "COLUMN_GAP",
    "NODE_HEIGHT",
    "ROW_GAP",
    "Layered",
    "badge_columns",
    "badge_size",
    "constellation_layout",
    "count_crossings",
    "count_polyline_crossings",
    "label_lines",
    "layered_layout",
    "requirement_edges",
    "with_layout",
]

#: Height of a badge box, the room between two boxes of a column, and between two columns (pixels in SVG).
NODE_HEIGHT = 56.0
ROW_GAP = 34.0
COLUMN_GAP = 72.0
#: Width of a box: its longest label line plus padding, at least MIN_WIDTH.
MIN_WIDTH, PADDING = 96.0, 24.0
#: The room a waypoint of a long arrow takes in a column.
_LANE = 16.0
_SWEEPS = 24  # barycenter sweeps (each way) per starting order, as dot's 24 iterations
_PATIENCE = 6  # sweeps in a row without fewer crossings before stopping
_POLISH = 6  # at most this many rounds of sifting and swaps after the sweeps
_SMALL = 200  # up to this many badges and waypoints, four starting orders are tried instead of two
_WAYPOINT_WEIGHT = 8.0  # how hard a waypoint is pulled in line with its arrow, against 1 per arrow of a badge


# --- labels and boxes -------------------------------------------------------------------------------------------

_GLUE = "\x00"  # a space that must not break a line: inside « », before : ; ! ?


def label_lines(label: str, width: int = 22, lines: int = 2) -> tuple[str, ...]:
    """A badge label as drawn: at most ``lines`` lines of ``width`` characters, cut at spaces.

    >>> label_lines("Préparer « la soupe du jour » : ok")
    ('Préparer « la soupe du', 'jour » : ok')
    """
    glued = label.replace("« ", "«" + _GLUE).replace(" »", _GLUE + "»")
    for mark in ":;!?":
        glued = glued.replace(" " + mark, _GLUE + mark)
    wrapped = [line.replace(_GLUE, " ") for line in textwrap.wrap(glued, width)] or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1].rstrip() + "…"
    return tuple(wrapped)


@functools.cache
def _label_font():  # type: ignore[no-untyped-def]
    """DejaVu Sans 13 as shipped with matplotlib, found without importing matplotlib (slow to import)."""
    from PIL import ImageFont

    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf" / "DejaVuSans.ttf"
    return ImageFont.truetype(str(path), 13) if path.is_file() else None


@functools.cache
def _text_width(line: str) -> float:
    font = _label_font()
    return float(font.getlength(line)) if font is not None else 8.0 * len(line)


def badge_size(badge: Badge) -> tuple[float, float]:
    """Width and height of a badge's box: wide enough for its name in every language it has.

    >>> badge_size(Badge(id="a", name={"fr": "Accueil"}))
    (96.0, 56.0)
    """
    labels = [text for text in badge.name.values() if text] or [badge.id]
    star = "★ " if badge.milestone else ""
    widest = max(_text_width(line) for label in labels for line in label_lines(star + label))
    return max(MIN_WIDTH, float(round(widest + PADDING))), NODE_HEIGHT


# --- columns ----------------------------------------------------------------------------------------------------


def _stages(framework: Framework) -> dict[str, int]:
    """Each badge's earliest stage index in any pathway."""
    stage: dict[str, int] = {}
    for pw in framework.pathways:
        for s, st in enumerate(pw.stages):
            for b in st.badges:
                stage[b] = min(stage.get(b, s), s)
    return stage


def requirement_edges(framework: Framework) -> list[tuple[str, str]]:
    """Each (required badge, badge requiring it) once, in framework order; unknown badges left out.

    >>> from badgeworkbench.model import Requirement
    >>> fw = Framework(id="f", badges=[Badge(id="a"), Badge(id="b", requires=Requirement(of=["a", "zz"]))])
    >>> requirement_edges(fw)
    [('a', 'b')]
    """
    known = {b.id for b in framework.badges}
    edges: dict[tuple[str, str], None] = {}
    for b in framework.badges:
        if b.requires is not None:
            for required in b.requires.badge_ids():
                if required in known and required != b.id:
                    edges[(required, b.id)] = None
    return list(edges)


def _condensed(framework: Framework) -> tuple[nx.DiGraph, dict[str, int]]:
    """The requirement graph, required → requiring, with each requirement cycle as one node."""
    graph = nx.DiGraph()
    graph.add_nodes_from(b.id for b in framework.badges)
    graph.add_edges_from(requirement_edges(framework))
    condensed = nx.condensation(graph)
    return condensed, condensed.graph["mapping"]


def badge_columns(framework: Framework) -> dict[str, int]:
    """The column of each badge by stages alone: its earliest pathway stage, pushed right of
    everything it requires. Badges caught in a requirement cycle share one column.

    :func:`layered_layout` keeps the same order (requirements and stages left to right) with
    shorter arrows: it does not leave a column empty for a stage no badge needs.
    """
    stage = _stages(framework)
    condensed, mapping = _condensed(framework)
    members = nx.get_node_attributes(condensed, "members")
    column: dict[int, int] = {}
    for node in nx.lexicographical_topological_sort(condensed):  # required badges first
        own = max((stage.get(m, 0) for m in members[node]), default=0)
        column[node] = max([own, *(column[req] + 1 for req in condensed.predecessors(node))])
    return {b.id: column[mapping[b.id]] for b in framework.badges}


def _stage_order(framework: Framework, condensed: nx.DiGraph, mapping: dict[str, int]) -> list[tuple[int, int]]:
    """Pairs (a, b) of condensed nodes where a badge of a pathway stage comes before one of the next
    stage of that pathway; a pair that would contradict the requirements or an earlier pair (a
    badge in two stages, a stage requiring a later one) is left out."""
    order = nx.DiGraph(condensed.edges)
    order.add_nodes_from(condensed)
    pairs: list[tuple[int, int]] = []
    for pw in framework.pathways:
        stages = [[mapping[b] for b in st.badges if b in mapping] for st in pw.stages]
        for earlier, later in itertools.pairwise(stages):
            for a in dict.fromkeys(earlier):
                for b in dict.fromkeys(later):
                    if a == b or order.has_edge(a, b):
                        continue
                    if nx.has_path(order, b, a):
                        continue
                    order.add_edge(a, b)
                    pairs.append((a, b))
    return pairs


def _ranks(framework: Framework) -> dict[str, int]:
    """The column of each badge: right of what it requires and of the badges of earlier stages of
    its pathways, with the arrows' total length the least possible (the ranking of network simplex,
    solved as the dual min-cost flow)."""
    condensed, mapping = _condensed(framework)
    # Minimise Σ w (r_v - r_u) with r_v - r_u >= 1 on each arrow u → v, w = 1 for a requirement and
    # 0 for an order of stages. Its dual is a flow of cost -1 per unit on each arrow, each node
    # taking in (its requirement arrows in - out); the ranks are minus the shortest distances in
    # the optimal flow's residual graph.
    arrows = {(u, v): 1 for u, v in condensed.edges}
    for pair in _stage_order(framework, condensed, mapping):
        arrows.setdefault(pair, 0)
    if not arrows:
        return dict.fromkeys((b.id for b in framework.badges), 0)
    flow_graph = nx.DiGraph()
    for n in nx.lexicographical_topological_sort(condensed):
        flow_graph.add_node(n, demand=condensed.in_degree(n) - condensed.out_degree(n))
    for (u, v), _ in arrows.items():
        flow_graph.add_edge(u, v, weight=-1)
    _, flow = nx.network_simplex(flow_graph)
    residual = nx.DiGraph()
    residual.add_nodes_from(flow_graph)
    for u, v in arrows:
        residual.add_edge(u, v, weight=-1)
        if flow[u][v] > 0:
            residual.add_edge(v, u, weight=1)
    start = -1  # condensed nodes are numbered from 0
    residual.add_edges_from(((start, n) for n in flow_graph), weight=0)
    distance = nx.single_source_bellman_ford_path_length(residual, start)
    rank = {n: -distance[n] for n in condensed}
    low = min(rank.values())
    return {b.id: int(rank[mapping[b.id]] - low) for b in framework.badges}


# --- the layered layout -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Layered:
    """A computed layered layout: boxes, columns and the routes of the arrows.

    ``positions`` are top-left corners (saved positions included, as saved); ``sizes`` the
    boxes' width and height; ``columns`` the x and width of each column; ``routes`` the polyline
    of each requirement edge (required → requiring), from the right side of the required box to
    the left side of the requiring one, for the edges whose ends were both laid out here.
    """

    positions: dict[str, Position]
    sizes: dict[str, tuple[float, float]]
    columns: dict[int, tuple[float, float]]
    ranks: dict[str, int]
    routes: dict[tuple[str, str], tuple[tuple[float, float], ...]] = field(default_factory=dict)


Key = str | tuple[str, str, int]  # a badge id, or (required, requiring, column) for an arrow's waypoint


def _crossings_between(upper: list[Key], lower_index: dict[Key, int], down: dict[Key, list[Key]]) -> int:
    """Crossings of the segments between two adjacent columns (inversions, counted with a Fenwick tree)."""
    ends = [lower_index[v] for u in upper for v in sorted(down.get(u, ()), key=lower_index.__getitem__)]
    size = len(lower_index) + 1
    tree = [0] * (size + 1)
    crossings = 0
    for seen, e in enumerate(ends):
        i, below = e + 1, 0
        while i > 0:
            below += tree[i]
            i -= i & -i
        crossings += seen - below
        i = e + 1
        while i <= size:
            tree[i] += 1
            i += i & -i
    return crossings


def _total_crossings(layers: list[list[Key]], down: dict[Key, list[Key]]) -> int:
    total = 0
    for upper, lower in itertools.pairwise(layers):
        total += _crossings_between(upper, {k: i for i, k in enumerate(lower)}, down)
    return total


def _sweep(layers: list[list[Key]], neighbours: dict[Key, list[Key]], indices: range) -> None:
    """Reorder each layer of ``indices`` by the barycenter of its neighbours in the layer before it."""
    for li in indices:
        previous = {k: i for i, k in enumerate(layers[li - 1 if indices.step > 0 else li + 1])}
        layer = layers[li]
        keys = []
        for i, k in enumerate(layer):
            near = [previous[n] for n in neighbours.get(k, ()) if n in previous]
            keys.append((sum(near) / len(near) if near else float(i) * len(previous) / max(len(layer), 1), i))
        layers[li] = [layer[i] for _, i in sorted(keys)]


def _pair_crossings(layers: list[list[Key]], li: int, down: dict[Key, list[Key]], up: dict[Key, list[Key]]):  # type: ignore[no-untyped-def]
    """``C[a, b]``: crossings between the segments of the a-th and b-th keys of layer ``li`` (in its
    current order) with both adjacent layers, when a is above b.

    With ``links[w, j]`` the segments from w to position j of an adjacent layer and ``below[w, x]``
    w's segments ending strictly above position x, a above b crosses ``Σ_x links[a, x] below[b, x]``.
    """
    import numpy as np

    layer = layers[li]
    crossings = np.zeros((len(layer), len(layer)), dtype=np.int64)
    for lj, near in ((li - 1, up), (li + 1, down)):
        if not 0 <= lj < len(layers):
            continue
        index = {k: i for i, k in enumerate(layers[lj])}
        ends = [(r, index[n]) for r, k in enumerate(layer) for n in near.get(k, ()) if n in index]
        if not ends:
            continue
        rows, cols = np.array(ends, dtype=np.int64).T
        links = np.zeros((len(layer), len(index)), dtype=np.int64)
        np.add.at(links, (rows, cols), 1)
        below = np.zeros_like(links)
        below[:, 1:] = np.cumsum(links, axis=1)[:, :-1]
        # Links are few (a badge has a handful of arrows): add up columns rather than multiply
        # matrices, which would call a multithreaded BLAS for a few microseconds of work.
        np.add.at(crossings, rows, below[:, cols].T)
    return crossings


def _sift(layers: list[list[Key]], down: dict[Key, list[Key]], up: dict[Key, list[Key]]) -> None:
    """Move each badge or waypoint to the place in its layer where it crosses least (sifting)."""
    import numpy as np

    for li in range(len(layers)):
        layer = layers[li]
        if len(layer) < 2:
            continue
        pairs = _pair_crossings(layers, li, down, up)
        order = list(range(len(layer)))
        for v in range(len(layer)):
            if not (layer[v] in up or layer[v] in down):
                continue
            here = order.index(v)
            others = np.array(order[:here] + order[here + 1 :], dtype=np.int64)
            v_above, w_above = pairs[v, others], pairs[others, v]
            costs = np.concatenate(([0], np.cumsum(w_above - v_above))) + v_above.sum()
            best = here if costs[here] == costs.min() else int(np.argmin(costs))
            order = [*others[:best].tolist(), v, *others[best:].tolist()]
        layers[li] = [layer[i] for i in order]


def _transpose(layers: list[list[Key]], down: dict[Key, list[Key]], up: dict[Key, list[Key]]) -> None:
    """Swap neighbours within a layer while that removes crossings with the layers on both sides."""
    for li in range(len(layers)):
        layer = layers[li]
        if len(layer) < 2:
            continue
        pairs = _pair_crossings(layers, li, down, up).tolist()
        order = list(range(len(layer)))
        for _ in range(len(layer)):
            swapped = False
            for i in range(len(order) - 1):
                a, b = order[i], order[i + 1]
                if pairs[b][a] < pairs[a][b]:
                    order[i], order[i + 1] = b, a
                    swapped = True
            if not swapped:
                break
        layers[li] = [layer[i] for i in order]


def _order(layers: list[list[Key]], down: dict[Key, list[Key]], up: dict[Key, list[Key]]) -> list[list[Key]]:
    best, fewest = [list(layer) for layer in layers], _total_crossings(layers, down)
    n, since = len(layers), 0
    for _ in range(_SWEEPS):
        _sweep(layers, up, range(1, n))
        _sweep(layers, down, range(n - 2, -1, -1))
        _transpose(layers, down, up)
        crossings = _total_crossings(layers, down)
        if crossings < fewest:
            best, fewest, since = [list(layer) for layer in layers], crossings, 0
        else:
            since += 1
        if fewest == 0 or since >= _PATIENCE:  # as dot: stop when sweeps stop helping
            break
    for _ in range(_POLISH):  # then sifting from the best order, while it helps
        _sift(best, down, up)
        _transpose(best, down, up)
        crossings = _total_crossings(best, down)
        if crossings >= fewest:
            break
        fewest = crossings
    return best


def _isotonic(wanted: list[float], weights: list[float], gaps: list[float]) -> list[float]:
    """Positions closest to ``wanted`` (weighted least squares) with ``y[i+1] >= y[i] + gaps[i]``.

    Pool-adjacent-violators on the positions less their cumulative gaps.
    """
    offsets = [0.0]
    for g in gaps:
        offsets.append(offsets[-1] + g)
    blocks: list[list[float]] = []  # [weighted mean, weight, count]
    for w, weight, off in zip(wanted, weights, offsets, strict=True):
        blocks.append([w - off, weight, 1])
        while len(blocks) > 1 and blocks[-2][0] >= blocks[-1][0]:
            m2, w2, c2 = blocks.pop()
            m1, w1, c1 = blocks.pop()
            blocks.append([(m1 * w1 + m2 * w2) / (w1 + w2), w1 + w2, c1 + c2])
    out: list[float] = []
    for mean, _, count in blocks:
        out.extend([mean] * int(count))
    return [z + off for z, off in zip(out, offsets, strict=True)]


def _heights(layers: list[list[Key]], down: dict[Key, list[Key]], up: dict[Key, list[Key]]) -> dict[Key, float]:
    """The centre height of every box and waypoint: stacked, then pulled towards their neighbours."""

    def room(k: Key) -> float:
        return NODE_HEIGHT / 2 + ROW_GAP / 2 if isinstance(k, str) else _LANE / 2

    gaps = [[room(a) + room(b) for a, b in itertools.pairwise(layer)] for layer in layers]
    y: dict[Key, float] = {}
    for layer, gap in zip(layers, gaps, strict=True):
        at = 0.0
        for i, k in enumerate(layer):
            at += gap[i - 1] if i else 0.0
            y[k] = at
    n = len(layers)
    passes: list[tuple[range, dict[Key, list[Key]] | None]] = [(range(1, n), up), (range(n - 2, -1, -1), down)] * 4
    passes.append((range(n), None))  # a last pass towards both sides
    for indices, near in passes:
        for li in indices:
            layer = layers[li]
            wanted, weights = [], []
            for k in layer:
                ns = [*up.get(k, ()), *down.get(k, ())] if near is None else near.get(k, [])
                if ns:
                    wanted.append(sum(y[m] for m in ns) / len(ns))
                    weights.append(
                        _WAYPOINT_WEIGHT if not isinstance(k, str) else float(len(ns))
                    )  # keep long arrows straight
                else:
                    wanted.append(y[k])
                    weights.append(0.5)
            for k, value in zip(layer, _isotonic(wanted, weights, gaps[li]), strict=True):
                y[k] = value
    low = min(y.values(), default=0.0) - NODE_HEIGHT / 2  # the top box starts at 0
    return {k: v - low for k, v in y.items()}


def layered_layout(framework: Framework) -> Layered:
    """The layered layout of every badge (see the module's description), saved positions kept."""
    sizes = {b.id: badge_size(b) for b in framework.badges}
    ranks = _ranks(framework)
    edges = [(u, v) for u, v in requirement_edges(framework) if ranks[u] < ranks[v]]
    depth = max(ranks.values(), default=-1) + 1
    layers: list[list[Key]] = [[] for _ in range(depth)]
    for b in framework.badges:
        layers[ranks[b.id]].append(b.id)
    down: dict[Key, list[Key]] = {}
    up: dict[Key, list[Key]] = {}
    chains: dict[tuple[str, str], list[Key]] = {}
    for u, v in edges:
        chain: list[Key] = [u, *((u, v, r) for r in range(ranks[u] + 1, ranks[v])), v]
        for r, k in enumerate(chain[1:-1], ranks[u] + 1):
            layers[r].append(k)
        for upper, lower in itertools.pairwise(chain):
            down.setdefault(upper, []).append(lower)
            up.setdefault(lower, []).append(upper)
        chains[(u, v)] = chain
    columns: dict[int, tuple[float, float]] = {}
    x = 0.0
    for r, layer in enumerate(layers):
        width = max((sizes[k][0] for k in layer if isinstance(k, str)), default=_LANE)
        columns[r] = (x, width)
        x += width + COLUMN_GAP

    # Starting orders: framework order and depth first from the first badges (as dot starts) and,
    # for a small constellation where time allows, depth first back from the last badges and the
    # framework order reversed. Each is improved by the sweeps; the one whose straight arrows
    # (the measure of the picture) cross least wins.
    def depth_first(roots: list[Key], onward: dict[Key, list[Key]]) -> dict[Key, int]:
        seen: dict[Key, int] = {}
        for root in roots:
            stack = [root]
            while stack:
                k = stack.pop()
                if k not in seen:
                    seen[k] = len(seen)
                    stack.extend(reversed(onward.get(k, [])))
        return seen

    keys = [k for layer in layers for k in layer]
    forward = depth_first([k for k in keys if k not in up], down)
    starts = [layers, [sorted(layer, key=forward.__getitem__) for layer in layers]]
    if len(keys) <= _SMALL:
        backward = depth_first([k for k in reversed(keys) if k not in down], up)
        starts += [[sorted(layer, key=backward.__getitem__) for layer in layers], [layer[::-1] for layer in layers]]
    best: tuple[int, list[list[Key]], dict[Key, float]] | None = None
    for start in starts:
        ordered = _order([list(layer) for layer in start], down, up)
        heights = _heights(ordered, down, up)
        centres = {b: (columns[r][0] + columns[r][1] / 2, heights[b]) for b, r in ranks.items()}
        crossings = count_crossings(centres, edges)
        if best is None or crossings < best[0]:
            best = (crossings, ordered, heights)
    assert best is not None
    _, layers, y = best

    computed: dict[str, Position] = {}
    for b in framework.badges:
        cx, width = columns[ranks[b.id]]
        w, h = sizes[b.id]
        computed[b.id] = Position(x=round(cx + (width - w) / 2, 1), y=round(y[b.id] - h / 2, 1))

    saved = {b.id: framework.layout[b.id] for b in framework.badges if b.id in framework.layout}
    moved = _clear_of(saved, computed, sizes, ranks) if saved else set()
    positions = {b.id: saved.get(b.id) or computed[b.id] for b in framework.badges}

    routes: dict[tuple[str, str], tuple[tuple[float, float], ...]] = {}
    for (u, v), chain in chains.items():
        if u in saved or v in saved or u in moved or v in moved:
            continue
        pu, pv = positions[u], positions[v]
        (wu, hu), (_wv, hv) = sizes[u], sizes[v]
        points = [(pu.x + wu, pu.y + hu / 2)]
        ru = ranks[u]
        points.append((columns[ru][0] + columns[ru][1], pu.y + hu / 2))
        for k in chain[1:-1]:
            assert isinstance(k, tuple)
            r = k[2]
            lane = round(y[k], 1)
            points += [(columns[r][0], lane), (columns[r][0] + columns[r][1], lane)]
        points += [(columns[ranks[v]][0], pv.y + hv / 2), (pv.x, pv.y + hv / 2)]
        routes[(u, v)] = _simplified(points)
    return Layered(positions, sizes, columns, ranks, routes)


def _simplified(points: list[tuple[float, float]]) -> tuple[tuple[float, float], ...]:
    """The polyline without repeated points nor middle points of straight runs."""
    out: list[tuple[float, float]] = []
    for p in points:
        p = (round(p[0], 1), round(p[1], 1))
        if out and out[-1] == p:
            continue
        if len(out) >= 2:
            (ax, ay), (bx, by) = out[-2], out[-1]
            if abs((bx - ax) * (p[1] - ay) - (by - ay) * (p[0] - ax)) < 1e-6:
                out[-1] = p
                continue
        out.append(p)
    return tuple(out)


def _clear_of(saved: dict[str, Position], computed: dict[str, Position], sizes: dict[str, tuple[float, float]],
              ranks: dict[str, int]) -> set[str]:  # fmt: skip
    """Move the computed boxes that a saved box is in the way of down their column; the moved ids."""
    boxes = [(p.x, p.y, p.x + sizes[b][0], p.y + sizes[b][1]) for b, p in saved.items()]
    moved: set[str] = set()
    by_column: dict[int, list[str]] = {}
    for b in computed:
        if b not in saved:
            by_column.setdefault(ranks[b], []).append(b)
    for ids in by_column.values():
        ids.sort(key=lambda b: computed[b].y)
        floor = float("-inf")
        for b in ids:
            p = computed[b]
            w, h = sizes[b]
            top = max(p.y, floor)
            while True:
                hit = [y2 for x1, y1, x2, y2 in boxes
                       if x1 < p.x + w + ROW_GAP / 2 and p.x < x2 + ROW_GAP / 2
                       and y1 < top + h + ROW_GAP / 2 and top < y2 + ROW_GAP / 2]  # fmt: skip
                if not hit:
                    break
                top = max(hit) + ROW_GAP
            if top != p.y:
                computed[b] = Position(x=p.x, y=round(top, 1))
                moved.add(b)
            floor = top + h + ROW_GAP
    return moved


def _spring(framework: Framework, saved: dict[str, Position], seed: int) -> dict[str, Position]:
    graph = nx.Graph()
    graph.add_nodes_from(b.id for b in framework.badges)
    graph.add_edges_from(requirement_edges(framework))
    scale = max(220.0, 220.0 * len(graph) ** 0.5 / 2)
    fixed = [b for b in saved if b in graph]
    start = {b: (p.x, p.y) for b, p in saved.items() if b in graph} or None
    pos = nx.spring_layout(graph, pos=start, fixed=fixed or None, seed=seed, scale=scale)
    return {b: Position(x=round(float(x), 1), y=round(float(y), 1)) for b, (x, y) in pos.items()}


def constellation_layout(framework: Framework, method: Literal["columns", "spring"] = "columns",
                         seed: int = 0) -> dict[str, Position]:  # fmt: skip
    """A position (top-left corner of the box) for every badge, in framework order: saved ones
    as saved, the rest computed.

    ``method="columns"`` (the default) is the layered layout of :func:`layered_layout`;
    ``"spring"`` uses a networkx spring layout seeded with ``seed``, the saved badges held fixed.
    The same framework always gives the same layout.
    """
    if method == "spring":
        saved = {b.id: framework.layout[b.id] for b in framework.badges if b.id in framework.layout}
        computed = _spring(framework, saved, seed)
        return {b.id: saved.get(b.id) or computed[b.id] for b in framework.badges}
    if method == "columns":
        return layered_layout(framework).positions
    raise ValueError(f"method must be 'columns' or 'spring', not {method!r}")


# --- measuring --------------------------------------------------------------------------------------------------


def count_polyline_crossings(polylines: Iterable[Sequence[tuple[float, float]]]) -> int:
    """How many times two of the polylines cross (proper crossings of their segments).

    Segments that only touch — at a shared end, as two arrows leaving one badge do — do not
    count, nor do two segments of one polyline.

    >>> count_polyline_crossings([[(0, 0), (2, 2)], [(0, 2), (2, 0)], [(0, 0), (0, 2)]])
    1
    """
    import numpy as np

    rows = [(i, *a, *b) for i, line in enumerate(polylines) for a, b in itertools.pairwise(line)]
    if len(rows) < 2:
        return 0
    seg = np.array(rows, dtype=float)
    owner, x1, y1, x2, y2 = seg.T
    left, right = np.minimum(x1, x2), np.maximum(x1, x2)
    order = np.argsort(left, kind="stable")
    owner, x1, y1, x2, y2, left, right = (a[order] for a in (owner, x1, y1, x2, y2, left, right))
    low, high = np.minimum(y1, y2), np.maximum(y1, y2)
    total = 0
    for i in range(len(seg) - 1):
        # Only the segments starting (in x) before this one ends can cross it.
        end = int(np.searchsorted(left, right[i], side="right"))
        j = slice(i + 1, end)
        if end <= i + 1:
            continue
        near = (owner[j] != owner[i]) & (low[j] <= high[i]) & (high[j] >= low[i])
        if not near.any():
            continue
        ax, ay, bx, by = x1[i], y1[i], x2[i], y2[i]
        cx, cy, dx, dy = x1[j][near], y1[j][near], x2[j][near], y2[j][near]
        d1 = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)
        d2 = (bx - ax) * (dy - ay) - (by - ay) * (dx - ax)
        d3 = (dx - cx) * (ay - cy) - (dy - cy) * (ax - cx)
        d4 = (dx - cx) * (by - cy) - (dy - cy) * (bx - cx)
        total += int(np.count_nonzero((d1 * d2 < 0) & (d3 * d4 < 0)))
    return total


def count_crossings(positions: Mapping[str, tuple[float, float]], edges: Iterable[tuple[str, str]]) -> int:
    """Edge crossings with each edge a straight segment between the centres of its two badges.

    ``positions`` maps each badge to its centre; edges naming a badge without a position are left out.

    >>> count_crossings({"a": (0, 0), "b": (0, 2), "c": (2, 0), "d": (2, 2)}, [("a", "d"), ("b", "c")])
    1
    """
    return count_polyline_crossings([positions[u], positions[v]] for u, v in edges if u in positions and v in positions)


def with_layout(framework: Framework, positions: Mapping[str, Position | tuple[float, float]]) -> Framework:
    """A copy of ``framework`` with ``positions`` saved into its layout (other saved positions kept).

    Keys are badge (or competency) ids; values a :class:`~badgeworkbench.model.Position` or
    an ``(x, y)`` pair. An unknown id raises :class:`~badgeworkbench.errors.UnknownItem`
    naming it, with the closest ids, and nothing is changed.
    """
    import difflib

    known = [b.id for b in framework.badges] + [c.id for c in framework.competencies]
    updates: dict[str, Position] = {}
    for key, value in positions.items():
        if framework.badge(key) is None and framework.competency(key) is None:
            raise UnknownItem("badge", key, difflib.get_close_matches(key, known, n=3, cutoff=0.5))
        updates[key] = value if isinstance(value, Position) else Position(x=float(value[0]), y=float(value[1]))
    return framework.replace(layout={**framework.layout, **updates})

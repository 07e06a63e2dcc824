"""Where each badge sits in a drawing: saved positions first, a deterministic layout for the rest.

The computed layout puts badges in columns: a badge goes in the column of its earliest
pathway stage, and always to the right of every badge it requires, so requirement arrows
run left to right. Within a column, badges follow pathway order, then category, then framework
order; a long column wraps into sub-columns (see :func:`column_spans`). Once a person has arranged the badges, :func:`with_layout` saves their positions into
the framework (``Framework.layout``) and every drawing reuses them.

>>> from badgeworkbench.model import Badge, Framework, Position, Requirement
>>> fw = Framework(id="f", badges=[Badge(id="a"), Badge(id="b", requires=Requirement(of=["a"]))])
>>> constellation_layout(fw)["b"]
Position(x=220.0, y=0.0)
>>> moved = with_layout(fw, {"a": (10, 400)})
>>> constellation_layout(moved)["a"]
Position(x=10.0, y=400.0)
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from typing import Literal

import networkx as nx

from ..check import requirement_graph
from ..errors import UnknownItem
from ..model import BadgeCategory, Framework, Position

__all__ = ["COLUMN_WIDTH", "ROW_HEIGHT", "badge_columns", "column_spans", "constellation_layout", "with_layout"]

#: Distance between two columns, and between two badges of a column, in drawing units (pixels in SVG).
COLUMN_WIDTH = 220.0
ROW_HEIGHT = 90.0
_CATEGORY_ORDER = {c.value: i for i, c in enumerate(BadgeCategory)}


def _stages(framework: Framework) -> tuple[dict[str, int], dict[str, int]]:
    """Each badge's earliest stage index and the index of the first pathway naming it."""
    stage: dict[str, int] = {}
    pathway: dict[str, int] = {}
    for p, pw in enumerate(framework.pathways):
        for s, st in enumerate(pw.stages):
            for b in st.badges:
                stage[b] = min(stage.get(b, s), s)
                pathway.setdefault(b, p)
        if pw.target is not None:
            pathway.setdefault(pw.target, p)
    return stage, pathway


def badge_columns(framework: Framework) -> dict[str, int]:
    """The column of each badge: its earliest pathway stage, pushed right of everything it requires.

    Badges caught in a requirement cycle share one column.
    """
    stage, _ = _stages(framework)
    graph = requirement_graph(framework)  # requirer -> required
    condensed = nx.condensation(graph)
    members = nx.get_node_attributes(condensed, "members")
    column: dict[int, int] = {}
    for node in reversed(list(nx.topological_sort(condensed))):  # required badges first
        own = max((stage.get(m, 0) for m in members[node]), default=0)
        column[node] = max([own, *(column[req] + 1 for req in condensed.successors(node))])
    mapping = condensed.graph["mapping"]
    return {b.id: column[mapping[b.id]] for b in framework.badges}


def _rows_per_column(badges: int) -> int:
    # A long column wraps into several sub-columns so that the picture stays roughly landscape.
    return max(8, math.ceil(1.5 * math.sqrt(badges)))


def column_spans(framework: Framework) -> dict[int, tuple[float, int]]:
    """Each non-empty column: the x of its first sub-column and how many sub-columns it takes.

    A column holds at most ``max(8, 1.5 × √badges)`` badges per sub-column; columns with no
    badge take no room.
    """
    counts = Counter(badge_columns(framework).values())
    rows = _rows_per_column(len(framework.badges))
    spans: dict[int, tuple[float, int]] = {}
    x = 0.0
    for col in sorted(counts):
        width = math.ceil(counts[col] / rows)
        spans[col] = (x, width)
        x += width * COLUMN_WIDTH
    return spans


def _computed(framework: Framework, taken: list[Position]) -> dict[str, Position]:
    columns = badge_columns(framework)
    spans = column_spans(framework)
    rows = _rows_per_column(len(framework.badges))
    _, pathway = _stages(framework)
    index = {b.id: i for i, b in enumerate(framework.badges)}
    by_column: dict[int, list[str]] = {}
    for b in framework.badges:
        by_column.setdefault(columns[b.id], []).append(b.id)
    positions: dict[str, Position] = {}
    for col, ids in by_column.items():
        ids.sort(key=lambda i: (pathway.get(i, len(framework.pathways)),
                                _CATEGORY_ORDER.get(framework.badge(i).category, 99),  # type: ignore[union-attr]
                                index[i]))  # fmt: skip
        slot = 0
        for badge_id in ids:
            while True:  # skip cells a person already used for a saved position
                spot = Position(x=spans[col][0] + (slot // rows) * COLUMN_WIDTH, y=(slot % rows) * ROW_HEIGHT)
                slot += 1
                if not any(abs(t.x - spot.x) < COLUMN_WIDTH / 2 and abs(t.y - spot.y) < ROW_HEIGHT / 2 for t in taken):
                    break
            positions[badge_id] = spot
    return positions


def _spring(framework: Framework, saved: dict[str, Position], seed: int) -> dict[str, Position]:
    graph = nx.Graph(requirement_graph(framework))
    scale = max(COLUMN_WIDTH, COLUMN_WIDTH * len(graph) ** 0.5 / 2)
    fixed = [b for b in saved if b in graph]
    start = {b: (p.x, p.y) for b, p in saved.items() if b in graph} or None
    pos = nx.spring_layout(graph, pos=start, fixed=fixed or None, seed=seed, scale=scale)
    return {b: Position(x=round(float(x), 1), y=round(float(y), 1)) for b, (x, y) in pos.items()}


def constellation_layout(framework: Framework, method: Literal["columns", "spring"] = "columns",
                         seed: int = 0) -> dict[str, Position]:  # fmt: skip
    """A position for every badge, in framework order: saved ones as saved, the rest computed.

    ``method="columns"`` (the default) places the rest in requirement/stage columns, avoiding
    the cells saved positions occupy; ``"spring"`` uses a networkx spring layout seeded with
    ``seed``, the saved badges held fixed. The same framework always gives the same layout.
    """
    saved = {b.id: framework.layout[b.id] for b in framework.badges if b.id in framework.layout}
    if method == "spring":
        computed = _spring(framework, saved, seed)
    elif method == "columns":
        computed = _computed(framework, list(saved.values()))
    else:
        raise ValueError(f"method must be 'columns' or 'spring', not {method!r}")
    return {b.id: saved.get(b.id) or computed[b.id] for b in framework.badges}


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

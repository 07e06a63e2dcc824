"""The interactive graph widget: our own small SVG drawing (``constellation.js``) through anywidget.

No third-party JavaScript and no network: the module ships in this package and anywidget hands
it to JupyterLab. Python and the page share these traits both ways:

- ``nodes``: ``[{"id", "label", "kind", "status", "color", "problem", "badge", "title"}, …]``
- ``edges``: ``[{"source", "target", "kind", "label", "dashed", "title"}, …]``
- ``positions``: ``{"node-id": {"x": …, "y": …}}`` — a drag in the page updates it;
- ``selected``: the clicked node's id;
- ``highlight``: ids drawn with a ring; ``labels``: the zoom buttons' tooltips (``zoom_in``,
  ``zoom_out``, ``fit``), in the panel's language.

Only what the traits hold is sent to the page: a panel showing part of a large constellation sets
the visible nodes, their edges and their positions, nothing more. The page zooms (mouse wheel,
buttons) and pans (drag on the background) on its own; a new ``nodes`` value shows the whole picture.

Dropping a node onto another sends a ``drop`` message: :meth:`ConstellationGraph.on_drop`
registers what to do (the workshop uses it to group a card under another).

>>> g = ConstellationGraph(nodes=[{"id": "a", "label": "A"}], positions={"a": {"x": 0, "y": 0}})
>>> seen = []
>>> g.on_drop(lambda node, target: seen.append((node, target)))
>>> g.drop("a", "b"); seen
[('a', 'b')]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import anywidget
import networkx as nx
from traitlets import Dict, Int, List, Unicode

__all__ = ["ConstellationGraph", "auto_positions"]

_HERE = Path(__file__).resolve().parent


class ConstellationGraph(anywidget.AnyWidget):
    """Nodes you can click (select) and drag (arrange); positions and selection sync both ways."""

    _esm = _HERE / "constellation.js"
    _css = _HERE / "constellation.css"

    nodes = List(Dict()).tag(sync=True)
    edges = List(Dict()).tag(sync=True)
    positions = Dict().tag(sync=True)
    selected = Unicode("").tag(sync=True)
    highlight = List(Unicode()).tag(sync=True)
    height = Int(520).tag(sync=True)
    labels = Dict().tag(sync=True)

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self._drop_handlers: list[Callable[[str, str], None]] = []
        self.on_msg(self._message)

    def on_drop(self, handler: Callable[[str, str], None]) -> None:
        """Call ``handler(node, target)`` when a node is dropped onto another one."""
        self._drop_handlers.append(handler)

    def drop(self, node: str, target: str) -> None:
        """What happens when the page reports a drop (tests call it directly)."""
        for handler in self._drop_handlers:
            handler(node, target)

    def _message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if isinstance(content, dict) and content.get("type") == "drop":
            self.drop(str(content.get("node", "")), str(content.get("target", "")))

    def moved(self, old: dict[str, Any], new: dict[str, Any]) -> dict[str, tuple[float, float]]:
        """The nodes whose position differs between two values of ``positions``."""
        out = {}
        for key, pos in new.items():
            before = old.get(key)
            if not isinstance(pos, dict) or "x" not in pos or "y" not in pos:
                continue
            if before is None or (before.get("x"), before.get("y")) != (pos["x"], pos["y"]):
                out[key] = (float(pos["x"]), float(pos["y"]))
        return out


def auto_positions(ids: Iterable[str], edges: Iterable[tuple[str, str]],
                   known: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:  # fmt: skip
    """Positions for ``ids``: the ``known`` ones as they are, the others placed by a seeded layout.

    Deterministic, so an unsaved picture looks the same each time the notebook runs.
    """
    ids = list(ids)
    missing = [i for i in ids if i not in known]
    if not missing:
        return {i: known[i] for i in ids}
    graph = nx.Graph()
    graph.add_nodes_from(ids)
    graph.add_edges_from((a, b) for a, b in edges if a in graph and b in graph)
    fixed = [i for i in ids if i in known]
    if fixed:
        xs = [known[i][0] for i in fixed]
        ys = [known[i][1] for i in fixed]
        # Place the new nodes in a band below what people already arranged.
        top = max(ys) + 120
        left = min(xs)
        cols = max(1, int((max(xs) - left) // 150) + 1) if len(fixed) > 1 else 6
        out = {i: known[i] for i in fixed}
        for n, ident in enumerate(missing):
            out[ident] = (left + (n % cols) * 150, top + (n // cols) * 95)
        return out
    return _layered(ids, [(a, b) for a, b in edges if a in graph and b in graph])


def _layered(
    ids: list[str], edges: list[tuple[str, str]], column: float = 190, row: float = 95
) -> dict[str, tuple[float, float]]:
    """Linked nodes in columns by depth (prerequisites left of what they open), the others in a grid below.

    Columns keep labels apart, which a force layout does not; a cycle falls back to a seeded spring layout.
    """
    directed = nx.DiGraph()
    directed.add_nodes_from(ids)
    directed.add_edges_from(edges)
    linked = [i for i in ids if directed.degree(i) > 0]
    alone = [i for i in ids if directed.degree(i) == 0]
    out: dict[str, tuple[float, float]] = {}
    if linked:
        sub = directed.subgraph(linked)
        if nx.is_directed_acyclic_graph(sub):
            for x, generation in enumerate(nx.topological_generations(sub)):
                ordered = [i for i in linked if i in set(generation)]
                for y, ident in enumerate(ordered):
                    out[ident] = (x * column, y * row + (x % 2) * row / 3)
        else:
            spring = nx.spring_layout(sub.to_undirected(), seed=7, k=2.0)
            scale = max(300.0, 80.0 * len(linked) ** 0.5)
            out.update({i: (float(spring[i][0]) * scale, float(spring[i][1]) * scale) for i in linked})
    top = (max(y for _, y in out.values()) + row * 1.5) if out else 0.0
    per_row = max(4, int(len(alone) ** 0.5 * 1.5))
    for n, ident in enumerate(alone):
        out[ident] = ((n % per_row) * column * 0.8, top + (n // per_row) * row)
    return {k: (round(x, 2), round(y, 2)) for k, (x, y) in out.items()}

"""The interactive graph widget: our own small SVG drawing (``constellation.js``) through anywidget.

No third-party JavaScript and no network: the module ships in this package and anywidget hands
it to JupyterLab. Python and the page share four traits both ways:

- ``nodes``: ``[{"id", "label", "kind", "status", "color", "problem", "badge", "title"}, …]``
- ``edges``: ``[{"source", "target", "kind", "label", "dashed", "title"}, …]``
- ``positions``: ``{"node-id": {"x": …, "y": …}}`` — a drag in the page updates it;
- ``selected``: the clicked node's id.

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


def auto_positions(ids: Iterable[str], edges: Iterable[tuple[str, str]], known: dict[str, tuple[float, float]],
                   width: float = 900, height: float = 520) -> dict[str, tuple[float, float]]:  # fmt: skip
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
        cols = max(1, int((max(xs) - left) // 110) + 1) if len(fixed) > 1 else 6
        out = {i: known[i] for i in fixed}
        for n, ident in enumerate(missing):
            out[ident] = (left + (n % cols) * 110, top + (n // cols) * 110)
        return out
    layout = nx.spring_layout(graph, seed=7) if len(ids) > 1 else {ids[0]: (0.0, 0.0)}
    return {i: (round(float(layout[i][0]) * width / 2 + width / 2, 2), round(float(layout[i][1]) * height / 2 + height / 2, 2))
            for i in ids}  # fmt: skip

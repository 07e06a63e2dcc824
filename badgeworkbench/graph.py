"""The framework as a networkx graph, and the way back.

Nodes are named ``kind:id`` (``badge:cuisine-1``, ``competency:c1``) and carry ``kind``,
``label`` (French) and ``item`` (the model object). Edges carry ``kind``; their key is the kind,
``relation:<type>`` for relations and ``stage:<index>`` for pathway stages:

==================  ======================  ==========================================
edge kind           from → to               attributes
==================  ======================  ==========================================
``child_of``        competency → parent
``relation``        competency → competency ``type`` (CASE association), ``note``, ``order``
``recognises``      badge → competency      ``level``
``requires``        badge → badge           ``needed``, ``of`` (the innermost group)
``issued_by``       badge → partner
``endorsed_by``     badge → partner
``stage``           pathway → badge         ``stage`` (index), ``needed``
``targets``         pathway → badge
``located_in``      partner → territory
==================  ======================  ==========================================

:func:`to_graph` and :func:`from_graph` round-trip: items come back from the nodes' ``item``,
relations from the ``relation`` edges (add one to the graph and it is in the framework), and
layout positions from the badges' ``pos`` attribute.

>>> from badgeworkbench.model import Framework, Competency, Relation
>>> fw = Framework(id="f", competencies=[Competency(id="a"), Competency(id="b", parent="a")],
...                relations=[Relation(source="a", type="precedes", target="b")])
>>> g = to_graph(fw)
>>> sorted(d["kind"] for _, _, d in g.edges(data=True))
['child_of', 'relation']
>>> from_graph(g) == fw
True
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from ._gcpause import gc_paused
from .model import Framework, Position, Relation, Requirement, text

__all__ = ["EDGE_KINDS", "NODE_KINDS", "from_graph", "node_id", "subgraph", "to_graph"]

NODE_KINDS = ("territory", "partner", "competency", "badge", "pathway")
EDGE_KINDS = ("child_of", "relation", "recognises", "requires", "issued_by", "endorsed_by", "stage", "targets",
              "located_in")
_ATTRS = {"territory": "territories", "partner": "partners", "competency": "competencies", "badge": "badges",
          "pathway": "pathways"}


def node_id(kind: str, identifier: str) -> str:
    """The graph node name of an item: ``node_id("badge", "b1") == "badge:b1"``."""
    return f"{kind}:{identifier}"


def _label(item: Any) -> str:
    fields = item.__dict__  # a model's fields: getattr on a missing one goes through pydantic's slow path
    for field in ("name", "title"):
        value = fields[field] if field in fields else getattr(item, field, None)
        if isinstance(value, dict) and value:
            return text(value)
        if isinstance(value, str) and value:
            return value
    return item.id


def _requirement_edges(badge_id: str, req: Requirement, path: str, out: list[tuple[str, str, dict[str, Any]]]) -> None:
    for i, item in enumerate(req.of):
        if isinstance(item, str):
            out.append((node_id("badge", badge_id), node_id("badge", item),
                        {"kind": "requires", "needed": req.needed, "of": len(req.of), "group": path}))
        else:
            _requirement_edges(badge_id, item, f"{path}.of[{i}]", out)


@gc_paused
def to_graph(framework: Framework) -> nx.MultiDiGraph:
    """The framework as a typed multigraph (several edge kinds may join the same two nodes).

    References to unknown items still get an edge, to a node of kind ``missing``, so that
    analysis can name them instead of failing.
    """
    graph = nx.MultiDiGraph(framework={k: v for k, v in framework if k not in (*_ATTRS.values(), "relations",
                                                                               "layout")})
    for kind, attr in _ATTRS.items():
        graph.add_nodes_from(
            (node_id(kind, item.id), {"kind": kind, "label": _label(item), "item": item})
            for item in getattr(framework, attr)
        )
    for badge_id, pos in framework.layout.items():
        name = node_id("badge", badge_id)
        if name in graph:
            graph.nodes[name]["pos"] = (pos.x, pos.y)

    # Edges as (from, to, key, attributes). Keys name the edge (its kind, the relation type, the stage):
    # ``g.edges[u, v, "child_of"]``; giving them also spares networkx inventing one per edge.
    edges: list[tuple[str, str, str, dict[str, Any]]] = []
    add = edges.append
    for p in framework.partners:
        if p.territory:
            add((f"partner:{p.id}", f"territory:{p.territory}", "located_in", {"kind": "located_in"}))
    for c in framework.competencies:
        if c.parent is not None:
            add((f"competency:{c.id}", f"competency:{c.parent}", "child_of", {"kind": "child_of"}))
    for order, r in enumerate(framework.relations):
        add((f"competency:{r.source}", f"competency:{r.target}", f"relation:{r.type}",
             {"kind": "relation", "type": r.type, "note": r.note, "order": order}))
    for b in framework.badges:
        me = f"badge:{b.id}"
        edges.extend((me, f"competency:{rc.competency}", "recognises", {"kind": "recognises", "level": rc.level})
                     for rc in b.competencies)
        if b.issuer:
            add((me, f"partner:{b.issuer}", "issued_by", {"kind": "issued_by"}))
        edges.extend((me, f"partner:{e}", "endorsed_by", {"kind": "endorsed_by"}) for e in b.endorsers)
        if b.requires is not None:
            required: list[tuple[str, str, dict[str, Any]]] = []
            _requirement_edges(b.id, b.requires, "requires", required)
            edges.extend((u, v, "requires", data) for u, v, data in required)
    for pw in framework.pathways:
        me = f"pathway:{pw.id}"
        for s, stage in enumerate(pw.stages):
            needed = len(stage.badges) if stage.count is None else stage.count
            edges.extend((me, f"badge:{bid}", f"stage:{s}", {"kind": "stage", "stage": s, "needed": needed})
                         for bid in stage.badges)
        if pw.target:
            add((me, f"badge:{pw.target}", "targets", {"kind": "targets"}))
    nodes = graph._node
    for u, v, _, _ in edges:
        if u not in nodes:
            graph.add_node(u, kind="missing", label=u.split(":", 1)[1], item=None)
        if v not in nodes:
            graph.add_node(v, kind="missing", label=v.split(":", 1)[1], item=None)
    # Straight into networkx's adjacency, as MultiDiGraph.add_edge stores them (one key dict shared by
    # successors and predecessors; an edge met twice with the same key has its attributes updated),
    # without its per-edge checks and attribute copies: a third of to_graph at ROME scale.
    succ, pred = graph._succ, graph._pred
    new_keydict = graph.edge_key_dict_factory
    for u, v, key, data in edges:
        keydict = succ[u].get(v)
        if keydict is None:
            keydict = succ[u][v] = pred[v][u] = new_keydict()
        if key in keydict:
            keydict[key].update(data)
        else:
            keydict[key] = data
    nx._clear_cache(graph)
    return graph


@gc_paused
def from_graph(graph: nx.MultiDiGraph) -> Framework:
    """The framework a graph made by :func:`to_graph` describes (after any edits to it)."""
    items: dict[str, list[Any]] = {attr: [] for attr in _ATTRS.values()}
    layout: dict[str, Position] = {}
    for _, data in graph.nodes(data=True):
        kind = data.get("kind")
        if kind in _ATTRS and data.get("item") is not None:
            items[_ATTRS[kind]].append(data["item"])
            if kind == "badge" and "pos" in data:
                x, y = data["pos"]
                layout[data["item"].id] = Position(x=float(x), y=float(y))
    # Relations come back in their stored order; edges added to the graph since then come last.
    relation_edges = sorted(
        ((u, v, d) for u, v, d in graph.edges(data=True) if d.get("kind") == "relation"),
        key=lambda edge: edge[2].get("order", float("inf")),
    )
    relations = [
        Relation(source=u.split(":", 1)[1], type=d["type"], target=v.split(":", 1)[1], note=d.get("note", ""))
        for u, v, d in relation_edges
    ]
    meta = dict(graph.graph.get("framework", {}))
    return Framework.model_validate({**meta, **items, "relations": relations, "layout": layout})


def subgraph(graph: nx.MultiDiGraph, node_kinds: tuple[str, ...] = (), edge_kinds: tuple[str, ...] = ()) -> nx.MultiDiGraph:
    """A view keeping only the given node kinds and edge kinds (all when empty)."""
    nodes = [n for n, k in graph.nodes(data="kind") if not node_kinds or k in node_kinds]
    view = graph.subgraph(nodes)
    if not edge_kinds:
        return view
    return nx.subgraph_view(view, filter_edge=lambda u, v, key: view.edges[u, v, key].get("kind") in edge_kinds)

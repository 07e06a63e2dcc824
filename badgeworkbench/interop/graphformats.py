"""The framework graph for Gephi and Cytoscape desktop: GraphML, node-link JSON and Cytoscape JSON.

These formats only hold scalar attributes, so :func:`flat_graph` turns the graph of
:func:`badgeworkbench.graph.to_graph` into one whose node and edge attributes are strings,
numbers and booleans: ``kind``, ``label`` (French), ``label_en``, the item's scalar fields
(``code``, ``status``, ``category``, ``issuer``…), lists joined with ``; `` and the badge layout
as ``x``/``y``. Each node also keeps the whole item as JSON in ``data``, so that a GraphML file
comes back as the same framework (:func:`framework_from_graphml`), edges drawn in Gephi between
competencies included (as relations).

>>> from badgeworkbench.model import Framework, Competency, Relation
>>> fw = Framework(id="f", competencies=[Competency(id="a", title={"fr": "A"}), Competency(id="b", parent="a")],
...                relations=[Relation(source="b", type="precedes", target="a")])
>>> framework_from_graphml(to_graphml(fw)).model_dump() == fw.model_dump()
True
"""

from __future__ import annotations

import io
import json
from typing import Any

import networkx as nx
from pydantic import BaseModel

from ..errors import BadgeWorkbenchError
from ..graph import from_graph, to_graph
from ..model import Badge, Competency, Framework, Partner, Pathway, Territory, text

__all__ = [
    "GraphFileError",
    "flat_graph",
    "framework_from_graphml",
    "to_cytoscape_json",
    "to_graphml",
    "to_node_link",
]

_MODELS: dict[str, type[BaseModel]] = {"competency": Competency, "badge": Badge, "partner": Partner, "pathway": Pathway, "territory": Territory}


class GraphFileError(BadgeWorkbenchError):
    exit_code = 2


def _scalar(value: Any) -> str | int | float | bool | None:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        parts = [str(_scalar(v)) for v in value if _scalar(v) not in (None, "")]
        return "; ".join(parts)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _item_attributes(kind: str, item: Any) -> dict[str, Any]:
    attributes: dict[str, Any] = {}
    if item is None:
        return attributes
    data = item.model_dump(mode="json", exclude_defaults=True)
    for name, value in data.items():
        if name in ("id", "comments", "provenance", "image", "criteria", "levels", "stages", "requires", "alignments"):
            continue
        if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
            for lang, localized in value.items():  # title_fr, title_en… (one column per language)
                attributes[f"{name}_{lang}"] = localized
            continue
        flat = _scalar(value)
        if flat not in (None, ""):
            # a competency's own "kind" (skill, domain…) must not hide the node's kind
            attributes[f"{kind}_{name}" if name in ("kind", "label", "data", "x", "y") else name] = flat
    for name in ("name", "title"):
        value = getattr(item, name, None)
        if isinstance(value, dict) and value:
            attributes["label_en"] = text(value, "en")
    attributes["data"] = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return attributes


def flat_graph(framework: Framework) -> nx.MultiDiGraph:
    """The framework graph with scalar attributes only (what GraphML, Gephi and Cytoscape accept)."""
    graph = to_graph(framework)
    flat = nx.MultiDiGraph()
    flat.graph["framework"] = framework.id
    flat.graph["title"] = text(framework.title)
    flat.graph["data"] = json.dumps(framework.model_dump(
        mode="json", exclude_defaults=True, exclude={"competencies", "badges", "relations", "partners", "territories",
                                                      "pathways", "layout"}), ensure_ascii=False, sort_keys=True)  # fmt: skip
    for name, data in graph.nodes(data=True):
        attributes = {"kind": data["kind"], "label": data.get("label") or name}
        attributes.update(_item_attributes(data["kind"], data.get("item")))
        if "pos" in data:
            attributes["x"], attributes["y"] = float(data["pos"][0]), float(data["pos"][1])
        flat.add_node(name, **attributes)
    order: dict[tuple[str, str, str, str], int] = {}
    for position, r in enumerate(framework.relations):
        order.setdefault((r.source, str(r.type), r.target, r.note), position)
    for u, v, data in graph.edges(data=True):
        attributes = {k: _scalar(value) for k, value in data.items() if _scalar(value) not in (None, "")}
        if data.get("kind") == "relation":
            # graphs list edges node by node; the position keeps relations.yaml in its order on the way back
            key = (u.split(":", 1)[1], str(data.get("type")), v.split(":", 1)[1], data.get("note", ""))
            attributes["order"] = order.get(key, len(order))
        flat.add_edge(u, v, **attributes)
    return flat


def to_graphml(framework: Framework) -> str:
    """GraphML text for Gephi, Cytoscape desktop, yEd."""
    body = "\n".join(nx.generate_graphml(flat_graph(framework), encoding="utf-8", prettyprint=True))
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def to_node_link(framework: Framework) -> dict[str, Any]:
    """Node-link JSON (``nodes`` and ``links``, as D3 and ``networkx.node_link_graph`` read it)."""
    return nx.node_link_data(flat_graph(framework), edges="links")


def to_cytoscape_json(framework: Framework) -> dict[str, Any]:
    """Cytoscape JSON (``elements.nodes`` / ``elements.edges``): *File › Import › Network from File* in Cytoscape."""
    data = nx.cytoscape_data(flat_graph(framework))
    for edge in data["elements"]["edges"]:
        # Cytoscape wants every element to have an id; networkx leaves edges without one
        edge["data"].setdefault("id", f"{edge['data']['source']}->{edge['data']['target']}#{edge['data'].get('key', 0)}")
    return data


def framework_from_graphml(source: str | bytes, *, file: str = "<GraphML>") -> Framework:
    """The framework a GraphML file written by :func:`to_graphml` describes, after any edits in Gephi.

    Items come back from each node's ``data``; ``relation`` edges between competencies (added or
    removed in the tool) become the framework's relations; badge positions come from ``x``/``y``.
    """
    raw = source.encode("utf-8") if isinstance(source, str) else source
    try:
        graph = nx.read_graphml(io.BytesIO(raw), force_multigraph=True)
    except Exception as error:  # networkx raises several kinds (ParseError, KeyError, NetworkXError)
        raise GraphFileError(f"{file}: is not readable GraphML ({error}).") from error
    rebuilt = nx.MultiDiGraph(framework=json.loads(graph.graph.get("data", "{}")) | {"id": graph.graph.get("framework", "graph")})
    for name, data in graph.nodes(data=True):
        kind = data.get("kind")
        item = None
        if kind in _MODELS and data.get("data"):
            try:
                item = _MODELS[kind].model_validate({"id": name.split(":", 1)[1], **json.loads(data["data"])})
            except (ValueError, TypeError) as error:
                raise GraphFileError(f"{file}: the node {name} has unreadable data ({error}).") from error
        attributes: dict[str, Any] = {"kind": kind, "item": item}
        if kind == "badge" and "x" in data and "y" in data:
            attributes["pos"] = (float(data["x"]), float(data["y"]))
        rebuilt.add_node(name, **attributes)
    positions: dict[tuple[str, str, str, str], int] = {}
    for u, v, data in graph.edges(data=True):
        if data.get("kind") == "relation" and u.startswith("competency:") and v.startswith("competency:"):
            kind, note = data.get("type", "isRelatedTo"), data.get("note", "")
            rebuilt.add_edge(u, v, kind="relation", type=kind, note=note)
            if isinstance(data.get("order"), int):
                positions.setdefault((u.split(":", 1)[1], kind, v.split(":", 1)[1], note), data["order"])
    framework = from_graph(rebuilt)
    # relations drawn in the tool (no position) come after the others, in the order read
    ranked = sorted(enumerate(framework.relations),
                    key=lambda pair: (positions.get((pair[1].source, str(pair[1].type), pair[1].target, pair[1].note),
                                                    len(positions) + pair[0]), pair[0]))  # fmt: skip
    return framework.replace(relations=[r for _, r in ranked])

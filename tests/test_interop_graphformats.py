"""GraphML, node-link JSON and Cytoscape JSON of the framework graph."""

from __future__ import annotations

import io
import json

import networkx as nx
import pytest

from badgeworkbench.graph import to_graph
from badgeworkbench.interop.graphformats import (
    GraphFileError,
    flat_graph,
    framework_from_graphml,
    to_cytoscape_json,
    to_graphml,
    to_node_link,
)
from badgeworkbench.model import Position

from .fixtures.interop.sample import sample_framework


def _framework():
    return sample_framework().replace(layout={"cuisine": Position(x=1.5, y=-2.0)})


def test_graphml_holds_only_scalars_and_reads_back_as_the_same_graph():
    fw = _framework()
    text = to_graphml(fw)
    graph = nx.read_graphml(io.BytesIO(text.encode()), force_multigraph=True)
    original = to_graph(fw)
    assert set(graph.nodes) == set(original.nodes)
    assert sorted((u, v, d["kind"]) for u, v, d in graph.edges(data=True)) == sorted(
        (u, v, d["kind"]) for u, v, d in original.edges(data=True))
    for _, data in graph.nodes(data=True):
        assert all(isinstance(v, str | int | float | bool) for v in data.values())
    domain = graph.nodes["competency:communiquer"]
    assert domain["kind"] == "competency" and domain["competency_kind"] == "domain"
    assert domain["title_fr"] == "Communiquer" and domain["label_en"] == "Communicating"
    assert graph.nodes["badge:cuisine"]["x"] == 1.5 and graph.nodes["badge:cuisine"]["y"] == -2.0
    requires = [d for u, v, d in graph.edges(data=True) if d["kind"] == "requires" and v == "badge:cuisine"]
    assert requires and requires[0]["needed"] == 2 and requires[0]["of"] == 3


def test_graphml_round_trip_gives_back_the_framework_and_relations_edited_in_the_tool():
    fw = _framework()
    assert framework_from_graphml(to_graphml(fw)).model_dump() == fw.model_dump()
    # someone drew an edge in Gephi between two competencies, and removed another
    graph = flat_graph(fw)
    graph.add_edge("competency:cuisiner", "competency:hygiene", kind="relation", type="isRelatedTo", note="dessiné")
    drop = next(k for u, v, k, d in graph.edges(keys=True, data=True)
                if d["kind"] == "relation" and u == "competency:ancien")
    graph.remove_edge("competency:ancien", "competency:cuisiner", key=drop)
    edited = framework_from_graphml("\n".join(nx.generate_graphml(graph)))
    pairs = {(r.source, r.type, r.target) for r in edited.relations}
    assert ("cuisiner", "isRelatedTo", "hygiene") in pairs
    assert ("ancien", "replacedBy", "cuisiner") not in pairs


def test_node_link_and_cytoscape_json():
    fw = _framework()
    data = to_node_link(fw)
    json.dumps(data)  # JSON-ready
    again = nx.node_link_graph(data, edges="links")
    assert set(again.nodes) == set(to_graph(fw).nodes) and again.is_multigraph()
    cy = to_cytoscape_json(fw)
    json.dumps(cy)
    assert {n["data"]["id"] for n in cy["elements"]["nodes"]} == set(to_graph(fw).nodes)
    ids = [e["data"]["id"] for e in cy["elements"]["edges"]]
    assert len(ids) == len(set(ids)) == to_graph(fw).number_of_edges()


def test_unreadable_graphml_gets_a_clear_message():
    with pytest.raises(GraphFileError, match=r"carte\.graphml: is not readable GraphML"):
        framework_from_graphml("<graphml><oops", file="carte.graphml")

"""The framework as a graph and back, and its pandas tables."""

from __future__ import annotations

from hypothesis import given, settings

from badgeworkbench.files import load_framework
from badgeworkbench.graph import EDGE_KINDS, from_graph, node_id, subgraph, to_graph
from badgeworkbench.model import Badge, Framework, Requirement
from badgeworkbench.tables import badges_table, competencies_table, coverage_matrix, partners_table

from .conftest import EXAMPLE
from .strategies import frameworks


@settings(max_examples=60, deadline=None)
@given(fw=frameworks())
def test_graph_round_trip(fw):
    assert from_graph(to_graph(fw)) == fw


def test_example_graph_has_typed_nodes_and_edges():
    fw = load_framework(EXAMPLE)
    g = to_graph(fw)
    kinds = {k for _, k in g.nodes(data="kind")}
    assert kinds == {"territory", "partner", "competency", "badge", "pathway"}
    edge_kinds = {d["kind"] for _, _, d in g.edges(data=True)}
    assert edge_kinds <= set(EDGE_KINDS)
    assert {"child_of", "relation", "recognises", "requires", "issued_by", "endorsed_by", "stage", "targets",
            "located_in"} <= edge_kinds
    assert g.number_of_nodes() == (len(fw.territories) + len(fw.partners) + len(fw.competencies) + len(fw.badges)
                                   + len(fw.pathways))


def test_relations_added_to_the_graph_come_back_in_the_framework():
    fw = load_framework(EXAMPLE)
    g = to_graph(fw)
    a, b = fw.competencies[-1].id, fw.competencies[-2].id
    g.add_edge(node_id("competency", a), node_id("competency", b), kind="relation", type="isRelatedTo", note="")
    back = from_graph(g)
    assert (a, "isRelatedTo", b) in {(r.source, r.type, r.target) for r in back.relations}


def test_unknown_references_become_missing_nodes_instead_of_failing():
    fw = Framework(id="f", badges=[Badge(id="a", requires=Requirement(count=1, of=["ghost"]))])
    g = to_graph(fw)
    assert g.nodes["badge:ghost"]["kind"] == "missing"
    assert g.edges["badge:a", "badge:ghost", "requires"]["needed"] == 1


def test_subgraph_filters_kinds():
    g = to_graph(load_framework(EXAMPLE))
    only = subgraph(g, node_kinds=("badge",), edge_kinds=("requires",))
    assert {k for _, k in only.nodes(data="kind")} == {"badge"}
    assert {d["kind"] for _, _, d in only.edges(data=True)} == {"requires"}


def test_tables_and_coverage_matrix():
    fw = load_framework(EXAMPLE)
    comps, badges, partners = competencies_table(fw), badges_table(fw, "en"), partners_table(fw)
    assert len(comps) == len(fw.competencies) and len(badges) == len(fw.badges) and len(partners) == len(fw.partners)
    matrix = coverage_matrix(fw)
    assert matrix.shape == (len(fw.competencies), len(fw.badges))
    for b in fw.badges:
        for rc in b.competencies:
            assert matrix.loc[rc.competency, b.id] == 1
    assert int(matrix.values.sum()) == sum(len({rc.competency for rc in b.competencies}) for b in fw.badges)
    assert comps.loc[fw.badges[0].competencies[0].competency, "badges"] >= 1
    assert partners["issued"].sum() == sum(1 for b in fw.badges if b.issuer)

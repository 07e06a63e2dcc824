"""The analyses on the bundled example framework (frameworks/parcours-cvl): sound answers end to end."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from badgeworkbench.constellation import (
    analyze,
    constellation_svg,
    pathway_progress,
    routes,
    within_reach,
)
from badgeworkbench.files import load_framework
from badgeworkbench.workspace import example_framework_path


@pytest.fixture(scope="module")
def example():
    path = example_framework_path()
    if not path.is_dir():
        pytest.skip(f"{path} not found: the bundled example framework is not on this branch")
    return load_framework(path)


def test_example_analysis_has_no_requirement_problem(example):
    result = analyze(example)
    assert result.problems == [] and result.cycles == []
    assert set(result.contribution.index) == {p.id for p in example.partners}


def test_every_pathway_target_has_a_valid_shortest_route(example):
    for pathway in example.pathways:
        found = routes(example, [], pathway.target)
        assert found, pathway.id
        for route in found:
            have: set[str] = set()
            for badge_id in route.badges:
                req = example.badge(badge_id).requires
                assert req is None or req.is_satisfied_by(have), (pathway.id, badge_id)
                have.add(badge_id)
            assert route.badges[-1] == pathway.target


def test_a_learner_who_completed_every_stage_can_earn_the_target(example):
    for pathway in example.pathways:
        holding = [b for stage in pathway.stages for b in stage.badges if b != pathway.target]
        progress = pathway_progress(example, holding).loc[pathway.id]
        assert progress["completed"] >= len(pathway.stages) - 1
        target = example.badge(pathway.target)
        if target.requires is not None and pathway.target not in holding:
            assert pathway.target in within_reach(example, holding)


def test_example_draws_in_french(example):
    svg = constellation_svg(example)
    assert "Étape 1" in [t.text for t in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")]


def test_svg_displays_in_a_notebook(example):
    display = pytest.importorskip("IPython.display")
    assert display.SVG(constellation_svg(example))._repr_svg_().startswith("<svg")

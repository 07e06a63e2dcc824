"""The layered constellation layout: prerequisites left of what they open, no label overlapped or
crossed by an arrow, saved positions untouched, deterministic, and crossings against Graphviz dot."""

from __future__ import annotations

import itertools
import shutil

import pytest

from badgeworkbench.constellation import constellation_scene
from badgeworkbench.constellation.layout import (
    count_crossings,
    count_polyline_crossings,
    layered_layout,
    requirement_edges,
    with_layout,
)
from badgeworkbench.model import Badge, Framework, Pathway, PathwayStage, Position, Requirement
from benchmarks.bench_constellation import dot_centres, layout_frameworks, our_centres

FRAMEWORKS = layout_frameworks()
NAMES = list(FRAMEWORKS)


@pytest.fixture(scope="module", params=NAMES)
def framework(request):
    return FRAMEWORKS[request.param]


def _boxes(layered):
    return {b: (p.x, p.y, p.x + layered.sizes[b][0], p.y + layered.sizes[b][1]) for b, p in layered.positions.items()}


def test_crossings_count_proper_crossings_only():
    square = {"a": (0, 0), "b": (0, 2), "c": (2, 0), "d": (2, 2)}
    assert count_crossings(square, [("a", "d"), ("b", "c")]) == 1
    assert count_crossings(square, [("a", "d"), ("a", "c")]) == 0  # a shared end is no crossing
    assert count_crossings(square, [("a", "b"), ("c", "d")]) == 0
    assert count_polyline_crossings([[(0, 0), (4, 4), (8, 0)], [(0, 2), (8, 2)]]) == 2
    assert count_polyline_crossings([[(0, 0), (4, 4), (0, 8)]]) == 0  # one polyline never crosses itself


def test_prerequisites_are_left_of_what_they_open(framework):
    layered = layered_layout(framework)
    for required, requiring in requirement_edges(framework):
        assert layered.positions[required].x + layered.sizes[required][0] < layered.positions[requiring].x


def test_pathway_stages_run_left_to_right_unless_requirements_say_otherwise():
    stages = [PathwayStage(badges=["a"]), PathwayStage(badges=["b", "x"]), PathwayStage(badges=["c", "y"])]
    fw = Framework(
        id="f",
        badges=[Badge(id="a"), Badge(id="b"), Badge(id="c"), Badge(id="x", requires=Requirement(of=["y"])),
                Badge(id="y")],
        pathways=[Pathway(id="p", stages=stages)],
    )  # fmt: skip
    ranks = layered_layout(fw).ranks
    assert ranks["a"] < ranks["b"] < ranks["c"]  # no requirement between them: the stages alone order them
    assert ranks["y"] < ranks["x"]  # x (stage 2) requires y (stage 3): the requirement wins
    assert layered_layout(fw.model_copy(update={"pathways": []})).ranks["c"] == 0


def test_layout_is_deterministic(framework):
    assert layered_layout(framework) == layered_layout(framework.model_copy(deep=True))


def test_no_two_label_boxes_overlap(framework):
    boxes = _boxes(layered_layout(framework))
    for (a, (ax1, ay1, ax2, ay2)), (b, (bx1, by1, bx2, by2)) in itertools.combinations(boxes.items(), 2):
        assert ax2 <= bx1 or bx2 <= ax1 or ay2 <= by1 or by2 <= ay1, (a, b)


def _through(box, p, q) -> bool:
    """Whether the segment p–q passes through the inside of box (Liang–Barsky clipping)."""
    x1, y1, x2, y2 = box[0] + 0.5, box[1] + 0.5, box[2] - 0.5, box[3] - 0.5
    (px, py), (qx, qy) = p, q
    dx, dy = qx - px, qy - py
    low, high = 0.0, 1.0
    for edge_p, edge_q in ((-dx, px - x1), (dx, x2 - px), (-dy, py - y1), (dy, y2 - py)):
        if edge_p == 0:
            if edge_q < 0:
                return False
            continue
        t = edge_q / edge_p
        if edge_p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
    return low < high


def test_no_arrow_passes_through_a_label(framework):
    layered = layered_layout(framework)
    boxes = _boxes(layered)
    assert set(layered.routes) == set(requirement_edges(framework))  # every arrow routed
    for (u, v), route in layered.routes.items():
        for p, q in itertools.pairwise(route):
            hit = [b for b, box in boxes.items() if b not in (u, v) and _through(box, p, q)]
            assert hit == [], (u, v, p, q)


def test_the_drawing_follows_the_routes(framework):
    scene = constellation_scene(framework)
    layered = layered_layout(framework)
    node = scene.nodes[0]
    dx, dy = node.x - layered.positions[node.id].x, node.y - layered.positions[node.id].y
    drawn = sorted(tuple((round(x, 1), round(y, 1)) for x, y in e.points) for e in scene.edges)
    routes = [tuple((round(x + dx, 1), round(y + dy, 1)) for x, y in route) for route in layered.routes.values()]
    assert drawn == sorted(routes)
    assert count_polyline_crossings(drawn) == count_polyline_crossings(layered.routes.values())


def test_saved_positions_stay_and_the_rest_keep_clear(framework):
    first, second = framework.badges[0].id, framework.badges[-1].id
    arranged = with_layout(framework, {first: (3.5, 7.25), second: Position(x=400, y=90)})
    layered = layered_layout(arranged)
    assert layered.positions[first] == Position(x=3.5, y=7.25)
    assert layered.positions[second] == Position(x=400, y=90)
    boxes = _boxes(layered)
    for saved in (first, second):
        sx1, sy1, sx2, sy2 = boxes[saved]
        for b, (x1, y1, x2, y2) in boxes.items():
            if b not in (first, second):
                assert x2 <= sx1 or sx2 <= x1 or y2 <= sy1 or sy2 <= y1, (b, saved)


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed (make test installs it)")
@pytest.mark.parametrize("name", NAMES)
def test_crossings_are_no_more_than_graphviz_dot(name):
    fw = FRAMEWORKS[name]
    edges = requirement_edges(fw)
    dot = dot_centres(fw)
    assert dot is not None and set(dot) == {b.id for b in fw.badges}
    assert count_crossings(our_centres(fw), edges) <= count_crossings(dot, edges)

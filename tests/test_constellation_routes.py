"""A learner's next steps: badges within reach, shortest routes (with nested "N of M"), pathway progress."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from badgeworkbench.constellation import (
    Route,
    next_steps,
    open_badges,
    pathway_progress,
    routes,
    within_reach,
)
from badgeworkbench.errors import UnknownItem
from badgeworkbench.model import Badge, Framework, Requirement

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "constellation"


def earnable_in_order(fw: Framework, holding: set[str], route: Route) -> bool:
    have = set(holding)
    for badge_id in route.badges:
        req = fw.badge(badge_id).requires
        if req is not None and not req.is_satisfied_by(have):
            return False
        have.add(badge_id)
    return True


# --- within reach / open ----------------------------------------------------------------------------


def test_within_reach_honours_nested_n_of_m(kitchen):
    assert within_reach(kitchen, ["accueil", "cuisine"]) == []  # commis needs 2 of (cuisine, service, caisse)
    assert within_reach(kitchen, ["accueil", "cuisine", "service"]) == ["commis"]
    assert within_reach(kitchen, ["caisse"]) == ["gestion"]
    assert within_reach(kitchen, []) == []


def test_held_badges_are_never_within_reach(kitchen):
    assert "commis" not in within_reach(kitchen, ["accueil", "cuisine", "service", "commis"])


def test_open_badges_are_listed_separately(kitchen):
    assert sorted(open_badges(kitchen)) == ["accueil", "accueil-bis", "caisse", "cuisine", "service"]
    assert sorted(open_badges(kitchen, ["cuisine"])) == ["accueil", "accueil-bis", "caisse", "service"]
    assert not set(open_badges(kitchen)) & set(within_reach(kitchen, ["accueil", "cuisine", "service"]))


def test_unknown_held_badge_is_named_with_a_suggestion(kitchen):
    with pytest.raises(UnknownItem, match=r"'cuisin'.*Did you mean 'cuisine'"):
        within_reach(kitchen, ["cuisin"])


def test_within_reach_with_broken_requirements(broken):
    # b names an unknown badge, c asks 3 of 2: never within reach; f is. Holding d unlocks e.
    assert within_reach(broken, ["a"]) == ["f"]
    assert within_reach(broken, ["a", "b"]) == ["f"]
    assert within_reach(broken, ["d"]) == ["e"]


# --- routes -------------------------------------------------------------------------------------------


def test_shortest_route_shares_a_badge_between_two_groups(kitchen):
    # "service" counts for commis (2 of 3) and for chef (1 of service, gestion): 4 badges beat 5.
    assert routes(kitchen, ["cuisine"], "chef") == [Route(("accueil", "service", "commis", "chef"))]


def test_every_shortest_route_is_returned_in_a_valid_order(kitchen):
    found = routes(kitchen, [], "commis")
    assert [r.badges for r in found] == [
        ("accueil", "caisse", "cuisine", "commis"),
        ("accueil", "caisse", "service", "commis"),
        ("accueil", "cuisine", "service", "commis"),
    ]
    assert all(earnable_in_order(kitchen, set(), r) for r in found)
    assert len(routes(kitchen, [], "commis", limit=2)) == 2


def test_route_to_a_held_badge_is_empty_and_to_an_open_badge_is_one_step(kitchen):
    assert routes(kitchen, ["chef"], "chef") == [Route(())]
    assert routes(kitchen, [], "caisse") == [Route(("caisse",))]


def test_route_to_an_unknown_target_suggests(kitchen):
    with pytest.raises(UnknownItem, match="'chef'"):
        routes(kitchen, [], "chefs")


def test_routes_with_broken_requirements(broken):
    assert routes(broken, [], "f") == [Route(("a", "f"))]
    assert routes(broken, [], "b") == []  # needs the unknown "ghost"
    assert routes(broken, [], "c") == []  # 3 of 2
    assert routes(broken, [], "d") == []  # cycle d → e → d
    assert routes(broken, ["d"], "e") == [Route(("e",))]  # a held badge breaks the cycle


def test_route_describes_itself_in_french_and_english(kitchen):
    route = routes(kitchen, ["cuisine"], "chef")[0]
    assert route.describe(kitchen) == "Accueil du public → Service en salle → Commis de cuisine → Chef de partie"
    assert route.describe(kitchen, "en").startswith("Welcoming the public → ")
    assert route.to_dict() == {"badges": ["accueil", "service", "commis", "chef"], "length": 4}


# Brute force on small random constellations: the routes are valid, and none shorter exists.
def _requirement(ids: list[str]) -> st.SearchStrategy[Requirement]:
    leaf = st.sampled_from(ids)
    group = st.lists(leaf, min_size=1, max_size=3, unique=True).flatmap(
        lambda of: st.builds(Requirement, count=st.one_of(st.none(), st.integers(1, len(of))), of=st.just(of))
    )
    items = st.lists(st.one_of(leaf, group), min_size=1, max_size=3)
    return items.flatmap(lambda of: st.builds(Requirement, count=st.one_of(st.none(), st.integers(1, len(of))),
                                              of=st.just(of)))  # fmt: skip


@st.composite
def constellations(draw) -> tuple[Framework, list[str], str]:
    n = draw(st.integers(2, 6))
    ids = [f"b{i}" for i in range(n)]
    badges = []
    for i, bid in enumerate(ids):
        earlier = ids[:i]  # requirements point to earlier badges only (plus, sometimes, a cycle back)
        pool = earlier + ([ids[-1]] if draw(st.booleans()) and i < n - 1 else [])
        req = draw(st.one_of(st.none(), _requirement(pool))) if pool else None
        badges.append(Badge(id=bid, requires=req))
    holding = draw(st.lists(st.sampled_from(ids), max_size=2, unique=True))
    return Framework(id="f", badges=badges), holding, draw(st.sampled_from(ids))


def _shortest_by_brute_force(fw: Framework, holding: list[str], target: str) -> int | None:
    others = [b.id for b in fw.badges if b.id not in holding]
    if target in holding:
        return 0
    for size in range(1, len(others) + 1):
        for chosen in itertools.combinations(others, size):
            have, left = set(holding), set(chosen)
            progress = True
            while left and progress:
                ready = {b for b in left if fw.badge(b).requires is None or fw.badge(b).requires.is_satisfied_by(have)}
                progress = bool(ready)
                have |= ready
                left -= ready
            if not left and target in chosen:
                return size
    return None


@settings(max_examples=150, deadline=None)
@given(constellations())
def test_routes_are_valid_and_shortest(case):
    fw, holding, target = case
    found = routes(fw, holding, target, limit=50)
    best = _shortest_by_brute_force(fw, holding, target)
    if best is None:
        assert found == []
        return
    assert found and all(len(r) == best for r in found)
    assert all(earnable_in_order(fw, set(holding), r) for r in found)
    assert all(r.badges[-1] == target for r in found if r.badges)
    assert len({frozenset(r.badges) for r in found}) == len(found)


# --- pathway progress -----------------------------------------------------------------------------------


def test_pathway_progress_says_which_stage_a_learner_is_at(kitchen):
    frame = pathway_progress(kitchen, ["accueil", "cuisine"])
    row = frame.loc["restauration"]
    assert (row["completed"], row["current_stage"], row["still_needed"]) == (1, 2, 1)
    assert row["current_stage_name"] == "Pratiquer" and sorted(row["missing"]) == ["caisse", "service"]
    assert frame.loc["accueil", "current_stage"] == 2 and frame.loc["accueil", "missing"] == ["service"]


def test_pathway_progress_when_every_stage_is_complete(kitchen):
    frame = pathway_progress(kitchen, ["accueil", "cuisine", "service", "commis", "chef"])
    row = frame.loc["restauration"]
    assert row["completed"] == 3 and row["current_stage"] is __import__("pandas").NA and row["target_held"]


def test_pathway_progress_for_a_newcomer(kitchen):
    frame = pathway_progress(kitchen, [])
    assert frame["current_stage"].tolist() == [1, 1] and frame["completed"].tolist() == [0, 0]


# --- everything at once ------------------------------------------------------------------------------------


def test_next_steps_bundles_within_reach_open_and_routes(kitchen):
    steps = next_steps(kitchen, ["accueil", "cuisine", "service"], "chef")
    data = steps.to_dict()
    assert data["within_reach"] == ["commis"]
    assert data["routes"] == [{"badges": ["commis", "chef"], "length": 2}]
    assert "Commis de cuisine" in steps.to_text(kitchen) and "À portée\u202f:" in steps.to_text(kitchen)


def test_next_steps_explains_why_no_route_exists(broken):
    steps = next_steps(broken, [], "b")
    assert steps.routes == []
    assert [(p.code, p.item) for p in steps.blocked_by] == [("unknown-badge", "badge:b")]
    assert "ghost" in steps.to_text(broken, "en") and steps.to_dict()["blocked_by"][0]["field"] == "requires.of[1]"
    cycle = next_steps(broken, [], "d")
    assert [p.code for p in cycle.blocked_by] == ["requirement-cycle"]
    assert next_steps(broken, [], "f").blocked_by == []

"""Analysis of a constellation: each answer worked out by hand on the kitchen fixture."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from badgeworkbench.constellation import (
    ANY_LEVEL,
    analyze,
    competency_centrality,
    contribution,
    coverage,
    coverage_by_level,
    duplicate_badges,
    minimal_satisfying_sets,
    requirement_cycles,
    requirement_problems,
    uncovered_competencies,
    unreached_badges,
)
from badgeworkbench.constellation.sets import SearchCut
from badgeworkbench.errors import UnknownItem
from badgeworkbench.model import Badge, Competency, Framework, Requirement

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "constellation"


# --- coverage -----------------------------------------------------------------------------------------


def test_coverage_matrix_marks_each_recognised_competency(kitchen):
    matrix = coverage(kitchen)
    assert matrix.shape == (len(kitchen.competencies), len(kitchen.badges))
    assert matrix.loc["cuisiner", "cuisine"] == 1 and matrix.loc["cuisiner", "commis"] == 1
    assert matrix.loc["gerer-caisse"].sum() == 0
    assert int(matrix.to_numpy().sum()) == 8  # 2 + 2 + 2 + 1 + 1 recognitions in the fixture


def test_coverage_by_level_lists_declared_and_undeclared_levels(kitchen):
    frame = coverage_by_level(kitchen)
    assert sorted(frame.loc[("ecouter", "n1"), "badge_ids"]) == ["accueil", "accueil-bis"]
    assert frame.loc[("ecouter", "n2"), "badge_ids"] == ["service"]
    assert frame.loc[("cuisiner", "n1"), "badges"] == 1 and frame.loc[("cuisiner", "n2"), "badges"] == 1
    # "accueillir" declares no level: badges recognise it at any level, which is shown as such.
    row = frame.loc[("accueillir", ANY_LEVEL)]
    assert row["badges"] == 2 and not row["declared"] and row["recognised"]
    # A declared level no badge recognises is a row too, so gaps show.
    bare = Framework(
        id="f",
        competencies=[Competency(id="c", levels=[{"id": "n1"}, {"id": "n2"}])],
        badges=[Badge(id="b", competencies=[{"competency": "c", "level": "n2"}])],
    )
    assert coverage_by_level(bare)["recognised"].to_dict() == {("c", "n1"): False, ("c", "n2"): True}


def test_uncovered_competencies_count_domains_through_their_children(kitchen):
    assert uncovered_competencies(kitchen) == ["gerer-caisse", "orpheline"]


def test_set_aside_competencies_are_not_gaps():
    fw = Framework(id="f", competencies=[Competency(id="a"), Competency(id="b", status="set_aside")])
    assert uncovered_competencies(fw) == ["a"]


# --- pathways, cycles, duplicates -------------------------------------------------------------------


def test_unreached_badges_are_outside_every_pathway(kitchen):
    # gestion is in no stage but chef (the target) requires it: it is reached.
    assert unreached_badges(kitchen) == ["accueil-bis"]


def test_without_pathways_every_badge_is_unreached():
    fw = Framework(id="f", badges=[Badge(id="a"), Badge(id="b")])
    assert unreached_badges(fw) == ["a", "b"]


def test_duplicates_need_same_competencies_levels_and_badge_level(kitchen):
    assert duplicate_badges(kitchen) == [["accueil", "accueil-bis"]]
    differs_by_level = kitchen.replace(badges=[b.model_copy(update={"level": "n2"}) if b.id == "accueil-bis" else b
                                               for b in kitchen.badges])  # fmt: skip
    assert duplicate_badges(differs_by_level) == []


def test_requirement_cycles_are_named_from_their_smallest_id():
    fw = Framework(id="f", badges=[Badge(id="z", requires=Requirement(of=["m"])),
                                   Badge(id="m", requires=Requirement(count=1, of=["a", "z"])),
                                   Badge(id="a"), Badge(id="self", requires=Requirement(of=["self"]))])  # fmt: skip
    assert requirement_cycles(fw) == [["m", "z"], ["self"]]


# --- bad input: named, and the rest still answered ---------------------------------------------------


def test_broken_requirements_are_named_by_badge_and_field(broken):
    found = {(p.code, p.item, p.field) for p in requirement_problems(broken)}
    assert found == {
        ("unknown-badge", "badge:b", "requires.of[1]"),
        ("requirement-count-out-of-range", "badge:c", "requires.count"),
        ("unknown-badge", "pathway:p", "stages[0].badges[1]"),
        ("requirement-cycle", "badge:d", "requires"),
    }
    messages = " ".join(p.text("fr") + p.text("en") for p in requirement_problems(broken))
    assert "ghost" in messages and "3 parmi 2" in messages and "d → e → d" in messages and "fantome" in messages


def test_analysis_still_answers_for_the_sound_part(broken):
    result = analyze(broken)
    assert result.cycles == [["d", "e"]]
    assert len(result.problems) == 4
    assert result.unreached_badges == ["b", "c", "d", "e", "f"]
    assert minimal_satisfying_sets(broken, "f") == [["a"]]
    assert minimal_satisfying_sets(broken, "b") == []  # "ghost" can never be held
    assert minimal_satisfying_sets(broken, "c") == []  # 3 of 2 is never met


# --- minimal satisfying sets ---------------------------------------------------------------------------


def test_two_of_three_gives_the_three_pairs():
    fw = Framework(
        id="f",
        badges=[Badge(id=i) for i in "abc"]
        + [Badge(id="m", milestone=True, requires=Requirement(count=2, of=["a", "b", "c"]))],
    )
    assert minimal_satisfying_sets(fw, "m") == [["a", "b"], ["a", "c"], ["b", "c"]]


def test_milestone_sets_respect_nesting(kitchen):
    assert minimal_satisfying_sets(kitchen, "commis") == [
        ["accueil", "caisse", "cuisine"],
        ["accueil", "caisse", "service"],
        ["accueil", "cuisine", "service"],
    ]


def test_sets_are_minimal_and_smallest_first():
    # "1 of (a, (all of a, b))": {a} suffices, so {a, b} is not minimal.
    fw = Framework(
        id="f",
        badges=[
            Badge(id="a"),
            Badge(id="b"),
            Badge(id="c"),
            Badge(id="m", requires=Requirement(count=1, of=[Requirement(of=["b", "c"]), "a"])),
        ],
    )
    assert minimal_satisfying_sets(fw, "m") == [["a"], ["b", "c"]]


def test_badge_without_requirement_needs_nothing(kitchen):
    assert minimal_satisfying_sets(kitchen, "accueil") == [[]]


def test_search_is_bounded_and_says_so():
    ids = [f"b{i:02d}" for i in range(12)]
    fw = Framework(id="f", badges=[Badge(id=i) for i in ids] + [Badge(id="m", requires=Requirement(count=3, of=ids))])
    with pytest.warns(SearchCut, match="badge:m"):
        found = minimal_satisfying_sets(fw, "m", max_sets=10)
    assert len(found) == 10 and all(len(s) == 3 for s in found)
    assert len(minimal_satisfying_sets(fw, "m", max_sets=1000)) == 220  # C(12, 3)


def test_unknown_milestone_suggests_close_ids(kitchen):
    with pytest.raises(UnknownItem, match="commis"):
        minimal_satisfying_sets(kitchen, "comis")


# --- contribution and centrality --------------------------------------------------------------------


def test_contribution_per_partner(kitchen):
    frame = contribution(kitchen)
    assert list(frame.index) == ["mjc", "cfa", "resto"]
    assert frame.loc["mjc"][
        ["competencies_proposed", "badges_proposed", "badges_issued", "badges_endorsed"]
    ].tolist() == [2, 1, 4, 0]
    assert frame.loc["cfa"][["competencies_proposed", "badges_issued", "badges_endorsed"]].tolist() == [1, 4, 1]
    assert frame.loc["resto"][["badges_issued", "badges_endorsed"]].tolist() == [0, 2]


def test_contribution_per_territory_adds_up_its_partners(kitchen):
    frame = contribution(kitchen, by="territory")
    assert list(frame.index) == ["nord", "sud", ""]
    assert frame.loc["nord", "name"] == "Nord"
    assert frame.loc["nord", "badges_issued"] == 4 and frame.loc["sud", "badges_issued"] == 4
    assert frame.loc["", "badges_endorsed"] == 2


def test_contribution_keeps_unknown_partners_so_totals_add_up():
    fw = Framework(id="f", badges=[Badge(id="b", issuer="ghost", endorsers=["x", "x"])])
    frame = contribution(fw)
    assert frame.loc["ghost", "badges_issued"] == 1 and not frame.loc["ghost", "known"]
    assert frame.loc["x", "badges_endorsed"] == 1


def test_centrality_counts_badges_depending_through_requirements(kitchen):
    frame = competency_centrality(kitchen)
    assert frame.index[0] == "ecouter"
    # accueil, accueil-bis, service recognise it; commis needs accueil; chef needs commis.
    assert frame.loc["ecouter", "direct"] == 3 and frame.loc["ecouter", "dependent_badges"] == 5
    assert frame.loc["cuisiner", "direct"] == 2 and frame.loc["cuisiner", "dependent_badges"] == 3
    assert frame.loc["gerer-caisse", "dependent_badges"] == 0
    # accueillir and cuisiner are the bridge between the two domains in the relation graph.
    assert frame.loc["accueillir", "betweenness"] > 0 and frame.loc["gerer-caisse", "betweenness"] == 0


def test_centrality_survives_requirement_cycles(broken):
    assert isinstance(competency_centrality(broken), pd.DataFrame)


def test_analysis_to_dict_and_text(kitchen):
    result = analyze(kitchen)
    data = result.to_dict()
    assert data["counts"] == {"uncovered_competencies": 2, "unreached_badges": 1, "cycles": 0, "duplicates": 1,
                              "problems": 0}  # fmt: skip
    assert data["contribution"]["mjc"]["badges_issued"] == 4
    french = result.to_text("fr")
    assert "Badges en double\u202f: 1" in french and "accueil, accueil-bis" in french
    assert "Duplicate badges: 1" in result.to_text("en")

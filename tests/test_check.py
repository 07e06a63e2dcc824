"""Each check is shown by a fixture framework named for the problem it holds."""

from __future__ import annotations

import re

import pytest

from badgeworkbench.check import check
from badgeworkbench.model import Badge, Competency, Criteria, Framework, Requirement
from badgeworkbench.workspace import validate_folder

from .conftest import EXAMPLE, FRAMEWORK_FIXTURES

# fixture folder → (code expected, severity, item concerned)
EXPECTED = {
    "duplicate-id": ("duplicate-id", "error", "competency:ecouter"),
    "unsafe-id": ("unsafe-id", "error", "badge:../../etc"),
    "unknown-competency": ("unknown-competency", "error", "badge:ecoute"),
    "unknown-partner": ("unknown-partner", "error", "badge:ecoute"),
    "unknown-badge": ("unknown-badge", "error", "badge:accueil"),
    "unknown-level": ("unknown-level", "error", "badge:accueil"),
    "unknown-territory": ("unknown-territory", "error", "partner:asso"),
    "hierarchy-cycle": ("hierarchy-cycle", "error", None),
    "prerequisite-cycle": ("requirement-cycle", "error", None),
    "requirement-count-out-of-range": ("requirement-count-out-of-range", "error", "badge:salle"),
    "badge-without-criteria": ("badge-without-criteria", "error", "badge:ecoute"),
    "issuer-without-email": ("issuer-incomplete", "error", "partner:asso"),
    "issuer-without-url": ("issuer-incomplete", "error", "partner:asso"),
    "competency-not-recognised": ("competency-not-recognised", "warning", "competency:nager"),
    "badge-not-in-pathway": ("badge-not-in-pathway", "warning", "badge:isole"),
    "id-case-collision": ("id-case-collision", "error", "competency:Ecouter"),
    "duplicate-badge-file": ("duplicate-id", "error", "badge:ecoute"),
    "wrong-top-level-shape": ("wrong-shape", "error", None),
}


def test_every_fixture_folder_is_expected():
    folders = {p.name for p in FRAMEWORK_FIXTURES.iterdir() if p.is_dir()}
    assert folders == set(EXPECTED) | {"valid-minimal"}


def test_the_valid_fixture_and_the_example_have_no_problem_at_all():
    assert validate_folder(FRAMEWORK_FIXTURES / "valid-minimal").problems == []
    assert validate_folder(EXAMPLE).problems == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_problem_is_found_with_its_place_and_both_languages(name):
    code, severity, item = EXPECTED[name]
    report = validate_folder(FRAMEWORK_FIXTURES / name)
    found = [p for p in report if p.code == code]
    assert found, report.to_table("en")
    problem = found[0]
    assert problem.severity == severity
    if item:
        assert problem.item == item
    assert problem.message["fr"] and problem.message["en"] and problem.message["fr"] != problem.message["en"]
    assert problem.file and problem.file.endswith(".yaml")
    assert report.ok is (severity != "error")


def test_cycles_name_their_members():
    text = validate_folder(FRAMEWORK_FIXTURES / "prerequisite-cycle").to_table("en")
    assert "ecoute → salle → ecoute" in text
    text = validate_folder(FRAMEWORK_FIXTURES / "hierarchy-cycle").to_table("en")
    assert "communiquer → accueillir → ecouter → communiquer" in text


def test_every_problem_is_reported_at_once():
    fw = Framework(id="f", badges=[
        Badge(id="a", requires=Requirement(count=5, of=["x", "y"])),
        Badge(id="b bad", name={"fr": "B"}, criteria=Criteria(narrative={"fr": "ok"})),
    ])
    codes = check(fw).codes()
    for expected in ("unknown-badge", "requirement-count-out-of-range", "badge-without-criteria", "unsafe-id",
                     "missing-name", "missing-description"):
        assert expected in codes
    assert codes.count("unknown-badge") == 2


def test_n_must_be_between_1_and_m_at_any_depth():
    inner_zero = Requirement(of=["a", Requirement(count=0, of=["b", "c"])])
    fw = Framework(id="f", badges=[Badge(id=i) for i in "abc"] + [Badge(id="d", requires=inner_zero)])
    problem = next(p for p in check(fw) if p.code == "requirement-count-out-of-range")
    assert problem.field == "requires.of[1].count"


def test_hostile_and_invisible_text_is_flagged():
    fw = Framework(id="f", competencies=[Competency(id="c", title={"fr": "a\x00b"}, description={"fr": "x" * 30_000})])
    codes = check(fw).codes()
    assert "control-character" in codes and "text-too-long" in codes


def test_the_report_serialises_and_tabulates():
    report = validate_folder(FRAMEWORK_FIXTURES / "unknown-badge")
    data = report.to_dict()
    assert data["valid"] is False and data["errors"] == 1
    assert data["problems"][0]["code"] == "unknown-badge"
    assert list(report.to_frame("en").columns) == ["severity", "code", "item", "field", "file", "line", "message"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_french_messages_use_narrow_no_break_spaces(name):
    for problem in validate_folder(FRAMEWORK_FIXTURES / name):
        french = problem.text("fr")
        assert not re.search(r" [:;!?](?:\s|$)", french), french

"""CASE 1.1 export (and, further down, import) of a framework."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
from fixtures.interop.sample import RELATION_TYPES, sample_framework

from badgeworkbench.interop.case import case_identifier, case_item_uri, framework_to_case_package

# ../shared beside the repository root (or beside a folder above it, when the repository is a git worktree)
SHARED = next((p / "shared" for p in Path(__file__).resolve().parents[1].parents if (p / "shared" / "case").is_dir()),
              Path(__file__).resolve().parents[1].parent / "shared")
BASE = "https://example.org/restauration"
WHEN = dt.datetime(2026, 4, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def case_validator():
    schema_file = SHARED / "case" / "case-v1p1-cfpackage-official.json"
    if not schema_file.exists():
        pytest.skip(f"{SHARED} not found: official schemas unavailable, so export validity was not checked")
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _errors(validator, package):
    return [f"{e.json_path}: {e.message[:200]}" for e in validator.iter_errors(package)]


def test_export_is_valid_against_the_official_case_1_1_schema(case_validator):
    package = framework_to_case_package(sample_framework(), BASE, changed=WHEN)
    assert _errors(case_validator, package) == []
    # the validator really checks formats: a date-time without a zone is refused
    broken = copy.deepcopy(package)
    broken["CFItems"][0]["lastChangeDateTime"] = "2017-05-25T18:05:33"
    assert _errors(case_validator, broken)


def test_export_is_deterministic_and_identifiers_are_uuid5_of_base_and_ids():
    fw = sample_framework()
    first = framework_to_case_package(fw, BASE, changed=WHEN)
    second = framework_to_case_package(fw, BASE + "/", changed=WHEN)
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)
    identifiers = [x["identifier"] for x in (*first["CFItems"], *first["CFAssociations"])]
    assert len(identifiers) == len(set(identifiers))
    item = next(i for i in first["CFItems"] if i["fullStatement"] == "Accueillir du public")
    assert item["identifier"] == case_identifier(BASE, "restauration", "competency", "accueillir")
    assert item["uri"] == case_item_uri(BASE, "restauration", "competency", "accueillir")
    assert item["uri"] == f"{BASE}/case/{item['identifier']}"
    other = framework_to_case_package(fw, "https://other.example/x", changed=WHEN)
    assert other["CFItems"][0]["identifier"] != first["CFItems"][0]["identifier"]


def _by_type(package, kind):
    titles = {i["identifier"]: i["fullStatement"] for i in package["CFItems"]}
    titles[package["CFDocument"]["identifier"]] = "DOCUMENT"
    return sorted(
        (titles.get(a["originNodeURI"]["identifier"], "?"), titles.get(a["destinationNodeURI"]["identifier"], "?"))
        for a in package["CFAssociations"]
        if a["associationType"] == kind
    )


def test_hierarchy_relations_levels_badges_and_translations_are_mapped():
    package = framework_to_case_package(sample_framework(), BASE, changed=WHEN)
    children = _by_type(package, "isChildOf")
    assert ("Accueillir du public", "Communiquer") in children
    assert ("Communiquer", "DOCUMENT") in children
    assert ("Équipier polyvalent", "DOCUMENT") in children  # badges hang under the document, in their grouping
    for kind in RELATION_TYPES:
        assert ("Accueillir du public", f"Relation {kind}") in _by_type(package, kind), kind
    # levels: hasSkillLevel items and a rubric
    assert ("Accueillir du public", "Débutant") in _by_type(package, "hasSkillLevel")
    [rubric] = package["CFRubrics"]
    [criterion] = rubric["CFRubricCriteria"]
    assert [lv["quality"] for lv in criterion["CFRubricCriterionLevels"]] == ["Débutant", "Autonome"]
    assert criterion["CFItemURI"]["identifier"] == case_identifier(BASE, "restauration", "competency", "accueillir")
    # badges: recognised competencies are part of the badge, required badges precede it, with the group logic
    assert ("Cuisiner", "Cuisine") in _by_type(package, "isPartOf")
    precedes = [a for a in package["CFAssociations"] if a["associationType"] == "precedes"
                and a.get("CFAssociationGroupingURI", {}).get("title") == "Badges"]
    assert sorted(a["originNodeURI"]["title"] for a in precedes) == ["Accueil", "Cuisine", "Service", "Écoute"]
    two_of = next(a for a in precedes if a["originNodeURI"]["title"] == "Cuisine")
    assert two_of["extensions"]["badgeworkbench"] == {"requirementGroup": "requires.of[1]", "needed": 2, "of": 3}
    assert "2 parmi" in two_of["notes"]
    # languages: the document speaks French, English items are translations
    assert package["CFDocument"]["language"] == "fr"
    assert ("Welcoming people", "Accueillir du public") in _by_type(package, "isTranslationOf")
    english = next(i for i in package["CFItems"] if i["fullStatement"] == "Welcoming people")
    assert english["language"] == "en" and english["notes"] == "Greet people"


def test_every_date_time_has_a_zone_even_from_naive_provenance():
    package = framework_to_case_package(sample_framework(), BASE)
    item = next(i for i in package["CFItems"] if i["fullStatement"] == "Accueillir du public")
    assert item["lastChangeDateTime"] == "2026-03-01T10:00:00Z"
    assert package["CFDocument"]["lastChangeDateTime"].endswith("Z")


def test_badges_and_translations_can_be_left_out():
    package = framework_to_case_package(sample_framework(), BASE, changed=WHEN, include_badges=False,
                                        translations=False)
    assert {i["CFItemType"] for i in package["CFItems"]} <= {"Domain", "Skill", "Knowledge", "Attitude", "Skill Level"}
    assert not [a for a in package["CFAssociations"] if "CFAssociationGroupingURI" in a]

"""The interop formats on the bundled example framework (frameworks/parcours-cvl)."""

from __future__ import annotations

import json

import pytest

from badgeworkbench import specdata
from badgeworkbench.files import load_framework
from badgeworkbench.interop.align import AlignmentIndex, suggest_alignments
from badgeworkbench.interop.case import case_package_to_framework, framework_to_case_package
from badgeworkbench.interop.graphformats import framework_from_graphml, to_graphml
from badgeworkbench.interop.moodle import framework_to_moodle_csv, read_moodle_csv
from badgeworkbench.interop.references import clea_reference

from .conftest import EXAMPLE
from .fixtures.interop.case.compare import without_case


@pytest.fixture(scope="module")
def example():
    if not (EXAMPLE / "framework.yaml").is_file():
        pytest.skip("frameworks/parcours-cvl is not in this checkout")
    return load_framework(EXAMPLE)


def test_example_exports_valid_case_and_comes_back_identical(example):
    package = framework_to_case_package(example, "https://referentiels.example.org/parcours-cvl")
    assert [e.message for e in specdata.case_validator("1.1").iter_errors(package)] == []
    back, report = case_package_to_framework(json.loads(json.dumps(package)))
    assert report.problems == []
    assert without_case(back) == without_case(example)  # plus, in ``case``, the identities it had in the package
    badges = [i for i in package["CFItems"] if i["CFItemType"] == "Badge" and i["language"] == "fr"]
    assert len(badges) == len(example.badges)


def test_example_graphml_and_moodle(example):
    assert framework_from_graphml(to_graphml(example)).model_dump() == example.model_dump()
    back, report = read_moodle_csv(framework_to_moodle_csv(example).encode())
    assert report.errors == []
    assert [(c.id, c.parent) for c in back.competencies] == [(c.id, c.parent) for c in example.competencies]


def test_example_competencies_get_clea_suggestions(example):
    index = AlignmentIndex([clea_reference()])
    with_suggestions = [c.id for c in example.competencies if suggest_alignments(example, c.id, index, limit=3)]
    assert len(with_suggestions) >= len(example.competencies) // 2

"""The shipped JSON Schemas match the model and describe real framework files."""

from __future__ import annotations

import json

import jsonschema
import yaml

from badgeworkbench.schema import SCHEMA_DIR, file_schemas, schema_for_file

from .conftest import EXAMPLE


def test_shipped_schemas_are_up_to_date_with_the_model():
    for name, schema in file_schemas().items():
        shipped = json.loads((SCHEMA_DIR / name).read_text("utf-8"))
        assert shipped == schema, f"{name} is stale: run python -m badgeworkbench.schema"


def test_every_example_file_validates_against_its_schema():
    schemas = file_schemas()
    for path in sorted(EXAMPLE.rglob("*.yaml")):
        rel = str(path.relative_to(EXAMPLE))
        data = yaml.safe_load(path.read_text("utf-8"))
        jsonschema.validate(data, schemas[schema_for_file(rel)])


def test_schemas_reject_a_wrong_field():
    badge = yaml.safe_load(next((EXAMPLE / "badges").glob("*.yaml")).read_text("utf-8"))
    badge["category"] = "not-a-category"
    errors = list(jsonschema.Draft202012Validator(file_schemas()["badge.schema.json"]).iter_errors(badge))
    assert errors and errors[0].path[0] == "category"

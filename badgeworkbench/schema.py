"""JSON Schemas of the framework files, generated from the model, so editors can autocomplete them.

The schemas are shipped in ``badgeworkbench/schemas/``; a test checks they match the model, and
``python -m badgeworkbench.schema`` rewrites them after a model change.

>>> sorted(file_schemas())[:3]
['badge.schema.json', 'competencies.schema.json', 'framework.schema.json']
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from .model import Badge, Competency, Framework, Partner, Pathway, Position, Relation

__all__ = ["SCHEMA_DIR", "file_schemas", "schema_for_file", "write_schemas"]

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
_BASE = "https://badgeworkbench.example.org/schemas/"
_LISTS = ("partners", "competencies", "badges", "relations", "pathways", "layout")


def _finish(schema: dict[str, Any], name: str, title: str) -> dict[str, Any]:
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": _BASE + name, "title": title, **schema}


def file_schemas() -> dict[str, dict[str, Any]]:
    """Schema of each kind of file in a framework folder, by schema file name."""
    meta = Framework.model_json_schema(mode="validation")
    for key in _LISTS:
        meta["properties"].pop(key, None)
    badge = Badge.model_json_schema(mode="validation")
    # In files a recognised competency may be a bare id (see Badge._competency_shorthand).
    item = badge["properties"]["competencies"]["items"]
    badge["properties"]["competencies"]["items"] = {"anyOf": [{"type": "string"}, item]}
    return {
        "framework.schema.json": _finish(meta, "framework.schema.json", "framework.yaml"),
        "partners.schema.json": _finish(TypeAdapter(list[Partner]).json_schema(), "partners.schema.json",
                                        "partners.yaml"),
        "competencies.schema.json": _finish(TypeAdapter(list[Competency]).json_schema(), "competencies.schema.json",
                                            "competencies/<top-level-id>.yaml"),
        "badge.schema.json": _finish(badge, "badge.schema.json", "badges/<badge-id>.yaml"),
        "pathway.schema.json": _finish(Pathway.model_json_schema(), "pathway.schema.json", "pathways/<id>.yaml"),
        "relations.schema.json": _finish(TypeAdapter(list[Relation]).json_schema(), "relations.schema.json",
                                         "relations.yaml"),
        "layout.schema.json": _finish(TypeAdapter(dict[str, Position]).json_schema(), "layout.schema.json",
                                      "layout.yaml"),
    }


def schema_for_file(relpath: str) -> str:
    """Which schema describes a file of a framework folder (``badges/x.yaml`` → ``badge.schema.json``)."""
    if relpath.startswith("badges/"):
        return "badge.schema.json"
    if relpath.startswith("pathways/"):
        return "pathway.schema.json"
    if relpath.startswith("competencies/"):
        return "competencies.schema.json"
    return relpath.removesuffix(".yaml") + ".schema.json"


def write_schemas(folder: Path = SCHEMA_DIR) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in file_schemas().items():
        path = folder / name
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", "utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for written_path in write_schemas():
        print(written_path)

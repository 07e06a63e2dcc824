"""The official spec data the workbench checks against, shipped inside the package.

Unmodified copies of the 1EdTech and W3C JSON Schemas and JSON-LD contexts (``README.md`` beside
this module names each file's source repository, path, commit, version, licence and SHA-256), so
that an installed workbench checks exports offline, wherever it runs. Each file is found by the
URL it stands for (or, for a schema, its ``$id``), or by its path in this folder:

>>> spec_json("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json")["@context"]["id"]
'@id'
>>> spec_path("case/case-v1p1-cfpackage-official.json").name
'case-v1p1-cfpackage-official.json'

Validators are compiled once, and only when something validates (``jsonschema`` is imported then,
not when this module is).
"""

from __future__ import annotations

import hashlib
import json
import sys
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

from ..errors import BadgeWorkbenchError

__all__ = [
    "CASE_SCHEMAS",
    "SPEC_FILES",
    "UnknownSpecFile",
    "actual_digests",
    "case_validator",
    "jsonschema_module",
    "recorded_digests",
    "spec_json",
    "spec_path",
]

_OB3 = "https://purl.imsglobal.org/spec/ob/v3p0"
_OB3_SCHEMA = f"{_OB3}/schema/json/ob_v3p0"

#: Every packaged file by the URL it stands for; a schema is also known by its ``$id``.
SPEC_FILES: dict[str, str] = {
    "https://w3id.org/openbadges/v2": "openbadges/ob_v2p0/v2/context.json",
    "https://openbadgespec.org/v2/context.json": "openbadges/ob_v2p0/v2/context.json",
    f"{_OB3}/context-3.0.3.json": "openbadges/ob_v3p0/context-3.0.3.json",
    f"{_OB3}/context-3.0.2.json": "openbadges/ob_v3p0/context-3.0.2.json",
    f"{_OB3}/context-3.0.1.json": "openbadges/ob_v3p0/context-3.0.1.json",
    f"{_OB3}/context.json": "openbadges/ob_v3p0/context.json",
    f"{_OB3}/extensions.json": "openbadges/ob_v3p0/extensions.json",
    f"{_OB3_SCHEMA}_achievementcredential_schema.json": "openbadges/ob_v3p0/schema/achievementcredential.json",
    f"{_OB3_SCHEMA}_achievementcredential-jsonschema1.json": "openbadges/ob_v3p0/schema/achievementcredential.json",
    f"{_OB3_SCHEMA}_endorsementcredential_schema.json": "openbadges/ob_v3p0/schema/endorsementcredential.json",
    f"{_OB3_SCHEMA}_endorsementcredential-jsonschema1.json": "openbadges/ob_v3p0/schema/endorsementcredential.json",
    f"{_OB3_SCHEMA}_profile_schema.json": "openbadges/ob_v3p0/schema/profile.json",
    f"{_OB3_SCHEMA}_profile-jsonschema1.json": "openbadges/ob_v3p0/schema/profile.json",
    "https://www.w3.org/ns/credentials/v2": "openbadges/w3c/credentials-v2.jsonld",
    "https://www.w3.org/2018/credentials/v1": "openbadges/w3c/2018-credentials-v1.jsonld",
    "https://www.w3.org/ns/did/v1": "did/did-v1.jsonld",
    "https://w3id.org/security/multikey/v1": "did/multikey-v1.jsonld",
    "https://purl.imsglobal.org/spec/case/v1p1/schema/json/case_v1p1_cfpackage-jsonschema1.json":
        "case/case-v1p1-cfpackage-official.json",
}  # fmt: skip

#: The CASE package schemas by version ("1.0" is the OpenSALT server's copy, which has no ``$id``).
CASE_SCHEMAS = {"1.1": "case/case-v1p1-cfpackage-official.json", "1.0": "case/case-v1p0-cfpackage-schema.json"}


class UnknownSpecFile(BadgeWorkbenchError):
    """A URL or path that names none of the packaged spec files."""


def spec_path(name: str) -> Traversable:
    """The packaged file standing for the URL or ``$id`` ``name``, or at the path ``name`` in this folder."""
    relative = SPEC_FILES.get(name.rstrip("#"), name)
    found = files(__name__).joinpath(*relative.split("/"))
    if relative.startswith(("/", ".")) or ".." in relative.split("/") or not found.is_file():
        raise UnknownSpecFile(
            f"No packaged spec file stands for {name!r}: known URLs are {', '.join(sorted(SPEC_FILES))}."
        )
    return found


@cache
def _parsed(relative: str) -> Any:
    return json.loads(files(__name__).joinpath(*relative.split("/")).read_bytes())


def spec_json(name: str) -> Any:
    """The parsed JSON of :func:`spec_path` ``(name)`` (parsed once; treat it as read-only)."""
    spec_path(name)
    return _parsed(SPEC_FILES.get(name.rstrip("#"), name))


def case_validator(version: str = "1.1", *, formats: bool = True) -> Any:
    """A ``jsonschema`` validator for a CASE package of ``version`` "1.1" or "1.0", compiled once.

    ``formats=False`` leaves ``format`` (``date-time``, ``uri``…) unchecked, as many CASE servers'
    own exports need (date-times without a zone).
    """
    if version not in CASE_SCHEMAS:
        raise UnknownSpecFile(f"No packaged CASE schema for version {version!r}: choose {' or '.join(CASE_SCHEMAS)}.")
    return _case_validator(version, formats)


def jsonschema_module() -> Any:
    """``jsonschema``, imported without ``rfc3987_syntax``.

    When ``rfc3987-syntax`` is installed (JupyterLab's ``jupyter-events`` asks for it), importing
    ``jsonschema`` imports it to check the ``iri`` formats, and it compiles 39 Lark grammars on import:
    1.8 s of every command that checks a schema, on this machine. No schema shipped here uses ``iri`` or
    ``iri-reference`` (``tests/test_specdata.py`` checks it), so jsonschema is imported without it; the
    ``uri``, ``date-time`` and ``date`` formats the schemas use are checked as before.
    """
    if "jsonschema" not in sys.modules and "rfc3987_syntax" not in sys.modules:
        sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]  # its import fails: jsonschema goes on
        try:
            import jsonschema
        finally:
            del sys.modules["rfc3987_syntax"]  # anything else that needs it later still imports it
    import jsonschema

    return jsonschema


@cache
def _case_validator(version: str, formats: bool) -> Any:
    jsonschema = jsonschema_module()

    schema = _parsed(CASE_SCHEMAS[version])
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER if formats else None)


def recorded_digests() -> dict[str, str]:
    """The SHA-256 of each packaged file as ``README.md`` records it, by path in this folder."""
    digests = {}
    for line in files(__name__).joinpath("README.md").read_text("utf-8").splitlines():
        cells = [cell.strip().strip("`") for cell in line.strip().strip("|").split("|")]
        if len(cells) > 2 and len(cells[-1]) == 64 and all(c in "0123456789abcdef" for c in cells[-1]):
            digests[cells[0]] = cells[-1]
    return digests


def actual_digests() -> dict[str, str]:
    """The SHA-256 of each packaged data file, by path in this folder."""
    found: dict[str, str] = {}

    def walk(folder: Traversable, prefix: str) -> None:
        for entry in folder.iterdir():
            if entry.is_dir():
                walk(entry, f"{prefix}{entry.name}/")
            elif entry.name.endswith((".json", ".jsonld")):
                found[f"{prefix}{entry.name}"] = hashlib.sha256(entry.read_bytes()).hexdigest()

    walk(files(__name__), "")
    return found

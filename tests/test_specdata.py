"""The official spec data ships inside the package, unmodified, and checks need nothing beside the checkout."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

from badgeworkbench import specdata
from badgeworkbench.openbadges.checking import load_schemas

from .conftest import SPECDATA, reference_shared


def test_every_packaged_file_matches_its_recorded_sha256_and_the_shared_folder_when_there():
    recorded = specdata.recorded_digests()
    actual = {path.relative_to(SPECDATA).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
              for path in SPECDATA.rglob("*") if path.suffix in (".json", ".jsonld")}  # fmt: skip
    assert len(recorded) == 15
    assert actual == recorded
    assert specdata.actual_digests() == recorded
    # ../shared (or $BADGEWORKBENCH_SHARED), where a checkout has it, is only a cross-check of the copies
    shared = reference_shared()
    for relative in recorded if shared is not None else ():
        if not (shared / relative).exists():  # the shared folder predates the DID contexts
            continue
        assert (shared / relative).read_bytes() == (SPECDATA / relative).read_bytes(), relative


def test_the_provenance_names_source_commit_and_licence_for_every_file():
    rows = [line for line in (SPECDATA / "README.md").read_text("utf-8").splitlines()
            if line.startswith("| `") and line.count("|") == 7]  # fmt: skip
    assert len(rows) == 15
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert any(
            repo in cells[2]
            for repo in (
                "1EdTech/openbadges-specification",
                "1EdTech/OpenCASE",
                "same",
                "1EdTech/digital-credentials-public-validator",
                "opensalt/opensalt",
                "digitalbazaar/did-context",
                "digitalbazaar/multikey-context",
            )
        )
        assert "@ `" in cells[2] and cells[3] and cells[4], row


def test_files_are_found_by_the_url_they_stand_for_and_by_their_id():
    credential = specdata.spec_json(
        "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
    )
    assert credential["$id"].endswith("ob_v3p0_achievementcredential-jsonschema1.json")
    assert specdata.spec_json(credential["$id"]) is credential
    case = specdata.spec_json(
        "https://purl.imsglobal.org/spec/case/v1p1/schema/json/case_v1p1_cfpackage-jsonschema1.json"
    )
    assert case["$id"].startswith("https://purl.imsglobal.org/spec/case/v1p1/")
    assert "@context" in specdata.spec_json("https://w3id.org/openbadges/v2")
    for url in specdata.SPEC_FILES:
        assert specdata.spec_path(url).is_file(), url


@pytest.mark.parametrize("name", ["https://example.org/nothing.json", "../../pyproject.toml", "__init__.py/.."])
def test_an_unknown_url_or_a_path_outside_the_folder_gets_a_sentence(name):
    with pytest.raises(specdata.UnknownSpecFile, match="No packaged spec file stands for"):
        specdata.spec_path(name)


def test_validators_are_compiled_once_from_the_packaged_schemas():
    first = load_schemas()
    assert load_schemas() is first
    assert set(first.validators) == {"ob3-credential", "ob3-endorsement", "ob3-profile", "ob3-achievement", "case"}
    assert specdata.case_validator() is specdata.case_validator("1.1")
    assert list(specdata.case_validator().iter_errors({"CFDocument": {}}))  # the official schema, not an empty one


def test_importing_the_spec_data_or_the_checker_does_not_import_jsonschema():
    code = ("import sys, badgeworkbench.specdata, badgeworkbench.openbadges.checking; "
            "print('jsonschema' in sys.modules, 'referencing' in sys.modules)")  # fmt: skip
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1]).stdout  # fmt: skip
    assert out.split() == ["False", "False"]


def test_no_shipped_schema_uses_the_iri_formats_left_unchecked():
    # jsonschema_module() imports jsonschema without rfc3987_syntax, which alone checks "iri" formats.
    folder = Path(specdata.__file__).parent
    formats = {match for path in folder.rglob("*.json")
               for match in re.findall(r'"format"\s*:\s*"([^"]+)"', path.read_text("utf-8"))}  # fmt: skip
    assert formats and not formats & {"iri", "iri-reference"}, formats


def test_jsonschema_is_imported_without_the_grammar_compiler_and_still_checks_formats():
    code = ("import sys; from badgeworkbench.specdata import jsonschema_module; js = jsonschema_module(); "
            "v = js.Draft201909Validator({'format': 'uri'}, format_checker=js.Draft201909Validator.FORMAT_CHECKER); "
            "print('rfc3987_syntax' in sys.modules, v.is_valid('not a uri'), v.is_valid('https://x.org/a'))")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False", "True"]

"""check_export catches deliberately broken files, and says when the official schemas are missing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from badgeworkbench.files import load_framework
from badgeworkbench.openbadges import bake, check_export, export_framework, write_export
from badgeworkbench.openbadges.baking import tiny_png

from .conftest import official_schemas

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "openbadges" / "cvl-mini"
BASE = "https://badges.example.org/cvl"


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("export") / "site"
    return write_export(export_framework(load_framework(FIXTURE), BASE), folder)


@pytest.fixture
def site(exported, tmp_path):
    import shutil

    copy = tmp_path / "site"
    shutil.copytree(exported, copy)
    return copy


def edit(path: Path, change) -> None:
    doc = json.loads(path.read_text("utf-8"))
    change(doc)
    path.write_text(json.dumps(doc), "utf-8")


def credential(site: Path, badge: str = "accueil") -> dict:
    """An OpenBadgeCredential for ``badge``, as awarding builds it, with a hashed recipient."""
    from badgeworkbench.openbadges import ob3
    from badgeworkbench.openbadges.common import ExportUrls, prune
    from badgeworkbench.openbadges.context import ExportContext, export_date

    framework = load_framework(FIXTURE)
    ctx = ExportContext(framework, ExportUrls(BASE), export_date(framework), framework.badges)
    made = ob3.credential_template(ctx, framework.badge(badge))
    made["credentialSubject"]["identifier"] = [
        {"type": "IdentityObject", "identityType": "emailAddress", "hashed": True, "identityHash": "sha256$" + "a" * 64}
    ]
    return prune(made)


def codes_for(report, file: str) -> set[str]:
    return {p.code for p in report.problems if p.file == file}


def test_clean_export_has_no_problems(site):
    report = check_export(site, shared=official_schemas())
    assert not report.errors and not report.warnings, report.to_table("en")
    # made without a key: each endorsement is named unsigned, as an info that says so
    unsigned = [p for p in report.problems if p.code == "unsigned"]
    assert {p.file for p in unsigned} == {p.relative_to(site).as_posix() for p in site.glob("ob3/endorsements/*")}
    assert all(p.severity == "info" and "without a signing key" in p.text("en") for p in unsigned)
    assert len(report.problems) == len(unsigned)


def test_bare_string_image_is_caught(site):
    edit(
        site / "ob3/achievements/accueil.json",
        lambda d: d.update(image="https://badges.example.org/cvl/images/accueil.png"),
    )
    codes = codes_for(check_export(site, shared=official_schemas()), "ob3/achievements/accueil.json")
    assert {"image-not-object", "schema-invalid"} <= codes


def test_alignments_instead_of_alignment_is_caught_in_both_versions(site):
    edit(site / "ob2/badges/accueil.json", lambda d: d.update(alignments=d.pop("alignment")))
    edit(site / "ob3/achievements/accueil.json", lambda d: d.update(alignments=d.pop("alignment")))
    report = check_export(site, shared=official_schemas())
    assert "alignment-key-misspelt" in codes_for(report, "ob2/badges/accueil.json")
    assert "alignment-key-misspelt" in codes_for(report, "ob3/achievements/accueil.json")


def test_missing_valid_from_is_caught(site):
    (site / "ob3/credentials").mkdir()
    (site / "ob3/credentials/1.json").write_text(json.dumps(credential(site)))
    edit(site / "ob3/credentials/1.json", lambda d: d.pop("validFrom"))
    edit(site / "ob3/endorsements/accueil--resto.json", lambda d: d.update(issuanceDate=d.pop("validFrom")))
    report = check_export(site, shared=official_schemas())
    assert {"missing-valid-from", "schema-invalid"} <= codes_for(report, "ob3/credentials/1.json")
    problem = next(p for p in report.problems if p.file == "ob3/endorsements/accueil--resto.json"
                   and p.code == "missing-valid-from")  # fmt: skip
    assert "issuanceDate" in problem.text("en")


def test_wrong_context_order_is_caught(site):
    edit(site / "ob3/achievements/equipe.json", lambda d: d.update({"@context": list(reversed(d["@context"]))}))
    assert "context-order" in codes_for(check_export(site, shared=official_schemas()), "ob3/achievements/equipe.json")


def test_serialization_rules(site):
    def damage(doc):
        doc["tag"] = []
        doc["version"] = None
        doc["type"] = "Achievement"
        doc["related"][0]["inLanguage"] = doc["inLanguage"]  # "related" pointing at a same-language badge

    edit(site / "ob3/achievements/commis.json", damage)
    (site / "ob3/credentials").mkdir()
    (site / "ob3/credentials/2.json").write_text(json.dumps({**credential(site, "hygiene"), "validFrom": "2026-03-02"}))
    report = check_export(site, shared=official_schemas())
    assert {"empty-array", "null-value", "type-not-array", "related-misused"} <= codes_for(
        report, "ob3/achievements/commis.json"
    )
    assert "date-without-zone" in codes_for(report, "ob3/credentials/2.json")


def test_ob2_rules(site):
    edit(site / "ob2/issuers/ligue.json", lambda d: d.pop("email"))
    edit(
        site / "ob2/badges/equipe.json",
        lambda d: d.update(criteria={}, image="https://badges.example.org/cvl/images/x.jpg"),
    )
    report = check_export(site, shared=official_schemas())
    assert "ob2-missing-field" in codes_for(report, "ob2/issuers/ligue.json")
    assert {"ob2-missing-field", "image-not-png-or-svg"} <= codes_for(report, "ob2/badges/equipe.json")


def test_awarded_files_rules(site):
    assertion = {"@context": "https://w3id.org/openbadges/v2", "type": "Assertion",
                 "id": "https://evil.example.net/a/1.json",
                 "recipient": {"type": "email", "hashed": True, "identity": "alice@example.org"},
                 "badge": f"{BASE}/ob2/badges/accueil.json", "issuedOn": "2026-04-01",
                 "verification": {"type": "HostedBadge"}}  # fmt: skip
    (site / "ob2/assertions").mkdir()
    (site / "ob2/assertions/1.json").write_text(json.dumps(assertion))
    anonymous = credential(site)
    anonymous["credentialSubject"].pop("identifier")
    (site / "ob3/credentials").mkdir()
    (site / "ob3/credentials/1.json").write_text(json.dumps(anonymous))  # no recipient
    (site / "awards").mkdir()
    (site / "awards/1-baked.png").write_bytes(bake(bake(tiny_png(), assertion), anonymous)[:-12] +
                                              bake(tiny_png(), assertion)[33:])  # two payloads  # fmt: skip
    (site / "images/photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    report = check_export(site, shared=official_schemas())
    assert {"ob2-identity-hash", "ob2-hosted-origin", "date-without-zone"} <= codes_for(report, "ob2/assertions/1.json")
    assert "subject-without-recipient" in codes_for(report, "ob3/credentials/1.json")
    assert "baked-count" in codes_for(report, "awards/1-baked.png")
    assert "image-not-png-or-svg" in codes_for(report, "images/photo.jpg")


def test_missing_schemas_are_reported_not_ignored(site, tmp_path):
    report = check_export(site, shared=tmp_path / "nowhere")
    warning = next(p for p in report.problems if p.code == "schemas-not-found")
    assert str(tmp_path / "nowhere") in warning.text("en")
    assert not report.errors  # the other rules still ran and found nothing


def test_case_package_is_checked_against_the_case_schema(site):
    edit(site / "case/cvl-mini.json", lambda d: d["CFDocument"].pop("identifier"))
    assert "case-invalid" in codes_for(check_export(site, shared=official_schemas()), "case/cvl-mini.json")


def test_signed_jwt_with_private_material_in_header_is_caught(site):
    import base64

    def part(value):
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    token = ".".join(
        [part({"alg": "EdDSA", "jwk": {"kty": "OKP", "d": "secret"}, "x5u": "https://x"}), part(credential(site)), "c2ln"]
    )
    (site / "ob3/credentials").mkdir()
    (site / "ob3/credentials/leak.jwt").write_text(token)
    assert "jws-header" in codes_for(check_export(site, shared=official_schemas()), "ob3/credentials/leak.jwt")


def test_baked_svg_needs_the_right_namespace(site):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>'
    good = bake(svg, credential(site))
    (site / "good-baked.svg").write_bytes(good)
    (site / "bad-baked.svg").write_bytes(good.replace(b"https://purl.imsglobal.org/ob/v3p0", b"http://openbadges.org"))
    report = check_export(site, shared=official_schemas())
    assert codes_for(report, "good-baked.svg") <= {"unsigned"}  # an info: the folder was made without a key
    assert "baked-svg-namespace" in codes_for(report, "bad-baked.svg")

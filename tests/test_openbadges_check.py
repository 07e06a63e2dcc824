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
    endorsed = {p.relative_to(site).as_posix() for p in site.glob("ob3/achievements/*.json")
                if json.loads(p.read_text()).get("endorsement")}  # fmt: skip
    assert endorsed  # the Achievements embed their endorsements too: said unsigned, by path
    assert {p.file for p in unsigned} == {
        p.relative_to(site).as_posix() for p in site.glob("ob3/endorsements/*")
    } | endorsed
    assert all(p.field.startswith("endorsement[") for p in unsigned if p.file in endorsed)
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
        [
            part({"alg": "EdDSA", "jwk": {"kty": "OKP", "d": "secret"}, "x5u": "https://x"}),
            part(credential(site)),
            "c2ln",
        ]
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


# --- alignment target types (OB 3.0 §B.1.2 AlignmentTargetType) -----------------------------------


def test_cfitem_must_name_a_case_item(site):
    def damage(doc):
        own = doc["alignment"][0]  # the competency's CASE item, served by the export: fine as it is
        assert own["targetType"] == "CFItem" and own["targetUrl"].startswith(BASE)
        doc["alignment"].append(
            {
                "type": ["Alignment"],
                "targetName": "ROME",
                "targetType": "CFItem",
                "targetUrl": "https://www.francetravail.fr/rome/competence/300404",
            }
        )
        doc["alignment"].append(
            {
                "type": ["Alignment"],
                "targetName": "ESCO",
                "targetType": "CFItem",
                "targetUrl": "http://data.europa.eu/esco/skill/0b4ea2c6-2b5a-4a6e-8f31-9d3c5f1e7a10",
            }
        )
        doc["alignment"].append(
            {
                "type": ["Alignment"],
                "targetName": "gone",
                "targetType": "CFItem",
                "targetUrl": f"{BASE}/uri/0b4ea2c6-2b5a-4a6e-8f31-9d3c5f1e7a10",
            }
        )
        doc["alignment"].append(
            {
                "type": ["Alignment"],
                "targetName": "CASE elsewhere",
                "targetType": "CFItem",
                "targetUrl": "https://opensalt.net/uri/0b4ea2c6-2b5a-4a6e-8f31-9d3c5f1e7a10",
            }
        )
        doc["alignment"].append({"type": ["Alignment"], "targetName": "odd", "targetType": "ROME",
                                 "targetUrl": "https://www.francetravail.fr/x"})  # fmt: skip

    edit(site / "ob3/achievements/accueil.json", damage)
    report = check_export(site, shared=official_schemas())
    found = {(p.code, p.field) for p in report.problems if p.file == "ob3/achievements/accueil.json"}
    length = len(json.loads((site / "ob3/achievements/accueil.json").read_text())["alignment"])
    flagged = {field for code, field in found if code == "alignment-cfitem-not-case"}
    assert flagged == {f"alignment[{i}].targetType" for i in (length - 5, length - 4, length - 3)}
    assert ("alignment-target-type", f"alignment[{length - 1}].targetType") in found
    served = next(p for p in report.problems if p.field == f"alignment[{length - 3}].targetType")
    assert "not served by this export" in served.text("en") and "n'est pas servie" in served.text("fr")


def test_cfitem_at_a_file_that_is_not_that_case_item(site):
    url = json.loads((site / "ob3/achievements/accueil.json").read_text())["alignment"][0]["targetUrl"]
    served = site / url.removeprefix(BASE + "/")
    edit(served, lambda d: d.update(uri=f"{BASE}/uri/other"))
    report = check_export(site, shared=official_schemas())
    assert "alignment-cfitem-not-case" in codes_for(report, "ob3/achievements/accueil.json")


# --- credential subjects, signatures -------------------------------------------------------------


def test_an_achievement_credential_needs_a_recipient(site):
    anonymous = credential(site)
    anonymous["type"] = ["VerifiableCredential", "AchievementCredential"]
    anonymous["credentialSubject"].pop("identifier")
    (site / "ob3/credentials").mkdir()
    (site / "ob3/credentials/1.json").write_text(json.dumps(anonymous))
    problem = next(p for p in check_export(site, shared=official_schemas()).problems
                   if p.code == "subject-without-recipient")  # fmt: skip
    assert problem.file == "ob3/credentials/1.json" and problem.field == "credentialSubject"


@pytest.fixture(scope="module")
def key(tmp_path_factory):
    from badgeworkbench.openbadges.signing import generate_key, load_signing_key

    return load_signing_key(generate_key(tmp_path_factory.mktemp("keys") / "issuer.key"))


def _publish_jwt(site: Path, key, name: str = "1") -> Path:
    from badgeworkbench.openbadges.signing import vc_jwt

    kid = f"{BASE}/ob3/keys/ligue.json"
    (site / "ob3/keys").mkdir(exist_ok=True)
    (site / "ob3/keys/ligue.json").write_text(json.dumps({"id": kid, **key.public_jwk}))
    (site / "ob3/credentials").mkdir(exist_ok=True)
    made = credential(site)
    (site / f"ob3/credentials/{name}.json").write_text(json.dumps(made))
    token = vc_jwt(made, key, kid=kid)
    (site / f"ob3/credentials/{name}.jwt").write_text(token)
    return site / f"ob3/credentials/{name}.jwt"


def test_unsigned_endorsements_are_a_warning_once_something_is_signed(site, key):
    _publish_jwt(site, key)
    report = check_export(site, shared=official_schemas())
    unsigned = [p for p in report.problems if p.code == "unsigned"]
    assert unsigned and all(p.severity == "warning" for p in unsigned)
    assert {p.file.split("/")[1] for p in unsigned} == {"endorsements", "achievements"}
    endorsement = next(p for p in unsigned if p.file.startswith("ob3/endorsements/"))
    assert "other credentials of the folder are signed" in endorsement.text("en")
    assert not report.errors  # the VC-JWT verifies, and its JSON twin is not called unsigned


def test_a_vc_jwt_that_does_not_verify_is_an_error(site, key, tmp_path):
    import base64

    from badgeworkbench.openbadges.signing import generate_key, load_signing_key

    path = _publish_jwt(site, key)
    head, payload, signature = path.read_text().split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["name"] = "Chef de cuisine"  # one field changed after signing
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    path.write_text(f"{head}.{forged}.{signature}")
    report = check_export(site, shared=official_schemas())
    assert "proof-invalid" in codes_for(report, "ob3/credentials/1.jwt")
    # signed by another key than the one the kid publishes
    other = load_signing_key(generate_key(tmp_path / "other.key"))
    from badgeworkbench.openbadges.signing import vc_jwt

    path.write_text(vc_jwt(credential(site), other, kid=f"{BASE}/ob3/keys/ligue.json"))
    assert "proof-invalid" in codes_for(check_export(site, shared=official_schemas()), "ob3/credentials/1.jwt")
    # a kid that is published nowhere: not checked, and said
    path.write_text(vc_jwt(credential(site), key, kid="https://keys.example.net/k.json"))
    report = check_export(site, shared=official_schemas())
    assert codes_for(report, "ob3/credentials/1.jwt") == {"proof-key-not-found"}


def test_a_data_integrity_proof_is_verified(site, key):
    from badgeworkbench.openbadges.dataintegrity import add_proof
    from badgeworkbench.openbadges.did import did_key

    did = did_key(key.multikey)
    path = site / "ob3/endorsements/accueil--resto.json"
    signed = add_proof(json.loads(path.read_text()), key, verification_method=f"{did}#{key.multikey}")
    assert isinstance(signed["proof"], list)  # the OB 3.0 schemas want an array
    path.write_text(json.dumps(signed))
    report = check_export(site, shared=official_schemas())
    assert codes_for(report, "ob3/endorsements/accueil--resto.json") == set()
    assert {p.severity for p in report.problems if p.code == "unsigned"} == {"warning"}  # the other endorsements
    signed["credentialSubject"]["endorsementComment"] = "Tampered."
    path.write_text(json.dumps(signed))
    problem = next(p for p in check_export(site, shared=official_schemas()).problems
                   if p.file == "ob3/endorsements/accueil--resto.json")  # fmt: skip
    assert problem.code == "proof-invalid" and problem.severity == "error"
    assert "changed after" in problem.text("en")
    signed["proof"][0]["cryptosuite"] = "ecdsa-rdfc-2019"
    path.write_text(json.dumps(signed))
    assert "proof-invalid" in codes_for(
        check_export(site, shared=official_schemas()), "ob3/endorsements/accueil--resto.json"
    )
    signed["proof"][0].update(cryptosuite="eddsa-rdfc-2022", verificationMethod="did:web:keys.example.net#key-1")
    path.write_text(json.dumps(signed))
    assert codes_for(check_export(site, shared=official_schemas()), "ob3/endorsements/accueil--resto.json") == {
        "proof-key-not-found"
    }


def test_the_docs_list_every_rule_with_its_source():
    """docs/openbadges.md has a row for every code check-export can report, each with a source (or '—')."""
    import re

    package = ROOT / "badgeworkbench" / "openbadges"
    source = " ".join(
        (package / name).read_text("utf-8") for name in ("checking.py", "proofchecks.py", "linkeddata.py")
    )
    codes = set(re.findall(r'_p\(\s*"([a-z0-9-]+)"', source)) | {"schema-invalid", "case-invalid"}
    assert {
        "unsigned",
        "proof-invalid",
        "alignment-cfitem-not-case",
        "subject-without-recipient",
        "jsonld-undefined-term",
    } <= codes
    rows = {}
    for line in (ROOT / "docs" / "openbadges.md").read_text("utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| `") and len(cells) == 4:
            for code in re.findall(r"`([a-z0-9-]+)`", cells[0]):
                rows[code] = cells[3]
    assert codes <= set(rows), sorted(codes - set(rows))
    assert all(rows[code] == "— (the command's input)" or rows[code] == "—" or "https://" in rows[code]
               for code in codes)  # fmt: skip


def test_terms_no_context_defines(site):
    """JSON-LD drops a property or type its contexts do not define: an error in a credential (no signature would
    cover it), a warning in an Achievement published on its own."""
    edit(
        site / "ob3/endorsements/accueil--resto.json",
        lambda d: d["credentialSubject"].update(endorsementComments="Typo."),
    )
    edit(site / "ob3/achievements/accueil.json", lambda d: d.update(difficulty="easy"))
    # keys listed in a Profile, as an older version of awarding wrote them: no context defines verificationMethod
    edit(site / "ob3/profiles/ligue.json", lambda d: d.update(verificationMethod=[
        {"id": f"{BASE}/ob3/keys/ligue.json", "type": "JsonWebKey", "controller": d["id"],
         "publicKeyJwk": {"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}}]))  # fmt: skip
    (site / "ob3/credentials").mkdir()
    schema_typed = credential(site)
    schema_typed["@context"] = schema_typed["@context"][:2]  # without the extensions context
    (site / "ob3/credentials/1.json").write_text(json.dumps(schema_typed))
    report = check_export(site, shared=official_schemas())
    found = {(p.file, p.code, p.field, p.severity) for p in report.problems if p.code == "jsonld-undefined-term"}
    assert found == {
        ("ob3/endorsements/accueil--resto.json", "jsonld-undefined-term", "endorsementComments", "error"),
        ("ob3/achievements/accueil.json", "jsonld-undefined-term", "difficulty", "warning"),
        ("ob3/profiles/ligue.json", "jsonld-undefined-term", "verificationMethod", "warning"),
        ("ob3/credentials/1.json", "jsonld-undefined-term", "type", "error"),  # 1EdTechJsonSchemaValidator2019
    }
    unknown = credential(site)
    unknown["@context"].append("https://contexts.example.net/mine.json")
    (site / "ob3/credentials/1.json").write_text(json.dumps(unknown))
    assert "jsonld-context-unknown" in codes_for(
        check_export(site, shared=official_schemas()), "ob3/credentials/1.json"
    )


def test_json_ld_that_cannot_be_expanded_is_one_sentence(site):
    nested: dict = {}
    inner = nested
    for _ in range(900):  # JSON can hold it; expanding it goes deeper than Python's recursion limit
        inner["credentialSubject"] = {}
        inner = inner["credentialSubject"]
    edit(site / "ob3/achievements/accueil.json", lambda d: d.update(nested))
    edit(site / "ob3/achievements/equipe.json", lambda d: d.update({"@context": [*d["@context"], "relative.json"]}))
    report = check_export(site, shared=official_schemas())
    for file in ("ob3/achievements/accueil.json", "ob3/achievements/equipe.json"):
        problem = next(p for p in report.problems if p.file == file and p.code == "jsonld-invalid")
        assert "not valid JSON-LD" in problem.text("en") and "JSON-LD valide" in problem.text("fr")


def test_a_signed_export_embeds_signed_endorsements(tmp_path, key):
    """OB 3.0: an Achievement's embedded endorsements are signed; an unsigned copy in a signed folder is a warning,
    a tampered one an error."""
    from badgeworkbench.openbadges.issuing import SigningPlan

    site = write_export(export_framework(load_framework(FIXTURE), BASE, signing=SigningPlan(key)), tmp_path / "site")
    achievement = json.loads((site / "ob3/achievements/accueil.json").read_text())
    assert achievement["endorsement"][0]["proof"][0]["cryptosuite"] == "eddsa-rdfc-2022"
    assert check_export(site, shared=official_schemas()).problems == []
    unsigned = {k: v for k, v in achievement["endorsement"][0].items() if k != "proof"}
    edit(site / "ob3/achievements/accueil.json", lambda d: d.update(endorsement=[unsigned]))
    edit(
        site / "ob3/achievements/accueil.en.json",
        lambda d: d["endorsement"][0]["credentialSubject"].update(endorsementComment="Changed."),
    )
    report = check_export(site, shared=official_schemas())
    assert {(p.code, p.severity, p.field) for p in report.problems if p.file == "ob3/achievements/accueil.json"} == {
        ("unsigned", "warning", "endorsement[0]")
    }
    assert {(p.code, p.field) for p in report.errors if p.file == "ob3/achievements/accueil.en.json"} == {
        ("proof-invalid", "endorsement[0]")
    }

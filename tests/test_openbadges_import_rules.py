"""Importing Open Badges documents: strict where the spec is, lenient where it is, faithful to what they say.

Every row of DEFECTS is a valid OB 2.0 or OB 3.0 document with exactly one defect the spec rejects;
each must be refused with its field and reason. Every row of VALID_VARIANTS is a form the spec accepts
(inline JSON-LD contexts, compacted forms…); each must be imported.
"""

from __future__ import annotations

import copy
import json
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

from badgeworkbench.model import Framework
from badgeworkbench.openbadges import bake, export_framework, import_badges
from badgeworkbench.openbadges.baking import tiny_png
from badgeworkbench.openbadges.checking import load_schemas
from badgeworkbench.openbadges.common import ExportUrls
from badgeworkbench.openbadges.documentrules import document_defects, document_kind, expanded_ob3

BASE = "https://badges.example.org/atelier"
OB2 = "https://w3id.org/openbadges/v2"
VC2 = "https://www.w3.org/ns/credentials/v2"
OB3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"

OB2_ISSUER = {"type": "Issuer", "id": "https://fablab.example.org/issuer.json", "name": "FabLab de Blois",
              "url": "https://fablab.example.org", "email": "badges@fablab.example.org"}  # fmt: skip
OB2_BADGE: dict[str, Any] = {
    "@context": OB2,
    "type": "BadgeClass",
    "id": "https://fablab.example.org/badges/soudure.json",
    "@language": "fr",
    "name": "Souder proprement",
    "description": "Réalise des soudures fiables.",
    "image": "https://fablab.example.org/soudure.png",
    "criteria": {"narrative": "Trois soudures propres."},
    "issuer": OB2_ISSUER,
    "tags": ["atelier"],
    "alignment": [{"targetName": "Assembler", "targetUrl": "https://case.example.org/uri/1"}],
}
OB2_ASSERTION: dict[str, Any] = {
    "@context": OB2,
    "type": "Assertion",
    "id": "https://fablab.example.org/assertions/1.json",
    "badge": {k: v for k, v in OB2_BADGE.items() if k != "@context"},
    "recipient": {"type": "email", "hashed": True, "identity": "sha256$" + "0" * 64},
    "issuedOn": "2025-01-01T00:00:00Z",
    "verification": {"type": "HostedBadge"},
}
OB3_PROFILE = {"id": "https://opleiding.example.nl/issuer", "type": ["Profile"], "name": "Opleiding Utrecht",
               "url": "https://opleiding.example.nl", "email": "badges@opleiding.example.nl"}  # fmt: skip
OB3_ACHIEVEMENT: dict[str, Any] = {
    "id": "https://opleiding.example.nl/achievements/lassen",
    "type": ["Achievement"],
    "achievementType": "Degree",
    "name": "Lassen",
    "description": "Betrouwbaar lassen van metalen onderdelen.",
    "criteria": {"narrative": "Drie goede lasnaden."},
    "creator": OB3_PROFILE,
    "inLanguage": "nl",
    "fieldOfStudy": "Metaaltechniek",
    "specialization": "Booglassen",
    "creditsAvailable": 7.5,
    "humanCode": "MT-LAS-01",
    "resultDescription": [
        {
            "id": "https://opleiding.example.nl/achievements/lassen#result",
            "type": ["ResultDescription"],
            "name": "Eindcijfer",
            "resultType": "GradePointAverage",
        }
    ],
    "otherIdentifier": [{"type": "IdentifierEntry", "identifier": "LAS-2024", "identifierType": "sourcedId"}],
    "tag": ["metaal"],
}
OB3_CREDENTIAL: dict[str, Any] = {
    "@context": [VC2, OB3],
    "id": "urn:uuid:2f1c4c44-5a7e-4c39-9a48-1a5a3e0c9f10",
    "type": ["VerifiableCredential", "OpenBadgeCredential"],
    "name": "Lassen",
    "issuer": OB3_PROFILE,
    "validFrom": "2025-03-01T09:00:00Z",
    "credentialSubject": {
        "id": "did:example:learner-1",
        "type": ["AchievementSubject"],
        "achievement": OB3_ACHIEVEMENT,
    },
}


OB3_VC1_CREDENTIAL: dict[str, Any] = {  # as OB 3.0 documents were written before context 3.0.3 (VC 1.1)
    **{k: v for k, v in OB3_CREDENTIAL.items() if k != "validFrom"},
    "@context": ["https://www.w3.org/2018/credentials/v1", "https://purl.imsglobal.org/spec/ob/v3p0/context.json"],
    "issuanceDate": "2023-03-01T09:00:00Z",
}


def changed(
    base: dict[str, Any],
    path: str,
    value: Any = ...,
) -> dict[str, Any]:
    """A copy of ``base`` with ``path`` (dotted) set to ``value``, or removed when no value is given."""
    doc = copy.deepcopy(base)
    *parents, last = path.split(".")
    node = doc
    for part in parents:
        node = node[part]
    if value is ...:
        del node[last]
    else:
        node[last] = value
    return doc


# (id, document, field the refusal names, words of the reason)
DEFECTS = [
    (
        "ob2-other-credential-type",
        changed(OB2_BADGE, "type", "OtherCredential"),
        "type",
        "not an Open Badges document type",
    ),
    ("ob2-context-missing", changed(OB2_BADGE, "@context"), "@context", "missing"),
    ("ob2-context-bogus-url", changed(OB2_BADGE, "@context", "https://example.org/badges/v2"), "@context", OB2),
    (
        "ob2-context-object-without-ob-terms",
        changed(OB2_BADGE, "@context", {"name": "http://schema.org/name"}),
        "@context",
        "does not define the Open Badges terms",
    ),
    ("ob2-issuer-missing", changed(OB2_BADGE, "issuer"), "issuer", "must name its issuer"),
    ("ob2-name-number", changed(OB2_BADGE, "name", 42), "name", "must be text, not a number"),
    ("ob2-name-list", changed(OB2_BADGE, "name", ["Souder", "proprement"]), "name", "must be text, not a list"),
    (
        "ob2-description-object",
        changed(OB2_BADGE, "description", {"fr": "Soudures"}),
        "description",
        "must be text, not an object",
    ),
    ("ob2-issuer-not-a-profile", changed(OB2_BADGE, "issuer.type", "Person"), "issuer.type", "must be a Profile"),
    ("ob2-criteria-missing", changed(OB2_BADGE, "criteria"), "criteria", "criteria is missing"),
    ("ob2-image-missing", changed(OB2_BADGE, "image"), "image", "image is missing"),
    ("ob2-id-missing", changed(OB2_BADGE, "id"), "id", "id is missing"),
    ("ob2-issuer-email-bogus", changed(OB2_BADGE, "issuer.email", "personne"), "issuer.email", "not an email address"),
    (
        "ob2-alignment-without-url",
        changed(OB2_BADGE, "alignment", [{"targetName": "Assembler"}]),
        "alignment[0].targetUrl",
        "targetUrl",
    ),
    ("ob2-issued-on-not-a-date", changed(OB2_ASSERTION, "issuedOn", "yesterday"), "issuedOn", "not a date"),
    (
        "ob2-issued-on-impossible-date",
        changed(OB2_ASSERTION, "issuedOn", "2025-02-30T10:00:00Z"),
        "issuedOn",
        "not a real date",
    ),
    ("ob2-assertion-badge-name-number", changed(OB2_ASSERTION, "badge.name", 7), "badge.name", "must be text"),
    (
        "ob3-other-credential-type",
        changed(OB3_CREDENTIAL, "type", ["VerifiableCredential", "OtherCredential"]),
        "type",
        "not an Open Badges credential",
    ),
    ("ob3-context-order-reversed", changed(OB3_CREDENTIAL, "@context", [OB3, VC2]), "@context", "VC context first"),
    ("ob3-context-without-vc", changed(OB3_CREDENTIAL, "@context", [OB3]), "@context", "VC context first"),
    (
        "ob3-context-unknown-version",
        changed(OB3_CREDENTIAL, "@context", [VC2, "https://purl.imsglobal.org/spec/ob/v3p0/context-9.json"]),
        "@context",
        "OB 3.0",
    ),
    ("ob3-context-missing", changed(OB3_CREDENTIAL, "@context"), "@context", "missing"),
    ("ob3-issuer-missing", changed(OB3_CREDENTIAL, "issuer"), "issuer", "must name its issuer"),
    (
        "ob3-issuer-not-a-profile",
        changed(OB3_CREDENTIAL, "issuer", {**OB3_PROFILE, "type": ["Person"]}),
        "issuer.type",
        "must be a Profile",
    ),
    (
        "ob3-achievement-name-number",
        changed(OB3_CREDENTIAL, "credentialSubject.achievement", {**OB3_ACHIEVEMENT, "name": 12}),
        "credentialSubject.achievement.name",
        "must be text, not a number",
    ),
    (
        "ob3-achievement-description-object",
        changed(OB3_CREDENTIAL, "credentialSubject.achievement", {**OB3_ACHIEVEMENT, "description": {"nl": "Lassen"}}),
        "credentialSubject.achievement.description",
        "must be text, not an object",
    ),
    (
        "ob3-achievement-criteria-missing",
        changed(
            OB3_CREDENTIAL,
            "credentialSubject.achievement",
            {k: v for k, v in OB3_ACHIEVEMENT.items() if k != "criteria"},
        ),
        "credentialSubject.achievement.criteria",
        "criteria is missing",
    ),
    ("ob3-valid-from-not-a-date", changed(OB3_CREDENTIAL, "validFrom", "2025-13-01"), "validFrom", "not a date"),
    (
        "ob3-achievement-missing",
        changed(OB3_CREDENTIAL, "credentialSubject.achievement"),
        "credentialSubject.achievement",
        "missing",
    ),
    (
        "ob3-achievement-type-outside-the-vocabulary",
        changed(
            OB3_CREDENTIAL, "credentialSubject.achievement", {**OB3_ACHIEVEMENT, "achievementType": "Getuigschrift"}
        ),
        "credentialSubject.achievement.achievementType",
        "official OB 3.0 schema",
    ),
    ("ob3-achievement-without-context", {k: v for k, v in OB3_ACHIEVEMENT.items()}, "@context", "missing"),
    ("ob3-vc1-without-issuance-date", changed(OB3_VC1_CREDENTIAL, "issuanceDate"), "issuanceDate", "missing"),
]


def as_file(name: str, value: Any) -> tuple[str, bytes]:
    return name, json.dumps(value).encode()


def empty_framework() -> Framework:
    return Framework(id="atelier", title={"fr": "Atelier"})


def test_the_defect_table_is_large_and_each_row_has_one_defect():
    assert len(DEFECTS) >= 19
    assert len({row[0] for row in DEFECTS}) == len(DEFECTS)
    # the bases themselves are valid, so each refusal below comes from the one change
    for base in (OB2_BADGE, OB2_ASSERTION, OB3_CREDENTIAL, OB3_VC1_CREDENTIAL):
        assert document_defects(base, document_kind(base)) == []


@pytest.mark.parametrize(("document", "field", "words"), [row[1:] for row in DEFECTS], ids=[row[0] for row in DEFECTS])
def test_a_document_with_a_spec_defect_is_refused_with_the_field_and_the_reason(document, field, words):
    framework, report = import_badges(empty_framework(), [as_file("partner-badge.json", document)])
    assert framework.badges == []
    [line] = report.problems
    assert line.severity == "error" and line.file == "partner-badge.json"
    assert line.field == field, line.text("en")
    assert words in line.text("en")
    assert line.text("fr") != line.text("en") and line.text("fr").startswith("refusé")


def test_the_official_context_copied_inline_is_an_ob2_context():
    inline = json.loads(files("badgeworkbench.specdata").joinpath("openbadges", "ob_v2p0", "v2", "context.json")
                        .read_bytes())["@context"]  # fmt: skip
    doc = changed(OB2_BADGE, "@context", inline)
    assert document_defects(doc, document_kind(doc)) == []


VALID_VARIANTS = [
    ("ob2-badgeclass", OB2_BADGE),
    (
        "ob2-inline-context-object",
        changed(
            OB2_BADGE,
            "@context",
            {"obi": "https://w3id.org/openbadges#", "BadgeClass": "obi:BadgeClass", "Issuer": "obi:Issuer"},
        ),
    ),
    ("ob2-inline-context-vocab", changed(OB2_BADGE, "@context", {"@vocab": "https://w3id.org/openbadges#"})),
    (
        "ob2-context-list-url-and-object",
        changed(OB2_BADGE, "@context", [OB2, {"fablab": "https://fablab.example.org/ns#"}]),
    ),
    ("ob2-context-alias", changed(OB2_BADGE, "@context", "https://openbadgespec.org/v2/context.json")),
    ("ob2-type-as-list", changed(OB2_BADGE, "type", ["BadgeClass"])),
    ("ob2-image-object", changed(OB2_BADGE, "image", {"id": "https://fablab.example.org/soudure.png"})),
    ("ob2-criteria-url", changed(OB2_BADGE, "criteria", "https://fablab.example.org/criteres")),
    ("ob2-issuer-url-only", changed(OB2_BADGE, "issuer", "https://fablab.example.org/issuer.json")),
    ("ob2-tags-single-string", changed(OB2_BADGE, "tags", "atelier")),
    ("ob2-assertion", OB2_ASSERTION),
    ("ob2-assertion-timestamp", changed(OB2_ASSERTION, "issuedOn", 1735689600)),
    ("ob3-credential", OB3_CREDENTIAL),
    (
        "ob3-context-3.0.2",
        changed(OB3_CREDENTIAL, "@context", [VC2, "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json"]),
    ),
    (
        "ob3-compacted-type-and-image",
        changed(
            OB3_CREDENTIAL,
            "credentialSubject.achievement",
            {**OB3_ACHIEVEMENT, "type": "Achievement", "image": "https://opleiding.example.nl/lassen.png"},
        ),
    ),
    ("ob3-achievement-file", {"@context": [VC2, OB3], **OB3_ACHIEVEMENT}),
    ("ob3-vc1.1-era-credential", OB3_VC1_CREDENTIAL),
]


@pytest.mark.parametrize("document", [row[1] for row in VALID_VARIANTS], ids=[row[0] for row in VALID_VARIANTS])
def test_every_form_the_spec_accepts_is_imported(document):
    framework, report = import_badges(empty_framework(), [as_file("partner-badge.json", document)])
    [line] = report.problems
    assert line.code == "badge-imported", line.text("en")
    assert len(framework.badges) == 1


def test_the_valid_ob3_credential_passes_the_official_schema():
    validator = load_schemas().validators["ob3-credential"]
    assert list(validator.iter_errors(OB3_CREDENTIAL)) == []
    compacted = changed(OB3_CREDENTIAL, "credentialSubject.achievement", {**OB3_ACHIEVEMENT, "type": "Achievement"})
    assert list(validator.iter_errors(compacted)) != []  # the schema alone would refuse the compacted form…
    assert list(validator.iter_errors(expanded_ob3(compacted))) == []  # …that means the same once expanded


# --- what is kept --------------------------------------------------------------------------------


def test_an_ob3_degree_keeps_its_type_field_credits_results_and_language_and_exports_them_again():
    framework, report = import_badges(empty_framework(), [as_file("lassen.json", OB3_CREDENTIAL)])
    [badge] = framework.badges
    assert badge.name == {"nl": "Lassen"} and badge.description == {"nl": OB3_ACHIEVEMENT["description"]}
    assert badge.achievement_type == "Degree" and badge.category == "competency"
    assert (badge.field_of_study, badge.specialization, badge.credits_available, badge.human_code) == (
        "Metaaltechniek",
        "Booglassen",
        7.5,
        "MT-LAS-01",
    )
    assert badge.result_descriptions == OB3_ACHIEVEMENT["resultDescription"]
    line = report.problems[0].text("en")
    assert "language nl" in line and "not kept: otherIdentifier" in line  # reported, not dropped silently
    exported = export_framework(framework, BASE, only="ob3", include_unadopted=True)
    achievement = json.loads(exported.files[f"ob3/achievements/{badge.id}.json"])
    assert achievement["achievementType"] == "Degree"
    assert achievement["inLanguage"] == "nl" and achievement["name"] == "Lassen"  # not labelled French
    assert [p for p in exported.files if p.startswith("ob3/achievements/")] == [f"ob3/achievements/{badge.id}.json"]
    assert (achievement["fieldOfStudy"], achievement["specialization"], achievement["creditsAvailable"],
            achievement["humanCode"]) == ("Metaaltechniek", "Booglassen", 7.5, "MT-LAS-01")  # fmt: skip
    assert OB3_ACHIEVEMENT["resultDescription"][0] in achievement["resultDescription"]
    # an awarded credential names the Achievement by its id: the file served there is the Dutch edition
    published = exported.json(ExportUrls(BASE).path(achievement["id"]))
    assert published["inLanguage"] == "nl" and published["achievementType"] == "Degree"


def test_a_badge_in_the_framework_language_keeps_its_category_and_editions():
    doc = changed(
        OB3_CREDENTIAL,
        "credentialSubject.achievement",
        {**OB3_ACHIEVEMENT, "achievementType": "ext:Participation", "inLanguage": "fr-FR", "name": "Souder"},
    )
    framework, _ = import_badges(empty_framework(), [as_file("souder.json", doc)])
    [badge] = framework.badges
    assert badge.name == {"fr": "Souder"} and badge.category == "participation" and badge.achievement_type == ""
    exported = export_framework(framework, BASE, only="ob3", include_unadopted=True)
    achievement = json.loads(exported.files[f"ob3/achievements/{badge.id}.json"])
    assert achievement["achievementType"] == "ext:Participation" and achievement["inLanguage"] == "fr"


# --- batches: one line per file ------------------------------------------------------------------


def test_a_batch_gives_every_file_one_line_in_order_and_drops_nothing():
    english = changed(OB2_BADGE, "@language", "en")
    english = changed(english, "name", "Weld cleanly")
    issuer_file = {"@context": OB2, **OB2_ISSUER}
    by_reference = changed(OB2_BADGE, "issuer", OB2_ISSUER["id"])
    by_reference = changed(by_reference, "id", "https://fablab.example.org/badges/decoupe.json")
    by_reference = changed(by_reference, "name", "Découper au laser")
    endorsement = {"@context": OB2, "type": "Endorsement", "id": "https://x.org/e.json",
                   "claim": {"id": OB2_BADGE["id"]}, "issuer": "https://x.org/i.json",
                   "issuedOn": "2025-01-01T00:00:00Z", "verification": {"type": "HostedBadge"}}  # fmt: skip
    batch = [
        as_file("soudure.json", OB2_BADGE),
        ("soudure-baked.png", bake(tiny_png(), OB2_ASSERTION)),  # the same BadgeClass id, from another file
        as_file("soudure-en.json", english),  # the same id again, in English
        as_file("issuer.json", issuer_file),
        as_file("decoupe.json", by_reference),
        as_file("broken.json", changed(OB2_BADGE, "name", 3)),
        ("notes.txt", b"hello"),
        as_file("endorsement.json", endorsement),
        as_file("lassen.json", OB3_CREDENTIAL),
    ]
    framework, report = import_badges(empty_framework(), batch)
    assert [p.file for p in report.problems] == [name for name, _ in batch]
    codes = [p.code for p in report.problems]
    assert codes == ["badge-imported", "badge-merged", "badge-merged", "issuer-used", "badge-imported",
                     "refused-by-spec", "not-a-badge", "endorsement-not-imported", "badge-imported"]  # fmt: skip
    texts = [p.text("en") for p in report.problems]
    assert "merged into badge 'souder-proprement'" in texts[1] and "soudure.json" in texts[1]
    assert "used for decouper-au-laser" in texts[3]
    soudure = framework.badge("souder-proprement")
    assert soudure.name == {"fr": "Souder proprement", "en": "Weld cleanly"}  # the English file added its language
    assert {b.id for b in framework.badges} == {"souder-proprement", "decouper-au-laser", "lassen"}
    assert framework.badge("decouper-au-laser").issuer == soudure.issuer  # the issuer file, matched by its id


def test_a_badge_whose_issuer_file_is_refused_is_refused_too():
    issuer_file = {"@context": OB2, **OB2_ISSUER, "email": "nobody"}
    badge = changed(OB2_BADGE, "issuer", OB2_ISSUER["id"])
    framework, report = import_badges(
        empty_framework(), [as_file("issuer.json", issuer_file), as_file("b.json", badge)]
    )
    assert [p.code for p in report.problems] == ["refused-by-spec", "issuer-refused"]
    assert "issuer.json" in report.problems[1].text("en") and framework.badges == []


def test_a_deeply_nested_document_is_refused_without_a_crash():
    # 950 levels: json reads it, walking it naively would exhaust the stack. Written as text, because
    # encoding it with json.dumps would itself need that stack (and more under pytest-xdist's frames).
    deep = '{"a": ' * 950 + '"x"' + "}" * 950
    text = json.dumps(changed(OB3_CREDENTIAL, "credentialSubject.achievement", "@DEEP@")).replace('"@DEEP@"', deep)
    framework, report = import_badges(empty_framework(), [("deep.json", text.encode()), as_file("ok.json", OB2_BADGE)])
    assert [p.code for p in report.problems] == ["not-a-badge", "badge-imported"]
    assert "nested too deeply" in report.problems[0].text("en") and len(framework.badges) == 1


# --- documents we did not write --------------------------------------------------------------------


def test_the_baked_samples_of_openbadges_bakery_are_read_and_refused_as_ob1():
    bakery = pytest.importorskip("openbadges_bakery")
    folder = Path(bakery.__file__).parent / "testfiles"
    names = ["baked_heart.png", "baked_example.svg", "public_domain_heart.png", "unbaked_example.svg"]
    framework, report = import_badges(empty_framework(), [folder / name for name in names])
    assert [p.file for p in report.problems] == names and framework.badges == []
    by_file = {p.file: p for p in report.problems}
    for baked in names[:2]:
        assert "Open Badges 1.0 assertion" in by_file[baked].text("en")
    for plain in names[2:]:
        assert by_file[plain].code == "malformed-baked-image" and "no baked badge" in by_file[plain].text("en")

"""Importing existing badges (OB 2.0 JSON, baked PNG/SVG of 2.0 and 3.0) into a framework."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from badgeworkbench.check import check
from badgeworkbench.files import load_framework, save_framework
from badgeworkbench.openbadges import award_badges, bake, export_framework, import_badges
from badgeworkbench.openbadges.award import EarnerRow
from badgeworkbench.openbadges.baking import tiny_png

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "openbadges" / "cvl-mini"
BASE = "https://badges.example.org/cvl"

ISSUER = {
    "@context": "https://w3id.org/openbadges/v2",
    "type": "Issuer",
    "id": "https://fablab.example.org/issuer.json",
    "name": "FabLab de Blois",
    "url": "https://fablab.example.org",
    "email": "badges@fablab.example.org",
}
BADGECLASS = {
    "@context": "https://w3id.org/openbadges/v2",
    "type": "BadgeClass",
    "@language": "fr",
    "id": "https://fablab.example.org/badges/soudure.json",
    "name": "Souder proprement",
    "description": "Réalise des soudures fiables.",
    "image": "https://fablab.example.org/soudure.png",
    "criteria": {"narrative": "Trois soudures propres."},
    "issuer": ISSUER["id"],
    "tags": ["atelier"],
    "alignment": [
        {
            "targetName": "Assembler des composants",
            "targetUrl": "https://case.example.org/uri/1",
            "targetFramework": "Maker",
            "targetCode": "MK.1",
        }
    ],
}
ASSERTION = {"@context": "https://w3id.org/openbadges/v2", "type": "Assertion",
             "id": "https://fablab.example.org/assertions/1.json", "badge": BADGECLASS,
             "recipient": {"type": "email", "hashed": True, "identity": "sha256$" + "0" * 64},
             "issuedOn": "2025-01-01T00:00:00Z", "verification": {"type": "HostedBadge"}}  # fmt: skip


@pytest.fixture(scope="module")
def mini():
    return load_framework(FIXTURE)


def as_file(name: str, value) -> tuple[str, bytes]:
    return name, json.dumps(value).encode()


def test_badgeclass_and_issuer_json_join_the_framework(mini, tmp_path):
    framework, report = import_badges(mini, [as_file("issuer.json", ISSUER), as_file("soudure.json", BADGECLASS)])
    badge = framework.badge("souder-proprement")
    assert badge is not None and badge.status == "proposed"
    assert badge.name == {"fr": "Souder proprement"} and badge.criteria.narrative == {"fr": "Trois soudures propres."}
    assert badge.alignments[0].code == "MK.1" and badge.tags == ["atelier"]
    partner = framework.partner(badge.issuer)
    assert partner.name == "FabLab de Blois" and partner.email == "badges@fablab.example.org"
    assert "badge-imported" in report.codes() and report.ok
    assert not check(framework).errors  # the framework stays valid
    save_framework(framework, tmp_path / "fw")
    assert load_framework(tmp_path / "fw").badge("souder-proprement") == badge


def test_baked_ob2_png_and_svg_are_imported_once(mini):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>'
    files = [("a.png", bake(tiny_png(), ASSERTION)), ("b.svg", bake(svg, ASSERTION))]
    framework, _report = import_badges(mini, files)
    assert len(framework.badges) == len(mini.badges) + 1
    again, report2 = import_badges(framework, files)
    assert again.badges == framework.badges and "already-present" in report2.codes()


def test_baked_ob3_credentials_of_an_export_round_trip(mini):
    other = mini.replace(badges=[b for b in mini.badges if b.id != "accueil"])
    earners = [EarnerRow(2, "x@example.org", "accueil", "2026-01-01")]
    award = award_badges(mini, earners, BASE)
    baked3 = next(f for f in award.awards[0].files if f.endswith("ob3-baked.png"))
    framework, _report = import_badges(other, [(baked3, award.files[baked3])])
    imported = framework.badge("accueillir")
    assert imported is not None and imported.issuer == "ligue"  # matched to the existing partner
    assert imported.category == "competency" and imported.name["fr"] == "Accueillir"


def test_achievement_json_from_an_export_is_imported(mini):
    result = export_framework(mini, BASE, only="ob3")
    empty = mini.replace(badges=[])
    framework, _report = import_badges(empty, [("a.json", result.files["ob3/achievements/hygiene.json"])])
    assert framework.badges[0].category == "participation"


def test_malformed_and_foreign_files_say_what_is_wrong(mini):
    damaged = bytearray(bake(tiny_png(), ASSERTION))
    damaged[90] ^= 0xFF  # inside the iTXt text: the CRC no longer matches
    files = [
        ("damaged.png", bytes(damaged)),
        ("plain.png", tiny_png()),
        ("photo.jpg", b"\xff\xd8\xff\xe0xx"),
        ("notes.txt", b"hello"),
        ("lonely.json", json.dumps({**ASSERTION, "badge": "https://x.org/b.json"}).encode()),
    ]
    framework, report = import_badges(mini, files)
    by_file = {p.file: p for p in report.problems}
    assert "CRC" in by_file["damaged.png"].text("en")
    assert "no baked badge" in by_file["plain.png"].text("en")
    assert "JPEG" in by_file["photo.jpg"].text("en")
    assert by_file["notes.txt"].code == "not-a-badge"
    assert by_file["lonely.json"].code == "badgeclass-not-found"
    assert framework.badges == mini.badges and not report.ok

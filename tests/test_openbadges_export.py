"""Export of a framework to Open Badges 2.0 / 3.0: content, validity, determinism, atomic writing."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from badgeworkbench.errors import BadgeWorkbenchError
from badgeworkbench.files import load_framework
from badgeworkbench.gate import PublishingBlocked
from badgeworkbench.model import Badge, ImageDesign, Partner
from badgeworkbench.openbadges import (
    ExportFolderRefused,
    ExportResult,
    IssuerProfileIncomplete,
    UnsupportedImageFormat,
    check_document,
    check_export,
    export_framework,
    write_export,
)
from badgeworkbench.openbadges.checking import ExportFiles, load_schemas
from badgeworkbench.openbadges.common import OB3_CONTEXTS, VC2_CONTEXT
from badgeworkbench.openbadges.errors import OpenBadgesError
from badgeworkbench.openbadges.export import MANIFEST
from badgeworkbench.report import Report
from badgeworkbench.requirements import describe_requirement

from .conftest import official_schemas

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "openbadges" / "cvl-mini"
EXAMPLE = ROOT / "frameworks" / "parcours-cvl"
BASE = "https://badges.example.org/cvl"


@pytest.fixture(scope="module")
def mini():
    return load_framework(FIXTURE)


@pytest.fixture(scope="module")
def example():
    if not (EXAMPLE / "framework.yaml").exists():
        pytest.skip("the example framework frameworks/parcours-cvl is not in this checkout")
    return load_framework(EXAMPLE)


@pytest.fixture(scope="module")
def example_export(example):
    return export_framework(example, BASE)


def test_example_export_is_valid_with_zero_problems(example_export, tmp_path):
    shared = official_schemas()
    out = write_export(example_export, tmp_path / "site")
    report = check_export(out, shared=shared)
    assert not report.errors and not report.warnings, report.to_table("en")
    assert {p.code for p in report.problems} == {"unsigned"}  # infos: exported without a key


def test_every_ob3_file_passes_the_official_schema(example_export, tmp_path):
    schemas = load_schemas(official_schemas())
    ob3_files = example_export.paths("ob3/")
    assert ob3_files
    served = ExportFiles(write_export(example_export, tmp_path / "site"))  # the CASE items the alignments name
    for path in ob3_files:
        doc = example_export.json(path)
        problems = check_document(doc, path, schemas=schemas, files=served)
        assert problems == [], (path, [p.text("en") for p in problems])


def test_the_schema_itself_rejects_a_bare_string_image(example_export):
    # guards against a check that passes because the schemas were not really applied
    schemas = load_schemas(official_schemas())
    path = example_export.paths("ob3/endorsements/")[0]
    doc = example_export.json(path)
    assert not list(schemas.validators["ob3-endorsement"].iter_errors(doc))
    doc["issuer"]["image"] = "https://x.org/a.png"
    assert list(schemas.validators["ob3-endorsement"].iter_errors(doc))


def test_only_adopted_badges_unless_asked(mini):
    default = export_framework(mini, BASE, only="ob2")
    assert "ob2/badges/idee.json" not in default.files
    assert "ob2/badges/commis-v1.json" not in default.files
    everything = export_framework(mini, BASE, only="ob2", include_unadopted=True)
    assert "ob2/badges/idee.json" in everything.files


def test_badgeclass_fields(mini):
    result = export_framework(mini, BASE, only="ob2")
    badge = result.json("ob2/badges/accueil.json")
    assert badge["criteria"]["id"] == f"{BASE}/badges/accueil.html"
    assert badge["@language"] == "fr"
    assert "alignment" in badge and "alignments" not in badge
    urls = [a["targetUrl"] for a in badge["alignment"]]
    assert urls[0].startswith(BASE)  # the recognised competency, under the base URL
    assert "https://www.francetravail.fr/rome/competence/300404" in urls  # its ROME reference item
    assert "https://www.certificat-clea.fr/referentiel/#1-1" in urls  # its CléA reference item
    assert badge["issuer"] == f"{BASE}/ob2/issuers/ligue.json"
    assert badge["endorsement"] == [f"{BASE}/ob2/endorsements/accueil--resto.json"]
    issuer = result.json("ob2/issuers/ligue.json")
    assert {"id", "type", "name", "url", "email"} <= issuer.keys()
    endorsement = result.json("ob2/endorsements/accueil--resto.json")
    assert endorsement["type"] == "Endorsement" and endorsement["claim"]["id"] == badge["id"]
    assert badge["image"] == f"{BASE}/images/accueil.png"
    assert result.files["images/accueil.png"].startswith(b"\x89PNG")


def test_criteria_narrative_is_generated_from_the_requirement(mini):
    result = export_framework(mini, BASE, only="ob2,ob3")
    commis = mini.badge("commis")
    for lang, path in (("fr", "ob2/badges/commis.json"), ("en", "ob2/badges/commis.en.json")):
        sentence = describe_requirement(mini, commis.requires, lang)
        assert sentence in result.json(path)["criteria"]["narrative"].replace("\\", "")
    narrative = result.json("ob3/achievements/commis.en.json")["criteria"]["narrative"]
    assert "Holds all of: Hygiène en cuisine; 1 of: Welcoming, Teamwork" in narrative


def test_ob3_achievement_shape(mini):
    result = export_framework(mini, BASE, only="ob3")
    ach = result.json("ob3/achievements/commis.json")
    assert ach["@context"] == OB3_CONTEXTS and ach["@context"][0] == VC2_CONTEXT
    assert ach["type"] == ["Achievement"]
    assert ach["achievementType"] == "Competency"
    assert ach["image"]["type"] == "Image" and ach["image"]["caption"]
    assert ach["inLanguage"] == "fr"
    assert all(a["type"] == ["Alignment"] for a in ach["alignment"])
    assert "targetType" not in ach["alignment"][0]  # no CASE package exported: its CASE item is not served
    with_case = export_framework(mini, BASE, only="ob3,case").json("ob3/achievements/commis.json")
    assert with_case["alignment"][0]["targetType"] == "CFItem"
    # related: only the other-language edition and the previous version — never the prerequisites
    related = {r["id"]: r for r in ach["related"]}
    assert related[f"{BASE}/ob3/achievements/commis.en.json"]["inLanguage"] == "en"
    assert related[f"{BASE}/ob3/achievements/commis-v1.json"]["version"] == "1.0"
    assert not any("hygiene" in r for r in related)
    levels = {rd["id"].split("#")[1]: rd for rd in ach["resultDescription"]}
    assert levels["competency-cuisiner"]["requiredLevel"].endswith("#competency-cuisiner-level-confirme")
    assert levels["badge-level"]["rubricCriterionLevel"][1]["type"] == ["RubricCriterionLevel"]
    assert {e["credentialSubject"]["id"] for e in ach["endorsement"]} == {ach["id"]}
    assert result.json("ob3/achievements/hygiene.json")["achievementType"] == "ext:Participation"
    assert "ob3/achievements/hygiene.en.json" not in result.files  # no English name: no English edition
    assert not result.paths("ob3/templates/")  # a credential without a recipient is not published
    endorsement = result.json("ob3/endorsements/commis--resto.json")
    assert endorsement["type"] == ["VerifiableCredential", "EndorsementCredential"]
    assert set(result.paths("ob3/profiles/")) == {f"ob3/profiles/{p.id}.json" for p in mini.partners}


def test_no_nulls_or_empty_arrays_anywhere(mini):
    result = export_framework(mini, BASE, only="ob3")

    def walk(value):
        assert value is not None and value != [] and value != ""
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for path in result.paths("ob3/"):
        walk(result.json(path))


def test_associations_hold_the_requirement_logic(mini):
    data = export_framework(mini, BASE, only="ob3").json("clr/associations.json")
    ach = f"{BASE}/ob3/achievements/"
    pairs = {(a["associationType"], a["sourceId"], a["targetId"]) for a in data["association"]}
    assert ("precedes", ach + "hygiene.json", ach + "commis.json") in pairs
    assert ("isPartOf", ach + "equipe.json", ach + "parcours-restauration.json") in pairs  # milestone
    assert ("replacedBy", ach + "commis-v1.json", ach + "commis.json") in pairs
    requirement = next(r for r in data["requirement"] if r["achievement"] == ach + "commis.json")
    assert requirement["of"][0] == ach + "hygiene.json"
    assert requirement["of"][1] == {"count": 1, "of": [ach + "accueil.json", ach + "equipe.json"]}
    assert data["pathway"][0]["stage"][0]["count"] == 1


def test_export_is_deterministic_and_ids_derive_from_base_url(mini):
    first = export_framework(mini, BASE)
    second = export_framework(load_framework(FIXTURE), BASE)
    assert first.files == second.files
    other = export_framework(mini, "https://elsewhere.example.net/x/")
    endorsement_ids = {first.json(p)["id"] for p in first.paths("ob3/endorsements/")[:1]} | \
        {other.json(p)["id"] for p in other.paths("ob3/endorsements/")[:1]}  # fmt: skip
    assert len(endorsement_ids) == 2
    assert other.json("ob2/badges/accueil.json")["id"] == "https://elsewhere.example.net/x/ob2/badges/accueil.json"


def test_issuer_without_email_blocks_every_export_naming_the_partner(mini):
    # validate reports it (an OB 2.0 issuer Profile requires an email), so no export goes through either
    partners = [p.model_copy(update={"email": ""}) if p.id == "cnam" else p for p in mini.partners]
    broken = mini.replace(partners=partners)
    for only in (None, "ob3,site"):
        with pytest.raises(PublishingBlocked, match="issuer-incomplete  partner:cnam › email") as caught:
            export_framework(broken, BASE, only=only)
        assert isinstance(caught.value, BadgeWorkbenchError)
        assert [p.code for p in caught.value.report] == ["issuer-incomplete"]


def test_ob2_still_names_an_incomplete_profile_when_the_gate_is_passed_a_report(mini):
    # the exporter's own check stays, for a caller that hands it a report made elsewhere
    partners = [p.model_copy(update={"email": ""}) if p.id == "cnam" else p for p in mini.partners]
    with pytest.raises(IssuerProfileIncomplete, match="'cnam' has no email"):
        export_framework(mini.replace(partners=partners), BASE, checked=Report([]))


def test_uploaded_image_that_is_not_png_or_svg_is_refused_by_name(mini, tmp_path):
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 64)
    badges = [b.model_copy(update={"image": ImageDesign(upload="photo.jpg")}) if b.id == "accueil" else b
              for b in mini.badges]  # fmt: skip
    with pytest.raises(UnsupportedImageFormat, match=r"badge 'accueil' image photo\.jpg.*JPEG"):
        export_framework(mini.replace(badges=badges), BASE, images_dir=tmp_path)


def test_uploaded_svg_is_accepted_and_drawn_into_the_png(mini, tmp_path):
    (tmp_path / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    badges = [b.model_copy(update={"image": ImageDesign(upload="logo.svg")}) if b.id == "accueil" else b
              for b in mini.badges]  # fmt: skip
    result = export_framework(mini.replace(badges=badges), BASE, images_dir=tmp_path)
    assert result.files["images/accueil.png"].startswith(b"\x89PNG")
    assert result.json("ob3/achievements/accueil.json")["image"]["id"].endswith("/images/accueil.png")


def test_unknown_part_is_refused_with_a_suggestion(mini):
    with pytest.raises(BadgeWorkbenchError, match="Did you mean 'site'"):
        export_framework(mini, BASE, only="ob2,sit")


def test_progress_is_reported(mini):
    seen = []
    export_framework(mini, BASE, only="ob3", progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1]


def test_write_export_is_atomic(mini, tmp_path, monkeypatch):
    out = tmp_path / "export"
    first = export_framework(mini, BASE, only="ob2")
    write_export(first, out)
    before = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    second = export_framework(mini, BASE, only="ob2,ob3,site")
    calls = {"n": 0}
    real = Path.write_bytes

    def failing(self, data):
        calls["n"] += 1
        if calls["n"] == 10:
            raise OSError(28, "No space left on device")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing)
    with pytest.raises(OpenBadgesError, match="No space left on device"):  # one sentence, not the OSError
        write_export(second, out)
    monkeypatch.undo()
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == before
    assert [p.name for p in tmp_path.iterdir()] == ["export"]  # no temporary folder left behind
    write_export(second, out)
    assert (out / "index.html").exists() and (out / MANIFEST).exists()


def test_write_export_refuses_a_folder_that_is_not_an_export(mini, tmp_path):
    out = tmp_path / "documents"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"precious")
    with pytest.raises(ExportFolderRefused):
        write_export(export_framework(mini, BASE, only="ob2"), out)
    assert (out / "thesis.docx").read_bytes() == b"precious"


def test_badge_without_issuer_is_named(mini):
    broken = mini.replace(badges=[*mini.badges, Badge(id="orphelin", name={"fr": "Orphelin"})])
    with pytest.raises(PublishingBlocked, match="missing-issuer  badge:orphelin › issuer") as caught:
        export_framework(broken, BASE)
    assert "missing-issuer" in caught.value.report.codes()


def test_validate_warns_of_an_unadopted_badge_without_issuer_that_include_unadopted_would_refuse(mini):
    from badgeworkbench.check import check
    from badgeworkbench.openbadges.errors import BadgeWithoutIssuer

    model = next(b for b in mini.badges if b.status == "adopted")
    proposal = model.model_copy(update={"id": "proposition", "status": "proposed", "issuer": None})
    framework = mini.replace(badges=[*mini.badges, proposal])
    report = check(framework)
    warned = [p for p in report if p.code == "unadopted-without-issuer"]
    assert [(p.item, p.field, str(p.severity)) for p in warned] == [("badge:proposition", "issuer", "warning")]
    assert "--include-unadopted" in warned[0].text("en") and "non adoptés" in warned[0].text("fr")
    assert not report.errors  # validate passes: the ordinary export leaves the proposal out…
    assert "ob2/badges/proposition.json" not in export_framework(framework, BASE, only="ob2").files
    with pytest.raises(BadgeWithoutIssuer, match="'proposition'"):  # …and the one the warning names refuses it
        export_framework(framework, BASE, only="ob2", include_unadopted=True)
    given = proposal.model_copy(update={"issuer": model.issuer})  # with an issuer: no warning, and it exports
    framework = mini.replace(badges=[*mini.badges, given])
    assert "unadopted-without-issuer" not in check(framework).codes()
    export_framework(framework, BASE, only="ob2", include_unadopted=True)


def test_manifest_lists_every_file(mini):
    result = export_framework(mini, BASE)
    manifest = json.loads(result.files[MANIFEST])
    assert set(manifest["files"]) == set(result.files) - {MANIFEST}
    assert manifest["base_url"] == BASE


def test_partner_email_is_not_needed_for_ob3_only(mini):
    partners = [*mini.partners, Partner(id="sans-mail", name="Sans mail")]
    result = export_framework(mini.replace(partners=partners), BASE, only="ob3")
    assert "ob3/profiles/sans-mail.json" in result.files


def test_images_drawn_in_worker_processes_are_identical(mini, monkeypatch):
    from badgeworkbench.openbadges import artwork

    sequential = export_framework(mini, BASE, only="ob3,site")
    monkeypatch.setattr(artwork, "PARALLEL_FROM", 2)
    assert artwork._workers(len(mini.badges)) >= 1
    parallel = export_framework(mini, BASE, only="ob3,site")
    assert parallel.files == sequential.files


def test_case_package_and_alignment_targets_resolve(mini):
    result = export_framework(mini, BASE)
    package = result.json("case/cvl-mini.json")
    uris = {item["uri"] for item in package["CFItems"]}
    achievement = result.json("ob3/achievements/accueil.json")
    target = achievement["alignment"][0]["targetUrl"]
    assert target in uris  # the competency's CASE item
    assert result.json(target.removeprefix(BASE + "/"))["uri"] == target  # served at its URI
    types = {a["associationType"] for a in package["CFAssociations"]}
    assert {"isChildOf", "precedes"} <= types


def test_case_part_is_deterministic(mini):
    assert export_framework(mini, BASE, only="case").files == export_framework(mini, BASE, only="case").files


def test_alignments_without_url_are_reported_not_silently_dropped(mini):
    result = export_framework(mini, BASE, only="ob2")
    notes = [p for p in result.report.problems if p.code == "alignment-without-url"]
    assert notes and "Travailler en équipe" in notes[0].text("en")  # the CléA item without URL in the fixture
    assert all(a["targetUrl"] for a in result.json("ob2/badges/equipe.json")["alignment"])


# --- the export folder belongs to the export that made it, and only as far as its manifest goes ---------


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _user_files(out: Path) -> dict[str, bytes]:
    (out / "CNAME").write_text("badges.example.org\n")
    (out / ".git").mkdir()
    (out / ".git" / "config").write_text("[core]\n")
    (out / "images" / "logo-du-site.png").write_bytes(b"mine")
    (out / "notes").mkdir()
    (out / "notes" / "a-lire.txt").write_text("à garder")
    return {p: (out / p).read_bytes() for p in ("CNAME", ".git/config", "images/logo-du-site.png", "notes/a-lire.txt")}


def test_re_exporting_replaces_only_what_the_export_wrote(mini, tmp_path):
    out = write_export(export_framework(mini, BASE, only="ob2,site"), tmp_path / "site")
    mine = _user_files(out)
    result = export_framework(mini.replace(title={"fr": "Nouveau titre"}), BASE, only="site")  # OB 2.0 no more
    write_export(result, out)
    assert {p: (out / p).read_bytes() for p in mine} == mine  # CNAME, .git/, a user's image and folder kept
    assert not (out / "ob2").exists()  # what the earlier export wrote and this one does not is gone
    assert "Nouveau titre" in (out / "index.html").read_text("utf-8")
    written = json.loads((out / MANIFEST).read_bytes())["files"]
    assert set(written) == set(result.files) - {MANIFEST}  # the manifest lists what this export wrote, nothing else
    assert {p: d for p, d in _tree(out).items() if p not in mine} == result.files


def test_a_folder_without_manifest_is_refused_unless_forced_and_even_then_nothing_is_removed(mini, tmp_path):
    out = tmp_path / "public"
    (out / "images").mkdir(parents=True)
    (out / "CNAME").write_text("badges.example.org\n")
    (out / "images" / "photo.png").write_bytes(b"mine")
    before = _tree(out)
    result = export_framework(mini, BASE, only="ob3")
    with pytest.raises(ExportFolderRefused, match="--force"):
        write_export(result, out)
    assert _tree(out) == before
    write_export(result, out, force=True)
    assert {p: d for p, d in _tree(out).items() if p in before} == before
    assert (out / MANIFEST).exists() and (out / "ob3").is_dir()


def test_force_never_writes_over_a_file_the_export_did_not_write(mini, tmp_path):
    out = tmp_path / "public"
    out.mkdir()
    (out / "index.html").write_text("<h1>my own page</h1>")
    with pytest.raises(ExportFolderRefused, match=r"index\.html"):
        write_export(export_framework(mini, BASE, only="site"), out, force=True)
    assert _tree(out) == {"index.html": b"<h1>my own page</h1>"}


def test_an_exported_file_changed_by_hand_is_not_replaced_unless_forced(mini, tmp_path):
    out = write_export(export_framework(mini, BASE, only="site"), tmp_path / "site")
    (out / "style.css").write_text("body { color: hotpink }")
    with pytest.raises(ExportFolderRefused, match=r"style\.css"):
        write_export(export_framework(mini, BASE, only="site"), out)
    assert (out / "style.css").read_text() == "body { color: hotpink }"
    write_export(export_framework(mini, BASE, only="site"), out, force=True)
    assert "hotpink" not in (out / "style.css").read_text()


@pytest.mark.parametrize("planted", ["../outside.txt", "/tmp/outside.txt", ".git/config", "images/../../outside.txt"])
def test_a_planted_manifest_naming_paths_outside_the_export_is_refused(mini, tmp_path, planted):
    outside = tmp_path / "outside.txt"
    outside.write_text("precious")
    out = tmp_path / "site"
    (out / ".git").mkdir(parents=True)
    (out / ".git" / "config").write_text("[core]\n")
    digest = hashlib.sha256(b"precious").hexdigest()
    (out / MANIFEST).write_text(json.dumps({"generator": "badgeworkbench", "files": {planted: digest}}))
    before = _tree(out)
    with pytest.raises(ExportFolderRefused, match="not written by Badge Workbench"):
        write_export(export_framework(mini, BASE, only="ob3"), out)
    assert outside.read_text() == "precious" and _tree(out) == before


def test_a_link_planted_in_the_export_cannot_lead_the_next_export_outside(mini, tmp_path):
    out = write_export(export_framework(mini, BASE, only="site"), tmp_path / "site")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "accueil.html").write_text("precious")
    shutil.rmtree(out / "badges")
    (out / "badges").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(ExportFolderRefused):
        write_export(export_framework(mini, BASE, only="site"), out)
    assert _tree(elsewhere) == {"accueil.html": b"precious"}


@pytest.mark.parametrize("failing_move", [2, 60])  # while moving the old files aside, then the new ones in
def test_a_failure_while_moving_files_into_place_puts_everything_back(mini, tmp_path, monkeypatch, failing_move):
    out = write_export(export_framework(mini, BASE, only="ob2"), tmp_path / "site")
    (out / "CNAME").write_text("badges.example.org\n")
    before = _tree(out)
    second = export_framework(mini, BASE, only="ob2,ob3,site")
    real, calls = os.replace, {"n": 0}

    def failing(src, dst):
        calls["n"] += 1
        if calls["n"] == failing_move:
            raise OSError(28, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(OpenBadgesError, match="No space left on device"):  # one sentence, not the OSError
        write_export(second, out)
    monkeypatch.undo()
    assert calls["n"] >= failing_move  # it failed there, and put back what it had moved
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no temporary folder left behind
    write_export(second, out)
    assert (out / "CNAME").read_text() == "badges.example.org\n" and (out / "index.html").exists()


def test_export_command_force_keeps_the_folders_files(tmp_path):
    from click.testing import CliRunner

    from badgeworkbench.cli import main

    out = tmp_path / "public"
    out.mkdir()
    (out / "CNAME").write_text("badges.example.org\n")
    args = ["export", str(FIXTURE), "--base-url", BASE, "--out", str(out), "--only", "ob3"]
    refused = CliRunner().invoke(main, args)
    assert refused.exit_code == 1 and "--force" in refused.output
    assert CliRunner().invoke(main, [*args, "--force"]).exit_code == 0
    assert CliRunner().invoke(main, args).exit_code == 0  # now an export folder: no --force needed
    assert (out / "CNAME").read_text() == "badges.example.org\n"


def test_an_earlier_exports_templates_are_removed_on_re_export(mini, tmp_path):
    # An export made before templates stopped being published: its manifest lists them, so they are its own.
    current = export_framework(mini, BASE)
    template = {"@context": OB3_CONTEXTS, "id": "urn:uuid:1", "type": ["VerifiableCredential", "OpenBadgeCredential"],
                "credentialSubject": {"type": ["AchievementSubject"]}}  # fmt: skip
    files = {**current.files, "ob3/templates/accueil.json": json.dumps(template).encode()}
    manifest = json.loads(files[MANIFEST])
    manifest["files"]["ob3/templates/accueil.json"] = hashlib.sha256(files["ob3/templates/accueil.json"]).hexdigest()
    files[MANIFEST] = json.dumps(manifest).encode()
    out = write_export(ExportResult(files, current.base_url), tmp_path / "site")
    assert (out / "ob3/templates/accueil.json").exists()
    write_export(current, out)
    assert not (out / "ob3/templates").exists() or not any((out / "ob3/templates").iterdir())
    assert "ob3/templates/accueil.json" not in json.loads((out / MANIFEST).read_text())["files"]


def test_example_alignment_target_types(example_export):
    """CFItem only for the CASE items the export serves; the ROME and ESCO references get their ext: type."""
    by_type: dict[str, set[str]] = {}
    for path in example_export.paths("ob3/achievements/"):
        for alignment in example_export.json(path)["alignment"]:
            by_type.setdefault(alignment.get("targetType", ""), set()).add(alignment["targetUrl"])
    for url in by_type["CFItem"]:
        item = example_export.json(url.removeprefix(BASE + "/"))  # served at its own URI, as a CFItem
        assert item["uri"] == url and item["identifier"] in url
    assert by_type["ext:ROME"] and all("francetravail" in url for url in by_type["ext:ROME"])
    assert by_type["ext:ESCO"] and all("data.europa.eu/esco" in url for url in by_type["ext:ESCO"])
    assert set(by_type) == {"CFItem", "ext:ROME", "ext:ESCO"}  # the framework file calls them all CFItem


@pytest.mark.parametrize(("framework", "url", "declared", "expected"), [
    ("CléA", "https://www.certificat-clea.fr/", "CFItem", "ext:CleA"),
    ("RNCP", "https://www.francecompetences.fr/recherche/rncp/37860/", "", "ext:RNCP"),
    ("Référentiel maison", "https://data.europa.eu/esco/occupation/f2b15a0e-e65a-438a-affb-29b9d50b77d1", "CFItem",
     "ext:ESCO"),  # known by its URL
    ("OpenSALT", "https://opensalt.net/uri/0b4ea2c6-2b5a-4a6e-8f31-9d3c5f1e7a10", "CFItem", "CFItem"),
    ("Réseau local", "https://example.org/competences/42", "CFItem", ""),  # not a CASE item: no type rather than a false one
    ("CTDL", "https://credentialengineregistry.org/resources/ce-1", "ceasn:Competency", "ceasn:Competency"),
    ("Local", "https://example.org/x", "occupation", "ext:occupation"),
])  # fmt: skip
def test_reference_target_types(framework, url, declared, expected):
    from badgeworkbench.model import Alignment
    from badgeworkbench.openbadges.context import reference_target_type

    alignment = Alignment(framework=framework, name="x", url=url, target_type=declared)
    assert reference_target_type(alignment) == expected


def test_a_jwt_signed_export_publishes_the_endorsers_keys(mini, tmp_path):
    """Each endorsement VC-JWT names its key by kid: the export publishes it, and awarding then re-exporting with
    the same key keeps it (the same bytes), so every signature can be checked from the folder."""
    from badgeworkbench.openbadges import award_badges
    from badgeworkbench.openbadges.award import EarnerRow
    from badgeworkbench.openbadges.issuing import SigningPlan
    from badgeworkbench.openbadges.signing import generate_key, load_signing_key

    key = load_signing_key(generate_key(tmp_path / "k.key"))
    plan = SigningPlan(key, "jwt")
    out = write_export(export_framework(mini, BASE, signing=plan), tmp_path / "site")
    assert (out / "ob3/keys/resto.json").is_file()  # the endorser of accueil
    assert check_export(out, shared=official_schemas()).problems == []
    awards = award_badges(mini, [EarnerRow(2, "a@example.org", "accueil", "2026-05-01")], BASE, signing_key=key,
                          proof="jwt")  # fmt: skip
    write_export(awards, out, merge=True)
    write_export(export_framework(mini, BASE, signing=plan), out)
    report = check_export(out, shared=official_schemas())
    assert report.problems == [], report.to_table("en")


def test_cfitems_are_served_at_their_case_uri_wherever_it_is_under_the_base(mini, tmp_path, monkeypatch):
    """With CASE's own URI form (<base>/uri/<identifier>), each CFItem is served there and the alignments
    typed CFItem point at it; items whose URI is elsewhere are not served, and not typed CFItem."""
    import badgeworkbench.interop.case as case

    package_of, uri_of = case.framework_to_case_package, case.case_item_uri

    def case_form(uri: str) -> str:
        return uri.replace(f"{BASE}/case/", f"{BASE}/uri/")

    def package(*args, **kwargs):
        made = package_of(*args, **kwargs)
        for item in made["CFItems"]:
            item["uri"] = case_form(item["uri"])
        return made

    monkeypatch.setattr(case, "framework_to_case_package", package)
    monkeypatch.setattr(case, "case_item_uri", lambda *args: case_form(uri_of(*args)))
    result = export_framework(mini, BASE)
    served = [p for p in result.files if p.startswith("uri/")]
    assert served and not [p for p in result.files if p.startswith("case/") and p != "case/cvl-mini.json"]
    for path in served:
        assert result.json(path)["uri"] == f"{BASE}/{path}"
    targets = {a["targetUrl"] for a in result.json("ob3/achievements/commis.json")["alignment"]
               if a.get("targetType") == "CFItem"}  # fmt: skip
    assert targets and all(url.removeprefix(BASE + "/") in served for url in targets)
    out = write_export(result, tmp_path / "site")
    report = check_export(out, shared=official_schemas())
    assert not report.errors and not report.warnings, report.to_table("en")

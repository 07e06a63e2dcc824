"""The interop commands: import, export-case, export-moodle, export-graph, reference add/list, align."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from badgeworkbench.cli import main
from badgeworkbench.files import load_framework, save_framework
from badgeworkbench.interop.case import case_package_to_framework

from .fixtures.interop.case.compare import without_case
from .fixtures.interop.sample import sample_framework

FIXTURES = Path(__file__).parent / "fixtures" / "interop"
COMMANDS = [["import"], ["export-case"], ["export-moodle"], ["export-graph"], ["reference"], ["reference", "add"],
            ["reference", "list"], ["align"]]  # fmt: skip


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "restauration"
    save_framework(sample_framework(), path)
    return path


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help(runner, command):
    result = runner.invoke(main, [*command, "--help"])
    assert result.exit_code == 0 and len(result.output.split("\n")[2]) > 10


def test_export_case_then_import_into_a_new_folder_gives_the_same_framework(runner, folder, tmp_path):
    out = tmp_path / "restauration.json"
    result = runner.invoke(main, ["export-case", str(folder), "--out", str(out)])
    assert result.exit_code == 0, result.output
    package = json.loads(out.read_text(encoding="utf-8"))
    assert package["CFDocument"]["uri"].startswith("https://example.org/restauration/uri/")  # the framework's url
    result = runner.invoke(main, ["import", "case", str(out), "--into", str(tmp_path / "copy")])
    assert result.exit_code == 0, result.output
    # the same framework, plus (in ``case``) the CASE identities its items had in the package
    assert without_case(load_framework(tmp_path / "copy")) == without_case(load_framework(folder))
    assert sorted(p.name for p in (tmp_path / "copy").rglob("*.yaml")) == sorted(p.name for p in folder.rglob("*.yaml"))


def test_import_updates_by_id_never_duplicates_and_dry_run_writes_nothing(runner, folder, tmp_path):
    moodle = tmp_path / "moodle.csv"
    result = runner.invoke(main, ["export-moodle", str(folder), "--out", str(moodle)])
    assert result.exit_code == 0
    text = moodle.read_text(encoding="utf-8").replace("Accueillir du public", "Accueillir le public")
    text = text.rstrip("\r\n") + "\r\ncuisiner,dresser,Dresser une assiette,,4,,,,,,,dresser,,\r\n"
    moodle.write_text(text, encoding="utf-8")
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    result = runner.invoke(main, ["import", "moodle", str(moodle), "--into", str(folder), "--dry-run", "--json"])
    assert result.exit_code == 0, result.output
    preview = json.loads(result.output)
    assert preview["dry_run"] and preview["changes"]["added"] == ["competency:dresser"]
    assert "competency:accueillir" in preview["changes"]["changed"]
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before  # nothing written
    result = runner.invoke(main, ["import", "moodle", str(moodle), "--into", str(folder)])
    assert result.exit_code == 0, result.output
    fw = load_framework(folder)
    assert [c.id for c in fw.competencies].count("accueillir") == 1
    welcome = fw.competency("accueillir")
    assert welcome.title == {"fr": "Accueillir le public", "en": "Welcoming people"}  # English kept
    assert welcome.code == "C.1" and welcome.votes == 3  # what Moodle does not carry is kept
    assert fw.competency("dresser").parent == "cuisiner"
    assert len(fw.badges) == len(sample_framework().badges)
    again = runner.invoke(main, ["import", "moodle", str(moodle), "--into", str(folder), "--json"])
    assert json.loads(again.output)["changes"]["added"] == []


def test_import_of_a_broken_file_says_where_and_changes_nothing(runner, folder, tmp_path):
    broken = tmp_path / "cut.json"
    broken.write_text('{"CFDocument": {', encoding="utf-8")
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    result = runner.invoke(main, ["import", "case", str(broken), "--into", str(folder)])
    assert result.exit_code == 2
    assert "cut.json, line 1, column" in result.output and "Traceback" not in result.output
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before


def test_import_with_bad_rows_imports_the_good_ones_and_exits_1(runner, tmp_path):
    bad = tmp_path / "atelier.csv"
    bad.write_bytes("Parent ID number;ID number;Short name\n;ok;Bonne ligne\n;;Sans numéro\n".encode("cp1252"))
    result = runner.invoke(main, ["import", "moodle", str(bad), "--into", str(tmp_path / "new")])
    assert result.exit_code == 1
    assert "atelier.csv:3" in result.output
    assert [c.id for c in load_framework(tmp_path / "new").competencies] == ["ok"]


def test_export_case_needs_a_base_url_when_the_framework_has_none(runner, tmp_path):
    path = tmp_path / "sans-url"
    save_framework(sample_framework().replace(url=""), path)
    result = runner.invoke(main, ["export-case", str(path), "--out", str(tmp_path / "x.json")])
    assert result.exit_code == 1 and "--base-url" in result.output
    result = runner.invoke(main, ["export-case", str(path), "--out", str(tmp_path / "x.json"), "--base-url",
                                  "https://example.org/x", "--no-badges"])
    assert result.exit_code == 0
    fw, _ = case_package_to_framework(json.loads((tmp_path / "x.json").read_text(encoding="utf-8")))
    assert fw.badges == []


def test_reference_add_list_and_align(runner, folder):
    assert runner.invoke(main, ["reference", "add", str(folder), "-", "--kind", "clea"]).exit_code == 0
    result = runner.invoke(main, ["reference", "add", str(folder), str(FIXTURES / "skills_fr.csv"), "--kind", "esco"])
    assert result.exit_code == 1 and "skills_fr.csv:5" in result.output  # the row without URI, reported
    listed = json.loads(runner.invoke(main, ["reference", "list", str(folder), "--json"]).output)
    assert {r["name"]: r["items"] for r in listed} == {"clea": 35, "esco": 4}
    result = runner.invoke(main, ["align", str(folder), "travailer en equipe", "--json", "--reference", "clea"])
    assert result.exit_code == 0
    assert json.loads(result.output)[0]["code"] == "4.2"
    result = runner.invoke(main, ["align", str(folder), "premiers secours"])
    assert "7.3" in result.output
    result = runner.invoke(main, ["align", str(folder), "--competency", "ecouter", "--json"])
    assert result.exit_code == 0 and json.loads(result.output)[0]["code"] == "1.1"  # Écouter et comprendre
    result = runner.invoke(main, ["align", str(folder), "--competency", "inconnue"])
    assert result.exit_code == 1 and "inconnue" in result.output
    assert runner.invoke(main, ["align", str(folder)]).exit_code == 2
    result = runner.invoke(main, ["align", str(folder), "x", "--reference", "absent"])
    assert result.exit_code == 1 and "reference add" in result.output


def test_export_graph_formats(runner, folder, tmp_path):
    for fmt, name in (("graphml", "g.graphml"), ("node-link", "g.json"), ("cytoscape", "g.cyjs")):
        result = runner.invoke(main, ["export-graph", str(folder), "--out", str(tmp_path / name), "--format", fmt])
        assert result.exit_code == 0, result.output
    assert (tmp_path / "g.graphml").read_text(encoding="utf-8").startswith("<?xml")
    assert "links" in json.loads((tmp_path / "g.json").read_text(encoding="utf-8"))
    assert "elements" in json.loads((tmp_path / "g.cyjs").read_text(encoding="utf-8"))


def test_import_xlsx_goes_through_the_spreadsheet_round_trip(runner, folder, tmp_path):
    from badgeworkbench.interop.sheets import framework_to_csv, framework_to_xlsx

    fw = load_framework(folder)
    workbook = tmp_path / "cadre.xlsx"
    workbook.write_bytes(framework_to_xlsx(fw))
    result = runner.invoke(main, ["import", "xlsx", str(workbook), "--into", str(folder), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["changes"]["added"] == []  # the same content: nothing to do
    sheet = tmp_path / "badges.csv"
    sheet.write_bytes(framework_to_csv(fw, "badges").replace("Écoute".encode(), "Écoute active".encode()))
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    result = runner.invoke(main, ["import", "xlsx", str(sheet), "--into", str(folder), "--dry-run"])
    assert result.exit_code == 0 and "badge:ecoute" in result.output
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before
    assert runner.invoke(main, ["import", "xlsx", str(sheet), "--into", str(folder)]).exit_code == 0
    assert load_framework(folder).badge("ecoute").name["fr"] == "Écoute active"
    other = tmp_path / "autre"
    result = runner.invoke(main, ["import", "xlsx", str(workbook), "--into", str(other)])
    assert result.exit_code == 1 and "made for the framework 'restauration'" in result.output
    assert not other.exists()


def test_import_ob_adds_an_open_badge_once(runner, folder, tmp_path):
    from badgeworkbench.model import Badge, Criteria, Framework, Partner
    from badgeworkbench.openbadges import export_framework

    other = Framework(id="autre", title={"fr": "Autre"},
                      partners=[Partner(id="croix", name="Secours 37", url="https://secours.example.org",
                                        email="contact@secours.example.org", roles=["issuer"])],
                      badges=[Badge(id="secourisme", name={"fr": "Secourisme"}, description={"fr": "Premiers secours"},
                                    criteria=Criteria(narrative={"fr": "Réaliser les gestes."}), issuer="croix")])
    files = export_framework(other, "https://badges.example.org/autre", only={"ob2"}).files
    name = next(p for p in files if p.startswith("ob2/") and "secourisme" in p and p.endswith(".json"))
    badge_file = tmp_path / "secourisme.json"
    badge_file.write_bytes(files[name])
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    result = runner.invoke(main, ["import", "ob", str(badge_file), "--into", str(folder), "--dry-run", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["changes"]["added"] == ["badge:secourisme"]
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before
    assert runner.invoke(main, ["import", "ob", str(badge_file), "--into", str(folder)]).exit_code == 0
    imported = load_framework(folder).badge("secourisme")
    assert imported.name["fr"] == "Secourisme" and imported.status == "proposed"
    again = runner.invoke(main, ["import", "ob", str(badge_file), "--into", str(folder), "--json"])
    assert json.loads(again.output)["changes"]["added"] == []

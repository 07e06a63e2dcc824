"""The Open Badges CLI commands: thin skins with documented exit codes."""

from __future__ import annotations

import json
import shutil
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from badgeworkbench.cli import main
from badgeworkbench.openbadges import check_export
from badgeworkbench.openbadges.baking import tiny_png

from .conftest import official_schemas

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "openbadges" / "cvl-mini"
BASE = "https://badges.example.org/cvl"
COMMANDS = ["export", "award", "keygen", "bake", "unbake", "check-export", "import-badges"]


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)

    return invoke


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0 and len(result.output.split("\n")[2]) > 10


def test_export_check_and_json_report(run, tmp_path, monkeypatch):
    monkeypatch.setenv("BADGEWORKBENCH_SHARED", str(official_schemas()))
    out = tmp_path / "site"
    result = run("export", FIXTURE, "--base-url", BASE, "--out", out)
    assert result.exit_code == 0, result.output
    assert (out / "index.html").exists() and (out / "ob2/badges/accueil.json").exists()
    checked = run("check-export", out, "--json")
    assert checked.exit_code == 0
    assert json.loads(checked.output) == check_export(out).to_dict()
    doc = json.loads((out / "ob3/achievements/accueil.json").read_text())
    doc["@context"].reverse()
    (out / "ob3/achievements/accueil.json").write_text(json.dumps(doc))
    broken = run("check-export", out)
    assert broken.exit_code == 1 and "context-order" in broken.output


def test_export_only_and_wrong_part(run, tmp_path):
    result = run("export", FIXTURE, "--base-url", BASE, "--out", tmp_path / "o", "--only", "ob3")
    assert result.exit_code == 0
    assert not (tmp_path / "o" / "ob2").exists() and (tmp_path / "o" / "ob3").exists()
    wrong = run("export", FIXTURE, "--base-url", BASE, "--out", tmp_path / "p", "--only", "ob4")
    assert wrong.exit_code == 1 and "ob4" in wrong.output and not (tmp_path / "p").exists()


def test_partner_without_email_blocks_ob2_and_writes_nothing(run, tmp_path):
    framework = tmp_path / "fw"
    shutil.copytree(FIXTURE, framework)
    partners = (framework / "partners.yaml").read_text("utf-8")
    (framework / "partners.yaml").write_text(partners.replace("contact@cnam.example.org", "''"), "utf-8")
    result = run("export", framework, "--base-url", BASE, "--out", tmp_path / "out")
    assert result.exit_code == 1 and "issuer-incomplete  partners.yaml:" in result.output
    assert "partner:cnam › email" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_keygen_award_bake_unbake(run, tmp_path):
    key = tmp_path / "issuer.key"
    assert run("keygen", key).exit_code == 0
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert run("keygen", key).exit_code == 1  # never overwritten
    earners = tmp_path / "earners.csv"
    earners.write_text(
        "identifiant,badge,date\nalice@example.org,accueil,2026-04-01\nbob@example.org,nope,2026-04-01\n"
    )
    out = tmp_path / "awards"
    result = run("award", FIXTURE, "--earners", earners, "--base-url", BASE, "--out", out, "--sign-key", key,
                 "--proof", "jwt")
    assert result.exit_code == 1  # one row rejected
    assert "Row 3" in result.output and "row 2: accueil" in result.output
    baked = next(out.glob("awards/*-ob2-baked.png"))
    unbaked = run("unbake", baked)
    assert unbaked.exit_code == 0 and json.loads(unbaked.output)["type"] == "Assertion"
    jwt = next(out.glob("awards/*-ob3-baked.png"))
    assert run("unbake", jwt).output.count(".") == 2  # the compact JWS
    (tmp_path / "plain.png").write_bytes(tiny_png())
    payload = tmp_path / "a.json"
    payload.write_text(unbaked.output)
    assert run("bake", tmp_path / "plain.png", payload, "--out", tmp_path / "b.png").exit_code == 0
    assert json.loads(run("unbake", tmp_path / "b.png").output) == json.loads(unbaked.output)
    not_baked = run("unbake", tmp_path / "plain.png")
    assert not_baked.exit_code == 1 and "no baked badge" in not_baked.output
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0xx")
    refused = run("bake", tmp_path / "photo.jpg", payload, "--out", tmp_path / "c.jpg")
    assert refused.exit_code == 1 and "photo.jpg" in refused.output and "PNG or SVG" in refused.output


def test_import_badges_command(run, tmp_path):
    framework = tmp_path / "fw"
    shutil.copytree(FIXTURE, framework)
    badge = {"@context": "https://w3id.org/openbadges/v2", "type": "BadgeClass", "id": "https://x.org/b.json",
             "name": "Jardiner", "description": "Cultive un potager.", "image": "https://x.org/b.png",
             "criteria": {"narrative": "Une saison."},
             "issuer": {"type": "Issuer", "id": "https://x.org/i.json", "name": "Jardins", "url": "https://x.org",
                        "email": "j@x.org"}}  # fmt: skip
    (tmp_path / "b.json").write_text(json.dumps(badge))
    result = run("import-badges", framework, tmp_path / "b.json")
    assert result.exit_code == 0, result.output
    assert (framework / "badges" / "jardiner.yaml").exists()

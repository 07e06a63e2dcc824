"""The analyze / next / draw commands: thin skins whose --json equals the library's own output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from badgeworkbench.cli import main
from badgeworkbench.constellation import analyze, constellation_svg, next_steps, within_reach
from badgeworkbench.files import load_framework

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "constellation"
KITCHEN = str(FIXTURES / "kitchen")
BROKEN = str(FIXTURES / "bad-requirements")


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize("command", ["analyze", "next", "draw"])
def test_every_command_has_help(command):
    result = run(command, "--help")
    assert result.exit_code == 0 and len(result.output.split("\n")[2]) > 20


def test_analyze_json_equals_the_library(tmp_path):
    result = run("analyze", KITCHEN, "--json")
    assert result.exit_code == 0
    assert json.loads(result.output) == analyze(load_framework(KITCHEN)).to_dict()


def test_analyze_prints_counts_in_french():
    result = run("analyze", KITCHEN)
    assert result.exit_code == 0
    assert "Compétences reconnues par aucun badge\u202f: 2" in result.output
    assert "Badges en double\u202f: 1" in result.output and "mjc\u202f: 2 compétences proposées" in result.output


def test_analyze_names_broken_requirements_and_still_answers():
    result = run("analyze", BROKEN, "--lang", "en")
    assert result.exit_code == 0
    assert "Requirement cycles: 1" in result.output and "d → e → d" in result.output
    assert "'ghost'" in result.output and "'3 of 2'" in result.output and "'fantome'" in result.output


def test_next_json_has_within_reach_and_routes_equal_to_the_library():
    result = run("next", KITCHEN, "--holding", "cuisine, accueil", "--target", "chef", "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    fw = load_framework(KITCHEN)
    assert data == next_steps(fw, ["cuisine", "accueil"], "chef").to_dict()
    assert data["within_reach"] == within_reach(fw, ["cuisine", "accueil"]) == []
    assert data["routes"] == [{"badges": ["service", "commis", "chef"], "length": 3}]


def test_next_prints_routes_with_names():
    result = run("next", KITCHEN, "--holding", "cuisine", "--target", "chef")
    assert result.exit_code == 0
    assert "1. (4 badges) Accueil du public → Service en salle → Commis de cuisine → Chef de partie" in result.output


def test_next_without_holding_or_target():
    result = run("next", KITCHEN, "--json")
    assert result.exit_code == 0 and json.loads(result.output)["routes"] == []


@pytest.mark.parametrize(("args", "wrong", "suggestion"), [
    (["--holding", "cuisine,acceuil"], "acceuil", "accueil"),
    (["--holding", "cuisine", "--target", "chefs"], "chefs", "chef"),
])  # fmt: skip
def test_next_names_an_unknown_id_with_a_suggestion(args, wrong, suggestion):
    result = run("next", KITCHEN, *args)
    assert result.exit_code == 1
    assert f"'{wrong}'" in result.output and f"Did you mean '{suggestion}'" in result.output
    assert "Traceback" not in result.output


def test_draw_svg_and_png(tmp_path):
    out = tmp_path / "kitchen.svg"
    result = run("draw", KITCHEN, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == constellation_svg(load_framework(KITCHEN))
    png = tmp_path / "coverage.png"
    assert run("draw", KITCHEN, "--out", str(png), "--what", "coverage").exit_code == 0
    assert Image.open(png).format == "PNG"
    assert not list(tmp_path.glob("*.part"))


def test_draw_refuses_other_formats_and_writes_nothing(tmp_path):
    result = run("draw", KITCHEN, "--out", str(tmp_path / "kitchen.pdf"))
    assert result.exit_code == 2 and ".svg or .png" in result.output
    assert list(tmp_path.iterdir()) == []


def test_draw_into_a_missing_folder_says_so(tmp_path):
    result = run("draw", KITCHEN, "--out", str(tmp_path / "nope" / "kitchen.svg"))
    assert result.exit_code == 2 and "does not exist" in result.output and "Traceback" not in result.output

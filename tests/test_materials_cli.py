"""The CLI skin: materials, template, apply-sheet."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from badgeworkbench.cli import main
from badgeworkbench.files import load_framework, save_framework
from badgeworkbench.interop.sheets import read_sheet
from tests.fixtures.materials.sample import sample_framework


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "atelier"
    save_framework(sample_framework(), path)
    return path


def _invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.mark.parametrize("command", ["materials", "template", "apply-sheet"])
def test_every_command_has_help(command):
    result = _invoke(command, "--help")
    assert result.exit_code == 0 and len(result.output.split("\n")[2]) > 20


def test_materials_writes_the_chosen_kits(folder, tmp_path):
    result = _invoke("materials", folder, "--kit", "deck,poster", "--out", tmp_path / "print", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "print").iterdir()) == [
        "deck.html",
        "deck.pdf",
        "poster.html",
        "poster.pdf",
    ]


def test_materials_unknown_kit_says_did_you_mean(folder, tmp_path):
    result = _invoke("materials", folder, "--kit", "deck,postr", "--out", tmp_path / "print")
    assert result.exit_code == 1
    assert "Did you mean 'poster'" in result.output
    assert not (tmp_path / "print").exists()  # every name is checked before anything is written


def test_template_then_apply_sheet(folder, tmp_path):
    sheet = tmp_path / "hotel.xlsx"
    assert _invoke("template", folder, "--out", sheet, "--partner", "hotel").exit_code == 0
    wb = load_workbook(sheet)
    ws = wb["badges"]
    header = {c.value: c.column for c in ws[1]}
    row = ws.max_row + 1
    ws.cell(row, header["name_fr"]).value = "Réceptionniste de nuit"
    ws.cell(row + 1, header["name_fr"]).value = "=1+1"
    wb.save(sheet)
    before = (folder / "badges").glob("*.yaml")
    before = {p.name: p.read_bytes() for p in before}

    dry = _invoke("apply-sheet", folder, sheet, "--dry-run")
    assert dry.exit_code == 1  # one row rejected
    assert "+ badge:receptionniste-de-nuit" in dry.output and f"badges, ligne {row + 1}, colonne name_fr" in dry.output
    assert {p.name: p.read_bytes() for p in (folder / "badges").glob("*.yaml")} == before  # nothing written

    as_json = _invoke("apply-sheet", folder, sheet, "--dry-run", "--json")
    assert json.loads(as_json.output) == read_sheet(load_framework(folder), sheet.read_bytes()).to_dict()

    applied = _invoke("apply-sheet", folder, sheet)
    assert applied.exit_code == 1 and "1 added, 0 changed" in applied.output
    saved = load_framework(folder)
    new = saved.badge("receptionniste-de-nuit")
    assert new is not None and new.status == "proposed" and new.provenance.proposed_by == "hotel"
    assert len(saved.badges) == len(sample_framework().badges) + 1


def test_template_as_csv(folder, tmp_path):
    out = tmp_path / "competences.csv"
    assert _invoke("template", folder, "--out", out, "--kind", "competencies").exit_code == 0
    text = out.read_bytes().decode("utf-8-sig")
    assert text.startswith("id;ref;title_fr") and "'=SOMME(A1:A9)" in text


def test_template_unknown_partner(folder, tmp_path):
    result = _invoke("template", folder, "--out", tmp_path / "t.xlsx", "--partner", "hotle")
    assert result.exit_code == 1 and "Did you mean 'hotel'" in result.output

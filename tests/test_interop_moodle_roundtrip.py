"""Moodle round trip: what Moodle's tool_lpimportcsv export holds comes back byte for byte, edits excepted.

The fixture is laid out as Moodle writes it (PHP ``fputcsv``: cells quoted only when they hold a comma,
a quote, a backslash or a space; ``\\n`` line ends; the framework row carries the scale, its configuration
and one taxonomy term per depth; competencies carry their Moodle id as exported id and rule outcome 0).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from badgeworkbench.files import load_framework, save_framework
from badgeworkbench.interop.moodle import framework_to_moodle_csv, read_moodle_csv
from badgeworkbench.model import Level

FIXTURE = Path(__file__).parent / "fixtures" / "interop" / "moodle-lpimportcsv-en.csv"


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_moodle_export_comes_back_byte_for_byte(lang):
    original = FIXTURE.read_bytes()
    framework, report = read_moodle_csv(FIXTURE, lang=lang)
    assert report.ok
    assert framework_to_moodle_csv(framework).encode("utf-8") == original


def test_the_english_scale_description_format_and_taxonomy_survive_the_saved_framework(tmp_path):
    framework, _ = read_moodle_csv(FIXTURE, lang="en")
    save_framework(framework, tmp_path / "fw")
    again = load_framework(tmp_path / "fw")
    exported = rows(framework_to_moodle_csv(again))
    framework_row = exported[1]
    assert framework_row[5] == "Not yet competent,Competent"  # not "Pas encore acquis,Acquis"
    assert framework_row[6].startswith('[{"scaleid":"2"}')
    assert framework_row[13] == "domain,outcome,indicator,level"  # "outcome" is not rewritten as "competency"
    assert framework_row[3:5] == ["<p>A <strong>short</strong> digital skills framework.</p>", "1"]
    by_id = {row[1]: row for row in exported[2:]}
    assert by_id["DOM1.1.a"][3:7] == [
        "Chooses relevant keywords",
        "2",
        "Not yet,Partly,Fully",
        '[{"scaleid":"7"},{"id":1,"scaledefault":1,"proficient":0},'
        '{"id":2,"scaledefault":0,"proficient":1},{"id":3,"scaledefault":0,"proficient":1}]',
    ]
    assert by_id["DOM2"][7:9] == ["core_competency\\competency_rule_all", "1"]
    assert [by_id[i][11] for i in ("DOM1", "DOM1.1", "DOM2.1")] == ["12", "13", "16"]
    assert by_id["DOM1.1"][10] == "DOM2.1" and by_id["DOM2.1"][10] == "DOM1.1"  # listed on both sides, as Moodle does
    assert framework_to_moodle_csv(again).encode("utf-8") == FIXTURE.read_bytes()


def test_an_edited_description_is_written_as_markdown_and_an_edited_scale_gets_its_own_configuration():
    framework, _ = read_moodle_csv(FIXTURE, lang="en")
    search = framework.competency("DOM1.1")
    keywords = framework.competency("DOM1.1.a")
    edited = framework.replace(competencies=[
        search.model_copy(update={"description": {"en": "Use a **search engine**."}}) if c.id == "DOM1.1" else
        keywords.model_copy(update={"levels": [Level(id="no", name={"en": "No"}), Level(id="yes", name={"en": "Yes"})]})
        if c.id == "DOM1.1.a" else c
        for c in framework.competencies
    ])  # fmt: skip
    by_id = {row[1]: row for row in rows(framework_to_moodle_csv(edited))[2:]}
    assert by_id["DOM1.1"][3:5] == ["Use a **search engine**.", "4"]  # no stale HTML
    assert by_id["DOM1.1.a"][5] == "No,Yes"
    assert by_id["DOM1.1.a"][6] == (
        '[{"scaleid":null},{"id":1,"scaledefault":1,"proficient":0},{"id":2,"scaledefault":0,"proficient":1}]'
    )  # the 3-value configuration no longer fits
    assert by_id["DOM2.1"][3:5] == ["<p>Share files &amp; links with others.</p>", "1"]  # untouched: as Moodle wrote it


def test_the_imported_texts_are_readable_markdown_in_the_import_language():
    framework, _ = read_moodle_csv(FIXTURE, lang="en")
    assert framework.title == {"en": "Digital skills (lite)"} and framework.languages[0] == "en"
    assert framework.competency("DOM1.1").description["en"] == (
        "Use a *search engine* to find information:\n\n- choose keywords\n- compare sources"
    )
    assert [c.kind for c in framework.competencies] == ["domain", "skill", "skill", "domain", "skill"]


def test_importing_into_an_existing_framework_keeps_what_the_moodle_rows_said(tmp_path):
    from click.testing import CliRunner

    from badgeworkbench.cli import main

    # the same framework, designed here before (no Moodle cells): the import merges into it
    read, _ = read_moodle_csv(FIXTURE, lang="en")
    designed = read.replace(moodle=None, competencies=[c.model_copy(update={"moodle": None}) for c in read.competencies])
    folder = tmp_path / "fw"
    save_framework(designed, folder)
    before = CliRunner().invoke(main, ["export-moodle", str(folder), "--out", str(tmp_path / "before.csv")])
    assert before.exit_code == 0 and (tmp_path / "before.csv").read_bytes() != FIXTURE.read_bytes()
    imported = CliRunner().invoke(main, ["import", "moodle", str(FIXTURE), "--into", str(folder), "--lang", "en"])
    assert imported.exit_code == 0, imported.output
    exported = CliRunner().invoke(main, ["export-moodle", str(folder), "--out", str(tmp_path / "back.csv")])
    assert exported.exit_code == 0, exported.output
    assert (tmp_path / "back.csv").read_bytes() == FIXTURE.read_bytes()

"""Moodle competency framework CSV: import (HTML → Markdown, bad input) and export (round trip)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from badgeworkbench.interop.moodle import MOODLE_HEADER, framework_to_moodle_csv, read_moodle_csv
from badgeworkbench.interop.tabular import MAX_CELL_CHARS, CsvFileError

from .fixtures.interop.sample import sample_framework

FIXTURES = Path(__file__).parent / "fixtures" / "interop"


def test_a_moodle_export_is_imported_with_hierarchy_scales_relations_and_markdown():
    fw, report = read_moodle_csv(FIXTURES / "moodle-export-html.csv")
    assert report.ok
    assert fw.id == "CLEA-NUM" and fw.title == {"fr": "Compétences numériques"}
    assert fw.description == {"fr": "Référentiel **numérique** du socle"}
    d1 = fw.competency("D1")
    assert d1.kind == "domain" and d1.parent is None
    assert d1.description["fr"] == "Se repérer dans l'environnement numérique\xa0:\n\n- le poste de travail\n- les *fichiers*"
    computer = fw.competency("D1.1")
    assert computer.parent == "D1" and computer.kind == "skill" and computer.code == "D1.1"
    assert computer.description["fr"] == "Allumer, éteindre, [se connecter](https://example.org/aide)"
    assert [lv.name["fr"] for lv in computer.levels] == ["Débutant", "Confirmé", "Expert"]
    assert fw.competency("D1.2").description["fr"] == "Ranger ses fichiers dans des dossiers"  # format 0: kept as is
    assert fw.competency("D1.2.1").parent == "D1.2"
    assert [(r.source, r.type, r.target) for r in fw.relations] == [("D1.1", "isRelatedTo", "D1.2")]  # listed once
    codes = set(report.codes())
    assert {"moodle-rule-not-imported", "moodle-framework-scale"} <= codes
    rule = next(p for p in report.problems if p.code == "moodle-rule-not-imported")
    assert rule.line == 3 and rule.field == "ruletype"


def test_export_has_the_14_columns_and_round_trips():
    fw = sample_framework()
    text = framework_to_moodle_csv(fw)
    header = next(csv.reader(io.StringIO(text)))
    assert header == MOODLE_HEADER and len(header) == 14
    back, report = read_moodle_csv(text.encode(), file="export.csv")
    assert report.errors == []
    assert [c.id for c in back.competencies] == [c.id for c in fw.competencies]
    for original in fw.competencies:
        again = back.competency(original.id)
        assert again.title["fr"] == original.title["fr"]
        assert again.parent == original.parent
        assert again.description.get("fr", "") == original.description.get("fr", "")
        assert [lv.name["fr"] for lv in again.levels] == [lv.name["fr"] for lv in original.levels]
    assert {(r.source, r.target) for r in back.relations} == {
        (r.source, r.target) for r in fw.relations if r.type == "isRelatedTo"}
    # exporting what was imported gives the same file
    assert framework_to_moodle_csv(back).splitlines()[1:] == text.splitlines()[1:]


def _french_excel(rows: list[list[str]]) -> bytes:
    lines = [";".join(MOODLE_HEADER)] + [";".join(r) for r in rows]
    return "\r\n".join(lines).encode("cp1252")


def _row(parent="", idnumber="", name="", description="", fmt="", isframework=""):
    return [parent, idnumber, name, description, fmt, "", "", "", "", "", "", "", isframework, ""]


def test_latin1_semicolon_file_from_french_excel_is_read_with_accents(tmp_path):
    path = tmp_path / "référentiel.csv"
    path.write_bytes(_french_excel([_row(idnumber="ref", name="Référentiel", isframework="1"),
                                    _row(idnumber="c1", name="Être à l'écoute", description="Écoute « active »")]))
    fw, report = read_moodle_csv(path)
    assert fw.competency("c1").title == {"fr": "Être à l'écoute"}
    assert fw.competency("c1").description == {"fr": "Écoute « active »"}
    assert "csv-encoding-guessed" in report.codes()


def test_byte_order_mark_is_not_part_of_the_first_column():
    data = ("\ufeff" + framework_to_moodle_csv(sample_framework())).encode("utf-8")
    fw, report = read_moodle_csv(data)
    assert fw.competency("accueillir").parent == "communiquer"
    assert "csv-encoding-guessed" not in report.codes()


def test_bad_rows_are_reported_with_their_row_and_good_rows_are_imported():
    data = _french_excel([
        _row(idnumber="ref", name="Réf", isframework="1"),
        _row(idnumber="ok1", name="Bonne ligne"),
        _row(idnumber="", name="Sans numéro"),
        _row(idnumber="ok1", name="Doublon"),
        _row(parent="absent", idnumber="ok2", name="Parent inconnu"),
        _row(idnumber="01/02/2024", name="Code devenu date"),
        _row(idnumber="long", name="Longue", description="x" * (MAX_CELL_CHARS + 50)),
    ])
    fw, report = read_moodle_csv(data, file="atelier.csv")
    assert [c.id for c in fw.competencies] == ["ok1", "ok2", "01-02-2024", "long"]
    assert fw.competency("ok2").parent is None
    assert len(fw.competency("long").description["fr"]) == MAX_CELL_CHARS
    located = {(p.code, p.line) for p in report.problems}
    assert ("moodle-row-incomplete", 4) in located
    assert ("moodle-duplicate-idnumber", 5) in located
    assert ("moodle-unknown-parent", 6) in located
    assert ("excel-date", 7) in located
    assert ("csv-cell-too-long", 8) in located
    assert all(p.file == "atelier.csv" for p in report.problems)


def test_formula_cells_are_neutralised_on_export_and_restored_on_import():
    from badgeworkbench.model import Competency, Framework

    fw = Framework(id="f", title={"fr": "+Réf"}, competencies=[
        Competency(id="a", title={"fr": "=HYPERLINK(\"http://x\")"}, description={"fr": "- liste\n- suite"}),
        Competency(id="b", title={"fr": "@mention"}, description={"fr": "+33 6"}),
    ])
    text = framework_to_moodle_csv(fw)
    for row in list(csv.reader(io.StringIO(text)))[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@")), row
    back, _ = read_moodle_csv(text.encode())
    assert back.competency("a").title["fr"] == '=HYPERLINK("http://x")'
    assert back.competency("a").description["fr"] == "- liste\n- suite"
    assert back.competency("b").title["fr"] == "@mention" and back.title["fr"] == "+Réf"


def test_files_that_are_not_moodle_csv_get_a_clear_message(tmp_path):
    empty = tmp_path / "vide.csv"
    empty.write_bytes(b"")
    with pytest.raises(CsvFileError, match=r"vide\.csv: is empty"):
        read_moodle_csv(empty)
    other = tmp_path / "autre.csv"
    other.write_text("nom;prénom\nDupont;Léa\n", encoding="utf-8")
    with pytest.raises(CsvFileError, match=r"autre\.csv, row 1: is not a Moodle competency framework CSV"):
        read_moodle_csv(other)
    with pytest.raises(CsvFileError, match="cannot be read"):
        read_moodle_csv(tmp_path / "absent.csv")

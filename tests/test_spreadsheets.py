"""The spreadsheet round trip: export, partner templates, preview, conflicts, hostile rows."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from badgeworkbench.errors import UnknownItem
from badgeworkbench.interop.sheets import (
    SheetError,
    apply_sheet,
    framework_to_csv,
    framework_to_xlsx,
    neutralise,
    read_sheet,
    template_xlsx,
)
from badgeworkbench.materials.codes import item_reference
from badgeworkbench.model import Criteria
from tests.fixtures.materials.sample import sample_framework


@pytest.fixture(scope="module")
def fw():
    return sample_framework()


def _book(data: bytes):
    return load_workbook(io.BytesIO(data))


def _save(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _same(a, b) -> bool:
    # Compared as data: Framework's == also compares its private look-up cache.
    return a.model_dump() == b.model_dump()


def _header(ws) -> dict[str, int]:
    return {c.value: c.column for c in ws[1]}


def _row_of(ws, ident: str) -> int:
    col = _header(ws)["id"]
    return next(r for r in range(2, ws.max_row + 1) if ws.cell(r, col).value == ident)


def _set(ws, row: int, column: str, value) -> None:
    ws.cell(row, _header(ws)[column]).value = value


# --- export ------------------------------------------------------------------------------------


def test_workbook_has_instructions_sheets_frozen_headers_and_dropdowns(fw):
    wb = _book(framework_to_xlsx(fw))
    assert wb.sheetnames[:4] == ["Instructions", "_lists", "competencies", "badges"]
    instructions = "\n".join(str(c.value) for c in wb["Instructions"]["A"] if c.value)
    assert "Modèle de saisie du référentiel «\u00a0Atelier cuisine & insertion\u00a0»" in instructions
    assert "Input template for the framework" in instructions
    for kind in ("competencies", "badges", "relations"):
        assert wb[kind].freeze_panes == "A2"
    ranges = {str(dv.sqref).split(":")[0][0]: dv.formula1 for dv in wb["badges"].data_validations.dataValidation}
    header = _header(wb["badges"])
    letters = {name: wb["badges"].cell(1, col).column_letter for name, col in header.items()}
    for column in ("status", "level", "category", "issuer"):
        assert letters[column] in ranges, f"no drop-down on badges.{column}"
    lists = wb["_lists"]
    level_range = ranges[letters["level"]].split("!")[1].replace("$", "")
    assert ranges[letters["level"]].startswith("'_lists'!")
    assert [c.value for row in lists[level_range] for c in row] == ["n1", "n2", "n3"]
    assert wb["_lists"].sheet_state == "hidden" and wb["_meta"].sheet_state == "hidden"


def test_no_exported_cell_can_run_as_a_formula(fw):
    hostile = fw.replace(
        badges=[
            *fw.badges[:1],
            fw.badges[1].model_copy(
                update={
                    "name": {"fr": '=HYPERLINK("http://x";"clic")', "en": "+cmd|' /C calc'!A0"},
                    "description": {"fr": "-2+3", "en": "@SUM(1)"},
                    "criteria": Criteria(narrative={"fr": "\tTab", "en": "\rCR"}),
                }
            ),
        ]
    )
    wb = _book(framework_to_xlsx(hostile))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type != "f" for c in cells)
    texts = {c.value for c in cells}
    assert "=SOMME(A1:A9) n'est pas une formule" in texts and '=HYPERLINK("http://x";"clic")' in texts
    assert all(c.quotePrefix for c in cells if str(c.value).startswith(("=", "+", "-", "@", "\t", "\r")))
    csv_text = framework_to_csv(hostile, "badges").decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text and "'+cmd" in csv_text and "'-2+3" in csv_text and "'@SUM" in csv_text
    assert not any(cell.startswith("=") for line in csv_text.splitlines() for cell in line.split(";"))
    assert neutralise("Cuisine") == "Cuisine"


def test_unchanged_round_trip_changes_nothing(fw):
    for data in (
        framework_to_xlsx(fw),
        framework_to_csv(fw, "badges"),
        framework_to_csv(fw, "competencies"),
        framework_to_csv(fw, "relations"),
    ):
        changes = read_sheet(fw, data)
        assert (changes.added, changes.changed, changes.conflicts, changes.rejected) == ([], [], [], []), (
            changes.to_text("en")
        )
        assert _same(apply_sheet(fw, changes), fw)
    changes = read_sheet(fw, framework_to_xlsx(fw))
    assert len(changes.unchanged) == len(fw.competencies) + len(fw.badges) + len(fw.relations)


# --- partner templates and proposals --------------------------------------------------------------


def test_partner_template_updates_by_id_and_adds_proposals(fw):
    wb = _book(template_xlsx(fw, partner="hotel"))
    badges = wb["badges"]
    _set(badges, _row_of(badges, "accueil"), "name_fr", "Accueillir le public (événements)")
    new = badges.max_row + 1
    _set(badges, new, "name_fr", "Plonge et entretien des locaux")
    _set(badges, new, "issuer", "restos")
    _set(badges, new, "competencies", "cuisiner:debutant, hygiene-haccp")
    comps = wb["competencies"]
    new_comp = comps.max_row + 1
    _set(comps, new_comp, "id", "entretenir")
    _set(comps, new_comp, "title_fr", "Entretenir les locaux")
    _set(comps, new_comp, "parent", "metiers-bouche")
    relations = wb["relations"]
    _set(relations, relations.max_row + 1, "source", "entretenir")
    _set(relations, relations.max_row, "type", "isRelatedTo")
    _set(relations, relations.max_row, "target", "hygiene-haccp")

    changes = read_sheet(fw, _save(wb))
    assert changes.ok and changes.partner == "hotel"
    assert [(c.id, c.fields) for c in changes.changed] == [
        ("accueil", {"name_fr": ("Accueillir le public", "Accueillir le public (événements)")})
    ]
    added = {c.id: c for c in changes.added}
    assert set(added) == {"plonge-et-entretien-des-locaux", "entretenir", "entretenir isRelatedTo hygiene-haccp"}
    preview = changes.to_text("fr")
    assert "+ badge:plonge-et-entretien-des-locaux" in preview and "proposition" in preview

    updated = apply_sheet(fw, changes)
    assert len(updated.badges) == len(fw.badges) + 1  # updated by id, never duplicated
    assert updated.badge("accueil").name["fr"] == "Accueillir le public (événements)"
    assert updated.badge("accueil").provenance.changed_by == "hotel"
    plonge = updated.badge("plonge-et-entretien-des-locaux")
    assert (plonge.status, plonge.provenance.proposed_by, plonge.issuer) == ("proposed", "hotel", "restos")
    assert updated.competency("entretenir").status == "proposed"
    assert updated.competency("entretenir").provenance.proposed_by == "hotel"
    assert len(updated.relations) == len(fw.relations) + 1


def test_existing_id_without_code_updates_instead_of_duplicating(fw):
    csv_text = "id;name_fr\r\nhygiene;Hygiène en cuisine\r\n"
    changes = read_sheet(fw, csv_text.encode("utf-8"))
    assert [c.id for c in changes.changed] == ["hygiene"] and not changes.added
    assert len(apply_sheet(fw, changes).badges) == len(fw.badges)


def test_unknown_partner_is_refused(fw):
    with pytest.raises(UnknownItem, match="restos"):
        template_xlsx(fw, partner="resto")


# --- conflicts and hostile rows ---------------------------------------------------------------------


def test_item_changed_since_the_template_is_a_conflict_and_not_applied(fw):
    wb = _book(template_xlsx(fw, partner="restos"))
    badges = wb["badges"]
    _set(badges, _row_of(badges, "hygiene"), "name_fr", "Hygiène (version partenaire)")
    _set(badges, _row_of(badges, "oral"), "name_fr", "Français à l'oral (B1)")
    meanwhile = fw.replace(
        badges=[
            b.model_copy(update={"name": {"fr": "Hygiène (version coordination)"}}) if b.id == "hygiene" else b
            for b in fw.badges
        ]
    )
    changes = read_sheet(meanwhile, _save(wb))
    assert [(c.id, c.row) for c in changes.conflicts] == [("hygiene", _row_of(badges, "hygiene"))]
    assert [c.id for c in changes.changed] == ["oral"]
    updated = apply_sheet(meanwhile, changes)
    assert updated.badge("hygiene").name["fr"] == "Hygiène (version coordination)"
    assert updated.badge("oral").name["fr"] == "Français à l'oral (B1)"
    assert "Conflits (non appliqués) (1)" in changes.to_text("fr")


def test_hostile_rows_are_named_and_skipped_and_good_rows_kept(fw):
    wb = _book(template_xlsx(fw))
    badges = wb["badges"]
    header = _header(badges)
    badges.cell(1, badges.max_column + 1).value = "couleur"  # an unknown column
    formula_row = _row_of(badges, "accueil")
    badges.cell(formula_row, header["description_fr"]).value = '=HYPERLINK("http://evil.example","clic")'
    edited_row = _row_of(badges, "hygiene")
    ref = badges.cell(edited_row, header["ref"]).value
    badges.cell(edited_row, header["ref"]).value = ref.replace("hygiene", "hygiene-2")
    good_row = _row_of(badges, "oral")
    _set(badges, good_row, "name_fr", "Français à l'oral — accueil")
    wrong_id_row = badges.max_row + 1
    _set(badges, wrong_id_row, "id", "n-existe-pas")
    _set(badges, wrong_id_row, "ref", item_reference(fw, fw.badge("equipe")))  # an id typed over an existing row's
    _set(badges, wrong_id_row, "name_fr", "Fantôme")
    empty_row = wrong_id_row + 1
    _set(badges, empty_row, "description_fr", "Une description sans nom")
    bad_issuer_row = empty_row + 1
    _set(badges, bad_issuer_row, "name_fr", "Badge d'un inconnu")
    _set(badges, bad_issuer_row, "issuer", "personne")
    bad_level_row = bad_issuer_row + 1
    _set(badges, bad_level_row, "name_fr", "Niveau inventé")
    _set(badges, bad_level_row, "level", "n9")
    unsafe_row = bad_level_row + 1
    _set(badges, unsafe_row, "id", "../../etc")
    _set(badges, unsafe_row, "name_fr", "Chemin")
    good_new_row = unsafe_row + 1
    _set(badges, good_new_row, "name_fr", "Accompagner un pair")
    comps = wb["competencies"]
    _set(comps, _row_of(comps, "cuisiner"), "title_en", "=1+1")  # a formula on another sheet

    changes = read_sheet(fw, _save(wb))
    rejected = {(p.sheet, p.row): p for p in changes.rejected}
    assert set(rejected) == {
        ("badges", formula_row),
        ("badges", edited_row),
        ("badges", wrong_id_row),
        ("badges", empty_row),
        ("badges", bad_issuer_row),
        ("badges", bad_level_row),
        ("badges", unsafe_row),
        ("competencies", _row_of(comps, "cuisiner")),
    }
    assert "formula" in rejected[("badges", formula_row)].text("en")
    assert "formule" in rejected[("badges", formula_row)].text("fr")
    assert "edited" in rejected[("badges", edited_row)].text("en")
    assert "does not match the row's code, which names 'equipe'" in rejected[("badges", wrong_id_row)].text("en")
    assert "empty required cell" in rejected[("badges", empty_row)].text("en")
    assert rejected[("badges", bad_issuer_row)].column == "issuer"
    assert rejected[("badges", bad_level_row)].column == "level"
    assert [w.column for w in changes.warnings] == ["couleur"]
    assert [c.id for c in changes.changed] == ["oral"]
    assert [c.id for c in changes.added] == ["accompagner-un-pair"]

    updated = apply_sheet(fw, changes)
    assert {b.id for b in fw.badges} < {b.id for b in updated.badges}  # nothing already there was lost
    assert updated.badge("accueil") == fw.badge("accueil") and updated.badge("hygiene") == fw.badge("hygiene")
    assert updated.competency("cuisiner") == fw.competency("cuisiner")
    assert updated.badge("oral").name["fr"] == "Français à l'oral — accueil"
    lines = changes.to_text("en")
    assert f"badges, row {formula_row}, column description_fr" in lines


def test_code_of_an_item_since_removed_is_a_wrong_id(fw):
    data = framework_to_csv(fw, "badges")
    smaller = fw.replace(badges=[b for b in fw.badges if b.id != "oral"], layout={})
    changes = read_sheet(smaller, data)
    assert [(p.column, "not in the framework" in p.text("en")) for p in changes.rejected] == [("id", True)]
    assert len(changes.unchanged) == len(smaller.badges)


def test_csv_formula_cell_is_rejected_and_prefixed_text_is_read_back(fw):
    text = framework_to_csv(fw, "competencies").decode("utf-8-sig")
    assert "'=SOMME(A1:A9)" in text
    assert read_sheet(fw, text.encode()).unchanged  # the ' prefix is removed on the way back
    lines = text.splitlines()
    lines.append("nouvelle;;=1+2;;;;;;;;")
    changes = read_sheet(fw, "\r\n".join(lines).encode())
    assert [(p.row, p.column) for p in changes.rejected] == [(len(lines), "title_fr")]


def test_whole_file_problems_raise_a_clear_error(fw):
    other = fw.replace(id="autre-referentiel")
    with pytest.raises(SheetError, match="made for the framework 'autre-referentiel'"):
        read_sheet(fw, framework_to_xlsx(other))
    with pytest.raises(SheetError, match="cannot be read as an xlsx"):
        read_sheet(fw, b"PK\x03\x04 not really a zip")
    with pytest.raises(SheetError, match="password-protected"):
        read_sheet(fw, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    with pytest.raises(SheetError, match="matches no kind of item"):
        read_sheet(fw, b"colour;size\r\nred;2\r\n")


def test_a_code_copied_from_an_older_card_is_a_conflict(fw):
    old_card = "id;ref;name_fr\r\ncuisine-1;B-cuisine-1@1.1;Cuisine collective (ancienne carte)\r\n"
    changes = read_sheet(fw, old_card.encode())
    assert [c.id for c in changes.conflicts] == ["cuisine-1"] and not changes.changed


_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30).map(str.strip).filter(bool)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=st.one_of(_TEXT, st.builds(lambda p, t: p + t, st.sampled_from(["=", "+", "-", "@", "'", "'=", "''"]), _TEXT)),
    criteria=_TEXT,
)
def test_any_text_survives_the_round_trip_unchanged(fw, name, criteria):
    badge = fw.badge("accueil").model_copy(
        update={"name": {"fr": name, "en": name}, "criteria": Criteria(narrative={"fr": criteria})}
    )
    changed = fw.replace(badges=[badge if b.id == "accueil" else b for b in fw.badges])
    for data in (framework_to_xlsx(changed), framework_to_csv(changed, "badges")):
        changes = read_sheet(changed, data)
        assert not (changes.added or changes.changed or changes.conflicts or changes.rejected), changes.to_text("en")
        assert _same(apply_sheet(changed, changes), changed)


def test_applying_the_same_filled_sheet_twice_adds_nothing_the_second_time(fw):
    wb = _book(template_xlsx(fw, partner="hotel"))
    badges = wb["badges"]
    row = badges.max_row + 1
    _set(badges, row, "name_fr", "Plonge")
    _set(badges, row + 1, "name_fr", "Plonge")  # typed twice by mistake
    data = _save(wb)
    first = read_sheet(fw, data)
    assert [c.id for c in first.added] == ["plonge"]
    assert [(p.row, "already appears on row" in p.text("en")) for p in first.rejected] == [(row + 1, True)]
    once = apply_sheet(fw, first)
    second = read_sheet(once, data)
    assert not second.added and not second.changed
    assert _same(apply_sheet(once, second), once)


# Free text as people type it: spaces and tabs at either end, line breaks (a final one too),
# accents, non-breaking spaces, quotes — everything a cell can hold except control characters.
_AWKWARD = (
    st.lists(
        st.one_of(
            st.sampled_from([" ", "  ", "\t", "\n", "\r\n", "\u00a0", "\u202f", '"', "'", ";", ",", "=", "«", "é"]),
            st.characters(blacklist_categories=("Cs", "Cc")),
        ),
        min_size=1,
        max_size=30,
    )
    .map("".join)
    .filter(str.strip)
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=_AWKWARD, description=_AWKWARD, criteria=_AWKWARD, title=_AWKWARD, note=_AWKWARD)
def test_a_template_sent_back_unedited_changes_no_text_and_no_item(fw, name, description, criteria, title, note):
    badge = fw.badge("accueil").model_copy(update={
        "name": {"fr": name, "en": name.strip()}, "description": {"fr": description},
        "criteria": Criteria(narrative={"fr": criteria, "en": criteria + "\n"}),
    })  # fmt: skip
    competency = fw.competencies[0].model_copy(update={"title": {"fr": title}, "description": {"en": description}})
    relation = fw.relations[0].model_copy(update={"note": note})
    edited = fw.replace(
        badges=[badge if b.id == badge.id else b for b in fw.badges],
        competencies=[competency, *fw.competencies[1:]],
        relations=[relation, *fw.relations[1:]],
    )
    sheets = [template_xlsx(edited, "hotel")] + [framework_to_csv(edited, kind) for kind in ("badges", "relations")]
    for data in sheets:
        changes = read_sheet(edited, data)
        assert (changes.added, changes.changed, changes.conflicts, changes.rejected) == ([], [], [], []), (
            changes.to_text("en")
        )
        assert apply_sheet(edited, changes) == edited


def test_template_then_apply_sheet_with_no_edit_changes_no_byte(tmp_path):
    """The real commands on a copy of the example framework whose texts hold awkward whitespace."""
    from click.testing import CliRunner

    from badgeworkbench.cli import main
    from badgeworkbench.files import load_framework, save_framework

    folder = tmp_path / "parcours"
    shutil.copytree(Path(__file__).parents[1] / "frameworks" / "parcours-cvl", folder)
    fw = load_framework(folder)
    first = fw.badges[0]
    awkward = first.model_copy(update={
        "name": {"fr": "  Accueillir\tle public ", "en": "Welcoming"},
        "description": {"fr": "Première ligne,\n\tdeuxième « ligne » ;\n"},
        "criteria": Criteria(narrative={"fr": "A tenu le poste\u202f: 3 jours.\n\n"}),
    })  # fmt: skip
    save_framework(fw.replace(badges=[awkward, *fw.badges[1:]]), folder)
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    runner = CliRunner()
    for name in ("sheet.xlsx", "sheet.csv"):
        made = runner.invoke(main, ["template", str(folder), "--out", str(tmp_path / name)], catch_exceptions=False)
        assert made.exit_code == 0, made.output
        applied = runner.invoke(main, ["apply-sheet", str(folder), str(tmp_path / name), "--json"])
        assert applied.exit_code == 0, applied.output
        preview = json.loads(applied.output)
        assert (preview["added"], preview["changed"], preview["rejected"]) == ([], [], [])
        assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before


def test_a_csv_sheet_is_read_with_rfc_4180_quoting_in_any_encoding(fw):
    """Excel's French CSV: Windows-1252, semicolons, a quoted cell holding quotes, a semicolon and line breaks."""
    criteria = 'A dit « bonjour » ; a tenu le poste "sans erreur".\r\nDeux jours.\n'
    quoted = '"' + criteria.replace('"', '""') + '"'
    text = f"id;name_fr;criteria_fr\r\naccueil;Accueillir le public (été);{quoted}\r\n"
    for data in (text.encode("cp1252"), text.encode("latin-1"), "\ufeff".encode() + text.encode("utf-8")):
        changes = read_sheet(fw, data)
        assert not changes.rejected, changes.to_text("en")
        [change] = changes.changed
        assert change.fields == {"name_fr": ("Accueillir le public", "Accueillir le public (été)"),
                                 "criteria_fr": (fw.badge("accueil").criteria.narrative["fr"], criteria)}  # fmt: skip
        assert apply_sheet(fw, changes).badge("accueil").criteria.narrative["fr"] == criteria


def test_a_badges_validity_goes_through_the_sheet_and_a_wrong_one_is_rejected_by_row(fw):
    wb = _book(framework_to_xlsx(fw))
    badges = wb["badges"]
    good, wrong = _row_of(badges, "accueil"), _row_of(badges, "equipe")
    _set(badges, good, "valid_for", "P2Y")
    _set(badges, wrong, "valid_for", "2 ans")
    changes = read_sheet(fw, _save(wb))
    assert [(c.id, c.fields) for c in changes.changed] == [("accueil", {"valid_for": ("", "P2Y")})]
    assert [(p.sheet, p.row, p.column) for p in changes.rejected] == [("badges", wrong, "valid_for")]
    updated = apply_sheet(fw, changes)
    assert updated.badge("accueil").valid_for == "P2Y" and updated.badge("equipe").valid_for is None
    again = _book(framework_to_xlsx(updated))["badges"]
    assert again.cell(_row_of(again, "accueil"), _header(again)["valid_for"]).value == "P2Y"


def test_a_tag_holding_a_comma_comes_back_as_one_tag(fw):
    comp = fw.competencies[0]
    tagged = fw.replace(competencies=[comp.model_copy(update={"tags": ["accueil, orientation", 'dit "oui"; non', "cuisine"]}),
                                      *fw.competencies[1:]])  # fmt: skip
    for data in (framework_to_xlsx(tagged), framework_to_csv(tagged, "competencies")):
        changes = read_sheet(tagged, data)
        assert (changes.changed, changes.rejected) == ([], []), changes.to_text("en")
        assert _same(apply_sheet(tagged, changes), tagged)
    ws = _book(framework_to_xlsx(tagged))["competencies"]
    assert ws.cell(_row_of(ws, comp.id), _header(ws)["tags"]).value == (
        '"accueil, orientation", "dit ""oui""; non", cuisine')  # readable, and what an Excel user would type


def test_a_quoted_tag_typed_in_a_sheet_is_one_tag(fw):
    comp = fw.competencies[0]
    wb = _book(framework_to_xlsx(fw))
    ws = wb["competencies"]
    _set(ws, _row_of(ws, comp.id), "tags", '"accueil, orientation", « hygiène, sécurité »;cuisine')
    changes = read_sheet(fw, _save(wb))
    assert apply_sheet(fw, changes).competency(comp.id).tags == ["accueil, orientation", "hygiène, sécurité", "cuisine"]


def test_the_instructions_say_how_to_type_a_value_holding_a_comma(fw):
    lines = [c.value for c in _book(template_xlsx(fw))["Instructions"]["A"] if c.value]
    french, english = lines[: len(lines) // 2], lines[len(lines) // 2 :]
    assert any('guillemets droits\u202f: "accueil, orientation", cuisine' in line for line in french), french
    assert any('double quotes: "accueil, orientation", cuisine' in line for line in english), english

"""ROME 4.0, ESCO and RNCP source files read in their published layouts, keeping categories and links."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from badgeworkbench.cli import main
from badgeworkbench.files import load_framework, save_framework
from badgeworkbench.interop.references import (
    ReferenceFileError,
    add_reference,
    category_counts,
    item_rows,
    load_references,
    merge_reference_sets,
    read_esco_skills,
    read_reference_set,
    read_rncp,
    read_rome,
    reference_set_csv,
)
from badgeworkbench.openbadges import export_framework

from .fixtures.interop.sample import sample_framework

HERE = Path(__file__).parent / "fixtures" / "interop" / "references"
OLD = Path(__file__).parent / "fixtures" / "interop"
COMPETENCES = HERE / "unix_referentiel_competence_v460_utf8.csv"
TREE = HERE / "unix_arborescence_competences_v460_iso8859.csv"
SAVOIRS = HERE / "unix_referentiel_savoir_v460_utf8.csv"
BLOCKS = HERE / "export_fiches_CSV_Blocs_De_Compétences_2026_01_15.csv"
STANDARD = HERE / "export_fiches_CSV_Standard_2026_01_15.csv"
ESCO = "http://data.europa.eu/esco/skill/"
TEAM, WELCOME = f"{ESCO}001115fb-569f-4ee6-8381-c6807ef2527f", f"{ESCO}00064735-8fad-454b-90d7-ed858cc993f2"
GROUP = f"{ESCO}6c1e2a70-5d4b-4f3e-9a81-7b0c2d9e00"


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "restauration"
    save_framework(sample_framework(), path)
    return path


# ---- ROME 4.0 ----------------------------------------------------------------------------------------


def test_rome_v460_competences_keep_savoir_etre_category_definitions_and_macro_competency():
    rome, report = read_rome(COMPETENCES)
    rigour = rome.item("300050")
    assert rigour.kind == "attitude" and rigour.category == "Savoir-être professionnel"
    assert rigour.descriptions["fr"].startswith("Respecter les règles")
    forklift = rome.item("100020")
    assert forklift.kind == "skill" and forklift.category == "Savoir-faire"
    assert forklift.parent == "300010" and rome.item("300010").labels["fr"] == "Conduire un engin de manutention"
    assert forklift.descriptions["fr"].startswith("Déplacer des charges")
    assert (
        forklift.labels["fr"] == "Conduire un chariot élévateur, en respectant le plan de circulation"
    )  # quoted comma
    assert category_counts(rome) == {"Savoir-faire": 5, "Savoir-être professionnel": 2}
    [skipped] = report.errors
    assert (skipped.line, skipped.field) == (9, "libelle_competence")


def test_rome_tree_in_latin1_gives_the_parent_chain_and_savoir_etre_without_detailed_competencies():
    tree, report = read_rome(TREE)
    assert report.ok and "csv-encoding-guessed" in report.codes()
    assert tree.item("100020").parent == "300010"
    assert [i.id for i in tree.ancestors("100020")] == ["300010", "objectif-3B2", "enjeu-3B", "domaine-3"]
    assert tree.item("enjeu-3B").labels["fr"] == "Logistique"
    assert tree.item("domaine-3").labels["fr"] == "Production, Construction, Qualité, Logistique"
    stress = tree.item("300051")  # a macro-competency with no competency under it: an item, not an error
    assert stress.labels["fr"] == "Gérer son stress" and stress.parent == "objectif-6C1"


@pytest.mark.parametrize("order", ["competences first", "tree first"])
def test_rome_files_complete_each_other_in_either_order(folder, order):
    files = [COMPETENCES, TREE, SAVOIRS] if order == "competences first" else [TREE, SAVOIRS, COMPETENCES]
    for path in files:
        add_reference(folder, path, "rome")
    [rome] = load_references(folder, ["rome"])
    stress = rome.item("300051")
    assert stress.kind == "attitude" and stress.category == "Savoir-être professionnel"  # the tree never overrides it
    assert stress.parent == "objectif-6C1" and stress.descriptions["fr"].startswith("Garder son calme")
    assert [i.id for i in rome.ancestors("100003")] == ["300002", "objectif-6A1", "enjeu-6A", "domaine-6"]
    spreadsheet = rome.item("400002")
    assert (
        spreadsheet.kind == "knowledge"
        and spreadsheet.category == "Produits, outils et matières › Logiciels de bureautique"
    )
    text = (folder / "references" / "rome.csv").read_text(encoding="utf-8")
    header = text.splitlines()[0].split(",")
    assert {"category", "parent_label"} <= set(header)
    row = next(line for line in text.splitlines() if line.startswith("100003,"))
    assert "Savoir-faire" in row and "Travailler en équipe" in row  # the macro-competency, by name, for a spreadsheet


def test_rome_items_are_listed_grouped_by_category_and_macro_competency():
    rome = merge_reference_sets(read_rome(COMPETENCES)[0], read_rome(TREE)[0])
    rows = item_rows(rome, category="savoir-faire")
    assert [(r["parent_label"], r["id"]) for r in rows] == [
        ("Conduire un engin de manutention", "100020"), ("Manutentionner des charges", "300010"),
        ("Travailler en équipe", "300002"),  # under its objective, which has the same name
        ("Travailler en équipe", "100003"), ("Travailler en équipe", "100004")]  # fmt: skip
    assert {r["category"] for r in item_rows(rome)} >= {"Savoir-faire", "Savoir-être professionnel", ""}


# ---- ESCO --------------------------------------------------------------------------------------------


def test_esco_language_files_relations_and_hierarchy_go_into_one_set(folder):
    add_reference(folder, HERE / "broaderRelationsSkillPillar_fr.csv", "esco")  # before the skills: kept for later
    add_reference(folder, OLD / "skills_fr.csv", "esco")
    add_reference(folder, OLD / "skills_en.csv", "esco")
    stored, report, _ = add_reference(folder, HERE / "skillsHierarchy_fr.csv", "esco")
    assert report.ok
    team = stored.item(TEAM)
    assert team.labels == {"fr": "travailler en équipe", "en": "work in teams"}
    assert team.alt_labels == {"fr": ("collaborer", "coopérer avec ses collègues"), "en": ("teamwork",)}
    assert team.kind == "skill" and team.category == "skill/competence"
    assert team.parent == f"{GROUP}03" and team.broader == (f"{GROUP}05",)
    assert [i.labels["fr"] for i in stored.ancestors(TEAM)] == [
        "travail d'équipe",
        "travailler avec d'autres personnes",
        "communication, collaboration et créativité",
        "aptitudes",
    ]
    assert stored.item(f"{GROUP}03").kind == "group" and stored.item(f"{GROUP}03").code == "S1.8.1"
    assert stored.item(f"{GROUP}03").descriptions["fr"] == "Agir avec les autres membres d'une équipe."
    hygiene = stored.item(f"{ESCO}000f1d3d-220f-4789-9c0a-cc742521fb02")
    assert hygiene.kind == "knowledge" and hygiene.category == "knowledge"
    again = read_reference_set((folder / "references" / "esco.csv").read_bytes(), name="esco")
    assert again.items == stored.items and _links(again) == _links(stored)


def test_esco_relations_file_reports_its_incomplete_row():
    relations, report = read_esco_skills(HERE / "broaderRelationsSkillPillar_fr.csv")
    [bad] = report.errors
    assert (bad.line, bad.field) == (6, "conceptUri")
    assert relations.item(WELCOME).parent == f"{GROUP}05"


# ---- RNCP --------------------------------------------------------------------------------------------


def test_rncp_skill_blocks_become_items_under_their_certification():
    rncp, report = read_rncp(BLOCKS)
    assert rncp.framework == "RNCP"
    cert = rncp.item("RNCP37859")
    assert cert.kind == "certification" and cert.uri == "https://www.francecompetences.fr/recherche/rncp/37859/"
    block = rncp.item("RNCP35284BC02")
    assert block.kind == "skill-block" and block.parent == "RNCP35284"
    assert block.labels["fr"] == "Conduire un chariot élévateur; charger et décharger des véhicules"
    assert block.uri == "https://www.francecompetences.fr/recherche/rncp/35284/#RNCP35284BC02"
    assert len([i for i in rncp.items if i.kind == "skill-block"]) == 5
    [bad] = report.errors
    assert (bad.line, bad.field, bad.code) == (7, "Bloc_Competences_Code", "rncp-row-incomplete")


def test_rncp_in_latin1_reads_the_same(tmp_path):
    latin = tmp_path / BLOCKS.name
    latin.write_bytes(BLOCKS.read_text(encoding="utf-8").encode("latin-1"))
    again, report = read_rncp(latin)
    assert "csv-encoding-guessed" in report.codes()
    assert again.items == read_rncp(BLOCKS)[0].items and _links(again) == _links(read_rncp(BLOCKS)[0])


def test_rncp_main_file_gives_titles_and_block_alignments_export_with_the_rncp_framework(folder, tmp_path):
    add_reference(folder, BLOCKS, "rncp")
    stored, report, path = add_reference(folder, STANDARD, "rncp")
    assert report.ok and path == folder / "references" / "rncp.csv"
    assert stored.item("RNCP37859").labels["fr"] == "Serveur en restauration"
    assert stored.item("RNCP37859BC01").labels["fr"].startswith("Accueillir et conseiller")  # blocks kept
    [rncp] = load_references(folder, ["rncp"])
    aligned = [rncp.alignment("RNCP37859BC01"), rncp.alignment("RNCP37859BC02")]
    framework = load_framework(Path(__file__).parent / "fixtures" / "openbadges" / "cvl-mini")
    badge = framework.badges[0]
    framework = framework.replace(badges=[badge.model_copy(update={"alignments": [*badge.alignments, *aligned]}),
                                          *framework.badges[1:]])  # fmt: skip
    exported = export_framework(framework, "https://badges.example.org/cvl", only="ob2", include_unadopted=True)
    targets = [a for a in exported.json(f"ob2/badges/{badge.id}.json")["alignment"] if a["targetFramework"] == "RNCP"]
    assert [(a["targetCode"], a["targetUrl"]) for a in targets] == [
        ("RNCP37859BC01", "https://www.francecompetences.fr/recherche/rncp/37859/#RNCP37859BC01"),
        ("RNCP37859BC02", "https://www.francecompetences.fr/recherche/rncp/37859/#RNCP37859BC02")]  # fmt: skip
    assert targets[0]["targetName"] == "Accueillir et conseiller la clientèle d'un restaurant"


# ---- malformed files: one sentence naming the file, the row and the column -----------------------------


READERS = {"rome": read_rome, "esco": read_esco_skills, "rncp": read_rncp}


@pytest.mark.parametrize(("kind", "header", "column"), [
    ("rome", "code_ogr;definition", "libelle_competence"),
    ("esco", "conceptType,preferredLabel", "conceptUri"),
    ("rncp", "Bloc_Competences_Code;Bloc_Competences_Libelle", "Numero_Fiche"),
    ("rncp", "Numero_Fiche;Bloc_Competences_Code", "Bloc_Competences_Libelle"),
])  # fmt: skip
def test_a_missing_column_is_named_with_the_file_and_row(tmp_path, kind, header, column):
    path = tmp_path / "partenaire.csv"
    path.write_text(f"{header}\n1;2\n", encoding="utf-8")
    with pytest.raises(ReferenceFileError) as raised:
        READERS[kind](path)
    message = str(raised.value)
    assert message.startswith(f"{path}, row 1: column {column} is missing") and message.count(". ") == 0
    assert raised.value.text("fr").startswith(f"{path}, ligne 1 : colonne {column} absente")


@pytest.mark.parametrize("kind", sorted(READERS))
@pytest.mark.parametrize(("content", "expected"), [
    (b"", "is empty"),
    (b"   \r\n", "is empty"),
    (b"code_ogr;libelle_competence;conceptUri;preferredLabel;Numero_Fiche;Bloc_Competences_Code;"
     b"Bloc_Competences_Libelle\n", "row 2: has a header row but no data rows"),
    (b"PK\x03\x04\x14\x00\x06\x00", "is not a CSV text file but a ZIP archive or an Excel workbook"),
    ("code_ogr;libellé\n1;a\n".encode("utf-16-le"), "holds binary data, not CSV text (wrong file or encoding)"),
])  # fmt: skip
def test_empty_binary_or_wrongly_encoded_files_are_refused_in_one_sentence(tmp_path, kind, content, expected):
    path = tmp_path / "export.csv"
    path.write_bytes(content)
    with pytest.raises(ReferenceFileError, match=rf"^{re.escape(str(path))}.*{re.escape(expected)}"):
        READERS[kind](path)


def test_cli_reference_add_rncp_and_list_by_category_and_macro_competency(folder):
    runner = CliRunner()
    result = runner.invoke(main, ["reference", "add", str(folder), str(BLOCKS), "--kind", "rncp"])
    assert result.exit_code == 1 and f"{BLOCKS.name}:7" in result.output  # the block without a code, reported
    assert runner.invoke(main, ["reference", "add", str(folder), str(STANDARD), "--kind", "rncp"]).exit_code == 0
    for path in (COMPETENCES, TREE):
        runner.invoke(main, ["reference", "add", str(folder), str(path), "--kind", "rome"])
    listed = json.loads(runner.invoke(main, ["reference", "list", str(folder), "--json"]).output)
    rome = next(s for s in listed if s["name"] == "rome")
    assert rome["categories"]["Savoir-être professionnel"] == 2
    text = runner.invoke(main, ["reference", "list", str(folder)]).output
    assert "Savoir-être professionnel" in text and "RNCP" in text
    text = runner.invoke(
        main, ["reference", "list", str(folder), "rome", "--category", "Savoir-être professionnel"]
    ).output
    assert text.splitlines()[:2] == ["Savoir-être professionnel › Faire face aux situations",
                                     "  300051           attitude     Gérer son stress"]  # fmt: skip
    items = json.loads(runner.invoke(main, ["reference", "list", str(folder), "rncp", "--json"]).output)
    block = next(i for i in items if i["id"] == "RNCP35284BC01")
    assert block["parent_label"] == "Agent magasinier" and block["kind"] == "skill-block"
    result = runner.invoke(main, ["reference", "add", str(folder), str(SAVOIRS), "--kind", "rncp"])
    assert result.exit_code == 2 and "row 1: column Numero_Fiche is missing" in result.output
    assert "Traceback" not in result.output
    assert runner.invoke(main, ["reference", "list", str(folder), "absent"]).exit_code == 1


def test_the_stored_file_keeps_categories_and_links_through_a_round_trip():
    rome = merge_reference_sets(read_rome(COMPETENCES)[0], read_rome(TREE)[0])
    again = read_reference_set(reference_set_csv(rome).encode(), name="rome")
    assert again.items == rome.items and _links(again) == _links(rome)
    assert _links(rome)["100020"] == ("Savoir-faire", ())


def _links(reference):
    """What item equality leaves out (see ReferenceItem): each item's category and broader items."""
    return {item.id: (item.category, item.broader) for item in reference.items}

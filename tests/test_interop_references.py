"""Reference sets (ESCO, ROME 4.0, CléA, CASE) kept beside a framework, and alignment search over them."""

from __future__ import annotations

from pathlib import Path

import pytest

from badgeworkbench.files import save_framework
from badgeworkbench.interop.align import AlignmentIndex, fold, suggest_alignments
from badgeworkbench.interop.case import framework_to_case_package
from badgeworkbench.interop.references import (
    ReferenceItem,
    ReferenceSet,
    add_reference,
    case_reference,
    clea_reference,
    load_references,
    read_esco_skills,
    read_reference_set,
    read_rome,
    reference_set_csv,
)
from badgeworkbench.interop.tabular import CsvFileError

from .fixtures.interop.sample import sample_framework

FIXTURES = Path(__file__).parent / "fixtures" / "interop"
ESCO_TEAM = "http://data.europa.eu/esco/skill/001115fb-569f-4ee6-8381-c6807ef2527f"


def test_clea_has_its_7_domains_and_28_sub_domains_in_french_and_english():
    clea = clea_reference()
    domains = [i for i in clea.items if i.kind == "domain"]
    subs = [i for i in clea.items if i.parent]
    assert len(domains) == 7 and len(subs) == 28
    assert all(i.labels.get("fr") and i.labels.get("en") for i in clea.items)
    assert {i.parent for i in subs} == {d.id for d in domains}
    assert clea.item("1").label("fr") == "La communication en français"
    alignment = clea.alignment("4.2")
    assert alignment.framework == "CléA" and alignment.code == "4.2" and alignment.url.startswith("https://")


def test_esco_skills_csv_is_read_with_multiline_alt_labels_and_bad_rows_reported():
    esco, report = read_esco_skills(FIXTURES / "skills_fr.csv")
    assert len(esco.items) == 4
    team = esco.item(ESCO_TEAM)
    assert team.labels == {"fr": "travailler en équipe"}
    assert team.alt_labels == {"fr": ("collaborer", "coopérer avec ses collègues")}
    assert esco.item("http://data.europa.eu/esco/skill/000f1d3d-220f-4789-9c0a-cc742521fb02").kind == "knowledge"
    [bad] = report.errors
    assert bad.code == "esco-row-incomplete" and bad.line == 5 and bad.file.endswith("skills_fr.csv")


def test_rome_files_competences_savoirs_and_tree_are_read(tmp_path):
    tree, report = read_rome(FIXTURES / "unix_arborescence_competences_v460_iso8859.csv")
    assert "csv-encoding-guessed" in report.codes()  # Latin-1, semicolons
    leaf = tree.item("100003")
    assert leaf.labels["fr"] == "Partager des informations avec son équipe"
    macro = tree.item(leaf.parent)
    assert macro.id == "300002" and macro.labels["fr"] == "Travailler en équipe"
    assert macro.kind == "skill" and macro.category == ""  # the tree file does not say: a guess, not a category
    assert [i.id for i in tree.ancestors(macro.id)] == ["objectif-6A1", "enjeu-6A", "domaine-6"]
    assert {i.kind for i in tree.ancestors(macro.id)} == {"domain"}
    assert tree.item("domaine-6").labels["fr"].startswith("Coopération")
    competences, report = read_rome(FIXTURES / "unix_referentiel_competence_v460_utf8.csv")
    assert competences.item("200001").kind == "attitude" and competences.item("100001").kind == "skill"
    assert competences.item("200001").category == "Savoir-être professionnel"  # libelle_type_competence
    assert [p.line for p in report.errors] == [5]
    savoirs, _ = read_rome(FIXTURES / "unix_referentiel_savoir_v460_utf8.csv")  # BOM, semicolons
    assert savoirs.item("400001").kind == "knowledge"
    assert savoirs.item("400001").labels["fr"] == "Règles d'hygiène et de sécurité alimentaire"
    other = tmp_path / "autre.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(CsvFileError, match=r"autre\.csv, row 1: column code_ogr_competence is missing: a ROME 4\.0 file"):
        read_rome(other)


def test_any_case_package_is_a_reference_set():
    package = framework_to_case_package(sample_framework(), "https://example.org/r")
    reference, report = case_reference(package)
    assert report.ok
    assert reference.framework == "Référentiel restauration"
    welcome = next(i for i in reference.items if i.labels.get("fr") == "Accueillir du public")
    assert welcome.labels["en"] == "Welcoming people"  # the translation is folded in, not an item
    assert not any(i.labels.get("en") == "Welcoming people" and "fr" not in i.labels for i in reference.items)
    assert welcome.uri.startswith("https://example.org/r/uri/")


def test_reference_sets_are_stored_beside_the_framework_and_completed_by_language(tmp_path):
    folder = tmp_path / "restauration"
    save_framework(sample_framework(), folder)
    before = {p.relative_to(folder) for p in folder.rglob("*") if p.is_file()}
    stored, _, path = add_reference(folder, FIXTURES / "skills_fr.csv", "esco")
    assert path == folder / "references" / "esco.csv"
    stored, _, _ = add_reference(folder, FIXTURES / "skills_en.csv", "esco")
    assert len(stored.items) == 4  # the English file completed the French items, no duplicates
    team = stored.item(ESCO_TEAM)
    assert team.labels == {"fr": "travailler en équipe", "en": "work in teams"}
    add_reference(folder, "-", "clea")
    add_reference(folder, FIXTURES / "unix_referentiel_competence_v460_utf8.csv", "rome")
    add_reference(folder, FIXTURES / "unix_referentiel_savoir_v460_utf8.csv", "rome")
    sets = {s.name: s for s in load_references(folder)}
    assert set(sets) == {"esco", "clea", "rome"}
    assert len(sets["rome"].items) == 5
    assert sets["esco"].item(ESCO_TEAM) == team
    # the framework's own files are untouched: the references are not mixed into it
    after = {p.relative_to(folder) for p in folder.rglob("*") if p.is_file()}
    assert after - before == {Path("references/esco.csv"), Path("references/clea.csv"), Path("references/rome.csv")}
    # a formula-looking description is neutralised in the stored file and restored when read
    text = (folder / "references" / "esco.csv").read_text(encoding="utf-8")
    assert "'=Les règles" in text
    hygiene = sets["esco"].item("http://data.europa.eu/esco/skill/000f1d3d-220f-4789-9c0a-cc742521fb02")
    assert hygiene.descriptions["fr"].startswith("=Les règles")


def test_stored_format_round_trips():
    clea = clea_reference()
    again = read_reference_set(reference_set_csv(clea).encode(), name="clea")
    assert again.items == clea.items and again.framework == "CléA"


# ---- alignment search --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def index():
    esco, _ = read_esco_skills(FIXTURES / "skills_fr.csv")
    english, _ = read_esco_skills(FIXTURES / "skills_en.csv")
    from badgeworkbench.interop.references import merge_reference_sets

    return AlignmentIndex([clea_reference(), merge_reference_sets(esco, english)])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("travailler en équipe", "4.2"),
        ("TRAVAILLER EN EQUIPE", "4.2"),  # case and accents
        ("travailer en equipe", "4.2"),  # a typo
        ("premiers secour", "7.3"),
        ("Working in a team", "4.2"),  # English
        ("utiliser la messagerie", "3.4"),
        ("s'exprimer a l'oral", "1.2"),
    ],
)
def test_search_is_accent_case_and_typo_tolerant_in_french_and_english(index, query, expected):
    results = index.search(query, limit=3, references=["clea"])
    assert results and results[0].item.code == expected, [(r.item.code, r.score) for r in results]


def test_search_ranks_and_finds_alternative_labels(index):
    results = index.search("saluer les clients", limit=5)
    assert results[0].item.labels["fr"] == "accueillir les clients"
    assert results[0].matched == "saluer les clients"
    assert [r.score for r in results] == sorted((r.score for r in results), reverse=True)
    assert index.search("teamwork", references=["esco"])[0].item.id == ESCO_TEAM
    assert index.search("   ") == [] and index.search("zzzzzzzz") == []


def test_suggest_alignments_for_a_competency_from_its_text(index):
    fw = sample_framework()
    suggestions = suggest_alignments(fw, "accueillir", index, limit=5)
    assert suggestions[0].item.labels["fr"] == "accueillir les clients"
    alignment = suggestions[0].to_alignment()
    assert alignment.framework == "ESCO" and alignment.url.startswith("http://data.europa.eu/esco/skill/")
    # once aligned, the item is no longer suggested
    aligned = fw.competency("accueillir").model_copy(update={"alignments": [alignment]})
    fw2 = fw.replace(competencies=[aligned if c.id == "accueillir" else c for c in fw.competencies])
    assert all(s.item.id != suggestions[0].item.id for s in suggest_alignments(fw2, "accueillir", index))
    assert fold("Cœur de métier") == "coeur de metier"


def _synthetic_set(size: int) -> ReferenceSet:
    import random

    rng = random.Random(0)
    verbs = ["gérer", "accueillir", "préparer", "contrôler", "organiser", "réparer", "conduire", "vendre", "former",
             "entretenir", "installer", "concevoir", "analyser", "nettoyer", "planifier", "animer", "soigner"]
    nouns = ["clients", "stocks", "équipes", "machines", "repas", "véhicules", "données", "chantiers", "produits",
             "dossiers", "patients", "réseaux", "budgets", "outils", "locaux", "commandes", "documents", "projets"]
    extras = ["de la structure", "en sécurité", "selon les normes", "avec un logiciel", "du service", "à distance",
              "en équipe", "sur le terrain", "de production", "d'hygiène", "numériques", "professionnels"]
    items = [ReferenceItem(id=f"s{i}", code=f"S{i}", labels={
        "fr": f"{rng.choice(verbs)} des {rng.choice(nouns)} {rng.choice(extras)} {rng.choice(nouns)[:-1]}{i % 97}"})
        for i in range(size)]
    return ReferenceSet("big", "Big", items)


@pytest.mark.slow
def test_search_over_30000_items_answers_every_query():
    # Its speed is measured by benchmarks/bench_interop.py (p50 ≤ 20 ms), not here.
    index = AlignmentIndex([_synthetic_set(30_000), clea_reference()])
    queries = ["gérer les stocks", "acueillir des clients", "preparer repas hygiene", "conduire un vehicule",
               "travail en equipe", "logiciel de donnees", "entretien des locaux", "former les equipes"]
    for q in queries:
        assert 0 < len(index.search(q, limit=10)) <= 10

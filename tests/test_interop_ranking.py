"""Alignment search a person would trust (issue 16): the labelled queries, and each failure the issue lists.

The reference files are ours (ROME 4.0 and ESCO layouts, benchmarks/data/); the figures over the
labelled set are also printed, with the query times, by ``python -m benchmarks alignment``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from badgeworkbench.cli import main
from badgeworkbench.files import save_framework
from badgeworkbench.interop.align import AlignmentIndex, suggest_alignments
from badgeworkbench.interop.references import add_reference, merge_reference_sets, read_esco_skills, read_rome
from badgeworkbench.interop.synonyms import known_words, rewrites, synonym_groups
from badgeworkbench.interop.textsearch import stem
from badgeworkbench.model import Competency, Framework
from benchmarks.bench_alignment import DATA, HELD_OUT, evaluate, labelled_index, labelled_queries

FIXTURES = Path(__file__).parent / "fixtures" / "interop"


@pytest.fixture(scope="module")
def index() -> AlignmentIndex:
    """ROME-like items in French and ESCO-like skills in English, searched together."""
    return labelled_index()


@pytest.fixture(scope="module")
def rome_only() -> AlignmentIndex:
    competences, _ = read_rome(DATA / "rome_like_competences.csv")
    savoirs, _ = read_rome(DATA / "rome_like_savoirs.csv")
    return AlignmentIndex([merge_reference_sets(competences, savoirs)])


@pytest.fixture(scope="module")
def esco_only() -> AlignmentIndex:
    return AlignmentIndex([read_esco_skills(DATA / "esco_like_skills_en.csv")[0]])


def codes(suggestions) -> list[str]:  # type: ignore[no-untyped-def]
    return [s.item.code for s in suggestions]


def labels(suggestions) -> list[str]:  # type: ignore[no-untyped-def]
    return [s.item.label() for s in suggestions]


def test_the_labelled_set_is_ranked_as_a_person_expects(index):
    queries = labelled_queries()
    by_language = {lang: [q for q in queries if q["lang"] == lang] for lang in ("fr", "en")}
    assert len(queries) >= 60 and all(len(q) >= 25 for q in by_language.values())
    scores = evaluate(index, queries)
    assert scores.precision_at_3 >= 0.9, scores.misses
    assert scores.recall_at_10 >= 0.9, scores.misses
    for lang, subset in by_language.items():
        assert evaluate(index, subset).precision_at_3 >= 0.85, lang


def test_the_held_out_set_is_ranked_as_a_person_expects_too(index):
    # written from the reference files only, never used to choose a setting: the ranking holds on
    # everyday phrasings it was not tuned on (it scored 0.59 here before the synonyms and light words)
    queries = labelled_queries(HELD_OUT)
    by_language = {lang: [q for q in queries if q["lang"] == lang] for lang in ("fr", "en")}
    assert len(queries) >= 40 and all(len(q) >= 15 for q in by_language.values())
    assert not {q["query"] for q in queries} & {q["query"] for q in labelled_queries()}
    scores = evaluate(index, queries)
    assert scores.precision_at_3 >= 0.9, scores.misses
    assert scores.recall_at_10 >= 0.9, scores.misses
    for lang, subset in by_language.items():
        assert evaluate(index, subset).precision_at_3 >= 0.85, lang


def test_every_labelled_item_exists(index):
    known = {index.item(n)[1].code for n in range(len(index))}
    for name in ("alignment-queries.yaml", HELD_OUT):
        assert {code for q in labelled_queries(name) for code in q["expected"]} <= known, name


def test_everyday_words_find_the_reference_s_words_through_the_synonym_table(index):
    # no stem joins these: "mails"/"messagerie électronique", "cariste"/"chariot élévateur"
    [mail] = index.search("envoyer des mails", limit=1)
    assert mail.item.code == "101005" and "mails→messagerie" in mail.why
    assert index.search("cariste", limit=1)[0].item.code == "105001"
    assert index.search("bosser en équipe", limit=1)[0].item.code == "200002"
    assert index.search("cashier", limit=1)[0].item.code == "en-038"
    # a synonym counts less than the words typed: the alternative label saying them still comes first
    [best] = index.search("be on time", limit=1)
    assert best.field == "alt" and best.matched == "be on time"
    # a rewrite finds texts holding the synonym, not more of what the typed words half-matched
    assert set(codes(index.search("utiliser un tableur", limit=3))) == {"101001", "101002", "400003"}


def test_the_synonym_table_is_read_by_stem_and_its_words_tell_the_language(index):
    groups = synonym_groups("fr")
    assert len(groups) >= 50 and len(synonym_groups("en")) >= 30 and synonym_groups("de") == ()
    assert all(len(group) >= 2 for group in groups)
    # "mail" and "mails" are one phrase; a rewrite names the words the person typed
    assert rewrites(["mail"], "fr") and {tuple(r[0]) for r in rewrites(["mails"], "fr")} == {
        tuple(r[0]) for r in rewrites(["mail"], "fr")}  # fmt: skip
    assert all(set(shown.values()) == {"mails"} for _, shown, _ in rewrites(["envoyer", "mails"], "fr"))
    # "rester calme": no French label holds either word, the table's French does ("calm" is English)
    assert "calme" in known_words("fr") and "excel" not in known_words("fr")
    assert index.query("rester calme").language == "fr"
    assert index.search("rester calme", limit=1)[0].item.code == "200027"  # "Faire preuve de sang-froid"


def test_light_words_count_for_less(index):
    # "être patient" is about patience, not every label that begins with "Être"
    found = codes(index.search("être patient", limit=3))
    assert "200022" in found and not {"200008", "200018", "200026"} & set(found), found  # "Être ponctuel"…
    found = index.search("savoir s'adapter", limit=3)
    assert "200009" in codes(found)[:2] and found[2].score < found[1].score / 2, labels(found)
    assert found[2].why == ("savoir",)  # "Transmettre un savoir-faire": far behind


def test_a_slip_is_read_as_the_nearest_word_or_stem(index):
    # "acceuil" is one swap from the stem of "accueillir", two slips from "accès"
    [best] = index.search("acceuil du public", limit=1)
    assert best.item.code == "102002" and "acceuil→accueillir" in best.why
    assert stem("organized", "en") == stem("organised", "en") == stem("organisation", "en")
    assert index.search("being organized", limit=1)[0].item.code == "en-223"


def test_a_spreadsheet_query_finds_the_spreadsheet_items_not_cameras_or_presses(index):
    found = index.search("utiliser un tableur", limit=3)
    assert set(codes(found)) == {"101001", "101002", "400003"}, labels(found)  # the three "tableur" items
    assert not any(word in label.lower() for label in labels(index.search("utiliser un tableur", limit=5))
                   for word in ("caméra", "presse", "tableau de bord"))  # fmt: skip


def test_stress_management_is_one_s_own_stress_first(index):
    found = index.search("gestion du stress", limit=4)
    assert codes(found)[:2] == ["200003", "400018"], labels(found)  # "Gérer son stress", "Gestion du stress…"
    assert found[0].why == ("gestion→gerer", "stress")


def test_forklift_driving_is_not_driving_lessons(index):
    for query in ("conduite de chariot élévateur", "conduite de chariot elevateur", "Conduite de chariots élévateurs"):
        found = index.search(query, limit=3)
        assert found[0].item.code == "105001" and "105002" in codes(found), labels(found)
        assert "105015" not in codes(index.search(query, limit=5))  # "Dispenser des cours de conduite"
    # "élévateur" and "élèves" share a Snowball stem, not a meaning
    assert "111012" not in codes(index.search("conduite de chariot élévateur", limit=5))


def test_a_french_query_against_an_english_set_says_so_instead_of_false_hits(esco_only):
    answer = esco_only.query("conduite de chariot")
    assert answer.suggestions == [] and answer.language == "fr"
    assert "fr" in answer.notice["en"] and "en" in answer.notice["en"] and answer.notice["fr"]
    lone = esco_only.query("conduite")  # a single word: nothing says French, and it is no English word
    assert lone.suggestions == [] and lone.notice
    assert esco_only.search("conduite", lang="fr") == []
    assert "conduct religious missions" in labels(esco_only.search("conduct missions", limit=3))


def test_an_english_query_against_a_french_set_says_so(rome_only, index):
    answer = rome_only.query("drive a forklift", lang="en")
    assert answer.suggestions == [] and "fr" in answer.notice["en"]
    assert rome_only.search("drive the forklift") == []
    # beside an English set, the same query finds the English item, and no French one
    found = index.search("drive the forklift", limit=5)
    assert found[0].item.code == "en-093" and {s.language for s in found} == {"en"}


def test_alternative_labels_are_searched_and_shown(index):
    [best] = index.search("be on time", limit=1)
    assert best.item.label() == "be punctual" and best.field == "alt" and best.matched == "be on time"
    assert index.search("greeting customers", limit=1)[0].item.code == "en-028"
    assert best.to_dict()["why"] == ["time"] and best.to_dict()["field"] == "alt"


def test_typos_are_tolerated_but_count_for_less(index):
    exact = index.search("utiliser un tableur", limit=2)
    typo = index.search("utiliser un tabeur", limit=2)
    assert set(codes(typo)) <= {"101001", "101002", "400003"} and typo[0].score < exact[0].score
    assert "tabeur→tableur" in typo[0].why
    assert index.search("travailer en equipe", limit=1)[0].item.code == "200002"


def test_each_language_of_a_bilingual_set_is_searched_in_its_own_language(index):
    french, _ = read_esco_skills(FIXTURES / "skills_fr.csv")
    english, _ = read_esco_skills(FIXTURES / "skills_en.csv")
    bilingual = AlignmentIndex([merge_reference_sets(french, english)])
    assert {s.language for s in bilingual.search("accueillir les clients")} == {"fr"}
    assert {s.language for s in bilingual.search("welcome customers")} == {"en"}
    assert bilingual.search("welcome customers")[0].item.labels["fr"] == "accueillir les clients"
    # beside English items, a French word finds French items only: "conduite" is not "conduct"
    assert {s.language for s in index.search("conduite", limit=10)} == {"fr"}


def test_a_competency_is_searched_in_each_of_its_languages(index):
    fw = Framework(id="f", competencies=[Competency(id="c", title={"fr": "Conduite de chariot élévateur",
                                                                   "en": "Forklift driving"})])  # fmt: skip
    found = codes(suggest_alignments(fw, "c", index, limit=4))
    assert {"105001", "en-093"} <= set(found[:3]), found


def test_the_align_command_shows_why_and_says_when_the_language_is_missing(tmp_path):
    save_framework(Framework(id="f", title={"fr": "F"}), tmp_path / "f")
    add_reference(tmp_path / "f", DATA / "esco_like_skills_en.csv", "esco")
    runner = CliRunner()
    result = runner.invoke(main, ["align", str(tmp_path / "f"), "be on time"])
    assert result.exit_code == 0 and "be punctual" in result.output and "« be on time » (alt)" in result.output
    result = runner.invoke(main, ["align", str(tmp_path / "f"), "conduite de chariot"])
    assert result.exit_code == 0 and "conduct" not in result.output
    assert result.output.splitlines()[0].startswith("La requête semble écrite en « fr »")
    result = runner.invoke(main, ["align", str(tmp_path / "f"), "conduite de chariot", "--json"])
    assert json.loads(result.stdout) == [] and "fr" in result.stderr
    result = runner.invoke(main, ["align", str(tmp_path / "f"), "forklift", "--lang", "fr"])
    assert result.exit_code == 0 and "forklift" not in result.stdout.lower().split("«")[0]
    assert json.loads(runner.invoke(main, ["align", str(tmp_path / "f"), "forklift", "--json"]).stdout)[0]["why"] == [
        "forklift"]  # fmt: skip

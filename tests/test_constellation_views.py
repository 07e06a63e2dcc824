"""Views of a large constellation: filters, focus and search, with answers worked out by hand on the
example framework (frameworks/parcours-cvl, 30 badges, 4 pathways, 6 partners, 4 territories)."""

from __future__ import annotations

import pytest

from badgeworkbench.constellation.views import (
    ViewFilter,
    facet_values,
    filter_badges,
    fold,
    neighbourhood,
    pathway_badges,
    search_badges,
    view_badges,
    view_edges,
)
from badgeworkbench.files import load_framework
from tests.conftest import EXAMPLE


@pytest.fixture(scope="module")
def fw():
    return load_framework(EXAMPLE)


# --- filters -----------------------------------------------------------------------------------------


def test_a_pathway_keeps_its_stage_badges_and_its_target(fw):
    # restauration-collective: stage 1 premiers-pas-atelier, immersion-metier; stage 2 hygiene-alimentaire,
    # formation-secourisme; stage 3 services-restaurant-solidaire, commis-cuisine; stage 4 premier-contrat,
    # cuisinier-restauration-collective (also the target). Listed in the framework's (alphabetical) order.
    assert filter_badges(fw, ViewFilter(pathways=("restauration-collective",))) == [
        "commis-cuisine", "cuisinier-restauration-collective", "formation-secourisme", "hygiene-alimentaire",
        "immersion-metier", "premier-contrat", "premiers-pas-atelier", "services-restaurant-solidaire",
    ]  # fmt: skip
    assert pathway_badges(fw, "logistique-maintenance")[:3] == ["premiers-pas-atelier", "delegue-groupe",
                                                                "demarches-en-ligne"]  # fmt: skip
    assert pathway_badges(fw, "no-such-pathway") == []


def test_a_partner_keeps_the_badges_it_issues_or_endorses(fw):
    # logimaint-loire issues nothing and endorses these nine badges.
    assert filter_badges(fw, ViewFilter(partners=("logimaint-loire",))) == [
        "accueil-public", "agent-logistique", "agent-maintenance", "candidater-avec-assurance", "formation-secourisme",
        "immersion-metier", "premier-contrat", "preparation-commandes", "stage-entrepot",
    ]  # fmt: skip
    # terres-vivantes-cher issues seven badges and endorses none.
    assert filter_badges(fw, ViewFilter(partners="terres-vivantes-cher")) == [
        "chantier-collectif", "conduite-engins-agricoles", "engagement-ferme-solidaire", "initiation-maraichage",
        "maraicher-circuits-courts", "saison-recolte", "stand-marche-producteurs",
    ]  # fmt: skip


def test_territory_category_level_and_status(fw):
    assert filter_badges(fw, ViewFilter(territories=("vallee-du-cher",))) == [
        "benevole-engage", "chantier-collectif", "conduite-engins-agricoles", "engagement-ferme-solidaire",
        "initiation-maraichage", "maraicher-circuits-courts", "premier-contrat", "saison-recolte",
        "stand-marche-producteurs",
    ]  # fmt: skip
    assert filter_badges(fw, ViewFilter(categories=("experiential",))) == [
        "premier-contrat", "saison-recolte", "service-civique-accompli", "services-restaurant-solidaire",
        "stage-entrepot", "stand-marche-producteurs",
    ]  # fmt: skip
    # Across facets every facet must match: in the Cher valley and at level 1.
    assert filter_badges(fw, ViewFilter(territories=("vallee-du-cher",), levels=("1",))) == [
        "benevole-engage",
        "initiation-maraichage",
        "saison-recolte",
    ]
    # Inside a facet any value will do: two categories.
    assert len(filter_badges(fw, ViewFilter(categories=("experiential", "engagement")))) == 6 + 5
    # Every example badge is adopted.
    assert filter_badges(fw, ViewFilter(statuses=("proposed",))) == []
    assert len(filter_badges(fw, ViewFilter(statuses=("adopted",)))) == 30
    assert ViewFilter().empty and not ViewFilter(levels=("1",)).empty


def test_facet_values_follow_the_framework(fw):
    assert facet_values(fw, "pathways") == ["accueil-mediation-numerique", "logistique-maintenance",
                                            "maraichage-circuits-courts", "restauration-collective"]  # fmt: skip
    assert facet_values(fw, "levels") == ["1", "2", "3"]
    assert facet_values(fw, "statuses") == ["adopted"]
    assert set(facet_values(fw, "categories")) == {"competency", "participation", "engagement", "experiential"}
    assert facet_values(fw, "territories")[0] == "tours-metropole"
    with pytest.raises(ValueError):
        facet_values(fw, "colours")


# --- focus -------------------------------------------------------------------------------------------


def test_focus_is_what_a_badge_requires_and_what_it_opens(fw):
    # premier-contrat requires immersion-metier, saison-recolte, stage-entrepot and opens
    # agent-maintenance and cuisinier-restauration-collective.
    assert neighbourhood(fw, "premier-contrat", 1) == [
        "agent-maintenance", "cuisinier-restauration-collective", "immersion-metier", "premier-contrat",
        "saison-recolte", "stage-entrepot",
    ]  # fmt: skip
    assert neighbourhood(fw, "premier-contrat", 0) == ["premier-contrat"]
    assert neighbourhood(fw, "unknown", 2) == []


def test_focus_reaches_k_steps_each_way(fw):
    one = ["accueil-public", "ambassadeur-pairs", "demarches-en-ligne", "mediateur-numerique",
           "service-civique-accompli"]  # fmt: skip
    assert neighbourhood(fw, "mediateur-numerique", 1) == one
    # Two steps back: ambassadeur-pairs requires organisateur-evenement, delegue-groupe, candidater-avec-assurance.
    two = sorted([*one, "candidater-avec-assurance", "delegue-groupe", "organisateur-evenement"])
    assert neighbourhood(fw, "mediateur-numerique", 2) == two
    # Three: organisateur-evenement requires benevole-engage; nothing further.
    assert neighbourhood(fw, "mediateur-numerique", 3) == sorted([*two, "benevole-engage"])
    assert neighbourhood(fw, "mediateur-numerique", 9) == neighbourhood(fw, "mediateur-numerique", 3)
    # Forward only, from a first badge: benevole-engage opens organisateur-evenement, which opens ambassadeur-pairs.
    assert neighbourhood(fw, "benevole-engage", 2) == ["ambassadeur-pairs", "benevole-engage", "organisateur-evenement"]


def test_a_view_is_the_filter_then_the_focus(fw):
    # The neighbourhood of premier-contrat inside the Cher valley: itself and saison-recolte.
    cher = ViewFilter(territories=("vallee-du-cher",))
    assert view_badges(fw, cher, focus="premier-contrat") == ["premier-contrat", "saison-recolte"]
    # The focused badge is drawn even when the filter would hide it; so is a kept (selected) one.
    assert view_badges(fw, cher, focus="agent-logistique") == ["agent-logistique"]
    assert view_badges(fw, cher, keep=["hygiene-alimentaire"])[:3] == ["benevole-engage", "chantier-collectif",
                                                                        "conduite-engins-agricoles"]  # fmt: skip
    assert "hygiene-alimentaire" in view_badges(fw, cher, keep=["hygiene-alimentaire"])
    assert len(view_badges(fw)) == 30
    # Arrows only between shown badges; premier-contrat asks for 1 of 3, so its arrows are partial.
    assert view_edges(fw, ["premier-contrat", "saison-recolte", "stage-entrepot"]) == [
        ("saison-recolte", "premier-contrat", True),
        ("stage-entrepot", "premier-contrat", True),
    ]
    # agent-logistique asks for 2 of 3 (partial too); hygiene-alimentaire is hidden, so commis-cuisine keeps
    # only its arrow from immersion-metier… which is hidden too: no arrow at all for it.
    assert view_edges(fw, ["agent-logistique", "stage-entrepot", "premier-contrat", "commis-cuisine"]) == [
        ("stage-entrepot", "agent-logistique", True),
        ("stage-entrepot", "premier-contrat", True),
    ]


# --- search ------------------------------------------------------------------------------------------


def test_fold_drops_accents_case_and_punctuation():
    assert fold("Agent·e d’ÉCOLE") == "agent e d ecole"
    assert fold("Cœur") == "coeur"


def test_search_ignores_case_and_accents_in_both_languages(fw):
    assert search_badges(fw, "HYGIÈNE") == ["hygiene-alimentaire"]
    assert search_badges(fw, "hygiene") == ["hygiene-alimentaire"]
    assert search_badges(fw, "maraîcher") == ["maraicher-circuits-courts"]
    assert search_badges(fw, "market garden") == ["initiation-maraichage", "maraicher-circuits-courts"]
    assert search_badges(fw, "market garden", langs=["fr"]) == []
    assert search_badges(fw, "d'engins") == ["conduite-engins-agricoles"]  # typed apostrophe, typographic in the name
    assert search_badges(fw, "   ") == []
    assert search_badges(fw, "zzz") == []


def test_search_puts_the_closest_names_first(fw):
    # "Saison de récolte" is the whole name: first, though "Chantier collectif de saison" comes earlier.
    assert search_badges(fw, "saison de recolte") == ["saison-recolte"]
    assert search_badges(fw, "saison")[0] == "saison-recolte"
    # Names beginning with the query before names holding it.
    assert search_badges(fw, "premier") == ["premier-contrat", "premiers-pas-atelier", "formation-secourisme"]


# --- the constellation panel, driven without a browser --------------------------------------------


@pytest.fixture
def panel(example_copy):
    from badgeworkbench.widgets import ConstellationPanel, WorkbenchState

    return ConstellationPanel(WorkbenchState.open(example_copy))


def _shown(panel) -> set[str]:
    return {n["id"] for n in panel.graph.nodes}


def test_panel_filters_send_only_the_visible_subset(panel):
    assert len(panel.graph.nodes) == 30 and len(panel.graph.positions) == 30
    full_positions = dict(panel.graph.positions)
    # One click on a pathway in its list shows that pathway only.
    panel.view_filters["pathways"].value = ("restauration-collective",)
    assert _shown(panel) == {"commis-cuisine", "cuisinier-restauration-collective", "formation-secourisme",
                             "hygiene-alimentaire", "immersion-metier", "premier-contrat", "premiers-pas-atelier",
                             "services-restaurant-solidaire"}  # fmt: skip
    assert set(panel.graph.positions) == _shown(panel)
    assert all(e["source"] in _shown(panel) and e["target"] in _shown(panel) for e in panel.graph.edges)
    # commis-cuisine requires hygiene-alimentaire (shown): its arrow is there.
    assert ("hygiene-alimentaire", "commis-cuisine") in {(e["source"], e["target"]) for e in panel.graph.edges}
    # Filtering moves nothing: every shown badge sits where the full constellation draws it.
    assert all(panel.graph.positions[k] == full_positions[k] for k in panel.graph.positions)
    assert "8" in panel.view_summary.value and "30" in panel.view_summary.value
    # One click on a partner (with the pathway still chosen): both facets must match.
    panel.view_filters["partners"].value = ("logimaint-loire",)
    assert _shown(panel) == {"formation-secourisme", "immersion-metier", "premier-contrat"}
    panel.clear_filters_button.click()
    assert len(panel.graph.nodes) == 30 and panel.view_summary.value == ""


def test_panel_filter_lists_speak_the_panel_language(panel):
    assert ("Expérience", "experiential") in panel.view_filters["categories"].options
    assert panel.view_filters["categories"].description == "Catégories"
    panel.state.language = "en"
    assert ("Experience", "experiential") in panel.view_filters["categories"].options
    assert panel.view_filters["statuses"].options == (("Adopted", "adopted"),)
    assert panel.focus.description == "Selected badge's neighbourhood"
    assert panel.graph.labels["zoom_in"] == "Zoom in"


def test_panel_focus_shows_a_badge_neighbourhood(panel):
    panel.graph.selected = "mediateur-numerique"  # a click in the page
    panel.focus.value = True  # one click on the toggle
    assert _shown(panel) == {"accueil-public", "ambassadeur-pairs", "demarches-en-ligne", "mediateur-numerique",
                             "service-civique-accompli"}  # fmt: skip
    panel.focus_steps.value = 3
    assert len(panel.graph.nodes) == 9 and "benevole-engage" in _shown(panel)
    # With focus on, a click on another badge focuses on it.
    panel.focus_steps.value = 1
    panel.graph.selected = "premier-contrat"
    assert panel.state.selected == "badge:premier-contrat"
    assert _shown(panel) == {"agent-maintenance", "cuisinier-restauration-collective", "immersion-metier",
                             "premier-contrat", "saison-recolte", "stage-entrepot"}  # fmt: skip
    panel.focus.value = False
    assert len(panel.graph.nodes) == 30


def test_panel_search_selects_the_badge_and_draws_it(panel):
    panel.view_filters["territories"].value = ("vallee-du-cher",)
    assert "hygiene-alimentaire" not in _shown(panel)
    panel.search.value = "HYGIÈNE"
    assert panel.state.selected == "badge:hygiene-alimentaire" and panel.graph.selected == "hygiene-alimentaire"
    assert "hygiene-alimentaire" in _shown(panel)  # found outside the filter: drawn all the same
    panel.search.value = "premier"
    assert panel.state.selected == "badge:premier-contrat"
    assert [v for _, v in panel.search_results.options] == ["premier-contrat", "premiers-pas-atelier",
                                                             "formation-secourisme"]  # fmt: skip
    panel.search_results.value = "formation-secourisme"  # a click on another result
    assert panel.state.selected == "badge:formation-secourisme"
    panel.search.value = "zzz introuvable"
    assert panel.state.selected == "badge:formation-secourisme" and "zzz introuvable" in panel.state.message


def test_a_drag_in_a_filtered_view_is_saved_and_filters_save_nothing(panel, example_copy):
    from badgeworkbench.files import load_framework

    layout_file = example_copy / "layout.yaml"
    before = layout_file.read_bytes() if layout_file.exists() else None
    panel.view_filters["levels"].value = ("3",)
    panel.focus.value = True
    panel.view_filters["levels"].value = ()
    panel.focus.value = False
    assert (layout_file.read_bytes() if layout_file.exists() else None) == before  # filtering wrote nothing
    panel.view_filters["pathways"].value = ("maraichage-circuits-courts",)
    positions = dict(panel.graph.positions)
    positions["saison-recolte"] = {"x": 4321.5, "y": -12.25}  # a drag in the page
    panel.graph.positions = positions
    saved = load_framework(example_copy).layout
    assert (saved["saison-recolte"].x, saved["saison-recolte"].y) == (4321.5, -12.25)
    assert set(saved) == {"saison-recolte"}  # the hidden badges were not written
    # After the save the filter still holds, and the badge is drawn where it was dropped.
    assert "immersion-metier" in _shown(panel) and "agent-logistique" not in _shown(panel)
    assert panel.graph.positions["saison-recolte"] == {"x": 4321.5, "y": -12.25}


# --- the poster --------------------------------------------------------------------------------------


def _poster_ids(page: bytes) -> set[str]:
    import re

    return set(re.findall(r'<g id="([^"]+)">', page.decode("utf-8")))


def test_poster_shows_one_pathway_at_the_full_constellation_positions(fw):
    from badgeworkbench.materials import render_kit

    whole = render_kit("poster", fw)
    assert len(_poster_ids(whole["poster.html"])) == 30
    part = render_kit("poster", fw, pathway="restauration-collective")
    assert set(part) == {"poster.pdf", "poster.html"}
    assert _poster_ids(part["poster.html"]) == set(filter_badges(fw, ViewFilter(pathways=("restauration-collective",))))
    assert "8/30 badges" in _pdf_text(part["poster.pdf"])
    # Several filters: all must match (logimaint-loire's badges at level 1).
    both = render_kit("poster", fw, partner=["logimaint-loire"], level="1")
    assert _poster_ids(both["poster.html"]) == {"immersion-metier", "preparation-commandes"}


def test_poster_one_per_pathway(fw):
    from badgeworkbench.materials import render_kit

    files = render_kit("poster", fw, "en", per_pathway=True)
    assert sorted(files) == sorted(f"poster-{p.id}.{ext}" for p in fw.pathways for ext in ("pdf", "html"))
    assert "Badge constellation — Institutional catering" in _pdf_text(files["poster-restauration-collective.pdf"])
    for p in fw.pathways:
        assert _poster_ids(files[f"poster-{p.id}.html"]) == set(pathway_badges(fw, p.id))
    # Only the chosen pathways, each narrowed by the other filters.
    chosen = render_kit("poster", fw, per_pathway=True, pathway="maraichage-circuits-courts", level="1")
    assert sorted(chosen) == ["poster-maraichage-circuits-courts.html", "poster-maraichage-circuits-courts.pdf"]
    assert _poster_ids(chosen["poster-maraichage-circuits-courts.html"]) == {
        "benevole-engage",
        "immersion-metier",
        "initiation-maraichage",
        "saison-recolte",
    }


def test_poster_filters_refuse_unknown_values_in_one_sentence(fw):
    from badgeworkbench.materials import MaterialsError, render_kit

    with pytest.raises(MaterialsError, match=r"pathway 'nope' is not in this framework\. Known: accueil-mediation"):
        render_kit("poster", fw, pathway="nope")
    with pytest.raises(MaterialsError, match="keep no badge"):
        render_kit("poster", fw, status="proposed")
    with pytest.raises(MaterialsError, match="unknown option"):
        render_kit("poster", fw, colour="red")


def test_cli_poster_options(tmp_path):
    from click.testing import CliRunner

    from badgeworkbench.cli import main

    runner = CliRunner()
    out = tmp_path / "out"
    result = runner.invoke(main, ["materials", str(EXAMPLE), "--kit", "poster,deck", "--out", str(out),
                                  "--pathway", "logistique-maintenance", "--partner", "conservatoire-metiers-cvl"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["deck.html", "deck.pdf", "poster.html", "poster.pdf"]
    assert _poster_ids((out / "poster.html").read_bytes()) == {
        "agent-logistique", "agent-maintenance", "cycle-formation-complet", "formation-secourisme",
        "preparation-commandes", "stage-entrepot"}  # fmt: skip
    per = tmp_path / "per"
    result = runner.invoke(main, ["materials", str(EXAMPLE), "--kit", "poster", "--out", str(per), "--per-pathway"])
    assert result.exit_code == 0 and len(list(per.iterdir())) == 8
    result = runner.invoke(main, ["materials", str(EXAMPLE), "--kit", "poster", "--out", str(tmp_path / "x"),
                                  "--territory", "atlantide"])  # fmt: skip
    assert result.exit_code == 1 and "territory 'atlantide' is not in this framework" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "x").exists()
    result = runner.invoke(main, ["materials", str(EXAMPLE), "--kit", "deck", "--out", str(tmp_path / "y"),
                                  "--level", "1"])  # fmt: skip
    assert result.exit_code == 2 and "add poster to --kit" in result.output


def _pdf_text(data: bytes) -> str:
    import io

    from pypdf import PdfReader

    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)

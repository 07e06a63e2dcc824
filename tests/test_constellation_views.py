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
        "benevole-engage", "initiation-maraichage", "saison-recolte"]
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
    two = sorted(one + ["candidater-avec-assurance", "delegue-groupe", "organisateur-evenement"])
    assert neighbourhood(fw, "mediateur-numerique", 2) == two
    # Three: organisateur-evenement requires benevole-engage; nothing further.
    assert neighbourhood(fw, "mediateur-numerique", 3) == sorted(two + ["benevole-engage"])
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
        ("saison-recolte", "premier-contrat", True), ("stage-entrepot", "premier-contrat", True)]
    # agent-logistique asks for 2 of 3 (partial too); hygiene-alimentaire is hidden, so commis-cuisine keeps
    # only its arrow from immersion-metier… which is hidden too: no arrow at all for it.
    assert view_edges(fw, ["agent-logistique", "stage-entrepot", "premier-contrat", "commis-cuisine"]) == [
        ("stage-entrepot", "agent-logistique", True), ("stage-entrepot", "premier-contrat", True)]


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

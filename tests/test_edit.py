"""Edits return new frameworks, stamp provenance, and never leave references dangling."""

from __future__ import annotations

import pytest

from badgeworkbench import edit
from badgeworkbench.check import check
from badgeworkbench.errors import UnknownItem
from badgeworkbench.files import load_framework
from badgeworkbench.model import Badge, Competency, Requirement

from .conftest import EXAMPLE, FRAMEWORK_FIXTURES

ME = edit.Author(partner="asso", person="Awa")


def mini():
    return load_framework(FRAMEWORK_FIXTURES / "valid-minimal")


def test_add_stamps_who_proposed_and_when_and_refuses_duplicates():
    fw = edit.add_item(mini(), Competency(id="sourire", title={"fr": "Sourire"}, parent="communiquer"), author=ME)
    prov = fw.competency("sourire").provenance
    assert (prov.proposed_by, prov.proposed_by_person) == ("asso", "Awa") and prov.created is not None
    with pytest.raises(edit.DuplicateItem):
        edit.add_item(fw, Competency(id="sourire"))
    with pytest.raises(edit.InvalidEdit, match="cannot be used"):
        edit.add_item(fw, Competency(id="a b"))


def test_update_validates_and_names_the_field():
    fw = mini()
    with pytest.raises(edit.InvalidEdit, match="category"):
        edit.update_item(fw, "badge", "ecoute", category="nonsense")
    with pytest.raises(UnknownItem, match="ecoute"):
        edit.update_item(fw, "badge", "ecoutee", tags=["x"])
    changed = edit.update_item(fw, "badge", "ecoute", author=ME, tags=["x"])
    assert changed.badge("ecoute").tags == ["x"] and changed.badge("ecoute").provenance.changed_by == "asso"
    assert fw.badge("ecoute").tags == []  # the original value is untouched


def test_removing_a_badge_cleans_requirements_pathways_and_layout():
    fw = edit.set_position(mini(), "ecoute", 10, 20)
    fw = edit.remove_item(fw, "badge", "ecoute")
    assert check(fw).ok, check(fw).to_table("en")
    assert fw.badge("salle").requires == Requirement(count=1, of=["accueil"])
    assert fw.badge("accueil").requires is None
    assert "ecoute" not in fw.layout and fw.pathways[0].stages[0].badges == ["accueil"]


def test_removing_a_competency_reattaches_children_and_drops_relations():
    fw = edit.remove_item(mini(), "competency", "communiquer")
    assert fw.competency("ecouter").parent is None
    fw = edit.remove_item(fw, "competency", "ecouter")
    assert fw.relations == [] and all(rc.competency != "ecouter" for b in fw.badges for rc in b.competencies)


def test_status_votes_comments_and_relations():
    fw = edit.set_status(mini(), "badge", "ecoute", "discussed", author=ME)
    assert fw.badge("ecoute").status == "discussed"
    with pytest.raises(edit.InvalidEdit, match="adopted"):
        edit.set_status(fw, "badge", "ecoute", "maybe")
    fw = edit.vote(edit.vote(fw, "badge", "ecoute", 3), "badge", "ecoute", -5)
    assert fw.badge("ecoute").votes == 0
    fw = edit.add_comment(fw, "badge", "ecoute", "Très bien « vu » !", author=ME)
    assert fw.badge("ecoute").comments[-1].text == "Très bien « vu » !"
    fw = edit.add_relation(fw, "accueillir", "isRelatedTo", "ecouter")
    assert edit.add_relation(fw, "accueillir", "isRelatedTo", "ecouter") is fw
    with pytest.raises(edit.InvalidEdit, match="precedes"):
        edit.add_relation(fw, "accueillir", "leadsTo", "ecouter")
    assert len(edit.remove_relation(fw, "accueillir", "isRelatedTo", "ecouter").relations) == 1


def test_edits_on_the_example_keep_it_valid():
    fw = load_framework(EXAMPLE)
    new = Badge(id="nouveau", name={"fr": "Nouveau", "en": "New"}, description={"fr": "x", "en": "x"},
                criteria={"narrative": {"fr": "x", "en": "x"}}, issuer=fw.badges[0].issuer)
    fw = edit.add_item(fw, new, author=ME)
    assert fw.badge("nouveau") is not None and "nouveau" in {b.id for b in fw.badges}


def test_an_items_own_kind_field_can_be_updated():
    fw = edit.update_item(mini(), "competency", "ecouter", kind="attitude")
    assert fw.competency("ecouter").kind == "attitude"

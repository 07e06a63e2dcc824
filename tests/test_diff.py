"""Comparing two frameworks field by field (badgeworkbench.diff)."""

from pathlib import Path

import pytest

from badgeworkbench.diff import MISSING, compare
from badgeworkbench.edit import Author, add_item, remove_item, update_item
from badgeworkbench.files import load_framework
from badgeworkbench.model import Badge, Position, Relation, Territory

SMALL = Path(__file__).parent / "fixtures" / "coauthoring" / "small"
AWA = Author("mission-locale", "Awa")


@pytest.fixture
def fw():
    return load_framework(SMALL)


def test_identical_frameworks_have_no_difference(fw):
    d = compare(fw, fw)
    assert not d and len(d) == 0
    assert d.headline("fr") == "Aucune différence."
    assert d.to_frame().empty


def test_changed_field_is_reported_with_dotted_path_old_and_new(fw):
    new = update_item(
        fw,
        "badge",
        "cuisine",
        name={"fr": "Cuisiner pour 20 personnes", "en": "Cooking for a group"},
        criteria={"narrative": {"fr": "A préparé un repas."}},
    )
    d = compare(fw, new)
    change = d.item("badge", "cuisine")
    assert change.change == "changed"
    fields = {f.path: (f.old, f.new) for f in change.fields}
    assert fields["name.fr"] == ("Cuisiner pour un groupe", "Cuisiner pour 20 personnes")
    assert fields["criteria.narrative.fr"] == (MISSING, "A préparé un repas.")
    assert "name.en" not in fields  # unchanged language is not reported


def test_every_kind_of_item_is_compared(fw):
    new = add_item(fw, Badge(id="service", name={"fr": "Service en salle"}), author=AWA)
    new = remove_item(new, "partner", "boulangerie-dupre")
    new = new.replace(
        territories=[*new.territories, Territory(id="orleans", name={"fr": "Orléans"})],
        relations=[Relation(source="cuisiner", type="isRelatedTo", target="ecouter", note="vu en atelier")],
        layout={**new.layout, "accueil": Position(x=2, y=3)},
        title={**new.title, "en": "Workshop"},
    )
    d = compare(fw, new)
    labels = {(i.kind, i.key, i.change) for i in d.items}
    assert ("badge", "service", "added") in labels
    assert ("partner", "boulangerie-dupre", "removed") in labels
    assert ("territory", "orleans", "added") in labels
    assert ("relation", "cuisiner isRelatedTo ecouter", "changed") in labels
    assert ("layout", "accueil", "changed") in labels
    assert ("framework", "atelier-cvl", "changed") in labels
    assert d.item("framework", "atelier-cvl").fields[0].path == "title.en"


def test_to_dict_and_to_frame_agree(fw):
    new = update_item(fw, "competency", "cuisiner", author=AWA, status="adopted", votes=5)
    d = compare(fw, new)
    data = d.to_dict()
    frame = d.to_frame()
    assert data["counts"] == {"competency": {"added": 0, "removed": 0, "changed": 1}}
    paths = [f["field"] for f in data["items"][0]["fields"]]
    assert list(frame["field"]) == paths
    assert "votes" in paths and "provenance.changed_by" in paths
    assert set(frame.columns) == {"kind", "id", "change", "field", "old", "new"}


def test_summary_is_readable_in_french_and_english(fw):
    new = update_item(fw, "competency", "cuisiner", title={"fr": "Cuisiner en équipe", "en": "Cooking"})
    new = add_item(new, Badge(id="service"))
    new = add_item(new, Badge(id="plonge"))
    fr = compare(fw, new).summary("fr")
    en = compare(fw, new).summary("en")
    assert fr.splitlines()[0] == "2 badges ajoutés, 1 compétence modifiée."
    assert en.splitlines()[0] == "2 badges added, 1 competency changed."
    assert "title.fr\u202f: «\u202fCuisiner\u202f» → «\u202fCuisiner en équipe\u202f»" in fr
    assert "title.fr: 'Cuisiner' → 'Cuisiner en équipe'" in en


def test_duplicate_ids_are_both_kept(fw):
    twice = fw.replace(badges=[*fw.badges, Badge(id="cuisine", name={"fr": "Doublon"})])
    d = compare(fw, twice)
    assert [(i.kind, i.key, i.change) for i in d.items] == [("badge", "cuisine#2", "added")]

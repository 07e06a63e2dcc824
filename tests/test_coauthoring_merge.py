"""Three-way merge of two copies edited separately (badgeworkbench.coauthoring.merge)."""

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from badgeworkbench.coauthoring.merge import MISSING, UnresolvedConflicts, merge, resolve
from badgeworkbench.diff import compare
from badgeworkbench.edit import Author, add_comment, add_item, remove_item, update_item, vote
from badgeworkbench.files import load_framework
from badgeworkbench.model import Badge, Competency, Criteria

SMALL = Path(__file__).parent / "fixtures" / "coauthoring" / "small"
TOURS = Author("mission-locale", "Awa")
BOURGES = Author("boulangerie-dupre", "Marc")


@pytest.fixture
def base():
    return load_framework(SMALL)


def test_edits_of_different_items_and_fields_merge_without_conflict(base):
    ours = update_item(
        base, "badge", "cuisine", author=TOURS, name={"fr": "Cuisiner pour vingt", "en": "Cooking for a group"}
    )
    ours = add_item(ours, Competency(id="accueillir", title={"fr": "Accueillir"}), author=TOURS)
    theirs = update_item(
        base,
        "badge",
        "cuisine",
        author=BOURGES,
        criteria=Criteria(narrative={"fr": "A servi un repas à 20 personnes."}),
    )
    theirs = update_item(theirs, "competency", "ecouter", author=BOURGES, status="adopted")
    theirs = add_item(theirs, Badge(id="service", name={"fr": "Service en salle"}), author=BOURGES)

    result = merge(base, ours, theirs)
    assert result.clean, [c.describe("en") for c in result.conflicts]
    fw = result.framework
    cuisine = fw.badge("cuisine")
    assert cuisine.name["fr"] == "Cuisiner pour vingt"
    assert cuisine.criteria.narrative["fr"] == "A servi un repas à 20 personnes."
    assert fw.competency("ecouter").status == "adopted"
    assert fw.competency("accueillir") is not None and fw.badge("service") is not None
    # both changed provenance of the same badge: the later change wins, not a conflict
    assert cuisine.provenance.changed_by in {"mission-locale", "boulangerie-dupre"}


def test_comments_tags_and_votes_from_both_sides_are_all_kept(base):
    ours = add_comment(base, "badge", "cuisine", "Préciser le nombre de couverts.", author=TOURS)
    ours = vote(ours, "badge", "cuisine", 2)
    ours = update_item(ours, "badge", "cuisine", tags=["restauration", "tours"])
    theirs = add_comment(base, "badge", "cuisine", "Ajouter l'hygiène.", author=BOURGES)
    theirs = vote(theirs, "badge", "cuisine", 3)
    theirs = update_item(theirs, "badge", "cuisine", tags=["bourges"])  # removed "restauration", added "bourges"

    result = merge(base, ours, theirs)
    assert result.clean
    cuisine = result.framework.badge("cuisine")
    assert [c.text for c in cuisine.comments] == ["Préciser le nombre de couverts.", "Ajouter l'hygiène."]
    assert cuisine.votes == 5
    assert cuisine.tags == ["tours", "bourges"]


def test_same_field_changed_differently_is_a_conflict_keeping_both_values(base):
    ours = update_item(base, "badge", "cuisine", name={"fr": "Cuisiner (Tours)", "en": "Cooking for a group"})
    theirs = update_item(base, "badge", "cuisine", name={"fr": "Cuisiner (Bourges)", "en": "Cooking for a group"})
    result = merge(base, ours, theirs)
    assert len(result.conflicts) == 1
    conflict = result.conflicts[0]
    assert (conflict.id, conflict.base, conflict.ours, conflict.theirs) == (
        "badge:cuisine:name.fr",
        "Cuisiner pour un groupe",
        "Cuisiner (Tours)",
        "Cuisiner (Bourges)",
    )
    assert result.framework.badge("cuisine").name["fr"] == "Cuisiner (Tours)"  # ours until decided
    assert "modifié des deux côtés" in conflict.describe(
        "fr"
    ) and "«\u202fCuisiner (Bourges)\u202f»" in conflict.describe("fr")

    with pytest.raises(UnresolvedConflicts, match=r"badge:cuisine:name\.fr"):
        resolve(result, {})
    assert resolve(result, {"badge:cuisine:name.fr": "theirs"}).badge("cuisine").name["fr"] == "Cuisiner (Bourges)"
    assert resolve(result, {"badge:cuisine:name.fr": "base"}).badge("cuisine").name["fr"] == "Cuisiner pour un groupe"
    chosen = resolve(result, {"badge:cuisine:name.fr": {"value": "Cuisiner (Tours et Bourges)"}})
    assert chosen.badge("cuisine").name == {"fr": "Cuisiner (Tours et Bourges)", "en": "Cooking for a group"}
    assert resolve(result, default="ours") == result.framework


def test_deleted_on_one_side_edited_on_the_other_is_kept_until_decided(base):
    ours = remove_item(base, "competency", "cuisiner")
    theirs = update_item(base, "competency", "cuisiner", title={"fr": "Cuisiner au quotidien"})
    result = merge(base, ours, theirs)
    deleted = [c for c in result.conflicts if c.id == "competency:cuisiner"]
    assert deleted and deleted[0].reason == "deleted-by-us" and deleted[0].ours is MISSING
    assert result.framework.competency("cuisiner").title["fr"] == "Cuisiner au quotidien"  # nothing lost
    gone = resolve(result, default="ours")
    assert gone.competency("cuisiner") is None

    mirrored = merge(base, theirs, ours)
    assert [c.reason for c in mirrored.conflicts if c.id == "competency:cuisiner"] == ["deleted-by-them"]


def test_requirement_is_merged_whole(base):
    from badgeworkbench.model import Requirement

    ours = update_item(base, "badge", "equipier", requires=Requirement(count=1, of=["accueil", "cuisine"]))
    theirs = update_item(base, "badge", "equipier", requires=Requirement(of=["accueil", "cuisine", "service"]))
    result = merge(base, ours, theirs)
    assert [c.id for c in result.conflicts] == ["badge:equipier:requires"]


def test_item_added_on_both_sides_differently_conflicts_field_by_field(base):
    ours = add_item(base, Badge(id="plonge", name={"fr": "Plonge"}, issuer="cnam"))
    theirs = add_item(base, Badge(id="plonge", name={"fr": "Plonge et hygiène"}, issuer="cnam"))
    result = merge(base, ours, theirs)
    assert [(c.id, c.reason) for c in result.conflicts] == [("badge:plonge:name.fr", "both-added")]


def test_merge_result_loses_nothing_either_side_did(base):
    """Every field either side changed (without conflict) is in the merge."""
    ours = update_item(base, "partner", "cnam", email="contact@cnam.example")
    theirs = remove_item(base, "badge", "accueil")
    result = merge(base, ours, theirs)
    assert result.clean
    assert result.framework.partner("cnam").email == "contact@cnam.example"
    assert result.framework.badge("accueil") is None
    assert not compare(result.framework, merge(base, theirs, ours).framework)  # symmetric when clean


@settings(max_examples=40, deadline=None)
@given(
    ours_names=st.dictionaries(
        st.sampled_from(["accueil", "cuisine", "equipier"]), st.text(min_size=1, max_size=8), max_size=3
    ),
    theirs_votes=st.dictionaries(st.sampled_from(["accueil", "cuisine", "equipier"]), st.integers(0, 5), max_size=3),
)
def test_property_disjoint_fields_always_merge_cleanly(ours_names, theirs_votes):
    base = load_framework(SMALL)
    ours = base
    for badge_id, name in ours_names.items():
        ours = update_item(ours, "badge", badge_id, name={"fr": name})
    theirs = base
    for badge_id, dots in theirs_votes.items():
        theirs = vote(theirs, "badge", badge_id, dots)
    result = merge(base, ours, theirs)
    # names.en were dropped by ours (a whole new dict): a removal on one side, so no conflict either
    assert result.clean
    for badge_id, name in ours_names.items():
        assert result.framework.badge(badge_id).name == {"fr": name}
    for badge_id, dots in theirs_votes.items():
        assert result.framework.badge(badge_id).votes == base.badge(badge_id).votes + dots


def test_conflict_chooser_widget_decides_conflicts_without_a_browser(base):
    from badgeworkbench.coauthoring.decide import ConflictChooser, conflicts_table

    ours = update_item(base, "badge", "cuisine", name={"fr": "Cuisiner (Tours)"})
    ours = remove_item(ours, "competency", "cuisiner")
    theirs = update_item(base, "badge", "cuisine", name={"fr": "Cuisiner (Bourges)"})
    theirs = update_item(theirs, "competency", "cuisiner", title={"fr": "Cuisiner au quotidien"})
    result = merge(base, ours, theirs)
    table = conflicts_table(result.conflicts)
    assert set(table["id"]) == {"badge:cuisine:name.fr", "competency:cuisiner"}

    decided = []
    chooser = ConflictChooser(result, lang="fr", on_resolved=decided.append)
    chooser.button.click()  # nothing chosen yet: told which conflicts remain, nothing applied
    assert chooser.framework is None and "badge:cuisine:name.fr" in chooser.status.value
    chooser.toggles["badge:cuisine:name.fr"].value = "other"
    assert chooser.values["badge:cuisine:name.fr"].layout.display == ""
    chooser.values["badge:cuisine:name.fr"].value = "Cuisiner (Tours et Bourges)"
    chooser.toggles["competency:cuisiner"].value = "theirs"
    chooser.button.click()
    fw = decided[0]
    assert fw.badge("cuisine").name == {"fr": "Cuisiner (Tours et Bourges)"}
    assert fw.competency("cuisiner").title == {"fr": "Cuisiner au quotidien"}
    assert "2 conflit(s) tranché(s)" in chooser.status.value


@pytest.mark.parametrize("choice", ["theirs", "ours", "base"])
def test_a_decided_conflict_carries_the_provenance_of_the_version_kept(base, choice):
    from badgeworkbench.coauthoring.decide import ConflictChooser

    theirs = update_item(base, "badge", "cuisine", name={"fr": "Cuisiner (Tours)"}, author=TOURS)
    ours = update_item(base, "badge", "cuisine", name={"fr": "Cuisiner (Bourges)"}, author=BOURGES)
    # Bourges edited last: the merge puts Bourges' provenance on the item until a decision is made.
    ours = ours.replace(badges=[b.model_copy(update={"provenance": b.provenance.model_copy(
        update={"changed": dt.datetime(2099, 1, 1, tzinfo=dt.UTC)})}) if b.id == "cuisine" else b for b in ours.badges])  # fmt: skip
    chooser = ConflictChooser(merge(base, ours, theirs))
    chooser.choose("badge:cuisine:name.fr", choice)
    kept = chooser.apply().badge("cuisine")
    expected = {"theirs": theirs, "ours": ours, "base": ours}[choice].badge("cuisine").provenance
    assert kept.provenance == expected
    if choice == "theirs":
        assert kept == theirs.badge("cuisine") and not compare(theirs, chooser.framework).items


def test_votes_taken_back_on_both_sides_never_go_below_zero(base):
    ours = vote(base, "competency", "ecouter", -3)
    theirs = vote(base, "competency", "ecouter", -2)
    assert merge(base, ours, theirs).framework.competency("ecouter").votes == 0


_EDITS = st.lists(
    st.tuples(
        st.sampled_from(["accueil", "cuisine", "equipier"]),
        st.sampled_from(["name", "description", "votes", "tags", "remove"]),
        st.text(alphabet="abcdéè« »", min_size=1, max_size=6),
    ),
    max_size=6,
)


def _apply(fw, edits):
    for badge_id, field, value in edits:
        if fw.badge(badge_id) is None:
            continue
        if field == "remove":
            fw = remove_item(fw, "badge", badge_id)
        elif field == "votes":
            fw = vote(fw, "badge", badge_id, len(value))
        elif field == "tags":
            fw = update_item(fw, "badge", badge_id, tags=[*fw.badge(badge_id).tags, value])
        else:
            fw = update_item(fw, "badge", badge_id, **{field: {"fr": value}})
    return fw


@settings(max_examples=40, deadline=None)
@given(edits=_EDITS)
def test_property_merging_with_an_unchanged_side_gives_the_changed_side(edits):
    base = load_framework(SMALL)
    edited = _apply(base, edits)
    for result in (merge(base, edited, base), merge(base, base, edited)):
        assert result.clean and not compare(result.framework, edited)


@settings(max_examples=40, deadline=None)
@given(ours_edits=_EDITS, theirs_edits=_EDITS)
def test_property_nothing_is_lost_every_change_is_merged_or_a_conflict(ours_edits, theirs_edits):
    base = load_framework(SMALL)
    ours, theirs = _apply(base, ours_edits), _apply(base, theirs_edits)
    result = merge(base, ours, theirs)
    conflicted = {(c.kind, c.key) for c in result.conflicts}
    merged = result.framework
    # every badge their side changed (and ours did not touch) reads as theirs in the merge
    for change in compare(base, theirs).items:
        if change.kind != "badge" or (change.kind, change.key) in conflicted:
            continue
        if compare(base, ours).item("badge", change.key) is None:
            assert not compare(
                theirs.replace(badges=[b for b in theirs.badges if b.id == change.key]),
                merged.replace(badges=[b for b in merged.badges if b.id == change.key]),
            ).item("badge", change.key)
    # resolving every conflict either way gives a valid framework
    resolve(result, default="theirs")
    resolve(result, default="ours")


def test_same_item_added_identically_on_both_sides_is_taken_once(base):
    badge = Badge(id="plonge", name={"fr": "Plonge"}, votes=2)
    result = merge(base, add_item(base, badge), add_item(base, badge))
    assert result.clean and result.framework.badge("plonge").votes == 2
    assert [b.id for b in result.framework.badges].count("plonge") == 1

"""Two notebooks on one framework through SharedFramework: edits, saves, others' saves, conflicts."""

import shutil
import threading
import time
from pathlib import Path

import pytest

from badgeworkbench.coauthoring.history import read_log
from badgeworkbench.coauthoring.live import PendingConflicts, SharedFramework
from badgeworkbench.edit import Author, update_item, vote
from badgeworkbench.files import load_framework

SMALL = Path(__file__).parent / "fixtures" / "coauthoring" / "small"
AWA = Author("mission-locale", "Awa")
MARC = Author("boulangerie-dupre", "Marc")


@pytest.fixture
def folder(tmp_path):
    target = tmp_path / "atelier"
    shutil.copytree(SMALL, target)
    return target


def _wait(condition, timeout=2.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_each_notebook_sees_the_others_saves_and_keeps_its_unsaved_edits(folder):
    changed = threading.Event()
    with (
        SharedFramework(folder, AWA, interval=0.2) as awa,
        SharedFramework(folder, MARC, interval=0.2, on_change=lambda s: changed.set()) as marc,
    ):
        marc.edit(update_item, "badge", "accueil", description={"fr": "Accueil revu par Marc."})  # unsaved
        awa.edit(update_item, "badge", "cuisine", name={"fr": "Cuisiner pour vingt"})
        assert awa.unsaved
        awa.save()
        assert not awa.unsaved
        assert changed.wait(2.0), "Marc's notebook did not see Awa's save within 2 seconds"
        assert marc.framework.badge("cuisine").name == {"fr": "Cuisiner pour vingt"}
        assert marc.framework.badge("accueil").description == {"fr": "Accueil revu par Marc."}  # still there
        assert marc.unsaved
        marc.save()
        assert _wait(lambda: awa.framework.badge("accueil").description == {"fr": "Accueil revu par Marc."})
        on_disk = load_framework(folder)
        assert on_disk.badge("cuisine").name == {"fr": "Cuisiner pour vingt"}
        assert on_disk.badge("accueil").description == {"fr": "Accueil revu par Marc."}
        assert awa.watcher.errors == [] and marc.watcher.errors == []


def test_same_field_edited_in_two_notebooks_waits_for_a_decision(folder):
    with SharedFramework(folder, AWA, watch=False) as awa, SharedFramework(folder, MARC, watch=False) as marc:
        awa.edit(update_item, "badge", "cuisine", name={"fr": "Cuisiner (Tours)"})
        marc.edit(update_item, "badge", "cuisine", name={"fr": "Cuisiner (Bourges)"})
        marc.edit(vote, "badge", "accueil", 2)
        awa.save()
        outcome = marc.save()
        assert not outcome.saved and [c.id for c in marc.conflicts] == ["badge:cuisine:name.fr"]
        with pytest.raises(PendingConflicts, match=r"badge:cuisine:name\.fr"):
            marc.save()
        marc.edit(vote, "badge", "equipier", 1)  # an edit made before deciding is kept
        marc.resolve({"badge:cuisine:name.fr": "theirs"})
        assert marc.save().saved
    final = load_framework(folder)
    assert final.badge("cuisine").name == {"fr": "Cuisiner (Tours)"}
    assert final.badge("accueil").votes == 2 and final.badge("equipier").votes == 1


@pytest.mark.parametrize("marc_also_votes", [False, True])
def test_their_version_chosen_keeps_their_provenance_and_logs_nothing_in_the_overruled_name(folder, marc_also_votes):
    with SharedFramework(folder, AWA, watch=False) as awa, SharedFramework(folder, MARC, watch=False) as marc:
        awa.edit(update_item, "badge", "cuisine", name={"fr": "Cuisiner (Tours)"}, author=AWA)
        marc.edit(update_item, "badge", "cuisine", name={"fr": "Cuisiner (Bourges)"}, author=MARC)
        if marc_also_votes:
            marc.edit(vote, "badge", "accueil", 2)
        awa.save()
        awas = load_framework(folder).badge("cuisine").provenance
        time.sleep(1.1)  # Marc's later save would otherwise share Awa's second
        assert not marc.save().saved
        decided = marc.resolve({"badge:cuisine:name.fr": "theirs"})
        assert decided.badge("cuisine") == load_framework(folder).badge("cuisine")
        assert marc.save().saved
    cuisine = load_framework(folder).badge("cuisine")
    assert cuisine.name == {"fr": "Cuisiner (Tours)"}
    assert (cuisine.provenance.changed_by, cuisine.provenance.changed_by_person) == ("mission-locale", "Awa")
    assert cuisine.provenance.changed == awas.changed
    marcs = [entry for entry in read_log(folder) if entry.person == "Marc"]
    assert all("badge:cuisine" not in entry.items for entry in marcs)
    assert [entry.items for entry in marcs] == ([["badge:accueil"]] if marc_also_votes else [])


def test_undo_redo_and_recovery_report(folder):
    (folder / "badges" / ".cuisine.yaml.tmp-999999").write_text("id: cuisine\nname: {fr: à moitié}\n", "utf-8")
    with SharedFramework(folder, AWA, watch=False) as shared:
        assert shared.recovery.happened and "badges/cuisine.yaml" in shared.recovery.set_aside
        before = shared.framework
        shared.edit(vote, "badge", "cuisine", 3)
        assert shared.undo() is before
        shared.redo()
        shared.save()
    assert load_framework(folder).badge("cuisine").votes == 3

"""Change log, undo/redo, named versions and new badge versions."""

import json
import shutil
from pathlib import Path

import pytest

from badgeworkbench.coauthoring.history import EditSession, NothingToRedo, NothingToUndo, read_log, record_save
from badgeworkbench.coauthoring.versions import (
    VersionError,
    compare_versions,
    list_versions,
    load_version,
    new_badge_version,
    tag,
)
from badgeworkbench.edit import Author, add_item, update_item
from badgeworkbench.errors import UnknownItem
from badgeworkbench.files import framework_files, load_framework, read_framework, save_framework
from badgeworkbench.model import Badge, Position, Requirement

SMALL = Path(__file__).parent / "fixtures" / "coauthoring" / "small"
AWA = Author("mission-locale", "Awa")


@pytest.fixture
def folder(tmp_path):
    target = tmp_path / "atelier"
    shutil.copytree(SMALL, target)
    return target


def test_record_save_appends_one_line_per_save_with_author_summary_and_digests(folder):
    opened = read_framework(folder)
    before = opened.framework
    after = update_item(before, "badge", "cuisine", author=AWA, name={"fr": "Cuisiner pour vingt"})
    save_framework(after, folder, snapshot=opened.snapshot)
    entry = record_save(folder, before, after, AWA)
    after2 = add_item(after, Badge(id="service"), author=Author("cnam", "Lina"))
    save_framework(after2, folder)
    record_save(folder, after, after2, ("cnam", "Lina"))

    log = read_log(folder)
    assert [e.line for e in log] == [1, 2] and entry.line == 1
    first, second = log
    assert (first.partner, first.person) == ("mission-locale", "Awa")
    assert first.summary == {"fr": "1 badge modifié.", "en": "1 badge changed."}
    assert first.items == ["badge:cuisine"]
    # the digest recorded is the digest of the file now on disk
    import hashlib

    assert first.files == {
        "badges/cuisine.yaml": hashlib.sha256((folder / "badges/cuisine.yaml").read_bytes()).hexdigest()
    }
    assert second.summary["en"] == "1 badge added." and second.person == "Lina"
    assert "Awa" in first.describe("fr") and "1 badge modifié." in first.describe("fr")
    # the log lives beside the framework and is not taken for a framework file
    assert (folder / "history" / "log.jsonl").is_file()
    assert load_framework(folder) == after2


def test_a_log_line_cut_short_by_a_crash_is_reported_not_dropped(folder):
    fw = load_framework(folder)
    record_save(folder, None, fw, AWA)
    with open(folder / "history" / "log.jsonl", "a", encoding="utf-8") as handle:
        handle.write('{"time": "2026-11-28T10:00:00Z", "author": {"partn')  # crash mid-write
    record_save(folder, fw, fw.replace(version="0.4"), AWA)
    log = read_log(folder)
    assert [bool(e.problem) for e in log] == [False, True, False]
    assert "line 2 cannot be read" in log[1].problem
    assert log[2].summary["en"] == "1 framework changed."
    lines = (folder / "history" / "log.jsonl").read_text("utf-8").splitlines()
    assert all(json.loads(line) for i, line in enumerate(lines) if i != 1)


def test_edit_session_undo_redo():
    fw = load_framework(SMALL)
    session = EditSession(fw)
    with pytest.raises(NothingToUndo):
        session.undo()
    a = session.apply(update_item(fw, "badge", "cuisine", name={"fr": "A"}))
    b = session.apply(update_item(a, "badge", "cuisine", name={"fr": "B"}))
    assert session.last_change().item("badge", "cuisine").fields[0].new == "B"
    assert session.undo().badge("cuisine").name == {"fr": "A"}
    assert session.undo() is fw
    assert not session.can_undo and session.can_redo
    assert session.redo() is a
    session.apply(update_item(a, "badge", "cuisine", name={"fr": "C"}))  # a new edit clears the redo stack
    with pytest.raises(NothingToRedo):
        session.redo()
    assert session.current.badge("cuisine").name == {"fr": "C"} and b is not session.current
    session.apply(session.current)  # no change: no step recorded
    assert session.undo() is a


def test_tag_copies_the_files_and_versions_compare_field_by_field(folder):
    v1 = tag(folder, "v1", "adopté en comité le 12 mars", AWA)
    assert v1.framework_version == "0.3" and v1.partner == "mission-locale"
    copy = folder / "history" / "versions" / "v1"
    assert (copy / "badges" / "cuisine.yaml").read_bytes() == (folder / "badges" / "cuisine.yaml").read_bytes()
    assert load_version(folder, "v1") == load_framework(folder)

    opened = read_framework(folder)
    changed = update_item(opened.framework, "badge", "cuisine", name={"fr": "Cuisiner pour vingt"})
    save_framework(changed.replace(version="0.4"), folder, snapshot=opened.snapshot)
    tag(folder, "v2")

    d = compare_versions(folder, "v1", "v2")
    assert {i.label for i in d.items} == {"badge:cuisine", "framework:atelier-cvl"}
    assert not compare_versions(folder, "v2")  # v2 against the current framework
    assert [v.name for v in list_versions(folder)] == ["v1", "v2"]
    # the named versions stay as they were
    assert load_version(folder, "v1").badge("cuisine").name["fr"] == "Cuisiner pour un groupe"


def test_tag_refuses_bad_or_duplicate_names_and_unknown_versions_suggest(folder):
    tag(folder, "v1")
    with pytest.raises(VersionError, match="already exists"):
        tag(folder, "v1")
    with pytest.raises(VersionError, match="cannot name a version"):
        tag(folder, "../v2")
    with pytest.raises(VersionError, match="Did you mean v1"):
        load_version(folder, "v1.")


def test_tag_refuses_when_a_file_cannot_be_read(folder):
    (folder / "badges" / "cuisine.yaml").write_text("id: cuisine\nname: [unclosed\n", "utf-8")
    with pytest.raises(VersionError, match=r"badges/cuisine.yaml cannot be read"):
        tag(folder, "v1")
    assert list_versions(folder) == []


def test_new_badge_version_links_to_the_previous_one():
    fw = load_framework(SMALL)
    fw = fw.replace(layout={**fw.layout})
    new = new_badge_version(fw, "cuisine", "2.0", author=AWA, criteria={"narrative": {"fr": "Repas pour 20."}})
    old, v2 = new.badge("cuisine"), new.badge("cuisine-v2")
    assert fw.replace(badges=[b for b in new.badges if b.id != "cuisine-v2"]) == fw  # old kept as is
    assert (v2.version, v2.previous_version, v2.status, v2.votes, v2.comments) == ("2.0", "cuisine", "proposed", 0, [])
    assert v2.criteria.narrative == {"fr": "Repas pour 20."} and v2.name == old.name
    assert v2.provenance.proposed_by == "mission-locale"
    assert [b.id for b in new.badges] == ["accueil", "cuisine", "cuisine-v2", "equipier"]
    assert new.badge("equipier").requires == Requirement(of=["accueil", "cuisine"])  # not retargeted by default
    # a third version continues the numbering; retarget moves requirements, pathways and layout
    v3 = new_badge_version(new, "cuisine-v2", "3.0", retarget=True)
    assert v3.badge("cuisine-v3").previous_version == "cuisine-v2"
    again = new_badge_version(fw, "cuisine", "2.0", retarget=True)
    assert again.badge("equipier").requires == Requirement(of=["accueil", "cuisine-v2"])
    assert again.pathway("vers-la-restauration").stages[1].badges == ["cuisine-v2", "equipier"]
    assert again.layout["cuisine-v2"] == Position(x=1, y=0) and "cuisine" not in again.layout
    # the new version saves and checks as any badge
    assert "badges/cuisine-v2.yaml" in framework_files(again)


def test_new_badge_version_refusals():
    fw = load_framework(SMALL)
    with pytest.raises(UnknownItem, match="cuisine"):
        new_badge_version(fw, "cuisne", "2.0")
    with pytest.raises(VersionError, match="already version"):
        new_badge_version(fw, "cuisine", "1.0")
    with pytest.raises(VersionError, match="already exists"):
        new_badge_version(fw, "cuisine", "2.0", new_id="accueil")


def _speaks_both(error: VersionError, *french: str) -> None:
    """The panel sentence exists in French and English, and the French one is French (not a copy)."""
    fr, en = error.text("fr"), error.text("en")
    assert set(error.messages) == {"fr", "en"}, error.messages
    assert fr != en and all(word in fr for word in french), fr
    assert str(error) and str(error) != fr  # the command line keeps its own sentence


def test_version_refusals_speak_french_and_english(folder):
    tag(folder, "v1")
    with pytest.raises(VersionError) as caught:
        tag(folder, "v1")
    _speaks_both(caught.value, "existe déjà", "v1")
    with pytest.raises(VersionError) as caught:
        tag(folder, "../v2")
    _speaks_both(caught.value, "ne peut pas nommer une version")
    with pytest.raises(VersionError) as caught:
        load_version(folder, "v1.")
    _speaks_both(caught.value, "pas de version « v1. »", "Vouliez-vous dire v1")
    (folder / "history" / "tags.yaml").write_text("- name: [unclosed\n", "utf-8")
    with pytest.raises(VersionError) as caught:
        list_versions(folder)
    _speaks_both(caught.value, "illisible")
    fw = load_framework(SMALL)
    for call, french in [
        (lambda: new_badge_version(fw, "cuisine", "1.0"), "déjà en version"),
        (lambda: new_badge_version(fw, "cuisine", "2.0", new_id="accueil"), "existe déjà"),
        (lambda: new_badge_version(fw, "cuisine", "2.0", new_id="../x"), "ne peut pas être l'identifiant"),
        (lambda: new_badge_version(fw, "cuisine", "2.0", criteria=42), "est refusée"),
    ]:
        with pytest.raises(VersionError) as caught:
            call()
        _speaks_both(caught.value, french)


def test_tag_refusal_for_unreadable_files_speaks_french(folder):
    (folder / "badges" / "cuisine.yaml").write_text("id: cuisine\nname: [unclosed\n", "utf-8")
    with pytest.raises(VersionError) as caught:
        tag(folder, "v1")
    _speaks_both(caught.value, "badges/cuisine.yaml", "illisible")

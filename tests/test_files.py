"""Reading and saving framework folders: round trips, minimal diffs, safe saving, bad input."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from badgeworkbench import edit
from badgeworkbench.errors import FrameworkChangedOnDisk, FrameworkFileError, FrameworkNeedsRepair, UnsafeIdentifier
from badgeworkbench.files import (
    MAX_FILE_BYTES,
    changed_on_disk,
    framework_files,
    load_framework,
    read_framework,
    save_framework,
)
from badgeworkbench.model import Badge, Competency, Framework

from .conftest import EXAMPLE, copy_fixture
from .strategies import frameworks


def snapshot_bytes(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
            and p.name != ".badgeworkbench.lock"}


def by_id(fw: Framework) -> dict[str, object]:
    """The framework with order-free collections: files store badges and pathways one per file."""
    data = {name: getattr(fw, name) for name in type(fw).model_fields}
    for name in ("competencies", "badges", "pathways", "partners", "territories"):
        data[name] = {item.id: item for item in getattr(fw, name)}
    return data


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fw=frameworks())
def test_save_then_load_gives_back_the_same_framework(tmp_path_factory, fw):
    folder = tmp_path_factory.mktemp("rt") / "fw"
    save_framework(fw, folder)
    loaded = read_framework(folder)
    assert loaded.report.problems == []
    assert by_id(loaded.framework) == by_id(fw)
    # ... and saving what was loaded rewrites byte-identical files.
    before = snapshot_bytes(folder)
    save_framework(loaded.framework, folder, snapshot=loaded.snapshot)
    assert snapshot_bytes(folder) == before


def test_example_round_trip_is_byte_identical(example_copy):
    before = snapshot_bytes(example_copy)
    opened = read_framework(example_copy)
    mtimes = {p: p.stat().st_mtime_ns for p in example_copy.rglob("*.yaml")}
    save_framework(opened.framework, example_copy, snapshot=opened.snapshot)
    assert snapshot_bytes(example_copy) == before
    # Nothing was even rewritten: unchanged files are left alone.
    assert {p: p.stat().st_mtime_ns for p in example_copy.rglob("*.yaml")} == mtimes


def test_changing_one_badge_changes_only_that_badges_lines(example_copy):
    opened = read_framework(example_copy)
    badge = opened.framework.badges[3]
    before = snapshot_bytes(example_copy)
    changed = edit.update_item(opened.framework, "badge", badge.id, name={**badge.name, "fr": "Nouveau nom"})
    save_framework(changed, example_copy, snapshot=opened.snapshot)
    after = snapshot_bytes(example_copy)
    differing = [name for name in after if after[name] != before.get(name)]
    assert differing == [f"badges/{badge.id}.yaml"]
    old_lines = before[differing[0]].decode().splitlines()
    new_lines = after[differing[0]].decode().splitlines()
    assert len(old_lines) == len(new_lines)
    assert [n for o, n in zip(old_lines, new_lines, strict=True) if o != n] == ["  fr: Nouveau nom"]


def test_files_keep_unicode_as_written_and_a_stable_key_order():
    fw = load_framework(EXAMPLE)
    files = framework_files(fw)
    text = "".join(files.values())
    assert "\\u" not in text and "é" in text and "«" in text
    first_badge = next(v for k, v in files.items() if k.startswith("badges/"))
    keys = [line.split(":")[0] for line in first_badge.splitlines() if line and not line.startswith(" ")]
    order = list(Badge.model_fields)
    assert keys[0] == "id"
    assert [k for k in keys if k in order] == sorted((k for k in keys if k in order),
                                                     key=lambda k: (k in ("status", "votes", "comments",
                                                                          "provenance"), order.index(k)))


def test_removing_a_badge_deletes_its_file(example_copy):
    opened = read_framework(example_copy)
    victim = opened.framework.badges[0].id
    save_framework(edit.remove_item(opened.framework, "badge", victim), example_copy, snapshot=opened.snapshot)
    assert not (example_copy / "badges" / f"{victim}.yaml").exists()
    assert victim not in {b.id for b in load_framework(example_copy).badges}


# --- safe saving -----------------------------------------------------------------------------------


def test_a_save_over_someone_elses_change_is_refused_and_writes_nothing(example_copy):
    mine = read_framework(example_copy)
    theirs = read_framework(example_copy)
    badge_id = mine.framework.badges[0].id
    save_framework(edit.update_item(theirs.framework, "badge", badge_id, tags=["leur-modif"]), example_copy,
                   snapshot=theirs.snapshot)
    before = snapshot_bytes(example_copy)
    with pytest.raises(FrameworkChangedOnDisk) as refused:
        save_framework(edit.update_item(mine.framework, "badge", badge_id, tags=["ma-modif"]), example_copy,
                       snapshot=mine.snapshot)
    assert f"badges/{badge_id}.yaml" in str(refused.value) and "Reload" in str(refused.value)
    assert snapshot_bytes(example_copy) == before
    assert changed_on_disk(mine.snapshot) == [f"badges/{badge_id}.yaml"]


def test_saves_touching_different_files_both_land(example_copy):
    mine, theirs = read_framework(example_copy), read_framework(example_copy)
    a, b = mine.framework.badges[0].id, mine.framework.badges[1].id
    save_framework(edit.update_item(theirs.framework, "badge", a, tags=["a"]), example_copy, snapshot=theirs.snapshot)
    save_framework(edit.update_item(mine.framework, "badge", b, tags=["b"]), example_copy, snapshot=mine.snapshot)
    fw = load_framework(example_copy)
    assert fw.badge(a).tags == ["a"] and fw.badge(b).tags == ["b"]


def test_an_interrupted_save_is_finished_at_the_next_load(example_copy):
    # A save that crashed after writing its temporary files and journal, before renaming them.
    target = example_copy / "badges" / "new-badge.yaml"
    temp = target.with_name(".new-badge.yaml.tmp-999")
    fw = load_framework(example_copy)
    badge = fw.badges[0].model_copy(update={"id": "new-badge"})
    temp.write_text(framework_files(fw.replace(badges=[badge]))["badges/new-badge.yaml"], "utf-8")
    (example_copy / ".save-journal.json").write_text(json.dumps(
        {"renames": [[str(temp.relative_to(example_copy)), "badges/new-badge.yaml"]], "deletes": []}))
    assert load_framework(example_copy).badge("new-badge") is not None
    assert not temp.exists() and not (example_copy / ".save-journal.json").exists()


def test_no_temporary_file_is_left_when_a_save_fails(example_copy, monkeypatch):
    opened = read_framework(example_copy)
    before = snapshot_bytes(example_copy)
    changed = edit.update_item(opened.framework, "badge", opened.framework.badges[0].id, tags=["x"])

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(FrameworkFileError, match=r"No space left on device.*Nothing was changed"):
        save_framework(changed, example_copy, snapshot=opened.snapshot)
    assert snapshot_bytes(example_copy) == before


def test_an_unsafe_id_is_refused_before_anything_is_written(tmp_path):
    fw = Framework(id="f", badges=[Badge(id="../../etc")])
    with pytest.raises(UnsafeIdentifier, match=r"\.\./\.\./etc"):
        save_framework(fw, tmp_path / "fw")
    assert not (tmp_path / "fw").exists() or not any((tmp_path / "fw").rglob("*.yaml"))
    assert not (tmp_path / "etc.yaml").exists()


# --- bad input ------------------------------------------------------------------------------------


def test_truncated_yaml_is_reported_with_file_and_line_and_the_rest_still_loads(example_copy):
    path = sorted((example_copy / "badges").glob("*.yaml"))[0]
    path.write_text(path.read_text()[:-40].replace("\n  fr:", "\n  fr: [", 1), "utf-8")
    opened = read_framework(example_copy)
    problem = next(p for p in opened.report if p.code == "yaml-syntax")
    assert problem.file == f"badges/{path.name}" and problem.line
    assert len(opened.framework.badges) == len(list((example_copy / "badges").glob("*.yaml"))) - 1


def test_a_broken_file_is_never_overwritten_by_a_save(example_copy):
    path = sorted((example_copy / "badges").glob("*.yaml"))[0]
    path.write_text("id: [broken", "utf-8")
    opened = read_framework(example_copy)
    other = opened.framework.badges[0].id
    save_framework(edit.update_item(opened.framework, "badge", other, tags=["ok"]), example_copy,
                   snapshot=opened.snapshot)
    assert path.read_text() == "id: [broken"


def test_invalid_utf8_is_reported_with_its_line(example_copy):
    path = example_copy / "partners.yaml"
    data = path.read_bytes()
    path.write_bytes(data.replace("é".encode(), b"\xe9", 1))
    opened = read_framework(example_copy)
    problem = next(p for p in opened.report if p.code == "not-utf8")
    assert problem.file == "partners.yaml" and problem.line >= 1
    assert "UTF-8" in problem.text("en")


def test_a_huge_file_is_refused_unread(example_copy):
    path = example_copy / "badges" / "huge.yaml"
    with open(path, "wb") as handle:
        handle.write(b"id: huge\nname:\n  fr: ")
        handle.truncate(MAX_FILE_BYTES + 10)
    opened = read_framework(example_copy)
    assert [p.code for p in opened.report if p.file == "badges/huge.yaml"] == ["file-too-large"]


def test_a_folder_without_framework_yaml_is_a_clear_error(tmp_path):
    with pytest.raises(FrameworkFileError, match=r"no framework\.yaml"):
        read_framework(tmp_path)
    with pytest.raises(FrameworkFileError, match="no such folder"):
        read_framework(tmp_path / "missing")


def test_an_unreadable_framework_yaml_names_the_file(tmp_path):
    folder = copy_fixture("valid-minimal", tmp_path)
    (folder / "framework.yaml").write_text("id: [mini\n", "utf-8")
    with pytest.raises(FrameworkFileError, match=r"framework\.yaml"):
        read_framework(folder)


def test_a_wrong_field_type_names_the_item_and_field(tmp_path):
    folder = copy_fixture("valid-minimal", tmp_path)
    path = folder / "badges" / "ecoute.yaml"
    path.write_text(path.read_text().replace("level: \"1\"", "level: [1, 2]"), "utf-8")
    problem = next(p for p in read_framework(folder).report if p.code == "invalid-field")
    assert problem.item == "badge:ecoute" and problem.field.startswith("level") and problem.file == "badges/ecoute.yaml"


def test_a_newer_format_is_refused_with_what_to_do(tmp_path):
    folder = copy_fixture("valid-minimal", tmp_path)
    path = folder / "framework.yaml"
    path.write_text(path.read_text().replace("format_version: 1", "format_version: 99"), "utf-8")
    with pytest.raises(FrameworkFileError, match="newer"):
        read_framework(folder)


def test_a_file_named_differently_from_its_id_is_flagged(tmp_path):
    folder = copy_fixture("valid-minimal", tmp_path)
    shutil.move(folder / "badges" / "ecoute.yaml", folder / "badges" / "autre.yaml")
    assert "id-file-mismatch" in read_framework(folder).report.codes()


def test_competency_items_are_located_at_their_line():
    opened = read_framework(EXAMPLE)
    first = opened.framework.competencies[1]
    from badgeworkbench.report import Problem, Severity

    file, line = opened.snapshot.locate(Problem("x", Severity.INFO, {"en": "x"}, item=f"competency:{first.id}"))
    assert (EXAMPLE / file).read_text().splitlines()[line - 1] == f"- id: {first.id}"


def test_new_items_land_in_their_root_competency_file(tmp_path):
    folder = copy_fixture("valid-minimal", tmp_path)
    opened = read_framework(folder)
    fw = edit.add_item(opened.framework, Competency(id="sourire", title={"fr": "Sourire"}, parent="accueillir"))
    save_framework(fw, folder, snapshot=opened.snapshot)
    assert "- id: sourire" in (folder / "competencies" / "communiquer.yaml").read_text()


def test_a_badge_file_with_an_invalid_field_is_kept_by_saves(tmp_path):
    folder = copy_fixture("valid-minimal", tmp_path)
    path = folder / "badges" / "ecoute.yaml"
    path.write_text(path.read_text().replace('level: "1"', "level: [1, 2]"), "utf-8")
    broken = path.read_bytes()
    opened = read_framework(folder)
    assert opened.framework.badge("ecoute") is None and "badges/ecoute.yaml" in opened.snapshot.unreadable
    snap = save_framework(edit.update_item(opened.framework, "badge", "accueil", tags=["x"]), folder,
                          snapshot=opened.snapshot)
    assert path.read_bytes() == broken
    again = Badge(id="ecoute", name={"fr": "Écoute"})
    with pytest.raises(FrameworkNeedsRepair, match=r"badges/ecoute\.yaml"):
        save_framework(edit.add_item(load_framework(folder), again), folder, snapshot=snap)
    assert path.read_bytes() == broken


def test_a_list_file_with_one_invalid_item_is_never_rewritten_without_it(tmp_path):
    folder = copy_fixture("valid-minimal", tmp_path)
    path = folder / "competencies" / "communiquer.yaml"
    text = path.read_text()
    head, tail = text.split("- id: ecouter", 1)
    path.write_text(head + "- id: ecouter" + tail.replace("  title:", "  kind: nonsense\n  title:", 1), "utf-8")
    broken = path.read_bytes()
    opened = read_framework(folder)
    assert opened.framework.competency("ecouter") is None
    assert "competencies/communiquer.yaml" in opened.snapshot.unreadable
    # Edits elsewhere save, and leave the damaged file as it is.
    snap = save_framework(edit.update_item(opened.framework, "badge", "accueil", tags=["x"]), folder,
                          snapshot=opened.snapshot)
    assert path.read_bytes() == broken and load_framework(folder).badge("accueil").tags == ["x"]
    # Editing another item of that file would drop the invalid one: refused, nothing written.
    with pytest.raises(FrameworkNeedsRepair, match="communiquer"):
        save_framework(edit.update_item(opened.framework, "competency", "accueillir", code="X1"), folder,
                       snapshot=snap)
    assert path.read_bytes() == broken


def test_children_of_an_invalid_item_are_not_written_twice(tmp_path):
    folder = copy_fixture("valid-minimal", tmp_path)
    path = folder / "competencies" / "communiquer.yaml"
    path.write_text(path.read_text().replace("  kind: domain", "  kind: nonsense", 1), "utf-8")
    opened = read_framework(folder)
    # Its children would now be filed under themselves, while the damaged file still holds them.
    with pytest.raises(FrameworkNeedsRepair, match="communiquer"):
        save_framework(edit.update_item(opened.framework, "badge", "ecoute", tags=["x"]), folder,
                       snapshot=opened.snapshot)
    assert sorted(p.name for p in (folder / "competencies").iterdir()) == ["communiquer.yaml"]


def test_a_save_never_overwrites_a_change_it_did_not_read(example_copy):
    mine, theirs = read_framework(example_copy), read_framework(example_copy)
    a, b = mine.framework.badges[0].id, mine.framework.badges[1].id
    save_framework(edit.update_item(theirs.framework, "badge", b, tags=["theirs"]), example_copy,
                   snapshot=theirs.snapshot)
    # My save touches only A: it lands, and B keeps their change...
    fw = edit.update_item(mine.framework, "badge", a, tags=["mine"])
    snap = save_framework(fw, example_copy, snapshot=mine.snapshot)
    assert load_framework(example_copy).badge(b).tags == ["theirs"]
    # ... my next save, still holding the old B, does not write it back over theirs...
    snap = save_framework(edit.update_item(fw, "badge", a, tags=["mine", "again"]), example_copy, snapshot=snap)
    assert load_framework(example_copy).badge(b).tags == ["theirs"]
    # ... and editing B from my stale copy is refused.
    with pytest.raises(FrameworkChangedOnDisk, match=rf"badges/{b}\.yaml"):
        save_framework(edit.update_item(fw, "badge", b, tags=["stale"]), example_copy, snapshot=snap)
    assert changed_on_disk(snap) == [f"badges/{b}.yaml"]

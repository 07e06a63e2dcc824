"""Saving renders only the files whose items changed: models are immutable, identity tells."""

from __future__ import annotations

from pathlib import Path

import pytest

from badgeworkbench import edit, yamlfile
from badgeworkbench.errors import FrameworkChangedOnDisk
from badgeworkbench.files import framework_files, read_framework, save_framework


@pytest.fixture
def rendered(monkeypatch) -> list[object]:
    """Every value handed to the YAML emitter during the test (one per file rendered)."""
    calls: list[object] = []
    real = yamlfile.dump

    def spy(value):
        calls.append(value)
        return real(value)

    monkeypatch.setattr(yamlfile, "dump", spy)
    return calls


def disk(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): p.read_text("utf-8") for p in folder.rglob("*.yaml")}


def test_edits_keep_the_untouched_items_as_the_very_same_objects(example_copy):
    fw = read_framework(example_copy).framework
    badge = fw.badges[2]
    changed = edit.update_item(fw, "badge", badge.id, tags=[*badge.tags, "x"])
    assert all(a is b for a, b in zip(fw.competencies, changed.competencies, strict=True))
    assert [a is b for a, b in zip(fw.badges, changed.badges, strict=True)].count(False) == 1
    assert fw.replace(version="9").relations[0] is fw.relations[0]


def test_a_save_after_one_edit_renders_only_that_file_and_writes_the_canonical_text(example_copy, rendered):
    opened = read_framework(example_copy)
    badge, competency = opened.framework.badges[3], opened.framework.competencies[5]
    changed = edit.update_item(opened.framework, "badge", badge.id, tags=[*badge.tags, "nouveau"])
    changed = edit.update_item(changed, "competency", competency.id, tags=[*competency.tags, "nouveau"])
    rendered.clear()
    save_framework(changed, example_copy, snapshot=opened.snapshot)
    # framework.yaml and layout.yaml (cheap, not items), the badge and the competency's file: nothing else.
    assert len(rendered) <= 4
    assert disk(example_copy) == framework_files(changed)


def test_chained_saves_reuse_what_the_previous_save_rendered(tmp_path, example_copy, rendered):
    fw = read_framework(example_copy).framework
    snapshot = save_framework(fw, tmp_path / "fw")
    assert len(rendered) == len(framework_files(fw))
    badge = fw.badges[0]
    changed = edit.update_item(fw, "badge", badge.id, tags=[*badge.tags, "un"])
    rendered.clear()
    snapshot = save_framework(changed, tmp_path / "fw", snapshot=snapshot)
    assert len(rendered) <= 3
    back = save_framework(fw, tmp_path / "fw", snapshot=snapshot)  # the old badge object: rendered again
    assert disk(tmp_path / "fw") == framework_files(fw)
    assert back.digests == read_framework(tmp_path / "fw").snapshot.digests


def test_a_file_changed_by_someone_else_is_still_refused_when_this_save_changes_it(example_copy):
    opened = read_framework(example_copy)
    badge = opened.framework.badges[1]
    theirs = example_copy / f"badges/{badge.id}.yaml"
    theirs.write_text(theirs.read_text("utf-8") + "tags: [theirs]\n", "utf-8")
    # Our untouched items: their file is left as they wrote it.
    save_framework(opened.framework, example_copy, snapshot=opened.snapshot)
    assert "theirs" in theirs.read_text("utf-8")
    changed = edit.update_item(opened.framework, "badge", badge.id, tags=["ours"])
    with pytest.raises(FrameworkChangedOnDisk):
        save_framework(changed, example_copy, snapshot=opened.snapshot)
    assert "theirs" in theirs.read_text("utf-8")


def test_a_save_leaves_a_hand_formatted_file_alone_until_its_items_change_and_fmt_still_rewrites_it(example_copy):
    from click.testing import CliRunner

    from badgeworkbench.cli import main

    opened = read_framework(example_copy)
    badge = opened.framework.badges[0]
    path = example_copy / f"badges/{badge.id}.yaml"
    hand = "# written by hand\n" + path.read_text("utf-8")
    path.write_text(hand, "utf-8")
    opened = read_framework(example_copy)
    save_framework(opened.framework, example_copy, snapshot=opened.snapshot)
    assert path.read_text("utf-8") == hand  # the very objects it was read from: nothing to rewrite
    result = CliRunner().invoke(main, ["fmt", str(example_copy)])
    assert result.exit_code == 0, result.output
    assert path.read_text("utf-8") == framework_files(opened.framework)[f"badges/{badge.id}.yaml"]


def test_loading_pauses_the_cycle_collector_and_restores_it_even_on_error(example_copy, tmp_path):
    import gc

    from badgeworkbench.errors import FrameworkFileError

    assert gc.isenabled()
    read_framework(example_copy)
    assert gc.isenabled()
    with pytest.raises(FrameworkFileError):
        read_framework(tmp_path / "missing")
    assert gc.isenabled()
    gc.disable()
    try:
        read_framework(example_copy)
        assert not gc.isenabled()  # a caller's choice is kept
    finally:
        gc.enable()


def test_what_a_big_load_leaves_is_kept_out_of_the_collectors_way_and_still_freed():
    import gc
    import weakref

    from badgeworkbench._gcpause import FREEZE_AFTER, gc_paused

    class Item:
        pass

    @gc_paused
    def bulk(n):
        return [[Item()] for _ in range(n)]

    gc.unfreeze()
    try:
        small = bulk(1_000)
        assert gc.get_freeze_count() == 0  # a workshop-sized framework changes nothing
        big = bulk(FREEZE_AFTER)
        assert gc.get_freeze_count() >= 2 * FREEZE_AFTER  # frozen: no rescan stalls the next action
        probe = weakref.ref(big[0][0])
        del big
        assert probe() is None  # reference counting still frees it
        del small
    finally:
        gc.unfreeze()

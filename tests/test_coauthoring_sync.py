"""Concurrent editing: compare-and-swap saves merged automatically, the watcher, bad input, crashes."""

import os
import shutil
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from badgeworkbench.coauthoring.history import read_log
from badgeworkbench.coauthoring.merge import resolve
from badgeworkbench.coauthoring.sync import FrameworkNeedsRepair, recover, save_with_merge, watch
from badgeworkbench.edit import Author, update_item
from badgeworkbench.files import load_framework, read_framework, save_framework

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "tests" / "fixtures" / "coauthoring" / "small"
AWA = Author("mission-locale", "Awa")
MARC = Author("boulangerie-dupre", "Marc")


@pytest.fixture
def folder(tmp_path):
    target = tmp_path / "atelier"
    shutil.copytree(SMALL, target)
    return target


def _python(code: str, *args: str, timeout: float = 120) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_refused_save_is_merged_when_fields_differ(folder):
    a = read_framework(folder)
    b = read_framework(folder)
    mine = update_item(a.framework, "badge", "cuisine", author=AWA, name={"fr": "Cuisiner pour vingt"})
    theirs = update_item(b.framework, "badge", "cuisine", author=MARC, description={"fr": "Pour un groupe de 20."})
    save_framework(theirs, folder, snapshot=b.snapshot)  # the other notebook saved first

    outcome = save_with_merge(folder, mine, a.snapshot, a.framework, AWA)
    framework, snapshot, conflicts = outcome
    assert outcome.saved and outcome.merged_with_others and conflicts == []
    on_disk = load_framework(folder).badge("cuisine")
    assert on_disk.name == {"fr": "Cuisiner pour vingt"} and on_disk.description == {"fr": "Pour un groupe de 20."}
    assert framework == load_framework(folder)
    assert snapshot.digests == read_framework(folder).snapshot.digests
    entry = read_log(folder)[-1]
    assert entry.person == "Awa" and entry.items == ["badge:cuisine"]
    import hashlib

    assert entry.files == {
        "badges/cuisine.yaml": hashlib.sha256((folder / "badges/cuisine.yaml").read_bytes()).hexdigest()
    }


def test_refused_save_with_same_field_returns_conflicts_and_writes_nothing(folder):
    a = read_framework(folder)
    b = read_framework(folder)
    mine = update_item(a.framework, "badge", "cuisine", name={"fr": "Cuisiner (Tours)"})
    theirs = update_item(b.framework, "badge", "cuisine", name={"fr": "Cuisiner (Bourges)"})
    save_framework(theirs, folder, snapshot=b.snapshot)
    before = (folder / "badges" / "cuisine.yaml").read_bytes()

    outcome = save_with_merge(folder, mine, a.snapshot, a.framework, AWA)
    assert not outcome.saved
    assert [c.id for c in outcome.conflicts] == ["badge:cuisine:name.fr"]
    assert (folder / "badges" / "cuisine.yaml").read_bytes() == before  # nothing written
    # the person decides, then saves against what is on disk now
    decided = resolve(outcome.merge_result, {"badge:cuisine:name.fr": {"value": "Cuisiner (Tours et Bourges)"}})
    again = save_with_merge(folder, decided, outcome.snapshot, outcome.base, AWA)
    assert again.saved and load_framework(folder).badge("cuisine").name == {"fr": "Cuisiner (Tours et Bourges)"}


WORKER = """
import random, sys, time
from pathlib import Path
from badgeworkbench.coauthoring.sync import save_with_merge
from badgeworkbench.edit import Author, update_item, vote
from badgeworkbench.files import read_framework

folder, who, edits = sys.argv[1], sys.argv[2], int(sys.argv[3])
go = Path(folder).parent / "go"
while not go.exists():
    time.sleep(0.01)
opened = read_framework(folder)
fw, snapshot, base = opened.framework, opened.snapshot, opened.framework
rng = random.Random(who)
merged = 0
author = Author(who, who.upper())
for i in range(edits):
    badge_id = ("accueil", "cuisine", "equipier")[i % 3]
    badge = fw.badge(badge_id)
    if who == "tours":  # same items, different fields, plus tags and votes both sides touch
        changes = {"name": {**badge.name, "fr": f"tours-{i}"}}
    else:
        changes = {"description": {**badge.description, "fr": f"bourges-{i}"}}
    new = update_item(fw, "badge", badge_id, author=author, tags=[*badge.tags, f"{who}-{i}"], **changes)
    new = vote(new, "badge", badge_id, 1)
    outcome = save_with_merge(folder, new, snapshot, base, author)
    if not outcome.saved:
        print("CONFLICT", [c.id for c in outcome.conflicts], flush=True)
        sys.exit(3)
    merged += outcome.merged_with_others
    fw = base = outcome.framework
    snapshot = outcome.snapshot
    time.sleep(rng.random() * 0.004)
print(merged)
"""


@pytest.mark.slow
def test_two_processes_make_200_interleaved_edits_and_none_is_lost(folder):
    per_process = 100
    start = load_framework(folder)
    workers = [_python(WORKER, str(folder), who, str(per_process)) for who in ("tours", "bourges")]
    time.sleep(0.5)
    (folder.parent / "go").touch()
    outputs = [w.communicate(timeout=240) for w in workers]
    for worker, (out, err) in zip(workers, outputs):
        assert worker.returncode == 0, out + err
    merges = sum(int(out.strip().splitlines()[-1]) for out, _ in outputs)

    final = load_framework(folder)
    tags = {t for b in final.badges for t in b.tags}
    for who in ("tours", "bourges"):
        for i in range(per_process):
            badge_id = ("accueil", "cuisine", "equipier")[i % 3]
            assert f"{who}-{i}" in final.badge(badge_id).tags, f"edit {who}-{i} lost"
    assert len(tags - {t for b in start.badges for t in b.tags}) == 2 * per_process
    assert sum(b.votes for b in final.badges) == sum(b.votes for b in start.badges) + 2 * per_process
    last = {
        bid: max(i for i in range(per_process) if ("accueil", "cuisine", "equipier")[i % 3] == bid)
        for bid in ("accueil", "cuisine", "equipier")
    }
    for bid, i in last.items():
        assert final.badge(bid).name["fr"] == f"tours-{i}"
        assert final.badge(bid).description["fr"] == f"bourges-{i}"
    assert merges > 0, "the two processes never collided: the test did not exercise merging"
    log = read_log(folder)
    assert len(log) == 2 * per_process and not any(e.problem for e in log)


def test_watcher_sees_another_save_within_two_seconds(folder):
    opened = read_framework(folder)
    seen = threading.Event()
    received = []

    def on_change(new):
        received.append(new)
        seen.set()

    with watch(folder, opened.snapshot, on_change, interval=0.2) as watcher:
        time.sleep(0.3)
        assert not seen.is_set()  # nothing changed yet
        other = _python(
            """
            import sys
            from badgeworkbench.edit import update_item
            from badgeworkbench.files import read_framework, save_framework
            o = read_framework(sys.argv[1])
            save_framework(update_item(o.framework, "badge", "accueil", votes=9), sys.argv[1], snapshot=o.snapshot)
        """,
            str(folder),
        )
        assert other.wait(60) == 0, other.stderr.read()
        saved_at = time.monotonic()
        assert seen.wait(2.0), "the change was not seen within 2 seconds"
        assert time.monotonic() - saved_at < 2.0
        assert received[0].framework.badge("accueil").votes == 9
        # our own save, acknowledged, is not reported back to us
        seen.clear()
        mine = update_item(received[0].framework, "badge", "cuisine", votes=4)
        watcher.acknowledge(save_framework(mine, folder, snapshot=received[0].snapshot))
        time.sleep(0.6)
        assert not seen.is_set() and watcher.errors == []


def test_a_file_edited_by_hand_into_an_invalid_state_stops_the_save_and_says_which(folder):
    opened = read_framework(folder)
    mine = update_item(opened.framework, "badge", "accueil", votes=2)
    hand = "id: accueil\nname:\n  fr: Accueillir\nvotes: beaucoup\n"
    (folder / "badges" / "accueil.yaml").write_text(hand, "utf-8")
    with pytest.raises(FrameworkNeedsRepair) as error:
        save_with_merge(folder, mine, opened.snapshot, opened.framework, AWA)
    message = str(error.value)
    assert (
        "badges/accueil.yaml" in message and "votes" in message and "Your edits are still in this notebook" in message
    )
    assert (folder / "badges" / "accueil.yaml").read_text("utf-8") == hand  # the hand edit is not overwritten
    (folder / "badges" / "cuisine.yaml").write_text("id: cuisine\nname: [oops\n", "utf-8")
    with pytest.raises(FrameworkNeedsRepair, match=r"badges/cuisine\.yaml line \d"):
        save_with_merge(folder, mine, opened.snapshot, opened.framework, AWA)


CRASHER = """
import os, signal, sys
from badgeworkbench.edit import update_item
from badgeworkbench.files import read_framework, save_framework
folder, where = sys.argv[1], sys.argv[2]
o = read_framework(folder)
fw = update_item(o.framework, "badge", "cuisine", name={"fr": "Cuisine (sauvée à moitié)"})
fw = update_item(fw, "badge", "accueil", name={"fr": "Accueil (sauvé à moitié)"})
real_replace, real_fsync = os.replace, os.fsync
calls = {"replace": 0, "fsync": 0}
def replace(a, b):
    real_replace(a, b)
    calls["replace"] += 1
    if where == "renaming":
        os.kill(os.getpid(), signal.SIGKILL)  # killed between the two renames
def fsync(fd):
    real_fsync(fd)
    calls["fsync"] += 1
    if where == "writing":
        os.kill(os.getpid(), signal.SIGKILL)  # killed after the first copy, before the journal
os.replace, os.fsync = replace, fsync
save_framework(fw, folder, snapshot=o.snapshot)
"""


def test_a_save_killed_between_renames_is_finished_and_the_person_told(folder):
    crash = _python(CRASHER, str(folder), "renaming")
    crash.wait(60)
    assert crash.returncode == -9
    assert (folder / ".save-journal.json").exists()
    recovery = recover(folder)
    assert recovery.happened and sorted(recovery.finished) == ["badges/accueil.yaml", "badges/cuisine.yaml"]
    assert "terminée" in recovery.describe("fr") and "badges/cuisine.yaml" in recovery.describe("en")
    fw = load_framework(folder)
    assert fw.badge("cuisine").name["fr"] == "Cuisine (sauvée à moitié)"
    assert fw.badge("accueil").name["fr"] == "Accueil (sauvé à moitié)"  # both files, not one of two
    assert not (folder / ".save-journal.json").exists()


def test_a_save_killed_while_writing_leaves_the_framework_unchanged_and_copies_set_aside(folder):
    before = {p: p.read_bytes() for p in folder.rglob("*.yaml")}
    crash = _python(CRASHER, str(folder), "writing")
    crash.wait(60)
    assert crash.returncode == -9
    recovery = recover(folder)
    assert recovery.happened and not recovery.finished
    ((relpath, moved),) = recovery.set_aside.items()
    assert relpath.startswith("badges/") and moved.startswith("history/recovered/")
    assert "Sauvegarde interrompue" in recovery.describe("fr").replace("Une sauvegarde", "Sauvegarde")
    assert "save again" in recovery.describe("en")
    assert "à moitié" in (folder / moved).read_text("utf-8")  # the unfinished copy is kept for the person
    assert {p: p.read_bytes() for p in folder.rglob("*.yaml") if "history" not in p.parts} == before
    assert not recover(folder).happened


def test_a_badge_file_already_invalid_when_read_is_not_deleted_by_the_next_save(folder):
    hand = "id: accueil\nvotes: beaucoup\n"
    (folder / "badges" / "accueil.yaml").write_text(hand, "utf-8")
    opened = read_framework(folder)
    assert opened.framework.badge("accueil") is None  # left out, reported
    mine = update_item(opened.framework, "badge", "cuisine", votes=1)
    outcome = save_with_merge(folder, mine, opened.snapshot, opened.framework, AWA)
    assert outcome.saved and load_framework(folder).badge("cuisine").votes == 1
    assert (folder / "badges" / "accueil.yaml").read_text("utf-8") == hand  # kept for the person to fix


def test_a_save_that_touches_other_files_takes_in_what_the_other_partner_saved(folder):
    a = read_framework(folder)
    b = read_framework(folder)
    save_framework(update_item(b.framework, "badge", "accueil", name={"fr": "Accueil (Marc)"}), folder,
                   snapshot=b.snapshot)  # fmt: skip
    mine = update_item(a.framework, "badge", "cuisine", votes=2)  # another file: the save is not refused
    outcome = save_with_merge(folder, mine, a.snapshot, a.framework, AWA)
    assert outcome.saved and outcome.merged_with_others
    assert outcome.framework.badge("accueil").name == {"fr": "Accueil (Marc)"}  # we hold what is on disk
    assert read_log(folder)[-1].files.keys() == {"badges/cuisine.yaml"}  # only our file is logged as ours
    # a later edit of that badge keeps Marc's change
    again = update_item(outcome.framework, "badge", "accueil", votes=5)
    assert save_with_merge(folder, again, outcome.snapshot, outcome.framework, AWA).saved
    on_disk = load_framework(folder).badge("accueil")
    assert (on_disk.name, on_disk.votes) == ({"fr": "Accueil (Marc)"}, 5)


def test_a_broken_file_saved_by_another_is_not_taken_in_and_blocks_the_next_save_that_touches_it(folder):
    a = read_framework(folder)
    (folder / "badges" / "accueil.yaml").write_text("id: accueil\nvotes: beaucoup\n", "utf-8")
    outcome = save_with_merge(folder, update_item(a.framework, "badge", "cuisine", votes=2), a.snapshot,
                              a.framework, AWA)  # fmt: skip
    assert outcome.saved and outcome.framework.badge("accueil") is not None
    with pytest.raises(FrameworkNeedsRepair, match=r"badges/accueil\.yaml"):
        save_with_merge(folder, update_item(outcome.framework, "badge", "accueil", votes=1), outcome.snapshot,
                        outcome.framework, AWA)  # fmt: skip
    assert (folder / "badges" / "accueil.yaml").read_text("utf-8") == "id: accueil\nvotes: beaucoup\n"


def test_a_competency_file_with_an_item_that_did_not_load_is_not_rewritten_without_it(folder):
    path = folder / "competencies" / "cooperer.yaml"
    path.write_text(path.read_text("utf-8").replace("votes: 3", "votes: beaucoup"), "utf-8")
    opened = read_framework(folder)
    assert opened.framework.competency("ecouter") is None  # left out, reported
    before = path.read_text("utf-8")
    mine = update_item(opened.framework, "competency", "cooperer", votes=1)
    with pytest.raises(FrameworkNeedsRepair, match=r"competencies/cooperer\.yaml: ecouter could not be loaded"):
        save_with_merge(folder, mine, opened.snapshot, opened.framework, AWA)
    assert path.read_text("utf-8") == before
    # An edit elsewhere is saved, and leaves the damaged file exactly as it is.
    other = update_item(opened.framework, "badge", "cuisine", votes=1)
    assert save_with_merge(folder, other, opened.snapshot, opened.framework, AWA).saved
    assert path.read_text("utf-8") == before
    path.write_text(before.replace("votes: beaucoup", "votes: 4"), "utf-8")  # the person fixes it
    fixed = read_framework(folder)
    assert save_with_merge(folder, update_item(fixed.framework, "badge", "cuisine", votes=1), fixed.snapshot,
                           fixed.framework, AWA).saved  # fmt: skip
    assert load_framework(folder).competency("ecouter").votes == 4

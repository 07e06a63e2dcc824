"""Two notebooks (two kernels, two partners) editing the same framework folder at the same time.

Every save is a compare-and-swap (:func:`badgeworkbench.files.save_framework` with the
snapshot taken when the framework was read). :func:`save_with_merge` handles a refused save:
it re-reads the folder, merges our edits with what the other partner saved
(:func:`~badgeworkbench.coauthoring.merge.merge`, against the version both started from),
and saves again when the changes touch different fields; when they touch the same field it
saves nothing and returns the conflicts for a person to decide.

:func:`watch` polls the folder in a background thread and calls back when another save
changed it, so the other notebook sees the change within a second or two.

:func:`recover` tells a person what happened when a save was interrupted (a crash, a killed
kernel): a save that had written all its files is finished; copies that never reached the
journal are moved aside (never deleted) and listed.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..diff import compare
from ..edit import Author
from ..errors import FrameworkChangedOnDisk, FrameworkNeedsRepair
from ..files import OpenedFramework, Snapshot, changed_on_disk, competency_roots, read_framework, save_framework
from ..files.folder import is_being_saved
from ..files.journal import read_journal
from ..model import Framework
from ..paths import writable_path
from .history import HISTORY_DIR, log_path, record_save
from .merge import Conflict, MergeResult, merge

__all__ = [
    "FrameworkNeedsRepair",
    "Recovery",
    "SaveOutcome",
    "Watcher",
    "ensure_readable",
    "open_for_merge",
    "recover",
    "save_with_merge",
    "watch",
]

_TEMP = re.compile(r"^\.(.+)\.tmp-(\d+)$")


@dataclass
class SaveOutcome:
    """What :func:`save_with_merge` did. Unpacks as ``framework, snapshot, conflicts``.

    - ``saved`` True: ``framework`` (ours, merged with theirs when needed) is on disk and
      ``snapshot`` describes it; use both (``base = framework``) for the next edit.
    - ``saved`` False: nothing was written; ``conflicts`` must be decided
      (``resolve(outcome.merge_result, choices)``), then save the result with ``snapshot``
      and ``base`` from this outcome.
    """

    framework: Framework
    snapshot: Snapshot
    conflicts: list[Conflict] = field(default_factory=list)
    base: Framework | None = None
    saved: bool = True
    merged_with_others: bool = False
    attempts: int = 1
    #: When not saved: the merge whose conflicts to decide, ``resolve(outcome.merge_result, choices)``.
    merge_result: MergeResult | None = None

    def __iter__(self) -> Iterator[object]:
        return iter((self.framework, self.snapshot, self.conflicts))


def ensure_readable(opened: OpenedFramework, folder: str | os.PathLike[str]) -> None:
    """Raise :class:`FrameworkNeedsRepair` when a file of ``opened`` could not be read or validated."""
    bad = [p for p in opened.report.errors if p.file]
    if bad:
        raise FrameworkNeedsRepair(str(folder), [f"{p.file}" + (f" line {p.line}" if p.line else "")
                                                 + f": {p.text('en')}" for p in bad], edits_kept=True)  # fmt: skip


def open_for_merge(path: str | os.PathLike[str]) -> OpenedFramework:
    """Read a framework that is about to be merged, refusing one with broken files.

    A broken file leaves its items out of the framework read; merging would take them as
    deleted. So this raises :class:`FrameworkNeedsRepair` naming the files to fix.
    """
    opened = read_framework(path)
    ensure_readable(opened, path)
    return opened


def save_with_merge(
    path: str | os.PathLike[str],
    framework: Framework,
    snapshot: Snapshot,
    base: Framework,
    author: Author | str | tuple[str | None, str | None] | None = None,
    *,
    max_attempts: int = 20,
    log: bool = True,
) -> SaveOutcome:
    """Save ``framework`` (our edit of ``base``, read with ``snapshot``), merging with others' saves.

    On a refused compare-and-swap, re-read the folder, merge ``base`` → ours with ``base`` →
    theirs, and retry while the merge is clean. Returns a :class:`SaveOutcome`. Each save is
    appended to ``history/log.jsonl`` (``log=False`` to skip). Raises
    :class:`FrameworkNeedsRepair` when a file on disk is invalid, since merging with a
    framework missing an item would delete that item.
    """
    folder = Path(path)
    if log:  # refused before anything is saved: the log is never written through a symbolic link
        log_path(folder)
    ours, merged_once = framework, False
    for attempt in range(1, max_attempts + 1):
        try:
            # save_framework itself refuses (FrameworkNeedsRepair) to rewrite files holding items that
            # failed to load, so a broken file on disk is never silently emptied by a merged save.
            new_snapshot = save_framework(ours, folder, snapshot=snapshot)
        except FrameworkNeedsRepair as error:
            raise FrameworkNeedsRepair(error.folder, error.problems, edits_kept=True) from None
        except FrameworkChangedOnDisk:
            opened = read_framework(folder)
            ensure_readable(opened, folder)
            theirs = opened.framework
            result = merge(base, ours, theirs)
            if result.conflicts:
                return SaveOutcome(result.framework, opened.snapshot, result.conflicts, base=theirs, saved=False,
                                   merged_with_others=True, attempts=attempt, merge_result=result)  # fmt: skip
            base, ours, snapshot, merged_once = theirs, result.framework, opened.snapshot, True
            continue
        ours_files = _files_of_changes(base, ours)
        if log and ours != base:
            written = {p: new_snapshot.digests.get(p) for p in sorted(ours_files) if p in new_snapshot.digests}
            record_save(folder, base, ours, author, written=written)
        saved, saved_snapshot = ours, new_snapshot
        # Files another partner saved meanwhile, that this save did not touch, were left as they are
        # (the snapshot still knows them by their old digest): read them in, so that what we hold
        # includes their work — unless one is broken, which the next save touching it will refuse.
        if changed_on_disk(new_snapshot):
            opened = read_framework(folder)
            if not any(p.file for p in opened.report.errors):
                saved, saved_snapshot, merged_once = opened.framework, opened.snapshot, True
        return SaveOutcome(saved, saved_snapshot, [], base=saved, saved=True, merged_with_others=merged_once,
                           attempts=attempt)
    raise FrameworkChangedOnDisk(str(folder), [f"still changing after {max_attempts} merges; try again"])


def _files_of_changes(base: Framework, ours: Framework) -> set[str]:
    """The files a save of ``ours`` over ``base`` writes or deletes, from the items that changed."""
    files: set[str] = set()
    roots_before: dict[str, str] | None = None
    roots_after: dict[str, str] | None = None
    for change in compare(base, ours).items:
        key = change.key.split("#", 1)[0]
        if change.kind in ("framework", "territory"):
            files.add("framework.yaml")
        elif change.kind == "partner":
            files.add("partners.yaml")
        elif change.kind == "relation":
            files.add("relations.yaml")
        elif change.kind == "layout":
            files.add("layout.yaml")
        elif change.kind == "badge":
            files.add(f"badges/{key}.yaml")
        elif change.kind == "pathway":
            files.add(f"pathways/{key}.yaml")
        elif change.kind == "competency":
            roots_before = roots_before if roots_before is not None else competency_roots(base)
            roots_after = roots_after if roots_after is not None else competency_roots(ours)
            files.update(f"competencies/{r}.yaml" for r in (roots_before.get(key), roots_after.get(key)) if r)
    return files


class Watcher:
    """A background thread that calls ``callback(opened)`` when the framework folder changes.

    After saving yourself, call :meth:`acknowledge` with the new snapshot so your own save is
    not reported as someone else's.
    """

    def __init__(self, path: str | os.PathLike[str], snapshot: Snapshot,
                 callback: Callable[[OpenedFramework], None], interval: float = 0.5):  # fmt: skip
        self.path = Path(path)
        self.interval = interval
        self.callback = callback
        self.errors: list[str] = []
        self._snapshot = snapshot
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"watch {self.path.name}", daemon=True)

    @property
    def snapshot(self) -> Snapshot:
        with self._lock:
            return self._snapshot

    def acknowledge(self, snapshot: Snapshot) -> None:
        """The folder now looks like ``snapshot`` (after our own save): do not report it."""
        with self._lock:
            self._snapshot = snapshot

    def start(self) -> Watcher:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)

    def __enter__(self) -> Watcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                # A save under way is looked at once it is done: it may be our own, not yet acknowledged.
                if is_being_saved(self.path) or not changed_on_disk(self.snapshot):
                    continue
                opened = read_framework(self.path)
                with self._lock:
                    self._snapshot = opened.snapshot
                self.callback(opened)
            except Exception as error:
                self.errors.append(f"{type(error).__name__}: {error}")


def watch(path: str | os.PathLike[str], snapshot: Snapshot, callback: Callable[[OpenedFramework], None],
          interval: float = 0.5) -> Watcher:  # fmt: skip
    """Start watching the framework folder ``path``; ``callback(opened)`` runs when someone else saves.

    Returns the running :class:`Watcher` (``.stop()`` it, or use it in a ``with`` block).
    """
    return Watcher(path, snapshot, callback, interval).start()


@dataclass(frozen=True)
class Recovery:
    """What :func:`recover` found and did after an interrupted save."""

    finished: list[str] = field(default_factory=list)  # the files of an interrupted save, now all in place
    set_aside: dict[str, str] = field(default_factory=dict)  # file → where its unfinished copy was moved

    @property
    def happened(self) -> bool:
        return bool(self.finished or self.set_aside)

    def describe(self, lang: str = "fr") -> str:
        if not self.happened:
            return "Aucune sauvegarde interrompue." if lang == "fr" else "No interrupted save."
        lines = []
        if self.finished:
            files = ", ".join(self.finished)
            lines.append(
                f"Une sauvegarde interrompue a été terminée (tous ses fichiers étaient écrits)\u202f: {files}."
                if lang == "fr"
                else f"An interrupted save was finished (all its files had been written): {files}."
            )
        if self.set_aside:
            files = ", ".join(f"{k} → {v}" for k, v in self.set_aside.items())
            lines.append(
                "Une sauvegarde interrompue avant la fin n'a pas été appliquée ; ses copies inachevées sont mises "
                f"de côté (à comparer si besoin, puis à supprimer)\u202f: {files}. Vérifiez vos dernières modifications "
                "et enregistrez de nouveau."
                if lang == "fr" else
                "A save interrupted before it finished was not applied; its unfinished copies were set aside "
                f"(compare them if needed, then delete them): {files}. Check your last edits and save again."
            )  # fmt: skip
        return "\n".join(lines)


def recover(path: str | os.PathLike[str]) -> Recovery:
    """Finish or set aside an interrupted save in ``path``, and say what was done.

    A save writes every file beside its target, then a journal, then renames. With a journal,
    every copy was complete: the save is finished (what :func:`read_framework` does anyway —
    here the person is told). Copies without a journal belong to a save that stopped while
    writing: they are moved to ``history/recovered/<time>/``, never deleted.
    """
    folder = Path(path)
    finished: list[str] = []
    # Checked entry by entry: a journal listing anything a save does not write raises FrameworkNeedsRepair.
    plan = read_journal(folder)
    if plan is not None:
        # Every file of the interrupted save (some were already in place when it stopped).
        finished = [final for _temp, final in plan.renames] + [f"{gone} (removed)" for gone in plan.deletes]
        read_framework(folder)  # takes the folder's lock and finishes the renames
    set_aside: dict[str, str] = {}
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    target = folder / HISTORY_DIR / "recovered" / stamp
    for temp in sorted(folder.rglob(".*.tmp-*")):
        if HISTORY_DIR in temp.relative_to(folder).parts or not temp.is_file():
            continue
        match = _TEMP.match(temp.name)
        if not match or _alive(int(match.group(2))):
            continue  # a save still running in another process: not ours to touch
        rel_final = str(temp.relative_to(folder).with_name(match.group(1)))
        dest = writable_path(folder, f"{target.relative_to(folder).as_posix()}/{rel_final}")
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(temp, dest)
        set_aside[rel_final] = str(dest.relative_to(folder))
    return Recovery(finished, set_aside)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True

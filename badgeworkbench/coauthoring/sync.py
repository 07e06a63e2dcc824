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

import dataclasses
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .. import yamlfile
from ..diff import compare, same_framework
from ..edit import Author
from ..errors import BadgeWorkbenchError, FrameworkChangedOnDisk
from ..files import OpenedFramework, Snapshot, changed_on_disk, read_framework, save_framework
from ..model import Framework
from .history import HISTORY_DIR, record_save
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

_JOURNAL = ".save-journal.json"  # written by badgeworkbench.files.save_framework
_TEMP = re.compile(r"^\.(.+)\.tmp-(\d+)$")
_ENTRY = re.compile(rb"^-(?:[ \t]|$)", re.MULTILINE)


class FrameworkNeedsRepair(BadgeWorkbenchError):
    """A file of the framework on disk is invalid (edited by hand?), so merging with it could lose work."""

    def __init__(self, folder: str, problems: list[str]):
        self.folder, self.problems = folder, problems
        listed = "; ".join(problems[:5]) + (f" (+{len(problems) - 5} more)" if len(problems) > 5 else "")
        super().__init__(
            f"{folder}: your save was not written, because the framework on disk has invalid files "
            f"(edited by hand?): {listed}. Your edits are still in this notebook. Fix these files (or "
            "restore them from history/versions/), then save again."
        )


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
                                                 + f": {p.text('en')}" for p in bad])  # fmt: skip


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
    ours, merged_once = framework, False
    for attempt in range(1, max_attempts + 1):
        _refuse_dropping_unloaded_items(folder, snapshot, base, ours)
        try:
            new_snapshot = save_framework(ours, folder, snapshot=_protect_unloaded_files(snapshot, base, ours))
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
        # Files another partner saved meanwhile, that this save did not touch, are kept by the
        # save as they are: read them in, so that what we hold matches the snapshot we return.
        ours_files = _files_of_changes(base, ours)
        changed = {
            p for p in set(new_snapshot.digests) | set(snapshot.digests)
            if new_snapshot.digests.get(p) != snapshot.digests.get(p)
        }  # fmt: skip
        if log and not same_framework(ours, base):
            written = {p: new_snapshot.digests.get(p) for p in sorted(changed & ours_files)}
            record_save(folder, base, ours, author, written=written)
        saved, saved_snapshot = ours, new_snapshot
        foreign = changed - ours_files
        if foreign:
            opened = read_framework(folder)
            if any(p.file for p in opened.report.errors):
                # Their files are broken: do not take them in; the next save touching them is refused.
                digests = {p: d for p, d in new_snapshot.digests.items() if p not in foreign}
                digests.update({p: snapshot.digests[p] for p in foreign if p in snapshot.digests})
                saved_snapshot = dataclasses.replace(new_snapshot, digests=digests)
            else:
                saved, saved_snapshot, merged_once = opened.framework, opened.snapshot, True
        return SaveOutcome(saved, saved_snapshot, [], base=saved, saved=True, merged_with_others=merged_once,
                           attempts=attempt)  # fmt: skip
    raise FrameworkChangedOnDisk(str(folder), [f"still changing after {max_attempts} merges; try again"])


def _roots(framework: Framework) -> dict[str, str]:
    """The top-level ancestor of each competency (the file that holds it is named after it)."""
    parent = {c.id: c.parent for c in framework.competencies}
    roots: dict[str, str] = {}
    for cid in parent:
        node, seen = cid, set()
        while parent.get(node) in parent and node not in seen:
            seen.add(node)
            node = parent[node]  # type: ignore[assignment]
        roots[cid] = node
    return roots


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
            roots_before = roots_before if roots_before is not None else _roots(base)
            roots_after = roots_after if roots_after is not None else _roots(ours)
            files.update(f"competencies/{r}.yaml" for r in (roots_before.get(key), roots_after.get(key)) if r)
    return files


def _refuse_dropping_unloaded_items(folder: Path, snapshot: Snapshot, base: Framework, ours: Framework) -> None:
    """Raise :class:`FrameworkNeedsRepair` when a list file this save rewrites holds items that were not loaded.

    A competency file (or partners.yaml, relations.yaml) with one invalid item loads without
    it; a save rewrites every file whose text differs from the framework's, so it would drop
    that item silently. Entries are counted from the text (one ``-`` at the start of a line
    per item), and the file is parsed only when the count says something is missing.
    """
    roots = None
    problems = []
    list_files = [
        p for p in snapshot.digests if p.startswith("competencies/") or p in ("partners.yaml", "relations.yaml")
    ]
    for relpath in sorted(list_files):
        if relpath in snapshot.unreadable:
            continue  # the save refuses to touch it anyway
        if relpath == "partners.yaml":
            loaded = len(base.partners)
        elif relpath == "relations.yaml":
            loaded = len(base.relations)
        else:
            roots = roots if roots is not None else _roots(base)
            root = relpath[len("competencies/") : -len(".yaml")]
            loaded = sum(1 for r in roots.values() if r == root)
        try:
            raw = (folder / relpath).read_bytes()
            if _ENTRY.subn(b"", raw)[1] <= loaded and not raw.lstrip().startswith(b"["):
                continue
            if hashlib.sha256(raw).hexdigest() != snapshot.digests[relpath]:
                continue  # changed since read: the compare-and-swap refuses it and the merge reads it again
            entries = yamlfile.load(raw.decode("utf-8-sig"), relpath)
        except (OSError, UnicodeDecodeError, yamlfile.YamlSyntaxError):
            continue
        if not isinstance(entries, list):
            continue
        if len(entries) > loaded:
            ids = [str(e.get("id")) for e in entries if isinstance(e, dict) and e.get("id") is not None]
            known = {c.id for c in base.competencies} | {p.id for p in base.partners}
            missing = [i for i in ids if i not in known] or [f"{len(entries) - loaded} item(s)"]
            problems.append(f"{relpath}: {', '.join(missing[:5])} could not be loaded, and this save would drop them")
    if problems:
        raise FrameworkNeedsRepair(str(folder), problems)


def _file_names(framework: Framework) -> set[str]:
    """The names of the files a save of ``framework`` writes (without rendering them)."""
    names = {"framework.yaml"}
    if framework.partners:
        names.add("partners.yaml")
    if framework.relations:
        names.add("relations.yaml")
    if framework.layout:
        names.add("layout.yaml")
    names.update(f"badges/{b.id}.yaml" for b in framework.badges)
    names.update(f"pathways/{p.id}.yaml" for p in framework.pathways)
    names.update(f"competencies/{root}.yaml" for root in _roots(framework).values())
    return names


def _protect_unloaded_files(snapshot: Snapshot, base: Framework, ours: Framework) -> Snapshot:
    """The snapshot, with files whose items could not be loaded marked as not to be touched.

    A file on disk that the framework as read (``base``) does not account for held items that
    failed to load (a badge file edited by hand into an invalid state, say). A save of a
    framework without those items would delete the file; marked unreadable, it is kept for the
    person to fix.
    """
    unaccounted = {
        p for p in snapshot.digests
        if re.fullmatch(r"(competencies|badges|pathways)/[^/]+\.yaml", p) and p not in _file_names(base)
    }  # fmt: skip
    unaccounted -= _file_names(ours)  # a file ours writes anew is ours to write
    if not unaccounted - set(snapshot.unreadable):
        return snapshot
    return dataclasses.replace(snapshot, unreadable=frozenset(snapshot.unreadable | unaccounted))


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
                if not changed_on_disk(self.snapshot):
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
    journal = folder / _JOURNAL
    if journal.exists():
        try:
            plan = json.loads(journal.read_text("utf-8"))
            # Every file of the interrupted save (some were already in place when it stopped).
            finished = [final for _temp, final in plan.get("renames", [])]
            finished += [f"{gone} (removed)" for gone in plan.get("deletes", [])]
        except (OSError, ValueError):
            finished = ["(journal unreadable)"]
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
        dest = target / rel_final
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

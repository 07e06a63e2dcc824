"""Saving a framework to its folder: atomic, journaled, compare-and-swap, and never destructive.

Every file is first written beside its target and flushed, then renamed into place; a journal
makes a save that crashed half-way finish at the next load (:mod:`.journal`); and when given the
:class:`Snapshot` taken at load time, a save refuses to overwrite files that someone else changed
meanwhile (compare-and-swap).

A save never rewrites or deletes a file whose content it did not fully load (the snapshot's
*protected* files: see :mod:`.reading`), never writes through or replaces a symbolic link, and
never writes two files whose names differ only by case. It refuses instead, before anything is
written, with :class:`FrameworkNeedsRepair` or :class:`IdentifierCaseCollision`.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from .._gcpause import gc_paused
from ..errors import (
    FrameworkChangedOnDisk,
    FrameworkFileError,
    FrameworkNeedsRepair,
    IdentifierCaseCollision,
    PathOutsideFolder,
)
from ..ids import case_key
from ..model import Framework
from ..paths import writable_path
from .folder import FRAMEWORK_FILE, digest, is_managed, list_files, locked
from .journal import JOURNAL, replay_journal, temp_name, write_durably, write_journal
from .reading import read_framework
from .rendering import file_plan, item_digests, item_files, same_objects
from .snapshot import Snapshot

__all__ = ["save_framework"]


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _refuse_case_collisions(files: list[str]) -> None:
    """Raise :class:`IdentifierCaseCollision` for two files whose names differ only by case."""
    seen: dict[str, str] = {}
    for relpath in files:
        key = case_key(relpath)
        if key in seen:
            first, second = sorted((seen[key], relpath))
            kind = {"badges": "badge", "pathways": "pathway", "competencies": "competency"}.get(
                first.split("/", 1)[0], "item")
            raise IdentifierCaseCollision(f"{kind}:{first.rsplit('/', 1)[-1].removesuffix('.yaml')}",
                                          f"{kind}:{second.rsplit('/', 1)[-1].removesuffix('.yaml')}", (first, second))
        seen[key] = relpath


def _guard(folder: Path) -> Snapshot | None:
    """For a save without a snapshot over an existing framework: what that folder could not fully load."""
    if not os.path.lexists(folder / FRAMEWORK_FILE):
        return None
    try:
        return read_framework(folder).snapshot
    except FrameworkFileError as error:
        raise FrameworkNeedsRepair(str(folder), [str(error)]) from None


def _not_writable(folder: Path, paths: list[str]) -> list[str]:
    """A sentence for each path a save may not write or delete (a symbolic link on its way)."""
    notes = []
    for relpath in paths:
        try:
            writable_path(folder, relpath)
        except PathOutsideFolder as error:
            notes.append(f"{relpath}: {error.reason}")
    return notes


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


@gc_paused
def save_framework(framework: Framework, path: str | os.PathLike[str], *, snapshot: Snapshot | None = None) -> Snapshot:
    """Write ``framework`` to the folder ``path`` and return the new snapshot.

    Only files whose content changes are written. With ``snapshot`` (from :func:`read_framework`
    or a previous save), the save is refused with :class:`FrameworkChangedOnDisk` when a file it
    would write or delete was changed by someone else since; nothing is written then.

    Files whose content was not fully loaded (``snapshot.unreadable``; without a snapshot, those
    of the framework already in ``path``) are never overwritten or deleted: a save that changes
    their items, or would write through a symbolic link, is refused with :class:`FrameworkNeedsRepair`
    naming each file, its line and what to do. Two files whose names differ only by case are
    refused with :class:`IdentifierCaseCollision`. Nothing is written when a save is refused.
    """
    folder = Path(path)
    plan = file_plan(framework)  # raises before anything is touched
    _refuse_case_collisions(list(plan))
    guard = _guard(folder) if snapshot is None else None
    protected = set(snapshot.unreadable if snapshot is not None else guard.unreadable if guard is not None else ())
    # A file holding the very objects this framework last read or rendered it from is known already:
    # its digest is the one the snapshot holds. Only the other files are rendered.
    encoded: dict[str, bytes] = {}
    if snapshot is not None:
        for relpath, (items, render) in plan.items():
            if not (items is not None and relpath not in protected and relpath in snapshot.digests
                    and same_objects(snapshot.items.get(relpath), items)):
                encoded[relpath] = render().encode("utf-8")
    else:
        encoded = {relpath: render().encode("utf-8") for relpath, (_, render) in plan.items()}
    folder.mkdir(parents=True, exist_ok=True)
    with locked(folder):
        replay_journal(folder)  # raises, touching nothing, for a journal that lists what a save does not write
        listing = list_files(folder)
        on_disk = {relpath: listing.digest_on_disk(relpath) for relpath in listing.files}
        known = snapshot.digests if snapshot is not None else on_disk

        # With a snapshot, what this save changes is measured against what was loaded: a file someone
        # else changed meanwhile, and that this framework did not touch, is theirs and stays as it is.
        new_digests = {p: digest(data) for p, data in encoded.items()}
        writes = {p: data for p, data in encoded.items() if p not in protected and new_digests[p] != known.get(p)}
        # A protected file holds data the framework could not load: writing it would lose that data.
        # It is left alone while the framework renders it as loaded; changing its items is refused.
        if snapshot is not None:
            damaging = sorted(p for p in encoded if p in protected and new_digests[p] != snapshot.rendered.get(p))
        else:
            damaging = sorted(p for p in encoded if p in protected and new_digests[p] != on_disk.get(p))
        if protected and snapshot is not None and snapshot.item_digests:
            # Items read from a protected file may not change, vanish or move to another file: the
            # protected file, which cannot be rewritten, would still hold their old version.
            now_files = item_files(framework)
            now_digests = item_digests(framework, set(snapshot.item_digests))
            damaging += sorted({snapshot.item_files[k] for k, d in snapshot.item_digests.items()
                                if now_digests.get(k) != d or now_files.get(k) != snapshot.item_files[k]})
        if damaging:
            repaired = snapshot if snapshot is not None else guard
            raise FrameworkNeedsRepair(str(folder), repaired.repair_notes(damaging))  # type: ignore[union-attr]
        deletes = [p for p in known if p not in plan and is_managed(p) and p in on_disk and p not in protected]
        if snapshot is not None:
            conflicts = sorted(p for p in [*writes, *deletes] if on_disk.get(p) != snapshot.digests.get(p))
            if conflicts:
                raise FrameworkChangedOnDisk(str(folder), conflicts)
        elif guard is None:
            deletes = []  # the folder held no framework: what is in it was not written by a save
        # Last line of defence: never write through, or replace, a symbolic link.
        blocked = _not_writable(folder, [*writes, *deletes])
        if blocked:
            raise FrameworkNeedsRepair(str(folder), blocked)

        renames: list[tuple[str, str]] = []
        root = f"{folder}{os.sep}"  # plain strings and os.open: a save may write thousands of files
        try:
            made: set[str] = set()  # each folder is made once, not once per file
            pid = os.getpid()
            for relpath, data in writes.items():
                head = relpath.rpartition("/")[0]
                if head not in made:
                    (folder / head).mkdir(parents=True, exist_ok=True)
                    made.add(head)
                temp_rel = temp_name(relpath, pid)
                renames.append((temp_rel, relpath))
                write_durably(root + temp_rel, data)
            if renames or deletes:
                # On disk before the first rename: an interrupted save is finished from it (read_framework).
                write_journal(root, renames, deletes)
        except OSError as error:
            # Nothing was renamed yet: remove the partial temporaries and leave the folder as it was.
            for temp_rel in [*(temp for temp, _ in renames), JOURNAL]:
                with contextlib.suppress(OSError):
                    (folder / temp_rel).unlink()
            raise FrameworkFileError(
                f"{folder}: the framework could not be saved ({error.strerror or error}). Nothing was changed; "
                "free some space or fix the folder's permissions, then save again.", str(folder)) from error
        if renames or deletes:
            journal = folder / JOURNAL
            for temp_rel, final_rel in renames:
                os.replace(root + temp_rel, root + final_rel)
            written = [folder / p for p in writes]
            for relpath in deletes:
                # On a file system that ignores case, the file renamed from Badge.yaml to badge.yaml is the
                # one just written: deleting the old name would delete it.
                if any(_same_file(folder / relpath, path) for path in written
                       if path.name.casefold() == relpath.rsplit("/", 1)[-1].casefold()):
                    continue
                with contextlib.suppress(FileNotFoundError):
                    (folder / relpath).unlink()
            journal.unlink()
            _fsync_dir(folder)

        # Files this save did not write keep the digest this framework knew them by: if someone
        # else changed one, the next save touching it is still refused instead of overwriting them.
        digests = {p: d for p, d in known.items() if p not in deletes and p in on_disk}
        digests.update({p: new_digests[p] for p in writes})
    kept = frozenset(p for p in protected if p in digests)
    # Every file this framework renders now matches its digest (written, or known unchanged): remember
    # its items. Protected files keep what they hold on disk, not what the framework renders.
    known_items = {p: items for p, (items, _) in plan.items()
                   if items is not None and p in digests and p not in kept}
    if snapshot is None:
        if guard is None or not kept:
            return Snapshot(str(folder), digests, kept, item_files(framework), items=known_items)
        # The folder's own protected files stay as they were; what this framework renders there is
        # what a later save with this snapshot must not change.
        files_now = item_files(framework)
        return Snapshot(str(folder), digests, kept, files_now, {p: new_digests[p] for p in kept if p in new_digests},
                        item_digests(framework, {k for k, f in files_now.items() if f in kept}),
                        {p: items for p, items in guard.damaged.items() if p in kept}, items=known_items,
                        repairs={p: note for p, note in guard.repairs.items() if p in kept})
    rendered = {p: d for p, d in snapshot.rendered.items() if p in kept}
    item_digests_kept = {k: d for k, d in snapshot.item_digests.items() if snapshot.item_files.get(k) in kept}
    damaged = {p: items for p, items in snapshot.damaged.items() if p in kept}
    repairs = {p: note for p, note in snapshot.repairs.items() if p in kept}
    return Snapshot(str(folder), digests, kept, item_files(framework), rendered, item_digests_kept, damaged,
                    items=known_items, repairs=repairs)

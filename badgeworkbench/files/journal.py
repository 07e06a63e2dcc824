"""The journal of a save: what lets a save that stopped half-way be finished, and nothing else.

A save writes each file beside its target (``badges/.cuisine.yaml.tmp-<pid>``), then the journal
``.save-journal.json`` listing its renames and deletions, then renames. The next read or save,
holding the folder's lock, replays the journal. The journal is a file in the folder, so anyone
may have written it: before anything is moved or deleted, every entry must be one a save writes —
a temporary file renamed onto the framework file it belongs to, a framework file deleted — inside
the folder, with no symbolic link on the way. A journal with any other entry is refused whole
(:class:`FrameworkNeedsRepair`): nothing it lists is touched, and it stays for a person to look at.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import FrameworkNeedsRepair, PathOutsideFolder
from ..paths import writable_path
from .folder import is_managed

__all__ = ["JOURNAL", "Journal", "read_journal", "replay_journal", "temp_name", "write_durably", "write_journal"]

JOURNAL = ".save-journal.json"


@dataclass(frozen=True)
class Journal:
    """The plan of an interrupted save: ``renames`` (temporary → final) and ``deletes``."""

    renames: list[tuple[str, str]] = field(default_factory=list)
    deletes: list[str] = field(default_factory=list)

    @property
    def files(self) -> list[str]:
        """The framework files the save was writing or deleting."""
        return [final for _, final in self.renames] + list(self.deletes)


def temp_name(relpath: str, pid: int) -> str:
    """The temporary file a save writes ``relpath`` to, beside it."""
    head, _, name = relpath.rpartition("/")
    return f"{head}/.{name}.tmp-{pid}" if head else f".{name}.tmp-{pid}"


def _refuse(folder: Path, entry: object, why: str) -> FrameworkNeedsRepair:
    return FrameworkNeedsRepair(str(folder), [
        f"{JOURNAL}: {why} ({entry!r}), so it was not replayed and nothing it lists was moved or deleted; "
        "check that no save is running, then delete it"])


def read_journal(folder: Path) -> Journal | None:
    """The journal of an interrupted save in ``folder``, checked entry by entry; ``None`` when there is none.

    A journal that is not JSON was being written when its save stopped (before any rename): it is
    an empty plan. Raises :class:`FrameworkNeedsRepair` for a journal that is a symbolic link, or
    that lists anything a save does not write.
    """
    path = folder / JOURNAL
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(mode):
        raise _refuse(folder, JOURNAL, "it is not a plain file (a symbolic link?)")
    try:
        plan = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return Journal()
    if not isinstance(plan, dict) or not isinstance(plan.get("renames", []), list) or not isinstance(
            plan.get("deletes", []), list):
        raise _refuse(folder, type(plan).__name__, "it does not hold a save's renames and deletions")
    renames: list[tuple[str, str]] = []
    for entry in plan.get("renames", []):
        if not (isinstance(entry, list) and len(entry) == 2 and all(isinstance(p, str) for p in entry)):
            raise _refuse(folder, entry, "it lists a rename that is not a pair of paths")
        temp, final = entry
        if not is_managed(final):
            raise _refuse(folder, final, "it lists a file that is not a file of this framework")
        if not re.fullmatch(re.escape(temp_name(final, 0)[:-1]) + r"\d+", temp):
            raise _refuse(folder, temp, f"it lists a file that is not the temporary copy of {final}")
        renames.append((temp, final))
    deletes: list[str] = []
    for gone in plan.get("deletes", []):
        if not isinstance(gone, str) or not is_managed(gone):
            raise _refuse(folder, gone, "it lists a deletion of a file that is not a file of this framework")
        deletes.append(gone)
    for relpath in [p for pair in renames for p in pair] + deletes:
        try:
            writable_path(folder, relpath)
        except PathOutsideFolder as error:
            raise _refuse(folder, relpath, error.reason) from None
    return Journal(renames, deletes)


def replay_journal(folder: Path) -> Journal | None:
    """Finish a save that stopped between its renames; hold the folder's lock while calling this.

    Every temporary file a journal lists was complete before the journal was written. Raises
    :class:`FrameworkNeedsRepair`, touching nothing, for a journal :func:`read_journal` refuses.
    """
    plan = read_journal(folder)
    if plan is None:
        return None
    for temp, final in plan.renames:
        with contextlib.suppress(FileNotFoundError):
            if stat.S_ISREG(os.lstat(folder / temp).st_mode):
                os.replace(folder / temp, folder / final)
    for gone in plan.deletes:
        with contextlib.suppress(FileNotFoundError):
            if stat.S_ISREG(os.lstat(folder / gone).st_mode):
                (folder / gone).unlink()
    (folder / JOURNAL).unlink()
    return plan


def write_journal(root: str, renames: list[tuple[str, str]], deletes: list[str]) -> None:
    """Write the journal of a save (``root``: the folder, ending with a separator), durably."""
    write_durably(root + JOURNAL, json.dumps({"renames": renames, "deletes": deletes}).encode())


def write_durably(path: str, data: bytes) -> None:
    """Create ``path`` holding ``data``, on disk before this returns (it is renamed into place next).

    The file is created new, never opened through a symbolic link: a link planted under a
    temporary file's name is removed (the link only), not written through.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags, 0o666)
    except FileExistsError:
        os.unlink(path)  # a stale copy of a save that died with this process id, or a planted link
        fd = os.open(path, flags, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)

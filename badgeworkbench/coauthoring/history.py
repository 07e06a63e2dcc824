"""The change log of a framework, and undo/redo within a notebook session.

Every save appends one line to ``<framework>/history/log.jsonl`` (:func:`record_save`): when,
who (partner and person), what changed (the diff's headline in French and English and the
items touched), and the digest of each file written — so anyone can later tell who changed
what, and check that a file on disk is the one a save wrote. The log is append-only: lines
are never rewritten, and a line cut short by a crash is reported by :func:`read_log`, not
dropped silently.

:class:`EditSession` keeps the framework values a notebook went through, for undo and redo.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diff import FrameworkDiff, compare
from ..edit import Author
from ..errors import BadgeWorkbenchError
from ..files import framework_files
from ..model import Framework
from ..paths import inside, writable_path

__all__ = [
    "HISTORY_DIR",
    "LOG_FILE",
    "Author",
    "EditSession",
    "LogEntry",
    "NothingToRedo",
    "NothingToUndo",
    "author_of",
    "log_path",
    "read_log",
    "record_save",
]

HISTORY_DIR = "history"
LOG_FILE = f"{HISTORY_DIR}/log.jsonl"


class NothingToUndo(BadgeWorkbenchError):
    def __init__(self) -> None:
        super().__init__("Nothing to undo: this is the framework as it was when the session started.")


class NothingToRedo(BadgeWorkbenchError):
    def __init__(self) -> None:
        super().__init__("Nothing to redo: no undone edit is waiting (a new edit clears what was undone).")


def author_of(author: Author | str | tuple[str | None, str | None] | None) -> Author:
    """An :class:`Author` from an Author, a partner id, or a ``(partner, person)`` pair."""
    if isinstance(author, Author):
        return author
    if author is None:
        return Author()
    if isinstance(author, str):
        return Author(partner=author)
    partner, person = author
    return Author(partner=partner, person=person)


@dataclass(frozen=True)
class LogEntry:
    """One save, as recorded in ``history/log.jsonl`` (or a line that could not be read: ``problem`` set)."""

    line: int
    time: str = ""
    partner: str | None = None
    person: str | None = None
    summary: dict[str, str] = field(default_factory=dict)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    items: list[str] = field(default_factory=list)
    files: dict[str, str | None] = field(default_factory=dict)
    note: str = ""
    problem: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "line": self.line, "time": self.time, "author": {"partner": self.partner, "person": self.person},
            "summary": self.summary, "counts": self.counts, "items": self.items, "files": self.files,
            "note": self.note, "problem": self.problem,
        }  # fmt: skip

    def describe(self, lang: str = "fr") -> str:
        """``2026-11-28 14:03 — mission-locale (Awa) — 1 badge modifié.``"""
        if self.problem:
            return f"line {self.line}: {self.problem}"
        who = self.partner or ("inconnu" if lang == "fr" else "unknown")
        if self.person:
            who += f" ({self.person})"
        when = self.time.replace("T", " ")[:16]
        text = self.summary.get(lang) or self.summary.get("fr", "")
        return f"{when} — {who} — {text}" + (f" — {self.note}" if self.note else "")


@contextlib.contextmanager
def _log_lock(folder: Path) -> Iterator[None]:
    """Hold the lock of the framework's ``history/`` folder (created here, never through a link)."""
    lock = writable_path(folder, f"{HISTORY_DIR}/.log.lock")
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def log_path(path: str | os.PathLike[str]) -> Path:
    """Where the change log of the framework in ``path`` is appended, checked to be writable.

    Raises :class:`~badgeworkbench.errors.PathOutsideFolder` when ``history`` or the log is a symbolic
    link. A command that saves then logs calls it *before* saving, so that such a refusal comes before
    any byte of the framework is written, not after.
    """
    return writable_path(path, LOG_FILE)


def record_save(
    path: str | os.PathLike[str],
    before: Framework | None,
    after: Framework,
    author: Author | str | tuple[str | None, str | None] | None = None,
    *,
    note: str = "",
    diff: FrameworkDiff | None = None,
    written: dict[str, str | None] | None = None,
) -> LogEntry:
    """Append the save of ``after`` (over ``before``; ``None`` for a first save) to the framework's log.

    Records the time, the author, the diff's headline in French and English, the items that
    changed, and the SHA-256 digest of each file written (``None`` for a file removed).
    ``written`` gives those digests when the caller knows them (from the snapshots before and
    after the save); otherwise they are computed from the two frameworks.

    Raises :class:`~badgeworkbench.errors.PathOutsideFolder`, writing nothing, when ``history``
    or the log is a symbolic link: the log is never written through one.
    """
    folder = Path(path)
    who = author_of(author)
    if diff is None:
        diff = compare(before if before is not None else Framework(id=after.id), after)
    if written is not None:
        files = dict(written)
    else:
        old_files = framework_files(before) if before is not None else {}
        new_files = framework_files(after)
        files = {
            p: hashlib.sha256(text.encode("utf-8")).hexdigest()
            for p, text in new_files.items()
            if old_files.get(p) != text
        }
        files.update({p: None for p in old_files if p not in new_files})
    record = {
        "time": _now(),
        "author": {"partner": who.partner, "person": who.person},
        "summary": {"fr": diff.headline("fr"), "en": diff.headline("en")},
        "counts": diff.counts(),
        "items": [i.label for i in diff.items],
        "files": dict(sorted(files.items())),
        "note": note,
    }
    # Never through a symbolic link: a planted ``history`` link would make the log land outside the folder.
    log = log_path(folder)
    line = json.dumps(record, ensure_ascii=False, sort_keys=False) + "\n"
    with _log_lock(folder):
        # A line cut short by a crash would glue onto ours: start on a fresh line.
        prefix = ""
        if log.exists() and log.stat().st_size:
            with open(log, "rb") as handle:
                handle.seek(-1, os.SEEK_END)
                if handle.read(1) != b"\n":
                    prefix = "\n"
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(prefix + line)
            handle.flush()
            os.fsync(handle.fileno())
        count = sum(1 for _ in open(log, encoding="utf-8"))
    return _entry(count, record)


def _entry(number: int, record: dict[str, Any]) -> LogEntry:
    author = record.get("author") or {}
    return LogEntry(
        line=number,
        time=str(record.get("time", "")),
        partner=author.get("partner"),
        person=author.get("person"),
        summary=dict(record.get("summary") or {}),
        counts=dict(record.get("counts") or {}),
        items=list(record.get("items") or []),
        files=dict(record.get("files") or {}),
        note=str(record.get("note") or ""),
    )


def read_log(path: str | os.PathLike[str]) -> list[LogEntry]:
    """Every save recorded for the framework in ``path``, oldest first (``[]`` when none yet).

    A line that cannot be read (cut short by a crash, or edited by hand) comes back as an entry
    whose ``problem`` says so, at its line number: it is shown, never silently skipped.
    A ``history`` folder or log that is a symbolic link leading outside the folder is refused
    (:class:`~badgeworkbench.errors.PathOutsideFolder`).
    """
    inside(path, LOG_FILE)  # a ``history`` link leading outside the folder is refused, not read
    log = Path(path) / LOG_FILE
    if not log.exists():
        return []
    entries = []
    with open(log, encoding="utf-8", errors="replace") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
                if not isinstance(record, dict):
                    raise ValueError("not an object")
                entries.append(_entry(number, record))
            except ValueError:
                entries.append(LogEntry(line=number, problem=(
                    f"{log}: line {number} cannot be read (cut short by a crash, or edited by hand); "
                    "it is kept as it is and the saves after it are listed.")))  # fmt: skip
    return entries


class EditSession:
    """The framework values a notebook went through, for undo and redo.

    >>> from badgeworkbench.model import Framework
    >>> s = EditSession(Framework(id="f", version="1"))
    >>> _ = s.apply(s.current.replace(version="2"))
    >>> s.undo().version, s.redo().version
    ('1', '2')
    """

    def __init__(self, framework: Framework, *, limit: int = 500):
        self._past: list[Framework] = []
        self._future: list[Framework] = []
        self._current = framework
        self.limit = limit

    @property
    def current(self) -> Framework:
        return self._current

    @property
    def can_undo(self) -> bool:
        return bool(self._past)

    @property
    def can_redo(self) -> bool:
        return bool(self._future)

    def apply(self, framework: Framework) -> Framework:
        """Make ``framework`` the current value (an edit); clears what was undone. Returns it."""
        if framework == self._current:
            return framework
        self._past.append(self._current)
        if len(self._past) > self.limit:
            del self._past[0]
        self._future.clear()
        self._current = framework
        return framework

    def undo(self) -> Framework:
        """Go back one edit and return that framework (:class:`NothingToUndo` at the start)."""
        if not self._past:
            raise NothingToUndo()
        self._future.append(self._current)
        self._current = self._past.pop()
        return self._current

    def redo(self) -> Framework:
        """Redo the last undone edit and return that framework (:class:`NothingToRedo` if none)."""
        if not self._future:
            raise NothingToRedo()
        self._past.append(self._current)
        self._current = self._future.pop()
        return self._current

    def last_change(self) -> FrameworkDiff:
        """What the last edit changed (empty when there is none)."""
        return compare(self._past[-1], self._current) if self._past else FrameworkDiff()

    def rebase(self, framework: Framework) -> None:
        """Replace the current value without recording an edit (after merging another partner's save)."""
        self._current = framework

"""What a read or a save knew of the files: the :class:`Snapshot`, and the :class:`OpenedFramework`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import PathOutsideFolder
from ..model import Framework
from ..paths import inside
from ..report import Problem, Report

__all__ = ["OpenedFramework", "Snapshot", "item_lines", "key_lines"]


@dataclass(frozen=True)
class Snapshot:
    """What the files looked like when read.

    ``digests``: a digest per file, as this framework last knew it (a save keeps, for files it did
    not write, the digest it knew — so a later save can still tell that someone else changed them).
    ``unreadable``: the files whose content was not fully loaded into the framework (unreadable,
    not YAML, the wrong shape, items that failed to load or whose id another file also holds, a
    symbolic link); a save never overwrites or deletes them — the framework *needs repair*.
    ``rendered``: for those files, the digest of what the loaded framework itself renders there,
    so a save can tell whether it changed any of their items. ``item_files``: which file holds each
    item (``kind:id``); ``item_digests``: for the items of protected files, a digest of each item
    as loaded.
    """

    folder: str
    digests: dict[str, str] = field(default_factory=dict)
    unreadable: frozenset[str] = frozenset()
    item_files: dict[str, str] = field(default_factory=dict)
    rendered: dict[str, str] = field(default_factory=dict)
    #: For items read from protected files, a digest of each: a save that changes or moves one is refused.
    item_digests: dict[str, str] = field(default_factory=dict)
    #: For protected files, what could not be loaded from them (item ids), to name it when refusing.
    damaged: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _lines: dict[str, dict[str, int]] = field(default_factory=dict, compare=False, repr=False)
    #: For each file whose bytes this framework knows (``digests``), the model objects it was read or
    #: rendered from. Models are immutable, so a save whose file holds the very same objects knows its
    #: text without rendering it: at ROME scale that turns a 4 s save into a fraction of a second.
    items: dict[str, tuple[Any, ...]] = field(default_factory=dict, compare=False, repr=False)
    #: For protected files that are not merely missing items: why, with the line, and what to do.
    repairs: dict[str, str] = field(default_factory=dict)

    def repair_notes(self, files: list[str]) -> list[str]:
        """One sentence per protected file: where it is damaged, what a save would lose, what to do."""
        notes = []
        for relpath in sorted(set(files)):
            lost = self.damaged.get(relpath, ())
            if lost or relpath not in self.repairs:
                what = ", ".join(lost[:5]) + (f" (+{len(lost) - 5})" if len(lost) > 5 else "") if lost else "its content"
                notes.append(f"{relpath}: {what} could not be loaded, and this save would lose it")
            else:
                notes.append(self.repairs[relpath])
        return notes

    @property
    def needs_repair(self) -> bool:
        """True when some file was not fully loaded: saves leave it alone, and refuse to change what it holds."""
        return bool(self.unreadable)

    def locate(self, problem: Problem) -> tuple[str, int] | None:
        """File and line of the item a problem concerns (for :meth:`Report.located`).

        Lines are found only when asked, by reading that file again: most loads have no problem to
        place, and scanning every file for them cost a fifth of the load time at ROME scale. In
        one-item files (badges, pathways) the line is that of the field's top-level key.
        """
        relpath = self.item_files.get(problem.item or "")
        if relpath is None:
            return None
        lines = self._lines.get(relpath)
        if lines is None:
            try:
                text = inside(self.folder, relpath).read_text("utf-8")
            except (OSError, UnicodeDecodeError, PathOutsideFolder):
                text = ""
            lines = item_lines(text) if relpath.startswith(("competencies/", "partners.yaml")) else key_lines(text)
            self._lines[relpath] = lines
        if relpath.startswith(("badges/", "pathways/")):
            top = re.split(r"[.\[]", problem.field or "", maxsplit=1)[0]
            return relpath, lines.get(top, 1)
        ident = (problem.item or "").split(":", 1)[-1]
        return relpath, lines.get(ident, 1)


@dataclass(frozen=True)
class OpenedFramework:
    """A framework as read from a folder, with the problems met while reading and the snapshot."""

    framework: Framework
    snapshot: Snapshot
    report: Report


_TOP_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*):", re.MULTILINE)
_ID_LINE = re.compile(r"^-\s+id:\s*['\"]?([^'\"\n]+?)['\"]?\s*$", re.MULTILINE)


def _first_lines(pattern: re.Pattern[str], text: str) -> dict[str, int]:
    """Line of the first match of ``pattern`` for each value of its group 1."""
    found: dict[str, int] = {}
    line, last = 1, 0
    for match in pattern.finditer(text):
        line += text.count("\n", last, match.start())
        last = match.start()
        found.setdefault(match[1], line)
    return found


def item_lines(text: str) -> dict[str, int]:
    """Line of each ``- id: …`` in a list file: where problems about those items point."""
    return _first_lines(_ID_LINE, text)


def key_lines(text: str) -> dict[str, int]:
    """Line of each top-level key in a one-item file."""
    return _first_lines(_TOP_KEY, text)


def all_item_lines(text: str) -> dict[str, list[int]]:
    """Every line of each ``- id: …`` in a list file (an id written twice has two)."""
    found: dict[str, list[int]] = {}
    line, last = 1, 0
    for match in _ID_LINE.finditer(text):
        line += text.count("\n", last, match.start())
        last = match.start()
        found.setdefault(match[1], []).append(line)
    return found

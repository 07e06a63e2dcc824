"""The one state object of an open framework, which every panel observes.

A panel never edits files: a button calls :meth:`WorkbenchState.apply` with a library edit
(:mod:`badgeworkbench.edit`). The state runs it, checks the result, remembers it for undo and
saves it at once with compare-and-swap (:func:`~badgeworkbench.files.save_framework` with the
snapshot). When another partner saved meanwhile:

- if their changes touch other items, my edits are re-applied on top of theirs and saved;
- if they touch the same items, nothing is written and :attr:`WorkbenchState.conflict` is set:
  panels show it with two buttons, *Recharger* (take theirs, re-apply my edits that do not
  clash, keep the others aside) and *Fusionner* (``coauthoring.merge(base, mine, theirs)``:
  everything that does not clash is kept from both sides; the fields both changed differently
  are decided by a person, one by one, in ``coauthoring.ConflictChooser``). Either way, nothing
  is lost. Every save is recorded in the framework's change log (``coauthoring.record_save``).

>>> import tempfile, pathlib
>>> from badgeworkbench.workspace import new_framework
>>> from badgeworkbench.model import Competency
>>> from badgeworkbench import edit
>>> folder = pathlib.Path(tempfile.mkdtemp()) / "atelier"
>>> _ = new_framework(folder, "Atelier")
>>> state = WorkbenchState.open(folder)
>>> state.apply(lambda fw: edit.add_item(fw, Competency(id="ecouter", title={"fr": "Écouter"})), "ajout")
True
>>> (folder / "competencies" / "ecouter.yaml").exists()
True
>>> state.undo(); (folder / "competencies" / "ecouter.yaml").exists()
True
False
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from traitlets import Bool, Enum, HasTraits, Instance, Int, List, Unicode, observe

from .. import coauthoring
from ..check import check
from ..edit import Author
from ..errors import BadgeWorkbenchError, FrameworkChangedOnDisk
from ..files import Snapshot, changed_on_disk, read_framework, save_framework
from ..model import Framework
from ..report import Report
from ..workspace import example_framework_path
from .changes import apply_patch, changed_keys, pieces
from .i18n import localized, t

__all__ = ["ENV_FRAMEWORK", "Change", "Conflict", "Edit", "WorkbenchState", "framework_from_environment"]

#: Set by ``badgeworkbench lab`` to the framework the notebooks open.
ENV_FRAMEWORK = "BADGEWORKBENCH_FRAMEWORK"
_UNDO_LIMIT = 200

EditFunction = Callable[[Framework], Framework]


@dataclass(frozen=True)
class Edit:
    """An edit made since the last successful save, kept so it can be re-applied on theirs."""

    label: str
    fn: EditFunction
    touched: frozenset[str]
    #: True for edits that add up (a dot-vote): re-applied even on an item the other partner changed.
    additive: bool = False


@dataclass(frozen=True)
class Change:
    """One entry of the undo/redo stacks: the framework values before and after an edit."""

    label: str
    before: Framework
    after: Framework
    touched: frozenset[str]

    def revert(self, framework: Framework) -> Framework:
        """``framework`` with the pieces this change touched put back as they were before it."""
        old = pieces(self.before)
        return apply_patch(framework, {k: old.get(k) for k in self.touched})

    def redo(self, framework: Framework) -> Framework:
        new = pieces(self.after)
        return apply_patch(framework, {k: new.get(k) for k in self.touched})


@dataclass(frozen=True)
class Conflict:
    """Someone else saved changes to items I changed too; my edits are kept in memory, unsaved."""

    files: tuple[str, ...]
    clashing: tuple[str, ...]  # labels of my edits that touch items they changed
    items: tuple[str, ...]  # the items both sides changed (``badge:b1``…)
    theirs: Framework = field(repr=False)
    snapshot: Snapshot = field(repr=False)


def framework_from_environment() -> Path:
    """The framework the notebooks open: ``$BADGEWORKBENCH_FRAMEWORK``, else the bundled example."""
    env = os.environ.get(ENV_FRAMEWORK)
    return Path(env) if env else example_framework_path()


class WorkbenchState(HasTraits):
    """The open framework, its report, the language, the selection, the author, undo/redo, conflicts."""

    path = Unicode("", help="Folder of the open framework.")
    framework = Instance(Framework, allow_none=True)
    snapshot = Instance(Snapshot, allow_none=True)
    report = Instance(Report, args=())
    language = Enum(("fr", "en"), default_value="fr")
    selected = Unicode("", help="The selected item, as 'kind:id' (e.g. 'badge:cuisine-1'), or ''.")
    author_partner = Unicode("", help="Partner id of the person editing.")
    author_person = Unicode("", help="Name of the person editing.")
    undo_stack = List(help="Changes that can be undone, most recent last.")
    redo_stack = List(help="Undone changes that can be redone, most recent last.")
    can_undo = Bool(False)
    can_redo = Bool(False)
    conflict = Instance(Conflict, allow_none=True)
    merging = Instance(
        coauthoring.MergeResult,
        allow_none=True,
        help="A merge waiting for a person's choices (its conflicts), else None.",
    )
    set_aside = List(help="Labels of my edits left out by the last reload (they clashed with theirs).")
    message = Unicode("")
    message_level = Enum(("info", "success", "warning", "error"), default_value="info")
    revision = Int(0, help="Bumped each time the framework value changes.")
    saves = Int(0, help="How many saves this state made.")

    def __init__(self, **kwargs: Any):
        self._message: tuple[str, str, dict[str, Any]] = ("", "info", {})
        super().__init__(**kwargs)
        self._lock = threading.RLock()
        self._base: Framework | None = None  # the value last read from or written to disk
        self._pending: list[Edit] = []
        self._file_report = Report()
        self._poller: threading.Thread | None = None
        self._stop_polling = threading.Event()

    # --- opening -------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None, language: str = "fr") -> WorkbenchState:
        """A state on the framework at ``path`` (default: :func:`framework_from_environment`)."""
        state = cls(language=language)
        state.load(framework_from_environment() if path is None else path)
        return state

    def load(self, path: str | os.PathLike[str]) -> None:
        """Open the framework folder ``path`` (forgets undo history; raises if it is not a framework)."""
        with self._lock:
            opened = read_framework(path)
            self.path = str(Path(path))
            self._adopt(opened.framework, opened.snapshot, opened.report)
            self.undo_stack, self.redo_stack, self.set_aside = [], [], []
            self.conflict = None
            self._pending = []
            self._say("opened", "success", title=self.title())

    def try_load(self, path: str | os.PathLike[str]) -> bool:
        """:meth:`load`, showing the error as the state's message instead of raising."""
        try:
            self.load(path)
        except BadgeWorkbenchError as error:
            self._say("open-failed", "error", error=error)
            return False
        return True

    def _adopt(self, base: Framework, snapshot: Snapshot, file_report: Report | None = None,
               current: Framework | None = None) -> None:  # fmt: skip
        """Take ``base`` as what is on disk (with its snapshot) and show ``current`` (default: base)."""
        self._base = base
        self._file_report = file_report if file_report is not None else self._file_report
        self.snapshot = snapshot
        self._set_framework(current if current is not None else base)

    def _set_framework(self, framework: Framework) -> None:
        report = self._file_report + check(framework)
        self.report = report.located(self.snapshot.locate) if self.snapshot else report
        self.framework = framework
        kind, _, ident = self.selected.partition(":")
        if self.selected and not _exists(framework, kind, ident):
            self.selected = ""
        self.revision += 1

    def title(self) -> str:
        from ..model import text

        return text(self.framework.title, self.language) or self.framework.id if self.framework else ""

    @property
    def author(self) -> Author:
        return Author(partner=self.author_partner or None, person=self.author_person or None)

    # --- editing -------------------------------------------------------------------------------

    def apply(self, edit_fn: EditFunction, label: str = "", *, additive: bool = False) -> bool:
        """Run a library edit on the framework, check, remember for undo, save. False if refused.

        A refused edit (the library raised a :class:`BadgeWorkbenchError`) changes nothing; its
        sentence becomes the state's message.
        """
        with self._lock:
            if self.framework is None:
                self._say("no-framework", "error")
                return False
            before = self.framework
            try:
                after = edit_fn(before)
            except BadgeWorkbenchError as error:
                self._say("edit-refused", "error", error=error)
                return False
            touched = frozenset(changed_keys(before, after))
            if not touched:
                return True
            self.undo_stack = [*self.undo_stack[-_UNDO_LIMIT + 1 :], Change(label, before, after, touched)]
            self.redo_stack = []
            self._record(Edit(label, edit_fn, touched, additive), after)
            return self._sync(label)

    @property
    def has_unsaved_edits(self) -> bool:
        """Edits already shown but not yet written: a save follows at once, unless a conflict waits."""
        return bool(self._pending)

    def _record(self, edit: Edit, after: Framework) -> None:
        self._pending.append(edit)
        self._set_framework(after)
        self.can_undo, self.can_redo = bool(self.undo_stack), bool(self.redo_stack)

    def undo(self) -> bool:
        """Undo my last change (only the items it touched: what others saved since stays)."""
        with self._lock:
            if not self.undo_stack or self.framework is None:
                return False
            change = self.undo_stack[-1]
            after = change.revert(self.framework)
            self.undo_stack = self.undo_stack[:-1]
            self.redo_stack = [*self.redo_stack, change]
            touched = frozenset(changed_keys(self.framework, after))
            self._record(Edit(f"↶ {change.label}", change.revert, touched), after)
            return self._sync(change.label, "undone")

    def redo(self) -> bool:
        with self._lock:
            if not self.redo_stack or self.framework is None:
                return False
            change = self.redo_stack[-1]
            after = change.redo(self.framework)
            self.redo_stack = self.redo_stack[:-1]
            self.undo_stack = [*self.undo_stack, change]
            touched = frozenset(changed_keys(self.framework, after))
            self._record(Edit(f"↷ {change.label}", change.redo, touched), after)
            return self._sync(change.label, "redone")

    # --- saving and other partners' saves --------------------------------------------------------

    def _sync(self, label: str = "", done: str = "saved") -> bool:
        """Save the pending edits, first taking in what others saved. False when a conflict waits."""
        if self.conflict is not None:
            self.conflict = self._conflict_with(self.conflict.theirs, self.conflict.snapshot, self.conflict.files)
            self._say("conflict", "warning", files=", ".join(self.conflict.files))
            return False
        try:
            changed = changed_on_disk(self.snapshot) if self.snapshot else []
        except OSError as error:
            self._say("save-failed", "error", error=error)
            return False
        if changed:
            return self._rebase(tuple(changed), label, done)
        return self._save(label, done)

    def _save(self, label: str, done: str) -> bool:
        assert self.framework is not None
        try:
            snapshot = save_framework(self.framework, self.path, snapshot=self.snapshot)
        except FrameworkChangedOnDisk as error:
            return self._rebase(tuple(error.files), label, done)
        except (BadgeWorkbenchError, OSError) as error:
            self._say("save-failed", "error", error=error)
            return False
        before, old_snapshot = self._base, self.snapshot
        self.snapshot = snapshot
        self._base = self.framework
        self._pending = []
        logged = self._log_save(before, self.framework, label, _written(old_snapshot, snapshot))
        self.saves += 1  # after the log line, so that panels showing the history see it
        if logged:  # else the warning that the history was not written stays shown
            self._say(done, "success", label=label)
        return True

    def _log_save(self, before: Framework | None, after: Framework, label: str,
                  written: dict[str, str | None] | None = None) -> bool:  # fmt: skip
        """Append this save to the framework's change log (``history/log.jsonl``): who, when, what."""
        author = (self.author_partner or None, self.author_person or None)
        try:
            coauthoring.record_save(self.path, before, after, author, note=label, written=written)
        except (OSError, BadgeWorkbenchError) as error:  # the save went through; say the log could not be written
            self._say("log-failed", "warning", error=error)
            return False
        return True

    def _read_disk(self) -> tuple[Framework, Snapshot, Report] | None:
        try:
            opened = read_framework(self.path)
        except BadgeWorkbenchError as error:
            self._say("open-failed", "error", error=error)
            return None
        return opened.framework, opened.snapshot, opened.report

    def _conflict_with(self, theirs: Framework, snapshot: Snapshot, files: tuple[str, ...]) -> Conflict | None:
        """The conflict between my pending edits and ``theirs``, or None when every edit applies."""
        assert self._base is not None
        their_keys = changed_keys(self._base, theirs)
        clashing = [e for e in self._pending if e.touched & their_keys and not e.additive]
        if not clashing:
            return None
        items = sorted({k for e in clashing for k in e.touched & their_keys})
        return Conflict(files, tuple(e.label or "?" for e in clashing), tuple(items), theirs, snapshot)

    def _replay(self, theirs: Framework, edits: list[Edit]) -> tuple[Framework, list[Edit]]:
        """``theirs`` with ``edits`` re-applied in order; the edits that no longer apply are returned."""
        result, failed = theirs, []
        for edit in edits:
            try:
                result = edit.fn(result)
            except BadgeWorkbenchError:
                failed.append(edit)
        return result, failed

    def _rebase(self, files: tuple[str, ...], label: str = "", done: str = "saved") -> bool:
        """Take in what is on disk, then re-apply my pending edits on it (or flag a conflict)."""
        disk = self._read_disk()
        if disk is None:
            return False
        theirs, snapshot, file_report = disk
        conflict = self._conflict_with(theirs, snapshot, files)
        if conflict is None:
            merged, failed = self._replay(theirs, self._pending)
            if failed:
                conflict = Conflict(files, tuple(e.label for e in failed),
                                    tuple(sorted(set().union(*(e.touched for e in failed)))), theirs, snapshot)  # fmt: skip
        if conflict is not None:
            self.conflict = conflict
            self._say("conflict", "warning", files=", ".join(files))
            return False
        pending = self._pending
        self._adopt(theirs, snapshot, file_report, merged)
        if not pending:
            self._say("reloaded", "info", files=", ".join(files))
            return True
        return self._save(label, done)

    def check_disk(self) -> list[str]:
        """Notice files changed on disk by someone else and take them in. Returns the changed files.

        Called by the polling thread (:meth:`start_polling`) and before each edit is saved.
        """
        with self._lock:
            if self.snapshot is None or self.conflict is not None:
                return list(self.conflict.files) if self.conflict else []
            try:
                changed = changed_on_disk(self.snapshot)
            except OSError:
                return []
            if changed:
                self._rebase(tuple(changed))
            return changed

    def resolve_reload(self) -> bool:
        """Conflict → take their version, re-apply my edits that do not clash, set the others aside."""
        with self._lock:
            if self.conflict is None:
                self.check_disk()
                return True
            disk = self._read_disk()
            if disk is None:
                return False
            theirs, snapshot, file_report = disk
            assert self._base is not None
            their_keys = changed_keys(self._base, theirs)
            keep = [e for e in self._pending if e.additive or not (e.touched & their_keys)]
            merged, failed = self._replay(theirs, keep)
            left_out = [e for e in self._pending if e not in keep or e in failed]
            files = self.conflict.files
            self.conflict = None
            self._adopt(theirs, snapshot, file_report, merged)
            self.set_aside = [e.label for e in left_out]
            self._pending = [e for e in keep if e not in failed]
            # Undo would now mix their values with mine: start a fresh history from what is on disk.
            self.undo_stack, self.redo_stack = [], []
            self.can_undo = self.can_redo = False
            ok = self._save("", "saved") if self._pending else True
            if left_out:
                self._say("reloaded-set-aside", "warning", edits=", ".join(self.set_aside))
            else:
                self._say("reloaded", "info", files=", ".join(files))
            return ok

    def resolve_merge(self) -> bool:
        """Conflict → ``coauthoring.merge(base, mine, theirs)``: both sides' changes are kept.

        When nothing clashes field by field the merge is saved at once (True). Otherwise the merge
        waits in :attr:`merging` for a person's choices (the banner shows ``coauthoring.ConflictChooser``);
        :meth:`finish_merge` saves what they chose. Nothing is written meanwhile (False).
        """
        with self._lock:
            if self.conflict is None or self.framework is None:
                return False
            disk = self._read_disk()
            if disk is None:
                return False
            theirs, snapshot, file_report = disk
            assert self._base is not None
            result = coauthoring.merge(self._base, self.framework, theirs)
            self._merge_disk = (theirs, snapshot, file_report)
            if not result.clean:
                self.merging = result
                self._say("merge-choose", "warning", n=len(result.conflicts))
                return False
            return self.finish_merge(result.framework)

    def finish_merge(self, merged: Framework) -> bool:
        """Save ``merged`` (the merge, with each conflict decided) over what was on disk when merging."""
        with self._lock:
            theirs, snapshot, file_report = self._merge_disk
            self.conflict = None
            self.merging = None
            self._pending = [Edit("merge", lambda fw, m=merged: m, frozenset(changed_keys(theirs, merged)))]
            self._adopt(theirs, snapshot, file_report, merged)
            self.undo_stack, self.redo_stack = [], []
            self.can_undo = self.can_redo = False
            return self._save("", "merged")

    def cancel_merge(self) -> None:
        """Leave the merge undecided: the conflict banner stays, nothing is written."""
        self.merging = None

    def history(self) -> list[coauthoring.LogEntry]:
        """Every save recorded for this framework (``coauthoring.read_log``), oldest first."""
        return coauthoring.read_log(self.path) if self.path else []

    def start_polling(self, interval: float = 3.0) -> None:
        """Look for other partners' saves every ``interval`` seconds, in a background thread."""
        if self._poller is not None and self._poller.is_alive():
            return
        self._stop_polling.clear()

        def poll() -> None:
            while not self._stop_polling.wait(interval):
                with contextlib.suppress(Exception):  # a poll must never kill the kernel's thread
                    self.check_disk()

        self._poller = threading.Thread(target=poll, name="badgeworkbench-poll", daemon=True)
        self._poller.start()

    def stop_polling(self) -> None:
        self._stop_polling.set()

    # --- messages -------------------------------------------------------------------------------

    def _say(self, key: str, level: str = "info", **values: Any) -> None:
        self._message = (key, level, values)
        self.message_level = level
        self.message = t(f"msg.{key}", self.language, **localized(values, self.language)) if key else ""

    def say(self, key: str, level: str = "info", **values: Any) -> None:
        """Show a message from the panels (a key of :mod:`~badgeworkbench.widgets.i18n`, ``msg.`` omitted)."""
        self._say(key, level, **values)

    def show_error(self, error: BaseException) -> None:
        self._say("edit-refused", "error", error=error)

    @observe("language")
    def _relabel_message(self, _change: Any) -> None:
        key, _level, values = self._message
        if key:
            self.message = t(f"msg.{key}", self.language, **localized(values, self.language))

    # --- selection ------------------------------------------------------------------------------

    def select(self, kind: str, identifier: str | None) -> None:
        self.selected = f"{kind}:{identifier}" if identifier else ""

    def selected_id(self, kind: str) -> str | None:
        """The selected item's id when it is of ``kind``."""
        k, _, ident = self.selected.partition(":")
        return ident if k == kind and ident else None


def _written(old: Snapshot | None, new: Snapshot) -> dict[str, str | None] | None:
    """The digest of every file a save wrote (``None`` for a file it removed), from the snapshots before
    and after it: the change log records them without serialising the framework twice more."""
    if old is None:
        return None
    files: dict[str, str | None] = {p: d for p, d in new.digests.items() if old.digests.get(p) != d}
    files.update({p: None for p in old.digests if p not in new.digests})
    return files


def _exists(framework: Framework, kind: str, identifier: str) -> bool:
    getter = getattr(framework, kind, None)
    if kind in {"competency", "badge", "partner", "pathway", "territory"} and callable(getter):
        return getter(identifier) is not None
    return True

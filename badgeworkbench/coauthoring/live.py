"""One object per notebook for a framework that other notebooks edit at the same time.

:class:`SharedFramework` ties together what a notebook needs: the framework being edited
with undo/redo (:class:`~badgeworkbench.coauthoring.history.EditSession`), saving with
:func:`~badgeworkbench.coauthoring.sync.save_with_merge`, and a watcher that brings in other
partners' saves as they happen — merged with our unsaved edits when they touch different
fields, or kept as conflicts for the person to decide.

.. code-block:: python

    shared = SharedFramework("frameworks/atelier", Author("mission-locale", "Awa"))
    shared.apply(update_item(shared.framework, "badge", "cuisine", votes=3))
    shared.save()              # merged with the others' saves when needed
    shared.conflicts           # what the person must decide, if anything
    shared.resolve({...})      # decide, then save again
    shared.close()
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping
from typing import Any

from ..edit import Author
from ..errors import BadgeWorkbenchError
from ..files import OpenedFramework, read_framework
from ..model import Framework
from .history import EditSession, author_of
from .merge import Conflict, MergeResult, merge, resolve
from .sync import SaveOutcome, Watcher, ensure_readable, recover, save_with_merge

__all__ = ["PendingConflicts", "SharedFramework"]


class PendingConflicts(BadgeWorkbenchError):
    """A save was asked for while conflicts with another partner's save are still to be decided."""

    def __init__(self, conflicts: list[Conflict]):
        self.conflicts = conflicts
        listed = ", ".join(c.id for c in conflicts[:5]) + (f" (+{len(conflicts) - 5})" if len(conflicts) > 5 else "")
        super().__init__(
            f"{len(conflicts)} conflict(s) with another partner's save must be decided first: {listed}. "
            "Use .resolve({conflict_id: 'ours' | 'theirs' | 'base'}) and save again."
        )


class SharedFramework:
    """The framework in ``path`` as edited from this notebook, kept in step with the other notebooks.

    ``framework`` is the current value (our edits included); ``conflicts`` lists what must be
    decided before the next save; ``recovery`` says whether an interrupted save was found when
    opening; ``on_change(shared)`` is called (from the watcher's thread) whenever another
    partner's save was brought in.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        author: Author | str | tuple[str | None, str | None] | None = None,
        *,
        watch: bool = True,
        interval: float = 0.5,
        on_change: Callable[[SharedFramework], None] | None = None,
    ):
        self.path = path
        self.author = author_of(author)
        self.on_change = on_change
        self.recovery = recover(path)
        opened = read_framework(path)
        self.report = opened.report
        self._lock = threading.RLock()
        self._base = opened.framework
        self._snapshot = opened.snapshot
        self._session = EditSession(opened.framework)
        self._pending: MergeResult | None = None
        self._pending_base: Framework | None = None
        self.last_outcome: SaveOutcome | None = None
        self.watcher: Watcher | None = None
        if watch:
            self.watcher = Watcher(path, opened.snapshot, self._brought_in, interval).start()

    # --- state ---------------------------------------------------------------------------------

    @property
    def framework(self) -> Framework:
        with self._lock:
            return self._session.current

    @property
    def conflicts(self) -> list[Conflict]:
        with self._lock:
            return list(self._pending.conflicts) if self._pending else []

    @property
    def unsaved(self) -> bool:
        """True when there are edits not saved yet."""
        with self._lock:
            return self._session.current != self._base

    # --- editing -------------------------------------------------------------------------------

    def apply(self, framework: Framework) -> Framework:
        """Make ``framework`` (an edit of :attr:`framework`) the current value; undoable."""
        with self._lock:
            return self._session.apply(framework)

    def edit(self, change: Callable[..., Framework], *args: Any, **kwargs: Any) -> Framework:
        """Apply ``change(framework, *args, **kwargs)``, e.g. ``shared.edit(vote, "badge", "cuisine")``."""
        with self._lock:
            return self._session.apply(change(self._session.current, *args, **kwargs))

    def undo(self) -> Framework:
        with self._lock:
            return self._session.undo()

    def redo(self) -> Framework:
        with self._lock:
            return self._session.redo()

    # --- saving --------------------------------------------------------------------------------

    def save(self) -> SaveOutcome:
        """Save our edits, merged with the others' saves; :attr:`conflicts` lists what to decide if it could not."""
        with self._lock:
            if self._pending is not None:
                raise PendingConflicts(self._pending.conflicts)
            outcome = save_with_merge(self.path, self._session.current, self._snapshot, self._base, self.author)
            self.last_outcome = outcome
            if outcome.saved:
                self._base = outcome.framework
                self._snapshot = outcome.snapshot
                self._session.rebase(outcome.framework)
                if self.watcher is not None:
                    self.watcher.acknowledge(outcome.snapshot)
            else:
                self._pending = outcome.merge_result
                self._pending_base = outcome.base
                self._snapshot = outcome.snapshot
                if self.watcher is not None:
                    self.watcher.acknowledge(outcome.snapshot)
            return outcome

    def resolve(self, choices: Mapping[str, Any] | None = None, *, default: str | None = None) -> Framework:
        """Decide the pending conflicts (see :func:`~badgeworkbench.coauthoring.merge.resolve`); then :meth:`save`.

        The merge is made again with our current edits, so edits made since the conflict was
        found are kept.
        """
        with self._lock:
            if self._pending is None or self._pending_base is None:
                return self._session.current
            result = merge(self._base, self._session.current, self._pending_base)
            ids = {c.id for c in result.conflicts}
            decided = resolve(result, {k: v for k, v in (choices or {}).items() if k in ids}, default=default)
            self._session.apply(decided)
            self._base = self._pending_base
            self._pending = self._pending_base = None
            return decided

    def close(self) -> None:
        """Stop watching the folder."""
        if self.watcher is not None:
            self.watcher.stop()

    def __enter__(self) -> SharedFramework:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- others' saves -------------------------------------------------------------------------

    def _brought_in(self, opened: OpenedFramework) -> None:
        """Another partner saved: take their framework, keeping our unsaved edits."""
        ensure_readable(opened, self.path)  # a broken file is reported in watcher.errors, nothing is merged
        with self._lock:
            theirs = opened.framework
            ours = self._session.current
            merged = MergeResult(theirs, []) if ours == self._base else merge(self._base, ours, theirs)
            self._snapshot = opened.snapshot
            self.report = opened.report
            if merged.conflicts:
                self._pending, self._pending_base = merged, theirs
            else:
                self._pending = self._pending_base = None
                self._base = theirs
                self._session.rebase(merged.framework)
        if self.on_change is not None:
            self.on_change(self)

"""Co-authoring between partners: change log, undo/redo, named versions, merge, concurrent editing.

- :mod:`.history`: ``record_save``, ``read_log``, ``EditSession`` (undo/redo).
- :mod:`.versions`: ``tag``, ``list_versions``, ``load_version``, ``compare_versions``, ``new_badge_version``.
- :mod:`.merge`: ``merge(base, ours, theirs)``, ``resolve(result, choices)``.
- :mod:`.sync`: ``save_with_merge``, ``watch``, ``recover``.
- :mod:`.live`: ``SharedFramework``, all of the above for one notebook.
- :mod:`.mergefile`: the git merge driver for one framework file.
- :mod:`.decide`: ``conflicts_table`` and the ``ConflictChooser`` widget, to decide conflicts in a notebook.

Comparing two frameworks is :func:`badgeworkbench.diff.compare`.
"""

from __future__ import annotations

from .history import EditSession, LogEntry, NothingToRedo, NothingToUndo, read_log, record_save
from .live import PendingConflicts, SharedFramework
from .merge import Conflict, MergeError, MergeResult, UnresolvedConflicts, merge, resolve
from .sync import FrameworkNeedsRepair, Recovery, SaveOutcome, Watcher, recover, save_with_merge, watch
from .versions import (
    NamedVersion,
    VersionError,
    compare_versions,
    list_versions,
    load_version,
    new_badge_version,
    tag,
)

__all__ = [
    "Conflict",
    "EditSession",
    "FrameworkNeedsRepair",
    "LogEntry",
    "MergeError",
    "MergeResult",
    "NamedVersion",
    "NothingToRedo",
    "NothingToUndo",
    "PendingConflicts",
    "Recovery",
    "SaveOutcome",
    "SharedFramework",
    "UnresolvedConflicts",
    "VersionError",
    "Watcher",
    "compare_versions",
    "list_versions",
    "load_version",
    "merge",
    "new_badge_version",
    "read_log",
    "record_save",
    "recover",
    "resolve",
    "save_with_merge",
    "tag",
    "watch",
]

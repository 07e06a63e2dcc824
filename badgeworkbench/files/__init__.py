"""Reading and writing a framework folder, ``frameworks/<slug>/``.

The folder is laid out so that partners editing different things touch different files::

    framework.yaml            id, titles, version, languages, badge levels, territories
    partners.yaml             the partners
    competencies/<root>.yaml  one file per top-level competency, holding its whole subtree
    badges/<badge-id>.yaml    one file per badge (requirements included)
    pathways/<id>.yaml        one file per pathway
    relations.yaml            typed relations between competencies, one per line
    layout.yaml               positions of badges in the constellation picture

One module per job: :mod:`.folder` (file names, listing, lock), :mod:`.rendering` (model → file
text), :mod:`.reading` (files → model and report), :mod:`.saving` (atomic, compare-and-swap
saves), :mod:`.journal` (finishing an interrupted save), :mod:`.snapshot` (what a read knew).

Guarantees: a save never rewrites or deletes a file whose content it did not fully load, never
writes through or replaces a symbolic link, and never follows a path out of the folder — it
raises :class:`~badgeworkbench.errors.FrameworkNeedsRepair` instead, writing nothing.
"""

from __future__ import annotations

from .folder import FRAMEWORK_FILE, MAX_FILE_BYTES, is_framework_folder
from .reading import changed_on_disk, load_framework, read_framework
from .rendering import competency_roots, framework_files
from .saving import save_framework
from .snapshot import OpenedFramework, Snapshot

__all__ = [
    "FRAMEWORK_FILE",
    "MAX_FILE_BYTES",
    "OpenedFramework",
    "Snapshot",
    "changed_on_disk",
    "competency_roots",
    "framework_files",
    "is_framework_folder",
    "load_framework",
    "read_framework",
    "save_framework",
]

"""The ``badgeworkbench`` command: a thin skin over the library.

Each command module in this package (``spine.py``, ``openbadges.py``…) adds its commands to
:data:`main` when imported; every module here is imported, so a new module needs no registration.
"""

from __future__ import annotations

import importlib
import pkgutil

from ._app import main, run

__all__ = ["main", "run"]

for _module in pkgutil.iter_modules(__path__):
    if not _module.name.startswith("_"):
        importlib.import_module(f"{__name__}.{_module.name}")

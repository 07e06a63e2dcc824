"""Features that live in other parts of the package and may not be installed yet.

Panels ask here for the function they need; ``None`` means the feature has not landed, and
the panel says so in plain words instead of failing (the notebook still runs).

>>> optional("badgeworkbench.model", "text") is not None
True
>>> optional("badgeworkbench.no_such_module", "anything") is None
True
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["badge_preview", "coauthoring_merge", "optional"]


def optional(module: str, attribute: str) -> Any:
    """``module.attribute`` when that module exists and defines it, else ``None``."""
    try:
        loaded = importlib.import_module(module)
    except ModuleNotFoundError as error:
        # Only "this feature is not there" is expected; a broken module must still fail loudly.
        if error.name and module.startswith(error.name):
            return None
        raise
    return getattr(loaded, attribute, None)


def badge_preview() -> Any:
    """``badgeworkbench.images.preview(framework, badge)``, or ``None`` until the images module lands."""
    return optional("badgeworkbench.images", "preview")


def coauthoring_merge() -> Any:
    """A three-way merge ``merge(base, mine, theirs)`` from ``badgeworkbench.coauthoring``, if it exists."""
    return optional("badgeworkbench.coauthoring", "merge")

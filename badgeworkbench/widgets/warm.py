"""Imported when a workbench kernel starts (see :mod:`badgeworkbench.widgets.lab_settings`): the
panels' modules and the libraries under them are loaded while the notebook opens, so that *Run All*
only builds the panel. Loading them takes about a second of a 2-core machine; without this module the
first cell pays it after the click.

Nothing here may stop a kernel from starting: a failed import is left for the notebook's own cell,
which then says what is wrong.
"""

from __future__ import annotations

import contextlib
import importlib

__all__ = ["warm"]

#: Every panel module (each imports ipywidgets, the library and what it draws with).
MODULES = ("badgeworkbench.widgets.start", "badgeworkbench.widgets.workshop", "badgeworkbench.widgets.framework",
           "badgeworkbench.widgets.badges", "badgeworkbench.widgets.constellation", "badgeworkbench.widgets.analysis",
           "badgeworkbench.widgets.export", "badgeworkbench.widgets.materials",
           "badgeworkbench.widgets.verify")  # fmt: skip


def warm() -> None:
    """Import the panels' modules and load the badge images' fonts (errors are ignored here, the
    notebook's cell reports them)."""
    for name in MODULES:
        with contextlib.suppress(Exception):
            importlib.import_module(name)
    with contextlib.suppress(Exception):  # the fonts: ~0.35 s, else paid by the badge designer's build
        from ..images import preview
        from ..model import Badge, Framework

        preview(Framework(id="warm-up", badges=[Badge(id="a")]), "a")


warm()

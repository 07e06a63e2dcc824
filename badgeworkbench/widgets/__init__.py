"""The workbench in JupyterLab: one state object for the open framework, and panels that observe it.

In a notebook::

    from badgeworkbench.widgets import open_workbench, WorkshopPanel
    state = open_workbench()          # $BADGEWORKBENCH_FRAMEWORK, else the bundled example
    WorkshopPanel(state)

Every panel edits through :class:`WorkbenchState`, which checks and saves each change safely.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .state import ENV_FRAMEWORK, WorkbenchState, framework_from_environment

__all__ = [
    "ENV_FRAMEWORK",
    "AnalysisPanel",
    "BadgeDesigner",
    "ConstellationGraph",
    "ConstellationPanel",
    "ExportPanel",
    "FrameworkPanel",
    "MaterialsPanel",
    "StartPanel",
    "VerifyPanel",
    "WorkbenchState",
    "WorkshopPanel",
    "framework_from_environment",
    "open_workbench",
]  # fmt: skip

_PANELS = {
    "StartPanel": ".start", "WorkshopPanel": ".workshop", "FrameworkPanel": ".framework",
    "BadgeDesigner": ".badges", "ConstellationPanel": ".constellation", "AnalysisPanel": ".analysis",
    "ExportPanel": ".export", "MaterialsPanel": ".materials", "ConstellationGraph": ".graph",
    "VerifyPanel": ".verify",
}  # fmt: skip


#: The states opened in this kernel, one per framework folder (see :func:`open_workbench`).
_OPEN: dict[Path, WorkbenchState] = {}


def open_workbench(
    path: str | os.PathLike[str] | None = None, language: str = "fr", poll: float | None = 3.0,
    *, shared: bool = True,
) -> WorkbenchState:  # fmt: skip
    """Open the framework at ``path`` (default: ``$BADGEWORKBENCH_FRAMEWORK``, else the example).

    With ``poll`` (seconds), a background thread notices other partners' saves. Notebooks sharing a
    kernel share one state per framework folder (``shared``): an edit in one panel shows at once in
    the others, the folder is read once, and one thread watches it. ``shared=False`` opens a new one.
    """
    folder = (framework_from_environment() if path is None else Path(path)).resolve()
    state = _OPEN.get(folder) if shared else None
    if state is None or state.framework is None:
        state = WorkbenchState.open(folder, language=language)
        if shared:
            _OPEN[folder] = state
    if poll:
        state.start_polling(poll)
    return state


def __getattr__(name: str) -> Any:
    # Panels import ipywidgets and pandas; load each only when a notebook asks for it.
    if name in _PANELS:
        import importlib

        return getattr(importlib.import_module(_PANELS[name], __name__), name)
    raise AttributeError(name)

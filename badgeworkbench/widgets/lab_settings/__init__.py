"""JupyterLab settings defaults for the workbench, given to JupyterLab as its application settings
folder (``--LabApp.app_settings_dir``): ``overrides.json`` turns off the "Would you like to get
notified about official Jupyter news?" toast (and the update check), which would otherwise cover
the panels on a projector and ask for the network. A person's own settings still win.

The Python kernels JupyterLab starts load the workbench while a notebook opens
(:class:`~badgeworkbench.widgets.lab_settings.kernels.WorkbenchKernelSpecManager`), so that *Run All*
only builds the panel, and the notebooks share one kernel
(:class:`~badgeworkbench.widgets.lab_settings.sessions.SharedKernelSessionManager`).
"""

from pathlib import Path

__all__ = ["LAB_SETTINGS_DIR", "lab_arguments"]

#: The folder to pass as ``--LabApp.app_settings_dir``.
LAB_SETTINGS_DIR = Path(__file__).resolve().parent


def lab_arguments() -> list[str]:
    """Command-line arguments for ``python -m jupyterlab`` that apply these settings.

    >>> lab_arguments()[0].startswith("--LabApp.app_settings_dir=")
    True
    """
    return [
        f"--LabApp.app_settings_dir={LAB_SETTINGS_DIR}",
        "--LabApp.news_url=",
        f"--ServerApp.kernel_spec_manager_class={__name__}.kernels.WorkbenchKernelSpecManager",
        f"--ServerApp.session_manager_class={__name__}.sessions.SharedKernelSessionManager",
    ]

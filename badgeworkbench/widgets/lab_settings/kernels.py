"""The kernels JupyterLab starts for the workbench: the usual Python kernel, which also loads the
workbench while the notebook opens (:mod:`badgeworkbench.widgets.warm`), so that *Run All* only
builds the panel.

JupyterLab is given this manager with ``--ServerApp.kernel_spec_manager_class`` (see
:func:`badgeworkbench.widgets.lab_settings.lab_arguments`); other kernels are left as they are.
"""

from __future__ import annotations

from jupyter_client.kernelspec import NATIVE_KERNEL_NAME, KernelSpec, KernelSpecManager

__all__ = ["WARM_ARGUMENT", "WorkbenchKernelSpecManager"]

#: Added to the Python kernel's command line: IPython runs it before the kernel says it is ready.
WARM_ARGUMENT = "--IPKernelApp.exec_lines=import badgeworkbench.widgets.warm"


class WorkbenchKernelSpecManager(KernelSpecManager):
    """The Python kernel's spec, with the workbench loaded at start."""

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        spec = super().get_kernel_spec(kernel_name)
        if kernel_name == NATIVE_KERNEL_NAME and WARM_ARGUMENT not in spec.argv:
            spec.argv = [*spec.argv, WARM_ARGUMENT]
        return spec

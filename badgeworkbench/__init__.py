"""Badge Workbench: co-design Open Badge frameworks, constellations and pathways in Jupyter.

The spine that everything else calls:

- :mod:`badgeworkbench.model` — partners, competencies, badges, relations, requirements, pathways;
- :mod:`badgeworkbench.files` — reading and safely saving ``frameworks/<slug>/`` folders;
- :mod:`badgeworkbench.check` — every problem at once, as a :class:`~badgeworkbench.report.Report`;
- :mod:`badgeworkbench.graph` and :mod:`badgeworkbench.tables` — networkx graphs and pandas tables.

The names below are imported when first used, not with the package: ``badgeworkbench --version``
then starts without building the pydantic models or importing networkx.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .check import check
    from .errors import BadgeWorkbenchError, FrameworkChangedOnDisk, FrameworkFileError, UnsafeIdentifier
    from .files import load_framework, read_framework, save_framework
    from .graph import from_graph, to_graph
    from .model import Badge, Competency, Framework, Partner, Pathway, Relation, Requirement
    from .report import Problem, Report, Severity
    from .workspace import EXAMPLE_FRAMEWORK, example_framework_path, new_framework, validate_folder

__version__ = "0.1.0"

__all__ = [
    "EXAMPLE_FRAMEWORK",
    "Badge",
    "BadgeWorkbenchError",
    "Competency",
    "Framework",
    "FrameworkChangedOnDisk",
    "FrameworkFileError",
    "Partner",
    "Pathway",
    "Problem",
    "Relation",
    "Report",
    "Requirement",
    "Severity",
    "UnsafeIdentifier",
    "check",
    "example_framework_path",
    "from_graph",
    "load_framework",
    "new_framework",
    "read_framework",
    "save_framework",
    "to_graph",
    "validate_folder",
]

#: The submodule of this package that defines each public name.
_EXPORTS = {
    "check": "check",
    "BadgeWorkbenchError": "errors",
    "FrameworkChangedOnDisk": "errors",
    "FrameworkFileError": "errors",
    "UnsafeIdentifier": "errors",
    "load_framework": "files",
    "read_framework": "files",
    "save_framework": "files",
    "from_graph": "graph",
    "to_graph": "graph",
    "Badge": "model",
    "Competency": "model",
    "Framework": "model",
    "Partner": "model",
    "Pathway": "model",
    "Relation": "model",
    "Requirement": "model",
    "Problem": "report",
    "Report": "report",
    "Severity": "report",
    "EXAMPLE_FRAMEWORK": "workspace",
    "example_framework_path": "workspace",
    "new_framework": "workspace",
    "validate_folder": "workspace",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # the next look-up is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


class _Package(types.ModuleType):
    """The package, whose ``check`` is the function, not the submodule of the same name.

    Importing a submodule sets it as an attribute of its package, so ``badgeworkbench.check``
    would become the module ``badgeworkbench/check.py`` as soon as anything imports it. The
    property keeps it the function, as it was when the package imported everything up front.
    """

    @property
    def check(self) -> Any:
        return self.__dict__.get("_check") or importlib.import_module(".check", __name__).check

    @check.setter
    def check(self, value: Any) -> None:
        if not isinstance(value, types.ModuleType):  # a test may still replace the function
            self.__dict__["_check"] = value

sys.modules[__name__].__class__ = _Package

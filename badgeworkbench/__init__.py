"""Badge Workbench: co-design Open Badge frameworks, constellations and pathways in Jupyter.

The spine that everything else calls:

- :mod:`badgeworkbench.model` — partners, competencies, badges, relations, requirements, pathways;
- :mod:`badgeworkbench.files` — reading and safely saving ``frameworks/<slug>/`` folders;
- :mod:`badgeworkbench.check` — every problem at once, as a :class:`~badgeworkbench.report.Report`;
- :mod:`badgeworkbench.graph` and :mod:`badgeworkbench.tables` — networkx graphs and pandas tables.
"""

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

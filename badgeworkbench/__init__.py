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
    "check", "load_framework", "read_framework", "save_framework", "to_graph", "from_graph",
    "new_framework", "validate_folder", "example_framework_path", "EXAMPLE_FRAMEWORK",
    "Framework", "Badge", "Competency", "Partner", "Pathway", "Relation", "Requirement",
    "Problem", "Report", "Severity",
    "BadgeWorkbenchError", "FrameworkFileError", "FrameworkChangedOnDisk", "UnsafeIdentifier",
]  # fmt: skip

"""Where frameworks live, creating a new one, and validating a folder in one call.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp()) / "mon-cadre"
>>> fw = new_framework(folder, "Mon cadre de compétences")
>>> fw.id, validate_folder(folder).ok
('mon-cadre', True)
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import BadgeWorkbenchError
from .files import is_framework_folder, read_framework, save_framework
from .gate import folder_report
from .ids import is_safe_id, slugify
from .model import DEFAULT_LANGUAGES, Framework, Level
from .report import Report

__all__ = ["DEFAULT_BADGE_LEVELS", "EXAMPLE_FRAMEWORK", "example_framework_path", "new_framework", "validate_folder"]

EXAMPLE_FRAMEWORK = "parcours-cvl"

#: The three badge levels most French badge frameworks use; a new framework starts with them.
DEFAULT_BADGE_LEVELS = [
    Level(id="1", name={"fr": "Découverte", "en": "Discovery"},
          descriptor={"fr": "A découvert et essayé, avec de l'aide.", "en": "Has discovered and tried, with help."}),
    Level(id="2", name={"fr": "Pratique", "en": "Practice"},
          descriptor={"fr": "Fait seul dans une situation habituelle.", "en": "Does it alone in a usual situation."}),
    Level(id="3", name={"fr": "Maîtrise", "en": "Mastery"},
          descriptor={"fr": "Fait dans des situations nouvelles et peut transmettre.",
                      "en": "Does it in new situations and can pass it on."}),
]


def example_framework_path() -> Path:
    """The example framework the package carries (``badgeworkbench/bundled/parcours-cvl``, which in a
    checkout is ``frameworks/parcours-cvl``), or the one in ``$BADGEWORKBENCH_FRAMEWORKS`` when set.

    >>> example_framework_path().name
    'parcours-cvl'
    """
    env = os.environ.get("BADGEWORKBENCH_FRAMEWORKS")
    candidates = [Path(env) / EXAMPLE_FRAMEWORK] if env else []
    candidates.append(Path(__file__).resolve().parent / "bundled" / EXAMPLE_FRAMEWORK)
    for candidate in candidates:
        if is_framework_folder(candidate):
            return candidate.resolve()
    raise BadgeWorkbenchError(
        f"The example framework '{EXAMPLE_FRAMEWORK}' was not found in {', '.join(map(str, candidates))}: "
        "this installation of badgeworkbench is incomplete; reinstall it (pip install --force-reinstall badgeworkbench).",
        fr=f"Le référentiel d'exemple « {EXAMPLE_FRAMEWORK} » est introuvable\u202f: cette installation de "
           "badgeworkbench est incomplète. Demandez à la personne qui gère l'installation de la refaire "
           "(pip install --force-reinstall badgeworkbench).",
        en=f"The example framework '{EXAMPLE_FRAMEWORK}' was not found: this installation of badgeworkbench is "
           "incomplete. Ask the person who looks after the installation to redo it "
           "(pip install --force-reinstall badgeworkbench).",
    )  # fmt: skip


def new_framework(path: str | os.PathLike[str], title: str, *, lang: str = "fr") -> Framework:
    """Create a new, valid, empty framework in the folder ``path`` (which must not hold one yet)."""
    folder = Path(path)
    if is_framework_folder(folder):
        raise BadgeWorkbenchError(
            f"{folder} already holds a framework: choose another folder, or open this one.",
            fr=f"« {folder} » contient déjà un référentiel\u202f: choisissez un autre dossier, ou ouvrez celui-ci.",
            en=f"'{folder}' already holds a framework: choose another folder, or open this one.",
        )
    if folder.exists() and any(folder.iterdir()):
        raise BadgeWorkbenchError(
            f"{folder} exists and is not empty: choose a new or empty folder.",
            fr=f"« {folder} » existe et n'est pas vide\u202f: choisissez un dossier nouveau ou vide.",
            en=f"'{folder}' exists and is not empty: choose a new or empty folder.",
        )
    identifier = folder.name if is_safe_id(folder.name) else slugify(title)
    languages = [lang, *[code for code in DEFAULT_LANGUAGES if code != lang]]
    framework = Framework(id=identifier, title={lang: title}, languages=languages, badge_levels=DEFAULT_BADGE_LEVELS)
    save_framework(framework, folder)
    return framework


def validate_folder(path: str | os.PathLike[str]) -> Report:
    """The publishing gate's report for the folder (:func:`badgeworkbench.gate.folder_report`): problems met
    reading it (as errors), then every problem :func:`~badgeworkbench.check.check` finds, with files and lines."""
    return folder_report(read_framework(path))

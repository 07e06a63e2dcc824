"""Exceptions named for the situation. Each carries a sentence that says what to do next.

The CLI and the widgets show ``str(error)`` to people; a traceback only appears with ``--debug``.
"""

from __future__ import annotations

__all__ = [
    "BadgeWorkbenchError",
    "FrameworkChangedOnDisk",
    "FrameworkFileError",
    "FrameworkNeedsRepair",
    "IdentifierCaseCollision",
    "PathOutsideFolder",
    "UnknownItem",
    "UnsafeIdentifier",
    "kind_fr",
]


class BadgeWorkbenchError(Exception):
    """Base of every error this package raises on purpose (bad input, refused operations).

    ``str(error)`` is the sentence the CLI prints. An error that the workbench's panels show may also
    carry ``messages``, the sentence in each language for a person in a panel (what to choose or click
    there, not which file to edit); :meth:`text` gives it, else ``str(error)``.
    """

    exit_code = 1
    messages: dict[str, str] = {}  # noqa: RUF012 - replaced per instance, never mutated

    def __init__(self, *args: object, fr: str = "", en: str = ""):
        super().__init__(*args)
        if fr or en:
            self.messages = {lang: sentence for lang, sentence in (("fr", fr), ("en", en)) if sentence}

    def text(self, lang: str = "en") -> str:
        """The sentence for a panel in ``lang`` (``fr`` or ``en``), else the CLI's sentence."""
        return self.messages.get(lang) or str(self)


class FrameworkFileError(BadgeWorkbenchError):
    """A framework folder or file cannot be read at all."""

    exit_code = 2

    def __init__(self, message: str, file: str | None = None, line: int | None = None, *, fr: str = "",
                 en: str = ""):  # fmt: skip
        self.file, self.line = file, line
        super().__init__(message, fr=fr, en=en)


class FrameworkChangedOnDisk(BadgeWorkbenchError):
    """A save was refused because someone else changed the same files since they were loaded."""

    def __init__(self, folder: str, files: list[str]):
        self.folder, self.files = folder, files
        listed = ", ".join(files[:5]) + (f" (+{len(files) - 5})" if len(files) > 5 else "")
        super().__init__(
            f"{folder}: {listed} changed on disk since the framework was loaded (another partner "
            "saved?). Nothing was written. Reload the framework, or merge your changes with theirs, "
            "then save again."
        )


class FrameworkNeedsRepair(BadgeWorkbenchError):
    """A save would rewrite or delete a file whose content it did not fully load, and so lose it.

    Raised by :func:`~badgeworkbench.files.save_framework` (so by ``fmt``, ``save_with_merge`` and
    the widgets' autosave): ``problems`` holds one sentence per file, naming it (and its line) and
    what to do. Nothing was written.
    """

    def __init__(self, folder: str, problems: list[str], *, edits_kept: bool = False):
        self.folder, self.problems = folder, problems
        listed = "; ".join(p.rstrip(". ") for p in problems[:5]) + (
            f" (+{len(problems) - 5} more)" if len(problems) > 5 else "")
        kept = " Your edits are still in this notebook." if edits_kept else ""
        super().__init__(
            f"{folder}: nothing was written, because the framework needs repair — some of its files are unreadable "
            f"or did not fully load, and rewriting them would lose what they hold: {listed}.{kept} Fix these files "
            "(or restore them from history/versions/), then try again."
        )


class PathOutsideFolder(BadgeWorkbenchError):
    """A path named by a file or an argument leads outside the folder it must stay in.

    ``reason`` says why: an absolute path, a ``..`` part, or a symbolic link on the way.
    """

    def __init__(self, folder: str, path: str, reason: str, *, link: str | None = None):
        self.folder, self.path, self.reason, self.link = folder, path, reason, link
        if link is not None:
            fr = (f"« {link} » est un lien symbolique dans le dossier du référentiel\u202f: « {path} » n'a été ni lu ni "
                  "écrit à travers lui, et rien n'a changé hors du dossier. Demandez à la personne qui gère les "
                  "fichiers de remplacer ce lien par le dossier ou le fichier lui-même, puis recommencez.")
            en = (f"'{link}' is a symbolic link in the framework folder: '{path}' was neither read nor written "
                  "through it, and nothing changed outside the folder. Ask the person who looks after the files to "
                  "replace the link by the folder or file itself, then try again.")
        else:
            fr = (f"« {path} » n'est pas un chemin dans le dossier du référentiel\u202f: il a été refusé, et rien n'a "
                  "changé hors du dossier. Donnez un chemin dans le dossier, comme « images/logo.png ».")
            en = (f"'{path}' is not a path inside the framework folder: it was refused, and nothing changed outside "
                  "the folder. Give a path inside the folder, such as 'images/logo.png'.")
        super().__init__(f"{path!r} {reason}: it was refused, and nothing outside {folder} was read or changed.",
                         fr=fr, en=en)


class IdentifierCaseCollision(BadgeWorkbenchError):
    """Two ids of one kind differ only by case: on Windows and macOS their files would be one."""

    def __init__(self, first: str, second: str, files: tuple[str, str] | None = None):
        self.first, self.second, self.files = first, second, files
        where = f" (files {files[0]} and {files[1]})" if files else ""
        super().__init__(
            f"{first} and {second} differ only by upper/lower case{where}: on Windows and macOS they would be "
            "one file, and one would overwrite the other. Nothing was written; rename one of the two, then save again."
        )


class UnsafeIdentifier(BadgeWorkbenchError):
    """An id that cannot be used in a file name or a URL."""

    def __init__(self, item: str, identifier: str):
        self.item, self.identifier = item, identifier
        super().__init__(
            f"{item}: the id {identifier!r} cannot be used in file names and URLs. Use lower-case "
            "letters, digits, '-', '_' or '.', starting with a letter or digit (e.g. 'cuisine-niveau-1')."
        )


#: The kinds of item as the panels name them in French (with the article a sentence needs).
KIND_NAMES_FR = {
    "badge": ("badge", "le badge", "un badge"), "competency": ("compétence", "la compétence", "une compétence"),
    "partner": ("partenaire", "le partenaire", "un partenaire"), "pathway": ("parcours", "le parcours", "un parcours"),
    "territory": ("territoire", "le territoire", "un territoire"), "level": ("niveau", "le niveau", "un niveau"),
    "relation": ("relation", "la relation", "une relation"),
    "kind of item": ("type d'élément", "le type d'élément", "un type d'élément"),
}  # fmt: skip


def kind_fr(kind: str, form: int = 0) -> str:
    """``kind`` in French: the noun (``form=0``), with *le/la* (1), with *un/une* (2)."""
    return KIND_NAMES_FR.get(kind, (kind, f"l'élément {kind}", f"un élément {kind}"))[form]


class UnknownItem(BadgeWorkbenchError):
    """An operation names an item that the framework does not have."""

    def __init__(self, kind: str, identifier: str, suggestions: list[str] | None = None):
        self.kind, self.identifier = kind, identifier
        hint = f" Did you mean {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        listed = ", ".join(f"« {s} »" for s in suggestions or [])
        hint_fr = f" Vouliez-vous dire {listed}\u202f?" if suggestions else ""
        super().__init__(
            f"There is no {kind} with the id {identifier!r}.{hint}",
            fr=f"Ce référentiel n'a pas de {kind_fr(kind)} « {identifier} » (supprimé entre-temps par un autre "
               f"partenaire\u202f?).{hint_fr} Choisissez un élément présent dans la liste du panneau.",
            en=f"This framework has no {kind} '{identifier}' (removed meanwhile by another partner?).{hint} "
               "Pick one from the panel's list.",
        )  # fmt: skip

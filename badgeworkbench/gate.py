"""The publishing gate: one report that ``validate``, the workbench's "Vérifier", ``export``, ``award`` and
``materials`` share, so that what one accepts the others accept.

A framework may be published (exported, awarded, printed) only when :func:`folder_report` holds no
error. Its errors are everything :func:`~badgeworkbench.check.check` finds (unsafe links, invisible
characters in ids, prerequisite cycles, texts over :data:`~badgeworkbench.check.MAX_TEXT_LENGTH`,
adopted badges without a known issuer…), plus what only the folder shows: files that could not be
fully read (every reading problem is an error here: an item left out of a file would be left out of
what is published), file names holding invisible characters, and uploaded badge images an export could
not use (outside the folder, unreadable, neither PNG nor SVG). ``validate`` prints this report and
exits 1 on an error; ``export`` and ``award`` refuse with :class:`PublishingBlocked`, which lists the same
problems with the same codes.

Printed workshop materials are made while a framework is still being designed: a badge without
criteria yet is what a canvas is for. So ``materials`` refuses only the errors that would make the
print unsafe or incomplete (:func:`printing_report`: files not fully read, and :data:`UNSAFE`), with the
same codes and sentences; everything ``export`` accepts, it accepts too.

>>> from badgeworkbench.model import Framework, Partner
>>> report = framework_report(Framework(id="demo", partners=[Partner(id="a", url="javascript:alert(1)")]))
>>> [p.code for p in report.errors]
['unsafe-url']
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

from .check import check, invisible_problem
from .errors import BadgeWorkbenchError, PathOutsideFolder
from .files import OpenedFramework, read_framework
from .imageformat import sniff_image_format
from .model import Framework
from .paths import inside
from .report import Problem, Report, Severity

__all__ = ["UNSAFE", "PublishingBlocked", "folder_report", "framework_report", "open_publishable", "printing_report",
           "reading_problems", "require_publishable"]

#: Reading problems that lose nothing: the item was read in full (only its file name differs from its id).
_HARMLESS_READING = frozenset({"id-file-mismatch"})
#: Problems that make anything made from the framework unsafe, whatever it is for (links that would run,
#: names that pass for others, texts no page can hold, files from outside the framework).
UNSAFE = frozenset({"unsafe-url", "invisible-character", "unsafe-id", "text-too-long", "control-character",
                    "unsafe-path"})
#: At most this many problems are named in the refusal; ``validate`` lists them all.
_NAMED = 12


class PublishingBlocked(BadgeWorkbenchError):
    """The framework holds problems that block publishing; ``report`` holds them (errors only).

    ``str()`` is the command line's sentence (codes, files and lines); :meth:`text` is a panel's, in French
    or English, naming each problem as "Vérifier" lists it; :meth:`problems` gives them to list with a jump
    to each item.
    """

    _WHAT: ClassVar[dict[str, tuple[str, str]]] = {"export": ("Export", "Export"), "award": ("Attribution", "Awarding"),
             "materials": ("Impression", "Printing"), "printing the materials": ("Impression", "Printing"), "publishing": ("Publication", "Publishing")}

    def __init__(self, report: Report, what: str = "publishing"):
        self.report = report
        errors = report.errors
        lines = [f"  {p.code}  {p.location()}  {p.text('en')}" for p in errors[:_NAMED]]
        if len(errors) > _NAMED:
            lines.append(f"  … and {len(errors) - _NAMED} more.")
        super().__init__(
            f"{what} refused: {len(errors)} problem(s) block publishing; nothing was written. Fix them "
            "('badgeworkbench validate' lists the same ones, with files and lines):\n" + "\n".join(lines)
        )
        fr_what, en_what = self._WHAT.get(what.lower(), (what, what))
        named = {lang: " ".join(f"• {p.text(lang)}" for p in errors[:_NAMED]) for lang in ("fr", "en")}
        more = len(errors) - _NAMED
        self.messages = {
            "fr": f"{fr_what} refusé(e)\u202f: {len(errors)} problème(s) empêchent la publication, rien n’a été "
                  f"écrit. Choisissez chacun dans la liste pour aller à l’élément et le corriger. {named['fr']}"
                  + (f" … et {more} autre(s)." if more > 0 else ""),
            "en": f"{en_what} refused: {len(errors)} problem(s) block publishing; nothing was written. Choose each "
                  f"one in the list to go to the item and fix it. {named['en']}"
                  + (f" … and {more} more." if more > 0 else ""),
        }  # fmt: skip

    def problems(self) -> list[Problem]:
        """The problems that blocked publishing (the ones "Vérifier" lists)."""
        return list(self.report.errors)


def framework_report(framework: Framework) -> Report:
    """Every problem of a framework already in memory (its files' problems are not known here)."""
    return check(framework)


def reading_problems(opened: OpenedFramework) -> Report:
    """What reading the folder left out or could not take in full, each as an error naming its file and line
    (a file name holding an invisible character too)."""
    return Report(_reading_problems(opened)).located(opened.snapshot.locate)


def _reading_problems(opened: OpenedFramework) -> list[Problem]:
    out = [
        p if p.severity == Severity.ERROR or p.code in _HARMLESS_READING else replace(p, severity=Severity.ERROR)
        for p in opened.report
    ]
    for relpath in sorted(opened.snapshot.digests):
        name = relpath.rsplit("/", 1)[-1]
        problem = invisible_problem(name, None, None, "Le nom de fichier", "The file name")
        if problem is not None:
            out.append(replace(problem, file=relpath))
    return out


def _upload_problems(opened: OpenedFramework) -> list[Problem]:
    """Badge images uploaded beside the framework that an export could not use: outside the folder, unreadable,
    or neither PNG nor SVG (Open Badges allows only those)."""
    folder = Path(opened.snapshot.folder).resolve()
    out = []
    for badge in opened.framework.badges:
        upload = badge.image.upload
        if not upload:
            continue

        def problem(code: str, fr: str, en: str, badge_id: str = badge.id) -> Problem:
            return Problem(code, Severity.ERROR, {"fr": fr, "en": en}, item=f"badge:{badge_id}", field="image.upload")

        try:
            path = inside(folder, upload)
        except PathOutsideFolder:
            out.append(problem(
                "unsafe-path",
                f"L'image « {upload} » est hors du dossier du référentiel\u202f: l'exporter publierait un fichier de "
                "cet ordinateur. Copiez-la dans le dossier du référentiel.",
                f"The image '{upload}' is outside the framework folder: exporting it would publish a file of this "
                "computer. Copy it into the framework folder."))  # fmt: skip
            continue
        try:
            with path.open("rb") as handle:
                found = sniff_image_format(handle.read(4096))
        except OSError as error:
            out.append(problem("image-unreadable", f"L'image « {upload} » ne peut pas être lue ({error.strerror}).",
                               f"The image '{upload}' cannot be read ({error.strerror})."))  # fmt: skip
            continue
        if found not in ("png", "svg"):
            out.append(problem("image-not-png-or-svg",
                               f"L'image « {upload} » est au format {found}\u202f: Open Badges n'accepte que PNG ou SVG.",
                               f"The image '{upload}' is {found}: Open Badges accepts only PNG or SVG."))  # fmt: skip
    return out


def folder_report(opened: OpenedFramework) -> Report:
    """The gate's report for a framework read from its folder: reading problems (as errors), file names, uploaded
    images, and :func:`framework_report`, each with its file and line."""
    found = Report(_reading_problems(opened) + _upload_problems(opened)) + framework_report(opened.framework)
    return found.located(opened.snapshot.locate)


def printing_report(opened: OpenedFramework | None = None, framework: Framework | None = None) -> Report:
    """The errors that block printing materials: those of :func:`folder_report` (of ``opened``, or of
    :func:`framework_report` of ``framework``) that are reading problems or :data:`UNSAFE`."""
    if opened is not None:
        reading = Report(_reading_problems(opened))
        found = (reading + Report(_upload_problems(opened)) + framework_report(opened.framework))
        found = found.located(opened.snapshot.locate)
        read_codes = set(reading.codes())
    else:
        assert framework is not None
        found, read_codes = framework_report(framework), set()
    return Report([p for p in found.errors if p.code in UNSAFE or p.code in read_codes])


def require_publishable(report: Report, what: str = "publishing") -> None:
    """Raise :class:`PublishingBlocked` when ``report`` holds an error."""
    if report.errors:
        raise PublishingBlocked(Report(report.errors), what)


def open_publishable(path: str | os.PathLike[str], what: str = "publishing") -> tuple[OpenedFramework, Report]:
    """Read the framework in ``path`` and pass it through the gate: the opened framework and the gate's report
    (warnings only), or :class:`PublishingBlocked` naming every problem that blocks it."""
    opened = read_framework(path)
    report = folder_report(opened)
    require_publishable(report, what)
    return opened, report

"""Checking every badge image of a framework: bad settings and readable contrast, in one report."""

from __future__ import annotations

from pathlib import Path

from ..model import Framework
from ..report import Problem, Report, Severity
from .colours import AA_LARGE_TEXT, AA_NORMAL_TEXT, contrast_ratio, readable_text_colour
from .design import ResolvedDesign, resolve_design
from .render import text_blocks
from .text import french_spacing

__all__ = ["check_images", "contrast_problems", "truncation_problems"]


def _fr(text: str) -> str:
    return french_spacing(text)


def contrast_problems(design: ResolvedDesign) -> list[Problem]:
    """Text on its background below WCAG AA (4.5:1): the figure, and a text colour that reaches it.

    Below 3:1 — unreadable even for large bold text — it is an error; from 3 to 4.5 a warning.
    The title, the subtitle, the pictogram and the issuer's mark all use the same two colours,
    so one check covers them all.
    """
    ratio = contrast_ratio(design.foreground, design.background)
    if ratio >= AA_NORMAL_TEXT:
        return []
    fix = readable_text_colour(design.foreground, design.background, AA_NORMAL_TEXT)
    fixed = contrast_ratio(fix, design.background)
    severity = Severity.ERROR if ratio < AA_LARGE_TEXT else Severity.WARNING
    figure = f"{ratio:.2f}:1"
    return [
        Problem(
            "image-low-contrast",
            severity,
            {
                "fr": _fr(
                    f"Badge « {design.badge_id} » : contraste du texte {design.foreground} sur le fond "
                    f"{design.background} de {figure.replace(':', ' : ').replace('.', ',')}, sous le minimum de 4,5 : 1 (WCAG AA)."
                ),
                "en": f"Badge '{design.badge_id}': text {design.foreground} on background {design.background} has a "
                f"contrast of {figure}, below the 4.5:1 minimum (WCAG AA).",
            },
            item=f"badge:{design.badge_id}",
            field="image.foreground",
            hint={
                "fr": _fr(f"Proposition : texte {fix} (contraste {f'{fixed:.2f}'.replace('.', ',')} : 1)."),
                "en": f"Proposed fix: text colour {fix} (contrast {fixed:.2f}:1).",
            },
        )
    ]


def truncation_problems(design: ResolvedDesign) -> list[Problem]:
    """A title or subtitle so long that, at the smallest size, it had to end with "…"."""
    problems = []
    for placed in text_blocks(design, 512):
        if placed.block.truncated and placed.role in ("title", "subtitle"):
            problems.append(
                Problem(
                    "image-text-truncated",
                    Severity.WARNING,
                    {
                        "fr": _fr(
                            f"Badge « {design.badge_id} » : le {'titre' if placed.role == 'title' else 'sous-titre'} "
                            "est trop long pour l’image et finit par « … »."
                        ),
                        "en": f"Badge '{design.badge_id}': the {placed.role} is too long for the image and ends with '…'.",
                    },
                    item=f"badge:{design.badge_id}",
                    field=f"image.{placed.role}",
                    hint={
                        "fr": _fr(
                            f"Donnez un {'titre' if placed.role == 'title' else 'sous-titre'} plus court pour l’image (image.{placed.role})."
                        ),
                        "en": f"Give the image a shorter {placed.role} (image.{placed.role}).",
                    },
                )
            )
    return problems


def check_images(framework: Framework, *, folder: str | Path | None = None, lang: str | None = None) -> Report:
    """Every problem with the framework's badge images: unknown shapes, pictograms, palettes and borders,
    colours that are not colours, refused uploads, text contrast below 4.5:1 (with a fix), and titles
    too long to fit even at the smallest size.

    ``folder`` is the framework folder, needed to check uploaded images.
    """
    problems: list[Problem] = []
    for badge in framework.badges:
        design = resolve_design(framework, badge, lang=lang, folder=folder)
        problems.extend(design.problems)
        problems.extend(contrast_problems(design))
        problems.extend(truncation_problems(design))
    return Report(problems)

"""Captions (alt text) for badge images: used as the OB 3.0 image caption, in pages and in materials.

>>> from badgeworkbench.model import Badge, Framework, Partner
>>> fw = Framework(id="f", partners=[Partner(id="ml", name="Mission locale")],
...                badges=[Badge(id="b", name={"fr": "Cuisiner", "en": "Cooking"}, level="2", issuer="ml")])
>>> alt_text(fw, "b")
'Badge «\\u202fCuisiner\\u202f», niveau 2, délivré par Mission locale\\u202f: un pictogramme de cuisine sur un cercle bleu, deux étoiles.'
>>> alt_text(fw, "b", lang="en")
'Badge “Cooking”, level 2, issued by Mission locale: a cooking pictogram on a blue circle, two stars.'
"""

from __future__ import annotations

from pathlib import Path

from ..model import Badge, Framework, text
from .colours import colour_name
from .design import ResolvedDesign, _level, badge_of, resolve_design
from .palettes import PALETTES
from .pictograms import PICTOGRAMS
from .shapes import SHAPES

__all__ = ["alt_text", "alt_text_for"]

_NNBSP = "\u202f"
_STARS = {
    "fr": {1: "une étoile", 2: "deux étoiles", 3: "trois étoiles"},
    "en": {1: "one star", 2: "two stars", 3: "three stars"},
}
# Feminine shape names take feminine colour adjectives in French (une bannière verte).
_FEMININE = {"banner"}
_FEMININE_COLOURS = {"noir": "noire", "vert": "verte", "gris": "grise", "brun": "brune", "violet": "violette",
                     "blanc": "blanche", "bleu": "bleue", "bleu ciel": "bleu ciel", "bleu marine": "bleu marine"}  # fmt: skip


def alt_text(framework: Framework, badge: Badge | str, lang: str = "fr", *, folder: str | Path | None = None) -> str:
    """A one-sentence description of a badge's image, in French (``fr``) or English (``en``).

    A text written by the designer in ``Badge.image.alt`` wins over the generated one.
    """
    badge = badge_of(framework, badge)
    design = resolve_design(framework, badge, lang=lang if lang in framework.languages else None, folder=folder)
    return alt_text_for(framework, design, lang)


def alt_text_for(framework: Framework, design: ResolvedDesign, lang: str | None = None, *, svg: bool = False) -> str:
    """The caption of an already resolved design (``svg``: of its SVG, which can show an uploaded SVG)."""
    lang = "en" if (lang or design.lang) == "en" else "fr"
    written = dict(design.alt).get(lang)
    if written:
        return written
    badge = framework.badge(design.badge_id)
    name = text(badge.name, lang) if badge else design.title
    name = name or design.title
    _, level_name = _level(framework, badge, lang) if badge else (0, "")
    issuer = framework.partner(badge.issuer) if badge and badge.issuer else None
    issuer_name = (issuer.name or issuer.id) if issuer else (badge.issuer if badge else "") or ""
    shape = SHAPES[design.shape].label[lang]
    if design.origin("background") == "palette":
        colour = PALETTES[design.palette].label[lang]
    else:
        colour = colour_name(design.background, lang)
    if design.upload_kind == "png" or (design.upload_kind == "svg" and svg):
        what = {"fr": "une image personnalisée", "en": "a custom image"}[lang]
    else:
        label = PICTOGRAMS[design.pictogram].label[lang]
        if lang == "fr":
            elided = label[0].lower() in "aeiouyhéèêàâîïôœ"
            what = f"un pictogramme d’{label}" if elided else f"un pictogramme de {label}"
        else:
            what = f"{'an' if label[:1].lower() in 'aeiou' else 'a'} {label} pictogram"
    stars = _STARS[lang].get(design.stars, "")
    if lang == "fr":
        if design.shape in _FEMININE:
            colour = _FEMININE_COLOURS.get(colour, colour)
        article = "une" if design.shape in _FEMININE else "un"
        sentence = f"Badge «{_NNBSP}{name}{_NNBSP}»"
        if level_name:
            sentence += f", niveau {level_name.removeprefix('Niveau ')}"
        if issuer_name:
            sentence += f", délivré par {issuer_name}"
        sentence += f"{_NNBSP}: {what} sur {article} {shape} {colour}"
    else:
        sentence = f"Badge “{name}”"
        if level_name:
            sentence += f", level {level_name.removeprefix('Level ')}"
        if issuer_name:
            sentence += f", issued by {issuer_name}"
        article = "an" if colour[:1].lower() in "aeiou" else "a"
        sentence += f": {what} on {article} {colour} {shape}"
    if stars:
        sentence += f", {stars}"
    return sentence + "."

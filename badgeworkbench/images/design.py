"""Every image setting of a badge, filled in from the framework's data and the badge's overrides.

A constellation reads as one family without hand work:

* category → shape (competency: circle, participation: rounded square, engagement: shield,
  experiential: hexagon; the banner is there for overrides);
* the first pathway reaching the badge (by pathway id) → palette; else the badge's territory; else its issuer's
  territory; else the default palette;
* level → stars (1 to 3) and border (thin, thick, double);
* issuer → a small mark with the partner's initials;
* words of the badge (tags, name, competencies) → pictogram, else one per category.

Any setting in ``Badge.image`` overrides the default. A setting that cannot be used (an unknown
shape, a colour that is not a colour, an unreadable upload) becomes a :class:`Problem` naming
the badge and the setting, and the default is used instead, so the badge still renders.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Badge, Framework, text
from ..report import Problem, Severity
from .colours import BadColour, parse_colour
from .palettes import DEFAULT_PALETTE, PALETTES
from .pictograms import CATEGORY_PICTOGRAMS, PICTOGRAMS, pictogram_for_words
from .shapes import CATEGORY_SHAPES, SHAPES
from .text import french_spacing
from .uploads import BadUpload, Upload, read_upload

__all__ = ["BORDERS", "ResolvedDesign", "badge_of", "issuer_initials", "resolve_design"]

#: Border styles, thinnest first; levels 1, 2, 3 take thin, thick, double.
BORDERS = ("none", "thin", "thick", "double")
_LEVEL_BORDERS = {0: "thin", 1: "thin", 2: "thick", 3: "double"}


@dataclass(frozen=True)
class ResolvedDesign:
    """A badge's image with every setting decided. ``origins`` says where each setting came from
    (``override``, ``category``, ``pathway:<id>``, ``territory:<id>``, ``level``, ``words``…)."""

    badge_id: str
    lang: str
    shape: str
    palette: str
    background: str
    foreground: str
    accent: str
    pictogram: str
    title: str
    subtitle: str
    border: str
    stars: int
    mark: str
    upload: str | None = None
    upload_kind: str | None = None
    upload_digest: str | None = None
    alt: tuple[tuple[str, str], ...] = ()
    origins: tuple[tuple[str, str], ...] = ()
    problems: tuple[Problem, ...] = field(default=(), compare=False)
    upload_data: Upload | None = field(default=None, compare=False, repr=False)

    def key(self) -> str:
        """A hash of everything that changes the image (not where settings came from)."""
        data = {
            name: getattr(self, name)
            for name in (
                "lang", "shape", "background", "foreground", "accent", "pictogram", "title", "subtitle",
                "border", "stars", "mark", "upload_kind", "upload_digest",
            )
        }  # fmt: skip
        return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()

    def origin(self, setting: str) -> str:
        return dict(self.origins).get(setting, "")


def badge_of(framework: Framework, badge: Badge | str) -> Badge:
    """The badge itself, given a badge or its id."""
    if isinstance(badge, Badge):
        return badge
    found = framework.badge(badge)
    if found is None:
        from ..errors import UnknownItem

        raise UnknownItem("badge", badge, difflib.get_close_matches(badge, [b.id for b in framework.badges], n=3))
    return found


# --- look-ups built once per framework value ----------------------------------------------------

_PATHWAY_CACHE: dict[int, tuple[object, dict[str, str]]] = {}


def _first_pathway(framework: Framework) -> dict[str, str]:
    """badge id → id of the first pathway, in order of pathway id, that reaches it.

    Pathway ids, not list order, decide: a framework read back from its folder lists pathways in
    file-name order, and a badge must keep its colour across a save and a load.
    """
    source = framework.pathways
    hit = _PATHWAY_CACHE.get(id(source))
    if hit is not None and hit[0] is source:
        return hit[1]
    reached: dict[str, str] = {}
    for pathway in sorted(source, key=lambda p: p.id):
        for stage in pathway.stages:
            for badge_id in stage.badges:
                reached.setdefault(badge_id, pathway.id)
        if pathway.target:
            reached.setdefault(pathway.target, pathway.id)
    if len(_PATHWAY_CACHE) > 32:
        _PATHWAY_CACHE.clear()
    _PATHWAY_CACHE[id(source)] = (source, reached)
    return reached


def _palette_by_index(index: int) -> str:
    return list(PALETTES)[index % len(PALETTES)]


_SMALL_WORDS = frozenset("de du des la le les l d et à a au aux en pour sur the of and".split())


def issuer_initials(name: str) -> str:
    """Up to three initials of a partner's name, small words skipped; a short acronym is kept whole.

    >>> issuer_initials("Mission locale de Touraine"), issuer_initials("AFPA"), issuer_initials("Ville — Centre")
    ('MLT', 'AFPA', 'VC')
    """
    cleaned = name.replace("’", " ").replace("'", " ").replace("-", " ")
    words = [w for w in cleaned.split() if w[:1].isalnum()]
    significant = [w for w in words if w.lower() not in _SMALL_WORDS] or words
    if not significant:
        return ""
    if len(significant) == 1:
        word = significant[0]
        return word[:4] if word.isupper() else word[:3].upper()
    return "".join(w[0] for w in significant[:3]).upper()


# --- problems -----------------------------------------------------------------------------------

_FEMININE = {"forme", "palette", "bordure"}


def _fr(text: str) -> str:
    """French spacing in messages: narrow no-break spaces before : ; ? ! and inside « »."""
    return french_spacing(text)


def _problem(badge: Badge, setting: str, code: str, fr: str, en: str, hint_fr: str = "", hint_en: str = "",
             severity: Severity = Severity.ERROR) -> Problem:  # fmt: skip
    hint = {"fr": hint_fr, "en": hint_en} if hint_fr or hint_en else None
    return Problem(code, severity, {"fr": fr, "en": en}, item=f"badge:{badge.id}", field=f"image.{setting}", hint=hint)


def _listed(choices: list[str], lang: str) -> str:
    if len(choices) > 15:  # the pictograms: too many for one message
        return "Liste complète\u202f: docs/images.md." if lang == "fr" else "Full list: docs/images.md."
    return f"Possibles\u202f: {', '.join(choices)}." if lang == "fr" else f"Choices: {', '.join(choices)}."


def _unknown(badge: Badge, setting: str, code: str, value: str, choices: list[str], what_fr: str, what_en: str,
             fallback: str) -> Problem:  # fmt: skip
    close = difflib.get_close_matches(value, choices, n=3, cutoff=0.6)
    did_fr = f" Vouliez-vous dire {', '.join(close)} ?".replace(" ?", "\u202f?") if close else ""
    did_en = f" Did you mean {', '.join(close)}?" if close else ""
    return _problem(
        badge, setting, code,
        _fr(f"Badge « {badge.id} » : {what_fr} « {value} » inconnu{'e' if what_fr in _FEMININE else ''} ; la valeur par défaut « {fallback} » est utilisée à la place."),
        f"Badge '{badge.id}': unknown {what_en} '{value}'; '{fallback}' is used instead.",
        f"{did_fr} {_listed(choices, 'fr')}".strip(),
        f"{did_en} {_listed(choices, 'en')}".strip(),
    )  # fmt: skip


# --- resolution ---------------------------------------------------------------------------------


def resolve_design(
    framework: Framework, badge: Badge | str, *, lang: str | None = None, folder: str | Path | None = None
) -> ResolvedDesign:
    """Every image setting of ``badge`` decided: framework-derived defaults, then the badge's overrides.

    ``folder`` is the framework folder, needed to read an uploaded image (``image.upload``).
    Problems with the badge's settings are in ``.problems``; each faulty setting falls back to
    its default.
    """
    badge = badge_of(framework, badge)
    lang = lang or (framework.languages[0] if framework.languages else "fr")
    image = badge.image
    problems: list[Problem] = []
    origins: dict[str, str] = {}

    # Shape: the category's shape unless overridden.
    shape = CATEGORY_SHAPES.get(str(badge.category), "circle")
    origins["shape"] = "category"
    if image.shape:
        if image.shape in SHAPES:
            shape, origins["shape"] = image.shape, "override"
        else:
            problems.append(
                _unknown(badge, "shape", "image-unknown-shape", image.shape, list(SHAPES), "forme", "shape", shape)
            )

    # Palette: first pathway, else territory, else issuer's territory, else the default.
    palette_id, origins["palette"] = _default_palette(framework, badge)
    if image.palette:
        if image.palette in PALETTES:
            palette_id, origins["palette"] = image.palette, "override"
        else:
            problems.append(
                _unknown(
                    badge,
                    "palette",
                    "image-unknown-palette",
                    image.palette,
                    list(PALETTES),
                    "palette",
                    "palette",
                    palette_id,
                )
            )
    palette = PALETTES[palette_id]
    colours = {"background": palette.background, "foreground": palette.foreground, "accent": palette.accent}
    for setting in ("background", "foreground", "accent"):
        origins[setting] = "palette"
        value = getattr(image, setting)
        if not value:
            continue
        try:
            colours[setting], origins[setting] = parse_colour(value), "override"
        except BadColour:
            problems.append(
                _problem(
                    badge,
                    setting,
                    "image-bad-colour",
                    _fr(
                        f"Badge « {badge.id} » : « {value} » n’est pas une couleur ({setting}) ; "
                        f"la couleur de la palette ({colours[setting]}) est utilisée."
                    ),
                    f"Badge '{badge.id}': {value!r} is not a colour ({setting}); the palette's colour ({colours[setting]}) is used.",
                    "Écrivez-la #RRGGBB (par exemple #0072B2) ou avec un nom CSS (navy).",
                    "Write it as #RRGGBB (e.g. #0072B2) or a CSS name (navy).",
                )
            )

    # Level: stars and border.
    stars, level_name = _level(framework, badge, lang)
    border = _LEVEL_BORDERS[stars]
    origins["border"] = "level" if badge.level else "default"
    if image.border:
        if image.border in BORDERS:
            border, origins["border"] = image.border, "override"
        else:
            problems.append(
                _unknown(
                    badge, "border", "image-unknown-border", image.border, list(BORDERS), "bordure", "border", border
                )
            )

    # Pictogram: words of the badge, else the category's.
    pictogram, origins["pictogram"] = _default_pictogram(framework, badge)
    if image.pictogram:
        if image.pictogram in PICTOGRAMS:
            pictogram, origins["pictogram"] = image.pictogram, "override"
        else:
            problems.append(
                _unknown(badge, "pictogram", "image-unknown-pictogram", image.pictogram, list(PICTOGRAMS), "pictogramme", "pictogram", pictogram)
            )  # fmt: skip

    # Texts.
    issuer = framework.partner(badge.issuer) if badge.issuer else None
    issuer_name = (issuer.name or issuer.id) if issuer else (badge.issuer or "")
    title = image.title or text(badge.name, lang) or badge.id
    origins["title"] = "override" if image.title else "name"
    subtitle = image.subtitle if image.subtitle is not None else (level_name or issuer_name)
    origins["subtitle"] = "override" if image.subtitle is not None else ("level" if level_name else "issuer")
    if lang == "fr":
        title, subtitle = french_spacing(title), french_spacing(subtitle)
    mark = issuer_initials(issuer_name) if issuer_name else ""

    # Upload: replaces the pictogram when it can be read.
    upload = upload_kind = upload_digest = None
    upload_data: Upload | None = None
    if image.upload:
        if folder is None:
            problems.append(
                _problem(
                    badge,
                    "upload",
                    "image-upload-not-checked",
                    _fr(
                        f"Badge « {badge.id} » : l’image téléversée « {image.upload} » n’a pas été lue (dossier du référentiel inconnu) ; le pictogramme est utilisé."
                    ),
                    f"Badge '{badge.id}': the uploaded image {image.upload!r} was not read (framework folder unknown); the pictogram is used.",
                    severity=Severity.INFO,
                )
            )
        else:
            try:
                upload_data = read_upload(folder, image.upload)
            except BadUpload as error:
                problems.append(
                    _problem(
                        badge,
                        "upload",
                        "image-bad-upload",
                        _fr(
                            f"Badge « {badge.id} » : l’image téléversée « {image.upload} » est refusée ; le pictogramme est utilisé."
                        ),
                        f"Badge '{badge.id}': the uploaded image is refused; the pictogram is used.",
                        error.text("fr"),
                        error.text("en"),
                    )
                )
            else:
                upload, upload_kind = image.upload, upload_data.kind
                upload_digest = hashlib.sha256(upload_data.data).hexdigest()
                origins["pictogram"] = "upload"
                if upload_data.kind == "svg":
                    problems.append(
                        _problem(
                            badge,
                            "upload",
                            "image-svg-upload-png",
                            _fr(
                                f"Badge « {badge.id} » : l’image SVG téléversée apparaît dans les fichiers SVG ; les PNG gardent le pictogramme « {pictogram} »."
                            ),
                            f"Badge '{badge.id}': the uploaded SVG appears in SVG files; PNGs keep the pictogram '{pictogram}'.",
                            "Téléversez aussi un PNG pour l’avoir dans les PNG.",
                            "Upload a PNG to have it in PNGs too.",
                            severity=Severity.INFO,
                        )
                    )

    return ResolvedDesign(
        badge_id=badge.id,
        lang=lang,
        shape=shape,
        palette=palette_id,
        background=colours["background"],
        foreground=colours["foreground"],
        accent=colours["accent"],
        pictogram=pictogram,
        title=title,
        subtitle=subtitle,
        border=border,
        stars=stars,
        mark=mark,
        upload=upload,
        upload_kind=upload_kind,
        upload_digest=upload_digest,
        alt=tuple(sorted(image.alt.items())),
        origins=tuple(sorted(origins.items())),
        problems=tuple(problems),
        upload_data=upload_data,
    )


def _default_palette(framework: Framework, badge: Badge) -> tuple[str, str]:
    pathway_id = _first_pathway(framework).get(badge.id)
    if pathway_id is not None:
        index = sorted({p.id for p in framework.pathways}).index(pathway_id)
        return _palette_by_index(index), f"pathway:{pathway_id}"
    territory_ids = [t.id for t in framework.territories]
    for territory in badge.territories:
        if territory in territory_ids:
            return _palette_by_index(territory_ids.index(territory)), f"territory:{territory}"
    issuer = framework.partner(badge.issuer) if badge.issuer else None
    if issuer is not None and issuer.territory in territory_ids:
        return _palette_by_index(territory_ids.index(issuer.territory)), f"issuer-territory:{issuer.territory}"
    return DEFAULT_PALETTE, "default"


def _level(framework: Framework, badge: Badge, lang: str) -> tuple[int, str]:
    """(stars 0–3, level name) of the badge's level."""
    if not badge.level:
        return 0, ""
    for index, level in enumerate(framework.badge_levels):
        if level.id == badge.level:
            name = text(level.name, lang) or level.id
            return min(3, index + 1), name
    if badge.level.isdigit():
        stars = max(1, min(3, int(badge.level)))
        return stars, (f"Niveau {badge.level}" if lang == "fr" else f"Level {badge.level}")
    return 1, badge.level


def _default_pictogram(framework: Framework, badge: Badge) -> tuple[str, str]:
    words: list[str] = []
    for tag in badge.tags:
        words.extend(tag.replace("-", " ").split())
    words.extend(text(badge.name, "fr").replace("’", " ").replace("'", " ").split())
    words.extend(text(badge.name, "en").split())
    for recognised in badge.competencies:
        competency = framework.competency(recognised.competency)
        if competency is not None:
            words.extend(competency.tags)
            words.extend(text(competency.title, "fr").replace("’", " ").replace("'", " ").split())
    found = pictogram_for_words(words)
    if found:
        return found, "words"
    return CATEGORY_PICTOGRAMS.get(str(badge.category), "etoile"), "category"

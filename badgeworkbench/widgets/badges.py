"""The badge designer: a form, a live image preview that follows typing, criteria, the competencies
picker, the image settings, and the badge's family at a glance.

The image is ``badgeworkbench.images.preview(framework, badge)`` (PNG bytes, cached by design), so
typing a name redraws it in a few milliseconds. The "Image" tab edits every image setting (shape,
palette, pictogram, border, colours, title, alternative text, an uploaded PNG/SVG checked by
``images.check_upload_bytes``); problems from ``images.check_images`` are shown beside the preview,
with the contrast figure and a proposed text colour that one click applies.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from typing import Any

import ipywidgets as w

from .. import edit, images
from ..errors import BadgeWorkbenchError
from ..ids import slugify, unique_id
from ..model import Badge, BadgeCategory, Criteria, Framework, ImageDesign, text
from ..paths import writable_path
from ..report import Problem
from ..requirements import describe_requirement
from .base import Panel, colon, esc, item_label
from .i18n import error_text, t
from .problems import ProblemList
from .start import item_facts

__all__ = [
    "BadgeDesigner",
    "badge_family",
    "image_problems",
    "main_issuer",
    "new_badge_issuer",
    "save_upload",
    "with_badge",
]

#: Image settings chosen from a list, and the images module's list of choices for each.
_CHOICES = {"shape": images.SHAPES, "palette": images.PALETTES, "pictogram": images.PICTOGRAMS}
#: Image settings typed in (colours as #RRGGBB, texts that replace the badge's name/level on the image).
_TYPED = ("background", "foreground", "accent", "title", "subtitle")


def with_badge(framework: Framework, badge: Badge) -> Framework:
    """``framework`` with ``badge`` in place of the badge of the same id (not validated again: the
    draft already is; used for previews and checks at each keystroke)."""
    badges = [badge if b.id == badge.id else b for b in framework.badges]
    if all(b.id != badge.id for b in framework.badges):
        badges.append(badge)
    return framework.model_copy(update={"badges": badges})


def image_problems(framework: Framework, badge: Badge, folder: str | os.PathLike[str] | None = None) -> list[Problem]:
    """What ``images.check_images`` says about ``badge``'s image (as the form describes it)."""
    # Only this badge is checked (the rest of the framework still decides its palette, through its pathways).
    report = images.check_images(framework.model_copy(update={"badges": [badge]}), folder=folder)
    return [p for p in report.problems if p.item == f"badge:{badge.id}"]


def save_upload(folder: str | os.PathLike[str], badge_id: str, data: bytes, name: str) -> str:
    """Check an uploaded image (``images.check_upload_bytes``: PNG or SVG by content, size, pixel count,
    well-formed SVG) and write it as ``images/<badge_id>.<png|svg>`` in the framework folder.

    Returns the relative path to put in ``Badge.image.upload``. A refused file raises
    :class:`~badgeworkbench.images.BadUpload` and nothing is written; the file is written beside
    its target and renamed into place, so a half-written image is never left. An ``images`` folder or
    image that is a symbolic link is refused (:class:`~badgeworkbench.errors.PathOutsideFolder`).
    """
    upload = images.check_upload_bytes(data, name)
    relpath = f"images/{badge_id}.{upload.kind}"
    target = writable_path(folder, relpath)  # never through a link: a planted 'images' link would write outside
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(upload.data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return relpath


def main_issuer(framework: Framework) -> str | None:
    """The framework's main issuing partner: the one named as issuer by the most badges (the first in
    ``partners`` on a tie); when no badge names a partner yet, the first partner with the ``issuer``
    role; else None.

    >>> from badgeworkbench.model import Partner
    >>> fw = Framework(id="f", partners=[Partner(id="a", roles=["training"]), Partner(id="b", roles=["issuer"])],
    ...                badges=[Badge(id="x", issuer="a")])
    >>> main_issuer(fw), main_issuer(fw.replace(badges=[]))
    ('a', 'b')
    """
    known = [p.id for p in framework.partners]
    counts = {pid: 0 for pid in known}
    for badge in framework.badges:
        if badge.issuer in counts:
            counts[badge.issuer] += 1
    if any(counts.values()):
        return max(known, key=lambda pid: (counts[pid], -known.index(pid)))
    return next((p.id for p in framework.partners if "issuer" in (p.roles or [])), None)


def new_badge_issuer(framework: Framework, working_partner: str | None) -> str | None:
    """The issuer of a badge created in the designer: the partner working (chosen in the header) when
    the framework has it, else :func:`main_issuer`. So a new badge exports without a refusal."""
    if working_partner and framework.partner(working_partner) is not None:
        return working_partner
    return main_issuer(framework)


def badge_family(framework: Framework, badge_id: str, limit: int = 12) -> list[Badge]:
    """The badges that belong with ``badge_id``: its prerequisites, the badges that require it, and those
    recognising competencies of the same top-level domain."""
    badge = framework.badge(badge_id)
    if badge is None:
        return []

    def root(competency_id: str) -> str:
        seen = set()
        c = framework.competency(competency_id)
        while c is not None and c.parent and c.parent not in seen:
            seen.add(c.parent)
            parent = framework.competency(c.parent)
            if parent is None:
                break
            c = parent
        return c.id if c is not None else competency_id

    family: list[str] = list(badge.requires.badge_ids()) if badge.requires else []
    family += [b.id for b in framework.badges if b.requires and badge_id in b.requires.badge_ids()]
    domains = {root(rc.competency) for rc in badge.competencies}
    family += [b.id for b in framework.badges if domains & {root(rc.competency) for rc in b.competencies}]
    out, seen = [], {badge_id}
    for ident in family:
        if ident not in seen and framework.badge(ident) is not None:
            seen.add(ident)
            out.append(framework.badge(ident))
    return out[:limit]


class BadgeDesigner(Panel):
    """Choose or create a badge, fill its form, watch its image follow your typing, save."""

    title_key = "badge.title"
    with_author = True

    def build(self) -> list[w.Widget]:
        L = self.label
        full = w.Layout(width="95%")
        self.badge = L(w.Dropdown(layout=w.Layout(width="420px")), "badge.choose")
        self.badge.observe(self._badge_chosen, names="value")
        self.new_name = L(w.Text(layout=w.Layout(width="300px")), "badge.new-name")
        self.create_button = L(w.Button(icon="plus"), "badge.create")
        self.create_button.on_click(self._create)
        self.name_fr = L(w.Text(layout=full, continuous_update=True), "badge.name-fr")
        self.name_en = L(w.Text(layout=full, continuous_update=True), "badge.name-en")
        self.description_fr = L(w.Textarea(layout=w.Layout(width="95%", height="60px")), "badge.description-fr")
        self.description_en = L(w.Textarea(layout=w.Layout(width="95%", height="60px")), "badge.description-en")
        self.category = L(w.Dropdown(), "badge.category")
        L.on_language(lambda lang: self._set_options(self.category, [(t("category." + c.value, lang), c.value)
                                                                      for c in BadgeCategory]))  # fmt: skip
        self.level = L(w.Dropdown(), "badge.level")
        self.issuer = L(w.Dropdown(), "badge.issuer")
        self.narrative_fr = L(w.Textarea(layout=w.Layout(width="95%", height="80px")), "badge.narrative-fr")
        self.narrative_en = L(w.Textarea(layout=w.Layout(width="95%", height="80px")), "badge.narrative-en")
        self.observables = L(w.Textarea(layout=w.Layout(width="95%", height="80px")), "badge.observables")
        L(self.observables, "badge.observables-placeholder", "placeholder")
        self.competency_filter = L(w.Text(layout=w.Layout(width="95%")), "badge.competency-filter", "placeholder")
        self.competency_filter.observe(lambda _: self._fill_competencies(), names="value")
        self.competencies = w.SelectMultiple(rows=8, layout=full)
        # The "Image" tab: settings chosen from the images module's lists ("" = the automatic choice)…
        self.image_choices = {name: L(w.Dropdown(layout=w.Layout(width="340px")), f"image.{name}") for name in _CHOICES}
        self.image_choices["border"] = L(w.Dropdown(layout=w.Layout(width="340px")), "image.border")
        # …settings typed in (colours, the texts printed on the image), the alternative text…
        self.image_fields = {name: L(w.Text(layout=w.Layout(width="340px"), continuous_update=True), f"image.{name}")
                             for name in _TYPED}  # fmt: skip
        self.alt_fr = L(w.Textarea(layout=w.Layout(width="95%", height="54px")), "image.alt-fr")
        L(self.alt_fr, "image.alt-placeholder", "placeholder")
        # …and an uploaded PNG/SVG that replaces the drawing (checked before it is written).
        self.upload = L(w.FileUpload(accept=".png,.svg,image/png,image/svg+xml", multiple=False), "image.upload")
        self.upload.observe(self._uploaded, names="value")
        self.upload_path = L(w.Text(disabled=True, layout=w.Layout(width="340px")), "image.upload-path")
        self.remove_upload_button = L(w.Button(icon="times"), "image.remove-upload")
        self.remove_upload_button.on_click(self._remove_upload)
        self.upload_note = w.HTML()
        self.fix_button = L(w.Button(icon="magic", button_style="success"), "image.apply-fix")
        self.fix_button.on_click(self._apply_contrast_fix)
        self.fix_button.layout.display = "none"
        self.image_problems = w.HTML()
        self.alt_view = w.HTML()
        self.sheet_button = L(w.Button(icon="th"), "badge.sheet")
        self.sheet_button.on_click(lambda _: self.show_contact_sheet())
        self.sheet = w.Image(format="png", layout=w.Layout(max_width="100%"))
        self.sheet.layout.display = "none"
        self.save_button = L(w.Button(button_style="primary", icon="save"), "badge.save")
        self.save_button.on_click(self._save)
        self.undo_button = L(w.Button(icon="undo"), "workshop.undo")
        self.undo_button.on_click(lambda _: self.state.undo())
        self.preview = w.Image(format="png", layout=w.Layout(width="256px", height="256px"))
        self.preview.add_class("bw-preview")
        self.preview_note = w.HTML()
        self.preview_ms = 0.0
        self.requirement = w.HTML()
        self.problems = ProblemList()  # this badge's problems, grouped by kind
        self.facts = w.HTML()
        self.family = w.HBox(layout=w.Layout(flex_flow="row wrap"))
        # The preview follows typing: every field that changes the image redraws it.
        for box in (self.name_fr, self.name_en, *self.image_fields.values(), self.alt_fr, self.upload_path):
            box.observe(lambda _: self.update_preview(), names="value")
        for box in (self.category, self.level, self.issuer, *self.image_choices.values()):
            box.observe(lambda _: self.update_preview(), names="value")
        L.on_language(self._fill_image_choices)
        self.state.observe(self._selection_changed, names="selected")
        self.tabs = w.Tab([
            w.VBox([self.name_fr, self.name_en, self.description_fr, self.description_en, self.category, self.level,
                    self.issuer]),
            w.VBox([self.narrative_fr, self.narrative_en, self.observables, self.requirement]),
            w.VBox([self.competency_filter, self.competencies]),
            w.VBox([*self.image_choices.values(), *self.image_fields.values(), self.alt_fr,
                    w.HBox([self.upload, self.remove_upload_button]), self.upload_path, self.upload_note]),
        ])  # fmt: skip
        L.on_language(self._tab_titles)
        # Labels in full ("Description (fr)", not "Descriptio…"): one width for every field of the form.
        labelled = (self.name_fr, self.name_en, self.description_fr, self.description_en, self.category, self.level,
                    self.issuer, self.narrative_fr, self.narrative_en, self.observables, *self.image_choices.values(),
                    *self.image_fields.values(), self.alt_fr, self.upload_path)  # fmt: skip
        for box in labelled:
            box.style = {"description_width": "150px"}
        self.badge.style = self.new_name.style = {"description_width": "initial"}
        for box in (self.category, self.level, self.issuer):
            box.layout.width = "95%"  # long partner names stay readable
        for button in (
            self.create_button,
            self.save_button,
            self.undo_button,
            self.remove_upload_button,
            self.fix_button,
            self.sheet_button,
        ):
            button.layout.width, button.layout.flex = "max-content", "0 0 auto"
        side = w.VBox([self.preview, self.preview_note, self.alt_view, self.image_problems, self.fix_button,
                       self.problems, self.facts], layout=w.Layout(width="300px"))  # fmt: skip
        images.preview(
            Framework(id="warm-up", badges=[Badge(id="a")]), "a"
        )  # load the fonts now, not at the first keystroke
        return [
            w.HBox([self.badge, self.new_name, self.create_button]),
            w.HBox([w.VBox([self.tabs, w.HBox([self.save_button, self.undo_button])], layout=w.Layout(flex="1")), side]),
            L.html("badge.family", "h4"), self.family, self.sheet_button, self.sheet,
        ]  # fmt: skip

    def _tab_titles(self, lang: str) -> None:
        for i, key in enumerate(("badge.tab-form", "badge.tab-criteria", "badge.tab-competencies", "badge.tab-image")):
            self.tabs.set_title(i, t(key, lang))

    def _current(self) -> Badge | None:
        ident = self.state.selected_id("badge")
        fw = self.state.framework
        return fw.badge(ident) if ident and fw is not None else None

    # --- showing -----------------------------------------------------------------------------------

    def refresh(self) -> None:
        fw, lang = self.state.framework, self.lang
        if fw is None:
            return
        self._loading = True
        try:
            if self._current() is None and fw.badges:
                self.state.select("badge", fw.badges[0].id)
            self._set_options(self.badge, [(f"{item_label(b, lang)} ({b.id})", b.id) for b in fw.badges])
            if self._current() is not None:
                self.badge.value = self._current().id
            self._set_options(self.level, [(t("badge.no-level", lang), "")] + [
                (f"{lv.id} — {text(lv.name, lang)}", lv.id) for lv in fw.badge_levels])  # fmt: skip
            self._set_options(
                self.issuer, [(t("badge.no-issuer", lang), "")] + [(p.name or p.id, p.id) for p in fw.partners]
            )
        finally:
            self._loading = False
        self._load_form()

    def _fill_competencies(self) -> None:
        fw = self.state.framework
        if fw is None:
            return
        needle = self.competency_filter.value.strip().lower()
        chosen = set(self.competencies.value)
        options = [(f"{item_label(c, self.lang)} ({c.id})", c.id) for c in fw.competencies
                   if c.id in chosen or not needle or needle in item_label(c, self.lang).lower() or needle in c.id]  # fmt: skip
        self.competencies.options = options
        self.competencies.value = tuple(v for _, v in options if v in chosen)

    def _load_form(self) -> None:
        badge = self._current()
        lang = self.lang
        self._loading = True
        try:
            if badge is None:
                self.problems.show([], lang, t("badge.none", lang))
                self.facts.value = ""
                return
            self.name_fr.value = badge.name.get("fr", "")
            self.name_en.value = badge.name.get("en", "")
            self.description_fr.value = badge.description.get("fr", "")
            self.description_en.value = badge.description.get("en", "")
            self.category.value = str(badge.category)
            self.level.value = badge.level if badge.level in {v for _, v in self.level.options} else ""
            self.issuer.value = badge.issuer if badge.issuer in {v for _, v in self.issuer.options} else ""
            self.narrative_fr.value = badge.criteria.narrative.get("fr", "")
            self.narrative_en.value = badge.criteria.narrative.get("en", "")
            self.observables.value = "\n".join(text(o, "fr") for o in badge.criteria.observables)
            self.competency_filter.value = ""
            self.competencies.value = ()
            self._fill_competencies()
            wanted = [rc.competency for rc in badge.competencies]
            self.competencies.value = tuple(v for _, v in self.competencies.options if v in wanted)
            self._load_image(badge)
            self.requirement.value = (
                f"<div><b>{esc(t('badge.requires', lang))}</b>{colon(lang)} {esc(describe_requirement(self.state.framework, badge.requires, lang))}</div>"
                if badge.requires
                else f"<div><i>{esc(t('badge.no-requirement', lang))}</i></div>"
            )
            self.problems.show(self.state.report.about(f"badge:{badge.id}"), lang)
            self.facts.value = "".join(
                f"<div class='bw-facts' style='font-size:0.85em'>{row}</div>" for row in item_facts(badge, lang)
            )
        finally:
            self._loading = False
        self.update_preview()
        self._show_family()

    def draft(self) -> Badge | None:
        """The badge as the form currently describes it (not saved)."""
        badge = self._current()
        if badge is None:
            return None
        name = {**badge.name}
        for lang, box in (("fr", self.name_fr), ("en", self.name_en)):
            if box.value.strip():
                name[lang] = box.value.strip()
            else:
                name.pop(lang, None)
        description = {**badge.description}
        for lang, box in (("fr", self.description_fr), ("en", self.description_en)):
            if box.value.strip():
                description[lang] = box.value.strip()
            else:
                description.pop(lang, None)
        narrative = {**badge.criteria.narrative}
        for lang, box in (("fr", self.narrative_fr), ("en", self.narrative_en)):
            if box.value.strip():
                narrative[lang] = box.value.strip()
            else:
                narrative.pop(lang, None)
        observables = [{"fr": line.strip()} for line in self.observables.value.splitlines() if line.strip()]
        old_obs = {text(o, "fr"): o for o in badge.criteria.observables}
        observables = [old_obs.get(o["fr"], o) for o in observables]  # keep the translations of unchanged lines
        chosen = list(self.competencies.value)
        levels = {rc.competency: rc for rc in badge.competencies}
        competencies = [levels.get(c) or {"competency": c} for c in chosen]
        settings: dict[str, Any] = {n: (b.value.strip() or None) for n, b in self.image_fields.items()}
        settings.update({n: (b.value or None) for n, b in self.image_choices.items()})
        settings["upload"] = self.upload_path.value.strip() or None
        alt = {k: v for k, v in badge.image.alt.items() if k != "fr"}
        if self.alt_fr.value.strip():
            alt["fr"] = self.alt_fr.value.strip()
        settings["alt"] = alt
        image = badge.image.model_copy(update=settings)
        try:
            return Badge.model_validate({
                **{f: getattr(badge, f) for f in Badge.model_fields},
                "name": name, "description": description, "category": self.category.value or badge.category,
                "level": self.level.value or None, "issuer": self.issuer.value or None,
                "criteria": Criteria(narrative=narrative, observables=observables, url=badge.criteria.url),
                "competencies": competencies, "image": ImageDesign.model_validate(image.model_dump()),
            })  # fmt: skip
        except ValueError:
            return None

    def _fill_image_choices(self, lang: str) -> None:
        auto = getattr(self, "_auto", None)
        for name, box in self.image_choices.items():
            if name == "border":
                choices = [(t("image.border-" + b, lang), b) for b in images.BORDERS]
                default = t("image.border-" + auto.border, lang) if auto else ""
            else:
                registry = _CHOICES[name]
                choices = [(text(item.label, lang) or key, key) for key, item in registry.items()]
                default = (
                    text(registry[getattr(auto, name)].label, lang) if auto and getattr(auto, name) in registry else ""
                )
            self._set_options(box, [(t("image.automatic", lang, value=default), ""), *choices])
        if auto is not None:
            for name, box in self.image_fields.items():
                box.placeholder = str(getattr(auto, name) or "")

    def _load_image(self, badge: Badge) -> None:
        """Show the badge's image settings; the automatic choices (what the framework's data gives
        without any override) are written into the "automatic" entries and placeholders."""
        plain = badge.model_copy(update={"image": ImageDesign()})
        self._auto = images.resolve_design(self.state.framework, plain, lang=self.lang)
        self._fill_image_choices(self.lang)
        for name, box in self.image_choices.items():
            value = getattr(badge.image, name) or ""
            box.value = value if value in {v for _, v in box.options} else ""
        for name, box in self.image_fields.items():
            box.value = getattr(badge.image, name) or ""
        self.alt_fr.value = badge.image.alt.get("fr", "")
        self.upload_path.value = badge.image.upload or ""
        self.upload_note.value = ""

    def update_preview(self) -> None:
        """Redraw the preview, the alternative text and the image problems from the form (at each keystroke)."""
        if getattr(self, "_loading", False):
            return
        lang = self.lang
        badge = self.draft()
        fw = self.state.framework
        if badge is None or fw is None:
            return
        started = time.perf_counter()
        drafted = with_badge(fw, badge)
        try:
            data = images.preview(drafted, badge, lang=lang, folder=self.state.path)
        except (BadgeWorkbenchError, ValueError, OSError) as error:
            self.preview.layout.display = "none"
            said = t("badge.preview-failed", lang, error=error_text(error, lang))
            self.preview_note.value = f"<span style='color:#b00020'>{esc(said)}</span>"
            return
        self.preview.layout.display = ""
        with self.preview.hold_sync():
            self.preview.format = "png"
            self.preview.value = data
        alt = images.alt_text(drafted, badge, lang, folder=self.state.path)
        self.alt_view.value = (f"<div class='bw-alt' style='font-size:0.85em;line-height:1.35'><b>{esc(t('image.alt', lang))}</b> "
                               f"{esc(alt)}</div>")  # fmt: skip
        self.preview_note.value = ""
        self._show_image_problems(drafted, badge)
        self.preview_ms = (time.perf_counter() - started) * 1000  # form → new image, caption and checks

    def _show_image_problems(self, framework: Framework, badge: Badge) -> None:
        """Problems of this image (``images.check_images``), each with its hint: for a low contrast,
        the figure and a text colour that reaches 4.5:1, which the fix button applies."""
        lang = self.lang
        found = image_problems(framework, badge, self.state.path)
        self._fix = None
        for problem in found:
            if problem.code == "image-low-contrast":
                design = images.resolve_design(framework, badge, lang=lang, folder=self.state.path)
                self._fix = images.readable_text_colour(design.foreground, design.background)
        self.fix_button.layout.display = "" if self._fix else "none"
        self.image_problems.value = "".join(
            f"<div class='bw-image-problem' style='color:{'#b00020' if p.severity == 'error' else '#9a6700'}'>"
            f"{'✖' if p.severity == 'error' else '⚠'} {esc(p.text(lang))}</div>"
            for p in found
        )

    def _apply_contrast_fix(self, _button: Any = None) -> None:
        if getattr(self, "_fix", None):
            self.image_fields["foreground"].value = self._fix

    def _uploaded(self, change: dict[str, Any]) -> None:
        """A file chosen in the upload button: checked by the images module, written to ``images/``,
        then shown in the preview; "Save the badge" records it in the badge."""
        files = change["new"]
        badge = self._current()
        if not files or badge is None or self.state.path is None:
            return
        chosen = files[0]
        name = str(chosen.get("name", "upload"))
        try:
            relpath = save_upload(self.state.path, badge.id, bytes(chosen["content"]), name)
        except BadgeWorkbenchError as error:
            said = t("image.upload-refused", self.lang, error=error_text(error, self.lang))
            self.upload_note.value = f"<div style='color:#b00020'>✖ {esc(said)}</div>"
            return
        finally:
            self.upload.value = ()  # ready for the next file
        images.clear_preview_cache()  # the same path may now hold a different picture
        self.upload_note.value = (
            f"<div style='color:#2e7d32'>✔ {esc(t('image.uploaded', self.lang, path=relpath))}</div>"
        )
        if self.upload_path.value == relpath:
            self.update_preview()
        self.upload_path.value = relpath

    def _remove_upload(self, _button: Any = None) -> None:
        self.upload_path.value = ""
        self.upload_note.value = ""

    def _show_family(self) -> None:
        """The badge among its family (prerequisites, what it opens, same domain): thumbnails from
        ``images.preview`` (cached), each a button that opens that badge."""
        fw, badge, lang = self.state.framework, self._current(), self.lang
        if fw is None or badge is None:
            self.family.children = ()
            return
        tiles = []
        for member in [badge, *badge_family(fw, badge.id)]:
            try:
                picture: w.Widget = w.Image(value=images.preview(fw, member, 96, lang=lang, folder=self.state.path),
                                            format="png", layout=w.Layout(width="88px", height="88px"))  # fmt: skip
            except (BadgeWorkbenchError, ValueError, OSError):
                picture = w.HTML("<div style='width:88px;height:88px'>?</div>")
            caption = w.HTML(f"<div style='width:104px;font-size:0.8em;text-align:center;line-height:1.15'>"
                             f"{esc(item_label(member, lang))}</div>")  # fmt: skip
            button = w.Button(description=t("badge.open", lang), layout=w.Layout(width="104px"),
                              tooltip=f"{item_label(member, lang)} ({member.id})")  # fmt: skip
            button.on_click(lambda _, ident=member.id: self.state.select("badge", ident))
            tiles.append(w.VBox([picture, caption, button], layout=w.Layout(margin="4px", align_items="center",
                                border="3px solid #d81b60" if member.id == badge.id else "1px solid #ddd")))  # fmt: skip
        self.family.children = tiles

    def show_contact_sheet(self) -> bytes:
        """Every badge of the framework in one picture (``images.contact_sheet``), to judge the family."""
        fw = self.state.framework
        data = images.contact_sheet(fw, size=128, columns=8, lang=self.lang, folder=self.state.path)
        self.sheet.value = data
        self.sheet.layout.display = ""
        return data

    # --- actions -----------------------------------------------------------------------------------

    def _badge_chosen(self, change: dict[str, Any]) -> None:
        if not getattr(self, "_loading", False) and change["new"]:
            self.state.select("badge", change["new"])

    def _selection_changed(self, change: dict[str, Any]) -> None:
        if change["new"].startswith("badge:") and not getattr(self, "_loading", False):
            self._loading = True
            try:
                ident = change["new"].split(":", 1)[1]
                if ident in {v for _, v in self.badge.options}:
                    self.badge.value = ident
            finally:
                self._loading = False
            self._load_form()

    def _save(self, _button: Any = None) -> None:
        badge, draft = self._current(), self.draft()
        if badge is None or draft is None:
            self.state.say("pick-badge", "warning")
            return
        changes = {f: getattr(draft, f) for f in ("name", "description", "category", "level", "issuer", "criteria",
                                                   "competencies", "image")}  # fmt: skip
        self.edit(lambda fw: edit.update_item(fw, "badge", badge.id, author=self.state.author, **changes),
                  text(draft.name, self.lang) or badge.id)  # fmt: skip

    def _create(self, _button: Any = None) -> None:
        name, fw = self.new_name.value.strip(), self.state.framework
        if not name or fw is None:
            self.state.say("need-title", "error")
            return
        ident = unique_id(slugify(name), {b.id for b in fw.badges})
        badge = Badge(id=ident, name={self.lang: name}, issuer=new_badge_issuer(fw, self.state.author_partner))
        if self.edit(lambda fw: edit.add_item(fw, badge, author=self.state.author), name):
            self.new_name.value = ""
            self.state.select("badge", ident)

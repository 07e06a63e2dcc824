"""The badge designer: a form, a live image preview that follows typing, criteria, the competencies
picker, and the badge's family at a glance.

The image comes from ``badgeworkbench.images.preview(framework, badge)``. Until that module is
installed the panel says "aperçu indisponible" in plain words (never a fake image).
"""

from __future__ import annotations

import io
import time
from typing import Any

import ipywidgets as w

from .. import edit
from ..errors import BadgeWorkbenchError
from ..ids import slugify, unique_id
from ..model import Badge, BadgeCategory, Criteria, Framework, ImageDesign, text
from ..requirements import describe_requirement
from .base import Panel, esc, item_label
from .features import badge_preview
from .i18n import t

__all__ = ["BadgeDesigner", "badge_family", "preview_image"]

_IMAGE_FIELDS = ("shape", "palette", "pictogram", "background", "foreground", "accent")


def preview_image(framework: Framework, badge: Badge) -> tuple[bytes, str] | None:
    """``(image bytes, ipywidgets format)`` of the badge's image, or ``None`` when previews are unavailable.

    Accepts what a preview function may return: PNG or SVG bytes, SVG text, a Pillow image, or an
    object with ``png``/``svg`` attributes.
    """
    preview = badge_preview()
    if preview is None:
        return None
    result = preview(framework, badge)
    for attribute in ("png", "svg"):
        inner = getattr(result, attribute, None)
        if isinstance(inner, (bytes, str)):
            result = inner
            break
    if isinstance(result, str):
        return result.encode("utf-8"), "svg+xml"
    if isinstance(result, (bytes, bytearray)):
        data = bytes(result)
        return data, ("png" if data.startswith(b"\x89PNG") else "svg+xml" if data.lstrip().startswith(b"<") else "png")
    if hasattr(result, "save"):  # a Pillow image
        buffer = io.BytesIO()
        result.save(buffer, format="PNG")
        return buffer.getvalue(), "png"
    return None


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
        self.image_fields = {name: L(w.Text(layout=w.Layout(width="300px"), continuous_update=True), f"image.{name}")
                             for name in _IMAGE_FIELDS}  # fmt: skip
        self.save_button = L(w.Button(button_style="primary", icon="save"), "badge.save")
        self.save_button.on_click(self._save)
        self.undo_button = L(w.Button(icon="undo"), "workshop.undo")
        self.undo_button.on_click(lambda _: self.state.undo())
        self.preview = w.Image(format="png", layout=w.Layout(width="240px", height="240px"))
        self.preview.add_class("bw-preview")
        self.preview_note = w.HTML()
        self.preview_ms = 0.0
        self.requirement = w.HTML()
        self.problems = w.HTML()
        self.family = w.HBox(layout=w.Layout(flex_flow="row wrap"))
        for box in (self.name_fr, self.name_en, *self.image_fields.values()):
            box.observe(lambda _: self.update_preview(), names="value")
        for box in (self.category, self.level, self.issuer):
            box.observe(lambda _: self.update_preview(), names="value")
        self.state.observe(self._selection_changed, names="selected")
        self.tabs = w.Tab([
            w.VBox([self.name_fr, self.name_en, self.description_fr, self.description_en, self.category, self.level,
                    self.issuer]),
            w.VBox([self.narrative_fr, self.narrative_en, self.observables, self.requirement]),
            w.VBox([self.competency_filter, self.competencies]),
            w.VBox(list(self.image_fields.values())),
        ])  # fmt: skip
        L.on_language(self._tab_titles)
        side = w.VBox([self.preview, self.preview_note, self.problems], layout=w.Layout(width="280px"))
        return [
            w.HBox([self.badge, self.new_name, self.create_button]),
            w.HBox([w.VBox([self.tabs, w.HBox([self.save_button, self.undo_button])], layout=w.Layout(flex="1")), side]),
            L.html("badge.family", "h4"), self.family,
        ]  # fmt: skip

    @staticmethod
    def _set_options(widget: Any, options: list[tuple[str, Any]]) -> None:
        value = widget.value
        widget.options = options
        if value in {v for _, v in options}:
            widget.value = value

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
                self.problems.value = f"<i>{esc(t('badge.none', lang))}</i>"
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
            for name, box in self.image_fields.items():
                box.value = getattr(badge.image, name) or ""
            self.requirement.value = (
                f"<div><b>{esc(t('badge.requires', lang))}</b> : {esc(describe_requirement(self.state.framework, badge.requires, lang))}</div>"
                if badge.requires
                else f"<div><i>{esc(t('badge.no-requirement', lang))}</i></div>"
            )
            problems = self.state.report.about(f"badge:{badge.id}")
            self.problems.value = "".join(
                f"<div style='color:{'#b00020' if p.severity == 'error' else '#9a6700'}'>"
                f"{'⛔' if p.severity == 'error' else '⚠'} {esc(p.text(lang))}</div>"
                for p in problems
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
        image = badge.image.model_copy(update={n: (b.value.strip() or None) for n, b in self.image_fields.items()})
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

    def update_preview(self) -> None:
        """Redraw the preview from the form (called at each keystroke)."""
        if getattr(self, "_loading", False):
            return
        lang = self.lang
        badge = self.draft()
        fw = self.state.framework
        if badge is None or fw is None:
            return
        started = time.perf_counter()
        try:
            image = preview_image(fw, badge)
        except (BadgeWorkbenchError, ValueError) as error:
            self.preview.layout.display = "none"
            self.preview_note.value = (
                f"<span style='color:#b00020'>{esc(t('badge.preview-failed', lang, error=error))}</span>"
            )
            return
        self.preview_ms = (time.perf_counter() - started) * 1000
        if image is None:
            self.preview.layout.display = "none"
            self.preview_note.value = (f"<div class='bw-preview-unavailable' style='border:2px dashed #999;padding:12px;"
                                       f"text-align:center;width:220px'>{esc(t('badge.preview-unavailable', lang))}</div>")  # fmt: skip
            return
        data, fmt = image
        self.preview.layout.display = ""
        with self.preview.hold_sync():
            self.preview.format = fmt
            self.preview.value = data
        alt = text(badge.image.alt, lang) or text(badge.name, lang)
        self.preview_note.value = f"<small>{esc(alt)}</small>"

    def _show_family(self) -> None:
        fw, badge, lang = self.state.framework, self._current(), self.lang
        if fw is None or badge is None:
            self.family.children = ()
            return
        members = [badge, *badge_family(fw, badge.id)]
        tiles = []
        for member in members:
            caption = w.HTML(
                f"<div style='width:96px;font-size:0.8em;text-align:center'>{esc(item_label(member, lang))}</div>"
            )
            image = None
            try:
                image = preview_image(fw, member)
            except (BadgeWorkbenchError, ValueError):
                image = None
            if image is not None:
                picture: w.Widget = w.Image(
                    value=image[0], format=image[1], layout=w.Layout(width="88px", height="88px")
                )
            else:
                picture = w.HTML(f"<div style='width:88px;height:88px;border-radius:50%;background:#4f7cac;color:white;"
                                 f"display:flex;align-items:center;justify-content:center;font-size:0.75em;"
                                 f"text-align:center;overflow:hidden'>{esc(item_label(member, lang)[:30])}</div>")  # fmt: skip
            button = w.Button(
                description=member.id[:14], layout=w.Layout(width="96px"), tooltip=item_label(member, lang)
            )
            button.on_click(lambda _, ident=member.id: self.state.select("badge", ident))
            tiles.append(w.VBox([picture, caption, button], layout=w.Layout(margin="4px",
                                border="3px solid #d81b60" if member.id == badge.id else "1px solid #ddd")))  # fmt: skip
        self.family.children = tiles

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
        badge = Badge(id=ident, name={self.lang: name})
        if self.edit(lambda fw: edit.add_item(fw, badge, author=self.state.author), name):
            self.new_name.value = ""
            self.state.select("badge", ident)

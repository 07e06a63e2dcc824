"""The framework editor: competency hierarchy, levels, relations (with the meaning of each type
shown where it is chosen) and alignments to reference frameworks."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from .. import edit
from ..ids import slugify, unique_id
from ..model import RELATION_MEANINGS, Alignment, Competency, CompetencyKind, Level, RelationType, text
from .base import Panel, colon, esc, item_label
from .i18n import t
from .problems import ProblemList

__all__ = ["FrameworkPanel", "relation_meaning"]


def relation_meaning(relation_type: str, lang: str) -> str:
    """One sentence saying what "A <type> B" means."""
    return text(RELATION_MEANINGS.get(relation_type, {}), lang)


class FrameworkPanel(Panel):
    """Hierarchy tree on the left; the chosen competency's fields, levels, relations, alignments on the right."""

    title_key = "fw.title"
    with_author = True

    def build(self) -> list[w.Widget]:
        L = self.label
        self.tree = w.Select(rows=22, layout=w.Layout(width="380px"))
        self.tree.observe(self._tree_chosen, names="value")
        self.filter = L(w.Text(layout=w.Layout(width="380px")), "fw.filter", "placeholder")
        self.filter.observe(lambda _: self._fill_tree(), names="value")
        # the competency
        self.title_fr = L(w.Text(layout=w.Layout(width="95%")), "fw.title-fr")
        self.title_en = L(w.Text(layout=w.Layout(width="95%")), "fw.title-en")
        self.description_fr = L(w.Textarea(layout=w.Layout(width="95%", height="60px")), "fw.description-fr")
        self.description_en = L(w.Textarea(layout=w.Layout(width="95%", height="60px")), "fw.description-en")
        self.kind = L(w.Dropdown(), "fw.kind")
        L.on_language(lambda lang: self._set_options(self.kind, [(t("ckind." + k.value, lang), k.value)
                                                                  for k in CompetencyKind]))  # fmt: skip
        self.parent = L(w.Dropdown(layout=w.Layout(width="95%")), "fw.parent")
        self.code = L(w.Text(), "fw.code")
        self.save_button = L(w.Button(button_style="primary", icon="save"), "fw.save")
        self.save_button.on_click(self._save)
        self.add_child_button = L(w.Button(icon="plus"), "fw.add-child")
        self.add_root_button = L(w.Button(icon="plus-square"), "fw.add-root")
        self.new_title = L(w.Text(), "fw.new-title")
        self.add_child_button.on_click(lambda _: self._add(child=True))
        self.add_root_button.on_click(lambda _: self._add(child=False))
        self.remove_button = L(w.Button(button_style="danger", icon="trash"), "fw.remove")
        self.remove_button.on_click(self._remove)
        self.undo_button = L(w.Button(icon="undo"), "workshop.undo")
        self.undo_button.on_click(lambda _: self.state.undo())
        # levels
        self.levels = w.Select(rows=4, layout=w.Layout(width="95%"))
        self.level_id = L(w.Text(layout=w.Layout(width="200px")), "fw.level-id")
        self.level_name = L(w.Text(layout=w.Layout(width="95%")), "fw.level-name")
        self.level_descriptor = L(w.Text(layout=w.Layout(width="95%")), "fw.level-descriptor")
        self.add_level_button = L(w.Button(icon="plus"), "fw.add-level")
        self.remove_level_button = L(w.Button(icon="minus"), "fw.remove-level")
        self.add_level_button.on_click(self._add_level)
        self.remove_level_button.on_click(self._remove_level)
        # relations
        self.relations = w.Select(rows=5, layout=w.Layout(width="95%"))
        self.relation_type = L(w.Dropdown(), "fw.relation-type")
        L.on_language(lambda lang: self._set_options(self.relation_type, [(f"{r.value} — {t('rel.' + r.value, lang)}",
                                                                          r.value) for r in RelationType]))  # fmt: skip
        self.relation_meaning = w.HTML()
        self.relation_type.observe(lambda _: self._show_meaning(), names="value")
        self.relation_target = L(w.Dropdown(layout=w.Layout(width="95%")), "fw.relation-target")
        self.relation_target.observe(lambda _: self._show_meaning(), names="value")
        self.relation_note = L(w.Text(layout=w.Layout(width="95%")), "fw.relation-note")
        self.add_relation_button = L(w.Button(icon="link"), "fw.add-relation")
        self.remove_relation_button = L(w.Button(icon="unlink"), "fw.remove-relation")
        self.add_relation_button.on_click(self._add_relation)
        self.remove_relation_button.on_click(self._remove_relation)
        # alignments
        self.alignments = w.Select(rows=4, layout=w.Layout(width="95%"))
        self.alignment_framework = L(w.Text(), "fw.alignment-framework")
        self.alignment_name = L(w.Text(layout=w.Layout(width="95%")), "fw.alignment-name")
        self.alignment_url = L(w.Text(layout=w.Layout(width="95%")), "fw.alignment-url")
        self.alignment_code = L(w.Text(), "fw.alignment-code")
        self.add_alignment_button = L(w.Button(icon="plus"), "fw.add-alignment")
        self.remove_alignment_button = L(w.Button(icon="minus"), "fw.remove-alignment")
        self.add_alignment_button.on_click(self._add_alignment)
        self.remove_alignment_button.on_click(self._remove_alignment)
        self.problems = ProblemList()  # this competency's problems, grouped by kind
        self.state.observe(lambda _: self._show_selected(), names="selected")

        form = w.VBox([self.title_fr, self.title_en, self.description_fr, self.description_en, self.kind,
                       self.parent, self.code, w.HBox([self.save_button, self.remove_button, self.undo_button]),
                       self.problems])  # fmt: skip
        levels = w.VBox([self.levels, self.level_id, self.level_name, self.level_descriptor,
                         w.HBox([self.add_level_button, self.remove_level_button])])  # fmt: skip
        relations = w.VBox([self.relations, self.relation_type, self.relation_meaning, self.relation_target,
                            self.relation_note, w.HBox([self.add_relation_button, self.remove_relation_button])])  # fmt: skip
        alignments = w.VBox([self.alignments, self.alignment_framework, self.alignment_name, self.alignment_url,
                             self.alignment_code, w.HBox([self.add_alignment_button, self.remove_alignment_button])])  # fmt: skip
        self.tabs = w.Tab([form, levels, relations, alignments])
        L.on_language(self._tab_titles)
        left = w.VBox([self.filter, self.tree, self.new_title, w.HBox([self.add_child_button, self.add_root_button])])
        return [w.HBox([left, w.VBox([self.tabs], layout=w.Layout(flex="1"))])]

    def _tab_titles(self, lang: str) -> None:
        for i, key in enumerate(("fw.tab-competency", "fw.tab-levels", "fw.tab-relations", "fw.tab-alignments")):
            self.tabs.set_title(i, t(key, lang))

    def _current(self) -> Competency | None:
        ident = self.state.selected_id("competency")
        return self.state.framework.competency(ident) if ident and self.state.framework else None

    # --- showing -----------------------------------------------------------------------------------

    def refresh(self) -> None:
        fw = self.state.framework
        if fw is None:
            return
        self._fill_tree()
        options = [(t("workshop.no-parent", self.lang), "")] + [
            (item_label(c, self.lang), c.id) for c in fw.competencies
        ]
        self._set_options(self.parent, options)
        self._set_options(
            self.relation_target, [(f"{item_label(c, self.lang)} ({c.id})", c.id) for c in fw.competencies]
        )
        self._show_selected()

    def _fill_tree(self) -> None:
        fw = self.state.framework
        if fw is None:
            return
        needle = self.filter.value.strip().lower()
        rows: list[tuple[str, str]] = []
        seen: set[str] = set()

        def walk(parent: str | None, depth: int) -> None:
            for c in fw.children(parent):
                if c.id in seen:
                    continue
                seen.add(c.id)
                label = item_label(c, self.lang)
                if not needle or needle in label.lower() or needle in c.id:
                    marker = "▸ " if fw.children(c.id) else "• "
                    rows.append(("\u2003" * depth + marker + label, c.id))
                walk(c.id, depth + 1)

        walk(None, 0)
        rows += [(f"⚠ {item_label(c, self.lang)}", c.id) for c in fw.competencies if c.id not in seen]
        self._filling = True
        try:
            self.tree.options = rows
            ident = self.state.selected_id("competency")
            self.tree.value = ident if ident in {v for _, v in rows} else None
        finally:
            self._filling = False

    def _tree_chosen(self, change: dict[str, Any]) -> None:
        if not getattr(self, "_filling", False) and change["new"]:
            self.state.select("competency", change["new"])

    def _show_selected(self) -> None:
        c = self._current()
        lang = self.lang
        if c is None:
            self.problems.show([], lang, t("fw.pick", lang))
            for box in (self.levels, self.relations, self.alignments):
                box.options = []
            return
        if self.tree.value != c.id and c.id in {v for _, v in self.tree.options}:
            self._filling = True
            self.tree.value = c.id
            self._filling = False
        self.title_fr.value = c.title.get("fr", "")
        self.title_en.value = c.title.get("en", "")
        self.description_fr.value = c.description.get("fr", "")
        self.description_en.value = c.description.get("en", "")
        self.kind.value = str(c.kind)
        self.parent.value = c.parent or "" if (c.parent or "") in {v for _, v in self.parent.options} else ""
        self.code.value = c.code
        self.levels.options = [
            (f"{lv.id} — {text(lv.name, lang)}{colon(lang)} {text(lv.descriptor, lang)}", lv.id) for lv in c.levels
        ]
        fw = self.state.framework
        rels = [r for r in fw.relations if c.id in (r.source, r.target)]
        self.relations.options = [
            (f"{item_label(fw.competency(r.source) or c, lang) if r.source != c.id else '⟶'} {r.type} "
             f"{item_label(fw.competency(r.target), lang) if fw.competency(r.target) else r.target}"
             + (f" ({r.note})" if r.note else ""), f"{r.source}|{r.type}|{r.target}")
            for r in rels
        ]  # fmt: skip
        self.alignments.options = [
            (f"{a.framework} · {a.code} {a.name}".strip(), i) for i, a in enumerate(c.alignments)
        ]
        self.problems.show(self.state.report.about(f"competency:{c.id}"), lang)
        self._show_meaning()

    def _show_meaning(self) -> None:
        """The meaning of the chosen relation type, in words, with the actual names put in."""
        lang = self.lang
        kind = self.relation_type.value
        if not kind:
            self.relation_meaning.value = ""
            return
        c = self._current()
        fw = self.state.framework
        target = fw.competency(self.relation_target.value) if fw and self.relation_target.value else None
        a = item_label(c, lang) if c else "A"
        b = item_label(target, lang) if target else "B"
        self.relation_meaning.value = (
            "<div class='bw-relation-meaning' style='background:#eef4fb;padding:6px;border-radius:4px'>"
            f"<b>{esc(kind)}</b>{colon(lang)} {esc(relation_meaning(kind, lang))}<br><small>A = «\u202f{esc(a)}\u202f», B = «\u202f{esc(b)}\u202f»</small></div>"
        )

    # --- actions -----------------------------------------------------------------------------------

    def _save(self, _button: Any = None) -> None:
        c = self._current()
        if c is None:
            self.state.say("pick-item", "warning")
            return
        title = {k: v for k, v in {"fr": self.title_fr.value.strip(), "en": self.title_en.value.strip()}.items() if v}
        description = {k: v for k, v in {"fr": self.description_fr.value.strip(),
                                         "en": self.description_en.value.strip()}.items() if v}  # fmt: skip
        changes = {"title": {**c.title, **title}, "description": {**c.description, **description},
                   "parent": self.parent.value or None, "code": self.code.value.strip()}  # fmt: skip
        changes["kind"] = self.kind.value

        def save(fw: Any) -> Any:
            return edit.update_item(fw, "competency", c.id, author=self.state.author, **changes)

        self.edit(save, c.id)

    def _add(self, child: bool) -> None:
        title = self.new_title.value.strip()
        fw = self.state.framework
        if not title or fw is None:
            self.state.say("need-title", "error")
            return
        parent = self._current().id if child and self._current() else None
        ident = unique_id(slugify(title), {c.id for c in fw.competencies})
        item = Competency(id=ident, title={self.lang: title}, parent=parent)
        if self.edit(lambda fw: edit.add_item(fw, item, author=self.state.author), title):
            self.new_title.value = ""
            self.state.select("competency", ident)

    def _remove(self, _button: Any = None) -> None:
        c = self._current()
        if c is not None:
            self.edit(lambda fw: edit.remove_item(fw, "competency", c.id), f"− {c.id}")

    def _add_level(self, _button: Any = None) -> None:
        c = self._current()
        ident = self.level_id.value.strip() or str(len(c.levels) + 1 if c else 1)
        if c is None:
            self.state.say("pick-item", "warning")
            return
        level = Level(id=ident, name={self.lang: self.level_name.value.strip()} if self.level_name.value.strip() else {},
                      descriptor={self.lang: self.level_descriptor.value.strip()} if self.level_descriptor.value.strip() else {})  # fmt: skip
        levels = [lv for lv in c.levels if lv.id != ident] + [level]
        if self.edit(lambda fw: edit.update_item(fw, "competency", c.id, author=self.state.author, levels=levels),
                     f"{c.id} +{ident}"):  # fmt: skip
            self.level_id.value = self.level_name.value = self.level_descriptor.value = ""

    def _remove_level(self, _button: Any = None) -> None:
        c = self._current()
        if c is None or self.levels.value is None:
            return
        levels = [lv for lv in c.levels if lv.id != self.levels.value]
        self.edit(lambda fw: edit.update_item(fw, "competency", c.id, author=self.state.author, levels=levels), c.id)

    def _add_relation(self, _button: Any = None) -> None:
        c = self._current()
        if c is None or not self.relation_target.value:
            self.state.say("pick-item", "warning")
            return
        kind, target, note = self.relation_type.value, self.relation_target.value, self.relation_note.value.strip()
        if target == c.id:  # said here, in the interface's language, rather than by the library's refusal
            self.state.say("relation-to-itself", "warning")
            return
        if self.edit(lambda fw: edit.add_relation(fw, c.id, kind, target, note), f"{c.id} {kind} {target}"):
            self.relation_note.value = ""

    def _remove_relation(self, _button: Any = None) -> None:
        if not self.relations.value:
            return
        source, kind, target = self.relations.value.split("|")
        self.edit(lambda fw: edit.remove_relation(fw, source, kind, target), f"− {source} {kind} {target}")

    def _add_alignment(self, _button: Any = None) -> None:
        c = self._current()
        if c is None:
            self.state.say("pick-item", "warning")
            return
        try:
            alignment = Alignment(framework=self.alignment_framework.value.strip(), name=self.alignment_name.value.strip(),
                                  url=self.alignment_url.value.strip(), code=self.alignment_code.value.strip())  # fmt: skip
        except ValueError as error:
            self.state.show_error(error)
            return
        if not alignment.framework or not alignment.name:
            self.state.say("alignment-needs", "error")
            return
        alignments = [*c.alignments, alignment]
        if self.edit(lambda fw: edit.update_item(fw, "competency", c.id, author=self.state.author, alignments=alignments),
                     f"{c.id} ⇢ {alignment.name}"):  # fmt: skip
            for box in (self.alignment_name, self.alignment_url, self.alignment_code):
                box.value = ""

    def _remove_alignment(self, _button: Any = None) -> None:
        c = self._current()
        if c is None or self.alignments.value is None:
            return
        alignments = [a for i, a in enumerate(c.alignments) if i != self.alignments.value]
        self.edit(
            lambda fw: edit.update_item(fw, "competency", c.id, author=self.state.author, alignments=alignments), c.id
        )

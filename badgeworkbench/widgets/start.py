"""Start here: open or create a framework, see its health (the checking report), jump to an item."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ipywidgets as w

from .. import coauthoring
from ..errors import BadgeWorkbenchError
from ..model import text
from ..report import Problem
from ..workspace import new_framework
from .base import Panel, esc, item_label
from .i18n import error_text, t
from .problems import ProblemList

__all__ = ["NOTEBOOK_FOR_KIND", "StartPanel", "item_card", "item_facts"]

#: Which notebook edits which kind of item: where "jump to the item" leads.
NOTEBOOK_FOR_KIND = {
    "competency": "02-framework.ipynb",
    "badge": "03-badges.ipynb",
    "pathway": "04-constellation.ipynb",
    "layout": "04-constellation.ipynb",
    "partner": "00-start-here.ipynb",
    "territory": "00-start-here.ipynb",
}
_ICONS = {"error": "✖", "warning": "⚠", "info": "ℹ️"}


def item_facts(item: Any, lang: str) -> list[str]:
    """HTML lines on an item's co-design life: status and dot-votes, who proposed it and when, who
    changed it last, its latest comments."""
    rows: list[str] = []
    colon = "\u202f:" if lang == "fr" else ":"
    status = getattr(item, "status", None)
    if status:
        votes = getattr(item, "votes", 0) or 0
        rows.append(f"{esc(t('field.status', lang))}{colon} {esc(t('status.' + str(status), lang))}"
                    + (f" · {'●' * min(votes, 20)} {votes}" if votes else ""))  # fmt: skip
    prov = getattr(item, "provenance", None)
    if prov is not None and prov.proposed_by:
        rows.append(f"{esc(t('field.proposed-by', lang))}{colon} {esc(prov.proposed_by)}"
                    + (f" ({esc(prov.proposed_by_person)})" if prov.proposed_by_person else "")
                    + (f", {prov.created:%Y-%m-%d}" if prov.created else ""))  # fmt: skip
    if prov is not None and prov.changed_by:
        rows.append(f"{esc(t('field.changed-by', lang))}{colon} {esc(prov.changed_by)}"
                    + (f" ({esc(prov.changed_by_person)})" if prov.changed_by_person else "")
                    + (f", {prov.changed:%Y-%m-%d %H:%M}" if prov.changed else ""))  # fmt: skip
    comments = getattr(item, "comments", None) or []
    if comments:
        rows.append(f"<b>{esc(t('field.comments', lang, n=len(comments)))}</b><ul class='bw-comments'>" + "".join(
            f"<li><b>{esc(c.author)}</b>{' (' + esc(c.partner) + ')' if c.partner else ''}{colon} {esc(c.text)}</li>"
            for c in comments[-5:]) + "</ul>")  # fmt: skip
    return rows


def item_card(state: Any, ref: str, lang: str) -> str:
    """HTML describing one item (``kind:id``): its name, status, who proposed it, its problems."""
    fw = state.framework
    if not ref or fw is None:
        return ""
    kind, _, ident = ref.partition(":")
    getter = getattr(fw, kind, None)
    item = getter(ident) if kind in NOTEBOOK_FOR_KIND and callable(getter) else None
    rows = [f"<b>{esc(t('kind.' + kind, lang) if kind in NOTEBOOK_FOR_KIND else kind)}</b> "
            f"<code>{esc(ident)}</code>"]  # fmt: skip
    if item is not None:
        rows.append(f"<span style='font-size:1.2em'>{esc(item_label(item, lang))}</span>")
        for name in ("description",):
            value = getattr(item, name, None)
            if isinstance(value, dict) and value:
                rows.append(f"<i>{esc(text(value, lang)[:300])}</i>")
        rows.extend(item_facts(item, lang))
    problems = state.report.about(ref)
    if problems:
        rows.append("<ul>" + "".join(f"<li>{_ICONS.get(str(p.severity), '•')} {esc(p.text(lang))}"
                                      + (f" <small>({esc(p.field)})</small>" if p.field else "") + "</li>"
                                      for p in problems) + "</ul>")  # fmt: skip
    notebook = NOTEBOOK_FOR_KIND.get(kind)
    if notebook:
        rows.append(f"{esc(t('start.edit-in', lang))} <a href='{esc(notebook)}' target='_blank'>{esc(notebook)}</a>")
    return (
        "<div class='bw-item-card' style='border:1px solid #ccd;padding:8px;border-radius:6px'>"
        + "<br>".join(rows)
        + "</div>"
    )


class StartPanel(Panel):
    """Open or create a framework; its health, problems grouped by kind (each with a jump to its item),
    and the full table on demand."""

    title_key = "start.title"

    def build(self) -> list[w.Widget]:
        L = self.label
        wide = w.Layout(width="70%")
        self.path_input = L(w.Text(value=self.state.path, layout=wide), "start.path")
        self.open_button = L(w.Button(icon="folder-open", button_style="primary"), "start.open")
        self.open_button.on_click(self._open)
        self.new_folder = L(w.Text(layout=wide), "start.new-folder")
        self.new_title = L(w.Text(layout=wide), "start.new-title")
        self.create_button = L(w.Button(icon="plus"), "start.create")
        self.create_button.on_click(self._create)
        self.summary = w.HTML()
        self.health = w.HTML()
        self.severity_filter = w.ToggleButtons(style={"button_width": "110px"})
        L.on_language(self._severity_options)
        self.severity_filter.observe(lambda _: self._fill_problems(), names="value")
        self.problems = ProblemList(on_jump=self._jump)
        self.item_view = w.HTML()
        self.table = w.HTML()
        self.next_steps = w.HTML()
        self.state.observe(lambda _: self._show_item(), names="selected")
        self.create_section = w.Accordion([w.VBox([self.new_folder, self.new_title, self.create_button])])
        self.table_section = w.Accordion([self.table])
        # one row per problem: built only when opened (thousands of rows otherwise, before anything else)
        self.table_section.observe(lambda _: self._fill_table(), names="selected_index")
        self.history = w.HTML(layout=w.Layout(max_height="320px", overflow="auto"))
        self.history_section = w.Accordion([self.history])
        self.state.observe(lambda _: self._show_history(), names="saves")  # a save adds a line to the log
        return [
            L.html("start.open-heading", "h4"), w.HBox([self.path_input, self.open_button]), self.create_section,
            self.summary, L.html("start.health", "h4"), self.health, self.severity_filter,
            self.problems, self.item_view, self.table_section, self.history_section,
            self.next_steps,
        ]  # fmt: skip

    def _show_history(self) -> None:
        """Who saved what, and when (``coauthoring.read_log``, newest first), and the named versions."""
        lang = self.lang
        try:  # a history folder linked outside the framework is refused by the library: say so, in the UI language
            entries = self.state.history()
            versions = coauthoring.list_versions(self.state.path) if self.state.path else []
        except BadgeWorkbenchError as error:
            entries, versions, broken = [], [], error_text(error, lang)
        else:
            broken = ""
        rows = "".join(f"<li>{esc(e.describe(lang))}</li>" for e in reversed(entries[-100:]))
        named = "".join(
            f"<li><b>{esc(v.name)}</b> {esc(v.date[:16].replace('T', ' '))} {esc(v.note)}</li>" for v in versions
        )
        self.history.value = (
            (f"<ul class='bw-history'>{rows}</ul>" if rows else f"<i>{esc(t('start.no-history', lang))}</i>")
            + (f"<h4>{esc(t('start.versions', lang))}</h4><ul>{named}</ul>" if named else "")
            + (f"<div style='color:#b00020'>{esc(broken)}</div>" if broken else "")
        )

    def _severity_options(self, lang: str) -> None:
        value = self.severity_filter.value or ""
        self.severity_filter.options = [
            (t(f"start.filter-{k or 'all'}", lang), k) for k in ("", "error", "warning", "info")
        ]
        self.severity_filter.value = value

    def refresh(self) -> None:
        lang, fw, report = self.lang, self.state.framework, self.state.report
        self.create_section.set_title(0, t("start.create-heading", lang))
        self.table_section.set_title(0, t("start.table", lang))
        self.history_section.set_title(0, t("start.history", lang))
        self._show_history()
        if fw is None:
            self.summary.value = f"<i>{esc(t('header.no-framework', lang))}</i>"
            return
        if not self.path_input.value:
            self.path_input.value = self.state.path
        counts = [("partners", len(fw.partners)), ("territories", len(fw.territories)),
                  ("competencies", len(fw.competencies)), ("badges", len(fw.badges)), ("pathways", len(fw.pathways)),
                  ("relations", len(fw.relations))]  # fmt: skip
        self.summary.value = (
            f"<h2>{esc(text(fw.title, lang) or fw.id)}</h2><p>{esc(text(fw.description, lang))}</p>"
            + " · ".join(f"<b>{n}</b> {esc(t('count.' + k, lang))}" for k, n in counts)
        )
        if report.ok and not report.warnings:
            verdict = f"<span style='color:#2e7d32'>✔ {esc(t('start.healthy', lang))}</span>"
        elif report.ok:
            verdict = f"<span style='color:#9a6700'>⚠ {esc(t('start.warnings', lang, n=len(report.warnings)))}</span>"
        else:
            summary = t("start.errors", lang, n=len(report.errors), w=len(report.warnings))
            verdict = f"<span style='color:#b00020'>✖ {esc(summary)}</span>"
        self.health.value = f"<p style='font-size:1.15em'>{verdict}</p>"
        self._fill_problems()
        self._fill_table()
        self.next_steps.value = "<p>" + esc(t("start.next", lang)) + "</p><ul>" + "".join(
            f"<li><a href='{nb}' target='_blank'>{nb}</a> — {esc(t('start.nb-' + nb[:2], lang))}</li>"
            for nb in ("01-workshop.ipynb", "02-framework.ipynb", "03-badges.ipynb", "04-constellation.ipynb",
                       "05-analysis.ipynb", "06-export.ipynb", "07-materials.ipynb", "08-verify.ipynb")) + "</ul>"  # fmt: skip
        self._show_item()

    def _fill_problems(self) -> None:
        severity = self.severity_filter.value or ""
        shown = [p for p in self.state.report.problems if not severity or str(p.severity) == severity]
        self.problems.show(shown, self.lang, t("const.no-problem", self.lang))

    def _fill_table(self) -> None:
        if self.table_section.selected_index is None or self.state.framework is None:
            self.table.value = ""
            return
        frame = self.state.report.to_frame(self.lang)
        self.table.value = frame.to_html(index=False, na_rep="", border=0, classes="bw-report") if len(frame) else ""

    def _jump(self, problem: Problem) -> None:
        if problem.item:
            self.state.selected = problem.item
        self._show_item()

    def _show_item(self) -> None:
        self.item_view.value = item_card(self.state, self.state.selected, self.lang)

    def _open(self, _button: Any = None) -> None:
        self.state.try_load(self.path_input.value.strip())

    def _create(self, _button: Any = None) -> None:
        folder, title = self.new_folder.value.strip(), self.new_title.value.strip()
        if not folder or not title:
            self.state.say("create-needs", "error")
            return
        try:
            new_framework(Path(folder).expanduser(), title, lang=self.lang)
        except BadgeWorkbenchError as error:
            self.state.show_error(error)
            return
        if self.state.try_load(folder):
            self.path_input.value = self.state.path

"""Analysis for analysts: pandas tables, the coverage heatmap, gaps, and the learner-route explorer.

Every figure comes from ``badgeworkbench.constellation`` (the same functions as
``badgeworkbench analyze`` and ``badgeworkbench next``); the panel only shows them. The table on
screen is :meth:`AnalysisPanel.frame`, a pandas DataFrame to take further in the notebook.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w
import pandas as pd

from .. import coauthoring, constellation
from ..diff import FrameworkDiff, compare
from ..errors import BadgeWorkbenchError
from ..files import load_framework
from ..tables import badges_table, competencies_table, partners_table
from .base import Panel, esc, item_label
from .i18n import error_text, t

__all__ = ["TABLES", "AnalysisPanel", "analysis_table"]

#: Compact rows (widget HTML inherits a tall line height) and a header that stays in view.
_TABLE_STYLE = ("<style>.bw-table td, .bw-table th {line-height:1.3; padding:3px 8px; vertical-align:top}"
                ".bw-table thead th {position:sticky; top:0; background:#f4f6fa}</style>")  # fmt: skip

#: The tables the panel offers, in the order of the switch.
TABLES = ("competencies", "badges", "partners", "coverage", "contribution", "territories", "centrality")


def analysis_table(framework: Any, choice: str, lang: str = "fr") -> pd.DataFrame:
    """One of :data:`TABLES` as a DataFrame.

    ``centrality`` skips betweenness (``competency_centrality(..., betweenness=False)``): it stays
    instant on a ROME-sized framework; call the function yourself for betweenness.
    """
    if choice == "badges":
        return badges_table(framework, lang)
    if choice == "partners":
        return partners_table(framework)
    if choice == "coverage":
        return constellation.coverage_by_level(framework)
    if choice == "contribution":
        return constellation.contribution(framework, by="partner")
    if choice == "territories":
        return constellation.contribution(framework, by="territory")
    if choice == "centrality":
        return constellation.competency_centrality(framework, betweenness=False)
    return competencies_table(framework, lang)


class AnalysisPanel(Panel):
    """Tables, coverage, gaps and learner routes, recomputed after each edit."""

    title_key = "analysis.title"

    def build(self) -> list[w.Widget]:
        L = self.label
        self.table_choice = w.Dropdown(layout=w.Layout(width="360px"))
        L.on_language(lambda lang: self._set_options(self.table_choice, [(t("analysis.table-" + c, lang), c)
                                                                          for c in TABLES]))  # fmt: skip
        self.table_choice.value = "competencies"
        self.table_choice.observe(lambda _: self._show_table(), names="value")
        self.table = w.HTML(layout=w.Layout(max_height="460px", overflow="auto"))
        self.heatmap = w.Image(format="png", layout=w.Layout(max_width="100%"))
        self.contribution_image = w.Image(format="png", layout=w.Layout(max_width="100%"))
        self.heatmap_button = L(w.Button(icon="th", button_style="primary"), "analysis.draw-heatmap")
        self.heatmap_button.on_click(lambda _: self.draw_charts())
        self.summary = w.HTML()
        self.gaps = w.HTML()
        # The learner-route explorer: the badges held, a target, and what follows.
        self.held = L(w.SelectMultiple(rows=10, layout=w.Layout(width="95%")), "analysis.held")
        self.target = L(w.Dropdown(layout=w.Layout(width="95%")), "analysis.target")
        self.held.observe(lambda _: self.explore(), names="value")
        self.target.observe(lambda _: self.explore(), names="value")
        self.reach = w.HTML()
        self.routes = w.HTML()
        self.progress = w.HTML(layout=w.Layout(overflow="auto"))
        explorer = w.HBox([
            w.VBox([L.html("analysis.held-help", "i"), self.held, self.target], layout=w.Layout(width="40%")),
            w.VBox([self.reach, self.routes], layout=w.Layout(width="58%")),
        ])  # fmt: skip
        self.tabs = w.Tab([
            w.VBox([self.table_choice, self.table]),
            w.VBox([self.heatmap_button, self.heatmap, self.contribution_image]),
            w.VBox([self.summary, self.gaps]),
            w.VBox([explorer, L.html("analysis.progress", "h4"), self.progress]),
            *self.extra_tabs(),
        ])  # fmt: skip
        L.on_language(self._tab_titles)
        return [self.tabs]

    def extra_tabs(self) -> list[w.Widget]:
        """The framework comparison (``diff.compare``): with a named version, or another framework folder."""
        L = self.label
        self.compare_version = L(w.Dropdown(layout=w.Layout(width="420px")), "analysis.compare-version")
        self.compare_folder = L(w.Text(layout=w.Layout(width="70%")), "analysis.compare-folder")
        L(self.compare_folder, "analysis.compare-folder-placeholder", "placeholder")
        self.compare_button = L(w.Button(icon="exchange", button_style="primary"), "analysis.compare")
        self.compare_button.on_click(lambda _: self.compare())
        self.comparison = w.HTML(layout=w.Layout(max_height="520px", overflow="auto"))
        for box in (self.compare_version, self.compare_folder):
            box.style = {"description_width": "200px"}
        return [w.VBox([self.compare_version, self.compare_folder, self.compare_button, self.comparison])]

    _TAB_KEYS = ("analysis.tab-tables", "analysis.tab-coverage", "analysis.tab-gaps", "analysis.tab-routes",
                 "analysis.tab-compare")  # fmt: skip

    def _fill_versions(self) -> None:
        lang = self.lang
        try:
            versions = coauthoring.list_versions(self.state.path) if self.state.path else []
        except BadgeWorkbenchError:
            versions = []
        self._set_options(self.compare_version, [(t("analysis.compare-none", lang), "")] + [
            (f"{v.name} — {v.date[:10]} {v.note}".strip(), v.name) for v in versions])  # fmt: skip

    def compare(self) -> FrameworkDiff | None:
        """What changed from the version chosen (or the folder given) to the framework open now."""
        fw, lang = self.state.framework, self.lang
        folder, version = self.compare_folder.value.strip(), self.compare_version.value
        try:
            if folder:
                old = load_framework(folder)
            elif version:
                old = coauthoring.load_version(self.state.path, version)
            else:
                self.comparison.value = f"<i>{esc(t('analysis.compare-pick', lang))}</i>"
                return None
        except BadgeWorkbenchError as error:
            self.comparison.value = f"<b style='color:#b00020'>✖ {esc(error_text(error, self.lang))}</b>"
            return None
        diff = compare(old, fw)
        table = diff.to_frame()
        self.comparison.value = f"<pre class='bw-diff' style='white-space:pre-wrap'>{esc(diff.summary(lang))}</pre>" + (
            table.to_html(index=False, border=0, na_rep="") if len(table) else ""
        )
        self.diff = diff
        return diff

    def _tab_titles(self, lang: str) -> None:
        for i, key in enumerate(self._TAB_KEYS):
            self.tabs.set_title(i, t(key, lang))

    def frame(self) -> pd.DataFrame:
        """The table shown, as a pandas DataFrame (analysts can take it from here)."""
        return analysis_table(self.state.framework, self.table_choice.value or "competencies", self.lang)

    def refresh(self) -> None:
        fw, lang = self.state.framework, self.lang
        if fw is None:
            return
        self._show_table()
        self._show_gaps()
        if self.heatmap.value:
            self.draw_charts()
        badges = [(f"{item_label(b, lang)} ({b.id})", b.id) for b in fw.badges]
        self._exploring = True
        try:
            self._set_options(self.held, badges)
            self._set_options(self.target, [(t("analysis.no-target", lang), ""), *badges])
        finally:
            self._exploring = False
        self.explore()
        self._fill_versions()

    def _show_table(self) -> None:
        if self.state.framework is not None:
            self.table.value = _TABLE_STYLE + self.frame().to_html(
                border=0, na_rep="", max_rows=500, classes="bw-table"
            )

    def draw_charts(self) -> None:
        """The coverage heatmap and the contribution chart (``constellation.coverage_heatmap`` and
        ``contribution_chart``), drawn on request: they take a second on large frameworks."""
        fw, lang = self.state.framework, self.lang
        self.heatmap.value = constellation.coverage_heatmap(fw, "png", lang)
        self.contribution_image.value = constellation.contribution_chart(fw, "png", lang)

    def _show_gaps(self) -> None:
        fw, lang = self.state.framework, self.lang
        found = constellation.analyze(fw)
        self.summary.value = f"<pre class='bw-summary' style='white-space:pre-wrap'>{esc(found.to_text(lang))}</pre>"

        def badge(i: str) -> str:
            return f"{esc(item_label(fw.badge(i), lang)) if fw.badge(i) else ''} <code>{esc(i)}</code>"

        def competency(i: str) -> str:
            return f"{esc(item_label(fw.competency(i), lang)) if fw.competency(i) else ''} <code>{esc(i)}</code>"

        sections = [
            ("analysis.gap-competencies", [competency(i) for i in found.uncovered_competencies]),
            ("analysis.gap-unreached", [badge(i) for i in found.unreached_badges]),
            ("analysis.gap-duplicates", [", ".join(badge(i) for i in group) for group in found.duplicates]),
            ("analysis.gap-badges", [badge(b.id) for b in fw.badges if not b.competencies]),
        ]
        # One closed line per kind of gap, its count in the title: at a consortium's size the lists run
        # to thousands of items, and an open list would hide the kinds after it.
        self.gaps.value = "".join(
            f"<details class='bw-gap'><summary style='font-weight:bold;cursor:pointer'>{esc(t(key, lang, n=len(rows)))}"
            f"</summary><ul>{''.join(f'<li>{r}</li>' for r in rows[:200])}</ul>"
            + (f"<small>+{len(rows) - 200}</small>" if len(rows) > 200 else "") + "</details>"
            for key, rows in sections
        )

    def explore(self) -> None:
        """Show, for the badges held: within reach, open to anyone, the shortest routes to the
        target (``constellation.next_steps``) and the progress on every pathway."""
        fw, lang = self.state.framework, self.lang
        if fw is None or getattr(self, "_exploring", False):
            return
        held = list(self.held.value)
        target = self.target.value or None
        steps = constellation.next_steps(fw, held, target)

        def names(ids: list[str]) -> str:
            return "".join(f"<li>{esc(item_label(fw.badge(i), lang))} <code>{esc(i)}</code></li>" for i in ids)

        self.reach.value = (
            f"<h4>{esc(t('analysis.within-reach', lang, n=len(steps.within_reach)))}</h4>"
            f"<ul class='bw-within-reach'>{names(steps.within_reach)}</ul>"
            f"<details><summary>{esc(t('analysis.open', lang, n=len(steps.open)))}</summary>"
            f"<ul>{names(steps.open)}</ul></details>"
        )
        if target is None:
            self.routes.value = f"<i>{esc(t('analysis.pick-target', lang))}</i>"
        elif not steps.routes:
            why = "".join(f"<li>{esc(p.text(lang))}</li>" for p in steps.blocked_by)
            self.routes.value = f"<b>{esc(t('analysis.no-route', lang))}</b><ul>{why}</ul>"
        else:
            items = "".join(
                f"<li>{esc(t('analysis.route-length', lang, n=len(r)))} {esc(r.describe(fw, lang))}</li>"
                for r in steps.routes
            )
            self.routes.value = (f"<h4>{esc(t('analysis.routes-to', lang, name=item_label(fw.badge(target), lang)))}"
                                 f"</h4><ol class='bw-routes'>{items}</ol>")  # fmt: skip
        table = constellation.pathway_progress(fw, held, lang)
        self.progress.value = (
            _TABLE_STYLE + table.to_html(border=0, na_rep="", classes="bw-table") if len(table) else ""
        )
        self.next_steps = steps

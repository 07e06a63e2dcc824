"""Analysis for analysts: pandas tables, the coverage heatmap, gaps, and the learner-route explorer
(from ``badgeworkbench.constellation`` once it is installed)."""

from __future__ import annotations

import io
from typing import Any

import ipywidgets as w

from ..tables import badges_table, competencies_table, coverage_matrix, partners_table
from .base import Panel, esc, item_label, unavailable
from .features import optional
from .i18n import t

__all__ = ["AnalysisPanel", "coverage_heatmap_png", "gaps"]


def coverage_heatmap_png(framework: Any, lang: str = "fr", max_rows: int = 60, max_columns: int = 60) -> bytes:
    """A PNG heatmap of which badges recognise which competencies (top-level domains when too many)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    matrix = coverage_matrix(framework)
    if len(matrix) > max_rows:  # group competencies by their top-level domain so the picture stays readable

        def root(cid: str) -> str:
            seen, c = set(), framework.competency(cid)
            while c is not None and c.parent and c.parent not in seen and framework.competency(c.parent):
                seen.add(c.parent)
                c = framework.competency(c.parent)
            return c.id if c else cid

        matrix = matrix.groupby([root(c) for c in matrix.index]).sum()
    matrix = matrix.iloc[:max_rows, :max_columns]
    rows = [item_label(framework.competency(c), lang) if framework.competency(c) else c for c in matrix.index]
    cols = [item_label(framework.badge(b), lang)[:24] if framework.badge(b) else b for b in matrix.columns]
    fig, ax = plt.subplots(figsize=(max(4, 0.3 * len(cols) + 3), max(3, 0.28 * len(rows) + 2)), dpi=80)
    ax.imshow(matrix.to_numpy() if len(matrix) else [[0]], cmap="Blues", aspect="auto", interpolation="nearest")
    ax.set_xticks(range(len(cols)), cols, rotation=70, ha="right", fontsize=7)
    ax.set_yticks(range(len(rows)), [r[:40] for r in rows], fontsize=7)
    ax.set_title(t("analysis.heatmap", lang))
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()


def gaps(framework: Any) -> dict[str, list[str]]:
    """Competencies no badge recognises, badges recognising nothing, partners issuing or endorsing nothing."""
    recognised = {rc.competency for b in framework.badges for rc in b.competencies}
    parents = {c.parent for c in framework.competencies if c.parent}
    involved = {b.issuer for b in framework.badges} | {e for b in framework.badges for e in b.endorsers}
    return {
        "competencies": [c.id for c in framework.competencies if c.id not in recognised and c.id not in parents],
        "badges": [b.id for b in framework.badges if not b.competencies],
        "partners": [p.id for p in framework.partners if p.id not in involved],
    }


class AnalysisPanel(Panel):
    """Tables, coverage, gaps and learner routes, recomputed after each edit."""

    title_key = "analysis.title"

    def build(self) -> list[w.Widget]:
        L = self.label
        self.table_choice = w.ToggleButtons(style={"button_width": "140px"})
        L.on_language(lambda lang: self._set_options(self.table_choice, [
            (t("count.competencies", lang).capitalize(), "competencies"), (t("count.badges", lang).capitalize(), "badges"),
            (t("count.partners", lang).capitalize(), "partners")]))  # fmt: skip
        self.table_choice.observe(lambda _: self._show_table(), names="value")
        self.table = w.HTML(layout=w.Layout(max_height="420px", overflow="auto"))
        self.heatmap = w.Image(format="png")
        self.heatmap_button = L(w.Button(icon="th"), "analysis.draw-heatmap")
        self.heatmap_button.on_click(lambda _: self._draw_heatmap())
        self.gaps = w.HTML()
        routes = optional("badgeworkbench.constellation", "learner_routes")
        self.routes = unavailable(L, "analysis.routes-unavailable") if routes is None else w.HTML()
        self.tabs = w.Tab([w.VBox([self.table_choice, self.table]), w.VBox([self.heatmap_button, self.heatmap]),
                           self.gaps, self.routes])  # fmt: skip
        L.on_language(self._tab_titles)
        return [self.tabs]

    @staticmethod
    def _set_options(widget: Any, options: list[tuple[str, Any]]) -> None:
        value = widget.value
        widget.options = options
        if value in {v for _, v in options}:
            widget.value = value

    def _tab_titles(self, lang: str) -> None:
        for i, key in enumerate(
            ("analysis.tab-tables", "analysis.tab-coverage", "analysis.tab-gaps", "analysis.tab-routes")
        ):
            self.tabs.set_title(i, t(key, lang))

    def frame(self) -> Any:
        """The table shown, as a pandas DataFrame (analysts can take it from here)."""
        fw, lang = self.state.framework, self.lang
        choice = self.table_choice.value or "competencies"
        if choice == "badges":
            return badges_table(fw, lang)
        if choice == "partners":
            return partners_table(fw)
        return competencies_table(fw, lang)

    def refresh(self) -> None:
        if self.state.framework is None:
            return
        self._show_table()
        self._show_gaps()
        if self.heatmap.value:
            self._draw_heatmap()

    def _show_table(self) -> None:
        if self.state.framework is not None:
            self.table.value = self.frame().to_html(border=0, na_rep="", max_rows=500)

    def _draw_heatmap(self) -> None:
        self.heatmap.value = coverage_heatmap_png(self.state.framework, self.lang)

    def _show_gaps(self) -> None:
        fw, lang = self.state.framework, self.lang
        found = gaps(fw)
        names = {
            "competencies": lambda i: item_label(fw.competency(i), lang),
            "badges": lambda i: item_label(fw.badge(i), lang),
            "partners": lambda i: fw.partner(i).name or i,
        }
        parts = []
        for key, ids in found.items():
            items = "".join(f"<li>{esc(names[key](i))} <code>{esc(i)}</code></li>" for i in ids[:200])
            parts.append(f"<h4>{esc(t('analysis.gap-' + key, lang, n=len(ids)))}</h4><ul>{items}</ul>")
        self.gaps.value = "".join(parts)

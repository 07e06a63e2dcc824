"""The constellation: badges as an interactive graph. Click to select, drag to arrange (positions
are saved in ``layout.yaml``), add prerequisites and "any N of M" groups, see pathways, see problems.

At the consortium's size (hundreds of badges) the panel narrows what is drawn: filters by pathway,
territory, partner, category, level and status, a focus on one badge's neighbourhood (k steps each
way) and a search box (:mod:`badgeworkbench.constellation.views`). Only the shown badges, their
arrows and their positions go to the page; positions come from the whole framework's layout, so a
filter moves nothing, and a badge dragged in a filtered view is saved as anywhere else."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from .. import constellation, edit
from ..constellation.views import FACETS, ViewFilter, facet_values, search_badges, view_badges
from ..model import Badge, Requirement, text
from ..report import Problem
from ..requirements import describe_requirement, describe_stage
from .base import Panel, colon, esc, item_label
from .graph import ConstellationGraph
from .i18n import t
from .problems import ProblemList
from .start import item_facts

__all__ = ["ConstellationPanel", "badge_problems", "graph_of_badges", "graph_positions", "with_requirement"]

_CATEGORY_COLOURS = {"competency": "#4f7cac", "participation": "#c77d2e", "engagement": "#8e5ba8",
                     "experiential": "#3d8b6e"}  # fmt: skip


def with_requirement(badge: Badge, added: str | Requirement) -> Requirement:
    """The badge's requirement with ``added`` (a badge id or an "N of M" group) also required."""
    current = badge.requires
    if current is None:
        return Requirement(of=[added])
    if current.count is None or current.count >= len(current.of):
        if added in current.of:
            return current
        return Requirement(of=[*current.of, added])
    return Requirement(of=[current, added])


def badge_problems(framework: Any, report: Any) -> dict[str, list[Problem]]:
    """Problems per badge id: the checking report's, plus ``constellation.requirement_problems``
    (N larger than M, unknown badges, cycles — every badge of a cycle gets the cycle's problem)."""
    found: dict[str, list[Problem]] = {b.id: list(report.about(f"badge:{b.id}")) for b in framework.badges}
    extra = constellation.requirement_problems(framework)
    for cycle in constellation.requirement_cycles(framework):
        origin = next((p for p in extra if p.code == "requirement-cycle" and p.item == f"badge:{cycle[0]}"), None)
        for member in cycle[1:]:
            if origin is not None and member in found:
                found[member].append(origin)
    for problem in extra:
        ident = (problem.item or "").removeprefix("badge:")
        if ident in found:
            # a cycle's problem, already given to each member above, is not repeated in the member's own words
            found[ident] = with_requirement_problems(found[ident], [problem], any_item=True)
    return found


def with_requirement_problems(problems: list[Problem], extra: list[Problem], *, any_item: bool = False) -> list[Problem]:
    """``problems`` (the check's) with ``extra`` (``constellation.requirement_problems``) added. One problem
    found by both — same item, kind and field, as the check's "Unknown required badge" and the constellation's
    "names an unknown badge" — is listed once, in the constellation's words (they say what it means for the
    path), so that the grouped lists count it once. A problem worded as one already listed is left out (of
    any item with ``any_item``: one badge's problems, where a cycle's problem is its origin's)."""
    out = list(problems)
    for problem in extra:
        twin = next((i for i, p in enumerate(out) if (p.item, p.code, p.field) == (problem.item, problem.code,
                                                                                  problem.field)), None)  # fmt: skip
        if twin is not None:
            out[twin] = problem
        elif all(p.text("en") != problem.text("en") or (p.item != problem.item and not any_item) for p in out):
            out.append(problem)
    return out


def graph_positions(framework: Any) -> dict[str, dict[str, float]]:
    """Where each node is drawn: saved positions as saved, the others from
    ``constellation.constellation_layout`` (requirement/stage columns: prerequisites left of what
    they open, one row per badge, so labels do not overlap)."""
    return {ident: {"x": p.x, "y": p.y} for ident, p in constellation.constellation_layout(framework).items()}


def graph_of_badges(framework: Any, report: Any, lang: str,
                    problems: dict[str, list[Problem]] | None = None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:  # fmt: skip
    """Nodes and edges of the constellation widget: one node per badge, one edge per requirement."""
    problems_of = problems if problems is not None else badge_problems(framework, report)
    nodes = []
    for b in framework.badges:
        errors = [p for p in problems_of.get(b.id, []) if p.severity == "error"]
        nodes.append({
            "id": b.id, "label": item_label(b, lang), "kind": "badge", "status": str(b.status),
            "color": _CATEGORY_COLOURS.get(str(b.category), "#4f7cac"), "problem": bool(errors),
            "badge": "★" if b.milestone else (b.level or ""),
            "title": item_label(b, lang) + "".join(f"\n✖ {p.text(lang)}" for p in errors),
        })  # fmt: skip
    edges: list[dict[str, Any]] = []
    known = {b.id for b in framework.badges}

    def walk(badge_id: str, req: Requirement) -> None:
        partial = req.count is not None and req.count < len(req.of)
        for item in req.of:
            if isinstance(item, str):
                if item in known:
                    edges.append({"source": item, "target": badge_id, "kind": "group" if partial else "requires",
                                  "label": f"{req.count}/{len(req.of)}" if partial else "", "dashed": partial,
                                  "title": describe_requirement(framework, req, lang)})  # fmt: skip
            else:
                walk(badge_id, item)

    for b in framework.badges:
        if b.requires is not None:
            walk(b.id, b.requires)
    return nodes, edges


class ConstellationPanel(Panel):
    """The badge constellation: graph, requirement editing, pathways, problems inline."""

    title_key = "const.title"
    with_author = True

    def build(self) -> list[w.Widget]:
        L = self.label
        self.graph = ConstellationGraph(height=620)
        self._all_nodes: list[dict[str, Any]] = []
        self._all_edges: list[dict[str, Any]] = []
        self._all_positions: dict[str, dict[str, float]] = {}
        self.view_filters = {}
        for facet in FACETS:
            box = L(w.SelectMultiple(rows=4, layout=w.Layout(width="auto", flex="1 1 0")), f"const.filter-{facet}")
            box.style = {"description_width": "initial"}
            box.observe(lambda _: self._apply_view(), names="value")
            self.view_filters[facet] = box
        self.clear_filters_button = L(w.Button(icon="filter"), "const.clear-filters")
        self.clear_filters_button.on_click(self._clear_filters)
        self.focus = L(w.ToggleButton(icon="crosshairs"), "const.focus")
        self.focus.observe(lambda _: self._apply_view(), names="value")
        self.focus_steps = L(w.BoundedIntText(value=1, min=1, max=9, layout=w.Layout(width="130px")),
                             "const.focus-steps")  # fmt: skip
        self.focus_steps.observe(lambda _: self._apply_view(), names="value")
        self.search = L(w.Text(continuous_update=False, layout=w.Layout(width="260px")), "const.search")
        self.search.observe(self._search, names="value")
        self.search_results = w.Select(rows=3, layout=w.Layout(width="260px", display="none"))
        self.search_results.observe(self._search_chosen, names="value")
        self.view_summary = w.HTML()
        self.graph.observe(self._graph_selected, names="selected")
        self.graph.observe(self._graph_moved, names="positions")
        self.info = w.HTML()
        self.prerequisite = L(w.Dropdown(layout=w.Layout(width="95%")), "const.prerequisite")
        self.add_prerequisite_button = L(w.Button(icon="arrow-right"), "const.add-prerequisite")
        self.add_prerequisite_button.on_click(self._add_prerequisite)
        self.group_badges = L(w.SelectMultiple(rows=6, layout=w.Layout(width="95%")), "const.group-badges")
        self.group_count = L(
            w.BoundedIntText(value=1, min=1, max=99, layout=w.Layout(width="160px")), "const.group-count"
        )
        self.add_group_button = L(w.Button(icon="object-group"), "const.add-group")
        self.add_group_button.on_click(self._add_group)
        self.clear_button = L(w.Button(icon="eraser", button_style="warning"), "const.clear")
        self.clear_button.on_click(self._clear)
        self.undo_button = L(w.Button(icon="undo"), "workshop.undo")
        self.undo_button.on_click(lambda _: self.state.undo())
        self.milestone = L(w.Checkbox(), "const.milestone")
        self.milestone.observe(self._milestone, names="value")
        self.pathway = L(w.Dropdown(layout=w.Layout(width="95%")), "const.pathway")
        self.pathway.observe(lambda _: self._show_pathway(), names="value")
        self.pathway_view = w.HTML()
        self.problems = ProblemList(on_jump=lambda p: setattr(self.state, "selected", p.item or self.state.selected))
        self.badge_problems = ProblemList()  # the selected badge's own problems, grouped by kind as everywhere
        self.state.observe(self._selection_changed, names="selected")
        for button in (self.add_prerequisite_button, self.add_group_button, self.clear_button, self.undo_button):
            button.layout.width, button.layout.flex = "max-content", "0 0 auto"
        wide = {"description_width": "90px"}
        for box in (self.prerequisite, self.group_badges, self.group_count, self.pathway):
            box.style = wide
        self.milestone.style = {"description_width": "initial"}
        # The graph takes the whole width (what a room reads on a projector); the editing tools sit
        # below it in three columns: the selected badge, its prerequisites, an "N of M" group.
        column = w.Layout(width="33%", padding="0 8px 0 0")
        editor = w.HBox([
            w.VBox([self.info, self.badge_problems, self.milestone], layout=column),
            w.VBox([self.prerequisite, self.add_prerequisite_button, w.HBox([self.clear_button, self.undo_button])],
                   layout=column),
            w.VBox([L.html("const.group-heading", "b"), self.group_badges, self.group_count, self.add_group_button],
                   layout=column),
        ])  # fmt: skip
        for button in (self.clear_filters_button, self.focus):
            button.layout.width, button.layout.flex = "max-content", "0 0 auto"
        views = w.VBox([
            w.HBox([self.search, self.focus, self.focus_steps, self.clear_filters_button, self.view_summary],
                   layout=w.Layout(align_items="center", flex_flow="row wrap")),
            self.search_results,
            w.HBox(list(self.view_filters.values()), layout=w.Layout(width="100%")),
        ])  # fmt: skip
        return [views, self.graph, editor,
                L.html("const.pathways", "h4"), self.pathway, self.pathway_view,
                L.html("const.problems", "h4"), self.problems]  # fmt: skip

    def _current(self) -> Badge | None:
        ident = self.state.selected_id("badge")
        return self.state.framework.badge(ident) if ident and self.state.framework else None

    def refresh(self) -> None:
        fw, lang = self.state.framework, self.lang
        if fw is None:
            return
        self._problems = badge_problems(fw, self.state.report)
        self._all_nodes, self._all_edges = graph_of_badges(fw, self.state.report, lang, self._problems)
        self._all_positions = graph_positions(fw)
        self.graph.labels = {k: t(f"const.{k.replace('_', '-')}", lang) for k in ("zoom_in", "zoom_out", "fit")}
        self._fill_filters()
        self._apply_view()
        options = [(f"{item_label(b, lang)} ({b.id})", b.id) for b in fw.badges]
        value = self.prerequisite.value
        self.prerequisite.options = options
        if value in {v for _, v in options}:
            self.prerequisite.value = value
        chosen = self.group_badges.value
        self.group_badges.options = options
        self.group_badges.value = tuple(v for v in chosen if v in {o for _, o in options})
        pathway = self.pathway.value
        self.pathway.options = [(t("const.no-pathway", lang), "")] + [(item_label(p, lang), p.id) for p in fw.pathways]
        self.pathway.value = pathway if pathway in {p.id for p in fw.pathways} else ""
        self._show_badge()
        self._show_pathway()
        errors = [p for p in self.state.report.problems if (p.item or "").startswith(("badge:", "pathway:"))
                  and p.severity in ("error", "warning")]  # fmt: skip
        errors = with_requirement_problems(errors, constellation.requirement_problems(fw))
        self.problems.show(errors, lang, t("const.no-problem", lang))

    # --- views: filters, focus, search --------------------------------------------------------------

    def _fill_filters(self) -> None:
        fw, lang = self.state.framework, self.lang
        names = {
            "pathways": lambda v: item_label(fw.pathway(v), lang) if fw.pathway(v) else v,
            "territories": lambda v: text(fw.territory(v).name, lang) or v if fw.territory(v) else v,
            "partners": lambda v: fw.partner(v).name or v if fw.partner(v) else v,
            "categories": lambda v: t(f"category.{v}", lang),
            "levels": lambda v: next((text(lv.name, lang) or v for lv in fw.badge_levels if lv.id == v), v),
            "statuses": lambda v: t(f"status.{v}", lang),
        }
        self._filling = True
        try:
            for facet, box in self.view_filters.items():
                self._set_options(box, [(names[facet](v), v) for v in facet_values(fw, facet)])
        finally:
            self._filling = False

    def view_filter(self) -> ViewFilter:
        """What the filter controls keep."""
        return ViewFilter(**{facet: tuple(box.value) for facet, box in self.view_filters.items()})

    def shown_badges(self) -> list[str]:
        """The badges the graph draws now: the filters, then the focus; the selected badge always."""
        fw = self.state.framework
        if fw is None:
            return []
        selected = self.state.selected_id("badge") or ""
        focus = selected if self.focus.value and selected else None
        return view_badges(fw, self.view_filter(), focus=focus, steps=self.focus_steps.value,
                           keep=[selected] if selected else [])  # fmt: skip

    def _apply_view(self) -> None:
        """Send the shown badges, the arrows between them and their positions to the page."""
        if getattr(self, "_filling", False) or self.state.framework is None:
            return
        shown = set(self.shown_badges())
        nodes = [n for n in self._all_nodes if n["id"] in shown]
        edges = [e for e in self._all_edges if e["source"] in shown and e["target"] in shown]
        positions = {k: v for k, v in self._all_positions.items() if k in shown}
        self._syncing = True
        try:
            with self.graph.hold_sync():
                self.graph.nodes = nodes
                self.graph.edges = edges
                self.graph.positions = positions
                self.graph.selected = self.state.selected_id("badge") or ""
        finally:
            self._syncing = False
        total = len(self._all_nodes)
        self.view_summary.value = (
            "" if len(nodes) == total else f"<i>{esc(t('const.shown', self.lang, shown=len(nodes), total=total))}</i>"
        )

    def _clear_filters(self, _button: Any = None) -> None:
        self._filling = True
        try:
            for box in self.view_filters.values():
                box.value = ()
            self.focus.value = False
        finally:
            self._filling = False
        self._apply_view()

    def _search(self, change: dict[str, Any]) -> None:
        fw = self.state.framework
        found = search_badges(fw, change["new"] or "") if fw is not None else []
        self._searching = True
        try:
            self.search_results.options = [(item_label(fw.badge(i), self.lang), i) for i in found[:50]]
            self.search_results.value = found[0] if found else None
        finally:
            self._searching = False
        self.search_results.layout.display = "" if len(found) > 1 else "none"
        if found:
            self.state.select("badge", found[0])
        elif (change["new"] or "").strip():
            self.state.say("const-not-found", "warning", query=change["new"])

    def _search_chosen(self, change: dict[str, Any]) -> None:
        if not getattr(self, "_searching", False) and change["new"]:
            self.state.select("badge", change["new"])

    def _show_badge(self) -> None:
        badge, fw, lang = self._current(), self.state.framework, self.lang
        if badge is None:
            self.info.value = f"<i>{esc(t('const.pick', lang))}</i>"
            self.badge_problems.show([], lang)
            return
        self._syncing = True
        self.milestone.value = badge.milestone
        self._syncing = False
        requirement = (
            describe_requirement(fw, badge.requires, lang) if badge.requires else t("badge.no-requirement", lang)
        )
        needed_by = [item_label(b, lang) for b in fw.badges if b.requires and badge.id in b.requires.badge_ids()]
        problems = getattr(self, "_problems", {}).get(badge.id) or self.state.report.about(f"badge:{badge.id}")
        self.info.value = (
            f"<h4>{esc(item_label(badge, lang))}</h4><div><b>{esc(t('badge.requires', lang))}</b>{colon(lang)} {esc(requirement)}</div>"
            + (
                f"<div><b>{esc(t('const.needed-by', lang))}</b>{colon(lang)} {esc(', '.join(needed_by))}</div>"
                if needed_by
                else ""
            )
            + "".join(f"<div class='bw-facts' style='font-size:0.85em'>{row}</div>" for row in item_facts(badge, lang))
        )
        self.badge_problems.show([p for p in problems if p.severity in ("error", "warning")], lang)

    def _show_pathway(self) -> None:
        fw, lang = self.state.framework, self.lang
        pathway = fw.pathway(self.pathway.value) if fw and self.pathway.value else None
        if pathway is None:
            self.graph.highlight = []
            self.pathway_view.value = ""
            return
        badges = [b for s in pathway.stages for b in s.badges] + ([pathway.target] if pathway.target else [])
        self.graph.highlight = badges
        stages = "".join(f"<li>{esc(describe_stage(fw, s, lang))}</li>" for s in pathway.stages)
        target = (
            f"<div>◎ {esc(item_label(fw.badge(pathway.target), lang))}</div>"
            if pathway.target and fw.badge(pathway.target)
            else ""
        )
        self.pathway_view.value = f"<div><i>{esc(text(pathway.description, lang))}</i><ol>{stages}</ol>{target}</div>"

    # --- actions -----------------------------------------------------------------------------------

    def _graph_selected(self, change: dict[str, Any]) -> None:
        if not getattr(self, "_syncing", False) and change["new"]:
            self.state.select("badge", change["new"])

    def _graph_moved(self, change: dict[str, Any]) -> None:
        """A drag in the page moved a node: save its new position (only the nodes that moved)."""
        if getattr(self, "_syncing", False):
            return
        # Only the shown badges' positions are in the page: a drag in a filtered view changes one of
        # them, and the others (hidden) keep their saved places.
        moved = self.graph.moved(change["old"] or {}, change["new"] or {})
        fw = self.state.framework
        moved = {k: v for k, v in moved.items() if fw is not None and fw.badge(k) is not None}
        if not moved:
            return

        def place(framework: Any) -> Any:
            for ident, (x, y) in moved.items():
                framework = edit.set_position(framework, ident, x, y)
            return framework

        self.edit(place, t("const.moved", self.lang, ids=", ".join(moved)))

    def _selection_changed(self, _change: Any) -> None:
        selected = self.state.selected_id("badge") or ""
        if selected and (self.focus.value or selected not in {n["id"] for n in self.graph.nodes}):
            self._apply_view()  # a new focus, or a badge found outside the filter: draw it
        self._syncing = True
        try:
            self.graph.selected = selected
        finally:
            self._syncing = False
        self._show_badge()

    def _require(self, added: str | Requirement, label: str) -> bool:
        badge = self._current()
        if badge is None:
            self.state.say("pick-badge", "warning")
            return False
        return self.edit(lambda fw: edit.update_item(fw, "badge", badge.id, author=self.state.author,
                                                     requires=with_requirement(fw.badge(badge.id), added)), label)  # fmt: skip

    def _add_prerequisite(self, _button: Any = None) -> None:
        if self.prerequisite.value:
            self._require(self.prerequisite.value, f"{self.prerequisite.value} → {self.state.selected_id('badge')}")

    def _add_group(self, _button: Any = None) -> None:
        chosen = list(self.group_badges.value)
        if not chosen:
            self.state.say("need-badges", "warning")
            return
        count = min(max(1, self.group_count.value), len(chosen))
        if self._require(
            Requirement(count=count, of=chosen), f"{count}/{len(chosen)} → {self.state.selected_id('badge')}"
        ):
            self.group_badges.value = ()

    def _clear(self, _button: Any = None) -> None:
        badge = self._current()
        if badge is not None and badge.requires is not None:
            self.edit(lambda fw: edit.update_item(fw, "badge", badge.id, author=self.state.author, requires=None),
                      f"∅ → {badge.id}")  # fmt: skip

    def _milestone(self, change: dict[str, Any]) -> None:
        badge = self._current()
        if getattr(self, "_syncing", False) or badge is None or badge.milestone == change["new"]:
            return
        value = change["new"]
        self.edit(
            lambda fw: edit.update_item(fw, "badge", badge.id, author=self.state.author, milestone=value), badge.id
        )

"""The list of problems every panel shows: one line per kind of problem until it is opened.

At the size of a real consortium a check finds hundreds of problems of a handful of kinds; listed one
a line they hide everything else. :class:`ProblemList` shows the groups of
:meth:`badgeworkbench.report.Report.grouped` — "⚠ 187 badges sans parcours" —, the most serious first;
opening a group lists its problems, and "Voir l'élément" jumps to the item of the one chosen.

Tests drive it as a person would: ``problems.open_kind("badge-not-in-pathway")`` (or setting
``problems.groups.selected_index``), choosing in ``problems.items``, ``problems.jump_button.click()``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import ipywidgets as w

from ..report import Problem, ProblemGroup, group_problems
from .base import esc
from .i18n import t

__all__ = ["ICONS", "ProblemList", "problem_where"]

ICONS = {"error": "✖", "warning": "⚠", "info": "ℹ"}


def problem_where(problem: Problem) -> str:
    """Where a problem is, as the panels name it: the item and its field (the jump opens it), or for a
    problem in a file outside the framework (an exported file), that file and line."""
    return " › ".join(part for part in (problem.item, problem.field) if part) or problem.location()


class ProblemList(w.VBox):
    """Problems grouped by kind, each group a closed line with its count; opened, its problems, each
    with a jump to its item (``on_jump(problem)``; without ``on_jump`` the list only shows them)."""

    def __init__(self, on_jump: Callable[[Problem], None] | None = None,
                 where: Callable[[Problem], str] = problem_where, rows: int = 8):  # fmt: skip
        self.on_jump = on_jump
        self.where = where
        self.lang = "fr"
        self.empty = w.HTML()
        self.groups = w.Accordion()
        self.items = w.Select(rows=rows, layout=w.Layout(width="95%"))
        self.jump_button = w.Button(icon="arrow-right", layout=w.Layout(width="max-content", flex="0 0 auto"))
        self.jump_button.layout.display = "" if on_jump else "none"
        self.jump_button.on_click(self._jump)
        self._opened = w.HBox([self.items, self.jump_button])
        self._groups: list[ProblemGroup] = []
        self._empty_text = ""
        self.groups.observe(self._open_changed, names="selected_index")
        super().__init__([self.empty, self.groups])
        self.add_class("bw-problems")

    # --- what a panel calls --------------------------------------------------------------------------

    def show(self, problems: Iterable[Problem], lang: str, empty: str = "") -> None:
        """List ``problems`` grouped, in ``lang``; ``empty`` is said when there are none. The group that
        was open stays open when it still exists (a panel refreshes after every edit)."""
        was_open = self.open_group
        self.lang, self._empty_text = lang, empty
        self._groups = group_problems(problems)
        self.jump_button.description = t("problems.jump", lang)
        self.jump_button.tooltip = t("problems.jump-tip", lang)
        self.empty.value = f"<i>{esc(empty)}</i>" if empty and not self._groups else ""
        self.empty.layout.display = "" if self.empty.value else "none"
        self.groups.layout.display = "" if self._groups else "none"
        with self.hold_sync():
            self.groups.selected_index = None
            self.groups.children = tuple(w.VBox() for _ in self._groups)
            self.groups.titles = tuple(self.title(g) for g in self._groups)
        reopen = next((i for i, g in enumerate(self._groups) if was_open and _key(g) == _key(was_open)), None)
        if reopen is not None:
            self.groups.selected_index = reopen
        else:
            self.items.options = []

    def title(self, group: ProblemGroup) -> str:
        """The one line a closed group shows: its severity, its count and what is wrong."""
        return f"{ICONS.get(str(group.severity), '•')} {group.title(self.lang)}"

    @property
    def titles(self) -> list[str]:
        """The lines shown before any group is opened."""
        return list(self.groups.titles)

    @property
    def grouped(self) -> list[ProblemGroup]:
        return list(self._groups)

    @property
    def open_group(self) -> ProblemGroup | None:
        index = self.groups.selected_index
        return self._groups[index] if index is not None and index < len(self._groups) else None

    def open_kind(self, code: str) -> ProblemGroup:
        """Open the (first) group of problems of ``code``, as a click on its line does."""
        index = next(i for i, g in enumerate(self._groups) if g.code == code)
        self.groups.selected_index = index
        return self._groups[index]

    @property
    def chosen(self) -> Problem | None:
        group, index = self.open_group, self.items.value
        return group.problems[index] if group is not None and index is not None and index < len(group) else None

    def choose(self, predicate: Callable[[Problem], bool]) -> Problem:
        """Choose, in the open group, the first problem ``predicate`` accepts."""
        group = self.open_group
        if group is None:
            raise LookupError("no group of problems is open")
        index = next(i for i, p in enumerate(group.problems) if predicate(p))
        self.items.value = index
        return group.problems[index]

    # --- inside --------------------------------------------------------------------------------------

    def _open_changed(self, change: dict) -> None:
        group = self.open_group
        for index, box in enumerate(self.groups.children):
            if index != change["new"] and box.children:
                box.children = ()
        if group is None:
            self.items.options = []
            return
        self.items.options = [
            (f"{ICONS.get(str(p.severity), '•')} {self.where(p)} — {p.text(self.lang)}"[:240], i)
            for i, p in enumerate(group.problems)
        ]
        if group.problems:
            self.items.value = 0
        self.groups.children[change["new"]].children = (self._opened,)

    def _jump(self, _button: object = None) -> None:
        problem = self.chosen
        if problem is not None and self.on_jump is not None:
            self.on_jump(problem)


def _key(group: ProblemGroup) -> tuple[str, str]:
    return str(group.severity), group.code

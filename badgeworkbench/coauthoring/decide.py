"""Deciding merge conflicts in a notebook: a table for reading, a small widget for choosing.

>>> from badgeworkbench.model import Badge, Framework
>>> from badgeworkbench.coauthoring.merge import merge
>>> base = Framework(id="f", badges=[Badge(id="b", name={"fr": "A"})])
>>> result = merge(base, base.replace(badges=[Badge(id="b", name={"fr": "B"})]),
...                base.replace(badges=[Badge(id="b", name={"fr": "C"})]))
>>> chooser = ConflictChooser(result)
>>> chooser.choose("badge:b:name.fr", "theirs")
>>> chooser.apply().badge("b").name
{'fr': 'C'}
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from ..model import Framework
from .merge import MISSING, Conflict, MergeResult, UnresolvedConflicts, resolve

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ConflictChooser", "conflicts_table"]

_LABELS = {
    "fr": {"ours": "Nous", "theirs": "Eux", "base": "Avant", "other": "Autre valeur", "apply": "Appliquer les choix",
           "missing": "Choisissez pour chaque conflit : {ids}", "done": "Fusion terminée : {n} conflit(s) tranché(s)."},
    "en": {"ours": "Ours", "theirs": "Theirs", "base": "Before", "other": "Other value", "apply": "Apply the choices",
           "missing": "Choose for each conflict: {ids}", "done": "Merge done: {n} conflict(s) decided."},
}  # fmt: skip


def conflicts_table(conflicts: list[Conflict], lang: str = "fr") -> pd.DataFrame:
    """One row per conflict: id, kind, key, field, reason, base, ours, theirs, message."""
    import pandas as pd

    rows = [{**{k: v for k, v in c.to_dict().items() if k in ("id", "kind", "key", "field", "reason")},
             "base": None if c.base is MISSING else c.base, "ours": None if c.ours is MISSING else c.ours,
             "theirs": None if c.theirs is MISSING else c.theirs, "message": c.describe(lang)} for c in conflicts]  # fmt: skip
    return pd.DataFrame(rows, columns=["id", "kind", "key", "field", "reason", "base", "ours", "theirs", "message"])


class ConflictChooser(widgets.VBox):
    """One row per conflict (its description and Ours / Theirs / Before / Other value), and an Apply button.

    ``apply()`` (or the button) resolves the merge with the choices; the framework is then in
    :attr:`framework` and passed to ``on_resolved``. Nothing is chosen in advance: a conflict
    left without a choice is named in the status line and nothing is applied.
    """

    def __init__(self, result: MergeResult, lang: str = "fr",
                 on_resolved: Callable[[Framework], None] | None = None):  # fmt: skip
        self.result = result
        self.lang = lang if lang in _LABELS else "fr"
        self.on_resolved = on_resolved
        self.framework: Framework | None = None
        labels = _LABELS[self.lang]
        self.toggles: dict[str, widgets.ToggleButtons] = {}
        self.values: dict[str, widgets.Text] = {}
        rows: list[widgets.Widget] = []
        for conflict in result.conflicts:
            toggle = widgets.ToggleButtons(
                options=[(labels["ours"], "ours"), (labels["theirs"], "theirs"), (labels["base"], "base"),
                         (labels["other"], "other")],
                value=None,
            )  # fmt: skip
            other = widgets.Text(placeholder=labels["other"], layout=widgets.Layout(display="none"))
            toggle.observe(lambda change, box=other: setattr(box.layout, "display", "" if change["new"] == "other"
                                                             else "none"), names="value")  # fmt: skip
            self.toggles[conflict.id] = toggle
            self.values[conflict.id] = other
            rows.append(widgets.VBox([widgets.HTML(f"<b>{_escape(conflict.id)}</b><br>{_escape(conflict.describe(self.lang))}"),
                                      toggle, other]))  # fmt: skip
        self.button = widgets.Button(description=labels["apply"], button_style="primary")
        self.button.on_click(lambda _: self._apply_clicked())
        self.status = widgets.HTML()
        super().__init__([*rows, self.button, self.status])

    def choose(self, conflict_id: str, choice: str, value: Any = None) -> None:
        """Set a choice as a person would: ``ours``, ``theirs``, ``base``, or ``other`` with ``value``."""
        self.toggles[conflict_id].value = choice
        if choice == "other":
            self.values[conflict_id].value = "" if value is None else str(value)

    def choices(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for cid, toggle in self.toggles.items():
            if toggle.value == "other":
                out[cid] = {"value": self.values[cid].value}
            elif toggle.value is not None:
                out[cid] = toggle.value
        return out

    def apply(self) -> Framework:
        """Resolve the merge with the current choices (:class:`UnresolvedConflicts` if some are missing)."""
        self.framework = resolve(self.result, self.choices())
        self.status.value = _escape(_LABELS[self.lang]["done"].format(n=len(self.toggles)))
        if self.on_resolved is not None:
            self.on_resolved(self.framework)
        return self.framework

    def _apply_clicked(self) -> None:
        try:
            self.apply()
        except UnresolvedConflicts as error:
            self.status.value = _escape(_LABELS[self.lang]["missing"].format(ids=", ".join(error.missing)))


def _escape(value: str) -> str:
    import html

    return html.escape(value)

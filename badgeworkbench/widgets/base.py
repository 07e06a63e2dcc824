"""What every panel shares: a header (title, language, who is editing, messages), the conflict
banner with its *Recharger* / *Fusionner* buttons, and labels that follow the language.

A panel is an ``ipywidgets.VBox`` whose parts are attributes, so tests click and type into them
exactly as a person would (``panel.add_button.click()``, ``panel.title_input.value = "…"``).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as w
from ipywidgets.widgets.widget_description import DescriptionWidget

from ..coauthoring import resolve
from ..coauthoring.decide import ConflictChooser
from ..model import text
from .i18n import LANGUAGES, t
from .state import WorkbenchState

__all__ = ["ConflictBanner", "Header", "Labeller", "Panel", "colon", "esc", "item_label", "uncut"]


def esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def colon(lang: str) -> str:
    """':' as French writes it (a narrow no-break space before), or as English does."""
    return "\u202f:" if lang == "fr" else ":"


def item_label(item: Any, lang: str) -> str:
    """The name or title of an item in ``lang``, else its id."""
    for name in ("name", "title"):
        value = getattr(item, name, None)
        if isinstance(value, dict) and value:
            return text(value, lang)
        if isinstance(value, str) and value:
            return value
    return getattr(item, "id", "?")


class Labeller:
    """Remembers which widget attribute shows which label, and re-labels them all on a language change."""

    def __init__(self, state: WorkbenchState):
        self.state = state
        self._entries: list[tuple[Any, str, str, dict[str, Any]]] = []
        self._builders: list[Callable[[str], None]] = []

    def __call__(self, widget: Any, key: str, attribute: str = "description", **values: Any) -> Any:
        self._entries.append((widget, attribute, key, values))
        setattr(widget, attribute, t(key, self.state.language, **values))
        return widget

    def html(self, key: str, tag: str = "", **values: Any) -> w.HTML:
        """An HTML widget showing one label (optionally wrapped in ``tag``)."""
        widget = w.HTML()
        self._entries.append((widget, "value", key, {"__tag": tag, **values}))
        self._set_html(widget, key, tag, values)
        return widget

    def _set_html(self, widget: w.HTML, key: str, tag: str, values: dict[str, Any]) -> None:
        label = esc(t(key, self.state.language, **values))
        widget.value = f"<{tag}>{label}</{tag}>" if tag else label

    def on_language(self, builder: Callable[[str], None]) -> None:
        """Call ``builder(lang)`` now and at every language change (for option lists and tables)."""
        self._builders.append(builder)
        builder(self.state.language)

    def relabel(self, lang: str) -> None:
        for widget, attribute, key, values in self._entries:
            if "__tag" in values:
                rest = {k: v for k, v in values.items() if k != "__tag"}
                self._set_html(widget, key, values["__tag"], rest)
            else:
                setattr(widget, attribute, t(key, lang, **values))
        for builder in self._builders:
            builder(lang)


class ConflictBanner(w.VBox):
    """Shown when another partner saved changes to the items I changed: reload or merge."""

    def __init__(self, state: WorkbenchState, label: Labeller):
        self.state = state
        self.text = w.HTML()
        self.reload_button = label(w.Button(button_style="warning", icon="refresh"), "conflict.reload")
        self.merge_button = label(w.Button(button_style="info", icon="code-fork"), "conflict.merge")
        label(self.reload_button, "conflict.reload-tip", "tooltip")
        label(self.merge_button, "conflict.merge-tip", "tooltip")
        self.reload_button.on_click(lambda _: state.resolve_reload())
        self.merge_button.on_click(lambda _: state.resolve_merge())
        # A merge whose conflicts a person must decide: coauthoring's ConflictChooser, one row per
        # conflict (mine / theirs / before / another value), plus "my version everywhere".
        self.chooser: ConflictChooser | None = None
        self.mine_everywhere_button = label(w.Button(icon="user"), "conflict.mine-everywhere")
        self.mine_everywhere_button.on_click(lambda _: self._mine_everywhere())
        self.cancel_button = label(w.Button(icon="clock-o"), "conflict.cancel")
        self.cancel_button.on_click(lambda _: state.cancel_merge())
        self.choosing = w.VBox()
        super().__init__([self.text, w.HBox([self.reload_button, self.merge_button]), self.choosing])
        self.add_class("bw-conflict")
        state.observe(self._show, names=["conflict", "language", "merging"])
        self._show()

    def _mine_everywhere(self) -> None:
        if self.state.merging is not None:
            self.state.finish_merge(resolve(self.state.merging, default="ours"))

    def _show(self, _change: Any = None) -> None:
        conflict = self.state.conflict
        self.layout.display = "" if conflict else "none"
        if conflict:
            lang = self.state.language
            self.text.value = (
                f"<div style='background:#fff3cd;border:1px solid #e0a800;padding:6px;border-radius:4px'>"
                f"<b>{esc(t('conflict.title', lang))}</b><br>"
                f"{esc(t('conflict.body', lang, files=', '.join(conflict.files), edits=', '.join(conflict.clashing)))}"
                "</div>"
            )
        merging = self.state.merging
        if merging is None:
            self.chooser = None
            self.choosing.children = ()
        elif self.chooser is None or self.chooser.result is not merging or self.chooser.lang != self.state.language:
            self.chooser = ConflictChooser(merging, self.state.language, on_resolved=self.state.finish_merge)
            self.choosing.children = (self.chooser, w.HBox([self.mine_everywhere_button, self.cancel_button]))


class Header(w.VBox):
    """Title, language switch, the person editing, and the last message."""

    def __init__(self, state: WorkbenchState, label: Labeller, title_key: str, with_author: bool = False):
        self.state = state
        self.title = label.html(title_key, "h3")
        self.language = w.ToggleButtons(options=[(name, code) for code, name in LANGUAGES.items()],
                                        value=state.language, style={"button_width": "80px"})  # fmt: skip
        label(self.language, "header.language-tip", "tooltip")
        self.language.observe(self._language_chosen, names="value")
        self.framework_name = w.HTML()
        self.partner = w.Dropdown(layout=w.Layout(width="260px"))
        self.person = w.Text(layout=w.Layout(width="220px"))
        label(self.partner, "header.partner")
        label(self.person, "header.person")
        label(self.person, "header.person-placeholder", "placeholder")
        self.partner.observe(lambda c: setattr(state, "author_partner", c["new"] or ""), names="value")
        self.person.observe(lambda c: setattr(state, "author_person", c["new"] or ""), names="value")
        self.message = w.HTML()
        self.conflict = ConflictBanner(state, label)
        author = w.HBox([self.partner, self.person]) if with_author else w.HBox()
        super().__init__([w.HBox([self.title, self.language]), self.framework_name, author, self.conflict,
                          self.message])  # fmt: skip
        self.add_class("bw-header")
        state.observe(self._show_message, names=["message", "message_level"])
        state.observe(self._language_changed, names="language")
        label.on_language(self._fill)
        self._show_message()

    def _language_chosen(self, change: dict[str, Any]) -> None:
        self.state.language = change["new"]

    def _language_changed(self, change: dict[str, Any]) -> None:
        self.language.value = change["new"]

    def _fill(self, lang: str) -> None:
        fw = self.state.framework
        if fw is None:
            self.framework_name.value = f"<i>{esc(t('header.no-framework', lang))}</i>"
            self.partner.options = [("—", "")]
            return
        self.framework_name.value = f"<b>{esc(text(fw.title, lang) or fw.id)}</b> · <code>{esc(self.state.path)}</code>"
        current = self.state.author_partner
        self.partner.options = [(t("header.no-partner", lang), ""), *((p.name or p.id, p.id) for p in fw.partners)]
        self.partner.value = current if current in {p.id for p in fw.partners} else ""

    def _show_message(self, _change: Any = None) -> None:
        colours = {"info": "#0b5394", "success": "#2e7d32", "warning": "#9a6700", "error": "#b00020"}
        msg = self.state.message
        self.message.value = (
            f"<span class='bw-message bw-{self.state.message_level}' "
            f"style='color:{colours[self.state.message_level]}'>{esc(msg)}</span>"
            if msg
            else ""
        )


class Panel(w.VBox):
    """Base of the panels: owns a header, re-labels on language change, refreshes on each edit."""

    title_key = "app.title"
    with_author = False

    def __init__(self, state: WorkbenchState, **kwargs: Any):
        self.state = state
        self.label = Labeller(state)
        self.header = Header(state, self.label, self.title_key, self.with_author)
        body = self.build()
        super().__init__([self.header, *body], **kwargs)
        self.add_class("bw-panel")
        uncut(self)
        state.observe(self._on_language, names="language")
        state.observe(self._on_framework, names="revision")
        self.refresh()

    def build(self) -> list[w.Widget]:
        """The panel's widgets below the header (subclasses create their attributes here)."""
        return []

    @staticmethod
    def _set_options(widget: Any, options: list[tuple[str, Any]]) -> None:
        """Replace a choice widget's options, keeping the chosen value(s) still offered."""
        value = widget.value
        widget.options = options
        if isinstance(value, tuple):  # a multiple selection
            widget.value = tuple(v for v in value if v in {o for _, o in options})
        elif value in {v for _, v in options}:
            widget.value = value

    def refresh(self) -> None:
        """Show the current framework (called after each edit, reload and language change)."""

    def _on_language(self, change: dict[str, Any]) -> None:
        self.label.relabel(change["new"])
        self.refresh()

    def _on_framework(self, _change: Any) -> None:
        self.header._fill(self.state.language)
        self.refresh()

    @property
    def lang(self) -> str:
        return self.state.language

    def edit(self, fn: Callable[[Any], Any], label: str = "", *, additive: bool = False) -> bool:
        """Run one library edit through the state (which checks and saves)."""
        return self.state.apply(fn, label, additive=additive)


def uncut(root: w.Widget) -> None:
    """Let every button, upload and checkbox take the width of its text, and every label the width it
    needs, unless a panel chose a width: on a projector, "Ajouter la prop…" is worse than a wider button."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        widget = stack.pop()
        if id(widget) in seen:
            continue
        seen.add(id(widget))
        if isinstance(widget, (w.Button, w.FileUpload, w.Checkbox)) and widget.layout.width is None:
            # the width of its text: neither cut in a row nor stretched across a column
            widget.layout.width, widget.layout.flex = "max-content", "0 0 auto"
        style = getattr(widget, "style", None)
        if (isinstance(widget, DescriptionWidget) and not isinstance(widget, (w.Button, w.FileUpload))
                and getattr(widget, "description", "") and hasattr(style, "description_width")
                and not style.description_width):  # fmt: skip
            style.description_width = "initial"
        stack.extend(getattr(widget, "children", ()) or ())

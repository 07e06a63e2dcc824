"""The workshop: capture proposals fast on a projector, attribute them, group, dot-vote, decide, undo.

Cards are competencies or badges with a status (proposed → discussed → adopted, or set aside).
Each card remembers the partner who proposed it (the header's "partner" field).
The board shows today's session by default (the cards proposed or touched today), filtered by status,
partner, kind and words; the filtering is ``board.workshop_board``, this panel only shows it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import ipywidgets as w

from .. import edit
from ..board import Board, partners_of, sessions, workshop_board
from ..ids import slugify, unique_id
from ..model import Badge, Competency, Status
from .base import Panel, esc, item_label
from .graph import ConstellationGraph, auto_positions
from .i18n import t

__all__ = ["STATUS_COLOURS", "WorkshopPanel"]

STATUS_COLOURS = {"proposed": "#fff8e1", "discussed": "#e3f2fd", "adopted": "#e8f5e9", "set_aside": "#eceff1"}
_NODE_COLOURS = {"competency": "#6aa56a", "badge": "#4f7cac"}


class WorkshopPanel(Panel):
    """Capture, group, vote, decide — with the graph of the framework updating as you go."""

    title_key = "workshop.title"
    with_author = True

    def build(self) -> list[w.Widget]:
        L = self.label
        self.kind = w.ToggleButtons(style={"button_width": "130px"})
        L.on_language(lambda lang: self._options(self.kind, [(t("kind.competency", lang), "competency"),
                                                             (t("kind.badge", lang), "badge")]))  # fmt: skip
        self.title_input = L(w.Text(layout=w.Layout(width="420px")), "workshop.proposal")
        L(self.title_input, "workshop.proposal-placeholder", "placeholder")
        self.parent = L(w.Dropdown(layout=w.Layout(width="420px")), "workshop.parent")
        self.add_button = L(w.Button(button_style="primary", icon="plus"), "workshop.add")
        self.add_button.on_click(self._add)
        self.show = w.ToggleButtons(style={"button_width": "130px"})
        L.on_language(lambda lang: self._options(self.show, [(t("workshop.show-all", lang), "all"),
                                                             (t("kind.competency", lang), "competency"),
                                                             (t("kind.badge", lang), "badge")]))  # fmt: skip
        self.show.observe(lambda _: self.refresh(), names="value")
        self.status_filter = L(w.Dropdown(layout=w.Layout(width="260px")), "board.status")
        self.partner_filter = L(w.Dropdown(layout=w.Layout(width="260px")), "board.partner")
        self.session = L(w.Dropdown(layout=w.Layout(width="300px")), "board.session")
        self.search = L(w.Text(layout=w.Layout(width="300px")), "board.search")
        L(self.search, "board.search-placeholder", "placeholder")
        self.board_count = w.HTML()
        for box in (self.status_filter, self.partner_filter, self.session, self.search):
            box.observe(lambda _: self._filter_changed(), names="value")
        self.board = w.HTML()
        self.cards = w.Select(rows=10, layout=w.Layout(width="520px"))
        self.cards.observe(self._card_chosen, names="value")
        self.vote_up = L(w.Button(icon="thumbs-up", layout=w.Layout(width="110px")), "workshop.vote")
        self.vote_down = L(w.Button(icon="thumbs-down", layout=w.Layout(width="110px")), "workshop.unvote")
        self.vote_up.on_click(lambda _: self._vote(1))
        self.vote_down.on_click(lambda _: self._vote(-1))
        self.status = w.ToggleButtons(style={"button_width": "110px"})
        L.on_language(self._status_options)
        self.status.observe(self._status_chosen, names="value")
        self.group_under = L(w.Dropdown(layout=w.Layout(width="420px")), "workshop.group-under")
        self.group_button = L(w.Button(icon="sitemap"), "workshop.group")
        self.group_button.on_click(self._group)
        self.comment = L(w.Text(layout=w.Layout(width="420px")), "workshop.comment")
        self.comment_button = L(w.Button(icon="comment"), "workshop.add-comment")
        self.comment_button.on_click(self._comment)
        self.undo_button = L(w.Button(icon="undo"), "workshop.undo")
        self.redo_button = L(w.Button(icon="repeat"), "workshop.redo")
        self.undo_button.on_click(lambda _: self.state.undo())
        self.redo_button.on_click(lambda _: self.state.redo())
        self.state.observe(self._undo_buttons, names=["can_undo", "can_redo"])
        self.details = w.HTML()
        self.graph = ConstellationGraph(height=460)
        self.graph.observe(self._graph_selected, names="selected")
        self.graph.on_drop(self._dropped)
        self.state.observe(self._selection_changed, names="selected")
        self._undo_buttons()
        # Full labels and button texts (a projector shows what is cut; nothing should be).
        for box in (self.title_input, self.parent, self.group_under, self.comment):
            box.style = {"description_width": "110px"}
        for button in (
            self.add_button,
            self.vote_up,
            self.vote_down,
            self.group_button,
            self.comment_button,
            self.undo_button,
            self.redo_button,
        ):
            button.layout.width, button.layout.flex = "max-content", "0 0 auto"
        capture = w.VBox([L.html("workshop.capture", "h4"), self.kind, self.title_input, self.parent, self.add_button])
        decide = w.VBox([L.html("workshop.decide", "h4"), self.cards, w.HBox([self.vote_up, self.vote_down]),
                         self.status, w.HBox([self.group_under, self.group_button]),
                         w.HBox([self.comment, self.comment_button]), self.details])  # fmt: skip
        filters = w.VBox([L.html("board.filters", "h4"), w.HBox([self.show, self.status_filter, self.partner_filter],
                                                                 layout=w.Layout(flex_flow="row wrap")),
                          w.HBox([self.session, self.search, self.board_count], layout=w.Layout(flex_flow="row wrap"))])
        return [filters, w.HBox([capture, decide]), w.HBox([self.undo_button, self.redo_button]), self.board,
                L.html("workshop.graph", "h4"), self.graph]  # fmt: skip

    @staticmethod
    def _options(widget: Any, options: list[tuple[str, str]]) -> None:
        value = widget.value
        widget.options = options
        if value in {v for _, v in options}:
            widget.value = value

    def _status_options(self, lang: str) -> None:
        self._updating = True
        try:
            self._options(self.status, [(t(f"status.{s.value}", lang), s.value) for s in Status])
        finally:
            self._updating = False

    def _undo_buttons(self, _change: Any = None) -> None:
        self.undo_button.disabled = not self.state.can_undo
        self.redo_button.disabled = not self.state.can_redo

    # --- showing -----------------------------------------------------------------------------------

    def _filter_options(self) -> None:
        """The choices of the status, partner and session filters, in the panel's language; the session
        is today's until someone chooses another (a new day's workshop opens on its own cards)."""
        fw, lang = self.state.framework, self.lang
        if fw is None:
            return
        today = dt.date.today()
        self._filling = True
        try:
            self._options(self.status_filter, [(t("board.status-all", lang), "")]
                          + [(t(f"status.{s.value}", lang), s.value) for s in Status])  # fmt: skip
            names = {p.id: p.name or p.id for p in fw.partners}
            self._options(self.partner_filter, [(t("board.partner-all", lang), "")]
                          + [(names.get(p, p), p) for p in partners_of(fw)])  # fmt: skip
            days = [(d.isoformat(), d.isoformat()) for d in sessions(fw) if d != today]
            self._options(self.session, [(t("board.session-today", lang, date=today.isoformat()), "today"),
                                         (t("board.session-all", lang), "all"), *days])  # fmt: skip
            if self.session.value is None:
                self.session.value = "today"
            for box in (self.status_filter, self.partner_filter):
                if box.value is None:
                    box.value = ""
        finally:
            self._filling = False

    def _filter_changed(self) -> None:
        if not getattr(self, "_filling", False):
            self.refresh()

    def filtered(self) -> Board:
        """The cards the filters let through (``board.workshop_board``), per status column."""
        fw = self.state.framework
        if fw is None:
            return Board({status.value: [] for status in Status}, 0)
        session = self.session.value or "today"
        day = None if session == "all" else dt.date.today() if session == "today" else dt.date.fromisoformat(session)
        show = self.show.value or "all"
        return workshop_board(fw, statuses=[self.status_filter.value] if self.status_filter.value else [],
                              partner=self.partner_filter.value or "", kind="" if show == "all" else show,
                              session=day, search=self.search.value)  # fmt: skip

    def _card_text(self, kind: str, item: Any) -> str:
        dots = "●" * min(item.votes, 10) + (f"+{item.votes - 10}" if item.votes > 10 else "")
        who = item.provenance.proposed_by or ""
        mark = "◆" if kind == "badge" else "○"  # in every font (an emoji may show as a box on a projector's PC)
        return f"{mark} {item_label(item, self.lang)}  {dots} [{t('status.' + str(item.status), self.lang)}]" + (
            f" — {who}" if who else "")  # fmt: skip

    def refresh(self) -> None:
        fw, lang = self.state.framework, self.lang
        if fw is None:
            return
        roots = [(t("workshop.no-parent", lang), "")]
        competencies = [(("  " * self._depth(c.id)) + item_label(c, lang), c.id) for c in self._tree_order()]
        self._options(self.parent, roots + competencies)
        self._options(self.group_under, roots + competencies)
        for box in (self.parent, self.group_under):
            if box.value is None:  # "(au premier niveau)" shown, not an empty box
                box.value = ""
        self._filter_options()
        board = self.filtered()
        items = [(card.kind, card.item) for card in board.cards]
        self._refreshing = True
        try:
            self.cards.options = [(self._card_text(k, i), f"{k}:{i.id}") for k, i in items]
            if self.state.selected in {f"{k}:{i.id}" for k, i in items}:
                self.cards.value = self.state.selected
        finally:
            self._refreshing = False
        self.board_count.value = f"<b>{esc(t('board.shown', lang, n=len(board), total=board.total))}</b>"
        if not len(board) and self.session.value == "today" and board.total:
            self.board_count.value += f"<br><i>{esc(t('board.none-today', lang))}</i>"
        self._draw_board(board)
        self._draw_graph(items)
        self._show_selected()

    def _tree_order(self) -> list[Competency]:
        fw = self.state.framework
        out: list[Competency] = []
        seen: set[str] = set()

        def walk(parent: str | None) -> None:
            for c in fw.children(parent):
                if c.id not in seen:
                    seen.add(c.id)
                    out.append(c)
                    walk(c.id)

        walk(None)
        out += [c for c in fw.competencies if c.id not in seen]  # orphans and cycles, reported by check()
        return out

    def _depth(self, competency_id: str) -> int:
        fw, depth, seen = self.state.framework, 0, set()
        c = fw.competency(competency_id)
        while c is not None and c.parent and c.parent not in seen and depth < 20:
            seen.add(c.parent)
            c = fw.competency(c.parent)
            depth += 1
        return depth

    def _draw_board(self, board: Board) -> None:
        """One column per status, its count in its title, the cards most voted first."""
        lang = self.lang
        columns = []
        for status in Status:
            cards = [(card.kind, card.item) for card in board.columns.get(status.value, [])]
            body = "".join(
                f"<div class='bw-card' style='background:white;border:1px solid #bbb;border-radius:6px;"
                f"padding:6px;margin:4px 0;font-size:1.1em'>{'◆' if k == 'badge' else '○'} "
                f"<b>{esc(item_label(i, lang))}</b><br><small>{esc(i.provenance.proposed_by or '')}</small> "
                f"<span style='color:#c62828'>{'●' * min(i.votes, 10)}</span></div>"
                for k, i in cards[:60]
            )
            more = f"<small>+{len(cards) - 60}</small>" if len(cards) > 60 else ""
            columns.append(
                f"<div style='flex:1;background:{STATUS_COLOURS[status.value]};padding:6px;border-radius:6px;"
                f"min-width:160px' data-status='{status.value}'><h4>{esc(t('status.' + status.value, lang))} "
                f"({len(cards)})</h4>{body}{more}</div>"
            )
        self.board.value = f"<div class='bw-board' style='display:flex;gap:8px'>{''.join(columns)}</div>"

    def _draw_graph(self, items: list[tuple[str, Any]]) -> None:
        """The cards shown on the board, with the competencies they hang from as context (so a card can
        still be dropped onto its parent)."""
        fw = self.state.framework
        nodes, edges = [], []
        shown = {f"{k}:{i.id}" for k, i in items}
        context: dict[str, Any] = {}
        for kind, item in items:
            wanted = [item.parent] if kind == "competency" and item.parent else []
            wanted += [rc.competency for rc in item.competencies] if kind == "badge" else []
            for ident in wanted:
                parent = fw.competency(ident)
                if parent is not None and f"competency:{ident}" not in shown:
                    context[ident] = parent
        for kind, item in [*items, *(("competency", c) for c in context.values())]:
            nodes.append({"id": f"{kind}:{item.id}", "label": item_label(item, self.lang), "kind": kind,
                          "status": str(item.status), "color": _NODE_COLOURS[kind],
                          "badge": str(item.votes) if item.votes else "",
                          "problem": bool(self.state.report.about(f"{kind}:{item.id}") and
                                          any(p.severity == "error" for p in self.state.report.about(f"{kind}:{item.id}")))})  # fmt: skip
        ids = {n["id"] for n in nodes}
        for c in fw.competencies:
            if c.parent and f"competency:{c.id}" in ids and f"competency:{c.parent}" in ids:
                edges.append({"source": f"competency:{c.id}", "target": f"competency:{c.parent}", "kind": "child_of"})
        for b in fw.badges:
            for rc in b.competencies:
                if f"badge:{b.id}" in ids and f"competency:{rc.competency}" in ids:
                    edges.append({"source": f"badge:{b.id}", "target": f"competency:{rc.competency}",
                                  "kind": "recognises", "dashed": True})  # fmt: skip
        known = {k: (v["x"], v["y"]) for k, v in self.graph.positions.items() if k in ids}
        placed = auto_positions([n["id"] for n in nodes], [(e["source"], e["target"]) for e in edges], known)
        with self.graph.hold_sync():
            self.graph.nodes = nodes
            self.graph.edges = edges
            self.graph.positions = {k: {"x": x, "y": y} for k, (x, y) in placed.items()}
            self.graph.selected = self.state.selected if self.state.selected in ids else ""

    def _show_selected(self) -> None:
        kind, _, ident = self.state.selected.partition(":")
        fw = self.state.framework
        item = fw.competency(ident) if kind == "competency" else fw.badge(ident) if kind == "badge" else None
        if item is None:
            self.details.value = f"<i>{esc(t('workshop.pick-card', self.lang))}</i>"
            return
        self._updating = True
        try:
            self.status.value = str(item.status)
            if kind == "competency":
                self.group_under.value = item.parent or ""
        finally:
            self._updating = False
        comments = "".join(f"<li><b>{esc(c.author)}</b> : {esc(c.text)}</li>" for c in item.comments)
        self.details.value = (f"<b>{esc(item_label(item, self.lang))}</b> · {item.votes} "
                              f"{esc(t('workshop.votes', self.lang))}<ul>{comments}</ul>")  # fmt: skip

    # --- actions -----------------------------------------------------------------------------------

    def _selected(self) -> tuple[str, str] | None:
        kind, _, ident = self.state.selected.partition(":")
        return (kind, ident) if kind in ("competency", "badge") and ident else None

    def _card_chosen(self, change: dict[str, Any]) -> None:
        if not getattr(self, "_refreshing", False) and change["new"]:
            self.state.selected = change["new"]

    def _graph_selected(self, change: dict[str, Any]) -> None:
        if change["new"] and change["new"] != self.state.selected:
            self.state.selected = change["new"]

    def _selection_changed(self, _change: Any) -> None:
        if self.state.selected in set(self.cards.options and [v for _, v in self.cards.options]):
            self._refreshing = True
            try:
                self.cards.value = self.state.selected
            finally:
                self._refreshing = False
        self.graph.selected = self.state.selected
        self._show_selected()

    def _add(self, _button: Any = None) -> None:
        title = self.title_input.value.strip()
        fw = self.state.framework
        if not title or fw is None:
            self.state.say("need-title", "error")
            return
        kind = self.kind.value or "competency"
        taken = {c.id for c in fw.competencies} if kind == "competency" else {b.id for b in fw.badges}
        ident = unique_id(slugify(title), taken)
        words = {self.lang: title}
        item: Any
        if kind == "competency":
            item = Competency(id=ident, title=words, parent=self.parent.value or None, status=Status.PROPOSED)
        else:
            item = Badge(id=ident, name=words, status=Status.PROPOSED)
        if self.edit(
            lambda fw: edit.add_item(fw, item, author=self.state.author), t("workshop.added", self.lang, title=title)
        ):
            self.title_input.value = ""
            self.state.selected = f"{kind}:{ident}"

    def _vote(self, dots: int) -> None:
        sel = self._selected()
        if sel is None:
            self.state.say("pick-card", "warning")
            return
        self.edit(
            lambda fw: edit.vote(fw, sel[0], sel[1], dots), t("workshop.voted", self.lang, id=sel[1]), additive=True
        )

    def _status_chosen(self, change: dict[str, Any]) -> None:
        sel = self._selected()
        if getattr(self, "_updating", False) or sel is None or not change["new"]:
            return
        fw = self.state.framework
        current = fw.competency(sel[1]) if sel[0] == "competency" else fw.badge(sel[1])
        if current is None or str(current.status) == change["new"]:
            return
        status = change["new"]
        self.edit(lambda fw: edit.set_status(fw, sel[0], sel[1], status, author=self.state.author),
                  t("workshop.status-set", self.lang, id=sel[1], status=t("status." + status, self.lang)))  # fmt: skip

    def _group(self, _button: Any = None) -> None:
        sel = self._selected()
        if sel is None:
            self.state.say("pick-card", "warning")
            return
        self.group(sel[0], sel[1], self.group_under.value or None)

    def group(self, kind: str, ident: str, parent: str | None) -> bool:
        """Put a competency under ``parent``, or make a badge recognise the competency ``parent``."""
        if kind == "competency":
            if parent == ident:
                return False
            return self.edit(lambda fw: edit.update_item(fw, "competency", ident, author=self.state.author, parent=parent),
                             t("workshop.grouped", self.lang, id=ident))  # fmt: skip
        if parent is None:
            return False

        def recognise(fw: Any) -> Any:
            badge = fw.badge(ident)
            if any(rc.competency == parent for rc in badge.competencies):
                return fw
            return edit.update_item(fw, "badge", ident, author=self.state.author,
                                    competencies=[*badge.competencies, {"competency": parent}])  # fmt: skip

        return self.edit(recognise, t("workshop.grouped", self.lang, id=ident))

    def _dropped(self, node: str, target: str) -> None:
        kind, _, ident = node.partition(":")
        target_kind, _, target_id = target.partition(":")
        if target_kind == "competency" and kind in ("competency", "badge"):
            self.group(kind, ident, target_id)

    def _comment(self, _button: Any = None) -> None:
        sel = self._selected()
        words = self.comment.value.strip()
        if sel is None or not words:
            self.state.say("pick-card", "warning")
            return
        author = self.state.author
        if author.partner is None and author.person is None:
            author = edit.Author(person=t("workshop.anonymous", self.lang))
        if self.edit(lambda fw: edit.add_comment(fw, sel[0], sel[1], words, author=author),
                     t("workshop.commented", self.lang, id=sel[1]), additive=True):  # fmt: skip
            self.comment.value = ""

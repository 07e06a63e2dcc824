"""The workshop board: which cards a facilitator sees, filtered by status, partner, kind, session and words.

A card is a competency or a badge; its column is its status (proposed → discussed → adopted, or set
aside). A *session* is a day: a card belongs to the sessions of the days it was proposed, changed or
commented on (``provenance.created``, ``provenance.changed``, its comments' ``date``), so "today's
session" is what the room proposed or touched today. With 3,000 competencies and 300 badges the board
is only readable filtered; the widget (``widgets.workshop``) is a skin over :func:`workshop_board`.

>>> import datetime as dt
>>> from badgeworkbench.model import Badge, Competency, Framework, Provenance
>>> day = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
>>> fw = Framework(id="demo", competencies=[
...     Competency(id="ecouter", title={"fr": "Écouter"}, status="proposed",
...                provenance=Provenance(proposed_by="cnam", created=day)),
...     Competency(id="cuisiner", title={"fr": "Cuisiner"})],
...     badges=[Badge(id="accueil", name={"fr": "Accueil"}, status="proposed")])
>>> board = workshop_board(fw, session=day.date(), tz=dt.UTC)
>>> [card.ref for card in board.cards], board.counts["proposed"], board.total
(['competency:ecouter'], 1, 3)
>>> [card.ref for card in workshop_board(fw, search="ecou").cards]  # accents and case do not matter
['competency:ecouter']
>>> workshop_board(fw, kind="badge").counts
{'proposed': 1, 'discussed': 0, 'adopted': 0, 'set_aside': 0}
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .model import Framework, Status

__all__ = ["KINDS", "Board", "Card", "card_sessions", "folded", "partners_of", "sessions", "workshop_board"]

#: The kinds of cards, in the order the board shows them.
KINDS = ("competency", "badge")


@dataclass(frozen=True)
class Card:
    """One card: a competency or a badge of the framework."""

    kind: str
    item: Any

    @property
    def ref(self) -> str:
        return f"{self.kind}:{self.item.id}"


@dataclass(frozen=True)
class Board:
    """The cards shown, per column (status value → cards, most dot-votes first), and how many the
    framework holds before filtering."""

    columns: dict[str, list[Card]]
    total: int

    @property
    def counts(self) -> dict[str, int]:
        return {status: len(cards) for status, cards in self.columns.items()}

    @property
    def cards(self) -> list[Card]:
        """Every card shown, column after column."""
        return [card for cards in self.columns.values() for card in cards]

    def __len__(self) -> int:
        return sum(len(cards) for cards in self.columns.values())


def folded(words: str) -> str:
    """``words`` without case or accents, for searching: "Écouter" and "ecouter" match.

    >>> folded("Écouter l’Équipe")
    "ecouter l'equipe"
    """
    decomposed = unicodedata.normalize("NFKD", words.replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _day(moment: dt.datetime | None, tz: dt.tzinfo | None) -> dt.date | None:
    if moment is None:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(tz)  # tz None: the machine's local time, the room's day
    return moment.date()


def card_sessions(item: Any, tz: dt.tzinfo | None = None) -> set[dt.date]:
    """The days ``item`` was proposed, changed or commented on."""
    prov = item.provenance
    moments = [prov.created, prov.changed, *(c.date for c in item.comments)]
    return {day for day in (_day(m, tz) for m in moments) if day is not None}


def _all_cards(framework: Framework) -> list[Card]:
    return [Card("competency", c) for c in framework.competencies] + [Card("badge", b) for b in framework.badges]


def sessions(framework: Framework, tz: dt.tzinfo | None = None) -> list[dt.date]:
    """Every day a card was proposed or touched, the latest first."""
    days: set[dt.date] = set()
    for card in _all_cards(framework):
        days |= card_sessions(card.item, tz)
    return sorted(days, reverse=True)


def partners_of(framework: Framework) -> list[str]:
    """The partners who proposed cards, then the framework's other partners, each once."""
    found = [card.item.provenance.proposed_by for card in _all_cards(framework)]
    ordered = dict.fromkeys(p for p in found if p)
    ordered.update(dict.fromkeys(p.id for p in framework.partners))
    return list(ordered)


def _matches(card: Card, words: str) -> bool:
    item = card.item
    texts = [item.id, *(getattr(item, "title", None) or {}).values(), *(getattr(item, "name", None) or {}).values(),
             getattr(item, "code", "") or ""]  # fmt: skip
    return words in folded(" ".join(texts))


def workshop_board(framework: Framework, *, statuses: Iterable[str] = (), partner: str = "", kind: str = "",
                   session: dt.date | None = None, search: str = "", tz: dt.tzinfo | None = None) -> Board:  # fmt: skip
    """The cards to show, per status column, most dot-votes first (then in the framework's order).

    Each filter left empty keeps every card: ``statuses`` (status values), ``partner`` (who proposed
    the card), ``kind`` (``"competency"`` or ``"badge"``), ``session`` (a day the card was proposed or
    touched, read in ``tz``, the local time by default), ``search`` (words in its title, name, code
    or id, without case or accents). Every column is present, empty or not, so counts show zeros.
    """
    wanted = set(statuses)
    words = folded(search.strip())
    everything = _all_cards(framework)
    columns: dict[str, list[Card]] = {status.value: [] for status in Status}
    for card in everything:
        item = card.item
        status = str(item.status)
        if wanted and status not in wanted:
            continue
        if kind and card.kind != kind:
            continue
        if partner and item.provenance.proposed_by != partner:
            continue
        if session is not None and session not in card_sessions(item, tz):
            continue
        if words and not _matches(card, words):
            continue
        columns.setdefault(status, []).append(card)
    for cards in columns.values():
        cards.sort(key=lambda card: -card.item.votes)  # stable: ties keep the framework's order
    return Board(columns, len(everything))

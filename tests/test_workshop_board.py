"""The workshop board at a consortium's size: filtered by status, partner, kind, session and words."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from badgeworkbench import edit
from badgeworkbench.board import card_sessions, partners_of, sessions, workshop_board
from badgeworkbench.files import save_framework
from badgeworkbench.ids import slugify
from badgeworkbench.model import Badge, Comment, Competency, Framework, Partner, Provenance
from badgeworkbench.widgets import WorkshopPanel
from badgeworkbench.widgets.state import WorkbenchState
from benchmarks.generate import generated_framework

from .widget_fixtures import framework_folder

MONDAY = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)
TUESDAY = MONDAY + dt.timedelta(days=1)


def card_framework() -> Framework:
    """Five cards over two sessions, by two partners, in three columns."""
    return Framework(
        id="seances",
        partners=[Partner(id="cnam", name="Cnam"), Partner(id="ml", name="Mission locale"), Partner(id="afpa")],
        competencies=[
            Competency(id="ecouter", title={"fr": "Écouter", "en": "Listening"}, status="proposed", votes=1,
                       provenance=Provenance(proposed_by="cnam", created=MONDAY)),
            Competency(id="accueillir", title={"fr": "Accueillir le public"}, status="proposed", votes=4,
                       provenance=Provenance(proposed_by="ml", created=TUESDAY)),
            Competency(id="cuisiner", title={"fr": "Cuisiner"}, code="C-12", status="discussed",
                       provenance=Provenance(proposed_by="cnam", created=MONDAY, changed=TUESDAY)),
            Competency(id="ancienne", title={"fr": "Compétence adoptée"}),
        ],
        badges=[
            Badge(id="service", name={"fr": "Service en salle"}, status="proposed", votes=2,
                  provenance=Provenance(proposed_by="ml", created=MONDAY),
                  comments=[Comment(author="Awa", text="à revoir", date=TUESDAY)]),
        ],
    )  # fmt: skip


def refs(board) -> list[str]:
    return [card.ref for card in board.cards]


def test_without_filters_every_card_is_in_its_status_column_most_voted_first():
    board = workshop_board(card_framework())
    assert board.counts == {"proposed": 3, "discussed": 1, "adopted": 1, "set_aside": 0}
    assert [c.ref for c in board.columns["proposed"]] == [
        "competency:accueillir",
        "badge:service",
        "competency:ecouter",
    ]
    assert board.total == len(board) == 5


def test_a_session_is_the_day_a_card_was_proposed_changed_or_commented_on():
    fw = card_framework()
    tuesday = workshop_board(fw, session=TUESDAY.date(), tz=dt.UTC)
    # proposed on Tuesday, changed on Tuesday, commented on Tuesday
    assert sorted(refs(tuesday)) == ["badge:service", "competency:accueillir", "competency:cuisiner"]
    assert refs(workshop_board(fw, session=MONDAY.date(), tz=dt.UTC)) == [
        "badge:service", "competency:ecouter", "competency:cuisiner"]  # fmt: skip
    assert sessions(fw, tz=dt.UTC) == [TUESDAY.date(), MONDAY.date()]
    assert card_sessions(fw.competency("ancienne")) == set()
    # a session is a day where the room is: 23:30 UTC on Monday is Tuesday in Paris
    late = MONDAY.replace(hour=23)
    paris = dt.timezone(dt.timedelta(hours=1))
    assert card_sessions(Competency(id="x", provenance=Provenance(created=late)), tz=paris) == {TUESDAY.date()}


def test_filters_by_status_partner_and_kind_combine():
    fw = card_framework()
    assert refs(workshop_board(fw, statuses=["discussed"])) == ["competency:cuisiner"]
    assert refs(workshop_board(fw, partner="ml")) == ["competency:accueillir", "badge:service"]
    assert refs(workshop_board(fw, kind="badge")) == ["badge:service"]
    both = workshop_board(fw, partner="cnam", statuses=["proposed", "discussed"], kind="competency")
    assert both.counts == {"proposed": 1, "discussed": 1, "adopted": 0, "set_aside": 0}
    assert workshop_board(fw, partner="afpa").counts == {"proposed": 0, "discussed": 0, "adopted": 0, "set_aside": 0}
    assert partners_of(fw) == ["cnam", "ml", "afpa"]  # who proposed cards first, then the others


@pytest.mark.parametrize(("words", "found"), [
    ("ecout", ["competency:ecouter"]),  # no accent needed
    ("PUBLIC", ["competency:accueillir"]),  # nor the case
    ("c-12", ["competency:cuisiner"]),  # a code
    ("service", ["badge:service"]),  # an id or a badge's name
    ("  ", ["competency:accueillir", "badge:service", "competency:ecouter", "competency:cuisiner",
            "competency:ancienne"]),
    ("introuvable", []),
])  # fmt: skip
def test_search_finds_words_without_case_or_accents(words, found):
    assert refs(workshop_board(card_framework(), search=words)) == found


# --- the panel: a thin skin ------------------------------------------------------------------------


@pytest.fixture
def state(tmp_path: Path) -> WorkbenchState:
    return WorkbenchState.open(framework_folder(tmp_path))


def column_counts(panel: WorkshopPanel) -> dict[str, int]:
    found = re.findall(r"data-status='(\w+)'><h4>[^<(]*\((\d+)\)</h4>", panel.board.value)
    return {status: int(n) for status, n in found}


def test_the_board_opens_on_todays_session(state):
    panel = WorkshopPanel(state)
    fw = state.framework
    # the example's cards are from earlier sessions: today shows none, and says how to see them
    assert panel.session.value == "today" and panel.cards.options == ()
    assert column_counts(panel) == {"proposed": 0, "discussed": 0, "adopted": 0, "set_aside": 0}
    assert "Toutes les séances" in panel.board_count.value
    # what the room proposes today is on the board at once
    panel.header.partner.value = fw.partners[0].id
    panel.title_input.value = "Coopérer en équipe"
    panel.add_button.click()
    assert [v for _, v in panel.cards.options] == ["competency:cooperer-en-equipe"]
    assert column_counts(panel)["proposed"] == 1
    assert "1 sur" in panel.board_count.value
    # every session: the whole framework, counted per column as the library counts
    panel.session.value = "all"
    library = workshop_board(state.framework)
    assert column_counts(panel) == library.counts and len(panel.cards.options) == library.total
    # an earlier session is offered by its date
    earlier = sessions(state.framework)
    assert {v for _, v in panel.session.options} >= {d.isoformat() for d in earlier if d != dt.date.today()}


def test_the_panel_filters_by_status_partner_kind_and_words(state):
    panel = WorkshopPanel(state)
    fw = state.framework
    panel.session.value = "all"
    panel.status_filter.value = "adopted"
    assert column_counts(panel) == {"proposed": 0, "discussed": 0, "adopted": workshop_board(fw, statuses=["adopted"]).counts["adopted"], "set_aside": 0}  # fmt: skip
    panel.status_filter.value = ""
    proposer = partners_of(fw)[0]
    panel.partner_filter.value = proposer
    assert [v for _, v in panel.cards.options] == [c.ref for c in workshop_board(fw, partner=proposer).cards]
    panel.partner_filter.value = ""
    panel.show.value = "badge"
    assert all(v.startswith("badge:") for _, v in panel.cards.options) and len(panel.cards.options) == len(fw.badges)
    panel.show.value = "all"
    badge = fw.badges[0]
    panel.search.value = badge.name["fr"].upper()
    assert f"badge:{badge.id}" in {v for _, v in panel.cards.options}
    assert len(panel.cards.options) < len(fw.badges)
    # the graph shows the cards on the board (and the competencies they hang from), not the whole framework
    assert f"badge:{badge.id}" in {n["id"] for n in panel.graph.nodes}
    assert len(panel.graph.nodes) < len(fw.competencies)


def test_the_filters_speak_english(state):
    state.language = "en"
    panel = WorkshopPanel(state)
    assert panel.session.options[0][0].startswith("Today (") and panel.session.options[1][0] == "Every session"
    assert panel.status_filter.options[0][0] == "Every status" and panel.partner_filter.options[0][0] == "Every partner"
    assert panel.search.description == "Search" and "Cards shown: 0 of" in panel.board_count.value
    state.language = "fr"
    assert panel.session.value == "today" and panel.search.description == "Chercher"


def test_at_consortium_size_the_facilitator_finds_todays_cards(tmp_path):
    fw = generated_framework(competencies=3000, badges=300, relations=3000, alignments=3000)
    folder = tmp_path / "consortium"
    save_framework(fw, folder)
    state = WorkbenchState.open(folder)
    state.author_partner = fw.partners[0].id
    for title in ("Animer un groupe", "Gérer un conflit"):
        assert state.apply(lambda f, t=title: edit.add_item(
            f, Competency(id=slugify(t), title={"fr": t}, status="proposed"), author=state.author), title)  # fmt: skip
    panel = WorkshopPanel(state)
    # 3,302 cards in the framework; today's session shows the two proposed today
    assert sorted(v for _, v in panel.cards.options) == ["competency:animer-un-groupe", "competency:gerer-un-conflit"]
    assert column_counts(panel) == {"proposed": 2, "discussed": 0, "adopted": 0, "set_aside": 0}
    assert "2 sur 3302" in panel.board_count.value
    panel.session.value = "all"
    panel.search.value = "conflit"
    assert [v for _, v in panel.cards.options] == ["competency:gerer-un-conflit"]

"""Problems grouped by kind, at a consortium's size: in the library, in every panel, in the CLI's text."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import ipywidgets as w
import pytest
from click.testing import CliRunner

from badgeworkbench import edit
from badgeworkbench.check import check
from badgeworkbench.cli import main
from badgeworkbench.files import read_framework, save_framework
from badgeworkbench.model import Requirement
from badgeworkbench.report import GROUP_TITLES, Problem, Report, Severity, group_problems
from badgeworkbench.widgets import (
    AnalysisPanel,
    BadgeDesigner,
    ConstellationPanel,
    ExportPanel,
    FrameworkPanel,
    MaterialsPanel,
    StartPanel,
    WorkshopPanel,
)
from badgeworkbench.widgets.problems import ProblemList
from badgeworkbench.widgets.state import WorkbenchState
from benchmarks.generate import generated_framework

from .conftest import ROOT
from .widget_fixtures import framework_folder

PANELS = [StartPanel, WorkshopPanel, FrameworkPanel, BadgeDesigner, ConstellationPanel, AnalysisPanel, ExportPanel,
          MaterialsPanel]  # fmt: skip


def problem(code: str, severity: str = "warning", item: str | None = None) -> Problem:
    return Problem(code, Severity(severity), {"fr": f"fr {code}", "en": f"en {code}"}, item=item)


# --- the library ------------------------------------------------------------------------------------


def test_groups_count_each_kind_and_put_the_most_serious_first():
    found = ([problem("badge-not-in-pathway", item=f"badge:b{i}") for i in range(187)]
             + [problem("missing-translation", "info", item="badge:b1")] * 40
             + [problem("competency-not-recognised", item=f"competency:c{i}") for i in range(3)]
             + [problem("unknown-badge", "error", item="badge:b2"), problem("requirement-cycle", "error", item="badge:b3"),
                problem("unknown-badge", "error", item="badge:b4")])  # fmt: skip
    groups = Report(found).grouped()
    assert [(str(g.severity), g.code, len(g)) for g in groups] == [
        ("error", "unknown-badge", 2),  # errors first, the larger group first
        ("error", "requirement-cycle", 1),
        ("warning", "badge-not-in-pathway", 187),  # then warnings, larger first…
        ("warning", "competency-not-recognised", 3),
        ("info", "missing-translation", 40),  # …then information, even when larger
    ]
    assert [p.item for p in groups[0]] == ["badge:b2", "badge:b4"]  # found order kept inside a group
    assert sum(len(g) for g in groups) == len(found)


def test_groups_of_equal_size_come_in_a_fixed_order():
    forward = group_problems([problem("b-code"), problem("a-code")])
    backward = group_problems([problem("a-code"), problem("b-code")])
    assert [g.code for g in forward] == [g.code for g in backward] == ["a-code", "b-code"]


@pytest.mark.parametrize(("n", "fr", "en"), [
    (1, "1 badge sans parcours", "1 badge in no pathway"),
    (2, "2 badges sans parcours", "2 badges in no pathway"),
    (187, "187 badges sans parcours", "187 badges in no pathway"),
])  # fmt: skip
def test_group_titles_agree_in_number_in_french_and_english(n, fr, en):
    (group,) = group_problems([problem("badge-not-in-pathway", item=f"badge:b{i}") for i in range(n)])
    assert group.title("fr") == fr and group.title("en") == en


def test_titles_for_a_competency_and_for_a_code_without_a_title():
    (one,) = group_problems([problem("competency-not-recognised")])
    (many,) = group_problems([problem("competency-not-recognised")] * 1969)
    assert one.title("fr") == "1 compétence reconnue par aucun badge"
    assert many.title("fr") == "1969 compétences reconnues par aucun badge"
    assert many.title("en") == "1969 competencies no badge recognises"
    (odd,) = group_problems([problem("something-new")] * 2)
    assert odd.title("fr") == "2 problèmes « something-new »" and odd.title("en") == "2 “something-new” problems"


def test_every_code_the_framework_check_reports_has_a_title():
    source = (ROOT / "badgeworkbench" / "check.py").read_text("utf-8")
    codes = set(re.findall(r'_p\(\s*"([a-z-]+)"', source)) | set(
        re.findall(r'_unknown\([^)]*?"(unknown-[a-z]+)"', source)
    )
    assert len(codes) > 25
    assert sorted(codes - set(GROUP_TITLES)) == []
    for forms in GROUP_TITLES.values():
        assert len(forms) == 4 and all("{n}" in form for form in forms)


def test_the_report_api_is_unchanged_beside_the_groups():
    report = Report([problem("unknown-badge", "error", "badge:a"), problem("badge-not-in-pathway", item="badge:a")])
    assert report.codes() == ["unknown-badge", "badge-not-in-pathway"] and not report.ok
    assert [p["code"] for p in report.to_dict()["problems"]] == report.codes()


# --- the CLI's text output ------------------------------------------------------------------------------


@pytest.fixture
def three_without_criteria(example_copy: Path) -> Path:
    """The example with three badges whose criteria were emptied (an error each) and one left out of
    every pathway (a warning)."""
    fw = read_framework(example_copy).framework
    ids = [b.id for b in fw.badges[:3]]
    for ident in ids:
        fw = edit.update_item(fw, "badge", ident, criteria={})
    save_framework(fw, example_copy)
    return example_copy


def test_validate_prints_one_line_per_kind_with_its_count_then_its_problems(three_without_criteria):
    result = CliRunner().invoke(main, ["validate", str(three_without_criteria)])
    report = check(read_framework(three_without_criteria).framework)
    groups = report.grouped()
    assert result.exit_code == 1 and len(groups) >= 1
    lines = result.stdout.splitlines()
    headers = [line for line in lines if line and not line.startswith(" ")][:-1]  # the last is the summary
    assert headers == [f"{g.severity} · {g.title('fr')} ({g.code})" for g in groups]
    assert headers[0] == "error · 3 badges sans critères (badge-without-criteria)"
    first = lines.index(headers[0])
    under = lines[first + 1 : first + 4]
    assert all(line.startswith("  ") and "badge:" in line for line in under)
    english = CliRunner().invoke(main, ["validate", str(three_without_criteria), "--lang", "en"]).stdout
    assert "error · 3 badges without criteria (badge-without-criteria)" in english


def test_validate_json_is_still_the_library_report(three_without_criteria):
    from badgeworkbench.workspace import validate_folder

    result = CliRunner().invoke(main, ["validate", str(three_without_criteria), "--json"])
    assert json.loads(result.stdout) == validate_folder(three_without_criteria).to_dict()


# --- every panel: one line per kind until a group is opened -----------------------------------------------


def problem_lines(root: w.Widget, report: Report, lang: str) -> list[str]:
    """What a panel shows about problems: each group title, and each text naming a problem's message
    (an HTML fragment, an option of a list)."""
    messages = {p.text(lang) for p in report} | {p.message.get(lang, "") for p in report}
    messages.discard("")
    shown: list[str] = []
    stack, seen = [root], set()
    while stack:
        widget = stack.pop()
        if id(widget) in seen:
            continue
        seen.add(id(widget))
        texts: list[str] = []
        if isinstance(widget, w.HTML):
            texts += [html.unescape(part) for part in re.split(r"<[^>]+>", widget.value)]
        texts += [str(o[0] if isinstance(o, tuple) else o) for o in (getattr(widget, "options", None) or ())]
        shown += [text for text in texts if any(m in text for m in messages)]
        if isinstance(widget, ProblemList):
            shown += widget.titles
        stack.extend(getattr(widget, "children", ()) or ())
    return shown


@pytest.fixture(scope="module")
def consortium(tmp_path_factory) -> Path:
    """The size the consortium works at: 3,000 competencies, 300 badges; five badges without criteria
    (errors) beside the warnings the generator's framework has."""
    fw = generated_framework(competencies=3000, badges=300, relations=3000, alignments=3000)
    for badge in fw.badges[:5]:
        fw = edit.update_item(fw, "badge", badge.id, criteria={})
    folder = tmp_path_factory.mktemp("consortium") / "framework"
    save_framework(fw, folder)
    return folder


def test_at_consortium_size_every_panel_shows_one_line_per_kind(consortium):
    state = WorkbenchState.open(consortium)
    report = state.report
    kinds = len(report.grouped())
    assert len(report) > 2000 and kinds >= 3  # hundreds of problems of a few kinds
    listing = {}
    for panel_class in PANELS:
        state.selected = ""  # the card of a chosen item details its own problems: the lists are what is counted
        panel = panel_class(state)
        lines = problem_lines(panel, report, "fr")
        assert len(lines) <= kinds, (panel_class.__name__, lines[:5])
        listing[panel_class] = panel
    start, constellation_panel, export = listing[StartPanel], listing[ConstellationPanel], listing[ExportPanel]
    assert start.problems.titles == [
        "✖ 5 badges sans critères",
        f"⚠ {len([p for p in report if p.code == 'competency-not-recognised'])} compétences reconnues par aucun badge",
        f"⚠ {len([p for p in report if p.code == 'badge-not-in-pathway'])} badges sans parcours",
    ]
    assert export.problems.titles == start.problems.titles
    assert constellation_panel.problems.titles[0] == "✖ 5 badges sans critères"
    assert all(re.match(r"[✖⚠ℹ] \d+ ", title) for title in constellation_panel.problems.titles)
    # opened, a group lists its problems; each still jumps to its item
    group = constellation_panel.problems.open_kind("badge-not-in-pathway")
    assert len(constellation_panel.problems.items.options) == len(group) > 100
    assert len(problem_lines(constellation_panel, report, "fr")) > kinds
    chosen = constellation_panel.problems.choose(lambda p: p is group.problems[7])
    constellation_panel.problems.jump_button.click()
    assert state.selected == chosen.item
    assert state.framework.badge(state.selected_id("badge")).name["fr"] in constellation_panel.info.value
    # the badge designer and the framework editor group the problems of the item they show
    designer, editor = listing[BadgeDesigner], listing[FrameworkPanel]
    state.select("badge", state.framework.badges[0].id)
    assert "✖ 1 badge sans critères" in designer.problems.titles
    assert all(re.match(r"[✖⚠ℹ] 1 ", title) for title in designer.problems.titles)
    assert designer.problems.items.options == ()  # closed until opened
    state.select("competency", next(p.item for p in report if p.code == "competency-not-recognised").split(":")[1])
    assert editor.problems.titles == ["⚠ 1 compétence reconnue par aucun badge"]


def test_the_constellation_groups_the_selected_badges_own_problems_like_the_other_panels(tmp_path):
    state = WorkbenchState.open(framework_folder(tmp_path))
    panel, designer = ConstellationPanel(state), BadgeDesigner(state)
    badge = state.framework.badges[0]
    # two prerequisites that do not exist (two problems of one kind), no criteria, no description
    assert state.apply(lambda f: edit.update_item(f, "badge", badge.id, criteria={}, description={},
                                                  requires=Requirement(of=["disparu-1", "disparu-2"])), "vide")  # fmt: skip
    state.select("badge", badge.id)
    own = [p for p in state.report.about(f"badge:{badge.id}") if p.severity in ("error", "warning")]
    groups = group_problems(own)
    assert len(own) > len(groups) >= 2  # grouping shows fewer lines than problems
    assert panel.badge_problems.titles == designer.problems.titles == [
        f"{'✖' if g.severity == 'error' else '⚠'} {g.title('fr')}" for g in groups]
    assert not problem_lines(panel.info, state.report, "fr")  # the card itself lists no problem, one a line
    opened = panel.badge_problems.open_kind(groups[0].code)
    assert len(panel.badge_problems.items.options) == len(opened)
    state.select("badge", "")
    assert panel.badge_problems.titles == []


def test_in_english_the_groups_speak_english(consortium):
    state = WorkbenchState.open(consortium, language="en")
    panel = StartPanel(state)
    assert panel.problems.titles[0] == "✖ 5 badges without criteria"
    assert any(title.endswith("badges in no pathway") for title in panel.problems.titles)
    state.language = "fr"
    assert panel.problems.titles[0] == "✖ 5 badges sans critères"


def test_on_the_example_every_panel_shows_one_line_per_kind(tmp_path):
    folder = framework_folder(tmp_path)
    state = WorkbenchState.open(folder)
    fw = state.framework
    for badge in fw.badges[:4]:
        assert state.apply(lambda f, i=badge.id: edit.update_item(f, "badge", i, criteria={}, description={}), "vide")
    report = state.report
    kinds = len(report.grouped())
    assert len(report) >= 8 and kinds >= 2
    for panel_class in PANELS:
        state.selected = ""  # the card of a chosen item details its own problems: the lists are what is counted
        panel = panel_class(state)
        assert len(problem_lines(panel, report, "fr")) <= kinds, panel_class.__name__
    start = StartPanel(state)
    assert "✖ 4 badges sans critères" in start.problems.titles
    assert "✖ 4 descriptions manquantes" in start.problems.titles
    # the open group stays open after an edit, with the new count
    start.problems.open_kind("badge-without-criteria")
    assert state.apply(lambda f: edit.update_item(f, "badge", fw.badges[5].id, criteria={}), "vide")
    assert start.problems.open_group is not None and start.problems.open_group.code == "badge-without-criteria"
    assert len(start.problems.items.options) == 5 and "✖ 5 badges sans critères" in start.problems.titles
    # the designer shows the chosen badge's problems grouped, closed
    designer = BadgeDesigner(state)
    state.select("badge", fw.badges[0].id)
    assert sorted(designer.problems.titles) == sorted(["✖ 1 badge sans critères", "✖ 1 description manquante"])
    assert designer.problems.items.options == ()


def test_a_refused_export_counts_each_problem_once(tmp_path):
    state = WorkbenchState.open(framework_folder(tmp_path))
    for badge in state.framework.badges[:3]:
        assert state.apply(lambda f, i=badge.id: edit.update_item(f, "badge", i, criteria={}), "sans critères")
    panel = ExportPanel(state)
    panel.folder.value = str(tmp_path / "public")
    panel.base_url.value = "https://badges.exemple.fr"
    assert panel.run_export() is None  # refused: the same errors come back from the export
    assert "✖ 3 badges sans critères" in panel.problems.titles
    panel.problems.open_kind("badge-without-criteria")
    assert len(panel.problems.items.options) == 3

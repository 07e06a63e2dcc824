"""The publishing gate: validate, "Vérifier", export, award and materials accept and refuse the same things.

Each hostile mutation of the example framework is one the issue reproduced with the real CLI: before
the gate, ``validate`` passed some of them and ``export`` published others.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from badgeworkbench.cli import main
from badgeworkbench.files import read_framework
from badgeworkbench.gate import PublishingBlocked, folder_report, printing_report
from badgeworkbench.materials import render_materials
from badgeworkbench.openbadges import award_badges, export_framework

BASE = "https://badges.example.org/cvl"
BADGE = Path("badges") / "accueil-public.yaml"


def _replace(relpath: str | Path, old: str, new: str):
    def mutate(folder: Path) -> None:
        path = folder / relpath
        text = path.read_text("utf-8")
        assert old in text, (relpath, old)
        path.write_text(text.replace(old, new, 1), "utf-8")

    return mutate


def _rename(relpath: str, name: str):
    def mutate(folder: Path) -> None:
        (folder / relpath).rename((folder / relpath).with_name(name))

    return mutate


def _truncate(folder: Path) -> None:
    path = folder / BADGE
    data = path.read_bytes()
    path.write_bytes(data[: data.index(b"competencies:")])  # cut short, as a failed copy leaves it: no issuer


#: mutation → the problem code validate and export both name.
MUTATIONS = {
    "javascript-issuer-url": (_replace("partners.yaml", "https://frep-cvl.example.org", "javascript:alert(1)"),
                              "unsafe-url"),
    "data-criteria-url": (_replace(BADGE, "criteria:\n", "criteria:\n  url: 'data:text/html,<script>alert(1)</script>'\n"),
                          "unsafe-url"),
    "file-alignment-url": (_replace(BADGE, "https://candidat.francetravail.fr/metierscope/fiche-metier/M1601",
                                    "file:///etc/passwd"), "unsafe-url"),
    "bidi-override-in-id": (_replace(BADGE, "id: accueil-public", "id: accueil\u202epublic"), "invisible-character"),
    "zero-width-in-file-name": (_rename(str(BADGE), "accueil\u200bpublic.yaml"), "invisible-character"),
    "prerequisite-cycle": (_replace(BADGE, "issuer: frep-cvl", "issuer: frep-cvl\nrequires: {of: [accueil-public]}"),
                           "requirement-cycle"),
    "megabyte-text": (_replace(BADGE, "Accueille, renseigne", "A" * 1_000_000), "text-too-long"),
    "unknown-issuer": (_replace(BADGE, "issuer: frep-cvl", "issuer: personne"), "unknown-partner"),
    "no-issuer": (_replace(BADGE, "issuer: frep-cvl\n", ""), "missing-issuer"),
    "truncated-badge-file": (_truncate, "missing-issuer"),
    "unreadable-badge-file": (_replace(BADGE, "level: \"2\"", "level: [\"2\""), "yaml-syntax"),
    "ignored-field": (_replace("framework.yaml", "\nversion:", "\npublisher: Région\nversion:"), "unknown-field"),
}


def _invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_what_validate_rejects_export_refuses_with_the_same_problems(name, example_copy, tmp_path):
    mutate, code = MUTATIONS[name]
    mutate(example_copy)
    validated = _invoke("validate", example_copy, "--json")
    assert validated.exit_code == 1, validated.output
    errors = [p for p in json.loads(validated.stdout)["problems"] if p["severity"] == "error"]
    assert code in {p["code"] for p in errors}

    out = tmp_path / "site"
    exported = _invoke("export", example_copy, "--base-url", BASE, "--out", out)
    assert exported.exit_code == 1 and "Traceback" not in exported.output
    assert not out.exists()  # nothing written
    # the same problems, in the same words: code, file:line › item › field, message
    opened = read_framework(example_copy)
    for problem in folder_report(opened).errors[:12]:
        assert f"  {problem.code}  {problem.location()}  {problem.text('en')}" in exported.stderr
    assert {p["code"] for p in errors[:12]} <= set(re.findall(r"^  ([a-z0-9-]+)  ", exported.stderr, re.MULTILINE))


def test_the_valid_example_passes_everywhere(example_copy, tmp_path):
    assert _invoke("validate", example_copy).exit_code == 0
    exported = _invoke("export", example_copy, "--base-url", BASE, "--out", tmp_path / "site", "--only", "ob3,site")
    assert exported.exit_code == 0, exported.output
    assert (tmp_path / "site" / "index.html").is_file()
    assert _invoke("info", example_copy).exit_code == 0


@pytest.mark.parametrize("name", ["javascript-issuer-url", "prerequisite-cycle", "no-issuer"])
def test_the_library_refuses_what_validate_rejects(name, example_copy, tmp_path):
    mutate, code = MUTATIONS[name]
    mutate(example_copy)
    framework = read_framework(example_copy).framework
    with pytest.raises(PublishingBlocked) as exported:
        export_framework(framework, BASE, only="ob3")
    assert code in exported.value.report.codes()
    earners = tmp_path / "earners.csv"
    earners.write_text("identifier,badge,date,evidence\nalice@example.org,accueil-public,2026-04-01,\n", "utf-8")
    with pytest.raises(PublishingBlocked) as awarded:
        award_badges(framework, earners, BASE)
    assert awarded.value.report.codes() == exported.value.report.codes()


def test_award_command_refuses_with_the_same_problem(example_copy, tmp_path):
    MUTATIONS["javascript-issuer-url"][0](example_copy)
    earners = tmp_path / "earners.csv"
    earners.write_text("identifier,badge,date,evidence\nalice@example.org,accueil-public,2026-04-01,\n", "utf-8")
    result = _invoke("award", example_copy, "--earners", earners, "--base-url", BASE, "--out", tmp_path / "awards")
    assert result.exit_code == 1 and "unsafe-url  partners.yaml:" in result.stderr
    assert not (tmp_path / "awards").exists()


@pytest.mark.parametrize("name", ["javascript-issuer-url", "bidi-override-in-id", "unreadable-badge-file"])
def test_materials_refuse_unsafe_or_incomplete_prints_with_the_same_problem(name, example_copy, tmp_path):
    mutate, code = MUTATIONS[name]
    mutate(example_copy)
    result = _invoke("materials", example_copy, "--kit", "runsheet", "--out", tmp_path / "print")
    assert result.exit_code == 1 and f"  {code}  " in result.stderr, result.output
    assert not (tmp_path / "print").exists()


def test_materials_print_an_unfinished_framework_that_export_refuses(example_copy, tmp_path):
    # a workshop prints canvases precisely to find a badge's missing criteria: that is not a reason to refuse
    MUTATIONS["no-issuer"][0](example_copy)
    opened = read_framework(example_copy)
    assert printing_report(opened).errors == [] and not folder_report(opened).ok
    assert render_materials(opened.framework, ["runsheet"])


def test_info_exits_1_naming_what_it_left_out(example_copy):
    MUTATIONS["unreadable-badge-file"][0](example_copy)
    result = _invoke("info", example_copy)
    assert result.exit_code == 1
    assert "badges/accueil-public.yaml:" in result.stderr and "Not counted" in result.stderr
    assert "badges        29" in result.stdout  # what it could read is still counted
    as_json = _invoke("info", example_copy, "--json")
    assert as_json.exit_code == 1 and json.loads(as_json.stdout)["left_out"][0]["code"] == "yaml-syntax"


@pytest.mark.parametrize("name", ["javascript-issuer-url", "ignored-field", "truncated-badge-file"])
def test_verifier_never_says_ready_when_exporter_would_refuse(name, example_copy, tmp_path):
    from badgeworkbench.widgets import ExportPanel
    from badgeworkbench.widgets.state import WorkbenchState

    mutate, code = MUTATIONS[name]
    mutate(example_copy)
    panel = ExportPanel(WorkbenchState.open(example_copy))
    panel.run_check()
    assert "✖" in panel.verdict.value and "✔" not in panel.verdict.value
    listed = []
    for group in panel.problems.grouped:  # each kind of problem opened in turn, as a person would
        panel.problems.open_kind(group.code)
        listed += [text for text, _ in panel.problems.items.options]
    assert any(code in p.code and p.text(panel.lang)[:60] in text for p in panel.check_report.errors for text in listed)
    panel.folder.value = str(tmp_path / "public")
    panel.base_url.value = BASE
    assert panel.run_export() is None
    verdict = html.unescape(panel.export_verdict.value)  # the refusal names the same problems, in the UI language
    assert "✖" in verdict and any(p.text(panel.lang)[:60] in verdict for p in panel.check_report.errors if code in p.code)
    assert not (tmp_path / "public").exists()


# --- the checks the gate added, one field and one character at a time -------------------------------


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
                                 "java\tscript:alert(1)", "data:text/html,<b>x</b>", "file:///etc/passwd",
                                 "vbscript:msgbox", "https://example.org/\u202egnp.exe", "https://example.org/\x07"])
def test_every_link_that_is_not_plain_http_is_unsafe(url):
    from badgeworkbench.check import url_problem

    assert url_problem(url, "partner:a", "url").code == "unsafe-url"


@pytest.mark.parametrize("url", ["https://example.org", "HTTP://EXAMPLE.ORG/a?b=c#d",
                                 "https://fr.wikipedia.org/wiki/Éducation_populaire"])
def test_plain_http_links_pass(url):
    from badgeworkbench.check import url_problem

    assert url_problem(url, "partner:a", "url") is None


def test_each_link_field_is_checked_and_named():
    from badgeworkbench.check import check
    from badgeworkbench.model import Alignment, Badge, Competency, Criteria, Framework, Partner

    bad = "javascript:alert(1)"
    fw = Framework(
        id="demo", url=bad,
        partners=[Partner(id="p", url=bad, image=bad), Partner(id="q", image="logos/q.png")],
        competencies=[Competency(id="c", alignments=[Alignment(framework="ROME", name="x", url=bad)])],
        badges=[Badge(id="b", criteria=Criteria(url=bad), alignments=[Alignment(framework="ROME", name="x", url=bad)])],
    )  # fmt: skip
    found = {(p.item, p.field) for p in check(fw) if p.code == "unsafe-url"}
    assert found == {("framework:demo", "url"), ("partner:p", "url"), ("partner:p", "image"),
                     ("competency:c", "alignments[0].url"), ("badge:b", "criteria.url"),
                     ("badge:b", "alignments[0].url")}  # fmt: skip  — and a relative logo path is fine


@pytest.mark.parametrize("char", ["\u202a", "\u202e", "\u2066", "\u2069", "\u200b", "\u200d", "\u200f", "\ufeff"])
def test_invisible_characters_in_ids_are_named(char):
    from badgeworkbench.check import check
    from badgeworkbench.model import Badge, Framework

    problems = [p for p in check(Framework(id="demo", badges=[Badge(id=f"a{char}b")])) if p.code == "invisible-character"]
    assert len(problems) == 1 and f"U+{ord(char):04X}" in problems[0].text("en") and problems[0].field == "id"


@pytest.mark.parametrize(("upload", "code"), [("photo.jpg", "image-not-png-or-svg"), ("absente.png", "image-unreadable"),
                                              ("../secret.svg", "unsafe-path")])  # fmt: skip
def test_an_uploaded_image_export_could_not_use_is_refused_by_validate_too(example_copy, tmp_path, upload, code):
    (example_copy / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 64)
    (example_copy.parent / "secret.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'><text>secret</text></svg>")
    _replace(BADGE, "issuer: frep-cvl", f"issuer: frep-cvl\nimage: {{upload: '{upload}'}}")(example_copy)
    validated = _invoke("validate", example_copy, "--json")
    assert validated.exit_code == 1
    assert code in {p["code"] for p in json.loads(validated.stdout)["problems"]}
    exported = _invoke("export", example_copy, "--base-url", BASE, "--out", tmp_path / "site")
    assert exported.exit_code == 1 and f"  {code}  badges/accueil-public.yaml:" in exported.stderr
    assert not (tmp_path / "site").exists()

"""One test per reproduction of "Nothing lost, nothing leaked": each input that once lost data, leaked
a file, printed a traceback or let a command accept what another refused.

The tests say what must hold (exit codes, bytes kept, nothing written), not the wording of messages.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sys
import threading
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from badgeworkbench.cli import main

from . import hostile
from .hostile import Scene, changes, make_scene, tree_state, unexplained

BASE_URL = "https://badges.example.org/cvl/"


def run(*args: str) -> tuple[int, str, str]:
    """Run the CLI in-process; an exception escaping it fails the test (the CLI must turn it into a sentence)."""
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"an exception escaped `{' '.join(map(str, args))}`: {result.exception!r}")
    return result.exit_code, result.stdout, result.stderr


def assert_one_sentence(code: int, out: str, err: str) -> None:
    """A failure says why in one ``Error:`` line: no traceback, no "unexpected …Error". ``validate`` is a
    report: exit 1 comes with the problems listed (each with its file), exit 2 with the one sentence."""
    assert "Traceback" not in out + err
    assert not re.search(r"unexpected \w+|RecursionError", out + err), err
    errors = [line for line in err.splitlines() if line.startswith("Error:")]
    if code != 0 and re.search(r"^\d+ error\(s\), \d+ warning\(s\)\.$", out, re.MULTILINE):
        assert errors == [] and re.search(r"^[1-9]\d* error\(s\)", out, re.MULTILINE), out  # the report says why
    elif code != 0:
        assert len(errors) == 1, f"not one sentence: {err!r}"


@pytest.fixture
def scene(tmp_path) -> Scene:
    return make_scene(tmp_path)


def only_changed(scene: Scene, before: dict, allowed=lambda p: False) -> list[str]:
    after = tree_state(scene.root)
    return unexplained(changes(before, after), after, allowed)


# --- 1. a planted save journal ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["delete-outside", "delete-absolute", "rename-out", "rename-in"])
def test_a_planted_journal_naming_paths_outside_the_folder_touches_nothing(scene, kind):
    hostile.planted_journal(kind, "badges/accueil-public.yaml").apply(scene)
    before = tree_state(scene.root)
    code, out, err = run("validate", scene.framework)
    assert only_changed(scene, before) == [], "reading the framework carried out a journal nobody's save wrote"
    assert scene.victim.read_bytes() == hostile.VICTIM_BYTES and scene.secret.read_bytes() == hostile.SECRET_BYTES
    assert code in (1, 2), "a journal naming paths outside the folder must be reported, not obeyed"
    assert_one_sentence(code, out, err)


def test_a_journal_that_is_not_a_save_plan_is_one_sentence_not_a_crash(scene):
    hostile.planted_journal("garbage", "badges/accueil-public.yaml").apply(scene)
    before = tree_state(scene.root)
    code, out, err = run("info", scene.framework)
    # info still counts what it could read, and exits 1 naming what it left out (README, "info")
    assert code == 1 and err.startswith("Not counted:") and ".save-journal.json" in err, err
    assert "Traceback" not in out + err and not re.search(r"unexpected \w+", out + err)
    assert only_changed(scene, before) == []


# --- 2. duplicate ids -----------------------------------------------------------------------------------


def test_a_badge_copied_under_another_name_is_an_error_and_fmt_loses_neither_file(scene):
    hostile.duplicate_file("badges/accueil-public.yaml").apply(scene)
    code, _, _ = run("validate", scene.framework)
    assert code == 1
    before = tree_state(scene.root)
    code, out, err = run("fmt", scene.framework)
    assert code != 0, "fmt must refuse a framework holding the same id twice"
    assert_one_sentence(code, out, err)
    assert only_changed(scene, before) == [], "fmt deleted or rewrote one of the two files"


# --- 3. wrong shapes ------------------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["competencies/communiquer.yaml", "partners.yaml", "layout.yaml"])
def test_a_file_of_the_wrong_shape_is_an_error_and_fmt_keeps_it(scene, where):
    hostile.wrong_shape(where).apply(scene)
    code, _, _ = run("validate", scene.framework)
    assert code in (1, 2)
    before = tree_state(scene.root)
    code, out, err = run("fmt", scene.framework)
    assert code != 0, f"fmt must refuse while {where} holds the wrong shape"
    assert_one_sentence(code, out, err)
    assert only_changed(scene, before) == [], f"fmt rewrote or deleted {where}, losing what it held"


# --- 4. NUL bytes ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("relpath", ["badges/accueil-public.yaml", "competencies/communiquer.yaml", "relations.yaml"])
def test_a_nul_byte_is_an_error_naming_the_file_and_fmt_keeps_it(scene, relpath):
    data = (scene.framework / relpath).read_bytes()
    (scene.framework / relpath).write_bytes(data[:60] + b"\x00" + data[60:])
    code, out, err = run("validate", scene.framework, "--json")
    assert code in (1, 2), "a file holding a NUL byte was called valid"
    assert relpath in out + err
    before = tree_state(scene.root)
    code, out, err = run("fmt", scene.framework)
    assert code != 0 and only_changed(scene, before) == []
    assert_one_sentence(code, out, err)


# --- 5. symlinks ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", hostile.SYMLINK_KINDS)
def test_a_symlink_out_of_the_folder_is_an_error_and_nothing_is_written_through_it(scene, kind):
    hostile.symlink(kind, "badges/commis-cuisine.yaml").apply(scene)
    code, _, _ = run("validate", scene.framework)
    assert code in (1, 2), "a framework file living outside the folder was read as if it were inside"
    before = tree_state(scene.root)
    for args in (
        ["fmt", scene.framework],
        ["export", scene.framework, "--base-url", BASE_URL, "--out", scene.root / "out"],
    ):
        code, out, err = run(*args)
        assert code != 0, f"{args[0]} accepted a framework with a symlink out of its folder"
        assert_one_sentence(code, out, err)
    assert only_changed(scene, before) == []


# --- 6. ids differing only by case ----------------------------------------------------------------------


def test_ids_differing_only_by_case_are_an_error(scene):
    hostile.case_collision("badges/accueil-public.yaml").apply(scene)  # Accueil-Public beside accueil-public
    code, out, _ = run("validate", scene.framework, "--json")
    assert code == 1, "Accueil-Public and accueil-public collide on case-insensitive disks and URLs"
    problems = json.loads(out)["problems"]
    named = [p for p in problems if p["severity"] == "error" and "accueil-public" in json.dumps(p).lower()]
    assert named, "the error must name the colliding ids"
    before = tree_state(scene.root)
    code, out, _err = run("fmt", scene.framework)
    assert code != 0 and only_changed(scene, before) == []


@pytest.mark.parametrize(
    "ident",
    ["../x", "../../victim", "accueil\u202epublic", "accueil\u200bpublic", "a" * 300],
    ids=["dot-dot", "dot-dot-victim", "right-to-left-override", "zero-width-space", "300-characters"],
)
def test_a_hostile_id_is_an_error_and_no_command_writes_with_it(scene, ident):
    hostile.hostile_id("badges/accueil-public.yaml", ident).apply(scene)
    code, _, _ = run("validate", scene.framework)
    assert code in (1, 2)
    before = tree_state(scene.root)
    for args in (
        ["fmt", scene.framework],
        ["export", scene.framework, "--base-url", BASE_URL, "--out", scene.root / "out"],
    ):
        code, out, err = run(*args)
        assert code != 0
        assert_one_sentence(code, out, err)
    assert only_changed(scene, before) == []


# --- 7. re-exporting keeps what the user added to the export folder --------------------------------------


def test_re_exporting_keeps_the_users_cname_and_git_folder(scene):
    out = scene.root / "site"
    code, _, err = run("export", scene.framework, "--base-url", BASE_URL, "--out", out)
    assert code == 0, err
    (out / "CNAME").write_text("badges.example.org\n")
    (out / ".git").mkdir()
    (out / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    (out / ".git" / "config").write_text("[core]\n\tbare = false\n")
    kept = {p: p.read_bytes() for p in [out / "CNAME", out / ".git" / "HEAD", out / ".git" / "config"]}
    code, out_text, err = run("export", scene.framework, "--base-url", BASE_URL, "--out", out)
    assert_one_sentence(code, out_text, err)
    for path, data in kept.items():
        assert path.exists() and path.read_bytes() == data, f"re-exporting lost {path.relative_to(out)}"


def test_exporting_into_a_folder_that_is_not_an_export_writes_nothing(scene):
    out = scene.root / "documents"
    out.mkdir()
    (out / "rapport.odt").write_bytes(b"PK\x03\x04 not a real document")
    before = tree_state(scene.root)
    code, out_text, err = run("export", scene.framework, "--base-url", BASE_URL, "--out", out)
    assert code != 0
    assert_one_sentence(code, out_text, err)
    assert only_changed(scene, before) == []


# --- 8. one gate: export, award and materials accept what validate accepts --------------------------------


@pytest.mark.parametrize(
    "mutation",
    [
        hostile.javascript_url("javascript:alert(document.domain)"),
        hostile.prerequisite_cycle(*hostile.CYCLE_PAIRS[0]),
    ],
    ids=["javascript-issuer-url", "prerequisite-cycle"],
)
def test_export_award_and_materials_refuse_what_validate_refuses(scene, mutation):
    """Export and award refuse every error validate finds. Materials are printed while a framework is still
    being designed (a canvas is where a cycle gets discussed), so they refuse only what makes a print unsafe
    (docs/openbadges.md, "Guarantees"): a link that would run is one, a prerequisite cycle is not."""
    mutation.apply(scene)
    code, _, _ = run("validate", scene.framework)
    assert code == 1
    if mutation.kind == "cycle":
        code, _, err = run("materials", scene.framework, "--kit", "cards", "--out", scene.root / "out-materials")
        assert code == 0, err
    before = tree_state(scene.root)
    for args in (
        ["export", scene.framework, "--base-url", BASE_URL, "--out", scene.root / "out-export"],
        [
            "award",
            scene.framework,
            "--earners",
            scene.earners,
            "--base-url",
            BASE_URL,
            "--out",
            scene.root / "out-award",
        ],
        *([] if mutation.kind == "cycle" else [
            ["materials", scene.framework, "--kit", "cards,partners", "--out", scene.root / "out-materials"]]),
    ):
        code, out, err = run(*args)
        assert code != 0, f"{args[0]} accepted a framework that validate refuses ({mutation.kind})"
        assert_one_sentence(code, out, err)
    assert only_changed(scene, before) == [], "a refusing command wrote something"


# --- 9–10. the earners CSV ---------------------------------------------------------------------------------


def _written_evidence(out: Path) -> list[str]:
    texts = []
    for path in sorted((out / "ob2" / "assertions").glob("*.json")):
        for evidence in json.loads(path.read_text("utf-8")).get("evidence", []):
            texts.append(evidence.get("narrative") or evidence.get("id") or "")
    return texts


def test_award_reads_quoted_fields_as_rfc_4180_says(scene):
    narrative = 'Attestation : "a tenu le poste, sans erreur", 3 jours.'
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")  # quotes the field and doubles its quotes, as RFC 4180 says
    writer.writerows(
        [
            ["identifier", "badge", "date", "evidence"],
            ["lucas.martin@example.org", "commis-cuisine", "2026-04-02", narrative],
        ]
    )
    assert '"Attestation : ""a tenu le poste, sans erreur"", 3 jours."' in buffer.getvalue()
    scene.earners.write_text(buffer.getvalue(), encoding="utf-8")
    code, out, err = run(
        "award", scene.framework, "--earners", scene.earners, "--base-url", BASE_URL, "--out", scene.root / "out"
    )
    assert code == 0, out + err
    assert _written_evidence(scene.root / "out") == [narrative]


def test_award_rejects_identifiers_that_are_no_address_and_names_their_rows(scene):
    from badgeworkbench.files import load_framework
    from badgeworkbench.openbadges import award_badges

    scene.earners.write_text(
        "identifier,badge,date,evidence\n"
        "awa.diallo@example.org,accueil-public,2026-04-01,\n"  # row 2: fine
        "@example.org,accueil-public,2026-04-01,\n"  # row 3: no one's address
        "timothee traore@example.org,accueil-public,2026-04-01,\n",  # row 4: a space in it
        encoding="utf-8",
    )
    result = award_badges(load_framework(scene.framework), scene.earners, BASE_URL)
    assert [s.row for s in result.awards] == [2]
    assert {p.item for p in result.report.errors} == {"row:3", "row:4"}
    code, _out, err = run(
        "award", scene.framework, "--earners", scene.earners, "--base-url", BASE_URL, "--out", scene.root / "out"
    )
    assert code == 1
    for row in (3, 4):  # the rejected rows are named where people read the CLI's problems
        assert re.search(rf"(?i)(row|ligne)\W*{row}\b", err), f"row {row} is not named: {err[:300]!r}"


# --- 11. the analysis report ------------------------------------------------------------------------------


class _Loads(HTMLParser):
    """Scripts' text, and every URL the page would load by itself (scripts, styles, images, frames)."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self.loads: list[str] = []
        self.handlers: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        self.handlers += [f"{tag} {k}={v}" for k, v in attrs if k.startswith("on")]
        if tag == "script":
            self._in_script = True
            self.scripts.append("")
        for attr in (
            ("src", "data")
            if tag in ("script", "img", "iframe", "embed", "object", "audio", "video", "source")
            else ("href",)
            if tag == "link"
            else ()
        ):
            if values.get(attr):
                self.loads.append(values[attr])

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


@pytest.mark.slow
def test_the_analysis_report_runs_no_script_from_the_title_and_loads_nothing_from_the_network(scene):
    path = scene.framework / "framework.yaml"
    marker = "bwTitleXss"
    title = f"Cadre <script>window.{marker}=1</script><img src=x onerror=window.{marker}=2>"
    path.write_text(
        path.read_text("utf-8").replace(
            "  fr: Parcours compétences vers l’emploi — Centre-Val de Loire", f"  fr: {json.dumps(title)}", 1
        ),
        "utf-8",
    )
    out = scene.root / "rapport.html"
    code, text, err = run("analysis-report", scene.framework, "--out", out)
    assert code == 0, text + err
    page = out.read_text("utf-8")
    parsed = _Loads()
    parsed.feed(page)
    assert not [s for s in parsed.scripts if marker in s], "the title's <script> runs in the report"
    assert not [h for h in parsed.handlers if marker in h], "the title's onerror handler runs in the report"
    remote = [u for u in parsed.loads if re.match(r"(?i)\s*(https?:)?//", u)]
    assert remote == [], f"the report loads from the network: {remote[:5]}"
    assert not re.search(r"(?i)@import\s+url\(\s*['\"]?(https?:)?//", page)


# --- 12–13. CASE packages ---------------------------------------------------------------------------------


def _case_package(items: list[str], child_of: list[tuple[str, str]]) -> dict:
    def node(ident: str) -> dict:
        return {"identifier": ident, "uri": f"https://case.example.org/uri/{ident}", "title": ident}

    return {
        "CFDocument": {
            "identifier": "doc",
            "uri": "https://case.example.org/uri/doc",
            "title": "Profond",
            "creator": "Test",
            "lastChangeDateTime": "2026-01-01T00:00:00Z",
            "language": "fr",
        },
        "CFItems": [
            {
                "identifier": i,
                "uri": f"https://case.example.org/uri/{i}",
                "fullStatement": f"Item {i}",
                "lastChangeDateTime": "2026-01-01T00:00:00Z",
            }
            for i in items
        ],
        "CFAssociations": [
            {
                "identifier": f"a-{o}-{d}",
                "uri": f"https://case.example.org/uri/a-{o}-{d}",
                "associationType": "isChildOf",
                "originNodeURI": node(o),
                "destinationNodeURI": node(d),
                "lastChangeDateTime": "2026-01-01T00:00:00Z",
            }
            for o, d in child_of
        ],
    }


@pytest.mark.parametrize("shape", ["isChildOf-chain", "nested-json"])
def test_importing_a_ten_thousand_deep_case_package_is_one_sentence_not_a_recursion_error(tmp_path, shape):
    depth = 10_000
    package = tmp_path / "profond.json"
    if shape == "isChildOf-chain":
        items = [f"i{n}" for n in range(depth)]
        links = [("i0", "doc")] + [(f"i{n}", f"i{n - 1}") for n in range(1, depth)]
        package.write_text(json.dumps(_case_package(items, links)), "utf-8")
    else:
        deep = "[" * depth + "]" * depth
        package.write_text('{"CFDocument": {"identifier": "doc"}, "CFItems": ' + deep + "}", "utf-8")
    limit = sys.getrecursionlimit()
    code, out, err = run("import", "case", package, "--into", tmp_path / "imported")
    assert sys.getrecursionlimit() == limit
    assert code in (0, 1, 2)
    assert_one_sentence(code, out, err)
    if code != 0:
        assert not (tmp_path / "imported").exists() or not any((tmp_path / "imported").iterdir())


def test_a_case_package_whose_hierarchy_is_a_cycle_is_refused_and_nothing_written(tmp_path):
    package = tmp_path / "cycle.json"
    package.write_text(json.dumps(_case_package(["a", "b", "c"], [("a", "doc"), ("b", "c"), ("c", "b")])), "utf-8")
    code, out, err = run("import", "case", package, "--into", tmp_path / "imported")
    assert code == 1, "a package whose items are their own ancestors must be refused"
    assert "Traceback" not in out + err
    assert not (tmp_path / "imported").exists() or not any((tmp_path / "imported").iterdir())


# --- 14. the spreadsheet round trip -------------------------------------------------------------------------


def _awkward_texts(scene: Scene) -> None:
    """Texts a spreadsheet likes to change: formulas, numbers, dates, booleans, spaces, line breaks."""
    path = scene.framework / "badges" / "accueil-public.yaml"
    badge = yaml.safe_load(path.read_text("utf-8"))
    badge["name"]["fr"] = "=SOMME(A1)+1 "
    badge["description"]["fr"] = "ligne 1\nligne 2\ttab\u202f; fin  "
    badge["tags"] = ["accueil", "007", "2024-05-01", "yes", "1.0", " espace"]
    path.write_text(yaml.safe_dump(badge, allow_unicode=True, sort_keys=False), "utf-8")


@pytest.mark.parametrize(
    ("variant", "partner"), [("example", None), ("partner-template", "frep-cvl"), ("awkward-texts", None)]
)
def test_a_template_applied_back_without_edits_records_no_change(scene, variant, partner):
    if variant == "awkward-texts":
        _awkward_texts(scene)
    sheet = scene.root / "modele.xlsx"
    code, _, err = run("template", scene.framework, "--out", sheet, *(["--partner", partner] if partner else []))
    assert code == 0, err
    before = tree_state(scene.root)
    code, out, err = run("apply-sheet", scene.framework, sheet, "--json")
    preview = json.loads(out)
    assert preview["added"] == [] and preview["changed"] == [], (
        f"an untouched template changes {[(c['id'], c['fields']) for c in preview['changed']][:3]}…"
    )
    assert code == 0, err
    assert only_changed(scene, before) == [], "applying an untouched template rewrote framework files"


# --- the 20 MB text -----------------------------------------------------------------------------------------


def test_a_twenty_megabyte_text_is_an_error_and_export_refuses_it(scene):
    hostile.huge_text("badges/accueil-public.yaml").apply(scene)
    code, _, _ = run("validate", scene.framework)
    assert code == 1
    before = tree_state(scene.root)
    code, out, err = run("export", scene.framework, "--base-url", BASE_URL, "--out", scene.root / "out")
    assert code != 0, "export published a 20 MB description that validate refuses"
    assert_one_sentence(code, out, err)
    assert all(len(line) < 4000 for line in err.splitlines()), "the error sentence quotes the 20 MB text"
    assert only_changed(scene, before) == []
    shutil.rmtree(scene.framework)  # 20 MB: do not keep it in the temporary folder


# --- 15. issued badges: the award folder as others may leave it ------------------------------------------------


def _award_folder(tmp_path: Path) -> tuple[Path, Path, str]:
    """A copy of the Data Integrity awards of tests/test_hostile_badges.py (made once), its key and an award."""
    from .test_hostile_badges import _workshop, award_ids, di_awards

    folder = tmp_path / "aw"
    shutil.copytree(di_awards(), folder)
    return folder, _workshop() / "ed.key", award_ids(folder)[0]


@pytest.mark.parametrize(
    "index", ["true", "1.5", '"7"', "-1"], ids=["a boolean", "a fraction", "a string", "negative"]
)
def test_an_allocation_index_that_is_no_whole_number_revokes_no_one(tmp_path, index):
    """It once was coerced (``int(True)`` is 1): revoke flipped the bit of whoever holds index 1."""
    folder, key, award = _award_folder(tmp_path)
    allocation = json.loads((folder / "status-allocation.json").read_bytes())
    [name] = [n for n, awards in allocation["lists"].items() if award in awards]
    allocation["lists"][name][award] = json.loads(index)
    (folder / "status-allocation.json").write_text(json.dumps(allocation), "utf-8")
    before = tree_state(tmp_path)
    code, out, err = run("revoke", folder, award, "--sign-key", key)
    assert code == 1, f"revoke used the index {index} as a whole number"
    assert_one_sentence(code, out, err)
    assert changes(before, tree_state(tmp_path)) == set()


def _nest_allocation(folder: Path) -> None:
    (folder / "status-allocation.json").write_text("[" * 100_000, "utf-8")


def _nest_status_lists(folder: Path) -> None:
    for status_list in (folder / "ob3" / "status").glob("*.json"):
        status_list.write_text("[" * 100_000, "utf-8")


@pytest.mark.parametrize("command", ["revoke", "award"])
@pytest.mark.parametrize("damage", [_nest_allocation, _nest_status_lists], ids=["allocation", "status-list"])
def test_an_allocation_or_status_list_nested_past_any_depth_is_one_sentence_and_nothing_written(tmp_path, command,
                                                                                                damage):  # fmt: skip
    folder, key, award = _award_folder(tmp_path)
    damage(folder)
    (tmp_path / "earners.csv").write_text(hostile.EARNERS_CSV, "utf-8")
    before = tree_state(tmp_path)
    if command == "revoke":
        code, out, err = run("revoke", folder, award, "--sign-key", key)
    else:
        code, out, err = run("award", hostile.EXAMPLE, "--earners", tmp_path / "earners.csv", "--base-url", BASE_URL,
                             "--out", folder, "--sign-key", key)  # fmt: skip
    assert code in (1, 2)
    assert_one_sentence(code, out, err)
    assert changes(before, tree_state(tmp_path)) == set()


def test_an_unknown_award_of_a_hundred_thousand_characters_is_not_pasted_into_the_sentence(tmp_path):
    folder, key, _ = _award_folder(tmp_path)
    before = tree_state(tmp_path)
    code, out, err = run("revoke", folder, "a" * 100_000, "--sign-key", key)
    assert code == 1
    assert_one_sentence(code, out, err)
    assert all(len(line) < 4000 for line in err.splitlines()), "the sentence quotes the whole argument"
    assert changes(before, tree_state(tmp_path)) == set()


@pytest.mark.parametrize("refused", ["temporary folder", "second move"])
@pytest.mark.parametrize("command", ["revoke", "award"])
def test_a_folder_that_cannot_be_written_is_one_sentence_and_left_as_it_was(tmp_path, monkeypatch, command, refused):
    """A read-only folder or a full disk, simulated (the tests may run as root, whom chmod does not stop)."""
    import os
    import tempfile

    from badgeworkbench.openbadges import writing

    folder, key, award = _award_folder(tmp_path)
    (tmp_path / "earners.csv").write_text(hostile.EARNERS_CSV, "utf-8")
    before = tree_state(tmp_path)
    real_replace, moves = os.replace, []

    def fail_on_second_move(source, target):
        moves.append(target)
        if len(moves) == 2:
            raise OSError(28, "No space left on device", str(target))
        return real_replace(source, target)

    def no_temporary_folder(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(kwargs.get("dir")))

    if refused == "temporary folder":
        monkeypatch.setattr(tempfile, "mkdtemp", no_temporary_folder)
    else:
        monkeypatch.setattr(writing.os, "replace", fail_on_second_move)
    if command == "revoke":
        code, out, err = run("revoke", folder, award, "--sign-key", key)
    else:
        code, out, err = run("award", hostile.EXAMPLE, "--earners", tmp_path / "earners.csv", "--base-url", BASE_URL,
                             "--out", folder, "--sign-key", key)  # fmt: skip
    monkeypatch.undo()
    assert code == 1, err
    assert_one_sentence(code, out, err)
    assert changes(before, tree_state(tmp_path)) == set(), "a write that failed half-way was left half-done"


def _b64url(data: bytes) -> str:
    import base64

    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


@pytest.mark.parametrize("where", ["jwt-header", "jwt-payload", "badge-json", "status-list", "did-document"])
def test_verify_gives_a_verdict_on_json_nested_past_any_depth(tmp_path, where):
    """It once raised RecursionError ('unexpected') wherever JSON was read: the badge, a JWT segment, a document."""
    from .test_hostile_badges import award_ids, jwt_export

    folder, _, award = _award_folder(tmp_path)
    deep = b"[" * 100_000
    badge = tmp_path / "badge.jwt"
    if where.startswith("jwt"):
        export = jwt_export()
        token = (export / "ob3" / "credentials" / f"{award_ids(export)[0]}.jwt").read_text("ascii").strip().split(".")
        token[0 if where == "jwt-header" else 1] = _b64url(deep)
        badge.write_text(".".join(token), "ascii")
        folder = export
    elif where == "badge-json":
        badge = tmp_path / "badge.json"
        badge.write_bytes(deep)
    else:
        badge = folder / "awards" / f"{award}-ob3-baked.png"
        for target in folder.glob("issuers/*/did.json" if where == "did-document" else "ob3/status/*.json"):
            target.write_bytes(deep)  # every issuer's: the award may be any partner's
    before = tree_state(tmp_path)
    code, out, err = run("verify", badge, "--export", folder, "--offline")
    assert code in (1, 2), out  # a report: the verdict on stdout, nothing on stderr
    assert err == "" and "Traceback" not in out and not re.search(r"unexpected \w+|RecursionError", out), err
    assert changes(before, tree_state(tmp_path)) == set()


def test_verify_names_a_link_out_of_the_folder_given_and_does_not_follow_it(tmp_path):
    """A folder of badges received from someone: a link in it to a file elsewhere was verified as if handed over."""
    folder, _, award = _award_folder(tmp_path)
    received, elsewhere = tmp_path / "received", tmp_path / "elsewhere"
    received.mkdir()
    elsewhere.mkdir()
    shutil.copyfile(folder / "awards" / f"{award}-ob3-baked.png", elsewhere / "badge.png")
    (elsewhere / "secret.txt").write_bytes(hostile.SECRET_BYTES)
    (received / "badge.png").symlink_to(elsewhere / "badge.png")
    (received / "secret.json").symlink_to(elsewhere / "secret.txt")
    shutil.copyfile(folder / "awards" / f"{award}-ob3-baked.png", received / "inside.png")
    (received / "also-inside.png").symlink_to("inside.png")  # a link that stays in the folder is read
    before = tree_state(tmp_path)
    code, out, err = run("verify", received, "--export", folder, "--offline", "--json")
    verdicts = {Path(v["source"]).name: v["status"] for v in json.loads(out)}
    assert verdicts == {"badge.png": "unreadable", "secret.json": "unreadable", "inside.png": "genuine",
                        "also-inside.png": "genuine"}, verdicts  # fmt: skip
    assert code == 2 and err == ""
    assert changes(before, tree_state(tmp_path)) == set()


@pytest.mark.parametrize("what", ["huge", "pipe"])
def test_verify_refuses_a_file_no_badge_can_be_without_reading_it(tmp_path, what):
    """A genuine baked PNG followed by 64 MiB of holes was read whole and called genuine; a pipe was read for ever."""
    import os

    from badgeworkbench.files import MAX_FILE_BYTES

    folder, _, award = _award_folder(tmp_path)
    given = tmp_path / "given.png"
    if what == "huge":
        shutil.copyfile(folder / "awards" / f"{award}-ob3-baked.png", given)
        with given.open("r+b") as handle:
            handle.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk
    else:
        os.mkfifo(given)
        # Nobody writes into it; a thread closes it after 10 s, so that reading it would end, late.
        threading.Thread(target=lambda: (time.sleep(10), open(given, "wb").close()), daemon=True).start()
    started = time.monotonic()
    code, out, _ = run("verify", given, "--export", folder, "--offline", "--json")
    [verdict] = json.loads(out)
    assert verdict["status"] == "unreadable" and code == 2, verdict["sentence"]
    assert time.monotonic() - started < 8, "verify waited on the pipe"
    assert "given.png" in verdict["sentence"]["en"]


@pytest.mark.parametrize("what", ["twenty-megabytes", "pipe"])
def test_a_key_file_no_key_can_be_is_refused_unread_before_anything_is_written(tmp_path, what):
    """A valid key followed by 20 MB was read whole and accepted; a pipe given as key was read for ever."""
    import os

    from .test_hostile_badges import _workshop

    (tmp_path / "keys").mkdir()
    (tmp_path / "tree").mkdir()
    key = tmp_path / "keys" / "given.key"  # beside the tree hashed: hashing a pipe would wait on it too
    if what == "pipe":
        os.mkfifo(key, 0o600)
        threading.Thread(target=lambda: (time.sleep(10), open(key, "wb").close()), daemon=True).start()
    else:
        key.write_bytes((_workshop() / "ed.key").read_bytes() + b"a" * hostile.HUGE_TEXT_CHARS)
        key.chmod(0o600)
    before = tree_state(tmp_path / "tree")
    started = time.monotonic()
    code, out, err = run("export", hostile.EXAMPLE, "--base-url", BASE_URL, "--out", tmp_path / "tree" / "out",
                         "--sign-key", key)  # fmt: skip
    assert code == 1 and time.monotonic() - started < 8
    assert_one_sentence(code, out, err)
    assert changes(before, tree_state(tmp_path / "tree")) == set()


def test_verify_names_the_missing_badge_class_of_an_ob2_assertion(tmp_path):
    """An award folder holds no BadgeClass (the export does): the sentence once named an empty document ''."""
    folder, _, award = _award_folder(tmp_path)
    assertion = json.loads((folder / "ob2" / "assertions" / f"{award}.json").read_bytes())
    code, out, _ = run("verify", folder / "ob2" / "assertions" / f"{award}.json", "--export", folder, "--offline",
                       "--json")  # fmt: skip
    [verdict] = json.loads(out)
    assert code == 1 and verdict["status"] == "unverifiable", verdict["sentence"]
    assert assertion["badge"] in verdict["sentence"]["en"] and "document  (" not in verdict["sentence"]["fr"]


@pytest.mark.parametrize("what", ["not-utf8", "huge", "pipe"])
def test_import_badges_refuses_a_file_it_cannot_read_as_given_and_writes_nothing(scene, what):
    """Bytes that are not UTF-8 in a badge's JSON were replaced by '�' and the badge taken as is; a 64 MiB
    file was read whole; a pipe was read for ever."""
    import os

    from badgeworkbench.files import MAX_FILE_BYTES

    from .test_hostile_badges import award_ids, jwt_export

    export = jwt_export()
    credential = (export / "ob3" / "credentials" / f"{award_ids(export)[0]}.json").read_bytes()
    given = scene.root / "incoming" / "badge.json"
    given.parent.mkdir()
    if what == "not-utf8":
        at = credential.index(b'"name": "') + len(b'"name": "')
        given.write_bytes(credential[:at] + b"\xff\xfe" + credential[at:])
    elif what == "huge":  # still the badge, as JSON: only its size is wrong
        given.write_bytes(credential + b" " * (MAX_FILE_BYTES + 1 - len(credential)))
    else:
        os.mkfifo(given)
        threading.Thread(target=lambda: (time.sleep(10), open(given, "wb").close()), daemon=True).start()
    (scene.root / "incoming").rename(scene.elsewhere / "incoming")  # not hashed: hashing a pipe waits on it too
    given = scene.elsewhere / "incoming" / "badge.json"
    before = tree_state(scene.framework)
    started = time.monotonic()
    code, out, err = run("import-badges", scene.framework, given, "--lang", "en")
    assert code == 1 and time.monotonic() - started < 8, out
    assert "badge.json" in out and "Traceback" not in out + err
    after = tree_state(scene.framework)
    assert unexplained(changes(before, after), after, lambda p: False) == []  # the empty lock file aside


@pytest.mark.parametrize("key_name", ["rsa.key", "other.key"])
def test_revoke_refuses_a_key_that_did_not_sign_the_list(tmp_path, key_name):
    """An RSA key left the Data Integrity list unsigned, and another Ed25519 key signed it: exit 0 both times, and
    verifiers then called every award of the list forged."""
    from .test_hostile_badges import _workshop

    folder, _, award = _award_folder(tmp_path)
    before = tree_state(tmp_path)
    code, out, err = run("revoke", folder, award, "--sign-key", _workshop() / key_name)
    assert code == 1, out
    assert_one_sentence(code, out, err)
    assert changes(before, tree_state(tmp_path)) == set()


@pytest.mark.parametrize("proof", ["di", "jwt"])
def test_awarding_again_with_another_key_is_refused_and_the_earlier_awards_stay_genuine(tmp_path, proof):
    """Awarding into a folder with a new key replaced the issuer's published key (DID document, ob3/keys/):
    exit 0, and every earlier award of the folder then verified as forged."""
    from .test_hostile_badges import _workshop, jwt_export

    if proof == "di":
        folder, _, _ = _award_folder(tmp_path)
    else:
        folder = tmp_path / "aw"
        shutil.copytree(jwt_export(), folder)
    (tmp_path / "earners.csv").write_text(hostile.EARNERS_CSV, "utf-8")
    before = tree_state(tmp_path)
    code, out, err = run("award", hostile.EXAMPLE, "--earners", tmp_path / "earners.csv", "--base-url", BASE_URL,
                         "--out", folder, "--sign-key", _workshop() / "other.key", "--proof", proof)  # fmt: skip
    assert code == 1, out
    assert_one_sentence(code, out, err)
    assert changes(before, tree_state(tmp_path)) == set()
    code, out, err = run("award", hostile.EXAMPLE, "--earners", tmp_path / "earners.csv", "--base-url", BASE_URL,
                         "--out", folder, "--sign-key", _workshop() / "ed.key", "--proof", proof)  # fmt: skip
    assert code == 0, err  # the key they were signed with is welcome


def test_importing_a_case_package_that_is_a_pipe_is_one_sentence_not_a_wait(tmp_path):
    import os

    (tmp_path / "in").mkdir()
    package = tmp_path / "in" / "case.json"
    os.mkfifo(package)  # beside the tree hashed: hashing a pipe waits on it too
    threading.Thread(target=lambda: (time.sleep(10), open(package, "wb").close()), daemon=True).start()
    (tmp_path / "tree").mkdir()
    before = tree_state(tmp_path / "tree")
    started = time.monotonic()
    code, out, err = run("import", "case", package, "--into", tmp_path / "tree" / "imported")
    assert code in (1, 2) and time.monotonic() - started < 8, err
    assert_one_sentence(code, out, err)
    assert changes(before, tree_state(tmp_path / "tree")) == set()

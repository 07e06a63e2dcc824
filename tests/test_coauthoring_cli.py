"""The co-authoring commands: log, diff, merge, tag, merge-file (also as a real git merge driver)."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from badgeworkbench.cli import main
from badgeworkbench.coauthoring.history import read_log, record_save
from badgeworkbench.coauthoring.merge import merge
from badgeworkbench.diff import compare
from badgeworkbench.edit import Author, update_item
from badgeworkbench.files import load_framework, read_framework, save_framework

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "tests" / "fixtures" / "coauthoring" / "small"
COMMANDS = ["log", "diff", "merge", "tag", "merge-file"]


@pytest.fixture
def copies(tmp_path):
    """base, ours, theirs: three copies of the small framework, ours and theirs edited."""
    paths = {}
    for name in ("base", "ours", "theirs"):
        paths[name] = tmp_path / name
        shutil.copytree(SMALL, paths[name])
    return paths


def _edit(folder, **changes):
    opened = read_framework(folder)
    fw = update_item(opened.framework, "badge", "cuisine", **changes)
    save_framework(fw, folder, snapshot=opened.snapshot)
    return fw


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_and_is_documented(command):
    result = invoke(command, "--help")
    assert result.exit_code == 0 and len(result.output.split("\n", 3)[2].strip()) > 10
    assert f"badgeworkbench {command}" in (ROOT / "docs" / "coauthoring.md").read_text("utf-8")


def test_diff_text_and_json_equal_the_library(copies):
    _edit(copies["ours"], name={"fr": "Cuisiner pour vingt"})
    text = invoke("diff", copies["base"], copies["ours"], "--lang", "en")
    assert text.exit_code == 0 and text.output.splitlines()[0] == "1 badge changed."
    as_json = invoke("diff", copies["base"], copies["ours"], "--json")
    expected = compare(load_framework(copies["base"]), load_framework(copies["ours"])).to_dict()
    assert json.loads(as_json.output) == json.loads(json.dumps(expected))


def test_merge_clean_writes_out_and_records_the_merge(copies, tmp_path):
    _edit(copies["ours"], name={"fr": "Cuisiner pour vingt"})
    _edit(copies["theirs"], description={"fr": "Repas complet."})
    out = tmp_path / "out"
    result = invoke("merge", copies["base"], copies["ours"], copies["theirs"], "--out", out, "--partner", "cnam")
    assert result.exit_code == 0, result.output
    merged = load_framework(out).badge("cuisine")
    assert merged.name == {"fr": "Cuisiner pour vingt"} and merged.description == {"fr": "Repas complet."}
    assert read_log(out)[-1].partner == "cnam" and read_log(out)[-1].note == "merge"


def test_merge_with_conflicts_exits_1_lists_them_and_writes_nothing(copies, tmp_path):
    _edit(copies["ours"], name={"fr": "Cuisiner (Tours)"})
    _edit(copies["theirs"], name={"fr": "Cuisiner (Bourges)"})
    out = tmp_path / "out"
    result = invoke("merge", copies["base"], copies["ours"], copies["theirs"], "--out", out, "--lang", "en")
    assert result.exit_code == 1
    assert "badge:cuisine:name" in result.output and "'Cuisiner (Bourges)'" in result.output
    assert not out.exists()
    as_json = invoke("merge", copies["base"], copies["ours"], copies["theirs"], "--out", out, "--json")
    data = json.loads(as_json.output)
    expected = merge(*(load_framework(copies[n]) for n in ("base", "ours", "theirs")))
    assert as_json.exit_code == 1 and data["conflicts"] == [c.to_dict() for c in expected.conflicts]
    # the person decides in a file, and the merge goes through
    choices = tmp_path / "choices.json"
    choices.write_text(json.dumps({"badge:cuisine:name.fr": "theirs"}), "utf-8")
    done = invoke("merge", copies["base"], copies["ours"], copies["theirs"], "--out", out, "--choices", choices)
    assert done.exit_code == 0, done.output
    assert load_framework(out).badge("cuisine").name == {"fr": "Cuisiner (Bourges)"}


def test_merge_refuses_a_copy_with_a_broken_file(copies, tmp_path):
    (copies["theirs"] / "badges" / "accueil.yaml").write_text("id: accueil\nvotes: beaucoup\n", "utf-8")
    result = CliRunner().invoke(
        main, ["merge", str(copies["base"]), str(copies["ours"]), str(copies["theirs"]), "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 1
    assert "badges/accueil.yaml" in result.output and "Fix these files" in result.output


def test_tag_log_and_diff_against_a_named_version(copies):
    folder = copies["ours"]
    assert invoke("tag", folder, "v1", "--note", "adopté le 12 mars").exit_code == 0
    before = load_framework(folder)
    after = _edit(folder, name={"fr": "Cuisiner pour vingt"})
    record_save(folder, before, after, Author("cnam", "Lina"))
    log = invoke("log", folder, "--lang", "en")
    assert log.exit_code == 0 and "cnam (Lina) — 1 badge changed." in log.output and "[v1]" in log.output
    assert json.loads(invoke("log", folder, "--json").output)["versions"][0]["note"] == "adopté le 12 mars"
    diff = invoke("diff", f"{folder}@v1", folder, "--lang", "en")
    assert diff.output.splitlines()[0] == "1 badge changed."
    dup = invoke("tag", folder, "v1")
    assert dup.exit_code == 1 and "already exists" in dup.output


def _git(repo, *args, check=True):
    return subprocess.run(
        ["git", "-C", str(repo), *args],
        capture_output=True,
        text=True,
        check=check,
        env={
            **os.environ,
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.org",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.org",
        },
    )


@pytest.fixture
def repo(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "partage"
    shutil.copytree(SMALL, repo / "frameworks" / "atelier")
    _git(repo, "init", "-q", "-b", "main")
    driver = f"env PYTHONPATH={ROOT} {sys.executable} -m badgeworkbench merge-file %O %A %B %P"
    _git(repo, "config", "merge.badgeworkbench.driver", driver)
    (repo / ".gitattributes").write_text(
        "frameworks/**/*.yaml merge=badgeworkbench\n"
        "frameworks/**/history/** merge=text\n"
        "frameworks/**/history/log.jsonl merge=union\n",
        "utf-8",
    )
    (repo / ".gitignore").write_text(".badgeworkbench.lock\n", "utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "base")
    return repo


def _commit_edit(repo, branch, message, **changes):
    _git(repo, "checkout", "-q", "-B", branch, "main") if branch != "main" else _git(repo, "checkout", "-q", "main")
    folder = repo / "frameworks" / "atelier"
    before = load_framework(folder)
    record_save(folder, before, _edit(folder, **changes), Author(branch, message))
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", message)


def test_git_merge_driver_merges_fields_of_the_same_badge_file(repo):
    # Both edits are on neighbouring lines of badges/cuisine.yaml: git's own merge would conflict.
    _commit_edit(repo, "tours", "tours", name={"fr": "Cuisiner (Tours)", "en": "Cooking for a group"})
    _commit_edit(repo, "main", "bourges", name={"fr": "Cuisiner pour un groupe", "en": "Cooking (Bourges)"})
    merged = _git(repo, "merge", "-q", "--no-edit", "tours", check=False)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    badge = load_framework(repo / "frameworks" / "atelier").badge("cuisine")
    assert badge.name == {"fr": "Cuisiner (Tours)", "en": "Cooking (Bourges)"}
    assert "<<<<<<<" not in (repo / "frameworks" / "atelier" / "badges" / "cuisine.yaml").read_text("utf-8")
    # both change logs are kept (append-only: git's union merge)
    assert sorted(e.person for e in read_log(repo / "frameworks" / "atelier")) == ["bourges", "tours"]


def test_git_merge_driver_reports_conflicts_and_keeps_valid_yaml(repo):
    _commit_edit(repo, "tours", "tours", name={"fr": "Cuisiner (Tours)", "en": "Cooking for a group"})
    _commit_edit(repo, "main", "bourges", name={"fr": "Cuisiner (Bourges)", "en": "Cooking for a group"})
    merged = _git(repo, "merge", "-q", "--no-edit", "tours", check=False)
    assert merged.returncode != 0 and "CONFLICT" in merged.stdout + merged.stderr
    folder = repo / "frameworks" / "atelier"
    assert load_framework(folder).badge("cuisine").name["fr"] == "Cuisiner (Bourges)"  # ours, valid YAML
    conflicts = json.loads((folder / "badges" / "cuisine.yaml.conflicts.json").read_text("utf-8"))
    assert [(c["id"], c["ours"], c["theirs"]) for c in conflicts] == [
        ("badge:cuisine:name.fr", "Cuisiner (Bourges)", "Cuisiner (Tours)")
    ]


def test_bad_paths_and_files_get_one_sentence_not_a_traceback(copies, tmp_path):
    missing = CliRunner().invoke(main, ["diff", str(tmp_path / "nowhere"), str(copies["base"])])
    assert missing.exit_code == 2 and "no such folder" in missing.output and "Traceback" not in missing.output
    unknown = CliRunner().invoke(main, ["diff", f"{copies['base']}@v9", str(copies["base"])])
    assert unknown.exit_code == 1 and "no version named 'v9'" in unknown.output
    base, ours, theirs = (tmp_path / f"{n}.yaml" for n in ("base", "ours", "theirs"))
    base.write_text("id: cuisine\n", "utf-8")
    ours.write_text("id: cuisine\nname: [oops\n", "utf-8")
    theirs.write_text("id: cuisine\nvotes: 2\n", "utf-8")
    broken = CliRunner().invoke(main, ["merge-file", str(base), str(ours), str(theirs), "badges/cuisine.yaml"])
    assert broken.exit_code == 2 and "badges/cuisine.yaml (ours): invalid YAML at line" in broken.output
    assert ours.read_text("utf-8") == "id: cuisine\nname: [oops\n"  # left for git to report, not overwritten

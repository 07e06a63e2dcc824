"""The command line: contracts, exit codes, help texts, errors as one sentence."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from badgeworkbench.cli import main
from badgeworkbench.workspace import validate_folder

from .conftest import EXAMPLE, FRAMEWORK_FIXTURES, ROOT

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def all_commands() -> list[str]:
    return main.list_commands(click.Context(main))  # every command, imported or not yet


@pytest.mark.parametrize("name", all_commands())
def test_every_command_has_help_text_and_is_in_the_readme(name):
    command = main.get_command(click.Context(main), name)
    assert command.help and len(command.help.strip()) > 10, f"{name} has no help text"
    code, out, _ = run(name, "--help")
    assert code == 0 and "Usage:" in out
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden and param.name != "help":
            assert param.help, f"{name} {param.opts[0]} has no help text"
    readme = (ROOT / "README.md").read_text("utf-8")
    assert re.search(rf"badgeworkbench {re.escape(name)}\b", readme), f"'badgeworkbench {name}' missing from README"


def test_validate_exit_codes():
    assert run("validate", str(EXAMPLE))[0] == 0
    assert run("validate", str(FRAMEWORK_FIXTURES / "badge-not-in-pathway"))[0] == 0  # warnings allowed
    assert run("validate", str(FRAMEWORK_FIXTURES / "unknown-badge"))[0] == 1
    code, _, err = run("validate", str(FRAMEWORK_FIXTURES / "does-not-exist"))
    assert code == 2 and "no such folder" in err


@pytest.mark.parametrize("name", ["valid-minimal", "unknown-badge", "prerequisite-cycle", "unsafe-id"])
def test_validate_json_equals_the_library_report(name):
    folder = FRAMEWORK_FIXTURES / name
    code, out, _ = run("validate", str(folder), "--json")
    assert json.loads(out) == json.loads(validate_folder(folder).to_json())
    assert code == (0 if validate_folder(folder).ok else 1)


def test_info_json_contract():
    code, out, _ = run("info", str(EXAMPLE), "--json")
    data = json.loads(out)
    assert code == 0
    for key in ("partners", "territories", "competencies", "badges", "pathways", "relations", "requirements"):
        assert isinstance(data[key], int)
    assert data["badges"] == len(data["badge_ids"]) >= 24 and all(isinstance(i, str) for i in data["badge_ids"])


def test_fmt_check_and_rewrite(tmp_path, example_copy):
    assert run("fmt", str(example_copy), "--check")[0] == 0
    path = next((example_copy / "badges").glob("*.yaml"))
    canonical = path.read_text("utf-8")
    path.write_text(canonical.replace("\n", "\n\n", 3) + "# a comment\n", "utf-8")
    code, out, _ = run("fmt", str(example_copy), "--check")
    assert code == 1 and path.name in out
    assert path.read_text("utf-8") != canonical  # --check changes nothing
    assert run("fmt", str(example_copy))[0] == 0
    assert path.read_text("utf-8") == canonical


def test_new_creates_a_valid_empty_framework(tmp_path):
    code, out, _ = run("new", str(tmp_path / "mon-cadre"), "--title", "Mon cadre « test »")
    assert code == 0 and "mon-cadre" in out
    assert validate_folder(tmp_path / "mon-cadre").problems == []
    code, _, err = run("new", str(tmp_path / "mon-cadre"), "--title", "Again")
    assert code == 1 and "already holds a framework" in err


def test_errors_are_one_sentence_without_traceback_unless_debug(tmp_path):
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "framework.yaml").write_text("id: [oops\n", "utf-8")
    proc = subprocess.run([sys.executable, "-m", "badgeworkbench", "validate", str(broken)], capture_output=True,
                          text=True, cwd=ROOT)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "framework.yaml" in proc.stderr and "line 1" in proc.stderr
    debug = subprocess.run([sys.executable, "-m", "badgeworkbench", "--debug", "validate", str(broken)],
                           capture_output=True, text=True, cwd=ROOT)
    assert debug.returncode == 2 and "Traceback" in debug.stderr


def test_hostile_id_and_huge_string_get_clear_messages_and_change_nothing(tmp_path, example_copy):
    before = {p: p.read_bytes() for p in example_copy.rglob("*.yaml")}
    hostile = example_copy / "badges" / "hostile.yaml"
    hostile.write_text('id: "../../etc"\nname:\n  fr: x\n', "utf-8")
    huge = example_copy / "badges" / "huge.yaml"
    huge.write_text("id: huge\nname:\n  fr: " + "x" * 100_000_000 + "\n", "utf-8")
    code, out, _ = run("validate", str(example_copy), "--json")
    report = json.loads(out)
    assert code == 1
    codes = {p["code"]: p for p in report["problems"]}
    assert codes["unsafe-id"]["item"] == "badge:../../etc"
    assert codes["file-too-large"]["file"] == "badges/huge.yaml"
    code, _, err = run("fmt", str(example_copy))
    assert code == 1 and "unreadable" in err
    assert {p: p.read_bytes() for p in before} == before
    assert not (tmp_path / "etc.yaml").exists()


def test_lab_refuses_a_broken_framework_with_a_sentence(tmp_path):
    code, _, err = run("lab", str(tmp_path / "nothing-here"), "--no-browser")
    assert code == 2 and "no such folder" in err


def test_module_entry_point_runs():
    proc = subprocess.run([sys.executable, "-m", "badgeworkbench", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0 and "validate" in proc.stdout


def test_console_script_is_declared():
    text = (ROOT / "pyproject.toml").read_text("utf-8")
    assert 'badgeworkbench = "badgeworkbench.cli:run"' in text
    assert Path(ROOT / "badgeworkbench" / "cli" / "_app.py").is_file()

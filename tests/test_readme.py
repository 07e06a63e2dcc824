"""The README's terminal session is real: each command, run again, prints what the README shows."""

from __future__ import annotations

import re
import shlex
import shutil

from click.testing import CliRunner

from badgeworkbench.cli import main

from .conftest import ROOT


def session() -> list[tuple[str, str]]:
    readme = (ROOT / "README.md").read_text("utf-8")
    block = re.search(r"```console\n(.*?)```", readme, re.DOTALL)
    assert block, "the README has no console session"
    steps: list[tuple[str, list[str]]] = []
    for line in block[1].splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        elif steps:
            steps[-1][1].append(line)
    return [(command, "\n".join(lines)) for command, lines in steps]


def test_the_readme_session_is_real_output(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "frameworks" / "parcours-cvl", tmp_path / "frameworks" / "parcours-cvl")
    shutil.copytree(ROOT / "tests" / "fixtures", tmp_path / "tests" / "fixtures")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    last_code = 0
    steps = session()
    assert len(steps) >= 4
    for command, expected in steps:
        if command == "echo $?":
            assert expected.strip() == str(last_code)
            continue
        args = shlex.split(command)
        assert args[0] == "badgeworkbench"
        result = runner.invoke(main, args[1:])
        last_code = result.exit_code
        assert result.output.rstrip("\n") == expected.rstrip("\n"), command

"""The command starts without importing what it does not use.

Each command runs in a new Python process that lists, when it exits, every module it imported;
the tests assert on those names, not on timings (the timings are in ``benchmarks/bench_cli.py``).
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import subprocess
import sys
import tempfile
from pathlib import Path

import click
import networkx as nx
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import badgeworkbench.cli
from badgeworkbench.check import _has_requirement_cycle, requirement_graph
from badgeworkbench.cli import COMMANDS, main
from badgeworkbench.model import Badge, Framework, Requirement

from .conftest import EXAMPLE, ROOT

#: Libraries that take tenths of a second to import, and that no quick command needs.
HEAVY = {"jsonschema", "nbformat", "nbconvert", "pandas", "matplotlib", "openpyxl", "networkx", "PIL", "fpdf",
         "rapidfuzz", "ipywidgets", "numpy", "bs4", "lxml", "cryptography", "IPython", "jupyter_client", "scipy",
         "rfc3987_syntax", "qrcode", "markdownify"}  # fmt: skip


#: Runs ``python -m badgeworkbench ARGS`` and, at exit, writes the names in ``sys.modules`` to a file.
_RUN = """
import atexit, json, runpy, sys
out = sys.argv.pop(1)
atexit.register(lambda: open(out, "w", encoding="utf-8").write(json.dumps(sorted(sys.modules))))
sys.argv[0] = "badgeworkbench"
runpy.run_module("badgeworkbench", run_name="__main__", alter_sys=True)
"""


def imported_by(*args: str) -> set[str]:
    """The name of every module that ``python -m badgeworkbench ARGS`` had imported when it exited."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    with tempfile.TemporaryDirectory() as temp:
        out = Path(temp) / "modules.json"
        done = subprocess.run([sys.executable, "-c", _RUN, str(out), *args], capture_output=True, text=True,
                              env=env, cwd=ROOT, timeout=120)  # fmt: skip
        assert done.returncode == 0, done.stderr[-2000:]
        names = set(json.loads(out.read_text("utf-8")))
    assert "badgeworkbench.cli" in names and "click" in names  # the listing is real
    return names


def top_level(names: set[str]) -> set[str]:
    return {name.split(".")[0] for name in names}


@pytest.mark.parametrize("args", [["--help"], ["--version"]])
def test_help_and_version_import_no_library_and_no_command(args):
    names = imported_by(*args)
    assert not top_level(names) & (HEAVY | {"pydantic", "yaml"})
    commands = {name for name in names if name.startswith("badgeworkbench.")}
    assert commands <= {"badgeworkbench.cli", "badgeworkbench.cli._app", "badgeworkbench.errors"}, commands


@pytest.mark.parametrize("command", ["validate", "info"])
def test_validate_and_info_import_only_the_spine(command):
    names = imported_by(command, str(EXAMPLE))
    assert not top_level(names) & HEAVY, top_level(names) & HEAVY
    assert "badgeworkbench.widgets" not in names
    other_commands = {n for n in names if n.startswith("badgeworkbench.cli.") and n != "badgeworkbench.cli._app"}
    assert other_commands == {"badgeworkbench.cli.spine"}


@pytest.mark.parametrize("command", ["next", "analyze", "draw"])
def test_constellation_commands_answer_help_without_the_libraries_they_run_with(command):
    names = imported_by(command, "--help")
    assert not top_level(names) & (HEAVY | {"pydantic", "yaml"}), top_level(names) & (HEAVY | {"pydantic", "yaml"})
    assert not {n for n in names if n.startswith(("badgeworkbench.constellation", "badgeworkbench.files"))}


def test_align_on_a_reference_set_imports_neither_pydantic_nor_the_other_formats(tmp_path):
    from badgeworkbench.files import save_framework
    from badgeworkbench.interop.references import add_reference

    save_framework(Framework(id="f", title={"fr": "F"}), tmp_path / "f")
    add_reference(tmp_path / "f", "-", "clea")
    for _ in range(2):  # the first run builds the index, the second reads it
        names = imported_by("align", str(tmp_path / "f"), "travail en equipe")
    assert not top_level(names) & {"pydantic", "yaml", "pandas", "matplotlib", "openpyxl", "jsonschema", "networkx",
                                   "nbformat", "PIL", "bs4"}  # fmt: skip
    assert "badgeworkbench.openbadges" not in names and "badgeworkbench.interop.sheets" not in names


def test_every_command_is_in_the_table_with_its_module_and_its_help():
    for module in pkgutil.iter_modules(badgeworkbench.cli.__path__):
        if not module.name.startswith("_"):
            importlib.import_module(f"badgeworkbench.cli.{module.name}")
    listed = {name for name, (module, _) in COMMANDS.items()}
    assert set(main.commands) == listed, (
        f"add to (or remove from) badgeworkbench.cli.COMMANDS: {sorted(set(main.commands) ^ listed)}")
    for name, command in main.commands.items():
        module, short_help = COMMANDS[name]
        assert command.callback is not None and command.callback.__module__ == f"badgeworkbench.cli.{module}", name
        wanted = click.Command(name, help=command.help).get_short_help_str(10_000)
        assert short_help == wanted, f"the help of {name!r} in badgeworkbench.cli.COMMANDS should be {wanted!r}"


def test_help_lists_the_same_commands_as_when_every_command_is_imported():
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
               COLUMNS="80")  # fmt: skip
    every = ("import sys; from badgeworkbench.cli import COMMANDS, main; import click;"
             "[main.get_command(click.Context(main), name) for name in COMMANDS];"
             "assert set(main.commands) == set(COMMANDS); sys.argv[0] = 'badgeworkbench'; main()")  # fmt: skip
    outputs = [subprocess.run([sys.executable, *how, "--help"], capture_output=True, text=True, env=env,
                              check=True).stdout.split("Commands:")[1] for how in (["-m", "badgeworkbench"], ["-c", every])]  # fmt: skip
    assert outputs[0] == outputs[1]
    assert len(outputs[0].strip().splitlines()) == len(COMMANDS)


def test_an_unknown_command_is_refused_without_importing_anything():
    result = CliRunner().invoke(main, ["no-such-command"])
    assert result.exit_code == 2 and "No such command" in result.output


def test_the_package_names_its_spine_without_importing_it():
    code = ("import sys, badgeworkbench; print(sorted(n for n in ('pydantic', 'networkx', 'yaml') if n in sys.modules));"
            "from badgeworkbench import check, read_framework, to_graph, Framework, Report, validate_folder;"
            "import badgeworkbench.check as module; print(callable(check), badgeworkbench.check is check,"
            " module is check, 'requirement_graph' in vars(sys.modules['badgeworkbench.check']),"
            " set(badgeworkbench.__all__) <= set(dir(badgeworkbench)))")  # fmt: skip
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout
    # badgeworkbench.check stays the function, as when the package imported everything up front
    assert out.splitlines() == ["[]", "True True True True True"]


def test_every_public_name_of_the_package_resolves():
    import badgeworkbench

    for name in badgeworkbench.__all__:
        assert getattr(badgeworkbench, name) is not None
    with pytest.raises(AttributeError):
        badgeworkbench.no_such_name


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 7), st.lists(st.integers(0, 9), max_size=4)), max_size=10))
def test_the_plain_cycle_check_agrees_with_networkx(badges):
    # check.py looks for a requirement cycle without networkx, and only then asks networkx which one it is
    fw = Framework(id="f", badges=[Badge(id=f"b{n}", requires=Requirement(of=[f"b{r}" for r in required]) if required
                                         else None) for n, required in badges])  # fmt: skip
    assert _has_requirement_cycle(fw) == (not nx.is_directed_acyclic_graph(requirement_graph(fw)))

"""``badgeworkbench lab``: the workspace it sets up, the JupyterLab it serves, and how that stops."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import time
from pathlib import Path

import psutil
import pytest
from click.testing import CliRunner

from badgeworkbench import lab as lab_module
from badgeworkbench.cli import main
from badgeworkbench.lab import lab_command, prepare_workspace
from badgeworkbench.workspace import example_framework_path, new_framework

from .conftest import EXAMPLE, ROOT
from .lab_process import LabProcess, port_is_free, running

NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.startswith(".")}  # fmt: skip


def test_an_empty_folder_gets_the_notebooks_and_a_copy_of_the_example(tmp_path):
    space = prepare_workspace(tmp_path)
    assert space.framework == tmp_path / "frameworks" / "parcours-cvl"
    assert space.created == (*(f"notebooks/{n}" for n in NOTEBOOKS), "frameworks/parcours-cvl")
    assert _files(tmp_path / "notebooks") == _files(ROOT / "notebooks")
    assert _files(space.framework) == _files(EXAMPLE)
    assert [p.name for p in tmp_path.rglob("*") if ".tmp-" in p.name] == []
    assert space.messages("en")[0] == f"Created notebooks/00-start-here.ipynb in {tmp_path}."
    assert space.messages("fr")[0] == f"Créé dans {tmp_path} : notebooks/00-start-here.ipynb."


def test_a_second_set_up_creates_nothing_and_overwrites_no_edit(tmp_path):
    first = prepare_workspace(tmp_path)
    notebook = tmp_path / "notebooks" / "03-badges.ipynb"
    notebook.write_text(notebook.read_text("utf-8").replace("BadgeDesigner(state)", "BadgeDesigner(state)  # mine"))
    badge = next((first.framework / "badges").glob("*.yaml"))
    badge.write_text(badge.read_text("utf-8") + "# edited in the workshop\n", "utf-8")
    (tmp_path / "notebooks" / "00-start-here.ipynb").unlink()
    before = _files(tmp_path)
    again = prepare_workspace(tmp_path, example=True)
    assert again.created == ("notebooks/00-start-here.ipynb",)
    assert again.kept == ("notebooks/03-badges.ipynb",)
    after = _files(tmp_path)
    assert {k: v for k, v in after.items() if k != "notebooks/00-start-here.ipynb"} == before
    assert "Kept your own notebooks/03-badges.ipynb" in again.messages("en")[1]


def test_a_workspace_with_its_own_framework_opens_it_and_gets_the_example_only_on_request(tmp_path):
    new_framework(tmp_path / "frameworks" / "mon-cadre", "Mon cadre")
    space = prepare_workspace(tmp_path)
    assert space.framework == tmp_path / "frameworks" / "mon-cadre"
    assert not (tmp_path / "frameworks" / "parcours-cvl").exists()
    asked = prepare_workspace(tmp_path, example=True)
    assert asked.framework == tmp_path / "frameworks" / "parcours-cvl" and "frameworks/parcours-cvl" in asked.created
    assert prepare_workspace(tmp_path).framework == asked.framework  # the example, once there, is what opens


def test_a_folder_in_the_way_of_the_example_gets_a_sentence_and_is_left_alone(tmp_path):
    (tmp_path / "frameworks" / "parcours-cvl").mkdir(parents=True)
    (tmp_path / "frameworks" / "parcours-cvl" / "notes.txt").write_text("à moi", "utf-8")
    with pytest.raises(lab_module.BadgeWorkbenchError, match=r"holds no framework\.yaml: move it away"):
        prepare_workspace(tmp_path)
    assert _files(tmp_path / "frameworks") == {"parcours-cvl/notes.txt": "à moi".encode()}


def test_the_example_is_found_in_the_package():
    assert example_framework_path() == EXAMPLE.resolve()
    assert (Path(lab_module.__file__).parent / "bundled" / "parcours-cvl").resolve() == EXAMPLE.resolve()


def test_the_command_serves_the_workspace_and_opens_start_here_without_news(tmp_path):
    command = lab_command(prepare_workspace(tmp_path), port=8999, open_browser=False)
    assert command[:3] == [sys.executable, "-m", "jupyterlab"]
    assert f"--ServerApp.root_dir={tmp_path}" in command
    assert "--LabApp.default_url=/lab/tree/notebooks/00-start-here.ipynb" in command
    assert "--LabApp.news_url=" in command and "--port=8999" in command and "--no-browser" in command


def _fake_serve(seen):
    def serve(command, env, *, on_stop=None):
        seen["command"], seen["env"] = command, env
        return 0

    return serve


def test_lab_in_an_empty_folder_sets_up_a_workspace_says_so_and_serves_it(tmp_path, monkeypatch):
    seen = {}
    monkeypatch.setattr(lab_module, "serve", _fake_serve(seen))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["lab", "--no-browser", "--port", "8999", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "Created frameworks/parcours-cvl in" in result.output and "JupyterLab stopped." in result.output
    assert seen["env"]["BADGEWORKBENCH_FRAMEWORK"] == str(tmp_path / "frameworks" / "parcours-cvl")
    assert f"--ServerApp.root_dir={tmp_path}" in seen["command"]


def test_lab_on_a_framework_opens_it_with_the_current_folder_as_workspace(tmp_path, monkeypatch):
    seen = {}
    monkeypatch.setattr(lab_module, "serve", _fake_serve(seen))
    monkeypatch.chdir(tmp_path)
    new_framework(tmp_path / "mon-cadre", "Mon cadre")
    result = CliRunner().invoke(main, ["lab", "mon-cadre", "--no-browser"])
    assert result.exit_code == 0, result.output
    assert seen["env"]["BADGEWORKBENCH_FRAMEWORK"] == str(tmp_path / "mon-cadre")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mon-cadre", "notebooks"]  # no example: one was named
    assert "Créé dans" in result.output  # French by default


def test_lab_refuses_a_broken_framework_with_a_sentence_and_serves_nothing(tmp_path, monkeypatch):
    seen = {}
    monkeypatch.setattr(lab_module, "serve", _fake_serve(seen))
    (tmp_path / "cassé").mkdir()
    (tmp_path / "cassé" / "framework.yaml").write_text("id: [unclosed\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["lab", "cassé"])
    assert result.exit_code == 2 and "Traceback" not in result.output and "framework.yaml" in result.output
    assert seen == {}


# --- for real: a JupyterLab server, a kernel, and a signal -----------------------------------------


def _lab_command() -> list[str]:
    return [sys.executable, "-m", "badgeworkbench", "lab"]


@pytest.mark.slow
@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_stopping_lab_stops_jupyterlab_and_its_kernels(tmp_path, stop_signal):
    workspace = tmp_path / "atelier"
    workspace.mkdir()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    lab = LabProcess(_lab_command(), workspace, env=env)
    try:
        assert lab.wait_until_served() == 200
        kernel = lab.post("/api/kernels", {"name": "python3"})
        tree = lab.tree()
        deadline = time.monotonic() + 60
        while len(tree) < 3 and time.monotonic() < deadline:  # lab, its JupyterLab server, the kernel
            time.sleep(0.5)
            tree = lab.tree()
        assert len(tree) >= 3, [p.cmdline() for p in tree]
        assert any("ipykernel" in " ".join(p.cmdline()) for p in tree), kernel
        lab.process.send_signal(stop_signal)
        assert lab.process.wait(90) == 0, lab.output()[-3000:]
        assert [p.cmdline() for p in tree if running(p)] == []
        assert port_is_free(lab.port)
        assert "JupyterLab stopped." in lab.output()
    finally:
        lab.stop()


@pytest.mark.slow
def test_the_served_workspace_lists_the_notebooks_and_the_example(tmp_path):
    workspace = tmp_path / "atelier"
    workspace.mkdir()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    lab = LabProcess(_lab_command(), workspace, env=env)
    try:
        assert lab.wait_until_served() == 200
        notebooks = json.loads(lab.get("/api/contents/notebooks")[1])
        assert "00-start-here.ipynb" in {item["name"] for item in notebooks["content"]}
        frameworks = json.loads(lab.get("/api/contents/frameworks")[1])
        assert [item["name"] for item in frameworks["content"]] == ["parcours-cvl"]
        assert all(running(p) for p in lab.tree())
    finally:
        lab.process.send_signal(signal.SIGTERM)
        lab.process.wait(90)
        lab.stop()
    assert psutil.pid_exists(lab.process.pid) is False or not running(psutil.Process(lab.process.pid))


def test_in_the_checkout_make_lab_creates_nothing_and_opens_the_example():
    before = _files(ROOT / "notebooks")
    space = prepare_workspace(ROOT)
    assert (space.created, space.kept) == ((), ())
    assert space.framework == ROOT / "frameworks" / "parcours-cvl" and _files(ROOT / "notebooks") == before


def test_a_workspace_that_cannot_be_written_gets_a_sentence_naming_the_file(tmp_path):
    (tmp_path / "notebooks").write_text("a file where the notebooks folder goes", "utf-8")
    with pytest.raises(lab_module.BadgeWorkbenchError, match=r"Cannot set up the workspace in .*notebooks"):
        prepare_workspace(tmp_path)
    assert (tmp_path / "notebooks").read_text("utf-8") == "a file where the notebooks folder goes"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notebooks"]


def test_a_notebook_that_appears_while_copying_is_not_replaced(tmp_path, monkeypatch):
    real_link = os.link

    def someone_else_first(src, dst):
        Path(dst).write_text("written by another lab meanwhile", "utf-8")
        return real_link(src, dst)

    monkeypatch.setattr(lab_module.os, "link", someone_else_first)
    space = prepare_workspace(tmp_path)
    assert not any(rel.startswith("notebooks/") for rel in space.created)
    assert (tmp_path / "notebooks" / "00-start-here.ipynb").read_text("utf-8") == "written by another lab meanwhile"
    assert [p.name for p in (tmp_path / "notebooks").iterdir() if ".tmp-" in p.name] == []


def test_a_workspace_with_several_frameworks_opens_the_first_and_says_how_to_open_another(tmp_path):
    new_framework(tmp_path / "frameworks" / "b-cadre", "B")
    new_framework(tmp_path / "frameworks" / "a-cadre", "A")
    space = prepare_workspace(tmp_path)
    assert space.framework == tmp_path / "frameworks" / "a-cadre"
    assert space.messages("en")[-1].endswith(
        f"opening a-cadre. To open another: badgeworkbench lab {tmp_path / 'frameworks' / 'b-cadre'}"
    )
    assert "plusieurs référentiels" in space.messages("fr")[-1]


def test_new_framework_refusals_speak_french_and_english_for_the_start_panel(tmp_path):
    from badgeworkbench.errors import BadgeWorkbenchError

    new_framework(tmp_path / "mon-cadre", "Mon cadre")
    (tmp_path / "plein").mkdir()
    (tmp_path / "plein" / "notes.txt").write_text("x", "utf-8")
    for folder, french, english in [("mon-cadre", "contient déjà un référentiel", "already holds a framework"),
                                    ("plein", "n'est pas vide", "is not empty")]:  # fmt: skip
        with pytest.raises(BadgeWorkbenchError) as caught:
            new_framework(tmp_path / folder, "Autre")
        assert french in caught.value.text("fr") and english in caught.value.text("en")


_SERVE_A_SLEEPER = """
import sys
from badgeworkbench.lab import serve
sys.exit(serve([sys.executable, "-c", "import time; time.sleep(600)"], {}))
"""


def _wait_gone(processes: list[psutil.Process], timeout: float) -> list[psutil.Process]:
    deadline = time.monotonic() + timeout
    while (alive := [p for p in processes if running(p)]) and time.monotonic() < deadline:
        time.sleep(0.1)
    return alive


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_the_served_process_dies_with_lab_even_when_lab_is_killed(tmp_path):
    # SIGKILL cannot be caught: nothing in lab can stop the server then; the kernel must end it for us.
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    parent = psutil.Popen([sys.executable, "-c", _SERVE_A_SLEEPER], env=env, cwd=tmp_path)
    try:
        deadline = time.monotonic() + 60
        while not (children := parent.children()) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert children, "serve() started nothing"
        time.sleep(0.3)  # past the child's preexec hook
        parent.kill()
        parent.wait(10)
        assert _wait_gone(children, 10) == [], [p.cmdline() for p in children]
    finally:
        for p in [parent, *parent.children(recursive=True)] if parent.is_running() else []:
            with contextlib.suppress(psutil.NoSuchProcess):
                p.kill()
        for p in locals().get("children", []) or []:
            with contextlib.suppress(psutil.NoSuchProcess):
                p.kill()


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_killing_lab_with_sigkill_leaves_no_jupyterlab_running(tmp_path):
    workspace = tmp_path / "atelier"
    workspace.mkdir()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    lab = LabProcess(_lab_command(), workspace, env=env)
    tree: list[psutil.Process] = []
    try:
        assert lab.wait_until_served() == 200
        lab.post("/api/kernels", {"name": "python3"})
        deadline = time.monotonic() + 60
        while len(tree := lab.tree()) < 3 and time.monotonic() < deadline:  # lab, its JupyterLab server, the kernel
            time.sleep(0.5)
        assert len(tree) >= 3, [p.cmdline() for p in tree]
        lab.process.kill()  # SIGKILL: lab has no chance to stop anything itself
        lab.process.wait(10)
        assert [p.cmdline() for p in _wait_gone(tree[1:], 60)] == []  # the server stopped, and stopped its kernel
        assert port_is_free(lab.port)
    finally:
        for p in tree:
            with contextlib.suppress(psutil.NoSuchProcess):
                p.kill()
        lab.stop()


def test_a_missing_example_is_explained_in_french_and_english(monkeypatch):
    from badgeworkbench import workspace
    from badgeworkbench.errors import BadgeWorkbenchError

    monkeypatch.setattr(workspace, "is_framework_folder", lambda path: False)
    with pytest.raises(BadgeWorkbenchError) as caught:
        workspace.example_framework_path()
    assert "installation de badgeworkbench est incomplète" in caught.value.text("fr")
    assert "installation of badgeworkbench is incomplete" in caught.value.text("en")

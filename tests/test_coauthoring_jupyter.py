"""Real-time collaboration on the notebooks: JupyterLab with jupyter-collaboration installed.

Starts a real JupyterLab on a free local port, checks that the collaboration API answers,
that every notebook opens through the contents API and through a collaborative room, that an
edit made by one collaborator reaches a second one, and that the notebook runs.
"""

import asyncio
import json
import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

from .conftest import free_port

pytest.importorskip("jupyter_server_ydoc", reason="jupyter-collaboration is not installed (pip install '.[test]')")
pycrdt = pytest.importorskip("pycrdt")
jupyter_ydoc = pytest.importorskip("jupyter_ydoc")

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "tests" / "fixtures" / "coauthoring" / "small"

pytestmark = pytest.mark.slow


def _notebooks(folder: Path) -> list[Path]:
    """The project's notebooks; when there are none yet, one made here that uses the workbench."""
    found = sorted((ROOT / "notebooks").glob("*.ipynb")) if (ROOT / "notebooks").is_dir() else []
    if found:
        target = folder / "notebooks"
        shutil.copytree(ROOT / "notebooks", target, dirs_exist_ok=True)
        return sorted(target.glob("*.ipynb"))
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Atelier « Parcours »\nQui a changé quoi ?"),
        nbformat.v4.new_code_cell(
            "from badgeworkbench.files import load_framework\n"
            "from badgeworkbench.coauthoring import EditSession\n"
            f"fw = load_framework({str(folder / 'atelier')!r})\n"
            "session = EditSession(fw)\n"
            "print(len(fw.badges), 'badges')"
        ),
    ]
    path = folder / "atelier.ipynb"
    nbformat.write(nb, path)
    return [path]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lab")
    shutil.copytree(SMALL, folder / "atelier")
    notebooks = _notebooks(folder)
    port, token = free_port(), secrets.token_hex(16)
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "JUPYTER_CONFIG_DIR": str(folder / ".jupyter"),
        "JUPYTER_RUNTIME_DIR": str(folder / ".runtime"),
        "JUPYTER_DATA_DIR": str(folder / ".data"),
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            f"--port={port}",
            "--ip=127.0.0.1",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={folder}",
            "--ServerApp.port_retries=0",
            "--allow-root",
            "--LabApp.news_url=",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ],
        cwd=folder,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(folder / "server.log", "wb"),
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2) as answer:
                if answer.status == 200:
                    break
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            pytest.fail("JupyterLab did not start:\n" + (folder / "server.log").read_text("utf-8", "replace")[-3000:])
        time.sleep(0.5)
    try:
        yield {"base": base, "token": token, "port": port, "folder": folder, "notebooks": notebooks}
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()


def _request(lab, method, path, body=None):
    request = urllib.request.Request(
        f"{lab['base']}{path}",
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"token {lab['token']}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return answer.status, json.loads(answer.read() or b"null")


def _relative(lab, notebook: Path) -> str:
    return notebook.relative_to(lab["folder"]).as_posix()


def test_collaboration_extension_is_enabled(lab):
    status, session = _request(
        lab,
        "PUT",
        f"/api/collaboration/session/{_relative(lab, lab['notebooks'][0])}",
        {"format": "json", "type": "notebook"},
    )
    assert status in (200, 201)
    assert session["fileId"] and session["sessionId"] and session["type"] == "notebook"


def test_every_notebook_opens_through_the_contents_api(lab):
    for notebook in lab["notebooks"]:
        status, model = _request(lab, "GET", f"/api/contents/{_relative(lab, notebook)}")
        assert status == 200 and model["type"] == "notebook" and model["content"]["cells"]


async def _client(lab, room: str, session_id: str):
    from tornado.websocket import websocket_connect

    url = f"ws://127.0.0.1:{lab['port']}/api/collaboration/room/{room}?sessionId={session_id}&token={lab['token']}"
    connection = await websocket_connect(url)
    doc = pycrdt.Doc()
    notebook = jupyter_ydoc.YNotebook(doc)
    await connection.write_message(pycrdt.create_sync_message(doc), binary=True)
    return connection, doc, notebook


async def _pump(connection, doc, until, timeout: float) -> bool:
    """Apply what the server sends to ``doc`` until ``until()`` holds (or time runs out)."""
    end = time.monotonic() + timeout
    while not until():
        remaining = end - time.monotonic()
        if remaining <= 0:
            return False
        try:
            message = await asyncio.wait_for(connection.read_message(), remaining)
        except TimeoutError:
            return False
        if message is None:
            return False
        if isinstance(message, bytes) and message and message[0] == pycrdt.YMessageType.SYNC:
            reply = pycrdt.handle_sync_message(message[1:], doc)
            if reply is not None:
                await connection.write_message(reply, binary=True)
    return True


def _sources(notebook) -> list[str]:
    return [cell["source"] for cell in notebook.get()["cells"]]


def test_two_collaborators_share_a_notebook_in_real_time(lab):
    path = _relative(lab, lab["notebooks"][0])
    _, session = _request(lab, "PUT", f"/api/collaboration/session/{path}", {"format": "json", "type": "notebook"})
    room = f"json:notebook:{session['fileId']}"
    on_disk = [c.source for c in nbformat.read(lab["notebooks"][0], as_version=4).cells]

    async def scenario():
        a, doc_a, nb_a = await _client(lab, room, session["sessionId"])
        b, doc_b, nb_b = await _client(lab, room, session["sessionId"])
        assert await _pump(a, doc_a, lambda: _sources(nb_a) == on_disk, 30), "the notebook did not open in the room"
        assert await _pump(b, doc_b, lambda: _sources(nb_b) == on_disk, 30)
        # Awa edits the first cell; Marc sees it
        updates: list[bytes] = []
        subscription = doc_a.observe(lambda event: updates.append(event.update))
        with doc_a.transaction():
            text = nb_a.ycells[0]["source"]
            text.insert(len(str(text)), "\nModifié par Awa (Mission locale).")
        doc_a.unobserve(subscription)
        for update in updates:
            await a.write_message(pycrdt.create_update_message(update), binary=True)
        started = time.monotonic()
        seen = await _pump(b, doc_b, lambda: "Modifié par Awa" in _sources(nb_b)[0], 10)
        a.close()
        b.close()
        return seen, time.monotonic() - started

    seen, delay = _run_in_own_thread(scenario)
    assert seen and delay < 2.0, f"the second collaborator did not see the edit within 2 s ({delay:.1f} s)"


def test_the_notebooks_run(lab, monkeypatch):
    from nbclient import NotebookClient

    monkeypatch.setenv("PYTHONPATH", str(ROOT))  # the kernel imports this worktree's package

    for served in lab["notebooks"]:
        # Run the project's notebooks where they live (relative paths work; nothing is written
        # back); the server only had copies, since the collaboration test edits them.
        original = ROOT / served.relative_to(lab["folder"])
        notebook = original if original.is_file() else served
        nb = nbformat.read(notebook, as_version=4)
        NotebookClient(
            nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(notebook.parent)}}
        ).execute()
        errors = [
            o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"
        ]
        assert not errors


def _run_in_own_thread(make_coroutine):
    """``asyncio.run`` in a thread of its own: other tests in this worker (a browser driven through
    Playwright's sync API, say) may have left an event loop running in the main thread."""
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(make_coroutine())).result()

"""A local JupyterHub for many facilitators (tests/fixtures/coauthoring/jupyterhub/jupyterhub_config.py).

Skipped when JupyterHub or its proxy (configurable-http-proxy, from npm) is not installed.
"""

import json
import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("jupyterhub", reason="JupyterHub is not installed (pip install jupyterhub)")
pytest.importorskip("jupyter_server_ydoc", reason="jupyter-collaboration is not installed")
if shutil.which("configurable-http-proxy") is None:
    pytest.skip(
        "configurable-http-proxy is not installed (npm install -g configurable-http-proxy)", allow_module_level=True
    )

from .conftest import free_port

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "tests" / "fixtures" / "coauthoring" / "jupyterhub" / "jupyterhub_config.py"
SMALL = ROOT / "tests" / "fixtures" / "coauthoring" / "small"

pytestmark = pytest.mark.slow


def _call(url: str, token: str, method: str = "GET", body=None):
    request = urllib.request.Request(
        url,
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"token {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            raw = answer.read()
            return answer.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as error:
        error.msg = f"{error.msg} {method} {url}: {error.read()[:500]!r}"
        raise


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    state = tmp_path_factory.mktemp("hub")
    shared = state / "shared"
    shutil.copytree(SMALL, shared / "frameworks" / "atelier")
    port, token = free_port(), secrets.token_hex(16)
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "BW_HUB_PORT": str(port),
        "BW_HUB_API_PORT": str(free_port()),
        "BW_PROXY_API_PORT": str(free_port()),
        "BW_HUB_STATE": str(state),
        "BW_SHARED": str(shared),
        "BW_FACILITATORS": "awa,marc",
        "BW_HUB_SERVICE_TOKEN": token,
        "JUPYTER_CONFIG_DIR": str(state / ".jupyter"),
        "JUPYTER_DATA_DIR": str(state / ".data"),
        "JUPYTER_RUNTIME_DIR": str(state / ".runtime"),
    }
    log = open(state / "hub.log", "wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "jupyterhub", "-f", str(CONFIG)],
        cwd=state,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            if _call(f"{base}/hub/api/", token)[0] == 200:
                break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail("JupyterHub did not start:\n" + (state / "hub.log").read_text("utf-8", "replace")[-3000:])
        time.sleep(0.5)
    try:
        yield {"base": base, "token": token, "shared": shared, "state": state}
    finally:
        for user in ("awa", "marc"):
            try:
                _call(f"{base}/hub/api/users/{user}/server", token, "DELETE")
            except (OSError, urllib.error.HTTPError):
                pass
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
        # the proxy is the hub's child: make sure it is gone too
        pid_file = state / "proxy.pid"
        if pid_file.exists():
            try:
                os.kill(int(pid_file.read_text().strip()), 15)
            except (OSError, ValueError):
                pass


def _start(hub, user: str) -> None:
    base, token = hub["base"], hub["token"]
    try:
        _call(f"{base}/hub/api/users/{user}/server", token, "POST")
    except urllib.error.HTTPError as error:
        if error.code != 400:  # 400: already running
            raise
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        _, model = _call(f"{base}/hub/api/users/{user}", token)
        server = (model.get("servers") or {}).get("", {})
        if server.get("ready"):
            return
        time.sleep(0.5)
    pytest.fail(f"{user}'s server did not start:\n" + (hub["state"] / "hub.log").read_text("utf-8", "replace")[-3000:])


def test_facilitators_get_jupyterlab_on_the_shared_folder_with_collaboration(hub):
    base, token = hub["base"], hub["token"]
    for user in ("awa", "marc"):
        _start(hub, user)
        status, listing = _call(f"{base}/user/{user}/api/contents/frameworks/atelier", token)
        assert status == 200 and {"framework.yaml", "badges"} <= {i["name"] for i in listing["content"]}
        status, session = _call(
            f"{base}/user/{user}/api/collaboration/session/frameworks/atelier/framework.yaml",
            token,
            "PUT",
            {"format": "text", "type": "file"},
        )
        assert status in (200, 201) and session["fileId"]
    # what one facilitator saves, the other reads: the folder is shared
    from badgeworkbench.edit import update_item
    from badgeworkbench.files import read_framework, save_framework

    opened = read_framework(hub["shared"] / "frameworks" / "atelier")
    save_framework(
        update_item(opened.framework, "badge", "cuisine", votes=7), opened.snapshot.folder, snapshot=opened.snapshot
    )
    _, model = _call(f"{base}/user/marc/api/contents/frameworks/atelier/badges/cuisine.yaml", token)
    assert "votes: 7" in model["content"]


def test_the_sharing_role_lets_facilitators_open_each_others_lab(hub):
    base = hub["base"]
    _start(hub, "marc")
    _, awa_token = _call(f"{base}/hub/api/users/awa/tokens", hub["token"], "POST", {"note": "test", "expires_in": 600})
    status, listing = _call(f"{base}/user/marc/api/contents/frameworks", awa_token["token"])
    assert status == 200 and [i["name"] for i in listing["content"]] == ["atelier"]

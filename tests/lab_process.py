"""Starting ``badgeworkbench lab`` for real in the tests, waiting for it, and looking at what it left running."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import psutil

from .conftest import free_port


class LabProcess:
    """``badgeworkbench lab`` started by ``command`` in ``cwd``, on a free port, with a known token."""

    def __init__(self, command: list[str], cwd: Path, *, env: dict[str, str] | None = None):
        self.port, self.token = free_port(), "test-token-" + os.urandom(8).hex()
        self.cwd, self.log = cwd, cwd.parent / f"lab-{self.port}.log"
        state = cwd.parent / f"jupyter-{self.port}"
        base_env = dict(os.environ if env is None else env)
        base_env.update(JUPYTER_TOKEN=self.token, JUPYTER_RUNTIME_DIR=str(state / "runtime"),
                        JUPYTER_CONFIG_DIR=str(state / "config"), JUPYTER_DATA_DIR=str(state / "data"),
                        JUPYTERLAB_WORKSPACES_DIR=str(state / "workspaces"))  # fmt: skip
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen([*command, "--no-browser", "--port", str(self.port), "--lang", "en"],
                                            cwd=cwd, env=base_env, stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
        self.url = f"http://127.0.0.1:{self.port}"

    def output(self) -> str:
        return self.log.read_text("utf-8", errors="replace")

    def get(self, path: str) -> tuple[int, bytes]:
        request = urllib.request.Request(f"{self.url}{path}", headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, answer.read()

    def post(self, path: str, body: dict) -> dict:
        request = urllib.request.Request(f"{self.url}{path}", data=json.dumps(body).encode(), method="POST",
                                         headers={"Authorization": f"token {self.token}",
                                                  "Content-Type": "application/json"})  # fmt: skip
        with urllib.request.urlopen(request, timeout=60) as answer:
            return json.loads(answer.read())

    def wait_until_served(self, timeout: float = 180) -> int:
        """Wait until the served start page answers; its HTTP status."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(
                    f"badgeworkbench lab exited early ({self.process.returncode}):\n{self.output()[-4000:]}"
                )
            try:
                return self.get("/lab/tree/notebooks/00-start-here.ipynb")[0]
            except OSError:
                time.sleep(0.5)
        raise AssertionError(f"badgeworkbench lab did not answer within {timeout} s:\n{self.output()[-4000:]}")

    def tree(self) -> list[psutil.Process]:
        """This process and every process under it (the Jupyter server, its kernels)."""
        root = psutil.Process(self.process.pid)
        return [root, *root.children(recursive=True)]

    def stop(self) -> None:
        """For clean-up after a failed test: end the whole tree, whatever state it is in."""
        if self.process.poll() is None:
            tree = self.tree()
            for p in tree:
                try:
                    p.kill()
                except psutil.NoSuchProcess:
                    pass
            psutil.wait_procs(tree, timeout=10)
        self.process.wait(10)


def running(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def port_is_free(port: int) -> bool:
    """Nothing listens on ``port`` (connecting is refused, and a listening socket can bind it)."""
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            return False
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
            sock.listen()
        except OSError:
            return False
    return True

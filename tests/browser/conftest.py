"""JupyterLab and Chromium for the real-browser tests.

JupyterLab is started by the tests as a subprocess on a free local port with a token, on a
temporary copy of the notebooks (running cells must not write outputs into the repository) and
of the example framework (``BADGEWORKBENCH_FRAMEWORK``). Chromium is Debian's, driven by Playwright.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from badgeworkbench.widgets.lab_settings import lab_arguments
from tests.conftest import free_port
from tests.widget_fixtures import framework_folder

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]  # fmt: skip


@dataclass
class Lab:
    url: str
    token: str
    framework: Path
    notebooks: Path

    def notebook_url(self, name: str) -> str:
        return f"{self.url}/lab/tree/{name}?token={self.token}&reset"


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: the browser tests need Debian's chromium. Run `make test`, which "
                    "installs it (apt-get install chromium), or install it yourself.", pytrace=False)  # fmt: skip
    return CHROMIUM


class LabFailed(RuntimeError):
    """JupyterLab did not start (its log is in the message)."""


@contextlib.contextmanager
def running_lab(base: Path, notebooks_from: Path = ROOT / "notebooks") -> Iterator[Lab]:
    """JupyterLab on a free local port with a token, on copies of the notebooks and of the test
    framework under ``base``; stopped on exit. Used by the browser tests and ``benchmarks.bench_notebooks``."""
    notebooks = base / "notebooks"
    shutil.copytree(notebooks_from, notebooks)
    framework = framework_folder(base)
    port, token = free_port(), secrets.token_hex(16)
    env = dict(os.environ, BADGEWORKBENCH_FRAMEWORK=str(framework),
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
               JUPYTER_RUNTIME_DIR=str(base / "runtime"), JUPYTERLAB_WORKSPACES_DIR=str(base / "workspaces"),
               JUPYTER_CONFIG_DIR=str(base / "config"), JUPYTER_DATA_DIR=str(base / "data"))  # fmt: skip
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
               "--allow-root", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={notebooks}",
               *lab_arguments(), "--ServerApp.terminals_enabled=False"]  # fmt: skip
    log_path = base / "jupyterlab.log"
    log = open(log_path, "wb")
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=base)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 90
        while True:
            if process.poll() is not None:
                raise LabFailed(f"JupyterLab exited early; see {log_path}:\n"
                                + log_path.read_text(errors="replace")[-3000:])  # fmt: skip
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if time.time() > deadline:
                raise LabFailed("JupyterLab did not answer within 90 s")
            time.sleep(0.5)
        yield Lab(url, token, framework, notebooks)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture(scope="session")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    try:
        with running_lab(tmp_path_factory.mktemp("lab")) as running:
            yield running
    except LabFailed as error:
        pytest.fail(str(error), pytrace=False)


@pytest.fixture(scope="session")
def browser(chromium_path: Path) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS, headless=True)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: object, request: pytest.FixtureRequest) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1500, "height": 1000}, locale="fr-FR")  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        yield page
    finally:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-final.png"), full_page=True)
        context.close()


#: Where the browser tests write how long each notebook took (figures to look at, never asserted:
#: the targets are checked by ``python -m benchmarks notebooks``).
TIMINGS = ARTIFACTS / "notebook-timings.json"

_IDLE = ".jp-Notebook-ExecutionIndicator[data-status='idle']"
#: A panel is ready when its header is drawn (the VBox and its first child views exist).
PANEL_READY = ".bw-panel .bw-header h3"


def open_and_run_all(page: object, lab: Lab, notebook: str) -> dict[str, float]:
    """Open a notebook in JupyterLab, wait for its kernel, run all cells, wait until they are done.

    Returns the seconds each step took: ``open`` (the page until the cells show), ``kernel`` (until
    the kernel is idle), ``run_all`` (*Run All Cells* clicked until the panel is drawn and the kernel idle).
    """
    timings: dict[str, float] = {}
    started = time.perf_counter()
    page.goto(lab.notebook_url(notebook))  # type: ignore[attr-defined]
    page.wait_for_selector(".jp-NotebookPanel .jp-Notebook .jp-Cell", timeout=90_000)  # type: ignore[attr-defined]
    timings["open"] = time.perf_counter() - started
    page.wait_for_selector(_IDLE, timeout=90_000)  # type: ignore[attr-defined]
    timings["kernel"] = time.perf_counter() - started - timings["open"]
    # On a busy machine the first "Run All Cells" can arrive before the kernel takes requests and be
    # lost (cells stay "[ ]"): ask again, up to three times, until a panel appears. A page opened on the
    # shared kernel while the machine is loaded can also show ipywidgets' "Error displaying widget: model
    # not found" (its widget manager was still restoring the kernel's other widgets): then the page is
    # reloaded, as a person would, and the reload is recorded in the timings.
    for attempt in range(3):
        if attempt and page.get_by_text("model not found").count():  # type: ignore[attr-defined]
            page.reload()  # type: ignore[attr-defined]
            page.wait_for_selector(_IDLE, timeout=90_000)  # type: ignore[attr-defined]
            timings["reloaded"] = timings.get("reloaded", 0) + 1
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()  # type: ignore[attr-defined]
        run_all = page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first  # type: ignore[attr-defined]
        run_all.wait_for(state="visible")
        clicked = time.perf_counter()
        run_all.click()
        try:
            page.wait_for_selector(PANEL_READY, timeout=60_000 * (attempt + 1))  # type: ignore[attr-defined]
            break
        except Exception:  # playwright's TimeoutError; the last attempt re-raises below
            if attempt == 2:
                raise
    page.wait_for_selector(_IDLE, timeout=90_000)  # type: ignore[attr-defined]
    timings["run_all"] = time.perf_counter() - clicked
    return timings


def record_timings(name: str, timings: dict[str, float]) -> None:
    """Add ``timings`` under ``name`` to test-artifacts/notebook-timings.json."""
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        recorded = json.loads(TIMINGS.read_text("utf-8"))
    except (OSError, ValueError):
        recorded = {}
    recorded[name] = {k: round(v, 3) for k, v in timings.items()}
    TIMINGS.write_text(json.dumps(recorded, indent=2, sort_keys=True) + "\n", "utf-8")

"""The notebooks in a real browser (JupyterLab 4 + Debian's Chromium), as ``badgeworkbench lab`` starts it.

Figures: *Run All Cells* → panel ready (the panel's header drawn and every cell done; target ≤ 2 s
each) with each notebook in a new kernel, the kernel start (notebook shown → kernel idle), then the
eight notebooks opened one after the other as a facilitator does (they share one kernel), and in the
badge designer one keystroke in the name → the new preview image in the page (measured inside the
page, keydown → ``<img>`` changed; target ≤ 100 ms). Without Chromium, only the headless figure is
given: every notebook executed by ``nbclient`` (kernel start included), to compare with the browser.
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))

#: In the page: time each keystroke in the name field until the preview ``<img>`` shows other bytes.
_KEYSTROKE_JS = """
([field, image]) => { window.bwKeystroke = new Promise((resolve) => {
  const before = image.src;
  let typed = 0;
  const observer = new MutationObserver(() => {
    if (image.src !== before && typed) { observer.disconnect(); resolve(performance.now() - typed); }
  });
  observer.observe(image, {attributes: true, attributeFilter: ['src']});
  field.addEventListener('keydown', () => { typed = performance.now(); }, {once: true});
  setTimeout(() => { observer.disconnect(); resolve(-1); }, 10000);
}); }
"""
_NAME_INPUT = ".widget-text:has(label:text-is('Nom (fr)')) input"


def _keystrokes(page: object, count: int = 12) -> list[float]:
    """Milliseconds from each keydown in the badge name to the new preview in the page."""
    field = page.locator(_NAME_INPUT).first  # type: ignore[attr-defined]
    field.click()
    field.press("End")
    times = []
    image = page.locator("img.bw-preview").first  # type: ignore[attr-defined]
    for letter in ("Accueil-ete" + "x" * count)[:count]:
        page.evaluate(_KEYSTROKE_JS, [field.element_handle(), image.element_handle()])  # type: ignore[attr-defined]
        field.press_sequentially(letter)
        times.append(page.evaluate("() => window.bwKeystroke"))  # type: ignore[attr-defined]
        time.sleep(0.1)
    if any(t < 0 for t in times):
        raise RuntimeError("a keystroke in the badge name did not change the preview within 10 s")
    return times


def _api(lab: object, method: str, path: str) -> object:
    """One call to the JupyterLab server's REST API (JSON answer, or None)."""
    request = urllib.request.Request(f"{lab.url}/api/{path}?token={lab.token}", method=method)  # type: ignore[attr-defined]
    with urllib.request.urlopen(request, timeout=30) as answer:
        body = answer.read()
    return json.loads(body) if body else None


def _stop_every_kernel(lab: object) -> None:
    for session in _api(lab, "GET", "sessions") or []:  # type: ignore[union-attr]
        _api(lab, "DELETE", f"sessions/{session['id']}")
    deadline = time.time() + 30
    while _api(lab, "GET", "kernels") and time.time() < deadline:
        time.sleep(0.2)


def _open_each(context: object, lab: object, own_kernel: bool) -> tuple[list[tuple[str, dict]], list[float]]:
    """Open the notebooks one after the other, each in a new tab; with ``own_kernel``, every kernel is
    stopped first so that each notebook starts a new one. Returns the timings, and the keystroke times."""
    from tests.browser.conftest import open_and_run_all

    seen, keystrokes = [], []
    for name in NOTEBOOKS:
        if own_kernel:
            _stop_every_kernel(lab)
        page = context.new_page()  # type: ignore[attr-defined]
        page.set_default_timeout(60_000)
        seen.append((name.removesuffix(".ipynb"), open_and_run_all(page, lab, name)))
        if own_kernel and name.startswith("03-"):
            page.locator("img.bw-preview").first.wait_for(state="visible")
            keystrokes = _keystrokes(page)
        page.close()
    return seen, keystrokes


def _browser_rows(rows: list) -> None:
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, running_lab

    with tempfile.TemporaryDirectory() as base, running_lab(Path(base)) as lab, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            # One browser session, as a facilitator's: a first page loads JupyterLab's own files into its
            # cache, as any earlier visit does; then each notebook in a new tab.
            context = browser.new_context(viewport={"width": 1500, "height": 1000}, locale="fr-FR")
            warm = context.new_page()
            warm.goto(f"{lab.url}/lab?token={lab.token}&reset")
            warm.wait_for_selector(".jp-LauncherCard", timeout=90_000)
            warm.close()
            # Cold: every notebook in a kernel of its own, started for it.
            cold, keystrokes = _open_each(context, lab, own_kernel=True)
            _stop_every_kernel(lab)
            # A facilitator's morning: the eight notebooks opened one after the other, sharing one kernel.
            shared, _ = _open_each(context, lab, own_kernel=False)
            kernels = len(_api(lab, "GET", "kernels") or [])  # type: ignore[arg-type]
        finally:
            browser.close()
    for name, timings in cold:
        rows.append((f"Run All → panel ready, {name} (new kernel)", timings["run_all"], "s", 2.0))
    rows.append(("kernel start, new kernel (median of 8)", statistics.median(t["kernel"] for _, t in cold), "s", None))
    rows.append(("8 notebooks in a row: Run All → panel ready (worst)", max(t["run_all"] for _, t in shared), "s", 2.0))
    rows.append(("8 notebooks in a row: kernel ready, notebooks 2–8 (median)",
                 statistics.median(t["kernel"] for _, t in shared[1:]), "s", None))  # fmt: skip
    rows.append(("8 notebooks in a row: kernels running", float(kernels), "", 1.0))
    if keystrokes:
        rows.append(
            ("keystroke → new badge preview in the browser (median)", statistics.median(keystrokes), "ms", 100.0)
        )
        rows.append(("keystroke → new badge preview in the browser (worst)", max(keystrokes), "ms", None))


def _headless_rows(rows: list) -> None:
    import nbformat
    from nbclient import NotebookClient

    from tests.widget_fixtures import framework_folder

    with tempfile.TemporaryDirectory() as base:
        os.environ["BADGEWORKBENCH_FRAMEWORK"] = str(framework_folder(Path(base)))
        os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
        times = []
        for name in NOTEBOOKS:
            notebook = nbformat.read(ROOT / "notebooks" / name, as_version=4)
            started = time.perf_counter()
            NotebookClient(
                notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": base}}
            ).execute()
            times.append(time.perf_counter() - started)
        rows.append(("headless (nbclient): kernel start + all cells, median", statistics.median(times), "s", None))


def run() -> list[tuple[str, float, str, float | None]]:
    rows: list[tuple[str, float, str, float | None]] = []
    from tests.browser.conftest import CHROMIUM

    if CHROMIUM.exists():
        _browser_rows(rows)
    _headless_rows(rows)
    return rows


if __name__ == "__main__":
    for label, value, unit, target in run():
        print(f"{label:<58} {value:8.3f} {unit}" + (f"  (≤ {target:g})" if target else ""))

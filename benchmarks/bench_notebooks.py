"""The notebooks in a real browser (JupyterLab 4 + Debian's Chromium), cold: each notebook opened in a
new page with a new kernel, as a facilitator opens them one after the other.

Figures: the kernel start (notebook shown → kernel idle), *Run All Cells* → panel ready (the panel's
header drawn and every cell done; target ≤ 2 s each), and in the badge designer one keystroke in the
name → the new preview image in the page (measured inside the page, keydown → ``<img>`` changed;
target ≤ 100 ms). Without Chromium, only the headless figure is given: every notebook executed by
``nbclient`` (kernel start included), to compare with the browser.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
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


def _browser_rows(rows: list) -> None:
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, open_and_run_all, running_lab

    with tempfile.TemporaryDirectory() as base, running_lab(Path(base)) as lab, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        kernels, keystrokes = [], []
        try:
            # One browser session, as a facilitator's: a first page loads JupyterLab's own files into its
            # cache, as any earlier visit does; then each notebook in a new tab, with a new kernel.
            context = browser.new_context(viewport={"width": 1500, "height": 1000}, locale="fr-FR")
            warm = context.new_page()
            warm.goto(f"{lab.url}/lab?token={lab.token}&reset")
            warm.wait_for_selector(".jp-LauncherCard", timeout=90_000)
            warm.close()
            for name in NOTEBOOKS:
                page = context.new_page()
                page.set_default_timeout(60_000)
                timings = open_and_run_all(page, lab, name)
                kernels.append(timings["kernel"])
                rows.append((f"Run All → panel ready, {name.removesuffix('.ipynb')}", timings["run_all"], "s", 2.0))
                if name.startswith("03-"):
                    page.locator("img.bw-preview").first.wait_for(state="visible")
                    keystrokes = _keystrokes(page)
                page.close()
        finally:
            browser.close()
    rows.append(("kernel start, median of the notebooks", statistics.median(kernels), "s", None))
    if keystrokes:
        rows.append(("keystroke → new badge preview in the browser (median)", statistics.median(keystrokes), "ms", 100.0))
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
            NotebookClient(notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": base}}).execute()
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

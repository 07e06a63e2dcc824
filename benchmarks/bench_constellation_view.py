"""The constellation panel at the consortium's size, in a real browser: ``python -m benchmarks constellation_view``.

A generated 300-badge framework (``generated_framework(competencies=3000, badges=300, relations=3000,
alignments=3000)``) opened in 04-constellation in JupyterLab 4 + Debian's Chromium, driven as the
browser test ``tests/browser/test_constellation_scale.py`` drives it. Figures, measured inside the page
from the click (or the change of a list) to the new drawing: a filter applied (one pathway), everything
shown again, the focus turned on (one badge's neighbourhood), the focus moved to a neighbour; and a drag
in the narrowed view until layout.yaml holds it. Targets: each ≤ 500 ms after the panel is ready
(*Run All* → panel ready is given too). Without Chromium, the Python side alone is measured: the panel's
work for a filter and for a focus (``ConstellationPanel`` without a browser).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

Row = tuple[str, float, str, float | None]
TARGET_MS = 500.0


def _browser_rows(rows: list[Row]) -> None:
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, running_lab
    from tests.browser.test_constellation_scale import measure_constellation_view, write_generated_framework

    with tempfile.TemporaryDirectory() as base, running_lab(Path(base)) as lab, sync_playwright() as playwright:
        write_generated_framework(lab.framework)
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": 1500, "height": 1000}, locale="fr-FR")
            warm = context.new_page()  # JupyterLab's own files in the cache, as after any earlier visit
            warm.goto(f"{lab.url}/lab?token={lab.token}&reset")
            warm.wait_for_selector(".jp-LauncherCard", timeout=90_000)
            warm.close()
            page = context.new_page()
            page.set_default_timeout(60_000)
            timings = measure_constellation_view(page, lab)
        finally:
            browser.close()
    rows.append(("300 badges: Run All → constellation panel ready", timings["run_all"], "s", None))
    rows.append(("300 badges: a pathway filter → drawn in the browser", timings["filter_ms"], "ms", TARGET_MS))
    rows.append(("300 badges: show everything again → drawn", timings["show_all_ms"], "ms", TARGET_MS))
    rows.append(("300 badges: focus on a badge → neighbourhood drawn", timings["focus_ms"], "ms", TARGET_MS))
    if "focus_change_ms" in timings:
        rows.append(("300 badges: focus moved to a neighbour → drawn", timings["focus_change_ms"], "ms", TARGET_MS))
    rows.append(("300 badges: drag in a filtered view → layout.yaml saved", timings["drag_saved_ms"], "ms", TARGET_MS))


def _python_rows(rows: list[Row]) -> None:
    from badgeworkbench.files import save_framework
    from badgeworkbench.widgets import ConstellationPanel, WorkbenchState
    from benchmarks.generate import generated_framework

    with tempfile.TemporaryDirectory() as base:
        folder = Path(base) / "framework"
        save_framework(generated_framework(competencies=3000, badges=300, relations=3000, alignments=3000), folder)
        panel = ConstellationPanel(WorkbenchState.open(folder))
        pathways = [v for _, v in panel.view_filters["pathways"].options]
        filters, focuses = [], []
        for ident in pathways:
            started = time.perf_counter()
            panel.view_filters["pathways"].value = (ident,)
            filters.append((time.perf_counter() - started) * 1000)
            panel.view_filters["pathways"].value = ()
        panel.focus.value = True
        for n in range(0, 300, 30):
            started = time.perf_counter()
            panel.graph.selected = f"b{n}"
            focuses.append((time.perf_counter() - started) * 1000)
    rows.append(("300 badges, Python side: a filter (median)", statistics.median(filters), "ms", None))
    rows.append(("300 badges, Python side: a focus change (median)", statistics.median(focuses), "ms", None))


def run() -> list[Row]:
    from tests.browser.conftest import CHROMIUM

    rows: list[Row] = []
    if CHROMIUM.exists():
        _browser_rows(rows)
    _python_rows(rows)
    return rows


if __name__ == "__main__":
    for label, value, unit, target in run():
        print(f"{label:<58} {value:8.3f} {unit}" + (f"  (≤ {target:g})" if target else ""))

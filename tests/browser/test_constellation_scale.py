"""The constellation at the consortium's size in a real browser: a generated 300-badge framework
(``benchmarks.generate.generated_framework(competencies=3000, badges=300, relations=3000,
alignments=3000)``) opened in 04-constellation.

Measured (written to test-artifacts/constellation-scale-timings.json, never asserted: the targets are
checked by ``python -m benchmarks constellation_view``): *Run All* → panel ready, a filter applied
(a pathway chosen → the page draws its badges), the focus turned on and moved to another badge, a
drag in the filtered view saved to layout.yaml. Screenshots of the whole 300-badge constellation and
of each narrowed view go to test-artifacts/.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.browser.conftest import ARTIFACTS, Lab, LabFailed, open_and_run_all, running_lab

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]

TIMINGS = ARTIFACTS / "constellation-scale-timings.json"
SIZE = {"competencies": 3000, "badges": 300, "relations": 3000, "alignments": 3000}
NODES = ".bw-graph g.bw-nodes > g.bw-node"
#: The generated badge with the most neighbours one step away (b30: 11 of them), found by its English name.
FOCUSED, FOCUSED_NAME = "b30", "BADGE 30"

#: In the page: from an event on ``trigger`` until the set of drawn nodes differs, in milliseconds.
_UNTIL_REDRAWN = """
([trigger, eventName]) => { window.bwRedrawn = new Promise((resolve) => {
  const layer = document.querySelector('.bw-graph g.bw-nodes');
  const ids = () => Array.from(layer.children).map((g) => g.getAttribute('data-node-id')).join(' ');
  const before = ids();
  let start = 0;
  const observer = new MutationObserver(() => {
    if (start && ids() !== before) { observer.disconnect(); resolve(performance.now() - start); }
  });
  observer.observe(layer, {childList: true});
  trigger.addEventListener(eventName, () => { start = performance.now(); }, {once: true, capture: true});
  setTimeout(() => { observer.disconnect(); resolve(-1); }, 20000);
}); }
"""


def write_generated_framework(folder: Path) -> None:
    """Replace the framework in ``folder`` by the generated 300-badge one."""
    from badgeworkbench.files import save_framework
    from benchmarks.generate import generated_framework

    shutil.rmtree(folder)
    save_framework(generated_framework(**SIZE), folder)


def _redrawn_after(page: Any, trigger: Any, event: str, action: Any) -> float:
    """Run ``action`` and return the milliseconds from ``event`` on ``trigger`` to the new drawing."""
    page.evaluate(_UNTIL_REDRAWN, [trigger.element_handle(), event])
    action()
    spent = page.evaluate("() => window.bwRedrawn")
    if spent < 0:
        raise AssertionError(f"the constellation was not redrawn within 20 s after a {event}")
    return float(spent)


def _node_ids(page: Any) -> list[str]:
    return page.eval_on_selector_all(NODES, "gs => gs.map((g) => g.getAttribute('data-node-id'))")


def _centre(page: Any, ident: str) -> tuple[float, float]:
    disc = page.locator(f"{NODES}[data-node-id='{ident}'] circle.bw-disc").first
    disc.scroll_into_view_if_needed()
    box = disc.bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def measure_constellation_view(page: Any, lab: Lab, shots: Path | None = None) -> dict[str, float]:
    """Open 04-constellation on the generated framework and measure each step (milliseconds, the
    panel-ready step in seconds as ``run_all``). Checks what each step shows on the way."""
    timings = open_and_run_all(page, lab, "04-constellation.ipynb")
    page.wait_for_function(f"() => document.querySelectorAll({NODES!r}).length === 300", timeout=60_000)
    graph = page.locator(".bw-graph svg").first
    if shots:
        graph.scroll_into_view_if_needed()
        page.locator(".bw-panel").first.screenshot(path=str(shots / "constellation-300-panel.png"))
        graph.screenshot(path=str(shots / "constellation-300-graph.png"))
    # A filter: one click on a pathway in its list.
    pathways = page.locator(".widget-select-multiple:has(label:text-is('Parcours')) select").first
    pathways.scroll_into_view_if_needed()
    timings["filter_ms"] = _redrawn_after(page, pathways, "change", lambda: pathways.select_option(index=0))
    shown = _node_ids(page)
    assert 0 < len(shown) < 300, f"the pathway filter drew {len(shown)} badges"
    if shots:
        graph.screenshot(path=str(shots / "constellation-300-pathway.png"))
    # Everything again (one click), then a badge found by the search box: the graph selects it.
    clear = page.locator("button", has_text="Tout afficher").first
    timings["show_all_ms"] = _redrawn_after(page, clear, "click", clear.click)
    search = page.locator(".widget-text:has(label:text-is('Chercher un badge')) input").first
    search.fill(FOCUSED_NAME)
    search.press("Enter")
    page.wait_for_selector(f"{NODES}.bw-selected[data-node-id='{FOCUSED}']", timeout=30_000)
    first = FOCUSED
    # The focus: one click on the toggle shows the badge's neighbourhood; a click on a neighbour moves it.
    focus = page.locator("button", has_text="Voisinage du badge choisi").first
    timings["focus_ms"] = _redrawn_after(page, focus, "click", focus.click)
    around = _node_ids(page)
    assert first in around and 1 < len(around) < 300
    neighbour = next((i for i in around if i != first), None)
    if neighbour is not None:
        x, y = _centre(page, neighbour)
        timings["focus_change_ms"] = _redrawn_after(page, graph, "pointerup", lambda: page.mouse.click(x, y))
        assert neighbour in _node_ids(page)
    if shots:
        graph.screenshot(path=str(shots / "constellation-300-focus.png"))
    # Zoom with the wheel, then back to the whole picture with the button.
    graph.scroll_into_view_if_needed()
    whole = graph.get_attribute("viewBox")
    box = graph.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -400)
    page.wait_for_function("([el, v]) => el.getAttribute('viewBox') !== v", arg=[graph.element_handle(), whole])
    zoomed = [float(v) for v in graph.get_attribute("viewBox").split()]
    assert zoomed[2] < float(whole.split()[2]), "the wheel did not zoom in"
    page.locator(".bw-graph .bw-graph-fit").first.click()
    page.wait_for_function("([el, v]) => el.getAttribute('viewBox') === v", arg=[graph.element_handle(), whole])
    # A drag in the narrowed view, saved to layout.yaml.
    moved = _node_ids(page)[0]
    x, y = _centre(page, moved)
    layout = Path(lab.framework) / "layout.yaml"
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 11):
        page.mouse.move(x + 6 * step, y + 4 * step)
    started = time.perf_counter()
    page.mouse.up()
    deadline = started + 30
    while time.perf_counter() < deadline:
        if layout.exists() and moved in (yaml.safe_load(layout.read_text("utf-8")) or {}):
            break
        time.sleep(0.01)
    else:
        raise AssertionError(f"{moved} was not saved to layout.yaml")
    timings["drag_saved_ms"] = (time.perf_counter() - started) * 1000
    assert set(yaml.safe_load(layout.read_text("utf-8"))) == {moved}  # only the dragged badge was written
    if shots:
        page.locator(".bw-panel").first.screenshot(path=str(shots / "constellation-300-dragged.png"))
    return timings


@pytest.fixture(scope="module")
def big_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    try:
        with running_lab(tmp_path_factory.mktemp("biglab")) as running:
            write_generated_framework(running.framework)
            yield running
    except LabFailed as error:
        pytest.fail(str(error), pytrace=False)


def test_a_300_badge_constellation_filters_focuses_zooms_and_saves_a_drag(page, big_lab: Lab):
    ARTIFACTS.mkdir(exist_ok=True)
    timings = measure_constellation_view(page, big_lab, shots=ARTIFACTS)
    assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    assert page.locator(".jp-RenderedText[data-mime-type='application/vnd.jupyter.error']").count() == 0
    TIMINGS.write_text(json.dumps({k: round(v, 3) for k, v in timings.items()}, indent=2, sort_keys=True) + "\n",
                       "utf-8")  # fmt: skip
    assert {"run_all", "filter_ms", "focus_ms", "drag_saved_ms"} <= set(timings)

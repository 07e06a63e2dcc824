"""The workbench in a real browser: JupyterLab 4 + Debian's Chromium, offline.

Each test writes how long its notebook took to open and run into test-artifacts/notebook-timings.json;
the times are looked at, not asserted (``python -m benchmarks notebooks`` checks them against targets).
"""

from __future__ import annotations

import json
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from tests.browser.conftest import ARTIFACTS, Lab, open_and_run_all, record_timings

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]


def _wait_for(condition, timeout: float = 30.0, what: str = "") -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if condition():
            return
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}")


def test_badge_designer_types_previews_and_saves(page, lab: Lab):
    record_timings("03-badges", open_and_run_all(page, lab, "03-badges.ipynb"))
    name = page.locator(".widget-text:has(label:text-is('Nom (fr)')) input").first
    name.wait_for(state="visible")
    preview = page.locator("img.bw-preview")
    preview.wait_for(state="visible")
    page.wait_for_function("sel => { const i = document.querySelector(sel); return i && i.src && i.naturalWidth > 0; }",
                           arg="img.bw-preview", timeout=30_000)  # fmt: skip
    before = preview.get_attribute("src")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "03-badges-opened.png"), full_page=True)
    new_name = "Accueil chaleureux — Éloïse & Zoé"
    name.fill("")
    name.press_sequentially(new_name, delay=20)
    # The real preview (badgeworkbench.images) follows typing: the <img> now shows other PNG bytes.
    page.wait_for_function("([sel, old]) => { const i = document.querySelector(sel); return i && i.src && i.src !== old; }",
                           arg=["img.bw-preview", before], timeout=30_000)  # fmt: skip
    after = preview.get_attribute("src")
    assert after != before and after.startswith(("blob:", "data:image/png"))
    assert "Éloïse" in page.locator(".bw-alt").first.inner_text()  # the alt text follows too
    page.screenshot(path=str(ARTIFACTS / "03-badges-typed.png"), full_page=True)
    page.locator(".lm-TabBar-tab", has_text="Image").first.click()  # the image settings and their checks
    page.locator(".widget-dropdown:has(label:text-is('Forme'))").first.wait_for(state="visible")
    page.screenshot(path=str(ARTIFACTS / "03-badges-image-tab.png"), full_page=True)
    page.locator(".bw-panel").first.screenshot(path=str(ARTIFACTS / "03-badges-panel.png"))
    page.locator("button", has_text="Enregistrer le badge").first.click()

    def saved() -> bool:
        return any(new_name in p.read_text("utf-8") for p in (lab.framework / "badges").glob("*.yaml"))

    _wait_for(saved, what="the new badge name in a badge file")
    page.screenshot(path=str(ARTIFACTS / "03-badges-saved.png"), full_page=True)


def test_constellation_select_and_drag_saves_the_position(page, lab: Lab):
    record_timings("04-constellation", open_and_run_all(page, lab, "04-constellation.ipynb"))
    node = page.locator(".bw-graph g.bw-node").first
    node.wait_for(state="visible")
    ident = node.get_attribute("data-node-id")
    node.scroll_into_view_if_needed()
    box = node.locator("circle.bw-disc").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.click(x, y)  # select
    page.wait_for_selector(f".bw-graph g.bw-node.bw-selected[data-node-id='{ident}']", timeout=30_000)
    page.wait_for_selector(f".bw-graph g.bw-node.bw-selected[data-node-id='{ident}']", timeout=30_000)
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 11):
        page.mouse.move(x + 9 * step, y + 6 * step)
    page.mouse.up()
    layout = Path(lab.framework) / "layout.yaml"

    def saved() -> bool:
        return layout.exists() and ident in (yaml.safe_load(layout.read_text("utf-8")) or {})

    _wait_for(saved, what=f"{ident} in layout.yaml")
    position = yaml.safe_load(layout.read_text("utf-8"))[ident]
    assert {"x", "y"} <= set(position)
    page.screenshot(path=str(ARTIFACTS / "04-constellation-dragged.png"), full_page=True)
    page.locator(".bw-panel").first.screenshot(path=str(ARTIFACTS / "04-constellation-panel.png"))


@pytest.mark.parametrize(
    "notebook", ["00-start-here", "01-workshop", "05-analysis", "06-export", "07-materials", "08-verify"]
)
def test_panel_renders_without_errors(page, lab: Lab, notebook: str):
    """What facilitators see on a projector: each panel drawn, no error output; a screenshot to look at."""
    record_timings(notebook, open_and_run_all(page, lab, f"{notebook}.ipynb"))
    page.locator(".bw-panel").first.wait_for(state="visible")
    assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    assert page.locator(".jp-RenderedText[data-mime-type='application/vnd.jupyter.error']").count() == 0
    assert not page.get_by_text("Would you like to get notified about official Jupyter news?").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{notebook}.png"), full_page=True)
    # The whole panel, however tall (the notebook scrolls inside the page, so a page screenshot cuts it).
    page.locator(".bw-panel").first.screenshot(path=str(ARTIFACTS / f"{notebook}-panel.png"))


def test_the_notebooks_share_one_kernel(page, lab: Lab):
    """A facilitator opening several notebooks starts one kernel; the second finds the workbench loaded."""
    for notebook in ("00-start-here", "02-framework"):
        record_timings(f"{notebook} (after another notebook)", open_and_run_all(page, lab, f"{notebook}.ipynb"))
        page.locator(".bw-panel").first.wait_for(state="visible")
    kernels, sessions = _api(lab, "kernels"), _api(lab, "sessions")
    assert len(sessions) >= 2 and len(kernels) == 1
    assert {s["kernel"]["id"] for s in sessions} == {kernels[0]["id"]}
    # closing one notebook's session leaves the kernel to the others
    _api(lab, f"sessions/{sessions[0]['id']}", "DELETE")
    assert [k["id"] for k in _api(lab, "kernels")] == [kernels[0]["id"]]
    assert len(_api(lab, "sessions")) == len(sessions) - 1


def _api(lab: Lab, path: str, method: str = "GET"):
    request = urllib.request.Request(f"{lab.url}/api/{path}?token={lab.token}", method=method)
    with urllib.request.urlopen(request, timeout=30) as answer:
        body = answer.read()
    return json.loads(body) if body else None


def test_a_grouped_problem_list_opens_and_jumps_to_the_item(page, lab: Lab):
    """The start panel's problems: one closed line per kind; opened, its problems; one jumps to its badge."""
    source = lab.framework / "badges" / "accueil-public.yaml"
    extra = lab.framework / "badges" / "zz-sans-parcours.yaml"  # a badge no pathway leads to: a warning
    extra.write_text(source.read_text("utf-8").replace("id: accueil-public\n", "id: zz-sans-parcours\n", 1), "utf-8")
    try:
        record_timings("00-start-here (grouped problems)", open_and_run_all(page, lab, "00-start-here.ipynb"))
        problems = page.locator(".bw-problems").first
        title = problems.get_by_text("⚠ 1 badge sans parcours")
        title.wait_for(state="visible", timeout=30_000)  # a kernel that had the folder open sees it on its next poll
        assert not problems.locator("select").first.is_visible()  # closed: no list of problems yet
        title.click()
        listing = problems.locator("select").first
        listing.wait_for(state="visible", timeout=30_000)
        assert "zz-sans-parcours" in listing.inner_text()
        listing.select_option(index=0)
        problems.locator("button", has_text="Voir l'élément").first.click()
        page.locator(".bw-item-card", has_text="zz-sans-parcours").first.wait_for(state="visible", timeout=30_000)
        ARTIFACTS.mkdir(exist_ok=True)
        page.locator(".bw-panel").first.screenshot(path=str(ARTIFACTS / "00-start-here-problems-opened.png"))
    finally:
        extra.unlink()

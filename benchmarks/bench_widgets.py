"""Widget latencies: an edit through the state (check + safe save), the badge form → preview path, panel builds.

Targets: the badge preview follows typing within 100 ms for a typical badge; an edit saved in well
under a second on the example framework.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from badgeworkbench import edit
from badgeworkbench.files import save_framework
from badgeworkbench.widgets import BadgeDesigner, ConstellationPanel, WorkbenchState, WorkshopPanel
from badgeworkbench.workspace import example_framework_path

from .generate import generated_framework


def _median(samples: list[float]) -> float:
    return sorted(samples)[len(samples) // 2]


def run() -> list[tuple[str, float, str, float | None]]:
    rows: list[tuple[str, float, str, float | None]] = []
    work = Path(tempfile.mkdtemp())
    try:
        example = work / "example"
        shutil.copytree(example_framework_path(), example)
        state = WorkbenchState.open(example)
        panels = [WorkshopPanel(state), BadgeDesigner(state), ConstellationPanel(state)]
        badge = state.framework.badges[0].id
        times = []
        for i in range(10):
            started = time.perf_counter()
            state.apply(lambda fw, i=i: edit.update_item(fw, "badge", badge, votes=i + 1), "vote")
            times.append((time.perf_counter() - started) * 1000)
        rows.append(("edit saved, 3 panels refreshed (example)", _median(times), "ms", 500.0))
        designer = panels[1]
        # Typing a name letter by letter: each keystroke must give new preview bytes (images.preview,
        # never served from its cache here since every name is new), the alt text and the image checks.
        times, name, unchanged = [], "", []
        for letter in "Accueil du public — été à Orléans":
            name += letter
            before = designer.preview.value
            started = time.perf_counter()
            designer.name_fr.value = name
            times.append((time.perf_counter() - started) * 1000)
            if designer.preview.value == before:
                unchanged.append(name)
        rows.append(("keystroke → new preview bytes (median)", _median(times), "ms", 100.0))
        rows.append(("keystroke → new preview bytes (worst)", max(times), "ms", 100.0))
        # A space typed at the end of the name changes nothing on the image (names are stripped).
        if any(not n.endswith(" ") for n in unchanged):
            raise AssertionError(f"these keystrokes left the preview unchanged: {unchanged}")
        started = time.perf_counter()
        designer.show_contact_sheet()
        rows.append(("contact sheet of every badge (example)", (time.perf_counter() - started) * 1000, "ms", None))

        generated = work / "generated"
        save_framework(generated_framework(competencies=2000, badges=300, relations=2000, alignments=2000), generated)
        started = time.perf_counter()
        big = WorkbenchState.open(generated)
        rows.append(("open 2,000 competencies / 300 badges", (time.perf_counter() - started) * 1000, "ms", None))
        started = time.perf_counter()
        ConstellationPanel(big)
        rows.append(("constellation panel, 300 badges", (time.perf_counter() - started) * 1000, "ms", None))
        first = big.framework.badges[0].id
        started = time.perf_counter()
        big.apply(lambda fw: edit.set_position(fw, first, 10, 20), "position")
        rows.append(("edit saved, 300 badges", (time.perf_counter() - started) * 1000, "ms", 1000.0))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return rows


if __name__ == "__main__":
    for name, value, unit, target in run():
        print(f"{name:<50} {value:>9.1f} {unit:<3} {'' if target is None else f'(target ≤ {target:g})'}")

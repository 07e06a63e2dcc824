"""Problem lists and the workshop board at a consortium's size (3,000 competencies, 300 badges).

Targets: grouping the report and printing it stay far below a check's own time; the start panel and
the workshop board redraw within half a second, today's session as the whole board.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from badgeworkbench.board import workshop_board
from badgeworkbench.files import save_framework
from badgeworkbench.widgets import StartPanel, WorkbenchState, WorkshopPanel

from .generate import generated_framework


def _median(samples: list[float]) -> float:
    return sorted(samples)[len(samples) // 2]


def _timed(fn, repeat: int = 5) -> float:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return _median(samples)


def run() -> list[tuple[str, float, str, float | None]]:
    rows: list[tuple[str, float, str, float | None]] = []
    work = Path(tempfile.mkdtemp())
    try:
        fw = generated_framework(competencies=3000, badges=300, relations=3000, alignments=3000)
        save_framework(fw, work / "consortium")
        state = WorkbenchState.open(work / "consortium")
        report = state.report
        rows.append((f"group {len(report)} problems by kind", _timed(report.grouped), "ms", 50.0))
        rows.append((f"print {len(report)} problems grouped (to_table)", _timed(report.to_table), "ms", 200.0))
        start = StartPanel(state)
        rows.append(("start panel redrawn, problems grouped", _timed(start.refresh), "ms", 500.0))
        rows.append(("workshop_board, 3,300 cards, no filter", _timed(lambda: workshop_board(fw)), "ms", 100.0))
        workshop = WorkshopPanel(state)
        rows.append(("workshop panel redrawn, today's session", _timed(workshop.refresh), "ms", 500.0))
        workshop.session.value = "all"
        workshop.search.value = "mesurer"
        rows.append(("workshop panel redrawn, every session, a search", _timed(workshop.refresh, 3), "ms", 3000.0))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return rows

"""Printable materials and the spreadsheet round trip, timed on generated frameworks.

Run: ``python -m benchmarks.bench_materials``.
"""

from __future__ import annotations

import time

from badgeworkbench.interop.sheets import framework_to_xlsx, read_sheet
from badgeworkbench.materials import render_kit

from .generate import generated_framework


def _timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def run() -> list[tuple[str, float, str, float | None]]:
    hundred = generated_framework(competencies=200, badges=100, relations=200, alignments=100, seed=0)
    three_hundred = generated_framework(competencies=400, badges=300, relations=400, alignments=100, seed=1)
    rows: list[tuple[str, float, str, float | None]] = [
        (
            "deck of 100 badge cards with their images (PDF + HTML, 8 a page)",
            _timed(lambda: render_kit("deck", hundred)),
            "s",
            5.0,
        ),
        (
            "deck of 100 badge cards, placeholder discs",
            _timed(lambda: render_kit("deck", hundred, images=False)),
            "s",
            None,
        ),
        ("poster of 300 badges (A3, PDF + HTML)", _timed(lambda: render_kit("poster", three_hundred)), "s", 5.0),
        ("poster of 300 badges (A2)", _timed(lambda: render_kit("poster", three_hundred, size="A2")), "s", 5.0),
        ("200 competency cards", _timed(lambda: render_kit("cards", hundred)), "s", None),
        ("100 pre-filled canvases", _timed(lambda: render_kit("canvas", hundred)), "s", None),
    ]
    data = b""

    def export() -> None:
        nonlocal data
        data = framework_to_xlsx(three_hundred)

    rows.append(("xlsx export (400 competencies, 300 badges)", _timed(export), "s", None))
    rows.append(("xlsx re-import preview (same)", _timed(lambda: read_sheet(three_hundred, data)), "s", None))
    return rows


if __name__ == "__main__":
    for name, value, unit, target in run():
        verdict = "" if target is None else ("  ok" if value <= target else "  OVER TARGET")
        print(
            f"{name:<50} {value:8.2f} {unit}" + (f"  (target ≤ {target} {unit}){verdict}" if target is not None else "")
        )

"""Constellation analysis at ROME scale: ``python -m benchmarks.bench_constellation``.

Uses ``benchmarks.generate.rome_scale_framework(seed=0)`` (18,000 competencies, 2,000 badges with
"all of" / "N of M" / nested requirements, 120,000 relations + alignments), and a 300-badge
``generated_framework`` for the drawings.
"""

from __future__ import annotations

import random
import statistics
import time
import warnings
from collections.abc import Callable
from typing import Any

from badgeworkbench.constellation import (
    SearchCut,
    analyze,
    competency_centrality,
    constellation_png,
    constellation_svg,
    coverage,
    coverage_by_level,
    requirement_cycles,
    requirement_problems,
    routes,
    uncovered_competencies,
    within_reach,
)

from .generate import generated_framework, rome_scale_framework

Row = tuple[str, float, str, float | None]


def _best(fn: Callable[[], Any], repeat: int = 3) -> float:
    """Best of ``repeat`` runs, in seconds (the least disturbed by the other engineers' jobs)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def run() -> list[Row]:
    rows: list[Row] = []
    start = time.perf_counter()
    fw = rome_scale_framework(seed=0)
    rows.append(("generate ROME-scale framework (not a target)", time.perf_counter() - start, "s", None))

    rows.append(("coverage matrix (18,000 × 2,000)", _best(lambda: coverage(fw)), "s", 2.0))
    rows.append(("coverage by level", _best(lambda: coverage_by_level(fw), 1), "s", None))
    rows.append(("uncovered competencies", _best(lambda: uncovered_competencies(fw)), "s", None))

    rng = random.Random(0)
    ids = [b.id for b in fw.badges]
    learners = [rng.sample(ids, 30) for _ in range(20)]
    per_learner = []
    for holding in learners:
        start = time.perf_counter()
        within_reach(fw, holding)
        per_learner.append(time.perf_counter() - start)
    rows.append(("badges within reach, one learner (median of 20)", statistics.median(per_learner) * 1000, "ms", 50.0))

    rows.append(("requirement cycle check", _best(lambda: requirement_cycles(fw)), "s", 1.0))
    rows.append(
        ("all requirement problems (unknown, N > M, cycles)", _best(lambda: requirement_problems(fw)), "s", None)
    )
    deep = max((b for b in fw.badges if b.requires is not None), key=lambda b: int(b.id[1:]))
    with warnings.catch_warnings():  # the route search keeps the 100 smallest sets per badge and warns: expected here
        warnings.simplefilter("ignore", SearchCut)
        rows.append(
            (f"shortest routes to {deep.id}, nothing held", _best(lambda: routes(fw, [], deep.id), 1), "s", None)
        )
    rows.append(("analyze (summary of everything)", _best(lambda: analyze(fw), 1), "s", None))
    rows.append(("competency centrality, no betweenness", _best(lambda: competency_centrality(fw, betweenness=False), 1),
                 "s", None))  # fmt: skip
    rows.append(("competency centrality, betweenness from 32 pivots", _best(lambda: competency_centrality(fw), 1),
                 "s", None))  # fmt: skip

    small = generated_framework(competencies=2_000, badges=300, relations=3_000, alignments=1_000, seed=0)
    rows.append(("draw 300 badges to SVG", _best(lambda: constellation_svg(small)), "s", 3.0))
    rows.append(("draw 300 badges to PNG", _best(lambda: constellation_png(small), 2), "s", 3.0))
    return rows


def main() -> None:
    rows = run()
    width = max(len(r[0]) for r in rows)
    print(f"{'benchmark':<{width}}  {'measured':>10}  {'target':>8}  ok")
    for name, value, unit, target in rows:
        goal = f"{target:g} {unit}" if target is not None else "—"
        ok = "" if target is None else ("yes" if value <= target else "NO")
        print(f"{name:<{width}}  {value:>8.3f} {unit:<2} {goal:>8}  {ok}")


if __name__ == "__main__":
    main()

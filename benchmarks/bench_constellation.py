"""Constellation analysis at ROME scale: ``python -m benchmarks.bench_constellation``.

Uses ``benchmarks.generate.rome_scale_framework(seed=0)`` (18,000 competencies, 2,000 badges with
"all of" / "N of M" / nested requirements, 120,000 relations + alignments), and a 300-badge
``generated_framework`` for the drawings. The layout is measured as edge crossings (each
requirement a straight segment between badge centres) against Graphviz ``dot`` on the same graph,
on the example framework and a generated 300-badge one (``--layout`` runs only those rows).
"""

from __future__ import annotations

import random
import shutil
import statistics
import subprocess
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
from badgeworkbench.constellation.layout import badge_size, count_crossings, layered_layout, requirement_edges
from badgeworkbench.files import load_framework
from badgeworkbench.model import Framework

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


def dot_centres(framework: Framework) -> dict[str, tuple[float, float]] | None:
    """Badge centres as Graphviz ``dot`` lays out the same graph (left to right, same box sizes);
    None where Graphviz is not installed. The reference for the crossings of our layout."""
    if shutil.which("dot") is None:
        return None
    lines = ["digraph constellation {", "rankdir=LR;", "node [shape=box fixedsize=true];"]
    for b in framework.badges:
        width, height = badge_size(b)
        lines.append(f'"{b.id}" [width={width / 72:.3f} height={height / 72:.3f}];')
    lines += [f'"{u}" -> "{v}";' for u, v in requirement_edges(framework)]
    lines.append("}")
    plain = subprocess.run(["dot", "-Tplain"], input="\n".join(lines), capture_output=True, text=True, check=True)
    centres = {}
    for line in plain.stdout.splitlines():
        parts = line.split()
        if parts and parts[0] == "node":  # node name x y width height … (inches, y upwards)
            centres[parts[1].strip('"')] = (float(parts[2]) * 72, -float(parts[3]) * 72)
    return centres


def our_centres(framework: Framework) -> dict[str, tuple[float, float]]:
    layered = layered_layout(framework)
    return {b: (p.x + layered.sizes[b][0] / 2, p.y + layered.sizes[b][1] / 2) for b, p in layered.positions.items()}


def layout_frameworks() -> dict[str, Framework]:
    """The frameworks the layout is measured on: the example and a generated 300-badge one."""
    from pathlib import Path

    example = Path(__file__).resolve().parents[1] / "frameworks" / "parcours-cvl"
    return {
        "parcours-cvl": load_framework(example),
        "generated, 300 badges": generated_framework(competencies=3_000, badges=300, relations=3_000,
                                                     alignments=3_000),
    }  # fmt: skip


def layout_rows() -> list[Row]:
    rows: list[Row] = []
    frameworks = layout_frameworks()
    for name, fw in frameworks.items():
        edges = requirement_edges(fw)
        dot = dot_centres(fw)
        reference = None if dot is None else float(count_crossings(dot, edges))
        if reference is not None:
            rows.append((f"edge crossings, Graphviz dot, {name} (reference)", reference, "", None))
        rows.append((f"edge crossings, our layout, {name} (target: ≤ dot)",
                     float(count_crossings(our_centres(fw), edges)), "", reference))  # fmt: skip
    big = frameworks["generated, 300 badges"]
    rows.append(("lay out 300 badges", _best(lambda: layered_layout(big)), "s", 1.0))
    return rows


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
    rows += layout_rows()
    return rows


def main() -> None:
    import sys

    rows = layout_rows() if "--layout" in sys.argv else run()
    width = max(len(r[0]) for r in rows)
    print(f"{'benchmark':<{width}}  {'measured':>10}  {'target':>8}  ok")
    for name, value, unit, target in rows:
        goal = f"{target:g} {unit}" if target is not None else "—"
        ok = "" if target is None else ("yes" if value <= target else "NO")
        figure = f"{value:>8.0f}" if unit == "" else f"{value:>8.3f}"
        print(f"{name:<{width}}  {figure} {unit:<2} {goal:>8}  {ok}")


if __name__ == "__main__":
    main()

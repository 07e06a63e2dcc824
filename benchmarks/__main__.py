"""Run every benchmark and print its figures: ``python -m benchmarks [name …]``.

Each ``bench_<area>.py`` module has ``run() -> [(name, value, unit, target | None)]``. A figure over
its target is marked ✗; the exit code is 1 if any target was missed.

Each module runs in a process of its own, after the disks have been flushed: one benchmark's heap,
frozen objects or unwritten files must not slow the next one down (a ROME-scale save measured 2.3 s
right after the Open Badges export had written 12,000 files, 1.6 s on its own).
"""

from __future__ import annotations

import json
import os
import pkgutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _run_one(name: str) -> int:
    """In the child: run one module and print its rows as JSON (its last line of output)."""
    import importlib

    rows = importlib.import_module(f"benchmarks.{name}").run()
    print(json.dumps([list(row) for row in rows]))
    return 0


def main(selected: list[str]) -> int:
    names = sorted(m.name for m in pkgutil.iter_modules([str(HERE)]) if m.name.startswith("bench_"))
    if selected:
        names = [n for n in names if n.removeprefix("bench_") in selected or n in selected]
    missed = 0
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(HERE.parent), os.environ.get("PYTHONPATH")])))
    print(f"{'benchmark':<58} {'measured':>12}  {'target':>10}")
    for name in names:
        started = time.perf_counter()
        if hasattr(os, "sync"):
            os.sync()
        child = subprocess.run([sys.executable, "-m", "benchmarks", "--one", name], capture_output=True,
                               text=True, env=env)
        lines = child.stdout.strip().splitlines()
        try:
            rows = json.loads(lines[-1]) if child.returncode == 0 and lines else None
        except ValueError:
            rows = None
        if rows is None:
            reason = (child.stderr.strip().splitlines() or ["no output"])[-1]
            print(f"{name}: failed: {reason}")
            missed += 1
            continue
        for label, value, unit, target in rows:
            ok = target is None or value <= target
            missed += not ok
            shown_target = "" if target is None else f"≤ {target:g} {unit}"
            print(f"{label:<58} {value:>9.3f} {unit:<3} {shown_target:>10} {'' if target is None else ('✓' if ok else '✗')}")
        print(f"  ({name} ran in {time.perf_counter() - started:.1f} s)")
    return 1 if missed else 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        sys.exit(_run_one(sys.argv[2]))
    sys.exit(main(sys.argv[1:]))

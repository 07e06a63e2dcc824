"""Run every benchmark and print its figures: ``python -m benchmarks [name …]``.

Each ``bench_<area>.py`` module has ``run() -> [(name, value, unit, target | None)]``. A figure over
its target is marked ✗; the exit code is 1 if any target was missed.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
from pathlib import Path


def main(selected: list[str]) -> int:
    here = Path(__file__).resolve().parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))
    if selected:
        names = [n for n in names if n.removeprefix("bench_") in selected or n in selected]
    missed = 0
    print(f"{'benchmark':<58} {'measured':>12}  {'target':>10}")
    for name in names:
        started = time.perf_counter()
        module = importlib.import_module(f"benchmarks.{name}")
        try:
            rows = module.run()
        except Exception as error:
            print(f"{name}: failed: {type(error).__name__}: {error}")
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
    sys.exit(main(sys.argv[1:]))

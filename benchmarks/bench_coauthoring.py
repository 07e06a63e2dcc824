"""Benchmarks for co-authoring: diff and three-way merge of ROME-scale frameworks, and a merged save.

Run with ``python -m benchmarks.bench_coauthoring``.
"""

from __future__ import annotations

import random
import tempfile
import time

from badgeworkbench.coauthoring.merge import merge
from badgeworkbench.coauthoring.sync import save_with_merge
from badgeworkbench.diff import compare
from badgeworkbench.files import read_framework, save_framework
from badgeworkbench.model import Competency, Framework

from .generate import generated_framework, rome_scale_framework

__all__ = ["edited_copies", "run"]


def edited_copies(
    base: Framework, seed: int = 0, edits: int = 1_000, conflicts: int = 20
) -> tuple[Framework, Framework]:
    """Two copies of ``base`` edited separately, as two territories would offline.

    Ours renames ``edits`` competencies and re-describes a tenth as many badges; theirs changes
    the descriptions of ``edits`` other competencies, adds 200 competencies, removes 500
    relations, and changes ``conflicts`` of the titles ours renamed (same field → conflicts).
    """
    rng = random.Random(seed)
    ids = [c.id for c in base.competencies]
    picked = rng.sample(range(len(ids)), 2 * edits)
    ours_idx, theirs_idx = set(picked[:edits]), set(picked[edits:])
    clash = set(list(ours_idx)[:conflicts])
    ours_comps, theirs_comps = [], []
    for i, c in enumerate(base.competencies):
        ours_comps.append(c.model_copy(update={"title": {**c.title, "fr": c.title.get("fr", "") + " (Tours)"}})
                          if i in ours_idx else c)  # fmt: skip
        if i in theirs_idx:
            c = c.model_copy(update={"description": {"fr": f"Décrit à Bourges ({i})."}})
        if i in clash:
            c = c.model_copy(update={"title": {**c.title, "fr": c.title.get("fr", "") + " (Bourges)"}})
        theirs_comps.append(c)
    theirs_comps += [Competency(id=f"bourges-{n}", title={"fr": f"Nouvelle compétence {n}"}) for n in range(200)]
    badges = [b.model_copy(update={"description": {"fr": "Revu à Tours."}}) if n % 10 == 0 else b
              for n, b in enumerate(base.badges[: edits // 10])] + base.badges[edits // 10:]  # fmt: skip
    ours = base.replace(competencies=ours_comps, badges=badges)
    theirs = base.replace(competencies=theirs_comps, relations=base.relations[500:])
    return ours, theirs


def _timed(fn):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def run() -> list[tuple[str, float, str, float | None]]:
    rows: list[tuple[str, float, str, float | None]] = []
    base, seconds = _timed(rome_scale_framework)
    ours, theirs = edited_copies(base)
    difference, seconds = _timed(lambda: compare(base, ours))
    assert len(difference.changed) >= 1_000
    rows.append(("diff of two ROME-scale versions (18k competencies, 60k relations)", seconds, "s", 5.0))
    result, seconds = _timed(lambda: merge(base, ours, theirs))
    assert len(result.conflicts) == 20, len(result.conflicts)
    rows.append(("three-way merge of two ROME-scale edited copies", seconds, "s", 5.0))
    rows.append(("conflicts found in that merge (20 planted)", float(len(result.conflicts)), "conflicts", 20.0))
    _, seconds = _timed(lambda: difference.to_frame())
    rows.append(("diff as a DataFrame (ROME scale)", seconds, "s", 2.0))

    # A save refused by another partner's save, merged and retried, on a workshop-sized framework.
    small = generated_framework(competencies=400, badges=60, seed=1)
    with tempfile.TemporaryDirectory() as folder:
        save_framework(small, folder)
        opened_a, opened_b = read_framework(folder), read_framework(folder)
        mine = opened_a.framework.replace(badges=[b.model_copy(update={"votes": 3}) if b.id == small.badges[0].id
                                                  else b for b in small.badges])  # fmt: skip
        others = opened_b.framework.replace(badges=[b.model_copy(update={"votes": 5}) if b.id == small.badges[1].id
                                                    else b for b in small.badges])  # fmt: skip
        save_framework(others, folder, snapshot=opened_b.snapshot)
        outcome, seconds = _timed(lambda: save_with_merge(folder, mine, opened_a.snapshot, opened_a.framework))
        assert outcome.saved and outcome.merged_with_others
        rows.append(("refused save re-read, merged and saved (400 competencies, 60 badges)", seconds, "s", 1.0))
    return rows


def main() -> None:
    rows = run()
    width = max(len(r[0]) for r in rows)
    print(f"{'benchmark':<{width}}  {'value':>10}  unit       target")
    for name, value, unit, target in rows:
        print(f"{name:<{width}}  {value:>10.3f}  {unit:<9}  {'' if target is None else target}")


if __name__ == "__main__":
    main()

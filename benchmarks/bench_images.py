"""Badge images at the scale of a large constellation.

Targets: one 512 px badge ≤ 20 ms (median), 1,000 badges ≤ 20 s, a cached preview ≤ 1 ms (median).
Badges come from ``generated_framework`` (1,000 badges, distinct French titles, every category,
levels, issuers, pathways), so text layout is not served from a cache; the shape bodies are, as
they would be in any real constellation (a few shapes × palettes × borders). Times are CPU time of
this process (other work on the shared machine does not count), wall-clock beside.
"""

from __future__ import annotations

import statistics
import time

from badgeworkbench.images import clear_preview_cache, preview, render_png
from badgeworkbench.images import render as _render
from badgeworkbench.images import text as _text

from .generate import generated_framework


def _cpu_ms(fn) -> float:
    started = time.process_time()
    fn()
    return (time.process_time() - started) * 1000


def run() -> list[tuple[str, float, str, float | None]]:
    fw = generated_framework(competencies=400, badges=1000, pathways=12, seed=0)
    badges = fw.badges
    _render._BODY_CACHE.clear()
    _text.fit_text.cache_clear()

    # One 512 px badge: median over 150 distinct badges (after 20 to warm up fonts and bodies).
    for badge in badges[:20]:
        render_png(fw, badge, 512)
    single = [_cpu_ms(lambda b=badge: render_png(fw, b, 512)) for badge in badges[20:170]]
    single_1024 = [_cpu_ms(lambda b=badge: render_png(fw, b, 1024)) for badge in badges[170:200]]

    # 1,000 badges, from cold caches.
    _render._BODY_CACHE.clear()
    _text.fit_text.cache_clear()
    started_cpu, started_wall = time.process_time(), time.perf_counter()
    for badge in badges:
        render_png(fw, badge, 512)
    thousand_cpu, thousand_wall = time.process_time() - started_cpu, time.perf_counter() - started_wall

    # Cached preview: the widget asks again for an unchanged badge.
    clear_preview_cache()
    preview(fw, badges[0])
    cached = []
    for _ in range(500):
        started = time.perf_counter()
        preview(fw, badges[0])
        cached.append((time.perf_counter() - started) * 1000)

    return [
        ("images: one 512 px badge (median CPU)", statistics.median(single), "ms", 20.0),
        ("images: one 1024 px badge (median CPU)", statistics.median(single_1024), "ms", None),
        ("images: 1,000 badges at 512 px (CPU)", thousand_cpu, "s", 20.0),
        ("images: 1,000 badges at 512 px (wall)", thousand_wall, "s", None),
        ("images: cached preview (median wall)", statistics.median(cached), "ms", 1.0),
    ]


if __name__ == "__main__":
    for name, value, unit, target in run():
        shown = "" if target is None else f"≤ {target:g} {unit} {'✓' if value <= target else '✗'}"
        print(f"{name:<45} {value:>9.3f} {unit:<3} {shown}")

"""Open Badges benchmarks: exporting 1,000 badges, and baking throughput beside openbadges-bakery.

Run: ``python -m benchmarks.bench_openbadges``.
"""

from __future__ import annotations

import io
import json
import os
import resource
import tempfile
import time
from pathlib import Path

from badgeworkbench.openbadges import bake, export_framework, unbake, write_export
from badgeworkbench.openbadges.common import ExportUrls
from benchmarks.generate import generated_framework

__all__ = ["run"]

BASE = "https://badges.example.org/bench"


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the drawing workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _export_1000(framework) -> tuple[float, float, int]:
    """Seconds (wall clock, CPU incl. worker processes) to export 1,000 badges (OB 2.0 + 3.0 + site + a baked
    PNG per badge) and write the folder."""
    start, cpu = time.perf_counter(), _cpu_seconds()
    result = export_framework(framework, BASE, only="ob2,ob3,site")
    urls = ExportUrls(BASE)
    files = dict(result.files)
    for badge in framework.badges:  # each badge image baked with its OB 3.0 credential template
        template = json.loads(files[urls.path(urls.ob3_template(badge.id))])
        files[f"baked/{badge.id}-ob3-baked.png"] = bake(files[f"images/{badge.id}.png"], template)
    with tempfile.TemporaryDirectory() as folder:
        write_export(type(result)(files, result.base_url, result.parts), Path(folder) / "export")
        return time.perf_counter() - start, _cpu_seconds() - cpu, len(files)


def _sample_png() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (400, 400), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    for i in range(0, 400, 8):
        draw.ellipse((i // 2, i // 2, 400 - i // 2, 400 - i // 2), outline=(i % 255, 80, 200 - i % 200, 255), width=3)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _baking_rates(rounds: int = 200) -> tuple[float, float | None]:
    """Bakes per second: ours, and openbadges-bakery's (``None`` when it is not installed)."""
    png = _sample_png()
    assertion = json.dumps({"@context": "https://w3id.org/openbadges/v2", "type": "Assertion",
                            "id": f"{BASE}/ob2/assertions/1.json", "badge": f"{BASE}/ob2/badges/b1.json",
                            "recipient": {"type": "email", "hashed": True, "identity": "sha256$" + "a" * 64},
                            "issuedOn": "2026-01-01T00:00:00Z", "verification": {"type": "HostedBadge"}})  # fmt: skip
    start = time.perf_counter()
    for _ in range(rounds):
        baked = bake(png, assertion)
    ours = rounds / (time.perf_counter() - start)
    assert json.loads(unbake(baked).text) == json.loads(assertion)
    try:
        import openbadges_bakery
    except ImportError:
        return ours, None
    start = time.perf_counter()
    for _ in range(rounds):
        out = io.BytesIO()
        openbadges_bakery.bake(io.BytesIO(png), assertion, out)
    theirs = rounds / (time.perf_counter() - start)
    assert json.loads(openbadges_bakery.unbake(io.BytesIO(out.getvalue()))) == json.loads(assertion)
    return ours, theirs


def run() -> list[tuple[str, float, str, float | None]]:
    framework = generated_framework(competencies=2000, badges=1000, relations=2000, alignments=2000, partners=12)
    load = os.getloadavg()[0]
    seconds, cpu, count = _export_1000(framework)
    ours, theirs = _baking_rates()
    rows: list[tuple[str, float, str, float | None]] = [
        (f"export 1,000 badges: OB 2.0 + 3.0 + site + baked PNG each ({count} files)", seconds, "s", 10.0),
        ("  the same: CPU time, worker processes included", cpu, "s", None),
        (f"  load average when it started (on {os.cpu_count()} cores)", load, "", None),
        ("bake PNG (400×400), badgeworkbench", ours, "bakes/s", None),
    ]
    if theirs is not None:
        rows.append(("bake PNG (400×400), openbadges-bakery 2.0", theirs, "bakes/s", None))
        # ≤ 1 means ours takes no longer than openbadges-bakery per bake (the runner checks value ≤ target)
        rows.append(("baking time: badgeworkbench ÷ openbadges-bakery", theirs / ours, "×", 1.0))
    return rows


if __name__ == "__main__":
    for name, value, unit, target in run():
        print(f"{name:<72} {value:>10.2f} {unit:<8} {'' if target is None else f'target {target:g}'}")

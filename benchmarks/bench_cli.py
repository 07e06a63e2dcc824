"""The command line where a person waits: whole-process wall time, a new process each run.

``python -m badgeworkbench`` is started afresh for every run (cold: nothing imported yet, as when
someone types the command), ``RUNS`` times per command; the best run is compared with the target
(the least disturbed run on this shared machine, as ``timeit`` advises) and the median is shown
beside it. So that figures from a busy machine can be read, each is also given as a ratio to a
baseline measured in the same run: a bare ``python -c "import yaml, pydantic, click"``, the least a
Python command of this kind costs.

Targets (issue 13): ``--version`` and ``--help`` ≤ 0.3 s; ``validate`` and ``info`` of the example
≤ 0.6 s; ``align`` on a ROME-scale reference set (30,035 items) ≤ 1 s once its index is cached (the
first call, which builds and writes the index, is shown without a target). Issue 15: what an employer
waits for, ``verify`` of a baked badge against a local export folder (proof, keys, status list, schema),
≤ 2 s (our target: the issue names none); ``check-export`` of the signed example with its awards ≤ 10 s.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from badgeworkbench.files import save_framework
from badgeworkbench.interop.references import add_reference
from badgeworkbench.model import Framework

from .bench_interop import esco_like_csv

RUNS = 7
ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "frameworks" / "parcours-cvl"
BASELINE = [sys.executable, "-c", "import yaml, pydantic, click"]

__all__ = ["run"]


def _env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))


def _cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _once(command: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one new process running ``command``."""
    cpu, started = _cpu_of_children(), time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_env(), cwd=ROOT)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command[1:])} failed: {done.stderr.decode(errors='replace')[-500:]}")
    return seconds, _cpu_of_children() - cpu


def _runs(command: list[str]) -> tuple[float, float, float]:
    """Best and median wall seconds, and least CPU seconds, of ``RUNS`` new processes.

    One untimed run comes first, so that no timed run compiles the bytecode.
    """
    _once(command)
    timings = [_once(command) for _ in range(RUNS)]
    walls = [wall for wall, _ in timings]
    return min(walls), statistics.median(walls), min(cpu for _, cpu in timings)


def _reference_framework(folder: Path) -> Path:
    """A framework with ROME-scale reference sets beside it: 30,000 ESCO-like skills and CléA."""
    skills = folder / "skills_fr.csv"
    skills.write_bytes(esco_like_csv(30_000))
    save_framework(Framework(id="bench", title={"fr": "Banc d'essai"}), folder / "bench")
    add_reference(folder / "bench", skills, "esco")
    add_reference(folder / "bench", "-", "clea")
    return folder / "bench"


def _awarded_example(folder: Path) -> tuple[Path, dict[str, Path]]:
    """The example exported to ``folder/export`` (signed with Data Integrity), and one award per proof kind merged
    into it: the export folder and each award's baked OB 3.0 PNG, as an employer would receive it."""
    from badgeworkbench.files import load_framework
    from badgeworkbench.openbadges import award_badges, export_framework, write_export
    from badgeworkbench.openbadges.issuing import SigningPlan
    from badgeworkbench.openbadges.signing import generate_key, load_signing_key

    framework = load_framework(EXAMPLE)
    key = load_signing_key(generate_key(folder / "issuer.pem"))
    export = folder / "export"
    base = "https://badges.example.org/cvl"
    write_export(export_framework(framework, base, images_dir=EXAMPLE, signing=SigningPlan(key)), export)
    earners = folder / "earners.csv"
    earners.write_text("identifier,badge,date\nlea@example.org,accueil-public,2026-04-01\n", "utf-8")
    baked: dict[str, Path] = {}
    for proof in ("di", "jwt"):
        result = award_badges(framework, earners, base, signing_key=key, proof=proof, images_dir=EXAMPLE,
                              status_folder=export)  # fmt: skip
        write_export(result, export, merge=True)
        baked[proof] = export / next(f for f in result.awards[0].files if f.endswith("-ob3-baked.png"))
    return export, baked


def run() -> list[tuple[str, float, str, float | None]]:
    cli = [sys.executable, "-m", "badgeworkbench"]
    base_best, base_median, base_cpu = _runs(BASELINE)
    rows: list[tuple[str, float, str, float | None]] = [
        (f"baseline: python -c 'import yaml, pydantic, click', wall, best of {RUNS}", base_best, "s", None),
        ("  baseline, wall, median", base_median, "s", None),
        ("  baseline, CPU (user + system), least", base_cpu, "s", None),
    ]

    def measure(label: str, args: list[str], target: float) -> None:
        best, median, cpu = _runs(cli + args)
        rows.extend([(f"{label}, wall, best of {RUNS}", best, "s", target), ("  wall, median", median, "s", None),
                     ("  CPU (user + system), least", cpu, "s", None),
                     ("  wall, best ÷ baseline's best", best / base_best, "×", None)])  # fmt: skip

    measure("badgeworkbench --version", ["--version"], 0.3)
    measure("badgeworkbench --help", ["--help"], 0.3)
    measure("badgeworkbench validate (example)", ["validate", str(EXAMPLE)], 0.6)
    measure("badgeworkbench info (example)", ["info", str(EXAMPLE)], 0.6)
    with tempfile.TemporaryDirectory() as temp:
        export, baked = _awarded_example(Path(temp))
        for label, proof in (("Data Integrity", "di"), ("VC-JWT", "jwt")):
            measure(f"badgeworkbench verify (baked PNG, {label}, offline)",
                    ["verify", str(baked[proof]), "--export", str(export), "--offline"], 2.0)  # fmt: skip
        measure("badgeworkbench check-export (example, signed, 1 award)", ["check-export", str(export)], 10.0)
    with tempfile.TemporaryDirectory() as temp:
        folder = _reference_framework(Path(temp))
        query = [*cli, "align", str(folder), "gérer les stocks"]
        rows.append(("align, 30,035 items, first call (builds the index), wall", _once(query)[0], "s", None))
        measure("align, 30,035 items, index cached", query[len(cli):], 1.0)
    return rows


if __name__ == "__main__":
    for label, value, unit, target in run():
        print(f"{label:<58} {value:>9.3f} {unit:<3} {'' if target is None else f'≤ {target:g} {unit}'}")

"""The wheel is whole: built, installed in a fresh virtual environment outside the checkout, and used from an
empty folder — new, validate, export, check-export against the packaged official schemas, and lab."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from .conftest import ROOT
from .lab_process import LabProcess, port_is_free, running

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("wheel")]

#: What a build reads from the checkout (everything else a clone holds is for developing it).
_SOURCES = ("pyproject.toml", "README.md", "badgeworkbench", "notebooks", "frameworks")
_NOT_SOURCES = shutil.ignore_patterns("__pycache__", "*.egg-info", ".badgeworkbench.lock", ".save-journal.json",
                                      "*.tmp-*", ".ipynb_checkpoints")  # fmt: skip


class Installed:
    def __init__(self, venv: Path):
        self.venv, self.bin = venv, venv / ("Scripts" if os.name == "nt" else "bin")
        self.env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
        self.env["PATH"] = os.pathsep.join([str(self.bin), self.env.get("PATH", "")])

    def run(self, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(self.bin / "badgeworkbench"), *args], cwd=cwd, env=self.env, capture_output=True,
                              text=True, timeout=600)  # fmt: skip

    def python(self, cwd: Path, code: str) -> str:
        out = subprocess.run([str(self.bin / "python"), "-c", code], cwd=cwd, env=self.env, capture_output=True,
                             text=True, timeout=120)  # fmt: skip
        assert out.returncode == 0, out.stderr[-3000:]
        return out.stdout.strip()


def _copy_sources(target: Path) -> Path:
    """What a fresh clone holds for building, the symbolic links of ``badgeworkbench/bundled`` kept as links."""
    target.mkdir()
    for name in _SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, target / name, symlinks=True, ignore=_NOT_SOURCES)
        else:
            shutil.copy2(ROOT / name, target / name)
    return target


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    base = tmp_path_factory.mktemp("wheel")
    source = _copy_sources(base / "source")
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(base / "dist"),
                            str(source)], capture_output=True, text=True, timeout=900)  # fmt: skip
    assert build.returncode == 0, build.stdout + build.stderr
    (wheel,) = (base / "dist").glob("badgeworkbench-*.whl")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    env = Installed(venv)
    install = subprocess.run([str(env.bin / "python"), "-m", "pip", "install", "--quiet", str(wheel)], env=env.env,
                             cwd=base, capture_output=True, text=True, timeout=3000)  # fmt: skip
    assert install.returncode == 0, install.stdout[-3000:] + install.stderr[-3000:]
    return env


def test_the_installed_package_is_the_wheel_not_the_checkout(installed, tmp_path):
    location = Path(installed.python(tmp_path, "import badgeworkbench; print(badgeworkbench.__file__)"))
    assert installed.venv in location.parents and ROOT not in location.parents
    bundled = location.parent / "bundled"
    for notebook in (ROOT / "notebooks").glob("*.ipynb"):
        assert (bundled / "notebooks" / notebook.name).read_bytes() == notebook.read_bytes()
    for data in (ROOT / "badgeworkbench" / "specdata").rglob("*.json*"):
        assert (location.parent / data.relative_to(ROOT / "badgeworkbench")).read_bytes() == data.read_bytes()
    assert not (bundled / "parcours-cvl").is_symlink() and (bundled / "parcours-cvl" / "framework.yaml").is_file()


def test_new_validate_export_and_check_export_work_from_an_empty_folder(installed, tmp_path):
    assert installed.run(tmp_path, "new", "mon-cadre", "--title", "Mon cadre").returncode == 0
    validated = installed.run(tmp_path, "validate", "mon-cadre", "--json")
    assert validated.returncode == 0 and json.loads(validated.stdout)["problems"] == []
    exported = installed.run(tmp_path, "export", "mon-cadre", "--base-url", "https://badges.example.org/mon-cadre",
                             "--out", "public")  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    checked = installed.run(tmp_path, "check-export", "public", "--json")
    assert checked.returncode == 0 and json.loads(checked.stdout)["problems"] == [], checked.stdout
    assert (tmp_path / "public" / "case" / "mon-cadre.json").is_file()  # checked against the packaged CASE schema


def test_lab_sets_up_an_empty_folder_serves_it_and_stops_with_its_kernels(installed, tmp_path):
    workspace = tmp_path / "atelier"
    workspace.mkdir()
    lab = LabProcess([str(installed.bin / "badgeworkbench"), "lab"], workspace, env=installed.env)
    try:
        assert lab.wait_until_served() == 200
        listed = {item["name"] for item in json.loads(lab.get("/api/contents/notebooks")[1])["content"]}
        assert "00-start-here.ipynb" in listed
        frameworks = json.loads(lab.get("/api/contents/frameworks")[1])["content"]
        assert [item["name"] for item in frameworks] == ["parcours-cvl"]
        lab.post("/api/kernels", {"name": "python3"})
        tree = lab.tree()
        lab.process.send_signal(signal.SIGTERM)
        assert lab.process.wait(90) == 0, lab.output()[-3000:]
        assert [p.cmdline() for p in tree if running(p)] == [] and port_is_free(lab.port)
    finally:
        lab.stop()
    assert "Created frameworks/parcours-cvl" in lab.output()
    # the example the workspace got exports, and checks clean against the packaged OB 3.0 schemas
    example = workspace / "frameworks" / "parcours-cvl"
    assert installed.run(tmp_path, "export", str(example), "--base-url", "https://badges.example.org/cvl",
                         "--out", "public").returncode == 0  # fmt: skip
    assert any((tmp_path / "public" / "ob3" / "achievements").glob("*.json"))
    checked = installed.run(tmp_path, "check-export", "public", "--json")
    problems = json.loads(checked.stdout)["problems"]  # made without a key: its endorsements are said unsigned
    assert checked.returncode == 0 and {p["code"] for p in problems} <= {"unsigned"}, checked.stdout[-3000:]
    # and the schemas really are applied: an achievement without its name is caught by them
    achievement = next((tmp_path / "public" / "ob3" / "achievements").glob("*.json"))
    data = json.loads(achievement.read_text("utf-8"))
    del data["name"]
    achievement.write_text(json.dumps(data), "utf-8")
    codes = {
        p["code"] for p in json.loads(installed.run(tmp_path, "check-export", "public", "--json").stdout)["problems"]
    }
    assert "schema-invalid" in codes


def test_an_editable_install_finds_the_notebooks_the_example_and_the_spec_data(tmp_path):
    source = _copy_sources(tmp_path / "clone")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    env = Installed(venv)
    install = subprocess.run([str(env.bin / "python"), "-m", "pip", "install", "--quiet", "--no-deps", "-e",
                              str(source)], env=env.env, cwd=tmp_path, capture_output=True, text=True, timeout=900)  # fmt: skip
    assert install.returncode == 0, install.stdout[-3000:] + install.stderr[-3000:]
    # the dependencies come from this interpreter's site-packages, without its own badgeworkbench (and the
    # editable finder of that one, which has the same module name as the new install's)
    deps = tmp_path / "dependencies"
    deps.mkdir()
    for entry in Path(sysconfig.get_paths()["purelib"]).iterdir():
        if not entry.name.lower().startswith(("badgeworkbench", "__editable__")) and entry.suffix != ".pth":
            (deps / entry.name).symlink_to(entry)
    env.env["PYTHONPATH"] = str(deps)
    work = tmp_path / "elsewhere"
    work.mkdir()
    code = ("import badgeworkbench, json; from badgeworkbench.lab import prepare_workspace; "
            "from badgeworkbench.openbadges.checking import load_schemas; "
            "space = prepare_workspace('.'); "
            "print(json.dumps([badgeworkbench.__file__, str(space.framework), len(space.created), "
            "sorted(load_schemas().validators)]))")  # fmt: skip
    location, framework, created, validators = json.loads(env.python(work, code))
    assert Path(location).parent == source / "badgeworkbench"
    assert framework == str(work / "frameworks" / "parcours-cvl") and created == len(list((source / "notebooks").glob("*.ipynb"))) + 1  # the notebooks and the example
    assert "ob3-credential" in validators and "case" in validators

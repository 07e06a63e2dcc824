"""Fixtures shared by the whole suite: the example framework, fixture frameworks, the official spec data."""

from __future__ import annotations

import os
import shutil
import socket
from importlib.resources import files
from pathlib import Path

import pytest

#: Fixture builders are imported by tests, not collected as tests or doctests themselves.
collect_ignore_glob = ["fixtures/*", "independent/*"]

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "frameworks" / "parcours-cvl"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
FRAMEWORK_FIXTURES = FIXTURES / "frameworks"
#: The official schemas and contexts the package ships (badgeworkbench/specdata): every test checks against these.
SPECDATA = Path(str(files("badgeworkbench.specdata")))


def reference_shared() -> Path | None:
    """A ``shared`` folder of the official spec data beside the checkout (or a folder above it, for a git
    worktree), or ``$BADGEWORKBENCH_SHARED``: only to cross-check the packaged copies, when it is there."""
    env = os.environ.get("BADGEWORKBENCH_SHARED")
    candidates = [Path(env)] if env else [parent / "shared" for parent in ROOT.parents]
    return next((c for c in candidates if (c / "openbadges" / "ob_v3p0" / "schema").is_dir()), None)


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    """A private copy of the bundled example framework: tests never edit frameworks/ itself."""
    target = tmp_path / "parcours-cvl"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns(".badgeworkbench.lock"))
    return target


def copy_fixture(name: str, tmp_path: Path) -> Path:
    """A private copy of ``tests/fixtures/frameworks/<name>``."""
    target = tmp_path / name
    shutil.copytree(FRAMEWORK_FIXTURES / name, target, ignore=shutil.ignore_patterns(".badgeworkbench.lock"))
    return target


@pytest.fixture(scope="module")
def kitchen():
    """A small constellation whose analysis answers are worked out by hand (``fixtures/constellation/kitchen``)."""
    from badgeworkbench.files import load_framework

    return load_framework(FIXTURES / "constellation" / "kitchen")


@pytest.fixture(scope="module")
def broken():
    """A constellation with an unknown badge, an impossible N of M and a cycle (``fixtures/constellation/bad-requirements``)."""
    from badgeworkbench.files import load_framework

    return load_framework(FIXTURES / "constellation" / "bad-requirements")


def official_schemas() -> Path:
    """The folder holding the official Open Badges and CASE schemas: the copies shipped in the package."""
    return SPECDATA


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now (for servers the tests start)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def shared_dir() -> Path:
    """The official Open Badges / CASE spec data (``openbadges/``, ``case/``), as the package ships it."""
    return SPECDATA

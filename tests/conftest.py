"""Fixtures shared by the whole suite: the example framework, fixture frameworks, the shared standards."""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import pytest

#: Fixture builders are imported by tests, not collected as tests or doctests themselves.
collect_ignore_glob = ["fixtures/*"]

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "frameworks" / "parcours-cvl"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
FRAMEWORK_FIXTURES = FIXTURES / "frameworks"
#: The official schemas and contexts, beside the project (CI has them; a bare clone may not).
SHARED = ROOT.parent / "shared"


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
    """The folder holding the official Open Badges schemas: ``$BADGEWORKBENCH_SHARED`` or ``../shared``;
    the calling test skips, saying why, where neither has them."""
    env = os.environ.get("BADGEWORKBENCH_SHARED")
    for candidate in [*([Path(env)] if env else []), SHARED]:
        if (candidate / "openbadges" / "ob_v3p0" / "schema").is_dir():
            return candidate
    pytest.skip(f"{SHARED} not found: official schemas unavailable, so export validity was not checked")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now (for servers the tests start)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def shared_dir() -> Path:
    """``../shared``; tests that need the official schemas skip, saying why, where it is missing."""
    if not (SHARED / "openbadges").is_dir():
        pytest.skip(f"{SHARED} not found: the official Open Badges / CASE schemas are unavailable, "
                    "so validity against them was not checked")
    return SHARED

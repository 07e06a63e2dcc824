"""Every notebook runs headless from top to bottom on a temporary copy of the example framework."""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tests.widget_fixtures import framework_folder

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
EXPECTED = ["00-start-here", "01-workshop", "02-framework", "03-badges", "04-constellation", "05-analysis",
            "06-export", "07-materials", "08-verify"]  # fmt: skip


def test_the_nine_notebooks_are_there_thin_and_stripped():
    assert [p.stem for p in NOTEBOOKS] == EXPECTED
    for path in NOTEBOOKS:
        nb = json.loads(path.read_text("utf-8"))
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        markdown = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
        assert all(not c["outputs"] and c["execution_count"] is None for c in code), (
            f"{path.name}: outputs not stripped"
        )
        assert all(len("".join(c["source"]).splitlines()) <= 5 for c in code), f"{path.name}: a cell is not thin"
        assert "open_workbench" in "".join("".join(c["source"]) for c in code)
        assert any(ch in markdown for ch in "éèàç") and "*" in markdown  # French first, an English line


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_headless(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    folder = framework_folder(tmp_path)
    before = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*.yaml")}
    monkeypatch.setenv("BADGEWORKBENCH_FRAMEWORK", str(folder))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(ROOT / "notebooks")}}
    ).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    widgets = [o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert widgets, f"{path.name} displayed no panel"
    # opening a notebook changes nothing on disk
    assert {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*.yaml")} == before

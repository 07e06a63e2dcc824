"""``badgeworkbench import-badges`` on several files: one line per file, the same lines with ``--json``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from badgeworkbench.cli import main
from badgeworkbench.files import load_framework

from .test_openbadges_import_rules import OB2_BADGE, OB2_ISSUER, OB3_CREDENTIAL, changed

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "openbadges" / "cvl-mini"


def write(folder: Path, name: str, value) -> Path:
    path = folder / name
    path.write_text(json.dumps(value), encoding="utf-8")
    return path


def batch(tmp_path: Path) -> list[Path]:
    return [
        write(tmp_path, "soudure.json", OB2_BADGE),
        write(tmp_path, "soudure-copie.json", changed(OB2_BADGE, "@language", "en")),
        write(tmp_path, "issuer.json", {"@context": "https://w3id.org/openbadges/v2", **OB2_ISSUER}),
        write(tmp_path, "sans-contexte.json", changed(OB2_BADGE, "@context")),
        write(tmp_path, "lassen.json", OB3_CREDENTIAL),
    ]


def test_every_file_gets_one_line_and_the_good_ones_are_saved(tmp_path):
    framework = tmp_path / "fw"
    shutil.copytree(FIXTURE, framework)
    files = batch(tmp_path)
    result = CliRunner().invoke(main, ["import-badges", str(framework), *map(str, files), "--lang", "en"])
    assert result.exit_code == 1, result.output  # one file is refused
    lines = result.output.strip().splitlines()
    assert [line.split(":")[0] for line in lines] == [f.name for f in files]
    assert "imported as badge 'souder-proprement'" in lines[0]
    assert "merged into badge 'souder-proprement'" in lines[1]
    assert "issuer profile 'FabLab de Blois', used for souder-proprement" in lines[2]  # named, not skipped
    assert "refused: @context: @context is missing" in lines[3]
    assert "imported as badge 'lassen'" in lines[4] and "language nl" in lines[4]
    saved = load_framework(framework)
    assert saved.badge("souder-proprement") is not None and saved.badge("lassen").achievement_type == "Degree"


def test_json_gives_the_same_lines(tmp_path):
    framework = tmp_path / "fw"
    shutil.copytree(FIXTURE, framework)
    files = batch(tmp_path)
    text = CliRunner().invoke(main, ["import-badges", str(framework), *map(str, files), "--lang", "fr"])
    shutil.rmtree(framework)
    shutil.copytree(FIXTURE, framework)
    result = CliRunner().invoke(main, ["import-badges", str(framework), *map(str, files), "--json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["ok"] is False
    assert [(f["file"], f["outcome"], f["badge"]) for f in data["files"]] == [
        ("soudure.json", "badge-imported", "souder-proprement"),
        ("soudure-copie.json", "badge-merged", "souder-proprement"),
        ("issuer.json", "issuer-used", None),
        ("sans-contexte.json", "refused-by-spec", None),
        ("lassen.json", "badge-imported", "lassen"),
    ]
    assert [f"{f['file']}: {f['message']['fr']}" for f in data["files"]] == text.output.strip().splitlines()
    assert data["files"][3]["field"] == "@context"

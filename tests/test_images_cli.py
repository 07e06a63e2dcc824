"""The ``badgeworkbench render`` command."""

import io
from pathlib import Path

from click.testing import CliRunner
from PIL import Image

from badgeworkbench.cli import main
from badgeworkbench.files import save_framework
from badgeworkbench.images import check_images
from badgeworkbench.model import ImageDesign
from tests.fixtures.images.frameworks import family_framework


def _saved(tmp_path: Path, **images) -> Path:
    folder = tmp_path / "famille"
    save_framework(family_framework(**images), folder)
    return folder


def test_render_writes_one_png_per_badge_named_by_id(tmp_path):
    folder = _saved(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["render", str(folder), "--out", str(out)])
    assert result.exit_code == 0, result.output
    ids = [b.id for b in family_framework().badges]
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{i}.png" for i in ids)
    assert Image.open(out / "citoyen.png").size == (512, 512)


def test_render_1024_with_svg_and_sheet(tmp_path):
    folder = _saved(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["render", str(folder), "--out", str(out), "--size", "1024", "--svg", "--sheet"])
    assert result.exit_code == 0, result.output
    assert Image.open(out / "cuisine-1.png").size == (1024, 1024)
    assert (out / "cuisine-1.svg").read_text(encoding="utf-8").startswith("<svg")
    assert Image.open(io.BytesIO((out / "contact-sheet.png").read_bytes())).format == "PNG"
    assert "13 file(s) written" in result.output


def test_render_prints_problems_and_exits_1_on_errors_but_writes_every_image(tmp_path):
    folder = _saved(tmp_path, citoyen=ImageDesign(shape="étoile", background="pas une couleur"))
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["render", str(folder), "--out", str(out), "--lang", "en"])
    assert result.exit_code == 1
    assert "image-unknown-shape" in result.output and "image-bad-colour" in result.output
    assert "badge:citoyen" in result.output
    assert (out / "citoyen.png").is_file() and len(list(out.iterdir())) == 6
    report = check_images(family_framework(citoyen=ImageDesign(shape="étoile", background="pas une couleur")))
    assert report.codes() == ["image-unknown-shape", "image-bad-colour"]


def test_render_warnings_do_not_fail(tmp_path):
    folder = _saved(tmp_path, **{"cuisine-1": ImageDesign(foreground="#555555")})  # 3.3:1 on orange: a warning
    result = CliRunner().invoke(main, ["render", str(folder), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0 and "image-low-contrast" in result.output


def test_render_on_a_missing_folder_is_one_sentence(tmp_path):
    result = CliRunner().invoke(main, ["render", str(tmp_path / "nope"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and "no such folder" in result.output and "Traceback" not in result.output


def test_render_has_help():
    result = CliRunner().invoke(main, ["render", "--help"])
    assert result.exit_code == 0 and "--sheet" in result.output and "contact" in result.output


def test_render_json_is_the_library_report(tmp_path):
    import json

    images = {"citoyen": ImageDesign(pictogram="licorne", foreground="#F0E442")}
    folder = _saved(tmp_path, **images)
    result = CliRunner().invoke(main, ["render", str(folder), "--out", str(tmp_path / "out"), "--json"])
    data = json.loads(result.output)
    written = data.pop("written")
    assert len(written) == 6 and all(Path(p).is_file() for p in written)
    assert data == check_images(family_framework(**images), folder=folder).to_dict()
    assert result.exit_code == 1


def test_render_messages_in_french_use_narrow_no_break_spaces(tmp_path):
    folder = _saved(tmp_path, citoyen=ImageDesign(shape="rond"))
    result = CliRunner().invoke(main, ["render", str(folder), "--out", str(tmp_path / "out")])
    assert "Badge «\u202fcitoyen\u202f»\u202f: forme «\u202frond\u202f» inconnue" in result.output

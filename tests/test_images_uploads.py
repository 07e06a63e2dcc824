"""Uploaded PNG/SVG images: used when sound, refused with a clear problem otherwise, never executed."""

import io
from pathlib import Path

import pytest
from PIL import Image

from badgeworkbench.images import (
    MAX_UPLOAD_BYTES,
    BadUpload,
    alt_text,
    check_images,
    check_upload_bytes,
    render_png,
    render_svg,
    resolve_design,
)
from badgeworkbench.images.export import write_images
from badgeworkbench.model import Badge, Framework, ImageDesign


def _png(width=64, height=64, colour=(200, 30, 30, 255)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (width, height), colour).save(out, "PNG")
    return out.getvalue()


SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4" fill="red"/></svg>'


def _framework(upload: str) -> Framework:
    return Framework(
        id="f",
        badges=[
            Badge(id="logo", name={"fr": "Avec logo"}, image=ImageDesign(upload=upload)),
            Badge(id="autre", name={"fr": "Sans logo"}),
        ],
    )


def _folder(tmp_path: Path, name: str, data: bytes) -> Path:
    (tmp_path / "images").mkdir(parents=True, exist_ok=True)
    (tmp_path / "images" / name).write_bytes(data)
    return tmp_path


def test_png_upload_replaces_the_pictogram(tmp_path):
    folder = _folder(tmp_path, "logo.png", _png())
    fw = _framework("images/logo.png")
    design = resolve_design(fw, "logo", folder=folder)
    assert design.upload_kind == "png" and design.origin("pictogram") == "upload" and design.problems == ()
    with_upload = Image.open(io.BytesIO(render_png(fw, "logo", folder=folder))).convert("RGBA")
    assert (200, 30, 30, 255) in {c for _, c in with_upload.getcolors(1 << 20)}
    assert render_png(fw, "logo", folder=folder) != render_png(fw, "logo")  # without the folder: the pictogram
    assert "data:image/png;base64," in render_svg(fw, "logo", folder=folder)
    assert "une image personnalisée" in alt_text(fw, "logo", folder=folder)


def test_svg_upload_is_embedded_in_svg_output_and_png_keeps_the_pictogram(tmp_path):
    folder = _folder(tmp_path, "logo.svg", SVG)
    fw = _framework("images/logo.svg")
    design = resolve_design(fw, "logo", folder=folder)
    assert design.upload_kind == "svg"
    assert [p.code for p in design.problems] == ["image-svg-upload-png"]
    svg = render_svg(fw, "logo", folder=folder)
    assert 'xlink:href="data:image/svg+xml;base64,' in svg  # an <image>: browsers run no script in it
    assert "<script" not in svg
    assert render_png(fw, "logo", folder=folder) == render_png(fw, "logo", folder=None)


def _refusal(tmp_path, relpath, name=None, data=None) -> str:
    if data is not None:
        _folder(tmp_path, name, data)
    fw = _framework(relpath)
    design = resolve_design(fw, "logo", folder=tmp_path)
    [problem] = design.problems
    assert problem.code == "image-bad-upload"
    assert problem.item == "badge:logo" and problem.field == "image.upload"
    assert design.upload is None and design.pictogram  # falls back to the pictogram
    # The badge and the rest of the constellation still render.
    for badge in fw.badges:
        assert render_png(fw, badge, folder=tmp_path).startswith(b"\x89PNG")
    return problem.text("en")


def test_too_large_upload_is_refused(tmp_path):
    data = _png() + b"\0" * (MAX_UPLOAD_BYTES + 1)
    assert "2 MB" in _refusal(tmp_path, "images/big.png", "big.png", data)


def test_file_that_is_not_an_image_is_refused_whatever_its_name(tmp_path):
    message = _refusal(tmp_path, "images/fake.png", "fake.png", b"#!/bin/sh\necho hello\n")
    assert "neither a PNG nor an SVG" in message


def test_decompression_bomb_is_refused(tmp_path):
    # 30 000 × 30 000 pixels (900 megapixels) in a file of a few hundred kilobytes.
    out = io.BytesIO()
    Image.new("1", (30000, 30000)).save(out, "PNG")
    assert len(out.getvalue()) < MAX_UPLOAD_BYTES
    message = _refusal(tmp_path, "images/bomb.png", "bomb.png", out.getvalue())
    assert "30000 × 30000" in message and "decompression bomb" in message


def test_pillow_decompression_bomb_error_is_turned_into_a_refusal(monkeypatch):
    # Below our own pixel limit, but above a (lowered) Pillow limit: Pillow's own guard is caught too.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)
    with pytest.raises(BadUpload, match="decompression bomb"):
        check_upload_bytes(_png(64, 64), "logo.png")


def test_damaged_png_is_refused(tmp_path):
    data = _png()[:60]
    assert "damaged PNG" in _refusal(tmp_path, "images/cut.png", "cut.png", data)


def test_upload_outside_the_framework_folder_is_refused(tmp_path):
    inside = tmp_path / "fw"
    inside.mkdir()
    (tmp_path / "secret.png").write_bytes(_png())
    fw = _framework("../secret.png")
    [problem] = resolve_design(fw, "logo", folder=inside).problems
    assert problem.code == "image-bad-upload" and "outside the framework folder" in problem.text("en")


def test_missing_upload_is_refused(tmp_path):
    assert "does not exist" in _refusal(tmp_path, "images/nothing.png")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><svg xmlns="http://www.w3.org/2000/svg">&b;</svg>',
         "DTD or entities"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><circle></svg>", "not a well-formed SVG"),
        (b"<?xml version='1.0'?><!-- svg --><html><svg/></html>", "not an SVG image"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "contains a script"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><rect onclick='alert(1)'/></svg>", "contains a script"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><foreignObject><p>x</p></foreignObject></svg>", "contains a script or HTML"),
    ],
)  # fmt: skip
def test_unsafe_or_broken_svg_is_refused(tmp_path, data, expected):
    assert expected in _refusal(tmp_path, "images/x.svg", "x.svg", data)


def test_without_the_framework_folder_uploads_are_not_read():
    design = resolve_design(_framework("images/logo.png"), "logo")
    assert [p.code for p in design.problems] == ["image-upload-not-checked"]
    assert design.problems[0].severity == "info"


def test_a_bad_upload_does_not_stop_writing_the_other_images(tmp_path):
    folder = _folder(tmp_path / "fw", "fake.png", b"not an image")
    fw = _framework("images/fake.png")
    result = write_images(fw, tmp_path / "out", folder=folder, svg=True)
    assert sorted(p.name for p in result.written) == ["autre.png", "autre.svg", "logo.png", "logo.svg"]
    assert check_images(fw, folder=folder).codes() == ["image-bad-upload"]
    assert not result.report.ok


@pytest.mark.parametrize(
    ("relpath", "data", "french"),
    [
        ("images/big.png", _png() + b"\0" * (MAX_UPLOAD_BYTES + 1), "la limite est de 2 Mo"),
        ("images/fake.png", b"#!/bin/sh\necho hello\n", "ni une image PNG ni une image SVG"),
        ("images/cut.png", _png()[:60], "PNG abîmé"),
        ("images/nothing.png", None, "n'existe pas dans le dossier"),
        ("../secret.png", None, "hors du dossier du référentiel"),
        ("images/x.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "contient un script"),
        ("images/x.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><circle></svg>", "pas un SVG bien formé"),
    ],
)  # fmt: skip
def test_a_refused_upload_is_explained_in_french_and_english(tmp_path, relpath, data, french):
    # The badge designer shows the refusal in the panel's language (error.text(lang), and the problem's hint).
    from badgeworkbench.images.uploads import read_upload

    if data is not None:
        _folder(tmp_path, relpath.rsplit("/", 1)[-1], data)
    with pytest.raises(BadUpload) as caught:
        read_upload(tmp_path, relpath)
    assert set(caught.value.messages) == {"fr", "en"} and french in caught.value.text("fr")
    assert caught.value.text("en") == str(caught.value) != caught.value.text("fr")
    [problem] = resolve_design(_framework(relpath), "logo", folder=tmp_path).problems
    assert french in problem.text("fr") and french not in problem.text("en")

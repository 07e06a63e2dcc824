"""Rendering: sizes, transparency, every pictogram and shape, French text, no overflow, SVG, determinism."""

import io
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from badgeworkbench.images import (
    BORDERS,
    PICTOGRAMS,
    SHAPES,
    clear_preview_cache,
    contact_sheet,
    contact_sheet_size,
    preview,
    render_png,
    render_svg,
    resolve_design,
)
from badgeworkbench.images.render import render_design_image, render_design_png, render_design_svg, text_blocks
from badgeworkbench.images.shapes import MAX_BORDER, point_in_polygon
from badgeworkbench.images.text import fit_text, font, french_spacing, missing_glyphs
from badgeworkbench.model import Badge, Framework, ImageDesign
from tests.fixtures.images.frameworks import family_framework

GOLDEN = Path(__file__).parent / "golden" / "images"
REGENERATE = os.environ.get("BADGEWORKBENCH_REGEN_GOLDEN") == "1"
FRENCH = "é è à ç œ Œ « » ’ ù û ô î ï ë É È À Ç \u202f; \u202f: \u202f! \u202f? €"


def _image(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


def _one(image: ImageDesign | None = None, **badge) -> Framework:
    fields = {"id": "b", "name": {"fr": "Cuisiner au quotidien"}, "level": "2"} | badge
    return Framework(id="f", badges=[Badge(**fields, image=image or ImageDesign())])


@pytest.mark.parametrize("size", [512, 1024])
def test_png_sizes_and_transparent_background(size):
    fw = family_framework()
    for badge in fw.badges:
        image = _image(render_png(fw, badge, size))
        assert image.format == "PNG" and image.mode == "RGBA" and image.size == (size, size)
        alpha = image.getchannel("A")
        assert alpha.getpixel((0, 0)) == 0 and alpha.getpixel((size - 1, size - 1)) == 0  # corners: transparent
        assert alpha.getpixel((size // 2, size // 2)) == 255  # the badge itself is opaque
        assert image.info.get("transparency") is None  # a real alpha channel, not a colour key


def test_same_input_same_bytes():
    fw = family_framework()
    for badge in fw.badges:
        assert render_png(fw, badge) == render_png(fw, badge)
        assert render_svg(fw, badge) == render_svg(fw, badge)
    # And after the caches are gone.
    first = render_png(fw, "citoyen", 1024)
    clear_preview_cache()
    from badgeworkbench.images import render as render_module
    from badgeworkbench.images import text as text_module

    render_module._BODY_CACHE.clear()
    text_module.fit_text.cache_clear()
    assert render_png(fw, "citoyen", 1024) == first


@pytest.mark.parametrize("pictogram", sorted(PICTOGRAMS))
def test_every_pictogram_renders_ink_in_its_box(pictogram):
    fw = _one(ImageDesign(pictogram=pictogram, title=" ", subtitle=""))
    design = resolve_design(fw, "b")
    image = render_design_image(design, 512)
    box = SHAPES[design.shape].layout.pictogram
    s = 512 / 100
    region = image.crop((round(box.x0 * s), round(box.y0 * s), round(box.x1 * s), round(box.y1 * s))).convert("RGB")
    ink = sum(1 for px in region.get_flattened_data() if px == (255, 255, 255))  # the default palette's foreground
    assert ink > 0.08 * region.width * region.height, f"{pictogram} draws almost nothing"
    svg = render_design_svg(design)
    assert svg.count('fill="#FFFFFF"') + svg.count('stroke="#FFFFFF"') >= 1


def test_pictograms_are_all_different():
    seen: dict[bytes, str] = {}
    for pictogram in PICTOGRAMS:
        data = render_png(_one(ImageDesign(pictogram=pictogram, title=" ", subtitle="")), "b", 512)
        assert data not in seen, f"{pictogram} looks exactly like {seen.get(data)}"
        seen[data] = pictogram


@pytest.mark.parametrize("shape", sorted(SHAPES))
@pytest.mark.parametrize("border", BORDERS)
def test_every_shape_and_border_renders(shape, border):
    image = _image(render_png(_one(ImageDesign(shape=shape, border=border)), "b", 512))
    assert image.getchannel("A").getextrema() == (0, 255)


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_text_boxes_lie_inside_the_shape_even_with_the_widest_border(shape):
    s = SHAPES[shape]
    inner = s.inset(MAX_BORDER)
    layout = s.layout
    for box in (layout.title, layout.subtitle, layout.pictogram):
        for i in range(21):
            t = i / 20
            for point in ((box.x0 + t * box.width, box.y0), (box.x0 + t * box.width, box.y1),
                          (box.x0, box.y0 + t * box.height), (box.x1, box.y0 + t * box.height)):  # fmt: skip
                assert point_in_polygon(point, inner), f"{shape}: {box} pokes out at {point}"


def test_french_characters_have_glyphs_in_the_font():
    for bold in (False, True):
        assert missing_glyphs(FRENCH, bold) == []
        f = font(40, bold)
        for char in FRENCH.replace(" ", "").replace("\u202f", ""):
            assert f.getmask(char).getbbox() is not None, f"no ink for {char!r}"
        # The narrow no-break space is a real, narrower-than-a-space advance, not a missing-glyph box.
        assert 0 < f.getlength("\u202f") < f.getlength(" ") * 1.01
        assert f.getmask("\u202f").getbbox() is None


def test_accented_title_renders_differently_from_the_plain_one():
    accented = render_png(_one(ImageDesign(title="Élève, œuvre, ça, à, «\u202fè\u202f»")), "b")
    plain = render_png(_one(ImageDesign(title='Eleve, oeuvre, ca, a, "e"')), "b")
    assert accented != plain
    # Accents are drawn: "é" has ink above the x-height where "e" has none.
    f = font(60, True)
    assert f.getbbox("é", anchor="ls")[1] < f.getbbox("e", anchor="ls")[1]


def test_french_spacing_puts_narrow_no_break_spaces_before_double_punctuation():
    assert french_spacing("Prêt ? Oui ! Deux : trois ; « quatre »") == (
        "Prêt\u202f? Oui\u202f! Deux\u202f: trois\u202f; «\u202fquatre\u202f»"
    )
    fw = _one(ImageDesign(), name={"fr": "Prêt à cuisiner ?"})
    assert resolve_design(fw, "b").title == "Prêt à cuisiner\u202f?"
    assert "cuisiner\u202f?" in render_svg(fw, "b")
    # Wrapping never leaves "?" alone at the start of a line.
    block = fit_text("Êtes-vous prêts à cuisiner ensemble aujourd’hui\u202f?", 200, 400, 40, 10, True)
    assert all(not line.startswith("?") for line in block.lines)


LONG_TITLES = [
    "Cuisiner",
    "Participer à un chantier « Œuvre collective » : qu’en pensez-vous ?",
    "Accueillir, informer et orienter le public dans une structure d’insertion sociale et professionnelle du territoire",
    "Anticonstitutionnellementextraordinairementinterminablementincompréhensible",
    "Mot " * 60,
    "Éé " * 30 + "ÇÀÈ gjpqy",
]


@pytest.mark.parametrize("shape", sorted(SHAPES))
@pytest.mark.parametrize("size", [256, 512, 1024])
def test_long_titles_wrap_shrink_and_never_overflow(shape, size):
    s = size / 100
    for title in LONG_TITLES:
        design = resolve_design(_one(ImageDesign(shape=shape, title=title, subtitle=title)), "b")
        for placed in text_blocks(design, size):
            f = font(placed.block.size_px, placed.block.bold)
            box = placed.box
            left, top, right, bottom = box.x0 * s, box.y0 * s, box.x1 * s, box.y1 * s
            for line, baseline in zip(placed.block.lines, placed.block.baselines, strict=True):
                x0, y0, x1, y1 = f.getbbox(line, anchor="ms")
                cx, by = box.cx * s, top + baseline
                assert cx + x0 >= left - 1 and cx + x1 <= right + 1, (shape, size, placed.role, line)
                assert by + y0 >= top - 1 and by + y1 <= bottom + 1, (shape, size, placed.role, line)


def test_long_titles_shrink_before_they_are_cut():
    short = fit_text("Cuisiner", 300, 100, 50, 20, True)
    longer = fit_text("Cuisiner au quotidien pour toute la famille", 300, 100, 50, 20, True)
    assert short.size_px == 50 and longer.size_px < 50 and not longer.truncated
    endless = fit_text("Mot " * 200, 300, 100, 50, 20, True)
    assert endless.truncated and endless.lines[-1].endswith("…") and endless.size_px == 20
    word = fit_text("Anticonstitutionnellementextraordinairement", 150, 200, 50, 20, True)
    assert all(font(word.size_px, True).getlength(line) <= 150 for line in word.lines)
    assert len(word.lines) > 1 and word.lines[0].endswith("-")


def test_svg_has_the_same_layout_with_dejavu_text():
    fw = family_framework()
    for badge in fw.badges:
        svg = render_svg(fw, badge)
        root = ET.fromstring(svg)
        ns = {"s": "http://www.w3.org/2000/svg"}
        assert root.get("width") == "512" and root.get("viewBox") == "0 0 100 100"
        texts = root.findall("s:text", ns)
        assert texts and all(t.get("font-family") == "DejaVu Sans" for t in texts)
        design = resolve_design(fw, badge)
        expected = [line for placed in text_blocks(design, 512) for line in placed.block.lines]
        assert [t.text for t in texts] == expected
        assert root.find("s:title", ns).text.startswith("Badge «\u202f")


def _toolchain() -> dict[str, str]:
    """What decides the exact bytes: Pillow (drawing), FreeType (glyphs), zlib (compression), the font."""
    import zlib

    import matplotlib
    import PIL
    from PIL import features

    return {
        "pillow": PIL.__version__,
        "freetype": str(features.version("freetype2")),
        "zlib": zlib.ZLIB_RUNTIME_VERSION,
        "matplotlib": matplotlib.__version__,
    }


def _same_look(name: str, expected: bytes, data: bytes) -> None:
    if name.endswith(".png"):
        a = Image.open(io.BytesIO(expected)).convert("RGBA")
        b = Image.open(io.BytesIO(data)).convert("RGBA")
        assert a.size == b.size
        from PIL import ImageChops

        diff = ImageChops.difference(a, b)
        mean = sum(sum(diff.getchannel(i).histogram()[v] * v for v in range(256)) for i in range(4)) / (
            4 * a.width * a.height
        )
        assert mean < 2.0, f"{name} looks different from its golden file (mean difference {mean:.2f})"
    else:
        texts = lambda svg: [t.text for t in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")]  # noqa: E731
        assert texts(expected) == texts(data), f"{name}: the text lines differ from the golden file"


def _golden(name: str, data: bytes) -> None:
    """Exact bytes against tests/golden/images/<name>. Made with another Pillow, FreeType, zlib or font
    (recorded in toolchain.json), only the look is compared: glyph rasters and compression may differ."""
    import json

    path = GOLDEN / name
    versions = GOLDEN / "toolchain.json"
    if REGENERATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        versions.write_text(json.dumps(_toolchain(), indent=2, sort_keys=True) + "\n", encoding="utf-8")
    if not path.exists():
        pytest.fail(f"{path} is missing: run with BADGEWORKBENCH_REGEN_GOLDEN=1 to create it, then look at it.")
    expected = path.read_bytes()
    recorded = json.loads(versions.read_text(encoding="utf-8")) if versions.exists() else {}
    if recorded == _toolchain():
        assert expected == data, f"{name} differs from its golden file (BADGEWORKBENCH_REGEN_GOLDEN=1 to accept)"
    else:
        _same_look(name, expected, data)


@pytest.mark.parametrize("badge_id", ["cuisine-1", "chantier", "citoyen", "stage"])
def test_golden_files(badge_id):
    fw = family_framework(
        chantier=ImageDesign(title="Participer à un chantier « Œuvre collective » : qu’en pensez-vous ?")
    )
    _golden(f"{badge_id}-512.png", render_png(fw, badge_id, 512))
    _golden(f"{badge_id}.svg", render_svg(fw, badge_id).encode("utf-8"))


def test_golden_comparison_on_another_toolchain_compares_the_look(monkeypatch):
    import sys

    module = sys.modules[__name__]
    monkeypatch.setattr(module, "_toolchain", lambda: {"pillow": "another"})
    monkeypatch.setattr(module, "REGENERATE", False)  # never write these deliberately wrong images
    fw = family_framework()
    _golden("cuisine-1-512.png", render_png(fw, "cuisine-1", 512))  # same look: passes
    with pytest.raises(AssertionError, match="looks different"):
        _golden(
            "cuisine-1-512.png",
            render_png(family_framework(**{"cuisine-1": ImageDesign(palette="ardoise")}), "cuisine-1"),
        )
    with pytest.raises(AssertionError, match="text lines differ"):
        _golden(
            "cuisine-1.svg",
            render_svg(family_framework(**{"cuisine-1": ImageDesign(title="Autre")}), "cuisine-1").encode(),
        )


def test_golden_banner_1024():
    fw = family_framework(**{"cuisine-1": ImageDesign(shape="banner", palette="ardoise")})
    _golden("cuisine-1-banner-1024.png", render_png(fw, "cuisine-1", 1024))


def test_contact_sheet_dimensions():
    fw = family_framework()
    data = contact_sheet(fw, size=100, columns=4)
    image = _image(data)
    assert image.size == contact_sheet_size(len(fw.badges), size=100, columns=4)
    # 6 badges in 4 columns: 2 rows of (100 px badge + 20 px label), gaps of 10 px.
    assert image.size == (4 * 100 + 5 * 10, 2 * 120 + 3 * 10)
    assert _image(contact_sheet(fw, size=64, columns=10)).size == contact_sheet_size(6, 64, 10)


def test_preview_is_cached_by_the_design():
    fw = family_framework()
    clear_preview_cache()
    first = preview(fw, "cuisine-1")
    assert _image(first).size == (256, 256)
    assert preview(fw, "cuisine-1") is first  # from the cache (its speed: benchmarks/bench_images.py)
    changed = family_framework(**{"cuisine-1": ImageDesign(title="Autre")})
    assert preview(changed, "cuisine-1") != first
    # A different framework value with the same resulting design is served from the cache.
    assert preview(family_framework(), "cuisine-1") is first


def test_png_and_svg_of_one_design_share_the_scene():
    design = resolve_design(family_framework(), "citoyen")
    png = _image(render_design_png(design, 512)).convert("RGBA")
    svg = render_design_svg(design)
    # The same colours appear in both: background, foreground, accent.
    colours = {c for _, c in png.getcolors(1 << 20)}
    for colour in (design.background, design.foreground, design.accent):
        rgb = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
        assert (*rgb, 255) in colours
        assert colour in svg


_FRENCH_LETTERS = "abcdefghijklmnopqrstuvwxyzéèêàâçœŒÉÀÇ’«»-"


@settings(max_examples=60, deadline=None)
@given(
    words=st.lists(st.text(_FRENCH_LETTERS, min_size=1, max_size=30), min_size=1, max_size=25),
    width=st.integers(40, 600),
    height=st.integers(20, 300),
    bold=st.booleans(),
)
def test_fit_text_never_overflows_its_box(words, width, height, bold):
    block = fit_text(" ".join(words), width, height, 60, 8, bold)
    f = font(block.size_px, bold)
    for line, baseline in zip(block.lines, block.baselines, strict=True):
        x0, y0, x1, y1 = f.getbbox(line, anchor="ms")
        assert -width / 2 - 1 <= x0 and x1 <= width / 2 + 1, line
        assert baseline + y0 >= -1 and baseline + y1 <= height + 1, line


def test_contact_sheet_of_an_empty_framework():
    assert _image(contact_sheet(Framework(id="vide"))).size == contact_sheet_size(0)

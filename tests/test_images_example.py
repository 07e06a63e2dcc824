"""The bundled example framework renders as one coherent, readable family."""

import io
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image

from badgeworkbench.files import load_framework
from badgeworkbench.images import alt_text, check_images, contact_sheet, contact_sheet_size, render_png, resolve_design
from badgeworkbench.images.design import _first_pathway

EXAMPLE = Path(__file__).resolve().parents[1] / "frameworks" / "parcours-cvl"


@pytest.fixture(scope="module")
def example():
    if not EXAMPLE.is_dir():
        pytest.skip("frameworks/parcours-cvl not found: the example framework is not in this checkout")
    return load_framework(EXAMPLE)


def test_example_images_have_no_error_and_readable_text(example):
    report = check_images(example, folder=EXAMPLE)
    assert report.ok, report.to_table("en")
    assert "image-low-contrast" not in report.codes()


def test_every_example_badge_renders_with_a_caption(example):
    for badge in example.badges:
        image = Image.open(io.BytesIO(render_png(example, badge, 512, folder=EXAMPLE)))
        assert image.size == (512, 512) and image.mode == "RGBA"
        assert alt_text(example, badge).startswith("Badge «\u202f")
        assert alt_text(example, badge, "en").startswith("Badge “")


def test_example_is_a_family(example):
    designs = [resolve_design(example, badge) for badge in example.badges]
    # Badges of the same pathway share their palette; categories share their shape.
    by_pathway: dict[str, set[str]] = {}
    for design in designs:
        origin = design.origin("palette")
        if origin.startswith("pathway:"):
            by_pathway.setdefault(origin, set()).add(design.palette)
    assert by_pathway and all(len(palettes) == 1 for palettes in by_pathway.values())
    assert len(set(_first_pathway(example).values())) >= 2
    for badge, design in zip(example.badges, designs, strict=True):
        assert design.origin("shape") != "category" or design.shape == {
            "competency": "circle", "participation": "rounded-square", "engagement": "shield", "experiential": "hexagon"
        }[badge.category]  # fmt: skip
    # Most pictograms come from the badges' own words rather than the category fallback.
    origins = Counter(design.origin("pictogram") for design in designs)
    assert origins["words"] >= 0.6 * len(designs), origins


def test_example_contact_sheet(example):
    data = contact_sheet(example, size=128, columns=6)
    assert Image.open(io.BytesIO(data)).size == contact_sheet_size(len(example.badges), 128, 6)

"""The public API of badgeworkbench.images exists and works end to end on a small framework."""

from badgeworkbench.images import (
    PALETTES,
    PICTOGRAMS,
    SHAPES,
    alt_text,
    check_images,
    contact_sheet,
    contrast_ratio,
    preview,
    render_png,
    render_svg,
    resolve_design,
)
from badgeworkbench.model import Badge, Framework
from badgeworkbench.report import Report


def test_public_api_end_to_end():
    fw = Framework(id="f", badges=[Badge(id="b", name={"fr": "Cuisiner"})])
    assert resolve_design(fw, "b").badge_id == "b"
    assert render_png(fw, "b").startswith(b"\x89PNG")
    assert render_svg(fw, "b").startswith("<svg")
    assert preview(fw, "b").startswith(b"\x89PNG")
    assert "Cuisiner" in alt_text(fw, "b")
    assert contact_sheet(fw).startswith(b"\x89PNG")
    assert isinstance(check_images(fw), Report)
    assert contrast_ratio("#000", "#fff") > 20
    assert len(PICTOGRAMS) >= 40 and SHAPES and PALETTES

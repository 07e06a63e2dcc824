"""Contrast (WCAG 2.x), proposed fixes, colour-blind-safe palettes, and contrast flags in the report."""

import pytest

from badgeworkbench.images import PALETTES, BadColour, check_images, contrast_ratio, parse_colour, readable_text_colour
from badgeworkbench.images.colours import colour_name, relative_luminance, simulate_colour_blindness
from badgeworkbench.model import Badge, Framework, ImageDesign
from badgeworkbench.report import Severity

KINDS = ("protanopia", "deuteranopia", "tritanopia")


def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#FFFFFF", "#000000") == pytest.approx(21.0)
    assert contrast_ratio("#0072B2", "#0072B2") == pytest.approx(1.0)
    # WebAIM's checker: #777777 on white is 4.48:1 (just fails AA), #767676 is 4.54:1 (passes).
    assert contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)
    assert relative_luminance("white") == pytest.approx(1.0)


@pytest.mark.parametrize(("text", "background"), [("#777777", "#FFFFFF"), ("#E69F00", "#F0E442"), ("#56B4E9", "#0072B2"),
                                                  ("#FFFFFF", "#E69F00"), ("#808080", "#808080")])  # fmt: skip
def test_readable_text_colour_reaches_aa_with_a_small_change(text, background):
    fixed = readable_text_colour(text, background)
    assert contrast_ratio(fixed, background) >= 4.5
    # No needless change: a colour that already passes is returned as it is.
    assert readable_text_colour(fixed, background) == fixed


def test_readable_text_colour_stays_close_to_the_chosen_one():
    fixed = readable_text_colour("#777777", "#FFFFFF")
    assert fixed in ("#767676", "#757575")  # one step darker is enough


@pytest.mark.parametrize("palette", list(PALETTES.values()), ids=list(PALETTES))
def test_default_palettes_are_readable_also_for_colour_blind_readers(palette):
    assert contrast_ratio(palette.foreground, palette.background) >= 4.5
    assert contrast_ratio(palette.accent, palette.background) >= 3.0  # WCAG 1.4.11 non-text contrast
    for kind in KINDS:
        fg = simulate_colour_blindness(palette.foreground, kind)
        bg = simulate_colour_blindness(palette.background, kind)
        assert contrast_ratio(fg, bg) >= 4.5, f"{palette.id} text under {kind}"
        accent = simulate_colour_blindness(palette.accent, kind)
        assert contrast_ratio(accent, bg) >= 2.5, f"{palette.id} stars under {kind}"


def test_simulation_changes_red_green_for_protans_and_keeps_grey():
    assert simulate_colour_blindness("#808080", "deuteranopia") == "#808080"
    assert simulate_colour_blindness("#D55E00", "protanopia") != "#D55E00"


def test_parse_colour_accepts_common_forms_and_refuses_others():
    assert parse_colour("#abc") == "#AABBCC"
    assert parse_colour("navy") == "#000080"
    assert parse_colour("rgb(0, 114, 178)") == "#0072B2"
    for bad in ("", "bleu-ish", "#12345", "rgb(1,2)", "12"):
        with pytest.raises(BadColour, match="#RRGGBB"):
            parse_colour(bad)


def test_colour_names_for_captions():
    assert colour_name("#0070B0") == "bleu" and colour_name("#E6A000", "en") == "orange"


def _framework(**image) -> Framework:
    return Framework(id="f", badges=[Badge(id="b", name={"fr": "Cuisiner"}, image=ImageDesign(**image)),
                                     Badge(id="ok", name={"fr": "Lisible"})])  # fmt: skip


def test_low_contrast_is_flagged_with_the_figure_and_a_fix():
    # Yellow text on the default blue: about 3.9:1, a warning (readable only as large text).
    report = check_images(_framework(foreground="#F0E442"))
    [problem] = report.problems
    assert problem.code == "image-low-contrast" and problem.item == "badge:b" and problem.field == "image.foreground"
    assert problem.severity == Severity.WARNING
    ratio = contrast_ratio("#F0E442", "#0072B2")
    assert f"{ratio:.2f}:1" in problem.text("en")
    assert f"{ratio:.2f}".replace(".", ",") in problem.text("fr")
    fix = readable_text_colour("#F0E442", "#0072B2")
    assert fix in problem.text("en") and fix in problem.text("fr")
    assert contrast_ratio(fix, "#0072B2") >= 4.5


def test_very_low_contrast_is_an_error():
    report = check_images(_framework(foreground="#0072B3"))
    assert report.errors and report.errors[0].code == "image-low-contrast"
    assert "1.00:1" in report.errors[0].text("en")


def test_default_designs_raise_no_contrast_problem():
    fw = Framework(id="f", badges=[Badge(id=f"b{i}", image=ImageDesign(palette=p)) for i, p in enumerate(PALETTES)])
    assert check_images(fw).problems == []


def test_a_title_too_long_to_fit_is_a_warning():
    fw = _framework(title="Un titre interminable " * 20)
    [problem] = check_images(fw).problems
    assert problem.code == "image-text-truncated" and problem.severity == Severity.WARNING
    assert problem.field == "image.title" and "b" in problem.text("en")

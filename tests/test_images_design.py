"""Family defaults from the framework's data, per-badge overrides, and bad settings."""

import pytest

from badgeworkbench.images import (
    PALETTES,
    PICTOGRAMS,
    SHAPES,
    check_images,
    render_png,
    render_svg,
    resolve_design,
)
from badgeworkbench.images.design import issuer_initials
from badgeworkbench.model import Badge, Framework, ImageDesign
from tests.fixtures.images.frameworks import family_framework

PALETTE_ORDER = list(PALETTES)


def test_category_gives_the_shape():
    fw = family_framework()
    shapes = {b.id: resolve_design(fw, b).shape for b in fw.badges}
    assert shapes["cuisine-1"] == "circle"
    assert shapes["chantier"] == "rounded-square"
    assert shapes["citoyen"] == "shield"
    assert shapes["stage"] == "hexagon"
    assert resolve_design(fw, "stage").origin("shape") == "category"


def test_level_gives_stars_and_border():
    fw = family_framework()
    assert (resolve_design(fw, "chantier").stars, resolve_design(fw, "chantier").border) == (1, "thin")
    assert (resolve_design(fw, "cuisine-1").stars, resolve_design(fw, "cuisine-1").border) == (2, "thick")
    assert (resolve_design(fw, "citoyen").stars, resolve_design(fw, "citoyen").border) == (3, "double")
    assert resolve_design(fw, "stage").stars == 0
    # A level that is a plain number works without badge_levels.
    bare = Framework(id="f", badges=[Badge(id="b", level="3")])
    assert resolve_design(bare, "b").stars == 3


def test_level_name_is_the_default_subtitle_else_the_issuer():
    fw = family_framework()
    assert resolve_design(fw, "cuisine-1").subtitle == "Pratique"
    assert resolve_design(fw, "cuisine-1", lang="en").subtitle == "Practice"
    assert resolve_design(fw, "stage").subtitle == "AFPA"


def test_first_pathway_then_territory_then_issuer_territory_give_the_palette():
    fw = family_framework()
    # Pathways take palettes in order of their ids: btp the 1st, restauration the 2nd.
    assert resolve_design(fw, "cuisine-1").palette == PALETTE_ORDER[1]
    assert resolve_design(fw, "cuisine-1").origin("palette") == "pathway:restauration"
    # chantier is in both pathways: the first by id (btp) wins, as for citoyen.
    assert resolve_design(fw, "chantier").palette == PALETTE_ORDER[0]
    assert resolve_design(fw, "chantier").origin("palette") == "pathway:btp"
    assert resolve_design(fw, "citoyen").palette == PALETTE_ORDER[0]
    # No pathway: the badge's territory (nord is the 2nd territory).
    assert resolve_design(fw, "stage").palette == PALETTE_ORDER[1]
    assert resolve_design(fw, "stage").origin("palette") == "territory:nord"
    # No pathway, no territory: the issuer's territory (ml is in sud, the 1st).
    assert resolve_design(fw, "seul").palette == PALETTE_ORDER[0]
    assert resolve_design(fw, "seul").origin("palette") == "issuer-territory:sud"
    assert resolve_design(fw, "sans-partenaire").origin("palette") == "default"


def test_palettes_survive_a_save_and_a_load(tmp_path):
    from badgeworkbench.files import load_framework, save_framework

    fw = family_framework()
    save_framework(fw, tmp_path / "fw")
    loaded = load_framework(tmp_path / "fw")
    assert [p.id for p in loaded.pathways] != [p.id for p in fw.pathways]  # read back in file-name order
    for badge in fw.badges:
        assert resolve_design(loaded, badge.id).key() == resolve_design(fw, badge).key()


def test_palette_colours_come_from_the_palette():
    fw = family_framework()
    design = resolve_design(fw, "citoyen")
    palette = PALETTES[design.palette]
    assert (design.background, design.foreground, design.accent) == (
        palette.background,
        palette.foreground,
        palette.accent,
    )


def test_issuer_gives_a_mark_with_initials():
    fw = family_framework()
    assert resolve_design(fw, "cuisine-1").mark == "MLT"
    assert resolve_design(fw, "stage").mark == "AFPA"
    assert resolve_design(fw, "sans-partenaire").mark == ""
    assert issuer_initials("Conservatoire national des arts et métiers") == "CNA"


def test_words_of_the_badge_choose_the_pictogram_else_the_category():
    fw = family_framework()
    assert resolve_design(fw, "cuisine-1").pictogram == "cuisine"
    assert resolve_design(fw, "cuisine-1").origin("pictogram") == "words"
    assert resolve_design(fw, "chantier").pictogram == "marteau"
    assert resolve_design(fw, "seul").pictogram == "etoile"  # competency, no matching word
    assert resolve_design(fw, "seul").origin("pictogram") == "category"


def test_every_setting_can_be_overridden():
    image = ImageDesign(shape="banner", palette="vert", background="#112233", foreground="white", accent="#ABCDEF",
                        pictogram="velo", title="Autre titre", subtitle="Sous-titre", border="none")  # fmt: skip
    fw = family_framework(**{"cuisine-1": image})
    d = resolve_design(fw, "cuisine-1")
    assert (d.shape, d.palette, d.background, d.foreground, d.accent) == (
        "banner",
        "vert",
        "#112233",
        "#FFFFFF",
        "#ABCDEF",
    )
    assert (d.pictogram, d.title, d.subtitle, d.border) == ("velo", "Autre titre", "Sous-titre", "none")
    for setting in (
        "shape",
        "palette",
        "background",
        "foreground",
        "accent",
        "pictogram",
        "title",
        "subtitle",
        "border",
    ):
        assert d.origin(setting) == "override", setting
    assert d.problems == ()
    # Level still gives the stars even with the border overridden.
    assert d.stars == 2


def test_an_overridden_palette_keeps_the_other_defaults():
    fw = family_framework(**{"citoyen": ImageDesign(palette="jaune")})
    d = resolve_design(fw, "citoyen")
    assert d.background == PALETTES["jaune"].background and d.shape == "shield" and d.stars == 3


@pytest.mark.parametrize(
    ("image", "code", "setting", "value"),
    [
        (ImageDesign(shape="hexagone"), "image-unknown-shape", "shape", "hexagone"),
        (ImageDesign(pictogram="licorne"), "image-unknown-pictogram", "pictogram", "licorne"),
        (ImageDesign(palette="fluo"), "image-unknown-palette", "palette", "fluo"),
        (ImageDesign(border="wavy"), "image-unknown-border", "border", "wavy"),
        (ImageDesign(background="bleu-ish"), "image-bad-colour", "background", "bleu-ish"),
        (ImageDesign(foreground="#12345"), "image-bad-colour", "foreground", "#12345"),
        (ImageDesign(accent="rgb(1,2)"), "image-bad-colour", "accent", "rgb(1,2)"),
    ],
)
def test_bad_settings_are_problems_naming_badge_and_setting_and_fall_back(image, code, setting, value):
    fw = family_framework(**{"cuisine-1": image})
    design = resolve_design(fw, "cuisine-1")
    default = resolve_design(family_framework(), "cuisine-1")
    assert [p.code for p in design.problems] == [code]
    problem = design.problems[0]
    assert problem.item == "badge:cuisine-1" and problem.field == f"image.{setting}"
    for lang in ("fr", "en"):
        assert "cuisine-1" in problem.text(lang) and value in problem.text(lang)
    assert getattr(design, setting) == getattr(default, setting)  # the default is used instead
    # The badge still renders, and so does the rest of the constellation.
    for badge in fw.badges:
        assert render_png(fw, badge, 512).startswith(b"\x89PNG")
        assert "<svg" in render_svg(fw, badge)
    report = check_images(fw)
    assert code in report.codes()
    assert not report.ok


def test_unknown_value_suggests_close_names():
    fw = family_framework(**{"cuisine-1": ImageDesign(shape="hexagone", pictogram="camions")})
    messages = " ".join(p.text("en") for p in resolve_design(fw, "cuisine-1").problems)
    assert "hexagon" in messages and "camion" in messages


def test_key_changes_with_any_visible_setting_and_ignores_origins():
    fw = family_framework()
    base = resolve_design(fw, "cuisine-1")
    same = resolve_design(family_framework(**{"cuisine-1": ImageDesign(shape="circle")}), "cuisine-1")
    assert base.key() == same.key()  # same look, although the shape now comes from an override
    for change in (ImageDesign(shape="hexagon"), ImageDesign(title="X"), ImageDesign(foreground="#000000")):
        assert resolve_design(family_framework(**{"cuisine-1": change}), "cuisine-1").key() != base.key()


def test_every_shape_and_pictogram_name_is_listed():
    assert set(SHAPES) == {"circle", "rounded-square", "shield", "hexagon", "banner"}
    assert len(PICTOGRAMS) >= 40


def test_unknown_badge_id_is_a_clear_error():
    from badgeworkbench.errors import UnknownItem

    with pytest.raises(UnknownItem, match="cuisine-1"):
        resolve_design(family_framework(), "cuisine-2")

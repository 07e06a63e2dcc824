"""Alt text / captions, in French and English, for every image."""

from badgeworkbench.images import alt_text, render_svg
from badgeworkbench.model import Badge, Framework, ImageDesign
from tests.fixtures.images.frameworks import family_framework

NNBSP = "\u202f"


def test_french_caption_names_badge_level_issuer_and_what_is_drawn():
    fw = family_framework()
    assert alt_text(fw, "cuisine-1") == (
        f"Badge «{NNBSP}Cuisiner au quotidien{NNBSP}», niveau Pratique, délivré par Mission locale de Touraine"
        f"{NNBSP}: un pictogramme de cuisine sur un cercle orange, deux étoiles."
    )


def test_english_caption():
    fw = family_framework()
    assert alt_text(fw, "cuisine-1", lang="en") == (
        "Badge “Everyday cooking”, level Practice, issued by Mission locale de Touraine: "
        "a cooking pictogram on an orange circle, two stars."
    )


def test_caption_without_level_or_issuer_and_with_elision():
    fw = Framework(
        id="f", badges=[Badge(id="b", name={"fr": "Informatique"}, image=ImageDesign(pictogram="ordinateur"))]
    )
    assert (
        alt_text(fw, "b")
        == f"Badge «{NNBSP}Informatique{NNBSP}»{NNBSP}: un pictogramme d’ordinateur sur un cercle bleu."
    )


def test_feminine_shape_agrees_with_its_colour():
    fw = Framework(id="f", badges=[Badge(id="b", name={"fr": "X"}, image=ImageDesign(shape="banner", palette="vert"))])
    assert "sur une bannière verte" in alt_text(fw, "b")


def test_a_written_caption_wins():
    fw = Framework(id="f", badges=[Badge(id="b", image=ImageDesign(alt={"fr": "Mon texte", "en": "My text"}))])
    assert alt_text(fw, "b") == "Mon texte" and alt_text(fw, "b", "en") == "My text"


def test_every_badge_gets_a_caption_in_both_languages_and_the_svg_carries_it():
    fw = family_framework()
    for badge in fw.badges:
        for lang in ("fr", "en"):
            caption = alt_text(fw, badge, lang)
            assert caption.startswith("Badge ") and caption.endswith(".") and len(caption) > 30
        assert f'<title id="title">{alt_text(fw, badge)}</title>' in render_svg(fw, badge)


def test_custom_background_is_named_by_the_nearest_colour():
    fw = Framework(id="f", badges=[Badge(id="b", image=ImageDesign(background="#C0392B", foreground="#FFFFFF"))])
    assert "sur un cercle rouge" in alt_text(fw, "b")
    assert "on a red circle" in alt_text(fw, "b", "en")

"""Printable materials: every kit honours one contract; PDFs carry the French text intact, embed
their fonts, have the right pages; cards are duplex-aligned; pages look like the golden images."""

from __future__ import annotations

import io
import os
import re
import unicodedata
from html import escape as html_escape
from pathlib import Path

import pytest
from pypdf import PdfReader

from badgeworkbench.errors import UnknownItem
from badgeworkbench.materials import (
    KITS,
    MaterialsError,
    UnknownKit,
    get_kit,
    render_kit,
    render_materials,
    write_materials,
)
from badgeworkbench.materials.codes import parse_reference
from badgeworkbench.materials.deck import card_positions
from badgeworkbench.materials.poster import column_layout, poster_positions, requirement_depths
from badgeworkbench.materials.runsheet import DEFAULT_STEPS, timed_steps
from badgeworkbench.model import Badge, Requirement
from tests.fixtures.materials.sample import BADGE_NAMES, sample_framework

GOLDEN = Path(__file__).parent / "golden" / "materials"
UPDATE_GOLDEN = os.environ.get("BWB_UPDATE_GOLDEN") == "1"
A4 = (595.28, 841.89)
PAGE_SIZES = {"poster": (1190.55, 841.89)}  # A3 landscape; every other kit is A4 portrait


@pytest.fixture(scope="module")
def fw():
    return sample_framework()


@pytest.fixture(scope="module")
def rendered(fw):
    return {name: render_kit(name, fw, "fr", **({"images": False} if name == "deck" else {})) for name in KITS}


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    raw = " ".join(page.extract_text() for page in reader.pages)
    # Words wrapped at a line end come back with a line break; the narrow no-break space stays itself.
    return re.sub(r"[ \t\r\n]+", " ", unicodedata.normalize("NFC", raw))


def _flat(value: str) -> str:
    return re.sub(r"[ \t\r\n]+", " ", value)


# --- the contract every kit honours -----------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(KITS))
def test_kit_contract(name, fw, rendered):
    kit = get_kit(name)
    assert kit.name == name and kit.description
    files = rendered[name]
    assert set(files) == {f"{name}.pdf", f"{name}.html"}
    assert all(isinstance(data, bytes) for data in files.values())
    pdf = PdfReader(io.BytesIO(files[f"{name}.pdf"]))
    assert len(pdf.pages) >= 1
    width, height = (float(v) for v in pdf.pages[0].mediabox.upper_right)
    assert (round(width, 1), round(height, 1)) == tuple(round(v, 1) for v in PAGE_SIZES.get(name, A4))
    html = files[f"{name}.html"].decode("utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="fr">' in html and "@page" in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")  # nothing fetched from a network
    with pytest.raises(MaterialsError, match="unknown option"):
        kit.render(fw, "fr", colour="red")
    english = kit.render(fw, "en", **({"images": False} if name == "deck" else {}))
    assert '<html lang="en">' in english[f"{name}.html"].decode()


@pytest.mark.parametrize("name", sorted(KITS))
def test_fonts_are_embedded_and_never_a_core_font(name, rendered):
    reader = PdfReader(io.BytesIO(rendered[name][f"{name}.pdf"]))
    seen = set()
    for page in reader.pages:
        fonts = page["/Resources"].get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, f"{font['/BaseFont']} is not embedded"
            seen.add(str(font["/BaseFont"]).split("+")[-1])
    assert seen and all(font.startswith("DejaVuSans") for font in seen), seen


@pytest.mark.parametrize("name", ["deck", "canvas", "poster"])
def test_every_badge_name_is_in_the_pdf_with_its_accents(name, rendered):
    text = _text(rendered[name][f"{name}.pdf"])
    for badge_name in BADGE_NAMES.values():
        assert badge_name in text, f"{badge_name!r} missing from {name}.pdf"


def test_competency_cards_carry_titles_codes_paths_and_level_descriptors(fw, rendered):
    text = _text(rendered["cards"]["cards.pdf"])
    for c in fw.competencies:
        assert _flat(c.title["fr"]) in text
    assert "CLEA-5.1" in text and "ROME-G1602" in text
    assert "Métiers de bouche › Préparer des plats simples" in text
    assert "Réalise la tâche seul, en respectant les consignes\u202f!" in text
    assert "C-cuisiner@0.3" in text


def test_deck_back_says_the_requirement_in_words_and_front_the_code(fw, rendered):
    text = _text(rendered["deck"]["deck.pdf"])
    assert (
        "Détenir tous ces badges\u202f: Cuisine collective — niveau 1\u202f; 1 parmi\u202f: Œuvrer en équipe, Accueillir le public"
        in text
    )
    assert "Détenir 1 parmi\u202f: Accueillir le public, Français à l'oral" in text
    assert (
        "B-cuisine-1@1.2" in text and "Niveau\u202f: Niveau 2" in text and "Émetteur\u202f: Les Restos d'Œuvre" in text
    )
    english = _text(render_kit("deck", fw, "en", images=False)["deck.pdf"])
    assert "Holds all of: Community cooking — level 1; 1 of: Teamwork, Welcoming the public" in english


def test_page_counts(fw, rendered):
    pages = {name: len(PdfReader(io.BytesIO(files[f"{name}.pdf"])).pages) for name, files in rendered.items()}
    # 6 badges, 8 a page: one sheet of fronts and one of backs; 7 competencies: one page;
    # a blank canvas and one per badge; one poster.
    assert pages["deck"] == 2 and pages["cards"] == 1 and pages["canvas"] == 1 + len(fw.badges) and pages["poster"] == 1
    four = render_kit("deck", fw, per_page=4, images=False)["deck.pdf"]
    assert len(PdfReader(io.BytesIO(four)).pages) == 4  # 2 sheets × (fronts + backs)
    assert len(PdfReader(io.BytesIO(render_kit("canvas", fw, blank=False, badges=["oral"])["canvas.pdf"])).pages) == 1
    with pytest.raises(MaterialsError, match="4 or 8"):
        render_kit("deck", fw, per_page=6)
    with pytest.raises(UnknownItem, match="Did you mean 'oral'"):
        render_kit("deck", fw, badges=["orale"])


def test_backs_are_mirrored_for_long_edge_duplex(fw, rendered):
    for per_page in (4, 8):
        fronts, backs = card_positions(per_page, False), card_positions(per_page, True)
        w = (210 - 24) / 2
        for (fx, fy), (bx, by) in zip(fronts, backs, strict=True):
            assert by == fy and abs((fx + w / 2) + (bx + w / 2) - 210) < 1e-6  # mirror images about the page's middle
    reader = PdfReader(io.BytesIO(rendered["deck"]["deck.pdf"]))

    def x_of(page, wanted):
        found = []

        def visit(text, cm, tm, *_):
            if wanted in text:
                found.append(cm[4] + tm[4])

        page.extract_text(visitor_text=visit)
        return found[0] * 25.4 / 72

    first = fw.badges[0].name["fr"]  # slot 0: top left on the front, top right on the back
    assert x_of(reader.pages[0], first) < 105 < x_of(reader.pages[1], first)


def test_every_card_and_canvas_carries_a_code_and_a_qr(fw, rendered):
    html = rendered["deck"]["deck.html"].decode()
    for badge in fw.badges:
        assert f"B-{badge.id}@{badge.version}" in html
    assert html.count("<svg") == len(fw.badges)  # one QR per card front
    canvas = rendered["canvas"]["canvas.html"].decode()
    assert "F-atelier-cuisine@0.3" in canvas and canvas.count("<svg") == 1 + len(fw.badges)
    payload = re.search(r'aria-label="BWB atelier-cuisine ([^"]+)"', html)[1]
    ref = parse_reference(payload)
    assert ref is not None and ref.valid and ref.kind == "badge"


def test_html_escapes_every_user_string(fw):
    evil = '<script>alert("x")</script> & «'
    hostile = fw.replace(
        title={"fr": evil},
        badges=[b.model_copy(update={"name": {"fr": evil}}) if b.id == "accueil" else b for b in fw.badges],
        partners=[p.model_copy(update={"name": evil}) if p.id == "hotel" else p for p in fw.partners],
        competencies=[
            c.model_copy(update={"title": {"fr": evil}}) if c.id == "cooperer" else c for c in fw.competencies
        ],
    )
    for name in KITS:
        html = render_kit(name, hostile, **({"images": False} if name == "deck" else {}))[f"{name}.html"].decode()
        assert "<script>" not in html, name
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; «" in html, name


def test_unknown_kit_answers_did_you_mean(fw):
    with pytest.raises(UnknownKit, match="Did you mean 'poster'"):
        get_kit("postre")
    with pytest.raises(UnknownKit):
        render_materials(fw, ["deck", "cartes"])


def test_write_materials_writes_every_file(tmp_path, fw):
    written = write_materials(render_materials(fw, ["partners", "runsheet"]), tmp_path / "out")
    assert sorted(p.name for p in written) == ["partners.html", "partners.pdf", "runsheet.html", "runsheet.pdf"]
    assert all(p.read_bytes() for p in written)
    assert not list((tmp_path / "out").glob(".*tmp*"))


# --- poster layout -----------------------------------------------------------------------------------


def test_poster_uses_saved_positions_and_columns_without_the_constellation_package(fw, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "badgeworkbench.constellation", None)  # as if it were not installed
    positions = poster_positions(fw)
    assert set(positions) == {b.id for b in fw.badges}
    for key, pos in fw.layout.items():
        assert positions[key] == (pos.x, pos.y)
    depths = requirement_depths(fw)
    assert depths == {"accueil": 0, "hygiene": 0, "oral": 0, "equipe": 1, "cuisine-1": 1, "service": 2}
    unsaved = fw.replace(layout={})
    columns = poster_positions(unsaved)
    assert columns == column_layout(unsaved, [b.id for b in unsaved.badges])
    assert columns["service"][0] > columns["equipe"][0] > columns["accueil"][0]
    assert poster_positions(unsaved) == columns  # deterministic


def test_poster_places_unsaved_badges_with_the_constellation_layout(fw):
    constellation = pytest.importorskip("badgeworkbench.constellation", reason="badgeworkbench.constellation not here")
    expected = constellation.constellation_layout(fw)
    positions = poster_positions(fw)
    assert positions == {bid: (p.x, p.y) for bid, p in expected.items()}
    for key, pos in fw.layout.items():
        assert positions[key] == (pos.x, pos.y)


def test_poster_survives_a_requirement_cycle_and_unknown_badges(fw):
    cyclic = fw.replace(
        badges=[
            *fw.badges,
            Badge(id="a", name={"fr": "A"}, requires=Requirement(of=["b", "fantome"])),
            Badge(id="b", name={"fr": "B"}, requires=Requirement(of=["a"])),
        ]
    )
    files = render_kit("poster", cyclic)
    assert "A" in _text(files["poster.pdf"])
    assert (
        len(PdfReader(io.BytesIO(render_kit("poster", fw, size="A2")["poster.pdf"])).pages[0].mediabox.upper_right) == 2
    )
    with pytest.raises(MaterialsError, match="A3 or A2"):
        render_kit("poster", fw, size="A0")


# --- run-sheet and partner summary ---------------------------------------------------------------------


def test_runsheet_times_steps_and_lists_materials_and_partners(fw, rendered):
    rows = timed_steps(DEFAULT_STEPS, "9h30", "fr")
    assert rows[0][:2] == ("9h30", "15 min") and rows[1][0] == "9h45" and rows[-1][0] == "12h30"
    text = _text(rendered["runsheet"]["runsheet.pdf"])
    for partner in fw.partners:
        assert partner.name in text
    assert "Cartes badges\u202f: 6 cartes" in text or "Cartes badges : 6 cartes" in text
    custom = render_kit(
        "runsheet",
        fw,
        "en",
        start="14:00",
        steps=[{"minutes": 50, "title": "Vote"}],
        partners=["hotel"],
        date="12 mars",
        place="Tours",
    )
    text = _text(custom["runsheet.pdf"])
    assert "14:00" in text and "14:50" in text and "Hôtel Le Cœur de Loire" in text and "Mission locale" not in text
    with pytest.raises(MaterialsError, match="not a time"):
        render_kit("runsheet", fw, start="midi")


def test_partner_summary_counts(fw, rendered):
    text = _text(rendered["partners"]["partners.pdf"])
    assert "Hôtel Le Cœur de Loire" in text and "Badges soutenus (3)" in text
    assert "Compétences proposées (2)" in text  # the two proposed by Les Restos d'Œuvre


# --- golden images ---------------------------------------------------------------------------------------


def _render_png(pdf: bytes, page: int = 0):
    pdfium = pytest.importorskip(
        "pypdfium2", reason="pypdfium2 is not installed: pages were not compared with golden images"
    )
    document = pdfium.PdfDocument(pdf)
    try:
        return document[page].render(scale=60 / 72).to_pil().convert("L")
    finally:
        document.close()


@pytest.mark.parametrize(
    ("name", "page"),
    [("deck", 0), ("deck", 1), ("cards", 0), ("canvas", 1), ("poster", 0), ("runsheet", 0), ("partners", 0)],
)
def test_pages_look_like_the_golden_images(name, page, rendered):
    from PIL import Image, ImageChops, ImageStat

    image = _render_png(rendered[name][f"{name}.pdf"], page)
    golden = GOLDEN / f"{name}-{page}.png"
    if UPDATE_GOLDEN:
        golden.parent.mkdir(parents=True, exist_ok=True)
        image.save(golden, optimize=True)
    assert golden.is_file(), f"{golden} missing: run BWB_UPDATE_GOLDEN=1 pytest tests/test_materials.py to create it"
    expected = Image.open(golden).convert("L")
    assert image.size == expected.size
    diff = ImageChops.difference(image, expected)
    mean = ImageStat.Stat(diff).mean[0]
    changed = sum(diff.point(lambda v: 255 if v > 64 else 0).histogram()[255:]) / (image.size[0] * image.size[1])
    assert mean < 1.5 and changed < 0.005, (
        f"{name} page {page}: mean difference {mean:.2f}, {changed:.2%} pixels changed"
    )


# --- the bundled example framework ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def example():
    from badgeworkbench.files import load_framework
    from badgeworkbench.workspace import example_framework_path

    path = example_framework_path()
    if not path.is_dir():
        pytest.skip(f"{path} not found: the example framework is not on this branch yet")
    return load_framework(path)


def test_example_framework_prints_every_badge_and_competency_intact(example):
    lang = "fr"
    deck = _text(render_kit("deck", example, lang, images=False)["deck.pdf"])
    poster = _text(render_kit("poster", example, lang)["poster.pdf"])
    canvas = _text(render_kit("canvas", example, lang)["canvas.pdf"])
    for badge in example.badges:
        name = _flat(badge.name.get(lang) or badge.name["fr"])
        assert name in deck and name in canvas, name
        assert name in poster, name
    cards = _text(render_kit("cards", example, lang)["cards.pdf"])
    for competency in example.competencies:
        title = _flat(competency.title.get(lang) or competency.title["fr"])
        assert title in cards, title


def test_deck_prints_the_badge_images_when_the_images_package_is_there(fw):
    images = pytest.importorskip("badgeworkbench.images", reason="badgeworkbench.images is not on this branch")
    files = render_kit("deck", fw)
    reader = PdfReader(io.BytesIO(files["deck.pdf"]))
    drawn = [
        name
        for name, ref in reader.pages[0]["/Resources"].get("/XObject", {}).items()
        if ref.get_object()["/Subtype"] == "/Image"
    ]
    assert len(drawn) == len(fw.badges)
    html = files["deck.html"].decode()
    assert html.count("data:image/png;base64,") == len(fw.badges)
    badge = fw.badge("cuisine-1")
    assert f'alt="{html_escape(images.alt_text(fw, badge, "fr"))}"' in html


def test_poster_asks_the_constellation_layout_for_unsaved_positions(fw, monkeypatch):
    import sys
    import types

    from badgeworkbench.model import Position

    fake = types.ModuleType("badgeworkbench.constellation")
    fake.constellation_layout = lambda framework: {
        b.id: Position(x=i * 10.0, y=-5.0) for i, b in enumerate(framework.badges)
    }
    monkeypatch.setitem(sys.modules, "badgeworkbench.constellation", fake)
    positions = poster_positions(fw)
    assert positions["oral"] == (20.0, -5.0)  # computed by the constellation package
    assert positions["accueil"] == (0.0, 0.0)  # saved positions always win


def test_empty_frameworks_and_huge_texts_still_print():
    from badgeworkbench.model import Criteria, Framework

    empty = Framework(id="vide")
    huge = Framework(
        id="long",
        badges=[
            Badge(
                id="b",
                name={"fr": "Nom très long " * 40},
                criteria=Criteria(narrative={"fr": "mot " * 3000 + "https://exemple.org/" + "x" * 400}),
            )
        ],
    )
    for name in KITS:
        for framework in (empty, huge):
            files = render_kit(name, framework)
            assert PdfReader(io.BytesIO(files[f"{name}.pdf"])).pages
    back = _text(render_kit("deck", huge, images=False)["deck.pdf"])
    assert "…" in back  # cut at a line end, marked, never spilling out of the card


def test_the_canvas_shows_status_and_partners_comments():
    import io

    from pypdf import PdfReader

    from badgeworkbench import load_framework
    from badgeworkbench.materials import render_kit

    from .conftest import EXAMPLE

    fw = load_framework(EXAMPLE)
    badge = next(b for b in fw.badges if b.comments)
    pdf = render_kit("canvas", fw, badges=[badge.id], blank=False)["canvas.pdf"]
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Remarques des partenaires" in text and "adopté" in text
    first_words = " ".join(badge.comments[0].text.split()[:3])
    assert first_words in text


def test_a_missing_font_is_explained_in_french_and_english(tmp_path, monkeypatch):
    import matplotlib

    from badgeworkbench.materials import _base

    monkeypatch.setattr(matplotlib, "get_data_path", lambda: str(tmp_path))
    _base.font_files.cache_clear()
    try:
        with pytest.raises(_base.MaterialsError) as caught:
            _base.font_files()
    finally:
        _base.font_files.cache_clear()
    assert "police DejaVu Sans (DejaVuSans.ttf) est introuvable" in caught.value.text("fr")
    assert "font (DejaVuSans.ttf) was not found" in caught.value.text("en")


def test_a_field_added_to_the_model_at_its_default_leaves_printed_codes_valid():
    # Cards and sheets carry each item's content digest; a newer workbench adding a field to the model
    # (at its default) must not make everything printed before look changed.
    from badgeworkbench.materials.codes import content_digest
    from badgeworkbench.model import Badge

    class LaterBadge(Badge):
        some_new_field: str = ""

    badge = Badge(id="accueil", name={"fr": "Accueil"}, version="1.2")
    later = LaterBadge(id="accueil", name={"fr": "Accueil"}, version="1.2")
    assert content_digest(later) == content_digest(badge)
    assert content_digest(later.model_copy(update={"some_new_field": "x"})) != content_digest(badge)

"""Layout and pictures: deterministic, saved positions reused, text escaped, French labels, real PNG/SVG."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from badgeworkbench.constellation import (
    badge_columns,
    constellation_layout,
    constellation_png,
    constellation_scene,
    constellation_svg,
    contribution_chart,
    coverage_heatmap,
    draw,
    with_layout,
)
from badgeworkbench.constellation.layout import NODE_HEIGHT, layered_layout
from badgeworkbench.errors import UnknownItem
from badgeworkbench.files import load_framework, save_framework
from badgeworkbench.model import Badge, Framework, Position, Requirement

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "constellation"
SVG = "{http://www.w3.org/2000/svg}"


# --- layout --------------------------------------------------------------------------------------------


def test_columns_follow_stages_and_requirements(kitchen):
    columns = badge_columns(kitchen)
    assert columns["accueil"] == 0 and columns["accueil-bis"] == 0
    assert columns["cuisine"] == columns["service"] == columns["caisse"] == 1
    assert columns["commis"] == 2 and columns["gestion"] == 2 and columns["chef"] == 3
    for badge in kitchen.badges:  # every requirement arrow runs left to right
        for required in badge.requires.badge_ids() if badge.requires else []:
            assert columns[required] < columns[badge.id]


def test_layout_is_deterministic_and_in_columns(kitchen):
    first = constellation_layout(kitchen)
    assert first == constellation_layout(load_framework(FIXTURES / "kitchen"))
    assert set(first) == {b.id for b in kitchen.badges}
    layered = layered_layout(kitchen)
    for badge, p in first.items():  # each box inside its column
        x, width = layered.columns[layered.ranks[badge]]
        assert x <= p.x and p.x + layered.sizes[badge][0] <= x + width
    assert len({(p.x, p.y) for p in first.values()}) == len(first)  # no two badges on one spot


def test_spring_layout_is_seeded(kitchen):
    assert constellation_layout(kitchen, "spring", seed=3) == constellation_layout(kitchen, "spring", seed=3)


def test_saved_positions_are_reused_and_kept_clear(kitchen, tmp_path):
    arranged = with_layout(kitchen, {"chef": Position(x=0, y=0), "caisse": (660.5, 42)})
    layout = constellation_layout(arranged)
    assert layout["chef"] == Position(x=0, y=0) and layout["caisse"] == Position(x=660.5, y=42)
    assert all((p.x, p.y) != (0, 0) for b, p in layout.items() if b != "chef")  # accueil moved out of the way
    # Saved into the model, written to disk and read back: the drawing uses them everywhere.
    save_framework(arranged, tmp_path / "fw")
    reloaded = load_framework(tmp_path / "fw")
    assert constellation_layout(reloaded) == layout
    assert constellation_svg(reloaded) == constellation_svg(arranged)
    assert 'id="badge-chef"><rect x="24" y="108"' in constellation_svg(arranged)
    assert constellation_layout(arranged)["caisse"] == Position(x=660.5, y=42)


def test_with_layout_keeps_other_positions_and_refuses_unknown_ids(kitchen):
    once = with_layout(kitchen, {"chef": (1, 2)})
    twice = with_layout(once, {"commis": (3, 4)})
    assert set(twice.layout) == {"chef", "commis"}
    assert kitchen.layout == {}  # the original is untouched
    with pytest.raises(UnknownItem, match="Did you mean 'chef'"):
        with_layout(kitchen, {"cheff": (0, 0)})


# --- the constellation picture ---------------------------------------------------------------------------


def test_svg_is_well_formed_deterministic_and_french(kitchen):
    svg = constellation_svg(kitchen)
    assert svg == constellation_svg(load_framework(FIXTURES / "kitchen"))
    root = ET.fromstring(svg)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Cuisine « solidaire » : parcours d'été" in texts  # title, accents and guillemets intact
    assert {"Étape 1", "Étape 4", "Compétence", "Participation"} <= set(texts)
    assert "★ Commis de cuisine" in texts
    assert "Restaurant" not in svg  # partners are not badges
    english = constellation_svg(kitchen, lang="en")
    assert "Step 1" in english and "Welcoming the public" in english


def test_svg_draws_n_of_m_edges_dashed_with_their_label(kitchen):
    root = ET.fromstring(constellation_svg(kitchen))
    lines = list(root.iter(f"{SVG}polyline"))
    dashed = [line for line in lines if line.get("stroke-dasharray")]
    # commis: 2 of (cuisine, service, caisse) → 3 dashed; chef: 1 of (service, gestion) → 2 dashed.
    assert len(lines) == 1 + 3 + 1 + 1 + 2 and len(dashed) == 5
    labels = [t.text for t in root.iter(f"{SVG}text") if t.text and "/" in t.text]
    assert sorted(labels) == ["1/2", "1/2", "2/3", "2/3", "2/3"]


def _crosses_a_node(scene) -> list[tuple[str, tuple]]:
    hits = []
    for edge in scene.edges:
        for (x1, y1), (x2, y2) in zip(edge.points, edge.points[1:], strict=False):
            for step in range(1, 50):
                x, y = x1 + (x2 - x1) * step / 50, y1 + (y2 - y1) * step / 50
                for node in scene.nodes:
                    if node.x + 1 < x < node.x + node.width - 1 and node.y + 1 < y < node.y + NODE_HEIGHT - 1:
                        hits.append((node.id, edge.points))
    return hits


def test_edges_skipping_a_column_never_pass_under_a_badge(kitchen):
    from benchmarks.generate import generated_framework

    assert _crosses_a_node(constellation_scene(kitchen)) == []
    assert _crosses_a_node(constellation_scene(generated_framework(competencies=200, badges=80, seed=1))) == []


def test_nodes_are_coloured_by_category(kitchen):
    scene = constellation_scene(kitchen)
    fills = {n.id: n.fill for n in scene.nodes}
    assert fills["cuisine"] == fills["commis"] != fills["accueil"] != fills["service"] != fills["caisse"]
    assert [n.milestone for n in scene.nodes if n.id == "commis"] == [True]


def test_svg_escapes_text():
    fw = Framework(
        id="f",
        title={"fr": "<script>alert('x')</script> & co"},
        badges=[Badge(id="a", name={"fr": 'Cuisine "A" <b> & « B »'})],
    )
    svg = constellation_svg(fw)
    assert "<script>" not in svg and "<b>" not in svg
    node = next(g for g in ET.fromstring(svg).iter(f"{SVG}g") if g.get("id") == "badge-a")
    assert " ".join(t.text for t in node.iter(f"{SVG}text")) == 'Cuisine "A" <b> & « B »'


def test_labels_wrap_without_orphan_guillemets():
    fw = Framework(id="f", badges=[Badge(id="a", name={"fr": "Préparer « la soupe du jour » : ok"})])
    node = next(g for g in ET.fromstring(constellation_svg(fw)).iter(f"{SVG}g") if g.get("id") == "badge-a")
    lines = [t.text for t in node.iter(f"{SVG}text")]
    assert len(lines) == 2 and not any(line.startswith(("»", ":")) or line.endswith("«") for line in lines)


def test_svg_survives_broken_requirements():
    fw = load_framework(FIXTURES / "bad-requirements")
    root = ET.fromstring(constellation_svg(fw))
    assert len([g for g in root.iter(f"{SVG}g")]) == 6  # every badge drawn; the edge to "ghost" is left out


def test_png_is_a_real_deterministic_image(kitchen):
    png = constellation_png(kitchen)
    assert png == constellation_png(kitchen)
    image = Image.open(io.BytesIO(png))
    scene = constellation_scene(kitchen)
    assert image.format == "PNG" and image.size == (round(scene.width), round(scene.height))
    assert len(image.convert("RGB").getcolors(maxcolors=1 << 20)) > 20  # not blank: text, colours, lines


def test_empty_framework_draws():
    fw = Framework(id="vide")
    assert ET.fromstring(constellation_svg(fw)).tag == f"{SVG}svg"
    assert Image.open(io.BytesIO(constellation_png(fw))).format == "PNG"


# --- heatmap, contribution chart, dispatcher ----------------------------------------------------------------


@pytest.mark.parametrize("render", [coverage_heatmap, contribution_chart])
def test_charts_render_png_and_svg_deterministically(kitchen, render):
    png = render(kitchen, "png")
    assert Image.open(io.BytesIO(png)).format == "PNG" and png == render(kitchen, "png")
    svg = render(kitchen, "svg")
    assert svg == render(kitchen, "svg") and ET.fromstring(svg).tag == f"{SVG}svg"


def test_heatmap_groups_large_frameworks_by_domain(kitchen):
    small = Image.open(io.BytesIO(coverage_heatmap(kitchen, max_rows=3)))
    full = Image.open(io.BytesIO(coverage_heatmap(kitchen)))
    assert small.size[1] < full.size[1]  # 4 root domains of 8 competencies drawn


def test_contribution_by_territory(kitchen):
    assert Image.open(io.BytesIO(contribution_chart(kitchen, "png", by="territory"))).format == "PNG"


def test_draw_dispatches_by_name(kitchen):
    assert draw(kitchen, "svg") == constellation_svg(kitchen).encode()
    assert draw(kitchen, "png", "coverage") == coverage_heatmap(kitchen, "png")
    with pytest.raises(ValueError, match="constellation"):
        draw(kitchen, "svg", "nope")  # type: ignore[arg-type]


def test_unknown_category_colours_do_not_break():
    fw = Framework(id="f", badges=[Badge(id="a"), Badge(id="b", requires=Requirement(count=1, of=["a", "zz"]))])
    assert "1/2" in constellation_svg(fw)


def test_pictures_and_routes_do_not_depend_on_hash_seeds():
    # Sets and dicts iterate in hash order for strings: run in fresh interpreters with other seeds.
    import os
    import subprocess
    import sys

    script = (
        "import hashlib; from badgeworkbench.files import load_framework; "
        "from badgeworkbench.constellation import constellation_svg, constellation_png, routes; "
        f"fw = load_framework({str(FIXTURES / 'kitchen')!r}); "
        "print(hashlib.sha256(constellation_svg(fw).encode() + constellation_png(fw)).hexdigest(), "
        "routes(fw, [], 'commis'))"
    )
    root = Path(__file__).resolve().parents[1]
    outputs = {
        subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(root)}).stdout
        for seed in ("1", "2", "3")
    }  # fmt: skip
    assert len(outputs) == 1

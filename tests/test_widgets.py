"""Every panel driven without a browser: click buttons, set values, check the state and the files."""

from __future__ import annotations

import html
import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from badgeworkbench import constellation, edit, images
from badgeworkbench.files import load_framework, read_framework, save_framework
from badgeworkbench.model import Criteria, Requirement
from badgeworkbench.widgets import (
    AnalysisPanel,
    BadgeDesigner,
    ConstellationPanel,
    ExportPanel,
    FrameworkPanel,
    MaterialsPanel,
    StartPanel,
    VerifyPanel,
    WorkbenchState,
    WorkshopPanel,
)  # fmt: skip
from badgeworkbench.widgets.base import esc
from badgeworkbench.widgets.i18n import LABELS, MissingLabel, t
from tests.widget_fixtures import framework_folder, small_framework

ALL_PANELS = [StartPanel, WorkshopPanel, FrameworkPanel, BadgeDesigner, ConstellationPanel, AnalysisPanel,
              ExportPanel, MaterialsPanel, VerifyPanel]  # fmt: skip


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return framework_folder(tmp_path, use_example=False)


@pytest.fixture
def state(folder: Path) -> WorkbenchState:
    return WorkbenchState.open(folder)


def other_partner_saves(folder: Path, change) -> None:
    """Another partner, in another kernel, reads the files, edits and saves."""
    opened = read_framework(folder)
    save_framework(change(opened.framework), folder, snapshot=opened.snapshot)


# --- the state -------------------------------------------------------------------------------------


def test_an_edit_is_checked_and_saved_at_once(state, folder):
    assert state.apply(lambda fw: edit.update_item(fw, "badge", "accueil", name={"fr": "Accueil du public"}), "nom")
    assert "Accueil du public" in (folder / "badges" / "accueil.yaml").read_text("utf-8")
    assert state.saves == 1 and state.message_level == "success"


def test_a_refused_edit_changes_nothing_and_says_why(state, folder):
    before = (folder / "badges" / "accueil.yaml").read_bytes()
    assert not state.apply(lambda fw: edit.update_item(fw, "badge", "nope", votes=1), "x")
    assert state.message_level == "error" and "nope" in state.message
    assert (folder / "badges" / "accueil.yaml").read_bytes() == before


def test_undo_and_redo_restore_the_files(state, folder):
    state.apply(lambda fw: edit.remove_item(fw, "badge", "cuisine"), "retrait")
    assert not (folder / "badges" / "cuisine.yaml").exists()
    assert state.undo() and (folder / "badges" / "cuisine.yaml").exists()
    assert state.can_redo and state.redo() and not (folder / "badges" / "cuisine.yaml").exists()


def test_undo_keeps_what_another_partner_saved_meanwhile(state, folder):
    state.apply(lambda fw: edit.vote(fw, "badge", "accueil"), "vote")
    other_partner_saves(folder, lambda fw: edit.update_item(fw, "badge", "cuisine", name={"fr": "Cuisine collective"}))
    state.undo()
    on_disk = load_framework(folder)
    assert on_disk.badge("accueil").votes == 0
    assert on_disk.badge("cuisine").name["fr"] == "Cuisine collective"


def test_changes_by_another_partner_on_other_items_are_merged_without_asking(state, folder):
    other_partner_saves(folder, lambda fw: edit.update_item(fw, "badge", "cuisine", name={"fr": "Cuisine collective"}))
    assert state.apply(lambda fw: edit.update_item(fw, "badge", "accueil", name={"fr": "Accueil du public"}), "nom")
    assert state.conflict is None
    on_disk = load_framework(folder)
    assert on_disk.badge("cuisine").name["fr"] == "Cuisine collective"
    assert on_disk.badge("accueil").name["fr"] == "Accueil du public"
    assert state.framework.badge("cuisine").name["fr"] == "Cuisine collective"


def test_a_clash_sets_a_conflict_and_loses_nothing(state, folder):
    other_partner_saves(folder, lambda fw: edit.update_item(fw, "badge", "accueil", name={"fr": "Leur accueil"}))
    assert not state.apply(lambda fw: edit.update_item(fw, "badge", "accueil", name={"fr": "Mon accueil"}), "mon nom")
    assert state.conflict is not None and "badges/accueil.yaml" in state.conflict.files
    assert state.framework.badge("accueil").name["fr"] == "Mon accueil"  # my edit is still shown
    assert load_framework(folder).badge("accueil").name["fr"] == "Leur accueil"  # theirs was not overwritten
    # a banner with the two buttons is shown on every panel
    panel = BadgeDesigner(state)
    assert panel.header.conflict.layout.display == ""
    assert "Recharger" in panel.header.conflict.reload_button.description


def test_reload_takes_theirs_and_reapplies_my_other_edits(state, folder):
    state.apply(lambda fw: edit.vote(fw, "badge", "cuisine"), "vote cuisine", additive=True)
    other_partner_saves(folder, lambda fw: edit.update_item(fw, "badge", "accueil", name={"fr": "Leur accueil"}))
    # my next edits: one clashes with theirs, one does not; the state notices the clash before saving
    state.apply(lambda fw: edit.update_item(fw, "badge", "accueil", name={"fr": "Mon accueil"}), "mon nom")
    state.apply(lambda fw: edit.update_item(fw, "badge", "ecoute", name={"fr": "Écoute active"}), "écoute")
    assert state.conflict is not None
    panel = StartPanel(state)
    panel.header.conflict.reload_button.click()
    assert state.conflict is None
    on_disk = load_framework(folder)
    assert on_disk.badge("accueil").name["fr"] == "Leur accueil"
    assert on_disk.badge("ecoute").name["fr"] == "Écoute active"
    assert on_disk.badge("cuisine").votes == 1
    assert state.set_aside == ["mon nom"]


def test_merge_keeps_both_and_mine_wins_where_both_changed(state, folder):
    other_partner_saves(
        folder,
        lambda fw: edit.update_item(
            edit.update_item(fw, "badge", "accueil", name={"fr": "Leur accueil"}), "badge", "cuisine", votes=4
        ),
    )
    state.apply(lambda fw: edit.update_item(fw, "badge", "accueil", name={"fr": "Mon accueil"}), "mon nom")
    assert state.conflict is not None
    banner = WorkshopPanel(state).header.conflict
    banner.merge_button.click()
    # both changed the French name: coauthoring.merge leaves that to a person, nothing is written yet
    assert [c.id for c in state.merging.conflicts] == ["badge:accueil:name.fr"]
    assert load_framework(folder).badge("accueil").name["fr"] == "Leur accueil"
    assert banner.chooser is not None and "accueil" in banner.chooser.children[0].children[0].value
    banner.chooser.choose("badge:accueil:name.fr", "ours")
    banner.chooser.button.click()
    on_disk = load_framework(folder)
    assert on_disk.badge("accueil").name["fr"] == "Mon accueil"
    assert on_disk.badge("cuisine").votes == 4
    assert state.conflict is None and state.merging is None and banner.choosing.children == ()


def test_merge_without_contradiction_is_saved_at_once(state, folder):
    # the same badge, different fields: a conflict for the state (same file), none for the merge
    other_partner_saves(folder, lambda fw: edit.update_item(fw, "badge", "accueil", description={"fr": "Leur texte"}))
    state.apply(lambda fw: edit.update_item(fw, "badge", "accueil", name={"fr": "Mon accueil"}), "mon nom")
    assert state.conflict is not None
    StartPanel(state).header.conflict.merge_button.click()
    on_disk = load_framework(folder).badge("accueil")
    assert (on_disk.name["fr"], on_disk.description["fr"]) == ("Mon accueil", "Leur texte")
    assert state.conflict is None and state.merging is None


def test_keep_my_version_everywhere_decides_every_conflict(state, folder):
    other_partner_saves(
        folder, lambda fw: edit.update_item(fw, "badge", "accueil", name={"fr": "Leur accueil", "en": "Theirs"})
    )
    state.apply(
        lambda fw: edit.update_item(fw, "badge", "accueil", name={"fr": "Mon accueil", "en": "Mine"}), "mon nom"
    )
    banner = StartPanel(state).header.conflict
    banner.merge_button.click()
    assert len(state.merging.conflicts) == 2
    banner.cancel_button.click()  # later: nothing written, the banner stays
    assert state.merging is None and state.conflict is not None
    assert load_framework(folder).badge("accueil").name["fr"] == "Leur accueil"
    banner.merge_button.click()
    banner.mine_everywhere_button.click()
    assert load_framework(folder).badge("accueil").name == {"fr": "Mon accueil", "en": "Mine"}


def test_every_save_is_in_the_history_shown_on_the_start_panel(state, folder):
    from badgeworkbench.coauthoring import read_log

    panel = StartPanel(state)
    panel.header.partner.value = "cnam"
    panel.header.person.value = "Awa"
    state.apply(
        lambda fw: edit.update_item(fw, "badge", "accueil", name={"fr": "Accueil du public"}), "nom de l'accueil"
    )
    entries = read_log(folder)
    assert entries[-1].partner == "cnam" and entries[-1].person == "Awa" and "badge:accueil" in entries[-1].items[0]
    assert entries[-1].note == "nom de l'accueil"
    import hashlib  # the log names the file the save wrote, with the digest of what is on disk

    on_disk = hashlib.sha256((folder / "badges" / "accueil.yaml").read_bytes()).hexdigest()
    assert entries[-1].files == {"badges/accueil.yaml": on_disk}
    assert "cnam (Awa)" in panel.history.value and "nom de l&#x27;accueil" in panel.history.value


def test_dot_votes_from_two_rooms_add_up(state, folder):
    other_partner_saves(folder, lambda fw: edit.vote(fw, "badge", "accueil", 2))
    assert state.apply(lambda fw: edit.vote(fw, "badge", "accueil"), "vote", additive=True)
    assert load_framework(folder).badge("accueil").votes == 3


def test_check_disk_takes_in_another_partners_save(state, folder):
    assert state.check_disk() == []
    other_partner_saves(folder, lambda fw: edit.update_item(fw, "badge", "cuisine", name={"fr": "Cuisine collective"}))
    assert state.check_disk() == ["badges/cuisine.yaml"]
    assert state.framework.badge("cuisine").name["fr"] == "Cuisine collective"
    assert "cuisine" in state.message


def test_polling_thread_notices_a_save(state, folder):
    import time

    state.start_polling(0.05)
    try:
        other_partner_saves(folder, lambda fw: edit.update_item(fw, "badge", "cuisine", name={"fr": "Cuisine 2"}))
        deadline = time.time() + 5
        while time.time() < deadline and state.framework.badge("cuisine").name["fr"] != "Cuisine 2":
            time.sleep(0.05)
    finally:
        state.stop_polling()
    assert state.framework.badge("cuisine").name["fr"] == "Cuisine 2"


# --- language --------------------------------------------------------------------------------------


def test_every_label_is_in_french_and_english():
    for key, entry in LABELS.items():
        assert entry["fr"].strip() and entry["en"].strip(), key
    assert "\u202f:" in t("msg.saved", "fr", label="x")
    with pytest.raises(MissingLabel):
        t("no.such.label")


def test_the_language_switch_relabels_every_panel(state):
    panels = [cls(state) for cls in ALL_PANELS]
    workshop, designer = panels[1], panels[3]
    assert workshop.add_button.description == "Ajouter la proposition"
    panels[0].header.language.value = "en"  # the switch on the start panel…
    assert state.language == "en"
    assert workshop.add_button.description == "Add the proposal"  # …re-labels the others
    assert designer.save_button.description == "Save the badge"
    assert all(p.header.language.value == "en" for p in panels)
    assert workshop.status.options[0][0] == "Proposed"
    assert panels[-1].verify_button.description == "Verify"  # the employer's panel too


# --- panels ----------------------------------------------------------------------------------------


def test_start_panel_shows_health_and_jumps_to_the_item(state):
    state.apply(lambda fw: edit.update_item(fw, "badge", "cuisine", criteria={}), "sans critères")
    panel = StartPanel(state)
    assert "erreur" in panel.health.value
    assert "✖ 1 badge sans critères" in panel.problems.titles
    panel.problems.open_kind("badge-without-criteria")
    panel.problems.choose(lambda p: p.item == "badge:cuisine")
    panel.problems.jump_button.click()
    assert state.selected == "badge:cuisine"
    assert "03-badges.ipynb" in panel.item_view.value and "Cuisine" in panel.item_view.value
    assert panel.table.value == ""  # the full table, one row per problem, is built when opened
    panel.table_section.selected_index = 0
    assert "badge-without-criteria" in panel.table.value


def test_start_panel_creates_and_opens_a_new_framework(state, tmp_path):
    panel = StartPanel(state)
    panel.new_folder.value = str(tmp_path / "nouveau")
    panel.new_title.value = "Nouveau référentiel"
    panel.create_button.click()
    assert state.path == str(tmp_path / "nouveau") and (tmp_path / "nouveau" / "framework.yaml").exists()
    panel.path_input.value = str(tmp_path / "nowhere")
    panel.open_button.click()
    assert state.message_level == "error" and "nowhere" in state.message


def test_workshop_captures_groups_votes_decides_and_undoes(state, folder):
    panel = WorkshopPanel(state)
    panel.header.partner.value = "cnam"
    panel.header.person.value = "Awa"
    panel.kind.value = "competency"
    panel.title_input.value = "Travailler en équipe"
    panel.parent.value = "relation"
    panel.add_button.click()
    assert state.selected == "competency:travailler-en-equipe"
    saved = load_framework(folder).competency("travailler-en-equipe")
    assert saved.parent == "relation" and saved.status == "proposed"
    assert saved.provenance.proposed_by == "cnam" and saved.provenance.proposed_by_person == "Awa"
    panel.vote_up.click()
    panel.vote_up.click()
    panel.status.value = "adopted"
    assert load_framework(folder).competency("travailler-en-equipe").votes == 2
    assert load_framework(folder).competency("travailler-en-equipe").status == "adopted"
    assert "Travailler en équipe" in panel.board.value and "●●" in panel.board.value
    panel.group_under.value = "cuisiner"
    panel.group_button.click()
    assert load_framework(folder).competency("travailler-en-equipe").parent == "cuisiner"
    panel.undo_button.click()
    assert load_framework(folder).competency("travailler-en-equipe").parent == "relation"
    # the graph follows: the new card is a node, linked to its parent
    assert "competency:travailler-en-equipe" in {n["id"] for n in panel.graph.nodes}
    assert {
        "source": "competency:travailler-en-equipe",
        "target": "competency:relation",
        "kind": "child_of",
    } in panel.graph.edges
    # a badge card, grouped by dropping it onto a competency in the graph
    panel.kind.value = "badge"
    panel.title_input.value = "Travail d'équipe"
    panel.add_button.click()
    panel.graph.drop("badge:travail-d-equipe", "competency:ecouter")
    badge = load_framework(folder).badge("travail-d-equipe")
    assert [rc.competency for rc in badge.competencies] == ["ecouter"] and badge.provenance.proposed_by == "cnam"
    # clicking a node in the graph picks the card (an older card: today's session shows only the new ones)
    assert "badge:cuisine" not in {n["id"] for n in panel.graph.nodes}
    panel.session.value = "all"
    panel.graph.selected = "badge:cuisine"
    assert state.selected == "badge:cuisine" and panel.cards.value == "badge:cuisine"
    panel.comment.value = "À rapprocher du badge service"
    panel.comment_button.click()
    assert load_framework(folder).badge("cuisine").comments[-1].text == "À rapprocher du badge service"


def test_framework_editor_edits_hierarchy_levels_relations_alignments(state, folder):
    panel = FrameworkPanel(state)
    panel.tree.value = "ecouter"
    assert state.selected == "competency:ecouter" and panel.title_fr.value == "Écouter"
    panel.title_fr.value = "Écouter activement"
    panel.save_button.click()
    assert load_framework(folder).competency("ecouter").title["fr"] == "Écouter activement"
    # the meaning of the chosen relation type is shown right there, with the names put in
    panel.relation_type.value = "isPartOf"
    panel.relation_target.value = "cuisiner"
    assert "composante" in panel.relation_meaning.value and "Cuisiner" in panel.relation_meaning.value
    panel.relation_type.value = "exactMatchOf"
    assert "exactement la même" in panel.relation_meaning.value
    panel.add_relation_button.click()
    assert any(r.type == "exactMatchOf" and r.target == "cuisiner" for r in load_framework(folder).relations)
    panel.level_id.value = "1"
    panel.level_name.value = "Découverte"
    panel.add_level_button.click()
    assert load_framework(folder).competency("ecouter").levels[0].name["fr"] == "Découverte"
    panel.alignment_framework.value = "CléA"
    panel.alignment_name.value = "Communiquer en français"
    panel.alignment_url.value = "https://www.certificat-clea.fr/"
    panel.add_alignment_button.click()
    assert load_framework(folder).competency("ecouter").alignments[0].framework == "CléA"
    panel.new_title.value = "Écouter sans juger"
    panel.add_child_button.click()
    assert load_framework(folder).competency("ecouter-sans-juger").parent == "ecouter"
    panel.header.language.value = "en"
    assert "exactly the same competency" in panel.relation_meaning.value  # the meaning follows the language


def test_badge_designer_previews_while_typing_and_saves(state, folder):
    panel = BadgeDesigner(state)
    panel.badge.value = "accueil"
    assert state.selected == "badge:accueil"
    before = bytes(panel.preview.value)
    assert before.startswith(b"\x89PNG") and panel.preview.format == "png"
    panel.name_fr.value = "Accueil chaleureux — ça marche"
    assert bytes(panel.preview.value).startswith(b"\x89PNG") and bytes(panel.preview.value) != before
    assert bytes(panel.preview.value) == images.preview(state.framework, panel.draft(), lang="fr", folder=state.path)
    assert panel.preview_ms < 100
    assert "Accueil chaleureux" in panel.alt_view.value  # images.alt_text of the draft, shown under the preview
    panel.narrative_fr.value = "A accueilli trois personnes seul."
    panel.observables.value = "Dit bonjour\nOriente la personne"
    panel.competencies.value = ("accueillir", "ecouter")
    panel.issuer.value = "cnam"
    panel.save_button.click()
    text = (folder / "badges" / "accueil.yaml").read_text("utf-8")
    assert "Accueil chaleureux — ça marche" in text
    saved = load_framework(folder).badge("accueil")
    assert saved.issuer == "cnam" and [rc.competency for rc in saved.competencies] == ["accueillir", "ecouter"]
    assert len(saved.criteria.observables) == 2
    assert "Accueil" in " ".join(c.children[1].value for c in panel.family.children)
    assert all(bytes(c.children[0].value).startswith(b"\x89PNG") for c in panel.family.children)
    panel.family.children[1].children[2].click()  # a thumbnail's button opens that badge
    assert state.selected != "badge:accueil" and panel.badge.value == state.selected_id("badge")
    panel.new_name.value = "Hygiène en cuisine"
    panel.create_button.click()
    assert state.selected == "badge:hygiene-en-cuisine" and (folder / "badges" / "hygiene-en-cuisine.yaml").exists()


def test_constellation_select_drag_prerequisites_pathways_problems(state, folder):
    panel = ConstellationPanel(state)
    assert {n["id"] for n in panel.graph.nodes} == {"accueil", "ecoute", "cuisine", "service"}
    assert {"accueil"} == {e["source"] for e in panel.graph.edges if e["target"] == "service"}
    panel.graph.selected = "cuisine"  # a click in the page
    assert state.selected == "badge:cuisine"
    positions = dict(panel.graph.positions)
    positions["cuisine"] = {"x": 321.5, "y": 123.25}  # a drag in the page
    panel.graph.positions = positions
    layout = (folder / "layout.yaml").read_text("utf-8")
    assert "cuisine" in layout and "321.5" in layout and "accueil" not in layout
    panel.graph.selected = "service"
    panel.prerequisite.value = "cuisine"
    panel.add_prerequisite_button.click()
    assert load_framework(folder).badge("service").requires.badge_ids() == ["accueil", "cuisine"]
    panel.group_badges.value = ("accueil", "ecoute", "cuisine")
    panel.group_count.value = 2
    panel.graph.selected = "ecoute"
    panel.add_group_button.click()
    req = load_framework(folder).badge("ecoute").requires
    assert req.of[0].count == 2 and "2/3" in {e["label"] for e in panel.graph.edges}
    assert any(n["problem"] for n in panel.graph.nodes)  # ecoute now requires itself: a cycle, shown inline
    assert any(title.startswith("✖") for title in panel.problems.titles)
    panel.clear_button.click()
    assert load_framework(folder).badge("ecoute").requires is None
    panel.pathway.value = "restauration"
    assert set(panel.graph.highlight) == {"accueil", "ecoute", "cuisine", "service"}
    assert "Découvrir" in panel.pathway_view.value


def test_analysis_tables_heatmap_gaps(state):
    panel = AnalysisPanel(state)
    assert "Écouter" in panel.table.value and {"relation", "ecouter"} <= set(panel.frame().index)
    panel.table_choice.value = "badges"
    assert "Service en salle" in panel.table.value
    panel.table_choice.value = "coverage"
    assert panel.frame().equals(constellation.coverage_by_level(state.framework))
    panel.table_choice.value = "contribution"
    assert panel.frame().equals(constellation.contribution(state.framework))
    panel.table_choice.value = "centrality"
    assert panel.frame().equals(constellation.competency_centrality(state.framework, betweenness=False))
    panel.heatmap_button.click()
    assert bytes(panel.heatmap.value) == constellation.coverage_heatmap(state.framework, "png", "fr")
    assert bytes(panel.contribution_image.value).startswith(b"\x89PNG")
    state.apply(lambda fw: edit.add_item(fw, edit.Competency(id="conduire", title={"fr": "Conduire"})), "ajout")
    assert "Conduire" in panel.gaps.value and "conduire" in constellation.uncovered_competencies(state.framework)
    assert "Compétences reconnues par aucun badge" in panel.summary.value  # constellation.analyze(...).to_text


def test_analysis_learner_route_explorer(state):
    panel = AnalysisPanel(state)
    assert "accueil" in panel.reach.value  # nothing held: open to anyone
    panel.target.value = "service"
    assert "Accueil → Service en salle" in panel.routes.value
    panel.held.value = ("accueil",)
    assert "service" in panel.reach.value.split("<details>")[0]  # holding accueil puts service within reach
    assert panel.next_steps.within_reach == constellation.within_reach(state.framework, ["accueil"])
    assert [r.badges for r in panel.next_steps.routes] == [
        r.badges for r in constellation.routes(state.framework, ["accueil"], "service")
    ]
    assert "Service en salle" in panel.routes.value
    panel.held.value = ("accueil", "ecoute", "cuisine")
    assert "restauration" in panel.progress.value or "Restauration" in panel.progress.value
    state.language = "en"
    assert "Within reach" in panel.reach.value and "Shortest routes" in panel.routes.value


# --- the image tab of the badge designer -----------------------------------------------------------


def _png(width: int = 64, height: int = 64, colour: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, format="PNG")
    return out.getvalue()


def _upload_value(data: bytes, name: str) -> tuple[dict, ...]:
    """What ipywidgets.FileUpload holds after a person picks a file."""
    import datetime as dt

    when = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    return ({"name": name, "type": "", "size": len(data), "content": memoryview(data), "last_modified": when},)


def test_image_settings_change_the_preview_and_are_saved(state, folder):
    panel = BadgeDesigner(state)
    panel.badge.value = "cuisine"
    auto = images.resolve_design(state.framework, "cuisine")
    assert panel.image_choices["shape"].value == ""  # no override: the automatic shape, named in the first entry
    assert panel.image_choices["shape"].options[0][0] == t(
        "image.automatic", "fr", value=images.SHAPES[auto.shape].label["fr"]
    )
    shapes = {v for _, v in panel.image_choices["shape"].options} - {""}
    assert shapes == set(images.SHAPES) and {v for _, v in panel.image_choices["palette"].options} - {""} == set(
        images.PALETTES
    )
    before = bytes(panel.preview.value)
    other = next(s for s in images.SHAPES if s != auto.shape)
    panel.image_choices["shape"].value = other
    assert bytes(panel.preview.value) != before
    panel.image_choices["pictogram"].value = "velo"
    panel.image_choices["border"].value = "double"
    panel.image_fields["title"].value = "Cuisine !"
    panel.alt_fr.value = "Un vélo sur un hexagone."
    assert "Un vélo sur un hexagone." in panel.alt_view.value  # a written alt text wins over the generated one
    panel.save_button.click()
    saved = load_framework(folder).badge("cuisine").image
    assert (saved.shape, saved.pictogram, saved.border, saved.title) == (other, "velo", "double", "Cuisine !")
    assert saved.alt == {"fr": "Un vélo sur un hexagone."}
    panel.image_choices["shape"].value = ""  # back to automatic
    panel.save_button.click()
    assert load_framework(folder).badge("cuisine").image.shape is None


def test_low_contrast_is_shown_with_its_figure_and_fixed_in_one_click(state, folder):
    panel = BadgeDesigner(state)
    panel.badge.value = "accueil"
    assert panel.image_problems.value == "" and panel.fix_button.layout.display == "none"
    panel.image_fields["background"].value = "#777777"
    panel.image_fields["foreground"].value = "#888888"
    figure = f"{images.contrast_ratio('#888888', '#777777'):.2f}".replace(".", ",")
    assert figure in panel.image_problems.value and "4,5" in panel.image_problems.value  # the contrast figure
    expected = images.readable_text_colour("#888888", "#777777")
    assert expected in panel.image_problems.value.upper() or expected.lower() in panel.image_problems.value
    assert panel.fix_button.layout.display == ""
    panel.fix_button.click()
    assert panel.image_fields["foreground"].value == expected and panel.image_problems.value == ""
    panel.save_button.click()
    assert not images.check_images(load_framework(folder)).problems


def test_uploaded_image_is_checked_written_and_previewed(state, folder):
    panel = BadgeDesigner(state)
    panel.badge.value = "ecoute"
    drawn = bytes(panel.preview.value)
    panel.upload.value = _upload_value(_png(), "logo.png")
    assert (folder / "images" / "ecoute.png").read_bytes() == _png()
    assert panel.upload_path.value == "images/ecoute.png" and "✔" in panel.upload_note.value
    assert bytes(panel.preview.value) != drawn  # the uploaded picture is in the preview
    panel.save_button.click()
    assert load_framework(folder).badge("ecoute").image.upload == "images/ecoute.png"
    assert not [
        p for p in images.check_images(load_framework(folder), folder=folder).problems if p.item == "badge:ecoute"
    ]
    # a file that is not an image is refused with a sentence, and nothing is written
    panel.upload.value = _upload_value(b"MZ\x90\x00 not an image", "virus.png")
    assert "✖" in panel.upload_note.value and "PNG" in panel.upload_note.value
    assert (folder / "images" / "ecoute.png").read_bytes() == _png() and panel.upload_path.value == "images/ecoute.png"
    # a PNG bomb (huge pixel size declared) is refused too
    bomb = _png()[:16] + (100_000).to_bytes(4, "big") + (100_000).to_bytes(4, "big") + _png()[24:]
    panel.upload.value = _upload_value(bomb, "bomb.png")
    assert "✖" in panel.upload_note.value
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
    panel.upload.value = _upload_value(svg, "dessin.svg")
    assert panel.upload_path.value == "images/ecoute.svg" and (folder / "images" / "ecoute.svg").exists()
    panel.remove_upload_button.click()
    panel.save_button.click()
    assert load_framework(folder).badge("ecoute").image.upload is None


def test_an_upload_refused_by_a_planted_link_is_explained_in_the_ui_language(state, folder, tmp_path):
    from tests.hostile import changes, tree_state

    elsewhere = tmp_path / "ailleurs"
    elsewhere.mkdir()
    (folder / "images").mkdir(exist_ok=True)
    shutil.rmtree(folder / "images")
    (folder / "images").symlink_to(elsewhere, target_is_directory=True)
    panel = BadgeDesigner(state)
    panel.badge.value = "ecoute"
    before = tree_state(tmp_path)
    panel.upload.value = _upload_value(_png(), "logo.png")
    note = html.unescape(panel.upload_note.value)
    assert "✖" in note and "« images » est un lien symbolique" in note and english_in(panel) == []
    assert changes(before, tree_state(tmp_path)) == set()
    panel.upload.value = _upload_value(_png(), "logo.png")
    state.language = "en"
    panel.upload.value = _upload_value(_png(), "logo.png")
    assert "'images' is a symbolic link" in html.unescape(panel.upload_note.value)


def test_a_history_folder_linked_outside_is_refused_on_the_start_panel_and_when_saving(state, folder, tmp_path):
    from tests.hostile import changes, tree_state

    elsewhere = tmp_path / "ailleurs"
    elsewhere.mkdir()
    (elsewhere / "log.jsonl").write_text('{"time": "2026-01-01T00:00:00Z", "note": "pas le nôtre"}\n', "utf-8")
    shutil.rmtree(folder / "history", ignore_errors=True)
    (folder / "history").symlink_to(elsewhere, target_is_directory=True)
    before = tree_state(elsewhere)
    panel = StartPanel(state)
    shown = html.unescape(panel.history.value)
    assert "« history » est un lien symbolique" in shown and "pas le nôtre" not in shown
    assert english_in(panel) == []
    # an edit is saved, and the log is not written through the link: the panel says so
    assert state.apply(lambda fw: edit.update_item(fw, "badge", "accueil", votes=3), "vote")
    assert load_framework(folder).badge("accueil").votes == 3
    assert state.message_level == "warning" and "« history » est un lien symbolique" in html.unescape(state.message)
    assert changes(before, tree_state(elsewhere)) == set()
    state.language = "en"
    assert "'history' is a symbolic link" in html.unescape(panel.history.value)


def test_contact_sheet_shows_every_badge(state):
    panel = BadgeDesigner(state)
    data = panel.show_contact_sheet()
    assert data == images.contact_sheet(state.framework, size=128, columns=8, lang="fr", folder=state.path)
    from PIL import Image

    assert Image.open(io.BytesIO(data)).size == images.contact_sheet_size(len(state.framework.badges), 128, 8)
    assert panel.sheet.layout.display == ""


def test_constellation_positions_come_from_the_constellation_layout(state, folder):
    panel = ConstellationPanel(state)
    layout = constellation.constellation_layout(state.framework)
    assert panel.graph.positions == {k: {"x": p.x, "y": p.y} for k, p in layout.items()}
    # prerequisites are left of what they open, and no two badges share a place (labels never overlap)
    assert panel.graph.positions["accueil"]["x"] < panel.graph.positions["service"]["x"]
    assert len({(p["x"], p["y"]) for p in panel.graph.positions.values()}) == len(panel.graph.positions)
    # a badge placed by hand keeps its place; the others keep theirs too
    moved = dict(panel.graph.positions)
    moved["ecoute"] = {"x": 999.0, "y": 5.0}
    panel.graph.positions = moved
    assert panel.graph.positions["ecoute"] == {"x": 999.0, "y": 5.0}
    assert constellation.constellation_layout(load_framework(folder))["ecoute"].x == 999.0


def test_constellation_shows_requirement_problems_inline(state, folder):
    panel = ConstellationPanel(state)
    # "3 of 2" can never be met: constellation.requirement_problems says so, on the badge and in the list
    state.apply(lambda fw: edit.update_item(fw, "badge", "service",
                                            requires=Requirement(count=3, of=["accueil", "cuisine"])), "3/2")  # fmt: skip
    found = [p for p in constellation.requirement_problems(state.framework) if p.item == "badge:service"]
    assert [p.code for p in found] == ["requirement-count-out-of-range"]
    panel.problems.open_kind("requirement-count-out-of-range")
    assert any(esc(found[0].text("fr")) in esc(label) for label, _ in panel.problems.items.options)
    assert next(n for n in panel.graph.nodes if n["id"] == "service")["problem"]  # red ring on the node
    panel.graph.selected = "service"
    group = panel.badge_problems.open_kind("requirement-count-out-of-range")  # the badge's own list, grouped
    assert found[0].text("fr") in [p.text("fr") for p in group.problems]


def test_analysis_compares_with_a_named_version_and_another_folder(state, folder, tmp_path):
    from badgeworkbench.coauthoring import tag

    tag(folder, "v1", "avant l'atelier")
    state.apply(lambda fw: edit.update_item(fw, "badge", "cuisine", name={"fr": "Cuisine collective"}), "nom")
    panel = AnalysisPanel(state)
    panel.compare_button.click()
    assert "Choisissez une version" in panel.comparison.value  # nothing chosen yet
    assert "v1" in {v for _, v in panel.compare_version.options}
    panel.compare_version.value = "v1"
    panel.compare_button.click()
    assert [(c.kind, c.key, c.change) for c in panel.diff.items] == [("badge", "cuisine", "changed")]
    assert "Cuisine collective" in panel.comparison.value
    panel.compare_folder.value = str(tmp_path / "nowhere")
    panel.compare_button.click()
    assert "✖" in panel.comparison.value and "nowhere" in panel.comparison.value


def test_materials_generate_the_kits_chosen_in_the_language_chosen(state):
    from badgeworkbench import materials

    panel = MaterialsPanel(state)
    assert set(panel.kits) == set(materials.KITS)
    for name, box in panel.kits.items():
        box.value = name == "cards"
    panel.material_language.value = "en"
    panel.generate_button.click()
    expected = materials.render_materials(state.framework, ["cards"], "en")
    assert set(panel.generated) == set(expected) and any(n.endswith(".pdf") for n in expected)
    for name, data in expected.items():  # a PDF's /ID changes from one rendering to the next; the rest does not
        assert panel.generated[name] == data if not name.endswith(".pdf") else panel.generated[name].startswith(b"%PDF")
    assert "competency" in expected[next(n for n in expected if n.endswith(".html"))].decode().lower()  # in English
    for name, data in panel.generated.items():
        assert name in panel.files.value
    everything = zipfile.ZipFile(io.BytesIO(_linked_bytes(panel.files.value.split("<ul>")[0])))
    assert len(everything.namelist()) == len(panel.generated)
    for box in panel.kits.values():
        box.value = False
    panel.generate_button.click()
    assert state.message_level == "warning"


def test_partner_sheet_round_trip_previews_then_applies(state, folder):
    from badgeworkbench.interop import sheets as spreadsheets

    panel = MaterialsPanel(state)
    panel.partner.value = "cnam"
    panel.template_button.click()
    template = _linked_bytes(panel.template_link.value)
    # xlsx files carry the time they were written: compare what the sheets hold, not the bytes.
    assert _sheet_values(template) == _sheet_values(spreadsheets.template_xlsx(state.framework, "cnam"))
    sheet = spreadsheets.framework_to_csv(state.framework, "badges").replace(b"Cuisine", b"Cuisine collective", 1)
    panel.sheet_upload.value = _upload_value(sheet, "badges.csv")
    assert panel.changes is not None and [c.id for c in panel.changes.changed] == ["cuisine"]
    assert "Cuisine collective" in panel.sheet_preview.value and "bw-sheet-changed" in panel.sheet_preview.value
    assert load_framework(folder).badge("cuisine").name["fr"] == "Cuisine"  # nothing applied before the click
    panel.apply_button.click()
    assert load_framework(folder).badge("cuisine").name["fr"] == "Cuisine collective"
    assert panel.apply_button.disabled
    panel.sheet_upload.value = _upload_value(b"\x00\x01 not a sheet", "n.xlsx")
    assert "✖" in panel.sheet_preview.value and panel.apply_button.disabled


def _sheet_values(xlsx: bytes) -> dict[str, list[tuple[object, ...]]]:
    import io

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def _linked_bytes(html: str) -> bytes:
    """The bytes a download link built by ``download_link`` carries."""
    import base64
    import re

    return base64.b64decode(re.search(r"base64,([A-Za-z0-9+/=]+)'", html).group(1))


# --- export and materials ----------------------------------------------------------------------------


def test_export_writes_checks_and_zips_with_a_progress_bar(state, folder, tmp_path):
    from badgeworkbench import openbadges

    panel = ExportPanel(state)
    assert "✔" in panel.verdict.value
    assert panel.folder.value  # a default folder is proposed
    panel.folder.value = str(tmp_path / "public")
    seen = []
    panel.progress.observe(lambda change: seen.append(change["new"]), names="value")
    panel.export_button.click()
    out = tmp_path / "public"
    assert (
        (out / "ob3" / "achievements").is_dir() and (out / "ob2" / "badges").is_dir() and (out / "index.html").exists()
    )
    assert len(seen) > 3 and panel.progress.value == panel.progress.max  # fed by the exporter's progress callback
    assert [p.to_dict() for p in panel.export_report.problems] == [
        p.to_dict() for p in openbadges.check_export(out).problems
    ]
    names = zipfile.ZipFile(io.BytesIO(_linked_bytes(panel.download.value))).namelist()
    assert "public/ob3/achievements/cuisine.json" in names or any(
        n.startswith("public/ob3/achievements/cuisine") for n in names
    )
    assert "atelier-test-export.zip" in panel.download.value
    # only the parts ticked
    panel.parts["ob2"].value = panel.parts["site"].value = panel.parts["case"].value = False
    panel.folder.value = str(tmp_path / "ob3-only")
    panel.export_button.click()
    assert not (tmp_path / "ob3-only" / "ob2").exists() and (tmp_path / "ob3-only" / "ob3").is_dir()


def test_export_refusal_is_a_sentence_and_writes_nothing(state, folder, tmp_path):
    assert state.apply(lambda fw: edit.update_item(fw, "partner", "mission-locale", email=""), "sans courriel")
    panel = ExportPanel(state)
    panel.folder.value = str(tmp_path / "public")
    panel.export_button.click()
    assert "✖" in panel.export_verdict.value and "mission-locale" in panel.export_verdict.value
    assert not (tmp_path / "public").exists() and panel.progress.bar_style == "danger"


def test_export_problems_jump_to_their_item(state):
    from badgeworkbench.report import Problem
    from badgeworkbench.widgets.export import export_item

    fw = state.framework
    assert (
        export_item(fw, Problem("x", "error", {"en": "x"}, file="ob3/achievements/cuisine.fr.json")) == "badge:cuisine"
    )
    assert (
        export_item(fw, Problem("x", "error", {"en": "x"}, file="ob2/endorsements/service--cnam.json"))
        == "badge:service"
    )
    assert export_item(fw, Problem("x", "error", {"en": "x"}, file="ob3/profiles/cnam.json")) == "partner:cnam"
    state.apply(lambda fw: edit.update_item(fw, "badge", "cuisine", description={}), "sans description")
    panel = ExportPanel(state)
    panel.check_button.click()
    assert "✖" in panel.verdict.value
    panel.problems.open_kind("missing-description")
    panel.problems.choose(lambda p: "cuisine" in (p.item or ""))
    panel.problems.jump_button.click()
    assert state.selected == "badge:cuisine" and "03-badges.ipynb" in panel.item_view.value
    data = panel.make_framework_zip()
    assert "atelier-test/badges/cuisine.yaml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    panel.base_url.value = "https://badges.exemple.fr"
    panel.save_url_button.click()
    assert load_framework(Path(state.path)).url == "https://badges.exemple.fr"


def test_status_votes_provenance_and_comments_show_on_items(state, folder):
    state.author_partner, state.author_person = "cnam", "Awa"
    state.apply(lambda fw: edit.vote(fw, "badge", "cuisine", 3), "votes", additive=True)
    state.apply(lambda fw: edit.set_status(fw, "badge", "cuisine", "discussed", author=state.author), "statut")
    state.apply(lambda fw: edit.add_comment(fw, "badge", "cuisine", "À relier au service", author=state.author), "mot")
    designer, constellation_panel, start = BadgeDesigner(state), ConstellationPanel(state), StartPanel(state)
    state.select("badge", "cuisine")
    for shown in (designer.facts.value, constellation_panel.info.value, start.item_view.value):
        assert "Discuté" in shown and "●●● 3" in shown and "cnam (Awa)" in shown and "À relier au service" in shown


# --- every sentence in the interface's language, saying what to choose ---------------------------------

#: Words of an English sentence, or of a sentence sending a person to edit files.
_ENGLISH = re.compile(r"\b(the|have|has|set|choose|cannot|issuing|file|files)\b|\.ya?ml\b|'issuer'", re.IGNORECASE)


def shown_texts(root) -> list[str]:
    """Every text a panel shows: HTML, labels, options, tooltips, placeholders (tags removed)."""
    import ipywidgets as w

    texts, stack = [], [root]
    while stack:
        widget = stack.pop()
        for name in ("value", "description", "tooltip", "placeholder"):
            value = getattr(widget, name, None)
            if isinstance(value, str) and (name != "value" or isinstance(widget, w.HTML)):
                texts.append(re.sub(r"<[^>]+>", " ", value))
        options = getattr(widget, "options", None) or ()
        texts.extend(str(o[0] if isinstance(o, tuple) else o) for o in options)
        stack.extend(getattr(widget, "children", ()) or ())
    return texts


def english_in(root) -> list[str]:
    return [text for text in shown_texts(root) if _ENGLISH.search(text)]


def _without_issuer(state) -> None:
    assert state.apply(lambda fw: edit.update_item(fw, "badge", "cuisine", issuer=None), "sans émetteur")


def test_export_refusal_without_issuer_says_what_to_choose_in_the_ui_language(state, tmp_path):
    _without_issuer(state)
    panel = ExportPanel(state)
    panel.folder.value = str(tmp_path / "public")
    panel.export_button.click()
    verdict = panel.export_verdict.value
    assert "Choisissez le partenaire émetteur dans l’onglet Badges" in verdict and "cuisine" in verdict
    assert english_in(panel) == [] and not (tmp_path / "public").exists()
    # the badge is listed, with a jump to it
    group = next(g for g in panel.problems.grouped if any(p.item == "badge:cuisine" for p in g))
    panel.problems.open_kind(group.code)
    panel.problems.choose(lambda p: p.item == "badge:cuisine")
    panel.problems.jump_button.click()
    assert state.selected == "badge:cuisine"
    # switched live to English: the same refusal, in English, and nothing left in French
    state.language = "en"
    assert "Choose the issuing partner in the Badges tab" in panel.export_verdict.value
    assert "Choisissez" not in panel.export_verdict.value
    assert not any("émetteur" in label for label, _ in panel.problems.items.options)
    assert not any("émetteur" in title for title in panel.problems.titles)


def test_an_export_refusal_goes_once_the_issuer_is_chosen_in_the_designer(state, tmp_path):
    _without_issuer(state)
    panel, designer = ExportPanel(state), BadgeDesigner(state)
    panel.folder.value = str(tmp_path / "public")
    panel.export_button.click()
    assert "cuisine" in panel.export_verdict.value
    listed = lambda: [p.text("fr") for g in panel.problems.grouped for p in g.problems]  # noqa: E731
    refused = [text for text in listed() if "émetteur" in text]
    assert refused
    designer.badge.value = "cuisine"
    designer.issuer.value = "cnam"
    designer.save_button.click()
    assert state.framework.badge("cuisine").issuer == "cnam"
    # nothing said about the issuer any more, before the next export: neither the verdict nor the list
    assert "cuisine" not in panel.export_verdict.value and "Choisissez" not in panel.export_verdict.value
    assert not [text for text in listed() if text in refused]
    state.language = "en"  # a language switch does not bring it back
    assert panel.export_verdict.value == ""
    panel.export_button.click()
    assert (tmp_path / "public").exists() and "✔" in panel.export_verdict.value


def _bad_folders(tmp_path: Path) -> dict[str, Path]:
    """Folders a facilitator might open by mistake: missing, empty, a damaged or invalid main record,
    one written by a newer workbench."""
    folders = {name: tmp_path / name for name in ("absent", "vide", "abime", "invalide", "recent")}
    for name in ("vide", "abime", "invalide", "recent"):
        folders[name].mkdir()
    (folders["abime"] / "framework.yaml").write_text("id: atelier\ntitle: [pas fini\n", "utf-8")
    (folders["invalide"] / "framework.yaml").write_text("id: atelier\nlanguages: 3\n", "utf-8")
    (folders["recent"] / "framework.yaml").write_text("id: atelier\nformat_version: 999\n", "utf-8")
    return folders


@pytest.mark.parametrize("name", ["absent", "vide", "abime", "invalide", "recent"])
def test_a_bad_folder_opened_from_the_start_panel_is_explained_in_the_ui_language(state, tmp_path, name):
    from badgeworkbench.errors import FrameworkFileError

    folder = _bad_folders(tmp_path)[name]
    with pytest.raises(FrameworkFileError) as raised:
        read_framework(folder)
    assert "'badgeworkbench new'" in str(raised.value) or "framework.yaml" in str(raised.value)  # the CLI's
    panel = StartPanel(state)
    panel.path_input.value = str(folder)
    panel.open_button.click()
    message = html.unescape(panel.header.message.value)
    assert state.message_level == "error" and "Impossible d'ouvrir" in message and str(folder) in message
    assert "« Ouvrir »" in message  # says what to click
    assert english_in(panel) == [], english_in(panel)
    state.language = "en"
    message = html.unescape(panel.header.message.value)
    assert "Cannot open" in message and "'Open'" in message and "« Ouvrir »" not in message


def test_a_rejected_edit_in_the_designer_is_explained_in_the_ui_language(state, folder):
    designer = BadgeDesigner(state)
    before = (folder / "badges" / "cuisine.yaml").read_bytes()
    # a value the model refuses, then an item removed meanwhile by another partner
    assert not designer.edit(lambda fw: edit.update_item(fw, "badge", "cuisine", votes="beaucoup"), "votes")
    message = html.unescape(designer.header.message.value)
    assert "« Votes »" in message and "ce n'est pas un nombre" in message and "Corrigez ce champ" in message
    assert english_in(designer) == [], english_in(designer)
    state.language = "en"
    assert "'Votes'" in html.unescape(designer.header.message.value) and "not a number" in designer.header.message.value
    state.language = "fr"
    assert not designer.edit(lambda fw: edit.update_item(fw, "badge", "disparu", votes=1), "votes")
    message = html.unescape(designer.header.message.value)
    assert "« disparu »" in message and "Choisissez un élément présent dans la liste" in message
    assert english_in(designer) == [], english_in(designer)
    state.language = "en"
    assert "no badge 'disparu'" in html.unescape(designer.header.message.value)
    assert (folder / "badges" / "cuisine.yaml").read_bytes() == before


def test_the_cli_keeps_its_own_sentences_for_edits():
    from badgeworkbench.edit import InvalidEdit
    from badgeworkbench.errors import UnknownItem

    with pytest.raises(InvalidEdit, match=r"the field 'votes' is invalid: Input should be a valid integer"):
        edit.update_item(small_framework(), "badge", "cuisine", votes="beaucoup")
    assert str(UnknownItem("badge", "x", ["cuisine"])) == "There is no badge with the id 'x'. Did you mean 'cuisine'?"


def test_check_sentences_are_correct_french():
    from badgeworkbench.check import MAX_TEXT_LENGTH, check
    from badgeworkbench.model import Partner, RecognisedCompetency

    fw = small_framework()
    badge = fw.badges[0]
    fw = fw.replace(
        partners=[Partner(id="sans-nom", url="", email="a@b.org"), *fw.partners],
        badges=[badge.model_copy(update={"issuer": "sans-nom", "competencies": [RecognisedCompetency(competency="fantome")],
                                         "description": {"fr": "x" * (MAX_TEXT_LENGTH + 1)}}), *fw.badges[1:]],
    )  # fmt: skip
    texts = {(p.code, p.field): p.text("fr") for p in check(fw).problems}
    assert "Compétence inconnue\u202f: « fantome »." in texts[("unknown-competency", "competencies[0]")]
    assert "inconnu(e)" not in " ".join(texts.values())
    assert "demandez-le au partenaire et faites-le ajouter" in texts[("issuer-incomplete", "name")]
    assert "demandez-le au partenaire" in texts[("issuer-incomplete", "url")]
    too_long = next(t for (code, _), t in texts.items() if code == "text-too-long")
    assert f"{MAX_TEXT_LENGTH + 1:,}".replace(",", "\u202f") in too_long and "," not in too_long


def test_the_cli_keeps_its_own_sentence_for_the_refusal():
    from badgeworkbench.openbadges import BadgeWithoutIssuer

    error = BadgeWithoutIssuer(["cuisine"])
    assert "set 'issuer' to a partner id" in str(error)  # the CLI, for a person with the files
    assert "Choisissez le partenaire émetteur" in error.text("fr")
    assert "Choose the issuing partner" in error.text("en") and "file" not in error.text("en")


def test_export_refusal_for_an_incomplete_issuer_is_in_french(state, tmp_path):
    assert state.apply(lambda fw: edit.update_item(fw, "partner", "mission-locale", email=""), "sans courriel")
    panel = ExportPanel(state)
    panel.folder.value = str(tmp_path / "public")
    panel.export_button.click()
    verdict = html.unescape(panel.export_verdict.value)
    assert "« mission-locale » n'a pas d'adresse e-mail" in verdict and "demandez-la au partenaire" in verdict
    assert english_in(panel) == [] and "partners.yaml" not in panel.export_verdict.value


def test_a_refused_edit_follows_the_language_of_its_error(state):
    from badgeworkbench.openbadges import BadgeWithoutIssuer

    designer = BadgeDesigner(state)
    state.show_error(BadgeWithoutIssuer(["cuisine"]))
    assert "Choisissez le partenaire émetteur" in designer.header.message.value
    assert english_in(designer) == []
    state.language = "en"
    assert "Choose the issuing partner" in designer.header.message.value


def test_a_malformed_baked_image_is_reported_in_french_with_what_to_do():
    from badgeworkbench.openbadges.baking import PNG_SIGNATURE
    from badgeworkbench.openbadges.importing import read_badge_documents

    truncated = PNG_SIGNATURE + b"\x00\x00\x00\x0dIHDR" + b"\x00" * 6
    plain = images.preview(small_framework(), "cuisine")
    _, problems = read_badge_documents([("abime.png", truncated), ("ordinaire.png", plain)])
    assert [p.code for p in problems] == ["malformed-baked-image", "malformed-baked-image"]
    damaged, ordinary = (p.text("fr") for p in problems)
    assert "illisible" in damaged and "déposez-le à nouveau" in damaged and not _ENGLISH.search(damaged)
    assert "ne contient aucun badge" in ordinary and not _ENGLISH.search(ordinary)
    assert "truncated" in problems[0].text("en")  # the technical detail stays, in English, for English


# --- a new badge has an issuer ------------------------------------------------------------------------


def test_a_new_badge_gets_the_working_partner_as_issuer_and_exports(state, tmp_path):
    from badgeworkbench import openbadges

    designer = BadgeDesigner(state)
    designer.header.partner.value = "cnam"
    designer.new_name.value = "Plonge"
    designer.create_button.click()
    assert state.framework.badge("plonge").issuer == "cnam" and designer.issuer.value == "cnam"
    # once written (the publishing gate refuses a badge without description or criteria), it exports: the
    # issuer came from the header, nobody had to choose it again
    assert state.apply(lambda fw: edit.update_item(fw, "badge", "plonge", description={"fr": "Tient le poste."},
                                                   criteria=Criteria(narrative={"fr": "Une semaine en plonge."})),
                       "rédaction")
    openbadges.export_framework(state.framework, "https://badges.example.org", only=["ob3"])  # no refusal


def test_a_new_badge_without_a_working_partner_gets_the_main_issuer(state):
    from badgeworkbench.widgets.badges import main_issuer

    # cnam issues three of the four badges: it is the main issuing partner, though listed second
    for badge in ("accueil", "ecoute", "cuisine"):
        assert state.apply(lambda fw, b=badge: edit.update_item(fw, "badge", b, issuer="cnam"), "émetteur")
    assert main_issuer(state.framework) == "cnam"
    designer = BadgeDesigner(state)
    assert designer.header.partner.value == ""
    designer.new_name.value = "Plonge"
    designer.create_button.click()
    assert state.framework.badge("plonge").issuer == "cnam"


# --- opening notebooks quickly ---------------------------------------------------------------------------


def test_notebooks_in_one_kernel_share_one_state_per_framework(folder, tmp_path):
    from badgeworkbench.widgets import open_workbench

    first, second = open_workbench(folder, poll=None), open_workbench(str(folder) + "/", poll=None)
    assert first is second
    assert open_workbench(folder, poll=None, shared=False) is not first
    other = framework_folder(tmp_path / "other", use_example=False)
    assert open_workbench(other, poll=None) is not first


def test_the_lab_kernel_loads_the_workbench_while_the_notebook_opens():
    import subprocess
    import sys

    from jupyter_client.kernelspec import NATIVE_KERNEL_NAME

    from badgeworkbench.widgets.lab_settings import lab_arguments
    from badgeworkbench.widgets.lab_settings.kernels import WARM_ARGUMENT, WorkbenchKernelSpecManager

    assert any("WorkbenchKernelSpecManager" in a for a in lab_arguments())
    spec = WorkbenchKernelSpecManager().get_kernel_spec(NATIVE_KERNEL_NAME)
    assert spec.argv[-1] == WARM_ARGUMENT
    code = WARM_ARGUMENT.split("=", 1)[1] + "; import sys; print('badgeworkbench.widgets.materials' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "True"


def test_a_relation_to_itself_is_refused_in_french_with_what_to_choose(state, folder):
    panel = FrameworkPanel(state)
    panel.tree.value = "ecouter"
    panel.relation_target.value = "ecouter"
    panel.add_relation_button.click()
    assert "choisissez une autre compétence dans « Vers (B) »" in panel.header.message.value.replace("\u202f", " ")
    assert english_in(panel) == [] and len(load_framework(folder).relations) == 1
    panel.header.language.value = "en"
    assert "choose another competency" in panel.header.message.value


@pytest.mark.parametrize("data", [b"\xd0\xcf\x11\xe0 an old workbook", b"PK\x03\x04 not really a zip",
                                  "nom;prénom\r\nA;B\r\n".encode()], ids=["xls", "broken-xlsx", "unknown-csv"])  # fmt: skip
def test_a_refused_spreadsheet_is_explained_in_french(state, data):
    panel = MaterialsPanel(state)
    assert panel.read(data, "atelier.xlsx") is None
    shown = panel.sheet_preview.value
    assert "✖" in shown and "rien n" in shown and "nothing was changed" not in shown
    assert english_in(panel) == []
    state.language = "en"
    assert "nothing was changed" in panel.sheet_preview.value or "Save it" in panel.sheet_preview.value


def test_an_edit_checks_the_saved_folder_once_not_before_it_is_saved(state, monkeypatch):
    from badgeworkbench.widgets import export as export_panel

    panel = ExportPanel(state)
    read: list[int] = []
    real = export_panel.validate_folder
    monkeypatch.setattr(export_panel, "validate_folder", lambda path: read.append(state.saves) or real(path))
    saves = state.saves
    assert state.apply(lambda fw: edit.update_item(fw, "badge", "cuisine", votes=4), "vote")
    assert read == [saves + 1]  # once, on the saved files; not also on the files as they were before the save
    assert panel.check_report is not None

"""Every file written under a framework folder stays in it: a planted symbolic link (the history
folder, the change log, an uploaded image, the reference sets, the search index cache) is refused in
one sentence naming the link — through the command line and through the library — and nothing
outside the folder changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from badgeworkbench.cli import main
from badgeworkbench.coauthoring import history, versions
from badgeworkbench.coauthoring.sync import recover, save_with_merge
from badgeworkbench.errors import BadgeWorkbenchError, PathOutsideFolder
from badgeworkbench.files import read_framework, save_framework
from badgeworkbench.images.uploads import BadUpload, read_upload
from badgeworkbench.interop.indexcache import load_index
from badgeworkbench.interop.references import add_reference, load_references
from badgeworkbench.model import ImageDesign
from badgeworkbench.openbadges import export_framework
from badgeworkbench.report import Report

from .hostile import EXAMPLE, changes, tree_state

BASE = "https://badges.example.org/parcours-cvl"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360606060000000050001a5f645400000000049454e44ae426082"
)


@pytest.fixture
def scene(tmp_path: Path) -> tuple[Path, Path]:
    """``<root>/parcours-cvl`` (a copy of the example) and ``<root>/elsewhere`` (outside it)."""
    folder = tmp_path / "parcours-cvl"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns(".badgeworkbench.lock", "history"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "log.jsonl").write_text('{"time": "2026-01-01T00:00:00Z", "note": "not ours"}\n', "utf-8")
    (elsewhere / "tags.yaml").write_text("[]\n", "utf-8")
    (elsewhere / "secret.csv").write_text("id,label_fr\nx,secret\n", "utf-8")
    (elsewhere / "secret.png").write_bytes(PNG)
    read_framework(folder)  # leaves the folder's (empty) lock file, which every later reading takes
    return folder, elsewhere


def plant(folder: Path, relpath: str, target: Path) -> None:
    link = folder / relpath
    if link.is_dir() and not link.is_symlink():
        shutil.rmtree(link)
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(target, target_is_directory=target.is_dir())


def refused_in_one_sentence(result, link: str) -> None:
    """Exit 1 (or 2), no traceback, one line naming the link and what to do."""
    assert result.exit_code in (1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert "Traceback" not in result.output
    assert f"'{link}'" in lines[0] and "symbolic link" in lines[0], lines[0]


def invoke(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


# --- the history folder and the change log ---------------------------------------------------------------


def test_tag_refuses_a_history_folder_linked_outside(scene):
    folder, elsewhere = scene
    plant(folder, "history", elsewhere)
    before = tree_state(folder.parent)
    refused_in_one_sentence(invoke("tag", folder, "v1"), "history")
    with pytest.raises(PathOutsideFolder, match="'history'"):
        versions.tag(folder, "v1")
    assert changes(before, tree_state(folder.parent)) == set()


def test_tag_refuses_a_versions_folder_linked_outside(scene):
    folder, elsewhere = scene
    (folder / "history").mkdir()
    plant(folder, "history/versions", elsewhere)
    before = tree_state(folder.parent)
    refused_in_one_sentence(invoke("tag", folder, "v1"), "history/versions")
    assert changes(before, tree_state(folder.parent)) == set()


def test_log_refuses_a_history_folder_linked_outside(scene):
    folder, elsewhere = scene
    plant(folder, "history", elsewhere)
    before = tree_state(folder.parent)
    result = invoke("log", folder)
    refused_in_one_sentence(result, "history")
    assert "not ours" not in result.output  # what lies outside is not shown
    with pytest.raises(PathOutsideFolder):
        history.read_log(folder)
    with pytest.raises(PathOutsideFolder):
        versions.list_versions(folder)
    assert changes(before, tree_state(folder.parent)) == set()


def test_log_refuses_a_log_file_linked_outside(scene):
    folder, elsewhere = scene
    (folder / "history").mkdir()
    plant(folder, "history/log.jsonl", elsewhere / "log.jsonl")
    before = tree_state(folder.parent)
    result = invoke("log", folder)
    refused_in_one_sentence(result, "history/log.jsonl")
    assert changes(before, tree_state(folder.parent)) == set()


@pytest.mark.parametrize("link", ["history", "history/log.jsonl"])
def test_a_save_refuses_to_log_through_a_link_and_writes_nothing(scene, link):
    folder, elsewhere = scene
    (folder / "history").mkdir(exist_ok=True)
    plant(folder, link, elsewhere if link == "history" else elsewhere / "log.jsonl")
    opened = read_framework(folder)
    edited = opened.framework.replace(version="9.9")
    before = tree_state(folder.parent)
    with pytest.raises(PathOutsideFolder, match=f"'{link}'"):
        save_with_merge(folder, edited, opened.snapshot, opened.framework, "mission-locale")
    with pytest.raises(PathOutsideFolder, match=f"'{link}'"):
        history.record_save(folder, opened.framework, edited, "mission-locale")
    assert changes(before, tree_state(folder.parent)) == set()


@pytest.mark.parametrize("link", ["history", "history/log.jsonl"])
def test_merge_out_refuses_a_history_link_before_writing_anything(scene, tmp_path, link):
    folder, elsewhere = scene
    ours = tmp_path / "ours"
    shutil.copytree(folder, ours)
    opened = read_framework(ours)
    save_framework(opened.framework.replace(version="9.9"), ours, snapshot=opened.snapshot)
    (folder / "history").mkdir(exist_ok=True)
    plant(folder, link, elsewhere if link == "history" else elsewhere / "log.jsonl")
    before = tree_state(folder.parent)
    refused_in_one_sentence(invoke("merge", EXAMPLE, ours, EXAMPLE, "--out", folder), link)
    assert changes(before, tree_state(folder.parent)) == set()  # not a byte, in the folder or outside


def test_recover_never_sets_copies_aside_through_a_history_link(scene):
    folder, elsewhere = scene
    (folder / "badges" / ".accueil.yaml.tmp-999999999").write_text("id: accueil\n", "utf-8")
    plant(folder, "history", elsewhere)
    before = tree_state(folder.parent)
    with pytest.raises(PathOutsideFolder, match="'history'"):
        recover(folder)
    assert changes(before, tree_state(folder.parent)) == set()


# --- an uploaded badge image ----------------------------------------------------------------------------


def with_upload(folder: Path, upload: str):
    framework = read_framework(folder).framework
    badge = framework.badges[0]
    badges = [b.model_copy(update={"image": ImageDesign(upload=upload)}) if b.id == badge.id else b
              for b in framework.badges]  # fmt: skip
    return framework.replace(badges=badges), badge.id


def test_the_export_library_refuses_an_upload_linked_outside(scene, tmp_path):
    folder, elsewhere = scene
    plant(folder, "images", elsewhere)
    framework, badge_id = with_upload(folder, "images/secret.png")
    with pytest.raises(BadgeWorkbenchError, match=rf"badge '{badge_id}'.*'images' is a symbolic link"):
        export_framework(framework, BASE, images_dir=folder, checked=Report([]))
    with pytest.raises(BadgeWorkbenchError, match=r"secret\.png. is an absolute path"):
        export_framework(with_upload(folder, str(elsewhere / "secret.png"))[0], BASE, images_dir=folder,
                         checked=Report([]))  # fmt: skip
    with pytest.raises(BadUpload, match="'images' is a symbolic link"):
        read_upload(folder, "images/secret.png")


def test_export_refuses_an_upload_linked_outside(scene, tmp_path):
    folder, elsewhere = scene
    plant(folder, "images", elsewhere)
    framework, _ = with_upload(folder, "images/secret.png")
    badge_file = folder / "badges" / f"{framework.badges[0].id}.yaml"
    badge_file.write_text(badge_file.read_text("utf-8") + "image:\n  upload: images/secret.png\n", "utf-8")
    before = tree_state(tmp_path)
    result = invoke("export", folder, "--base-url", BASE, "--out", tmp_path / "out")
    assert result.exit_code in (1, 2) and "Traceback" not in result.output
    assert "images/secret.png" in result.output
    assert changes(before, tree_state(tmp_path)) == set()


# --- reference sets and their index cache ----------------------------------------------------------------


def test_reference_add_refuses_a_references_folder_linked_outside(scene):
    folder, elsewhere = scene
    plant(folder, "references", elsewhere)
    before = tree_state(folder.parent)
    refused_in_one_sentence(invoke("reference", "add", folder, "-", "--kind", "clea"), "references")
    with pytest.raises(PathOutsideFolder, match="'references'"):
        add_reference(folder, "-", "clea")
    with pytest.raises(PathOutsideFolder, match="'references'"):
        load_references(folder)
    assert changes(before, tree_state(folder.parent)) == set()


def test_reference_add_refuses_a_name_that_leads_out(scene):
    folder, _ = scene
    before = tree_state(folder.parent)
    result = invoke("reference", "add", folder, "-", "--kind", "clea", "--name", "../../escaped")
    assert result.exit_code == 1 and "'..'" in result.output and "Traceback" not in result.output
    assert changes(before, tree_state(folder.parent)) == set()


def test_align_refuses_a_references_folder_linked_outside(scene):
    folder, elsewhere = scene
    plant(folder, "references", elsewhere)
    before = tree_state(folder.parent)
    result = invoke("align", folder, "secret")
    refused_in_one_sentence(result, "references")
    assert changes(before, tree_state(folder.parent)) == set()


def test_align_never_writes_its_index_through_a_link(scene):
    folder, elsewhere = scene
    assert invoke("reference", "add", folder, "-", "--kind", "clea").exit_code == 0
    shutil.rmtree(folder / "references" / ".index", ignore_errors=True)
    plant(folder, "references/.index", elsewhere)
    before = tree_state(folder.parent)
    refused_in_one_sentence(invoke("align", folder, "travail en equipe"), "references/.index")
    with pytest.raises(PathOutsideFolder, match=r"'references/\.index'"):
        load_index(folder)
    assert changes(before, tree_state(folder.parent)) == set()


def test_an_image_uploaded_in_the_designer_is_never_written_through_an_images_link(scene):
    from badgeworkbench.widgets.badges import save_upload

    folder, elsewhere = scene
    plant(folder, "images", elsewhere)
    before = tree_state(folder.parent)
    with pytest.raises(PathOutsideFolder, match="'images'"):
        save_upload(folder, "accueil", PNG, "logo.png")
    assert changes(before, tree_state(folder.parent)) == set()

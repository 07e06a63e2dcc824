"""Nothing lost, nothing leaked: hostile or damaged framework folders, through the real CLI.

Each test works on a copy of the example inside a private "world" folder holding files that do
not belong to the framework, and hashes the whole world before and after: a command may change
only what it documents (its --out folder), and a refused save changes not one byte anywhere.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from badgeworkbench import edit, yamlfile
from badgeworkbench.cli import main
from badgeworkbench.coauthoring import recover, save_with_merge
from badgeworkbench.errors import FrameworkNeedsRepair, IdentifierCaseCollision, PathOutsideFolder
from badgeworkbench.files import read_framework, save_framework
from badgeworkbench.model import Badge
from badgeworkbench.paths import inside, writable_path

from .conftest import EXAMPLE

LOCK = ".badgeworkbench.lock"
SECRET = "SECRET-OUTSIDE-7f3a"


@pytest.fixture
def world(tmp_path: Path) -> Path:
    """``world/parcours-cvl`` (a copy of the example) beside files that are not the framework's."""
    world = tmp_path / "world"
    shutil.copytree(EXAMPLE, world / "parcours-cvl", ignore=shutil.ignore_patterns(LOCK))
    (world / "victim.txt").write_text("not the framework's\n", "utf-8")
    (world / "secret.yaml").write_text(f"id: secret\nname:\n  fr: {SECRET}\n", "utf-8")
    (world / "elsewhere").mkdir()
    (world / "elsewhere" / "secret.yaml").write_text(f"id: secret\nname:\n  fr: {SECRET}\n", "utf-8")
    return world


def fw(world: Path) -> Path:
    return world / "parcours-cvl"


def tree(root: Path, *skip: Path) -> dict[str, str]:
    """A digest of every file under ``root``; links by their target, never followed; the lock left out."""
    found = {}
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        if any(here.is_relative_to(s) for s in skip):
            continue
        for name in [*filenames, *(d for d in dirnames if (here / d).is_symlink())]:
            path = here / name
            if name == LOCK or any(path.is_relative_to(s) for s in skip):
                continue
            rel = str(path.relative_to(root))
            found[rel] = f"link:{os.readlink(path)}" if path.is_symlink() else hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def edit_a_badge(folder: Path, badge_id: str = "commis-cuisine"):
    opened = read_framework(folder)
    badge = opened.framework.badge(badge_id)
    return opened, edit.update_item(opened.framework, "badge", badge_id, tags=[*badge.tags, "modifié"])


# --- 1. a planted save journal -----------------------------------------------------------------------

JOURNALS = {
    "delete-beside": lambda w: {"renames": [], "deletes": ["../victim.txt"]},
    "delete-absolute": lambda w: {"renames": [], "deletes": [str(w / "victim.txt")]},
    "move-outside-in": lambda w: {"renames": [["../victim.txt", "badges/victim.yaml"]], "deletes": []},
    "move-inside-out": lambda w: {"renames": [["badges/accueil-public.yaml", "../moved.yaml"]], "deletes": []},
    "delete-non-framework-file": lambda w: {"renames": [], "deletes": ["notes.txt"]},
}


@pytest.mark.parametrize("planted", sorted(JOURNALS))
def test_a_planted_journal_is_refused_by_validate_and_touches_nothing(world, planted):
    (fw(world) / "notes.txt").write_text("a partner's notes\n", "utf-8")
    (fw(world) / ".save-journal.json").write_text(json.dumps(JOURNALS[planted](world)), "utf-8")
    before = tree(world)
    code, out = run("validate", str(fw(world)), "--lang", "en")
    assert code == 1 and "save-journal-refused" in out and ".save-journal.json" in out
    assert tree(world) == before


@pytest.mark.parametrize("command", ["info", "fmt", "export", "materials", "lab"])
def test_a_planted_journal_is_replayed_by_no_command(world, command, monkeypatch, tmp_path):
    (fw(world) / ".save-journal.json").write_text(json.dumps(JOURNALS["delete-beside"](world)), "utf-8")
    out = tmp_path / "out"
    args = {
        "info": ["info", str(fw(world))],
        "fmt": ["fmt", str(fw(world))],
        "export": ["export", str(fw(world)), "--base-url", "https://badges.example.org/cvl/", "--out", str(out),
                   "--only", "ob3"],
        "materials": ["materials", str(fw(world)), "--kit", "poster", "--out", str(out)],
        "lab": ["lab", str(fw(world)), "--no-browser"],
    }[command]
    monkeypatch.setattr("badgeworkbench.lab.serve", lambda *a, **k: 0)  # lab: no server
    before = tree(world)
    code, output = run(*args)
    assert tree(world) == before
    if command == "fmt":
        assert code == 1 and ".save-journal.json" in output and "delete it" in output


def test_a_planted_journal_stops_saves_and_names_itself(world):
    (fw(world) / ".save-journal.json").write_text(json.dumps(JOURNALS["delete-beside"](world)), "utf-8")
    opened, changed = edit_a_badge(fw(world))
    before = tree(world)
    with pytest.raises(FrameworkNeedsRepair, match=r"\.save-journal\.json.*'\.\./victim\.txt'.*nothing it lists"):
        save_framework(changed, fw(world), snapshot=opened.snapshot)
    with pytest.raises(FrameworkNeedsRepair, match=r"\.save-journal\.json"):
        save_with_merge(fw(world), changed, opened.snapshot, opened.framework, log=False)
    with pytest.raises(FrameworkNeedsRepair, match=r"\.save-journal\.json"):
        recover(fw(world))  # what a notebook runs when it opens the framework
    assert tree(world) == before


def test_a_journal_that_is_a_link_is_not_read_through(world):
    (world / "journal.json").write_text(json.dumps({"renames": [], "deletes": ["badges/accueil-public.yaml"]}))
    (fw(world) / ".save-journal.json").symlink_to("../journal.json")
    before = tree(world)
    assert "save-journal-refused" in read_framework(fw(world)).report.codes()
    assert tree(world) == before


def test_a_genuine_journal_is_still_finished(world):
    folder = fw(world)
    temp = folder / "badges" / f".commis-cuisine.yaml.tmp-{os.getpid() + 1}"
    temp.write_text("id: commis-cuisine\nname:\n  fr: Fini\n", "utf-8")
    (folder / ".save-journal.json").write_text(json.dumps(
        {"renames": [[str(temp.relative_to(folder)), "badges/commis-cuisine.yaml"]], "deletes": ["badges/stage-entrepot.yaml"]}))
    opened = read_framework(folder)
    assert opened.framework.badge("commis-cuisine").name == {"fr": "Fini"}
    assert not (folder / "badges" / "stage-entrepot.yaml").exists() and not temp.exists()
    assert not (folder / ".save-journal.json").exists()


def test_a_lock_file_planted_as_a_link_creates_nothing_outside(world):
    (fw(world) / LOCK).symlink_to("../created-by-the-lock")
    opened, changed = edit_a_badge(fw(world))
    assert "lock-file-link" in opened.report.codes()
    with pytest.raises(FrameworkNeedsRepair, match=r"\.badgeworkbench\.lock: it is a symbolic link"):
        save_framework(changed, fw(world), snapshot=opened.snapshot)
    assert not (world / "created-by-the-lock").exists()


def test_a_temporary_file_planted_as_a_link_is_not_written_through(world):
    (fw(world) / "badges" / f".commis-cuisine.yaml.tmp-{os.getpid()}").symlink_to("../../victim.txt")
    before = (world / "victim.txt").read_bytes()
    opened, changed = edit_a_badge(fw(world))
    save_framework(changed, fw(world), snapshot=opened.snapshot)
    assert (world / "victim.txt").read_bytes() == before
    assert "modifié" in read_framework(fw(world)).framework.badge("commis-cuisine").tags


# --- 2. two files holding one id ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["badges", "pathways"])
def test_two_files_with_one_id_are_an_error_and_no_save_deletes_either(world, kind):
    folder = fw(world)
    original = sorted((folder / kind).glob("*.yaml"))[0]
    copy = folder / kind / "zz-copie.yaml"
    copy.write_text(original.read_text("utf-8").replace("\n  fr: ", "\n  fr: Copie — ", 1), "utf-8")
    ident = original.stem
    code, out = run("validate", str(folder), "--json")
    problems = [p for p in json.loads(out)["problems"] if p["code"] == "duplicate-id"]
    assert code == 1 and {p["file"] for p in problems} == {f"{kind}/{original.name}", f"{kind}/zz-copie.yaml"}
    assert all(p["severity"] == "error" and p["line"] == 1 for p in problems)
    before = tree(world)
    code, out = run("fmt", str(folder))
    assert code == 1 and f"{kind}/zz-copie.yaml line 1" in out and "keep one of the two" in out
    assert tree(world) == before
    # An unrelated save goes through and leaves both files; a save changing that item is refused.
    opened, changed = edit_a_badge(folder)
    outcome = save_with_merge(folder, changed, opened.snapshot, opened.framework, log=False)
    assert outcome.saved and copy.exists() and original.exists()
    assert {k: v for k, v in tree(world).items() if "commis-cuisine" not in k} == {
        k: v for k, v in before.items() if "commis-cuisine" not in k}
    singular = kind.removesuffix("s")
    touched = edit.update_item(outcome.framework, singular, ident, votes=7)
    with pytest.raises(FrameworkNeedsRepair, match=rf"{kind}/{original.name} line 1"):
        save_with_merge(folder, touched, outcome.snapshot, outcome.framework, log=False)
    assert copy.exists() and original.exists()


def test_a_competency_written_twice_names_both_lines_and_is_kept(world):
    path = fw(world) / "competencies" / "apprendre.yaml"
    text = path.read_text("utf-8")
    first = text.split("\n- id: ", 2)
    twice = text + "- id: " + first[1].split("\n", 1)[0] + "\n  title:\n    fr: Doublon\n"
    path.write_text(twice, "utf-8")
    opened = read_framework(fw(world))
    (problem,) = [p for p in opened.report if p.code == "duplicate-id"]
    assert problem.file == "competencies/apprendre.yaml" and problem.line and "line" in problem.text("en")
    before = tree(world)
    assert run("fmt", str(fw(world)))[0] == 1
    assert tree(world) == before


# --- 3. a top level of the wrong shape ---------------------------------------------------------------

SHAPES = {
    "competency-file-wrapped-in-a-mapping": ("competencies/apprendre.yaml",
                                             lambda text: "items:\n" + "".join(f"  {line}\n" for line in text.splitlines())),
    "partners-as-a-mapping": ("partners.yaml", lambda text: "partenaires:\n" + "".join(
        f"  {line}\n" for line in text.splitlines())),
    "layout-as-a-list": ("layout.yaml", lambda text: "- accueil-public\n- {x: 1, y: 2}\n"),
    "badge-file-as-a-list": ("badges/stage-entrepot.yaml", lambda text: "- " + text.replace("\n", "\n  ")),
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_a_file_of_the_wrong_shape_is_an_error_and_never_deleted(world, shape):
    relpath, damage = SHAPES[shape]
    path = fw(world) / relpath
    path.write_text(damage(path.read_text("utf-8") if path.exists() else ""), "utf-8")
    code, out = run("validate", str(fw(world)), "--json")
    problems = [p for p in json.loads(out)["problems"] if p["code"] == "wrong-shape"]
    assert code == 1 and [(p["file"], p["severity"]) for p in problems] == [(relpath, "error")]
    before = tree(world)
    code, out = run("fmt", str(fw(world)))
    assert code == 1 and f"{relpath} line 1" in out and "fix it by hand" in out
    assert tree(world) == before
    # An unrelated save (here the badge commis-cuisine) leaves the damaged file exactly as it was.
    opened, changed = edit_a_badge(fw(world))
    save_framework(changed, fw(world), snapshot=opened.snapshot)
    assert tree(world)[f"parcours-cvl/{relpath}"] == before[f"parcours-cvl/{relpath}"]


def test_unknown_fields_in_framework_yaml_are_an_error_and_kept(world):
    path = fw(world) / "framework.yaml"
    path.write_text(path.read_text("utf-8") + "financeur: Région Centre-Val de Loire\n", "utf-8")
    opened = read_framework(fw(world))
    problem = next(p for p in opened.report if p.code == "unknown-field")
    assert problem.severity == "error" and problem.field == "financeur" and problem.line > 1
    changed = opened.framework.replace(version="9.9")
    with pytest.raises(FrameworkNeedsRepair, match=r"framework\.yaml line \d+: Unknown field 'financeur'"):
        save_framework(changed, fw(world), snapshot=opened.snapshot)
    assert "financeur" in path.read_text("utf-8")


# --- 4. NUL bytes ------------------------------------------------------------------------------------


@pytest.mark.parametrize("relpath", ["badges/accueil-public.yaml", "competencies/communiquer.yaml"])
def test_a_nul_byte_is_an_error_with_its_line_and_nothing_is_cut(world, relpath):
    path = fw(world) / relpath
    data = path.read_bytes()
    cut = data.index(b"\n", len(data) // 3) + 1
    path.write_bytes(data[:cut] + b"\x00" + data[cut:])
    line = data[:cut].count(b"\n") + 1
    code, out = run("validate", str(fw(world)), "--json")
    (problem,) = [p for p in json.loads(out)["problems"] if p["code"] == "nul-byte"]
    assert code == 1 and (problem["file"], problem["line"], problem["severity"]) == (relpath, line, "error")
    before = tree(world)
    code, out = run("fmt", str(fw(world)))
    assert code == 1 and f"{relpath} line {line}" in out
    assert tree(world) == before


def test_yaml_loading_refuses_a_nul_instead_of_stopping_there():
    with pytest.raises(yamlfile.YamlSyntaxError) as error:
        yamlfile.load("id: a\nname:\n  fr: b\x00\ntags: [c]\n", "badges/a.yaml")
    assert error.value.line == 3 and "NUL" in str(error.value)


# --- 5. symbolic links -------------------------------------------------------------------------------


def test_a_badge_linked_outside_is_neither_read_nor_published_nor_replaced(world, tmp_path):
    link = fw(world) / "badges" / "secret.yaml"
    link.symlink_to("../../secret.yaml")
    code, out = run("validate", str(fw(world)))
    assert code == 1 and "link-outside-folder" in out and SECRET not in out
    out_dir = tmp_path / "export"
    before = tree(world)
    code, _ = run("export", str(fw(world)), "--base-url", "https://badges.example.org/cvl/", "--out", str(out_dir),
                  "--include-unadopted")
    assert tree(world) == before
    assert not any(SECRET.encode() in p.read_bytes() for p in out_dir.rglob("*") if p.is_file())
    code, out = run("fmt", str(fw(world)))
    assert code == 1 and "badges/secret.yaml" in out
    opened, changed = edit_a_badge(fw(world))
    save_framework(changed, fw(world), snapshot=opened.snapshot)
    assert link.is_symlink() and os.readlink(link) == "../../secret.yaml"
    assert {k: v for k, v in tree(world).items() if "commis-cuisine" not in k} == {
        k: v for k, v in before.items() if "commis-cuisine" not in k}


def test_a_linked_item_folder_is_not_listed_and_nothing_is_written_through_it(world):
    shutil.rmtree(fw(world) / "pathways")
    (fw(world) / "pathways").symlink_to("../elsewhere")
    opened = read_framework(fw(world))
    assert "link-outside-folder" in opened.report.codes() and opened.framework.pathways == []
    before = tree(world)
    pathway = read_framework(EXAMPLE).framework.pathways[0]
    with pytest.raises(FrameworkNeedsRepair, match=r"pathways/.*symbolic link"):
        save_framework(edit.add_item(opened.framework, pathway), fw(world), snapshot=opened.snapshot)
    assert tree(world) == before


def test_a_link_inside_the_folder_is_read_but_never_replaced_by_a_copy(world):
    folder = fw(world)
    (folder / "partages").mkdir()
    shutil.move(folder / "badges" / "commis-cuisine.yaml", folder / "partages" / "commis-cuisine.yaml")
    (folder / "badges" / "commis-cuisine.yaml").symlink_to("../partages/commis-cuisine.yaml")
    opened, changed = edit_a_badge(folder)
    assert opened.framework.badge("commis-cuisine") is not None and "linked-file" in opened.report.codes()
    before = tree(world)
    with pytest.raises(FrameworkNeedsRepair, match=r"badges/commis-cuisine\.yaml.*symbolic link"):
        save_framework(changed, folder, snapshot=opened.snapshot)
    assert tree(world) == before


def test_a_framework_yaml_linked_outside_is_refused_unread(world):
    (world / "framework.yaml").write_text(f"id: secret\ntitle:\n  fr: {SECRET}\n", "utf-8")
    (fw(world) / "framework.yaml").unlink()
    (fw(world) / "framework.yaml").symlink_to("../framework.yaml")
    code, out = run("info", str(fw(world)))
    assert code == 2 and "outside the folder" in out and SECRET not in out


def test_paths_stay_inside_their_folder(world):
    folder = fw(world)
    (folder / "images").mkdir()
    (folder / "images" / "logo.svg").symlink_to("../../secret.yaml")
    for bad in ["../victim.txt", "/etc/passwd", "images/../../victim.txt", "a\\b", "", "images/logo.svg"]:
        with pytest.raises(PathOutsideFolder):
            inside(folder, bad)
    assert inside(folder, "badges/accueil-public.yaml") == (folder / "badges" / "accueil-public.yaml").resolve()
    with pytest.raises(PathOutsideFolder, match="symbolic link"):
        writable_path(folder, "images/logo.svg")


# --- 12. ids that differ only by case ----------------------------------------------------------------


def test_ids_differing_only_by_case_are_an_error_naming_both(world):
    path = fw(world) / "badges" / "accueil-public.yaml"
    (fw(world) / "badges" / "Accueil-Public.yaml").write_text(
        path.read_text("utf-8").replace("id: accueil-public", "id: Accueil-Public"), "utf-8")
    code, out = run("validate", str(fw(world)), "--json", "--lang", "en")
    problems = json.loads(out)["problems"]
    assert code == 1
    (ids,) = [p for p in problems if p["code"] == "id-case-collision"]
    assert "Accueil-Public" in ids["message"]["en"] and "accueil-public" in ids["message"]["en"]
    names = [p for p in problems if p["code"] == "file-name-case-collision"]
    assert {p["file"] for p in names} == {"badges/Accueil-Public.yaml", "badges/accueil-public.yaml"}
    before = tree(world)
    code, out = run("fmt", str(fw(world)))
    assert code == 1 and "differ only by upper/lower case" in out
    assert tree(world) == before


def test_a_save_never_writes_two_files_differing_only_by_case(tmp_path):
    framework = read_framework(EXAMPLE).framework
    twin = framework.badge("accueil-public").model_copy(update={"id": "Accueil-Public"})
    with pytest.raises(IdentifierCaseCollision, match=r"badges/Accueil-Public\.yaml and badges/accueil-public\.yaml"):
        save_framework(edit.add_item(framework, twin), tmp_path / "fw")
    assert not (tmp_path / "fw").exists()


def test_a_save_without_snapshot_over_a_damaged_framework_keeps_the_damage(world):
    path = fw(world) / "badges" / "stage-entrepot.yaml"
    path.write_text("id: [stage", "utf-8")
    framework = read_framework(fw(world)).framework
    other = Badge(id="stage-entrepot", name={"fr": "Autre"})
    with pytest.raises(FrameworkNeedsRepair, match=r"badges/stage-entrepot\.yaml line 1"):
        save_framework(edit.add_item(framework, other), fw(world))
    assert path.read_text("utf-8") == "id: [stage"
    save_framework(framework, fw(world))  # it does not hold that badge: the file is left, not deleted
    assert path.read_text("utf-8") == "id: [stage"


def test_the_widgets_autosave_keeps_a_duplicate_and_says_which_file(world):
    from badgeworkbench.widgets.state import WorkbenchState

    folder = fw(world)
    copy = folder / "badges" / "zz-copie.yaml"
    copy.write_text((folder / "badges" / "commis-cuisine.yaml").read_text("utf-8"), "utf-8")
    state = WorkbenchState.open(folder)
    before = tree(world)
    assert not state.apply(lambda f: edit.update_item(f, "badge", "commis-cuisine", votes=3), "votes")
    assert state.message_level == "error" and "badges/zz-copie.yaml" in state.message
    assert tree(world) == before

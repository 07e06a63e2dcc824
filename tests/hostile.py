"""Hostile and careless input for the whole command line: mutations of the example framework, and a
hash of every byte around it, so a test can say what a command changed.

A *scene* is a temporary tree laid out like a careless user's disk::

    <root>/
        parcours-cvl/          a copy of frameworks/parcours-cvl, then mutated
        pristine/              an untouched copy (the other side of ``diff``)
        victim.txt             a file beside the framework that nothing may touch
        earners.csv            the earners of ``award``
        elsewhere/             outside the framework: what its symlinks point to
            secret.txt
    <root>/out…                where a command writes, when it writes (a fresh path per command)

:func:`tree_state` records every directory, file (content digest, mode) and symlink (its target,
never followed) under the root, so ``changes(before, after)`` lists every path that changed.

The mutations are plain values (:class:`Mutation`): a name, a function that applies them to a scene,
and whether they leave the framework *damaged* — unreadable, unsafe, or invalid, so that ``validate``
must not exit 0, ``fmt`` must rewrite nothing, and ``export``/``award``/``materials`` must refuse.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml
from hypothesis import strategies as st

from badgeworkbench.ids import is_safe_id

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "frameworks" / "parcours-cvl"
FRAMEWORK = "parcours-cvl"
VICTIM = "victim.txt"
VICTIM_BYTES = b"Ne pas toucher : ce fichier est a quelqu'un d'autre.\n"
SECRET_BYTES = b"secret: hors du dossier du cadre\n"
#: The lock file reading takes (docs/coauthoring.md): any command may create it, empty, in a framework folder.
LOCK = ".badgeworkbench.lock"
JOURNAL = ".save-journal.json"
#: A 20 MB text: bigger than any text a framework holds, smaller than the files it refuses unread (64 MiB).
HUGE_TEXT_CHARS = 20_000_000

#: The framework's own files, as paths relative to its folder (sorted, so strategies are reproducible).
EXAMPLE_FILES = sorted(p.relative_to(EXAMPLE).as_posix() for p in EXAMPLE.rglob("*.yaml"))
BADGE_FILES = [p for p in EXAMPLE_FILES if p.startswith("badges/")]
PATHWAY_FILES = [p for p in EXAMPLE_FILES if p.startswith("pathways/")]
COMPETENCY_FILES = [p for p in EXAMPLE_FILES if p.startswith("competencies/")]
SIZES = {p: (EXAMPLE / p).stat().st_size for p in EXAMPLE_FILES}


def _badge(relpath: str) -> dict:
    return yaml.safe_load((EXAMPLE / relpath).read_text("utf-8"))


#: (badge that requires others, a badge it requires that requires nothing): adding the reverse makes a cycle.
CYCLE_PAIRS = sorted(
    (b["id"], needed)
    for b in map(_badge, BADGE_FILES)
    if isinstance(b.get("requires"), dict)
    for needed in b["requires"].get("of", [])
    if isinstance(needed, str) and "requires" not in _badge(f"badges/{needed}.yaml")
)


# --- the tree around the framework -----------------------------------------------------------------


@dataclass(frozen=True)
class Scene:
    root: Path

    @property
    def framework(self) -> Path:
        return self.root / FRAMEWORK

    @property
    def pristine(self) -> Path:
        return self.root / "pristine"

    @property
    def victim(self) -> Path:
        return self.root / VICTIM

    @property
    def elsewhere(self) -> Path:
        return self.root / "elsewhere"

    @property
    def secret(self) -> Path:
        return self.elsewhere / "secret.txt"

    @property
    def earners(self) -> Path:
        return self.root / "earners.csv"


EARNERS_CSV = (
    "identifier,badge,date,evidence\n"
    "awa.diallo@example.org,accueil-public,2026-04-01,https://portfolio.example.org/p/17\n"
    'lucas.martin@example.org,commis-cuisine,2026-04-02,"Attestation : ""a tenu le poste, sans erreur"", 3 jours."\n'
)


def make_scene(root: Path) -> Scene:
    """A fresh scene in ``root`` (which must exist and be empty)."""
    scene = Scene(root)
    ignore = shutil.ignore_patterns(LOCK)
    shutil.copytree(EXAMPLE, scene.framework, ignore=ignore)
    shutil.copytree(EXAMPLE, scene.pristine, ignore=ignore)
    scene.victim.write_bytes(VICTIM_BYTES)
    scene.elsewhere.mkdir()
    scene.secret.write_bytes(SECRET_BYTES)
    scene.earners.write_text(EARNERS_CSV, encoding="utf-8")
    return scene


def tree_state(root: Path) -> dict[str, tuple]:
    """Every path under ``root``: directories (mode), files (mode, size, sha256), symlinks (their target).

    Symlinks are recorded, never followed: what they point to is hashed where it lives (inside ``root``).
    """
    state: dict[str, tuple] = {}
    for folder, dirs, files in os.walk(root, followlinks=False):
        here = Path(folder)
        for name in [*dirs, *files]:
            path = here / name
            rel = path.relative_to(root).as_posix()
            info = path.lstat()
            if stat.S_ISLNK(info.st_mode):
                state[rel] = ("symlink", os.readlink(path))
            elif stat.S_ISDIR(info.st_mode):
                state[rel] = ("dir", stat.S_IMODE(info.st_mode))
            else:
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                state[rel] = ("file", stat.S_IMODE(info.st_mode), info.st_size, digest)
    return state


def changes(before: dict[str, tuple], after: dict[str, tuple]) -> set[str]:
    """Paths added, removed or changed (content, mode, or symlink target) between two states."""
    return {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}


def unexplained(changed: set[str], after: dict[str, tuple], allowed: Callable[[str], bool]) -> list[str]:
    """The changed paths a command does not document writing (an empty lock file is always allowed)."""
    return sorted(
        p
        for p in changed
        if not allowed(p) and not (p.rsplit("/", 1)[-1] == LOCK and after.get(p, ("file", 0, 0))[2:3] == (0,))
    )


# --- mutations ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mutation:
    """One hostile or careless change to the framework of a scene."""

    kind: str
    detail: str
    apply: Callable[[Scene], None]
    #: What it leaves: "" (no claim), "invalid" (readable, but validate finds an error: export must refuse),
    #: "unreadable" (a file cannot be read or trusted, or an id is unsafe: fmt must rewrite nothing too).
    damage: str

    @property
    def damaging(self) -> bool:
        """True when the framework is then unreadable, unsafe or invalid (validate must not say it is fine)."""
        return bool(self.damage)

    def __repr__(self) -> str:  # what hypothesis prints for a failing example
        return f"Mutation({self.kind}: {self.detail})"


def _sound_yaml(relpath: str, data: bytes) -> bool:
    """True when ``data`` is still UTF-8 YAML of the shape the file must have."""
    try:
        loaded = yaml.safe_load(data.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError):
        return False
    if relpath == "framework.yaml" or relpath.startswith(("badges/", "pathways/")):
        return isinstance(loaded, dict) and isinstance(loaded.get("id"), str)
    return loaded is None or isinstance(loaded, list)


def truncation(relpath: str, at: int) -> Mutation:
    cut = (EXAMPLE / relpath).read_bytes()[:at]

    def apply(scene: Scene) -> None:
        (scene.framework / relpath).write_bytes(cut)

    # A cut that leaves sound YAML may still hold a valid (smaller) framework: no claim is made on it.
    return Mutation(
        "truncate", f"{relpath} cut at byte {at}", apply, damage="" if _sound_yaml(relpath, cut) else "unreadable"
    )


def nul_byte(relpath: str, at: int) -> Mutation:
    def apply(scene: Scene) -> None:
        data = (scene.framework / relpath).read_bytes()
        (scene.framework / relpath).write_bytes(data[:at] + b"\x00" + data[at:])

    return Mutation("nul", f"NUL inserted in {relpath} at byte {at}", apply, damage="unreadable")


#: Byte sequences that are never UTF-8 wherever they land.
INVALID_UTF8 = [b"\xff", b"\xfe\xfe", b"\xc3\x28", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80", b"\xc0\xaf"]


def invalid_utf8(relpath: str, at: int, junk: bytes) -> Mutation:
    def apply(scene: Scene) -> None:
        data = (scene.framework / relpath).read_bytes()
        (scene.framework / relpath).write_bytes(data[:at] + junk + data[at:])

    return Mutation("invalid-utf8", f"{junk!r} inserted in {relpath} at byte {at}", apply, damage="unreadable")


def duplicate_file(relpath: str) -> Mutation:
    head, name = relpath.split("/")
    copy = f"{head}/{name.removesuffix('.yaml')}-copie.yaml"

    def apply(scene: Scene) -> None:
        shutil.copyfile(scene.framework / relpath, scene.framework / copy)

    return Mutation("duplicate-id", f"{relpath} copied to {copy} (same id)", apply, damage="unreadable")


def _dump(data: object) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def wrong_shape(where: str) -> Mutation:
    def apply(scene: Scene) -> None:
        folder = scene.framework
        if where == "partners.yaml":
            partners = yaml.safe_load((folder / where).read_text("utf-8"))
            (folder / where).write_text(_dump({p["id"]: p for p in partners}), "utf-8")
        elif where == "layout.yaml":
            (folder / where).write_text(_dump([{"x": 10, "y": 20}, {"x": 30, "y": 40}]), "utf-8")
        else:
            items = yaml.safe_load((folder / where).read_text("utf-8"))
            (folder / where).write_text(_dump({"competencies": items}), "utf-8")

    shape = {"partners.yaml": "a mapping", "layout.yaml": "a list"}.get(where, "its list wrapped in a mapping")
    return Mutation("wrong-shape", f"{where} holds {shape}", apply, damage="unreadable")


#: Ids no file name, URL or person can be trusted with.
HOSTILE_IDS = [
    "accueil\u202epublic",  # right-to-left override: reads as another id
    "accueil\u200bpublic",  # zero-width space: two ids that look the same
    "../x",
    "../../victim",
    "/tmp/x",
    "a" * 300,
    "Accueil-Public",  # differs from accueil-public by case only
]


def hostile_id(relpath: str, ident: str) -> Mutation:
    original = relpath.split("/")[1].removesuffix(".yaml")

    def apply(scene: Scene) -> None:
        text = (scene.framework / relpath).read_text("utf-8")
        changed = text.replace(f"id: {original}\n", f"id: {json.dumps(ident)}\n", 1)
        if ident.lower() == original:
            # ids differing only by case: both stay, the copy beside the original
            (scene.framework / relpath).with_name("zz-case.yaml").write_text(changed, "utf-8")
        else:
            (scene.framework / relpath).write_text(changed, "utf-8")

    # An id in the allowed alphabet that collides with no other id of its kind, even by case (a pathway
    # named "Accueil-Public" beside the badge "accueil-public"), is unusual but harmless: no claim is made.
    folder = relpath.split("/")[0]
    same_kind = {p.stem.lower() for p in (EXAMPLE / folder).glob("*.yaml") if p.stem != original}
    harmless = is_safe_id(ident) and ident.lower() not in same_kind | {original}
    return Mutation("hostile-id", f"{relpath} given the id {ident!r}", apply, damage="" if harmless else "unreadable")


def case_collision(relpath: str) -> Mutation:
    """A copy of a badge whose id differs only by case (``Accueil-Public`` beside ``accueil-public``)."""
    original = relpath.split("/")[1].removesuffix(".yaml")
    upper = "-".join(part.capitalize() for part in original.split("-"))

    def apply(scene: Scene) -> None:
        text = (scene.framework / relpath).read_text("utf-8")
        (scene.framework / relpath).with_name(f"{upper}.yaml").write_text(
            text.replace(f"id: {original}\n", f"id: {upper}\n", 1), "utf-8"
        )

    return Mutation(
        "case-collision", f"{relpath} copied as {upper}.yaml with the id {upper!r}", apply, damage="unreadable"
    )


SYMLINK_KINDS = ["file-to-outside-copy", "new-file-to-victim", "folder-to-outside", "absolute-to-secret"]


def symlink(kind: str, relpath: str) -> Mutation:
    def apply(scene: Scene) -> None:
        fw = scene.framework
        if kind == "file-to-outside-copy":  # the badge's file now lives outside the folder
            outside = scene.elsewhere / Path(relpath).name
            shutil.copyfile(fw / relpath, outside)
            (fw / relpath).unlink()
            (fw / relpath).symlink_to(os.path.relpath(outside, (fw / relpath).parent))
        elif kind == "new-file-to-victim":
            (fw / "badges" / "evil.yaml").symlink_to(Path("..", "..", VICTIM))
        elif kind == "folder-to-outside":
            shutil.copytree(fw / "pathways", scene.elsewhere / "pathways")
            shutil.rmtree(fw / "pathways")
            (fw / "pathways").symlink_to(os.path.relpath(scene.elsewhere / "pathways", fw))
        else:
            (fw / relpath).unlink()
            (fw / relpath).symlink_to(scene.secret)

    return Mutation("symlink", f"{kind} ({relpath})", apply, damage="unreadable")


JOURNAL_KINDS = ["delete-outside", "delete-absolute", "rename-out", "rename-in", "rename-over-victim", "garbage"]


def planted_journal(kind: str, relpath: str) -> Mutation:
    """A ``.save-journal.json`` nobody's save wrote, naming paths outside the folder (see files.py)."""

    def apply(scene: Scene) -> None:
        plan: object
        if kind == "delete-outside":
            plan = {"renames": [], "deletes": [f"../{VICTIM}"]}
        elif kind == "delete-absolute":
            plan = {"renames": [], "deletes": [str(scene.victim), str(scene.secret)]}
        elif kind == "rename-out":  # moves a framework file out of the folder
            plan = {"renames": [[relpath, f"../{VICTIM}"]], "deletes": []}
        elif kind == "rename-in":  # pulls a file from outside into the framework
            plan = {"renames": [[str(scene.secret), relpath]], "deletes": []}
        elif kind == "rename-over-victim":
            plan = {"renames": [[f"../elsewhere/{scene.secret.name}", f"../{VICTIM}"]], "deletes": [relpath]}
        else:
            plan = {"renames": "badges", "deletes": {"a": 1}}
        (scene.framework / JOURNAL).write_text(json.dumps(plan), "utf-8")

    return Mutation("planted-journal", f"{kind} ({relpath})", apply, damage="unreadable")


def prerequisite_cycle(badge: str, needed: str) -> Mutation:
    def apply(scene: Scene) -> None:
        path = scene.framework / "badges" / f"{needed}.yaml"
        text = path.read_text("utf-8")
        path.write_text(
            text.replace("\ntags:", f"\nrequires:\n  of: [{badge}]\ntags:", 1)
            if "\ntags:" in text
            else text + f"requires:\n  of: [{badge}]\n",
            "utf-8",
        )

    return Mutation("cycle", f"{needed} now requires {badge}, which requires it", apply, damage="invalid")


def huge_text(relpath: str) -> Mutation:
    def apply(scene: Scene) -> None:
        path = scene.framework / relpath
        text = path.read_text("utf-8")
        start = text.index("description:\n  fr: ") + len("description:\n  fr: ")
        path.write_text(text[:start] + "a" * HUGE_TEXT_CHARS + " " + text[start:], "utf-8")

    return Mutation("huge-text", f"a {HUGE_TEXT_CHARS:,}-character description in {relpath}", apply, damage="invalid")


JAVASCRIPT_URLS = ["javascript:alert(document.domain)", "JaVaScRiPt:alert(1)", " javascript:fetch('//evil.example')"]


def javascript_url(url: str) -> Mutation:
    def apply(scene: Scene) -> None:
        path = scene.framework / "partners.yaml"
        text = path.read_text("utf-8")
        path.write_text(text.replace("url: https://frep-cvl.example.org", f"url: {json.dumps(url)}", 1), "utf-8")

    return Mutation("javascript-url", f"the issuer frep-cvl's url is {url!r}", apply, damage="invalid")


# --- strategies --------------------------------------------------------------------------------------


def _file_and_offset(files: list[str]) -> st.SearchStrategy[tuple[str, int]]:
    return st.sampled_from(files).flatmap(lambda p: st.tuples(st.just(p), st.integers(0, SIZES[p] - 1)))


truncations = _file_and_offset(EXAMPLE_FILES).map(lambda pa: truncation(*pa))
nul_bytes = _file_and_offset(EXAMPLE_FILES).map(lambda pa: nul_byte(*pa))
invalid_bytes = st.tuples(_file_and_offset(EXAMPLE_FILES), st.sampled_from(INVALID_UTF8)).map(
    lambda t: invalid_utf8(*t[0], t[1])
)
duplicates = st.sampled_from(BADGE_FILES + PATHWAY_FILES).map(duplicate_file)
wrong_shapes = st.sampled_from([*COMPETENCY_FILES, "partners.yaml", "layout.yaml"]).map(wrong_shape)
hostile_ids = st.builds(hostile_id, st.sampled_from(BADGE_FILES + PATHWAY_FILES), st.sampled_from(HOSTILE_IDS))
case_collisions = st.sampled_from(BADGE_FILES).map(case_collision)
symlinks = st.builds(symlink, st.sampled_from(SYMLINK_KINDS), st.sampled_from(BADGE_FILES))
journals = st.builds(planted_journal, st.sampled_from(JOURNAL_KINDS), st.sampled_from(BADGE_FILES))
cycles = st.sampled_from(CYCLE_PAIRS).map(lambda pair: prerequisite_cycle(*pair))
huge_texts = st.sampled_from(BADGE_FILES).map(huge_text)
javascript_urls = st.sampled_from(JAVASCRIPT_URLS).map(javascript_url)

#: Every kind of mutation, the 20 MB text aside (see :data:`all_mutations`).
mutations_without_huge_text = st.one_of(
    truncations,
    nul_bytes,
    invalid_bytes,
    duplicates,
    wrong_shapes,
    hostile_ids,
    case_collisions,
    symlinks,
    journals,
    cycles,
    javascript_urls,
)
all_mutations = st.one_of(mutations_without_huge_text, huge_texts)
#: The mutations after which the framework is damaged for sure (every kind but truncation).
damaging_mutations = st.one_of(
    nul_bytes,
    invalid_bytes,
    duplicates,
    wrong_shapes,
    hostile_ids,
    case_collisions,
    symlinks,
    journals,
    cycles,
    javascript_urls,
)

#: The mutations after which the framework cannot be read or trusted as it is (fmt must rewrite nothing).
unreadable_mutations = st.one_of(
    nul_bytes,
    invalid_bytes,
    duplicates,
    wrong_shapes,
    hostile_ids,
    case_collisions,
    symlinks,
    journals,
)


#: One mutation of every kind, the harmful variant: every property runs these before its drawn examples,
#: so that each command meets each kind whatever the draw.
EVERY_KIND = [
    truncation("competencies/communiquer.yaml", 1500),
    nul_byte("badges/accueil-public.yaml", 60),
    invalid_utf8("relations.yaml", 5, b"\xff"),
    duplicate_file("badges/accueil-public.yaml"),
    wrong_shape("competencies/communiquer.yaml"),
    hostile_id("badges/accueil-public.yaml", "accueil\u202epublic"),
    case_collision("badges/accueil-public.yaml"),
    symlink("file-to-outside-copy", "badges/commis-cuisine.yaml"),
    planted_journal("delete-outside", "badges/accueil-public.yaml"),
    prerequisite_cycle(*CYCLE_PAIRS[0]),
    javascript_url("javascript:alert(document.domain)"),
    huge_text("badges/accueil-public.yaml"),
]


#: The same mutations for an export folder (for check-export): bytes of any file, and symlinks.
def export_mutations(files: list[str]) -> st.SearchStrategy[tuple[str, str, int]]:
    return st.tuples(
        st.sampled_from(["truncate", "nul", "invalid-utf8", "symlink-out", "huge"]),
        st.sampled_from(files),
        st.integers(0, 10_000),
    )


def mutate_export(folder: Path, scene: Scene, how: str, relpath: str, at: int) -> None:
    """Damage one file of an export; the file is replaced, never written through (it may be a hard link)."""
    path = folder / relpath
    data = path.read_bytes()
    at = at % max(len(data), 1)
    path.unlink()
    if how == "truncate":
        path.write_bytes(data[:at])
    elif how == "nul":
        path.write_bytes(data[:at] + b"\x00" + data[at:])
    elif how == "invalid-utf8":
        path.write_bytes(data[:at] + b"\xff\xfe" + data[at:])
    elif how == "huge":
        path.write_bytes(data[:at] + b"a" * HUGE_TEXT_CHARS + data[at:])
    else:
        path.symlink_to(scene.secret)

"""The alignment index kept beside each reference set: written once, reused, rebuilt when the set
changes or the file is damaged, and giving the very results of an index built afresh."""

from __future__ import annotations

import json
import pickle
import zipfile
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from badgeworkbench.cli import main
from badgeworkbench.files import save_framework
from badgeworkbench.interop import indexcache
from badgeworkbench.interop.align import AlignmentIndex, suggest_alignments
from badgeworkbench.interop.indexcache import cache_path, load_index, read_cached_part
from badgeworkbench.interop.references import ReferenceItem, add_reference, load_references, reference_files
from badgeworkbench.model import Competency, Framework

FIXTURES = Path(__file__).parent / "fixtures" / "interop"
ITEM = ReferenceItem(id="x", code="X", kind="skill", uri="https://example.org/x", labels={"fr": "Écrire"},
                     alt_labels={"fr": ("rédiger", "écrire un texte")}, descriptions={"en": "Write."})  # fmt: skip
QUERIES = ["travailler en équipe", "travailer en equipe", "saluer les clients", "Working in a team", "premiers secour",
           "teamwork", "4.2", "zzzzzzzz"]  # fmt: skip


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A framework with three reference sets: CléA, and ESCO in French then English (merged), and a ROME file."""
    fw = Framework(id="f", title={"fr": "F"}, competencies=[
        Competency(id="accueil", title={"fr": "Accueillir les clients"}, description={"fr": "Saluer et orienter."})])  # fmt: skip
    save_framework(fw, tmp_path / "f")
    add_reference(tmp_path / "f", "-", "clea")
    add_reference(tmp_path / "f", FIXTURES / "skills_fr.csv", "esco")
    add_reference(tmp_path / "f", FIXTURES / "skills_en.csv", "esco")
    return tmp_path / "f"


class CountingBuilder:
    """Stands for :func:`index_part` and counts the sets it indexes."""

    def __init__(self) -> None:
        self.built: list[str] = []

    def __call__(self, reference):  # type: ignore[no-untyped-def]
        self.built.append(reference.name)
        return indexcache_index_part(reference)


indexcache_index_part = indexcache.index_part


@pytest.fixture
def builder(monkeypatch: pytest.MonkeyPatch) -> CountingBuilder:
    counting = CountingBuilder()
    monkeypatch.setattr(indexcache, "index_part", counting)
    return counting


def answers(index: AlignmentIndex, fw_folder: Path | None = None) -> list[object]:
    found: list[object] = [[s.to_dict("en") for s in index.search(q, limit=15)] for q in QUERIES]
    found.append([s.to_dict() for s in index.search("accueillir", references=["esco"])])
    fw = Framework(id="f", competencies=[Competency(id="c", title={"fr": "Travailler en équipe", "en": "Teamwork"})])
    found.append([s.to_dict() for s in suggest_alignments(fw, "c", index, limit=8)])
    return found


def test_the_index_is_written_beside_each_set_then_read_instead_of_built(folder, builder):
    first = load_index(folder)
    assert sorted(builder.built) == ["clea", "esco"]
    cached = sorted(p.name for p in (folder / "references" / ".index").iterdir())
    assert cached == [".gitignore", "clea.npz", "esco.npz"]
    assert (folder / "references" / ".index" / ".gitignore").read_text("utf-8").splitlines()[-1] == "*"
    assert [p.stem for p in reference_files(folder)] == ["clea", "esco"]  # the cache is not taken for a set
    builder.built.clear()
    second = load_index(folder)
    assert builder.built == []  # nothing indexed again
    assert answers(second) == answers(first)


def test_results_from_the_cache_are_those_of_an_index_built_afresh(folder):
    load_index(folder)  # writes the cache
    fresh = AlignmentIndex(load_references(folder))
    cached = load_index(folder)
    assert len(cached) == len(fresh) > 35
    assert answers(cached) == answers(fresh)
    assert answers(cached)[0]  # the queries do find something
    only_esco = load_index(folder, ["esco"])
    assert [r.name for r in only_esco.references] == ["esco"]
    assert answers(only_esco) == answers(AlignmentIndex(load_references(folder, ["esco"])))
    # the items decoded from the cache are the stored ones, field for field
    for fresh_set, cached_set in zip(load_references(folder), cached.references, strict=True):
        assert list(cached_set.items) == fresh_set.items


def test_a_changed_reference_file_is_indexed_again(folder, builder):
    load_index(folder)
    builder.built.clear()
    esco = folder / "references" / "esco.csv"
    esco.write_text(esco.read_text("utf-8").replace("accueillir les clients", "héberger les voyageurs"), "utf-8")
    index = load_index(folder)
    assert builder.built == ["esco"]  # only the set that changed
    assert index.search("héberger les voyageurs", limit=1)[0].item.labels["fr"] == "héberger les voyageurs"
    builder.built.clear()
    load_index(folder)
    assert builder.built == []


def test_an_index_of_another_format_version_is_built_again(folder, builder, monkeypatch):
    load_index(folder)
    monkeypatch.setattr(indexcache, "INDEX_FORMAT", indexcache.INDEX_FORMAT + 1)
    builder.built.clear()
    load_index(folder)
    assert sorted(builder.built) == ["clea", "esco"]


def test_an_index_written_by_the_previous_ranking_is_built_again(folder, builder):
    load_index(folder)
    path = cache_path(folder / "references" / "esco.csv")
    _rewrite(path, lambda arrays: _header(arrays, version=1))  # what the word-overlap ranking wrote
    builder.built.clear()
    index = load_index(folder)
    assert builder.built == ["esco"]
    assert index.search("teamwork", references=["esco"])[0].field == "alt"  # the new index answers


def test_an_index_written_for_items_of_other_fields_is_built_again(folder, builder):
    # the reference readers may give items more fields; a cache that lacks them would drop them
    load_index(folder)
    path = cache_path(folder / "references" / "esco.csv")
    _rewrite(path, lambda arrays: _header(arrays, item_fields=["id", "code", "labels"]))
    builder.built.clear()
    load_index(folder)
    assert builder.built == ["esco"]


def test_an_item_decoded_from_the_cache_is_checked_field_by_field():
    good = indexcache._json_bytes({name: getattr(ITEM, name) for name in indexcache._item_fields()})
    assert indexcache._item(good, "esco") == ITEM  # the alternative labels come back as tuples
    for change in ({"labels": {"fr": 3}}, {"alt_labels": {"fr": "one"}}, {"code": None}, {"extra": "x"}):
        row = json.loads(good) | change
        with pytest.raises(indexcache.CorruptIndex, match=r"references/\.index"):
            indexcache._item(json.dumps(row).encode(), "esco")


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _flip_a_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def _rewrite(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    """Rewrite the archive with ``change`` applied to its arrays (a valid zip, wrong contents)."""
    with np.load(path, allow_pickle=False) as archive:
        arrays = {key: archive[key] for key in archive.files}
    change(arrays)
    with open(path, "wb") as handle:
        np.savez(handle, **arrays)


def _header(arrays: dict[str, np.ndarray], **changes: object) -> None:
    header = json.loads(arrays["header"].tobytes()) | changes
    arrays["header"] = np.frombuffer(json.dumps(header).encode(), dtype=np.uint8)


def _tamper_postings(arrays: dict[str, np.ndarray]) -> None:
    arrays["postings"] = arrays["postings"] + 1_000_000  # the header's digest of the arrays no longer matches


def _tamper_postings_and_digest(arrays: dict[str, np.ndarray]) -> None:
    _tamper_postings(arrays)
    _header(arrays, arrays_sha256=indexcache._arrays_digest(arrays))  # then every posting names no entry


DAMAGES = {
    "truncated": _truncate,
    "a byte flipped": _flip_a_byte,
    "empty": lambda p: p.write_bytes(b""),
    "not an archive": lambda p: p.write_bytes(b"esco,index\n1,2\n"),
    "a pickle": lambda p: p.write_bytes(pickle.dumps({"header": "badgeworkbench alignment index"})),
    "a plain .npy": lambda p: np.save(p.open("wb"), np.arange(10)),
    "another archive": lambda p: np.savez(p.open("wb"), weights=np.ones(3)),
    "a zip of other things": lambda p: zipfile.ZipFile(p, "w").writestr("readme.txt", "hello"),
    "an array missing": lambda p: _rewrite(p, lambda a: a.pop("postings")),
    "a header that is not JSON": lambda p: _rewrite(p, lambda a: a.update(header=np.ones(4, dtype=np.uint8))),
    "a header for another file": lambda p: _rewrite(p, lambda a: _header(a, source_sha256="0" * 64)),
    "a header of another format": lambda p: _rewrite(p, lambda a: _header(a, format="something else")),
    "arrays changed": lambda p: _rewrite(p, _tamper_postings),
    "arrays changed, digest too": lambda p: _rewrite(p, _tamper_postings_and_digest),
    "arrays of another type": lambda p: _rewrite(p, lambda a: a.update(entry_item=a["entry_item"].astype(np.int64))),
    "a folder in its place": lambda p: (p.unlink(), p.mkdir()),
}


@pytest.mark.parametrize("damage", DAMAGES.values(), ids=DAMAGES.keys())
def test_a_damaged_or_foreign_cache_file_is_ignored_and_replaced(folder, builder, damage):
    expected = answers(AlignmentIndex(load_references(folder)))
    load_index(folder)
    path = cache_path(folder / "references" / "esco.csv")
    damage(path)
    builder.built.clear()
    index = load_index(folder)
    assert builder.built == ["esco"]
    assert answers(index) == expected
    if path.is_file():  # written again, and good this time
        digest = indexcache.hashlib.sha256((folder / "references" / "esco.csv").read_bytes()).hexdigest()
        assert read_cached_part(path, digest) is not None


def test_a_folder_where_the_cache_cannot_be_written_only_costs_time(folder, builder):
    (folder / "references" / ".index").write_text("not a folder", "utf-8")
    first = load_index(folder)
    second = load_index(folder)
    assert sorted(builder.built) == ["clea", "clea", "esco", "esco"]
    assert answers(first) == answers(second)
    assert (folder / "references" / ".index").read_text("utf-8") == "not a folder"


def test_the_align_command_reads_the_cache_and_prints_the_same(folder, builder):
    runner = CliRunner()
    args = ["align", str(folder), "travailer en equipe", "--json"]
    first = runner.invoke(main, args, catch_exceptions=False)
    assert first.exit_code == 0 and sorted(builder.built) == ["clea", "esco"]
    builder.built.clear()
    second = runner.invoke(main, args, catch_exceptions=False)
    assert second.exit_code == 0 and builder.built == []
    assert json.loads(second.output) == json.loads(first.output) != []
    suggested = runner.invoke(main, ["align", str(folder), "--competency", "accueil", "--json"])
    assert suggested.exit_code == 0 and json.loads(suggested.output)[0]["label"] == "accueillir les clients"
    assert builder.built == []

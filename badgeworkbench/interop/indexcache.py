"""The alignment index of a reference set, kept on disk beside it so that it is built once.

``references/<name>.csv`` gets ``references/.index/<name>.npz``: a NumPy archive, read without
pickle (``allow_pickle=False``), of plain arrays:

- ``header``: JSON (UTF-8 bytes) naming the format and its version (:data:`INDEX_FORMAT`), the
  SHA-256 of the reference file the index was built from, the SHA-256 of the other arrays, and the
  set's name and framework;
- ``items``: each item as a JSON object of its fields (named in the header), end to end, cut by ``item_offsets`` (int64): an item is decoded
  only when a query shows it;
- ``entry_item``, ``entry_field``, ``entry_rank``, ``entry_lang`` and ``entry_length`` (int32): which
  item, which of its texts, in which language and how many terms long each entry is;
- ``vocabulary`` (JSON) and the postings of its terms as one int32 array ``postings`` cut by
  ``offsets`` (int64);
- ``words`` (JSON): the languages, and each language's folded words with their terms.

A cache file is used only when its header names this format and version and the reference file's
current SHA-256, when the arrays hash to the recorded SHA-256, and when every array has the right
type, size and range; each item is checked again when decoded. Anything else — an older format, a
changed reference file, a truncated, damaged or foreign file — is ignored: the index is built again
and written over it. The folder holds a ``.gitignore``: the cache is derived data, never committed.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import typing
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, overload

import numpy as np

from ..errors import BadgeWorkbenchError
from ..paths import writable_path
from .align import FIELDS, AlignmentIndex, IndexPart, index_part
from .references import ReferenceItem, ReferenceSet, read_reference_set, reference_files

__all__ = ["INDEX_FORMAT", "cache_path", "load_index", "read_cached_part", "write_cached_part"]

#: Raise it whenever what an index holds, or how texts are folded into words, changes: every
#: cache file written before is then rebuilt.
INDEX_FORMAT = 3  # 2: BM25 per language (terms are stems, entries carry field, language and length); 3: American -ize spelled -ise
_FORMAT_NAME = "badgeworkbench alignment index"
_CACHE_FOLDER = ".index"
_ENTRY_ARRAYS = ("entry_item", "entry_field", "entry_rank", "entry_lang", "entry_length")
_ARRAYS = ("items", "item_offsets", *_ENTRY_ARRAYS, "vocabulary", "postings", "offsets", "words")
_TYPES = {"items": np.uint8, "item_offsets": np.int64, **dict.fromkeys(_ENTRY_ARRAYS, np.int32),
          "vocabulary": np.uint8, "postings": np.int32, "offsets": np.int64, "words": np.uint8}  # fmt: skip
#: What reading a damaged or foreign file may raise (zip, NumPy, JSON and our own checks).
_UNREADABLE = (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError, EOFError, zipfile.BadZipFile)


def cache_path(reference_file: Path) -> Path:
    """Where the index of ``references/<name>.csv`` is kept: ``references/.index/<name>.npz``."""
    return reference_file.parent / _CACHE_FOLDER / f"{reference_file.stem}.npz"


def load_index(framework_path: str | os.PathLike[str], names: Sequence[str] = ()) -> AlignmentIndex:
    """The alignment index over the reference sets stored beside a framework (all, or those named).

    Each set's index comes from its cache file when that was built from the file as it is now;
    otherwise the set is read, indexed, and the cache written (a folder that cannot be written to
    only means the index is built again next time). An empty index when there is no reference set.
    Raises :class:`~badgeworkbench.errors.PathOutsideFolder` when ``references``, ``references/.index``
    or a file in them is a symbolic link leading out (the cache: any link): nothing outside is read or written.
    """
    parts = []
    for path in reference_files(framework_path, names):
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        cached = _cache_paths(framework_path, path)
        part = read_cached_part(cached[0], digest)
        if part is None:
            part = index_part(read_reference_set(data, name=path.stem, file=str(path)))
            write_cached_part(cached[0], digest, part)
        parts.append(part)
    return AlignmentIndex.from_parts(parts)


def _cache_paths(framework_path: str | os.PathLike[str], reference_file: Path) -> tuple[Path, ...]:
    """The cache file of a set, its ``.gitignore`` and its temporary file: checked to be written without
    going through a symbolic link (a planted ``.index`` link would make the cache land outside the folder)."""
    cache = f"references/{_CACHE_FOLDER}"
    name = f"{reference_file.stem}.npz"
    return tuple(writable_path(framework_path, f"{cache}/{rel}")
                 for rel in (name, ".gitignore", f".{name}.tmp-{os.getpid()}"))  # fmt: skip


# ---- writing -----------------------------------------------------------------------------------------


def _json_bytes(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _cut(chunks: list[bytes] | list[np.ndarray], dtype: type) -> tuple[np.ndarray, np.ndarray]:
    """Chunks end to end, and where each starts (one more offset than chunks)."""
    offsets = np.zeros(len(chunks) + 1, dtype=np.int64)
    np.cumsum([len(c) for c in chunks], out=offsets[1:])
    if not chunks:
        return np.zeros(0, dtype=dtype), offsets
    if isinstance(chunks[0], bytes):
        return np.frombuffer(b"".join(chunks), dtype=np.uint8), offsets  # type: ignore[arg-type]
    return np.concatenate(chunks).astype(dtype), offsets  # type: ignore[arg-type]


def _arrays_digest(arrays: dict[str, np.ndarray]) -> str:
    digest = hashlib.sha256()
    for key in _ARRAYS:
        digest.update(key.encode())
        digest.update(np.ascontiguousarray(arrays[key]).tobytes())
    return digest.hexdigest()


def write_cached_part(path: Path, digest: str, part: IndexPart) -> bool:
    """Write the index of one set to ``path`` (atomically); False when the folder cannot be written to."""
    reference = part.reference
    # every field by name, so that what the reference readers add to an item is kept in the cache too
    rows = [_json_bytes({name: getattr(item, name) for name in _item_fields()}) for item in reference.items]
    vocabulary = sorted(part.postings)
    items, item_offsets = _cut(rows, np.uint8)
    postings, offsets = _cut([part.postings[word] for word in vocabulary], np.int32)
    words = {"languages": part.languages, "vocabulary": part.vocabulary}
    arrays = {"items": items, "item_offsets": item_offsets,
              **{key: getattr(part, key).astype(np.int32) for key in _ENTRY_ARRAYS},
              "vocabulary": np.frombuffer(_json_bytes(vocabulary), dtype=np.uint8), "postings": postings,
              "offsets": offsets, "words": np.frombuffer(_json_bytes(words), dtype=np.uint8)}  # fmt: skip
    header = {"format": _FORMAT_NAME, "version": INDEX_FORMAT, "source_sha256": digest,
              "arrays_sha256": _arrays_digest(arrays), "name": reference.name, "framework": reference.framework,
              "item_fields": list(_item_fields())}  # fmt: skip
    temp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        ignore = path.parent / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# Search indexes, rebuilt from the reference files when needed.\n*\n", "utf-8")
        with open(temp, "wb") as handle:
            np.savez(handle, header=np.frombuffer(_json_bytes(header), dtype=np.uint8), **arrays)  # type: ignore[arg-type]
        os.replace(temp, path)
    except OSError:  # a read-only folder, a full disk, a file where the folder should be
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
        return False
    return True


# ---- reading -----------------------------------------------------------------------------------------


def read_cached_part(path: Path, digest: str) -> IndexPart | None:
    """The index kept in ``path`` if it was built from a reference file of SHA-256 ``digest``, else None.

    None too when the file is missing, of another format or version, damaged, or not an index at all.
    """
    try:
        with np.load(path, allow_pickle=False) as archive:
            header = _json(archive["header"])
            if not (isinstance(header, dict) and header.get("format") == _FORMAT_NAME
                    and header.get("version") == INDEX_FORMAT and header.get("source_sha256") == digest
                    and header.get("item_fields") == list(_item_fields())):  # fmt: skip
                return None
            arrays = {key: archive[key] for key in _ARRAYS}
        if _arrays_digest(arrays) != header.get("arrays_sha256"):
            return None
        return _part(header, arrays)
    except _UNREADABLE:
        return None


def _json(array: np.ndarray) -> Any:
    if array.dtype != np.uint8 or array.ndim != 1:
        raise ValueError("not a JSON text")
    return json.loads(array.tobytes().decode("utf-8"))


def _part(header: dict[str, Any], arrays: dict[str, np.ndarray]) -> IndexPart:
    """An :class:`IndexPart` from the archive's arrays, each checked: a bad file raises, never misleads."""
    name, framework = header.get("name"), header.get("framework")
    if not isinstance(name, str) or not isinstance(framework, str):
        raise TypeError("no set name")
    if any(arrays[key].dtype != dtype or arrays[key].ndim != 1 for key, dtype in _TYPES.items()):
        raise TypeError("arrays of the wrong type")
    vocabulary = _json(arrays["vocabulary"])
    if not isinstance(vocabulary, list) or not all(type(word) is str for word in vocabulary):
        raise TypeError("no vocabulary")
    words = _json(arrays["words"])
    languages, known = words.get("languages"), words.get("vocabulary")
    if not (isinstance(languages, list) and all(type(lang) is str for lang in languages) and isinstance(known, dict)
            and all(type(lang) is str and isinstance(table, dict) for lang, table in known.items())
            and all(type(w) is str and type(t) is str for table in known.values() for w, t in table.items())):  # fmt: skip
        raise TypeError("no words")
    entry_item, entry_rank, postings = arrays["entry_item"], arrays["entry_rank"], arrays["postings"]
    entry_field, entry_lang, entry_length = arrays["entry_field"], arrays["entry_lang"], arrays["entry_length"]
    items = _Items(arrays["items"], arrays["item_offsets"], name)
    _check_offsets(arrays["item_offsets"], arrays["items"].size)
    _check_offsets(arrays["offsets"], postings.size, words=len(vocabulary))
    if any(arrays[key].shape != entry_item.shape for key in _ENTRY_ARRAYS):
        raise ValueError("arrays of different sizes")
    if entry_item.size and (entry_item.min() < 0 or entry_item.max() >= len(items) or entry_rank.min() < -1
                            or entry_field.min() < 0 or entry_field.max() >= len(FIELDS) or entry_lang.min() < -1
                            or entry_lang.max() >= len(languages) or entry_length.min() < 0):  # fmt: skip
        raise ValueError("an entry names no item")
    if postings.size and (postings.min() < 0 or postings.max() >= entry_item.size):
        raise ValueError("a posting names no entry")
    bounds = arrays["offsets"].tolist()
    table = {word: postings[bounds[n]:bounds[n + 1]] for n, word in enumerate(vocabulary)}
    if len(table) != len(vocabulary):
        raise ValueError("a word is listed twice")
    return IndexPart(ReferenceSet(name, framework, items), entry_item, entry_field, entry_rank,  # type: ignore[arg-type]
                     entry_lang, entry_length, languages, table, known)


def _check_offsets(offsets: np.ndarray, size: int, *, words: int | None = None) -> None:
    if (offsets.size == 0 or offsets[0] != 0 or offsets[-1] != size or np.any(np.diff(offsets) < 0)
            or (words is not None and offsets.size != words + 1)):  # fmt: skip
        raise ValueError("offsets out of order")


class CorruptIndex(BadgeWorkbenchError):
    def __init__(self, reference: str) -> None:
        super().__init__(f"The search index of the reference set {reference!r} is damaged: delete the folder "
                         "references/.index beside it, and it will be built again.")  # fmt: skip


class _Items(Sequence[ReferenceItem]):
    """The items of a cached set, each decoded (and checked) the first time it is asked for."""

    def __init__(self, data: np.ndarray, offsets: np.ndarray, name: str) -> None:
        self._name = name
        self._data = data.tobytes()
        self._offsets = offsets.tolist()
        self._decoded: dict[int, ReferenceItem] = {}

    def __len__(self) -> int:
        return len(self._offsets) - 1

    @overload
    def __getitem__(self, index: int) -> ReferenceItem: ...
    @overload
    def __getitem__(self, index: slice) -> list[ReferenceItem]: ...
    def __getitem__(self, index: int | slice) -> ReferenceItem | list[ReferenceItem]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        item = self._decoded.get(index)
        if item is None:
            item = self._decoded[index] = _item(self._data[self._offsets[index]:self._offsets[index + 1]], self._name)
        return item

    def __iter__(self) -> Iterator[ReferenceItem]:
        return (self[i] for i in range(len(self)))


@functools.cache
def _item_fields() -> dict[str, Any]:
    """The fields of :class:`ReferenceItem` and their types: a cache written for other fields is not used."""
    return typing.get_type_hints(ReferenceItem)


def _restored(value: Any, hint: Any) -> Any:
    """A JSON value as the field typed ``hint`` holds it (lists back to tuples), checked; raises TypeError."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (tuple, list):
        if not isinstance(value, list):
            raise TypeError("not a list")
        return origin(_restored(v, args[0] if args else Any) for v in value)
    if origin is dict:
        if not isinstance(value, dict):
            raise TypeError("not a mapping")
        return {_restored(k, args[0]): _restored(v, args[1]) for k, v in value.items()}
    if isinstance(hint, type) and type(value) is not hint:
        raise TypeError(f"not a {hint.__name__}")
    return value  # a type not checked here (a union…): as stored


def _item(row_bytes: bytes, name: str) -> ReferenceItem:
    try:
        row = json.loads(row_bytes.decode("utf-8"))
        if not isinstance(row, dict) or set(row) != set(_item_fields()):
            raise TypeError("not an item")
        values = {field: _restored(row[field], hint) for field, hint in _item_fields().items()}
    except (ValueError, TypeError, AttributeError) as error:
        raise CorruptIndex(name) from error
    return ReferenceItem(**values)

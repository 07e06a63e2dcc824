"""Reference sets stored beside a framework, in ``<framework folder>/references/<name>.csv``."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ...errors import BadgeWorkbenchError
from ...paths import inside, writable_path
from ...report import Report
from .case import case_reference
from .clea import clea_reference
from .esco import read_esco_skills
from .rncp import read_rncp
from .rome import read_rome
from .sets import ReferenceSet, merge_reference_sets, read_reference_set, reference_set_csv

__all__ = [
    "KINDS",
    "UnknownReferenceKind",
    "add_reference",
    "category_counts",
    "item_rows",
    "load_references",
    "read_reference",
    "reference_files",
    "references_folder",
]

#: The kinds of reference file that :func:`read_reference` understands.
KINDS = ("esco", "rome", "rncp", "clea", "case")


class UnknownReferenceKind(BadgeWorkbenchError):
    def __init__(self, kind: str) -> None:
        super().__init__(f"Unknown reference kind {kind!r}: use one of {', '.join(KINDS)}.",
                         fr=f"Type de référentiel inconnu {kind!r} : choisissez parmi {', '.join(KINDS)}.")  # fmt: skip


def references_folder(framework_path: str | os.PathLike[str]) -> Path:
    return Path(framework_path) / "references"


def read_reference(path: str | os.PathLike[str], kind: str, *, lang: str | None = None) -> tuple[ReferenceSet, Report]:
    """Read a reference file of the given ``kind`` (``esco``, ``rome``, ``rncp``, ``clea``, ``case``).

    For ``clea`` the file may be ``-`` (or empty): the shipped CléA set is used.
    """
    if kind == "esco":
        return read_esco_skills(path, lang=lang)
    if kind == "rome":
        return read_rome(path)
    if kind == "rncp":
        return read_rncp(path)
    if kind == "clea":
        if str(path) in ("", "-"):
            return clea_reference(), Report()
        return read_reference_set(path, name="clea"), Report()
    if kind == "case":
        return case_reference(path)
    raise UnknownReferenceKind(kind)


def _write_atomically(folder: Path, relpath: str, text: str) -> Path:
    """Replace ``relpath`` in ``folder`` by ``text``, never through a symbolic link; the path written."""
    path = writable_path(folder, relpath)
    temp = writable_path(folder, f"{relpath.rpartition('/')[0]}/.{path.name}.tmp-{os.getpid()}")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(temp, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, path)
    return path


def add_reference(framework_path: str | os.PathLike[str], path: str | os.PathLike[str], kind: str, *,
                  name: str | None = None, lang: str | None = None) -> tuple[ReferenceSet, Report, Path]:  # fmt: skip
    """Read a reference file and store it in ``<framework>/references/<name>.csv`` (merged with what is there).

    Returns the stored set, the report of the reading and the path written. The file is replaced
    atomically: an interrupted write leaves the previous set as it was. Refused
    (:class:`~badgeworkbench.errors.PathOutsideFolder`), before the file is read, when ``references``
    or the set's file is a symbolic link, or ``name`` leads out of the folder.
    """
    folder = Path(framework_path)
    if not (folder / "framework.yaml").is_file():
        raise BadgeWorkbenchError(f"{folder} holds no framework (no framework.yaml): give the framework's folder.",
                                  fr=f"{folder} ne contient pas de référentiel (pas de framework.yaml) : "
                                     "donnez le dossier du référentiel.")  # fmt: skip
    if name is not None:
        writable_path(folder, f"references/{name}.csv")  # a bad name is refused before the file is read
    reference, report = read_reference(path, kind, lang=lang)
    relpath = f"references/{name or reference.name}.csv"
    target = writable_path(folder, relpath)
    if target.exists():
        reference = merge_reference_sets(read_reference_set(target, name=target.stem), reference)
    else:
        reference = ReferenceSet(target.stem, reference.framework, reference.items)
    _write_atomically(folder, relpath, reference_set_csv(reference))
    return reference, report, target


def reference_files(framework_path: str | os.PathLike[str], names: Iterable[str] = ()) -> list[Path]:
    """The files of the reference sets stored beside a framework (all, or those named), by name.

    Raises :class:`~badgeworkbench.errors.PathOutsideFolder` when ``references`` or one of its files
    is a symbolic link leading outside the framework folder: nothing outside is read.
    """
    inside(framework_path, "references")
    folder = references_folder(framework_path)
    wanted = set(names)
    if not folder.is_dir():
        return []
    files = [path for path in sorted(folder.glob("*.csv")) if not wanted or path.stem in wanted]
    for path in files:
        inside(framework_path, f"references/{path.name}")
    return files


def load_references(framework_path: str | os.PathLike[str], names: Iterable[str] = ()) -> list[ReferenceSet]:
    """The reference sets stored beside a framework (all, or those named)."""
    return [read_reference_set(path, name=path.stem) for path in reference_files(framework_path, names)]


# ---- what analysts group by --------------------------------------------------------------------------


def category_counts(reference: ReferenceSet) -> dict[str, int]:
    """How many items each category holds (``""`` for the items without one), most first.

    >>> from .sets import ReferenceItem
    >>> s = ReferenceSet("r", "R", [ReferenceItem("a", category="Savoir-faire"), ReferenceItem("b")])
    >>> category_counts(s)
    {'Savoir-faire': 1, '': 1}
    """
    return dict(Counter(item.category for item in reference.items).most_common())


def item_rows(reference: ReferenceSet, lang: str = "fr", *, category: str | None = None) -> list[dict[str, Any]]:
    """One row per item, grouped by category then by parent (macro-competency, certification…), as analysts read them.

    Only the items of ``category`` when it is given (compared without case). Within a group, items
    keep the set's order.
    """
    rows = []
    for position, item in enumerate(reference.items):
        if category is not None and item.category.casefold() != category.casefold():
            continue
        rows.append({"id": item.id, "code": item.code, "kind": item.kind, "category": item.category,
                     "parent": item.parent, "parent_label": reference.parent_label(item, lang),
                     "label": item.label(lang), "uri": item.uri, "_position": position})  # fmt: skip
    rows.sort(key=lambda row: (row["category"] == "", row["category"], row["parent_label"] == "", row["parent_label"],
                               row["_position"]))  # fmt: skip
    for row in rows:
        del row["_position"]
    return rows

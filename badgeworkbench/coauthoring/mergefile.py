"""A git merge driver for framework files: merges one YAML file item by item and field by field.

When frameworks live in a shared git repository, two facilitators who edited the same badge
file on two branches get git's line-based merge, which conflicts as soon as their edits are
near each other, and leaves ``<<<<<<<`` markers that break the YAML. With this driver, git
calls ``badgeworkbench merge-file %O %A %B %P`` for framework files instead, and the same
three-way merge as :func:`badgeworkbench.coauthoring.merge.merge` runs on that one file.
Set it up once per clone::

    git config merge.badgeworkbench.name "Badge Workbench framework merge"
    git config merge.badgeworkbench.driver "badgeworkbench merge-file %O %A %B %P"
    echo 'frameworks/**/*.yaml merge=badgeworkbench' >> .gitattributes
    echo 'frameworks/**/history/** merge=text' >> .gitattributes
    echo 'frameworks/**/history/log.jsonl merge=union' >> .gitattributes

On conflicts the file keeps *our* values (valid YAML, no markers), the driver exits 1 so git
reports the conflict, and the conflicts are written beside the file as
``<file>.conflicts.json`` (both values of every conflicting field) for a person to decide.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .. import yamlfile
from ..diff import item_key
from ..errors import BadgeWorkbenchError
from ..files import framework_files
from ..model import Framework, Position
from .merge import Conflict, merge_keyed

__all__ = ["FileMergeResult", "MergeFileError", "file_kind", "merge_file", "merge_file_texts"]


class MergeFileError(BadgeWorkbenchError):
    exit_code = 2


@dataclass(frozen=True)
class FileMergeResult:
    text: str
    conflicts: list[Conflict] = field(default_factory=list)


def file_kind(relpath: str) -> str:
    """What a framework file holds, from its path: ``framework``, ``partners``, ``badge``…"""
    name = relpath.replace(os.sep, "/")
    for whole, kind in (("framework.yaml", "framework"), ("partners.yaml", "partners"),
                        ("relations.yaml", "relations"), ("layout.yaml", "layout")):  # fmt: skip
        if name == whole or name.endswith("/" + whole):
            return kind
    match = re.search(r"(?:^|/)(competencies|badges|pathways)/[^/]+\.yaml$", name)
    if match:
        return {"competencies": "competencies", "badges": "badge", "pathways": "pathway"}[match.group(1)]
    raise MergeFileError(f"{relpath}: not a framework file (framework.yaml, partners.yaml, relations.yaml, "
                         "layout.yaml, competencies/*.yaml, badges/*.yaml, pathways/*.yaml).")  # fmt: skip


_LIST_KINDS = {"partners": "partner", "competencies": "competency", "relations": "relation"}


def _keyed(kind: str, data: Any, label: str) -> dict[str, dict[str, Any]]:
    if data is None:
        return {}
    if kind in _LIST_KINDS:
        if not isinstance(data, list):
            raise MergeFileError(f"{label}: must hold a list of items.")
        items: dict[str, Any] = {}
        for entry in data:
            if not isinstance(entry, dict):
                raise MergeFileError(f"{label}: every item must be a mapping ('- id: …').")
            key = base = item_key(_LIST_KINDS[kind], entry)
            n = 1
            while key in items:
                n += 1
                key = f"{base}#{n}"
            items[key] = entry
        return {_LIST_KINDS[kind]: items}
    if not isinstance(data, dict):
        raise MergeFileError(f"{label}: must hold a mapping.")
    if kind == "layout":
        return {"layout": data}
    if kind == "framework":
        return {"framework": {"framework": data}}
    return {kind: {str(data.get("id")): data}}


def _render(kind: str, merged: dict[str, dict[str, Any]]) -> str:
    """The merged items as canonical file text (the same text a save would write)."""
    if kind == "framework":
        meta: dict[str, Any] = next(iter(merged.get("framework", {}).values()), {})
        return framework_files(Framework.model_validate(meta))["framework.yaml"]
    if kind == "layout":
        positions = {k: Position.model_validate(v) for k, v in merged.get("layout", {}).items()}
        return framework_files(Framework(id="x", layout=positions)).get("layout.yaml", "{}\n")
    items = list(merged.get(_LIST_KINDS.get(kind, kind), {}).values())
    attr = {"partners": "partners", "competencies": "competencies", "relations": "relations",
            "badge": "badges", "pathway": "pathways"}[kind]  # fmt: skip
    if not items:
        return yamlfile.dump([] if kind in _LIST_KINDS else {})
    files = framework_files(Framework.model_validate({"id": "x", attr: items}))
    texts = [t for p, t in files.items() if p != "framework.yaml"]
    if len(texts) == 1:
        return texts[0]
    return yamlfile.dump(items)  # a merged competency file now holding several subtrees: keep it whole


def merge_file_texts(base: str, ours: str, theirs: str, relpath: str) -> FileMergeResult:
    """Merge three versions of one framework file (its path tells what it holds)."""
    kind = file_kind(relpath)
    parsed = []
    for side, text in (("base", base), ("ours", ours), ("theirs", theirs)):
        try:
            parsed.append(_keyed(kind, yamlfile.load(text, relpath) if text.strip() else None, f"{relpath} ({side})"))
        except yamlfile.YamlSyntaxError as error:
            raise MergeFileError(f"{relpath} ({side}): invalid YAML at line {error.line}: {error.problem}. "
                                 "Fix it, then merge again.") from None  # fmt: skip
    merged, conflicts = merge_keyed(*parsed)
    try:
        text = _render(kind, merged)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        raise MergeFileError(f"{relpath}: the merged file would be invalid ({'.'.join(map(str, first['loc']))}: "
                             f"{first['msg']}). Merge this file by hand.") from None  # fmt: skip
    return FileMergeResult(text, conflicts)


def merge_file(base: str | os.PathLike[str], ours: str | os.PathLike[str], theirs: str | os.PathLike[str],
               relpath: str | None = None) -> FileMergeResult:  # fmt: skip
    """Git merge driver: merge into ``ours`` (git's ``%A``), write conflicts beside ``relpath``.

    Returns the result; the caller exits 1 when there are conflicts. Nothing is written when
    the merge cannot be done (:class:`MergeFileError`): git then reports a conflict.
    """
    name = relpath or str(ours)
    texts = [Path(p).read_text("utf-8") if Path(p).exists() else "" for p in (base, ours, theirs)]
    result = merge_file_texts(texts[0], texts[1], texts[2], relpath=name)
    Path(ours).write_text(result.text, "utf-8")
    if result.conflicts and relpath:
        sidecar = Path(f"{relpath}.conflicts.json")
        if sidecar.parent.is_dir():
            sidecar.write_text(json.dumps([c.to_dict() for c in result.conflicts], ensure_ascii=False, indent=2),
                               "utf-8")  # fmt: skip
    return result

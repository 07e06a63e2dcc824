"""From a model to the text of its files: which file holds each item, and how it is written.

Files are canonical YAML (:mod:`badgeworkbench.yamlfile`): loading then saving an unchanged
framework rewrites nothing, and changing one badge changes only that badge's file.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, TypeAdapter

from .. import yamlfile
from .._gcpause import gc_paused
from ..errors import UnsafeIdentifier
from ..ids import is_safe_id
from ..model import FORMAT_VERSION, Badge, Competency, Framework
from .folder import FRAMEWORK_FILE, digest

__all__ = ["competency_roots", "file_plan", "framework_files", "item_digests", "item_files", "same_objects"]

_AUTHORED_FIELDS = ("status", "votes", "comments", "provenance")
#: Written after everything people edit: the co-design fields, then what an import keeps from its source.
_TRAILING_FIELDS = (*_AUTHORED_FIELDS, "case")
_ITEM_LISTS = frozenset({"partners", "competencies", "badges", "relations", "pathways", "layout"})


def _plain(item: BaseModel, exclude: frozenset[str] | None = None) -> dict[str, Any]:
    """The item as file data: defaults left out, ``id`` first, co-design fields last."""
    return _ordered(item.model_dump(mode="json", exclude_defaults=True, exclude=exclude))


def _ordered(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with ``id`` first, the co-design fields last, and after them what a CASE import kept."""
    if data.keys().isdisjoint(_TRAILING_FIELDS) and ("id" not in data or next(iter(data)) == "id"):
        return data  # already in order: most items, and records without id (relations)
    ordered = {"id": data.pop("id")} if "id" in data else {}
    tail = {k: data.pop(k) for k in _TRAILING_FIELDS if k in data}
    ordered.update(data)
    ordered.update(tail)
    return ordered


def _badge_data(badge: Badge) -> dict[str, Any]:
    data = _plain(badge)
    if "competencies" in data:  # a competency recognised at any level is written as its bare id
        data["competencies"] = [
            c["competency"] if set(c) == {"competency"} else c for c in data["competencies"]
        ]
    return data


def competency_roots(framework: Framework) -> dict[str, str]:
    """For each competency, the id of its top-level ancestor (itself for roots and cycles).

    Remembered by the framework for its list of competencies (a save needs it twice).
    """
    return framework._cached("files.roots", framework.competencies, _roots)


def _roots(competencies: list[Competency]) -> dict[str, str]:
    parent = {c.id: c.parent for c in competencies}
    roots: dict[str, str] = {}
    for cid in parent:
        chain, node = [], cid
        while node in parent and parent[node] in parent and node not in roots and node not in chain:
            chain.append(node)
            node = parent[node]  # type: ignore[assignment]
        root = roots.get(node, node)
        for visited in chain:
            roots[visited] = root
        roots.setdefault(cid, root)
    return roots


def _items_by_key(framework: Framework) -> dict[str, BaseModel]:
    items: dict[str, BaseModel] = {}
    for kind, attr in (("partner", "partners"), ("competency", "competencies"), ("badge", "badges"),
                       ("pathway", "pathways")):
        items.update((f"{kind}:{item.id}", item) for item in getattr(framework, attr))
    return items


def item_digests(framework: Framework, keys: set[str]) -> dict[str, str]:
    """Digest of the JSON of each item named in ``keys`` (``kind:id``) that the framework holds."""
    if not keys:
        return {}
    items = _items_by_key(framework)
    return {k: digest(items[k].__pydantic_serializer__.to_json(items[k])) for k in keys if k in items}


def item_files(framework: Framework) -> dict[str, str]:
    """Which file holds each item, as :func:`framework_files` lays them out."""
    roots = competency_roots(framework)
    files = {f"partner:{p.id}": "partners.yaml" for p in framework.partners}
    files.update((f"competency:{c.id}", f"competencies/{roots[c.id]}.yaml") for c in framework.competencies)
    files.update((f"badge:{b.id}", f"badges/{b.id}.yaml") for b in framework.badges)
    files.update((f"pathway:{p.id}", f"pathways/{p.id}.yaml") for p in framework.pathways)
    return files


def file_plan(framework: Framework) -> dict[str, tuple[tuple[Any, ...] | None, Callable[[], str]]]:
    """Every file of ``framework``: its path, the items it is rendered from, and how to render it.

    The items (a tuple of the very model objects, or ``None`` for files rendered from other data)
    let a save skip files whose items it already rendered or read (see :attr:`Snapshot.items`).
    Raises :class:`UnsafeIdentifier` for an id that would be unsafe as a file name.
    """
    def meta_text() -> str:
        # The items have files of their own: leaving them out of the dump spares serialising them all.
        meta = _plain(framework, _ITEM_LISTS)
        meta = {"format_version": FORMAT_VERSION, **{k: v for k, v in meta.items() if k != "format_version"}}
        return yamlfile.dump(meta)

    plan: dict[str, tuple[tuple[Any, ...] | None, Callable[[], str]]] = {FRAMEWORK_FILE: (None, meta_text)}
    if framework.partners:
        partners = tuple(framework.partners)
        plan["partners.yaml"] = (partners, lambda: yamlfile.dump([_plain(p) for p in partners]))

    roots = competency_roots(framework)
    by_root: dict[str, list[Competency]] = {}
    for c in framework.competencies:
        root = roots[c.id]
        if root not in by_root:
            if not is_safe_id(root):
                raise UnsafeIdentifier(f"competency:{root}", root)
            by_root[root] = [c]
        else:
            by_root[root].append(c)
    for root, group in by_root.items():
        items = tuple(group)
        plan[f"competencies/{root}.yaml"] = (items, functools.partial(_dump_items, items))

    for b in framework.badges:
        if not is_safe_id(b.id):
            raise UnsafeIdentifier(f"badge:{b.id}", b.id)
        plan[f"badges/{b.id}.yaml"] = ((b,), functools.partial(_dump_badge, b))
    for pw in framework.pathways:
        if not is_safe_id(pw.id):
            raise UnsafeIdentifier(f"pathway:{pw.id}", pw.id)
        plan[f"pathways/{pw.id}.yaml"] = ((pw,), functools.partial(_dump_one, pw))
    if framework.relations:
        relations = tuple(framework.relations)
        plan["relations.yaml"] = (relations, functools.partial(_dump_items, relations))
    if framework.layout:
        layout = framework.layout
        plan["layout.yaml"] = (None, lambda: yamlfile.dump(
            {k: {"x": v.x, "y": v.y} for k, v in sorted(layout.items())}))
    return plan


def _dump_items(items: tuple[BaseModel, ...]) -> str:
    model = type(items[0])
    if all(type(item) is model for item in items):
        # One serialiser call for the whole file: per-item model_dump calls cost a fifth of a save.
        dumped = list_adapter(model).dump_python(list(items), mode="json", exclude_defaults=True)
        return yamlfile.dump([_ordered(data) for data in dumped])
    return yamlfile.dump([_plain(item) for item in items])


def _dump_badge(badge: Badge) -> str:
    return yamlfile.dump(_badge_data(badge))


def _dump_one(item: BaseModel) -> str:
    return yamlfile.dump(_plain(item))


def same_objects(before: tuple[Any, ...] | None, now: tuple[Any, ...]) -> bool:
    """True when ``now`` holds the very objects of ``before``, in order (identity: no field compared)."""
    return before is not None and len(before) == len(now) and all(map(operator.is_, before, now))


@gc_paused
def framework_files(framework: Framework) -> dict[str, str]:
    """The text of every file of ``framework``, by path relative to its folder.

    Raises :class:`UnsafeIdentifier` for an id that would be unsafe as a file name.
    """
    return {relpath: render() for relpath, (_, render) in file_plan(framework).items()}



@functools.cache
def list_adapter(model: type[BaseModel]) -> TypeAdapter[list[Any]]:
    return TypeAdapter(list[model])  # type: ignore[valid-type]

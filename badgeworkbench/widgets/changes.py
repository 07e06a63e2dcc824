"""Item-level differences between two framework values, used for undo and for re-applying edits.

A framework is seen as a set of keyed pieces: each item (``badge:b1``), each relation
(``relation:a|precedes|b``), each layout position (``layout:b1``) and each top-level field
(``meta:title``). :func:`changed_keys` names the pieces that differ; :func:`patch` takes the
pieces of one value and :func:`apply_patch` puts them into another. Undo is "apply the pieces of
the previous value that my edit changed", so undoing never reverts what another partner saved.

>>> from badgeworkbench.model import Framework, Badge
>>> a = Framework(id="f", badges=[Badge(id="b1"), Badge(id="b2")])
>>> b = a.replace(badges=[Badge(id="b1", votes=2), Badge(id="b2")])
>>> sorted(changed_keys(a, b))
['badge:b1']
>>> apply_patch(b, patch(b, a)).badge("b1").votes
0
"""

from __future__ import annotations

from typing import Any

from ..edit import KINDS
from ..model import Framework, Relation

__all__ = ["apply_patch", "changed_keys", "patch", "pieces"]

_LIST_FIELDS = set(KINDS.values()) | {"relations", "layout"}


def _relation_key(r: Relation) -> str:
    return f"relation:{r.source}|{r.type}|{r.target}"


def pieces(framework: Framework) -> dict[str, Any]:
    """Every keyed piece of ``framework``."""
    out: dict[str, Any] = {}
    for name in Framework.model_fields:
        if name not in _LIST_FIELDS:
            out[f"meta:{name}"] = getattr(framework, name)
    for kind, attr in KINDS.items():
        for item in getattr(framework, attr):
            out.setdefault(f"{kind}:{item.id}", item)
    for r in framework.relations:
        out[_relation_key(r)] = r
    for key, pos in framework.layout.items():
        out[f"layout:{key}"] = pos
    return out


def changed_keys(before: Framework, after: Framework) -> set[str]:
    """The keys of the pieces that differ (changed, added or removed) between two values."""
    if before is after:
        return set()
    a, b = pieces(before), pieces(after)
    return {k for k in a.keys() | b.keys() if a.get(k) != b.get(k)}


def patch(before: Framework, after: Framework) -> dict[str, Any]:
    """The pieces of ``after`` that differ from ``before`` (``None`` for a piece ``after`` lacks)."""
    b = pieces(after)
    return {k: b.get(k) for k in changed_keys(before, after)}


def apply_patch(framework: Framework, changes: dict[str, Any]) -> Framework:
    """``framework`` with the pieces of ``changes`` put in (an item keeps its place; a new one goes last)."""
    if not changes:
        return framework
    update: dict[str, Any] = {}
    for key, value in changes.items():
        if key.startswith("meta:"):
            update[key[5:]] = value
    for kind, attr in KINDS.items():
        mine = {k.split(":", 1)[1]: v for k, v in changes.items() if k.startswith(f"{kind}:")}
        if not mine:
            continue
        items = [mine.get(i.id, i) if i.id in mine else i for i in getattr(framework, attr)]
        present = {i.id for i in getattr(framework, attr)}
        items = [i for i in items if i is not None]
        items.extend(v for k, v in mine.items() if k not in present and v is not None)
        update[attr] = items
    rels = {k: v for k, v in changes.items() if k.startswith("relation:")}
    if rels:
        kept = []
        for r in framework.relations:
            key = _relation_key(r)
            if key not in rels:
                kept.append(r)
            elif rels[key] is not None:
                kept.append(rels[key])
        have = {_relation_key(r) for r in kept}
        kept.extend(v for k, v in rels.items() if v is not None and k not in have)
        update["relations"] = kept
    layout = {k[7:]: v for k, v in changes.items() if k.startswith("layout:")}
    if layout:
        merged = {**framework.layout, **{k: v for k, v in layout.items() if v is not None}}
        update["layout"] = {k: v for k, v in merged.items() if not (k in layout and layout[k] is None)}
    return framework.replace(**update)

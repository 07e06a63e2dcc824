"""The order of siblings in a CASE package: ``sequenceNumber`` of the placing association, else ``listEnumeration``.

CASE says the order of an item among its siblings is the ``sequenceNumber`` of the ``isChildOf``
(or ``hasSkillLevel``) association that places it; ``listEnumeration`` ("1", "b", "iv", "2.3") is
how the item is numbered in lists, and the only order some servers write. Items with neither keep
the order they have in ``CFItems``.

>>> [k for k, _ in sorted([("c", sibling_key(None, "10", 0)), ("a", sibling_key(None, "9", 1)),
...                        ("b", sibling_key(2, "", 2)), ("z", sibling_key(None, "", 3))], key=lambda p: p[1])]
['b', 'a', 'c', 'z']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

__all__ = ["SiblingKey", "in_sibling_order", "in_tree_order", "sibling_key"]

T = TypeVar("T")
SiblingKey = tuple[int, int, tuple[tuple[int, int | str], ...], int]

_PART = re.compile(r"\d+|[^\d\W]+", re.UNICODE)


def _natural(enumeration: str) -> tuple[tuple[int, int | str], ...]:
    """``"2.10"`` after ``"2.9"``: numbers compare as numbers, letters as letters (numbers first)."""
    return tuple((0, int(part)) if part.isdigit() else (1, part.lower()) for part in _PART.findall(enumeration))


def sibling_key(sequence: int | None, enumeration: str, index: int) -> SiblingKey:
    """Sort key of an item among its siblings: numbered ones first by number, then by listEnumeration, then as listed."""
    if sequence is not None:
        return (0, sequence, (), index)
    if enumeration:
        return (1, 0, _natural(enumeration), index)
    return (2, 0, (), index)


def in_sibling_order(items: Sequence[T], parent: Callable[[T], Hashable], key: Callable[[T], SiblingKey]) -> list[T]:
    """``items`` with each group of siblings sorted by ``key``, every group staying in the places it held.

    A list already in sibling order comes back unchanged (so a package written here reads back as the
    framework it came from); other items never move across groups, so parents keep their place.

    >>> in_sibling_order(["a2", "b1", "a1"], parent=lambda s: s[0], key=lambda s: sibling_key(int(s[1]), "", 0))
    ['a1', 'b1', 'a2']
    """
    places: dict[Hashable, list[int]] = {}
    for index, item in enumerate(items):
        places.setdefault(parent(item), []).append(index)
    ordered = list(items)
    for indexes in places.values():
        for index, item in zip(indexes, sorted((items[i] for i in indexes), key=key), strict=True):
            ordered[index] = item
    return ordered


def in_tree_order(items: Sequence[T], ident: Callable[[T], Hashable], parent: Callable[[T], Hashable],
                  key: Callable[[T], SiblingKey]) -> list[T]:  # fmt: skip
    """``items`` as the tree reads: each parent followed by its children, siblings sorted by ``key``.

    Items whose parent is not among ``items`` are roots. A walk, not a recursion (hierarchies can be
    10,000 deep); items a cycle would hide (cycles are refused before) are appended as they come.

    >>> in_tree_order(["a", "b", "a1", "b1", "a2"], ident=lambda s: s, parent=lambda s: s[0] if len(s) > 1 else None,
    ...               key=lambda s: sibling_key(None, "", 0))
    ['a', 'a1', 'a2', 'b', 'b1']
    """
    known = {ident(item) for item in items}
    children: dict[Hashable, list[T]] = {}
    for item in items:
        up = parent(item)
        children.setdefault(up if up in known else None, []).append(item)
    for group in children.values():
        group.sort(key=key)
    ordered: list[T] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        item = stack.pop()
        ordered.append(item)
        stack.extend(reversed(children.get(ident(item), [])))
    if len(ordered) < len(items):
        placed = {id(item) for item in ordered}
        ordered.extend(item for item in items if id(item) not in placed)
    return ordered

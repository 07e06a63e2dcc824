"""Three-way merge of two copies of a framework edited separately, against their common ancestor.

Two territories work offline on copies of the same framework; :func:`merge` brings their
work together item by item and field by field:

- a field changed on one side only takes that side's value;
- the same field changed to the same value on both sides is simply taken;
- lists that behave as sets (comments, tags, endorsers, territories, roles, languages,
  alignments) keep what each side added and drop what either side removed, so two partners
  commenting on the same badge both keep their comment;
- ``votes`` behave as a counter: ``base + (ours − base) + (theirs − base)``;
- ``provenance`` follows the side that changed the item last (so two people editing
  different fields of one item do not conflict over "who changed it last"); once conflicts are
  decided, an item that ends up exactly as one side left it takes that side's provenance, so
  choosing "their version" keeps their name and date on it, not the name of whoever was overruled;
- anything else changed differently on both sides is a :class:`Conflict`: the same field
  set to two values, or an item deleted on one side and edited on the other. Conflicts are
  listed for a person to decide with :func:`resolve`; until then the merged framework holds
  *our* value (and keeps an item deleted on one side but edited on the other), and the
  conflict keeps both values, so nothing is lost.

A badge's requirement (``requires``) is merged as a whole: combining one side's "2 of" with
the other side's list of badges would make a rule nobody wrote.

>>> from badgeworkbench.model import Badge, Framework
>>> base = Framework(id="f", badges=[Badge(id="b", name={"fr": "Cuisiner", "en": "Cooking"})])
>>> ours = base.replace(badges=[Badge(id="b", name={"fr": "Cuisiner ensemble", "en": "Cooking"})])
>>> theirs = base.replace(badges=[Badge(id="b", name={"fr": "Cuisiner", "en": "Cooking together"})])
>>> result = merge(base, ours, theirs)
>>> result.conflicts, result.framework.badges[0].name
([], {'fr': 'Cuisiner ensemble', 'en': 'Cooking together'})
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from ..diff import COLLECTIONS, MISSING, framework_from_keyed, keyed_framework, model_items, own_fields, plain_item
from ..errors import BadgeWorkbenchError
from ..model import Framework

__all__ = [
    "SET_LIKE_FIELDS",
    "Conflict",
    "MergeError",
    "MergeResult",
    "UnresolvedConflicts",
    "merge",
    "merge_keyed",
    "resolve",
]

#: Fields holding lists whose order does not matter: merged as sets, keeping both sides' additions.
SET_LIKE_FIELDS = frozenset({"comments", "tags", "endorsers", "territories", "roles", "languages", "alignments"})
#: Fields merged as one value even though they are nested (their parts only make sense together).
_WHOLE_FIELDS = frozenset({"requires"})
_NNBSP = "\u202f"


class MergeError(BadgeWorkbenchError):
    """A merge produced a framework that is not valid (should not happen; reported, never written)."""


class UnresolvedConflicts(BadgeWorkbenchError):
    """:func:`resolve` was given no choice for some conflicts."""

    def __init__(self, missing: list[str]):
        self.missing = missing
        listed = ", ".join(missing[:5]) + (f" (+{len(missing) - 5})" if len(missing) > 5 else "")
        super().__init__(
            f"No choice was given for {len(missing)} conflict(s): {listed}. Choose 'ours', 'theirs' or "
            "'base' (or give a value) for each, or pass default='ours' / 'theirs'."
        )


@dataclass(frozen=True)
class Conflict:
    """Two sides changed the same thing differently; a person must choose.

    ``field`` is a dotted path within the item, or ``""`` when the conflict is about the whole
    item (deleted on one side, edited on the other; or added on both sides differently where
    fields could not be told apart). Values are plain JSON-like data; :data:`MISSING` means
    "absent" (deleted, or never added).
    """

    kind: str
    key: str
    field: str
    base: Any
    ours: Any
    theirs: Any
    reason: str  # "both-changed" | "deleted-by-us" | "deleted-by-them" | "both-added"

    @property
    def id(self) -> str:
        """Identifies the conflict in :func:`resolve`'s choices: ``kind:key`` or ``kind:key:field``."""
        return f"{self.kind}:{self.key}" + (f":{self.field}" if self.field else "")

    def describe(self, lang: str = "fr") -> str:
        """One sentence for the person who decides."""
        where = f"{self.kind}:{self.key}" + (f" ({self.field})" if self.field else "")

        def show(v: Any) -> str:
            if v is MISSING:
                return "supprimé" if lang == "fr" else "deleted"
            return repr(v) if not isinstance(v, str) else (f"«{_NNBSP}{v}{_NNBSP}»" if lang == "fr" else f"'{v}'")

        if lang == "fr":
            reasons = {
                "both-changed": "modifié des deux côtés",
                "deleted-by-us": "supprimé chez nous, modifié chez eux",
                "deleted-by-them": "modifié chez nous, supprimé chez eux",
                "both-added": "ajouté des deux côtés différemment",
            }
            return (f"{where}{_NNBSP}: {reasons[self.reason]}. Nous{_NNBSP}: {show(self.ours)} ; "
                    f"eux{_NNBSP}: {show(self.theirs)} ; avant{_NNBSP}: {show(self.base)}.")  # fmt: skip
        reasons = {
            "both-changed": "changed on both sides",
            "deleted-by-us": "deleted by us, edited by them",
            "deleted-by-them": "edited by us, deleted by them",
            "both-added": "added on both sides differently",
        }
        return (f"{where}: {reasons[self.reason]}. Ours: {show(self.ours)}; theirs: {show(self.theirs)}; "
                f"before: {show(self.base)}.")  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        def plain(v: Any) -> Any:
            return None if v is MISSING else v

        return {
            "id": self.id, "kind": self.kind, "key": self.key, "field": self.field, "reason": self.reason,
            "base": plain(self.base), "ours": plain(self.ours), "theirs": plain(self.theirs),
            "base_missing": self.base is MISSING, "ours_missing": self.ours is MISSING,
            "theirs_missing": self.theirs is MISSING, "message": {"fr": self.describe("fr"), "en": self.describe("en")},
        }  # fmt: skip


@dataclass(frozen=True)
class MergeResult:
    """The merged framework (holding *our* value wherever there is a conflict) and the conflicts."""

    framework: Framework
    conflicts: list[Conflict] = field(default_factory=list)
    # The merged keyed data, so that :func:`resolve` can apply choices without re-merging.
    keyed: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False, compare=False)
    # Our and their version (plain data) of each item holding a conflict, for the provenance of the decision.
    sides: dict[tuple[str, str], tuple[Any, Any]] = field(default_factory=dict, repr=False, compare=False)

    @property
    def clean(self) -> bool:
        """True when nothing needs a person's decision."""
        return not self.conflicts

    def to_dict(self) -> dict[str, Any]:
        return {"clean": self.clean, "conflicts": [c.to_dict() for c in self.conflicts]}


# --- merging values ------------------------------------------------------------------------------


def _set_merge(base: list[Any], ours: list[Any], theirs: list[Any]) -> list[Any]:
    """Our list minus what they removed, plus what they added (in their order)."""
    kept = [x for x in ours if x in theirs or x not in base]
    return kept + [x for x in theirs if x not in base and x not in ours]


def _later(a: Any, b: Any) -> Any:
    """The provenance whose ``changed`` time is later (ISO text compares in time order)."""
    ca = (a or {}).get("changed") or "" if isinstance(a, dict) else ""
    cb = (b or {}).get("changed") or "" if isinstance(b, dict) else ""
    return b if cb > ca else a


def _merge_value(base: Any, ours: Any, theirs: Any, path: str, name: str, out: list[tuple[str, Any, Any, Any]]) -> Any:
    """Merge one value; record ``(path, base, ours, theirs)`` in ``out`` for each conflict."""
    if name == "votes" and all(isinstance(v, int) for v in (base, ours, theirs)):
        # A counter: both sides' dots count, even when both added the same number.
        return max(0, ours + theirs - base)  # votes never go below zero
    if ours == theirs and (ours is MISSING) == (theirs is MISSING):
        return ours
    if ours == base and (ours is MISSING) == (base is MISSING):
        return theirs
    if theirs == base and (theirs is MISSING) == (base is MISSING):
        return ours
    if name == "provenance" and isinstance(ours, dict) and isinstance(theirs, dict):
        return _later(ours, theirs)
    if name in SET_LIKE_FIELDS and all(isinstance(v, list) for v in (ours, theirs)):
        return _set_merge(base if isinstance(base, list) else [], ours, theirs)
    if name not in _WHOLE_FIELDS and isinstance(ours, dict) and isinstance(theirs, dict):
        before: dict[str, Any] = base if isinstance(base, dict) else {}
        merged: dict[str, Any] = {}
        for key in [*ours, *(k for k in theirs if k not in ours)]:
            sub = f"{path}.{key}" if path else str(key)
            value = _merge_value(
                before.get(key, MISSING), ours.get(key, MISSING), theirs.get(key, MISSING), sub, key, out
            )
            if value is not MISSING:
                merged[key] = value
        return merged
    out.append((path, base, ours, theirs))
    return ours


def _merge_item(kind: str, key: str, base: Any, ours: Any, theirs: Any, conflicts: list[Conflict]) -> Any:
    if ours is MISSING and theirs is MISSING:
        return MISSING
    if ours == base and (ours is MISSING) == (base is MISSING):
        return theirs
    if theirs == base and (theirs is MISSING) == (base is MISSING):
        return ours
    if ours is MISSING:  # we deleted it, they edited it: keep their edit until a person decides
        conflicts.append(Conflict(kind, key, "", base, MISSING, theirs, "deleted-by-us"))
        return theirs
    if theirs is MISSING:
        conflicts.append(Conflict(kind, key, "", base, ours, MISSING, "deleted-by-them"))
        return ours
    found: list[tuple[str, Any, Any, Any]] = []
    merged = _merge_value(base if base is not MISSING else {}, ours, theirs, "", "", found)
    reason = "both-added" if base is MISSING else "both-changed"
    for path, b, o, t in found:
        conflicts.append(Conflict(kind, key, path, b, o, t, reason))
    return merged


def merge_keyed(
    base: dict[str, dict[str, Any]], ours: dict[str, dict[str, Any]], theirs: dict[str, dict[str, Any]]
) -> tuple[dict[str, dict[str, Any]], list[Conflict]]:
    """Merge three :func:`~badgeworkbench.diff.keyed_framework` values (or any ``{kind: {key: item}}``).

    Items keep our order; items only they added follow, in their order.
    """
    conflicts: list[Conflict] = []
    merged: dict[str, dict[str, Any]] = {}
    for kind in [*ours, *(k for k in theirs if k not in ours)]:
        b, o, t = base.get(kind, {}), ours.get(kind, {}), theirs.get(kind, {})
        if kind == "framework":
            # The framework's own fields are one item whatever its id: merge them under our key.
            key = next(iter(o), None) or next(iter(t), "framework")
            bv, ov, tv = (next(iter(d.values()), MISSING) for d in (b, o, t))
            merged[kind] = {key: _merge_item(kind, key, bv, ov, tv, conflicts)}
            continue
        items: dict[str, Any] = {}
        for key in [*o, *(k for k in t if k not in o), *(k for k in b if k not in o and k not in t)]:
            value = _merge_item(kind, key, b.get(key, MISSING), o.get(key, MISSING), t.get(key, MISSING), conflicts)
            if value is not MISSING:
                items[key] = value
        merged[kind] = items
    return merged, conflicts


def _build(keyed: dict[str, dict[str, Any]]) -> Framework:
    try:
        return framework_from_keyed(keyed)
    except ValidationError as error:
        details = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors(include_url=False)[:5])
        raise MergeError(
            f"The merged framework is not valid ({details}). Nothing was written; merge these items by hand "
            "and report the case."
        ) from None


def _same(a: Any, b: Any) -> bool:
    if a is MISSING or b is MISSING:
        return a is b
    return a is b or a == b


def _plain_or_missing(item: Any) -> Any:
    return MISSING if item is MISSING else plain_item(item)


def merge(base: Framework, ours: Framework, theirs: Framework) -> MergeResult:
    """Merge ``ours`` and ``theirs``, two frameworks edited separately from ``base``.

    Returns the merged framework and the conflicts left for a person (see :func:`resolve`).
    Items changed on one side only are taken as they are; only items changed on both sides
    are compared field by field.
    """
    conflicts: list[Conflict] = []
    key = str(ours.id)
    meta = _merge_item("framework", key, own_fields(base), own_fields(ours), own_fields(theirs), conflicts)
    merged: dict[str, dict[str, Any]] = {"framework": {key: meta}}
    sides: dict[tuple[str, str], tuple[Any, Any]] = {}
    kb, ko, kt = model_items(base), model_items(ours), model_items(theirs)
    for kind in COLLECTIONS.values():
        b, o, t = kb[kind], ko[kind], kt[kind]
        items: dict[str, Any] = {}
        for key in [*o, *(k for k in t if k not in o), *(k for k in b if k not in o and k not in t)]:
            bv, ov, tv = b.get(key, MISSING), o.get(key, MISSING), t.get(key, MISSING)
            if _same(ov, bv):
                value = tv
            elif _same(tv, bv):
                value = ov
            else:
                found = len(conflicts)
                plain_ours, plain_theirs = _plain_or_missing(ov), _plain_or_missing(tv)
                value = _merge_item(kind, key, _plain_or_missing(bv), plain_ours, plain_theirs, conflicts)
                if len(conflicts) > found:
                    sides[(kind, key)] = (plain_ours, plain_theirs)
            if value is not MISSING:
                items[key] = value
        merged[kind] = items
    return MergeResult(_build(merged), conflicts, merged, sides)


# --- deciding conflicts --------------------------------------------------------------------------

_CHOICES = ("ours", "theirs", "base")


def _set_path(item: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    node = item
    for part in parts[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = {}
            node[part] = child
        node = child
    if value is MISSING:
        node.pop(parts[-1], None)
    else:
        node[parts[-1]] = value


def resolve(result: MergeResult, choices: Mapping[str, Any] | None = None, *, default: str | None = None) -> Framework:
    """The merged framework with each conflict decided.

    ``choices`` maps a conflict's :attr:`Conflict.id` to ``"ours"``, ``"theirs"``, ``"base"``,
    or ``{"value": …}`` for a value written by the person (for a whole item: the item's data).
    Conflicts without a choice take ``default`` when given; otherwise :class:`UnresolvedConflicts`
    lists them, so no conflict is decided silently.
    """
    choices = dict(choices or {})
    unknown = sorted(set(choices) - {c.id for c in result.conflicts})
    if unknown:
        raise UnresolvedConflicts([f"{u} (not a conflict of this merge)" for u in unknown])
    missing = [c.id for c in result.conflicts if c.id not in choices and default is None]
    if missing:
        raise UnresolvedConflicts(missing)
    source = result.keyed or keyed_framework(result.framework)
    keyed = {kind: dict(items) for kind, items in source.items()}  # items are copied below before a change
    for conflict in result.conflicts:
        choice = choices.get(conflict.id, default)
        if isinstance(choice, Mapping) and "value" in choice:
            value = choice["value"]
        elif choice in _CHOICES:
            value = getattr(conflict, str(choice))
        else:
            raise UnresolvedConflicts(
                [f"{conflict.id} (choice {choice!r}: use 'ours', 'theirs', 'base' or {{'value': …}})"]
            )
        items = keyed.setdefault(conflict.kind, {})
        if conflict.kind == "framework":
            key = next(iter(items))
        else:
            key = conflict.key
        if not conflict.field:
            if value is MISSING:
                items.pop(key, None)
            else:
                items[key] = copy.deepcopy(value)
        elif key in items:
            item = copy.deepcopy(plain_item(items[key]))
            _set_path(item, conflict.field, copy.deepcopy(value))
            items[key] = item
    for (kind, key), versions in result.sides.items():
        if key in keyed.get(kind, {}):
            keyed[kind][key] = _provenance_of_the_kept_version(plain_item(keyed[kind][key]), versions)
    return _build(keyed)


def _provenance_of_the_kept_version(item: dict[str, Any], versions: tuple[Any, Any]) -> dict[str, Any]:
    """``item`` with the provenance of the side whose version it is (theirs, then ours), when it is one.

    The merge gave a conflicted item the provenance of the side that changed it last; but if the
    decisions left the item exactly as one side had it, that side's edit is the one kept, and
    it is their name and date the item must carry.
    """
    content = {k: v for k, v in item.items() if k != "provenance"}
    for version in reversed(versions):
        if isinstance(version, dict) and {k: v for k, v in version.items() if k != "provenance"} == content:
            kept = dict(content)
            if "provenance" in version:
                kept["provenance"] = copy.deepcopy(version["provenance"])
            return kept
    return item

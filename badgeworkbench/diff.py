"""Comparing two frameworks item by item and field by field.

:func:`compare` answers "what changed between these two versions?": which partners,
territories, competencies, badges, relations, pathways and layout positions were added,
removed or changed, and for a changed item, every field that changed as a dotted path
(``name.fr``, ``criteria.narrative.en``, ``provenance.changed``) with its old and new value.
The framework's own fields (title, version, languages…) are compared as the item
``framework:<id>``.

The same keyed, nested form of a framework (:func:`keyed_framework`) is what
:mod:`badgeworkbench.coauthoring.merge` merges; it lives here so that both agree on what
an item and a field are.

>>> from badgeworkbench.model import Badge, Framework
>>> a = Framework(id="f", badges=[Badge(id="cuisine", name={"fr": "Cuisiner"})])
>>> b = a.replace(badges=[Badge(id="cuisine", name={"fr": "Cuisiner en équipe"}), Badge(id="accueil")])
>>> d = compare(a, b)
>>> [(c.kind, c.key, c.change) for c in d.items]
[('badge', 'cuisine', 'changed'), ('badge', 'accueil', 'added')]
>>> d.items[0].fields[0].path, d.items[0].fields[0].old, d.items[0].fields[0].new
('name.fr', 'Cuisiner', 'Cuisiner en équipe')
>>> print(d.summary("en").splitlines()[0])
1 badge added, 1 badge changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .model import Framework

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "COLLECTIONS",
    "MISSING",
    "FieldChange",
    "FrameworkDiff",
    "ItemChange",
    "compare",
    "compare_values",
    "framework_from_keyed",
    "item_key",
    "keyed_framework",
]


class _Missing:
    """Marks a field or item that one side does not have (distinct from a ``None`` value)."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False

    def __reduce__(self) -> str:
        return "MISSING"


#: The value of a field or an item that does not exist on one side.
MISSING: Any = _Missing()

#: Framework list fields compared item by item, with the kind name used in ``kind:key`` labels.
COLLECTIONS: dict[str, str] = {
    "territories": "territory",
    "partners": "partner",
    "competencies": "competency",
    "badges": "badge",
    "relations": "relation",
    "pathways": "pathway",
    "layout": "layout",
}

#: The framework's own fields (everything else than the collections), compared as one item.
_META_KIND = "framework"

# French and English nouns for the summary: (singular, plural).
_NOUNS: dict[str, dict[str, tuple[str, str]]] = {
    "framework": {"fr": ("référentiel", "référentiels"), "en": ("framework", "frameworks")},
    "territory": {"fr": ("territoire", "territoires"), "en": ("territory", "territories")},
    "partner": {"fr": ("partenaire", "partenaires"), "en": ("partner", "partners")},
    "competency": {"fr": ("compétence", "compétences"), "en": ("competency", "competencies")},
    "badge": {"fr": ("badge", "badges"), "en": ("badge", "badges")},
    "relation": {"fr": ("relation", "relations"), "en": ("relation", "relations")},
    "pathway": {"fr": ("parcours", "parcours"), "en": ("pathway", "pathways")},
    "layout": {"fr": ("position", "positions"), "en": ("position", "positions")},
}
# Participles agree in gender in French: these nouns are feminine.
_FEMININE = {"competency", "relation", "layout"}
_VERBS = {
    "added": {"fr": ("ajouté", "ajoutée"), "en": ("added", "added")},
    "removed": {"fr": ("supprimé", "supprimée"), "en": ("removed", "removed")},
    "changed": {"fr": ("modifié", "modifiée"), "en": ("changed", "changed")},
}
_NNBSP = "\u202f"


def item_key(kind: str, data: dict[str, Any]) -> str:
    """The key of an item within its collection: its id, or ``source type target`` for a relation."""
    if kind == "relation":
        return f"{data.get('source')} {data.get('type')} {data.get('target')}"
    return str(data.get("id"))


def own_fields(framework: Framework) -> dict[str, Any]:
    """The framework's own fields (not its collections) as plain data."""
    return framework.model_dump(mode="json", exclude=set(COLLECTIONS))


def _unique(items: dict[str, Any], key: str) -> str:
    unique, n = key, 1
    while unique in items:
        n += 1
        unique = f"{key}#{n}"
    return unique


def model_items(framework: Framework) -> dict[str, dict[str, Any]]:
    """The framework's items as ``{kind: {key: model object}}``, without converting them.

    Unchanged items of two versions are usually the very same objects (an edit copies only
    what it changes), so comparing and merging by these keys only converts the items that
    differ — which is what makes ROME-sized frameworks quick to compare.
    """
    out: dict[str, dict[str, Any]] = {}
    for attr, kind in COLLECTIONS.items():
        items: dict[str, Any] = {}
        if attr == "layout":
            items.update(framework.layout)
        else:
            for item in getattr(framework, attr):
                if kind == "relation":
                    key = f"{item.source} {item.type} {item.target}"
                else:
                    key = str(item.id)
                items[_unique(items, key)] = item
        out[kind] = items
    return out


def plain_item(item: Any) -> Any:
    """A model object as plain JSON-like data (dicts pass through)."""
    return item if isinstance(item, dict) else item.model_dump(mode="json")


def keyed_framework(framework: Framework) -> dict[str, dict[str, Any]]:
    """The framework as ``{kind: {key: plain data}}``, plus ``{"framework": {id: own fields}}``.

    Items are plain JSON-like dicts (``model_dump(mode="json")``), in stored order. An id used
    twice keeps both items: the second becomes ``id#2`` so nothing is lost before ``check``
    reports the duplicate.
    """
    data = framework.model_dump(mode="json")
    keyed: dict[str, dict[str, Any]] = {}
    meta = {k: v for k, v in data.items() if k not in COLLECTIONS}
    keyed[_META_KIND] = {str(framework.id): meta}
    for attr, kind in COLLECTIONS.items():
        items: dict[str, Any] = {}
        if attr == "layout":
            for badge_id, position in data["layout"].items():
                items[badge_id] = position
        else:
            for entry in data[attr]:
                key = base = item_key(kind, entry)
                n = 1
                while key in items:
                    n += 1
                    key = f"{base}#{n}"
                items[key] = entry
        keyed[kind] = items
    return keyed


def framework_from_keyed(keyed: dict[str, dict[str, Any]]) -> Framework:
    """The inverse of :func:`keyed_framework` (validated; raises pydantic's ``ValidationError``)."""
    metas = list(keyed.get(_META_KIND, {}).values())
    data: dict[str, Any] = dict(metas[0]) if metas else {}
    for attr, kind in COLLECTIONS.items():
        items = keyed.get(kind, {})
        data[attr] = dict(items) if attr == "layout" else list(items.values())
    return Framework.model_validate(data)


@dataclass(frozen=True)
class FieldChange:
    """One field of one item: ``path`` (dotted), value before, value after (:data:`MISSING` when absent)."""

    path: str
    old: Any
    new: Any

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.path, "old": _plain(self.old), "new": _plain(self.new)}


@dataclass(frozen=True)
class ItemChange:
    """An item added, removed or changed; ``fields`` lists what changed (for an added item: every field)."""

    kind: str
    key: str
    change: str  # "added" | "removed" | "changed"
    fields: tuple[FieldChange, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.kind}:{self.key}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.key,
            "change": self.change,
            "fields": [f.to_dict() for f in self.fields],
        }


def _plain(value: Any) -> Any:
    return None if value is MISSING else value


def compare_values(old: Any, new: Any, path: str = "") -> list[FieldChange]:
    """Every leaf that differs between two JSON-like values, as dotted paths.

    Dicts are compared key by key; anything else (text, numbers, lists) is one value.

    >>> compare_values({"name": {"fr": "A", "en": "A"}}, {"name": {"fr": "B", "en": "A"}, "votes": 2})
    [FieldChange(path='name.fr', old='A', new='B'), FieldChange(path='votes', old=MISSING, new=2)]
    """
    if old == new and (old is MISSING) == (new is MISSING):
        return []
    if isinstance(old, dict) and isinstance(new, dict):
        changes: list[FieldChange] = []
        for key in [*old, *(k for k in new if k not in old)]:
            sub = f"{path}.{key}" if path else str(key)
            changes.extend(compare_values(old.get(key, MISSING), new.get(key, MISSING), sub))
        return changes
    return [FieldChange(path, old, new)]


@dataclass(frozen=True)
class FrameworkDiff:
    """What changed from framework ``a`` to framework ``b``, item by item."""

    items: tuple[ItemChange, ...] = field(default_factory=tuple)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def added(self) -> list[ItemChange]:
        return [i for i in self.items if i.change == "added"]

    @property
    def removed(self) -> list[ItemChange]:
        return [i for i in self.items if i.change == "removed"]

    @property
    def changed(self) -> list[ItemChange]:
        return [i for i in self.items if i.change == "changed"]

    def item(self, kind: str, key: str) -> ItemChange | None:
        """The change of one item, or ``None`` when it did not change."""
        return next((i for i in self.items if i.kind == kind and i.key == key), None)

    def counts(self) -> dict[str, dict[str, int]]:
        """``{kind: {"added": n, "removed": n, "changed": n}}`` for the kinds that changed."""
        out: dict[str, dict[str, int]] = {}
        for i in self.items:
            out.setdefault(i.kind, {"added": 0, "removed": 0, "changed": 0})[i.change] += 1
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``{"counts": …, "items": [{kind, id, change, fields: [{field, old, new}]}]}``."""
        return {"counts": self.counts(), "items": [i.to_dict() for i in self.items]}

    def to_frame(self) -> pd.DataFrame:
        """One row per changed field: kind, id, change, field, old, new (an added/removed item: one row)."""
        import pandas as pd

        rows: list[dict[str, Any]] = []
        for i in self.items:
            if i.change == "changed":
                rows.extend(
                    {"kind": i.kind, "id": i.key, "change": i.change, "field": f.path,
                     "old": _plain(f.old), "new": _plain(f.new)}
                    for f in i.fields
                )  # fmt: skip
            else:
                rows.append({"kind": i.kind, "id": i.key, "change": i.change, "field": None, "old": None, "new": None})
        return pd.DataFrame(rows, columns=["kind", "id", "change", "field", "old", "new"])

    def headline(self, lang: str = "fr") -> str:
        """One sentence: ``2 badges modifiés, 1 compétence ajoutée.`` (or that nothing changed)."""
        lang = "fr" if lang == "fr" else "en"
        if not self.items:
            return "Aucune différence." if lang == "fr" else "No differences."
        parts = []
        for change in ("added", "removed", "changed"):
            for kind, counts in self.counts().items():
                n = counts[change]
                if n:
                    singular, plural = _NOUNS.get(kind, {}).get(lang, (kind, kind + "s"))
                    verb = _VERBS[change][lang][1 if (lang == "fr" and kind in _FEMININE) else 0]
                    if lang == "fr" and n > 1:
                        verb += "s"
                    parts.append(f"{n} {singular if n == 1 else plural} {verb}")
        return ", ".join(parts) + "."

    def summary(self, lang: str = "fr", max_fields: int = 8, max_items: int = 200) -> str:
        """A readable account: the headline, then one line per item and per changed field."""
        fr = lang == "fr"
        lines = [self.headline(lang)]
        for n, i in enumerate(self.items):
            if n == max_items:
                rest = len(self.items) - max_items
                lines.append(f"… et {rest} autres éléments." if fr else f"… and {rest} more items.")
                break
            sign = {"added": "+", "removed": "-", "changed": "~"}[i.change]
            noun = _NOUNS.get(i.kind, {}).get("fr" if fr else "en", (i.kind, ""))[0]
            verb = _VERBS[i.change]["fr" if fr else "en"][1 if (fr and i.kind in _FEMININE) else 0]
            name = _quote(i.key, fr)
            lines.append(f"{sign} {noun} {name} {verb}")
            if i.change == "changed":
                for f in i.fields[:max_fields]:
                    colon = f"{_NNBSP}:" if fr else ":"
                    lines.append(f"    {f.path}{colon} {_show(f.old, fr)} → {_show(f.new, fr)}")
                if len(i.fields) > max_fields:
                    more = len(i.fields) - max_fields
                    lines.append(f"    … et {more} autres champs" if fr else f"    … and {more} more fields")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary("fr")


def _quote(value: str, fr: bool) -> str:
    return f"«{_NNBSP}{value}{_NNBSP}»" if fr else f"'{value}'"


def _show(value: Any, fr: bool, width: int = 60) -> str:
    if value is MISSING or value is None:
        return "(vide)" if fr else "(empty)"
    if isinstance(value, list) and not all(isinstance(v, str) for v in value):
        n = len(value)
        return f"[{n} élément{'s' if n > 1 else ''}]" if fr else f"[{n} item{'s' if n != 1 else ''}]"
    shown = value if isinstance(value, str) else ", ".join(value) if isinstance(value, list) else repr(value)
    if len(shown) > width:
        shown = shown[: width - 1] + "…"
    return _quote(shown, fr) if isinstance(value, str) else shown


def compare(a: Framework, b: Framework) -> FrameworkDiff:
    """What changed from ``a`` to ``b``: every item added, removed or changed, field by field.

    Items are listed kind by kind (framework, territories, partners, competencies, badges,
    relations, pathways, layout), changed and removed items in ``a``'s order, then added items
    in ``b``'s order.
    """
    ka, kb = model_items(a), model_items(b)
    changes: list[ItemChange] = []
    # The framework's id is the key of its own fields; compare them whatever the ids are.
    meta_fields = compare_values(own_fields(a), own_fields(b))
    if meta_fields:
        changes.append(ItemChange(_META_KIND, str(b.id), "changed", tuple(meta_fields)))
    for kind in COLLECTIONS.values():
        old_items, new_items = ka[kind], kb[kind]
        added: list[ItemChange] = []
        for key, old in old_items.items():
            new = new_items.get(key, MISSING)
            if new is MISSING:
                changes.append(ItemChange(kind, key, "removed", tuple(compare_values(plain_item(old), {}))))
            elif new is not old and new != old:
                # who-changed-it-last comes after what changed
                fields = sorted(
                    compare_values(plain_item(old), plain_item(new)), key=lambda f: f.path.startswith("provenance.")
                )
                if fields:
                    changes.append(ItemChange(kind, key, "changed", tuple(fields)))
        for key, new in new_items.items():
            if key not in old_items:
                added.append(ItemChange(kind, key, "added", tuple(compare_values({}, plain_item(new)))))
        changes.extend(added)
    return FrameworkDiff(tuple(changes))

"""Importing into an existing framework: update items by id, never duplicate, and say what changes.

>>> from badgeworkbench.model import Framework, Competency
>>> old = Framework(id="f", competencies=[Competency(id="a", title={"fr": "A", "en": "A (en)"})])
>>> new = Framework(id="g", competencies=[Competency(id="a", title={"fr": "A modifiée"}), Competency(id="b")])
>>> merged, changes = merge_framework(old, new)
>>> [c.id for c in merged.competencies], merged.competencies[0].title
(['a', 'b'], {'fr': 'A modifiée', 'en': 'A (en)'})
>>> changes.added, changes.changed
(['competency:b'], ['competency:a'])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from ..model import Framework

__all__ = ["ImportChanges", "merge_framework"]

_LISTS = {"territories": "territory", "partners": "partner", "competencies": "competency", "badges": "badge",
          "pathways": "pathway"}  # fmt: skip


@dataclass
class ImportChanges:
    """What an import adds and changes (``kind:id``), and how many items it leaves as they were."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def empty(self) -> bool:
        return not self.added and not self.changed

    def to_dict(self) -> dict[str, Any]:
        return {"added": self.added, "changed": self.changed, "unchanged": self.unchanged}

    def to_text(self, lang: str = "fr") -> str:
        lines = [f"+ {item}" for item in self.added] + [f"~ {item}" for item in self.changed]
        if lang == "fr":
            lines.append(f"{len(self.added)} ajouté(s), {len(self.changed)} modifié(s), {self.unchanged} inchangé(s).")
        else:
            lines.append(f"{len(self.added)} added, {len(self.changed)} changed, {self.unchanged} unchanged.")
        return "\n".join(lines)


def _updated(old: BaseModel, new: BaseModel) -> BaseModel:
    """``old`` with what ``new`` says: texts merged language by language, other set fields replaced."""
    data = old.model_dump()
    incoming = new.model_dump(exclude_defaults=True)
    for name, value in incoming.items():
        if isinstance(value, dict) and isinstance(data.get(name), dict) and all(isinstance(v, str) for v in value.values()):
            data[name] = {**data[name], **value}  # a French-only import keeps the English texts
        elif name == "code" and value == getattr(new, "id", None):
            continue  # a code that only repeats the id (Moodle's id number) tells nothing new
        else:
            data[name] = value
    if "parent" in type(old).model_fields:
        data["parent"] = getattr(new, "parent", None)  # the imported hierarchy is the truth, roots included
    return type(old).model_validate(data)


def merge_framework(existing: Framework, incoming: Framework) -> tuple[Framework, ImportChanges]:
    """``existing`` updated with ``incoming``: items matched by id are updated, new ones appended.

    The existing framework keeps its id, languages, title (the import only fills missing languages)
    and every item the import does not mention.
    Relations are added unless the same (source, type, target) is already there.
    """
    changes = ImportChanges()
    updates: dict[str, Any] = {}
    for attr, kind in _LISTS.items():
        old_items = list(getattr(existing, attr))
        index = {item.id: i for i, item in enumerate(old_items)}
        for item in getattr(incoming, attr):
            if item.id in index:
                before = old_items[index[item.id]]
                after = _updated(before, item)
                if after.model_dump() != before.model_dump():
                    old_items[index[item.id]] = after
                    changes.changed.append(f"{kind}:{item.id}")
                else:
                    changes.unchanged += 1
            else:
                index[item.id] = len(old_items)
                old_items.append(item)
                changes.added.append(f"{kind}:{item.id}")
        updates[attr] = old_items
    relations = list(existing.relations)
    seen = {(r.source, r.type, r.target): i for i, r in enumerate(relations)}
    for r in incoming.relations:
        key = (r.source, r.type, r.target)
        if key not in seen:
            seen[key] = len(relations)
            relations.append(r)
            changes.added.append(f"relation:{r.source} {r.type} {r.target}")
        elif r.note and relations[seen[key]].note != r.note:
            relations[seen[key]] = r
            changes.changed.append(f"relation:{r.source} {r.type} {r.target}")
    updates["relations"] = relations
    for name in ("title", "description"):
        # the framework's own title stays; the import only fills languages it lacks
        merged = {**getattr(incoming, name), **getattr(existing, name)}
        if merged != getattr(existing, name):
            updates[name] = merged
            changes.changed.append(f"framework:{name}")
    if incoming.moodle is not None and incoming.moodle != existing.moodle:
        # what the Moodle framework row said (scale, taxonomy…): the latest import is the one to export back
        updates["moodle"] = incoming.moodle
        changes.changed.append("framework:moodle")
    return existing.replace(**updates), changes

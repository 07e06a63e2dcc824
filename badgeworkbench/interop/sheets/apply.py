"""Applying a previewed sheet: a new framework value, updated by id, never duplicated."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ...model import Framework
from .changes import SheetChanges
from .columns import _COLUMNS, SHEET_KINDS, SheetError

__all__ = ["apply_sheet"]


def apply_sheet(framework: Framework, changes: SheetChanges, when: dt.datetime | None = None) -> Framework:
    """A new framework with the previewed changes applied (conflicts and rejected rows are not).

    Changed items are merged column by column into the item as it is *now*, so an edit made in
    the framework after the preview to another field is kept.
    """
    if changes.framework_id != framework.id:
        raise SheetError(
            f"These changes were read against the framework {changes.framework_id!r}, not {framework.id!r}."
        )
    lists: dict[str, list[Any]] = {kind: list(getattr(framework, kind)) for kind in SHEET_KINDS}
    for change in changes.changed:
        kind = {"competency": "competencies", "badge": "badges", "relation": "relations"}[change.kind]
        if kind == "relations":
            key = (change.item.source, str(change.item.type), change.item.target)
            lists[kind] = [change.item if (r.source, str(r.type), r.target) == key else r for r in lists[kind]]
            continue
        index = next((i for i, item in enumerate(lists[kind]) if item.id == change.id), None)
        if index is None:
            continue  # removed from the framework since the preview: nothing to update
        data = lists[kind][index].model_dump(mode="json")
        columns = {c.name: c for c in _COLUMNS[kind]}
        for name in change.fields:
            columns[name].put(data, columns[name].get(change.item))
        if changes.partner is not None:
            data["provenance"] = {**(data.get("provenance") or {}), "changed_by": changes.partner}
            if when is not None:
                data["provenance"]["changed"] = when.isoformat()
        lists[kind][index] = type(lists[kind][index]).model_validate(data)
    for change in changes.added:
        kind = {"competency": "competencies", "badge": "badges", "relation": "relations"}[change.kind]
        item = change.item
        if kind == "relations":
            if all(
                (r.source, str(r.type), r.target) != (item.source, str(item.type), item.target) for r in lists[kind]
            ):
                lists[kind].append(item)
            continue
        if any(existing.id == item.id for existing in lists[kind]):
            continue  # never duplicate: someone added the same id meanwhile
        if when is not None and changes.partner is not None:
            item = item.model_copy(update={"provenance": item.provenance.model_copy(update={"created": when})})
        lists[kind].append(item)
    return framework.replace(**lists)

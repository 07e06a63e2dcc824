"""What a filled sheet would change, before anything is changed: the preview a person reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...materials._base import french_typography

__all__ = ["Conflict", "ItemChange", "RowProblem", "SheetChanges"]


@dataclass(frozen=True)
class RowProblem:
    """A row that was rejected (or a sheet-level warning): where, and what to do."""

    sheet: str
    row: int | None
    column: str | None
    message: dict[str, str]

    def where(self) -> str:
        place = (
            self.sheet + (f", row {self.row}" if self.row else "") + (f", column {self.column}" if self.column else "")
        )
        return place

    def text(self, lang: str = "fr") -> str:
        place = self.where()
        if lang == "fr":
            place = place.replace(", row ", ", ligne ").replace(", column ", ", colonne ")
            return french_typography(f"{place} : {self.message['fr']}")
        return f"{place}: {self.message.get(lang) or self.message['en']}"


@dataclass(frozen=True)
class ItemChange:
    """An item added or changed by a row. ``fields`` maps a column to (old, new) text."""

    kind: str
    id: str
    sheet: str
    row: int
    fields: dict[str, tuple[str, str]]
    item: Any = field(repr=False, compare=False)
    proposed: bool = False


@dataclass(frozen=True)
class Conflict:
    """A row filled from an older state of an item that has changed since: not applied."""

    kind: str
    id: str
    sheet: str
    row: int
    fields: dict[str, tuple[str, str]]
    message: dict[str, str]


@dataclass
class SheetChanges:
    """What a sheet would change, before anything is changed."""

    framework_id: str
    partner: str | None = None
    added: list[ItemChange] = field(default_factory=list)
    changed: list[ItemChange] = field(default_factory=list)
    unchanged: list[tuple[str, str]] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    rejected: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every row can be applied (nothing rejected, no conflict)."""
        return not self.rejected and not self.conflicts

    def to_dict(self) -> dict[str, Any]:
        def change(c: ItemChange) -> dict[str, Any]:
            return {
                "kind": c.kind,
                "id": c.id,
                "sheet": c.sheet,
                "row": c.row,
                "proposed": c.proposed,
                "fields": {k: {"old": o, "new": n} for k, (o, n) in c.fields.items()},
            }

        return {
            "framework": self.framework_id,
            "partner": self.partner,
            "added": [change(c) for c in self.added],
            "changed": [change(c) for c in self.changed],
            "unchanged": [f"{k}:{i}" for k, i in self.unchanged],
            "conflicts": [
                {
                    "kind": c.kind,
                    "id": c.id,
                    "sheet": c.sheet,
                    "row": c.row,
                    "message": c.message,
                    "fields": {k: {"old": o, "new": n} for k, (o, n) in c.fields.items()},
                }
                for c in self.conflicts
            ],
            "rejected": [
                {"sheet": p.sheet, "row": p.row, "column": p.column, "message": p.message} for p in self.rejected
            ],
            "warnings": [
                {"sheet": p.sheet, "row": p.row, "column": p.column, "message": p.message} for p in self.warnings
            ],
        }

    def to_text(self, lang: str = "fr") -> str:
        """The preview, one line per change, for people."""
        fr = lang == "fr"
        colon = "\u202f:" if fr else ":"
        lines = []

        def fields(c: ItemChange | Conflict) -> str:
            return "; ".join(f"{k}{colon} {o!r} → {n!r}" for k, (o, n) in c.fields.items())

        heads = [
            (
                "Ajouts" if fr else "Added",
                [
                    f"+ {c.kind}:{c.id} ({c.sheet}, {'ligne' if fr else 'row'} {c.row})"
                    + (" — proposition" if fr and c.proposed else " — proposal" if c.proposed else "")
                    for c in self.added
                ],
            ),
            (
                "Modifications" if fr else "Changed",
                [
                    f"~ {c.kind}:{c.id} ({c.sheet}, {'ligne' if fr else 'row'} {c.row}){colon} {fields(c)}"
                    for c in self.changed
                ],
            ),
            (
                "Conflits (non appliqués)" if fr else "Conflicts (not applied)",
                [
                    f"! {c.kind}:{c.id} ({c.sheet}, {'ligne' if fr else 'row'} {c.row}){colon} {c.message['fr' if fr else 'en']} {fields(c)}"
                    for c in self.conflicts
                ],
            ),
            ("Lignes refusées" if fr else "Rejected rows", [f"x {p.text(lang)}" for p in self.rejected]),
            ("Avertissements" if fr else "Warnings", [f"? {p.text(lang)}" for p in self.warnings]),
        ]
        for head, items in heads:
            lines.append(f"{head} ({len(items)})" + ("\u202f:" if fr else ":") if items else f"{head} (0)")
            lines.extend(f"  {item}" for item in items)
        lines.append(f"{'Inchangés' if fr else 'Unchanged'} ({len(self.unchanged)})")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text("en")

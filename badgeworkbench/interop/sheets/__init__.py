"""The framework as a spreadsheet, and back: xlsx and CSV export, partner templates, and a
re-import that updates items by id, never duplicates, and shows what it will do first.

The round trip::

    data = template_xlsx(framework, partner="restos")   # download, fill offline…
    changes = read_sheet(framework, data)               # …re-import: a preview, nothing changed yet
    print(changes.to_text("fr"))                        # added / changed / unchanged / conflicts / rejected
    framework = apply_sheet(framework, changes)         # then save_framework(framework, path, snapshot=…)

What a re-import does with each row:

- a row whose ``id`` is in the framework updates that item, field by field (only the columns
  present in the sheet; an empty text cell clears the text, an empty drop-down cell keeps it);
- a row whose ``id`` is new (or empty: an id is made from the title) becomes a **proposal**
  (status ``proposed``, ``provenance.proposed_by`` = the partner the template was made for);
- a row without id whose title is exactly an existing item's updates that item, so applying the
  same filled sheet twice adds nothing the second time;
- the ``ref`` column carries the code printed on cards plus a fingerprint of the item when the
  sheet was made: if the item changed in the framework since, the row is a **conflict** and is
  not applied; a code edited by hand rejects the row;
- a bad row (formula, unknown id, empty required cell, edited code, value not in the list) is
  **rejected** with its sheet, row and column named; every other row is kept.

Every cell we write is plain text that can never run as a formula (explicit string type, and a
quote prefix where the text starts with ``= + - @``, a tab or a carriage return; a ``'`` in CSV).

>>> from badgeworkbench.model import Badge, Framework
>>> fw = Framework(id="f", badges=[Badge(id="b1", name={"fr": "Cuisine"})])
>>> changes = read_sheet(fw, framework_to_csv(fw, "badges").replace(b"Cuisine", b"Cuisine collective"))
>>> [(c.id, c.fields) for c in changes.changed]
[('b1', {'name_fr': ('Cuisine', 'Cuisine collective')})]
>>> apply_sheet(fw, changes).badge("b1").name["fr"]
'Cuisine collective'
"""

from __future__ import annotations

from .apply import apply_sheet
from .changes import Conflict, ItemChange, RowProblem, SheetChanges
from .columns import MAX_ROWS, MAX_SHEET_BYTES, SHEET_KINDS, SheetError, neutralise
from .read import read_sheet
from .template import framework_to_csv, framework_to_xlsx, template_xlsx

__all__ = [
    "MAX_ROWS",
    "MAX_SHEET_BYTES",
    "SHEET_KINDS",
    "Conflict",
    "ItemChange",
    "RowProblem",
    "SheetChanges",
    "SheetError",
    "apply_sheet",
    "framework_to_csv",
    "framework_to_xlsx",
    "neutralise",
    "read_sheet",
    "template_xlsx",
]

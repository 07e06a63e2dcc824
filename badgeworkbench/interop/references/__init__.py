"""Reference frameworks kept beside a framework, to align competencies and badges with.

A reference set (ESCO skills, ROME 4.0 competencies, RNCP certifications and their skill blocks,
CléA, any CASE package) is stored as one CSV file in ``<framework folder>/references/<name>.csv``,
never mixed into the framework's own competencies: the framework only keeps the
:class:`~badgeworkbench.model.Alignment` it chose. Adding a file in another language, or another
file of the same source, to the same set (ESCO in French, then in English; ROME's competencies, then
its tree) completes the items instead of duplicating them.

One module per source: :mod:`.rome`, :mod:`.esco`, :mod:`.rncp`, :mod:`.clea`, :mod:`.case`; the
items, sets and stored format are in :mod:`.sets`, the files beside a framework in :mod:`.folder`.

>>> clea = clea_reference()
>>> len(clea.items), sum(item.kind == "domain" for item in clea.items)
(35, 7)
>>> clea.item("4.2").label("en")
'Working in a team'
"""

from __future__ import annotations

from .case import case_reference
from .clea import clea_reference
from .esco import read_esco_skills
from .folder import (
    KINDS,
    UnknownReferenceKind,
    add_reference,
    category_counts,
    item_rows,
    load_references,
    read_reference,
    reference_files,
    references_folder,
)
from .rncp import RNCP_URI, read_rncp
from .rome import ROME_URI, read_rome
from .sets import (
    ReferenceFileError,
    ReferenceItem,
    ReferenceSet,
    merge_reference_sets,
    read_reference_set,
    reference_set_csv,
)

__all__ = [
    "KINDS",
    "RNCP_URI",
    "ROME_URI",
    "ReferenceFileError",
    "ReferenceItem",
    "ReferenceSet",
    "UnknownReferenceKind",
    "add_reference",
    "case_reference",
    "category_counts",
    "clea_reference",
    "item_rows",
    "load_references",
    "merge_reference_sets",
    "read_esco_skills",
    "read_reference",
    "read_reference_set",
    "read_rncp",
    "read_rome",
    "reference_files",
    "reference_set_csv",
    "references_folder",
]

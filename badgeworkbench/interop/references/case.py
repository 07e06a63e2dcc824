"""Any CASE package (OpenSALT, CaSS…) as a reference set.

>>> from badgeworkbench.interop.case import framework_to_case_package
>>> from badgeworkbench.model import Competency, Framework
>>> framework = Framework(id="f", title={"fr": "Cuisine"}, competencies=[Competency(id="c", title={"fr": "Cuire"})])
>>> reference, report = case_reference(framework_to_case_package(framework, "https://example.org/f"))
>>> reference.framework, [item.label() for item in reference.items]
('Cuisine', ['Cuire'])
"""

from __future__ import annotations

import os
from typing import Any

from ...report import Report
from .sets import ReferenceItem, ReferenceSet

__all__ = ["case_reference"]


def case_reference(
    source: str | os.PathLike[str] | dict[str, Any], *, file: str | None = None
) -> tuple[ReferenceSet, Report]:
    """One item per CFItem (translations folded into labels); ``CFItemType`` is the kind and the category."""
    from ..case.reading import _Reader, _text, read_case_json  # the CASE reader checks the structure

    name = file or (str(source) if not isinstance(source, dict) else "<CASE package>")
    data = source if isinstance(source, dict) else read_case_json(source)
    reader = _Reader(data, name)
    kinds = reader.classify()
    doc_id = reader.document["identifier"]
    parents: dict[str, list[str]] = {}
    translations: dict[str, list[str]] = {}
    for a in reader.associations:
        if a["type"] == "isChildOf" and a["destination"] != doc_id:
            ups = parents.setdefault(a["origin"], [])
            if a["destination"] not in ups:
                ups.append(a["destination"])
        elif a["type"] == "isTranslationOf" and kinds.get(a["origin"]) == "translation":
            translations.setdefault(a["destination"], []).append(a["origin"])
    items = []
    for identifier, held in reader.items.items():
        if kinds[identifier] == "translation":
            continue
        entry = held["entry"]
        lang = reader.language_of(entry)
        labels = {lang: _text(entry, "fullStatement") or _text(entry, "humanCodingScheme") or identifier}
        descriptions = {lang: _text(entry, "notes")} if _text(entry, "notes") else {}
        for translated in translations.get(identifier, []):
            t_entry = reader.items[translated]["entry"]
            labels[reader.language_of(t_entry)] = _text(t_entry, "fullStatement")
        abbreviated = _text(entry, "abbreviatedStatement")
        alternatives: dict[str, tuple[str, ...]] = {lang: (abbreviated,)} if abbreviated else {}
        ups = parents.get(identifier, [])
        items.append(ReferenceItem(id=identifier, code=_text(entry, "humanCodingScheme"),
                                   kind=_text(entry, "CFItemType"), parent=ups[0] if ups else "",
                                   broader=tuple(ups[1:]), uri=_text(entry, "uri"), labels=labels,
                                   alt_labels=alternatives, descriptions=descriptions,
                                   category=_text(entry, "CFItemType")))  # fmt: skip
    title = _text(reader.document, "title") or "CASE"
    reader.summarise()
    return ReferenceSet(_slug(title), title, items), Report(reader.problems)


def _slug(title: str) -> str:
    from ...ids import slugify

    return slugify(title) or "case"

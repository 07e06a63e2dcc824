"""CASE 1.1 (1EdTech Competencies and Academic Standards Exchange) packages, both ways.

:func:`framework_to_case_package` turns a framework into one CFPackage (the ``getCFPackage``
JSON: ``CFDocument``, ``CFItems``, ``CFAssociations``, ``CFDefinitions``, ``CFRubrics``) that
validates against the official CASE 1.1 JSON Schema. :func:`case_package_to_framework` reads
a package back — ours or one published by another server (OpenSALT, CaSS, a CASE 1.0 file…).

The mapping (see ``docs/interop.md`` for the full table):

- each competency is a ``CFItem``; the hierarchy is ``isChildOf`` (top-level items are children
  of the ``CFDocument``); every :class:`~badgeworkbench.model.Relation` is an association of its type;
- each competency level is a ``CFItem`` of type "Skill Level" joined by ``hasSkillLevel``, and
  the levels of a competency also form a ``CFRubric`` (one criterion, one criterion level per level);
- each badge is a ``CFItem`` of type "Badge". In the "Badges" association grouping, a recognised
  competency ``isPartOf`` the badge, and each badge it requires ``precedes`` it; the requirement
  group ("2 of B, C, D") is in the association's ``notes`` (in words) and ``extensions`` (as data);
- the document's language is ``framework.languages[0]``; an item is written in that language when it
  has text in it, else in its own; each text in another language becomes a translated ``CFItem``
  that ``isTranslationOf`` the original (in the "Translations" grouping). On import, the language is
  the document's, else the items', else the one the text is in (:func:`detect_language`);
- sibling order is ``sequenceNumber`` (and ``listEnumeration``), kept both ways;
- what CASE has no field for (other languages of the document, statuses, votes, comments, partners,
  pathways, the full requirement expression…) travels in ``extensions["badgeworkbench"]``, so that
  Badge Workbench → CASE → Badge Workbench loses nothing, while other CASE tools see a plain package.

An imported item keeps its CASE identifier and URI (and so do the document and the associations):
they are kept in the model's ``case`` fields and written again on export. Items created here get a
UUID 5 computed from the base URL, the framework id and the item id (exporting twice gives the same
identifiers) and the URI ``<base>/uri/<identifier>``; :func:`case_uris` tells any other exporter
(Open Badges alignments, for instance) the URI every competency has in the package.

>>> from badgeworkbench.model import Framework, Competency
>>> fw = Framework(id="f", title={"fr": "Référentiel"},
...                competencies=[Competency(id="a", title={"fr": "Accueillir", "en": "Welcoming"})])
>>> package = framework_to_case_package(fw, "https://example.org/ref")
>>> [item["fullStatement"] for item in package["CFItems"]]
['Accueillir', 'Welcoming']
>>> sorted(a["associationType"] for a in package["CFAssociations"])
['isChildOf', 'isTranslationOf']
>>> package["CFItems"][0]["uri"] == case_item_uri("https://example.org/ref", "f", "competency", "a")
True
"""

from __future__ import annotations

from .export import case_uris, framework_to_case_package
from .language import detect_language
from .mapping import CASE_VERSION, EXTENSION_KEY, ITEM_TYPES, case_identifier, case_item_uri
from .reading import (
    MAX_PACKAGE_BYTES,
    CaseHierarchyCycle,
    CasePackageError,
    case_package_to_framework,
    read_case_file,
    read_case_json,
)

__all__ = [
    "CASE_VERSION",
    "EXTENSION_KEY",
    "ITEM_TYPES",
    "MAX_PACKAGE_BYTES",
    "CaseHierarchyCycle",
    "CasePackageError",
    "case_identifier",
    "case_item_uri",
    "case_package_to_framework",
    "case_uris",
    "detect_language",
    "framework_to_case_package",
    "read_case_file",
    "read_case_json",
]

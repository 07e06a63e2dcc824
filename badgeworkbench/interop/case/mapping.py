"""How a framework's things map to CASE 1.1: item types, groupings, the stable identifiers and URIs,
and the date-times CASE wants (UTC, with the zone)."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid

from ...model import RelationType

__all__ = ["CASE_VERSION", "EXTENSION_KEY", "ITEM_TYPES", "case_identifier", "case_item_uri"]

CASE_VERSION = "1.1"
#: Key under which Badge Workbench keeps, in each ``extensions`` object, what CASE has no field for.
EXTENSION_KEY = "badgeworkbench"

#: CFItemType titles for the kinds of competency, levels and badges, with their hierarchy codes.
ITEM_TYPES: dict[str, tuple[str, str, dict[str, str]]] = {
    "domain": ("Domain", "1", {"fr": "Domaine de compétences", "en": "Competency domain"}),
    "skill": ("Skill", "2", {"fr": "Savoir-faire", "en": "Skill"}),
    "knowledge": ("Knowledge", "3", {"fr": "Savoir", "en": "Knowledge"}),
    "attitude": ("Attitude", "4", {"fr": "Savoir-être", "en": "Attitude"}),
    "experiential": ("Experiential", "5", {"fr": "Compétence d'expérience", "en": "Experiential competency"}),
    "level": ("Skill Level", "6", {"fr": "Niveau de maîtrise", "en": "Proficiency level"}),
    "badge": ("Badge", "7", {"fr": "Badge numérique ouvert (Open Badge)", "en": "Open Badge"}),
}

_GROUPINGS: dict[str, tuple[str, dict[str, str]]] = {
    "badges": (
        "Badges",
        {
            "fr": "Badges : compétences reconnues (isPartOf) et badges requis (precedes).",
            "en": "Badges: recognised competencies (isPartOf) and required badges (precedes).",
        },
    ),
    "translations": (
        "Translations",
        {"fr": "Traductions des éléments (isTranslationOf).", "en": "Translations of items (isTranslationOf)."},
    ),
}


def _base(base_url: str) -> str:
    return base_url.rstrip("/")


def case_identifier(base_url: str, framework_id: str, kind: str, item_id: str = "") -> str:
    """The stable UUID 5 of one thing of a framework in a CASE package.

    ``kind`` is ``document``, ``competency``, ``badge``, ``level`` (``item_id`` = ``competency/level``),
    ``rubric``, ``association``, ``itemtype``, ``grouping`` or ``translation``.

    >>> case_identifier("https://example.org/ref/", "f", "competency", "a") == case_identifier(
    ...     "https://example.org/ref", "f", "competency", "a")
    True
    """
    name = f"{_base(base_url)}/{framework_id}/{kind}/{item_id}" if kind != "document" else (
        f"{_base(base_url)}/{framework_id}")  # fmt: skip
    return _uuid5(name)


_NAMESPACE_URL = uuid.NAMESPACE_URL.bytes


def _uuid5(name: str) -> str:
    """``str(uuid.uuid5(uuid.NAMESPACE_URL, name))``, without building UUID objects (a package has 100,000s).

    >>> _uuid5("https://example.org/x") == str(uuid.uuid5(uuid.NAMESPACE_URL, "https://example.org/x"))
    True
    """
    digest = bytearray(hashlib.sha1(_NAMESPACE_URL + name.encode("utf-8"), usedforsecurity=False).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _uri(base_url: str, identifier: str) -> str:
    # CASE's own form (the CASE 1.1 REST binding serves every object at ``<base>/uri/<identifier>``).
    return f"{_base(base_url)}/uri/{identifier}"


def case_item_uri(base_url: str, framework_id: str, kind: str, item_id: str) -> str:
    """The ``uri`` an item ``kind:item_id`` created here has in the package exported with ``base_url``.

    An item imported from another package keeps its own ``uri`` (``Competency.case``): use
    :func:`~badgeworkbench.interop.case.case_uris` to know the URI of every competency of a framework.

    >>> case_item_uri("https://example.org/ref", "f", "competency", "a")
    'https://example.org/ref/uri/26474c44-f7bc-51f2-a7fb-a29f8a6c46a9'
    """
    return _uri(base_url, case_identifier(base_url, framework_id, kind, item_id))


def _utc(moment: dt.datetime) -> dt.datetime:
    # A date-time without a zone is taken as UTC: CASE requires the zone, and UTC is the least surprising guess.
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def _stamp(moment: dt.datetime) -> str:
    return _utc(moment).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


#: The description an alignment to another package's item carries: "CASE association: <type>".
_ASSOCIATION_NOTE = "CASE association: "
_RELATION_TYPES = {str(t) for t in RelationType}
_TYPE_KINDS = {title.lower(): kind for kind, (title, _, _) in ITEM_TYPES.items()}
_TYPE_KINDS.update({"level": "level", "proficiency level": "level", "competency": "skill", "competence": "skill",
                    "compétence": "skill", "domaine": "domain", "savoir": "knowledge", "savoir-faire": "skill",
                    "savoir-être": "attitude"})  # fmt: skip

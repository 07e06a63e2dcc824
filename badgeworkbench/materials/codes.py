"""Short codes printed on every card and canvas, and carried by the spreadsheets.

A **short code** names an item and its version, small enough to copy by hand from paper:
``B-cuisine-1@1.0`` (badge ``cuisine-1``, version 1.0) or ``C-cuisiner@0.1`` (competency
``cuisiner`` in framework version 0.1). A **reference** adds a fingerprint of the item's
content when it was printed or exported, and two check characters, so that a re-imported row
can tell *which state* of the item it was filled from (conflicts) and whether someone edited
the code by hand (rejected): ``B-cuisine-1@1.0~3fa29c41``.

>>> from badgeworkbench.model import Badge, Framework
>>> fw = Framework(id="f", badges=[Badge(id="cuisine-1", name={"fr": "Cuisine"})])
>>> short_code(fw, fw.badge("cuisine-1"))
'B-cuisine-1@1.0'
>>> ref = item_reference(fw, fw.badge("cuisine-1"))
>>> parsed = parse_reference(ref)
>>> (parsed.kind, parsed.id, parsed.version, parsed.valid)
('badge', 'cuisine-1', '1.0', True)
>>> parse_reference(ref.replace("cuisine-1", "cuisine-2")).valid  # edited by hand
False
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from ..model import Badge, Competency, Framework

__all__ = [
    "KIND_PREFIX",
    "ParsedReference",
    "content_digest",
    "item_reference",
    "parse_reference",
    "qr_payload",
    "short_code",
]

#: One letter per kind of item, in front of every code.
KIND_PREFIX = {"badge": "B", "competency": "C", "framework": "F"}
_PREFIX_KIND = {v: k for k, v in KIND_PREFIX.items()}
_REFERENCE = re.compile(
    r"^(?P<prefix>[BCF])-(?P<id>[A-Za-z0-9._-]+)@(?P<version>[^~\s@]+)(?:~(?P<digest>[0-9a-f]{6})(?P<check>[0-9a-f]{2}))?$"
)


def content_digest(item: Badge | Competency) -> str:
    """Six hex digits that change whenever anything in the item changes (votes and comments excepted).

    Fields left at their default are not part of it, so that a later version of the workbench adding a field
    to the model does not make every card and spreadsheet printed before look changed.
    """
    data = item.model_dump(mode="json", exclude={"votes", "comments"}, exclude_defaults=True)
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:6]


def _kind(item: Badge | Competency) -> str:
    return "badge" if isinstance(item, Badge) else "competency"


def _version(framework: Framework, item: Badge | Competency) -> str:
    # Badges carry their own version; competencies are versioned with the framework.
    return item.version if isinstance(item, Badge) else framework.version


def short_code(framework: Framework, item: Badge | Competency) -> str:
    """``B-<id>@<version>`` or ``C-<id>@<version>``: what a person reads on a card."""
    return f"{KIND_PREFIX[_kind(item)]}-{item.id}@{_version(framework, item)}"


def _check(head: str) -> str:
    return hashlib.sha256(head.encode("utf-8")).hexdigest()[:2]


def item_reference(framework: Framework, item: Badge | Competency) -> str:
    """The short code plus the content fingerprint and a check: ``B-<id>@<version>~<digest><check>``."""
    head = f"{short_code(framework, item)}~{content_digest(item)}"
    return head + _check(head)


def framework_code(framework: Framework) -> str:
    """The code of the framework itself (printed on blank canvases)."""
    return f"F-{framework.id}@{framework.version}"


@dataclass(frozen=True)
class ParsedReference:
    """A code read back from paper or a spreadsheet. ``valid`` is False when it was edited by hand."""

    kind: str
    id: str
    version: str
    digest: str | None
    valid: bool


def parse_reference(code: str) -> ParsedReference | None:
    """Read a short code or a reference; ``None`` when it is not one at all."""
    match = _REFERENCE.match(code.strip())
    if match is None:
        return None
    digest, check = match["digest"], match["check"]
    valid = True
    if digest is not None:
        head = code.strip()[: -len(check)]
        valid = _check(head) == check
    return ParsedReference(_PREFIX_KIND[match["prefix"]], match["id"], match["version"], digest, valid)


def qr_payload(framework: Framework, item: Badge | Competency | None) -> str:
    """What the QR code on a card holds: the framework id and the item's reference."""
    ref = framework_code(framework) if item is None else item_reference(framework, item)
    return f"BWB {framework.id} {ref}"


def find_item(framework: Framework, code: str) -> Badge | Competency | None:
    """The item a code read from paper names (a short code, a reference or a QR payload), or ``None``.

    >>> from badgeworkbench.model import Badge, Framework
    >>> fw = Framework(id="f", badges=[Badge(id="cuisine-1")])
    >>> find_item(fw, "BWB f B-cuisine-1@1.0~00000000").id, find_item(fw, "B-inconnu@1.0")
    ('cuisine-1', None)
    """
    parsed = parse_reference(code.split()[-1]) if code.strip() else None
    if parsed is None:
        return None
    return framework.badge(parsed.id) if parsed.kind == "badge" else framework.competency(parsed.id)


__all__ += ["find_item", "framework_code"]

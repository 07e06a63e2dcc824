"""Identifiers: which ids are safe in file names and URLs, and how to make one from a title.

>>> is_safe_id("cuisine-niveau-1"), is_safe_id("../../etc"), is_safe_id("a b")
(True, False, False)
>>> slugify("Travailler en équipe !")
'travailler-en-equipe'
>>> unique_id("travailler-en-equipe", {"travailler-en-equipe"})
'travailler-en-equipe-2'
>>> case_key("Accueil-Public") == case_key("accueil-public")
True
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

__all__ = ["MAX_ID_LENGTH", "SAFE_ID", "case_key", "is_safe_id", "slugify", "unique_id"]

MAX_ID_LENGTH = 100
SAFE_ID = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9_])?$")
# Names Windows refuses as files, whatever the extension: an id must work on every partner's machine.
_RESERVED = {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(1, 10)} | {f"lpt{i}" for i in range(1, 10)}


def is_safe_id(identifier: object) -> bool:
    """True when ``identifier`` can be used as is in a file name and in a URL path."""
    return (
        isinstance(identifier, str)
        and len(identifier) <= MAX_ID_LENGTH
        and SAFE_ID.match(identifier) is not None
        and ".." not in identifier
        and identifier.lower() not in _RESERVED
    )


def case_key(identifier: str) -> str:
    """What Windows and macOS file systems compare names by: two ids with the same key share a file there."""
    return unicodedata.normalize("NFC", identifier).casefold()


def slugify(title: str, max_length: int = 60) -> str:
    """A safe id made from a title: accents removed, lower case, words joined by '-'."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    slug = slug[:max_length].rstrip("-")
    return slug if is_safe_id(slug) else "item"


def unique_id(base: str, taken: Collection[str]) -> str:
    """``base``, or ``base-2``, ``base-3``… whichever is not in ``taken``."""
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"

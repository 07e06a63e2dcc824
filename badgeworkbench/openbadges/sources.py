"""Where a verifier gets the documents a badge points at: a local export folder first, then the network.

A URL under the base URL an export folder was published at (its manifest says which) is read from the
folder, confined to it; any other URL is fetched through ``fetch`` (url → bytes; urllib with a short
timeout by default) — never when ``offline``. Each URL that could not be had keeps its reason, so a check
can say whether the badge is *foreign* (offline, and not in the folder) or merely unreachable.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["DocumentSources", "Fetch", "jwk_of", "same_key", "same_origin"]

Fetch = Callable[[str], bytes]


def _m(fr: str, en: str) -> dict[str, str]:
    return {"fr": fr, "en": en}


def _urllib_fetch(url: str) -> bytes:
    from urllib.request import Request, urlopen

    if not url.startswith(("https://", "http://")):
        raise ValueError(f"not an http(s) URL: {url}")
    request = Request(url, headers={"Accept": "application/json, application/ld+json, */*"})  # noqa: S310
    with urlopen(request, timeout=5) as response:  # noqa: S310 - http(s) only, checked above
        return response.read(5_000_000)


class DocumentSources:
    """Documents by URL: from the export folder when the URL is under its base, else fetched (unless offline)."""

    def __init__(self, export_folder: str | os.PathLike[str] | None, offline: bool, fetch: Fetch | None):
        self.root = Path(export_folder) if export_folder is not None else None
        self.base: str | None = None
        if self.root is not None:
            from .writing import MANIFEST

            try:
                self.base = str(json.loads((self.root / MANIFEST).read_bytes()).get("base_url") or "").rstrip("/")
            except (OSError, ValueError, AttributeError):
                self.base = None
        self.offline = offline
        self.fetcher = None if offline else (fetch or _urllib_fetch)
        self.failures: dict[str, str] = {}

    def is_local(self, url: str) -> bool:
        return bool(self.base) and url.split("#")[0].startswith(f"{self.base}/")

    def local(self, url: str) -> bytes | None:
        """The bytes of ``url`` from the export folder, or ``None`` when it is not there."""
        if self.root is None or not self.is_local(url):
            return None
        from ..errors import PathOutsideFolder
        from ..paths import inside

        relative = url.split("#")[0][len(f"{self.base}/") :]
        try:
            path = inside(self.root, relative)
            return path.read_bytes() if path.is_file() else None
        except (PathOutsideFolder, OSError):
            return None

    def get(self, url: str) -> bytes | None:
        """The bytes of ``url``, locally or fetched; ``None`` (with the reason in ``failures``) otherwise."""
        if not isinstance(url, str) or not url:
            return None
        found = self.local(url)
        if found is not None or self.is_local(url):
            if found is None:
                self.failures[url] = "missing"
            return found
        if self.fetcher is None:
            self.failures[url] = "offline"
            return None
        try:
            return self.fetcher(url.split("#")[0])
        except Exception as error:  # any network or server failure: "could not fetch"
            self.failures[url] = f"fetch: {error}"
            return None

    def json(self, url: str) -> Any:
        data = self.get(url)
        if data is None:
            return None
        try:
            return json.loads(data)
        except (ValueError, UnicodeDecodeError):
            self.failures[url] = "not JSON"
            return None
        except RecursionError:  # nested past the interpreter's limit: no key, profile or list is
            self.failures[url] = "JSON nested too deep"
            return None

    def unavailable(self, url: str, what_fr: str, what_en: str) -> tuple[str, dict[str, str]]:
        """(consequence, messages) when ``url`` (``what`` it is) could not be had: foreign when offline, not local."""
        why = self.failures.get(url, "")
        if why == "offline":
            if self.root is None:
                return "foreign", _m(f"le document {url} ({what_fr}) ne peut pas être lu hors ligne, et aucun dossier "
                                     "d'export n'a été indiqué", f"{what_en} {url} cannot be read offline, and no export "
                                     "folder was given")  # fmt: skip
            return "foreign", _m(f"le document {url} ({what_fr}) n'est pas dans le dossier d'export {self.root} et ne "
                                 "peut pas être lu hors ligne", f"{what_en} {url} is not in the export folder "
                                 f"{self.root} and cannot be read offline")  # fmt: skip
        if why == "missing":
            return "unverifiable", _m(f"le document {url} ({what_fr}) manque dans le dossier d'export {self.root}",
                                      f"{what_en} {url} is missing from the export folder {self.root}")  # fmt: skip
        return "unverifiable", _m(f"le document {url} ({what_fr}) n'a pas pu être lu ({why or 'introuvable'})",
                                  f"{what_en} {url} could not be read ({why or 'not found'})")  # fmt: skip


def same_key(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two public JWKs are the same key."""
    fields = ("kty", "crv", "x") if a.get("kty") == "OKP" else ("kty", "n", "e")
    return all(a.get(f) == b.get(f) for f in fields)


def jwk_of(document: Any) -> dict[str, str] | None:
    """The public JWK of a key document or of a verification method with ``publicKeyJwk``."""
    if not isinstance(document, dict):
        return None
    if isinstance(document.get("publicKeyJwk"), dict):
        return document["publicKeyJwk"]
    return document if document.get("kty") in ("OKP", "RSA") else None


def same_origin(a: str, b: str) -> bool:
    """Whether two http(s) URLs have the same origin (scheme, host, port), as a browser would judge it.

    >>> same_origin("https://badges.example.org/cvl/ob3/keys/ligue.json", "https://badges.example.org/cvl/ob3/profiles/ligue.json")
    True
    >>> same_origin("https://keys.example.net/ligue.json", "https://badges.example.org/cvl/ob3/profiles/ligue.json")
    False
    """
    from urllib.parse import urlsplit

    def origin(url: str) -> tuple[str, str, int | None] | None:
        try:
            parts = urlsplit(url)
            return (parts.scheme.lower(), (parts.hostname or "").lower(), parts.port) \
                if parts.scheme.lower() in ("http", "https") and parts.hostname else None  # fmt: skip
        except ValueError:
            return None

    return origin(a) is not None and origin(a) == origin(b)

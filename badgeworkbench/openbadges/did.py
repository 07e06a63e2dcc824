"""Issuer identities as DIDs: ``did:key`` (the key is the identity) and ``did:web`` (a DID document on the issuer's site).

A Data Integrity proof names its ``verificationMethod``: a URL ``<did>#<fragment>`` whose DID document
lists the Multikey and allows it to make assertions. ``did:key`` needs nothing published (the DID *is*
the public key) but says nothing about who holds it; ``did:web`` ties the key to a web address: the
DID document is the file ``did.json`` under that address, which the export publishes.

>>> did_web("https://badges.example.org:8443/parcours/issuers/mission-locale")
'did:web:badges.example.org%3A8443:parcours:issuers:mission-locale'
>>> did_web_document_url("did:web:badges.example.org%3A8443:parcours:issuers:mission-locale")
'https://badges.example.org:8443/parcours/issuers/mission-locale/did.json'
>>> did_web_document_url("did:web:example.org")
'https://example.org/.well-known/did.json'
>>> key = "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
>>> did_key(key)
'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK'
>>> verification_method_id(did_key(key))
'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK'
>>> controller, raw = resolve_verification_method(verification_method_id(did_key(key)))
>>> controller == did_key(key), len(raw)
(True, 32)
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from .errors import DidError
from .signing import ed25519_from_multikey

__all__ = [
    "DID_CONTEXTS",
    "did_document",
    "did_key",
    "did_web",
    "did_web_document_url",
    "export_folder_reader",
    "resolve_verification_method",
    "verification_method_id",
]

#: The contexts of a DID document with Multikey verification methods (both shipped in ``specdata``).
DID_CONTEXTS = ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"]

#: Reads the bytes published at a URL, or None when it has none.
UrlReader = Callable[[str], bytes | None]


def did_key(multikey: str) -> str:
    """The ``did:key`` of an Ed25519 Multikey ``z6Mk…``."""
    try:
        ed25519_from_multikey(multikey)
    except ValueError as error:
        raise DidError(f"{multikey!r} is not an Ed25519 Multikey ({error}): a did:key needs one ('z6Mk…').",
                       fr=f"{multikey!r} n’est pas une clé Multikey Ed25519 ({error}) : un did:key en demande une "
                          "(« z6Mk… »).",
                       en=f"{multikey!r} is not an Ed25519 Multikey ({error}): a did:key needs one ('z6Mk…').") from None  # fmt: skip
    return f"did:key:{multikey}"


def did_web(url: str) -> str:
    """The ``did:web`` of an ``https`` address: the host (``:port`` as ``%3A``), then each path segment after ``:``."""
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname or parts.query or parts.fragment:
        raise DidError(f"{url!r} cannot be a did:web: it must be an https:// address without ?query or #fragment.",
                       fr=f"{url!r} ne peut pas devenir un did:web : il faut une adresse https:// sans ?requête ni "
                          "#fragment.",
                       en=f"{url!r} cannot be a did:web: it must be an https:// address without ?query or "
                          "#fragment.")  # fmt: skip
    host = parts.hostname + (f"%3A{parts.port}" if parts.port else "")
    segments = [quote(unquote(segment), safe="") for segment in parts.path.split("/") if segment]
    if segments and segments[-1] == "did.json":
        segments.pop()
    return ":".join(["did:web", host, *segments])


def did_web_document_url(did: str) -> str:
    """Where a ``did:web``'s DID document is published (``/.well-known/did.json`` when it has no path)."""
    if not did.startswith("did:web:") or "#" in did:
        raise DidError(f"{did!r} is not a did:web (did:web:<host>[:<path>…]).",
                       fr=f"{did!r} n’est pas un did:web (did:web:<hôte>[:<chemin>…]).",
                       en=f"{did!r} is not a did:web (did:web:<host>[:<path>…]).")  # fmt: skip
    host, *segments = did.removeprefix("did:web:").split(":")
    path = "/".join(segments) if segments else ".well-known"
    return f"https://{unquote(host)}/{path}/did.json"


def verification_method_id(did: str) -> str:
    """The id of a DID's (single) Multikey: ``<did:key>#<multikey>``, ``<did:web>#key-1``."""
    if did.startswith("did:key:"):
        return f"{did}#{did.removeprefix('did:key:')}"
    return f"{did}#key-1"


def did_document(did: str, multikey: str, *, also_known_as: list[str] | None = None) -> dict[str, Any]:
    """The DID document of ``did`` with one Multikey, allowed to sign credentials (assertionMethod) and to authenticate.

    ``also_known_as``: other identifiers of the same issuer (its OB 3.0 Profile URL), for relying parties.
    """
    method_id = verification_method_id(did)
    return {
        "@context": list(DID_CONTEXTS),
        "id": did,
        **({"alsoKnownAs": list(also_known_as)} if also_known_as else {}),
        "verificationMethod": [
            {"id": method_id, "type": "Multikey", "controller": did, "publicKeyMultibase": multikey}
        ],
        "assertionMethod": [method_id],
        "authentication": [method_id],
    }


def export_folder_reader(folder: str | Path, base_url: str) -> UrlReader:
    """A ``local`` reader for :func:`resolve_verification_method`: URLs under ``base_url`` read from an export ``folder``."""
    root = Path(folder).resolve()
    prefix = base_url.rstrip("/") + "/"

    def read(url: str) -> bytes | None:
        if not url.startswith(prefix):
            return None
        target = (root / unquote(url.removeprefix(prefix))).resolve()
        if not target.is_relative_to(root) or not target.is_file():
            return None
        return target.read_bytes()

    return read


def _refuse(vm_id: str, en: str, fr: str) -> DidError:
    return DidError(f"{vm_id}: {en}", fr=f"{vm_id} : {fr}", en=f"{vm_id}: {en}")


def _web_document(did: str, vm_id: str, local: UrlReader | None, fetch: UrlReader | None) -> dict[str, Any]:
    url = did_web_document_url(did)
    data = local(url) if local is not None else None
    if data is None and fetch is None:
        raise _refuse(vm_id, f"its DID document {url} is not in the local export folder, and reading it needs the "
                             "network: give the export folder, or allow fetching.",
                      f"son document DID {url} n’est pas dans le dossier d’export local, et le lire demande le "
                      "réseau : donnez le dossier d’export, ou autorisez la connexion.")  # fmt: skip
    if data is None and fetch is not None:
        data = fetch(url)
    if data is None:
        raise _refuse(vm_id, f"its DID document {url} cannot be found.", f"son document DID {url} est introuvable.")
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        document = None
    if not isinstance(document, dict) or document.get("id") != did:
        raise _refuse(vm_id, f"{url} is not the DID document of {did} (not JSON, or another 'id').",
                      f"{url} n’est pas le document DID de {did} (pas du JSON, ou un autre « id »).")  # fmt: skip
    return document


def _absolute(did: str, ref: Any) -> Any:
    return f"{did}{ref}" if isinstance(ref, str) and ref.startswith("#") else ref


def resolve_verification_method(
    vm_id: str, *, local: UrlReader | None = None, fetch: UrlReader | None = None
) -> tuple[str, bytes]:
    """The controller DID and raw Ed25519 public key of the verification method ``vm_id``.

    ``did:key`` is decoded here; a ``did:web`` DID document is read through ``local`` (e.g.
    :func:`export_folder_reader`) and only when that has no copy, through ``fetch`` (None: refused,
    saying the network is needed). The method must be a Multikey that its DID document lists under
    ``assertionMethod`` (allowed to issue credentials). :class:`DidError` says what is wrong.
    """
    did, _, fragment = vm_id.partition("#")
    if did.startswith("did:key:"):
        multikey = did.removeprefix("did:key:")
        if fragment and fragment != multikey:
            raise _refuse(vm_id, "a did:key verification method's fragment must be the key itself.",
                          "le fragment d’une méthode de vérification did:key doit être la clé elle-même.")  # fmt: skip
        try:
            return did, ed25519_from_multikey(multikey)
        except ValueError as error:
            raise _refuse(vm_id, f"not an Ed25519 did:key ({error}).",
                          f"ce n’est pas un did:key Ed25519 ({error}).") from None  # fmt: skip
    if not did.startswith("did:web:"):
        raise _refuse(vm_id, "the workbench resolves did:key and did:web verification methods only.",
                      "l’atelier ne sait résoudre que les méthodes de vérification did:key et did:web.")  # fmt: skip
    document = _web_document(did, vm_id, local, fetch)
    methods = [m for m in document.get("verificationMethod") or [] if isinstance(m, dict)]
    method = next((m for m in methods if _absolute(did, m.get("id")) == vm_id), None)
    if method is None:
        raise _refuse(vm_id, f"the DID document of {did} has no such verification method (the key was replaced?).",
                      f"le document DID de {did} n’a pas cette méthode de vérification (clé remplacée ?).")  # fmt: skip
    allowed = {_absolute(did, m.get("id") if isinstance(m, dict) else m) for m in document.get("assertionMethod") or []}
    if vm_id not in allowed:
        raise _refuse(vm_id, f"the DID document of {did} does not allow this key to issue credentials (assertionMethod).",
                      f"le document DID de {did} n’autorise pas cette clé à émettre des badges (assertionMethod).")  # fmt: skip
    if _absolute(did, method.get("controller")) != did:
        raise _refuse(vm_id, f"the key is controlled by {method.get('controller')!r}, not by {did}.",
                      f"la clé est contrôlée par {method.get('controller')!r}, pas par {did}.")  # fmt: skip
    try:
        return did, ed25519_from_multikey(method.get("publicKeyMultibase", ""))
    except ValueError as error:
        raise _refuse(vm_id, f"its key is not an Ed25519 Multikey ({error}).",
                      f"sa clé n’est pas une Multikey Ed25519 ({error}).") from None  # fmt: skip

"""How the export and awarding sign OB 3.0 credentials: which proof (Data Integrity or VC-JWT), which issuer identity.

A :class:`SigningPlan` holds the key (``badgeworkbench keygen``), the proof kind and the DID method:

- ``proof="di"`` (the default): an ``eddsa-rdfc-2022`` Data Integrity proof inside the credential's JSON
  (:mod:`.dataintegrity`), what OB 3.0 wallets and verifiers expect. The credential's ``issuer.id``
  becomes the issuing partner's DID, so that verifiers can tie the key to the issuer:

  - ``did="web"``: ``did:web:<host>:<path>:issuers:<partner>``, one DID per partner, whose DID document
    the export publishes at ``<base>/issuers/<partner>/did.json``. One DID per partner (rather than one
    per export) because the issuer a wallet shows is the partner: a mission locale and an employer
    endorsing a badge are different issuers, even when the same coordinator holds the key today, and
    each can later get its own key by replacing only its own DID document.
  - ``did="key"``: ``did:key:z6Mk…``, the key itself; nothing to publish, but it names no one.

- ``proof="jwt"``: a VC-JWT (``.jwt`` beside the unsigned ``.json``), the issuer staying the partner's
  Profile URL, whose ``verificationMethod`` lists the public key (:mod:`.signing`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .common import ExportUrls, json_bytes
from .dataintegrity import add_proof
from .did import did_document, did_key, did_web, did_web_document_url, verification_method_id
from .errors import SigningKeyError
from .signing import SigningKey, vc_jwt

__all__ = ["DID_METHODS", "PROOFS", "SigningPlan", "unsigned_note"]

PROOFS = ("di", "jwt")
DID_METHODS = ("web", "key")


@dataclass(frozen=True)
class SigningPlan:
    """The key, the proof kind (``di`` or ``jwt``) and, for Data Integrity, the DID method (``web`` or ``key``)."""

    key: SigningKey
    proof: str = "di"
    did: str = "web"

    def __post_init__(self) -> None:
        if self.proof not in PROOFS:
            raise SigningKeyError(f"Unknown proof kind {self.proof!r}: choose di (Data Integrity) or jwt (VC-JWT).")
        if self.did not in DID_METHODS:
            raise SigningKeyError(f"Unknown DID method {self.did!r}: choose web (did:web) or key (did:key).")
        if self.proof == "di" and self.key.algorithm != "EdDSA":
            raise SigningKeyError(
                f"{self.key.path} is an RSA key: Data Integrity proofs (eddsa-rdfc-2022) need an Ed25519 key. "
                "Make one with 'badgeworkbench keygen KEYFILE', or sign as VC-JWT with --proof jwt."
            )

    def issuer_did(self, urls: ExportUrls, partner: str) -> str | None:
        """The DID that issues the partner's credentials (None for VC-JWT, whose issuer is the Profile URL)."""
        if self.proof != "di":
            return None
        if self.did == "key":
            assert self.key.multikey is not None
            return did_key(self.key.multikey)
        if not urls.base.startswith("https://"):
            raise SigningKeyError(
                f"did:web needs an https:// base URL, not {urls.base}: give the https address where the export "
                "will be published, or use --did key."
            )
        return did_web(urls.url(f"issuers/{partner}"))

    def sign(self, credential: dict[str, Any], urls: ExportUrls, partner: str) -> tuple[str, bytes]:
        """The signed credential's file extension (``json`` or ``jwt``) and bytes; its issuer is ``partner``."""
        if self.proof == "jwt":
            token = vc_jwt(json.loads(json_bytes(credential)), self.key, kid=urls.ob3_key(partner))
            return "jwt", token.encode("ascii") + b"\n"
        did = self.issuer_did(urls, partner)
        assert did is not None
        issuer = credential.get("issuer")
        document = {**credential, "issuer": {**issuer, "id": did} if isinstance(issuer, dict) else did}
        signed = add_proof(json.loads(json_bytes(document)), self.key,
                           verification_method=verification_method_id(did), created=credential.get("validFrom"))  # fmt: skip
        return "json", json_bytes(signed)

    def did_files(self, urls: ExportUrls, partners: list[str]) -> dict[str, bytes]:
        """The DID documents to publish (did:web only): ``issuers/<partner>/did.json`` for each partner."""
        if self.proof != "di" or self.did != "web":
            return {}
        files = {}
        for partner in sorted(set(partners)):
            did = self.issuer_did(urls, partner)
            assert did is not None and self.key.multikey is not None
            files[urls.path(did_web_document_url(did))] = json_bytes(did_document(did, self.key.multikey))
        return files


def unsigned_note(count: int, kind: tuple[str, str]) -> dict[str, str]:
    """What an export report says of ``count`` credentials of ``kind`` (fr, en plural nouns) left unsigned."""
    fr, en = kind
    return {
        "fr": f"Les {count} {fr} sont publiées sans signature : personne ne peut vérifier qui les a émises. Donnez "
              f"une clé (--sign-key CLÉ, créée par « badgeworkbench keygen ») pour signer les {count} {fr}.",
        "en": f"The {count} {en} are published unsigned: nobody can check who issued them. Give --sign-key KEY "
              f"(made by 'badgeworkbench keygen') to sign the {count} {en}.",
    }  # fmt: skip

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
  Profile URL; the public key is the JWK at the token's ``kid``, ``ob3/keys/<partner>.json``, on the
  Profile's origin (:mod:`.signing`), which is what ties it to the issuer.

Keys live only where a defined vocabulary holds them (DID documents, JWK files): the Profiles stay plain
OB 3.0 Profiles, because neither the VC 2.0 nor the OB 3.0 context defines ``verificationMethod`` and a
JSON-LD verifier in safe mode refuses a Profile that carries it.
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
#: Defines the 1EdTech types that the OB 3.0 context leaves undefined (``credentialSchema``'s
#: ``1EdTechJsonSchemaValidator2019``, ``1EdTechRevocationList``…), as the OB 3.0 examples add it.
OB3_EXTENSIONS_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
_EXTENSION_TYPES = ("1EdTechJsonSchemaValidator2019", "1EdTechRevocationList", "1EdTechCredentialRefresh")
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

    def check_base(self, urls: ExportUrls) -> None:
        """Refuse, before any work, a base URL the DID method cannot use (did:web needs https)."""
        self.issuer_did(urls, "partner")

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
        document["@context"] = _contexts_for(document)
        signed = add_proof(json.loads(json_bytes(document)), self.key,
                           verification_method=verification_method_id(did), created=credential.get("validFrom"))  # fmt: skip
        return "json", json_bytes(signed)

    def did_files(self, urls: ExportUrls, partners: list[str]) -> dict[str, bytes]:
        """The DID documents to publish (did:web only): ``issuers/<partner>/did.json`` for each partner, naming the
        partner's OB 3.0 Profile URL in ``alsoKnownAs``; for VC-JWT, the public JWK each token's ``kid`` names,
        ``ob3/keys/<partner>.json`` (the same bytes awarding writes), without which no endorsement could be checked."""
        if self.proof == "jwt":
            return {
                urls.path(kid): json_bytes({"id": kid, **self.key.public_jwk, "alg": self.key.algorithm, "use": "sig"})
                for partner in sorted(set(partners))
                if (kid := urls.ob3_key(partner))
            }
        if self.proof != "di" or self.did != "web":
            return {}
        files = {}
        for partner in sorted(set(partners)):
            did = self.issuer_did(urls, partner)
            assert did is not None and self.key.multikey is not None
            document = did_document(did, self.key.multikey, also_known_as=[urls.ob3_profile(partner)])
            files[urls.path(did_web_document_url(did))] = json_bytes(document)
        return files


def _contexts_for(credential: dict[str, Any]) -> list[Any]:
    """The credential's ``@context``, plus the OB 3.0 extensions context when it uses one of its types.

    A Data Integrity proof signs the JSON-LD meaning: a type no context defines would be left out of
    it (and is refused by :func:`~.jsonld.canonical_nquads` and by the reference verifiers).
    """
    contexts = list(credential.get("@context") or [])
    text = json.dumps(credential, ensure_ascii=False)
    if OB3_EXTENSIONS_CONTEXT not in contexts and any(f'"{name}"' in text for name in _EXTENSION_TYPES):
        contexts.append(OB3_EXTENSIONS_CONTEXT)
    return contexts


def unsigned_note(count: int, kind: tuple[str, str], type_name: str) -> dict[str, str]:
    """What an export report says of ``count`` credentials of ``kind`` (fr, en plural nouns) left unsigned.

    >>> unsigned_note(50, ("approbations", "endorsements"), "EndorsementCredential")["en"]
    "The 50 endorsements (EndorsementCredential) are published unsigned, so nobody can check who issued them: give --sign-key KEY to sign the 50 endorsements (a key made by 'badgeworkbench keygen')."
    """
    fr, en = kind
    return {
        "fr": f"Les {count} {fr} ({type_name}) sont publiées sans signature, personne ne peut donc vérifier qui les a "
              f"émises : donnez --sign-key CLÉ pour signer les {count} {fr} (une clé créée par "
              "« badgeworkbench keygen »).",
        "en": f"The {count} {en} ({type_name}) are published unsigned, so nobody can check who issued them: give "
              f"--sign-key KEY to sign the {count} {en} (a key made by 'badgeworkbench keygen').",
    }  # fmt: skip

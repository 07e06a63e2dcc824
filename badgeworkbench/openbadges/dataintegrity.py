"""Data Integrity proofs with the ``eddsa-rdfc-2022`` cryptosuite, as Open Badges 3.0 wallets expect.

W3C "Data Integrity EdDSA Cryptosuites v1.0", §3.2 (``eddsa-rdfc-2022``): the document without its
``proof`` and the proof's configuration (the proof without ``proofValue``, under the document's
``@context``) are each canonicalised to RDFC-1.0 N-Quads (:func:`~.jsonld.canonical_nquads`, contexts
resolved offline) and hashed with SHA-256; the Ed25519 signature of the two hashes, proof config's
first, is the ``proofValue``, multibase base58btc (``z…``). Because the RDF meaning is signed, not the
bytes, the credential stays plain JSON (a ``.json`` file) that any JSON-LD tool can re-indent.

>>> import tempfile, pathlib
>>> from .signing import generate_key, load_signing_key
>>> key = load_signing_key(generate_key(pathlib.Path(tempfile.mkdtemp()) / "k.key"))
>>> credential = {
...     "@context": ["https://www.w3.org/ns/credentials/v2"],
...     "type": ["VerifiableCredential"], "issuer": "did:example:issuer",
...     "credentialSubject": {"id": "did:example:learner"},
... }
>>> signed = add_proof(credential, key, verification_method="did:example:issuer#key-1",
...                    created="2026-01-01T00:00:00Z")
>>> signed["proof"][0]["cryptosuite"], signed["proof"][0]["proofValue"][0], "proof" in credential
('eddsa-rdfc-2022', 'z', False)
>>> verify_proof(signed, key.multikey)
>>> proof_verification_method(signed)
'did:example:issuer#key-1'
>>> verify_proof({**signed, "issuer": "did:example:someone-else"}, key.multikey)
Traceback (most recent call last):
...
badgeworkbench.openbadges.errors.ProofError: The Data Integrity proof does not match: the credential was changed after it was signed, or it was signed with another key than did:example:issuer#key-1's.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ed25519

from .errors import ProofError
from .jsonld import canonical_nquads
from .signing import SigningKey, base58btc, base58btc_decode, ed25519_from_multikey

__all__ = [
    "CRYPTOSUITE",
    "PROOF_TYPE",
    "add_proof",
    "find_proof",
    "proof_verification_method",
    "verify_proof",
]

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _hash_data(document: dict[str, Any], proof_config: dict[str, Any]) -> bytes:
    """sha256(canonical proof config) + sha256(canonical document without proof): what Ed25519 signs."""
    unsigned = {name: value for name, value in document.items() if name != "proof"}
    config = {"@context": document.get("@context"), **proof_config}
    return (
        hashlib.sha256(canonical_nquads(config).encode("utf-8")).digest()
        + hashlib.sha256(canonical_nquads(unsigned).encode("utf-8")).digest()
    )


def add_proof(
    document: dict[str, Any],
    key: SigningKey,
    *,
    verification_method: str,
    created: str | None = None,
    proof_purpose: str = "assertionMethod",
) -> dict[str, Any]:
    """A copy of ``document`` with ``proof: [ <an eddsa-rdfc-2022 DataIntegrityProof signed by key> ]`` (Ed25519).

    ``verification_method`` is the id of the Multikey that verifiers will resolve (a ``did:web`` or
    ``did:key`` URL with its fragment); ``created`` defaults to now (UTC, to the second). An existing
    proof is replaced: a document carries one proof of ours.
    """
    if key.algorithm != "EdDSA":
        raise ProofError(
            "key",
            f"{key.path} is an RSA key, but an eddsa-rdfc-2022 Data Integrity proof needs an Ed25519 key: make one "
            "with 'badgeworkbench keygen KEYFILE', or sign as VC-JWT (--proof jwt).",
            f"{key.path} est une clé RSA, or une preuve Data Integrity eddsa-rdfc-2022 demande une clé Ed25519 : "
            "créez-en une avec « badgeworkbench keygen FICHIER », ou signez en VC-JWT (--proof jwt).",
        )
    if not isinstance(document.get("@context"), (list, str)):
        raise ProofError(
            "context",
            "The document has no @context: a Data Integrity proof signs its JSON-LD meaning, so it needs one.",
            "Le document n’a pas de @context : une preuve Data Integrity signe son sens JSON-LD, il lui en faut un.",
        )
    proof_config: dict[str, Any] = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": created or _now(),
        "verificationMethod": verification_method,
        "proofPurpose": proof_purpose,
    }
    unsigned = {name: copy.deepcopy(value) for name, value in document.items() if name != "proof"}
    signature = key.private_key.sign(_hash_data(unsigned, proof_config))
    # a list, as the OB 3.0 schema wants it (the JSON-LD meaning is the same as a single object's)
    return {**unsigned, "proof": [{**proof_config, "proofValue": "z" + base58btc(signature)}]}


def _our_proofs(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Every ``eddsa-rdfc-2022`` proof of the document (a proof set may hold several); :class:`ProofError` if none."""
    proofs = document.get("proof")
    if proofs is None:
        raise ProofError(
            "no-proof",
            "The credential has no proof: it is not signed, so nobody can check who issued it.",
            "Le badge n’a pas de preuve : il n’est pas signé, personne ne peut donc vérifier qui l’a émis.",
        )
    candidates = proofs if isinstance(proofs, list) else [proofs]
    ours = [p for p in candidates if isinstance(p, dict) and p.get("cryptosuite") == CRYPTOSUITE]
    if not ours:
        found = ", ".join(
            sorted({str(p.get("cryptosuite") or p.get("type")) for p in candidates if isinstance(p, dict)})
        )
        raise ProofError(
            "cryptosuite",
            f"The credential's proof is of another kind ({found or 'unreadable'}): the workbench checks "
            f"{PROOF_TYPE} proofs with the {CRYPTOSUITE} cryptosuite.",
            f"La preuve du badge est d’un autre type ({found or 'illisible'}) : l’atelier vérifie les preuves "
            f"{PROOF_TYPE} de la suite {CRYPTOSUITE}.",
        )
    for proof in ours:
        if proof.get("type") != PROOF_TYPE:
            raise ProofError(
                "cryptosuite",
                f"The credential's proof says cryptosuite {CRYPTOSUITE} but has type {proof.get('type')!r} "
                f"instead of {PROOF_TYPE}.",
                f"La preuve du badge annonce la suite {CRYPTOSUITE} mais son type est {proof.get('type')!r} "
                f"au lieu de {PROOF_TYPE}.",
            )
    return ours


def find_proof(document: dict[str, Any]) -> dict[str, Any]:
    """The document's (first) ``eddsa-rdfc-2022`` proof; :class:`ProofError` says why there is none to check."""
    return _our_proofs(document)[0]


def proof_verification_method(document: dict[str, Any]) -> str | None:
    """The ``verificationMethod`` of the document's ``eddsa-rdfc-2022`` proof, or None when there is none."""
    try:
        method = find_proof(document).get("verificationMethod")
    except ProofError:
        return None
    return method if isinstance(method, str) else None


def _public_key(public_key: bytes | str) -> ed25519.Ed25519PublicKey:
    try:
        raw = ed25519_from_multikey(public_key) if isinstance(public_key, str) else bytes(public_key)
        return ed25519.Ed25519PublicKey.from_public_bytes(raw)
    except ValueError as error:
        raise ProofError(
            "key",
            f"The public key given to check the proof is not an Ed25519 key ({error}).",
            f"La clé publique donnée pour vérifier la preuve n’est pas une clé Ed25519 ({error}).",
        ) from None


def verify_proof(document: dict[str, Any], public_key: bytes | str) -> None:
    """Check the document's ``eddsa-rdfc-2022`` proof against ``public_key`` (raw 32 bytes or Multikey ``z6Mk…``).

    Returns None when the signature matches; raises :class:`ProofError` whose sentence says why not.
    Which key belongs to the issuer is the caller's business
    (:func:`~badgeworkbench.openbadges.did.resolve_verification_method`).
    """
    proofs = _our_proofs(document)
    key = _public_key(public_key)
    for proof in proofs[:-1]:  # a proof set: the key may have made any of them
        try:
            _verify_one(document, proof, key)
            return
        except ProofError:
            continue
    _verify_one(document, proofs[-1], key)


def _verify_one(document: dict[str, Any], proof: dict[str, Any], key: ed25519.Ed25519PublicKey) -> None:
    method = proof.get("verificationMethod")
    value = proof.get("proofValue")
    if not isinstance(value, str) or not value.startswith("z") or not isinstance(method, str):
        raise ProofError(
            "malformed",
            "The credential's proof is malformed: its proofValue must be multibase base58btc ('z…') and it must "
            "name its verificationMethod.",
            "La preuve du badge est mal formée : son proofValue doit être en multibase base58btc (« z… ») et elle "
            "doit nommer sa verificationMethod.",
        )
    try:
        signature = base58btc_decode(value[1:])
    except ValueError:
        signature = b""
    if len(signature) != 64:
        raise ProofError(
            "malformed",
            "The credential's proofValue is not a 64-byte Ed25519 signature in base58btc.",
            "Le proofValue du badge n’est pas une signature Ed25519 de 64 octets en base58btc.",
        )
    proof_config = {name: value for name, value in proof.items() if name not in ("proofValue", "@context")}
    try:
        key.verify(signature, _hash_data(document, proof_config))
    except InvalidSignature:
        raise ProofError(
            "signature",
            "The Data Integrity proof does not match: the credential was changed after it was signed, or it was "
            f"signed with another key than {method}'s.",
            "La preuve Data Integrity ne correspond pas : le badge a été modifié après sa signature, ou il a été "
            f"signé avec une autre clé que celle de {method}.",
        ) from None

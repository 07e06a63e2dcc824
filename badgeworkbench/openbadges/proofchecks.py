"""The signature rules of ``check-export``: unsigned credentials, and proofs that do not verify.

A verifiable credential nobody can verify is a claim, not a credential (VC Data Model 2.0 §4.12
"Securing Mechanisms"): an ``OpenBadgeCredential``, ``AchievementCredential`` or
``EndorsementCredential`` published as JSON must carry a ``proof`` (Data Integrity) or have a VC-JWT
beside it (the same name ending ``.jwt``, VC-JOSE-COSE). When it has neither:

* ``unsigned`` — a **warning** when other credentials of the same folder are signed (this one was
  missed), an **info** when nothing in the folder is signed (the export or awards were made without
  a signing key: the message says so, and that ``--sign-key KEY`` signs them).

An EndorsementCredential embedded in another document (an Achievement's ``endorsement``) must be
signed as well (OB 3.0: embedded endorsements are "signed with a Data Integrity proof"; VC-JWT ones go
to ``endorsementJwt``): the same ``unsigned`` rule applies to it, named by its path.

Every proof found is verified offline, with the keys the folder publishes:

* ``proof-invalid`` (error): a Data Integrity proof (``eddsa-rdfc-2022``) or a VC-JWT whose signature
  does not match the document, or that cannot be checked as written (unknown cryptosuite, malformed);
* ``proof-key-not-found`` (warning): the verification method (``kid`` or ``verificationMethod``) is
  neither in the folder nor a ``did:key``, so the signature could not be checked offline.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..report import Problem, Severity
from .dataintegrity import find_proof, proof_verification_method, verify_proof
from .did import did_web_document_url, resolve_verification_method
from .errors import DidError, ProofError

__all__ = ["CREDENTIAL_KINDS", "embedded_problems", "folder_is_signed", "jwt_problems", "unsigned_or_proof_problems"]

#: The document kinds (:func:`~badgeworkbench.openbadges.checking.classify`) that must be signed.
CREDENTIAL_KINDS = ("ob3-credential", "ob3-endorsement")

Local = Callable[[str], "bytes | None"]


def _p(code: str, severity: Severity, en: str, fr: str, file: str, field: str | None = None) -> Problem:
    return Problem(code, severity, {"fr": fr, "en": en}, file=file, field=field)


def folder_is_signed(root: Path) -> bool:
    """Whether anything in the folder is signed: a VC-JWT, or a credential JSON with a ``proof``."""
    if any(root.glob("ob3/**/*.jwt")):
        return True
    for path in root.glob("ob3/**/*.json"):
        try:
            if b'"proof"' in path.read_bytes() and "proof" in json.loads(path.read_bytes()):
                return True
        except (OSError, ValueError):
            continue
    return False


def _credential_name(doc: dict[str, Any]) -> str:
    types = doc.get("type")
    names = [t for t in (types if isinstance(types, list) else [types]) if t != "VerifiableCredential"]
    return str(names[0]) if names else "credential"


def unsigned_or_proof_problems(doc: dict[str, Any], path: Path, rel: str, *, signed_folder: bool,
                               local: Local) -> Iterator[Problem]:  # fmt: skip
    """The signature problems of the credential JSON ``doc`` read from ``path`` (``rel`` in the folder)."""
    if "proof" in doc:
        yield from _data_integrity_problems(doc, rel, local)
        return
    if path.with_suffix(".jwt").is_file():
        return  # its VC-JWT is checked on its own
    name = _credential_name(doc)
    if signed_folder:
        yield _p("unsigned", Severity.WARNING,
                 f"this {name} has no proof and no VC-JWT beside it, although other credentials of the folder are "
                 "signed: nobody can verify who issued it; sign it again with the issuer's key.",
                 f"cette attestation ({name}) n'a ni preuve ni VC-JWT à côté, alors que d'autres attestations du "
                 "dossier sont signées : personne ne peut vérifier qui l'a émise ; signez-la avec la clé de l'émetteur.",
                 rel, "proof")  # fmt: skip
    else:
        yield _p("unsigned", Severity.INFO,
                 f"this {name} is unsigned: the folder was made without a signing key, so no verifier can check who "
                 "issued it; give --sign-key KEY to export or award to sign it.",
                 f"cette attestation ({name}) n'est pas signée : le dossier a été fait sans clé de signature, aucun "
                 "vérificateur ne peut donc contrôler qui l'a émise ; ajoutez --sign-key CLÉ à l'export ou à "
                 "l'attribution pour la signer.",
                 rel, "proof")  # fmt: skip


def _embedded_credentials(value: Any, path: str) -> Iterator[tuple[dict[str, Any], str]]:
    """The EndorsementCredentials embedded in a document (an Achievement's or Profile's ``endorsement``), by path."""
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else key
            if key == "endorsement" and isinstance(item, list):
                for i, embedded in enumerate(item):
                    if isinstance(embedded, dict):
                        yield embedded, f"{where}[{i}]"
            yield from _embedded_credentials(item, where)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _embedded_credentials(item, f"{path}[{i}]")


def embedded_problems(doc: dict[str, Any], rel: str, *, signed_folder: bool, local: Local) -> Iterator[Problem]:
    """An EndorsementCredential embedded in a document must be signed too (OB 3.0 Achievement ``endorsement``:
    "signed with a Data Integrity proof"; a VC-JWT one belongs in ``endorsementJwt``): its proof is verified,
    and one without is ``unsigned`` (warning in a signed folder, info otherwise), named by its path."""
    for embedded, where in _embedded_credentials(doc, ""):
        if "proof" in embedded:
            for problem in _data_integrity_problems(embedded, rel, local):
                yield Problem(problem.code, problem.severity, problem.message, file=rel, field=where)
            continue
        severity = Severity.WARNING if signed_folder else Severity.INFO
        why_en = (
            "although the folder is signed"
            if signed_folder
            else "the folder was made without a signing key (give --sign-key KEY to export to sign it)"
        )
        why_fr = (
            "alors que le dossier est signé"
            if signed_folder
            else "le dossier a été fait sans clé de signature (ajoutez --sign-key CLÉ à l'export pour la signer)"
        )
        yield _p("unsigned", severity,
                 f"the EndorsementCredential embedded at {where} has no proof, {why_en}: an embedded endorsement "
                 "must be signed, or given as endorsementJwt.",
                 f"l'approbation (EndorsementCredential) intégrée en {where} n'a pas de preuve, {why_fr} : une "
                 "approbation intégrée doit être signée, ou donnée en endorsementJwt.", rel, where)  # fmt: skip


def _invalid(reason_en: str, reason_fr: str, rel: str, field: str) -> Problem:
    return _p("proof-invalid", Severity.ERROR, f"the signature does not verify: {reason_en}.",
              f"la signature ne se vérifie pas : {reason_fr}.", rel, field)  # fmt: skip


def _key_not_found(method: str, rel: str, field: str) -> Problem:
    return _p("proof-key-not-found", Severity.WARNING,
              f"the key {method} is neither published in this folder nor a did:key: the signature was not checked.",
              f"la clé {method} n'est ni publiée dans ce dossier ni une did:key : la signature n'a pas été vérifiée.",
              rel, field)  # fmt: skip


def _published_here(method: str, local: Local) -> bool:
    """Whether the key ``method`` can be read offline: a did:key, or a DID document / key file in the folder."""
    if method.startswith("did:key:"):
        return True
    if method.startswith("did:web:"):
        try:
            return local(did_web_document_url(method.partition("#")[0])) is not None
        except DidError:
            return True  # a malformed did:web: resolving it says why, as an invalid proof
    return local(method.partition("#")[0]) is not None


def _data_integrity_problems(doc: dict[str, Any], rel: str, local: Local) -> Iterator[Problem]:
    try:
        find_proof(doc)
    except ProofError as error:  # another proof type or cryptosuite, or a malformed proof: say which
        yield _p("proof-invalid", Severity.ERROR, error.text("en"), error.text("fr"), rel, "proof")
        return
    method = proof_verification_method(doc)
    if not method:
        yield _invalid("the proof names no verificationMethod", "la preuve ne nomme aucune verificationMethod",
                       rel, "proof.verificationMethod")  # fmt: skip
        return
    if not _published_here(method, local):
        yield _key_not_found(method, rel, "proof.verificationMethod")
        return
    try:
        _controller, public_key = resolve_verification_method(method, local=local)
        verify_proof(doc, public_key)
    except ProofError as error:  # its sentence says why (changed after signing, another key…)
        yield _p("proof-invalid", Severity.ERROR, error.text("en"), error.text("fr"), rel, "proof")
    except DidError as error:
        yield _p("proof-invalid", Severity.ERROR, f"the proof's key cannot be used: {error.text('en')}",
                 f"la clé de la preuve est inutilisable : {error.text('fr')}", rel, "proof.verificationMethod")  # fmt: skip


def _jwk_for(kid: str, header: dict[str, Any], local: Local) -> dict[str, Any] | None:
    """The public JWK a VC-JWT names: its ``kid`` published in the folder (a JWK file, a DID document), or a did:key."""
    if kid.startswith("did:"):
        try:
            _controller, raw = resolve_verification_method(kid, local=local)
        except DidError:
            return None
        return {"kty": "OKP", "crv": "Ed25519", "x": base64.urlsafe_b64encode(raw).rstrip(b"=").decode()}
    data = local(kid) if kid else None
    if data is not None:
        try:
            value = json.loads(data)
        except ValueError:
            return None
        return value if isinstance(value, dict) and "kty" in value else None  # a JWK file (Profiles hold no keys)
    jwk = header.get("jwk")
    return jwk if isinstance(jwk, dict) and "kty" in jwk else None


def jwt_problems(token: str, header: dict[str, Any], rel: str, local: Local) -> Iterator[Problem]:
    """``proof-invalid`` when the VC-JWT's signature does not match its key, ``proof-key-not-found`` without one."""
    from .signing import verify_jws

    header = header if isinstance(header, dict) else {}
    kid = str(header.get("kid") or "")
    jwk = _jwk_for(kid, header, local)
    if jwk is None:
        yield _key_not_found(kid or "(no kid)", rel, "kid")
        return
    try:
        verify_jws(token, jwk)
    except (ValueError, KeyError, TypeError) as error:
        yield _p("proof-invalid", Severity.ERROR, f"the VC-JWT signature does not verify: {error}.",
                 f"la signature du VC-JWT ne se vérifie pas : {error}.", rel, "signature")  # fmt: skip

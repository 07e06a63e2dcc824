"""The relying party's checks of an OB 2.0 Assertion, hosted or signed (see :mod:`.verify` for the verdict).

Hosted (OB 2.0 § Verification, ``HostedBadge``): the assertion is fetched at its ``id`` — from the local
export folder when it is there — and must be the same as the copy given, served from its issuer Profile's
origin (or one of its ``allowedOrigins``); the hosted copy says whether it is ``revoked``.

Signed (``SignedBadge``): the badge is a compact JWS (RS256) of the assertion; the key is the
``CryptographicKey`` named by ``verification.creator``, which the issuer must own (its ``owner``, and
the Profile's ``publicKey``); revocation is read from the issuer's ``revocationList``.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from .common import origin
from .verify import (
    Meaning,
    _check_dates,
    _check_identity,
    _check_schema,
    _competencies,
    _issuer_name,
    _obj,
    _Run,
)

__all__ = ["verify_assertion"]

_REVOCATION_KEYS = ("revoked", "revocationReason")


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [] if value is None else [value]


def _check_hosted(run: _Run, assertion: dict[str, Any], issuer: dict[str, Any], issuer_ref: Any) -> dict | None:
    """The hosted copy (``None`` when it could not be had), after comparing it with ``assertion``."""
    assertion_id = str(assertion.get("id", ""))
    hosted = run.sources.json(assertion_id)
    if not isinstance(hosted, dict):
        run.unavailable("hosted", assertion_id, "la copie hébergée par l'émetteur", "the copy the issuer hosts")
        return None
    bare = {k: v for k, v in hosted.items() if k not in _REVOCATION_KEYS}
    given = {k: v for k, v in assertion.items() if k not in _REVOCATION_KEYS}
    if bare != given:
        changed = sorted(k for k in set(bare) | set(given) if bare.get(k) != given.get(k))
        run.failed("hosted", "tampered", f"il diffère de la copie hébergée par l'émetteur ({', '.join(changed)})",
                   f"it differs from the copy the issuer hosts ({', '.join(changed)})")  # fmt: skip
    else:
        run.ok("hosted", "identique à la copie hébergée par l'émetteur", "identical to the copy the issuer hosts")
    allowed = {origin(str(issuer.get("id") or issuer_ref or ""))}
    origins = _obj(issuer.get("verification")).get("allowedOrigins", [])
    allowed |= {o.lower() if "://" in o else f"https://{o}".lower() for o in _as_list(origins) if isinstance(o, str)}
    listed = ", ".join(sorted(allowed))
    if issuer and origin(assertion_id) in allowed:
        run.ok("issuer-key", "hébergé sur le site de l'émetteur", "hosted on the issuer's site")
    elif issuer:
        run.failed("issuer-key", "tampered", f"hébergé sur {origin(assertion_id)}, pas sur le site de l'émetteur "
                   f"({listed})", f"hosted on {origin(assertion_id)}, not on the issuer's site ({listed})")  # fmt: skip
    elif not issuer_ref and isinstance(assertion.get("badge"), str):  # the BadgeClass naming the issuer is missing
        run.unavailable("issuer-key", assertion["badge"], "la définition du badge (BadgeClass), qui nomme l'émetteur",
                        "the badge definition (BadgeClass), which names the issuer")  # fmt: skip
    else:
        run.unavailable("issuer-key", str(issuer_ref or ""), "le profil de l'émetteur", "the issuer's profile")
    return hosted


def _check_signed(run: _Run, token: str | None, assertion: dict[str, Any], issuer: dict[str, Any]) -> None:
    """The JWS signature with the ``creator`` key, and that the key is the issuer's."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding, rsa

    if token is None:
        run.failed("proof", "unverifiable", "une assertion signée doit être donnée sous forme de JWS (la signature "
                   "manque)", "a signed assertion must be given as its JWS (the signature is missing)")  # fmt: skip
        return
    issuer_keys = [str(k.get("id") if isinstance(k, dict) else k) for k in _as_list(issuer.get("publicKey"))]
    creator = str(_obj(assertion.get("verification")).get("creator") or (issuer_keys[0] if issuer_keys else ""))
    key_document = _obj(run.sources.json(creator)) if creator else None
    if not key_document:
        run.unavailable("proof", creator or str(issuer.get("id") or ""), "la clé de l'émetteur", "the issuer's key")
        return
    try:
        public_key = serialization.load_pem_public_key(str(key_document.get("publicKeyPem", "")).encode())
        head, body, signature = token.strip().split(".")
        header = json.loads(base64.urlsafe_b64decode(head + "=" * (-len(head) % 4)))
        if header.get("alg") != "RS256" or not isinstance(public_key, rsa.RSAPublicKey):
            raise ValueError(f"algorithm {header.get('alg')!r} with this key is not OB 2.0's RS256")
        public_key.verify(base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4)),
                          f"{head}.{body}".encode("ascii"), padding.PKCS1v15(), hashes.SHA256())  # fmt: skip
    except InvalidSignature:
        run.failed("proof", "tampered", "la signature ne correspond pas au contenu",
                   "the signature does not match the content")  # fmt: skip
        return
    except (ValueError, TypeError, AttributeError) as error:
        run.failed("proof", "unverifiable", f"la signature ne peut pas être vérifiée ({error})",
                   f"the signature cannot be checked ({error})")  # fmt: skip
        return
    run.ok("proof", "signature OB 2.0 (RS256) valide", "valid OB 2.0 signature (RS256)")
    issuer_id = str(issuer.get("id") or "")
    if key_document.get("owner") == issuer_id and creator in issuer_keys:
        run.ok("issuer-key", "la clé de signature appartient à l'émetteur", "the signing key belongs to the issuer")
    else:
        run.failed("issuer-key", "tampered", f"la clé {creator} n'est pas une clé publiée par l'émetteur {issuer_id}",
                   f"the key {creator} is not one the issuer {issuer_id} publishes")  # fmt: skip


def _check_revocation_list(run: _Run, assertion: dict[str, Any], issuer: dict[str, Any], issuer_name: str) -> None:
    url = str(issuer.get("revocationList") or "")
    if not url:
        run.ok("status", "l'émetteur ne publie pas de liste de révocation", "the issuer publishes no revocation list")
        return
    listing = run.sources.json(url)
    if not isinstance(listing, dict):
        run.unavailable("status", url, "la liste de révocation", "the revocation list")
        return
    ids = {str(assertion.get("id", "")), str(assertion.get("uid", ""))} - {""}
    for entry in _as_list(listing.get("revokedAssertions")):
        entry_id = entry.get("id") or entry.get("uid") if isinstance(entry, dict) else entry
        if entry_id in ids:
            reason = str(entry.get("revocationReason") or "") if isinstance(entry, dict) else ""
            run.failed("status", "revoked", f"révoqué par {issuer_name}" + (f" (motif : {reason})" if reason else ""),
                       f"revoked by {issuer_name}" + (f" (reason: {reason})" if reason else ""))  # fmt: skip
            return
    run.ok("status", "non révoqué (liste de révocation de l'émetteur)", "not revoked (the issuer's revocation list)")


def verify_assertion(run: _Run, assertion: dict[str, Any], token: str | None, image: bytes | None) -> Meaning:
    """Check an OB 2.0 Assertion (``token``: the JWS it came in, if any) into ``run``; what it says."""
    badge = assertion.get("badge")
    badge_class = badge if isinstance(badge, dict) else _obj(run.sources.json(str(badge or "")))
    issuer_ref = badge_class.get("issuer")
    issuer = issuer_ref if isinstance(issuer_ref, dict) else _obj(run.sources.json(str(issuer_ref or "")))
    issuer_name = str(issuer.get("name") or issuer.get("url") or issuer_ref or "")
    kind = str(_obj(assertion.get("verification")).get("type") or "HostedBadge")
    hosted = None
    if kind.lower() in ("signedbadge", "signed"):
        _check_signed(run, token, assertion, issuer)
    else:
        hosted = _check_hosted(run, assertion, issuer, issuer_ref)
    _check_dates(run, assertion.get("issuedOn"), assertion.get("expires"), "issuedOn", "expires")
    if kind.lower() in ("signedbadge", "signed"):
        _check_revocation_list(run, assertion, issuer, issuer_name)
    elif hosted is not None and hosted.get("revoked") is True:
        reason = str(hosted.get("revocationReason") or "")
        run.failed("status", "revoked", f"révoqué par {issuer_name}" + (f" (motif : {reason})" if reason else ""),
                   f"revoked by {issuer_name}" + (f" (reason: {reason})" if reason else ""))  # fmt: skip
    elif hosted is not None:
        run.ok("status", "non révoqué (copie hébergée)", "not revoked (hosted copy)")
    else:
        run.not_checked("status", "révocation non vérifiée : la copie hébergée n'a pas pu être lue",
                        "revocation not checked: the hosted copy could not be read")  # fmt: skip
    _check_schema(run, assertion, "ob2")
    recipient = _obj(assertion.get("recipient"))
    identity = str(recipient.get("identity") or "")
    matches = _check_identity(run, bool(recipient.get("hashed")), identity, str(recipient.get("salt") or ""))
    criteria = badge_class.get("criteria")
    criteria_text = (criteria.get("narrative") or criteria.get("id") or "") if isinstance(criteria, dict) else criteria
    endorsers = []
    for url in _as_list(badge_class.get("endorsement")):
        endorsement = url if isinstance(url, dict) else run.sources.json(str(url))
        if isinstance(endorsement, dict):
            name, _ = _issuer_name(run, endorsement.get("issuer"))
            comment = _obj(endorsement.get("claim")).get("endorsementComment", "")
            endorsers.append({"name": name, "comment": str(comment), "signed": "no"})
    picture = image if image is not None else run.sources.local(str(badge_class.get("image") or ""))
    return Meaning(
        badge_name=str(badge_class.get("name") or ""), description=str(badge_class.get("description") or ""),
        criteria=str(criteria_text or ""), issuer_name=issuer_name,
        issuer_url=str(issuer.get("url") or issuer_ref or ""), recipient=identity, identity_matches=matches,
        issued=str(assertion.get("issuedOn") or ""), valid_until=assertion.get("expires"),
        competencies=_competencies(badge_class.get("alignment")), endorsers=tuple(endorsers), image=picture,
        version="2.0",
    )  # fmt: skip

"""Revoking an award in the folder that ``badgeworkbench award`` wrote.

Revoking flips the award's bit in its issuer's Bitstring Status List (``ob3/status/<name>.json``, the
OB 3.0 credential's ``credentialStatus``; see :mod:`.status` for the names) and marks the hosted OB 2.0 Assertion
(``ob2/assertions/<award>.json``) ``revoked: true`` with its ``revocationReason`` (OB 2.0 §Assertion). Those
two files are the only ones written, both at once or neither; the baked images and credentials stay as
they are — verifiers read the revocation from the published list and the hosted assertion.

A signed status list stays signed: revoking it needs the issuer's key again (``signing_key``), and is
refused without it rather than publishing an unsigned list.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .common import datetime_z, json_bytes
from .errors import OpenBadgesError
from .signing import SigningKey
from .status import ALLOCATION_FILE, StatusAllocation, bit_is_set, set_bit, sign_status_list, status_list_bits

__all__ = ["Revocation", "UnknownAward", "award_id_of", "revoke_award"]

_AWARD_ID = re.compile(r"([0-9a-f]{32})")
_UUID = re.compile(r"([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})")


class UnknownAward(OpenBadgesError):
    """The award to revoke is not one of the folder's awards."""


@dataclass(frozen=True)
class Revocation:
    """What revoking did: the award, its status list (path) and index in it, the files written, and whether it was
    already revoked."""

    award_id: str
    status_list: str
    index: int
    files: tuple[str, ...]
    already_revoked: bool
    signed: bool


def award_id_of(award: str) -> str | None:
    """The award id named by ``award``: an award id, a credential id (``urn:uuid:…``), an assertion or credential
    URL, or the name of one of the award's files; ``None`` when it names none.

    >>> award_id_of("urn:uuid:d9ecda3a-6fa6-45c3-9945-2f50a701ea68")
    'd9ecda3a6fa645c399452f50a701ea68'
    >>> award_id_of("out/awards/d9ecda3a6fa645c399452f50a701ea68-ob3-baked.png")
    'd9ecda3a6fa645c399452f50a701ea68'
    """
    text = award.strip().lower()
    dashed = _UUID.search(text)
    if dashed:
        return "".join(dashed.groups())
    name = Path(urlsplit(text).path).name if "://" in text else Path(text).name
    found = _AWARD_ID.match(name)
    return found.group(1) if found else None


def _read_json(path: Path, what: str) -> Any:
    try:
        return json.loads(path.read_bytes())
    except (OSError, ValueError) as error:
        raise OpenBadgesError(f"{path} ({what}) cannot be read ({error}); nothing was revoked.") from None
    except RecursionError:  # nested past the interpreter's limit: no status list or assertion is
        raise OpenBadgesError(f"{path} ({what}) nests deeper than it can be read: it is damaged or was not written "
                              "by 'badgeworkbench award'; nothing was revoked. Restore it from a backup.") from None


def _check_same_signer(status_list: dict[str, Any], key: SigningKey, path: Path) -> None:
    """Refuse a key that did not sign the list: signed again by another key, or left unsigned by an RSA key (which
    makes no Data Integrity proof), the list would make verifiers call every award in it forged."""
    from .dataintegrity import ProofError, verify_proof

    if key.algorithm != "EdDSA":
        raise OpenBadgesError(f"{path} is signed with an Ed25519 key (Data Integrity), and {key.path} is an RSA key, "
                              "which cannot sign it again: give the Ed25519 key the list was signed with; nothing was "
                              "revoked.")  # fmt: skip
    try:
        verify_proof(status_list, key.public_raw or b"")
    except (ProofError, ValueError, TypeError, KeyError, AttributeError):
        raise OpenBadgesError(f"{path} was not signed by {key.path} (or was changed since): give the key the list "
                              "was signed with, or restore the list from the published copy; nothing was "
                              "revoked.") from None  # fmt: skip


def revoke_award(folder: str | os.PathLike[str], award: str, *, reason: str = "",
                 signing_key: SigningKey | None = None, now: dt.datetime | None = None) -> Revocation:  # fmt: skip
    """Revoke ``award`` (see :func:`award_id_of`) in the award ``folder``, as the module says."""
    from .writing import write_files

    root = Path(folder)
    allocation_path = root / ALLOCATION_FILE
    if not allocation_path.is_file():
        raise OpenBadgesError(f"{root} holds no {ALLOCATION_FILE}: give the folder that 'badgeworkbench award --out' "
                              "wrote (awards made before status lists cannot be revoked this way).")  # fmt: skip
    try:
        allocation = StatusAllocation.from_bytes(allocation_path.read_bytes())
    except (ValueError, AttributeError, TypeError):
        raise OpenBadgesError(
            f"{allocation_path} cannot be read; nothing was revoked. Restore it from a backup."
        ) from None
    award_id = award_id_of(award)
    place = allocation.find(award_id) if award_id else None
    if award_id is None or place is None:
        named = repr(award) if len(award) <= 200 else f"{award[:200]!r}… ({len(award):,} characters)"  # not pasted whole
        raise UnknownAward(f"{named} is not an award of {root}: give an award id, a credential id (urn:uuid:…) or "
                           "one of the award's files, as listed in awards.json.")  # fmt: skip
    name, index = place
    list_path = f"ob3/status/{name}.json"
    status_list = _read_json(root / list_path, "the status list")
    try:
        bits = status_list_bits(status_list)
        already = bit_is_set(bits, index)
        bits = set_bit(bits, index)
    except (ValueError, IndexError, AttributeError, TypeError) as error:
        raise OpenBadgesError(f"{root / list_path} is not a readable revocation status list ({error}); nothing was "
                              "revoked.") from None  # fmt: skip
    if status_list.get("proof") and signing_key is None:
        raise OpenBadgesError(f"{root / list_path} is signed: give the issuer's key (--sign-key KEY) to sign it "
                              "again; nothing was revoked.")  # fmt: skip
    if status_list.get("proof") and signing_key is not None:
        _check_same_signer(status_list, signing_key, root / list_path)
    from .status import encode_list

    moment = now if now is not None else dt.datetime.now(dt.UTC)
    updated = {k: v for k, v in status_list.items() if k != "proof"}
    updated["validFrom"] = datetime_z(moment)
    updated["credentialSubject"] = {**updated["credentialSubject"], "encodedList": encode_list(bits)}
    issuer_ref = updated.get("issuer")
    issuer_id = str(issuer_ref.get("id") if isinstance(issuer_ref, dict) else issuer_ref)
    # Signed again when signed before or issued by a DID; a list issued by a Profile URL (VC-JWT or unsigned awards)
    # stays unsigned, as awarding made it: a Profile publishes no key a Data Integrity proof could name.
    if signing_key is not None and (status_list.get("proof") or issuer_id.startswith("did:")):
        from .dataintegrity import proof_verification_method
        from .did import verification_method_id

        method = proof_verification_method(status_list) or verification_method_id(issuer_id)
        updated = sign_status_list(updated, signing_key, method)
    files = {list_path: json_bytes(updated)}
    assertion_path = f"ob2/assertions/{award_id}.json"
    if (root / assertion_path).is_file():
        assertion = _read_json(root / assertion_path, "the hosted OB 2.0 assertion")
        if not isinstance(assertion, dict):
            raise OpenBadgesError(f"{root / assertion_path} is not an OB 2.0 assertion; nothing was revoked.")
        assertion["revoked"] = True
        assertion["revocationReason"] = reason.strip() or assertion.get("revocationReason") or None
        files[assertion_path] = json_bytes(assertion)
    write_files(files, root, merge=True)
    return Revocation(award_id, list_path, index, tuple(files), already, "proof" in updated)

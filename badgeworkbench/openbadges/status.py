"""Revocation of OB 3.0 credentials with a W3C Bitstring Status List v1.0, and where each award's bit lives.

Each issuing partner publishes a ``BitstringStatusListCredential`` with its awards, at
``ob3/status/<partner>.json`` — or ``<partner>.did-web.json`` / ``<partner>.did-key.json`` for the awards
signed with Data Integrity, whose issuer is the partner's DID: a list's issuer must be the issuer of the
credentials it serves, so each issuer identity keeps its own list. Its ``encodedList`` is the multibase base64url (``u`` prefix, no padding)
of the GZIP of a bitstring of at least :data:`MIN_BITS` bits (131,072: 16 KiB), bit 0 being the leftmost
bit of the first byte (Bitstring Status List v1.0 §2.1, §3.2). A set bit means "revoked".

Every awarded credential carries a ``BitstringStatusListEntry`` naming its index in that list. The index
is drawn at random among the free ones, so neighbouring indexes say nothing about who was awarded
together (herd privacy, §6.1); the allocation — award id → index, per issuer — is kept in the award
folder (:data:`ALLOCATION_FILE`) so that awarding again never reuses an index, even of a revoked award.

>>> bits = new_bitstring()
>>> bits = set_bit(bits, 70000)
>>> decoded = decode_list(encode_list(bits))
>>> bit_is_set(decoded, 70000), bit_is_set(decoded, 69999), len(decoded) * 8
(True, False, 131072)
"""

from __future__ import annotations

import base64
import gzip
import json
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .common import VC2_CONTEXT

__all__ = [
    "ALLOCATION_FILE",
    "MIN_BITS",
    "STATUS_ENTRY_TYPE",
    "STATUS_LIST_TYPE",
    "StatusAllocation",
    "bit_is_set",
    "decode_list",
    "encode_list",
    "new_bitstring",
    "set_bit",
    "sign_status_list",
    "status_entry",
    "status_list_bits",
    "status_list_credential",
]

#: The smallest list the spec allows (§6.1 herd privacy): 16 KiB of bits.
MIN_BITS = 131_072
STATUS_LIST_TYPE = "BitstringStatusListCredential"
STATUS_ENTRY_TYPE = "BitstringStatusListEntry"
#: Kept in the award folder beside ``awards.json``: status list name → {award id: index}. Never reused.
ALLOCATION_FILE = "status-allocation.json"
#: What an allocation may name: a list (``<partner>`` or ``<partner>.did-web``, a file name in ``ob3/status/``)
#: and its awards (``uuid4().hex``); anything else in the file was not written by ``award``.
_LIST_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*(\.did-(web|key))?")
_AWARD_ID = re.compile(r"[0-9a-f]{32}")


def new_bitstring(bits: int = MIN_BITS) -> bytes:
    """An all-zero bitstring of ``bits`` bits (at least :data:`MIN_BITS`)."""
    return bytes(max(bits, MIN_BITS) // 8)


def set_bit(bitstring: bytes, index: int, value: bool = True) -> bytes:
    """``bitstring`` with bit ``index`` (0 = leftmost bit of the first byte) set to ``value``."""
    if not 0 <= index < len(bitstring) * 8:
        raise IndexError(f"status index {index} is outside the list of {len(bitstring) * 8} bits")
    data = bytearray(bitstring)
    mask = 0x80 >> (index % 8)
    data[index // 8] = (data[index // 8] | mask) if value else (data[index // 8] & ~mask)
    return bytes(data)


def bit_is_set(bitstring: bytes, index: int) -> bool:
    """Whether bit ``index`` of ``bitstring`` is set; ``IndexError`` when the list is shorter."""
    if not 0 <= index < len(bitstring) * 8:
        raise IndexError(f"status index {index} is outside the list of {len(bitstring) * 8} bits")
    return bool(bitstring[index // 8] & (0x80 >> (index % 8)))


def encode_list(bitstring: bytes) -> str:
    """The ``encodedList`` of ``bitstring``: ``u`` + base64url without padding of its GZIP (mtime 0: same bytes)."""
    packed = gzip.compress(bitstring, mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).rstrip(b"=").decode("ascii")


def decode_list(encoded: str) -> bytes:
    """The bitstring of an ``encodedList``; ``ValueError`` naming what is wrong otherwise."""
    if not isinstance(encoded, str) or not encoded.startswith("u"):
        raise ValueError("the encodedList is not multibase base64url (it must start with 'u')")
    body = encoded[1:]
    try:
        return gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    except (ValueError, OSError, EOFError) as error:
        raise ValueError(f"the encodedList cannot be decoded ({error})") from None


def status_list_bits(credential: Mapping[str, Any]) -> bytes:
    """The bitstring of a revocation ``BitstringStatusListCredential``; ``ValueError`` when it is not one."""
    subject = credential.get("credentialSubject")
    if not isinstance(subject, dict) or subject.get("type") != "BitstringStatusList":
        raise ValueError("the status list credential has no BitstringStatusList subject")
    if subject.get("statusPurpose") not in ("revocation", ["revocation"]):
        raise ValueError(f"the status list is for {subject.get('statusPurpose')!r}, not revocation")
    return decode_list(subject.get("encodedList", ""))


def status_list_credential(url: str, issuer: str | dict[str, Any], bitstring: bytes, valid_from: str) -> dict[str, Any]:
    """The ``BitstringStatusListCredential`` published at ``url`` for ``issuer`` (an id or a Profile reference)."""
    return {
        "@context": [VC2_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", STATUS_LIST_TYPE],
        "issuer": issuer,
        "validFrom": valid_from,
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encode_list(bitstring),
        },
    }


def sign_status_list(credential: dict[str, Any], key: Any, verification_method: str) -> dict[str, Any]:
    """``credential`` with any earlier proof replaced by a Data Integrity proof by ``key`` (Ed25519), made at its
    ``validFrom``; an RSA key cannot make one, and the list is then returned unsigned."""
    from .dataintegrity import add_proof

    bare = {k: v for k, v in credential.items() if k != "proof"}
    if getattr(key, "algorithm", None) != "EdDSA":
        return bare
    return add_proof(bare, key, verification_method=verification_method, created=bare.get("validFrom"))


def status_entry(list_url: str, index: int) -> dict[str, str]:
    """The ``credentialStatus`` of the credential at ``index`` in the list at ``list_url``."""
    return {
        "id": f"{list_url}#{index}",
        "type": STATUS_ENTRY_TYPE,
        "statusPurpose": "revocation",
        "statusListIndex": str(index),
        "statusListCredential": list_url,
    }


@dataclass
class StatusAllocation:
    """Which index of which status list (by name, ``ob3/status/<name>.json``) each award holds (read from and
    written to :data:`ALLOCATION_FILE`)."""

    lists: dict[str, dict[str, int]] = field(default_factory=dict)

    @classmethod
    def from_bytes(cls, data: bytes | None) -> StatusAllocation:
        """The allocation ``data`` holds; ``ValueError`` naming the first thing that is not as :meth:`to_bytes`
        writes it. Nothing is coerced: a damaged index read as another number would revoke someone else."""
        if not data:
            return cls()
        try:
            value = json.loads(data)
        except RecursionError:  # nested past the interpreter's limit: damaged or planted
            raise ValueError("it nests deeper than an allocation can") from None
        lists = value.get("lists") if isinstance(value, dict) else None
        if not isinstance(lists, dict):
            raise ValueError('it holds no "lists" mapping')
        read: dict[str, dict[str, int]] = {}
        for name, awards in lists.items():
            if not _LIST_NAME.fullmatch(name) or not isinstance(awards, dict):  # a name is a path in ob3/status/
                raise ValueError(f"the list {name[:80]!r} is not a list name with its awards")
            for award, index in awards.items():
                if type(index) is not int or index < 0 or not _AWARD_ID.fullmatch(award):  # bool is no index either
                    raise ValueError(f"the award {award[:80]!r} of {name!r} has no index a status list can hold")
            read[name] = dict(awards)
        return cls(read)

    def to_bytes(self) -> bytes:
        lists = {name: dict(sorted(a.items())) for name, a in sorted(self.lists.items())}
        return (json.dumps({"lists": lists}, indent=2) + "\n").encode("utf-8")

    def allocate(self, name: str, award_id: str, bits: int = MIN_BITS) -> int:
        """A random free index of the list ``name`` for ``award_id`` (the same one if it already has one)."""
        awards = self.lists.setdefault(name, {})
        if award_id in awards:
            return awards[award_id]
        used = set(awards.values())
        if len(used) >= bits:
            from .errors import OpenBadgesError

            raise OpenBadgesError(f"The status list {name} is full ({bits} awards): award into a new folder.")
        while True:
            index = secrets.randbelow(bits)
            if index not in used:
                awards[award_id] = index
                return index

    def find(self, award_id: str) -> tuple[str, int] | None:
        """(list name, index) of ``award_id``, or ``None``."""
        for name, awards in self.lists.items():
            if award_id in awards:
                return name, awards[award_id]
        return None

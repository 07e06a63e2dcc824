"""Open Badges 2.0 and 3.0: export, baking, awarding, signing, the badge site, import and export checking.

Library first: exporters return ``{relative path: bytes}`` in memory (:class:`ExportResult`);
:func:`write_export` writes them atomically. See ``docs/openbadges.md`` for the mapping.
"""

from .award import AwardResult, award_badges, hash_identity, read_earners, revocation_list
from .baking import BakedPayload, bake, baked_payloads, sniff_image_format, unbake
from .checking import check_document, check_export
from .dataintegrity import add_proof, proof_verification_method, verify_proof
from .errors import (
    BadgeWithoutIssuer,
    DidError,
    EarnerFileError,
    ExportFolderRefused,
    IssuerProfileIncomplete,
    MalformedBakedImage,
    NotBaked,
    OpenBadgesError,
    ProofError,
    SigningKeyError,
    UnknownContext,
    UnsupportedImageFormat,
)
from .export import PARTS, ExportResult, export_framework, write_export
from .importing import import_badges
from .signing import generate_key, load_signing_key, verify_jws

__all__ = [
    "PARTS",
    "AwardResult",
    "BadgeWithoutIssuer",
    "BakedPayload",
    "DidError",
    "EarnerFileError",
    "ExportFolderRefused",
    "ExportResult",
    "IssuerProfileIncomplete",
    "MalformedBakedImage",
    "NotBaked",
    "OpenBadgesError",
    "ProofError",
    "SigningKeyError",
    "UnknownContext",
    "UnsupportedImageFormat",
    "add_proof",
    "award_badges",
    "bake",
    "baked_payloads",
    "check_document",
    "check_export",
    "export_framework",
    "generate_key",
    "hash_identity",
    "import_badges",
    "load_signing_key",
    "proof_verification_method",
    "read_earners",
    "revocation_list",
    "sniff_image_format",
    "unbake",
    "verify_jws",
    "verify_proof",
    "write_export",
]

"""Checking an export folder: every file, every problem, in one :class:`~badgeworkbench.report.Report`.

OB 3.0 files are validated against the official JSON Schemas (draft 2019-09, resolved offline
through a ``referencing`` registry) and against the rules the schemas leave out (openbadges.md §0):
``@context`` order and values, arrays everywhere, no nulls or empty arrays, a recipient ``id`` or
``identifier``, dates with a zone, ``image`` as an object pointing at PNG/SVG, ``related`` only for
another language or version. OB 2.0 files are checked against the spec's required fields and rules
(issuer url and email, criteria, the ``alignment`` key, hosted ids on the issuer's origin, hashed
identities). Baked images must hold exactly one uncompressed payload under the right keyword.

The official schemas are the unmodified copies shipped in :mod:`badgeworkbench.specdata`, so a check
works offline wherever the package is installed; ``check_export(..., shared=folder)`` checks against
another copy laid out the same way (``openbadges/ob_v3p0/schema/``, ``case/``) instead.
"""

from __future__ import annotations

import base64
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..report import Problem, Report, Severity
from ..specdata import jsonschema_module
from .baking import (
    OB2_KEYWORD,
    OB3_KEYWORD,
    SVG_NAMESPACE_OB2,
    SVG_NAMESPACE_OB3,
    _png_chunks,
    baked_payloads,
    jws_payload,
    payload_version,
    sniff_image_format,
)
from .common import DATETIME_Z, OB3_CONTEXT, VC2_CONTEXT, origin
from .context import CASE_ITEM_URI, OB3_TARGET_TYPES
from .errors import MalformedBakedImage, UnsupportedImageFormat
from .export import MANIFEST
from .linkeddata import linked_data_problems
from .proofchecks import (
    CREDENTIAL_KINDS,
    embedded_problems,
    folder_is_signed,
    jwt_problems,
    unsigned_or_proof_problems,
)

__all__ = ["ExportFiles", "SchemaSet", "check_document", "check_export", "load_schemas"]

E, W = Severity.ERROR, Severity.WARNING
_OB3_CONTEXT_PATTERN = re.compile(r"^https://purl\.imsglobal\.org/spec/ob/v3p0/context(-3\.\d\.\d)*\.json$")
#: Properties whose objects carry a single-string ``type`` (openbadges.md §0.2); every other ``type`` is an array.
_STRING_TYPE_KEYS = {"image", "identifier", "otherIdentifier", "proof", "credentialSchema", "credentialStatus",
                     "refreshService", "termsOfUse", "recipient", "verification", "verificationMethod"}  # fmt: skip
_DATE_KEYS = {"validFrom", "validUntil", "awardedDate", "issuedOn", "expires", "activityStartDate",
              "activityEndDate", "created"}  # fmt: skip
_IDENTITY_HASH = re.compile(r"^(sha256\$[0-9a-fA-F]{64}|md5\$[0-9a-fA-F]{32})$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".avif", ".heic", ".ico"}
_JOSE_HEADERS = {"alg", "kid", "jwk", "typ"}
#: An extension term of an OB 3.0 enumeration (the schemas' pattern for targetType and achievementType).
_EXT_TERM = re.compile(r"^ext:[A-Za-z0-9|._-]+$")


def _p(code: str, severity: Severity, en: str, fr: str, file: str, field: str | None = None) -> Problem:
    return Problem(code, severity, {"fr": fr, "en": en}, file=file, field=field)


# --- schemas -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SchemaSet:
    """Validators for each OB 3.0 document kind and for the CASE 1.1 package."""

    validators: dict[str, Any]


def _has_schemas(folder: Traversable) -> bool:
    return folder.joinpath("openbadges", "ob_v3p0", "schema", "achievementcredential.json").is_file()


@lru_cache(maxsize=4)
def load_schemas(folder: Traversable | None = None) -> SchemaSet:
    """Validators built from the official schema files: the packaged copies, or those under ``folder``.

    Compiled once per folder, offline (a local ``referencing`` registry), and only when something is checked.
    """
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT201909

    root = folder if folder is not None else files("badgeworkbench.specdata")
    schema_folder = root.joinpath("openbadges", "ob_v3p0", "schema")
    schemas = {name: json.loads(schema_folder.joinpath(f"{name}.json").read_bytes())
               for name in ("achievementcredential", "endorsementcredential", "profile")}  # fmt: skip
    case_file = root.joinpath("case", "case-v1p1-cfpackage-official.json")
    if case_file.is_file():
        schemas["case"] = json.loads(case_file.read_bytes())
    registry: Registry = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema, default_specification=DRAFT201909))
        for schema in schemas.values()
    )
    credential_id = schemas["achievementcredential"]["$id"]
    achievement = {
        "$schema": "https://json-schema.org/draft/2019-09/schema",
        "$ref": f"{credential_id}#/$defs/Achievement",
    }
    Draft201909Validator = jsonschema_module().Draft201909Validator
    checker = Draft201909Validator.FORMAT_CHECKER

    def make(schema: dict[str, Any]) -> Any:
        return Draft201909Validator(schema, registry=registry, format_checker=checker)

    validators = {
        "ob3-credential": make(schemas["achievementcredential"]),
        "ob3-endorsement": make(schemas["endorsementcredential"]),
        "ob3-profile": make(schemas["profile"]),
        "ob3-achievement": make(achievement),
    }
    if "case" in schemas:
        validators["case"] = make(schemas["case"])
    return SchemaSet(validators)


# --- classification ------------------------------------------------------------------------------


def _types(value: Any) -> list[str]:
    kind = value.get("type") if isinstance(value, dict) else None
    if isinstance(kind, str):
        return [kind]
    return [t for t in kind if isinstance(t, str)] if isinstance(kind, list) else []


def classify(doc: Any) -> str:
    """``ob2-issuer``, ``ob2-badgeclass``, ``ob2-assertion``, ``ob2-endorsement``, ``ob3-credential``,
    ``ob3-endorsement``, ``ob3-achievement``, ``ob3-profile``, ``status-list``, ``case`` or ``other``."""
    if not isinstance(doc, dict):
        return "other"
    if "CFDocument" in doc:
        return "case"
    context = doc.get("@context")
    contexts = [context] if isinstance(context, str) else context if isinstance(context, list) else []
    text_contexts = [c for c in contexts if isinstance(c, str)]
    types = _types(doc)
    if any("w3id.org/openbadges" in c or "openbadgespec.org" in c for c in text_contexts):
        for kind, name in (("Issuer", "ob2-issuer"), ("Profile", "ob2-issuer"), ("BadgeClass", "ob2-badgeclass"),
                           ("Assertion", "ob2-assertion"), ("Endorsement", "ob2-endorsement")):  # fmt: skip
            if kind in types:
                return name
        return "other"
    is_ob3 = any("credentials/v2" in c or "2018/credentials" in c or "ob/v3p0" in c for c in text_contexts)
    if "BitstringStatusListCredential" in types:
        return "status-list"  # a W3C credential, not an Open Badge: the OB 3.0 rules and schemas do not apply
    if "EndorsementCredential" in types:
        return "ob3-endorsement"
    if "VerifiableCredential" in types or {"OpenBadgeCredential", "AchievementCredential"} & set(types):
        return "ob3-credential"
    if "Achievement" in types and (is_ob3 or isinstance(doc.get("type"), list)):
        return "ob3-achievement"
    if "Profile" in types and (is_ob3 or isinstance(doc.get("type"), list)):
        return "ob3-profile"
    return "other"


# --- OB 3.0 rules --------------------------------------------------------------------------------


def _walk(value: Any, path: str, key: str | None) -> Iterator[tuple[Any, str, str | None]]:
    yield value, path, key
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _walk(v, f"{path}.{k}" if path else k, k)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _walk(v, f"{path}[{i}]", key)


def _check_context(context: Any, file: str, field: str) -> Iterator[Problem]:
    if context is None:
        yield _p("context-missing", E, f"@context is missing: it must be [\"{VC2_CONTEXT}\", \"{OB3_CONTEXT}\"].",
                 f"@context manque : il doit valoir [\"{VC2_CONTEXT}\", \"{OB3_CONTEXT}\"].", file, field)  # fmt: skip
        return
    if not isinstance(context, list):
        yield _p("context-not-array", E, "@context must be an ordered array, not a single value.",
                 "@context doit être un tableau ordonné, pas une valeur seule.", file, field)  # fmt: skip
        return
    if len(context) < 2 or context[0] != VC2_CONTEXT or not (isinstance(context[1], str) and
                                                             _OB3_CONTEXT_PATTERN.match(context[1])):  # fmt: skip
        yield _p("context-order", E, f"@context must start with \"{VC2_CONTEXT}\" then \"{OB3_CONTEXT}\", in that "
                 f"order (found {json.dumps(context[:2])}).",
                 f"@context doit commencer par \"{VC2_CONTEXT}\" puis \"{OB3_CONTEXT}\", dans cet ordre "
                 f"(trouvé {json.dumps(context[:2])}).", file, field)  # fmt: skip
    elif context[1] != OB3_CONTEXT:
        yield _p("context-outdated", W, f"@context[1] is {context[1]}; the spec now requires {OB3_CONTEXT}.",
                 f"@context[1] vaut {context[1]} ; la spécification exige désormais {OB3_CONTEXT}.", file, field)  # fmt: skip


def _image_target_problems(url: str, file: str, field: str, files: ExportFiles | None) -> Iterator[Problem]:
    lowered = url.lower()
    if lowered.startswith("data:"):
        if not lowered.startswith(("data:image/png", "data:image/svg+xml")):
            yield _p("image-not-png-or-svg", E, f"The image data URI is not PNG or SVG ({url[:40]}…).",
                     f"L'image en data URI n'est ni PNG ni SVG ({url[:40]}…).", file, field)  # fmt: skip
        return
    local = files.local(url) if files else None
    if local is not None:
        kind = sniff_image_format(local.read_bytes()[:4096]) if local.is_file() else "missing"
        if kind not in ("png", "svg"):
            what = "missing from the export" if kind == "missing" else kind
            yield _p("image-not-png-or-svg", E, f"The image {url} is {what}: it must be a PNG or SVG file.",
                     f"L'image {url} est {what} : ce doit être un fichier PNG ou SVG.", file, field)  # fmt: skip
        return
    suffix = Path(urlsplit(url).path).suffix.lower()
    if suffix in _IMAGE_EXTENSIONS:
        yield _p("image-not-png-or-svg", E, f"The image {url} is {suffix[1:].upper()}: Open Badges allows PNG or SVG only.",
                 f"L'image {url} est en {suffix[1:].upper()} : Open Badges n'accepte que PNG ou SVG.", file, field)  # fmt: skip


def _ob3_rules(doc: dict[str, Any], kind: str, file: str, files: ExportFiles | None) -> Iterator[Problem]:
    if kind != "ob3-profile" or "@context" in doc:
        yield from _check_context(doc.get("@context"), file, "@context")
    if kind in ("ob3-credential", "ob3-endorsement"):
        if "validFrom" not in doc:
            extra = " (issuanceDate is the VC 1.1 name: use validFrom)" if "issuanceDate" in doc else ""
            yield _p(
                "missing-valid-from", E, f"validFrom is missing{extra}.", f"validFrom manque{extra}.", file, "validFrom"
            )
    if kind == "ob3-credential":
        subject = doc.get("credentialSubject")
        if isinstance(subject, dict) and not subject.get("id") and not subject.get("identifier"):
            yield _p("subject-without-recipient", E, "credentialSubject has neither id nor identifier: a credential "
                     "must say who holds it.", "credentialSubject n'a ni id ni identifier : une attestation doit dire "
                     "qui la détient.", file, "credentialSubject")  # fmt: skip
    for value, path, key in _walk(doc, "", None):
        if value is None:
            yield _p("null-value", E, "null values must be omitted (OB 3.0 serialization).",
                     "les valeurs null doivent être omises (sérialisation OB 3.0).", file, path)  # fmt: skip
        elif value == [] and path:
            yield _p("empty-array", E, "empty arrays must be omitted (OB 3.0 serialization).",
                     "les tableaux vides doivent être omis (sérialisation OB 3.0).", file, path)  # fmt: skip
        if isinstance(value, dict):
            if isinstance(value.get("type"), str) and key not in _STRING_TYPE_KEYS:
                yield _p("type-not-array", E, f"type must be an array (\"type\": [\"{value['type']}\"]).",
                         f"type doit être un tableau (\"type\": [\"{value['type']}\"]).", file, f"{path}.type" if path else "type")  # fmt: skip
            if "alignments" in value:
                yield _p("alignment-key-misspelt", E, "the property is \"alignment\", not \"alignments\".",
                         "la propriété s'appelle « alignment », pas « alignments ».", file, f"{path}.alignments".lstrip("."))  # fmt: skip
            if path and "VerifiableCredential" in _types(value) and isinstance(value.get("type"), list):
                yield from _check_context(value.get("@context"), file, f"{path}.@context")
        if key in _DATE_KEYS and isinstance(value, str) and not DATETIME_Z.match(value):
            yield _p("date-without-zone", E, f"{key} {value!r} needs a time and a zone (2024-05-01T10:00:00Z).",
                     f"{key} {value!r} doit avoir une heure et un fuseau (2024-05-01T10:00:00Z).", file, path)  # fmt: skip
        if key == "image" and not path.endswith("]"):
            if isinstance(value, str):
                yield _p("image-not-object", E, "image must be an object {\"id\": …, \"type\": \"Image\"}, not a "
                         "bare string.", "image doit être un objet {\"id\": …, \"type\": \"Image\"}, pas une simple "
                         "chaîne.", file, path)  # fmt: skip
            elif isinstance(value, dict) and isinstance(value.get("id"), str):
                yield from _image_target_problems(value["id"], file, path, files)
        if key == "related" and isinstance(value, list):
            yield from _related_rules(doc, path, value, file)
        if key == "alignment" and isinstance(value, list):
            yield from _alignment_rules(value, path, file, files)


def _alignment_rules(alignments: list[Any], path: str, file: str, files: ExportFiles | None) -> Iterator[Problem]:
    """``targetType`` is a value of the spec or an ``ext:`` term, and ``CFItem`` names a CASE item (OB 3.0 §B.1.2)."""
    for i, item in enumerate(alignments):
        if not isinstance(item, dict) or "targetType" not in item:
            continue
        where, target_type, url = f"{path}[{i}].targetType", item["targetType"], str(item.get("targetUrl", ""))
        if not isinstance(target_type, str) or not (target_type in OB3_TARGET_TYPES or _EXT_TERM.match(target_type)):
            yield _p("alignment-target-type", E, f"targetType {target_type!r} is neither a value of the spec "
                     f"({', '.join(sorted(OB3_TARGET_TYPES))}) nor an extension term ext:<name>.",
                     f"targetType {target_type!r} n'est ni une valeur de la spécification "
                     f"({', '.join(sorted(OB3_TARGET_TYPES))}) ni un terme d'extension ext:<nom>.", file, where)  # fmt: skip
        elif target_type == "CFItem":
            reason = _not_a_case_item(url, files)
            if reason is not None:
                yield _p("alignment-cfitem-not-case", E, f"targetType CFItem, but {url} {reason[0]}: use CFItem only "
                         "for a CASE item URI, an ext: type (ext:ROME, ext:ESCO, ext:RNCP…) or none for other references.",
                         f"targetType CFItem, mais {url} {reason[1]} : CFItem est réservé aux URI d'items CASE ; "
                         "mettez un type ext: (ext:ROME, ext:ESCO, ext:RNCP…) ou aucun pour les autres références.",
                         file, where)  # fmt: skip


def _not_a_case_item(url: str, files: ExportFiles | None) -> tuple[str, str] | None:
    """Why ``url`` is not a CASE item URI (en, fr), or ``None`` when it is one.

    Under the export's base URL the folder must serve, at that path, a CFItem whose ``uri`` is ``url``;
    elsewhere the URL must have CASE's form (:data:`~badgeworkbench.openbadges.context.CASE_ITEM_URI`).
    """
    local = files.local(url) if files is not None else None
    if local is None:
        if CASE_ITEM_URI.match(url):
            return None
        return ("is not a CASE item URI (…/uri/<identifier>)", "n'est pas une URI d'item CASE (…/uri/<identifiant>)")
    item = files.json(url) if files is not None else None
    if not isinstance(item, dict):
        return ("is not served by this export", "n'est pas servie par cet export")
    if item.get("uri") != url or not item.get("identifier") or "fullStatement" not in item:
        return ("does not serve a CASE CFItem with that uri", "ne sert pas d'item CASE (CFItem) ayant cette uri")
    return None


def _related_rules(doc: dict[str, Any], path: str, related: list[Any], file: str) -> Iterator[Problem]:
    owner: Any = doc
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", path)[:-1]:
        owner = owner[int(part[1:-1])] if part.startswith("[") else owner.get(part, {})
    own_lang, own_version, own_id = owner.get("inLanguage"), owner.get("version"), owner.get("id")
    for i, item in enumerate(related):
        if not isinstance(item, dict):
            continue
        where = f"{path}[{i}]"
        lang, version = item.get("inLanguage"), item.get("version")
        if item.get("id") == own_id or (not lang and not version) or \
                (lang == own_lang and lang and (not version or version == own_version)):  # fmt: skip
            yield _p("related-misused", E, "related must name the same achievement in another language (inLanguage) "
                     "or another version (version) — never a prerequisite or a different badge.",
                     "related désigne le même badge dans une autre langue (inLanguage) ou une autre version "
                     "(version) — jamais un prérequis ni un autre badge.", file, where)  # fmt: skip


# --- OB 2.0 rules --------------------------------------------------------------------------------

_OB2_REQUIRED = {
    "ob2-issuer": ("id", "type", "name", "url", "email"),
    "ob2-badgeclass": ("id", "type", "name", "description", "image", "criteria", "issuer"),
    "ob2-assertion": ("id", "type", "recipient", "badge", "verification", "issuedOn"),
    "ob2-endorsement": ("id", "type", "claim", "issuer", "issuedOn", "verification"),
}


def _ob2_rules(doc: dict[str, Any], kind: str, file: str, files: ExportFiles | None) -> Iterator[Problem]:
    for name in _OB2_REQUIRED[kind]:
        if doc.get(name) in (None, "", [], {}):
            yield _p("ob2-missing-field", E, f"{name} is required in an OB 2.0 {kind[4:]}.",
                     f"{name} est obligatoire dans un {kind[4:]} OB 2.0.", file, name)  # fmt: skip
    ident = doc.get("id")
    if isinstance(ident, str) and not ident.startswith(("http://", "https://", "urn:uuid:")):
        yield _p("ob2-bad-id", E, f"id {ident!r} must be an http(s) URL (hosted) or a urn:uuid.",
                 f"l'id {ident!r} doit être une URL http(s) (hébergé) ou un urn:uuid.", file, "id")  # fmt: skip
    for value, path, key in _walk(doc, "", None):
        if isinstance(value, dict) and "alignments" in value:
            yield _p("alignment-key-misspelt", E, "the property is \"alignment\", not \"alignments\".",
                     "la propriété s'appelle « alignment », pas « alignments ».", file, f"{path}.alignments".lstrip("."))  # fmt: skip
        if key in _DATE_KEYS and isinstance(value, str) and not DATETIME_Z.match(value):
            yield _p("date-without-zone", E, f"{key} {value!r} needs a time and a zone (2024-05-01T10:00:00Z).",
                     f"{key} {value!r} doit avoir une heure et un fuseau (2024-05-01T10:00:00Z).", file, path)  # fmt: skip
    if kind == "ob2-issuer":
        if doc.get("email") and not _EMAIL.match(str(doc["email"])):
            yield _p("ob2-issuer-email", E, f"email {doc['email']!r} is not an email address.",
                     f"email {doc['email']!r} n'est pas une adresse e-mail.", file, "email")  # fmt: skip
        if doc.get("url") and not str(doc["url"]).startswith(("http://", "https://")):
            yield _p("ob2-issuer-url", E, "url must be an http(s) URL.", "url doit être une URL http(s).", file, "url")
    if kind == "ob2-badgeclass":
        criteria = doc.get("criteria")
        if isinstance(criteria, dict) and not criteria.get("id") and not criteria.get("narrative"):
            yield _p("ob2-criteria-empty", E, "criteria needs an id (criteria page) or a narrative.",
                     "criteria doit avoir un id (page des critères) ou un narrative.", file, "criteria")  # fmt: skip
        image = doc.get("image")
        image_url = image.get("id") if isinstance(image, dict) else image
        if isinstance(image_url, str):
            yield from _image_target_problems(image_url, file, "image", files)
        for i, alignment in enumerate(doc.get("alignment") or []):
            missing = [n for n in ("targetName", "targetUrl") if not (isinstance(alignment, dict) and alignment.get(n))]
            if missing:
                yield _p("ob2-alignment-incomplete", E, f"an alignment needs {' and '.join(missing)}.",
                         f"un alignement doit avoir {' et '.join(missing)}.", file, f"alignment[{i}]")  # fmt: skip
    if kind == "ob2-assertion":
        yield from _ob2_assertion_rules(doc, file, files)


def _ob2_assertion_rules(doc: dict[str, Any], file: str, files: ExportFiles | None) -> Iterator[Problem]:
    recipient = doc.get("recipient")
    if isinstance(recipient, dict):
        for name in ("type", "identity"):
            if not recipient.get(name):
                yield _p("ob2-recipient-incomplete", E, f"recipient.{name} is required.",
                         f"recipient.{name} est obligatoire.", file, f"recipient.{name}")  # fmt: skip
        if not isinstance(recipient.get("hashed"), bool):
            yield _p("ob2-recipient-incomplete", E, "recipient.hashed must be true or false.",
                     "recipient.hashed doit valoir true ou false.", file, "recipient.hashed")  # fmt: skip
        if recipient.get("hashed") is True and not _IDENTITY_HASH.match(str(recipient.get("identity", ""))):
            yield _p("ob2-identity-hash", E, "a hashed identity must be sha256$<64 hex> (or md5$<32 hex>).",
                     "une identité hachée doit être sha256$<64 hex> (ou md5$<32 hex>).", file, "recipient.identity")  # fmt: skip
    verification = doc.get("verification")
    vtype = verification.get("type") if isinstance(verification, dict) else None
    if vtype in ("HostedBadge", "hosted") and files is not None and isinstance(doc.get("id"), str):
        badge = doc.get("badge")
        badge_doc = badge if isinstance(badge, dict) else files.json(badge) if isinstance(badge, str) else None
        issuer = badge_doc.get("issuer") if isinstance(badge_doc, dict) else None
        issuer_doc = issuer if isinstance(issuer, dict) else files.json(issuer) if isinstance(issuer, str) else None
        issuer_id = issuer_doc.get("id") if isinstance(issuer_doc, dict) else issuer
        if isinstance(issuer_id, str):
            allowed = {origin(issuer_id)}
            scope = issuer_doc.get("verification") if isinstance(issuer_doc, dict) else None
            if isinstance(scope, dict):
                origins = scope.get("allowedOrigins", [])
                allowed |= {o.lower() if "://" in o else f"https://{o}".lower()
                            for o in ([origins] if isinstance(origins, str) else origins)}  # fmt: skip
            if origin(doc["id"]) not in allowed:
                yield _p("ob2-hosted-origin", E, f"a hosted assertion must be served from its issuer's origin "
                         f"({', '.join(sorted(allowed))}), not {origin(doc['id'])}.",
                         f"une assertion hébergée doit être servie depuis l'origine de son émetteur "
                         f"({', '.join(sorted(allowed))}), pas {origin(doc['id'])}.", file, "id")  # fmt: skip


def _status_list_rules(doc: dict[str, Any], file: str) -> Iterator[Problem]:
    """W3C Bitstring Status List v1.0 §2.2: the VC 2.0 context first, a decodable list of at least 131,072 bits."""
    from .status import MIN_BITS, status_list_bits

    context = doc.get("@context")
    if not isinstance(context, list) or context[:1] != [VC2_CONTEXT]:
        yield _p("context-order", E, f'@context must start with "{VC2_CONTEXT}".',
                 f"@context doit commencer par « {VC2_CONTEXT} ».", file, "@context")  # fmt: skip
    try:
        bits = status_list_bits(doc)
    except ValueError as error:
        yield _p("status-list-invalid", E, f"not a readable revocation status list: {error}.",
                 f"liste de statuts de révocation illisible : {error}.", file, "credentialSubject")  # fmt: skip
        return
    if len(bits) * 8 < MIN_BITS:
        yield _p("status-list-too-short", E, f"the status list holds {len(bits) * 8} bits: at least {MIN_BITS} are "
                 "required for herd privacy.", f"la liste de statuts contient {len(bits) * 8} bits : il en faut au "
                 f"moins {MIN_BITS} pour protéger la vie privée.", file, "credentialSubject.encodedList")  # fmt: skip


# --- files ---------------------------------------------------------------------------------------


class ExportFiles:
    """The export folder, with its base URL (from the manifest) so URLs can be mapped to files."""

    def __init__(self, root: Path):
        self.root = root
        self.base: str | None = None
        self._json: dict[str, Any] = {}
        manifest = root / MANIFEST
        if manifest.exists():
            try:
                self.base = json.loads(manifest.read_text("utf-8")).get("base_url")
            except (json.JSONDecodeError, UnicodeDecodeError, AttributeError):
                self.base = None

    def local(self, url: str) -> Path | None:
        if self.base and url.startswith(self.base.rstrip("/") + "/"):
            return self.root / url[len(self.base.rstrip("/")) + 1 :].split("#")[0]
        return None

    def json(self, url: str) -> Any:
        """The JSON served at ``url`` in this folder (read once), or ``None``."""
        if url not in self._json:
            data = self.bytes(url)
            try:
                self._json[url] = json.loads(data) if data is not None else None
            except (json.JSONDecodeError, UnicodeDecodeError):
                self._json[url] = None
        return self._json[url]

    def bytes(self, url: str) -> bytes | None:
        """The file served at ``url`` in this folder, or ``None`` (the URL is elsewhere, or not served)."""
        path = self.local(url)
        if path is None or not path.is_file() or not path.resolve().is_relative_to(self.root.resolve()):
            return None
        return path.read_bytes()


def check_document(doc: Any, file: str, *, schemas: SchemaSet | None = None,
                   files: ExportFiles | None = None, jwt: bool = False) -> list[Problem]:  # fmt: skip
    """Every problem of one JSON document (OB 2.0, OB 3.0 or CASE) named ``file``; other JSON passes.
    ``jwt``: ``doc`` is the payload of a VC-JWT (its registered claims are not JSON-LD)."""
    kind = classify(doc)
    problems: list[Problem] = []
    if kind.startswith("ob2-"):
        problems.extend(_ob2_rules(doc, kind, file, files))
    elif kind.startswith("ob3-"):
        problems.extend(_ob3_rules(doc, kind, file, files))
        problems.extend(linked_data_problems(doc, file, jwt=jwt))
    elif kind == "status-list":
        problems.extend(_status_list_rules(doc, file))
    if schemas is not None and kind in schemas.validators:
        for error in sorted(schemas.validators[kind].iter_errors(doc), key=lambda e: list(e.absolute_path))[:50]:
            where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path).lstrip(".")
            message = error.message if len(error.message) < 300 else error.message[:297] + "…"
            code = "case-invalid" if kind == "case" else "schema-invalid"
            name = "CASE 1.1" if kind == "case" else "official OB 3.0"
            problems.append(_p(code, E, f"{name} schema: {message}", f"schéma {name} : {message}", file, where or None))
    return problems


def _check_baked(path: Path, rel: str, schemas: SchemaSet | None, files: ExportFiles) -> Iterator[Problem]:
    try:
        payloads = baked_payloads(path.read_bytes(), rel)
    except (MalformedBakedImage, UnsupportedImageFormat) as error:
        yield _p("baked-unreadable", E, str(error), str(error), rel)
        return
    if len(payloads) != 1:
        yield _p("baked-count", E, f"a baked image must hold exactly one badge payload (found {len(payloads)}).",
                 f"une image cuite doit contenir exactement un badge (trouvé {len(payloads)}).", rel)  # fmt: skip
    for payload in payloads[:1]:
        if payload.image_format == "svg":
            expected_ns = SVG_NAMESPACE_OB3 if payload.version == "3.0" else SVG_NAMESPACE_OB2
            if f'xmlns:openbadges="{expected_ns}"' not in path.read_text("utf-8", errors="replace"):
                yield _p("baked-svg-namespace", E, f"the SVG must declare xmlns:openbadges=\"{expected_ns}\" for an OB "
                         f"{payload.version} payload.", f"le SVG doit déclarer xmlns:openbadges=\"{expected_ns}\" pour "
                         f"un badge OB {payload.version}.", rel)  # fmt: skip
        if payload.compressed:
            yield _p("baked-compressed", E, "the baked payload is compressed: the spec forbids it.",
                     "le badge cuit est compressé : la spécification l'interdit.", rel)  # fmt: skip
        if payload.container in ("tEXt", "zTXt"):
            yield _p("baked-chunk-type", E, f"the payload is in a {payload.container} chunk: it must be iTXt.",
                     f"le badge est dans un bloc {payload.container} : ce doit être iTXt.", rel)  # fmt: skip
        try:
            data = payload.data
            version = payload_version(payload.text)
        except (ValueError, UnicodeDecodeError) as error:
            yield _p("baked-unreadable", E, f"the baked payload cannot be read ({error}).",
                     f"le badge cuit est illisible ({error}).", rel)  # fmt: skip
            continue
        expected = {"2.0": (OB2_KEYWORD, "openbadges:assertion"), "3.0": (OB3_KEYWORD, "openbadges:credential")}[
            version
        ]
        if payload.keyword not in expected:
            yield _p("baked-keyword", E, f"an OB {version} payload must be baked under '{expected[0 if payload.image_format == 'png' else 1]}', "
                     f"not '{payload.keyword}'.", f"un badge OB {version} doit être cuit sous « "
                     f"{expected[0 if payload.image_format == 'png' else 1]} », pas « {payload.keyword} ».", rel)  # fmt: skip
        if data is not None:
            yield from check_document(data, rel, schemas=schemas, files=files, jwt=payload.is_jws)


def _check_jwt(path: Path, rel: str, schemas: SchemaSet | None, files: ExportFiles) -> Iterator[Problem]:
    token = path.read_text("utf-8").strip()
    try:
        head = token.split(".")[0]
        header = json.loads(base64.urlsafe_b64decode(head + "=" * (-len(head) % 4)))
        payload = jws_payload(token)
    except (ValueError, IndexError, UnicodeDecodeError) as error:
        yield _p("jws-unreadable", E, f"not a compact JWS ({error}).", f"pas un JWS compact ({error}).", rel)
        return
    extra = set(header) - _JOSE_HEADERS
    if extra or "alg" not in header or "d" in (header.get("jwk") or {}):
        yield _p("jws-header", E, f"a VC-JWT header holds only alg, kid or jwk (public), typ (found {sorted(header)}).",
                 f"l'en-tête d'un VC-JWT ne contient que alg, kid ou jwk (public), typ (trouvé {sorted(header)}).", rel)  # fmt: skip
    yield from check_document(payload, rel, schemas=schemas, files=files, jwt=True)
    if classify(payload) in CREDENTIAL_KINDS:
        yield from jwt_problems(token, header, rel, files.bytes)


def check_export(folder: str | os.PathLike[str], *, shared: str | os.PathLike[str] | None = None) -> Report:
    """Every problem in the export ``folder``: each JSON, JWT and image file, checked as described above."""
    root = Path(folder)
    if not root.is_dir():
        return Report(
            [_p("export-not-found", E, f"{root} is not a folder.", f"{root} n'est pas un dossier.", str(root))]
        )
    if not any((root / part).exists() for part in (MANIFEST, "ob2", "ob3", "case", "clr", "awards.json")):
        # Checking nothing would say "no problem" about a folder that is not an export at all (a framework
        # folder given by mistake, an empty folder): say what to give instead.
        framework = (root / "framework.yaml").is_file()
        what_en = "a framework folder, not an export" if framework else "not a Badge Workbench export"
        what_fr = "un dossier de référentiel, pas un export" if framework else "n'est pas un export de Badge Workbench"
        return Report([_p("not-an-export", E,
                          f"{root} is {what_en} (no ob2/, ob3/ nor {MANIFEST}): give the folder that "
                          "'badgeworkbench export --out' or 'award --out' wrote.",
                          f"{root} {'est ' if framework else ''}{what_fr} (ni ob2/, ni ob3/, ni {MANIFEST})\u202f: "
                          "indiquez le dossier écrit par « badgeworkbench export --out » ou « award --out ».",
                          str(root))])  # fmt: skip
    problems: list[Problem] = []
    schemas = None
    shared_dir = Path(shared).resolve() if shared is not None else None
    if shared_dir is not None and not _has_schemas(shared_dir):
        missing = shared_dir / "openbadges" / "ob_v3p0" / "schema"
        problems.append(_p("schemas-not-found", W, f"The official OB 3.0 JSON Schemas were not found at {missing}: OB 3.0 "
                           "files were checked without them. Give the folder holding openbadges/, or leave it out to "
                           "use the copies shipped with the workbench.",
                           f"Les schémas JSON officiels OB 3.0 sont introuvables ({missing}) : les fichiers OB 3.0 ont "
                           "été vérifiés sans eux. Indiquez le dossier qui contient openbadges/, ou rien pour utiliser "
                           "les copies livrées avec l'atelier.", str(missing)))  # fmt: skip
    else:
        schemas = load_schemas(shared_dir)
        if "case" not in schemas.validators and any(root.glob("case/*.json")):
            where = (shared_dir or Path(".")) / "case"
            problems.append(_p("schemas-not-found", W, f"The CASE 1.1 schema was not found under {where}.",
                               f"Le schéma CASE 1.1 est introuvable dans {where}.", str(where)))  # fmt: skip
    files = ExportFiles(root)
    signed_folder: bool | None = None  # whether anything is signed: looked up at the first credential
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root).as_posix()
        if rel == MANIFEST:
            continue
        suffix = path.suffix.lower()
        if suffix == ".json":
            try:
                raw = path.read_text("utf-8")
                doc = json.loads(raw)
            except (json.JSONDecodeError, UnicodeDecodeError) as error:
                problems.append(_p("invalid-json", E, f"not valid UTF-8 JSON ({error}).",
                                   f"JSON UTF-8 invalide ({error}).", rel))  # fmt: skip
                continue
            problems.extend(check_document(doc, rel, schemas=schemas, files=files))
            kind = classify(doc)
            if kind in CREDENTIAL_KINDS or (kind.startswith("ob3-") and '"endorsement"' in raw):
                if signed_folder is None:
                    signed_folder = folder_is_signed(root)
                if kind in CREDENTIAL_KINDS:
                    problems.extend(unsigned_or_proof_problems(doc, path, rel, signed_folder=signed_folder,
                                                               local=files.bytes))  # fmt: skip
                problems.extend(embedded_problems(doc, rel, signed_folder=signed_folder, local=files.bytes))
        elif suffix in (".jwt", ".jws"):
            problems.extend(_check_jwt(path, rel, schemas, files))
        elif suffix in (".png", ".svg"):
            if "baked" in path.name:
                problems.extend(_check_baked(path, rel, schemas, files))
                continue
            data = path.read_bytes()
            kind = sniff_image_format(data)
            if kind != suffix[1:]:
                problems.append(_p("image-not-png-or-svg", E, f"this {suffix[1:].upper()} file is actually {kind}.",
                                   f"ce fichier {suffix[1:].upper()} est en réalité {kind}.", rel))  # fmt: skip
            elif kind == "png":
                try:
                    _png_chunks(data, rel)
                except MalformedBakedImage as error:
                    problems.append(_p("image-damaged", E, error.reason, error.reason, rel))
        elif suffix in _IMAGE_EXTENSIONS:
            problems.append(_p("image-not-png-or-svg", E, f"{suffix[1:].upper()} image: Open Badges allows PNG or SVG only.",
                               f"image {suffix[1:].upper()} : Open Badges n'accepte que PNG ou SVG.", rel))  # fmt: skip
    return Report(problems)

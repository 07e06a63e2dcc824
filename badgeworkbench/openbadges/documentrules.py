"""What an Open Badges document must be to be imported: the spec's rules, and only those.

Strict where the spec is: a document is refused, with the field and the reason, when its type is not
an Open Badges one (``OtherCredential``), its ``@context`` is missing or not the spec's, it has no issuer
or an issuer that is not a Profile, a name or description that is not text, no criteria, a date that
is not a date… OB 2.0 documents follow the required properties and value types of the 2.0 spec (as
1EdTech's validator checks them); OB 3.0 documents follow the ``@context`` rule and the official JSON
Schemas shipped in :mod:`badgeworkbench.specdata` (documents of the VC 1.1 era, before context 3.0.3,
follow the same rules with ``issuanceDate`` for ``validFrom``; the schemas, made for VC 2.0, are not
applied to them).

Lenient where the spec is: OB 2.0 accepts an inline ``@context`` object (or a list mixing URLs and
objects) that defines the Open Badges terms, the compacted forms of JSON-LD (a single ``type`` string,
an ``image`` given as its URL), a Unix timestamp as a date; OB 3.0 documents in compacted form are
expanded (:func:`expanded_ob3`) before the schema sees them.

>>> badge = {"@context": "https://w3id.org/openbadges/v2", "type": "BadgeClass", "id": "https://x.org/b",
...          "name": 3, "description": "d", "image": "https://x.org/b.png", "criteria": "https://x.org/c",
...          "issuer": "https://x.org/i"}
>>> kind = document_kind(badge)
>>> kind, [d.field for d in document_defects(badge, kind)]
('ob2-badgeclass', ['name'])
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .common import DATETIME_Z, VC2_CONTEXT

__all__ = [
    "OB2_CONTEXT_URLS",
    "VC1_CONTEXT",
    "Defect",
    "document_defects",
    "document_kind",
    "expanded_ob3",
    "profile_defects",
]

#: The OB 2.0 context and its aliases (the spec's ``openbadgespec.org`` address, with or without a final slash).
OB2_CONTEXT_URLS = frozenset({"https://w3id.org/openbadges/v2", "https://w3id.org/openbadges/v2/",
                              "http://w3id.org/openbadges/v2", "https://openbadgespec.org/v2/context.json",
                              "http://openbadgespec.org/v2/context.json"})  # fmt: skip
_OB2_NAMESPACE = "https://w3id.org/openbadges#"
_OB3_CONTEXT = re.compile(r"^https://purl\.imsglobal\.org/spec/ob/v3p0/context(-3\.\d\.\d)*\.json$")
#: The VC 1.1 context, first in OB 3.0 documents written before context 3.0.3 moved to VC 2.0 (they date
#: with ``issuanceDate``, not ``validFrom``); the current official schema only knows VC 2.0 documents.
VC1_CONTEXT = "https://www.w3.org/2018/credentials/v1"
_OB2_TYPES = {"BadgeClass": "ob2-badgeclass", "Assertion": "ob2-assertion", "Issuer": "ob2-issuer",
              "Profile": "ob2-issuer", "Endorsement": "ob2-endorsement"}  # fmt: skip
_OB3_TYPES = {"VerifiableCredential", "OpenBadgeCredential", "AchievementCredential", "EndorsementCredential",
              "Achievement", "Profile"}  # fmt: skip
#: Objects whose ``type`` is a single string in OB 3.0 (every other ``type`` is an array).
_STRING_TYPE_KEYS = {"image", "identifier", "otherIdentifier", "proof", "credentialSchema", "credentialStatus",
                     "refreshService", "termsOfUse", "recipient", "verification", "verificationMethod",
                     "evidence"}  # fmt: skip
_EMAIL = re.compile(r"^(mailto:)?[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL = re.compile(r"^https?://[^\s/]+[^\s]*$", re.IGNORECASE)
_IRI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$")
_TIMESTAMP = re.compile(r"^\d{10}$")


@dataclass(frozen=True)
class Defect:
    """One reason a document is refused: the field (a dotted path) and the reason in French and English."""

    field: str
    en: str
    fr: str


# --- kinds ---------------------------------------------------------------------------------------


def _types(value: Any) -> list[str]:
    kind = value.get("type") if isinstance(value, dict) else None
    if isinstance(kind, str):
        return [kind]
    return [t for t in kind if isinstance(t, str)] if isinstance(kind, list) else []


def _context_urls(context: Any) -> list[str]:
    items = context if isinstance(context, list) else [context]
    return [c for c in items if isinstance(c, str)]


def _is_ob3(doc: dict[str, Any]) -> bool:
    urls = _context_urls(doc.get("@context"))
    if any("credentials/v2" in c or "2018/credentials" in c or "/ob/v3p0/" in c for c in urls):
        return True
    if any(c in OB2_CONTEXT_URLS for c in urls) or isinstance(doc.get("@context"), dict):
        return False
    types = _types(doc)
    # without a telling context, the type decides: OB 3.0 names (an array of them, or a credential type)
    return bool(set(types) & (_OB3_TYPES - {"Profile", "Achievement"})) or (
        isinstance(doc.get("type"), list) and bool(set(types) & _OB3_TYPES)
    )


def document_kind(doc: Any) -> str:
    """``ob2-badgeclass``, ``ob2-assertion``, ``ob2-issuer``, ``ob2-endorsement``, ``ob3-credential``,
    ``ob3-achievement``, ``ob3-profile``, ``ob3-endorsement``, or ``unknown`` (no Open Badges type).

    Decided by the type (and the context for the version), whatever else is wrong, so that a defective
    document is refused for its defect rather than as "not a badge".
    """
    if not isinstance(doc, dict):
        return "unknown"
    types = _types(doc)
    if _is_ob3(doc):
        if "EndorsementCredential" in types:
            return "ob3-endorsement"
        if "VerifiableCredential" in types or {"OpenBadgeCredential", "AchievementCredential"} & set(types):
            return "ob3-credential"
        if "Achievement" in types:
            return "ob3-achievement"
        if "Profile" in types:
            return "ob3-profile"
        return "unknown"
    return next((_OB2_TYPES[t] for t in types if t in _OB2_TYPES), "unknown")


def expanded_ob3(doc: dict[str, Any]) -> dict[str, Any]:
    """A copy of an OB 3.0 document with its JSON-LD compacted forms written out as the schemas want them:
    a single ``type`` string as an array, an ``image`` URL as an Image object.

    >>> expanded_ob3({"type": "Achievement", "image": "https://x.org/a.png"})
    {'type': ['Achievement'], 'image': {'id': 'https://x.org/a.png', 'type': 'Image'}}
    """

    def expand(value: Any, key: str | None) -> Any:
        if isinstance(value, list):
            return [expand(v, key) for v in value]
        if not isinstance(value, dict):
            return value
        out = {k: expand(v, k) for k, v in value.items()}
        if isinstance(out.get("type"), str) and key not in _STRING_TYPE_KEYS:
            out["type"] = [out["type"]]
        if isinstance(out.get("image"), str):
            out["image"] = {"id": out["image"], "type": "Image"}
        return out

    return expand(copy.deepcopy(doc), None)


# --- value rules ---------------------------------------------------------------------------------


def _where(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _what(value: Any) -> tuple[str, str]:
    if isinstance(value, bool):
        return "a boolean", "un booléen"
    if isinstance(value, int | float):
        return f"a number ({value})", f"un nombre ({value})"
    if isinstance(value, list):
        return "a list", "une liste"
    if isinstance(value, dict):
        return "an object", "un objet"
    return "empty", "vide"


def _missing(where: str, name: str) -> Defect:
    return Defect(where, f"{name} is missing: the spec requires it.", f"{name} manque : la spécification l'exige.")


def _text(doc: dict[str, Any], name: str, path: str, *, required: bool) -> Iterator[Defect]:
    value = doc.get(name)
    where = _where(path, name)
    if value is None or value == "":
        if required:
            yield _missing(where, name)
        return
    if not isinstance(value, str):
        en, fr = _what(value)
        yield Defect(where, f"{name} must be text, not {en}.", f"{name} doit être du texte, pas {fr}.")


def _date(doc: dict[str, Any], name: str, path: str, *, required: bool, timestamps: bool) -> Iterator[Defect]:
    value = doc.get(name)
    where = _where(path, name)
    if value is None:
        if required:
            yield _missing(where, name)
        return
    text = str(value) if timestamps and isinstance(value, int) and not isinstance(value, bool) else value
    if isinstance(text, str) and (DATETIME_Z.match(text) or (timestamps and _TIMESTAMP.match(text))):
        if DATETIME_Z.match(text) and not _valid_calendar(text):
            yield Defect(where, f"{name} {value!r} is not a real date.", f"{name} {value!r} n'est pas une date réelle.")
        return
    yield Defect(where, f"{name} {value!r} is not a date with a time and a zone (2024-05-01T10:00:00Z).",
                 f"{name} {value!r} n'est pas une date avec heure et fuseau (2024-05-01T10:00:00Z).")  # fmt: skip


def _valid_calendar(value: str) -> bool:
    import datetime as dt

    try:
        dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _iri(doc: dict[str, Any], name: str, path: str, *, required: bool) -> Iterator[Defect]:
    value = doc.get(name)
    where = _where(path, name)
    if value is None or value == "":
        if required:
            yield _missing(where, name)
    elif not isinstance(value, str) or not _IRI.match(value):
        yield Defect(where, f"{name} {value!r} is not an IRI (a URL or a urn:uuid).",
                     f"{name} {value!r} n'est pas un IRI (une URL ou un urn:uuid).")  # fmt: skip


def _type_defects(doc: dict[str, Any], path: str, expected: tuple[str, ...], what: str) -> Iterator[Defect]:
    types = _types(doc)
    if not set(types) & set(expected):
        found = doc.get("type")
        yield Defect(_where(path, "type"),
                     f"type {found!r} is not {' or '.join(expected)}: {what}.",
                     f"type {found!r} n'est pas {' ni '.join(expected)} : {what}.")  # fmt: skip


# --- OB 2.0 --------------------------------------------------------------------------------------


def _defines_ob2_terms(context: dict[str, Any]) -> bool:
    """True when an inline context object maps the Open Badges terms to the Open Badges vocabulary
    (the official context copied inline, an ``obi:`` prefix, or ``@vocab``)."""
    prefixes = {
        k for k, v in context.items() if v == _OB2_NAMESPACE or (isinstance(v, dict) and v.get("@id") == _OB2_NAMESPACE)
    }
    if context.get("@vocab") == _OB2_NAMESPACE:
        return True
    for term in ("BadgeClass", "Assertion", "Profile", "Issuer"):
        value = context.get(term)
        iri = value.get("@id") if isinstance(value, dict) else value
        if isinstance(iri, str) and (iri.startswith(_OB2_NAMESPACE) or iri.split(":")[0] in prefixes):
            return True
    return False


def _ob2_context_defects(doc: dict[str, Any]) -> Iterator[Defect]:
    context = doc.get("@context")
    expected = "https://w3id.org/openbadges/v2"
    if context is None:
        yield Defect("@context", f"@context is missing: an OB 2.0 document names {expected}.",
                     f"@context manque : un document OB 2.0 indique {expected}.")  # fmt: skip
        return
    items = context if isinstance(context, list) else [context]
    if any(isinstance(c, str) and c in OB2_CONTEXT_URLS for c in items):
        return
    if any(isinstance(c, dict) and _defines_ob2_terms(c.get("@context", c)) for c in items):
        return
    shown = context if isinstance(context, str) else "an object or list that does not define the Open Badges terms"
    shown_fr = (
        context if isinstance(context, str) else "un objet ou une liste qui ne définit pas les termes Open Badges"
    )
    yield Defect("@context", f"@context is {shown}: OB 2.0 needs {expected} (or an inline context defining its terms).",
                 f"@context vaut {shown_fr} : OB 2.0 exige {expected} (ou un contexte en ligne qui définit ses termes).")  # fmt: skip


def profile_defects(issuer: Any, path: str, version: str) -> list[Defect]:
    """The defects of an issuer (or creator) Profile given inline; an IRI alone has none to check here."""
    if isinstance(issuer, str) and version == "2.0":
        return [] if _IRI.match(issuer) else [Defect(path, f"{path} {issuer!r} is neither a Profile nor its IRI.",
                                                     f"{path} {issuer!r} n'est ni un profil ni son IRI.")]  # fmt: skip
    if not isinstance(issuer, dict):
        en, fr = _what(issuer)
        return [
            Defect(path, f"{path} must be a Profile object, not {en}.", f"{path} doit être un objet Profile, pas {fr}.")
        ]
    expected = ("Issuer", "Profile") if version == "2.0" else ("Profile",)
    found = list(_type_defects(issuer, path, expected, "the issuer must be a Profile"))
    found += _iri(issuer, "id", path, required=True)
    found += _text(issuer, "name", path, required=True)
    if version == "2.0":
        url, email = issuer.get("url"), issuer.get("email")
        if not isinstance(url, str) or not _URL.match(url):
            found.append(Defect(_where(path, "url"), f"url {url!r} is not an http(s) URL: an OB 2.0 issuer needs one.",
                                f"url {url!r} n'est pas une URL http(s) : un émetteur OB 2.0 en a besoin."))  # fmt: skip
        if not isinstance(email, str) or not _EMAIL.match(email):
            found.append(Defect(_where(path, "email"), f"email {email!r} is not an email address: an OB 2.0 issuer "
                                "needs one.", f"email {email!r} n'est pas une adresse e-mail : un émetteur OB 2.0 en "
                                "a besoin."))  # fmt: skip
    return found


def _criteria_defects(criteria: Any, path: str) -> Iterator[Defect]:
    if criteria is None or criteria in ("", {}):
        yield Defect(path, "criteria is missing: the spec requires the criteria (a URL or a narrative).",
                     "criteria manque : la spécification exige les critères (une URL ou un texte).")  # fmt: skip
    elif isinstance(criteria, str):
        if not _IRI.match(criteria):
            yield Defect(path, f"criteria {criteria!r} is not a URL.", f"criteria {criteria!r} n'est pas une URL.")
    elif isinstance(criteria, dict):
        if not criteria.get("id") and not criteria.get("narrative"):
            yield Defect(path, "criteria needs an id (its page) or a narrative.",
                         "criteria doit avoir un id (sa page) ou un narrative.")  # fmt: skip
        yield from _text(criteria, "narrative", path, required=False)
    else:
        en, fr = _what(criteria)
        yield Defect(
            path,
            f"criteria must be a URL or an object, not {en}.",
            f"criteria doit être une URL ou un objet, pas {fr}.",
        )


def _image_defects(doc: dict[str, Any], path: str, *, required: bool) -> Iterator[Defect]:
    image = doc.get("image")
    where = _where(path, "image")
    url = image.get("id") if isinstance(image, dict) else image
    if image is None:
        if required:
            yield Defect(where, "image is missing: an OB 2.0 BadgeClass needs one.",
                         "image manque : une BadgeClass OB 2.0 en a besoin.")  # fmt: skip
    elif not isinstance(url, str) or not (url.startswith("data:") or _IRI.match(url)):
        yield Defect(where, "image must be a URL, a data URI or an Image object with one.",
                     "image doit être une URL, une data URI ou un objet Image qui en contient une.")  # fmt: skip


def _alignment_defects(doc: dict[str, Any], path: str) -> Iterator[Defect]:
    alignment = doc.get("alignment")
    if alignment is None:
        return
    items = alignment if isinstance(alignment, list) else [alignment]
    for i, item in enumerate(items):
        where = f"{_where(path, 'alignment')}[{i}]"
        if not isinstance(item, dict):
            yield Defect(where, "an alignment must be an object.", "un alignement doit être un objet.")
            continue
        yield from _text(item, "targetName", where, required=True)
        url = item.get("targetUrl")
        if not isinstance(url, str) or not _IRI.match(url):
            yield Defect(f"{where}.targetUrl", "an alignment needs a targetUrl (a URL).",
                         "un alignement doit avoir un targetUrl (une URL).")  # fmt: skip


def _ob2_badgeclass_defects(doc: dict[str, Any], path: str) -> Iterator[Defect]:
    yield from _type_defects(doc, path, ("BadgeClass",), "the badge must be a BadgeClass")
    yield from _iri(doc, "id", path, required=True)
    yield from _text(doc, "name", path, required=True)
    yield from _text(doc, "description", path, required=True)
    yield from _image_defects(doc, path, required=True)
    yield from _criteria_defects(doc.get("criteria"), _where(path, "criteria"))
    if doc.get("issuer") in (None, "", {}):
        yield Defect(_where(path, "issuer"), "issuer is missing: a BadgeClass must name its issuer.",
                     "issuer manque : une BadgeClass doit nommer son émetteur.")  # fmt: skip
    else:
        yield from profile_defects(doc["issuer"], _where(path, "issuer"), "2.0")
    yield from _alignment_defects(doc, path)
    tags = doc.get("tags")
    if tags is not None and not (
        isinstance(tags, str) or (isinstance(tags, list) and all(isinstance(t, str) for t in tags))
    ):
        yield Defect(_where(path, "tags"), "tags must be a list of texts.", "tags doit être une liste de textes.")


def _ob2_assertion_defects(doc: dict[str, Any]) -> Iterator[Defect]:
    yield from _iri(doc, "id", "", required=True)
    recipient = doc.get("recipient")
    if not isinstance(recipient, dict) or not recipient.get("identity") or not recipient.get("type") \
            or not isinstance(recipient.get("hashed"), bool):  # fmt: skip
        yield Defect("recipient", "recipient needs a type, an identity and hashed (true or false).",
                     "recipient doit avoir type, identity et hashed (true ou false).")  # fmt: skip
    verification = doc.get("verification")
    if not isinstance(verification, dict) or not verification.get("type"):
        yield Defect("verification", "verification is missing or has no type (HostedBadge or SignedBadge).",
                     "verification manque ou n'a pas de type (HostedBadge ou SignedBadge).")  # fmt: skip
    yield from _date(doc, "issuedOn", "", required=True, timestamps=True)
    yield from _date(doc, "expires", "", required=False, timestamps=True)
    badge = doc.get("badge")
    if badge is None or badge == "":
        yield Defect("badge", "badge is missing: an Assertion names its BadgeClass.",
                     "badge manque : une Assertion nomme sa BadgeClass.")  # fmt: skip
    elif isinstance(badge, dict):
        yield from _ob2_badgeclass_defects(badge, "badge")
    elif not isinstance(badge, str) or not _IRI.match(badge):
        yield Defect("badge", "badge must be a BadgeClass or its URL.", "badge doit être une BadgeClass ou son URL.")


# --- OB 3.0 --------------------------------------------------------------------------------------


def _ob3_context_defects(context: Any, path: str) -> Iterator[Defect]:
    where = _where(path, "@context")
    expected = f'["{VC2_CONTEXT}", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]'
    if context is None:
        yield Defect(where, f"@context is missing: an OB 3.0 document starts with {expected}.",
                     f"@context manque : un document OB 3.0 commence par {expected}.")  # fmt: skip
    elif not isinstance(context, list) or len(context) < 2 or context[0] not in (VC2_CONTEXT, VC1_CONTEXT) \
            or not (isinstance(context[1], str) and _OB3_CONTEXT.match(context[1])):  # fmt: skip
        shown = context if isinstance(context, str) else context[:2] if isinstance(context, list) else "an object"
        yield Defect(where, f"@context starts with {shown!r}: OB 3.0 needs the VC context first, then an OB 3.0 "
                     f"context ({expected}).", f"@context commence par {shown!r} : OB 3.0 exige le contexte VC en "
                     f"premier, puis un contexte OB 3.0 ({expected}).")  # fmt: skip


def _ob3_achievement_defects(achievement: Any, path: str) -> Iterator[Defect]:
    if not isinstance(achievement, dict):
        yield Defect(
            path, "the achievement is missing or not an object.", "le badge (achievement) manque ou n'est pas un objet."
        )
        return
    yield from _type_defects(achievement, path, ("Achievement",), "an OB 3.0 badge is an Achievement")
    yield from _iri(achievement, "id", path, required=True)
    yield from _text(achievement, "name", path, required=True)
    yield from _text(achievement, "description", path, required=True)
    criteria = achievement.get("criteria")
    if isinstance(criteria, str):  # OB 3.0 criteria is an object, never a bare URL
        yield Defect(_where(path, "criteria"), "criteria must be an object with an id or a narrative.",
                     "criteria doit être un objet avec un id ou un narrative.")  # fmt: skip
    else:
        yield from _criteria_defects(criteria, _where(path, "criteria"))
    if "creator" in achievement:
        yield from profile_defects(achievement["creator"], _where(path, "creator"), "3.0")
    yield from _alignment_defects(achievement, path)


def _is_vc1(doc: dict[str, Any]) -> bool:
    context = doc.get("@context")
    return isinstance(context, list) and bool(context) and context[0] == VC1_CONTEXT


def _ob3_defects(doc: dict[str, Any], kind: str) -> Iterator[Defect]:
    if kind != "ob3-profile":  # a Profile file may leave its context out (it is also embedded in badges)
        yield from _ob3_context_defects(doc.get("@context"), "")
    if kind == "ob3-credential":
        types = _types(doc)
        if "VerifiableCredential" not in types or not {"OpenBadgeCredential", "AchievementCredential"} & set(types):
            yield Defect("type", f"type {doc.get('type')!r} is not an Open Badges credential: it must hold "
                         "VerifiableCredential and OpenBadgeCredential (or AchievementCredential).",
                         f"type {doc.get('type')!r} n'est pas une attestation Open Badges : il doit contenir "
                         "VerifiableCredential et OpenBadgeCredential (ou AchievementCredential).")  # fmt: skip
        if doc.get("issuer") in (None, "", {}):
            yield Defect("issuer", "issuer is missing: a credential must name its issuer Profile.",
                         "issuer manque : une attestation doit nommer son émetteur (Profile).")  # fmt: skip
        else:
            yield from profile_defects(doc["issuer"], "issuer", "3.0")
        yield from _text(doc, "name", "", required=False)
        yield from _text(doc, "description", "", required=False)
        if _is_vc1(doc):
            yield from _date(doc, "issuanceDate", "", required=True, timestamps=False)
            yield from _date(doc, "expirationDate", "", required=False, timestamps=False)
        else:
            yield from _date(doc, "validFrom", "", required=True, timestamps=False)
            yield from _date(doc, "validUntil", "", required=False, timestamps=False)
        subject = doc.get("credentialSubject")
        if not isinstance(subject, dict):
            yield Defect("credentialSubject", "credentialSubject is missing or not an object.",
                         "credentialSubject manque ou n'est pas un objet.")  # fmt: skip
        else:
            yield from _ob3_achievement_defects(subject.get("achievement"), "credentialSubject.achievement")
    elif kind == "ob3-achievement":
        yield from _ob3_achievement_defects(doc, "")


def _schema_defects(doc: dict[str, Any], kind: str) -> Iterator[Defect]:
    from .checking import load_schemas

    validator = load_schemas().validators.get(kind)
    if validator is None:
        return
    for error in sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))[:3]:
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path).lstrip(".")
        message = error.message if len(error.message) < 200 else error.message[:197] + "…"
        yield Defect(where or "(document)", f"the official OB 3.0 schema refuses it: {message}",
                     f"le schéma officiel OB 3.0 le refuse : {message}")  # fmt: skip


def document_defects(doc: Any, kind: str) -> list[Defect]:
    """Every reason to refuse ``doc`` (of the ``kind`` :func:`document_kind` gave), most telling first; none
    for a valid document. OB 3.0 documents are checked in their expanded form (:func:`expanded_ob3`)."""
    if not isinstance(doc, dict):
        return [Defect("(document)", "the JSON is not an object.", "le JSON n'est pas un objet.")]
    if kind == "unknown":
        if "uid" in doc and "verify" in doc:
            return [Defect("(document)", "an Open Badges 1.0 assertion: only OB 2.0 and 3.0 are imported; ask the issuer "
                           "for the badge in OB 2.0 or 3.0.", "une assertion Open Badges 1.0 : seuls OB 2.0 et 3.0 sont "
                           "importés ; demandez le badge à l'émetteur en OB 2.0 ou 3.0.")]  # fmt: skip
        found = doc.get("type")
        return [Defect("type", f"type {found!r} is not an Open Badges document type (OB 2.0: BadgeClass, Assertion, "
                       "Issuer; OB 3.0: OpenBadgeCredential, Achievement, Profile).",
                       f"type {found!r} n'est pas un type de document Open Badges (OB 2.0 : BadgeClass, Assertion, "
                       "Issuer ; OB 3.0 : OpenBadgeCredential, Achievement, Profile).")]  # fmt: skip
    if kind.startswith("ob2-"):
        found = list(_ob2_context_defects(doc))
        if kind == "ob2-badgeclass":
            found += _ob2_badgeclass_defects(doc, "")
        elif kind == "ob2-assertion":
            found += _ob2_assertion_defects(doc)
        elif kind == "ob2-issuer":
            found += profile_defects(doc, "", "2.0")
        return found
    expanded = expanded_ob3(doc)
    found = list(_ob3_defects(expanded, kind))
    if kind == "ob3-profile":
        if "@context" in expanded:
            found += _ob3_context_defects(expanded["@context"], "")
        found += profile_defects(expanded, "", "3.0")
    if not found and kind in ("ob3-credential", "ob3-achievement", "ob3-profile") and not _is_vc1(expanded):
        found += _schema_defects(expanded, kind)
    return found

"""Checking a badge as a relying party (an employer, a coordinator) would: is it genuine, and what does it say?

:func:`verify_badge` takes the bytes of one file — a baked PNG or SVG, an OB 2.0 Assertion (JSON), an
OB 3.0 credential as JSON (with a Data Integrity proof) or as a VC-JWT — and returns a :class:`Verdict`:
one status, every :class:`Check` made (``proof``, ``issuer-key``, ``hosted``, ``dates``, ``status``,
``schema``, ``identity``), and the badge's :class:`Meaning` (who issued it, to whom, when, for what,
which competencies and reference items, who endorses it).

Where the documents a check needs come from (issuer profiles, keys, hosted assertions, status lists):
first the local export folder given (``export_folder``: its manifest says at which base URL it is
published, so URLs under it are read from the folder), then the network through ``fetch`` (url → bytes,
urllib with a short timeout by default) — never with ``offline``. A check that needs a document which is
neither local nor fetchable is ``not-checked`` and says why; a badge whose issuer keys are neither under
the export folder nor resolvable offline is ``foreign``.

The status, most serious first: ``unreadable`` (not a badge file), ``tampered`` (a signature or the
hosted copy does not match, or the key is not the issuer's), ``foreign``, ``revoked``, ``expired``,
``unverifiable`` (something could not be checked, or the file breaks the official schema), ``genuine``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .baking import baked_payloads, jws_payload, sniff_image_format
from .errors import MalformedBakedImage, UnsupportedImageFormat
from .sources import DocumentSources, Fetch, jwk_of, same_origin

__all__ = ["Check", "Meaning", "Outcome", "Verdict", "explain", "human_date", "verify_badge", "verify_paths"]

Outcome = Literal["ok", "failed", "not-checked"]
Status = Literal["genuine", "tampered", "revoked", "expired", "unverifiable", "foreign", "unreadable"]

_BADGE_SUFFIXES = {".png", ".svg", ".json", ".jwt", ".jws"}
_COMPACT_JWS = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$")
_MONTHS = {
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
}  # fmt: skip
#: Most serious first: the verdict is the first consequence any check had.
_SEVERITY: tuple[Status, ...] = ("tampered", "foreign", "revoked", "expired", "unverifiable")


@dataclass(frozen=True)
class Check:
    """One thing checked: its name, what came of it, and the reason in French and English."""

    name: str
    outcome: Outcome
    messages: dict[str, str]

    def text(self, lang: str = "fr") -> str:
        return self.messages.get(lang) or self.messages.get("en", "")


@dataclass(frozen=True)
class Meaning:
    """What the badge says, for someone who has never heard of Open Badges."""

    badge_name: str
    description: str
    criteria: str
    issuer_name: str
    issuer_url: str
    recipient: str
    identity_matches: bool | None
    issued: str
    valid_until: str | None
    competencies: tuple[dict[str, str], ...]
    endorsers: tuple[dict[str, str], ...]
    image: bytes | None
    version: str
    #: Where the endorsements were read: "" when the badge file embeds them, else the URL of the Achievement
    #: published at the badge's achievement id (a VC-JWT badge embeds none: no context defines endorsementJwt).
    endorsements_from: str = ""

    def to_dict(self) -> dict[str, Any]:
        value = {name: getattr(self, name) for name in self.__dataclass_fields__ if name != "image"}
        value["competencies"] = [dict(c) for c in self.competencies]
        value["endorsers"] = [dict(e) for e in self.endorsers]
        value["has_image"] = self.image is not None
        return value


@dataclass(frozen=True)
class Verdict:
    """The outcome of checking one badge file (see the module)."""

    source: str
    status: Status
    checks: tuple[Check, ...]
    meaning: Meaning | None
    #: The check that decided the status (its name), when it is not "genuine".
    decided_by: str | None = field(default=None, compare=False)

    @property
    def exit_code(self) -> int:
        """0 genuine (and, when an identity was given, this person's), 2 unreadable, 1 otherwise."""
        if self.status == "unreadable":
            return 2
        if self.status != "genuine":
            return 1
        return 1 if any(c.name == "identity" and c.outcome == "failed" for c in self.checks) else 0

    def check(self, name: str) -> Check | None:
        return next((c for c in self.checks if c.name == name), None)

    def sentence(self, lang: str = "fr") -> str:
        """The verdict in one sentence, ✔ or ✖ first."""
        lang = "fr" if lang == "fr" else "en"
        fr = lang == "fr"
        meaning = self.meaning
        decisive = self.check(self.decided_by) if self.decided_by else None
        reason = decisive.text(lang).rstrip(". ") if decisive else ""
        what = ""
        if meaning is not None:
            date = human_date(meaning.issued, lang)
            what = (f"« {meaning.badge_name} » délivré par {meaning.issuer_name}" + (f" le {date}" if date else "")
                    if fr else
                    f"“{meaning.badge_name}” issued by {meaning.issuer_name}" + (f" on {date}" if date else ""))  # fmt: skip
        if self.status == "genuine":
            identity = self.check("identity")
            if identity is not None and identity.outcome == "failed":
                return (f"✖ Badge authentique, mais pas au nom de la personne indiquée : {what}." if fr else
                        f"✖ Genuine badge, but not issued to the person given: {what}.")  # fmt: skip
            mine = identity is not None and identity.outcome == "ok"
            return (f"✔ Badge authentique : {what}" + (", au nom de la personne indiquée." if mine else ".") if fr else
                    f"✔ Genuine badge: {what}" + (", to the person given." if mine else "."))  # fmt: skip
        if self.status == "revoked":
            return f"✖ Badge {reason}."  # the reason reads "révoqué par …" / "revoked by …"
        if self.status == "expired":
            return f"✖ Badge {reason} : {what}." if fr else f"✖ Badge {reason}: {what}."
        titles = {
            "tampered": ("Badge falsifié ou modifié", "Forged or altered badge"),
            "foreign": ("Badge d'un autre émetteur", "Badge from another issuer"),
            "unverifiable": ("Badge invérifiable", "Badge that cannot be verified"),
            "unreadable": ("Fichier illisible", "Unreadable file"),
        }
        title = titles[self.status][0 if fr else 1]
        return f"✖ {title} : {reason}." if fr else f"✖ {title}: {reason}."

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "status": self.status,
            "exit_code": self.exit_code,
            "sentence": {"fr": self.sentence("fr"), "en": self.sentence("en")},
            "checks": [{"name": c.name, "outcome": c.outcome, "messages": dict(c.messages)} for c in self.checks],
            "meaning": self.meaning.to_dict() if self.meaning is not None else None,
        }


def human_date(moment: str | None, lang: str = "fr") -> str:
    """``2026-04-01T12:00:00Z`` → ``1 avril 2026`` / ``1 April 2026``; the text itself when it is not a date.

    >>> human_date("2026-04-01T12:00:00Z"), human_date("2026-12-02T00:00:00Z", "en")
    ('1 avril 2026', '2 December 2026')
    """
    parsed = _parse_date(moment)
    if parsed is None:
        return str(moment) if moment else ""
    months = _MONTHS["fr" if lang == "fr" else "en"]
    return f"{parsed.day} {months[parsed.month - 1]} {parsed.year}"


def _parse_date(moment: Any) -> dt.datetime | None:
    if not isinstance(moment, str) or not moment:
        return None
    try:
        parsed = dt.datetime.fromisoformat(moment.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _m(fr: str, en: str) -> dict[str, str]:
    return {"fr": fr, "en": en}


# --- reading the file ----------------------------------------------------------------------------


class _Unreadable(Exception):
    def __init__(self, fr: str, en: str):
        super().__init__(en)
        self.messages = _m(fr, en)


def _read_payload(data: bytes, source: str) -> tuple[str, bytes | None]:
    """(text of the badge, image bytes when it was baked in one)."""
    kind = sniff_image_format(data)
    if kind in ("png", "svg"):
        try:
            payloads = baked_payloads(data, source)
        except (MalformedBakedImage, UnsupportedImageFormat) as error:
            raise _Unreadable(f"l'image est abîmée ou tronquée ({error})",
                              f"the image is damaged or truncated ({error})") from None  # fmt: skip
        if not payloads:
            raise _Unreadable(f"l'image {kind.upper()} ne contient aucun badge",
                              f"the {kind.upper()} image holds no badge")  # fmt: skip
        return payloads[0].text.strip(), data
    try:
        return data.decode("utf-8-sig").strip(), None
    except UnicodeDecodeError:
        raise _Unreadable("ce n'est ni une image PNG ou SVG, ni un fichier JSON ou JWT",
                          "it is neither a PNG or SVG image nor a JSON or JWT file") from None  # fmt: skip


def _parse(text: str) -> tuple[dict[str, Any], str | None]:
    """(document, compact JWS if it came as one)."""
    if _COMPACT_JWS.match(text):
        try:
            payload = jws_payload(text)
        except (ValueError, UnicodeDecodeError) as error:
            raise _Unreadable(f"le JWT est illisible ({error})", f"the JWT cannot be read ({error})") from None
        return _obj(payload.get("vc")) or payload, text
    try:
        value = json.loads(text)
    except ValueError as error:
        raise _Unreadable(f"ce n'est pas du JSON valide ({error})", f"it is not valid JSON ({error})") from None
    if not isinstance(value, dict):
        raise _Unreadable("le JSON n'est pas un objet badge", "the JSON is not a badge object")
    return value, None


def _obj(value: Any) -> dict[str, Any]:
    """``value`` when it is a JSON object, else an empty one (badges from elsewhere may hold anything)."""
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    """``value`` when it is a JSON array, ``[value]`` for one object, else nothing."""
    return value if isinstance(value, list) else [value] if isinstance(value, dict) else []


def _types(value: Any) -> list[str]:
    kind = value.get("type") if isinstance(value, dict) else None
    return (
        [kind] if isinstance(kind, str) else [t for t in kind if isinstance(t, str)] if isinstance(kind, list) else []
    )


# --- the checks ----------------------------------------------------------------------------------


@dataclass
class _Run:
    """What one verification gathers: the checks, and each failure's consequence for the verdict."""

    sources: DocumentSources
    now: dt.datetime
    identity: str | None
    checks: list[Check] = field(default_factory=list)
    consequences: list[tuple[Status, str]] = field(default_factory=list)

    def ok(self, name: str, fr: str, en: str) -> None:
        self.checks.append(Check(name, "ok", _m(fr, en)))

    def not_checked(self, name: str, fr: str, en: str) -> None:
        self.checks.append(Check(name, "not-checked", _m(fr, en)))

    def failed(self, name: str, consequence: Status | None, fr: str, en: str) -> None:
        self.checks.append(Check(name, "failed", _m(fr, en)))
        if consequence is not None:
            self.consequences.append((consequence, name))

    def unavailable(self, name: str, url: str, what_fr: str, what_en: str) -> None:
        consequence, messages = self.sources.unavailable(url, what_fr, what_en)
        self.checks.append(Check(name, "not-checked", messages))
        self.consequences.append((consequence, name))  # type: ignore[arg-type]

    def verdict(self, source: str, meaning: Meaning | None) -> Verdict:
        for status in _SEVERITY:
            for consequence, name in self.consequences:
                if consequence == status:
                    return Verdict(source, status, tuple(self.checks), meaning, name)
        return Verdict(source, "genuine", tuple(self.checks), meaning)


def _check_dates(run: _Run, valid_from: Any, valid_until: Any, from_name: str, until_name: str) -> None:
    start, end = _parse_date(valid_from), _parse_date(valid_until)
    if valid_from and start is None:
        run.failed("dates", "unverifiable", f"la date {from_name} « {valid_from} » est illisible",
                   f"the {from_name} date '{valid_from}' cannot be read")  # fmt: skip
    elif start is not None and start > run.now:
        run.failed("dates", "unverifiable", f"il ne sera valable qu'à partir du {human_date(valid_from, 'fr')}",
                   f"it is only valid from {human_date(valid_from, 'en')}")  # fmt: skip
    elif end is not None and end <= run.now:
        run.failed("dates", "expired", f"expiré depuis le {human_date(valid_until, 'fr')}",
                   f"expired since {human_date(valid_until, 'en')}")  # fmt: skip
    else:
        until_fr = f", jusqu'au {human_date(valid_until, 'fr')}" if end else ", sans date de fin"
        until_en = f", until {human_date(valid_until, 'en')}" if end else ", with no end date"
        run.ok("dates", f"valable depuis le {human_date(valid_from, 'fr')}{until_fr}",
               f"valid since {human_date(valid_from, 'en')}{until_en}")  # fmt: skip


def _check_identity(run: _Run, hashed: bool, identity_hash: str, salt: str) -> bool | None:
    if run.identity is None:
        return None
    from .award import hash_identity

    if hashed:
        matches = hash_identity(run.identity, salt or "") == identity_hash
    else:
        matches = identity_hash.strip().lower() == run.identity.strip().lower()
    if matches:
        run.ok("identity", "le badge a été délivré à l'identité indiquée", "the badge was issued to the identity given")
    else:
        run.failed("identity", None, "le badge n'a pas été délivré à l'identité indiquée",
                   "the badge was not issued to the identity given")  # fmt: skip
    return matches


def _issuer_id(credential: dict[str, Any]) -> str:
    issuer = credential.get("issuer")
    return str(issuer.get("id", "")) if isinstance(issuer, dict) else str(issuer or "")


def _issuer_name(run: _Run, issuer: Any) -> tuple[str, str]:
    if isinstance(issuer, str):
        profile = run.sources.json(issuer) if issuer.startswith("http") else None
        issuer = profile if isinstance(profile, dict) else {"id": issuer}
    issuer = _obj(issuer)
    name = issuer.get("name") if isinstance(issuer.get("name"), str) else ""
    url = next((str(u) for u in (issuer.get("url"), issuer.get("id")) if isinstance(u, str) and u), "")
    return name or url, url


def _check_jwt(run: _Run, token: str, credential: dict[str, Any]) -> None:
    """The VC-JWT's signature against the key its ``kid`` names, and that key against the issuer's Profile."""
    import base64

    from .signing import verify_jws

    head = token.split(".")[0]
    try:
        header = json.loads(base64.urlsafe_b64decode(head + "=" * (-len(head) % 4)))
    except ValueError:
        run.failed("proof", "tampered", "l'en-tête du JWT est illisible", "the JWT header cannot be read")
        return
    kid = header.get("kid") if isinstance(header, dict) else None
    if not isinstance(kid, str) or not kid:
        run.failed("proof", "unverifiable", "le JWT ne nomme pas sa clé (kid)", "the JWT does not name its key (kid)")
        return
    issuer = _issuer_id(credential)
    if kid.startswith("did:"):
        resolved = _resolve_did_key(run, kid)
        if resolved is None:
            return
        controller, raw = resolved
        from .signing import b64url

        jwk: dict[str, str] | None = {"kty": "OKP", "crv": "Ed25519", "x": b64url(raw)}
        key_is_issuers = controller == issuer
    else:
        key_document = run.sources.json(kid)
        if key_document is None:
            run.unavailable("proof", kid, "la clé de l'émetteur", "the issuer's key")
            return
        jwk = jwk_of(key_document)
        # The JWK at the kid is the issuer's when the issuer's own site serves it (as OB 2.0 hosted verification
        # ties an assertion to its issuer): the Profile names no key, no context defining verificationMethod.
        key_is_issuers = same_origin(kid, issuer)
    if jwk is None:
        run.failed("proof", "unverifiable", f"{kid} ne contient pas de clé publique", f"{kid} holds no public key")
        return
    try:
        signed = verify_jws(token, jwk)
    except (ValueError, KeyError, TypeError) as error:
        run.failed("proof", "tampered", f"la signature ne correspond pas au contenu ({error})",
                   f"the signature does not match the content ({error})")  # fmt: skip
        return
    if signed.get("iss") not in (None, issuer):
        run.failed("proof", "tampered", "le JWT n'est pas signé au nom de l'émetteur du badge",
                   "the JWT is not signed in the name of the badge's issuer")  # fmt: skip
        return
    run.ok("proof", "signature VC-JWT valide", "valid VC-JWT signature")
    if key_is_issuers:
        run.ok(
            "issuer-key", "la clé de signature est publiée par l'émetteur", "the signing key is published by the issuer"
        )
    else:
        run.failed("issuer-key", "tampered", f"la clé {kid} n'est pas celle de l'émetteur {issuer} : ni servie par son "
                   "site, ni contrôlée par lui", f"the key {kid} is not the issuer {issuer}'s: neither served by its site "
                   "nor controlled by it")  # fmt: skip


def _resolve_did_key(run: _Run, method: str) -> tuple[str, bytes] | None:
    from .did import did_web_document_url, resolve_verification_method
    from .errors import DidError

    try:
        return resolve_verification_method(method, local=run.sources.local, fetch=run.sources.fetcher)
    except DidError as error:
        did = method.split("#")[0]
        try:
            document = did_web_document_url(did) if did.startswith("did:web:") else ""
        except DidError:
            document = ""
        if run.sources.offline and document and not run.sources.is_local(document):
            run.failed("proof", "foreign", f"la clé {method} n'est pas dans le dossier d'export et ne peut pas être "
                       f"résolue hors ligne ({error.text('fr')})", f"the key {method} is not under the export folder "
                       f"and cannot be resolved offline ({error.text('en')})")  # fmt: skip
        else:
            run.failed("proof", "unverifiable", f"la clé {method} n'a pas pu être résolue ({error.text('fr')})",
                       f"the key {method} could not be resolved ({error.text('en')})")  # fmt: skip
        return None


def _check_data_integrity(run: _Run, credential: dict[str, Any]) -> None:
    from .dataintegrity import ProofError, proof_verification_method, verify_proof

    method = proof_verification_method(credential)
    if not method:
        run.failed("proof", "unverifiable", "la preuve ne nomme pas sa clé", "the proof does not name its key")
        return
    if not method.startswith("did:"):  # keys are published in DID documents; a Profile holds none
        run.failed("proof", "unverifiable", f"la clé {method} n'est pas une DID (did:web ou did:key) : elle ne peut "
                   "pas être résolue", f"the key {method} is not a DID (did:web or did:key): it cannot be resolved")  # fmt: skip
        return
    resolved = _resolve_did_key(run, method)
    if resolved is None:
        return
    controller, raw = resolved
    try:
        verify_proof(credential, raw)
    except ProofError as error:
        run.failed("proof", "tampered", f"la preuve ne correspond pas au contenu ({error.text('fr')})",
                   f"the proof does not match the content ({error.text('en')})")  # fmt: skip
        return
    except Exception as error:  # a document JSON-LD cannot even read (a relative IRI…) is no signed document
        run.failed("proof", "unverifiable", f"le contenu ne peut pas être lu comme données liées ({error})",
                   f"the content cannot be read as linked data ({error})")  # fmt: skip
        return
    run.ok("proof", "preuve Data Integrity (eddsa-rdfc-2022) valide", "valid Data Integrity proof (eddsa-rdfc-2022)")
    issuer = _issuer_id(credential)
    if controller == issuer and issuer.startswith("did:key:"):
        run.ok("issuer-key", "l'émetteur est la clé elle-même (did:key) : elle ne nomme personne, le nom de l'émetteur "
               "est celui que le badge annonce", "the issuer is the key itself (did:key): it names no one, the "
               "issuer's name is what the badge says")  # fmt: skip
    elif controller == issuer:
        run.ok("issuer-key", "la clé de signature appartient à l'émetteur", "the signing key belongs to the issuer")
    else:
        run.failed("issuer-key", "tampered", f"la clé {method} appartient à {controller}, pas à l'émetteur {issuer}",
                   f"the key {method} belongs to {controller}, not to the issuer {issuer}")  # fmt: skip


def _check_status(run: _Run, credential: dict[str, Any], issuer_name: str) -> None:
    from .status import STATUS_ENTRY_TYPE, bit_is_set, status_list_bits

    entries = credential.get("credentialStatus")
    entries = [entries] if isinstance(entries, dict) else entries if isinstance(entries, list) else []
    if not entries:
        run.ok("status", "aucune liste de révocation : le badge ne peut pas être révoqué",
               "no revocation list: the badge cannot be revoked")  # fmt: skip
        return
    for entry in entries:
        kind = entry.get("type") if isinstance(entry, dict) else None
        if kind == STATUS_ENTRY_TYPE and entry.get("statusPurpose", "revocation") == "revocation":
            url = str(entry.get("statusListCredential", ""))
            listing = run.sources.json(url)
            if not isinstance(listing, dict):
                if run.sources.offline and not run.sources.is_local(url):
                    run.not_checked("status", f"révocation non vérifiée : hors ligne, et la liste {url} n'est pas "
                                    "dans le dossier d'export", f"revocation not checked: offline, and the list {url} "
                                    "is not in the export folder")  # fmt: skip
                else:
                    run.unavailable("status", url, "la liste de révocation", "the revocation list")
                return
            if _issuer_id(listing) != _issuer_id(credential):
                run.failed("status", "tampered", f"la liste de révocation {url} n'est pas publiée par l'émetteur du badge",
                           f"the revocation list {url} is not published by the badge's issuer")  # fmt: skip
                return
            if listing.get("proof"):  # a signed list must be intact: a changed bit would hide or fake a revocation
                probe = _Run(run.sources, run.now, None)
                _check_data_integrity(probe, listing)
                broken = next((c for c in probe.checks if c.outcome != "ok"), None)
                if broken is not None:
                    run.failed("status", "tampered" if broken.outcome == "failed" else "unverifiable",
                               f"la signature de la liste de révocation {url} n'est pas valable ({broken.text('fr')})",
                               f"the signature of the revocation list {url} does not hold ({broken.text('en')})")  # fmt: skip
                    return
            try:
                revoked = bit_is_set(status_list_bits(listing), int(entry.get("statusListIndex", "")))
            except (ValueError, IndexError, TypeError) as error:
                run.failed("status", "unverifiable", f"la liste de révocation {url} est illisible ({error})",
                           f"the revocation list {url} cannot be read ({error})")  # fmt: skip
                return
            published = human_date(listing.get("validFrom"), "fr"), human_date(listing.get("validFrom"), "en")
            if revoked:
                run.failed("status", "revoked", f"révoqué par {issuer_name} (liste de révocation publiée le "
                           f"{published[0]})", f"revoked by {issuer_name} (revocation list published on "
                           f"{published[1]})")  # fmt: skip
            else:
                run.ok("status", f"non révoqué (liste publiée le {published[0]})",
                       f"not revoked (list published on {published[1]})")  # fmt: skip
            return
        if kind == "1EdTechRevocationList":  # what awards made before status lists point at
            url = str(entry.get("id", ""))
            listing = run.sources.json(url)
            if not isinstance(listing, dict):
                run.unavailable("status", url, "la liste de révocation", "the revocation list")
                return
            listed = [r for r in _list(listing.get("revokedCredentials")) if _obj(r).get("id") == credential.get("id")]
            if listed:
                reason = str(_obj(listed[0]).get("revocationReason") or "")
                run.failed("status", "revoked", f"révoqué par {issuer_name}" + (f" (motif : {reason})" if reason else ""),
                           f"revoked by {issuer_name}" + (f" (reason: {reason})" if reason else ""))  # fmt: skip
            else:
                run.ok("status", "non révoqué (liste de révocation 1EdTech)", "not revoked (1EdTech revocation list)")
            return
    run.not_checked("status", "révocation non vérifiée : type de liste inconnu",
                    "revocation not checked: unknown kind of status list")  # fmt: skip


def _check_schema(run: _Run, document: dict[str, Any], kind: str) -> None:
    from .checking import check_document, load_schemas

    problems = [p for p in check_document(document, "badge", schemas=load_schemas()) if p.severity.value == "error"]
    name = (("au schéma officiel OB 3.0", "official OB 3.0 schema") if kind.startswith("ob3")
            else ("aux règles OB 2.0", "OB 2.0 rules"))  # fmt: skip
    if problems:
        first = problems[0]
        run.failed("schema", "unverifiable", f"non conforme {name[0]} : {first.text('fr')}",
                   f"does not follow the {name[1]}: {first.text('en')}")  # fmt: skip
    else:
        run.ok("schema", f"conforme {name[0]}", f"follows the {name[1]}")


def _competencies(alignments: Any) -> tuple[dict[str, str], ...]:
    found = []
    for item in alignments if isinstance(alignments, list) else []:
        if isinstance(item, dict):
            found.append({key: str(item.get(source) or "") for key, source in (
                ("name", "targetName"), ("code", "targetCode"), ("framework", "targetFramework"),
                ("url", "targetUrl"), ("targetType", "targetType"))})  # fmt: skip
    return tuple(found)


def _ob3_endorsers(run: _Run, endorsements: Iterable[Any]) -> tuple[dict[str, str], ...]:
    found = []
    for item in endorsements:
        if not isinstance(item, dict):
            continue
        name, _url = _issuer_name(run, item.get("issuer"))
        signed = "no"
        if isinstance(item.get("proof"), dict | list):
            probe = _Run(run.sources, run.now, None)
            _check_data_integrity(probe, item)
            signed = "yes" if all(c.outcome == "ok" for c in probe.checks) else "no"
        comment = _obj(item.get("credentialSubject")).get("endorsementComment", "")
        found.append({"name": name, "comment": str(comment), "signed": signed})
    return tuple(found)


def _endorsements(run: _Run, credential: dict[str, Any], achievement: dict[str, Any]) -> tuple[list[Any], str]:
    """The endorsements of the badge and where they were read: those the credential embeds (``""``), else those of
    the Achievement published at its id (the export folder, or fetched when online), that URL."""
    embedded = [*_list(achievement.get("endorsement")), *_list(credential.get("endorsement"))]
    url = achievement.get("id")
    if embedded or not isinstance(url, str) or not url.startswith(("https://", "http://")):
        return embedded, ""
    published = run.sources.json(url)
    if not isinstance(published, dict) or published.get("id") != url:
        return [], ""
    return _list(published.get("endorsement")), url


def _verify_ob3(run: _Run, credential: dict[str, Any], token: str | None, image: bytes | None) -> Meaning:
    subject = _obj(credential.get("credentialSubject"))
    achievement = _obj(subject.get("achievement"))
    issuer_name, issuer_url = _issuer_name(run, credential.get("issuer"))
    if token is not None:
        _check_jwt(run, token, credential)
    elif credential.get("proof"):
        _check_data_integrity(run, credential)
    else:
        run.failed("proof", "unverifiable", "le badge n'est pas signé : rien ne prouve qui l'a délivré",
                   "the badge is not signed: nothing proves who issued it")  # fmt: skip
    _check_dates(run, credential.get("validFrom"), credential.get("validUntil"), "validFrom", "validUntil")
    _check_status(run, credential, issuer_name)
    document = {k: v for k, v in credential.items() if k not in ("iss", "jti", "sub", "nbf", "exp")}
    _check_schema(run, document, "ob3")
    identifiers = subject.get("identifier") if isinstance(subject.get("identifier"), list) else []
    first = identifiers[0] if identifiers and isinstance(identifiers[0], dict) else {}
    recipient = str(first.get("identityHash") or subject.get("id") or "")
    matches = _check_identity(run, bool(first.get("hashed")), recipient, str(first.get("salt") or ""))
    criteria = _obj(achievement.get("criteria"))
    endorsements, endorsements_from = _endorsements(run, credential, achievement)
    picture = image
    if picture is None and isinstance(achievement.get("image"), dict):
        picture = run.sources.local(str(achievement["image"].get("id", "")))
    return Meaning(
        badge_name=str(achievement.get("name") or credential.get("name") or ""),
        description=str(achievement.get("description") or credential.get("description") or ""),
        criteria=str(criteria.get("narrative") or criteria.get("id") or ""),
        issuer_name=issuer_name, issuer_url=issuer_url, recipient=recipient, identity_matches=matches,
        issued=str(credential.get("awardedDate") or credential.get("validFrom") or ""),
        valid_until=str(credential["validUntil"]) if credential.get("validUntil") else None,
        competencies=_competencies(achievement.get("alignment")),
        endorsers=_ob3_endorsers(run, endorsements), image=picture, version="3.0",
        endorsements_from=endorsements_from if endorsements else "",
    )  # fmt: skip


_TOO_DEEP = _m("il imbrique des tableaux ou objets JSON plus profondément qu'aucun badge (plus de 1 000 niveaux)",
               "it nests JSON arrays or objects deeper than any badge does (over 1,000 levels)")


def verify_badge(data: bytes, source: str, *, export_folder: str | os.PathLike[str] | None = None,
                 offline: bool = False, identity: str | None = None, now: dt.datetime | None = None,
                 fetch: Fetch | None = None) -> Verdict:  # fmt: skip
    """The :class:`Verdict` on one badge file's bytes (``source`` names it in messages); see the module.

    >>> verdict = verify_badge(b'{"type": "Thing"}', "thing.json", offline=True)
    >>> verdict.status, verdict.exit_code, verdict.sentence("en")
    ('unreadable', 2, '✖ Unreadable file: it is neither an OB 2.0 assertion nor an OB 3.0 badge.')
    """
    moment = now if now is not None else dt.datetime.now(dt.UTC)
    run = _Run(DocumentSources(export_folder, offline, fetch), moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC),
               identity)  # fmt: skip
    try:
        text, image = _read_payload(data, source)
        if text.startswith(("https://", "http://")) and " " not in text:  # a baked hosted-assertion URL
            fetched = run.sources.get(text)
            if fetched is None:
                consequence, messages = run.sources.unavailable(text, "l'assertion hébergée", "the hosted assertion")
                run.failed("hosted", consequence, messages["fr"], messages["en"])  # type: ignore[arg-type]
                return run.verdict(source, None)
            text = fetched.decode("utf-8-sig").strip()
        document, token = _parse(text)
    except _Unreadable as error:
        return Verdict(source, "unreadable", (Check("readable", "failed", error.messages),), None, "readable")
    except UnicodeDecodeError:
        messages = _m("la copie hébergée n'est pas du texte", "the hosted copy is not text")
        return Verdict(source, "unreadable", (Check("readable", "failed", messages),), None, "readable")
    except RecursionError:  # JSON nested past the interpreter's limit: no badge is
        return Verdict(source, "unreadable", (Check("readable", "failed", _TOO_DEEP),), None, "readable")
    types = _types(document)
    context = json.dumps(document.get("@context", ""))
    meaning: Meaning | None
    try:
        if "Assertion" in types and "openbadges" in context:
            from .verify_ob2 import verify_assertion

            meaning = verify_assertion(run, document, token, image)
        elif {"OpenBadgeCredential", "AchievementCredential"} & set(types):
            meaning = _verify_ob3(run, document, token, image)
        else:
            meaning = None
    except RecursionError:  # a JWT header, a value of the badge or a document it names, nested past the limit
        return Verdict(source, "unreadable", (Check("readable", "failed", _TOO_DEEP),), None, "readable")
    if meaning is None:
        messages = _m("ce n'est ni une assertion OB 2.0, ni un badge OB 3.0",
                      "it is neither an OB 2.0 assertion nor an OB 3.0 badge")  # fmt: skip
        return Verdict(source, "unreadable", (Check("readable", "failed", messages),), None, "readable")
    return run.verdict(source, meaning)


def _holds_an_award(path: Path) -> bool:
    """Whether a file found in a folder is an awarded badge, so that an export folder's images, profiles, badge
    classes and status lists are passed over; a file that cannot be read is kept, to be reported."""
    try:
        data = path.read_bytes()
        if path.suffix.lower() in (".png", ".svg"):
            return bool(baked_payloads(data, path.name))
        if path.suffix.lower() in (".jwt", ".jws"):
            return True
        document = json.loads(data)
    except (OSError, ValueError, RecursionError, MalformedBakedImage, UnsupportedImageFormat):
        return True
    types = _types(document)
    if "Assertion" in types:
        return True
    subject = _obj(document.get("credentialSubject") if isinstance(document, dict) else None)
    return bool({"OpenBadgeCredential", "AchievementCredential"} & set(types)) and bool(
        subject.get("id") or subject.get("identifier")
    )  # a credential template (no recipient yet) is no award


def verify_paths(paths: Iterable[str | os.PathLike[str]], **options: Any) -> list[Verdict]:
    """A :class:`Verdict` per badge file: each file given, and each awarded badge (baked PNG or SVG, assertion or
    credential JSON, JWT) in a folder — an export folder's other files are passed over.

    A file that cannot be read at all is an ``unreadable`` verdict, not an exception.
    """
    verdicts = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            base = path.resolve()
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in _BADGE_SUFFIXES
                           and not p.name.startswith("."))  # fmt: skip
            # A link out of the folder is named, never followed: what it points to was not what was handed over.
            outside = {p for p in found if not p.resolve().is_relative_to(base)}
            files = [p for p in found if p in outside or _holds_an_award(p)]
        else:
            files, outside = [path], set()
        for file in files:
            refused = _refusal(file, outside=file in outside)
            if refused is not None:
                verdicts.append(Verdict(str(file), "unreadable", (Check("readable", "failed", refused),), None,
                                        "readable"))  # fmt: skip
                continue
            try:
                data = file.read_bytes()
            except OSError as error:
                messages = _m(
                    f"{file} ne peut pas être lu ({error.strerror})", f"{file} cannot be read ({error.strerror})"
                )
                verdicts.append(Verdict(str(file), "unreadable", (Check("readable", "failed", messages),), None,
                                        "readable"))  # fmt: skip
                continue
            verdicts.append(verify_badge(data, str(file), **options))
    return verdicts


def _refusal(file: Path, *, outside: bool) -> dict[str, str] | None:
    """Why ``file`` is not read (a link out of the folder given, not a regular file, or bigger than any badge);
    ``None`` when it may be read. A file that cannot even be looked at is left to the reading to report."""
    from ..files import MAX_FILE_BYTES

    if outside:
        target = os.path.realpath(file)
        return _m(f"{file} est un lien symbolique vers {target}, hors du dossier donné : il n'a pas été lu. Copiez le "
                  "badge lui-même dans le dossier, ou donnez son chemin", f"{file} is a symbolic link to {target}, "
                  "outside the folder given: it was not read. Copy the badge itself into the folder, or give its path")  # fmt: skip
    try:
        info = file.stat()
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):  # a pipe or a device would be read for ever
        return _m(f"{file} n'est pas un fichier ordinaire (tube, périphérique…) : il n'a pas été lu",
                  f"{file} is not a regular file (a pipe, a device…): it was not read")  # fmt: skip
    if info.st_size > MAX_FILE_BYTES:
        mib = MAX_FILE_BYTES // 2**20
        return _m(f"{file} fait {info.st_size / 2**20:,.0f} Mio, plus qu'aucun badge (au plus {mib} Mio) : il n'a pas "
                  "été lu", f"{file} is {info.st_size / 2**20:,.0f} MiB, more than any badge (at most {mib} MiB): it "
                  "was not read")  # fmt: skip
    return None


def explain(verdict: Verdict, lang: str = "fr") -> list[str]:
    """What the badge says, line by line, for a reader who has never heard of Open Badges; then the checks."""
    fr = lang == "fr"
    meaning = verdict.meaning
    lines: list[str] = []
    if meaning is not None:
        lines.append((f"Badge : {meaning.badge_name}" if fr else f"Badge: {meaning.badge_name}")
                     + (f" — {meaning.description}" if meaning.description and meaning.description != meaning.badge_name else ""))  # fmt: skip
        lines.append((f"Délivré par : {meaning.issuer_name}" if fr else f"Issued by: {meaning.issuer_name}")
                     + (f" ({meaning.issuer_url})" if meaning.issuer_url and meaning.issuer_url != meaning.issuer_name else ""))  # fmt: skip
        to_whom = {True: ("la personne indiquée (vérifié)", "the person given (checked)"),
                   False: ("une autre personne que celle indiquée", "someone other than the person given"),
                   None: ("une identité masquée (donnez --identity EMAIL pour la vérifier)",
                          "a hidden identity (give --identity EMAIL to check it)")}[meaning.identity_matches]  # fmt: skip
        lines.append(f"À : {to_whom[0]}" if fr else f"To: {to_whom[1]}")
        date = human_date(meaning.issued, lang)
        until = (
            human_date(meaning.valid_until, lang) if meaning.valid_until else ("sans limite" if fr else "no end date")
        )
        lines.append(f"Le : {date} ; valable jusqu'au : {until}" if fr else f"On: {date}; valid until: {until}")
        if meaning.criteria:
            # the narrative is Markdown over several lines: keep its lines, indented under the heading
            lines.append("Critères :" if fr else "Criteria:")
            lines.extend(f"    {line}" for line in meaning.criteria.strip().splitlines() if line.strip())
        if meaning.competencies:
            lines.append("Compétences et éléments de référence :" if fr else "Competencies and reference items:")
            for item in meaning.competencies:
                where = " · ".join(x for x in (item["framework"], item["code"], item["url"]) if x)
                lines.append(f"  - {item['name']}" + (f" ({where})" if where else ""))
        if meaning.endorsers:
            where = meaning.endorsements_from
            if where:  # not in the badge file: say where they were read
                lines.append(f"Soutenu par (d'après le badge publié à {where}) :" if fr
                             else f"Endorsed by (according to the badge published at {where}):")  # fmt: skip
            else:
                lines.append("Soutenu par :" if fr else "Endorsed by:")
            for item in meaning.endorsers:
                signed = {"yes": ("signé", "signed"), "no": ("non signé", "unsigned")}[item.get("signed", "no")]
                lines.append(
                    f"  - {item['name']} ({signed[0 if fr else 1]})"
                    + (f" : {item['comment']}" if item["comment"] else "")
                )
    marks = {"ok": "✔", "failed": "✖", "not-checked": "–"}
    lines.append("Vérifications :" if fr else "Checks:")
    lines.extend(f"  {marks[c.outcome]} {c.name} : {c.text(lang)}" if fr else f"  {marks[c.outcome]} {c.name}: {c.text(lang)}"
                 for c in verdict.checks)  # fmt: skip
    return lines

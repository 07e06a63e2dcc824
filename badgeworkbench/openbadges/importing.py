"""Importing existing badges into a framework, so that partners' badges can join a constellation.

Accepted: OB 2.0 BadgeClass, Issuer and Assertion JSON files; OB 3.0 Achievement and
OpenBadgeCredential JSON (or VC-JWT) files; baked PNG and SVG images of either version. Nothing
is fetched from the network: an assertion that only names its BadgeClass by URL is imported when
that BadgeClass is among the files given.

Imported badges arrive with the status ``proposed`` (the partners decide whether to adopt them),
their issuer is matched to an existing partner (same url, email or name) or added as a new one,
and a comment records where each came from. Problems (a malformed baked image, a file that is not
a badge) are reported per file; the other files are imported.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..ids import slugify, unique_id
from ..model import Alignment, Badge, Comment, Criteria, Framework, Partner, Provenance, Status, text
from ..report import Problem, Report, Severity
from .baking import jws_payload, sniff_image_format, unbake
from .checking import classify
from .errors import MalformedBakedImage, UnsupportedImageFormat
from .ob3 import ACHIEVEMENT_TYPES

__all__ = ["import_badges", "read_badge_documents"]

_CATEGORIES = {value: key for key, value in ACHIEVEMENT_TYPES.items()}


def _problem(code: str, severity: Severity, file: str, en: str, fr: str) -> Problem:
    return Problem(code, severity, {"fr": fr, "en": en}, file=file)


def _load(item: str | os.PathLike[str] | tuple[str, bytes]) -> tuple[str, bytes]:
    if isinstance(item, tuple):
        return item
    path = Path(item)
    return path.name, path.read_bytes()


def read_badge_documents(
    files: Iterable[str | os.PathLike[str] | tuple[str, bytes]],
) -> tuple[list[tuple[str, dict[str, Any]]], list[Problem]]:
    """``(file name, JSON object)`` for each readable file (baked images unbaked, JWS decoded), and the problems."""
    documents: list[tuple[str, dict[str, Any]]] = []
    problems: list[Problem] = []
    for item in files:
        try:
            name, data = _load(item)
        except OSError as error:
            label = str(item[0] if isinstance(item, tuple) else item)
            problems.append(_problem("unreadable-file", Severity.ERROR, label, f"cannot be read ({error.strerror}).",
                                     f"illisible ({error.strerror}).", ))  # fmt: skip
            continue
        kind = sniff_image_format(data)
        if kind in ("png", "svg"):
            try:
                payload = unbake(data, name)
                doc = payload.data
            except MalformedBakedImage as error:
                # The person's sentence in each language; the technical reason stays in English, after it.
                problems.append(_problem("malformed-baked-image", Severity.ERROR, name,
                                         f"{error.text('en')} (Details: {error.reason})", error.text("fr")))  # fmt: skip
                continue
            if doc is None:
                problems.append(_problem("baked-url-only", Severity.ERROR, name,
                                         f"the image only holds the URL {payload.text.strip()[:200]}: download the "
                                         "assertion JSON and import it with the image.",
                                         f"l'image ne contient que l'adresse {payload.text.strip()[:200]} : téléchargez "
                                         "le JSON de l'assertion et importez-le avec l'image."))  # fmt: skip
                continue
            documents.append((name, doc))
            continue
        text_data = data.decode("utf-8-sig", errors="replace").strip()
        try:
            doc = json.loads(text_data) if text_data.startswith("{") else jws_payload(text_data)
        except (ValueError, IndexError):
            if kind in ("JPEG", "GIF", "WebP", "BMP", "AVIF/HEIC"):
                refused = str(UnsupportedImageFormat(name, kind))
                problems.append(_problem("image-not-png-or-svg", Severity.ERROR, name, refused, refused))
            else:
                problems.append(_problem("not-a-badge", Severity.ERROR, name,
                                         "neither Open Badges JSON, a VC-JWT nor a baked PNG/SVG image.",
                                         "ni du JSON Open Badges, ni un VC-JWT, ni une image PNG/SVG cuite."))  # fmt: skip
            continue
        if not isinstance(doc, dict):
            problems.append(_problem("not-a-badge", Severity.ERROR, name, "the JSON is not an object.",
                                     "le JSON n'est pas un objet."))  # fmt: skip
            continue
        documents.append((name, doc))
    return documents, problems


def _lang(value: Any, default: str) -> str:
    return str(value).split("-")[0].lower() if isinstance(value, str) and value else default


def _alignments(items: Any) -> list[Alignment]:
    found = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and item.get("targetName"):
            found.append(Alignment(framework=str(item.get("targetFramework", "")), name=str(item["targetName"]),
                                   url=str(item.get("targetUrl", "")), code=str(item.get("targetCode", "")),
                                   target_type=str(item.get("targetType", "")),
                                   description=str(item.get("targetDescription", ""))))  # fmt: skip
    return found


def import_badges(
    framework: Framework, files: Iterable[str | os.PathLike[str] | tuple[str, bytes]]
) -> tuple[Framework, Report]:
    """``framework`` with the badges found in ``files`` added (status ``proposed``), and a report per file."""
    documents, problems = read_badge_documents(files)
    default_lang = framework.languages[0] if framework.languages else "fr"
    by_id = {doc["id"]: doc for _, doc in documents if isinstance(doc.get("id"), str)}

    def resolve(value: Any) -> dict[str, Any] | None:
        return value if isinstance(value, dict) else by_id.get(value) if isinstance(value, str) else None

    candidates: list[tuple[str, str, dict[str, Any], dict[str, Any] | None]] = []  # (file, version, badge, issuer)
    for name, doc in documents:
        kind = classify(doc)
        if kind == "ob2-badgeclass":
            candidates.append((name, "2.0", doc, resolve(doc.get("issuer"))))
        elif kind == "ob2-assertion":
            badge = resolve(doc.get("badge"))
            if badge is None:
                problems.append(_problem("badgeclass-not-found", Severity.ERROR, name,
                                         f"the assertion's BadgeClass {doc.get('badge')!r} is not among the files: "
                                         "import its JSON too.", f"la BadgeClass {doc.get('badge')!r} de l'assertion "
                                         "ne fait pas partie des fichiers : importez aussi son JSON."))  # fmt: skip
                continue
            candidates.append((name, "2.0", badge, resolve(badge.get("issuer"))))
        elif kind == "ob3-credential":
            subject = doc.get("credentialSubject")
            achievement = subject.get("achievement") if isinstance(subject, dict) else None
            if not isinstance(achievement, dict):
                problems.append(_problem("not-a-badge", Severity.ERROR, name, "the credential holds no achievement.",
                                         "l'attestation ne contient aucun badge (achievement)."))  # fmt: skip
                continue
            candidates.append(
                (name, "3.0", achievement, resolve(achievement.get("creator")) or resolve(doc.get("issuer")))
            )
        elif kind == "ob3-achievement":
            candidates.append((name, "3.0", doc, resolve(doc.get("creator"))))
        elif kind in ("ob2-issuer", "ob3-profile", "ob2-endorsement", "ob3-endorsement"):
            continue  # used through the badges that name them
        else:
            problems.append(_problem("not-a-badge", Severity.ERROR, name, "not an Open Badges 2.0 or 3.0 document.",
                                     "pas un document Open Badges 2.0 ou 3.0."))  # fmt: skip

    partners = list(framework.partners)
    badges = list(framework.badges)
    seen_sources: set[str] = set()
    for name, version, doc, issuer in candidates:
        source = str(doc.get("id") or name)
        if source in seen_sources:
            continue
        seen_sources.add(source)
        lang = _lang(doc.get("@language") or doc.get("inLanguage"), default_lang)
        title = str(doc.get("name") or "").strip()
        if not title:
            problems.append(_problem("badge-without-name", Severity.ERROR, name, "the badge has no name.",
                                     "le badge n'a pas de nom."))  # fmt: skip
            continue
        partner = _partner(partners, issuer) if issuer else None
        if any(text(b.name, lang).casefold() == title.casefold() and b.issuer == (partner.id if partner else None)
               for b in badges):  # fmt: skip
            problems.append(_problem("already-present", Severity.INFO, name,
                                     f"'{title}' is already in the framework: not imported twice.",
                                     f"« {title} » est déjà dans le référentiel : pas importé deux fois."))  # fmt: skip
            continue
        criteria = doc.get("criteria")
        narrative = criteria.get("narrative") if isinstance(criteria, dict) else None
        criteria_url = (criteria.get("id") if isinstance(criteria, dict) else criteria) or None
        tags = doc.get("tags") if version == "2.0" else doc.get("tag")
        category = _CATEGORIES.get(str(doc.get("achievementType", "")), "competency")
        imported = Badge(
            id=unique_id(slugify(title), {b.id for b in badges}),
            name={lang: title},
            description={lang: str(doc.get("description") or "")} if doc.get("description") else {},
            category=category,
            criteria=Criteria(
                narrative={lang: str(narrative)} if narrative else {},
                url=str(criteria_url)
                if isinstance(criteria_url, str) and criteria_url.startswith(("http://", "https://"))
                else None,
            ),
            issuer=partner.id if partner else None,
            tags=[
                str(t)
                for t in tags
                if isinstance(t, str) and t not in ("competency", "participation", "engagement", "experiential")
            ]
            if isinstance(tags, list)
            else [],
            alignments=_alignments(doc.get("alignment")),
            version=str(doc.get("version") or "1.0"),
            status=Status.PROPOSED,
            provenance=Provenance(proposed_by=partner.id if partner else None),
            comments=[Comment(author="import", text=f"Imported from {name} (Open Badges {version}, {source}).")],
        )
        badges.append(imported)
        problems.append(_problem("badge-imported", Severity.INFO, name, f"imported as badge '{imported.id}' (proposed).",
                                 f"importé comme badge « {imported.id} » (proposé)."))  # fmt: skip
    return framework.replace(partners=partners, badges=badges), Report(problems)


def _partner(partners: list[Partner], profile: dict[str, Any]) -> Partner:
    """The partner matching an issuer Profile (same url, email or name), added to ``partners`` when new."""
    url, email = str(profile.get("url") or "").rstrip("/").lower(), str(profile.get("email") or "").lower()
    name = str(profile.get("name") or "").strip()
    for partner in partners:
        if (url and partner.url.rstrip("/").lower() == url) or (email and partner.email.lower() == email) or \
                (name and partner.name.casefold() == name.casefold()):  # fmt: skip
            return partner
    new = Partner(id=unique_id(slugify(name or url or email or "partenaire"), {p.id for p in partners}), name=name,
                  url=str(profile.get("url") or ""), email=str(profile.get("email") or ""), roles=["issuer"])  # fmt: skip
    partners.append(new)
    return new

"""Open Badges 2.0 (hosted): issuer Profiles, BadgeClasses, Endorsements, Assertions.

Every object's ``id`` is the URL it is published at under the export's base URL, so a verifier
can fetch it (hosted verification).
"""

from __future__ import annotations

from typing import Any

from ..model import Badge, Partner, text
from .common import OB2_CONTEXT, label
from .context import ExportContext
from .errors import IssuerProfileIncomplete

__all__ = ["badge_class", "endorsement", "issuer_profile", "ob2_partners", "require_complete_issuers"]


def ob2_partners(ctx: ExportContext) -> list[Partner]:
    """Partners that act as OB 2.0 issuers: those issuing or endorsing an exported badge, in partner order."""
    used = {ctx.issuer(b).id for b in ctx.badges} | {p.id for b in ctx.badges for p in ctx.endorsers(b)}
    return [p for p in ctx.framework.partners if p.id in used]


def require_complete_issuers(ctx: ExportContext) -> None:
    """Raise :class:`IssuerProfileIncomplete` naming every partner lacking a name, url or email."""
    missing = {}
    for partner in ob2_partners(ctx):
        fields = [name for name in ("name", "url", "email") if not getattr(partner, name).strip()]
        if fields:
            missing[partner.id] = fields
    if missing:
        raise IssuerProfileIncomplete(missing)


def issuer_profile(ctx: ExportContext, partner: Partner) -> dict[str, Any]:
    lang = ctx.primary_lang
    profile: dict[str, Any] = {
        "@context": OB2_CONTEXT,
        "type": "Issuer",
        "id": ctx.urls.ob2_issuer(partner.id),
        "name": partner.name,
        "url": partner.url,
        "email": partner.email,
        "description": text(partner.description, lang),
    }
    if partner.image and partner.image.lower().startswith(("http://", "https://")):
        profile["image"] = partner.image
    return profile


def badge_class(ctx: ExportContext, badge: Badge, lang: str) -> dict[str, Any]:
    """The BadgeClass of ``badge`` in ``lang`` (one per language edition; editions name each other in ``related``)."""
    urls = ctx.urls
    editions = ctx.languages(badge)
    primary = editions[0]
    own_url = urls.ob2_badge(badge.id, None if lang == primary else lang)
    related = [
        {"id": urls.ob2_badge(badge.id, None if other == primary else other), "@language": other}
        for other in editions
        if other != lang
    ]
    previous = ctx.previous_version(badge)
    if isinstance(previous, str):
        related.append({"id": previous})
    elif previous is not None:
        related.append({"id": urls.ob2_badge(previous.id), "version": previous.version})
    return {
        "@context": OB2_CONTEXT,
        "type": "BadgeClass",
        "id": own_url,
        "@language": lang,
        "name": text(badge.name, lang) or badge.id,
        "description": text(badge.description, lang) or text(badge.name, lang) or badge.id,
        "image": ctx.image_url(badge),
        "criteria": {"id": urls.criteria_page(badge.id), "narrative": ctx.narrative(badge, lang)},
        "issuer": urls.ob2_issuer(ctx.issuer(badge).id),
        "alignment": ctx.alignments(badge, lang, "2.0"),
        "tags": list(dict.fromkeys([*badge.tags, badge.category])),
        "version": badge.version,
        "related": related,
        "endorsement": [urls.ob2_endorsement(badge.id, p.id) for p in ctx.endorsers(badge)],
    }


def endorsement(ctx: ExportContext, badge: Badge, partner: Partner) -> dict[str, Any]:
    """An OB 2.0 Endorsement of ``badge``'s BadgeClass by ``partner`` (hosted)."""
    lang = ctx.primary_lang
    return {
        "@context": OB2_CONTEXT,
        "type": "Endorsement",
        "id": ctx.urls.ob2_endorsement(badge.id, partner.id),
        "claim": {
            "id": ctx.urls.ob2_badge(badge.id),
            "endorsementComment": label(
                "endorsement_comment",
                lang,
                partner=partner.name or partner.id,
                badge=text(badge.name, lang) or badge.id,
            ),
        },
        "issuer": ctx.urls.ob2_issuer(partner.id),
        "issuedOn": ctx.issued_z,
        "verification": {"type": "HostedBadge"},
    }

"""Open Badges 3.0: Achievements, Profiles, EndorsementCredentials and OpenBadgeCredentials.

Canonical JSON as the official schemas want it: ``@context`` = [VC 2.0, OB 3.0.3] in that order,
every multi-valued property an array, ``image`` an Image object, dates with a time and a zone, no
nulls and no empty arrays (:func:`~badgeworkbench.openbadges.common.prune` runs on every file).
"""

from __future__ import annotations

from typing import Any

from ..model import Badge, Partner, text
from .common import ACHIEVEMENT_CREDENTIAL_SCHEMA, OB3_CONTEXTS, label, stable_uuid
from .context import ExportContext
from .issuing import OB3_EXTENSIONS_CONTEXT

__all__ = [
    "ACHIEVEMENT_TYPES",
    "achievement",
    "achievement_type",
    "credential_template",
    "endorsement_credential",
    "profile",
    "profile_ref",
]

#: Badge category → OB 3.0 ``achievementType``. "Competency" is in the spec's vocabulary; the three
#: other categories of the French grid have no exact equivalent, so they use the extension form ``ext:``
#: the spec provides rather than a misleading value ("Award" would claim a prize).
ACHIEVEMENT_TYPES = {
    "competency": "Competency",
    "participation": "ext:Participation",
    "engagement": "ext:Engagement",
    "experiential": "ext:Experiential",
}


def achievement_type(badge: Badge) -> str:
    """The issuer's own ``achievementType`` kept on import (``Degree``), else the one of the badge's category."""
    return badge.achievement_type or ACHIEVEMENT_TYPES.get(str(badge.category), "Badge")


def profile(ctx: ExportContext, partner: Partner, *, with_context: bool = True) -> dict[str, Any]:
    """The OB 3.0 Profile of a partner (issuer, endorser or creator)."""
    data: dict[str, Any] = {
        "@context": list(OB3_CONTEXTS) if with_context else None,
        "id": ctx.urls.ob3_profile(partner.id),
        "type": ["Profile"],
        "name": partner.name or partner.id,
        "url": partner.url,
        "email": partner.email,
        "description": text(partner.description, ctx.primary_lang),
    }
    if partner.image and partner.image.lower().startswith(("http://", "https://")) and \
            partner.image.lower().endswith((".png", ".svg")):  # fmt: skip
        data["image"] = {"id": partner.image, "type": "Image", "caption": partner.name or partner.id}
    return data


def profile_ref(ctx: ExportContext, partner: Partner) -> dict[str, Any]:
    """The short embedded Profile used as issuer/creator inside other objects."""
    return {"id": ctx.urls.ob3_profile(partner.id), "type": ["Profile"], "name": partner.name or partner.id,
            "url": partner.url, "email": partner.email}  # fmt: skip


def _edition(ctx: ExportContext, badge: Badge, lang: str) -> str | None:
    # the badge's first language is served at the plain URL (the framework's, unless the badge is only in others)
    return None if lang == ctx.languages(badge)[0] else lang


def _result_descriptions(ctx: ExportContext, badge: Badge, own_id: str, lang: str) -> list[dict[str, Any]]:
    """Competency levels (and the badge's level) as ResultDescriptions with RubricCriterionLevels."""
    found = []
    for rc in badge.competencies:
        competency = ctx.framework.competency(rc.competency)
        if competency is None or not competency.levels:
            continue
        rd_id = f"{own_id}#competency-{competency.id}"
        levels = [
            {
                "id": f"{rd_id}-level-{level.id}",
                "type": ["RubricCriterionLevel"],
                "name": text(level.name, lang) or level.id,
                "description": text(level.descriptor, lang),
                "level": level.id,
            }
            for level in competency.levels
        ]
        required = next((lv["id"] for lv in levels if lv["level"] == rc.level), None)
        found.append({
            "id": rd_id,
            "type": ["ResultDescription"],
            "name": text(competency.title, lang) or competency.id,
            "resultType": "RubricCriterionLevel",
            "rubricCriterionLevel": levels,
            "requiredLevel": required,
            "alignment": [{"type": ["Alignment"], "targetName": text(competency.title, lang) or competency.id,
                           "targetUrl": ctx.competency_url(competency.id),
                           "targetType": ctx.competency_target_type(competency.id),
                           "targetCode": competency.code or competency.id}],
        })  # fmt: skip
    badge_levels = ctx.framework.badge_levels
    if badge.level and any(lv.id == badge.level for lv in badge_levels):
        rd_id = f"{own_id}#badge-level"
        found.append({
            "id": rd_id,
            "type": ["ResultDescription"],
            "name": label("badge_level", lang),
            "resultType": "RubricCriterionLevel",
            "rubricCriterionLevel": [{"id": f"{rd_id}-{lv.id}", "type": ["RubricCriterionLevel"],
                                      "name": text(lv.name, lang) or lv.id, "description": text(lv.descriptor, lang),
                                      "level": lv.id} for lv in badge_levels],
            "requiredLevel": f"{rd_id}-{badge.level}",
        })  # fmt: skip
    return found


def achievement(ctx: ExportContext, badge: Badge, lang: str, *, with_context: bool = True,
                with_endorsements: bool = True) -> dict[str, Any]:  # fmt: skip
    """The Achievement of ``badge`` in ``lang``. ``related`` names only the other-language editions and the
    previous version — never prerequisites (those are in the criteria and in the associations file).
    ``with_endorsements``: embed the (unsigned) EndorsementCredentials, which the export then replaces with
    the signed ones when it signs."""
    urls = ctx.urls
    own_id = urls.ob3_achievement(badge.id, _edition(ctx, badge, lang))
    related: list[dict[str, Any]] = [
        {"id": urls.ob3_achievement(badge.id, _edition(ctx, badge, other)), "type": ["Related"], "inLanguage": other}
        for other in ctx.languages(badge)
        if other != lang
    ]
    previous = ctx.previous_version(badge)
    if isinstance(previous, str):
        related.append({"id": previous, "type": ["Related"], "version": "previous"})
    elif previous is not None:
        related.append({"id": urls.ob3_achievement(previous.id), "type": ["Related"], "version": previous.version})
    tags = list(dict.fromkeys([*badge.tags, badge.category, *(["milestone"] if badge.milestone else [])]))
    return {
        "@context": list(OB3_CONTEXTS) if with_context else None,
        "id": own_id,
        "type": ["Achievement"],
        "achievementType": achievement_type(badge),
        "name": text(badge.name, lang) or badge.id,
        "description": text(badge.description, lang) or text(badge.name, lang) or badge.id,
        "criteria": {"id": urls.criteria_page(badge.id), "narrative": ctx.narrative(badge, lang)},
        "image": {"id": ctx.image_url(badge), "type": "Image", "caption": ctx.image_caption(badge, lang)},
        "creator": profile_ref(ctx, ctx.issuer(badge)),
        "alignment": ctx.alignments(badge, lang, "3.0"),
        "resultDescription": [*_result_descriptions(ctx, badge, own_id, lang), *badge.result_descriptions],
        "fieldOfStudy": badge.field_of_study,
        "specialization": badge.specialization,
        "creditsAvailable": badge.credits_available,
        "tag": tags,
        "humanCode": badge.human_code or badge.id,
        "inLanguage": lang,
        "version": badge.version,
        "related": related,
        "endorsement": [endorsement_credential(ctx, badge, p) for p in ctx.endorsers(badge)]
        if with_endorsements
        else [],
    }


def endorsement_credential(ctx: ExportContext, badge: Badge, partner: Partner) -> dict[str, Any]:
    """An EndorsementCredential by ``partner`` whose subject is ``badge``'s Achievement."""
    lang = ctx.primary_lang
    names = {"partner": partner.name or partner.id, "badge": text(badge.name, lang) or badge.id}
    return {
        "@context": list(OB3_CONTEXTS),
        "id": ctx.urls.ob3_endorsement(badge.id, partner.id),
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "name": label("endorsement_name", lang, **names),
        "issuer": profile_ref(ctx, partner),
        "validFrom": ctx.issued_z,
        "credentialSubject": {
            "id": ctx.urls.ob3_achievement(badge.id),
            "type": ["EndorsementSubject"],
            "endorsementComment": label("endorsement_comment", lang, **names),
        },
    }


def credential_template(ctx: ExportContext, badge: Badge) -> dict[str, Any]:
    """An OpenBadgeCredential for ``badge`` with everything but the recipient; awarding fills it in.

    Never published on its own: without a recipient it is not a valid credential (OB 3.0 requires
    ``credentialSubject.id`` or ``identifier``), and a verifier would take the file for one.
    """
    lang = ctx.languages(badge)[0]
    return {
        # The extensions context defines credentialSchema's 1EdTechJsonSchemaValidator2019 (and the 1EdTech status
        # types), which the OB 3.0 context leaves undefined: without it JSON-LD processors drop or refuse them.
        "@context": [*OB3_CONTEXTS, OB3_EXTENSIONS_CONTEXT],
        "id": stable_uuid(ctx.urls.base, "ob3-template", badge.id),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": text(badge.name, lang) or badge.id,
        "description": text(badge.description, lang),
        "image": {"id": ctx.image_url(badge), "type": "Image", "caption": ctx.image_caption(badge, lang)},
        "issuer": profile_ref(ctx, ctx.issuer(badge)),
        "validFrom": ctx.issued_z,
        "credentialSchema": [{"id": ACHIEVEMENT_CREDENTIAL_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}],
        "credentialSubject": {
            "type": ["AchievementSubject"],
            # Without the endorsements: awarding adds them as the plan allows (signed by each endorser with Data
            # Integrity, unsigned without a key, none with VC-JWT: the Achievement published at its id has them).
            "achievement": achievement(ctx, badge, lang, with_context=False, with_endorsements=False),
        },
    }

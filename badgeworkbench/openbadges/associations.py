"""The machine-readable companion of the criteria narrative: relations between achievements.

Open Badges has no prerequisite property and ``related`` must not be used for one, so the links
between badges are written to ``clr/associations.json``, in the shape of CLR 2.0 associations
(``ClrSubject.association``: ``{type: "Association", associationType, sourceId, targetId}``):

* ``precedes`` — source is required before target (target's ``requires`` names source);
* ``isPartOf`` — for a milestone badge, each badge it collects is part of it;
* ``replacedBy`` — the previous version of a badge is replaced by the current one.

CLR associations cannot count ("any 2 of 3"), so the same file also holds ``requirement``: each
achievement's requirement as a nested ``{count, of}`` expression (``count`` omitted = all of), and
``pathway``: the pathways, stage by stage. See docs/openbadges.md.
"""

from __future__ import annotations

from typing import Any

from ..model import Requirement, text
from .context import ExportContext

__all__ = ["achievement_associations", "requirement_expression"]


def requirement_expression(ctx: ExportContext, requirement: Requirement) -> dict[str, Any]:
    """``{"count": n, "of": [achievement id | nested expression]}``; ``count`` only when not "all of"."""
    items: list[Any] = [
        ctx.urls.ob3_achievement(item) if isinstance(item, str) else requirement_expression(ctx, item)
        for item in requirement.of
    ]
    expression: dict[str, Any] = {"of": items}
    if requirement.count is not None and requirement.count < len(requirement.of):
        expression = {"count": requirement.count, "of": items}
    return expression


def achievement_associations(ctx: ExportContext) -> dict[str, Any]:
    """The associations, requirements and pathways between the exported achievements."""
    urls = ctx.urls
    associations: list[dict[str, Any]] = []
    requirements: list[dict[str, Any]] = []
    for badge in ctx.badges:
        target = urls.ob3_achievement(badge.id)
        if badge.requires and badge.requires.of:
            kind = "isPartOf" if badge.milestone else "precedes"
            for required in dict.fromkeys(badge.requires.badge_ids()):
                associations.append({"type": "Association", "associationType": kind,
                                     "sourceId": urls.ob3_achievement(required), "targetId": target})  # fmt: skip
            requirements.append({"achievement": target, **requirement_expression(ctx, badge.requires)})
        previous = ctx.previous_version(badge)
        if previous is not None:
            source = previous if isinstance(previous, str) else urls.ob3_achievement(previous.id)
            associations.append({"type": "Association", "associationType": "replacedBy",
                                 "sourceId": source, "targetId": target})  # fmt: skip
    pathways = []
    lang = ctx.primary_lang
    for pathway in ctx.framework.pathways:
        stages = []
        for stage in pathway.stages:
            needed = stage.count if stage.count is not None and stage.count < len(stage.badges) else None
            stages.append({"name": text(stage.name, lang), "count": needed,
                           "of": [urls.ob3_achievement(b) for b in stage.badges]})  # fmt: skip
        pathways.append({
            "id": f"{urls.base}/#pathway-{pathway.id}",
            "name": text(pathway.name, lang) or pathway.id,
            "target": urls.ob3_achievement(pathway.target) if pathway.target else None,
            "stage": stages,
        })  # fmt: skip
    return {
        "type": "AchievementAssociations",
        "framework": {
            "id": urls.base,
            "name": text(ctx.framework.title, lang) or ctx.framework.id,
            "version": ctx.framework.version,
        },
        "association": associations,
        "requirement": requirements,
        "pathway": pathways,
    }

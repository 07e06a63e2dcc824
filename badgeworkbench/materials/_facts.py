"""The words printed about a badge or a competency, computed once and used by every kit
(PDF and HTML alike), so that a card and its HTML twin never disagree."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from ..errors import UnknownItem
from ..model import Badge, Competency, Framework, text
from ..requirements import describe_requirement
from ._base import label, level_name, partner_name
from .codes import qr_payload, short_code

__all__ = ["BadgeFacts", "CompetencyFacts", "badge_facts", "competency_facts", "hierarchy_path", "select"]

_CATEGORY = {
    "competency": {"fr": "Compétence", "en": "Competency"},
    "participation": {"fr": "Participation", "en": "Participation"},
    "engagement": {"fr": "Engagement", "en": "Engagement"},
    "experiential": {"fr": "Expérience", "en": "Experience"},
}
_KIND = {
    "skill": {"fr": "savoir-faire", "en": "skill"},
    "knowledge": {"fr": "savoir", "en": "knowledge"},
    "attitude": {"fr": "savoir-être", "en": "attitude"},
    "experiential": {"fr": "expérience", "en": "experience"},
    "domain": {"fr": "domaine", "en": "domain"},
}


@dataclass(frozen=True)
class BadgeFacts:
    id: str
    name: str
    description: str
    level: str
    issuer: str
    category: str
    criteria: str
    observables: list[str]
    competencies: list[str]
    requirement: str
    endorsers: list[str]
    leads_to: list[str]
    pathways: list[str]
    territories: list[str]
    code: str
    qr: str


def badge_facts(framework: Framework, badge: Badge, lang: str) -> BadgeFacts:
    competencies = []
    for rc in badge.competencies:
        comp = framework.competency(rc.competency)
        title = text(comp.title, lang) if comp is not None and comp.title else rc.competency
        if rc.level and comp is not None:
            level = next((text(lv.name, lang) or lv.id for lv in comp.levels if lv.id == rc.level), rc.level)
            title = f"{title} ({level})"
        competencies.append(title)
    requirement = (
        describe_requirement(framework, badge.requires, lang)
        if badge.requires is not None and badge.requires.of
        else label("no_requirement", lang)
    )
    leads_to = [
        text(other.name, lang) or other.id
        for other in framework.badges
        if other.requires is not None and badge.id in other.requires.badge_ids()
    ]
    pathways = [text(p.name, lang) or p.id for p in framework.pathways if any(badge.id in s.badges for s in p.stages)]
    territories = []
    for tid in badge.territories:
        territory = framework.territory(tid)
        territories.append(text(territory.name, lang) or tid if territory is not None else tid)
    return BadgeFacts(
        id=badge.id,
        name=text(badge.name, lang) or badge.id,
        description=text(badge.description, lang),
        level=level_name(framework, badge.level, lang),
        issuer=partner_name(framework, badge.issuer),
        category=text(_CATEGORY.get(str(badge.category), {}), lang) or str(badge.category),
        criteria=text(badge.criteria.narrative, lang),
        observables=[text(o, lang) for o in badge.criteria.observables if text(o, lang)],
        competencies=competencies,
        requirement=requirement,
        endorsers=[partner_name(framework, p) for p in badge.endorsers],
        leads_to=leads_to,
        pathways=pathways,
        territories=territories,
        code=short_code(framework, badge),
        qr=qr_payload(framework, badge),
    )


def hierarchy_path(framework: Framework, competency: Competency, lang: str) -> list[str]:
    """Titles from the top of the hierarchy down to the competency's parent (cycle-safe)."""
    path: list[str] = []
    seen = {competency.id}
    parent_id = competency.parent
    while parent_id and parent_id not in seen:
        seen.add(parent_id)
        parent = framework.competency(parent_id)
        if parent is None:
            path.append(parent_id)
            break
        path.append(text(parent.title, lang) or parent.id)
        parent_id = parent.parent
    return list(reversed(path))


@dataclass(frozen=True)
class CompetencyFacts:
    id: str
    title: str
    description: str
    own_code: str
    kind: str
    path: list[str]
    levels: list[tuple[str, str]]
    code: str
    qr: str


def competency_facts(framework: Framework, competency: Competency, lang: str) -> CompetencyFacts:
    return CompetencyFacts(
        id=competency.id,
        title=text(competency.title, lang) or competency.id,
        description=text(competency.description, lang),
        own_code=competency.code,
        kind=text(_KIND.get(str(competency.kind), {}), lang) or str(competency.kind),
        path=hierarchy_path(framework, competency, lang),
        levels=[(text(lv.name, lang) or lv.id, text(lv.descriptor, lang)) for lv in competency.levels],
        code=short_code(framework, competency),
        qr=qr_payload(framework, competency),
    )


def select(items: list, ids: list[str] | None, kind: str) -> list:
    """The items named in ``ids`` (in that order), or all; an unknown id is an error naming it."""
    if ids is None:
        return list(items)

    by_id = {item.id: item for item in items}
    chosen = []
    for ident in ids:
        if ident not in by_id:
            raise UnknownItem(kind, ident, difflib.get_close_matches(ident, list(by_id), n=3))
        chosen.append(by_id[ident])
    return chosen

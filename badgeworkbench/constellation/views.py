"""Views of a large constellation: which badges to draw when 300 are too many to read at once.

Pure functions of a :class:`~badgeworkbench.model.Framework`, shared by the constellation panel and
the poster:

- :class:`ViewFilter` and :func:`filter_badges`: keep the badges of some pathways, territories,
  partners (issuer or endorser), categories, levels and statuses. Inside one facet any chosen value
  will do; across facets every facet must match. An empty facet keeps everything.
- :func:`neighbourhood`: a badge with what it requires and what it opens, ``steps`` steps each way.
- :func:`search_badges`: badges whose name (in any language) or id holds the words typed, without
  regard to case or accents.
- :func:`view_badges` / :func:`view_edges`: the filter, then the focus, as the widget draws them.

Nothing here moves a badge: positions come from the whole framework's layout, so a filtered view
draws each badge where the full constellation does.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, fields

from ..model import Framework, Requirement

__all__ = [
    "FACETS",
    "ViewFilter",
    "facet_values",
    "filter_badges",
    "fold",
    "neighbourhood",
    "pathway_badges",
    "search_badges",
    "view_badges",
    "view_edges",
]

#: The facets a view can be narrowed by, in the order the panel shows them.
FACETS = ("pathways", "territories", "partners", "categories", "levels", "statuses")


@dataclass(frozen=True)
class ViewFilter:
    """What to keep: ids (or values) per facet; an empty facet keeps every badge."""

    pathways: tuple[str, ...] = ()
    territories: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            object.__setattr__(self, f.name, (value,) if isinstance(value, str) else tuple(value or ()))

    @property
    def empty(self) -> bool:
        return not any(getattr(self, name) for name in FACETS)


def pathway_badges(framework: Framework, pathway_id: str) -> list[str]:
    """The badges a pathway names, stage by stage then its target, each once (``[]`` for an unknown pathway)."""
    pathway = framework.pathway(pathway_id)
    if pathway is None:
        return []
    found = [b for stage in pathway.stages for b in stage.badges] + ([pathway.target] if pathway.target else [])
    return list(dict.fromkeys(found))


def facet_values(framework: Framework, facet: str) -> list[str]:
    """The values a facet can take in this framework, in the framework's order."""
    badges = framework.badges
    if facet == "pathways":
        return [p.id for p in framework.pathways]
    if facet == "territories":
        used = {t for b in badges for t in b.territories}
        known = [t.id for t in framework.territories]
        return known + sorted(used - set(known))
    if facet == "partners":
        used = {p for b in badges for p in ([b.issuer] if b.issuer else []) + list(b.endorsers)}
        known = [p.id for p in framework.partners]
        return known + sorted(used - set(known))
    if facet == "categories":
        return list(dict.fromkeys(str(b.category) for b in badges))
    if facet == "levels":
        known = [lv.id for lv in framework.badge_levels]
        return known + sorted({b.level for b in badges if b.level} - set(known))
    if facet == "statuses":
        order = ["proposed", "discussed", "adopted", "set_aside"]
        used = {str(b.status) for b in badges}
        return [s for s in order if s in used]
    raise ValueError(f"unknown facet {facet!r}: use one of {', '.join(FACETS)}")


def filter_badges(framework: Framework, view: ViewFilter) -> list[str]:
    """The ids of the badges the filter keeps, in the framework's order."""
    on_pathways: set[str] | None = None
    if view.pathways:
        on_pathways = {b for p in view.pathways for b in pathway_badges(framework, p)}
    territories, partners = set(view.territories), set(view.partners)
    categories, levels, statuses = set(view.categories), set(view.levels), set(view.statuses)
    kept = []
    for b in framework.badges:
        if on_pathways is not None and b.id not in on_pathways:
            continue
        if territories and not territories.intersection(b.territories):
            continue
        if partners and b.issuer not in partners and not partners.intersection(b.endorsers):
            continue
        if categories and str(b.category) not in categories:
            continue
        if levels and (b.level or "") not in levels:
            continue
        if statuses and str(b.status) not in statuses:
            continue
        kept.append(b.id)
    return kept


def _requires(framework: Framework) -> dict[str, list[str]]:
    return {b.id: (b.requires.badge_ids() if b.requires else []) for b in framework.badges}


def neighbourhood(framework: Framework, badge_id: str, steps: int = 1) -> list[str]:
    """The badge, the badges it requires up to ``steps`` steps back, and those it opens up to ``steps``
    steps on, in the framework's order (``[]`` for an unknown badge)."""
    if framework.badge(badge_id) is None:
        return []
    requires = _requires(framework)
    opens: dict[str, list[str]] = {}
    for target, sources in requires.items():
        for source in sources:
            opens.setdefault(source, []).append(target)
    found = {badge_id}
    for links in (requires, opens):
        frontier = {badge_id}
        for _ in range(max(0, steps)):
            frontier = {n for f in frontier for n in links.get(f, [])} - found
            if not frontier:
                break
            found |= frontier
    return [b.id for b in framework.badges if b.id in found]


def fold(value: str) -> str:
    """Text as search compares it: no accents, no case, punctuation as spaces (``"Agent·e d’accueil"``
    → ``"agent e d accueil"``)."""
    decomposed = unicodedata.normalize("NFKD", value)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.split(r"[^0-9a-z]+", plain.replace("œ", "oe").replace("æ", "ae"))).strip()


def search_badges(framework: Framework, query: str, langs: Iterable[str] | None = None) -> list[str]:
    """Badges whose name (in ``langs``, default every language) or id holds every word of ``query``,
    case and accents aside; the closest first: whole name, then name beginning with the query, then
    the others, each in the framework's order."""
    words = fold(query).split()
    if not words:
        return []
    wanted = " ".join(words)
    chosen = list(langs) if langs is not None else None
    ranked: list[tuple[int, int, str]] = []
    for n, b in enumerate(framework.badges):
        names = [v for k, v in b.name.items() if chosen is None or k in chosen]
        folded = [fold(v) for v in names if v] + [fold(b.id)]
        best = None
        for name in folded:
            if not all(word in name for word in words):
                continue
            rank = 0 if name == wanted else 1 if name.startswith(wanted) else 2
            best = rank if best is None else min(best, rank)
        if best is not None:
            ranked.append((best, n, b.id))
    return [ident for _, _, ident in sorted(ranked)]


def view_badges(framework: Framework, view: ViewFilter | None = None, focus: str | None = None,
                steps: int = 1, keep: Iterable[str] = ()) -> list[str]:  # fmt: skip
    """The badges a view draws: those the filter keeps; with ``focus``, only the focused badge's
    neighbourhood among them (the focused badge itself always); ``keep`` are drawn whatever the filter
    says (the panel keeps the selected badge in sight). In the framework's order."""
    kept = set(
        filter_badges(framework, view) if view is not None and not view.empty else (b.id for b in framework.badges)
    )
    if focus and framework.badge(focus) is not None:
        kept = (kept & set(neighbourhood(framework, focus, steps))) | {focus}
    kept |= {k for k in keep if framework.badge(k) is not None}
    return [b.id for b in framework.badges if b.id in kept]


def view_edges(framework: Framework, shown: Iterable[str]) -> list[tuple[str, str, bool]]:
    """The requirement arrows between shown badges: ``(prerequisite, badge, partial)``, where partial
    means the prerequisite sits in an "N of M" choice."""
    visible = set(shown)
    out: list[tuple[str, str, bool]] = []

    def walk(target: str, req: Requirement) -> None:
        partial = req.count is not None and req.count < len(req.of)
        for item in req.of:
            if isinstance(item, str):
                if item in visible:
                    out.append((item, target, partial))
            else:
                walk(target, item)

    for b in framework.badges:
        if b.id in visible and b.requires is not None:
            walk(b.id, b.requires)
    return out

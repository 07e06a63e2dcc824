"""What comes next for a learner: badges within reach, shortest routes to a target, pathway progress.

Definitions (the adviser's questions, answered the same way everywhere):

* **within reach** — a badge not yet held that *has* a requirement, and whose requirement the
  held badges meet: holding them is what unlocked it.
* **open** — a badge not yet held with no requirement (or an empty one): anyone may earn it at
  any time. Open badges are listed by :func:`open_badges`, separately, because in a large
  framework they would drown the badges the learner has just unlocked.
* **route** — the badges still to earn, in an order where each one's requirement is met by the
  badges held plus those earned before it. The shortest routes have the fewest badges.

>>> from badgeworkbench.model import Badge, Framework, Requirement
>>> fw = Framework(id="f", badges=[
...     Badge(id="accueil"), Badge(id="cuisine"), Badge(id="service"), Badge(id="caisse"),
...     Badge(id="commis", requires=Requirement(count=2, of=["cuisine", "service", "caisse"])),
...     Badge(id="chef", requires=Requirement(of=["accueil", "commis"]))])
>>> within_reach(fw, ["cuisine", "service"])
['commis']
>>> open_badges(fw, ["cuisine", "service"])
['accueil', 'caisse']
>>> [r.badges for r in routes(fw, ["cuisine"], "chef")]
[('accueil', 'caisse', 'commis', 'chef'), ('accueil', 'service', 'commis', 'chef')]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import pandas as pd

from ..model import Framework, text
from ..report import Problem
from .problems import requirement_problems
from .sets import DEFAULT_MAX_SETS, SetSearch, known_badge

__all__ = [
    "NextSteps",
    "Route",
    "held_badges",
    "next_steps",
    "open_badges",
    "pathway_progress",
    "routes",
    "within_reach",
]


@dataclass(frozen=True)
class Route:
    """Badges still to earn, in a valid earning order (the target last)."""

    badges: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.badges)

    def to_dict(self) -> dict[str, Any]:
        return {"badges": list(self.badges), "length": len(self.badges)}

    def describe(self, framework: Framework, lang: str = "fr") -> str:
        """The route in words: badge names joined by arrows."""
        if not self.badges:
            return "Déjà obtenu." if lang == "fr" else "Already held."
        return " → ".join(text(b.name, lang) or b.id if (b := framework.badge(i)) else i for i in self.badges)


def held_badges(framework: Framework, holding: Iterable[str]) -> frozenset[str]:
    """The held badge ids, checked: an unknown id raises :class:`~badgeworkbench.errors.UnknownItem`
    with the closest ids as suggestions ("did you mean")."""
    return frozenset(known_badge(framework, b) for b in holding)


def within_reach(framework: Framework, holding: Iterable[str]) -> list[str]:
    """Badges not held that have a requirement the held badges meet, in framework order.

    "Any N of M" and nested groups are honoured; a group asking for more badges than it lists
    is never met. Badges without requirement are not listed here: see :func:`open_badges`.
    """
    held = held_badges(framework, holding)
    return [
        b.id
        for b in framework.badges
        if b.id not in held and b.requires is not None and b.requires.of and b.requires.is_satisfied_by(held)
    ]


def open_badges(framework: Framework, holding: Iterable[str] = ()) -> list[str]:
    """Badges not held with no requirement: anyone may earn them now."""
    held = held_badges(framework, holding)
    return [b.id for b in framework.badges if b.id not in held and (b.requires is None or not b.requires.of)]


def _prerequisite_graph(framework: Framework, held: frozenset[str], target: str) -> nx.DiGraph:
    """Badge → badge it requires, explored from ``target`` and stopping at held badges."""
    graph = nx.DiGraph()
    graph.add_node(target)
    todo = [target]
    while todo:
        badge = framework.badge(todo.pop())
        if badge is None or badge.id in held or badge.requires is None:
            continue
        for required in badge.requires.badge_ids():
            if required not in graph:
                todo.append(required)
            graph.add_edge(badge.id, required)
    return graph


def routes(framework: Framework, holding: Iterable[str], target: str, *, limit: int = 5,
           max_sets: int = DEFAULT_MAX_SETS) -> list[Route]:  # fmt: skip
    """The shortest routes to ``target`` for a learner holding ``holding``: fewest badges to earn.

    Each route lists the badges to earn in a valid order (prerequisites first, the target
    last); ties come in id order, at most ``limit`` of them. A target already held gives one
    empty route; a target that cannot be reached (a requirement naming an unknown badge, an
    impossible "N of M", a cycle with no way around it) gives ``[]``. Unknown held or
    target ids raise :class:`~badgeworkbench.errors.UnknownItem` with suggestions.

    >>> from badgeworkbench.model import Badge, Framework, Requirement
    >>> fw = Framework(id="f", badges=[Badge(id="a"), Badge(id="b", requires=Requirement(of=["a"])),
    ...                                Badge(id="c", requires=Requirement(count=1, of=["b", "ghost"]))])
    >>> [r.badges for r in routes(fw, [], "c")]
    [('a', 'b', 'c')]
    >>> routes(fw, ["c"], "c")
    [Route(badges=())]
    """
    held = held_badges(framework, holding)
    known_badge(framework, target)
    if target in held:
        return [Route(())]
    graph = _prerequisite_graph(framework, held, target)
    condensed = nx.condensation(graph)
    members = nx.get_node_attributes(condensed, "members")
    search = SetSearch(max_sets, about=f"routes to badge:{target}")
    # options[b]: the minimal sets of badges to earn, b included, in an order ending with b.
    options: dict[str, list[frozenset[str]]] = {}

    def compute(badge_id: str) -> list[frozenset[str]]:
        badge = framework.badge(badge_id)
        if badge_id in held:
            return [frozenset()]
        if badge is None:
            return []
        if badge.requires is None:
            return [frozenset([badge_id])]

        # A way to an item that passes through badge_id itself is circular: leave it out.
        def leaf(item: str) -> list[frozenset[str]]:
            return [o for o in options.get(item, []) if badge_id not in o]

        return [o | {badge_id} for o in search.requirement(badge.requires, leaf)]

    rank: dict[str, int] = {}
    for component in reversed(list(nx.lexicographical_topological_sort(condensed, key=str))):
        group = sorted(members[component])  # required badges come before the badges requiring them
        rank.update((b, len(rank)) for b in group)
        for badge_id in group:
            options[badge_id] = []
        # Within a requirement cycle, ways in found for one badge may open ways for another
        # (an "any N of M" may lead around the cycle): repeat until nothing changes.
        for _ in range(len(group) + 1):
            changed = False
            for badge_id in group:
                found = compute(badge_id)
                if found != options[badge_id]:
                    options[badge_id], changed = found, True
            if not changed or (len(group) == 1 and not graph.has_edge(group[0], group[0])):
                break
    found = options.get(target, [])
    if not found:
        return []
    shortest = len(found[0])
    chosen = sorted(_earning_order(framework, held, s, rank) for s in found if len(s) == shortest)
    return [Route(badges) for badges in chosen[:limit]]


def _earning_order(framework: Framework, held: frozenset[str], to_earn: frozenset[str],
                   rank: dict[str, int]) -> tuple[str, ...]:  # fmt: skip
    """``to_earn`` in rounds: each round, in id order, every badge the badges so far unlock."""
    order: list[str] = []
    have, left = set(held), set(to_earn)
    while left:
        ready = sorted(b for b in left if (req := framework.badge(b).requires) is None  # type: ignore[union-attr]
                       or req.is_satisfied_by(have))  # fmt: skip
        if not ready:  # cannot happen for a set built by the search; keep its topological order
            ready = [min(left, key=rank.__getitem__)]
        order.extend(ready)
        have.update(ready)
        left.difference_update(ready)
    return tuple(order)


def pathway_progress(framework: Framework, holding: Iterable[str], lang: str = "fr") -> pd.DataFrame:
    """Where a learner stands on each pathway: one row per pathway, indexed by pathway id.

    A stage is complete when the learner holds ``count`` of its badges (all when empty). The
    learner is *at* the first stage not complete (``current_stage`` counts from 1; ``None``
    once every stage is complete). ``missing`` lists the current stage's badges not yet held
    and ``still_needed`` how many of them are still needed.

    >>> from badgeworkbench.model import Badge, Framework, Pathway, PathwayStage
    >>> fw = Framework(id="f", badges=[Badge(id=i) for i in "abc"], pathways=[Pathway(id="p", stages=[
    ...     PathwayStage(badges=["a"]), PathwayStage(count=1, badges=["b", "c"])])])
    >>> row = pathway_progress(fw, ["a"]).loc["p"]
    >>> int(row.completed), int(row.current_stage), row.missing, int(row.still_needed)
    (1, 2, ['b', 'c'], 1)
    """
    held = held_badges(framework, holding)
    rows = []
    for pathway in framework.pathways:
        completed, current, missing, still = 0, None, [], 0
        for index, stage in enumerate(pathway.stages):
            needed = len(stage.badges) if stage.count is None else stage.count
            have = sum(1 for b in stage.badges if b in held)
            if have >= needed and needed <= len(stage.badges):
                completed += 1
                continue
            current, still = index + 1, needed - have
            missing = [b for b in stage.badges if b not in held]
            break
        rows.append({
            "pathway": pathway.id, "name": text(pathway.name, lang), "stages": len(pathway.stages),
            "completed": completed, "current_stage": current,
            "current_stage_name": text(pathway.stages[current - 1].name, lang) if current else "",
            "still_needed": still, "missing": missing, "target": pathway.target,
            "target_held": pathway.target in held if pathway.target else False,
        })  # fmt: skip
    columns = ["pathway", "name", "stages", "completed", "current_stage", "current_stage_name", "still_needed",
               "missing", "target", "target_held"]  # fmt: skip
    frame = pd.DataFrame(rows, columns=columns).set_index("pathway")
    frame["current_stage"] = frame["current_stage"].astype("Int64")
    return frame


@dataclass(frozen=True)
class NextSteps:
    """What ``badgeworkbench next`` shows: badges within reach, open badges, routes to a target."""

    holding: list[str]
    within_reach: list[str]
    open: list[str]
    target: str | None
    routes: list[Route]
    #: When no route exists: the broken requirements on the way to the target, which explain why.
    blocked_by: list[Problem] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"holding": self.holding, "within_reach": self.within_reach, "open": self.open,
                "target": self.target, "routes": [r.to_dict() for r in self.routes],
                "blocked_by": [p.to_dict() for p in self.blocked_by]}  # fmt: skip

    def to_text(self, framework: Framework, lang: str = "fr") -> str:
        fr = lang == "fr"
        colon = "\u202f:" if fr else ":"

        def names(ids: list[str]) -> str:
            return ", ".join(f"{text(b.name, lang) or i} ({i})" if (b := framework.badge(i)) else i for i in ids)

        lines = [f"{'À portée' if fr else 'Within reach'}{colon} {names(self.within_reach) or '—'}",
                 f"{'Ouverts à tous' if fr else 'Open to anyone'}{colon} {len(self.open)}"]  # fmt: skip
        if self.target is not None:
            head = "Chemins les plus courts vers" if fr else "Shortest routes to"
            lines.append(f"{head} {names([self.target])}{colon}")
            if not self.routes:
                lines.append("  " + ("aucun chemin possible." if fr else "no possible route."))
                lines.extend(f"  {p.location()}{colon} {p.text(lang)}" for p in self.blocked_by)
            for n, route in enumerate(self.routes, 1):
                count = f"{len(route)} badge{'s' if len(route) > 1 else ''}"
                lines.append(f"  {n}. ({count}) {route.describe(framework, lang)}")
        return "\n".join(lines)


def next_steps(framework: Framework, holding: Iterable[str], target: str | None = None, *, limit: int = 5) -> NextSteps:
    """Within reach, open badges and (when ``target`` is given) the shortest routes to it, at once.

    When the target cannot be reached, ``blocked_by`` lists the broken requirements (unknown
    badge, impossible "N of M", cycle) met on the way to it.
    """
    held = list(dict.fromkeys(holding))
    found = routes(framework, held, target, limit=limit) if target is not None else []
    blocked: list[Problem] = []
    if target is not None and not found:
        on_the_way = {f"badge:{b}" for b in _prerequisite_graph(framework, frozenset(held), target)}
        blocked = [p for p in requirement_problems(framework) if p.item in on_the_way]
    return NextSteps(held, within_reach(framework, held), open_badges(framework, held), target, found, blocked)

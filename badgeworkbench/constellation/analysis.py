"""Analysis of a constellation for analysts: coverage, gaps, duplicates, contribution, centrality.

Pure functions of the framework returning pandas DataFrames or plain values. Bad requirement
logic (unknown badges, impossible "N of M", cycles) never stops them: it is named in
:func:`analyze`'s ``problems`` and the rest of the graph is still analysed.

>>> from badgeworkbench.model import Badge, Competency, Framework, Level, Pathway, PathwayStage
>>> fw = Framework(id="f",
...     competencies=[Competency(id="com", levels=[Level(id="n1"), Level(id="n2")]), Competency(id="calc")],
...     badges=[Badge(id="b1", competencies=[{"competency": "com", "level": "n1"}]),
...             Badge(id="b2", competencies=[{"competency": "com", "level": "n1"}])],
...     pathways=[Pathway(id="p", stages=[PathwayStage(badges=["b1"])])])
>>> uncovered_competencies(fw)
['calc']
>>> unreached_badges(fw)
['b2']
>>> duplicate_badges(fw)
[['b1', 'b2']]
>>> coverage_by_level(fw).loc["com", "badges"].to_dict()
{'n1': 2, 'n2': 0}
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Literal

import networkx as nx
import pandas as pd

from ..check import reached_badges, requirement_graph
from ..model import Framework, RelationType, text
from ..report import Problem
from ..tables import coverage_matrix
from .problems import requirement_cycles, requirement_problems

__all__ = [
    "ANY_LEVEL",
    "Analysis",
    "analyze",
    "competency_centrality",
    "contribution",
    "coverage",
    "coverage_by_level",
    "duplicate_badges",
    "uncovered_competencies",
    "unreached_badges",
]

#: The level shown for a badge that recognises a competency at no particular level.
ANY_LEVEL = "*"


def coverage(framework: Framework) -> pd.DataFrame:
    """Competencies (rows) × badges (columns): 1 where the badge recognises the competency.

    The spine's :func:`badgeworkbench.tables.coverage_matrix`, re-exported here so that every
    analysis is found in one place.
    """
    return coverage_matrix(framework)


def coverage_by_level(framework: Framework) -> pd.DataFrame:
    """Which levels of each competency some badge recognises.

    One row per (competency, level): each level the competency declares, plus
    :data:`ANY_LEVEL` when a badge names the competency without a level, plus any level a
    badge names that the competency does not declare (``declared`` is then False). Columns:
    ``badges`` (how many badges), ``badge_ids`` (which), ``recognised``, ``declared``.
    """
    recognised: dict[tuple[str, str], list[str]] = defaultdict(list)
    for b in framework.badges:
        for rc in b.competencies:
            recognised[(rc.competency, rc.level or ANY_LEVEL)].append(b.id)
    named: dict[str, list[str]] = defaultdict(list)  # competency -> levels badges name for it
    for competency_id, level in recognised:
        named[competency_id].append(level)
    rows: list[dict[str, Any]] = []
    for c in framework.competencies:
        declared = {level.id for level in c.levels}
        levels = [level.id for level in c.levels] + sorted(set(named.get(c.id, [])) - declared)
        for level in levels:
            key = (c.id, level)
            ids = recognised.get(key, [])
            rows.append({"competency": key[0], "level": key[1], "badges": len(ids), "badge_ids": ids,
                         "recognised": bool(ids), "declared": level in declared})  # fmt: skip
    frame = pd.DataFrame(rows, columns=["competency", "level", "badges", "badge_ids", "recognised", "declared"])
    return frame.set_index(["competency", "level"])


def uncovered_competencies(framework: Framework) -> list[str]:
    """Competencies no badge recognises, directly or through one of their sub-competencies.

    A domain counts as covered as soon as one competency beneath it is recognised. Items set
    aside in the co-design (``status: set_aside``) are not listed. Framework order.
    """
    parent = {c.id: c.parent for c in framework.competencies}
    covered: set[str] = set()
    for b in framework.badges:
        for rc in b.competencies:
            node: str | None = rc.competency
            while node is not None and node not in covered:  # climb until an already-covered ancestor
                covered.add(node)
                node = parent.get(node)
    return [c.id for c in framework.competencies if c.id not in covered and c.status != "set_aside"]


def unreached_badges(framework: Framework) -> list[str]:
    """Badges no pathway reaches: in no stage, not a target, not required by one of those.

    With no pathway at all, every badge is listed. Framework order.
    """
    reached = reached_badges(framework)
    return [b.id for b in framework.badges if b.id not in reached]


def duplicate_badges(framework: Framework) -> list[list[str]]:
    """Groups of badges recognising the same competencies at the same levels, with the same badge level.

    Badges recognising nothing are not compared. Each group is sorted; groups in order of
    their first id.
    """
    groups: dict[tuple[Any, ...], list[str]] = defaultdict(list)
    for b in framework.badges:
        if b.competencies:
            key = (b.level, frozenset((rc.competency, rc.level) for rc in b.competencies))
            groups[key].append(b.id)
    return sorted(sorted(ids) for ids in groups.values() if len(ids) > 1)


def contribution(framework: Framework, by: Literal["partner", "territory"] = "partner") -> pd.DataFrame:
    """What each partner (or territory) brought: competencies and badges proposed, badges issued and endorsed.

    ``by="territory"`` adds up the partners located in each territory (partners without one
    go to the row ``""``). Partners named by items but missing from the partner list get a row
    of their own with ``known`` False, so that the totals still add up.

    >>> from badgeworkbench.model import Badge, Framework, Partner
    >>> fw = Framework(id="f", partners=[Partner(id="mjc", territory="nord"), Partner(id="cfa")],
    ...                badges=[Badge(id="b", issuer="mjc", endorsers=["cfa", "mjc"])])
    >>> contribution(fw)[["badges_issued", "badges_endorsed"]].to_dict("index")
    {'mjc': {'badges_issued': 1, 'badges_endorsed': 1}, 'cfa': {'badges_issued': 0, 'badges_endorsed': 1}}
    """
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for c in framework.competencies:
        if c.provenance.proposed_by:
            counts[c.provenance.proposed_by]["competencies_proposed"] += 1
    for b in framework.badges:
        if b.provenance.proposed_by:
            counts[b.provenance.proposed_by]["badges_proposed"] += 1
        if b.issuer:
            counts[b.issuer]["badges_issued"] += 1
        for e in dict.fromkeys(b.endorsers):  # a partner endorsing twice still endorses once
            counts[e]["badges_endorsed"] += 1
    columns = ["competencies_proposed", "badges_proposed", "badges_issued", "badges_endorsed"]
    ids = [p.id for p in framework.partners] + sorted(set(counts) - {p.id for p in framework.partners})
    rows = [{"partner": pid, "name": p.name if (p := framework.partner(pid)) else pid,
             "territory": (p.territory or "") if p else "", "known": p is not None,
             **{col: counts[pid][col] for col in columns}} for pid in ids]  # fmt: skip
    frame = pd.DataFrame(rows, columns=["partner", "name", "territory", "known", *columns]).set_index("partner")
    if by == "partner":
        return frame
    if by != "territory":
        raise ValueError(f"by must be 'partner' or 'territory', not {by!r}")
    totals = frame.groupby("territory")[columns].sum()
    order = [t.id for t in framework.territories] + sorted(set(totals.index) - {t.id for t in framework.territories})
    totals = totals.reindex(order, fill_value=0)
    totals.insert(0, "name", [text(t.name) if (t := framework.territory(i)) else i for i in order])
    totals.index.name = "territory"
    return totals


def competency_centrality(framework: Framework, *, betweenness: bool = True, sample: int = 32,
                          seed: int = 0) -> pd.DataFrame:  # fmt: skip
    """Which competencies many badges depend on, most depended-on first.

    Columns: ``direct`` (badges recognising the competency), ``dependent_badges`` (badges that
    recognise it directly or require, at any depth, a badge that does), ``betweenness``
    (networkx betweenness centrality on the competency graph: hierarchy and relations,
    undirected). Above ``sample`` competencies, betweenness is estimated from ``sample`` seeded
    pivots, since the exact value costs competencies × links (each pivot costs about 0.3 s at
    ROME scale: 18,000 competencies, 78,000 links); ``betweenness=False`` leaves it out (0.0).
    """
    recognising: dict[str, set[str]] = defaultdict(set)
    for b in framework.badges:
        for rc in b.competencies:
            recognising[rc.competency].add(b.id)
    graph = requirement_graph(framework)
    # Badges that depend on each badge (it, and every badge requiring it at any depth).
    dependents: dict[str, set[str]] = {}
    condensed = nx.condensation(graph)
    members = nx.get_node_attributes(condensed, "members")
    for node in nx.topological_sort(condensed):  # requirers before the badges they require
        above = set(members[node])
        for pred in condensed.predecessors(node):
            above |= dependents[next(iter(members[pred]))]
        for m in members[node]:
            dependents[m] = above
    competency_graph = nx.Graph()
    competency_graph.add_nodes_from(c.id for c in framework.competencies)
    competency_graph.add_edges_from((c.id, c.parent) for c in framework.competencies if c.parent)
    competency_graph.add_edges_from((r.source, r.target) for r in framework.relations
                                    if r.type != RelationType.HAS_SKILL_LEVEL)  # fmt: skip
    k = None if competency_graph.number_of_nodes() <= sample else sample
    between = nx.betweenness_centrality(competency_graph, k=k, seed=seed) if betweenness else {}
    rows = []
    for c in framework.competencies:
        direct = recognising.get(c.id, set())
        through: set[str] = set()
        for badge_id in direct:
            through |= dependents.get(badge_id, {badge_id})
        rows.append({"competency": c.id, "title": text(c.title), "direct": len(direct),
                     "dependent_badges": len(through), "betweenness": round(between.get(c.id, 0.0), 6)})  # fmt: skip
    frame = pd.DataFrame(rows, columns=["competency", "title", "direct", "dependent_badges", "betweenness"])
    frame = frame.set_index("competency")
    return frame.sort_values(["dependent_badges", "direct", "betweenness"], ascending=False, kind="stable")


@dataclass(frozen=True)
class Analysis:
    """The summary ``badgeworkbench analyze`` prints; ``to_dict()`` is its ``--json``."""

    uncovered_competencies: list[str]
    unreached_badges: list[str]
    cycles: list[list[str]]
    duplicates: list[list[str]]
    contribution: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "counts": {
                "uncovered_competencies": len(self.uncovered_competencies),
                "unreached_badges": len(self.unreached_badges),
                "cycles": len(self.cycles),
                "duplicates": len(self.duplicates),
                "problems": len(self.problems),
            },
            "uncovered_competencies": self.uncovered_competencies,
            "unreached_badges": self.unreached_badges,
            "cycles": self.cycles,
            "duplicates": self.duplicates,
            "contribution": {
                pid: {k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()}
                for pid, row in self.contribution.to_dict("index").items()
            },
            "problems": [p.to_dict() for p in self.problems],
        }

    def to_text(self, lang: str = "fr") -> str:
        """The summary for a terminal, in French or English."""
        fr = lang == "fr"
        colon = "\u202f:" if fr else ":"

        lines = [
            f"{'Compétences reconnues par aucun badge' if fr else 'Competencies no badge recognises'}"
            f"{colon} {len(self.uncovered_competencies)}",
            f"{'Badges hors de tout parcours' if fr else 'Badges no pathway reaches'}{colon} "
            f"{len(self.unreached_badges)}",
            f"{'Cycles de prérequis' if fr else 'Requirement cycles'}{colon} {len(self.cycles)}"
            + "".join(f"\n  {' → '.join([*c, c[0]])}" for c in self.cycles),
            f"{'Badges en double' if fr else 'Duplicate badges'}{colon} {len(self.duplicates)}"
            + "".join(f"\n  {', '.join(g)}" for g in self.duplicates),
            f"{'Contribution par partenaire' if fr else 'Contribution per partner'}{colon}",
        ]
        heads = ["compétences proposées", "badges proposés", "émis", "soutenus"] if fr else [
            "competencies proposed", "badges proposed", "issued", "endorsed"]  # fmt: skip
        cols = ["competencies_proposed", "badges_proposed", "badges_issued", "badges_endorsed"]
        for pid, row in self.contribution.iterrows():
            lines.append(f"  {pid}{colon} " + ", ".join(f"{int(row[c])} {h}" for c, h in zip(cols, heads, strict=True)))
        if self.problems:
            lines.append(f"{'Problèmes laissés de côté' if fr else 'Problems left aside'}{colon} {len(self.problems)}")
            lines.extend(f"  {p.location()}{colon} {p.text(lang)}" for p in self.problems)
        return "\n".join(lines)


def analyze(framework: Framework) -> Analysis:
    """Every summary figure at once: gaps, unreached badges, cycles, duplicates, contribution, problems."""
    return Analysis(
        uncovered_competencies=uncovered_competencies(framework),
        unreached_badges=unreached_badges(framework),
        cycles=requirement_cycles(framework),
        duplicates=duplicate_badges(framework),
        contribution=contribution(framework),
        problems=requirement_problems(framework),
    )

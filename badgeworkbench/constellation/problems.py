"""Bad requirement logic, named: unknown badges, impossible "N of M", cycles.

Every analysis of this package answers for the sound part of the graph and lists what it
had to leave aside as :class:`~badgeworkbench.report.Problem` values (the same shape
:func:`badgeworkbench.check.check` uses), so a facilitator sees *which* badge is at fault.

>>> from badgeworkbench.model import Badge, Framework, Requirement
>>> fw = Framework(id="f", badges=[Badge(id="a", requires=Requirement(count=3, of=["b", "zz"])),
...                                Badge(id="b", requires=Requirement(of=["a"]))])
>>> [(p.code, p.item) for p in requirement_problems(fw)]
[('unknown-badge', 'badge:a'), ('requirement-count-out-of-range', 'badge:a'), ('requirement-cycle', 'badge:a')]
>>> requirement_cycles(fw)
[['a', 'b']]
"""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx

from ..check import requirement_graph
from ..model import Framework, Requirement
from ..report import Problem, Severity

__all__ = ["cyclic_badges", "requirement_cycles", "requirement_problems"]


def _french(sentence: str) -> str:
    """French typography: a narrow no-break space (U+202F) before ``:`` and ``;``."""
    return sentence.replace(" :", "\u202f:").replace(" ;", "\u202f;")


def _problem(code: str, fr: str, en: str, item: str, field: str, hint_fr: str, hint_en: str) -> Problem:
    return Problem(code, Severity.ERROR, {"fr": _french(fr), "en": en}, item=item, field=field,
                   hint={"fr": _french(hint_fr), "en": hint_en})  # fmt: skip


def requirement_cycles(framework: Framework) -> list[list[str]]:
    """Each requirement cycle as the badge ids met going round it, starting from the smallest id.

    ``["a", "b"]`` reads "a requires b, which requires a". Cycles are listed in order of
    their first id; a badge that requires itself is a cycle of one. Linear in the size of the
    requirement graph (one cycle is named per strongly connected group).
    """
    graph = requirement_graph(framework)
    cycles: list[list[str]] = []
    for component in nx.strongly_connected_components(graph):
        start = min(component)
        if len(component) == 1 and not graph.has_edge(start, start):
            continue
        inner = graph.subgraph(component)
        edges = nx.find_cycle(inner, source=start)
        ids = [u for u, _ in edges]
        first = ids.index(min(ids))
        cycles.append(ids[first:] + ids[:first])
    return sorted(cycles)


def cyclic_badges(framework: Framework) -> set[str]:
    """Badges caught in a requirement cycle (earnable only if an "any N of M" leads around it)."""
    graph = requirement_graph(framework)
    found: set[str] = set()
    for component in nx.strongly_connected_components(graph):
        if len(component) > 1 or any(graph.has_edge(n, n) for n in component):
            found |= component
    return found


def _walk(framework: Framework, req: Requirement, item: str, path: str) -> Iterator[Problem]:
    for i, entry in enumerate(req.of):
        if isinstance(entry, str):
            if framework.badge(entry) is None:
                yield _problem("unknown-badge", f"Le prérequis nomme un badge inconnu : « {entry} ».",
                               f"The requirement names an unknown badge: '{entry}'.", item, f"{path}.of[{i}]",
                               "Corrigez l'identifiant ou ajoutez ce badge ; d'ici là il compte comme impossible à obtenir.",
                               "Fix the id or add that badge; until then it counts as impossible to earn.")  # fmt: skip
    m = len(req.of)
    if req.count is not None and not 1 <= req.count <= m:
        yield _problem("requirement-count-out-of-range",
                       f"« {req.count} parmi {m} » est impossible : N doit être entre 1 et {m}.",
                       f"'{req.count} of {m}' is impossible: N must be between 1 and {m}.", item, f"{path}.count",
                       "Corrigez N ; d'ici là ce groupe compte comme jamais satisfait." if req.count > m else
                       "Corrigez N ; d'ici là ce groupe compte comme toujours satisfait.",
                       "Fix N; until then this group counts as never met." if req.count > m else
                       "Fix N; until then this group counts as always met.")  # fmt: skip
    for i, entry in enumerate(req.of):
        if not isinstance(entry, str):
            yield from _walk(framework, entry, item, f"{path}.of[{i}]")


def requirement_problems(framework: Framework) -> list[Problem]:
    """What the requirement analysis had to leave aside, each named by badge and field.

    Codes: ``unknown-badge`` (a requirement or a pathway stage names no badge of the framework),
    ``requirement-count-out-of-range`` (N larger than M, or below 1), ``requirement-cycle``.
    """
    problems: list[Problem] = []
    for badge in framework.badges:
        if badge.requires is not None:
            problems.extend(_walk(framework, badge.requires, f"badge:{badge.id}", "requires"))
    for pathway in framework.pathways:
        for s, stage in enumerate(pathway.stages):
            for j, bid in enumerate(stage.badges):
                if framework.badge(bid) is None:
                    problems.append(_problem("unknown-badge", f"L'étape nomme un badge inconnu : « {bid} ».",
                                             f"The stage names an unknown badge: '{bid}'.", f"pathway:{pathway.id}",
                                             f"stages[{s}].badges[{j}]", "Corrigez l'identifiant.", "Fix the id."))  # fmt: skip
        if pathway.target is not None and framework.badge(pathway.target) is None:
            problems.append(_problem("unknown-badge", f"Le parcours vise un badge inconnu : « {pathway.target} ».",
                                     f"The pathway targets an unknown badge: '{pathway.target}'.",
                                     f"pathway:{pathway.id}", "target", "Corrigez l'identifiant.", "Fix the id."))  # fmt: skip
    for cycle in requirement_cycles(framework):
        loop = " → ".join([*cycle, cycle[0]])
        problems.append(_problem("requirement-cycle", f"Cycle de prérequis : {loop}.", f"Requirement cycle: {loop}.",
                                 f"badge:{cycle[0]}", "requires",
                                 "Retirez l'un de ces prérequis : tant qu'aucun « N parmi M » ne permet de contourner le cycle, ces badges ne peuvent pas être obtenus.",
                                 "Remove one of these requirements: unless an 'N of M' leads around the cycle, these badges cannot be earned."))  # fmt: skip
    return problems

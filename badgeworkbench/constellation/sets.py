"""The smallest sets of badges that satisfy a requirement ("all of", "any N of M", nested).

The search is exact and bounded: at each group of the expression it keeps the
inclusion-minimal sets, smallest first, and at most ``max_sets`` of them. When a group has
more minimal sets than that, the largest are dropped and a :class:`SearchCut` warning names
the badge, so a result is never silently partial.

>>> from badgeworkbench.model import Badge, Framework, Requirement
>>> fw = Framework(id="f", badges=[Badge(id=i) for i in "abcd"] + [
...     Badge(id="m", milestone=True, requires=Requirement(of=["a", Requirement(count=2, of=["b", "c", "d"])]))])
>>> minimal_satisfying_sets(fw, "m")
[['a', 'b', 'c'], ['a', 'b', 'd'], ['a', 'c', 'd']]
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable

from ..errors import UnknownItem
from ..model import Framework, Requirement

__all__ = ["DEFAULT_MAX_SETS", "SearchCut", "known_badge", "minimal_satisfying_sets", "suggest_badges"]

#: How many minimal sets each group of a requirement keeps during a search.
DEFAULT_MAX_SETS = 100

Leaf = Callable[[str], list[frozenset[str]]]


class SearchCut(UserWarning):
    """A requirement had more minimal sets than the search keeps: the largest were dropped."""


def _order(candidate: frozenset[str]) -> tuple[int, list[str]]:
    return len(candidate), sorted(candidate)


class SetSearch:
    """Combines the sets that satisfy each item of a requirement into the sets that satisfy it."""

    def __init__(self, max_sets: int = DEFAULT_MAX_SETS, about: str = ""):
        self.max_sets = max_sets
        self.about = about
        self.cut = False

    def prune(self, candidates: Iterable[frozenset[str]]) -> list[frozenset[str]]:
        """The inclusion-minimal candidates, smallest first, at most ``max_sets``."""
        kept: list[frozenset[str]] = []
        for candidate in sorted(set(candidates), key=_order):
            if not any(k <= candidate for k in kept):
                kept.append(candidate)
        if len(kept) > self.max_sets:
            if not self.cut:
                warnings.warn(SearchCut(f"{self.about}: more than {self.max_sets} minimal sets; only the "
                                        f"{self.max_sets} smallest were kept (raise max_sets to see more)."),
                              stacklevel=3)  # fmt: skip
            self.cut = True
            kept = kept[: self.max_sets]
        return kept

    def requirement(self, req: Requirement, leaf: Leaf) -> list[frozenset[str]]:
        """Sets satisfying ``req`` when ``leaf(badge_id)`` gives the sets satisfying one badge.

        A group asking for no item (N ≤ 0) is always met; one asking for more items than it
        lists (N > M) never is — the same reading as :meth:`Requirement.is_satisfied_by`.
        """
        needed = req.needed
        if needed <= 0:
            return [frozenset()]
        if needed > len(req.of):
            return []
        # states[k]: minimal sets meeting exactly k of the items seen so far (k capped at needed).
        empty: frozenset[str] = frozenset()
        states: list[list[frozenset[str]]] = [[empty]] + [[] for _ in range(needed)]
        for item in req.of:
            options = leaf(item) if isinstance(item, str) else self.requirement(item, leaf)
            if not options:
                continue
            grown = [list(s) for s in states]
            for k in range(needed):
                grown[k + 1].extend(s | o for s in states[k] for o in options)
            states = [self.prune(s) for s in grown]
        return states[needed]


def suggest_badges(framework: Framework, badge_id: str) -> list[str]:
    """Badge ids close to ``badge_id`` (for "did you mean"), best first."""
    import difflib

    return difflib.get_close_matches(badge_id, [b.id for b in framework.badges], n=3, cutoff=0.5)


def known_badge(framework: Framework, badge_id: str) -> str:
    """``badge_id`` when the framework has it; else :class:`UnknownItem` with suggestions."""
    if framework.badge(badge_id) is None:
        raise UnknownItem("badge", badge_id, suggest_badges(framework, badge_id))
    return badge_id


def minimal_satisfying_sets(
    framework: Framework, badge_id: str, *, max_sets: int = DEFAULT_MAX_SETS
) -> list[list[str]]:
    """Every inclusion-minimal set of badges whose holding meets the requirement of ``badge_id``.

    Smallest sets first, then in id order; each set is a sorted list of badge ids. A badge
    with no requirement gives ``[[]]`` (nothing to collect). Badges the requirement names but
    the framework lacks can never be held, so no set contains them (see
    :func:`~badgeworkbench.constellation.problems.requirement_problems`). This looks at the
    requirement itself, one level deep; :func:`~badgeworkbench.constellation.routes.routes`
    follows the requirements of the collected badges too.

    Raises :class:`~badgeworkbench.errors.UnknownItem` when ``badge_id`` is not a badge.

    >>> from badgeworkbench.model import Badge, Framework, Requirement
    >>> fw = Framework(id="f", badges=[Badge(id=i) for i in "xyz"] + [
    ...     Badge(id="m", milestone=True, requires=Requirement(count=2, of=["x", "y", "z"]))])
    >>> minimal_satisfying_sets(fw, "m")
    [['x', 'y'], ['x', 'z'], ['y', 'z']]
    """
    badge = framework.badge(known_badge(framework, badge_id))
    assert badge is not None
    if badge.requires is None:
        return [[]]
    search = SetSearch(max_sets, about=f"badge:{badge_id}")

    def leaf(item: str) -> list[frozenset[str]]:
        return [frozenset([item])] if framework.badge(item) is not None else []

    return [sorted(s) for s in search.requirement(badge.requires, leaf)]

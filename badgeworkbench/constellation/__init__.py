"""Constellations and pathways: requirement analysis, learner routes, coverage, contribution, drawings.

Everything here is a pure function of a :class:`~badgeworkbench.model.Framework`; see
``docs/constellation.md`` for the definitions (within reach, open, route, covered…).
"""

from .analysis import (
    ANY_LEVEL,
    Analysis,
    analyze,
    competency_centrality,
    contribution,
    coverage,
    coverage_by_level,
    duplicate_badges,
    uncovered_competencies,
    unreached_badges,
)
from .drawing import (
    constellation_png,
    constellation_scene,
    constellation_svg,
    contribution_chart,
    coverage_heatmap,
    draw,
)
from .layout import badge_columns, constellation_layout, with_layout
from .problems import cyclic_badges, requirement_cycles, requirement_problems
from .routes import NextSteps, Route, held_badges, next_steps, open_badges, pathway_progress, routes, within_reach
from .sets import SearchCut, minimal_satisfying_sets

__all__ = [
    "ANY_LEVEL",
    "Analysis",
    "NextSteps",
    "Route",
    "SearchCut",
    "analyze",
    "badge_columns",
    "competency_centrality",
    "constellation_layout",
    "constellation_png",
    "constellation_scene",
    "constellation_svg",
    "contribution",
    "contribution_chart",
    "coverage",
    "coverage_by_level",
    "coverage_heatmap",
    "cyclic_badges",
    "draw",
    "duplicate_badges",
    "held_badges",
    "minimal_satisfying_sets",
    "next_steps",
    "open_badges",
    "pathway_progress",
    "requirement_cycles",
    "requirement_problems",
    "routes",
    "uncovered_competencies",
    "unreached_badges",
    "with_layout",
    "within_reach",
]

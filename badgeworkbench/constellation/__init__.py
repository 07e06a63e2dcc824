"""Constellations and pathways: requirement analysis, learner routes, coverage, contribution, drawings."""

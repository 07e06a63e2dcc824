"""Pause Python's cycle collector while a framework is built or rendered in one go.

Loading a ROME-scale framework creates about a million small objects (models, dicts, strings), none
of them in a reference cycle. The cycle collector, triggered every few hundred allocations, scans
the ever-growing heap again and again: it took half of the load time and of :func:`to_graph`.
Reference counting still frees everything as usual; the collector runs again right after.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

__all__ = ["gc_paused"]

P = ParamSpec("P")
R = TypeVar("R")


def gc_paused(fn: Callable[P, R]) -> Callable[P, R]:
    """Run ``fn`` with the cycle collector paused (restored as it was after, even on error; nests)."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if not gc.isenabled():
            return fn(*args, **kwargs)
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            gc.enable()

    return wrapper

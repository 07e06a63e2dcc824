"""Pause Python's cycle collector while a framework is built or rendered in one go.

Loading a ROME-scale framework creates about a million small objects (models, dicts, strings), none
of them in a reference cycle. The cycle collector, triggered every few hundred allocations, scans
the ever-growing heap again and again: it took half of the load time and of :func:`to_graph`.
Reference counting still frees everything as usual; the collector runs again right after.

What such a bulk operation leaves alive (a loaded framework, a graph) would still be scanned
afterwards: three times over as it ages through the collector's generations, a stall of most of a
second on the user's next action after a ROME-scale load. When an operation leaves more than
:data:`FREEZE_AFTER` new tracked objects, they are moved out of the collector's way with
:func:`gc.freeze` (what CPython offers for big long-lived data). They are still freed by reference
counting when dropped; the cost is that objects alive at that moment which later become unreachable
*cycles* are only reclaimed after :func:`gc.unfreeze`. Small frameworks never reach the threshold.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

__all__ = ["FREEZE_AFTER", "gc_paused"]

P = ParamSpec("P")
R = TypeVar("R")

#: New tracked objects left by one bulk operation above which they are frozen (a ROME-scale load
#: leaves about 440,000; the example framework about 2,000).
FREEZE_AFTER = 100_000


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
            # No collection ran while paused: the youngest generation's count is what fn left alive.
            if gc.get_count()[0] > FREEZE_AFTER:
                gc.freeze()
            gc.enable()

    return wrapper

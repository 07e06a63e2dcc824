"""Printable materials: choose and generate them (from ``badgeworkbench.materials`` once installed)."""

from __future__ import annotations

import ipywidgets as w

from .base import Panel, unavailable
from .features import optional

__all__ = ["MaterialsPanel"]


class MaterialsPanel(Panel):
    """Cards, canvases and posters to print for a workshop."""

    title_key = "materials.title"

    def build(self) -> list[w.Widget]:
        self.generator = optional("badgeworkbench.materials", "generate")
        self.note = unavailable(self.label, "materials.unavailable") if self.generator is None else w.HTML()
        return [self.note]

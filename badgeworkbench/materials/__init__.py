"""Printable workshop materials, and the paper round trip.

Kits are looked up by name; each renders a framework in memory to ``{filename: bytes}`` (a PDF
and an HTML twin with print CSS). Writing the files is a separate step (:func:`write_materials`).

>>> sorted(KITS)
['canvas', 'cards', 'deck', 'partners', 'poster', 'runsheet']
>>> get_kit("dek")
Traceback (most recent call last):
...
badgeworkbench.materials._base.UnknownKit: There is no kit named 'dek'. Did you mean 'deck'? Kits: canvas, cards, deck, partners, poster, runsheet.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path
from typing import Any

from ..gate import printing_report, require_publishable
from ..model import Framework
from ..report import Report
from ._base import Kit, MaterialsError, UnknownKit
from .canvas import CanvasKit
from .cards import CardsKit
from .codes import find_item, item_reference, parse_reference, qr_payload, short_code
from .deck import DeckKit
from .partners import PartnersKit
from .poster import PosterKit, poster_positions
from .runsheet import RunsheetKit

__all__ = [
    "KITS",
    "Kit",
    "MaterialsError",
    "UnknownKit",
    "find_item",
    "get_kit",
    "item_reference",
    "parse_reference",
    "poster_positions",
    "qr_payload",
    "render_kit",
    "render_materials",
    "short_code",
    "write_materials",
]

#: Every kit, by name.
KITS: dict[str, Kit] = {
    kit.name: kit for kit in (DeckKit(), CardsKit(), CanvasKit(), PosterKit(), RunsheetKit(), PartnersKit())
}


def get_kit(name: str) -> Kit:
    """The kit called ``name``; a wrong name is answered with the closest ones."""
    try:
        return KITS[name]
    except KeyError:
        close = difflib.get_close_matches(name, list(KITS), n=2)
        raise UnknownKit(name, close, sorted(KITS)) from None


def render_kit(name: str, framework: Framework, lang: str = "fr", **options: Any) -> dict[str, bytes]:
    """Render one kit: ``{filename: bytes}``."""
    return get_kit(name).render(framework, lang, **options)


def render_materials(framework: Framework, kits: list[str], lang: str = "fr", *,
                     checked: Report | None = None) -> dict[str, bytes]:  # fmt: skip
    """Render several kits (every name checked before any work starts).

    Nothing is printed while the gate finds an error that would make the print unsafe or incomplete
    (:class:`~badgeworkbench.gate.PublishingBlocked`, with the codes ``validate`` reports; an unfinished
    framework is fine): ``checked`` is :func:`~badgeworkbench.gate.printing_report` when the caller made it.
    """
    chosen = [get_kit(name) for name in kits]
    require_publishable(checked if checked is not None else printing_report(framework=framework),
                        "Printing the materials")
    files: dict[str, bytes] = {}
    for kit in chosen:
        files.update(kit.render(framework, lang))
    return files


def write_materials(files: dict[str, bytes], folder: str | os.PathLike[str]) -> list[Path]:
    """Write rendered files into ``folder`` (each written beside its target, then renamed into place)."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in files.items():
        target = out / name
        temp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
        temp.write_bytes(data)
        os.replace(temp, target)
        written.append(target)
    return written

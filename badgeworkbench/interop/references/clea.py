"""CléA (certificat de connaissances et de compétences professionnelles), shipped with the package.

``badgeworkbench/interop/data/clea.csv`` holds the 7 domains and 28 sub-domains of CléA in the
stored reference format (see :mod:`badgeworkbench.interop.references.sets`), in French and English.

>>> clea = clea_reference()
>>> len(clea.items), sum(item.kind == "domain" for item in clea.items)
(35, 7)
>>> clea.item("4.2").label("en")
'Working in a team'
"""

from __future__ import annotations

from importlib import resources

from .sets import ReferenceSet, read_reference_set

__all__ = ["clea_reference"]


def clea_reference() -> ReferenceSet:
    """CléA: 7 domains, 28 sub-domains."""
    data = resources.files("badgeworkbench.interop").joinpath("data", "clea.csv").read_bytes()
    return read_reference_set(data, name="clea", file="clea.csv")

"""pandas tables of a framework: competencies, badges, and the competency × badge coverage matrix.

>>> from badgeworkbench.model import Framework, Competency, Badge
>>> fw = Framework(id="f", competencies=[Competency(id="c1", title={"fr": "Écouter"})],
...                badges=[Badge(id="b1", competencies=["c1"])])
>>> int(coverage_matrix(fw).loc["c1", "b1"])
1
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .model import Framework, text

__all__ = ["badges_table", "competencies_table", "coverage_matrix", "partners_table"]


def competencies_table(framework: Framework, lang: str = "fr") -> pd.DataFrame:
    """One row per competency, indexed by id."""
    recognised: dict[str, int] = {}
    for b in framework.badges:
        for rc in b.competencies:
            recognised[rc.competency] = recognised.get(rc.competency, 0) + 1
    rows = [
        {
            "id": c.id,
            "title": text(c.title, lang),
            "parent": c.parent,
            "kind": c.kind,
            "code": c.code,
            "levels": len(c.levels),
            "alignments": len(c.alignments),
            "badges": recognised.get(c.id, 0),
            "status": c.status,
            "proposed_by": c.provenance.proposed_by,
        }
        for c in framework.competencies
    ]
    columns = ["id", "title", "parent", "kind", "code", "levels", "alignments", "badges", "status", "proposed_by"]
    return pd.DataFrame(rows, columns=columns).set_index("id")


def badges_table(framework: Framework, lang: str = "fr") -> pd.DataFrame:
    """One row per badge, indexed by id."""
    rows = [
        {
            "id": b.id,
            "name": text(b.name, lang),
            "category": b.category,
            "level": b.level,
            "issuer": b.issuer,
            "endorsers": len(b.endorsers),
            "competencies": len(b.competencies),
            "requires": len(b.requires.badge_ids()) if b.requires else 0,
            "milestone": b.milestone,
            "status": b.status,
        }
        for b in framework.badges
    ]
    columns = ["id", "name", "category", "level", "issuer", "endorsers", "competencies", "requires", "milestone",
               "status"]
    return pd.DataFrame(rows, columns=columns).set_index("id")


def partners_table(framework: Framework) -> pd.DataFrame:
    issued: dict[str, int] = {}
    endorsed: dict[str, int] = {}
    for b in framework.badges:
        if b.issuer:
            issued[b.issuer] = issued.get(b.issuer, 0) + 1
        for e in b.endorsers:
            endorsed[e] = endorsed.get(e, 0) + 1
    rows = [
        {"id": p.id, "name": p.name, "roles": ", ".join(p.roles), "territory": p.territory,
         "issued": issued.get(p.id, 0), "endorsed": endorsed.get(p.id, 0)}
        for p in framework.partners
    ]
    return pd.DataFrame(rows, columns=["id", "name", "roles", "territory", "issued", "endorsed"]).set_index("id")


def coverage_matrix(framework: Framework) -> pd.DataFrame:
    """Competencies (rows) × badges (columns): 1 where the badge recognises the competency, else 0."""
    row = {c.id: i for i, c in enumerate(framework.competencies)}
    col = {b.id: j for j, b in enumerate(framework.badges)}
    matrix = np.zeros((len(row), len(col)), dtype=np.int8)
    for b in framework.badges:
        j = col[b.id]
        for rc in b.competencies:
            i = row.get(rc.competency)
            if i is not None:
                matrix[i, j] = 1
    return pd.DataFrame(matrix, index=pd.Index(list(row), name="competency"), columns=pd.Index(list(col), name="badge"))

"""A small framework for the widget tests, written to a temporary folder (never into frameworks/)."""

from __future__ import annotations

import shutil
from pathlib import Path

from badgeworkbench.files import save_framework
from badgeworkbench.model import (
    Badge,
    Competency,
    Criteria,
    Framework,
    Partner,
    Pathway,
    PathwayStage,
    Relation,
    Requirement,
    Territory,
)  # fmt: skip


def small_framework() -> Framework:
    """Two partners, a small hierarchy, four badges with a prerequisite, one pathway."""
    return Framework(
        id="atelier-test", title={"fr": "Référentiel d'essai", "en": "Test framework"}, url="https://badges.example.org",
        territories=[Territory(id="nord", name={"fr": "Nord"})],
        partners=[
            Partner(id="mission-locale", name="Mission locale", url="https://ml.example.org", email="ml@example.org",
                    roles=["issuer"], territory="nord"),
            Partner(id="cnam", name="Cnam", url="https://cnam.example.org", email="c@example.org", roles=["issuer", "training"]),
        ],
        competencies=[
            Competency(id="relation", title={"fr": "Relation aux autres", "en": "Relating to others"}, kind="domain"),
            Competency(id="ecouter", title={"fr": "Écouter", "en": "Listening"}, parent="relation"),
            Competency(id="accueillir", title={"fr": "Accueillir", "en": "Welcoming"}, parent="relation"),
            Competency(id="cuisiner", title={"fr": "Cuisiner", "en": "Cooking"}),
        ],
        badges=[
            Badge(id=i, name={"fr": fr, "en": en}, description={"fr": f"Badge {fr}", "en": f"Badge {en}"},
                  criteria=Criteria(narrative={"fr": "Observé en situation.", "en": "Observed at work."}),
                  issuer="mission-locale", competencies=comps, requires=req)
            for i, fr, en, comps, req in [
                ("accueil", "Accueil", "Welcome", ["accueillir"], None),
                ("ecoute", "Écoute", "Listening", ["ecouter"], None),
                ("cuisine", "Cuisine", "Cooking", ["cuisiner"], None),
                ("service", "Service en salle", "Table service", ["accueillir", "cuisiner"], Requirement(of=["accueil"])),
            ]
        ],
        relations=[Relation(source="ecouter", type="precedes", target="accueillir")],
        pathways=[Pathway(id="restauration", name={"fr": "Restauration", "en": "Catering"}, target="service",
                          stages=[PathwayStage(name={"fr": "Découvrir"}, badges=["accueil", "ecoute", "cuisine"], count=2)])],
    )  # fmt: skip


def framework_folder(tmp_path: Path, use_example: bool = True) -> Path:
    """A temporary copy of the bundled example when it exists, else :func:`small_framework` saved there."""
    folder = tmp_path / "framework"
    example = Path(__file__).resolve().parents[1] / "frameworks" / "parcours-cvl"
    if use_example and (example / "framework.yaml").is_file():
        shutil.copytree(example, folder)
    else:
        save_framework(small_framework(), folder)
    return folder

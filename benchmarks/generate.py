"""Generated frameworks for benchmarks: realistic shapes at any scale, deterministic for a seed.

``rome_scale_framework()`` is the size of France Travail's ROME 4.0 referential: 18,000
competencies in a 3-level hierarchy, 2,000 badges, and 120,000 relations and alignments.
"""

from __future__ import annotations

import random

from badgeworkbench.model import (
    Alignment,
    Badge,
    Competency,
    Criteria,
    Framework,
    Level,
    Partner,
    Pathway,
    PathwayStage,
    Relation,
    Requirement,
    Territory,
)
from badgeworkbench.workspace import DEFAULT_BADGE_LEVELS

__all__ = ["generated_framework", "rome_scale_framework"]

_WORDS = ("accueillir analyser cuisiner conduire entretenir organiser planifier communiquer vérifier préparer "
          "réparer conseiller vendre soigner gérer installer contrôler trier ranger former écouter rédiger "
          "calculer mesurer sécuriser nettoyer servir livrer stocker coopérer").split()
_OBJECTS = ("le public, une équipe, les stocks, un engin agricole, la chaîne du froid, un tableau de bord, "
            "les déchets, une commande, le matériel, un planning, les clients, un atelier, une serre, "
            "un entrepôt, la caisse, un dossier, un véhicule, les récoltes, un repas, un rayon").split(", ")
_RELATION_TYPES = ("precedes", "isRelatedTo", "isPartOf", "exactMatchOf", "exemplar", "isPeerOf")


def _title(rng: random.Random, i: int) -> dict[str, str]:
    verb, obj = rng.choice(_WORDS), rng.choice(_OBJECTS)
    return {"fr": f"{verb.capitalize()} {obj} ({i})", "en": f"Skill {i}: {verb} / {obj}"}


def generated_framework(competencies: int = 400, badges: int = 60, relations: int = 600, alignments: int = 600,
                        partners: int = 12, pathways: int = 6, seed: int = 0) -> Framework:
    """A valid framework of the given size, the same for the same arguments."""
    rng = random.Random(seed)
    territories = [Territory(id=f"t{i}", name={"fr": f"Territoire {i}", "en": f"Territory {i}"})
                   for i in range(max(1, partners // 3))]
    partner_list = [
        Partner(id=f"p{i}", name=f"Partenaire {i}", url=f"https://p{i}.example.org", email=f"contact@p{i}.example.org",
                roles=["issuer", "training"] if i % 3 == 0 else ["endorser", "employer"],
                territory=territories[i % len(territories)].id)
        for i in range(partners)
    ]
    issuers = [p.id for p in partner_list if "issuer" in p.roles]
    endorsers = [p.id for p in partner_list if "endorser" in p.roles]

    domains = max(1, competencies // 1300)
    subdomains = max(domains, competencies // 36)
    comps: list[Competency] = []
    leaves: list[str] = []
    for i in range(competencies):
        if i < domains:
            parent, kind = None, "domain"
        elif i < subdomains:
            parent, kind = f"c{rng.randrange(domains)}", "domain"
        else:
            parent, kind = f"c{rng.randrange(domains, subdomains)}", rng.choice(["skill", "knowledge", "attitude"])
            leaves.append(f"c{i}")
        comps.append(Competency(
            id=f"c{i}", title=_title(rng, i), description={"fr": "Description détaillée : " + _title(rng, i)["fr"]},
            parent=parent, kind=kind, code=f"C{i:05d}",
            levels=[Level(id=str(n), name={"fr": f"Niveau {n}", "en": f"Level {n}"}) for n in (1, 2, 3)]
            if kind != "domain" and i % 10 == 0 else [],  # as in ROME, few skills come with levels
        ))
    # Alignments spread over competencies, as in ROME ↔ ESCO/CléA mappings.
    per_comp: dict[int, list[Alignment]] = {}
    for a in range(alignments):
        idx = rng.randrange(competencies)
        per_comp.setdefault(idx, []).append(Alignment(
            framework=rng.choice(["ROME 4.0", "ESCO", "CléA"]), name=f"Référence {a}", code=f"R{a:06d}",
            url=f"https://ref.example.org/items/{a}", target_type="CFItem"))
    comps = [c.model_copy(update={"alignments": per_comp[i]}) if i in per_comp else c for i, c in enumerate(comps)]

    rels: list[Relation] = []
    seen: set[tuple[str, str, str]] = set()
    while len(rels) < relations and leaves:
        a, b = rng.sample(leaves, 2) if len(leaves) > 1 else (leaves[0], leaves[0])
        t = rng.choice(_RELATION_TYPES)
        if a != b and (a, t, b) not in seen:
            seen.add((a, t, b))
            rels.append(Relation(source=a, type=t, target=b))

    badge_list: list[Badge] = []
    for i in range(badges):
        requires = None
        if i > 4 and rng.random() < 0.4:
            pool = rng.sample(range(i), min(i, rng.randint(2, 5)))
            ids = [f"b{j}" for j in pool]
            if rng.random() < 0.5:
                requires = Requirement(count=max(1, len(ids) - 1), of=ids)
            elif len(ids) >= 3 and rng.random() < 0.5:
                requires = Requirement(of=[ids[0], Requirement(count=1, of=ids[1:])])
            else:
                requires = Requirement(of=ids)
        recognised = sorted(set(rng.sample(leaves, min(len(leaves), rng.randint(2, 6)))))
        badge_list.append(Badge(
            id=f"b{i}", name={"fr": f"Badge {i} — {rng.choice(_WORDS)}", "en": f"Badge {i}"},
            description={"fr": f"Reconnaît la capacité à {rng.choice(_WORDS)} {rng.choice(_OBJECTS)}.", "en": "…"},
            category=rng.choice(["competency", "participation", "engagement", "experiential"]),
            level=rng.choice(["1", "2", "3"]),
            criteria=Criteria(narrative={"fr": "Montrer en situation réelle, devant un tuteur.", "en": "Show it."}),
            competencies=recognised, issuer=rng.choice(issuers),
            endorsers=sorted(set(rng.sample(endorsers, min(len(endorsers), 2)))) if endorsers else [],
            requires=requires, milestone=requires is not None and rng.random() < 0.1,
        ))
    paths = []
    for p in range(pathways):
        stage_badges = [rng.sample(range(badges), min(badges, 4)) for _ in range(3)]
        paths.append(Pathway(
            id=f"pw{p}", name={"fr": f"Parcours {p}", "en": f"Pathway {p}"},
            target=f"b{max(stage_badges[-1])}",
            stages=[PathwayStage(name={"fr": f"Étape {s + 1}", "en": f"Stage {s + 1}"},
                                 badges=[f"b{j}" for j in sb], count=2 if s == 1 else None,
                                 partners=[rng.choice(issuers)], territory=territories[s % len(territories)].id)
                    for s, sb in enumerate(stage_badges)],
        ))
    return Framework(
        id=f"generated-{competencies}", title={"fr": "Référentiel généré", "en": "Generated framework"},
        badge_levels=DEFAULT_BADGE_LEVELS, territories=territories, partners=partner_list, competencies=comps,
        badges=badge_list, relations=rels, pathways=paths,
    )


def rome_scale_framework(seed: int = 0) -> Framework:
    """18,000 competencies, 2,000 badges, 60,000 relations + 60,000 alignments, 40 partners, 30 pathways."""
    return generated_framework(competencies=18_000, badges=2_000, relations=60_000, alignments=60_000,
                               partners=40, pathways=30, seed=seed)

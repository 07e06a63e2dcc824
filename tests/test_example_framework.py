"""The bundled example framework ``frameworks/parcours-cvl``: its size, its shape, and that it is clean.

It is what the Quick start opens and what other tests and notebooks lean on, so it must stay
realistic (partners, territories, a 3-level CléA hierarchy, badges of every category and level,
pathways with "any N of M" logic), free of any problem, and stored in canonical form.
"""

from __future__ import annotations

import shutil
from itertools import combinations, product
from pathlib import Path

import pytest

from badgeworkbench.files import load_framework, save_framework
from badgeworkbench.model import Framework, Requirement
from badgeworkbench.workspace import DEFAULT_BADGE_LEVELS, validate_folder

EXAMPLE = Path(__file__).resolve().parents[1] / "frameworks" / "parcours-cvl"

CLEA_DOMAINS = {
    "1": "Communiquer en français",
    "2": "Utiliser les règles de base de calcul et du raisonnement mathématique",
    "3": "Utiliser les techniques usuelles de l'information et de la communication numérique",
    "4": "Travailler dans le cadre de règles définies d'un travail en équipe",
    "5": "Travailler en autonomie et réaliser un objectif individuel",
    "6": "Apprendre à apprendre tout au long de la vie",
    "7": "Maîtriser les gestes et postures et respecter des règles d'hygiène, de sécurité et environnementales",
}


@pytest.fixture(scope="module")
def framework() -> Framework:
    return load_framework(EXAMPLE)


def _depth(fw: Framework, competency_id: str) -> int:
    depth, node = 1, fw.competency(competency_id)
    while node is not None and node.parent is not None:
        depth += 1
        node = fw.competency(node.parent)
    return depth


def _requirements(req: Requirement) -> list[Requirement]:
    """The requirement and every requirement nested in it."""
    found = [req]
    for item in req.of:
        if isinstance(item, Requirement):
            found.extend(_requirements(item))
    return found


def test_identity_and_levels(framework: Framework) -> None:
    assert framework.id == "parcours-cvl"
    assert framework.title["fr"] == "Parcours compétences vers l’emploi — Centre-Val de Loire"
    assert framework.title["en"] == "Skills pathways to employment — Centre-Val de Loire"
    assert framework.description["fr"] and framework.description["en"]
    assert framework.version == "1.0"
    assert framework.badge_levels == DEFAULT_BADGE_LEVELS
    assert framework.layout == {}


def test_partners_and_territories(framework: Framework) -> None:
    assert len(framework.partners) >= 6
    assert len(framework.territories) == 4
    roles = [set(p.roles) for p in framework.partners]
    assert sum("issuer" in r for r in roles) >= 4
    assert sum({"employer", "endorser"} <= r for r in roles) >= 2
    assert any({"social", "issuer"} <= r for r in roles)
    assert any({"training", "issuer"} <= r for r in roles)
    territories = {t.id for t in framework.territories}
    assert {p.territory for p in framework.partners} <= territories
    for partner in framework.partners:
        assert partner.name and partner.url.startswith("https://") and "@" in partner.email
        assert ".example." in partner.url  # fictitious partners live on reserved example domains


def test_competency_hierarchy_is_aligned_to_clea(framework: Framework) -> None:
    competencies = framework.competencies
    assert len(competencies) >= 40
    assert max(_depth(framework, c.id) for c in competencies) == 3
    domains = framework.children(None)
    assert {c.kind for c in domains} == {"domain"}
    aligned = {a.code: a.name for c in domains for a in c.alignments if a.framework == "CléA"}
    assert aligned == {code: name.replace("'", "’") for code, name in CLEA_DOMAINS.items()}
    for domain in domains:
        subdomains = framework.children(domain.id)
        assert subdomains, f"CléA domain {domain.id} has no sub-domain"
        for sub in subdomains:
            assert any(a.framework == "CléA" and a.code.startswith(f"{domain.alignments[0].code}.")
                       for a in sub.alignments)
            assert framework.children(sub.id), f"sub-domain {sub.id} has no competency"
    leaves = [c for c in competencies if _depth(framework, c.id) == 3]
    assert all(c.code and c.provenance.proposed_by for c in leaves)
    assert sum(bool(c.levels) for c in leaves) >= len(leaves) // 2
    external = {a.framework for c in leaves for a in c.alignments}
    assert {"ROME 4.0", "ESCO"} <= external
    assert len(framework.relations) >= 12


def test_badges_cover_every_category_and_level(framework: Framework) -> None:
    badges = framework.badges
    assert len(badges) >= 24
    covered = {(b.category, b.level) for b in badges}
    categories = ("competency", "participation", "engagement", "experiential")
    assert set(product(categories, ("1", "2", "3"))) <= covered
    for b in badges:
        assert b.name.get("fr") and b.name.get("en")
        assert b.criteria.narrative.get("fr") and b.criteria.narrative.get("en")
        assert 2 <= len(b.criteria.observables) <= 4
        assert b.competencies and b.issuer
    assert sum(b.milestone for b in badges) >= 2
    assert sum(bool(b.endorsers) for b in badges) >= len(badges) // 2


def test_requirement_logic_has_any_n_of_m_and_nesting(framework: Framework) -> None:
    requirements = [b.requires for b in framework.badges if b.requires is not None]
    every = [r for top in requirements for r in _requirements(top)]
    assert any(r.count is not None and r.count < len(r.of) for r in every), "no 'any N of M' requirement"
    assert any(r.count is None and len(r.of) > 1 for r in every), "no 'all of' requirement"
    assert any(len(_requirements(top)) > 1 for top in requirements), "no nested requirement"


def test_pathways(framework: Framework) -> None:
    assert len(framework.pathways) >= 4
    for pathway in framework.pathways:
        assert pathway.target is not None and framework.badge(pathway.target) is not None
        assert 3 <= len(pathway.stages) <= 4
        assert all(stage.partners and stage.territory for stage in pathway.stages)
    assert any(stage.count is not None for p in framework.pathways for stage in p.stages)


def _completions(fw: Framework, pathway_id: str) -> list[set[str]]:
    """Every set of badges a learner may hold on finishing the pathway: one allowed choice per stage, then the target."""
    pathway = fw.pathway(pathway_id)
    assert pathway is not None
    choices = [
        [set(stage.badges)] if stage.count is None else [set(c) for c in combinations(stage.badges, stage.count)]
        for stage in pathway.stages
    ]
    return [set().union(*combo) | {pathway.target} for combo in product(*choices)]


def test_pathways_never_contradict_badge_requirements(framework: Framework) -> None:
    # Whatever "N of M" choices a learner makes, the badges of the pathway (target included) must be
    # earnable from the badges the pathway itself leads to: no hidden prerequisite outside it.
    for pathway in framework.pathways:
        for held in _completions(framework, pathway.id):
            for badge_id in held:
                badge = framework.badge(badge_id)
                assert badge is not None
                if badge.requires is not None:
                    assert badge.requires.is_satisfied_by(held), (pathway.id, badge_id, sorted(held))


def test_validates_with_no_problem_at_all() -> None:
    report = validate_folder(EXAMPLE)
    assert report.problems == [], [f"{p.code}: {p.location()} {p.text('en')}" for p in report.problems]


def test_french_typography() -> None:
    text = "".join(p.read_text("utf-8") for p in sorted(EXAMPLE.rglob("*.yaml")))
    assert "\u202f:" in text and "«\u202f" in text and "’" in text
    assert " :" not in text and " ;" not in text and " !" not in text and " ?" not in text


def test_load_save_rewrites_identical_files(tmp_path: Path) -> None:
    copy = tmp_path / "parcours-cvl"
    save_framework(load_framework(EXAMPLE), copy)
    originals = {p.relative_to(EXAMPLE): p.read_bytes() for p in EXAMPLE.rglob("*.yaml")}
    rewritten = {p.relative_to(copy): p.read_bytes() for p in copy.rglob("*.yaml")}
    assert sorted(rewritten) == sorted(originals)
    for relpath, data in originals.items():
        assert rewritten[relpath] == data, f"{relpath} is not in canonical form"


def test_save_over_a_copy_changes_nothing(tmp_path: Path) -> None:
    copy = tmp_path / "parcours-cvl"
    shutil.copytree(EXAMPLE, copy, ignore=shutil.ignore_patterns(".badgeworkbench.lock"))
    before = {p: p.read_bytes() for p in copy.rglob("*.yaml")}
    save_framework(load_framework(copy), copy)
    assert {p: p.read_bytes() for p in copy.rglob("*.yaml")} == before

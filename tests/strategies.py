"""Hypothesis strategies for model values: frameworks full of awkward text, for round-trip tests."""

from __future__ import annotations

from hypothesis import strategies as st

from badgeworkbench.model import (
    Alignment,
    Badge,
    Comment,
    Competency,
    Criteria,
    Framework,
    Level,
    Partner,
    Pathway,
    PathwayStage,
    RecognisedCompetency,
    Relation,
    Requirement,
    Territory,
)

# French text, quotes, YAML look-alikes, control characters, long lines, blank lines.
awkward_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["Écouter « activement » !", "yes", "no", "null", "1.0", "0x1F", "- liste", "a: b", "#tag",
                     "ligne 1\nligne 2", "  indenté", "fin ", "œuvre Œ € ≥ ’", "tab\there", "\u202f;", "~", "",
                     "2024-05-01", "@mention", "=SOMME(A1)", "'quoted'", '"double"', "x" * 150]),
)
ids = st.from_regex(r"[a-z][a-z0-9-]{0,12}[a-z0-9]", fullmatch=True)
localized = st.dictionaries(st.sampled_from(["fr", "en"]), awkward_text, max_size=2)


@st.composite
def frameworks(draw: st.DrawFn) -> Framework:
    comp_ids = draw(st.lists(ids, min_size=1, max_size=6, unique=True))
    badge_ids = draw(st.lists(ids, max_size=5, unique=True))
    partner_ids = draw(st.lists(ids, max_size=3, unique=True))
    competencies = []
    for i, cid in enumerate(comp_ids):
        parent = draw(st.one_of(st.none(), st.sampled_from(comp_ids[:i]))) if i else None
        competencies.append(Competency(
            id=cid, title=draw(localized), description=draw(localized), parent=parent,
            kind=draw(st.sampled_from(["skill", "knowledge", "attitude", "experiential", "domain"])),
            levels=[Level(id=str(n), name=draw(localized)) for n in range(draw(st.integers(0, 2)))],
            alignments=[Alignment(framework=draw(awkward_text), name=draw(awkward_text), code=draw(awkward_text))
                        for _ in range(draw(st.integers(0, 2)))],
            tags=draw(st.lists(awkward_text, max_size=3)), votes=draw(st.integers(0, 5)),
            comments=[Comment(author=draw(awkward_text), text=draw(awkward_text))] if draw(st.booleans()) else [],
        ))
    badges = []
    for i, bid in enumerate(badge_ids):
        earlier = badge_ids[:i]
        requires = None
        if earlier and draw(st.booleans()):
            picked = draw(st.lists(st.sampled_from(earlier), min_size=1, max_size=3, unique=True))
            requires = Requirement(count=draw(st.one_of(st.none(), st.integers(1, len(picked)))), of=picked)
            if draw(st.booleans()):
                requires = Requirement(of=[requires])
        badges.append(Badge(
            id=bid, name=draw(localized), description=draw(localized),
            category=draw(st.sampled_from(["competency", "participation", "engagement", "experiential"])),
            criteria=Criteria(narrative=draw(localized), observables=draw(st.lists(localized, max_size=2))),
            competencies=[RecognisedCompetency(competency=c, level=draw(st.one_of(st.none(), st.just("1"))))
                          for c in draw(st.lists(st.sampled_from(comp_ids), max_size=3, unique=True))],
            issuer=draw(st.one_of(st.none(), st.sampled_from(partner_ids))) if partner_ids else None,
            requires=requires, tags=draw(st.lists(awkward_text, max_size=2)),
        ))
    relations = [Relation(source=a, type=t, target=b) for a, t, b in draw(st.lists(
        st.tuples(st.sampled_from(comp_ids), st.sampled_from(["precedes", "isRelatedTo", "isPartOf"]),
                  st.sampled_from(comp_ids)), max_size=4, unique=True))]
    partners = [Partner(id=p, name=draw(awkward_text), url="https://x.example.org", email="a@b.example.org",
                        roles=["issuer"]) for p in partner_ids]
    pathways = [Pathway(id="p-" + b, name=draw(localized), target=b,
                        stages=[PathwayStage(name=draw(localized), badges=[b])]) for b in badge_ids[:2]]
    return Framework(id=draw(ids), title=draw(localized), description=draw(localized),
                     territories=[Territory(id="t1", name=draw(localized))], partners=partners,
                     competencies=competencies, badges=badges, relations=relations, pathways=pathways)

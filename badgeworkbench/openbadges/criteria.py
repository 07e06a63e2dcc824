"""The criteria narrative of a badge, generated from the framework so it can never contradict it.

Open Badges has no property for prerequisites, "any N of M" or pathways: they are written here in
words (through :func:`badgeworkbench.requirements.describe_requirement`), beside the partners'
own criteria, the observables and the competencies recognised. The same data also goes, machine
readable, into the CLR-style associations and the CASE package.

>>> from badgeworkbench.model import Badge, Framework, Requirement, Criteria
>>> fw = Framework(id="f", badges=[Badge(id="a", name={"fr": "Accueil", "en": "Welcome"}),
...     Badge(id="b", name={"fr": "Service", "en": "Service"}, criteria=Criteria(narrative={"en": "Serves a table."}),
...           requires=Requirement(of=["a"]))])
>>> print(criteria_narrative(fw, fw.badge("b"), "en"))
Serves a table.
<BLANKLINE>
**Prerequisites:** Holds all of: Welcome
"""

from __future__ import annotations

from ..model import Badge, Framework, text
from ..requirements import describe_requirement, describe_stage
from .common import label

__all__ = ["criteria_narrative", "requirement_sentence"]


def _md(value: str) -> str:
    """Text safe inside our Markdown: characters that would start markup are escaped."""
    return value.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_").replace("`", "\\`")


def requirement_sentence(framework: Framework, badge: Badge, lang: str) -> str:
    """What must be held before ``badge``, in words; ``""`` when nothing is required."""
    return describe_requirement(framework, badge.requires, lang) if badge.requires and badge.requires.of else ""


def criteria_narrative(framework: Framework, badge: Badge, lang: str) -> str:
    """The Markdown criteria of ``badge`` in ``lang``: criteria, observables, prerequisites, pathways, competencies."""
    colon = "\u202f:" if lang == "fr" else ":"
    blocks: list[str] = []
    own = text(badge.criteria.narrative, lang).strip()
    if own:
        blocks.append(own)
    observables = [text(o, lang).strip() for o in badge.criteria.observables if text(o, lang).strip()]
    if observables:
        blocks.append(f"**{label('observables', lang)}{colon}**\n\n" + "\n".join(f"- {_md(o)}" for o in observables))
    sentence = requirement_sentence(framework, badge, lang)
    if sentence:
        block = f"**{label('requires', lang)}{colon}** {_md(sentence)}"
        if badge.milestone:
            block += "\n\n" + label("milestone", lang)
        blocks.append(block)
    stages = []
    for pathway in framework.pathways:
        for number, stage in enumerate(pathway.stages, start=1):
            if badge.id in stage.badges:
                head = label("pathway_stage", lang, pathway=text(pathway.name, lang) or pathway.id, n=str(number))
                stages.append(f"- {_md(head)}{colon} {_md(describe_stage(framework, stage, lang))}")
    if stages:
        blocks.append(f"**{label('pathways', lang)}{colon}**\n\n" + "\n".join(stages))
    recognised = []
    for rc in badge.competencies:
        competency = framework.competency(rc.competency)
        if competency is None:
            continue
        level = next((lv for lv in competency.levels if lv.id == rc.level), None)
        suffix = f" ({label('level', lang)} {text(level.name, lang) or level.id})" if level else ""
        recognised.append(f"- {_md(text(competency.title, lang) or competency.id)}{_md(suffix)}")
    if recognised:
        blocks.append(f"**{label('competencies', lang)}{colon}**\n\n" + "\n".join(recognised))
    return "\n\n".join(blocks) or label("criteria_default", lang)

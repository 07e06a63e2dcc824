"""Requirement logic in words, generated from the data so that it can never contradict it.

Open Badges has no prerequisite property: what a badge requires is written into its criteria
narrative from the :class:`~badgeworkbench.model.Requirement` itself, and the same sentence is
printed on cards and shown in the notebooks.

>>> from badgeworkbench.model import Badge, Framework, Requirement
>>> fw = Framework(id="f", badges=[Badge(id=i, name={"fr": n, "en": n}) for i, n in
...                                [("a", "Accueil"), ("b", "Cuisine"), ("c", "Service"), ("d", "Caisse")]])
>>> req = Requirement(of=["a", Requirement(count=2, of=["b", "c", "d"])])
>>> describe_requirement(fw, req, "en")
'Holds all of: Accueil; 2 of: Cuisine, Service, Caisse'
>>> describe_requirement(fw, req, "fr")
'Détenir tous ces badges\u202f: Accueil\u202f; 2 parmi\u202f: Cuisine, Service, Caisse'
"""

from __future__ import annotations

from .model import Framework, PathwayStage, Requirement, text

__all__ = ["badge_name", "describe_requirement", "describe_stage"]

NNBSP = "\u202f"  # French puts a narrow no-break space before ; : ! ?


def badge_name(framework: Framework, badge_id: str, lang: str = "fr") -> str:
    badge = framework.badge(badge_id)
    return text(badge.name, lang) if badge is not None and badge.name else badge_id


def _colon(lang: str) -> str:
    return f"{NNBSP}:" if lang == "fr" else ":"


def _group(framework: Framework, req: Requirement, lang: str, top: bool) -> str:
    parts = [badge_name(framework, item, lang) if isinstance(item, str) else _group(framework, item, lang, False)
             for item in req.of]
    all_needed = req.count is None or req.count >= len(req.of)
    if lang == "fr":
        if all_needed:
            head = f"Détenir tous ces badges{_colon(lang)} " if top else f"tous{_colon(lang)} "
            return head + f"{NNBSP}; ".join(parts) if any(not isinstance(i, str) for i in req.of) else head + ", ".join(parts)
        head = f"{req.count} parmi{_colon(lang)} "
        body = head + ", ".join(parts)
        return (f"Détenir {body}" if top else body) if all(isinstance(i, str) for i in req.of) else (
            f"Détenir {head}" if top else head) + f"{NNBSP}; ".join(parts)
    if all_needed:
        head = "Holds all of: " if top else "all of: "
        sep = "; " if any(not isinstance(i, str) for i in req.of) else ", "
        return head + sep.join(parts)
    head = f"{req.count} of: "
    sep = "; " if any(not isinstance(i, str) for i in req.of) else ", "
    return (f"Holds {head}" if top else head) + sep.join(parts)


def describe_requirement(framework: Framework, requirement: Requirement, lang: str = "fr") -> str:
    """One sentence saying what must be held, with badge names in ``lang``."""
    return _group(framework, requirement, lang, top=True)


def describe_stage(framework: Framework, stage: PathwayStage, lang: str = "fr") -> str:
    """A pathway stage in words: its name, then which badges it asks for."""
    req = Requirement(count=stage.count, of=list(stage.badges))
    name = text(stage.name, lang)
    sentence = describe_requirement(framework, req, lang) if stage.badges else ""
    return f"{name}{_colon(lang)} {sentence}" if name and sentence else name or sentence

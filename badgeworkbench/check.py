"""Checking a framework: every problem at once, as a :class:`~badgeworkbench.report.Report`.

>>> from badgeworkbench.model import Framework, Badge, Requirement
>>> fw = Framework(id="demo", badges=[Badge(id="a", requires=Requirement(count=3, of=["b"]))])
>>> codes = set(check(fw).codes())
>>> sorted(codes & {"unknown-badge", "requirement-count-out-of-range", "badge-without-criteria"})
['badge-without-criteria', 'requirement-count-out-of-range', 'unknown-badge']
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ._gcpause import gc_paused
from .ids import case_key, is_safe_id
from .model import Badge, Framework, Requirement, text
from .report import Problem, Report, Severity

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["CHECKS", "INVISIBLE", "MAX_TEXT_LENGTH", "check", "invisible_characters", "url_problem"]

#: Longer text is almost always a paste gone wrong, and would break cards, images and exports
#: (documented in docs/openbadges.md, "Guarantees").
MAX_TEXT_LENGTH = 20_000
#: Characters that change how text around them is shown without being seen: bidirectional controls
#: (U+202A–202E, U+2066–2069, U+200E/200F, U+061C), zero-width and other invisible characters. In an id
#: or a file name they make two different names look the same, or a name look like another one.
INVISIBLE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
                       "\u2060-\u2064\u2066-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb]")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)

E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


def _p(code: str, severity: Severity, fr: str, en: str, item: str | None = None, field: str | None = None,
       hint_fr: str = "", hint_en: str = "") -> Problem:
    hint = {"fr": hint_fr, "en": hint_en} if hint_fr or hint_en else None
    return Problem(code, severity, {"fr": fr, "en": en}, item=item, field=field, hint=hint)


Check = Callable[[Framework], Iterator[Problem]]
CHECKS: list[Check] = []


def _check(fn: Check) -> Check:
    CHECKS.append(fn)
    return fn


@gc_paused
def check(framework: Framework) -> Report:
    """Every problem in ``framework``: broken references, cycles, missing data, and warnings."""
    problems: list[Problem] = []
    for rule in CHECKS:
        problems.extend(rule(framework))
    return Report(problems)


# --- identifiers -------------------------------------------------------------------------------

_KINDS = {
    "territory": "territories", "partner": "partners", "competency": "competencies",
    "badge": "badges", "pathway": "pathways", "level": "badge_levels",
}


@_check
def _identifiers(fw: Framework) -> Iterator[Problem]:
    for kind, attr in _KINDS.items():
        seen: set[str] = set()
        folded: dict[str, str] = {}
        for item in getattr(fw, attr):
            ref = f"{kind}:{item.id}"
            if item.id in seen:
                yield _p("duplicate-id", E, f"L'identifiant « {item.id} » est utilisé plusieurs fois ({kind}).",
                         f"The id '{item.id}' is used more than once ({kind}).", ref, "id",
                         "Renommez l'un des deux.", "Rename one of them.")
            elif (other := folded.setdefault(case_key(item.id), item.id)) != item.id:
                yield _p("id-case-collision", E,
                         f"Les identifiants « {other} » et « {item.id} » ({kind}) ne diffèrent que par les majuscules\u202f: "
                         "sous Windows et macOS, leurs fichiers seraient un seul.",
                         f"The ids '{other}' and '{item.id}' ({kind}) differ only by case: on Windows and macOS their "
                         "files would be one.", ref, "id", "Renommez l'un des deux.", "Rename one of them.")
            seen.add(item.id)
            if not is_safe_id(item.id):
                yield _p("unsafe-id", E,
                         f"L'identifiant {item.id!r} ne peut servir ni de nom de fichier ni d'adresse web.",
                         f"The id {item.id!r} cannot be used as a file name or in a URL.", ref, "id",
                         "Utilisez des minuscules, chiffres, « - », « _ » ou « . » (ex. « cuisine-1 »).",
                         "Use lower-case letters, digits, '-', '_' or '.' (e.g. 'cooking-1').")
    for c in fw.competencies:
        seen_levels: set[str] = set()
        for level in c.levels:
            if level.id in seen_levels:
                yield _p("duplicate-id", E, f"Niveau « {level.id} » en double.", f"Level '{level.id}' appears twice.",
                         f"competency:{c.id}", "levels")
            seen_levels.add(level.id)


# --- references --------------------------------------------------------------------------------


def _unknown(kind_fr: str, kind_en: str, code: str, ident: str, item: str, field: str) -> Problem:
    unknown = "inconnue" if kind_fr.startswith("Compétence") else "inconnu"  # the noun's gender, not "inconnu(e)"
    return _p(code, E, f"{kind_fr} {unknown}\u202f: « {ident} ».", f"Unknown {kind_en}: '{ident}'.", item, field,
              "Corrigez l'identifiant ou créez l'élément.", "Fix the id or create the item.")


@_check
def _references(fw: Framework) -> Iterator[Problem]:
    partners = {p.id for p in fw.partners}
    competencies = {c.id: c for c in fw.competencies}
    badges = {b.id for b in fw.badges}
    territories = {t.id for t in fw.territories}
    badge_levels = {lv.id for lv in fw.badge_levels}

    def partner(ident: str | None, item: str, field: str) -> Iterator[Problem]:
        if ident is not None and ident not in partners:
            yield _unknown("Partenaire", "partner", "unknown-partner", ident, item, field)

    def territory(ident: str | None, item: str, field: str) -> Iterator[Problem]:
        if ident is not None and ident not in territories:
            yield _unknown("Territoire", "territory", "unknown-territory", ident, item, field)

    for p in fw.partners:
        yield from territory(p.territory, f"partner:{p.id}", "territory")
    for c in fw.competencies:
        # Tens of thousands of competencies, almost all fine: look before building any message.
        parent, proposer = c.parent, c.provenance.proposed_by
        if (parent is None or parent in competencies) and (proposer is None or proposer in partners):
            continue
        ref = f"competency:{c.id}"
        if parent is not None and parent not in competencies:
            yield _unknown("Compétence parente", "parent competency", "unknown-competency", parent, ref, "parent")
        yield from partner(proposer, ref, "provenance.proposed_by")
    for b in fw.badges:
        ref = f"badge:{b.id}"
        yield from partner(b.issuer, ref, "issuer")
        for i, e in enumerate(b.endorsers):
            yield from partner(e, ref, f"endorsers[{i}]")
        yield from partner(b.provenance.proposed_by, ref, "provenance.proposed_by")
        for i, t in enumerate(b.territories):
            yield from territory(t, ref, f"territories[{i}]")
        if b.level is not None and badge_levels and b.level not in badge_levels:
            yield _unknown("Niveau de badge", "badge level", "unknown-level", b.level, ref, "level")
        for i, rc in enumerate(b.competencies):
            comp = competencies.get(rc.competency)
            if comp is None:
                yield _unknown("Compétence", "competency", "unknown-competency", rc.competency, ref,
                               f"competencies[{i}]")
            elif rc.level is not None and rc.level not in {lv.id for lv in comp.levels}:
                yield _unknown(f"Niveau de « {comp.id} »", f"level of '{comp.id}'", "unknown-level", rc.level, ref,
                               f"competencies[{i}].level")
        if b.requires is not None:
            for path, ident in _requirement_leaves(b.requires, "requires"):
                if ident not in badges:
                    yield _unknown("Badge requis", "required badge", "unknown-badge", ident, ref, path)
        if b.previous_version is not None and b.previous_version not in badges:
            yield _p("unknown-badge", W, f"Version précédente inconnue\u202f: « {b.previous_version} ».",
                     f"Unknown previous version: '{b.previous_version}'.", ref, "previous_version")
    for i, r in enumerate(fw.relations):
        source, target = r.source, r.target
        if source in competencies and target in competencies and source != target:
            continue
        ref = f"relation:{source}>{r.type}>{target}"
        for end, ident in (("source", source), ("target", target)):
            if ident not in competencies:
                yield _unknown("Compétence", "competency", "unknown-competency", ident, ref, f"relations[{i}].{end}")
        if source == target:
            yield _p("self-relation", E, f"La relation relie « {source} » à elle-même.",
                     f"The relation links '{source}' to itself.", ref)
    for pw in fw.pathways:
        ref = f"pathway:{pw.id}"
        if pw.target is not None and pw.target not in badges:
            yield _unknown("Badge visé", "target badge", "unknown-badge", pw.target, ref, "target")
        for i, t in enumerate(pw.territories):
            yield from territory(t, ref, f"territories[{i}]")
        for s, stage in enumerate(pw.stages):
            for j, bid in enumerate(stage.badges):
                if bid not in badges:
                    yield _unknown("Badge", "badge", "unknown-badge", bid, ref, f"stages[{s}].badges[{j}]")
            for j, pid in enumerate(stage.partners):
                yield from partner(pid, ref, f"stages[{s}].partners[{j}]")
            yield from territory(stage.territory, ref, f"stages[{s}].territory")
    for key in fw.layout:
        if key not in badges and key not in competencies:
            yield _p("unknown-badge", W, f"Position enregistrée pour un élément inconnu\u202f: « {key} ».",
                     f"Saved position for an unknown item: '{key}'.", f"layout:{key}")


def _requirement_leaves(req: Requirement, path: str) -> Iterator[tuple[str, str]]:
    for i, item in enumerate(req.of):
        if isinstance(item, str):
            yield f"{path}.of[{i}]", item
        else:
            yield from _requirement_leaves(item, f"{path}.of[{i}]")


# --- structure ---------------------------------------------------------------------------------


@_check
def _hierarchy_cycles(fw: Framework) -> Iterator[Problem]:
    parent = {c.id: c.parent for c in fw.competencies}
    state: dict[str, int] = {}  # 1: on the current walk, 2: known to reach a root
    for start in parent:
        walk: list[str] = []
        node: str | None = start
        while node is not None and node in parent and state.get(node) is None:
            state[node] = 1
            walk.append(node)
            node = parent[node]
        if node is not None and state.get(node) == 1:
            cycle = walk[walk.index(node):]
            yield _p("hierarchy-cycle", E,
                     "Cycle dans la hiérarchie\u202f: " + " → ".join([*cycle, node]) + ".",
                     "Cycle in the hierarchy: " + " → ".join([*cycle, node]) + ".",
                     f"competency:{node}", "parent",
                     "Une compétence ne peut pas être sa propre ancêtre\u202f: changez un parent.",
                     "A competency cannot be its own ancestor: change one parent.")
        for visited in walk:
            state[visited] = 2


def requirement_graph(fw: Framework) -> nx.DiGraph:
    """Badge → badge it requires (directly, at any depth of the expression)."""
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_nodes_from(b.id for b in fw.badges)
    for b in fw.badges:
        if b.requires is not None:
            graph.add_edges_from((b.id, r) for r in b.requires.badge_ids())
    return graph


def _has_requirement_cycle(fw: Framework) -> bool:
    """Whether some badge requires itself, directly or not, found in plain Python: checking a
    framework without a cycle (the usual case) then does not import networkx, a tenth of a
    second at the start of every ``badgeworkbench validate``."""
    required: dict[str, list[str]] = {}
    for b in fw.badges:
        if b.requires is not None:
            required.setdefault(b.id, []).extend(b.requires.badge_ids())
    state: dict[str, int] = {}  # 1: on the path being walked, 2: every badge it leads to is walked
    for start in required:
        if start in state:
            continue
        state[start] = 1
        stack = [(start, iter(required[start]))]
        while stack:
            node, following = stack[-1]
            for badge in following:
                if state.get(badge) == 1:
                    return True
                if badge not in state:
                    state[badge] = 1
                    stack.append((badge, iter(required.get(badge, ()))))
                    break
            else:
                state[node] = 2
                stack.pop()
    return False


@_check
def _requirement_cycles(fw: Framework) -> Iterator[Problem]:
    if not _has_requirement_cycle(fw):
        return
    import networkx as nx

    graph = requirement_graph(fw)
    for component in nx.strongly_connected_components(graph):
        if len(component) > 1 or any(graph.has_edge(n, n) for n in component):
            members = sorted(component)
            cycle = nx.find_cycle(graph.subgraph(members))
            names = [u for u, _ in cycle] + [cycle[0][0]]
            yield _p("requirement-cycle", E,
                     "Cycle de prérequis\u202f: " + " → ".join(names) + " (aucun de ces badges ne peut être obtenu).",
                     "Prerequisite cycle: " + " → ".join(names) + " (none of these badges can be earned).",
                     f"badge:{names[0]}", "requires",
                     "Retirez l'un de ces prérequis.", "Remove one of these prerequisites.")


@_check
def _requirement_counts(fw: Framework) -> Iterator[Problem]:
    def walk(req: Requirement, ref: str, path: str) -> Iterator[Problem]:
        m = len(req.of)
        if m == 0:
            yield _p("empty-requirement", E, "Prérequis vide\u202f: il ne liste aucun badge.",
                     "Empty requirement: it lists no badge.", ref, path)
        elif req.count is not None and not 1 <= req.count <= m:
            yield _p("requirement-count-out-of-range", E,
                     f"« {req.count} parmi {m} » est impossible\u202f: N doit être entre 1 et {m}.",
                     f"'{req.count} of {m}' is impossible: N must be between 1 and {m}.", ref, f"{path}.count")
        for i, item in enumerate(req.of):
            if not isinstance(item, str):
                yield from walk(item, ref, f"{path}.of[{i}]")

    for b in fw.badges:
        if b.requires is not None:
            yield from walk(b.requires, f"badge:{b.id}", "requires")
        if b.milestone and (b.requires is None or not b.requires.of):
            yield _p("milestone-without-requirement", E,
                     "Badge jalon sans prérequis\u202f: il doit dire quels badges réunir.",
                     "Milestone badge without requirement: it must say which badges to collect.",
                     f"badge:{b.id}", "requires")
    for pw in fw.pathways:
        for s, stage in enumerate(pw.stages):
            m = len(stage.badges)
            if m == 0:
                yield _p("empty-stage", W, "Étape sans badge.", "Stage with no badge.", f"pathway:{pw.id}",
                         f"stages[{s}]")
            elif stage.count is not None and not 1 <= stage.count <= m:
                yield _p("requirement-count-out-of-range", E,
                         f"« {stage.count} parmi {m} » est impossible\u202f: N doit être entre 1 et {m}.",
                         f"'{stage.count} of {m}' is impossible: N must be between 1 and {m}.",
                         f"pathway:{pw.id}", f"stages[{s}].count")


# --- content needed by Open Badges -------------------------------------------------------------


@_check
def _badge_content(fw: Framework) -> Iterator[Problem]:
    for b in fw.badges:
        ref = f"badge:{b.id}"
        if not any(b.criteria.narrative.values()) and not b.criteria.observables and not b.criteria.url:
            yield _p("badge-without-criteria", E, "Badge sans critères d'obtention.", "Badge without criteria.", ref,
                     "criteria", "Décrivez ce qu'il faut montrer pour l'obtenir.",
                     "Describe what must be shown to earn it.")
        if not any(b.name.values()):
            yield _p("missing-name", E, "Badge sans nom.", "Badge without a name.", ref, "name")
        if not any(b.description.values()):
            yield _p("missing-description", E, "Badge sans description (Open Badges l'exige).",
                     "Badge without a description (Open Badges requires one).", ref, "description")
        if b.issuer is None and b.status == "adopted":
            # An export holds the adopted badges, and Open Badges requires an issuer: it would be refused.
            yield _p("missing-issuer", E, f"Le badge « {b.id} » est adopté sans partenaire émetteur\u202f: il "
                     "ne peut pas être publié.",
                     f"Badge '{b.id}' is adopted without an issuer: it cannot be published.", ref, "issuer",
                     "Choisissez le partenaire émetteur dans l’onglet Badges (champ « Émetteur », « issuer » dans "
                     "le fichier du badge).",
                     "Choose the issuing partner in the Badges tab (the “Issuer” field; 'issuer' in the badge's "
                     "file).")
        elif b.issuer is None:
            # Fine while the badge is being designed, and the usual export leaves it out; but an export of the
            # unadopted badges too (a preview for the partners) holds it, and Open Badges requires an issuer.
            yield _p("unadopted-without-issuer", W, f"Le badge « {b.id} », non adopté, n'a pas de partenaire "
                     "émetteur : l'export habituel l'omet, mais un export qui inclut les badges non adoptés "
                     "(« export --include-unadopted ») sera refusé.",
                     f"Badge '{b.id}' is not adopted and has no issuer: the usual export leaves it out, but an export "
                     "including unadopted badges ('export --include-unadopted') will be refused.", ref, "issuer",
                     "Choisissez le partenaire émetteur dans l’onglet Badges (champ « Émetteur ») avant de montrer "
                     "les badges non adoptés.",
                     "Choose the issuing partner in the Badges tab (the “Issuer” field) before exporting the "
                     "unadopted badges.")


@_check
def _issuers(fw: Framework) -> Iterator[Problem]:
    issuing = {b.issuer for b in fw.badges if b.issuer is not None} | {
        p.id for p in fw.partners if "issuer" in p.roles
    }
    # Open Badges 2.0 publishes an issuer Profile for every endorser too, with the same required fields.
    endorsing = {e for b in fw.badges for e in b.endorsers} - issuing
    for p in fw.partners:
        ref = f"partner:{p.id}"
        if p.id in issuing or p.id in endorsing:
            who_fr = (f"Le partenaire émetteur « {p.id} »" if p.id in issuing
                      else f"Le partenaire « {p.id} », qui soutient un badge,")  # fmt: skip
            role_en = "issuing" if p.id in issuing else "endorsing"
            # what is missing, and the pronoun that stands for it (le nom, le site, la adresse → l'adresse: "-la")
            for name, fr, it in (("name", "de nom", "le"), ("url", "de site web (url)", "le"),
                                 ("email", "d'adresse e-mail", "la")):  # fmt: skip
                if not getattr(p, name).strip():
                    yield _p("issuer-incomplete", E, f"{who_fr} n'a pas {fr}.",
                             f"The {role_en} partner '{p.id}' has no {name}.", ref, name,
                             f"Open Badges l'exige de tout émetteur et de tout soutien\u202f: demandez-{it} au "
                             f"partenaire et faites-{it} ajouter à sa fiche, puis vérifiez à nouveau.",
                             "Open Badges requires it of every issuer and endorser: ask the partner for it, have "
                             "it added to the partner's record, then check again.")
        if p.email and not _EMAIL.match(p.email):
            yield _p("invalid-email", E, f"Adresse e-mail invalide\u202f: « {p.email} ».", f"Invalid email: '{p.email}'.",
                     ref, "email")
    for b in fw.badges:
        if b.issuer is not None and (p := fw.partner(b.issuer)) is not None and "issuer" not in p.roles:
            yield _p("issuer-role-missing", W, f"« {p.id} » émet ce badge sans avoir le rôle d'émetteur (« issuer ») parmi ses rôles.",
                     f"'{p.id}' issues this badge without the 'issuer' role.", f"badge:{b.id}", "issuer")


# --- text --------------------------------------------------------------------------------------


def _texts(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _texts(v, f"{path}.{k}" if path else str(k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _texts(v, f"{path}[{i}]")
    elif hasattr(value, "__pydantic_fields__"):
        for name in type(value).model_fields:
            yield from _texts(getattr(value, name), f"{path}.{name}" if path else name)


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# In an item's JSON, a control character shows as one of these escapes: a cheap first filter.
_CONTROL_IN_JSON = re.compile(rb"\\u00(?:0[0-8bcef]|1[0-9a-f]|7f)|\\[bf]")


# In an item's JSON, a link that may not be a plain http(s) one (another scheme, an upper-case one, a space, an
# escape — a control character — or a non-ASCII byte, maybe an invisible character): only those are looked at.
_ODD_URL_IN_JSON = re.compile(rb'"url":"(?!https?://[^\s/$.?#"\\][^"\s\\\x80-\xff]*")')


def _links(kind: str, item: Any) -> Iterator[tuple[str, str, bool]]:
    """Every link an item holds: ``(url, field, relative path allowed)``."""
    if kind == "partner":
        yield item.url, "url", False
        yield item.image or "", "image", True
    if kind == "badge":
        yield item.criteria.url or "", "criteria.url", False
    if kind in ("competency", "badge"):
        for i, alignment in enumerate(item.alignments):
            yield alignment.url, f"alignments[{i}].url", False


@_check
def _text_sanity(fw: Framework) -> Iterator[Problem]:
    if fw.url and (problem := url_problem(fw.url, f"framework:{fw.id}", "url")) is not None:
        yield problem
    for kind, attr in (("partner", "partners"), ("competency", "competencies"), ("badge", "badges"),
                       ("pathway", "pathways")):
        for item in getattr(fw, attr):
            # Walking every string of 20,000 items in Python is slow; their JSON (made in Rust) tells at
            # once whether an item could hold an odd link, a too-long text or a control character.
            encoded = item.__pydantic_serializer__.to_json(item)
            if (kind == "partner" and item.image) or _ODD_URL_IN_JSON.search(encoded):
                for url, field, relative_ok in _links(kind, item):
                    if url and (problem := url_problem(url, f"{kind}:{item.id}", field, relative_ok=relative_ok)):
                        yield problem
            if len(encoded) <= MAX_TEXT_LENGTH and not _CONTROL_IN_JSON.search(encoded):
                continue
            for path, value in _texts(item, ""):
                if len(value) > MAX_TEXT_LENGTH:
                    yield _p("text-too-long", E,
                             f"Texte trop long ({_thousands(len(value))} caractères\u202f; au plus "
                             f"{_thousands(MAX_TEXT_LENGTH)}).",
                             f"Text too long ({len(value):,} characters; at most {MAX_TEXT_LENGTH:,}).",
                             f"{kind}:{item.id}", path)
                elif _CONTROL.search(value):
                    yield _p("control-character", E, "Le texte contient un caractère de contrôle invisible.",
                             "The text holds an invisible control character.", f"{kind}:{item.id}", path)


def _thousands(number: int) -> str:
    """``12\u202f345``: French groups thousands with a narrow no-break space, not a comma."""
    return f"{number:,}".replace(",", "\u202f")


@_check
def _translations(fw: Framework) -> Iterator[Problem]:
    for kind, attr, field in (("competency", "competencies", "title"), ("badge", "badges", "name")):
        for item in getattr(fw, attr):
            value = getattr(item, field)
            missing = [lang for lang in fw.languages if not value.get(lang)]
            if value and missing:
                yield _p("missing-translation", INFO, f"Traduction manquante ({', '.join(missing)})\u202f: {text(value)}.",
                         f"Missing translation ({', '.join(missing)}): {text(value, 'en')}.", f"{kind}:{item.id}",
                         field)


# --- coverage warnings -------------------------------------------------------------------------


@_check
def _unrecognised_competencies(fw: Framework) -> Iterator[Problem]:
    recognised = {rc.competency for b in fw.badges for rc in b.competencies}
    has_children = {c.parent for c in fw.competencies if c.parent is not None}
    for c in fw.competencies:
        # Domains and other inner nodes are recognised through their sub-competencies.
        if c.id not in recognised and c.id not in has_children and c.status != "set_aside":
            yield _p("competency-not-recognised", W, "Aucun badge ne reconnaît cette compétence.",
                     "No badge recognises this competency.", f"competency:{c.id}")


def reached_badges(fw: Framework) -> set[str]:
    """Badges that some pathway reaches: in a stage, as a target, or required by one of those."""
    reached: set[str] = set()
    for pw in fw.pathways:
        reached.update(b for stage in pw.stages for b in stage.badges)
        if pw.target is not None:
            reached.add(pw.target)
    todo = list(reached)
    while todo:
        badge: Badge | None = fw.badge(todo.pop())
        if badge is not None and badge.requires is not None:
            for r in badge.requires.badge_ids():
                if r not in reached:
                    reached.add(r)
                    todo.append(r)
    return reached


@_check
def _unreached_badges(fw: Framework) -> Iterator[Problem]:
    if not fw.pathways:
        return
    reached = reached_badges(fw)
    for b in fw.badges:
        if b.id not in reached and b.status != "set_aside":
            yield _p("badge-not-in-pathway", W, "Aucun parcours ne mène à ce badge.", "No pathway reaches this badge.",
                     f"badge:{b.id}")


# --- what would be unsafe to publish -----------------------------------------------------------


def invisible_characters(value: str) -> list[str]:
    """The invisible or direction-changing characters in ``value``, named (``U+202E RIGHT-TO-LEFT OVERRIDE``).

    >>> invisible_characters("badge\u202egpj.exe"), invisible_characters("cuisine-1")
    (['U+202E RIGHT-TO-LEFT OVERRIDE'], [])
    """
    found = dict.fromkeys(INVISIBLE.findall(value))
    return [f"U+{ord(c):04X} {unicodedata.name(c, 'INVISIBLE CHARACTER')}" for c in found]


def invisible_problem(value: str, item: str | None, field: str | None, what_fr: str, what_en: str) -> Problem | None:
    """An ``invisible-character`` error when ``value`` (an id, a file name) holds such a character."""
    names = invisible_characters(value)
    if not names:
        return None
    return _p("invisible-character", E,
              f"{what_fr} {value!r} contient un caractère invisible ({', '.join(names)}) qui peut le faire passer "
              "pour un autre.",
              f"{what_en} {value!r} holds an invisible character ({', '.join(names)}) that can make it pass for "
              "another.", item, field,
              "Retapez-le sans copier-coller.", "Type it again instead of pasting it.")


#: The only schemes a published link may use: ``javascript:``, ``data:``, ``file:``… would run or read
#: something on the reader's machine when the badge, its page or its issuer is opened.
SAFE_SCHEMES = ("http", "https")


def url_problem(url: str, item: str | None, field: str, *, relative_ok: bool = False) -> Problem | None:
    """``unsafe-url`` for a link that is not http(s), ``invalid-url`` for a malformed one; ``None`` when fine.

    >>> url_problem("javascript:alert(1)", "partner:a", "url").code
    'unsafe-url'
    >>> url_problem("https://asso.example.org/", "partner:a", "url") is None
    True
    """
    if not url:
        return None
    hidden = _CONTROL.search(url) or INVISIBLE.search(url)
    if not hidden and _URL.match(url):
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        scheme = ""
    if not hidden and not scheme and relative_ok and not url.startswith(("/", "\\")) and not url[:1].isspace():
        return None  # a file beside the framework (a partner's logo)
    if hidden or (scheme and scheme not in SAFE_SCHEMES) or url.lstrip().lower().startswith(("javascript", "data", "file")):
        return _p("unsafe-url", E,
                  f"Lien refusé\u202f: {repr(url[:80]) if hidden else f'« {url[:80]} »'} n'est pas une adresse http:// ou https:// (un lien « javascript: », "
                  "« data: » ou « file: » s'exécuterait sur l'ordinateur de la personne qui ouvre le badge).",
                  f"Link refused: {url[:80]!r} is not an http:// or https:// address (a 'javascript:', 'data:' or "
                  "'file:' link would run on the machine of whoever opens the badge).", item, field,
                  "Donnez l'adresse complète, commençant par https://.", "Give the full address, starting with https://.")
    return _p("invalid-url", E, f"Adresse web invalide\u202f: « {url[:80]} » (http:// ou https://).",
              f"Invalid URL: '{url[:80]}' (http:// or https://).", item, field,
              "Donnez l'adresse complète, commençant par https://.", "Give the full address, starting with https://.")


@_check
def _invisible_ids(fw: Framework) -> Iterator[Problem]:
    ids = [item.id for attr in _KINDS.values() for item in getattr(fw, attr)]
    levels = [level.id for c in fw.competencies for level in c.levels]
    if not INVISIBLE.search("\n".join(ids + levels)):  # one look at every id, as almost no framework has any
        return
    for kind, attr in _KINDS.items():
        for item in getattr(fw, attr):
            if (problem := invisible_problem(item.id, f"{kind}:{item.id}", "id", "L'identifiant", "The id")):
                yield problem
    for c in fw.competencies:
        for level in c.levels:
            if (problem := invisible_problem(level.id, f"competency:{c.id}", "levels", "Le niveau", "The level")):
                yield problem

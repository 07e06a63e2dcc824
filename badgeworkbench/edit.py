"""Edits to a framework: each takes a framework and returns a new one, stamping who did what and when.

The widgets, the spreadsheet import and the CLI all edit through these functions, so provenance
is recorded the same way everywhere and no edit can leave an item half-changed.

>>> from badgeworkbench.model import Framework, Competency
>>> me = Author(partner="mission-locale", person="Awa")
>>> fw = add_item(Framework(id="f"), Competency(id="ecouter", title={"fr": "Écouter"}), author=me)
>>> fw = update_item(fw, "competency", "ecouter", author=me, title={"fr": "Écouter activement"})
>>> fw.competency("ecouter").title["fr"], fw.competency("ecouter").provenance.proposed_by
('Écouter activement', 'mission-locale')
>>> set_status(fw, "competency", "ecouter", "discussed").competency("ecouter").status
'discussed'
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import BadgeWorkbenchError, UnknownItem, kind_fr
from .ids import is_safe_id
from .model import (
    Badge,
    Comment,
    Competency,
    Framework,
    Partner,
    Pathway,
    Position,
    Relation,
    Requirement,
    Status,
    Territory,
)

__all__ = [
    "KINDS",
    "Author",
    "DuplicateItem",
    "InvalidEdit",
    "add_comment",
    "add_item",
    "add_relation",
    "get_item",
    "remove_item",
    "remove_relation",
    "set_position",
    "set_status",
    "update_item",
    "vote",
]

#: Item kinds and the framework field that holds them.
KINDS = {
    "territory": "territories",
    "partner": "partners",
    "competency": "competencies",
    "badge": "badges",
    "pathway": "pathways",
}
_KIND_OF_CLASS: dict[type, str] = {
    Territory: "territory", Partner: "partner", Competency: "competency", Badge: "badge", Pathway: "pathway",
}


@dataclass(frozen=True)
class Author:
    """Who makes an edit: a partner id and, optionally, the person's name."""

    partner: str | None = None
    person: str | None = None


class InvalidEdit(BadgeWorkbenchError):
    """An edit would make an invalid item; the message names the field.

    ``str(error)`` is the sentence for the command line; ``error.text(lang)`` the one a panel shows
    (``fr``/``en``), naming the field as the panel does and what to change there.
    """


class DuplicateItem(BadgeWorkbenchError):
    def __init__(self, kind: str, identifier: str):
        super().__init__(
            f"A {kind} with the id {identifier!r} already exists: choose another id.",
            fr=f"Ce référentiel a déjà {kind_fr(kind, 2)} « {identifier} »\u202f: donnez un autre nom, puis "
               "créez de nouveau.",
            en=f"This framework already has a {kind} '{identifier}': give another name, then create again.",
        )  # fmt: skip


#: Fields as the panels name them (French, English), for a sentence about a refused value.
_FIELD_NAMES = {
    "name": ("Nom", "Name"), "title": ("Intitulé", "Title"), "description": ("Description", "Description"),
    "criteria": ("Critères", "Criteria"), "narrative": ("Critères", "Criteria"),
    "observables": ("Observables", "Observables"), "issuer": ("Émetteur", "Issuer"),
    "endorsers": ("Partenaires qui reconnaissent", "Endorsers"), "category": ("Catégorie", "Category"),
    "level": ("Niveau", "Level"), "levels": ("Niveaux", "Levels"), "competencies": ("Compétences", "Competencies"),
    "image": ("Image", "Image"), "email": ("Courriel", "Email"), "url": ("Adresse (URL)", "Address (URL)"),
    "kind": ("Nature", "Kind"), "parent": ("Parent", "Parent"), "code": ("Code", "Code"),
    "status": ("Statut", "Status"), "votes": ("Votes", "Votes"), "tags": ("Mots-clés", "Tags"),
    "alignments": ("Alignements", "Alignments"), "roles": ("Rôles", "Roles"), "stages": ("Étapes", "Stages"),
    "requires": ("Prérequis", "Requires"), "version": ("Version", "Version"), "id": ("Identifiant", "Id"),
}  # fmt: skip


def _refused_value(error: dict[str, Any]) -> tuple[str, str]:
    """Why pydantic refused a value, in French and in English, without its technical wording."""
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind == "string_too_long":
        return (f"trop long\u202f: {ctx.get('max_length')} caractères au plus",
                f"too long: at most {ctx.get('max_length')} characters")  # fmt: skip
    if kind in ("string_too_short", "missing"):
        return "vide\u202f: il faut le remplir", "empty: fill it in"
    if kind in ("int_parsing", "float_parsing", "int_type", "float_type"):
        return "ce n'est pas un nombre", "not a number"
    if kind in ("greater_than_equal", "greater_than"):
        return (f"trop petit\u202f: au moins {ctx.get('ge', ctx.get('gt'))}",
                f"too small: at least {ctx.get('ge', ctx.get('gt'))}")  # fmt: skip
    if kind in ("less_than_equal", "less_than"):
        return (f"trop grand\u202f: au plus {ctx.get('le', ctx.get('lt'))}",
                f"too large: at most {ctx.get('le', ctx.get('lt'))}")  # fmt: skip
    if kind in ("literal_error", "enum"):
        return "cette valeur n'est pas dans la liste proposée", "this value is not one of those offered"
    return "cette valeur n'est pas acceptée", "this value is not accepted"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _attr(kind: str) -> str:
    if kind not in KINDS:
        raise UnknownItem("kind of item", kind, difflib.get_close_matches(kind, KINDS, n=2))
    return KINDS[kind]


def get_item(framework: Framework, kind: str, identifier: str) -> Any:
    """The item of ``kind`` with ``identifier``, or :class:`UnknownItem` with suggestions."""
    items = getattr(framework, _attr(kind))
    for item in items:
        if item.id == identifier:
            return item
    raise UnknownItem(kind, identifier, difflib.get_close_matches(identifier, [i.id for i in items], n=3))


def _stamp(item: BaseModel, author: Author | None, created: bool) -> dict[str, Any]:
    if author is None or "provenance" not in type(item).model_fields:
        return {}
    prov = item.provenance  # type: ignore[attr-defined]
    now = _now()
    changes: dict[str, Any] = {"changed_by": author.partner, "changed_by_person": author.person, "changed": now}
    if created:
        changes.update(
            proposed_by=prov.proposed_by or author.partner,
            proposed_by_person=prov.proposed_by_person or author.person,
            created=prov.created or now,
        )
    return {"provenance": prov.model_copy(update=changes)}


def _rebuild(item: BaseModel, changes: dict[str, Any], label: str) -> BaseModel:
    data = {name: getattr(item, name) for name in type(item).model_fields}
    data.update(changes)
    try:
        return type(item).model_validate(data)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        field_fr, field_en = _FIELD_NAMES.get(str(first["loc"][0]) if first["loc"] else "", (where, where))
        why_fr, why_en = _refused_value(first)  # type: ignore[arg-type]
        raise InvalidEdit(
            f"{label}: the field '{where}' is invalid: {first['msg']}.",
            fr=f"{label}\u202f: la valeur du champ « {field_fr} » est refusée ({why_fr}). Corrigez ce champ dans "
               "le panneau, puis enregistrez de nouveau\u202f; rien n'a été modifié.",
            en=f"{label}: the value of the field '{field_en}' is refused ({why_en}). Correct this field in the panel, "
               "then save again; nothing was changed.",
        ) from None  # fmt: skip


def add_item(framework: Framework, item: BaseModel, *, author: Author | None = None) -> Framework:
    """``framework`` with ``item`` (a Competency, Badge, Pathway, Partner or Territory) appended."""
    kind = _KIND_OF_CLASS.get(type(item))
    if kind is None:
        raise InvalidEdit(f"Cannot add a {type(item).__name__} to a framework.",
                          fr=f"Un élément de type {type(item).__name__} ne s'ajoute pas à un référentiel.")
    identifier = item.id  # type: ignore[attr-defined]
    if not is_safe_id(identifier):
        raise InvalidEdit(f"{kind}: the id {identifier!r} cannot be used in file names and URLs; use letters, "
                          "digits, '-', '_' or '.'.",
                          fr=f"L'identifiant « {identifier} » ne peut servir ni de nom de fichier ni d'adresse web\u202f: "
                             "donnez un nom fait de lettres et de chiffres, puis créez de nouveau.",
                          en=f"The id '{identifier}' cannot be used in file names and web addresses: give a name made "
                             "of letters and digits, then create again.")  # fmt: skip
    attr = KINDS[kind]
    if any(existing.id == identifier for existing in getattr(framework, attr)):
        raise DuplicateItem(kind, identifier)
    stamped = _rebuild(item, _stamp(item, author, created=True), f"{kind}:{identifier}")
    return framework.replace(**{attr: [*getattr(framework, attr), stamped]})


def update_item(framework: Framework, kind: str, identifier: str, /, *, author: Author | None = None,
                **changes: Any) -> Framework:
    """``framework`` with the fields ``changes`` of one item replaced (validated; provenance stamped).

    The first three parameters are positional-only, so that an item's own ``kind`` field can be changed:
    ``update_item(fw, "competency", "c1", kind="attitude")``.
    """
    attr = _attr(kind)
    current = get_item(framework, kind, identifier)
    if "id" in changes and changes["id"] != identifier:
        raise InvalidEdit(f"{kind}:{identifier}: an id cannot be changed by an update; add a new item instead.",
                          fr=f"{kind}:{identifier}\u202f: un identifiant ne se change pas\u202f; créez un nouvel "
                             "élément avec le nom voulu, puis supprimez l'ancien.",
                          en=f"{kind}:{identifier}: an id cannot be changed; create a new item with the name you want, "
                             "then delete the old one.")  # fmt: skip
    updated = _rebuild(current, {**changes, **_stamp(current, author, created=False)}, f"{kind}:{identifier}")
    items = [updated if i.id == identifier else i for i in getattr(framework, attr)]
    return framework.replace(**{attr: items})


def _without_badge(req: Requirement | None, badge_id: str) -> Requirement | None:
    if req is None:
        return None
    kept: list[str | Requirement] = []
    for item in req.of:
        if isinstance(item, str):
            if item != badge_id:
                kept.append(item)
        elif (inner := _without_badge(item, badge_id)) is not None:
            kept.append(inner)
    if not kept:
        return None
    count = None if req.count is None else min(req.count, len(kept))
    return Requirement(count=count, of=kept)


def remove_item(framework: Framework, kind: str, identifier: str) -> Framework:
    """``framework`` without one item, and without the references to it that would dangle.

    Removing a competency re-attaches its children to its parent and drops its relations and the
    badges' mentions of it; removing a badge drops it from requirements (an "N of M" keeps at most
    the remaining count), pathway stages and the layout.
    """
    attr = _attr(kind)
    item = get_item(framework, kind, identifier)
    changes: dict[str, Any] = {attr: [i for i in getattr(framework, attr) if i.id != identifier]}
    if kind == "competency":
        changes["competencies"] = [
            c.model_copy(update={"parent": item.parent}) if c.parent == identifier else c
            for c in changes["competencies"]
        ]
        changes["relations"] = [r for r in framework.relations if identifier not in (r.source, r.target)]
        changes["badges"] = [
            b.model_copy(update={"competencies": [rc for rc in b.competencies if rc.competency != identifier]})
            if any(rc.competency == identifier for rc in b.competencies) else b
            for b in framework.badges
        ]
    elif kind == "badge":
        changes["badges"] = [
            b.model_copy(update={"requires": _without_badge(b.requires, identifier)})
            if b.requires is not None and identifier in b.requires.badge_ids() else b
            for b in changes["badges"]
        ]
        changes["pathways"] = [
            p.model_copy(update={
                "target": None if p.target == identifier else p.target,
                "stages": [s.model_copy(update={"badges": [x for x in s.badges if x != identifier],
                                                "count": None if s.count is None else
                                                min(s.count, max(1, len([x for x in s.badges if x != identifier])))})
                           for s in p.stages]})
            for p in framework.pathways
        ]
        changes["layout"] = {k: v for k, v in framework.layout.items() if k != identifier}
    return framework.replace(**changes)


def set_status(framework: Framework, kind: str, identifier: str, status: str | Status, *,
               author: Author | None = None) -> Framework:
    """Move an item along the workflow: proposed → discussed → adopted (or set_aside)."""
    try:
        value = Status(status)
    except ValueError:
        raise InvalidEdit(f"{kind}:{identifier}: unknown status {status!r}; use one of "
                          f"{', '.join(s.value for s in Status)}.",
                          fr=f"{kind}:{identifier}\u202f: le statut « {status} » n'existe pas\u202f; choisissez-en un "
                             "dans la liste des statuts.",
                          en=f"{kind}:{identifier}: there is no status '{status}'; pick one from the list of "
                             "statuses.") from None  # fmt: skip
    return update_item(framework, kind, identifier, author=author, status=value)


def vote(framework: Framework, kind: str, identifier: str, dots: int = 1) -> Framework:
    """Add ``dots`` votes (negative to take some back; never below zero)."""
    current = get_item(framework, kind, identifier)
    return update_item(framework, kind, identifier, votes=max(0, current.votes + dots))


def add_comment(framework: Framework, kind: str, identifier: str, text: str, *, author: Author) -> Framework:
    if not text.strip():
        raise InvalidEdit(f"{kind}:{identifier}: an empty comment was not added.",
                          fr=f"{kind}:{identifier}\u202f: le commentaire est vide, il n'a pas été ajouté\u202f; "
                             "écrivez-le, puis ajoutez-le.",
                          en=f"{kind}:{identifier}: the comment is empty, so it was not added; write it, then add it.")  # fmt: skip
    current = get_item(framework, kind, identifier)
    comment = Comment(author=author.person or author.partner or "?", partner=author.partner, text=text, date=_now())
    return update_item(framework, kind, identifier, comments=[*current.comments, comment])


def add_relation(framework: Framework, source: str, relation_type: str, target: str, note: str = "") -> Framework:
    """``framework`` with the relation "source <type> target" (unchanged if it is there already)."""
    for ident in (source, target):
        get_item(framework, "competency", ident)
    try:
        relation = Relation(source=source, type=relation_type, target=target, note=note)  # type: ignore[arg-type]
    except ValidationError:
        from .model import RelationType

        raise InvalidEdit(f"Unknown relation type {relation_type!r}; use one of "
                          f"{', '.join(t.value for t in RelationType)}.",
                          fr=f"Le type de relation « {relation_type} » n'existe pas\u202f: choisissez-en un dans la "
                             "liste « Type ».",
                          en=f"There is no relation type '{relation_type}': pick one from the 'Type' list.") from None  # fmt: skip
    if source == target:
        raise InvalidEdit(f"A competency cannot be related to itself ({source}).",
                          fr=f"Une compétence ne peut pas être reliée à elle-même ({source})\u202f: choisissez une "
                             "autre compétence dans « Vers (B) ».",
                          en=f"A competency cannot be related to itself ({source}): choose another competency in "
                             "'To (B)'.")  # fmt: skip
    if any((r.source, r.type, r.target) == (source, relation.type, target) for r in framework.relations):
        return framework
    return framework.replace(relations=[*framework.relations, relation])


def remove_relation(framework: Framework, source: str, relation_type: str, target: str) -> Framework:
    return framework.replace(
        relations=[r for r in framework.relations if (r.source, r.type, r.target) != (source, relation_type, target)]
    )


def set_position(framework: Framework, item_id: str, x: float, y: float) -> Framework:
    """Remember where a person put a badge in the constellation picture."""
    return framework.replace(layout={**framework.layout, item_id: Position(x=round(x, 2), y=round(y, 2))})

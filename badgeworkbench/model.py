"""The framework model: partners, competencies, badges, relations, requirements, pathways.

Every object is an immutable pydantic model. An edit makes a new value
(``badge.model_copy(update={...})`` or the helpers in :mod:`badgeworkbench.edit`),
which is then saved; nothing keeps hidden mutable state.

Text meant for people is multilingual: a :data:`LocalizedText` maps a language
code to a string, French first (``{"fr": "Cuisiner", "en": "Cooking"}``).

>>> from badgeworkbench.model import Competency
>>> c = Competency(id="cuisiner", title={"fr": "Cuisiner", "en": "Cooking"})
>>> text(c.title, "en")
'Cooking'
>>> text(c.title, "de")  # falls back to French, then to any language
'Cuisiner'
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator

__all__ = [
    "DEFAULT_LANGUAGES",
    "FORMAT_VERSION",
    "RELATION_MEANINGS",
    "Alignment",
    "Badge",
    "BadgeCategory",
    "CaseItem",
    "CaseRef",
    "Comment",
    "Competency",
    "CompetencyKind",
    "Criteria",
    "Framework",
    "ImageDesign",
    "Level",
    "LocalizedText",
    "MoodleRow",
    "Partner",
    "PartnerRole",
    "Pathway",
    "PathwayStage",
    "Position",
    "Provenance",
    "RecognisedCompetency",
    "Relation",
    "RelationType",
    "Requirement",
    "Status",
    "Territory",
    "Validity",
    "text",
    "validity_end",
]

#: Version of the file format written by this package. Bumped when files change shape.
FORMAT_VERSION = 1

#: Languages every framework speaks unless it says otherwise: French first, English second.
DEFAULT_LANGUAGES = ("fr", "en")

LocalizedText = dict[str, str]
"""Text in several languages: ``{"fr": "…", "en": "…"}``."""


def text(value: LocalizedText | None, lang: str = "fr") -> str:
    """The text of ``value`` in ``lang``, else French, else English, else any language, else ``""``."""
    if not value:
        return ""
    for candidate in (lang, "fr", "en"):
        if value.get(candidate):
            return value[candidate]
    return next((v for v in value.values() if v), "")


class _Item(BaseModel):
    """Base of every model object: immutable, strict about unknown keys."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=True)

    def __eq__(self, other: object) -> bool:
        # Items share immutable defaults (``provenance``, ``criteria``…), and saving compares every
        # field with its default: an object is equal to itself without looking inside.
        return True if self is other else super().__eq__(other)

    __hash__ = None  # type: ignore[assignment]  # pydantic gives frozen models their own, as before


class PartnerRole(StrEnum):
    ISSUER = "issuer"
    ENDORSER = "endorser"
    EMPLOYER = "employer"
    TRAINING = "training"
    SOCIAL = "social"


class CompetencyKind(StrEnum):
    SKILL = "skill"
    KNOWLEDGE = "knowledge"
    ATTITUDE = "attitude"
    EXPERIENTIAL = "experiential"
    DOMAIN = "domain"


class BadgeCategory(StrEnum):
    COMPETENCY = "competency"
    PARTICIPATION = "participation"
    ENGAGEMENT = "engagement"
    EXPERIENTIAL = "experiential"


class Status(StrEnum):
    """Where an item stands in the co-design workflow."""

    PROPOSED = "proposed"
    DISCUSSED = "discussed"
    ADOPTED = "adopted"
    SET_ASIDE = "set_aside"


class RelationType(StrEnum):
    """The CASE 1.1 association types between competencies."""

    IS_CHILD_OF = "isChildOf"
    IS_PART_OF = "isPartOf"
    PRECEDES = "precedes"
    EXACT_MATCH_OF = "exactMatchOf"
    IS_RELATED_TO = "isRelatedTo"
    REPLACED_BY = "replacedBy"
    EXEMPLAR = "exemplar"
    HAS_SKILL_LEVEL = "hasSkillLevel"
    IS_TRANSLATION_OF = "isTranslationOf"
    IS_PEER_OF = "isPeerOf"


#: One line per relation type, shown wherever a relation is made. Read "A <type> B".
RELATION_MEANINGS: dict[str, LocalizedText] = {
    "isChildOf": {
        "fr": "A est un sous-élément de B dans la hiérarchie du référentiel.",
        "en": "A sits under B in the framework's hierarchy.",
    },
    "isPartOf": {
        "fr": "A est une composante de B : maîtriser B suppose de maîtriser A.",
        "en": "A is a component of B: mastering B involves mastering A.",
    },
    "precedes": {
        "fr": "A s'acquiert normalement avant B (ordre conseillé d'apprentissage).",
        "en": "A is normally learned before B (recommended order).",
    },
    "exactMatchOf": {
        "fr": "A et B désignent exactement la même compétence (par exemple dans deux référentiels).",
        "en": "A and B are exactly the same competency (for example in two frameworks).",
    },
    "isRelatedTo": {
        "fr": "A et B sont liées, sans relation plus précise.",
        "en": "A and B are related, with no more precise relation.",
    },
    "replacedBy": {
        "fr": "A est remplacée par B (A est obsolète).",
        "en": "A is replaced by B (A is obsolete).",
    },
    "exemplar": {
        "fr": "A est un exemple concret qui illustre B.",
        "en": "A is a concrete example that illustrates B.",
    },
    "hasSkillLevel": {
        "fr": "A possède le niveau de maîtrise B.",
        "en": "A has the proficiency level B.",
    },
    "isTranslationOf": {
        "fr": "A est la traduction de B dans une autre langue.",
        "en": "A is a translation of B into another language.",
    },
    "isPeerOf": {
        "fr": "A et B sont au même niveau et se complètent.",
        "en": "A and B are at the same level and complement each other.",
    },
}

# Fields hold plain strings checked against these literals (the enums above name the same values, for
# code). Validating a Literal is done inside pydantic's core, while an enum field costs a Python call
# per value: at ROME scale (80,000 typed values) that was a quarter of the load time.
PartnerRoleName = Literal["issuer", "endorser", "employer", "training", "social"]
CompetencyKindName = Literal["skill", "knowledge", "attitude", "experiential", "domain"]
BadgeCategoryName = Literal["competency", "participation", "engagement", "experiential"]
StatusName = Literal["proposed", "discussed", "adopted", "set_aside"]
RelationTypeName = Literal["isChildOf", "isPartOf", "precedes", "exactMatchOf", "isRelatedTo", "replacedBy",
                           "exemplar", "hasSkillLevel", "isTranslationOf", "isPeerOf"]

Identifier = Annotated[str, Field(min_length=1, max_length=200)]
#: How long a badge stays valid once awarded: an ISO-8601 duration in years, months, weeks and days
#: (``P2Y``, ``P18M``, ``P1Y6M``, ``P90D``); in a file a bare number means months (``24`` → ``P24M``).
Validity = Annotated[str, Field(pattern=r"^P(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$", min_length=3, max_length=20)]
_VALIDITY = re.compile(r"P(\d+Y)?(\d+M)?(\d+W)?(\d+D)?")
_VALIDITY_PARTS = re.compile(r"(\d+)([YMWD])")


def validity_end(start: dt.datetime, valid_for: str) -> dt.datetime:
    """``start`` plus the ISO-8601 duration ``valid_for``; a month past the end of a shorter month ends on its last day.

    >>> validity_end(dt.datetime(2026, 4, 1), "P2Y").date(), validity_end(dt.datetime(2026, 1, 31), "P1M").date()
    (datetime.date(2028, 4, 1), datetime.date(2026, 2, 28))
    >>> validity_end(dt.datetime(2026, 4, 1), "P1Y6M2W3D").date()
    datetime.date(2027, 10, 18)
    """
    amounts = {unit: int(number) for number, unit in _VALIDITY_PARTS.findall(valid_for)}
    months = start.month - 1 + amounts.get("M", 0) + 12 * amounts.get("Y", 0)
    year, month = start.year + months // 12, months % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    moved = start.replace(year=year, month=month, day=min(start.day, last_day))
    return moved + dt.timedelta(weeks=amounts.get("W", 0), days=amounts.get("D", 0))


class Territory(_Item):
    id: Identifier
    name: LocalizedText = Field(default_factory=dict)


class Partner(_Item):
    id: Identifier
    name: str = ""
    url: str = ""
    email: str = ""
    roles: list[PartnerRoleName] = Field(default_factory=list)
    territory: str | None = None
    description: LocalizedText = Field(default_factory=dict)
    image: str | None = None


class CaseRef(_Item):
    """The identifier and URI a thing has in a CASE package it was imported from.

    CASE identifiers are global and persistent: other systems link to them, so a re-export writes
    them again instead of making new ones.
    """

    identifier: str
    uri: str = ""


class CaseItem(CaseRef):
    """How an imported competency, level or badge stood in its CASE package, so a re-export keeps it.

    ``sequence`` is the ``sequenceNumber`` of the association that placed it (``isChildOf`` for a
    competency or badge, ``hasSkillLevel`` for a level) and ``enumeration`` its ``listEnumeration``:
    together the sibling order the package gave. ``associations`` are the associations this item is
    the origin of, keyed ``"<associationType> <destination identifier>"``; ``translations`` the
    ``CFItem`` holding its text in another language (whose ``isTranslationOf`` is in its own
    ``associations``), by language.
    """

    sequence: int | None = None
    enumeration: str = ""
    associations: dict[str, CaseRef] = Field(default_factory=dict)
    translations: dict[str, CaseItem] = Field(default_factory=dict)


class Level(_Item):
    """A proficiency level with what it looks like in practice."""

    id: Identifier
    name: LocalizedText = Field(default_factory=dict)
    descriptor: LocalizedText = Field(default_factory=dict)
    case: CaseItem | None = None


class Alignment(_Item):
    """A link from a competency or badge to an item of a reference framework (CléA, ROME, ESCO…)."""

    framework: str
    name: str
    url: str = ""
    code: str = ""
    target_type: str = ""
    description: str = ""


class Comment(_Item):
    author: str
    text: str
    partner: str | None = None
    date: dt.datetime | None = None


class Provenance(_Item):
    """Who proposed an item, who changed it last, and when."""

    proposed_by: str | None = None
    proposed_by_person: str | None = None
    created: dt.datetime | None = None
    changed_by: str | None = None
    changed_by_person: str | None = None
    changed: dt.datetime | None = None


class _Authored(_Item):
    """Fields every co-designed item shares: status, votes, comments, provenance."""

    status: StatusName = "adopted"
    votes: int = 0
    comments: list[Comment] = Field(default_factory=list)
    # Immutable, so one empty instance serves every item: building one per item cost 0.3 s at ROME scale.
    provenance: Provenance = Provenance()


class MoodleRow(_Item):
    """What a row of a Moodle competency framework CSV said that the other fields cannot hold, kept so that
    exporting to Moodle again gives back what Moodle wrote (:mod:`badgeworkbench.interop.moodle`).

    ``description_as_written`` is the description cell as it was (HTML for format 1) when the description
    was converted to Markdown; it is written back only while the description is unchanged.
    """

    description_format: str = ""
    description_as_written: str = ""
    scale_values: str = ""  # the framework row's scale (a competency's own scale is its levels)
    scale_configuration: str = ""
    rule_type: str = ""
    rule_outcome: str = ""
    rule_config: str = ""
    export_id: str = ""
    taxonomy: list[str] = Field(default_factory=list)  # the framework row's term for each depth, as written


class Competency(_Authored):
    id: Identifier
    title: LocalizedText = Field(default_factory=dict)
    description: LocalizedText = Field(default_factory=dict)
    parent: str | None = None
    kind: CompetencyKindName = "skill"
    code: str = ""
    levels: list[Level] = Field(default_factory=list)
    alignments: list[Alignment] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    moodle: MoodleRow | None = None  # imported from Moodle: its row's cells that have no other home
    case: CaseItem | None = None


class RecognisedCompetency(_Item):
    """A competency a badge recognises, at one of the competency's levels (or any level)."""

    competency: str
    level: str | None = None


class _HashableItem(_Item):
    """An item whose fields hold dicts, made hashable by value (its JSON) so that one empty instance can
    serve as every badge's default: pydantic deep-copies a default it cannot hash, for each badge read."""

    def __hash__(self) -> int:
        return hash(self.__pydantic_serializer__.to_json(self))


class Criteria(_HashableItem):
    narrative: LocalizedText = Field(default_factory=dict)
    observables: list[LocalizedText] = Field(default_factory=list)
    url: str | None = None


class ImageDesign(_HashableItem):
    """Settings for a badge image. Every field left empty takes the framework-derived default."""

    model_config = ConfigDict(frozen=True, extra="allow")

    shape: str | None = None
    palette: str | None = None
    background: str | None = None
    foreground: str | None = None
    accent: str | None = None
    pictogram: str | None = None
    title: str | None = None
    subtitle: str | None = None
    border: str | None = None
    upload: str | None = None
    alt: LocalizedText = Field(default_factory=dict)


class Requirement(_Item):
    """What must be held before a badge: ``count`` of the items in ``of`` (all of them when ``count`` is empty).

    An item is a badge id or a nested requirement, so "A and (2 of B, C, D)" is
    ``Requirement(of=["a", Requirement(count=2, of=["b", "c", "d"])])``.
    """

    count: int | None = None
    of: list[str | Requirement] = Field(default_factory=list)

    @property
    def needed(self) -> int:
        """How many of ``of`` must be satisfied."""
        return len(self.of) if self.count is None else self.count

    def badge_ids(self) -> list[str]:
        """Every badge id named anywhere in the expression, in order of appearance."""
        found: list[str] = []
        for item in self.of:
            if isinstance(item, str):
                found.append(item)
            else:
                found.extend(item.badge_ids())
        return found

    def is_satisfied_by(self, held: set[str] | frozenset[str]) -> bool:
        """True when ``held`` (a set of badge ids) meets this requirement.

        >>> Requirement(count=2, of=["a", "b", "c"]).is_satisfied_by({"a", "c"})
        True
        >>> Requirement(of=["a", Requirement(count=1, of=["b", "c"])]).is_satisfied_by({"b"})
        False
        """
        met = sum(
            1
            for item in self.of
            if (item in held if isinstance(item, str) else item.is_satisfied_by(held))
        )
        return met >= self.needed


class Badge(_Authored):
    id: Identifier
    name: LocalizedText = Field(default_factory=dict)
    description: LocalizedText = Field(default_factory=dict)
    category: BadgeCategoryName = "competency"
    level: str | None = None
    criteria: Criteria = Criteria()
    competencies: list[RecognisedCompetency] = Field(default_factory=list)
    issuer: str | None = None
    endorsers: list[str] = Field(default_factory=list)
    requires: Requirement | None = None
    milestone: bool = False
    image: ImageDesign = ImageDesign()
    tags: list[str] = Field(default_factory=list)
    alignments: list[Alignment] = Field(default_factory=list)
    version: str = "1.0"
    previous_version: str | None = None
    territories: list[str] = Field(default_factory=list)
    #: Awards of this badge expire this long after they are awarded (OB 3.0 ``validUntil``, OB 2.0 ``expires``).
    valid_for: Validity | None = None
    # What an imported Open Badges 3.0 Achievement says that the fields above cannot hold, kept so that
    # exporting it again says the same (a Degree stays a Degree). Empty for badges designed here.
    achievement_type: str = ""  # the issuer's achievementType when no category stands for it ("Degree")
    field_of_study: str = ""
    specialization: str = ""
    credits_available: float | None = None
    human_code: str = ""
    result_descriptions: list[dict[str, Any]] = Field(default_factory=list)  # ResultDescription objects, as written
    case: CaseItem | None = None

    @field_validator("valid_for", mode="before")
    @classmethod
    def _validity_in_months(cls, value: Any) -> Any:
        # A bare number of months is easier to type in a spreadsheet or a YAML file than "P24M".
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return f"P{value}M"
        if isinstance(value, str) and (value.strip() == "P" or not _VALIDITY.fullmatch(value.strip())):
            raise ValueError(f"{value!r} is not a validity: write P2Y (2 years), P18M (18 months), P90D (90 days) or "
                             "a number of months")  # fmt: skip
        return value.strip() if isinstance(value, str) else value

    @field_validator("competencies", mode="before")
    @classmethod
    def _competency_shorthand(cls, value: Any) -> Any:
        # In files a recognised competency may be written as a bare id (any level).
        if isinstance(value, list):
            return [{"competency": v} if isinstance(v, str) else v for v in value]
        return value


class Relation(_Item):
    """A typed link between two competencies: "source <type> target"."""

    source: str
    type: RelationTypeName
    target: str
    note: str = ""


class PathwayStage(_Item):
    """One step of a pathway: ``count`` of ``badges`` (all when empty), with a partner in a territory."""

    name: LocalizedText = Field(default_factory=dict)
    badges: list[str] = Field(default_factory=list)
    count: int | None = None
    partners: list[str] = Field(default_factory=list)
    territory: str | None = None


class Pathway(_Authored):
    id: Identifier
    name: LocalizedText = Field(default_factory=dict)
    description: LocalizedText = Field(default_factory=dict)
    target: str | None = None
    stages: list[PathwayStage] = Field(default_factory=list)
    territories: list[str] = Field(default_factory=list)


class Position(_Item):
    x: float
    y: float


def _index_by_id(items: list[Any]) -> dict[str, Any]:
    index: dict[str, Any] = {}
    for item in items:
        index.setdefault(item.id, item)  # the first of duplicates wins; check() reports them
    return index


class Framework(_Item):
    """A whole co-designed framework: what is stored in one ``frameworks/<slug>/`` folder."""

    format_version: int = FORMAT_VERSION
    id: Identifier
    title: LocalizedText = Field(default_factory=dict)
    description: LocalizedText = Field(default_factory=dict)
    version: str = "0.1"
    languages: list[str] = Field(default_factory=lambda: list(DEFAULT_LANGUAGES))
    url: str = ""
    #: The ``CFDocument`` this framework was imported from (its identifier and URI, kept on re-export).
    case: CaseRef | None = None
    badge_levels: list[Level] = Field(default_factory=list)
    territories: list[Territory] = Field(default_factory=list)
    partners: list[Partner] = Field(default_factory=list)
    competencies: list[Competency] = Field(default_factory=list)
    badges: list[Badge] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
    pathways: list[Pathway] = Field(default_factory=list)
    layout: dict[str, Position] = Field(default_factory=dict)
    moodle: MoodleRow | None = None  # imported from Moodle: the framework row's scale, taxonomy, formats

    # Look-ups by id, built on first use. Each index remembers the list it was built from, so a
    # copy made with ``model_copy(update=...)`` never answers from a stale index.
    _indexes: dict[str, tuple[Any, Any]] = PrivateAttr(default_factory=dict)

    def __eq__(self, other: object) -> bool:
        # pydantic also compares private attributes, here the look-up caches: two frameworks with the
        # same content must be equal whichever look-ups each one has answered.
        if not isinstance(other, Framework):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in type(self).model_fields)

    __hash__ = None  # type: ignore[assignment]  # it holds lists: never hashable, as before

    def partner(self, partner_id: str) -> Partner | None:
        return self._index("partners").get(partner_id)

    def competency(self, competency_id: str) -> Competency | None:
        return self._index("competencies").get(competency_id)

    def badge(self, badge_id: str) -> Badge | None:
        return self._index("badges").get(badge_id)

    def pathway(self, pathway_id: str) -> Pathway | None:
        return self._index("pathways").get(pathway_id)

    def territory(self, territory_id: str) -> Territory | None:
        return self._index("territories").get(territory_id)

    def _cached(self, key: str, source: Any, build: Any) -> Any:
        # Read through __pydantic_private__ (a slot): ``self._indexes`` goes through pydantic's
        # __getattr__, and exports look items up tens of thousands of times.
        indexes = self.__pydantic_private__["_indexes"]  # type: ignore[index]
        hit = indexes.get(key)
        if hit is None or hit[0] is not source:
            hit = (source, build(source))
            indexes[key] = hit
        return hit[1]

    def _index(self, field: str) -> dict[str, Any]:
        return self._cached(field, self.__dict__[field], _index_by_id)

    def children(self, competency_id: str | None) -> list[Competency]:
        """The competencies whose parent is ``competency_id`` (``None``: the roots), in stored order."""

        def build(items: list[Competency]) -> dict[str | None, list[Competency]]:
            by_parent: dict[str | None, list[Competency]] = {}
            for c in items:
                by_parent.setdefault(c.parent, []).append(c)
            return by_parent

        return list(self._cached("children", self.competencies, build).get(competency_id, []))

    def replace(self, **changes: Any) -> Framework:
        """A copy with ``changes`` applied and validated (``model_copy`` does not validate)."""
        data = {name: getattr(self, name) for name in type(self).model_fields}
        data.update(changes)
        return type(self).model_validate(data)

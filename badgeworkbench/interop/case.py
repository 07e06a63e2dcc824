"""CASE 1.1 (1EdTech Competencies and Academic Standards Exchange) packages, both ways.

:func:`framework_to_case_package` turns a framework into one CFPackage (the ``getCFPackage``
JSON: ``CFDocument``, ``CFItems``, ``CFAssociations``, ``CFDefinitions``, ``CFRubrics``) that
validates against the official CASE 1.1 JSON Schema. :func:`case_package_to_framework` reads
a package back — ours or one published by another server (OpenSALT, CaSS, a CASE 1.0 file…).

The mapping (see ``docs/interop.md`` for the full table):

- each competency is a ``CFItem``; the hierarchy is ``isChildOf`` (top-level items are children
  of the ``CFDocument``); every :class:`~badgeworkbench.model.Relation` is an association of its type;
- each competency level is a ``CFItem`` of type "Skill Level" joined by ``hasSkillLevel``, and
  the levels of a competency also form a ``CFRubric`` (one criterion, one criterion level per level);
- each badge is a ``CFItem`` of type "Badge". In the "Badges" association grouping, a recognised
  competency ``isPartOf`` the badge, and each badge it requires ``precedes`` it; the requirement
  group ("2 of B, C, D") is in the association's ``notes`` (in words) and ``extensions`` (as data);
- the document's language is ``framework.languages[0]``; each text in another language becomes
  a translated ``CFItem`` that ``isTranslationOf`` the original (in the "Translations" grouping);
- what CASE has no field for (other languages of the document, statuses, votes, comments, partners,
  pathways, the full requirement expression…) travels in ``extensions["badgeworkbench"]``, so that
  Badge Workbench → CASE → Badge Workbench loses nothing, while other CASE tools see a plain package.

Identifiers are UUID 5 computed from the base URL, the framework id and the item id: exporting
twice gives the same identifiers, and :func:`case_item_uri` tells any other exporter (Open Badges
alignments, for instance) the URI a competency or badge has in the package.

>>> from badgeworkbench.model import Framework, Competency
>>> fw = Framework(id="f", title={"fr": "Référentiel"},
...                competencies=[Competency(id="a", title={"fr": "Accueillir", "en": "Welcoming"})])
>>> package = framework_to_case_package(fw, "https://example.org/ref")
>>> [item["fullStatement"] for item in package["CFItems"]]
['Accueillir', 'Welcoming']
>>> sorted(a["associationType"] for a in package["CFAssociations"])
['isChildOf', 'isTranslationOf']
>>> package["CFItems"][0]["uri"] == case_item_uri("https://example.org/ref", "f", "competency", "a")
True
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import uuid
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import BadgeWorkbenchError
from ..ids import is_safe_id, slugify, unique_id
from ..model import Alignment, Badge, Competency, Framework, Level, Relation, RelationType, Requirement, text
from ..report import Problem, Report, Severity
from ..requirements import describe_requirement
from .tabular import MAX_CELL_CHARS, html_to_markdown

__all__ = [
    "CASE_VERSION",
    "EXTENSION_KEY",
    "ITEM_TYPES",
    "MAX_PACKAGE_BYTES",
    "CasePackageError",
    "case_identifier",
    "case_item_uri",
    "case_package_to_framework",
    "framework_to_case_package",
    "read_case_file",
    "read_case_json",
]

CASE_VERSION = "1.1"
#: Key under which Badge Workbench keeps, in each ``extensions`` object, what CASE has no field for.
EXTENSION_KEY = "badgeworkbench"

#: CFItemType titles for the kinds of competency, levels and badges, with their hierarchy codes.
ITEM_TYPES: dict[str, tuple[str, str, dict[str, str]]] = {
    "domain": ("Domain", "1", {"fr": "Domaine de compétences", "en": "Competency domain"}),
    "skill": ("Skill", "2", {"fr": "Savoir-faire", "en": "Skill"}),
    "knowledge": ("Knowledge", "3", {"fr": "Savoir", "en": "Knowledge"}),
    "attitude": ("Attitude", "4", {"fr": "Savoir-être", "en": "Attitude"}),
    "experiential": ("Experiential", "5", {"fr": "Compétence d'expérience", "en": "Experiential competency"}),
    "level": ("Skill Level", "6", {"fr": "Niveau de maîtrise", "en": "Proficiency level"}),
    "badge": ("Badge", "7", {"fr": "Badge numérique ouvert (Open Badge)", "en": "Open Badge"}),
}

_GROUPINGS: dict[str, tuple[str, dict[str, str]]] = {
    "badges": (
        "Badges",
        {
            "fr": "Badges : compétences reconnues (isPartOf) et badges requis (precedes).",
            "en": "Badges: recognised competencies (isPartOf) and required badges (precedes).",
        },
    ),
    "translations": (
        "Translations",
        {"fr": "Traductions des éléments (isTranslationOf).", "en": "Translations of items (isTranslationOf)."},
    ),
}


def _base(base_url: str) -> str:
    return base_url.rstrip("/")


def case_identifier(base_url: str, framework_id: str, kind: str, item_id: str = "") -> str:
    """The stable UUID 5 of one thing of a framework in a CASE package.

    ``kind`` is ``document``, ``competency``, ``badge``, ``level`` (``item_id`` = ``competency/level``),
    ``rubric``, ``association``, ``itemtype``, ``grouping`` or ``translation``.

    >>> case_identifier("https://example.org/ref/", "f", "competency", "a") == case_identifier(
    ...     "https://example.org/ref", "f", "competency", "a")
    True
    """
    name = f"{_base(base_url)}/{framework_id}/{kind}/{item_id}" if kind != "document" else (
        f"{_base(base_url)}/{framework_id}")  # fmt: skip
    return _uuid5(name)


_NAMESPACE_URL = uuid.NAMESPACE_URL.bytes


def _uuid5(name: str) -> str:
    """``str(uuid.uuid5(uuid.NAMESPACE_URL, name))``, without building UUID objects (a package has 100,000s).

    >>> _uuid5("https://example.org/x") == str(uuid.uuid5(uuid.NAMESPACE_URL, "https://example.org/x"))
    True
    """
    digest = bytearray(hashlib.sha1(_NAMESPACE_URL + name.encode("utf-8"), usedforsecurity=False).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _uri(base_url: str, identifier: str) -> str:
    return f"{_base(base_url)}/case/{identifier}"


def case_item_uri(base_url: str, framework_id: str, kind: str, item_id: str) -> str:
    """The ``uri`` the item ``kind:item_id`` has in the package exported with ``base_url``.

    Open Badges exports use it as an alignment's ``targetUrl`` (with ``targetType`` ``CFItem``).
    """
    return _uri(base_url, case_identifier(base_url, framework_id, kind, item_id))


def _utc(moment: dt.datetime) -> dt.datetime:
    # A date-time without a zone is taken as UTC: CASE requires the zone, and UTC is the least surprising guess.
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def _stamp(moment: dt.datetime) -> str:
    return _utc(moment).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _latest_change(framework: Framework) -> dt.datetime | None:
    moments = [
        moment
        for item in (*framework.competencies, *framework.badges, *framework.pathways)
        for moment in (item.provenance.changed, item.provenance.created)
        if moment is not None
    ]
    return max((_utc(m) for m in moments), default=None)


def _dump(item: Any, exclude: Iterable[str] = ()) -> dict[str, Any]:
    return item.model_dump(mode="json", exclude_defaults=True, exclude=set(exclude))


class _Builder:
    """Accumulates the parts of one package; one instance per export."""

    def __init__(self, framework: Framework, base_url: str, changed: dt.datetime, include_badges: bool,
                 translations: bool) -> None:  # fmt: skip
        self.fw = framework
        self.base = _base(base_url)
        self.changed = _stamp(changed)
        self.lang = framework.languages[0] if framework.languages else "fr"
        self.other_languages = [lang for lang in framework.languages[1:] if lang != self.lang]
        self.include_badges = include_badges
        self.translations = translations
        self.items: list[dict[str, Any]] = []
        self.associations: list[dict[str, Any]] = []
        self.rubrics: list[dict[str, Any]] = []
        self.used_types: set[str] = set()
        self.used_groupings: set[str] = set()
        self._association_keys: Counter[str] = Counter()
        self._titles: dict[tuple[str, str], str] = {}
        self._idents: dict[tuple[str, str], str] = {}
        self.document_id = case_identifier(self.base, framework.id, "document")
        self.document_link = {"title": text(framework.title, self.lang) or framework.id,
                              "identifier": self.document_id, "uri": self.uri(self.document_id)}  # fmt: skip

    # ---- links -------------------------------------------------------------------------------------
    def uri(self, identifier: str) -> str:
        return f"{self.base}/case/{identifier}"

    def ident(self, kind: str, item_id: str) -> str:
        key = (kind, item_id)
        found = self._idents.get(key)
        if found is None:
            found = self._idents[key] = _uuid5(f"{self.base}/{self.fw.id}/{kind}/{item_id}")
        return found

    def link(self, kind: str, item_id: str) -> dict[str, str]:
        identifier = self.ident(kind, item_id)
        title = self._titles.get((kind, item_id)) or item_id
        return {"title": title, "identifier": identifier, "uri": self.uri(identifier)}

    def type_link(self, kind: str) -> dict[str, str]:
        self.used_types.add(kind)
        identifier = self.ident("itemtype", kind)
        return {"title": ITEM_TYPES[kind][0], "identifier": identifier, "uri": self.uri(identifier)}

    def grouping_link(self, key: str) -> dict[str, str]:
        self.used_groupings.add(key)
        identifier = self.ident("grouping", key)
        return {"title": _GROUPINGS[key][0], "identifier": identifier, "uri": self.uri(identifier)}

    def changed_of(self, item: Competency | Badge) -> str:
        moment = item.provenance.changed or item.provenance.created
        return _stamp(moment) if moment is not None else self.changed

    # ---- parts -------------------------------------------------------------------------------------
    def associate(self, origin: dict[str, str], kind: str, destination: dict[str, str], *, sequence: int | None = None,
                  notes: str = "", grouping: str | None = None, extension: dict[str, Any] | None = None) -> None:  # fmt: skip
        key = f"{origin['identifier']}/{kind}/{destination['identifier']}"
        self._association_keys[key] += 1
        occurrence = self._association_keys[key]
        # The same relation written twice stays two associations, each with its own stable identifier.
        identifier = self.ident("association", key if occurrence == 1 else f"{key}/{occurrence}")
        association: dict[str, Any] = {
            "identifier": identifier,
            "associationType": kind,
            "uri": self.uri(identifier),
            "originNodeURI": origin,
            "destinationNodeURI": destination,
            "lastChangeDateTime": self.changed,
        }
        if sequence is not None:
            association["sequenceNumber"] = sequence
        if notes:
            association["notes"] = notes
        if grouping is not None:
            association["CFAssociationGroupingURI"] = self.grouping_link(grouping)
        if extension:
            association["extensions"] = {EXTENSION_KEY: extension}
        self.associations.append(association)

    def item(self, kind: str, item_id: str, type_kind: str, statement: str, *, notes: str = "", code: str = "",
             language: str | None = None, keywords: list[str] | None = None, enumeration: int | None = None,
             changed: str | None = None, extension: dict[str, Any] | None = None) -> dict[str, str]:  # fmt: skip
        identifier = self.ident(kind, item_id)
        item: dict[str, Any] = {
            "identifier": identifier,
            "uri": self.uri(identifier),
            # fullStatement is required and must say something: an untitled item shows its id.
            "fullStatement": statement or item_id,
            "CFItemType": ITEM_TYPES[type_kind][0],
            "CFItemTypeURI": self.type_link(type_kind),
            "language": language or self.lang,
            "lastChangeDateTime": changed or self.changed,
        }
        if code:
            item["humanCodingScheme"] = code
        if notes:
            item["notes"] = notes
        if keywords:
            item["conceptKeywords"] = list(keywords)
        if enumeration is not None:
            item["listEnumeration"] = str(enumeration)
        if extension:
            item["extensions"] = {EXTENSION_KEY: extension}
        self.items.append(item)
        return {"title": item["fullStatement"], "identifier": identifier, "uri": item["uri"]}

    def translations_of(self, kind: str, item_id: str, type_kind: str, title: dict[str, str],
                        description: dict[str, str], original: dict[str, str], changed: str) -> None:  # fmt: skip
        if not self.translations:
            return
        for lang in self.other_languages:
            if not title.get(lang):
                continue  # nothing to translate into: CASE needs a full statement
            translated = self.item("translation", f"{lang}/{kind}/{item_id}", type_kind, title[lang],
                                   notes=description.get(lang, ""), language=lang, changed=changed,
                                   extension={"kind": "translation", "of": f"{kind}:{item_id}", "language": lang})  # fmt: skip
            self.associate(translated, "isTranslationOf", original, grouping="translations")

    def competencies(self) -> None:
        fw = self.fw
        known = {c.id for c in fw.competencies}
        for c in fw.competencies:
            self._titles[("competency", c.id)] = text(c.title, self.lang) or c.id
        positions: Counter[str | None] = Counter()
        for c in fw.competencies:
            parent = c.parent if c.parent in known else None
            positions[parent] += 1
            changed = self.changed_of(c)
            link = self.item("competency", c.id, str(c.kind), text(c.title, self.lang),
                             notes=c.description.get(self.lang, ""), code=c.code, keywords=c.tags,
                             enumeration=positions[parent], changed=changed,
                             extension={"kind": "competency", **_dump(c, exclude=("levels",))})  # fmt: skip
            destination = self.link("competency", parent) if parent is not None else self.document_link
            self.associate(link, "isChildOf", destination, sequence=positions[parent])
            self.translations_of("competency", c.id, str(c.kind), c.title, c.description, link, changed)
            if c.levels:
                self.levels(c, link, changed)
            self.external(c.alignments, link)

    def external(self, alignments: list[Alignment], origin: dict[str, str]) -> None:
        """Alignments to CASE items of other frameworks become associations to those items."""
        for alignment in alignments:
            if alignment.target_type != "CFItem" or not alignment.url:
                continue
            kind = alignment.description.removeprefix(_ASSOCIATION_NOTE)
            kind = kind if alignment.description.startswith(_ASSOCIATION_NOTE) and kind in _RELATION_TYPES else "isRelatedTo"
            identifier = alignment.code or str(uuid.uuid5(uuid.NAMESPACE_URL, alignment.url))
            self.associate(origin, kind, {"title": alignment.name, "identifier": identifier, "uri": alignment.url})

    def levels(self, competency: Competency, owner: dict[str, str], changed: str) -> None:
        criterion_levels = []
        rubric_id = self.ident("rubric", competency.id)
        criterion_id = self.ident("rubric", f"{competency.id}/criterion")
        for position, level in enumerate(competency.levels, start=1):
            level_key = f"{competency.id}/{level.id}"
            name = text(level.name, self.lang) or level.id
            link = self.item("level", level_key, "level", name, notes=level.descriptor.get(self.lang, ""),
                             enumeration=position, changed=changed,
                             extension={"kind": "level", "competency": competency.id, **_dump(level)})  # fmt: skip
            self.associate(owner, "hasSkillLevel", link, sequence=position)
            self.translations_of("level", level_key, "level", level.name, level.descriptor, link, changed)
            criterion_levels.append(self.rubric_level(level, level_key, position, criterion_id, changed))
        self.rubrics.append({
            "identifier": rubric_id,
            "uri": self.uri(rubric_id),
            "title": f"{text(competency.title, self.lang) or competency.id}",
            "description": self._levels_sentence(competency),
            "lastChangeDateTime": changed,
            "CFRubricCriteria": [{
                "identifier": criterion_id,
                "uri": self.uri(criterion_id),
                "category": text(competency.title, self.lang) or competency.id,
                "CFItemURI": owner,
                "position": 1,
                "rubricId": rubric_id,
                "lastChangeDateTime": changed,
                "CFRubricCriterionLevels": criterion_levels,
            }],
        })  # fmt: skip

    def _levels_sentence(self, competency: Competency) -> str:
        names = ", ".join(text(level.name, self.lang) or level.id for level in competency.levels)
        return f"Niveaux de maîtrise\u202f: {names}" if self.lang == "fr" else f"Proficiency levels: {names}"

    def rubric_level(self, level: Level, level_key: str, position: int, criterion_id: str, changed: str) -> dict[str, Any]:
        identifier = self.ident("rubric", f"{level_key}/level")
        entry: dict[str, Any] = {
            "identifier": identifier,
            "uri": self.uri(identifier),
            "quality": text(level.name, self.lang) or level.id,
            "score": float(position),
            "position": position,
            "rubricCriterionId": criterion_id,
            "lastChangeDateTime": changed,
        }
        if level.descriptor.get(self.lang):
            entry["description"] = level.descriptor[self.lang]
        return entry

    def relations(self) -> None:
        for relation in self.fw.relations:
            self.associate(self.link("competency", relation.source), str(relation.type),
                           self.link("competency", relation.target), notes=relation.note)  # fmt: skip

    def badges(self) -> None:
        if not self.include_badges:
            return
        for badge in self.fw.badges:
            self._titles[("badge", badge.id)] = text(badge.name, self.lang) or badge.id
        for position, badge in enumerate(self.fw.badges, start=1):
            changed = self.changed_of(badge)
            link = self.item("badge", badge.id, "badge", text(badge.name, self.lang),
                             notes=badge.description.get(self.lang, ""), keywords=badge.tags, enumeration=position,
                             changed=changed, extension={"kind": "badge", **_dump(badge)})  # fmt: skip
            self.associate(link, "isChildOf", self.document_link, sequence=position, grouping="badges")
            self.translations_of("badge", badge.id, "badge", badge.name, badge.description, link, changed)
            self.external(badge.alignments, link)
            for rc in badge.competencies:
                level_note = ""
                if rc.level:
                    level_note = (f"Niveau\u202f: {rc.level}" if self.lang == "fr" else f"Level: {rc.level}")
                self.associate(self.link("competency", rc.competency), "isPartOf", link, notes=level_note,
                               grouping="badges", extension={"recognisedAtLevel": rc.level} if rc.level else None)  # fmt: skip
            if badge.requires is not None:
                self.requirement(badge.requires, "requires", link)

    def requirement(self, requirement: Requirement, path: str, badge: dict[str, str]) -> None:
        sentence = describe_requirement(self.fw, Requirement(count=requirement.count, of=[
            i for i in requirement.of if isinstance(i, str)]), self.lang) if any(
            isinstance(i, str) for i in requirement.of) else ""  # fmt: skip
        for index, item in enumerate(requirement.of):
            if isinstance(item, str):
                self.associate(self.link("badge", item), "precedes", badge, sequence=index + 1, notes=sentence,
                               grouping="badges",
                               extension={"requirementGroup": path, "needed": requirement.needed,
                                          "of": len(requirement.of)})  # fmt: skip
            else:
                self.requirement(item, f"{path}.of[{index}]", badge)

    def definitions(self) -> dict[str, Any]:
        definitions: dict[str, Any] = {}
        if self.used_types:
            definitions["CFItemTypes"] = [
                {
                    "identifier": self.ident("itemtype", kind),
                    "uri": self.uri(self.ident("itemtype", kind)),
                    "title": title,
                    "description": text(description, self.lang),
                    "hierarchyCode": code,
                    "typeCode": kind,
                    "lastChangeDateTime": self.changed,
                }
                for kind, (title, code, description) in ITEM_TYPES.items()
                if kind in self.used_types
            ]
        if self.used_groupings:
            definitions["CFAssociationGroupings"] = [
                {
                    "identifier": self.ident("grouping", key),
                    "uri": self.uri(self.ident("grouping", key)),
                    "title": title,
                    "description": text(description, self.lang),
                    "lastChangeDateTime": self.changed,
                }
                for key, (title, description) in _GROUPINGS.items()
                if key in self.used_groupings
            ]
        return definitions

    def document(self) -> dict[str, Any]:
        fw = self.fw
        issuers = [p.name or p.id for p in fw.partners if "issuer" in p.roles]
        document: dict[str, Any] = {
            "identifier": self.document_id,
            "uri": self.document_link["uri"],
            "creator": ", ".join(issuers) or "Badge Workbench",
            "title": self.document_link["title"],
            "lastChangeDateTime": self.changed,
            "caseVersion": CASE_VERSION,
            "language": self.lang,
            "version": fw.version,
            "frameworkType": "Badge Workbench",
        }
        if fw.description.get(self.lang):
            document["description"] = fw.description[self.lang]
        if fw.url:
            document["officialSourceURL"] = fw.url
        if issuers:
            document["publisher"] = document["creator"]
        meta = _dump(fw, exclude=("competencies", "badges", "relations"))
        meta["id"] = fw.id  # always present, even when they equal a default
        meta["languages"] = list(fw.languages)
        document["extensions"] = {EXTENSION_KEY: {"kind": "framework", **meta}}
        return document


def framework_to_case_package(
    framework: Framework,
    base_url: str,
    *,
    changed: dt.datetime | None = None,
    include_badges: bool = True,
    translations: bool = True,
) -> dict[str, Any]:
    """The framework as a CASE 1.1 CFPackage (a JSON-ready dict), valid against the official schema.

    ``base_url`` roots every ``uri`` (``<base_url>/case/<identifier>``) and seeds the UUID 5
    identifiers, so the same framework and URL always give the same package. ``changed`` is the
    ``lastChangeDateTime`` of the document and of items without provenance dates (default: the
    latest date in the framework's provenance, else now). ``include_badges=False`` leaves badges
    out (a plain competency framework); ``translations=False`` leaves out the translated items.
    """
    if changed is None:
        changed = _latest_change(framework) or dt.datetime.now(dt.UTC)
    builder = _Builder(framework, base_url, changed, include_badges, translations)
    builder.competencies()
    builder.relations()
    builder.badges()
    package: dict[str, Any] = {
        "CFDocument": builder.document(),
        "CFItems": builder.items,
        "CFAssociations": builder.associations,
    }
    definitions = builder.definitions()
    if definitions:
        package["CFDefinitions"] = definitions
    if builder.rubrics:
        package["CFRubrics"] = builder.rubrics
    return package


# ==== import ==========================================================================================


#: A larger file is refused unread: a ROME-size package (18,000 items) is about 50 MB.
MAX_PACKAGE_BYTES = 512 * 2**20


class CasePackageError(BadgeWorkbenchError):
    """A CASE package that cannot be read: not JSON, or without the structure every package has."""

    exit_code = 2

    def __init__(self, file: str, path: str, problem: str, hint: str = "") -> None:
        self.file, self.path = file, path
        where = f"{file}, {path}" if path else file
        super().__init__(f"{where}: {problem}" + (f" {hint}" if hint else ""))


_TYPE_KINDS = {title.lower(): kind for kind, (title, _, _) in ITEM_TYPES.items()}
_TYPE_KINDS.update({"level": "level", "proficiency level": "level", "competency": "skill", "competence": "skill",
                    "compétence": "skill", "domaine": "domain", "savoir": "knowledge", "savoir-faire": "skill",
                    "savoir-être": "attitude"})  # fmt: skip
_RELATION_TYPES = {str(t) for t in RelationType}
# looked up once: pydantic builds ``model_fields`` anew on each access
_COMPETENCY_FIELDS = frozenset(Competency.model_fields)
_BADGE_FIELDS = frozenset(Badge.model_fields)
_FRAMEWORK_FIELDS = frozenset(Framework.model_fields)
_HTML_TAG = re.compile(r"<[a-zA-Z/][^>]*>")


def _has_zone(stamp: str) -> bool:
    """True for ``…Z`` or ``…+02:00`` / ``…-0500`` (a plain test: packages hold 100,000s of date-times)."""
    return stamp[-1:] in ("Z", "z") or (len(stamp) > 10 and (stamp[-6:-5] in ("+", "-") or stamp[-5:-4] in ("+", "-"))
                                       and "T" in stamp)  # fmt: skip


def _warn(code: str, fr: str, en: str, file: str, field: str | None = None, item: str | None = None,
          severity: Severity = Severity.WARNING) -> Problem:  # fmt: skip
    return Problem(code, severity, {"fr": fr, "en": en}, item=item, field=field, file=file)


def read_case_file(path: str | os.PathLike[str]) -> tuple[Framework, Report]:
    """Read a CASE package file (JSON). Raises :class:`CasePackageError` naming the file and the place."""
    return case_package_to_framework(read_case_json(path), file=str(path))


def read_case_json(path: str | os.PathLike[str]) -> Any:
    """The parsed JSON of a CASE package file, or :class:`CasePackageError` with the line and column."""
    file = str(path)
    try:
        size = Path(path).stat().st_size
        if size > MAX_PACKAGE_BYTES:
            raise CasePackageError(file, "", f"is {size // 2**20} MB, more than the {MAX_PACKAGE_BYTES // 2**20} MB "
                                   "a framework package can be.", "Is it the right file?")  # fmt: skip
        raw = Path(path).read_bytes()
    except OSError as error:
        raise CasePackageError(file, "", f"cannot be read ({error.strerror}).", "Check the path.") from error
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise CasePackageError(file, f"byte {error.start}", "is not UTF-8 text.",
                               "CASE packages are UTF-8 JSON: export it again from its server.") from error  # fmt: skip
    except json.JSONDecodeError as error:
        raise CasePackageError(file, f"line {error.lineno}, column {error.colno}", f"is not valid JSON ({error.msg}).",
                               "Download the package again: it may have been cut short.") from error  # fmt: skip
    return data


def _require(value: Any, kind: type, file: str, path: str, what: str) -> Any:
    if not isinstance(value, kind):
        found = "nothing" if value is None else type(value).__name__
        raise CasePackageError(file, path, f"{what} is missing or not {'an object' if kind is dict else 'a ' + kind.__name__} "
                               f"(found {found}).", "This is not a CASE package, or it is damaged.")  # fmt: skip
    return value


def _node_identifier(node: Any, file: str, path: str) -> str:
    node = _require(node, dict, file, path, "the node reference")
    identifier = node.get("identifier")
    if isinstance(identifier, str) and identifier:
        return identifier
    uri = node.get("uri")
    if isinstance(uri, str) and uri:
        return uri.rstrip("/").rsplit("/", 1)[-1]
    raise CasePackageError(file, path, "names neither an identifier nor a uri.", "The association cannot be followed.")


def _extension(entry: dict[str, Any]) -> dict[str, Any]:
    ext = entry.get("extensions")
    if isinstance(ext, dict) and isinstance(ext.get(EXTENSION_KEY), dict):
        return dict(ext[EXTENSION_KEY])
    return {}


def _text(entry: dict[str, Any], key: str) -> str:
    value = entry.get(key)
    return value.strip() if isinstance(value, str) else ""


class _Reader:
    """The state of one import: items by CASE identifier, what they become, and the problems met."""

    def __init__(self, data: Any, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        root = _require(data, dict, file, "$", "the package")
        self.document = _require(root.get("CFDocument"), dict, file, "$.CFDocument", "CFDocument")
        self.items_raw = _require(root.get("CFItems", []), list, file, "$.CFItems", "CFItems")
        self.associations_raw = _require(root.get("CFAssociations", []), list, file, "$.CFAssociations",
                                         "CFAssociations")  # fmt: skip
        self.rubrics_raw = _require(root.get("CFRubrics", []) or [], list, file, "$.CFRubrics", "CFRubrics")
        _require(self.document.get("identifier"), str, file, "$.CFDocument.identifier", "the document identifier")
        self.lang = _text(self.document, "language").lower()[:2] or "fr"
        self.naive_dates = 0
        self.missing_statements: list[str] = []
        self.cut_texts: list[str] = []
        self.html_texts = 0
        self.items: dict[str, dict[str, Any]] = {}
        for index, entry in enumerate(self.items_raw):
            path = f"$.CFItems[{index}]"
            entry = _require(entry, dict, file, path, "the item")
            identifier = _require(entry.get("identifier"), str, file, f"{path}.identifier", "the item identifier")
            if identifier in self.items:
                self.problems.append(_warn("case-duplicate-item", f"L'élément {identifier} apparaît deux fois ; le premier est gardé.",
                                           f"The item {identifier} appears twice; the first one is kept.", file, path))  # fmt: skip
                continue
            self.items[identifier] = {"entry": entry, "path": path}
            self._dates(entry)
        self.associations: list[dict[str, Any]] = []
        for index, entry in enumerate(self.associations_raw):
            path = f"$.CFAssociations[{index}]"
            entry = _require(entry, dict, file, path, "the association")
            kind = _require(entry.get("associationType"), str, file, f"{path}.associationType", "the association type")
            origin = _node_identifier(entry.get("originNodeURI"), file, f"{path}.originNodeURI")
            destination = _node_identifier(entry.get("destinationNodeURI"), file, f"{path}.destinationNodeURI")
            self.associations.append({"entry": entry, "path": path, "type": kind, "origin": origin,
                                      "destination": destination, "index": index})  # fmt: skip
            self._dates(entry)
        self._dates(self.document)

    def _dates(self, entry: dict[str, Any]) -> None:
        stamp = entry.get("lastChangeDateTime")
        if isinstance(stamp, str) and not _has_zone(stamp):
            self.naive_dates += 1

    # ---- kinds ---------------------------------------------------------------------------------------
    def classify(self) -> dict[str, str]:
        """The kind each item becomes: competency, level, badge or translation."""
        kinds: dict[str, str] = {}
        for identifier, held in self.items.items():
            ext_kind = _extension(held["entry"]).get("kind")
            if ext_kind in ("competency", "level", "badge", "translation"):
                kinds[identifier] = ext_kind
        for a in self.associations:
            if a["type"] == "isTranslationOf" and a["origin"] in self.items and a["destination"] in self.items:
                origin, destination = self.items[a["origin"]]["entry"], self.items[a["destination"]]["entry"]
                # Only a translation into another language is folded into the original's text;
                # isTranslationOf between items of the same language stays a relation.
                if _text(origin, "language") and _text(origin, "language") != _text(destination, "language"):
                    kinds.setdefault(a["origin"], "translation")
        for identifier, held in self.items.items():
            type_kind = _TYPE_KINDS.get(_text(held["entry"], "CFItemType").lower())
            if type_kind in ("badge", "level"):
                kinds.setdefault(identifier, type_kind)
        for a in self.associations:
            if a["type"] == "hasSkillLevel" and a["destination"] in self.items and a["origin"] in self.items:
                # a destination typed as a competency (Skill, Domain…) stays one: the association is a relation
                typed = _TYPE_KINDS.get(_text(self.items[a["destination"]]["entry"], "CFItemType").lower())
                if typed in (None, "level"):
                    kinds.setdefault(a["destination"], "level")
        for identifier in self.items:
            kinds.setdefault(identifier, "competency")
        return kinds

    # ---- ids -----------------------------------------------------------------------------------------
    def choose_ids(self, kinds: dict[str, str]) -> dict[str, str]:
        """A Badge Workbench id per competency and badge: ours when the package carries it, else one
        made from the coding scheme or the CASE identifier, so that importing again gives the same ids."""
        taken: dict[str, set[str]] = {"competency": set(), "badge": set()}
        ids: dict[str, str] = {}
        for identifier, held in self.items.items():
            kind = kinds[identifier]
            if kind not in taken:
                continue
            entry = held["entry"]
            candidates = [_extension(entry).get("id"), slugify(_text(entry, "humanCodingScheme"))
                          if _text(entry, "humanCodingScheme") else None, identifier.lower()]  # fmt: skip
            chosen = next((c for c in candidates if is_safe_id(c) and c not in taken[kind]), None)
            chosen = chosen or unique_id(slugify(_text(entry, "fullStatement") or "item"), taken[kind])
            taken[kind].add(chosen)
            ids[identifier] = chosen
        return ids

    # ---- building ------------------------------------------------------------------------------------
    def statement(self, identifier: str) -> tuple[str, str]:
        """(title, description) of an item: the full statement, unless it is long and an abbreviation exists."""
        held = self.items[identifier]
        entry = held["entry"]
        full, short, notes = (self.clean(_text(entry, key), f"{held['path']}.{key}")
                              for key in ("fullStatement", "abbreviatedStatement", "notes"))  # fmt: skip
        if not full:
            self.missing_statements.append(held["path"])
            full = short or _text(entry, "humanCodingScheme") or identifier
        if short and len(full) > 120:
            return short, notes or full
        return full, notes

    def clean(self, value: str, path: str) -> str:
        """HTML (some servers publish it) as Markdown; a huge text cut, both counted for the report."""
        if "<" in value and _HTML_TAG.search(value):
            value = html_to_markdown(value)
            self.html_texts += 1
        if len(value) > MAX_CELL_CHARS:
            value = value[:MAX_CELL_CHARS]
            self.cut_texts.append(path)
        return value

    def language_of(self, entry: dict[str, Any]) -> str:
        return _text(entry, "language").lower()[:2] or self.lang

    def build(self) -> tuple[Framework, Report]:
        kinds = self.classify()
        ids = self.choose_ids(kinds)
        doc_id = self.document["identifier"]

        parents: dict[str, str | None] = {}
        levels: dict[str, list[tuple[int, int, str]]] = {}
        translations: dict[str, list[str]] = {}
        recognised: dict[str, list[tuple[str, str | None]]] = {}
        requirements: dict[str, list[tuple[str, int, int, dict[str, Any]]]] = {}
        relations: list[Relation] = []
        alignments: dict[str, list[Alignment]] = {}
        skipped: Counter[str] = Counter()

        for a in self.associations:
            kind, origin, destination, entry = a["type"], a["origin"], a["destination"], a["entry"]
            o_kind, d_kind = kinds.get(origin), kinds.get(destination)
            sequence = entry.get("sequenceNumber") if isinstance(entry.get("sequenceNumber"), int) else a["index"]
            if kind == "isChildOf" and o_kind in ("competency", "badge") and (destination == doc_id or (d_kind is None
                                                                                and destination not in self.items)):  # fmt: skip
                if o_kind == "competency" and destination != doc_id and origin not in parents:
                    # a parent outside the package: the item becomes a root, and says so
                    self.problems.append(_warn("case-parent-outside", "Parent hors du paquet : l'élément devient une racine.",
                                               "Parent outside the package: the item becomes a root.", self.file,
                                               a["path"], f"competency:{ids[origin]}"))  # fmt: skip
                if o_kind == "competency":
                    parents.setdefault(origin, None)
                continue
            if kind == "isChildOf" and o_kind == "competency" and d_kind == "competency" and origin not in parents:
                parents[origin] = destination
                continue
            if kind == "hasSkillLevel" and o_kind == "competency" and d_kind == "level":
                levels.setdefault(origin, []).append((sequence, a["index"], destination))
                continue
            if kind == "isTranslationOf" and o_kind == "translation":
                translations.setdefault(destination, []).append(origin)
                continue
            if kind == "isPartOf" and o_kind == "competency" and d_kind == "badge":
                level = _extension(entry).get("recognisedAtLevel")
                recognised.setdefault(destination, []).append((ids[origin], level if isinstance(level, str) else None))
                continue
            if kind == "precedes" and o_kind == "badge" and d_kind == "badge":
                requirements.setdefault(destination, []).append((ids[origin], sequence, a["index"], _extension(entry)))
                continue
            if kind in _RELATION_TYPES and o_kind == "competency" and d_kind == "competency":
                relations.append(Relation(source=ids[origin], type=kind, target=ids[destination], note=_text(entry, "notes")))
                continue
            if o_kind in ("competency", "badge") and destination not in self.items and destination != doc_id:
                node = entry["destinationNodeURI"]
                host = re.match(r"^[a-z]+://([^/]+)", _text(node, "uri"))
                alignments.setdefault(origin, []).append(Alignment(
                    framework=host.group(1) if host else "CASE", name=_text(node, "title") or destination,
                    url=_text(node, "uri"), code=destination, target_type="CFItem",
                    description=f"{_ASSOCIATION_NOTE}{kind}"))  # fmt: skip
                continue
            skipped[kind if kind.startswith("ext:") or kind not in _RELATION_TYPES else f"{kind} ({o_kind}→{d_kind})"] += 1

        competencies = self.competencies(kinds, ids, parents, levels, translations, alignments)
        badges = self.badges(kinds, ids, translations, recognised, requirements, alignments)
        framework = self.framework(competencies, badges, relations, translations)
        for what, count in sorted(skipped.items()):
            self.problems.append(_warn("case-association-skipped",
                                       f"{count} association(s) {what} sans équivalent dans Badge Workbench : ignorée(s).",
                                       f"{count} association(s) {what} have no Badge Workbench equivalent: skipped.",
                                       self.file, "$.CFAssociations"))  # fmt: skip
        self.summarise()
        return framework, Report(self.problems)

    def summarise(self) -> None:
        file, version = self.file, self.document.get("caseVersion")
        if version != CASE_VERSION:
            self.problems.append(_warn("case-version", f"Paquet CASE {version or '1.0'} lu comme du CASE 1.1.",
                                       f"CASE {version or '1.0'} package read as CASE 1.1.", file,
                                       "$.CFDocument.caseVersion", severity=Severity.INFO))  # fmt: skip
        if self.naive_dates:
            self.problems.append(_warn("case-date-without-zone",
                                       f"{self.naive_dates} date(s) sans fuseau horaire : lues comme UTC.",
                                       f"{self.naive_dates} date-time(s) without a time zone: read as UTC.", file,
                                       "lastChangeDateTime"))  # fmt: skip
        if self.html_texts:
            self.problems.append(_warn("case-html-converted", f"{self.html_texts} texte(s) HTML convertis en Markdown.",
                                       f"{self.html_texts} HTML text(s) converted to Markdown.", file, "fullStatement",
                                       severity=Severity.INFO))  # fmt: skip
        if self.cut_texts:
            first = ", ".join(self.cut_texts[:3])
            self.problems.append(_warn("case-text-too-long",
                                       f"{len(self.cut_texts)} texte(s) de plus de {MAX_CELL_CHARS} caractères coupé(s) ({first}…).",
                                       f"{len(self.cut_texts)} text(s) longer than {MAX_CELL_CHARS} characters cut ({first}…).",
                                       file, "fullStatement"))  # fmt: skip
        if self.missing_statements:
            first = ", ".join(self.missing_statements[:3])
            self.problems.append(_warn("case-missing-statement",
                                       f"{len(self.missing_statements)} élément(s) sans fullStatement ({first}…) : le code ou l'identifiant sert de titre.",
                                       f"{len(self.missing_statements)} item(s) without a fullStatement ({first}…): the code or identifier is the title.",
                                       file, "fullStatement"))  # fmt: skip

    def _validated(self, model: type[Any], data: dict[str, Any], fallback: dict[str, Any], where: str, item: str) -> Any:
        try:
            return model.model_validate(data)
        except ValidationError as error:
            self.problems.append(_warn("case-extension-invalid",
                                       f"Données Badge Workbench illisibles ({error.errors()[0]['msg']}) : seuls les champs CASE sont gardés.",
                                       f"Unreadable Badge Workbench data ({error.errors()[0]['msg']}): only the CASE fields are kept.",
                                       self.file, where, item))  # fmt: skip
            return model.model_validate(fallback)

    def _texts(self, identifier: str, base_title: dict[str, str], base_description: dict[str, str],
               translations: dict[str, list[str]], has_extension: bool = False,
               fallback: str = "") -> tuple[dict[str, str], dict[str, str]]:  # fmt: skip
        """Titles and descriptions by language: the item's own text and those of its translations.

        With our extension, the extension holds the exact texts (spaces, HTML-looking text…): a CASE
        field replaces them only when it says something else (someone edited it in another tool).
        """
        titles, descriptions = dict(base_title), dict(base_description)
        self._merge_text(identifier, titles, descriptions, has_extension, fallback, primary=True)
        for translated in translations.get(identifier, []):
            self._merge_text(translated, titles, descriptions, has_extension, "", primary=False)
        return titles, descriptions

    def _merge_text(self, identifier: str, titles: dict[str, str], descriptions: dict[str, str], has_extension: bool,
                    fallback: str, primary: bool) -> None:  # fmt: skip
        entry = self.items[identifier]["entry"]
        lang = self.language_of(entry)
        title_agrees = notes_agree = False
        if has_extension:
            expected = (text(titles, lang) if primary else titles.get(lang, "")) or fallback
            title_agrees = _text(entry, "fullStatement") == expected.strip()
            notes_agree = _text(entry, "notes") == descriptions.get(lang, "").strip()
            if title_agrees and notes_agree:
                return
        title, description = self.statement(identifier)
        if not title_agrees:
            titles[lang] = title
        if not notes_agree:
            if description:
                descriptions[lang] = description
            else:
                descriptions.pop(lang, None)

    def competencies(self, kinds: dict[str, str], ids: dict[str, str], parents: dict[str, str | None],
                     levels: dict[str, list[tuple[int, int, str]]], translations: dict[str, list[str]],
                     alignments: dict[str, list[Alignment]]) -> list[Competency]:  # fmt: skip
        rubric_levels = self.rubric_levels(ids)
        out = []
        for identifier, held in self.items.items():
            if kinds[identifier] != "competency":
                continue
            entry, ext = held["entry"], _extension(held["entry"])
            cid = ids[identifier]
            base = {k: v for k, v in ext.items() if k in _COMPETENCY_FIELDS and k not in ("levels", "parent")}
            title, description = self._texts(identifier, base.get("title") or {}, base.get("description") or {},
                                              translations, bool(ext), cid)  # fmt: skip
            parent = parents.get(identifier)
            type_kind = _TYPE_KINDS.get(_text(entry, "CFItemType").lower())
            fields: dict[str, Any] = {
                "id": cid,
                "title": title,
                "description": description,
                "parent": ids.get(parent) if parent else None,
                "code": _agreed(base.get("code"), _text(entry, "humanCodingScheme")),
                "tags": [k for k in entry.get("conceptKeywords") or [] if isinstance(k, str)] or base.get("tags", []),
            }
            if type_kind in ("domain", "skill", "knowledge", "attitude", "experiential"):
                fields["kind"] = type_kind
            item_levels = [self.level(level_id, translations) for _, _, level_id in sorted(levels.get(identifier, []))]
            fields["levels"] = item_levels or rubric_levels.get(identifier, [])
            merged_alignments = list(base.get("alignments") or [])
            seen = {a.get("url") for a in merged_alignments if isinstance(a, dict)}
            merged_alignments += [a for a in alignments.get(identifier, []) if a.url not in seen]
            fields["alignments"] = merged_alignments
            out.append(self._validated(Competency, {**base, **fields}, {**fields, "alignments": alignments.get(identifier, [])},
                                       held["path"], f"competency:{cid}"))  # fmt: skip
        return out

    def level(self, identifier: str, translations: dict[str, list[str]]) -> Level:
        held = self.items[identifier]
        ext = _extension(held["entry"])
        has_id = is_safe_id(ext.get("id"))
        name, descriptor = self._texts(identifier, ext.get("name") or {}, ext.get("descriptor") or {}, translations,
                                       bool(ext), ext["id"] if has_id else "")  # fmt: skip
        level_id = ext["id"] if has_id else slugify(name.get(self.lang) or next(iter(name.values()), "niveau"))
        return self._validated(Level, {"id": level_id, "name": name, "descriptor": descriptor},
                               {"id": level_id, "name": name}, held["path"], f"level:{level_id}")  # fmt: skip

    def rubric_levels(self, ids: dict[str, str]) -> dict[str, list[Level]]:
        """Levels from CFRubrics, for items whose levels are not CFItems joined by hasSkillLevel."""
        found: dict[str, list[Level]] = {}
        for r, rubric in enumerate(self.rubrics_raw):
            if not isinstance(rubric, dict):
                raise CasePackageError(self.file, f"$.CFRubrics[{r}]", "the rubric is not an object.")
            for c, criterion in enumerate(rubric.get("CFRubricCriteria") or []):
                if not isinstance(criterion, dict) or not isinstance(criterion.get("CFItemURI"), dict):
                    continue
                target = _node_identifier(criterion["CFItemURI"], self.file, f"$.CFRubrics[{r}].CFRubricCriteria[{c}].CFItemURI")
                if target not in ids or target in found:
                    continue
                taken: set[str] = set()
                entries = [lv for lv in criterion.get("CFRubricCriterionLevels") or [] if isinstance(lv, dict)]
                entries.sort(key=lambda lv: lv["position"] if isinstance(lv.get("position"), int) else 0)
                levels: list[Level] = []
                for lv in entries:
                    name = _text(lv, "quality") or _text(lv, "description") or f"{len(levels) + 1}"
                    level_id = unique_id(slugify(name), taken)
                    taken.add(level_id)
                    descriptor = {self.lang: _text(lv, "description")} if _text(lv, "description") else {}
                    levels.append(Level(id=level_id, name={self.lang: name}, descriptor=descriptor))
                found[target] = levels
        return found

    def badges(self, kinds: dict[str, str], ids: dict[str, str], translations: dict[str, list[str]],
               recognised: dict[str, list[tuple[str, str | None]]],
               requirements: dict[str, list[tuple[str, int, int, dict[str, Any]]]],
               alignments: dict[str, list[Alignment]]) -> list[Badge]:  # fmt: skip
        out = []
        for identifier, held in self.items.items():
            if kinds[identifier] != "badge":
                continue
            entry, ext = held["entry"], _extension(held["entry"])
            bid = ids[identifier]
            base = {k: v for k, v in ext.items() if k in _BADGE_FIELDS}
            name, description = self._texts(identifier, base.get("name") or {}, base.get("description") or {},
                                             translations, bool(ext), bid)  # fmt: skip
            fields: dict[str, Any] = {
                "id": bid,
                "name": name,
                "description": description,
                "tags": [k for k in entry.get("conceptKeywords") or [] if isinstance(k, str)] or base.get("tags", []),
                "competencies": [{"competency": c, "level": lv} for c, lv in recognised.get(identifier, [])],
                "requires": _requirement_from(requirements.get(identifier, []), base.get("requires")),
            }
            if alignments.get(identifier) and not base.get("alignments"):
                fields["alignments"] = alignments[identifier]
            out.append(self._validated(Badge, {**base, **fields}, fields, held["path"], f"badge:{bid}"))
        return out

    def framework(self, competencies: list[Competency], badges: list[Badge], relations: list[Relation],
                  translations: dict[str, list[str]]) -> Framework:  # fmt: skip
        doc, ext = self.document, _extension(self.document)
        excluded = ("competencies", "badges", "relations", "format_version")
        base = {k: v for k, v in ext.items() if k in _FRAMEWORK_FIELDS and k not in excluded}
        title = dict(base.get("title") or {})
        expected = (text(title, self.lang) or str(base.get("id", ""))).strip()
        if _text(doc, "title") and _text(doc, "title") != expected:
            title[self.lang] = _text(doc, "title")
        description = dict(base.get("description") or {})
        if _text(doc, "description") and _text(doc, "description") != description.get(self.lang, "").strip():
            description[self.lang] = _text(doc, "description")
        languages = list(base.get("languages") or [self.lang])
        for translated in (t for group in translations.values() for t in group):
            lang = self.language_of(self.items[translated]["entry"])
            if lang not in languages:
                languages.append(lang)
        fields: dict[str, Any] = {
            "id": base.get("id") if is_safe_id(base.get("id")) else slugify(_text(doc, "title") or "case"),
            "title": title,
            "description": description,
            "languages": languages,
            "competencies": competencies,
            "badges": badges,
            "relations": relations,
        }
        if _text(doc, "version"):
            fields["version"] = _text(doc, "version")
        if _text(doc, "officialSourceURL"):
            fields["url"] = _text(doc, "officialSourceURL")
        return self._validated(Framework, {**base, **fields}, fields, "$.CFDocument", "framework")


_ASSOCIATION_NOTE = "CASE association: "


def _agreed(ours: Any, theirs: str) -> str:
    """Our exact value when the CASE field says the same (CASE fields are read stripped), else theirs."""
    return ours if isinstance(ours, str) and ours.strip() == theirs else theirs
_GROUP_PATH = re.compile(r"^(.*)\.of\[(\d+)\]$")


def _requirement_from(entries: list[tuple[str, int, int, dict[str, Any]]], stored: Any) -> Requirement | None:
    """The requirement of a badge from its ``precedes`` associations.

    The expression stored in our extension is kept when it names exactly the badges the associations
    name (the associations are the truth another tool may have edited); otherwise it is rebuilt from
    the associations' groups, and without groups every required badge is needed.
    """
    if not entries:
        return None
    named = sorted(badge for badge, *_ in entries)
    if isinstance(stored, dict):
        try:
            requirement = Requirement.model_validate(stored)
            if sorted(requirement.badge_ids()) == named:
                return requirement
        except ValidationError:
            pass
    groups: dict[str, dict[str, Any]] = {}
    for badge, sequence, index, ext in entries:
        path = ext["requirementGroup"] if isinstance(ext.get("requirementGroup"), str) else "requires"
        group = groups.setdefault(path, {"needed": None, "items": []})
        if isinstance(ext.get("needed"), int):
            group["needed"] = ext["needed"]
        group["items"].append((sequence - 1 if path != "requires" or ext else index, badge))
    for path in list(groups):  # make sure every ancestor group exists
        match = _GROUP_PATH.match(path)
        while match:
            parent = groups.setdefault(match.group(1), {"needed": None, "items": []})
            del parent  # only created
            match = _GROUP_PATH.match(match.group(1))

    def build(path: str) -> Requirement:
        items: list[tuple[int, str | Requirement]] = list(groups[path]["items"])
        for other in groups:
            match = _GROUP_PATH.match(other)
            if match and match.group(1) == path:
                items.append((int(match.group(2)), build(other)))
        items.sort(key=lambda pair: pair[0])
        of = [item for _, item in items]
        needed = groups[path]["needed"]
        return Requirement(count=needed if needed is not None and needed != len(of) else None, of=of)

    return build("requires") if "requires" in groups else Requirement(of=[b for b, *_ in entries])


def case_package_to_framework(data: Any, file: str = "<CASE package>") -> tuple[Framework, Report]:
    """A framework from a CASE package (the parsed JSON), and a report of what was approximated.

    Tolerant of what real servers publish: CASE 1.0 packages, date-times without a zone, missing
    optional fields, association types we have no equivalent for (all reported as warnings).
    Strict with structure: a package without a ``CFDocument``, an item without an identifier or an
    association without its nodes raises :class:`CasePackageError` naming ``file`` and the JSON path.
    """
    return _Reader(data, file).build()

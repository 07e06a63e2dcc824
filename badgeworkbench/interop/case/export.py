"""Writing a framework as one CASE 1.1 CFPackage (see the package docstring for the mapping)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Iterable
from typing import Any

from ...model import Alignment, Badge, CaseItem, CaseRef, Competency, Framework, Level, Requirement, text
from ...requirements import describe_requirement
from .mapping import (
    _ASSOCIATION_NOTE,
    _GROUPINGS,
    _RELATION_TYPES,
    CASE_VERSION,
    EXTENSION_KEY,
    ITEM_TYPES,
    _base,
    _stamp,
    _uri,
    _utc,
    _uuid5,
    case_identifier,
)

__all__ = ["case_uris", "framework_to_case_package"]


def _latest_change(framework: Framework) -> dt.datetime | None:
    moments = [
        moment
        for item in (*framework.competencies, *framework.badges, *framework.pathways)
        for moment in (item.provenance.changed, item.provenance.created)
        if moment is not None
    ]
    return max((_utc(m) for m in moments), default=None)


def _dump(item: Any, exclude: Iterable[str] = ()) -> dict[str, Any]:
    # ``case`` (what an import kept of the source package) is written in the CASE fields themselves.
    return item.model_dump(mode="json", exclude_defaults=True, exclude={"case", *exclude})


def _placed(case: CaseItem | None, previous: int) -> tuple[int | None, str | None, int]:
    """(sequenceNumber, listEnumeration, the number the next sibling follows) of an item after ``previous``.

    An imported item keeps its numbers while they still go up (so re-exporting changes nothing);
    an item created here, or one now out of order, takes the next number, and its listEnumeration says it.
    An imported item without a sequenceNumber is written without one, as its source wrote it.

    >>> _placed(None, 3), _placed(CaseItem(identifier="x", sequence=7, enumeration="b"), 3)
    ((4, '4', 4), (7, 'b', 7))
    >>> _placed(CaseItem(identifier="x", sequence=2), 3), _placed(CaseItem(identifier="x"), 3)
    ((4, None, 4), (None, None, 3))
    """
    if case is None:
        return previous + 1, str(previous + 1), previous + 1
    enumeration = case.enumeration or None
    if case.sequence is None:
        return None, enumeration, previous
    sequence = case.sequence if case.sequence > previous else previous + 1
    return sequence, enumeration, sequence


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
        # What imports kept of their source packages: identifiers, URIs and association identifiers.
        self._kept_uris: dict[str, str] = {}
        self._kept_associations: dict[str, CaseRef] = {}
        self._keep_identities()
        self.document_id = self._idents.get(("document", "")) or case_identifier(self.base, framework.id, "document")
        self.document_link = {"title": text(framework.title, self.lang) or framework.id,
                              "identifier": self.document_id, "uri": self.uri(self.document_id)}  # fmt: skip

    # ---- identities --------------------------------------------------------------------------------
    def _keep_identities(self) -> None:
        """Register the identifiers imported items came with, so that every link to them uses them.

        An identifier claimed twice (a competency copied with what its import kept) is kept by the first
        holder only: the copy is an item created here and gets a new one.
        """
        claimed: set[str] = set()

        def keep(kind: str, item_id: str, case: CaseRef | None) -> None:
            if case is None or case.identifier in claimed:
                return
            claimed.add(case.identifier)
            self._idents[(kind, item_id)] = case.identifier
            if case.uri:
                self._kept_uris[case.identifier] = case.uri
            if isinstance(case, CaseItem):
                for key, association in case.associations.items():
                    kind_, _, destination = key.partition(" ")
                    if association.identifier in claimed:
                        continue
                    claimed.add(association.identifier)
                    self._kept_associations[f"{case.identifier}/{kind_}/{destination}"] = association
                    if association.uri:
                        self._kept_uris[association.identifier] = association.uri

        def keep_item(kind: str, item_id: str, case: CaseItem | None) -> None:
            keep(kind, item_id, case)
            for lang, translated in (case.translations.items() if case is not None else ()):
                keep("translation", f"{lang}/{kind}/{item_id}", translated)

        keep("document", "", self.fw.case)
        for c in self.fw.competencies:
            keep_item("competency", c.id, c.case)
            for level in c.levels:
                keep_item("level", f"{c.id}/{level.id}", level.case)
        if self.include_badges:
            for b in self.fw.badges:
                keep_item("badge", b.id, b.case)

    # ---- links -------------------------------------------------------------------------------------
    def uri(self, identifier: str) -> str:
        return self._kept_uris.get(identifier) or _uri(self.base, identifier)

    def ident(self, kind: str, item_id: str) -> str:
        key = (kind, item_id)
        found = self._idents.get(key)
        if found is None:
            found = self._idents[key] = _uuid5(f"{self.base}/{self.fw.id}/{kind}/{item_id}")
        return found

    def primary_language(self, title: dict[str, str]) -> str:
        """The language an item is written in: the document's when it has a text in it, else its first one.

        An English item in a French framework is an English CFItem, never a French item holding English
        text (plus an English "translation" of itself).
        """
        if title.get(self.lang):
            return self.lang
        return next((lang for lang in (*self.fw.languages, *title) if title.get(lang)), self.lang)

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
        kept = self._kept_associations.get(key) if occurrence == 1 else None
        # The same relation written twice stays two associations, each with its own stable identifier.
        identifier = kept.identifier if kept else self.ident("association", key if occurrence == 1 else f"{key}/{occurrence}")
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
             language: str | None = None, keywords: list[str] | None = None, enumeration: str | None = None,
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
            item["listEnumeration"] = enumeration
        if extension:
            item["extensions"] = {EXTENSION_KEY: extension}
        self.items.append(item)
        return {"title": item["fullStatement"], "identifier": identifier, "uri": item["uri"]}

    def translations_of(self, kind: str, item_id: str, type_kind: str, title: dict[str, str],
                        description: dict[str, str], original: dict[str, str], changed: str,
                        written: str) -> None:  # fmt: skip
        """The item's texts in other languages than ``written`` (the original's), as translated CFItems.

        Only texts that exist: a language without a title has no translation (none is invented).
        """
        if not self.translations:
            return
        for lang in (self.lang, *self.other_languages):
            if lang == written or not title.get(lang):
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
        previous: dict[str | None, int] = {}
        for c in fw.competencies:
            parent = c.parent if c.parent in known else None
            sequence, enumeration, previous[parent] = _placed(c.case, previous.get(parent, 0))
            changed = self.changed_of(c)
            lang = self.primary_language(c.title)
            link = self.item("competency", c.id, str(c.kind), text(c.title, lang),
                             notes=c.description.get(lang, ""), code=c.code, keywords=c.tags, language=lang,
                             enumeration=enumeration, changed=changed,
                             extension={"kind": "competency", **_dump(c, exclude=("levels",))})  # fmt: skip
            destination = self.link("competency", parent) if parent is not None else self.document_link
            self.associate(link, "isChildOf", destination, sequence=sequence)
            self.translations_of("competency", c.id, str(c.kind), c.title, c.description, link, changed, lang)
            if c.levels:
                self.levels(c, link, changed)
            self.external(c.alignments, link)

    def external(self, alignments: list[Alignment], origin: dict[str, str]) -> None:
        """Alignments to CASE items of other frameworks become associations to those items."""
        for alignment in alignments:
            if alignment.target_type != "CFItem" or not alignment.url:
                continue
            kind = alignment.description.removeprefix(_ASSOCIATION_NOTE)
            kind = (
                kind
                if alignment.description.startswith(_ASSOCIATION_NOTE) and kind in _RELATION_TYPES
                else "isRelatedTo"
            )
            identifier = alignment.code or str(uuid.uuid5(uuid.NAMESPACE_URL, alignment.url))
            self.associate(origin, kind, {"title": alignment.name, "identifier": identifier, "uri": alignment.url})

    def levels(self, competency: Competency, owner: dict[str, str], changed: str) -> None:
        criterion_levels = []
        rubric_id = self.ident("rubric", competency.id)
        criterion_id = self.ident("rubric", f"{competency.id}/criterion")
        previous = 0
        for position, level in enumerate(competency.levels, start=1):
            level_key = f"{competency.id}/{level.id}"
            lang = self.primary_language(level.name)
            name = text(level.name, lang) or level.id
            sequence, enumeration, previous = _placed(level.case, previous)
            link = self.item("level", level_key, "level", name, notes=level.descriptor.get(lang, ""), language=lang,
                             enumeration=enumeration, changed=changed,
                             extension={"kind": "level", "competency": competency.id, **_dump(level)})  # fmt: skip
            self.associate(owner, "hasSkillLevel", link, sequence=sequence)
            self.translations_of("level", level_key, "level", level.name, level.descriptor, link, changed, lang)
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

    def rubric_level(
        self, level: Level, level_key: str, position: int, criterion_id: str, changed: str
    ) -> dict[str, Any]:
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
        previous = 0
        for badge in self.fw.badges:
            changed = self.changed_of(badge)
            lang = self.primary_language(badge.name)
            sequence, enumeration, previous = _placed(badge.case, previous)
            link = self.item("badge", badge.id, "badge", text(badge.name, lang), language=lang,
                             notes=badge.description.get(lang, ""), keywords=badge.tags, enumeration=enumeration,
                             changed=changed, extension={"kind": "badge", **_dump(badge)})  # fmt: skip
            self.associate(link, "isChildOf", self.document_link, sequence=sequence, grouping="badges")
            self.translations_of("badge", badge.id, "badge", badge.name, badge.description, link, changed, lang)
            self.external(badge.alignments, link)
            for rc in badge.competencies:
                level_note = ""
                if rc.level:
                    level_note = f"Niveau\u202f: {rc.level}" if self.lang == "fr" else f"Level: {rc.level}"
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


def case_uris(framework: Framework, base_url: str) -> dict[str, str]:
    """competency id → the ``uri`` of its CFItem in the package :func:`framework_to_case_package` writes.

    An imported competency keeps the URI of its source package; one created here is
    ``<base_url>/uri/<identifier>``.

    >>> from badgeworkbench.model import CaseItem
    >>> fw = Framework(id="f", competencies=[Competency(id="a"), Competency(id="b", case=CaseItem(
    ...     identifier="9c1f", uri="https://opensalt.example/uri/9c1f"))])
    >>> case_uris(fw, "https://example.org/ref")["b"]
    'https://opensalt.example/uri/9c1f'
    """
    builder = _Builder(framework, base_url, dt.datetime.now(dt.UTC), include_badges=False, translations=False)
    return {c.id: builder.uri(builder.ident("competency", c.id)) for c in framework.competencies}

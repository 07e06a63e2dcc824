"""What the OB 2.0 and OB 3.0 builders need to know about one export, gathered once.

Also the alignments, which both versions share (3.0 adds ``type`` and ``targetType``).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from ..model import Alignment, Badge, Competency, Framework, Partner, text
from .artwork import Artwork
from .common import ExportUrls, badge_languages, datetime_z
from .criteria import criteria_narrative
from .errors import BadgeWithoutIssuer

__all__ = [
    "CASE_ITEM_URI",
    "OB3_TARGET_TYPES",
    "REFERENCE_TARGET_TYPES",
    "ExportContext",
    "export_date",
    "is_case_item_uri",
    "ob3_target_type",
    "reference_target_type",
]

#: When a framework carries no date at all, exports are dated this, so that they stay reproducible.
FALLBACK_EXPORT_DATE = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)

OB3_TARGET_TYPES = {
    "ceasn:Competency", "ceterms:Credential", "CFItem", "CFRubric", "CFRubricCriterion", "CFRubricCriterionLevel", "CTDL",
}  # fmt: skip


#: The ``targetType`` of the reference frameworks the workbench knows (OB 3.0 §B.1.2 AlignmentTargetType: a value
#: outside the spec's list is written ``ext:<term>``). None of them is a CASE item: ROME and RNCP pages are
#: France Travail and France compétences web pages, ESCO concepts are SKOS concepts, CléA is a PDF
#: grid; saying ``CFItem`` would send a verifier looking for a CASE package that does not exist.
REFERENCE_TARGET_TYPES = {"clea": "ext:CleA", "rome": "ext:ROME", "esco": "ext:ESCO", "rncp": "ext:RNCP",
                          "rs": "ext:RS"}  # fmt: skip
#: The reference a URL belongs to, when the framework name says nothing we know.
_REFERENCE_HOSTS = (
    (re.compile(r"^https?://([a-z0-9-]+\.)*(francetravail|pole-emploi)\.(fr|org)/.*rome", re.I), "rome"),
    (re.compile(r"^https?://data\.europa\.eu/esco/", re.I), "esco"),
    (re.compile(r"^https?://([a-z0-9-]+\.)*francecompetences\.fr/.*rncp", re.I), "rncp"),
    (re.compile(r"^https?://([a-z0-9-]+\.)*certificat-clea\.fr/", re.I), "clea"),
)
#: A CASE item URI as CASE servers publish them: ``…/uri/<identifier>`` (CASE 1.1 §4.x ``uri``, the form of
#: OpenSALT, the CASE Network and this workbench's own packages) or the REST binding's ``…/CFItems/<identifier>``,
#: the identifier being a UUID (CASE 1.1 ``identifier``).
CASE_ITEM_URI = re.compile(
    r"^https?://[^\s?#]+/(uri|CFItems)/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
)


def is_case_item_uri(url: str, served: set[str] | frozenset[str] = frozenset()) -> bool:
    """Whether ``url`` names a CASE item: one this export serves (``served``), or a URI in CASE's own form.

    >>> is_case_item_uri("https://opensalt.net/uri/0b4ea2c6-2b5a-4a6e-8f31-9d3c5f1e7a10")
    True
    >>> is_case_item_uri("http://data.europa.eu/esco/skill/0b4ea2c6-2b5a-4a6e-8f31-9d3c5f1e7a10")
    False
    """
    return url in served or bool(CASE_ITEM_URI.match(url))


def _reference_key(framework: str, url: str) -> str | None:
    words = unicodedata.normalize("NFKD", framework).encode("ascii", "ignore").decode().lower().split()
    if words and words[0] in REFERENCE_TARGET_TYPES:
        return words[0]
    return next((key for pattern, key in _REFERENCE_HOSTS if pattern.match(url)), None)


def reference_target_type(alignment: Alignment, served: set[str] | frozenset[str] = frozenset()) -> str:
    """The ``targetType`` of a reference alignment, or ``""`` (none) when nothing true can be said.

    ``CFItem`` only for a CASE item URI (:func:`is_case_item_uri`); a known reference (ROME, ESCO, RNCP, RS,
    CléA, by framework name or URL) gets its ``ext:`` type even when the framework file calls it ``CFItem``;
    another declared type is kept when the spec allows it, else written ``ext:<type>``.

    >>> from badgeworkbench.model import Alignment
    >>> reference_target_type(Alignment(framework="ROME 4.0", name="Accueil", url="https://www.francetravail.fr/x",
    ...                                 target_type="CFItem"))
    'ext:ROME'
    """
    declared = alignment.target_type
    if declared == "CFItem" and is_case_item_uri(alignment.url, served):
        return "CFItem"
    known = _reference_key(alignment.framework, alignment.url)
    if known is not None:
        return REFERENCE_TARGET_TYPES[known]
    if not declared or declared == "CFItem":
        return ""
    return ob3_target_type(declared)


def ob3_target_type(value: str) -> str:
    """A ``targetType`` OB 3.0 accepts: one of its values, an ``ext:`` term, or ``ext:<value>`` made safe."""
    if value in OB3_TARGET_TYPES:
        return value
    if value.startswith("ext:") and re.fullmatch(r"ext:[A-Za-z0-9.|_-]+", value):
        return value
    cleaned = re.sub(r"[^A-Za-z0-9._-]", "", value)
    return f"ext:{cleaned}" if cleaned else ""


def export_date(framework: Framework) -> dt.datetime:
    """The latest date recorded in the framework (provenance), so that the same data gives the same export."""
    dates = [
        moment
        for items in (framework.badges, framework.competencies, framework.pathways)
        for item in items
        for moment in (item.provenance.created, item.provenance.changed)
        if moment is not None
    ]
    if not dates:
        return FALLBACK_EXPORT_DATE
    return max(d if d.tzinfo else d.replace(tzinfo=dt.UTC) for d in dates)


@dataclass
class ExportContext:
    framework: Framework
    urls: ExportUrls
    issued: dt.datetime
    badges: list[Badge]
    artworks: dict[str, Artwork] = field(default_factory=dict)
    #: competency id → the URI of its CASE CFItem (from the CASE package when there is one)
    case_uris: dict[str, str] = field(default_factory=dict)
    #: the URIs of the CASE CFItems served at that URI under the base URL (by this export's CASE package, or
    #: by the export the awards are published beside): only these alignments are typed ``CFItem``
    case_items: set[str] = field(default_factory=set)
    _memo: dict[tuple[str, ...], Any] = field(default_factory=dict, repr=False)
    #: (badge id, framework, name) of reference alignments left out because they have no URL
    left_out: set[tuple[str, str, str]] = field(default_factory=set, repr=False)

    def narrative(self, badge: Badge, lang: str) -> str:
        """The generated criteria narrative (computed once per badge and language: OB 2.0, 3.0 and the site share it)."""
        key = ("narrative", badge.id, lang)
        if key not in self._memo:
            self._memo[key] = criteria_narrative(self.framework, badge, lang)
        return self._memo[key]

    @property
    def issued_z(self) -> str:
        key = ("issued",)
        if key not in self._memo:
            self._memo[key] = datetime_z(self.issued)
        return self._memo[key]

    @property
    def primary_lang(self) -> str:
        return self.framework.languages[0] if self.framework.languages else "fr"

    @property
    def exported_ids(self) -> set[str]:
        return {b.id for b in self.badges}

    def languages(self, badge: Badge) -> list[str]:
        """The languages ``badge`` is exported in (one edition each)."""
        return badge_languages(self.framework, badge)

    def previous_version(self, badge: Badge) -> Badge | str | None:
        """The badge this one replaces: a badge of the framework, or an external URL, or ``None``."""
        previous = badge.previous_version
        if not previous:
            return None
        known = self.framework.badge(previous)
        if known is not None and known.id != badge.id:
            return known
        return previous if previous.startswith(("http://", "https://", "urn:")) else None

    def issuer(self, badge: Badge) -> Partner:
        partner = self.framework.partner(badge.issuer) if badge.issuer else None
        if partner is None:
            raise BadgeWithoutIssuer([badge.id])
        return partner

    def endorsers(self, badge: Badge) -> list[Partner]:
        return [p for pid in badge.endorsers if (p := self.framework.partner(pid)) is not None]

    def image_url(self, badge: Badge) -> str:
        artwork = self.artworks.get(badge.id)
        return self.urls.image(badge.id, artwork.extension if artwork else "png")

    def image_caption(self, badge: Badge, lang: str) -> str:
        artwork = self.artworks.get(badge.id)
        return artwork.captions.get(lang, "") if artwork else ""

    def competency_url(self, competency_id: str) -> str:
        return self.case_uris.get(competency_id) or self.urls.competency(competency_id)

    # --- alignments ---------------------------------------------------------------------------

    def competency_target_type(self, competency_id: str) -> str:
        """``CFItem`` when the competency's CASE item is served at its URI, else nothing (``""``)."""
        return "CFItem" if self.competency_url(competency_id) in self.case_items else ""

    def _competency_alignment(self, competency: Competency, lang: str) -> dict[str, Any]:
        return {
            "targetName": text(competency.title, lang) or competency.id,
            "targetUrl": self.competency_url(competency.id),
            "targetDescription": text(competency.description, lang),
            "targetFramework": text(self.framework.title, lang) or self.framework.id,
            "targetCode": competency.code or competency.id,
            "targetType": self.competency_target_type(competency.id),
        }

    def _reference_alignment(self, alignment: Alignment) -> dict[str, Any] | None:
        if not alignment.url.startswith(("http://", "https://")):
            return None  # OB requires a targetUrl; an alignment without one stays in the CASE package only
        return {
            "targetName": alignment.name,
            "targetUrl": alignment.url,
            "targetDescription": alignment.description,
            "targetFramework": alignment.framework,
            "targetCode": alignment.code,
            "targetType": reference_target_type(alignment, self.case_items),
        }

    def alignments(self, badge: Badge, lang: str, version: str) -> list[dict[str, Any]]:
        """The badge's alignments: each recognised competency (its CASE item), then its reference items
        (CléA, ROME, ESCO…), then the badge's own; one per target URL."""
        key = ("alignments", badge.id, lang, version)
        if key not in self._memo:
            self._memo[key] = self._alignments(badge, lang, version)
        return [dict(item) for item in self._memo[key]]

    def _alignments(self, badge: Badge, lang: str, version: str) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []

        def add_references(references: list[Alignment]) -> None:
            for ref in references:
                made = self._reference_alignment(ref)
                if made is None:
                    self.left_out.add((badge.id, ref.framework, ref.name))
                else:
                    found.append(made)

        for rc in badge.competencies:
            competency = self.framework.competency(rc.competency)
            if competency is not None:
                found.append(self._competency_alignment(competency, lang))
                add_references(competency.alignments)
        add_references(badge.alignments)
        unique: dict[str, dict[str, Any]] = {}
        for item in found:
            unique.setdefault(item["targetUrl"], item)
        out = []
        for item in unique.values():
            if version == "2.0":
                item = {k: v for k, v in item.items() if k != "targetType"}
            else:
                item = {"type": ["Alignment"], **item}
            out.append(item)
        return out

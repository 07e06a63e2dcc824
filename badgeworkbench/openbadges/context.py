"""What the OB 2.0 and OB 3.0 builders need to know about one export, gathered once.

Also the alignments, which both versions share (3.0 adds ``type`` and ``targetType``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from ..model import Alignment, Badge, Competency, Framework, Partner, text
from .artwork import Artwork
from .common import ExportUrls, badge_languages, datetime_z
from .criteria import criteria_narrative
from .errors import BadgeWithoutIssuer

__all__ = ["OB3_TARGET_TYPES", "ExportContext", "export_date", "ob3_target_type"]

#: When a framework carries no date at all, exports are dated this, so that they stay reproducible.
FALLBACK_EXPORT_DATE = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)

OB3_TARGET_TYPES = {
    "ceasn:Competency", "ceterms:Credential", "CFItem", "CFRubric", "CFRubricCriterion", "CFRubricCriterionLevel", "CTDL",
}  # fmt: skip


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

    def _competency_alignment(self, competency: Competency, lang: str) -> dict[str, Any]:
        return {
            "targetName": text(competency.title, lang) or competency.id,
            "targetUrl": self.competency_url(competency.id),
            "targetDescription": text(competency.description, lang),
            "targetFramework": text(self.framework.title, lang) or self.framework.id,
            "targetCode": competency.code or competency.id,
            "targetType": "CFItem",
        }

    @staticmethod
    def _reference_alignment(alignment: Alignment) -> dict[str, Any] | None:
        if not alignment.url.startswith(("http://", "https://")):
            return None  # OB requires a targetUrl; an alignment without one stays in the CASE package only
        return {
            "targetName": alignment.name,
            "targetUrl": alignment.url,
            "targetDescription": alignment.description,
            "targetFramework": alignment.framework,
            "targetCode": alignment.code,
            "targetType": ob3_target_type(alignment.target_type) if alignment.target_type else "",
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

"""What every Open Badges module shares: contexts, the URL layout of an export, stable ids, JSON, dates.

The layout of an export published at ``base`` (every id is the URL the JSON is served at)::

    ob2/issuers/<partner>.json              OB 2.0 issuer Profile
    ob2/badges/<badge>[.<lang>].json        OB 2.0 BadgeClass (one per language edition)
    ob2/endorsements/<badge>--<partner>.json
    ob3/profiles/<partner>.json             OB 3.0 Profile
    ob3/achievements/<badge>[.<lang>].json  OB 3.0 Achievement
    ob3/endorsements/<badge>--<partner>.json  EndorsementCredential
    ob3/status/<partner>.json               Bitstring Status List of the partner's awards (with the awards)
    clr/associations.json                   CLR 2.0-style associations between achievements
    case/<framework>.json                   CASE 1.1 package
    images/<badge>.png|svg, index.html, badges/<badge>.html   the badge site

>>> urls = ExportUrls("https://badges.example.org/cvl/")
>>> urls.ob2_badge("accueil")
'https://badges.example.org/cvl/ob2/badges/accueil.json'
>>> urls.path(urls.ob2_badge("accueil"))
'ob2/badges/accueil.json'
>>> json_bytes({"a": None, "b": [], "c": {"d": ""}, "e": 1})
b'{\\n  "e": 1\\n}\\n'
>>> datetime_z(dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=2))))
'2024-05-01T10:00:00Z'
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any
from urllib.parse import urlsplit

import orjson

from ..model import Badge, Framework, Status

__all__ = [
    "ACHIEVEMENT_CREDENTIAL_SCHEMA",
    "DATETIME_Z",
    "OB2_CONTEXT",
    "OB3_CONTEXT",
    "OB3_CONTEXTS",
    "VC2_CONTEXT",
    "ExportUrls",
    "badge_languages",
    "datetime_z",
    "exported_badges",
    "json_bytes",
    "label",
    "origin",
    "prune",
    "stable_uuid",
]

OB2_CONTEXT = "https://w3id.org/openbadges/v2"
VC2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
#: Order matters: the VC context first, then the OB 3.0.3 context (openbadges.md §0.1).
OB3_CONTEXTS = [VC2_CONTEXT, OB3_CONTEXT]
ACHIEVEMENT_CREDENTIAL_SCHEMA = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
)
#: A date with a time and a zone, as OB 2.0 and 3.0 require.
DATETIME_Z = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


class ExportUrls:
    """Every URL of an export published at ``base``, and the relative file path each one is served from."""

    def __init__(self, base: str):
        base = base.strip()
        parts = urlsplit(base)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            from .errors import OpenBadgesError

            raise OpenBadgesError(
                f"The base URL {base!r} is not an http(s) URL: give the address where the export will be "
                "published, e.g. https://badges.example.org/my-framework/."
            )
        self.base = base.rstrip("/")

    def url(self, path: str) -> str:
        return f"{self.base}/{path}"

    def path(self, url: str) -> str:
        """The file path (relative to the export folder) that serves ``url``."""
        return url[len(self.base) + 1 :] if url.startswith(self.base + "/") else url

    @staticmethod
    def _edition(name: str, lang: str | None) -> str:
        return f"{name}.{lang}" if lang else name

    def ob2_issuer(self, partner: str) -> str:
        return self.url(f"ob2/issuers/{partner}.json")

    def ob2_badge(self, badge: str, lang: str | None = None) -> str:
        return self.url(f"ob2/badges/{self._edition(badge, lang)}.json")

    def ob2_endorsement(self, badge: str, partner: str) -> str:
        return self.url(f"ob2/endorsements/{badge}--{partner}.json")

    def ob2_assertion(self, award: str) -> str:
        return self.url(f"ob2/assertions/{award}.json")

    def ob2_revocations(self, partner: str) -> str:
        return self.url(f"ob2/revocations/{partner}.json")

    def ob2_key(self, partner: str) -> str:
        return self.url(f"ob2/keys/{partner}.json")

    def ob3_profile(self, partner: str) -> str:
        return self.url(f"ob3/profiles/{partner}.json")

    def ob3_achievement(self, badge: str, lang: str | None = None) -> str:
        return self.url(f"ob3/achievements/{self._edition(badge, lang)}.json")

    def ob3_endorsement(self, badge: str, partner: str) -> str:
        return self.url(f"ob3/endorsements/{badge}--{partner}.json")

    def ob3_credential(self, award: str) -> str:
        return self.url(f"ob3/credentials/{award}.json")

    def ob3_status(self, partner: str) -> str:
        """The partner's Bitstring Status List credential (revocation of its OB 3.0 awards)."""
        return self.url(f"ob3/status/{partner}.json")

    def ob3_key(self, partner: str) -> str:
        return self.url(f"ob3/keys/{partner}.json")

    def criteria_page(self, badge: str) -> str:
        return self.url(f"badges/{badge}.html")

    def image(self, badge: str, extension: str = "png") -> str:
        return self.url(f"images/{badge}.{extension}")

    def competency(self, competency: str) -> str:
        """Fallback URL of a competency when no CASE package gives its CFItem URI."""
        return self.url(f"case/items/{competency}.json")

    def associations(self) -> str:
        return self.url("clr/associations.json")


def prune(value: Any) -> Any:
    """``value`` without nulls, empty strings, empty arrays and empty objects, at every depth (OB 3.0 §2.8)."""
    kind = type(value)
    if kind is dict:
        out = {}
        for key, item in value.items():
            inner = type(item)
            if inner is dict or inner is list or inner is tuple:
                item = prune(item)
                if not item:
                    continue
            elif item is None or item == "":
                continue
            out[key] = item
        return out
    if kind is list or kind is tuple:
        items = []
        for item in value:
            inner = type(item)
            if inner is dict or inner is list or inner is tuple:
                item = prune(item)
                if not item:
                    continue
            elif item is None or item == "":
                continue
            items.append(item)
        return items
    return value


def json_bytes(value: Any) -> bytes:
    """Pruned, indented, UTF-8 JSON: the same value always gives the same bytes (orjson keeps key order)."""
    return orjson.dumps(prune(value), option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


def datetime_z(moment: dt.datetime | dt.date) -> str:
    """``moment`` in UTC with a time and a ``Z`` zone; a naive datetime is taken as UTC, a date as midnight UTC."""
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime(moment.year, moment.month, moment.day, tzinfo=dt.UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def stable_uuid(*parts: str) -> str:
    """A ``urn:uuid:`` that depends only on ``parts`` (uuid5), so exports are reproducible."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, '/'.join(parts))}"


def exported_badges(framework: Framework, include_unadopted: bool = False) -> list[Badge]:
    """The badges an export holds: the adopted ones, or every badge with ``include_unadopted``."""
    return [b for b in framework.badges if include_unadopted or b.status == Status.ADOPTED]


def badge_languages(framework: Framework, badge: Badge) -> list[str]:
    """The languages of a badge's editions: the framework's first language, then every other one it is named in.

    A badge named in none of the framework's languages (a Dutch badge imported into a French framework) is
    exported in its own first language, never labelled as the framework's.
    """
    primary = framework.languages[0] if framework.languages else "fr"
    own = [lang for lang, value in badge.name.items() if value]
    if own and not any(lang in framework.languages for lang in own):
        return own[:1]
    others = [lang for lang in framework.languages[1:] if badge.name.get(lang)]
    return [primary, *others]


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


_LABELS: dict[str, dict[str, str]] = {
    "observables": {"fr": "Ce qui est observé", "en": "What is observed"},
    "requires": {"fr": "Prérequis", "en": "Prerequisites"},
    "competencies": {"fr": "Compétences reconnues", "en": "Competencies recognised"},
    "level": {"fr": "niveau", "en": "level"},
    "any_level": {"fr": "tout niveau", "en": "any level"},
    "pathways": {"fr": "Parcours", "en": "Pathways"},
    "pathway_stage": {"fr": "Parcours «\u202f{pathway}\u202f», étape {n}", "en": "Pathway “{pathway}”, stage {n}"},
    "milestone": {
        "fr": "Badge d'étape : il se gagne en réunissant les badges ci-dessus.",
        "en": "Milestone badge: earned by collecting the badges above.",
    },
    "endorsement_comment": {
        "fr": "{partner} reconnaît la valeur du badge «\u202f{badge}\u202f».",
        "en": "{partner} endorses the badge “{badge}”.",
    },
    "endorsement_name": {
        "fr": "Soutien de {partner} au badge «\u202f{badge}\u202f»",
        "en": "{partner} endorses “{badge}”",
    },
    "badge_level": {"fr": "Niveau du badge", "en": "Badge level"},
    "criteria_default": {
        "fr": "Voir la page des critères du badge.",
        "en": "See the badge's criteria page.",
    },
}


def label(key: str, lang: str, **values: str) -> str:
    """A fixed phrase of the exports in ``lang`` (English for languages other than French)."""
    phrase = _LABELS[key].get(lang) or _LABELS[key]["en"]
    return phrase.format(**values) if values else phrase

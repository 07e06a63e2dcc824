"""Errors raised by the Open Badges exporters, bakers, awarding and import.

Each says which partner, badge, file or row is wrong and what to do; the CLI prints it as one sentence.
"""

from __future__ import annotations

from ..errors import BadgeWorkbenchError

__all__ = [
    "BadgeWithoutIssuer",
    "EarnerFileError",
    "ExportFolderRefused",
    "IssuerProfileIncomplete",
    "MalformedBakedImage",
    "NotBaked",
    "OpenBadgesError",
    "SigningKeyError",
    "UnsupportedImageFormat",
]


class OpenBadgesError(BadgeWorkbenchError):
    """Base of the errors of :mod:`badgeworkbench.openbadges`."""


class IssuerProfileIncomplete(OpenBadgesError):
    """One or more partners lack what an OB 2.0 issuer Profile requires (name, url, email)."""

    def __init__(self, missing: dict[str, list[str]]):
        self.missing = missing
        listed = "; ".join(f"partner '{pid}' has no {', '.join(fields)}" for pid, fields in missing.items())
        super().__init__(
            f"The Open Badges 2.0 export is blocked: {listed}. An OB 2.0 issuer (or endorser) Profile requires a "
            "name, a web site (url) and an email: add them to partners.yaml, or export with --only ob3,site."
        )


class BadgeWithoutIssuer(OpenBadgesError):
    """An exported badge names no issuing partner, or one the framework does not have."""

    def __init__(self, badge_ids: list[str]):
        self.badge_ids = badge_ids
        super().__init__(
            f"Badge(s) {', '.join(repr(b) for b in badge_ids)} have no known issuing partner: set 'issuer' to a "
            "partner id in each badge file (Open Badges requires an issuer)."
        )


class UnsupportedImageFormat(OpenBadgesError):
    """An image that is neither PNG nor SVG (Open Badges allows only those two)."""

    def __init__(self, name: str, detected: str):
        self.name, self.detected = name, detected
        super().__init__(
            f"{name}: this image is {detected}, but Open Badges images must be PNG or SVG. "
            "Convert it to PNG (or SVG) and try again."
        )


class MalformedBakedImage(OpenBadgesError):
    """A baked image whose badge payload cannot be read."""

    def __init__(self, name: str, reason: str):
        self.name, self.reason = name, reason
        super().__init__(f"{name}: {reason}")


class NotBaked(MalformedBakedImage):
    """An image holding no Open Badges payload at all."""

    def __init__(self, name: str):
        super().__init__(
            name,
            "this image holds no baked badge (no 'openbadges' / 'openbadgecredential' iTXt chunk in a PNG, "
            "no openbadges:assertion / openbadges:credential element in an SVG).",
        )


class EarnerFileError(OpenBadgesError):
    """The earners file cannot be read at all (wrong format, missing columns)."""


class SigningKeyError(OpenBadgesError):
    """A signing key file that cannot be created or read."""


class ExportFolderRefused(OpenBadgesError):
    """The output folder exists and holds something that is not an earlier export: it is left alone."""

"""Errors raised by the Open Badges exporters, bakers, awarding and import.

Each says which partner, badge, file or row is wrong and what to do; the CLI prints it as one sentence
(``str(error)``). The errors a panel shows also carry ``messages`` in French and English, saying what to
choose in the workbench rather than which file to edit (:meth:`~badgeworkbench.errors.BadgeWorkbenchError.text`).
"""

from __future__ import annotations

from ..errors import BadgeWorkbenchError
from ..report import Problem, Severity

__all__ = [
    "BadgeWithoutIssuer",
    "DidError",
    "EarnerFileError",
    "ExportFolderRefused",
    "IssuerProfileIncomplete",
    "MalformedBakedImage",
    "NotBaked",
    "OpenBadgesError",
    "ProofError",
    "SigningKeyError",
    "UnknownContext",
    "UnsupportedImageFormat",
]


def _and(words: list[str], conjunction: str) -> str:
    """``a, b et c``: a list as a sentence says it."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


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
        names = {"name": ("le nom", "name"), "url": ("le site web", "web site"),
                 "email": ("le courriel", "email")}  # fmt: skip
        fr = " ; ".join(f"il manque {_and([names.get(f, (f,))[0] for f in fields], 'et')} du partenaire « {pid} »"
                        for pid, fields in missing.items())  # fmt: skip
        en = "; ".join(f"partner '{pid}' has no {_and([names.get(f, (f, f))[1] for f in fields], 'or')}"
                       for pid, fields in missing.items())  # fmt: skip
        self.messages = {
            "fr": f"pour Open Badges 2.0, {fr} (un émetteur doit y avoir un nom, un site web et un courriel). "
                  "Décochez « Open Badges 2.0 » pour exporter le reste maintenant, et demandez "
                  "ces informations au partenaire.",
            "en": f"for Open Badges 2.0, {en} (an issuer needs a name, a web site and an email there). Untick “Open Badges 2.0” to export the rest now, and ask the partner for them.",
        }  # fmt: skip


class BadgeWithoutIssuer(OpenBadgesError):
    """An exported badge names no issuing partner, or one the framework does not have."""

    def __init__(self, badge_ids: list[str]):
        self.badge_ids = badge_ids
        super().__init__(
            f"Badge(s) {', '.join(repr(b) for b in badge_ids)} have no known issuing partner: set 'issuer' to a "
            "partner id in each badge file (Open Badges requires an issuer)."
        )
        listed = ", ".join(f"« {b} »" for b in badge_ids)
        one = len(badge_ids) == 1
        self.messages = {
            "fr": f"{'le badge' if one else 'les badges'} {listed} "
                  f"{'n’a' if one else 'n’ont'} pas de partenaire émetteur (Open Badges en exige "
                  "un). Choisissez le partenaire émetteur dans l’onglet Badges (champ « Émetteur » de la fiche), "
                  "enregistrez le badge, puis exportez à nouveau.",
            "en": f"{'badge' if one else 'badges'} "
                  f"{', '.join(repr(b) for b in badge_ids)} {'has' if one else 'have'} no issuing "
                  "partner (Open Badges requires one). Choose the issuing partner in the Badges tab (the “Issuer” "
                  "field of the form), save the badge, then export again.",
        }  # fmt: skip

    def problems(self) -> list[Problem]:
        """One problem per badge, in French and English, pointing at the badge's ``issuer`` field."""
        return [
            Problem("badge-without-issuer", Severity.ERROR, {
                "fr": "Pas de partenaire émetteur : choisissez-le dans l’onglet Badges (champ « Émetteur »), "
                      "puis enregistrez le badge.",
                "en": "No issuing partner: choose it in the Badges tab (the “Issuer” field), then save the badge.",
            }, item=f"badge:{badge}", field="issuer")
            for badge in self.badge_ids
        ]  # fmt: skip


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
        self.messages = {
            "fr": f"{name} : le badge contenu dans cette image est illisible (image abîmée ou modifiée après la "
                  "remise du badge). Demandez à la personne l’image reçue avec le badge, ou le fichier JSON du "
                  "badge, puis déposez-le à nouveau.",
            "en": f"{name}: the badge inside this image cannot be read (the image was damaged or changed after the "
                  "badge was awarded). Ask the person for the image they received with the badge, or the badge's "
                  "JSON file, then upload it again.",
        }  # fmt: skip


class NotBaked(MalformedBakedImage):
    """An image holding no Open Badges payload at all."""

    def __init__(self, name: str):
        super().__init__(
            name,
            "this image holds no baked badge (no 'openbadges' / 'openbadgecredential' iTXt chunk in a PNG, "
            "no openbadges:assertion / openbadges:credential element in an SVG).",
        )
        self.messages = {
            "fr": f"{name} : cette image ne contient aucun badge (c’est une image ordinaire). Déposez l’image "
                  "reçue avec le badge, ou le fichier JSON du badge.",
            "en": f"{name}: this image holds no badge (it is an ordinary picture). Upload the image received with "
                  "the badge, or the badge's JSON file.",
        }  # fmt: skip


class EarnerFileError(OpenBadgesError):
    """The earners file cannot be read at all (wrong format, missing columns)."""


class SigningKeyError(OpenBadgesError):
    """A signing key file that cannot be created or read."""


class ExportFolderRefused(OpenBadgesError):
    """The output folder exists and holds something that is not an earlier export: it is left alone."""


class ProofError(OpenBadgesError):
    """A Data Integrity proof that is missing, of another kind, malformed or whose signature does not match.

    ``reason`` is a short code a verifier can act on: ``no-proof``, ``cryptosuite``, ``malformed``,
    ``context``, ``key`` or ``signature``; ``messages`` says the same in French and English.
    """

    def __init__(self, reason: str, en: str, fr: str):
        self.reason = reason
        super().__init__(en, fr=fr, en=en)


class UnknownContext(ProofError):
    """A JSON-LD context URL the workbench has no packaged copy of (it never fetches contexts)."""

    def __init__(self, url: str):
        self.url = url
        super().__init__(
            "context",
            f"The JSON-LD context {url} is not one the workbench ships, and the workbench never fetches contexts: "
            "the document cannot be read as Open Badges 3.0 / Verifiable Credentials data here "
            "(use the contexts of Open Badges 3.0 and Verifiable Credentials 2.0).",
            f"Le contexte JSON-LD {url} ne fait pas partie de ceux que l’atelier embarque, et l’atelier ne "
            "télécharge jamais de contexte : ce document ne peut pas être lu ici comme un badge Open Badges 3.0 "
            "(utilisez les contextes d’Open Badges 3.0 et des Verifiable Credentials 2.0).",
        )


class DidError(OpenBadgesError):
    """A DID or verification method that cannot be read or resolved (unknown method, missing key, needs the network)."""

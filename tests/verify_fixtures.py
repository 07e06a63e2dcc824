"""Real badges to verify: the example framework exported (with its site) and awarded, signed, into one
folder, as a coordinator publishes it (``export`` then ``award`` into the export folder)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from badgeworkbench.files import load_framework
from badgeworkbench.openbadges import award_badges, export_framework, write_export
from badgeworkbench.openbadges.baking import bake, unbake
from badgeworkbench.openbadges.signing import _b64url_decode, b64url, generate_key, load_signing_key

BASE = "https://badges.example.org/cvl"
#: The earner of every award made here (the panel's "e-mail" field matches it).
EARNER = "Alice.Martin@example.org"


@dataclass
class Published:
    folder: Path  # the export folder: site, ob2/, ob3/, awards/
    award: str  # the award id of the first award
    files: tuple[str, ...]  # its files, relative to ``folder``
    key: Path  # the issuer's private key file (beside the folder, never in it)

    def file(self, suffix: str) -> Path:
        """The first award's file whose name ends with ``suffix`` (``-ob3-baked.png``, ``.jwt``…)."""
        return self.folder / next(f for f in self.files if f.endswith(suffix))

    def tampered(self, suffix: str, target: Path) -> Path:
        """A copy of the award's baked PNG or JSON with the badge's name changed in its credential (the image
        and the rest untouched), written at ``target``."""
        source = self.file(suffix)
        data = source.read_bytes()
        if source.suffix == ".json":
            credential = json.loads(data)
            _rename(credential)
            target.write_text(json.dumps(credential), "utf-8")
            return target
        payload = unbake(data, source.name)
        if payload.is_jws:  # a VC-JWT: change the payload, keep the signature of the original
            head, body, signature = payload.text.split(".")
            claims = json.loads(_b64url_decode(body))
            _rename(claims)
            token = ".".join([head, b64url(json.dumps(claims, separators=(",", ":")).encode()), signature])
            target.write_bytes(bake(data, token, name=target.name, version=payload.version))
        else:
            document = json.loads(payload.text)
            _rename(document)
            target.write_bytes(bake(data, document, name=target.name, version=payload.version))
        return target

    def svg(self, version: str, target: Path, *, tampered: bool = False) -> Path:
        """The award's OB 2.0 assertion or OB 3.0 credential (as published) baked into a small SVG badge at
        ``target``; ``tampered``: with the change :meth:`tampered` makes."""
        published = self.file("-ob2-baked.png" if version == "2.0" else "-ob3-baked.png")
        document = json.loads(unbake(published.read_bytes(), published.name).text)
        if tampered:
            _rename(document)
        svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><circle cx="32" cy="32" r="30"/></svg>'
        target.write_bytes(bake(svg, document, name=target.name, version=version))
        return target


def _rename(document: dict) -> None:
    subject = document.get("credentialSubject")
    if isinstance(subject, dict) and isinstance(subject.get("achievement"), dict):
        subject["achievement"]["name"] = "Directeur général (falsifié)"
    else:  # an OB 2.0 assertion: the issue date moved back a year
        document["issuedOn"] = "2020-01-01T00:00:00Z"


def publish_example(framework: Path, folder: Path, *, badge: str = "accueil-public", valid_for: str | None = None,
                    **award_options) -> Published:  # fmt: skip
    """Export ``framework`` (every part) to ``folder`` and award ``badge`` to :data:`EARNER` on 1 April 2026 into
    it, signed with a new Ed25519 key; ``valid_for`` gives the badge a validity (``P1M``: expired on 1 May 2026);
    ``award_options`` go to :func:`award_badges`."""
    fw = load_framework(framework)
    if valid_for is not None:
        fw = fw.replace(
            badges=[b.model_copy(update={"valid_for": valid_for}) if b.id == badge else b for b in fw.badges]
        )
    write_export(export_framework(fw, BASE, images_dir=framework), folder)
    key_path = generate_key(folder.parent / f"{folder.name}-issuer.pem")
    earners = folder.parent / f"{folder.name}-earners.csv"
    earners.write_text(f"identifier,badge,date\n{EARNER},{badge},2026-04-01\n", "utf-8")
    result = award_badges(fw, earners, BASE, signing_key=load_signing_key(key_path), images_dir=framework,
                          **award_options)  # fmt: skip
    write_export(result, folder, merge=True)
    summary = result.awards[0]
    return Published(folder, summary.award_id, summary.files, key_path)

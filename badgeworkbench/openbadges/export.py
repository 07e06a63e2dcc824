"""Exporting a framework: OB 2.0, OB 3.0, the CASE package and the badge site, in memory; then writing it.

:func:`export_framework` returns every file as bytes (nothing touches the disk), the same framework
always giving the same bytes, once the framework passed the publishing gate (:mod:`badgeworkbench.gate`);
:func:`write_export` writes them all at once or not at all, replacing only what an earlier export wrote
(:mod:`badgeworkbench.openbadges.writing`).

>>> from badgeworkbench.model import Badge, Criteria, Framework, Partner
>>> fw = Framework(id="demo", title={"fr": "Démo"}, partners=[Partner(id="asso", name="Asso",
...     url="https://asso.example.org", email="badges@asso.example.org", roles=["issuer"])],
...     badges=[Badge(id="accueil", name={"fr": "Accueil"}, description={"fr": "Accueille le public."},
...                   criteria=Criteria(narrative={"fr": "Tenir l'accueil."}), issuer="asso")])
>>> result = export_framework(fw, "https://badges.example.org/demo", only={"ob2", "ob3"})
>>> result.json("ob2/badges/accueil.json")["criteria"]["id"]
'https://badges.example.org/demo/badges/accueil.html'
>>> export_framework(fw, "https://badges.example.org/demo").files == export_framework(fw, "https://badges.example.org/demo").files
True
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..gate import framework_report, require_publishable
from ..model import Framework
from ..report import Problem, Report, Severity
from . import ob2, ob3
from .artwork import Artwork, Drawing
from .associations import achievement_associations
from .common import ExportUrls, exported_badges, json_bytes
from .context import ExportContext, export_date
from .errors import BadgeWithoutIssuer, OpenBadgesError
from .issuing import SigningPlan, unsigned_note
from .site import site_files
from .writing import MANIFEST, read_manifest, write_files

__all__ = [
    "MANIFEST",
    "PARTS",
    "ExportResult",
    "case_item_uris",
    "case_package",
    "export_framework",
    "parse_only",
    "write_export",
]

#: What an export can hold; ``only`` picks among them.
PARTS = ("ob2", "ob3", "case", "site")

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ExportResult:
    """Every file of an export: ``{relative path: bytes}``, plus what it was made from."""

    files: dict[str, bytes]
    base_url: str
    parts: tuple[str, ...] = PARTS
    report: Report = field(default_factory=Report)

    def json(self, path: str) -> Any:
        return json.loads(self.files[path])

    def paths(self, prefix: str = "") -> list[str]:
        return sorted(p for p in self.files if p.startswith(prefix))


def parse_only(only: Iterable[str] | str | None) -> tuple[str, ...]:
    """The export parts named in ``only`` (a set, or ``"ob2,site"``), in canonical order; a wrong name is refused."""
    if only is None:
        return PARTS
    names = [n.strip() for n in (only.split(",") if isinstance(only, str) else only) if n.strip()]
    for name in names:
        if name not in PARTS:
            close = difflib.get_close_matches(name, PARTS, n=1)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            raise OpenBadgesError(f"Unknown export part '{name}': choose among {', '.join(PARTS)}.{hint}")
    if not names:
        raise OpenBadgesError(f"Nothing to export: choose at least one of {', '.join(PARTS)}.")
    return tuple(p for p in PARTS if p in names)


def case_package(framework: Framework, base_url: str, changed: dt.datetime | None = None) -> dict[str, Any] | None:
    """The CASE 1.1 package from :mod:`badgeworkbench.interop.case`, or ``None`` if that module is missing."""
    try:
        from ..interop.case import framework_to_case_package
    except ImportError:  # pragma: no cover - the interop package is part of the project
        return None
    return framework_to_case_package(framework, base_url, changed=changed)


def case_item_uris(framework: Framework, base_url: str) -> dict[str, str]:
    """competency id → the URI of its CASE CFItem, as the CASE package writes it."""
    try:
        from ..interop.case import case_item_uri
    except ImportError:  # pragma: no cover
        return {}
    return {c.id: case_item_uri(base_url, framework.id, "competency", c.id) for c in framework.competencies}


def export_framework(
    framework: Framework,
    base_url: str,
    only: Iterable[str] | str | None = None,
    include_unadopted: bool = False,
    progress: Progress | None = None,
    *,
    images_dir: str | os.PathLike[str] | None = None,
    issued: dt.datetime | None = None,
    checked: Report | None = None,
    signing: SigningPlan | None = None,
) -> ExportResult:
    """Every file of the export of ``framework`` for publication at ``base_url``.

    Only adopted badges are exported unless ``include_unadopted``. ``progress(done, total)`` is called
    as badges are done. Nothing is made when the publishing gate finds an error
    (:class:`~badgeworkbench.gate.PublishingBlocked`, naming the same problems as ``validate``):
    ``checked`` is the gate's report when the caller already made it from the folder
    (:func:`~badgeworkbench.gate.folder_report`), else it is made here from ``framework``. Raises
    :class:`~badgeworkbench.openbadges.errors.IssuerProfileIncomplete` when an OB 2.0 issuer lacks an
    email (or name, url), naming the partner. With ``signing`` (:class:`~.issuing.SigningPlan`), every OB 3.0
    EndorsementCredential is signed and the partners' DID documents are published (did:web); without it,
    the report says (INFO) what is unsigned and how to sign it.
    """
    require_publishable(checked if checked is not None else framework_report(framework), "Export")
    parts = parse_only(only)
    urls = ExportUrls(base_url)
    if signing is not None:
        signing.check_base(urls)
    issued_at = issued or export_date(framework)
    package = case_package(framework, urls.base, issued_at) if "case" in parts else None
    if only is None and package is None:
        parts = tuple(p for p in parts if p != "case")  # by default, every part this installation can make
    badges = exported_badges(framework, include_unadopted)
    ctx = ExportContext(framework, urls, issued_at, badges)
    orphans = [b.id for b in badges if not b.issuer or framework.partner(b.issuer) is None]
    if orphans and ({"ob2", "ob3", "site"} & set(parts)):
        raise BadgeWithoutIssuer(orphans)
    if "ob2" in parts:
        ob2.require_complete_issuers(ctx)
    if "case" in parts and package is None:
        raise OpenBadgesError("The CASE export is not available in this installation (badgeworkbench.interop.case "
                              "is missing): export with --only ob2,ob3,site.")  # fmt: skip
    ctx.case_uris = case_item_uris(framework, urls.base)
    if package is not None:
        served = (item.get("uri", "") for item in package.get("CFItems", []))
        ctx.case_items = {uri for uri in served if uri.startswith(urls.base + "/")}

    files: dict[str, bytes] = {}
    total, done = max(1, len(badges) * 2), 0  # each badge: drawn, then its files built

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    images_root = Path(images_dir) if images_dir is not None else None

    def drawn(count: int) -> None:
        for _ in range(count):
            tick()

    visual = bool({"ob2", "ob3", "site"} & set(parts))
    with Drawing(framework, badges if visual else [], images_root, progress=drawn) as drawing:
        # The images are drawn (in worker processes for large exports) while the JSON and pages are built.
        for badge in badges if visual else []:
            ctx.artworks[badge.id] = Artwork(b"", "png", drawing.captions(badge, ctx.languages(badge)))
        _build_files(ctx, parts, package, files, tick)
        signed_notes = _sign_endorsements(ctx, files, signing) if "ob3" in parts else []
        images = drawing.images()
    if visual:
        for badge in badges:
            files[f"images/{badge.id}.png"] = images[badge.id]
    manifest = {
        "generator": "badgeworkbench",
        "framework": framework.id,
        "version": framework.version,
        "base_url": urls.base,
        "parts": list(parts),
        "files": {path: hashlib.sha256(data).hexdigest() for path, data in sorted(files.items())},
    }
    files[MANIFEST] = json_bytes(manifest)
    notes = [
        Problem("alignment-without-url", Severity.INFO,
                {"fr": f"L'alignement « {name} » ({where}) n'a pas d'adresse web : Open Badges exige targetUrl, il "
                       "n'est que dans le paquet CASE.",
                 "en": f"The alignment '{name}' ({where}) has no URL: Open Badges requires targetUrl, so it is only "
                       "in the CASE package."}, item=f"badge:{badge_id}", field="alignment")
        for badge_id, where, name in sorted(ctx.left_out)
    ]  # fmt: skip
    return ExportResult(dict(sorted(files.items())), urls.base, parts, Report(notes + signed_notes))


def _sign_endorsements(ctx: ExportContext, files: dict[str, bytes], signing: SigningPlan | None) -> list[Problem]:
    """Sign the OB 3.0 endorsements in ``files`` (a Data Integrity proof in the ``.json``, or a ``.jwt`` beside it)
    and add the partners' DID documents; without ``signing``, the report's note on what stays unsigned."""
    urls = ctx.urls
    endorsements = [(urls.path(urls.ob3_endorsement(badge.id, partner.id)), partner.id)
                    for badge in ctx.badges for partner in ctx.endorsers(badge)]  # fmt: skip
    if signing is None:
        if not endorsements:
            return []
        return [Problem("unsigned-endorsements", Severity.INFO,
                        unsigned_note(len(endorsements), ("approbations", "endorsements"), "EndorsementCredential"),
                        item="export", field="sign-key")]  # fmt: skip
    signed: dict[str, tuple[str, bytes]] = {}
    for path, partner in endorsements:
        extension, data = signing.sign(json.loads(files[path]), urls, partner)
        files[path.removesuffix(".json") + "." + extension] = data
        signed[urls.url(path)] = (extension, data)
    _embed_signed_endorsements(files, signed)
    signers = {partner for _, partner in endorsements} | {ctx.issuer(badge).id for badge in ctx.badges}
    files.update(signing.did_files(urls, sorted(signers)))
    return []


def _embed_signed_endorsements(files: dict[str, bytes], signed: dict[str, tuple[str, bytes]]) -> None:
    """The Achievements embed the signed endorsements, never unsigned copies (OB 3.0 Achievement ``endorsement``:
    "signed with a Data Integrity proof"). A VC-JWT endorsement is left out of the Achievement: the schema's
    ``endorsementJwt`` is defined by no OB 3.0 context (3.0.3 included), so JSON-LD verifiers would refuse the
    Achievement; the ``.jwt`` stays published at the endorsement's URL."""
    for path in [p for p in files if p.startswith("ob3/achievements/")]:
        achievement = json.loads(files[path])
        embedded = []
        for endorsement in achievement.get("endorsement", []):
            extension, data = signed.get(endorsement.get("id"), ("", b""))
            if extension == "json":
                embedded.append(json.loads(data))
            elif extension != "jwt":
                embedded.append(endorsement)
        achievement["endorsement"] = embedded
        files[path] = json_bytes(achievement)


def _build_files(ctx: ExportContext, parts: tuple[str, ...], package: dict[str, Any] | None, files: dict[str, bytes],
                 tick: Callable[[], None]) -> None:  # fmt: skip
    """Every JSON and HTML file of the export into ``files``."""
    framework, urls, badges = ctx.framework, ctx.urls, ctx.badges

    if "ob2" in parts:
        for partner in ob2.ob2_partners(ctx):
            files[urls.path(urls.ob2_issuer(partner.id))] = json_bytes(ob2.issuer_profile(ctx, partner))
    if "ob3" in parts:
        for partner in framework.partners:
            files[urls.path(urls.ob3_profile(partner.id))] = json_bytes(ob3.profile(ctx, partner))
    for badge in badges:
        if "ob2" in parts:
            for lang in ctx.languages(badge):
                data = ob2.badge_class(ctx, badge, lang)
                files[urls.path(data["id"])] = json_bytes(data)
            for partner in ctx.endorsers(badge):
                data = ob2.endorsement(ctx, badge, partner)
                files[urls.path(data["id"])] = json_bytes(data)
        if "ob3" in parts:
            for lang in ctx.languages(badge):
                data = ob3.achievement(ctx, badge, lang)
                files[urls.path(data["id"])] = json_bytes(data)
            for partner in ctx.endorsers(badge):
                data = ob3.endorsement_credential(ctx, badge, partner)
                files[urls.path(data["id"])] = json_bytes(data)
        tick()
    if "ob3" in parts:
        files[urls.path(urls.associations())] = json_bytes(achievement_associations(ctx))
    if "case" in parts and package is not None:
        files[f"case/{framework.id}.json"] = json_bytes(package)
        for item in package.get("CFItems", []):  # each CFItem also served at its URI (alignment targetUrl)
            if item.get("uri", "") in ctx.case_items and _servable(path := urls.path(item["uri"]), files):
                files[path] = json_bytes(item)
    if "site" in parts:
        files.update(site_files(ctx, set(parts)))


def _servable(path: str, files: dict[str, bytes]) -> bool:
    """Whether a CFItem may be served at ``path``: a plain relative path no other file of the export uses.

    >>> [_servable(p, {"index.html": b""}) for p in ("uri/1b2c", "index.html", "uri/../../etc", "uri//x", "uri/./x")]
    [True, False, False, False, False]
    """
    parts = path.split("/")
    return path not in files and all(part not in ("", ".", "..") for part in parts) and "\\" not in path


#: Files that awarding adds to an export folder. No export lists them in its manifest, so re-exporting keeps them
#: (hosted assertions must stay served).
AWARD_PATHS = ("ob2/assertions/", "ob3/credentials/", "ob3/status/", "ob3/keys/", "awards/", "awards.json",
               "status-allocation.json", "issuers/", "ob3/revocations/")  # fmt: skip  (revocations: older awards)


def _carried_did_documents(out: Path, manifest: dict[str, Any], files: dict[str, bytes]) -> dict[str, bytes]:
    """The DID documents (``issuers/*/did.json``) an earlier signed export published and this one does not: kept,
    or every credential signed with them would stop verifying."""
    kept: dict[str, bytes] = {}
    for relative in manifest.get("files", {}):
        path = out / relative
        if relative.startswith("issuers/") and relative.endswith("/did.json") and relative not in files:
            if path.is_file() and not path.is_symlink():
                kept[relative] = path.read_bytes()
    return kept


def write_export(result: ExportResult, out_dir: str | os.PathLike[str], *, merge: bool = False,
                 force: bool = False) -> Path:  # fmt: skip
    """Write ``result`` into ``out_dir``, all at once or not at all; the folder's other files are kept.

    The folder belongs to the export that made it, as far as its manifest (:data:`MANIFEST`) goes: only the
    files listed there are replaced or removed; a ``CNAME``, a ``.git/`` folder, the awards
    (:data:`AWARD_PATHS`: among them the VC-JWT keys ``ob3/keys/``) and anything else are kept, and so are the DID
    documents an earlier signed export published, so re-exporting never breaks an awarded badge. The Profiles
    are written plain: the keys an older version listed in them (``verificationMethod``, a term no context
    defines) are not carried over, the same keys staying readable in ``ob3/keys/`` and the DID documents. A non-empty folder without a manifest is refused unless
    ``force`` (and even then nothing already there is removed). With ``merge`` (awarding into an export
    folder) no file is removed and ``result``'s files are added. The rules are in
    :mod:`badgeworkbench.openbadges.writing`.
    """
    files = dict(result.files)
    out = Path(out_dir).absolute()
    if not merge and out.is_dir() and (manifest := read_manifest(out)) is not None:
        files.update(_carried_did_documents(out, manifest, result.files))
    return write_files(files, out, merge=merge, force=force)

"""Exporting a framework: OB 2.0, OB 3.0, the CASE package and the badge site, in memory; then writing it.

:func:`export_framework` returns every file as bytes (nothing touches the disk), the same framework
always giving the same bytes; :func:`write_export` writes them into a temporary folder beside the
target and renames it into place at the end, so a failure leaves no half-written export.

>>> from badgeworkbench.model import Badge, Framework, Partner
>>> fw = Framework(id="demo", title={"fr": "Démo"}, partners=[Partner(id="asso", name="Asso",
...     url="https://asso.example.org", email="badges@asso.example.org", roles=["issuer"])],
...     badges=[Badge(id="accueil", name={"fr": "Accueil"}, issuer="asso")])
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
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ..model import Framework
from ..report import Problem, Report, Severity
from . import ob2, ob3
from .artwork import Artwork, Drawing
from .associations import achievement_associations
from .common import ExportUrls, exported_badges, json_bytes
from .context import ExportContext, export_date
from .errors import BadgeWithoutIssuer, ExportFolderRefused, OpenBadgesError
from .site import site_files

__all__ = ["MANIFEST", "PARTS", "ExportResult", "case_package", "export_framework", "parse_only", "write_export"]

#: What an export can hold; ``only`` picks among them.
PARTS = ("ob2", "ob3", "case", "site")
#: Written in every export; its presence tells :func:`write_export` that a folder is ours to replace.
MANIFEST = ".badgeworkbench-export.json"

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


def _case_uris(framework: Framework, base_url: str) -> dict[str, str]:
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
) -> ExportResult:
    """Every file of the export of ``framework`` for publication at ``base_url``.

    Only adopted badges are exported unless ``include_unadopted``. ``progress(done, total)`` is called
    as badges are done. Raises :class:`~badgeworkbench.openbadges.errors.IssuerProfileIncomplete` when
    an OB 2.0 issuer lacks an email (or name, url), naming the partner.
    """
    parts = parse_only(only)
    urls = ExportUrls(base_url)
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
    ctx.case_uris = _case_uris(framework, urls.base)

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
    return ExportResult(dict(sorted(files.items())), urls.base, parts, Report(notes))


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
            files[urls.path(urls.ob3_template(badge.id))] = json_bytes(ob3.credential_template(ctx, badge))
        tick()
    if "ob3" in parts:
        files[urls.path(urls.associations())] = json_bytes(achievement_associations(ctx))
    if "case" in parts and package is not None:
        files[f"case/{framework.id}.json"] = json_bytes(package)
        for item in package.get("CFItems", []):  # each CFItem also served at its URI (alignment targetUrl)
            if item.get("uri", "").startswith(urls.base + "/case/"):
                files[urls.path(item["uri"])] = json_bytes(item)
    if "site" in parts:
        files.update(site_files(ctx, set(parts)))


def _safe_relative(path: str) -> PurePosixPath:
    relative = PurePosixPath(path)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise OpenBadgesError(f"Refusing to write {path!r}: export paths must stay inside the output folder.")
    return relative


#: Files that awarding adds to an export folder; re-exporting keeps them (hosted assertions must stay served).
AWARD_PATHS = ("ob2/assertions/", "ob3/credentials/", "ob3/revocations/", "ob3/keys/", "awards/", "awards.json")


def _carried_awards(out: Path, files: dict[str, bytes]) -> dict[str, bytes]:
    """The award files of the export being replaced, and its profiles' public keys merged into the new profiles."""
    kept: dict[str, bytes] = {}
    for path in out.rglob("*"):
        relative = path.relative_to(out).as_posix()
        if path.is_file() and relative.startswith(AWARD_PATHS) and relative not in files:
            kept[relative] = path.read_bytes()
    for path in out.glob("ob3/profiles/*.json"):
        relative = path.relative_to(out).as_posix()
        if relative not in files:
            continue
        try:
            methods = json.loads(path.read_bytes()).get("verificationMethod")
            new = json.loads(files[relative])
        except (ValueError, AttributeError):
            continue
        if methods and "verificationMethod" not in new:
            new["verificationMethod"] = methods
            kept[relative] = json_bytes(new)
    return kept


def write_export(result: ExportResult, out_dir: str | os.PathLike[str], *, merge: bool = False) -> Path:
    """Write ``result`` to ``out_dir`` atomically: into a temporary folder beside it, renamed into place at the end.

    An existing ``out_dir`` is replaced only when it is empty or an earlier export (it holds the manifest);
    the awards it holds (:data:`AWARD_PATHS`, and the issuers' public keys in their profiles) are kept, so
    re-exporting never breaks an awarded badge. With ``merge`` every file is kept and ``result``'s are
    added (used by awarding into an export folder).
    On any failure the temporary folder is removed and ``out_dir`` is left as it was.
    """
    out = Path(out_dir).absolute()
    if out.exists() and not out.is_dir():
        raise ExportFolderRefused(f"{out} is a file: choose a folder for the export.")
    if out.exists() and any(out.iterdir()) and not (out / MANIFEST).exists():
        raise ExportFolderRefused(
            f"{out} already holds files that are not a Badge Workbench export; they were left alone. "
            "Choose a new or empty folder."
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent))
    try:
        if merge and out.exists():
            shutil.copytree(out, temporary, dirs_exist_ok=True)
        made: set[Path] = set()
        writing = dict(result.files)
        if not merge and out.exists():
            writing.update(_carried_awards(out, result.files))
        for path, data in writing.items():
            if merge and path == MANIFEST and (temporary / MANIFEST).exists():
                continue  # keep the export's own manifest
            target = temporary.joinpath(*_safe_relative(path).parts)
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            target.write_bytes(data)
        os.chmod(temporary, 0o755)  # noqa: S103 - mkdtemp makes it private; a published site must be readable
        if out.exists():
            old = out.with_name(f".{out.name}.{uuid.uuid4().hex}.old")
            out.rename(old)
            temporary.rename(out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            temporary.rename(out)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    return out

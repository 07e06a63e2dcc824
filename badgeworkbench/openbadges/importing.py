"""Importing existing badges into a framework, so that partners' badges can join a constellation.

Accepted: OB 2.0 BadgeClass, Issuer and Assertion JSON files; OB 3.0 Achievement and
OpenBadgeCredential JSON (or VC-JWT) files; baked PNG and SVG images of either version. Nothing
is fetched from the network: an assertion that only names its BadgeClass by URL is imported when
that BadgeClass is among the files given.

Every document is first held to the spec (:mod:`badgeworkbench.openbadges.documentrules`): one with a
defect is refused with the field and the reason, one the spec accepts is imported, whatever form it
takes. Imported badges arrive with the status ``proposed`` (the partners decide whether to adopt
them), their issuer is matched to an existing partner (same url, email or name) or added as a new
one, and a comment records where each came from. What the badge says is kept to be exported again:
its language (``inLanguage`` / ``@language``), its ``achievementType`` (a Degree stays a Degree),
``fieldOfStudy``, ``specialization``, ``creditsAvailable``, ``humanCode`` and ``resultDescription``; what
is not kept (the image, the related editions, endorsements, extensions) is named in the file's line.

The report has exactly one line per input file, in the order given: ``badge-imported`` (imported as
<badge id>), ``badge-merged`` (the same achievement id as an earlier file: merged into <badge id>),
``already-present``, ``issuer-used`` / ``issuer-unused`` (a Profile file), ``endorsement-not-imported``,
or an error saying why the file is refused. Nothing is dropped silently.
"""

from __future__ import annotations

import errno
import json
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..ids import slugify, unique_id
from ..model import Alignment, Badge, Comment, Criteria, Framework, Partner, Provenance, Status, text
from ..report import Problem, Report, Severity
from .baking import jws_payload, sniff_image_format, unbake
from .documentrules import Defect, document_defects, document_kind, expanded_ob3
from .errors import MalformedBakedImage, UnsupportedImageFormat
from .ob3 import ACHIEVEMENT_TYPES

__all__ = ["import_badges", "read_badge_documents"]

_CATEGORIES = {value: key for key, value in ACHIEVEMENT_TYPES.items()}
_OB2_KEPT = {"@context", "type", "id", "@language", "name", "description", "criteria", "issuer", "alignment", "tags",
             "version"}  # fmt: skip
_OB3_KEPT = {"@context", "type", "id", "inLanguage", "name", "description", "criteria", "creator", "alignment", "tag",
             "version", "achievementType", "fieldOfStudy", "specialization", "creditsAvailable", "humanCode",
             "resultDescription"}  # fmt: skip
_CATEGORY_TAGS = ("competency", "participation", "engagement", "experiential", "milestone")


def _problem(code: str, severity: Severity, file: str, en: str, fr: str, *, item: str | None = None,
             field_name: str | None = None) -> Problem:  # fmt: skip
    return Problem(code, severity, {"fr": fr, "en": en}, file=file, item=item, field=field_name)


def _load(item: str | os.PathLike[str] | tuple[str, bytes]) -> tuple[str, bytes]:
    """The file's name and bytes; ``OSError`` for a file no badge can be (a pipe would be read for ever)."""
    if isinstance(item, tuple):
        return item
    from ..files import MAX_FILE_BYTES

    path = Path(item)
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise OSError(errno.EINVAL, "not a regular file (a pipe, a device…)")
    if info.st_size > MAX_FILE_BYTES:
        raise OSError(errno.EFBIG, f"{info.st_size / 2**20:,.0f} MiB, more than any badge")
    return path.name, path.read_bytes()


def _read_one(item: str | os.PathLike[str] | tuple[str, bytes]) -> tuple[str, dict[str, Any] | None, Problem | None]:
    """``(file name, JSON object, None)`` for a readable file (baked images unbaked, JWS decoded), else
    ``(file name, None, the problem)``."""
    try:
        name, data = _load(item)
    except OSError as error:
        label = str(item[0] if isinstance(item, tuple) else item)
        return label, None, _problem("unreadable-file", Severity.ERROR, label, f"cannot be read ({error.strerror}).",
                                     f"illisible ({error.strerror}).")  # fmt: skip
    kind = sniff_image_format(data)
    if kind in ("png", "svg"):
        try:
            payload = unbake(data, name)
            doc = payload.data
        except RecursionError:
            return name, None, _too_deep(name)
        except MalformedBakedImage as error:
            # The person's sentence in each language; the technical reason stays in English, after it.
            return name, None, _problem("malformed-baked-image", Severity.ERROR, name,
                                        f"{error.text('en')} (Details: {error.reason})", error.text("fr"))  # fmt: skip
        if doc is None:
            return name, None, _problem("baked-url-only", Severity.ERROR, name,
                                        f"the image only holds the URL {payload.text.strip()[:200]}: download the "
                                        "assertion JSON and import it with the image.",
                                        f"l'image ne contient que l'adresse {payload.text.strip()[:200]} : téléchargez "
                                        "le JSON de l'assertion et importez-le avec l'image.")  # fmt: skip
        return name, doc, None
    try:
        text_data = data.decode("utf-8-sig").strip()
    except UnicodeDecodeError as error:  # replacing the bytes would import a name or text nobody wrote
        if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):  # JSON, damaged: say where
            return name, None, _problem("not-a-badge", Severity.ERROR, name,
                                        f"byte {error.start:,} is not UTF-8: save the file as UTF-8 (Open Badges "
                                        "JSON always is) and import it again.",
                                        f"l'octet {error.start:,} n'est pas de l'UTF-8 : enregistrez le fichier en "
                                        "UTF-8 (le JSON Open Badges l'est toujours) et importez-le à nouveau.")  # fmt: skip
        text_data = ""  # bytes of another kind (an image, a PDF…): said below
    try:
        doc = json.loads(text_data) if text_data.startswith("{") else jws_payload(text_data)
    except RecursionError:
        return name, None, _too_deep(name)
    except (ValueError, IndexError):
        if kind in ("JPEG", "GIF", "WebP", "BMP", "AVIF/HEIC"):
            refused = str(UnsupportedImageFormat(name, kind))
            return name, None, _problem("image-not-png-or-svg", Severity.ERROR, name, refused, refused)
        return name, None, _problem("not-a-badge", Severity.ERROR, name,
                                    "neither Open Badges JSON, a VC-JWT nor a baked PNG/SVG image.",
                                    "ni du JSON Open Badges, ni un VC-JWT, ni une image PNG/SVG cuite.")  # fmt: skip
    if not isinstance(doc, dict):
        return name, None, _problem("not-a-badge", Severity.ERROR, name, "the JSON is not an object.",
                                    "le JSON n'est pas un objet.")  # fmt: skip
    return name, doc, None


def read_badge_documents(
    files: Iterable[str | os.PathLike[str] | tuple[str, bytes]],
) -> tuple[list[tuple[str, dict[str, Any]]], list[Problem]]:
    """``(file name, JSON object)`` for each readable file (baked images unbaked, JWS decoded), and the problems."""
    documents: list[tuple[str, dict[str, Any]]] = []
    problems: list[Problem] = []
    for item in files:
        name, doc, problem = _read_one(item)
        if doc is not None:
            documents.append((name, doc))
        elif problem is not None:
            problems.append(problem)
    return documents, problems


def _too_deep(file: str) -> Problem:
    return _problem("not-a-badge", Severity.ERROR, file, "refused: the JSON is nested too deeply to be a badge.",
                    "refusé : le JSON est imbriqué trop profondément pour être un badge.")  # fmt: skip


def _refusal(file: str, defects: list[Defect]) -> Problem:
    first = defects[0]
    more_en = more_fr = ""
    if len(defects) > 1:
        others = ", ".join(dict.fromkeys(d.field for d in defects[1:]))
        more_en, more_fr = f" (also: {others})", f" (aussi : {others})"
    return _problem("refused-by-spec", Severity.ERROR, file, f"refused: {first.field}: {first.en}{more_en}",
                    f"refusé : {first.field} : {first.fr}{more_fr}", field_name=first.field)  # fmt: skip


def _lang(value: Any, default: str) -> str:
    return str(value).split("-")[0].lower() if isinstance(value, str) and value else default


def _alignments(items: Any) -> list[Alignment]:
    found = []
    for item in items if isinstance(items, list) else [items] if isinstance(items, dict) else []:
        if isinstance(item, dict) and item.get("targetName"):
            found.append(Alignment(framework=str(item.get("targetFramework", "")), name=str(item["targetName"]),
                                   url=str(item.get("targetUrl", "")), code=str(item.get("targetCode", "")),
                                   target_type=str(item.get("targetType", "")),
                                   description=str(item.get("targetDescription", ""))))  # fmt: skip
    return found


@dataclass
class _Candidate:
    """A badge found in one file: its document (BadgeClass or Achievement), version and issuer Profile."""

    index: int
    file: str
    version: str
    doc: dict[str, Any]
    issuer: dict[str, Any] | None
    issuer_file: int | None = None


def _badge_from(candidate: _Candidate, lang: str, badge_id: str, partner: Partner | None) -> Badge:
    doc, version = candidate.doc, candidate.version
    title = str(doc.get("name") or "").strip()
    criteria = doc.get("criteria")
    narrative = criteria.get("narrative") if isinstance(criteria, dict) else None
    criteria_url = (criteria.get("id") if isinstance(criteria, dict) else criteria) or None
    tags = doc.get("tags") if version == "2.0" else doc.get("tag")
    tags = [tags] if isinstance(tags, str) else tags if isinstance(tags, list) else []
    written_type = doc.get("achievementType")
    category = _CATEGORIES.get(str(written_type or ""), "competency")
    credits = doc.get("creditsAvailable")
    results = doc.get("resultDescription")
    source = str(doc.get("id") or candidate.file)
    return Badge(
        id=badge_id,
        name={lang: title},
        description={lang: str(doc["description"])} if doc.get("description") else {},
        category=category,
        criteria=Criteria(
            narrative={lang: str(narrative)} if narrative else {},
            url=criteria_url
            if isinstance(criteria_url, str) and criteria_url.startswith(("http://", "https://"))
            else None,
        ),
        issuer=partner.id if partner else None,
        tags=[str(t) for t in tags if isinstance(t, str) and t not in _CATEGORY_TAGS],
        alignments=_alignments(doc.get("alignment")),
        version=str(doc.get("version") or "1.0"),
        status=Status.PROPOSED,
        provenance=Provenance(proposed_by=partner.id if partner else None),
        comments=[Comment(author="import", text=f"Imported from {candidate.file} (Open Badges {version}, {source}).")],
        achievement_type=str(written_type) if isinstance(written_type, str) and written_type not in _CATEGORIES else "",
        field_of_study=str(doc.get("fieldOfStudy") or ""),
        specialization=str(doc.get("specialization") or ""),
        credits_available=float(credits)
        if isinstance(credits, int | float) and not isinstance(credits, bool)
        else None,
        human_code=str(doc.get("humanCode") or ""),
        result_descriptions=[r for r in results if isinstance(r, dict)] if isinstance(results, list) else [],
    )


def _merged(badge: Badge, candidate: _Candidate, lang: str) -> Badge:
    """``badge`` with what another file says of the same achievement and it lacks (another language's texts)."""
    doc = candidate.doc
    criteria = doc.get("criteria")
    narrative = criteria.get("narrative") if isinstance(criteria, dict) else None
    update: dict[str, Any] = {}
    if doc.get("name") and lang not in badge.name:
        update["name"] = {**badge.name, lang: str(doc["name"]).strip()}
    if doc.get("description") and lang not in badge.description:
        update["description"] = {**badge.description, lang: str(doc["description"])}
    if narrative and lang not in badge.criteria.narrative:
        update["criteria"] = badge.criteria.model_copy(
            update={"narrative": {**badge.criteria.narrative, lang: str(narrative)}}
        )
    return badge.model_copy(update=update) if update else badge


def _not_kept(candidate: _Candidate) -> list[str]:
    kept = _OB2_KEPT if candidate.version == "2.0" else _OB3_KEPT
    return sorted(key for key in candidate.doc if key not in kept)


def import_badges(
    framework: Framework, files: Iterable[str | os.PathLike[str] | tuple[str, bytes]]
) -> tuple[Framework, Report]:
    """``framework`` with the badges found in ``files`` added (status ``proposed``), and one line per file."""
    entries = [_read_one(item) for item in files]
    lines: dict[int, Problem] = {}
    kinds: dict[int, str] = {}
    by_id: dict[str, int] = {}
    for index, (name, doc, problem) in enumerate(entries):
        if doc is None:
            lines[index] = problem  # type: ignore[assignment]
            continue
        kind = document_kind(doc)
        kinds[index] = kind
        if isinstance(doc.get("id"), str):
            by_id.setdefault(doc["id"], index)
        try:
            defects = document_defects(doc, kind)
            if kind in ("ob3-credential", "ob3-achievement"):
                entries[index] = (name, expanded_ob3(doc), None)  # read in the form the rules checked
        except RecursionError:
            lines[index] = _too_deep(name)
            continue
        if defects:
            lines[index] = _refusal(name, defects)
    default_lang = framework.languages[0] if framework.languages else "fr"

    def resolve(value: Any, what: str, file: str, index: int) -> tuple[dict[str, Any] | None, int | None]:
        """The object ``value`` stands for (inline, or another file by its id) and that file's index; a line
        refusing file ``index`` when that other file is refused or is not what it should be."""
        if isinstance(value, dict):
            return value, None
        other = by_id.get(value) if isinstance(value, str) else None
        if other is None or other == index:
            return None, None
        other_file, other_doc, _ = entries[other]
        wanted = ("ob2-issuer", "ob3-profile") if what == "issuer" else ("ob2-badgeclass",)
        word_fr = "émetteur" if what == "issuer" else "badge (BadgeClass)"
        if other in lines and lines[other].severity == Severity.ERROR:
            lines[index] = _problem(f"{what.lower()}-refused", Severity.ERROR, file,
                                    f"refused: its {what} ({other_file}) is refused: {lines[other].text('en')}",
                                    f"refusé : son {word_fr} ({other_file}) est refusé : {lines[other].text('fr')}")  # fmt: skip
        elif kinds.get(other) not in wanted:
            lines[index] = _problem(f"{what.lower()}-refused", Severity.ERROR, file,
                                    f"refused: its {what} {value!r} is, in {other_file}, not a {' or '.join(wanted)}.",
                                    f"refusé : son {word_fr} {value!r} n'est pas, dans {other_file}, un "
                                    f"{' ou '.join(wanted)}.")  # fmt: skip
        return other_doc, other

    candidates: list[_Candidate] = []
    for index, (name, doc, _) in enumerate(entries):
        if doc is None or index in lines:
            continue
        kind = kinds[index]
        if kind == "ob2-badgeclass":
            issuer, issuer_file = resolve(doc.get("issuer"), "issuer", name, index)
            candidates.append(_Candidate(index, name, "2.0", doc, issuer, issuer_file))
        elif kind == "ob2-assertion":
            badge, _ = resolve(doc.get("badge"), "BadgeClass", name, index)
            if index in lines:
                continue
            if badge is None:
                lines[index] = _problem("badgeclass-not-found", Severity.ERROR, name,
                                        f"refused: the assertion's BadgeClass {doc.get('badge')!r} is not among the "
                                        "files: import its JSON too.", f"refusé : la BadgeClass {doc.get('badge')!r} "
                                        "de l'assertion ne fait pas partie des fichiers : importez aussi son JSON.",
                                        field_name="badge")  # fmt: skip
                continue
            issuer, issuer_file = resolve(badge.get("issuer"), "issuer", name, index)
            candidates.append(_Candidate(index, name, "2.0", badge, issuer, issuer_file))
        elif kind in ("ob3-credential", "ob3-achievement"):
            expanded = doc
            achievement = expanded["credentialSubject"]["achievement"] if kind == "ob3-credential" else expanded
            issuer_value = achievement.get("creator") or (expanded.get("issuer") if kind == "ob3-credential" else None)
            issuer, issuer_file = resolve(issuer_value, "issuer", name, index)
            candidates.append(_Candidate(index, name, "3.0", achievement, issuer, issuer_file))
        elif kind in ("ob2-endorsement", "ob3-endorsement"):
            lines[index] = _problem("endorsement-not-imported", Severity.WARNING, name,
                                    "an endorsement: endorsements are not imported (add the endorsing partner to the "
                                    "badge by hand).", "une recommandation (endorsement) : elles ne sont pas importées "
                                    "(ajoutez le partenaire qui recommande au badge à la main).")  # fmt: skip

    partners = list(framework.partners)
    badges = list(framework.badges)
    taken = {b.id for b in badges}
    by_source: dict[str, tuple[str, str]] = {}  # achievement id → (badge id, first file)
    # issuer Profile id (or file index) → the badges it issues here, so that a Profile file gets its line
    issuer_users: dict[str | int, list[str]] = {}
    for candidate in candidates:
        if candidate.index in lines:
            continue  # refused while resolving its issuer
        name, doc = candidate.file, candidate.doc
        lang = _lang(doc.get("@language") or doc.get("inLanguage"), default_lang)
        source = str(doc.get("id") or name)
        if source in by_source:
            badge_id, first = by_source[source]
            position = next(i for i, b in enumerate(badges) if b.id == badge_id)
            badges[position] = _merged(badges[position], candidate, lang)
            lines[candidate.index] = _problem("badge-merged", Severity.INFO, name,
                                              f"merged into badge '{badge_id}' (the same achievement {source} as "
                                              f"{first}).", f"fusionné dans le badge « {badge_id} » (le même badge "
                                              f"{source} que {first}).", item=f"badge:{badge_id}")  # fmt: skip
            continue
        title = str(doc.get("name") or "").strip()
        partner = _partner(partners, candidate.issuer) if candidate.issuer else None
        issuer_keys = [k for k in (candidate.issuer_file, (candidate.issuer or {}).get("id")) if k is not None]
        for key in issuer_keys:
            issuer_users.setdefault(key, [])
        present = next((b for b in badges if text(b.name, lang).casefold() == title.casefold()
                        and b.issuer == (partner.id if partner else None)), None)  # fmt: skip
        if present is not None:
            by_source[source] = (present.id, name)
            lines[candidate.index] = _problem("already-present", Severity.INFO, name,
                                              f"'{title}' is already in the framework as badge '{present.id}': not "
                                              "imported twice.", f"« {title} » est déjà dans le référentiel (badge "
                                              f"« {present.id} ») : pas importé deux fois.", item=f"badge:{present.id}")  # fmt: skip
            continue
        badge_id = unique_id(slugify(title), taken)
        taken.add(badge_id)
        badges.append(_badge_from(candidate, lang, badge_id, partner))
        by_source[source] = (badge_id, name)
        for key in issuer_keys:
            issuer_users[key].append(badge_id)
        not_kept = _not_kept(candidate)
        note_en = f"; not kept: {', '.join(not_kept)}" if not_kept else ""
        note_fr = f" ; non gardé : {', '.join(not_kept)}" if not_kept else ""
        lines[candidate.index] = _problem("badge-imported", Severity.INFO, name,
                                          f"imported as badge '{badge_id}' (proposed, language {lang}){note_en}.",
                                          f"importé comme badge « {badge_id} » (proposé, langue {lang}){note_fr}.",
                                          item=f"badge:{badge_id}")  # fmt: skip

    for index, (name, doc, _) in enumerate(entries):
        if index in lines or doc is None:
            continue
        # what is left is an issuer Profile: used through the badges that name it, or by none
        own_id = doc.get("id")
        users = issuer_users.get(index, issuer_users.get(own_id) if isinstance(own_id, str) else None)
        who = str(doc.get("name") or doc.get("id") or name)
        if users is not None:
            lines[index] = _problem("issuer-used", Severity.INFO, name,
                                    f"issuer profile '{who}', used for {', '.join(users) or 'badges already present'}.",
                                    f"profil d'émetteur « {who} », utilisé pour {', '.join(users) or 'des badges déjà présents'}.")  # fmt: skip
        else:
            lines[index] = _problem("issuer-unused", Severity.WARNING, name,
                                    f"issuer profile '{who}': no badge among the files names it, so nothing was "
                                    "imported from it.", f"profil d'émetteur « {who} » : aucun badge des fichiers ne "
                                    "le nomme, rien n'en a été importé.")  # fmt: skip
    report = Report([lines[index] for index in range(len(entries))])
    return framework.replace(partners=partners, badges=badges), report


def _partner(partners: list[Partner], profile: dict[str, Any]) -> Partner:
    """The partner matching an issuer Profile (same url, email or name), added to ``partners`` when new."""
    url, email = str(profile.get("url") or "").rstrip("/").lower(), str(profile.get("email") or "").lower()
    email = email.removeprefix("mailto:")
    name = str(profile.get("name") or "").strip()
    for partner in partners:
        if (url and partner.url.rstrip("/").lower() == url) or (email and partner.email.lower() == email) or \
                (name and partner.name.casefold() == name.casefold()):  # fmt: skip
            return partner
    new = Partner(id=unique_id(slugify(name or url or email or "partenaire"), {p.id for p in partners}), name=name,
                  url=str(profile.get("url") or ""), email=email, roles=["issuer"])  # fmt: skip
    partners.append(new)
    return new

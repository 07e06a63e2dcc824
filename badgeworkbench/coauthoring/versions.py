"""Named versions of a framework ("v1, adopted on 12 March"), and new versions of a badge.

:func:`tag` copies the framework's files as they are on disk into
``history/versions/<name>/`` and records the version in ``history/tags.yaml`` (name, note,
date, author, framework version, digest of each file). A named version is a complete
framework folder, so it can be opened, exported or compared later
(:func:`load_version`, :func:`compare_versions`).

A new version of a badge follows Open Badges: an issued badge points at the definition it
was issued against, so a changed definition is a *new* badge class with its own id and
``version``, linked to the one it replaces (OB 2.0 ``related`` / OB 3.0 ``related`` with
``version``). :func:`new_badge_version` makes that copy: new id ``<id>-v<major>``, the new
version number, ``previous_version`` pointing at the old id; the old badge stays, unchanged,
for the badges already issued.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import yamlfile
from ..diff import FrameworkDiff, compare
from ..edit import Author
from ..errors import BadgeWorkbenchError, UnknownItem
from ..files import load_framework, read_framework
from ..ids import is_safe_id
from ..model import Framework, Provenance, Requirement, Status
from ..paths import inside, writable_path
from .history import HISTORY_DIR, _log_lock, author_of

__all__ = [
    "CURRENT",
    "TAGS_FILE",
    "VERSIONS_DIR",
    "NamedVersion",
    "VersionError",
    "compare_versions",
    "list_versions",
    "load_version",
    "new_badge_version",
    "tag",
    "version_path",
]

TAGS_FILE = f"{HISTORY_DIR}/tags.yaml"
VERSIONS_DIR = f"{HISTORY_DIR}/versions"
#: The name that stands for the framework as it is now, in :func:`compare_versions`.
CURRENT = "current"


class VersionError(BadgeWorkbenchError):
    """A named version or a badge version cannot be made or found; the message says what to do.

    ``str(error)`` is the command line's sentence (with the folder); :meth:`text` gives a panel's, in French
    or English (what to choose or type there).
    """


@dataclass(frozen=True)
class NamedVersion:
    name: str
    note: str = ""
    date: str = ""
    partner: str | None = None
    person: str | None = None
    framework_version: str = ""
    files: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "note": self.note, "date": self.date, "partner": self.partner,
                "person": self.person, "framework_version": self.framework_version, "files": self.files}  # fmt: skip


def _read_tags(folder: Path) -> list[NamedVersion]:
    inside(folder, TAGS_FILE)  # a ``history`` link leading outside the folder is refused, not read
    path = folder / TAGS_FILE
    if not path.exists():
        return []
    try:
        data = yamlfile.load(path.read_text("utf-8"), str(path))
    except (yamlfile.YamlSyntaxError, UnicodeDecodeError) as error:
        raise VersionError(
            f"{path}: cannot be read ({error}). Fix the file by hand; the copies under "
            f"{folder / VERSIONS_DIR} are untouched.",
            fr=f"La liste des versions nommées ({TAGS_FILE}) est illisible\u202f: les versions elles-mêmes sont "
               "intactes. Demandez à la personne qui gère les fichiers de réparer ce fichier, puis recommencez.",
            en=f"The list of named versions ({TAGS_FILE}) cannot be read; the versions themselves are untouched. "
               "Ask the person who looks after the files to repair it, then try again.",
        ) from None  # fmt: skip
    out = []
    for entry in data or []:
        if isinstance(entry, dict) and isinstance(entry.get("name"), str):
            out.append(NamedVersion(**{k: v for k, v in entry.items() if k in NamedVersion.__dataclass_fields__}))
    return out


def list_versions(path: str | os.PathLike[str]) -> list[NamedVersion]:
    """The named versions of the framework in ``path``, oldest first."""
    return _read_tags(Path(path))


def tag(
    path: str | os.PathLike[str],
    name: str,
    note: str = "",
    author: Author | str | tuple[str | None, str | None] | None = None,
) -> NamedVersion:
    """Name the framework as it is on disk now: copy its files to ``history/versions/<name>/``.

    Refused (:class:`VersionError`) when the name is not safe for a folder, is already used,
    or when a file of the framework cannot be read (a named version must be complete); refused
    (:class:`~badgeworkbench.errors.PathOutsideFolder`), writing nothing, when ``history`` or a
    path under it is a symbolic link: the copies are never written through one.
    """
    folder = Path(path)
    if not is_safe_id(name) or name == CURRENT:
        raise VersionError(
            f"{name!r} cannot name a version: use letters, digits, '-', '_' or '.' "
            f"(e.g. 'v1' or 'adopte-2026-03'), and not {CURRENT!r}.",
            fr=f"« {name} » ne peut pas nommer une version\u202f: utilisez des lettres, des chiffres, « - », « _ » ou "
               f"« . » (par exemple « v1 » ou « adopte-2026-03 »), et pas « {CURRENT} ».",
            en=f"'{name}' cannot name a version: use letters, digits, '-', '_' or '.' (e.g. 'v1' or "
               f"'adopte-2026-03'), and not '{CURRENT}'.",
        )  # fmt: skip
    opened = read_framework(folder)
    if opened.snapshot.unreadable:
        unreadable = ", ".join(sorted(opened.snapshot.unreadable))
        raise VersionError(
            f"{folder}: {unreadable} cannot be read, so the "
            "version would be incomplete. Fix these files (see 'badgeworkbench validate'), then tag.",
            fr=f"{unreadable}\u202f: illisible(s), la version serait incomplète et n'a pas été nommée. Corrigez ces "
               "fichiers (« Vérifier » les signale), puis nommez la version.",
            en=f"{unreadable} cannot be read, so the version would be incomplete and was not named. Fix these files "
               "('Check' points at them), then name the version.",
        )  # fmt: skip
    who = author_of(author)
    tags_path = writable_path(folder, TAGS_FILE)
    temp = writable_path(folder, f"{HISTORY_DIR}/.tags.yaml.tmp")
    target = writable_path(folder, f"{VERSIONS_DIR}/{name}")
    staging = writable_path(folder, f"{VERSIONS_DIR}/.{name}.partial")
    sources = {relpath: inside(folder, relpath) for relpath in opened.snapshot.digests}
    with _log_lock(folder):
        existing = _read_tags(folder)
        if any(t.name == name for t in existing):
            names = ", ".join(t.name for t in existing)
            raise VersionError(
                f"A version named {name!r} already exists in {folder}; choose another name (existing: {names}).",
                fr=f"Une version « {name} » existe déjà\u202f: choisissez un autre nom (déjà pris\u202f: {names}).",
                en=f"A version named '{name}' already exists: choose another name (already used: {names}).",
            )  # fmt: skip
        shutil.rmtree(staging, ignore_errors=True)
        for relpath, source in sources.items():
            dest = staging / relpath
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, dest)
        if target.exists():  # a leftover of a crashed tag that never reached tags.yaml
            shutil.rmtree(target)
        os.replace(staging, target)
        version = NamedVersion(
            name=name, note=note, date=dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
            partner=who.partner, person=who.person, framework_version=opened.framework.version,
            files=dict(sorted(opened.snapshot.digests.items())),
        )  # fmt: skip
        text = yamlfile.dump([t.to_dict() for t in [*existing, version]])
        temp.write_text(text, "utf-8")
        os.replace(temp, tags_path)
    return version


def version_path(path: str | os.PathLike[str], name: str) -> Path:
    """The folder holding the named version ``name`` (:class:`VersionError` with suggestions if unknown)."""
    folder = Path(path)
    names = [t.name for t in _read_tags(folder)]
    if name not in names:
        close = difflib.get_close_matches(name, names, n=3)
        hint = f" Did you mean {', '.join(close)}?" if close else f" Known versions: {', '.join(names) or 'none'}."
        hint_fr = (f" Vouliez-vous dire {', '.join(close)}\u202f?" if close
                   else f" Versions connues\u202f: {', '.join(names) or 'aucune'}.")  # fmt: skip
        raise VersionError(
            f"{folder}: there is no version named {name!r}.{hint}",
            fr=f"Ce référentiel n'a pas de version « {name} » (supprimée entre-temps\u202f?).{hint_fr} Choisissez "
               "une version présente dans la liste.",
            en=f"This framework has no version '{name}' (removed meanwhile?).{hint} Pick one from the list.",
        )
    inside(folder, f"{VERSIONS_DIR}/{name}")  # a version folder linked outside is refused, not read
    return folder / VERSIONS_DIR / name


def load_version(path: str | os.PathLike[str], name: str) -> Framework:
    """The framework as it was when ``name`` was tagged (``"current"``: as it is now)."""
    if name == CURRENT:
        return load_framework(path)
    return load_framework(version_path(path, name))


def compare_versions(path: str | os.PathLike[str], old: str, new: str = CURRENT) -> FrameworkDiff:
    """What changed from version ``old`` to version ``new`` (names from :func:`tag`, or ``"current"``)."""
    return compare(load_version(path, old), load_version(path, new))


def _next_id(framework: Framework, badge_id: str, new_version: str) -> str:
    base = re.sub(r"-v\d+$", "", badge_id)
    major = re.match(r"\d+", new_version)
    candidate = f"{base}-v{major.group(0) if major else re.sub(r'[^a-z0-9]+', '-', new_version.lower())}"
    n = 2
    unique = candidate
    while framework.badge(unique) is not None:
        unique = f"{candidate}-{n}"
        n += 1
    return unique


def _retarget(req: Requirement | None, old: str, new: str) -> Requirement | None:
    if req is None:
        return None
    return req.model_copy(update={"of": [
        (new if item == old else item) if isinstance(item, str) else _retarget(item, old, new) for item in req.of
    ]})  # fmt: skip


def new_badge_version(
    framework: Framework,
    badge_id: str,
    new_version: str,
    *,
    new_id: str | None = None,
    author: Author | str | tuple[str | None, str | None] | None = None,
    retarget: bool = False,
    **changes: Any,
) -> Framework:
    """``framework`` with a new version of badge ``badge_id`` added after it.

    The new badge is a copy with ``id`` = ``new_id`` (default ``<id>-v<major>``, e.g.
    ``cuisine-v2`` for version ``2.0``), ``version`` = ``new_version``, ``previous_version`` =
    the old id, ``changes`` applied (e.g. ``criteria=…``), status ``proposed`` (the consortium
    adopts a new version as any proposal), no votes or comments (they were about the old one),
    and fresh provenance. The old badge is left as it is: badges already issued point at it.
    With ``retarget=True``, requirements, pathway stages and layout that named the old badge
    name the new one.

    >>> from badgeworkbench.model import Badge, Framework
    >>> fw = new_badge_version(Framework(id="f", badges=[Badge(id="cuisine")]), "cuisine", "2.0")
    >>> [(b.id, b.version, b.previous_version) for b in fw.badges]
    [('cuisine', '1.0', None), ('cuisine-v2', '2.0', 'cuisine')]
    """
    old = framework.badge(badge_id)
    if old is None:
        raise UnknownItem("badge", badge_id, difflib.get_close_matches(badge_id, [b.id for b in framework.badges], n=3))
    if new_version == old.version:
        raise VersionError(
            f"badge:{badge_id} is already version {old.version!r}: give a new version number (e.g. '2.0').",
            fr=f"Le badge « {badge_id} » est déjà en version « {old.version} »\u202f: donnez un nouveau numéro de "
               "version (par exemple « 2.0 »).",
            en=f"Badge '{badge_id}' is already version '{old.version}': give a new version number (e.g. '2.0').",
        )  # fmt: skip
    identifier = new_id or _next_id(framework, badge_id, new_version)
    if not is_safe_id(identifier):
        raise VersionError(
            f"{identifier!r} cannot be a badge id: use letters, digits, '-', '_' or '.'.",
            fr=f"« {identifier} » ne peut pas être l'identifiant d'un badge\u202f: utilisez des lettres, des "
               "chiffres, « - », « _ » ou « . ».",
            en=f"'{identifier}' cannot be a badge id: use letters, digits, '-', '_' or '.'.",
        )  # fmt: skip
    if framework.badge(identifier) is not None:
        raise VersionError(
            f"A badge with the id {identifier!r} already exists: choose another new_id.",
            fr=f"Un badge « {identifier} » existe déjà\u202f: choisissez un autre identifiant pour la nouvelle "
               "version.",
            en=f"A badge '{identifier}' already exists: choose another id for the new version.",
        )  # fmt: skip
    who = author_of(author)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    data = old.model_dump()
    data.update(changes)
    data.update(
        id=identifier, version=new_version, previous_version=old.id, status=Status.PROPOSED, votes=0, comments=[],
        provenance=Provenance(proposed_by=who.partner, proposed_by_person=who.person, created=now,
                              changed_by=who.partner, changed_by_person=who.person, changed=now),
    )  # fmt: skip
    try:
        new = type(old).model_validate(data)
    except Exception as error:  # a bad value in ``changes``: say which field
        first_line = f"{error}".splitlines()[0]
        raise VersionError(
            f"badge:{identifier}: {first_line} — fix the changed fields.",
            fr=f"Badge « {identifier} »\u202f: une valeur changée est refusée ({first_line})\u202f: corrigez-la.",
            en=f"Badge '{identifier}': a changed value is refused ({first_line}): fix it.",
        ) from None
    badges = []
    for b in framework.badges:
        if retarget and b.requires is not None and b.id != identifier:
            b = b.model_copy(update={"requires": _retarget(b.requires, old.id, identifier)})
        badges.append(b)
        if b.id == old.id:
            badges.append(new)
    updates: dict[str, Any] = {"badges": badges}
    if retarget:
        updates["pathways"] = [
            p.model_copy(update={"stages": [
                s.model_copy(update={"badges": [identifier if x == old.id else x for x in s.badges]}) for s in p.stages
            ], "target": identifier if p.target == old.id else p.target})
            for p in framework.pathways
        ]  # fmt: skip
        if old.id in framework.layout:
            layout = dict(framework.layout)
            layout[identifier] = layout.pop(old.id)
            updates["layout"] = layout
    return framework.replace(**updates)

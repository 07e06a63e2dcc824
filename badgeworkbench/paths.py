"""Paths inside a folder: the one place that decides whether a path stays in it.

Every path that comes from a file or a person — the files of a framework folder, the entries of an
interrupted save's journal, an uploaded image named in a badge, an export target — is checked here
before anything reads, writes or deletes it. A path is *inside* a folder when it is relative, has
no ``..`` part, and no symbolic link on its way leads out of the folder.

Reading may follow a symbolic link that stays inside (:func:`inside`). Writing and deleting never
go through a symbolic link at all (:func:`writable_path`): a save replaces files by renaming, and
renaming over a link would silently turn the link into a copy.

>>> import tempfile, pathlib
>>> base = pathlib.Path(tempfile.mkdtemp())
>>> inside(base, "badges/a.yaml") == base.resolve() / "badges" / "a.yaml"
True
>>> is_inside(base, "../victim.txt"), is_inside(base, "/etc/passwd"), is_inside(base, "badges/../a.yaml")
(False, False, False)
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import PathOutsideFolder

__all__ = ["Link", "find_link", "inside", "is_inside", "relative_parts", "writable_path"]


@dataclass(frozen=True)
class Link:
    """A symbolic link met on the way to a path: where it is (``path``, relative), what it points to."""

    path: str
    target: str
    outside: bool


def relative_parts(folder: str | os.PathLike[str], relpath: str) -> tuple[str, ...]:
    """The parts of ``relpath``; raise :class:`PathOutsideFolder` when it cannot name a path inside.

    Refused: an empty path, an absolute path (``/x``, ``C:/x``, ``\\\\server``), a ``..`` part, a
    backslash (a separator on Windows) and a NUL character.
    """
    reason = None
    if not isinstance(relpath, str) or not relpath.strip():
        reason = "is not a path"
    elif "\x00" in relpath:
        reason = "holds a NUL character"
    elif "\\" in relpath:
        reason = "holds a backslash; use '/' between folders"
    elif relpath.startswith("/") or (len(relpath) > 1 and relpath[1] == ":"):
        reason = "is an absolute path; give a path inside the folder"
    else:
        parts = tuple(p for p in PurePosixPath(relpath).parts if p != ".")
        if ".." in parts:
            reason = "goes up out of the folder ('..')"
        elif not parts:
            reason = "is not a path"
        else:
            return parts
    raise PathOutsideFolder(str(folder), str(relpath), reason)


def find_link(folder: str | os.PathLike[str], relpath: str, *, base: Path | None = None) -> Link | None:
    """The first symbolic link on the way from ``folder`` to ``relpath`` (``relpath`` itself included).

    ``base`` is ``folder`` resolved, when the caller already has it. Missing parts end the walk.
    """
    parts = relative_parts(folder, relpath)
    here = Path(folder)
    for depth, part in enumerate(parts, 1):
        here = here / part
        try:
            mode = os.lstat(here).st_mode
        except OSError:
            return None
        if stat.S_ISLNK(mode):
            root = base if base is not None else Path(folder).resolve()
            try:
                target = os.readlink(here)
            except OSError:
                target = "?"
            real = Path(os.path.realpath(here))
            return Link("/".join(parts[:depth]), target, not real.is_relative_to(root))
    return None


def inside(folder: str | os.PathLike[str], relpath: str) -> Path:
    """The real path of ``relpath`` in ``folder``, for reading; raise :class:`PathOutsideFolder` if it leads out.

    Symbolic links are followed only while they stay inside ``folder``.
    """
    relative_parts(folder, relpath)
    base = Path(folder).resolve()
    real = Path(os.path.realpath(base / relpath))
    if not real.is_relative_to(base):
        link = find_link(folder, relpath, base=base)
        if link is None:
            raise PathOutsideFolder(str(folder), relpath, f"leads outside the folder ({base})")
        raise PathOutsideFolder(
            str(folder), relpath,
            f"leads outside the folder ('{link.path}' is a symbolic link to {link.target!r}, outside {base}; "
            "replace the link by the file or folder itself)", link=link.path)
    return real


def is_inside(folder: str | os.PathLike[str], relpath: str) -> bool:
    """True when ``relpath`` names a path inside ``folder`` (see :func:`inside`)."""
    try:
        inside(folder, relpath)
    except PathOutsideFolder:
        return False
    return True


def writable_path(folder: str | os.PathLike[str], relpath: str) -> Path:
    """The path to create, replace or delete for ``relpath`` in ``folder``, never through a link.

    Raises :class:`PathOutsideFolder` when ``relpath`` is not a path inside, or when it or a folder
    on its way is a symbolic link (even one that stays inside): replacing it would turn the link
    into a copy, writing through it would change what it points to.
    """
    relative_parts(folder, relpath)
    link = find_link(folder, relpath)
    if link is not None:
        raise PathOutsideFolder(
            str(folder), relpath,
            f"has a symbolic link on its way ('{link.path}' → {link.target!r}), which is never written through "
            "or replaced by a copy; replace the link by the file or folder itself", link=link.path)
    return Path(folder) / relpath

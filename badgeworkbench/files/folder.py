"""What a framework folder holds: the names of its files, how they are listed, its lock.

Listing never follows a symbolic link out of the folder: such a link is listed (so that saves
know it is there and leave it alone) but its target is never read (see :mod:`badgeworkbench.paths`).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import FrameworkNeedsRepair
from ..paths import Link, find_link

__all__ = [
    "FRAMEWORK_FILE",
    "ITEM_FOLDERS",
    "LOCK",
    "MAX_FILE_BYTES",
    "SINGLE_FILES",
    "FolderFiles",
    "digest",
    "is_being_saved",
    "is_framework_folder",
    "is_managed",
    "list_files",
    "locked",
]

FRAMEWORK_FILE = "framework.yaml"
#: A larger file is refused unread: no framework file comes near it, a hostile one could exhaust memory.
MAX_FILE_BYTES = 64 * 1024 * 1024
LOCK = ".badgeworkbench.lock"
SINGLE_FILES = (FRAMEWORK_FILE, "partners.yaml", "relations.yaml", "layout.yaml")
ITEM_FOLDERS = ("competencies", "badges", "pathways")
_ITEM_FILE = re.compile(r"(competencies|badges|pathways)/[^/\\\x00]+\.yaml")


def is_framework_folder(path: str | os.PathLike[str]) -> bool:
    return (Path(path) / FRAMEWORK_FILE).is_file()


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def is_managed(relpath: str) -> bool:
    """True for the files a save owns (and may delete when their item is gone)."""
    return relpath in SINGLE_FILES or (_ITEM_FILE.fullmatch(relpath) is not None and ".." not in relpath.split("/"))


@dataclass
class FolderFiles:
    """The framework files found in a folder, in a stable order.

    ``links``: for each file (or item folder) with a symbolic link on its way, that link. A file
    behind a link leading outside is listed but never read; an item folder that is such a link
    is not listed inside at all.
    """

    folder: Path
    files: list[str] = field(default_factory=list)
    links: dict[str, Link] = field(default_factory=dict)

    def outside(self, relpath: str) -> Link | None:
        """The link that takes ``relpath`` out of the folder, if one does."""
        link = self.links.get(relpath)
        return link if link is not None and link.outside else None

    def digest_on_disk(self, relpath: str) -> str:
        """The digest of the file as it is now; for a link leading outside, of the link, never of its target."""
        link = self.outside(relpath)
        if link is not None:
            return digest(f"link:{link.target}".encode())
        try:
            return digest((self.folder / relpath).read_bytes())
        except OSError:
            return "unreadable"


def list_files(folder: Path) -> FolderFiles:
    """The framework files of ``folder``: the single files, then each item folder's ``*.yaml``, sorted."""
    found = FolderFiles(folder)
    base: Path | None = None

    def link_of(relpath: str) -> Link:
        nonlocal base
        base = base if base is not None else folder.resolve()
        link = find_link(folder, relpath, base=base)
        assert link is not None
        return link

    for name in SINGLE_FILES:
        try:
            mode = os.lstat(folder / name).st_mode
        except OSError:
            continue
        if stat.S_ISLNK(mode):
            link = found.links[name] = link_of(name)
            if link.outside or (folder / name).is_file():
                found.files.append(name)
        elif stat.S_ISREG(mode):
            found.files.append(name)
    for sub in ITEM_FOLDERS:
        try:
            mode = os.lstat(folder / sub).st_mode
        except OSError:
            continue
        folder_link = None
        if stat.S_ISLNK(mode):
            folder_link = found.links[sub] = link_of(sub)
            if folder_link.outside:
                continue  # never listed: listing it would already read outside the folder
        if not (folder / sub).is_dir():
            continue
        # os.scandir: the same names as Path.glob("*.yaml"), in the same order, a tenth of the cost.
        names = []
        with os.scandir(folder / sub) as entries:
            for entry in entries:
                if not entry.name.endswith(".yaml"):
                    continue
                if entry.is_symlink():
                    link = found.links[f"{sub}/{entry.name}"] = link_of(f"{sub}/{entry.name}")
                    if link.outside or entry.is_file():
                        names.append(entry.name)
                elif entry.is_file():
                    names.append(entry.name)
        for name in sorted(names):
            relpath = f"{sub}/{name}"
            found.files.append(relpath)
            if folder_link is not None and relpath not in found.links:
                found.links[relpath] = folder_link
    return found


def is_being_saved(folder: Path) -> bool:
    """True while another save (or recovery) holds the folder's lock: what is on disk is about to change."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(folder / LOCK, flags)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return False
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold the folder's lock: two saves, or a save and a recovery, never interleave.

    The lock file is opened without following a symbolic link: a planted link would otherwise
    create or open a file outside the folder.
    """
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(folder / LOCK, flags, 0o666)
    except OSError:
        if os.path.islink(folder / LOCK):
            raise FrameworkNeedsRepair(str(folder), [
                f"{LOCK}: it is a symbolic link, not the folder's own lock file; delete it, then try again"]) from None
        raise
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)

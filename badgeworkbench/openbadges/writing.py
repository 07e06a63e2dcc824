"""Writing an export into its folder: the folder is owned by the export that made it, and only that.

Every export writes a manifest, :data:`MANIFEST`, listing each file it wrote with its SHA-256. On the
next export into the same folder only those files are replaced or removed; anything else there —
a ``CNAME``, a ``.git/`` folder, a page someone added, the awards — is left exactly as it was:

- a non-empty folder without a manifest is refused, unless ``force``; even then nothing already there
  is removed or replaced (a file the export would write over is refused by name);
- a listed file changed by hand since the export wrote it is never removed; when the new export would
  write over it, it is refused by name, unless ``force``;
- a manifest naming a path outside the folder (or through a link leading outside) is refused: it was
  not written by Badge Workbench.

Writing is all or nothing: every file is first written into a temporary folder beside the target;
only then are files moved into place, and a failure while moving puts everything back.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any

from ..errors import PathOutsideFolder
from ..paths import relative_parts, writable_path
from .errors import ExportFolderRefused, OpenBadgesError

__all__ = ["MANIFEST", "read_manifest", "write_files"]

#: Written in every export: the files it wrote, each with its SHA-256.
MANIFEST = ".badgeworkbench-export.json"


def _same_file(path: Path, data: bytes) -> bool:
    """Whether ``path`` is a plain file holding exactly ``data`` (writing it again destroys nothing, e.g. the DID
    document an award published before the export did)."""
    try:
        return not path.is_symlink() and path.is_file() and path.read_bytes() == data
    except OSError:
        return False


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _safe_relative(path: str) -> PurePosixPath:
    """``path`` as a relative path inside the export folder; refused (``..``, absolute, backslash…) otherwise."""
    try:
        return PurePosixPath(*relative_parts(".", path))
    except PathOutsideFolder as refused:
        raise OpenBadgesError(f"Refusing to write {path!r}: it {refused.reason}; export paths stay inside the "
                              "output folder.") from None


def _confined_export_path(folder: Path, relative: str) -> Path:
    """``folder/relative`` to write, refused when it would lead outside ``folder`` or through a link
    (the confinement every command shares: :func:`badgeworkbench.paths.writable_path`)."""
    try:
        return writable_path(folder, _safe_relative(relative).as_posix())
    except PathOutsideFolder as refused:
        raise OpenBadgesError(f"Refusing to write {relative!r} in {folder}: it {refused.reason}.") from None


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The manifest of the export in ``folder``, ``None`` when there is none; refused when it is not ours."""
    path = folder / MANIFEST
    if not path.exists() and not path.is_symlink():
        return None
    try:
        if path.is_symlink() or not path.is_file():
            raise ValueError("not a plain file")
        data = json.loads(path.read_bytes())
        files = data.get("files", {})
        if not isinstance(data, dict) or not isinstance(files, dict):
            raise ValueError("not a manifest")
    except (OSError, ValueError, AttributeError):
        raise ExportFolderRefused(
            f"{path} cannot be read as a Badge Workbench export manifest; nothing was written. Remove it, or "
            "choose a new or empty folder."
        ) from None
    for relative, digest in files.items():
        try:
            if not isinstance(digest, str) or any(part.startswith(".") for part in PurePosixPath(relative).parts):
                raise OpenBadgesError("not a file an export writes")  # exports write no hidden file but this one
            _confined_export_path(folder, relative)
        except OpenBadgesError:
            raise ExportFolderRefused(
                f"{path} lists {relative!r}, which is not a file inside {folder}: this manifest was not written by "
                "Badge Workbench. Nothing was written; remove the manifest, or choose a new or empty folder."
            ) from None
    return data


def _owned_state(folder: Path, owned: dict[str, str]) -> tuple[set[str], list[str]]:
    """Of the files the manifest lists: those still as written, and those changed (or replaced by something else)."""
    unchanged, changed = set(), []
    for relative, digest in owned.items():
        path = folder.joinpath(*PurePosixPath(relative).parts)
        if path.is_symlink() or (path.exists() and not path.is_file()):
            changed.append(relative)
        elif path.is_file():
            if _digest(path.read_bytes()) == digest:
                unchanged.add(relative)
            else:
                changed.append(relative)
    return unchanged, sorted(changed)


def _listed(paths: Iterable[str]) -> str:
    names = sorted(paths)
    return ", ".join(names[:5]) + (f" (+{len(names) - 5} more)" if len(names) > 5 else "")


def write_files(files: dict[str, bytes], out_dir: str | os.PathLike[str], *, merge: bool = False,
                force: bool = False) -> Path:  # fmt: skip
    """Write ``files`` (``{relative path: bytes}``, with a :data:`MANIFEST`) into ``out_dir``, as the module says.

    With ``merge`` (awarding into an export folder) no file of the earlier export is removed, and its
    manifest is kept (with the digests of the files it lists that ``files`` replaces). A folder that cannot
    be written (read-only, disk full) is an :class:`OpenBadgesError`: what was moved is moved back.
    """
    try:
        return _write_files(files, out_dir, merge=merge, force=force)
    except OSError as error:
        folder = Path(out_dir).absolute()
        why = error.strerror or str(error)
        raise OpenBadgesError(
            f"{folder}: the files could not be written ({why}); nothing was written. Check that you may write in "
            f"this folder and in {folder.parent} (a temporary folder is made there), and that the disk is not full.",
            fr=f"{folder} : les fichiers n'ont pas pu être écrits ({why}) ; rien n'a été écrit. Vérifiez que vous "
               f"pouvez écrire dans ce dossier et dans {folder.parent}, et que le disque n'est pas plein.",
            en=f"{folder}: the files could not be written ({why}); nothing was written. Check that you may write in "
               f"this folder and in {folder.parent}, and that the disk is not full.",
        ) from None  # fmt: skip


def _write_files(files: dict[str, bytes], out_dir: str | os.PathLike[str], *, merge: bool, force: bool) -> Path:
    out = Path(out_dir).absolute()
    if out.exists() and not out.is_dir():
        raise ExportFolderRefused(f"{out} is a file: choose a folder for the export.")
    if not out.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
        temporary = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent))
        try:
            _write_all(files, temporary)
            os.chmod(temporary, 0o755)  # noqa: S103 - mkdtemp makes it private; a published site must be readable
            temporary.rename(out)
        except BaseException:
            shutil.rmtree(temporary, ignore_errors=True)
            raise
        return out

    manifest = read_manifest(out)
    if manifest is None and any(out.iterdir()) and not force:
        raise ExportFolderRefused(
            f"{out} already holds files that are not a Badge Workbench export; they were left alone. Choose a new "
            "or empty folder, or add --force to write the export beside them (nothing already there is removed)."
        )
    owned: dict[str, str] = dict((manifest or {}).get("files", {}))
    unchanged, changed = _owned_state(out, owned)
    # A listed file changed by hand is kept, unlisted, when this export does not write it; replaced only with force.
    overwritten = [p for p in changed if p in files]
    if overwritten and not force:
        raise ExportFolderRefused(
            f"{out}: {_listed(overwritten)} changed since the last export wrote them, and this export would replace "
            "them; nothing was written. Copy your changes elsewhere, or add --force to replace them."
        )
    writing = dict(files)
    if merge:  # awarding: the export keeps its manifest, with the digests of the files replaced
        interim = {p: (_digest(files[p]) if p in files else d) for p, d in owned.items()}
        if manifest is not None:
            writing[MANIFEST] = json.dumps({**manifest, "files": interim}, ensure_ascii=False, indent=2).encode() + b"\n"
    else:  # while files move, claim the old ones and the new: were the machine to stop half-way, the next
        interim = {**owned, **{p: _digest(d) for p, d in writing.items() if p != MANIFEST}}  # export still owns them
    clashes = [p for p in writing if p != MANIFEST and p not in owned and not (merge and manifest is not None)
               and ((out / p).exists() or (out / p).is_symlink()) and not _same_file(out / p, writing[p])]  # fmt: skip
    if clashes:
        raise ExportFolderRefused(
            f"{out}: {_listed(clashes)} {'is' if len(clashes) == 1 else 'are'} not from an earlier export, and this "
            "export would write over them; nothing was written. Move them away, or choose another folder."
        )
    removing = set() if merge else {p for p in unchanged if p not in writing}
    for relative in writing:
        _confined_export_path(out, relative)

    temporary = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent))
    try:
        _write_all(writing, temporary)
        (temporary / f"{MANIFEST}.interim").write_bytes(json.dumps({**(manifest or {}), "files": interim},
                                                                   ensure_ascii=False, indent=2).encode("utf-8"))
        _commit(writing, removing, temporary, out)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    return out


def _write_all(files: dict[str, bytes], folder: Path) -> None:
    made: set[Path] = set()
    for relative, data in files.items():
        target = folder.joinpath(*_safe_relative(relative).parts)
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_bytes(data)


def _commit(writing: dict[str, bytes], removing: set[str], temporary: Path, out: Path) -> None:
    """Move the written files into ``out`` (the manifest last) and the removed ones out; undo it all on failure."""
    manifest = out / MANIFEST
    old_manifest = manifest.read_bytes() if manifest.is_file() else None
    trash = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=out.parent))
    moved_out: list[str] = []
    moved_in: list[str] = []
    made: list[Path] = []
    try:
        os.replace(temporary / f"{MANIFEST}.interim", manifest)
        for relative in sorted(removing | {p for p in writing if p != MANIFEST and ((out / p).exists() or (out / p).is_symlink())}):
            aside = trash.joinpath(*PurePosixPath(relative).parts)
            aside.parent.mkdir(parents=True, exist_ok=True)
            os.replace(out.joinpath(*PurePosixPath(relative).parts), aside)
            moved_out.append(relative)
        for relative in sorted(writing, key=lambda p: p == MANIFEST):  # the manifest last
            target = _confined_export_path(out, relative)
            missing = [d for d in (target.parent, *target.parent.parents) if d != out and out in d.parents
                       and not d.exists()]  # fmt: skip
            for directory in reversed(missing):
                directory.mkdir()
                made.append(directory)
            os.replace(temporary.joinpath(*PurePosixPath(relative).parts), target)
            moved_in.append(relative)
    except BaseException:
        for relative in reversed(moved_in):
            with contextlib.suppress(OSError):
                os.replace(out.joinpath(*PurePosixPath(relative).parts), temporary.joinpath(*PurePosixPath(relative).parts))
        for directory in reversed(made):
            with contextlib.suppress(OSError):
                directory.rmdir()
        for relative in reversed(moved_out):
            with contextlib.suppress(OSError):
                os.replace(trash.joinpath(*PurePosixPath(relative).parts), out.joinpath(*PurePosixPath(relative).parts))
        with contextlib.suppress(OSError):
            if old_manifest is None:
                manifest.unlink(missing_ok=True)
            else:
                manifest.write_bytes(old_manifest)
        shutil.rmtree(trash, ignore_errors=True)
        raise
    shutil.rmtree(trash, ignore_errors=True)
    # Folders the removed files leave empty go too (never one that still holds anything).
    emptied = {out.joinpath(*PurePosixPath(p).parts).parent for p in removing}
    for directory in sorted(emptied, key=lambda d: len(d.parts), reverse=True):
        while directory != out and out in directory.parents:
            try:
                directory.rmdir()
            except OSError:
                break
            directory = directory.parent

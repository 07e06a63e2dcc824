"""Reading and writing a framework folder, ``frameworks/<slug>/``.

The folder is laid out so that partners editing different things touch different files::

    framework.yaml            id, titles, version, languages, badge levels, territories
    partners.yaml             the partners
    competencies/<root>.yaml  one file per top-level competency, holding its whole subtree
    badges/<badge-id>.yaml    one file per badge (requirements included)
    pathways/<id>.yaml        one file per pathway
    relations.yaml            typed relations between competencies, one per line
    layout.yaml               positions of badges in the constellation picture

Files are canonical YAML (:mod:`badgeworkbench.yamlfile`): loading then saving an unchanged
framework rewrites nothing, and changing one badge changes only that badge's file.

Saving is safe: every file is first written beside its target and flushed, then renamed
into place; a journal makes a save that crashed half-way finish at the next load; and when
given the :class:`Snapshot` taken at load time, a save refuses to overwrite files that
someone else changed meanwhile (compare-and-swap).
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import json
import operator
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from . import yamlfile
from ._gcpause import gc_paused
from .errors import FrameworkChangedOnDisk, FrameworkFileError, FrameworkNeedsRepair, UnsafeIdentifier
from .ids import is_safe_id
from .model import FORMAT_VERSION, Badge, Competency, Framework, Partner, Pathway, Position, Relation
from .report import Problem, Report, Severity

__all__ = [
    "FRAMEWORK_FILE",
    "MAX_FILE_BYTES",
    "OpenedFramework",
    "Snapshot",
    "changed_on_disk",
    "competency_roots",
    "framework_files",
    "is_framework_folder",
    "load_framework",
    "read_framework",
    "save_framework",
]

FRAMEWORK_FILE = "framework.yaml"
#: A larger file is refused unread: no framework file comes near it, a hostile one could exhaust memory.
MAX_FILE_BYTES = 64 * 1024 * 1024
_JOURNAL = ".save-journal.json"
_LOCK = ".badgeworkbench.lock"
_AUTHORED_FIELDS = ("status", "votes", "comments", "provenance")
_ITEM_LISTS = frozenset({"partners", "competencies", "badges", "relations", "pathways", "layout"})


@dataclass(frozen=True)
class Snapshot:
    """What the files looked like when read.

    ``digests``: a digest per file, as this framework last knew it (a save keeps, for files it did
    not write, the digest it knew — so a later save can still tell that someone else changed them).
    ``unreadable``: files that could not be read, or that hold items that failed to load; a save
    never overwrites or deletes them. ``rendered``: for those files, the digest of what the loaded
    framework itself renders there, so a save can tell whether it changed any of their items.
    ``item_files``: which file holds each item (``kind:id``); ``item_digests``: for the items of
    protected files, a digest of each item as loaded.
    """

    folder: str
    digests: dict[str, str] = field(default_factory=dict)
    unreadable: frozenset[str] = frozenset()
    item_files: dict[str, str] = field(default_factory=dict)
    rendered: dict[str, str] = field(default_factory=dict)
    #: For items read from protected files, a digest of each: a save that changes or moves one is refused.
    item_digests: dict[str, str] = field(default_factory=dict)
    #: For protected files, what could not be loaded from them (item ids), to name it when refusing.
    damaged: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def repair_notes(self, files: list[str]) -> list[str]:
        """One sentence per damaged file: what it holds that a save would lose."""
        notes = []
        for relpath in sorted(set(files)):
            lost = self.damaged.get(relpath, ())
            what = ", ".join(lost[:5]) + (f" (+{len(lost) - 5})" if len(lost) > 5 else "") if lost else "its content"
            notes.append(f"{relpath}: {what} could not be loaded, and this save would lose it")
        return notes
    _lines: dict[str, dict[str, int]] = field(default_factory=dict, compare=False, repr=False)
    #: For each file whose bytes this framework knows (``digests``), the model objects it was read or
    #: rendered from. Models are immutable, so a save whose file holds the very same objects knows its
    #: text without rendering it: at ROME scale that turns a 4 s save into a fraction of a second.
    items: dict[str, tuple[Any, ...]] = field(default_factory=dict, compare=False, repr=False)

    def locate(self, problem: Problem) -> tuple[str, int] | None:
        """File and line of the item a problem concerns (for :meth:`Report.located`).

        Lines are found only when asked, by reading that file again: most loads have no problem to
        place, and scanning every file for them cost a fifth of the load time at ROME scale. In
        one-item files (badges, pathways) the line is that of the field's top-level key.
        """
        relpath = self.item_files.get(problem.item or "")
        if relpath is None:
            return None
        lines = self._lines.get(relpath)
        if lines is None:
            try:
                text = (Path(self.folder) / relpath).read_text("utf-8")
            except (OSError, UnicodeDecodeError):
                text = ""
            lines = _item_lines(text) if relpath.startswith(("competencies/", "partners.yaml")) else _key_lines(text)
            self._lines[relpath] = lines
        if relpath.startswith(("badges/", "pathways/")):
            top = re.split(r"[.\[]", problem.field or "", maxsplit=1)[0]
            return relpath, lines.get(top, 1)
        ident = (problem.item or "").split(":", 1)[-1]
        return relpath, lines.get(ident, 1)


@dataclass(frozen=True)
class OpenedFramework:
    """A framework as read from a folder, with the problems met while reading and the snapshot."""

    framework: Framework
    snapshot: Snapshot
    report: Report


# --- paths -------------------------------------------------------------------------------------


def is_framework_folder(path: str | os.PathLike[str]) -> bool:
    return (Path(path) / FRAMEWORK_FILE).is_file()


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _managed(relpath: str) -> bool:
    """True for the files a save owns (and may delete when their item is gone)."""
    return relpath in {FRAMEWORK_FILE, "partners.yaml", "relations.yaml", "layout.yaml"} or bool(
        re.fullmatch(r"(competencies|badges|pathways)/[^/]+\.yaml", relpath)
    )


def _existing_files(folder: Path) -> list[str]:
    found = []
    for name in (FRAMEWORK_FILE, "partners.yaml", "relations.yaml", "layout.yaml"):
        if (folder / name).is_file():
            found.append(name)
    for sub in ("competencies", "badges", "pathways"):
        if (folder / sub).is_dir():
            # os.scandir: the same names as Path.glob("*.yaml"), in the same order, a tenth of the cost.
            with os.scandir(folder / sub) as entries:
                names = [e.name for e in entries if e.name.endswith(".yaml") and e.is_file()]
            found.extend(f"{sub}/{name}" for name in sorted(names))
    return found


# --- from model to file contents ---------------------------------------------------------------


def _plain(item: BaseModel, exclude: frozenset[str] | None = None) -> dict[str, Any]:
    """The item as file data: defaults left out, ``id`` first, co-design fields last."""
    return _ordered(item.model_dump(mode="json", exclude_defaults=True, exclude=exclude))


def _ordered(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with ``id`` first and the co-design fields last."""
    if data.keys().isdisjoint(_AUTHORED_FIELDS) and ("id" not in data or next(iter(data)) == "id"):
        return data  # already in order: most items, and records without id (relations)
    ordered = {"id": data.pop("id")} if "id" in data else {}
    tail = {k: data.pop(k) for k in _AUTHORED_FIELDS if k in data}
    ordered.update(data)
    ordered.update(tail)
    return ordered


def _badge_data(badge: Badge) -> dict[str, Any]:
    data = _plain(badge)
    if "competencies" in data:  # a competency recognised at any level is written as its bare id
        data["competencies"] = [
            c["competency"] if set(c) == {"competency"} else c for c in data["competencies"]
        ]
    return data


def competency_roots(framework: Framework) -> dict[str, str]:
    """For each competency, the id of its top-level ancestor (itself for roots and cycles).

    Remembered by the framework for its list of competencies (a save needs it twice).
    """
    return framework._cached("files.roots", framework.competencies, _roots)


def _roots(competencies: list[Competency]) -> dict[str, str]:
    parent = {c.id: c.parent for c in competencies}
    roots: dict[str, str] = {}
    for cid in parent:
        chain, node = [], cid
        while node in parent and parent[node] in parent and node not in roots and node not in chain:
            chain.append(node)
            node = parent[node]  # type: ignore[assignment]
        root = roots.get(node, node)
        for visited in chain:
            roots[visited] = root
        roots.setdefault(cid, root)
    return roots


def _items_by_key(framework: Framework) -> dict[str, BaseModel]:
    items: dict[str, BaseModel] = {}
    for kind, attr in (("partner", "partners"), ("competency", "competencies"), ("badge", "badges"),
                       ("pathway", "pathways")):
        items.update((f"{kind}:{item.id}", item) for item in getattr(framework, attr))
    return items


def _item_digests(framework: Framework, keys: set[str]) -> dict[str, str]:
    """Digest of the JSON of each item named in ``keys`` (``kind:id``) that the framework holds."""
    if not keys:
        return {}
    items = _items_by_key(framework)
    return {k: _digest(items[k].__pydantic_serializer__.to_json(items[k])) for k in keys if k in items}


def _item_files(framework: Framework) -> dict[str, str]:
    """Which file holds each item, as :func:`framework_files` lays them out."""
    roots = competency_roots(framework)
    files = {f"partner:{p.id}": "partners.yaml" for p in framework.partners}
    files.update((f"competency:{c.id}", f"competencies/{roots[c.id]}.yaml") for c in framework.competencies)
    files.update((f"badge:{b.id}", f"badges/{b.id}.yaml") for b in framework.badges)
    files.update((f"pathway:{p.id}", f"pathways/{p.id}.yaml") for p in framework.pathways)
    return files


def _file_plan(framework: Framework) -> dict[str, tuple[tuple[Any, ...] | None, Callable[[], str]]]:
    """Every file of ``framework``: its path, the items it is rendered from, and how to render it.

    The items (a tuple of the very model objects, or ``None`` for files rendered from other data)
    let a save skip files whose items it already rendered or read (see :attr:`Snapshot.items`).
    Raises :class:`UnsafeIdentifier` for an id that would be unsafe as a file name.
    """
    def meta_text() -> str:
        # The items have files of their own: leaving them out of the dump spares serialising them all.
        meta = _plain(framework, _ITEM_LISTS)
        meta = {"format_version": FORMAT_VERSION, **{k: v for k, v in meta.items() if k != "format_version"}}
        return yamlfile.dump(meta)

    plan: dict[str, tuple[tuple[Any, ...] | None, Callable[[], str]]] = {FRAMEWORK_FILE: (None, meta_text)}
    if framework.partners:
        partners = tuple(framework.partners)
        plan["partners.yaml"] = (partners, lambda: yamlfile.dump([_plain(p) for p in partners]))

    roots = competency_roots(framework)
    by_root: dict[str, list[Competency]] = {}
    for c in framework.competencies:
        root = roots[c.id]
        if root not in by_root:
            if not is_safe_id(root):
                raise UnsafeIdentifier(f"competency:{root}", root)
            by_root[root] = [c]
        else:
            by_root[root].append(c)
    for root, group in by_root.items():
        items = tuple(group)
        plan[f"competencies/{root}.yaml"] = (items, functools.partial(_dump_items, items))

    for b in framework.badges:
        if not is_safe_id(b.id):
            raise UnsafeIdentifier(f"badge:{b.id}", b.id)
        plan[f"badges/{b.id}.yaml"] = ((b,), functools.partial(_dump_badge, b))
    for pw in framework.pathways:
        if not is_safe_id(pw.id):
            raise UnsafeIdentifier(f"pathway:{pw.id}", pw.id)
        plan[f"pathways/{pw.id}.yaml"] = ((pw,), functools.partial(_dump_one, pw))
    if framework.relations:
        relations = tuple(framework.relations)
        plan["relations.yaml"] = (relations, functools.partial(_dump_items, relations))
    if framework.layout:
        layout = framework.layout
        plan["layout.yaml"] = (None, lambda: yamlfile.dump(
            {k: {"x": v.x, "y": v.y} for k, v in sorted(layout.items())}))
    return plan


def _dump_items(items: tuple[BaseModel, ...]) -> str:
    model = type(items[0])
    if all(type(item) is model for item in items):
        # One serialiser call for the whole file: per-item model_dump calls cost a fifth of a save.
        dumped = _list_adapter(model).dump_python(list(items), mode="json", exclude_defaults=True)
        return yamlfile.dump([_ordered(data) for data in dumped])
    return yamlfile.dump([_plain(item) for item in items])


def _dump_badge(badge: Badge) -> str:
    return yamlfile.dump(_badge_data(badge))


def _dump_one(item: BaseModel) -> str:
    return yamlfile.dump(_plain(item))


def _same_objects(before: tuple[Any, ...] | None, now: tuple[Any, ...]) -> bool:
    """True when ``now`` holds the very objects of ``before``, in order (identity: no field compared)."""
    return before is not None and len(before) == len(now) and all(map(operator.is_, before, now))


@gc_paused
def framework_files(framework: Framework) -> dict[str, str]:
    """The text of every file of ``framework``, by path relative to its folder.

    Raises :class:`UnsafeIdentifier` for an id that would be unsafe as a file name.
    """
    return {relpath: render() for relpath, (_, render) in _file_plan(framework).items()}


# --- reading -----------------------------------------------------------------------------------


def _problem(code: str, fr: str, en: str, file: str, line: int | None = None, item: str | None = None,
             field: str | None = None, severity: Severity = Severity.ERROR) -> Problem:
    return Problem(code, severity, {"fr": fr, "en": en}, item=item, field=field, file=file, line=line)


def _read_text(folder: Path, relpath: str, report: list[Problem]) -> tuple[str | None, bytes | None]:
    path = folder / relpath
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            mb = size / 1e6
            report.append(_problem(
                "file-too-large",
                f"Fichier trop gros ({mb:.1f} Mo\u202f; au plus {MAX_FILE_BYTES // 2**20} Mio)\u202f: il n'a pas été lu. "
                "Vérifiez qu'il ne contient pas un texte collé par erreur.",
                f"File too large ({mb:.1f} MB; at most {MAX_FILE_BYTES // 2**20} MiB): it was not read. "
                "Check it does not hold text pasted by mistake.", relpath))
            return None, None
        data = path.read_bytes()
    except OSError as error:
        report.append(_problem("file-unreadable", f"Fichier illisible\u202f: {error.strerror}.",
                               f"Cannot read the file: {error.strerror}.", relpath))
        return None, None
    try:
        return data.decode("utf-8-sig"), data
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        report.append(_problem(
            "not-utf8",
            f"Le fichier n'est pas en UTF-8 (octet {error.start}). Enregistrez-le en UTF-8 depuis votre éditeur.",
            f"The file is not UTF-8 (byte {error.start}). Save it as UTF-8 from your editor.",
            relpath, line))
        return None, data


def _parse(text: str, relpath: str, report: list[Problem]) -> tuple[bool, Any]:
    try:
        return True, yamlfile.load(text, relpath)
    except yamlfile.YamlSyntaxError as error:
        report.append(_problem(
            "yaml-syntax",
            f"YAML invalide\u202f: {error.problem}. Corrigez la ligne indiquée (souvent une indentation ou un « : » de trop).",
            f"Invalid YAML: {error.problem}. Fix the line shown (often indentation or a stray ':').",
            relpath, error.line))
        return False, None
    except RecursionError:
        report.append(_problem("yaml-syntax", "YAML trop profondément imbriqué.", "YAML nested too deeply.", relpath))
        return False, None


_TOP_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*):", re.MULTILINE)
_ID_LINE = re.compile(r"^-\s+id:\s*['\"]?([^'\"\n]+?)['\"]?\s*$", re.MULTILINE)


def _first_lines(pattern: re.Pattern[str], text: str) -> dict[str, int]:
    """Line of the first match of ``pattern`` for each value of its group 1."""
    found: dict[str, int] = {}
    line, last = 1, 0
    for match in pattern.finditer(text):
        line += text.count("\n", last, match.start())
        last = match.start()
        found.setdefault(match[1], line)
    return found


def _item_lines(text: str) -> dict[str, int]:
    """Line of each ``- id: …`` in a list file: where problems about those items point."""
    return _first_lines(_ID_LINE, text)


def _key_lines(text: str) -> dict[str, int]:
    """Line of each top-level key in a one-item file."""
    return _first_lines(_TOP_KEY, text)


def _validation_problems(error: ValidationError, relpath: str, item: str | None, line: int | None) -> list[Problem]:
    out = []
    for e in error.errors(include_url=False):
        where = ".".join(str(part) for part in e["loc"])
        found = e.get("input")
        shown = repr(found)[:60] if not isinstance(found, (dict, list)) else type(found).__name__
        out.append(_problem(
            "invalid-field",
            f"Champ « {where} » invalide\u202f: {e['msg']} (trouvé\u202f: {shown}).",
            f"Invalid field '{where}': {e['msg']} (found: {shown}).",
            relpath, line, item=item, field=where or None))
    return out


@functools.cache
def _list_adapter(model: type[BaseModel]) -> TypeAdapter[list[Any]]:
    return TypeAdapter(list[model])  # type: ignore[valid-type]


def _validate_items(model: type[BaseModel], data: Any, relpath: str, kind: str, text: str,
                    problems: list[Problem]) -> list[Any]:
    if data is None:
        return []
    if not isinstance(data, list):
        problems.append(_problem("wrong-shape", "Ce fichier doit contenir une liste (lignes « - id: … »).",
                                 "This file must hold a list ('- id: …' lines).", relpath))
        return []
    try:  # one call for the whole file: per-item calls cost as much again as the validation itself
        return _list_adapter(model).validate_python(data)
    except ValidationError:
        pass  # validate item by item, to keep the valid ones and name each invalid one
    items = []
    lines: dict[str, int] | None = None  # found only if an item is invalid
    for index, entry in enumerate(data):
        ident = entry.get("id") if isinstance(entry, dict) else None
        try:
            items.append(model.model_validate(entry))
        except ValidationError as error:
            if lines is None:
                lines = _item_lines(text)
            name = f"{kind}:{ident}" if isinstance(ident, str) else f"{kind}[{index}]"
            problems.extend(_validation_problems(error, relpath, name, lines.get(str(ident))))
    return items


def _validate_one(model: type[BaseModel], data: Any, relpath: str, kind: str, text: str,
                  problems: list[Problem]) -> Any:
    ident = data.get("id") if isinstance(data, dict) else None
    try:
        return model.model_validate(data)
    except ValidationError as error:
        name = f"{kind}:{ident}" if isinstance(ident, str) else relpath
        keys = _key_lines(text)
        for problem in _validation_problems(error, relpath, name, 1):
            top = re.split(r"[.\[]", problem.field or "", maxsplit=1)[0]
            problems.append(replace(problem, line=keys.get(top, 1)))
        return None


def _check_file_name(relpath: str, identifier: str, kind: str, problems: list[Problem]) -> None:
    stem = relpath.rsplit("/", 1)[1].removesuffix(".yaml")
    if stem != identifier and is_safe_id(identifier):
        problems.append(_problem(
            "id-file-mismatch",
            f"Le fichier s'appelle « {stem} » mais l'identifiant est « {identifier} »\u202f: au prochain enregistrement, "
            f"il sera renommé {identifier}.yaml.",
            f"The file is named '{stem}' but the id is '{identifier}': the next save renames it {identifier}.yaml.",
            relpath, 1, item=f"{kind}:{identifier}", field="id", severity=Severity.WARNING))


def _recover_interrupted_save(folder: Path) -> None:
    """Finish a save that stopped between its renames: every temporary file it lists was complete."""
    journal = folder / _JOURNAL
    if not journal.exists():
        return
    try:
        plan = json.loads(journal.read_text("utf-8"))
    except (OSError, ValueError):
        plan = {"renames": [], "deletes": []}
    for temp, final in plan.get("renames", []):
        if (folder / temp).exists():
            os.replace(folder / temp, folder / final)
    for gone in plan.get("deletes", []):
        with contextlib.suppress(FileNotFoundError):
            (folder / gone).unlink()
    journal.unlink()


@gc_paused
def read_framework(path: str | os.PathLike[str]) -> OpenedFramework:
    """Read a framework folder, collecting every problem met instead of stopping at the first.

    Raises :class:`FrameworkFileError` only when the folder is not a framework at all (no
    readable ``framework.yaml``); a broken badge file is reported and the rest is read.
    """
    folder = Path(path)
    if not folder.is_dir():
        raise FrameworkFileError(
            f"{folder}: no such folder. Give the path of a framework folder (it holds {FRAMEWORK_FILE}), "
            "or create one with 'badgeworkbench new'.", str(folder))
    if not (folder / FRAMEWORK_FILE).is_file():
        raise FrameworkFileError(
            f"{folder}: there is no {FRAMEWORK_FILE} here, so this is not a framework folder. "
            "Give the folder that holds it, or create one with 'badgeworkbench new'.", str(folder))
    with _locked(folder):
        _recover_interrupted_save(folder)

    problems: list[Problem] = []
    digests: dict[str, str] = {}
    unreadable: set[str] = set()
    parsed: dict[str, Any] = {}
    texts: dict[str, str] = {}
    for relpath in _existing_files(folder):
        text, raw = _read_text(folder, relpath, problems)
        if raw is not None:
            digests[relpath] = _digest(raw)
        ok, data = (False, None) if text is None else _parse(text, relpath, problems)
        if not ok:
            unreadable.add(relpath)
            continue
        parsed[relpath] = data
        texts[relpath] = text or ""

    if FRAMEWORK_FILE not in parsed or not isinstance(parsed[FRAMEWORK_FILE], dict):
        first = next((p for p in problems if p.file == FRAMEWORK_FILE), None)
        detail = f" ({first.text('en')}" + (f", line {first.line})" if first and first.line else ")") if first else ""
        raise FrameworkFileError(
            f"{folder / FRAMEWORK_FILE}: cannot be read as a framework{detail}. Fix this file "
            "(or restore it from your last copy); nothing was changed.",
            str(folder / FRAMEWORK_FILE), first.line if first else None)
    meta = dict(parsed[FRAMEWORK_FILE])
    version = meta.get("format_version", FORMAT_VERSION)
    if isinstance(version, int) and version > FORMAT_VERSION:
        raise FrameworkFileError(
            f"{folder / FRAMEWORK_FILE}: written by a newer Badge Workbench (format {version}; this one "
            f"reads up to {FORMAT_VERSION}). Update badgeworkbench to open it.", str(folder / FRAMEWORK_FILE))

    item_files: dict[str, str] = {}
    partners = _validate_items(Partner, parsed.get("partners.yaml"), "partners.yaml", "partner",
                               texts.get("partners.yaml", ""), problems)
    item_files.update((f"partner:{p.id}", "partners.yaml") for p in partners)
    # The objects each file was read from: a save skips rendering files that still hold exactly these.
    loaded_items: dict[str, tuple[Any, ...]] = {"partners.yaml": tuple(partners)}
    competencies: list[Competency] = []
    badges: list[Badge] = []
    pathways: list[Pathway] = []
    for relpath, data in parsed.items():
        if relpath.startswith("competencies/"):
            found = _validate_items(Competency, data, relpath, "competency", texts[relpath], problems)
            item_files.update((f"competency:{c.id}", relpath) for c in found)
            competencies.extend(found)
            loaded_items[relpath] = tuple(found)
        elif relpath.startswith("badges/"):
            badge = _validate_one(Badge, data, relpath, "badge", texts[relpath], problems)
            if badge is not None:
                badges.append(badge)
                loaded_items[relpath] = (badge,)
                item_files[f"badge:{badge.id}"] = relpath
                _check_file_name(relpath, badge.id, "badge", problems)
        elif relpath.startswith("pathways/"):
            pathway = _validate_one(Pathway, data, relpath, "pathway", texts[relpath], problems)
            if pathway is not None:
                pathways.append(pathway)
                loaded_items[relpath] = (pathway,)
                item_files[f"pathway:{pathway.id}"] = relpath
                _check_file_name(relpath, pathway.id, "pathway", problems)
    relations = _validate_items(Relation, parsed.get("relations.yaml"), "relations.yaml", "relation",
                                texts.get("relations.yaml", ""), problems)
    loaded_items["relations.yaml"] = tuple(relations)
    layout_data = parsed.get("layout.yaml")
    del texts, parsed  # the model holds everything now; free the raw data before building it
    layout: dict[str, Position] = {}
    raw_layout = layout_data
    if isinstance(raw_layout, dict):
        for key, value in raw_layout.items():
            try:
                layout[str(key)] = Position.model_validate(value)
            except ValidationError as error:
                problems.extend(_validation_problems(error, "layout.yaml", f"layout:{key}", None))
    elif raw_layout is not None:
        problems.append(_problem("wrong-shape", "layout.yaml doit associer chaque badge à {x, y}.",
                                 "layout.yaml must map each badge to {x, y}.", "layout.yaml"))

    meta_fields = {k: v for k, v in meta.items() if k in Framework.model_fields}
    for key in meta:
        if key not in Framework.model_fields or key in ("partners", "competencies", "badges", "relations",
                                                        "pathways", "layout"):
            problems.append(_problem("unknown-field", f"Champ inconnu « {key} » ignoré.",
                                     f"Unknown field '{key}' ignored.", FRAMEWORK_FILE,
                                     field=str(key), severity=Severity.WARNING))
    for key in ("partners", "competencies", "badges", "relations", "pathways", "layout"):
        meta_fields.pop(key, None)
    try:
        framework = Framework.model_validate(
            {**meta_fields, "partners": partners, "competencies": competencies, "badges": badges,
             "relations": relations, "pathways": pathways, "layout": layout})
    except ValidationError as error:
        raise FrameworkFileError(
            f"{folder / FRAMEWORK_FILE}: "
            + "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors(include_url=False))
            + ". Fix these fields; nothing was changed.", str(folder / FRAMEWORK_FILE)) from None

    # A file holding an item that failed to load must not be rewritten without it: protect it.
    damaged: dict[str, list[str]] = {}
    for problem in problems:
        if problem.code == "invalid-field" and problem.file:
            unreadable.add(problem.file)
            ident = (problem.item or "").split(":", 1)[-1]
            if ident not in damaged.setdefault(problem.file, []):
                damaged[problem.file].append(ident)
    rendered: dict[str, str] = {}
    if unreadable:
        try:
            texts_now = framework_files(framework)
        except UnsafeIdentifier:
            texts_now = {}
        rendered = {p: _digest(texts_now[p].encode("utf-8")) for p in unreadable if p in texts_now}
    item_digests = _item_digests(framework, {k for k, f in item_files.items() if f in unreadable})
    loaded_items = {p: items for p, items in loaded_items.items() if p in digests and p not in unreadable}
    snapshot = Snapshot(str(folder), digests, frozenset(unreadable), item_files, rendered, item_digests,
                        {p: tuple(items) for p, items in damaged.items()}, items=loaded_items)
    return OpenedFramework(framework, snapshot, Report(problems))


def load_framework(path: str | os.PathLike[str]) -> Framework:
    """The framework stored in ``path`` (items whose files are broken are left out; see :func:`read_framework`)."""
    return read_framework(path).framework


def changed_on_disk(snapshot: Snapshot) -> list[str]:
    """Files of the snapshot's folder that differ from the snapshot (changed, added or removed)."""
    folder = Path(snapshot.folder)
    now = {}
    for relpath in _existing_files(folder):
        try:
            now[relpath] = _digest((folder / relpath).read_bytes())
        except OSError:
            now[relpath] = "unreadable"
    return sorted(p for p in set(now) | set(snapshot.digests) if now.get(p) != snapshot.digests.get(p))


# --- writing -----------------------------------------------------------------------------------


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold the folder's lock: two saves, or a save and a recovery, never interleave."""
    with open(folder / _LOCK, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@gc_paused
def save_framework(framework: Framework, path: str | os.PathLike[str], *, snapshot: Snapshot | None = None) -> Snapshot:
    """Write ``framework`` to the folder ``path`` and return the new snapshot.

    Only files whose content changes are written. With ``snapshot`` (from :func:`read_framework`
    or a previous save), the save is refused with :class:`FrameworkChangedOnDisk` when a file it
    would write or delete was changed by someone else since; nothing is written then. Files that
    could not be read, or that hold items that failed to load, are never overwritten or deleted:
    a save that changes their items is refused with :class:`FrameworkNeedsRepair`.
    """
    folder = Path(path)
    plan = _file_plan(framework)  # raises before anything is touched
    protected = set(snapshot.unreadable) if snapshot is not None else set()
    # A file holding the very objects this framework last read or rendered it from is known already:
    # its digest is the one the snapshot holds. Only the other files are rendered.
    unchanged: set[str] = set()
    encoded: dict[str, bytes] = {}
    if snapshot is not None:
        for relpath, (items, render) in plan.items():
            if (items is not None and relpath not in protected and relpath in snapshot.digests
                    and _same_objects(snapshot.items.get(relpath), items)):
                unchanged.add(relpath)
            else:
                encoded[relpath] = render().encode("utf-8")
    else:
        encoded = {relpath: render().encode("utf-8") for relpath, (_, render) in plan.items()}
    folder.mkdir(parents=True, exist_ok=True)
    with _locked(folder):
        _recover_interrupted_save(folder)
        on_disk: dict[str, str] = {}
        for relpath in _existing_files(folder):
            try:
                on_disk[relpath] = _digest((folder / relpath).read_bytes())
            except OSError:
                on_disk[relpath] = "unreadable"
        known = snapshot.digests if snapshot is not None else on_disk

        # With a snapshot, what this save changes is measured against what was loaded: a file someone
        # else changed meanwhile, and that this framework did not touch, is theirs and stays as it is.
        new_digests = {p: _digest(data) for p, data in encoded.items()}
        writes = {p: data for p, data in encoded.items() if p not in protected and new_digests[p] != known.get(p)}
        # A protected file holds data the framework could not load: writing it would lose that data.
        # It is left alone while the framework renders it as loaded; changing its items is refused.
        damaging = sorted(p for p, data in encoded.items()
                          if p in protected and new_digests[p] != snapshot.rendered.get(p))  # type: ignore[union-attr]
        if protected and snapshot is not None and snapshot.item_digests:
            # Items read from a protected file may not change, vanish or move to another file: the
            # protected file, which cannot be rewritten, would still hold their old version.
            now_files = _item_files(framework)
            now_digests = _item_digests(framework, set(snapshot.item_digests))
            damaging += sorted({snapshot.item_files[k] for k, d in snapshot.item_digests.items()
                                if now_digests.get(k) != d or now_files.get(k) != snapshot.item_files[k]})
        if damaging:
            raise FrameworkNeedsRepair(str(folder), snapshot.repair_notes(damaging))  # type: ignore[union-attr]
        deletes = [p for p in known if p not in plan and _managed(p) and p in on_disk and p not in protected]
        if snapshot is not None:
            conflicts = sorted(p for p in [*writes, *deletes] if on_disk.get(p) != snapshot.digests.get(p))
            if conflicts:
                raise FrameworkChangedOnDisk(str(folder), conflicts)
        else:
            deletes = [p for p in deletes if _parses(folder / p)]

        renames: list[tuple[str, str]] = []
        root = f"{folder}{os.sep}"  # plain strings and os.open: a save may write thousands of files
        try:
            made: set[str] = set()  # each folder is made once, not once per file
            pid = os.getpid()
            for relpath, data in writes.items():
                head, _, name = relpath.rpartition("/")
                if head not in made:
                    (folder / head).mkdir(parents=True, exist_ok=True)
                    made.add(head)
                temp_rel = f"{head}/.{name}.tmp-{pid}" if head else f".{name}.tmp-{pid}"
                renames.append((temp_rel, relpath))
                _write_durably(root + temp_rel, data)
            if renames or deletes:
                # On disk before the first rename: an interrupted save is finished from it (read_framework).
                _write_durably(root + _JOURNAL, json.dumps({"renames": renames, "deletes": deletes}).encode())
        except OSError as error:
            # Nothing was renamed yet: remove the partial temporaries and leave the folder as it was.
            for temp_rel in [*(temp for temp, _ in renames), _JOURNAL]:
                with contextlib.suppress(OSError):
                    (folder / temp_rel).unlink()
            raise FrameworkFileError(
                f"{folder}: the framework could not be saved ({error.strerror or error}). Nothing was changed; "
                "free some space or fix the folder's permissions, then save again.", str(folder)) from error
        if renames or deletes:
            journal = folder / _JOURNAL
            for temp_rel, final_rel in renames:
                os.replace(root + temp_rel, root + final_rel)
            for relpath in deletes:
                with contextlib.suppress(FileNotFoundError):
                    (folder / relpath).unlink()
            journal.unlink()
            _fsync_dir(folder)

        # Files this save did not write keep the digest this framework knew them by: if someone
        # else changed one, the next save touching it is still refused instead of overwriting them.
        digests = {p: d for p, d in known.items() if p not in deletes and p in on_disk}
        digests.update({p: new_digests[p] for p in writes})
    kept = frozenset(p for p in protected if p in digests)
    # Every file this framework renders now matches its digest (written, or known unchanged): remember
    # its items. Protected files keep what they hold on disk, not what the framework renders.
    known_items = {p: items for p, (items, _) in plan.items()
                   if items is not None and p in digests and p not in kept}
    if snapshot is None:
        return Snapshot(str(folder), digests, kept, _item_files(framework), items=known_items)
    rendered = {p: d for p, d in snapshot.rendered.items() if p in kept}
    item_digests = {k: d for k, d in snapshot.item_digests.items() if snapshot.item_files.get(k) in kept}
    damaged = {p: items for p, items in snapshot.damaged.items() if p in kept}
    return Snapshot(str(folder), digests, kept, _item_files(framework), rendered, item_digests, damaged,
                    items=known_items)


def _write_durably(path: str, data: bytes) -> None:
    """Create ``path`` holding ``data``, on disk before this returns (it is renamed into place next)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0), 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)


def _parses(path: Path) -> bool:
    try:
        yamlfile.load(path.read_text("utf-8"), str(path))
        return True
    except (OSError, UnicodeDecodeError, yamlfile.YamlSyntaxError):
        return False

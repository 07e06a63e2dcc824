"""Reading a framework folder into a model, reporting every problem met instead of stopping.

Whatever a file holds that the model cannot hold — unreadable bytes, a NUL character, YAML that
does not parse, a top level of the wrong shape, an item that fails to load, an id another file
also holds, a symbolic link — is an error naming the file and line, and the file is *protected*
(:attr:`Snapshot.unreadable`): saves never rewrite or delete it (see :mod:`.saving`).
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .. import yamlfile
from .._gcpause import gc_paused
from ..errors import FrameworkFileError, FrameworkNeedsRepair, UnsafeIdentifier
from ..ids import case_key, is_safe_id
from ..model import FORMAT_VERSION, Badge, Competency, Framework, Partner, Pathway, Position, Relation
from ..report import Problem, Report, Severity
from .folder import FRAMEWORK_FILE, ITEM_FOLDERS, LOCK, MAX_FILE_BYTES, digest, list_files, locked
from .journal import JOURNAL, replay_journal
from .rendering import framework_files, item_digests, list_adapter
from .snapshot import OpenedFramework, Snapshot, all_item_lines, item_lines, key_lines

__all__ = ["changed_on_disk", "load_framework", "read_framework"]

_ITEM_LISTS = ("partners", "competencies", "badges", "relations", "pathways", "layout")
#: Problems that mean a file's content was not fully loaded: the file is protected from saves.
_NOT_FULLY_LOADED = frozenset({
    "file-too-large", "file-unreadable", "not-utf8", "nul-byte", "yaml-syntax", "wrong-shape", "invalid-field",
    "duplicate-id", "link-outside-folder", "linked-file", "unknown-field",
})


def _problem(code: str, fr: str, en: str, file: str, line: int | None = None, item: str | None = None,
             field: str | None = None, severity: Severity = Severity.ERROR) -> Problem:
    return Problem(code, severity, {"fr": fr, "en": en}, item=item, field=field, file=file, line=line)


_KEPT_FR = "Il n'est pas lu et les enregistrements le laissent tel quel\u202f: "
_KEPT_EN = "It was not read, and saves leave it as it is: "


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
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        report.append(_problem(
            "not-utf8",
            f"Le fichier n'est pas en UTF-8 (octet {error.start}). Enregistrez-le en UTF-8 depuis votre éditeur.",
            f"The file is not UTF-8 (byte {error.start}). Save it as UTF-8 from your editor.",
            relpath, line))
        return None, data
    nul = text.find("\x00")
    if nul >= 0:
        # A YAML reader stops at a NUL as at the end of the file: all that follows would be lost unseen.
        line = text.count("\n", 0, nul) + 1
        report.append(_problem(
            "nul-byte",
            f"Le fichier contient un caractère nul (\\0) ligne {line}\u202f: tout ce qui le suit serait perdu. "
            + _KEPT_FR + "supprimez ce caractère dans un éditeur de texte (ou restaurez le fichier).",
            f"The file holds a NUL character (\\0) on line {line}: everything after it would be lost. "
            + _KEPT_EN + "delete that character in a text editor (or restore the file).",
            relpath, line))
        return None, data
    return text, data


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


def _wrong_shape(relpath: str, wanted_fr: str, wanted_en: str) -> Problem:
    return _problem("wrong-shape", f"Ce fichier doit contenir {wanted_fr}. " + _KEPT_FR + "corrigez-le à la main.",
                    f"This file must hold {wanted_en}. " + _KEPT_EN + "fix it by hand.", relpath, 1)


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


def _validate_items(model: type[BaseModel], data: Any, relpath: str, kind: str, text: str,
                    problems: list[Problem]) -> list[Any]:
    if data is None:
        return []
    if not isinstance(data, list):
        problems.append(_wrong_shape(relpath, "une liste (lignes « - id: … »)", "a list ('- id: …' lines)"))
        return []
    try:  # one call for the whole file: per-item calls cost as much again as the validation itself
        return list_adapter(model).validate_python(data)
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
                lines = item_lines(text)
            name = f"{kind}:{ident}" if isinstance(ident, str) else f"{kind}[{index}]"
            problems.extend(_validation_problems(error, relpath, name, lines.get(str(ident))))
    return items


def _validate_one(model: type[BaseModel], data: Any, relpath: str, kind: str, text: str,
                  problems: list[Problem]) -> Any:
    if not isinstance(data, dict):
        problems.append(_wrong_shape(relpath, "les champs d'un seul élément (« id: … » en début de ligne)",
                                     "the fields of one item ('id: …' at the start of a line)"))
        return None
    ident = data.get("id")
    try:
        return model.model_validate(data)
    except ValidationError as error:
        name = f"{kind}:{ident}" if isinstance(ident, str) else relpath
        keys = key_lines(text)
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


def _duplicate(kind: str, ident: str, relpath: str, line: int | None, others: list[str]) -> Problem:
    where = ", ".join(others)
    return _problem(
        "duplicate-id",
        f"L'identifiant « {ident} » ({kind}) est aussi dans {where}\u202f: un seul peut être chargé. Les enregistrements "
        "laissent ces fichiers tels quels\u202f: gardez un seul des deux (reportez-y ce qu'il faut garder de l'autre) "
        "ou renommez l'un des deux.",
        f"The id '{ident}' ({kind}) is also in {where}: only one can be loaded. Saves leave these files as they are: "
        "keep one of the two (moving into it what you need from the other) or rename one.",
        relpath, line, item=f"{kind}:{ident}", field="id")


def _one_per_file(kind: str, found: list[tuple[str, Any]], problems: list[Problem]) -> list[tuple[str, Any]]:
    """Badges or pathways read one per file, without duplicate ids; each duplicate is reported in every file.

    Of the files holding one id, the one named for it is kept (a save writes it there), else the first.
    """
    by_id: dict[str, list[tuple[str, Any]]] = {}
    for relpath, item in found:
        by_id.setdefault(item.id, []).append((relpath, item))
    kept = []
    for ident, holders in by_id.items():
        holders.sort(key=lambda h: h[0] != f"{kind}s/{ident}.yaml")
        kept.append(holders[0])
        if len(holders) > 1:
            files = [relpath for relpath, _ in holders]
            for relpath in files:
                problems.append(_duplicate(kind, ident, relpath, 1, [f for f in files if f != relpath]))
    order = {relpath: n for n, (relpath, _) in enumerate(found)}
    return sorted(kept, key=lambda h: order[h[0]])


def _sequence(item: Competency | Badge | None) -> float:
    """The place a CASE package gave an imported item among its siblings; items made here come after (stable sort)."""
    case = item.case if item is not None else None
    return case.sequence if case is not None and case.sequence is not None else float("inf")


def _in_source_order(by_file: dict[str, list[Competency]]) -> dict[str, list[Competency]]:
    """Competency files in the order of their top-level competencies in the CASE package they came from.

    Each top-level competency has a file of its own, read in name order: without this, an imported
    package's first-level order would come back alphabetical. Files of frameworks made here keep name order.
    """
    def root_sequence(relpath: str) -> float:
        stem = relpath.removeprefix("competencies/").removesuffix(".yaml")
        return _sequence(next((c for c in by_file[relpath] if c.id == stem), None))

    return {relpath: by_file[relpath] for relpath in sorted(by_file, key=root_sequence)}


def _one_of_each(kind: str, found: list[tuple[str, list[Any]]], texts: dict[str, str],
                 problems: list[Problem]) -> dict[str, list[Any]]:
    """Items of list files (competencies, partners) without duplicate ids: the first of each is kept."""
    where: dict[str, list[str]] = {}
    for relpath, items in found:
        for item in items:
            where.setdefault(item.id, []).append(relpath)
    twice = {ident: files for ident, files in where.items() if len(files) > 1}
    if not twice:
        return dict(found)
    seen: set[str] = set()
    kept: dict[str, list[Any]] = {}
    for relpath, items in found:
        kept[relpath] = []
        for item in items:
            if item.id not in seen:
                seen.add(item.id)
                kept[relpath].append(item)
    for ident, files in twice.items():
        for relpath in dict.fromkeys(files):
            lines = all_item_lines(texts.get(relpath, "")).get(ident, [])
            others = [f for f in dict.fromkeys(files) if f != relpath]
            others += [f"{relpath} line {n}" for n in lines[1:]]
            problems.append(_duplicate(kind, ident, relpath, lines[0] if lines else None, others))
    return kept


def _case_collisions(files: list[str], problems: list[Problem]) -> None:
    """Files whose names differ only by case: on Windows and macOS they are one file."""
    groups: dict[str, list[str]] = {}
    for relpath in files:
        groups.setdefault(case_key(relpath), []).append(relpath)
    for names in groups.values():
        if len(names) > 1:
            for relpath in names:
                others = ", ".join(n for n in names if n != relpath)
                problems.append(_problem(
                    "file-name-case-collision",
                    f"Ce nom de fichier ne diffère de {others} que par les majuscules\u202f: sous Windows et macOS, ce "
                    "serait un seul fichier et l'un écraserait l'autre. Renommez l'identifiant de l'un des deux.",
                    f"This file name differs from {others} only by case: on Windows and macOS they would be one "
                    "file, and one would overwrite the other. Rename the id of one of the two.", relpath, 1))


def _link_problem(relpath: str, target: str, outside: bool, is_folder: bool) -> Problem:
    what_fr, what_en = ("Ce dossier", "This folder") if is_folder else ("Ce fichier", "This file")
    if outside:
        return _problem(
            "link-outside-folder",
            f"{what_fr} est un lien symbolique vers {target!r}, hors du dossier du référentiel\u202f: il n'est ni lu, "
            "ni publié, ni remplacé. Mettez à sa place une copie de ce qu'il désigne, si vous voulez l'utiliser.",
            f"{what_en} is a symbolic link to {target!r}, outside the framework folder: it is not read, published "
            "or replaced. Put a copy of what it points to in its place if you want to use it.", relpath)
    return _problem(
        "linked-file",
        f"{what_fr} est un lien symbolique vers {target!r}\u202f: il est lu, mais un enregistrement ne remplace "
        "jamais un lien par une copie, et refusera de modifier ce qu'il contient. Remplacez le lien par le fichier.",
        f"{what_en} is a symbolic link to {target!r}: it is read, but a save never replaces a link with a copy, and "
        "will refuse to change what it holds. Replace the link by the file itself.", relpath)


def _replay(folder: Path, problems: list[Problem]) -> None:
    """Finish an interrupted save; a journal or lock that is refused is reported, and touches nothing."""
    try:
        with locked(folder):
            try:
                replay_journal(folder)
            except FrameworkNeedsRepair as error:
                problems.append(_problem(
                    "save-journal-refused",
                    "Le journal de sauvegarde liste un chemin hors du référentiel, ou qui n'est pas l'un de ses "
                    "fichiers\u202f: il n'a pas été appliqué (rien n'a été déplacé ni supprimé). Vérifiez qu'aucune "
                    f"sauvegarde n'est en cours, puis supprimez {JOURNAL}.", error.problems[0], JOURNAL))
    except FrameworkNeedsRepair as error:
        problems.append(_problem(
            "lock-file-link", f"{LOCK} est un lien symbolique, pas le verrou du dossier\u202f: supprimez-le.",
            error.problems[0], LOCK))
    except OSError:
        if os.path.lexists(folder / JOURNAL):  # a read-only folder can be read, not repaired
            raise


@gc_paused
def read_framework(path: str | os.PathLike[str]) -> OpenedFramework:
    """Read a framework folder, collecting every problem met instead of stopping at the first.

    Raises :class:`FrameworkFileError` only when the folder is not a framework at all (no
    readable ``framework.yaml``); a broken badge file is reported and the rest is read. Files
    whose content is not fully loaded are listed in ``snapshot.unreadable``, each with an error.
    """
    folder = Path(path)
    if not folder.is_dir():
        raise FrameworkFileError(
            f"{folder}: no such folder. Give the path of a framework folder (it holds {FRAMEWORK_FILE}), "
            "or create one with 'badgeworkbench new'.", str(folder),
            fr=f"Le dossier « {folder} » n'existe pas\u202f: vérifiez le chemin dans « Dossier », puis cliquez sur "
               "« Ouvrir »\u202f; ou créez un nouveau référentiel avec « Créer ».",
            en=f"The folder '{folder}' does not exist: check the path in 'Folder', then click 'Open'; or make a new "
               "framework with 'Create'.")  # fmt: skip
    if not os.path.lexists(folder / FRAMEWORK_FILE):
        raise FrameworkFileError(
            f"{folder}: there is no {FRAMEWORK_FILE} here, so this is not a framework folder. "
            "Give the folder that holds it, or create one with 'badgeworkbench new'.", str(folder),
            fr=f"Le dossier « {folder} » ne contient pas de référentiel\u202f: indiquez dans « Dossier » celui du "
               "référentiel, puis cliquez sur « Ouvrir »\u202f; ou créez-en un avec « Créer ».",
            en=f"The folder '{folder}' holds no framework: give the framework's folder in 'Folder', then click "
               "'Open'; or make one with 'Create'.")  # fmt: skip
    problems: list[Problem] = []
    _replay(folder, problems)

    listing = list_files(folder)
    link = listing.outside(FRAMEWORK_FILE)
    if link is not None:
        raise FrameworkFileError(
            f"{folder / FRAMEWORK_FILE}: is a symbolic link to {link.target!r}, outside the folder, so it was not read. "
            "Put a copy of the file in its place; nothing was changed.", str(folder / FRAMEWORK_FILE),
            fr=f"La fiche du référentiel dans « {folder} » est un lien vers un autre dossier\u202f: elle n'a pas été "
               "lue. Demandez à la personne qui gère les fichiers d'y mettre une copie, puis cliquez de nouveau sur "
               "« Ouvrir »\u202f; rien n'a été modifié.",
            en=f"The framework's main record in '{folder}' is a link to another folder, so it was not read. Ask the "
               "person who looks after the files to put a copy in its place, then click 'Open' again; nothing was "
               "changed.")  # fmt: skip
    for relpath, link in listing.links.items():
        if link.path == relpath:  # files inside a linked folder are named by the folder's problem
            problems.append(_link_problem(relpath, link.target, link.outside, relpath in ITEM_FOLDERS))
    digests: dict[str, str] = {}
    unreadable: set[str] = set()
    parsed: dict[str, Any] = {}
    texts: dict[str, str] = {}
    for relpath in listing.files:
        if listing.outside(relpath) is not None:
            digests[relpath] = listing.digest_on_disk(relpath)
            unreadable.add(relpath)
            continue
        text, raw = _read_text(folder, relpath, problems)
        if raw is not None:
            digests[relpath] = digest(raw)
        ok, data = (False, None) if text is None else _parse(text, relpath, problems)
        if not ok:
            unreadable.add(relpath)
            continue
        parsed[relpath] = data
        texts[relpath] = text or ""
    for sub in ITEM_FOLDERS:
        _case_collisions([p for p in listing.files if p.startswith(f"{sub}/")], problems)

    if FRAMEWORK_FILE not in parsed or not isinstance(parsed[FRAMEWORK_FILE], dict):
        first = next((p for p in problems if p.file == FRAMEWORK_FILE), None)
        detail = f" ({first.text('en')}" + (f", line {first.line})" if first and first.line else ")") if first else ""
        at = f" (ligne {first.line})" if first and first.line else ""
        at_en = f" (line {first.line})" if first and first.line else ""
        raise FrameworkFileError(
            f"{folder / FRAMEWORK_FILE}: cannot be read as a framework{detail}. Fix this file "
            "(or restore it from your last copy); nothing was changed.",
            str(folder / FRAMEWORK_FILE), first.line if first else None,
            fr=f"La fiche du référentiel dans « {folder} » est illisible{at}\u202f: le référentiel ne peut pas "
               "s'ouvrir. Restaurez-la depuis votre dernière copie (une version nommée de l'historique) ou demandez "
               "à la personne qui gère les fichiers de la corriger, puis cliquez de nouveau sur « Ouvrir »\u202f; "
               "rien n'a été modifié.",
            en=f"The framework's main record in '{folder}' cannot be read{at_en}, so the framework cannot open. "
               "Restore it from your last copy (a named version in the history) or ask the person who looks after "
               "the files to fix it, then click 'Open' again; nothing was changed.")  # fmt: skip
    meta = dict(parsed[FRAMEWORK_FILE])
    version = meta.get("format_version", FORMAT_VERSION)
    if isinstance(version, int) and version > FORMAT_VERSION:
        raise FrameworkFileError(
            f"{folder / FRAMEWORK_FILE}: written by a newer Badge Workbench (format {version}; this one "
            f"reads up to {FORMAT_VERSION}). Update badgeworkbench to open it.", str(folder / FRAMEWORK_FILE),
            fr=f"Le référentiel « {folder} » a été enregistré par une version plus récente de Badge Workbench "
               f"(format {version}\u202f; celle-ci lit jusqu'au format {FORMAT_VERSION})\u202f: faites mettre à jour "
               "Badge Workbench, puis cliquez de nouveau sur « Ouvrir ».",
            en=f"The framework '{folder}' was saved by a newer Badge Workbench (format {version}; this one reads up "
               f"to format {FORMAT_VERSION}): have Badge Workbench updated, then click 'Open' again.")  # fmt: skip

    item_files: dict[str, str] = {}
    partner_files = _one_of_each("partner", [("partners.yaml", _validate_items(
        Partner, parsed.get("partners.yaml"), "partners.yaml", "partner", texts.get("partners.yaml", ""), problems))],
        texts, problems)
    partners = partner_files["partners.yaml"]
    item_files.update((f"partner:{p.id}", "partners.yaml") for p in partners)
    # The objects each file was read from: a save skips rendering files that still hold exactly these.
    loaded_items: dict[str, tuple[Any, ...]] = {"partners.yaml": tuple(partners)}
    competency_files: list[tuple[str, list[Competency]]] = []
    badge_files: list[tuple[str, Badge]] = []
    pathway_files: list[tuple[str, Pathway]] = []
    for relpath, data in parsed.items():
        if relpath.startswith("competencies/"):
            competency_files.append(
                (relpath, _validate_items(Competency, data, relpath, "competency", texts[relpath], problems)))
        elif relpath.startswith("badges/"):
            badge = _validate_one(Badge, data, relpath, "badge", texts[relpath], problems)
            if badge is not None:
                badge_files.append((relpath, badge))
        elif relpath.startswith("pathways/"):
            pathway = _validate_one(Pathway, data, relpath, "pathway", texts[relpath], problems)
            if pathway is not None:
                pathway_files.append((relpath, pathway))
    competencies: list[Competency] = []
    for relpath, found in _in_source_order(_one_of_each("competency", competency_files, texts, problems)).items():
        item_files.update((f"competency:{c.id}", relpath) for c in found)
        competencies.extend(found)
        loaded_items[relpath] = tuple(found)
    badges: list[Badge] = []
    for relpath, badge in sorted(_one_per_file("badge", badge_files, problems), key=lambda h: _sequence(h[1])):
        badges.append(badge)
        loaded_items[relpath] = (badge,)
        item_files[f"badge:{badge.id}"] = relpath
        _check_file_name(relpath, badge.id, "badge", problems)
    pathways: list[Pathway] = []
    for relpath, pathway in _one_per_file("pathway", pathway_files, problems):
        pathways.append(pathway)
        loaded_items[relpath] = (pathway,)
        item_files[f"pathway:{pathway.id}"] = relpath
        _check_file_name(relpath, pathway.id, "pathway", problems)
    relations = _validate_items(Relation, parsed.get("relations.yaml"), "relations.yaml", "relation",
                                texts.get("relations.yaml", ""), problems)
    loaded_items["relations.yaml"] = tuple(relations)
    layout_data = parsed.get("layout.yaml")
    del parsed  # the model holds everything now; free the raw data before building it
    layout: dict[str, Position] = {}
    if isinstance(layout_data, dict):
        for key, value in layout_data.items():
            try:
                layout[str(key)] = Position.model_validate(value)
            except ValidationError as error:
                problems.extend(_validation_problems(error, "layout.yaml", f"layout:{key}", None))
    elif layout_data is not None:
        problems.append(_wrong_shape("layout.yaml", "pour chaque badge sa position {x, y}",
                                     "each badge's position {x, y}"))

    meta_fields = {k: v for k, v in meta.items() if k in Framework.model_fields and k not in _ITEM_LISTS}
    lines = None
    for key in meta:
        if key not in Framework.model_fields or key in _ITEM_LISTS:
            lines = lines if lines is not None else key_lines(texts[FRAMEWORK_FILE])
            problems.append(_problem(
                "unknown-field",
                f"Champ inconnu « {key} »\u202f: il n'est pas chargé, et les enregistrements ne modifient plus "
                f"{FRAMEWORK_FILE} tant qu'il y est. Supprimez-le ou déplacez-le dans le bon fichier.",
                f"Unknown field '{key}': it is not loaded, and saves leave {FRAMEWORK_FILE} as it is while it is "
                "there. Delete it or move it to the right file.", FRAMEWORK_FILE, lines.get(str(key), 1),
                field=str(key)))
    del texts
    try:
        framework = Framework.model_validate(
            {**meta_fields, "partners": partners, "competencies": competencies, "badges": badges,
             "relations": relations, "pathways": pathways, "layout": layout})
    except ValidationError as error:
        raise FrameworkFileError(
            f"{folder / FRAMEWORK_FILE}: "
            + "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors(include_url=False))
            + ". Fix these fields; nothing was changed.", str(folder / FRAMEWORK_FILE),
            fr=f"Les informations générales du référentiel « {folder} » sont invalides (champs\u202f: "
               + ", ".join(".".join(map(str, e["loc"])) for e in error.errors(include_url=False))
               + ")\u202f: le référentiel ne peut pas s'ouvrir. Demandez à la personne qui gère les fichiers de "
               "corriger ces champs, puis cliquez de nouveau sur « Ouvrir »\u202f; rien n'a été modifié.",
            en=f"The general information of the framework '{folder}' is invalid (fields: "
               + ", ".join(".".join(map(str, e["loc"])) for e in error.errors(include_url=False))
               + "), so the framework cannot open. Ask the person who looks after the files to correct these "
               "fields, then click 'Open' again; nothing was changed.") from None  # fmt: skip

    # A file whose content did not fully load must not be rewritten without it: protect it.
    damaged: dict[str, list[str]] = {}
    repairs: dict[str, str] = {}
    listed = set(listing.files)
    for problem in problems:
        if problem.code not in _NOT_FULLY_LOADED or problem.file not in listed:
            continue
        unreadable.add(problem.file)
        if problem.code == "invalid-field":
            ident = (problem.item or "").split(":", 1)[-1]
            if ident not in damaged.setdefault(problem.file, []):
                damaged[problem.file].append(ident)
        repairs.setdefault(problem.file, f"{problem.file}" + (f" line {problem.line}" if problem.line else "")
                           + f": {problem.text('en')}")
    for relpath, link in listing.links.items():
        # never written through a link, nor replaced by a copy; a linked folder that leads outside holds items
        # nobody read, so the framework needs repair as much as for a file
        if relpath in listed or (link.outside and link.path == relpath):
            unreadable.add(relpath)
            repairs.setdefault(relpath, f"{relpath}: '{link.path}' is a symbolic link to {link.target!r}, which a "
                               "save never writes through or replaces by a copy; replace the link by the file or "
                               "folder itself")
    for relpath in unreadable - set(repairs):
        first = next((p for p in problems if p.file == relpath), None)
        if first is not None:
            repairs[relpath] = f"{relpath}" + (f" line {first.line}" if first.line else "") + f": {first.text('en')}"
    rendered: dict[str, str] = {}
    if unreadable:
        try:
            texts_now = framework_files(framework)
        except UnsafeIdentifier:
            texts_now = {}
        rendered = {p: digest(texts_now[p].encode("utf-8")) for p in unreadable if p in texts_now}
    protected_items = item_digests(framework, {k for k, f in item_files.items() if f in unreadable})
    loaded_items = {p: items for p, items in loaded_items.items() if p in digests and p not in unreadable}
    snapshot = Snapshot(str(folder), digests, frozenset(unreadable), item_files, rendered, protected_items,
                        {p: tuple(items) for p, items in damaged.items()}, items=loaded_items, repairs=repairs)
    return OpenedFramework(framework, snapshot, Report(problems))


def load_framework(path: str | os.PathLike[str]) -> Framework:
    """The framework stored in ``path`` (items whose files are broken are left out; see :func:`read_framework`)."""
    return read_framework(path).framework


def changed_on_disk(snapshot: Snapshot) -> list[str]:
    """Files of the snapshot's folder that differ from the snapshot (changed, added or removed)."""
    listing = list_files(Path(snapshot.folder))
    now = {relpath: listing.digest_on_disk(relpath) for relpath in listing.files}
    return sorted(p for p in set(now) | set(snapshot.digests) if now.get(p) != snapshot.digests.get(p))

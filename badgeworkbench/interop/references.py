"""Reference frameworks kept beside a framework, to align competencies and badges with.

A reference set (ESCO skills, ROME 4.0 competencies, CléA, any CASE package) is stored as one CSV
file in ``<framework folder>/references/<name>.csv``, never mixed into the framework's own
competencies: the framework only keeps the :class:`~badgeworkbench.model.Alignment` it chose.
The file has one row per reference item and the columns ``id, code, kind, parent, uri,
framework``, then ``label:<lang>``, ``alt:<lang>`` (alternative labels joined by `` | ``) and
``description:<lang>`` for each language it holds. Adding a file in another language to the same
set (ESCO in French, then in English) completes the items' labels instead of duplicating them.

>>> clea = clea_reference()
>>> len(clea.items), sum(item.kind == "domain" for item in clea.items)
(35, 7)
>>> clea.item("4.2").label("en")
'Working in a team'
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import BadgeWorkbenchError
from ..paths import inside, writable_path
from ..report import Problem, Report, Severity
from .tabular import CsvFileError, read_csv, write_csv

if TYPE_CHECKING:
    from ..model import Alignment

__all__ = [
    "KINDS",
    "ReferenceItem",
    "ReferenceSet",
    "UnknownReferenceKind",
    "add_reference",
    "case_reference",
    "clea_reference",
    "load_references",
    "merge_reference_sets",
    "read_esco_skills",
    "read_reference",
    "read_reference_set",
    "read_rome",
    "reference_files",
    "reference_set_csv",
    "references_folder",
]

#: The kinds of reference file that :func:`read_reference` understands.
KINDS = ("esco", "rome", "clea", "case")
_ALT_SEPARATOR = " | "


class UnknownReferenceKind(BadgeWorkbenchError):
    def __init__(self, kind: str) -> None:
        super().__init__(f"Unknown reference kind {kind!r}: use one of {', '.join(KINDS)}.")


@dataclass(frozen=True, slots=True)
class ReferenceItem:
    """One item of a reference framework (a skill, a sub-domain…)."""

    id: str
    code: str = ""
    kind: str = ""
    parent: str = ""
    uri: str = ""
    labels: dict[str, str] = field(default_factory=dict)
    alt_labels: dict[str, tuple[str, ...]] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)

    def label(self, lang: str = "fr") -> str:
        for candidate in (lang, "fr", "en"):
            if self.labels.get(candidate):
                return self.labels[candidate]
        return next((v for v in self.labels.values() if v), self.code or self.id)

    def texts(self) -> Iterator[tuple[str, str]]:
        """Every (language, text) that names this item: labels first, then alternative labels."""
        for lang, label in self.labels.items():
            if label:
                yield lang, label
        for lang, alternatives in self.alt_labels.items():
            for alternative in alternatives:
                if alternative:
                    yield lang, alternative


@dataclass
class ReferenceSet:
    """A named reference framework: its items in file order, looked up by id."""

    name: str
    framework: str
    items: list[ReferenceItem] = field(default_factory=list)
    _by_id: dict[str, ReferenceItem] | None = field(default=None, repr=False, compare=False)

    def item(self, item_id: str) -> ReferenceItem | None:
        if self._by_id is None or len(self._by_id) != len(self.items):
            self._by_id = {item.id: item for item in self.items}
        return self._by_id.get(item_id)

    def languages(self) -> list[str]:
        found: dict[str, None] = {}
        for item in self.items:
            for mapping in (item.labels, item.alt_labels, item.descriptions):
                found.update(dict.fromkeys(mapping))
        return sorted(found, key=lambda lang: (lang != "fr", lang != "en", lang))

    def alignment(self, item_id: str, lang: str = "fr") -> Alignment:
        """The :class:`~badgeworkbench.model.Alignment` a competency or badge gets when aligned to an item."""
        from ..model import Alignment  # the pydantic models: searching the references does not need them

        item = self.item(item_id)
        if item is None:
            raise BadgeWorkbenchError(f"The reference set {self.name!r} has no item {item_id!r}.")
        return Alignment(framework=self.framework, name=item.label(lang), url=item.uri, code=item.code or item.id,
                         target_type=item.kind, description=item.descriptions.get(lang, ""))  # fmt: skip


# ---- the stored format -------------------------------------------------------------------------------


def reference_set_csv(reference: ReferenceSet) -> str:
    """The set as the CSV text stored in ``references/<name>.csv`` (UTF-8, cells neutralised)."""
    languages = reference.languages()
    header = ["id", "code", "kind", "parent", "uri", "framework"]
    for prefix in ("label", "alt", "description"):
        header += [f"{prefix}:{lang}" for lang in languages]
    rows = (
        [item.id, item.code, item.kind, item.parent, item.uri, reference.framework]
        + [item.labels.get(lang, "") for lang in languages]
        + [_ALT_SEPARATOR.join(item.alt_labels.get(lang, ())) for lang in languages]
        + [item.descriptions.get(lang, "") for lang in languages]
        for item in reference.items
    )
    return write_csv(rows, header)


def read_reference_set(source: str | os.PathLike[str] | bytes, *, name: str | None = None,
                       file: str | None = None) -> ReferenceSet:  # fmt: skip
    """A reference set from its stored CSV (see :func:`reference_set_csv`)."""
    rows = read_csv(source, file=file, required=("id",))
    set_name = name or (Path(str(source)).stem if not isinstance(source, bytes) else "reference")
    framework = ""
    items = []
    for _, row in rows:
        framework = framework or row.get("framework", "")
        labels, alternatives, descriptions = {}, {}, {}
        for column, value in row.items():
            if not value or ":" not in column:
                continue
            prefix, lang = column.split(":", 1)
            if prefix == "label":
                labels[lang] = value
            elif prefix == "alt":
                alternatives[lang] = tuple(v.strip() for v in value.split(_ALT_SEPARATOR.strip()) if v.strip())
            elif prefix == "description":
                descriptions[lang] = value
        items.append(ReferenceItem(id=row["id"], code=row.get("code", ""), kind=row.get("kind", ""),
                                   parent=row.get("parent", ""), uri=row.get("uri", ""), labels=labels,
                                   alt_labels=alternatives, descriptions=descriptions))  # fmt: skip
    return ReferenceSet(set_name, framework or set_name, items)


def clea_reference() -> ReferenceSet:
    """CléA (certificat de connaissances et de compétences professionnelles): 7 domains, 28 sub-domains."""
    data = resources.files(__package__).joinpath("data", "clea.csv").read_bytes()
    return read_reference_set(data, name="clea", file="clea.csv")


def merge_reference_sets(old: ReferenceSet, new: ReferenceSet) -> ReferenceSet:
    """``old`` completed by ``new``: items matched by id get the new languages; new items are appended."""
    items = list(old.items)
    index = {item.id: i for i, item in enumerate(items)}
    for item in new.items:
        if item.id not in index:
            index[item.id] = len(items)
            items.append(item)
            continue
        before = items[index[item.id]]
        items[index[item.id]] = replace(
            before,
            code=item.code or before.code,
            kind=item.kind or before.kind,
            parent=item.parent or before.parent,
            uri=item.uri or before.uri,
            labels={**before.labels, **item.labels},
            alt_labels={**before.alt_labels, **item.alt_labels},
            descriptions={**before.descriptions, **item.descriptions},
        )
    return ReferenceSet(old.name, old.framework or new.framework, items)


# ---- ESCO --------------------------------------------------------------------------------------------

_ESCO_LANG = re.compile(r"(?:^|[_\-.])([a-z]{2})(?:\.csv)?$", re.IGNORECASE)


def read_esco_skills(source: str | os.PathLike[str] | bytes, *, lang: str | None = None,
                     file: str | None = None) -> tuple[ReferenceSet, Report]:  # fmt: skip
    """The ESCO skills CSV (the official download, ``skills_<lang>.csv``), streamed row by row.

    Columns used: ``conceptUri`` (the id and URI), ``preferredLabel``, ``altLabels`` (one per line),
    ``description`` (else ``definition``), ``skillType`` (``skill/competence`` or ``knowledge``),
    ``status``. The language is ``lang``, else read from the file name (``skills_fr.csv``), else French.
    """
    rows = read_csv(source, file=file, required=("conceptUri", "preferredLabel"))
    problems = rows.problems
    if lang is None:
        match = _ESCO_LANG.search(Path(rows.file).stem)
        lang = match.group(1).lower() if match else "fr"
        if not match:
            problems.append(Problem("esco-language-guessed", Severity.INFO,
                                    {"fr": "Langue absente du nom de fichier : français supposé.",
                                     "en": "No language in the file name: French assumed."}, file=rows.file))  # fmt: skip
    items = []
    for row_number, row in rows:
        uri = row.get("conceptUri", "").strip()
        label = row.get("preferredLabel", "").strip()
        if not uri or not label:
            problems.append(Problem("esco-row-incomplete", Severity.ERROR,
                                    {"fr": "Ligne sans conceptUri ou sans preferredLabel : ignorée.",
                                     "en": "Row without a conceptUri or a preferredLabel: skipped."},
                                    field="conceptUri" if not uri else "preferredLabel", file=rows.file, line=row_number))  # fmt: skip
            continue
        if row.get("conceptType", "KnowledgeSkillCompetence") not in ("KnowledgeSkillCompetence", ""):
            continue  # skill groups and collections live in other ESCO files; a mixed file keeps only skills
        alternatives = tuple(a.strip() for a in re.split(r"[\n\r]+", row.get("altLabels", "")) if a.strip())
        description = row.get("description", "").strip() or row.get("definition", "").strip()
        skill_type = row.get("skillType", "").strip().lower()
        kind = "knowledge" if skill_type == "knowledge" else ("skill" if skill_type else "")
        items.append(ReferenceItem(id=uri, code=uri.rsplit("/", 1)[-1], kind=kind, uri=uri, labels={lang: label},
                                   alt_labels={lang: alternatives} if alternatives else {},
                                   descriptions={lang: description} if description else {}))  # fmt: skip
    return ReferenceSet("esco", "ESCO", items), Report(problems)


# ---- ROME 4.0 ----------------------------------------------------------------------------------------

#: Where each ROME 4.0 open-data file keeps its code and label (first matching column wins).
_ROME_CODE = ("code_ogr_competence", "code_ogr_savoir", "code_ogr", "code")
_ROME_LABEL = ("libelle_competence", "libelle_savoir", "libelle", "libelle_savoir_etre", "libelle_savoir_faire")
_ROME_URI = "https://www.francetravail.fr/rome/competence/"
#: The four levels above a competency in ``unix_arborescence_competences``: (code column, label column, kind).
_ROME_TREE = [("code_domaine_competence", "domaine_competence", "domain"), ("code_enjeu", "enjeu", "domain"),
              ("code_objectif", "objectif", "domain"),
              ("code_ogr_macro_competence", "libelle_macro_competence", "domain")]  # fmt: skip


def _rome_kind(row: dict[str, str], file: str) -> str:
    text = " ".join(v for k, v in row.items() if "type" in k or "categorie" in k).lower() + " " + file.lower()
    if "être" in text or "etre" in text:
        return "attitude"
    if "savoir" in text and "faire" not in text:
        return "knowledge"
    return "skill"


def read_rome(source: str | os.PathLike[str] | bytes, *, file: str | None = None) -> tuple[ReferenceSet, Report]:
    """One ROME 4.0 open-data CSV (France Travail): competencies, savoir-faire, savoir-être or savoirs.

    The files are read by their column names: a code (``code_ogr``, ``code_ogr_competence``…), a label
    (``libelle_competence``, ``libelle_savoir``…), an optional type or category telling savoir-être
    (→ attitude) and savoirs (→ knowledge) from savoir-faire (→ skill). The competency tree file
    (``unix_arborescence_competences``) also gives each competency its macro-competency, objective,
    stake and domain, which become items of kind ``domain``. Several files go into one ``rome`` set.
    """
    rows = read_csv(source, file=file)
    problems = rows.problems
    columns = {c.lower(): c for c in rows.header}
    code_column = next((columns[c] for c in _ROME_CODE if c in columns), None)
    label_column = next((columns[c] for c in _ROME_LABEL if c in columns), None)
    if code_column is None or label_column is None:
        raise CsvFileError(rows.file, "is not a ROME 4.0 file: it needs a code column (code_ogr, code_ogr_competence…) "
                                      f"and a label column (libelle_competence, libelle_savoir…); found {', '.join(rows.header)}.", 1)  # fmt: skip
    tree = [(columns[c], columns[lbl], kind) for c, lbl, kind in _ROME_TREE if c in columns and lbl in columns]
    items: dict[str, ReferenceItem] = {}
    for row_number, row in rows:
        code, label = row.get(code_column, "").strip(), row.get(label_column, "").strip()
        if not code or not label:
            problems.append(Problem("rome-row-incomplete", Severity.ERROR,
                                    {"fr": "Ligne sans code ou sans libellé : ignorée.",
                                     "en": "Row without a code or a label: skipped."},
                                    file=rows.file, line=row_number))  # fmt: skip
            continue
        parent = ""
        for level, (c_col, l_col, kind) in enumerate(tree):
            level_code, level_label = row.get(c_col, "").strip(), row.get(l_col, "").strip()
            if not level_code:
                continue
            level_id = f"{['domaine', 'enjeu', 'objectif', 'macro'][level]}-{level_code}"
            if level_id not in items:
                items[level_id] = ReferenceItem(id=level_id, code=level_code, kind=kind, parent=parent,
                                                labels={"fr": level_label} if level_label else {})  # fmt: skip
            parent = level_id
        items[code] = ReferenceItem(id=code, code=code, kind=_rome_kind(row, rows.file), parent=parent,
                                    uri=f"{_ROME_URI}{code}", labels={"fr": label})  # fmt: skip
    return ReferenceSet("rome", "ROME 4.0", list(items.values())), Report(problems)


# ---- CASE --------------------------------------------------------------------------------------------


def case_reference(source: str | os.PathLike[str] | dict[str, Any], *, file: str | None = None) -> tuple[ReferenceSet, Report]:
    """Any CASE package as a reference set: one item per CFItem (translations folded into labels)."""
    from .case.reading import _Reader, _text, read_case_json  # the CASE reader checks the structure

    name = file or (str(source) if not isinstance(source, dict) else "<CASE package>")
    data = source if isinstance(source, dict) else read_case_json(source)
    reader = _Reader(data, name)
    kinds = reader.classify()
    doc_id = reader.document["identifier"]
    parents: dict[str, str] = {}
    translations: dict[str, list[str]] = {}
    for a in reader.associations:
        if a["type"] == "isChildOf" and a["destination"] != doc_id and a["origin"] not in parents:
            parents[a["origin"]] = a["destination"]
        elif a["type"] == "isTranslationOf" and kinds.get(a["origin"]) == "translation":
            translations.setdefault(a["destination"], []).append(a["origin"])
    items = []
    for identifier, held in reader.items.items():
        if kinds[identifier] == "translation":
            continue
        entry = held["entry"]
        labels = {reader.language_of(entry): _text(entry, "fullStatement") or _text(entry, "humanCodingScheme") or identifier}
        descriptions = {reader.language_of(entry): _text(entry, "notes")} if _text(entry, "notes") else {}
        for translated in translations.get(identifier, []):
            t_entry = reader.items[translated]["entry"]
            labels[reader.language_of(t_entry)] = _text(t_entry, "fullStatement")
        alternatives: dict[str, tuple[str, ...]] = {reader.language_of(entry): (_text(entry, "abbreviatedStatement"),)} if _text(
            entry, "abbreviatedStatement") else {}  # fmt: skip
        items.append(ReferenceItem(id=identifier, code=_text(entry, "humanCodingScheme"),
                                   kind=_text(entry, "CFItemType"), parent=parents.get(identifier, ""),
                                   uri=_text(entry, "uri"), labels=labels, alt_labels=alternatives,
                                   descriptions=descriptions))  # fmt: skip
    title = _text(reader.document, "title") or "CASE"
    reader.summarise()
    return ReferenceSet(_slug(title), title, items), Report(reader.problems)


def _slug(title: str) -> str:
    from ..ids import slugify

    return slugify(title) or "case"


# ---- in a framework folder ---------------------------------------------------------------------------


def references_folder(framework_path: str | os.PathLike[str]) -> Path:
    return Path(framework_path) / "references"


def read_reference(path: str | os.PathLike[str], kind: str, *, lang: str | None = None) -> tuple[ReferenceSet, Report]:
    """Read a reference file of the given ``kind`` (``esco``, ``rome``, ``clea``, ``case``).

    For ``clea`` the file may be ``-`` (or empty): the shipped CléA set is used.
    """
    if kind == "esco":
        return read_esco_skills(path, lang=lang)
    if kind == "rome":
        return read_rome(path)
    if kind == "clea":
        if str(path) in ("", "-"):
            return clea_reference(), Report()
        return read_reference_set(path, name="clea"), Report()
    if kind == "case":
        return case_reference(path)
    raise UnknownReferenceKind(kind)


def _write_atomically(folder: Path, relpath: str, text: str) -> Path:
    """Replace ``relpath`` in ``folder`` by ``text``, never through a symbolic link; the path written."""
    path = writable_path(folder, relpath)
    temp = writable_path(folder, f"{relpath.rpartition('/')[0]}/.{path.name}.tmp-{os.getpid()}")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(temp, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, path)
    return path


def add_reference(framework_path: str | os.PathLike[str], path: str | os.PathLike[str], kind: str, *,
                  name: str | None = None, lang: str | None = None) -> tuple[ReferenceSet, Report, Path]:  # fmt: skip
    """Read a reference file and store it in ``<framework>/references/<name>.csv`` (merged with what is there).

    Returns the stored set, the report of the reading and the path written. The file is replaced
    atomically: an interrupted write leaves the previous set as it was. Refused
    (:class:`~badgeworkbench.errors.PathOutsideFolder`), before the file is read, when ``references``
    or the set's file is a symbolic link, or ``name`` leads out of the folder.
    """
    folder = Path(framework_path)
    if not (folder / "framework.yaml").is_file():
        raise BadgeWorkbenchError(f"{folder} holds no framework (no framework.yaml): give the framework's folder.")
    if name is not None:
        writable_path(folder, f"references/{name}.csv")  # a bad name is refused before the file is read
    reference, report = read_reference(path, kind, lang=lang)
    relpath = f"references/{name or reference.name}.csv"
    target = writable_path(folder, relpath)
    if target.exists():
        reference = merge_reference_sets(read_reference_set(target, name=target.stem), reference)
    else:
        reference = ReferenceSet(target.stem, reference.framework, reference.items)
    _write_atomically(folder, relpath, reference_set_csv(reference))
    return reference, report, target


def reference_files(framework_path: str | os.PathLike[str], names: Iterable[str] = ()) -> list[Path]:
    """The files of the reference sets stored beside a framework (all, or those named), by name.

    Raises :class:`~badgeworkbench.errors.PathOutsideFolder` when ``references`` or one of its files
    is a symbolic link leading outside the framework folder: nothing outside is read.
    """
    inside(framework_path, "references")
    folder = references_folder(framework_path)
    wanted = set(names)
    if not folder.is_dir():
        return []
    files = [path for path in sorted(folder.glob("*.csv")) if not wanted or path.stem in wanted]
    for path in files:
        inside(framework_path, f"references/{path.name}")
    return files


def load_references(framework_path: str | os.PathLike[str], names: Iterable[str] = ()) -> list[ReferenceSet]:
    """The reference sets stored beside a framework (all, or those named)."""
    return [read_reference_set(path, name=path.stem) for path in reference_files(framework_path, names)]

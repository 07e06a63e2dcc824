"""Reference items and sets, their stored CSV form, and what every reader of a source file shares.

A set is stored as one CSV file with one row per item and the columns ``id, code, kind, parent,
uri, framework, category, broader, parent_label``, then ``label:<lang>``, ``alt:<lang>`` (alternative
labels joined by `` | ``) and ``description:<lang>`` for each language it holds. ``parent_label`` is
written for the people who open the file in a spreadsheet (to group by macro-competence, by
certification…) and ignored when read: ``parent`` is the link.

>>> item = ReferenceItem(id="200001", kind="attitude", category="Savoir-être professionnel",
...                      labels={"fr": "Faire preuve de curiosité"})
>>> stored = reference_set_csv(ReferenceSet("rome", "ROME 4.0", [item]))
>>> stored.splitlines()[0]
'id,code,kind,parent,uri,framework,category,broader,parent_label,label:fr,alt:fr,description:fr'
>>> [again] = read_reference_set(stored.encode(), name="rome").items
>>> again == item and again.category == item.category
True
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ...errors import BadgeWorkbenchError
from ..tabular import CsvFileError, CsvRows, read_csv, write_csv

if TYPE_CHECKING:
    from ...model import Alignment

__all__ = [
    "ReferenceFileError",
    "ReferenceItem",
    "ReferenceSet",
    "column",
    "merge_reference_sets",
    "missing_column",
    "no_rows",
    "open_source_csv",
    "read_reference_set",
    "reference_set_csv",
]

_ALT_SEPARATOR = " | "


@dataclass(frozen=True, slots=True)
class ReferenceItem:
    """One item of a reference framework (a skill, a macro-competency, a certification block…).

    ``kind`` is what the item is (``skill``, ``knowledge``, ``attitude`` for a savoir-être,
    ``domain`` for a grouping level, ``certification``, ``skill-block``…); ``category`` is the
    category its source file gave it, word for word (ROME's ``Savoir-être professionnel``, ESCO's
    ``knowledge``), empty when the file gave none. ``parent`` is the first broader item and
    ``broader`` every other one (ESCO skills may sit in several groups).
    """

    id: str
    code: str = ""
    kind: str = ""
    parent: str = ""
    uri: str = ""
    labels: dict[str, str] = field(default_factory=dict)
    alt_labels: dict[str, tuple[str, ...]] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    category: str = ""
    broader: tuple[str, ...] = ()

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

    def ancestors(self, item_id: str) -> list[ReferenceItem]:
        """The items above ``item_id`` through ``parent``, nearest first (a cycle or a missing item ends it).

        >>> s = ReferenceSet("r", "R", [ReferenceItem("a"), ReferenceItem("b", parent="a"), ReferenceItem("c", parent="b")])
        >>> [i.id for i in s.ancestors("c")]
        ['b', 'a']
        """
        chain: list[ReferenceItem] = []
        seen = {item_id}
        current = self.item(item_id)
        while current is not None and current.parent and current.parent not in seen:
            seen.add(current.parent)
            current = self.item(current.parent)
            if current is not None:
                chain.append(current)
        return chain

    def parent_label(self, item: ReferenceItem, lang: str = "fr") -> str:
        """The label of the item's parent (its macro-competency, its certification…), empty when it has none."""
        parent = self.item(item.parent) if item.parent else None
        return parent.label(lang) if parent is not None else ""

    def alignment(self, item_id: str, lang: str = "fr") -> Alignment:
        """The :class:`~badgeworkbench.model.Alignment` a competency or badge gets when aligned to an item."""
        from ...model import Alignment  # the pydantic models: searching the references does not need them

        item = self.item(item_id)
        if item is None:
            raise BadgeWorkbenchError(f"The reference set {self.name!r} has no item {item_id!r}.")
        return Alignment(framework=self.framework, name=item.label(lang), url=item.uri, code=item.code or item.id,
                         target_type=item.kind, description=item.descriptions.get(lang, ""))  # fmt: skip


# ---- the stored format -------------------------------------------------------------------------------


def reference_set_csv(reference: ReferenceSet) -> str:
    """The set as the CSV text stored in ``references/<name>.csv`` (UTF-8, cells neutralised)."""
    languages = reference.languages()
    header = ["id", "code", "kind", "parent", "uri", "framework", "category", "broader", "parent_label"]
    for prefix in ("label", "alt", "description"):
        header += [f"{prefix}:{lang}" for lang in languages]
    rows = (
        [item.id, item.code, item.kind, item.parent, item.uri, reference.framework, item.category,
         _ALT_SEPARATOR.join(item.broader), reference.parent_label(item)]
        + [item.labels.get(lang, "") for lang in languages]
        + [_ALT_SEPARATOR.join(item.alt_labels.get(lang, ())) for lang in languages]
        + [item.descriptions.get(lang, "") for lang in languages]
        for item in reference.items
    )  # fmt: skip
    return write_csv(rows, header)


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(_ALT_SEPARATOR.strip()) if v.strip())


def read_reference_set(source: str | os.PathLike[str] | bytes, *, name: str | None = None,
                       file: str | None = None) -> ReferenceSet:  # fmt: skip
    """A reference set from its stored CSV (see :func:`reference_set_csv`); files written before
    ``category`` and ``broader`` existed are read too."""
    rows = read_csv(source, file=file, required=("id",))
    set_name = name or (Path(str(source)).stem if not isinstance(source, bytes) else "reference")
    framework = ""
    items = []
    for _, row in rows:
        framework = framework or row.get("framework", "")
        labels, alternatives, descriptions = {}, {}, {}
        for column_name, value in row.items():
            if not value or ":" not in column_name:
                continue
            prefix, lang = column_name.split(":", 1)
            if prefix == "label":
                labels[lang] = value
            elif prefix == "alt":
                alternatives[lang] = _split(value)
            elif prefix == "description":
                descriptions[lang] = value
        items.append(ReferenceItem(id=row["id"], code=row.get("code", ""), kind=row.get("kind", ""),
                                   parent=row.get("parent", ""), uri=row.get("uri", ""), labels=labels,
                                   alt_labels=alternatives, descriptions=descriptions,
                                   category=row.get("category", ""), broader=_split(row.get("broader", ""))))  # fmt: skip
    return ReferenceSet(set_name, framework or set_name, items)


def merge_reference_sets(old: ReferenceSet, new: ReferenceSet) -> ReferenceSet:
    """``old`` completed by ``new``: items matched by id get the new languages and links; new items are appended.

    A kind that ``new`` only guessed (its item has no ``category``: the ROME tree file does not say
    which macro-competencies are savoir-être) never replaces a kind already stored; a kind its
    file states does. Broader items are the union of both, in order.
    """
    items = list(old.items)
    index = {item.id: i for i, item in enumerate(items)}
    for item in new.items:
        if item.id not in index:
            index[item.id] = len(items)
            items.append(item)
            continue
        before = items[index[item.id]]
        stated = bool(item.category) or not before.kind
        items[index[item.id]] = replace(
            before,
            code=item.code or before.code,
            kind=(item.kind or before.kind) if stated else before.kind,
            parent=item.parent or before.parent,
            uri=item.uri or before.uri,
            labels={**before.labels, **item.labels},
            alt_labels={**before.alt_labels, **item.alt_labels},
            descriptions={**before.descriptions, **item.descriptions},
            category=item.category or before.category,
            broader=tuple(dict.fromkeys(before.broader + item.broader)),
        )
    return ReferenceSet(old.name, old.framework or new.framework, items)


# ---- what every reader of a source file shares -------------------------------------------------------


class ReferenceFileError(CsvFileError):
    """A reference source file that cannot be read: the sentence names the file, the row and the column."""

    def __init__(self, file: str, en: str, fr: str, row: int | None = None) -> None:
        super().__init__(file, en, row)
        where_fr = f"{file}{f', ligne {row}' if row else ''}"
        self.messages = {"en": str(self), "fr": f"{where_fr} : {fr}"}


#: The first bytes of files that are not CSV text, and what they probably are.
_NOT_TEXT = ((b"PK\x03\x04", "a ZIP archive or an Excel workbook (.xlsx)", "une archive ZIP ou un classeur Excel (.xlsx)"),
             (b"\xd0\xcf\x11\xe0", "an old Excel workbook (.xls)", "un ancien classeur Excel (.xls)"),
             (b"%PDF", "a PDF document", "un document PDF"))  # fmt: skip


def open_source_csv(source: str | os.PathLike[str] | bytes, file: str | None = None) -> CsvRows:
    """Open a partner's source file (ROME, ESCO, RNCP…) as CSV rows, refusing what is not CSV text.

    The encoding (UTF-8 with or without a byte-order mark, UTF-16, else Windows-1252/ISO-8859-1)
    and the delimiter (``,`` ``;`` tab) are those :func:`~badgeworkbench.interop.tabular.read_csv`
    finds. A workbook, a PDF or a binary file is refused with one sentence saying what to export.
    """
    name = file or (str(source) if not isinstance(source, bytes) else "<CSV>")
    if isinstance(source, bytes):
        head = source[:4096]
    else:
        try:
            with open(source, "rb") as handle:
                head = handle.read(4096)
        except OSError as error:
            raise ReferenceFileError(name, f"cannot be read ({error.strerror}): check the path.",
                                     f"illisible ({error.strerror}) : vérifiez le chemin.") from error  # fmt: skip
    for magic, what_en, what_fr in _NOT_TEXT:
        if head.startswith(magic):
            raise ReferenceFileError(name, f"is not a CSV text file but {what_en}: export it as CSV (UTF-8) and add that file.",
                                     f"n'est pas un fichier CSV mais {what_fr} : exportez-le en CSV (UTF-8) et ajoutez ce fichier.")  # fmt: skip
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReferenceFileError(name, "holds binary data, not CSV text (wrong file or encoding): export it as CSV (UTF-8).",
                                 "contient des données binaires, pas du texte CSV (mauvais fichier ou encodage) : exportez-le en CSV (UTF-8).")  # fmt: skip
    try:
        return read_csv(source, file=name)
    except ReferenceFileError:
        raise
    except CsvFileError as error:
        raise ReferenceFileError(error.file, str(error).removeprefix(f"{error.file}: ").removeprefix(f"{error.file}, row 1: "),
                                 "fichier vide ou sans ligne d'en-tête : rien à importer." if "empty" in str(error)
                                 else f"illisible : {error}", error.row) from error  # fmt: skip


def column(rows: CsvRows, *names: str) -> str | None:
    """The file's spelling of the first of ``names`` it has (compared without case), else ``None``.

    >>> rows = read_csv(b"Code_OGR;Libelle_Competence\\n1;x\\n")
    >>> column(rows, "code_ogr_competence", "code_ogr"), column(rows, "definition")
    ('Code_OGR', None)
    """
    found = {header.lower(): header for header in rows.header}
    return next((found[n.lower()] for n in names if n.lower() in found), None)


def missing_column(rows: CsvRows, what: str, names: tuple[str, ...], what_fr: str) -> ReferenceFileError:
    """The error for a file without any of the columns ``names``: file, row 1, the columns wanted and found."""
    wanted = " or ".join(names)
    found = ", ".join(rows.header) or "none"
    return ReferenceFileError(rows.file, f"column {names[0]} is missing: {what} needs a column {wanted} (found: {found}).",
                              f"colonne {names[0]} absente : {what_fr} a besoin d'une colonne {' ou '.join(names)} "
                              f"(trouvées : {found}).", 1)  # fmt: skip


def no_rows(rows: CsvRows) -> ReferenceFileError:
    """The error for a file with a header row and nothing under it."""
    return ReferenceFileError(rows.file, "has a header row but no data rows: nothing to add (was the export cut?).",
                              "a une ligne d'en-tête mais aucune ligne de données : rien à ajouter (export coupé ?).", 2)  # fmt: skip

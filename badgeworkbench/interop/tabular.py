"""Reading and writing the CSV files partners bring, whatever made them.

Files come from Excel in French (semicolons, Windows-1252, a byte-order mark), from LibreOffice,
from Moodle or from open-data portals. :func:`read_csv` streams rows from any of them without
loading the whole file, and reports — with the file, the row and the column — what it had to
approximate: a guessed encoding, a cell cut because it was huge, a code Excel turned into a date.
:func:`neutralise` and :func:`write_csv` make every CSV we write safe to open in a spreadsheet
(no cell is read as a formula).

>>> neutralise("=SUM(A1:A3)"), neutralise("-2 points"), neutralise("Cuisiner")
("'=SUM(A1:A3)", "'-2 points", 'Cuisiner')
>>> restore(neutralise("@risque"))
'@risque'
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ..errors import BadgeWorkbenchError
from ..report import Problem, Severity

__all__ = [
    "MAX_CELL_CHARS",
    "CsvFileError",
    "CsvRows",
    "html_to_markdown",
    "looks_like_excel_date",
    "neutralise",
    "read_csv",
    "restore",
    "write_csv",
]

#: Longer cells are cut (and reported): no competency text comes near it, a broken file easily does.
MAX_CELL_CHARS = 10_000
_FIELD_LIMIT = 16 * 1024 * 1024  # what the csv module may hold while parsing, before we cut
_SNIFF_BYTES = 256 * 1024
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_DELIMITERS = (",", ";", "\t", "|")


class CsvFileError(BadgeWorkbenchError):
    """A CSV file that cannot be read at all (missing, empty, not a table, without the columns needed)."""

    exit_code = 2

    def __init__(self, file: str, message: str, row: int | None = None) -> None:
        self.file, self.row = file, row
        super().__init__(f"{file}{f', row {row}' if row else ''}: {message}")


def neutralise(value: Any) -> str:
    """The cell text, with a leading ``'`` when a spreadsheet would read it as a formula (= + - @)."""
    text = "" if value is None else str(value)
    # quotes already in front of a formula character get one more, so that restore() is exact
    return f"'{text}" if text.lstrip("'").startswith(_FORMULA_START) else text


def restore(text: str) -> str:
    """Undo :func:`neutralise`: one ``'`` is removed from quotes followed by a formula character.

    >>> [restore(neutralise(t)) for t in ("=A1", "'=A1", "'texte")]
    ['=A1', "'=A1", "'texte"]
    """
    return text[1:] if text.startswith("'") and text.lstrip("'").startswith(_FORMULA_START) else text


def write_csv(rows: Iterable[Iterable[Any]], header: list[str], *, delimiter: str = ",", bom: bool = False) -> str:
    """CSV text (``\\r\\n`` line ends, every cell neutralised). ``bom=True`` helps Excel see UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return ("\ufeff" if bom else "") + out.getvalue()


_DATE_PATTERNS = [
    re.compile(r"^\d{1,2}/\d{1,2}/\d{2,4}$"),  # 01/02/2024 (French or US order)
    re.compile(r"^\d{4}-\d{2}-\d{2}( 00:00:00)?$"),  # 2024-02-01 00:00:00 (openpyxl, pandas)
    re.compile(r"^\d{1,2}[-.](janv|févr|mars|avr|mai|juin|juil|août|sept|oct|nov|déc|jan|feb|mar|apr|may|jun|jul|aug|sep|dec)\.?$", re.I),
]  # fmt: skip


def looks_like_excel_date(value: str) -> bool:
    """True for a code that Excel probably turned into a date (``1.2`` → ``01/02/2024``, ``1-2`` → ``1-févr``).

    >>> looks_like_excel_date("01/02/2024"), looks_like_excel_date("1-févr"), looks_like_excel_date("C1.2")
    (True, True, False)
    """
    return any(p.match(value.strip()) for p in _DATE_PATTERNS)


@functools.cache
def _converter() -> Any:
    """Made on first use: reading a reference set or a CSV without HTML need not import BeautifulSoup."""
    from markdownify import MarkdownConverter

    return MarkdownConverter(heading_style="ATX", bullets="-", strong_em_symbol="*", escape_misc=False)


def html_to_markdown(html: str) -> str:
    """Markdown for an HTML description (Moodle, CASE servers): structure kept, scripts and styles dropped.

    >>> html_to_markdown("<p>Savoir <b>accueillir</b>&nbsp;:</p><ul><li>dire bonjour</li></ul><script>x()</script>")
    'Savoir **accueillir**\\xa0:\\n\\n- dire bonjour'
    """
    if "<" not in html and "&" not in html:
        return html.strip()
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "iframe", "object", "embed", "noscript", "head"]):
        tag.decompose()
    text = _converter().convert_soup(soup)
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


@dataclass
class CsvRows:
    """Rows of a CSV file, streamed: iterate for ``(row_number, {column: text})``; problems fill as you go.

    ``row_number`` counts records with the header as row 1, as a spreadsheet shows them (a cell
    holding line breaks does not shift the rows after it).
    """

    file: str
    header: list[str]
    encoding: str
    delimiter: str
    problems: list[Problem] = field(default_factory=list)
    #: Row number → how many non-empty cells it had beyond the header's columns (they are not in the record).
    extra_cells: dict[int, int] = field(default_factory=dict)
    _rows: Iterator[tuple[int, dict[str, str]]] | None = None

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        assert self._rows is not None
        return self._rows

    def problem(self, code: str, fr: str, en: str, row: int | None = None, column: str | None = None,
                severity: Severity = Severity.WARNING) -> None:  # fmt: skip
        self.problems.append(Problem(code, severity, {"fr": fr, "en": en}, field=column, file=self.file, line=row))


def _guess_encoding(head: bytes) -> tuple[str, str | None]:
    """(encoding, note): a byte-order mark decides; else UTF-8 if the start decodes; else Windows-1252."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", None
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", None
    try:
        # a multi-byte character may be cut at the end of the sample: an incremental decoder allows it
        codecs.getincrementaldecoder("utf-8")().decode(head, final=len(head) < _SNIFF_BYTES)
        return "utf-8", None
    except UnicodeDecodeError:
        pass
    try:
        head.decode("cp1252")
        return "cp1252", "Windows-1252"
    except UnicodeDecodeError:
        return "latin-1", "Latin-1 (ISO-8859-1)"


def _header_delimiter(sample: str) -> str | None:
    """The candidate found most often in the first record outside quotes (``None`` when none is)."""
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    for char in sample:
        if char == '"':
            quoted = not quoted  # a doubled quote flips twice: still inside
        elif not quoted and char in ("\n", "\r"):
            break
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=lambda d: counts[d])  # ties go to the first of _DELIMITERS
    return best if counts[best] else None


def _sniff_delimiter(sample: str) -> str:
    """The delimiter: the one the header row uses (quoting is always RFC 4180, whatever the data looks like).

    >>> _sniff_delimiter('identifiant;preuve\\na@b.fr;"oui, 3 jours"'), _sniff_delimiter("a\\tb\\n1\\t2")
    (';', '\\t')
    """
    found = _header_delimiter(sample)
    if found is not None:
        return found
    lines = [line for line in sample.splitlines()[:20] if line.strip()]
    if not lines:
        return ","
    try:
        return csv.Sniffer().sniff("\n".join(lines), delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def _normalise_header(name: str) -> str:
    return name.strip().strip("\ufeff").strip()


def read_csv(source: str | os.PathLike[str] | bytes, *, file: str | None = None, required: Iterable[str] = (),
             max_cell: int | None = MAX_CELL_CHARS, exact: bool = False) -> CsvRows:  # fmt: skip
    """Open a CSV file (a path, or its bytes) for streaming.

    The encoding is guessed (byte-order mark, else UTF-8, else Windows-1252/Latin-1, reported), the
    delimiter is the one the header row uses (``,`` ``;`` tab ``|``), and quoting is RFC 4180's:
    a quoted cell may hold the delimiter, line breaks and doubled quotes (``""``). Cells are
    stripped and un-:func:`neutralise`-d, unless ``exact``: then each cell is the file's text as it
    is (for readers that keep spaces and check formula quotes themselves). ``max_cell=None``
    cuts nothing. Raises :class:`CsvFileError` when the file is missing, empty, or lacks a
    ``required`` column (compared without case or surrounding spaces).

    >>> rows = read_csv('id;preuve\\na@b.fr;"dit ""oui"", 3 jours\\nensuite"\\n'.encode())
    >>> rows.delimiter, list(rows)
    (';', [(2, {'id': 'a@b.fr', 'preuve': 'dit "oui", 3 jours\\nensuite'})])
    """
    name = file or (str(source) if not isinstance(source, bytes) else "<CSV>")
    handle: IO[bytes]
    if isinstance(source, bytes):
        handle = io.BytesIO(source)
    else:
        try:
            handle = open(Path(source), "rb")
        except OSError as error:
            raise CsvFileError(name, f"cannot be read ({error.strerror}). Check the path.") from error
    head = handle.read(_SNIFF_BYTES)
    if not head.strip():
        handle.close()
        raise CsvFileError(name, "is empty: there is no header row, so nothing can be imported.")
    encoding, note = _guess_encoding(head)
    handle.seek(0)
    text = io.TextIOWrapper(handle, encoding=encoding, errors="replace", newline="")
    sample = head.decode(encoding if encoding != "utf-16" else "utf-16", errors="ignore")
    delimiter = _sniff_delimiter(sample.lstrip("\ufeff"))
    csv.field_size_limit(_FIELD_LIMIT)
    reader = csv.reader(text, delimiter=delimiter)
    try:
        header = [_normalise_header(h) for h in next(reader)]
    except (csv.Error, StopIteration) as error:
        handle.close()
        raise CsvFileError(name, f"has no readable header row ({error}).", 1) from error
    wanted = {r.lower() for r in required}
    missing = sorted(wanted - {h.lower() for h in header})
    if missing:
        handle.close()
        raise CsvFileError(name, f"lacks the column(s) {', '.join(missing)} (found: {', '.join(header) or 'none'}). "
                                 "Is it the right kind of file?", 1)  # fmt: skip
    rows = CsvRows(name, header, encoding, delimiter)
    if note:
        rows.problem("csv-encoding-guessed", f"Fichier lu en {note} (ce n'est pas de l'UTF-8) : vérifiez les accents.",
                     f"File read as {note} (it is not UTF-8): check the accents.", severity=Severity.INFO)  # fmt: skip

    def generate() -> Iterator[tuple[int, dict[str, str]]]:
        row_number = 1
        try:
            while True:
                try:
                    cells = next(reader)
                except StopIteration:
                    return
                except csv.Error as error:
                    row_number += 1
                    rows.problem("csv-row-unreadable", f"Ligne illisible ({error}) : ignorée.",
                                 f"Unreadable row ({error}): skipped.", row_number, severity=Severity.ERROR)  # fmt: skip
                    continue
                row_number += 1  # records, as a spreadsheet numbers its rows (a cell may span lines)
                if not any(c.strip() for c in cells):
                    continue
                if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
                    rows.extra_cells[row_number] = len(cells) - len(header)
                    rows.problem("csv-extra-cells", f"{len(cells) - len(header)} cellule(s) au-delà des colonnes : ignorée(s).",
                                 f"{len(cells) - len(header)} cell(s) beyond the columns: ignored.", row_number)  # fmt: skip
                record: dict[str, str] = {}
                for column, cell in zip(header, cells, strict=False):
                    if max_cell is not None and len(cell) > max_cell:
                        rows.problem("csv-cell-too-long",
                                     f"Cellule de {len(cell)} caractères, coupée à {max_cell}.",
                                     f"Cell of {len(cell)} characters, cut to {max_cell}.", row_number, column)  # fmt: skip
                        cell = cell[:max_cell]
                    if "\ufffd" in cell:
                        rows.problem("csv-bad-characters", "Caractères illisibles (encodage mélangé ?).",
                                     "Unreadable characters (mixed encodings?).", row_number, column)  # fmt: skip
                    record[column] = cell if exact else restore(cell.strip())
                for column in header[len(cells):]:
                    record[column] = ""
                yield row_number, record
        finally:
            handle.close()

    rows._rows = generate()
    return rows

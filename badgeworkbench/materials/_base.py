"""What every kit shares: the fonts, a PDF page set up the same way, fitting text into a box,
QR codes drawn as vectors, cut marks, words in French and English, and HTML with print CSS."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Protocol

import segno
from fpdf import FPDF

from ..errors import BadgeWorkbenchError
from ..model import Framework, text

__all__ = [
    "FONT",
    "Kit",
    "MaterialsError",
    "UnknownKit",
    "card_grid",
    "colon",
    "draw_cut_marks",
    "draw_qr",
    "esc",
    "fit_text",
    "font_files",
    "french_typography",
    "html_page",
    "label",
    "level_name",
    "new_pdf",
    "partner_name",
    "pdf_bytes",
    "qr_svg",
    "role_names",
    "territory_name",
    "wrap_lines",
]

#: The one font family every PDF uses (registered from matplotlib's DejaVu Sans; never a core font,
#: which has no "œ", no narrow no-break space and no "€").
FONT = "DejaVu"
#: A fixed creation date keeps the PDF bytes identical from one run to the next.
_FIXED_DATE = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
PT_TO_MM = 25.4 / 72


class MaterialsError(BadgeWorkbenchError):
    """Printable materials cannot be made (unknown kit, bad option, missing font)."""


class Kit(Protocol):
    """A kind of printed material. ``render`` returns ``{filename: bytes}`` (a PDF and an HTML page)."""

    name: str
    description: str

    def render(self, framework: Framework, lang: str = "fr", **options: Any) -> dict[str, bytes]: ...


@cache
def font_files() -> tuple[Path, Path]:
    """DejaVu Sans regular and bold, from matplotlib's data folder (a dependency, so always there)."""
    import matplotlib

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
    for path in (regular, bold):
        if not path.is_file():
            raise MaterialsError(
                f"{path}: font not found. Reinstall matplotlib (pip install --force-reinstall matplotlib); "
                "the PDFs need DejaVu Sans for French text.",
                fr=f"La police DejaVu Sans ({path.name}) est introuvable\u202f: aucun support n'a été créé. Demandez "
                   "à la personne qui gère l'installation de réinstaller matplotlib "
                   "(pip install --force-reinstall matplotlib).",
                en=f"The DejaVu Sans font ({path.name}) was not found: no material was made. Ask the person who looks "
                   "after the installation to reinstall matplotlib (pip install --force-reinstall matplotlib).",
            )  # fmt: skip
    return regular, bold


def new_pdf(
    title: str,
    lang: str,
    page_format: str | tuple[float, float] = "A4",
    orientation: str = "P",
    auto_break: bool = False,
) -> FPDF:
    """An empty PDF in millimetres with DejaVu Sans registered and embedded (subset)."""
    pdf = FPDF(orientation=orientation, unit="mm", format=page_format)
    regular, bold = font_files()
    pdf.add_font(FONT, "", str(regular))
    pdf.add_font(FONT, "B", str(bold))
    pdf.set_font(FONT, size=10)
    pdf.set_title(title)
    pdf.set_creator("Badge Workbench")
    pdf.set_lang(lang)
    pdf.set_creation_date(_FIXED_DATE)
    pdf.set_auto_page_break(auto_break, margin=12)
    pdf.set_margins(12, 12, 12)
    pdf.c_margin = 0
    return pdf


def pdf_bytes(pdf: FPDF) -> bytes:
    return bytes(pdf.output())


def _line_height(size: float) -> float:
    return size * PT_TO_MM * 1.22


# Word widths at 1 pt, per style: a width scales with the font size, so one measure serves every
# size tried while shrinking text into a box (fpdf2's own line breaking is far slower).
_WIDTHS: dict[tuple[str, str], float] = {}


def _unit_width(pdf: FPDF, style: str, word: str) -> float:
    key = (style, word)
    width = _WIDTHS.get(key)
    if width is None:
        if len(_WIDTHS) > 100_000:
            _WIDTHS.clear()
        pdf.set_font(FONT, style, 10)
        width = pdf.get_string_width(word) / 10
        _WIDTHS[key] = width
    return width


_GLUED_BEFORE = ("»", ":", ";", "!", "?", "—")  # never start a line with these…
_GLUED_AFTER = ("«",)  # …nor end one with this


def _unbreakable_units(paragraph: str) -> list[str]:
    """Words, where a French « » or a mark typed after a plain space stays with its word."""
    units: list[str] = []
    glue_next = False
    for word in paragraph.split(" "):
        if units and (glue_next or word in _GLUED_BEFORE or word.startswith(("»", ":", ";"))):
            units[-1] = f"{units[-1]} {word}"
        else:
            units.append(word)
        glue_next = word in _GLUED_AFTER
    return units


def wrap_lines(pdf: FPDF, value: str, w: float, size: float, bold: bool = False) -> list[str]:
    """``value`` broken into lines no wider than ``w`` mm at ``size`` pt (greedy, by words; a word
    longer than a line is cut). Line breaks in ``value`` are kept."""
    style = "B" if bold else ""
    limit = w / size
    space = _unit_width(pdf, style, " ")
    lines: list[str] = []
    for paragraph in value.split("\n"):
        current: list[str] = []
        width = 0.0
        for word in _unbreakable_units(paragraph):
            word_w = _unit_width(pdf, style, word)
            while word_w > limit and len(word) > 1:  # a very long word (a URL): cut it
                if current:
                    lines.append(" ".join(current))
                    current, width = [], 0.0
                cut = len(word)
                while cut > 1 and _unit_width(pdf, style, word[:cut]) > limit:
                    cut = max(1, int(cut * 0.8)) if cut > 8 else cut - 1
                lines.append(word[:cut])
                word = word[cut:]
                word_w = _unit_width(pdf, style, word)
            extra = word_w + (space if current else 0.0)
            if current and width + extra > limit:
                lines.append(" ".join(current))
                current, width = [word], word_w
            else:
                current.append(word)
                width += extra
        lines.append(" ".join(current))
    return lines


def fit_text(
    pdf: FPDF,
    value: str,
    x: float,
    y: float,
    w: float,
    h: float,
    *,
    size: float = 10,
    min_size: float = 6,
    bold: bool = False,
    align: str = "L",
    halo: bool = False,
) -> float:
    """Write ``value`` inside the box (x, y, w, h), shrinking the font down to ``min_size``;
    what still does not fit is cut at a line end and marked with "…". Returns the height used.
    With ``halo``, each line sits on a white band (labels stay readable over the lines of a drawing)."""
    if not value.strip():
        return 0.0
    current = size
    while True:
        lh = _line_height(current)
        lines = wrap_lines(pdf, value, w, current, bold)
        if len(lines) * lh <= h + 0.01 or current <= min_size:
            break
        current = max(min_size, current - 0.5)
    max_lines = max(1, int((h + 0.01) // lh))
    style = "B" if bold else ""
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1].rstrip()
        while last and _unit_width(pdf, style, last + "…") * current > w:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    # Measure before choosing the font: measuring sets the font to the 10 pt reference size.
    widths = [min(w, _unit_width(pdf, style, line) * current + 1.0) for line in lines] if halo else []
    pdf.set_font(FONT, style, current)
    for index, line in enumerate(lines):
        if halo:
            line_w = widths[index]
            left = x if align == "L" else x + w - line_w if align == "R" else x + (w - line_w) / 2
            pdf.set_fill_color(255, 255, 255)
            pdf.rect(left, y + index * lh, line_w, lh, style="F")
        pdf.set_xy(x, y + index * lh)
        pdf.cell(w, lh, line, align=align)
    return len(lines) * lh


@lru_cache(maxsize=4096)
def _qr_matrix(payload: str) -> tuple[tuple[int, ...], ...]:
    # Cached: the PDF and its HTML twin draw the same codes, and encoding picks the best of 8 masks.
    return tuple(tuple(row) for row in segno.make(payload, error="m", micro=False).matrix)


@lru_cache(maxsize=4096)
def _qr_runs(payload: str) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """The QR code's size in modules, and its dark modules as runs (row, first column, length)."""
    matrix = _qr_matrix(payload)
    runs = []
    for r, row in enumerate(matrix):
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                runs.append((r, start, c - start))
            else:
                c += 1
    return len(matrix), tuple(runs)


def draw_qr(pdf: FPDF, payload: str, x: float, y: float, size: float) -> None:
    """A QR code drawn as vector squares (one rectangle per run of dark modules), with no quiet zone
    drawn: leave a margin of 2 modules around it."""
    modules, runs = _qr_runs(payload)
    cell = size / modules
    pdf.set_fill_color(0, 0, 0)
    write = getattr(pdf, "_out", None)
    if write is None:  # pragma: no cover - an fpdf2 without its content-stream writer
        for r, start, length in runs:
            pdf.rect(x + start * cell, y + r * cell, length * cell, cell, style="F")
        return
    # One fill of many rectangles, written straight into the page: ~40 times faster than one
    # rect() call per run, which matters for a deck of hundreds of cards.
    k, page_h = pdf.k, pdf.h
    rects = " ".join(
        f"{(x + start * cell) * k:.2f} {(page_h - y - r * cell) * k:.2f} {length * cell * k:.2f} {-cell * k:.2f} re"
        for r, start, length in runs
    )
    write(f"{rects} f")


def draw_cut_marks(
    pdf: FPDF,
    xs: Iterable[float],
    ys: Iterable[float],
    left: float,
    top: float,
    right: float,
    bottom: float,
    length: float = 4.0,
    gap: float = 1.5,
) -> None:
    """Short lines outside the card grid where each cut goes (a paper cutter lines up on them)."""
    pdf.set_draw_color(0, 0, 0)
    pdf.set_line_width(0.2)
    for x in xs:
        pdf.line(x, top - gap - length, x, top - gap)
        pdf.line(x, bottom + gap, x, bottom + gap + length)
    for y in ys:
        pdf.line(left - gap - length, y, left - gap, y)
        pdf.line(right + gap, y, right + gap + length, y)


def card_grid(
    page_w: float, page_h: float, per_page: int, landscape_cards: bool = False
) -> tuple[int, int, float, float, float, float]:
    """Columns, rows, card width and height, and the grid's left/top for ``per_page`` cards on a page.

    The grid is centred horizontally so that a back page mirrored left-to-right lands exactly
    behind its front page when printed double-sided (long-edge flip).
    """
    if per_page not in (4, 8):
        raise MaterialsError(f"per_page={per_page}: cards come 4 or 8 to a page. Use 4 (large) or 8 (small).")
    cols, rows = 2, per_page // 2
    margin = 12.0
    card_w = (page_w - 2 * margin) / cols
    card_h = min((page_h - 2 * margin) / rows, card_w * 1.45)
    left = (page_w - cols * card_w) / 2
    top = (page_h - rows * card_h) / 2
    return cols, rows, card_w, card_h, left, top


# --- words --------------------------------------------------------------------------------------

_LABELS: dict[str, dict[str, str]] = {
    "deck": {"fr": "Cartes badges", "en": "Badge cards"},
    "fronts": {"fr": "recto", "en": "fronts"},
    "backs": {"fr": "verso", "en": "backs"},
    "level": {"fr": "Niveau", "en": "Level"},
    "issuer": {"fr": "Émetteur", "en": "Issuer"},
    "criteria": {"fr": "Critères", "en": "Criteria"},
    "competencies": {"fr": "Compétences", "en": "Competencies"},
    "requires": {"fr": "Prérequis", "en": "Requires"},
    "no_requirement": {"fr": "Aucun prérequis", "en": "No prerequisite"},
    "category": {"fr": "Catégorie", "en": "Category"},
    "any_level": {"fr": "tout niveau", "en": "any level"},
    "cards": {"fr": "Cartes compétences", "en": "Competency cards"},
    "hierarchy": {"fr": "Place dans le référentiel", "en": "Place in the framework"},
    "levels": {"fr": "Niveaux", "en": "Levels"},
    "canvas": {"fr": "Canevas de conception de badge", "en": "Badge design canvas"},
    "canvas_blank": {"fr": "Canevas vierge", "en": "Blank canvas"},
    "name": {"fr": "Nom du badge", "en": "Badge name"},
    "for_whom": {"fr": "Pour qui ?", "en": "For whom?"},
    "recognises": {"fr": "Ce qu'il reconnaît", "en": "What it recognises"},
    "evidence": {"fr": "Preuves attendues", "en": "Evidence"},
    "endorsers": {"fr": "Soutiens (endossements)", "en": "Endorsers"},
    "links": {"fr": "Liens vers d'autres badges", "en": "Links to other badges"},
    "comments": {"fr": "Remarques des partenaires", "en": "Partners' comments"},
    "status": {"fr": "Statut", "en": "Status"},
    "status_proposed": {"fr": "proposé", "en": "proposed"},
    "status_discussed": {"fr": "en discussion", "en": "discussed"},
    "status_adopted": {"fr": "adopté", "en": "adopted"},
    "status_set_aside": {"fr": "mis de côté", "en": "set aside"},
    "leads_to": {"fr": "Ouvre vers", "en": "Leads to"},
    "pathways": {"fr": "Parcours", "en": "Pathways"},
    "territories": {"fr": "Territoires", "en": "Territories"},
    "poster": {"fr": "Constellation des badges", "en": "Badge constellation"},
    "legend_all": {"fr": "trait plein : prérequis (tous)", "en": "solid line: prerequisite (all of)"},
    "legend_some": {"fr": "tirets : prérequis « N parmi M »", "en": "dashed line: 'N of M' prerequisite"},
    "milestone": {"fr": "étape clé", "en": "milestone"},
    "runsheet": {"fr": "Déroulé de l'atelier", "en": "Workshop run-sheet"},
    "partners_present": {"fr": "Partenaires présents", "en": "Partners present"},
    "materials": {"fr": "Matériel", "en": "Materials"},
    "steps": {"fr": "Déroulé minuté", "en": "Timed steps"},
    "time": {"fr": "Heure", "en": "Time"},
    "duration": {"fr": "Durée", "en": "Duration"},
    "step": {"fr": "Étape", "en": "Step"},
    "what": {"fr": "Ce qu'on fait", "en": "What happens"},
    "date": {"fr": "Date", "en": "Date"},
    "place": {"fr": "Lieu", "en": "Place"},
    "partners": {"fr": "Synthèse par partenaire", "en": "Partner summary"},
    "issued": {"fr": "Badges émis", "en": "Badges issued"},
    "endorsed": {"fr": "Badges soutenus", "en": "Badges endorsed"},
    "contributed": {"fr": "Compétences proposées", "en": "Competencies contributed"},
    "partner": {"fr": "Partenaire", "en": "Partner"},
    "roles": {"fr": "Rôles", "en": "Roles"},
    "none": {"fr": "aucun", "en": "none"},
    "total": {"fr": "Total", "en": "Total"},
    "code": {"fr": "Code", "en": "Code"},
    "page": {"fr": "page", "en": "page"},
}


def french_typography(value: str) -> str:
    """Our own French sentences, written with plain spaces for readability, made typographically
    right: a narrow no-break space before ``? ! ; :`` and no-break spaces inside « ».

    >>> french_typography("Pour qui ? « pro »") == "Pour qui\u202f? «\u00a0pro\u00a0»"
    True
    """
    for mark in "?!;:":
        value = value.replace(f" {mark}", f"\u202f{mark}")
    return value.replace("« ", "«\u00a0").replace(" »", "\u00a0»")


def label(key: str, lang: str) -> str:
    """A printed word or phrase in ``lang`` (French typography applied)."""
    words = _LABELS[key]
    value = words.get(lang) or words["en"]
    return french_typography(value) if lang == "fr" else value


def colon(lang: str) -> str:
    """``" :"`` with a narrow no-break space in French, ``":"`` in English."""
    return "\u202f:" if lang == "fr" else ":"


def partner_name(framework: Framework, partner_id: str | None) -> str:
    if not partner_id:
        return ""
    partner = framework.partner(partner_id)
    return partner.name or partner_id if partner is not None else partner_id


_ROLES = {
    "issuer": {"fr": "émetteur", "en": "issuer"},
    "endorser": {"fr": "soutien", "en": "endorser"},
    "employer": {"fr": "employeur", "en": "employer"},
    "training": {"fr": "formation", "en": "training"},
    "social": {"fr": "accompagnement social", "en": "social support"},
}


def role_names(roles: Iterable[object], lang: str) -> str:
    """Partner roles in words, in ``lang``."""
    return ", ".join(text(_ROLES.get(str(r), {}), lang) or str(r) for r in roles)


def territory_name(framework: Framework, territory_id: str | None, lang: str) -> str:
    if not territory_id:
        return ""
    territory = framework.territory(territory_id)
    return (text(territory.name, lang) or territory_id) if territory is not None else territory_id


def level_name(framework: Framework, level_id: str | None, lang: str) -> str:
    if not level_id:
        return ""
    for level in framework.badge_levels:
        if level.id == level_id:
            return text(level.name, lang) or level_id
    return level_id


# --- HTML ---------------------------------------------------------------------------------------


def esc(value: object) -> str:
    """Every user string goes through this before it reaches HTML."""
    return html.escape(str(value), quote=True)


_BASE_CSS = """
:root { --ink: #1b1b1b; --muted: #555; --line: #999; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", Verdana, sans-serif; color: var(--ink); margin: 0; padding: 1rem; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin: .6rem 0 .2rem; }
.code { font-family: "DejaVu Sans Mono", monospace; font-size: .75rem; color: var(--muted); }
.qr svg { width: 18mm; height: 18mm; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid var(--line); padding: 2mm; text-align: left; vertical-align: top; }
.page { break-after: page; } .page:last-child { break-after: auto; }
@media print { body { padding: 0; } }
"""


def html_page(title: str, lang: str, body: str, page_size: str = "A4", extra_css: str = "") -> bytes:
    """A standalone HTML page (no network) with print CSS for ``page_size``. ``body`` must be escaped already."""
    return (
        f'<!DOCTYPE html>\n<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{esc(title)}</title>\n<style>@page {{ size: {page_size}; margin: 10mm; }}{_BASE_CSS}{extra_css}</style>\n"
        f"</head>\n<body>\n{body}\n</body>\n</html>\n"
    ).encode()


def qr_svg(payload: str) -> str:
    """An inline SVG QR code for the HTML version of a card."""
    modules, runs = _qr_runs(payload)
    size = modules + 4  # a quiet zone of 2 modules on each side
    path = "".join(f"M{first + 2} {row + 2}h{length}v1h-{length}z" for row, first, length in runs)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" shape-rendering="crispEdges">'
        f'<rect width="{size}" height="{size}" fill="#fff"/><path d="{path}" fill="#000"/></svg>'
    )
    return f'<span class="qr" role="img" aria-label="{esc(payload)}">{svg}</span>'


class UnknownKit(MaterialsError):
    """A kit name that does not exist."""

    def __init__(self, name: str, suggestions: list[str], known: list[str]):
        self.name, self.suggestions = name, suggestions
        hint = f" Did you mean {' or '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        super().__init__(f"There is no kit named {name!r}.{hint} Kits: {', '.join(known)}.")

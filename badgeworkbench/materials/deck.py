"""The badge card deck: a front (image, name, level, issuer, code and QR) and a back (criteria,
competencies, requirement in words) per badge, 4 or 8 cards per A4 page, with cut marks.

Pages alternate fronts and backs. A back page is the front page mirrored left-to-right, so that
printing double-sided with a long-edge flip puts each back exactly behind its front.
"""

from __future__ import annotations

import base64
import io
from typing import Any

from fpdf import FPDF

from ..model import Badge, Framework
from ._base import (
    MaterialsError,
    card_grid,
    colon,
    draw_cut_marks,
    draw_qr,
    esc,
    fit_text,
    html_page,
    label,
    new_pdf,
    pdf_bytes,
    qr_svg,
    wrap_lines,
)
from ._facts import BadgeFacts, badge_facts, select
from ._images import badge_alt, badge_png, initials, placeholder_colour

__all__ = ["DeckKit", "card_positions", "draw_sections"]

PAD = 4.0


def card_positions(per_page: int, back: bool, page_w: float = 210, page_h: float = 297) -> list[tuple[float, float]]:
    """Top-left corner of each card slot on a page, in reading order of the *fronts*.

    On a back page, slot ``i`` is mirrored left-to-right (long-edge flip), so slot ``i`` of a
    back page lies behind slot ``i`` of the front page.
    """
    cols, _rows, w, h, left, top = card_grid(page_w, page_h, per_page)
    slots = []
    for index in range(per_page):
        row, col = divmod(index, cols)
        if back:
            col = cols - 1 - col
        slots.append((left + col * w, top + row * h))
    return slots


def draw_sections(
    pdf: FPDF,
    sections: list[tuple[str, str]],
    x: float,
    y: float,
    w: float,
    h: float,
    size: float = 8.5,
    min_size: float = 5.5,
) -> None:
    """Headed paragraphs stacked in a box, shrinking the font until they all fit; at the smallest
    size each section keeps a share of the box and is cut with "…"."""
    sections = [(head, body) for head, body in sections if body.strip()]
    if not sections:
        return
    current = size
    while True:
        lh = current * 0.3528 * 1.22
        heights = [lh * (1 + len(wrap_lines(pdf, body, w, current))) + 1.2 for _, body in sections]
        total = sum(heights)
        if total <= h or current <= min_size:
            break
        current = max(min_size, current - 0.5)
    scale = min(1.0, h / total) if total else 1.0
    cursor = y
    for (head, body), section_h in zip(sections, heights, strict=True):
        lh = current * 0.3528 * 1.22
        share = section_h * scale
        fit_text(pdf, head, x, cursor, w, lh, size=current, min_size=current, bold=True)
        fit_text(pdf, body, x, cursor + lh, w, max(lh, share - lh - 1.2), size=current, min_size=current)
        cursor += share


def _draw_image(pdf: FPDF, badge: Badge, facts: BadgeFacts, png: bytes | None, x: float, y: float, s: float) -> None:
    if png is not None:
        pdf.image(io.BytesIO(png), x, y, s, s, keep_aspect_ratio=True)
        return
    pdf.set_fill_color(*placeholder_colour(badge))
    pdf.ellipse(x, y, s, s, style="F")
    pdf.set_text_color(255, 255, 255)
    fit_text(
        pdf, initials(facts.name), x, y + s / 2 - s * 0.18, s, s * 0.4, size=s * 1.1, min_size=8, bold=True, align="C"
    )
    pdf.set_text_color(0, 0, 0)


def _draw_front(
    pdf: FPDF,
    badge: Badge,
    facts: BadgeFacts,
    png: bytes | None,
    x: float,
    y: float,
    w: float,
    h: float,
    lang: str,
) -> None:
    qr = min(17.0, h * 0.22)
    inner_w = w - 2 * PAD
    details = "\n".join(
        part
        for part in (
            f"{label('level', lang)}{colon(lang)} {facts.level}" if facts.level else "",
            f"{label('issuer', lang)}{colon(lang)} {facts.issuer}" if facts.issuer else "",
            facts.category,
        )
        if part
    )
    if h > w:  # a tall card: image on top, centred
        s = min(inner_w * 0.6, h * 0.38)
        _draw_image(pdf, badge, facts, png, x + (w - s) / 2, y + PAD + 2, s)
        cursor = y + PAD + 2 + s + 4
        used = fit_text(pdf, facts.name, x + PAD, cursor, inner_w, 16, size=15, min_size=9, bold=True, align="C")
        fit_text(
            pdf,
            details,
            x + PAD,
            cursor + used + 3,
            inner_w,
            h - (cursor - y) - used - qr - 10,
            size=10,
            min_size=7,
            align="C",
        )
    else:  # a wide card: image on the left, words on the right
        s = min(w * 0.36, h - 2 * PAD - qr - 1)
        _draw_image(pdf, badge, facts, png, x + PAD, y + PAD, s)
        text_x = x + PAD + s + 3
        text_w = w - (text_x - x) - PAD
        used = fit_text(pdf, facts.name, text_x, y + PAD, text_w, 17, size=12, min_size=7, bold=True)
        fit_text(pdf, details, text_x, y + PAD + used + 1.5, text_w, h - 2 * PAD - used - qr - 2, size=8, min_size=6)
    draw_qr(pdf, facts.qr, x + w - PAD - qr, y + h - PAD - qr, qr)
    pdf.set_text_color(70, 70, 70)
    fit_text(pdf, facts.code, x + PAD, y + h - PAD - 3.5, w - 2 * PAD - qr - 2, 3.5, size=7, min_size=5)
    pdf.set_text_color(0, 0, 0)


def _draw_back(pdf: FPDF, facts: BadgeFacts, x: float, y: float, w: float, h: float, lang: str) -> None:
    inner_w = w - 2 * PAD
    used = fit_text(pdf, facts.name, x + PAD, y + PAD, inner_w, 10, size=10, min_size=7, bold=True)
    criteria = "\n".join([facts.criteria, *(f"• {o}" for o in facts.observables)]).strip()
    sections = [
        (label("criteria", lang), criteria),
        (label("competencies", lang), "\n".join(f"• {c}" for c in facts.competencies)),
        (label("requires", lang), facts.requirement),
    ]
    top = y + PAD + used + 1.5
    # Large cards (4 a page) read from arm's length on a table: start from a bigger size.
    draw_sections(pdf, sections, x + PAD, top, inner_w, y + h - PAD - 5 - top, size=8.5 if h < 100 else 11)
    pdf.set_text_color(70, 70, 70)
    fit_text(pdf, facts.code, x + PAD, y + h - PAD - 3.5, inner_w, 3.5, size=7, min_size=5, align="R")
    pdf.set_text_color(0, 0, 0)


def _footer(pdf: FPDF, words: str) -> None:
    pdf.set_text_color(110, 110, 110)
    fit_text(pdf, words, 12, pdf.h - 6, pdf.w - 24, 4, size=6.5, min_size=6, align="C")
    pdf.set_text_color(0, 0, 0)


def _html(
    framework: Framework, items: list[tuple[Badge, BadgeFacts]], pngs: dict[str, bytes | None], lang: str, title: str
) -> bytes:
    cards = []
    for badge, facts in items:
        png = pngs.get(badge.id)
        alt = esc(badge_alt(framework, badge, lang))
        if png is not None:
            image = f'<img src="data:image/png;base64,{base64.b64encode(png).decode()}" alt="{alt}">'
        else:
            r, g, b = placeholder_colour(badge)
            image = f'<div class="disc" role="img" aria-label="{alt}" style="background: rgb({r},{g},{b})">{esc(initials(facts.name))}</div>'
        details = "".join(f"<p>{esc(v)}</p>" for v in (facts.level, facts.issuer, facts.category) if v)
        observables = "".join(f"<li>{esc(o)}</li>" for o in facts.observables)
        comps = "".join(f"<li>{esc(c)}</li>" for c in facts.competencies)
        cards.append(
            f'<div class="pair"><section class="card front" id="{esc(facts.id)}">{image}<h2>{esc(facts.name)}</h2>{details}'
            f'<p class="code">{esc(facts.code)}</p>{qr_svg(facts.qr)}</section>'
            f'<section class="card back"><h3>{esc(facts.name)}</h3>'
            f"<h4>{esc(label('criteria', lang))}</h4><p>{esc(facts.criteria)}</p><ul>{observables}</ul>"
            f"<h4>{esc(label('competencies', lang))}</h4><ul>{comps}</ul>"
            f"<h4>{esc(label('requires', lang))}</h4><p>{esc(facts.requirement)}</p>"
            f'<p class="code">{esc(facts.code)}</p></section></div>'
        )
    css = """
.pair { display: flex; gap: 4mm; margin-bottom: 4mm; break-inside: avoid; }
.card { width: 93mm; min-height: 68mm; border: 1px dashed #888; padding: 4mm; font-size: 9pt; position: relative; }
.card img, .disc { width: 28mm; height: 28mm; border-radius: 50%; }
.disc { display: flex; align-items: center; justify-content: center; color: #fff; font-weight: bold; font-size: 16pt; }
.card h2 { font-size: 12pt; margin: 2mm 0; } .card h3 { font-size: 10pt; margin: 0; } .card h4 { margin: 2mm 0 0; }
.card ul { margin: 0; padding-left: 4mm; } .card p { margin: 1mm 0; }
.front .qr { position: absolute; right: 3mm; bottom: 3mm; }
"""
    return html_page(title, lang, f"<h1>{esc(title)}</h1>\n" + "\n".join(cards), extra_css=css)


class DeckKit:
    """Badge cards for the workshop table. Options: ``per_page`` (4 or 8, default 8), ``badges`` (ids),
    ``images`` (False draws the placeholder disc instead of the badge image: quicker, and stable for tests),
    ``folder`` (the framework folder, needed only for uploaded badge images)."""

    name = "deck"
    description = "Badge card deck: fronts and backs, duplex-aligned, cut marks, 4 or 8 per A4 page."

    def render(self, framework: Framework, lang: str = "fr", **options: Any) -> dict[str, bytes]:
        per_page = int(options.pop("per_page", 8))
        badges = select(framework.badges, options.pop("badges", None), "badge")
        images = bool(options.pop("images", True))
        folder = options.pop("folder", None)
        if options:
            raise MaterialsError(
                f"deck: unknown option(s) {', '.join(sorted(options))}. Known: per_page, badges, images, folder."
            )
        title = f"{label('deck', lang)} — {framework.title.get(lang) or framework.title.get('fr') or framework.id}"
        pdf = new_pdf(title, lang)
        cols, rows, w, h, left, top = card_grid(pdf.w, pdf.h, per_page)
        xs = [left + c * w for c in range(cols + 1)]
        ys = [top + r * h for r in range(rows + 1)]
        items = [(b, badge_facts(framework, b, lang)) for b in badges]
        # Drawn once, used by the PDF and the HTML; larger cards get a larger image.
        size = 192 if per_page == 8 else 384  # about 150 to 200 dpi on the printed card
        pngs = {b.id: badge_png(framework, b, lang, size, folder) if images else None for b in badges}
        sheets = [items[i : i + per_page] for i in range(0, len(items), per_page)] or [[]]
        for number, sheet in enumerate(sheets, start=1):
            for back in (False, True):
                pdf.add_page()
                for (badge, facts), (x, y) in zip(sheet, card_positions(per_page, back, pdf.w, pdf.h), strict=False):
                    if back:
                        _draw_back(pdf, facts, x, y, w, h, lang)
                    else:
                        _draw_front(pdf, badge, facts, pngs[badge.id], x, y, w, h, lang)
                draw_cut_marks(pdf, xs, ys, xs[0], ys[0], xs[-1], ys[-1])
                side = label("backs" if back else "fronts", lang)
                _footer(pdf, f"{title} — {side} — {number}/{len(sheets)}")
        return {"deck.pdf": pdf_bytes(pdf), "deck.html": _html(framework, items, pngs, lang, title)}

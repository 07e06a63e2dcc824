"""Competency cards for card sorting: one card per competency with its code, its place in the
hierarchy and its level descriptors; 4 or 8 per A4 page, single-sided, with cut marks."""

from __future__ import annotations

from typing import Any

from fpdf import FPDF

from ..model import Framework
from ._base import (
    MaterialsError,
    card_grid,
    draw_cut_marks,
    draw_qr,
    esc,
    fit_text,
    html_page,
    label,
    new_pdf,
    pdf_bytes,
    qr_svg,
)
from ._facts import CompetencyFacts, competency_facts, select
from .deck import PAD, _footer, card_positions, draw_sections

__all__ = ["CardsKit"]


def _draw_card(pdf: FPDF, facts: CompetencyFacts, x: float, y: float, w: float, h: float, lang: str) -> None:
    qr = min(15.0, h * 0.2)
    inner_w = w - 2 * PAD
    # A band at the top: the hierarchy path, in grey, so cards of the same branch are spotted at a glance.
    pdf.set_text_color(90, 90, 90)
    path = " › ".join(facts.path) or label("hierarchy", lang)
    used = fit_text(pdf, path, x + PAD, y + PAD, inner_w - (18 if facts.own_code else 0), 7, size=7, min_size=5.5)
    if facts.own_code:
        fit_text(pdf, facts.own_code, x + w - PAD - 18, y + PAD, 18, 3.5, size=7, min_size=5, bold=True, align="R")
    pdf.set_text_color(0, 0, 0)
    cursor = y + PAD + max(used, 3.5) + 1
    used = fit_text(pdf, facts.title, x + PAD, cursor, inner_w, 13, size=11, min_size=7, bold=True)
    cursor += used + 1
    sections = []
    if facts.description:
        sections.append((facts.kind, facts.description))
    if facts.levels:
        sections.append((label("levels", lang), "\n".join(f"• {n} — {d}" if d else f"• {n}" for n, d in facts.levels)))
    if not sections:
        sections.append((facts.kind, " "))
    draw_sections(pdf, sections, x + PAD, cursor, inner_w - qr - 2, y + h - PAD - cursor, size=8, min_size=5.5)
    draw_qr(pdf, facts.qr, x + w - PAD - qr, y + h - PAD - qr, qr)
    pdf.set_text_color(70, 70, 70)
    fit_text(pdf, facts.code, x + w - PAD - qr - 40, y + h - PAD - 3.5, 38, 3.5, size=6.5, min_size=5, align="R")
    pdf.set_text_color(0, 0, 0)


def _html(items: list[CompetencyFacts], lang: str, title: str) -> bytes:
    cards = []
    for f in items:
        levels = "".join(f"<li><strong>{esc(n)}</strong> {esc(d)}</li>" for n, d in f.levels)
        cards.append(
            f'<section class="card" id="{esc(f.id)}"><p class="path">{esc(" › ".join(f.path))}</p>'
            f'<p class="own">{esc(f.own_code)}</p><h2>{esc(f.title)}</h2><p>{esc(f.description)}</p>'
            f'<ul>{levels}</ul><p class="code">{esc(f.code)}</p>{qr_svg(f.qr)}</section>'
        )
    css = """
.grid { display: grid; grid-template-columns: repeat(2, 93mm); gap: 0; }
.card { min-height: 68mm; border: 1px dashed #888; padding: 4mm; font-size: 9pt; break-inside: avoid; position: relative; }
.path { color: #555; font-size: 7pt; margin: 0; } .own { position: absolute; right: 4mm; top: 2mm; font-weight: bold; font-size: 7pt; }
.card h2 { font-size: 11pt; margin: 1mm 0; } .card ul { padding-left: 4mm; }
.card .qr { position: absolute; right: 3mm; bottom: 3mm; }
"""
    return html_page(
        title, lang, f'<h1>{esc(title)}</h1>\n<div class="grid">' + "\n".join(cards) + "</div>", extra_css=css
    )


class CardsKit:
    """Competency cards. Options: ``per_page`` (4 or 8, default 8), ``competencies`` (ids)."""

    name = "cards"
    description = "Competency cards for card sorting: code, hierarchy, level descriptors; 4 or 8 per A4 page."

    def render(self, framework: Framework, lang: str = "fr", **options: Any) -> dict[str, bytes]:
        per_page = int(options.pop("per_page", 8))
        chosen = select(framework.competencies, options.pop("competencies", None), "competency")
        if options:
            raise MaterialsError(
                f"cards: unknown option(s) {', '.join(sorted(options))}. Known: per_page, competencies."
            )
        title = f"{label('cards', lang)} — {framework.title.get(lang) or framework.title.get('fr') or framework.id}"
        pdf = new_pdf(title, lang)
        cols, rows, w, h, left, top = card_grid(pdf.w, pdf.h, per_page)
        xs = [left + c * w for c in range(cols + 1)]
        ys = [top + r * h for r in range(rows + 1)]
        items = [competency_facts(framework, c, lang) for c in chosen]
        sheets = [items[i : i + per_page] for i in range(0, len(items), per_page)] or [[]]
        for number, sheet in enumerate(sheets, start=1):
            pdf.add_page()
            for facts, (x, y) in zip(sheet, card_positions(per_page, False, pdf.w, pdf.h), strict=False):
                _draw_card(pdf, facts, x, y, w, h, lang)
            draw_cut_marks(pdf, xs, ys, xs[0], ys[0], xs[-1], ys[-1])
            _footer(pdf, f"{title} — {number}/{len(sheets)}")
        return {"cards.pdf": pdf_bytes(pdf), "cards.html": _html(items, lang, title)}

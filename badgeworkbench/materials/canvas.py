"""The badge design canvas: one A4 page of boxes to design a badge on paper (name, for whom,
what it recognises, criteria, evidence, issuer, endorsers, links to other badges). A blank
canvas comes first, then one canvas pre-filled per badge; every page carries a code and a QR."""

from __future__ import annotations

from typing import Any

from fpdf import FPDF

from ..model import Framework
from ._base import MaterialsError, colon, draw_qr, esc, fit_text, html_page, label, new_pdf, pdf_bytes, qr_svg
from ._facts import BadgeFacts, badge_facts, select
from .codes import framework_code, qr_payload

__all__ = ["CANVAS_BOXES", "CanvasKit"]

#: The boxes of the canvas: (key, column span, relative height). Two columns.
CANVAS_BOXES: list[list[str]] = [
    ["name"],
    ["for_whom", "recognises"],
    ["criteria", "evidence"],
    ["issuer", "endorsers"],
    ["links"],
]
_ROW_HEIGHTS = [22, 46, 70, 30, 48]


def _contents(facts: BadgeFacts | None, lang: str) -> dict[str, str]:
    if facts is None:
        return {}
    c = colon(lang)
    for_whom = [facts.description]
    if facts.pathways:
        for_whom.append(f"{label('pathways', lang)}{c} {', '.join(facts.pathways)}")
    if facts.territories:
        for_whom.append(f"{label('territories', lang)}{c} {', '.join(facts.territories)}")
    links = [f"{label('requires', lang)}{c} {facts.requirement}"]
    if facts.leads_to:
        links.append(f"{label('leads_to', lang)}{c} {', '.join(facts.leads_to)}")
    return {
        "name": " — ".join(v for v in (facts.name, facts.level, facts.category) if v),
        "for_whom": "\n".join(v for v in for_whom if v),
        "recognises": "\n".join(f"• {v}" for v in facts.competencies),
        "criteria": facts.criteria,
        "evidence": "\n".join(f"• {v}" for v in facts.observables),
        "issuer": facts.issuer,
        "endorsers": "\n".join(facts.endorsers),
        "links": "\n".join(links),
    }


def _draw_canvas(pdf: FPDF, framework: Framework, facts: BadgeFacts | None, lang: str) -> None:
    pdf.add_page()
    left, right, top = 12.0, pdf.w - 12.0, 12.0
    qr_size = 22.0
    heading = label("canvas", lang) if facts is not None else f"{label('canvas', lang)} — {label('canvas_blank', lang)}"
    fit_text(pdf, heading, left, top, right - left - qr_size - 4, 8, size=15, min_size=10, bold=True)
    fw_title = framework.title.get(lang) or framework.title.get("fr") or framework.id
    pdf.set_text_color(90, 90, 90)
    fit_text(pdf, fw_title, left, top + 9, right - left - qr_size - 4, 5, size=9, min_size=7)
    code = facts.code if facts is not None else framework_code(framework)
    fit_text(pdf, code, left, top + 16, right - left - qr_size - 4, 5, size=9, min_size=7)
    pdf.set_text_color(0, 0, 0)
    draw_qr(pdf, facts.qr if facts is not None else qr_payload(framework, None), right - qr_size, top, qr_size)

    contents = _contents(facts, lang)
    gap = 3.0
    y = top + qr_size + 6
    available = pdf.h - 12 - y - gap * (len(CANVAS_BOXES) - 1)
    scale = available / sum(_ROW_HEIGHTS)
    for row, base_h in zip(CANVAS_BOXES, _ROW_HEIGHTS, strict=True):
        h = base_h * scale
        w = (right - left - gap * (len(row) - 1)) / len(row)
        for index, key in enumerate(row):
            x = left + index * (w + gap)
            pdf.set_draw_color(60, 60, 60)
            pdf.set_line_width(0.35)
            pdf.rect(x, y, w, h, style="D", round_corners=True, corner_radius=2.5)
            fit_text(pdf, label(key, lang), x + 3, y + 2.5, w - 6, 5, size=10, min_size=8, bold=True)
            value = contents.get(key, "")
            if value:
                fit_text(pdf, value, x + 3, y + 8.5, w - 6, h - 11, size=9.5, min_size=6)
            else:  # writing lines, light grey, for a pen
                pdf.set_draw_color(190, 190, 190)
                pdf.set_line_width(0.2)
                line_y = y + 16
                while line_y < y + h - 3:
                    pdf.line(x + 3, line_y, x + w - 3, line_y)
                    line_y += 8
        y += h + gap


def _html(framework: Framework, pages: list[BadgeFacts | None], lang: str, title: str) -> bytes:
    out = []
    for facts in pages:
        contents = _contents(facts, lang)
        code = facts.code if facts is not None else framework_code(framework)
        qr = qr_svg(facts.qr if facts is not None else qr_payload(framework, None))
        boxes = "".join(
            f'<div class="box {"wide" if len(row) == 1 else ""}"><h2>{esc(label(key, lang))}</h2>'
            f"<p>{esc(contents.get(key, '')).replace(chr(10), '<br>')}</p></div>"
            for row in CANVAS_BOXES
            for key in row
        )
        heading = (
            label("canvas", lang) if facts is not None else f"{label('canvas', lang)} — {label('canvas_blank', lang)}"
        )
        out.append(
            f'<section class="page"><header><h1>{esc(heading)}</h1><p class="code">{esc(code)}</p>{qr}</header>'
            f'<div class="boxes">{boxes}</div></section>'
        )
    css = """
header { display: flex; justify-content: space-between; align-items: start; }
.boxes { display: grid; grid-template-columns: 1fr 1fr; gap: 3mm; }
.box { border: 1px solid #444; border-radius: 2.5mm; padding: 2mm 3mm; min-height: 40mm; }
.box.wide { grid-column: span 2; min-height: 22mm; } .box h2 { font-size: 10pt; margin: 0 0 1mm; }
"""
    return html_page(title, lang, "\n".join(out), extra_css=css)


class CanvasKit:
    """Badge design canvases. Options: ``badges`` (ids; default all), ``blank`` (include a blank canvas, default True)."""

    name = "canvas"
    description = "Badge design canvas: a blank one, then one pre-filled per badge (A4)."

    def render(self, framework: Framework, lang: str = "fr", **options: Any) -> dict[str, bytes]:
        badges = select(framework.badges, options.pop("badges", None), "badge")
        blank = bool(options.pop("blank", True))
        if options:
            raise MaterialsError(f"canvas: unknown option(s) {', '.join(sorted(options))}. Known: badges, blank.")
        title = f"{label('canvas', lang)} — {framework.title.get(lang) or framework.title.get('fr') or framework.id}"
        pages: list[BadgeFacts | None] = ([None] if blank else []) + [badge_facts(framework, b, lang) for b in badges]
        if not pages:
            pages = [None]
        pdf = new_pdf(title, lang)
        for facts in pages:
            _draw_canvas(pdf, framework, facts, lang)
        return {"canvas.pdf": pdf_bytes(pdf), "canvas.html": _html(framework, pages, lang, title)}

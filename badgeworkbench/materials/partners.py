"""The partner summary: for each partner, the badges it issues and endorses and the
competencies it proposed, with a table of counts first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fpdf.fonts import FontFace

from ..model import Framework, text
from ._base import FONT, MaterialsError, colon, esc, html_page, label, new_pdf, pdf_bytes, role_names
from .runsheet import _heading

__all__ = ["PartnerSummary", "PartnersKit", "partner_summaries"]


@dataclass(frozen=True)
class PartnerSummary:
    id: str
    name: str
    roles: list[str]
    issued: list[str]
    endorsed: list[str]
    contributed: list[str]


def partner_summaries(framework: Framework, lang: str = "fr") -> list[PartnerSummary]:
    """One summary per partner, in the framework's order (badge and competency names in ``lang``)."""
    out = []
    for p in framework.partners:
        out.append(
            PartnerSummary(
                id=p.id,
                name=p.name or p.id,
                roles=role_names(p.roles, lang).split(", ") if p.roles else [],
                issued=[text(b.name, lang) or b.id for b in framework.badges if b.issuer == p.id],
                endorsed=[text(b.name, lang) or b.id for b in framework.badges if p.id in b.endorsers],
                contributed=[
                    text(c.title, lang) or c.id for c in framework.competencies if c.provenance.proposed_by == p.id
                ],
            )
        )
    return out


class PartnersKit:
    """The partner summary (no options)."""

    name = "partners"
    description = "Partner summary: per partner, badges issued and endorsed, competencies contributed (A4)."

    def render(self, framework: Framework, lang: str = "fr", **options: Any) -> dict[str, bytes]:
        if options:
            raise MaterialsError(f"partners: unknown option(s) {', '.join(sorted(options))}; this kit has none.")
        fw_title = framework.title.get(lang) or framework.title.get("fr") or framework.id
        title = f"{label('partners', lang)} — {fw_title}"
        summaries = partner_summaries(framework, lang)
        c = colon(lang)
        heads = [label(k, lang) for k in ("partner", "issued", "endorsed", "contributed")]

        pdf = new_pdf(title, lang, auto_break=True)
        pdf.add_page()
        pdf.set_font(FONT, "B", 16)
        pdf.multi_cell(0, 8, title, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        pdf.set_font(FONT, "", 9)
        bold = FontFace(family=FONT, emphasis="BOLD")
        with pdf.table(
            col_widths=(90, 32, 32, 32),
            text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT"),
            line_height=4.8,
            headings_style=bold,
            padding=1,
        ) as table:
            table.row(heads)
            for s in summaries:
                table.row([s.name, str(len(s.issued)), str(len(s.endorsed)), str(len(s.contributed))])
        for s in summaries:
            _heading(pdf, s.name)
            pdf.set_font(FONT, "", 9.5)
            if s.roles:
                pdf.multi_cell(
                    0, 5, f"{label('roles', lang)}{c} {', '.join(s.roles)}", align="L", new_x="LMARGIN", new_y="NEXT"
                )
            for key, names in (("issued", s.issued), ("endorsed", s.endorsed), ("contributed", s.contributed)):
                pdf.set_font(FONT, "B", 9.5)
                pdf.multi_cell(0, 5, f"{label(key, lang)} ({len(names)}){c}", align="L", new_x="LMARGIN", new_y="NEXT")
                pdf.set_font(FONT, "", 9.5)
                pdf.multi_cell(
                    0,
                    5,
                    "\n".join(f"• {n}" for n in names) or label("none", lang),
                    align="L",
                    new_x="LMARGIN",
                    new_y="NEXT",
                )

        rows = "".join(
            f"<tr><td>{esc(s.name)}</td><td>{len(s.issued)}</td><td>{len(s.endorsed)}</td><td>{len(s.contributed)}</td></tr>"
            for s in summaries
        )
        body = [
            f"<h1>{esc(title)}</h1><table><tr>" + "".join(f"<th>{esc(h)}</th>" for h in heads) + f"</tr>{rows}</table>"
        ]
        for s in summaries:
            body.append(f'<section id="{esc(s.id)}"><h2>{esc(s.name)}</h2>')
            for key, names in (("issued", s.issued), ("endorsed", s.endorsed), ("contributed", s.contributed)):
                items = "".join(f"<li>{esc(n)}</li>" for n in names) or f"<li>{esc(label('none', lang))}</li>"
                body.append(f"<h3>{esc(label(key, lang))} ({len(names)})</h3><ul>{items}</ul>")
            body.append("</section>")
        return {"partners.pdf": pdf_bytes(pdf), "partners.html": html_page(title, lang, "\n".join(body))}

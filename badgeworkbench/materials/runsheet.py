"""The facilitator's run-sheet for a co-design workshop: timed steps (start times computed from
the durations), the materials to print and bring (counted from the framework), and the partners
present. Steps can be given; the default is a one-morning co-design workshop."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from fpdf import FPDF
from fpdf.fonts import FontFace

from ..model import Framework, LocalizedText, text
from ._base import FONT, MaterialsError, colon, esc, html_page, label, new_pdf, pdf_bytes, role_names, territory_name
from ._facts import select

__all__ = ["DEFAULT_STEPS", "RunsheetKit", "WorkshopStep", "materials_list", "timed_steps"]


@dataclass(frozen=True)
class WorkshopStep:
    minutes: int
    title: LocalizedText
    what: LocalizedText


DEFAULT_STEPS = [
    WorkshopStep(
        15,
        {"fr": "Accueil et tour de table", "en": "Welcome and introductions"},
        {
            "fr": "Chacun se présente\u202f: structure, public accompagné, attentes.",
            "en": "Everyone introduces their organisation, the people they support, their expectations.",
        },
    ),
    WorkshopStep(
        20,
        {"fr": "Présentation du référentiel", "en": "The framework so far"},
        {
            "fr": "Le poster de la constellation au mur\u202f; rappel des badges déjà adoptés.",
            "en": "The constellation poster on the wall; the badges already adopted.",
        },
    ),
    WorkshopStep(
        30,
        {"fr": "Tri des cartes compétences", "en": "Competency card sorting"},
        {
            "fr": "Par table, regrouper les cartes, nommer les familles, noter les manques sur des post-it.",
            "en": "Per table, group the cards, name the families, write what is missing on sticky notes.",
        },
    ),
    WorkshopStep(10, {"fr": "Pause", "en": "Break"}, {"fr": "", "en": ""}),
    WorkshopStep(
        45,
        {"fr": "Conception de badges", "en": "Badge design"},
        {
            "fr": "Un canevas par badge\u202f: nom, public, critères, preuves, émetteur, soutiens.",
            "en": "One canvas per badge: name, audience, criteria, evidence, issuer, endorsers.",
        },
    ),
    WorkshopStep(
        30,
        {"fr": "Relier les badges", "en": "Connecting the badges"},
        {
            "fr": "Sur le poster, tracer les prérequis et les parcours vers l'emploi.",
            "en": "On the poster, draw the prerequisites and the pathways toward jobs.",
        },
    ),
    WorkshopStep(
        15,
        {"fr": "Vote", "en": "Vote"},
        {
            "fr": "Gommettes\u202f: chaque participant vote pour 5 propositions.",
            "en": "Sticky dots: each participant votes for 5 proposals.",
        },
    ),
    WorkshopStep(
        15,
        {"fr": "Bilan et suites", "en": "Wrap-up and next steps"},
        {
            "fr": "Qui saisit quoi dans le modèle de tableur\u202f; prochaine date.",
            "en": "Who types what into the spreadsheet template; next date.",
        },
    ),
]


def _parse_start(start: str) -> int:
    try:
        hours, minutes = start.replace("h", ":").split(":")
        value = int(hours) * 60 + int(minutes or 0)
    except ValueError:
        raise MaterialsError(f"runsheet: start time {start!r} is not a time. Write it like 09:30 or 9h30.") from None
    if not 0 <= value < 24 * 60:
        raise MaterialsError(f"runsheet: start time {start!r} is not a time of day. Write it like 09:30.")
    return value


def _clock(minutes: int, lang: str) -> str:
    h, m = divmod(minutes % (24 * 60), 60)
    return f"{h}h{m:02d}" if lang == "fr" else f"{h:02d}:{m:02d}"


def timed_steps(steps: list[WorkshopStep], start: str, lang: str) -> list[tuple[str, str, str, str]]:
    """(start time, duration, step, what) rows; each step starts when the one before ends."""
    now = _parse_start(start)
    rows = []
    for step in steps:
        rows.append((_clock(now, lang), f"{step.minutes} min", text(step.title, lang), text(step.what, lang)))
        now += step.minutes
    rows.append((_clock(now, lang), "", "Fin" if lang == "fr" else "End", ""))
    return rows


def materials_list(framework: Framework, tables: int, lang: str) -> list[str]:
    """What to print and bring, counted from the framework (cards are 8 per A4 sheet)."""
    badges, comps = len(framework.badges), len(framework.competencies)
    deck_sheets = 2 * max(1, math.ceil(badges / 8))
    card_sheets = max(1, math.ceil(comps / 8))
    if lang == "fr":
        return [
            f"Cartes badges\u202f: {badges} cartes, {deck_sheets} pages A4 recto verso (bord long) × {tables} tables",
            f"Cartes compétences\u202f: {comps} cartes, {card_sheets} pages A4 × {tables} tables",
            f"Canevas de badge\u202f: {badges} pré-remplis + {2 * tables} vierges",
            "Poster de la constellation en A3 (ou A2)",
            "Massicot ou ciseaux, post-it de 3 couleurs, feutres, gommettes (5 par personne)",
            "Le modèle de tableur pour chaque partenaire (pour la saisie après l'atelier)",
        ]
    return [
        f"Badge cards: {badges} cards, {deck_sheets} A4 pages double-sided (long edge) × {tables} tables",
        f"Competency cards: {comps} cards, {card_sheets} A4 pages × {tables} tables",
        f"Badge canvases: {badges} pre-filled + {2 * tables} blank",
        "Constellation poster in A3 (or A2)",
        "Paper cutter or scissors, sticky notes in 3 colours, markers, sticky dots (5 per person)",
        "The spreadsheet template for each partner (to type in proposals after the workshop)",
    ]


def _steps_option(value: Any) -> list[WorkshopStep]:
    steps = []
    for index, raw in enumerate(value, start=1):
        if isinstance(raw, WorkshopStep):
            steps.append(raw)
            continue
        try:
            minutes = int(raw["minutes"])
            title = (
                raw["title"] if isinstance(raw["title"], dict) else {"fr": str(raw["title"]), "en": str(raw["title"])}
            )
            what = raw.get("what", {})
            what = what if isinstance(what, dict) else {"fr": str(what), "en": str(what)}
        except (KeyError, TypeError, ValueError):
            raise MaterialsError(f"runsheet: step {index} needs 'minutes' (a number) and 'title'.") from None
        if minutes <= 0:
            raise MaterialsError(f"runsheet: step {index} lasts {minutes} minutes; give a positive duration.")
        steps.append(WorkshopStep(minutes, title, what))
    return steps


class RunsheetKit:
    """Options: ``steps`` (WorkshopStep or dicts), ``start`` ("09:30"), ``date``, ``place``,
    ``partners`` (ids present; default all), ``tables`` (default 3)."""

    name = "runsheet"
    description = "Facilitator run-sheet: timed steps, materials list, partners present (A4)."

    def render(self, framework: Framework, lang: str = "fr", **options: Any) -> dict[str, bytes]:
        steps = _steps_option(options.pop("steps", DEFAULT_STEPS))
        start = str(options.pop("start", "09:30"))
        date, place = str(options.pop("date", "")), str(options.pop("place", ""))
        partners = select(framework.partners, options.pop("partners", None), "partner")
        tables = int(options.pop("tables", 3))
        if options:
            raise MaterialsError(
                f"runsheet: unknown option(s) {', '.join(sorted(options))}. "
                "Known: steps, start, date, place, partners, tables."
            )
        fw_title = framework.title.get(lang) or framework.title.get("fr") or framework.id
        title = f"{label('runsheet', lang)} — {fw_title}"
        rows = timed_steps(steps, start, lang)
        materials = materials_list(framework, tables, lang)
        present = [
            (p.name or p.id, role_names(p.roles, lang), territory_name(framework, p.territory, lang)) for p in partners
        ]
        c = colon(lang)

        pdf = new_pdf(title, lang, auto_break=True)
        pdf.add_page()
        pdf.set_font(FONT, "B", 16)
        pdf.multi_cell(0, 8, title, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, "", 10)
        info = " — ".join(
            v
            for v in (
                f"{label('date', lang)}{c} {date}" if date else "",
                f"{label('place', lang)}{c} {place}" if place else "",
            )
            if v
        )
        if info:
            pdf.multi_cell(0, 6, info, align="L", new_x="LMARGIN", new_y="NEXT")
        _heading(pdf, label("steps", lang))
        pdf.set_font(FONT, "", 9)
        bold = FontFace(family=FONT, emphasis="BOLD")
        with pdf.table(
            col_widths=(16, 16, 48, 106), text_align="LEFT", line_height=4.8, headings_style=bold, padding=1
        ) as table:
            table.row([label("time", lang), label("duration", lang), label("step", lang), label("what", lang)])
            for row in rows:
                table.row(list(row))
        _heading(pdf, label("materials", lang))
        pdf.set_font(FONT, "", 9.5)
        for item in materials:
            pdf.multi_cell(0, 5.2, f"☐  {item}", align="L", new_x="LMARGIN", new_y="NEXT")
        _heading(pdf, f"{label('partners_present', lang)} ({len(present)})")
        pdf.set_font(FONT, "", 9)
        if present:
            with pdf.table(
                col_widths=(80, 50, 56), text_align="LEFT", line_height=4.8, headings_style=bold, padding=1
            ) as table:
                table.row([label("partner", lang), label("roles", lang), label("territories", lang)])
                for partner_row in present:
                    table.row(list(partner_row))

        body = [f"<h1>{esc(title)}</h1>"]
        if info:
            body.append(f"<p>{esc(info)}</p>")
        body.append(
            f"<h2>{esc(label('steps', lang))}</h2><table><tr>"
            + "".join(f"<th>{esc(label(k, lang))}</th>" for k in ("time", "duration", "step", "what"))
            + "</tr>"
            + "".join("<tr>" + "".join(f"<td>{esc(v)}</td>" for v in row) + "</tr>" for row in rows)
            + "</table>"
        )
        body.append(
            f"<h2>{esc(label('materials', lang))}</h2><ul>" + "".join(f"<li>{esc(m)}</li>" for m in materials) + "</ul>"
        )
        body.append(
            f"<h2>{esc(label('partners_present', lang))} ({len(present)})</h2><table>"
            + "".join("<tr>" + "".join(f"<td>{esc(v)}</td>" for v in row) + "</tr>" for row in present)
            + "</table>"
        )
        return {"runsheet.pdf": pdf_bytes(pdf), "runsheet.html": html_page(title, lang, "\n".join(body))}


def _heading(pdf: FPDF, words: str) -> None:
    pdf.ln(3)
    pdf.set_font(FONT, "B", 12)
    pdf.multi_cell(0, 7, words, align="L", new_x="LMARGIN", new_y="NEXT")

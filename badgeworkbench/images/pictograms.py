"""Pictograms drawn by our own code: each is a few vector parts on a 24 × 24 grid.

The same parts are painted by Pillow (PNG) and written as SVG elements, so both outputs look
alike. A part is painted in the ink colour (the badge's foreground) or, for holes and
highlights, "knocked out" in the badge's background colour.

>>> len(PICTOGRAMS) >= 40
True
>>> PICTOGRAMS["cuisine"].label["fr"]
'cuisine'
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from dataclasses import dataclass, field

__all__ = ["CATEGORY_PICTOGRAMS", "PICTOGRAMS", "Part", "Pictogram", "pictogram_for_words"]

Point = tuple[float, float]


@dataclass(frozen=True)
class Part:
    """One vector part. ``kind`` is ``fill`` (polygon), ``disc``, ``stroke`` (polyline, round caps),
    ``loop`` (closed stroke) or ``rect`` (rounded rectangle); ``knock`` paints it in the background colour."""

    kind: str
    points: tuple[Point, ...] = ()
    values: tuple[float, ...] = ()  # disc: (cx, cy, r); rect: (x0, y0, x1, y1, radius)
    width: float = 0.0
    knock: bool = False


@dataclass(frozen=True)
class Pictogram:
    id: str
    label: dict[str, str]
    parts: tuple[Part, ...]
    keywords: tuple[str, ...] = field(default=())


# --- a small drawing vocabulary ------------------------------------------------------------------


def fill(*points: Point, knock: bool = False) -> Part:
    return Part("fill", tuple(points), knock=knock)


def disc(cx: float, cy: float, r: float, knock: bool = False) -> Part:
    return Part("disc", values=(cx, cy, r), knock=knock)


def rect(x0: float, y0: float, x1: float, y1: float, r: float = 0.0, knock: bool = False) -> Part:
    return Part("rect", values=(x0, y0, x1, y1, r), knock=knock)


def line(*points: Point, w: float = 2.0, knock: bool = False) -> Part:
    return Part("stroke", tuple(points), width=w, knock=knock)


def _arc_points(cx: float, cy: float, rx: float, ry: float, a0: float, a1: float) -> list[Point]:
    # Angles in degrees, 0 = east, growing clockwise on screen (y points down).
    steps = max(4, int(abs(a1 - a0) / 8))
    return [
        (
            cx + rx * math.cos(math.radians(a0 + (a1 - a0) * i / steps)),
            cy + ry * math.sin(math.radians(a0 + (a1 - a0) * i / steps)),
        )
        for i in range(steps + 1)
    ]


def arc(cx: float, cy: float, r: float, a0: float, a1: float, w: float = 2.0, knock: bool = False) -> Part:
    return Part("stroke", tuple(_arc_points(cx, cy, r, r, a0, a1)), width=w, knock=knock)


def ring(cx: float, cy: float, r: float, w: float = 2.0, knock: bool = False) -> Part:
    return Part("loop", tuple(_arc_points(cx, cy, r, r, 0, 360)[:-1]), width=w, knock=knock)


def oval(cx: float, cy: float, rx: float, ry: float, w: float = 1.5) -> Part:
    return Part("loop", tuple(_arc_points(cx, cy, rx, ry, 0, 360)[:-1]), width=w)


def frame(x0: float, y0: float, x1: float, y1: float, w: float = 2.0) -> Part:
    return Part("loop", ((x0, y0), (x1, y0), (x1, y1), (x0, y1)), width=w)


def lens(p0: Point, p1: Point, bulge: float = 0.5, knock: bool = False) -> Part:
    """A leaf / eye shape between two points; ``bulge`` is its half-width relative to its length."""
    (x0, y0), (x1, y1) = p0, p1
    length = math.hypot(x1 - x0, y1 - y0)
    nx, ny = -(y1 - y0) / length, (x1 - x0) / length
    points: list[Point] = []
    for side in (1, -1):
        for i in range(17):
            t = i / 16 if side == 1 else 1 - i / 16
            offset = side * bulge * length * math.sin(math.pi * t)
            points.append((x0 + (x1 - x0) * t + nx * offset, y0 + (y1 - y0) * t + ny * offset))
    return Part("fill", tuple(points), knock=knock)


def bar(p0: Point, p1: Point, w: float, knock: bool = False) -> Part:
    """A straight bar of width ``w`` from ``p0`` to ``p1`` (square ends)."""
    (x0, y0), (x1, y1) = p0, p1
    length = math.hypot(x1 - x0, y1 - y0)
    nx, ny = -(y1 - y0) / length * w / 2, (x1 - x0) / length * w / 2
    return fill((x0 + nx, y0 + ny), (x1 + nx, y1 + ny), (x1 - nx, y1 - ny), (x0 - nx, y0 - ny), knock=knock)


def star(cx: float, cy: float, outer: float, inner: float, knock: bool = False) -> Part:
    points = []
    for i in range(10):
        r = outer if i % 2 == 0 else inner
        a = math.radians(-90 + 36 * i)
        points.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return fill(*points, knock=knock)


def _heart() -> Part:
    points = []
    for i in range(48):
        t = 2 * math.pi * i / 48
        x = 16 * math.sin(t) ** 3
        y = 13 * math.cos(t) - 5 * math.cos(2 * t) - 2 * math.cos(3 * t) - math.cos(4 * t)
        points.append((12 + x * 0.62, 11.5 - y * 0.62))
    return fill(*points)


def _arrow_arcs() -> list[Part]:
    parts: list[Part] = []
    for start in (-80, 40, 160):
        end = start + 95
        parts.append(arc(12, 12, 8, start, end, w=2.4))
        a = math.radians(end)
        tip = (12 + 8 * math.cos(a + 0.45), 12 + 8 * math.sin(a + 0.45))
        out = (12 + 11 * math.cos(a), 12 + 11 * math.sin(a))
        inn = (12 + 5 * math.cos(a), 12 + 5 * math.sin(a))
        parts.append(fill(out, tip, inn))
    return parts


def _gear() -> list[Part]:
    parts = [disc(12, 12, 7)]
    for i in range(8):
        a = math.radians(45 * i)
        parts.append(
            bar((12 + 5 * math.cos(a), 12 + 5 * math.sin(a)), (12 + 10 * math.cos(a), 12 + 10 * math.sin(a)), 3.4)
        )
    parts.append(disc(12, 12, 3, knock=True))
    return parts


def _sun() -> list[Part]:
    parts = [disc(12, 12, 4.8)]
    for i in range(8):
        a = math.radians(45 * i)
        parts.append(
            line((12 + 7 * math.cos(a), 12 + 7 * math.sin(a)), (12 + 10.5 * math.cos(a), 12 + 10.5 * math.sin(a)), w=2)
        )
    return parts


def _wheat() -> list[Part]:
    parts = [line((12, 22), (12, 5), w=1.6)]
    for y in (7, 11, 15):
        parts.append(lens((12, y + 4), (7.5, y), 0.3))
        parts.append(lens((12, y + 4), (16.5, y), 0.3))
    parts.append(lens((12, 7), (12, 2), 0.3))
    return parts


_P = Pictogram
_ALL: list[Pictogram] = [
    _P(
        "cuisine",
        {"fr": "cuisine", "en": "cooking"},
        (disc(8, 9, 4), disc(12, 6.5, 5), disc(16, 9, 4), rect(7, 9, 17, 17), rect(6.5, 18, 17.5, 21, 1)),
        ("cuisin*", "restaura*", "repas", "chef", "cook*", "kitchen", "hôtellerie", "boulang*", "traiteur"),
    ),
    _P(
        "couverts",
        {"fr": "couverts", "en": "cutlery"},
        (
            line((8, 3), (8, 21), w=2),
            line((5.5, 3), (5.5, 8), (8, 10.5), (10.5, 8), (10.5, 3), w=1.6),
            fill((15.5, 3), (18.5, 4.5), (18.5, 12.5), (15.5, 12.5)),
            line((17, 12), (17, 21), w=2.6),
        ),
        ("couvert*", "salle", "serveu*", "meal"),
    ),
    _P(
        "ble",
        {"fr": "épi de blé", "en": "wheat"},
        tuple(_wheat()),
        ("agri*", "blé", "ferme", "récolte", "farm*", "harvest", "céréale*", "maraîch*"),
    ),
    _P(
        "tracteur",
        {"fr": "tracteur", "en": "tractor"},
        (
            ring(7.5, 16, 4.5, 2.2),
            disc(7.5, 16, 1.2),
            ring(18.5, 18, 2.8, 2),
            rect(3, 9, 13, 13, 1),
            frame(5, 3.5, 11, 9, w=1.8),
            fill((12, 10), (21, 11), (21, 15.5), (12, 15.5)),
            line((17, 11), (17, 6), w=1.6),
        ),
        ("tracteur", "tractor", "machinisme", "engin*", "agricole"),
    ),
    _P(
        "camion",
        {"fr": "camion", "en": "truck"},
        (
            rect(1.5, 5, 14.5, 16, 1),
            fill((15.5, 8.5), (19.5, 8.5), (22.5, 12.5), (22.5, 16), (15.5, 16)),
            fill((16.8, 9.8), (19, 9.8), (21, 12.8), (16.8, 12.8), knock=True),
            disc(6, 18, 2.7),
            disc(6, 18, 1, knock=True),
            disc(18, 18, 2.7),
            disc(18, 18, 1, knock=True),
        ),
        ("camion*", "transport*", "logisti*", "livr*", "truck*", "chauffeur*", "delivery", "permis", "conduite"),
    ),
    _P(
        "cle-plate",
        {"fr": "clé plate", "en": "wrench"},
        (
            bar((5, 19), (15, 9), 3),
            disc(5, 19, 2.4),
            disc(16.5, 7.5, 5),
            fill((16.5, 7.5), (20, 1.5), (23, 4.5), knock=True),
            disc(18, 6, 1.9, knock=True),
        ),
        ("répar*", "mécani*", "maintenance", "outil*", "wrench", "repair*", "technicien*", "bricol*"),
    ),
    _P(
        "ordinateur",
        {"fr": "ordinateur", "en": "computer"},
        (
            rect(2.5, 3.5, 21.5, 16.5, 1.5),
            rect(4.5, 5.5, 19.5, 14.5, 0.5, knock=True),
            fill((10, 16), (14, 16), (15, 19.5), (9, 19.5)),
            rect(6.5, 19.5, 17.5, 21.5, 1),
        ),
        ("numérique*", "informati*", "ordinateur*", "bureautique", "computer*", "digital", "internet", "web", "pix"),
    ),
    _P(
        "smartphone",
        {"fr": "téléphone mobile", "en": "smartphone"},
        (rect(6.5, 1.5, 17.5, 22.5, 2.5), rect(8.3, 4.5, 15.7, 17.5, 0.5, knock=True), disc(12, 20, 1.1, knock=True)),
        ("smartphone", "téléphon*", "mobile", "appli*", "phone"),
    ),
    _P(
        "bulle",
        {"fr": "bulle de dialogue", "en": "speech bubble"},
        (
            rect(2, 3.5, 22, 16, 3.5),
            fill((6, 15), (12, 15), (5, 21.5)),
            disc(7.5, 9.8, 1.4, knock=True),
            disc(12, 9.8, 1.4, knock=True),
            disc(16.5, 9.8, 1.4, knock=True),
        ),
        ("communi*", "oral*", "dialogu*", "parler", "expression", "langue*", "français", "speak*", "talk*", "accueil*"),
    ),
    _P(
        "poignee-de-main",
        {"fr": "poignée de main", "en": "handshake"},
        (
            fill((0.5, 8.5), (4.5, 6.5), (8, 13), (4, 15.5)),
            fill((23.5, 8.5), (19.5, 6.5), (16, 13), (20, 15.5)),
            fill((5.5, 10), (10.5, 7), (14, 7.5), (18.5, 10), (17.5, 14), (12.5, 18.5), (9, 17.5), (6.5, 14)),
            line((9.5, 12.5), (12.5, 15.5), w=0.9, knock=True),
            line((11.2, 11), (14.2, 14), w=0.9, knock=True),
            line((13, 9.8), (15.8, 12.6), w=0.9, knock=True),
        ),
        (
            "partenariat",
            "coopér*",
            "accord",
            "négoci*",
            "handshake",
            "partner*",
            "entreprise*",
            "employeur*",
            "recrut*",
        ),
    ),
    _P(
        "equipe",
        {"fr": "équipe", "en": "team"},
        (
            disc(5, 8.5, 2.4),
            rect(1.3, 12, 8.7, 20, 3.3),
            disc(19, 8.5, 2.4),
            rect(15.3, 12, 22.7, 20, 3.3),
            rect(5.4, 10.2, 18.6, 21.5, 5, knock=True),
            disc(12, 6, 3.8, knock=True),
            disc(12, 6, 3),
            rect(6.5, 11, 17.5, 20.5, 4.5),
        ),
        ("équipe*", "collecti*", "groupe*", "team*", "entraide", "solidarit*", "bénévol*", "citoyen*", "participation"),
    ),
    _P(
        "personne",
        {"fr": "personne", "en": "person"},
        (disc(12, 6.5, 4.2), rect(4.5, 12.5, 19.5, 22, 5.5)),
        ("personne*", "soi", "autonomie", "person*", "profil", "identité", "confiance"),
    ),
    _P(
        "etoile",
        {"fr": "étoile", "en": "star"},
        (star(12, 12.8, 10.5, 4.4),),
        ("étoile*", "excellence", "réussite", "star*", "talent*"),
    ),
    _P(
        "livre",
        {"fr": "livre", "en": "book"},
        (fill((1.5, 4.5), (11, 6.5), (11, 20.5), (1.5, 18.5)), fill((22.5, 4.5), (13, 6.5), (13, 20.5), (22.5, 18.5))),
        ("lecture", "lire", "livre*", "savoir*", "connaissance*", "book*", "read*", "écrit*", "culture"),
    ),
    _P(
        "diplome",
        {"fr": "toque de diplômé", "en": "graduation cap"},
        (
            fill((12, 3.5), (23, 8.5), (12, 13.5), (1, 8.5)),
            fill((6, 11), (12, 14), (18, 11), (18, 16.5), (12, 19.5), (6, 16.5)),
            line((21, 9.5), (21, 16), w=1.2),
            disc(21, 16.5, 1.2),
        ),
        ("diplôm*", "formation*", "certif*", "graduat*", "école", "étude*", "apprentissage", "qualification"),
    ),
    _P(
        "coeur",
        {"fr": "cœur", "en": "heart"},
        (_heart(),),
        ("soin*", "aide", "care", "heart", "bienveillance", "engagement", "social*", "cœur"),
    ),
    _P(
        "feuille",
        {"fr": "feuille", "en": "leaf"},
        (
            lens((3.5, 20.5), (20.5, 3.5), 0.42),
            line((5.5, 18.5), (16, 8), w=1.1, knock=True),
            line((2, 22), (6, 18), w=1.8),
        ),
        ("environnement*", "écolog*", "nature", "durable*", "transition", "leaf", "green", "espaces"),
    ),
    _P(
        "bouclier",
        {"fr": "bouclier", "en": "shield"},
        (
            fill((12, 1.5), (20.5, 4.5), (20.5, 11), (18.5, 16), (12, 22.5), (5.5, 16), (3.5, 11), (3.5, 4.5)),
            line((8, 11.5), (11, 14.5), (16.5, 8.5), w=2, knock=True),
        ),
        ("sécurité", "prévention", "protection", "sst", "secouris*", "safety", "security", "risque*", "droit*"),
    ),
    _P(
        "horloge",
        {"fr": "horloge", "en": "clock"},
        (ring(12, 12, 9.3, 2.2), line((12, 6.5), (12, 12), (16, 14.5), w=2)),
        ("ponctualit*", "temps", "horaire*", "heure*", "clock", "time", "organisation", "planning"),
    ),
    _P(
        "repere",
        {"fr": "repère de carte", "en": "map pin"},
        (disc(12, 9, 6.8), fill((12, 22.5), (17.9, 12.4), (6.1, 12.4)), disc(12, 9, 2.7, knock=True)),
        ("territoire*", "lieu*", "mobilit*", "déplac*", "carte", "location", "quartier", "stage*"),
    ),
    _P(
        "maison",
        {"fr": "maison", "en": "house"},
        (
            fill((12, 2), (23, 11.5), (20, 11.5), (20, 21.5), (4, 21.5), (4, 11.5), (1, 11.5)),
            rect(10, 14, 14, 21.6, knock=True),
        ),
        ("logement", "maison", "habitat", "house", "home", "bâtiment*", "hébergement"),
    ),
    _P(
        "ampoule",
        {"fr": "ampoule", "en": "light bulb"},
        (
            disc(12, 9, 7),
            fill((7.8, 13), (16.2, 13), (15, 17), (9, 17)),
            rect(9, 18, 15, 19.6, 0.8),
            rect(10, 20.5, 14, 22, 0.8),
        ),
        ("idée*", "créativ*", "innov*", "projet*", "initiative*", "idea*", "entrepren*", "imagin*"),
    ),
    _P(
        "puzzle",
        {"fr": "pièce de puzzle", "en": "puzzle piece"},
        (rect(3.5, 7, 17.5, 21, 1), disc(10.5, 6, 2.8), disc(18, 14, 2.8), disc(3.5, 14, 2.4, knock=True)),
        ("résolution", "problème*", "puzzle", "logique", "solution*", "adapta*"),
    ),
    _P(
        "cle",
        {"fr": "clé", "en": "key"},
        (
            ring(7, 12, 4.5, 2.6),
            line((11.5, 12), (22, 12), w=2.6),
            line((18, 12), (18, 16.5), w=2.2),
            line((21.5, 12), (21.5, 15.5), w=2.2),
        ),
        ("clé*", "accès", "key*", "ouverture", "réussir", "insertion"),
    ),
    _P(
        "marteau",
        {"fr": "marteau", "en": "hammer"},
        (fill((6.5, 3), (17, 3), (20, 5.5), (20, 8.5), (6.5, 8.5)), rect(10.8, 8, 13.8, 22, 1)),
        ("bâtiment", "btp", "construct*", "chantier*", "marteau", "hammer", "menuis*", "artisan*", "build*"),
    ),
    _P(
        "graphique",
        {"fr": "graphique", "en": "chart"},
        (
            rect(3.5, 13, 7.5, 20, 0.5),
            rect(10, 8.5, 14, 20, 0.5),
            rect(16.5, 4, 20.5, 20, 0.5),
            line((2, 21.8), (22, 21.8), w=1.6),
        ),
        ("gestion", "analyse*", "chiffre*", "résultat*", "chart", "data", "donnée*", "progrès"),
    ),
    _P(
        "calendrier",
        {"fr": "calendrier", "en": "calendar"},
        (
            rect(2.5, 4.5, 21.5, 21.5, 2),
            rect(4.5, 9.5, 19.5, 19.5, 0.8, knock=True),
            rect(6.5, 11.5, 9, 14),
            rect(10.75, 11.5, 13.25, 14),
            rect(15, 11.5, 17.5, 14),
            rect(6.5, 15.5, 9, 18),
            rect(10.75, 15.5, 13.25, 18),
            line((7.5, 2.5), (7.5, 6.5), w=2),
            line((16.5, 2.5), (16.5, 6.5), w=2),
        ),
        ("calendrier", "agenda", "rendez-vous", "assiduité", "calendar", "date*", "session*", "événement*"),
    ),
    _P(
        "enveloppe",
        {"fr": "enveloppe", "en": "envelope"},
        (rect(1.5, 5, 22.5, 19, 1.5), line((3, 6.8), (12, 13.3), (21, 6.8), w=1.6, knock=True)),
        ("courrier*", "mail*", "lettre*", "envelope", "message*", "candidature*", "cv"),
    ),
    _P(
        "euro",
        {"fr": "symbole euro", "en": "euro sign"},
        (arc(13.5, 12, 7.5, 45, 315, w=2.4), line((3.5, 10), (14, 10), w=1.9), line((3.5, 14), (13, 14), w=1.9)),
        ("euro*", "budget*", "argent", "financ*", "money", "comptab*", "paie", "caisse*", "banque"),
    ),
    _P(
        "recyclage",
        {"fr": "recyclage", "en": "recycling"},
        tuple(_arrow_arcs()),
        ("recycl*", "déchet*", "tri", "réemploi", "recycling", "circulaire"),
    ),
    _P(
        "goutte",
        {"fr": "goutte d’eau", "en": "water drop"},
        (
            disc(12, 15, 6.5),
            fill((12, 1.5), (17.63, 11.75), (6.37, 11.75)),
            arc(12, 15, 3.8, 100, 170, w=1.3, knock=True),
        ),
        ("eau", "hygiène", "propreté", "water", "plomb*", "nettoyage"),
    ),
    _P(
        "soleil",
        {"fr": "soleil", "en": "sun"},
        tuple(_sun()),
        ("soleil", "énergie", "été", "sun*", "solaire", "bien-être", "loisir*", "animation"),
    ),
    _P(
        "velo",
        {"fr": "vélo", "en": "bicycle"},
        (
            ring(5.5, 15.5, 4, 1.7),
            ring(18.5, 15.5, 4, 1.7),
            line((5.5, 15.5), (9.5, 8.5), (16, 8.5), (18.5, 15.5), w=1.6),
            line((9.5, 8.5), (12, 15.5), (16, 8.5), w=1.6),
            line((8, 6.5), (11, 6.5), w=1.6),
            line((16, 8.5), (15, 5), (17.5, 5), w=1.6),
        ),
        ("vélo*", "cycl*", "bicycle", "bike", "sport*", "mobilité"),
    ),
    _P(
        "main",
        {"fr": "main", "en": "hand"},
        (
            rect(6, 11, 17.2, 22, 4),
            rect(6, 5, 8.6, 14, 1.3),
            rect(8.9, 3, 11.5, 13, 1.3),
            rect(11.8, 3.5, 14.4, 13, 1.3),
            rect(14.7, 5.5, 17.2, 14, 1.3),
            line((7, 16), (3, 11), w=2.6),
        ),
        ("main", "mains", "manuel*", "hand*", "geste*", "volontaire*", "savoir-faire"),
    ),
    _P(
        "oeil",
        {"fr": "œil", "en": "eye"},
        (lens((1.5, 12), (22.5, 12), 0.3), disc(12, 12, 4.4, knock=True), disc(12, 12, 2.5)),
        ("observ*", "vigilance", "regard*", "vision", "eye*", "attention", "contrôle*", "qualité"),
    ),
    _P(
        "oreille",
        {"fr": "oreille", "en": "ear"},
        (
            Part(
                "stroke",
                tuple([*[p for p in _arc_points(13, 9.5, 6.5, 6.5, 180, 400)], (15.5, 17), (13, 20.5), (9.5, 21)]),
                width=2.2,
            ),
            arc(13, 9.8, 2.6, 180, 360, w=1.6),
        ),
        ("écoute*", "entendre", "ear*", "listen*", "audition"),
    ),
    _P(
        "coche",
        {"fr": "coche", "en": "check mark"},
        (line((3.5, 12.5), (9.5, 18.5), (20.5, 5), w=3.2),),
        ("validation", "valid*", "réussi", "check*", "conformité", "done", "acquis"),
    ),
    _P(
        "drapeau",
        {"fr": "drapeau", "en": "flag"},
        (line((5, 2), (5, 22), w=2), fill((5, 3), (20.5, 3), (17, 8), (20.5, 13), (5, 13))),
        ("objectif*", "étape*", "drapeau", "flag", "goal*", "départ", "arrivée", "jalon*"),
    ),
    _P(
        "globe",
        {"fr": "globe", "en": "globe"},
        (
            ring(12, 12, 9.5, 1.8),
            oval(12, 12, 4.3, 9.5, w=1.5),
            line((2.5, 12), (21.5, 12), w=1.5),
            line((4.3, 7.3), (19.7, 7.3), w=1.3),
            line((4.3, 16.7), (19.7, 16.7), w=1.3),
        ),
        ("monde", "international*", "europ*", "globe", "world", "mobilité", "langue*", "intercultur*"),
    ),
    _P(
        "musique",
        {"fr": "musique", "en": "music"},
        (
            disc(7, 18.5, 3),
            disc(18, 16.5, 3),
            line((9.8, 18.5), (9.8, 5), w=1.8),
            line((20.8, 16.5), (20.8, 3), w=1.8),
            fill((8.9, 4), (21.7, 1.6), (21.7, 5.2), (8.9, 7.6)),
        ),
        ("musique*", "music*", "chant*", "concert*", "audio", "artistique"),
    ),
    _P(
        "appareil-photo",
        {"fr": "appareil photo", "en": "camera"},
        (
            rect(2, 7, 22, 20, 2),
            fill((8, 7.5), (10, 4), (14, 4), (16, 7.5)),
            disc(12, 13.5, 4.6, knock=True),
            disc(12, 13.5, 2.8),
        ),
        ("photo*", "image*", "camera", "vidéo*", "média*", "reportage"),
    ),
    _P(
        "palette",
        {"fr": "palette de peintre", "en": "painter’s palette"},
        (
            fill(
                *[(12 + 10 * math.cos(math.radians(a)), 12 + 9 * math.sin(math.radians(a))) for a in range(0, 360, 10)]
            ),
            disc(7, 9, 1.7, knock=True),
            disc(11.5, 6.3, 1.7, knock=True),
            disc(16.5, 7.5, 1.7, knock=True),
            disc(18, 12.5, 1.7, knock=True),
            disc(9, 15.5, 2.4, knock=True),
        ),
        ("art*", "peinture", "dessin*", "créati*", "design", "graphis*", "couleur*", "paint*"),
    ),
    _P(
        "pousse",
        {"fr": "jeune pousse", "en": "seedling"},
        (
            line((12, 21.5), (12, 11), w=2),
            lens((12, 12.5), (3.5, 6), 0.42),
            lens((12, 10.5), (20.5, 4), 0.42),
            line((6, 21.8), (18, 21.8), w=2),
        ),
        ("pousse", "jardin*", "croissance", "début*", "seedling", "grow*", "planta*", "horticult*", "paysag*"),
    ),
    _P(
        "arbre",
        {"fr": "arbre", "en": "tree"},
        (rect(10.8, 13, 13.2, 22.5, 0.5), disc(12, 8.5, 6.5), disc(7.5, 12, 4.5), disc(16.5, 12, 4.5)),
        ("arbre*", "forêt*", "bois", "tree*", "forest*", "sylvi*"),
    ),
    _P(
        "engrenage",
        {"fr": "engrenage", "en": "gear"},
        tuple(_gear()),
        ("industri*", "process*", "méthode*", "technique*", "gear", "production", "usine", "fabrication", "réglage"),
    ),
    _P(
        "crayon",
        {"fr": "crayon", "en": "pencil"},
        (bar((7.5, 16.5), (18.5, 5.5), 4.2), fill((5, 16), (8, 19), (3, 21)), bar((17.5, 4.5), (19.5, 2.5), 4.2)),
        ("écriture", "rédact*", "écrire", "pencil", "write*", "noter", "dessin"),
    ),
    _P(
        "chariot",
        {"fr": "chariot", "en": "shopping cart"},
        (
            line((1.5, 4), (5, 4), (8, 16), (19.5, 16), w=1.8),
            fill((6, 7), (21.5, 7), (19.5, 13.5), (7.5, 13.5)),
            disc(9, 19.5, 1.8),
            disc(18, 19.5, 1.8),
        ),
        ("commerce", "vente*", "magasin*", "client*", "achat*", "shop*", "caisse", "rayon*"),
    ),
    _P(
        "bus",
        {"fr": "autobus", "en": "bus"},
        (
            rect(4, 2.5, 20, 19.5, 2.5),
            rect(6, 5, 18, 11, 1, knock=True),
            disc(7.5, 15.5, 1.3, knock=True),
            disc(16.5, 15.5, 1.3, knock=True),
            rect(5.5, 19, 9, 22, 1),
            rect(15, 19, 18.5, 22, 1),
        ),
        ("bus", "transports", "trajet*", "voyage*"),
    ),
    _P(
        "croix-sante",
        {"fr": "croix de santé", "en": "health cross"},
        (rect(8.5, 2.5, 15.5, 21.5, 1.2), rect(2.5, 8.5, 21.5, 15.5, 1.2)),
        ("santé", "médic*", "secour*", "health", "soins", "infirmi*", "psse"),
    ),
    _P(
        "ciseaux",
        {"fr": "ciseaux", "en": "scissors"},
        (
            ring(6.5, 17.5, 3, 1.8),
            ring(17.5, 17.5, 3, 1.8),
            bar((8.5, 15.3), (17.5, 3), 2),
            bar((15.5, 15.3), (6.5, 3), 2),
        ),
        ("coiffure", "couture", "ciseaux", "scissors", "textile", "esthétique", "coupe"),
    ),
]

#: Every pictogram by id.
PICTOGRAMS: dict[str, Pictogram] = {p.id: p for p in _ALL}

#: The pictogram of a badge whose words match no pictogram, by category.
CATEGORY_PICTOGRAMS: dict[str, str] = {
    "competency": "etoile",
    "participation": "equipe",
    "engagement": "coeur",
    "experiential": "repere",
}


def _fold(word: str) -> str:
    """Lower case without accents, so "Numérique" and "numerique" match."""
    word = word.replace("œ", "oe").replace("Œ", "oe")
    return "".join(c for c in unicodedata.normalize("NFD", word.lower()) if not unicodedata.combining(c))


def _keyword_index() -> tuple[dict[str, str], list[tuple[str, str]]]:
    exact: dict[str, str] = {}
    stems: list[tuple[str, str]] = []
    for pictogram in _ALL:
        for keyword in pictogram.keywords:
            if keyword.endswith("*"):
                stems.append((_fold(keyword[:-1]), pictogram.id))
            else:
                exact.setdefault(_fold(keyword), pictogram.id)
    return exact, stems


_EXACT, _STEMS = _keyword_index()


def pictogram_for_words(words: list[str]) -> str | None:
    """The first pictogram whose keywords match one of ``words`` (earlier words win), or ``None``.

    >>> pictogram_for_words(["Cuisiner", "au", "quotidien"])
    'cuisine'
    >>> pictogram_for_words(["rien"]) is None
    True
    """
    for raw in words:
        found = _pictogram_for_word(raw)
        if found is not None:
            return found
    return None


# The stems as one pattern, tried in their listed order like the keywords: one regex call per word
# instead of a Python loop over every stem (a thousand badges' words took a second).
_STEM_PATTERN = re.compile("|".join(f"({re.escape(stem)})" for stem, _ in _STEMS))
_STEM_PICTOGRAMS = [pictogram_id for _, pictogram_id in _STEMS]


@functools.lru_cache(maxsize=4096)
def _pictogram_for_word(raw: str) -> str | None:
    word = _fold(raw.strip(" .,;:!?«»()’'\"\u202f\u00a0"))
    if len(word) < 2:
        return None
    if word in _EXACT:
        return _EXACT[word]
    singular = word[:-1] if word.endswith("s") else word
    if singular in _EXACT:
        return _EXACT[singular]
    match = _STEM_PATTERN.match(word) if _STEMS else None
    return _STEM_PICTOGRAMS[match.lastindex - 1] if match else None

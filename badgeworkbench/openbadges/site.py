"""The publishable badge site: ``index.html`` (the constellation), one page per badge, and the
"Vérifier un badge" page (``verify.html``, ``verify.en.html``) that every page links to.

Every link is relative, so the folder works opened from disk and from any static web server; the
badge page ``badges/<id>.html`` is what each criteria ``id`` points to. Every string that comes
from the framework goes through :func:`html.escape`.

The verification page is static: its script (``verify.js``, the package's ``verify_page.js``, our own
code) reads the credential hidden in a dropped badge image, explains it, and checks what a page can
check honestly (the copy this site publishes, the dates, the published status list, a VC-JWT signature
with WebCrypto); it sends Data Integrity proofs to ``badgeworkbench verify`` and the notebook.
"""

from __future__ import annotations

import re
from html import escape
from importlib.resources import files as package_files
from typing import Any

from ..constellation.drawing import constellation_svg
from ..model import Badge, Framework, text
from .context import ExportContext

__all__ = ["STYLE", "VERIFY_SCRIPT", "markdown_to_html", "site_files", "verify_page_name"]

#: The verification page's script, shipped as a file of the package and published as ``verify.js``.
VERIFY_SCRIPT = "verify_page.js"

STYLE = """\
:root { --ink: #1d2330; --muted: #5a6275; --line: #d8dce6; --accent: #2b5fa8; }
* { box-sizing: border-box; }
body { font-family: system-ui, "DejaVu Sans", sans-serif; color: var(--ink); margin: 0 auto; max-width: 72rem;
       padding: 1.5rem; line-height: 1.5; }
a { color: var(--accent); }
header p { color: var(--muted); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); gap: 1rem; padding: 0;
         list-style: none; }
.card { border: 1px solid var(--line); border-radius: .6rem; padding: .8rem; }
.card img { width: 96px; height: 96px; object-fit: contain; display: block; margin: 0 auto .5rem; }
.card h4 { margin: .2rem 0; }
.meta { color: var(--muted); font-size: .9rem; }
ol.stages > li { margin-bottom: 1rem; }
figure.constellation { margin: 0; overflow-x: auto; border: 1px solid var(--line); border-radius: .6rem; }
figure.constellation img { display: block; max-width: 100%; height: auto; }
.badge-head { display: flex; gap: 1.5rem; align-items: center; }
.badge-head img { width: 160px; height: 160px; object-fit: contain; }
section.edition { border-top: 1px solid var(--line); margin-top: 1.5rem; }
.verify-link { font-weight: bold; }
#bw-drop { border: 2px dashed var(--line); border-radius: .6rem; padding: 1.2rem; margin: 1rem 0; }
#bw-drop.over { border-color: var(--accent); background: #eef3fb; }
#bw-paste { width: 100%; font-family: monospace; }
.verdict { font-size: 1.3rem; font-weight: bold; }
.verdict.ok { color: #2e7d32; }
.verdict.failed { color: #b00020; }
#bw-meaning .caution { color: #9a6700; font-weight: bold; }
#bw-meaning .badge-image { float: right; width: 160px; height: 160px; object-fit: contain; margin: 0 0 1rem 1rem; }
#bw-checks { list-style: none; padding-left: 0; }
#bw-checks .ok { color: #2e7d32; }
#bw-checks .failed { color: #b00020; }
#bw-checks .not-checked { color: var(--muted); }
"""


def _e(value: Any) -> str:
    return escape(str(value), quote=True)


def _inline(md: str) -> str:
    out, pos = [], 0
    for match in re.finditer(r"\\([\\*_`])|\*\*(.+?)\*\*", md):
        out.append(_e(md[pos : match.start()]))
        out.append(_e(match.group(1)) if match.group(1) else f"<strong>{_inline(match.group(2))}</strong>")
        pos = match.end()
    out.append(_e(md[pos:]))
    return "".join(out)


def markdown_to_html(md: str) -> str:
    """The small Markdown our narratives use (paragraphs, ``- `` lists, ``**bold**``), every text escaped.

    >>> markdown_to_html("**Prerequisites:** <b>\\\\*</b>\\n\\n- one\\n- two")
    '<p><strong>Prerequisites:</strong> &lt;b&gt;*&lt;/b&gt;</p>\\n<ul><li>one</li><li>two</li></ul>'
    """
    html_blocks = []
    for block in re.split(r"\n\s*\n", md.strip()):
        lines = [line for line in block.splitlines() if line.strip()]
        if lines and all(line.lstrip().startswith("- ") for line in lines):
            items = "".join(f"<li>{_inline(line.lstrip()[2:])}</li>" for line in lines)
            html_blocks.append(f"<ul>{items}</ul>")
        elif lines:
            html_blocks.append("<p>" + "<br>".join(_inline(line) for line in lines) + "</p>")
    return "\n".join(html_blocks)


def _page(title: str, lang: str, body: str, root: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{_e(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n"
        f'<link rel="stylesheet" href="{root}style.css">\n</head>\n<body>\n{body}\n</body>\n</html>\n'
    )


def _href(url: str) -> str | None:
    return url if url.startswith(("http://", "https://")) else None


def _level_name(framework: Framework, badge: Badge, lang: str) -> str:
    level = next((lv for lv in framework.badge_levels if lv.id == badge.level), None)
    return (text(level.name, lang) or level.id) if level else ""


def _card(ctx: ExportContext, badge: Badge, lang: str) -> str:
    fw = ctx.framework
    image = ctx.urls.path(ctx.image_url(badge))
    issuer = fw.partner(badge.issuer) if badge.issuer else None
    endorsers = ", ".join(p.name or p.id for p in ctx.endorsers(badge))
    alignments = ctx.alignments(badge, lang, "2.0")
    level = _level_name(fw, badge, lang)
    meta = []
    if level:
        meta.append(f'<span class="level">{_e(level)}</span>')
    if issuer:
        meta.append(f"{_e(_t('issuer', lang))}{_c(lang)}{_e(issuer.name or issuer.id)}")
    if endorsers:
        meta.append(f"{_e(_t('endorsers', lang))}{_c(lang)}{_e(endorsers)}")
    if alignments:
        names = ", ".join(a["targetName"] for a in alignments[:4]) + (" …" if len(alignments) > 4 else "")
        meta.append(f"{_e(_t('alignments', lang))}{_c(lang)}{_e(names)}")
    return (
        f'<li class="card" id="badge-{_e(badge.id)}"><a href="badges/{_e(badge.id)}.html">'
        f'<img src="{_e(image)}" alt="{_e(ctx.image_caption(badge, lang))}"><h4>{_e(text(badge.name, lang) or badge.id)}'
        f'</h4></a><p>{_e(text(badge.description, lang))}</p><p class="meta">{"<br>".join(meta)}</p></li>'
    )


_WORDS = {
    "pathways": {"fr": "Parcours", "en": "Pathways"},
    "constellation": {"fr": "La constellation", "en": "The constellation"},
    "constellation_alt": {
        "fr": "Carte des badges : chaque flèche mène d'un badge requis au badge qu'il ouvre ; « 2/3 » signifie 2 badges parmi 3.",
        "en": "Map of the badges: each arrow leads from a required badge to the badge it opens; '2/3' means 2 badges of 3.",
    },
    "by_level": {"fr": "Badges par niveau", "en": "Badges by level"},
    "no_level": {"fr": "Sans niveau", "en": "No level"},
    "stage": {"fr": "Étape", "en": "Stage"},
    "issuer": {"fr": "Émetteur", "en": "Issuer"},
    "endorsers": {"fr": "Soutenu par", "en": "Endorsed by"},
    "alignments": {"fr": "Alignements", "en": "Alignments"},
    "criteria": {"fr": "Critères", "en": "Criteria"},
    "back": {"fr": "Toute la constellation", "en": "The whole constellation"},
    "data": {"fr": "Données Open Badges", "en": "Open Badges data"},
    "level": {"fr": "Niveau", "en": "Level"},
    "verify": {"fr": "Vérifier un badge", "en": "Verify a badge"},
    "verify_intro": {
        "fr": "Un jeune vous a montré un badge ? Un Open Badge est une attestation numérique : son image contient, "
        "cachée, la preuve de qui l'a délivré, à qui et pour quoi. Déposez ici l'image reçue (PNG ou SVG) ou le "
        "fichier du badge : cette page dit s'il a bien été publié par ce site, s'il est toujours valable, et ce "
        "qu'il certifie. Rien n'est envoyé : tout se passe dans votre navigateur.",
        "en": "A young person showed you a badge? An Open Badge is a digital certificate: its image holds, hidden, "
        "the proof of who issued it, to whom and for what. Drop the image you received (PNG or SVG) or the badge "
        "file here: this page says whether this site published it, whether it is still valid, and what it "
        "certifies. Nothing is sent anywhere: everything happens in your browser.",
    },
    "verify_drop": {
        "fr": "Déposez l'image du badge ici, ou choisissez le fichier :",
        "en": "Drop the badge image here, or choose the file:",
    },
    "verify_paste": {
        "fr": "Ou collez le contenu du badge (JSON ou JWT) ou son lien :",
        "en": "Or paste the badge's content (JSON or JWT) or its link:",
    },
    "verify_run": {"fr": "Vérifier", "en": "Verify"},
    "verify_details": {"fr": "Détail des vérifications", "en": "Detailed checks"},
    "verify_cli": {
        "fr": "La signature cryptographique d'un badge Open Badges 3.0 (preuve Data Integrity) se vérifie avec la "
        "commande « badgeworkbench verify » ou le carnet « 08-verify » du Badge Workbench.",
        "en": "The cryptographic signature of an Open Badges 3.0 badge (Data Integrity proof) is verified with the "
        "command 'badgeworkbench verify' or the Badge Workbench's notebook '08-verify'.",
    },
    "verify_noscript": {
        "fr": "Cette page a besoin de JavaScript pour lire le badge.",
        "en": "This page needs JavaScript to read the badge.",
    },
}


def _t(key: str, lang: str) -> str:
    return _WORDS[key].get(lang) or _WORDS[key]["en"]


def _c(lang: str) -> str:
    """A colon as the language writes it: French puts a narrow no-break space before it."""
    return "\u202f: " if lang == "fr" else ": "


def _index(ctx: ExportContext) -> str:
    fw, lang = ctx.framework, ctx.primary_lang
    exported = {b.id: b for b in ctx.badges}
    parts = [
        f"<header><h1>{_e(text(fw.title, lang) or fw.id)}</h1><p>{_e(text(fw.description, lang))}</p>"
        f'<p class="verify-link"><a href="verify.html">✔ {_e(_t("verify", lang))}</a></p></header>'
    ]
    if ctx.badges:
        parts.append(
            f'<h2>{_e(_t("constellation", lang))}</h2><figure class="constellation"><img src="constellation.svg" '
            f'alt="{_e(_t("constellation_alt", lang))}"></figure>'
        )
    if fw.pathways:
        parts.append(f"<h2>{_e(_t('pathways', lang))}</h2>")
        for pathway in fw.pathways:
            stages = []
            for number, stage in enumerate(pathway.stages, start=1):
                cards = "".join(_card(ctx, exported[b], lang) for b in stage.badges if b in exported)
                name = text(stage.name, lang) or f"{_t('stage', lang)} {number}"
                stages.append(f'<li><h4>{_e(name)}</h4><ul class="cards">{cards}</ul></li>')
            parts.append(
                f'<section id="pathway-{_e(pathway.id)}"><h3>{_e(text(pathway.name, lang) or pathway.id)}</h3>'
                f'<p>{_e(text(pathway.description, lang))}</p><ol class="stages">{"".join(stages)}</ol></section>'
            )
    parts.append(f"<h2>{_e(_t('by_level', lang))}</h2>")
    groups: list[tuple[str, list[Badge]]] = [
        (text(level.name, lang) or level.id, [b for b in ctx.badges if b.level == level.id])
        for level in fw.badge_levels
    ]
    known = {level.id for level in fw.badge_levels}
    groups.append((_t("no_level", lang), [b for b in ctx.badges if b.level not in known]))
    for name, badges in groups:
        if badges:
            cards = "".join(_card(ctx, b, lang) for b in badges)
            parts.append(f'<section><h3>{_e(name)}</h3><ul class="cards">{cards}</ul></section>')
    return _page(text(fw.title, lang) or fw.id, lang, "\n".join(parts), "")


def _badge_page(ctx: ExportContext, badge: Badge, include: set[str]) -> str:
    fw, primary = ctx.framework, ctx.primary_lang
    urls = ctx.urls
    image = "../" + urls.path(ctx.image_url(badge))
    sections = []
    for lang in ctx.languages(badge):
        items = []
        for alignment in ctx.alignments(badge, lang, "2.0"):
            href, name = _href(alignment["targetUrl"]), _e(alignment["targetName"])
            items.append(f'<li><a href="{_e(href)}">{name}</a></li>' if href else f"<li>{name}</li>")
        alignments = "".join(items)
        attr = "" if lang == primary else f' lang="{_e(lang)}"'
        level = _level_name(fw, badge, lang)
        sections.append(
            f'<section class="edition" id="{_e(lang)}"{attr}><h2>{_e(text(badge.name, lang) or badge.id)}</h2>'
            + (f'<p class="meta">{_e(_t("level", lang))}{_c(lang)}{_e(level)}</p>' if level else "")
            + f"<p>{_e(text(badge.description, lang))}</p>"
            f"<h3>{_e(_t('criteria', lang))}</h3>{markdown_to_html(ctx.narrative(badge, lang))}"
            + (f"<h3>{_e(_t('alignments', lang))}</h3><ul>{alignments}</ul>" if alignments else "")
            + "</section>"
        )
    issuer = fw.partner(badge.issuer) if badge.issuer else None
    who = []
    if issuer:
        link = _href(issuer.url)
        name = _e(issuer.name or issuer.id)
        who.append(f"{_e(_t('issuer', primary))}{_c(primary)}" + (f'<a href="{_e(link)}">{name}</a>' if link else name))
    endorsers = ctx.endorsers(badge)
    if endorsers:
        who.append(f"{_e(_t('endorsers', primary))}{_c(primary)}" + ", ".join(_e(p.name or p.id) for p in endorsers))
    data = []
    if "ob2" in include:
        data.append(f'<a href="../{_e(urls.path(urls.ob2_badge(badge.id)))}">Open Badges 2.0 (BadgeClass)</a>')
    if "ob3" in include:
        data.append(f'<a href="../{_e(urls.path(urls.ob3_achievement(badge.id)))}">Open Badges 3.0 (Achievement)</a>')
    body = (
        f'<p><a href="../index.html#badge-{_e(badge.id)}">← {_e(_t("back", primary))}</a> · '
        f'<a class="verify-link" href="../verify.html">✔ {_e(_t("verify", primary))}</a></p>'
        f'<div class="badge-head"><img src="{_e(image)}" alt="{_e(ctx.image_caption(badge, primary))}">'
        f'<div><h1>{_e(text(badge.name, primary) or badge.id)}</h1><p class="meta">{"<br>".join(who)}</p></div></div>'
        + "".join(sections)
        + (f'<p class="meta">{_e(_t("data", primary))}{_c(primary)}{" · ".join(data)}</p>' if data else "")
    )
    return _page(text(badge.name, primary) or badge.id, primary, body, "../")


def verify_page_name(lang: str, primary: str) -> str:
    """``verify.html`` in the site's language, ``verify.<lang>.html`` in the other.

    >>> verify_page_name("fr", "fr"), verify_page_name("en", "fr")
    ('verify.html', 'verify.en.html')
    """
    return "verify.html" if lang == primary else f"verify.{lang}.html"


def _verify_page(ctx: ExportContext, lang: str) -> str:
    """The static "Vérifier un badge" page; ``verify.js`` does the reading and the checking in the browser."""
    primary = ctx.primary_lang
    others = [other for other in dict.fromkeys([primary, "fr", "en"]) if other != lang]
    switch = " · ".join(f'<a href="{verify_page_name(o, primary)}" lang="{_e(o)}" hreflang="{_e(o)}">'
                        f'{_e(_t("verify", o))}</a>' for o in others)  # fmt: skip
    body = (
        f'<main id="bw-verify" data-base="{_e(ctx.urls.base + "/")}" data-lang="{_e(lang)}">'
        f'<p><a href="index.html">← {_e(_t("back", lang))}</a> · {switch}</p>'
        f"<h1>{_e(_t('verify', lang))}</h1><p>{_e(_t('verify_intro', lang))}</p>"
        f'<div id="bw-drop"><label for="bw-file">{_e(_t("verify_drop", lang))}</label> '
        f'<input type="file" id="bw-file" accept=".png,.svg,.json,.jwt"></div>'
        f'<p><label for="bw-paste">{_e(_t("verify_paste", lang))}</label><br>'
        f'<textarea id="bw-paste" rows="4"></textarea><br>'
        f'<button id="bw-check" type="button">{_e(_t("verify_run", lang))}</button></p>'
        f'<p id="bw-verdict" class="verdict" role="status" aria-live="polite"></p><div id="bw-meaning"></div>'
        f'<details id="bw-details" hidden><summary>{_e(_t("verify_details", lang))}</summary><ul id="bw-checks"></ul>'
        f'</details><p class="meta">{_e(_t("verify_cli", lang))}</p>'
        f"<noscript><p>{_e(_t('verify_noscript', lang))}</p></noscript></main>"
        '<script src="verify.js"></script>'
    )
    return _page(_t("verify", lang), lang, body, "")


def site_files(ctx: ExportContext, include: set[str]) -> dict[str, bytes]:
    """``index.html``, ``style.css``, ``badges/<id>.html`` for every exported badge, and the verification
    page in French and English (``verify.html`` in the site's language) with its script ``verify.js``."""
    files = {"index.html": _index(ctx).encode("utf-8"), "style.css": STYLE.encode("utf-8")}
    for lang in dict.fromkeys([ctx.primary_lang, "fr", "en"]):
        files[verify_page_name(lang, ctx.primary_lang)] = _verify_page(ctx, lang).encode("utf-8")
    files["verify.js"] = package_files(__package__).joinpath(VERIFY_SCRIPT).read_bytes()
    if ctx.badges:
        # The picture of the exported badges only (drawn with their saved positions where a person set them).
        shown = ctx.framework.model_copy(update={"badges": list(ctx.badges)})
        files["constellation.svg"] = constellation_svg(shown, ctx.primary_lang).encode("utf-8")
    for badge in ctx.badges:
        files[f"badges/{badge.id}.html"] = _badge_page(ctx, badge, include).encode("utf-8")
    return files

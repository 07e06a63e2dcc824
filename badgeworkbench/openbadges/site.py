"""The publishable badge site: ``index.html`` (the constellation) and one page per badge.

Every link is relative, so the folder works opened from disk and from any static web server; the
badge page ``badges/<id>.html`` is what each criteria ``id`` points to. Every string that comes
from the framework goes through :func:`html.escape`.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

from ..model import Badge, Framework, text
from .context import ExportContext

__all__ = ["STYLE", "markdown_to_html", "site_files"]

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
.badge-head { display: flex; gap: 1.5rem; align-items: center; }
.badge-head img { width: 160px; height: 160px; object-fit: contain; }
section.edition { border-top: 1px solid var(--line); margin-top: 1.5rem; }
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
}


def _t(key: str, lang: str) -> str:
    return _WORDS[key].get(lang) or _WORDS[key]["en"]


def _c(lang: str) -> str:
    """A colon as the language writes it: French puts a narrow no-break space before it."""
    return "\u202f: " if lang == "fr" else ": "


def _index(ctx: ExportContext) -> str:
    fw, lang = ctx.framework, ctx.primary_lang
    exported = {b.id: b for b in ctx.badges}
    parts = [f"<header><h1>{_e(text(fw.title, lang) or fw.id)}</h1><p>{_e(text(fw.description, lang))}</p></header>"]
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
        f'<p><a href="../index.html#badge-{_e(badge.id)}">← {_e(_t("back", primary))}</a></p>'
        f'<div class="badge-head"><img src="{_e(image)}" alt="{_e(ctx.image_caption(badge, primary))}">'
        f'<div><h1>{_e(text(badge.name, primary) or badge.id)}</h1><p class="meta">{"<br>".join(who)}</p></div></div>'
        + "".join(sections)
        + (f'<p class="meta">{_e(_t("data", primary))}{_c(primary)}{" · ".join(data)}</p>' if data else "")
    )
    return _page(text(badge.name, primary) or badge.id, primary, body, "../")


def site_files(ctx: ExportContext, include: set[str]) -> dict[str, bytes]:
    """``index.html``, ``style.css`` and ``badges/<id>.html`` for every exported badge."""
    files = {"index.html": _index(ctx).encode("utf-8"), "style.css": STYLE.encode("utf-8")}
    for badge in ctx.badges:
        files[f"badges/{badge.id}.html"] = _badge_page(ctx, badge, include).encode("utf-8")
    return files

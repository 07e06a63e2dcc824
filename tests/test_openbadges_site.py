"""The static badge site: pages, relative links that resolve, JSON at the ids, hostile strings escaped."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from badgeworkbench.files import load_framework
from badgeworkbench.gate import PublishingBlocked
from badgeworkbench.model import Partner
from badgeworkbench.openbadges import export_framework, write_export
from badgeworkbench.report import Report

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "openbadges" / "cvl-mini"
BASE = "https://badges.example.org/cvl"
HOSTILE = "<script>alert(1)</script>"


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.scripts = 0
        self.script_sources: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts += 1
            self.script_sources.append(dict(attrs).get("src") or "")
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


@pytest.fixture(scope="module")
def mini():
    return load_framework(FIXTURE)


@pytest.fixture(scope="module")
def hostile(mini):
    badges = [b.model_copy(update={"name": {"fr": HOSTILE, "en": HOSTILE}, "description": {"fr": f'"{HOSTILE}&'},
                                   "tags": [HOSTILE]})
              if b.id == "accueil" else b for b in mini.badges]  # fmt: skip
    partners = [p.model_copy(update={"name": f"Partner {HOSTILE}", "url": 'javascript:alert(1)"'}) if p.id == "ligue" else p
                for p in mini.partners]  # fmt: skip
    pathways = [p.model_copy(update={"name": {"fr": HOSTILE}}) for p in mini.pathways]
    title = {"fr": HOSTILE}
    return mini.replace(badges=badges, partners=partners, pathways=pathways, title=title)


def test_site_pages_exist_and_criteria_ids_point_at_them(mini, tmp_path):
    result = export_framework(mini, BASE)
    out = write_export(result, tmp_path / "site")
    for badge_id in ("accueil", "commis", "hygiene"):
        criteria_id = result.json(f"ob2/badges/{badge_id}.json")["criteria"]["id"]
        assert (out / criteria_id.removeprefix(BASE + "/")).is_file()
    index = (out / "index.html").read_text("utf-8")
    assert "Vers la restauration" in index and "Commis de cuisine" in index
    assert index.index("Premiers pas") < index.index("En cuisine")  # stages in order
    assert "Découverte" in index and "Restaurant « Le Zinc »" in index  # levels, endorsers
    page = (out / "badges/commis.html").read_text("utf-8")
    assert "Détenir tous ces badges" in page and "Kitchen assistant" in page and 'lang="en"' in page
    assert "work in teams" in page


def test_every_relative_link_resolves_on_disk(mini, tmp_path):
    out = write_export(export_framework(mini, BASE), tmp_path / "site")
    for page in [out / "index.html", out / "verify.html", out / "verify.en.html", *(out / "badges").glob("*.html")]:
        parser = Links()
        parser.feed(page.read_text("utf-8"))
        for link in parser.links:
            if link.startswith(("http://", "https://")):
                continue
            assert not link.startswith("/"), (page.name, link)  # works opened from disk
            target = (page.parent / link.split("#")[0]).resolve()
            assert target.is_file(), (page.name, link)


def test_json_is_served_at_its_ids(mini):
    result = export_framework(mini, BASE)
    for path in result.paths("ob2/") + result.paths("ob3/achievements/") + result.paths("ob3/profiles/"):
        assert result.json(path)["id"] == f"{BASE}/{path}"


def test_hostile_strings_are_escaped_everywhere(hostile, tmp_path):
    with pytest.raises(PublishingBlocked):  # the gate refuses it first…
        export_framework(hostile, BASE, only="ob3,site")
    # …and were it handed a report made elsewhere, the pages would still escape everything
    result = export_framework(hostile, BASE, only="ob3,site", checked=Report([]))
    for path in result.paths():
        if path.endswith(".html"):
            html = result.files[path].decode("utf-8")
            assert HOSTILE not in html, path
            assert "javascript:" not in re.findall(r'href="([^"]*)"', html), path
            parser = Links()
            parser.feed(html)
            # No page runs a script, except the verification page: our own verify.js, nothing inline.
            assert parser.script_sources == (["verify.js"] if path.startswith("verify.") else []), path
    page = result.files["badges/accueil.html"].decode("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert not any(link.startswith("javascript") for link in re.findall(r'href="([^"]*)"', page))


def test_partner_url_must_be_http_to_become_a_link(mini):
    partners = [
        Partner(**{**p.model_dump(), "url": "javascript:alert(1)"}) if p.id == "cnam" else p for p in mini.partners
    ]
    with pytest.raises(PublishingBlocked, match="unsafe-url  partner:cnam › url"):
        export_framework(mini.replace(partners=partners), BASE, only="ob3,site")
    result = export_framework(mini.replace(partners=partners), BASE, only="ob3,site", checked=Report([]))
    assert "javascript:" not in result.files["badges/commis.html"].decode()


def test_the_site_index_shows_the_constellation_picture(tmp_path):
    from badgeworkbench import load_framework
    from badgeworkbench.openbadges import export_framework

    from .conftest import EXAMPLE

    result = export_framework(load_framework(EXAMPLE), "https://badges.example.org/cvl", only={"site"})
    files = result.files
    svg = files["constellation.svg"].decode("utf-8")
    assert svg.startswith("<svg") or "<svg" in svg[:200]
    index = files["index.html"].decode("utf-8")
    assert 'src="constellation.svg"' in index and "La constellation" in index


def test_the_verify_page_is_linked_from_every_page_and_ships_our_own_script(mini, tmp_path):
    from importlib.resources import files

    result = export_framework(mini, BASE)
    out = write_export(result, tmp_path / "site")
    assert (out / "verify.js").read_bytes() == files("badgeworkbench.openbadges").joinpath(
        "verify_page.js"
    ).read_bytes()
    french, english = (out / "verify.html").read_text("utf-8"), (out / "verify.en.html").read_text("utf-8")
    assert "<h1>Vérifier un badge</h1>" in french and 'lang="fr"' in french and 'href="verify.en.html"' in french
    assert "<h1>Verify a badge</h1>" in english and 'href="verify.html"' in english
    for page in (french, english):  # the script maps the published ids to this site's files with the base URL
        assert f'data-base="{BASE}/"' in page and '<input type="file" id="bw-file"' in page
        assert "badgeworkbench verify" in page  # what a static page cannot check is sent to the CLI / notebook
    assert 'href="verify.html"' in (out / "index.html").read_text("utf-8")
    for page in (out / "badges").glob("*.html"):
        assert 'href="../verify.html"' in page.read_text("utf-8"), page.name
    script = (out / "verify.js").read_text("utf-8")
    # it reads both kinds of baked images and the status list, and writes badge text as text, never as HTML
    assert '"openbadgecredential"' in script and '"openbadges"' in script and "openbadges:credential" in script and "DecompressionStream" in script
    assert "innerHTML" not in script and "eval(" not in script

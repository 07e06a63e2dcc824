"""The employer's verification panel, driven without a browser on real badges: the example exported and
awarded into its default export folder, then the baked images dropped into the upload as a person would."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest

from badgeworkbench.openbadges.revoke import revoke_award
from badgeworkbench.openbadges.signing import load_signing_key
from badgeworkbench.widgets import VerifyPanel, WorkbenchState
from tests.verify_fixtures import BASE, EARNER, Published, publish_example
from tests.widget_fixtures import framework_folder

BADGE_NAME = "Accueil du public"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Published]:
    """The example framework and its export + awards in ``exports/parcours-cvl`` beside it (the panel's default)."""
    base = tmp_path_factory.mktemp("employer")
    framework = framework_folder(base)
    return framework, publish_example(framework, base / "exports" / "parcours-cvl")


@pytest.fixture
def panel(workspace) -> VerifyPanel:
    framework, _ = workspace
    made = VerifyPanel(WorkbenchState.open(framework))
    made.offline.value = True  # the tests never ask the network: everything is in the export folder
    return made


@pytest.fixture
def published(workspace) -> Published:
    return workspace[1]


def _drop(panel: VerifyPanel, path: Path) -> None:
    """What ipywidgets.FileUpload holds after a person picks a file."""
    data = path.read_bytes()
    when = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    panel.upload.value = ({"name": path.name, "type": "", "size": len(data), "content": memoryview(data),
                           "last_modified": when},)  # fmt: skip


def _text(widget_html: str) -> str:
    """The text a person reads (tags dropped, runs of ordinary spaces and line breaks made one space)."""
    return re.sub(r"[ \n\t]+", " ", html.unescape(re.sub(r"<[^>]+>", " ", widget_html))).strip()


def test_a_vc_jwt_badge_shows_its_endorsers_and_says_where_they_were_read(tmp_path):
    # A VC-JWT credential embeds no endorsement (no OB 3.0 context defines endorsementJwt): the panel shows
    # those of the Achievement published in the export folder, and says so.
    framework = framework_folder(tmp_path)
    jwt_badge = publish_example(framework, tmp_path / "exports" / "parcours-cvl", proof="jwt")
    made = VerifyPanel(WorkbenchState.open(framework))
    made.offline.value = True
    _drop(made, jwt_badge.file("-ob3-baked.png"))
    assert _text(made.verdict_line.value).startswith("✔ Badge authentique")
    meaning = _text(made.meaning.value)
    assert "Partenaires et employeurs qui soutiennent ce badge" in meaning and "La Table Coopérative" in meaning
    assert "D’après le badge publié à https://" in meaning and "le fichier du badge n’en contient pas" in meaning


def test_the_export_folder_defaults_to_the_workspace_export(panel, published):
    assert Path(panel.folder.value) == published.folder


@pytest.mark.parametrize("baked", ["-ob3-baked.png", "-ob2-baked.png"])
def test_a_genuine_badge_dropped_gives_a_green_line_and_its_meaning(panel, published, baked):
    _drop(panel, published.file(baked))
    line = _text(panel.verdict_line.value)
    assert line.strip().startswith("✔ Badge authentique") and BADGE_NAME in line
    assert "#2e7d32" in panel.verdict_line.value  # green
    meaning = _text(panel.meaning.value)
    assert f"Ce badge certifie\u202f: {BADGE_NAME}" in meaning
    assert "Délivré par" in meaning and "Fédération régionale" in meaning
    assert "Délivré le 1 avril 2026" in meaning
    assert "Compétences reconnues" in meaning and "ROME" in meaning and "M1601" in meaning
    # a reference item is a link to its page, never a bare URL in the text
    assert re.search(r"<a href='https://[^']+' target='_blank' rel='noopener'>ROME[^<]*M1601</a>", panel.meaning.value)
    assert "Partenaires et employeurs qui soutiennent ce badge" in meaning and "La Table Coopérative" in meaning
    assert "<img class='bw-verify-image' src='data:image/png;base64," in panel.meaning.value
    # the checks, folded: every one the library made, with its reason
    assert panel.details.selected_index is None and panel.details.layout.display == ""
    assert panel.details.get_title(0) == "Détail des vérifications"
    checks = _text(panel.checks.value)
    for check in panel.verdict.checks:
        assert check.messages["fr"] in checks
    assert "✔ Format Open Badges" in checks


def test_the_email_field_says_whether_the_badge_is_this_persons(panel, published):
    panel.identity.value = EARNER.upper()
    _drop(panel, published.file("-ob3-baked.png"))
    assert "au nom de la personne indiquée" in _text(panel.verdict_line.value)
    assert f"Ce badge a bien été délivré à {EARNER.upper()}" in _text(panel.meaning.value)
    panel.identity.value = "quelqu.un@example.org"
    panel.verify_button.click()  # the file dropped is checked again, for this address
    assert _text(panel.verdict_line.value).strip().startswith("✖")
    assert "n'a pas été délivré à quelqu.un@example.org" in _text(panel.meaning.value)


def test_a_tampered_badge_gives_a_red_line_with_the_reason(panel, published, tmp_path):
    _drop(panel, published.tampered("-ob3-baked.png", tmp_path / "falsifie.png"))
    line = _text(panel.verdict_line.value).strip()
    assert line.startswith("✖ Badge falsifié ou modifié") and "signature" in line
    assert "#b00020" in panel.verdict_line.value
    assert "✖ Signature du badge" in _text(panel.checks.value)
    # what a forged badge says is shown as its claim, never as a certification
    meaning = _text(panel.meaning.value)
    assert (
        "⚠ Ce badge n'est pas confirmé" in meaning and "Ce badge affirme certifier\u202f: Directeur général" in meaning
    )
    assert "Ce badge certifie" not in meaning
    _drop(panel, published.tampered("-ob2-baked.png", tmp_path / "antidate.png"))
    assert "copie hébergée" in _text(panel.verdict_line.value)


@pytest.mark.parametrize("baked", ["-ob3-baked.png", "-ob2-baked.png"])
def test_a_revoked_badge_says_so(workspace, tmp_path, baked):
    """The issuer revoked the award (``revoke``): the OB 3.0 badge's bit in the published status list, the hosted
    OB 2.0 assertion marked revoked with the reason; the badge image the person holds is unchanged."""
    framework, _ = workspace
    revoked = publish_example(framework, tmp_path / "export")
    revoke_award(revoked.folder, revoked.award, reason="délivré par erreur", signing_key=load_signing_key(revoked.key))
    panel = VerifyPanel(WorkbenchState.open(framework))
    panel.folder.value, panel.offline.value = str(revoked.folder), True
    _drop(panel, revoked.file(baked))
    line = _text(panel.verdict_line.value)
    assert line.startswith("✖ Badge révoqué par Fédération régionale"), line
    assert ("délivré par erreur" in line) == (baked == "-ob2-baked.png")  # OB 2.0 publishes the reason
    assert "✖ Révocation" in _text(panel.checks.value)
    assert BADGE_NAME in _text(panel.meaning.value)  # what it was is still explained


def test_an_expired_badge_says_since_when(workspace, tmp_path):
    """A badge valid one month (``valid_for: P1M``), awarded on 1 April 2026: expired since 1 May 2026."""
    framework, _ = workspace
    expiring = publish_example(framework, tmp_path / "export", valid_for="P1M")
    panel = VerifyPanel(WorkbenchState.open(framework))
    panel.folder.value, panel.offline.value = str(expiring.folder), True
    _drop(panel, expiring.file("-ob3-baked.png"))
    line = _text(panel.verdict_line.value)
    assert line.startswith("✖ Badge expiré depuis le 1 mai 2026"), line
    assert "Valable jusqu'au 1 mai 2026" in _text(panel.meaning.value)


@pytest.mark.parametrize("version", ["2.0", "3.0"])
def test_a_badge_baked_in_svg_is_read_too(panel, published, tmp_path, version):
    _drop(panel, published.svg(version, tmp_path / "badge.svg"))
    assert _text(panel.verdict_line.value).startswith("✔ Badge authentique")
    assert "<img class='bw-verify-image' src='data:image/svg+xml;base64," in panel.meaning.value
    _drop(panel, published.svg(version, tmp_path / "falsifie.svg", tampered=True))
    assert _text(panel.verdict_line.value).startswith("✖ Badge falsifié ou modifié")


@pytest.mark.parametrize("content", [b"\x89PNG\r\n\x1a\n\x00\x00", b"pas un badge", b'{"type": "Thing"}'])
def test_an_unreadable_file_is_one_red_sentence_and_no_meaning(panel, tmp_path, content):
    path = tmp_path / "recu.png"
    path.write_bytes(content)
    _drop(panel, path)
    assert _text(panel.verdict_line.value).strip().startswith("✖ Fichier illisible")
    assert panel.meaning.value == ""


def test_a_link_or_path_is_read_and_a_wrong_one_named(panel, published):
    credential = published.folder / "ob3" / "credentials" / f"{published.award}.json"
    panel.link.value = str(credential)
    panel.verify_button.click()
    assert _text(panel.verdict_line.value).strip().startswith("✔ Badge authentique")
    panel.link.value = str(published.folder / "absent.json")
    panel.verify_button.click()
    line = _text(panel.verdict_line.value)
    assert "absent.json" in line and "n'a pas pu être lu" in line and "vérifiez le chemin" in line
    # a link under the address the export is published at is read from the export folder, offline too
    panel.link.value = f"{BASE}/ob3/credentials/{published.award}.json"
    panel.verify_button.click()
    assert _text(panel.verdict_line.value).startswith("✔ Badge authentique")
    panel.link.value = f"{BASE}/ob3/credentials/absent.json"
    panel.verify_button.click()
    assert "absent.json" in _text(panel.verdict_line.value) and "ce fichier n'y est pas" in _text(
        panel.verdict_line.value
    )
    panel.link.value = "https://ailleurs.example.net/badge.json"  # elsewhere, and offline: not fetched
    panel.verify_button.click()
    line = _text(panel.verdict_line.value)
    assert line.startswith("✖") and "ailleurs.example.net" in line and "hors ligne" in line and "Hors ligne" in line


def test_nothing_given_asks_for_a_badge(panel):
    panel.verify_button.click()
    assert "Déposez l'image du badge" in panel.state.message and panel.verdict_line.value == ""


def test_the_language_switch_rewrites_the_verdict_and_the_meaning(panel, published):
    _drop(panel, published.file("-ob3-baked.png"))
    panel.header.language.value = "en"
    assert _text(panel.verdict_line.value).strip().startswith("✔ Genuine badge")
    meaning = _text(panel.meaning.value)
    assert "This badge certifies" in meaning and "Issued on 1 April 2026" in meaning
    assert panel.verify_button.description == "Verify" and panel.details.get_title(0) == "Detailed checks"
    assert "✔ Open Badges format" in _text(panel.checks.value)

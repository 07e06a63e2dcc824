"""Verifying a badge in a real browser: the static site's verify.html served by a plain file server, and
the employer's notebook 08-verify in JupyterLab; real baked badges from the example, exported and awarded."""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from badgeworkbench.openbadges.revoke import revoke_award
from badgeworkbench.openbadges.signing import load_signing_key
from tests.browser.conftest import ARTIFACTS, Lab, open_and_run_all, record_timings
from tests.verify_fixtures import Published, publish_example
from tests.widget_fixtures import framework_folder

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Published:
    base = tmp_path_factory.mktemp("verify")
    return publish_example(framework_folder(base), base / "export")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep the test output for failures
        pass


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[str]:
    """``folder`` served as a static site on a free local port (no server code of ours)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def site(published: Published) -> Iterator[str]:
    with serving(published.folder) as url:
        yield url


def _verify_on_site(page, url: str, badge: Path) -> dict:
    page.goto(url)
    page.wait_for_selector("#bw-verify[data-ready='yes']")
    page.set_input_files("#bw-file", str(badge))
    page.wait_for_function("() => /^[✔✖]/.test(document.getElementById('bw-verdict').textContent)")
    checks = {item.get_attribute("data-check"): item.get_attribute("class").split()[-1]
              for item in page.locator("#bw-checks li").all()}  # fmt: skip
    return {"verdict": page.locator("#bw-verdict").inner_text(), "meaning": page.locator("#bw-meaning").inner_text(),
            "checks": checks}  # fmt: skip


def test_the_site_page_explains_a_genuine_baked_badge(page, site: str, published: Published):
    """An employer opens "Vérifier un badge" from the index, drops the PNG the young person sent: ✔, and what
    the badge certifies, who issued it, when, its competencies. The award is signed as by default (Data
    Integrity): the page checks the copy the site publishes and sends the proof to the command line."""
    page.goto(f"{site}/index.html")
    page.locator("a", has_text="Vérifier un badge").first.click()
    page.wait_for_url("**/verify.html")
    result = _verify_on_site(page, page.url, published.file("-ob3-baked.png"))
    assert result["verdict"].startswith("✔ Badge authentique\u202f: «\u202fAccueil du public\u202f» délivré par"), (
        result
    )
    meaning = result["meaning"]
    assert "Ce badge certifie" in meaning and "Délivré par" in meaning and "Délivré le 1 avril 2026" in meaning
    assert "Compétences reconnues" in meaning and "ROME 4.0 M1601" in meaning
    assert "Partenaires et employeurs qui soutiennent ce badge" in meaning
    assert page.locator("#bw-meaning img.badge-image").count() == 1
    assert page.locator("#bw-meaning a", has_text="M1601").count() == 1  # the reference item is a link
    assert result["checks"] == {"hosted": "ok", "proof": "not-checked", "dates": "ok", "status": "ok"}, result
    assert "badgeworkbench verify" in page.locator("#bw-checks li[data-check='proof']").text_content()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "site-verify-genuine.png"), full_page=True)
    ob2 = _verify_on_site(page, f"{site}/verify.html", published.file("-ob2-baked.png"))
    assert ob2["verdict"].startswith("✔ Badge authentique") and "Open Badges 2.0" in ob2["meaning"], ob2


def test_the_site_page_checks_a_vc_jwt_signature_with_webcrypto(page, tmp_path: Path):
    """An award signed as a VC-JWT: its Ed25519 signature is verified in the browser (WebCrypto) with the key the
    issuer publishes on the site, beside its profile (same origin); the same badge changed fails it."""
    signed = publish_example(framework_folder(tmp_path), tmp_path / "export", proof="jwt")
    tampered = signed.tampered("-ob3-baked.png", tmp_path / "badge-falsifie.png")
    with serving(signed.folder) as url:
        genuine = _verify_on_site(page, f"{url}/verify.html", signed.file("-ob3-baked.png"))
        changed = _verify_on_site(page, f"{url}/verify.html", tampered)
    assert genuine["verdict"].startswith("✔ Badge authentique"), genuine
    assert genuine["checks"] == {"hosted": "ok", "proof": "ok", "dates": "ok", "status": "ok"}, genuine
    assert changed["verdict"].startswith("✖ Badge modifié"), changed
    assert changed["checks"]["hosted"] == "failed" and changed["checks"]["proof"] == "failed", changed


def test_the_site_page_refuses_a_tampered_or_unbaked_badge(page, site: str, published: Published, tmp_path: Path):
    tampered = published.tampered("-ob3-baked.png", tmp_path / "badge-falsifie.png")
    result = _verify_on_site(page, f"{site}/verify.html", tampered)
    assert result["verdict"].startswith("✖ Badge modifié"), result
    assert result["checks"]["hosted"] == "failed", result
    # what a forged badge says is shown as its claim, never as a certification
    assert "Ce badge n'est pas confirmé" in result["meaning"] and "Ce badge certifie" not in result["meaning"]
    assert "Ce badge affirme certifier\u202f: Directeur général" in result["meaning"]
    page.screenshot(path=str(ARTIFACTS / "site-verify-tampered.png"), full_page=True)
    old = published.tampered("-ob2-baked.png", tmp_path / "badge-antidate.png")
    assert _verify_on_site(page, f"{site}/verify.html", old)["verdict"].startswith("✖ Badge modifié")
    for version in ("2.0", "3.0"):  # baked in SVG: the genuine one passes, the changed one does not
        genuine = published.svg(version, tmp_path / f"badge-{version}.svg")
        assert _verify_on_site(page, f"{site}/verify.html", genuine)["verdict"].startswith("✔ Badge authentique")
        changed = published.svg(version, tmp_path / f"falsifie-{version}.svg", tampered=True)
        assert _verify_on_site(page, f"{site}/verify.html", changed)["verdict"].startswith("✖ Badge modifié")
    plain = published.folder / "images" / "accueil-public.png"  # the badge's picture, never baked
    assert _verify_on_site(page, f"{site}/verify.html", plain)["verdict"].startswith("✖ Illisible")


@pytest.mark.parametrize("baked", ["-ob3-baked.png", "-ob2-baked.png"])
def test_the_site_page_reads_revocation_and_expiry(page, tmp_path: Path, baked: str):
    """After ``revoke``: the OB 3.0 badge's bit in the published Bitstring Status List (gzip, read with
    DecompressionStream), the hosted OB 2.0 assertion marked revoked with its reason. A badge valid one month
    (``valid_for: P1M``) awarded on 1 April 2026 is expired."""
    framework = framework_folder(tmp_path)
    revoked = publish_example(framework, tmp_path / "revoked")
    revoke_award(revoked.folder, revoked.award, reason="délivré par erreur", signing_key=load_signing_key(revoked.key))
    expiring = publish_example(framework, tmp_path / "expiring", valid_for="P1M")
    with serving(revoked.folder) as url:
        result = _verify_on_site(page, f"{url}/verify.html", revoked.file(baked))
    assert result["verdict"].startswith("✖ Badge révoqué"), result
    assert ("délivré par erreur" in result["verdict"]) == (baked == "-ob2-baked.png")
    assert result["checks"]["status"] == "failed" and result["checks"]["hosted"] == "ok", result["checks"]
    with serving(expiring.folder) as url:
        result = _verify_on_site(page, f"{url}/verify.html", expiring.file(baked))
    assert result["verdict"].startswith("✖ Badge expiré le 1 mai 2026"), result
    assert result["checks"]["dates"] == "failed" and result["checks"]["status"] == "ok", result["checks"]


def test_the_english_page_and_a_pasted_credential(page, site: str, published: Published):
    page.goto(f"{site}/verify.en.html")
    page.wait_for_selector("#bw-verify[data-ready='yes']")
    credential = published.folder / "ob3" / "credentials" / f"{published.award}.json"
    page.fill("#bw-paste", credential.read_text("utf-8"))
    page.click("#bw-check")
    page.wait_for_function("() => /^[✔✖]/.test(document.getElementById('bw-verdict').textContent)")
    assert page.locator("#bw-verdict").inner_text().startswith("✔ Genuine badge")
    assert "This badge certifies" in page.locator("#bw-meaning").inner_text()


def test_the_notebook_verifies_a_dropped_badge(page, lab: Lab, tmp_path: Path):
    """The employer's notebook in JupyterLab: Run All, drop the baked badge: ✔; a tampered copy: ✖. The badge was
    exported and awarded into the workspace's export folder, which the panel checks against by default."""
    published = publish_example(lab.framework, lab.framework.parent / "exports" / "parcours-cvl")
    record_timings("08-verify", open_and_run_all(page, lab, "08-verify.ipynb"))
    panel = page.locator(".bw-panel").first
    folder = panel.locator('.widget-text:has(label:text-is("Dossier de l\'export (facultatif)")) input').first
    assert Path(folder.input_value()) == published.folder
    panel.get_by_text("Hors ligne").first.click()  # nothing fetched: the export folder holds every document
    verdict = panel.locator(".bw-verdict").first

    def drop(path: Path) -> None:
        # ipywidgets' FileUpload opens the browser's file chooser from its button (its <input> is not in the page)
        with page.expect_file_chooser() as chooser:
            panel.locator(".widget-upload").first.click()
        chooser.value.set_files(str(path))

    drop(published.file("-ob3-baked.png"))
    verdict.locator("text=/^✔ Badge authentique/").wait_for(timeout=60_000)
    meaning = panel.locator(".bw-verify-meaning").first.inner_text()
    assert "Ce badge certifie" in meaning and "Compétences reconnues" in meaning
    ARTIFACTS.mkdir(exist_ok=True)
    panel.screenshot(path=str(ARTIFACTS / "08-verify-genuine-panel.png"))
    drop(published.tampered("-ob3-baked.png", tmp_path / "badge-falsifie.png"))
    verdict.locator("text=/^✖ Badge falsifié/").wait_for(timeout=60_000)
    panel.screenshot(path=str(ARTIFACTS / "08-verify-tampered-panel.png"))

"""Verifying badges as an employer would: genuine, tampered, revoked, expired, foreign, unreadable, identity."""

from __future__ import annotations

import base64
import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from badgeworkbench.cli import main
from badgeworkbench.files import load_framework
from badgeworkbench.openbadges import award_badges, bake, export_framework, generate_key, load_signing_key, unbake
from badgeworkbench.openbadges.baking import tiny_png
from badgeworkbench.openbadges.signing import vc_jwt
from badgeworkbench.openbadges.verify import explain, verify_badge, verify_paths
from badgeworkbench.openbadges.writing import write_files

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "openbadges" / "cvl-mini"
BASE = "https://badges.example.org/cvl"
EMAIL = "Alice.Martin@example.org"


def _earners(folder: Path) -> Path:
    path = folder / "earners.csv"
    path.write_text(f"identifier,badge,date,evidence\n{EMAIL},accueil,2026-04-01,\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """Exports of the mini framework, each with one award, written as a coordinator would: signed as VC-JWT in
    ``out``, with a Data Integrity proof (did:web) in ``out_di``."""
    folder = tmp_path_factory.mktemp("verify")
    framework = load_framework(FIXTURE)
    key = load_signing_key(generate_key(folder / "keys" / "issuer.key"))
    exported = export_framework(framework, BASE, images_dir=FIXTURE).files
    found = {"framework": framework, "folder": folder}
    for proof, name in (("jwt", "out"), ("di", "out_di")):
        out = folder / name
        write_files(exported, out)
        result = award_badges(framework, _earners(folder), BASE, signing_key=key, images_dir=FIXTURE, proof=proof,
                              status_folder=out)  # fmt: skip
        write_files(result.files, out, merge=True)
        found[name], found[f"award_{proof}"] = out, result.awards[0]
    found["award"] = found["award_jwt"]
    return found


def _file(published, kind: str) -> Path:
    """A file of the VC-JWT award, or (``di-…``) of the Data Integrity one."""
    di = kind.startswith("di-")
    out, award = (published["out_di"], published["award_di"]) if di else (published["out"], published["award"])
    return {
        "ob2-png": out / f"awards/{award.award_id}-ob2-baked.png",
        "ob3-png": out / f"awards/{award.award_id}-ob3-baked.png",
        "ob2-json": out / f"ob2/assertions/{award.award_id}.json",
        "ob3-jwt": out / f"ob3/credentials/{award.award_id}.jwt",
        "ob3-json": out / f"ob3/credentials/{award.award_id}.json",
    }[kind.removeprefix("di-")]


def _verify(published, data: bytes, name: str = "badge", **options):
    options.setdefault("offline", True)
    out = published["out_di"] if name.startswith("di-") else published["out"]
    return verify_badge(data, name, export_folder=out, **options)


def _tamper_jwt(token: str, change) -> str:
    head, payload, signature = token.strip().split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    change(claims)
    body = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{head}.{body}.{signature}"


# --- genuine ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["ob2-png", "ob3-png", "ob2-json", "ob3-jwt", "di-ob3-json", "di-ob3-png"])
def test_a_genuine_badge_of_each_kind_is_genuine(published, kind):
    verdict = _verify(published, _file(published, kind).read_bytes(), kind)
    assert verdict.status == "genuine", [c for c in verdict.checks if c.outcome != "ok"]
    assert verdict.exit_code == 0
    assert {c.name: c.outcome for c in verdict.checks} == {
        name: "ok" for name in ("hosted" if "ob2" in kind else "proof", "issuer-key", "dates", "status", "schema")
    }
    assert verdict.sentence("fr").startswith("✔ Badge authentique : « Accueillir » délivré par Ligue")
    assert verdict.sentence("en").startswith("✔ Genuine badge: “Accueillir” issued by Ligue")
    meaning = verdict.meaning
    assert meaning.issued.startswith("2026-04-01") and meaning.version == ("2.0" if "ob2" in kind else "3.0")
    assert {c["framework"] for c in meaning.competencies} >= {"CléA", "ROME 4.0"}
    assert [e["name"] for e in meaning.endorsers] == ["Restaurant « Le Zinc »"]
    assert "Accueillir dix personnes" in meaning.criteria
    assert meaning.image is not None and meaning.image[:4] == b"\x89PNG"


def test_the_endorsements_of_a_vc_jwt_badge_come_from_the_achievement_published_at_its_id(published):
    verdict = _verify(published, _file(published, "ob3-jwt").read_bytes())
    token_claims = json.loads(base64.urlsafe_b64decode(_file(published, "ob3-jwt").read_text().split(".")[1] + "=="))
    assert "endorsement" not in token_claims["credentialSubject"]["achievement"]  # the VC-JWT embeds none
    assert [e["name"] for e in verdict.meaning.endorsers] == ["Restaurant « Le Zinc »"]
    assert verdict.meaning.endorsements_from == f"{BASE}/ob3/achievements/accueil.json"
    assert f"Soutenu par (d'après le badge publié à {BASE}/ob3/achievements/accueil.json) :" in explain(verdict, "fr")
    assert f"Endorsed by (according to the badge published at {BASE}/ob3/achievements/accueil.json):" in explain(
        verdict, "en"
    )
    # offline with no export folder, nothing says who endorses it (and nothing is made up)
    alone = verify_badge(_file(published, "ob3-jwt").read_bytes(), "badge.jwt", offline=True)
    assert alone.meaning.endorsers == () and alone.meaning.endorsements_from == ""


def test_a_data_integrity_badge_embeds_its_endorsements_signed(published):
    verdict = _verify(published, _file(published, "di-ob3-json").read_bytes(), "di-ob3-json")
    assert verdict.meaning.endorsements_from == ""  # read from the badge file itself
    assert [(e["name"], e["signed"]) for e in verdict.meaning.endorsers] == [("Restaurant « Le Zinc »", "yes")]
    assert "Soutenu par :" in explain(verdict, "fr")


def test_a_vc_jwt_key_served_by_another_site_than_the_issuers_is_not_the_issuers(published):
    key = load_signing_key(published["folder"] / "keys" / "issuer.key")
    credential = json.loads(_file(published, "ob3-json").read_bytes())
    kid = "https://keys.elsewhere.example.net/ligue.json"
    token = vc_jwt(credential, key, kid=kid)

    def fetch(url):
        assert url == kid
        return json.dumps({"id": kid, **key.public_jwk}).encode()

    verdict = verify_badge(token.encode(), "b.jwt", export_folder=published["out"], fetch=fetch)
    assert verdict.check("proof").outcome == "ok"
    assert verdict.check("issuer-key").outcome == "failed" and verdict.status == "tampered"
    assert "neither served by its site nor controlled by it" in verdict.check("issuer-key").text("en")


def test_an_unsigned_ob3_credential_is_unverifiable_and_says_why(published):
    verdict = _verify(published, _file(published, "ob3-json").read_bytes())
    assert verdict.status == "unverifiable" and verdict.exit_code == 1
    assert (
        verdict.sentence("en")
        == "✖ Badge that cannot be verified: the badge is not signed: nothing proves who issued it."
    )


def test_a_badge_baked_in_an_svg_is_read_and_checked(published):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle r="4"/></svg>'
    token = _file(published, "ob3-jwt").read_text().strip()
    baked = bake(svg, token, name="badge.svg")
    assert _verify(published, baked, "badge.svg").status == "genuine"
    assert _verify(published, baked.replace(b"<circle", b"<rect", 1), "badge.svg").status == "genuine"
    assert _verify(published, baked[: len(baked) // 3], "cut.svg").status == "unreadable"


# --- tampered --------------------------------------------------------------------------------------


def test_a_changed_field_in_a_vc_jwt_is_tampered(published):
    token = _file(published, "ob3-jwt").read_text()

    def rename(claims):
        claims["credentialSubject"]["achievement"]["name"] = "Chef de cuisine"

    verdict = _verify(published, _tamper_jwt(token, rename).encode())
    assert verdict.status == "tampered" and verdict.exit_code == 1
    assert verdict.sentence("fr").startswith("✖ Badge falsifié ou modifié : la signature ne correspond pas")


def test_a_changed_date_in_a_baked_ob3_png_is_tampered(published):
    image = _file(published, "ob3-png").read_bytes()
    token = unbake(image).text

    def backdate(claims):
        claims["validFrom"] = "2020-01-01T00:00:00Z"

    verdict = _verify(published, bake(image, _tamper_jwt(token, backdate)))
    assert verdict.status == "tampered"
    assert verdict.check("proof").outcome == "failed"


def test_a_changed_field_in_a_baked_ob2_png_differs_from_the_hosted_copy(published):
    image = _file(published, "ob2-png").read_bytes()
    assertion = unbake(image).data
    assertion["issuedOn"] = "2019-06-01T00:00:00Z"
    verdict = _verify(published, bake(image, assertion))
    assert verdict.status == "tampered"
    assert "issuedOn" in verdict.check("hosted").text("en")


def test_a_changed_recipient_in_an_ob2_assertion_is_tampered(published):
    assertion = json.loads(_file(published, "ob2-json").read_bytes())
    assertion["recipient"]["salt"] = "0" * 32
    verdict = _verify(published, json.dumps(assertion).encode())
    assert verdict.status == "tampered" and "recipient" in verdict.check("hosted").text("en")


@pytest.mark.parametrize("field", ["name", "validFrom", "recipient"])
def test_a_changed_field_in_a_data_integrity_credential_is_tampered(published, field):
    credential = json.loads(_file(published, "di-ob3-json").read_bytes())
    if field == "name":
        credential["credentialSubject"]["achievement"]["name"] = "Chef de cuisine"
    elif field == "validFrom":
        credential["validFrom"] = "2020-01-01T00:00:00Z"
    else:
        credential["credentialSubject"]["identifier"][0]["salt"] = "0" * 32
    verdict = _verify(published, json.dumps(credential).encode(), "di-changed.json")
    assert verdict.status == "tampered" and verdict.check("proof").outcome == "failed"
    assert verdict.sentence("en").startswith("✖ Forged or altered badge: the proof does not match the content")


def test_a_changed_field_in_a_baked_data_integrity_png_is_tampered(published):
    image = _file(published, "di-ob3-png").read_bytes()
    credential = unbake(image).data
    credential["credentialSubject"]["achievement"]["description"] = "Dirige une brigade."
    verdict = _verify(published, bake(image, credential), "di-changed.png")
    assert verdict.status == "tampered"


def test_a_jwt_signed_with_another_key_in_the_issuers_name_is_tampered(published):
    other = load_signing_key(generate_key(published["folder"] / "keys" / "forger.key"))
    from badgeworkbench.openbadges.signing import sign_jws

    token = _file(published, "ob3-jwt").read_text()
    claims = json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))
    kid = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))["kid"]
    verdict = _verify(published, sign_jws(claims, other, kid=kid).encode())
    assert verdict.status == "tampered"


# --- foreign, unreadable ---------------------------------------------------------------------------


def test_a_badge_from_another_issuer_offline_is_foreign(published):
    other = load_signing_key(generate_key(published["folder"] / "keys" / "other.key"))
    elsewhere = award_badges(published["framework"], _earners(published["folder"]), "https://badges.other.example.net/x",
                             signing_key=other, images_dir=FIXTURE, proof="jwt")  # fmt: skip
    token = next(data for path, data in elsewhere.files.items() if path.endswith(".jwt"))
    verdict = _verify(published, token)
    assert verdict.status == "foreign" and verdict.exit_code == 1
    sentence = verdict.sentence("en")
    assert sentence.startswith(
        "✖ Badge from another issuer: the issuer's key https://badges.other.example.net/x/ob3/keys/"
    )
    assert f"is not in the export folder {published['out']} and cannot be read offline." in sentence
    assembled = next(path for path in elsewhere.files if path.endswith("-ob2-baked.png"))
    assert _verify(published, elsewhere.files[assembled]).status == "foreign"
    signed_di = award_badges(published["framework"], _earners(published["folder"]), "https://badges.other.example.net/x",
                             signing_key=other, images_dir=FIXTURE, proof="di")  # fmt: skip
    credential = next(data for path, data in signed_di.files.items() if path.startswith("ob3/credentials/"))
    di_verdict = _verify(published, credential, "di-elsewhere.json")
    assert di_verdict.status == "foreign"
    assert (
        "did:web:badges.other.example.net:x:issuers:ligue#key-1 is not under the export folder"
        in di_verdict.sentence("en")
    )


def test_a_badge_from_another_issuer_is_checked_online_through_fetch(published):
    other = load_signing_key(generate_key(published["folder"] / "keys" / "online.key"))
    base = "https://badges.online.example.net/x"
    elsewhere = award_badges(published["framework"], _earners(published["folder"]), base, signing_key=other,
                             images_dir=FIXTURE, proof="jwt")  # fmt: skip
    asked = []

    def fetch(url):
        asked.append(url)
        return elsewhere.files[url[len(base) + 1 :]]

    token = next(data for path, data in elsewhere.files.items() if path.endswith(".jwt"))
    verdict = verify_badge(token, "b.jwt", export_folder=published["out"], fetch=fetch)
    assert verdict.check("proof").outcome == "ok" and any(u.endswith(".json") and "/keys/" in u for u in asked)
    offline = verify_badge(token, "b.jwt", export_folder=published["out"], fetch=fetch, offline=True)
    assert offline.status == "foreign" and len(asked) == len(set(asked)) and offline.check("proof").outcome != "ok"


@pytest.mark.parametrize("cut", ["truncated-png", "random-bytes", "json-array", "half-jwt"])
def test_unreadable_files_exit_2(published, cut):
    png = _file(published, "ob3-png").read_bytes()
    data = {"truncated-png": png[: len(png) // 2], "random-bytes": bytes(range(256)) * 3, "json-array": b"[1, 2]",
            "half-jwt": _file(published, "ob3-jwt").read_bytes()[:40] + b".x.y"}[cut]  # fmt: skip
    verdict = _verify(published, data, cut)
    assert verdict.status == "unreadable" and verdict.exit_code == 2 and verdict.meaning is None
    assert verdict.sentence("fr").startswith("✖ Fichier illisible : ")


# --- expired, not yet valid -------------------------------------------------------------------------


def test_an_assertion_whose_expiry_has_passed_is_expired(published, tmp_path):
    later = dt.datetime(2031, 1, 1, tzinfo=dt.UTC)
    verdict = _verify(published, _file(published, "ob3-jwt").read_bytes(), now=later)
    assert verdict.status == "genuine"  # no validity on this badge: it never expires
    framework = published["framework"]
    badge = framework.badge("accueil")
    limited = framework.model_copy(update={"badges": [
        b.model_copy(update={"valid_for": "P2Y"}) if b.id == badge.id else b for b in framework.badges]})  # fmt: skip
    key = load_signing_key(generate_key(tmp_path / "k.key"))
    out = tmp_path / "out"
    write_files(export_framework(limited, BASE, images_dir=FIXTURE).files, out)
    result = award_badges(limited, _earners(tmp_path), BASE, signing_key=key, images_dir=FIXTURE, proof="jwt")
    write_files(result.files, out, merge=True)
    token = (out / result.awards[0].files[-2]).read_bytes()
    assertion = (out / result.awards[0].files[0]).read_bytes()
    for data in (token, assertion):
        assert verify_badge(data, "b", export_folder=out, offline=True, now=dt.datetime(2028, 3, 31, tzinfo=dt.UTC)
                            ).status == "genuine"  # fmt: skip
        expired = verify_badge(data, "b", export_folder=out, offline=True, now=dt.datetime(2028, 4, 2, tzinfo=dt.UTC))
        assert expired.status == "expired" and expired.exit_code == 1
        assert expired.sentence("fr").startswith("✖ Badge expiré depuis le 1 avril 2028 : « Accueillir » délivré par")
        assert expired.meaning.valid_until.startswith("2028-04-01")


def test_a_badge_valid_only_from_a_future_date_is_unverifiable(published):
    before = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    verdict = _verify(published, _file(published, "ob3-jwt").read_bytes(), now=before)
    assert verdict.status == "unverifiable" and "only valid from 1 April 2026" in verdict.sentence("en")


# --- identity --------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["ob2-png", "ob3-jwt"])
def test_identity_matches_the_hashed_recipient_or_not(published, kind):
    data = _file(published, kind).read_bytes()
    mine = _verify(published, data, identity="alice.martin@EXAMPLE.org")
    assert mine.meaning.identity_matches is True and mine.exit_code == 0
    assert mine.sentence("fr").endswith(", au nom de la personne indiquée.")
    theirs = _verify(published, data, identity="bob.durand@example.org")
    assert theirs.meaning.identity_matches is False and theirs.status == "genuine" and theirs.exit_code == 1
    assert theirs.sentence("en").startswith("✖ Genuine badge, but not issued to the person given:")
    assert _verify(published, data).meaning.identity_matches is None


# --- folders and the command line ------------------------------------------------------------------


def test_a_folder_gives_one_verdict_per_badge_file(published):
    verdicts = verify_paths([published["out"] / "awards"], export_folder=published["out"], offline=True)
    assert sorted(Path(v.source).name.split("-", 1)[1] for v in verdicts) == ["ob2-baked.png", "ob3-baked.png"]
    everything = verify_paths([published["out_di"]], export_folder=published["out_di"], offline=True)
    award = published["award_di"].award_id
    assert sorted(Path(v.source).relative_to(published["out_di"]).as_posix() for v in everything) == sorted(
        [f"awards/{award}-ob2-baked.png", f"awards/{award}-ob3-baked.png", f"ob2/assertions/{award}.json",
         f"ob3/credentials/{award}.json"])  # fmt: skip
    assert {v.status for v in everything} == {"genuine"}


def test_cli_prints_one_french_sentence_then_the_meaning_and_exits_0(published):
    out = published["out"]
    result = CliRunner().invoke(main, ["verify", str(_file(published, "ob3-png")), "--export", str(out), "--offline",
                                       "--identity", EMAIL])  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1].strip().startswith("✔ Badge authentique : « Accueillir »")
    assert "Délivré par : Ligue de l'enseignement" in result.output and "ROME 4.0" in result.output


def test_cli_json_equals_the_library_and_exit_codes_follow_the_worst(published, tmp_path):
    out = published["out"]
    cut = tmp_path / "cut.png"
    cut.write_bytes(_file(published, "ob3-png").read_bytes()[:300])
    genuine = str(_file(published, "ob3-jwt"))
    result = CliRunner().invoke(main, ["verify", genuine, "--json", "--export", str(out), "--offline"])
    assert result.exit_code == 0
    library = [v.to_dict() for v in verify_paths([genuine], export_folder=str(out), offline=True)]
    assert json.loads(result.output) == library
    both = CliRunner().invoke(main, ["verify", genuine, str(cut), "--json", "--export", str(out), "--offline"])
    assert both.exit_code == 2 and [v["status"] for v in json.loads(both.output)] == ["genuine", "unreadable"]
    unsigned = CliRunner().invoke(main, ["verify", genuine, str(_file(published, "ob3-json")), "--export", str(out),
                                         "--offline", "--lang", "en"])  # fmt: skip
    assert unsigned.exit_code == 1 and "✖ Badge that cannot be verified" in unsigned.output


# --- OB 2.0 signed assertions (built here: the workbench hosts its own assertions) ------------------


def _signed_ob2(revoked: bool = False):
    """A SignedBadge assertion from another issuer, with the documents its URLs serve."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    from badgeworkbench.openbadges import hash_identity
    from badgeworkbench.openbadges.signing import SigningKey, sign_jws

    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    base, context = "https://lycee.example.net/badges", "https://w3id.org/openbadges/v2"
    issuer = {"@context": context, "type": "Issuer", "id": f"{base}/issuer.json", "name": "Lycée Jean Moulin",
              "url": "https://lycee.example.net", "email": "badges@lycee.example.net", "publicKey": f"{base}/key.json",
              "revocationList": f"{base}/revocations.json"}  # fmt: skip
    key = {"@context": context, "type": "CryptographicKey", "id": f"{base}/key.json", "owner": issuer["id"],
           "publicKeyPem": pem.decode()}  # fmt: skip
    badge = {"@context": context, "type": "BadgeClass", "id": f"{base}/soudure.json", "name": "Soudure",
             "description": "Soude à l'arc.", "image": f"{base}/soudure.png",
             "criteria": {"narrative": "Trois soudures réussies."}, "issuer": issuer["id"]}  # fmt: skip
    assertion = {"@context": context, "type": "Assertion", "id": "urn:uuid:5b8d0c4e-3c0f-4a53-9d49-2f3e3bbf2a11",
                 "recipient": {"type": "email", "hashed": True, "salt": "sel",
                               "identity": hash_identity("awa@example.org", "sel")},
                 "badge": badge["id"], "issuedOn": "2026-01-15T00:00:00Z",
                 "verification": {"type": "SignedBadge", "creator": key["id"]}}  # fmt: skip
    revocations = {"@context": context, "type": "RevocationList", "id": issuer["revocationList"], "issuer": issuer["id"],
                   "revokedAssertions": [{"id": assertion["id"], "revocationReason": "Fraude"}] if revoked else []}  # fmt: skip
    token = sign_jws(assertion, SigningKey(private, "RS256", {}, Path("k")), kid=key["id"])
    served = {doc["id"]: json.dumps(doc).encode() for doc in (issuer, key, badge, revocations)}
    return token, served


def test_a_signed_ob2_assertion_is_checked_with_its_issuers_key_and_revocation_list():
    token, served = _signed_ob2()
    verdict = verify_badge(token.encode(), "signed.jws", fetch=served.__getitem__, identity="awa@example.org")
    assert verdict.status == "genuine", verdict.checks
    assert verdict.check("proof").outcome == "ok" and verdict.check("issuer-key").outcome == "ok"
    assert verdict.meaning.issuer_name == "Lycée Jean Moulin" and verdict.meaning.identity_matches is True
    baked = bake(tiny_png(), token)
    assert verify_badge(baked, "signed.png", fetch=served.__getitem__).status == "genuine"
    assert verify_badge(token.encode(), "signed.jws", offline=True).status == "foreign"

    def later(claims):
        claims["issuedOn"] = "2020-01-01T00:00:00Z"

    assert verify_badge(_tamper_jwt(token, later).encode(), "x", fetch=served.__getitem__).status == "tampered"
    revoked_token, revoked_served = _signed_ob2(revoked=True)
    revoked = verify_badge(revoked_token.encode(), "r.jws", fetch=revoked_served.__getitem__)
    assert revoked.status == "revoked"
    assert revoked.sentence("fr") == "✖ Badge révoqué par Lycée Jean Moulin (motif : Fraude)."


def test_a_did_key_badge_checks_offline_but_says_its_key_names_no_one(published, tmp_path):
    key = load_signing_key(generate_key(tmp_path / "didkey.key"))
    result = award_badges(published["framework"], _earners(tmp_path), BASE, signing_key=key, images_dir=FIXTURE,
                          proof="di", did="key")  # fmt: skip
    credential = next(data for path, data in result.files.items() if path.startswith("ob3/credentials/"))
    verdict = verify_badge(credential, "k.json", offline=True)
    assert verdict.check("proof").outcome == "ok"
    assert "it names no one" in verdict.check("issuer-key").text("en")
    assert verdict.check("status").outcome == "not-checked"  # the list is online only


@pytest.mark.parametrize("listed", [False, True])
def test_an_older_award_with_a_1edtech_revocation_list_is_still_checked(published, listed):
    token = _file(published, "ob3-jwt").read_text()
    claims = json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))
    old_list = "https://badges.example.org/cvl/ob3/revocations/ligue.json"
    revoked = [{"id": claims["id"], "revocationReason": "Erreur"}] if listed else []
    served = {old_list: json.dumps({"id": old_list, "revokedCredentials": revoked}).encode()}
    credential = {**claims, "credentialStatus": {"id": old_list, "type": "1EdTechRevocationList"}}
    verdict = verify_badge(json.dumps(credential).encode(), "old.json", fetch=served.__getitem__)
    assert verdict.check("status").outcome == ("failed" if listed else "ok")
    assert ("revoked by" in verdict.check("status").text("en")) == listed


@pytest.mark.parametrize("kind", ["ob3-json", "ob2-json", "di-ob3-json"])
def test_odd_values_anywhere_give_a_verdict_never_an_exception(published, kind):
    """A badge from anywhere may hold anything: each field of the credential (and of its subject and achievement)
    replaced by a value of another JSON type still gives a verdict."""
    original = json.loads(_file(published, kind).read_bytes())
    odd_values = [None, 7, "x", [], {}, [1, "y"], {"id": 3}]

    def places(document):
        yield document
        subject = document.get("credentialSubject") if "ob3" in kind else document.get("recipient")
        if isinstance(subject, dict):
            yield subject
            if isinstance(subject.get("achievement"), dict):
                yield subject["achievement"]

    count = 0
    for depth, place in enumerate(places(original)):
        for key in list(place):
            for odd in odd_values:
                changed = json.loads(json.dumps(original))
                target = list(places(changed))[depth]
                target[key] = odd
                verdict = _verify(published, json.dumps(changed).encode(), f"{kind}-odd.json")
                assert verdict.status in {"tampered", "unverifiable", "unreadable", "foreign", "expired", "genuine"}
                assert verdict.sentence("fr") and verdict.to_dict()["checks"]
                count += 1
    assert count > 50


def test_a_badge_baked_with_only_its_hosted_assertion_url_is_checked_against_the_hosted_copy(published):
    image = _file(published, "ob2-png").read_bytes()
    url = unbake(image).data["id"]
    verdict = _verify(published, bake(image, url, version="2.0"), "url.png")
    assert verdict.status == "genuine" and verdict.check("hosted").outcome == "ok"
    elsewhere = _verify(published, bake(image, "https://badges.other.example.net/a.json", version="2.0"), "x.png")
    assert elsewhere.status == "foreign" and elsewhere.meaning is None

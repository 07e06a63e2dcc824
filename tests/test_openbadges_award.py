"""Awarding badges from a CSV/xlsx of earners: hashing, rejected rows, baking, signing, validity."""

from __future__ import annotations

import base64
import csv
import dataclasses
import datetime as dt
import hashlib
import io
import json
import os
import stat
from pathlib import Path

import pytest

from badgeworkbench.files import load_framework
from badgeworkbench.openbadges import (
    EarnerFileError,
    SigningKeyError,
    award_badges,
    check_export,
    export_framework,
    generate_key,
    load_signing_key,
    read_earners,
    unbake,
    verify_jws,
    write_export,
)
from badgeworkbench.openbadges.award import parse_award_date
from badgeworkbench.openbadges.issuing import SigningPlan

from .conftest import official_schemas

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "openbadges" / "cvl-mini"
EXAMPLE = ROOT / "frameworks" / "parcours-cvl"
BASE = "https://badges.example.org/cvl"
IDENTIFIERS = ["Alice.Martin@example.org", "bob.durand@example.org", "matricule-88412"]


@pytest.fixture(scope="module")
def mini():
    return load_framework(FIXTURE)


def write_csv(path: Path, rows: list[str], header: str = "identifier,badge,date,evidence") -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def earners(tmp_path):
    return write_csv(tmp_path / "earners.csv", [
        f"{IDENTIFIERS[0]},accueil,2026-04-01,https://portfolio.example.org/p/17",
        f"{IDENTIFIERS[1]},commis,2026-04-02T14:30:00+02:00,A tenu le poste de commis une semaine.",
        f"{IDENTIFIERS[2]},hygiene,03/04/2026,",
        ",accueil,2026-04-01,",  # row 5: empty identifier
        "carol@example.org,accueill,2026-04-01,",  # row 6: unknown badge
        "dan@example.org,equipe,le 3 avril,",  # row 7: bad date
    ])  # fmt: skip


def all_output_bytes(result) -> bytes:
    return b"\n".join(path.encode() + b"\n" + data for path, data in result.files.items())


def test_awards_valid_rows_and_rejects_wrong_ones_by_row_number(mini, earners):
    result = award_badges(mini, earners, BASE)
    assert [s.row for s in result.awards] == [2, 3, 4]
    rejected = {(p.item, p.code) for p in result.report.errors}
    assert rejected == {("row:5", "empty-identifier"), ("row:6", "unknown-badge"), ("row:7", "bad-date")}
    assert "Did you mean 'accueil'" in next(p for p in result.report.errors if p.item == "row:6").text("en")
    for summary in result.awards:
        assert sum("baked" in f for f in summary.files) == 2


def test_plaintext_identifier_is_written_nowhere(mini, earners, tmp_path):
    key = load_signing_key(generate_key(tmp_path / "keys" / "issuer.key"))
    result = award_badges(mini, earners, BASE, signing_key=key)
    out = write_export(result, tmp_path / "awards", merge=True)
    written = b"".join(p.as_posix().encode() + p.read_bytes() for p in out.rglob("*") if p.is_file())
    for identifier in IDENTIFIERS:
        for form in (identifier, identifier.lower(), identifier.upper()):
            assert form.encode() not in written, form
            assert form.encode() not in all_output_bytes(result)
    assert b"carol@example.org" not in written and b"dan@example.org" not in written  # rejected rows neither


def test_recipient_hash_is_salted_and_verifiable(mini, earners):
    result = award_badges(mini, earners, BASE)
    salts = set()
    for summary in result.awards:
        assertion = result.json(summary.files[0])
        recipient = assertion["recipient"]
        salts.add(recipient["salt"])
        credential = result.json(summary.files[2])
        identity = credential["credentialSubject"]["identifier"][0]
        assert identity["identityHash"] == recipient["identity"] and identity["salt"] == recipient["salt"]
        matches = [i for i in IDENTIFIERS
                   if recipient["identity"] == "sha256$" + hashlib.sha256(((i.lower() if "@" in i else i)
                                                                          + recipient["salt"]).encode()).hexdigest()]  # fmt: skip
        assert len(matches) == 1
    assert len(salts) == 3  # one random salt per recipient
    first = result.json(result.awards[0].files[0])
    assert first["recipient"]["type"] == "email"
    third = result.json(result.awards[2].files[2])["credentialSubject"]["identifier"][0]
    assert third["identityType"] == "identifier"


def test_dates_and_evidence(mini, earners):
    result = award_badges(mini, earners, BASE)
    a1, a2 = (result.json(s.files[0]) for s in result.awards[:2])
    assert a1["issuedOn"] == "2026-04-01T00:00:00Z"
    assert a2["issuedOn"] == "2026-04-02T12:30:00Z"
    assert a1["evidence"] == [{"id": "https://portfolio.example.org/p/17"}]
    c2 = result.json(result.awards[1].files[2])
    assert c2["evidence"] == [{"type": ["Evidence"], "narrative": "A tenu le poste de commis une semaine."}]
    assert c2["validFrom"] == c2["awardedDate"] == "2026-04-02T12:30:00Z"
    assert c2["credentialStatus"]["type"] == "BitstringStatusListEntry"
    assert result.json("ob3/status/cnam.json")["id"] == c2["credentialStatus"]["statusListCredential"]
    assert "validUntil" not in c2 and "expires" not in a1  # these badges have no validity


def test_baked_images_carry_the_award(mini, earners):
    result = award_badges(mini, earners, BASE)
    summary = result.awards[0]
    baked2 = next(f for f in summary.files if f.endswith("ob2-baked.png"))
    baked3 = next(f for f in summary.files if f.endswith("ob3-baked.png"))
    assert unbake(result.files[baked2]).data == result.json(summary.files[0])
    found3 = unbake(result.files[baked3])
    assert found3.keyword == "openbadgecredential" and found3.data == result.json(summary.files[2])


def test_signed_credentials_verify_and_private_key_stays_in_its_file(mini, earners, tmp_path):
    key_path = generate_key(tmp_path / "issuer.key")
    assert stat.S_IMODE(key_path.stat().st_mode) == 0o600
    key = load_signing_key(key_path)
    result = award_badges(mini, earners, BASE, signing_key=key, proof="jwt")
    summary = result.awards[0]
    token = result.files[next(f for f in summary.files if f.endswith(".jwt"))].decode().strip()
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    assert header["alg"] == "EdDSA" and set(header) <= {"alg", "kid", "typ"}
    # the key is the JWK at the kid, on the issuer Profile's site; the Profile itself names no key
    assert header["kid"] == f"{BASE}/ob3/keys/ligue.json"
    jwk = result.json(header["kid"].removeprefix(BASE + "/"))
    claims = verify_jws(token, jwk)
    assert claims["jti"] == claims["id"] and claims["iss"] == f"{BASE}/ob3/profiles/ligue.json"
    assert unbake(result.files[next(f for f in summary.files if f.endswith("ob3-baked.png"))]).text == token
    assert not any(b"verificationMethod" in data for path, data in result.files.items() if "/profiles/" in path)
    private = key_path.read_bytes()
    body = b"".join(line for line in private.splitlines() if not line.startswith(b"-----"))
    assert body not in all_output_bytes(result)
    assert '"d"' not in all_output_bytes(result).decode("utf-8", "replace").replace(" ", "")


def test_rsa_keys_sign_rs256(mini, earners, tmp_path):
    key = load_signing_key(generate_key(tmp_path / "rsa.key", "RS256"))
    result = award_badges(mini, earners, BASE, signing_key=key, proof="jwt")
    token = result.files[next(f for f in result.awards[0].files if f.endswith(".jwt"))].decode().strip()
    assert verify_jws(token, key.public_jwk)["type"] == ["VerifiableCredential", "OpenBadgeCredential"]


def test_key_files_are_never_overwritten_nor_accepted_when_readable_by_others(tmp_path):
    path = generate_key(tmp_path / "k.pem")
    with pytest.raises(SigningKeyError, match="never overwritten"):
        generate_key(path)
    os.chmod(path, 0o644)
    with pytest.raises(SigningKeyError, match="chmod 600"):
        load_signing_key(path)


def test_french_headers_semicolons_and_xlsx(mini, tmp_path):
    csv_path = tmp_path / "laureats.csv"
    csv_path.write_text("Identifiant;Badge;Date;Preuve\nalice@example.org;accueil;01/04/2026;\n", encoding="utf-8-sig")
    assert [(r.row, r.badge) for r in read_earners(csv_path)] == [(2, "accueil")]
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Courriel", "Badge", "Date", "Preuve"])
    sheet.append(["alice@example.org", "accueil", dt.datetime(2026, 4, 1, 9, 0), None])
    sheet.append([None, None, None, None])
    sheet.append(["bob@example.org", "equipe", "pas une date", None])
    book.save(tmp_path / "laureats.xlsx")
    result = award_badges(mini, tmp_path / "laureats.xlsx", BASE)
    assert [s.row for s in result.awards] == [2]
    assert [p.item for p in result.report.errors] == ["row:4"]  # header 1, alice 2, blank 3, bob 4
    assert result.json(result.awards[0].files[0])["issuedOn"] == "2026-04-01T09:00:00Z"


def _csv_text(text: str, delimiter: str) -> str:
    """The same table written again with another delimiter, as a spreadsheet program would."""
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(csv.reader(io.StringIO(text, newline="")))
    return out.getvalue()


def test_quoted_cells_are_read_as_rfc_4180_says(mini, tmp_path):
    """Doubled quotes, delimiters and line breaks inside quoted cells; a BOM; Windows-1252."""
    narrative = 'Attestation : "a tenu le poste, sans erreur", 3 jours.'
    multi_line = "Première semaine ; service du midi.\nDeuxième semaine, plonge."
    text = ('identifier,badge,date,evidence\r\n'
            'alice@example.org,accueil,2026-04-01,"Attestation : ""a tenu le poste, sans erreur"", 3 jours."\r\n'
            f'bob@example.org,commis,2026-04-02,"{multi_line}"\r\n'
            'carol@example.org,hygiene,2026-04-03,\r\n')  # fmt: skip
    french = ('Identifiant;Badge;Date;Preuve\n'
              'alice@example.org;accueil;01/04/2026;"Attestation : ""a tenu le poste, sans erreur"", 3 jours."\n'
              f'bob@example.org;commis;02/04/2026;"{multi_line}"\n'
              'carol@example.org;hygiene;03/04/2026;\n')  # fmt: skip
    for name, data in (("utf8.csv", b"\xef\xbb\xbf" + text.encode("utf-8")), ("cp1252.csv", text.encode("cp1252")),
                       ("semicolons.csv", french.encode("cp1252")), ("tabs.csv", _csv_text(text, "\t").encode()),
                       ):  # fmt: skip
        path = tmp_path / name
        path.write_bytes(data)
        rows = read_earners(path)
        assert [(r.row, r.badge, r.evidence) for r in rows] == [
            (2, "accueil", narrative), (3, "commis", multi_line), (4, "hygiene", "")]  # fmt: skip
    result = award_badges(mini, tmp_path / "utf8.csv", BASE)
    assert result.json(result.awards[0].files[0])["evidence"] == [{"narrative": narrative}]
    assert result.json(result.awards[1].files[0])["evidence"] == [{"narrative": multi_line}]


@pytest.mark.parametrize(("identifier", "code", "reason"), [
    ("@example.org", "bad-email", "nothing before the @"),
    ("timothee traore@example.org", "bad-email", "holds a space"),
    ("awa@@example.org", "bad-email", "more than one @"),
    ("awa@example", "bad-email", "no domain with a dot"),
    ("awa@.org", "bad-email", "no domain with a dot"),
    ("ftp://example.org/awa", "bad-url", "does not start with http:// or https://"),
    ("https://portfolio awa.org/p", "bad-url", "incomplete or holds a space"),
    ("https://localhost", "bad-url", "incomplete"),
])  # fmt: skip
def test_malformed_identifiers_are_rejected_by_row_with_the_reason(mini, tmp_path, identifier, code, reason):
    path = write_csv(tmp_path / "earners.csv", ["awa@example.org,accueil,2026-04-01,", f'"{identifier}",accueil,2026-04-01,',
                                                "https://portfolio.example.org/awa,accueil,2026-04-01,"])  # fmt: skip
    result = award_badges(mini, path, BASE)
    assert [s.row for s in result.awards] == [2, 4]
    [problem] = result.report.errors
    assert (problem.item, problem.code) == ("row:3", code)
    assert problem.text("en").startswith("Row 3: ") and reason in problem.text("en")
    assert identifier.encode() not in result.files["awards.json"]  # rejected rows are listed without the identifier


def test_a_row_with_more_cells_than_columns_is_rejected_not_cut(mini, tmp_path):
    path = write_csv(tmp_path / "earners.csv", ["awa@example.org,accueil,2026-04-01,A tenu le poste, 3 jours",
                                                "bob@example.org,accueil,2026-04-01,Sans virgule"])  # fmt: skip
    result = award_badges(mini, path, BASE)
    assert [s.row for s in result.awards] == [3]
    assert [(p.item, p.code) for p in result.report.errors] == [("row:2", "row-unreadable")]
    assert "double quotes" in result.report.errors[0].text("en")


def test_award_command_names_skipped_rows_and_exits_1(tmp_path):
    from click.testing import CliRunner

    from badgeworkbench.cli import main

    path = write_csv(tmp_path / "earners.csv", ["awa@example.org,accueil,2026-04-01,",
                                                "timothee traore@example.org,accueil,2026-04-01,"])  # fmt: skip
    result = CliRunner().invoke(main, ["award", str(FIXTURE), "--earners", str(path), "--base-url", BASE,
                                       "--out", str(tmp_path / "out")])  # fmt: skip
    assert result.exit_code == 1, result.output
    assert "row 2: accueil" in result.output and "1 award(s) written" in result.output
    assert "Row 3: the e-mail address holds a space. Row skipped." in result.output
    assert (tmp_path / "out" / "awards.json").exists()


def test_missing_columns_name_the_file(tmp_path):
    path = write_csv(tmp_path / "bad.csv", ["a,b"], header="nom,prenom")
    with pytest.raises(EarnerFileError, match=r"bad\.csv.*identifier, badge, date"):
        read_earners(path)


def test_parse_award_date():
    assert parse_award_date("2026-04-01").tzinfo is not None
    assert parse_award_date("31/12/2025") == dt.datetime(2025, 12, 31, tzinfo=dt.UTC)
    with pytest.raises(ValueError):
        parse_award_date("2026-13-01")


def test_export_plus_awards_has_zero_problems(tmp_path):
    if not (EXAMPLE / "framework.yaml").exists():
        pytest.skip("the example framework frameworks/parcours-cvl is not in this checkout")
    shared = official_schemas()
    example = load_framework(EXAMPLE)
    key = load_signing_key(generate_key(tmp_path / "issuer.key"))
    # signed like the awards: an endorsement left unsigned beside signed awards is a warning of check-export
    out = write_export(export_framework(example, BASE, signing=SigningPlan(key)), tmp_path / "site")
    adopted = [b.id for b in example.badges if b.status == "adopted"][:3]
    earners = write_csv(tmp_path / "earners.csv", [f"earner{i}@example.org,{badge},2026-05-0{i + 1},"
                                                   for i, badge in enumerate(adopted)])  # fmt: skip
    result = award_badges(example, earners, BASE, signing_key=key)
    assert len(result.awards) == 3 and result.report.ok
    write_export(result, out, merge=True)
    assert (out / "index.html").exists()  # the export is still there
    report = check_export(out, shared=shared)
    assert report.problems == [], report.to_table("en")


def test_re_exporting_keeps_the_awards_and_public_keys(mini, earners, tmp_path):
    key = load_signing_key(generate_key(tmp_path / "issuer.key"))
    out = write_export(export_framework(mini, BASE, signing=SigningPlan(key)), tmp_path / "site")
    result = award_badges(mini, earners, BASE, signing_key=key)
    write_export(result, out, merge=True)
    awarded = {p: (out / p).read_bytes() for p in result.files if not p.startswith(("ob3/profiles/", "."))}
    edited = mini.replace(title={"fr": "Nouveau titre", "en": "New title"})
    write_export(export_framework(edited, BASE, signing=SigningPlan(key)), out)
    assert "Nouveau titre" in (out / "index.html").read_text("utf-8")
    assert {p: (out / p).read_bytes() for p in awarded} == awarded
    profile = json.loads((out / "ob3/profiles/ligue.json").read_text())
    assert "verificationMethod" not in profile  # a plain OB 3.0 Profile: the key is in the DID document
    did = json.loads((out / "issuers/ligue/did.json").read_text())
    assert did["alsoKnownAs"] == [profile["id"]] and did["verificationMethod"][0]["publicKeyMultibase"] == key.multikey
    shared = official_schemas()
    assert check_export(out, shared=shared).problems == []


def test_re_exporting_a_folder_whose_profiles_listed_keys_writes_plain_profiles(mini, earners, tmp_path):
    """An older version listed the issuer's keys in its Profile: a re-export drops them, the VC-JWT awards still verify
    with the JWK file that awarding published (kept, as every award file)."""
    from badgeworkbench.openbadges.verify import verify_badge

    key = load_signing_key(generate_key(tmp_path / "issuer.key"))
    out = write_export(export_framework(mini, BASE), tmp_path / "site")
    result = award_badges(mini, earners, BASE, signing_key=key, proof="jwt")
    profile_path = out / "ob3/profiles/ligue.json"
    old = json.loads(profile_path.read_text())
    old["verificationMethod"] = [{"id": f"{BASE}/ob3/keys/ligue.json", "type": "JsonWebKey",
                                  "controller": old["id"], "publicKeyJwk": key.public_jwk}]  # fmt: skip
    # awarded as the older version did: the Profile, with its keys, among the award files
    write_export(dataclasses.replace(result, files={**result.files, "ob3/profiles/ligue.json": json.dumps(old).encode()}),
                 out, merge=True)  # fmt: skip
    assert "verificationMethod" in json.loads(profile_path.read_text())
    write_export(export_framework(mini, BASE), out)
    assert "verificationMethod" not in json.loads(profile_path.read_text())
    token = out / next(f for f in result.awards[0].files if f.endswith(".jwt"))
    verdict = verify_badge(token.read_bytes(), "badge.jwt", export_folder=out, offline=True)
    assert verdict.check("issuer-key").outcome == "ok" and verdict.check("proof").outcome == "ok"


def test_awarded_credentials_embed_the_badges_endorsements_signed_with_data_integrity(mini, earners, tmp_path):
    from badgeworkbench.openbadges.dataintegrity import verify_proof
    from badgeworkbench.openbadges.did import resolve_verification_method

    key = load_signing_key(generate_key(tmp_path / "issuer.key"))
    result = award_badges(mini, earners, BASE, signing_key=key)
    accueil = next(a for a in result.awards if a.badge == "accueil")
    credential = result.json(next(f for f in accueil.files if f.startswith("ob3/credentials/")))
    [endorsement] = credential["credentialSubject"]["achievement"]["endorsement"]
    partner = endorsement["issuer"]["id"].removeprefix("did:web:badges.example.org:cvl:issuers:")
    assert partner != "ligue" and endorsement["type"] == ["VerifiableCredential", "EndorsementCredential"]
    # signed by the endorsing partner's DID, whose document the awards publish
    did_document = f"issuers/{partner}/did.json"
    assert did_document in result.files

    def local(url: str) -> bytes | None:
        return result.files.get(url.removeprefix(BASE + "/"))

    _controller, raw = resolve_verification_method(endorsement["proof"][0]["verificationMethod"], local=local)
    verify_proof(endorsement, raw)  # raises when it does not verify
    # made once per badge: every award of the badge embeds the same signed endorsement
    again = award_badges(mini, [*read_earners(earners)][:1] * 2, BASE, signing_key=key)
    embedded = [again.json(f)["credentialSubject"]["achievement"]["endorsement"]
                for a in again.awards for f in a.files if f.startswith("ob3/credentials/")]  # fmt: skip
    assert embedded[0] == embedded[1] == [endorsement]


def test_awarded_credentials_embed_unsigned_endorsements_without_a_key_and_none_with_vc_jwt(mini, earners, tmp_path):
    unsigned = award_badges(mini, earners, BASE)
    accueil = next(a for a in unsigned.awards if a.badge == "accueil")
    credential = unsigned.json(next(f for f in accueil.files if f.startswith("ob3/credentials/")))
    [endorsement] = credential["credentialSubject"]["achievement"]["endorsement"]
    assert "proof" not in endorsement
    assert endorsement["credentialSubject"]["id"] == f"{BASE}/ob3/achievements/accueil.json"
    out = write_export(export_framework(mini, BASE), tmp_path / "site")
    write_export(unsigned, out, merge=True)
    report = check_export(out, shared=official_schemas())
    assert not report.errors and not report.warnings, report.to_table("en")
    credential_path = next(f for f in accueil.files if f.startswith("ob3/credentials/"))
    assert any(p.code == "unsigned" and p.file == credential_path and "endorsement[0]" in (p.field or "")
               for p in report.problems)  # fmt: skip
    key = load_signing_key(generate_key(tmp_path / "issuer.key"))
    jwt = award_badges(mini, earners, BASE, signing_key=key, proof="jwt")
    accueil = next(a for a in jwt.awards if a.badge == "accueil")
    credential = jwt.json(next(f for f in accueil.files if f.endswith(".json") and f.startswith("ob3/credentials/")))
    assert "endorsement" not in credential["credentialSubject"]["achievement"]

"""Revocation and expiry: the Bitstring Status List, random indexes kept across awards, `revoke`, `valid_for`."""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from badgeworkbench.cli import main
from badgeworkbench.files import load_framework
from badgeworkbench.model import Badge
from badgeworkbench.openbadges import (
    OpenBadgesError,
    UnknownAward,
    award_badges,
    check_document,
    export_framework,
    generate_key,
    load_signing_key,
    revoke_award,
    verify_badge,
)
from badgeworkbench.openbadges.writing import write_files

from .test_openbadges_dataintegrity import js  # noqa: F401 - the reference JavaScript verifier, as a fixture

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "openbadges" / "cvl-mini"
BASE = "https://badges.example.org/cvl"


@pytest.fixture(scope="module")
def mini():
    return load_framework(FIXTURE)


def _earners(folder: Path, count: int = 1, badge: str = "accueil", start: int = 0) -> Path:
    path = folder / f"earners-{start}.csv"
    rows = [f"earner{start + n}@example.org,{badge},2026-04-01," for n in range(count)]
    path.write_text("identifier,badge,date,evidence\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def _award(framework, folder: Path, out: Path, *, count: int = 1, start: int = 0, key=None, proof: str = "di"):
    result = award_badges(framework, _earners(folder, count, start=start), BASE, signing_key=key, images_dir=FIXTURE,
                          status_folder=out, proof=proof)  # fmt: skip
    write_files(result.files, out, merge=True)
    return result


def _bits_by_hand(list_file: Path) -> bytes:
    """The bitstring of a published status list, decoded without the workbench: multibase 'u', base64url, GZIP."""
    encoded = json.loads(list_file.read_bytes())["credentialSubject"]["encodedList"]
    assert encoded[0] == "u"
    return gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))


def _bit(bitstring: bytes, index: int) -> int:
    return (bitstring[index // 8] >> (7 - index % 8)) & 1  # bit 0 is the leftmost bit of the first byte


def _credential(out: Path, summary) -> dict:
    return json.loads((out / f"ob3/credentials/{summary.award_id}.json").read_bytes())


@pytest.fixture
def exported(mini, tmp_path):
    out = tmp_path / "out"
    write_files(export_framework(mini, BASE, images_dir=FIXTURE).files, out)
    return out


def test_each_credential_points_at_a_random_index_of_its_issuers_status_list(mini, exported, tmp_path):
    result = _award(mini, tmp_path, exported, count=40)
    entries = [_credential(exported, s)["credentialStatus"] for s in result.awards]
    list_url = f"{BASE}/ob3/status/ligue.json"
    for entry in entries:
        index = int(entry["statusListIndex"])
        assert entry == {"id": f"{list_url}#{index}", "type": "BitstringStatusListEntry",
                         "statusPurpose": "revocation", "statusListIndex": str(index),
                         "statusListCredential": list_url}  # fmt: skip
    indexes = [int(e["statusListIndex"]) for e in entries]
    assert len(set(indexes)) == 40
    # herd privacy: the award order says nothing about the index (40 sequential or sorted indexes: 1 in 40!)
    assert indexes != sorted(indexes) and max(indexes) - min(indexes) > 1000
    status_list = json.loads((exported / "ob3/status/ligue.json").read_bytes())
    assert status_list["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert status_list["issuer"] == _credential(exported, result.awards[0])["issuer"]["id"]
    assert status_list["credentialSubject"]["statusPurpose"] == "revocation"
    bits = _bits_by_hand(exported / "ob3/status/ligue.json")
    assert len(bits) * 8 >= 131_072 and not any(bits)
    assert check_document(status_list, "ob3/status/ligue.json") == []


def test_revoke_sets_only_that_bit_marks_the_ob2_assertion_and_writes_two_files(mini, exported, tmp_path):
    result = _award(mini, tmp_path, exported, count=3)
    target, other = result.awards[1], result.awards[0]
    before = {p.relative_to(exported).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
              for p in exported.rglob("*") if p.is_file()}  # fmt: skip
    done = revoke_award(exported, target.credential, reason="Erreur de saisie")
    after = {p.relative_to(exported).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in exported.rglob("*") if p.is_file()}  # fmt: skip
    changed = sorted(p for p in after if before.get(p) != after[p])
    assert changed == sorted(["ob3/status/ligue.json", f"ob2/assertions/{target.award_id}.json"])
    assert set(before) == set(after)
    assert done.award_id == target.award_id and not done.already_revoked
    bits = _bits_by_hand(exported / "ob3/status/ligue.json")
    index = int(_credential(exported, target)["credentialStatus"]["statusListIndex"])
    assert _bit(bits, index) == 1 and sum(bin(b).count("1") for b in bits) == 1
    assertion = json.loads((exported / f"ob2/assertions/{target.award_id}.json").read_bytes())
    assert assertion["revoked"] is True and assertion["revocationReason"] == "Erreur de saisie"
    untouched = json.loads((exported / f"ob2/assertions/{other.award_id}.json").read_bytes())
    assert "revoked" not in untouched
    assert revoke_award(exported, target.award_id).already_revoked


@pytest.mark.parametrize("proof", ["di", "jwt"])
@pytest.mark.parametrize("kind", ["ob2-baked.png", "ob3-baked.png", "json-ob2"])
def test_a_revoked_award_is_revoked_for_verifiers_and_the_others_are_not(mini, exported, tmp_path, kind, proof):
    key = load_signing_key(generate_key(tmp_path / "k.key"))
    result = _award(mini, tmp_path, exported, count=2, key=key, proof=proof)
    list_name = "ligue.did-web" if proof == "di" else "ligue"  # a DID-signed award's list is its DID's
    assert _credential(exported, result.awards[0])["credentialStatus"]["statusListCredential"].endswith(
        f"/{list_name}.json"
    )
    signed_list = json.loads((exported / f"ob3/status/{list_name}.json").read_bytes())
    assert ("proof" in signed_list) == (proof == "di")
    if proof == "di":  # a signed list is not replaced by an unsigned one
        unsigned = CliRunner().invoke(main, ["revoke", str(exported), result.awards[0].award_id])
        assert unsigned.exit_code == 1 and "is signed: give the issuer's key (--sign-key KEY)" in unsigned.output
    target, other = result.awards
    runner = CliRunner()
    revoked = runner.invoke(main, ["revoke", str(exported), str(exported / f"awards/{target.award_id}-ob3-baked.png"),
                                   "--reason", "Badge délivré par erreur", "--sign-key", str(tmp_path / "k.key")])  # fmt: skip
    assert revoked.exit_code == 0, revoked.output
    assert f"Award {target.award_id} revoked" in revoked.output

    def file_of(summary):
        name = f"awards/{summary.award_id}-{kind}" if "baked" in kind else f"ob2/assertions/{summary.award_id}.json"
        return (exported / name).read_bytes()

    verdict = verify_badge(file_of(target), kind, export_folder=exported, offline=True)
    assert verdict.status == "revoked" and verdict.exit_code == 1
    sentence = verdict.sentence("fr")
    assert sentence.startswith("✖ Badge révoqué par Ligue de l'enseignement")
    if "ob2" in kind:
        assert "(motif : Badge délivré par erreur)" in sentence
    else:
        today = dt.datetime.now(dt.UTC)
        assert f"liste de révocation publiée le {today.day} " in sentence
    assert verify_badge(file_of(other), kind, export_folder=exported, offline=True).status == "genuine"


def test_revocation_is_not_checked_offline_without_the_export_folder_and_says_so(mini, exported, tmp_path):
    key = load_signing_key(generate_key(tmp_path / "k.key"))
    result = _award(mini, tmp_path, exported, key=key, proof="jwt")
    token = (exported / f"ob3/credentials/{result.awards[0].award_id}.jwt").read_bytes()
    verdict = verify_badge(token, "b.jwt", export_folder=None, offline=True)
    status = verdict.check("status")
    assert status is None or status.outcome == "not-checked"
    assert verdict.status == "foreign"  # nor can its key be read offline: the sentence says so
    listing = json.loads((exported / "ob3/status/ligue.json").read_bytes())
    fetched = {f"{BASE}/ob3/keys/ligue.json": (exported / "ob3/keys/ligue.json").read_bytes(),
               f"{BASE}/ob3/profiles/ligue.json": (exported / "ob3/profiles/ligue.json").read_bytes(),
               listing["id"]: json.dumps(listing).encode()}  # fmt: skip
    online = verify_badge(token, "b.jwt", fetch=fetched.__getitem__)
    assert online.status == "genuine" and online.check("status").outcome == "ok"


def test_awarding_again_never_reuses_an_index_and_keeps_revocations(mini, exported, tmp_path):
    first = _award(mini, tmp_path, exported, count=5)
    revoke_award(exported, first.awards[2].award_id)
    second = _award(mini, tmp_path, exported, count=5, start=100)
    allocation = json.loads((exported / "status-allocation.json").read_bytes())["lists"]["ligue"]
    assert len(allocation) == 10 and len(set(allocation.values())) == 10
    assert {s.award_id for s in [*first.awards, *second.awards]} == set(allocation)
    bits = _bits_by_hand(exported / "ob3/status/ligue.json")
    assert _bit(bits, allocation[first.awards[2].award_id]) == 1
    assert sum(bin(b).count("1") for b in bits) == 1


def test_revoking_an_unknown_award_is_one_sentence_and_exit_1(mini, exported, tmp_path):
    _award(mini, tmp_path, exported)
    before = (exported / "ob3/status/ligue.json").read_bytes()
    with pytest.raises(UnknownAward):
        revoke_award(exported, "urn:uuid:00000000-0000-4000-8000-000000000000")
    result = CliRunner().invoke(main, ["revoke", str(exported), "no-such-award"])
    assert result.exit_code == 1
    assert result.output.strip() == (f"Error: 'no-such-award' is not an award of {exported}: give an award id, a "
                                     "credential id (urn:uuid:…) or one of the award's files, as listed in awards.json.")  # fmt: skip
    assert (exported / "ob3/status/ligue.json").read_bytes() == before
    not_awards = CliRunner().invoke(main, ["revoke", str(tmp_path), "x"])
    assert not_awards.exit_code == 1 and "holds no status-allocation.json" in not_awards.output


def test_a_status_list_too_short_for_herd_privacy_is_a_check_problem():
    from badgeworkbench.openbadges.status import status_list_credential

    short = status_list_credential(f"{BASE}/ob3/status/x.json", f"{BASE}/ob3/profiles/x.json", bytes(125),
                                   "2026-01-01T00:00:00Z")  # fmt: skip
    assert [p.code for p in check_document(short, "x.json")] == ["status-list-too-short"]


# --- expiry -------------------------------------------------------------------------------------


def test_valid_for_gives_valid_until_and_expires(mini, tmp_path):
    badges = [b.model_copy(update={"valid_for": "P2Y"}) if b.id == "accueil" else b for b in mini.badges]
    result = award_badges(mini.model_copy(update={"badges": badges}), _earners(tmp_path), BASE, images_dir=FIXTURE)
    summary = result.awards[0]
    credential = result.json(f"ob3/credentials/{summary.award_id}.json")
    assertion = result.json(f"ob2/assertions/{summary.award_id}.json")
    assert credential["validFrom"] == "2026-04-01T00:00:00Z"
    assert credential["validUntil"] == assertion["expires"] == "2028-04-01T00:00:00Z"


def test_valid_for_accepts_iso_durations_or_months_and_refuses_the_rest():
    assert Badge(id="b", valid_for=18).valid_for == "P18M"
    assert Badge(id="b", valid_for="P1Y6M").valid_for == "P1Y6M"
    for wrong in ("2 ans", "P", "PT5H", "-P1Y"):
        with pytest.raises(ValueError, match="valid_for"):
            Badge(id="b", valid_for=wrong)


def test_a_signed_status_list_changed_by_hand_is_not_trusted(mini, exported, tmp_path):
    from badgeworkbench.openbadges.status import encode_list, set_bit, status_list_bits

    key = load_signing_key(generate_key(tmp_path / "k.key"))
    result = _award(mini, tmp_path, exported, key=key)
    credential = (exported / f"ob3/credentials/{result.awards[0].award_id}.json").read_bytes()
    assert verify_badge(credential, "c.json", export_folder=exported, offline=True).status == "genuine"
    list_file = exported / "ob3/status/ligue.did-web.json"
    listing = json.loads(list_file.read_bytes())
    index = int(json.loads(credential)["credentialStatus"]["statusListIndex"])
    listing["credentialSubject"]["encodedList"] = encode_list(set_bit(status_list_bits(listing), index))
    list_file.write_text(json.dumps(listing), encoding="utf-8")  # revoked by someone without the key
    verdict = verify_badge(credential, "c.json", export_folder=exported, offline=True)
    assert verdict.status == "tampered" and verdict.decided_by == "status"
    assert "the signature of the revocation list" in verdict.sentence("en")


def test_the_reference_libraries_verify_our_signed_status_list_before_and_after_revoking(
    mini,
    exported,
    tmp_path,
    js,  # noqa: F811 - the fixture imported above
):
    """The independent check (Digital Bazaar's JavaScript libraries, offline): the signed list is a valid credential,
    signed again after a revocation, and refused once a bit is flipped without the key."""
    from badgeworkbench.openbadges.status import encode_list, set_bit, status_list_bits

    key = load_signing_key(generate_key(tmp_path / "k.key"))
    result = _award(mini, tmp_path, exported, count=2, key=key)
    list_file = exported / "ob3/status/ligue.did-web.json"
    awarded = tmp_path / "awarded.json"
    awarded.write_bytes(list_file.read_bytes())
    revoke_award(exported, result.awards[0].award_id, signing_key=key)
    listing = json.loads(list_file.read_bytes())
    forged = tmp_path / "forged.json"
    other = int(_credential(exported, result.awards[1])["credentialStatus"]["statusListIndex"])
    forged.write_text(json.dumps({**listing, "credentialSubject": {
        **listing["credentialSubject"], "encodedList": encode_list(set_bit(status_list_bits(listing), other))}}))  # fmt: skip
    verdicts = js("verify", awarded, list_file, forged, folder=exported)
    assert [v["verified"] for v in verdicts] == [True, True, False], verdicts


def test_unsigned_and_did_signed_awards_of_one_partner_keep_separate_lists(mini, exported, tmp_path):
    """A status list's issuer must be its credentials' issuer: the Profile URL for unsigned (or VC-JWT) awards,
    the partner's DID for Data Integrity ones; awarding both ways into one folder keeps both verifiable."""
    key = load_signing_key(generate_key(tmp_path / "k.key"))
    unsigned = _award(mini, tmp_path, exported, count=2)
    signed = _award(mini, tmp_path, exported, count=2, start=10, key=key)
    plain = json.loads((exported / "ob3/status/ligue.json").read_bytes())
    did = json.loads((exported / "ob3/status/ligue.did-web.json").read_bytes())
    assert plain["issuer"] == f"{BASE}/ob3/profiles/ligue.json" and "proof" not in plain
    assert did["issuer"].startswith("did:web:badges.example.org:cvl:issuers:ligue") and did["proof"]
    allocation = json.loads((exported / "status-allocation.json").read_bytes())["lists"]
    assert set(allocation) == {"ligue", "ligue.did-web"} and all(len(a) == 2 for a in allocation.values())
    revoke_award(exported, unsigned.awards[0].award_id)
    revoke_award(exported, signed.awards[1].award_id, signing_key=key)
    statuses = [verify_badge((exported / f"ob3/credentials/{s.award_id}.json").read_bytes(), "c.json",
                             export_folder=exported, offline=True).check("status").outcome
                for s in (*unsigned.awards, *signed.awards)]  # fmt: skip
    assert statuses == ["failed", "ok", "ok", "failed"]


def test_awarding_again_over_an_unreadable_status_list_is_refused_rather_than_unrevoking(mini, exported, tmp_path):
    first = _award(mini, tmp_path, exported)
    revoke_award(exported, first.awards[0].award_id)
    (exported / "ob3/status/ligue.json").write_text("{ damaged", encoding="utf-8")
    with pytest.raises(OpenBadgesError, match=r"ligue.json is not a readable status list .*nothing was awarded"):
        _award(mini, tmp_path, exported, start=50)

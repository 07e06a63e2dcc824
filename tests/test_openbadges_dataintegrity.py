"""Data Integrity proofs (eddsa-rdfc-2022), DIDs and the offline JSON-LD loader.

The Python side checks itself here; the JavaScript reference libraries check it independently in the
tests further down (``tests/js``, installed by ``make js-verifier``).
"""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from badgeworkbench.errors import BadgeWorkbenchError
from badgeworkbench.openbadges.dataintegrity import add_proof, proof_verification_method, verify_proof
from badgeworkbench.openbadges.did import (
    did_document,
    did_key,
    did_web,
    did_web_document_url,
    export_folder_reader,
    resolve_verification_method,
    verification_method_id,
)
from badgeworkbench.openbadges.errors import DidError, ProofError, UnknownContext
from badgeworkbench.openbadges.jsonld import CONTEXT_URLS, canonical_nquads, document_loader
from badgeworkbench.openbadges.signing import generate_key, load_signing_key
from badgeworkbench.specdata import spec_path

OB3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
VC2 = "https://www.w3.org/ns/credentials/v2"


@pytest.fixture(scope="module")
def key(tmp_path_factory):
    return load_signing_key(generate_key(tmp_path_factory.mktemp("keys") / "issuer.key"))


@pytest.fixture(scope="module")
def other_key(tmp_path_factory):
    return load_signing_key(generate_key(tmp_path_factory.mktemp("keys") / "other.key"))


def credential(issuer: str = "did:web:badges.example.org:cvl:issuers:mission-locale") -> dict:
    """A small but complete OB 3.0 OpenBadgeCredential."""
    return {
        "@context": [VC2, OB3],
        "id": "https://badges.example.org/cvl/ob3/credentials/a1.json",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer, "type": ["Profile"], "name": "Mission locale de Tours"},
        "validFrom": "2026-04-01T00:00:00Z",
        "name": "Accueil du public",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": "sha256$abc",
                    "identityType": "emailAddress",
                    "hashed": True,
                    "salt": "s",
                }
            ],
            "achievement": {
                "id": "https://badges.example.org/cvl/ob3/achievements/accueil.json",
                "type": ["Achievement"],
                "name": "Accueil du public",
                "description": "Accueillir et orienter le public.",
                "criteria": {"narrative": "Une semaine à l'accueil."},
            },
        },
    }


# --- the offline loader -------------------------------------------------------------------------


def test_the_loader_serves_packaged_contexts_and_refuses_any_other_url_without_fetching(monkeypatch):
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("the JSON-LD loader tried to open a connection")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    for url in (VC2, OB3, "https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"):
        assert "@context" in document_loader(url)["document"]
    with pytest.raises(UnknownContext) as refused:
        document_loader("https://w3id.org/security/suites/ed25519-2020/v1")
    assert "never fetches contexts" in str(refused.value)
    assert "ne télécharge jamais" in refused.value.text("fr")
    # the same refusal when a document to sign names an unknown context
    with pytest.raises(UnknownContext):
        canonical_nquads({**credential(), "@context": [VC2, "https://example.org/unknown-context.jsonld"]})


def test_the_loader_hands_out_copies_so_pyld_cannot_change_the_packaged_context():
    first = document_loader(VC2)["document"]
    first["@context"]["name"] = "https://evil.example/name"
    assert document_loader(VC2)["document"]["@context"].get("name") != "https://evil.example/name"


def test_an_undefined_property_is_refused_rather_than_left_unsigned(key):
    document = {**credential(), "favouriteColour": "blue"}
    with pytest.raises(ProofError) as refused:
        add_proof(document, key, verification_method="did:key:x#x")
    assert refused.value.reason == "context"


# --- add_proof / verify_proof ---------------------------------------------------------------------


def test_add_proof_follows_eddsa_rdfc_2022_and_leaves_the_input_alone(key):
    original = credential()
    before = copy.deepcopy(original)
    signed = add_proof(original, key, verification_method="did:web:x#key-1", created="2026-04-01T10:00:00Z")
    assert original == before
    assert isinstance(signed["proof"], list) and len(signed["proof"]) == 1  # the OB 3.0 schema wants a list
    proof = signed["proof"][0]
    assert proof == {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": "2026-04-01T10:00:00Z",
        "verificationMethod": "did:web:x#key-1",
        "proofPurpose": "assertionMethod",
        "proofValue": proof["proofValue"],
    }
    assert proof["proofValue"].startswith("z") and len(proof["proofValue"]) in range(85, 90)
    verify_proof(signed, key.multikey)
    verify_proof(signed, key.public_raw)
    assert proof_verification_method(signed) == "did:web:x#key-1"
    assert proof_verification_method(credential()) is None
    # re-indenting or re-ordering the JSON does not change its meaning, so the proof still holds
    verify_proof(json.loads(json.dumps(signed, indent=4, sort_keys=True)), key.multikey)


def test_the_signed_hash_is_sha256_of_the_canonical_proof_config_then_of_the_document(key):
    """Recompute §3.2 by hand (canonical N-Quads, two SHA-256, Ed25519) and check the proofValue with it."""
    import hashlib

    from cryptography.hazmat.primitives.asymmetric import ed25519

    from badgeworkbench.openbadges.signing import base58btc_decode, ed25519_from_multikey

    signed = add_proof(credential(), key, verification_method="did:web:x#key-1", created="2026-04-01T10:00:00Z")
    config = {k: v for k, v in signed["proof"][0].items() if k != "proofValue"}
    unsigned = {k: v for k, v in signed.items() if k != "proof"}
    document_quads = canonical_nquads(unsigned)
    assert "<https://purl.imsglobal.org/spec/vc/ob/vocab.html#AchievementSubject>" in document_quads
    hash_data = (hashlib.sha256(canonical_nquads({"@context": signed["@context"], **config}).encode()).digest()
                 + hashlib.sha256(document_quads.encode()).digest())  # fmt: skip
    public = ed25519.Ed25519PublicKey.from_public_bytes(ed25519_from_multikey(key.multikey))
    public.verify(base58btc_decode(signed["proof"][0]["proofValue"][1:]), hash_data)


@pytest.mark.parametrize(
    "change",
    [
        lambda c: c.__setitem__("name", "Accueil du public (modifié)"),
        lambda c: c.__setitem__("validFrom", "2025-04-01T00:00:00Z"),
        lambda c: c["credentialSubject"]["achievement"].__setitem__("name", "Chef de cuisine"),
        lambda c: c["credentialSubject"]["identifier"][0].__setitem__("identityHash", "sha256$def"),
        lambda c: c["issuer"].__setitem__("id", "did:web:evil.example"),
        lambda c: c["proof"][0].__setitem__("created", "2026-04-02T10:00:00Z"),
        lambda c: c["proof"][0].__setitem__("proofPurpose", "authentication"),
    ],
    ids=["name", "validFrom", "achievement", "subject", "issuer", "created", "purpose"],
)
def test_one_changed_field_breaks_the_proof(key, change):
    signed = add_proof(credential(), key, verification_method="did:web:x#key-1")
    change(signed)
    with pytest.raises(ProofError) as refused:
        verify_proof(signed, key.multikey)
    assert refused.value.reason == "signature"
    assert "changed after it was signed" in str(refused.value)
    assert "modifié après sa signature" in refused.value.text("fr")


def test_verify_proof_says_why_it_refuses(key, other_key):
    signed = add_proof(credential(), key, verification_method="did:web:x#key-1")
    cases = {
        "no-proof": (credential(), key.multikey),
        "cryptosuite": ({**signed, "proof": [{**signed["proof"][0], "cryptosuite": "ecdsa-rdfc-2019"}]}, key.multikey),
        "malformed": ({**signed, "proof": {**signed["proof"][0], "proofValue": "u" + signed["proof"][0]["proofValue"]}},
                      key.multikey),
        "signature": (signed, other_key.multikey),
        "key": (signed, "z6LSnotanEd25519key"),
        "context": ({**signed, "@context": [VC2, "https://example.org/ctx"]}, key.multikey),
    }  # fmt: skip
    for reason, (document, public) in cases.items():
        with pytest.raises(ProofError) as refused:
            verify_proof(document, public)
        assert refused.value.reason == reason, (reason, str(refused.value))
        assert isinstance(refused.value, BadgeWorkbenchError)
        assert refused.value.text("fr") != refused.value.text("en")
    # an altered signature character
    value = signed["proof"][0]["proofValue"]
    altered = value[:10] + ("2" if value[10] != "2" else "3") + value[11:]
    with pytest.raises(ProofError, match="does not match"):
        verify_proof({**signed, "proof": [{**signed["proof"][0], "proofValue": altered}]}, key.multikey)


def test_an_rsa_key_cannot_make_a_data_integrity_proof(tmp_path):
    rsa = load_signing_key(generate_key(tmp_path / "rsa.key", "RS256"))
    with pytest.raises(ProofError, match="--proof jwt"):
        add_proof(credential(), rsa, verification_method="did:web:x#key-1")


# --- DIDs -------------------------------------------------------------------------------------------


def test_did_web_follows_the_method_rules():
    assert did_web("https://badges.example.org/cvl/issuers/ml") == "did:web:badges.example.org:cvl:issuers:ml"
    assert did_web("https://example.org") == "did:web:example.org"
    assert did_web("https://example.org:3000/a/") == "did:web:example.org%3A3000:a"
    assert did_web("https://example.org/a%20b/did.json") == "did:web:example.org:a%20b"
    assert did_web_document_url("did:web:example.org%3A3000:a") == "https://example.org:3000/a/did.json"
    assert did_web_document_url(did_web("https://example.org/x/y")) == "https://example.org/x/y/did.json"
    for bad in ("http://example.org/x", "https://example.org/x?y=1", "example.org"):
        with pytest.raises(DidError, match="https://"):
            did_web(bad)
    with pytest.raises(DidError):
        did_web_document_url("did:key:z6Mk")


def test_did_documents_resolve_from_the_export_folder_and_only_then_from_the_network(tmp_path, key):
    base = "https://badges.example.org/cvl"
    did = did_web(f"{base}/issuers/ml")
    document = did_document(did, key.multikey)
    assert document["@context"] == ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"]
    assert document["assertionMethod"] == [f"{did}#key-1"] == [verification_method_id(did)]
    canonical_nquads(document)  # every term is defined by the packaged contexts
    (tmp_path / "issuers" / "ml").mkdir(parents=True)
    (tmp_path / "issuers" / "ml" / "did.json").write_text(json.dumps(document))
    local = export_folder_reader(tmp_path, base)
    fetched: list[str] = []

    def fetch(url):
        fetched.append(url)
        return None

    assert resolve_verification_method(f"{did}#key-1", local=local, fetch=fetch) == (did, key.public_raw)
    assert fetched == []
    with pytest.raises(DidError, match="needs the network"):
        resolve_verification_method(f"{did}#key-1")
    with pytest.raises(DidError, match="cannot be found"):
        resolve_verification_method(f"{did_web(base + '/issuers/other')}#key-1", local=local, fetch=fetch)
    assert fetched == [f"{base}/issuers/other/did.json"]
    with pytest.raises(DidError, match="no such verification method"):
        resolve_verification_method(f"{did}#key-2", local=local)
    # a key the document does not allow to issue credentials
    (tmp_path / "issuers" / "ml" / "did.json").write_text(json.dumps({**document, "assertionMethod": []}))
    with pytest.raises(DidError, match="assertionMethod"):
        resolve_verification_method(f"{did}#key-1", local=local)
    # the reader never leaves the folder
    assert export_folder_reader(tmp_path / "issuers", base)(f"{base}/../ml/did.json") is None


def test_did_key_resolves_locally_and_refuses_other_methods(key):
    did = did_key(key.multikey)
    assert did == f"did:key:{key.multikey}"
    assert resolve_verification_method(verification_method_id(did)) == (did, key.public_raw)
    with pytest.raises(DidError, match="did:key and did:web"):
        resolve_verification_method("did:example:123#key-1")
    with pytest.raises(DidError):
        did_key("z6LSnotakey")


def test_a_signature_is_checked_end_to_end_with_the_resolved_key(tmp_path, key, other_key):
    did = did_key(key.multikey)
    signed = add_proof(credential(did), key, verification_method=verification_method_id(did))
    _, public = resolve_verification_method(proof_verification_method(signed))
    verify_proof(signed, public)
    impostor = add_proof(credential(did), other_key, verification_method=verification_method_id(did))
    _, public = resolve_verification_method(proof_verification_method(impostor))
    with pytest.raises(ProofError, match="another key"):
        verify_proof(impostor, public)


# --- the independent check: Digital Bazaar's reference JavaScript libraries (tests/js) ----------------
#
# CI installs them with `make js-verifier` (a prerequisite of `make test`). Missing, these tests FAIL,
# saying how to install them: a check that silently skipped would prove nothing.

JS_DIR = Path(__file__).resolve().parent / "js"
BASE = "https://badges.example.org/cvl"
MINI = Path(__file__).resolve().parent / "fixtures" / "openbadges" / "cvl-mini"


@pytest.fixture(scope="module")
def js(tmp_path_factory):
    """Run ``node tests/js/verify.mjs COMMAND FILE… [--export FOLDER --base URL]``: one parsed JSON line per file."""
    node = shutil.which("node")
    assert node is not None, (
        "Node.js is missing: install it (Debian: apt-get install nodejs npm), then run make js-verifier"
    )
    assert (JS_DIR / "node_modules" / "@digitalbazaar" / "vc").is_dir(), (
        "the JavaScript reference verifier is not installed: run 'make js-verifier' (npm ci in tests/js)"
    )
    contexts = tmp_path_factory.mktemp("js") / "contexts.json"
    contexts.write_text(json.dumps({url: str(spec_path(url)) for url in CONTEXT_URLS}))

    def run(command: str, *files: Path, folder: Path | None = None) -> list[dict]:
        extra = ["--export", str(folder), "--base", BASE] if folder is not None else []
        done = subprocess.run([node, "verify.mjs", command, *map(str, files), "--contexts", str(contexts), *extra],
                              cwd=JS_DIR, capture_output=True, text=True, timeout=120)  # fmt: skip
        assert done.returncode in (0, 1), done.stdout + done.stderr
        return [json.loads(line) for line in done.stdout.splitlines()]

    return run


def tampered_copies(path: Path, folder: Path) -> dict[str, Path]:
    """One copy of the signed credential at ``path`` per change: a field of the credential, or the proofValue."""
    original = json.loads(path.read_text("utf-8"))

    def proof_value(c):
        value = c["proof"][0]["proofValue"]
        c["proof"][0]["proofValue"] = value[:-6] + ("A" if value[-6] != "A" else "B") + value[-5:]

    def other_subject(c):
        if "achievement" in c["credentialSubject"]:  # an award: another achievement
            c["credentialSubject"]["achievement"]["name"] = "Autre badge"
        else:  # an endorsement: of another badge
            c["credentialSubject"]["id"] = c["credentialSubject"]["id"].replace(".json", "-2.json")

    changes = {
        "name": lambda c: c.__setitem__("name", c["name"] + " (copie)"),
        "validFrom": lambda c: c.__setitem__("validFrom", "2020-01-01T00:00:00Z"),
        "credentialSubject": lambda c: c["credentialSubject"].__setitem__("type", ["AchievementSubject", "Profile"]),
        "what it is about": other_subject,
        "issuer name": lambda c: c["issuer"].__setitem__("name", "Usurpateur"),
        "proofValue": proof_value,
    }
    copies = {}
    for name, change in changes.items():
        copy_ = copy.deepcopy(original)
        change(copy_)
        target = folder / f"tampered-{name.replace(' ', '-')}.json"
        target.write_text(json.dumps(copy_, ensure_ascii=False), "utf-8")
        copies[name] = target
    return copies


@pytest.fixture(scope="module")
def signed_site(tmp_path_factory, key):
    """The mini framework exported and awarded, Data Integrity-signed with did:web, in one published folder."""
    from badgeworkbench.files import load_framework
    from badgeworkbench.openbadges import award_badges, export_framework, write_export
    from badgeworkbench.openbadges.issuing import SigningPlan

    folder = tmp_path_factory.mktemp("site")
    framework = load_framework(MINI)
    out = write_export(export_framework(framework, BASE, signing=SigningPlan(key, "di", "web")), folder / "site")
    earners = folder / "earners.csv"
    earners.write_text(
        "identifier,badge,date\nalice@example.org,accueil,2026-04-01\nbob@example.org,commis,2026-04-02\n"
    )
    result = award_badges(framework, earners, BASE, signing_key=key)
    write_export(result, out, merge=True)
    return out, result


def test_the_reference_libraries_verify_our_award_and_reject_every_tampered_copy(js, signed_site, tmp_path, key):
    out, result = signed_site
    credential = out / result.awards[0].files[2]
    assert credential.suffix == ".json" and not credential.with_suffix(".jwt").exists()
    data = json.loads(credential.read_text("utf-8"))
    assert data["issuer"]["id"].startswith("did:web:badges.example.org:cvl:issuers:")
    copies = tampered_copies(credential, tmp_path)
    verdicts = js("verify", credential, *copies.values(), folder=out)
    assert verdicts[0] == {"verified": True, "error": None}
    for (name, path), verdict in zip(copies.items(), verdicts[1:], strict=True):
        assert verdict["verified"] is False, name
        assert verdict["error"], name
        with pytest.raises(ProofError):  # and our own check agrees
            verify_proof(json.loads(path.read_text("utf-8")), key.multikey)
    # the baked OB 3.0 image holds the same signed credential
    from badgeworkbench.openbadges import unbake

    baked = next(f for f in result.awards[0].files if "ob3-baked" in f)
    assert unbake((out / baked).read_bytes()).data == data


def test_the_reference_libraries_verify_our_endorsements_with_did_web_and_did_key(js, signed_site, tmp_path, key):
    from badgeworkbench.files import load_framework
    from badgeworkbench.openbadges import export_framework, write_export
    from badgeworkbench.openbadges.issuing import SigningPlan

    out, _ = signed_site
    endorsements = sorted((out / "ob3" / "endorsements").glob("*.json"))
    assert len(endorsements) == 3  # commis: resto + ligue; accueil: resto
    assert (out / "issuers" / "resto" / "did.json").is_file()
    did_doc = json.loads((out / "issuers" / "resto" / "did.json").read_text())
    assert did_doc["id"] == "did:web:badges.example.org:cvl:issuers:resto"
    assert did_doc["alsoKnownAs"] == [f"{BASE}/ob3/profiles/resto.json"]
    assert all(json.loads(p.read_text())["issuer"]["id"].startswith("did:web:") for p in endorsements)
    assert js("verify", *endorsements, folder=out) == [{"verified": True, "error": None}] * 3
    # a changed DID document (another key) makes them fail: the key really comes from the published document
    other = tmp_path / "other-site"
    shutil.copytree(out, other)
    forged = did_document(did_doc["id"], load_signing_key(generate_key(tmp_path / "forger.key")).multikey)
    (other / "issuers" / "resto" / "did.json").write_text(json.dumps(forged))
    resto = [p for p in endorsements if p.name.endswith("--resto.json")]
    assert all(not v["verified"] for v in js("verify", *(other / p.relative_to(out) for p in resto), folder=other))

    keyed = write_export(
        export_framework(load_framework(MINI), BASE, only={"ob3"}, signing=SigningPlan(key, "di", "key")),
        tmp_path / "did-key",
    )
    keyed_endorsements = sorted((keyed / "ob3" / "endorsements").glob("*.json"))
    assert not (keyed / "issuers").exists()  # did:key: nothing to publish
    assert {json.loads(p.read_text())["issuer"]["id"] for p in keyed_endorsements} == {did_key(key.multikey)}
    assert js("verify", *keyed_endorsements) == [{"verified": True, "error": None}] * 3
    copies = tampered_copies(keyed_endorsements[0], tmp_path)
    assert not any(v["verified"] for v in js("verify", *copies.values()))


def test_our_verify_proof_accepts_what_the_reference_libraries_sign(js, tmp_path):
    unsigned = tmp_path / "unsigned.json"
    unsigned.write_text(json.dumps(credential()))
    (made,) = js("sign", unsigned)
    signed = made["credential"]
    assert signed["proof"]["cryptosuite"] == "eddsa-rdfc-2022"  # the libraries write a single proof object
    controller, public = resolve_verification_method(proof_verification_method(signed))
    assert controller == signed["issuer"]["id"] == did_key(made["publicKeyMultibase"])
    verify_proof(signed, public)
    verify_proof(signed, made["publicKeyMultibase"])
    for change in ("name", "validFrom"):
        altered = {**signed, change: "2020-01-01T00:00:00Z"}
        with pytest.raises(ProofError, match="changed after it was signed"):
            verify_proof(altered, public)


def test_an_undefined_type_is_refused_rather_than_silently_dropped(key):
    """RDF leaves out a type the contexts do not define: it must be refused, or it could change unnoticed."""
    document = credential()
    document["credentialSchema"] = [{"id": "https://example.org/schema.json", "type": "1EdTechJsonSchemaValidator2019"}]
    with pytest.raises(ProofError, match="1EdTechJsonSchemaValidator2019") as refused:
        add_proof(document, key, verification_method="did:key:x#x")
    assert refused.value.reason == "context"
    # with the OB 3.0 extensions context that defines it, it is signed, and covered
    document["@context"] = [*document["@context"], "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"]
    signed = add_proof(document, key, verification_method="did:key:x#x")
    signed["credentialSchema"][0]["type"] = "1EdTechRevocationList"
    with pytest.raises(ProofError, match="changed after it was signed"):
        verify_proof(signed, key.multikey)


def test_a_signed_export_passes_check_export_and_an_unsigned_one_says_what_to_sign(signed_site, tmp_path, key):
    from badgeworkbench.files import load_framework
    from badgeworkbench.openbadges import check_export, export_framework, write_export
    from badgeworkbench.openbadges.issuing import SigningPlan

    from .conftest import official_schemas

    out, _ = signed_site
    assert check_export(out, shared=official_schemas()).problems == []
    framework = load_framework(MINI)
    unsigned = export_framework(framework, BASE)
    notes = [p for p in unsigned.report.problems if p.code == "unsigned-endorsements"]
    assert len(notes) == 1 and notes[0].severity.value == "info"
    assert "give --sign-key KEY to sign the 3 endorsements" in notes[0].text("en")
    assert "--sign-key" in notes[0].text("fr") and "3 approbations" in notes[0].text("fr")
    signed = export_framework(framework, BASE, signing=SigningPlan(key))
    assert not [p for p in signed.report.problems if p.code == "unsigned-endorsements"]
    # the same framework and key give the same bytes (Ed25519 is deterministic, 'created' is the credential's date)
    assert export_framework(framework, BASE, signing=SigningPlan(key)).files == signed.files
    # VC-JWT: a .jwt beside each endorsement, no DID documents
    jwt = export_framework(framework, BASE, only={"ob3"}, signing=SigningPlan(key, "jwt"))
    assert len(jwt.paths("ob3/endorsements/")) == 6 and not jwt.paths("issuers/")
    # re-exporting without a key keeps the published DID documents: awarded credentials keep verifying
    site = write_export(signed, tmp_path / "site")
    did_json = (site / "issuers" / "resto" / "did.json").read_bytes()
    write_export(unsigned, site)
    assert (site / "issuers" / "resto" / "did.json").read_bytes() == did_json


@pytest.fixture
def run():
    from click.testing import CliRunner

    from badgeworkbench.cli import main

    runner = CliRunner()
    return lambda *args: runner.invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_the_cli_signs_exports_and_refuses_an_rsa_key_for_data_integrity(run, tmp_path):
    key = tmp_path / "issuer.key"
    assert run("keygen", key).exit_code == 0
    out = tmp_path / "site"
    result = run("export", MINI, "--base-url", BASE, "--out", out, "--sign-key", key, "--did", "key")
    assert result.exit_code == 0, result.output
    endorsement = json.loads(next((out / "ob3" / "endorsements").glob("*.json")).read_text())
    assert endorsement["issuer"]["id"].startswith("did:key:z6Mk")
    _, public = resolve_verification_method(proof_verification_method(endorsement))
    verify_proof(endorsement, public)
    unsigned = run("export", MINI, "--base-url", BASE, "--out", tmp_path / "plain")
    assert unsigned.exit_code == 0 and "give --sign-key KEY to sign the 3 endorsements" in unsigned.output
    rsa = tmp_path / "rsa.key"
    assert run("keygen", rsa, "--algorithm", "RS256").exit_code == 0
    refused = run("export", MINI, "--base-url", BASE, "--out", tmp_path / "r", "--sign-key", rsa)
    assert refused.exit_code == 1 and "--proof jwt" in refused.output and "Traceback" not in refused.output
    assert run("export", MINI, "--base-url", BASE, "--out", tmp_path / "r", "--sign-key", rsa,
               "--proof", "jwt").exit_code == 0  # fmt: skip
    http = run("export", MINI, "--base-url", "http://localhost:8000/cvl", "--out", tmp_path / "h", "--sign-key", key)
    assert http.exit_code == 1 and "did:web needs an https:// base URL" in http.output and "--did key" in http.output
    assert not (tmp_path / "h").exists()


@pytest.mark.parametrize("proof", ["di", "jwt"])
def test_the_example_signed_both_ways_passes_check_export_and_the_reference_libraries(js, key, tmp_path, proof):
    """The acceptance point: export and awards of the example, signed, with no failure anywhere."""
    from badgeworkbench.files import load_framework
    from badgeworkbench.openbadges import award_badges, check_export, export_framework, write_export
    from badgeworkbench.openbadges.issuing import SigningPlan

    from .conftest import EXAMPLE, official_schemas

    framework = load_framework(EXAMPLE)
    result = export_framework(framework, BASE, signing=SigningPlan(key, proof))
    assert not [p for p in result.report.problems if p.code == "unsigned-endorsements"]
    out = write_export(result, tmp_path / "site")
    adopted = [b.id for b in framework.badges if b.status == "adopted"][:4]
    earners = tmp_path / "earners.csv"
    earners.write_text("identifier,badge,date\n" + "".join(f"e{i}@example.org,{b},2026-05-0{i + 1}\n"
                                                          for i, b in enumerate(adopted)))  # fmt: skip
    awarded = award_badges(framework, earners, BASE, signing_key=key, proof=proof)
    write_export(awarded, out, merge=True)
    assert check_export(out, shared=official_schemas()).problems == []
    endorsements = sorted((out / "ob3" / "endorsements").glob("*.json"))
    credentials = sorted((out / "ob3" / "credentials").glob("*.json"))
    assert len(endorsements) >= 20 and len(credentials) == 4
    if proof == "jwt":
        assert len(list((out / "ob3" / "endorsements").glob("*.jwt"))) == len(endorsements)
        return
    verdicts = js("verify", *endorsements, *credentials, folder=out)
    assert verdicts == [{"verified": True, "error": None}] * (len(endorsements) + len(credentials))

"""Data Integrity proofs (eddsa-rdfc-2022), DIDs and the offline JSON-LD loader.

The Python side checks itself here; the JavaScript reference libraries check it independently in the
tests further down (``tests/js``, installed by ``make js-verifier``).
"""

from __future__ import annotations

import copy
import json

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
from badgeworkbench.openbadges.jsonld import canonical_nquads, document_loader
from badgeworkbench.openbadges.signing import generate_key, load_signing_key

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

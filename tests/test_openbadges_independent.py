"""Validators written by others accept every file of the example's export and awards, and agree with check-export.

Four judges that share no code with ``check-export``:

(a) 1EdTech's Open Badges 2.0 validator (PyPI ``openbadges``, openbadges-validator-core), run offline
    in its own venv (``make ob2-validator``; built here when missing) through
    ``tests/independent/ob2_validate.py``: every OB 2.0 Assertion, BadgeClass, Issuer and Endorsement
    by its URL, and every baked OB 2.0 image, the export folder answering for the base URL;
(b) the official OB 3.0 JSON Schemas (``badgeworkbench/specdata``, unmodified) applied with plain
    ``jsonschema`` to every OB 3.0 JSON file, VC-JWT payload and baked OB 3.0 payload (read back with
    openbadgeslib's unbaker), the schema picked from the document's own ``type``;
(c) ``openbadgeslib`` (PyPI), another OB 3.0 implementation: its VC-JWT verifier, its Data Integrity
    ``eddsa-rdfc-2022`` verifier (which also holds the JSON to the compacted form of what was signed)
    and its credential model, on every credential and endorsement, the keys and DID documents read from
    the export folder;
(d) Digital Bazaar's JavaScript libraries (``tests/js/conformance.mjs``, installed by ``make js-verifier``):
    jsonld.js expansion in safe mode on every OB 3.0 JSON file (a term or type no context defines is an
    error), and ``@digitalbazaar/vc``'s credential checks on every Verifiable Credential.

Each runs on three publications of the example (export, then awards merged into it): unsigned,
signed as VC-JWT, and signed with Data Integrity proofs (did:web). Then hostile mutations, one
defect each: the judges reject each one, and so does ``check-export`` (agreement both ways).
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from badgeworkbench.files import load_framework
from badgeworkbench.openbadges import check_export, export_framework, write_export
from badgeworkbench.openbadges.award import EarnerRow, award_badges
from badgeworkbench.openbadges.issuing import SigningPlan
from badgeworkbench.openbadges.signing import generate_key, load_signing_key

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "frameworks" / "parcours-cvl"
SPECDATA = ROOT / "badgeworkbench" / "specdata"
BASE = "https://badges.example.org/cvl"
RUNNER = ROOT / "tests" / "independent" / "ob2_validate.py"
OB2_VALIDATOR = Path(os.environ.get("OB2_VALIDATOR", ROOT / ".venv-ob2validator"))
KINDS = ("unsigned", "jwt", "di")

pytestmark = pytest.mark.slow


# --- the publications ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def example():
    return load_framework(EXAMPLE)


@pytest.fixture(scope="module")
def key(tmp_path_factory):
    return load_signing_key(generate_key(tmp_path_factory.mktemp("keys") / "issuer.key"))


def publish(framework, folder: Path, kind: str, key) -> Path:
    """The example exported to ``folder``, then four awards merged into it, signed as ``kind`` says."""
    plan = None if kind == "unsigned" else SigningPlan(key, kind)
    write_export(export_framework(framework, BASE, signing=plan), folder)
    adopted = [b.id for b in framework.badges if b.status == "adopted"]
    rows = [EarnerRow(i + 2, f"earner{i}@example.org", badge, f"2026-05-0{i + 1}")
            for i, badge in enumerate(adopted[:4])]  # fmt: skip
    signing = {} if plan is None else {"signing_key": key, "proof": kind}
    awards = award_badges(framework, rows, BASE, **signing)
    assert len(awards.awards) == 4
    write_export(awards, folder, merge=True)
    return folder


@pytest.fixture(scope="module", params=KINDS)
def published(request, example, key, tmp_path_factory) -> Path:
    return publish(example, tmp_path_factory.mktemp(request.param) / "site", request.param, key)


# --- (a) the OB 2.0 validator --------------------------------------------------------------------


@pytest.fixture(scope="session")
def ob2_validator() -> Path:
    """The validator's venv; built from tests/independent/ob2-validator.txt when missing (as make does)."""
    python = OB2_VALIDATOR / "bin" / "python"
    if subprocess.run([str(python), "-c", "import openbadges"], capture_output=True).returncode if python.exists() \
            else True:  # fmt: skip
        built = subprocess.run(
            f'"{sys.executable}" -m venv "{OB2_VALIDATOR}" && "{python}" -m pip install --quiet --no-deps '
            f'-r "{ROOT / "tests" / "independent" / "ob2-validator.txt"}"',
            shell=True, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        if built.returncode != 0:  # CI must run it: fail, never skip
            pytest.fail(f"could not install the OB 2.0 validator (make ob2-validator): {built.stderr[-2000:]}")
    return python


def ob2_targets(folder: Path) -> list[str]:
    """Every OB 2.0 document of the folder by the URL it is published at, and every baked OB 2.0 image."""
    documents = [f"{BASE}/{p.relative_to(folder).as_posix()}"
                 for part in ("assertions", "badges", "issuers", "endorsements")
                 for p in sorted((folder / "ob2" / part).glob("*.json"))]  # fmt: skip
    return documents + [str(p) for p in sorted(folder.glob("awards/*-ob2-baked.*"))]


def run_ob2_validator(python: Path, folder: Path, targets: list[str]) -> dict[str, Any]:
    context = SPECDATA / "openbadges" / "ob_v2p0" / "v2" / "context.json"
    done = subprocess.run([str(python), str(RUNNER), str(folder), BASE, str(context), *targets],
                          capture_output=True, text=True, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    assert answer["refused"] == [], f"the validator tried to leave the machine: {answer['refused']}"
    return answer["results"]


# --- (b) the official OB 3.0 JSON Schemas, with plain jsonschema ----------------------------------


@pytest.fixture(scope="module")
def schemas() -> dict[str, Any]:
    from jsonschema import Draft201909Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT201909

    folder = SPECDATA / "openbadges" / "ob_v3p0" / "schema"
    loaded = {name: json.loads((folder / f"{name}.json").read_text("utf-8"))
              for name in ("achievementcredential", "endorsementcredential", "profile")}  # fmt: skip
    registry = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema, default_specification=DRAFT201909)) for schema in loaded.values()
    )
    achievement = {"$ref": loaded["achievementcredential"]["$id"] + "#/$defs/Achievement"}
    checker = Draft201909Validator.FORMAT_CHECKER
    return {
        "credential": Draft201909Validator(loaded["achievementcredential"], registry=registry, format_checker=checker),
        "endorsement": Draft201909Validator(loaded["endorsementcredential"], registry=registry, format_checker=checker),
        "profile": Draft201909Validator(loaded["profile"], registry=registry, format_checker=checker),
        "achievement": Draft201909Validator(achievement, registry=registry, format_checker=checker),
    }


def schema_name(doc: Any) -> str | None:
    """Which official schema a document answers to, from its own ``type``; None for what OB 3.0 does not define."""
    types = doc.get("type") if isinstance(doc, dict) else None
    types = set(types if isinstance(types, list) else [types])
    if "EndorsementCredential" in types:
        return "endorsement"
    if types & {"OpenBadgeCredential", "AchievementCredential"}:
        return "credential"
    if "Achievement" in types:
        return "achievement"
    if "Profile" in types:
        return "profile"
    return None


def _b64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def ob3_documents(folder: Path) -> dict[str, Any]:
    """Every OB 3.0 document of the folder: JSON files, VC-JWT payloads, baked OB 3.0 payloads (openbadgeslib's unbaker)."""
    from openbadgeslib.baking import ITXT_KEYWORD_OB3, SVG_ELEMENT_OB3, extract_png, extract_svg

    found: dict[str, Any] = {}
    for path in sorted(folder.glob("ob3/**/*")):
        rel = path.relative_to(folder).as_posix()
        if path.suffix == ".json":
            found[rel] = json.loads(path.read_text("utf-8"))
        elif path.suffix == ".jwt":
            found[rel] = json.loads(_b64(path.read_text().strip().split(".")[1]))
    for path in sorted(folder.glob("awards/*-ob3-baked.*")):
        data = path.read_bytes()
        payload = extract_png(data, keyword=ITXT_KEYWORD_OB3) if path.suffix == ".png" else \
            extract_svg(data, element=SVG_ELEMENT_OB3, text_fallback=True)  # fmt: skip
        assert payload, f"no OB 3.0 payload baked in {path.name}"
        payload = payload.strip()
        found[path.relative_to(folder).as_posix()] = (
            json.loads(payload) if payload.startswith("{") else json.loads(_b64(payload.split(".")[1]))
        )
    return found


def schema_errors(schemas: dict[str, Any], doc: Any) -> list[str]:
    name = schema_name(doc)
    if name is None:
        return []
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in schemas[name].iter_errors(doc)]


# --- (c) openbadgeslib -------------------------------------------------------------------------------


def local_download(folder: Path) -> Callable[[str], bytes]:
    """openbadgeslib's ``download`` hook, answered from the export folder; anything else is refused."""

    def download(url: str, *args: Any, **kwargs: Any) -> bytes:
        path = folder / url.removeprefix(BASE + "/")
        if url.startswith(BASE + "/") and path.is_file():
            return path.read_bytes()
        raise ValueError(f"offline: {url} is not in the export folder")

    return download


def _pem(jwk: dict[str, str]) -> bytes:
    from cryptography.hazmat.primitives.asymmetric import ed25519
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    key = ed25519.Ed25519PublicKey.from_public_bytes(_b64(jwk["x"]))
    return key.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)


def openbadgeslib_verdict(folder: Path, path: Path) -> str | None:
    """None when openbadgeslib accepts the credential file ``path``, else its reason; endorsements that are
    unsigned JSON are not judged (openbadgeslib has no model for them)."""
    from openbadgeslib.ob3.credential import OpenBadgeCredential
    from openbadgeslib.ob3.did import resolve_verification_method
    from openbadgeslib.ob3.ldp import OB3LdpVerifier, verify_data_integrity_proof
    from openbadgeslib.ob3.verifier import OB3Verifier, verify_endorsement_jwt

    download = local_download(folder)
    try:
        if path.suffix == ".jwt":
            token = path.read_text().strip()
            header, payload = (json.loads(_b64(part)) for part in token.split(".")[:2])
            pem = _pem(json.loads(download(header["kid"])))
            if "EndorsementCredential" in payload.get("type", []):
                verify_endorsement_jwt(token, endorser_pubkey_pem=pem)
            else:
                OB3Verifier(pem).verify(token)
            return None
        doc = json.loads(path.read_text("utf-8"))
        endorsement = "EndorsementCredential" in doc.get("type", [])
        if "proof" in doc and endorsement:
            proofs = doc["proof"] if isinstance(doc["proof"], list) else [doc["proof"]]
            verify_data_integrity_proof(doc, resolve_verification_method(proofs[0]["verificationMethod"], download))
        elif "proof" in doc:
            OB3LdpVerifier().verify(doc, download=download)
        elif not endorsement:
            OpenBadgeCredential.from_vc_document(doc)
        return None
    except Exception as error:  # whatever it refuses with, it is a refusal
        return f"{type(error).__name__}: {error}"


def credential_files(folder: Path) -> list[Path]:
    found = []
    for path in sorted(folder.glob("ob3/**/*")):
        if path.suffix == ".jwt":
            found.append(path)
        elif path.suffix == ".json" and schema_name(json.loads(path.read_text("utf-8"))) in (
            "credential",
            "endorsement",
        ):
            found.append(path)
    return found


# --- (d) jsonld.js safe mode and @digitalbazaar/vc -----------------------------------------------------

JS_DIR = ROOT / "tests" / "js"


@pytest.fixture(scope="session")
def js_conformance(tmp_path_factory) -> Callable[[list[Path]], list[dict[str, Any]]]:
    from badgeworkbench.openbadges.jsonld import CONTEXT_URLS
    from badgeworkbench.specdata import spec_path

    node = shutil.which("node")
    assert node is not None, (
        "Node.js is missing: install it (Debian: apt-get install nodejs npm), then make js-verifier"
    )
    assert (JS_DIR / "node_modules" / "jsonld").is_dir(), "run 'make js-verifier' (npm ci in tests/js)"
    contexts = tmp_path_factory.mktemp("js") / "contexts.json"
    contexts.write_text(json.dumps({url: str(spec_path(url)) for url in CONTEXT_URLS}))

    def run(files: list[Path]) -> list[dict[str, Any]]:
        done = subprocess.run([node, "conformance.mjs", *map(str, files), "--contexts", str(contexts)],
                              cwd=JS_DIR, capture_output=True, text=True, timeout=600)  # fmt: skip
        lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
        assert len(lines) == len(files), done.stderr[-2000:]
        return lines

    return run


def ob3_json_files(folder: Path) -> list[Path]:
    """Every OB 3.0 JSON-LD file of the folder (not the JWKs, the 1EdTech revocation lists nor the DID documents)."""
    return [p for p in sorted(folder.glob("ob3/**/*.json")) if schema_name(json.loads(p.read_text("utf-8")))]


# --- acceptance: 0 failures -------------------------------------------------------------------------


def test_check_export_finds_nothing_wrong(published):
    report = check_export(published)
    assert not report.errors and not report.warnings, report.to_table("en")
    if published.parent.name.startswith("unsigned"):
        assert {p.code for p in report.problems} <= {"unsigned"}  # infos: made without a key, and said
    else:
        assert report.problems == [], report.to_table("en")


def test_the_ob2_validator_accepts_every_ob2_file(published, ob2_validator):
    targets = ob2_targets(published)
    assert sum("/assertions/" in t for t in targets) == 4 and sum("-ob2-baked" in t for t in targets) == 4
    results = run_ob2_validator(ob2_validator, published, targets)
    assert set(results) == set(targets)
    failed = {target: result["errors"] for target, result in results.items() if not result["valid"]}
    assert failed == {}


def test_the_official_schemas_accept_every_ob3_file(published, schemas):
    documents = ob3_documents(published)
    judged = {rel for rel, doc in documents.items() if schema_name(doc) is not None}
    # Every file is judged but the revocation lists (1EdTech's, no OB 3.0 schema), the JWK and DID documents.
    assert {rel for rel in documents if rel not in judged} == {
        rel
        for rel in documents
        if rel.startswith(("ob3/revocations/", "ob3/status/", "ob3/keys/")) or rel.endswith("did.json")
    }
    assert {r.split("/")[1] for r in judged if r.startswith("ob3/")} >= {"achievements", "profiles", "endorsements",
                                                                        "credentials"}  # fmt: skip
    assert sum(r.startswith("awards/") for r in judged) == 4
    failed = {rel: errors for rel in sorted(judged) if (errors := schema_errors(schemas, documents[rel]))}
    assert failed == {}


def test_openbadgeslib_accepts_every_credential(published):
    files = credential_files(published)
    assert sum(p.parent.name == "credentials" for p in files) >= 4
    refused = {p.relative_to(published).as_posix(): verdict for p in files
               if (verdict := openbadgeslib_verdict(published, p)) is not None}  # fmt: skip
    assert refused == {}


def test_the_javascript_libraries_accept_every_ob3_file(published, js_conformance):
    files = ob3_json_files(published)
    assert {p.parent.name for p in files} >= {"achievements", "profiles", "endorsements", "credentials"}
    refused = {p.relative_to(published).as_posix(): line["error"] for p, line in zip(files, js_conformance(files))
               if not line["ok"]}  # fmt: skip
    # Keys live in DID documents and JWK files, never in a Profile (no context defines verificationMethod):
    # every OB 3.0 file, Profiles of signing issuers included, passes safe mode.
    assert refused == {}


# --- hostile mutations: one defect each, rejected by the judges and by check-export ----------------


def _first(folder: Path, pattern: str) -> Path:
    return sorted(folder.glob(pattern))[0]


def _edit_json(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    doc = json.loads(path.read_text("utf-8"))
    change(doc)
    path.write_text(json.dumps(doc), "utf-8")


def _edit_jwt_payload(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    head, payload, signature = path.read_text().strip().split(".")
    claims = json.loads(_b64(payload))
    change(claims)
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    path.write_text(f"{head}.{forged}.{signature}")


#: (name, publication, file pattern, change, how the file is edited, the judges that must reject it)
OB2_MUTATIONS = [
    ("assertion identity not hashed", "ob2/assertions/*.json", lambda d: d["recipient"].update(identity="a@b.org")),
    ("assertion date without a zone", "ob2/assertions/*.json", lambda d: d.update(issuedOn="2026-05-01")),
    ("assertion without a badge", "ob2/assertions/*.json", lambda d: d.pop("badge")),
    ("badge class without criteria", "ob2/badges/*.json", lambda d: d.pop("criteria")),
    ("badge class without a name", "ob2/badges/*.json", lambda d: d.pop("name")),
    ("alignment without targetUrl", "ob2/badges/*.json", lambda d: d.update(alignment=[{"targetName": "x"}])),
    ("issuer without url", "ob2/issuers/*.json", lambda d: d.pop("url")),
    ("issuer url not a URL", "ob2/issuers/*.json", lambda d: d.update(url="not a url")),
    ("endorsement without issuer", "ob2/endorsements/*.json", lambda d: d.pop("issuer")),
]


@pytest.fixture(scope="module")
def unsigned_site(example, key, tmp_path_factory) -> Path:
    return publish(example, tmp_path_factory.mktemp("unsigned-mutations") / "site", "unsigned", key)


@pytest.fixture
def copy_of(tmp_path) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        return Path(shutil.copytree(folder, tmp_path / "copy"))

    return make


def check_export_rejects(folder: Path, rel: str) -> set[str]:
    codes = {p.code for p in check_export(folder).errors if p.file == rel}
    assert codes, f"check-export accepts the mutated {rel}"
    return codes


@pytest.mark.parametrize(("name", "pattern", "change"), OB2_MUTATIONS, ids=[m[0] for m in OB2_MUTATIONS])
def test_ob2_mutations_are_rejected_by_both(name, pattern, change, unsigned_site, copy_of, ob2_validator):
    site = copy_of(unsigned_site)
    target = _first(site, pattern)
    rel = target.relative_to(site).as_posix()
    assert run_ob2_validator(ob2_validator, site, [f"{BASE}/{rel}"])[f"{BASE}/{rel}"]["valid"]  # before: both accept
    assert not [p for p in check_export(site).errors if p.file == rel]
    _edit_json(target, change)
    result = run_ob2_validator(ob2_validator, site, [f"{BASE}/{rel}"])[f"{BASE}/{rel}"]
    assert not result["valid"], f"the OB 2.0 validator accepts: {name}"
    check_export_rejects(site, rel)


def _credential(site: Path) -> Path:
    return _first(site, "ob3/credentials/*.json")


OB3_MUTATIONS: list[tuple[str, str, Callable[[Path], Path], Callable[[dict[str, Any]], None], set[str]]] = [
    ("credential without a recipient", "unsigned", _credential,
     lambda d: d["credentialSubject"].pop("identifier"), {"openbadgeslib"}),
    ("credential without validFrom", "unsigned", _credential, lambda d: d.pop("validFrom"), {"schema"}),
    ("credential type as a bare string", "unsigned", _credential, lambda d: d.update(type="OpenBadgeCredential"),
     {"schema", "js"}),
    ("credential without an issuer", "unsigned", _credential, lambda d: d.pop("issuer"),
     {"schema", "openbadgeslib", "js"}),
    ("alignments instead of alignment", "unsigned", lambda s: _first(s, "ob3/achievements/*.json"),
     lambda d: d.update(alignments=d.pop("alignment")), {"js"}),
    ("a property no context defines", "unsigned", lambda s: _first(s, "ob3/endorsements/*.json"),
     lambda d: d["credentialSubject"].update(endorsementComments="Typo."), {"js"}),
    ("achievement image as a bare string", "unsigned", lambda s: _first(s, "ob3/achievements/*.json"),
     lambda d: d.update(image=d["image"]["id"]), {"schema"}),
    ("alignment targetType outside the spec", "unsigned", lambda s: _first(s, "ob3/achievements/*.json"),
     lambda d: d["alignment"][0].update(targetType="ROME"), {"schema"}),
    ("endorsement without a subject", "unsigned", lambda s: _first(s, "ob3/endorsements/*.json"),
     lambda d: d.pop("credentialSubject"), {"schema"}),
    ("profile without an id", "unsigned", lambda s: _first(s, "ob3/profiles/*.json"), lambda d: d.pop("id"), {"schema"}),
    ("signed credential changed after signing", "di", _credential,
     lambda d: d.update(name=d["name"] + " (modifié)"), {"openbadgeslib"}),
    ("signed endorsement changed after signing", "di", lambda s: _first(s, "ob3/endorsements/*.json"),
     lambda d: d["credentialSubject"].update(endorsementComment="Changed."), {"openbadgeslib"}),
    ("VC-JWT payload changed after signing", "jwt", lambda s: _first(s, "ob3/credentials/*.jwt"),
     lambda d: d.update(name=d["name"] + " (modifié)"), {"openbadgeslib"}),
]  # fmt: skip


@pytest.fixture(scope="module")
def signed_sites(example, key, tmp_path_factory, unsigned_site) -> dict[str, Path]:
    sites = {"unsigned": unsigned_site}
    for kind in ("jwt", "di"):
        sites[kind] = publish(example, tmp_path_factory.mktemp(f"{kind}-mutations") / "site", kind, key)
    return sites


@pytest.mark.parametrize(("name", "kind", "pick", "change", "judges"), OB3_MUTATIONS, ids=[m[0] for m in OB3_MUTATIONS])
def test_ob3_mutations_are_rejected_by_both(name, kind, pick, change, judges, signed_sites, copy_of, schemas,
                                           js_conformance):  # fmt: skip
    site = copy_of(signed_sites[kind])
    target = pick(site)
    rel = target.relative_to(site).as_posix()
    read = (lambda: json.loads(_b64(target.read_text().strip().split(".")[1]))) if target.suffix == ".jwt" else \
        (lambda: json.loads(target.read_text("utf-8")))  # fmt: skip
    # before: every judge and check-export accept the file
    assert schema_errors(schemas, read()) == []
    if "openbadgeslib" in judges:
        assert openbadgeslib_verdict(site, target) is None
    if "js" in judges:
        assert js_conformance([target])[0]["ok"]
    assert not [p for p in check_export(site).errors if p.file == rel]
    (_edit_jwt_payload if target.suffix == ".jwt" else _edit_json)(target, change)
    if "schema" in judges:
        assert schema_errors(schemas, read()), f"the official schema accepts: {name}"
    if "openbadgeslib" in judges:
        assert openbadgeslib_verdict(site, target) is not None, f"openbadgeslib accepts: {name}"
    if "js" in judges:
        assert not js_conformance([target])[0]["ok"], f"the JavaScript libraries accept: {name}"
    check_export_rejects(site, rel)

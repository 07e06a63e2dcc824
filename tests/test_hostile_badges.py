"""Nothing lost, nothing leaked, for the commands that handle issued badges: ``verify``, ``revoke``,
``export --sign-key``, ``reference add``, ``import-badges`` and ``import case``.

The same promises as :mod:`tests.test_hostile_inputs` (its :func:`violations`): a documented exit code,
one ``Error:`` sentence and never a traceback, not one byte changed outside what the command documents
writing (the whole tree is hashed before and after). Besides, what each command must conclude:

- ``verify`` never calls a damaged, altered or forged badge genuine (exit 0), whatever the field, the
  JWT segment or the file planted beside it in the export folder;
- ``revoke`` refuses (exit 1, nothing written) when the status list, the allocation or the hosted
  assertion it must rewrite is damaged, planted or a link out of the folder;
- ``--sign-key`` refuses every key file but a private Ed25519/RSA key only its owner can read, before
  writing anything.

The awards are made once per session (a signed Data Integrity folder, and an export awarded into with
VC-JWT signatures); each example works on a copy.
"""

from __future__ import annotations

import atexit
import base64
import csv
import io
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from . import hostile
from .hostile import Scene
from .test_hostile_inputs import BASE_URL, HOSTILE, Command, run_command, run_in_process, run_subprocess, violations

ROOT = Path(__file__).resolve().parents[1]
REFERENCES = ROOT / "tests" / "fixtures" / "interop" / "references"
CASE_PACKAGE = ROOT / "tests" / "fixtures" / "interop" / "case" / "cass-case-1.1.json"


# --- awards made once ---------------------------------------------------------------------------------


@cache
def _workshop() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="hostile-badges-"))
    atexit.register(shutil.rmtree, folder, True)
    (folder / "earners.csv").write_text(hostile.EARNERS_CSV, encoding="utf-8")
    for name, algorithm in (("ed.key", "EdDSA"), ("rsa.key", "RS256"), ("other.key", "EdDSA")):
        code, _, err, escaped = run_in_process(["keygen", str(folder / name), "--algorithm", algorithm])
        assert code == 0 and escaped is None, err
    return folder


def _award(out: Path, *extra: str) -> None:
    args = ["award", str(hostile.EXAMPLE), "--earners", str(_workshop() / "earners.csv"), "--base-url", BASE_URL]
    code, _, err, escaped = run_in_process([*args, "--out", str(out), *extra])
    assert code == 0 and escaped is None, err


#: A plain SVG to bake into (the awards are baked into PNGs; verify reads both).
PLAIN_SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>\n'


@cache
def di_awards() -> Path:
    """Two awards signed with Data Integrity (did:web): status list signed, DID documents under issuers/; each
    credential also baked into an SVG beside its PNG."""
    from badgeworkbench.openbadges import bake

    out = _workshop() / "di"
    _award(out, "--sign-key", str(_workshop() / "ed.key"))
    for award in award_ids(out):
        credential = (out / "ob3" / "credentials" / f"{award}.json").read_text("utf-8")
        (out / "awards" / f"{award}-ob3-baked.svg").write_bytes(bake(PLAIN_SVG, credential, name="plain.svg"))
    return out


@cache
def jwt_export() -> Path:
    """The example's export, with two awards signed as VC-JWT in it (OB 2.0 hosted assertions genuine too)."""
    out = _workshop() / "export"
    code, _, err, escaped = run_in_process(
        ["export", str(hostile.EXAMPLE), "--base-url", BASE_URL, "--out", str(out), "--only", "ob2,ob3"]
    )
    assert code == 0 and escaped is None, err
    _award(out, "--sign-key", str(_workshop() / "ed.key"), "--proof", "jwt")
    return out


def award_ids(folder: Path) -> list[str]:
    return sorted(p.name[:32] for p in (folder / "awards").glob("*-ob3-baked.png"))


def files_of(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


@contextmanager
def scene_with(folder: Path, name: str = "aw", *, link: bool = True) -> Iterator[Scene]:
    """A scene (victim.txt, elsewhere/secret.txt) holding a copy of ``folder`` as ``name``.

    Hard links when the command only reads (a mutation replaces a file, never writes through it)."""
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        scene = Scene(Path(tmp))
        scene.victim.write_bytes(hostile.VICTIM_BYTES)
        scene.elsewhere.mkdir()
        scene.secret.write_bytes(hostile.SECRET_BYTES)
        shutil.copytree(folder, scene.root / name, copy_function=os.link if link else shutil.copy2)
        yield scene


def assert_kept(command: Command, outcome, what: str) -> None:
    broken = violations(command, None, outcome)
    assert not broken, f"`{command.name}` on {what}: {broken}; exit {outcome.exit_code}; stderr: {outcome.stderr[:500]!r}"


def replace_file(path: Path, data: bytes) -> None:
    """Write ``data`` as a new file at ``path`` (never through a hard link shared with the cached award)."""
    if path.exists() or path.is_symlink():
        path.unlink()
    path.write_bytes(data)


# --- the untouched awards: the baseline every property starts from ------------------------------------------


@pytest.mark.parametrize("folder", ["di", "jwt"])
def test_the_untouched_awards_are_genuine_and_revocable(folder):
    source = di_awards() if folder == "di" else jwt_export()
    with scene_with(source, link=False) as scene:
        command = Command("verify", lambda s: ["verify", str(s.root / "aw"), "--export", str(s.root / "aw"),
                                               "--offline", "--json"], reports=True)  # fmt: skip
        outcome = run_command(command, scene)
        assert_kept(command, outcome, "the untouched awards")
        verdicts = _statuses(outcome.stdout, scene.root / "aw")
        suffixes = {".png", ".json", ".svg"} if folder == "di" else {".png", ".json", ".jwt"}
        assert {Path(name).suffix for name in verdicts} == suffixes, verdicts
        # Not checkable there, as documented: the DI folder's OB 2.0 assertions have no BadgeClass beside them
        # (no export), and with --proof jwt the credential's .json is unsigned (the .jwt is what is signed).
        unsigned = re.compile(r".*-ob2-baked\.png|ob2/.*" if folder == "di" else r"ob3/credentials/.*\.json")
        assert all(s == "genuine" for n, s in verdicts.items() if not unsigned.fullmatch(n)), verdicts
        assert any(s == "genuine" for s in verdicts.values())
        award = award_ids(source)[0]
        command = revoke(award, "--sign-key", str(_workshop() / "ed.key"))
        outcome = run_command(command, scene)
        assert_kept(command, outcome, "the untouched awards")
        assert outcome.exit_code == 0 and f"aw/ob2/assertions/{award}.json" in outcome.wrote, outcome.stderr


# --- verify: a damaged award folder ---------------------------------------------------------------------


def verify_folder(name: str = "aw") -> Command:
    return Command("verify", lambda s: ["verify", str(s.root / name), "--export", str(s.root / name), "--offline",
                                        "--json"], reports=True)  # fmt: skip


def _statuses(stdout: str, folder: Path) -> dict[str, str]:
    """{path relative to the folder: verdict status} from ``verify --json``."""
    return {Path(v["source"]).relative_to(folder).as_posix(): v["status"] for v in json.loads(stdout)}


def _trusted(stdout: str) -> int:
    """How much ``verify --json`` vouches for: genuine badges plus endorsements whose signature was checked."""
    verdicts = json.loads(stdout)
    endorsements = sum(e.get("signed") == "yes" for v in verdicts for e in (v.get("meaning") or {}).get("endorsers", []))
    return sum(v["status"] == "genuine" for v in verdicts) + endorsements


@cache
def baseline(folder: str) -> tuple[dict[str, str], int]:
    """The verdicts on the untouched folder (the relative paths of its badges), and how much they vouch for."""
    source = di_awards() if folder == "di" else jwt_export()
    with scene_with(source) as scene:
        outcome = run_command(verify_folder(), scene)
        return _statuses(outcome.stdout, scene.root / "aw"), _trusted(outcome.stdout)


@settings(HOSTILE, max_examples=25)
@example(folder="di", how="symlink-out", relpath="ob3/status/", at=0)
@example(folder="di", how="truncate", relpath="issuers/", at=300)
@example(folder="di", how="nul", relpath="awards/", at=2000)
@example(folder="jwt", how="nul", relpath="ob2/assertions/", at=40)
@given(folder=st.sampled_from(["di", "jwt"]), how=st.sampled_from(["truncate", "nul", "invalid-utf8", "symlink-out"]),
       relpath=st.sampled_from(["ob3/credentials/", "awards/", "ob3/status/", "ob2/assertions/", "issuers/",
                                "ob3/keys/", "ob3/profiles/", "ob2/badges/", "ob2/issuers/"]),
       at=st.integers(0, 10_000))  # fmt: skip
def test_verify_never_calls_a_damaged_award_folder_genuine(folder, how, relpath, at):
    source = di_awards() if folder == "di" else jwt_export()
    candidates = [p for p in files_of(source) if p.startswith(relpath)]
    if not candidates:
        return
    target = candidates[at % len(candidates)]
    original = (source / target).read_bytes()
    if how == "truncate" and original[: at % len(original)].strip() == original.strip():
        return  # only the final line break cut: the same file
    with scene_with(source) as scene:
        hostile.mutate_export(scene.root / "aw", scene, how, target, at)
        outcome = run_command(verify_folder(), scene)
        assert_kept(verify_folder(), outcome, f"{how} of {target}")
        (before, vouched), after = baseline(folder), _statuses(outcome.stdout, scene.root / "aw")
        if before.get(target) == "genuine":  # the damaged file is a badge: it is genuine no more
            assert after.get(target) != "genuine", f"verify called {target} genuine after {how}"
        if target.startswith(("ob3/status/", "issuers/")):
            # a signed list or a DID document: some badge rests on it, or, for an endorser's DID document, the
            # signature of its endorsements embedded in the badges
            assert _trusted(outcome.stdout) < vouched, f"{how} of {target} changed no verdict nor endorsement"


# --- verify: any JSON value in any field of a signed badge ----------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


def _fields(value, path=()) -> list[tuple]:
    found = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _fields(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _fields(item, (*path, index))
    return found


def _replaced(document, path: tuple, value):
    copy = json.loads(json.dumps(document))
    holder = copy
    for step in path[:-1]:
        holder = holder[step]
    holder[path[-1]] = value
    return copy


def _badge_document(kind: str) -> tuple[Path, dict]:
    if kind == "di-credential":
        folder = di_awards()
        return folder, json.loads((folder / "ob3/credentials" / f"{award_ids(folder)[0]}.json").read_bytes())
    folder = jwt_export()
    return folder, json.loads((folder / "ob2/assertions" / f"{award_ids(folder)[0]}.json").read_bytes())


@settings(HOSTILE, max_examples=40)
@given(data=st.data(), kind=st.sampled_from(["di-credential", "ob2-assertion"]), value=JSON_VALUES)
def test_verify_gives_a_verdict_for_any_value_in_any_field_and_never_genuine(data, kind, value):
    folder, document = _badge_document(kind)
    path = data.draw(st.sampled_from(_fields(document)), label="field")
    original = _replaced(document, path, value)
    old = document
    for step in path:
        old = old[step]
    if value == old or value == [old] or [value] == old:
        return  # the same badge (a one-item list is its item in JSON-LD)
    with scene_with(folder) as scene:
        (scene.root / "badge.json").write_text(json.dumps(original), "utf-8")
        command = Command("verify", lambda s: ["verify", str(s.root / "badge.json"), "--export", str(s.root / "aw"),
                                               "--offline", "--json"], reports=True)  # fmt: skip
        outcome = run_command(command, scene)
        assert_kept(command, outcome, f"{kind} with {path} = {value!r}")
        assert outcome.exit_code in (1, 2), f"a {kind} whose {path} became {value!r} was called genuine"


# --- verify: a VC-JWT with bad segments -------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


SEGMENTS = st.one_of(
    st.sampled_from(["", "!!!", "=", "a", "e30", "bnVsbA", _b64(b"[]"), _b64(b"1e999"), _b64(b'{"alg":"none"}'),
                     _b64(b'{"alg":"EdDSA","kid":"../../../elsewhere/secret.txt"}'), _b64(b"\xff\xfe"),
                     _b64(b"[" * 50_000)]),
    st.binary(max_size=40).map(_b64),
    st.text(max_size=40),
)


@settings(HOSTILE, max_examples=40)
@example(segments=["", "", ""], keep=(False, False, False))
@example(segments=[_b64(b"[" * 50_000)] * 3, keep=(False, True, True))
@given(segments=st.lists(SEGMENTS, min_size=1, max_size=5), keep=st.tuples(st.booleans(), st.booleans(), st.booleans()))
def test_verify_refuses_a_jwt_with_bad_segments(segments, keep):
    folder = jwt_export()
    token = (folder / "ob3/credentials" / f"{award_ids(folder)[0]}.jwt").read_text("ascii").strip()
    parts = token.split(".")
    mixed = [parts[i] if i < 3 and keep[i] else s for i, s in enumerate(segments)]
    forged = ".".join(mixed)
    if forged.strip() == token:
        return
    with scene_with(folder) as scene:
        (scene.root / "badge.jwt").write_text(forged, "utf-8")
        command = Command("verify", lambda s: ["verify", str(s.root / "badge.jwt"), "--export", str(s.root / "aw"),
                                               "--offline"], reports=True)  # fmt: skip
        outcome = run_command(command, scene)
        assert_kept(command, outcome, f"the JWT {forged[:120]!r}")
        assert outcome.exit_code in (1, 2), f"the JWT {forged[:120]!r} was called genuine"


# --- verify: planted documents -----------------------------------------------------------------------------


def _did_document_with_other_key(did: Path) -> bytes:
    """The DID document at ``did`` with every verification method's key replaced by another Ed25519 key."""
    from badgeworkbench.openbadges.signing import load_signing_key

    document = json.loads(did.read_bytes())
    other = load_signing_key(_workshop() / "other.key")
    raw = base64.urlsafe_b64decode(other.public_jwk["x"] + "==")
    for method in document["verificationMethod"]:
        method["publicKeyMultibase"] = "z" + _base58(b"\xed\x01" + raw)  # multicodec ed25519-pub
    return json.dumps(document).encode()


def _base58(data: bytes) -> str:
    alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
    number, text = int.from_bytes(data, "big"), ""
    while number:
        number, digit = divmod(number, 58)
        text = alphabet[digit] + text
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + text


@pytest.mark.parametrize("planted", ["did-other-key", "did-linked-outside", "status-other-key", "status-all-set",
                                     "status-linked-outside"])  # fmt: skip
def test_verify_never_trusts_a_document_planted_in_the_export_folder(planted):
    """Every issuer's DID document or status list planted (each award may be any partner's)."""
    from badgeworkbench.openbadges.signing import load_signing_key
    from badgeworkbench.openbadges.status import encode_list, sign_status_list, status_list_bits

    source = di_awards()
    other = load_signing_key(_workshop() / "other.key")
    with scene_with(source) as scene:
        folder = scene.root / "aw"
        for did in sorted(folder.glob("issuers/*/did.json")) if planted.startswith("did") else []:
            forged = _did_document_with_other_key(did)
            if planted == "did-other-key":
                replace_file(did, forged)
            else:
                outside = scene.elsewhere / f"{did.parent.name}.json"
                outside.write_bytes(forged)
                did.unlink()
                did.symlink_to(outside)
        for path in sorted(folder.glob("ob3/status/*.json")) if planted.startswith("status") else []:
            listed = json.loads(path.read_bytes())
            proof = listed["proof"][0] if isinstance(listed["proof"], list) else listed["proof"]
            unsigned = {k: v for k, v in listed.items() if k != "proof"}
            if planted == "status-other-key":
                replace_file(path, json.dumps(sign_status_list(unsigned, other, proof["verificationMethod"])).encode())
            elif planted == "status-all-set":  # every award revoked, the issuer's proof kept: it no longer matches
                listed["credentialSubject"]["encodedList"] = encode_list(b"\xff" * len(status_list_bits(listed)))
                replace_file(path, json.dumps(listed).encode())
            else:
                path.unlink()
                path.symlink_to(scene.secret)
        command = Command("verify", lambda s: ["verify", str(folder), "--export", str(folder), "--offline", "--json"],
                          reports=True)  # fmt: skip
        outcome = run_command(command, scene)
        assert_kept(command, outcome, planted)
        genuine = [v["source"] for v in json.loads(outcome.stdout) if v["status"] == "genuine"]
        assert outcome.exit_code in (1, 2) and not genuine, f"called genuine with {planted}: {genuine}"


# --- revoke -----------------------------------------------------------------------------------------------


def revoke(award: str, *extra: str) -> Command:
    return Command("revoke", lambda s: ["revoke", str(s.root / "aw"), award, *extra], out="aw")


@settings(HOSTILE, max_examples=30)
@example(how="symlink-out", relpath="ob3/status/", at=0)
@example(how="truncate", relpath="status-allocation.json", at=10)
@example(how="nul", relpath="ob2/assertions/", at=30)
@given(how=st.sampled_from(["truncate", "nul", "invalid-utf8", "symlink-out"]),
       relpath=st.sampled_from(["ob3/status/", "status-allocation.json", "ob2/assertions/", "awards.json"]),
       at=st.integers(0, 10_000))  # fmt: skip
def test_revoke_refuses_a_damaged_folder_and_writes_nothing(how, relpath, at):
    source = di_awards()
    award = award_ids(source)[0]
    candidates = [p for p in files_of(source) if p.startswith(relpath)]
    target = candidates[at % len(candidates)]
    original = (source / target).read_bytes()
    if how == "truncate" and original[: at % len(original)].strip() == original.strip():
        return  # only the final line break cut: the same file
    with scene_with(source, link=False) as scene:
        hostile.mutate_export(scene.root / "aw", scene, how, target, at)
        command = revoke(award, "--sign-key", str(_workshop() / "ed.key"))
        outcome = run_command(command, scene)
        assert_kept(command, outcome, f"{how} of {target}")
        allocation = json.loads((source / "status-allocation.json").read_bytes())["lists"]
        [own] = [f"ob3/status/{name}.json" for name, awards in allocation.items() if award in awards]
        if target in (own, "status-allocation.json", f"ob2/assertions/{award}.json"):
            assert outcome.exit_code == 1, f"revoke exited {outcome.exit_code} after {how} of {target}"
            assert outcome.wrote == [], f"revoke wrote {outcome.wrote} after {how} of {target}"
        else:
            assert set(outcome.wrote) <= {f"aw/{own}", f"aw/ob2/assertions/{award}.json", "aw/.badgeworkbench-export.json"}


ALLOCATIONS = [
    b"[" * 100_000,
    b'{"lists": {"frep-cvl.did-web": {"AWARD": -1}}}',
    b'{"lists": {"frep-cvl.did-web": {"AWARD": 10000000000}}}',
    b'{"lists": {"frep-cvl.did-web": {"AWARD": true}}}',
    b'{"lists": {"frep-cvl.did-web": {"AWARD": 1.5}}}',
    b'{"lists": {"frep-cvl.did-web": {"AWARD": "7"}}}',
    b'{"lists": {"../../elsewhere/planted": {"AWARD": 3}}}',
    b'{"lists": {"/tmp/planted": {"AWARD": 3}}}',
    b'{"lists": {"frep-cvl.did-web": ["AWARD"]}}',
    b'{"lists": []}',
    b"null",
]


@pytest.mark.parametrize("planted", ALLOCATIONS, ids=[a[:40].decode() for a in ALLOCATIONS])
def test_revoke_refuses_a_planted_allocation_and_writes_nothing(planted):
    source = di_awards()
    award = award_ids(source)[0]
    with scene_with(source, link=False) as scene:
        listed = json.loads((source / "ob3/status/frep-cvl.did-web.json").read_bytes())
        (scene.elsewhere / "planted.json").write_bytes(json.dumps(listed).encode())
        replace_file(scene.root / "aw" / "status-allocation.json", planted.replace(b"AWARD", award.encode()))
        command = revoke(award, "--sign-key", str(_workshop() / "ed.key"))
        outcome = run_command(command, scene)
        assert_kept(command, outcome, f"the allocation {planted[:60]!r}")
        assert outcome.exit_code == 1 and outcome.wrote == [], (outcome.exit_code, outcome.wrote, outcome.stdout)


@pytest.mark.parametrize("award", ["../../victim.txt", "", "ffffffffffffffffffffffffffffffff", "urn:uuid:x",
                                   "https://elsewhere.example/awards/0123456789abcdef0123456789abcdef.json",
                                   "\x00", "a" * 100_000])  # fmt: skip
def test_revoke_refuses_an_unknown_award_and_writes_nothing(award):
    with scene_with(di_awards(), link=False) as scene:
        command = revoke(award, "--sign-key", str(_workshop() / "ed.key"))
        outcome = run_command(command, scene)
        assert_kept(command, outcome, f"the award {award[:40]!r}")
        assert outcome.exit_code == 1 and outcome.wrote == []


def test_revoke_in_a_folder_it_cannot_write_is_one_sentence(monkeypatch):
    """A read-only folder (simulated: the tests may run as root, whom chmod does not stop)."""
    import tempfile as tempfile_module

    source = di_awards()
    award = award_ids(source)[0]
    with scene_with(source, link=False) as scene:

        def refused(*args, **kwargs):
            raise PermissionError(13, "Permission denied", kwargs.get("dir"))

        monkeypatch.setattr(tempfile_module, "mkdtemp", refused)
        command = revoke(award, "--sign-key", str(_workshop() / "ed.key"))
        outcome = run_command(command, scene)
        monkeypatch.undo()
        assert_kept(command, outcome, "a read-only folder")
        assert outcome.exit_code == 1 and outcome.wrote == []


# --- export --sign-key: key files ---------------------------------------------------------------------------


def _key_variant(kind: str, folder: Path) -> Path:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec, x25519

    key = folder / "given.key"
    pem = (_workshop() / "ed.key").read_bytes()
    private = serialization.PrivateFormat.PKCS8
    if kind == "world-readable":
        key.write_bytes(pem)
        key.chmod(0o644)
        return key
    if kind == "group-readable":
        key.write_bytes(pem)
        key.chmod(0o640)
        return key
    if kind == "rsa-with-di":
        shutil.copy2(_workshop() / "rsa.key", key)
        return key
    data = {
        "empty": b"",
        "random": bytes(range(256)) * 4,
        "truncated": pem[: len(pem) // 2],
        "public": serialization.load_pem_private_key(pem, None).public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo),
        "ec": ec.generate_private_key(ec.SECP256R1()).private_bytes(
            serialization.Encoding.PEM, private, serialization.NoEncryption()),
        "x25519": x25519.X25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, private, serialization.NoEncryption()),
        "encrypted": serialization.load_pem_private_key(pem, None).private_bytes(
            serialization.Encoding.PEM, private, serialization.BestAvailableEncryption(b"secret")),
        "nul": pem[:40] + b"\x00" + pem[40:],
        "huge": pem + b"a" * hostile.HUGE_TEXT_CHARS,
    }[kind]  # fmt: skip
    key.write_bytes(data)
    key.chmod(0o600)
    return key


KEY_KINDS = ["world-readable", "group-readable", "rsa-with-di", "empty", "random", "truncated", "public", "ec",
             "x25519", "encrypted", "nul", "huge", "directory", "dangling-link"]  # fmt: skip


@pytest.mark.parametrize("kind", KEY_KINDS)
@pytest.mark.parametrize("command_name", ["export", "award"])
def test_a_key_that_cannot_sign_is_refused_before_anything_is_written(kind, command_name):
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        scene = Scene(Path(tmp))
        scene.victim.write_bytes(hostile.VICTIM_BYTES)
        scene.elsewhere.mkdir()
        scene.secret.write_bytes(hostile.SECRET_BYTES)
        if kind == "directory":
            key = scene.root / "given.key"
            key.mkdir()
        elif kind == "dangling-link":
            key = scene.root / "given.key"
            key.symlink_to(scene.elsewhere / "missing.key")
        else:
            key = _key_variant(kind, scene.root)
        shutil.copyfile(_workshop() / "earners.csv", scene.root / "earners.csv")
        common = [str(hostile.EXAMPLE), "--base-url", BASE_URL, "--out", str(scene.root / "out"), "--sign-key", str(key)]
        earners = ["--earners", str(scene.root / "earners.csv")] if command_name == "award" else []
        command = Command(command_name, lambda s: [command_name, *common, *earners, "--proof", "di"], out="out")
        outcome = run_command(command, scene)
        assert_kept(command, outcome, f"a {kind} key")
        assert outcome.exit_code in (1, 2) and outcome.wrote == [], (kind, outcome.exit_code, outcome.wrote)


# --- reference add: mutated CSV files ---------------------------------------------------------------------

REFERENCE_FILES = {
    "rncp": "export_fiches_CSV_Blocs_De_Compétences_2026_01_15.csv",
    "rome": "unix_referentiel_competence_v460_utf8.csv",
    "esco": "skillsHierarchy_fr.csv",
}
FORMULAS = ['=HYPERLINK("https://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "=cmd|' /C calc'!A0", "\t=1"]


def _mutated_csv(data: bytes, how: str, at: int, formula: str) -> bytes:
    at = at % max(len(data), 1)
    if how == "truncate":
        return data[:at]
    if how == "nul":
        return data[:at] + b"\x00" + data[at:]
    if how == "invalid-utf8":
        return data[:at] + b"\xff\xfe" + data[at:]
    if how == "latin-1":
        return data.decode("utf-8", "replace").encode("latin-1", "replace")
    if how == "utf-16":
        return data.decode("utf-8", "replace").encode("utf-16")
    if how == "bom":
        return b"\xef\xbb\xbf" + data
    if how == "quote":
        return data[:at] + b'"' + data[at:]
    if how == "huge":
        return data[:at] + b"a" * hostile.HUGE_TEXT_CHARS + data[at:]
    # a formula where a cell starts: after the first separator at or after ``at``
    text = data.decode("utf-8", "replace")
    cut = next((i + 1 for i in range(at, len(text)) if text[i] in ",;\t\n"), len(text))
    return (text[:cut] + json.dumps(formula) + text[cut:]).encode("utf-8")


@settings(HOSTILE, max_examples=25)
@example(kind="rncp", how="formula", at=200, formula=FORMULAS[0])
@example(kind="esco", how="utf-16", at=0, formula="")
@example(kind="rome", how="invalid-utf8", at=300, formula="")
@given(kind=st.sampled_from(sorted(REFERENCE_FILES)),
       how=st.sampled_from(["truncate", "nul", "invalid-utf8", "latin-1", "utf-16", "bom", "quote", "formula"]),
       at=st.integers(0, 5_000), formula=st.sampled_from(FORMULAS))  # fmt: skip
def test_reference_add_keeps_its_promises_on_a_mutated_csv(kind, how, at, formula):
    source = REFERENCES / REFERENCE_FILES[kind]
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        scene = hostile.make_scene(Path(tmp))
        given = scene.root / f"given-{kind}.csv"
        given.write_bytes(_mutated_csv(source.read_bytes(), how, at, formula))
        command = Command("reference add", lambda s: ["reference", "add", str(s.framework), str(given), "--kind", kind],
                          out=f"{hostile.FRAMEWORK}/references", reports=True)  # fmt: skip
        outcome = run_command(command, scene)
        assert_kept(command, outcome, f"{how} of {source.name}")
        # What is kept is a CSV a partner may open in a spreadsheet: no cell of it may start a formula.
        for kept in (scene.framework / "references").glob("*.csv"):
            for row in csv.reader(io.StringIO(kept.read_text("utf-8-sig"))):
                formulas = [cell for cell in row if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]
                assert not formulas, f"{kept.name} keeps cells a spreadsheet runs: {formulas[:3]}"


# --- import-badges and import case: mutated packages --------------------------------------------------------


@settings(HOSTILE, max_examples=25)
@example(what="png", how="truncate", at=100)
@example(what="credential", how="nul", at=50)
@given(what=st.sampled_from(["png", "credential", "assertion"]),
       how=st.sampled_from(["truncate", "nul", "invalid-utf8", "symlink-out", "huge"]), at=st.integers(0, 10_000))  # fmt: skip
def test_import_badges_keeps_its_promises_on_a_mutated_badge(what, how, at):
    source = jwt_export()
    award = award_ids(source)[0]
    relpath = {"png": f"awards/{award}-ob3-baked.png", "credential": f"ob3/credentials/{award}.json",
               "assertion": f"ob2/assertions/{award}.json"}[what]  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        scene = hostile.make_scene(Path(tmp))
        shutil.copytree(source, scene.root / "aw", copy_function=os.link)
        hostile.mutate_export(scene.root / "aw", scene, how, relpath, at)
        given = scene.root / "aw" / relpath
        command = Command("import-badges", lambda s: ["import-badges", str(s.framework), str(given)],
                          out=hostile.FRAMEWORK, reports=True)  # fmt: skip
        outcome = run_command(command, scene)
        assert_kept(command, outcome, f"{how} of {relpath}")
        if how != "huge":  # 20 MB inside a string may still leave a badge (already present, or imported long)
            assert outcome.exit_code == 1 and outcome.wrote == [], f"{how} of {relpath} was imported: {outcome.stdout}"


@settings(HOSTILE, max_examples=25)
@example(how="nul", at=500, value=None, dry=False)
@example(how="field", at=3, value=[[]], dry=False)
@given(how=st.sampled_from(["truncate", "nul", "invalid-utf8", "field"]), at=st.integers(0, 100_000),
       value=JSON_VALUES, dry=st.booleans())  # fmt: skip
def test_import_case_keeps_its_promises_on_a_mutated_package(how, at, value, dry):
    data = CASE_PACKAGE.read_bytes()
    if how == "field":
        package = json.loads(data)
        fields = _fields(package)
        package = _replaced(package, fields[at % len(fields)], value)
        mutated = json.dumps(package).encode()
    else:
        mutated = _mutated_csv(data, how, at, "")
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        scene = hostile.make_scene(Path(tmp))
        (scene.root / "case.json").write_bytes(mutated)
        target = scene.root / "imported"
        command = Command("import case", lambda s: ["import", "case", str(s.root / "case.json"), "--into", str(target),
                                                    *(["--dry-run"] if dry else [])], out="imported")  # fmt: skip
        outcome = run_command(command, scene)
        assert_kept(command, outcome, f"{how} of the CASE package")
        if dry:
            assert outcome.wrote == [], f"import --dry-run wrote {outcome.wrote}"
        if how != "field":
            assert outcome.exit_code in (1, 2) and outcome.wrote == [], f"a damaged package was imported ({how})"


# --- a fixed sample through the real entry point -------------------------------------------------------------


def _sample(name: str) -> tuple[Command, Callable[[Scene], None]]:
    """A command and what to do to the scene first (the scene holds a copy of the DI awards as ``aw``)."""
    status_list = "ob3/status/frep-cvl.did-web.json"
    if name == "verify":
        def damage(scene: Scene) -> None:
            (scene.root / "aw" / status_list).unlink()
            (scene.root / "aw" / status_list).symlink_to(scene.secret)

        return verify_folder(), damage
    if name == "revoke":
        def damage(scene: Scene) -> None:
            replace_file(scene.root / "aw" / "status-allocation.json", b"[" * 100_000)

        return revoke(award_ids(di_awards())[0], "--sign-key", str(_workshop() / "ed.key")), damage
    key = str(_workshop() / "rsa.key")
    args = [str(hostile.EXAMPLE), "--base-url", BASE_URL, "--out"]
    return Command("export", lambda s: ["export", *args, str(s.root / "out"), "--sign-key", key, "--proof", "di"],
                   out="out"), lambda scene: None  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("name", ["verify", "revoke", "export --sign-key"])
def test_the_real_entry_point_keeps_the_same_promises(name):
    command, damage = _sample(name)
    with scene_with(di_awards(), link=False) as scene:
        damage(scene)
        outcome = run_command(command, scene, runner=run_subprocess)
        assert_kept(command, outcome, f"the sample for {name}")
        assert outcome.exit_code in (1, 2) and (command.name != "revoke" or outcome.wrote == [])

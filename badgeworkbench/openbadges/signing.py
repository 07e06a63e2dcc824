"""Signing OB 3.0 credentials as VC-JWT (compact JWS), with a key made by ``badgeworkbench keygen``.

The private key lives only in its key file (PKCS#8 PEM, created with mode 0600 and never
overwritten); it is read into memory to sign and written nowhere else. The public half is
published as a JWK (and, for Ed25519, a Multikey) in the issuer Profile.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> key = load_signing_key(generate_key(folder / "issuer.key"))
>>> token = sign_jws({"hello": "monde"}, key, kid="https://x.org/k.json")
>>> verify_jws(token, key.public_jwk)
{'hello': 'monde'}
"""

from __future__ import annotations

import base64
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, padding, rsa

from .errors import SigningKeyError

__all__ = [
    "SigningKey",
    "b64url",
    "base58btc",
    "base58btc_decode",
    "ed25519_from_multikey",
    "generate_key",
    "load_signing_key",
    "multibase_ed25519",
    "sign_jws",
    "vc_jwt",
    "verify_jws",
]


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def _base58(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    out = ""
    while number:
        number, rest = divmod(number, 58)
        out = _B58[rest] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def base58btc(data: bytes) -> str:
    """``data`` in the base58btc alphabet (Bitcoin's), as multibase ``z…`` values carry it."""
    return _base58(data)


def base58btc_decode(text: str) -> bytes:
    """The bytes of a base58btc string; ``ValueError`` on a character outside the alphabet.

    >>> base58btc_decode(base58btc(b"\\0\\0abc"))
    b'\\x00\\x00abc'
    """
    number = 0
    for character in text:
        digit = _B58.find(character)
        if digit < 0:
            raise ValueError(f"{character!r} is not a base58btc character")
        number = number * 58 + digit
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


def ed25519_from_multikey(multikey: str) -> bytes:
    """The raw 32-byte Ed25519 public key of a Multikey ``z6Mk…``; ``ValueError`` if it is not one.

    >>> raw = bytes(range(32))
    >>> ed25519_from_multikey(multibase_ed25519(raw)) == raw
    True
    """
    if not isinstance(multikey, str) or not multikey.startswith("z"):
        raise ValueError("a Multikey starts with 'z' (multibase base58btc)")
    decoded = base58btc_decode(multikey[1:])
    if len(decoded) != 34 or decoded[:2] != b"\xed\x01":
        raise ValueError("not an Ed25519 Multikey (expected 'z6Mk…': the 0xed01 prefix and 32 bytes)")
    return decoded[2:]


def multibase_ed25519(raw_public_key: bytes) -> str:
    """The Multikey form of an Ed25519 public key: ``z`` + base58btc(0xed01 + key) (``z6Mk…``)."""
    return "z" + _base58(b"\xed\x01" + raw_public_key)


@dataclass(frozen=True)
class SigningKey:
    """A private key read from its key file, with its JOSE algorithm and public JWK."""

    private_key: Any
    algorithm: str  # "EdDSA" or "RS256"
    public_jwk: dict[str, str]
    path: Path

    @property
    def public_raw(self) -> bytes | None:
        """The raw 32-byte Ed25519 public key (None for RSA)."""
        return _b64url_decode(self.public_jwk["x"]) if self.algorithm == "EdDSA" else None

    @property
    def multikey(self) -> str | None:
        raw = self.public_raw
        return multibase_ed25519(raw) if raw is not None else None

    def __repr__(self) -> str:  # never show key material
        return f"SigningKey({self.algorithm}, {self.path})"


def _public_jwk(private_key: Any) -> tuple[str, dict[str, str]]:
    if isinstance(private_key, ed25519.Ed25519PrivateKey):
        raw = private_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return "EdDSA", {"kty": "OKP", "crv": "Ed25519", "x": b64url(raw)}
    if isinstance(private_key, rsa.RSAPrivateKey):
        numbers = private_key.public_key().public_numbers()

        def encode(n: int) -> str:
            return b64url(n.to_bytes((n.bit_length() + 7) // 8, "big"))

        return "RS256", {"kty": "RSA", "n": encode(numbers.n), "e": encode(numbers.e)}
    raise SigningKeyError("Only Ed25519 (EdDSA) and RSA (RS256) keys can sign Open Badges credentials.")


def generate_key(path: str | os.PathLike[str], algorithm: str = "EdDSA") -> Path:
    """Create a new private key file at ``path`` (mode 0600); an existing file is never overwritten."""
    target = Path(path)
    if algorithm == "EdDSA":
        key: Any = ed25519.Ed25519PrivateKey.generate()
    elif algorithm == "RS256":
        key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    else:
        raise SigningKeyError(f"Unknown algorithm {algorithm!r}: choose EdDSA (Ed25519) or RS256 (RSA).")
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise SigningKeyError(
            f"{target} already exists: a key file is never overwritten. Choose another name."
        ) from None
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pem)
    os.chmod(target, 0o600)  # whatever the umask
    return target


#: Far more than any PEM key (an 8192-bit RSA key is under 7 KiB): a bigger file is not read.
MAX_KEY_FILE_BYTES = 64 * 1024


def load_signing_key(path: str | os.PathLike[str]) -> SigningKey:
    """Read a key file made by :func:`generate_key`; one readable by others is refused."""
    source = Path(path)
    try:
        info = source.stat()
        mode = info.st_mode
        if not stat.S_ISREG(mode) or info.st_size > MAX_KEY_FILE_BYTES:  # a pipe, a device, a video given by mistake
            raise SigningKeyError(f"{source} is not a key file made by 'badgeworkbench keygen' (those are regular "
                                  "files of a few kilobytes). Make one with: badgeworkbench keygen KEYFILE")  # fmt: skip
        data = source.read_bytes()
    except OSError as error:
        raise SigningKeyError(f"{source}: the key file cannot be read ({error.strerror}). "
                              "Make one with: badgeworkbench keygen KEYFILE") from None  # fmt: skip
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise SigningKeyError(f"{source} can be read by other users: run 'chmod 600 {source}' (a private key must "
                              "stay private), then try again.")  # fmt: skip
    try:
        private_key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        raise SigningKeyError(
            f"{source} is not an unencrypted PEM private key made by 'badgeworkbench keygen'."
        ) from None
    algorithm, jwk = _public_jwk(private_key)
    return SigningKey(private_key, algorithm, jwk, source)


def sign_jws(payload: dict[str, Any], key: SigningKey, *, kid: str) -> str:
    """A compact JWS of ``payload``; the header holds only ``alg``, ``kid`` and ``typ`` (VC-JWT rules)."""
    header = {"alg": key.algorithm, "kid": kid, "typ": "JWT"}
    signing_input = (
        b64url(json.dumps(header, separators=(",", ":")).encode())
        + "."
        + b64url(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    )
    if key.algorithm == "EdDSA":
        signature = key.private_key.sign(signing_input.encode("ascii"))
    else:
        signature = key.private_key.sign(signing_input.encode("ascii"), padding.PKCS1v15(), hashes.SHA256())
    return signing_input + "." + b64url(signature)


def verify_jws(token: str, public_jwk: dict[str, str]) -> dict[str, Any]:
    """The payload of ``token`` once its signature is checked against ``public_jwk``; ``ValueError`` otherwise."""
    try:
        header_b64, payload_b64, signature_b64 = token.strip().split(".")
        header = json.loads(_b64url_decode(header_b64))
        signing_input = f"{header_b64}.{payload_b64}".encode("ascii")
        signature = _b64url_decode(signature_b64)
        if public_jwk.get("kty") == "OKP" and header.get("alg") == "EdDSA":
            ed25519.Ed25519PublicKey.from_public_bytes(_b64url_decode(public_jwk["x"])).verify(signature, signing_input)
        elif public_jwk.get("kty") == "RSA" and header.get("alg") == "RS256":
            numbers = rsa.RSAPublicNumbers(int.from_bytes(_b64url_decode(public_jwk["e"]), "big"),
                                           int.from_bytes(_b64url_decode(public_jwk["n"]), "big"))  # fmt: skip
            numbers.public_key().verify(signature, signing_input, padding.PKCS1v15(), hashes.SHA256())
        else:
            raise ValueError(f"algorithm {header.get('alg')!r} does not match the key type {public_jwk.get('kty')!r}")
    except InvalidSignature:
        raise ValueError("the signature does not match") from None
    value = json.loads(_b64url_decode(payload_b64))
    if not isinstance(value, dict):
        raise ValueError("the payload is not a JSON object")
    return value


def _numeric_date(moment: str) -> int:
    import datetime as dt

    return int(dt.datetime.fromisoformat(moment.replace("Z", "+00:00")).timestamp())


def vc_jwt(credential: dict[str, Any], key: SigningKey, *, kid: str) -> str:
    """The credential as a VC-JWT: the credential at the top level plus ``iss``, ``jti``, ``sub``, ``nbf``, ``exp``."""
    claims: dict[str, Any] = dict(credential)
    issuer = credential.get("issuer")
    claims["iss"] = issuer.get("id") if isinstance(issuer, dict) else issuer
    claims["jti"] = credential["id"]
    subject = credential.get("credentialSubject", {}).get("id")
    if subject:
        claims["sub"] = subject
    claims["nbf"] = _numeric_date(credential["validFrom"])
    if credential.get("validUntil"):
        claims["exp"] = _numeric_date(credential["validUntil"])
    return sign_jws(claims, key, kid=kid)

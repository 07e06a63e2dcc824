"""Baking and unbaking: an Open Badge carried inside its own PNG or SVG image.

PNG: one uncompressed ``iTXt`` chunk before ``IEND``, keyword ``openbadges`` (OB 2.0) or
``openbadgecredential`` (OB 3.0). SVG: one ``<openbadges:assertion>`` (2.0) or
``<openbadges:credential>`` (3.0) element right after the ``<svg>`` start tag. Baking again
replaces the old payload (of either version), so an image never carries two.

The PNG chunks are written here with :func:`zlib.crc32`; nothing is decoded, so baking costs
about one copy of the file.

>>> import json
>>> png = tiny_png()
>>> baked = bake(png, {"@context": "https://w3id.org/openbadges/v2", "type": "Assertion", "id": "https://x.org/a/1.json"})
>>> found = unbake(baked)
>>> found.version, found.keyword, found.data["id"]
('2.0', 'openbadges', 'https://x.org/a/1.json')
>>> unbake(bake(baked, "eyJhbGciOiJFZERTQSJ9.eyJ0eXBlIjpbIlZlcmlmaWFibGVDcmVkZW50aWFsIl19.c2ln")).keyword
'openbadgecredential'
"""

from __future__ import annotations

import base64
import json
import re
import struct
import zlib
from dataclasses import dataclass
from html import unescape
from typing import Any
from xml.sax.saxutils import quoteattr

from ..imageformat import PNG_SIGNATURE, sniff_image_format
from .errors import MalformedBakedImage, NotBaked, UnsupportedImageFormat

__all__ = [
    "OB2_KEYWORD",
    "OB3_KEYWORD",
    "PNG_SIGNATURE",
    "SVG_NAMESPACE_OB2",
    "SVG_NAMESPACE_OB3",
    "BakedPayload",
    "bake",
    "bake_png",
    "bake_svg",
    "baked_payloads",
    "jws_payload",
    "payload_version",
    "require_png_or_svg",
    "sniff_image_format",
    "tiny_png",
    "unbake",
]

OB2_KEYWORD = "openbadges"
OB3_KEYWORD = "openbadgecredential"
_KEYWORDS = {OB2_KEYWORD.encode(): "2.0", OB3_KEYWORD.encode(): "3.0"}
SVG_NAMESPACE_OB2 = "http://openbadges.org"
#: The OB 3.0 spec (Baking § SVG) binds the same prefix to this namespace for ``openbadges:credential``.
SVG_NAMESPACE_OB3 = "https://purl.imsglobal.org/ob/v3p0"
_TEXT_CHUNKS = (b"iTXt", b"tEXt", b"zTXt")
_COMPACT_JWS = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$")


@dataclass(frozen=True)
class BakedPayload:
    """What an image carries: the OB version, the raw text, and where it was found."""

    version: str  # "2.0" or "3.0"
    text: str
    image_format: str  # "png" or "svg"
    keyword: str  # PNG keyword or SVG element name
    compressed: bool = False
    verify: str | None = None  # SVG ``verify`` attribute
    container: str = ""  # the PNG chunk type (iTXt, tEXt, zTXt) or "svg"

    @property
    def is_jws(self) -> bool:
        return bool(_COMPACT_JWS.match(self.text.strip()))

    @property
    def data(self) -> dict[str, Any] | None:
        """The JSON object carried (for a compact JWS: its payload, unverified), or ``None`` for a bare URL."""
        text = self.text.strip()
        if text.startswith("{"):
            value = json.loads(text)
            return value if isinstance(value, dict) else None
        if self.is_jws:
            return jws_payload(text)
        return None


def jws_payload(token: str) -> dict[str, Any]:
    """The (unverified) JSON payload of a compact JWS."""
    part = token.strip().split(".")[1]
    value = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    if not isinstance(value, dict):
        raise ValueError("the JWS payload is not a JSON object")
    return value


def require_png_or_svg(data: bytes, name: str) -> str:
    """The format of ``data`` (``"png"`` or ``"svg"``); anything else is refused, naming ``name``."""
    found = sniff_image_format(data)
    if found not in ("png", "svg"):
        raise UnsupportedImageFormat(name, found)
    return found


def payload_version(payload: dict[str, Any] | str) -> str:
    """``"3.0"`` for a Verifiable Credential (JSON or VC-JWT), ``"2.0"`` otherwise."""
    data: Any = payload
    if isinstance(payload, str):
        text = payload.strip()
        if text.startswith("{"):
            try:
                data = json.loads(text)
            except json.JSONDecodeError as error:
                raise MalformedBakedImage("payload", f"the text to bake is not valid JSON ({error}).") from None
        elif _COMPACT_JWS.match(text):
            data = jws_payload(text)
        else:
            return "2.0"  # a bare assertion URL
    types = data.get("type", []) if isinstance(data, dict) else []
    types = [types] if isinstance(types, str) else types
    context = data.get("@context") if isinstance(data, dict) else None
    is_vc = "VerifiableCredential" in types or (isinstance(context, list) and "credentials/v2" in str(context[:1]))
    return "3.0" if is_vc else "2.0"


def _payload_text(payload: dict[str, Any] | str) -> str:
    return payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def bake(image: bytes, payload: dict[str, Any] | str, *, name: str = "image", version: str | None = None) -> bytes:
    """``image`` (PNG or SVG) carrying ``payload`` (a JSON object, a JSON text or a compact JWS).

    The version (keyword / element) follows the payload unless ``version`` says. An image in any other
    format is refused with :class:`UnsupportedImageFormat` naming ``name``.
    """
    version = version or payload_version(payload)
    text = _payload_text(payload)
    if require_png_or_svg(image, name) == "png":
        return bake_png(image, text, version=version, name=name)
    verify = None
    if version == "2.0" and isinstance(payload, dict) and isinstance(payload.get("id"), str):
        verify = payload["id"]  # hosted assertion: the URL a verifier fetches
    return bake_svg(image, text, version=version, name=name, verify=verify)


# --- PNG -----------------------------------------------------------------------------------------


def _png_chunks(data: bytes, name: str) -> list[tuple[int, int, bytes]]:
    """``(start, end, type)`` of every chunk up to and including ``IEND``; a broken structure is named."""
    if not data.startswith(PNG_SIGNATURE):
        raise MalformedBakedImage(name, "not a PNG file (the 8-byte PNG signature is missing).")
    chunks = []
    pos, size = 8, len(data)
    while True:
        if pos + 12 > size:
            raise MalformedBakedImage(name, f"the PNG is truncated at byte {pos}: no IEND chunk.")
        (length,) = struct.unpack_from(">I", data, pos)
        kind = data[pos + 4 : pos + 8]
        end = pos + 12 + length
        if not kind.isalpha():
            raise MalformedBakedImage(
                name, f"the PNG chunk at byte {pos} is damaged (type {kind!r} is not a chunk name)."
            )
        if end > size:
            raise MalformedBakedImage(
                name, f"the PNG is truncated: its {kind.decode()} chunk at byte {pos} runs past the end of the file."
            )
        chunks.append((pos, end, kind))
        if kind == b"IEND":
            return chunks
        pos = end


def _keyword(data: bytes, start: int) -> bytes:
    stop = data.find(b"\0", start + 8, min(start + 8 + 80, len(data)))
    return data[start + 8 : stop] if stop != -1 else b""


def _itxt_chunk(keyword: str, text: str) -> bytes:
    # keyword, NUL, compression flag 0, method 0, empty language tag + NUL, empty translated keyword + NUL
    body = keyword.encode("latin-1") + b"\0\0\0\0\0" + text.encode("utf-8")
    return struct.pack(">I", len(body)) + b"iTXt" + body + struct.pack(">I", zlib.crc32(b"iTXt" + body))


def bake_png(png: bytes, text: str, *, version: str = "2.0", name: str = "image") -> bytes:
    """``png`` with one ``iTXt`` chunk holding ``text``, before ``IEND``; old badge chunks removed."""
    keyword = OB3_KEYWORD if version.startswith("3") else OB2_KEYWORD
    chunks = _png_chunks(png, name)
    pieces = [png[:8]]
    kept_from = 8
    for start, end, kind in chunks:
        if kind in _TEXT_CHUNKS and _keyword(png, start) in _KEYWORDS:
            pieces.append(png[kept_from:start])  # drop an old payload: re-baking replaces it
            kept_from = end
        elif kind == b"IEND":
            pieces.append(png[kept_from:start])
            pieces.append(_itxt_chunk(keyword, text))
            pieces.append(png[start:end])
    return b"".join(pieces)


def _png_payloads(png: bytes, name: str) -> list[BakedPayload]:
    found = []
    for start, end, kind in _png_chunks(png, name):
        if kind not in _TEXT_CHUNKS:
            continue
        keyword = _keyword(png, start)
        if keyword not in _KEYWORDS:
            continue
        body = png[start + 8 : end - 4]
        (crc,) = struct.unpack_from(">I", png, end - 4)
        if zlib.crc32(kind + body) != crc:
            raise MalformedBakedImage(name, f"the {kind.decode()} chunk '{keyword.decode()}' fails its CRC check "
                                            "(the file was damaged after baking).")  # fmt: skip
        rest = body[len(keyword) + 1 :]
        compressed = False
        try:
            if kind == b"tEXt":
                text = rest.decode("latin-1")
            elif kind == b"zTXt":
                compressed, text = True, zlib.decompress(rest[1:]).decode("latin-1")
            else:
                flag, _method = rest[0], rest[1]
                lang_end = rest.index(b"\0", 2)
                translated_end = rest.index(b"\0", lang_end + 1)
                raw = rest[translated_end + 1 :]
                compressed = flag == 1
                text = (zlib.decompress(raw) if compressed else raw).decode("utf-8")
        except (IndexError, ValueError, zlib.error, UnicodeDecodeError) as error:
            raise MalformedBakedImage(
                name, f"the {kind.decode()} chunk '{keyword.decode()}' cannot be read ({error})."
            ) from None
        found.append(
            BakedPayload(_KEYWORDS[keyword], text, "png", keyword.decode(), compressed, container=kind.decode())
        )
    return found


# --- SVG -----------------------------------------------------------------------------------------

_SVG_START = re.compile(r"<svg\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>")
_OB_ELEMENT = re.compile(
    r"<openbadges:(assertion|credential)\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*?)(?:/>|>(.*?)</openbadges:\1\s*>)",
    re.DOTALL,
)
_NS_ATTR = re.compile(r"\s+xmlns:openbadges\s*=\s*(\"[^\"]*\"|'[^']*')")
_VERIFY_ATTR = re.compile(r"\bverify\s*=\s*(\"([^\"]*)\"|'([^']*)')")
_CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.DOTALL)


def _svg_text(svg: bytes, name: str) -> str:
    try:
        return svg.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise MalformedBakedImage(name, "the SVG is not UTF-8 text.") from None


def bake_svg(svg: bytes, text: str, *, version: str = "2.0", name: str = "image", verify: str | None = None) -> bytes:
    """``svg`` with one badge element right after its ``<svg>`` start tag; old badge elements removed.

    A compact JWS goes into the ``verify`` attribute; JSON goes into CDATA (with ``<`` and ``>`` written as
    JSON escapes, so no text can close the CDATA section or the element early).
    """
    source = _OB_ELEMENT.sub("", _svg_text(svg, name))
    match = _SVG_START.search(source)
    if match is None:
        raise MalformedBakedImage(name, "no <svg> start tag found.")
    tag = _NS_ATTR.sub("", match.group(0))
    namespace = SVG_NAMESPACE_OB3 if version.startswith("3") else SVG_NAMESPACE_OB2
    closing = ""
    if tag.endswith("/>"):
        tag, closing = tag[:-2].rstrip() + ">", "</svg>"
    tag = f"{tag[:4]} xmlns:openbadges={quoteattr(namespace)}{tag[4:]}"
    element = "credential" if version.startswith("3") else "assertion"
    stripped = text.strip()
    if _COMPACT_JWS.match(stripped):
        body, verify = "", stripped
    elif stripped.startswith("{"):
        body = "<![CDATA[" + stripped.replace("<", "\\u003c").replace(">", "\\u003e") + "]]>"
    else:
        body, verify = "", stripped  # a bare hosted-assertion URL
    attrs = f" verify={quoteattr(verify)}" if verify else ""
    baked = f"<openbadges:{element}{attrs}>{body}</openbadges:{element}>"
    out = source[: match.start()] + tag + baked + source[match.end() :] + closing
    return out.encode("utf-8")


def _svg_payloads(svg: bytes, name: str) -> list[BakedPayload]:
    source = _svg_text(svg, name)
    found = []
    for match in _OB_ELEMENT.finditer(source):
        element, attrs, body = match.group(1), match.group(2), match.group(3) or ""
        verify_match = _VERIFY_ATTR.search(attrs)
        verify = unescape(verify_match.group(2) or verify_match.group(3) or "") if verify_match else None
        cdata = _CDATA.search(body)
        text = cdata.group(1) if cdata else unescape(body).strip()
        if not text:
            if not verify:
                raise MalformedBakedImage(
                    name, f"the openbadges:{element} element is empty and has no verify attribute."
                )
            text = verify
        found.append(BakedPayload("3.0" if element == "credential" else "2.0", text, "svg",
                                  f"openbadges:{element}", verify=verify, container="svg"))  # fmt: skip
    return found


# --- both ----------------------------------------------------------------------------------------


def baked_payloads(image: bytes, name: str = "image") -> list[BakedPayload]:
    """Every badge payload in ``image``, in file order (a valid baked image has exactly one)."""
    kind = sniff_image_format(image)
    if kind == "png":
        return _png_payloads(image, name)
    if kind == "svg":
        return _svg_payloads(image, name)
    raise UnsupportedImageFormat(name, kind)


def unbake(image: bytes, name: str = "image") -> BakedPayload:
    """The badge payload of a baked image (the first one, as the spec says); :class:`NotBaked` when none.

    A JSON payload that does not parse is reported as :class:`MalformedBakedImage`.
    """
    payloads = baked_payloads(image, name)
    if not payloads:
        raise NotBaked(name)
    first = payloads[0]
    text = first.text.strip()
    if text.startswith("{"):
        try:
            json.loads(text)
        except json.JSONDecodeError as error:
            raise MalformedBakedImage(name, f"the baked {first.keyword} payload is not valid JSON ({error}).") from None
    elif first.is_jws:
        try:
            jws_payload(text)
        except (ValueError, UnicodeDecodeError) as error:
            raise MalformedBakedImage(name, f"the baked compact JWS has an unreadable payload ({error}).") from None
    return first


def tiny_png(width: int = 1, height: int = 1, rgb: tuple[int, int, int] = (200, 80, 40)) -> bytes:
    """A small valid PNG (for examples and tests), built without Pillow."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(b"\0" + bytes(rgb) * width for _ in range(height))
    return PNG_SIGNATURE + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")

"""Baking and unbaking PNG and SVG, for OB 2.0 and OB 3.0."""

from __future__ import annotations

import io
import json
import struct
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from badgeworkbench.openbadges import (
    MalformedBakedImage,
    NotBaked,
    UnsupportedImageFormat,
    bake,
    baked_payloads,
    unbake,
)
from badgeworkbench.openbadges.baking import SVG_NAMESPACE_OB2, SVG_NAMESPACE_OB3, bake_png, tiny_png

ASSERTION = {"@context": "https://w3id.org/openbadges/v2", "type": "Assertion",
             "id": "https://badges.example.org/ob2/assertions/1.json", "name": "Crème brûlée « test » ]]> </x>"}  # fmt: skip
CREDENTIAL = {"@context": ["https://www.w3.org/ns/credentials/v2",
                           "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
              "id": "urn:uuid:5ac28d96-bf61-4e0a-8253-617081920ab4",
              "type": ["VerifiableCredential", "OpenBadgeCredential"]}  # fmt: skip
JWS = "eyJhbGciOiJFZERTQSJ9.eyJ0eXBlIjpbIlZlcmlmaWFibGVDcmVkZW50aWFsIl19.c2lnbmF0dXJl"
SVG = b'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle r="4"/></svg>'


def chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    out, pos = [], 8
    while pos < len(png):
        (length,) = struct.unpack_from(">I", png, pos)
        out.append((png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + length]))
        pos += 12 + length
    return out


def test_png_ob2_round_trip_uses_uncompressed_itxt_openbadges():
    baked = bake(tiny_png(), ASSERTION)
    found = unbake(baked)
    assert (found.version, found.keyword, found.container, found.compressed) == ("2.0", "openbadges", "iTXt", False)
    assert found.data == ASSERTION
    itxt = [data for kind, data in chunks(baked) if kind == b"iTXt"]
    assert len(itxt) == 1 and itxt[0].startswith(b"openbadges\0\0\0")  # compression flag 0, method 0
    assert chunks(baked)[-1][0] == b"IEND"


def test_png_ob3_uses_openbadgecredential():
    found = unbake(bake(tiny_png(), CREDENTIAL))
    assert (found.version, found.keyword) == ("3.0", "openbadgecredential")
    assert found.data == CREDENTIAL
    assert unbake(bake(tiny_png(), JWS)).text == JWS


def test_rebaking_replaces_the_payload_exactly_once():
    once = bake(tiny_png(), ASSERTION)
    twice = bake(once, {**ASSERTION, "id": "https://badges.example.org/ob2/assertions/2.json"})
    payloads = baked_payloads(twice)
    assert len(payloads) == 1 and payloads[0].data["id"].endswith("/2.json")
    switched = bake(twice, CREDENTIAL)  # a 3.0 credential replaces the 2.0 assertion too
    assert [p.keyword for p in baked_payloads(switched)] == ["openbadgecredential"]
    assert len(switched) < len(once) + 400


def test_baked_png_still_decodes_as_an_image():
    from PIL import Image

    image = Image.open(io.BytesIO(bake(tiny_png(3, 2), ASSERTION)))
    image.load()
    assert image.size == (3, 2)


def test_svg_round_trips_for_both_versions():
    baked2 = bake(SVG, ASSERTION)
    text = baked2.decode()
    assert f'xmlns:openbadges="{SVG_NAMESPACE_OB2}"' in text
    assert f'<openbadges:assertion verify="{ASSERTION["id"]}"><![CDATA[' in text
    assert unbake(baked2).data == ASSERTION  # "]]>" and "</x>" in a value cannot break the CDATA
    baked3 = bake(baked2, CREDENTIAL)
    text3 = baked3.decode()
    assert text3.count("openbadges:assertion") == 0 and text3.count("<openbadges:credential") == 1
    assert f'xmlns:openbadges="{SVG_NAMESPACE_OB3}"' in text3 and SVG_NAMESPACE_OB2 not in text3
    assert unbake(baked3).data == CREDENTIAL
    signed = bake(SVG, JWS)
    assert f'<openbadges:credential verify="{JWS}"></openbadges:credential>' in signed.decode()
    assert unbake(signed).text == JWS
    import xml.etree.ElementTree as ET

    ET.fromstring(baked3)  # still well-formed XML


def test_element_comes_right_after_the_svg_start_tag():
    text = bake(SVG, ASSERTION).decode()
    start = text.index("<svg")
    assert text[text.index(">", start) + 1 :].startswith("<openbadges:assertion")


def test_non_png_or_svg_is_refused_by_name():
    with pytest.raises(UnsupportedImageFormat, match=r"photo\.jpg.*JPEG"):
        bake(b"\xff\xd8\xff\xe0rest", ASSERTION, name="photo.jpg")
    with pytest.raises(UnsupportedImageFormat, match=r"anim\.gif.*GIF"):
        unbake(b"GIF89a....", "anim.gif")


def test_malformed_baked_images_say_what_is_wrong():
    baked = bake(tiny_png(), ASSERTION)
    with pytest.raises(NotBaked, match="holds no baked badge"):
        unbake(tiny_png(), "plain.png")
    with pytest.raises(MalformedBakedImage, match="truncated"):
        unbake(baked[:-20], "cut.png")
    index = baked.index(b"openbadges\0") + 20
    damaged = baked[:index] + bytes([baked[index] ^ 0xFF]) + baked[index + 1 :]
    with pytest.raises(MalformedBakedImage, match="CRC"):
        unbake(damaged, "damaged.png")
    not_json = bake_png(tiny_png(), "{not json")
    with pytest.raises(MalformedBakedImage, match="not valid JSON"):
        unbake(not_json, "bad.png")


def test_compressed_itxt_is_read_and_flagged():
    body = b"openbadges\0\x01\x00\0\0" + zlib.compress(json.dumps(ASSERTION).encode())
    chunk = struct.pack(">I", len(body)) + b"iTXt" + body + struct.pack(">I", zlib.crc32(b"iTXt" + body))
    png = tiny_png()
    compressed = png[:-12] + chunk + png[-12:]
    found = unbake(compressed)
    assert found.compressed and found.data == ASSERTION


def test_interoperates_with_openbadges_bakery():
    bakery = pytest.importorskip("openbadges_bakery", reason="openbadges-bakery (test extra) is not installed")
    text = json.dumps(ASSERTION)
    theirs = io.BytesIO()
    bakery.bake(io.BytesIO(tiny_png()), text, theirs)
    assert unbake(theirs.getvalue()).data == ASSERTION
    assert json.loads(bakery.unbake(io.BytesIO(bake(tiny_png(), ASSERTION)))) == ASSERTION


@settings(max_examples=40, deadline=None)
@given(st.text(min_size=1, max_size=200))
def test_any_text_round_trips(value):
    payload = {**ASSERTION, "name": value}
    assert unbake(bake(tiny_png(), payload)).data == payload
    assert unbake(bake(SVG, payload)).data == payload

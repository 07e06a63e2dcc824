"""What kind of image some bytes are, judged by their content (never by a file name).

Kept apart from :mod:`badgeworkbench.openbadges.baking` so that checking a framework's uploaded images
(the publishing gate, run by ``validate``) does not import the Open Badges machinery.

>>> sniff_image_format(PNG_SIGNATURE + b"rest"), sniff_image_format(b"<svg xmlns='http://www.w3.org/2000/svg'/>"), sniff_image_format(b"GIF89a")
('png', 'svg', 'GIF')
"""

from __future__ import annotations

__all__ = ["PNG_SIGNATURE", "sniff_image_format"]

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def sniff_image_format(data: bytes) -> str:
    """``"png"``, ``"svg"``, or a description of what else the bytes are (``"JPEG"``, ``"GIF"``…)."""
    if data.startswith(PNG_SIGNATURE):
        return "png"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"<?xml", b"<svg", b"<!--", b"<!DOCTYPE svg", b"<!doctype svg")) and b"<svg" in head:
        return "svg"
    for magic, name in ((b"\xff\xd8\xff", "JPEG"), (b"GIF8", "GIF"), (b"BM", "BMP"), (b"%PDF", "PDF")):
        if data.startswith(magic):
            return name
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP"
    if data[4:12] in (b"ftypavif", b"ftypheic"):
        return "AVIF/HEIC"
    return "in an unknown format"

"""Images that facilitators upload (a partner's logo, a drawing): checked before anything reads them.

An upload is a PNG or an SVG file inside the framework folder (``images/logo.png``). It is
refused, with a sentence saying why and what to do, when it lies outside the folder, is larger
than 2 MB, is neither PNG nor SVG by its bytes (the file name is not trusted), is a PNG whose
pixel size is too large (a "decompression bomb": a small file that would need gigabytes once
decoded), or is an SVG that is not well-formed, declares entities (parsed with ``defusedxml``)
or holds a script or HTML; nothing in an upload is ever run. An accepted SVG is embedded as an image in SVG output,
where browsers show it without running scripts.
"""

from __future__ import annotations

import io
import struct
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from ..errors import BadgeWorkbenchError, PathOutsideFolder
from ..paths import inside

__all__ = ["MAX_UPLOAD_BYTES", "MAX_UPLOAD_PIXELS", "BadUpload", "Upload", "check_upload_bytes", "read_upload"]

#: Largest accepted upload file.
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
#: Largest accepted pixel count of a PNG upload (4096 × 4096): plenty for a badge, far below a bomb.
MAX_UPLOAD_PIXELS = 4096 * 4096

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class BadUpload(BadgeWorkbenchError):
    """An uploaded image was refused; the message says why and what to do, in French and English for the
    badge designer (:meth:`text`)."""

    def __init__(self, message: str, *, fr: str):
        super().__init__(message, fr=fr, en=message)


@dataclass(frozen=True)
class Upload:
    """A checked upload: ``kind`` is ``png`` or ``svg``; PNGs are decoded once into ``image`` (RGBA)."""

    path: str
    kind: str
    data: bytes
    width: int
    height: int
    image: Image.Image | None = None


_CACHE: dict[tuple[str, int, int], Upload] = {}


def read_upload(folder: str | Path, relpath: str) -> Upload:
    """Read and check the upload ``relpath`` of the framework folder ``folder``; raise :class:`BadUpload`.

    A file already checked is not read again while its size and modification time are unchanged,
    so live previews of a badge with an upload stay fast.
    """
    try:
        path = inside(folder, relpath)  # the one place that confines paths to the framework folder
    except PathOutsideFolder as error:
        raise BadUpload(f"{relpath!r} is refused, outside the framework folder: it {error.reason}. Copy the image "
                        "into the framework's 'images/' folder and name it from there, such as 'images/logo.png'.",
                        fr=f"« {relpath} » est refusé, hors du dossier du référentiel. Copiez l'image dans le dossier "
                           "« images/ » du référentiel et nommez-la depuis là, par exemple « images/logo.png ».") from None  # fmt: skip
    if not path.is_file():
        raise BadUpload(
            f"{relpath!r} does not exist in the framework folder: check the name or upload the image again.",
            fr=f"« {relpath} » n'existe pas dans le dossier du référentiel\u202f: vérifiez le nom ou déposez l'image "
               "à nouveau.",
        )
    stat = path.stat()
    size = stat.st_size
    key = (str(path), stat.st_mtime_ns, size)
    if key in _CACHE:
        return _CACHE[key]
    if size > MAX_UPLOAD_BYTES:
        raise _too_large(relpath, size)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise BadUpload(f"{relpath!r} cannot be read ({error.strerror}).",
                        fr=f"« {relpath} » ne peut pas être lu ({error.strerror})\u202f: déposez l'image à nouveau.") from None
    upload = check_upload_bytes(data, relpath)
    if len(_CACHE) > 64:
        _CACHE.clear()
    _CACHE[key] = upload
    return upload


def check_upload_bytes(data: bytes, name: str = "upload") -> Upload:
    """Check uploaded bytes (type by content, size, pixel count, SVG well-formedness)."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise _too_large(name, len(data))
    if data.startswith(_PNG_SIGNATURE):
        return _check_png(data, name)
    if _looks_like_svg(data):
        return _check_svg(data, name)
    raise BadUpload(
        f"{name!r} is neither a PNG nor an SVG image (judged by its content, not its name): export it as PNG or SVG.",
        fr=f"« {name} » n'est ni une image PNG ni une image SVG (d'après son contenu, pas son nom)\u202f: "
           "exportez-la en PNG ou en SVG.",
    )


def _too_large(name: str, size: int) -> BadUpload:
    megabytes = size / 1024 / 1024
    return BadUpload(f"{name!r} is {megabytes:.1f} MB; the limit is 2 MB: export a smaller PNG or an SVG.",
                     fr=f"« {name} » pèse {f'{megabytes:.1f}'.replace('.', ',')} Mo, la limite est de 2 Mo\u202f: "
                        "exportez un PNG plus petit ou un SVG.")  # fmt: skip


def _check_png(data: bytes, name: str) -> Upload:
    # The pixel size is in the IHDR chunk, right after the signature: judge it before Pillow decodes anything.
    if len(data) >= 24 and data[12:16] == b"IHDR":
        width, height = struct.unpack(">II", data[16:24])
        if width * height > MAX_UPLOAD_PIXELS:
            raise _bomb(name, width, height)
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that: make the warning an error too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=["PNG"]) as opened:
                width, height = opened.size  # read from the header, before any pixel is decoded
                if width * height > MAX_UPLOAD_PIXELS:
                    raise _bomb(name, width, height)
                opened.load()
                image = opened.convert("RGBA")
    except BadUpload:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _bomb(name, 0, 0) from None
    except (OSError, SyntaxError, ValueError) as error:
        raise BadUpload(f"{name!r} is a damaged PNG ({error}): export it again.",
                        fr=f"« {name} » est un PNG abîmé ({error})\u202f: exportez-le à nouveau.") from None
    return Upload(name, "png", data, width, height, image)


def _bomb(name: str, width: int, height: int) -> BadUpload:
    size = f" is {width} × {height} pixels" if width else " has too many pixels"
    size_fr = f" fait {width} × {height} pixels" if width else " a trop de pixels"
    return BadUpload(
        f"{name!r}{size}: images above 4096 × 4096 pixels are refused, as such a file could exhaust memory "
        "when decoded (decompression bomb). Resize it to at most 1024 × 1024 pixels.",
        fr=f"« {name} »{size_fr}\u202f: les images de plus de 4096 × 4096 pixels sont refusées, car les décoder "
           "pourrait épuiser la mémoire. Réduisez-la à 1024 × 1024 pixels au plus.",
    )


def _looks_like_svg(data: bytes) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype svg")) and b"<svg" in data[:65536].lower()


def _check_svg(data: bytes, name: str) -> Upload:
    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException

    try:
        root = SafeET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise BadUpload(
            f"{name!r} declares a DTD or entities, which are refused for safety: export a plain SVG.",
            fr=f"« {name} » déclare une DTD ou des entités, refusées par sécurité\u202f: exportez un SVG simple.",
        ) from None
    except Exception as error:
        raise BadUpload(f"{name!r} is not a well-formed SVG ({error}): export it again.",
                        fr=f"« {name} » n'est pas un SVG bien formé ({error})\u202f: exportez-le à nouveau.") from None
    if root.tag not in ("svg", "{http://www.w3.org/2000/svg}svg"):
        raise BadUpload(f"{name!r} is XML but not an SVG image (its root is <{root.tag}>): export it as SVG.",
                        fr=f"« {name} » est du XML mais pas une image SVG (sa racine est <{root.tag}>)\u202f: "
                           "exportez-la en SVG.")  # fmt: skip
    for element in root.iter():
        tag = str(element.tag).rsplit("}", 1)[-1]
        handlers = [a for a in element.attrib if str(a).rsplit("}", 1)[-1].lower().startswith("on")]
        if tag in ("script", "foreignObject") or handlers:
            # Browsers run no script in an SVG shown as an image, but other programs may inline it:
            # a badge drawing has no use for scripts, so none is let through.
            found = f"<{tag}>{' ' + handlers[0] if handlers else ''}"
            raise BadUpload(f"{name!r} contains a script or HTML ({found}): export a plain drawing, without scripts.",
                            fr=f"« {name} » contient un script ou du HTML ({found})\u202f: exportez un dessin simple, "
                               "sans script.")  # fmt: skip
    width, height = _svg_size(root)
    return Upload(name, "svg", data, width, height)


def _svg_size(root) -> tuple[int, int]:
    view_box = (root.get("viewBox") or "").replace(",", " ").split()
    try:
        if len(view_box) == 4:
            return max(1, round(float(view_box[2]))), max(1, round(float(view_box[3])))
        return (
            max(1, round(float((root.get("width") or "100").rstrip("px")))),
            max(1, round(float((root.get("height") or "100").rstrip("px")))),
        )
    except ValueError:
        return 100, 100

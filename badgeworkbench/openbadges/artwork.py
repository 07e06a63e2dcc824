"""Badge images for the exports, through one function: :func:`render_artworks` (one badge: :func:`badge_artwork`).

The picture and its caption come from the images package (``resolve_design``, ``render_design_image``,
``alt_text``); should it be missing, a plain deterministic placeholder is drawn here, so exports work
either way. An uploaded image (``badge.image.upload``) that is not PNG or SVG is refused by name.

Drawing is the costliest step of a large export, so many badges are drawn in worker processes
(one per core, up to four) while the JSON is built, and PNGs are compressed at zlib level 1: the
files are about a third larger, three times quicker to write, and identical from one run to the next.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import io
import multiprocessing
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import PathOutsideFolder
from ..model import Badge, Framework, text
from ..paths import inside
from .baking import require_png_or_svg
from .common import badge_languages
from .errors import OpenBadgesError

__all__ = ["IMAGE_SIZE", "PARALLEL_FROM", "Artwork", "Drawing", "badge_artwork", "caption", "render_artworks"]

#: Pixel size of exported badge images.
IMAGE_SIZE = 512
#: From this many badges on, images are drawn in worker processes.
PARALLEL_FROM = 200

try:
    from ..images import alt_text as _alt_text
    from ..images import alt_text_for as _alt_text_for
    from ..images import resolve_design as _resolve_design
    from ..images.render import png_bytes as _png_bytes
    from ..images.render import render_design_image as _render_design_image
except ImportError:  # pragma: no cover - the images package is part of the project
    _alt_text = _alt_text_for = _resolve_design = _png_bytes = _render_design_image = None  # type: ignore[assignment]


@dataclass(frozen=True)
class Artwork:
    """The bytes of a badge image, their format (``png``) and captions per language."""

    data: bytes
    extension: str
    captions: dict[str, str]


def caption(framework: Framework, badge: Badge, lang: str, images_dir: Path | None = None) -> str:
    """The alternative text of a badge image in ``lang`` (the designer's own text wins)."""
    if badge.image.alt.get(lang):
        return badge.image.alt[lang]
    if _alt_text is not None:
        return str(_alt_text(framework, badge, lang, folder=images_dir))
    name = text(badge.name, lang) or badge.id
    return f"Badge «\u202f{name}\u202f»" if lang == "fr" else f"Badge “{name}”"


def _placeholder_png(badge: Badge, size: int = 200) -> bytes:
    """A disc in a colour derived from the badge id: stable across runs and machines."""
    from PIL import Image, ImageDraw

    digest = hashlib.sha256(badge.id.encode()).digest()
    colour = (40 + digest[0] % 150, 40 + digest[1] % 150, 40 + digest[2] % 150)
    image = Image.new("P", (size, size), 0)
    image.putpalette([255, 255, 255, *colour, 255, 255, 255])
    draw = ImageDraw.Draw(image)
    draw.ellipse((4, 4, size - 4, size - 4), fill=1, outline=2, width=6)
    draw.ellipse((size // 3, size // 3, 2 * size // 3, 2 * size // 3), fill=2)
    out = io.BytesIO()
    image.save(out, format="PNG", transparency=0, compress_level=6)
    return out.getvalue()


def _check_upload(badge: Badge, images_dir: Path | None) -> None:
    """Refuse, by name, an uploaded image that is not PNG or SVG (Open Badges allows only those)."""
    upload = badge.image.upload
    if not upload:
        return
    if images_dir is None:
        raise OpenBadgesError(
            f"badge '{badge.id}': its image file {upload!r} cannot be read without the framework folder. "
            "Give the framework folder (images_dir), or remove image.upload to use the drawn image."
        )
    try:
        # The export library is called directly too: the path is confined here, not only by the CLI's gate.
        path = inside(images_dir, upload)
    except PathOutsideFolder as error:
        raise OpenBadgesError(
            f"badge '{badge.id}': its image file {upload!r} {error.reason}. Nothing outside the folder was read: "
            "copy the image into the framework's 'images/' folder and name it from there in the badge's image."
        ) from None
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError as error:
        raise OpenBadgesError(
            f"badge '{badge.id}': its image file {path} cannot be read ({error.strerror}). "
            "Fix image.upload in the badge file, or remove it to use the drawn image."
        ) from None
    require_png_or_svg(head, f"badge '{badge.id}' image {upload}")


def _captions(
    framework: Framework, badge: Badge, languages: list[str], images_dir: Path | None, design: Any = None
) -> dict[str, str]:
    if _alt_text_for is None:
        return {lang: caption(framework, badge, lang, images_dir) for lang in languages}
    design = design or _resolve_design(framework, badge, folder=images_dir)
    return {lang: badge.image.alt.get(lang) or str(_alt_text_for(framework, design, lang)) for lang in languages}


def _png(framework: Framework, badge: Badge, images_dir: Path | None, size: int, design: Any = None) -> bytes:
    if _render_design_image is None:
        return _placeholder_png(badge)
    design = design or _resolve_design(framework, badge, folder=images_dir)
    return _png_bytes(_render_design_image(design, size), 1)


def badge_artwork(
    framework: Framework, badge: Badge, languages: list[str], images_dir: Path | None = None, size: int = IMAGE_SIZE
) -> Artwork:
    """The PNG image of ``badge`` (with its upload, if any) and its captions in ``languages``."""
    _check_upload(badge, images_dir)
    design = _resolve_design(framework, badge, folder=images_dir) if _resolve_design is not None else None
    return Artwork(_png(framework, badge, images_dir, size, design), "png",
                   _captions(framework, badge, languages, images_dir, design))  # fmt: skip


# --- many badges at once -------------------------------------------------------------------------


def _draw_designs(designs: list[tuple[str, Any]], size: int) -> list[tuple[str, bytes]]:
    """PNG bytes of already resolved designs (what the worker processes do)."""
    return [(badge_id, _png_bytes(_render_design_image(design, size), 1)) for badge_id, design in designs]


def _workers(count: int) -> int:
    if count < PARALLEL_FROM or _render_design_image is None:
        return 1
    return max(1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1))


def _process_context() -> Any:
    """``fork`` when this process runs a single thread (quick: no module re-imported, no script re-run);
    otherwise ``forkserver`` (a Jupyter kernel runs threads, and forking those is unsafe), else ``spawn``."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])
        return context
    return multiprocessing.get_context("spawn")


class Drawing:
    """Badge images being drawn — in worker processes for many badges — while the caller goes on.

    Each badge's design is resolved here, once: its captions are answered at once by ``captions()``,
    and the design goes to a worker that only draws. ``images()`` waits for the PNGs. Use it as a
    context manager so the workers always stop. If worker processes cannot start, drawing happens here.
    """

    def __init__(self, framework: Framework, badges: list[Badge], images_dir: Path | None = None, *,
                 size: int = IMAGE_SIZE, progress: Callable[[int], None] | None = None):  # fmt: skip
        for badge in badges:
            _check_upload(badge, images_dir)  # a JPEG upload is refused before anything is drawn
        self.framework, self.badges, self.images_dir, self.size = framework, badges, images_dir, size
        self.progress = progress
        self._designs: dict[str, Any] = {}
        self._captions: dict[str, dict[str, str]] = {}
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None
        self._futures: list[concurrent.futures.Future[list[tuple[str, bytes]]]] = []
        workers = _workers(len(badges))
        if workers > 1:
            try:
                self._pool = concurrent.futures.ProcessPoolExecutor(workers, mp_context=_process_context())
            except Exception:  # no worker processes here (sandbox, limits): draw in this process
                self._pool = None
        step = max(1, len(badges) // (workers * 8))
        for start in range(0, len(badges), step):
            chunk = [(badge.id, self._resolve(badge)) for badge in badges[start : start + step]]
            if self._pool is not None and _render_design_image is not None:
                try:
                    self._futures.append(self._pool.submit(_draw_designs, chunk, size))
                except Exception:  # the pool broke: what is missing is drawn in images()
                    self.close()

    def _resolve(self, badge: Badge) -> Any:
        design = _resolve_design(self.framework, badge, folder=self.images_dir) if _resolve_design else None
        self._designs[badge.id] = design
        return design

    def captions(self, badge: Badge, languages: list[str]) -> dict[str, str]:
        return _captions(self.framework, badge, languages, self.images_dir, self._designs.get(badge.id))

    def images(self) -> dict[str, bytes]:
        """The PNG of every badge, by badge id (waits for the workers)."""
        found: dict[str, bytes] = {}
        try:
            for future in self._futures:
                drawn = future.result()
                found.update(drawn)
                if self.progress is not None:
                    self.progress(len(drawn))
        except Exception:  # workers died (memory, sandbox…): draw what is missing here; a real
            found = {}  # drawing error then surfaces from this process, with its own message
        finally:
            self.close()
        for badge in self.badges:
            if badge.id not in found:
                found[badge.id] = _png(self.framework, badge, self.images_dir, self.size, self._designs.get(badge.id))
                if self.progress is not None:
                    self.progress(1)
        return found

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> Drawing:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def render_artworks(
    framework: Framework,
    badges: list[Badge],
    images_dir: Path | None = None,
    *,
    size: int = IMAGE_SIZE,
    progress: Callable[[int], None] | None = None,
) -> dict[str, Artwork]:
    """The artwork of every badge, by badge id (all at once; see :class:`Drawing` to overlap with other work)."""
    with Drawing(framework, badges, images_dir, size=size, progress=progress) as drawing:
        captions = {b.id: drawing.captions(b, badge_languages(framework, b)) for b in badges}
        images = drawing.images()
    return {b.id: Artwork(images[b.id], "png", captions[b.id]) for b in badges}

"""Printable materials and the spreadsheet round trip.

- Materials: tick kits from ``materials.KITS`` (deck, cards, canvas, poster, run-sheet, partner
  summaries), choose the language, generate with ``materials.render_materials``; each file (a PDF and
  its HTML twin) is offered as a download link, and all of them as one zip.
- Spreadsheets: download a partner's template (``spreadsheets.template_xlsx``), upload the filled
  sheet, see what it would change (``spreadsheets.read_sheet``: added, changed, conflicts, rejected
  rows) and only then apply it (``spreadsheets.apply_sheet``, saved through the state like any edit).
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

import ipywidgets as w

from .. import materials
from ..errors import BadgeWorkbenchError
from ..interop import sheets as spreadsheets
from .base import Panel, esc
from .export import download_link
from .i18n import LABELS, LANGUAGES, error_text, t

__all__ = ["MaterialsPanel", "files_zip"]

_MIME = {"pdf": "application/pdf", "html": "text/html", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "csv": "text/csv", "png": "image/png", "svg": "image/svg+xml", "zip": "application/zip"}  # fmt: skip


def files_zip(files: dict[str, bytes], prefix: str) -> bytes:
    """``{filename: bytes}`` in one zip (under ``prefix/``), in memory."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(files.items()):
            archive.writestr(f"{prefix}/{name}", data)
    return buffer.getvalue()


def _mime(name: str) -> str:
    return _MIME.get(name.rsplit(".", 1)[-1].lower(), "application/octet-stream")


class MaterialsPanel(Panel):
    """Cards, canvases and posters to print for a workshop; partner spreadsheets out and back in."""

    title_key = "materials.title"
    with_author = True

    def build(self) -> list[w.Widget]:
        L = self.label
        self.kits = {name: w.Checkbox(value=name in ("deck", "cards"), indent=False, layout=w.Layout(width="95%"))
                     for name in materials.KITS}  # fmt: skip
        L.on_language(self._kit_labels)
        self.material_language = L(w.ToggleButtons(options=[(n, c) for c, n in LANGUAGES.items()],
                                                   value=self.state.language), "materials.language")  # fmt: skip
        self.generate_button = L(w.Button(icon="print", button_style="primary"), "materials.generate")
        self.generate_button.on_click(lambda _: self.generate())
        self.files = w.HTML()
        self.generated: dict[str, bytes] = {}
        # the spreadsheet round trip
        self.partner = L(w.Dropdown(layout=w.Layout(width="360px")), "materials.partner")
        self.template_button = L(w.Button(icon="table"), "materials.template")
        self.template_button.on_click(lambda _: self.make_template())
        self.template_link = w.HTML()
        self.sheet_upload = L(w.FileUpload(accept=".xlsx,.csv", multiple=False), "materials.upload")
        self.sheet_upload.observe(self._sheet_uploaded, names="value")
        self.sheet_preview = w.HTML(layout=w.Layout(max_height="420px", overflow="auto"))
        self.apply_button = L(w.Button(icon="check", button_style="success", disabled=True), "materials.apply")
        self.apply_button.on_click(lambda _: self.apply())
        self.changes: spreadsheets.SheetChanges | None = None
        return [
            L.html("materials.kits", "h4"), w.VBox(list(self.kits.values())), self.material_language,
            self.generate_button, self.files,
            L.html("materials.sheets", "h4"), L.html("materials.sheets-help", "i"),
            w.HBox([self.partner, self.template_button]), self.template_link,
            self.sheet_upload, self.sheet_preview, self.apply_button,
        ]  # fmt: skip

    def _kit_labels(self, lang: str) -> None:
        for name, box in self.kits.items():
            key = f"materials.kit-{name}"
            box.description = t(key, lang) if key in LABELS else materials.KITS[name].description

    def refresh(self) -> None:
        fw, lang = self.state.framework, self.lang
        if fw is None:
            return
        value = self.partner.value
        self.partner.options = [(t("materials.any-partner", lang), "")] + [(p.name or p.id, p.id) for p in fw.partners]
        self.partner.value = value if value in {p.id for p in fw.partners} else (self.state.author_partner or "")
        self._show_refusal()

    def _show_refusal(self) -> None:
        """The last refused sheet, in the current language (it follows a language change)."""
        refused = getattr(self, "_refused", None)
        if refused is not None:
            name, error = refused
            said = t("materials.sheet-refused", self.lang, name=name, error=error_text(error, self.lang))
            self.sheet_preview.value = f"<b style='color:#b00020'>✖ {esc(said)}</b>"

    # --- materials ---------------------------------------------------------------------------------

    def generate(self) -> dict[str, bytes]:
        """Render the kits ticked, in the language chosen; offer every file and a zip of them all."""
        fw, lang = self.state.framework, self.lang
        chosen = [name for name, box in self.kits.items() if box.value]
        if not chosen:
            self.state.say("pick-kit", "warning")
            return {}
        try:
            files = materials.render_materials(fw, chosen, self.material_language.value)
        except BadgeWorkbenchError as error:
            self.files.value = (
                f"<b style='color:#b00020'>✖ {esc(t('materials.failed', lang, error=error_text(error, lang)))}</b>"
            )
            return {}
        self.generated = files
        links = "".join(
            f"<li>{download_link(data, name, name, _mime(name))}</li>" for name, data in sorted(files.items())
        )
        everything = download_link(files_zip(files, f"{fw.id}-supports"), f"{fw.id}-supports.zip",
                                   t("materials.all", lang, n=len(files)))  # fmt: skip
        self.files.value = f"<div class='bw-materials'><p>{everything}</p><ul>{links}</ul></div>"
        return files

    # --- spreadsheets ------------------------------------------------------------------------------

    def make_template(self) -> bytes:
        """The partner's spreadsheet template, to fill in offline."""
        fw = self.state.framework
        partner = self.partner.value or None
        data = spreadsheets.template_xlsx(fw, partner)
        name = f"{fw.id}-{partner or 'modele'}.xlsx"
        self.template_link.value = download_link(data, name, t("export.download", self.lang, name=name), _mime(name))
        return data

    def _sheet_uploaded(self, change: dict[str, Any]) -> None:
        files = change["new"]
        if not files:
            return
        try:
            self.read(bytes(files[0]["content"]), str(files[0].get("name", "")))
        finally:
            self.sheet_upload.value = ()

    def read(self, data: bytes, name: str = "") -> spreadsheets.SheetChanges | None:
        """What the sheet would change, shown before anything is changed."""
        fw, lang = self.state.framework, self.lang
        self.apply_button.disabled = True
        try:
            changes = spreadsheets.read_sheet(fw, data, self.partner.value or None)
        except BadgeWorkbenchError as error:
            self.changes = None
            self._refused = (name, error)
            self._show_refusal()
            return None
        self._refused = None
        self.changes = changes
        colon = "\u202f:" if lang == "fr" else ":"
        sections = [
            ("added", "#2e7d32", [f"{c.kind}:{c.id} ({c.sheet}, {c.row})" for c in changes.added]),
            ("changed", "#0b5394", [f"{c.kind}:{c.id} ({c.sheet}, {c.row}) — " + "; ".join(
                f"{k}{colon} {o} → {n}" for k, (o, n) in c.fields.items())
                for c in changes.changed]),
            ("conflicts", "#9a6700", [f"{c.kind}:{c.id} ({c.sheet}, {c.row}) — {c.message.get(lang) or c.message['en']}"
                                      for c in changes.conflicts]),
            ("rejected", "#b00020", [p.text(lang) for p in changes.rejected]),
        ]  # fmt: skip
        self.sheet_preview.value = (
            "".join(
                f"<div class='bw-sheet-{key}'><b style='color:{colour}'>{esc(t('materials.sheet-' + key, lang, n=len(rows)))}</b>"
                f"<ul>{''.join(f'<li>{esc(r)}</li>' for r in rows)}</ul></div>"
                for key, colour, rows in sections
            )
            + f"<small>{esc(t('materials.sheet-unchanged', lang, n=len(changes.unchanged)))}</small>"
        )
        self.apply_button.disabled = not (changes.added or changes.changed)
        return changes

    def apply(self) -> bool:
        """Apply the rows shown (never the conflicts or rejected rows), saved like any edit."""
        changes = self.changes
        if changes is None:
            return False
        done = self.edit(lambda fw: spreadsheets.apply_sheet(fw, changes),
                         t("materials.applied", self.lang, n=len(changes.added) + len(changes.changed)))  # fmt: skip
        if done:
            self.changes = None
            self.apply_button.disabled = True
        return done

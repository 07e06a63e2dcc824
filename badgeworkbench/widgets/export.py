"""Export for coordinators: base URL, check, export (Open Badges 2.0 / 3.0, site, CASE) with a progress
bar, problems listed with a way to jump to the item, and a zip to download.

The check is ``workspace.validate_folder`` (the files as saved, with file and line); the export is
``openbadges.export_framework`` (its progress callback feeds the bar), written atomically by
``openbadges.write_export`` and checked by ``openbadges.check_export`` (official schemas when
``../shared`` is there). The zip is offered as a link carrying its bytes (works offline in JupyterLab).
"""

from __future__ import annotations

import base64
import io
import os
import re
import zipfile
from pathlib import Path
from typing import Any

import ipywidgets as w

from .. import openbadges
from ..errors import BadgeWorkbenchError
from ..files import framework_files
from ..report import Problem, Report
from ..workspace import validate_folder
from .base import Panel, esc
from .i18n import error_text, t
from .problems import ProblemList
from .start import item_card

__all__ = ["ExportPanel", "default_export_folder", "download_link", "export_item", "folder_zip", "framework_zip"]

#: Above this size the zip is written beside the export and linked, not carried inside the page.
MAX_INLINE_BYTES = 25 * 1024 * 1024


def framework_zip(framework: Any) -> bytes:
    """The framework's files (as saved) in a zip, in memory."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for relpath, content in sorted(framework_files(framework).items()):
            archive.writestr(f"{framework.id}/{relpath}", content)
    return buffer.getvalue()


def folder_zip(folder: str | os.PathLike[str], prefix: str) -> bytes:
    """Every file under ``folder`` in a zip (paths under ``prefix/``), in memory, in a stable order."""
    root = Path(folder)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            archive.write(path, f"{prefix}/{path.relative_to(root).as_posix()}")
    return buffer.getvalue()


def download_link(data: bytes, filename: str, label: str, mime: str = "application/zip") -> str:
    """An HTML link that downloads ``data`` from the page itself (works offline, no server route)."""
    encoded = base64.b64encode(data).decode("ascii")
    return (f"<a download='{esc(filename)}' href='data:{mime};base64,{encoded}' class='bw-download' "
            f"style='font-size:1.1em'>⬇ {esc(label)}</a> <small>({len(data) // 1024 + 1} Kio)</small>")  # fmt: skip


def default_export_folder(framework_path: str | os.PathLike[str], framework_id: str) -> Path:
    """``exports/<framework id>`` beside the ``frameworks/`` folder (or beside the framework folder)."""
    folder = Path(framework_path).resolve()
    base = folder.parent.parent if folder.parent.name == "frameworks" else folder.parent
    return base / "exports" / framework_id


def export_item(framework: Any, problem: Problem) -> str | None:
    """The framework item a problem is about: its ``item``, or for a problem in an exported file
    (``ob3/achievements/cuisine.fr.json``, ``ob2/endorsements/cuisine--cnam.json``) the badge or
    partner the file was made from."""
    if problem.item:
        return problem.item
    stem = Path(problem.file or "").name.split(".", 1)[0]
    for part in stem.split("--"):
        if framework.badge(part) is not None:
            return f"badge:{part}"
        if framework.partner(part) is not None:
            return f"partner:{part}"
    return None


class ExportPanel(Panel):
    """Check, then export; problems listed with a jump to the item; the export as a zip."""

    title_key = "export.title"

    def build(self) -> list[w.Widget]:
        L = self.label
        self.base_url = L(w.Text(layout=w.Layout(width="60%")), "export.base-url")
        L(self.base_url, "export.base-url-placeholder", "placeholder")
        self.save_url_button = L(w.Button(icon="save"), "export.save-url")
        self.save_url_button.on_click(self._save_url)
        self.check_button = L(w.Button(icon="check", button_style="primary"), "export.check")
        self.check_button.on_click(lambda _: self.run_check())
        self.verdict = w.HTML()
        self.problems = ProblemList(on_jump=self._jump)
        self.item_view = w.HTML()
        self.parts = {part: L(w.Checkbox(value=True, indent=False, layout=w.Layout(width="190px")), f"export.part-{part}")
                      for part in openbadges.PARTS}  # fmt: skip
        self.include_unadopted = L(w.Checkbox(value=False, indent=False), "export.include-unadopted")
        self.folder = L(w.Text(layout=w.Layout(width="60%")), "export.folder")
        self.export_button = L(w.Button(icon="upload", button_style="success"), "export.run")
        self.export_button.on_click(lambda _: self.run_export())
        self.progress = w.IntProgress(value=0, min=0, max=1, layout=w.Layout(width="60%"))
        self.progress_text = w.HTML()
        self.export_verdict = w.HTML()
        self.download = w.HTML()
        self.zip_button = L(w.Button(icon="file-archive-o"), "export.zip-framework")
        self.zip_button.on_click(lambda _: self.make_framework_zip())
        self.export_report = Report([])
        self._refusal: BaseException | None = None
        # The check reads the files as saved: an edit is shown before it is saved, so check again once it is.
        self.state.observe(lambda _: self.state.framework is not None and self.run_check(), names="saves")
        return [w.HBox([self.base_url, self.save_url_button]), self.check_button, self.verdict,
                self.problems, self.item_view,
                L.html("export.exports", "h4"), w.HBox(list(self.parts.values())), self.include_unadopted,
                self.folder, self.export_button, w.HBox([self.progress, self.progress_text]), self.export_verdict,
                self.download, self.zip_button]  # fmt: skip

    def _on_framework(self, change: Any) -> None:
        # A refusal was about the framework as it was: once it changes (the issuer chosen in the designer,
        # another partner's save), the refusal and the badges it listed go; the check lists what remains.
        if self._refusal is not None:
            self._refusal, self.export_report = None, Report([])
            self.export_verdict.value, self.progress.bar_style = "", ""
        super()._on_framework(change)

    def refresh(self) -> None:
        fw = self.state.framework
        if fw is None:
            return
        self._show_refusal()
        if not self.base_url.value:
            self.base_url.value = fw.url
        if not self.folder.value and self.state.path:
            self.folder.value = str(default_export_folder(self.state.path, fw.id))
        # The check reads the saved files: during an edit they are not written yet, and the save that follows
        # checks again (``saves``). Checking now would read every file of the folder for nothing.
        if not self.state.has_unsaved_edits:
            self.run_check()

    # --- checking ----------------------------------------------------------------------------------

    def run_check(self) -> Report:
        """The publishing gate on the saved files (``workspace.validate_folder``, what ``validate`` prints): every
        problem, with its file and line. "Ready" means Exporter will not refuse: it passes this same report."""
        lang = self.lang
        report = validate_folder(self.state.path) if self.state.path else self.state.report
        self.check_report = report
        self._list(report + self.export_report)
        if report.ok:
            self.verdict.value = (
                f"<b style='color:#2e7d32'>✔ {esc(t('export.ready', lang, w=len(report.warnings)))}</b>"
            )
        else:
            self.verdict.value = (
                f"<b style='color:#b00020'>✖ {esc(t('export.not-ready', lang, n=len(report.errors)))}</b>"
            )
        return report

    def _list(self, report: Report) -> None:
        """The problems grouped by kind, errors first (``Report.grouped``), one line per kind until opened.
        A refused export gives back the errors the check already listed: each is counted once."""
        seen: set[tuple[object, ...]] = set()
        unique = []
        for p in report.problems:
            key = (p.code, str(p.severity), p.item, p.field, p.file, p.line, p.text("en"))
            if key not in seen:
                seen.add(key)
                unique.append(p)
        self.problems.show(unique, self.lang, t("const.no-problem", self.lang))

    def _jump(self, problem: Problem) -> None:
        item = export_item(self.state.framework, problem)
        if item:
            self.state.selected = item
        self.item_view.value = item_card(self.state, self.state.selected, self.lang)

    def _save_url(self, _button: Any = None) -> None:
        url = self.base_url.value.strip()
        self.edit(lambda fw: fw.replace(url=url), url)

    # --- exporting ---------------------------------------------------------------------------------

    def _progress(self, done: int, total: int) -> None:
        self.progress.max = max(1, total)
        self.progress.value = min(done, total)
        self.progress_text.value = f"<small>{done} / {total}</small>"

    def run_export(self) -> Path | None:
        """Export the parts ticked to the folder, check the files, list the problems, offer the zip."""
        fw, lang = self.state.framework, self.lang
        parts = [part for part, box in self.parts.items() if box.value]
        url = self.base_url.value.strip()
        self.download.value = ""
        if not parts or not url or not self.folder.value.strip():
            self.state.say("export-needs", "warning")
            return None
        self.progress.value, self.progress.bar_style = 0, ""
        checked = self.run_check()  # the very report "Vérifier" shows: the export refuses exactly what it lists
        try:
            result = openbadges.export_framework(fw, url, only=parts, include_unadopted=self.include_unadopted.value,
                                                 progress=self._progress, images_dir=self.state.path,
                                                 checked=checked)  # fmt: skip
            out = openbadges.write_export(result, self.folder.value.strip())
        except (BadgeWorkbenchError, OSError) as error:
            self.progress.bar_style = "danger"
            self._refusal = error
            # A refusal about some badges (no issuer…) also lists them, each with a jump to the badge.
            problems = getattr(error, "problems", None)
            self.export_report = Report(problems()) if callable(problems) else Report([])
            self._list(self.check_report + self.export_report)
            self._show_refusal()
            return None
        self._refusal = None
        self.progress.value = self.progress.max
        self.export_report = openbadges.check_export(out)
        self._list(self.check_report + self.export_report)
        errors = len(self.export_report.errors)
        self.progress.bar_style = "danger" if errors else "success"
        self.export_verdict.value = (
            f"<b style='color:{'#b00020' if errors else '#2e7d32'}'>{'✖' if errors else '✔'} "
            f"{esc(t('export.done', lang, n=len(result.files), folder=out, e=errors, w=len(self.export_report.warnings)))}</b>"
        )
        data = folder_zip(out, out.name)
        name = f"{fw.id}-export.zip"
        if len(data) <= MAX_INLINE_BYTES:
            self.download.value = download_link(data, name, t("export.download", lang, name=name))
        else:  # too large to carry in the page: written beside the export folder instead
            target = out.parent / name
            target.write_bytes(data)
            self.download.value = f"<code>{esc(target)}</code>"
        self.state.say("done", "success", what=re.sub(r"\s+", " ", t("export.run", lang)))
        return out

    def _show_refusal(self) -> None:
        """The last export's refusal, in the current language (it follows a language change)."""
        error = getattr(self, "_refusal", None)
        if error is not None:
            text = t("export.failed", self.lang, error=error_text(error, self.lang))
            self.export_verdict.value = f"<b style='color:#b00020'>✖ {esc(text)}</b>"

    def make_framework_zip(self) -> bytes:
        fw = self.state.framework
        data = framework_zip(fw)
        self.download.value = download_link(data, f"{fw.id}.zip", t("export.download", self.lang, name=f"{fw.id}.zip"))
        return data

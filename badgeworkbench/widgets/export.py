"""Export for coordinators: base URL, check, export (Open Badges 2.0 / 3.0, site, CASE) with a progress
bar, problems listed with a way to jump to the item, and a zip to download.

The Open Badges exporters come from ``badgeworkbench.openbadges``; until it is installed the panel
says so, and still checks the framework and offers the framework itself as a zip.
"""

from __future__ import annotations

import base64
import io
import zipfile
from typing import Any

import ipywidgets as w

from ..files import framework_files
from .base import Panel, esc, unavailable
from .features import optional
from .i18n import t
from .start import item_card, problem_options

__all__ = ["ExportPanel", "download_link", "framework_zip"]


def framework_zip(framework: Any) -> bytes:
    """The framework's files (as saved) in a zip, in memory."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for relpath, content in sorted(framework_files(framework).items()):
            archive.writestr(f"{framework.id}/{relpath}", content)
    return buffer.getvalue()


def download_link(data: bytes, filename: str, label: str, mime: str = "application/zip") -> str:
    """An HTML link that downloads ``data`` from the page itself (works offline, no server route)."""
    encoded = base64.b64encode(data).decode("ascii")
    return (f"<a download='{esc(filename)}' href='data:{mime};base64,{encoded}' class='bw-download' "
            f"style='font-size:1.1em'>⬇ {esc(label)}</a> <small>({len(data) // 1024 + 1} Kio)</small>")  # fmt: skip


class ExportPanel(Panel):
    """Check, then export; problems listed with a jump to the item."""

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
        self.problems = w.Select(rows=8, layout=w.Layout(width="95%"))
        self.jump_button = L(w.Button(icon="arrow-right"), "start.jump")
        self.jump_button.on_click(self._jump)
        self.item_view = w.HTML()
        self.progress = w.IntProgress(value=0, min=0, max=1, layout=w.Layout(width="60%"))
        self.exporter = optional("badgeworkbench.openbadges", "export")
        self.export_note = unavailable(L, "export.unavailable") if self.exporter is None else w.HTML()
        self.download = w.HTML()
        self.zip_button = L(w.Button(icon="file-archive-o"), "export.zip-framework")
        self.zip_button.on_click(lambda _: self.make_framework_zip())
        return [w.HBox([self.base_url, self.save_url_button]), self.check_button, self.verdict,
                w.HBox([self.problems, self.jump_button]), self.item_view,
                L.html("export.exports", "h4"), self.export_note, self.progress, self.zip_button, self.download]  # fmt: skip

    def refresh(self) -> None:
        fw = self.state.framework
        if fw is None:
            return
        if not self.base_url.value:
            self.base_url.value = fw.url
        self.run_check()

    def run_check(self) -> None:
        report, lang = self.state.report, self.lang
        self.problems.options = problem_options(report, lang, "error") + problem_options(report, lang, "warning")
        if report.ok:
            self.verdict.value = (
                f"<b style='color:#2e7d32'>✅ {esc(t('export.ready', lang, w=len(report.warnings)))}</b>"
            )
        else:
            self.verdict.value = (
                f"<b style='color:#b00020'>⛔ {esc(t('export.not-ready', lang, n=len(report.errors)))}</b>"
            )

    def _jump(self, _button: Any = None) -> None:
        if self.problems.value is None:
            return
        problem = self.state.report.problems[self.problems.value]
        if problem.item:
            self.state.selected = problem.item
        self.item_view.value = item_card(self.state, self.state.selected, self.lang)

    def _save_url(self, _button: Any = None) -> None:
        url = self.base_url.value.strip()
        self.edit(lambda fw: fw.replace(url=url), url)

    def make_framework_zip(self) -> bytes:
        fw = self.state.framework
        self.progress.max, self.progress.value = 1, 0
        data = framework_zip(fw)
        self.progress.value = 1
        self.download.value = download_link(data, f"{fw.id}.zip", t("export.download", self.lang, name=f"{fw.id}.zip"))
        return data

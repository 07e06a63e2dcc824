"""Verifying a badge, for an employer who has never heard of Open Badges: drop the badge image (or the
credential file), or paste a link to a published credential; the verdict in one line, ✔ or ✖ with the
reason; below it what the badge certifies, who issued it, when and until when, on which criteria, which
competencies (with their ROME, ESCO or CléA references as links) and which partners endorse it; the
detailed checks folded away.

The panel only reads what a person gives and shows what
:func:`badgeworkbench.openbadges.verify.verify_badge` decides: every check is the library's.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import ipywidgets as w

from ..errors import BadgeWorkbenchError
from ..imageformat import sniff_image_format
from ..openbadges.sources import DocumentSources
from ..openbadges.verify import human_date, verify_badge
from .base import Panel, colon, esc
from .export import default_export_folder
from .i18n import error_text, t

__all__ = ["VerifyPanel", "render_checks", "render_meaning"]

#: What the upload accepts: baked images and credential files.
ACCEPTED = ".png,.svg,.json,.jwt"

_ICONS = {"ok": "✔", "failed": "✖", "not-checked": "○"}
_COLOURS = {"ok": "#2e7d32", "failed": "#b00020", "not-checked": "#5a6275"}


class SourceUnreadable(BadgeWorkbenchError):
    """The link or path given to the panel could not be read (the sentence says which and why)."""

    def __init__(self, key: str, **values: Any):
        super().__init__(t(key, "en", **values), fr=t(key, "fr", **values), en=t(key, "en", **values))


def _link(url: str, label: str) -> str:
    if url.startswith(("https://", "http://")):
        return f"<a href='{esc(url)}' target='_blank' rel='noopener'>{esc(label)}</a>"
    return esc(label)


def _image(data: bytes | None, alt: str) -> str:
    if not data:
        return ""
    mime = "image/svg+xml" if sniff_image_format(data) == "svg" else "image/png"
    encoded = base64.b64encode(data).decode("ascii")
    return (f"<img class='bw-verify-image' src='data:{mime};base64,{encoded}' alt='{esc(alt)}' "
            "style='width:160px;height:160px;object-fit:contain;float:right;margin:0 0 1em 1em'>")  # fmt: skip


def _criteria(text: str) -> str:
    # The criteria are the narrative the workbench writes (paragraphs, "- " lists, **bold**): shown as such.
    from ..openbadges.site import markdown_to_html

    return markdown_to_html(text)


def render_meaning(meaning: Any, lang: str, identity: str = "", *, confirmed: bool = True) -> str:
    """What the badge means, in HTML, for a reader who has never seen an Open Badge (``meaning``: the
    verdict's :class:`~badgeworkbench.openbadges.verify.Meaning`). Unless ``confirmed`` (a genuine badge), it is
    shown as what the file claims: a forged badge's name must not read as a certification."""
    c = colon(lang)
    rows = [] if confirmed else [f"<p class='bw-verify-caution' style='color:#9a6700'><b>⚠ "
                                 f"{esc(t('verify.unconfirmed', lang))}</b></p>"]  # fmt: skip
    certifies = t("verify.certifies" if confirmed else "verify.claims", lang)
    rows += [_image(meaning.image, t("verify.image-alt", lang, name=meaning.badge_name)),
             f"<p style='font-size:1.1em'>{esc(certifies)}{c} <b class='bw-verify-name'>"
             f"{esc(meaning.badge_name)}</b></p>"]  # fmt: skip
    if meaning.description:
        rows.append(f"<p><i>{esc(meaning.description)}</i></p>")
    issuer = _link(meaning.issuer_url or "", meaning.issuer_name or meaning.issuer_url or "?")
    rows.append(f"<p>{esc(t('verify.issued-by', lang))}{c} <b>{issuer}</b></p>")
    when = [f"{esc(t('verify.issued-on', lang))} {esc(human_date(meaning.issued, lang))}"]
    if meaning.valid_until:
        when.append(f"{esc(t('verify.valid-until', lang))} {esc(human_date(meaning.valid_until, lang))}")
    else:
        when.append(esc(t("verify.no-end", lang)))
    rows.append("<p>" + " · ".join(when) + "</p>")
    if meaning.identity_matches is True:
        rows.append(f"<p style='color:#2e7d32'>✔ {esc(t('verify.identity-yes', lang, email=identity))}</p>")
    elif meaning.identity_matches is False:
        rows.append(f"<p style='color:#b00020'>✖ {esc(t('verify.identity-no', lang, email=identity))}</p>")
    else:
        rows.append(f"<p class='bw-verify-recipient'>{esc(t('verify.recipient-hidden', lang))}</p>")
    if meaning.criteria:
        rows.append(f"<h4>{esc(t('verify.criteria', lang))}</h4>{_criteria(meaning.criteria)}")
    if meaning.competencies:
        items = []
        for competency in meaning.competencies:
            name = competency.get("name") or competency.get("code") or "?"
            reference = " ".join(part for part in (competency.get("framework", ""), competency.get("code", "")) if part)
            url = competency.get("url", "")
            shown = _link(url, reference or url) if (reference or url) else ""
            items.append(f"<li>{esc(name)}" + (f" — <small>{shown}</small>" if shown else "") + "</li>")
        rows.append(f"<h4>{esc(t('verify.competencies', lang))}</h4><ul class='bw-verify-competencies'>"
                    + "".join(items) + "</ul>")  # fmt: skip
    if meaning.endorsers:
        items = []
        for endorser in meaning.endorsers:
            signed = t("verify.endorsement-signed" if endorser.get("signed") == "yes" else "verify.endorsement-unsigned",
                       lang)  # fmt: skip
            comment = endorser.get("comment", "")
            items.append(f"<li><b>{esc(endorser.get('name') or '?')}</b> <small>({esc(signed)})</small>"
                         + (f"{c} {esc(comment)}" if comment else "") + "</li>")  # fmt: skip
        source = (f"<p><small>{esc(t('verify.endorsements-from', lang, where=meaning.endorsements_from))}</small></p>"
                  if meaning.endorsements_from else "")  # fmt: skip
        rows.append(f"<h4>{esc(t('verify.endorsers', lang))}</h4>{source}<ul class='bw-verify-endorsers'>"
                    + "".join(items) + "</ul>")  # fmt: skip
    rows.append(f"<p><small>{esc(t('verify.about-open-badges', lang, version=meaning.version))}</small></p>")
    return "<div class='bw-verify-meaning'>" + "".join(rows) + "<div style='clear:both'></div></div>"


def render_checks(checks: Any, lang: str) -> str:
    """The detailed checks, one line each: ✔ done and passed, ✖ failed, ○ not checked (and why)."""
    rows = []
    for check in checks:
        key = f"verify.check-{check.name}"
        try:
            name = t(key, lang)
        except KeyError:  # a check the library added since: its own name
            name = check.name
        message = check.messages.get(lang) or check.messages.get("fr") or next(iter(check.messages.values()), "")
        rows.append(f"<li class='bw-check bw-check-{esc(check.outcome)}' style='color:{_COLOURS.get(check.outcome, '')}'>"
                    f"{_ICONS.get(check.outcome, '•')} <b>{esc(name)}</b>{colon(lang)} {esc(message)}</li>")  # fmt: skip
    return "<ul style='list-style:none;padding-left:0'>" + "".join(rows) + "</ul>"


class VerifyPanel(Panel):
    """Drop a badge or paste a link; the verdict in one line, the badge's meaning, the checks folded."""

    title_key = "verify.title"

    def build(self) -> list[w.Widget]:
        L = self.label
        self.upload = L(w.FileUpload(accept=ACCEPTED, multiple=False, icon="upload"), "verify.upload")
        self.upload.observe(self._uploaded, names="value")
        self.link = L(w.Text(layout=w.Layout(width="70%")), "verify.link")
        L(self.link, "verify.link-placeholder", "placeholder")
        self.identity = L(w.Text(layout=w.Layout(width="50%")), "verify.identity")
        L(self.identity, "verify.identity-placeholder", "placeholder")
        self.folder = L(w.Text(layout=w.Layout(width="70%")), "verify.folder")
        self.offline = L(w.Checkbox(value=False, indent=False), "verify.offline")
        self.verify_button = L(w.Button(icon="check", button_style="primary"), "verify.run")
        self.verify_button.on_click(lambda _: self.verify())
        self.verdict_line = w.HTML()
        self.verdict_line.add_class("bw-verdict")
        self.meaning = w.HTML()
        self.checks = w.HTML()
        self.details = w.Accordion(children=[self.checks], selected_index=None)
        self.details.layout.display = "none"
        self.verdict: Any = None
        self._shown_identity = ""
        self._error: BaseException | None = None
        return [L.html("verify.intro", "p"), self.upload, self.link, self.identity, self.folder, self.offline,
                self.verify_button, self.verdict_line, self.meaning, self.details]  # fmt: skip

    def refresh(self) -> None:
        fw = self.state.framework
        if not self.folder.value and fw is not None and self.state.path:
            folder = default_export_folder(self.state.path, fw.id)
            if folder.is_dir():  # only an export that exists: its status lists and hosted copies are checked
                self.folder.value = str(folder)
        self.details.set_title(0, t("verify.details", self.lang))
        self._show()

    # --- reading what a person gives ----------------------------------------------------------------

    def _uploaded(self, change: dict[str, Any]) -> None:
        files = change["new"]
        if files:
            self.verify_bytes(bytes(files[0]["content"]), str(files[0].get("name", "") or "badge"))

    def _read_link(self, source: str) -> bytes:
        """The bytes at a link (``http(s)://``) or a local path; one sentence when they cannot be read.

        A link is read as the verifier reads every document (:class:`~badgeworkbench.openbadges.sources.DocumentSources`):
        from the export folder when it is under the base URL the folder is published at (so offline too), else
        fetched, unless "Hors ligne" is ticked."""
        if source.startswith(("https://", "http://")):
            folder = self.folder.value.strip()
            sources = DocumentSources(Path(folder).expanduser() if folder else None, self.offline.value, None)
            data = sources.get(source)
            if data is not None:
                return data
            why = sources.failures.get(source, "")
            if why == "offline":
                raise SourceUnreadable("verify.link-offline", source=source)
            if why == "missing":
                raise SourceUnreadable("verify.link-missing", source=source, folder=folder)
            raise SourceUnreadable("verify.link-failed", source=source, error=why.removeprefix("fetch: "))
        path = Path(source).expanduser()
        try:
            return path.read_bytes()
        except OSError as error:
            reason = error.strerror or str(error)
            raise SourceUnreadable("verify.path-failed", source=source, error=reason) from error

    # --- verifying ---------------------------------------------------------------------------------

    def verify(self) -> Any:
        """Verify the link or path typed (else the file last dropped); returns the verdict."""
        source = self.link.value.strip()
        if not source:
            files = self.upload.value
            if files:
                return self.verify_bytes(bytes(files[0]["content"]), str(files[0].get("name", "") or "badge"))
            self.state.say("verify-needs", "warning")
            return None
        try:
            data = self._read_link(source)
        except SourceUnreadable as error:
            self._refuse(error)
            return None
        return self.verify_bytes(data, source)

    def verify_bytes(self, data: bytes, source: str) -> Any:
        """Verify one badge file's bytes with the library and show its verdict."""
        folder = self.folder.value.strip()
        identity = self.identity.value.strip() or None
        try:
            verdict = verify_badge(data, source, export_folder=Path(folder).expanduser() if folder else None,
                                   offline=self.offline.value, identity=identity)  # fmt: skip
        except (BadgeWorkbenchError, OSError) as error:
            self._refuse(error)
            return None
        self.verdict, self._shown_identity, self._error = verdict, identity or "", None
        self.state.say("")
        self._show()
        return verdict

    def _refuse(self, error: BaseException) -> None:
        self.verdict, self._error = None, error
        self._show()

    def _show(self) -> None:
        """The last verdict (or refusal) in the current language."""
        lang = self.lang
        error = getattr(self, "_error", None)
        if error is not None:
            self.verdict_line.value = (
                f"<p style='font-size:1.25em;color:#b00020'><b>✖ {esc(error_text(error, lang))}</b></p>"
            )
            self.meaning.value, self.checks.value, self.details.layout.display = "", "", "none"
            return
        verdict = self.verdict
        if verdict is None:
            self.verdict_line.value = self.meaning.value = self.checks.value = ""
            self.details.layout.display = "none"
            return
        sentence = verdict.sentence(lang)
        if not sentence.startswith(("✔", "✖")):
            sentence = f"{'✔' if verdict.status == 'genuine' else '✖'} {sentence}"
        # green only for ✔: a genuine badge that is not the person's given is a ✖ sentence
        colour = "#2e7d32" if sentence.startswith("✔") else "#b00020"
        self.verdict_line.value = (f"<p class='bw-verdict-{esc(verdict.status)}' style='font-size:1.25em;color:{colour}'>"
                                   f"<b>{esc(sentence)}</b></p>")  # fmt: skip
        self.meaning.value = (render_meaning(verdict.meaning, lang, self._shown_identity,
                                             confirmed=verdict.status == "genuine") if verdict.meaning else "")  # fmt: skip
        self.checks.value = render_checks(verdict.checks, lang)
        self.details.layout.display = "" if verdict.checks else "none"

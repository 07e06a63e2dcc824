"""The analysis notebook, run headless and exported to HTML with nbconvert."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import ClassVar

import pytest
from click.testing import CliRunner

from badgeworkbench.cli import main
from badgeworkbench.errors import FrameworkFileError
from badgeworkbench.reports import analysis_report_html


@pytest.mark.slow
def test_the_analysis_report_is_a_self_contained_html_page(example_copy, tmp_path):
    out = tmp_path / "rapport.html"
    result = CliRunner().invoke(main, ["analysis-report", str(example_copy), "--out", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text("utf-8")
    assert "Parcours compétences vers l’emploi" in html and "Synthèse" in html
    assert html.count("image/svg+xml") >= 3  # constellation, coverage heatmap, contribution chart
    assert "Traceback" not in html and "load_framework(" not in html  # outputs only, no code


@pytest.mark.slow
def test_the_report_speaks_english_too(example_copy):
    html = analysis_report_html(example_copy, lang="en").decode("utf-8")
    assert "Summary" in html and "Partner contribution" in html


def test_a_missing_framework_is_named_before_any_kernel_starts(tmp_path):
    with pytest.raises(FrameworkFileError, match="no such folder"):
        analysis_report_html(tmp_path / "absent")


class _Loads(HTMLParser):
    """What a page loads by itself (scripts, styles, images, frames), and the text of its <h1>s and scripts."""

    LOADING: ClassVar[dict[str, str]] = {"script": "src", "link": "href", "img": "src", "iframe": "src", "source": "src", "embed": "src",
               "object": "data", "audio": "src", "video": "src", "use": "href", "image": "href"}

    def __init__(self):
        super().__init__()
        self.loaded, self.scripts, self.headings, self._in_h1 = [], [], [], False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "script":
            self.scripts.append(values)
        if tag in self.LOADING and values.get(self.LOADING[tag]):
            self.loaded.append(values[self.LOADING[tag]])
        if tag in ("use", "image") and values.get("xlink:href"):
            self.loaded.append(values["xlink:href"])
        if tag == "h1":
            self._in_h1 = True
            self.headings.append("")

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if self._in_h1:
            self.headings[-1] += data


HOSTILE_TITLE = '<script>alert("titre")</script> **gras** [lien](javascript:alert(1))'


@pytest.mark.slow
def test_the_report_runs_nothing_and_loads_nothing_from_the_network(example_copy):
    meta = (example_copy / "framework.yaml").read_text("utf-8")
    title = re.search(r"^  fr: .*$", meta, re.MULTILINE)[0]
    (example_copy / "framework.yaml").write_text(meta.replace(title, f"  fr: '{HOSTILE_TITLE}'", 1), "utf-8")
    badge = example_copy / "badges" / "accueil-public.yaml"
    badge.write_text(badge.read_text("utf-8").replace("fr: Accueil du public", "fr: '<img src=x onerror=alert(2)>'"),
                     "utf-8")
    page = analysis_report_html(example_copy).decode("utf-8")
    parser = _Loads()
    parser.feed(page)
    assert parser.scripts == []  # no require.js, no MathJax, no inline script: nothing runs when it is opened
    assert [url for url in parser.loaded if not url.startswith(("data:", "#"))] == []
    assert not re.search(r"url\(\s*['\"]?(https?:)?//|@import\s+['\"]?(https?:)?//", page)  # nor from the CSS
    assert HOSTILE_TITLE in [h.removesuffix("¶") for h in parser.headings]  # shown as text, every character of it
    assert "<img src=x" not in page and "cdnjs" not in page and "mathjax" not in page.lower()

"""The analysis notebook, run headless and exported to HTML with nbconvert."""

from __future__ import annotations

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

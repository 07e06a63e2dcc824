"""Reports made by running a notebook headless and converting it with nbconvert.

``analysis_report_html`` runs ``analysis.ipynb`` (shipped beside this module) on a framework
folder and returns the HTML, without the code cells: a report analysts can send to partners.

The page is self-contained and runs nothing: it is converted with the ``offline`` template
(``templates/offline``: the lab page without require.js, MathJax, Mermaid or the widget manager,
which the lab template loads from a CDN), and every text that comes from the framework reaches the
notebook's Markdown through :func:`markdown_text`, so a ``<script>`` in a title is shown, not run.

>>> markdown_text("<script>alert(1)</script> **x**")
'&lt;script&gt;alert\\\\(1\\\\)&lt;/script&gt; \\\\*\\\\*x\\\\*\\\\*'
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

from ..errors import BadgeWorkbenchError
from ..files import read_framework

__all__ = ["REPORTS", "TEMPLATES", "ReportFailed", "analysis_report_html", "markdown_text"]

REPORTS = Path(__file__).resolve().parent
#: The nbconvert templates of the reports, one folder each.
TEMPLATES = REPORTS / "templates"

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


class ReportFailed(BadgeWorkbenchError):
    """The report notebook stopped on an error."""


def markdown_text(value: object) -> str:
    """``value`` as literal text inside Markdown: HTML escaped, Markdown punctuation backslashed, one line."""
    escaped = html.escape(" ".join(str(value).split()), quote=False)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", escaped)


def analysis_report_html(framework_path: str | os.PathLike[str], lang: str = "fr", timeout: int = 300) -> bytes:
    """The analysis report of the framework in ``framework_path``, as one self-contained HTML page."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    from nbconvert import HTMLExporter

    folder = Path(framework_path).resolve()
    read_framework(folder)  # a clear sentence now, rather than a traceback inside the notebook
    notebook = nbformat.read(REPORTS / "analysis.ipynb", as_version=4)
    # The kernel must import this very badgeworkbench, installed or not: put its folder first on its path.
    package_root = str(Path(__file__).resolve().parents[2])
    python_path = os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH", "")) if p)
    env = {"BADGEWORKBENCH_FRAMEWORK": str(folder), "BADGEWORKBENCH_LANG": lang, "PYTHONPATH": python_path}
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)  # the kernel inherits the environment of this process
    try:
        NotebookClient(notebook, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    except CellExecutionError as error:
        raise ReportFailed(f"The analysis report of {folder} stopped on an error: {str(error).splitlines()[-1]}") from None
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    exporter = HTMLExporter(template_name="offline", extra_template_basedirs=[str(TEMPLATES)], exclude_input=True,
                            exclude_input_prompt=True, exclude_output_prompt=True)  # fmt: skip
    body, _ = exporter.from_notebook_node(notebook)
    return body.encode("utf-8")

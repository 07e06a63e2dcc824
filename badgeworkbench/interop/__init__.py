"""Interoperability: CASE 1.1, Moodle competency CSV, spreadsheets (xlsx and CSV templates),
reference frameworks (ESCO, ROME, RNCP, CléA), alignment search, and graph formats (GraphML, node-link JSON).

Every reader returns a model value (and a :class:`~badgeworkbench.report.Report` of what it met);
every writer returns a dict, text or bytes in memory. Writing files is the caller's job.

The submodules are imported on demand so that ``from badgeworkbench.interop.case import …`` stays
cheap:

- :mod:`.case` — :func:`framework_to_case_package`, :func:`case_package_to_framework` (a package:
  ``mapping``, ``export``, ``reading``);
- :mod:`.sheets` — the framework as xlsx/CSV templates and back: ``template_xlsx``, ``read_sheet``
  (a preview), ``apply_sheet`` (a package: ``columns``, ``template``, ``changes``, ``read``, ``apply``);
- :mod:`.moodle` — Moodle competency framework CSV;
- :mod:`.references` — reference sets (ESCO, ROME 4.0, RNCP, CléA, any CASE package) kept beside a framework
  (a package: ``sets``, ``folder``, and one module per source: ``rome``, ``esco``, ``rncp``, ``clea``, ``case``);
- :mod:`.align` — accent- and typo-tolerant alignment search;
- :mod:`.graphformats` — GraphML, node-link JSON and Cytoscape JSON for Gephi and Cytoscape;
- :mod:`.merge` — importing into an existing framework: update by id, never duplicate, list the changes;
- :mod:`.tabular` — CSV reading and writing shared by the importers (encodings, delimiters, huge cells,
  Excel dates, formula cells, HTML → Markdown).
"""

from __future__ import annotations

__all__ = ["align", "case", "graphformats", "merge", "moodle", "references", "sheets", "tabular"]

"""The ``badgeworkbench`` command: a thin skin over the library.

Each command module in this package (``spine.py``, ``openbadges.py``…) adds its commands to
:data:`main` when imported. The group imports a module only when one of its commands runs: it
knows every command's name, module and one-line help from :data:`COMMANDS`, so ``badgeworkbench
--help`` and ``--version`` start without importing pandas, matplotlib, nbformat or jsonschema.
A new command gets a row here (``tests/test_cli_startup.py`` says which row is missing or stale).
"""

from __future__ import annotations

from ._app import main, run

__all__ = ["COMMANDS", "main", "run"]

#: Command name → (module of this package that defines it, its one-line help: the first sentence
#: of its docstring, as ``--help`` lists it).
COMMANDS: dict[str, tuple[str, str]] = {
    "align": ("interop", "Search the reference sets beside a framework for QUERY (accents, case and typos do not "
                         "matter), or suggest alignments for one competency with --competency ID."),
    "analysis-report": ("reports", "Run the analysis notebook on a framework and write it as an HTML report "
                                   "(nbconvert)."),
    "analyze": ("constellation", "Summarise a constellation: uncovered competencies, badges outside pathways, "
                                 "cycles, duplicates, contribution."),
    "apply-sheet": ("materials", "Re-import a filled template: print the preview, then save the good rows (exit 1 "
                                 "if rows were rejected or in conflict)."),
    "award": ("openbadges", "Award badges to the earners listed in a spreadsheet: assertions, credentials, baked "
                            "images."),
    "bake": ("openbadges", "Bake an assertion/credential (JSON file, or a compact JWS) into a PNG or SVG image."),
    "check-export": ("openbadges", "Check every file of an export against the OB 2.0/3.0 rules and official schemas."),
    "diff": ("coauthoring", "Compare two frameworks field by field."),
    "draw": ("constellation", "Draw a constellation (or its coverage heatmap or partner contribution) to SVG or PNG."),
    "export": ("openbadges", "Export a framework as Open Badges 2.0 / 3.0, a CASE package and a static badge site."),
    "export-case": ("interop", "Export a framework as a CASE 1.1 package (CFPackage JSON)."),
    "export-graph": ("interop", "Export the framework's graph (competencies, badges, partners, pathways and their "
                                "links) for Gephi or Cytoscape."),
    "export-moodle": ("interop", "Export a framework as a Moodle competency framework CSV (Site administration › "
                                 "Competencies › Import)."),
    "fmt": ("spine", "Rewrite a framework's files in canonical form (stable order, one style)."),
    "import": ("interop", "Import a CASE package (JSON), a Moodle competency framework (CSV), an Open Badge (OB "
                          "2.0/3.0 JSON or baked PNG/SVG) or a filled spreadsheet (xlsx, or the framework CSV of "
                          "``badgeworkbench template``) into a framework."),
    "import-badges": ("openbadges", "Add existing badges (OB 2.0/3.0 JSON, baked PNG/SVG) to a framework, as "
                                    "proposed badges."),
    "info": ("spine", "Count what a framework holds: partners, territories, competencies, badges, pathways…"),
    "keygen": ("openbadges", "Create a private signing key file (mode 600; never overwritten)."),
    "lab": ("spine", "Open JupyterLab on the workbench notebooks."),
    "log": ("coauthoring", "Show who saved what, and when: the framework's change log (history/log.jsonl), and its "
                           "named versions."),
    "materials": ("materials", "Print workshop materials (PDF + HTML): badge cards, competency cards, canvases, "
                               "poster, run-sheet, partner summary."),
    "merge": ("coauthoring", "Merge two copies (OURS, THEIRS) of a framework edited separately from BASE."),
    "merge-file": ("coauthoring", "Git merge driver for one framework file: git config "
                                  "merge.badgeworkbench.driver \"badgeworkbench merge-file %O %A %B %P\"."),
    "new": ("spine", "Create a new, valid, empty framework in PATH."),
    "next": ("constellation", "What a learner can earn next: badges within reach, and the shortest routes to a "
                              "target badge."),
    "reference": ("interop", "Reference frameworks kept beside a framework (ESCO, ROME 4.0, RNCP, CléA, CASE) "
                             "for alignments."),
    "render": ("images", "Draw every badge's image as <id>.png (and <id>.svg); print image problems; exit 1 if any "
                         "is an error."),
    "revoke": ("openbadges", "Revoke an award: set its bit in the issuer's status list and mark its hosted OB 2.0 "
                             "assertion revoked."),
    "tag": ("coauthoring", "Name the framework as it is now (copied to history/versions/NAME/), to compare or "
                           "restore later."),
    "template": ("materials", "Write a spreadsheet template to fill offline (xlsx with instructions and drop-down "
                              "lists, or CSV)."),
    "unbake": ("openbadges", "Print the badge baked into a PNG or SVG image."),
    "validate": ("spine", "Check a framework."),
    "verify": ("openbadges", "Check badges (baked PNG/SVG, OB 2.0 assertion, OB 3.0 JSON or VC-JWT): genuine, "
                             "tampered, revoked, expired."),
}  # fmt: skip

main.lazy_commands = COMMANDS

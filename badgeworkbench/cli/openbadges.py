"""Open Badges commands: export, award, keygen, bake, unbake, check-export, import-badges."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ..files import read_framework, save_framework
from ..model import Framework
from ..openbadges import (
    award_badges,
    bake,
    check_export,
    export_framework,
    generate_key,
    import_badges,
    load_signing_key,
    unbake,
    write_export,
)
from ..openbadges.errors import OpenBadgesError
from ._app import echo_json, framework_path, main


def _signing_options(command: Any) -> Any:
    """``--proof di|jwt`` and ``--did web|key``, shared by export and award."""
    command = click.option(
        "--did", "did_method", type=click.Choice(["web", "key"]), default="web", show_default=True,
        help="Issuer identity of Data Integrity proofs: did:web (a DID document per issuing partner, published at "
             "<base-url>/issuers/<partner>/did.json) or did:key (the key itself, nothing to publish).",
    )(command)  # fmt: skip
    return click.option(
        "--proof", type=click.Choice(["di", "jwt"]), default="di", show_default=True,
        help="With --sign-key: a Data Integrity proof (eddsa-rdfc-2022, inside the .json, what OB 3.0 wallets "
             "expect) or a VC-JWT (.jwt beside the .json).",
    )(command)  # fmt: skip


def _signing_plan(sign_key: str | None, proof: str, did_method: str) -> Any:
    """The signing plan for ``--sign-key`` (None without a key)."""
    if not sign_key:
        return None
    from ..openbadges.issuing import SigningPlan

    return SigningPlan(load_signing_key(sign_key), proof, did_method)


def _publishable(path: str, what: str) -> tuple[Framework, Any]:
    """The framework in ``path`` and the gate's report, once the gate let it through (the same as ``validate``)."""
    from ..gate import open_publishable

    opened, report = open_publishable(path, what)
    return opened.framework, report


@main.command()
@click.argument("path", type=framework_path)
@click.option(
    "--base-url", required=True, help="Where the export will be published, e.g. https://badges.example.org/cvl/."
)
@click.option(
    "--out", "out_dir", required=True, type=click.Path(file_okay=False),
    help="Folder to write, all at once; of an earlier export there, only the files it wrote are replaced.",
)
@click.option("--only", default=None, help="Comma-separated parts among ob2, ob3, case, site (default: all available).")
@click.option("--include-unadopted", is_flag=True, help="Also export badges not yet adopted.")
@click.option("--force", is_flag=True,
              help="Write into a non-empty folder that holds no earlier export, or over exported files changed by hand "
                   "(what the export did not write is never removed).")  # fmt: skip
@click.option("--sign-key", type=click.Path(exists=True, dir_okay=False),
              help="Key file (from keygen) to sign every OB 3.0 EndorsementCredential; without it they are published "
                   "unsigned, and the report says so.")  # fmt: skip
@_signing_options
def export(path: str, base_url: str, out_dir: str, only: str | None, include_unadopted: bool, force: bool,
           sign_key: str | None, proof: str, did_method: str) -> None:  # fmt: skip
    """Export a framework as Open Badges 2.0 / 3.0, a CASE package and a static badge site.

    Refused, with the problems 'validate' reports, while the framework holds an error. The folder keeps
    every file the export did not write (CNAME, .git/, awards…). With --sign-key, the endorsements are
    signed (Data Integrity by default) and the issuers' DID documents published (did:web).
    """
    from tqdm import tqdm

    signing = _signing_plan(sign_key, proof, did_method)
    framework, checked = _publishable(path, "Export")
    with tqdm(total=1, unit="step", desc="export", disable=None, file=sys.stderr) as bar:

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        result = export_framework(framework, base_url, only=only, include_unadopted=include_unadopted,
                                  progress=progress, images_dir=path, checked=checked, signing=signing)  # fmt: skip
    written = write_export(result, out_dir, force=force)
    if result.report.problems:
        click.echo(result.report.to_table("en"), err=True)
    click.echo(f"{len(result.files)} files written to {written}.")


@main.command()
@click.argument("path", type=framework_path)
@click.option("--earners", required=True, type=click.Path(exists=True, dir_okay=False),
              help="CSV or xlsx with the columns identifier, badge, date, evidence (or identifiant, badge, date, preuve).")  # fmt: skip
@click.option("--base-url", required=True, help="Where the awards will be published (the export's base URL).")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Folder to write; an export folder gets the awards added to it.")  # fmt: skip
@click.option(
    "--sign-key",
    type=click.Path(exists=True, dir_okay=False),
    help="Key file (from keygen) to sign the OB 3.0 credentials (see --proof).",
)
@_signing_options
def award(path: str, earners: str, base_url: str, out_dir: str, sign_key: str | None, proof: str,
          did_method: str) -> None:  # fmt: skip
    """Award badges to the earners listed in a spreadsheet: assertions, credentials, baked images.

    Refused, with the problems 'validate' reports, while the framework holds an error. With --sign-key,
    the OB 3.0 credentials carry a Data Integrity proof (or, with --proof jwt, a VC-JWT beside them).
    """
    plan = _signing_plan(sign_key, proof, did_method)  # checks the key before any work
    key = plan.key if plan is not None else None
    framework, checked = _publishable(path, "Award")
    result = award_badges(framework, earners, base_url, signing_key=key, images_dir=path, checked=checked,
                          proof=proof, did=did_method, status_folder=out_dir)  # fmt: skip
    write_export(result, out_dir, merge=True)
    for summary in result.awards:
        click.echo(f"row {summary.row}: {summary.badge} → {', '.join(f for f in summary.files if 'baked' in f)}")
    if result.report.problems:
        click.echo(result.report.to_table("en"), err=True)
    click.echo(f"{len(result.awards)} award(s) written to {out_dir}; {len(result.report.errors)} row(s) rejected.")
    sys.exit(1 if result.report.errors else 0)


@main.command()
@click.argument("keyfile", type=click.Path(dir_okay=False))
@click.option("--algorithm", type=click.Choice(["EdDSA", "RS256"]), default="EdDSA", show_default=True,
              help="Ed25519 (EdDSA) or RSA 3072 (RS256).")  # fmt: skip
def keygen(keyfile: str, algorithm: str) -> None:
    """Create a private signing key file (mode 600; never overwritten)."""
    path = generate_key(keyfile, algorithm)
    click.echo(f"Private key written to {path} (mode 600). Keep it private; its public half goes into issuer profiles.")


@main.command("bake")
@click.argument("image", type=click.Path(exists=True, dir_okay=False))
@click.argument("payload", metavar="JSON", type=click.Path(exists=True, dir_okay=False))
@click.option("--out", "out_file", required=True, type=click.Path(dir_okay=False), help="The baked image to write.")
def bake_command(image: str, payload: str, out_file: str) -> None:
    """Bake an assertion/credential (JSON file, or a compact JWS) into a PNG or SVG image."""
    import json

    text = Path(payload).read_text("utf-8").strip()
    try:
        data = json.loads(text) if text.startswith("{") else text
    except json.JSONDecodeError as error:
        raise OpenBadgesError(f"{payload}: not valid JSON ({error}).") from None
    baked = bake(Path(image).read_bytes(), data, name=image)
    target = Path(out_file)
    partial = target.with_name(f".{target.name}.partial")
    partial.write_bytes(baked)
    partial.replace(target)
    click.echo(f"Baked into {target}.")


@main.command("unbake")
@click.argument("image", type=click.Path(exists=True, dir_okay=False))
def unbake_command(image: str) -> None:
    """Print the badge baked into a PNG or SVG image."""
    found = unbake(Path(image).read_bytes(), image)
    data = found.data
    if data is not None and not found.is_jws:
        echo_json(data)
    else:
        click.echo(found.text)


@main.command("check-export")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True, help="Language of messages.")
def check_export_command(folder: str, as_json: bool, lang: str) -> None:
    """Check every file of an export against the OB 2.0/3.0 rules and official schemas. Exit 1 on an error or warning."""
    report = check_export(folder)
    if as_json:
        echo_json(report.to_dict())
    else:
        click.echo(report.to_table(lang))
    # An info (e.g. "unsigned" in a folder made without a key) is said, but does not fail the check.
    sys.exit(1 if report.errors or report.warnings else 0)


@main.command("import-badges")
@click.argument("path", type=framework_path)
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True, help="Language of the lines.")
@click.option("--json", "as_json", is_flag=True, help="Print the same lines as JSON (one object per file).")
def import_badges_command(path: str, files: tuple[str, ...], lang: str, as_json: bool) -> None:
    """Add existing badges (OB 2.0/3.0 JSON, baked PNG/SVG) to a framework, as proposed badges.

    Prints one line per file, in the order given: imported as <badge>, merged into <badge> (the same
    achievement as an earlier file), already present, issuer profile used, or refused and why. Exit 0
    when no file is refused, 1 when some are (the others are imported and saved).
    """
    opened = read_framework(path)
    framework, report = import_badges(opened.framework, files)
    if framework != opened.framework:
        save_framework(framework, path, snapshot=opened.snapshot)
    lines = [{"file": p.file, "outcome": p.code, "severity": str(p.severity),
              "badge": p.item.removeprefix("badge:") if p.item else None, "field": p.field,
              "message": p.message} for p in report.problems]  # fmt: skip
    if as_json:
        echo_json({"files": lines, "ok": report.ok})
    else:
        for line, problem in zip(lines, report.problems, strict=True):
            click.echo(f"{line['file']}: {problem.text(lang)}")
    sys.exit(0 if report.ok else 1)


@main.command("verify")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print the verdicts as JSON (a list, one per file).")
@click.option("--offline", is_flag=True, help="Fetch nothing: what is not in the export folder is not checked.")
@click.option("--identity", default=None, metavar="EMAIL",
              help="Check that the badge was issued to this e-mail address (or identifier).")  # fmt: skip
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True, help="Language of the text.")
@click.option("--export", "export_folder", type=click.Path(exists=True, file_okay=False), default=None,
              help="A local export/award folder: the issuers' keys, hosted assertions and status lists are read "
                   "from it instead of the network.")  # fmt: skip
def verify_command(paths: tuple[str, ...], as_json: bool, offline: bool, identity: str | None, lang: str,
                   export_folder: str | None) -> None:  # fmt: skip
    """Check badges (baked PNG/SVG, OB 2.0 assertion, OB 3.0 JSON or VC-JWT): genuine, tampered, revoked, expired.

    One sentence per file, then what the badge says. Exit 0 when all are genuine, 2 when one is unreadable,
    1 otherwise (tampered, revoked, expired, from an issuer that cannot be checked, or not the identity given).
    """
    from ..openbadges.verify import explain, verify_paths

    verdicts = verify_paths(paths, export_folder=export_folder, offline=offline, identity=identity)
    if as_json:
        echo_json([verdict.to_dict() for verdict in verdicts])
    else:
        for verdict in verdicts:
            click.echo(f"{verdict.source}\n  {verdict.sentence(lang)}")
            for line in explain(verdict, lang):
                click.echo(f"  {line}")
    codes = [verdict.exit_code for verdict in verdicts]
    sys.exit(2 if 2 in codes else max(codes, default=0))


@main.command("revoke")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.argument("award")
@click.option("--reason", default="", help="Why the badge is revoked (shown to verifiers of the OB 2.0 assertion).")
@click.option("--sign-key", type=click.Path(exists=True, dir_okay=False),
              help="The issuer's key file, to sign the status list again (required when it is signed).")  # fmt: skip
def revoke_command(folder: str, award: str, reason: str, sign_key: str | None) -> None:
    """Revoke an award: set its bit in the issuer's status list and mark its hosted OB 2.0 assertion revoked.

    AWARD is an award id, a credential id (urn:uuid:…) or one of the award's files. Writes only the
    award's status list (ob3/status/) and ob2/assertions/<award>.json, both at once. Exit 1 when AWARD is
    unknown.
    """
    from ..openbadges.revoke import revoke_award

    key = load_signing_key(sign_key) if sign_key else None
    done = revoke_award(folder, award, reason=reason, signing_key=key)
    state = "was already revoked; " if done.already_revoked else "revoked; "
    signed = "signed" if done.signed else "unsigned"
    click.echo(f"Award {done.award_id} {state}written: {', '.join(done.files)} (status list {signed}).")

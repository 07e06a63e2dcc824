"""Awarding badges to earners listed in a CSV or xlsx file: OB 2.0 Assertions, OB 3.0 credentials, baked images.

The earners file has one row per award with the columns ``identifier`` (an email or another
identifier), ``badge`` (a badge id), ``date`` and optionally ``evidence`` (a URL or a narrative);
French headers are accepted (``identifiant`` / ``courriel``, ``badge``, ``date``, ``preuve``).

The recipient is only ever written hashed: ``sha256$hex(sha256(identifier + salt))`` with a random
salt per award (emails are lower-cased first, as badge platforms do, so a verifier who knows the
address can match it). The plaintext identifier appears in no output file and no file name.

The CSV is read as every CSV of the workbench is (:func:`~badgeworkbench.interop.tabular.read_csv`):
``,`` ``;`` or tab as the header row uses, RFC 4180 quoting (a quoted cell may hold commas, line
breaks and doubled quotes ``""``), UTF-8 with or without a byte-order mark, else Windows-1252.

A wrong row (empty identifier, an e-mail address or URL that is not one, cells beyond the columns,
unknown or unadopted badge, unreadable date) is reported with its row number — the spreadsheet's
row, the header being row 1 — and the reason; the other rows are awarded.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import io
import json
import os
import re
import secrets
import unicodedata
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..gate import framework_report, require_publishable
from ..model import Badge, Framework, Status, validity_end
from ..report import Problem, Report, Severity
from . import ob3
from .artwork import badge_artwork
from .baking import bake
from .common import OB2_CONTEXT, ExportUrls, datetime_z, json_bytes
from .context import ExportContext, export_date
from .errors import EarnerFileError, OpenBadgesError
from .export import MANIFEST, ExportResult, case_item_uris
from .issuing import SigningPlan
from .signing import SigningKey
from .status import (
    ALLOCATION_FILE,
    StatusAllocation,
    new_bitstring,
    status_entry,
    status_list_bits,
    status_list_credential,
)

__all__ = [
    "AwardResult",
    "AwardSummary",
    "EarnerRow",
    "award_badges",
    "hash_identity",
    "parse_award_date",
    "read_earners",
]

_HEADERS = {
    "identifier": {"identifier", "identifiant", "courriel", "email", "e-mail", "mail", "adresse e-mail",
                   "adresse electronique"},
    "badge": {"badge", "badge id", "id du badge", "identifiant du badge"},
    "date": {"date", "date d'obtention", "date obtention", "issued", "issued on", "awarded", "date de delivrance"},
    "evidence": {"evidence", "preuve", "preuves", "justificatif"},
}  # fmt: skip
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")
_PHONE = re.compile(r"^\+[1-9]\d{6,14}$")


@dataclass(frozen=True)
class EarnerRow:
    """One row of the earners file, as read (``row`` is the spreadsheet row number, the header being 1)."""

    row: int
    identifier: str
    badge: str
    date: Any
    evidence: str = ""
    #: Set when the row could not be read whole (cells beyond the columns): it is rejected with this reason.
    unreadable: tuple[str, str] | None = None

    def __repr__(self) -> str:  # keep identifiers out of logs and tracebacks
        return f"EarnerRow(row={self.row}, badge={self.badge!r})"


@dataclass(frozen=True)
class AwardSummary:
    row: int
    badge: str
    award_id: str
    assertion: str
    credential: str
    files: tuple[str, ...]


@dataclass(frozen=True)
class AwardResult(ExportResult):
    awards: tuple[AwardSummary, ...] = field(default_factory=tuple)


def _normalise_header(value: Any) -> str:
    plain = unicodedata.normalize("NFKD", str(value or "")).encode("ascii", "ignore").decode()
    return re.sub(r"[\s_]+", " ", plain.strip().lower().replace("’", "'"))


def _columns(headers: list[Any], source: str) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        name = _normalise_header(header)
        for column, names in _HEADERS.items():
            if name in names and column not in found:
                found[column] = index
    missing = [c for c in ("identifier", "badge", "date") if c not in found]
    if missing:
        raise EarnerFileError(
            f"{source}: the column(s) {', '.join(missing)} are missing from the first row (found: "
            f"{', '.join(repr(str(h)) for h in headers if h is not None) or 'nothing'}). Name the columns "
            "identifier (or identifiant/courriel), badge, date, and optionally evidence (or preuve)."
        )
    return found


def _rows_from_table(records: Iterable[tuple[int, list[Any]]], header: list[Any], source: str,
                     extra: dict[int, int] | None = None) -> list[EarnerRow]:  # fmt: skip
    """Earner rows from ``(row number, cells)``; ``extra`` maps a row number to its cells beyond the columns."""
    columns = _columns(header, source)

    def cell(values: list[Any], column: str) -> Any:
        index = columns.get(column)
        value = values[index] if index is not None and index < len(values) else None
        return value.strip() if isinstance(value, str) else value

    rows = []
    for number, values in records:
        if not any(v not in (None, "") and str(v).strip() for v in values):
            continue  # blank line
        beyond = (extra or {}).get(number)
        unreadable = None
        if beyond:
            unreadable = (f"{beyond} cellule(s) de plus que de colonnes : une virgule ou un point-virgule dans un texte "
                          "doit être entre guillemets (\"…\").",
                          f"{beyond} more cell(s) than columns: a comma or semicolon inside a text must be in "
                          "double quotes (\"…\").")  # fmt: skip
        rows.append(EarnerRow(number, str(cell(values, "identifier") or "").strip(), str(cell(values, "badge") or ""),
                              cell(values, "date"), str(cell(values, "evidence") or ""), unreadable))  # fmt: skip
    return rows


def read_earners(path: str | os.PathLike[str]) -> list[EarnerRow]:
    """The rows of a CSV (``,`` ``;`` or tab separated, RFC 4180 quoting) or xlsx earners file."""
    source = Path(path)
    try:
        data = source.read_bytes()
    except OSError as error:
        raise EarnerFileError(f"{source}: cannot read the earners file ({error.strerror}).") from None
    if data[:4] == b"PK\x03\x04" or source.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(data), data_only=True)  # not read-only: row numbers must match the sheet
        except Exception as error:
            raise EarnerFileError(f"{source}: not a readable xlsx workbook ({error}).") from None
        sheet = book.worksheets[0]
        table = [list(r) for r in sheet.iter_rows(values_only=True)]
        book.close()
        if not table:
            raise EarnerFileError(f"{source} is empty: the first row must name the columns identifier, badge, date.")
        return _rows_from_table(enumerate(table[1:], start=2), table[0], str(source))
    from ..interop.tabular import CsvFileError, read_csv  # imported when a CSV comes: it brings an HTML parser

    try:
        rows = read_csv(data, file=str(source))
        records = [(number, list(record.values())) for number, record in rows]
    except CsvFileError as error:
        raise EarnerFileError(f"{error} The first row must name the columns identifier, badge, date.") from None
    return _rows_from_table(records, rows.header, str(source), rows.extra_cells)


def parse_award_date(value: Any) -> dt.datetime:
    """A date of award with a zone: ISO dates and datetimes, ``JJ/MM/AAAA``, or a spreadsheet date. Naive → UTC."""
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime(value.year, value.month, value.day)
    else:
        text = str(value or "").strip()
        if not text:
            raise ValueError("the date is empty")
        french = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
        if french:
            day, month, year = map(int, french.groups())
            moment = dt.datetime(year, month, day)
        else:
            moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _normalised_identity(identifier: str) -> str:
    return identifier.strip().lower() if _EMAIL.match(identifier.strip()) else identifier.strip()


def hash_identity(identifier: str, salt: str) -> str:
    """``sha256$`` + hex digest of the identifier followed by the salt (OB 2.0 §IdentityObject, OB 3.0 same rule)."""
    return "sha256$" + hashlib.sha256((_normalised_identity(identifier) + salt).encode("utf-8")).hexdigest()


def _identity_types(identifier: str) -> tuple[str, str]:
    """(OB 2.0 recipient type, OB 3.0 identityType) for an identifier."""
    if _EMAIL.match(identifier):
        return "email", "emailAddress"
    if identifier.startswith(("http://", "https://")):
        return "url", "identifier"
    if _PHONE.match(identifier):
        return "telephone", "identifier"
    return "id", "identifier"


def _evidence(value: str) -> tuple[list[Any], list[dict[str, Any]]]:
    value = value.strip()
    if not value:
        return [], []
    if value.startswith(("http://", "https://")) and " " not in value:
        return [{"id": value}], [{"id": value, "type": ["Evidence"]}]
    return [{"narrative": value}], [{"type": ["Evidence"], "narrative": value}]


def _problem(row: int, code: str, fr: str, en: str, field_name: str) -> Problem:
    return Problem(code, Severity.ERROR, {"fr": f"Ligne {row} : {fr} Ligne ignorée.", "en": f"Row {row}: {en} Row skipped."},
                   item=f"row:{row}", field=field_name)  # fmt: skip


def _identifier_problem(identifier: str) -> tuple[str, str, str] | None:
    """(code, fr, en) when the identifier is an e-mail address or a URL that cannot be one; else None.

    The identifier itself is never put in the message: rejected rows are listed in ``awards.json``.

    >>> _identifier_problem("awa@example.org"), _identifier_problem("matricule-88412")
    (None, None)
    >>> [_identifier_problem(i)[2] for i in ("@example.org", "a b@example.org", "a@example")]  # doctest: +NORMALIZE_WHITESPACE
    ['the e-mail address has nothing before the @.', 'the e-mail address holds a space.',
     'the e-mail address has no domain with a dot after the @ (name@example.org).']
    """
    if "://" in identifier or identifier.lower().startswith(("http:", "https:", "www.")):
        scheme = identifier.split(":", 1)[0].lower()
        if scheme not in ("http", "https"):
            return ("bad-url", "l'identifiant ressemble à une adresse web mais ne commence pas par http:// ou https://.",
                    "the identifier looks like a web address but does not start with http:// or https://.")  # fmt: skip
        parts = urlsplit(identifier)
        if any(c.isspace() for c in identifier) or not parts.hostname or "." not in parts.hostname:
            return ("bad-url", "l'adresse web de l'identifiant est incomplète ou contient une espace.",
                    "the identifier's web address is incomplete or holds a space.")  # fmt: skip
        return None
    if "@" not in identifier:
        return None
    local = identifier.split("@", 1)[0]
    if any(c.isspace() for c in identifier):
        return "bad-email", "l'adresse e-mail contient une espace.", "the e-mail address holds a space."
    if identifier.count("@") > 1:
        return "bad-email", "l'adresse e-mail contient plusieurs @.", "the e-mail address holds more than one @."
    if not local:
        return "bad-email", "l'adresse e-mail n'a rien avant le @.", "the e-mail address has nothing before the @."
    if not _EMAIL.match(identifier):
        return ("bad-email", "l'adresse e-mail n'a pas de domaine avec un point après le @ (nom@exemple.fr).",
                "the e-mail address has no domain with a dot after the @ (name@example.org).")  # fmt: skip
    return None


def _check_row(framework: Framework, row: EarnerRow) -> tuple[Badge | None, dt.datetime | None, Problem | None]:
    if row.unreadable is not None:
        return None, None, _problem(row.row, "row-unreadable", *row.unreadable, "evidence")
    if not row.identifier:
        return None, None, _problem(row.row, "empty-identifier", "l'identifiant est vide.",
                                    "the identifier is empty.", "identifier")  # fmt: skip
    wrong = _identifier_problem(row.identifier)
    if wrong is not None:
        return None, None, _problem(row.row, wrong[0], wrong[1], wrong[2], "identifier")
    badge = framework.badge(row.badge)
    if badge is None:
        close = difflib.get_close_matches(row.badge, [b.id for b in framework.badges], n=1)
        hint_fr = f" Vouliez-vous dire « {close[0]} » ?" if close else ""
        hint_en = f" Did you mean '{close[0]}'?" if close else ""
        return None, None, _problem(row.row, "unknown-badge", f"le badge « {row.badge} » n'existe pas.{hint_fr}",
                                    f"there is no badge '{row.badge}'.{hint_en}", "badge")  # fmt: skip
    if badge.status != Status.ADOPTED:
        return None, None, _problem(row.row, "badge-not-adopted", f"le badge « {row.badge} » n'est pas adopté.",
                                    f"the badge '{row.badge}' is not adopted.", "badge")  # fmt: skip
    try:
        moment = parse_award_date(row.date)
    except (ValueError, TypeError) as error:
        return None, None, _problem(row.row, "bad-date", f"la date « {row.date} » est illisible ({error}) ; "
                                    "écrivez AAAA-MM-JJ ou JJ/MM/AAAA.",
                                    f"the date '{row.date}' cannot be read ({error}); write YYYY-MM-DD or DD/MM/YYYY.",
                                    "date")  # fmt: skip
    return badge, moment, None


def _status_list_name(plan: SigningPlan | None) -> Callable[[str], str]:
    """The name of a partner's status list (``ob3/status/<name>.json``) for awards signed by ``plan``.

    >>> _status_list_name(None)("ligue")
    'ligue'
    """
    if plan is None or plan.proof != "di":
        return lambda partner: partner  # issued by the partner's Profile URL
    return lambda partner: f"{partner}.did-{plan.did}"  # issued by its did:web or did:key


def _awarded_endorsements(ctx: ExportContext, badge: Badge, plan: SigningPlan | None) -> list[dict[str, Any]]:
    """The EndorsementCredentials an awarded credential embeds in its Achievement, so that whoever verifies the badge
    sees who endorses it: signed by each endorsing partner with a Data Integrity plan (OB 3.0: an embedded endorsement
    is signed), unsigned without a key (as in an unsigned export), none with VC-JWT — no context defines
    ``endorsementJwt``, so verifiers find them in the Achievement published at the achievement's id."""
    if plan is not None and plan.proof != "di":
        return []
    found = []
    for partner in ctx.endorsers(badge):
        endorsement = ob3.endorsement_credential(ctx, badge, partner)
        data = plan.sign(endorsement, ctx.urls, partner.id)[1] if plan is not None else json_bytes(endorsement)
        found.append(json.loads(data))
    return found


def _carried_status(folder: str | os.PathLike[str] | None) -> tuple[StatusAllocation, dict[str, bytes]]:
    """The index allocation and the status lists' bitstrings ({relative path: bits}) already in ``folder``."""
    if folder is None or not Path(folder).is_dir():
        return StatusAllocation(), {}
    root = Path(folder)
    allocation_file = root / ALLOCATION_FILE
    try:
        allocation = StatusAllocation.from_bytes(allocation_file.read_bytes() if allocation_file.is_file() else None)
    except (ValueError, AttributeError, TypeError):
        raise OpenBadgesError(f"{allocation_file} cannot be read: it keeps which status-list index each award holds. "
                              "Restore it from a backup (or the published copy) before awarding again.") from None  # fmt: skip
    lists = {}
    for path in sorted(root.glob("ob3/status/*.json")):
        try:
            lists[path.relative_to(root).as_posix()] = status_list_bits(json.loads(path.read_bytes()))
        except RecursionError:  # nested past the interpreter's limit: damaged or planted, and no list
            raise OpenBadgesError(f"{path} is not a readable status list (it nests deeper than any list): it holds the "
                                  "revocations of earlier awards. Restore it (from a backup or the published copy) "
                                  "before awarding again; nothing was awarded.") from None  # fmt: skip
        except (ValueError, AttributeError, OSError) as error:  # rewriting it would un-revoke its awards
            raise OpenBadgesError(f"{path} is not a readable status list ({error}): it holds the revocations of earlier "
                                  "awards. Restore it (from a backup or the published copy) before awarding again; "
                                  "nothing was awarded.") from None  # fmt: skip
    return allocation, lists


def _check_published_keys(folder: str | os.PathLike[str] | None, key: SigningKey) -> None:
    """Refuse a key other than the one the folder publishes (``ob3/keys/``, the DID documents in ``issuers/``):
    awarding with it would replace the issuer's published key, and every earlier award in the folder would then
    verify as forged."""
    if folder is None or not Path(folder).is_dir():
        return
    from .sources import same_key

    root = Path(folder)
    for path in sorted([*root.glob("ob3/keys/*.json"), *root.glob("issuers/*/did.json")]):
        try:
            document = json.loads(path.read_bytes())
        except (OSError, ValueError, RecursionError):
            continue  # not ours to judge here: the awarding replaces it, as the export does
        if path.name == "did.json":
            methods = document.get("verificationMethod") if isinstance(document, dict) else None
            methods = methods if isinstance(methods, list) else []
            same = key.multikey in [m.get("publicKeyMultibase") for m in methods if isinstance(m, dict)]
        else:
            same = isinstance(document, dict) and same_key(document, key.public_jwk)
        if not same:
            raise OpenBadgesError(
                f"{path} publishes another key than {key.path}: awarding with it would replace the issuer's key, and "
                "the earlier awards in this folder would then verify as forged. Give the key they were signed with, "
                "or award into a new folder; nothing was awarded."
            )


def award_badges(
    framework: Framework,
    earners: str | os.PathLike[str] | Iterable[EarnerRow],
    base_url: str,
    *,
    signing_key: SigningKey | None = None,
    images_dir: str | os.PathLike[str] | None = None,
    checked: Report | None = None,
    status_folder: str | os.PathLike[str] | None = None,
    proof: str = "di",
    did: str = "web",
) -> AwardResult:
    """Assertions, credentials and baked images for every valid earner row; the others are in ``report``.

    Files (for publication at ``base_url``, beside the export): ``ob2/assertions/<award>.json``,
    ``ob3/credentials/<award>.json`` (and ``.jwt`` when signed), ``awards/<award>-ob2-baked.png`` and
    ``awards/<award>-ob3-baked.png`` (or ``.svg``), ``ob3/status/<issuer>[.did-web|.did-key].json`` (the
    issuer's Bitstring Status List, see :mod:`~badgeworkbench.openbadges.status`), ``status-allocation.json`` (award → index in it),
    ``awards.json`` (row number → files, without identifiers) and, when signing, the keys: the DID documents
    ``issuers/<partner>/did.json`` of the issuers and endorsers (Data Integrity, did:web) or the JWK
    ``ob3/keys/<partner>.json`` each VC-JWT's ``kid`` names. The Profiles stay the export's plain OB 3.0 Profiles. ``status_folder``: the folder the awards will be written to; its status lists (with their
    revoked bits) and index allocation are carried on, so an index is never given twice.
    With ``signing_key``, the OB 3.0 credential is signed with a Data Integrity proof (``proof="di"``: inside
    its ``.json``, the issuer being the partner's ``did:web``, whose DID document is published, or
    ``did:key``: ``did``) or as a VC-JWT (``proof="jwt"``: a ``.jwt`` beside the ``.json``); see
    :mod:`~badgeworkbench.openbadges.issuing`. A Data Integrity plan signs the status lists the same way.
    Nothing is awarded while the publishing gate finds an error (``checked``: its report, when already made).
    """
    require_publishable(checked if checked is not None else framework_report(framework), "Award")
    plan = SigningPlan(signing_key, proof, did) if signing_key is not None else None
    rows = read_earners(earners) if isinstance(earners, str | os.PathLike) else list(earners)
    urls = ExportUrls(base_url)
    if plan is not None:
        plan.check_base(urls)
        _check_published_keys(status_folder, plan.key)
    ctx = ExportContext(
        framework, urls, export_date(framework), [b for b in framework.badges if b.status == Status.ADOPTED]
    )
    # The competencies' CASE items are those the export published at the same base URL serves.
    ctx.case_uris = case_item_uris(framework, urls.base)
    ctx.case_items = set(ctx.case_uris.values())
    root = Path(images_dir) if images_dir is not None else None
    files: dict[str, bytes] = {}
    problems: list[Problem] = []
    summaries: list[AwardSummary] = []
    issuers: set[str] = set()
    endorsers: set[str] = set()  # the partners whose signed endorsements the credentials embed
    endorsements: dict[str, list[dict[str, Any]]] = {}  # badge id → its endorsements, made (and signed) once
    allocation, carried_lists = _carried_status(status_folder)
    # list name → (partner, the issuer id its credentials give): a list's issuer must be its credentials' issuer,
    # so a partner's DID-signed awards and its other awards (issued by its Profile URL) keep separate lists
    status_lists: dict[str, tuple[str, str]] = {}
    list_name = _status_list_name(plan)
    for row in rows:
        badge, moment, problem = _check_row(framework, row)
        if problem is not None or badge is None or moment is None:
            problems.append(problem)  # type: ignore[arg-type]
            continue
        if badge.id not in ctx.artworks:
            ctx.artworks[badge.id] = badge_artwork(framework, badge, ctx.languages(badge), root)
        issuer = ctx.issuer(badge)
        issuers.add(issuer.id)
        award_id = uuid.uuid4().hex
        salt = secrets.token_hex(16)
        identity = hash_identity(row.identifier, salt)
        ob2_type, ob3_type = _identity_types(row.identifier.strip())
        evidence2, evidence3 = _evidence(row.evidence)
        when = datetime_z(moment)
        extension = ctx.artworks[badge.id].extension
        baked2, baked3 = f"awards/{award_id}-ob2-baked.{extension}", f"awards/{award_id}-ob3-baked.{extension}"
        assertion_id = urls.ob2_assertion(award_id)
        until = datetime_z(validity_end(moment, badge.valid_for)) if badge.valid_for else None
        assertion: dict[str, Any] = {
            "@context": OB2_CONTEXT,
            "type": "Assertion",
            "id": assertion_id,
            "recipient": {"type": ob2_type, "hashed": True, "salt": salt, "identity": identity},
            "badge": urls.ob2_badge(badge.id),
            "issuedOn": when,
            "verification": {"type": "HostedBadge"},
            "evidence": evidence2,
            "image": urls.url(baked2),
            "expires": until,
        }
        credential = ob3.credential_template(ctx, badge)
        if badge.id not in endorsements:
            endorsements[badge.id] = _awarded_endorsements(ctx, badge, plan)
            if plan is not None and endorsements[badge.id]:
                endorsers.update(p.id for p in ctx.endorsers(badge))
        if endorsements[badge.id]:
            credential["credentialSubject"]["achievement"]["endorsement"] = endorsements[badge.id]
        credential.update({
            "id": f"urn:uuid:{uuid.UUID(award_id)}",
            "validFrom": when,
            "awardedDate": when,
            "evidence": evidence3,
            "validUntil": until,
            "credentialStatus": status_entry(urls.ob3_status(list_name(issuer.id)),
                                             allocation.allocate(list_name(issuer.id), award_id)),
        })  # fmt: skip
        credential["credentialSubject"] = {
            "type": ["AchievementSubject"],
            "identifier": [{"type": "IdentityObject", "identityType": ob3_type, "hashed": True,
                            "identityHash": identity, "salt": salt}],
            "achievement": credential["credentialSubject"]["achievement"],
        }  # fmt: skip
        image = ctx.artworks[badge.id].data
        files[urls.path(assertion_id)] = json_bytes(assertion)
        files[baked2] = bake(image, json.loads(json_bytes(assertion)), name=baked2)
        credential_path = urls.path(urls.ob3_credential(award_id))
        files[credential_path] = json_bytes(credential)
        award_files = [urls.path(assertion_id), baked2, credential_path]
        if plan is not None and plan.proof == "di":
            _, files[credential_path] = plan.sign(credential, urls, issuer.id)
            files[baked3] = bake(image, json.loads(files[credential_path]), name=baked3)
        elif plan is not None:
            _, token = plan.sign(credential, urls, issuer.id)
            jwt_path = credential_path.removesuffix(".json") + ".jwt"
            files[jwt_path] = token
            files[baked3] = bake(image, token.decode("ascii").strip(), name=baked3)
            award_files.append(jwt_path)
        else:
            files[baked3] = bake(image, json.loads(json_bytes(credential)), name=baked3)
        award_files.append(baked3)
        status_lists[list_name(issuer.id)] = (issuer.id, credential["issuer"]["id"])  # an id: the list has only the VC context
        summaries.append(
            AwardSummary(row.row, badge.id, award_id, assertion["id"], credential["id"], tuple(award_files))
        )
    for name, (issuer_id, issuer_ref) in sorted(status_lists.items()):
        list_url = urls.ob3_status(name)
        bits = carried_lists.get(urls.path(list_url)) or new_bitstring()
        published = datetime_z(dt.datetime.now(dt.UTC))
        status_list = status_list_credential(list_url, issuer_ref, bits, published)
        if plan is not None and plan.proof == "di":  # signed as the credentials are, by the same issuer DID
            _, files[urls.path(list_url)] = plan.sign(status_list, urls, issuer_id)
        else:
            files[urls.path(list_url)] = json_bytes(status_list)
    if plan is not None:
        files.update(plan.did_files(urls, sorted(issuers | endorsers)))
    if summaries:
        files[ALLOCATION_FILE] = allocation.to_bytes()
    files["awards.json"] = json_bytes({
        "awards": [{"row": s.row, "badge": s.badge, "assertion": s.assertion, "credential": s.credential,
                    "files": list(s.files)} for s in summaries],
        "rejected": [p.to_dict() for p in problems],
    })  # fmt: skip
    files[MANIFEST] = json_bytes({"generator": "badgeworkbench", "kind": "awards", "framework": framework.id,
                                  "base_url": urls.base})  # fmt: skip
    return AwardResult(dict(sorted(files.items())), urls.base, ("awards",), Report(problems), tuple(summaries))

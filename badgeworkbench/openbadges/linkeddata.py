"""The JSON-LD rule of ``check-export``: every term of an OB 3.0 document is defined by its contexts.

An OB 3.0 document is JSON-LD (VC Data Model 2.0 §4.3 Contexts; OB 3.0 §JSON-LD). A property or a
type that its ``@context`` does not define is silently dropped by JSON-LD processors — so it is not
covered by a Data Integrity proof (a verifier's "safe mode" refuses the document instead), and a
wallet reading the data as linked data never sees it. Typos (``endorsementComments``) and home-made
properties are the usual cause. Codes:

* ``jsonld-undefined-term``: a property or a ``type`` value the contexts do not define — an **error** in a
  Verifiable Credential (a signature would not cover it), a **warning** in a Profile or an Achievement
  published on its own (the data is lost to linked-data readers, nothing is left unsigned);
* ``jsonld-invalid`` (error): the document cannot be expanded at all (a malformed ``@context``…);
* ``jsonld-context-unknown`` (warning): a context the workbench does not ship (it never fetches one),
  so the terms were not checked.

>>> doc = {"@context": ["https://www.w3.org/ns/credentials/v2",
...                     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
...        "id": "https://example.org/a", "type": ["Achievement"], "name": "A", "nmae": "typo"}
>>> [(p.code, p.field) for p in linked_data_problems(doc, "a.json")]
[('jsonld-undefined-term', 'nmae')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..report import Problem, Severity

__all__ = ["JWT_CLAIMS", "linked_data_problems"]

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _p(code: str, severity: Severity, en: str, fr: str, file: str, field: str | None = None) -> Problem:
    return Problem(code, severity, {"fr": fr, "en": en}, file=file, field=field)


def _relative_types(expanded: Any) -> Iterator[str]:
    """The ``@type`` values of the expanded document that are not absolute IRIs (terms no context defines)."""
    if isinstance(expanded, list):
        for item in expanded:
            yield from _relative_types(item)
    elif isinstance(expanded, dict):
        for key, value in expanded.items():
            if key == "@type":
                for kind in value if isinstance(value, list) else [value]:
                    if isinstance(kind, str) and not _SCHEME.match(kind) and not kind.startswith("_:"):
                        yield kind
            elif key != "@value":
                yield from _relative_types(value)


#: The registered JWT claims a VC-JWT payload carries beside the credential: the JWS signs them, they are not
#: part of the credential's JSON-LD (VC-JOSE-COSE), so they are left out of this check.
JWT_CLAIMS = frozenset({"iss", "sub", "aud", "exp", "nbf", "iat", "jti"})


def _invalid(error: BaseException, file: str) -> Problem:
    reason = str(error.args[0])[:200] if error.args else type(error).__name__
    if isinstance(error, RecursionError):
        reason = "nested too deeply"
    return _p("jsonld-invalid", Severity.ERROR, f"the document is not valid JSON-LD ({reason}).",
              f"le document n'est pas du JSON-LD valide ({reason}).", file, "@context")  # fmt: skip


def linked_data_problems(doc: dict[str, Any], file: str, *, jwt: bool = False) -> Iterator[Problem]:
    """Every property or type of ``doc`` that its JSON-LD contexts (read offline) do not define; ``jwt`` when
    ``doc`` is a VC-JWT payload (its registered claims are left out)."""
    kinds = doc.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    credential = "VerifiableCredential" in kinds
    undefined = Severity.ERROR if credential else Severity.WARNING
    if jwt and JWT_CLAIMS & doc.keys():
        doc = {key: value for key, value in doc.items() if key not in JWT_CLAIMS}
    from pyld import jsonld  # heavy: imported when an OB 3.0 document is checked

    from .errors import UnknownContext
    from .jsonld import document_loader

    dropped: list[str] = []
    processor = jsonld.JsonLdProcessor(on_property_dropped=lambda name: dropped.append(str(name)))
    try:
        # no base IRI: a type no context defines stays relative (PyLD would otherwise resolve it against example.org)
        expanded = processor.expand(doc, {"documentLoader": document_loader, "base": None})
    except jsonld.JsonLdError as error:
        cause: BaseException | None = error
        while cause is not None and not isinstance(cause, UnknownContext):
            cause = cause.__cause__ or cause.__context__
        if isinstance(cause, UnknownContext):
            yield _p("jsonld-context-unknown", Severity.WARNING,
                     f"{cause.url} is not a context the workbench ships (it never fetches one): the terms of this "
                     "document were not checked.",
                     f"{cause.url} n'est pas un contexte livré avec "
                     "l'atelier (qui n'en télécharge jamais) : les termes de ce document n'ont pas été vérifiés.",
                     file, "@context")  # fmt: skip
            return
        yield _invalid(error, file)
        return
    except (RecursionError, ValueError, TypeError, KeyError, AttributeError, IndexError) as error:
        # PyLD raises these on some malformed documents (nesting too deep, an @context of the wrong shape)
        yield _invalid(error, file)
        return
    for name in dict.fromkeys(dropped):
        yield _p("jsonld-undefined-term", undefined,
                 f"the property {name!r} is defined by none of the document's contexts: JSON-LD processors drop it, "
                 "and no signature covers it; correct its name or remove it.",
                 f"la propriété « {name} » n'est définie par aucun contexte du document : les processeurs JSON-LD "
                 "l'ignorent et aucune signature ne la couvre ; corrigez son nom ou retirez-la.", file, name)  # fmt: skip
    for kind in dict.fromkeys(_relative_types(expanded)):
        yield _p("jsonld-undefined-term", undefined,
                 f"the type {kind!r} is defined by none of the document's contexts (the OB 3.0 extensions context "
                 "defines the 1EdTech types): JSON-LD processors cannot read it, and no signature covers it.",
                 f"le type « {kind} » n'est défini par aucun contexte du document (le contexte des extensions OB 3.0 "
                 "définit les types 1EdTech) : les processeurs JSON-LD ne peuvent pas le lire, aucune signature ne "
                 "le couvre.", file, "type")  # fmt: skip

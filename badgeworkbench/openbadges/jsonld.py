"""JSON-LD processing offline: every context comes from the copies in :mod:`badgeworkbench.specdata`.

A Data Integrity proof signs the RDF meaning of a credential, so the credential's ``@context`` URLs
must be read to canonicalise it. The workbench never fetches them: a context is a piece of the
signature's meaning, and a copy fetched at verification time could differ from the one used to sign
(or leak who is verifying what). Known URLs resolve to the packaged, unmodified W3C and 1EdTech
files; any other URL is refused with :class:`~badgeworkbench.openbadges.errors.UnknownContext`.

>>> document_loader("https://www.w3.org/ns/credentials/v2")["document"]["@context"]["@protected"]
True
>>> document_loader("https://example.org/my-context.json")
Traceback (most recent call last):
...
badgeworkbench.openbadges.errors.UnknownContext: The JSON-LD context https://example.org/my-context.json is not one the workbench ships, and the workbench never fetches contexts: the document cannot be read as Open Badges 3.0 / Verifiable Credentials data here (use the contexts of Open Badges 3.0 and Verifiable Credentials 2.0).
"""

from __future__ import annotations

import copy
import re
from typing import Any

from ..specdata import SPEC_FILES, spec_json
from .errors import ProofError, UnknownContext

__all__ = ["CONTEXT_URLS", "canonical_nquads", "document_loader"]

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")

#: The context URLs the loader serves (JSON Schemas are left out: they are not JSON-LD).
CONTEXT_URLS: frozenset[str] = frozenset(url for url, path in SPEC_FILES.items() if "/schema/" not in path)


def document_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """A PyLD document loader that serves only the packaged contexts (``options`` is PyLD's, unused)."""
    key = url.rstrip("#")
    if key not in CONTEXT_URLS:
        raise UnknownContext(url)
    # PyLD may keep parts of what it is given: hand it a copy, never the cached original
    return {"contextUrl": None, "documentUrl": url, "document": copy.deepcopy(spec_json(key))}


def _our_error(error: BaseException) -> ProofError | None:
    """The workbench error PyLD wrapped (it re-raises loader errors as its own), if any."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ProofError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def _absolute(iri: Any) -> bool:
    return isinstance(iri, str) and (iri.startswith("_:") or _SCHEME.match(iri) is not None)


def _refuse_relative_iris(node: Any) -> None:
    """Refuse a type or node id the contexts leave relative (``"type": "Foo"`` with no ``Foo`` term): RDF drops it
    silently, so it could be changed without the signature noticing (the reference libraries refuse it too)."""
    if isinstance(node, list):
        for item in node:
            _refuse_relative_iris(item)
        return
    if not isinstance(node, dict):
        return
    if "@value" in node:
        kind = node.get("@type")
        if kind is not None and not _absolute(kind) and kind != "@json":
            raise _undefined(kind)
        return
    types = node.get("@type", [])
    for value in [*(types if isinstance(types, list) else [types]), *([node["@id"]] if "@id" in node else [])]:
        if not _absolute(value):
            raise _undefined(value)
    for key, value in node.items():
        if key not in ("@type", "@id"):
            _refuse_relative_iris(value)


def _undefined(value: Any) -> ProofError:
    return ProofError(
        "context",
        f"The document uses {value!r} as a type or identifier, but its JSON-LD contexts do not define it: it would "
        "not be covered by a signature. Use a type the contexts define (or add the context that defines it), or a "
        "full URL.",
        f"Le document emploie {value!r} comme type ou identifiant, mais ses contextes JSON-LD ne le définissent "
        "pas : une signature ne le couvrirait pas. Employez un type défini par les contextes (ou ajoutez le "
        "contexte qui le définit), ou une adresse complète.",
    )


def canonical_nquads(document: dict[str, Any]) -> str:
    """The RDFC-1.0 (URDNA2015) canonical N-Quads of ``document``, with contexts resolved offline.

    Like the JavaScript reference libraries' "safe mode", a property or type that the contexts do not
    define is refused (:class:`ProofError` ``context``) rather than silently left out of what is signed:
    otherwise a field could be changed without the signature noticing.

    >>> print(canonical_nquads({"@context": {"name": "https://schema.org/name"}, "@id": "urn:x", "name": "A"}))
    <urn:x> <https://schema.org/name> "A" .
    <BLANKLINE>
    """
    from pyld import jsonld  # heavy: imported when something is canonicalised

    def refuse_dropped(expanded_property: str | None) -> None:
        raise ProofError(
            "context",
            "The document has a property that its JSON-LD contexts do not define"
            f"{f' ({expanded_property})' if expanded_property else ''}: it would not be covered by a signature. "
            "Remove it, or use a property of Open Badges 3.0 / Verifiable Credentials 2.0.",
            "Le document contient une propriété que ses contextes JSON-LD ne définissent pas"
            f"{f' ({expanded_property})' if expanded_property else ''} : une signature ne la couvrirait pas. "
            "Retirez-la, ou utilisez une propriété d’Open Badges 3.0 / des Verifiable Credentials 2.0.",
        )

    processor = jsonld.JsonLdProcessor(on_property_dropped=refuse_dropped)
    # base None: a relative IRI stays relative (and is refused below) instead of PyLD's default base,
    # http://example.org/base/, which no other implementation would use
    options = {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": document_loader,
               "base": None}  # fmt: skip
    try:
        expanded = processor.expand(document, {"documentLoader": document_loader, "base": None})
        _refuse_relative_iris(expanded)
        return processor.normalize(expanded, options)
    except jsonld.JsonLdError as error:
        ours = _our_error(error)
        if ours is not None:
            raise ours from None
        cause = error
        while isinstance(cause.__cause__, jsonld.JsonLdError):
            cause = cause.__cause__
        raise ProofError(
            "context",
            f"The document is not valid JSON-LD ({cause.args[0] if cause.args else cause.type}): "
            "it cannot be canonicalised to be signed or checked.",
            f"Le document n’est pas du JSON-LD valide ({cause.args[0] if cause.args else cause.type}) : "
            "il ne peut être ni signé ni vérifié.",
        ) from None

"""Run 1EdTech's Open Badges 2.0 validator (PyPI ``openbadges``, openbadges-validator-core) offline.

It runs in its own virtual environment (``make ob2-validator``; its pins clash with the workbench's:
jsonschema 2.6, PyLD 0.7), started by ``tests/test_openbadges_independent.py`` as::

    <venv>/bin/python ob2_validate.py FOLDER BASE_URL CONTEXT_FILE URL_OR_BAKED_IMAGE...

The validator fetches everything through ``requests`` sessions (the document loader of its JSON-LD
steps, the node and image fetch tasks). Every session here gets one transport adapter instead of the
network: a URL under ``BASE_URL`` is answered from ``FOLDER`` (as a static web host would serve the
published export), the Open Badges 2.0 context URL from ``CONTEXT_FILE`` (the unmodified copy in
``badgeworkbench/specdata``), and any other URL is refused and listed, so nothing leaves the machine.
Prints one JSON object: ``{url: {"valid": bool, "errors": [...], "warnings": [...]}, "refused": [...]}``.
"""

from __future__ import annotations

import json
import mimetypes
import sys
from pathlib import Path

OB2_CONTEXT_URLS = ("https://w3id.org/openbadges/v2", "https://openbadgespec.org/v2/context.json")


def offline_adapter(folder: Path, base: str, context: bytes, refused: list[str]):
    import requests
    from requests.adapters import BaseAdapter
    from requests.structures import CaseInsensitiveDict

    class LocalAdapter(BaseAdapter):
        def send(self, request, **kwargs):
            url = request.url.split("#")[0]
            body, kind = None, "application/octet-stream"
            if url in OB2_CONTEXT_URLS:
                body, kind = context, "application/ld+json"
            elif url.startswith(base + "/"):
                path = (folder / url[len(base) + 1 :]).resolve()
                if path.is_relative_to(folder) and path.is_file():
                    body = path.read_bytes()
                    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            if body is None and not url.startswith(base + "/"):
                refused.append(url)
                raise requests.ConnectionError(f"offline: {url} is not served here")
            response = requests.Response()
            response.status_code = 200 if body is not None else 404
            response._content = body if body is not None else b"Not Found"
            response.headers = CaseInsensitiveDict({"Content-Type": kind})
            response.url = request.url
            response.request = request
            response.encoding = "utf-8"
            return response

        def close(self):
            pass

    adapter = LocalAdapter()
    requests.Session.get_adapter = lambda self, url: adapter


def main(argv: list[str]) -> int:
    folder, base, context_file, *urls = argv
    refused: list[str] = []
    offline_adapter(Path(folder).resolve(), base.rstrip("/"), Path(context_file).read_bytes(), refused)

    from openbadges import verify  # imported once the network is replaced

    results = {}
    for url in urls:
        if url.startswith(("http://", "https://")):
            report = verify(url, use_cache=False, cache_backend=None)["report"]
        else:  # a baked image: the validator unbakes it, then fetches the hosted assertion it names
            with open(url, "rb") as image:
                report = verify(image, use_cache=False, cache_backend=None)["report"]
        messages = report.get("messages", [])
        results[url] = {
            "valid": bool(report.get("valid")),
            "errors": [m.get("result", "") for m in messages if m.get("messageLevel") == "ERROR"],
            "warnings": [m.get("result", "") for m in messages if m.get("messageLevel") == "WARNING"],
        }
    print(json.dumps({"results": results, "refused": sorted(set(refused))}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The API described as an OpenAPI 3.1 document, served at /api/v1/openapi.json.

The document is a file, ``openapi.json`` beside this module, served byte for
byte: it reads and diffs as the document clients get, and any OpenAPI tool can
open it from the repository without running the app. tests/forum/test_openapi.py
holds it to the app's real routes and to the serializers' shapes; docs/api.md
says the same in prose.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib.resources import files


@dataclass(frozen=True)
class Document:
    body: bytes
    etag: str

    @property
    def data(self) -> dict:
        return json.loads(self.body)


def load() -> Document:
    body = files("forum.api").joinpath("openapi.json").read_bytes()
    json.loads(body)  # a broken file stops the app starting instead of being served
    return Document(body, hashlib.sha256(body).hexdigest()[:32])


DOCUMENT = load()

"""An index search can't read (another Whoosh, a file in another format): unavailable, not 500."""

from __future__ import annotations

import logging
import struct
import zlib
from html import unescape

import pytest
from whoosh import index

from search import whoosh_internals
from tests.factories import make_post

FAULTS = [
    AttributeError("'W3LeafMatcher' object has no attribute '_postfile'"),
    struct.error("unpack requires a buffer of 4 bytes"),
    KeyError("_offset"),
    ValueError("invalid literal"),
    IndexError("array index out of range"),
    EOFError("Ran out of input"),
    zlib.error("Error -3 while decompressing data"),
    index.IndexError("Segment is not readable"),
]


def _fails_with(fault: Exception):
    def read_blocks(*args, **kwargs):
        raise fault

    return read_blocks


@pytest.fixture
def posts(app):
    with app.app_context():
        make_post(title="Inhaler in the kit bag", body="A spacer too.")


def test_a_missing_whoosh_attribute_makes_search_unavailable_not_an_error(
    app, client, posts, monkeypatch, caplog
):
    assert client.get("/api/v1/search?q=inhaler").status_code == 200
    # What a Whoosh release that renamed a private attribute would do: the
    # posting lists are read block by block through it.
    monkeypatch.setattr(whoosh_internals, "_blocks", _fails_with(FAULTS[0]))
    caplog.set_level(logging.WARNING)

    page = client.get("/search?q=spacer")
    assert page.status_code == 503 and page.headers["Retry-After"]
    assert "Search is temporarily unavailable" in unescape(page.get_data(as_text=True))
    api = client.get("/api/v1/search?q=spacer")
    assert api.status_code == 503 and api.headers["Retry-After"]
    assert "Search is temporarily unavailable" in api.json["error"]["message"]
    logged = [r for r in caplog.records if r.name == "search" and r.levelno == logging.ERROR]
    assert len(logged) == 2 and all("_postfile" in r.exc_text for r in logged)

    monkeypatch.undo()
    assert client.get("/api/v1/search?q=spacer").status_code == 200


@pytest.mark.parametrize(
    "fault", FAULTS, ids=[f"{type(f).__module__}.{type(f).__name__}" for f in FAULTS]
)
def test_an_index_in_a_format_search_cannot_read_is_unavailable(client, posts, monkeypatch, fault):
    monkeypatch.setattr(whoosh_internals, "_blocks", _fails_with(fault))
    api = client.get("/api/v1/search?q=inhaler")
    assert api.status_code == 503
    assert "Search is temporarily unavailable" in api.json["error"]["message"]

"""Rendered pieces of pages, kept by the values they were rendered from.

``{% cache key %}…{% endcache %}`` renders its body once for each distinct
``key`` and hands back the same HTML for an equal key later, in any request
and for any viewer. Nothing is ever invalidated: the key holds *every* value
the body shows (a listing card's key is its whole ``forum.posts.summary.PostSummary``),
so when a post changes its card is a different key, and the old entry simply
ages out. Keys are compared by value, never by a hash alone. Only pieces
that show the same to every viewer belong in a ``{% cache %}`` block.

Each app keeps its own entries (its URL map and config shape the HTML), at
most ``FRAGMENT_CACHE_ENTRIES``, least recently used dropped first; the
script root is part of every key, since links are built under it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from flask import Flask, request
from jinja2 import nodes
from jinja2.ext import Extension
from markupsafe import Markup

# About 4 KB each (a card's values, the first 640 characters of its post among
# them, and its HTML): 256 cards, a dozen listing pages, cost about 1 MB a worker.
DEFAULT_ENTRIES = 256


class Fragments:
    """A bounded, least-recently-used map of key -> rendered HTML."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._items: OrderedDict[Hashable, Markup] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_render(self, key: Hashable, render: Callable[[], Markup]) -> Markup:
        with self._lock:
            html = self._items.get(key)
            if html is not None:
                self._items.move_to_end(key)
                return html
        html = render()  # outside the lock: rendering may take a while
        with self._lock:
            self._items[key] = html
            while len(self._items) > self.limit:
                self._items.popitem(last=False)
        return html


class FragmentCacheExtension(Extension):
    """The ``{% cache key %}`` tag (the fragment cache from Jinja's extension docs)."""

    tags = {"cache"}

    def __init__(self, environment) -> None:
        super().__init__(environment)
        environment.extend(fragments=None)

    def parse(self, parser) -> nodes.Node:
        lineno = next(parser.stream).lineno
        key = parser.parse_expression()
        body = parser.parse_statements(("name:endcache",), drop_needle=True)
        call = self.call_method("_render", [key])
        return nodes.CallBlock(call, [], [], body).set_lineno(lineno)

    def _render(self, key: Hashable, caller: Callable[[], Markup]) -> Markup:
        fragments: Fragments | None = self.environment.fragments
        if fragments is None:
            return caller()
        return fragments.get_or_render((request.script_root, key), caller)


def init_app(app: Flask) -> None:
    app.config.setdefault("FRAGMENT_CACHE_ENTRIES", DEFAULT_ENTRIES)
    app.jinja_env.add_extension(FragmentCacheExtension)
    if limit := app.config["FRAGMENT_CACHE_ENTRIES"]:
        app.jinja_env.fragments = Fragments(limit)

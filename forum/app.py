"""The app's class: Flask, keeping the URLs it has built for links.

A page links to dozens of posts, people and conditions; building one URL
through the routing map costs about 10 µs, and the post page builds a
hundred for a member. The map never changes once the app runs, so the same
endpoint and values, built where the request stands (host, subdomain, script
root, scheme), always give the same URL. Those are kept, up to ``MAX_URLS``
per app (then the set starts afresh). URLs with an anchor, a method or a
scheme, relative endpoints (``.show``) and anything built outside a request
go through Flask as usual, as they would if the app had URL defaults.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.globals import request_ctx

MAX_URLS = 1024  # about 500 bytes each


class ForumApp(Flask):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._urls: dict[tuple, str] = {}

    def url_for(
        self,
        endpoint: str,
        *,
        _anchor: str | None = None,
        _method: str | None = None,
        _scheme: str | None = None,
        _external: bool | None = None,
        **values: Any,
    ) -> str:
        adapter = request_ctx.url_adapter if request_ctx else None
        plain = _anchor is None and _method is None and _scheme is None
        if adapter is None or not plain or endpoint[:1] == "." or self.url_default_functions:
            return super().url_for(
                endpoint,
                _anchor=_anchor,
                _method=_method,
                _scheme=_scheme,
                _external=_external,
                **values,
            )
        place = (adapter.server_name, adapter.subdomain, adapter.script_name, adapter.url_scheme)
        # In the order given: unknown values become query arguments in that order.
        key = (*place, endpoint, bool(_external), *values.items())
        try:
            return self._urls[key]
        except KeyError:
            pass
        except TypeError:  # a value that can't be part of a key (a list): build it each time
            return super().url_for(endpoint, _external=_external, **values)
        url = super().url_for(endpoint, _external=_external, **values)
        if len(self._urls) >= MAX_URLS:
            self._urls.clear()
        self._urls[key] = url
        return url

"""The pieces every browser test shares: a live server, Chromium, and what we watch for.

A real server (werkzeug, threaded) serves a real app on a free port with its
own SQLite database and search index in a temporary folder, and Playwright
drives Debian's Chromium against it. Pages are watched for anything an attack
could make run: an init script traps ``alert``, ``confirm``, ``prompt``,
``print``, ``fetch`` and ``eval`` into ``window.__xss``, dialogs are recorded,
and every Content-Security-Policy violation is collected.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, got_request_exception
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from forum import create_app
from forum.conditions.catalog import sync_conditions
from forum.extensions import db

CHROMIUM = os.environ.get("FORUM_E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SKIP_REASON = "Chromium not installed: apt-get install chromium"

DEVICES: dict[str, dict] = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 2,
    },
}


def chromium_available() -> bool:
    return Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)


class _QuietHandler(WSGIRequestHandler):
    """No access log: pytest output should show failures, not every GET."""

    def log_request(self, *args, **kwargs) -> None:
        pass


# The servers started in this process, by their base URL: what a browser helper
# signing staff in (tests/e2e/actions.py) uses to read the account's app secret.
RUNNING: dict[str, LiveServer] = {}


class LiveServer:
    """The app served over HTTP from a background thread.

    ``errors`` collects every exception a request raised; the suite fails a
    test whose requests produced one, because nothing a user does may end in
    a 500.
    """

    def __init__(self, workdir: Path, **config) -> None:
        self.app: Flask = create_app(
            {
                "SECRET_KEY": "e2e-secret-key",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'e2e.db'}",
                "SEARCH_INDEX_DIR": str(workdir / "search-index"),
                "RATELIMIT_ENABLED": False,  # one browser signs up many users from 127.0.0.1
                "WTF_CSRF_ENABLED": True,  # real forms, real tokens
                **config,
            }
        )
        with self.app.app_context():
            db.create_all()
            sync_conditions()
        self.errors: list[BaseException] = []
        got_request_exception.connect(self._record_error, self.app)
        self._server: BaseWSGIServer = make_server(
            "127.0.0.1", 0, self.app, threaded=True, request_handler=_QuietHandler
        )
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def _record_error(self, sender: Flask, exception: BaseException, **extra) -> None:
        self.errors.append(exception)

    def start(self) -> LiveServer:
        self._thread.start()
        RUNNING[self.url] = self
        return self

    def stop(self) -> None:
        RUNNING.pop(self.url, None)
        self._server.shutdown()
        self._thread.join(timeout=10)
        self._server.server_close()
        with self.app.app_context():
            db.session.remove()
            db.engine.dispose()

    @contextmanager
    def app_context(self) -> Iterator[Flask]:
        """Work on the server's database directly (factories, checks)."""
        with self.app.app_context():
            try:
                yield self.app
            finally:
                db.session.remove()


# Runs before any page script. Recording goes both to window.__xss (so a test
# can read it on the page) and to a binding into Python, which survives the
# page navigating away.
TRAP_SCRIPT = r"""
(() => {
  const events = [];
  const report = (entry) => {
    events.push(entry);
    try { if (window.__e2eReport) window.__e2eReport(entry); } catch (e) { /* closed page */ }
  };
  const describe = (value) => {
    try { return String(value === undefined ? '' : value).slice(0, 300); } catch (e) { return '?'; }
  };
  const lock = (name, fn) => Object.defineProperty(window, name, {
    value: fn, writable: false, configurable: false,
  });
  try { lock('__xss', events); } catch (e) { /* already there in this realm */ }
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    lock(name, function (...args) {
      report({kind: 'call', fn: name, arg: describe(args[0]), url: location.href});
      return name === 'confirm' ? false : (name === 'prompt' ? null : undefined);
    });
  }
  const realFetch = window.fetch.bind(window);
  lock('fetch', function (...args) {
    const target = args[0] && args[0].url ? args[0].url : args[0];
    report({kind: 'call', fn: 'fetch', arg: describe(target), url: location.href});
    return realFetch(...args);
  });
  const realEval = window.eval;
  // Playwright's page.evaluate (and so the axe-core injection) runs through
  // window.eval from its UtilityScript; those calls are the harness's own.
  const fromHarness = () => /UtilityScript\./.test(new Error().stack || '');
  lock('eval', function (...args) {
    if (!fromHarness()) {
      report({kind: 'call', fn: 'eval', arg: describe(args[0]), url: location.href});
    }
    return realEval(...args);
  });
  window.addEventListener('securitypolicyviolation', (e) => {
    report({kind: 'csp', fn: e.violatedDirective, arg: describe(e.sample || e.blockedURI),
            url: location.href});
  }, true);
})();
"""


@dataclass
class PageLog:
    """Everything suspicious one page did, across navigations."""

    calls: list[dict] = field(default_factory=list)  # trapped alert/fetch/eval/...
    csp: list[str] = field(default_factory=list)  # CSP violations (console and event)
    dialogs: list[str] = field(default_factory=list)  # real dialogs that got through
    page_errors: list[str] = field(default_factory=list)  # uncaught exceptions in page JS

    def record(self, entry: dict) -> None:
        if entry.get("kind") == "csp":
            self.csp.append(f"{entry.get('fn')}: {entry.get('arg')} at {entry.get('url')}")
        else:
            self.calls.append(entry)

    def executed(self, allowed_fetch: tuple[str, ...] = ()) -> list[str]:
        """What ran that no page of ours should ever run.

        ``allowed_fetch`` lists URL path prefixes our own scripts call (the
        live preview); any other fetch counts as executed script.
        """
        found = [f"dialog: {d}" for d in self.dialogs]
        for call in self.calls:
            if call["fn"] == "fetch" and _same_origin_path(call["arg"]).startswith(allowed_fetch):
                continue
            found.append(f"{call['fn']}({call['arg']!r}) on {call['url']}")
        return found

    def problems(self, allowed_fetch: tuple[str, ...] = ()) -> list[str]:
        return self.executed(allowed_fetch) + [f"CSP: {c}" for c in self.csp] + self.page_errors


def _same_origin_path(url: str) -> str:
    if url.startswith("http://127.0.0.1:"):
        return "/" + url.split("/", 3)[3] if url.count("/") >= 3 else "/"
    return url if url.startswith("/") else "\0"  # never matches an allowed prefix


def watch(context) -> PageLog:
    """Record what every page of a browser context does (call before opening pages)."""
    log = PageLog()
    context.expose_binding("__e2eReport", lambda source, entry: log.record(entry))
    context.add_init_script(TRAP_SCRIPT)

    def on_dialog(dialog) -> None:
        log.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def on_console(message) -> None:
        if "Content Security Policy" in message.text:
            log.csp.append(message.text)

    context.on("dialog", on_dialog)
    context.on("console", on_console)
    context.on("weberror", lambda error: log.page_errors.append(f"page error: {error.error}"))
    return log

"""Where mail goes: Flask-Mailman's own backends, plus one file per message for ``make run``.

``MAIL_BACKEND = "file"`` (the default) selects :class:`EmlFileBackend`:
each email becomes one RFC 5322 ``.eml`` file in ``MAIL_FILE_PATH``
(``instance/mail/``), which any mail client opens. Flask-Mailman's own file
backend appends several messages to one ``.log`` file, which none does.

Production uses the library's settings unchanged (``FORUM_MAIL_BACKEND=smtp``,
``FORUM_MAIL_SERVER``, ``FORUM_MAIL_PORT``, ``FORUM_MAIL_USE_TLS``, …).
:func:`configure` makes sure values read from the environment have the types
the library expects, so ``FORUM_MAIL_USE_TLS=False`` means False.
"""

from __future__ import annotations

import os
import threading
import uuid
from datetime import UTC, datetime

from flask import Flask
from flask_mailman.backends.base import BaseEmailBackend

# An SMTP server that stops answering must not hold a worker forever; the
# sending job's lease on its emails is sized from this.
DEFAULT_TIMEOUT = 30

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _boolean(name: str, value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return bool(value)
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise RuntimeError(f"FORUM_{name} must be true or false, not {value!r}")


def _number(name: str, value, kind=int):
    try:
        number = kind(value)
    except (TypeError, ValueError):
        raise RuntimeError(f"FORUM_{name} must be a number, not {value!r}") from None
    if number <= 0:
        raise RuntimeError(f"FORUM_{name} must be above 0, not {value!r}")
    return number


def configure(app: Flask) -> None:
    """Give the MAIL_* settings the types Flask-Mailman expects, whatever the environment said.

    ``from_prefixed_env`` parses values as JSON: ``FORUM_MAIL_PORT=587`` is
    already an int and ``FORUM_MAIL_USE_TLS=true`` a bool, but ``True`` or
    ``False`` (capitalised, as many write them) stay strings, and the string
    ``"False"`` is true. Bad values stop the app at start, not at the first send.
    """
    cfg = app.config
    for name in ("MAIL_USE_TLS", "MAIL_USE_SSL"):
        if name in cfg:
            cfg[name] = _boolean(name, cfg[name])
    if cfg.get("MAIL_USE_TLS") and cfg.get("MAIL_USE_SSL"):
        raise RuntimeError("FORUM_MAIL_USE_TLS and FORUM_MAIL_USE_SSL can't both be true")
    if "MAIL_PORT" in cfg:
        cfg["MAIL_PORT"] = _number("MAIL_PORT", cfg["MAIL_PORT"])
    if cfg.get("MAIL_TIMEOUT") is None:
        cfg["MAIL_TIMEOUT"] = DEFAULT_TIMEOUT
    cfg["MAIL_TIMEOUT"] = _number("MAIL_TIMEOUT", cfg["MAIL_TIMEOUT"], float)
    for name in ("MAIL_BACKEND", "MAIL_SERVER", "MAIL_DEFAULT_SENDER"):
        if name in cfg and cfg[name] is not None and not isinstance(cfg[name], str):
            cfg[name] = str(cfg[name])


def select(app: Flask) -> None:
    """After Flask-Mailman's init_app: "file" means one ``.eml`` per message."""
    state = app.extensions["mailman"]
    if state.backend == "file":
        state.backend = EmlFileBackend


class EmlFileBackend(BaseEmailBackend):
    """Writes each message as its own ``.eml`` file (RFC 5322, CRLF line ends).

    The file appears whole or not at all: it is written under a temporary name
    and renamed, so a reader (or a test) never sees half a message.
    """

    def __init__(self, *args, file_path: str | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.file_path = os.path.abspath(file_path or self.mailman.file_path)
        self._lock = threading.Lock()

    def open(self) -> bool:
        os.makedirs(self.file_path, exist_ok=True)
        return False

    def close(self) -> None:
        pass

    def send_messages(self, email_messages) -> int:
        if not email_messages:
            return 0
        sent = 0
        with self._lock:
            self.open()
            for message in email_messages:
                data = message.message().as_bytes(linesep="\r\n")
                stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
                name = f"{stamp}-{uuid.uuid4().hex[:12]}.eml"
                final = os.path.join(self.file_path, name)
                partial = final + ".part"
                try:
                    with open(partial, "wb") as f:
                        f.write(data)
                    os.replace(partial, final)
                except OSError:
                    if os.path.exists(partial):
                        os.unlink(partial)
                    if not self.fail_silently:
                        raise
                    continue
                sent += 1
        return sent

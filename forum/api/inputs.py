"""Reading what an API client sends: a JSON object with typed fields, and
paging arguments. Every problem becomes a 400 with the JSON error object.

Services already validate values (length, allowed kinds, known conditions);
this layer makes sure they only ever receive the types a form would send, so
a list where text belongs, or text a database can't store, is a clear 400
rather than a crash deep inside.
"""

from __future__ import annotations

import json
import re
from typing import Any

from flask import request
from werkzeug.exceptions import BadRequest

from forum.services.errors import ValidationFailed

TEXT = "text"
TEXT_LIST = "list of text"
FLAG = "true or false"
TEXT_OBJECT = "object of text"  # {"name": "text" or null, ...}: a post's aim or setting

_TYPE_MESSAGES = {
    TEXT: "Send this as text (a JSON string).",
    TEXT_LIST: "Send this as a list of text values (JSON strings).",
    FLAG: "Send this as true or false.",
    TEXT_OBJECT: "Send this as a JSON object whose values are text or null.",
}
_WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")


def _is_valid(value: Any, kind: str) -> bool:
    if kind == TEXT:
        return isinstance(value, str)
    if kind == FLAG:
        return isinstance(value, bool)
    if kind == TEXT_OBJECT:
        return isinstance(value, dict) and all(
            isinstance(item, str) or item is None for item in value.values()
        )
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _has_lone_surrogate(data: Any) -> bool:
    """JSON may escape half of a UTF-16 pair ("\\ud800"); no database can store it.

    Walked with a stack, not recursion: the parser allows nesting deep enough
    to exhaust Python's recursion limit from inside a request.
    """
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return True
    return False


def json_object() -> dict[str, Any]:
    """The request body as a JSON object, or a 400 that says what is wrong.

    A body over MAX_CONTENT_LENGTH is refused by Werkzeug with 413 while it is read.
    """
    if not request.is_json:
        raise BadRequest("Send a JSON object with the header Content-Type: application/json.")
    raw = request.get_data(cache=True)
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        # ValueError covers bad syntax, bad UTF-8 and integers too long to
        # convert; RecursionError is nesting deeper than the parser allows.
        raise BadRequest("The request body is not valid JSON.")
    if not isinstance(data, dict):
        raise BadRequest('The request body must be a JSON object, like {"title": "..."}.')
    if _has_lone_surrogate(data):
        raise BadRequest("The request contains text that is not valid Unicode.")
    return data


def read_json(spec: dict[str, str]) -> dict[str, Any]:
    """The fields named in ``spec`` (name -> TEXT or TEXT_LIST) from the JSON body.

    A missing field or ``null`` comes back as None, for the service to judge
    (it knows which are required and says so in the user's words); a value of
    the wrong type fails here. Fields not in ``spec`` are ignored.
    """
    data = json_object()
    values, errors = {}, {}
    for name, kind in spec.items():
        value = data.get(name)
        if value is not None and not _is_valid(value, kind):
            errors[name] = _TYPE_MESSAGES[kind]
        values[name] = value
    if errors:
        raise ValidationFailed(errors)
    return values


def query_int(name: str, default: int, low: int, high: int, errors: dict[str, str]) -> int:
    """A whole-number query argument within ``low``..``high``; records a message if not."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    if not _WHOLE_NUMBER.fullmatch(raw) or not low <= int(raw) <= high:
        errors[name] = f"{name} must be a whole number from {low:,} to {high:,}."
        return default
    return int(raw)

"""``schema.json``: the JSON Schema (draft 2020-12) of an export's ``data.json``.

Kept beside ``forum.export.collect``, which writes what it describes; a test
validates real exports against it. Plugins' parts add their own schemas
(``register_export_part``), so the file describes exactly what the ZIP holds.
"""

from __future__ import annotations

from flask import current_app

FORMAT_VERSION = 1

_TEXT = {"type": "string"}
_WHEN = {"type": ["string", "null"], "description": "ISO 8601 date or time (UTC), or null"}
_MAYBE_TEXT = {"type": ["string", "null"]}
_ID = {"type": "integer"}
_MAYBE_ID = {"type": ["integer", "null"]}


def _object(properties: dict, description: str = "") -> dict:
    schema = {
        "type": "object",
        "properties": properties,
        "required": sorted(properties),
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


def _list(item: dict, description: str = "") -> dict:
    schema = {"type": "array", "items": item}
    if description:
        schema["description"] = description
    return schema


_POST_REVISION = _object(
    {
        "title": _TEXT,
        "body": _TEXT,
        "tags": _list(_TEXT),
        "replaced_at": _WHEN,
        "edited_by": {"enum": ["you", "a moderator"]},
    },
    "An earlier version, as it was until the edit made at replaced_at.",
)
_COMMENT_REVISION = _object(
    {"body": _TEXT, "replaced_at": _WHEN, "edited_by": {"enum": ["you", "a moderator"]}}
)
_RECORD = _object(
    {
        "measures": _list(
            _object(
                {
                    "name": _TEXT,
                    "unit": _TEXT,
                    "kind": _TEXT,
                    "data_points": _list(
                        _object({"observed_on": _WHEN, "value": {"type": "number"}, "note": _TEXT})
                    ),
                }
            )
        ),
        "cycles": _list(
            _object(
                {
                    "started_on": _WHEN,
                    "ended_on": _WHEN,
                    "plan": _TEXT,
                    "done": _TEXT,
                    "learned": _TEXT,
                    "decision": _MAYBE_TEXT,
                }
            )
        ),
    },
    "A change idea's measures (with data points) and plan-do-study-act cycles.",
)
_POST = _object(
    {
        "id": _ID,
        "kind": _TEXT,
        "title": _TEXT,
        "body": {"type": "string", "description": "Markdown source"},
        "status": _TEXT,
        "created_at": _WHEN,
        "updated_at": _WHEN,
        "edited_at": _WHEN,
        "edited_by_moderator": {"type": "boolean"},
        "deleted_at": _WHEN,
        "conditions": _list(_TEXT),
        "tags": _list(_TEXT),
        "adapted_from_id": _MAYBE_ID,
        "adaptation_note": _TEXT,
        "aim": _object({"what": _TEXT, "target": _TEXT, "by": _WHEN}),
        "setting": _object({"kind": _MAYBE_TEXT, "size": _TEXT, "people": _TEXT}),
        "revisions": _list(_POST_REVISION, "Earlier versions, oldest first."),
        "record": _RECORD,
        "file": {"type": "string", "description": "Its Markdown file in this ZIP"},
    }
)
_ON_SOMETHING = _object({"post_id": _MAYBE_ID, "comment_id": _MAYBE_ID, "at": _WHEN})

_PARTS = {
    "format": {"const": "middle-ground-export"},
    "version": {"const": FORMAT_VERSION},
    "exported_at": _WHEN,
    "profile": _object(
        {
            "username": _TEXT,
            "perspective": _TEXT,
            "bio": _TEXT,
            "age_band": _MAYBE_TEXT,
            "conditions": _list(_TEXT),
            "trust_level": _ID,
            "role": _TEXT,
            "clinician_verified": {"type": "boolean"},
            "created_at": _WHEN,
            "email": _MAYBE_TEXT,
            "email_confirmed": {"type": "boolean"},
            "email_confirmed_at": _WHEN,
            "email_pending": _MAYBE_TEXT,
            "suspended_until": _WHEN,
        }
    ),
    "settings": _object({"email_mode": _TEXT, "hide_muted": {"type": "boolean"}}),
    "posts": _list(_POST, "Every post you wrote, whatever its status, oldest first."),
    "comments": _list(
        _object(
            {
                "id": _ID,
                "post_id": _ID,
                "body": _TEXT,
                "status": _TEXT,
                "created_at": _WHEN,
                "edited_at": _WHEN,
                "deleted_at": _WHEN,
                "revisions": _list(_COMMENT_REVISION),
            }
        )
    ),
    "outcome_reports": _list(
        _object(
            {
                "post_id": _ID,
                "result": _TEXT,
                "note": _TEXT,
                "duration": _MAYBE_TEXT,
                "age_band": _MAYBE_TEXT,
                "care_team_knew": _MAYBE_TEXT,
                "created_at": _WHEN,
                "updated_at": _WHEN,
                "follow_ups": _list(
                    _object(
                        {
                            "months": _ID,
                            "due_at": _WHEN,
                            "asked_at": _WHEN,
                            "answered_at": _WHEN,
                            "answer": _MAYBE_TEXT,
                            "reason": _TEXT,
                        }
                    )
                ),
            }
        ),
        '"I tried this" reports and their "is it still working?" answers.',
    ),
    "watches": _object(
        {
            "levels": _list(
                _object({"target": _TEXT, "key": _TEXT, "level": _TEXT, "since": _WHEN})
            ),
            "muted_members": _list(_object({"username": _TEXT, "since": _WHEN})),
        }
    ),
    "saved": _object({"saved": _list(_ON_SOMETHING), "thanked": _list(_ON_SOMETHING)}),
    "drafts": _list(
        _object(
            {
                "target": _TEXT,
                "post_id": _MAYBE_ID,
                "fields": {"type": "object"},
                "updated_at": _WHEN,
            }
        )
    ),
    "sign_ins": _object(
        {
            "sessions": _list(
                _object(
                    {"signed_in_at": _WHEN, "remember_me": {"type": "boolean"}, "ended_at": _WHEN}
                )
            ),
            "api_tokens": _list(
                _object({"label": _TEXT, "created_at": _WHEN, "revoked_at": _WHEN})
            ),
            "authenticator_app_since": _WHEN,
            "recovery_codes_unused": _ID,
            "passkeys": _list(_object({"name": _TEXT, "created_at": _WHEN, "last_used_at": _WHEN})),
        },
        "Where and how you sign in: dates and labels, never a secret.",
    ),
}


def schema() -> dict:
    """The schema of ``data.json`` for this app (with its plugins' parts)."""
    parts = dict(_PARTS)
    for key, spec in current_app.extensions["forum"].export_parts.items():
        parts[key] = spec.schema
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Middle Ground data export (data.json)",
        "type": "object",
        "properties": parts,
        "required": sorted(parts),
        "additionalProperties": False,
    }

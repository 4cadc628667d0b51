"""Reading an export back as its owner would: the ZIP's files, and data.json
checked against the schema.json beside it."""

from __future__ import annotations

import io
import json
import zipfile

import jsonschema


def read_zip(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def checked_data(files: dict[str, bytes]) -> dict:
    """data.json, after validating it against the export's own schema.json."""
    data = json.loads(files["data.json"])
    schema = json.loads(files["schema.json"])
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(data)
    return data

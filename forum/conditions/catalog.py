"""The condition catalogue, shipped as ``forum/conditions/data/conditions.json``."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from forum.extensions import db
from forum.models import Condition

DATA_FILE = Path(__file__).parent / "data" / "conditions.json"


def load_catalog() -> list[dict]:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def sync_conditions(entries: list[dict] | None = None) -> int:
    """Insert or update every condition in the data file; returns how many changed.

    Conditions are never deleted here: posts may point at them.
    """
    entries = entries if entries is not None else load_catalog()
    existing = {c.slug: c for c in db.session.scalars(select(Condition))}
    changed = 0
    for position, entry in enumerate(entries):
        row = existing.get(entry["slug"])
        if row is None:
            row = existing[entry["slug"]] = Condition(slug=entry["slug"])
            db.session.add(row)
        values = {
            "name": entry["name"],
            "synonyms_json": json.dumps(entry.get("synonyms", [])),
            "icd10": entry.get("icd10"),
            "position": position,
        }
        if any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            changed += 1
    db.session.flush()
    for entry in entries:
        parent = existing.get(entry["parent"]) if entry.get("parent") else None
        row = existing[entry["slug"]]
        if row.parent_id != (parent.id if parent else None):
            row.parent = parent
            changed += 1
    db.session.commit()
    return changed

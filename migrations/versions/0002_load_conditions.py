"""Load the condition catalogue shipped in forum/conditions/data/conditions.json.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26

A data migration: a fresh database has the conditions people post under before
anyone signs up. `flask --app wsgi seed conditions` re-syncs later edits of the
data file. The table is described here as it was at this revision, not through
the models, so later model changes can't break this migration.
"""

import json
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

DATA_FILE = Path(__file__).resolve().parents[2] / "forum" / "conditions" / "data" / "conditions.json"

conditions = sa.table(
    "conditions",
    sa.column("id", sa.Integer),
    sa.column("slug", sa.String),
    sa.column("name", sa.String),
    sa.column("synonyms_json", sa.Text),
    sa.column("icd10", sa.String),
    sa.column("parent_id", sa.Integer),
    sa.column("position", sa.Integer),
)


def upgrade():
    entries = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    bind = op.get_bind()
    existing = {row.slug for row in bind.execute(sa.select(conditions.c.slug))}
    for position, entry in enumerate(entries):
        if entry["slug"] in existing:
            continue
        bind.execute(
            conditions.insert().values(
                slug=entry["slug"],
                name=entry["name"],
                synonyms_json=json.dumps(entry.get("synonyms", [])),
                icd10=entry.get("icd10"),
                position=position,
            )
        )
    ids = dict(bind.execute(sa.select(conditions.c.slug, conditions.c.id)).all())
    for entry in entries:
        if entry.get("parent"):
            bind.execute(
                conditions.update()
                .where(conditions.c.slug == entry["slug"])
                .values(parent_id=ids[entry["parent"]])
            )


def downgrade():
    slugs = [e["slug"] for e in json.loads(DATA_FILE.read_text(encoding="utf-8"))]
    op.get_bind().execute(conditions.update().values(parent_id=None))
    op.get_bind().execute(conditions.delete().where(conditions.c.slug.in_(slugs)))

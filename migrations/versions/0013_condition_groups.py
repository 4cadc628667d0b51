"""Conditions under body-system groups, in existing databases.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05 04:00:00

The catalogue had no groups: a condition without children (Juvenile
idiopathic arthritis, Heart failure, Type 1 diabetes) sat at the top level
between conditions with children, and the post form's select, grouping its
options by position, showed them under the group before them (IBD, Chronic
kidney disease). The catalogue's top level is now groups by body system,
with every condition under the right one (and Eosinophilic esophagitis, a
disease of the gullet, moved from Food allergy to Digestive conditions).

A fresh database gets all this from 0002, which loads the data file as it is
now; this fixes a database loaded before, by slug: it adds the groups that are
missing and gives each condition of the catalogue its parent and position.
Rows it doesn't know (an operator's own conditions) are left as they are.
Every post on a condition whose ancestors changed is queued for the search
index (search_outbox), which stores each post's ancestors.

The catalogue is written out here as it was at this revision, not read from
the data file, so later edits to the file can't change what this step did.
Downgrade keeps the groups: they are right at every revision (0002 loads
them too), and taking them away would orphan nothing but help nobody.
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

# The top level of the catalogue: slug → name.
GROUPS = {
    "allergic-conditions": "Allergic conditions",
    "blood-conditions": "Blood conditions",
    "brain-and-nerve-conditions": "Brain and nerve conditions",
    "digestive-conditions": "Digestive conditions",
    "heart-conditions": "Heart conditions",
    "hormone-conditions": "Hormone conditions",
    "joint-and-immune-conditions": "Joint and immune conditions",
    "kidney-conditions": "Kidney conditions",
    "lung-conditions": "Lung and breathing conditions",
    "newborn-conditions": "Newborn conditions",
    "rare-and-other-conditions": "Rare and other conditions",
}

# Every condition of the catalogue in its order (its position), with its parent.
CATALOGUE = [
    # Allergic conditions
    ("allergic-conditions", None),
    ("food-allergy", "allergic-conditions"),
    # Blood conditions
    ("blood-conditions", None),
    ("sickle-cell-disease", "blood-conditions"),
    # Brain and nerve conditions
    ("brain-and-nerve-conditions", None),
    ("epilepsy", "brain-and-nerve-conditions"),
    ("infantile-spasms", "epilepsy"),
    ("dravet-syndrome", "epilepsy"),
    # Digestive conditions
    ("digestive-conditions", None),
    ("ibd", "digestive-conditions"),
    ("crohns-disease", "ibd"),
    ("ulcerative-colitis", "ibd"),
    ("ibd-unclassified", "ibd"),
    ("celiac-disease", "digestive-conditions"),
    ("eosinophilic-esophagitis", "digestive-conditions"),
    # Heart conditions
    ("heart-conditions", None),
    ("heart-failure", "heart-conditions"),
    ("congenital-heart-disease", "heart-conditions"),
    ("single-ventricle", "congenital-heart-disease"),
    ("tetralogy-of-fallot", "congenital-heart-disease"),
    # Hormone conditions
    ("hormone-conditions", None),
    ("type-1-diabetes", "hormone-conditions"),
    # Joint and immune conditions
    ("joint-and-immune-conditions", None),
    ("juvenile-idiopathic-arthritis", "joint-and-immune-conditions"),
    ("lupus", "joint-and-immune-conditions"),
    ("lupus-nephritis", "lupus"),
    # Kidney conditions
    ("kidney-conditions", None),
    ("chronic-kidney-disease", "kidney-conditions"),
    ("dialysis", "chronic-kidney-disease"),
    ("kidney-transplant", "chronic-kidney-disease"),
    # Lung and breathing conditions
    ("lung-conditions", None),
    ("asthma", "lung-conditions"),
    ("cystic-fibrosis", "lung-conditions"),
    # Newborn conditions
    ("newborn-conditions", None),
    ("preterm-birth", "newborn-conditions"),
    ("bronchopulmonary-dysplasia", "preterm-birth"),
    # Rare and other conditions
    ("rare-and-other-conditions", None),
    ("other", "rare-and-other-conditions"),
]

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
post_conditions = sa.table("post_conditions", sa.column("post_id"), sa.column("condition_id"))
search_outbox = sa.table(
    "search_outbox",
    sa.column("post_id", sa.Integer),
    sa.column("created_at", sa.DateTime(timezone=True)),
)


def _ancestors(parents: dict[int, int | None]) -> dict[int, tuple[int, ...]]:
    """Each condition id → its ancestors' ids, nearest first (a loop stops the walk)."""
    chains = {}
    for cid in parents:
        chain, current = [], parents.get(cid)
        while current is not None and current not in chain and current != cid:
            chain.append(current)
            current = parents.get(current)
        chains[cid] = tuple(chain)
    return chains


def upgrade():
    bind = op.get_bind()
    rows = bind.execute(sa.select(conditions.c.slug, conditions.c.id, conditions.c.parent_id))
    before = {slug: (id_, parent_id) for slug, id_, parent_id in rows}
    position = {slug: i for i, (slug, _) in enumerate(CATALOGUE)}
    for slug, name in GROUPS.items():
        if slug not in before:
            bind.execute(
                conditions.insert().values(
                    slug=slug, name=name, synonyms_json="[]", position=position[slug]
                )
            )
    rows = bind.execute(sa.select(conditions.c.slug, conditions.c.id, conditions.c.parent_id))
    ids = {slug: id_ for slug, id_, _ in rows}
    old_parents = {id_: parent_id for id_, parent_id in before.values()}

    for slug, parent in CATALOGUE:
        if slug in ids:
            bind.execute(
                conditions.update()
                .where(conditions.c.slug == slug)
                .values(parent_id=ids.get(parent) if parent else None, position=position[slug])
            )

    new_parents = dict(bind.execute(sa.select(conditions.c.id, conditions.c.parent_id)).all())
    old_chains, new_chains = _ancestors(old_parents), _ancestors(new_parents)
    moved = [cid for cid in old_chains if old_chains[cid] != new_chains.get(cid)]
    if moved:
        posts = bind.execute(
            sa.select(post_conditions.c.post_id)
            .where(post_conditions.c.condition_id.in_(moved))
            .distinct()
            .order_by(post_conditions.c.post_id)
        ).scalars()
        now = datetime.now(UTC)
        queued = [{"post_id": post_id, "created_at": now} for post_id in posts]
        if queued:
            bind.execute(search_outbox.insert(), queued)


def downgrade():
    pass  # the groups stay: see the module docstring

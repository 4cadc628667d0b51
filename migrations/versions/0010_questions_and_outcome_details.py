"""questions that behave like questions, a richer "I tried this"

Comments an asker marked "this helped" and each post's count of them; "made it
worse" as its own outcome counter; how long, the age band and whether the care
team knew on a report. Only additions: every existing row stays valid (no
comment helped yet, no report made things worse, no report said more).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05 04:00:00
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('outcome_worse', sa.Integer(), nullable=False, server_default='0')
        )
        batch_op.add_column(
            sa.Column('helped_count', sa.Integer(), nullable=False, server_default='0')
        )
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('helped', sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table('outcome_reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('duration', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('age_band', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('care_team_knew', sa.String(length=10), nullable=True))


def downgrade():
    with op.batch_alter_table('outcome_reports', schema=None) as batch_op:
        batch_op.drop_column('care_team_knew')
        batch_op.drop_column('age_band')
        batch_op.drop_column('duration')
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_column('helped')
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.drop_column('helped_count')
        batch_op.drop_column('outcome_worse')

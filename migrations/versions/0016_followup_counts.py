"""durability of a post: its follow-up answers per step

"7 of 9 still using it after 6 months", kept on the post in the answer's
transaction so cards, the API and the index read it without counting rows.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05 23:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('durability', sa.String(length=200), nullable=False, server_default='')
        )


def downgrade():
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.drop_column('durability')

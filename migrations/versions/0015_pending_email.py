"""a member's new email address, waiting for confirmation

A confirmed address keeps receiving mail until the new one is confirmed; the
new one waits here (not unique: nobody owns an address until they confirm it).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05 23:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_pending', sa.String(length=254), nullable=True))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('email_pending')

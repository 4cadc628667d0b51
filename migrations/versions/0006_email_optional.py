"""an account may have no email address

Someone who joins with an address that already has an account gets their
account without it, so the answer never tells whether the address is taken.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 09:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('email', existing_type=sa.String(length=254), nullable=True)


def downgrade():
    # The older schema needs an address: a unique one that can never receive mail.
    op.execute("UPDATE users SET email = 'no-address-' || id || '@example.invalid' WHERE email IS NULL")
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('email', existing_type=sa.String(length=254), nullable=False)

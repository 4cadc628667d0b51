"""only confirmed addresses sign in; tokens carry their owner's session version

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 23:10:00

Addresses members gave before this are treated as confirmed (they signed in
with them until now). Each live token takes its owner's current session
version, so it keeps working until the next password change.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('email_confirmed_at', sa.DateTime(timezone=True), nullable=True)
        )
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('session_version', sa.Integer(), nullable=False, server_default='1')
        )
    op.execute("UPDATE users SET email_confirmed_at = created_at WHERE email IS NOT NULL")
    op.execute(
        "UPDATE api_tokens SET session_version = "
        "(SELECT users.session_version FROM users WHERE users.id = api_tokens.user_id)"
    )


def downgrade():
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_column('session_version')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('email_confirmed_at')

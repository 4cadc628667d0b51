"""profiles people fill in: a short bio, the age band of the person cared for, "my conditions"

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 03:50:00
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('bio', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('care_age_band', sa.String(length=20), nullable=True))
    op.create_table(
        'user_conditions',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('condition_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['condition_id'], ['conditions.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', 'condition_id'),
    )
    op.create_index('ix_user_conditions_condition_id', 'user_conditions', ['condition_id'])


def downgrade():
    op.drop_index('ix_user_conditions_condition_id', table_name='user_conditions')
    op.drop_table('user_conditions')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('care_age_band')
        batch_op.drop_column('bio')

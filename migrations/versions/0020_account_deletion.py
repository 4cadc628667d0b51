"""account deletion: former members' pseudonyms, reserved names, and what outlives an account

The moderation log keeps a deleted member's old ids (it is append-only), so
its foreign keys to users go; outcome reports, follow-up answers and flags
outlive their member as anonymous rows (user column nullable, SET NULL).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06 06:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == 'sqlite':
        # AUTOINCREMENT, so a deleted account's id (kept by the moderation log and
        # former_members) is never reused; the copy starts the sequence at max(id).
        with op.batch_alter_table('users', recreate='always', table_kwargs={'sqlite_autoincrement': True}):
            pass

    op.create_table(
        'former_members',
        sa.Column('user_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('pseudonym', sa.String(length=40), nullable=False),
        sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('mode', sa.String(length=10), nullable=False),
        sa.Column('by_staff', sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint('user_id', name=op.f('pk_former_members')),
        sa.UniqueConstraint('pseudonym', name=op.f('uq_former_members_pseudonym')),
    )
    op.create_table(
        'reserved_names',
        sa.Column('name_hash', sa.String(length=64), nullable=False),
        sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('name_hash', name=op.f('pk_reserved_names')),
    )
    op.create_index(op.f('ix_reserved_names_deleted_at'), 'reserved_names', ['deleted_at'])

    with op.batch_alter_table('moderation_actions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_moderation_actions_actor_id_users'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_moderation_actions_subject_user_id_users'), type_='foreignkey')

    with op.batch_alter_table('outcome_reports', schema=None) as batch_op:
        batch_op.alter_column('user_id', existing_type=sa.Integer(), nullable=True)
        batch_op.drop_constraint(batch_op.f('fk_outcome_reports_user_id_users'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_outcome_reports_user_id_users'), 'users', ['user_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('followups', schema=None) as batch_op:
        batch_op.alter_column('user_id', existing_type=sa.Integer(), nullable=True)
        batch_op.drop_constraint(batch_op.f('fk_followups_user_id_users'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_followups_user_id_users'), 'users', ['user_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('flags', schema=None) as batch_op:
        batch_op.alter_column('flagger_id', existing_type=sa.Integer(), nullable=True)
        batch_op.drop_constraint(batch_op.f('fk_flags_flagger_id_users'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_flags_flagger_id_users'), 'users', ['flagger_id'], ['id'], ondelete='SET NULL')


def downgrade():
    # Anonymous rows can't be given back their member: they go (their counts stay on the posts).
    op.execute('DELETE FROM flags WHERE flagger_id IS NULL')
    op.execute('DELETE FROM followups WHERE user_id IS NULL')
    op.execute('DELETE FROM outcome_reports WHERE user_id IS NULL')
    with op.batch_alter_table('flags', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_flags_flagger_id_users'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_flags_flagger_id_users'), 'users', ['flagger_id'], ['id'])
        batch_op.alter_column('flagger_id', existing_type=sa.Integer(), nullable=False)

    with op.batch_alter_table('followups', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_followups_user_id_users'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_followups_user_id_users'), 'users', ['user_id'], ['id'], ondelete='CASCADE')
        batch_op.alter_column('user_id', existing_type=sa.Integer(), nullable=False)

    with op.batch_alter_table('outcome_reports', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_outcome_reports_user_id_users'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_outcome_reports_user_id_users'), 'users', ['user_id'], ['id'])
        batch_op.alter_column('user_id', existing_type=sa.Integer(), nullable=False)

    # Rows whose actor or subject account is gone can't point at users again: their ids are cleared
    # (the append-only listeners are the ORM's; a migration is the operator's decision).
    op.execute('UPDATE moderation_actions SET actor_id = NULL WHERE actor_id NOT IN (SELECT id FROM users)')
    op.execute('UPDATE moderation_actions SET subject_user_id = NULL WHERE subject_user_id NOT IN (SELECT id FROM users)')
    with op.batch_alter_table('moderation_actions', schema=None) as batch_op:
        batch_op.create_foreign_key(batch_op.f('fk_moderation_actions_subject_user_id_users'), 'users', ['subject_user_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_moderation_actions_actor_id_users'), 'users', ['actor_id'], ['id'])

    if op.get_bind().dialect.name == 'sqlite':
        with op.batch_alter_table('users', recreate='always', table_kwargs={'sqlite_autoincrement': False}):
            pass

    op.drop_index(op.f('ix_reserved_names_deleted_at'), table_name='reserved_names')
    op.drop_table('reserved_names')
    op.drop_table('former_members')

"""bookmarks and thanks: a member's private saved list, and thanks counted on posts and comments

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 04:00:00
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def _create(name):
    op.create_table(
        name,
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('post_id', sa.Integer(), nullable=True),
        sa.Column('comment_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            '(post_id IS NULL) <> (comment_id IS NULL)', name=f'ck_{name}_one_target'
        ),
        sa.ForeignKeyConstraint(
            ['comment_id'], ['comments.id'], name=f'fk_{name}_comment_id_comments',
            ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['post_id'], ['posts.id'], name=f'fk_{name}_post_id_posts', ondelete='CASCADE'
        ),
        sa.ForeignKeyConstraint(
            ['user_id'], ['users.id'], name=f'fk_{name}_user_id_users', ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('id', name=f'pk_{name}'),
        sa.UniqueConstraint('user_id', 'comment_id', name=f'uq_{name}_user_id_comment_id'),
        sa.UniqueConstraint('user_id', 'post_id', name=f'uq_{name}_user_id_post_id'),
    )
    op.create_index(f'ix_{name}_comment_id', name, ['comment_id'])
    op.create_index(f'ix_{name}_post_id', name, ['post_id'])
    op.create_index(f'ix_{name}_user_id_created_at', name, ['user_id', 'created_at', 'id'])


def upgrade():
    _create('bookmarks')
    _create('thanks')
    for table in ('posts', 'comments'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column('thanks_count', sa.Integer(), nullable=False, server_default='0')
            )


def downgrade():
    for table in ('comments', 'posts'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('thanks_count')
    for name in ('thanks', 'bookmarks'):
        op.drop_index(f'ix_{name}_user_id_created_at', table_name=name)
        op.drop_index(f'ix_{name}_post_id', table_name=name)
        op.drop_index(f'ix_{name}_comment_id', table_name=name)
        op.drop_table(name)

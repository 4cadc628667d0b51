"""deleted by its author, apart from removed by a moderator; remembered sign-ins

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 21:30:00

Until now an author's delete and a moderator's removal were both "removed".
Rows whose removal no moderation action explains were deleted by their
authors: they become "deleted" (from when they were last changed), and any
flag still open on them is closed, as an author's delete now does.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('login_sessions', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('remember', sa.Boolean(), nullable=False, server_default=sa.false())
        )

    for table, target_type, flag_column in (
        ('posts', 'post', 'post_id'),
        ('comments', 'comment', 'comment_id'),
    ):
        by_author = f"""
            status = 'removed' AND NOT EXISTS (
                SELECT 1 FROM moderation_actions a
                WHERE a.target_type = '{target_type}' AND a.target_id = {table}.id
                  AND a.action IN ('remove', 'uphold')
            )"""
        op.execute(
            f"UPDATE flags SET status = 'closed', resolved_at = CURRENT_TIMESTAMP "
            f"WHERE status = 'open' AND {flag_column} IN (SELECT id FROM {table} WHERE {by_author})"
        )
        op.execute(
            f"UPDATE {table} SET status = 'deleted', deleted_at = updated_at WHERE {by_author}"
        )


def downgrade():
    op.execute("UPDATE posts SET status = 'removed' WHERE status = 'deleted'")
    op.execute("UPDATE comments SET status = 'removed' WHERE status = 'deleted'")
    with op.batch_alter_table('login_sessions', schema=None) as batch_op:
        batch_op.drop_column('remember')
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_column('deleted_at')
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.drop_column('deleted_at')

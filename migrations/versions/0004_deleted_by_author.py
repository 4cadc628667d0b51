"""deleted by its author, apart from removed by a moderator; remembered sign-ins

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 21:30:00

Until now an author's delete and a moderator's removal were both "removed".
A row stays "removed" only when the latest moderation action that changed its
status moved it to "removed". Anything else was deleted by its author: after
a moderator restored it, say, or with the old delete button, which wrote no
log row (a moderator's delete was a delete). Those rows become "deleted" (from
when they were last changed), and any flag still open on them is closed, as an
author's delete now does.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

# The moderation actions of this time that change a post's or comment's status.
# Locking comments, a moderator's edit and retagging don't: they can come
# after a removal without undoing it.
STATUS_ACTIONS = "('auto_hide', 'approve', 'restore', 'dismiss', 'uphold', 'remove', 'safety_review')"


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
        # The latest status change in the log, by id (created_at can tie).
        # A removal records the status it left as "to", and
        # moderation/audit.py writes details with json.dumps(sort_keys=True).
        by_author = f"""
            status = 'removed' AND COALESCE((
                SELECT a.details_json FROM moderation_actions a
                WHERE a.target_type = '{target_type}' AND a.target_id = {table}.id
                  AND a.action IN {STATUS_ACTIONS}
                ORDER BY a.id DESC LIMIT 1
            ), '') NOT LIKE '%"to": "removed"%'"""
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

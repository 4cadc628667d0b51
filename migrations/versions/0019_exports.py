"""exports: edit history of posts and comments, and queued data exports

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06 06:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'post_revisions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('post_id', sa.Integer(), nullable=False),
        sa.Column('editor_id', sa.Integer(), nullable=True),
        sa.Column('title', sa.Text(), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('tags', sa.Text(), nullable=False),
        sa.Column('edited_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['editor_id'], ['users.id'], name=op.f('fk_post_revisions_editor_id_users'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_post_revisions_post_id_posts'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_post_revisions')),
    )
    op.create_index('ix_post_revisions_post_id_edited_at', 'post_revisions', ['post_id', 'edited_at'])

    op.create_table(
        'comment_revisions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('comment_id', sa.Integer(), nullable=False),
        sa.Column('editor_id', sa.Integer(), nullable=True),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('edited_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['comment_id'], ['comments.id'], name=op.f('fk_comment_revisions_comment_id_comments'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['editor_id'], ['users.id'], name=op.f('fk_comment_revisions_editor_id_users'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_comment_revisions')),
    )
    op.create_index('ix_comment_revisions_comment_id_edited_at', 'comment_revisions', ['comment_id', 'edited_at'])

    op.create_table(
        'export_jobs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('token', sa.String(length=43), nullable=False),
        sa.Column('state', sa.String(length=10), nullable=False),
        sa.Column('file_name', sa.String(length=80), nullable=True),
        sa.Column('size', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('ready_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_export_jobs_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_export_jobs')),
        sa.UniqueConstraint('token', name=op.f('uq_export_jobs_token')),
    )
    op.create_index('ix_export_jobs_user_id_created_at', 'export_jobs', ['user_id', 'created_at'])
    op.create_index('ix_export_jobs_state_expires_at', 'export_jobs', ['state', 'expires_at'])
    op.create_index('uq_export_jobs_queued_user', 'export_jobs', ['user_id'], unique=True, sqlite_where=sa.text("state = 'queued'"), postgresql_where=sa.text("state = 'queued'"))


def downgrade():
    op.drop_index('uq_export_jobs_queued_user', table_name='export_jobs', sqlite_where=sa.text("state = 'queued'"), postgresql_where=sa.text("state = 'queued'"))
    op.drop_index('ix_export_jobs_state_expires_at', table_name='export_jobs')
    op.drop_index('ix_export_jobs_user_id_created_at', table_name='export_jobs')
    op.drop_table('export_jobs')
    op.drop_index('ix_comment_revisions_comment_id_edited_at', table_name='comment_revisions')
    op.drop_table('comment_revisions')
    op.drop_index('ix_post_revisions_post_id_edited_at', table_name='post_revisions')
    op.drop_table('post_revisions')

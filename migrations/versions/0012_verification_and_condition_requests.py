"""safety notes shown with the label; clinician verification requests and condition proposals

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05 04:00:00
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('safety_note_html', sa.Text(), nullable=False, server_default='')
        )
    _copy_latest_notes()
    op.create_table(
        'verification_requests',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('profession', sa.String(length=80), nullable=False),
        sa.Column('registration_body', sa.String(length=120), nullable=False),
        sa.Column('registration_number', sa.String(length=40), nullable=False),
        sa.Column('register_url', sa.String(length=300), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('decline_reason', sa.String(length=500), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('decided_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['decided_by_id'], ['users.id']),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_verification_requests_status_created_at', 'verification_requests',
                    ['status', 'created_at'])
    op.create_index('ix_verification_requests_user_id_created_at', 'verification_requests',
                    ['user_id', 'created_at'])
    op.create_table(
        'condition_proposals',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('proposer_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('slug', sa.String(length=80), nullable=False),
        sa.Column('parent_id', sa.Integer(), nullable=True),
        sa.Column('synonyms_json', sa.Text(), nullable=False),
        sa.Column('why', sa.Text(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('decline_reason', sa.String(length=500), nullable=False),
        sa.Column('condition_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('decided_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['condition_id'], ['conditions.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['decided_by_id'], ['users.id']),
        sa.ForeignKeyConstraint(['parent_id'], ['conditions.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['proposer_id'], ['users.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_condition_proposals_status_created_at', 'condition_proposals',
                    ['status', 'created_at'])
    op.create_index('ix_condition_proposals_proposer_id_created_at', 'condition_proposals',
                    ['proposer_id', 'created_at'])


def _copy_latest_notes():
    """Reviews written before the note was shown: show each post's latest note now,
    through the one sanitizer as new reviews are."""
    from forum.markup import render_markdown

    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT r.post_id, r.note FROM safety_reviews r"
        " WHERE r.id = (SELECT MAX(r2.id) FROM safety_reviews r2 WHERE r2.post_id = r.post_id)"
        " AND r.note <> ''"
    )).all()
    for post_id, note in rows:
        bind.execute(
            sa.text("UPDATE posts SET safety_note_html = :html WHERE id = :id"),
            {"html": render_markdown(note), "id": post_id},
        )


def downgrade():
    op.drop_index('ix_condition_proposals_proposer_id_created_at', table_name='condition_proposals')
    op.drop_index('ix_condition_proposals_status_created_at', table_name='condition_proposals')
    op.drop_table('condition_proposals')
    op.drop_index('ix_verification_requests_user_id_created_at', table_name='verification_requests')
    op.drop_index('ix_verification_requests_status_created_at', table_name='verification_requests')
    op.drop_table('verification_requests')
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.drop_column('safety_note_html')

"""change ideas that teach: aims, settings, measures, data, PDSA cycles,
co-authors, citations, lineage and evidence levels

A change idea stays a post; what makes it a record others can learn from is
kept beside it (forum.models.change_idea). Existing posts start as "One
story" with no adaptations; ``flask content evidence`` recomputes the levels.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 02:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('citations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('identifier', sa.String(length=100), nullable=False),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('confirmed_by_id', sa.Integer(), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['added_by_id'], ['users.id'], name=op.f('fk_citations_added_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['confirmed_by_id'], ['users.id'], name=op.f('fk_citations_confirmed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_citations_post_id_posts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_citations')),
    sa.UniqueConstraint('post_id', 'kind', 'identifier', name=op.f('uq_citations_post_id'))
    )
    op.create_table('measures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_measures_post_id_posts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_measures')),
    sa.UniqueConstraint('post_id', 'name', name=op.f('uq_measures_post_id'))
    )
    with op.batch_alter_table('measures', schema=None) as batch_op:
        batch_op.create_index('ix_measures_post_id_position', ['post_id', 'position'], unique=False)

    op.create_table('pdsa_cycles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('plan', sa.Text(), nullable=False),
    sa.Column('done', sa.Text(), nullable=False),
    sa.Column('learned', sa.Text(), nullable=False),
    sa.Column('decision', sa.String(length=20), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_pdsa_cycles_post_id_posts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pdsa_cycles'))
    )
    with op.batch_alter_table('pdsa_cycles', schema=None) as batch_op:
        batch_op.create_index('ix_pdsa_cycles_post_id_started_on', ['post_id', 'started_on'], unique=False)

    op.create_table('post_coauthors',
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_post_coauthors_post_id_posts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_post_coauthors_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('post_id', 'user_id', name=op.f('pk_post_coauthors'))
    )
    with op.batch_alter_table('post_coauthors', schema=None) as batch_op:
        batch_op.create_index('ix_post_coauthors_user_id', ['user_id'], unique=False)

    op.create_table('data_points',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.Column('observed_on', sa.Date(), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['entered_by_id'], ['users.id'], name=op.f('fk_data_points_entered_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['measure_id'], ['measures.id'], name=op.f('fk_data_points_measure_id_measures'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_points')),
    sa.UniqueConstraint('measure_id', 'observed_on', name=op.f('uq_data_points_measure_id'))
    )
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('aim_what', sa.String(length=300), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('aim_target', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('aim_by', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('setting_kind', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('setting_size', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('setting_people', sa.String(length=300), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('adapted_from_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('adaptation_note', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('adaptation_count', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('evidence_level', sa.String(length=20), nullable=False, server_default='one_story'))
        batch_op.add_column(sa.Column('evidence_reason', sa.String(length=300), nullable=False, server_default=''))
        batch_op.create_index(batch_op.f('ix_posts_adapted_from_id'), ['adapted_from_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_posts_adapted_from_id_posts'), 'posts', ['adapted_from_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_posts_adapted_from_id_posts'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_posts_adapted_from_id'))
        batch_op.drop_column('evidence_reason')
        batch_op.drop_column('evidence_level')
        batch_op.drop_column('adaptation_count')
        batch_op.drop_column('adaptation_note')
        batch_op.drop_column('adapted_from_id')
        batch_op.drop_column('setting_people')
        batch_op.drop_column('setting_size')
        batch_op.drop_column('setting_kind')
        batch_op.drop_column('aim_by')
        batch_op.drop_column('aim_target')
        batch_op.drop_column('aim_what')

    op.drop_table('data_points')
    with op.batch_alter_table('post_coauthors', schema=None) as batch_op:
        batch_op.drop_index('ix_post_coauthors_user_id')

    op.drop_table('post_coauthors')
    with op.batch_alter_table('pdsa_cycles', schema=None) as batch_op:
        batch_op.drop_index('ix_pdsa_cycles_post_id_started_on')

    op.drop_table('pdsa_cycles')
    with op.batch_alter_table('measures', schema=None) as batch_op:
        batch_op.drop_index('ix_measures_post_id_position')

    op.drop_table('measures')
    op.drop_table('citations')

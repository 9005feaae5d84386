"""payment plans, professionals and escalations

Revision ID: aab4f22b08b5
Revises: b5c62659fb16
Create Date: 2026-11-26 01:40:38.954823

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

# revision identifiers, used by Alembic.
revision: str = 'aab4f22b08b5'
down_revision: Union[str, Sequence[str], None] = 'b5c62659fb16'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Payment plans with their instalments; escalations to professionals with one hand-over per professional.

    At most one running escalation per case (partial unique index): no case is held twice."""
    op.create_table('escalation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('mandate_on', sa.Date(), nullable=False),
    sa.Column('debtor_type', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('region', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('ended_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name='fk_escalation_account_id_account'),
    sa.ForeignKeyConstraint(['case_id'], ['collectioncase.id'], name='fk_escalation_case_id_collectioncase'),
    sa.PrimaryKeyConstraint('id', name='pk_escalation')
    )
    with op.batch_alter_table('escalation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_escalation_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_escalation_case_id'), ['case_id'], unique=False)
        batch_op.create_index('uq_escalation_running_case', ['case_id'], unique=True, sqlite_where=sa.text("status = 'en_cours'"), postgresql_where=sa.text("status = 'en_cours'"))

    op.create_table('paymentplan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('proposed_by', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('total_cents', sa.Integer(), nullable=False),
    sa.Column('paid_before_cents', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('accepted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('ended_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name='fk_paymentplan_account_id_account'),
    sa.ForeignKeyConstraint(['case_id'], ['collectioncase.id'], name='fk_paymentplan_case_id_collectioncase'),
    sa.PrimaryKeyConstraint('id', name='pk_paymentplan')
    )
    with op.batch_alter_table('paymentplan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_paymentplan_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_paymentplan_case_id'), ['case_id'], unique=False)

    op.create_table('handover',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('escalation_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('professional_id', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('professional_name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('agreed_delay_days', sa.Integer(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=True),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('recovered_cents', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name='fk_handover_account_id_account'),
    sa.ForeignKeyConstraint(['escalation_id'], ['escalation.id'], name='fk_handover_escalation_id_escalation'),
    sa.PrimaryKeyConstraint('id', name='pk_handover'),
    sa.UniqueConstraint('escalation_id', 'position', name='uq_handover_escalation_position')
    )
    with op.batch_alter_table('handover', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_handover_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_handover_escalation_id'), ['escalation_id'], unique=False)

    op.create_table('planinstalment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('amount_cents', sa.Integer(), nullable=False),
    sa.Column('missed_alert_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name='fk_planinstalment_account_id_account'),
    sa.ForeignKeyConstraint(['plan_id'], ['paymentplan.id'], name='fk_planinstalment_plan_id_paymentplan'),
    sa.PrimaryKeyConstraint('id', name='pk_planinstalment'),
    sa.UniqueConstraint('plan_id', 'position', name='uq_planinstalment_plan_position')
    )
    with op.batch_alter_table('planinstalment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_planinstalment_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_planinstalment_plan_id'), ['plan_id'], unique=False)

    # ### end Alembic commands ###


def downgrade() -> None:
    """Downgrade schema."""
    # ### commands auto generated by Alembic - please adjust! ###
    with op.batch_alter_table('planinstalment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_planinstalment_plan_id'))
        batch_op.drop_index(batch_op.f('ix_planinstalment_account_id'))

    op.drop_table('planinstalment')
    with op.batch_alter_table('handover', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_handover_escalation_id'))
        batch_op.drop_index(batch_op.f('ix_handover_account_id'))

    op.drop_table('handover')
    with op.batch_alter_table('paymentplan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_paymentplan_case_id'))
        batch_op.drop_index(batch_op.f('ix_paymentplan_account_id'))

    op.drop_table('paymentplan')
    with op.batch_alter_table('escalation', schema=None) as batch_op:
        batch_op.drop_index('uq_escalation_running_case', sqlite_where=sa.text("status = 'en_cours'"), postgresql_where=sa.text("status = 'en_cours'"))
        batch_op.drop_index(batch_op.f('ix_escalation_case_id'))
        batch_op.drop_index(batch_op.f('ix_escalation_account_id'))

    op.drop_table('escalation')
    # ### end Alembic commands ###

"""grouped messages, thank-you, digest, hold links

OutboxMessage.recipient_day: one message per client address per day (unique; NULL on older rows), and how many
actions a message carries. CaseAction.kind: step, echeance (an instalment reminder) or merci (the
thank-you after full payment). Account.thank_payers
(on by default) and digest_hour (8 h by default). Debtor.held_at: messages held from a digest's « Suspendre » link.
Tables holdlink (those links, single-use) and digest (one per account and day).

Revision ID: 71b5560e6c01
Revises: 83807ae2e9f0
Create Date: 2026-12-05 22:55:10.073189

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

# revision identifiers, used by Alembic.
revision: str = '71b5560e6c01'
down_revision: Union[str, Sequence[str], None] = '83807ae2e9f0'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('digest',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('claim_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('claimed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('sent_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('to_address', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('subject', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('account_id', 'day', name='uq_digest_account_day')
    )
    with op.batch_alter_table('digest', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_digest_account_id'), ['account_id'], unique=False)

    op.create_table('holdlink',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('debtor_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('used_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ),
    sa.ForeignKeyConstraint(['debtor_id'], ['debtor.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash', name='uq_holdlink_token_hash')
    )
    with op.batch_alter_table('holdlink', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_holdlink_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_holdlink_debtor_id'), ['debtor_id'], unique=False)

    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('thank_payers', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column('digest_hour', sa.Integer(), server_default='8', nullable=True))

    with op.batch_alter_table('caseaction', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=8), server_default='step', nullable=False))

    # Instalment reminders of payment plans (recourse/plan_store.PLAN_STEP_BASE = 100) are never grouped.
    op.execute("UPDATE caseaction SET kind = 'echeance' WHERE step_position >= 100")

    with op.batch_alter_table('debtor', schema=None) as batch_op:
        batch_op.add_column(sa.Column('held_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))

    with op.batch_alter_table('outboxmessage', schema=None) as batch_op:
        batch_op.add_column(sa.Column('recipient_day', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.add_column(sa.Column('actions', sa.Integer(), server_default='1', nullable=False))
        batch_op.create_unique_constraint('uq_outboxmessage_recipient_day', ['recipient_day'])



def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('outboxmessage', schema=None) as batch_op:
        batch_op.drop_constraint('uq_outboxmessage_recipient_day', type_='unique')
        batch_op.drop_column('actions')
        batch_op.drop_column('recipient_day')

    with op.batch_alter_table('debtor', schema=None) as batch_op:
        batch_op.drop_column('held_at')

    with op.batch_alter_table('caseaction', schema=None) as batch_op:
        batch_op.drop_column('kind')

    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.drop_column('digest_hour')
        batch_op.drop_column('thank_payers')

    with op.batch_alter_table('holdlink', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_holdlink_debtor_id'))
        batch_op.drop_index(batch_op.f('ix_holdlink_account_id'))

    op.drop_table('holdlink')
    with op.batch_alter_table('digest', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_digest_account_id'))

    op.drop_table('digest')

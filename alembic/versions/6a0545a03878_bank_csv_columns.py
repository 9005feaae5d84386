"""bank csv columns

BankColumns: the owner's answer, per account and per CSV header signature, to « which column holds the date, the
amount, the label, the payer » for a bank export whose header the app does not recognise.

Revision ID: 6a0545a03878
Revises: 530b031b5daa
Create Date: 2026-12-05 18:10:39.545146

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

# revision identifiers, used by Alembic.
revision: str = '6a0545a03878'
down_revision: Union[str, Sequence[str], None] = '530b031b5daa'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('bankcolumns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('signature', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('date_col', sa.Integer(), nullable=False),
    sa.Column('label_col', sa.Integer(), nullable=False),
    sa.Column('amount_col', sa.Integer(), nullable=True),
    sa.Column('credit_col', sa.Integer(), nullable=True),
    sa.Column('payer_col', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('account_id', 'signature', name='uq_bankcolumns_account_signature')
    )
    with op.batch_alter_table('bankcolumns', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bankcolumns_account_id'), ['account_id'], unique=False)



def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('bankcolumns', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bankcolumns_account_id'))

    op.drop_table('bankcolumns')

"""bank statement lines

BankLine: the credits of the bank statements an owner imports (unique per account by the bank's reference or a
stable hash of the line); Payment.bank_line_id: the credit a payment was confirmed from (None when typed by hand).

Revision ID: 530b031b5daa
Revises: be3a332a3666
Create Date: 2026-12-05 17:57:10.735577

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

# revision identifiers, used by Alembic.
revision: str = '530b031b5daa'
down_revision: Union[str, Sequence[str], None] = 'be3a332a3666'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('bankline',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('booked_on', sa.Date(), nullable=False),
    sa.Column('amount_cents', sa.BigInteger(), nullable=False),
    sa.Column('payer', sqlmodel.sql.sqltypes.AutoString(length=140), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(length=280), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('imported_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('decided_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('account_id', 'key', name='uq_bankline_account_key')
    )
    with op.batch_alter_table('bankline', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bankline_account_id'), ['account_id'], unique=False)

    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('bank_line_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_payment_bank_line_id'), ['bank_line_id'], unique=False)
        batch_op.create_foreign_key('fk_payment_bank_line_id', 'bankline', ['bank_line_id'], ['id'])



def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.drop_constraint('fk_payment_bank_line_id', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_payment_bank_line_id'))
        batch_op.drop_column('bank_line_id')

    with op.batch_alter_table('bankline', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bankline_account_id'))

    op.drop_table('bankline')

"""money in cents as bigint

Every amount in cents becomes a 64-bit integer. PostgreSQL's INTEGER stops at 2 147 483 647 cents (21 474 836,47 €):
an invoice the forms accept (up to a billion euros, core.parse.MAX_AMOUNT) could not be stored there (found by the
hostile-probe test of the largest amounts on the PostgreSQL tier). SQLite stores 64-bit integers either way; the
batch operations rebuild its tables with the new declared type.

Revision ID: 3c0f7d2a9b15
Revises: edabb7fa3641
Create Date: 2026-12-05 13:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = '3c0f7d2a9b15'
down_revision: Union[str, Sequence[str], None] = 'edabb7fa3641'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('debtor', schema=None) as batch_op:
        batch_op.alter_column('credit_limit_cents', existing_type=sa.Integer(), type_=sa.BigInteger(), existing_nullable=True)
    with op.batch_alter_table('invoice', schema=None) as batch_op:
        batch_op.alter_column('amount_ht_cents', existing_type=sa.Integer(), type_=sa.BigInteger(), existing_nullable=False)
        batch_op.alter_column('amount_ttc_cents', existing_type=sa.Integer(), type_=sa.BigInteger(), existing_nullable=False)
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.alter_column('amount_cents', existing_type=sa.Integer(), type_=sa.BigInteger(), existing_nullable=False)
    with op.batch_alter_table('paymentpromise', schema=None) as batch_op:
        batch_op.alter_column('amount_cents', existing_type=sa.Integer(), type_=sa.BigInteger(), existing_nullable=False)
    with op.batch_alter_table('paymentplan', schema=None) as batch_op:
        batch_op.alter_column('total_cents', existing_type=sa.Integer(), type_=sa.BigInteger(), existing_nullable=False)
        batch_op.alter_column('paid_before_cents', existing_type=sa.Integer(), type_=sa.BigInteger(), existing_nullable=False)
    with op.batch_alter_table('planinstalment', schema=None) as batch_op:
        batch_op.alter_column('amount_cents', existing_type=sa.Integer(), type_=sa.BigInteger(), existing_nullable=False)
    with op.batch_alter_table('handover', schema=None) as batch_op:
        batch_op.alter_column('recovered_cents', existing_type=sa.Integer(), type_=sa.BigInteger(), existing_nullable=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('debtor', schema=None) as batch_op:
        batch_op.alter_column('credit_limit_cents', existing_type=sa.BigInteger(), type_=sa.Integer(), existing_nullable=True)
    with op.batch_alter_table('invoice', schema=None) as batch_op:
        batch_op.alter_column('amount_ht_cents', existing_type=sa.BigInteger(), type_=sa.Integer(), existing_nullable=False)
        batch_op.alter_column('amount_ttc_cents', existing_type=sa.BigInteger(), type_=sa.Integer(), existing_nullable=False)
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.alter_column('amount_cents', existing_type=sa.BigInteger(), type_=sa.Integer(), existing_nullable=False)
    with op.batch_alter_table('paymentpromise', schema=None) as batch_op:
        batch_op.alter_column('amount_cents', existing_type=sa.BigInteger(), type_=sa.Integer(), existing_nullable=False)
    with op.batch_alter_table('paymentplan', schema=None) as batch_op:
        batch_op.alter_column('total_cents', existing_type=sa.BigInteger(), type_=sa.Integer(), existing_nullable=False)
        batch_op.alter_column('paid_before_cents', existing_type=sa.BigInteger(), type_=sa.Integer(), existing_nullable=False)
    with op.batch_alter_table('planinstalment', schema=None) as batch_op:
        batch_op.alter_column('amount_cents', existing_type=sa.BigInteger(), type_=sa.Integer(), existing_nullable=False)
    with op.batch_alter_table('handover', schema=None) as batch_op:
        batch_op.alter_column('recovered_cents', existing_type=sa.BigInteger(), type_=sa.Integer(), existing_nullable=False)

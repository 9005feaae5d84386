"""debtor kind and agreed rate

Debtor.kind (professionnel | particulier | public) decides the law of late payment (cases.ledger); existing debtors
are professionals, the law the app applied until now. Debtor.agreed_rate_bp: the late-payment rate of the creditor's
terms for this client, in hundredths of a percent, none by default (the legal rate).

Revision ID: b40cda0e9855
Revises: 551f2186e8cc
Create Date: 2026-12-05 08:51:19.356815

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

# revision identifiers, used by Alembic.
revision: str = 'b40cda0e9855'
down_revision: Union[str, Sequence[str], None] = '551f2186e8cc'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('debtor', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), server_default='professionnel', nullable=False))
        batch_op.add_column(sa.Column('agreed_rate_bp', sa.Integer(), nullable=True))



def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('debtor', schema=None) as batch_op:
        batch_op.drop_column('agreed_rate_bp')
        batch_op.drop_column('kind')


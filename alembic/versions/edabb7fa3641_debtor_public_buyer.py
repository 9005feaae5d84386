"""debtor public buyer

Debtor.public_buyer: for a public debtor, the kind of buyer whose payment term applies (etat 30 days, sante 50,
entreprise 60: Code de la commande publique R2192-10 and R2192-11); empty for existing debtors and for the others
(an existing public debtor is read as the State, the general rule).

Revision ID: edabb7fa3641
Revises: b40cda0e9855
Create Date: 2026-12-05 12:01:39.729081

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

# revision identifiers, used by Alembic.
revision: str = 'edabb7fa3641'
down_revision: Union[str, Sequence[str], None] = 'b40cda0e9855'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('debtor', schema=None) as batch_op:
        batch_op.add_column(sa.Column('public_buyer', sqlmodel.sql.sqltypes.AutoString(length=16), server_default='', nullable=False))



def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('debtor', schema=None) as batch_op:
        batch_op.drop_column('public_buyer')


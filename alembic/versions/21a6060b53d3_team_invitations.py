"""team invitations, alerts by e-mail

TeamInvite: an owner's invitation to join the account's team with a role (lecture, gestion), single-use, 7 days;
only the SHA-256 of its secret is kept. Members are User rows of the account whose role is lecture or gestion.
CaseEvent.mailed_at: when an urgent alert was e-mailed to the owner (reminders/alerts.py).

Revision ID: 21a6060b53d3
Revises: 71b5560e6c01
Create Date: 2026-12-05 23:36:05.133362

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

# revision identifiers, used by Alembic.
revision: str = '21a6060b53d3'
down_revision: Union[str, Sequence[str], None] = '71b5560e6c01'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('teaminvite',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('used_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash', name='uq_teaminvite_token_hash')
    )
    with op.batch_alter_table('teaminvite', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_teaminvite_account_id'), ['account_id'], unique=False)

    with op.batch_alter_table('caseevent', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mailed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))



def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('caseevent', schema=None) as batch_op:
        batch_op.drop_column('mailed_at')

    with op.batch_alter_table('teaminvite', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_teaminvite_account_id'))

    op.drop_table('teaminvite')

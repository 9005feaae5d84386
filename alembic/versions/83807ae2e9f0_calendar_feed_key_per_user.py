"""calendar feed key per user

User.calendar_key_hash: the SHA-256 of the secret key of the user's calendar feed (/compte/agenda.ics?cle=…), unique;
NULL when the user has no feed or revoked it.

Revision ID: 83807ae2e9f0
Revises: 6a0545a03878
Create Date: 2026-12-05 20:34:24.789580

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

# revision identifiers, used by Alembic.
revision: str = '83807ae2e9f0'
down_revision: Union[str, Sequence[str], None] = '6a0545a03878'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('calendar_key_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.create_unique_constraint('uq_user_calendar_key_hash', ['calendar_key_hash'])


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_constraint('uq_user_calendar_key_hash', type_='unique')
        batch_op.drop_column('calendar_key_hash')

"""scheduler lease

SchedulerLease: one row per scheduler ("reminders", unique) naming the process that runs it until expires_at, so that
one app worker at a time, across app instances on the same database, runs the in-app reminder scheduler.

Revision ID: be3a332a3666
Revises: 3c0f7d2a9b15
Create Date: 2026-12-05 13:41:29.115198

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

# revision identifiers, used by Alembic.
revision: str = 'be3a332a3666'
down_revision: Union[str, Sequence[str], None] = '3c0f7d2a9b15'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('schedulerlease',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('holder', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table('schedulerlease')

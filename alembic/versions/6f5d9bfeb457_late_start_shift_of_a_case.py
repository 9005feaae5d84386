"""late start shift of a case

CollectionCase.schedule_shift_days: the days its steps after the due date were pushed because it started late.
Existing cases get 0: their plans stay as they were.

Revision ID: 6f5d9bfeb457
Revises: 87162eca0844
Create Date: 2026-11-26 04:04:00.890831

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

# revision identifiers, used by Alembic.
revision: str = '6f5d9bfeb457'
down_revision: Union[str, Sequence[str], None] = '87162eca0844'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('collectioncase', schema=None) as batch_op:
        batch_op.add_column(sa.Column('schedule_shift_days', sa.Integer(), server_default='0', nullable=False))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('collectioncase', schema=None) as batch_op:
        batch_op.drop_column('schedule_shift_days')

"""reports of digest points: what a report is about (an answer or a digest point) and which point

Revision ID: 0007_finish12
Revises: 0006
Create Date: 2026-12-02 15:05:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_finish12"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=10), nullable=False, server_default="answer"))
        batch_op.add_column(sa.Column("point", sa.Integer(), nullable=True))
        batch_op.create_check_constraint(op.f("ck_reports_kind"), "kind IN ('answer', 'digest')")


def downgrade() -> None:
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_constraint("ck_reports_kind", type_="check")
        batch_op.drop_column("point")
        batch_op.drop_column("kind")

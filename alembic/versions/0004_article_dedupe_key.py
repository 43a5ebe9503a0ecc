"""article dedupe key: the same article (text and outlet) is stored once, whoever stores it

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 01:30:00

Articles stored twice before (two ingests at once) keep their rows: every copy after the first gets
its id appended to the key, so the unique constraint holds from now on without deleting anything.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Added in place and made unique by an index: no table copy on SQLite (whose foreign keys cascade).
    op.add_column(
        "articles", sa.Column("dedupe_key", sa.String(length=90), server_default="", nullable=False)
    )
    op.execute(
        "UPDATE articles SET dedupe_key = "
        "content_hash || ':' || COALESCE(CAST(outlet_id AS VARCHAR(20)), '')"
    )
    op.execute(
        "UPDATE articles SET dedupe_key = dedupe_key || ':' || CAST(id AS VARCHAR(20)) "
        "WHERE id NOT IN (SELECT MIN(id) FROM articles GROUP BY content_hash, outlet_id)"
    )
    op.create_index(op.f("ix_articles_dedupe_key"), "articles", ["dedupe_key"], unique=True)


def downgrade() -> None:
    op.drop_index(op.f("ix_articles_dedupe_key"), table_name="articles")
    with op.batch_alter_table("articles") as batch_op:
        batch_op.drop_column("dedupe_key")

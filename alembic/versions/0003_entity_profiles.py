"""entity profile lines

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 20:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "entity_profile_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("text", sa.String(length=300), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("start_offset", sa.Integer(), nullable=False),
        sa.Column("end_offset", sa.Integer(), nullable=False),
        sa.CheckConstraint("kind IN ('role', 'latin-name')", name=op.f("ck_entity_profile_lines_kind")),
        sa.CheckConstraint("start_offset < end_offset", name=op.f("ck_entity_profile_lines_span")),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_entity_profile_lines_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["entities.id"],
            name=op.f("fk_entity_profile_lines_entity_id_entities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entity_profile_lines")),
        sa.UniqueConstraint("entity_id", "kind", "key", name=op.f("uq_entity_profile_lines_entity_id")),
    )
    with op.batch_alter_table("entity_profile_lines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_entity_profile_lines_article_id"), ["article_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_entity_profile_lines_entity_id"), ["entity_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("entity_profile_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_entity_profile_lines_entity_id"))
        batch_op.drop_index(batch_op.f("ix_entity_profile_lines_article_id"))
    op.drop_table("entity_profile_lines")

"""stories: articles clustered by event, each story's entities and titles

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 04:20:00

Articles stored before this revision belong to no story until `briefing reindex` assigns them.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "stories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("first_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("article_count", sa.Integer(), nullable=False),
        sa.Column("manual", sa.Boolean(), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stories")),
    )
    with op.batch_alter_table("stories", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stories_last_at"), ["last_at"], unique=False)

    op.create_table(
        "story_entities",
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("articles", sa.Integer(), nullable=False),
        sa.Column("last_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["entities.id"],
            name=op.f("fk_story_entities_entity_id_entities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["story_id"], ["stories.id"], name=op.f("fk_story_entities_story_id_stories"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("story_id", "entity_id", name=op.f("pk_story_entities")),
    )
    with op.batch_alter_table("story_entities", schema=None) as batch_op:
        batch_op.create_index("ix_story_entities_entity_last", ["entity_id", "last_at"], unique=False)

    op.create_table(
        "story_articles",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("seen_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("pinned", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_story_articles_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["story_id"], ["stories.id"], name=op.f("fk_story_articles_story_id_stories"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_story_articles")),
    )
    with op.batch_alter_table("story_articles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_story_articles_story_id"), ["story_id"], unique=False)

    op.create_table(
        "story_titles",
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("centrality", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_story_titles_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["story_id"], ["stories.id"], name=op.f("fk_story_titles_story_id_stories"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("story_id", "language", name=op.f("pk_story_titles")),
    )
    op.create_table(
        "story_follows",
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["chat_id"], ["chats.id"], name=op.f("fk_story_follows_chat_id_chats"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["story_id"], ["stories.id"], name=op.f("fk_story_follows_story_id_stories"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("chat_id", "story_id", name=op.f("pk_story_follows")),
    )
    # Added in place, without a foreign key: no table copy on SQLite (whose foreign keys cascade).
    op.add_column("chats", sa.Column("context_story_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("chats") as batch_op:
        batch_op.drop_column("context_story_id")
    op.drop_table("story_follows")
    op.drop_table("story_titles")
    with op.batch_alter_table("story_articles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_story_articles_story_id"))

    op.drop_table("story_articles")
    with op.batch_alter_table("story_entities", schema=None) as batch_op:
        batch_op.drop_index("ix_story_entities_entity_last")

    op.drop_table("story_entities")
    with op.batch_alter_table("stories", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stories_last_at"))

    op.drop_table("stories")

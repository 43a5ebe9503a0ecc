"""The schema migrates on SQLite and PostgreSQL alike and times come back timezone-aware."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select

from storage import Database
from storage.models import Article, Base, Outlet


def test_migrations_match_the_models(any_db: Database) -> None:
    with any_db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []


def test_times_read_back_in_utc(any_db: Database) -> None:
    damascus = timezone(timedelta(hours=3))
    with any_db.session() as session:
        outlet = Outlet(name="Example", key="example")
        session.add(outlet)
        session.flush()
        session.add(
            Article(
                source="x.txt",
                outlet_id=outlet.id,
                title="t",
                language="ar",
                text="نص",
                content_hash="h",
                fingerprint="f",
                published_at=datetime(2025, 10, 23, 14, 8, tzinfo=damascus),
            )
        )
    with any_db.session() as session:
        article = session.scalars(select(Article)).one()
        assert article.published_at == datetime(2025, 10, 23, 11, 8, tzinfo=UTC)
        assert article.published_at.tzinfo is not None
        assert article.first_seen_at.tzinfo is not None

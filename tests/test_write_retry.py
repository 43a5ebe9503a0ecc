"""Writers' transactions: a lost deadlock is run again (bounded, logged), SQLite waits a configured time
for a lock, and the migration to unique articles keeps what was stored twice before."""

from __future__ import annotations

import logging
import threading
from typing import Any

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from alembic import command
from bot.config import load_settings
from storage import engine as storage_engine
from storage import open_database
from storage.engine import Database, alembic_config, is_transient, make_engine, upgrade_to_head
from storage.models import Article, Outlet


class _PgError(Exception):
    def __init__(self, message: str, sqlstate: str) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


def test_transient_errors_are_told_apart() -> None:
    assert is_transient(OperationalError("x", {}, _PgError("deadlock detected", "40P01")))
    assert is_transient(OperationalError("x", {}, _PgError("could not serialize access", "40001")))
    assert is_transient(OperationalError("x", {}, Exception("database is locked")))
    assert not is_transient(IntegrityError("x", {}, _PgError("duplicate key value", "23505")))
    assert not is_transient(OperationalError("x", {}, Exception("no such table: articles")))
    assert not is_transient(ValueError("database is locked"))


def test_a_lasting_conflict_is_retried_a_bounded_number_of_times(
    db: Database, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(storage_engine, "RETRY_BASE_SECONDS", 0.0)
    runs: list[int] = []

    def always_deadlocked(_session: Session) -> None:
        runs.append(1)
        raise OperationalError("UPDATE entities", {}, _PgError("deadlock detected", "40P01"))

    with caplog.at_level(logging.WARNING, logger="storage.engine"), pytest.raises(OperationalError):
        db.write(always_deadlocked, what="storing a.txt")
    assert len(runs) == storage_engine.RETRY_ATTEMPTS
    retries = [r.getMessage() for r in caplog.records if "retrying" in r.getMessage()]
    assert len(retries) == storage_engine.RETRY_ATTEMPTS - 1
    assert retries[0].startswith("storing a.txt lost to a concurrent transaction (deadlock detected)")


def test_other_errors_are_not_retried(db: Database) -> None:
    runs: list[int] = []

    def refused(_session: Session) -> None:
        runs.append(1)
        raise IntegrityError("INSERT", {}, Exception("UNIQUE constraint failed"))

    with pytest.raises(IntegrityError):
        db.write(refused, what="storing b.txt")
    assert len(runs) == 1


def test_a_writer_that_lost_a_real_deadlock_runs_again(postgres_url: str) -> None:
    """The writer waits first, so PostgreSQL's detector aborts it; its second run finds the rows free."""
    db = open_database(postgres_url)
    with db.session() as session:
        session.add_all([Outlet(name="One", key="one"), Outlet(name="Two", key="two")])
    ids = {}
    with db.session() as session:
        ids = {o.key: o.id for o in session.scalars(select(Outlet))}
    other_holds_one, writer_holds_two = threading.Event(), threading.Event()
    runs: list[int] = []

    def touch(session: Session, key: str, name: str) -> None:
        session.execute(update(Outlet).where(Outlet.id == ids[key]).values(name=name))

    def writer(session: Session) -> None:
        runs.append(1)
        touch(session, "two", "writer")
        writer_holds_two.set()
        touch(session, "one", "writer")  # waits for the other, which then waits for us: a deadlock

    def other() -> None:
        with db.session() as session:
            touch(session, "one", "other")
            other_holds_one.set()
            writer_holds_two.wait(10)
            session.execute(text("SELECT pg_sleep(0.2)"))
            touch(session, "two", "other")

    thread = threading.Thread(target=other)
    thread.start()
    other_holds_one.wait(10)
    try:
        db.write(writer, what="the writer")
    finally:
        thread.join(20)
    assert len(runs) == 2
    with db.session() as session:
        assert set(session.scalars(select(Outlet.name))) == {"writer"}
    db.dispose()


def _busy_timeout_ms(engine: Any) -> int:
    with engine.connect() as conn:
        return int(conn.exec_driver_sql("PRAGMA busy_timeout").scalar())


def test_sqlite_waits_as_long_as_configured(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_SQLITE_BUSY_TIMEOUT_SECONDS", "2.5")
    seconds = load_settings().sqlite_busy_timeout_seconds
    assert seconds == 2.5
    assert _busy_timeout_ms(make_engine(sqlite_url, busy_timeout=seconds)) == 2500
    assert _busy_timeout_ms(make_engine(sqlite_url)) == 60_000


def test_articles_stored_twice_before_the_migration_keep_their_rows(any_db_url: str) -> None:
    engine = make_engine(any_db_url)
    with engine.begin() as connection:
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        command.upgrade(config, "0003")
    columns = "(source, title, title_derived, published_has_time, language, text, content_hash, "
    columns += "fingerprint, is_correction, is_current, first_seen_at)"
    row = "('a.txt', 't', false, false, 'en', 'x', 'h1', 'f', false, true, CURRENT_TIMESTAMP)"
    with engine.begin() as connection:
        connection.execute(text(f"INSERT INTO articles {columns} VALUES {row}, {row}, {row}"))
    upgrade_to_head(engine)
    with engine.connect() as connection:
        keys = [k for (k,) in connection.execute(select(Article.dedupe_key).order_by(Article.id))]
    first, *later = keys
    assert first == "h1:"
    assert len(set(keys)) == 3 and all(k.startswith("h1::") for k in later)
    engine.dispose()

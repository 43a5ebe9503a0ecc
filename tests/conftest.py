"""Shared fixtures: real SQLite files in tmp dirs and, when configured, the real PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bot.ingest.document import CleanDocument
from bot.ingest.store import store_document
from storage import Database, open_database

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not present on this machine")


def _postgres_url() -> str | None:
    return os.environ.get("BRIEFING_TEST_POSTGRES_URL") or None


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No test reads the developer's .env or database; settings are re-read per test."""
    from bot.config import get_settings

    for name in list(os.environ):
        if name.startswith("BRIEFING_") and name != "BRIEFING_TEST_POSTGRES_URL":
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("BRIEFING_DATABASE_URL", f"sqlite:///{tmp_path / 'default.db'}")
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'briefing.db'}"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A URL to a fresh schema on the real PostgreSQL, dropped afterwards; skips when none answers."""
    base = _postgres_url()
    if not base:
        pytest.skip("PostgreSQL tests need BRIEFING_TEST_POSTGRES_URL (the .ci/run script sets it)")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    try:
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:
        pytest.skip(f"no PostgreSQL server answers at BRIEFING_TEST_POSTGRES_URL: {exc.__class__.__name__}")
    separator = "&" if "?" in base else "?"
    yield f"{base}{separator}options=-csearch_path%3D{schema}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def any_db_url(request: pytest.FixtureRequest) -> str:
    """Run a storage test once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def db(sqlite_url: str) -> Iterator[Database]:
    database = open_database(sqlite_url)
    yield database
    database.dispose()


@pytest.fixture
def any_db(any_db_url: str) -> Iterator[Database]:
    database = open_database(any_db_url)
    yield database
    database.dispose()


def stored(url: str, docs: Iterable[CleanDocument]) -> Database:
    """A database at ``url`` holding ``docs``, each stored (and extracted) in its own transaction."""
    database = open_database(url)
    for doc in docs:
        with database.session() as session:
            store_document(session, doc)
    return database

"""Engines, sessions and migrations: open a database and bring it to the newest schema."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from alembic import command

logger = logging.getLogger(__name__)

PRIVATE_FILE_MODE = 0o600


def migrations_path() -> Path:
    """Where the Alembic scripts are: inside the installed package, or alembic/ in a checkout."""
    packaged = resources.files("storage") / "migrations"
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parent.parent / "alembic"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError("Alembic migration scripts are missing from this installation")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA cache_size=-32768")  # 32 MiB: keeps the term index in memory between questions
    cursor.close()


def _create_private(path: Path) -> None:
    """Create the SQLite file readable by its owner only: it holds users' questions and chat ids.

    SQLite gives its -wal and -shm files the database file's mode, so they are private too.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):  # an existing database keeps the mode its operator gave it
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE_MODE))


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets WAL, foreign keys and a busy timeout, and its folder is created."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            _create_private(Path(database).expanduser())
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def alembic_config(engine: Engine) -> Config:
    """An Alembic config bound to this engine, without touching logging."""
    config = Config()
    config.set_main_option("script_location", str(migrations_path()))
    config.set_main_option(
        "sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%")
    )
    config.attributes["engine"] = engine
    return config


def upgrade_to_head(engine: Engine) -> None:
    """Apply every migration the database has not seen yet."""
    with engine.begin() as connection:
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


@dataclass
class Database:
    """An engine and its session factory; ``session()`` opens one transaction at the edge."""

    engine: Engine
    sessions: sessionmaker[Session]

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in a transaction: committed on success, rolled back on error."""
        with self.sessions.begin() as session:
            yield session

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(url: str, *, migrate: bool = True) -> Database:
    """Open the database at ``url`` and, unless told not to, bring it to the newest schema."""
    engine = make_engine(url)
    if migrate:
        upgrade_to_head(engine)
    return Database(engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))

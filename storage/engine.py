"""Engines, sessions and migrations: open a database and bring it to the newest schema."""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, func, select
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from alembic import command

logger = logging.getLogger(__name__)

PRIVATE_FILE_MODE = 0o600

T = TypeVar("T")

DEFAULT_BUSY_TIMEOUT_SECONDS = 60.0  # how long an SQLite writer waits for another's lock before failing

# A transaction that lost a deadlock or a serialisation conflict is run again, this many times at most,
# after a pause of RETRY_BASE_SECONDS * 2**attempt, jittered by up to half of it either way.
RETRY_ATTEMPTS = 5
RETRY_BASE_SECONDS = 0.05

# PostgreSQL SQLSTATEs of a transaction that failed only because another one ran at the same time.
_TRANSIENT_SQLSTATES = frozenset({"40P01", "40001"})  # deadlock_detected, serialization_failure
_SQLITE_BUSY = ("database is locked", "database table is locked")

# The first key of the advisory lock knowledge writers take on PostgreSQL (the second is the schema's).
_WRITER_LOCK_NAMESPACE = 0x42524946  # "BRIF"


def migrations_path() -> Path:
    """Where the Alembic scripts are: inside the installed package, or alembic/ in a checkout."""
    packaged = resources.files("storage") / "migrations"
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parent.parent / "alembic"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError("Alembic migration scripts are missing from this installation")


def _sqlite_pragmas(busy_timeout: float, dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
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


def make_engine(url: str, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT_SECONDS) -> Engine:
    """Create an engine; SQLite gets WAL, foreign keys and a busy timeout, and its folder is created.

    ``busy_timeout`` (seconds) is how long an SQLite connection waits for another's write lock.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            _create_private(Path(database).expanduser())
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": busy_timeout})
        event.listen(engine, "connect", functools.partial(_sqlite_pragmas, busy_timeout))
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


def is_transient(error: BaseException) -> bool:
    """Whether a database error says only that another transaction got in the way (worth a retry).

    A PostgreSQL deadlock or serialisation failure, or SQLite still locked after its busy timeout.
    """
    if not isinstance(error, sa_exc.DBAPIError):
        return False
    cause = error.orig
    sqlstate = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    if sqlstate in _TRANSIENT_SQLSTATES:
        return True
    return isinstance(error, sa_exc.OperationalError) and str(cause).startswith(_SQLITE_BUSY)


@dataclass
class Database:
    """An engine and its session factory; ``session()`` opens one transaction at the edge.

    ``writing()`` is the transaction of a knowledge writer (storing an article with its extraction,
    a reindex batch): it takes the writers' lock first, so two writers never interleave their reads
    and writes of entities, groups and counters, and ``write()`` runs such a transaction again when
    it lost a deadlock or a serialisation conflict anyway.
    """

    engine: Engine
    sessions: sessionmaker[Session]

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in a transaction: committed on success, rolled back on error."""
        with self.sessions.begin() as session:
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A writer's transaction, the writers' lock held from its start to its commit or rollback.

        SQLite: ``BEGIN IMMEDIATE`` takes the write lock up front (waiting up to the busy timeout), so
        what the transaction read cannot change before it writes. PostgreSQL: a transaction-scoped
        advisory lock, one per schema, serialises writers while readers go on.
        """
        with self.sessions.begin() as session:
            connection = session.connection()
            if self.is_sqlite:
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            else:
                lock = func.pg_advisory_xact_lock(
                    _WRITER_LOCK_NAMESPACE, func.hashtext(func.current_schema())
                )
                connection.execute(select(lock))
            yield session

    def write(self, work: Callable[[Session], T], *, what: str) -> T:
        """Run ``work`` in a writer's transaction, again when it lost to a concurrent one.

        At most ``RETRY_ATTEMPTS`` runs, with a short jittered backoff between them, each retry logged;
        ``work`` must be safe to run again (everything it did was rolled back). ``what`` names the job
        in the log.
        """
        for attempt in range(RETRY_ATTEMPTS):
            try:
                with self.writing() as session:
                    return work(session)
            except sa_exc.DBAPIError as exc:
                if attempt + 1 >= RETRY_ATTEMPTS or not is_transient(exc):
                    raise
                pause = RETRY_BASE_SECONDS * 2**attempt * random.uniform(0.5, 1.5)
                logger.warning(
                    "%s lost to a concurrent transaction (%s); retrying in %.2f s (attempt %d of %d)",
                    what,
                    str(exc.orig).strip().splitlines()[0][:120] if exc.orig else exc.__class__.__name__,
                    pause,
                    attempt + 2,
                    RETRY_ATTEMPTS,
                )
                time.sleep(pause)
        raise AssertionError("unreachable: the last attempt returns or raises")

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(
    url: str, *, migrate: bool = True, busy_timeout: float = DEFAULT_BUSY_TIMEOUT_SECONDS
) -> Database:
    """Open the database at ``url`` and, unless told not to, bring it to the newest schema."""
    engine = make_engine(url, busy_timeout=busy_timeout)
    if migrate:
        upgrade_to_head(engine)
    return Database(engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))

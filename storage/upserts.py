"""INSERT ... ON CONFLICT for the database in use: SQLite and PostgreSQL spell it the same way."""

from __future__ import annotations

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

__all__ = ["dialect_insert"]


def dialect_insert(session: Session, table: Table) -> postgresql.Insert | sqlite.Insert:
    """An INSERT for ``table`` with ``on_conflict_do_nothing`` / ``on_conflict_do_update`` available."""
    if session.get_bind().dialect.name == "sqlite":
        return sqlite.insert(table)
    return postgresql.insert(table)

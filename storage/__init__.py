"""Persistence: SQLAlchemy models, engine and migrations, and the queries the engine needs."""

from storage.engine import Database, open_database, upgrade_to_head
from storage.types import utcnow

__all__ = ["Database", "open_database", "upgrade_to_head", "utcnow"]

"""A refusal names its cause in a sentence, never a SQL statement."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError, OperationalError

from storage.errors import describe


def test_database_errors_are_told_without_their_sql() -> None:
    statement = "INSERT INTO mentions (entity_id) VALUES (?)"
    error = IntegrityError(statement, (7,), Exception("FOREIGN KEY failed"))
    text = describe(error)
    assert text == "a database constraint refused it (FOREIGN KEY failed)"
    assert "INSERT" not in text and "mentions" not in text
    busy = describe(OperationalError("UPDATE term_stats SET count = 1", {}, Exception("database is locked")))
    assert busy == "the database was unavailable or busy (database is locked)"


def test_other_errors_keep_their_type_and_first_line() -> None:
    assert describe(ValueError("bad value\nsecond line")) == "ValueError: bad value"

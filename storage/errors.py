"""Database errors told as one sentence: what went wrong, never the SQL statement or its parameters."""

from __future__ import annotations

from sqlalchemy import exc as sa_exc

_KINDS = (
    (sa_exc.IntegrityError, "a database constraint refused it"),
    (sa_exc.OperationalError, "the database was unavailable or busy"),
    (sa_exc.DataError, "the database refused a value in it"),
)


def describe(error: BaseException) -> str:
    """A short, SQL-free account of a database error (any other error: its type and first line)."""
    if isinstance(error, sa_exc.StatementError):
        cause = error.orig if error.orig is not None else error
        detail = (str(cause).strip().splitlines() or [""])[0][:160]
        for kind, sentence in _KINDS:
            if isinstance(error, kind):
                return f"{sentence} ({detail})" if detail else sentence
        return f"a database error ({detail})" if detail else "a database error"
    first = (str(error).strip().splitlines() or [""])[0][:160]
    return f"{error.__class__.__name__}: {first}" if first else error.__class__.__name__

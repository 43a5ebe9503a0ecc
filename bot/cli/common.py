"""What every command shares: settings, logging, the database, and error reporting on stderr."""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from bot import logs
from bot.config import Settings, get_settings
from bot.errors import BriefingError
from storage import Database, open_database

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

QUIET_LOGGERS = (
    "httpx",
    "httpcore",
    "apscheduler",
    "telegram.ext",
    "trafilatura",
    "alembic",
    "charset_normalizer",
)


def setup_logging(config: Settings) -> None:
    """Log to stderr only, so stdout stays parseable; noisy libraries stay at WARNING; no secret shows."""
    logs.setup_logging(config.log_level, secrets=config.secrets(), quiet=QUIET_LOGGERS)


def fail(message: str, code: int = 2) -> NoReturn:
    """Print one clear error line on stderr and exit."""
    message = logs.SecretFilter(_configured_secrets()).redact(message)
    err.print(f"[bold red]error:[/] {escape(message)}", markup=True, highlight=False)
    raise typer.Exit(code)


def one_of(value: str | None, choices: tuple[str, ...], what: str, option: str) -> None:
    """Refuse an option value outside ``choices`` (None is fine), naming the ones there are."""
    if value and value not in choices:
        raise typer.BadParameter(
            f"unknown {what} {value!r}; use one of {', '.join(choices)}", param_hint=option
        )


def database_with_token() -> Database:
    """The database, for a command that talks to Telegram: it fails first when no bot token is set."""
    try:
        settings().require_token()
    except BriefingError as exc:
        fail(str(exc))
    return database()


def _configured_secrets() -> tuple[str | None, ...]:
    try:
        return get_settings().secrets()
    except BriefingError:
        return ()


def settings() -> Settings:
    """The settings, or a clean exit naming the bad variable."""
    try:
        return get_settings()
    except BriefingError as exc:
        fail(str(exc))


def database(*, create: bool = False) -> Database:
    """Open the configured database, migrated to the newest schema.

    Only commands that fill a database (``create``) may start a new SQLite file: anywhere else a
    missing file is a mistyped path, and saying so beats answering from an empty store.
    """
    config = settings()
    url = config.database_url
    missing = missing_sqlite_file(url)
    if missing is not None and not create:
        fail(
            f"no database at {missing} (BRIEFING_DATABASE_URL): check the path, "
            "or create it with `briefing db upgrade` or `briefing ingest ...`"
        )
    try:
        return open_database(url, busy_timeout=config.sqlite_busy_timeout_seconds)
    except Exception as exc:  # a bad URL or an unreachable server: say which and stop
        fail(f"cannot open the database at BRIEFING_DATABASE_URL ({_safe(url)}): {exc}")


def missing_sqlite_file(url: str) -> Path | None:
    """The file an SQLite URL names when it does not exist yet (None for other databases)."""
    from sqlalchemy.engine import make_url

    try:
        parsed = make_url(url)
    except Exception:
        return None
    name = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or not name or name == ":memory:" or name.startswith("file:"):
        return None
    path = Path(name).expanduser()
    return None if path.exists() else path


def _safe(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "<unparseable URL>"

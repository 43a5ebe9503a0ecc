"""What every command shares: settings, logging, the database, and error reporting on stderr."""

from __future__ import annotations

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


def database() -> Database:
    """Open the configured database, migrated to the newest schema."""
    url = settings().database_url
    try:
        return open_database(url)
    except Exception as exc:  # a bad URL or an unreachable server: say which and stop
        fail(f"cannot open the database at BRIEFING_DATABASE_URL ({_safe(url)}): {exc}")


def _safe(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "<unparseable URL>"

"""Settings read from the environment (prefix BRIEFING_) and an optional .env file."""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.errors import ConfigError

DEFAULT_DATABASE_URL = "sqlite:///briefing.db"
PLACEHOLDER_TOKENS = {"", "changeme", "your-token-here", "123456:ABC-DEF"}


class Settings(BaseSettings):
    """Every knob of the bot; a bad value is refused at start with the variable's name."""

    model_config = SettingsConfigDict(env_prefix="BRIEFING_", env_file=".env", extra="ignore")

    database_url: str = DEFAULT_DATABASE_URL
    # How long an SQLite writer waits for another writer's lock (a reindex batch, an ingest) before failing.
    sqlite_busy_timeout_seconds: float = Field(default=60.0, gt=0)
    telegram_token: str | None = None
    telegram_api_url: str = "https://api.telegram.org/bot"
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    timezone: str = "UTC"
    log_level: str = "INFO"
    max_file_bytes: int = Field(default=5 * 1024 * 1024, gt=0)
    fetch_timeout: float = Field(default=20.0, gt=0)
    fetch_deadline_seconds: float = Field(default=60.0, gt=0)  # a whole fetch, however slow the server
    question_retention_days: int = Field(default=30, ge=1)
    questions_per_minute: int = Field(default=20, ge=1)
    feed_poll_minutes: float = Field(default=15.0, gt=0)  # how often the feeds of /feeds add are polled
    webhook_url: str | None = None
    webhook_secret: str | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = Field(default=8443, gt=0, lt=65536)
    digest_default_time: str = "08:00"
    digest_lookback_hours: int = Field(default=24, ge=1)
    digest_grace_hours: int = Field(default=6, ge=0)
    digest_send_empty: bool = False
    # A delivery worker renews its claims every third of this; a worker silent for longer has died.
    digest_lease_seconds: float = Field(default=60.0, gt=0)
    gazetteer_enabled: bool = True  # world-knowledge names for extraction (bot/extract/gazetteer.toml)
    gazetteer_path: str | None = None  # an operator's extra gazetteer TOML, added to the packaged one

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _parse_admin_ids(cls, value: object) -> frozenset[int]:
        if value is None or value == "":
            return frozenset()
        if isinstance(value, int):
            return frozenset({value})
        if isinstance(value, str):
            parts = [p.strip() for p in value.split(",") if p.strip()]
            try:
                return frozenset(int(p) for p in parts)
            except ValueError as exc:
                raise ValueError(
                    f"expected comma-separated user ids such as 12345,67890, got {value!r}"
                ) from exc
        if isinstance(value, list | tuple | set | frozenset):
            return frozenset(int(v) for v in value)
        raise ValueError(f"expected comma-separated user ids, got {value!r}")

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}; use an IANA name such as Asia/Damascus") from exc
        return value

    @field_validator("log_level")
    @classmethod
    def _check_log_level(cls, value: str) -> str:
        level = value.upper()
        if level not in logging.getLevelNamesMapping():
            raise ValueError(f"unknown log level {value!r}; use DEBUG, INFO, WARNING or ERROR")
        return level

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: str) -> str:
        if "://" not in value:
            raise ValueError(f"not a database URL: {value!r}; e.g. sqlite:///briefing.db")
        return value

    @field_validator("telegram_api_url")
    @classmethod
    def _check_api_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError(f"not an http(s) URL: {value!r}; e.g. https://api.telegram.org/bot")
        return value

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def secrets(self) -> tuple[str | None, ...]:
        """Values that must never appear in a log line or an error message."""
        return (self.telegram_token, self.webhook_secret)

    def require_token(self) -> str:
        """Return the Telegram token or raise ConfigError explaining how to set one."""
        token = (self.telegram_token or "").strip()
        if token in PLACEHOLDER_TOKENS:
            raise ConfigError(
                "BRIEFING_TELEGRAM_TOKEN is not set: create a bot with @BotFather in Telegram "
                "and put its token in BRIEFING_TELEGRAM_TOKEN (or in a .env file)."
            )
        return token


def _describe(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        name = "BRIEFING_" + "_".join(str(p) for p in err["loc"]).upper()
        parts.append(f"{name}: {err['msg']}")
    return "; ".join(parts)


def load_settings(**overrides: object) -> Settings:
    """Read settings, turning validation errors into one ConfigError naming each bad variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise ConfigError(_describe(exc)) from exc


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return load_settings()

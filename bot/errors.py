"""Exceptions the engine raises; each message tells the user what to do."""

from __future__ import annotations


class BriefingError(Exception):
    """Base class for errors a user can act on."""


class ConfigError(BriefingError):
    """A setting is missing or has a bad value."""


class TokenRefused(ConfigError):
    """Telegram rejected the bot token."""

    def __init__(self) -> None:
        super().__init__("Telegram refused the bot token; check BRIEFING_TELEGRAM_TOKEN")


class IngestError(BriefingError):
    """One input (file, URL, feed) could not be ingested; the message names it and why."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class NotFoundError(BriefingError):
    """A named thing (entity, feed, subscriber) does not exist."""


class QuestionTooLong(BriefingError):
    """A question longer than the bot reads."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"the question is longer than {limit} characters; ask it in fewer words")

"""Scheduled digests: when each subscriber is due, what their digest says, and delivering it exactly once."""

from bot.digest.compose import Composer
from bot.digest.engine import DigestEngine, EngineConfig, TickReport
from bot.digest.ratelimit import SendRateLimiter
from bot.digest.schedule import ScheduleError
from bot.digest.sender import (
    Blocked,
    Migrated,
    PermanentError,
    RetryAfter,
    Sender,
    SendOutcome,
    Sent,
    TransientError,
)
from bot.digest.structure import Digest

__all__ = [
    "Blocked",
    "Composer",
    "Digest",
    "DigestEngine",
    "EngineConfig",
    "Migrated",
    "PermanentError",
    "RetryAfter",
    "ScheduleError",
    "SendOutcome",
    "SendRateLimiter",
    "Sender",
    "Sent",
    "TickReport",
    "TransientError",
]

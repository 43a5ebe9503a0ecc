"""Operator commands for user ids in BRIEFING_ADMIN_IDS: /ingest URL, /feeds add|list|remove, /stats."""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update

from bot import chats
from handlers.commands import chat_language, reply
from handlers.render import stats_text
from handlers.runtime import Context, database, in_session, settings
from handlers.texts import t

logger = logging.getLogger(__name__)

Handler = Callable[[Update, Context], Coroutine[Any, Any, None]]


def admin_only(handler: Handler) -> Handler:
    """Run ``handler`` for operators; anyone else gets a polite refusal and the attempt is logged."""

    @functools.wraps(handler)
    async def guarded(update: Update, context: Context) -> None:
        user = update.effective_user
        if user is None or user.id not in settings(context).admin_ids:
            message = update.effective_message
            command = (message.text or "").split(maxsplit=1)[0] if message else "?"
            chat_id = update.effective_chat.id if update.effective_chat else None
            logger.warning(
                "refused operator command %s from user %s in chat %s",
                command[:40],
                user.id if user else None,
                chat_id,
            )
            await reply(update, t(await chat_language(update, context), "not_admin"))
            return
        await handler(update, context)

    return guarded


def _arguments(update: Update) -> list[str]:
    message = update.effective_message
    return (message.text or "").split()[1:] if message else []


@admin_only
async def on_stats(update: Update, context: Context) -> None:
    language = await chat_language(update, context)
    days = settings(context).question_retention_days
    stats = await in_session(context, lambda s: chats.stats(s, retention_days=days))
    await reply(update, stats_text(stats, language))


@admin_only
async def on_ingest(update: Update, context: Context) -> None:
    """Fetch and store URLs in a background task, so the bot keeps answering meanwhile."""
    language = await chat_language(update, context)
    urls = [u for u in _arguments(update) if u.startswith(("http://", "https://"))]
    if not urls:
        await reply(update, t(language, "ingest_usage"))
        return
    chat = update.effective_chat
    assert chat is not None
    await reply(update, t(language, "ingest_started", url=" ".join(urls)))
    context.application.create_task(_ingest(context, chat.id, urls, language), update=update)


async def _ingest(context: Context, chat_id: int, urls: list[str], language: str) -> None:
    from bot.ingest import ingest_inputs

    config = settings(context)
    db = database(context)
    report = await asyncio.to_thread(ingest_inputs, db, urls, settings=config)
    for url, status, reason in _outcomes(report):
        if reason:
            text = t(language, "ingest_failed", url=url, reason=reason)
        else:
            text = t(language, "ingest_done", url=url, status=status)
        await context.bot.send_message(chat_id, text, parse_mode="HTML", disable_web_page_preview=True)


def _outcomes(report: object) -> list[tuple[str, str, str | None]]:
    """(input, status, error reason or None) for each input of an ingest report."""
    outcomes = []
    for item in getattr(report, "items", ()):
        source = str(getattr(item, "source", "?"))
        status = str(getattr(item, "status", "?"))
        reason = getattr(item, "reason", None)
        outcomes.append((source, status, str(reason) if reason else None))
    return outcomes


@admin_only
async def on_feeds(update: Update, context: Context) -> None:
    language = await chat_language(update, context)
    args = _arguments(update)
    action = args[0].lower() if args else ""
    await reply(update, t(language, "feeds_usage") if action not in ("list", "add", "remove") else "")

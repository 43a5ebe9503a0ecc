"""Operator commands for user ids in BRIEFING_ADMIN_IDS: /ingest URL, /feeds add|list|remove, /stats."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from telegram import Update

from bot import chats, reports
from bot.config import Settings
from bot.errors import IngestError, NotFoundError
from bot.ingest import follow_feed, followed_feeds, ingest_inputs, make_client, poll_feeds, unfollow_feed
from bot.messages import html_text as t
from handlers.commands import chat_language, reply, send_blocks
from handlers.render import Block, reports_blocks, split_messages, stats_text
from handlers.runtime import Context, database, in_session, in_thread, settings
from storage import Database

logger = logging.getLogger(__name__)

REPORTS_SHOWN = 10  # the newest reports of mistakes /stats lists (`briefing reports` lists them all)
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
    stats, found = await in_session(
        context,
        lambda s: (chats.stats(s, retention_days=days), reports.list_reports(s, limit=REPORTS_SHOWN)),
    )
    blocks = [
        Block(stats_text(stats, language), atomic=True),
        *reports_blocks(found, stats.reports, language),
    ]
    await send_blocks(update, context, blocks)


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
    config = settings(context)
    report = await in_thread(context, ingest_inputs, database(context), urls, settings=config)
    lines = []
    for item in report.items:
        if item.status == "failed":
            lines.append(t(language, "ingest_failed", url=item.source, reason=item.reason or "?"))
        else:
            label = f"{item.status}: {item.title}" if item.title else item.status
            lines.append(t(language, "ingest_done", url=item.source, status=label))
    for text in split_messages(Block(line) for line in lines or [t(language, "ingest_nothing")]):
        await context.bot.send_message(chat_id, text, parse_mode="HTML", disable_web_page_preview=True)


@dataclass(frozen=True)
class _AddedFeed:
    url: str
    added: int  # articles its first poll stored
    failed: int  # entries that could not be read


def _add_feed(db: Database, url: str, config: Settings) -> _AddedFeed:
    """Follow a feed and poll it at once, so its articles are there now rather than at the next poll."""
    with make_client(config.fetch_timeout) as client:
        feed = follow_feed(db, client, url, title=None, settings=config)
        report = poll_feeds(db, feed_ids=[feed.id], settings=config, client=client)
    return _AddedFeed(feed.url, report.added + report.corrected, len(report.failed))


@admin_only
async def on_feeds(update: Update, context: Context) -> None:
    """/feeds list, /feeds add URL, /feeds remove URL_OR_ID: the feeds the poller follows."""
    language = await chat_language(update, context)
    args = _arguments(update)
    action = args[0].lower() if args else "list"
    target = args[1] if len(args) > 1 else ""
    db = database(context)
    if action == "list":
        feeds = await in_thread(context, followed_feeds, db)
        if not feeds:
            await reply(update, t(language, "feeds_empty"))
            return
        blocks = [Block(t(language, "feeds_heading"), atomic=True)]
        blocks += [
            Block(t(language, "feed_line", id=f.id, url=f.url, title=f.title or "", count=f.article_count))
            for f in feeds
        ]
        await send_blocks(update, context, blocks)
        return
    if action not in ("add", "remove") or not target:
        await reply(update, t(language, "feeds_usage"))
        return
    try:
        if action == "add":
            added = await in_thread(context, _add_feed, db, target, settings(context))
            await reply(
                update,
                t(language, "feed_added", url=added.url, added=added.added, failed=added.failed),
            )
        else:
            removed = await in_thread(context, lambda: unfollow_feed(db, target).url)
            await reply(update, t(language, "feed_removed", url=removed))
    except (IngestError, NotFoundError) as exc:
        await reply(update, t(language, "feed_refused", reason=str(exc)))

"""The Telegram application: wiring (handlers, jobs, rate limiter), start-up, polling or webhook, shutdown.

``briefing run`` calls :func:`run`; tests call :func:`build_application` and :func:`serve` directly.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import signal
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlparse

from telegram import BotCommand, BotCommandScopeChat, Update
from telegram.error import Conflict, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot import chats, logs
from bot.config import Settings
from bot.errors import BriefingError
from bot.messages import LANGUAGES, menu
from handlers import admin, buttons, chart, commands, questions
from handlers.errors import on_error, reach_telegram
from handlers.runtime import (
    Context,
    abandon_blocking_work,
    database,
    in_session,
    in_thread,
    install,
    settings,
)
from storage import Database

logger = logging.getLogger(__name__)

PURGE_INTERVAL = timedelta(hours=1)
# AIORateLimiter keeps under Telegram's flood limits; a 429 that still happens is waited out and retried.
RATE_LIMIT_RETRIES = 3
# After a signal, work in flight (an answer, a digest tick) gets this long to finish; then it is abandoned,
# so the bot is gone within 5 s whatever it was doing (a slow /ingest fetch, a feed poll).
SHUTDOWN_GRACE = 2.5
SHUTDOWN_LAST_WAIT = 1.0  # for what is left once the blocking work is abandoned


class PollingConflict(BriefingError):
    """Another process is polling Telegram with the same token."""


@dataclass
class _Stop:
    """Why and when the bot should stop: a signal, a test, or a fatal polling error."""

    event: asyncio.Event = field(default_factory=asyncio.Event)
    error: BriefingError | None = None

    def fatal(self, error: BriefingError) -> None:
        self.error = self.error or error
        self.event.set()


def build_application(config: Settings, database: Database, *, token: str | None = None) -> Application:
    """The Application with every handler, the error handler, the rate limiter and the jobs."""
    application = (
        ApplicationBuilder()
        .token(token or config.require_token())
        .base_url(config.telegram_api_url)
        .rate_limiter(AIORateLimiter(max_retries=RATE_LIMIT_RETRIES))
        .build()
    )
    install(application, config, database)
    # The digest commands, their settings buttons and the every-minute delivery job come first, so
    # their buttons reach their own handler before the catch-all answer-button handler.
    from handlers import digest

    digest.register(application)
    add_handlers(application)
    if application.job_queue is None:
        raise BriefingError("the bot needs python-telegram-bot[job-queue]; reinstall the project")
    application.job_queue.run_repeating(
        purge_questions, interval=PURGE_INTERVAL, first=timedelta(seconds=5), name="purge-questions"
    )
    application.job_queue.run_repeating(
        poll_feeds,
        interval=timedelta(minutes=config.feed_poll_minutes),
        first=timedelta(seconds=30),
        name="poll-feeds",
    )
    return application


def add_handlers(application: Application) -> None:
    """Commands first, then questions; group chatter that is not for the bot falls through unanswered."""
    everyday = {
        "start": commands.on_start,
        "help": commands.on_help,
        "entity": commands.on_entity,
        "latest": commands.on_latest,
        "disputed": commands.on_disputed,
        "stories": commands.on_stories,
        "chart": chart.on_chart,
        "sources": commands.on_sources,
        "follow": commands.on_follow,
        "unfollow": commands.on_unfollow,
        "language": commands.on_language,
        "forget": commands.on_forget,
        "timeline": commands.on_timeline,
        "ask": questions.on_ask,
        "stats": admin.on_stats,
        "ingest": admin.on_ingest,
        "feeds": admin.on_feeds,
    }
    for name, callback in everyday.items():
        application.add_handler(CommandHandler(name, callback))
    # After the digest's own button handler (registered first): any other press is ours, or too old.
    application.add_handler(CallbackQueryHandler(buttons.on_button))
    text = filters.TEXT & ~filters.COMMAND & filters.UpdateType.MESSAGE
    application.add_handler(MessageHandler(text & filters.ChatType.PRIVATE, questions.on_private_text))
    application.add_handler(MessageHandler(text & filters.ChatType.GROUPS, questions.on_group_text))
    # A photo's caption is a question; a voice message, a sticker or a file is told what the bot reads.
    media = filters.UpdateType.MESSAGE & ~filters.TEXT & ~filters.StatusUpdate.ALL
    application.add_handler(MessageHandler(media, questions.on_media))
    edited = filters.UpdateType.EDITED_MESSAGE & (filters.TEXT | filters.CAPTION) & ~filters.COMMAND
    application.add_handler(MessageHandler(edited, questions.on_edited))
    application.add_handler(ChatMemberHandler(commands.on_my_membership, ChatMemberHandler.MY_CHAT_MEMBER))
    # Last: a command nobody above knows, in a private chat (in groups it may be for another bot).
    unknown = filters.COMMAND & filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    application.add_handler(MessageHandler(unknown, commands.on_unknown_command))
    application.add_error_handler(on_error)


async def purge_questions(context: Context) -> None:
    """Delete questions older than BRIEFING_QUESTION_RETENTION_DAYS."""
    days = settings(context).question_retention_days
    await in_session(context, lambda s: chats.purge_questions(s, retention_days=days))


async def poll_feeds(context: Context) -> None:
    """Fetch what is new in the followed feeds (/feeds add), in a worker thread."""
    from bot.ingest import followed_feeds
    from bot.ingest import poll_feeds as poll

    db = database(context)
    if not await in_thread(context, followed_feeds, db):
        return
    report = await in_thread(context, poll, db, settings=settings(context))
    logger.info("polled feeds: %d added, %d failed", report.added, len(report.failed))


async def register_commands(application: Application, admin_ids: frozenset[int] = frozenset()) -> None:
    """The command menu in English (default) and Arabic; operators also see their commands in their chat.

    Both menus and /help come from the same entries in ``bot.messages``.
    """
    for language in LANGUAGES:
        entries = [BotCommand(name, description) for name, description in menu(language)]
        await application.bot.set_my_commands(entries, language_code=None if language == "en" else language)
    operator_menu = [BotCommand(n, d) for n, d in menu("en", operator=True)]
    for admin_id in sorted(admin_ids):
        try:
            await application.bot.set_my_commands(operator_menu, scope=BotCommandScopeChat(admin_id))
        except TelegramError as exc:  # an operator who never opened a chat with the bot: no menu yet
            logger.info("no operator menu for %s yet: %s", admin_id, exc)


async def serve(application: Application, config: Settings, stop: asyncio.Event | None = None) -> None:
    """Run until ``stop`` is set (or a fatal polling error): poll, or listen for webhooks when configured.

    Raises PollingConflict when another process polls the same token, after shutting down cleanly.
    """
    state = _Stop(stop or asyncio.Event())

    def on_polling_error(error: TelegramError) -> None:
        if isinstance(error, Conflict):
            state.fatal(
                PollingConflict(
                    "another process is already polling Telegram with this token (409 Conflict): "
                    "stop the other `briefing run` (or remove its webhook) and start again"
                )
            )
            return
        logger.warning("polling Telegram failed, retrying: %s", error)

    await reach_telegram(application.initialize(), config.telegram_api_url)
    try:
        try:
            await register_commands(application, config.admin_ids)
        except TelegramError as exc:  # the menu is a convenience: answer questions without it
            logger.warning("could not register the command menu: %s", exc)
        updater = application.updater
        assert updater is not None
        if config.webhook_url:
            secret = config.webhook_secret or secrets.token_urlsafe(32)
            await updater.start_webhook(
                listen=config.webhook_listen,
                port=config.webhook_port,
                url_path=urlparse(config.webhook_url).path.lstrip("/"),
                webhook_url=config.webhook_url,
                secret_token=secret,
                allowed_updates=Update.ALL_TYPES,
            )
            logger.info("listening for webhooks on %s:%s", config.webhook_listen, config.webhook_port)
        else:
            await updater.start_polling(allowed_updates=Update.ALL_TYPES, error_callback=on_polling_error)
            logger.info("polling Telegram as @%s", application.bot.username)
        await application.start()
        await state.event.wait()
    finally:
        await _shut_down(application)
    if state.error is not None:
        raise state.error


async def _shut_down(application: Application) -> None:
    """Stop polling, let the work in flight finish for SHUTDOWN_GRACE seconds, then abandon the rest."""
    from handlers import digest

    digest.stop(application)  # deliveries stop after the messages in flight and hand back the rest
    if application.updater is not None and application.updater.running:
        await application.updater.stop()
    if application.running:
        stopping = asyncio.create_task(application.stop())
        done, _ = await asyncio.wait({stopping}, timeout=SHUTDOWN_GRACE)
        if not done:
            logger.warning("shutting down: abandoning the work still in flight after %g s", SHUTDOWN_GRACE)
            abandon_blocking_work(application)
            done, _ = await asyncio.wait({stopping}, timeout=SHUTDOWN_LAST_WAIT)
        if not done:
            logger.warning("shutting down: the application did not stop; leaving without it")
            stopping.cancel()
            await asyncio.wait({stopping})
    await application.shutdown()


def run(config: Settings, database: Database) -> None:
    """Run the bot until Ctrl-C or SIGTERM (the `briefing run` command)."""
    application = build_application(config, database)

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await serve(application, config, stop)

    asyncio.run(main())


def protect_token(token: str) -> None:
    """Keep the token out of the logs: httpx (which logs request URLs) and telegram stay quiet, and every
    handler of the root logger redacts it anyway."""
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    # telegram.Bot logs its base URL (which contains the token) at DEBUG.
    telegram_logger = logging.getLogger("telegram")
    telegram_logger.setLevel(max(telegram_logger.getEffectiveLevel(), logging.INFO))
    logs.protect([token])

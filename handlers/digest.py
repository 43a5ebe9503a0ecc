"""Telegram side of digests: /subscribe, /settings, /unsubscribe, /digest, the minute job, the Sender."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import warnings
from collections.abc import AsyncIterator
from datetime import timedelta

from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ChatType, ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    TelegramError,
    TimedOut,
)
from telegram.error import RetryAfter as TelegramRetryAfter
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes
from telegram.request import HTTPXRequest
from telegram.warnings import PTBDeprecationWarning

from bot.config import Settings
from bot.digest import service
from bot.digest.engine import DigestEngine, EngineConfig
from bot.digest.schedule import ScheduleError, parse_zone
from bot.digest.sender import (
    Blocked,
    Migrated,
    PermanentError,
    RetryAfter,
    SendOutcome,
    Sent,
    TransientError,
)
from bot.digest.structure import Digest
from bot.errors import NotFoundError
from bot.messages import LANGUAGE_NAMES, html_text, text
from handlers import digest_reports, runtime
from handlers.commands import chat_language
from handlers.digest_render import MORE_PREFIX, digest_messages, parse_more, rest_messages, take_buttons
from handlers.errors import reach_telegram
from handlers.permissions import may_change
from handlers.render import shown
from storage import Database
from storage.digests import SubscriptionView
from storage.types import utcnow

logger = logging.getLogger(__name__)

TICK_SECONDS = 60
ENGINE_KEY = "digest_engine"
STOPPED_KEY = "digest_stopped"
CALLBACK_PREFIX = "dg:"
TIME_CHOICES = ("06:00", "07:00", "08:00", "12:00", "18:00", "21:00")
ZONE_CHOICES = ("UTC", "Asia/Damascus", "Europe/Paris", "Asia/Riyadh", "Europe/London", "+03:00")
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)

# --- the Sender Telegram implements ---------------------------------------------------------------------


class TelegramSender:
    """The engine's ``Sender`` over a python-telegram-bot ``Bot``: every failure becomes an outcome."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    def render(self, digest: Digest) -> tuple[str, ...]:
        """The digest as Telegram HTML messages."""
        return digest_messages(digest)

    async def send(self, chat_id: int, html: str) -> SendOutcome:
        """Send one HTML message without link previews (with its "show the rest" button, if it has one)."""
        html, markup = _with_button(html)
        try:
            message = await self.bot.send_message(
                chat_id=chat_id,
                text=html,
                parse_mode=ParseMode.HTML,
                link_preview_options=NO_PREVIEW,
                reply_markup=markup,
            )
        except ChatMigrated as exc:
            return Migrated(new_chat_id=int(exc.new_chat_id))
        except TelegramRetryAfter as exc:
            return RetryAfter(seconds=_seconds(exc))
        except Forbidden as exc:
            return Blocked(reason=exc.message)
        except BadRequest as exc:
            if "chat not found" in exc.message.lower():
                return Blocked(reason=exc.message)
            return PermanentError(reason=exc.message)
        except TimedOut as exc:
            return TransientError(reason=f"timed out: {exc.message}")
        except NetworkError as exc:  # 5xx and connection errors land here in PTB
            return TransientError(reason=exc.message)
        except TelegramError as exc:
            return TransientError(reason=exc.message)
        return Sent(message_id=message.message_id)


def _with_button(html: str) -> tuple[str, InlineKeyboardMarkup | None]:
    """A digest message as sent, and its buttons ("show the rest", "Report a mistake") when it has them."""
    html, found = take_buttons(html)
    if found is None:
        return html, None
    rows = []
    if found.rest:
        label = text(found.language, "digest.button_rest")
        rows.append([InlineKeyboardButton(label, callback_data=found.rest_data)])
    if found.report:
        label = text(found.language, "button_report")
        rows.append([InlineKeyboardButton(label, callback_data=found.report_data)])
    return html, InlineKeyboardMarkup(rows)


def _seconds(exc: TelegramRetryAfter) -> float:
    # PTB 22 returns an int (deprecated) or a timedelta depending on PTB_TIMEDELTA; accept both quietly.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


# --- the job ----------------------------------------------------------------------------------------------


async def _engine(context: ContextTypes.DEFAULT_TYPE) -> DigestEngine:
    engine = context.bot_data.get(ENGINE_KEY)
    if isinstance(engine, DigestEngine):
        return engine
    settings = runtime.settings(context)
    engine = DigestEngine(
        runtime.database(context), TelegramSender(context.bot), EngineConfig.from_settings(settings)
    )
    context.bot_data[ENGINE_KEY] = engine
    recovered = await engine.start()
    logger.info("digest engine %s started; %s in-flight deliveries recovered", engine.worker_id, recovered)
    return engine


async def _tick(context: ContextTypes.DEFAULT_TYPE) -> None:
    """The one recurring job: find what is due in the database and send it."""
    if context.bot_data.get(STOPPED_KEY):
        return
    engine = await _engine(context)
    await engine.run_once()


def stop(application: Application) -> None:  # type: ignore[type-arg,unused-ignore]
    """The bot is shutting down: a tick in progress stops after the messages in flight, none starts."""
    application.bot_data[STOPPED_KEY] = True
    engine = application.bot_data.get(ENGINE_KEY)
    if isinstance(engine, DigestEngine):
        engine.stop()


# --- commands ---------------------------------------------------------------------------------------------


def _chat_kind(update: Update) -> str:
    chat = update.effective_chat
    return chat.type if chat else ChatType.PRIVATE


def _when(sub: SubscriptionView) -> str:
    if sub.next_due_at is None:
        return "-"
    return sub.next_due_at.astimezone(parse_zone(sub.timezone)).strftime("%Y-%m-%d %H:%M")


async def _reply(update: Update, html: str, markup: InlineKeyboardMarkup | None = None) -> None:
    message = update.effective_message
    if message is not None:
        await message.reply_html(shown(html), reply_markup=markup, link_preview_options=NO_PREVIEW)


async def subscribe_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/subscribe [HH:MM] [zone]: daily digest at a local time (defaults from the settings)."""
    chat = update.effective_chat
    if chat is None:
        return
    settings = runtime.settings(context)
    db = runtime.database(context)
    current = await runtime.in_thread(context, service.subscription, db, chat_id=chat.id)
    language = await chat_language(update, context)
    if not await may_change(update, context):
        await _reply(update, html_text(language, "subscription.admins_only"))
        return
    args = list(context.args or [])
    time_text = args[0] if args else settings.digest_default_time
    zone_text = " ".join(args[1:]) if len(args) > 1 else (current.timezone if current else settings.timezone)
    try:
        sub = service.subscribe(
            db,
            chat_id=chat.id,
            chat_kind=_chat_kind(update),
            time_text=time_text,
            zone_text=zone_text,
            language=language,
            now=utcnow(),
        )
    except ScheduleError as exc:
        await _reply(update, html_text(language, "subscription.bad", error=exc.message(language)))
        return
    await _reply(
        update,
        html_text(
            language, "subscription.subscribed", time=sub.local_time, zone=sub.timezone, next=_when(sub)
        ),
    )


async def unsubscribe_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/unsubscribe: stop the digest in this chat."""
    chat = update.effective_chat
    if chat is None:
        return
    db = runtime.database(context)
    language = await chat_language(update, context)
    if not await may_change(update, context):
        await _reply(update, html_text(language, "subscription.admins_only"))
        return
    stopped = await runtime.in_thread(context, service.unsubscribe, db, chat_id=chat.id)
    await _reply(update, html_text(language, "subscription.unsubscribed" if stopped else "subscription.none"))


def _languages_line(sub: SubscriptionView, language: str) -> str:
    """One language line when the chat and its digest speak the same, else both."""
    if sub.language == language:
        return html_text(language, "subscription.language", language=LANGUAGE_NAMES[language])
    return html_text(
        language,
        "subscription.languages",
        chat=LANGUAGE_NAMES[language],
        digest=LANGUAGE_NAMES[sub.language],
    )


async def _settings_view(
    db: Database, sub: SubscriptionView, language: str
) -> tuple[str, InlineKeyboardMarkup]:
    if sub.all_topics:
        topics = text(language, "subscription.everything")
    else:
        names = await asyncio.to_thread(service.followed_names, db, chat_id=sub.chat_id)  # a quick read
        topics = (
            text(language, "subscription.followed", names=", ".join(names))
            if names
            else text(language, "subscription.followed_none")
        )
    view = "\n".join(
        [
            html_text(language, "subscription.settings", time=sub.local_time, zone=sub.timezone),
            _languages_line(sub, language),
            html_text(language, "subscription.settings_rest", topics=topics, next=_when(sub)),
        ]
    )

    def button(label: str, data: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(("✓ " if _selected(sub, data) else "") + label, callback_data=data)

    rows = [
        [button(v, f"{CALLBACK_PREFIX}t:{v}") for v in TIME_CHOICES[:3]],
        [button(v, f"{CALLBACK_PREFIX}t:{v}") for v in TIME_CHOICES[3:]],
        [button(v, f"{CALLBACK_PREFIX}z:{v}") for v in ZONE_CHOICES[:3]],
        [button(v, f"{CALLBACK_PREFIX}z:{v}") for v in ZONE_CHOICES[3:]],
        [button(LANGUAGE_NAMES[code], f"{CALLBACK_PREFIX}l:{code}") for code in ("ar", "en")],
        [
            button(text(language, "subscription.button_everything"), f"{CALLBACK_PREFIX}p:all"),
            button(text(language, "subscription.button_followed"), f"{CALLBACK_PREFIX}p:followed"),
        ],
    ]
    return view, InlineKeyboardMarkup(rows)


def _selected(sub: SubscriptionView, data: str) -> bool:
    kind, _, value = data.removeprefix(CALLBACK_PREFIX).partition(":")
    return {
        "t": value == sub.local_time,
        "z": value == sub.timezone,
        "l": value == sub.language,
        "p": (value == "all") == sub.all_topics,
    }.get(kind, False)


async def settings_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/settings: the digest's settings with buttons to change time, zone, language and topics."""
    chat = update.effective_chat
    if chat is None:
        return
    db = runtime.database(context)
    sub = await runtime.in_thread(context, service.subscription, db, chat_id=chat.id)
    language = await chat_language(update, context)
    if sub is None or not sub.active:
        await _reply(update, html_text(language, "subscription.none"))
        return
    view, markup = await _settings_view(db, sub, language)
    await _reply(update, view, markup)


async def settings_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A press on a /settings button: apply it and redraw the settings."""
    query = update.callback_query
    chat = update.effective_chat
    if query is None or chat is None or not query.data:
        return
    db = runtime.database(context)
    if not await may_change(update, context):
        await query.answer(
            text(await chat_language(update, context), "subscription.admins_only"), show_alert=True
        )
        return
    kind, _, value = query.data.removeprefix(CALLBACK_PREFIX).partition(":")
    try:
        sub = await runtime.in_thread(
            context,
            service.change_settings,
            db,
            chat_id=chat.id,
            now=utcnow(),
            time_text=value if kind == "t" else None,
            zone_text=value if kind == "z" else None,
            language=value if kind == "l" else None,
            all_topics=(value == "all") if kind == "p" else None,
        )
    except ScheduleError as exc:
        message = exc.message(await chat_language(update, context))
        await query.answer(message[:190], show_alert=True)
        return
    except NotFoundError:
        await query.answer(
            text(await chat_language(update, context), "subscription.none")[:190], show_alert=True
        )
        return
    # The language button sets the digest's language only; the screen stays in the chat's and shows both.
    language = await chat_language(update, context)
    await query.answer(text(language, "subscription.saved"))
    view, markup = await _settings_view(db, sub, language)
    if query.message is not None:
        await query.edit_message_text(
            shown(view), parse_mode=ParseMode.HTML, reply_markup=markup, link_preview_options=NO_PREVIEW
        )


async def digest_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/digest: the last day's digest now, in this chat's settings."""
    chat = update.effective_chat
    if chat is None:
        return
    settings = runtime.settings(context)
    db = runtime.database(context)
    digest = await runtime.in_thread(
        context,
        service.digest_on_demand,
        db,
        chat_id=chat.id,
        now=utcnow(),
        lookback=timedelta(hours=settings.digest_lookback_hours),
    )
    for part in digest_messages(digest):
        html, markup = _with_button(part)
        await _reply(update, html, markup)


async def more_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A press on "show the rest" under a digest: the points it left out, as new messages, once."""
    query = update.callback_query
    chat = update.effective_chat
    press = parse_more(query.data if query else None)
    if query is None or chat is None or press is None:
        return
    digest = await runtime.in_thread(
        context,
        service.digest_for_chat,
        runtime.database(context),
        chat_id=chat.id,
        now=press.end,
        lookback=press.end - press.start,
        since=press.start,
        language=press.language,
    )
    parts = rest_messages(digest)
    await query.answer()
    if not parts:
        await _reply(update, html_text(press.language, "gone"))
        return
    if query.message is not None:  # the button has done its work: a second press sends nothing twice
        await query.edit_message_reply_markup(reply_markup=None)
    for part in parts:
        await _reply(update, part)


def register(application: Application) -> None:  # type: ignore[type-arg,unused-ignore]
    """Add the digest commands and the every-minute delivery job to ``application``."""
    application.add_handler(CommandHandler("subscribe", subscribe_command))
    application.add_handler(CommandHandler("unsubscribe", unsubscribe_command))
    application.add_handler(CommandHandler("settings", settings_command))
    application.add_handler(CommandHandler("digest", digest_command))
    application.add_handler(CallbackQueryHandler(settings_button, pattern=f"^{CALLBACK_PREFIX}"))
    application.add_handler(CallbackQueryHandler(more_button, pattern=f"^{MORE_PREFIX}"))
    application.add_handler(
        CallbackQueryHandler(digest_reports.report_button, pattern=digest_reports.PATTERN)
    )
    if application.job_queue is None:
        raise RuntimeError("the digest job needs python-telegram-bot[job-queue] installed")
    application.job_queue.run_repeating(
        _tick, interval=timedelta(seconds=TICK_SECONDS), first=timedelta(seconds=5), name="digest-tick"
    )


@contextlib.asynccontextmanager
async def telegram_sender(settings: Settings) -> AsyncIterator[TelegramSender]:
    """A Sender for processes that do not poll (``briefing digest send-due`` / ``worker``)."""
    request = HTTPXRequest(connection_pool_size=64)
    bot = Bot(token=settings.require_token(), base_url=settings.telegram_api_url, request=request)
    await reach_telegram(bot.initialize(), settings.telegram_api_url)
    try:
        yield TelegramSender(bot)
    finally:
        await bot.shutdown()

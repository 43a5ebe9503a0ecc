"""The one error handler: log the failure with the update id, tell the user, keep running."""

from __future__ import annotations

import logging
from collections.abc import Awaitable

from telegram import Update
from telegram.error import Forbidden, InvalidToken, TelegramError

from bot import chats
from bot.errors import BriefingError, TokenRefused
from bot.messages import html_text as t
from handlers.runtime import Context, ShuttingDown

logger = logging.getLogger(__name__)


async def reach_telegram(initialize: Awaitable[object], api_url: str) -> None:
    """Await a Bot's or an Application's ``initialize``: a refused token or an unreachable Bot API
    becomes one clear error for the command line."""
    try:
        await initialize
    except InvalidToken as exc:
        raise TokenRefused() from exc
    except TelegramError as exc:
        raise BriefingError(
            f"cannot reach the Telegram Bot API at BRIEFING_TELEGRAM_API_URL ({api_url}): {exc}"
        ) from exc


async def on_error(update: object, context: Context) -> None:
    """Log with the update id; answer the user in their language when there is someone to answer."""
    error = context.error
    if isinstance(error, ShuttingDown):  # the bot is stopping: the work was abandoned on purpose
        logger.info("shutting down: abandoned %s", error)
        return
    if not isinstance(update, Update):
        logger.error("error outside an update: %s", _describe(error), exc_info=error)
        return
    logger.error("update %s failed: %s", update.update_id, _describe(error), exc_info=error)
    chat = update.effective_chat
    if chat is None or isinstance(error, Forbidden):
        return  # nobody to tell, or they blocked the bot
    user = update.effective_user
    language = chats.language_from_code(user.language_code if user else None)
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(t(language, "error"), show_alert=True)
        else:
            await context.bot.send_message(chat.id, t(language, "error"), parse_mode="HTML")
    except TelegramError as exc:  # telling the user failed too: log it, there is nothing more to do
        logger.warning(
            "could not tell chat %s about the failure of update %s: %s", chat.id, update.update_id, exc
        )


def _describe(error: BaseException | None) -> str:
    return f"{type(error).__name__}: {error}" if error else "unknown error"

"""/chart [#N] and the answer's Chart button: the story's coverage as a picture, sent as a photo."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatAction

from bot import chart, chats
from bot.bidi import isolate
from bot.messages import html_text as t
from bot.messages import text as plain
from bot.stories import story_reference
from handlers import render
from handlers.runtime import Context, in_session, in_thread

logger = logging.getLogger(__name__)

CAPTION_TITLE_CHARS = 200  # a photo's caption holds 1,024 characters; a title needs far fewer


async def on_chart(update: Update, context: Context) -> None:
    """/chart: the story named ("#3" or "3"), else the one the chat last asked about, else the largest."""
    message = update.effective_message
    if message is None:
        return
    parts = (message.text or "").split(maxsplit=1)
    argument = parts[1].strip() if len(parts) > 1 else ""
    requested = (
        story_reference(argument if argument.startswith("#") else f"#{argument}") if argument else None
    )
    if argument and requested is None:
        await _say(update, context, None, "chart.usage")
        return
    await send_chart(update, context, requested)


async def send_chart(
    update: Update, context: Context, requested: int | None, language: str | None = None
) -> None:
    """Read the chart's data in a transaction, draw it on a worker thread, send it as a photo."""
    chat = update.effective_chat
    if chat is None:
        return
    user = update.effective_user
    code = user.language_code if user else None
    wanted = await in_session(
        context,
        lambda s: chart.chat_chart(
            s, chat_id=chat.id, kind=chat.type, telegram_language=code, requested=requested, language=language
        ),
    )
    if wanted.chart is None:
        if wanted.error is not None and not wanted.error.undated:
            await _say(update, context, wanted.language, "not_found_story", number=wanted.error.story_id)
        elif wanted.error is not None:
            await _say(update, context, wanted.language, "chart.no_dates", number=wanted.error.story_id)
        else:
            await _say(update, context, wanted.language, "chart.no_story")
        return
    await context.bot.send_chat_action(chat.id, ChatAction.UPLOAD_PHOTO)
    png = await in_thread(context, chart.render_png, wanted.chart, wanted.language)
    title = wanted.chart.story.title(wanted.language)
    title = title if len(title) <= CAPTION_TITLE_CHARS else title[: CAPTION_TITLE_CHARS - 1] + "…"
    caption = plain(wanted.language, "chart.caption", title=isolate(title, wanted.language))
    logger.info("chart of story %s sent to chat %s (%d bytes)", wanted.story_id, chat.id, len(png))
    await context.bot.send_photo(chat.id, photo=png, caption=caption, filename="chart.png")


async def _say(update: Update, context: Context, language: str | None, key: str, **values: object) -> None:
    chat = update.effective_chat
    if chat is None:
        return
    if language is None:
        user = update.effective_user
        code = user.language_code if user else None
        state = await in_session(
            context, lambda s: chats.chat_state(s, chat_id=chat.id, kind=chat.type, telegram_language=code)
        )
        language = state.language
    await context.bot.send_message(
        chat.id, render.shown(t(language, key, **values), language), parse_mode="HTML"
    )

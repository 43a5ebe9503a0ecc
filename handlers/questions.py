"""Questions: plain text in a private chat, /ask anywhere, a mention or a reply to the bot in a group;
captions as questions, an edited question's answer edited in place, small talk, media it cannot read."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session
from telegram import InlineKeyboardMarkup, Message, MessageEntity, ReplyParameters, Update
from telegram.constants import ChatType
from telegram.error import BadRequest

from bot import chats, reports, talk
from bot.answer import Answer
from bot.messages import html_text as t
from bot.reports import AnswerRow
from bot.stories.answers import StoryAnswer, ask_in_stories
from handlers import render
from handlers.buttons import answer_keyboard
from handlers.runtime import Context, in_session, settings
from storage.types import utcnow

logger = logging.getLogger(__name__)

SLOWED_KEY = "slowed_until"  # user id -> when they may ask again, once told (then silence until then)


@dataclass(frozen=True)
class _Outcome:
    language: str
    result: StoryAnswer | None = None  # None: small talk, or the user is over the rate limit
    talk: str | None = None  # greeting, thanks or emoji: no search
    retry_at: datetime | None = None  # over the rate limit: when they may ask again
    answer_id: int | None = None  # the stored answer its buttons refer to
    zone: str = "UTC"  # the reader's time zone (the digest subscription's), for "first reported at"

    @property
    def answer(self) -> Answer | None:
        return self.result.answer if self.result else None


@dataclass(frozen=True)
class _Asked:
    """Who asked what, where: the question, its message, and the answer it replaces when edited."""

    question: str
    message: Message
    chat_id: int
    chat_type: str
    user_id: int | None
    telegram_language: str | None
    edits: AnswerRow | None = None


async def on_private_text(update: Update, context: Context) -> None:
    """In a private chat every plain text message (or a photo's caption) is a question."""
    message = update.effective_message
    question = _text_of(message)
    if message is not None and question:
        await answer_question(update, context, question)


async def on_ask(update: Update, context: Context) -> None:
    """/ask QUESTION, in any chat."""
    message = update.effective_message
    if message is None or not message.text:
        return
    parts = message.text.split(maxsplit=1)
    question = parts[1].strip() if len(parts) > 1 else ""
    if not question:
        language = await _language(update, context)
        await message.reply_text(render.shown(t(language, "ask_usage"), language), parse_mode="HTML")
        return
    await answer_question(update, context, question)


async def on_group_text(update: Update, context: Context) -> None:
    """In a group, answer only a message that mentions the bot or replies to one of its messages."""
    message = update.effective_message
    if message is None or not _text_of(message) or not _for_the_bot(message, context):
        return  # group chatter is not for us
    question = _group_question(message, context)
    if not question:
        language = await _language(update, context)
        await message.reply_text(render.shown(t(language, "ask_usage"), language), parse_mode="HTML")
        return
    await answer_question(update, context, question)


async def on_media(update: Update, context: Context) -> None:
    """A photo with a caption is a question; a voice message, a sticker or a file gets a brief "what I
    cannot do". In a group, only when it mentions the bot or replies to it."""
    message = update.effective_message
    chat = update.effective_chat
    if message is None or chat is None:
        return
    group = chat.type != ChatType.PRIVATE
    if group and not _for_the_bot(message, context):
        return
    question = _group_question(message, context) if group else (message.caption or "").strip()
    if question:
        await answer_question(update, context, question)
        return
    language = await _language(update, context)
    await message.reply_text(render.shown(t(language, _media_kind(message)), language), parse_mode="HTML")


async def on_edited(update: Update, context: Context) -> None:
    """An edited question: its answer is edited in place (or, never answered before, answered now)."""
    message = update.effective_message
    chat = update.effective_chat
    if message is None or chat is None or not _text_of(message):
        return
    group = chat.type != ChatType.PRIVATE
    if group and not _for_the_bot(message, context):
        return
    question = _group_question(message, context) if group else _text_of(message)
    if not question:
        return
    target = await in_session(
        context, lambda s: reports.edit_target(s, chat_id=chat.id, message_id=message.message_id)
    )
    await answer_question(update, context, question, edits=target)


async def answer_question(
    update: Update, context: Context, question: str, *, edits: AnswerRow | None = None
) -> None:
    """Ask the engine with the chat's conversation, log it, reply with the cited answer and its buttons."""
    message = update.effective_message
    chat = update.effective_chat
    user = update.effective_user
    if message is None or chat is None:
        return
    asked = _Asked(
        question,
        message,
        chat.id,
        chat.type,
        user.id if user else None,
        user.language_code if user else None,
        edits,
    )
    if _still_slowed(context, asked.user_id):
        return  # told when to ask again: silence until then
    outcome = await in_session(context, lambda s: _work(s, asked, settings(context).questions_per_minute))
    if outcome.talk is not None:
        await message.reply_text(
            render.shown(t(outcome.language, f"talk.{outcome.talk}"), outcome.language), parse_mode="HTML"
        )
        return
    if outcome.retry_at is not None:
        await _slow_down(context, asked, outcome)
        return
    answer = outcome.answer
    assert answer is not None and outcome.answer_id is not None
    logger.info(
        "answered in chat %s: found=%s intent=%s claims=%d",
        chat.id,
        answer.found,
        answer.intent,
        len(answer.claims),
    )
    sent = await _deliver(context, asked, outcome)
    answer_id = outcome.answer_id
    await in_session(context, lambda s: reports.remember_replies(s, answer_id=answer_id, message_ids=sent))


def _work(session: Session, asked: _Asked, per_minute: int) -> _Outcome:
    """In one transaction: small talk, the rate limit, the answer, the question log, the sent answer."""
    state = chats.chat_state(
        session, chat_id=asked.chat_id, kind=asked.chat_type, telegram_language=asked.telegram_language
    )
    language = chats.reply_language(asked.question, chosen=state.chosen_language, fallback=state.language)
    kind = talk.small_talk(asked.question)
    if kind is not None:
        return _Outcome(language, talk=kind)
    if asked.user_id is not None:
        retry = chats.next_question_at(session, user_id=asked.user_id, per_minute=per_minute)
        if retry is not None:
            return _Outcome(state.language, retry_at=retry)
    result = ask_in_stories(
        session,
        asked.question,
        conversation=state.conversation,
        last_story=state.context_story_id,
        language=language,
    )
    chats.record_answer(
        session, chat_id=asked.chat_id, user_id=asked.user_id, answer=result.answer, story=result.story_id
    )
    zone = chats.reader_zone(session, chat_id=asked.chat_id)
    if asked.edits is not None:
        reports.revise_answer(session, answer_id=asked.edits.id, answer=result.answer)
        return _Outcome(result.answer.language, result, answer_id=asked.edits.id, zone=zone)
    answer_id = reports.remember_answer(
        session,
        chat_id=asked.chat_id,
        user_id=asked.user_id,
        message_id=asked.message.message_id,
        answer=result.answer,
    )
    return _Outcome(result.answer.language, result, answer_id=answer_id, zone=zone)


def _still_slowed(context: Context, user_id: int | None) -> bool:
    slowed: dict[int, datetime] = context.bot_data.setdefault(SLOWED_KEY, {})
    until = slowed.get(user_id) if user_id is not None else None
    return until is not None and utcnow() < until


async def _slow_down(context: Context, asked: _Asked, outcome: _Outcome) -> None:
    """One notice that says when to ask again; every question before then goes unanswered."""
    assert outcome.retry_at is not None
    if asked.user_id is not None:
        context.bot_data.setdefault(SLOWED_KEY, {})[asked.user_id] = outcome.retry_at
    logger.info("user %s is over the question limit until %s", asked.user_id, outcome.retry_at)
    limit = settings(context).questions_per_minute
    when = outcome.retry_at.strftime("%H:%M:%S")
    notice = t(outcome.language, "slow_down", limit=limit, time=when)
    await asked.message.reply_text(render.shown(notice, outcome.language), parse_mode="HTML")


async def _deliver(context: Context, asked: _Asked, outcome: _Outcome) -> list[int]:
    """The answer in as many messages as it needs, the buttons under the last one; an edited question's
    answer edits the messages that carried the old one. Returns the messages' ids."""
    assert outcome.result is not None and outcome.answer is not None
    parts = render.split_messages(render.story_answer_blocks(outcome.result, outcome.zone))
    keyboard = answer_keyboard(
        outcome.answer, outcome.language, outcome.answer_id, story_id=outcome.result.story_id
    )
    old = list(asked.edits.reply_message_ids) if asked.edits else []
    sent: list[int] = []
    for index, text in enumerate(parts):
        markup = keyboard if index == len(parts) - 1 else None
        if index < len(old) and await _edit(context, asked.chat_id, old[index], text, markup):
            sent.append(old[index])
            continue
        sent.append(await _send(context, asked, index, text, markup))
    for leftover in old[len(parts) :]:  # the new answer is shorter: its old last parts go
        try:
            await context.bot.delete_message(asked.chat_id, leftover)
        except BadRequest as exc:
            logger.info("could not delete message %s of an edited answer: %s", leftover, exc)
    return sent


async def _edit(
    context: Context, chat_id: int, message_id: int, text: str, markup: InlineKeyboardMarkup | None
) -> bool:
    """Edit one message of an earlier answer; False when Telegram no longer lets the bot edit it."""
    try:
        await context.bot.edit_message_text(
            text,
            chat_id=chat_id,
            message_id=message_id,
            parse_mode="HTML",
            disable_web_page_preview=True,
            reply_markup=markup,
        )
    except BadRequest as exc:
        if "not modified" in str(exc).lower():
            return True
        logger.info("could not edit message %s of an answer: %s", message_id, exc)
        return False
    return True


async def _send(
    context: Context, asked: _Asked, index: int, text: str, markup: InlineKeyboardMarkup | None
) -> int:
    group = asked.chat_type in (ChatType.GROUP, ChatType.SUPERGROUP)
    sent = await context.bot.send_message(
        asked.chat_id,
        text,
        parse_mode="HTML",
        disable_web_page_preview=True,
        # In a group the first part answers the asker; a deleted question must not lose the answer.
        reply_parameters=(
            ReplyParameters(asked.message.message_id, allow_sending_without_reply=True)
            if group and index == 0
            else None
        ),
        reply_markup=markup,
    )
    return sent.message_id


def _text_of(message: Message | None) -> str:
    """What a message says: its text, else its caption."""
    if message is None:
        return ""
    return (message.text or message.caption or "").strip()


def _for_the_bot(message: Message, context: Context) -> bool:
    """In a group: the message mentions the bot or replies to one of its messages."""
    replied = message.reply_to_message is not None and (
        message.reply_to_message.from_user is not None
        and message.reply_to_message.from_user.id == context.bot.id
    )
    return replied or _mentions_bot(message, context.bot.username)


def _group_question(message: Message, context: Context) -> str:
    return _without_mention(_text_of(message), context.bot.username).strip()


def _media_kind(message: Message) -> str:
    """Which "I cannot" a message without text gets."""
    if message.voice or message.audio or message.video_note:
        return "media.voice"
    if message.sticker:
        return "media.sticker"
    return "media.other"


def _mentions_bot(message: Message, username: str) -> bool:
    wanted = f"@{username}".lower()
    entities = message.parse_entities([MessageEntity.MENTION])
    entities.update(message.parse_caption_entities([MessageEntity.MENTION]))
    return any(text.lower() == wanted for text in entities.values())


def _without_mention(text: str, username: str) -> str:
    return re.sub(rf"@{re.escape(username)}\b", " ", text, flags=re.IGNORECASE)


async def _language(update: Update, context: Context) -> str:
    chat = update.effective_chat
    user = update.effective_user
    if chat is None:
        return "en"
    code = user.language_code if user else None
    state = await in_session(
        context, lambda s: chats.chat_state(s, chat_id=chat.id, kind=chat.type, telegram_language=code)
    )
    return state.language

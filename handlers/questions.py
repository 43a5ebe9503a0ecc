"""Questions: plain text in a private chat, /ask anywhere, a mention or a reply to the bot in a group."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from sqlalchemy.orm import Session
from telegram import Message, MessageEntity, ReplyParameters, Update
from telegram.constants import ChatType

from bot import chats
from bot.answer import Answer
from bot.messages import html_text as t
from bot.stories.answers import StoryAnswer, ask_in_stories
from handlers import render
from handlers.buttons import answer_keyboard
from handlers.runtime import Context, in_session, settings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Outcome:
    language: str
    result: StoryAnswer | None  # None: the user is over the rate limit

    @property
    def answer(self) -> Answer | None:
        return self.result.answer if self.result else None


async def on_private_text(update: Update, context: Context) -> None:
    """In a private chat every plain text message is a question."""
    message = update.effective_message
    if message is not None and message.text:
        await answer_question(update, context, message.text)


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
    if message is None or not message.text:
        return
    mentioned = _mentions_bot(message, context.bot.username)
    replied = message.reply_to_message is not None and (
        message.reply_to_message.from_user is not None
        and message.reply_to_message.from_user.id == context.bot.id
    )
    if not mentioned and not replied:
        return  # group chatter is not for us
    question = _without_mention(message.text, context.bot.username).strip()
    if not question:
        language = await _language(update, context)
        await message.reply_text(render.shown(t(language, "ask_usage"), language), parse_mode="HTML")
        return
    await answer_question(update, context, question)


async def answer_question(update: Update, context: Context, question: str) -> None:
    """Ask the engine with the chat's conversation, log it, reply with the cited answer and its buttons."""
    message = update.effective_message
    chat = update.effective_chat
    user = update.effective_user
    if message is None or chat is None:
        return
    config = settings(context)
    user_id = user.id if user else None
    code = user.language_code if user else None

    def work(session: Session) -> _Outcome:
        state = chats.chat_state(session, chat_id=chat.id, kind=chat.type, telegram_language=code)
        if user_id is not None and not chats.allow_question(
            session, user_id=user_id, per_minute=config.questions_per_minute
        ):
            return _Outcome(state.language, None)
        language = chats.reply_language(question, chosen=state.chosen_language, fallback=state.language)
        result = ask_in_stories(
            session,
            question,
            conversation=state.conversation,
            last_story=state.context_story_id,
            language=language,
        )
        chats.record_answer(
            session, chat_id=chat.id, user_id=user_id, answer=result.answer, story=result.story_id
        )
        return _Outcome(result.answer.language, result)

    outcome = await in_session(context, work)
    if outcome.result is None or outcome.answer is None:
        logger.info("user %s is over the question limit", user_id)
        await message.reply_text(t(outcome.language, "slow_down", limit=config.questions_per_minute))
        return
    answer = outcome.answer
    found, claims = answer.found, len(answer.claims)
    logger.info("answered in chat %s: found=%s intent=%s claims=%d", chat.id, found, answer.intent, claims)
    await _send_answer(context, message, chat.id, chat.type, outcome)


async def _send_answer(
    context: Context, message: Message, chat_id: int, chat_type: str, outcome: _Outcome
) -> None:
    """The answer in as many messages as it needs, the buttons under the last one."""
    assert outcome.result is not None and outcome.answer is not None
    parts = render.split_messages(render.story_answer_blocks(outcome.result))
    keyboard = answer_keyboard(outcome.answer, outcome.language)
    group = chat_type in (ChatType.GROUP, ChatType.SUPERGROUP)
    for index, text in enumerate(parts):
        last = index == len(parts) - 1
        await context.bot.send_message(
            chat_id,
            text,
            parse_mode="HTML",
            disable_web_page_preview=True,
            # In a group the first part answers the asker; a deleted question must not lose the answer.
            reply_parameters=(
                ReplyParameters(message.message_id, allow_sending_without_reply=True)
                if group and index == 0
                else None
            ),
            reply_markup=keyboard if last else None,
        )


def _mentions_bot(message: Message, username: str) -> bool:
    wanted = f"@{username}".lower()
    entities = message.parse_entities([MessageEntity.MENTION])
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

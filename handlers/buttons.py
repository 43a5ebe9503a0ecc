"""Inline buttons: callback data that names database ids only, so a button works after a restart.

Formats (ASCII, far under Telegram's 64 bytes): ``m:<group>:<offset>`` more sources (a new message),
``p:<group>:<offset>`` the next or previous page (edits that message), ``b:<group>`` both sides of a
disputed group, ``f:<entity>`` follow an entity; each may end ``:ar`` or ``:en``, the language of the
reply the button is under, so what it sends speaks that language too.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from sqlalchemy.orm import Session
from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest

from bot import browse, chats
from bot.answer.types import Answer
from bot.browse import GroupView
from bot.messages import text as plain
from handlers import render
from handlers.runtime import Context, in_session

logger = logging.getLogger(__name__)

MAX_CALLBACK_BYTES = 64
_PATTERN = re.compile(
    r"^(?P<action>[mpbf]):(?P<id>\d{1,18})(?::(?P<offset>\d{1,6}))?(?::(?P<language>ar|en))?$"
)
BUTTON_NAME_CHARS = 24


@dataclass(frozen=True)
class Press:
    """A decoded button press."""

    action: str  # m, p, b, f
    target: int
    offset: int = 0
    language: str | None = None  # the language of the reply the button is under


def encode(action: str, target: int, offset: int | None = None, language: str | None = None) -> str:
    data = f"{action}:{target}" if offset is None else f"{action}:{target}:{offset}"
    data = f"{data}:{language}" if language else data
    if len(data.encode()) >= MAX_CALLBACK_BYTES or not _PATTERN.fullmatch(data):
        raise ValueError(f"bad callback data {data!r}")
    return data


def decode(data: str | None) -> Press | None:
    """The press, or None for data this bot does not (or no longer) understands."""
    match = _PATTERN.fullmatch(data or "")
    if match is None:
        return None
    return Press(match["action"], int(match["id"]), int(match["offset"] or 0), match["language"])


def answer_keyboard(answer: Answer, language: str) -> InlineKeyboardMarkup | None:
    """More sources for the best point, both sides of the first disputed one, follow the entity."""
    row: list[InlineKeyboardButton] = []
    # "More sources" for the first point that has more sources than the answer shows.
    more = next(
        (c for c in answer.claims if max(len(c.citations), c.outlet_count) > render.CITATIONS_PER_POINT), None
    )
    if answer.found and more is not None:
        row.append(
            InlineKeyboardButton(
                plain(language, "button_more"), callback_data=encode("m", more.group_id, 0, language)
            )
        )
    disputed = next((c for c in answer.claims if c.status == "disputed"), None)
    if answer.found and disputed is not None:
        row.append(
            InlineKeyboardButton(
                plain(language, "button_both"), callback_data=encode("b", disputed.group_id, None, language)
            )
        )
    rows = [row] if row else []
    if answer.found and answer.top_entity is not None:
        name = answer.top_entity.name
        name = name if len(name) <= BUTTON_NAME_CHARS else name[: BUTTON_NAME_CHARS - 1] + "…"
        data = encode("f", answer.top_entity.id, None, language)
        rows.append([InlineKeyboardButton(plain(language, "button_follow", name=name), callback_data=data)])
    return InlineKeyboardMarkup(rows) if rows else None


def pages_keyboard(view: GroupView, offset: int, shown: int, language: str) -> InlineKeyboardMarkup | None:
    """Previous and next buttons around a page of ``shown`` sources starting at ``offset``."""
    total = len(view.citations)
    row = []
    if offset > 0:
        previous = max(offset - render.PAGE_SIZE, 0)
        row.append(
            InlineKeyboardButton(
                plain(language, "button_prev"), callback_data=encode("p", view.id, previous, language)
            )
        )
    if offset + shown < total:
        following = offset + shown
        row.append(
            InlineKeyboardButton(
                plain(language, "button_next"), callback_data=encode("p", view.id, following, language)
            )
        )
    return InlineKeyboardMarkup([row]) if row else None


async def on_button(update: Update, context: Context) -> None:
    """Handle a press: read the ids from the data, fetch from the database, answer."""
    query = update.callback_query
    chat = update.effective_chat
    if query is None or chat is None:
        return
    user = update.effective_user
    code = user.language_code if user else None
    state = await in_session(
        context, lambda s: chats.chat_state(s, chat_id=chat.id, kind=chat.type, telegram_language=code)
    )
    press = decode(query.data)
    language = press.language if press and press.language else state.language
    if press is None:
        logger.info("unknown button data %r in chat %s", query.data, chat.id)
        await query.answer(plain(language, "expired"), show_alert=True)
        return
    if press.action == "f":
        await _follow(query, context, press, chat.id, chat.type, language)
        return
    view = await in_session(context, lambda s: browse.group_view(s, press.target))
    if view is None:
        await query.answer(plain(language, "gone"), show_alert=True)
        return
    await query.answer()
    if press.action == "b":
        for text in render.split_messages(render.group_blocks(view, language, citations_per_side=5)):
            await context.bot.send_message(chat.id, text, parse_mode="HTML", disable_web_page_preview=True)
        return
    offset = min(press.offset, max(len(view.citations) - 1, 0))
    text, shown = render.sources_page(view, language, offset)
    keyboard = pages_keyboard(view, offset, shown, language)
    if press.action == "m":
        await context.bot.send_message(
            chat.id, text, parse_mode="HTML", reply_markup=keyboard, disable_web_page_preview=True
        )
        return
    try:
        await query.edit_message_text(
            text, parse_mode="HTML", reply_markup=keyboard, disable_web_page_preview=True
        )
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():  # a double tap on the same page changes nothing
            raise


async def _follow(
    query: CallbackQuery, context: Context, press: Press, chat_id: int, kind: str, language: str
) -> None:
    def work(session: Session) -> chats.FollowResult | None:
        entity = chats.entity_hit(session, press.target)
        return chats.follow(session, chat_id=chat_id, kind=kind, entity=entity) if entity else None

    result = await in_session(context, work)
    if result is None or result.entity is None:
        await query.answer(plain(language, "gone"), show_alert=True)
        return
    key = "followed" if result.changed else "already_followed"
    await query.answer(plain(language, key, name=result.entity.name).replace("<b>", "").replace("</b>", ""))

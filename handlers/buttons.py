"""Inline buttons: callback data that names database ids only, so a button works after a restart.

Formats (ASCII, far under Telegram's 64 bytes): ``m:<group>:<offset>`` more sources (a new message),
``p:<group>:<offset>`` the next or previous page (edits that message), ``b:<group>`` both sides of a
disputed group, ``f:<entity>`` follow an entity, ``r:<answer>`` report a mistake in a sent answer (asks
why), ``w:<answer>:<reason>`` the reason (an index in ``bot.reports.REASONS``), ``c:<story>`` the
story's coverage chart; each may end ``:ar`` or
``:en``, the language of the reply the button is under, so what it sends speaks that language too.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from sqlalchemy.orm import Session
from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    ReplyParameters,
    Update,
)
from telegram.error import BadRequest

from bot import browse, chats, reports
from bot.answer.types import Answer
from bot.browse import GroupView
from bot.messages import text as plain
from handlers import render
from handlers.chart import send_chart
from handlers.permissions import may_change
from handlers.runtime import Context, in_session

logger = logging.getLogger(__name__)

MAX_CALLBACK_BYTES = 64
_PATTERN = re.compile(
    r"^(?P<action>[mpbfrwc]):(?P<id>\d{1,18})(?::(?P<offset>\d{1,6}))?(?::(?P<language>ar|en))?$"
)
BUTTON_NAME_CHARS = 24
PRESSED = "✓"  # a button that did what it says starts with this (Follow -> ✓ Following)
SHOWN_KEY = "buttons_shown"  # (chat, message, data) of "both sides" presses already answered


@dataclass(frozen=True)
class Press:
    """A decoded button press."""

    action: str  # m, p, b, f, r, w, c
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


def answer_keyboard(
    answer: Answer, language: str, answer_id: int | None = None, *, story_id: int | None = None
) -> InlineKeyboardMarkup | None:
    """More sources for the best point, both sides of the first disputed one, follow the entity, the
    chart of the answer's story, and (for a stored answer that found something) report a mistake."""
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
    if answer.found and story_id is not None:
        rows.append(chart_row(story_id, language))
    if answer.found and answer_id is not None:
        report = encode("r", answer_id, None, language)
        rows.append([InlineKeyboardButton(plain(language, "button_report"), callback_data=report)])
    return InlineKeyboardMarkup(rows) if rows else None


def chart_row(story_id: int, language: str) -> list[InlineKeyboardButton]:
    """The Chart button under an answer about one story."""
    data = encode("c", story_id, None, language)
    return [InlineKeyboardButton(plain(language, "button_chart"), callback_data=data)]


def reasons_keyboard(answer_id: int, language: str) -> InlineKeyboardMarkup:
    """One button per reason a reader can give for a mistake."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    plain(language, f"report.reason.{reason}"),
                    callback_data=encode("w", answer_id, index, language),
                )
            ]
            for index, reason in enumerate(reports.REASONS)
        ]
    )


def pressed_keyboard(
    markup: InlineKeyboardMarkup | None, data: str, label: str
) -> InlineKeyboardMarkup | None:
    """The keyboard with the button carrying ``data`` relabelled ``label`` (None without that button)."""
    if markup is None:
        return None
    found = False
    rows = []
    for row in markup.inline_keyboard:
        buttons = []
        for button in row:
            if button.callback_data == data:
                found = True
                button = InlineKeyboardButton(label, callback_data=data)
            buttons.append(button)
        rows.append(buttons)
    return InlineKeyboardMarkup(rows) if found else None


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
    if press.action in _OWN_HANDLERS:
        await _OWN_HANDLERS[press.action](update, context, query, press, language)
        return
    view = await in_session(context, lambda s: browse.group_view(s, press.target))
    if view is None:
        await query.answer(plain(language, "gone"), show_alert=True)
        return
    if press.action == "b":
        await _both_sides(context, query, view, language)
        return
    await query.answer()
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


async def _both_sides(context: Context, query: CallbackQuery, view: GroupView, language: str) -> None:
    """Both sides of a dispute, once per answer: a second press points at the message already sent."""
    message = query.message
    key = (message.chat.id, message.message_id, query.data) if message else None
    shown: set[tuple[int, int, str | None]] = context.bot_data.setdefault(SHOWN_KEY, set())
    pressed = _pressed_button(query)
    if key in shown or (pressed is not None and pressed.text.startswith(PRESSED)):
        await query.answer(plain(language, "both_shown"))
        return
    if key is not None:
        shown.add(key)
    await query.answer()
    assert message is not None
    for text in render.split_messages(render.group_blocks(view, language, citations_per_side=5)):
        await context.bot.send_message(
            message.chat.id, text, parse_mode="HTML", disable_web_page_preview=True
        )
    await _mark_pressed(query, f"{PRESSED} {plain(language, 'button_both')}")


async def _follow(
    update: Update, context: Context, query: CallbackQuery, press: Press, language: str
) -> None:
    chat = update.effective_chat
    assert chat is not None
    if not await may_change(update, context):
        await query.answer(plain(language, "group.admins_only_follow"), show_alert=True)
        return

    def work(session: Session) -> chats.FollowResult | None:
        entity = chats.entity_hit(session, press.target)
        return chats.follow(session, chat_id=chat.id, kind=chat.type, entity=entity) if entity else None

    result = await in_session(context, work)
    if result is None or result.entity is None:
        await query.answer(plain(language, "gone"), show_alert=True)
        return
    key = "followed" if result.changed else "already_followed"
    await query.answer(plain(language, key, name=result.entity.name).replace("<b>", "").replace("</b>", ""))
    await _mark_pressed(query, plain(language, "button_following", name=_short(result.entity.name)))


async def _chart(update: Update, context: Context, query: CallbackQuery, press: Press, language: str) -> None:
    """The Chart button: the story's chart as a photo in the chat."""
    await query.answer()
    await send_chart(update, context, press.target, language)


async def _report(
    update: Update, context: Context, query: CallbackQuery, press: Press, language: str
) -> None:
    """Report a mistake: ask why, with one button per reason, under the answer."""
    await query.answer()
    message = query.message
    assert message is not None
    await context.bot.send_message(
        message.chat.id,
        plain(language, "report.ask"),
        reply_markup=reasons_keyboard(press.target, language),
        reply_parameters=ReplyParameters(message.message_id, allow_sending_without_reply=True),
    )


async def _reason(
    update: Update, context: Context, query: CallbackQuery, press: Press, language: str
) -> None:
    """The reason for a report: stored with the answer and what it cited, and acknowledged."""
    if press.offset >= len(reports.REASONS):
        await query.answer(plain(language, "expired"), show_alert=True)
        return
    reason = reports.REASONS[press.offset]
    user = update.effective_user
    user_id = user.id if user else None
    outcome = await in_session(
        context, lambda s: reports.report(s, answer_id=press.target, user_id=user_id, reason=reason)
    )
    if outcome.answer is None:
        await query.answer(plain(language, "report.gone"), show_alert=True)
        return
    thanks = plain(language, "report.thanks", reason=plain(language, f"report.reason.{reason}"))
    await query.answer(thanks)
    try:
        await query.edit_message_text(thanks)  # the question "what is wrong?" becomes the acknowledgement
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            raise


def _short(name: str) -> str:
    return name if len(name) <= BUTTON_NAME_CHARS else name[: BUTTON_NAME_CHARS - 1] + "…"


def _pressed_button(query: CallbackQuery) -> InlineKeyboardButton | None:
    markup = query.message.reply_markup if isinstance(query.message, Message) else None
    if not isinstance(markup, InlineKeyboardMarkup):
        return None
    return next((b for row in markup.inline_keyboard for b in row if b.callback_data == query.data), None)


async def _mark_pressed(query: CallbackQuery, label: str) -> None:
    """Relabel the pressed button, so the message shows it did what it said."""
    markup = query.message.reply_markup if isinstance(query.message, Message) else None
    changed = pressed_keyboard(
        markup if isinstance(markup, InlineKeyboardMarkup) else None, query.data or "", label
    )
    if changed is None:
        return
    try:
        await query.edit_message_reply_markup(changed)
    except BadRequest as exc:  # a double tap, or a message too old to edit: the toast said it
        logger.info("could not mark a pressed button: %s", exc)


_OWN_HANDLERS = {"f": _follow, "r": _report, "w": _reason, "c": _chart}

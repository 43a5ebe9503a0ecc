"""Report a mistake in a digest: the button under it, the numbered point picked, the reason given."""

from __future__ import annotations

import logging

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot import reports
from bot.digest import service
from bot.messages import html_text, text
from handlers import runtime
from handlers.commands import chat_language
from handlers.digest_render import REPORT_PREFIX, ReportPress, parse_report, pick_lines, reason_question
from handlers.render import shown
from handlers.runtime import Context

logger = logging.getLogger(__name__)

PATTERN = f"^{REPORT_PREFIX}"
NUMBERS_A_ROW = 6


async def report_button(update: Update, context: Context) -> None:
    """A press on "Report a mistake" under a digest, on a point's number, or on a reason."""
    query = update.callback_query
    chat = update.effective_chat
    press = parse_report(query.data if query else None)
    if query is None or chat is None or press is None:
        return
    await chat_language(update, context)  # the chat's row, which a report belongs to
    if press.step == "w":
        await _reason(update, context, query, press)
        return
    points = await runtime.in_thread(
        context,
        service.digest_points,
        runtime.database(context),
        chat_id=chat.id,
        start=press.start,
        end=press.end,
        language=press.language,
    )
    if press.step == "r":
        await _ask_point(context, query, press, points)
        return
    found = next((p for p in points if p.key == press.key), None)
    if found is None:
        await query.answer(text(press.language, "digest.report_gone"), show_alert=True)
        return
    await query.answer()
    await _edit(
        query,
        reason_question(found.number, found.point, press.language),
        _reasons(press, found.number, found.key),
    )


async def _ask_point(
    context: Context, query: CallbackQuery, press: ReportPress, points: tuple[service.NumberedPoint, ...]
) -> None:
    """A new message under the digest: its points numbered, one button per number."""
    if not points:
        await query.answer(text(press.language, "digest.report_gone"), show_alert=True)
        return
    await query.answer()
    html, listed = pick_lines([(p.number, p.point) for p in points], press.language)
    numbers = [
        InlineKeyboardButton(str(p.number), callback_data=press.data("p", p.number, p.key))
        for p in points[:listed]
    ]
    rows = [numbers[i : i + NUMBERS_A_ROW] for i in range(0, len(numbers), NUMBERS_A_ROW)]
    message = query.message
    assert message is not None
    await context.bot.send_message(
        message.chat.id,
        html,
        parse_mode=ParseMode.HTML,
        reply_markup=InlineKeyboardMarkup(rows),
        reply_to_message_id=message.message_id,
        disable_web_page_preview=True,
    )


def _reasons(press: ReportPress, number: int, key: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    text(press.language, f"report.reason.{reason}"),
                    callback_data=press.data("w", number, key, index),
                )
            ]
            for index, reason in enumerate(reports.REASONS)
        ]
    )


async def _reason(update: Update, context: Context, query: CallbackQuery, press: ReportPress) -> None:
    """Store the report with the point's sentence and what it cited; the question becomes the thanks."""
    chat = update.effective_chat
    assert chat is not None and press.reason is not None
    if press.reason >= len(reports.REASONS):
        await query.answer(text(press.language, "expired"), show_alert=True)
        return
    reason = reports.REASONS[press.reason]
    user = update.effective_user
    found = await runtime.in_thread(
        context,
        service.report_point,
        runtime.database(context),
        chat_id=chat.id,
        user_id=user.id if user else None,
        start=press.start,
        end=press.end,
        language=press.language,
        number=press.number,
        key=press.key,
        reason=reason,
    )
    if found is None:
        await query.answer(text(press.language, "digest.report_gone"), show_alert=True)
        return
    label = text(press.language, f"report.reason.{reason}")
    thanks = text(press.language, "digest.report_thanks", reason=label, n=found.number)
    await query.answer(thanks[:190])
    html = html_text(press.language, "digest.report_thanks", reason=label, n=found.number)
    await _edit(query, shown(html, press.language), None)


async def _edit(query: CallbackQuery, html: str, markup: InlineKeyboardMarkup | None) -> None:
    try:
        await query.edit_message_text(
            html, parse_mode=ParseMode.HTML, reply_markup=markup, disable_web_page_preview=True
        )
    except BadRequest as exc:  # a double tap changes nothing
        if "not modified" not in str(exc).lower():
            raise

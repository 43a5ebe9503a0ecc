# ruff: noqa: F811  (the fixtures imported from test_telegram are parameters of the tests below)
"""Every kind of message, as a user sees the reply: captions, edits, media, joining a group, small talk,
unknown names, /latest, bursts, group permissions, pressed buttons and reports of mistakes."""

from __future__ import annotations

import asyncio
import re
import time
from typing import Any

import pytest
from fake_bot_api import Call, FakeBotApi, check_html
from test_telegram import (  # noqa: F401  (fixtures)
    ADMIN,
    USER,
    api,
    bot,
    buttons,
    configure,
    corpus,
    everything_answered,
    replies,
    running,
    seeded_file,
    strip_marks,
)

from bot.bidi import mixed_lines
from storage import Database

GROUP = -100777


def _user(user_id: int, language: str = "en") -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": "T", "language_code": language}


def _message(api: FakeBotApi, chat_id: int = USER, language: str = "en", **fields: Any) -> dict[str, Any]:
    chat = {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"}
    user_id = chat_id if chat_id > 0 else 5001
    return {
        "message_id": 500 + len(api.calls),
        "date": int(time.time()),
        "chat": chat,
        "from": _user(user_id, language),
        **fields,
    }


def _clean(call: Call) -> None:
    visible = check_html(call.params["text"])[1]
    assert not mixed_lines(visible), mixed_lines(visible)


async def test_caption_is_a_question_and_media_get_what_i_cannot_do(bot: FakeBotApi) -> None:
    photo = [{"file_id": "p1", "file_unique_id": "u1", "width": 10, "height": 10}]
    bot.queue_update({"message": _message(bot, photo=photo, caption="Who is Omar Omsen?")})
    bot.queue_update({"message": _message(bot, voice={"file_id": "v", "file_unique_id": "v", "duration": 2})})
    sticker = {
        "file_id": "s",
        "file_unique_id": "s",
        "type": "regular",
        "width": 1,
        "height": 1,
        "is_animated": False,
        "is_video": False,
    }
    bot.queue_update({"message": _message(bot, language="ar", sticker=sticker)})
    bot.queue_update({"message": _message(bot, document={"file_id": "d", "file_unique_id": "d"})})
    sent = await everything_answered(bot)
    texts = [strip_marks(c.params["text"]) for c in sent]
    assert any("Omsen" in t or "أومسين" in t for t in texts[:-3])  # the caption was answered
    assert texts[-3] == "I cannot listen to voice or audio messages: please write your question."
    assert texts[-2].startswith("لا أستطيع قراءة الملصقات")  # the chat speaks the user's language
    assert texts[-1].startswith("I only read text")
    for call in sent:
        _clean(call)


async def test_an_edited_question_gets_its_answer_edited_in_place(bot: FakeBotApi) -> None:
    first = _message(bot, text="What did the mayor of Oslo say about tulips?")
    bot.queue_update({"message": first})
    [answer] = await replies(bot)
    assert "nothing" in answer.params["text"]
    edited = {**first, "text": "Who is Omar Omsen?", "edit_date": int(time.time())}
    bot.queue_update({"edited_message": edited})
    edits = await bot.wait_for("editMessageText")
    assert edits[0].params["message_id"] == answer.result["message_id"]
    assert "Omsen" in edits[0].params["text"] or "أومسين" in edits[0].params["text"]
    assert len(bot.calls_to("sendMessage", ok=True)) == 1  # nothing new sent: the answer changed


async def test_added_to_a_group_says_hello_and_how_to_ask(bot: FakeBotApi) -> None:
    for chat_id, language in ((GROUP, "en"), (GROUP - 1, "ar")):
        bot.queue_update(
            {
                "my_chat_member": {
                    "chat": {"id": chat_id, "type": "supergroup", "title": "G"},
                    "from": _user(42, language),
                    "date": int(time.time()),
                    "old_chat_member": {"status": "left", "user": bot.bot_user},
                    "new_chat_member": {"status": "member", "user": bot.bot_user},
                }
            }
        )
    [hello] = await replies(bot, chat_id=GROUP)
    assert hello.params["text"].startswith("Hello, everyone!") and "/ask" in hello.params["text"]
    [arabic] = await replies(bot, chat_id=GROUP - 1)
    assert arabic.params["text"].startswith("مرحباً بالجميع") and "/ask" in arabic.params["text"]
    _clean(hello)
    _clean(arabic)


async def test_small_talk_is_recognised_and_markup_stripped(bot: FakeBotApi) -> None:
    for text in ("شكراً", "hello", "👍", "<b>hi</b>", "<b>Who is Omar Omsen?</b>"):
        bot.queue_message(text)
    sent = [strip_marks(c.params["text"]) for c in await everything_answered(bot)]
    assert sent[0] == "على الرحب والسعة. اسألني عن أي شيء آخر في القصة."
    assert sent[1].startswith("Hello! Ask me about the story")
    assert sent[2].startswith("👍 Write me a question")
    assert sent[3].startswith("Hello!")  # not "I found nothing about “b hi b”"
    assert not any("nothing about" in t for t in sent)
    assert any("Omsen" in t or "أومسين" in t for t in sent[4:])


async def test_an_unknown_name_gets_suggestions_and_no_follow_button(bot: FakeBotApi) -> None:
    bot.queue_message("/entity xyzzy")
    bot.queue_message("/language ar")
    bot.queue_message("/entity xyzzy")
    sent = await everything_answered(bot)
    english, arabic = sent[0], sent[2]
    assert strip_marks(english.params["text"]).startswith(
        "I know nothing about <b>xyzzy</b> yet. I can tell you about: "
    )
    assert strip_marks(arabic.params["text"]).startswith(
        "لا أعرف شيئاً عن <b>xyzzy</b> حتى الآن. يمكنني إخبارك عن: "
    )
    assert buttons(english) == [] and buttons(arabic) == []
    _clean(english)
    _clean(arabic)


async def test_latest_is_in_publication_order_and_an_undated_article_says_so(
    api: FakeBotApi, corpus: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.ingest.document import CleanDocument
    from bot.ingest.store import store_document

    with corpus.session() as session:
        store_document(
            session,
            CleanDocument(
                source="undated.txt",
                outlet="Undated Post",
                title="A note without a date",
                language="en",
                text="A note without a date\nResidents said the road was open again.",
            ),
        )
    async with running(api, corpus, configure(monkeypatch, api)):
        api.queue_message("/latest")
        api.queue_message("/latest", language_code="ar", chat_id=1002)
        [latest] = await replies(api)
        [arabic] = await replies(api, chat_id=1002)
    text = latest.params["text"].split("Newest statements")[0]
    dates = re.findall(r"\((\d{4}-\d{2}-\d{2})\)", text)
    assert dates == sorted(dates, reverse=True) and len(dates) >= 3
    assert "undated; first seen " in text
    assert "بلا تاريخ؛ رأيته أول مرة" in arabic.params["text"]
    _clean(latest)
    _clean(arabic)


async def test_a_burst_gets_one_slow_down_notice_then_silence(
    api: FakeBotApi, corpus: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running(api, corpus, configure(monkeypatch, api, questions_per_minute="2")):
        for _ in range(6):
            api.queue_message("Who is Omar Omsen?")
        texts = [c.params["text"] for c in await everything_answered(api)]
    notices = [t for t in texts if "Slow down" in t]
    assert len(notices) == 1
    assert re.search(r"Ask again at \d\d:\d\d:\d\d UTC", notices[0])
    assert sum("Slow down" not in t for t in texts) >= 2


async def test_in_a_group_only_administrators_change_follows(bot: FakeBotApi) -> None:
    bot.chat_admins[GROUP] = {ADMIN}
    bot.queue_message("/follow Omar Omsen", chat_id=GROUP, chat_type="supergroup", user_id=USER)
    [refused] = await replies(bot, chat_id=GROUP)
    assert refused.params["text"] == "In a group, only its administrators change what it follows."
    bot.queue_message("/follow Omar Omsen", chat_id=GROUP, chat_type="supergroup", user_id=ADMIN)
    done = await replies(bot, 2, chat_id=GROUP)
    assert "now follow" in done[-1].params["text"]
    bot.queue_callback("f:5:en", chat_id=GROUP, chat_type="supergroup", user_id=USER)
    [toast] = await bot.wait_for("answerCallbackQuery")
    assert toast.params["text"] == "In a group, only its administrators change what it follows."


async def test_pressed_buttons_show_it_and_both_sides_is_sent_once(bot: FakeBotApi) -> None:
    bot.queue_message("هل طلبت فرنسا العملية؟", language_code="ar")
    answer = (await everything_answered(bot))[-1]
    markup = answer.params["reply_markup"]
    both = next(b for b in buttons(answer) if b["callback_data"].startswith("b:"))
    before = len(bot.calls_to("sendMessage", ok=True))
    for _ in range(2):
        bot.queue_callback(both["callback_data"], message_id=answer.result["message_id"], reply_markup=markup)
    toasts = await bot.wait_for("answerCallbackQuery", 2)
    await everything_answered(bot)
    sides = [c for c in bot.calls_to("sendMessage", ok=True)[before:] if "<i>رواية</i>" in c.params["text"]]
    assert len(sides) == 1
    assert toasts[1].params["text"] == "الرأيان في الرسالة أعلاه."
    [marked] = await bot.wait_for("editMessageReplyMarkup")
    assert any(
        b["text"] == "✓ الرأيان" for row in marked.params["reply_markup"]["inline_keyboard"] for b in row
    )
    follow = next(b for b in buttons(answer) if b["callback_data"].startswith("f:"))
    bot.queue_callback(follow["callback_data"], message_id=answer.result["message_id"], reply_markup=markup)
    marks = await bot.wait_for("editMessageReplyMarkup", 2)
    labels = [b["text"] for row in marks[-1].params["reply_markup"]["inline_keyboard"] for b in row]
    assert any(label.startswith("✓ تتابع ") for label in labels)


async def test_report_a_mistake_is_stored_acknowledged_listed_and_forgotten(
    bot: FakeBotApi, corpus: Database
) -> None:
    from bot import reports

    bot.queue_message("Who is Omar Omsen?")
    answer = (await everything_answered(bot))[-1]
    report = next(b for b in buttons(answer) if b["text"] == "Report a mistake")
    bot.queue_callback(report["callback_data"], message_id=answer.result["message_id"])
    asked = (await everything_answered(bot))[-1]
    assert asked.params["text"] == "What is wrong with this answer?"
    reasons = buttons(asked)
    assert [b["text"] for b in reasons] == [
        "Wrong speaker",
        "Wrong agreement or dispute",
        "Outdated",
        "Something else",
    ]
    bot.queue_callback(reasons[0]["callback_data"], message_id=asked.result["message_id"])
    [ack] = await bot.wait_for("editMessageText")
    assert ack.params["text"] == "Thank you: I noted “Wrong speaker” for the operators to check."
    with corpus.session() as session:
        [stored] = reports.list_reports(session)
    assert stored.reason == "speaker" and stored.question == "Who is Omar Omsen?" and stored.cited
    bot.queue_message("/stats", chat_id=ADMIN)
    [stats] = await replies(bot, chat_id=ADMIN)
    assert "Reports of mistakes</b> (1)" in stats.params["text"] and "Wrong speaker" in stats.params["text"]
    bot.queue_message("/forget")
    forgotten = (await everything_answered(bot))[-1].params["text"]
    assert "I also deleted 1 report you sent." in forgotten
    with corpus.session() as session:
        assert reports.list_reports(session) == []


async def test_report_acknowledged_in_arabic(bot: FakeBotApi) -> None:
    bot.queue_message("من هو عمر أومسين؟", language_code="ar")
    answer = (await everything_answered(bot))[-1]
    report = next(b for b in buttons(answer) if b["callback_data"].startswith("r:"))
    assert report["text"] == "أبلغ عن خطأ"
    bot.queue_callback(report["callback_data"], message_id=answer.result["message_id"], language_code="ar")
    asked = (await everything_answered(bot))[-1]
    outdated = buttons(asked)[2]
    bot.queue_callback(outdated["callback_data"], message_id=asked.result["message_id"], language_code="ar")
    [ack] = await bot.wait_for("editMessageText")
    assert ack.params["text"] == "شكراً: سجّلت «قديم» ليراجعه المشغّلون."


def test_feed_poll_minutes_sets_the_interval(monkeypatch: pytest.MonkeyPatch, corpus: Database) -> None:
    from handlers.app import build_application

    monkeypatch.setenv("BRIEFING_TELEGRAM_TOKEN", "123:abc")
    monkeypatch.setenv("BRIEFING_FEED_POLL_MINUTES", "3")
    from bot.config import get_settings

    get_settings.cache_clear()
    application = build_application(get_settings(), corpus)
    assert application.job_queue is not None
    [job] = application.job_queue.get_jobs_by_name("poll-feeds")
    assert job.trigger.interval.total_seconds() == 180  # type: ignore[attr-defined]
    get_settings.cache_clear()


async def test_feeds_add_polls_the_new_feed_at_once(bot: FakeBotApi) -> None:
    from test_telegram import website

    async with website() as base:
        bot.queue_message(f"/feeds add {base}/feed.xml", chat_id=ADMIN)
        [added] = await replies(bot, chat_id=ADMIN)
    assert "Feed added" in added.params["text"] and "1 article added" in added.params["text"]
    await asyncio.sleep(0)

"""Digest commands end to end: the real application against the fake Bot API server."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from fake_bot_api import Call, FakeBotApi

from bot.bidi import mixed_lines
from bot.config import Settings, get_settings
from bot.digest import service
from bot.messages import text
from handlers.app import build_application, serve
from storage import Database

USER = 3003
GROUP = -4004
ADMIN = 9009


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as server:
        yield server


def configure(monkeypatch: pytest.MonkeyPatch, api: FakeBotApi) -> Settings:
    monkeypatch.setenv("BRIEFING_TELEGRAM_TOKEN", api.token)
    monkeypatch.setenv("BRIEFING_TELEGRAM_API_URL", api.base_url)
    get_settings.cache_clear()
    return get_settings()


@asynccontextmanager
async def running(api: FakeBotApi, db: Database, config: Settings) -> AsyncIterator[None]:
    application = build_application(config, db)
    stop = asyncio.Event()
    task = asyncio.create_task(serve(application, config, stop))
    await api.wait_for("getUpdates")
    try:
        yield
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)


async def said(api: FakeBotApi, chat_id: int, count: int) -> list[Call]:
    deadline = asyncio.get_running_loop().time() + 15
    while True:
        sent = [
            c
            for c in api.calls
            if c.ok and c.method in ("sendMessage", "editMessageText") and str(c.chat_id) == str(chat_id)
        ]
        if len(sent) >= count:
            return sent
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError(f"{count} messages to {chat_id} not seen: {[c.method for c in api.calls]}")
        await asyncio.sleep(0.02)


async def test_subscribe_settings_buttons_digest_and_unsubscribe(
    api: FakeBotApi, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running(api, db, configure(monkeypatch, api)):
        api.queue_message("/subscribe 25:00 Asia/Damascus", chat_id=USER)
        [bad] = await said(api, USER, 1)
        assert "07:30" in bad.params["text"] and service.subscription(db, chat_id=USER) is None

        api.queue_message("/subscribe 07:30 Mars/Olympus", chat_id=USER)
        replies = await said(api, USER, 2)
        assert "Asia/Damascus" in replies[-1].params["text"]

        api.queue_message("/subscribe 07:30 Asia/Damascus", chat_id=USER)
        replies = await said(api, USER, 3)
        assert "07:30" in replies[-1].params["text"] and "Asia/Damascus" in replies[-1].params["text"]
        sub = service.subscription(db, chat_id=USER)
        assert sub is not None and (sub.local_time, sub.timezone, sub.language) == (
            "07:30",
            "Asia/Damascus",
            "en",
        )

        api.queue_message("/settings", chat_id=USER)
        replies = await said(api, USER, 4)
        keyboard = replies[-1].params["reply_markup"]["inline_keyboard"]
        data = [b["callback_data"] for row in keyboard for b in row]
        assert "dg:l:ar" in data and "dg:z:+03:00" in data and "dg:p:followed" in data
        assert all(len(d.encode()) <= 64 for d in data)

        api.queue_callback("dg:l:ar", chat_id=USER, message_id=replies[-1].result["message_id"])
        api.queue_callback("dg:z:+03:00", chat_id=USER, message_id=replies[-1].result["message_id"])
        edits = await api.wait_for("editMessageText", 2)
        # The button sets the digest's language alone: the screen stays in the chat's and shows both.
        screen = edits[-1].params["text"]
        assert "Chat language: <b>English</b>" in screen
        assert "Digest language: <b>\u2068العربية\u2069</b>" in screen
        assert "+03:00" in screen and not mixed_lines(screen)
        sub = service.subscription(db, chat_id=USER)
        assert sub is not None and (sub.language, sub.timezone) == ("ar", "+03:00")

        api.queue_message("/digest", chat_id=USER)
        replies = await said(api, USER, 7)
        assert "لا جديد" in replies[-1].params["text"]  # on demand, an empty day still answers

        api.queue_message("/unsubscribe", chat_id=USER)
        replies = await said(api, USER, 8)
        sub = service.subscription(db, chat_id=USER)
        assert sub is not None and not sub.active


async def test_subscribe_takes_a_city_in_arabic_or_english(
    api: FakeBotApi, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running(api, db, configure(monkeypatch, api)):
        api.queue_message("/subscribe 7:30 دمشق", chat_id=USER)
        await said(api, USER, 1)
        sub = service.subscription(db, chat_id=USER)
        assert sub is not None and sub.timezone == "Asia/Damascus"
        api.queue_message("/subscribe 8:00 New York", chat_id=USER)
        await said(api, USER, 2)
        sub = service.subscription(db, chat_id=USER)
        assert sub is not None and (sub.local_time, sub.timezone) == ("08:00", "America/New_York")


async def test_in_groups_only_administrators_may_subscribe(
    api: FakeBotApi, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    api.chat_admins[GROUP] = {ADMIN}
    async with running(api, db, configure(monkeypatch, api)):
        api.queue_message("/subscribe 19:00 +03:00", chat_id=GROUP, user_id=5, chat_type="group")
        [refusal] = await said(api, GROUP, 1)
        assert "administrators" in refusal.params["text"]
        assert service.subscription(db, chat_id=GROUP) is None

        api.queue_message("/subscribe 19:00 +03:00", chat_id=GROUP, user_id=ADMIN, chat_type="group")
        replies = await said(api, GROUP, 2)
        assert "19:00" in replies[-1].params["text"]
        sub = service.subscription(db, chat_id=GROUP)
        assert sub is not None and sub.timezone == "+03:00"

        # The /settings buttons follow the same rule as /subscribe and the Follow button (may_change).
        api.queue_callback("dg:t:06:00", chat_id=GROUP, user_id=5, chat_type="group")
        [refused] = await api.wait_for("answerCallbackQuery")
        assert refused.params["text"] == "In a group, only its administrators can change the digest."
        assert refused.params["show_alert"] is True
        sub = service.subscription(db, chat_id=GROUP)
        assert sub is not None and sub.local_time == "19:00"


async def test_an_arabic_chat_reads_schedule_errors_in_arabic(
    api: FakeBotApi, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running(api, db, configure(monkeypatch, api)):
        api.queue_message("/language ar", chat_id=USER)
        await said(api, USER, 1)
        api.queue_message("/subscribe 25:00 Mars/Olympus", chat_id=USER)
        replies = await said(api, USER, 2)
        error = replies[-1].params["text"]
        assert "ليس وقتاً من اليوم" in error and "مثال" in error
        assert not any(word in error for word in ("is not", "unknown", "For example", "write it"))
        assert not mixed_lines(re.sub(r"<[^>]+>", "", error))
        api.queue_message("/subscribe 07:00 Mars/Olympus", chat_id=USER)
        replies = await said(api, USER, 3)
        assert "منطقة زمنية غير معروفة" in replies[-1].params["text"]
        assert service.subscription(db, chat_id=USER) is None


async def test_the_rest_of_a_digest_comes_with_its_button_once(
    api: FakeBotApi, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import timedelta

    from test_digest_support import Said, add_article, add_group

    from storage.types import utcnow

    with db.session() as session:
        for i in range(8):
            article = add_article(
                session,
                outlet=f"Desk {i}",
                title=f"Report {i}",
                text=f"Witnesses said the queue was {i + 10} metres long.",
                url=f"https://desk{i}.example/{i}",
                seen_at=utcnow() - timedelta(hours=1),
                language="en",
            )
            add_group(
                session,
                label=f"queue {i}",
                status="single-source",
                claims=[Said(article, f"the queue was {i + 10} metres long")],
                created_at=utcnow(),
            )
    async with running(api, db, configure(monkeypatch, api)):
        api.queue_message("/subscribe 07:30 Asia/Damascus", chat_id=USER)
        await said(api, USER, 1)
        api.queue_message("/digest", chat_id=USER)
        replies = await said(api, USER, 2)
        digest = replies[-1]
        assert "Damascus time" in digest.params["text"] and "3 more points" in digest.params["text"]
        [[button], [report]] = digest.params["reply_markup"]["inline_keyboard"]
        assert button["text"] == "Show the rest" and button["callback_data"].startswith("dm:")
        assert report["text"] == "Report a mistake"
        api.queue_callback(button["callback_data"], chat_id=USER, message_id=digest.result["message_id"])
        replies = await said(api, USER, 3)
        rest = replies[-1].params["text"]
        assert "The rest of your briefing" in rest and rest.count("• ") == 3
        await api.wait_for("editMessageReplyMarkup")  # the button is gone: a second press sends nothing


def _busy_day(db: Database) -> None:
    """Eight single-source points from eight outlets in the last hour, each quote its own."""
    from datetime import timedelta

    from test_digest_support import Said, add_article, add_group

    from storage.types import utcnow

    with db.session() as session:
        for i in range(8):
            article = add_article(
                session,
                outlet=f"Desk {i}",
                title=f"Report {i}",
                text=f"Witnesses said the queue was {i + 10} metres long.",
                url=f"https://desk{i}.example/{i}",
                seen_at=utcnow() - timedelta(hours=1),
                language="en",
            )
            add_group(
                session,
                label=f"queue {i}",
                status="single-source",
                claims=[Said(article, f"the queue was {i + 10} metres long", speaker="The guard")],
                created_at=utcnow(),
            )


def _keyboard(call: Call) -> list[dict[str, str]]:
    return [b for row in call.params.get("reply_markup", {}).get("inline_keyboard", []) for b in row]


REPORT_WORDS = {
    "en": ("Report a mistake", "Which point of this briefing is wrong?", "What is wrong with point 3?"),
    "ar": ("أبلغ عن خطأ", "أي نقطة في هذا الموجز فيها خطأ؟", "ما الخطأ في النقطة 3؟"),
}
THANKS = {
    "en": "Thank you: I noted “Outdated” about point 3 for the operators to check.",
    "ar": "شكراً: سجّلت «قديم» عن النقطة 3 ليراجعه المشغّلون.",
}


@pytest.mark.parametrize("language", ["en", "ar"])
async def test_a_digest_point_is_reported_by_number_and_reason_listed_and_forgotten(
    api: FakeBotApi, db: Database, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    from bot import reports

    _busy_day(db)
    monkeypatch.setenv("BRIEFING_ADMIN_IDS", str(ADMIN))
    button, pick, ask = REPORT_WORDS[language]
    async with running(api, db, configure(monkeypatch, api)):
        api.queue_message(f"/language {language}", chat_id=USER)
        api.queue_message("/subscribe 07:30 Asia/Damascus", chat_id=USER)
        api.queue_message("/digest", chat_id=USER)
        digest = (await said(api, USER, 3))[-1]
        labels = [b["text"] for b in _keyboard(digest)]
        assert labels == [text(language, "digest.button_rest"), button]  # one button each, two rows
        report = _keyboard(digest)[1]
        api.queue_callback(report["callback_data"], chat_id=USER, message_id=digest.result["message_id"])
        picker = (await said(api, USER, 4))[-1]
        shown = re.sub(r"<[^>]+>", "", picker.params["text"])
        assert shown.startswith(pick) and "\n1. " in shown and "\n8. " in shown
        third = re.search(r"the queue was (\d+) metres long", shown.splitlines()[3])  # point 3's own quote
        assert third is not None and shown.splitlines()[3].startswith("3. ")
        assert third[0] in re.sub(r"<[^>]+>", "", digest.params["text"])  # as the digest says it
        metres = int(third[1])
        assert not mixed_lines(shown)
        assert [b["text"] for b in _keyboard(picker)] == [str(n) for n in range(1, 9)]
        three = _keyboard(picker)[2]
        api.queue_callback(three["callback_data"], chat_id=USER, message_id=picker.result["message_id"])
        asked = (await said(api, USER, 5))[-1]
        assert asked.method == "editMessageText"
        assert re.sub(r"<[^>]+>", "", asked.params["text"]).startswith(ask)
        reasons = _keyboard(asked)
        assert [b["text"] for b in reasons] == [
            text(language, f"report.reason.{r}") for r in ("speaker", "agreement", "outdated", "other")
        ]
        api.queue_callback(reasons[2]["callback_data"], chat_id=USER, message_id=asked.result["message_id"])
        thanks = (await said(api, USER, 6))[-1]
        assert thanks.params["text"] == THANKS[language]
        with db.session() as session:
            [stored] = reports.list_reports(session)
        assert (stored.kind, stored.point, stored.reason, stored.answer_id) == ("digest", 3, "outdated", None)
        desk = metres - 10
        assert stored.question == f"queue {desk}" and stored.language == language
        assert stored.cited[0]["outlet"] == f"Desk {desk}"
        assert stored.cited[0]["url"] == f"https://desk{desk}.example/{desk}"
        assert stored.cited[0]["quote"] == third[0] and stored.cited[0]["speaker"] == "The guard"
        api.queue_message("/stats", chat_id=ADMIN)
        [stats] = await said(api, ADMIN, 1)
        listed = text("en", "reports.digest_point", point=3, sentence=f"queue {desk}")
        assert "Outdated" in stats.params["text"] and listed in stats.params["text"]
        api.queue_message("/forget", chat_id=USER)
        forgotten = (await said(api, USER, 7))[-1].params["text"]
        assert text(language, "forgotten_reports", reports=1).strip() in forgotten
        with db.session() as session:
            assert reports.list_reports(session) == []
    assert not any("\x1e" in str(c.params) for c in api.calls)  # the stored mark never reaches Telegram

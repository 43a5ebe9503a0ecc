"""The fake Bot API server answers python-telegram-bot the way Telegram does, failures included."""

from __future__ import annotations

import time

import pytest
from fake_bot_api import FakeBotApi, check_html
from telegram import Bot
from telegram.error import BadRequest, ChatMigrated, Conflict, Forbidden, NetworkError, RetryAfter


async def test_get_me_send_and_updates() -> None:
    async with FakeBotApi() as api, Bot(api.token, base_url=api.base_url) as bot:
        assert bot.username == "briefing_test_bot"
        message = await bot.send_message(42, "<b>hi</b> &amp; more", parse_mode="HTML")
        assert message.message_id == 1
        assert api.sent_texts(42) == ["<b>hi</b> &amp; more"]
        assert api.calls_to("sendMessage")[0].params["chat_id"] == 42

        api.queue_message("/start", chat_id=7, language_code="ar")
        api.queue_message("hello @briefing_test_bot", chat_id=-100, chat_type="supergroup")
        updates = await bot.get_updates(timeout=1)
        assert [u.effective_chat.id for u in updates if u.effective_chat] == [7, -100]
        assert updates[0].message is not None and updates[0].message.text == "/start"
        assert updates[0].message.entities[0].type == "bot_command"
        assert updates[1].message is not None and updates[1].message.entities[0].type == "mention"
        # Confirmed updates are gone.
        assert await bot.get_updates(offset=updates[-1].update_id + 1, timeout=0) == ()


async def test_programmed_failures() -> None:
    async with FakeBotApi() as api, Bot(api.token, base_url=api.base_url) as bot:
        api.fail("sendMessage", status=429, retry_after=3)
        with pytest.raises(RetryAfter) as retry:
            await bot.send_message(1, "x")
        assert retry.value._retry_after.total_seconds() == 3
        await bot.send_message(1, "x")  # only the next call failed

        api.fail("sendMessage", status=403, chat_id=2, times=None)
        for _ in range(2):
            with pytest.raises(Forbidden):
                await bot.send_message(2, "x")
        await bot.send_message(3, "x")

        api.fail("sendMessage", status=500, times=2)
        for _ in range(2):
            with pytest.raises(NetworkError):
                await bot.send_message(4, "x")
        await bot.send_message(4, "x")

        api.fail("sendMessage", status=400, chat_id=-5, migrate_to_chat_id=-1005)
        with pytest.raises(ChatMigrated) as migrated:
            await bot.send_message(-5, "x")
        assert migrated.value.new_chat_id == -1005

        api.fail("getUpdates", status=409)
        with pytest.raises(Conflict):
            await bot.get_updates(timeout=0)


async def test_html_and_length_are_checked() -> None:
    async with FakeBotApi() as api, Bot(api.token, base_url=api.base_url) as bot:
        with pytest.raises(BadRequest, match="parse entities"):
            await bot.send_message(1, "<b>open", parse_mode="HTML")
        with pytest.raises(BadRequest, match="parse entities"):
            await bot.send_message(1, "a < b", parse_mode="HTML")
        with pytest.raises(BadRequest, match="too long"):
            await bot.send_message(1, "𝕏" * 2049)  # 4,098 UTF-16 units
        await bot.send_message(1, "x" * 4096)
    assert check_html('<a href="https://e.x/?a=1&amp;b=2">t</a> &lt;tag&gt;') == (None, "t <tag>")


async def test_enforced_limits_count_429s() -> None:
    async with FakeBotApi() as api, Bot(api.token, base_url=api.base_url) as bot:
        api.enforce_limits(global_per_second=30, per_chat_per_second=1)
        await bot.send_message(1, "first")
        with pytest.raises(RetryAfter):
            await bot.send_message(1, "second in the same second")
        await bot.send_message(2, "another chat is fine")
        assert api.rate_limited == 1


def test_in_thread_for_synchronous_callers() -> None:
    import httpx

    with FakeBotApi().in_thread() as api:
        started = time.monotonic()
        response = httpx.post(f"{api.base_url}{api.token}/sendMessage", data={"chat_id": "9", "text": "hi"})
        assert response.json()["ok"] is True
        assert api.wait_for_sync("sendMessage")[0].params == {"chat_id": 9, "text": "hi"}
        assert time.monotonic() - started < 5

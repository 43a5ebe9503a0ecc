"""End to end: the real python-telegram-bot application against the fake Bot API server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import logging
import re
import shutil
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from fake_bot_api import Call, FakeBotApi, check_html, utf16_len
from test_telegram_corpus import seed

from bot.bidi import FSI, PDI, mixed_lines
from bot.config import Settings, get_settings
from handlers.app import PollingConflict, build_application, protect_token, serve
from storage import Database, open_database

ADMIN = 777
USER = 1001


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as server:
        yield server


@pytest.fixture(scope="session")
def seeded_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture articles ingested once (with extraction) into a SQLite file each test copies."""
    path = tmp_path_factory.mktemp("corpus") / "seeded.db"
    database = open_database(f"sqlite:///{path}")
    seed(database)
    with database.engine.connect() as connection:  # fold the WAL into the file before copying it
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.dispose()
    return path


@pytest.fixture
def corpus(seeded_file: Path, tmp_path: Path) -> Iterator[Database]:
    copy = tmp_path / "briefing.db"
    shutil.copyfile(seeded_file, copy)
    database = open_database(f"sqlite:///{copy}")
    yield database
    database.dispose()


def configure(monkeypatch: pytest.MonkeyPatch, api: FakeBotApi, **env: str) -> Settings:
    """Settings from the environment, as `briefing run` reads them, pointing at the fake server."""
    monkeypatch.setenv("BRIEFING_TELEGRAM_TOKEN", api.token)
    monkeypatch.setenv("BRIEFING_TELEGRAM_API_URL", api.base_url)
    monkeypatch.setenv("BRIEFING_ADMIN_IDS", str(ADMIN))
    for name, value in env.items():
        monkeypatch.setenv(f"BRIEFING_{name.upper()}", value)
    get_settings.cache_clear()
    return get_settings()


@asynccontextmanager
async def running(api: FakeBotApi, database: Database, config: Settings) -> AsyncIterator[None]:
    """The bot polling the fake server until the block ends."""
    application = build_application(config, database)
    stop = asyncio.Event()
    task = asyncio.create_task(serve(application, config, stop))
    await api.wait_for("getUpdates")
    try:
        yield
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)


@pytest.fixture
async def bot(
    api: FakeBotApi, corpus: Database, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[FakeBotApi]:
    async with running(api, corpus, configure(monkeypatch, api)):
        yield api


async def replies(api: FakeBotApi, count: int = 1, chat_id: int = USER) -> list[Call]:
    """Wait for ``count`` accepted messages to ``chat_id`` (beyond setup calls) and return them."""
    deadline = asyncio.get_running_loop().time() + 15
    while True:
        sent = [c for c in api.calls_to("sendMessage", ok=True) if str(c.chat_id) == str(chat_id)]
        if len(sent) >= count:
            return sent
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError(
                f"{count} messages to {chat_id} not seen; calls: {[c.method for c in api.calls]}"
            )
        await asyncio.sleep(0.02)


async def everything_answered(api: FakeBotApi, chat_id: int = USER) -> list[Call]:
    """Every message sent to ``chat_id`` so far, once the bot has handled all earlier updates.

    Updates are handled in order, so when the answer to a /help marker arrives, every earlier answer
    (all its parts) is complete; the marker's own reply is left out.
    """
    before = len(api.calls_to("sendMessage", ok=True))
    api.queue_message("/help", chat_id=chat_id, language_code="en")
    while True:
        sent = api.calls_to("sendMessage", ok=True)[before:]
        marker = next(
            (c for c in sent if str(c.chat_id) == str(chat_id) and "/forget" in c.params["text"]), None
        )
        if marker is not None:
            break
        await asyncio.sleep(0.02)
    return [
        c for c in api.calls_to("sendMessage", ok=True) if str(c.chat_id) == str(chat_id) and c is not marker
    ]


def strip_marks(text: str) -> str:
    """The text without its bidi isolates, to compare with what a reader sees."""
    return text.replace(FSI, "").replace(PDI, "")


def buttons(call: Call) -> list[dict[str, Any]]:
    markup = call.params.get("reply_markup") or {}
    return [button for row in markup.get("inline_keyboard", []) for button in row]


async def test_start_in_the_users_language(bot: FakeBotApi) -> None:
    bot.queue_message("/start", language_code="ar")
    [reply] = await replies(bot)
    assert reply.params["parse_mode"] == "HTML"
    assert "أتابع قصة واحدة" in reply.params["text"]
    assert "7 مقالات" in reply.params["text"]  # what the bot knows
    bot.queue_message("/start", chat_id=1002, language_code="en-GB")
    [english] = await replies(bot, chat_id=1002)
    assert "I follow one story" in english.params["text"]


async def test_commands_registered_in_both_languages(bot: FakeBotApi) -> None:
    calls = [c for c in bot.calls_to("setMyCommands") if "scope" not in c.params]
    assert {c.params.get("language_code") for c in calls} == {None, "ar"}
    [operators] = [c for c in bot.calls_to("setMyCommands") if "scope" in c.params]
    assert operators.params["scope"] == {"type": "chat", "chat_id": ADMIN}
    assert {"ingest", "feeds", "stats"} <= {c["command"] for c in operators.params["commands"]}
    for call in calls:
        assert {"ask", "entity", "latest", "disputed", "follow", "forget"} <= {
            c["command"] for c in call.params["commands"]
        }


async def test_question_gets_a_cited_answer(bot: FakeBotApi) -> None:
    bot.queue_message("What did Omar Omsen say?")
    sent = await replies(bot)
    text = "\n".join(c.params["text"] for c in sent)
    assert "Omsen" in text or "أومسين" in text
    assert "لن يسلموا أسلحتهم" in text or "would not hand over" in text  # the verbatim quote
    assert re.search(r'<a href="https://[^"]+">', text)  # numbered sources as links
    assert re.search(r"\n1\. ", text)
    assert "2025-10-2" in text  # the date
    labels = {b["text"] for b in buttons(sent[-1])}
    assert any(label.startswith("Follow") for label in labels)
    for button in buttons(sent[-1]):
        assert len(button["callback_data"].encode()) < 64


async def test_not_found_question(bot: FakeBotApi) -> None:
    bot.queue_message("What did the mayor of Oslo say about tulips?")
    [reply] = await replies(bot)
    assert "nothing" in reply.params["text"].lower()
    assert "<a href" not in reply.params["text"]
    assert buttons(reply) == []


async def test_long_answer_is_split_at_paragraphs(bot: FakeBotApi) -> None:
    bot.queue_message("ماذا قال نور الدين البابا عن المخيم؟", language_code="ar")
    sent = await everything_answered(bot)
    assert sent, "no answer"  # one source list per answer: this one now fits a single message
    for call in sent:
        assert utf16_len(call.params["text"]) <= 4096
        assert check_html(call.params["text"])[0] is None  # every part is well-formed HTML on its own
    assert buttons(sent[-1]) and not any(buttons(c) for c in sent[:-1])  # the keyboard under the last part


async def test_more_sources_button_survives_a_restart(
    api: FakeBotApi, corpus: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = configure(monkeypatch, api)
    async with running(api, corpus, config):
        api.queue_message("ماذا قال نور الدين البابا عن المخيم؟", language_code="ar")
        answer = (await everything_answered(api))[-1]
    more = next(b for b in buttons(answer) if b["callback_data"].startswith("m:"))
    before = len(api.calls_to("sendMessage", ok=True))
    async with running(api, corpus, config):  # a new process: nothing in memory
        api.queue_callback(more["callback_data"], message_id=answer.result["message_id"], language_code="ar")
        await api.wait_for("answerCallbackQuery")
        await api.wait_for("sendMessage", before + 1)
        page = api.calls_to("sendMessage", ok=True)[-1]
        assert "مصادر" in page.params["text"] and "<a href=" in page.params["text"]
        following = [b for b in buttons(page) if b["callback_data"].startswith("p:")]
        if following:  # more than one page: the next page edits the same message
            api.queue_callback(following[0]["callback_data"], message_id=page.result["message_id"])
            [edit] = await api.wait_for("editMessageText")
            assert edit.params["message_id"] == page.result["message_id"]


async def test_follow_button_and_forget(bot: FakeBotApi) -> None:
    bot.queue_message("Who is Omar Omsen?")
    sent = await replies(bot)
    follow = next(b for b in buttons(sent[-1]) if b["callback_data"].startswith("f:"))
    bot.queue_callback(follow["callback_data"])
    [toast] = await bot.wait_for("answerCallbackQuery")
    assert "now follow" in toast.params["text"]
    bot.queue_message("/follow")
    listed = await replies(bot, len(sent) + 1)
    assert "You follow:" in listed[-1].params["text"]
    bot.queue_message("/forget")
    done = await replies(bot, len(sent) + 2)
    assert "1 question, 1 follow and" in done[-1].params["text"]
    bot.queue_message("/follow")
    after = await replies(bot, len(sent) + 3)
    assert "You follow:" not in after[-1].params["text"]


async def test_unknown_command_points_to_help(bot: FakeBotApi) -> None:
    bot.queue_message("/frobnicate <now>")
    [reply] = await replies(bot)
    assert reply.params["text"] == "I do not know /frobnicate. /help lists what I can do."


async def test_unknown_button_data_is_answered(bot: FakeBotApi) -> None:
    bot.queue_callback("x:1:2:3")
    [toast] = await bot.wait_for("answerCallbackQuery")
    assert "too old" in toast.params["text"]


async def test_group_chatter_is_ignored_but_mentions_and_ask_are_answered(bot: FakeBotApi) -> None:
    group = -100555
    bot.queue_message("Omar Omsen is in the news again", chat_id=group, chat_type="supergroup", user_id=9)
    bot.queue_message("/start", chat_id=USER)  # a marker: updates are handled in order
    await replies(bot)
    assert [c for c in bot.calls_to("sendMessage") if c.chat_id == group] == []
    bot.queue_message(
        "@briefing_test_bot who is Omar Omsen?", chat_id=group, chat_type="supergroup", user_id=9
    )
    mention = await replies(bot, chat_id=group)
    assert mention[0].params["reply_parameters"]["message_id"]  # answers the asker in a group
    bot.queue_message("/ask@briefing_test_bot who is Omar Omsen?", chat_id=group, chat_type="supergroup")
    await replies(bot, len(mention) + 1, chat_id=group)
    bot.queue_message("and what else?", chat_id=group, chat_type="supergroup", reply_to_bot=True)
    await replies(bot, len(mention) + 2, chat_id=group)


async def test_admin_command_from_a_non_admin(bot: FakeBotApi, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="handlers.admin"):
        bot.queue_message("/stats", user_id=USER)
        [refusal] = await replies(bot)
    assert "operators only" in refusal.params["text"]
    assert any("refused operator command /stats from user 1001" in r.getMessage() for r in caplog.records)
    bot.queue_message("/stats", chat_id=ADMIN)
    [stats] = await replies(bot, chat_id=ADMIN)
    assert "Articles: 7" in stats.params["text"]


async def test_html_looking_input_is_echoed_safely(bot: FakeBotApi) -> None:
    bot.queue_message("/entity <b>Bob</b> & <script>alert(1)</script>")
    [reply] = await replies(bot)
    assert "&lt;b&gt;Bob&lt;/b&gt; &amp; &lt;script&gt;" in reply.params["text"]
    assert reply.ok  # the fake server checks the HTML like Telegram does
    bot.queue_message("<i>who</i> is <a href='x'>Omsen</a> & co?")
    sent = await replies(bot, 2)
    assert all(c.ok for c in sent)


async def test_rate_limit_says_slow_down(
    api: FakeBotApi, corpus: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running(api, corpus, configure(monkeypatch, api, questions_per_minute="2")):
        for _ in range(3):
            api.queue_message("Who is Omar Omsen?")
        texts = [c.params["text"] for c in await everything_answered(api)]
    assert sum("Slow down" in text for text in texts) == 1
    assert "at most 2 questions a minute" in texts[-1]
    assert sum("Omar Omsen" in text for text in texts) >= 2  # the first two were answered


async def test_429_is_waited_out_and_retried(bot: FakeBotApi) -> None:
    bot.fail("sendMessage", status=429, retry_after=1, chat_id=USER)
    bot.queue_message("/help")
    [reply] = await replies(bot)
    refused = bot.calls_to("sendMessage", ok=False)
    assert len(refused) == 1 and refused[0].status == 429
    assert reply.at - refused[0].at >= 1.0  # Telegram's retry_after was honoured
    assert "/entity" in reply.params["text"]


async def test_failure_is_logged_with_the_update_id_and_the_user_is_told(
    bot: FakeBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    bot.fail("sendMessage", status=400, chat_id=USER, description="Bad Request: chat not found", times=1)
    with caplog.at_level(logging.ERROR, logger="handlers.errors"):
        update_id = bot.queue_message("/help")
        [told] = await replies(bot)
    assert "something went wrong" in told.params["text"]
    assert any(f"update {update_id} failed" in r.getMessage() for r in caplog.records)
    bot.queue_message("/help")  # and the bot keeps running
    await replies(bot, 2)


async def test_second_poller_conflict_exits_cleanly(
    api: FakeBotApi, corpus: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = configure(monkeypatch, api)
    api.fail("getUpdates", status=409, times=None)
    application = build_application(config, corpus)
    with pytest.raises(PollingConflict, match="another process is already polling"):
        await asyncio.wait_for(serve(application, config), 10)
    assert len(api.calls_to("getUpdates", ok=False)) <= 2  # no retry loop
    assert not application.running


async def test_token_is_never_logged(
    api: FakeBotApi, corpus: Database, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    config = configure(monkeypatch, api, log_level="DEBUG")
    root = logging.getLogger()
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(self.format(record))

    collect = Collect(logging.DEBUG)
    root.addHandler(collect)
    old_level = root.level
    root.setLevel(logging.DEBUG)
    for name in ("telegram", "telegram.ext", "telegram.Bot", "httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.NOTSET)  # as verbose as can be, until the bot says otherwise
    try:
        protect_token(api.token)
        async with running(api, corpus, config):
            api.queue_message("/start")
            api.queue_message("Who is Omar Omsen?")
            api.fail("sendMessage", status=500, chat_id=USER)  # an error path logs too
            await everything_answered(api)
    finally:
        root.removeHandler(collect)
        root.setLevel(old_level)
    assert any("polling Telegram as @briefing_test_bot" in line for line in lines)
    assert any("update" in line and "failed" in line for line in lines)
    assert not [line for line in lines if api.token in line]
    assert not [r for r in caplog.records if api.token in r.getMessage()]


ARTICLE_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Camp talks stall near Harem</title></head><body><article><h1>Camp talks stall near Harem</h1>
<p>Talks between local notables and the leaders of the camp near Harem made no progress on Sunday,
according to two people who attended the meeting in the western countryside of Idlib.</p>
<p>Nour al-Din al-Baba said the security forces would keep their positions around the camp until the
wanted men were handed over to the courts, and that families who wished to leave could do so.</p>
<p>Residents of nearby villages said the roads had been reopened to ambulances and food deliveries.</p>
</article></body></html>"""

FEED = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Harem Watch</title>
<link>{base}/</link><description>news</description>
<item><title>Camp talks stall near Harem</title><link>{base}/article.html</link>
<guid>{base}/article.html</guid></item></channel></rss>"""


@asynccontextmanager
async def website() -> AsyncIterator[str]:
    """A news site on loopback: one article page and one RSS feed."""
    from aiohttp import web

    base = ""

    async def page(_: web.Request) -> web.Response:
        return web.Response(text=ARTICLE_PAGE, content_type="text/html")

    async def feed(_: web.Request) -> web.Response:
        return web.Response(text=FEED.format(base=base), content_type="application/rss+xml")

    app = web.Application()
    app.router.add_get("/article.html", page)
    app.router.add_get("/feed.xml", feed)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    base = f"http://127.0.0.1:{port}"
    try:
        yield base
    finally:
        await runner.cleanup()


async def test_operator_ingests_a_url_and_manages_feeds(bot: FakeBotApi) -> None:
    async with website() as base:
        bot.queue_message(f"/ingest {base}/article.html", chat_id=ADMIN)
        sent = await replies(bot, 2, chat_id=ADMIN)
        assert "Fetching" in sent[0].params["text"]
        assert "added: Camp talks stall near Harem" in sent[1].params["text"]
        bot.queue_message("/feeds list", chat_id=ADMIN)
        assert "No feeds yet" in (await replies(bot, 3, chat_id=ADMIN))[-1].params["text"]
        bot.queue_message(f"/feeds add {base}/feed.xml", chat_id=ADMIN)
        assert "Feed added" in (await replies(bot, 4, chat_id=ADMIN))[-1].params["text"]
        bot.queue_message("/feeds", chat_id=ADMIN)
        assert "Harem Watch" in (await replies(bot, 5, chat_id=ADMIN))[-1].params["text"]
        bot.queue_message(f"/feeds remove {base}/feed.xml", chat_id=ADMIN)
        assert "Feed removed" in (await replies(bot, 6, chat_id=ADMIN))[-1].params["text"]
        bot.queue_message(f"/ingest {base}/missing.html", user_id=USER)  # not an operator
        assert "operators only" in (await replies(bot))[-1].params["text"]


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_webhook_mode_checks_the_secret_token(
    api: FakeBotApi, corpus: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    import httpx

    port = _free_port()
    url = f"http://127.0.0.1:{port}/telegram/hook"
    config = configure(
        monkeypatch,
        api,
        webhook_url=url,
        webhook_listen="127.0.0.1",
        webhook_port=str(port),
        webhook_secret="s3cret-Token_1",
    )
    application = build_application(config, corpus)
    stop = asyncio.Event()
    task = asyncio.create_task(serve(application, config, stop))
    try:
        [set_webhook] = await api.wait_for("setWebhook")
        assert set_webhook.params["url"] == url
        assert set_webhook.params["secret_token"] == "s3cret-Token_1"
        assert api.calls_to("getUpdates") == []  # no polling in webhook mode
        update = {
            "update_id": 99,
            "message": {
                "message_id": 1,
                "date": 1761300000,
                "chat": {"id": USER, "type": "private"},
                "from": {"id": USER, "is_bot": False, "first_name": "T", "language_code": "en"},
                "text": "/help",
                "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
            },
        }
        async with httpx.AsyncClient() as client:
            forged = await client.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"})
            assert forged.status_code == 403
            genuine = await client.post(
                url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-Token_1"}
            )
            assert genuine.status_code == 200
        [reply] = await replies(api)
        assert "/entity" in reply.params["text"]
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)


async def test_browsing_commands(bot: FakeBotApi) -> None:
    bot.queue_message("/sources")
    [outlets] = await replies(bot)
    assert "موقع الجسر</b>: 1 article" in strip_marks(outlets.params["text"])
    assert "Levant Courier" in outlets.params["text"]
    bot.queue_message("/latest")
    latest = (await replies(bot, 2))[-1].params["text"]
    assert "Newest articles" in latest and '<a href="https://wadi.example/story?id=17&amp;lang=ar">' in latest
    bot.queue_message("/entity omar omsen")
    card = (await replies(bot, 3))[-1]
    assert "Omar Omsen" in card.params["text"] or "أومسين" in card.params["text"]
    assert "named in" in card.params["text"]
    assert [b["callback_data"][:2] for b in buttons(card)] == ["f:"]
    bot.queue_message("/entity Zorblax Quux")
    assert "I know nothing about <b>Zorblax Quux</b>" in (await replies(bot, 4))[-1].params["text"]
    bot.queue_message("/disputed")
    disputed = (await replies(bot, 5))[-1].params["text"]
    assert "disagree" in disputed or "No disputed point" in disputed


async def test_stories_command_lists_each_story_with_its_counts(bot: FakeBotApi) -> None:
    bot.queue_message("/stories")
    [listing] = await replies(bot)
    text = listing.params["text"]
    assert text.startswith("<b>Stories</b>")
    assert re.search(r"\d+ articles? from \d+ outlets?", text), text
    assert "Who and where:" in text
    bot.queue_message("/language ar")
    bot.queue_message("/stories")
    arabic = (await replies(bot, 3))[-1].params["text"]
    assert arabic.startswith("<b>القصص</b>") and "من وأين:" in arabic


async def test_follow_takes_a_story_by_its_number(bot: FakeBotApi) -> None:
    bot.queue_message("/stories")
    [listing] = await replies(bot)
    number = re.search(r"<b>#(\d+) ", listing.params["text"])
    assert number, listing.params["text"]
    bot.queue_message(f"/follow #{number.group(1)}")
    assert "You now follow the story" in (await replies(bot, 2))[-1].params["text"]
    bot.queue_message("/follow")
    assert f"#{number.group(1)} " in (await replies(bot, 3))[-1].params["text"]
    bot.queue_message("/unfollow #999")
    assert "There is no story #999" in (await replies(bot, 4))[-1].params["text"]


async def test_an_answer_says_which_story_it_is_from(bot: FakeBotApi) -> None:
    bot.queue_message("Who is Omar Omsen?")
    [first, *_rest] = await everything_answered(bot)
    assert first.params["text"].startswith("<i>Story: ")


async def test_language_command_switches_the_interface(bot: FakeBotApi) -> None:
    bot.queue_message("/language ar")
    [done] = await replies(bot)
    assert "بالعربية" in done.params["text"]
    bot.queue_message("/help")  # the user's Telegram language is English, the chat's choice wins
    [_, help_text] = await replies(bot, 2)
    assert "الأوامر" in help_text.params["text"]
    bot.queue_message("/language fr")
    assert "/language ar" in (await replies(bot, 3))[-1].params["text"]


async def test_follow_up_uses_the_stored_context_across_a_restart(
    api: FakeBotApi, corpus: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = configure(monkeypatch, api)
    async with running(api, corpus, config):
        api.queue_message("Who is Omar Omsen?")
        await replies(api)
    before = len([c for c in api.calls_to("sendMessage", ok=True) if c.chat_id == USER])
    async with running(api, corpus, config):
        api.queue_message("What did he say?")
        sent = await everything_answered(api)
    follow_up = "\n".join(c.params["text"] for c in sent[before:])
    assert "would not hand over" in follow_up or "لن يسلموا أسلحتهم" in follow_up


async def test_digest_buttons_reach_the_digest_handler(bot: FakeBotApi) -> None:
    bot.queue_message("/subscribe 07:30 Asia/Damascus")
    await replies(bot)
    bot.queue_message("/settings")
    settings_message = (await replies(bot, 2))[-1]
    [first, *_] = buttons(settings_message)
    assert not first["callback_data"].startswith(("m:", "p:", "b:", "f:"))
    bot.queue_callback(first["callback_data"], message_id=settings_message.result["message_id"])
    [press] = await bot.wait_for("answerCallbackQuery")
    assert "too old" not in str(press.params.get("text", ""))


async def test_unreachable_api_or_refused_token_is_a_clear_error(
    api: FakeBotApi, corpus: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.errors import BriefingError

    config = configure(monkeypatch, api, telegram_api_url=f"http://127.0.0.1:{_free_port()}/bot")
    with pytest.raises(BriefingError, match="cannot reach the Telegram Bot API at BRIEFING_TELEGRAM_API_URL"):
        await serve(build_application(config, corpus), config)
    config = configure(monkeypatch, api)
    application = build_application(config, corpus, token="999:not-the-token")
    with pytest.raises(BriefingError, match="Telegram refused the bot token"):
        await serve(application, config)


async def test_both_sides_button_for_a_disputed_point(bot: FakeBotApi) -> None:
    bot.queue_message("هل طلبت فرنسا العملية؟", language_code="ar")
    answer = (await everything_answered(bot))[-1]
    both = next(b for b in buttons(answer) if b["callback_data"].startswith("b:"))
    assert both["text"] == "الرأيان"
    bot.queue_callback(both["callback_data"], message_id=answer.result["message_id"], language_code="ar")
    await bot.wait_for("answerCallbackQuery")
    sides = (await everything_answered(bot))[-1].params["text"]
    assert "موضع خلاف" in sides and "<i>رواية</i>" in sides and "<i>نفي</i>" in sides
    assert "صحيفة الساحل" in sides and "موقع النهار" in sides
    bot.queue_message("/disputed")
    listed = (await everything_answered(bot))[-1].params["text"]
    assert "What the outlets disagree on" in listed and "<i>Denied</i>" in listed


async def test_an_answer_has_one_source_list_and_no_line_mixes_directions(bot: FakeBotApi) -> None:
    bot.queue_message("What did Omar Omsen say?")
    bot.queue_message("ماذا قال عمر أومسين؟", language_code="ar")
    sent = await everything_answered(bot)
    assert len(sent) >= 2
    for call in sent:
        visible = check_html(call.params["text"])[1]
        assert not mixed_lines(visible), mixed_lines(visible)
        numbers = re.findall(r"^\[(\d+)\] ", visible, re.MULTILINE)
        assert numbers == [str(n) for n in range(1, len(numbers) + 1)]  # one list, numbered once
        links = re.findall(r'<a href="([^"]+)"', call.params["text"])
        assert len(links) == len(set(links)), "an article listed twice"
        points = re.findall(r"^\d+\. .*$", visible, re.MULTILINE)
        assert points and all(re.search(r"(\[\d+\])+$", point) for point in points)  # marked with numbers


async def test_the_reply_speaks_the_chats_language_else_the_questions(bot: FakeBotApi) -> None:
    bot.queue_message("ماذا قال عمر أومسين؟")  # a Telegram user in English asks in Arabic: Arabic reply
    [arabic] = await replies(bot)
    assert "المصادر" in arabic.params["text"]
    assert all(not b["text"].startswith("Follow") for b in buttons(arabic))
    bot.queue_message("/language en", language_code="ar")
    bot.queue_message("ماذا قال عمر أومسين؟", language_code="ar")
    english = (await everything_answered(bot))[-1]
    assert "Sources" in english.params["text"] and "المصادر" not in english.params["text"]
    assert any(b["text"].startswith("Follow ") for b in buttons(english))
    follow = next(b for b in buttons(english) if b["callback_data"].startswith("f:"))
    bot.queue_callback(follow["callback_data"], language_code="ar")
    [toast] = await bot.wait_for("answerCallbackQuery")
    assert "You now follow" in toast.params["text"]


async def test_browsing_replies_never_mix_directions_in_either_language(bot: FakeBotApi) -> None:
    commands = ("/entity Omar Omsen", "/disputed", "/sources", "/latest")
    for command in (*commands, "/language ar", *commands):
        bot.queue_message(command)
    sent = await everything_answered(bot)
    assert len(sent) >= 9
    bot.queue_message("/help")  # the Arabic /help, with its commands and arguments
    sent.append((await replies(bot, len(sent) + 1))[-1])
    for call in sent:
        visible = check_html(call.params["text"])[1]
        assert not mixed_lines(visible), mixed_lines(visible)


async def test_language_sets_the_answers_and_the_digests_language(bot: FakeBotApi) -> None:
    bot.queue_message("/language en", language_code="ar")
    bot.queue_message("/subscribe 07:30 Asia/Damascus", language_code="ar")
    confirmed = (await everything_answered(bot))[-1].params["text"]
    assert confirmed.startswith("Subscribed"), confirmed  # the chat's choice, not the Telegram language
    bot.queue_message("/language ar", language_code="ar")
    bot.queue_message("/settings", language_code="ar")
    settings_text = (await everything_answered(bot))[-1].params["text"]
    assert "العربية" in settings_text and "English" not in settings_text  # /language set the digest's too

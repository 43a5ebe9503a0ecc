"""`briefing digest send-due` and the bot's minute job deliver what is due, against the fake Bot API."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from fake_bot_api import FakeBotApi
from test_digest_support import Said, add_article, add_group
from typer.testing import CliRunner

from bot.config import get_settings
from bot.digest import service
from storage import Database
from storage import digests as store


def due_an_hour_ago(db: Database, chat_id: int) -> None:
    """A subscriber whose time (in UTC) passed an hour ago, with news since yesterday."""
    now = datetime.now(UTC)
    at = (now - timedelta(hours=1)).strftime("%H:%M")
    service.subscribe(
        db,
        chat_id=chat_id,
        chat_kind="private",
        time_text=at,
        zone_text="UTC",
        language="en",
        now=now - timedelta(hours=2),
    )
    with db.session() as session:
        article = add_article(
            session,
            outlet="Idlib Post",
            title="Checkpoint reopened",
            text="The crossing authority said the checkpoint near Harem reopened at dawn.",
            url="https://idlib.example/checkpoint",
            seen_at=now - timedelta(hours=5),
            language="en",
        )
        add_group(
            session,
            label="The checkpoint reopened",
            status="single-source",
            claims=[Said(article, "the checkpoint near Harem reopened at dawn")],
            created_at=now - timedelta(hours=5),
        )


def test_send_due_from_cron_sends_once(db: Database, sqlite_url: str) -> None:
    from bot.cli import app

    due_an_hour_ago(db, 321)
    runner = CliRunner()
    with FakeBotApi().in_thread() as api:
        env = {
            "BRIEFING_DATABASE_URL": sqlite_url,
            "BRIEFING_TELEGRAM_TOKEN": api.token,
            "BRIEFING_TELEGRAM_API_URL": api.base_url,
        }
        get_settings.cache_clear()
        first = runner.invoke(app, ["digest", "send-due"], env=env)
        get_settings.cache_clear()
        second = runner.invoke(app, ["digest", "send-due"], env=env)
        texts = api.sent_texts(321)
    assert first.exit_code == 0, first.output
    assert second.exit_code == 0, second.output
    assert len(texts) == 1 and "checkpoint near Harem reopened" in texts[0]
    assert "sent 1" in first.output and "sent 0" in second.output


def test_send_due_without_a_token_says_how_to_get_one(sqlite_url: str) -> None:
    from bot.cli import app

    result = CliRunner().invoke(app, ["digest", "send-due"], env={"BRIEFING_DATABASE_URL": sqlite_url})
    assert result.exit_code == 2 and "BotFather" in result.output


async def test_the_running_bot_sends_what_fell_due_while_it_was_down(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from handlers.app import build_application, serve

    due_an_hour_ago(db, 654)
    async with FakeBotApi() as api:
        monkeypatch.setenv("BRIEFING_TELEGRAM_TOKEN", api.token)
        monkeypatch.setenv("BRIEFING_TELEGRAM_API_URL", api.base_url)
        get_settings.cache_clear()
        config = get_settings()
        application = build_application(config, db)
        stop = asyncio.Event()
        task = asyncio.create_task(serve(application, config, stop))
        try:
            deadline = asyncio.get_running_loop().time() + 20
            while not api.sent_texts(654) and asyncio.get_running_loop().time() < deadline:
                await asyncio.sleep(0.1)
        finally:
            stop.set()
            await asyncio.wait_for(task, 15)
        assert len(api.sent_texts(654)) == 1
    with db.session() as session:
        [row] = store.deliveries(session)
    assert row.state == "sent"


def test_worker_runs_ticks_and_delivers(db: Database, sqlite_url: str) -> None:
    from bot.cli import app

    due_an_hour_ago(db, 987)
    with FakeBotApi().in_thread() as api:
        env = {
            "BRIEFING_DATABASE_URL": sqlite_url,
            "BRIEFING_TELEGRAM_TOKEN": api.token,
            "BRIEFING_TELEGRAM_API_URL": api.base_url,
        }
        get_settings.cache_clear()
        result = CliRunner().invoke(app, ["digest", "worker", "--ticks", "2", "--interval", "1"], env=env)
        texts = api.sent_texts(987)
    assert result.exit_code == 0, result.output
    assert len(texts) == 1

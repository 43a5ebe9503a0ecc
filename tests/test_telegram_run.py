"""`briefing run` as a user starts it: a real process against the fake Bot API server."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest
from fake_bot_api import FakeBotApi
from test_telegram_corpus import seed

from storage import open_database


def _command() -> list[str]:
    script = Path(sys.executable).with_name("briefing")
    return [str(script)] if script.exists() else [sys.executable, "-c", "from bot.cli import main; main()"]


async def _start(api: FakeBotApi, database_url: str, **env: str) -> asyncio.subprocess.Process:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_")}
    environment.update(BRIEFING_DATABASE_URL=database_url, BRIEFING_TELEGRAM_TOKEN=api.token)
    environment["BRIEFING_TELEGRAM_API_URL"] = api.base_url
    environment.update({f"BRIEFING_{k.upper()}": v for k, v in env.items()})
    return await asyncio.create_subprocess_exec(
        *_command(), "run", env=environment, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )


async def test_briefing_run_answers_with_sources_and_never_logs_the_token(sqlite_url: str) -> None:
    database = open_database(sqlite_url)
    seed(database)
    database.dispose()
    async with FakeBotApi() as api:
        process = await _start(api, sqlite_url, log_level="DEBUG")
        try:
            await api.wait_for("getUpdates", timeout=30)
            api.queue_message("Who is Omar Omsen?")
            [answer, *_] = await api.wait_for("sendMessage", timeout=30)
        finally:
            process.send_signal(signal.SIGTERM)
            stdout, stderr = await asyncio.wait_for(process.communicate(), 30)
    log = stderr.decode()
    assert process.returncode == 0, log[-2000:]
    assert "Omsen" in answer.params["text"] or "أومسين" in answer.params["text"]
    assert '<a href="https://' in answer.params["text"]  # a cited source
    assert "polling Telegram as @briefing_test_bot" in log  # the DEBUG run logged plenty...
    assert api.token not in log and api.token not in stdout.decode()  # ...but never the token


async def test_second_poller_gets_a_clear_error_and_exits(sqlite_url: str) -> None:
    async with FakeBotApi() as api:
        api.fail("getUpdates", status=409, times=None)
        process = await _start(api, sqlite_url)
        _, stderr = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 1
    assert "another process is already polling Telegram with this token" in stderr.decode()
    assert len(api.calls_to("getUpdates")) <= 2


def test_without_a_token_it_explains_and_opens_the_terminal_chat(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess

    environment = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_")}
    environment["BRIEFING_DATABASE_URL"] = sqlite_url
    result = subprocess.run(
        [*_command(), "run"], input="", env=environment, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "@BotFather" in result.stderr and "BRIEFING_TELEGRAM_TOKEN" in result.stderr


async def test_a_refused_token_is_reported_without_printing_it(sqlite_url: str) -> None:
    async with FakeBotApi(token="111:the-server-knows-this-one") as api:
        process = await _start(
            api, sqlite_url, telegram_token="222:a-token-the-server-refuses", log_level="DEBUG"
        )
        _, stderr = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 2
    assert "Telegram refused the bot token; check BRIEFING_TELEGRAM_TOKEN" in stderr.decode()
    assert "a-token-the-server-refuses" not in stderr.decode()
    assert "Traceback" not in stderr.decode()


async def test_first_run_on_an_empty_database_answers_from_the_sample(sqlite_url: str) -> None:
    async with FakeBotApi() as api:
        process = await _start(api, sqlite_url)
        try:
            await api.wait_for("getUpdates", timeout=60)
            api.queue_message("من هو عمر أومسين؟", language_code="ar")
            [answer, *_] = await api.wait_for("sendMessage", timeout=30)
        finally:
            process.send_signal(signal.SIGTERM)
            _, stderr = await asyncio.wait_for(process.communicate(), 30)
    assert "loaded the sample corpus" in stderr.decode()
    assert "أومسين" in answer.params["text"]
    assert "\n[1] <b>" in answer.params["text"]  # one numbered source list (the sample files have no links)

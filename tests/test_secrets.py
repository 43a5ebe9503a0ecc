"""Secrets stay secret: the bot token never reaches any output, and the database is private to its owner."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from fake_bot_api import FakeBotApi

from bot import logs
from storage import open_database

REFUSED = "222222:a-token-the-server-refuses-XYZ"


def _briefing(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("briefing")
    command = [str(script)] if script.exists() else [sys.executable, "-c", "from bot.cli import main; main()"]
    environment = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_")} | env
    return subprocess.run([*command, *args], env=environment, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("command", [["digest", "send-due"], ["digest", "worker", "--ticks", "1"]])
def test_a_refused_token_is_one_line_and_never_printed(sqlite_url: str, command: list[str]) -> None:
    open_database(sqlite_url).dispose()
    with FakeBotApi(token="111111:the-token-the-server-knows").in_thread() as api:
        result = _briefing(
            *command,
            env={
                "BRIEFING_DATABASE_URL": sqlite_url,
                "BRIEFING_TELEGRAM_TOKEN": REFUSED,
                "BRIEFING_TELEGRAM_API_URL": api.base_url,
                "BRIEFING_LOG_LEVEL": "DEBUG",
            },
        )
    output = result.stdout + result.stderr
    assert result.returncode == 2, output[-2000:]
    assert "Telegram refused the bot token; check BRIEFING_TELEGRAM_TOKEN" in result.stderr
    assert "Traceback" not in output
    assert REFUSED not in output and REFUSED.split(":")[1] not in output


def test_the_filter_redacts_messages_arguments_and_tracebacks_of_any_logger(
    caplog: pytest.LogCaptureFixture,
) -> None:
    secret_filter = logs.SecretFilter([REFUSED])
    caplog.handler.addFilter(secret_filter)
    log = logging.getLogger("some.library")
    log.warning("Set Bot API URL: http://host/bot%s", REFUSED)
    try:
        raise RuntimeError(f"GET http://host/bot{REFUSED}/getMe failed")
    except RuntimeError:
        log.exception("request failed")
    text = caplog.text
    assert REFUSED not in text and REFUSED.split(":")[1] not in text
    assert "Set Bot API URL: http://host/bot<redacted>" in text
    assert "RuntimeError" in text  # the traceback is kept, only the secret goes


def test_an_uncaught_exception_is_printed_without_the_token(tmp_path: Path) -> None:
    script = (
        "from bot import logs\n"
        f"logs.setup_logging('INFO', secrets=[{REFUSED!r}])\n"
        f"raise ValueError('token was {REFUSED}')\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "ValueError: token was <redacted>" in result.stderr
    assert REFUSED not in result.stderr


def test_the_database_and_its_wal_files_are_private(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        path = tmp_path / "new" / "briefing.db"
        database = open_database(f"sqlite:///{path}")
        with database.session() as session:
            session.connection().exec_driver_sql("CREATE TABLE IF NOT EXISTS probe (x INTEGER)")
            session.connection().exec_driver_sql("INSERT INTO probe VALUES (1)")
        files = [p for p in path.parent.iterdir() if p.name.startswith("briefing.db")]
        assert {p.name for p in files} >= {"briefing.db", "briefing.db-wal", "briefing.db-shm"}
        for file in files:
            assert stat.S_IMODE(file.stat().st_mode) == 0o600, file.name
        database.dispose()
    finally:
        os.umask(old)

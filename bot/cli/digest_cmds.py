"""`briefing digest`: preview a chat's digest, send what is due (cron), or run a delivery worker."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import signal
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import typer

from bot.cli import app as root
from bot.cli import common
from bot.cli.telegram import telegram_sender
from bot.digest import service
from bot.digest.engine import DigestEngine, EngineConfig, TickReport
from bot.digest.plain import plain_text
from bot.digest.sender import Sender
from bot.errors import BriefingError
from storage import Database
from storage.types import utcnow

logger = logging.getLogger(__name__)

digest_app = typer.Typer(
    help="Scheduled digests: preview, send what is due, run a worker.", no_args_is_help=True
)
root.add_typer(digest_app, name="digest")

_RELATIVE = re.compile(r"^\s*(\d+)\s*([hd])\s*$", re.IGNORECASE)


def parse_since(text: str, now: datetime) -> datetime:
    """``24h``, ``2d``, or an ISO date/time (UTC unless it says otherwise)."""
    match = _RELATIVE.match(text)
    if match:
        amount = int(match.group(1))
        return now - (timedelta(hours=amount) if match.group(2).lower() == "h" else timedelta(days=amount))
    try:
        value = datetime.fromisoformat(text)
    except ValueError as exc:
        raise typer.BadParameter(f"{text!r}: use 24h, 2d or an ISO time such as 2026-11-26T08:00") from exc
    return value if value.tzinfo else value.replace(tzinfo=UTC)


@digest_app.command("preview")
def preview(
    chat_id: int = typer.Option(..., "--chat-id", help="The Telegram chat id of the subscriber."),
    since: str | None = typer.Option(
        None, help="Period start: 24h, 2d or an ISO time (default: last digest)."
    ),
    language: str | None = typer.Option(None, help="ar or en (default: the subscription's)."),
    topics: str | None = typer.Option(
        None, help="'all', or entity names/ids separated by commas (default: the subscription's)."
    ),
) -> None:
    """Print, as plain text, the digest the chat would get now (every point; Telegram's one message
    holds the best five a section, the rest behind its button).

    Example: briefing digest preview --chat-id 12345 --since 24h --language en --topics "Omar Omsen"
    """
    config = common.settings()
    database = common.database()
    now = utcnow()
    try:
        chosen: frozenset[int] | str | None = "subscription"
        if topics is not None:
            chosen = (
                None
                if topics.strip().lower() == "all"
                else service.resolve_topics(database, topics.split(","))
            )
        digest = service.digest_for_chat(
            database,
            chat_id=chat_id,
            now=now,
            lookback=timedelta(hours=config.digest_lookback_hours),
            since=parse_since(since, now) if since else None,
            language=language,
            topics=chosen,
            send_empty=config.digest_send_empty,
        )
    except BriefingError as exc:
        common.fail(str(exc))
    finally:
        database.dispose()
    if digest.empty:
        common.err.print(
            "nothing new in this period: no message would be sent (BRIEFING_DIGEST_SEND_EMPTY=false)"
        )
        return
    print(plain_text(digest))


def _engine(database: Database, sender: Sender) -> DigestEngine:
    return DigestEngine(database, sender, EngineConfig.from_settings(common.settings()))


@contextlib.contextmanager
def _stopped_by_signals(engine: DigestEngine) -> Iterator[None]:
    """SIGINT and SIGTERM: finish the messages in flight, hand back the rest, exit (a second one: now)."""
    if threading.current_thread() is not threading.main_thread():  # signals only reach the main thread
        yield
        return
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, engine.stop)
    try:
        yield
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)


async def _send_due(database: Database) -> TickReport:
    async with telegram_sender(common.settings()) as sender:
        engine = _engine(database, sender)
        with _stopped_by_signals(engine):
            return await engine.run_once()


@digest_app.command("send-due")
def send_due() -> None:
    """Send every digest due now, once, and exit (for cron; safe to overlap with other workers).

    Example (crontab): * * * * * BRIEFING_TELEGRAM_TOKEN=... briefing digest send-due
    """
    database = common.database_with_token()
    try:
        report = asyncio.run(_send_due(database))
    except BriefingError as exc:
        common.fail(str(exc))
    finally:
        database.dispose()
    common.err.print(f"digests: {report}")
    if report.failed:
        raise typer.Exit(1)


async def _work(database: Database, interval: float, ticks: int | None) -> bool:
    """Tick until ``ticks`` are done or a signal arrives; True when a signal stopped it."""
    loop = asyncio.get_running_loop()
    async with telegram_sender(common.settings()) as sender:
        engine = _engine(database, sender)
        with _stopped_by_signals(engine):
            done = 0
            while not engine.stopping and (ticks is None or done < ticks):
                started = loop.time()
                report = await engine.run_once()
                if report.claimed or report.planned or report.released:
                    common.err.print(f"digests: {report}")
                done += 1
                if ticks is None or done < ticks:
                    await engine.wait_stopped(max(0.0, interval - (loop.time() - started)))
        return engine.stopping


@digest_app.command("worker")
def worker(
    interval: float = typer.Option(60.0, min=1.0, help="Seconds between ticks."),
    ticks: int | None = typer.Option(
        None, min=1, help="Stop after this many ticks (default: run until Ctrl-C)."
    ),
) -> None:
    """Deliver digests every minute without polling Telegram; run as many as you like on PostgreSQL.

    Ctrl-C or SIGTERM stops it within a few seconds: the messages in flight finish and what it had
    claimed goes back to the other workers. A worker killed outright loses its claims after
    BRIEFING_DIGEST_LEASE_SECONDS (60).

    Example: BRIEFING_DATABASE_URL=postgresql+psycopg://... briefing digest worker
    """
    database = common.database_with_token()
    try:
        stopped = asyncio.run(_work(database, interval, ticks))
    except BriefingError as exc:
        common.fail(str(exc))
    except KeyboardInterrupt:  # before the worker was listening for signals: nothing was claimed yet
        stopped = True
    finally:
        database.dispose()
    if stopped:
        common.err.print("worker stopped")

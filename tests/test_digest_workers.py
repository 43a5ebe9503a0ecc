"""Several delivery workers on one database (PostgreSQL and SQLite): every due digest is sent, none twice."""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime

import time_machine
from fake_bot_api import FakeBotApi
from telegram import Bot
from telegram.request import HTTPXRequest
from test_digest_support import Said, add_article, add_group

from bot.digest import service
from bot.digest.engine import DigestEngine, EngineConfig, TickReport
from handlers.digest import TelegramSender
from storage import digests as store
from storage import open_database

SUBSCRIBERS = 120


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def _worker(
    url: str, api: FakeBotApi, name: str, start: threading.Barrier, reports: dict[str, TickReport]
) -> None:
    """One worker process's worth: its own engine, connection pool, event loop and Telegram client."""
    db = open_database(url, migrate=False)

    async def run() -> TickReport:
        request = HTTPXRequest(connection_pool_size=32)
        async with Bot(token=api.token, base_url=api.base_url, request=request) as bot:
            engine = DigestEngine(
                db, TelegramSender(bot), EngineConfig(claim_batch=7, per_chat_interval=0.0), worker_id=name
            )
            start.wait()
            total = TickReport()
            for _ in range(3):  # a few ticks each, overlapping in time
                report = await engine.run_once()
                total.planned += report.planned
                total.claimed += report.claimed
                total.sent += report.sent
            return total

    try:
        reports[name] = asyncio.run(run())
    finally:
        db.dispose()


def test_two_workers_racing_never_send_a_digest_twice(any_db_url: str) -> None:
    """Runs on the real PostgreSQL (FOR UPDATE SKIP LOCKED) and on SQLite (the guarded UPDATE alone)."""
    url = any_db_url
    db = open_database(url)
    with time_machine.travel(utc(2026, 11, 26, 9, 0), tick=True) as clock:
        with db.session() as session:
            article = add_article(
                session,
                outlet="Idlib Post",
                title="Curfew in Harem",
                text="The authorities announced a curfew in Harem until further notice.",
                url="https://idlib.example/curfew",
                seen_at=utc(2026, 11, 26, 12, 0),
                language="en",
            )
            add_group(
                session,
                label="Curfew in Harem",
                status="single-source",
                claims=[Said(article, "The authorities announced a curfew in Harem")],
                created_at=utc(2026, 11, 26, 12, 0),
            )
        for chat_id in range(1, SUBSCRIBERS + 1):
            zone = ("UTC", "+01:00", "Europe/Paris", "Asia/Damascus")[chat_id % 4]
            at = {"UTC": "08:00", "+01:00": "09:00", "Europe/Paris": "09:00", "Asia/Damascus": "11:00"}[zone]
            service.subscribe(
                db,
                chat_id=chat_id,
                chat_kind="private",
                time_text=at,
                zone_text=zone,
                language="en",
                now=datetime.now(UTC),
            )
        clock.move_to(utc(2026, 11, 27, 8, 0, 30))  # all of them are due now (08:00 UTC)

        with FakeBotApi().in_thread() as api:
            barrier = threading.Barrier(2)
            reports: dict[str, TickReport] = {}
            threads = [
                threading.Thread(target=_worker, args=(url, api, name, barrier, reports))
                for name in ("worker-a", "worker-b")
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(120)
            calls = api.calls_to("sendMessage", ok=True)

    chats = [int(call.params["chat_id"]) for call in calls]
    assert sorted(chats) == list(range(1, SUBSCRIBERS + 1))  # everyone once, nobody twice
    assert set(reports) == {"worker-a", "worker-b"}
    assert reports["worker-a"].sent + reports["worker-b"].sent == SUBSCRIBERS
    assert reports["worker-a"].sent > 0 and reports["worker-b"].sent > 0  # they really shared the work
    with db.session() as session:
        rows = store.deliveries(session)
    assert len(rows) == SUBSCRIBERS and {r.state for r in rows} == {"sent"}
    assert {r.claimed_by for r in rows} == {"worker-a", "worker-b"}
    assert all(r.attempts == 1 for r in rows)
    db.dispose()

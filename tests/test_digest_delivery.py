"""Delivering digests exactly once against the fake Bot API: due times, crashes, 429, 403, 5xx, migration."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from fake_bot_api import FakeBotApi
from telegram import Bot
from test_digest_support import Said, add_article, add_group

from bot.digest import service
from bot.digest.engine import DigestEngine, EngineConfig
from bot.digest.ratelimit import SendRateLimiter
from bot.digest.sender import SendOutcome
from handlers.digest import TelegramSender
from handlers.digest_render import take_buttons
from storage import Database
from storage import digests as store

CHAT = 4242
FAST = EngineConfig(backoff_base=0.0, per_chat_interval=0.0)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as server:
        yield server


@pytest.fixture
async def bot(api: FakeBotApi) -> AsyncIterator[Bot]:
    async with Bot(token=api.token, base_url=api.base_url) as telegram_bot:
        yield telegram_bot


def seed_story(db: Database, seen_at: datetime) -> None:
    with db.session() as session:
        a = add_article(
            session,
            outlet="Idlib Post",
            title="Security operation near the camp in Harem",
            text="The internal security said the operation targets a wanted cell. Clashes lasted hours.",
            url="https://idlib.example/op",
            seen_at=seen_at,
            language="en",
        )
        b = add_article(
            session,
            outlet="Levant Wire",
            title="Harem: operation continues",
            text="A security official said the operation targets a wanted cell inside the camp.",
            url="https://levant.example/harem",
            seen_at=seen_at + timedelta(minutes=5),
            language="en",
        )
        add_group(
            session,
            label="The operation targets a wanted cell",
            status="corroborated",
            claims=[
                Said(a, "the operation targets a wanted cell", speaker="The internal security"),
                Said(b, "the operation targets a wanted cell inside the camp", speaker="A security official"),
            ],
            created_at=seen_at,
        )


def subscribe(db: Database, chat_id: int = CHAT, at: str = "08:00", zone: str = "Europe/Paris") -> None:
    service.subscribe(
        db, chat_id=chat_id, chat_kind="private", time_text=at, zone_text=zone, language="en", now=utcnow()
    )


def utcnow() -> datetime:
    return datetime.now(UTC)


def engine(db: Database, bot: Bot, config: EngineConfig = FAST, **kwargs: object) -> DigestEngine:
    return DigestEngine(db, TelegramSender(bot), config, **kwargs)  # type: ignore[arg-type]


def rows(db: Database) -> list[store.DeliveryView]:
    with db.session() as session:
        return store.deliveries(session)


async def test_due_digest_is_sent_at_local_time_once_and_empty_days_send_nothing(
    db: Database, api: FakeBotApi, bot: Bot
) -> None:
    with time_machine.travel(utc(2026, 11, 26, 9, 0), tick=True) as clock:
        subscribe(db)  # 08:00 Paris = 07:00 UTC in November
        seed_story(db, utc(2026, 11, 26, 12, 0))
        worker = engine(db, bot)
        clock.move_to(utc(2026, 11, 27, 6, 59))
        assert (await worker.run_once()).claimed == 0
        assert api.sent_texts(CHAT) == []

        clock.move_to(utc(2026, 11, 27, 7, 0, 20))
        report = await worker.run_once()
        assert report.sent == 1
        [text] = api.sent_texts(CHAT)
        assert "Idlib Post" in text and "Levant Wire" in text
        assert 'href="https://idlib.example/op"' in text
        assert "the operation targets a wanted cell" in text

        # Later ticks the same day, and another worker, send nothing more.
        clock.move_to(utc(2026, 11, 27, 7, 5))
        await worker.run_once()
        await engine(db, bot).run_once()
        assert len(api.sent_texts(CHAT)) == 1
        [row] = rows(db)
        assert (row.state, row.period_key, row.attempts) == ("sent", "2026-11-27", 1)

        # Next day: nothing first seen since the last digest, so nothing is sent (the default).
        clock.move_to(utc(2026, 11, 28, 7, 1))
        await worker.run_once()
        assert len(api.sent_texts(CHAT)) == 1
        assert [(r.period_key, r.state, r.last_error) for r in rows(db)][-1] == (
            "2026-11-28",
            "skipped",
            "nothing new",
        )


async def test_digest_that_fell_due_while_down_is_sent_within_grace_but_not_after(
    db: Database, api: FakeBotApi, bot: Bot
) -> None:
    with time_machine.travel(utc(2026, 11, 26, 9, 0), tick=True) as clock:
        subscribe(db)
        seed_story(db, utc(2026, 11, 26, 12, 0))
        clock.move_to(utc(2026, 11, 27, 11, 0))  # down from 07:00 to 11:00: within 6 h
        await engine(db, bot).run_once()
        assert len(api.sent_texts(CHAT)) == 1

        seed_story_two = utc(2026, 11, 27, 15, 0)
        with db.session() as session:
            add_article(
                session,
                outlet="Idlib Post",
                title="Curfew lifted in Harem",
                text="Authorities lifted the curfew in Harem on Thursday evening.",
                url="https://idlib.example/curfew",
                seen_at=seed_story_two,
                language="en",
            )
        clock.move_to(utc(2026, 11, 28, 20, 0))  # 13 h late: outside the grace window
        await engine(db, bot).run_once()
        assert len(api.sent_texts(CHAT)) == 1
        last = rows(db)[-1]
        assert last.state == "skipped" and "missed" in (last.last_error or "")

        # The missed period is not lost: the next digest covers everything since the last one sent.
        clock.move_to(utc(2026, 11, 29, 7, 0, 30))
        await engine(db, bot).run_once()
        texts = api.sent_texts(CHAT)
        assert len(texts) == 2 and "Curfew lifted in Harem" in texts[1]


class Crash(BaseException):
    """Stands for the process dying: not an Exception, so nothing in the engine catches it."""


class CrashAfterAccept:
    """Telegram accepts the message, then the process dies before recording it."""

    def __init__(self, inner: TelegramSender) -> None:
        self.inner = inner
        self.render = inner.render

    async def send(self, chat_id: int, html: str) -> SendOutcome:
        await self.inner.send(chat_id, html)
        raise Crash


async def test_crash_between_compose_and_send_sends_once_after_restart(
    db: Database, api: FakeBotApi, bot: Bot
) -> None:
    with time_machine.travel(utc(2026, 11, 26, 9, 0), tick=True) as clock:
        subscribe(db)
        seed_story(db, utc(2026, 11, 26, 12, 0))
        clock.move_to(utc(2026, 11, 27, 7, 0, 30))
        first = engine(db, bot)
        # The first worker plans, claims and composes (fixing the text on the row), then dies.
        first.plan(utcnow())
        claimed = first._claim(utcnow())
        from bot.digest.compose import Composer
        from bot.digest.engine import TickReport

        prepared = first._prepare(claimed, Composer(load=first._load_period), TickReport())
        assert len(prepared) == 1 and api.sent_texts(CHAT) == []
        composed = prepared[0][1]

        # New articles arrive before the restart: the resend still sends what was composed.
        with db.session() as session:
            add_article(
                session,
                outlet="Levant Wire",
                title="Late news",
                text="Something else happened later that morning.",
                url="https://levant.example/late",
                seen_at=utcnow(),
                language="en",
            )
        second = engine(db, bot)
        assert await second.start() == 1
        await second.run_once()
        await engine(db, bot).run_once()
        assert api.sent_texts(CHAT) == [take_buttons(part)[0] for part in composed]  # its buttons apart
        [row] = rows(db)
        assert row.state == "sent" and row.attempts == 2


async def test_crash_after_telegram_accepted_resends_at_most_once_and_logs_it(
    db: Database, api: FakeBotApi, bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    with time_machine.travel(utc(2026, 11, 26, 9, 0), tick=True) as clock:
        subscribe(db)
        seed_story(db, utc(2026, 11, 26, 12, 0))
        clock.move_to(utc(2026, 11, 27, 7, 0, 30))
        doomed = DigestEngine(db, CrashAfterAccept(TelegramSender(bot)), FAST)
        with pytest.raises(Crash):
            await doomed.run_once()
        assert len(api.sent_texts(CHAT)) == 1

        with caplog.at_level(logging.WARNING, logger="bot.digest.engine"):
            restarted = engine(db, bot)
            await restarted.start()
            await restarted.run_once()
        assert len(api.sent_texts(CHAT)) == 2  # the documented once-at-most resend
        assert any("may" in r.message or "twice" in r.message for r in caplog.records)

        # Recorded now: no further restart sends it again.
        again = engine(db, bot)
        await again.start()
        await again.run_once()
        assert len(api.sent_texts(CHAT)) == 2
        assert rows(db)[0].state == "sent"


async def test_crash_after_send_recorded_does_not_resend(db: Database, api: FakeBotApi, bot: Bot) -> None:
    with time_machine.travel(utc(2026, 11, 26, 9, 0), tick=True) as clock:
        subscribe(db)
        seed_story(db, utc(2026, 11, 26, 12, 0))
        clock.move_to(utc(2026, 11, 27, 7, 0, 30))
        await engine(db, bot).run_once()
        for _ in range(2):  # two restarts
            restarted = engine(db, bot)
            assert await restarted.start() == 0
            await restarted.run_once()
        assert len(api.sent_texts(CHAT)) == 1


async def test_stale_claim_of_a_dead_worker_is_taken_over_after_the_lease(
    db: Database, api: FakeBotApi, bot: Bot
) -> None:
    with time_machine.travel(utc(2026, 11, 26, 9, 0), tick=True) as clock:
        subscribe(db)
        seed_story(db, utc(2026, 11, 26, 12, 0))
        clock.move_to(utc(2026, 11, 27, 7, 0, 30))
        dead = engine(db, bot, worker_id="dead")
        dead.plan(utcnow())
        assert len(dead._claim(utcnow())) == 1
        other = engine(db, bot)
        await other.run_once()  # within the lease: the row is left alone
        assert api.sent_texts(CHAT) == []
        clock.move_to(utc(2026, 11, 27, 7, 12))
        await other.run_once()
        assert len(api.sent_texts(CHAT)) == 1


async def test_429_waits_retry_after_then_sends(db: Database, api: FakeBotApi, bot: Bot) -> None:
    with time_machine.travel(utc(2026, 11, 26, 9, 0), tick=True) as clock:
        subscribe(db)
        seed_story(db, utc(2026, 11, 26, 12, 0))
        clock.move_to(utc(2026, 11, 27, 7, 0, 30))
        api.fail("sendMessage", status=429, retry_after=1)
        report = await engine(db, bot).run_once()
        calls = api.calls_to("sendMessage")
        assert [c.status for c in calls] == [429, 200]
        assert calls[1].at - calls[0].at >= 0.95
        assert report.sent == 1 and rows(db)[0].attempts == 1


async def test_long_429_releases_the_row_until_retry_after(db: Database, api: FakeBotApi, bot: Bot) -> None:
    with time_machine.travel(utc(2026, 11, 26, 9, 0), tick=True) as clock:
        subscribe(db)
        seed_story(db, utc(2026, 11, 26, 12, 0))
        clock.move_to(utc(2026, 11, 27, 7, 0, 30))
        api.fail("sendMessage", status=429, retry_after=120)
        # The limiter's clock follows the travelling wall clock, so its 120 s hold passes with it.
        worker = engine(db, bot, limiter=SendRateLimiter(per_chat_interval=0.0, clock=time.time))
        await worker.run_once()
        [row] = rows(db)
        assert row.state == "pending" and "retry after 120" in (row.last_error or "")
        clock.move_to(utc(2026, 11, 27, 7, 3))
        await worker.run_once()
        assert len(api.sent_texts(CHAT)) == 1 and rows(db)[0].state == "sent"


async def test_403_deactivates_the_subscriber(db: Database, api: FakeBotApi, bot: Bot) -> None:
    with time_machine.travel(utc(2026, 11, 26, 9, 0), tick=True) as clock:
        subscribe(db)
        seed_story(db, utc(2026, 11, 26, 12, 0))
        clock.move_to(utc(2026, 11, 27, 7, 0, 30))
        api.fail("sendMessage", status=403, chat_id=CHAT, times=None)
        report = await engine(db, bot).run_once()
        assert report.blocked == 1
        [row] = rows(db)
        assert row.state == "failed" and "blocked" in (row.last_error or "")
        assert service.subscription(db, chat_id=CHAT).active is False  # type: ignore[union-attr]
        clock.move_to(utc(2026, 11, 28, 7, 0, 30))
        await engine(db, bot).run_once()
        assert len(api.calls_to("sendMessage")) == 1  # never written to again


async def test_5xx_retries_with_backoff_then_succeeds(db: Database, api: FakeBotApi, bot: Bot) -> None:
    with time_machine.travel(utc(2026, 11, 26, 9, 0), tick=True) as clock:
        subscribe(db)
        seed_story(db, utc(2026, 11, 26, 12, 0))
        clock.move_to(utc(2026, 11, 27, 7, 0, 30))
        api.fail("sendMessage", status=502, times=2)
        worker = engine(db, bot, replace(FAST, backoff_base=30.0))
        await worker.run_once()
        [row] = rows(db)
        assert row.state == "pending" and row.attempts == 1
        for minute in (1, 2):  # backoff 30 s, then 60 s
            clock.move_to(utc(2026, 11, 27, 7, minute * 2, 30))
            await worker.run_once()
        assert [c.status for c in api.calls_to("sendMessage")] == [502, 502, 200]
        assert rows(db)[0].state == "sent" and rows(db)[0].attempts == 3


async def test_5xx_forever_fails_with_the_reason(db: Database, api: FakeBotApi, bot: Bot) -> None:
    with time_machine.travel(utc(2026, 11, 26, 9, 0), tick=True) as clock:
        subscribe(db)
        seed_story(db, utc(2026, 11, 26, 12, 0))
        clock.move_to(utc(2026, 11, 27, 7, 0, 30))
        api.fail("sendMessage", status=500, times=None)
        report = await engine(db, bot, replace(FAST, max_attempts=3)).run_once()
        assert report.failed == 1
        [row] = rows(db)
        assert row.state == "failed" and row.attempts == 3
        assert "gave up after 3 attempts" in (row.last_error or "")
        assert "Internal Server Error" in (row.last_error or "")


async def test_migrated_group_moves_the_subscription_and_retries(
    db: Database, api: FakeBotApi, bot: Bot
) -> None:
    with time_machine.travel(utc(2026, 11, 26, 9, 0), tick=True) as clock:
        service.subscribe(
            db,
            chat_id=-55,
            chat_kind="group",
            time_text="08:00",
            zone_text="+01:00",
            language="en",
            now=utcnow(),
        )
        seed_story(db, utc(2026, 11, 26, 12, 0))
        clock.move_to(utc(2026, 11, 27, 7, 0, 30))
        api.fail("sendMessage", status=400, chat_id=-55, migrate_to_chat_id=-100555)
        report = await engine(db, bot).run_once()
        assert report.sent == 1 and report.migrated == 1
        assert len(api.sent_texts(-100555)) == 1
        assert service.subscription(db, chat_id=-55) is None
        moved = service.subscription(db, chat_id=-100555)
        assert moved is not None and moved.active and moved.last_period_end == utc(2026, 11, 27, 7, 0)


async def test_many_subscribers_stay_within_telegram_limits(db: Database, api: FakeBotApi, bot: Bot) -> None:
    api.enforce_limits(global_per_second=30, per_chat_per_second=1)
    with time_machine.travel(utc(2026, 11, 26, 9, 0), tick=True) as clock:
        for chat_id in range(1, 46):
            subscribe(db, chat_id=chat_id, at="08:00", zone="UTC")
        seed_story(db, utc(2026, 11, 26, 12, 0))
        clock.move_to(utc(2026, 11, 27, 8, 0, 30))
        report = await engine(db, bot, EngineConfig()).run_once()
    assert report.sent == 45
    assert api.rate_limited == 0
    assert len(api.calls_to("sendMessage", ok=True)) == 45


async def test_a_digest_that_keeps_crashing_the_worker_is_given_up(
    db: Database, api: FakeBotApi, bot: Bot
) -> None:
    with time_machine.travel(utc(2026, 11, 26, 9, 0), tick=True) as clock:
        subscribe(db)
        seed_story(db, utc(2026, 11, 26, 12, 0))
        clock.move_to(utc(2026, 11, 27, 7, 0, 30))
        config = replace(FAST, max_attempts=2)
        for _ in range(2):
            doomed = DigestEngine(db, CrashAfterAccept(TelegramSender(bot)), config)
            await doomed.start()
            with pytest.raises(Crash):
                await doomed.run_once()
        survivor = engine(db, bot, config)
        await survivor.start()
        report = await survivor.run_once()
        assert report.failed == 1
        [row] = rows(db)
        assert row.state == "failed" and "worker stopped while sending" in (row.last_error or "")
        assert len(api.sent_texts(CHAT)) == 2


async def test_each_subscriber_gets_their_topics_and_language(
    db: Database, api: FakeBotApi, bot: Bot
) -> None:
    from test_digest_support import add_entity, follow

    with time_machine.travel(utc(2026, 11, 26, 9, 0), tick=True) as clock:
        for chat_id in (1, 2, 3):
            subscribe(db, chat_id=chat_id, zone="UTC")
        service.change_settings(db, chat_id=2, now=utcnow(), language="ar")
        service.change_settings(db, chat_id=3, now=utcnow(), all_topics=False)
        seen = utc(2026, 11, 26, 12, 0)
        with db.session() as session:
            followed = add_entity(session, "Harem council", "organisation")
            other = add_entity(session, "Camp residents", "group")
            follow(session, 3, followed)
            a = add_article(
                session,
                outlet="Idlib Post",
                title="Council statement",
                text="The Harem council said water supplies were restored to the town.",
                url="https://idlib.example/water",
                seen_at=seen,
                language="en",
            )
            b = add_article(
                session,
                outlet="Levant Wire",
                title="Residents leave",
                text="Camp residents said dozens of families left during the night.",
                url="https://levant.example/leave",
                seen_at=seen,
                language="en",
            )
            add_group(
                session,
                label="Water restored",
                status="single-source",
                claims=[Said(a, "water supplies were restored to the town", entities=(followed,))],
                created_at=seen,
            )
            add_group(
                session,
                label="Families left",
                status="single-source",
                claims=[Said(b, "dozens of families left during the night", entities=(other,))],
                created_at=seen,
            )
        clock.move_to(utc(2026, 11, 27, 8, 0, 30))
        report = await engine(db, bot).run_once()
    assert report.sent == 3
    [everything], [arabic], [topical] = api.sent_texts(1), api.sent_texts(2), api.sent_texts(3)
    assert "water supplies" in everything and "families left" in everything and "New claims" in everything
    assert "ادعاءات جديدة" in arabic and "families left" in arabic
    assert "water supplies" in topical and "families left" not in topical

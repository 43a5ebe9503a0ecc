"""Digest benchmark: compose for 10,000 subscribers over a 100k-claim store; deliver 1,000 messages.

Run: .venv/bin/python bench/digest.py  [--claims 100000] [--subscribers 10000] [--messages 1000]

Prints the seconds to compose every subscriber's digest (goal < 20 s; subscribers sharing topics,
language and period share one composition) and the delivery rate to a fake Bot API server that
enforces Telegram's limits (30 messages/s overall, 1/s per chat) and counts its 429s (goal >= 25/s, 0).
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from multiprocessing.connection import Connection
from pathlib import Path

from sqlalchemy import insert

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the fake Bot API server lives with the tests

from fake_bot_api import FakeBotApi  # noqa: E402

from bot.config import load_settings  # noqa: E402
from bot.digest.compose import Composer  # noqa: E402
from bot.digest.engine import DigestEngine, EngineConfig  # noqa: E402
from handlers.digest import telegram_sender  # noqa: E402
from handlers.digest_render import digest_messages  # noqa: E402
from storage import Database, open_database  # noqa: E402
from storage import digests as store  # noqa: E402
from storage.models import (  # noqa: E402
    Article,
    Chat,
    Claim,
    ClaimEntity,
    ClaimGroup,
    Entity,
    Follow,
    Outlet,
    Subscription,
)

NOW = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
PERIOD = timedelta(hours=24)
DAYS = 5  # the store spans five days; one day of it is new for everyone
CLAIMS_PER_ARTICLE = 4
STORY_ENTITIES = 60  # what people follow
PLACES = ("حارم", "إدلب", "سرمدا", "Harem", "Idlib")


def build_store(db: Database, claims: int, rng: random.Random) -> None:
    """Outlets, entities, articles, claim groups, claims and their entity links, inserted in bulk."""
    articles = claims // CLAIMS_PER_ARTICLE
    with db.session() as s:
        s.execute(
            insert(Outlet), [{"id": i, "name": f"Outlet {i}", "key": f"outlet-{i}"} for i in range(1, 41)]
        )
        s.execute(
            insert(Entity),
            [{"id": i, "name": f"Entity {i}", "kind": "person", "key": f"entity {i}"} for i in range(1, 301)],
        )
        article_rows, claim_rows, link_rows = [], [], []
        groups = claims // 3
        group_rows = []
        for g in range(1, groups + 1):
            created = NOW - timedelta(seconds=rng.uniform(0, DAYS * 86400))
            status = rng.choices(("single-source", "corroborated", "disputed"), (6, 3, 1))[0]
            group_rows.append(
                {
                    "id": g,
                    "label": f"Proposition {g} about the operation",
                    "status": status,
                    "outlet_count": 1 if status == "single-source" else rng.randint(2, 6),
                    "created_at": created,
                    "updated_at": created,
                }
            )
        claim_id = 0
        for a in range(1, articles + 1):
            arabic = a % 2 == 0
            seen = NOW - timedelta(seconds=rng.uniform(0, DAYS * 86400))
            sentences = []
            for k in range(CLAIMS_PER_ARTICLE):
                place = rng.choice(PLACES)
                sentences.append(
                    f"قال مصدر محلي رقم {a}-{k} إن الطوق حول المخيم في {place} مستمر."
                    if arabic
                    else f"Local source {a}-{k} said the cordon around the camp in {place} continues."
                )
            text = " ".join(sentences)
            article_rows.append(
                {
                    "id": a,
                    "url": f"https://outlet{a % 40 + 1}.example/{a}",
                    "source": f"https://outlet{a % 40 + 1}.example/{a}",
                    "outlet_id": a % 40 + 1,
                    "title": f"Report {a} on the camp" if not arabic else f"تقرير {a} عن المخيم",
                    "language": "ar" if arabic else "en",
                    "text": text,
                    "content_hash": f"h{a}",
                    "fingerprint": f"f{a}",
                    "is_correction": a % 97 == 0,
                    "is_current": True,
                    "first_seen_at": seen,
                }
            )
            offset = 0
            for sentence in sentences:
                claim_id += 1
                claim_rows.append(
                    {
                        "id": claim_id,
                        "article_id": a,
                        "group_id": rng.randint(1, groups),
                        "start_offset": offset,
                        "end_offset": offset + len(sentence),
                        "normalised": sentence,
                        "proposition": sentence,
                        "speaker": "مصدر محلي" if arabic else "Local source",
                        "stance": "denied" if rng.random() < 0.1 else "affirmed",
                        "kind": "reported",
                        "outlet_id": a % 40 + 1,
                        "created_at": seen,
                    }
                )
                for entity in {rng.randint(1, STORY_ENTITIES), rng.randint(1, 300)}:
                    link_rows.append({"claim_id": claim_id, "entity_id": entity})
                offset += len(sentence) + 1
        s.execute(insert(ClaimGroup), group_rows)
        s.execute(insert(Article), article_rows)
        s.execute(insert(Claim), claim_rows)
        s.execute(insert(ClaimEntity), link_rows)


def add_subscribers(db: Database, count: int, rng: random.Random, *, first_id: int = 1) -> None:
    """60% everything (half Arabic, half English), 40% following 1 to 5 story entities."""
    chats, subs, follows = [], [], []
    for chat_id in range(first_id, first_id + count):
        everything = rng.random() < 0.6
        chats.append({"id": chat_id, "kind": "private", "active": True})
        subs.append(
            {
                "chat_id": chat_id,
                "local_time": "08:00",
                "timezone": "UTC",
                "language": rng.choice(("ar", "en")),
                "all_topics": everything,
                "active": True,
                "last_period_end": NOW - PERIOD,
                "next_due_at": NOW,
            }
        )
        if not everything:
            for entity in rng.sample(range(1, STORY_ENTITIES + 1), rng.randint(1, 5)):
                follows.append({"chat_id": chat_id, "entity_id": entity})
    with db.session() as s:
        s.execute(insert(Chat), chats)
        s.execute(insert(Subscription), subs)
        if follows:
            s.execute(insert(Follow), follows)


def compose_all(db: Database) -> tuple[float, int, int, int]:
    """Compose and render every subscriber's digest as the engine does.

    Returns (seconds, subscribers, digests, messages).
    """
    started = time.perf_counter()
    with db.session() as s:
        subs = store.all_subscriptions(s)
        topics = store.followed_by_chats(s, [x.chat_id for x in subs if not x.all_topics])

    def load(start: datetime, end: datetime) -> store.PeriodData:
        with db.session() as session:
            return store.load_period(session, start=start, end=end)

    composer = Composer(load=load)
    messages = 0
    for sub in subs:
        assert sub.last_period_end is not None
        parts = composer.messages(
            digest_messages,
            start=sub.last_period_end,
            end=NOW,
            language=sub.language,
            topics=None if sub.all_topics else topics.get(sub.chat_id, frozenset()),
        )
        messages += len(parts)
    return time.perf_counter() - started, len(subs), composer.stats[1], messages


def serve_fake_telegram(conn: Connection) -> None:
    """Child process: the fake Bot API enforcing Telegram's limits until told to stop; reports its counts."""
    with FakeBotApi().in_thread() as api:
        api.enforce_limits(global_per_second=30, per_chat_per_second=1)
        conn.send((api.token, api.base_url))
        conn.recv()
        conn.send((api.rate_limited, len(api.calls_to("sendMessage", ok=True))))


async def deliver(db: Database, token: str, base_url: str) -> tuple[float, int]:
    """Send what is due through the real engine and python-telegram-bot; (seconds, messages)."""
    settings = load_settings(telegram_token=token, telegram_api_url=base_url, database_url="sqlite://")
    async with telegram_sender(settings) as sender:
        engine = DigestEngine(db, sender, EngineConfig(), clock=lambda: NOW + timedelta(seconds=30))
        started = time.perf_counter()
        report = await engine.run_once()
        return time.perf_counter() - started, report.messages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--messages", type=int, default=1_000)
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temporary folder")
    args = parser.parse_args()
    rng = random.Random(7)

    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(args.database_url or f"sqlite:///{tmp}/bench.db")
        started = time.perf_counter()
        build_store(db, args.claims, rng)
        add_subscribers(db, args.subscribers, rng)
        built = time.perf_counter() - started
        print(f"store: {args.claims} claims, {args.subscribers} subscribers built in {built:.1f} s")
        seconds, subscribers, digests, messages = compose_all(db)
        print(
            f"compose: {subscribers} subscribers in {seconds:.2f} s "
            f"({digests} distinct digests, {messages} messages; goal < 20 s)"
        )
        db.dispose()

        # Delivery: a small store whose digest is one message, so N subscribers make N messages.
        small = open_database(f"sqlite:///{tmp}/deliver.db")
        build_store(small, 40, rng)
        add_subscribers(small, args.messages, rng)
        with small.session() as s:  # everyone gets a one-message digest of everything
            s.execute(Subscription.__table__.update().values(all_topics=True))
        # The fake Telegram runs in its own process, as the real one is elsewhere: no shared interpreter lock.
        parent, child = multiprocessing.Pipe()
        server = multiprocessing.Process(target=serve_fake_telegram, args=(child,), daemon=True)
        server.start()
        token, base_url = parent.recv()
        seconds, sent = asyncio.run(deliver(small, token, base_url))
        parent.send("stop")
        rate_limited, accepted = parent.recv()
        server.join(10)
        print(
            f"deliver: {sent} messages in {seconds:.1f} s = {sent / seconds:.1f} messages/s, "
            f"{rate_limited} answered 429 by the limits, {accepted} accepted (goal >= 25/s, 0 x 429)"
        )
        small.dispose()


if __name__ == "__main__":
    main()

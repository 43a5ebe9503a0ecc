"""What each outcome of one send does to its delivery: the steps of the engine's send loop, one by one.

A scripted sender plays Telegram's answers in order, so each step's rule is seen on its own.
"""

from __future__ import annotations

from dataclasses import replace

import time_machine
from test_digest_delivery import FAST, rows, seed_story, subscribe, utc

from bot.digest.engine import DigestEngine, EngineConfig, TickReport
from bot.digest.sender import Blocked, Migrated, PermanentError, RetryAfter, SendOutcome, Sent, TransientError
from handlers.digest_render import digest_messages
from storage import Database


class Scripted:
    """A sender that answers with ``outcomes`` in turn (then accepts everything) and records the chats."""

    def __init__(self, *outcomes: SendOutcome) -> None:
        self.outcomes = list(outcomes)
        self.chats: list[int] = []

    render = staticmethod(digest_messages)

    async def send(self, chat_id: int, html: str) -> SendOutcome:
        self.chats.append(chat_id)
        return self.outcomes.pop(0) if self.outcomes else Sent(len(self.chats))


async def run(
    db: Database, sender: Scripted, config: EngineConfig = FAST
) -> tuple[TickReport, str, str | None]:
    with time_machine.travel(utc(2026, 11, 26, 9, 0), tick=True) as clock:
        subscribe(db)
        seed_story(db, utc(2026, 11, 26, 12, 0))
        clock.move_to(utc(2026, 11, 27, 7, 0, 30))
        report = await DigestEngine(db, sender, config).run_once()  # type: ignore[arg-type]
    [row] = rows(db)
    return report, row.state, row.last_error


async def test_a_short_429_is_waited_out_in_place_and_the_digest_sent(db: Database) -> None:
    sender = Scripted(RetryAfter(0.01))
    report, state, _ = await run(db, sender)
    assert state == "sent" and report.sent == 1 and report.retried == 0


async def test_too_many_429s_release_the_row_until_retry_after(db: Database) -> None:
    # The last wait is long: a loaded machine must not reach it within the same tick and send after all.
    sender = Scripted(RetryAfter(0.01), RetryAfter(0.01), RetryAfter(30))
    report, state, error = await run(db, sender, replace(FAST, max_flood_retries=2))
    assert report.retried == 1 and state == "pending"
    assert error is not None and error.startswith("flood control: retry after")


async def test_a_chat_that_migrates_more_than_twice_in_one_delivery_fails_it(db: Database) -> None:
    sender = Scripted(Migrated(-101), Migrated(-102), Migrated(-103))
    report, state, error = await run(db, sender)
    assert sender.chats[1:] == [-101, -102]  # each move is followed to the new chat
    assert report.migrated == 2 and report.failed == 1 and state == "failed"
    assert error == "chat migrated more than twice in one delivery"


async def test_a_transient_error_releases_the_row_for_a_retry_after_its_backoff(db: Database) -> None:
    sender = Scripted(TransientError("502"))
    report, state, _ = await run(db, sender)  # no backoff here: retried within the same tick
    assert report.retried == 1 and report.sent == 1 and state == "sent" and len(sender.chats) == 2


async def test_a_transient_error_on_the_last_attempt_fails_with_the_reason(db: Database) -> None:
    report, state, error = await run(db, Scripted(TransientError("502")), replace(FAST, max_attempts=1))
    assert report.failed == 1 and state == "failed"
    assert error == "gave up after 1 attempts: 502"


async def test_a_block_and_a_rejection_end_the_delivery_with_their_reason(db: Database) -> None:
    report, state, error = await run(db, Scripted(Blocked("bot was blocked by the user")))
    assert report.blocked == 1 and state == "failed" and error == "blocked: bot was blocked by the user"


async def test_a_rejected_message_fails_the_delivery(db: Database) -> None:
    report, state, error = await run(db, Scripted(PermanentError("message is too long")))
    assert report.failed == 1 and state == "failed" and error == "rejected by Telegram: message is too long"

"""The delivery engine: plan due digests from the database, claim them, compose once, send exactly once.

Every tick reads the truth from the database (no job per subscriber), so a restart, a crash or a second
worker loses nothing: a delivery row is unique per subscriber and local date, a worker only touches rows
it claimed (compare-and-set), and a row becomes ``sent`` only after Telegram accepted its last message.

A row is a whole digest: one worker sends all its messages one after the other. While a worker works it
renews its claims (a lease of ``EngineConfig.lease``, renewed every third of it), so a worker that dies
(``kill -9``) loses its rows to the others within about one lease, and only the message that was in
flight may reach the chat twice. A worker told to stop (``DigestEngine.stop``) starts no new digest,
lets the messages in flight finish, and hands back at once what it still holds.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from bot.config import Settings
from bot.digest.compose import Composer
from bot.digest.ratelimit import SendRateLimiter
from bot.digest.readers import followed_stories
from bot.digest.schedule import (
    Occurrence,
    ScheduleError,
    latest_occurrence,
    next_occurrence,
    parse_time,
    parse_zone,
)
from bot.digest.sender import (
    Blocked,
    Migrated,
    PermanentError,
    RetryAfter,
    Sender,
    SendOutcome,
    Sent,
    TransientError,
)
from storage import Database
from storage import digests as store
from storage.types import utcnow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

logger = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class EngineConfig:
    """How the engine schedules, retries and paces; ``from_settings`` reads the operator's choices."""

    grace: timedelta = timedelta(hours=6)
    lookback: timedelta = timedelta(hours=24)
    send_empty: bool = False
    lease: timedelta = timedelta(seconds=60)  # a claim not renewed for this long belongs to a dead worker
    max_attempts: int = 5
    backoff_base: float = 30.0
    backoff_cap: float = 900.0
    max_inline_wait: float = 30.0  # longer 429 waits release the row instead of holding a slot
    max_flood_retries: int = 5
    claim_batch: int = 200
    concurrency: int = 40
    per_second: int = 30
    per_chat_interval: float = 1.02
    stop_grace: float = 2.5  # after a stop, a digest already begun may finish within this many seconds
    stop_timeout: float = 3.5  # then messages still in flight are abandoned (each may reach its chat twice)

    @property
    def renew_every(self) -> float:
        """Seconds between lease renewals: three chances to renew before the lease runs out."""
        return self.lease.total_seconds() / 3

    @classmethod
    def from_settings(cls, settings: Settings, **overrides: object) -> EngineConfig:
        """Grace, lookback, empty-digest policy and lease from BRIEFING_DIGEST_* settings."""
        base = cls(
            grace=timedelta(hours=settings.digest_grace_hours),
            lookback=timedelta(hours=settings.digest_lookback_hours),
            send_empty=settings.digest_send_empty,
            lease=timedelta(seconds=settings.digest_lease_seconds),
        )
        return dataclasses.replace(base, **overrides)  # type: ignore[arg-type]

    def backoff(self, attempts: int) -> timedelta:
        """Exponential backoff after ``attempts`` failed tries, capped."""
        return timedelta(seconds=min(self.backoff_cap, self.backoff_base * 2 ** max(0, attempts - 1)))


@dataclass
class TickReport:
    """What one tick did, for logs, the CLI and tests."""

    planned: int = 0
    missed: int = 0
    expired: int = 0
    recovered: int = 0
    claimed: int = 0
    sent: int = 0
    messages: int = 0
    empty: int = 0
    retried: int = 0
    failed: int = 0
    blocked: int = 0
    migrated: int = 0
    released: int = 0  # handed back unsent (or half sent) on stop, for the next worker
    errors: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = (
            f"planned {self.planned}, claimed {self.claimed}, sent {self.sent} ({self.messages} messages), "
            f"empty {self.empty}, retrying {self.retried}, failed {self.failed}, blocked {self.blocked}, "
            f"missed {self.missed + self.expired}, recovered {self.recovered}"
        )
        return f"{text}, released {self.released}" if self.released else text


_Prepared = tuple[store.ClaimedDelivery, tuple[str, ...]]  # a claimed row and the messages it sends


@dataclass
class _Tick:
    """What the producer and the senders of one tick share."""

    report: TickReport
    composer: Composer
    queue: asyncio.Queue[_Prepared]
    finished: asyncio.Event = field(default_factory=asyncio.Event)  # nothing more will be queued
    returned: asyncio.Event = field(default_factory=asyncio.Event)  # a dead worker's rows were taken back


@dataclass
class _Sending:
    """One delivery on its way: the next part to send, the chat it goes to, and the retries so far."""

    row: store.ClaimedDelivery
    parts: tuple[str, ...]
    chat_id: int
    index: int
    flood_retries: int = 0
    migrations: int = 0


async def _unless(awaitable: Awaitable[R], *events: asyncio.Event) -> tuple[bool, R | None]:
    """Await ``awaitable`` unless one of ``events`` is set first: then cancel it and give (False, None)."""
    task = asyncio.ensure_future(awaitable)
    waiters = [asyncio.create_task(event.wait()) for event in events]
    try:
        await asyncio.wait({task, *waiters}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()
        if not task.done():
            task.cancel()
            await asyncio.wait({task})
    if task.cancelled():
        return False, None
    return True, task.result()


def _messages_json(parts: tuple[str, ...]) -> str:
    """The form stored on the delivery row, so a resend sends exactly the same text."""
    return json.dumps(list(parts), ensure_ascii=False)


def _messages_from_json(content: str) -> tuple[str, ...]:
    """The messages stored by ``_messages_json``."""
    value = json.loads(content)
    if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
        raise ValueError("delivery content is not a JSON list of messages")
    return tuple(value)


def default_worker_id() -> str:
    """host:pid:random, unique per process run, recorded on every claim."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class DigestEngine:
    """Plans, claims, composes and sends digests through a ``Sender``; safe to run in many processes."""

    def __init__(
        self,
        db: Database,
        sender: Sender,
        config: EngineConfig | None = None,
        *,
        worker_id: str | None = None,
        limiter: SendRateLimiter | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.db = db
        self.sender = sender
        self.config = config or EngineConfig()
        self.worker_id = worker_id or default_worker_id()
        self.limiter = limiter or SendRateLimiter(
            per_second=self.config.per_second, per_chat_interval=self.config.per_chat_interval
        )
        self.clock = clock
        self._tick_lock = asyncio.Lock()
        self._stopping = asyncio.Event()  # no new digest starts
        self._grace_over = asyncio.Event()  # no digest already begun continues either
        self._deadline = asyncio.Event()  # messages still in flight are abandoned

    # --- stopping ---------------------------------------------------------------------------------------

    @property
    def stopping(self) -> bool:
        """True once ``stop`` was called."""
        return self._stopping.is_set()

    def stop(self) -> None:
        """Stop soon (a signal handler calls this): claim nothing more and start no new digest.

        The messages in flight finish and are recorded; a digest already begun may send its other parts
        for ``stop_grace`` seconds; after ``stop_timeout`` whatever is still in flight is abandoned. The
        tick then hands back every row this worker still holds. A second call abandons everything now.
        """
        if self._stopping.is_set():
            self._grace_over.set()
            self._deadline.set()
            return
        self._stopping.set()
        loop = asyncio.get_running_loop()
        loop.call_later(self.config.stop_grace, self._grace_over.set)
        loop.call_later(self.config.stop_timeout, self._deadline.set)

    async def wait_stopped(self, timeout: float) -> bool:
        """Sleep up to ``timeout`` seconds, waking early on ``stop``; True when stopping."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), timeout)
        return self._stopping.is_set()

    # --- planning (sync, runs in a thread) ------------------------------------------------------------

    def plan(self, now: datetime) -> tuple[int, int]:
        """Create delivery rows for every subscription due by ``now``; returns (pending, missed)."""
        planned = missed = 0
        while True:
            with self.db.session() as session:
                due = store.due_subscriptions(session, now=now, limit=500)
                for sub in due:
                    p, m = self._plan_one(session, sub, now)
                    planned += p
                    missed += m
            if len(due) < 500:
                return planned, missed

    def _plan_one(self, session: Session, sub: store.SubscriptionView, now: datetime) -> tuple[int, int]:
        assert sub.next_due_at is not None
        try:
            at, zone = parse_time(sub.local_time), parse_zone(sub.timezone)
        except ScheduleError as exc:
            # Stored values are validated on the way in; a bad one means someone edited the row by hand.
            logger.error("subscription %s has an unusable schedule (%s); deactivating it", sub.id, exc)
            store.unsubscribe(session, chat_id=sub.chat_id)
            return 0, 0
        latest = latest_occurrence(now, at, zone)
        planned = missed = 0
        if latest.due_at >= sub.next_due_at:
            late = now - latest.due_at
            if late <= self.config.grace:
                planned = int(self._create_delivery(session, sub, latest))
            else:
                reason = f"missed: nothing ran within the {self.config.grace} grace window after it fell due"
                missed = int(self._create_delivery(session, sub, latest, skipped=reason))
                if missed:
                    logger.warning(
                        "digest %s for chat %s was %s late: skipped", latest.period_key, sub.chat_id, late
                    )
        store.advance_subscription(
            session,
            subscription_id=sub.id,
            expected=sub.next_due_at,
            next_due_at=next_occurrence(now, at, zone).due_at,
        )
        return planned, missed

    def _create_delivery(
        self, session: Session, sub: store.SubscriptionView, due: Occurrence, *, skipped: str | None = None
    ) -> bool:
        """The delivery row of one occurrence (since the last digest, else the lookback), skipped with a
        reason when it is too late to send; False when it exists already."""
        period_end = due.due_at
        period_start = min(sub.last_period_end or period_end - self.config.lookback, period_end)
        return store.create_delivery(
            session,
            subscription_id=sub.id,
            period_key=due.period_key,
            due_at=due.due_at,
            period_start=period_start,
            period_end=period_end,
            state="skipped" if skipped else "pending",
            reason=skipped,
        )

    def recover(self, now: datetime, *, everything: bool = False) -> int:
        """Return rows left ``sending`` by a dead worker (lease expired, or all of them) to pending."""
        older_than = now + timedelta(seconds=1) if everything else now - self.config.lease
        with self.db.session() as session:
            rows = store.release_stale(session, older_than=older_than)
        for delivery_id, worker, parts_sent in rows:
            logger.warning(
                "delivery %s was in flight in worker %s (%s message(s) recorded as accepted) when it "
                "stopped; sending the rest again: if Telegram had accepted the next message just "
                "before the crash, the chat receives it twice",
                delivery_id,
                worker,
                parts_sent,
            )
        return len(rows)

    # --- one tick ---------------------------------------------------------------------------------------

    async def start(self) -> int:
        """On start-up: a single-process SQLite bot owns every in-flight row; elsewhere wait for the lease."""
        return await self._db(self.recover, self.clock(), everything=self.db.is_sqlite)

    async def run_once(self) -> TickReport:
        """Plan what is due now, then claim and send until nothing due is left."""
        async with self._tick_lock:
            report = TickReport()
            if self.stopping:
                return report
            now = self.clock()
            report.planned, report.missed = await self._db(self.plan, now)
            report.recovered = await self._db(self.recover, now)
            report.expired = await self._db(self._expire, now)
            await self._pipeline(report)
            if report.claimed or report.planned or report.missed:
                logger.info("digest tick (%s): %s", self.worker_id, report)
            return report

    async def _pipeline(self, report: TickReport) -> None:
        """Claim and compose the next batch while the previous one is being sent, so sending never idles.

        When nothing is left to claim, wait for the rows in hand to finish and look once more: a row
        released for an immediate retry is sent in the same tick. Meanwhile the claims are renewed and a
        dead worker's expired ones taken back. At the end (a stop, a crash or simply done) every row this
        worker still holds is released, so none waits for its lease to run out.
        """
        tick = _Tick(
            report=report,
            composer=Composer(load=self._load_period, send_empty=self.config.send_empty),
            queue=asyncio.Queue(maxsize=self.config.claim_batch),
        )
        tasks = [asyncio.create_task(self._produce(tick))]
        tasks += [asyncio.create_task(self._consume(tick)) for _ in range(self.config.concurrency)]
        keeper = asyncio.create_task(self._keep_claims(report, tick.returned))
        cut_short = True  # messages may have been cut off in flight: Telegram may have accepted them
        crashed = False  # a failure, not a stop: the try counts towards max_attempts
        try:
            cut_short, _ = await _unless(asyncio.gather(*tasks), self._deadline)
            cut_short = not cut_short
        except (asyncio.CancelledError, KeyboardInterrupt, SystemExit):
            raise
        except BaseException:
            crashed = True
            raise
        finally:
            for task in [*tasks, keeper]:  # a crash in one (even a BaseException) stops the others
                task.cancel()
            await asyncio.wait([*tasks, keeper])
            await self._hand_back(report, crashed=crashed, cut_short=cut_short)

    async def _produce(self, tick: _Tick) -> None:
        """Claim due rows, compose them and queue them for the senders until none is left or a stop."""
        try:
            while not self.stopping:
                claimed = await self._next_claims(tick)
                if claimed is None:
                    return
                if not claimed:
                    continue  # another worker was quicker: wait for the rows in hand again
                tick.report.claimed += len(claimed)
                for item in await self._db(self._prepare, claimed, tick.composer, tick.report):
                    queued, _ = await _unless(tick.queue.put(item), self._stopping)
                    if not queued:
                        return  # the rest stays claimed until the release in _pipeline
        finally:
            tick.finished.set()

    async def _next_claims(self, tick: _Tick) -> list[store.ClaimedDelivery] | None:
        """The next rows due; when none are, wait for those in hand and look once more.

        None when nothing more will come this tick (a stop, or every row sent and none due); an empty
        list when another worker took what was due meanwhile.
        """
        claimed = await self._db(self._claim, self.clock())
        if claimed:
            return claimed
        tick.returned.clear()
        drained, _ = await _unless(tick.queue.join(), self._stopping, tick.returned)
        if self.stopping:
            return None
        claimed = await self._db(self._claim, self.clock())
        if not claimed and drained:
            return None
        return claimed

    async def _consume(self, tick: _Tick) -> None:
        """Send queued digests one after the other until the producer is done or the worker stops."""
        while not self.stopping:
            got, item = await _unless(tick.queue.get(), self._stopping, tick.finished)
            if not got or item is None:
                return
            try:
                if not self.stopping:
                    await self._deliver(item[0], item[1], tick.report)
            finally:
                tick.queue.task_done()

    async def _hand_back(self, report: TickReport, *, crashed: bool, cut_short: bool) -> None:
        """Release every row this worker still holds, warning when a message may have been in flight."""
        released = await self._db(self._release_held, crashed)
        report.released += released
        if released and cut_short:
            logger.warning(
                "digest worker %s stopped abruptly and handed back %s deliveries: a message that was "
                "in flight may reach its chat twice",
                self.worker_id,
                released,
            )
        elif released:
            logger.info(
                "digest worker %s handed back %s deliveries for the next worker", self.worker_id, released
            )

    async def _keep_claims(self, report: TickReport, returned: asyncio.Event) -> None:
        """While a tick runs: renew this worker's leases; take back the expired claims of dead workers."""
        while True:
            await asyncio.sleep(self.config.renew_every)
            try:
                await self._db(self._renew, self.clock())
                recovered = await self._db(self.recover, self.clock())
            except Exception:  # the next renewal tries again; the lease has room for two misses
                logger.exception("digest worker %s could not renew its claims", self.worker_id)
                continue
            if recovered:
                report.recovered += recovered
                returned.set()

    def _renew(self, now: datetime) -> int:
        with self.db.session() as session:
            return store.renew_claims(session, worker=self.worker_id, now=now)

    def _release_held(self, count_attempt: bool) -> int:
        with self.db.session() as session:
            return store.release_claims(session, worker=self.worker_id, count_attempt=count_attempt)

    def _expire(self, now: datetime) -> int:
        with self.db.session() as session:
            return store.expire_pending(
                session,
                due_before=now - self.config.grace,
                reason=f"expired: still unsent {self.config.grace} after it fell due",
            )

    def _claim(self, now: datetime) -> list[store.ClaimedDelivery]:
        with self.db.session() as session:
            return store.claim_due(session, now=now, worker=self.worker_id, limit=self.config.claim_batch)

    def _load_period(self, start: datetime, end: datetime) -> store.PeriodData:
        with self.db.session() as session:
            return store.load_period(session, start=start, end=end)

    def _prepare(
        self, rows: list[store.ClaimedDelivery], composer: Composer, report: TickReport
    ) -> list[tuple[store.ClaimedDelivery, tuple[str, ...]]]:
        """Compose what has no content yet (sharing work), fix it on the row, and skip empty digests."""
        need_topics = [r.chat_id for r in rows if not r.all_topics and r.content is None]
        with self.db.session() as session:
            topics = store.followed_by_chats(session, need_topics) if need_topics else {}
            stories = followed_stories(session, [r.chat_id for r in rows if r.content is None])
        ready: list[tuple[store.ClaimedDelivery, tuple[str, ...]]] = []
        with self.db.session() as session:
            for row in rows:
                if row.attempts > self.config.max_attempts:
                    # Only repeated crashes mid-send bring a row back this often: stop before the next one.
                    reason = f"gave up after {row.attempts - 1} attempts: the worker stopped while sending"
                    store.mark_failed(session, delivery_id=row.id, worker=self.worker_id, reason=reason)
                    logger.error("delivery %s to chat %s failed: %s", row.id, row.chat_id, reason)
                    report.failed += 1
                    continue
                if row.content is not None:
                    ready.append((row, _messages_from_json(row.content)))
                    continue
                parts = composer.messages(
                    self.sender.render,
                    start=row.period_start,
                    end=row.period_end,
                    language=row.language,
                    topics=None if row.all_topics else topics.get(row.chat_id, frozenset()),
                    stories=stories.refs(row.chat_id, row.language),
                    timezone=row.timezone,
                )
                if not parts:
                    store.mark_skipped(
                        session,
                        delivery_id=row.id,
                        worker=self.worker_id,
                        reason="nothing new",
                        close_period=True,
                    )
                    report.empty += 1
                    continue
                if store.save_content(
                    session, delivery_id=row.id, worker=self.worker_id, content=_messages_json(parts)
                ):
                    ready.append((row, parts))
        return ready

    # --- sending --------------------------------------------------------------------------------------

    async def _deliver(self, row: store.ClaimedDelivery, parts: tuple[str, ...], report: TickReport) -> None:
        sending = _Sending(row=row, parts=parts, chat_id=row.chat_id, index=row.parts_sent)
        begun = row.parts_sent
        while sending.index < len(parts):
            # After a stop, a digest not begun here is left whole for the next worker; one begun may send
            # its other parts during the grace period, so they still arrive together.
            outcome = await self._send_when_allowed(
                sending.chat_id,
                parts[sending.index],
                self._stopping if sending.index == begun else self._grace_over,
            )
            if outcome is None:
                return  # nothing sent: the row is released at the end of the tick
            if not await self._after_send(sending, outcome, report):
                return

    async def _after_send(self, sending: _Sending, outcome: SendOutcome, report: TickReport) -> bool:
        """Record what one message's send did to its delivery; True while the delivery goes on."""
        row = sending.row
        if isinstance(outcome, Sent):
            return await self._on_sent(sending, report)
        if isinstance(outcome, RetryAfter):
            return await self._on_flood(sending, outcome, report)
        if isinstance(outcome, Migrated):
            return await self._on_migrated(sending, outcome, report)
        if isinstance(outcome, Blocked):
            await self._db(self._block, row.id, sending.chat_id, outcome.reason)
            report.blocked += 1
            return False
        if isinstance(outcome, TransientError):
            await self._on_transient(sending, outcome, report)
            return False
        if isinstance(outcome, PermanentError):
            await self._db(self._fail, row.id, f"rejected by Telegram: {outcome.reason}")
            logger.error("delivery %s to chat %s rejected: %s", row.id, sending.chat_id, outcome.reason)
            report.failed += 1
            return False
        return True

    async def _on_sent(self, sending: _Sending, report: TickReport) -> bool:
        """Record a part Telegram accepted; stop if this worker no longer holds the row."""
        row, parts = sending.row, sending.parts
        sending.index += 1
        index = sending.index
        report.messages += 1
        recorded = await self._db(self._record_sent, row.id, index, index == len(parts), self.clock())
        if not recorded:
            logger.error(
                "delivery %s: Telegram accepted message %s but this worker lost its claim "
                "(lease expired); another worker may send it again",
                row.id,
                index,
            )
            report.errors.append(f"lost claim on delivery {row.id}")
            return False
        if index == len(parts):
            report.sent += 1
        return True

    async def _on_flood(self, sending: _Sending, outcome: RetryAfter, report: TickReport) -> bool:
        """Wait out a short 429 in place; a long one, or too many, release the row until retry_after."""
        sending.flood_retries += 1
        self.limiter.hold_chat(sending.chat_id, outcome.seconds)
        logger.warning(
            "429 for chat %s: waiting %.1f s (try %s)",
            sending.chat_id,
            outcome.seconds,
            sending.flood_retries,
        )
        if (
            outcome.seconds > self.config.max_inline_wait
            or sending.flood_retries > self.config.max_flood_retries
        ):
            await self._db(
                self._release,
                sending.row.id,
                self.clock() + timedelta(seconds=outcome.seconds),
                f"flood control: retry after {outcome.seconds:g} s",
                False,
            )
            report.retried += 1
            return False
        return True  # the limiter holds this chat for retry_after

    async def _on_migrated(self, sending: _Sending, outcome: Migrated, report: TickReport) -> bool:
        """Move the subscription to the group's new chat and send there; give up after two moves."""
        row = sending.row
        sending.migrations += 1
        if sending.migrations > 2:
            await self._db(self._fail, row.id, "chat migrated more than twice in one delivery")
            report.failed += 1
            return False
        await self._db(self._migrate, sending.chat_id, outcome.new_chat_id)
        logger.info(
            "delivery %s: chat %s is now %s; retrying there", row.id, sending.chat_id, outcome.new_chat_id
        )
        report.migrated += 1
        sending.chat_id = outcome.new_chat_id
        return True

    async def _on_transient(self, sending: _Sending, outcome: TransientError, report: TickReport) -> None:
        """Release the row for a later try with backoff, or fail it once it has used its attempts."""
        row = sending.row
        if row.attempts >= self.config.max_attempts:
            reason = f"gave up after {row.attempts} attempts: {outcome.reason}"
            await self._db(self._fail, row.id, reason)
            logger.error("delivery %s to chat %s failed: %s", row.id, sending.chat_id, reason)
            report.failed += 1
            return
        retry_at = self.clock() + self.config.backoff(row.attempts)
        await self._db(self._release, row.id, retry_at, outcome.reason, True)
        logger.warning(
            "delivery %s to chat %s: %s; retry %s at %s",
            row.id,
            sending.chat_id,
            outcome.reason,
            row.attempts + 1,
            retry_at,
        )
        report.retried += 1

    async def _send_when_allowed(self, chat_id: int, html: str, give_up: asyncio.Event) -> SendOutcome | None:
        """Wait for the rate limiter, then send; None, with nothing sent, when ``give_up`` is set first."""
        if give_up.is_set():
            return None
        slot = self.limiter.slot(chat_id)
        entered, _ = await _unless(slot.__aenter__(), give_up)
        if not entered:
            return None
        try:
            return await self._send(chat_id, html)  # once started, a message is finished and recorded
        finally:
            await slot.__aexit__(None, None, None)

    async def _send(self, chat_id: int, html: str) -> SendOutcome:
        try:
            return await self.sender.send(chat_id, html)
        except Exception as exc:
            # A Sender maps every failure to an outcome; an unexpected exception is retried and logged loudly.
            logger.exception("sender raised instead of returning an outcome for chat %s", chat_id)
            return TransientError(f"{type(exc).__name__}: {exc}")

    def _record_sent(self, delivery_id: int, parts_sent: int, finished: bool, now: datetime) -> bool:
        with self.db.session() as session:
            return store.record_part_sent(
                session,
                delivery_id=delivery_id,
                worker=self.worker_id,
                parts_sent=parts_sent,
                finished=finished,
                now=now,
            )

    def _release(self, delivery_id: int, at: datetime, reason: str, count_attempt: bool) -> None:
        with self.db.session() as session:
            store.release_for_retry(
                session,
                delivery_id=delivery_id,
                worker=self.worker_id,
                next_attempt_at=at,
                reason=reason,
                count_attempt=count_attempt,
            )

    def _fail(self, delivery_id: int, reason: str) -> None:
        with self.db.session() as session:
            store.mark_failed(session, delivery_id=delivery_id, worker=self.worker_id, reason=reason)

    def _block(self, delivery_id: int, chat_id: int, reason: str) -> None:
        with self.db.session() as session:
            store.mark_failed(
                session, delivery_id=delivery_id, worker=self.worker_id, reason=f"blocked: {reason}"
            )
            store.deactivate_chat(session, chat_id=chat_id)
        logger.info("chat %s blocked the bot (%s): subscription deactivated", chat_id, reason)

    def _migrate(self, old_chat_id: int, new_chat_id: int) -> None:
        with self.db.session() as session:
            store.migrate_chat(session, old_chat_id=old_chat_id, new_chat_id=new_chat_id)

    async def _db(self, fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        # Database work runs in a thread so the bot's event loop keeps answering users meanwhile.
        return await asyncio.to_thread(fn, *args, **kwargs)

"""What users and operators do with digests: subscribe, change settings, preview, get one now, report a
mistake in one of its points."""

from __future__ import annotations

import logging
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot import reports
from bot.digest.compose import LANGUAGES, Composer
from bot.digest.readers import followed_stories
from bot.digest.schedule import (
    ScheduleError,
    canonical_zone,
    format_time,
    next_occurrence,
    parse_time,
    parse_zone,
)
from bot.digest.structure import Digest, Point
from bot.errors import NotFoundError
from bot.text import normalise
from storage import Database
from storage import chats as chat_store
from storage import digests as store

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Schedule:
    """A validated schedule: HH:MM and the stored zone name."""

    local_time: str
    timezone: str


def validate_schedule(time_text: str, zone_text: str) -> Schedule:
    """Check a time and zone typed by a user; ScheduleError (with an example) when either is wrong."""
    return Schedule(local_time=format_time(parse_time(time_text)), timezone=canonical_zone(zone_text))


def check_language(language: str) -> str:
    """``ar`` or ``en``; ScheduleError otherwise."""
    value = (language or "").strip().lower()
    if value not in LANGUAGES:
        raise ScheduleError("bad_language", value=language)
    return value


def _next_due(schedule: Schedule, now: datetime) -> datetime:
    return next_occurrence(now, parse_time(schedule.local_time), parse_zone(schedule.timezone)).due_at


def subscribe(
    db: Database,
    *,
    chat_id: int,
    chat_kind: str,
    time_text: str,
    zone_text: str,
    language: str,
    now: datetime,
) -> store.SubscriptionView:
    """Subscribe (or re-subscribe) a chat; the first digest comes at the next occurrence of the time."""
    schedule = validate_schedule(time_text, zone_text)
    language = check_language(language)
    with db.session() as session:
        return store.subscribe(
            session,
            chat_id=chat_id,
            chat_kind=chat_kind,
            local_time=schedule.local_time,
            timezone=schedule.timezone,
            language=language,
            next_due_at=_next_due(schedule, now),
        )


def change_settings(
    db: Database,
    *,
    chat_id: int,
    now: datetime,
    time_text: str | None = None,
    zone_text: str | None = None,
    language: str | None = None,
    all_topics: bool | None = None,
) -> store.SubscriptionView:
    """Change time, zone, the digest's language or topics; NotFoundError when the chat has no subscription.

    A new time or zone moves the next digest; the once-a-day rule still holds because the delivery row
    is unique per local date.
    """
    with db.session() as session:
        current = store.get_subscription(session, chat_id=chat_id)
        if current is None or not current.active:
            raise NotFoundError("this chat has no digest subscription; send /subscribe first")
        next_due = None
        if time_text is not None or zone_text is not None:
            schedule = validate_schedule(time_text or current.local_time, zone_text or current.timezone)
            next_due = _next_due(schedule, now)
        else:
            schedule = Schedule(current.local_time, current.timezone)
        updated = store.update_subscription(
            session,
            chat_id=chat_id,
            local_time=schedule.local_time,
            timezone=schedule.timezone,
            language=check_language(language) if language is not None else None,
            all_topics=all_topics,
            next_due_at=next_due,
        )
        assert updated is not None  # the digest's language alone: /language sets the chat's and the digest's
        return updated


def unsubscribe(db: Database, *, chat_id: int) -> bool:
    """Stop a chat's digests; False when it had none."""
    with db.session() as session:
        return store.unsubscribe(session, chat_id=chat_id)


def subscription(db: Database, *, chat_id: int) -> store.SubscriptionView | None:
    """The chat's subscription, if any."""
    with db.session() as session:
        return store.get_subscription(session, chat_id=chat_id)


def chat_language(db: Database, *, chat_id: int) -> str | None:
    """The chat's chosen interface language (``ar``/``en``), if it chose one."""
    with db.session() as session:
        language = store.chat_language(session, chat_id=chat_id)
    return language if language in LANGUAGES else None


def followed_names(db: Database, *, chat_id: int) -> list[str]:
    """Names of the entities a chat follows, for the settings screen."""
    with db.session() as session:
        return sorted(e.name for e in chat_store.followed_entities(session, chat_id=chat_id))


def resolve_topics(db: Database, names: list[str]) -> frozenset[int]:
    """Entity ids for names (canonical, alias or numeric id); NotFoundError naming the unknown ones."""
    ids: set[int] = set()
    unknown: list[str] = []
    with db.session() as session:
        for name in names:
            name = name.strip()
            if not name:
                continue
            found = (
                [int(name)] if name.isdigit() else store.find_entity_ids(session, name, key=normalise(name))
            )
            if found:
                ids.update(found)
            else:
                unknown.append(name)
    if unknown:
        raise NotFoundError(
            f"no entity called {', '.join(repr(n) for n in unknown)}; try `briefing entities`"
        )
    return frozenset(ids)


def _load(db: Database) -> Composer:
    def load(start: datetime, end: datetime) -> store.PeriodData:
        with db.session() as session:
            return store.load_period(session, start=start, end=end)

    return Composer(load=load)


def digest_for_chat(
    db: Database,
    *,
    chat_id: int,
    now: datetime,
    lookback: timedelta,
    since: datetime | None = None,
    language: str | None = None,
    topics: frozenset[int] | str | None = "subscription",
    send_empty: bool = True,
) -> Digest:
    """The digest a chat would get now: since ``since`` (default: its last digest, else ``lookback``).

    ``topics``: ``"subscription"`` uses the chat's settings, ``None`` means everything, else entity ids.
    """
    with db.session() as session:
        sub = store.get_subscription(session, chat_id=chat_id)
        chat_topics: frozenset[int] | None = None
        if topics == "subscription":
            if sub is not None and not sub.all_topics:
                chat_topics = store.followed_by_chats(session, [chat_id])[chat_id]
        elif not isinstance(topics, str):
            chat_topics = topics
        stories = followed_stories(session, [chat_id])
    start = since or (sub.last_period_end if sub and sub.last_period_end else now - lookback)
    lang = check_language(language) if language else (sub.language if sub else "ar")
    composer = _load(db)
    composer.send_empty = send_empty
    return composer.digest(
        start=start,
        end=now,
        language=lang,
        topics=chat_topics,
        stories=stories.refs(chat_id, lang),
        timezone=sub.timezone if sub else "UTC",
    )


def digest_on_demand(db: Database, *, chat_id: int, now: datetime, lookback: timedelta) -> Digest:
    """/digest: the last ``lookback`` hours in the chat's settings, 'nothing new' rather than silence."""
    return digest_for_chat(db, chat_id=chat_id, now=now, lookback=lookback, since=now - lookback)


POINTS_REPORTABLE = 40  # the points a reader can pick from to report one (buttons and lines under a limit)


@dataclass(frozen=True)
class NumberedPoint:
    """A digest point as the reader picks it: its number, a fingerprint of its sentence, the point."""

    number: int
    key: int  # so a press finds the point it was shown, even if the digest has changed since
    point: Point


def point_key(point: Point) -> int:
    """A short fingerprint of a point's sentence (four hex digits in a button)."""
    return zlib.crc32(point.label.encode()) & 0xFFFF


def numbered_points(digest: Digest) -> tuple[NumberedPoint, ...]:
    """The digest's points in reading order (each section's shown points, then its rest), numbered."""
    points = [p for section in digest.sections for p in (*section.points, *section.rest)]
    return tuple(NumberedPoint(n, point_key(p), p) for n, p in enumerate(points[:POINTS_REPORTABLE], start=1))


def digest_points(
    db: Database, *, chat_id: int, start: datetime, end: datetime, language: str
) -> tuple[NumberedPoint, ...]:
    """The points of the digest a chat got for ``[start, end)``, numbered for reporting one."""
    digest = digest_for_chat(
        db, chat_id=chat_id, now=end, lookback=end - start, since=start, language=language
    )
    return numbered_points(digest)


def point_cited(point: Point) -> list[dict[str, object]]:
    """What a digest point cited, numbered: each side's speaker and quote with each outlet and link."""
    cited: list[dict[str, object]] = [
        {
            "number": n,
            "outlet": source.name,
            "url": source.url,
            "speaker": quote.speaker,
            "side": quote.side,
            "quote": quote.text[: reports.QUOTE_CHARS],
        }
        for n, (quote, source) in enumerate(((q, s) for q in point.quotes for s in q.sources), start=1)
    ]
    return cited[: reports.CITED_KEPT]


def report_point(
    db: Database,
    *,
    chat_id: int,
    user_id: int | None,
    start: datetime,
    end: datetime,
    language: str,
    number: int,
    key: int,
    reason: str,
) -> NumberedPoint | None:
    """Store a reader's report of point ``number`` of a digest (found by its fingerprint if the numbers
    moved), with its sentence and what it cited; None when the point is gone."""
    points = digest_points(db, chat_id=chat_id, start=start, end=end, language=language)
    found = next((p for p in points if p.number == number and p.key == key), None)
    found = found or next((p for p in points if p.key == key), None)
    if found is None:
        return None
    with db.session() as session:
        reports.report_point(
            session,
            chat_id=chat_id,
            user_id=user_id,
            number=found.number,
            sentence=found.point.label,
            cited=point_cited(found.point),
            language=language,
            reason=reason,
        )
    return found

"""Due times: local wall-clock times across zones, fixed offsets and daylight-saving change days."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.digest.schedule import (
    ScheduleError,
    canonical_zone,
    latest_occurrence,
    next_occurrence,
    occurrence_on,
    parse_time,
    parse_zone,
)
from storage import Database
from storage import digests as store

PARIS = parse_zone("Europe/Paris")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("day", "at", "expected"),
    [
        (date(2026, 3, 28), "08:00", utc(2026, 3, 28, 7, 0)),  # CET, the day before the change
        (date(2026, 3, 29), "08:00", utc(2026, 3, 29, 6, 0)),  # CEST from the change day on
        (date(2026, 3, 29), "02:30", utc(2026, 3, 29, 1, 0)),  # spring gap: first valid minute (03:00)
        (date(2026, 3, 29), "02:00", utc(2026, 3, 29, 1, 0)),
        (date(2026, 3, 29), "01:59", utc(2026, 3, 29, 0, 59)),
        (date(2026, 10, 25), "02:30", utc(2026, 10, 25, 0, 30)),  # autumn overlap: the first 02:30 (CEST)
        (date(2026, 10, 25), "08:00", utc(2026, 10, 25, 7, 0)),  # CET again
        (date(2026, 10, 24), "08:00", utc(2026, 10, 24, 6, 0)),
    ],
)
def test_paris_wall_clock_across_daylight_saving(day: date, at: str, expected: datetime) -> None:
    assert occurrence_on(day, parse_time(at), PARIS).due_at == expected


def test_once_a_day_on_change_days() -> None:
    # Walk the schedule from before the spring change to after the autumn one: one digest per local day.
    for at in ("08:00", "02:30", "02:00", "03:00", "00:00", "23:59"):
        when = utc(2026, 3, 25)
        days = []
        while when < utc(2026, 11, 2):
            found = next_occurrence(when, parse_time(at), PARIS)
            days.append(found.local_date)
            assert found.due_at > when
            when = found.due_at
        assert len(days) == len(set(days)), at
        assert days == sorted(days)
        assert (days[-1] - days[0]).days + 1 == len(days), f"{at}: a day was skipped"


def test_08_00_paris_is_08_00_local_before_and_after_the_change() -> None:
    at = parse_time("08:00")
    for start in (utc(2026, 3, 27, 12), utc(2026, 3, 28, 12), utc(2026, 10, 24, 12), utc(2026, 10, 25, 12)):
        found = next_occurrence(start, at, PARIS)
        assert found.due_at.astimezone(PARIS).time() == time(8, 0)


def test_fixed_offset_and_other_zones() -> None:
    plus3 = parse_zone("+03:00")
    assert occurrence_on(date(2026, 3, 29), parse_time("19:00"), plus3).due_at == utc(2026, 3, 29, 16, 0)
    damascus = parse_zone("Asia/Damascus")  # UTC+3 all year since 2022
    assert occurrence_on(date(2026, 7, 1), parse_time("07:30"), damascus).due_at == utc(2026, 7, 1, 4, 30)
    kolkata = parse_zone("Asia/Kolkata")
    assert occurrence_on(date(2026, 1, 1), parse_time("00:15"), kolkata).due_at == utc(2025, 12, 31, 18, 45)
    assert canonical_zone("UTC+3") == "+03:00"
    assert canonical_zone("-05:30") == "-05:30"
    assert canonical_zone("Europe/Paris") == "Europe/Paris"


def test_latest_and_next_occurrence_around_the_due_minute() -> None:
    at = parse_time("08:00")
    due = utc(2026, 11, 27, 7, 0)
    assert latest_occurrence(due, at, PARIS).due_at == due
    assert next_occurrence(due, at, PARIS).due_at == utc(2026, 11, 28, 7, 0)
    assert latest_occurrence(utc(2026, 11, 27, 6, 59), at, PARIS).due_at == utc(2026, 11, 26, 7, 0)


@pytest.mark.parametrize("text", ["25:00", "7", "8:6", "noon", "", "12:60"])
def test_bad_times_answer_with_an_example(text: str) -> None:
    with pytest.raises(ScheduleError, match="07:30"):
        parse_time(text)


@pytest.mark.parametrize("text", ["Mars/Olympus", "+15:00", "../etc/passwd", ""])
def test_unknown_zones_answer_with_an_example(text: str) -> None:
    with pytest.raises(ScheduleError, match="Asia/Damascus"):
        parse_zone(text)


class NeverSend:
    async def send(self, chat_id: int, html: str) -> object:
        raise AssertionError("planning must not send")


@pytest.mark.parametrize(
    ("at", "start", "expected"),
    [
        # Spring change (29 March): 02:30 does not exist, so it goes out at 03:00 CEST = 01:00 UTC.
        (
            "02:30",
            utc(2026, 3, 27, 12),
            [utc(2026, 3, 28, 1, 30), utc(2026, 3, 29, 1, 0), utc(2026, 3, 30, 0, 30)],
        ),
        # Autumn change (25 October): 02:30 happens twice; only the first (CEST) counts.
        (
            "02:30",
            utc(2026, 10, 23, 12),
            [utc(2026, 10, 24, 0, 30), utc(2026, 10, 25, 0, 30), utc(2026, 10, 26, 1, 30)],
        ),
        (
            "08:00",
            utc(2026, 10, 23, 12),
            [utc(2026, 10, 24, 6, 0), utc(2026, 10, 25, 7, 0), utc(2026, 10, 26, 7, 0)],
        ),
    ],
)
def test_ticks_every_few_minutes_create_one_delivery_per_local_day(
    db: Database, at: str, start: datetime, expected: list[datetime]
) -> None:
    from bot.digest import service
    from bot.digest.engine import DigestEngine

    service.subscribe(
        db, chat_id=1, chat_kind="private", time_text=at, zone_text="Europe/Paris", language="en", now=start
    )
    engine = DigestEngine(db, NeverSend())  # type: ignore[arg-type]
    now = start
    while now < start + timedelta(days=3):
        engine.plan(now)
        now += timedelta(minutes=5)
    with db.session() as session:
        rows = store.deliveries(session)
    assert [r.due_at for r in rows] == expected
    assert len({r.period_key for r in rows}) == 3


@pytest.mark.parametrize(
    ("typed", "zone"),
    [("دمشق", "Asia/Damascus"), ("Damascus", "Asia/Damascus"), ("new york", "America/New_York")],
)
def test_a_city_in_arabic_or_english_names_its_time_zone(typed: str, zone: str) -> None:
    # "Paris" alone used to be refused: a reader names a city, not an IANA zone.
    assert canonical_zone(typed) == zone

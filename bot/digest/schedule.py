"""When a digest is due: local wall-clock times in IANA zones or fixed offsets, correct across DST changes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.errors import BriefingError
from bot.messages import text as catalogue_text
from bot.zones import zone_for_city

TIME_EXAMPLE = "07:30"
ZONE_EXAMPLE = "Asia/Damascus"
OFFSET_EXAMPLE = "+03:00"

_TIME = re.compile(r"^\s*(\d{1,2})[:.h](\d{2})\s*$")
_OFFSET = re.compile(r"^\s*(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?\s*$", re.IGNORECASE)
# The longest DST gap in the tz database is one hour (Lord Howe: 30 minutes); two hours is a safe bound.
_MAX_GAP_MINUTES = 120


class ScheduleError(BriefingError):
    """A time or time zone a subscriber typed that we cannot use; the message shows a valid example.

    ``key`` names its wording in the catalogue (``schedule.KEY``) with ``values``, so the chat reads it
    in its own language (``message``); ``str()`` is the English one, for logs and the command line.
    """

    def __init__(self, key: str, **values: object) -> None:
        self.key = key
        self.values = values
        super().__init__(self.message("en"))

    def message(self, language: str) -> str:
        """The error in ``language``, values as they are."""
        return catalogue_text(language, f"schedule.{self.key}", **self.values)


@dataclass(frozen=True)
class Occurrence:
    """One scheduled digest: the subscriber's local date (the period key) and the UTC instant it is due."""

    local_date: date
    due_at: datetime

    @property
    def period_key(self) -> str:
        return self.local_date.isoformat()


def parse_time(text: str) -> time:
    """Read a wall-clock time such as ``07:30`` (24-hour); raise ScheduleError with an example otherwise."""
    match = _TIME.match(text or "")
    if match:
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise ScheduleError("bad_time", value=text, example=TIME_EXAMPLE)


def format_time(value: time) -> str:
    """The HH:MM form stored in the database."""
    return f"{value.hour:02d}:{value.minute:02d}"


def parse_zone(text: str) -> tzinfo:
    """An IANA zone (``Europe/Paris``), a city (``دمشق``, ``Damascus``) or a fixed offset (``+03:00``,
    ``UTC+3``); ScheduleError otherwise."""
    name = (text or "").strip()
    if name.upper() in {"UTC", "GMT", "Z"}:
        return UTC
    match = _OFFSET.match(name)
    if match:
        sign, hours, minutes = match.group(1), int(match.group(2)), int(match.group(3) or 0)
        if hours <= 14 and minutes < 60:
            delta = timedelta(hours=hours, minutes=minutes)
            return timezone(-delta if sign == "-" else delta)
    elif name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
        city = zone_for_city(name)  # "دمشق", "Damascus", "new york": CLDR's exemplar cities
        if city is not None:
            return ZoneInfo(city)
    raise ScheduleError("bad_zone", value=text, zone=ZONE_EXAMPLE, offset=OFFSET_EXAMPLE)


def canonical_zone(text: str) -> str:
    """The name to store for a zone the user typed: the IANA key, or a ``+HH:MM`` offset."""
    zone = parse_zone(text)
    if isinstance(zone, ZoneInfo):
        return zone.key
    offset = zone.utcoffset(None) or timedelta(0)
    if offset == timedelta(0):
        return "UTC"
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _exists(local: datetime) -> bool:
    """A naive local time exists in its zone when it survives the round trip through UTC."""
    back = local.astimezone(UTC).astimezone(local.tzinfo)
    return back.replace(tzinfo=None) == local.replace(tzinfo=None)


def occurrence_on(local_date: date, at: time, zone: tzinfo) -> Occurrence:
    """The UTC instant of ``at`` on ``local_date`` in ``zone``.

    Autumn overlap: the first of the two instants (fold=0). Spring gap: the first valid minute after.
    """
    local = datetime.combine(local_date, at, tzinfo=zone).replace(fold=0)
    if not _exists(local):
        for minutes in range(1, _MAX_GAP_MINUTES + 1):
            candidate = local + timedelta(minutes=minutes)  # wall-clock arithmetic, same tzinfo
            if _exists(candidate):
                local = candidate
                break
    return Occurrence(local_date=local_date, due_at=local.astimezone(UTC))


def next_occurrence(after: datetime, at: time, zone: tzinfo) -> Occurrence:
    """The first occurrence strictly after the instant ``after``."""
    day = after.astimezone(zone).date() - timedelta(days=1)
    for _ in range(4):
        found = occurrence_on(day, at, zone)
        if found.due_at > after:
            return found
        day += timedelta(days=1)
    raise AssertionError("unreachable: a daily time occurs within any three days")


def latest_occurrence(now: datetime, at: time, zone: tzinfo) -> Occurrence:
    """The most recent occurrence at or before ``now``."""
    day = now.astimezone(zone).date() + timedelta(days=1)
    for _ in range(4):
        found = occurrence_on(day, at, zone)
        if found.due_at <= now:
            return found
        day -= timedelta(days=1)
    raise AssertionError("unreachable: a daily time occurs within any three days")

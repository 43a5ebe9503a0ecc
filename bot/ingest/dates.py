"""Datelines in Arabic and English ("الخميس, 23 أكتوبر 2025 02:08 PM", "October 22, 2025") to UTC times."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, tzinfo

from bot.text import normalise

# Keys are normalised (bot.text.normalise): أ/إ/آ -> ا, ة -> ه, ى -> ي, Arabic-Indic digits -> ASCII.
_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "يناير كانون الثاني جانفي january jan",
        "فبراير شباط فيفري february feb",
        "مارس اذار march mar",
        "ابريل نيسان افريل april apr",
        "مايو ايار ماي may",
        "يونيو يونيه حزيران جوان june jun",
        "يوليو يوليه تموز جويليه جويليا july jul",
        "اغسطس اب اوت غشت august aug",
        "سبتمبر ايلول شتنبر september sep sept",
        "اكتوبر تشرين الاول اكتوبر october oct",
        "نوفمبر تشرين الثاني نونبر november nov",
        "ديسمبر كانون الاول دجنبر december dec",
    ),
    start=1,
):
    _MONTHS.update(dict.fromkeys(_names.split(), _number))
# Two-word Levantine months: the second word alone must not be read as a month.
_TWO_WORD_MONTHS = {
    "كانون الثاني": 1,
    "تشرين الاول": 10,
    "تشرين الثاني": 11,
    "كانون الاول": 12,
}
for _word in ("كانون", "تشرين", "الاول", "الثاني"):
    _MONTHS.pop(_word, None)

_WEEKDAYS = frozenset(
    "السبت الاحد الاثنين الإثنين الثلاثاء الاربعاء الخميس الجمعه "
    "saturday sunday monday tuesday wednesday thursday friday "
    "sat sun mon tue tues wed thu thur thurs fri".split()
)
# Words a dateline may carry around the date itself ("Published on ...", "نشر في ... الساعة").
_FILLER = frozenset(
    "published updated posted last modified on at date by utc gmt "
    "نشر في بتاريخ تاريخ النشر اخر تحديث الساعه الموافق".split()
)
_MERIDIEM = {"am": 0, "pm": 12, "ص": 0, "صباحا": 0, "م": 12, "مساء": 12, "مساءا": 12}
_MAX_TOKENS = 14
NOON = time(12, 0)


@dataclass(frozen=True)
class Dateline:
    """A parsed dateline: the moment in UTC and whether the line gave a time of day."""

    when: datetime
    has_time: bool


def parse_dateline(line: str, tz: tzinfo) -> Dateline | None:
    """Read ``line`` as a dateline and nothing else; naive times are in ``tz``. None when it is not one."""
    if not re.search(r"\d", line) or len(line) > 80:
        return None
    words = normalise(line).split()
    if not words or len(words) > _MAX_TOKENS:
        return None
    month: int | None = None
    month_at = -1
    numbers: list[tuple[int, str]] = []  # (position, digits)
    meridiem: int | None = None
    i = 0
    while i < len(words):
        word = words[i]
        pair = " ".join(words[i : i + 2])
        if pair in _TWO_WORD_MONTHS and month is None:
            month, month_at = _TWO_WORD_MONTHS[pair], len(numbers)
            i += 2
            continue
        if word.isdigit():
            numbers.append((len(numbers), word))
        elif word in _MONTHS and month is None:
            month, month_at = _MONTHS[word], len(numbers)
        elif word in _MERIDIEM:
            meridiem = _MERIDIEM[word]
        elif word not in _WEEKDAYS and word not in _FILLER:
            return None
        i += 1
    digits = [d for _, d in numbers]
    parsed = _with_month_name(digits, month, month_at) if month else _numeric(digits)
    if parsed is None:
        return None
    day, rest = parsed
    clock = _clock(rest, meridiem)
    if isinstance(clock, bool):
        return None
    if clock is None:
        return Dateline(date_only(day, tz), False)
    return Dateline(datetime.combine(day, clock, tzinfo=tz).astimezone(UTC), True)


def _with_month_name(digits: list[str], month: int | None, month_at: int) -> tuple[date, list[str]] | None:
    """'23 October 2025 ...' or 'October 23, 2025 ...': the day sits next to the month name."""
    year_index = next((i for i, d in enumerate(digits) if len(d) == 4), None)
    if year_index is None or month is None:
        return None
    before, after = digits[:year_index], digits[year_index + 1 :]
    if len(before) != 1:
        return None
    parsed = _date(int(digits[year_index]), month, int(before[0]))
    return (parsed, after) if parsed else None


def _numeric(digits: list[str]) -> tuple[date, list[str]] | None:
    """'2025-10-22 ...' or '22/10/2025 ...' (day first, as Arabic and European outlets write)."""
    if len(digits) < 3:
        return None
    a, b, c = digits[:3]
    if len(a) == 4:
        parsed = _date(int(a), int(b), int(c))
    elif len(c) == 4:
        parsed = _date(int(c), int(b), int(a))
    else:
        return None
    return (parsed, digits[3:]) if parsed else None


def _date(year: int, month: int, day: int) -> date | None:
    if not 1990 <= year <= 2100:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _clock(rest: list[str], meridiem: int | None) -> time | bool | None:
    """Hours and minutes after the date; None when absent, False when they make no sense."""
    if not rest:
        return None
    if len(rest) not in (2, 3) or len(rest[1]) != 2:
        return False
    hour, minute = int(rest[0]), int(rest[1])
    second = int(rest[2]) if len(rest) == 3 else 0
    if meridiem is not None:
        if not 1 <= hour <= 12:
            return False
        hour = hour % 12 + meridiem
    if hour > 23 or minute > 59 or second > 59:
        return False
    return time(hour, minute, second)


def date_only(day: date, tz: tzinfo) -> datetime:
    """A date without a time of day, stored as local noon so the calendar day survives time-zone shifts."""
    return datetime.combine(day, NOON, tzinfo=tz).astimezone(UTC)


@dataclass(frozen=True)
class WireDateline:
    """The dateline a wire story opens its first paragraph with: its day, and the agency if named."""

    when: datetime
    agency: str | None


# "KHARTOUM, Aug 14 — ...", "UMM SALAL, Qatar, March 3 (Gulf Wire) - ...": place, month and day, the
# agency in brackets, a dash. Wire datelines carry no year: it is the latest that is not in the future.
_WIRE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z'.-]+(?:[ ,]+[A-Z][A-Za-z'.-]+){0,4}),\s+(?P<month>[A-Z][a-z]{2,8})\.?\s+"
    r"(?P<day>\d{1,2})(?:,\s*(?P<year>\d{4}))?\s*(?:\((?P<agency>[^()\d]{2,40})\))?\s*[-—–]\s"
)
_WIRE_FUTURE_DAYS = 2  # a dateline up to this far ahead of today still means this year (time zones, clocks)


def parse_wire_dateline(paragraph: str, tz: tzinfo, today: date) -> WireDateline | None:
    """The day (and agency) of a paragraph that opens with a wire dateline, else None."""
    match = _WIRE.match(paragraph)
    if match is None:
        return None
    month = _MONTHS.get(match.group("month").lower())
    if month is None:
        return None
    day = int(match.group("day"))
    if match.group("year"):
        found = _date(int(match.group("year")), month, day)
    else:
        found = _date(today.year, month, day)
        if found is not None and (found - today).days > _WIRE_FUTURE_DAYS:
            found = _date(today.year - 1, month, day)
    if found is None:
        return None
    agency = match.group("agency")
    return WireDateline(date_only(found, tz), agency.strip() if agency else None)

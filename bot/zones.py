"""Time zones named by a city, in Arabic or English: CLDR's exemplar cities through Babel, not a hand list.

``zone_for_city("دمشق")`` and ``zone_for_city("damascus")`` give ``"Asia/Damascus"``. The index is built
once from every IANA zone the system knows and each zone's exemplar city in both languages.
"""

from __future__ import annotations

import logging
import zoneinfo
from datetime import UTC, timedelta, timezone, tzinfo
from functools import lru_cache

from babel.dates import get_timezone_location

from bot.text import normalise

__all__ = ["fold_place", "zone_for_city", "zone_info", "zone_label"]

logger = logging.getLogger(__name__)

LOCALES = ("en", "ar")
# Legacy and synthetic zone names: never what a person means by a city.
SKIPPED_ZONE_PREFIXES = (
    "Etc/",
    "SystemV/",
    "US/",
    "posix/",
    "right/",
    "Canada/",
    "Brazil/",
    "Chile/",
    "Mexico/",
)


def fold_place(name: str) -> str:
    """A city name as typed, folded: case, Arabic letter variants and diacritics, spaces and dashes."""
    return " ".join(normalise(name.replace("_", " ").replace("-", " ")).casefold().split())


@lru_cache(maxsize=1)
def _index() -> dict[str, str]:
    """Folded exemplar city (both languages) -> IANA zone; the first zone in name order wins a tie."""
    index: dict[str, str] = {}
    for zone in sorted(zoneinfo.available_timezones()):
        if "/" not in zone or zone.startswith(SKIPPED_ZONE_PREFIXES):
            continue
        for locale in LOCALES:
            try:
                city = get_timezone_location(zone, locale, return_city=True)
            except (LookupError, ValueError):  # a zone CLDR does not describe
                continue
            index.setdefault(fold_place(city), zone)
        index.setdefault(fold_place(zone.rsplit("/", 1)[-1]), zone)  # the zone's own city: Damascus
    logger.debug("time zones by city: %d names", len(index))
    return index


def zone_for_city(name: str) -> str | None:
    """The IANA zone of a city named in Arabic or English ("دمشق", "New York"), or None."""
    return _index().get(fold_place(name)) if name.strip() else None


@lru_cache(maxsize=1024)
def zone_label(zone: str, language: str) -> str:
    """A stored zone as a reader says it: the IANA zone's city in their language (دمشق, Damascus), else
    ``UTC`` or ``UTC+03:00`` for a fixed offset."""
    if zone == "UTC" or not zone:
        return "UTC"
    if zone.startswith(("+", "-")):
        return f"UTC{zone}"
    try:
        return str(get_timezone_location(zone, language, return_city=True))
    except (LookupError, ValueError):  # a zone CLDR does not describe: its own name
        return zone


def zone_info(name: str) -> tzinfo:
    """A stored zone (an IANA name or ``+HH:MM``) as a tzinfo; UTC when it is neither."""
    if name.startswith(("+", "-")) and len(name) == 6:
        hours, minutes = int(name[1:3]), int(name[4:6])
        delta = timedelta(hours=hours, minutes=minutes)
        return timezone(-delta if name[0] == "-" else delta)
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return UTC

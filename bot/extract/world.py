"""Countries and cities of the world by name, in Arabic and English, from CLDR (through Babel).

The gazetteer knows the actors a story names; this knows every place a question might name, so that
"how many died in the floods in <a country the story never mentions>?" is recognised as being about
somewhere else. Names are folded as time zones' city names are (``bot.zones.fold_place``).
"""

from __future__ import annotations

import logging
import zoneinfo
from functools import lru_cache

from babel import Locale

from bot.zones import LOCALES, SKIPPED_ZONE_PREFIXES, fold_place

logger = logging.getLogger(__name__)

# Zones that name no city a reader would ask about: legacy aliases (as for time zones), research stations.
_SKIPPED_ZONES = (*SKIPPED_ZONE_PREFIXES, "Antarctica/")
_MIN_NAME_CHARS = 3


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Every country and exemplar city name CLDR gives, in both languages, folded."""
    names: set[str] = set()
    for code in LOCALES:
        locale = Locale(code)
        names |= {fold_place(n) for key, n in locale.territories.items() if key.isalpha() and len(key) == 2}
    for code in LOCALES:
        # CLDR names a zone's city where it differs from the zone id's own (Damascus, New_York).
        for zone, data in Locale(code).time_zones.items():
            if not zone.startswith(_SKIPPED_ZONES) and data.get("city"):
                names.add(fold_place(str(data["city"])))
    names |= {
        fold_place(zone.rsplit("/", 1)[-1])
        for zone in zoneinfo.available_timezones()
        if "/" in zone and not zone.startswith(_SKIPPED_ZONES)
    }
    found = frozenset(n for n in names if len(n) >= _MIN_NAME_CHARS)
    logger.debug("world places: %d names", len(found))
    return found


_CLITICS = ("و", "ف", "ب", "ل", "وب", "ول", "وفي")


def names_place(words: tuple[str, ...]) -> tuple[str, ...]:
    """The words (or two- and three-word runs) of a normalised question that name a country or city."""
    known = place_names()
    found: list[str] = []
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            run = " ".join(words[i : i + size])
            if run in known or any(run.startswith(c) and run[len(c) :] in known for c in _CLITICS):
                found.append(run)
    return tuple(found)

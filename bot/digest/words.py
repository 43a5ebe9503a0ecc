"""A digest's words in the reader's language, as plain text, for every renderer to format (and escape)."""

from __future__ import annotations

from datetime import tzinfo

from bot.digest.structure import Digest, Point
from bot.messages import join, stance_verb, text
from bot.text import mend_broken_words
from bot.zones import zone_info, zone_label

_PERIOD_FORMAT = "%Y-%m-%d %H:%M"
_HEADLINE_KINDS = ("disputed", "corroborated", "single")


def say(language: str, key: str, /, **values: object) -> str:
    """A digest message from the catalogue (``digest.KEY``), values as they are."""
    return text(language, f"digest.{key}", **values)


def _zone(name: str) -> tzinfo:
    return zone_info(name)


def period(digest: Digest) -> str:
    """The period the digest covers, in the reader's time zone, saying which."""
    zone = _zone(digest.timezone)
    start = digest.start.astimezone(zone).strftime(_PERIOD_FORMAT)
    end = digest.end.astimezone(zone).strftime(_PERIOD_FORMAT)
    where = zone_label(digest.timezone, digest.language)
    return say(digest.language, "period", start=start, end=end, zone=where)


def headline(digest: Digest) -> str:
    """The count line under the title: disputed, corroborated and new points, then new articles."""
    language = digest.language
    parts = [say(language, f"count_{kind}", n=n) for kind in _HEADLINE_KINDS if (n := digest.count(kind))]
    if digest.articles:
        parts.append(say(language, "count_articles", n=digest.articles, outlets=digest.outlet_count))
    return say(language, "headline_separator").join(parts)


def section_heading(language: str, kind: str, title: str = "") -> str:
    """A section's heading: its kind, or a followed story's title (mended, never a broken word)."""
    if title:
        return say(language, "story", title=mend_broken_words(title))
    return say(language, kind)


def speaker_lead(language: str, stance: str, speaker: str | None, disputed: bool) -> str:
    """What comes before a quote: "X says: ", "X denies: "; in a dispute without a speaker "Denied: "."""
    if speaker:
        return f"{speaker} {stance_verb(language, stance, speaker)}: "
    if disputed:
        return f"{text(language, f'side_{stance}' if stance == 'denied' else 'side_affirmed')}: "
    return ""


def sources_list(language: str, names: list[str]) -> str:
    """The outlets of a quote, as the reader lists things."""
    return join(language, names)


def point_note(language: str, point: Point) -> str:
    """How many outlets carry a point, whether it is new or grew, and whether a source was corrected."""
    tag = say(language, "new") if point.new else say(language, "grown", n=point.grown)
    separator = text(language, "answer.clause_separator")
    flag = f"{separator}{say(language, 'corrected')}" if point.corrected else ""
    return f"{say(language, 'outlets', n=point.outlets)}{separator}{tag}{flag}"


def source_note(language: str, name: str, corrected: bool) -> str:
    """A cited source's name, flagged when its article was corrected."""
    return name + (f" ({say(language, 'corrected')})" if corrected else "")

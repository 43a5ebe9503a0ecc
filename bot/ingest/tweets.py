"""Embedded tweets: "text https://t.co/.. — Author (@handle) October 22, 2025", possibly over two lines."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, tzinfo

from bot.ingest.dates import parse_dateline

# The attribution an embedded tweet ends with; the date is whatever a dateline parser accepts.
_TAIL = r"\s*\(@(?P<handle>\w{1,30})\)\s*(?P<date>[^()\n]{6,40}?)\s*$"
# Embeds use an em dash; a plain hyphen is accepted too, but then the author may not contain one.
_ATTRIBUTIONS = (
    re.compile(r"[—–―]\s*(?P<author>[^—–―\n(@]{1,80}?)" + _TAIL),
    re.compile(r"-{1,2}\s*(?P<author>[^—–―\n(@-]{1,80}?)" + _TAIL),
)
_LINK = re.compile(r"(?:https?://|pic\.twitter\.com/)", re.IGNORECASE)
_ONLY_LINKS = re.compile(r"^(?:\s*(?:https?://|pic\.twitter\.com/)\S*)+\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Attribution:
    """Where a tweet's attribution tail starts in its line, and who said it when."""

    start: int  # offset in the line where the tail ("— Author (@handle) date") begins
    author: str
    handle: str
    said_at: datetime | None


def find_attribution(line: str, tz: tzinfo) -> Attribution | None:
    """The tweet attribution at the end of ``line``, if it has one."""
    match = _ATTRIBUTIONS[0].search(line) or _ATTRIBUTIONS[1].search(line)
    if match is None:
        return None
    dateline = parse_dateline(match.group("date"), tz)
    if dateline is None:
        return None
    return Attribution(match.start(), match.group("author").strip(), match.group("handle"), dateline.when)


def link_tail_start(line: str, end: int | None = None) -> int:
    """Where the trailing run of links (t.co, pic.twitter.com, glued or spaced) starts in ``line[:end]``."""
    end = len(line) if end is None else end
    for match in _LINK.finditer(line, 0, end):
        if _ONLY_LINKS.match(line[match.start() : end]):
            return match.start()
    return end

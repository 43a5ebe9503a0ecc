"""The value that travels from cleaning to storage: one article, cleaned, not yet stored."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Tweet:
    """An embedded tweet kept as a quoted statement: its span in ``CleanDocument.text``, author and date."""

    start: int
    end: int
    author: str
    said_at: datetime | None


@dataclass(frozen=True)
class CleanDocument:
    """A cleaned article: ``text`` is the original decoded text minus boilerplate, never normalised."""

    source: str  # the path or URL it was read from
    title: str
    text: str
    language: str
    url: str | None = None
    guid: str | None = None
    outlet: str | None = None  # the publisher
    credited_outlet: str | None = None  # a source the article credits ("according to RFI", a closing credit)
    author: str | None = None
    published_at: datetime | None = None
    published_has_time: bool = False
    title_derived: bool = False
    feed_id: int | None = None
    tweets: tuple[Tweet, ...] = field(default_factory=tuple)
    notes: tuple[str, ...] = ()  # what reading repaired (replaced bytes), for the ingest summary

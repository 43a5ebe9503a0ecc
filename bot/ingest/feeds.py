"""RSS/Atom feeds: parse entries, turn them into documents, follow feeds and poll only what is new."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import feedparser
import httpx

from bot.config import Settings
from bot.errors import IngestError, NotFoundError
from bot.ingest.clean import Hints, clean_text
from bot.ingest.document import CleanDocument
from bot.ingest.fetch import fetch
from bot.ingest.html import fragment_text, utc_from_struct
from bot.text import normalise
from storage import Database
from storage import feeds as feed_store
from storage.articles import article_exists, get_or_create_outlet
from storage.feeds import FeedInfo

logger = logging.getLogger(__name__)

# An entry whose own content has fewer words than this is a teaser: fetch the page it links to.
SUBSTANTIAL_WORDS = 80


@dataclass(frozen=True)
class FeedEntry:
    """One entry of a feed: identity (GUID, link), metadata and its content as plain text."""

    guid: str | None
    url: str | None
    title: str | None
    published_at: datetime | None
    author: str | None
    content: str

    @property
    def substantial(self) -> bool:
        return len(self.content.split()) >= SUBSTANTIAL_WORDS

    @property
    def label(self) -> str:
        return self.url or self.guid or self.title or "feed entry"


@dataclass(frozen=True)
class ParsedFeed:
    """A parsed feed: its title and entries."""

    url: str
    title: str | None
    entries: tuple[FeedEntry, ...]


def parse_feed(body: bytes, source: str) -> ParsedFeed:
    """Parse RSS/Atom bytes; IngestError when they are not a feed."""
    parsed: Any = feedparser.parse(body)
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        detail = f" ({str(problem).splitlines()[0][:120]})" if problem else ""
        raise IngestError(source, f"not an RSS or Atom feed{detail}")
    title = (parsed.feed.get("title") or "").strip() or None
    return ParsedFeed(source, title, tuple(_entry(e) for e in parsed.entries))


def _entry(raw: Any) -> FeedEntry:
    content = ""
    if raw.get("content"):
        content = max((c.get("value", "") for c in raw.content), key=len)
    summary = raw.get("summary", "") or ""
    if len(summary) > len(content):
        content = summary
    return FeedEntry(
        guid=(raw.get("id") or raw.get("guid") or None),
        url=(raw.get("link") or None),
        title=(raw.get("title") or "").strip() or None,
        published_at=utc_from_struct(raw.get("published_parsed") or raw.get("updated_parsed")),
        author=(raw.get("author") or None),
        content=fragment_text(content),
    )


def entry_document(
    client: httpx.Client, entry: FeedEntry, *, settings: Settings, outlet: str | None, feed_id: int | None
) -> CleanDocument:
    """The entry's own content when substantial, otherwise the article at its link."""
    from bot.ingest.read import page_document

    hints = Hints(
        title=entry.title,
        outlet=outlet,
        author=entry.author,
        published_at=entry.published_at,
        published_has_time=entry.published_at is not None,
        url=entry.url,
        guid=entry.guid,
        feed_id=feed_id,
    )
    if entry.substantial:
        return clean_text(entry.content, source=entry.label, tz=settings.tz, hints=hints)
    if not entry.url:
        raise IngestError(entry.label, "feed entry has too little text and no link to fetch")
    fetched = fetch(
        client, entry.url, max_bytes=settings.max_file_bytes, deadline=settings.fetch_deadline_seconds
    )
    return page_document(fetched, entry.url, settings=settings, hints=hints)


def feed_documents(
    client: httpx.Client,
    parsed: ParsedFeed,
    *,
    settings: Settings,
    outlet: str | None,
    feed_id: int | None,
    is_known: Callable[[FeedEntry], bool] | None = None,
) -> Iterator[tuple[FeedEntry, CleanDocument | IngestError | None]]:
    """Each entry with its document, or the IngestError it failed with.

    ``is_known(entry)`` lets polling skip teaser entries already stored (by GUID or URL) without
    fetching their pages again; those come back with None.
    """
    for entry in parsed.entries:
        if is_known is not None and not entry.substantial and is_known(entry):
            yield entry, None
            continue
        try:
            yield entry, entry_document(client, entry, settings=settings, outlet=outlet, feed_id=feed_id)
        except IngestError as exc:
            yield entry, exc


# --- following feeds ------------------------------------------------------------------------------------


def follow_feed(
    db: Database, client: httpx.Client, url: str, *, title: str | None, settings: Settings
) -> FeedInfo:
    """Check that ``url`` is a feed and follow it; its entries come in with the next poll."""
    with db.session() as session:
        existing = feed_store.feed_by_url(session, url)
    if existing is not None:
        raise IngestError(url, f"already followed as feed #{existing.id}")
    fetched = fetch(client, url, max_bytes=settings.max_file_bytes, deadline=settings.fetch_deadline_seconds)
    parsed = parse_feed(fetched.body, url)
    name = (title or parsed.title or "").strip() or None
    with db.session() as session:
        outlet = get_or_create_outlet(session, name=name, key=normalise(name)) if name else None
        return feed_store.add_feed(session, url=url, title=name, outlet_id=outlet.id if outlet else None)


def find_feed(db: Database, url_or_id: str) -> FeedInfo:
    """A followed feed by its id or URL; NotFoundError when there is none."""
    with db.session() as session:
        feed = feed_store.feed_by_id(session, int(url_or_id)) if url_or_id.isdigit() else None
        feed = feed or feed_store.feed_by_url(session, url_or_id)
    if feed is None:
        raise NotFoundError(f"no followed feed with id or URL {url_or_id!r}; see `briefing feeds list`")
    return feed


def unfollow_feed(db: Database, url_or_id: str) -> FeedInfo:
    """Stop following a feed (its stored articles stay)."""
    feed = find_feed(db, url_or_id)
    with db.session() as session:
        feed_store.delete_feed(session, feed.id)
    return feed


def followed_feeds(db: Database) -> list[FeedInfo]:
    """Every followed feed with its polling state."""
    with db.session() as session:
        return feed_store.list_feeds(session)


def known_entry(db: Database, entry: FeedEntry) -> bool:
    """Whether an entry's GUID or URL is already stored."""
    with db.session() as session:
        return article_exists(session, guid=entry.guid, url=entry.url)

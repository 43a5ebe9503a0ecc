"""Queries for followed RSS/Atom feeds: add, list, remove, and the polling state (ETag, Last-Modified)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import Article, Feed, Outlet
from storage.types import utcnow


@dataclass(frozen=True)
class FeedInfo:
    """A followed feed as the CLI and the bot show it."""

    id: int
    url: str
    title: str | None
    outlet: str | None
    etag: str | None
    last_modified: str | None
    last_polled_at: datetime | None
    last_error: str | None
    article_count: int = 0


def _info(feed: Feed, outlet: Outlet | None, article_count: int = 0) -> FeedInfo:
    return FeedInfo(
        id=feed.id,
        url=feed.url,
        title=feed.title,
        outlet=outlet.name if outlet else None,
        etag=feed.etag,
        last_modified=feed.last_modified,
        last_polled_at=feed.last_polled_at,
        last_error=feed.last_error,
        article_count=article_count,
    )


def add_feed(session: Session, *, url: str, title: str | None, outlet_id: int | None) -> FeedInfo:
    """Insert a feed (the caller checked it is not there yet)."""
    feed = Feed(url=url, title=title, outlet_id=outlet_id)
    session.add(feed)
    session.flush()
    return _info(feed, session.get(Outlet, outlet_id) if outlet_id else None)


def feed_by_url(session: Session, url: str) -> FeedInfo | None:
    """The feed with this URL, if followed."""
    feed = session.scalars(select(Feed).where(Feed.url == url)).first()
    return _info(feed, feed.outlet) if feed else None


def feed_by_id(session: Session, feed_id: int) -> FeedInfo | None:
    """The feed with this id, if followed."""
    feed = session.get(Feed, feed_id)
    return _info(feed, feed.outlet) if feed else None


def list_feeds(session: Session) -> list[FeedInfo]:
    """Every followed feed with how many stored articles came from it, oldest first."""
    rows = session.execute(
        select(Article.feed_id, func.count(Article.id))
        .where(Article.feed_id.is_not(None))
        .group_by(Article.feed_id)
    )
    counts = {feed_id: int(n) for feed_id, n in rows}
    feeds = session.scalars(select(Feed).order_by(Feed.id)).all()
    return [_info(feed, feed.outlet, int(counts.get(feed.id, 0))) for feed in feeds]


def delete_feed(session: Session, feed_id: int) -> None:
    """Stop following a feed; its articles stay (their feed link is cleared)."""
    feed = session.get(Feed, feed_id)
    if feed is not None:
        session.delete(feed)
        session.flush()


def record_poll(
    session: Session,
    feed_id: int,
    *,
    etag: str | None,
    last_modified: str | None,
    error: str | None,
    update_validators: bool,
) -> None:
    """Remember when a feed was polled, its new validators (after a full read) and the last error."""
    feed = session.get(Feed, feed_id)
    if feed is None:
        return
    feed.last_polled_at = utcnow()
    feed.last_error = error
    if update_validators:
        feed.etag = etag
        feed.last_modified = last_modified
    session.flush()

"""Store a cleaned document: dedupe, corrections, syndication, sentences, then extraction."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.ingest.document import CleanDocument
from bot.text import normalise, split_sentences
from storage.articles import (
    SentenceRow,
    add_article,
    current_version_of_url,
    find_by_content_hash,
    get_or_create_outlet,
)
from storage.models import Article, Outlet

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoreResult:
    """What happened to one document: added, duplicate or corrected, and the article id."""

    status: str  # added, duplicate, corrected
    article_id: int
    title: str


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def fingerprint(text: str) -> str:
    """A hash of the normalised text: the same story under two outlets gets the same fingerprint."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


def outlet_key(name: str) -> str:
    return normalise(name)


def sentence_rows(doc: CleanDocument) -> list[SentenceRow]:
    """The title (when it is part of the text) and every sentence, tweets marked with author and date."""
    rows = []
    tweets = {(t.start, t.end): t for t in doc.tweets}
    for span in split_sentences(doc.text):
        tweet = next((t for (s, e), t in tweets.items() if s <= span.start and span.end <= e), None)
        kind = "tweet" if tweet else span.kind
        rows.append(
            SentenceRow(
                start=span.start,
                end=span.end,
                kind=kind,
                normalised=normalise(doc.text[span.start : span.end]),
                author=tweet.author if tweet else None,
                said_at=tweet.said_at if tweet else None,
            )
        )
    return rows


def _outlet(session: Session, name: str | None) -> Outlet | None:
    return get_or_create_outlet(session, name=name, key=outlet_key(name)) if name else None


def store_document(session: Session, doc: CleanDocument, *, extract: bool = True) -> StoreResult:
    """Store one document in the caller's transaction; an unchanged re-ingest adds nothing."""
    digest = content_hash(doc.text)
    existing = find_by_content_hash(session, digest)
    if existing is not None:
        return StoreResult("duplicate", existing.id, existing.title)
    previous = current_version_of_url(session, doc.url) if doc.url else None
    outlet = _outlet(session, doc.outlet)
    credited = _outlet(session, doc.credited_outlet)
    article = Article(
        url=doc.url,
        guid=doc.guid,
        source=doc.source,
        feed_id=doc.feed_id,
        outlet_id=outlet.id if outlet else None,
        credited_outlet_id=credited.id if credited else None,
        title=doc.title,
        title_derived=doc.title_derived,
        author=doc.author,
        published_at=doc.published_at,
        published_has_time=doc.published_has_time,
        language=doc.language,
        text=doc.text,
        content_hash=digest,
        fingerprint=fingerprint(doc.text),
        previous_id=previous.id if previous else None,
        is_correction=previous is not None,
    )
    if previous is not None:
        previous.is_current = False
    add_article(session, article, sentence_rows(doc))
    if extract:
        from bot.extract import extract_article

        extract_article(session, article)
    return StoreResult("corrected" if previous else "added", article.id, article.title)

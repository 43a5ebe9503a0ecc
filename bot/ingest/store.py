"""Store a cleaned document: dedupe, corrections, syndication, sentences, then extraction."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.ingest.document import CleanDocument
from bot.ingest.syndication import (
    MIN_CONTAINMENT,
    MIN_SHARED,
    Sketch,
    containment,
    shingle_hashes,
    sketch_of,
)
from bot.text import normalise, split_sentences
from storage.articles import (
    ArticleRef,
    SentenceRow,
    add_article,
    add_shingles,
    article_by_dedupe_key,
    articles_sharing_shingles,
    articles_with_content_hash,
    current_version_of_url,
    get_or_create_outlet,
    get_outlet_by_key,
)
from storage.models import Article, Outlet, article_dedupe_key

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoreResult:
    """What happened to one document: added, duplicate or corrected, and the article id.

    ``syndicated_of_id`` is set when the article was stored as a copy of an earlier one (same story
    under another outlet); ``previous_id`` when it is a corrected version of the same URL.
    """

    status: str  # added, duplicate, corrected
    article_id: int
    title: str
    syndicated_of_id: int | None = None
    previous_id: int | None = None


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def fingerprint(text: str, normalised: str | None = None) -> str:
    """A hash of the normalised text: the same story under two outlets gets the same fingerprint."""
    return hashlib.sha256((normalised or normalise(text)).encode("utf-8")).hexdigest()


def outlet_key(name: str) -> str:
    return normalise(name)


def normalised_body(rows: list[SentenceRow]) -> str:
    """The article's normalised text, from its sentences (the same words as normalising it whole)."""
    return " ".join(row.normalised for row in rows if row.normalised)


def sentence_rows(doc: CleanDocument) -> list[SentenceRow]:
    """The title (when it is part of the text) and every sentence, tweets marked with author and date."""
    rows = []
    title_key = None if doc.title_derived else normalise(doc.title)
    for index, span in enumerate(split_sentences(doc.text)):
        piece = doc.text[span.start : span.end]
        tweet = next((t for t in doc.tweets if t.start <= span.start and span.end <= t.end), None)
        kind = "tweet" if tweet else span.kind
        normalised = normalise(piece)
        if index == 0 and not tweet and title_key and normalised == title_key:
            kind = "title"
        rows.append(
            SentenceRow(
                start=span.start,
                end=span.end,
                kind=kind,
                normalised=normalised,
                author=tweet.author if tweet else None,
                said_at=tweet.said_at if tweet else None,
            )
        )
    return rows


def _outlet(session: Session, name: str | None) -> Outlet | None:
    return get_or_create_outlet(session, name=name, key=outlet_key(name)) if name else None


def _known_outlet_id(session: Session, name: str | None) -> int | None:
    if not name:
        return None
    outlet = get_outlet_by_key(session, outlet_key(name))
    return outlet.id if outlet else None


def store_document(session: Session, doc: CleanDocument, *, extract: bool = True) -> StoreResult:
    """Store one document in the caller's transaction; an unchanged re-ingest adds nothing.

    The same text under the same outlet (or where either has none) is a duplicate; under another
    outlet, or nearly the same text, it is stored linked to the first copy (``syndicated_of_id``).
    """
    digest = content_hash(doc.text)
    same_text = articles_with_content_hash(session, digest)
    outlet_id = _known_outlet_id(session, doc.outlet)
    for existing in same_text:
        if not doc.outlet or existing.outlet_id is None or existing.outlet_id == outlet_id:
            return StoreResult("duplicate", existing.id, existing.title, existing.syndicated_of_id)
    previous = current_version_of_url(session, doc.url) if doc.url else None
    rows = sentence_rows(doc)
    normalised = normalised_body(rows)
    sketch = sketch_of(normalised)
    syndicated_of = _first_copy_of(session, previous, same_text, sketch)
    outlet = _outlet(session, doc.outlet)
    credited = _outlet(session, doc.credited_outlet)
    dedupe_key = article_dedupe_key(digest, outlet.id if outlet else None)
    article = _new_article(
        doc,
        outlet=outlet,
        credited=credited,
        previous=previous,
        digest=digest,
        dedupe_key=dedupe_key,
        normalised=normalised,
        syndicated_of=syndicated_of,
    )
    stored = add_article(session, article, rows)
    if stored is None:  # another writer stored this very article since we looked
        first = article_by_dedupe_key(session, dedupe_key)
        assert first is not None, "a conflicting dedupe key names a stored article"
        return StoreResult("duplicate", first.id, first.title, first.syndicated_of_id)
    article = stored
    if previous is not None:
        previous.is_current = False
    add_shingles(session, article.id, sketch.bottom)
    if syndicated_of is not None:
        logger.info("article %s is a syndicated copy of article %s", article.id, syndicated_of)
    if extract:
        from bot.extract import extract_article
        from bot.stories import assign_article

        extract_article(session, article)
        assign_article(session, article.id)
    status = "corrected" if previous else "added"
    return StoreResult(status, article.id, article.title, syndicated_of, previous.id if previous else None)


def _first_copy_of(
    session: Session, previous: Article | None, same_text: list[ArticleRef], sketch: Sketch
) -> int | None:
    """The article this one copies: a correction keeps its first version's, the same text its first copy."""
    if previous is not None:
        return previous.syndicated_of_id
    if same_text:
        return same_text[0].syndicated_of_id or same_text[0].id
    return _near_duplicate_of(session, sketch)


def _new_article(
    doc: CleanDocument,
    *,
    outlet: Outlet | None,
    credited: Outlet | None,
    previous: Article | None,
    digest: str,
    dedupe_key: str,
    normalised: str,
    syndicated_of: int | None,
) -> Article:
    """The new article's row: the document, its outlets, the version it corrects and the copy it repeats."""
    return Article(
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
        dedupe_key=dedupe_key,
        fingerprint=fingerprint(doc.text, normalised),
        syndicated_of_id=syndicated_of,
        previous_id=previous.id if previous else None,
        is_correction=previous is not None,
    )


def _near_duplicate_of(session: Session, sketch: Sketch) -> int | None:
    """The first copy of a stored article this text nearly repeats, confirmed on full shingle sets."""
    for candidate, _shared in articles_sharing_shingles(session, sketch.bottom, at_least=MIN_SHARED):
        theirs = frozenset(shingle_hashes(normalise(candidate.text)))
        if containment(sketch.shingles, theirs) >= MIN_CONTAINMENT:
            return candidate.syndicated_of_id or candidate.id
    return None

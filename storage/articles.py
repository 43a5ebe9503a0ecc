"""Queries for outlets, articles and their sentences."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Article, Outlet, Sentence


@dataclass(frozen=True)
class SentenceRow:
    """A sentence to store: offsets into the article text, its kind and normalised form."""

    start: int
    end: int
    kind: str
    normalised: str
    author: str | None = None
    said_at: datetime | None = None


def get_or_create_outlet(session: Session, *, name: str, key: str, site: str | None = None) -> Outlet:
    """The outlet with this normalised key, created on first sight."""
    outlet = session.scalars(select(Outlet).where(Outlet.key == key)).first()
    if outlet is None:
        outlet = Outlet(name=name, key=key, site=site)
        session.add(outlet)
        session.flush()
    return outlet


def add_article(session: Session, article: Article, sentences: list[SentenceRow]) -> Article:
    """Insert an article with its sentences (the caller owns the transaction)."""
    session.add(article)
    session.flush()
    session.add_all(
        Sentence(
            article_id=article.id,
            position=i,
            start_offset=s.start,
            end_offset=s.end,
            kind=s.kind,
            normalised=s.normalised,
            author=s.author,
            said_at=s.said_at,
        )
        for i, s in enumerate(sentences)
    )
    session.flush()
    return article


def find_by_content_hash(session: Session, content_hash: str) -> Article | None:
    """An article (any version) with exactly this content."""
    return session.scalars(select(Article).where(Article.content_hash == content_hash).limit(1)).first()


def current_version_of_url(session: Session, url: str) -> Article | None:
    """The current version of the article at ``url``, if any."""
    stmt = select(Article).where(Article.url == url, Article.is_current.is_(True)).limit(1)
    return session.scalars(stmt).first()

"""Queries for outlets, articles and their sentences."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, insert, inspect, or_, select
from sqlalchemy.orm import Session

from storage.models import IS_CURRENT, Article, ArticleShingle, Base, Outlet, Sentence
from storage.upserts import dialect_insert

# Tables for Core bulk inserts (typed as Table, which ``Model.__table__`` is not).
_SENTENCES = Base.metadata.tables[Sentence.__tablename__]
_SHINGLES = Base.metadata.tables[ArticleShingle.__tablename__]
_ARTICLES = Base.metadata.tables[Article.__tablename__]
_OUTLETS = Base.metadata.tables[Outlet.__tablename__]


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
    """The outlet with this normalised key, created on first sight (insert-or-skip: two writers naming
    a new outlet at once get the same row)."""
    outlet = session.scalars(select(Outlet).where(Outlet.key == key)).first()
    if outlet is None:
        stmt = dialect_insert(session, _OUTLETS).values(name=name, key=key, site=site)
        session.execute(stmt.on_conflict_do_nothing(index_elements=["key"]))
        outlet = session.scalars(select(Outlet).where(Outlet.key == key)).one()
    return outlet


def add_article(session: Session, article: Article, sentences: list[SentenceRow]) -> Article | None:
    """Insert an article with its sentences (the caller owns the transaction), or nothing when the same
    article (``dedupe_key``) is already stored: then None, and the caller reports a duplicate."""
    values = {
        attr.key: getattr(article, attr.key)
        for attr in inspect(Article).column_attrs
        if getattr(article, attr.key) is not None
    }
    stmt = dialect_insert(session, _ARTICLES).values(**values)
    skip = stmt.on_conflict_do_nothing(index_elements=["dedupe_key"]).returning(_ARTICLES.c.id)
    new_id = session.execute(skip).scalar()
    if new_id is None:
        return None
    article = session.get_one(Article, new_id)
    if sentences:
        # A Core bulk INSERT: dozens of sentences per article; ORM objects for them cost more than the rest.
        session.connection().execute(
            insert(_SENTENCES),
            [
                {
                    "article_id": article.id,
                    "position": i,
                    "start_offset": s.start,
                    "end_offset": s.end,
                    "kind": s.kind,
                    "normalised": s.normalised,
                    "author": s.author,
                    "said_at": s.said_at,
                }
                for i, s in enumerate(sentences)
            ],
        )
    return article


def article_by_dedupe_key(session: Session, dedupe_key: str) -> ArticleRef | None:
    """The stored article with this dedupe key, if any."""
    stmt = select(Article.id, Article.title, Article.outlet_id, Article.syndicated_of_id).where(
        Article.dedupe_key == dedupe_key
    )
    row = session.execute(stmt).first()
    return ArticleRef(**row._mapping) if row else None


def find_by_content_hash(session: Session, content_hash: str) -> Article | None:
    """An article (any version) with exactly this content."""
    return session.scalars(select(Article).where(Article.content_hash == content_hash).limit(1)).first()


def current_version_of_url(session: Session, url: str) -> Article | None:
    """The current version of the article at ``url``, if any."""
    stmt = select(Article).where(Article.url == url, IS_CURRENT).limit(1)
    return session.scalars(stmt).first()


def get_outlet_by_key(session: Session, key: str) -> Outlet | None:
    """The outlet with this normalised key, if it is known."""
    return session.scalars(select(Outlet).where(Outlet.key == key)).first()


@dataclass(frozen=True)
class ArticleRef:
    """The few columns dedupe needs about a stored article."""

    id: int
    title: str
    outlet_id: int | None
    syndicated_of_id: int | None


def articles_with_content_hash(session: Session, content_hash: str) -> list[ArticleRef]:
    """Every stored article (any version, any outlet) with exactly this content, oldest first."""
    stmt = (
        select(Article.id, Article.title, Article.outlet_id, Article.syndicated_of_id)
        .where(Article.content_hash == content_hash)
        .order_by(Article.id)
    )
    return [ArticleRef(**row._mapping) for row in session.execute(stmt)]


def add_shingles(session: Session, article_id: int, hashes: Iterable[int]) -> None:
    """Store an article's shingle sketch."""
    rows = [{"article_id": article_id, "hash": h} for h in sorted(set(hashes))]
    if rows:
        session.connection().execute(insert(_SHINGLES), rows)


def articles_sharing_shingles(
    session: Session, hashes: Sequence[int], *, at_least: int, limit: int = 3
) -> list[tuple[Article, int]]:
    """Current articles sharing at least ``at_least`` of these sketch hashes, most shared first."""
    if not hashes:
        return []
    shared = func.count(ArticleShingle.hash).label("shared")
    stmt = (
        select(ArticleShingle.article_id, shared)
        .where(ArticleShingle.hash.in_(list(set(hashes))))
        .group_by(ArticleShingle.article_id)
        .having(shared >= at_least)
        .order_by(shared.desc(), ArticleShingle.article_id)
        .limit(limit * 3)
    )
    counts = {row.article_id: int(row.shared) for row in session.execute(stmt)}
    if not counts:
        return []
    articles = session.scalars(select(Article).where(Article.id.in_(list(counts)), IS_CURRENT)).all()
    ranked = sorted(articles, key=lambda a: (-counts[a.id], a.id))
    return [(a, counts[a.id]) for a in ranked[:limit]]


def article_exists(session: Session, *, guid: str | None = None, url: str | None = None) -> bool:
    """Whether an article with this feed GUID or this URL is already stored."""
    conditions = []
    if guid:
        conditions.append(Article.guid == guid)
    if url:
        conditions.append(Article.url == url)
    if not conditions:
        return False
    return session.scalars(select(Article.id).where(or_(*conditions)).limit(1)).first() is not None


def count_articles(session: Session) -> int:
    """How many article versions are stored."""
    return int(session.scalar(select(func.count(Article.id))) or 0)


def has_articles(session: Session) -> bool:
    """Whether any article is stored at all."""
    return session.scalars(select(Article.id).limit(1)).first() is not None


def article_text(session: Session, *, article_id: int) -> str | None:
    """An article's stored text (the original, which every quote is cut from)."""
    return session.scalar(select(Article.text).where(Article.id == article_id))

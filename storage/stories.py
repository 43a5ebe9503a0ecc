"""Queries for stories: which story an article is in, each story's entities and titles, and listings.

Every lookup made while an article is assigned is bounded by its arguments (the article's own entities
and claim groups, a limit per entity, a time window), never by the number of stories stored.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, bindparam, case, delete, distinct, func, insert, or_, select, union_all, update
from sqlalchemy.orm import Session, aliased

from storage.models import (
    IS_CURRENT,
    Article,
    Claim,
    ClaimGroup,
    ClaimVector,
    Entity,
    Mention,
    Outlet,
    Story,
    StoryArticle,
    StoryEntity,
    StoryFollow,
    StoryTitle,
)
from storage.types import IN_LIST, chunks, utcnow

# --- values crossing layers -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ArticleFacts:
    """What story assignment reads of an article: its time, language, headline and the copies it links."""

    id: int
    language: str
    title: str
    title_derived: bool
    when: datetime | None  # published; None when the article gives no date (its first sight says little)
    seen_at: datetime  # published, else first seen: the order of a story's articles
    previous_id: int | None
    syndicated_of_id: int | None
    is_current: bool


@dataclass(frozen=True)
class ArticleEntity:
    """An entity an article names: how often there, and how often in the whole store."""

    entity_id: int
    kind: str
    in_article: int
    in_store: int


@dataclass(frozen=True)
class StoryShape:
    """A candidate story as scoring reads it: size, time span and its counts of the article's entities."""

    id: int
    article_count: int
    first_at: datetime | None
    last_at: datetime | None
    entity_articles: Mapping[int, int]  # entity id -> how many of the story's articles name it
    vector: bytes | None  # the sum of its articles' meaning vectors (float32)


@dataclass(frozen=True)
class StoryLink:
    """An article's place in a story."""

    story_id: int
    pinned: bool


@dataclass(frozen=True)
class TitleRow:
    """A story's title in one language and the article it comes from."""

    story_id: int
    language: str
    article_id: int
    title: str
    centrality: float


@dataclass(frozen=True)
class StoryRow:
    """One story for a listing: counts and time span; titles, entities and disputes are read apart."""

    id: int
    first_at: datetime | None
    last_at: datetime | None
    article_count: int
    manual: bool


@dataclass(frozen=True)
class MainEntity:
    """One of a story's most named entities."""

    entity_id: int
    name: str
    kind: str
    articles: int


@dataclass(frozen=True)
class CoverageRow:
    """One article of a story for its coverage chart: who published it and when (None: undated)."""

    article_id: int
    publisher: str | None
    credited: str | None
    url: str | None  # only when neither outlet is known: the site then names the source
    published_at: datetime | None


@dataclass(frozen=True)
class StoryGroups:
    """A story's most telling claim groups (disputed, then carried by most outlets, then earliest), and
    how many groups the story has in all."""

    group_ids: tuple[int, ...]
    total: int


# --- an article's facts ---------------------------------------------------------------------------------


def article_facts(session: Session, article_id: int) -> ArticleFacts | None:
    """The facts of one article, or None when it is not stored."""
    stmt = select(
        Article.id,
        Article.language,
        Article.title,
        Article.title_derived,
        Article.published_at,
        Article.first_seen_at,
        Article.previous_id,
        Article.syndicated_of_id,
        Article.is_current,
    ).where(Article.id == article_id)
    row = session.execute(stmt).first()
    if row is None:
        return None
    seen_at = row[4] or row[5]
    return ArticleFacts(
        int(row[0]), str(row[1]), str(row[2]), bool(row[3]), row[4], seen_at, row[6], row[7], bool(row[8])
    )


def article_entities(session: Session, article_id: int) -> list[ArticleEntity]:
    """The entities an article names, with their mention counts there and in the store."""
    stmt = (
        select(Mention.entity_id, Entity.kind, func.count(), Entity.mention_count)
        .join(Entity, Entity.id == Mention.entity_id)
        .where(Mention.article_id == article_id)
        .group_by(Mention.entity_id, Entity.kind, Entity.mention_count)
    )
    return [ArticleEntity(int(e), str(k), int(n), int(m or 0)) for e, k, n, m in session.execute(stmt)]


def article_groups(session: Session, article_id: int) -> set[int]:
    """The claim groups an article's claims belong to."""
    stmt = (
        select(Claim.group_id).where(Claim.article_id == article_id, Claim.group_id.is_not(None)).distinct()
    )
    return {int(g) for g in session.scalars(stmt) if g is not None}


def article_vectors(session: Session, article_id: int) -> list[bytes]:
    """The meaning vectors (int8) of an article's claims."""
    stmt = (
        select(ClaimVector.vector)
        .join(Claim, Claim.id == ClaimVector.claim_id)
        .where(Claim.article_id == article_id)
    )
    return [bytes(v) for v in session.scalars(stmt)]


def articles_entities(session: Session, article_ids: Iterable[int]) -> dict[int, set[int]]:
    """The entities each of a few articles names (to rank their headlines)."""
    wanted = sorted(set(article_ids))
    out: dict[int, set[int]] = {a: set() for a in wanted}
    for chunk in chunks(wanted):
        stmt = select(Mention.article_id, Mention.entity_id).where(Mention.article_id.in_(chunk))
        for article_id, entity_id in session.execute(stmt.distinct()):
            out[int(article_id)].add(int(entity_id))
    return out


# --- candidates -----------------------------------------------------------------------------------------


def stories_naming(
    session: Session, entity_ids: Iterable[int], *, since: datetime | None, per_entity: int
) -> set[int]:
    """Stories naming any of ``entity_ids``: the latest ``per_entity`` of each, none older than ``since``."""
    parts = []
    for entity_id in sorted(set(entity_ids)):
        stmt = select(StoryEntity.story_id).where(StoryEntity.entity_id == entity_id)
        if since is not None:
            stmt = stmt.where(or_(StoryEntity.last_at.is_(None), StoryEntity.last_at >= since))
        parts.append(stmt.order_by(StoryEntity.last_at.desc()).limit(per_entity).subquery().select())
    if not parts:
        return set()
    # One statement: each entity's own bounded, indexed look-up, read together.
    return {int(s) for s in session.scalars(union_all(*parts))}


def stories_sharing_groups(
    session: Session, group_ids: Iterable[int], *, article_id: int, limit: int
) -> dict[int, set[int]]:
    """Stories holding other claims of ``group_ids`` (at most ``limit`` claims read): story -> groups."""
    wanted = sorted(set(group_ids))
    out: dict[int, set[int]] = {}
    if not wanted:
        return out
    stmt = (
        select(StoryArticle.story_id, Claim.group_id)
        .join(StoryArticle, StoryArticle.article_id == Claim.article_id)
        .where(Claim.group_id.in_(wanted[:IN_LIST]), Claim.article_id != article_id)
        .limit(limit)
    )
    for story_id, group_id in session.execute(stmt):
        if group_id is not None:
            out.setdefault(int(story_id), set()).add(int(group_id))
    return out


def story_shapes(session: Session, story_ids: Iterable[int], entity_ids: Iterable[int]) -> list[StoryShape]:
    """Each story's size and span, with its counts of the given entities only."""
    wanted, entities = sorted(set(story_ids)), sorted(set(entity_ids))
    counts: dict[int, dict[int, int]] = {s: {} for s in wanted}
    rows: list[tuple[int, int, datetime | None, datetime | None, bytes | None]] = []
    session.flush()  # raw rows through the connection: nothing pending may be missed
    connection = session.connection()
    for chunk in chunks(wanted):
        for i, n, f, t, v in connection.execute(_SHAPES, {"ids": chunk}):
            rows.append((int(i), int(n), f, t, v))
        for entity_chunk in chunks(entities):
            for story_id, entity_id, n in connection.execute(
                _STORY_ENTITIES, {"ids": chunk, "entities": entity_chunk}
            ):
                counts[int(story_id)][int(entity_id)] = int(n)
    return [StoryShape(i, n, f, t, counts[i], v) for i, n, f, t, v in rows]


# Built once: every article joining a story reads its shape two or three times.
_SHAPES = select(Story.id, Story.article_count, Story.first_at, Story.last_at, Story.vector).where(
    Story.id.in_(bindparam("ids", expanding=True))
)
_STORY_ENTITIES = select(StoryEntity.story_id, StoryEntity.entity_id, StoryEntity.articles).where(
    StoryEntity.story_id.in_(bindparam("ids", expanding=True)),
    StoryEntity.entity_id.in_(bindparam("entities", expanding=True)),
)


def story_of(session: Session, article_id: int) -> StoryLink | None:
    """The story an article is in, if any."""
    row = session.execute(
        select(StoryArticle.story_id, StoryArticle.pinned).where(StoryArticle.article_id == article_id)
    ).first()
    return StoryLink(int(row[0]), bool(row[1])) if row else None


def stories_of_articles(session: Session, article_ids: Iterable[int]) -> dict[int, int]:
    """Article id -> story id, for the articles that are in one."""
    wanted = sorted(set(article_ids))
    out: dict[int, int] = {}
    for chunk in chunks(wanted):
        stmt = select(StoryArticle.article_id, StoryArticle.story_id).where(
            StoryArticle.article_id.in_(chunk)
        )
        out.update({int(a): int(s) for a, s in session.execute(stmt)})
    return out


# --- writing --------------------------------------------------------------------------------------------


def create_story(session: Session, *, manual: bool = False) -> int:
    """A new, empty story; returns its id."""
    result = session.execute(insert(Story).values(article_count=0, manual=manual).returning(Story.id))
    return int(result.scalar_one())


def place_article(
    session: Session, *, article_id: int, story_id: int, seen_at: datetime | None, score: float, pinned: bool
) -> None:
    """Put an article in a story (replacing the story it was in)."""
    session.execute(delete(StoryArticle).where(StoryArticle.article_id == article_id))
    session.execute(
        insert(StoryArticle).values(
            article_id=article_id, story_id=story_id, seen_at=seen_at, score=score, pinned=pinned
        )
    )


def count_article_in(
    session: Session,
    story_id: int,
    *,
    when: datetime | None,
    entity_ids: Iterable[int],
    known: Iterable[int],
    vector: bytes | None,
) -> None:
    """Add one article to a story's size, span, entity counts and vector (``vector``: the new sum).

    ``known`` are the entities the story already counts.
    """
    story = session.get(Story, story_id)
    assert story is not None, "an article is counted into a stored story"
    story.article_count += 1
    if vector is not None:
        story.vector = vector
    if when is not None:
        story.first_at = when if story.first_at is None else min(story.first_at, when)
        story.last_at = when if story.last_at is None else max(story.last_at, when)
    story.updated_at = utcnow()
    entities, had = sorted(set(entity_ids)), set(known)
    fresh = [
        {"story_id": story_id, "entity_id": e, "articles": 1, "last_at": when}
        for e in entities
        if e not in had
    ]
    if fresh:
        session.execute(insert(StoryEntity), fresh)
    old = [e for e in entities if e in had]
    if old:
        stmt = (
            update(StoryEntity)
            .where(StoryEntity.story_id == story_id, StoryEntity.entity_id == bindparam("entity"))
            .values(articles=StoryEntity.articles + 1)
        )
        session.connection().execute(stmt, [{"entity": e} for e in old])
        if when is not None:
            later = (
                update(StoryEntity)
                .where(StoryEntity.story_id == story_id, StoryEntity.entity_id.in_(old))
                .where(or_(StoryEntity.last_at.is_(None), StoryEntity.last_at < when))
                .values(last_at=when)
            )
            session.execute(later)


def uncount_article(session: Session, article_id: int) -> None:
    """Take a replaced article out of its story: an article's newer version takes its place.

    Its entity counts stay: the newer version, counted in next, names much the same (and a story's
    shares of its articles are capped at one).
    """
    link = story_of(session, article_id)
    if link is None:
        return
    session.execute(delete(StoryArticle).where(StoryArticle.article_id == article_id))
    session.execute(
        update(Story)
        .where(Story.id == link.story_id, Story.article_count > 0)
        .values(article_count=Story.article_count - 1)
    )


def title_row(session: Session, story_id: int, language: str) -> TitleRow | None:
    """A story's title in one language, if it has one."""
    stmt = select(StoryTitle).where(StoryTitle.story_id == story_id, StoryTitle.language == language)
    row = session.scalars(stmt).first()
    if row is None:
        return None
    return TitleRow(row.story_id, row.language, row.article_id, row.title, row.centrality)


def set_title(session: Session, row: TitleRow) -> None:
    """Store a story's title in one language (replacing the one it had)."""
    session.execute(
        delete(StoryTitle).where(StoryTitle.story_id == row.story_id, StoryTitle.language == row.language)
    )
    session.execute(
        insert(StoryTitle).values(
            story_id=row.story_id,
            language=row.language,
            article_id=row.article_id,
            title=row.title,
            centrality=row.centrality,
        )
    )


def move_entity(session: Session, keep: int, drop: int) -> None:
    """Fold an entity merged into another in every story's counts (the larger count wins)."""
    kept = select(StoryEntity.story_id).where(StoryEntity.entity_id == keep)
    both = session.execute(
        select(StoryEntity.story_id, StoryEntity.articles).where(
            StoryEntity.entity_id == drop, StoryEntity.story_id.in_(kept)
        )
    ).all()
    for story_id, articles in both:
        session.execute(
            update(StoryEntity)
            .where(StoryEntity.story_id == story_id, StoryEntity.entity_id == keep)
            .where(StoryEntity.articles < articles)
            .values(articles=articles)
        )
    session.execute(delete(StoryEntity).where(StoryEntity.entity_id == drop, StoryEntity.story_id.in_(kept)))
    session.execute(update(StoryEntity).where(StoryEntity.entity_id == drop).values(entity_id=keep))


def clear_story_entities(session: Session) -> None:
    """Forget every story's entity counts (the entities themselves are being rebuilt)."""
    session.execute(delete(StoryEntity))


# --- operators and rebuilds -----------------------------------------------------------------------------


def story_exists(session: Session, story_id: int) -> bool:
    return session.get(Story, story_id) is not None


def story_article_ids(session: Session, story_id: int) -> list[int]:
    """The articles of one story, oldest first (an operator's merge or split reads them all)."""
    stmt = (
        select(StoryArticle.article_id)
        .where(StoryArticle.story_id == story_id)
        .order_by(StoryArticle.seen_at, StoryArticle.article_id)
    )
    return [int(a) for a in session.scalars(stmt)]


def pin_articles(session: Session, article_ids: Sequence[int], story_id: int) -> None:
    """Move articles to a story and pin them there: later ingests and rebuilds leave them in place."""
    for chunk in chunks(sorted(set(article_ids))):
        session.execute(
            update(StoryArticle)
            .where(StoryArticle.article_id.in_(chunk))
            .values(story_id=story_id, pinned=True)
        )
    session.execute(update(Story).where(Story.id == story_id).values(manual=True, updated_at=utcnow()))


def reset_story(session: Session, story_id: int) -> None:
    """Empty a story's counts, entities and titles, for its articles to be counted in again."""
    session.execute(delete(StoryEntity).where(StoryEntity.story_id == story_id))
    session.execute(delete(StoryTitle).where(StoryTitle.story_id == story_id))
    session.execute(
        update(Story)
        .where(Story.id == story_id)
        .values(article_count=0, first_at=None, last_at=None, vector=None)
    )


def delete_story(session: Session, story_id: int) -> None:
    session.execute(delete(Story).where(Story.id == story_id))


def reset_for_rebuild(session: Session) -> list[int]:
    """Drop every assignment an operator did not pin and every story left empty; returns the pinned stories.

    The stories that keep pinned articles are emptied of their counts, to be counted in again.
    """
    session.execute(delete(StoryArticle).where(StoryArticle.pinned.is_(False)))
    session.execute(delete(Story).where(Story.id.not_in(select(StoryArticle.story_id))))
    kept = [int(s) for s in session.scalars(select(Story.id).order_by(Story.id))]
    session.execute(delete(StoryEntity))
    session.execute(delete(StoryTitle))
    session.execute(update(Story).values(article_count=0, first_at=None, last_at=None, vector=None))
    return kept


def articles_in_time_order(session: Session) -> list[int]:
    """Every current article, oldest first by publication (else first seen): the order a rebuild replays."""
    when = func.coalesce(Article.published_at, Article.first_seen_at)
    stmt = select(Article.id).where(Article.is_current.is_(True)).order_by(when, Article.id)
    return [int(a) for a in session.scalars(stmt)]


# --- listings -------------------------------------------------------------------------------------------


def list_stories(session: Session, *, limit: int, story_ids: Iterable[int] | None = None) -> list[StoryRow]:
    """Stories with articles, the most recently active first (or just ``story_ids``)."""
    stmt = select(Story.id, Story.first_at, Story.last_at, Story.article_count, Story.manual).where(
        Story.article_count > 0
    )
    if story_ids is not None:
        stmt = stmt.where(Story.id.in_(sorted(set(story_ids))[:IN_LIST]))
    stmt = stmt.order_by(Story.last_at.desc(), Story.id.desc()).limit(limit)
    return [StoryRow(int(i), f, t, int(n), bool(m)) for i, f, t, n, m in session.execute(stmt)]


def outlet_counts(session: Session, story_ids: Iterable[int]) -> dict[int, int]:
    """How many outlets published each story's articles."""
    wanted = sorted(set(story_ids))
    stmt = (
        select(StoryArticle.story_id, func.count(distinct(Article.outlet_id)))
        .join(Article, Article.id == StoryArticle.article_id)
        .where(StoryArticle.story_id.in_(wanted[:IN_LIST]))
        .group_by(StoryArticle.story_id)
    )
    return {int(s): int(n) for s, n in session.execute(stmt)}


def disputed_counts(session: Session, story_ids: Iterable[int]) -> dict[int, int]:
    """How many disputed claim groups each story's articles carry."""
    wanted = sorted(set(story_ids))
    stmt = (
        select(StoryArticle.story_id, func.count(distinct(Claim.group_id)))
        .join(Claim, Claim.article_id == StoryArticle.article_id)
        .join(ClaimGroup, ClaimGroup.id == Claim.group_id)
        .where(StoryArticle.story_id.in_(wanted[:IN_LIST]), ClaimGroup.status == "disputed")
        .group_by(StoryArticle.story_id)
    )
    return {int(s): int(n) for s, n in session.execute(stmt)}


def main_entities(session: Session, story_id: int, *, limit: int) -> list[MainEntity]:
    """A story's most named entities (outlets aside), the most articles first."""
    stmt = (
        select(Entity.id, Entity.name, Entity.kind, StoryEntity.articles)
        .join(StoryEntity, StoryEntity.entity_id == Entity.id)
        .where(StoryEntity.story_id == story_id, Entity.kind != "outlet")
        .order_by(StoryEntity.articles.desc(), Entity.mention_count.desc(), Entity.id)
        .limit(limit)
    )
    return [MainEntity(int(i), str(n), str(k), int(a)) for i, n, k, a in session.execute(stmt)]


def titles_of(session: Session, story_ids: Iterable[int]) -> dict[int, dict[str, str]]:
    """Each story's titles by language."""
    wanted = sorted(set(story_ids))
    out: dict[int, dict[str, str]] = {s: {} for s in wanted}
    stmt = select(StoryTitle.story_id, StoryTitle.language, StoryTitle.title).where(
        StoryTitle.story_id.in_(wanted[:IN_LIST])
    )
    for story_id, language, title in session.execute(stmt):
        out[int(story_id)][str(language)] = str(title)
    return out


def languages_of(session: Session, story_ids: Iterable[int]) -> dict[int, set[str]]:
    """The languages each story has articles in."""
    wanted = sorted(set(story_ids))
    out: dict[int, set[str]] = {s: set() for s in wanted}
    stmt = (
        select(StoryArticle.story_id, Article.language)
        .join(Article, Article.id == StoryArticle.article_id)
        .where(StoryArticle.story_id.in_(wanted[:IN_LIST]))
        .distinct()
    )
    for story_id, language in session.execute(stmt):
        out[int(story_id)].add(str(language))
    return out


def headline_candidates(session: Session, story_id: int, *, limit: int) -> list[tuple[int, str, str]]:
    """(article id, language, headline) of a story's articles with a headline of their own."""
    stmt = (
        select(Article.id, Article.language, Article.title)
        .join(StoryArticle, StoryArticle.article_id == Article.id)
        .where(StoryArticle.story_id == story_id, Article.title_derived.is_(False))
        .order_by(StoryArticle.seen_at, Article.id)
        .limit(limit)
    )
    return [(int(a), str(lang), str(t)) for a, lang, t in session.execute(stmt)]


# --- timelines -----------------------------------------------------------------------------------------


def story_groups(session: Session, story_id: int, *, limit: int) -> StoryGroups:
    """The story's claim groups that a timeline shows first (at most ``limit``), and how many it has."""
    in_story = (
        select(Claim.group_id)
        .join(StoryArticle, StoryArticle.article_id == Claim.article_id)
        .join(Article, Article.id == Claim.article_id)
        .where(StoryArticle.story_id == story_id, Claim.group_id.is_not(None), IS_CURRENT)
    )
    total = session.scalar(select(func.count()).select_from(in_story.distinct().subquery())) or 0
    earliest = func.min(func.coalesce(Claim.published_at, Article.published_at, Article.first_seen_at))
    ranked = (
        in_story.add_columns(ClaimGroup.status, ClaimGroup.outlet_count)
        .join(ClaimGroup, ClaimGroup.id == Claim.group_id)
        .group_by(Claim.group_id, ClaimGroup.status, ClaimGroup.outlet_count)
        .order_by(
            case((ClaimGroup.status == "disputed", 0), else_=1),
            ClaimGroup.outlet_count.desc(),
            earliest,
            Claim.group_id,
        )
        .limit(limit)
    )
    return StoryGroups(tuple(int(row[0]) for row in session.execute(ranked)), int(total))


def largest_story(session: Session) -> int | None:
    """The story with the most articles (the newest of equals), or None when there is none."""
    stmt = (
        select(Story.id)
        .where(Story.article_count > 0)
        .order_by(Story.article_count.desc(), Story.last_at.desc(), Story.id.desc())
        .limit(1)
    )
    found = session.scalar(stmt)
    return int(found) if found is not None else None


# --- answers --------------------------------------------------------------------------------------------


def claims_in_story(session: Session, claim_ids: Collection[int], story_id: int) -> set[int]:
    """Those of ``claim_ids`` whose article is in the story."""
    wanted = sorted(set(claim_ids))
    found: set[int] = set()
    for chunk in chunks(wanted):
        stmt = (
            select(Claim.id)
            .join(StoryArticle, StoryArticle.article_id == Claim.article_id)
            .where(Claim.id.in_(chunk), StoryArticle.story_id == story_id)
        )
        found.update(int(c) for c in session.scalars(stmt))
    return found


def stories_naming_most(session: Session, entity_id: int, *, limit: int) -> list[tuple[int, float]]:
    """The stories naming an entity, with the share of their articles that do, the largest share first."""
    stmt = (
        select(StoryEntity.story_id, StoryEntity.articles, Story.article_count)
        .join(Story, Story.id == StoryEntity.story_id)
        .where(StoryEntity.entity_id == entity_id)
        .order_by(StoryEntity.articles.desc(), StoryEntity.story_id)
        .limit(limit)
    )
    return [(int(s), int(a) / max(int(n), 1)) for s, a, n in session.execute(stmt)]


# --- follows --------------------------------------------------------------------------------------------


def add_story_follow(session: Session, *, chat_id: int, story_id: int) -> bool:
    """Follow a story; False when the chat already follows it."""
    if session.get(StoryFollow, (chat_id, story_id)) is not None:
        return False
    session.add(StoryFollow(chat_id=chat_id, story_id=story_id))
    session.flush()
    return True


def remove_story_follow(session: Session, *, chat_id: int, story_id: int) -> bool:
    """Stop following a story; False when the chat did not follow it."""
    follow = session.get(StoryFollow, (chat_id, story_id))
    if follow is None:
        return False
    session.delete(follow)
    session.flush()
    return True


def followed_stories(session: Session, *, chat_id: int) -> list[int]:
    """The stories a chat follows, in the order it followed them."""
    stmt = (
        select(StoryFollow.story_id)
        .where(StoryFollow.chat_id == chat_id)
        .order_by(StoryFollow.created_at, StoryFollow.story_id)
    )
    return [int(s) for s in session.scalars(stmt)]


def followed_stories_by_chats(session: Session, chat_ids: Sequence[int]) -> dict[int, tuple[int, ...]]:
    """For each chat following any, the stories it follows, in the order it followed them."""
    found: dict[int, list[int]] = {}
    for chunk in chunks(sorted(set(chat_ids))):
        stmt = (
            select(StoryFollow.chat_id, StoryFollow.story_id)
            .where(StoryFollow.chat_id.in_(chunk))
            .order_by(StoryFollow.created_at, StoryFollow.story_id)
        )
        for chat_id, story_id in session.execute(stmt):
            found.setdefault(int(chat_id), []).append(int(story_id))
    return {chat_id: tuple(ids) for chat_id, ids in found.items()}


def followed_story_entities(
    session: Session, chat_ids: Sequence[int], *, per_story: int
) -> dict[int, set[int]]:
    """For each chat, the main entities (not countries or outlets) of the stories it follows."""
    follows: dict[int, set[int]] = {}
    for chunk in chunks(sorted(set(chat_ids))):
        stmt = select(StoryFollow.chat_id, StoryFollow.story_id).where(StoryFollow.chat_id.in_(chunk))
        for chat_id, story_id in session.execute(stmt):
            follows.setdefault(int(chat_id), set()).add(int(story_id))
    main: dict[int, set[int]] = {}
    for story_id in sorted(set().union(*follows.values()) if follows else set()):
        top = (
            select(StoryEntity.entity_id)
            .join(Entity, Entity.id == StoryEntity.entity_id)
            .where(StoryEntity.story_id == story_id, Entity.kind.not_in(("outlet", "country")))
            .order_by(StoryEntity.articles.desc(), StoryEntity.entity_id)
            .limit(per_story)
        )
        main[story_id] = {int(e) for e in session.scalars(top)}
    return {chat: set().union(*(main.get(s, set()) for s in stories)) for chat, stories in follows.items()}


def move_story_follows(session: Session, *, keep: int, other: int) -> None:
    """Follows of a story merged away follow the story it joined."""
    kept = select(StoryFollow.chat_id).where(StoryFollow.story_id == keep)
    session.execute(delete(StoryFollow).where(StoryFollow.story_id == other, StoryFollow.chat_id.in_(kept)))
    session.execute(update(StoryFollow).where(StoryFollow.story_id == other).values(story_id=keep))


def story_follow_anchors(session: Session) -> list[tuple[int, int]]:
    """(chat id, an article of the followed story) for every follow, so a rebuild can restore them."""
    first = (
        select(StoryArticle.story_id, func.min(StoryArticle.article_id).label("article_id"))
        .group_by(StoryArticle.story_id)
        .subquery()
    )
    stmt = select(StoryFollow.chat_id, first.c.article_id).join(
        first, first.c.story_id == StoryFollow.story_id
    )
    return [(int(c), int(a)) for c, a in session.execute(stmt)]


def restore_story_follows(session: Session, anchors: Iterable[tuple[int, int]]) -> int:
    """Follow again the story each anchor article is in now; returns how many found one."""
    restored = 0
    for chat_id, article_id in sorted(set(anchors)):
        link = story_of(session, article_id)
        if link is not None and add_story_follow(session, chat_id=chat_id, story_id=link.story_id):
            restored += 1
    return restored


# --- the coverage chart ---------------------------------------------------------------------------------


def story_coverage(session: Session, story_id: int, *, limit: int) -> list[CoverageRow]:
    """A story's current articles, their outlets and publication times, oldest first, at most ``limit``."""
    credited = aliased(Outlet)
    site = case((and_(Article.outlet_id.is_(None), Article.credited_outlet_id.is_(None)), Article.url))
    stmt = (
        select(Article.id, Outlet.name, credited.name, site, Article.published_at)
        .join(StoryArticle, StoryArticle.article_id == Article.id)
        .outerjoin(Outlet, Outlet.id == Article.outlet_id)
        .outerjoin(credited, credited.id == Article.credited_outlet_id)
        .where(StoryArticle.story_id == story_id, Article.is_current.is_(True))
        .order_by(StoryArticle.seen_at, Article.id)
        .limit(limit)
    )
    return [CoverageRow(int(a), p, c, u, when) for a, p, c, u, when in session.execute(stmt)]


def story_disputed_groups(session: Session, story_id: int, *, limit: int) -> list[int]:
    """The disputed claim groups a story's articles carry, the most outlets first."""
    stmt = (
        select(ClaimGroup.id)
        .join(Claim, Claim.group_id == ClaimGroup.id)
        .join(StoryArticle, StoryArticle.article_id == Claim.article_id)
        .where(StoryArticle.story_id == story_id, ClaimGroup.status == "disputed")
        .group_by(ClaimGroup.id, ClaimGroup.outlet_count)
        .order_by(ClaimGroup.outlet_count.desc(), ClaimGroup.id)
        .limit(limit)
    )
    return [int(g) for g in session.scalars(stmt)]

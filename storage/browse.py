"""Queries behind browsing what the bot knows: newest articles, claim groups, outlets, one entity."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from storage.models import Article, Claim, ClaimEntity, ClaimGroup, Entity, EntityAlias, Mention, Outlet
from storage.rows import view_of
from storage.types import IN_LIST


@dataclass(frozen=True)
class ArticleItem:
    """An article as a list shows it."""

    id: int
    title: str
    url: str | None
    outlet: str | None
    published_at: datetime | None
    published_has_time: bool
    first_seen_at: datetime


@dataclass(frozen=True)
class GroupItem:
    """A claim group's summary: label, status and how many outlets carry it."""

    id: int
    label: str
    status: str
    outlet_count: int
    dispute_reason: str | None
    updated_at: datetime


@dataclass(frozen=True)
class OutletCount:
    """A source with its current articles: ``name`` by the one naming rule, None when nothing names it."""

    name: str | None
    articles: int
    newest: datetime | None


@dataclass(frozen=True)
class SourceRow:
    """Current articles that share a publisher and a credited outlet (or, with neither, one link)."""

    publisher: str | None
    credited: str | None
    url: str | None
    articles: int
    newest: datetime | None


def groups_by_ids(session: Session, group_ids: Iterable[int]) -> dict[int, GroupItem]:
    """Claim groups by id: the one reader of group summaries (browsing, the CLI, answers)."""
    ids = sorted(set(group_ids))
    found: dict[int, GroupItem] = {}
    for start in range(0, len(ids), IN_LIST):
        chunk = ids[start : start + IN_LIST]
        found.update(
            {
                g.id: _group_item(g)
                for g in session.scalars(select(ClaimGroup).where(ClaimGroup.id.in_(chunk)))
            }
        )
    return found


def newest_groups(session: Session, *, limit: int, status: str | None = None) -> list[GroupItem]:
    """Claim groups by their newest article's publication time (first seen when undated), newest first,
    optionally of one status."""
    newest = (
        select(Claim.group_id, func.max(_article_time()).label("newest"))
        .join(Article, Article.id == Claim.article_id)
        .where(Claim.group_id.is_not(None), Article.is_current.is_(True))
        .group_by(Claim.group_id)
        .subquery()
    )
    query = (
        select(ClaimGroup)
        .join(newest, newest.c.group_id == ClaimGroup.id)
        .order_by(newest.c.newest.desc(), ClaimGroup.updated_at.desc(), ClaimGroup.id.desc())
        .limit(limit)
    )
    if status is not None:
        query = query.where(ClaimGroup.status == status)
    return [_group_item(g) for g in session.scalars(query)]


def groups_about_entity(session: Session, *, entity_id: int, limit: int) -> list[GroupItem]:
    """Groups with a claim by or about the entity, newest first."""
    about = select(ClaimEntity.claim_id).where(ClaimEntity.entity_id == entity_id)
    claim_groups = (
        select(Claim.group_id)
        .where(or_(Claim.speaker_entity_id == entity_id, Claim.id.in_(about)), Claim.group_id.is_not(None))
        .distinct()
    )
    query = (
        select(ClaimGroup)
        .where(ClaimGroup.id.in_(claim_groups))
        .order_by(ClaimGroup.outlet_count.desc(), ClaimGroup.updated_at.desc(), ClaimGroup.id)
        .limit(limit)
    )
    return [_group_item(g) for g in session.scalars(query)]


def newest_articles(session: Session, *, limit: int) -> list[ArticleItem]:
    """Current articles, the most recently published first (an undated one by when it was first seen)."""
    query = (
        select(Article, Outlet.name)
        .outerjoin(Outlet, Outlet.id == Article.outlet_id)
        .where(Article.is_current.is_(True), Article.syndicated_of_id.is_(None))
        .order_by(_article_time().desc(), Article.id.desc())
        .limit(limit)
    )
    return [
        ArticleItem(
            id=a.id,
            title=a.title,
            url=a.url,
            outlet=name,
            published_at=a.published_at,
            published_has_time=a.published_has_time,
            first_seen_at=a.first_seen_at,
        )
        for a, name in session.execute(query)
    ]


def _article_time() -> ColumnElement[datetime]:
    """When an article came out: its publication time, else when the bot first saw it."""
    return func.coalesce(Article.published_at, Article.first_seen_at)


def source_counts(session: Session) -> list[SourceRow]:
    """Current articles counted by publisher and credited outlet; an article with neither, by its link."""
    credited = aliased(Outlet)
    site = case((and_(Article.outlet_id.is_(None), Article.credited_outlet_id.is_(None)), Article.url))
    query = (
        select(Outlet.name, credited.name, site, func.count(Article.id), func.max(Article.published_at))
        .select_from(Article)
        .outerjoin(Outlet, Outlet.id == Article.outlet_id)
        .outerjoin(credited, credited.id == Article.credited_outlet_id)
        .where(Article.is_current.is_(True))
        .group_by(Outlet.name, credited.name, site)
    )
    return [SourceRow(p, c, u, int(n), newest) for p, c, u, n, newest in session.execute(query)]


def entity(session: Session, *, entity_id: int) -> Entity | None:
    return session.get(Entity, entity_id)


def entity_aliases(session: Session, *, entity_id: int) -> list[str]:
    query = select(EntityAlias.alias).where(EntityAlias.entity_id == entity_id).order_by(EntityAlias.id)
    return list(dict.fromkeys(session.scalars(query)))


def entity_article_count(session: Session, *, entity_id: int) -> int:
    query = select(func.count(func.distinct(Mention.article_id))).where(Mention.entity_id == entity_id)
    return int(session.scalar(query) or 0)


def _group_item(group: ClaimGroup) -> GroupItem:
    return view_of(GroupItem, group)

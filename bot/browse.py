"""Browsing what the bot knows, for /latest, /disputed, /sources, /entity and the answer buttons."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.orm import Session

from bot.answer import entity_suggestions, find_entity
from bot.answer.types import Citation, ClaimHit
from bot.sources import source_name
from storage import articles as store_articles
from storage import browse as store
from storage import claims as reads
from storage.browse import ArticleItem, GroupItem, OutletCount
from storage.claims import ClaimView

logger = logging.getLogger(__name__)

__all__ = [
    "ArticleItem",
    "EntityCard",
    "EntityLookup",
    "GroupView",
    "Latest",
    "OutletCount",
    "Passage",
    "disputed",
    "entity_card",
    "group_view",
    "iso_date",
    "latest",
    "lookup_entity",
    "passage",
    "sources",
]


@dataclass(frozen=True)
class GroupView:
    """A claim group with each side (stance, or account in a dispute) and every citation for it."""

    id: int
    label: str
    status: str
    outlet_count: int
    sides: tuple[ClaimHit, ...]

    @property
    def citations(self) -> tuple[Citation, ...]:
        return tuple(c for side in self.sides for c in side.citations)


@dataclass(frozen=True)
class Latest:
    articles: tuple[ArticleItem, ...]
    groups: tuple[GroupView, ...]


@dataclass(frozen=True)
class EntityCard:
    """What the bot knows about one entity: names, how often it appears, what is said by or about it."""

    id: int
    name: str
    kind: str
    aliases: tuple[str, ...]
    article_count: int
    groups: tuple[GroupView, ...]


GROUP_CITATIONS = 50  # a group's claims read for browsing: its sides and a page of sources


def iso_date(when: datetime | None, has_time: bool = False) -> str | None:
    """ISO 8601 for a citation: the date alone when the time of day is unknown."""
    if when is None:
        return None
    return when.isoformat(timespec="minutes") if has_time else when.date().isoformat()


def group_views(session: Session, groups: Iterable[GroupItem]) -> list[GroupView]:
    """Build each group's sides from its claims, keeping the order of ``groups``."""
    groups = list(groups)
    claims = reads.claims_in_groups(
        session, [g.id for g in groups], per_group=GROUP_CITATIONS, by_publication=True
    )
    by_group: dict[int, list[ClaimView]] = {}
    for claim in claims:
        if claim.group_id is not None:
            by_group.setdefault(claim.group_id, []).append(claim)
    return [_view(group, by_group.get(group.id, [])) for group in groups if by_group.get(group.id)]


def group_view(session: Session, group_id: int) -> GroupView | None:
    """One group with both sides, or None when it no longer exists."""
    group = store.groups_by_ids(session, [group_id]).get(group_id)
    if group is None:
        return None
    views = group_views(session, [group])
    return views[0] if views else None


def latest(session: Session, *, articles: int = 5, groups: int = 5) -> Latest:
    """The newest articles and claim groups by publication time (first seen when undated)."""
    views = group_views(session, store.newest_groups(session, limit=groups))
    return Latest(
        articles=tuple(store.newest_articles(session, limit=articles)),
        groups=tuple(_newest_first(view) for view in views),
    )


def _newest_first(view: GroupView) -> GroupView:
    """The group with each side's newest citation first, so a list of what is new shows what is new."""
    sides = tuple(replace(side, citations=side.citations[::-1]) for side in view.sides)
    return replace(view, sides=sides)


def disputed(session: Session, *, limit: int = 5) -> list[GroupView]:
    """What outlets disagree on, newest first, each with both sides."""
    return group_views(session, store.newest_groups(session, limit=limit, status="disputed"))


def sources(session: Session) -> list[OutletCount]:
    """Every source with its article count and newest date, named by the one rule (publisher, else the
    credited outlet, else the site; None when unknown), biggest first."""
    totals: dict[str | None, tuple[int, datetime | None]] = {}
    for row in store.source_counts(session):
        name = source_name(row.publisher, row.credited, row.url)
        articles, newest = totals.get(name, (0, None))
        dates = [d for d in (newest, row.newest) if d is not None]
        totals[name] = (articles + row.articles, max(dates) if dates else None)
    counts = [OutletCount(name, articles, newest) for name, (articles, newest) in totals.items()]
    return sorted(counts, key=lambda o: (-o.articles, o.name is None, o.name or ""))


@dataclass(frozen=True)
class EntityLookup:
    """/entity NAME: the card of the entity it names, else the names to suggest instead."""

    card: EntityCard | None
    suggestions: tuple[str, ...] = ()


def lookup_entity(session: Session, name: str) -> EntityLookup:
    """The card for the entity ``name`` refers to, or, when it names none, a few names the bot knows."""
    hit = find_entity(session, name)
    card = entity_card(session, hit.id) if hit else None
    if card is not None:
        return EntityLookup(card)
    return EntityLookup(None, tuple(entity_suggestions(session, name)))


PASSAGE_CHARS = 280  # the article's text shown on each side of a quote (/sources N in the terminal)


@dataclass(frozen=True)
class Passage:
    """A quote in its article: the text just before it, the quote as the article has it, what follows."""

    before: str
    quote: str
    after: str


def passage(session: Session, citation: Citation, *, around: int = PASSAGE_CHARS) -> Passage | None:
    """The article's passage around a cited quote, cut at words; None when the quote is not found in it."""
    text = store_articles.article_text(session, article_id=citation.article_id)
    quote = citation.quote.strip()
    start = text.find(quote) if text and quote else -1
    if text is None or start < 0:
        return None
    end = start + len(quote)
    before = text[max(start - around, 0) : start]
    after = text[end : end + around]
    if start - around > 0:
        before = "…" + before.split(" ", 1)[-1]
    if end + around < len(text):
        after = after.rsplit(" ", 1)[0] + "…"
    return Passage(" ".join(before.split()), quote, " ".join(after.split()))


def entity_card(session: Session, entity_id: int, *, groups: int = 4) -> EntityCard | None:
    """The card for one entity, or None when it is gone."""
    entity = store.entity(session, entity_id=entity_id)
    if entity is None:
        return None
    aliases = tuple(a for a in store.entity_aliases(session, entity_id=entity_id) if a != entity.name)
    about = store.groups_about_entity(session, entity_id=entity_id, limit=groups)
    return EntityCard(
        id=entity.id,
        name=entity.name,
        kind=entity.kind,
        aliases=aliases,
        article_count=store.entity_article_count(session, entity_id=entity_id),
        groups=tuple(group_views(session, about)),
    )


def _view(group: GroupItem, claims: list[ClaimView]) -> GroupView:
    sides: dict[tuple[str, str | None], list[ClaimView]] = {}
    for claim in claims:
        sides.setdefault((claim.stance, claim.side), []).append(claim)
    hits = []
    for (stance, _side), members in sides.items():
        first = members[0]
        citations = tuple(_citation(c) for c in members)
        hits.append(
            ClaimHit(
                text=first.quote,
                speaker=first.speaker,
                status=group.status,
                group=group.label,
                group_id=group.id,
                stance=stance,
                score=1.0,
                citations=citations,
                outlet_count=len({c.outlet for c in members if c.outlet}) or 1,
            )
        )
    # The affirmed side first, then the biggest.
    hits.sort(key=lambda h: (h.stance != "affirmed", -len(h.citations)))
    return GroupView(group.id, group.label, group.status, group.outlet_count, tuple(hits))


def _citation(claim: ClaimView) -> Citation:
    return Citation(
        outlet=source_name(claim.outlet, claim.credited_outlet, claim.article_url),
        title=claim.article_title,
        url=claim.article_url,
        published=iso_date(claim.published_at, claim.published_has_time),
        quote=claim.quote,
        article_id=claim.article_id,
        corrected=claim.is_correction,
    )

"""Composing a digest: what is new, agreed and disputed in a period, ranked and cited, as a ``Digest``.

What a digest says is decided here; how it looks (Telegram HTML, plain text) is its renderers' business.
"""

from __future__ import annotations

import logging
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import overload

from bot.digest.structure import (
    SECTION_ORDER,
    STORY_SECTION,
    ArticleLink,
    Digest,
    OutletArticles,
    Point,
    Quote,
    Section,
    Source,
)
from bot.messages import LANGUAGES, text
from bot.provenance import Provenance, reports_in_order
from bot.sources import source_name
from storage.digests import PeriodArticle, PeriodClaim, PeriodData, PeriodGroup

logger = logging.getLogger(__name__)

SOURCES_PER_SIDE = 3
TITLES_PER_OUTLET = 3
TOP_OUTLETS = 10
POINTS_PER_SECTION = 5  # a short briefing: the rest of a section is behind the "more" button

# A followed story as a reader's digest names it: its id and its title in the reader's language.
StoryRef = tuple[int, str]


def _in(moment: datetime, start: datetime, end: datetime) -> bool:
    return start <= moment < end


@dataclass(frozen=True)
class _Ranked:
    """A point with what ranking and topic filtering need."""

    point: Point
    score: tuple[float, ...]
    entity_ids: frozenset[int]
    story_ids: frozenset[int] = frozenset()


class _Selection(Sequence[Point]):
    """Some points of a ranked list, by position, without copying them."""

    def __init__(self, points: list[Point], positions: Sequence[int]) -> None:
        self._points = points
        self._positions = positions

    def __len__(self) -> int:
        return len(self._positions)

    @overload
    def __getitem__(self, item: int) -> Point: ...
    @overload
    def __getitem__(self, item: slice) -> Sequence[Point]: ...
    def __getitem__(self, item: int | slice) -> Point | Sequence[Point]:
        if isinstance(item, slice):
            return [self._points[p] for p in self._positions[item]]
        return self._points[self._positions[item]]


def _positions_by_entity(entity_sets: Iterable[frozenset[int]]) -> dict[int, list[int]]:
    """For each entity, the positions (in order) of the items that mention it."""
    by_entity: dict[int, list[int]] = defaultdict(list)
    for position, entity_ids in enumerate(entity_sets):
        for entity_id in entity_ids:
            by_entity[entity_id].append(position)
    return dict(by_entity)


@dataclass
class PeriodIndex:
    """A period's data, made into points per language and indexed by entity, shared by every subscriber.

    Points are built once per language and kept in rank order; a reader following some entities gets
    the union of those entities' point positions, so filtering costs what the reader follows, not what
    the period holds.
    """

    data: PeriodData
    points: dict[str, list[Point]] = field(default_factory=dict)
    entity_points: dict[str, dict[int, list[int]]] = field(default_factory=dict)
    story_points: dict[str, dict[int, list[int]]] = field(default_factory=dict)
    articles: list[PeriodArticle] = field(default_factory=list)  # newest first
    entity_articles: dict[int, list[int]] = field(default_factory=dict)
    section_bounds: dict[str, list[tuple[str, int, int]]] = field(default_factory=dict)
    outlet_positions: dict[str, list[int]] = field(default_factory=dict)  # newest first
    article_outlets: list[str] = field(default_factory=list)  # each article's source, named once
    article_links: list[ArticleLink] = field(default_factory=list)

    @classmethod
    def build(cls, data: PeriodData) -> PeriodIndex:
        """Build every point once per language; subscribers only filter."""
        index = cls(data=data)
        index.articles = sorted(data.articles, key=lambda a: (a.first_seen_at, a.id), reverse=True)
        index.entity_articles = _positions_by_entity(a.entity_ids for a in index.articles)
        index.article_outlets = [_source(article) for article in index.articles]
        by_outlet: dict[str, list[int]] = defaultdict(list)
        for position, outlet in enumerate(index.article_outlets):
            by_outlet[outlet].append(position)
        index.outlet_positions = dict(by_outlet)
        index.article_links = [ArticleLink(a.title, a.url, a.is_correction) for a in index.articles]
        for language in LANGUAGES:
            index._add_points(language)
        return index

    def _add_points(self, language: str) -> None:
        """The period's points in ``language``, ranked, with their section runs and entity index."""
        ranked = [r for group in self.data.groups if (r := _group_point(group, self.data, language))]
        ranked.sort(key=lambda r: r.score, reverse=True)
        self.points[language] = [r.point for r in ranked]
        # Points are ranked section first, so each section is one contiguous run of positions.
        bounds = []
        for section in SECTION_ORDER:
            run = [i for i, r in enumerate(ranked) if r.point.section == section]
            if run:
                bounds.append((section, run[0], run[-1] + 1))
        self.section_bounds[language] = bounds
        self.entity_points[language] = _positions_by_entity(r.entity_ids for r in ranked)
        self.story_points[language] = _positions_by_entity(r.story_ids for r in ranked)

    def story_sections(self, language: str, stories: Sequence[StoryRef]) -> tuple[Section, ...]:
        """One section per followed story with news in the period, its points of every kind best first."""
        points = self.points[language]
        index = self.story_points[language]
        sections = []
        for story_id, title in stories:
            positions = index.get(story_id, [])
            if positions:
                sections.append(_section(STORY_SECTION, points, positions, title))
        return tuple(sections)

    def sections_for(
        self, language: str, topics: frozenset[int] | None, *, skip: frozenset[int] = frozenset()
    ) -> tuple[Section, ...]:
        """The ranked points about any of ``topics`` (all when None), per section, in section order,
        but for the points at the positions ``skip`` (shown in a story's section already)."""
        points = self.points[language]
        positions: Sequence[int]
        if topics is None:
            positions = range(len(points))
        else:
            index = self.entity_points[language]
            positions = sorted({p for entity_id in topics for p in index.get(entity_id, ())})
        if skip:
            positions = [p for p in positions if p not in skip]
        sections: list[Section] = []
        for section, start, end in self.section_bounds[language]:
            run = positions[bisect_left(positions, start) : bisect_left(positions, end)]
            if len(run):
                sections.append(_section(section, points, run))
        return tuple(sections)

    def story_positions(self, language: str, stories: Sequence[StoryRef]) -> frozenset[int]:
        """The positions of the points reported in any of ``stories``."""
        index = self.story_points[language]
        return frozenset(p for story_id, _ in stories for p in index.get(story_id, ()))

    def article_positions(self, topics: frozenset[int] | None) -> Sequence[int]:
        """Positions of new articles (newest first) mentioning any of ``topics`` (all when None)."""
        if topics is None:
            return range(len(self.articles))
        return sorted({p for entity_id in topics for p in self.entity_articles.get(entity_id, ())})


def _section(kind: str, points: list[Point], positions: Sequence[int], title: str = "") -> Section:
    """A section showing its first ``POINTS_PER_SECTION`` points, the rest kept for the button."""
    shown, rest = positions[:POINTS_PER_SECTION], positions[POINTS_PER_SECTION:]
    return Section(kind, _Selection(points, shown), _Selection(points, rest), title)


def _source(item: PeriodArticle | PeriodClaim) -> str:
    """The source an article or claim is counted and listed under ("" when none is known)."""
    return _source_of(item.outlet, item.credited, item.url)


@lru_cache(maxsize=65536)
def _source_of(outlet: str | None, credited: str | None, url: str | None) -> str:
    # Asked for every claim of every group in both languages: most share a publisher and a site.
    return source_name(outlet, credited, url) or ""


def _shown(source: str, language: str) -> str:
    return source or text(language, "source.unknown")


def _sources(claims: Iterable[PeriodClaim], language: str) -> tuple[tuple[Source, ...], int]:
    """The first distinct sources of some claims, and how many others there are."""
    seen: set[str] = set()
    sources: list[Source] = []
    for claim in claims:
        source = _source(claim)
        if source in seen:
            continue
        seen.add(source)
        sources.append(Source(_shown(source, language), claim.url, claim.is_correction))
    return tuple(sources[:SOURCES_PER_SIDE]), max(0, len(seen) - SOURCES_PER_SIDE)


def _pick(claims: list[PeriodClaim], language: str, *, newest: bool = True) -> PeriodClaim:
    # Prefer a quote in the reader's language, then the newest (or, for a side of a dispute, the first:
    # the statement the others answer).
    same = [c for c in claims if c.language == language]
    return (same or claims)[-1 if newest else 0]


def _origin(group: PeriodGroup, claims: Sequence[PeriodClaim], side: str) -> Provenance | None:
    """Who reported a side first and who repeated it, when several outlets carry the point."""
    if (group.outlet_count or 0) < 2 or not claims:
        return None
    ordered = reports_in_order(claims)
    return Provenance(group.id, group.label, ordered[0], tuple(ordered[1:]), side or None)


def _quote(
    side: str, claims: list[PeriodClaim], cited: Sequence[PeriodClaim], language: str, group: PeriodGroup
) -> Quote:
    """One side's quote, picked from ``claims``, with the sources of ``cited`` and who carried it first."""
    pick = _pick(claims, language, newest=not side)
    sources, more = _sources(cited, language)
    return Quote(
        side=side,
        stance=pick.stance,
        speaker=pick.speaker,
        text=pick.quote,
        sources=sources,
        more_sources=more,
        provenance=_origin(group, cited, side),
    )


def _dispute_quotes(group: PeriodGroup, language: str) -> tuple[Quote, ...]:
    """Both sides of a dispute, the affirming side first, each with its quote and its own outlets.

    The sides are the stances: an account's name (``side``) is what the dispute is about, shared by
    both of them, so it never splits a side in two nor folds the two into one.
    """
    sides: dict[str, list[PeriodClaim]] = defaultdict(list)
    for claim in group.claims:
        sides[claim.stance].append(claim)
    ordered = sorted(sides.items(), key=lambda kv: (kv[0] != "affirmed", kv[0]))
    return tuple(_quote(side, claims, claims, language, group) for side, claims in ordered)


def _group_point(group: PeriodGroup, data: PeriodData, language: str) -> _Ranked | None:
    """A group touched in the period as a point, with its rank; None when nothing of it is new."""
    new_claims = [c for c in group.claims if _in(c.first_seen_at, data.start, data.end)]
    if not new_claims:
        return None
    old_outlets = {_source(c) for c in group.claims if c.first_seen_at < data.start}
    all_outlets = {_source(c) for c in group.claims}
    grown = len(all_outlets - old_outlets)
    # Independent outlets: a syndicated copy or a second article of one outlet does not corroborate.
    outlets = group.outlet_count or len(all_outlets)
    quotes = _dispute_quotes(group, language) if group.status == "disputed" else ()
    if len(quotes) > 1:
        section = "disputed"
    else:
        section = "corroborated" if outlets > 1 else "single"
        quotes = (_quote("", new_claims, list(group.claims), language, group),)
    point = Point(
        section=section,
        label=group.label or _pick(list(group.claims), language).quote,
        outlets=outlets,
        new=not old_outlets,
        grown=grown,
        corrected=any(c.is_correction for c in new_claims),
        quotes=quotes,
    )
    rank = SECTION_ORDER.index(section)
    score = (float(-rank), float(len(all_outlets)), float(grown), group.updated_at.timestamp())
    entity_ids = frozenset().union(*(c.entity_ids for c in group.claims))
    return _Ranked(point=point, score=score, entity_ids=entity_ids, story_ids=group.story_ids)


def _outlets(
    index: PeriodIndex, language: str, topics: frozenset[int] | None
) -> tuple[tuple[OutletArticles, ...], int, int]:
    """The busiest outlets' newest articles; then how many other outlets and articles there are."""
    positions = index.article_positions(topics)
    if not positions:
        return (), 0, 0
    outlet_of = index.article_outlets
    counts = Counter(outlet_of[p] for p in positions)
    wanted = None if topics is None else set(positions)
    busiest = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    outlets: list[OutletArticles] = []
    for outlet, count in busiest[:TOP_OUTLETS]:
        shown: list[ArticleLink] = []
        for position in index.outlet_positions[outlet]:
            if wanted is None or position in wanted:
                shown.append(index.article_links[position])
                if len(shown) == TITLES_PER_OUTLET:
                    break
        outlets.append(OutletArticles(_shown(outlet, language), count, tuple(shown)))
    others = busiest[TOP_OUTLETS:]
    return tuple(outlets), len(others), sum(count for _, count in others)


def compose(
    index: PeriodIndex,
    *,
    language: str,
    topics: frozenset[int] | None,
    send_empty: bool,
    stories: Sequence[StoryRef] = (),
    timezone: str = "UTC",
) -> Digest:
    """The digest for one reader: ``topics`` None means everything, else only these entities' points.

    A followed story with news gets a section of its own first; its points are not repeated below.
    """
    if language not in LANGUAGES:
        raise ValueError(f"unsupported digest language {language!r}; use one of {', '.join(LANGUAGES)}")
    outlets, other_outlets, other_articles = _outlets(index, language, topics)
    story_sections = index.story_sections(language, stories)
    skip = index.story_positions(language, stories)
    return Digest(
        language=language,
        start=index.data.start,
        end=index.data.end,
        timezone=timezone,
        sections=story_sections + index.sections_for(language, topics, skip=skip),
        outlets=outlets,
        other_outlets=other_outlets,
        other_articles=other_articles,
        announce_empty=send_empty,
    )


DigestKey = tuple[datetime, datetime, str, frozenset[int] | None, tuple[StoryRef, ...], str]
Render = Callable[[Digest], tuple[str, ...]]


@dataclass
class Composer:
    """Composes digests with sharing: one period load per period, one digest (and rendering) per key."""

    load: Callable[[datetime, datetime], PeriodData]
    send_empty: bool = False
    _periods: dict[tuple[datetime, datetime], PeriodIndex] = field(default_factory=dict)
    _digests: dict[DigestKey, Digest] = field(default_factory=dict)
    _messages: dict[DigestKey, tuple[str, ...]] = field(default_factory=dict)

    def digest(
        self,
        *,
        start: datetime,
        end: datetime,
        language: str,
        topics: frozenset[int] | None,
        stories: tuple[StoryRef, ...] = (),
        timezone: str = "UTC",
    ) -> Digest:
        """The digest for this period, language, topics (None = everything), followed stories and time
        zone, computed once per key."""
        key = (start, end, language, topics, stories, timezone)
        found = self._digests.get(key)
        if found is None:
            index = self._periods.get((start, end))
            if index is None:
                index = PeriodIndex.build(self.load(start, end))
                self._periods[(start, end)] = index
            found = compose(
                index,
                language=language,
                topics=topics,
                send_empty=self.send_empty,
                stories=stories,
                timezone=timezone,
            )
            self._digests[key] = found
        return found

    def messages(
        self,
        render: Render,
        *,
        start: datetime,
        end: datetime,
        language: str,
        topics: frozenset[int] | None,
        stories: tuple[StoryRef, ...] = (),
        timezone: str = "UTC",
    ) -> tuple[str, ...]:
        """The digest for this key as ``render`` makes it into messages, once per key; () when empty."""
        key = (start, end, language, topics, stories, timezone)
        found = self._messages.get(key)
        if found is None:
            digest = self.digest(
                start=start, end=end, language=language, topics=topics, stories=stories, timezone=timezone
            )
            found = () if digest.empty else render(digest)
            self._messages[key] = found
        return found

    @property
    def stats(self) -> tuple[int, int]:
        """(periods loaded, distinct digests composed)."""
        return len(self._periods), len(self._digests)

"""Composing a digest: what is new, agreed and disputed in a period, ranked, cited, in Telegram HTML."""

from __future__ import annotations

import json
import logging
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from typing import overload

from bot.messages import LANGUAGES, text
from bot.sources import source_name
from storage.digests import PeriodArticle, PeriodClaim, PeriodData, PeriodGroup

logger = logging.getLogger(__name__)

TELEGRAM_LIMIT = 4096  # UTF-16 code units per message
MESSAGE_BUDGET = 3900  # room for Telegram's own counting quirks
MAX_MESSAGES = 2
QUOTE_CHARS = 220
SOURCES_PER_SIDE = 3
TITLES_PER_OUTLET = 3
TOP_OUTLETS = 10


def _t(language: str, key: str, /, **values: object) -> str:
    """A digest message from the catalogue, values as they are (callers escape what goes into HTML)."""
    return text(language, f"digest.{key}", **values)


@dataclass(frozen=True)
class Digest:
    """The messages to send (empty tuple: nothing new) and how many points were left out."""

    parts: tuple[str, ...]
    points: int
    dropped: int

    @property
    def empty(self) -> bool:
        return not self.parts

    def to_json(self) -> str:
        """The form stored on the delivery row, so a resend sends exactly the same text."""
        return json.dumps(list(self.parts), ensure_ascii=False)

    @staticmethod
    def parts_from_json(content: str) -> tuple[str, ...]:
        """The messages stored by ``to_json``."""
        value = json.loads(content)
        if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
            raise ValueError("delivery content is not a JSON list of messages")
        return tuple(value)


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _link(label: str, url: str | None) -> str:
    if url and url.startswith(("http://", "https://")):
        return f'<a href="{escape(url, quote=True)}">{escape(label)}</a>'
    return escape(label)


def _short(text: str, limit: int = QUOTE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _in(moment: datetime, start: datetime, end: datetime) -> bool:
    return start <= moment < end


@dataclass
class _Point:
    """A rendered point with what ranking needs."""

    section: str
    score: tuple[float, ...]
    html: str
    entity_ids: frozenset[int]
    size: int = 0  # UTF-16 length of html, measured once

    def __post_init__(self) -> None:
        self.size = utf16_len(self.html)


class _Selection(Sequence[_Point]):
    """Some points of a ranked list, by position, without copying them."""

    def __init__(self, points: list[_Point], positions: Sequence[int]) -> None:
        self._points = points
        self._positions = positions

    def __len__(self) -> int:
        return len(self._positions)

    @overload
    def __getitem__(self, item: int) -> _Point: ...
    @overload
    def __getitem__(self, item: slice) -> Sequence[_Point]: ...
    def __getitem__(self, item: int | slice) -> _Point | Sequence[_Point]:
        if isinstance(item, slice):
            return [self._points[p] for p in self._positions[item]]
        return self._points[self._positions[item]]


@dataclass
class PeriodIndex:
    """A period's data, pre-rendered per language and indexed by entity, shared by every subscriber.

    Points are rendered once per language and kept in rank order; a reader following some entities
    gets the union of those entities' point positions, so filtering costs what the reader follows,
    not what the period holds.
    """

    data: PeriodData
    points: dict[str, list[_Point]] = field(default_factory=dict)
    entity_points: dict[str, dict[int, list[int]]] = field(default_factory=dict)
    articles: list[PeriodArticle] = field(default_factory=list)  # newest first
    entity_articles: dict[int, list[int]] = field(default_factory=dict)
    section_bounds: dict[str, list[tuple[str, int, int]]] = field(default_factory=dict)
    outlet_positions: dict[str, list[int]] = field(default_factory=dict)  # newest first
    article_lines: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, data: PeriodData) -> PeriodIndex:
        """Render every point once per language; subscribers only filter and pack."""
        index = cls(data=data)
        index.articles = sorted(data.articles, key=lambda a: (a.first_seen_at, a.id), reverse=True)
        by_entity: dict[int, list[int]] = defaultdict(list)
        for position, article in enumerate(index.articles):
            for entity_id in article.entity_ids:
                by_entity[entity_id].append(position)
        index.entity_articles = dict(by_entity)
        by_outlet: dict[str, list[int]] = defaultdict(list)
        for position, article in enumerate(index.articles):
            by_outlet[_source(article)].append(position)
        index.outlet_positions = dict(by_outlet)
        for language in LANGUAGES:
            corrected = f" <i>({_t(language, 'corrected')})</i>"
            index.article_lines[language] = [
                f"  – {_link(_short(a.title, 140), a.url)}{corrected if a.is_correction else ''}"
                for a in index.articles
            ]
        for language in LANGUAGES:
            points = [p for group in data.groups if (p := _group_point(group, data, language)) is not None]
            points.sort(key=lambda p: p.score, reverse=True)
            index.points[language] = points
            # Points are ranked section first, so each section is one contiguous run of positions.
            bounds = []
            for section in SECTION_ORDER:
                run = [i for i, p in enumerate(points) if p.section == section]
                if run:
                    bounds.append((section, run[0], run[-1] + 1))
            index.section_bounds[language] = bounds
            point_index: dict[int, list[int]] = defaultdict(list)
            for position, point in enumerate(points):
                for entity_id in point.entity_ids:
                    point_index[entity_id].append(position)
            index.entity_points[language] = dict(point_index)
        return index

    def sections_for(
        self, language: str, topics: frozenset[int] | None
    ) -> list[tuple[str, Sequence[_Point]]]:
        """The ranked points about any of ``topics`` (all when None), per section, in section order."""
        points = self.points[language]
        positions: Sequence[int]
        if topics is None:
            positions = range(len(points))
        else:
            index = self.entity_points[language]
            positions = sorted({p for entity_id in topics for p in index.get(entity_id, ())})
        sections: list[tuple[str, Sequence[_Point]]] = []
        for section, start, end in self.section_bounds[language]:
            run = positions[bisect_left(positions, start) : bisect_left(positions, end)]
            if len(run):
                sections.append((section, _Selection(points, run)))
        return sections

    def article_positions(self, topics: frozenset[int] | None) -> Sequence[int]:
        """Positions of new articles (newest first) mentioning any of ``topics`` (all when None)."""
        if topics is None:
            return range(len(self.articles))
        return sorted({p for entity_id in topics for p in self.entity_articles.get(entity_id, ())})


SECTION_ORDER = ("disputed", "corroborated", "single")


def _source(item: PeriodArticle | PeriodClaim) -> str:
    """The source an article or claim is counted and listed under ("" when none is known)."""
    return source_name(item.outlet, None, item.url) or ""


def _shown(source: str, language: str) -> str:
    return source or text(language, "source.unknown")


def _sources(claims: Iterable[PeriodClaim], language: str) -> str:
    seen: set[str] = set()
    links: list[str] = []
    for claim in claims:
        source = _source(claim)
        if source in seen:
            continue
        seen.add(source)
        label = _shown(source, language) + (f" ({_t(language, 'corrected')})" if claim.is_correction else "")
        links.append(_link(label, claim.url))
    extra = len(seen) - SOURCES_PER_SIDE
    shown = links[:SOURCES_PER_SIDE]
    if extra > 0:
        shown.append(f"+{extra}")
    return ", ".join(shown)


def _pick(claims: list[PeriodClaim], language: str) -> PeriodClaim:
    # Prefer a quote in the reader's language, then the newest.
    same = [c for c in claims if c.language == language]
    return (same or claims)[-1]


def _quote_line(claim: PeriodClaim, lead: str, sources: str) -> str:
    speaker = f"{escape(claim.speaker)}: " if claim.speaker else ""
    return f"• {lead}{speaker}«{escape(_short(claim.quote))}» — {sources}"


def _group_point(group: PeriodGroup, data: PeriodData, language: str) -> _Point | None:
    if not group.claims:
        return None
    new_claims = [c for c in group.claims if _in(c.first_seen_at, data.start, data.end)]
    if not new_claims:
        return None
    old_outlets = {_source(c) for c in group.claims if c.first_seen_at < data.start}
    all_outlets = {_source(c) for c in group.claims}
    is_new = not old_outlets
    grown = len(all_outlets - old_outlets)
    tag = _t(language, "new") if is_new else _t(language, "grown", n=grown)
    entity_ids = frozenset().union(*(c.entity_ids for c in group.claims))
    label = escape(_short(group.label or _pick(list(group.claims), language).quote, 160))
    outlets = _t(language, "outlets", n=max(group.outlet_count, len(all_outlets)))
    corrected = any(c.is_correction for c in new_claims)
    flag = f"; {_t(language, 'corrected')}" if corrected else ""
    head = f"<b>{label}</b> <i>({outlets}; {tag}{flag})</i>"

    if group.status == "disputed":
        sides: dict[str, list[PeriodClaim]] = defaultdict(list)
        for claim in group.claims:
            sides[claim.side or claim.stance].append(claim)
        lines = [head]
        for side_key, claims in sorted(sides.items(), key=lambda kv: (kv[0] != "affirmed", kv[0])):
            if side_key in ("affirmed", "denied"):
                verb = text(language, f"stance.{side_key}")
                lead = f"{verb[:1].upper()}{verb[1:]}: "
            else:
                lead = f"{_t(language, 'side')} «{escape(side_key)}»: "
            lines.append(_quote_line(_pick(claims, language), lead, _sources(claims, language)))
        section = "disputed"
    else:
        pick = _pick(new_claims, language)
        lines = [head, _quote_line(pick, "", _sources(group.claims, language))]
        section = "corroborated" if group.status == "corroborated" else "single"
    rank = SECTION_ORDER.index(section)
    score = (float(-rank), float(len(all_outlets)), float(grown), group.updated_at.timestamp())
    return _Point(section=section, score=score, html="\n".join(lines), entity_ids=entity_ids)


def _article_blocks(index: PeriodIndex, language: str, topics: frozenset[int] | None) -> list[str]:
    """One block per outlet, busiest first: its newest articles, corrections flagged."""
    positions = index.article_positions(topics)
    if not positions:
        return []
    outlet_of = [_source(index.articles[p]) for p in positions]
    counts = Counter(outlet_of)
    wanted = None if topics is None else set(positions)
    lines = index.article_lines[language]
    blocks: list[str] = []
    for outlet, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_OUTLETS]:
        shown = []
        for position in index.outlet_positions[outlet]:
            if wanted is None or position in wanted:
                shown.append(lines[position])
                if len(shown) == TITLES_PER_OUTLET:
                    break
        if count > TITLES_PER_OUTLET:
            shown.append("  " + _t(language, "more_articles", n=count - TITLES_PER_OUTLET))
        blocks.append(f"<b>{escape(_shown(outlet, language))}</b> ({count})\n" + "\n".join(shown))
    if len(counts) > TOP_OUTLETS:
        others = sum(c for o, c in counts.items()) - sum(
            c for _, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_OUTLETS]
        )
        blocks.append(_t(language, "more_outlets", n=len(counts) - TOP_OUTLETS, articles=others))
    return blocks


def _header(data: PeriodData, language: str) -> str:
    fmt = "%Y-%m-%d %H:%M"
    period = _t(language, "period", start=data.start.strftime(fmt), end=data.end.strftime(fmt))
    return f"<b>{_t(language, 'title')}</b>\n<i>{escape(period)}</i>"


def compose(index: PeriodIndex, *, language: str, topics: frozenset[int] | None, send_empty: bool) -> Digest:
    """The digest for one reader: ``topics`` None means everything, else only these entities' points."""
    if language not in LANGUAGES:
        raise ValueError(f"unsupported digest language {language!r}; use one of {', '.join(LANGUAGES)}")
    sections = [(_t(language, section), run) for section, run in index.sections_for(language, topics)]
    articles = _article_blocks(index, language, topics)
    total_points = sum(len(run) for _, run in sections)
    if not sections and not articles:
        if send_empty:
            nothing = _t(language, "nothing")
            return Digest(parts=(f"{_header(index.data, language)}\n\n{nothing}",), points=0, dropped=0)
        return Digest(parts=(), points=0, dropped=0)
    if articles:
        blocks = [
            _Point(section="articles", score=(), html=html, entity_ids=frozenset()) for html in articles
        ]
        sections.append((_t(language, "articles"), blocks))
    return _pack(_header(index.data, language), sections, language, total_points=total_points)


def _pack(
    header: str, sections: list[tuple[str, Sequence[_Point]]], language: str, *, total_points: int
) -> Digest:
    """Fill at most two messages with whole blocks in rank order; never cut inside a block (or a tag).

    A section heading travels with the first of its blocks that fits, so no heading is left dangling.
    Sizes are measured once per point, so packing costs additions; once the last message has refused
    a few blocks in a row it is as full as it gets, and the rest of that section is counted as left out.
    """
    messages: list[list[str]] = [[header]]
    sizes = [utf16_len(header)]
    dropped = 0
    reserve = utf16_len(_t(language, "more", n=99999)) + 2
    for heading, blocks in sections:
        heading_html = f"<b>— {escape(heading)} —</b>"
        heading_size = utf16_len(heading_html) + 1
        placed_heading = False
        misses = 0
        for position in range(len(blocks)):
            if len(messages) == MAX_MESSAGES and misses >= 3:
                dropped += len(blocks) - position
                break
            block = blocks[position]
            size = block.size + 2 + (0 if placed_heading else heading_size)
            if sizes[-1] + size + reserve <= MESSAGE_BUDGET:
                sizes[-1] += size
            elif len(messages) < MAX_MESSAGES and size + reserve <= MESSAGE_BUDGET:
                messages.append([])
                sizes.append(size)
            else:
                dropped += 1
                misses += 1
                continue
            messages[-1].append(block.html if placed_heading else f"{heading_html}\n{block.html}")
            placed_heading = True
    if dropped:
        messages[-1].append(_t(language, "more", n=dropped))
    parts = tuple("\n\n".join(m) for m in messages)
    for part in parts:
        if utf16_len(part) >= TELEGRAM_LIMIT:
            raise AssertionError("digest part over Telegram's limit; MESSAGE_BUDGET is wrong")
    return Digest(parts=parts, points=total_points, dropped=dropped)


DigestKey = tuple[datetime, datetime, str, frozenset[int] | None]


@dataclass
class Composer:
    """Composes digests with sharing: one period load and render per period, one digest per key."""

    load: Callable[[datetime, datetime], PeriodData]
    send_empty: bool = False
    _periods: dict[tuple[datetime, datetime], PeriodIndex] = field(default_factory=dict)
    _digests: dict[tuple[datetime, datetime, str, frozenset[int] | None], Digest] = field(
        default_factory=dict
    )

    def digest(
        self, *, start: datetime, end: datetime, language: str, topics: frozenset[int] | None
    ) -> Digest:
        """The digest for this period, language and topics (None = everything), computed once per key."""
        key = (start, end, language, topics)
        found = self._digests.get(key)
        if found is None:
            index = self._periods.get((start, end))
            if index is None:
                index = PeriodIndex.build(self.load(start, end))
                self._periods[(start, end)] = index
            found = compose(index, language=language, topics=topics, send_empty=self.send_empty)
            self._digests[key] = found
        return found

    @property
    def stats(self) -> tuple[int, int]:
        """(periods loaded, distinct digests composed)."""
        return len(self._periods), len(self._digests)

"""Composing a digest: what is new, agreed and disputed in a period, ranked, cited, in Telegram HTML."""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from html import escape

from storage.digests import PeriodArticle, PeriodClaim, PeriodData, PeriodGroup

logger = logging.getLogger(__name__)

TELEGRAM_LIMIT = 4096  # UTF-16 code units per message
MESSAGE_BUDGET = 3900  # room for Telegram's own counting quirks
MAX_MESSAGES = 2
QUOTE_CHARS = 220
SOURCES_PER_SIDE = 3
TITLES_PER_OUTLET = 3
LANGUAGES = ("ar", "en")

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Briefing",
        "period": "{start} – {end} UTC",
        "disputed": "Disputed",
        "corroborated": "Corroborated",
        "single": "New claims (one source so far)",
        "articles": "New articles by outlet",
        "affirms": "Says",
        "denies": "Denies",
        "side": "Account",
        "outlets": "{n} outlets",
        "new": "new",
        "grown": "+{n} sources",
        "corrected": "corrected",
        "more": "… and {n} more points: ask me about them.",
        "more_articles": "… and {n} more",
        "nothing": "Nothing new since your last briefing.",
        "via": "via",
    },
    "ar": {
        "title": "الموجز",
        "period": "{start} – {end} بتوقيت UTC",
        "disputed": "نقاط خلاف",
        "corroborated": "مؤكَّد من أكثر من مصدر",
        "single": "ادعاءات جديدة (مصدر واحد حتى الآن)",
        "articles": "مقالات جديدة حسب المصدر",
        "affirms": "يقول",
        "denies": "ينفي",
        "side": "رواية",
        "outlets": "{n} مصادر",
        "new": "جديد",
        "grown": "+{n} مصادر",
        "corrected": "مُصحَّح",
        "more": "… و{n} نقاط أخرى: اسألني عنها.",
        "more_articles": "… و{n} أخرى",
        "nothing": "لا جديد منذ موجزك الأخير.",
        "via": "عبر",
    },
}


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
        for language in LANGUAGES:
            points = [p for group in data.groups if (p := _group_point(group, data, language)) is not None]
            points.sort(key=lambda p: p.score, reverse=True)
            index.points[language] = points
            point_index: dict[int, list[int]] = defaultdict(list)
            for position, point in enumerate(points):
                for entity_id in point.entity_ids:
                    point_index[entity_id].append(position)
            index.entity_points[language] = dict(point_index)
        return index

    def points_for(self, language: str, topics: frozenset[int] | None) -> list[_Point]:
        """The ranked points about any of ``topics`` (all of them when None)."""
        points = self.points[language]
        if topics is None:
            return points
        index = self.entity_points[language]
        positions = sorted({p for entity_id in topics for p in index.get(entity_id, ())})
        return [points[p] for p in positions]

    def articles_for(self, topics: frozenset[int] | None) -> list[PeriodArticle]:
        """New articles (newest first) mentioning any of ``topics`` (all when None)."""
        if topics is None:
            return self.articles
        positions = sorted({p for entity_id in topics for p in self.entity_articles.get(entity_id, ())})
        return [self.articles[p] for p in positions]


SECTION_ORDER = ("disputed", "corroborated", "single")


def _sources(claims: Iterable[PeriodClaim], t: dict[str, str]) -> str:
    seen: set[str] = set()
    links: list[str] = []
    for claim in claims:
        if claim.outlet in seen:
            continue
        seen.add(claim.outlet)
        label = claim.outlet + (f" ({t['corrected']})" if claim.is_correction else "")
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
    t = TEXTS[language]
    new_claims = [c for c in group.claims if _in(c.first_seen_at, data.start, data.end)]
    if not new_claims:
        return None
    old_outlets = {c.outlet for c in group.claims if c.first_seen_at < data.start}
    all_outlets = {c.outlet for c in group.claims}
    is_new = not old_outlets
    grown = len(all_outlets - old_outlets)
    tag = t["new"] if is_new else t["grown"].format(n=grown)
    entity_ids = frozenset().union(*(c.entity_ids for c in group.claims))
    label = escape(_short(group.label or _pick(list(group.claims), language).quote, 160))
    outlets = t["outlets"].format(n=max(group.outlet_count, len(all_outlets)))
    corrected = any(c.is_correction for c in new_claims)
    head = f"<b>{label}</b> <i>({outlets}; {tag}{'; ' + t['corrected'] if corrected else ''})</i>"

    if group.status == "disputed":
        sides: dict[str, list[PeriodClaim]] = defaultdict(list)
        for claim in group.claims:
            sides[claim.side or claim.stance].append(claim)
        lines = [head]
        for side_key, claims in sorted(sides.items(), key=lambda kv: (kv[0] != "affirmed", kv[0])):
            if side_key == "affirmed":
                lead = f"{t['affirms']}: "
            elif side_key == "denied":
                lead = f"{t['denies']}: "
            else:
                lead = f"{t['side']} «{escape(side_key)}»: "
            lines.append(_quote_line(_pick(claims, language), lead, _sources(claims, t)))
        section = "disputed"
    else:
        pick = _pick(new_claims, language)
        lines = [head, _quote_line(pick, "", _sources(group.claims, t))]
        section = "corroborated" if group.status == "corroborated" else "single"
    rank = SECTION_ORDER.index(section)
    score = (float(-rank), float(len(all_outlets)), float(grown), group.updated_at.timestamp())
    return _Point(section=section, score=score, html="\n".join(lines), entity_ids=entity_ids)


def _article_blocks(
    index: PeriodIndex, language: str, topics: frozenset[int] | None
) -> list[tuple[str, int]]:
    """One block per outlet: its new articles (newest first), corrections flagged; busiest outlets first."""
    t = TEXTS[language]
    by_outlet: dict[str, list[PeriodArticle]] = defaultdict(list)
    for article in index.articles_for(topics):
        by_outlet[article.outlet].append(article)
    blocks: list[tuple[str, int]] = []
    for outlet, chosen in by_outlet.items():
        items = []
        for article in chosen[:TITLES_PER_OUTLET]:
            flag = f" <i>({t['corrected']})</i>" if article.is_correction else ""
            items.append(f"  – {_link(_short(article.title, 140), article.url)}{flag}")
        if len(chosen) > TITLES_PER_OUTLET:
            items.append("  " + t["more_articles"].format(n=len(chosen) - TITLES_PER_OUTLET))
        blocks.append((f"<b>{escape(outlet)}</b> ({len(chosen)})\n" + "\n".join(items), len(chosen)))
    blocks.sort(key=lambda b: b[1], reverse=True)
    return blocks


def _header(data: PeriodData, language: str) -> str:
    t = TEXTS[language]
    fmt = "%Y-%m-%d %H:%M"
    period = t["period"].format(start=data.start.strftime(fmt), end=data.end.strftime(fmt))
    return f"<b>{t['title']}</b>\n<i>{escape(period)}</i>"


def compose(index: PeriodIndex, *, language: str, topics: frozenset[int] | None, send_empty: bool) -> Digest:
    """The digest for one reader: ``topics`` None means everything, else only these entities' points."""
    if language not in TEXTS:
        raise ValueError(f"unsupported digest language {language!r}; use one of {', '.join(LANGUAGES)}")
    t = TEXTS[language]
    points = index.points_for(language, topics)
    articles = _article_blocks(index, language, topics)
    if not points and not articles:
        if send_empty:
            return Digest(parts=(f"{_header(index.data, language)}\n\n{t['nothing']}",), points=0, dropped=0)
        return Digest(parts=(), points=0, dropped=0)

    sections: list[tuple[str, list[str]]] = []
    for point in points:
        if not sections or sections[-1][0] != t[point.section]:
            sections.append((t[point.section], []))
        sections[-1][1].append(point.html)
    if articles:
        sections.append((t["articles"], [html for html, _ in articles]))
    return _pack(_header(index.data, language), sections, t, total_points=len(points))


def _pack(
    header: str, sections: list[tuple[str, list[str]]], t: dict[str, str], *, total_points: int
) -> Digest:
    """Fill at most two messages with whole blocks in rank order; never cut inside a block (or a tag).

    A section heading travels with the first of its blocks that fits, so no heading is left dangling.
    """
    messages: list[list[str]] = [[header]]
    sizes = [utf16_len(header)]
    dropped = 0
    reserve = utf16_len(t["more"].format(n=99999)) + 2
    smallest = 40  # no point fits in less; once both messages have less room, the rest is dropped
    for heading, blocks in sections:
        heading_html = f"<b>— {escape(heading)} —</b>"
        placed_heading = False
        for position, block in enumerate(blocks):
            if len(messages) == MAX_MESSAGES and sizes[-1] + smallest + reserve > MESSAGE_BUDGET:
                dropped += len(blocks) - position
                break
            html = block if placed_heading else f"{heading_html}\n{block}"
            size = utf16_len(html) + 2
            if sizes[-1] + size + reserve <= MESSAGE_BUDGET:
                messages[-1].append(html)
                sizes[-1] += size
            elif len(messages) < MAX_MESSAGES and utf16_len(header) + size + reserve <= MESSAGE_BUDGET:
                messages.append([html])
                sizes.append(size)
            else:
                dropped += 1
                continue
            placed_heading = True
    if dropped:
        messages[-1].append(t["more"].format(n=dropped))
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

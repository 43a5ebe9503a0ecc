"""Answers and lists as Telegram HTML: every dynamic string escaped, split under 4,096 UTF-16 units.

A message is built from blocks (paragraphs, source lines, quotes); each block is well-formed HTML on its
own, so cutting between blocks never cuts a tag. A block too long for one message is cut inside its text,
at a line, sentence or word boundary, and each piece gets the block's tags again.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot.answer import present
from bot.answer.types import Answer, Citation
from bot.bidi import isolate, isolate_html, strip_isolates
from bot.browse import ArticleItem, EntityCard, GroupView, Latest, OutletCount
from bot.chats import Stats
from bot.messages import html_text as t
from bot.messages import join, kind_name
from bot.messages import text as plain
from bot.reports import ReportRow
from bot.sources import source_label
from bot.stories import StorySummary
from bot.stories.answers import StoryAnswer
from bot.stories.timeline import Timeline, timeline_lines
from bot.text import language_of
from bot.zones import zone_info, zone_label

MAX_UTF16 = 4096
TITLE_CHARS = 200
LIST_TITLE_CHARS = 90  # a title in an answer's source list: enough to recognise the article on a phone
CITATIONS_PER_POINT = 3
PAGE_SIZE = 5
_ENTITY_AT_END = re.compile(r"&[#a-zA-Z0-9]*$")
_TAG = re.compile(r"<[^>]*>|&#?[A-Za-z0-9]+;")


@dataclass(frozen=True)
class Block:
    """A paragraph of a message: ``body`` is escaped text (or short inline HTML when ``atomic``)."""

    body: str
    open: str = ""
    close: str = ""
    atomic: bool = False  # short and with inline tags: never cut

    @property
    def html(self) -> str:
        return f"{self.open}{self.body}{self.close}"


def esc(text: str | None) -> str:
    return html.escape(text or "", quote=False)


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def shorten(text: str, limit: int) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis when longer."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def link(inner_html: str, url: str | None) -> str:
    """``inner_html`` as a link to ``url`` when it is a web address, else as it is."""
    if url and url.startswith(("http://", "https://")):
        return f'<a href="{html.escape(url, quote=True)}">{inner_html}</a>'
    return inner_html


def paragraphs(text: str) -> list[Block]:
    """Plain text as escaped paragraph blocks (blank lines separate paragraphs)."""
    return [Block(esc(p.strip())) for p in re.split(r"\n\s*\n", text) if p.strip()]


def shown(markup: str, language: str | None = None) -> str:
    """Telegram HTML as sent: each embedded run of the other script isolated, so no line jumbles.

    The language is the reply's when known, else the one most of the text (outside isolates) is in.
    """
    if language is None:
        language = language_of(strip_isolates(_TAG.sub(" ", markup)))
    return isolate_html(markup, language)


def _shown_block(block: Block) -> Block:
    return Block(shown(block.body), block.open, block.close, block.atomic)


def split_messages(blocks: Iterable[Block], limit: int = MAX_UTF16) -> list[str]:
    """Pack blocks into as few messages as fit under ``limit`` UTF-16 units, cutting only between blocks,
    or inside an oversized block's text (never inside a tag or an HTML entity)."""
    messages: list[str] = []
    current = ""
    for block in map(_shown_block, blocks):
        for piece in _fit_block(block, limit):
            candidate = f"{current}\n\n{piece}" if current else piece
            if utf16_len(candidate) <= limit:
                current = candidate
            else:
                if current:
                    messages.append(current)
                current = piece
    if current:
        messages.append(current)
    return messages


def _fit_block(block: Block, limit: int) -> list[str]:
    if utf16_len(block.html) <= limit or block.atomic:
        return [block.html]
    budget = limit - utf16_len(block.open) - utf16_len(block.close)
    pieces = []
    rest = block.body
    while rest:
        cut = _cut_point(rest, budget)
        pieces.append(f"{block.open}{rest[:cut].rstrip()}{block.close}")
        rest = rest[cut:].lstrip()
    return pieces


def _cut_point(text: str, budget: int) -> int:
    """Where to cut ``text`` so the head fits ``budget`` UTF-16 units: at a line, sentence or word end."""
    if utf16_len(text) <= budget:
        return len(text)
    fit = 0
    used = 0
    for index, char in enumerate(text):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > budget:
            break
        fit = index + 1
    head = text[:fit]
    for pattern in ("\n", r"[.!?؟。]\s", r"\s"):
        matches = list(re.finditer(pattern, head))
        if matches and matches[-1].end() > fit // 2:
            fit = matches[-1].end()
            break
    entity = _ENTITY_AT_END.search(text[:fit])
    if entity:  # never leave half of "&amp;" at the end of a message
        fit = entity.start()
    return max(fit, 1)


# --- answers --------------------------------------------------------------------------------------------


def answer_blocks(answer: Answer, zone: str = "UTC") -> list[Block]:
    """The answer's lines, each point marked with its source numbers, then one numbered source list.

    Each point lists up to CITATIONS_PER_POINT sources; the rest are behind the "more sources" button.
    A leading point's "first reported by" line is in italics, its times in the reader's ``zone``.
    """
    language = answer.language
    view = present.layout(
        answer, per_point=CITATIONS_PER_POINT, zone=zone_info(zone), zone_name=zone_label(zone, language)
    )
    blocks = [
        Block(esc(line.strip()), "<i>", "</i>") if index in view.notes else Block(esc(line.strip()))
        for index, line in enumerate(view.lines)
        if line.strip()
    ]
    if view.sources:
        blocks.append(Block(f"<b>{t(language, 'sources_heading')}</b>", atomic=True))
        blocks.extend(_packed([source_entry(source, language) for source in view.sources]))
    if answer.as_of:  # how fresh this is: the newest article the answer draws on
        blocks.append(Block(t(language, "as_of", date=answer.as_of[:10]), atomic=True))
    return blocks


def source_entry(source: present.Source, language: str) -> str:
    """``[1] Outlet, date: title`` with the title as the link, and which entry it copies."""
    citation = source.citation
    outlet = isolate(source_label(language, citation.outlet, None, citation.url), language)
    head = f"<b>{esc(outlet)}</b>"
    if citation.published:
        head = plain(language, "answer.source_date", outlet=head, date=esc(citation.published[:10]))
    title = link(esc(isolate(shorten(citation.title, LIST_TITLE_CHARS), language)), citation.url)
    entry = f"[{source.number}] {head}: {title}"
    if source.copy_of is not None:
        entry += t(language, "answer.source_copy", number=source.copy_of)
    if citation.corrected:
        entry += t(language, "corrected")
    return entry


def _packed(lines: list[str], budget: int = MAX_UTF16 // 3) -> list[Block]:
    """Lines of inline HTML kept together, one line each, in atomic blocks of at most ``budget`` units."""
    blocks: list[Block] = []
    current: list[str] = []
    for line in lines:
        if current and utf16_len("\n".join([*current, line])) > budget:
            blocks.append(Block("\n".join(current), atomic=True))
            current = []
        current.append(line)
    if current:
        blocks.append(Block("\n".join(current), atomic=True))
    return blocks


def story_answer_blocks(result: StoryAnswer, zone: str = "UTC") -> list[Block]:
    """An answer under the story it is from; a grouped answer names each story in its prose."""
    blocks = answer_blocks(result.answer, zone)
    if len(result.parts) != 1:
        return blocks
    title = result.parts[0].story.title(result.answer.language)
    return [Block(f"<i>{t(result.answer.language, 'answer.story', title=title)}</i>", atomic=True), *blocks]


def citation_blocks(
    number: int | str, citation: Citation, language: str, *, quote: bool = True
) -> list[Block]:
    """``1. Outlet: Title (date)`` as a link, then (unless told not to) the quote as a block quotation."""
    label = esc(isolate(source_label(language, citation.outlet, None, citation.url), language))
    title = esc(isolate(shorten(citation.title, TITLE_CHARS), language))
    head = link(f"<b>{label}</b>: {title}", citation.url)
    if citation.published:
        head += f" ({esc(citation.published[:10])})"  # the date; the time of day adds little here
    if citation.corrected:
        head += t(language, "corrected")
    blocks = [Block(f"{number}. {head}", atomic=True)]
    if quote and citation.quote.strip():
        blocks.append(Block(esc(citation.quote), "<blockquote>", "</blockquote>"))
    return blocks


# --- browsing -------------------------------------------------------------------------------------------


def group_blocks(view: GroupView, language: str, *, citations_per_side: int = 3) -> list[Block]:
    """A claim group: its label and status, then each side with its sources."""
    status = t(language, f"status_{view.status}", count=view.outlet_count)
    label = isolate(shorten(view.label, 300), language)
    blocks = [Block(f"<b>{esc(label)}</b> ({status})", atomic=True)]
    number = 0
    for side in view.sides:
        heading = t(language, f"side_{side.stance}")
        who = f" ({esc(isolate(side.speaker, language))})" if side.speaker else ""
        blocks.append(Block(f"<i>{heading}</i>{who}", atomic=True))
        for citation in side.citations[:citations_per_side]:
            number += 1
            blocks.extend(citation_blocks(number, citation, language))
    return blocks


def sources_page_blocks(view: GroupView, language: str, offset: int, size: int = PAGE_SIZE) -> list[Block]:
    """One page of every source for a group (for the "more sources" button)."""
    citations = view.citations
    page = citations[offset : offset + size]
    first, last = offset + 1, offset + len(page)
    blocks = [
        Block(
            t(language, "more_sources_heading", label=isolate(shorten(view.label, 300), language)),
            atomic=True,
        ),
        Block(t(language, "page", first=first, last=last, total=len(citations)), atomic=True),
    ]
    for number, citation in enumerate(page, first):
        blocks.extend(citation_blocks(number, citation, language))
    return blocks


def sources_page(view: GroupView, language: str, offset: int) -> tuple[str, int]:
    """The page starting at ``offset`` as one message, and how many sources it shows.

    A page holds up to PAGE_SIZE sources, fewer when their quotes are long, so it always fits one
    message (which the next and previous buttons edit in place).
    """
    size = PAGE_SIZE
    while True:
        parts = split_messages(sources_page_blocks(view, language, offset, size))
        if len(parts) == 1 or size == 1:
            return parts[0], min(size, max(len(view.citations) - offset, 0))
        size -= 1


def latest_blocks(latest: Latest, language: str) -> list[Block]:
    if not latest.articles and not latest.groups:
        return [Block(t(language, "nothing_yet"), atomic=True)]
    blocks = [Block(t(language, "latest_heading"), atomic=True)]
    for number, article in enumerate(latest.articles, 1):
        blocks.append(latest_article_block(number, article, language))
    if latest.groups:
        blocks.append(Block(t(language, "latest_claims"), atomic=True))
        for view in latest.groups:
            blocks.extend(group_blocks(view, language, citations_per_side=1))
    return blocks


def latest_article_block(number: int, article: ArticleItem, language: str) -> Block:
    """``1. Outlet: Title (date)``; an undated article shows when it was first seen, and says so."""
    published = article.published_at.date().isoformat() if article.published_at else None
    citation = Citation(article.outlet, article.title, article.url, published, "", article.id)
    [block] = citation_blocks(number, citation, language, quote=False)
    if published is not None:
        return block
    seen = t(language, "latest_first_seen", date=article.first_seen_at.date().isoformat())
    return Block(f"{block.body} ({seen})", atomic=True)


def _listing(language: str, empty: str, heading: str, items: list[list[Block]]) -> list[Block]:
    """A heading over the items' blocks, or the ``empty`` message when there are none."""
    if not items:
        return [Block(t(language, empty), atomic=True)]
    return [Block(t(language, heading), atomic=True), *(block for item in items for block in item)]


def disputed_blocks(views: Sequence[GroupView], language: str) -> list[Block]:
    items = [group_blocks(view, language, citations_per_side=2) for view in views]
    return _listing(language, "nothing_disputed", "disputed_heading", items)


def _story_span(story: StorySummary, language: str) -> str:
    """A story's dates: one day, or its first and last."""
    if story.first_at is None or story.last_at is None:
        return t(language, "story_undated")
    first, last = story.first_at.date().isoformat(), story.last_at.date().isoformat()
    return first if first == last else f"{first} – {last}"


def story_block(story: StorySummary, language: str) -> Block:
    """One story: its title, dates and counts, and who and where it is about."""
    disputes = (
        t(language, "story_disputed", count=story.disputed)
        if story.disputed
        else t(language, "story_undisputed")
    )
    counts = t(
        language,
        "story_counts",
        span=_story_span(story, language),
        articles=story.articles,
        outlets=story.outlets,
        disputes=disputes,
    )
    lines = [f"<b>#{story.id} {esc(story.title(language))}</b>", counts]
    if story.entities:
        names = join(language, [e.display(language) for e in story.entities])
        lines.append(t(language, "story_entities", names=names))
    return Block("\n".join(lines), atomic=True)


def stories_blocks(stories: Sequence[StorySummary], language: str) -> list[Block]:
    if not stories:
        return [Block(t(language, "nothing_yet"), atomic=True)]
    return [Block(t(language, "stories_heading"), atomic=True), *(story_block(s, language) for s in stories)]


def timeline_blocks(timeline: Timeline, language: str, zone: str = "UTC") -> list[Block]:
    """A story's timeline: its heading in bold, which times it gives in italics, then one block a point."""
    heading, *rest = timeline_lines(timeline, language, zone_info(zone), zone_label(zone, language))
    blocks = [Block(f"<b>{esc(heading)}</b>", atomic=True)]
    if rest and timeline.points:
        blocks.append(Block(esc(rest.pop(0)), "<i>", "</i>"))
    return blocks + [Block(esc(line)) for line in rest]


def outlets_blocks(outlets: Sequence[OutletCount], language: str) -> list[Block]:
    return _listing(
        language, "nothing_yet", "sources_list_heading", [[_outlet_block(o, language)] for o in outlets]
    )


def _outlet_block(outlet: OutletCount, language: str) -> Block:
    newest = f", {outlet.newest.date().isoformat()}" if outlet.newest else ""
    count = t(language, "articles_count", count=outlet.articles)
    name = esc(isolate(source_label(language, outlet.name), language))
    return Block(f"• <b>{name}</b>: {count}{esc(newest)}", atomic=True)


def entity_blocks(card: EntityCard, language: str) -> list[Block]:
    kind = t(language, "entity_kind", kind=kind_name(language, card.kind), articles=card.article_count)
    blocks = [Block(f"<b>{esc(isolate(card.name, language))}</b>\n{kind}", atomic=True)]
    if card.aliases:
        aliases = join(language, [isolate(alias, language) for alias in card.aliases[:12]])
        blocks.append(Block(t(language, "entity_aliases", aliases=aliases)))
    if not card.groups:
        blocks.append(Block(t(language, "entity_nothing_said"), atomic=True))
    for view in card.groups:
        blocks.extend(group_blocks(view, language, citations_per_side=1))
    return blocks


def stats_text(stats: Stats, language: str) -> str:
    return t(
        language,
        "stats",
        articles=stats.articles,
        entities=stats.entities,
        claims=stats.claims,
        disputed=stats.disputed,
        subscribers=stats.subscribers,
        chats=stats.chats,
        days=stats.retention_days,
        questions=stats.questions,
        not_found=stats.not_found,
        rate=f"{stats.not_found_rate:.0%}",
    )


def reports_blocks(reports: Sequence[ReportRow], total: int, language: str) -> list[Block]:
    """Readers' reports of mistakes for operators: reason, question and the sources the answer cited."""
    if not reports:
        return [Block(t(language, "reports.none"), atomic=True)]
    blocks = [Block(t(language, "reports.heading", count=total), atomic=True)]
    for report in reports:
        line = t(
            language,
            "reports.line",
            id=report.id,
            date=report.created_at.date().isoformat(),
            reason=plain(language, f"report.reason.{report.reason}"),
            question=_reported(report, language),
            sources=join(language, [isolate(cited_label(c, language), language) for c in report.cited[:5]])
            or "-",
        )
        blocks.append(Block(line))
    return blocks


def _reported(report: ReportRow, language: str) -> str:
    """What a report is about: the answer's question, or "digest point N: its sentence"."""
    said = isolate(shorten(report.question, LIST_TITLE_CHARS), language)
    if report.kind != "digest":
        return said
    return plain(language, "reports.digest_point", point=report.point, sentence=said)


def cited_label(cited: Mapping[str, object], language: str) -> str:
    """One source an answer cited, as a report lists it: [n] outlet, date."""
    outlet = source_label(language, _str(cited.get("outlet")), None, _str(cited.get("url")))
    published = _str(cited.get("published"))
    return f"[{cited.get('number')}] {outlet}" + (f" {published[:10]}" if published else "")


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None

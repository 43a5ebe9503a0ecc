"""A digest as Telegram HTML: at most two messages of whole blocks, ranked, every value escaped.

The engine stores what ``digest_messages`` returns on the delivery row, so a resend sends the same text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.digest import words
from bot.digest.structure import ArticleLink, Digest, OutletArticles, Point, Quote
from handlers.render import MAX_UTF16, esc, link, shorten, utf16_len

MESSAGE_BUDGET = 3900  # room for Telegram's own counting quirks
MAX_MESSAGES = 2
QUOTE_CHARS = 220
LABEL_CHARS = 160
TITLE_CHARS = 140
MISSES_WHEN_FULL = 3  # blocks the last message refuses in a row before it counts as full
_CACHED_BLOCKS = 16384  # points and article lines rendered once, shared by every reader's digest


@dataclass(frozen=True)
class DigestMessages:
    """The messages to send, and how many points did not fit in them."""

    parts: tuple[str, ...]
    dropped: int


@dataclass(frozen=True)
class _Block:
    """A rendered point (or outlet block) and its UTF-16 length, measured once."""

    html: str
    size: int


_Sections = list[tuple[str, Sequence[Point] | list[_Block]]]  # a heading and its points or blocks


def digest_messages(digest: Digest) -> tuple[str, ...]:
    """The messages a chat receives for ``digest`` (the engine's ``Sender.render``)."""
    return render_digest(digest).parts


def render_digest(digest: Digest) -> DigestMessages:
    """Fill at most two messages with whole blocks in rank order; "nothing new" when there is nothing."""
    language = digest.language
    header = f"<b>{esc(words.say(language, 'title'))}</b>\n<i>{esc(words.period(digest))}</i>"
    if digest.nothing_new:
        if not digest.announce_empty:
            return DigestMessages(parts=(), dropped=0)
        return DigestMessages(parts=(f"{header}\n\n{esc(words.say(language, 'nothing'))}",), dropped=0)
    sections: _Sections = [(words.say(language, section.kind), section.points) for section in digest.sections]
    if digest.outlets:
        blocks = [_block(_outlet_html(outlet, language)) for outlet in digest.outlets]
        if digest.other_outlets:
            more = words.say(language, "more_outlets", n=digest.other_outlets, articles=digest.other_articles)
            blocks.append(_block(esc(more)))
        sections.append((words.say(language, "articles"), blocks))
    return _pack(header, sections, language)


def _pack(
    header: str, sections: list[tuple[str, Sequence[Point] | list[_Block]]], language: str
) -> DigestMessages:
    """Whole blocks, never cut inside one (or a tag); a section heading travels with its first block.

    Sizes are measured once per point, so packing costs additions; once the last message has refused
    a few blocks in a row it is as full as it gets, and the rest of that section is counted as left out.
    """
    messages: list[list[str]] = [[header]]
    sizes = [utf16_len(header)]
    dropped = 0
    reserve = utf16_len(esc(words.say(language, "more", n=99999))) + 2
    for heading, blocks in sections:
        heading_html = f"<b>— {esc(heading)} —</b>"
        heading_size = utf16_len(heading_html) + 1
        placed_heading = False
        misses = 0
        for position in range(len(blocks)):
            if len(messages) == MAX_MESSAGES and misses >= MISSES_WHEN_FULL:
                dropped += len(blocks) - position
                break
            block = _as_block(blocks[position], language)
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
        messages[-1].append(esc(words.say(language, "more", n=dropped)))
    parts = tuple("\n\n".join(m) for m in messages)
    for part in parts:
        if utf16_len(part) >= MAX_UTF16:
            raise AssertionError("digest part over Telegram's limit; MESSAGE_BUDGET is wrong")
    return DigestMessages(parts=parts, dropped=dropped)


def _block(html: str) -> _Block:
    return _Block(html, utf16_len(html))


def _as_block(item: Point | _Block, language: str) -> _Block:
    return item if isinstance(item, _Block) else _point_block(item, language)


@lru_cache(maxsize=_CACHED_BLOCKS)
def _point_block(point: Point, language: str) -> _Block:
    """A point's HTML: its label and note, then each side's quote with linked sources."""
    label = esc(shorten(point.label, LABEL_CHARS))
    head = f"<b>{label}</b> <i>({esc(words.point_note(language, point))})</i>"
    return _block("\n".join([head, *(_quote_line(quote, language) for quote in point.quotes)]))


def _quote_line(quote: Quote, language: str) -> str:
    lead = esc(words.side_lead(language, quote.side))
    speaker = f"{esc(quote.speaker)}: " if quote.speaker else ""
    return f"• {lead}{speaker}«{esc(shorten(quote.text, QUOTE_CHARS))}» — {_sources(quote, language)}"


def _sources(quote: Quote, language: str) -> str:
    links = [link(esc(words.source_note(language, s.name, s.corrected)), s.url) for s in quote.sources]
    if quote.more_sources:
        links.append(f"+{quote.more_sources}")
    return ", ".join(links)


def _outlet_html(outlet: OutletArticles, language: str) -> str:
    """An outlet's name and count, its newest articles (corrections flagged), and how many more."""
    lines = [_article_line(article, language) for article in outlet.articles]
    if outlet.more > 0:
        lines.append("  " + esc(words.say(language, "more_articles", n=outlet.more)))
    return f"<b>{esc(outlet.name)}</b> ({outlet.count})\n" + "\n".join(lines)


@lru_cache(maxsize=_CACHED_BLOCKS)
def _article_line(article: ArticleLink, language: str) -> str:
    corrected = f" <i>({esc(words.say(language, 'corrected'))})</i>" if article.corrected else ""
    return f"  – {link(esc(shorten(article.title, TITLE_CHARS)), article.url)}{corrected}"

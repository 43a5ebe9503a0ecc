"""A digest as Telegram HTML: one short message of whole blocks, ranked, every value escaped and isolated.

The title, the period in the reader's zone and a count line; then at most five points a section (a
followed story's section first), each point's sentence once, both sides of a dispute with their own
outlets; then the new articles by outlet while there is room. What does not fit, or is past a section's
five, is counted in the last line, whose button (``parse_more``) shows the rest as new messages; a "Report a
mistake" button under the digest lets the reader pick a numbered point and say what is wrong with it.

The engine stores what ``digest_messages`` returns on the delivery row, so a resend sends the same text;
the buttons travel in it as a mark at its end (the Sender's own envelope: the engine never reads it) that
``take_buttons`` removes before anything is sent or shown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache

from bot.digest import words
from bot.digest.structure import ArticleLink, Digest, OutletArticles, Point, Quote, Section
from bot.provenance import provenance_line
from bot.text import mend_broken_words
from bot.zones import zone_info, zone_label
from handlers.render import MAX_UTF16, Block, esc, link, shorten, shown, split_messages, utf16_len

MESSAGE_BUDGET = MAX_UTF16 - 96  # room for the "more" line and Telegram's own counting quirks
QUOTE_CHARS = 220
TITLE_CHARS = 140
MORE_PREFIX = "dm:"  # the "show the rest" button's callback data: dm:<period start>:<period end>:<language>
REPORT_PREFIX = "d[rpw]:"  # report a mistake (dr:), the point picked (dp:), the reason given (dw:)
PICK_LABEL_CHARS = 70  # a point's quote as the list to pick from shows it
SPEAKER_CHARS = 40  # and its speaker
# The buttons a stored message carries: its period and language, and r (the rest) and/or p (report).
_MARK = re.compile(
    r"\n?\x1e(?:more:(?P<old>\d{1,12}:\d{1,12}:(?:ar|en))"
    r"|buttons:(?P<key>\d{1,12}:\d{1,12}:(?:ar|en)):(?P<flags>r?p?))\x1e$"
)
_MORE_DATA = re.compile(rf"{MORE_PREFIX}(\d{{1,12}}):(\d{{1,12}}):(ar|en)")
_REPORT_DATA = re.compile(
    r"d(?P<step>[rpw]):(?P<start>\d{1,12}):(?P<end>\d{1,12}):(?P<language>ar|en)"
    r"(?::(?P<number>\d{1,3}):(?P<key>[0-9a-f]{4}))?(?::(?P<reason>\d))?"
)
_CACHED_BLOCKS = 16384  # points and article lines rendered once, shared by every reader's digest
REPEATS_NAMED = 2  # a point's "first reported by" line names this many repeats: one message stays short


@dataclass(frozen=True)
class DigestMessages:
    """The messages to send, how many points are behind the button, and which ones."""

    parts: tuple[str, ...]
    dropped: int
    rest: tuple[tuple[Section, tuple[Point, ...]], ...] = ()


@dataclass(frozen=True)
class _Block:
    """A rendered point (or outlet block) and its UTF-16 length, measured once."""

    html: str
    size: int


def digest_messages(digest: Digest) -> tuple[str, ...]:
    """The messages a chat receives for ``digest`` (the engine's ``Sender.render``)."""
    return render_digest(digest).parts


@dataclass(frozen=True)
class MorePress:
    """A press on "show the rest": the digest's period and language."""

    start: datetime
    end: datetime
    language: str


def _more_key(digest: Digest) -> str:
    return f"{int(digest.start.timestamp())}:{int(digest.end.timestamp())}:{digest.language}"


def parse_more(data: str | None) -> MorePress | None:
    """The digest a "show the rest" button names, or None for other data."""
    match = _MORE_DATA.fullmatch(data or "")
    if match is None:
        return None
    start, end = (datetime.fromtimestamp(int(v), UTC) for v in match.groups()[:2])
    return MorePress(start, end, match[3])


@dataclass(frozen=True)
class DigestButtons:
    """The buttons under a digest message: "show the rest" (``rest``) and "Report a mistake" (``report``)."""

    key: str  # <period start>:<period end>:<language>
    rest: bool
    report: bool

    @property
    def language(self) -> str:
        return self.key.rsplit(":", 1)[1]

    @property
    def rest_data(self) -> str:
        return f"{MORE_PREFIX}{self.key}"

    @property
    def report_data(self) -> str:
        return f"dr:{self.key}"


def take_buttons(html: str) -> tuple[str, DigestButtons | None]:
    """A stored message without its button mark, and the buttons it carries (None without any)."""
    match = _MARK.search(html)
    if match is None:
        return html, None
    if match["old"]:  # a message composed before digests had a report button
        return html[: match.start()], DigestButtons(match["old"], rest=True, report=False)
    flags = match["flags"]
    return html[: match.start()], DigestButtons(match["key"], rest="r" in flags, report="p" in flags)


def take_more(html: str) -> tuple[str, str | None]:
    """A stored message without its button mark, and its "show the rest" data when it has that button."""
    html, found = take_buttons(html)
    return html, found.rest_data if found and found.rest else None


@dataclass(frozen=True)
class ReportPress:
    """A press on a digest's report buttons: ``step`` r (report), p (a point picked) or w (a reason)."""

    step: str
    start: datetime
    end: datetime
    language: str
    number: int = 0
    key: int = 0
    reason: int | None = None

    def data(self, step: str, number: int = 0, key: int = 0, reason: int | None = None) -> str:
        """The callback data of the next step's button."""
        data = f"d{step}:{int(self.start.timestamp())}:{int(self.end.timestamp())}:{self.language}"
        if step in "pw":
            data += f":{number}:{key:04x}"
        return data + (f":{reason}" if step == "w" and reason is not None else "")


def parse_report(data: str | None) -> ReportPress | None:
    """The digest and step a report button names, or None for other data."""
    match = _REPORT_DATA.fullmatch(data or "")
    if match is None or (match["step"] != "r") != bool(match["number"]):
        return None
    if (match["step"] == "w") != (match["reason"] is not None):
        return None
    start, end = (datetime.fromtimestamp(int(match[k]), UTC) for k in ("start", "end"))
    reason = int(match["reason"]) if match["reason"] is not None else None
    number, key = int(match["number"] or 0), int(match["key"] or "0", 16)
    return ReportPress(match["step"], start, end, match["language"], number, key, reason)


def pick_lines(points: Sequence[tuple[int, Point]], language: str) -> tuple[str, int]:
    """The points to pick from, numbered (each one's first speaker and quote, shortened), as many as
    fit in one message; and how many that is."""
    lines = [f"<b>{esc(words.say(language, 'report_pick'))}</b>"]
    size = utf16_len(lines[0])
    for number, point in points:
        line = shown(f"{number}. {_said(point, language, PICK_LABEL_CHARS)}", language)
        if size + 1 + utf16_len(line) > MESSAGE_BUDGET:
            break
        lines.append(line)
        size += 1 + utf16_len(line)
    return shown("\n".join(lines), language), len(lines) - 1


def reason_question(number: int, point: Point, language: str) -> str:
    """What is wrong with point ``number``, the point's quote under the question."""
    question = esc(words.say(language, "report_ask", n=number))
    return shown(f"<b>{question}</b>\n{_said(point, language, QUOTE_CHARS)}", language)


def _said(point: Point, language: str, chars: int) -> str:
    """A point as the reader recognises it: its first speaker and quote (its label without quotes)."""
    if not point.quotes:
        return esc(shorten(point.label, chars))
    quote = point.quotes[0]
    speaker = shorten(quote.speaker, SPEAKER_CHARS) if quote.speaker else None
    lead = esc(words.speaker_lead(language, quote.stance, speaker, False))
    return f"{lead}«{esc(shorten(quote.text, chars))}»"


def render_digest(digest: Digest) -> DigestMessages:
    """One message: header, count line, sections in rank order while they fit, the "more" line."""
    language = digest.language
    header = _header(digest)
    if digest.nothing_new:
        if not digest.announce_empty:
            return DigestMessages(parts=(), dropped=0)
        return DigestMessages(parts=(f"{header}\n\n{esc(words.say(language, 'nothing'))}",), dropped=0)
    blocks = [header]
    size = utf16_len(header)
    rest: list[tuple[Section, tuple[Point, ...]]] = []
    for section in digest.sections:
        placed, left = _place(section, language, MESSAGE_BUDGET - size, digest.timezone)
        if placed:
            blocks.append(placed.html)
            size += placed.size + 2
        left = (*left, *section.rest)
        if left:
            rest.append((section, left))
    articles = _articles(digest, MESSAGE_BUDGET - size)
    if articles:
        blocks.append(articles)
    dropped = sum(len(points) for _, points in rest)
    if dropped:
        blocks.append(esc(words.say(language, "more", n=dropped)))
    message = "\n\n".join(blocks)
    flags = ("r" if dropped else "") + ("p" if digest.points else "")
    if flags:
        message += f"\n\x1ebuttons:{_more_key(digest)}:{flags}\x1e"
    if utf16_len(take_buttons(message)[0]) > MAX_UTF16:
        raise AssertionError("digest over Telegram's limit; MESSAGE_BUDGET is wrong")
    return DigestMessages(parts=(message,), dropped=dropped, rest=tuple(rest))


def rest_messages(digest: Digest) -> list[str]:
    """What the button shows: every point the digest left out, by section, in as few messages as fit."""
    language = digest.language
    found = render_digest(digest).rest
    if not found:
        return []
    heading = f"<b>{esc(words.say(language, 'rest_heading'))}</b>\n<i>{esc(words.period(digest))}</i>"
    out = [Block(heading, atomic=True)]
    for section, points in found:
        out.append(Block(_heading(section, language), atomic=True))
        out.extend(
            Block(_point_block(point, language, digest.timezone).html, atomic=True) for point in points
        )
    return split_messages(out)


def _header(digest: Digest) -> str:
    language = digest.language
    lines = [f"<b>{esc(words.say(language, 'title'))}</b>", f"<i>{esc(words.period(digest))}</i>"]
    if not digest.nothing_new:
        lines.append(esc(words.headline(digest)))
    return shown("\n".join(lines), language)


def _heading(section: Section, language: str) -> str:
    return shown(f"<b>— {esc(words.section_heading(language, section.kind, section.title))} —</b>", language)


def _place(
    section: Section, language: str, room: int, zone: str = "UTC"
) -> tuple[_Block | None, tuple[Point, ...]]:
    """The section's heading and as many of its shown points as fit in ``room``; the points left out."""
    heading = _heading(section, language)
    lines: list[str] = []
    size = utf16_len(heading)
    left: list[Point] = []
    for point in section.points:
        block = _point_block(point, language, zone)
        if not left and size + 1 + block.size <= room:
            lines.append(block.html)
            size += 1 + block.size
        else:
            left.append(point)
    if not lines:
        return None, tuple(section.points)
    return _Block("\n".join([heading, *lines]), size), tuple(left)


@lru_cache(maxsize=_CACHED_BLOCKS)
def _point_block(point: Point, language: str, zone: str = "UTC") -> _Block:
    """A point: each side's speaker, verb and quote with its linked outlets, then the point's note; under
    each side carried by several outlets, who reported it first (times in the reader's ``zone``)."""
    disputed = len(point.quotes) > 1
    lines = [_quote_line(quote, language, disputed) for quote in point.quotes]
    lines[-1] += f" <i>({esc(words.point_note(language, point))})</i>"
    out = []
    for index, (quote, line) in enumerate(zip(point.quotes, lines, strict=True)):
        out.append(f"• {line}" if index == 0 else f"   {line}")
        if quote.provenance is not None:
            found = provenance_line(
                quote.provenance, language, zone_info(zone), zone_label(zone, language), limit=REPEATS_NAMED
            )
            out.append(f"   ↳ <i>{esc(found)}</i>")
    return _measured(shown("\n".join(out), language))


def _quote_line(quote: Quote, language: str, disputed: bool) -> str:
    lead = esc(words.speaker_lead(language, quote.stance, quote.speaker, disputed))
    return f"{lead}«{esc(shorten(quote.text, QUOTE_CHARS))}» — {_sources(quote, language)}"


def _sources(quote: Quote, language: str) -> str:
    links = [link(esc(words.source_note(language, s.name, s.corrected)), s.url) for s in quote.sources]
    if quote.more_sources:
        links.append(f"+{quote.more_sources}")
    return words.sources_list(language, links)


def _articles(digest: Digest, room: int) -> str:
    """The new articles by outlet, the busiest outlets first, while they fit in ``room``."""
    language = digest.language
    heading = shown(f"<b>— {esc(words.say(language, 'articles'))} —</b>", language)
    blocks: list[str] = []
    size = utf16_len(heading) + 2
    for outlet in digest.outlets:
        block = _outlet_html(outlet, language)
        if size + 2 + block.size > room:
            break
        blocks.append(block.html)
        size += 2 + block.size
    if blocks and digest.other_outlets:
        more = words.say(language, "more_outlets", n=digest.other_outlets, articles=digest.other_articles)
        if size + utf16_len(more) + 2 <= room:
            blocks.append(shown(esc(more), language))
    return "\n\n".join([heading, *blocks]) if blocks else ""


def _outlet_html(outlet: OutletArticles, language: str) -> _Block:
    """An outlet's name and count, its newest articles (corrections flagged), and how many more."""
    lines = [_article_line(article, language) for article in outlet.articles]
    if outlet.more > 0:
        lines.append("  " + esc(words.say(language, "more_articles", n=outlet.more)))
    return _measured(shown(f"<b>{esc(outlet.name)}</b> ({outlet.count})\n" + "\n".join(lines), language))


@lru_cache(maxsize=_CACHED_BLOCKS)
def _article_line(article: ArticleLink, language: str) -> str:
    corrected = f" <i>({esc(words.say(language, 'corrected'))})</i>" if article.corrected else ""
    title = esc(shorten(mend_broken_words(article.title), TITLE_CHARS))
    return f"  – {link(title, article.url)}{corrected}"


def _measured(html: str) -> _Block:
    return _Block(html, utf16_len(html))


def sizes(parts: Iterable[str]) -> Sequence[int]:
    """The UTF-16 length of each message as Telegram counts it (its button mark removed)."""
    return [utf16_len(take_buttons(part)[0]) for part in parts]

"""From decoded text to a CleanDocument: dateline, title, outlet prefix or credit, boilerplate, tweets.

The stored text is the decoded input with whole lines removed or a line's head/tail cut (an
"Outlet/ " prefix, a tweet's links and attribution); nothing inside a sentence is ever changed, so every
quote cut from it is a contiguous piece of what the outlet published.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo

from bot.errors import IngestError
from bot.ingest.boilerplate import boilerplate_kind, is_bare_read_also, is_comment_form_start
from bot.ingest.dates import date_only, parse_dateline, parse_wire_dateline
from bot.ingest.document import CleanDocument, Tweet
from bot.ingest.tweets import Attribution, find_attribution, link_tail_start
from bot.text import language_of, normalise, split_sentences

# How far from the top a dateline or byline may sit.
_HEAD_LINES = 4
_TITLE_MAX_WORDS = 25
_TITLE_MAX_CHARS = 250
_DERIVED_TITLE_WORDS = 14
_CREDIT_MAX_WORDS = 4
_LANGUAGE_SAMPLE = 3000  # characters: enough to tell Arabic from English, cheap on long articles
_BULLET = re.compile(r"^\s*(?:[•●▪◦‣∙·*\-–—]|\d{1,2}\s*[-.)]|[\u0660-\u0669]{1,2}\s*[-.)])\s+")
# "Outlet/ text": a short name, a slash, a space, then the article.
_OUTLET_PREFIX = re.compile(r"^(?P<name>[^/\n.!?؟:،,؛;\"“”«»()]{2,60}?)\s*/\s+(?=\S)")
# Wire style "Idlib (AFP) - text" / "إدلب (الأناضول) - النص": the outlet in brackets is the credit.
_WIRE_PREFIX = re.compile(r"^(?P<place>[^()\n.!?؟:]{1,40}?)\s*\((?P<name>[^()\n]{2,40})\)\s*[-—–]+\s+(?=\S)")
_SOURCE_LINE = re.compile(r"^(?:المصدر|مصدر|source|via)\s*[:：]\s*(?P<name>.{2,60})$", re.IGNORECASE)
_BYLINE = re.compile(r"^(?:by|بقلم|كتب|كتبت|إعداد)\s*[:：]?\s+(?P<name>[^\d\n]{2,60})$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?؟:;؛,،]$")
# "عمّان – صحيفة X", "خاص – X", "X – متابعات": a place or label and the outlet, on a line of their own.
_PLACE_CREDIT = re.compile(r"^(?P<a>[^\d\n.!?؟:،,;؛]{2,40}?)\s+[–—-]\s+(?P<b>[^\d\n.!?؟:،,;؛]{2,40})$")
_PLACE_CREDIT_MAX_WORDS = 6
# "المدينة – الصحيفة – كتب: فلان": a place-and-outlet line that also names the writer.
_PLACE_CREDIT_AUTHOR = re.compile(
    r"^(?P<credit>[^\d\n.!?؟:،,;؛]{2,40}?\s+[–—-]\s+[^\d\n.!?؟:،,;؛]{2,40}?)\s+[–—-]\s+"
    r"(?:by|بقلم|كتب|كتبت|إعداد)\s*[:：]?\s*(?P<name>[^\d\n.!?؟:،,;؛]{2,40})$",
    re.IGNORECASE,
)
_DESK_LABELS = frozenset(normalise(w) for w in "خاص متابعات تقرير عاجل حصري exclusive special report".split())
_OUTLET_HEADS = frozenset(normalise(w) for w in "وكالة صحيفة جريدة شبكة قناة موقع مجلة بوابة إذاعة".split())
_OUTLET_TAILS = ("الاخباريه", "نيوز", "للانباء", "news", "press", "times", "post", "agency", "tv")
_MARKDOWN_HEAD = re.compile(r"^(?:#{1,6}\s+|>\s?)")
_MARKDOWN_IMAGE = re.compile(r"^!\[[^\]]*\]\([^)]*\)$")
_MARKDOWN_EMPHASIS = re.compile(r"^(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1$")


@dataclass(frozen=True)
class Hints:
    """What the source already told us (page metadata, a feed entry); the text may override the date."""

    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published_at: datetime | None = None
    published_has_time: bool = False
    url: str | None = None
    guid: str | None = None
    feed_id: int | None = None


@dataclass
class _Line:
    """A kept piece of one input line: offsets into the raw text, trimmed of surrounding whitespace."""

    start: int
    end: int
    gap_before: bool  # a blank line came before it (a paragraph break)
    tweet: Attribution | None = None


@dataclass
class _Found:
    """What cleaning learnt besides the text."""

    title: str | None = None
    title_in_text: bool = False
    outlet: str | None = None
    credited: str | None = None
    author: str | None = None
    published_at: datetime | None = None
    has_time: bool = False
    meta: dict[str, str] = field(default_factory=dict)


def clean_text(
    raw: str, *, source: str, tz: tzinfo, hints: Hints | None = None, markdown: bool = False
) -> CleanDocument:
    """Clean one article's decoded text into a CleanDocument; IngestError when no article text is left."""
    hints = hints or Hints()
    raw = _unify_line_breaks(raw)
    lines = _split_lines(raw)
    found = _Found()
    if markdown:
        lines = _markdown(raw, lines, found, tz)
    lines = _mark_tweets(raw, lines, tz)
    lines = _drop_boilerplate(raw, lines)
    lines = _take_dateline(raw, lines, tz, found)
    lines = _take_byline(raw, lines, found)
    title_hint = hints.title or found.meta.get("title")
    lines = _take_title(raw, lines, title_hint, found)
    lines = _take_outlet_prefix(raw, lines, found)
    lines = _take_closing_credit(raw, lines, found)
    _read_wire_dateline(raw, lines, tz, found)
    if not any(not _is_title_line(raw, line, found) for line in lines):
        raise IngestError(source, "no article text left after removing the title and site boilerplate")
    text, tweets = _assemble(raw, lines)
    title, derived = found.title, False
    if not title:
        title, derived = derive_title(text), True
    publisher = hints.outlet or found.outlet or found.meta.get("outlet")
    # A page's site name wins over an "Outlet/ " prefix; a different prefix then names a credited source.
    credited = found.credited or (found.outlet if found.outlet != publisher else None)
    published_at, has_time = found.published_at, found.has_time
    if published_at is None:
        published_at, has_time = hints.published_at, hints.published_has_time
    return CleanDocument(
        source=source,
        title=title,
        text=text,
        language=language_of(text[:_LANGUAGE_SAMPLE]),
        url=hints.url,
        guid=hints.guid,
        outlet=publisher,
        credited_outlet=credited if credited != publisher else None,
        author=found.author or hints.author or found.meta.get("author"),
        published_at=published_at,
        published_has_time=has_time,
        title_derived=derived,
        feed_id=hints.feed_id,
        tweets=tuple(tweets),
    )


def iso_time(value: str, tz: tzinfo) -> tuple[datetime | None, bool]:
    """Public form of the ISO reader for page and feed metadata."""
    return _iso_time(value, tz)


def derive_title(text: str) -> str:
    """A title from the first sentence, shortened to a headline's length."""
    spans = split_sentences(text)
    if not spans:
        return text.strip()[:120]
    first = text[spans[0].start : spans[0].end]
    words = first.split()
    if len(words) <= _DERIVED_TITLE_WORDS:
        return " ".join(words)
    return " ".join(words[:_DERIVED_TITLE_WORDS]).rstrip("،,:;؛-–— ") + "…"


# --- steps ----------------------------------------------------------------------------------------------


def _unify_line_breaks(raw: str) -> str:
    """CRLF, CR and Unicode line separators become LF: a whitespace-only change, so quotes still match."""
    if "\r" in raw or "\u2028" in raw or "\u2029" in raw:
        return raw.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    return raw


def _split_lines(raw: str) -> list[_Line]:
    lines: list[_Line] = []
    gap = False
    position = 0
    for piece in raw.split("\n"):
        start, end = position, position + len(piece)
        position = end + 1
        while start < end and (raw[start].isspace() or raw[start] == "\ufeff"):
            start += 1
        while end > start and raw[end - 1].isspace():
            end -= 1
        if start == end:
            gap = bool(lines)
            continue
        lines.append(_Line(start, end, gap))
        gap = False
    return lines


def _text(raw: str, line: _Line) -> str:
    return raw[line.start : line.end]


def _trim_head(raw: str, line: _Line, cut: int) -> None:
    line.start += cut
    while line.start < line.end and raw[line.start].isspace():
        line.start += 1


def _trim_tail(raw: str, line: _Line, new_end: int) -> None:
    line.end = new_end
    while line.end > line.start and raw[line.end - 1].isspace():
        line.end -= 1


def _iso_time(value: str, tz: tzinfo) -> tuple[datetime | None, bool]:
    """An ISO date or date-time (naive ones are in ``tz``) in UTC, and whether it had a time."""
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None, False
    if len(value.strip()) <= 10:
        return date_only(parsed.date(), tz), False
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=tz)
    return parsed.astimezone(UTC), True


def _markdown(raw: str, lines: list[_Line], found: _Found, tz: tzinfo) -> list[_Line]:
    """Front matter becomes metadata; heading and quote markers and whole-line emphasis are cut."""
    if lines and _text(raw, lines[0]) == "---":
        closing = next((i for i, line in enumerate(lines[1:], 1) if _text(raw, line) == "---"), None)
        if closing is not None:
            for line in lines[1:closing]:
                key, _, value = _text(raw, line).partition(":")
                found.meta[key.strip().lower()] = value.strip().strip("\"'")
            if "source" in found.meta and "outlet" not in found.meta:
                found.meta["outlet"] = found.meta["source"]
            lines = lines[closing + 1 :]
    kept = []
    for line in lines:
        text = _text(raw, line)
        if _MARKDOWN_IMAGE.match(text):
            continue
        head = _MARKDOWN_HEAD.match(text)
        if head:
            _trim_head(raw, line, head.end())
        emphasis = _MARKDOWN_EMPHASIS.match(_text(raw, line))
        if emphasis:
            marker = len(emphasis.group(1))
            line.start += marker
            line.end -= marker
        if line.end > line.start:
            kept.append(line)
    if "date" in found.meta:
        # Front matter dates are ISO ("2025-10-22" or "2025-10-22T14:08:00+03:00").
        found.published_at, found.has_time = _iso_time(found.meta["date"], tz)
    return kept


def _mark_tweets(raw: str, lines: list[_Line], tz: tzinfo) -> list[_Line]:
    """Cut each embedded tweet's links and attribution, keeping its text with author and date."""
    kept: list[_Line] = []
    for line in lines:
        text = _text(raw, line)
        attribution = find_attribution(text, tz)
        if attribution is None:
            kept.append(line)
            continue
        body_end = link_tail_start(text, attribution.start)
        if text[:body_end].strip():
            _trim_tail(raw, line, line.start + body_end)
            line.tweet = attribution
            kept.append(line)
        elif kept:
            # The attribution sits on its own line: the tweet is the line before it.
            previous = kept[-1]
            _trim_tail(raw, previous, previous.start + link_tail_start(_text(raw, previous)))
            previous.tweet = attribution
            if previous.end == previous.start:
                kept.pop()
    return kept


def _drop_boilerplate(raw: str, lines: list[_Line]) -> list[_Line]:
    kept: list[_Line] = []
    skip_headline = False
    for index, line in enumerate(lines):
        text = _text(raw, line)
        if skip_headline and line.tweet is None and _looks_like_headline(text):
            skip_headline = False
            continue  # the headline a bare "Read also" label links to
        skip_headline = False
        if line.tweet is None and is_comment_form_start(text) and _only_form_follows(raw, lines[index + 1 :]):
            break
        if line.tweet is None and boilerplate_kind(text):
            skip_headline = is_bare_read_also(text)
            continue
        kept.append(line)
    return kept


def _looks_like_headline(line: str) -> bool:
    """Short and not ending like a sentence: a linked headline rather than a paragraph."""
    return len(line.split()) <= 20 and not line.rstrip().endswith((".", "،", ",", ":"))


def _only_form_follows(raw: str, rest: list[_Line]) -> bool:
    """After 'Leave a reply' a page has only short form lines: labels, notices, buttons."""
    return all(len(_text(raw, line).split()) <= 20 for line in rest)


def _take_dateline(raw: str, lines: list[_Line], tz: tzinfo, found: _Found) -> list[_Line]:
    """A dateline line near the top (or, failing that, among the last two lines) dates the article."""
    head = list(range(min(_HEAD_LINES, len(lines))))
    tail = [i for i in range(max(len(lines) - 2, 0), len(lines)) if i not in head]
    for index in head + tail:
        dateline = parse_dateline(_text(raw, lines[index]), tz)
        if dateline is not None:
            found.published_at, found.has_time = dateline.when, dateline.has_time
            return _without(lines, index)
    return lines


def _read_wire_dateline(raw: str, lines: list[_Line], tz: tzinfo, found: _Found) -> None:
    """An undated article whose first paragraph opens 'CITY, Aug 14 (Agency) -' is dated by it (the
    paragraph stays: it is the story's first sentence), and the agency names the outlet if none is known."""
    body = [line for line in lines if not _is_title_line(raw, line, found)]
    if not body or (found.published_at is not None and found.outlet is not None):
        return
    wire = parse_wire_dateline(_text(raw, body[0]), tz, datetime.now(tz).date())
    if wire is None:
        return
    if found.published_at is None:
        found.published_at, found.has_time = wire.when, False
    found.outlet = found.outlet or wire.agency


def _take_byline(raw: str, lines: list[_Line], found: _Found) -> list[_Line]:
    """A byline ('By X', 'بقلم X') or a place-and-outlet line near the top is not article text."""
    for index, line in enumerate(lines[:_HEAD_LINES]):
        text = _text(raw, line)
        match = _BYLINE.match(text)
        if match and len(match.group("name").split()) <= 5:
            found.author, outlet = _author_and_outlet(match.group("name"))
            found.outlet = found.outlet or outlet
            return _without(lines, index)
        credit = _PLACE_CREDIT_AUTHOR.match(text) if index > 0 else None
        if credit is not None:
            found.author = credit.group("name").strip()
            text = credit.group("credit")
        outlet = place_credit_outlet(text) if index > 0 else None
        if outlet is not None:
            found.outlet = found.outlet or outlet
            return _without(lines, index)
    return lines


def _author_and_outlet(name: str) -> tuple[str, str | None]:
    """'By Jane Doe, Daily Post': the author, and the outlet after the comma when it looks like one."""
    author, _, rest = name.partition(",")
    rest = rest.strip()
    words = normalise(rest).split()
    if words and (words[0] in _OUTLET_HEADS or words[-1].endswith(_OUTLET_TAILS)):
        return author.strip(), rest
    return name.strip(), None


def place_credit_outlet(line: str) -> str | None:
    """The outlet named by a 'place – outlet' line, None for any other line.

    The outlet is the side that looks like one (a generic head, a 'News' tail), else the side next to a
    desk label ('خاص – X'), else the second side (the usual 'city – outlet' order).
    """
    match = _PLACE_CREDIT.match(line.strip())
    if match is None or len(line.split()) > _PLACE_CREDIT_MAX_WORDS + 1:
        return None
    sides = [match.group("a").strip(), match.group("b").strip()]
    keys = [normalise(side) for side in sides]
    for side, key in zip(sides, keys, strict=True):
        words = key.split()
        if words and (words[0] in _OUTLET_HEADS or words[-1].endswith(_OUTLET_TAILS)):
            return side
    if keys[0] in _DESK_LABELS:
        return sides[1]
    if keys[1] in _DESK_LABELS:
        return sides[0]
    return sides[1]


def _take_title(raw: str, lines: list[_Line], hint: str | None, found: _Found) -> list[_Line]:
    """The first short line is the title; later copies of it are dropped. A known title wins."""
    if not lines:
        return lines
    first = _text(raw, lines[0])
    if hint and _same_headline(first, hint) and len(lines) > 1:
        found.title, found.title_in_text = first, True
    elif hint:
        found.title = " ".join(hint.split())
    elif len(lines) > 1 and _looks_like_title(first):
        found.title, found.title_in_text = first, True
    if not found.title:
        return lines
    key = normalise(found.title)
    start = 1 if found.title_in_text else 0
    longest = 2 * len(found.title) + 10  # a copy of the title is about as long as the title
    return lines[:start] + [
        line
        for line in lines[start:]
        if line.end - line.start > longest or normalise(_text(raw, line)) != key
    ]


def _same_headline(line: str, hint: str) -> bool:
    """The text's first line is the known title, maybe without the site name ("Title | Site")."""
    line_key, hint_key = normalise(line), normalise(hint)
    if not line_key:
        return False
    if line_key == hint_key:
        return True
    shorter, longer = sorted((line_key, hint_key), key=len)
    return len(shorter.split()) >= 3 and longer.startswith(shorter) and _looks_like_title(line)


def _looks_like_title(line: str) -> bool:
    words = line.split()
    if (
        not any(ch.isalpha() for ch in line)
        or len(words) > _TITLE_MAX_WORDS
        or len(line) > _TITLE_MAX_CHARS
        or _BULLET.match(line)
    ):
        return False
    # A title does not end like a sentence; an ellipsis ("..", "…") or a question mark is fine.
    return not (line.endswith(".") and not line.endswith("..")) and not line.endswith(("،", ",", ":"))


def _is_title_line(raw: str, line: _Line, found: _Found) -> bool:
    return found.title_in_text and found.title == _text(raw, line)


def _take_outlet_prefix(raw: str, lines: list[_Line], found: _Found) -> list[_Line]:
    """'Outlet/ text' at the start of the first paragraph names the publisher; the prefix is cut."""
    index = 1 if found.title_in_text else 0
    if index >= len(lines):
        return lines
    line = lines[index]
    text = _text(raw, line)
    match = _OUTLET_PREFIX.match(text)
    if match and 1 <= len(match.group("name").split()) <= 6:
        found.outlet = match.group("name").strip()
        _trim_head(raw, line, match.end())
        return lines
    wire = _WIRE_PREFIX.match(text)
    if wire and len(wire.group("place").split()) <= 4 and len(wire.group("name").split()) <= 5:
        found.credited = wire.group("name").strip()
        _trim_head(raw, line, wire.end())
    return lines


def _take_closing_credit(raw: str, lines: list[_Line], found: _Found) -> list[_Line]:
    """A short last line naming a source ('Reuters', 'المصدر: الجزيرة') is the credited outlet."""
    if len(lines) < 3:
        return lines
    last = lines[-1]
    text = _text(raw, last)
    if last.tweet is not None or _is_title_line(raw, last, found):
        return lines
    source = _SOURCE_LINE.match(text)
    if source and len(source.group("name").split()) <= 6:
        found.credited = source.group("name").strip(" .")
        return lines[:-1]
    words = text.split()
    if (
        len(words) <= _CREDIT_MAX_WORDS
        and not _SENTENCE_END.search(text)
        and not re.search(r"\d", text)
        and not _BULLET.match(text)
        and any(ch.isalpha() for ch in text)
    ):
        found.credited = text.strip("()[] ")
        return lines[:-1]
    return lines


def _without(lines: list[_Line], index: int) -> list[_Line]:
    rest = lines[:index] + lines[index + 1 :]
    if index == 0 and rest:
        rest[0].gap_before = False
    return rest


def _assemble(raw: str, lines: list[_Line]) -> tuple[str, list[Tweet]]:
    """Join the kept pieces (paragraph breaks kept) and place each tweet's span in the result."""
    parts: list[str] = []
    tweets: list[Tweet] = []
    length = 0
    for line in lines:
        if parts:
            separator = "\n\n" if line.gap_before else "\n"
            parts.append(separator)
            length += len(separator)
        piece = raw[line.start : line.end]
        if line.tweet is not None:
            tweet = line.tweet
            author = f"{tweet.author} (@{tweet.handle})" if tweet.author else f"@{tweet.handle}"
            tweets.append(Tweet(length, length + len(piece), author, tweet.said_at))
        parts.append(piece)
        length += len(piece)
    return "".join(parts), tweets

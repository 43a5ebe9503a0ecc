"""Article bodies out of HTML: trafilatura for whole pages, a small converter for feed-entry fragments."""

from __future__ import annotations

import calendar
import logging
import re
import time
from datetime import UTC, datetime, tzinfo
from html.parser import HTMLParser

import trafilatura
from trafilatura.settings import Document

from bot.errors import IngestError
from bot.ingest.clean import Hints, iso_time
from bot.ingest.dates import date_only

logger = logging.getLogger(__name__)

_SCRIPT = re.compile(r"<(script|style|noscript)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
# A page is "mostly script" when scripts and styles outweigh its visible text this many times.
_SCRIPT_RATIO = 0.7
_MIN_TEXT_CHARS = 40
_PUBLISHED_META = re.compile(
    r"<meta[^>]+(?:property|name|itemprop)=[\"'](?:article:published_time|datePublished|pubdate)[\"'][^>]*?"
    r"content=[\"'](?P<value>[^\"']{10,40})[\"']",
    re.IGNORECASE,
)
_PUBLISHED_META_REVERSED = re.compile(
    r"<meta[^>]+content=[\"'](?P<value>[^\"']{10,40})[\"'][^>]*?"
    r"(?:property|name|itemprop)=[\"'](?:article:published_time|datePublished|pubdate)[\"']",
    re.IGNORECASE,
)
_PUBLISHED_JSONLD = re.compile(r"\"datePublished\"\s*:\s*\"(?P<value>[^\"]{10,40})\"")


def looks_like_html(text: str) -> bool:
    """Whether decoded text is an HTML document rather than plain text that mentions a tag."""
    head = text.lstrip()[:1000].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text)


def extract_page(html: str, *, source: str, url: str | None, tz: tzinfo) -> tuple[str, Hints]:
    """The article text of a page and what its metadata says (title, site name, author, date)."""
    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
    )
    if document is not None and not isinstance(document, Document):
        raise TypeError(f"trafilatura returned {type(document).__name__}, expected a Document")
    text = (document.text or "").strip() if document is not None else ""
    if len(text) < _MIN_TEXT_CHARS:
        share = script_share(html)
        if share >= _SCRIPT_RATIO:
            raise IngestError(source, f"HTML is mostly script ({share:.0%} of the page), no article text")
        raise IngestError(source, "no article text found in the HTML")
    assert document is not None  # text was found, so there is a document
    published_at, has_time = _meta_time(html, tz)
    if published_at is None:
        published_at = _page_date(document.date, tz)
    hints = Hints(
        title=document.title or None,
        outlet=document.sitename or None,
        author=document.author or None,
        published_at=published_at,
        published_has_time=has_time,
        url=url,
    )
    return text, hints


def script_share(html: str) -> float:
    """How much of a page's weight is script and style rather than markup and text."""
    if not html:
        return 0.0
    scripts = sum(len(m.group()) for m in _SCRIPT.finditer(html))
    return scripts / len(html)


def _meta_time(html: str, tz: tzinfo) -> tuple[datetime | None, bool]:
    """A full publication time from article:published_time or JSON-LD datePublished, when the page has one."""
    match = (
        _PUBLISHED_META.search(html)
        or _PUBLISHED_META_REVERSED.search(html)
        or _PUBLISHED_JSONLD.search(html)
    )
    if match is None:
        return None, False
    return iso_time(match.group("value"), tz)


def _page_date(value: str | None, tz: tzinfo) -> datetime | None:
    """trafilatura gives a date as YYYY-MM-DD (its time is not reliable across sites)."""
    if not value:
        return None
    try:
        day = datetime.strptime(value[:10], "%Y-%m-%d").date()
    except ValueError:
        logger.debug("unreadable page date %r", value)
        return None
    return date_only(day, tz)


class _FragmentText(HTMLParser):
    """Visible text of an HTML fragment, one line per block element."""

    _BLOCKS = frozenset(
        "p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote section article header footer tr table figure"
        " figcaption pre hr".split()
    )
    _SKIP = frozenset({"script", "style", "noscript", "iframe"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n\n" if tag == "p" else "\n")
            if tag == "li":
                self.parts.append("• ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skipping:
            self._skipping -= 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def fragment_text(html: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content): blocks become lines."""
    if "<" not in html:
        return html.strip()
    parser = _FragmentText()
    parser.feed(html)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def utc_from_struct(value: time.struct_time | None) -> datetime | None:
    """A feedparser time struct (always UTC) as an aware datetime."""
    if value is None:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), UTC)
    except (TypeError, ValueError, OverflowError):
        return None

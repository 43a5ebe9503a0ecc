"""Reading inputs: files and folders from disk, pages and feeds over HTTP, into CleanDocuments."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

import httpx

from bot.config import Settings
from bot.errors import IngestError
from bot.ingest.clean import Hints, clean_text
from bot.ingest.decode import decode_bytes, repaired_bytes
from bot.ingest.document import CleanDocument
from bot.ingest.fetch import Fetched, fetch
from bot.ingest.html import extract_page, looks_like_html
from bot.text import strip_control_characters

if TYPE_CHECKING:  # feeds imports this module; at run time it is imported where it is used
    from bot.ingest.feeds import FeedEntry

logger = logging.getLogger(__name__)

TEXT_SUFFIXES = frozenset({".txt", ".text"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
FOLDER_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES
FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml"}
)


@dataclass(frozen=True)
class Job:
    """One thing to read: a file or a URL, and the input it came from (a folder, say)."""

    target: str
    origin: str
    is_url: bool


def is_url(value: str) -> bool:
    return urlparse(value).scheme in ("http", "https")


def expand_inputs(inputs: Sequence[str]) -> list[Job | IngestError]:
    """Files stay, folders become their text/Markdown/HTML files (recursively, sorted), URLs stay."""
    jobs: list[Job | IngestError] = []
    for given in inputs:
        if is_url(given):
            jobs.append(Job(given, given, True))
            continue
        scheme = urlparse(given).scheme
        if "://" in given and scheme:
            jobs.append(IngestError(given, f"unsupported URL scheme {scheme!r} (use http or https)"))
            continue
        path = Path(given).expanduser()
        if path.is_dir():
            files = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in FOLDER_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not files:
                suffixes = ", ".join(sorted(FOLDER_SUFFIXES))
                jobs.append(IngestError(given, f"folder has no article files ({suffixes})"))
            jobs.extend(Job(str(p), given, False) for p in files)
        else:
            jobs.append(Job(given, given, False))
    return jobs


def read_file(path: Path, *, settings: Settings) -> CleanDocument:
    """Read, decode and clean one file; IngestError names the file and what is wrong with it."""
    source = str(path)
    if not path.exists():
        raise IngestError(source, "no such file")
    if path.is_dir():
        raise IngestError(source, "is a folder (give it as an input to read its files)")
    if not path.is_file():
        raise IngestError(source, "not a regular file")
    size = path.stat().st_size
    if size == 0:
        raise IngestError(source, "empty file")
    if size > settings.max_file_bytes:
        limit = settings.max_file_bytes
        raise IngestError(
            source, f"file is {size:,} bytes, over the {limit:,}-byte limit (BRIEFING_MAX_FILE_BYTES)"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(source, f"cannot read it ({exc.strerror or exc})") from exc
    text, encoding = decode_bytes(data, source)
    logger.debug("%s: decoded as %s", source, encoding)
    doc = document_from_text(text, source=source, suffix=path.suffix.lower(), tz=settings.tz)
    replaced = repaired_bytes(encoding)
    if replaced:
        logger.warning("%s: %d invalid UTF-8 bytes replaced", source, replaced)
        doc = replace(doc, notes=(*doc.notes, f"{replaced} invalid UTF-8 bytes replaced"))
    return doc


def document_from_text(
    text: str,
    *,
    source: str,
    tz: tzinfo,
    suffix: str = "",
    url: str | None = None,
    hints: Hints | None = None,
) -> CleanDocument:
    """Clean decoded text; HTML (by suffix or content) goes through article extraction first."""
    text = strip_control_characters(text)  # NUL and friends: the same text on SQLite and PostgreSQL
    if suffix in HTML_SUFFIXES or looks_like_html(text):
        body, page = extract_page(text, source=source, url=url, tz=tz)
        return clean_text(body, source=source, tz=tz, hints=_merge(hints, page))
    markdown = suffix in MARKDOWN_SUFFIXES
    return clean_text(text, source=source, tz=tz, hints=hints or Hints(url=url), markdown=markdown)


def _merge(known: Hints | None, page: Hints) -> Hints:
    """What the caller knows (a feed entry) wins over what the page's metadata says."""
    if known is None:
        return page
    return Hints(
        title=known.title or page.title,
        outlet=known.outlet or page.outlet,
        author=known.author or page.author,
        published_at=known.published_at or page.published_at,
        published_has_time=known.published_has_time if known.published_at else page.published_has_time,
        url=known.url or page.url,
        guid=known.guid,
        feed_id=known.feed_id,
    )


def looks_like_feed(fetched: Fetched) -> bool:
    """RSS/Atom by content type, or by the first element when the server says only 'text/plain'."""
    head = fetched.body[:600].lstrip().lower()
    if fetched.content_type in FEED_TYPES:
        return True
    return head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf" in head)


@dataclass(frozen=True)
class KnownEntry:
    """A feed entry already stored (same GUID or link), skipped without fetching its page again."""

    label: str


def read_url(
    client: httpx.Client,
    url: str,
    *,
    settings: Settings,
    is_known: Callable[[FeedEntry], bool] | None = None,
) -> Iterator[CleanDocument | IngestError | KnownEntry]:
    """A page's article, or each entry of a feed (an entry that fails is yielded as its IngestError;
    one ``is_known`` says is stored, as a KnownEntry)."""
    from bot.ingest.feeds import feed_documents, parse_feed

    fetched = fetch(client, url, max_bytes=settings.max_file_bytes, deadline=settings.fetch_deadline_seconds)
    if looks_like_feed(fetched):
        parsed = parse_feed(fetched.body, url)
        if not parsed.entries:
            raise IngestError(url, "the feed has no entries")
        for entry, document in feed_documents(
            client, parsed, settings=settings, outlet=parsed.title, feed_id=None, is_known=is_known
        ):
            yield KnownEntry(entry.label) if document is None else document
        return
    yield page_document(fetched, url, settings=settings)


def page_document(
    fetched: Fetched, url: str, *, settings: Settings, hints: Hints | None = None
) -> CleanDocument:
    """The article of one fetched page (HTML or plain text)."""
    if fetched.content_type and not (
        fetched.content_type.startswith("text/") or fetched.content_type in ("application/xhtml+xml",)
    ):
        raise IngestError(url, f"not a web page or text ({fetched.content_type})")
    text = fetched.text(url)
    suffix = ".html" if "html" in fetched.content_type else ""
    hints = hints or Hints(url=url)
    return document_from_text(text, source=url, tz=settings.tz, suffix=suffix, url=url, hints=hints)

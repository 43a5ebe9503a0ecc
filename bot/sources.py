"""How a source is named wherever the bot shows one: one rule for answers, browsing, digests and the CLI."""

from __future__ import annotations

from urllib.parse import urlparse

from bot.messages import text


def source_name(publisher: str | None, credited: str | None = None, url: str | None = None) -> str | None:
    """The publisher, else the outlet the article credits, else the site; None when none is known.

    Never the article's title: a title is not a source, and two articles of one site are one source.
    """
    for name in (publisher, credited):
        if name and name.strip():
            return name.strip()
    host = urlparse(url).hostname if url else None
    return host.removeprefix("www.") if host else None


def source_label(
    language: str, publisher: str | None, credited: str | None = None, url: str | None = None
) -> str:
    """The source's name, or "unknown outlet" in the reader's language."""
    return source_name(publisher, credited, url) or text(language, "source.unknown")

"""A digest as plain text, for the command line's preview: every point, in full, in rank order."""

from __future__ import annotations

from bot.digest import words
from bot.digest.structure import Digest, OutletArticles, Point, Quote


def plain_text(digest: Digest) -> str:
    """The whole digest as text: header, each section's points with their sources, new articles by outlet.

    "" when there is nothing to send. Unlike Telegram's messages it is never cut to fit.
    """
    if digest.empty:
        return ""
    language = digest.language
    blocks = [f"{words.say(language, 'title')}\n{words.period(digest)}"]
    if digest.nothing_new:
        return "\n\n".join([*blocks, words.say(language, "nothing")])
    for section in digest.sections:
        blocks.append(_heading(words.say(language, section.kind)))
        blocks.extend(_point(point, language) for point in section.points)
    if digest.outlets:
        blocks.append(_heading(words.say(language, "articles")))
        blocks.extend(_outlet(outlet, language) for outlet in digest.outlets)
        if digest.other_outlets:
            n, articles = digest.other_outlets, digest.other_articles
            blocks.append(words.say(language, "more_outlets", n=n, articles=articles))
    return "\n\n".join(blocks)


def _heading(name: str) -> str:
    return f"— {name} —"


def _point(point: Point, language: str) -> str:
    head = f"{point.label} ({words.point_note(language, point)})"
    return "\n".join([head, *(_quote(quote, language) for quote in point.quotes)])


def _quote(quote: Quote, language: str) -> str:
    speaker = f"{quote.speaker}: " if quote.speaker else ""
    sources = [words.source_note(language, s.name, s.corrected) for s in quote.sources]
    if quote.more_sources:
        sources.append(f"+{quote.more_sources}")
    return f"• {words.side_lead(language, quote.side)}{speaker}«{quote.text}» — {', '.join(sources)}"


def _outlet(outlet: OutletArticles, language: str) -> str:
    lines = [f"{outlet.name} ({outlet.count})"]
    for article in outlet.articles:
        corrected = f" ({words.say(language, 'corrected')})" if article.corrected else ""
        lines.append(f"  – {article.title}{corrected}")
    if outlet.more > 0:
        lines.append("  " + words.say(language, "more_articles", n=outlet.more))
    return "\n".join(lines)

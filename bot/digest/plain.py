"""A digest as plain text, for the command line's preview: every point, in full, in rank order."""

from __future__ import annotations

from bot.bidi import isolate_runs
from bot.digest import words
from bot.digest.structure import Digest, OutletArticles, Point, Quote
from bot.provenance import provenance_line
from bot.text import mend_broken_words
from bot.zones import zone_info, zone_label


def plain_text(digest: Digest) -> str:
    """The whole digest as text: header and count line, each section's points (those Telegram keeps
    behind its button too) with their sources, new articles by outlet.

    "" when there is nothing to send. Unlike Telegram's message it is never cut to fit. Each line's
    runs of the other script are isolated, so a terminal lays it out as Telegram does.
    """
    if digest.empty:
        return ""
    language = digest.language
    blocks = [f"{words.say(language, 'title')}\n{words.period(digest)}"]
    if digest.nothing_new:
        return _isolated([*blocks, words.say(language, "nothing")], language)
    blocks[0] += f"\n{words.headline(digest)}"
    for section in digest.sections:
        blocks.append(_heading(words.section_heading(language, section.kind, section.title)))
        blocks.extend(_point(point, language, digest.timezone) for point in (*section.points, *section.rest))
    if digest.outlets:
        blocks.append(_heading(words.say(language, "articles")))
        blocks.extend(_outlet(outlet, language) for outlet in digest.outlets)
        if digest.other_outlets:
            n, articles = digest.other_outlets, digest.other_articles
            blocks.append(words.say(language, "more_outlets", n=n, articles=articles))
    return _isolated(blocks, language)


def _isolated(blocks: list[str], language: str) -> str:
    text = "\n\n".join(blocks)
    return "\n".join(isolate_runs(line, language) for line in text.split("\n"))


def _heading(name: str) -> str:
    return f"— {name} —"


def _point(point: Point, language: str, zone: str = "UTC") -> str:
    """A point's sides, its note, and under each side carried by several outlets who reported it first."""
    disputed = len(point.quotes) > 1
    lines = [_quote(quote, language, disputed) for quote in point.quotes]
    lines[-1] += f" ({words.point_note(language, point)})"
    out = []
    for index, (quote, line) in enumerate(zip(point.quotes, lines, strict=True)):
        out.append(f"• {line}" if index == 0 else f"   {line}")
        if quote.provenance is not None:
            found = provenance_line(quote.provenance, language, zone_info(zone), zone_label(zone, language))
            out.append(f"   ↳ {found}")
    return "\n".join(out)


def _quote(quote: Quote, language: str, disputed: bool) -> str:
    lead = words.speaker_lead(language, quote.stance, quote.speaker, disputed)
    sources = [words.source_note(language, s.name, s.corrected) for s in quote.sources]
    if quote.more_sources:
        sources.append(f"+{quote.more_sources}")
    return f"{lead}«{quote.text}» — {words.sources_list(language, sources)}"


def _outlet(outlet: OutletArticles, language: str) -> str:
    lines = [f"{outlet.name} ({outlet.count})"]
    for article in outlet.articles:
        corrected = f" ({words.say(language, 'corrected')})" if article.corrected else ""
        lines.append(f"  – {mend_broken_words(article.title)}{corrected}")
    if outlet.more > 0:
        lines.append("  " + words.say(language, "more_articles", n=outlet.more))
    return "\n".join(lines)

"""An answer laid out for a reader: its lines with each point's source numbers, and one source list.

One entry per article, numbered in the order the points cite them, an original before its syndicated
copies; Telegram and the terminal render the same layout, each in its own markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, tzinfo

from bot.answer import compose
from bot.answer.types import Answer, Citation, ClaimHit
from bot.bidi import isolate
from bot.provenance import provenance_line

__all__ = ["Layout", "Source", "layout", "point_citations"]


@dataclass(frozen=True)
class Source:
    """One article of the numbered list, and the number of the article it copies when it is a copy."""

    number: int
    citation: Citation
    copy_of: int | None = None


@dataclass(frozen=True)
class Layout:
    """The answer's lines (first line, entity, points marked with their numbers) and its sources."""

    lines: tuple[str, ...]
    sources: tuple[Source, ...]
    more: bool  # some point has more sources than it lists
    notes: frozenset[int] = frozenset()  # positions in ``lines`` of "first reported by" lines under points


REPEATS_NAMED = 3  # a "first reported by" line names this many repeats and counts the others


def point_citations(hit: ClaimHit, limit: int | None = None) -> list[Citation]:
    """A point's citations, one per article, each original before the copies of it that are cited too."""
    unique = list({c.article_id: c for c in reversed(hit.citations)}.values())[::-1]
    ids = {c.article_id for c in unique}
    ordered = sorted(
        unique, key=lambda c: c.syndicated_of is not None and c.syndicated_of in ids
    )  # stable: copies whose original is here move after every original
    return ordered[:limit] if limit is not None else ordered


class _Numbering:
    """Numbers articles in order of citation, giving an original its number before any copy of it."""

    def __init__(self, answer: Answer) -> None:
        self.cited = {c.article_id: c for hit in answer.claims for c in reversed(hit.citations)}
        self.numbers: dict[int, int] = {}
        self.order: list[Citation] = []

    def number(self, citation: Citation) -> int:
        if citation.article_id in self.numbers:
            return self.numbers[citation.article_id]
        original = self.cited.get(citation.syndicated_of) if citation.syndicated_of else None
        if original is not None and original.article_id != citation.article_id:
            self.number(original)
        self.numbers[citation.article_id] = len(self.numbers) + 1
        self.order.append(citation)
        return self.numbers[citation.article_id]

    def sources(self) -> tuple[Source, ...]:
        return tuple(
            Source(self.numbers[c.article_id], c, self.numbers.get(c.syndicated_of or -1)) for c in self.order
        )


def _with_notes(
    lines: list[str], claims: Sequence[ClaimHit], note: Callable[[ClaimHit], str | None]
) -> tuple[list[str], frozenset[int]]:
    """The lines with each point's note (if any) right under it; the points are the last lines."""
    first_point = len(lines) - len(claims)
    out, notes = lines[:first_point], set()
    for hit, line in zip(claims, lines[first_point:], strict=True):
        out.append(line)
        found = note(hit)
        if found:
            notes.add(len(out))
            out.append(found)
    return out, frozenset(notes)


def layout(
    answer: Answer,
    *,
    per_point: int | None = None,
    bidi: bool = True,
    zone: tzinfo = UTC,
    zone_name: str = "UTC",
) -> Layout:
    """The answer for reading: with ``per_point`` each point lists at most that many sources (the rest
    are behind "more sources"); with ``bidi`` every embedded run of the other script is isolated; the
    leading points carried by several outlets say who reported them first, in ``zone``."""
    language = answer.language

    def wrap(value: str) -> str:
        return isolate(value, language) if bidi else value

    if not answer.found or not answer.claims:
        text = answer.answer or answer.question
        return Layout(tuple(wrap(line) for line in text.splitlines()), (), False)
    numbering = _Numbering(answer)
    marks: list[str] = []
    more = False
    # A point quotes the original article when a copy of it is cited too.
    claims = [replace(hit, citations=tuple(point_citations(hit))) for hit in answer.claims]
    for hit in claims:
        shown = point_citations(hit, per_point)
        numbers = sorted({numbering.number(c) for c in shown})
        marks.append(" " + "".join(f"[{n}]" for n in numbers) if numbers else "")
        more = more or len(point_citations(hit)) > len(shown) or hit.outlet_count > len(shown)
    lines = compose.found_lines(
        list(answer.entities),
        claims,
        language,
        intent=answer.intent,
        refs=marks,
        wrap=wrap,
        sources_apart=True,
    )

    def note(hit: ClaimHit) -> str | None:
        found = answer.provenance_of(hit)
        if found is None:
            return None
        return provenance_line(found, language, zone, zone_name, wrap, limit=REPEATS_NAMED)

    lines, notes = _with_notes(lines, claims, note)
    return Layout(tuple(lines), numbering.sources(), more, notes)

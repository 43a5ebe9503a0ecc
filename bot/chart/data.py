"""What a story's coverage chart shows: articles per outlet over time, its disputes and each side's outlets.

Everything here is read through bounded queries and is plain data; drawing it is ``bot.chart.draw``'s job.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from bot.browse import GroupView, group_views
from bot.errors import BriefingError
from bot.sources import source_name
from bot.stories import StorySummary, list_stories
from storage import browse as store_browse
from storage import stories as store

TOP_OUTLETS = 10  # outlets drawn on a row of their own; the rest share one row, "others"
MAX_ARTICLES = 20_000  # articles read for one chart (a story larger than this is drawn from its oldest)
MAX_DISPUTES = 3  # disputed claim groups listed under the timeline (what fits a phone's screen)
MAX_BINS = 24  # time bins across a story's span, at most
# Bin widths tried in turn: the first that covers the story's span in MAX_BINS bins or fewer is used.
BIN_WIDTHS = tuple(
    timedelta(hours=h) for h in (1, 2, 3, 6, 12, 24, 48, 24 * 7, 24 * 14, 24 * 30, 24 * 91, 24 * 365)
)


class ChartError(BriefingError):
    """A chart that cannot be drawn: an unknown story, or one with no dated article (``undated``)."""

    def __init__(self, message: str, *, story_id: int, undated: bool) -> None:
        super().__init__(message)
        self.story_id = story_id
        self.undated = undated


@dataclass(frozen=True)
class OutletSeries:
    """One row of the chart: an outlet (None: unknown) or the others together, and its articles per bin."""

    name: str | None
    bins: tuple[tuple[datetime, int], ...]  # (bin start, articles), oldest first; empty bins left out
    outlets: int = 1  # how many outlets the row stands for
    others: bool = False  # the row of every outlet beyond the top ones

    @property
    def articles(self) -> int:
        return sum(n for _start, n in self.bins)


@dataclass(frozen=True)
class DisputeSide:
    """One side of a disputed claim group: its stance, who says it, and the outlets that carry it."""

    stance: str
    speaker: str | None
    outlets: tuple[str | None, ...]  # None: an outlet the bot cannot name


@dataclass(frozen=True)
class Dispute:
    """A disputed claim group of the story: its label, when it first appeared, and its sides."""

    group_id: int
    label: str
    first_at: datetime | None
    sides: tuple[DisputeSide, ...]


@dataclass(frozen=True)
class Coverage:
    """Everything a story's chart draws."""

    story: StorySummary
    rows: tuple[OutletSeries, ...]  # the top outlets, the most articles first, then "others" if any
    bin_width: timedelta
    first_at: datetime
    last_at: datetime
    undated: int  # articles without a publication time (not drawn)
    disputes: tuple[Dispute, ...]


def bin_width(first: datetime, last: datetime) -> timedelta:
    """The narrowest bin width that spans ``first``..``last`` in at most MAX_BINS bins."""
    span = last - first
    return next((w for w in BIN_WIDTHS if span <= w * (MAX_BINS - 1)), BIN_WIDTHS[-1])


def bin_start(when: datetime, width: timedelta) -> datetime:
    """The start of the bin ``when`` falls in: bins are aligned on whole widths since the epoch (UTC)."""
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    aware = when if when.tzinfo else when.replace(tzinfo=UTC)
    return epoch + ((aware - epoch) // width) * width


def _aware(when: datetime) -> datetime:
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def outlet_rows(
    dated: list[tuple[str | None, datetime]], width: timedelta, *, top: int = TOP_OUTLETS
) -> tuple[OutletSeries, ...]:
    """Rows for (outlet, time) pairs: the ``top`` outlets with the most articles, then the others together."""
    totals = Counter(name for name, _when in dated)
    ranked = sorted(totals, key=lambda n: (-totals[n], n is None, n or ""))
    kept = set(ranked[:top])
    per: dict[str | None, Counter[datetime]] = {name: Counter() for name in ranked[:top]}
    others: Counter[datetime] = Counter()
    for name, when in dated:
        (per[name] if name in kept else others)[bin_start(when, width)] += 1
    rows = [OutletSeries(name, tuple(sorted(per[name].items()))) for name in ranked[:top]]
    if others:
        rows.append(
            OutletSeries(None, tuple(sorted(others.items())), outlets=len(ranked) - len(kept), others=True)
        )
    return tuple(rows)


def dispute_of(view: GroupView, published: dict[int, datetime]) -> Dispute:
    """A disputed group as the chart lists it: each side's outlets, once each, in citation order; it
    begins at the earliest publication among its articles in the story (``published``: article -> time)."""
    sides = tuple(
        DisputeSide(side.stance, side.speaker, tuple(dict.fromkeys(c.outlet for c in side.citations)))
        for side in view.sides
    )
    known = [published[c.article_id] for c in view.citations if c.article_id in published]
    return Dispute(view.id, view.label, min(known) if known else None, sides)


def coverage(session: Session, story_id: int) -> Coverage:
    """What the chart of one story shows; ChartError for an unknown story or one without dated articles."""
    found = list_stories(session, story_ids=[story_id], limit=1)
    if not found:
        raise ChartError(f"no story {story_id}", story_id=story_id, undated=False)
    articles = store.story_coverage(session, story_id, limit=MAX_ARTICLES)
    published = {a.article_id: _aware(a.published_at) for a in articles if a.published_at is not None}
    dated = [
        (source_name(a.publisher, a.credited, a.url), published[a.article_id])
        for a in articles
        if a.article_id in published
    ]
    if not dated:
        raise ChartError(
            f"story {story_id} has no article with a publication date to chart",
            story_id=story_id,
            undated=True,
        )
    first = min(when for _n, when in dated)
    last = max(when for _n, when in dated)
    width = bin_width(first, last)
    groups = store_browse.groups_by_ids(
        session, store.story_disputed_groups(session, story_id, limit=MAX_DISPUTES)
    )
    ordered = [groups[g] for g in sorted(groups, key=lambda g: (-groups[g].outlet_count, g))]
    return Coverage(
        story=found[0],
        rows=outlet_rows(dated, width),
        bin_width=width,
        first_at=first,
        last_at=last,
        undated=len(articles) - len(dated),
        disputes=tuple(dispute_of(view, published) for view in group_views(session, ordered)),
    )

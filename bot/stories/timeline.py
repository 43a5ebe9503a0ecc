"""A story's timeline: when each claim was first reported, and when an account changed (a figure revised,
a denial issued), each point cited with its outlet and a verbatim quote.

Times are publication times, else first-seen times, and each point says which. Reads are bounded: the
story's most telling claim groups (``GROUPS_READ``) and a few members of each, however large the story.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, tzinfo
from typing import Any

from sqlalchemy.orm import Session

from bot.answer.compose import SKIPPED_UNITS
from bot.extract.figures import Figure, conflict, figures
from bot.messages import text
from bot.provenance import Report, report_time, reports_in_order, source_name_of
from bot.stories.listing import StorySummary, list_stories
from storage import stories as store
from storage.claims import ClaimView, claims_in_groups

__all__ = [
    "MAX_POINTS",
    "Timeline",
    "TimelinePoint",
    "chosen_story",
    "story_timeline",
    "timeline_json",
    "timeline_lines",
]

MAX_POINTS = 30  # a timeline shows this many points; the others are counted
GROUPS_READ = 40  # claim groups read per story: the disputed first, then those most outlets carry
MEMBERS_READ = 40  # claims read per side of a group: enough to see a figure revised or a denial issued
QUOTE_CHARS = 300  # a quote longer than this is cut in the text line (never in --json)

Wrap = Callable[[str], str]
KIND_ORDER = ("denial", "revised", "first")  # which points are kept first when there are too many


def _same(value: str) -> str:
    return value


@dataclass(frozen=True)
class TimelinePoint:
    """One moment of a story: a first report, a revised figure or a denial, with the report that made it."""

    kind: str  # "first", "revised" or "denial"
    report: Report
    group_id: int
    quote: str  # verbatim
    speaker: str | None
    url: str | None
    figure: str | None = None  # a revised figure, as it reads ("5", "500+")
    previous: str | None = None  # the figure it revises
    previous_report: Report | None = None  # the report that gave it


@dataclass(frozen=True)
class Timeline:
    """A story's points in time order, and how many more the bounded read left out."""

    story: StorySummary
    points: tuple[TimelinePoint, ...]
    more: int


def _figures_of(quote: str) -> dict[str, Figure]:
    """Each thing a quote counts with the first figure it gives (a year is a date, not a count)."""
    found: dict[str, Figure] = {}
    for figure in figures(quote):
        if figure.known_unit and figure.unit not in SKIPPED_UNITS:
            found.setdefault(figure.unit, figure)
    return found


@dataclass(frozen=True)
class _Candidate:
    report: Report
    view: ClaimView
    first: bool  # the group's first report
    denial: bool  # a denial after the claim it denies


def _group_candidates(members: Sequence[ClaimView]) -> list[_Candidate]:
    """A group's first report, its first denial when it comes with or after an affirmation, and its other
    reports (which count only if they revise a figure). Each side is read apart: one article may carry
    both the claim and its denial."""
    views = {v.id: v for v in members}
    sides = {
        stance: reports_in_order([v for v in members if v.stance == stance])
        for stance in ("affirmed", "denied")
    }
    ordered = sorted(
        (r for reports in sides.values() for r in reports),
        key=lambda r: (r.at, views[r.claim_id].stance != "affirmed", r.claim_id),
    )
    out: list[_Candidate] = []
    affirmed_seen = denial_said = False
    for position, report in enumerate(ordered):
        stance = views[report.claim_id].stance
        denial = stance == "denied" and affirmed_seen and not denial_said
        denial_said = denial_said or denial
        affirmed_seen = affirmed_seen or stance == "affirmed"
        out.append(_Candidate(report, views[report.claim_id], position == 0, denial))
    return out


_Revision = tuple[Figure, Figure, Report]  # the new figure, the one it revises, the report that gave that


def _revision(quote: str, report: Report, last: dict[str, tuple[Figure, Report]]) -> _Revision | None:
    """The first figure of ``quote`` that differs from the one last given for the same thing; ``last``
    keeps, for each thing counted, the first report of its current figure."""
    revised: _Revision | None = None
    for unit, figure in _figures_of(quote).items():
        before = last.get(unit)
        if before is not None and not conflict(figure, before[0]):
            continue  # the same figure again: the first report of it stays the one to cite
        if revised is None and before is not None:
            revised = (figure, before[0], before[1])
        last[unit] = (figure, report)
    return revised


def _point(candidate: _Candidate, kind: str, revised: _Revision | None) -> TimelinePoint:
    view = candidate.view
    new, previous, previous_report = revised if revised is not None else (None, None, None)
    return TimelinePoint(
        kind,
        candidate.report,
        view.group_id or 0,
        view.quote,
        view.speaker,
        view.article_url,
        new.label() if new is not None else None,
        previous.label() if previous is not None else None,
        previous_report,
    )


def _points(candidates: list[_Candidate]) -> list[TimelinePoint]:
    """The candidates in time order, each a first report, a denial, or a figure that differs from the
    one last given for the same thing (in the story, whichever group gave it); other repeats are left out."""
    candidates.sort(key=lambda c: (c.report.at, c.report.claim_id))
    last: dict[str, tuple[Figure, Report]] = {}
    points = []
    for candidate in candidates:
        revised = _revision(candidate.view.quote, candidate.report, last)
        if candidate.denial:
            points.append(_point(candidate, "denial", None))
        elif revised is not None:
            points.append(_point(candidate, "revised", revised))
        elif candidate.first:
            points.append(_point(candidate, "first", None))
    return points


def _bounded(points: list[TimelinePoint]) -> tuple[list[TimelinePoint], int]:
    """At most MAX_POINTS, changes of account kept before first reports, back in time order."""
    if len(points) <= MAX_POINTS:
        return points, 0
    ranked = sorted(range(len(points)), key=lambda i: (KIND_ORDER.index(points[i].kind), i))
    kept = sorted(ranked[:MAX_POINTS])
    return [points[i] for i in kept], len(points) - MAX_POINTS


def story_timeline(session: Session, story_id: int) -> Timeline | None:
    """The story's timeline, or None when there is no such story."""
    found = list_stories(session, story_ids=[story_id], limit=1)
    if not found:
        return None
    groups = store.story_groups(session, story_id, limit=GROUPS_READ)
    views = claims_in_groups(session, groups.group_ids, per_group=MEMBERS_READ)
    # A group may reach into other stories: only its reports in this one count. Looked up by article (a
    # primary key each), not by claim through the story's articles, which reads the whole story.
    story_of = store.stories_of_articles(session, {v.article_id for v in views})
    by_group: dict[int, list[ClaimView]] = {}
    for view in views:
        if story_of.get(view.article_id) == story_id and view.group_id is not None:
            by_group.setdefault(view.group_id, []).append(view)
    candidates = [c for members in by_group.values() for c in _group_candidates(members)]
    points, dropped = _bounded(_points(candidates))
    return Timeline(found[0], tuple(points), dropped + groups.total - len(groups.group_ids))


def chosen_story(session: Session, *, named: int | None, last_story: int | None) -> int | None:
    """The story a reader means: the one named, else the one the chat last asked about (if it still
    exists), else the largest; None when there are no stories."""
    if named is not None:
        return named
    if last_story is not None and store.story_exists(session, last_story):
        return last_story
    return store.largest_story(session)


# --- how it reads -------------------------------------------------------------------------------------


def _cut(quote: str) -> str:
    quote = " ".join(quote.split())
    return quote if len(quote) <= QUOTE_CHARS else quote[: QUOTE_CHARS - 1].rstrip() + "…"


def point_line(point: TimelinePoint, language: str, zone: tzinfo = UTC, wrap: Wrap = _same) -> str:
    """ "2025-10-22 09:40: first reported by X: «…»", "… a new figure from Y: 5 (earlier 3, X): «…»"."""
    report = point.report
    seen = text(language, "timeline.seen") if report.basis == "first_seen" else ""
    values: dict[str, Any] = {
        "time": report_time(report, zone),
        "outlet": wrap(source_name_of(report, language)),
        "seen": seen,
        "quote": wrap(_cut(point.quote)),
    }
    if point.kind == "revised" and point.previous_report is not None:
        values.update(
            figure=point.figure,
            previous=point.previous,
            previous_outlet=wrap(source_name_of(point.previous_report, language)),
            previous_time=report_time(point.previous_report, zone),
        )
    return text(language, f"timeline.{point.kind}", **values)


def timeline_lines(
    timeline: Timeline, language: str, zone: tzinfo = UTC, zone_name: str = "UTC", wrap: Wrap = _same
) -> list[str]:
    """The timeline as lines: its heading, which times it gives, each point, and how many more."""
    heading = text(
        language, "timeline.heading", number=timeline.story.id, title=wrap(timeline.story.title(language))
    )
    if not timeline.points:
        return [heading, text(language, "timeline.empty")]
    lines = [heading, text(language, "timeline.basis", zone=wrap(zone_name))]
    lines += [point_line(point, language, zone, wrap) for point in timeline.points]
    if timeline.more:
        lines.append(text(language, "timeline.more", n=timeline.more))
    return lines


def _point_json(point: TimelinePoint) -> dict[str, Any]:
    report = point.report
    return {
        "kind": point.kind,
        "at": report.at.isoformat() if report.has_time else report.at.date().isoformat(),
        "basis": report.basis,
        "group": point.group_id,
        "claim_id": report.claim_id,
        "article_id": report.article_id,
        "outlet": report.outlet,
        "speaker": point.speaker,
        "quote": point.quote,
        "url": point.url,
        "figure": point.figure,
        "previous": (
            {
                "figure": point.previous,
                "outlet": point.previous_report.outlet,
                "claim_id": point.previous_report.claim_id,
            }
            if point.previous_report is not None
            else None
        ),
    }


def timeline_json(timeline: Timeline, language: str) -> dict[str, Any]:
    """The timeline as `briefing timeline STORY --json` prints it (times in UTC, ISO 8601)."""
    return {
        "story": {"id": timeline.story.id, "title": timeline.story.title(language)},
        "points": [_point_json(point) for point in timeline.points],
        "more": timeline.more,
    }

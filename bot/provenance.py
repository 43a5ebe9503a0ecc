"""Who reported a claim group first and when, who repeated it, and which reports copy or credit another.

A report's time is its publication time when the article gives one, else when the bot first saw it;
``basis`` says which, so a reader is never told a first-seen time is a publication time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any, Protocol

from sqlalchemy.orm import Session

from bot.messages import join, text
from bot.sources import source_label
from storage.claims import ClaimView, claims_in_groups

__all__ = [
    "Provenance",
    "Report",
    "Reported",
    "group_provenance",
    "provenance",
    "provenance_json",
    "provenance_line",
    "reports_in_order",
]

Wrap = Callable[[str], str]

MEMBERS_READ = 500  # at most this many claims of a group (per side) are read to find who came first


def _same(value: str) -> str:
    return value


class Reported(Protocol):
    """What provenance reads of one claim: its article, outlet, times, and whom the article copies or credits
    (a ``ClaimView``, a digest's ``PeriodClaim``)."""

    @property
    def id(self) -> int: ...
    @property
    def article_id(self) -> int: ...
    @property
    def outlet(self) -> str | None: ...
    @property
    def published_at(self) -> datetime | None: ...
    @property
    def published_has_time(self) -> bool: ...
    @property
    def first_seen_at(self) -> datetime: ...
    @property
    def syndicated_of_id(self) -> int | None: ...
    @property
    def credited_outlet(self) -> str | None: ...
    @property
    def article_url(self) -> str | None: ...


@dataclass(frozen=True)
class Report:
    """One article carrying the claim: its outlet, when, on what basis, and whom it copies or credits."""

    article_id: int
    claim_id: int
    outlet: str | None
    at: datetime
    basis: str  # "published" or "first_seen"
    has_time: bool  # False: a publication date without a time of day
    copy_of_article: int | None = None  # a syndicated copy of this article
    copy_of_outlet: str | None = None
    credits: str | None = None  # the outlet it credits ("according to", "نقلاً عن")
    url: str | None = None  # the article's link: names the site when no outlet is known


@dataclass(frozen=True)
class Provenance:
    """A claim group's first report and the repeats after it, in time order."""

    group_id: int
    label: str | None
    first: Report
    repeats: tuple[Report, ...]
    side: str | None = None  # the stance of the side read (a disputed point's), None: the whole group


def _report(view: Reported, outlets: dict[int, str | None]) -> Report:
    published = view.published_at
    at = published if published is not None else view.first_seen_at
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    copy_of = view.syndicated_of_id
    credited = view.credited_outlet if view.credited_outlet and view.credited_outlet != view.outlet else None
    return Report(
        article_id=view.article_id,
        claim_id=view.id,
        outlet=view.outlet,
        at=at,
        basis="published" if published is not None else "first_seen",
        has_time=view.published_has_time if published is not None else True,
        copy_of_article=copy_of,
        copy_of_outlet=outlets.get(copy_of) if copy_of is not None else None,
        credits=credited,
        url=view.article_url,
    )


def reports_in_order(items: Sequence[Reported]) -> list[Report]:
    """One report per article (its earliest claim), in time order, an original before its copies."""
    outlets = {v.article_id: v.outlet for v in items}
    per_article: dict[int, Report] = {}
    for item in sorted(items, key=lambda v: v.id):
        per_article.setdefault(item.article_id, _report(item, outlets))
    # An original before its copies at the same time; then by time, then by order of storing.
    return sorted(per_article.values(), key=lambda r: (r.at, r.copy_of_article is not None, r.article_id))


def provenance(views: Sequence[ClaimView], stance: str | None = None) -> Provenance | None:
    """The provenance of one group's claims (of one side, ``stance``, when given), or None without any."""
    kept = [v for v in views if stance is None or v.stance == stance]
    if not kept:
        return None
    ordered = reports_in_order(kept)
    return Provenance(kept[0].group_id or 0, kept[0].group_label, ordered[0], tuple(ordered[1:]), stance)


def group_provenance(session: Session, group_id: int) -> Provenance | None:
    """The provenance of a stored claim group, or None when it has no current claims."""
    return provenance(claims_in_groups(session, [group_id], per_group=MEMBERS_READ))


def _report_json(report: Report) -> dict[str, Any]:
    return {
        "article_id": report.article_id,
        "claim_id": report.claim_id,
        "outlet": report.outlet,
        "at": report.at.isoformat() if report.has_time else report.at.date().isoformat(),
        "basis": report.basis,
        "copy_of": (
            {"article_id": report.copy_of_article, "outlet": report.copy_of_outlet}
            if report.copy_of_article is not None
            else None
        ),
        "credits": report.credits,
    }


def provenance_json(found: Provenance) -> dict[str, Any]:
    """The group's provenance as `briefing claim GROUP --json` prints it."""
    return {
        "group": found.group_id,
        "label": found.label,
        "side": found.side,
        "first": _report_json(found.first),
        "repeats": [_report_json(r) for r in found.repeats],
    }


def source_name_of(report: Report, language: str) -> str:
    """The report's source by the one naming rule (bot.sources): its publisher, else the outlet it
    credits, else its site, else "unknown outlet"."""
    return source_label(language, report.outlet, report.credits, report.url)


def report_time(report: Report, zone: tzinfo, day: str | None = None) -> str:
    """The report's time in ``zone``: the clock alone on ``day`` (the first report's), else date and clock;
    a date alone when the article gives no time of day."""
    if not report.has_time:
        return report.at.date().isoformat()
    local = report.at.astimezone(zone)
    return local.strftime("%H:%M") if local.date().isoformat() == day else local.strftime("%Y-%m-%d %H:%M")


def _day(report: Report, zone: tzinfo) -> str | None:
    return report.at.astimezone(zone).date().isoformat() if report.has_time else None


def _item(report: Report, language: str, zone: tzinfo, wrap: Wrap, day: str | None) -> str:
    notes = ""
    if report.copy_of_article is not None:
        origin = source_label(language, report.copy_of_outlet)
        notes += text(language, "provenance.copy", outlet=wrap(origin))
    if report.credits and report.outlet:  # without a publisher the credited outlet is its name already
        notes += text(language, "provenance.credits", outlet=wrap(report.credits))
    if report.basis == "first_seen":  # a repeat without a publication time says so
        notes += text(language, "provenance.seen")
    outlet = wrap(source_name_of(report, language))
    time = report_time(report, zone, day)
    return text(language, "provenance.item", outlet=outlet, time=time, notes=notes)


def provenance_line(
    found: Provenance,
    language: str,
    zone: tzinfo = UTC,
    zone_name: str = "UTC",
    wrap: Wrap = _same,
    limit: int | None = None,
) -> str:
    """ "First reported by X at 09:40 (UTC, publication time); repeated by Y (11:05, a copy of X)": with
    ``limit``, at most that many repeats are named and the others counted."""
    first = found.first
    day = _day(first, zone)
    named = found.repeats if limit is None else found.repeats[:limit]
    repeats = ""
    if named:
        items = join(language, [_item(r, language, zone, wrap, day) for r in named])
        others = len(found.repeats) - len(named)
        if others:
            items += text(language, "provenance.others", n=others)
        repeats = text(language, "provenance.repeated", items=items)
    return text(
        language,
        "provenance.first",
        outlet=wrap(source_name_of(first, language)),
        time=report_time(first, zone),
        zone=wrap(zone_name),
        basis=text(language, f"provenance.basis.{first.basis}"),
        repeats=repeats,
    )

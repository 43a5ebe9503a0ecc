"""Who reported a claim group first and when, who repeated it, and which reports copy or credit another.

A report's time is its publication time when the article gives one, else when the bot first saw it;
``basis`` says which, so a reader is never told a first-seen time is a publication time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any

from sqlalchemy.orm import Session

from bot.messages import join, text
from storage.claims import ClaimView, claims_in_groups

__all__ = [
    "Provenance",
    "Report",
    "group_provenance",
    "provenance",
    "provenance_json",
    "provenance_line",
]

Wrap = Callable[[str], str]

MEMBERS_READ = 500  # at most this many claims of a group (per side) are read to find who came first


def _same(value: str) -> str:
    return value


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


@dataclass(frozen=True)
class Provenance:
    """A claim group's first report and the repeats after it, in time order."""

    group_id: int
    label: str | None
    first: Report
    repeats: tuple[Report, ...]


def _report(view: ClaimView, outlets: dict[int, str | None]) -> Report:
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
    )


def provenance(views: Sequence[ClaimView]) -> Provenance | None:
    """The provenance of one group's claims (one report per article, the earliest claim of each)."""
    if not views:
        return None
    outlets = {v.article_id: v.outlet for v in views}
    per_article: dict[int, Report] = {}
    for view in sorted(views, key=lambda v: v.id):
        per_article.setdefault(view.article_id, _report(view, outlets))
    # An original before its copies at the same time; then by time, then by order of storing.
    ordered = sorted(per_article.values(), key=lambda r: (r.at, r.copy_of_article is not None, r.article_id))
    first = ordered[0]
    group = views[0]
    return Provenance(group.group_id or 0, group.group_label, first, tuple(ordered[1:]))


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
        "first": _report_json(found.first),
        "repeats": [_report_json(r) for r in found.repeats],
    }


def _time(report: Report, zone: tzinfo) -> str:
    local = report.at.astimezone(zone)
    return local.strftime("%Y-%m-%d %H:%M") if report.has_time else report.at.date().isoformat()


def _item(report: Report, language: str, zone: tzinfo, wrap: Wrap) -> str:
    notes = ""
    if report.copy_of_article is not None:
        origin = report.copy_of_outlet or text(language, "provenance.unknown_outlet")
        notes += text(language, "provenance.copy", outlet=wrap(origin))
    if report.credits:
        notes += text(language, "provenance.credits", outlet=wrap(report.credits))
    outlet = wrap(report.outlet or text(language, "provenance.unknown_outlet"))
    return text(language, "provenance.item", outlet=outlet, time=_time(report, zone), notes=notes)


def provenance_line(
    found: Provenance, language: str, zone: tzinfo = UTC, zone_name: str = "UTC", wrap: Wrap = _same
) -> str:
    """ "First reported by X at 09:40 (UTC, publication time); repeated by Y (11:05, a copy of X)"."""
    first = found.first
    repeats = ""
    if found.repeats:
        items = join(language, [_item(r, language, zone, wrap) for r in found.repeats])
        repeats = text(language, "provenance.repeated", items=items)
    return text(
        language,
        "provenance.first",
        outlet=wrap(first.outlet or text(language, "provenance.unknown_outlet")),
        time=_time(first, zone),
        zone=zone_name,
        basis=text(language, f"provenance.basis.{first.basis}"),
        repeats=repeats,
    )

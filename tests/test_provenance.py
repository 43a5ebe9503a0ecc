"""Provenance of a claim group: the first report, copies, credits, and publication times missing."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.provenance import provenance, provenance_json, provenance_line
from storage.claims import ClaimView


def view(
    claim: int,
    article: int,
    outlet: str,
    published: datetime | None,
    *,
    seen: datetime,
    copy_of: int | None = None,
    credits: str | None = None,
) -> ClaimView:
    return ClaimView(
        id=claim, article_id=article, group_id=7, quote="q", start=0, end=1, normalised="q",
        proposition="q", speaker=None, speaker_entity_id=None, verb=None, stance="affirmed", side=None,
        kind="reported", published_at=published, published_has_time=published is not None,
        first_seen_at=seen, is_correction=False, syndicated_of_id=copy_of, outlet=outlet,
        credited_outlet=credits, article_title="t", article_url=None, article_outlet_id=None,
        language="en", group_label="the bridge reopened", group_status="corroborated",
        group_outlet_count=3,
    )  # fmt: skip


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, 4, hour, minute, tzinfo=UTC)


def test_first_is_the_earliest_and_copies_and_credits_are_named() -> None:
    views = [
        view(3, 30, "Harbour Wire", at(11, 5), seen=at(12), copy_of=10),
        view(1, 10, "Valley Post", at(9, 40), seen=at(10)),
        view(5, 50, "Night Desk", None, seen=at(13), credits="Valley Post"),
    ]
    found = provenance(views)
    assert found is not None
    assert found.first.outlet == "Valley Post" and found.first.basis == "published"
    assert [r.outlet for r in found.repeats] == ["Harbour Wire", "Night Desk"]
    assert found.repeats[0].copy_of_outlet == "Valley Post"
    assert found.repeats[1].basis == "first_seen" and found.repeats[1].credits == "Valley Post"
    data = provenance_json(found)
    assert data["first"]["outlet"] == "Valley Post" and data["repeats"][0]["copy_of"]["article_id"] == 10
    line = provenance_line(found, "en")
    assert line.startswith("First reported by Valley Post at 2026-03-04 09:40 (UTC, publication time)")
    assert "Harbour Wire (11:05, a copy of Valley Post)" in line  # the same day: the clock alone
    assert "crediting Valley Post" in line


def test_missing_publication_times_fall_back_to_first_seen_and_say_so() -> None:
    found = provenance(
        [view(2, 20, "Valley Post", None, seen=at(8)), view(4, 40, "Other", at(9), seen=at(9))]
    )
    assert found is not None and found.first.article_id == 20 and found.first.basis == "first_seen"
    assert "first seen by the bot" in provenance_line(found, "en")


def test_times_in_the_reader_zone_in_arabic() -> None:
    found = provenance([view(1, 10, "Valley Post", at(9, 40), seen=at(10))])
    assert found is not None
    line = provenance_line(found, "ar", ZoneInfo("Asia/Damascus"), "Asia/Damascus")
    assert "12:40" in line and "Asia/Damascus" in line and "وقت النشر" in line


def test_an_original_comes_before_its_copy_at_the_same_time() -> None:
    found = provenance(
        [view(9, 90, "Copy", at(9), seen=at(9), copy_of=80), view(8, 80, "Original", at(9), seen=at(9))]
    )
    assert found is not None and found.first.outlet == "Original"

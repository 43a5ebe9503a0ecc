"""A claim repeated by many outlets: its group's source count stays right as it grows, and readers get
a bounded number of its members (each side of a dispute included).

Every sentence here is invented for these tests (a made-up valley, its council and its newspapers).
"""

from __future__ import annotations

import functools
import random
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.ingest.document import CleanDocument
from bot.ingest.store import store_document
from storage import Database, knowledge
from storage import claims as claim_reads
from storage.models import Claim, ClaimGroup

CLAIM = "وقال رئيس مجلس الوادي إن المجلس قرر إغلاق الجسر القديم أمام الشاحنات حتى نهاية الشهر."
DENIAL = "ونفى رئيس مجلس الوادي أن يكون المجلس قرر إغلاق الجسر القديم أمام الشاحنات حتى نهاية الشهر."
LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def _filler(rng: random.Random) -> str:
    """A paragraph of made-up words, so that no two articles are copies of each other."""
    words = ["".join(rng.choice(LETTERS) for _ in range(rng.randint(4, 7))) for _ in range(40)]
    return " ".join(words) + "."


def _store(db: Database, n: int, sentence: str, rng: random.Random) -> None:
    doc = CleanDocument(
        source=f"test://groups/{n}",
        title=f"مقال {n}",
        text=f"{_filler(rng)}\n\n{sentence}\n\n{_filler(rng)}",
        language="ar",
        url=f"https://example.test/groups/{n}",
        outlet=f"صحيفة رقم {n}",
        published_at=datetime(2025, 6, 1, 9, tzinfo=UTC),
        published_has_time=True,
        title_derived=True,
    )
    with db.session() as session:
        store_document(session, doc)


def _group_of(db: Database) -> ClaimGroup:
    with db.session() as session:
        group_ids = {
            g for g, text in session.execute(select(Claim.group_id, Claim.normalised)) if "الجسر" in text
        }
        assert len(group_ids) == 1, "every outlet's claim joins one group"
        group = session.get(ClaimGroup, group_ids.pop())
        assert group is not None
        return group


def test_the_source_count_stays_right_as_the_group_grows_past_the_members_read(
    any_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Refreshing a group reads few of its members (two here, a hundred in use); the count is whole.
    bounded = functools.partial(knowledge.members_of_groups, per_group=2)
    monkeypatch.setattr(knowledge, "members_of_groups", bounded)
    rng = random.Random(7)
    for n in range(1, 7):
        _store(any_db, n, CLAIM, rng)
        group = _group_of(any_db)
        assert group.outlet_count == n
        assert group.status == ("corroborated" if n >= 2 else "single-source")


def test_readers_get_a_bounded_number_of_members_of_each_side(any_db: Database) -> None:
    rng = random.Random(11)
    for n in range(1, 6):
        _store(any_db, n, CLAIM, rng)
    _store(any_db, 6, DENIAL, rng)
    group = _group_of(any_db)
    assert group.status == "disputed"
    with any_db.session() as session:
        views = claim_reads.claims_in_groups(session, [group.id], per_group=2)
    assert sorted(v.stance for v in views) == ["affirmed", "affirmed", "denied"]
    assert [v.id for v in views] == sorted(v.id for v in views)
    assert all(v.quote in (CLAIM, DENIAL) or v.quote in CLAIM or v.quote in DENIAL for v in views)

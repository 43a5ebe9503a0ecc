"""The steps of storing a document and of loading a period's claim groups for a digest.

Every sentence and name here is invented for these tests.
"""

from __future__ import annotations

from datetime import UTC, datetime

from test_digest_support import Said, add_article, add_entity, add_group

from bot.ingest.document import CleanDocument
from bot.ingest.store import _first_copy_of, _new_article
from bot.ingest.syndication import sketch_of
from storage import Database
from storage.articles import ArticleRef
from storage.digests import _group_claim_entities, _group_claims, _group_meta, _load_groups
from storage.models import Article, Outlet

SEEN = datetime(2026, 3, 2, 8, tzinfo=UTC)


def test_a_correction_keeps_the_copy_its_first_version_repeated() -> None:
    previous = Article(id=5, syndicated_of_id=2)
    same = [ArticleRef(id=9, title="t", outlet_id=1, syndicated_of_id=None)]
    assert _first_copy_of(None, previous, same, sketch_of("")) == 2  # type: ignore[arg-type]


def test_the_same_text_under_another_outlet_is_a_copy_of_the_first_one_stored() -> None:
    first, copy = ArticleRef(3, "t", 1, None), ArticleRef(4, "t", 2, 3)
    assert _first_copy_of(None, None, [first, copy], sketch_of("")) == 3  # type: ignore[arg-type]
    assert _first_copy_of(None, None, [copy, first], sketch_of("")) == 3  # type: ignore[arg-type]


def test_a_new_article_takes_the_documents_fields_and_marks_a_correction() -> None:
    doc = CleanDocument(
        source="a.txt", title="العنوان", text="نص المقال.", language="ar", url="https://x.test/1"
    )
    outlet, credited = Outlet(id=4, name="صدى الوادي"), Outlet(id=6, name="وكالة النهر")
    fresh = _new_article(
        doc,
        outlet=outlet,
        credited=None,
        previous=None,
        digest="d",
        dedupe_key="k",
        normalised="نص المقال",
        syndicated_of=None,
    )
    fixed = _new_article(
        doc,
        outlet=None,
        credited=credited,
        previous=Article(id=8),
        digest="d",
        dedupe_key="k",
        normalised="نص المقال",
        syndicated_of=2,
    )
    assert (fresh.outlet_id, fresh.credited_outlet_id, fresh.previous_id, fresh.is_correction) == (
        4,
        None,
        None,
        False,
    )
    assert (fixed.outlet_id, fixed.credited_outlet_id, fixed.previous_id, fixed.is_correction) == (
        None,
        6,
        8,
        True,
    )
    assert fresh.text == doc.text and fresh.title == doc.title and fixed.syndicated_of_id == 2


def seed_groups(db: Database) -> tuple[int, int, int]:
    """Two groups: one with a claim from a current article and a linked entity, one from an old version."""
    with db.session() as session:
        a = add_article(
            session,
            outlet="صدى الوادي",
            title="الجسر",
            text="قال المتحدث إن الجسر أغلق.",
            url="https://x.test/a",
            seen_at=SEEN,
        )
        b = add_article(
            session,
            outlet="وكالة النهر",
            title="الطريق",
            text="قال الوالي إن الطريق مفتوح.",
            url="https://x.test/b",
            seen_at=SEEN,
        )
        person = add_entity(session, "طارق منصور")
        bridge = add_group(
            session,
            label="الجسر أغلق",
            status="corroborated",
            claims=[Said(a, "الجسر أغلق", speaker="المتحدث", entities=(person,))],
            created_at=SEEN,
        )
        road = add_group(
            session,
            label="الطريق مفتوح",
            status="single-source",
            claims=[Said(b, "الطريق مفتوح")],
            created_at=SEEN,
        )
        b.is_current = False
        return bridge.id, road.id, person


def test_a_groups_meta_claims_and_their_entities_are_read_for_the_digest(db: Database) -> None:
    bridge, road, person = seed_groups(db)
    with db.session() as session:
        meta = _group_meta(session, [bridge, road])
        entities = _group_claim_entities(session, [bridge, road])
        claims = _group_claims(session, [bridge, road], entities)
        groups = _load_groups(session, [road, bridge])
    assert meta[bridge][:3] == ("الجسر أغلق", "corroborated", 1)
    assert list(entities.values()) == [{person}]
    [claim] = claims  # the superseded version's claim is not read
    assert (claim.group_id, claim.quote, claim.outlet, claim.entity_ids) == (
        bridge,
        "الجسر أغلق",
        "صدى الوادي",
        frozenset({person}),
    )
    assert [g.id for g in groups] == sorted([bridge, road])
    assert [len(g.claims) for g in groups] == [1 if g.id == bridge else 0 for g in groups]

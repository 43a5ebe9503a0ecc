"""The steps of extracting an article and of grouping its claims, each on its own.

Every sentence and name here is invented for these tests.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from bot.extract import (
    _claim_entity_ids,
    _claim_row,
    _index_terms,
    _mention_countries,
    _new_claim,
    _Speaker,
)
from bot.extract.claims import ClaimDraft
from bot.extract.gazetteer import load_gazetteer
from bot.extract.grouping import (
    GroupingStats,
    NewClaim,
    _frame_decision,
    _rank_candidates,
    _rarest_terms,
    frame_term,
)
from bot.extract.resolve import ResolvedMention
from storage import Database
from storage.knowledge import ClaimFacts, EntityInfo
from storage.models import Article, Claim
from tests.test_extract import ingest

WHEN = datetime(2025, 5, 1, 9, tzinfo=UTC)
TEXT = "وقال المتحدث إن الجسر أغلق أمام الشاحنات. وأضاف أن الطريق البديل مفتوح."


def draft(
    start: int,
    end: int,
    *,
    verb: str | None = None,
    proposition: str = "",
    agent: str | None = None,
    entity_ids: set[int] | None = None,
    context: tuple[int, int] | None = None,
) -> ClaimDraft:
    return ClaimDraft(
        start=start,
        end=end,
        sentence_id=None,
        kind="statement",
        verb=verb,
        proposition=proposition,
        agent=agent,
        entity_ids=entity_ids or set(),
        context=context,
    )


def article() -> Article:
    return Article(id=7, text=TEXT, outlet_id=3, published_at=WHEN)


# --- extract_article's steps ----------------------------------------------------------------------------


def test_a_mention_of_a_capital_places_the_claim_in_its_country() -> None:
    gaz = load_gazetteer()
    mentions = [
        ResolvedMention(0, 5, 1, "place", None, "دمشق"),
        ResolvedMention(10, 15, 2, "person", None, "طارق"),
        ResolvedMention(20, 25, 9, "person", None, "مجهول"),  # not stored: skipped
    ]
    infos = {
        1: EntityInfo(1, "دمشق", "place", "دمشق", 1, ()),
        2: EntityInfo(2, "طارق منصور", "person", "طارق منصور", 1, ()),
    }
    assert _mention_countries(mentions, infos, gaz) == {0: "سوريا"}


def test_a_list_item_is_found_by_its_introduction_and_a_frame_by_its_agent() -> None:
    first = TEXT.index("الجسر")
    plain = _index_terms(TEXT, draft(first, TEXT.index(".")))
    item = _index_terms(TEXT, draft(TEXT.index("الطريق"), len(TEXT), context=(0, TEXT.index("."))))
    framed = _index_terms(TEXT, draft(first, TEXT.index("."), agent="إيران"))
    assert plain and not plain & _index_terms(TEXT, draft(TEXT.index("الطريق"), len(TEXT)))
    assert plain <= item
    assert framed == plain | {frame_term("إيران")}


def test_a_claim_links_the_entities_it_names_and_its_speaker() -> None:
    assert _claim_entity_ids(draft(0, 5, entity_ids={4, 5}), 9) == {4, 5, 9}
    assert _claim_entity_ids(draft(0, 5, entity_ids={4}), None) == {4}


def test_a_stored_claim_row_keeps_the_verbatim_span_and_cuts_a_long_speaker() -> None:
    end = TEXT.index(".")
    row = _claim_row(article(), draft(0, end, verb="قال", proposition="جسر اغلق"), _Speaker("س" * 400, 5, 11))
    assert (row.start_offset, row.end_offset) == (0, end)
    assert row.speaker == "س" * 300 and row.speaker_entity_id == 5
    assert row.credited_outlet_id == 11 and row.outlet_id == 3 and row.published_at == WHEN
    assert _claim_row(article(), draft(0, end), _Speaker(None, None, None)).speaker is None


def test_grouping_reads_a_new_claim_with_its_propositions_terms_and_a_short_label() -> None:
    claim = _new_claim(12, article(), draft(0, TEXT.index("."), proposition="الجسر اغلق"), None)
    assert (claim.id, claim.article_id, claim.published_at) == (12, 7, WHEN)
    assert claim.label == TEXT[: TEXT.index(".")] and claim.terms


def test_an_unattributed_statement_is_spoken_by_its_publisher(db: Database) -> None:
    ingest(db, "أغلقت السلطات الجسر أمام الشاحنات الثقيلة منذ صباح اليوم.", outlet="صدى الوادي")
    with db.session() as session:
        speakers = set(session.scalars(select(Claim.speaker)))
    assert speakers == {"صدى الوادي"}


# --- assign_groups' steps -------------------------------------------------------------------------------


def test_only_rare_enough_terms_pick_candidates_the_rarest_weighing_most() -> None:
    counts = {"common": 900, "rare": 2, "some": 40, "absent": 0}
    chosen = _rarest_terms({"common", "rare", "some", "absent", "unknown"}, counts, total=1000, max_df=100)
    assert list(chosen) == ["rare", "some"]
    assert chosen["rare"] > chosen["some"]


def test_candidates_rank_by_shared_weight_then_newest() -> None:
    ranked = _rank_candidates({"a": 2.0, "b": 1.0}, {"a": [1, 2], "b": [2, 3, 4]})
    assert ranked == [(2, 3.0), (1, 2.0), (4, 1.0), (3, 1.0)]


def new_claim(agent: str | None, published: datetime = WHEN) -> NewClaim:
    return NewClaim(1, 100, "طلبت ايران العمليه", "affirmed", agent, published, set(), "label")


def fact(claim_id: int, group_id: int | None, published: datetime) -> ClaimFacts:
    return ClaimFacts(
        claim_id, 50 + claim_id, group_id, "طلبت ايران العمليه", "affirmed", "ايران", None, published
    )


def test_a_who_is_behind_it_claim_joins_the_newest_group_naming_that_agent_within_the_window() -> None:
    key = frame_term("ايران")
    facts = {
        1: fact(1, 10, datetime(2025, 4, 28, tzinfo=UTC)),
        2: fact(2, 20, datetime(2025, 4, 30, tzinfo=UTC)),
        3: fact(3, 30, datetime(2024, 1, 1, tzinfo=UTC)),  # newest id, but a year earlier
    }
    hits = {key: [(1, 1.0), (2, 1.0), (3, 1.0)]}
    stats = GroupingStats()
    assert _frame_decision(new_claim("ايران"), hits, [], facts, {100}, stats) == 20
    assert stats.comparisons == 3


def test_a_who_is_behind_it_claim_with_no_group_yet_starts_one_for_its_agent() -> None:
    key = frame_term("ايران")
    assert _frame_decision(new_claim("ايران"), {key: []}, [], {}, {100}, GroupingStats()) == "frame:" + key

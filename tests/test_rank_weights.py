"""Rankers and matchers read named weights: each step that reads one, with the weight changed.

Every name here is invented for these tests.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.answer import entities
from bot.answer.engine import CLAIM_WEIGHTS, TermGroup, _Ranker
from bot.answer.intent import parse_question
from bot.extract import grouping, name_match, resolve
from bot.extract.name_match import NAME_WEIGHTS, same_name
from bot.terms import COMMON_SHARE, pick_ceiling
from storage.claims import CandidateRow


def test_extraction_and_answering_match_names_with_one_module() -> None:
    assert resolve.same_name is name_match.same_name
    assert entities.score_aliases is name_match.score_aliases


@pytest.mark.parametrize(
    ("a", "b", "kind", "same"),
    [
        ("Lina Haddad", "Lina Hadad", "person", True),  # one letter apart in the family name
        ("Lina Haddad", "Lina Sabbagh", "person", False),  # a shared first name is not one person
        ("Karim Nassar", "Salim Nassar", "person", False),  # nor a shared family name with another given name
        ("Northern Water Board", "Northern Water Boards", "organisation", True),
        ("Northern Water Board", "Northern Water Office", "organisation", False),
    ],
)
def test_same_name_decides_who_is_who(a: str, b: str, kind: str, same: bool) -> None:
    assert same_name(a, b, kind) is same


def test_same_name_reads_its_thresholds_from_the_weights() -> None:
    strict = replace(NAME_WEIGHTS, surname_ratio=100)
    assert same_name("Lina Haddad", "Lina Hadad", "person") and not same_name(
        "Lina Haddad", "Lina Hadad", "person", strict
    )


def test_a_key_too_common_to_pick_candidates_is_one_share_of_the_targets() -> None:
    assert pick_ceiling(1_000, 100) == 100  # a small store: the floor
    assert pick_ceiling(100_000, 100) == COMMON_SHARE * 100_000


def test_grouping_similarity_shares_add_up_to_one_hundred() -> None:
    weights = grouping.GROUPING_WEIGHTS
    assert weights.sort_ratio + weights.set_ratio + weights.coverage == pytest.approx(1.0)
    proposition = "الجسر الشمالي اغلق امام الشاحنات"
    assert grouping.similarity(proposition, proposition) == pytest.approx(100.0)


def _candidate(text: str, kind: str = "reported") -> CandidateRow:
    return CandidateRow(
        id=1,
        group_id=None,
        normalised=text,
        speaker=None,
        speaker_entity_id=None,
        kind=kind,
        group_status=None,
    )


def test_the_claim_ranker_adds_each_bonus_its_weights_name() -> None:
    parsed = parse_question("When did the bridge close?")
    groups = [TermGroup("bridge", frozenset({"bridge"}), idf=1.0, known=True)]
    ranker = _Ranker(parsed, groups, [])
    louder = _Ranker(parsed, groups, [], weights=replace(CLAIM_WEIGHTS, clock=0.7, headline=-0.3))
    timed = _candidate("the bridge closed at 10 30 am")
    assert louder.score(timed, set(), None).score - ranker.score(timed, set(), None).score == pytest.approx(
        0.5
    )
    headline = _candidate("bridge closed", kind="headline")
    body = _candidate("bridge closed")
    assert ranker.score(body, set(), None).score - ranker.score(headline, set(), None).score == pytest.approx(
        -CLAIM_WEIGHTS.headline
    )
    assert louder.score(body, set(), None).score - louder.score(headline, set(), None).score == pytest.approx(
        0.3
    )

"""The steps that score a question's words against stored aliases: each way a word may name someone.

Every name here is invented for these tests.
"""

from __future__ import annotations

import pytest

from bot.extract.name_match import AliasRow as _AliasRow
from bot.extract.name_match import Gram as _Gram
from bot.extract.name_match import (
    _alias_columns,
    _AliasScores,
    _score_name_word,
    _score_ordinary,
    _score_short_skeleton,
    _score_skeleton,
)
from bot.extract.name_match import bare as _bare
from bot.extract.name_match import grams as _grams
from bot.extract.name_match import score_aliases as _score_aliases
from bot.text import normalise
from bot.translit import name_key


def alias(index: int, name: str, *, person: bool = True, weight: float = 1.0) -> _AliasRow:
    return (index, _bare(normalise(name)), name_key(name), person, weight)


def gram(*words: str) -> _Gram:
    """The n-gram spanning all of ``words``."""
    return next(g for g in _grams(words) if g.end - g.start == len(words))


PEOPLE = [
    alias(0, "طارق منصور"),
    alias(1, "حارم", person=False),
    alias(2, "زعيم اصحاب", person=False),
    alias(3, "عاصم الصعبي"),
    alias(4, "أبو سامر العلي"),
    alias(5, "نادي الشباب الرياضي", person=False),
]
COLUMNS = _alias_columns(PEOPLE)


def test_only_a_persons_name_of_several_words_is_split_into_first_and_last_word() -> None:
    assert COLUMNS.first[0] == "طارق" and COLUMNS.last[0] == "منصور"
    assert COLUMNS.first[4] == COLUMNS.last[4] == ""  # a kunya: the nisba alone names no one
    assert COLUMNS.first[5] == COLUMNS.last[5] == ""  # one word of a club's name does not name it
    assert COLUMNS.short[1] == ("حارم", "rm")  # a one-word alias of two consonants
    assert COLUMNS.latin[1] == ""  # too short a skeleton to compare loosely


def test_the_best_score_wins_and_a_tie_goes_to_the_longer_run_of_words() -> None:
    scores = _AliasScores([alias(0, "طارق منصور"), alias(0, "Tarek", weight=0.5)])
    scores.offer(0, 0.6, gram("طارق"))
    scores.offer(1, 1.0, gram("Tarek"))  # weighted down to 0.5: loses
    assert scores.best == {0: (0.6, frozenset({0}))}
    scores.offer(0, 0.6, gram("طارق", "منصور"))
    assert scores.best == {0: (0.6, frozenset({0, 1}))}


def test_ordinary_words_name_someone_only_when_spelt_exactly() -> None:
    exact, typo = _AliasScores(PEOPLE), _AliasScores(PEOPLE)
    _score_ordinary(gram("حارم"), COLUMNS, exact)
    _score_ordinary(gram("حاريم"), COLUMNS, typo)
    assert exact.best == {1: (1.0, frozenset({0}))}
    assert typo.best == {}


def test_a_skeleton_bridges_scripts_but_not_two_arabic_spellings_that_merely_collide() -> None:
    latin = _AliasScores(PEOPLE)
    _score_skeleton(gram("Tarek", "Mansour"), COLUMNS, latin)
    assert latin.best[0][0] == pytest.approx(0.95)
    collide = _AliasScores(PEOPLE)
    _score_skeleton(gram("زعيم", "اصحاب"), COLUMNS, collide)
    assert 3 not in collide.best  # same skeleton as عاصم الصعبي, other letters


def test_a_two_consonant_name_counts_alone_but_not_inside_a_longer_question_unless_spelt_alike() -> None:
    alone, inside = _AliasScores(PEOPLE), _AliasScores(PEOPLE)
    _score_short_skeleton(gram("Harem"), COLUMNS, alone, alone=True)
    _score_short_skeleton(gram("Rami"), COLUMNS, inside, alone=False)
    assert 0.8 <= alone.best[1][0] <= 0.9
    assert inside.best == {}


def test_a_family_name_identifies_and_a_first_name_only_hints() -> None:
    family, first = _AliasScores(PEOPLE), _AliasScores(PEOPLE)
    _score_name_word(gram("منصور"), COLUMNS, family)
    _score_name_word(gram("طارق"), COLUMNS, first)
    assert family.best == {0: (0.9, frozenset({0}))} and not family.first_names
    assert first.best == {0: (0.5, frozenset({0}))} and first.first_names == {0}


def test_a_first_name_alone_names_its_only_holder_but_not_one_of_two() -> None:
    one = [alias(0, "Tarek Mansour")]
    two = [alias(0, "Tarek Mansour"), alias(1, "Tarek Haddad")]
    assert _score_aliases(_grams(("Tarek",)), one, frozenset()) == {0: (0.8, frozenset({0}))}
    assert all(score < 0.8 for score, _ in _score_aliases(_grams(("Tarek",)), two, frozenset()).values())


def test_ordinary_words_around_a_small_word_do_not_spell_a_name_in_another_script() -> None:
    """'الأرض كانت' (the earth was) has the consonants of 'Red Crescent'; with كانت in it, it names no one,
    while the same alias still matches its own words."""
    rows = [alias(0, "Red Crescent", person=False), alias(0, "الهلال الأحمر", person=False)]
    focus = ("عمق", "الارض", "كانت", "الهزه")
    small = frozenset({2})
    assert _score_aliases(_grams(focus), rows, frozenset(), small=small) == {}
    named = _score_aliases(_grams(("الهلال", "الاحمر", "كانت")), rows, frozenset(), small=frozenset({2}))
    assert named[0][1] == frozenset({0, 1})

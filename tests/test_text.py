"""Normalisation keeps a map back to the original, so quotes are always verbatim."""

from __future__ import annotations

import pytest

from bot.text import language_of, normalise, normalise_with_map, split_sentences, stem
from bot.translit import name_key


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("إدلب", "ادلب"),
        ("مُحَمَّد", "محمد"),
        ("الفرنسيـــين", "الفرنسيين"),
        ("مستشفى", "مستشفي"),
        ("مدرسة", "مدرسه"),
        ("٢٠٢٥ و۱۲", "2025 و12"),
        ("«قال» — “نعم”!", "قال نعم"),
        ("Omar OMSEN", "omar omsen"),
        ("الاشـ ـتـ ـبـ ـاكـ ـات", "الاشتباكات"),
        ("#المرصد_السوري", "المرصد السوري"),
    ],
)
def test_normalise_table(before: str, after: str) -> None:
    assert normalise(before) == after


def test_offsets_map_back_to_original_text() -> None:
    original = "مع استمرار الاشـ ـتـ ـبـ ـاكـ ـات.. في حارم"
    norm = normalise_with_map(original)
    at = norm.text.index("الاشتباكات")
    start, end = norm.span(at, at + len("الاشتباكات"))
    assert original[start:end] == "الاشـ ـتـ ـبـ ـاكـ ـات"


def test_sentences_are_spans_of_the_original() -> None:
    original = "قال المتحدث إن الوضع هادئ. وأضاف: لا جديد؟\n  • بند أول: نص.\n2- بند ثان"
    spans = split_sentences(original)
    pieces = [original[s.start : s.end] for s in spans]
    assert pieces[0] == "قال المتحدث إن الوضع هادئ."
    assert pieces[1] == "وأضاف: لا جديد؟"
    assert [s.kind for s in spans][-2:] == ["bullet", "bullet"]


def test_decimal_numbers_do_not_split_sentences() -> None:
    spans = split_sentences("بلغت الخسائر 3.5 مليون دولار. انتهى")
    assert len(spans) == 2


def test_stem_keeps_names_and_strips_affixes() -> None:
    assert stem(normalise("الاشتباكات")) == "اشتباك"
    assert stem(normalise("يقودها")) == "يقود"
    assert stem("omsen") == "omsen"


@pytest.mark.parametrize(
    ("latin", "arabic"),
    [
        ("Omar Omsen", "عمر أومسين"),
        ("Idlib", "إدلب"),
        ("Vladimir Putin", "فلاديمير بوتين"),
        ("Dama Post", "داما بوست"),
    ],
)
def test_latin_and_arabic_spellings_share_a_key(latin: str, arabic: str) -> None:
    assert name_key(latin) == name_key(arabic)


def test_language_detection() -> None:
    assert language_of("مين عمر اومسن") == "ar"
    assert language_of("who is Omar Omsen?") == "en"

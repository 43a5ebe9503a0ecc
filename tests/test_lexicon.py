"""The bilingual glossary: a well-formed file, and general news words that reach Arabic reporting."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from datetime import UTC, datetime
from importlib import resources

import pytest

from bot.answer import ask
from bot.answer.intent import parse_question
from bot.answer.lexicon import english_lemmas, lexicon
from bot.ingest.document import CleanDocument
from bot.terms import text_terms
from storage import Database
from tests.conftest import stored

_ARABIC_FORM = re.compile(r"^[\u0621-\u063A\u0641-\u064A\u064B-\u065F\u0670 ]+$")
_KEY = re.compile(r"^(\"[a-z ]+\"|[A-Za-z0-9_-]+) = ")
_SECTION = re.compile(r"^\[(\w+)\]\s*$")


def _source() -> str:
    return resources.files("bot.answer").joinpath("lexicon.toml").read_text(encoding="utf-8")


def test_the_glossary_loads_without_duplicate_keys() -> None:
    keys: dict[str, list[str]] = {}
    section = ""
    for line in _source().splitlines():
        if match := _SECTION.match(line):
            section = match.group(1)
        elif match := _KEY.match(line):
            keys.setdefault(section, []).append(match.group(1))
    assert set(keys) == {"en", "synonyms", "irregular", "phrasal"}
    for section, names in keys.items():
        duplicates = sorted({n for n in names if names.count(n) > 1})
        assert not duplicates, (section, duplicates)
    raw = tomllib.loads(_source())
    assert len(raw["en"]) == len(keys["en"]) >= 1200
    assert len(raw["synonyms"]) >= 150


def test_an_irregular_verb_finds_its_other_forms_and_english_synonyms_meet_through_arabic() -> None:
    lex = lexicon()
    assert {"broke", "broken"} <= set(lex.english_forms("break"))
    assert "break" in lex.english_forms("broke")
    assert "blaze" in lex.english_neighbours("fire") and "fire" in lex.english_neighbours("blaze")
    assert "fire" not in lex.english_neighbours("firewood")


def test_a_phrasal_verb_is_read_as_the_word_it_means() -> None:
    assert "displace" in parse_question("How many people were driven out of their homes?").focus
    assert parse_question("Who put out the fire?").focus == ("extinguish", "fire")
    # an idiom with a possessive inside it
    assert parse_question("How many rescuers lost their lives?").focus == ("rescuers", "die")
    raw = tomllib.loads(_source())
    assert all(meaning in raw["en"] for meaning in raw["phrasal"].values())  # each meaning is translated


def test_every_form_is_arabic_and_every_entry_reaches_a_stem() -> None:
    raw = tomllib.loads(_source())
    for section in ("en", "synonyms"):
        for key, forms in raw[section].items():
            assert key == key.lower(), key
            assert isinstance(forms, list) and len(forms) >= 1, key
            assert len(set(forms)) == len(forms), (key, "repeats a form")
            for form in forms:
                assert _ARABIC_FORM.match(form), (section, key, form)
            assert set().union(*(text_terms(f) for f in forms)), key
    # Entries an English question can reach: lower-case single words, several forms for most of them.
    assert all(re.fullmatch(r"[a-z]+", k) for k in raw["en"]), "an English key the loader cannot look up"
    assert sum(len(v) >= 3 for v in raw["en"].values()) >= 0.8 * len(raw["en"])


@pytest.mark.parametrize(
    ("word", "arabic"),
    [
        ("aftershocks", "ارتدادية"),
        ("displaced", "نازحين"),
        ("rescuers", "انقاذ"),
        ("petrol", "بنزين"),
        ("gasoline", "بنزين"),
        ("kerosene", "كاز"),
        ("subsidies", "دعم"),
        ("lenders", "مقرض"),
        ("postponed", "تاجيل"),
        ("resigned", "استقاله"),
        ("fled", "فرار"),
        ("fell", "انخفاض"),
        ("children", "اطفال"),
        ("neighbours", "جيران"),
        ("neighbors", "جيران"),
        ("tyres", ""),
    ],
)
def test_english_words_and_their_inflections_reach_arabic_stems(word: str, arabic: str) -> None:
    stems = lexicon().english_stems(word)
    if not arabic:
        assert not stems  # not every word is in the glossary
        return
    assert text_terms(arabic) <= stems, (word, english_lemmas(word))


def test_arabic_synonyms_and_inflections_meet() -> None:
    lex = lexicon()
    (dead,) = text_terms("الضحايا")
    assert text_terms("قتلى") <= lex.arabic_synonyms(dead)
    (displaced,) = text_terms("النازحون")
    assert text_terms("نزوح") | text_terms("نزحوا") <= lex.arabic_synonyms(displaced)
    (bus,) = text_terms("الحافلات")
    assert text_terms("باص") <= lex.arabic_synonyms(bus)


@pytest.mark.parametrize(
    "question",
    ["ما هو الوضع الآن بالضبط؟", "what exactly is going on now?", "شو صاير هلق بالزبط"],
)
def test_question_framing_words_are_not_searched_for(question: str) -> None:
    focus = parse_question(question).focus
    for word in ("الان", "بالضبط", "exactly", "now", "going", "هلق", "بالزبط"):
        assert word not in focus, (question, focus)


# Invented reports, in Arabic only, about no real event.
DOCS = [
    CleanDocument(
        source="valley-flood.txt",
        outlet="وكالة السهل",
        title="سيول تجرف منازل في بلدة جبلية",
        language="ar",
        published_at=datetime(2031, 2, 3, 7, 0, tzinfo=UTC),
        published_has_time=True,
        text=(
            "سيول تجرف منازل في بلدة جبلية\n"
            "قال مسؤول في الدفاع المدني إن فرق الإنقاذ انتشلت جثث ثلاثة أشخاص من تحت الأنقاض صباح اليوم.\n"
            "وأضاف أن مئات العائلات نزحت إلى مخيمات مؤقتة وتحتاج إلى بطانيات ووقود للتدفئة."
        ),
    ),
    CleanDocument(
        source="pump-prices.txt",
        outlet="صحيفة السوق",
        title="الحكومة ترفع أسعار البنزين والديزل",
        language="ar",
        published_at=datetime(2031, 2, 4, 9, 0, tzinfo=UTC),
        text=(
            "الحكومة ترفع أسعار البنزين والديزل\n"
            "أعلنت وزارة المالية رفع أسعار البنزين والديزل بنسبة عشرة بالمئة اعتبارا من مطلع الشهر المقبل.\n"
            "وقال متحدث باسم الوزارة إن القرار يهدف إلى خفض عجز الموازنة."
        ),
    ),
    CleanDocument(
        source="teachers.txt",
        outlet="إذاعة المدينة",
        title="المعلمون يضربون عن العمل",
        language="ar",
        published_at=datetime(2031, 2, 5, 10, 0, tzinfo=UTC),
        text=(
            "المعلمون يضربون عن العمل\n"
            "أعلنت نقابة المعلمين إضرابا مفتوحا احتجاجا على تأخر صرف الرواتب منذ ثلاثة أشهر.\n"
            "وقالت الحكومة إن الرواتب ستصرف الأسبوع المقبل."
        ),
    ),
]


@pytest.fixture
def reports(sqlite_url: str) -> Iterator[Database]:
    database = stored(sqlite_url, DOCS)
    yield database
    database.dispose()


def _top_texts(database: Database, question: str) -> list[str]:
    with database.session() as session:
        answer = ask(session, question)
    assert answer.found, question
    return [claim.text for claim in answer.claims[:2]]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("How many bodies did rescuers recover from the rubble?", "الأنقاض"),
        ("Where did the displaced families go?", "نزحت"),
        ("Do people in the camps need blankets and heating fuel?", "بطانيات"),
        ("By how much did petrol and diesel prices rise?", "بالمئة"),
        ("When does the gasoline price hike take effect?", "اعتبارا"),
        ("What did the spokesman say about the budget deficit?", "عجز"),
        ("Why are teachers on strike?", "إضرابا"),
        ("When will the salaries be paid?", "الرواتب"),
    ],
)
def test_english_questions_find_arabic_reporting(reports: Database, question: str, expected: str) -> None:
    texts = _top_texts(reports, question)
    assert any(expected in t for t in texts), (question, texts)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("ماذا حدث للنازحين؟", "نزحت"),  # another inflection of the same word
        ("هل أضرب المعلمون؟", "إضرابا"),
        ("كم ارتفع سعر البنزين بالضبط؟", "بالمئة"),  # a synonym (سعر/أسعار) and a framing word
        ("هل تم انتشال الضحايا من الركام؟", "الأنقاض"),  # synonyms: ضحايا/جثث, ركام/أنقاض
    ],
)
def test_arabic_questions_find_synonyms_and_other_inflections(
    reports: Database, question: str, expected: str
) -> None:
    texts = _top_texts(reports, question)
    assert any(expected in t for t in texts), (question, texts)

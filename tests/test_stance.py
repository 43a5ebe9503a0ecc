"""The pairwise stance decision and its cues: figures, polarity, denial, accounts (invented fixtures)."""

from __future__ import annotations

import pytest

from bot.extract.figures import comparable, conflict, figures, parse_digits
from bot.extract.polarity import cues, opposed
from bot.extract.stance import Statement, relation


@pytest.mark.parametrize(
    ("literal", "value"),
    [("12,000", 12000.0), ("6.8", 6.8), ("١٢", 12.0), ("١٢٫٥", 12.5), ("٣٬٤٠٠", 3400.0), ("15", 15.0)],
)
def test_digit_literals(literal: str, value: float) -> None:
    assert parse_digits(literal) == value


@pytest.mark.parametrize(
    ("text", "value", "unit", "bound"),
    [
        ("سقط سبعة وعشرون قتيلاً في القصف", 27.0, "killed", "exact"),
        ("بلغ عدد الجرحى مئتين وخمسة عشر جريحاً", 215.0, "wounded", "exact"),
        ("نزح أربعة آلاف شخص من القرى", 4000.0, "people", "exact"),
        ("تجمع ما لا يقل عن ستمئة متظاهر", 600.0, "people", "min"),
        ("نحو ١٥ ألف نازح", 15000.0, "displaced", "about"),
        ("at least 40 people were killed", 40.0, "killed", "min"),
        ("two hundred and six people were injured", 206.0, "wounded", "exact"),
        ("more than 3,500 protesters marched", 3500.0, "people", "min"),
        ("the storm killed dozens of people", 10.0, "killed", "order"),
        ("ارتفعت نسبة البطالة إلى 9.5 بالمئة", 9.5, "percent", "exact"),
        ("about 18 000 people had been displaced", 18000.0, "displaced", "about"),  # normalised "18,000"
        ("سجلت المستشفيات أكثر من 1 750 جريحا", 1750.0, "wounded", "min"),
        ("ارتفع عدد القتلى إلى ثلاثمئة وعشرة، والجرحى إلى ألف", 310.0, "killed", "exact"),  # not the wounded
        ("the death toll in the valley has risen to 57, officials said", 57.0, "killed", "exact"),
        ("ارتفعت الحصيلة إلى ثمانية عشر متوفى", 18.0, "killed", "exact"),
        ("قال إن عدد المفقودين لا يتجاوز 9 مفقودين", 9.0, "missing", "max"),  # not "more than"
    ],
)
def test_figures_read_counts(text: str, value: float, unit: str, bound: str) -> None:
    found = figures(text)
    assert found, text
    assert (found[0].value, found[0].unit, found[0].bound) == (value, unit, bound)


def test_figures_ignore_pronoun_one_and_years_are_years() -> None:
    assert figures("قال أحد السكان إن المياه وصلت") == []
    assert figures("one of the residents said the water rose") == []
    assert figures("منذ عام 2009")[0].unit == "year"
    assert [f.unit for f in figures("قتل ثلاثة أشخاص في 2019")] == ["killed", "year"]


def test_figures_conflict_only_for_the_same_count() -> None:
    toll, higher = figures("قتل 27 شخصا")[0], figures("at least 60 people were killed")[0]
    assert comparable(toll, higher) and conflict(toll, higher)
    about, exact = figures("نحو 100 جريح")[0], figures("105 wounded")[0]
    assert comparable(about, exact) and not conflict(about, exact)
    wounded, houses = figures("12 wounded")[0], figures("30 houses")[0]
    assert not comparable(wounded, houses)


@pytest.mark.parametrize(
    ("a", "b", "axis"),
    [
        ("the mountain pass is open again", "the mountain pass remains closed", "open/closed"),
        ("أعيد فتح الطريق الساحلي", "الطريق الساحلي مغلق", "open/closed"),
        ("the new tax took effect on Sunday", "the new tax was postponed", "in force/postponed"),
        ("دخلت الضريبة الجديدة حيز التنفيذ", "أرجئت الضريبة الجديدة", "in force/postponed"),
        ("ارتفعت أسعار القمح", "تراجعت أسعار القمح", "up/down"),
        ("the rescue operation is over", "rescuers are still searching the rubble", "over/ongoing"),
        ("the march was peaceful", "the march ended in riots", "peaceful/violent"),
        ("اعتقلت الشرطة الصحفي", "أفرجت الشرطة عن الصحفي", "arrest/release"),
    ],
)
def test_opposite_poles(a: str, b: str, axis: str) -> None:
    assert axis in opposed(cues(a), cues(b))


def test_hedges_are_not_negations_and_denials_are() -> None:
    assert not cues("ولم يتضح عدد المصابين في الحادث").negated
    assert not cues("it was not clear how many people were hurt").negated
    assert not cues("قتل ما لا يقل عن عشرة").negated
    assert cues("the company denied the report").denies
    assert cues("وصفت الوزارة الخبر بأنه عار عن الصحة").denies
    assert cues("the bridge did not collapse").negated


def _rel(a: str, b: str, **kw: str | bool | None) -> tuple[str, str | None]:
    r = relation(
        Statement(a, denied=kw.get("da"), agent=kw.get("ga")),  # type: ignore[arg-type]
        Statement(b, denied=kw.get("db"), agent=kw.get("gb")),  # type: ignore[arg-type]
    )
    return r.label, r.reason


def test_paraphrase_and_translation_are_the_same_claim() -> None:
    assert _rel(
        "Floods forced 2,000 families to leave their homes in the valley",
        "Some 2,000 families fled their homes in the valley because of the floods",
    ) == ("same", None)
    assert _rel(
        "أجبرت الفيضانات ألفي عائلة على مغادرة منازلها في الوادي",
        "Floods forced 2,000 families to leave their homes in the valley",
    ) == ("same", None)


def test_contradiction_families() -> None:
    assert _rel(
        "The ministry said the governor resigned", "The ministry denied that the governor resigned"
    ) == (
        "contradicts",
        "denial",
    )
    assert _rel(
        "Eleven people were killed in the bridge collapse", "The bridge collapse killed at least 40 people"
    ) == (
        "contradicts",
        "numbers",
    )
    assert _rel("الجسر الحدودي مفتوح أمام الشاحنات", "الجسر الحدودي مغلق أمام الشاحنات منذ الصباح") == (
        "contradicts",
        "polarity",
    )
    shelling = "Artillery shelled the grain market at dawn"
    assert _rel(shelling, shelling + " on Friday", ga="the northern brigade", gb="the river militia") == (
        "contradicts",
        "accounts",
    )


def test_negatives_are_not_disputes() -> None:
    _label, reason = _rel(
        "Twelve people were wounded in the market blast", "Thirty houses were damaged in the market blast"
    )
    assert reason != "numbers"
    _label, reason = _rel(
        "It was not clear how many fighters took part in the raid on the depot",
        "Fighters raided the fuel depot at dawn",
    )
    assert reason != "denial"
    assert (
        _rel("The central bank raised interest rates", "A football club signed a new goalkeeper")[0]
        == "other"
    )

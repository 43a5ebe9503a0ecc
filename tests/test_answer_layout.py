"""An answer as a reader gets it: a direct first line, points with source numbers, isolated mixed runs."""

from __future__ import annotations

import pytest

from bot.answer.compose import found_text, lead_line
from bot.answer.present import layout, point_citations
from bot.answer.types import Answer, Citation, ClaimHit, EntityHit
from bot.bidi import FSI, PDI, isolate, isolate_runs, mixed_lines, strip_isolates

AR_QUOTE = "قال المتحدث إن ثلاثة قتلى سقطوا في الاشتباكات"


def _citation(
    article: int, outlet: str = "Wire", quote: str = "words", copy_of: int | None = None
) -> Citation:
    return Citation(outlet, f"Title {article}", f"https://e.x/{article}", "2025-10-22", quote, article,
                    syndicated_of=copy_of)  # fmt: skip


def _hit(speaker: str, quote: str, *articles: int, status: str = "single-source", stance: str = "affirmed",
         group: int = 1, speaker_id: int | None = None) -> ClaimHit:  # fmt: skip
    citations = tuple(_citation(a, f"Outlet {a}", quote) for a in articles)
    return ClaimHit(quote, speaker, status, "g", group, stance, 1.0, citations, len(articles), speaker_id)


@pytest.mark.parametrize(
    ("language", "value", "isolated"),
    [
        ("ar", "Paris", True),
        ("ar", "باريس", False),
        ("en", "باريس", True),
        ("en", "Paris", False),
        ("en", "2025-10-22", False),
    ],
)
def test_isolate_wraps_only_the_other_script(language: str, value: str, isolated: bool) -> None:
    assert (isolate(value, language) == f"{FSI}{value}{PDI}") is isolated


@pytest.mark.parametrize(
    ("language", "line", "expected"),
    [
        ("ar", "لم أجد شيئاً عن «tulips» هنا.", f"لم أجد شيئاً عن «{FSI}tulips{PDI}» هنا."),
        ("ar", "مثال: /subscribe 07:30 Asia/Damascus", f"مثال: {FSI}/subscribe 07:30 Asia/Damascus{PDI}"),
        ("en", "Nothing about “حارم اليوم” yet.", f"Nothing about “{FSI}حارم اليوم{PDI}” yet."),
        ("en", f"{FSI}حارم{PDI} says", f"{FSI}حارم{PDI} says"),  # already isolated: left as it is
        ("ar", "Paris denied it.", f"{FSI}Paris denied it.{PDI}"),  # the full stop stays with its sentence
    ],
)
def test_isolate_runs(language: str, line: str, expected: str) -> None:
    assert isolate_runs(line, language) == expected
    assert not mixed_lines(isolate_runs(line, language))


def test_mixed_lines_finds_an_unisolated_run() -> None:
    assert mixed_lines("1. مصدر says: «x»\nclean line") == ["1. مصدر says: «x»"]
    assert not mixed_lines(f"1. {FSI}مصدر{PDI} says: «x»")
    assert strip_isolates(f"a {FSI}b {FSI}c{PDI}{PDI} d").split() == ["a", "d"]


def test_a_point_lists_the_original_before_its_copy_and_each_article_once() -> None:
    copy, original = _citation(9, "Copier", copy_of=1), _citation(1, "Wire")
    hit = ClaimHit("q", "S", "corroborated", "g", 1, "affirmed", 1.0, (copy, original, copy), 2)
    assert [c.article_id for c in point_citations(hit)] == [1, 9]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_one_numbered_list_shared_by_every_point(language: str) -> None:
    first = _hit("S", "one", 4, 3)
    second = _hit("T", "two", 8, 4)
    answer = Answer("?", True, "", language, "what_happened", claims=(first, second))
    view = layout(answer)
    assert [s.citation.article_id for s in view.sources] == [4, 3, 8]
    assert view.lines[-2].endswith("[1][2]") and view.lines[-1].endswith("[1][3]")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Disputed: Ministry says [1], Paris denies [2]."),
        ("ar", "موضع خلاف: Ministry يقول [1]، وParis ينفي [2]."),
    ],
)
def test_first_line_of_a_dispute_names_both_sides(language: str, expected: str) -> None:
    claims = [
        _hit("Ministry", "we did not ask", 1, status="disputed"),
        _hit("Paris", "we did not ask", 2, status="disputed", stance="denied"),
    ]
    assert lead_line([], claims, language, "is_true", [" [1]", " [2]"]) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "3 dead according to the monitor [1], 5 according to the ministry [2]."),
        ("ar", "3 قتلى بحسب the monitor [1]، و5 بحسب the ministry [2]."),
    ],
)
def test_first_line_of_differing_figures(language: str, expected: str) -> None:
    claims = [
        _hit("the monitor", "three people were killed in the clashes", 1),
        _hit("the ministry", "five people were killed in the clashes", 2),
        _hit("the governor", "the clashes ended on Monday", 3),
    ]
    assert lead_line([], claims, language, "how_many", [" [1]", " [2]", " [3]"]) == expected


def test_figures_that_agree_make_no_first_line() -> None:
    claims = [_hit("A", "three people were killed", 1), _hit("B", "3 people were killed", 2)]
    assert lead_line([], claims, "en", "how_many") is None


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "No direct statement by France; what others say about France:"),
        ("ar", "لا تصريح مباشراً من France؛ ما يقوله آخرون عن France:"),
    ],
)
def test_first_line_when_the_entity_said_nothing_itself(language: str, expected: str) -> None:
    france = EntityHit(5, "France", "country", ("France", "French"), 1.0)
    others = [_hit("a rebel group", "France ordered it", 1), _hit("a monitor", "France was involved", 2)]
    assert lead_line([france], others, language, "what_said") == expected
    by_france = [*others, _hit("a French spokesperson", "we did not", 3)]
    assert lead_line([france], by_france, language, "what_said") is None
    by_id = [*others, _hit("the ministry", "we did not", 3, speaker_id=5)]
    assert lead_line([france], by_id, language, "what_said") is None


def test_engine_text_keeps_values_as_stored_and_renderings_isolate_them() -> None:
    hit = _hit("Paris", AR_QUOTE, 1)
    plain = found_text([], [hit], "ar", intent="what_said")
    assert FSI not in plain and AR_QUOTE in plain and "Outlet 1، 2025-10-22" in plain  # Arabic comma
    answer = Answer("?", True, plain, "ar", "what_said", claims=(hit,))
    lines = layout(answer).lines
    assert not mixed_lines("\n".join(lines))
    assert f"{FSI}Paris{PDI}" in lines[-1]

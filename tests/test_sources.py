"""One rule names a source: the publisher, else the credited outlet, else the site, never the title."""

from __future__ import annotations

from bot.answer import ask
from bot.ingest.document import CleanDocument
from bot.sources import source_label, source_name
from tests.conftest import stored


def test_the_publisher_comes_first_then_the_credited_outlet_then_the_site() -> None:
    assert source_name("Valley Times", "Wire Agency", "https://valley.example/a") == "Valley Times"
    assert source_name(None, "Wire Agency", "https://valley.example/a") == "Wire Agency"
    assert source_name(" ", None, "https://www.valley.example/a/1") == "valley.example"
    assert source_name(None, None, None) is None


def test_an_unknown_source_is_named_in_the_readers_language() -> None:
    assert source_label("en", None) == "unknown outlet"
    assert source_label("ar", None) == "مصدر غير معروف"


def test_an_answer_names_the_site_of_an_article_without_publisher_never_its_title(sqlite_url: str) -> None:
    doc = CleanDocument(
        source="https://news.valley.example/flood",
        title="Flood waters recede",
        text="Flood waters recede\nThe civil defence said the river had fallen by a metre overnight.",
        language="en",
        url="https://news.valley.example/flood",
    )
    database = stored(sqlite_url, [doc])
    with database.session() as session:
        answer = ask(session, "How far has the river fallen?")
    assert answer.found
    citation = answer.claims[0].citations[0]
    assert citation.outlet == "news.valley.example"
    assert "news.valley.example" in answer.answer and "“Flood waters recede”" not in answer.answer
    database.dispose()

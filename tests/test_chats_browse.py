"""Browsing what the bot knows (/latest, /sources, /disputed, /entity, the buttons) over ingested articles."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select
from test_telegram_corpus import documents, seed

from bot import browse
from bot.answer import find_entity
from storage import Database, open_database
from storage.models import Article


@pytest.fixture
def corpus(any_db_url: str) -> Iterator[Database]:
    database = open_database(any_db_url)
    seed(database)
    yield database
    database.dispose()


def test_sources_and_latest(corpus: Database) -> None:
    with corpus.session() as s:
        outlets = browse.sources(s)
        latest = browse.latest(s, articles=3)
    assert sorted(o.name for o in outlets) == sorted(d.outlet or "" for d in documents())
    assert all(o.articles == 1 for o in outlets)
    assert len(latest.articles) == 3
    seen = [a.first_seen_at for a in latest.articles]
    assert seen == sorted(seen, reverse=True)


def test_entity_card_and_group_views_quote_verbatim(corpus: Database) -> None:
    with corpus.session() as s:
        hit = find_entity(s, "Omar Omsen")
        assert hit is not None
        card = browse.entity_card(s, hit.id)
        texts = {a.id: a.text for a in s.scalars(select(Article))}
    assert card is not None and card.article_count >= 2
    assert card.groups, "statements by or about the entity"
    for view in card.groups:
        for side in view.sides:
            for citation in side.citations:
                assert citation.quote in texts[citation.article_id]  # cut from the original text
                assert citation.outlet and citation.published
    with corpus.session() as s:
        again = browse.group_view(s, card.groups[0].id)
    assert again is not None and again.citations == card.groups[0].citations


def test_sources_list_every_article_by_the_one_naming_rule(sqlite_url: str) -> None:
    from bot.ingest.document import CleanDocument
    from bot.ingest.store import store_document
    from handlers.render import outlets_blocks

    database = open_database(sqlite_url)
    rows = [
        ("Wire", None, None),
        (None, "https://www.site.example/a", None),
        (None, None, None),
        (None, None, None),
        (None, None, "Agency"),
    ]
    with database.session() as session:
        for index, (outlet, url, credited) in enumerate(rows):
            document = CleanDocument(
                source=f"{index}.txt",
                outlet=outlet,
                url=url,
                credited_outlet=credited,
                title=f"Headline {index}",
                language="en",
                text=f"Headline {index}\nThe council met on day {index}.",
            )
            store_document(session, document)
    with database.session() as session:
        outlets = browse.sources(session)
    database.dispose()
    assert [(o.name, o.articles) for o in outlets] == [
        (None, 2),
        ("Agency", 1),
        ("Wire", 1),
        ("site.example", 1),
    ]
    for language, unknown in (("en", "unknown outlet"), ("ar", "مصدر غير معروف")):
        shown = "\n".join(block.html for block in outlets_blocks(outlets, language))
        assert unknown in shown and "Headline" not in shown  # never the title

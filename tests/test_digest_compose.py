"""What a digest says: new, corroborated and disputed points with sources, topics, language, size limits."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from test_digest_support import Said, add_article, add_entity, add_group, follow
from typer.testing import CliRunner

from bot.digest import service
from bot.digest.compose import Composer
from bot.messages import count
from handlers.digest_render import DigestMessages, render_digest, take_more
from handlers.render import MAX_UTF16 as TELEGRAM_LIMIT
from handlers.render import utf16_len
from storage import Database
from storage import digests as store

START = datetime(2026, 11, 26, 7, 0, tzinfo=UTC)


def unisolated(text: str) -> str:
    """``text`` without the bidi isolates the renderers add (FSI, LRI, RLI, PDI), to read as a user does."""
    return re.sub("[\u2066-\u2069]", "", text)


END = datetime(2026, 11, 27, 7, 0, tzinfo=UTC)
IN = START + timedelta(hours=3)
BEFORE = START - timedelta(days=2)


@pytest.fixture
def story(db: Database) -> dict[str, int]:
    """A small bilingual story: a dispute, a corroborated point, a grown group, a correction, old news."""
    with db.session() as session:
        omsen = add_entity(session, "Omar Omsen")
        security = add_entity(session, "Internal Security", "organisation")
        a = add_article(
            session,
            outlet="Harem Today",
            title="الأمن الداخلي يطوّق المخيم <عاجل>",
            text="قال المتحدث باسم الأمن الداخلي إن فرنسا طلبت تنفيذ العملية. وأكد أن الطوق مستمر.",
            url="https://harem.example/a?x=1&y=2",
            seen_at=IN,
        )
        b = add_article(
            session,
            outlet="Paris Wire",
            title="Paris denies asking for the operation",
            text="The French foreign ministry denied that France asked for the operation in Idlib.",
            url="https://paris.example/denial",
            seen_at=IN + timedelta(hours=1),
            language="en",
        )
        c = add_article(
            session,
            outlet="Idlib Voice",
            title="الطوق حول المخيم مستمر",
            text="أفاد مراسلنا بأن الطوق مستمر حول المخيم لليوم الثاني.",
            url="https://idlib.example/c",
            seen_at=IN + timedelta(hours=2),
        )
        old = add_article(
            session,
            outlet="Old News",
            title="Earlier report on the camp",
            text="An earlier report said the camp housed about seventy fighters.",
            url="https://old.example/1",
            seen_at=BEFORE,
            language="en",
        )
        d = add_article(
            session,
            outlet="Levant Wire",
            title="Camp size",
            text="Residents said the camp housed about seventy fighters and their families.",
            url="https://levant.example/size",
            seen_at=IN,
            language="en",
        )
        add_group(
            session,
            label="France asked for the operation",
            status="disputed",
            claims=[
                Said(
                    a, "فرنسا طلبت تنفيذ العملية", speaker="المتحدث باسم الأمن الداخلي", entities=(security,)
                ),
                Said(
                    b,
                    "France asked for the operation",
                    stance="denied",
                    speaker="The French foreign ministry",
                ),
            ],
            created_at=IN,
        )
        add_group(
            session,
            label="The cordon around the camp continues",
            status="corroborated",
            claims=[
                Said(a, "الطوق مستمر", entities=(security,)),
                Said(c, "الطوق مستمر حول المخيم", entities=(omsen,)),
            ],
            created_at=IN,
        )
        add_group(
            session,
            label="The camp housed about seventy fighters",
            status="corroborated",
            claims=[
                Said(old, "the camp housed about seventy fighters", entities=(omsen,)),
                Said(d, "the camp housed about seventy fighters and their families", entities=(omsen,)),
            ],
            created_at=BEFORE,
        )
    return {"omsen": omsen, "security": security}


def compose(db: Database, language: str = "en", topics: frozenset[int] | None = None) -> DigestMessages:
    def load(start: datetime, end: datetime) -> store.PeriodData:
        with db.session() as session:
            return store.load_period(session, start=start, end=end)

    return render_digest(Composer(load=load).digest(start=START, end=END, language=language, topics=topics))


def test_digest_shows_disputes_with_both_sides_and_every_point_cites_linked_sources(
    db: Database, story: dict[str, int]
) -> None:
    digest = compose(db)
    assert len(digest.parts) == 1
    text = digest.parts[0]
    disputed = text.index("Disputed")
    corroborated = text.index("Corroborated")
    articles = text.index("New articles by outlet")
    assert disputed < corroborated < articles  # ranked: disputes first
    dispute = unisolated(text[disputed:corroborated])
    assert "المتحدث باسم الأمن الداخلي says: «فرنسا طلبت تنفيذ العملية»" in dispute
    assert "The French foreign ministry denies: «France asked for the operation»" in dispute
    assert '<a href="https://harem.example/a?x=1&amp;y=2">Harem Today</a>' in dispute
    assert '<a href="https://paris.example/denial">Paris Wire</a>' in dispute
    # A group that existed before the period and gained a source is shown as grown, with old and new sources.
    assert "+1 outlet" in text and "Old News" in text and "Levant Wire" in text
    # Titles are escaped; the article first seen before the period is not listed as new.
    assert "&lt;عاجل&gt;" in unisolated(text) and "<عاجل>" not in unisolated(text)
    assert "Earlier report on the camp" not in text
    assert utf16_len(text) < TELEGRAM_LIMIT


def test_arabic_reader_gets_arabic_headings_and_arabic_quotes_first(
    db: Database, story: dict[str, int]
) -> None:
    text = compose(db, "ar").parts[0]
    assert "مواضع الخلاف" in text and "مؤكَّد من أكثر من مصدر" in text and "Disputed" not in text
    assert "ينفي" in text and "يقول" in text


def test_topics_restrict_the_digest_to_followed_entities(db: Database, story: dict[str, int]) -> None:
    only_omsen = unisolated(compose(db, topics=frozenset({story["omsen"]})).parts[0])
    assert "seventy fighters" in only_omsen and "«الطوق مستمر حول المخيم»" in only_omsen
    assert "France asked" not in only_omsen  # the dispute is about the security body, not followed
    nothing = compose(db, topics=frozenset({999_999}))
    assert not nothing.parts


def test_empty_period_sends_nothing_unless_configured(db: Database, story: dict[str, int]) -> None:
    def load(start: datetime, end: datetime) -> store.PeriodData:
        with db.session() as session:
            return store.load_period(session, start=start, end=end)

    later = END + timedelta(days=5)
    assert (
        Composer(load=load)
        .digest(start=later, end=later + timedelta(days=1), language="en", topics=None)
        .empty
    )
    quiet = render_digest(
        Composer(load=load, send_empty=True).digest(
            start=later, end=later + timedelta(days=1), language="en", topics=None
        )
    )
    assert len(quiet.parts) == 1 and "Nothing new" in quiet.parts[0]


def test_corrected_article_is_flagged(db: Database) -> None:
    from bot.ingest.document import CleanDocument
    from bot.ingest.store import store_document

    with db.session() as session:
        add_article(
            session,
            outlet="Harem Today",
            title="Casualty toll",
            text="Two people were wounded in the clashes.",
            url="https://harem.example/toll",
            seen_at=IN,
            language="en",
        )
        result = store_document(
            session,
            CleanDocument(
                source="https://harem.example/toll",
                title="Casualty toll",
                text="Three people were wounded in the clashes, the outlet corrected.",
                language="en",
                url="https://harem.example/toll",
                outlet="Harem Today",
            ),
            extract=False,
        )
        assert result.status == "corrected"
        from storage.models import Article

        article = session.get(Article, result.article_id)
        assert article is not None
        article.first_seen_at = IN + timedelta(hours=1)
    text = compose(db).parts[0]
    assert "Casualty toll" in text and "(corrected)" in text
    assert text.count("Casualty toll") == 1  # only the current version


def test_a_big_day_fits_in_one_message_under_the_limit(db: Database) -> None:
    with db.session() as session:
        for i in range(120):
            article = add_article(
                session,
                outlet=f"Outlet {i % 12}",
                title=f"Report number {i} about the camp & the cordon",
                text=f"Witnesses in report {i} said the cordon moved {i} metres closer to the camp gate.",
                url=f"https://outlet{i % 12}.example/{i}",
                seen_at=IN + timedelta(minutes=i),
                language="en",
            )
            add_group(
                session,
                label=f"The cordon moved {i} metres",
                status="single-source",
                claims=[Said(article, f"the cordon moved {i} metres closer to the camp gate")],
                created_at=IN,
            )
    digest = compose(db)
    assert len(digest.parts) == 1
    assert digest.dropped == 115 and count("en", "more_point", digest.dropped) in digest.parts[-1]
    for part in digest.parts:
        assert utf16_len(take_more(part)[0]) <= TELEGRAM_LIMIT
        assert part.count("<b>") == part.count("</b>") and part.count("<a ") == part.count("</a>")


def test_preview_command_prints_what_would_be_sent(
    db: Database, story: dict[str, int], sqlite_url: str
) -> None:
    from bot.cli import app

    service.subscribe(
        db,
        chat_id=77,
        chat_kind="private",
        time_text="08:00",
        zone_text="Europe/Paris",
        language="ar",
        now=END,
    )
    with db.session() as session:
        follow(session, 77, story["omsen"])
    runner = CliRunner()
    env = {"BRIEFING_DATABASE_URL": sqlite_url}
    since = "2026-11-26T07:00"
    english = runner.invoke(
        app, ["digest", "preview", "--chat-id", "77", "--since", since, "--language", "en"], env=env
    )
    assert english.exit_code == 0, english.output
    assert "Disputed" in english.stdout and "Harem Today" in english.stdout

    arabic = runner.invoke(app, ["digest", "preview", "--chat-id", "77", "--since", since], env=env)
    assert "مواضع الخلاف" in arabic.stdout  # the subscription's language

    topical = runner.invoke(
        app, ["digest", "preview", "--chat-id", "77", "--since", since, "--topics", "Omar Omsen"], env=env
    )
    assert "seventy" in topical.stdout and "فرنسا طلبت" not in topical.stdout

    unknown = runner.invoke(
        app, ["digest", "preview", "--chat-id", "77", "--topics", "Nobody Known"], env=env
    )
    assert unknown.exit_code == 2 and "Nobody Known" in unknown.output


def test_the_composer_returns_sections_of_points_with_their_sources_and_counts(
    db: Database, story: dict[str, int]
) -> None:
    def load(start: datetime, end: datetime) -> store.PeriodData:
        with db.session() as session:
            return store.load_period(session, start=start, end=end)

    digest = Composer(load=load).digest(start=START, end=END, language="en", topics=None)
    assert [s.kind for s in digest.sections] == ["disputed", "corroborated"]
    assert digest.points == 3 and not digest.empty
    [dispute] = digest.sections[0].points
    assert [q.side for q in dispute.quotes] == ["affirmed", "denied"] and dispute.new
    assert dispute.quotes[0].sources[0].name == "Harem Today"
    assert dispute.quotes[0].sources[0].url == "https://harem.example/a?x=1&y=2"  # not escaped: a value
    grown = next(p for p in digest.sections[1].points if "seventy" in p.label)
    assert not grown.new and grown.grown == 1 and grown.outlets == 2
    assert {o.name for o in digest.outlets} >= {"Harem Today", "Paris Wire", "Idlib Voice"}


def test_plain_text_shows_every_point_without_html(db: Database, story: dict[str, int]) -> None:
    from bot.digest.plain import plain_text

    def load(start: datetime, end: datetime) -> store.PeriodData:
        with db.session() as session:
            return store.load_period(session, start=start, end=end)

    text = plain_text(Composer(load=load).digest(start=START, end=END, language="en", topics=None))
    assert "— Disputed —" in text and " denies: «France asked for the operation»" in text
    assert "<عاجل>" in unisolated(text) and "<b>" not in text and "&lt;" not in text
    assert "Paris Wire" in text and "New articles by outlet" in text

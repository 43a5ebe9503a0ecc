"""A digest as a short briefing, read as a user reads it: one message, a count line, five points a section,
each sentence once, both sides of a dispute, the reader's time zone, the button for the rest, a section
per followed story, headings never broken; in both languages, with no jumbled line."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from test_digest_support import Said, add_article, add_entity, add_group

from bot.bidi import mixed_lines
from bot.digest.compose import POINTS_PER_SECTION, Composer
from bot.digest.plain import plain_text
from bot.text import mend_broken_words
from handlers.digest_render import parse_more, render_digest, rest_messages, take_more
from handlers.render import MAX_UTF16, utf16_len
from storage import Database
from storage import digests as store
from storage import stories as story_store
from storage.chats import upsert_chat
from storage.models import Story
from storage.stories import TitleRow

START = datetime(2026, 11, 26, 7, 0, tzinfo=UTC)
END = datetime(2026, 11, 27, 7, 0, tzinfo=UTC)
IN = START + timedelta(hours=3)


def visible(html: str) -> str:
    """What a reader sees: no tags, no isolates, entities unescaped."""
    text = re.sub(r"<[^>]+>", "", re.sub("[\u2066-\u2069]", "", html))
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def untagged(html: str) -> str:
    """The text without its tags, isolates kept: what the bidi check reads."""
    return re.sub(r"<[^>]+>", "", html)


def composer(db: Database) -> Composer:
    def load(start: datetime, end: datetime) -> store.PeriodData:
        with db.session() as session:
            return store.load_period(session, start=start, end=end)

    return Composer(load=load)


@pytest.fixture
def busy(db: Database) -> dict[str, int]:
    """A dispute, eight single-source reports (one a syndicated pair), a story, a broken-word headline."""
    with db.session() as session:
        camp = add_entity(session, "Camp Nine", "place")
        claim = add_article(
            session,
            outlet="North Desk",
            title="الحرس يقول إن المعبر أُغلق",
            text="قال الحرس إن المعبر أُغلق منذ الفجر.",
            url="https://north.example/1",
            seen_at=IN,
        )
        denial = add_article(
            session,
            outlet="River Post",
            title="Crossing still open, officials say",
            text="Officials denied that the crossing was closed at dawn.",
            url="https://river.example/2",
            seen_at=IN + timedelta(minutes=5),
            language="en",
        )
        add_group(
            session,
            label="The crossing was closed",
            status="disputed",
            claims=[
                Said(claim, "المعبر أُغلق منذ الفجر", speaker="الحرس", side="المعبر"),
                Said(
                    denial,
                    "the crossing was closed at dawn",
                    stance="denied",
                    speaker="Officials",
                    side="المعبر",
                ),
            ],
            created_at=IN,
        )
        for i in range(8):
            article = add_article(
                session,
                outlet=f"Desk {i}",
                title=f"استمرار الاشـ ـتـ ـبـ ـاكـ ـات قرب المعبر {i}"
                if i == 0
                else f"Report {i} on the camp",
                text=f"Witnesses said the queue at the camp gate was {i + 10} metres long.",
                url=f"https://desk{i}.example/{i}",
                seen_at=IN + timedelta(minutes=10 + i),
                language="en",
            )
            group = add_group(
                session,
                label=f"The queue was {i + 10} metres",
                status="single-source",
                claims=[
                    Said(article, f"the queue at the camp gate was {i + 10} metres long", entities=(camp,))
                ],
                created_at=IN,
            )
        group.outlet_count = 1  # one outlet and its syndicated copy: still a single source
        story = story_store.create_story(session)
        story_store.place_article(
            session, article_id=claim.id, story_id=story, seen_at=IN, score=1, pinned=True
        )
        story_store.place_article(
            session, article_id=denial.id, story_id=story, seen_at=IN, score=1, pinned=True
        )
        for language, title in (("ar", "إغلاق المعـ ـبـ ـر"), ("en", "The crossing closure")):
            story_store.set_title(session, TitleRow(story, language, claim.id, title, 1.0))
        session.get(Story, story).article_count = 2  # type: ignore[union-attr]
        session.get(Story, story).last_at = IN  # type: ignore[union-attr]
        upsert_chat(session, chat_id=55, kind="private")
        story_store.add_story_follow(session, chat_id=55, story_id=story)
    return {"camp": camp, "story": story}


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_busy_day_is_one_short_message_with_a_count_line_and_a_button_for_the_rest(
    db: Database, busy: dict[str, int], language: str
) -> None:
    digest = composer(db).digest(
        start=START, end=END, language=language, topics=None, timezone="Asia/Damascus"
    )
    rendered = render_digest(digest)
    [message] = rendered.parts
    html, button = take_more(message)
    assert utf16_len(html) <= MAX_UTF16 and not mixed_lines(untagged(html))
    seen = visible(html)
    lines = seen.split("\n")
    headline = {
        "en": "1 disputed point · 8 new claims · 10 articles from 10 outlets",
        "ar": "موضع خلاف واحد · 8 ادعاءات جديدة · 10 مقالات من 10 مواقع",
    }[language]
    assert lines[2] == headline
    # The period in the reader's own zone (Damascus is UTC+3), saying which.
    zone = {"en": "2026-11-26 10:00 – 2026-11-27 10:00, Damascus time", "ar": "بتوقيت دمشق"}[language]
    assert zone in lines[1] and "UTC" not in lines[1]
    # Both sides of the dispute, each with its own outlet; each sentence once, no heading repeating it.
    verb = {"en": ("says", "denies"), "ar": ("يقول", "ينفي")}[language]
    assert f"الحرس {verb[0]}: «المعبر أُغلق منذ الفجر» — North Desk" in seen
    assert f"Officials {verb[1]}: «the crossing was closed at dawn» — River Post" in seen
    assert "The crossing was closed" not in seen and seen.count("المعبر أُغلق منذ الفجر") == 1
    # At most five points a section; the rest is counted, with a button that names this digest.
    single = seen.split(
        {"en": "New claims (one source so far)", "ar": "ادعاءات جديدة (مصدر واحد حتى الآن)"}[language]
    )[1]
    assert single.count("• ") == POINTS_PER_SECTION and rendered.dropped == 3
    assert {"en": "… and 3 more points", "ar": "… و3 نقاط أخرى"}[language] in seen
    press = parse_more(button)
    assert press is not None and (press.start, press.end, press.language) == (START, END, language)
    assert "(2 outlets" not in single and "(موقعان" not in single
    # The broken headline is mended in the list of new articles.
    assert "الاشتباكات" in seen and "ـ ـ" not in seen
    rest = rest_messages(digest)
    assert len(rest) == 1 and not mixed_lines(untagged(rest[0]))
    assert visible(rest[0]).count("• ") == 3 and "metres long" in rest[0]


def test_a_followed_story_gets_its_own_section_first_and_its_points_are_not_repeated(
    db: Database, busy: dict[str, int]
) -> None:
    from bot.digest import service

    digest = service.digest_for_chat(
        db, chat_id=55, now=END, lookback=timedelta(days=1), since=START, language="ar", topics=None
    )
    assert digest.sections[0].kind == "story"
    seen = visible(render_digest(digest).parts[0])
    assert seen.index("— القصة: إغلاق المعبر —") < seen.index("ادعاءات جديدة (")
    assert seen.count("المعبر أُغلق منذ الفجر") == 1 and "مواضع الخلاف" not in seen
    text = plain_text(digest)
    assert "— القصة: إغلاق المعبر —" in text and not mixed_lines(text)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("استمرار الاشـ ـتـ ـبـ ـاكـ ـات", "استمرار الاشتباكات"),
        ("قـــال", "قال"),
        ("لـ «الشرق»", "لـ «الشرق»"),
        ("no tatweel here", "no tatweel here"),
    ],
)
def test_broken_words_are_mended_for_headings(before: str, after: str) -> None:
    assert mend_broken_words(before) == after


@pytest.mark.parametrize("language", ["en", "ar"])
def test_an_article_without_a_publisher_is_listed_under_the_outlet_it_credits(
    db: Database, language: str
) -> None:
    """The one rule for naming a source: the publisher, else the credited outlet, else the site."""
    from storage.models import Article

    with db.session() as session:
        article = add_article(
            session,
            outlet="Harbour Wire",
            title="Gate reopened",
            text="The port authority said the north gate reopened at noon.",
            url="https://harbour.example/1",
            seen_at=IN,
            language="en",
        )
        add_group(
            session,
            label="The north gate reopened",
            status="single-source",
            claims=[Said(article, "the north gate reopened at noon", speaker="The port authority")],
            created_at=IN,
        )
        row = session.get(Article, article.id)
        assert row is not None
        row.credited_outlet_id, row.outlet_id, row.url = row.outlet_id, None, None  # a file crediting a wire
    digest = composer(db).digest(start=START, end=END, language=language, topics=None)
    shown = visible(take_more(render_digest(digest).parts[0])[0])
    assert "the north gate reopened at noon» — Harbour Wire" in shown
    assert "Harbour Wire (1)" in shown
    assert "unknown outlet" not in shown and "مصدر غير معروف" not in shown
    assert "Harbour Wire" in plain_text(digest)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_points_to_report_fit_one_message_and_their_buttons_round_trip(language: str) -> None:
    from bot.digest.structure import Point, Quote, Source
    from handlers.digest_render import parse_report, pick_lines

    long_quote = Quote("", "affirmed", "م" * 300, "word " * 200, (Source("Desk", None, False),), 0)
    points = [(n, Point("single", f"p{n}", 1, True, 0, False, (long_quote,))) for n in range(1, 41)]
    html, listed = pick_lines(points, language)
    assert 10 < listed <= 40 and utf16_len(html) <= MAX_UTF16
    assert visible(html).splitlines()[listed].startswith(f"{listed}. ")
    assert not mixed_lines(untagged(html))
    press = parse_report(f"dr:{int(START.timestamp())}:{int(END.timestamp())}:{language}")
    assert press is not None and (press.step, press.start, press.end) == ("r", START, END)
    reason = parse_report(press.data("w", 3, 0xBEEF, 2))
    assert reason is not None and (reason.number, reason.key, reason.reason) == (3, 0xBEEF, 2)
    assert len(press.data("w", 40, 0xFFFF, 3).encode()) < 64  # Telegram's limit for callback data
    for bad in ("dr:1:2:en:3:beef", "dp:1:2:en", "dw:1:2:en:3:beef", "dx:1:2:en", "dp:1:2:fr:3:beef"):
        assert parse_report(bad) is None, bad

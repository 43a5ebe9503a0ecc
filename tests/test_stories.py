"""Stories: clustering as articles arrive, titles, merge and split, rebuilds, listings, on both databases.

The articles are invented for these tests: a fire in a town's market reported in English and in Arabic,
a flood in the same town a week later told by other people, and the fire's inquiry two weeks on.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from typer.testing import CliRunner

from bot import chats
from bot.cli import app
from bot.config import get_settings
from bot.ingest.document import CleanDocument
from bot.ingest.store import store_document
from bot.stories import StoryError, list_stories, merge_stories, rebuild_stories, split_story, story_reference
from bot.stories.answers import StoryAnswer, ask_in_stories
from bot.stories.assign import fade, score
from bot.stories.titles import short_title
from storage import Database, digests, open_database
from storage import stories as store


def _doc(
    source: str, title: str, body: str, language: str, outlet: str, when: datetime | None
) -> CleanDocument:
    return CleanDocument(
        source=source,
        title=title,
        text=f"{title}\n\n{body}",
        language=language,
        outlet=outlet,
        published_at=when,
        published_has_time=when is not None,
    )


def market_fire_en() -> CleanDocument:
    """The first event, in English: a fire in the old market of an invented town."""
    return _doc(
        "fire-en.txt",
        "Fire tears through the old market of Tell Zawiya",
        "A fire tore through the covered market of the town of Tell Zawiya on Monday night, "
        "destroying dozens of shops.\n\n"
        "Civil defence spokesman Karim Haddad said the blaze started in a fabric store and spread "
        "to forty shops before it was contained at dawn.\n\n"
        "Governor Salim Rahhal said the market traders would be compensated, and that an inquiry "
        "into the cause of the fire had begun.\n\n"
        '"We lost everything in one night," said trader Yusuf Bakri, who owned a spice shop.',
        "en",
        "Valley Courier",
        datetime(2026, 3, 2, 22, 0, tzinfo=UTC),
    )


def market_fire_ar() -> CleanDocument:
    """The same event, reported in Arabic by another outlet."""
    return _doc(
        "fire-ar.txt",
        "حريق يلتهم السوق القديم في بلدة تل زاوية",
        "التهم حريق ضخم مساء الاثنين السوق المسقوف في بلدة تل زاوية، ودمّر عشرات المحلات.\n\n"
        "وقال المتحدث باسم الدفاع المدني كريم حداد إن الحريق اندلع في محل للأقمشة وامتد إلى أربعين "
        "محلاً قبل أن تتم السيطرة عليه فجراً.\n\n"
        "وقال المحافظ سليم رحال إن التجار سيحصلون على تعويضات، وإن تحقيقاً في أسباب الحريق قد بدأ.",
        "ar",
        "صوت الوادي",
        datetime(2026, 3, 3, 7, 30, tzinfo=UTC),
    )


def dam_flood_en() -> CleanDocument:
    """A second event in the same town a week later, told by other people."""
    return _doc(
        "flood-en.txt",
        "Flash flood cuts the road to Tell Zawiya",
        "A flash flood swept through the lower quarter of the town of Tell Zawiya on Monday, "
        "cutting the main road and flooding the school.\n\n"
        "Hospital director Nabil Aswad said twelve people were treated for injuries and that "
        "two children were still missing.\n\n"
        "Engineer Rana Mikati, who heads the irrigation board, said the old canal overflowed "
        "after six hours of heavy rain.\n\n"
        "The civil defence said its teams evacuated forty families from the flooded homes overnight.",
        "en",
        "Valley Courier",
        datetime(2026, 3, 9, 15, 0, tzinfo=UTC),
    )


def market_fire_follow_up() -> CleanDocument:
    """Coverage of the first event two weeks later, naming the same officials."""
    return _doc(
        "fire-later.txt",
        "Inquiry blames faulty wiring for the Tell Zawiya market fire",
        "Two weeks after the fire that destroyed the covered market of Tell Zawiya, the inquiry "
        "has blamed faulty wiring in a fabric store.\n\n"
        "Civil defence spokesman Karim Haddad said the report found no sign of arson.\n\n"
        "Governor Salim Rahhal said the first compensation payments would reach the market "
        "traders next week.",
        "en",
        "Plains Daily",
        datetime(2026, 3, 17, 9, 0, tzinfo=UTC),
    )


def _store(db: Database, *docs: CleanDocument) -> list[int]:
    """Store and extract each document in its own transaction, as an ingest does; returns article ids."""
    ids = []
    for doc in docs:
        with db.session() as session:
            ids.append(store_document(session, doc).article_id)
    return ids


def _story_of(db: Database, article_id: int) -> int:
    with db.session() as session:
        link = store.story_of(session, article_id)
    assert link is not None, f"article {article_id} is in no story"
    return link.story_id


def _cli(monkeypatch: pytest.MonkeyPatch, url: str) -> CliRunner:
    """A runner for `briefing` against the database at ``url``."""
    monkeypatch.setenv("BRIEFING_DATABASE_URL", url)
    get_settings.cache_clear()
    return CliRunner()


def _stories(db: Database) -> dict[int, set[int]]:
    """Story id -> its article ids."""
    with db.session() as session:
        return {
            r.id: set(store.story_article_ids(session, r.id)) for r in store.list_stories(session, limit=50)
        }


def test_one_event_in_two_languages_is_one_story_and_another_event_in_the_same_town_is_another(
    any_db: Database,
) -> None:
    fire_en, fire_ar, flood = _store(any_db, market_fire_en(), market_fire_ar(), dam_flood_en())
    assert _story_of(any_db, fire_en) == _story_of(any_db, fire_ar)
    assert _story_of(any_db, flood) != _story_of(any_db, fire_en)
    assert sorted(map(sorted, _stories(any_db).values())) == [[fire_en, fire_ar], [flood]]


def test_follow_up_coverage_two_weeks_later_stays_in_its_story(any_db: Database) -> None:
    fire_en, _fire_ar, flood, later = _store(
        any_db, market_fire_en(), market_fire_ar(), dam_flood_en(), market_fire_follow_up()
    )
    assert _story_of(any_db, later) == _story_of(any_db, fire_en)
    assert _story_of(any_db, later) != _story_of(any_db, flood)


def test_the_same_people_long_after_the_window_start_a_new_story(db: Database) -> None:
    much_later = replace(
        market_fire_follow_up(), source="fire-next-year.txt", published_at=datetime(2027, 3, 1, tzinfo=UTC)
    )
    fire, again = _store(db, market_fire_en(), much_later)
    assert _story_of(db, again) != _story_of(db, fire)


def test_a_syndicated_copy_joins_its_original_story(db: Database) -> None:
    original = market_fire_en()
    copy = replace(original, source="fire-copy.txt", outlet="Hill Wire", published_at=None)
    first, second = _store(db, original, copy)
    assert _story_of(db, second) == _story_of(db, first)


def test_a_corrected_article_takes_its_earlier_version_place(db: Database) -> None:
    first = replace(market_fire_en(), url="https://valley.example/fire")
    corrected = replace(first, text=first.text.replace("forty shops", "forty-two shops"))
    old, new = _store(db, first, corrected)
    assert old != new
    with db.session() as session:
        assert store.story_of(session, old) is None
        (story,) = list_stories(session)
    assert story.articles == 1 and _story_of(db, new) == story.id


def test_a_story_lists_its_span_counts_entities_and_a_title_per_language(any_db: Database) -> None:
    _store(any_db, market_fire_en(), market_fire_ar(), market_fire_follow_up(), dam_flood_en())
    with any_db.session() as session:
        stories = list_stories(session)
    fire = next(s for s in stories if s.articles == 3)
    assert (fire.first_at, fire.last_at) == (
        datetime(2026, 3, 2, 22, tzinfo=UTC),
        datetime(2026, 3, 17, 9, tzinfo=UTC),
    )
    assert fire.outlets == 3 and fire.disputed == 0
    assert fire.languages == ("ar", "en")
    assert set(fire.titles) == {"ar", "en"}
    assert fire.titles["en"] in {d.title for d in (market_fire_en(), market_fire_follow_up())}
    assert fire.titles["ar"] == market_fire_ar().title
    assert {"Karim Haddad", "Salim Rahhal"} <= {e.latin_name for e in fire.entities}
    flood = next(s for s in stories if s.articles == 1)
    assert set(flood.titles) == {"en"} and flood.title("en") == dam_flood_en().title
    assert flood.title("ar")  # no Arabic article: a title from its entities' names


def test_a_story_without_headlines_is_titled_by_its_main_entities(db: Database) -> None:
    _store(db, replace(market_fire_en(), title_derived=True))
    with db.session() as session:
        (story,) = list_stories(session)
    assert story.titles["en"] == story.title("en")
    assert "Karim Haddad" in story.title("en") or "Salim Rahhal" in story.title("en")


def test_merge_and_split_are_kept_by_later_ingests_and_rebuilds(any_db: Database) -> None:
    fire_en, fire_ar, flood = _store(any_db, market_fire_en(), market_fire_ar(), dam_flood_en())
    fire_story, flood_story = _story_of(any_db, fire_en), _story_of(any_db, flood)
    with any_db.session() as session:
        kept = merge_stories(session, fire_story, flood_story)
    assert _stories(any_db) == {kept: {fire_en, fire_ar, flood}}
    (later,) = _store(any_db, market_fire_follow_up())
    assert _story_of(any_db, later) == kept
    rebuild_stories(any_db)
    assert _story_of(any_db, flood) == kept == _story_of(any_db, fire_ar)

    with any_db.session() as session:
        apart = split_story(session, kept, [flood])
    assert _stories(any_db) == {kept: {fire_en, fire_ar, later}, apart: {flood}}
    rebuild_stories(any_db)
    assert _stories(any_db) == {kept: {fire_en, fire_ar, later}, apart: {flood}}
    with any_db.session() as session:
        (summary,) = list_stories(session, story_ids=[apart])
    assert summary.manual and summary.articles == 1 and summary.titles == {"en": dam_flood_en().title}


def test_merge_and_split_refuse_what_is_not_there(db: Database) -> None:
    fire, flood = _store(db, market_fire_en(), dam_flood_en())
    with db.session() as session:
        with pytest.raises(StoryError, match="no story"):
            merge_stories(session, _story_of(db, fire), 999)
        with pytest.raises(StoryError, match="not in story"):
            split_story(session, _story_of(db, fire), [flood])
        with pytest.raises(StoryError, match="both sides"):
            split_story(session, _story_of(db, fire), [fire])


def test_a_rebuild_places_every_article_again_oldest_first(db: Database) -> None:
    # Stored newest first, the follow-up starts a story; the rebuild replays them in publication order.
    later, fire_en, fire_ar, flood = _store(
        db, market_fire_follow_up(), market_fire_en(), market_fire_ar(), dam_flood_en()
    )
    stats = rebuild_stories(db)
    assert stats.articles == 4 and stats.kept == 0
    assert sorted(map(sorted, _stories(db).values())) == [sorted([later, fire_en, fire_ar]), [flood]]


def test_reindex_rebuilds_the_stories(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    db = open_database(sqlite_url)
    _store(db, market_fire_en(), market_fire_ar(), dam_flood_en())
    db.dispose()
    runner = _cli(monkeypatch, sqlite_url)
    result = runner.invoke(app, ["reindex"])
    assert result.exit_code == 0, result.output
    listed = runner.invoke(app, ["stories", "--json"])
    assert listed.exit_code == 0, listed.output
    stories = json.loads(listed.stdout)
    assert sorted(s["articles"] for s in stories) == [1, 2]
    fire = next(s for s in stories if s["articles"] == 2)
    assert fire["outlets"] == 2 and fire["languages"] == ["ar", "en"] and fire["disputed"] == 0
    assert set(fire["titles"]) == {"ar", "en"} and fire["first"].startswith("2026-03-02")
    assert "Salim Rahhal" in {e["latin_name"] for e in fire["entities"]}


def test_stories_merge_and_split_on_the_command_line(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = open_database(sqlite_url)
    fire_en, fire_ar, flood = _store(db, market_fire_en(), market_fire_ar(), dam_flood_en())
    fire_story, flood_story = _story_of(db, fire_en), _story_of(db, flood)
    db.dispose()
    runner = _cli(monkeypatch, sqlite_url)
    merged = runner.invoke(app, ["stories", "merge", str(fire_story), str(flood_story)])
    assert merged.exit_code == 0, merged.output
    split = runner.invoke(app, ["stories", "split", str(fire_story), str(fire_ar)])
    assert split.exit_code == 0, split.output
    new = int(split.stdout.strip())
    missing = runner.invoke(app, ["stories", "merge", str(fire_story), "999"])
    assert missing.exit_code == 1 and "no story 999" in missing.output
    text = runner.invoke(app, ["stories"])
    assert text.exit_code == 0 and f"story {new}" in text.stdout and "2 article(s)" in text.stdout


# --- the parts of the score -----------------------------------------------------------------------------


def test_a_story_pull_fades_with_the_gap() -> None:
    assert fade(timedelta(0)) == 1.0
    assert fade(timedelta(days=14)) == pytest.approx(0.5)
    assert fade(timedelta(days=7)) > fade(timedelta(days=14)) > fade(timedelta(days=30))


def test_sharing_only_places_scores_nothing_unless_the_articles_say_the_same() -> None:
    from bot.stories.assign import _Features
    from storage.stories import ArticleFacts, StoryShape

    when = datetime(2026, 3, 9, tzinfo=UTC)
    facts = ArticleFacts(1, "en", "t", False, when, when, None, None, True)
    places = _Features(facts, {1: 0.35, 2: 0.1, 3: 1.0}, {1: "place", 2: "country", 3: "person"}, set(), None)
    shape = StoryShape(7, 2, when, when, {1: 2, 2: 2}, None)
    assert score(places, shape, shared_groups=0) == 0.0
    with_person = StoryShape(7, 2, when, when, {1: 2, 2: 2, 3: 2}, None)
    assert score(places, with_person, shared_groups=0) > 0.5
    # A first report naming only the place joins when it says what the story says, days apart at most.
    unit = np.zeros(512, dtype=np.float32)
    unit[0] = 1.0
    same = replace(places, vector=unit)
    said = StoryShape(7, 2, when, when, {1: 2, 2: 2}, (unit * 2).tobytes())
    assert score(same, said, shared_groups=0) > 0.3
    week_later = replace(said, first_at=when - timedelta(days=7), last_at=when - timedelta(days=7))
    assert score(same, week_later, shared_groups=0) == 0.0


@pytest.mark.parametrize(
    ("headline", "title"),
    [
        ("Fire tears through the old market", "Fire tears through the old market"),
        ("Fire in the market.. the governor promises compensation", "Fire in the market"),
        ("Fire in the market - officials count the losses", "Fire in the market"),
        ("Fire.. officials count the losses", "Fire.. officials count the losses"),
        (" ".join(f"w{i}" for i in range(20)), " ".join(f"w{i}" for i in range(14)) + "…"),
    ],
)
def test_short_titles(headline: str, title: str) -> None:
    assert short_title(headline) == title


# --- questions within stories ---------------------------------------------------------------------------


def _cited_stories(db: Database, result: StoryAnswer) -> set[int]:
    """The stories of every article an answer cites."""
    with db.session() as session:
        cited = {c.article_id for claim in result.answer.claims for c in claim.citations}
        return set(store.stories_of_articles(session, cited).values())


@pytest.fixture
def two_stories(any_db: Database) -> tuple[Database, int, int]:
    """The fire (three articles) and the flood in one store: (database, fire story, flood story)."""
    fire, _ar, flood, _later = _store(
        any_db, market_fire_en(), market_fire_ar(), dam_flood_en(), market_fire_follow_up()
    )
    return any_db, _story_of(any_db, fire), _story_of(any_db, flood)


def test_a_question_about_one_story_is_answered_within_it(two_stories: tuple[Database, int, int]) -> None:
    db, fire, _flood = two_stories
    with db.session() as session:
        result = ask_in_stories(session, "What did Karim Haddad say?")
    assert result.answer.found and result.story_id == fire
    assert _cited_stories(db, result) == {fire}


def test_a_question_fitting_two_stories_is_answered_by_story(two_stories: tuple[Database, int, int]) -> None:
    db, fire, flood = two_stories
    with db.session() as session:
        result = ask_in_stories(session, "What did the civil defence say?")
    assert result.story_id is None
    assert {p.story.id for p in result.parts} == {fire, flood}
    assert _cited_stories(db, result) == {fire, flood}
    for part in result.parts:
        assert f"“{part.story.title('en')}”" in result.answer.answer
        assert _cited_stories(db, StoryAnswer(part.answer, (part,))) == {part.story.id}


def test_the_story_the_chat_last_asked_about_decides_between_stories(
    two_stories: tuple[Database, int, int],
) -> None:
    db, fire, flood = two_stories
    with db.session() as session:
        on_flood = ask_in_stories(session, "What did the civil defence say?", last_story=flood)
        on_fire = ask_in_stories(session, "What did the civil defence say?", last_story=fire)
        named = ask_in_stories(session, "What did Karim Haddad say?", last_story=flood)
    assert on_flood.story_id == flood and _cited_stories(db, on_flood) == {flood}
    assert on_fire.story_id == fire and _cited_stories(db, on_fire) == {fire}
    assert named.story_id == fire  # a question naming another story's people is about that story


def test_ask_json_says_which_story_and_lines_stay_independent(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = open_database(sqlite_url)
    _store(db, market_fire_en(), market_fire_ar(), dam_flood_en(), market_fire_follow_up())
    db.dispose()
    questions = "What did Karim Haddad say?\nWhat did the civil defence say?\n"
    result = _cli(monkeypatch, sqlite_url).invoke(app, ["ask", "--json", "-"], input=questions)
    assert result.exit_code == 0, result.output
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first["story"]["title"] in {market_fire_en().title, market_fire_follow_up().title}
    assert [s["id"] for s in first["stories"]] == [first["story"]["id"]]
    assert second["story"] is None and len(second["stories"]) == 2  # the first line does not steer it
    assert sum(s["claims"] for s in second["stories"]) == len(second["claims"])


# --- following a story ----------------------------------------------------------------------------------


def test_a_followed_story_is_in_the_chat_digest_topics_and_survives_merge_and_rebuild(
    two_stories: tuple[Database, int, int],
) -> None:
    db, fire, flood = two_stories
    with db.session() as session:
        result = chats.follow_story(session, chat_id=5, kind="private", story_id=flood)
        again = chats.follow_story(session, chat_id=5, kind="private", story_id=flood)
        missing = chats.follow_story(session, chat_id=5, kind="private", story_id=999)
    assert result.changed and result.story is not None and result.story.id == flood
    assert not again.changed and missing.story is None
    with db.session() as session:
        topics = digests.followed_by_chats(session, [5])[5]
        names = chats.followed(session, chat_id=5)
        (flood_article,) = store.story_article_ids(session, flood)
        fire_article = store.story_article_ids(session, fire)[0]
        named_in_flood = store.articles_entities(session, [flood_article])[flood_article]
    assert names == [f"#{flood} {dam_flood_en().title}"]
    assert topics and topics <= named_in_flood  # the digest covers the story through its main entities
    rebuild_stories(db)  # story ids may change (PostgreSQL never reuses one): follows go by article
    fire = _story_of(db, fire_article)
    with db.session() as session:
        (followed,) = store.followed_stories(session, chat_id=5)
        assert store.story_article_ids(session, followed) == [flood_article]
        merge_stories(session, fire, followed)
    with db.session() as session:
        assert store.followed_stories(session, chat_id=5) == [fire]
        assert chats.unfollow_story(session, chat_id=5, story_id=fire).changed
        assert store.followed_stories(session, chat_id=5) == []


def test_story_references() -> None:
    assert story_reference("#12") == 12
    assert story_reference(" # 3 ") == 3
    assert story_reference("12") is None
    assert story_reference("Karim Haddad") is None

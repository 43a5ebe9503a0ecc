"""Who reported first (answers, `ask --json`, digests) and a story's timeline (CLI and /timeline).

The articles are our own (tests/timeline_corpus.py): a footbridge falls; River Post reports three dead
at 08:10 UTC, Coast Wire carries a syndicated copy at 09:30, an Arabic outlet without a publication
time credits River Post (نقلاً عن), Hill Times gives five dead at 15:45, Plain Daily a denial next day.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from fake_bot_api import FakeBotApi, utf16_len
from test_telegram import configure, replies, running
from timeline_corpus import COPY, CREDITING, DENYING, FIRST, REVISING, documents, seed
from typer.testing import CliRunner

from bot.bidi import FSI, PDI, mixed_lines
from bot.cli import app
from bot.cli.ask_cmds import answer_one
from bot.config import get_settings
from bot.digest.compose import Composer
from bot.digest.plain import plain_text
from bot.stories import timeline
from bot.stories.timeline import story_timeline, timeline_lines
from handlers.digest_render import render_digest, sizes
from handlers.render import split_messages, story_answer_blocks
from storage import Database, open_database
from storage import digests as digest_store
from storage import stories as story_store
from storage.types import utcnow


def _unmarked(text: str) -> str:
    """The text as read: without the isolate marks around runs of the other script."""
    return text.replace(FSI, "").replace(PDI, "")


TOLL = "How many people were killed when the footbridge collapsed?"
TOLL_AR = "كم عدد القتلى في انهيار الجسر؟"


@pytest.fixture(scope="module")
def seeded_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("footbridge") / "seeded.db"
    database = open_database(f"sqlite:///{path}")
    seed(database)
    with database.engine.connect() as connection:  # fold the WAL into the file before copying it
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.dispose()
    return path


@pytest.fixture
def copied(seeded_file: Path, tmp_path: Path) -> str:
    copy = tmp_path / "briefing.db"
    shutil.copyfile(seeded_file, copy)
    return f"sqlite:///{copy}"


@pytest.fixture
def footbridge(copied: str) -> Iterator[Database]:
    database = open_database(copied)
    yield database
    database.dispose()


def _cli(monkeypatch: pytest.MonkeyPatch, url: str) -> CliRunner:
    monkeypatch.setenv("BRIEFING_DATABASE_URL", url)
    get_settings.cache_clear()
    return CliRunner()


def _story(database: Database) -> int:
    with database.session() as session:
        found = story_store.largest_story(session)
    assert found is not None
    return found


# --- answers ----------------------------------------------------------------------------------------------


def test_a_terminal_answer_says_under_its_leading_point_who_reported_it_first(
    copied: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = _cli(monkeypatch, copied).invoke(app, ["ask", TOLL])
    assert result.exit_code == 0, result.output
    lines = _unmarked(result.stdout).splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("1. "))
    note = lines[first + 1].strip()
    assert note.startswith(f"First reported by {FIRST} at 2026-04-06 08:10 (UTC, publication time)"), note
    assert f"{COPY} (09:30, a copy of {FIRST})" in note  # the same day: the clock alone
    assert f"{CREDITING} (" in note and f"crediting {FIRST}, first seen)" in note
    assert f"{REVISING} (15:45)" in note
    assert "First reported by" not in "\n".join(lines[:first])  # only under points, never above them


def test_an_arabic_answer_says_it_in_arabic_without_jumbled_lines(
    copied: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = _cli(monkeypatch, copied).invoke(app, ["ask", TOLL_AR])
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert not mixed_lines(text), mixed_lines(text)
    plain = _unmarked(text)
    assert f"أول من نقله {FIRST} في 2026-04-06 08:10 (UTC، وقت النشر)" in plain
    assert f"نسخة من {FIRST}" in plain and f"نقلاً عن {FIRST}" in plain and "وقت أول رصد" in plain


def test_ask_json_adds_a_provenance_field_and_changes_no_other(
    copied: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = _cli(monkeypatch, copied).invoke(app, ["ask", "--json", TOLL])
    assert result.exit_code == 0, result.output
    reply = json.loads(result.stdout)
    assert "First reported" not in reply["answer"]  # the engine's text stays as it was
    lead = reply["claims"][0]
    assert set(lead) == {"text", "speaker", "status", "group", "stance", "score", "citations", "provenance"}
    origin = lead["provenance"]
    assert origin["first"]["outlet"] == FIRST and origin["first"]["at"] == "2026-04-06T08:10:00+00:00"
    assert origin["first"]["basis"] == "published"
    by_outlet = {r["outlet"]: r for r in origin["repeats"]}
    assert by_outlet[COPY]["copy_of"]["outlet"] == FIRST
    assert by_outlet[CREDITING]["credits"] == FIRST and by_outlet[CREDITING]["basis"] == "first_seen"
    assert all(c.get("provenance", None) is None for c in reply["claims"][2:])  # the leading points only


def test_telegram_answer_marks_the_line_in_italics_in_the_readers_zone(footbridge: Database) -> None:
    [message] = split_messages(story_answer_blocks(answer_one(footbridge, TOLL), "Asia/Damascus"))
    plain = _unmarked(message)
    assert f"<i>First reported by {FIRST} at 2026-04-06 11:10 (Damascus, publication time)" in plain
    assert f"{COPY} (12:30, a copy of {FIRST})" in plain


# --- digests --------------------------------------------------------------------------------------------


def _composer(database: Database) -> Composer:
    def load(start: datetime, end: datetime) -> digest_store.PeriodData:
        with database.session() as session:
            return digest_store.load_period(session, start=start, end=end)

    return Composer(load=load)


@pytest.mark.parametrize(
    ("language", "first", "copy"),
    [
        ("en", f"First reported by {FIRST} at 2026-04-06 11:10 (Damascus, publication time)", "a copy of"),
        ("ar", f"أول من نقله {FIRST} في 2026-04-06 11:10 (دمشق، وقت النشر)", "نسخة من"),
    ],
)
def test_digest_points_say_who_reported_first_in_the_subscribers_zone(
    footbridge: Database, language: str, first: str, copy: str
) -> None:
    end = utcnow() + timedelta(minutes=1)
    start = end - timedelta(days=1)
    digest = _composer(footbridge).digest(
        start=start, end=end, language=language, topics=None, timezone="Asia/Damascus"
    )
    shown = plain_text(digest)
    assert not mixed_lines(shown), mixed_lines(shown)
    text = _unmarked(shown)
    assert first in text and copy in text
    rendered = render_digest(digest)
    assert len(rendered.parts) == 1 and all(size <= 4096 for size in sizes(rendered.parts))
    html = _unmarked(rendered.parts[0])
    assert f"↳ <i>{first}" in html
    one_outlet = next(block for block in text.split("\n\n") if "body of the missing fisherman" in block)
    assert "↳" not in one_outlet  # a point carried by one outlet has no such line


def test_a_digest_full_of_repeated_points_still_fits_one_message(footbridge: Database) -> None:
    end = utcnow() + timedelta(minutes=1)
    digest = _composer(footbridge).digest(start=end - timedelta(days=1), end=end, language="en", topics=None)
    point = next(p for s in digest.sections for p in s.points if p.quotes[0].provenance is not None)
    many = replace(digest.sections[0], points=[point] * 60, rest=())
    rendered = render_digest(replace(digest, sections=(many,)))
    assert len(rendered.parts) == 1 and sizes(rendered.parts)[0] <= 4096
    assert rendered.dropped > 0  # what does not fit is behind the button


# --- the timeline ---------------------------------------------------------------------------------------


def test_the_timeline_lists_first_reports_a_revised_toll_and_a_denial_in_time_order(
    footbridge: Database,
) -> None:
    with footbridge.session() as session:
        found = story_timeline(session, _story(footbridge))
    assert found is not None and found.more == 0
    times = [p.report.at for p in found.points]
    assert times == sorted(times)
    texts = {d.outlet: d.text for d in documents()}
    for point in found.points:  # each point cited: its outlet and a quote cut from that article
        assert point.quote in texts[point.report.outlet or ""]
    kinds = [(p.kind, p.report.outlet) for p in found.points]
    toll = next(p for p in found.points if p.kind == "first" and "three people" in p.quote)
    assert toll.report.outlet == FIRST and toll.report.basis == "published"
    revised = next(p for p in found.points if p.kind == "revised" and p.report.outlet == REVISING)
    assert (revised.figure, revised.previous) == ("5", "3") and revised.previous_report is not None
    assert revised.previous_report.outlet == FIRST
    denial = next(p for p in found.points if p.kind == "denial" and "closed for repairs" in p.quote)
    assert denial.report.outlet == DENYING and denial.report.at > toll.report.at
    assert (("first", COPY) not in kinds) and all(o != COPY for _, o in kinds)  # a copy is no news
    crediting = [p for p in found.points if p.report.outlet == CREDITING]
    assert crediting and all(p.report.basis == "first_seen" for p in crediting)


def test_timeline_lines_say_which_times_they_give_in_both_languages(footbridge: Database) -> None:
    with footbridge.session() as session:
        found = story_timeline(session, _story(footbridge))
    assert found is not None
    english = timeline_lines(found, "en")
    assert english[0].startswith(f"Timeline of story #{found.story.id}: ")
    assert "publication times, else when the bot first saw the article" in english[1]
    assert any(
        line.startswith("2026-04-06 15:45: a different figure from Hill Times: 5 (earlier 3, River Post at")
        for line in english
    ), english
    assert any(line.startswith("2026-04-07 10:00: a denial, reported by Plain Daily: «") for line in english)
    assert any(" (first seen): " in line and CREDITING in line for line in english)
    arabic = timeline_lines(found, "ar")
    assert arabic[0].startswith("التسلسل الزمني للقصة") and any("نفي نقله" in line for line in arabic)
    assert any("رقم مختلف من" in line for line in arabic) and any("وقت أول رصد" in line for line in arabic)


def test_a_long_timeline_is_cut_and_says_how_many_more(
    footbridge: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(timeline, "MAX_POINTS", 3)
    with footbridge.session() as session:
        found = story_timeline(session, _story(footbridge))
    assert found is not None and len(found.points) == 3 and found.more > 0
    assert {p.kind for p in found.points} >= {"revised", "denial"}  # changes of account are kept first
    assert timeline_lines(found, "en")[-1] == f"… and {found.more} more point{'s' if found.more > 1 else ''}."


def test_briefing_timeline_prints_text_and_json(copied: str, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = _cli(monkeypatch, copied)
    database = open_database(copied)
    number = _story(database)
    database.dispose()
    shown = runner.invoke(app, ["timeline", str(number)])
    assert shown.exit_code == 0, shown.output
    assert "first reported by River Post: «Mayor Hadi Mansour said three people were killed" in shown.stdout
    data = json.loads(runner.invoke(app, ["timeline", f"#{number}", "--json", "--language", "ar"]).stdout)
    assert data["story"]["id"] == number and data["more"] == 0
    kinds = [p["kind"] for p in data["points"]]
    assert "revised" in kinds and "denial" in kinds
    revised = next(p for p in data["points"] if p["kind"] == "revised" and p["outlet"] == REVISING)
    assert revised["previous"]["figure"] == "3" and revised["at"] == "2026-04-06T15:45:00+00:00"
    arabic = runner.invoke(app, ["timeline", str(number), "--language", "ar"]).stdout
    assert "أول من نقله" in arabic and not mixed_lines(arabic), mixed_lines(arabic)
    missing = runner.invoke(app, ["timeline", "999"])
    assert missing.exit_code == 1 and "no story 999" in missing.output


def test_the_terminal_chat_shows_the_timeline_of_the_story_it_asked_about(
    copied: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = f"{TOLL}\n/timeline\n/timeline #999\n/language ar\n/timeline\n"
    result = _cli(monkeypatch, copied).invoke(app, ["chat"], input=script)
    assert result.exit_code == 0, result.output
    out = _unmarked(result.stdout)
    assert "Timeline of story #" in out and "a different figure from Hill Times: 5 (earlier 3" in out
    assert "There is no story #999" in out and "التسلسل الزمني للقصة" in out
    assert not mixed_lines(result.stdout), mixed_lines(result.stdout)


# --- /timeline in Telegram ------------------------------------------------------------------------------


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as server:
        yield server


async def _last(bot: FakeBotApi, count: int) -> str:
    return _unmarked((await replies(bot, count))[-1].params["text"])


async def test_timeline_command_in_the_chats_zone_and_language(
    api: FakeBotApi, footbridge: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    number = _story(footbridge)
    async with running(api, footbridge, configure(monkeypatch, api)):
        api.queue_message("/timeline")  # no story asked about yet: the largest
        text = await _last(api, 1)
        assert text.startswith(f"<b>Timeline of story #{number}: ") and "Times in UTC" in text
        assert "2026-04-06 08:10: first reported by River Post: «" in text
        api.queue_message("/subscribe 07:30 Asia/Damascus")
        await replies(api, 2)
        api.queue_message(f"/timeline {number}")  # "#" may be left out
        text = await _last(api, 3)
        assert "Times in Damascus" in text and "2026-04-06 11:10: first reported by River Post" in text
        api.queue_message("/timeline #999")
        assert "There is no story #999" in await _last(api, 4)
        api.queue_message("/timeline the bridge")
        assert "/timeline #N" in await _last(api, 5)
        api.queue_message("/language ar")
        await replies(api, 6)
        api.queue_message("/timeline")
        text = await _last(api, 7)
        assert text.startswith("<b>التسلسل الزمني للقصة") and "نفي نقله Plain Daily" in text
        api.queue_message("/help")
        assert "/timeline" in await _last(api, 8)
    sent = [c.params["text"] for c in api.calls_to("sendMessage", ok=True)]
    assert all(utf16_len(text) <= 4096 for text in sent)


async def test_an_answer_in_telegram_says_who_reported_first(
    api: FakeBotApi, footbridge: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running(api, footbridge, configure(monkeypatch, api)):
        api.queue_message(TOLL)
        text = await _last(api, 1)
        assert f"<i>First reported by {FIRST} at 2026-04-06 08:10 (UTC, publication time)" in text
        assert re.search(rf"{COPY} \(09:30, a copy of {FIRST}\)", text)
        api.queue_message("/timeline")  # the story the chat just asked about
        assert "Timeline of story #" in await _last(api, 2)


def test_the_timeline_reads_alike_on_both_databases(any_db_url: str) -> None:
    database = open_database(any_db_url)
    try:
        seed(database)
        with database.session() as session:
            found = story_timeline(session, _story(database))
            assert story_store.story_groups(session, _story(database), limit=2).total >= 4
        assert found is not None
        kinds = {(p.kind, p.report.outlet) for p in found.points}
        assert {("first", FIRST), ("revised", REVISING), ("denial", DENYING)} <= kinds
    finally:
        database.dispose()

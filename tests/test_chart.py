"""The coverage chart: its data, the PNG, what is drawn in Arabic and English, `briefing chart` and /chart.

The articles are invented for these tests: a dock workers' strike at the port of an invented coastal town,
told by Arabic and English outlets over three days, and a harvest fair nobody dated.
"""

from __future__ import annotations

import asyncio
import io
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import uharfbuzz as hb
from fake_bot_api import FakeBotApi
from PIL import Image
from test_telegram import USER, configure, replies, running
from typer.testing import CliRunner

from bot.chart import Coverage, Dispute, DisputeSide, coverage, pick_story, render_png
from bot.chart.data import bin_start, bin_width, outlet_rows
from bot.chart.draw import font_path
from bot.cli import app
from bot.config import get_settings
from bot.ingest.document import CleanDocument
from bot.messages import text
from bot.stories import StorySummary
from storage import Database, open_database
from storage import stories as store
from tests.conftest import stored

START = datetime(2026, 5, 4, 6, 0, tzinfo=UTC)
ARABIC = re.compile(r"[\u0600-\u06FF]")
LATIN_OR_DIGIT = re.compile(r"[A-Za-z0-9]")
ARABIC_RUN = re.compile(r"[\u0600-\u06FF]+(?:[ \u0600-\u06FF]*[\u0600-\u06FF])?")


def _doc(name: str, title: str, body: str, language: str, outlet: str, hours: float | None) -> CleanDocument:
    when = START + timedelta(hours=hours) if hours is not None else None
    return CleanDocument(
        source=f"{name}.txt",
        title=title,
        text=f"{title}\n\n{body}",
        language=language,
        outlet=outlet,
        published_at=when,
        published_has_time=when is not None,
    )


def strike_docs() -> list[CleanDocument]:
    """One event: dock workers strike at the port of Ras Amina; five outlets over three days."""
    union = "Union leader Hamid Sarraf said the dock workers of Ras Amina would strike until wages rose."
    union_ar = "وقال رئيس النقابة حامد الصراف إن عمال الميناء في رأس أمينة سيواصلون الإضراب حتى رفع الأجور."
    return [
        _doc("s1", "Dock workers walk out at Ras Amina port", union, "en", "Coastal Times", 0),
        _doc("s2", "إضراب عمال ميناء رأس أمينة", union_ar, "ar", "صحيفة الساحل", 3),
        _doc(
            "s3",
            "الإضراب يشل ميناء رأس أمينة",
            union_ar + "\n\nوقال مدير الميناء عادل قباني إن السفن تنتظر في عرض البحر.",
            "ar",
            "إذاعة الشاطئ",
            26,
        ),
        _doc(
            "s4",
            "Ships wait off Ras Amina as the strike goes on",
            union + "\n\nPort director Adel Qabbani said ships were waiting at sea.",
            "en",
            "Gulf Wire",
            30,
        ),
        _doc("s5", "نقابة عمال رأس أمينة تتمسك بالإضراب", union_ar, "ar", "صحيفة الساحل", 50),
        _doc("s6", "Ras Amina strike enters third day", union, "en", "Coastal Times", None),
    ]


def fair_doc() -> CleanDocument:
    """Another event with no publication time at all."""
    body = "Farmer Lina Haddad said the harvest fair of Bir Tamra drew buyers from every village."
    return _doc("f1", "Harvest fair opens in Bir Tamra", body, "en", "Valley Post", None)


@pytest.fixture
def strike_db(sqlite_url: str) -> Iterator[Database]:
    database = stored(sqlite_url, strike_docs())
    yield database
    database.dispose()


def _story_ids(db: Database) -> list[int]:
    with db.session() as session:
        return [s.id for s in store.list_stories(session, limit=10)]


def _strike_story(db: Database) -> int:
    with db.session() as session:
        found = store.largest_story(session)
    assert found is not None
    return found


def made_up_chart(outlets: int = 12) -> Coverage:
    """A chart's data built by hand: Arabic and Latin outlets, one dispute whose sides mix the scripts."""
    names = ["صحيفة الساحل", "Coastal Times", "إذاعة الشاطئ", "Gulf Wire"] + [
        f"Outlet {n}" for n in range(outlets - 4)
    ]
    dated = [
        (name, START + timedelta(hours=5 * i + j)) for i, name in enumerate(names) for j in range(i % 3 + 1)
    ]
    story = StorySummary(
        id=7,
        titles={"ar": "إضراب عمال ميناء رأس أمينة", "en": "Dock workers walk out at Ras Amina port"},
        first_at=START,
        last_at=START + timedelta(days=2),
        articles=len(dated) + 1,
        outlets=outlets,
        disputed=1,
        entities=(),
        languages=("ar", "en"),
        manual=False,
    )
    sides = (
        DisputeSide("affirmed", "رئيس النقابة", ("صحيفة الساحل", "Coastal Times")),
        DisputeSide("denied", "مدير الميناء", ("إذاعة الشاطئ", None)),
    )
    first, last = dated[0][1], max(w for _n, w in dated)
    width = bin_width(first, last)
    return Coverage(
        story=story,
        rows=outlet_rows(dated, width),
        bin_width=width,
        first_at=first,
        last_at=last,
        undated=1,
        disputes=(Dispute(1, "العمال يواصلون الإضراب حتى رفع الأجور", START + timedelta(hours=20), sides),),
    )


# --- the data -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("span", "width"),
    [
        (timedelta(0), timedelta(hours=1)),
        (timedelta(hours=20), timedelta(hours=1)),
        (timedelta(hours=30), timedelta(hours=2)),
        (timedelta(days=3), timedelta(hours=6)),
        (timedelta(days=20), timedelta(days=1)),
        (timedelta(days=200), timedelta(days=14)),
    ],
)
def test_bins_are_as_narrow_as_fit_the_span(span: timedelta, width: timedelta) -> None:
    assert bin_width(START, START + span) == width


def test_bins_start_on_whole_widths() -> None:
    assert bin_start(START + timedelta(hours=5, minutes=40), timedelta(hours=6)) == START


def test_top_ten_outlets_and_the_others_together() -> None:
    chart = made_up_chart(outlets=14)
    assert len(chart.rows) == 11
    others = chart.rows[-1]
    assert others.others and others.outlets == 4 and others.name is None
    counts = [row.articles for row in chart.rows[:-1]]
    assert counts == sorted(counts, reverse=True)


def test_coverage_of_a_stored_story(strike_db: Database) -> None:
    story_id = _strike_story(strike_db)
    with strike_db.session() as session:
        found = coverage(session, story_id)
    names = {row.name: row.articles for row in found.rows}
    assert names == {"Coastal Times": 1, "صحيفة الساحل": 2, "إذاعة الشاطئ": 1, "Gulf Wire": 1}
    assert found.undated == 1  # the third day's article has no publication time
    assert found.first_at == START and found.last_at == START + timedelta(hours=50)
    assert found.bin_width == timedelta(hours=3)


def test_chart_story_is_the_one_named_else_the_chats_last_else_the_largest(tmp_path: Path) -> None:
    database = stored(f"sqlite:///{tmp_path / 'two.db'}", [*strike_docs(), fair_doc()])
    strike = _strike_story(database)
    (fair,) = [s for s in _story_ids(database) if s != strike]
    with database.session() as session:
        assert pick_story(session, requested=fair, last_story=strike) == fair
        assert pick_story(session, requested=None, last_story=fair) == fair
        assert pick_story(session, requested=None, last_story=None) == strike
        assert pick_story(session, requested=None, last_story=9999) == strike  # a story merged away
    database.dispose()


# --- what is drawn --------------------------------------------------------------------------------------


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, list[int]]]:
    """Every string matplotlib's Agg renderer draws, with the glyph ids it lays out, left to right."""
    from matplotlib.backends.backend_agg import RendererAgg

    seen: list[tuple[str, list[int]]] = []
    current: list[str] = []
    draw_text = RendererAgg.draw_text
    draw_glyphs = RendererAgg._draw_text_glyphs_and_boxes

    def spy_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):  # type: ignore[no-untyped-def]
        current.append(s)
        return draw_text(self, gc, x, y, s, prop, angle, ismath, mtext)

    def spy_glyphs(self, gc, x, y, angle, glyphs, boxes):  # type: ignore[no-untyped-def]
        glyphs = list(glyphs)
        # In the order laid out, left to right (not sorted by x: a mark may sit left of its letter's origin).
        assert not glyphs or glyphs[0][5] <= glyphs[-1][5]
        assert all(Path(g[0].fname) == font_path() for g in glyphs), (
            f"{current[-1]!r} not in the chart's font"
        )
        seen.append((current[-1], [int(g[2]) for g in glyphs]))
        return draw_glyphs(self, gc, x, y, angle, glyphs, boxes)

    monkeypatch.setattr(RendererAgg, "draw_text", spy_text)
    monkeypatch.setattr(RendererAgg, "_draw_text_glyphs_and_boxes", spy_glyphs)
    return seen


def _harfbuzz(value: str) -> list[int]:
    """``value`` shaped by HarfBuzz with the chart's font, as one run (direction from its script)."""
    font = hb.Font(hb.Face(hb.Blob.from_file_path(str(font_path()))))
    buffer = hb.Buffer()
    buffer.add_str(value)
    buffer.guess_segment_properties()
    hb.shape(font, buffer)
    return [info.codepoint for info in buffer.glyph_infos]  # visual order: left to right


def _nominal(value: str) -> list[int]:
    """The glyphs of ``value``'s letters in isolation (what unshaped text would show), in logical order."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(font_path()))
    order = {name: index for index, name in enumerate(font.getGlyphOrder())}
    cmap = font.getBestCmap()
    return [order[cmap[ord(c)]] for c in value if ord(c) in cmap]


def _contains(haystack: list[int], needle: list[int]) -> bool:
    return any(haystack[i : i + len(needle)] == needle for i in range(len(haystack) - len(needle) + 1))


def check_arabic_drawn(drawn: list[tuple[str, list[int]]]) -> int:
    """Every drawn string with Arabic letters was shaped and ordered as HarfBuzz shapes it.

    The method: matplotlib's Agg renderer is spied on, so we hold the exact glyph ids it placed for
    each string (and its font file), in the order it laid them out from left to right. HarfBuzz
    (uharfbuzz) shapes the same string with the same font file, right to left, and returns its glyphs
    in visual order. A pure Arabic string must come out as the same glyph sequence; in a string mixing
    scripts, each Arabic run shaped alone must appear, glyph for glyph, as a contiguous part of what
    was drawn. Text reversed beforehand (the old reshaper-plus-bidi trick) would be laid out mirrored
    and fail both checks; unshaped text would show isolated letter forms.
    Returns how many Arabic strings were checked.
    """
    checked = 0
    for value, glyphs in drawn:
        if not ARABIC.search(value):
            continue
        checked += 1
        if not LATIN_OR_DIGIT.search(value):
            assert glyphs == _harfbuzz(value), f"{value!r} is not drawn as HarfBuzz shapes it"
            continue
        for run in ARABIC_RUN.findall(value):
            assert _contains(glyphs, _harfbuzz(run)), f"the run {run!r} of {value!r} is not drawn shaped"
    return checked


def test_the_png_is_for_a_phone_in_both_languages() -> None:
    chart = made_up_chart()
    for language in ("ar", "en"):
        image = Image.open(io.BytesIO(render_png(chart, language)))
        assert image.format == "PNG" and image.size == (1080, 1350)


def test_arabic_labels_are_shaped_and_in_reading_order(drawn: list[tuple[str, list[int]]]) -> None:
    render_png(made_up_chart(), "ar")
    strings = [value for value, _glyphs in drawn]
    for expected in (
        "إضراب عمال ميناء رأس أمينة",  # the story's Arabic title
        "صحيفة الساحل",  # an outlet's row
        text("ar", "chart.heading"),
        text("ar", "chart.disputes"),
        text("ar", "side_denied"),
        "(مدير الميناء)",
        text("ar", "chart.others", count=2),
    ):
        assert expected in strings, f"{expected!r} not drawn; drawn: {strings}"
    assert check_arabic_drawn(drawn) >= 10
    # The check has teeth: the title reversed, or its letters unjoined, is not what was drawn.
    title = "إضراب عمال ميناء رأس أمينة"
    glyphs = dict(drawn)[title]
    assert glyphs != _harfbuzz(title[::-1])
    assert glyphs != _nominal(title)[::-1]


def test_english_chart_speaks_english_and_still_shapes_arabic_names(
    drawn: list[tuple[str, list[int]]],
) -> None:
    render_png(made_up_chart(), "en")
    strings = [value for value, _glyphs in drawn]
    for expected in (
        "Dock workers walk out at Ras Amina port",
        "Coastal Times",
        text("en", "chart.heading"),
        text("en", "side_affirmed"),
        text("en", "chart.others", count=2),
        text("en", "chart.undated", count=1),
    ):
        assert expected in strings, f"{expected!r} not drawn; drawn: {strings}"
    assert not any(ARABIC.search(text("en", key)) for key in ("chart.heading", "chart.disputes"))
    assert check_arabic_drawn(drawn) >= 3  # the Arabic outlets and speakers


def test_a_story_without_disputes_says_so(drawn: list[tuple[str, list[int]]]) -> None:
    chart = made_up_chart()
    quiet = Coverage(chart.story, chart.rows, chart.bin_width, chart.first_at, chart.last_at, 0, ())
    render_png(quiet, "ar")
    assert text("ar", "chart.no_disputes") in [value for value, _glyphs in drawn]


def test_drawing_nothing_imports_no_matplotlib() -> None:
    code = "import sys, bot.cli, bot.chart, handlers.app; print('matplotlib' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


# --- briefing chart -------------------------------------------------------------------------------------


def _cli(monkeypatch: pytest.MonkeyPatch, url: str) -> CliRunner:
    monkeypatch.setenv("BRIEFING_DATABASE_URL", url)
    get_settings.cache_clear()
    return CliRunner()


def test_cli_writes_the_chart(
    strike_db: Database, sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story_id = _strike_story(strike_db)
    out = tmp_path / "strike.png"
    result = _cli(monkeypatch, sqlite_url).invoke(
        app, ["chart", str(story_id), "-o", str(out), "--language", "ar"]
    )
    assert result.exit_code == 0, result.output
    assert Image.open(out).size == (1080, 1350)


def test_cli_errors_are_clear(
    strike_db: Database, sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = _cli(monkeypatch, sqlite_url)
    story_id = _strike_story(strike_db)
    unknown = runner.invoke(app, ["chart", "999", "-o", str(tmp_path / "x.png")])
    assert unknown.exit_code == 1 and "no story 999" in unknown.output
    nowhere = runner.invoke(app, ["chart", str(story_id), "-o", str(tmp_path / "missing" / "x.png")])
    assert nowhere.exit_code == 1 and "does not exist" in nowhere.output
    folder = runner.invoke(app, ["chart", str(story_id), "-o", str(tmp_path)])
    assert folder.exit_code == 1 and "cannot write" in folder.output
    language = runner.invoke(app, ["chart", str(story_id), "-o", str(tmp_path / "x.png"), "--language", "fr"])
    assert language.exit_code == 2 and "unknown language" in language.output
    assert not (tmp_path / "x.png").exists()


def test_cli_refuses_a_story_with_no_dated_article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'fair.db'}"
    stored(url, [fair_doc()]).dispose()
    database = open_database(url)
    (story_id,) = _story_ids(database)
    database.dispose()
    result = _cli(monkeypatch, url).invoke(app, ["chart", str(story_id), "-o", str(tmp_path / "f.png")])
    assert result.exit_code == 1 and "no article with a publication date" in result.output


# --- Telegram -------------------------------------------------------------------------------------------


def _png_size(data: bytes) -> tuple[int, int]:
    return Image.open(io.BytesIO(data)).size


async def _photos(api: FakeBotApi, count: int) -> list[bytes]:
    for _ in range(1500):
        if len(api.sent_photos(USER)) >= count:
            return api.sent_photos(USER)
        await asyncio.sleep(0.02)
    raise TimeoutError(f"no photo; calls: {[c.method for c in api.calls]}")


async def test_chart_command_sends_a_photo(strike_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    story_id = _strike_story(strike_db)
    async with FakeBotApi() as api, running(api, strike_db, configure(monkeypatch, api)):
        api.queue_message("/chart", chat_id=USER, language_code="ar")
        (photo,) = await _photos(api, 1)
        assert _png_size(photo) == (1080, 1350)
        (call,) = api.calls_to("sendPhoto", ok=True)
        assert "إضراب" in call.params["caption"] or "الإضراب" in call.params["caption"]
        api.queue_message(f"/chart #{story_id}", chat_id=USER, language_code="en")
        await _photos(api, 2)
        api.queue_message("/chart #999", chat_id=USER, language_code="en")
        (refused,) = await replies(api, 1)
        assert "999" in refused.params["text"]


async def test_chart_button_under_an_answer(strike_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    async with FakeBotApi() as api, running(api, strike_db, configure(monkeypatch, api)):
        api.queue_message("What did Hamid Sarraf say?", chat_id=USER, language_code="en")
        (answer,) = await replies(api, 1)
        markup = answer.params.get("reply_markup") or {}
        buttons = [b for row in markup.get("inline_keyboard", []) for b in row]
        chart = next(b for b in buttons if b["text"] == text("en", "button_chart"))
        api.queue_callback(chart["callback_data"], message_id=answer.result["message_id"])
        (photo,) = await _photos(api, 1)
        assert _png_size(photo) == (1080, 1350)


async def test_chart_in_a_store_without_stories(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    database = open_database(f"sqlite:///{tmp_path / 'empty.db'}")
    async with FakeBotApi() as api, running(api, database, configure(monkeypatch, api)):
        api.queue_message("/chart", chat_id=USER, language_code="en")
        (said,) = await replies(api, 1)
        assert said.params["text"] == text("en", "chart.no_story")
        assert not api.calls_to("sendPhoto")
    database.dispose()


async def test_chart_of_a_story_with_no_dated_article(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = stored(f"sqlite:///{tmp_path / 'fair.db'}", [fair_doc()])
    (story_id,) = _story_ids(database)
    async with FakeBotApi() as api, running(api, database, configure(monkeypatch, api)):
        api.queue_message("/chart", chat_id=USER, language_code="ar")
        (said,) = await replies(api, 1)
        assert text("ar", "chart.no_dates", number=story_id) in said.params["text"]
        assert not api.calls_to("sendPhoto")
    database.dispose()

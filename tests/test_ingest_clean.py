"""Cleaning messy article text: datelines, titles, outlets, boilerplate, tweets; the text stays verbatim."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.config import load_settings
from bot.ingest import Hints, clean_text
from bot.ingest.boilerplate import boilerplate_kind
from bot.ingest.dates import parse_dateline, parse_wire_dateline
from bot.ingest.document import CleanDocument
from bot.ingest.read import read_file
from bot.text import normalise, split_sentences, squash
from tests.conftest import SEEDS

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
UTC_ZONE = ZoneInfo("UTC")
DAMASCUS = ZoneInfo("Asia/Damascus")


def read(name: str) -> CleanDocument:
    return read_file(FIXTURES / name, settings=load_settings())


def assert_verbatim(doc: CleanDocument, raw: str) -> None:
    """Every sentence of the stored text is a contiguous piece of the raw input (whitespace aside)."""
    squashed = squash(raw)
    for span in split_sentences(doc.text):
        piece = doc.text[span.start : span.end]
        assert squash(piece) in squashed, piece


# --- datelines ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected", "has_time"),
    [
        ("الخميس, 23 أكتوبر 2025 02:08 PM", datetime(2025, 10, 23, 11, 8, tzinfo=UTC), True),
        ("٢٣ تشرين الأول ٢٠٢٥ ١٤:٠٨", datetime(2025, 10, 23, 11, 8, tzinfo=UTC), True),
        ("5 كانون الثاني 2025", datetime(2025, 1, 5, 9, 0, tzinfo=UTC), False),
        ("October 22, 2025", datetime(2025, 10, 22, 9, 0, tzinfo=UTC), False),
        ("Published on Thursday, Oct. 23, 2025 at 4:30 PM", datetime(2025, 10, 23, 13, 30, tzinfo=UTC), True),
        ("2025-10-22 09:15", datetime(2025, 10, 22, 6, 15, tzinfo=UTC), True),
        ("نشر في 3 آب 2024 الساعة 10:30 مساءً", datetime(2024, 8, 3, 19, 30, tzinfo=UTC), True),
    ],
)
def test_datelines_in_arabic_and_english_become_utc(line: str, expected: datetime, has_time: bool) -> None:
    dateline = parse_dateline(line, DAMASCUS)  # naive datelines are read in BRIEFING_TIMEZONE
    assert dateline is not None
    assert dateline.when == expected
    assert dateline.has_time is has_time


@pytest.mark.parametrize(
    "line",
    [
        "مع استمرار الاشتباكات في 2025",
        "October 2025 was a hard month for Idlib",
        "Oct 22, 2025 25:00",
        "31 شباط 2025",
    ],
)
def test_sentences_with_numbers_are_not_datelines(line: str) -> None:
    assert parse_dateline(line, UTC_ZONE) is None


def test_arabic_dateline_title_prefix_and_closing_credit() -> None:
    raw = (FIXTURES / "ar_dateline_prefix_credit.txt").read_text(encoding="utf-8")
    doc = read("ar_dateline_prefix_credit.txt")
    assert doc.published_at == datetime(2025, 10, 25, 19, 30, tzinfo=UTC)
    assert doc.published_has_time
    assert doc.title == "انسحاب جزئي للقوات من محيط مخيم حارم بعد وساطة محلية"
    assert doc.text.count(doc.title) == 1, "the repeated title line is dropped"
    assert doc.outlet == "مرصد الشمال الإخباري"
    assert "مرصد الشمال الإخباري/" not in doc.text
    assert "سحبت قوات الأمن الداخلي" in doc.text
    assert doc.credited_outlet == "وكالة الأنباء الإقليمية"
    assert "وكالة الأنباء الإقليمية" not in doc.text
    assert "مشاركة الخبر" not in doc.text
    assert "25 أكتوبر" not in doc.text
    assert_verbatim(doc, raw)


def test_english_dateline_and_source_line() -> None:
    doc = read("en_dateline_source_line.txt")
    assert doc.language == "en"
    assert doc.published_at == datetime(2025, 10, 27, 8, 5, tzinfo=UTC)
    assert doc.title == "Families begin leaving the Harem camp under a local truce"
    assert doc.credited_outlet == "Northern Desk"
    assert not doc.text.rstrip().endswith("Northern Desk")


def test_article_without_title_or_dateline_gets_a_derived_title() -> None:
    raw = (FIXTURES / "no_title_no_date.txt").read_text(encoding="utf-8")
    doc = read("no_title_no_date.txt")
    assert doc.title_derived
    assert doc.published_at is None
    assert doc.title.startswith("تداولت حسابات محلية صباح الاثنين")
    assert doc.title.endswith("…")
    assert len(doc.title.split()) <= 15
    assert doc.text == raw.strip(), "nothing is removed from an article without furniture"


def test_timezone_setting_applies_to_naive_datelines() -> None:
    raw = "الخميس, 23 أكتوبر 2025 02:08 PM\n\nعنوان قصير للخبر\n\nقال مصدر محلي إن الوضع هادئ.\n"
    doc = clean_text(raw, source="t.txt", tz=DAMASCUS)
    assert doc.published_at == datetime(2025, 10, 23, 11, 8, tzinfo=UTC)


# --- boilerplate ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("اقرأ أيضاً:قوات دمشق تتراجع عن اقتحام المخيم", "read-also"),
        ("إقرأ أيضا: اشتباكات في ريف إدلب", "read-also"),
        ("Read also: Who leads the brigade?", "read-also"),
        ("Related stories", "read-also"),
        ("اترك رد", "comment-form"),
        ("Leave a Reply", "comment-form"),
        ("لن يتم نشر عنوان بريدك الإلكتروني.", "notice"),
        ("Your email address will not be published. Required fields are marked *", "notice"),
        ("الحقول الإلزامية مشار إليها بـ *", "notice"),
        ("مشاركة المقال:", "share"),
        ("Share this article", "share"),
        ("شارك الخبر عبر واتساب", "share"),
        ("حساباتنا: فيسبوك  تلغرام يوتيوب تويتر انستغرام", "social"),
        ("Facebook Twitter WhatsApp", "social"),
        ("المزيد ايضا..", "more"),
        ("#المرصد_السوري", "hashtags"),
        ("#حارم #إدلب", "hashtags"),
        ("https://t.co/AbCdEf1234", "link"),
        ("pic.twitter.com/Zx98Cv76Bn", "link"),
    ],
)
def test_boilerplate_lines_are_recognised(line: str, kind: str) -> None:
    assert boilerplate_kind(line) == kind


@pytest.mark.parametrize(
    "line",
    [
        "شارك مئات المقاتلين في الهجوم على المواقع الحكومية.",
        "Related fighters from the same brigade were arrested on Tuesday.",
        "مع استمرار الاشتباكات.. المهاجرون #الأوزبك يعلنون دعمهم",
        "Share prices in Damascus fell sharply after the raid.",
        "تابعت القوات تقدمها نحو المخيم رغم المقاومة العنيفة التي واجهتها من المسلحين طوال الليل.",
    ],
)
def test_article_sentences_are_not_boilerplate(line: str) -> None:
    assert boilerplate_kind(line) is None


def test_every_boilerplate_kind_is_removed_from_an_article() -> None:
    raw = (FIXTURES / "boilerplate_kinds.txt").read_text(encoding="utf-8")
    doc = read("boilerplate_kinds.txt")
    body = doc.text.split("\n")
    assert [line for line in body if line] == [
        "هدوء حذر في محيط المخيم بعد ليلة من الاشتباكات",
        "ساد هدوء حذر صباح الأحد في محيط المخيم، بعد ليلة شهدت تبادلاً متقطعاً لإطلاق النار.",
        "وقال شاهد عيان إن الأسواق في حارم فتحت أبوابها بشكل جزئي.",
    ]
    assert_verbatim(doc, raw)


# --- tweets, tatweel, digits, bullets, Markdown ---------------------------------------------------------


def test_embedded_tweets_keep_their_text_author_and_date() -> None:
    raw = (FIXTURES / "tweets.txt").read_text(encoding="utf-8")
    doc = read("tweets.txt")
    assert len(doc.tweets) == 2
    first, second = doc.tweets
    assert (
        doc.text[first.start : first.end]
        == "وصول رتل جديد من قوات الأمن العام إلى محيط المخيم في حارم غربي إدلب"
    )
    assert first.author == "المرصد السوري لحقوق الإنسان (@syriahr)"
    assert first.said_at is not None and first.said_at.date().isoformat() == "2025-10-24"
    assert (
        doc.text[second.start : second.end] == "مع تواصل الحـ ـصـ ـار.. عائلات تغادر المخيم سيراً على الأقدام"
    )
    assert second.said_at is not None and second.said_at.date().isoformat() == "2025-10-25"
    for gone in ("t.co", "pic.twitter.com", "(@syriahr)", "October 24", "#المرصد_السوري"):
        assert gone not in doc.text
    assert_verbatim(doc, raw)


def test_tatweel_split_words_stay_verbatim_but_normalise_for_search() -> None:
    raw = (FIXTURES / "tatweel_digits_bullets.txt").read_text(encoding="utf-8")
    doc = read("tatweel_digits_bullets.txt")
    assert "الاشـ ـتـ ـبـ ـاكـ ـات" in doc.text, "the original spelling is what quotes show"
    sentence = next(
        doc.text[s.start : s.end] for s in split_sentences(doc.text) if "الاشـ" in doc.text[s.start : s.end]
    )
    assert normalise("الاشتباكات") in normalise(sentence)
    assert normalise("المهاجرين") in normalise(sentence)
    assert_verbatim(doc, raw)


def test_arabic_indic_dateline_and_digits() -> None:
    doc = read("tatweel_digits_bullets.txt")
    assert doc.published_at is not None
    assert doc.published_at.date().isoformat() == "2025-10-26"
    assert not doc.published_has_time
    assert "٤٢ عائلة" in doc.text, "digits in the text stay as written"
    assert "خروج 42 عايله" in normalise(doc.text), "and match as ASCII digits"


def test_bullets_are_kept_as_bullet_sentences() -> None:
    doc = read("tatweel_digits_bullets.txt")
    kinds = [(s.kind, doc.text[s.start : s.end]) for s in split_sentences(doc.text)]
    bullets = [text for kind, text in kinds if kind == "bullet"]
    assert len(bullets) == 5
    assert bullets[0] == "• خروج ٤٢ عائلة من المخيم منذ بدء العملية."
    assert bullets[-1] == "2- تسليم الجرحى إلى مستشفى حارم."


def test_markdown_front_matter_headings_and_quotes() -> None:
    raw = (FIXTURES / "markdown_note.md").read_text(encoding="utf-8")
    doc = read("markdown_note.md")
    assert doc.title == "Truce talks stall over the fate of foreign fighters"
    assert doc.outlet == "Harem Monitor"
    assert doc.published_at == datetime(2025, 10, 28, 7, 0, tzinfo=UTC)
    assert not doc.text.startswith("#")
    assert "> " not in doc.text and "![" not in doc.text and "---" not in doc.text
    assert '"We will not hand anyone over to a foreign state," a camp spokesman said.' in doc.text
    assert_verbatim(doc, raw)


def test_a_slash_inside_a_sentence_is_not_an_outlet_prefix() -> None:
    raw = (
        "عنوان الخبر هنا\n\n"
        "شنت القوات حملة واسعة ليل الثلاثاء/الأربعاء على المخيم.\n\n"
        "وقال مصدر إن الحملة مستمرة.\n"
    )
    doc = clean_text(raw, source="t.txt", tz=UTC_ZONE)
    assert doc.outlet is None
    assert "ليل الثلاثاء/الأربعاء" in doc.text


def test_html_page_uses_its_metadata() -> None:
    doc = read("page.html")
    assert doc.title == "مجلس حارم المحلي يطالب بممر آمن للمدنيين"
    assert doc.outlet == "صوت إدلب"
    assert doc.published_at == datetime(2025, 10, 24, 15, 20, tzinfo=UTC)
    assert "الرئيسية" not in doc.text and "window.analytics" not in doc.text
    assert "وقال رئيس المجلس في بيان مصور" in doc.text


def test_windows_line_endings_and_a_closing_dateline() -> None:
    raw = (
        "Truce holds for a second night in Harem\r\n\r\n"
        "Residents said the night passed without gunfire for the first time in a week.\r\n"
        "Council members expect more families to leave on Wednesday.\r\n\r\n"
        "Published: October 28, 2025\r\n"
    )
    doc = clean_text(raw, source="crlf.txt", tz=UTC_ZONE)
    assert "\r" not in doc.text
    assert doc.title == "Truce holds for a second night in Harem"
    assert doc.published_at is not None and doc.published_at.date().isoformat() == "2025-10-28"
    assert "Published" not in doc.text
    assert_verbatim(doc, raw)


def test_a_short_last_line_that_ends_a_sentence_is_not_a_credit() -> None:
    raw = "عنوان قصير\n\nقال مصدر محلي إن الطريق أغلق صباحاً.\n\nوأضاف أن الوضع هادئ.\n\nوانتهى الاجتماع.\n"
    doc = clean_text(raw, source="t.txt", tz=UTC_ZONE)
    assert doc.credited_outlet is None
    assert doc.text.endswith("وانتهى الاجتماع.")


def test_a_bare_read_also_label_takes_its_headline_with_it() -> None:
    raw = (
        "عنوان الخبر عن حارم\n\n"
        "قال مصدر محلي إن الطريق أعيد فتحه صباح الثلاثاء.\n\n"
        "اقرأ أيضاً\n"
        "من هو قائد كتيبة الغرباء؟\n\n"
        "وأضاف المصدر أن حركة السيارات عادت إلى طبيعتها.\n\n"
        "***\n\n"
        "© 2025 صوت إدلب\n"
    )
    doc = clean_text(raw, source="t.txt", tz=UTC_ZONE)
    assert "من هو قائد" not in doc.text
    assert "وأضاف المصدر أن حركة السيارات عادت إلى طبيعتها." in doc.text
    assert "***" not in doc.text and "©" not in doc.text
    assert_verbatim(doc, raw)


def test_a_page_title_with_the_site_name_still_finds_the_headline_in_the_text() -> None:
    raw = "Council asks for a safe corridor\n\nThe council in Harem asked for a safe corridor on Friday.\n"
    hints = Hints(title="Council asks for a safe corridor | Voice of Idlib", outlet="Voice of Idlib")
    doc = clean_text(raw, source="page", tz=UTC_ZONE, hints=hints)
    assert doc.title == "Council asks for a safe corridor"
    assert doc.text.count("Council asks for a safe corridor") == 1
    assert not doc.title_derived


def test_any_mix_of_messy_lines_cleans_to_verbatim_sentences() -> None:
    """Shuffled lines from every fixture (titles, datelines, tweets, furniture) never make up a quote."""
    import random

    from bot.errors import IngestError

    pool = [
        line
        for path in [*sorted(FIXTURES.glob("*.txt")), *sorted(SEEDS.glob("*.txt"))]
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    rng = random.Random(2025)
    cleaned = 0
    for _ in range(300):
        lines = rng.sample(pool, rng.randint(1, 12))
        raw = "\n".join(line + ("\n" if rng.random() < 0.5 else "") for line in lines)
        try:
            doc = clean_text(raw, source="mix.txt", tz=UTC_ZONE)
        except IngestError:
            continue
        cleaned += 1
        assert doc.title and doc.text.strip()
        assert_verbatim(doc, raw)
        for tweet in doc.tweets:
            assert squash(doc.text[tweet.start : tweet.end]) in squash(raw)
    assert cleaned > 200


def test_a_wire_dateline_dates_the_story_and_names_its_agency() -> None:
    raw = (
        "River breaks its banks in Green Valley\n\n"
        "GREEN VALLEY, Wadistan, March 4 (Valley Wire) - The river broke its banks before dawn, the "
        "civil defence said.\n\nResidents fled to the hills."
    )
    doc = clean_text(raw, source="wire.txt", tz=UTC)
    assert doc.published_at is not None and doc.published_at.date().isoformat().endswith("-03-04")
    assert doc.published_has_time is False
    assert doc.outlet == "Valley Wire"
    assert doc.text.startswith("River breaks") and "GREEN VALLEY, Wadistan, March 4" in doc.text


def test_a_wire_dateline_without_a_year_is_never_in_the_future() -> None:
    today = date(2026, 2, 1)
    assert parse_wire_dateline("CAIRO, Dec 30 - Talks resumed.", UTC, today).when.year == 2025
    assert parse_wire_dateline("CAIRO, Jan 30 - Talks resumed.", UTC, today).when.year == 2026
    assert parse_wire_dateline("Talks resumed on Jan 30 - in Cairo.", UTC, today) is None


def test_bylines_that_also_name_the_outlet() -> None:
    english = clean_text(
        "Talks resume in the valley\n\nBy Jane Doe, Valley Post\n\nTalks resumed on Monday.",
        source="a",
        tz=UTC,
    )
    assert (english.author, english.outlet) == ("Jane Doe", "Valley Post")
    arabic = clean_text(
        "استئناف المحادثات في الوادي\n\nالوادي – النهار – كتب: سليم النجار\n\nاستؤنفت المحادثات يوم الاثنين.",
        source="b",
        tz=UTC,
    )
    assert (arabic.author, arabic.outlet) == ("سليم النجار", "النهار")
    assert "كتب" not in arabic.text

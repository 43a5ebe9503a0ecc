"""Our own short articles for the Telegram tests (written for them, not taken from the seeds)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.ingest.document import CleanDocument
from bot.ingest.store import store_document
from storage import Database

# A long statement, so that an answer quoting it from several outlets needs more than one message.
_LONG_DETAILS = (
    "وأضاف البابا أن الوحدات المشاركة أغلقت الطرق المؤدية إلى المخيم من الجهات الأربع، "
    "وأقامت نقاط تفتيش على مداخل البلدات المجاورة، ونقلت العائلات التي طلبت الخروج إلى مراكز إيواء مؤقتة، "
    "وسمحت بدخول سيارات الإسعاف والمواد الغذائية، وفتحت خطاً هاتفياً لتلقي البلاغات من الأهالي، "
    "وأبلغت المقيمين في المخيم بأن من يسلم سلاحه لن يتعرض لأي ملاحقة، "
    "وأكدت أن العمليات ستتوقف فور تسليم المطلوبين إلى القضاء، "
    "وأن لجنة من وجهاء المنطقة تتابع المفاوضات مع قادة المخيم منذ ثلاثة أيام دون نتيجة حتى الآن"
)

_OUTLETS = [
    ("شبكة المرصد الإخباري", "https://observer.example/harem-1"),
    ("موقع الجسر", "https://jisr.example/news/2025/10/camp"),
    ("وكالة البادية", "https://badia.example/a/991"),
    ("نشرة الوادي", "https://wadi.example/story?id=17&lang=ar"),
]


def documents() -> list[CleanDocument]:
    """Four Arabic reports of the same statements and one English report with a contradicting account."""
    docs = []
    for index, (outlet, url) in enumerate(_OUTLETS):
        day = 22 + index
        docs.append(
            CleanDocument(
                source=url,
                url=url,
                outlet=outlet,
                title=f"حملة أمنية على مخيم قرب حارم (تقرير {index + 1})",
                language="ar",
                published_at=datetime(2025, 10, day, 10, 30, tzinfo=UTC),
                published_has_time=True,
                text=(
                    f"حملة أمنية على مخيم قرب حارم (تقرير {index + 1})\n"
                    "قال نور الدين البابا، المتحدث باسم وزارة الداخلية، إن الحملة على المخيم بدأت بعد "
                    "شكاوى متكررة من الأهالي.\n"
                    f"{_LONG_DETAILS} (رواية {index + 1}).\n"
                    "وقال عمر أومسين في تسجيل صوتي إن المقاتلين الفرنسيين لن يسلموا أسلحتهم.\n"
                    f"ويقع المخيم في ريف إدلب الغربي، بحسب {outlet}."
                ),
            )
        )
    docs.append(
        CleanDocument(
            source="https://levant.example/harem",
            url="https://levant.example/harem",
            outlet="Levant Courier",
            title="Security forces surround French fighters' camp near Harem",
            language="en",
            published_at=datetime(2025, 10, 23, 8, 0, tzinfo=UTC),
            text=(
                "Security forces surround French fighters' camp near Harem\n"
                "Omar Omsen said in a voice message that the French fighters would not hand over their "
                "weapons.\n"
                "A French diplomat said Paris had not asked Damascus to move against the camp.\n"
                "Nour al-Din al-Baba said the operation began after repeated complaints from residents."
            ),
        )
    )
    return docs


def seed(database: Database) -> None:
    """Store every fixture through the real ingest path, extraction included."""
    for doc in documents():
        with database.session() as session:
            store_document(session, doc, extract=True)


def test_corpus_goes_through_the_real_ingest_path(sqlite_url: str) -> None:
    from sqlalchemy import func, select

    from storage import open_database
    from storage.models import Article

    database = open_database(sqlite_url)
    seed(database)
    seed(database)  # a second ingest adds nothing
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Article)) == len(documents())
    database.dispose()

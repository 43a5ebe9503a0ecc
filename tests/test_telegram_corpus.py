"""Our own short articles for the Telegram tests (written for them, not taken from the seeds)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.ingest.document import CleanDocument
from bot.ingest.store import store_document
from storage import Database

# Each outlet carries one long statement of its own, so that an answer quoting them all needs more than
# one Telegram message; the short statements are shared, so outlets corroborate each other.
_LONG_STATEMENTS = [
    "وقال نور الدين البابا إن الوحدات المشاركة أغلقت الطرق المؤدية إلى المخيم من الجهات الأربع، "
    "وأقامت نقاط تفتيش على مداخل البلدات المجاورة، ونقلت العائلات التي طلبت الخروج إلى مراكز إيواء "
    "مؤقتة في المدارس، وسمحت بدخول سيارات الإسعاف وشاحنات الطحين والمياه، وفتحت خطاً هاتفياً لتلقي "
    "البلاغات من الأهالي على مدار الساعة، وخصصت فريقاً من المحامين لمتابعة أوضاع الموقوفين، وأكدت أن "
    "أي تجاوز يرتكبه أحد العناصر سيحال إلى التحقيق فوراً، وأن الهدف هو إعادة الحياة الطبيعية إلى "
    "القرى المحيطة التي عانت طويلاً من الخوف وانقطاع الطرق وتعطل المحاصيل في موسم الزيتون.",
    "وقال نور الدين البابا إن لجنة من وجهاء ريف إدلب الغربي تتابع المفاوضات مع قادة المخيم منذ ثلاثة "
    "أيام، وإن اللجنة حملت إليهم عرضاً مكتوباً يتضمن تسليم المطلوبين إلى القضاء مقابل ضمان محاكمة "
    "علنية بحضور ممثلين عن الأهالي، وإن المهلة الممنوحة تنتهي مساء الخميس المقبل، وإن الوزارة لا تريد "
    "إراقة الدماء لكنها لن تسمح ببقاء السلاح خارج سلطة الدولة، وإن الاجتماعات تعقد في مسجد القرية "
    "القريبة بحضور شيوخ العشائر، وإن محاضر الجلسات ستنشر كاملة بعد انتهاء التفاوض حتى يعرف الناس ما "
    "جرى بالتفصيل ومن رفض العرض ومن قبله.",
    "وقال نور الدين البابا إن الشكاوى الأولى وصلت قبل أشهر من مزارعين منعوا من الوصول إلى أراضيهم، "
    "ثم تلتها بلاغات عن احتجاز شابين من بلدة مجاورة لساعات طويلة دون سبب معلن، وعن إطلاق نار ليلي "
    "أرعب الأطفال، وعن فرض إتاوات على سيارات نقل الخضار العابرة، وإن المحققين جمعوا شهادات موقعة من "
    "أكثر من أربعين شخصاً، وإن الملفات أحيلت إلى النيابة العامة في إدلب، وإن كل من يثبت تورطه سيحاسب "
    "أمام القانون أياً كانت جنسيته، وإن المقيمين الذين لم يرتكبوا شيئاً لا خوف عليهم على الإطلاق.",
    "وقال نور الدين البابا إن منظمات الإغاثة العاملة في المنطقة أبلغت بمسار آمن لإخراج المرضى وكبار "
    "السن، وإن عيادة ميدانية افتتحت عند الحاجز الشمالي تعمل فيها طبيبتان وممرضون متطوعون، وإن "
    "الدروس في مدرستين قريبتين علقت أسبوعاً واحداً فقط حفاظاً على سلامة التلاميذ، وإن الوزارة "
    "ستعوض أصحاب المحلات التي أغلقت خلال الحملة، وإن حافلات مجانية ستنقل الموظفين إلى أعمالهم في "
    "المدينة، وإن كل هذه الإجراءات مؤقتة وستلغى حالما يعود الهدوء وتفتح الطرق أمام الجميع دون استثناء.",
]

# The second half of each long statement (the statements end with it).
_STATEMENT_ENDS = [
    "وإن دوريات مشتركة مع الشرطة المحلية ستجوب القرى ليلاً لطمأنة السكان، وإن مكتباً للشكاوى افتتح "
    "في مبنى البلدية يستقبل الناس من الصباح حتى المساء، وإن الموظفين فيه يسجلون كل طلب برقم ويعطون "
    "صاحبه موعداً للرد خلال يومين، وإن الوزارة نشرت أرقام هواتف المسؤولين عن كل قطاع على جدران "
    "المساجد والأفران، وإن من فقد وثائقه الشخصية خلال الأحداث يستطيع استخراج بدل عنها مجاناً، وإن "
    "عمال الكهرباء بدأوا إصلاح الخطوط التي تضررت في الأيام الأولى للحملة.",
    "وإن الوسطاء طلبوا ضمانات مكتوبة لسلامة النساء والأطفال في المخيم وحصلوا عليها، وإن الوزارة "
    "وافقت على أن يبقى المترجمون حاضرين في كل جلسة لأن بعض المقيمين لا يتقنون العربية، وإن ممثلاً عن"
    " الهلال الأحمر سيحضر جلسة التسليم إن تمت، وإن التأخير في الرد لا يعني رفض العرض بالضرورة، وإن "
    "الوزارة تفضل الانتظار يوماً إضافياً على أن تخاطر بحياة أحد، وإن باب الحوار سيبقى مفتوحاً حتى "
    "اللحظة الأخيرة قبل انتهاء المهلة المحددة.",
    "وإن فريقاً من المحققين المختصين بالجرائم المالية يتتبع مصادر الأموال التي كانت تصل إلى المخيم "
    "عبر مكاتب الحوالات، وإن عدداً من أصحاب هذه المكاتب استدعوا للإدلاء بإفاداتهم، وإن الوزارة طلبت "
    "من المصارف تجميد حسابين يشتبه في ارتباطهما بالإتاوات، وإن نتائج التحقيق الأولية ستعرض على لجنة "
    "قضائية مستقلة، وإن الأهالي الذين دفعوا أموالاً تحت التهديد يستطيعون تقديم طلبات لاستردادها بعد "
    "صدور الأحكام النهائية.",
    "وإن فرقاً هندسية ستفحص الجسور الصغيرة والعبارات على الطرق الزراعية قبل إعادة فتحها للشاحنات، "
    "وإن البلدية ستزيل السواتر الترابية التي أقيمت حول المخيم خلال السنوات الماضية، وإن أصحاب "
    "البساتين المجاورة سيسمح لهم بالعودة إلى أراضيهم تدريجياً بعد مسحها، وإن الوزارة طلبت من "
    "المنظمات تقديم بذور وأسمدة للمزارعين المتضررين، وإن خطة لإعادة تأهيل شبكة المياه في القرى "
    "المحيطة ستعلن خلال الأسبوع المقبل.",
]

_OUTLETS = [
    ("شبكة المرصد الإخباري", "https://observer.example/harem-1", "بحسب مراسل الشبكة في المنطقة."),
    ("موقع الجسر", "https://jisr.example/news/2025/10/camp", "وتابع موقع الجسر التطورات من المدينة."),
    ("وكالة البادية", "https://badia.example/a/991", "ولم تتمكن الوكالة من التحقق من الأرقام بشكل مستقل."),
    ("نشرة الوادي", "https://wadi.example/story?id=17&lang=ar", "وتنشر النشرة تحديثات كل ساعة."),
]


def documents() -> list[CleanDocument]:
    """Four Arabic reports (shared statements, one long statement each), one English, two that disagree."""
    docs = []
    statements = zip(_OUTLETS, _LONG_STATEMENTS, _STATEMENT_ENDS, strict=True)
    for index, ((outlet, url, closing), statement, ending) in enumerate(statements):
        docs.append(
            CleanDocument(
                source=url,
                url=url,
                outlet=outlet,
                title=f"حملة أمنية على مخيم قرب حارم ({outlet})",
                language="ar",
                published_at=datetime(2025, 10, 22 + index, 10, 30, tzinfo=UTC),
                published_has_time=True,
                text=(
                    f"حملة أمنية على مخيم قرب حارم ({outlet})\n"
                    "قال نور الدين البابا، المتحدث باسم وزارة الداخلية، إن الحملة على المخيم بدأت بعد "
                    "شكاوى متكررة من الأهالي.\n"
                    f"{statement.rstrip('.')}، {ending}\n"
                    "وقال عمر أومسين في تسجيل صوتي إن المقاتلين الفرنسيين لن يسلموا أسلحتهم.\n"
                    f"{closing}"
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
    # Two outlets contradict each other: a dispute, with both sides.
    docs.append(
        CleanDocument(
            source="https://sahel.example/1",
            url="https://sahel.example/1",
            outlet="صحيفة الساحل",
            title="مصدر: فرنسا طلبت العملية",
            language="ar",
            published_at=datetime(2025, 10, 26, 9, 0, tzinfo=UTC),
            text=(
                "مصدر: فرنسا طلبت العملية\n"
                "قال مصدر أمني إن فرنسا طلبت من دمشق التحرك ضد مخيم المقاتلين الفرنسيين.\n"
                "وأضاف المصدر أن الطلب نقل عبر وسطاء."
            ),
        )
    )
    docs.append(
        CleanDocument(
            source="https://nahar.example/2",
            url="https://nahar.example/2",
            outlet="موقع النهار",
            title="باريس تنفي",
            language="ar",
            published_at=datetime(2025, 10, 27, 9, 0, tzinfo=UTC),
            text=(
                "باريس تنفي\n"
                "نفت وزارة الخارجية الفرنسية أن تكون فرنسا طلبت من دمشق التحرك ضد مخيم المقاتلين الفرنسيين.\n"
                "ودعت الوزارة إلى احترام حقوق المحتجزين."
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


def test_outlets_are_independent_sources(sqlite_url: str) -> None:
    from sqlalchemy import func, select

    from storage import open_database
    from storage.models import Article

    database = open_database(sqlite_url)
    seed(database)
    with database.session() as session:  # no report is taken for a syndicated copy of another
        assert session.scalar(select(func.count()).where(Article.syndicated_of_id.is_not(None))) == 0
    database.dispose()

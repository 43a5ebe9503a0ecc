"""Retrieval beyond shared words: meaning across languages, typos, overviews, and honest 'not found'."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from bot.answer import ask
from bot.answer.intent import parse_question
from bot.answer.types import Answer
from bot.ingest.document import CleanDocument
from bot.ingest.store import store_document
from storage import Database, open_database
from tests.conftest import stored

# Our own invented story: a flood in a river town, reported in Arabic and English.
DOCS = [
    CleanDocument(
        source="river.txt",
        outlet="إذاعة النهر",
        title="فيضان يغمر أحياء في بلدة الوادي الأخضر",
        language="ar",
        published_at=datetime(2026, 3, 2, 8, 0, tzinfo=UTC),
        text=(
            "فيضان يغمر أحياء في بلدة الوادي الأخضر\n"
            "قال رئيس البلدية سليم النجار إن مياه النهر غمرت ثلاثة أحياء شرقي البلدة.\n"
            "وأضاف النجار أن فرق الدفاع المدني أجلت مئتي عائلة إلى مدرسة البلدة.\n"
            "ولم يتضح بعد حجم الأضرار في المحاصيل الزراعية."
        ),
    ),
    CleanDocument(
        source="wire.txt",
        outlet="Riverside Wire",
        title="Flood waters recede in Green Valley",
        language="en",
        published_at=datetime(2026, 3, 3, 9, 0, tzinfo=UTC),
        text=(
            "Flood waters recede in Green Valley\n"
            "The search for two missing fishermen continued on Tuesday, the civil defence said.\n"
            "Mayor Salim al-Najjar said the bridge on the main road would stay closed for a week."
        ),
    ),
    CleanDocument(
        source="dispute.txt",
        outlet="صحيفة الضفة",
        title="خلاف حول سبب الفيضان",
        language="ar",
        published_at=datetime(2026, 3, 3, 12, 0, tzinfo=UTC),
        text=(
            "خلاف حول سبب الفيضان\n"
            "قال مزارعون إن إدارة السد فتحت البوابات دون إنذار مسبق قبل ارتفاع منسوب النهر."
        ),
    ),
    CleanDocument(
        source="denial.txt",
        outlet="وكالة السهل",
        title="إدارة السد تنفي",
        language="ar",
        published_at=datetime(2026, 3, 3, 15, 0, tzinfo=UTC),
        text=(
            "إدارة السد تنفي\nونفت إدارة السد أن تكون قد فتحت البوابات دون إنذار مسبق قبل ارتفاع منسوب النهر."
        ),
    ),
]


def _article(source: str, outlet: str, language: str, text: str) -> CleanDocument:
    """One article whose title is its first line."""
    return CleanDocument(
        source=source, outlet=outlet, title=text.split("\n")[0], language=language, text=text
    )


@pytest.fixture
def flood(sqlite_url: str) -> Iterator[Database]:
    database = stored(sqlite_url, DOCS)
    yield database
    database.dispose()


def _ask(database: Database, question: str) -> Answer:
    with database.session() as session:
        return ask(session, question)


def _texts(answer: Answer, top: int = 3) -> str:
    return " ".join(c.text for c in answer.claims[:top])


def test_an_english_question_finds_arabic_reporting_by_meaning(flood: Database) -> None:
    answer = _ask(flood, "How many families were evacuated to the school?")
    assert answer.found
    assert "مئتي عائلة" in _texts(answer)


def test_a_misspelt_word_is_read_as_the_stored_word(flood: Database) -> None:
    answer = _ask(flood, "Is the serch for the fishermen still going on?")
    assert answer.found
    assert "search for two missing fishermen" in _texts(answer)


@pytest.mark.parametrize(
    "question", ["ما المختلف عليه؟", "what do the outlets disagree on?", "ما نقاط الخلاف؟"]
)
def test_asking_what_is_disputed_lists_the_disputes(flood: Database, question: str) -> None:
    answer = _ask(flood, question)
    assert answer.found
    assert any(c.status == "disputed" for c in answer.claims)


def test_the_same_question_about_a_country_the_store_never_mentions_is_not_found(flood: Database) -> None:
    assert _ask(flood, "كم عائلة أجليت في مصر؟").found is False
    assert _ask(flood, "How many families were evacuated in Egypt?").found is False


def test_what_someone_never_said_is_not_found(flood: Database) -> None:
    # The mayor speaks about the river and the bridge, never about the dam's gates.
    assert _ask(flood, "What did the mayor Salim al-Najjar say about the dam gates?").found is False
    assert _ask(flood, "What did Salim al-Najjar say about the bridge?").found is True


def test_a_role_the_articles_give_names_the_person_who_holds_it(flood: Database) -> None:
    answer = _ask(flood, "من هو رئيس البلدية؟")
    assert answer.found
    assert answer.entities[0].kind == "person"
    assert any("النجار" in name or "Najjar" in name for name in answer.entities[0].aliases)


def test_a_how_many_question_leads_with_a_count(flood: Database) -> None:
    answer = _ask(flood, "كم حياً غمرت المياه؟")
    assert answer.found
    assert "ثلاثة أحياء" in answer.claims[0].text


def test_who_is_carries_the_profile_and_a_latin_name(flood: Database) -> None:
    answer = _ask(flood, "Who is Salim al-Najjar?")
    top = answer.entities[0]
    assert top.kind == "person"
    assert top.display_name.isascii() and "Najjar" in top.display_name
    assert any("رئيس البلدية" in role.text for role in top.roles)
    assert answer.to_json()["entities"][0]["profile"]


def test_a_yes_no_question_gets_the_other_side_worded_at_the_opposite_pole(sqlite_url: str) -> None:
    database = open_database(sqlite_url)
    for source, outlet, language, text in (
        ("a.txt", "إذاعة الجسر", "ar", "الجسر مفتوح\nقال المتحدث باسم البلدية إن الجسر مفتوح أمام السيارات."),
        ("b.txt", "Bridge Daily", "en", "Bridge shut\nResidents said the bridge has been shut since Monday."),
        ("c.txt", "صحيفة النهار", "ar", "الطقس\nتوقعت الأرصاد أمطاراً غزيرة في نهاية الأسبوع."),
    ):
        with database.session() as session:
            store_document(
                session,
                CleanDocument(
                    source=source, outlet=outlet, title=text.split("\n")[0], language=language, text=text
                ),
            )
    answer = _ask(database, "Is the bridge open?")
    texts = " ".join(c.text for c in answer.claims[:2])
    assert "مفتوح" in texts and "shut since Monday" in texts
    database.dispose()


def test_ordinary_words_that_share_a_names_skeleton_name_no_one(sqlite_url: str) -> None:
    # "زعيم أصحاب" (the leader of the owners) and "عاصم الصعبي" share a consonant skeleton.
    database = stored(
        sqlite_url,
        [
            _article(
                "port.txt",
                "إذاعة الميناء",
                "ar",
                "إضراب في الميناء\n"
                "قال المتحدث باسم الميناء عاصم الصعبي إن السفن تنتظر في المرفأ.\n"
                "وهدد رئيس النقابة بإضراب شامل للقوارب إذا لم تخفض الرسوم.",
            )
        ],
    )
    answer = _ask(database, "بماذا توعد زعيم أصحاب القوارب إن لم تخفض الرسوم؟")
    assert all("الصعبي" not in e.name for e in answer.entities)
    assert answer.found and "إضراب شامل" in _texts(answer)
    database.dispose()


def test_what_a_ministry_said_includes_its_ministers_words(sqlite_url: str) -> None:
    database = stored(
        sqlite_url,
        [
            _article(
                "budget.txt",
                "Valley Times",
                "en",
                "Ministry of Water defends the tariff\n"
                "The Ministry of Water denied on Monday reports of a burst main in the old town.\n"
                "Water Minister Adel Rahhal said the old pumps cost the treasury 40 million a year.",
            )
        ],
    )
    answer = _ask(database, "What did the Ministry of Water say the pumps cost?")
    assert answer.found
    assert "40 million" in _texts(answer)
    database.dispose()


@pytest.mark.parametrize(
    "question", ["كم عدد القرى المعزولة؟", "شكد عدد القرى المعزولة؟", "قديش قرية معزولة؟"]
)
def test_a_count_of_the_thing_asked_leads_over_other_counts(sqlite_url: str, question: str) -> None:
    database = stored(
        sqlite_url,
        [
            _article(
                "snow.txt",
                "إذاعة الجبل",
                "ar",
                "ثلوج تعزل قرى الجبل\n"
                "قال الدفاع المدني إن خمسين شاحنة عالقة عند مدخل القرى المعزولة منذ يومين.\n"
                "وأفاد مكتب الطوارئ بأن ثلاثين قرية ما زالت معزولة تماما عن الطريق الرئيسي.\n"
                "وطالب أهالي القرى المعزولة بفتح الطرق قبل العاصفة المقبلة.",
            )
        ],
    )
    answer = _ask(database, question)
    assert answer.found
    assert "ثلاثين قرية" in answer.claims[0].text
    database.dispose()


def test_a_title_tells_apart_two_people_who_share_a_first_name(sqlite_url: str) -> None:
    database = stored(
        sqlite_url,
        [
            _article(
                "harbour.txt",
                "إذاعة الساحل",
                "ar",
                "خلاف على رسوم الميناء\n"
                "قال وزير النقل كمال الشامي إن الرسوم الجديدة تبدأ في أيار.\n"
                "وقال رئيس نقابة الصيادين كمال العطار إن القرار يضر بالصيادين.",
            )
        ],
    )
    for question in ("Who is Minister Kamal?", "من هو الوزير كمال؟"):
        answer = _ask(database, question)
        assert answer.entities and "الشامي" in answer.entities[0].name, question
    assert "العطار" in _ask(database, "Who is Kamal, the head of the fishermen's union?").entities[0].name
    database.dispose()


def test_a_title_picks_its_holder_when_a_lookalike_surname_also_matches(sqlite_url: str) -> None:
    database = stored(
        sqlite_url,
        [
            _article(
                "harbour.txt",
                "إذاعة الساحل",
                "ar",
                "خلاف على رسوم الميناء\n"
                "وطالبت النائبة عن دائرة الساحل هالة العطار بلجنة تحقيق في الرسوم.\n"
                "وقالت رئيسة جمعية البحارة هالة الشامي إن القرار يضر بالصيادين.\n"
                "وقال المحامي سالم الهلالي إن الطعن جاهز.",
            )
        ],
    )
    answer = _ask(database, "من هي النائبة هالة؟")
    assert answer.entities and answer.entities[0].name == "هالة العطار"
    database.dispose()


def test_a_long_name_is_found_without_its_small_words_and_with_a_typo(sqlite_url: str) -> None:
    database = stored(
        sqlite_url,
        [
            _article(
                "campaign.txt",
                "Coast Daily",
                "en",
                "Protest planned at the port\n"
                'Organisers from the "Our Harbour Is Not for Sale" campaign said they would march.',
            )
        ],
    )
    answer = _ask(database, "Our Harbor is not for sale")
    assert answer.entities and answer.entities[0].name == "Our Harbour Is Not for Sale"
    database.dispose()


def test_the_other_side_of_a_yes_no_question_may_be_worded_as_a_phrase(sqlite_url: str) -> None:
    docs = [
        ("a.txt", "إذاعة الوادي", "انتهاء البحث\nأعلن المحافظ انتهاء عمليات البحث عن المفقودين في الوادي."),
        ("b.txt", "صحيفة السهل", "المتطوعون\nوقال المتطوعون إنهم ما زالوا يسمعون أصواتا تحت الأنقاض."),
        ("c.txt", "وكالة الجبل", "الطقس\nتوقعت الأرصاد تساقط الثلوج على المرتفعات نهاية الأسبوع."),
    ]
    database = stored(
        sqlite_url,
        [
            CleanDocument(source=s, outlet=o, title=t.split("\n")[0], language="ar", text=t)
            for s, o, t in docs
        ],
    )
    answer = _ask(database, "هل انتهى البحث عن المفقودين؟")
    assert answer.found
    texts = " ".join(c.text for c in answer.claims[:2])
    assert "انتهاء عمليات البحث" in texts and "ما زالوا يسمعون" in texts
    database.dispose()


def test_a_when_question_is_answered_by_the_clock_time_in_other_words(sqlite_url: str) -> None:
    database = stored(
        sqlite_url,
        [
            _article(
                "wire.txt",
                "Coast Wire",
                "en",
                "Fire at a grain silo\n"
                "The blaze broke out at about 9:15 p.m. in the main silo, the harbour office said.\n"
                "Firefighters said the fire had spread to two sheds by midnight.\n"
                "The harbour office said an inquiry would look at the fire's cause.",
            )
        ],
    )
    answer = _ask(database, "At what time did the fire break out?")
    assert answer.found and "9:15" in answer.claims[0].text
    database.dispose()


def test_a_hyphenated_english_compound_is_one_glossary_word(sqlite_url: str) -> None:
    database = stored(
        sqlite_url,
        [
            _article(
                "silo.txt",
                "إذاعة الساحل",
                "ar",
                "حريق في صومعة الحبوب\n"
                "وقال رئيس نقابة العمال سمير الزعبي إن المستودع لم يكن فيه أي نظام إطفاء يعمل.\n"
                "وقال سمير الزعبي أيضاً إن العمال طالبوا بزيادة الأجور منذ سنوات.",
            )
        ],
    )
    answer = _ask(database, "What did Samir Zoubi say about fire-fighting equipment in the warehouse?")
    assert answer.found and "نظام إطفاء" in answer.claims[0].text
    database.dispose()


def test_an_indefinite_adjective_does_not_name_the_body_it_shortens_to(sqlite_url: str) -> None:
    database = stored(
        sqlite_url,
        [
            _article(
                "budget.txt",
                "إذاعة الساحل",
                "ar",
                "رفع أسعار الخبز\n"
                "وقالت وزارة المالية إن الدعم النقدي سيصرف لنحو مئة ألف أسرة.\n"
                "المالية تنفي إلغاء الدعم.",
            )
        ],
    )
    assert not _ask(database, "كم أسرة ستتسلم مبالغ مالية؟").entities
    assert _ask(database, "ماذا قالت المالية؟").entities[0].name == "وزارة المالية"
    database.dispose()


def test_a_statement_that_introduces_a_list_is_answered_with_its_items(sqlite_url: str) -> None:
    database = stored(
        sqlite_url,
        [
            _article(
                "relief.txt",
                "إذاعة الساحل",
                "ar",
                "الفيضان يشرد الآلاف\n\n"
                "وقالت المتحدثة باسم هيئة الإغاثة هالة النجار إن الاحتياجات الأكثر إلحاحاً تشمل:\n\n"
                "  • قوارب نجاة وسترات إنقاذ.\n"
                "  • أغطية وفرش للمدارس التي تؤوي العائلات.\n\n"
                "وأضافت النجار أن الهيئة فتحت ثلاثة مراكز إيواء.",
            )
        ],
    )
    answer = _ask(database, "ماذا ينقص المشردين بشكل عاجل بحسب هيئة الإغاثة؟")
    texts = [c.text for c in answer.claims[:3]]
    assert answer.found and "الاحتياجات" in texts[0]
    assert any("قوارب نجاة" in t for t in texts) and any("أغطية" in t for t in texts)
    database.dispose()


def test_a_yes_no_question_about_a_place_the_answer_never_mentions_is_not_found(sqlite_url: str) -> None:
    database = stored(
        sqlite_url,
        [
            _article(
                "border.txt",
                "Coast Wire",
                "en",
                "Border crossing shut\n"
                "Governor Samer Dabbous said the border crossing had been closed since Monday.\n"
                "Aid groups said trucks were stuck on the Turkish side of the border.",
            )
        ],
    )
    assert not _ask(database, "Did Governor Dabbous say Iran closed the border crossing?").found
    assert _ask(database, "Did Governor Dabbous say the crossing was closed?").found
    database.dispose()


TOLLS = [
    CleanDocument(
        source=f"toll{day}.txt",
        outlet=outlet,
        title=f"حصيلة الفيضان {day}",
        language="ar",
        published_at=datetime(2026, 3, day, 9, 0, tzinfo=UTC),
        text=f"حصيلة الفيضان {day}\n{sentence}",
    )
    for day, outlet, sentence in (
        (2, "إذاعة النهر", "وقال الدفاع المدني إن حصيلة الوفيات في الفيضان بلغت أربعة متوفين."),
        (4, "صحيفة الضفة", "وأعلن الدفاع المدني ارتفاع حصيلة الوفيات في الفيضان إلى تسعة متوفين."),
        (3, "وكالة السهل", "وذكر الدفاع المدني أن حصيلة الوفيات في الفيضان ارتفعت إلى ستة متوفين."),
    )
]


@pytest.mark.parametrize(
    "question", ["ما هي آخر حصيلة لوفيات الفيضان؟", "What is the latest flood death toll?"]
)
def test_asking_for_the_latest_toll_leads_with_the_newest_report(sqlite_url: str, question: str) -> None:
    database = stored(sqlite_url, TOLLS)
    try:
        answer = _ask(database, question)
    finally:
        database.dispose()
    assert answer.found
    assert "تسعة متوفين" in answer.claims[0].text


def test_another_in_arabic_is_not_a_question_about_the_latest() -> None:
    assert parse_question("ما هي آخر حصيلة للوفيات؟").latest
    assert parse_question("how many dead so far?").latest
    assert parse_question("how many dead so far?").focus == ("dead",)
    assert not parse_question("هل هناك سبب آخر للفيضان؟").latest


def test_dialect_words_find_the_standard_arabic_report(flood: Database) -> None:
    # Gulf and Sudanese موية is water; "entered" is how the reports' غمرت reads in a question.
    answer = _ask(flood, "كم حي دخلتها الموية؟")
    assert answer.found
    assert "ثلاثة أحياء" in _texts(answer)


@pytest.mark.parametrize(
    "question", ["How many families were evacuated in Kazakhstan?", "كم عائلة أجليت في كازاخستان؟"]
)
def test_a_country_no_gazetteer_entry_names_is_still_somewhere_else(flood: Database, question: str) -> None:
    # Not in the gazetteer of actors: CLDR's names of every country and city tell that it is a place.
    assert _ask(flood, question).found is False


def test_a_number_the_question_names_must_be_in_the_answer(flood: Database) -> None:
    assert _ask(flood, "Will the bridge on road 7 stay closed?").found is False
    assert _ask(flood, "Will the bridge on the main road stay closed?").found is True


def test_a_title_in_the_question_names_the_speaker_not_the_topic(flood: Database) -> None:
    # The mayor speaks of the river and the families; the word "mayor" alone must not make an answer.
    assert _ask(flood, "ماذا قال رئيس البلدية النجار عن البوابات؟").found is False
    assert _ask(flood, "ماذا قال رئيس البلدية النجار عن العائلات؟").found is True


def test_synonyms_of_a_condition_find_the_report(sqlite_url: str) -> None:
    doc = _article("h.txt", "إذاعة النهر", "ar", "حالة المصابين\nوقال الطبيب إن أربعة مصابين في حالة حرجة.")
    database = stored(sqlite_url, [doc])
    try:
        answer = _ask(database, "كم جريحاً وضعهم خطير؟")
    finally:
        database.dispose()
    assert answer.found and "أربعة مصابين في حالة حرجة" in _texts(answer)

"""Answering: entities and claims found through typos, scripts and languages, always cited verbatim."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.answer import Conversation, ask, find_entity
from bot.answer.intent import parse_question
from bot.ingest.document import CleanDocument
from bot.ingest.store import store_document
from bot.text import squash
from storage import Database, open_database
from storage.models import Article
from tests.conftest import stored

# Our own short articles about an invented follow-up of the story (not the seeds' text).
DOCS = [
    CleanDocument(
        source="north.txt",
        outlet="وكالة الشمال",
        title="تطويق مخيم قرب حارم بعد شكاوى السكان",
        language="ar",
        published_at=datetime(2025, 10, 24, 9, 0, tzinfo=UTC),
        published_has_time=True,
        text=(
            "تطويق مخيم قرب حارم بعد شكاوى السكان\n"
            "قال العميد سامر الخطيب، قائد الشرطة في محافظة إدلب، إن القوات طوقت المخيم بالكامل.\n"
            "وأكد الخطيب أن الحملة جاءت بعد شكاوى متكررة من سكان المخيم.\n"
            "وبحسب المرصد السوري لحقوق الإنسان، قتل خمسة أشخاص في الاشتباكات."
        ),
    ),
    CleanDocument(
        source="coast.txt",
        outlet="صحيفة الساحل",
        title="باريس تنفي أي دور في عملية حارم",
        language="ar",
        published_at=datetime(2025, 10, 25, 0, 0, tzinfo=UTC),
        text=(
            "باريس تنفي أي دور في عملية حارم\n"
            "نفت وزارة الخارجية الفرنسية أن تكون باريس قد طلبت تنفيذ العملية في حارم.\n"
            "وذكر المرصد السوري لحقوق الإنسان أن سبعة أشخاص قتلوا في الاشتباكات."
        ),
    ),
    CleanDocument(
        source="valley.txt",
        outlet="شبكة الوادي",
        title="مصدر: العملية جرت بطلب فرنسي",
        language="ar",
        published_at=datetime(2025, 10, 24, 18, 0, tzinfo=UTC),
        text=(
            "مصدر: العملية جرت بطلب فرنسي\n"
            "قال مصدر محلي إن باريس طلبت تنفيذ العملية في حارم لتسلّم مقاتلين فرنسيين."
        ),
    ),
    CleanDocument(
        source="council.txt",
        outlet="إذاعة الريف",
        title="المجلس المحلي يطالب بممر آمن للمدنيين",
        language="ar",
        published_at=datetime(2025, 10, 25, 8, 0, tzinfo=UTC),
        text=(
            "المجلس المحلي يطالب بممر آمن للمدنيين\n"
            "قال سامر العلي، المتحدث باسم المجلس المحلي في مدينة حارم، إن العائلات تحتاج إلى ممر آمن."
        ),
    ),
    CleanDocument(
        source="levant.txt",
        outlet="Levant Wire",
        title="Police ring camp near Harem",
        language="en",
        published_at=datetime(2025, 10, 24, 12, 0, tzinfo=UTC),
        published_has_time=True,
        text=(
            "Police ring camp near Harem\n"
            "Samer al-Khatib, the police commander in Idlib, said the camp was surrounded after complaints "
            "from residents.\n"
            "A local source said the operation was carried out at the request of France."
        ),
    ),
]


@pytest.fixture
def corpus(sqlite_url: str) -> Iterator[Database]:
    database = stored(sqlite_url, DOCS)
    yield database
    database.dispose()


def _ask(database: Database, question: str, conversation: Conversation | None = None):  # type: ignore[no-untyped-def]
    with database.session() as session:
        return ask(session, question, conversation=conversation)


def _article_texts(database: Database) -> list[str]:
    with database.session() as session:
        return [squash(a.text) for a in session.scalars(select(Article))]


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("من هو سامر الخطيب؟", "who_is"),
        ("مين الخطيب", "who_is"),
        ("what did Khatib say?", "what_said"),
        ("ماذا قال الخطيب؟", "what_said"),
        ("هل طلبت فرنسا العملية؟", "is_true"),
        ("how many were killed in Harem", "how_many"),
        ("كم عدد القتلى", "how_many"),
        ("where is the camp?", "where"),
        ("متى بدأت الاشتباكات", "when"),
        ("What is disputed about the operation?", "disputed"),
        ("ماذا حدث في حارم", "what_happened"),
        ("لماذا طوقت الشرطة المخيم", "why"),
        ("At what time did the shooting start?", "when"),
        ("Who is to blame for the flooding?", "disputed"),
        ("من المسؤول عن انهيار الجسر؟", "disputed"),
        ("Who is the mayor?", "who_is"),
    ],
)
def test_intent_detection(question: str, intent: str) -> None:
    assert parse_question(question).intent == intent


def test_who_is_finds_the_person_with_typos_and_latin_spelling(corpus: Database) -> None:
    for question in ("من هو سامر الخطيب؟", "مين سامر الخطيـب", "Samer Khatib", "who is samer al-khatib"):
        answer = _ask(corpus, question)
        assert answer.found, question
        assert answer.entities[0].name.endswith("الخطيب"), question
        assert answer.entities[0].kind == "person"


def test_claim_question_cites_verbatim_quotes(corpus: Database) -> None:
    answer = _ask(corpus, "لماذا جاءت الحملة على المخيم؟")
    assert answer.found
    texts = _article_texts(corpus)
    assert any("شكاوى" in c.text for c in answer.claims[:3])
    for claim in answer.claims:
        for citation in claim.citations:
            assert citation.quote and any(citation.quote in t for t in texts)
            assert citation.outlet or citation.title


def test_denial_is_reported_as_denied(corpus: Database) -> None:
    answer = _ask(corpus, "هل طلبت فرنسا تنفيذ العملية؟")
    assert answer.found
    stances = {c.stance for c in answer.claims if "طلبت" in c.text or "request" in c.text}
    assert "denied" in stances


def test_english_question_finds_arabic_reporting_and_answers_in_english(corpus: Database) -> None:
    answer = _ask(corpus, "How many people were killed in the clashes?")
    assert answer.found
    assert answer.language == "en"
    assert any("قتل" in c.text for c in answer.claims[:3])
    assert "says" in answer.answer or "denies" in answer.answer


def test_follow_up_refers_to_the_previous_entity(corpus: Database) -> None:
    first = _ask(corpus, "من هو سامر الخطيب؟")
    assert first.top_entity is not None
    follow = _ask(corpus, "ماذا قال أيضاً؟", Conversation(entity_id=first.top_entity.id))
    assert follow.found
    assert any("الخطيب" in (c.speaker or "") or "الخطيب" in c.text for c in follow.claims)


@pytest.mark.parametrize(
    "question",
    [
        "What is the weather in Tokyo?",
        "من فاز بكأس العالم؟",
        "qwxz plorf zzkk",
        "",
        "'; DROP TABLE claims; --",
        "<script>alert(1)</script>",
        "ما " * 5000,
    ],
)
def test_not_found_says_so_and_offers_what_it_knows(corpus: Database, question: str) -> None:
    answer = _ask(corpus, question)
    assert answer.found is False
    assert answer.claims == ()
    assert answer.answer
    payload = answer.to_json()
    assert payload["found"] is False
    json.dumps(payload, ensure_ascii=False)


def test_find_entity_guards_against_weak_matches(corpus: Database) -> None:
    with corpus.session() as session:
        hit = find_entity(session, "الخطيب")
        assert hit is not None and hit.kind == "person"
        assert find_entity(session, "زيدان") is None


def test_json_contract(corpus: Database) -> None:
    payload = _ask(corpus, "هل طلبت فرنسا العملية؟").to_json()
    assert set(payload) >= {"question", "found", "answer", "as_of", "entities", "claims"}
    for claim in payload["claims"]:
        assert claim["status"] in ("corroborated", "single-source", "disputed")
        assert claim["stance"] in ("affirmed", "denied")
        for citation in claim["citations"]:
            assert set(citation) == {"outlet", "title", "url", "published", "quote"}


def test_a_shared_first_name_names_nobody(corpus: Database) -> None:
    answer = _ask(corpus, "سامر")
    assert all(e.score < 0.8 for e in answer.entities)


def test_family_name_and_short_latin_place_names(corpus: Database) -> None:
    assert _ask(corpus, "العلي").entities[0].name.endswith("العلي")
    harem = _ask(corpus, "Harem")
    assert harem.found and harem.entities[0].name == "حارم"
    assert harem.entities[0].kind == "place"


def test_the_same_answers_on_postgresql(postgres_url: str) -> None:
    database = stored(postgres_url, DOCS)
    try:
        who = _ask(database, "Samer Khatib")
        assert who.found and who.entities[0].name.endswith("الخطيب")
        said = _ask(database, "ماذا قال الخطيب؟", Conversation())
        assert said.found and said.claims
        assert _ask(database, "What is the weather in Tokyo?").found is False
    finally:
        database.dispose()


def test_a_dispute_shows_both_sides_with_their_sources(corpus: Database) -> None:
    answer = _ask(corpus, "هل طلبت باريس تنفيذ العملية في حارم؟")
    assert answer.found
    disputed = [c for c in answer.claims[:5] if c.status == "disputed"]
    assert {c.stance for c in disputed} == {"affirmed", "denied"}
    assert len({c.group for c in disputed}) == 1
    outlets = {cite.outlet for c in disputed for cite in c.citations}
    assert {"صحيفة الساحل", "شبكة الوادي"} <= outlets


def test_a_place_or_body_is_named_by_its_distinctive_words_in_any_order(sqlite_url: str) -> None:
    database = open_database(sqlite_url)
    with database.session() as session:
        store_document(
            session,
            CleanDocument(
                source="camp.txt",
                outlet="إذاعة الريف",
                title="توتر في مخيم الزيتون",
                language="ar",
                text="توتر في مخيم الزيتون\nقال أبو خالد الحمصي إن الوضع في مخيم الزيتون هادئ منذ الصباح.",
            ),
        )
    assert _ask(database, "Zaytoun camp").entities[0].name == "مخيم الزيتون"
    # A nisba in a kunya names no one by itself: "Homsi" is not أبو خالد الحمصي.
    assert all(e.kind != "person" for e in _ask(database, "Homsi residents").entities)
    database.dispose()


def test_the_storys_own_word_after_a_bodys_head_does_not_name_the_body(tmp_path: Path) -> None:
    """'مركز الفيضان' (where the flood began) is stored as a body; 'الفيضان' alone, which every report
    uses, does not name it, so a question about what no report says finds nothing."""
    lines = [
        "قال الدفاع المدني إن مركز الفيضان كان في الوادي الشرقي.",
        "وأكد المحافظ أن الفيضان أغرق أربعين منزلاً في القرية.",
        "وقالت مصادر محلية إن الفيضان قطع الطريق الرئيسي.",
        "وأعلنت البلدية أن الفيضان أتلف محاصيل القمح.",
        "وذكر شهود أن الفيضان بدأ قبل الفجر بساعتين.",
    ]
    doc = CleanDocument(
        source="flood.txt",
        outlet="صحيفة السهل",
        title="الفيضان يغرق القرية",
        language="ar",
        published_at=datetime(2025, 3, 2, 9, 0, tzinfo=UTC),
        text="الفيضان يغرق القرية\n" + "\n".join(lines),
    )
    database = stored(f"sqlite:///{tmp_path / 'flood.db'}", [doc])
    from bot.answer.entities import match_entities

    with database.session() as session:
        for question in ("كم مدرسة تهدمت بسبب الفيضان؟", "ما هو مركز الفيضان؟"):
            parsed = parse_question(question)
            names = [m.entity.name for m in match_entities(session, parsed.focus, proper=parsed.proper)]
            assert names == ([] if "مدرسة" in question else ["مركز الفيضان"])
        assert not ask(session, "كم مدرسة تهدمت بسبب الفيضان؟").found


def test_how_many_answers_with_the_other_count_of_what_it_asks(tmp_path: Path) -> None:
    """'How many are missing?': the other side is another count of the missing, not a revised death toll."""

    def doc(name: str, outlet: str, text: str, hour: int) -> CleanDocument:
        return CleanDocument(
            source=f"{name}.txt",
            outlet=outlet,
            title=text.split("\n")[0],
            language="ar",
            published_at=datetime(2025, 4, 3, hour, 0, tzinfo=UTC),
            published_has_time=True,
            text=text,
        )

    docs = [
        doc(
            "a",
            "صحيفة الوادي",
            "حصيلة العاصفة\nأعلن مدير الدفاع المدني ارتفاع حصيلة ضحايا العاصفة في بلدة الريان إلى 24 "
            "متوفى، مؤكداً أن عدد المفقودين في البلدة لا يتجاوز 12 مفقوداً.",
            9,
        ),
        doc(
            "b",
            "إذاعة السهل",
            "العاصفة في الريان\nارتفع عدد ضحايا العاصفة في بلدة الريان إلى 19 متوفى بينهم أطفال.",
            8,
        ),
        doc(
            "c",
            "شبكة الجبل",
            "متطوعون: المفقودون أكثر\nقالت لجنة متطوعي الريان إن عدد المفقودين في البلدة بلغ ثلاثة "
            "وستين شخصاً، وهو رقم يزيد كثيراً على الرقم الرسمي.",
            10,
        ),
    ]
    database = stored(f"sqlite:///{tmp_path / 'storm.db'}", docs)
    with database.session() as session:
        reply = ask(session, "كم عدد المفقودين في الريان؟")
    quotes = [c.citations[0].quote for c in reply.claims[:2]]
    assert any("12" in q for q in quotes) and any("ثلاثة وستين" in q for q in quotes)


def test_who_runs_a_place_names_the_holder_of_its_office(tmp_path: Path) -> None:
    """'Who runs X?': the person whose cited role heads X, not X itself nor its spokesman."""
    text = (
        "أمطار على الوادي\n"
        "هطلت أمطار غزيرة على بلدة الريحان ليل الأحد.\n"
        "قال المتحدث باسم بلدية الريحان نزار فاضل إن الطرق أغلقت.\n"
        "وقال منسق فريق متطوعي الريحان كمال يونس إن المتطوعين انتشروا في الأحياء.\n"
        "وقالت رئيسة بلدية الريحان سناء الحداد إن البلدية فتحت مدرستين لإيواء الأسر."
    )
    doc = CleanDocument(
        source="rain.txt",
        outlet="صحيفة الوادي",
        title="أمطار على الوادي",
        language="ar",
        published_at=datetime(2025, 2, 1, 9, 0, tzinfo=UTC),
        text=text,
    )
    database = stored(f"sqlite:///{tmp_path / 'rain.db'}", [doc])
    with database.session() as session:
        for question in ("من يدير بلدية الريحان؟", "Who runs the al-Rayhan municipality?"):
            reply = ask(session, question)
            assert reply.entities and reply.entities[0].name == "سناء الحداد", question

"""Claims: who speaks, what is a sentence, what is a denial, lists that belong to a statement.

Every sentence here is invented for these tests (a made-up valley, its council, a militia and a
newspaper); none comes from a real article or from the evaluation stories.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.extract import speakers as sp
from bot.extract.claims import _stance, calls_false
from bot.extract.tokens import tokenize
from bot.ingest.boilerplate import boilerplate_kind
from bot.ingest.clean import place_credit_outlet
from bot.ingest.document import CleanDocument
from bot.ingest.store import store_document
from bot.text import line_kind, split_sentences
from storage import Database, knowledge
from storage import claims as claim_reads
from storage.models import Claim, Term

_counter = iter(range(1, 10_000))


def ingest(db: Database, text: str, *, outlet: str = "صحيفة الوادي") -> int:
    n = next(_counter)
    doc = CleanDocument(
        source=f"test://claims/{n}",
        title=f"مقال {n}",
        text=text,
        language="ar",
        url=f"https://example.test/claims/{n}",
        outlet=outlet,
        published_at=datetime(2025, 6, 1, 9, tzinfo=UTC),
        published_has_time=True,
        title_derived=True,
    )
    with db.session() as session:
        return store_document(session, doc).article_id


def claims_of(db: Database, article_id: int) -> list[claim_reads.ClaimView]:
    with db.session() as session:
        ids = session.scalars(select(Claim.id).where(Claim.article_id == article_id).order_by(Claim.id)).all()
        return claim_reads.claims_by_ids(session, ids)


def words_of(text: str, k_word: str) -> tuple[list, int]:  # type: ignore[type-arg]
    toks = tokenize(text)
    return toks, next(n for n, t in enumerate(toks) if t.text == k_word)


def span_text(toks: list, found: tuple[int, int] | None) -> str | None:  # type: ignore[type-arg]
    if found is None:
        return None
    return " ".join(t.text for t in toks[found[0] : found[1]] if t.is_word)


# --- sentences, headings, bylines, captions -------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("الأسعار في السوق", "heading"),
        ("المجلس.. مفتوح أم مغلق؟", "heading"),
        ("«لن نترك الوادي»", "heading"),
        ("وأضاف: «لن نترك الوادي»", "paragraph"),  # speech on a short line
        ("قال المختار إن الطريق سالك.", "paragraph"),
        ("انتهى الاجتماع. وعاد الجميع", "paragraph"),  # two sentences
        ("• الخبز: ثلاثة أرغفة بدلاً من خمسة.", "bullet"),
        ("2- فتح المعبر أمام الشاحنات", "bullet"),
    ],
)
def test_line_kind_table(line: str, kind: str) -> None:
    assert line_kind(line) == kind


def test_abbreviations_do_not_end_sentences() -> None:
    text = "The vote was held at 9 a.m. on Monday. The U.S. envoy left. Dr. Vale stayed."
    pieces = [text[s.start : s.end] for s in split_sentences(text)]
    assert pieces == ["The vote was held at 9 a.m. on Monday.", "The U.S. envoy left.", "Dr. Vale stayed."]


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("(Reporting by Ann Lee in Vale; Editing by Tom Bay)", "credit"),
        ("إعداد: قسم الأخبار", "credit"),
        ("Editing by the council was slow, he said.", None),
        ("صورة: متطوعون ينظفون ساحة البلدة", "caption"),
        ("(صورة أرشيفية)", "caption"),
        ("Photo: a man crosses the bridge/Vale Times", "caption"),
        ("صورة المختار معلقة في الساحة منذ سنوات طويلة.", None),
    ],
)
def test_credits_and_captions_are_site_furniture(line: str, kind: str | None) -> None:
    assert boilerplate_kind(line) == kind


@pytest.mark.parametrize(
    ("line", "outlet"),
    [
        ("الزيتونة – الوادي", "الوادي"),
        ("خاص – الوادي", "الوادي"),
        ("السهل – وكالة النهر للأنباء", "وكالة النهر للأنباء"),
        ("بوابة النهر الإخبارية – السهل", "بوابة النهر الإخبارية"),
        ("قال المختار - وهو يبتسم - إن الطريق سالك", None),
    ],
)
def test_place_and_outlet_lines_name_the_outlet(line: str, outlet: str | None) -> None:
    assert place_credit_outlet(line) == outlet


def test_headings_and_bylines_are_not_claims(db: Database) -> None:
    text = (
        "قال المختار إن الطريق إلى الوادي سيفتح صباح الغد أمام السيارات.\n\n"
        "الطريق.. مفتوح أم مغلق؟\n\n"
        "وأكد المجلس المحلي أن الشاحنات ستنتظر حتى نهاية الأسبوع."
    )
    quotes = [c.quote for c in claims_of(db, ingest(db, text))]
    assert all("مفتوح أم مغلق" not in q for q in quotes)
    assert len(quotes) == 2


# --- denial ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("verb", "clause", "stance"),
    [
        ("نفى", "أن تكون الشرطة اعتقلت أحداً", "denied"),
        (None, "ولم يتضح عدد الجرحى حتى المساء", "affirmed"),  # a negation, not a denial
        ("قال", "إن الطريق لم يفتح بعد", "affirmed"),
        ("رفض", "الاتهامات التي نشرتها الصحيفة", "denied"),
        ("رفض", "أي تعديل على الخطة", "affirmed"),  # refusing a change is not denying a report
        ("وصف", "الأنباء بأنها عارية تماماً عن الصحة", "denied"),
        ("rejected", "a report that the dam had cracked", "denied"),
        ("rejected", "the proposal to close the road", "affirmed"),
        ("said", "the claims were completely baseless", "denied"),
        ("said", "the road did not reopen", "affirmed"),
    ],
)
def test_stance_table(verb: str | None, clause: str, stance: str) -> None:
    assert _stance(verb, tokenize(clause)) == stance


def test_calls_false_needs_the_whole_phrase() -> None:
    assert calls_false(tokenize("وقال إنها أخبار كاذبة"))
    assert not calls_false(tokenize("وقال إن الأخبار تأخرت"))


# --- speaker patterns (no database) ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "verb", "subject"),
    [
        ("وكان المختار قد أكد أن الطريق سالك", "أكد", "المختار"),
        ("وكان مجلس الوادي المحلي قد أعلن الخطة", "أعلن", "مجلس الوادي المحلي"),
        ("وقد أكد المختار أن الطريق سالك", "أكد", None),
    ],
)
def test_kana_subject_table(text: str, verb: str, subject: str | None) -> None:
    toks, k = words_of(text, verb)
    assert span_text(toks, sp.kana_subject(toks, k)) == subject


@pytest.mark.parametrize(
    ("text", "verb", "subject"),
    [
        ("لكن جمعية النهر، التي تعمل في القرى منذ سنوات، قالت إن", "قالت", "جمعية النهر"),
        ("غير أن قائد الفرقة سامي ورد، الملقب بالصقر، قال إن", "قال", "قائد الفرقة سامي ورد"),
        ("اندلعت اشتباكات في البلدة منذ الفجر بين الطرفين، قالت مصادر إن", "قالت", None),
    ],
)
def test_fronted_subject_table(text: str, verb: str, subject: str | None) -> None:
    toks, k = words_of(text, verb)
    assert span_text(toks, sp.fronted_subject(toks, k)) == subject


@pytest.mark.parametrize(
    ("text", "verb", "subject"),
    [
        ("البلدية تنفي إغلاق السوق", "تنفي", "البلدية"),
        ("والمختار يعلن انتهاء البحث", "يعلن", "والمختار"),
        ("نفت البلدية إغلاق السوق", "نفت", None),  # a past verb comes before its subject
    ],
)
def test_imperfect_subject_table(text: str, verb: str, subject: str | None) -> None:
    toks, k = words_of(text, verb)
    assert span_text(toks, sp.imperfect_subject(toks, k)) == subject


@pytest.mark.parametrize(
    ("phrase", "speaker"),
    [
        ("المختار لصحيفة الوادي", "المختار"),
        ("المختار لـ«الوادي»", "المختار"),
        ("المختار في بيان مقتضب", "المختار"),
        ("المختار مساء الثلاثاء", "المختار"),
        ("كتيبة النهر التي يقودها سامي ورد", "كتيبة النهر"),
        ("رئيس النقابة العامة لسائقي الشاحنات", "رئيس النقابة العامة لسائقي الشاحنات"),
    ],
)
def test_speaker_end_table(phrase: str, speaker: str) -> None:
    toks = tokenize(phrase)
    assert span_text(toks, (0, sp.speaker_end(toks, 0, len(toks), set()))) == speaker


@pytest.mark.parametrize(
    ("phrase", "is_document"),
    [("البيان", True), ("the statement", True), ("المجلس", False), ("البيان الأخير للمجلس", False)],
)
def test_document_reference_table(phrase: str, is_document: bool) -> None:
    toks = tokenize(phrase)
    assert sp.document_reference(toks, 0, len(toks)) == is_document


@pytest.mark.parametrize(
    ("text", "verb", "subject"),
    [
        ("Separately, the council denied the report", "denied", ["the council"]),
        (
            "Sam Ward, spokesman for the council, said the road was open",
            "said",
            ["Sam Ward", "spokesman for the council"],
        ),
        ("In Vale, the council said it would help", "said", ["the council"]),
        ("The new prices, announced on Monday, had lifted costs", "announced", None),
    ],
)
def test_english_subject_table(text: str, verb: str, subject: list[str] | None) -> None:
    toks, k = words_of(text, verb)
    found = sp.english_subject(toks, k)
    assert (None if found is None else [span_text(toks, c) for c in found]) == subject


@pytest.mark.parametrize(
    ("text", "verb", "subject"),
    [
        ("The road reopened at noon, the council said, after two days", "said", "the council"),
        ('"We will stay," Sam Ward told reporters', "told", "Sam Ward"),
        ('The "Green Vale" campaign said it would march', "said", None),
        ("Police said 23 people were held", "said", None),
    ],
)
def test_english_inverted_table(text: str, verb: str, subject: str | None) -> None:
    toks, k = words_of(text, verb)
    assert span_text(toks, sp.english_inverted(toks, k)) == subject


# --- speakers in articles -------------------------------------------------------------------------------


def test_a_person_named_inside_a_statement_is_not_its_speaker(db: Database) -> None:
    text = "وقالت البلدية إن المختار سامي ورد وافق على فتح السوق صباح الغد.\n"
    (claim,) = claims_of(db, ingest(db, text))
    assert claim.speaker == "البلدية"


def test_a_bodys_statement_is_the_bodys_not_its_leaders(db: Database) -> None:
    text = "وقالت كتيبة النهر التي يقودها سامي ورد في بيان إن مقاتليها انسحبوا من التلال.\n"
    (claim,) = claims_of(db, ingest(db, text))
    assert claim.speaker == "كتيبة النهر"
    with db.session() as session:
        (speaker,) = knowledge.entities_by_ids(session, {claim.speaker_entity_id})
    assert speaker.kind in ("group", "organisation") and "ورد" not in speaker.name


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "قال مدير السوق سامي الخطيب إن المحال أغلقت أبوابها منذ الأحد.\n"
            "وحمّل الخطيب بلدية الوادي مسؤولية إغلاق السوق طوال أسبوع قائلاً إن البلدية تجاهلت الشكاوى.\n",
            "الخطيب",
        ),
        (
            "وحمّل العقيد سامي الخطيب بلدية الوادي مسؤولية إغلاق السوق قائلاً إن البلدية تجاهلت الشكاوى.\n",
            "العقيد سامي الخطيب",
        ),
        (
            "وخاطب رئيس نقابة عمال الرصيف كمال الحداد العمال المعتصمين قائلاً إن الإضراب مستمر.\n",
            "رئيس نقابة عمال الرصيف كمال الحداد",
        ),
    ],
)
def test_a_participle_late_in_a_clause_reports_the_opening_verbs_subject(
    db: Database, text: str, speaker: str
) -> None:
    *_, claim = claims_of(db, ingest(db, text))
    assert claim.speaker == speaker


def test_time_words_and_addressees_are_not_speakers(db: Database) -> None:
    text = (
        "وكان المختار قد أكد الأسبوع الماضي أن الطريق سيبقى مفتوحاً أمام الشاحنات.\n"
        "وقال المختار لصحيفة الوادي إن السوق سيفتح غداً.\n"
    )
    kana, addressed = claims_of(db, ingest(db, text))
    assert kana.speaker == "المختار" and addressed.speaker == "المختار"


def test_a_document_speaks_for_the_body_that_issued_it(db: Database) -> None:
    text = (
        "وأعلنت جمعية النهر في بيان أن فرقها وصلت إلى القرى المعزولة صباح اليوم.\n"
        "وأكد البيان أن الجمعية ستوزع الخيام على العائلات خلال يومين.\n"
    )
    first, second = claims_of(db, ingest(db, text))
    assert second.speaker == first.speaker and second.speaker_entity_id == first.speaker_entity_id


def test_a_list_belongs_to_the_statement_that_introduces_it(db: Database) -> None:
    text = (
        "وحدد بيان جمعية النهر مطالبها من البلدية:\n"
        "1- فتح الطريق أمام الشاحنات.\n"
        "2- توزيع الخيام على العائلات.\n"
        "وشهدت البلدة هدوءاً حذراً مساء الأحد بعد يوم طويل.\n"
    )
    lead, one, two, narrative = claims_of(db, ingest(db, text))
    assert one.speaker == lead.speaker == two.speaker and one.speaker is not None
    assert narrative.speaker != lead.speaker
    with db.session() as session:
        rows = select(Term.term).where(Term.target_kind == "claim", Term.target_id == two.id)
        terms = set(session.scalars(rows).all())
    lead_terms = {t for t in terms if t.startswith("مطالب") or t.startswith("حدد")}
    assert lead_terms  # the item is found through the words that introduce it


def test_english_speakers_after_appositions_and_pronouns(db: Database) -> None:
    text = (
        "Sam Ward, spokesman for the Vale council, said the road would reopen on Monday. "
        '"We have enough trucks," he told reporters. '
        "The road was closed for two days, the council said, after the flood."
    )
    said, quoted, inverted = claims_of(db, ingest(db, text, outlet="Vale Times"))
    assert said.speaker == "Sam Ward" and quoted.speaker == "Sam Ward"
    assert inverted.speaker == "the council"

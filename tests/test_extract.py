"""Extraction: entity patterns, alias merging, claims with speakers and stance, groups and disputes.

Every sentence here is written for these tests (a made-up story about a town, a militia leader and
a police colonel); none comes from a real article.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner, Result

from bot.cli import app
from bot.config import get_settings
from bot.extract.entities import find_mentions
from bot.extract.gazetteer import EMPTY, load_gazetteer
from bot.extract.tokens import tokenize
from bot.ingest.document import CleanDocument, Tweet
from bot.ingest.store import store_document
from storage import Database, knowledge, search
from storage import claims as claim_reads
from storage.models import Chat, Claim, ClaimGroup, Entity, Follow

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "extract"


@pytest.fixture
def no_gazetteer(monkeypatch: pytest.MonkeyPatch) -> None:
    """Alias merging must work from the text alone."""
    monkeypatch.setenv("BRIEFING_GAZETTEER_ENABLED", "false")
    get_settings.cache_clear()


def mentions(text: str) -> list[tuple[str, str]]:
    found = find_mentions(tokenize(text), EMPTY)
    return [(m.kind, m.name) for m in found.mentions]


_counter = iter(range(1, 10_000))


def ingest(
    db: Database,
    text: str,
    *,
    title: str | None = None,
    outlet: str | None = None,
    published: datetime | None = None,
    tweets: tuple[Tweet, ...] = (),
) -> int:
    n = next(_counter)
    doc = CleanDocument(
        source=f"test://{n}",
        title=title or f"مقال رقم {n}",
        text=text,
        language="ar",
        url=f"https://example.test/{n}",
        outlet=outlet,
        published_at=published or datetime(2025, 5, 1, 9, tzinfo=UTC),
        published_has_time=True,
        title_derived=title is None,
        tweets=tweets,
    )
    with db.session() as session:
        return store_document(session, doc).article_id


def run_cli(db: Database, monkeypatch: pytest.MonkeyPatch, *args: str) -> Result:
    """Run a command against this test's database (settings are re-read)."""
    monkeypatch.setenv("BRIEFING_DATABASE_URL", db.engine.url.render_as_string(hide_password=False))
    get_settings.cache_clear()
    return CliRunner().invoke(app, list(args))


def entity_named(db: Database, name: str) -> knowledge.EntityInfo:
    from bot.extract.lookup import find_entity

    with db.session() as session:
        info = find_entity(session, name)
    assert info is not None, f"no entity for {name!r}"
    return info


def claims_of(db: Database, article_id: int) -> list[claim_reads.ClaimView]:
    with db.session() as session:
        ids = session.scalars(select(Claim.id).where(Claim.article_id == article_id).order_by(Claim.id)).all()
        return claim_reads.claims_by_ids(session, ids)


def group_of(db: Database, claim: claim_reads.ClaimView) -> ClaimGroup:
    with db.session() as session:
        group = session.get(ClaimGroup, claim.group_id)
        assert group is not None
        session.expunge(group)
        return group


# --- entity patterns (no database) ----------------------------------------------------------------------


def test_titles_are_not_part_of_a_persons_name() -> None:
    found = mentions("قال العقيد سامر الحلبي، قائد شرطة مدينة الزيتونة، إن الطريق أغلق.")
    assert ("person", "سامر الحلبي") in found
    assert ("place", "الزيتونة") in found


def test_leader_cues_and_origin_descriptors_lead_to_the_name() -> None:
    found = mentions("اقتحمت الشرطة مقر الفصيل الذي يقوده القيادي الليبي الأصل خالد المرعي.")
    assert ("person", "خالد المرعي") in found


def test_name_right_after_a_reporting_verb() -> None:
    found = mentions("وصرح يوسف القاسم لوكالة “النهار الجديد” بأن الوضع هادئ.")
    assert ("person", "يوسف القاسم") in found
    assert ("outlet", "النهار الجديد") in found


def test_a_common_noun_after_a_verb_is_not_a_name() -> None:
    found = mentions("وقالت مصادر محلية إن الهدوء عاد. وأكد التقرير أن السوق فتح أبوابه.")
    assert not [name for kind, name in found if kind == "person"]


def test_organisation_and_group_heads() -> None:
    found = mentions(
        "وبحسب المرصد الوطني لحقوق الإنسان فإن كتيبة “النور” انسحبت، "
        "فيما نشرت وزارة الداخلية عناصر من الأمن الداخلي."
    )
    assert ("organisation", "المرصد الوطني لحقوق الإنسان") in found
    assert ("group", "كتيبة النور") in found
    assert ("organisation", "وزارة الداخلية") in found
    assert ("organisation", "الأمن الداخلي") in found


def test_places_drop_their_head_and_direction() -> None:
    found = mentions("وقعت المواجهات في بلدة الزيتونة بريف حماة الشمالي قرب مخيم الأمل.")
    assert ("place", "الزيتونة") in found
    assert ("place", "حماة") in found
    assert ("place", "مخيم الأمل") in found
    assert not any(name.startswith(("بلدة", "ريف")) for _k, name in found)


def test_latin_names_and_handles() -> None:
    found = find_mentions(
        tokenize("Khaled al-Mari told reporters, according to the Wadi Observatory (@wadiobs)."), EMPTY
    )
    names = {(m.kind, m.name) for m in found.mentions}
    assert ("person", "Khaled al-Mari") in names
    assert ("organisation", "Wadi Observatory") in names
    assert any(m.name == "@wadiobs" for m in found.mentions)
    assert found.links, "a handle in brackets after a name is that name's alias"


def test_alias_statements_link_two_names() -> None:
    text = "ويقود المجموعة القيادي خالد المرعي، المعروف أيضاً باسم أبو حمزة، منذ عامين."
    found = find_mentions(tokenize(text), EMPTY)
    names = [m.name for m in found.mentions]
    assert "خالد المرعي" in names and "أبو حمزة" in names
    a, b = found.links[0]
    assert {found.mentions[a].name, found.mentions[b].name} == {"خالد المرعي", "أبو حمزة"}


def test_or_with_a_quoted_nickname_is_an_alias() -> None:
    found = find_mentions(tokenize("ظهر القيادي خالد المرعي أو “الشامي” في تسجيل جديد."), EMPTY)
    assert [(found.mentions[a].name, found.mentions[b].name) for a, b in found.links] == [
        ("خالد المرعي", "الشامي")
    ]


def test_nicknames_and_english_alias_statements() -> None:
    found = find_mentions(tokenize("وظهر القيادي يوسف القاسم الملقب بـ“أبو البراء” في الساحة."), EMPTY)
    assert [(found.mentions[a].name, found.mentions[b].name) for a, b in found.links] == [
        ("يوسف القاسم", "أبو البراء")
    ]
    english = find_mentions(
        tokenize("The commander Khaled Mari, also known as Abu Hamza, left the town."), EMPTY
    )
    assert [(english.mentions[a].name, english.mentions[b].name) for a, b in english.links] == [
        ("Khaled Mari", "Abu Hamza")
    ]


def test_quoted_names_after_li() -> None:
    found = mentions("وبثت الإذاعة تصريحات لـ “أبو البراء” ثم نشرت بياناً لـ “حركة الفجر” عن الهدنة.")
    assert ("person", "أبو البراء") in found
    assert ("group", "حركة الفجر") in found


def test_gazetteer_is_world_knowledge_and_can_be_extended() -> None:
    packaged = load_gazetteer(True, None)
    assert packaged.lookup("فرنسا") is not None
    assert packaged.country_of_adjective("الفرنسيه") == "فرنسا"
    assert packaged.country_named_by("باريس") == "فرنسا"
    extended = load_gazetteer(True, str(FIXTURES / "gazetteer_extra.toml"))
    assert extended.lookup("اذاعه وادي") is not None
    france = extended.lookup("فرنسا")
    assert france is not None and "République française" in france.aliases and "France" in france.aliases
    assert not load_gazetteer(False, None).enabled


# --- resolution across articles -------------------------------------------------------------------------


def test_alias_statement_merges_names_across_articles(db: Database, no_gazetteer: None) -> None:
    ingest(db, "يتحصن القيادي خالد المرعي، المعروف أيضاً باسم خالد الشامي، داخل بلدة الزيتونة منذ أسبوع.")
    ingest(db, "ظهر القيادي خالد الشامي في تسجيل مصور من داخل بلدة الزيتونة مساء أمس.")
    info = entity_named(db, "خالد الشامي")
    assert {"خالد المرعي", "خالد الشامي"} <= set(info.alias_names)
    assert info.mention_count >= 3
    with db.session() as session:
        persons = session.scalars(select(Entity).where(Entity.kind == "person")).all()
    assert len(persons) == 1


def test_latin_and_arabic_spellings_merge(db: Database, no_gazetteer: None) -> None:
    ingest(db, "قال القيادي خالد المرعي إن مقاتليه لن يسلموا أسلحتهم للشرطة في الزيتونة.")
    ingest(db, "Khaled al-Mari said on Tuesday that his fighters would not hand over their weapons.")
    info = entity_named(db, "Khaled al-Mari")
    assert "خالد المرعي" in info.alias_names and "Khaled al-Mari" in info.alias_names


def test_a_place_the_gazetteer_knows_does_not_absorb_a_short_lookalike(db: Database) -> None:
    ingest(db, "وصل وفد البنك الدولي إلى عمّان صباح الأحد لبحث خطة الإصلاح المالي.")
    ingest(db, "Hundreds of drivers blocked the main road in Maan on Sunday, residents said.")
    ingest(db, "The delegation met officials in Amman on Monday, the ministry said.")
    amman = entity_named(db, "Amman")
    assert "عمّان" in amman.alias_names and "Amman" in amman.alias_names
    assert "Maan" not in amman.alias_names


def test_fuzzy_spelling_merges_but_two_different_omars_do_not(db: Database, no_gazetteer: None) -> None:
    ingest(db, "قال العقيد ماهر الجاسم إن الطريق إلى البلدة أعيد فتحه صباح اليوم.")
    ingest(db, "أوضح العقيد ماهر الجاسيم أن دوريات الشرطة عادت إلى الأسواق.")
    ingest(db, "أعلن الناشط عمر الحداد أن المدارس أغلقت أبوابها بسبب القصف.")
    ingest(db, "أكد الطبيب عمر القاسم أن المستشفى استقبل عشرة جرحى.")
    assert {"ماهر الجاسم", "ماهر الجاسيم"} <= set(entity_named(db, "ماهر الجاسم").alias_names)
    ingest(db, "قال القيادي ناصر بوزيد إن مقاتليه انسحبوا من التلال المحيطة بالبلدة.")
    ingest(db, "وأكد القيادي بوزييد أن الانسحاب تم بالتنسيق مع الوجهاء.")  # the surname alone, misspelled
    assert "بوزييد" in entity_named(db, "ناصر بوزيد").alias_names
    haddad, qasem = entity_named(db, "عمر الحداد"), entity_named(db, "عمر القاسم")
    assert haddad.id != qasem.id


def test_surname_alone_resolves_to_the_person_named_earlier(db: Database, no_gazetteer: None) -> None:
    article = ingest(db, "قال العقيد سامر الحلبي إن الوضع تحت السيطرة. وأضاف الحلبي أن الحصار سيرفع قريباً.")
    info = entity_named(db, "سامر الحلبي")
    assert "الحلبي" in info.alias_names
    speakers = {c.speaker_entity_id for c in claims_of(db, article)}
    assert speakers == {info.id}


def test_gazetteer_switch_controls_world_names(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_GAZETTEER_ENABLED", "false")
    get_settings.cache_clear()
    ingest(db, "وصل وفد من فرنسا إلى البلدة للقاء المسؤولين المحليين صباح اليوم.")
    with db.session() as session:
        assert knowledge.find_entities(session, "فرنسا") == []
    monkeypatch.setenv("BRIEFING_GAZETTEER_ENABLED", "true")
    get_settings.cache_clear()
    ingest(db, "وصل وفد ثان من فرنسا إلى البلدة للقاء الوجهاء مساء اليوم.")
    info = entity_named(db, "France")
    assert info.kind == "country" and info.name == "فرنسا"


# --- claims ---------------------------------------------------------------------------------------------


def test_every_informative_sentence_is_a_claim_with_a_verbatim_span(db: Database) -> None:
    text = (
        "الشرطة تفتح طريق الزيتونة\n"
        "أعادت الشرطة فتح الطريق الرئيسي في بلدة الزيتونة بعد إغلاق دام يومين.\n"
        "وقال العقيد سامر الحلبي إن الدوريات ستبقى في الشوارع حتى نهاية الأسبوع.\n"
        "• السوق المركزي فتح أبوابه صباحاً.\n"
    )
    article = ingest(db, text, title="الشرطة تفتح طريق الزيتونة", outlet="صحيفة الوادي")
    claims = claims_of(db, article)
    assert [c.kind for c in claims] == ["headline", "statement", "reported", "bullet"]
    for claim in claims:
        assert claim.quote == text[claim.start : claim.end]
        assert claim.start == 0 or not text[claim.start - 1].isalnum()
        assert claim.end == len(text) or not text[claim.end].isalnum()
    headline, statement, reported, _bullet = claims
    assert headline.speaker == "صحيفة الوادي" and statement.speaker == "صحيفة الوادي"
    assert reported.verb == "قال" and reported.speaker == "العقيد سامر الحلبي"
    assert reported.outlet == "صحيفة الوادي"


def test_a_sentence_with_two_speakers_gives_two_claims(db: Database) -> None:
    text = (
        "اندلعت اشتباكات عنيفة في البلدة صباح اليوم بين الطرفين المتنازعين على المعبر، "
        "فيما قالت مصادر محلية إن ثلاثة مدنيين أصيبوا بجروح."
    )
    claims = claims_of(db, ingest(db, text))
    assert len(claims) == 2
    assert claims[1].speaker == "مصادر محلية" and claims[1].verb == "قال"
    assert claims[1].quote.startswith("فيما قالت")


def test_a_denial_is_never_read_as_an_affirmation_nor_a_negation_as_a_denial(db: Database) -> None:
    text = (
        "نفى المتحدث باسم وزارة الداخلية أن تكون الشرطة اعتقلت أي صحفي في البلدة.\n"
        "وأكد التقرير أن الهجوم على المعبر لم يتم بطلب من المجلس المحلي.\n"
        "ولا تزال الطرق المؤدية إلى البلدة مغلقة أمام الشاحنات.\n"
        "وأكدت المصادر أن ما جرى ليس مجرد خلاف عابر، بل أزمة عميقة.\n"
    )
    denial, negated, still, contrast = claims_of(db, ingest(db, text))
    assert (denial.verb, denial.stance) == ("نفى", "denied")
    assert negated.stance == "affirmed"  # a negation inside what is said is not a denial
    assert still.stance == "affirmed"
    assert contrast.stance == "affirmed"


def test_english_reports_have_speakers_and_stances(db: Database) -> None:
    text = (
        "Police chief Samir Halabi said the road to the town would reopen on Monday. "
        "The interior ministry denied that any journalist was detained. "
        "According to the Wadi Observatory, 12 people were killed in the shelling."
    )
    said, denied, according = claims_of(db, ingest(db, text, outlet="Valley Times"))
    assert (said.speaker, said.verb, said.stance) == ("Samir Halabi", "said", "affirmed")
    assert (denied.verb, denied.stance) == ("denied", "denied")
    assert (according.speaker, according.verb) == ("the Wadi Observatory", "according to")


def test_quotes_and_tweets_are_claims_of_their_own_kind(db: Database) -> None:
    text = (
        "وقال القيادي خالد المرعي: «لن نسلم أسلحتنا لأي جهة كانت مهما حصل».\n"
        "الاشتباكات تتجدد في محيط المعبر الشمالي للبلدة منذ الفجر\n"
    )
    start = text.index("الاشتباكات")
    tweet = Tweet(start, len(text) - 1, "مرصد الوادي (@wadiobs)", None)
    quote, posted = claims_of(db, ingest(db, text, tweets=(tweet,)))
    assert quote.kind == "quote" and quote.speaker == "القيادي خالد المرعي"
    assert posted.kind == "tweet" and posted.speaker == "مرصد الوادي (@wadiobs)"
    assert posted.speaker_entity_id is not None
    assert {"مرصد الوادي", "@wadiobs"} <= set(entity_named(db, "@wadiobs").alias_names)


def test_a_body_named_in_full_elsewhere_is_not_cut_short(db: Database) -> None:
    """A post signed with the body's whole name lends it to the article's shorter reading, and the store
    lends it to the next article."""
    text = "وقالت منظمة عيون بلا حدود إن الطريق مغلق منذ الصباح.\nالطريق مغلق والمياه ترتفع\n"
    start = text.index("الطريق مغلق والمياه")
    tweet = Tweet(start, len(text) - 1, "منظمة عيون بلا حدود (@oyoun)", None)
    ingest(db, text, tweets=(tweet,))
    ingest(db, "وأعلنت منظمة عيون بلا حدود أن الجسر مغلق أيضاً.")
    with db.session() as session:
        names = [e.name for e in session.scalars(select(Entity)) if "عيون" in e.name]
    assert names == ["منظمة عيون بلا حدود"]


def test_claims_link_the_entities_they_mention(db: Database) -> None:
    article = ingest(db, "قال العقيد سامر الحلبي إن كتيبة “النور” انسحبت من بلدة الزيتونة ليلاً.")
    (claim,) = claims_of(db, article)
    with db.session() as session:
        linked = search.claim_entity_links(session, [claim.id])[claim.id]
        names = {e.name for e in knowledge.entities_by_ids(session, linked)}
    assert {"سامر الحلبي", "كتيبة النور", "الزيتونة"} <= names


def test_candidate_lookups_for_the_answering_engine(db: Database) -> None:
    from bot.terms import name_terms, text_terms

    ingest(
        db, "قال العقيد سامر الحلبي إن الطريق إلى بلدة الزيتونة أعيد فتحه صباح اليوم.", outlet="صحيفة الوادي"
    )
    target = ingest(db, "أعلنت وزارة الصحة افتتاح مستشفى ميداني جديد في مدينة الساحل.", outlet="وكالة السهل")
    with db.session() as session:
        # The same candidate index the answering engine reads (storage.search).
        terms = text_terms("متى افتتح المستشفى الميداني؟")
        weights = {t: 1.0 / n for t, n in knowledge.term_counts(session, "claim", terms).items()}
        hits = search.best_targets(session, weights, "claim", 5)
        (claim,) = claim_reads.claims_by_ids(session, [hits[0][0]])
        assert claim.article_id == target and hits[0][1] > 0
        assert claim.outlet == "وكالة السهل" and claim.group_status == "single-source"
        members = knowledge.group_members(session, [claim.group_id])
        assert members == {claim.group_id: [claim.id]}
        keys = name_terms("Samer al-Halabi")
        weights = dict.fromkeys(knowledge.term_counts(session, "entity", keys), 1.0)
        (entity_id, _weight), *_rest = search.best_targets(session, weights, "entity", 5)
        (info,) = knowledge.entities_by_ids(session, [entity_id])
        assert info.name == "سامر الحلبي" and "الحلبي" in info.alias_names


# --- groups ---------------------------------------------------------------------------------------------


def test_two_outlets_corroborate_and_a_syndicated_copy_counts_once(db: Database) -> None:
    first = "أعادت السلطات المحلية فتح معبر الزيتونة الحدودي أمام الشاحنات التجارية صباح الأحد."
    second = "فتحت السلطات المحلية معبر الزيتونة الحدودي أمام الشاحنات التجارية صباح يوم الأحد."
    a = ingest(db, first, outlet="صحيفة الوادي")
    ingest(db, first + " ", outlet="وكالة السهل")  # the same text again: a syndicated copy
    (claim,) = claims_of(db, a)
    assert group_of(db, claim).status == "single-source"
    b = ingest(db, second, outlet="إذاعة الجبل")
    (other,) = claims_of(db, b)
    assert other.group_id == claim.group_id
    group = group_of(db, claim)
    assert (group.status, group.outlet_count) == ("corroborated", 2)


def test_articles_without_publisher_count_as_their_own_sources(db: Database) -> None:
    text = "أعادت السلطات المحلية فتح معبر الزيتونة الحدودي أمام الشاحنات التجارية صباح الأحد."
    a = ingest(db, text, title="المعبر يفتح")
    ingest(
        db,
        "فتحت السلطات المحلية معبر الزيتونة الحدودي أمام الشاحنات التجارية يوم الأحد.",
        title="عودة الشاحنات",
    )
    (claim,) = claims_of(db, a)
    assert group_of(db, claim).status == "corroborated"


def test_affirmation_and_denial_of_one_proposition_are_disputed(any_db: Database) -> None:
    a = ingest(
        any_db, "أعلن المجلس المحلي أنه طلب من الوسطاء التدخل لوقف القتال في الزيتونة.", outlet="صحيفة الوادي"
    )
    b = ingest(
        any_db, "نفى المجلس المحلي أنه طلب من الوسطاء التدخل لوقف القتال في الزيتونة.", outlet="وكالة السهل"
    )
    (yes,), (no,) = claims_of(any_db, a), claims_of(any_db, b)
    assert (yes.stance, no.stance) == ("affirmed", "denied")
    assert yes.group_id == no.group_id
    group = group_of(any_db, yes)
    assert (group.status, group.dispute_reason) == ("disputed", "denial")


def test_different_numbers_for_one_count_are_disputed(db: Database) -> None:
    a = ingest(db, "قتل 12 شخصا في القصف الذي استهدف سوق بلدة الزيتونة مساء الجمعة.", outlet="صحيفة الوادي")
    ingest(db, "قتل 20 شخصا في القصف الذي استهدف سوق بلدة الزيتونة مساء الجمعة.", outlet="وكالة السهل")
    (claim,) = claims_of(db, a)
    group = group_of(db, claim)
    assert (group.status, group.dispute_reason) == ("disputed", "numbers")


def test_a_translation_joins_the_group_of_the_report_it_translates(any_db: Database) -> None:
    arabic = ingest(
        any_db,
        "أطلق مكتب الإغاثة نداء عاجلا لجمع 30 مليون دولار لتمويل إيواء العائلات النازحة.",
        outlet="صحيفة الوادي",
    )
    english = ingest(
        any_db,
        "The relief office launched an urgent appeal for 30 million dollars to shelter displaced families.",
        outlet="Valley Wire",
    )
    other = ingest(
        any_db,
        "The relief office said 12 schools had reopened as shelters for displaced families.",
        outlet="Hill Post",
    )
    (ar,), (en,), (unrelated,) = (
        claims_of(any_db, arabic),
        claims_of(any_db, english),
        claims_of(any_db, other),
    )
    assert en.group_id == ar.group_id
    assert unrelated.group_id != ar.group_id
    assert (group_of(any_db, ar).status, group_of(any_db, ar).outlet_count) == ("corroborated", 2)


def test_a_translation_giving_another_figure_stays_apart(db: Database) -> None:
    arabic = ingest(db, "أطلق مكتب الإغاثة نداء عاجلا لجمع 30 مليون دولار لتمويل إيواء العائلات النازحة.")
    english = ingest(
        db,
        "The relief office launched an urgent appeal for 75 million dollars to shelter displaced families.",
    )
    (ar,), (en,) = claims_of(db, arabic), claims_of(db, english)
    assert en.group_id != ar.group_id


def test_who_asked_for_an_operation_is_disputed_across_speakers(db: Database) -> None:
    a = ingest(db, "نفت باريس أن يكون اقتحام المعسكر قد جرى بطلب منها أو بتنسيق معها.", outlet="إذاعة الجبل")
    b = ingest(
        db,
        "وقال قائد الفصيل إن اقتحام المعسكر نفذ بتوجيه من المخابرات الفرنسية وبأوامر مباشرة.",
        outlet="صحيفة الوادي",
    )
    (denied,), (affirmed,) = claims_of(db, a), claims_of(db, b)
    assert denied.stance == "denied" and affirmed.stance == "affirmed"
    assert denied.group_id == affirmed.group_id
    assert group_of(db, denied).status == "disputed"
    assert denied.side == affirmed.side == "فرنسا"


def test_two_speakers_naming_different_instigators_are_disputed(db: Database) -> None:
    a = ingest(
        db, "قال قائد الفصيل إن الهجوم على معبر الزيتونة نفذ بطلب مباشر من تركيا.", outlet="صحيفة الوادي"
    )
    b = ingest(
        db, "قال وجهاء البلدة إن الهجوم على معبر الزيتونة نفذ بطلب مباشر من إيران.", outlet="وكالة السهل"
    )
    (first,), (second,) = claims_of(db, a), claims_of(db, b)
    assert (first.side, second.side) == ("تركيا", "إيران")
    assert first.group_id == second.group_id
    group = group_of(db, first)
    assert (group.status, group.dispute_reason) == ("disputed", "accounts")


def test_a_corrected_article_replaces_its_claims(db: Database) -> None:
    doc = CleanDocument(
        source="test://corrected",
        title="المعبر",
        text="أغلقت الشرطة معبر بلدة الزيتونة أمام المسافرين صباح اليوم.",
        language="ar",
        url="https://example.test/corrected",
        outlet="صحيفة الوادي",
        title_derived=True,
    )
    with db.session() as session:
        first = store_document(session, doc).article_id
    fixed = CleanDocument(
        **{**doc.__dict__, "text": "فتحت الشرطة معبر بلدة الزيتونة أمام المسافرين مساء اليوم."}
    )
    with db.session() as session:
        second = store_document(session, fixed).article_id
    assert second != first
    assert claims_of(db, first) == []
    with db.session() as session:
        assert len(session.scalars(select(ClaimGroup)).all()) == 1, "the replaced claim's group is gone"
        assert entity_named(db, "الزيتونة").mention_count == 1
    (claim,) = claims_of(db, second)
    assert claim.quote.startswith("فتحت")


def test_reindex_rebuilds_the_same_knowledge(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    ingest(db, "قال العقيد سامر الحلبي إن كتيبة “النور” انسحبت من بلدة الزيتونة ليلاً.", outlet="صحيفة الوادي")
    ingest(db, "نفى القيادي خالد المرعي أن تكون كتيبة “النور” انسحبت من بلدة الزيتونة.", outlet="وكالة السهل")

    def snapshot() -> tuple[list[tuple[str, str]], list[tuple[str, str, str]]]:
        with db.session() as session:
            entities = sorted((e.kind, e.name) for e in knowledge.list_entities(session))
            claims = sorted(
                (c.quote, c.stance, c.group_status or "") for c in claim_reads.list_claims(session)
            )
        return entities, claims

    before = snapshot()
    assert len(before[1]) == 2
    with db.session() as session:
        session.add(Chat(id=42))
        session.flush()
        session.add(Follow(chat_id=42, entity_id=entity_named(db, "خالد المرعي").id))
    result = run_cli(db, monkeypatch, "reindex")
    assert result.exit_code == 0, result.output
    assert snapshot() == before
    with db.session() as session:
        (follow,) = session.scalars(select(Follow)).all()
        assert follow.entity_id == entity_named(db, "خالد المرعي").id, "a chat's follow survives the rebuild"


def test_commands_show_entities_and_disputes(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    ingest(
        db,
        "أعلن المجلس المحلي أنه طلب من الوسطاء التدخل لوقف القتال في بلدة الزيتونة.",
        outlet="صحيفة الوادي",
    )
    ingest(
        db, "نفى المجلس المحلي أنه طلب من الوسطاء التدخل لوقف القتال في بلدة الزيتونة.", outlet="وكالة السهل"
    )
    listed = run_cli(db, monkeypatch, "entities", "--kind", "place", "--json")
    assert listed.exit_code == 0, listed.output
    assert [e["name"] for e in json.loads(listed.stdout)] == ["الزيتونة"]
    shown = run_cli(db, monkeypatch, "entity", "الزيتونه", "--json")
    assert shown.exit_code == 0 and len(json.loads(shown.stdout)["claims"]) == 2
    disputed = run_cli(db, monkeypatch, "claims", "--status", "disputed", "--json")
    (group,) = json.loads(disputed.stdout)
    sides = {side["side"]: [c["outlet"] for c in side["claims"]] for side in group["sides"]}
    assert sides == {"affirmed": ["صحيفة الوادي"], "denied": ["وكالة السهل"]}
    missing = run_cli(db, monkeypatch, "entity", "لا أحد بهذا الاسم")
    assert missing.exit_code == 1


def test_a_body_denying_it_asked_is_the_side_it_denies(db: Database) -> None:
    a = ingest(
        db,
        "نفت وزارة الخارجية الإيطالية أن تكون قد طلبت من السلطات الليبية مداهمة الميناء في الزاوية.",
        outlet="إذاعة الجبل",
    )
    b = ingest(
        db,
        "قال قائد الفصيل إن مداهمة الميناء في الزاوية جرت بطلب مباشر من المخابرات الإيطالية.",
        outlet="صحيفة الوادي",
    )
    (denied,), (affirmed,) = claims_of(db, a), claims_of(db, b)
    assert denied.side == affirmed.side == "إيطاليا"  # the one asking, not the addressee after من
    assert denied.group_id == affirmed.group_id
    assert group_of(db, denied).status == "disputed"


def test_an_alias_statement_never_names_a_body_from_an_earlier_phrase(
    db: Database, no_gazetteer: None
) -> None:
    text = (
        "وقال مصدر في قيادة الشرطة بحمص إن العملية تهدف إلى القبض على سليم الحداد، "
        "المعروف أيضاً باسم سليم العلي."
    )
    ingest(db, text)
    with db.session() as session:
        bodies = [e for e in knowledge.list_entities(session) if e.kind != "person"]
    for body in bodies:
        assert not any("سليم" in alias for alias, *_ in body.aliases), body


def test_an_accusative_noun_after_a_name_is_not_part_of_it(db: Database, no_gazetteer: None) -> None:
    ingest(db, "أصدرت كتيبة النصر التي يقودها سليم الحداد بياناً مساء الأربعاء.")
    with db.session() as session:
        people = [e.name for e in knowledge.list_entities(session) if e.kind == "person"]
    assert people == ["سليم الحداد"]


def test_english_noun_phrases_are_not_people_and_bodies_keep_their_full_name() -> None:
    found = mentions(
        "The Britain-based Syrian Observatory for Human Rights said several French fighters fled."
    )
    assert ("organisation", "Syrian Observatory for Human Rights") in found
    assert not [name for kind, name in found if kind == "person"]


def test_a_body_announcing_a_figure_is_the_speaker_not_the_figure(db: Database) -> None:
    """'أعلنت وزارة الزراعة ارتفاع عدد ...': the object is a verbal noun, not part of who speaks."""
    text = "وفي آخر إحصاء، أعلنت وزارة الزراعة ارتفاع عدد الماشية النافقة إلى ٢٤٠ رأساً في الوادي."
    claims = claims_of(db, ingest(db, text))
    assert [c.speaker for c in claims] == ["وزارة الزراعة"]


def test_according_to_what_a_body_announced_names_the_body(db: Database) -> None:
    """'بحسب ما أعلنه X مساء الأحد': X speaks; the relative clause and the time are not the speaker."""
    text = (
        "وبحسب الحصيلة التي أعلنتها مديرية الدفاع المدني مساء الأحد، ارتفع عدد المصابين إلى ثلاثين. "
        "وبحسب ما أعلنه المتحدث باسم البلدية سامي الخوري صباح اليوم، فإن المياه ستعود غداً."
    )
    claims = claims_of(db, ingest(db, text))
    assert [c.speaker for c in claims] == ["مديرية الدفاع المدني", "المتحدث باسم البلدية سامي الخوري"]


def test_a_closing_according_to_what_x_announced_names_x(db: Database) -> None:
    text = (
        "ارتفع عدد المصابين في حريق السوق إلى ثلاثين شخصاً، بينهم أربعة أطفال، بحسب ما أعلنه مدير "
        "الدفاع المدني في المحافظة العقيد وائل منصور."
    )
    claims = claims_of(db, ingest(db, text))
    assert claims[-1].speaker == "مدير الدفاع المدني في المحافظة العقيد وائل منصور"


def test_a_speaker_does_not_keep_the_and_a_clause_opens_with(db: Database) -> None:
    text = (
        "أمطار غزيرة تغرق السهل\n\nوالمحافظ يعلن إغلاق الطريق الساحلي أمام الشاحنات حتى إشعار آخر.\n\n"
        "وقال وائل منصور إن الخطة جاهزة."
    )
    speakers = [c.speaker for c in claims_of(db, ingest(db, text))]
    assert "المحافظ" in speakers and "وائل منصور" in speakers
    assert "والمحافظ" not in speakers


def test_english_speakers_keep_their_whole_name_and_lose_time_and_relatives(db: Database) -> None:
    """A possessive, an "and" inside a body's name, a leading "On Monday", a relative after "according to"."""
    text = (
        "The river rose by two metres overnight, the province's civil protection service said. "
        "The Roads and Bridges Authority, which manages the crossing, denies that the bridge collapsed. "
        "On Monday the harbour office denied receiving any warning about the storm. "
        "Two boats sank near the pier, according to a harbour official who asked not to be named."
    )
    speakers = [c.speaker for c in claims_of(db, ingest(db, text))]
    assert speakers == [
        "the province's civil protection service",
        "Roads and Bridges Authority",
        "the harbour office",
        "a harbour official",
    ]


def test_a_long_run_before_a_preposition_is_the_speaker_and_the_verbs_object(db: Database) -> None:
    """'نفت المصادر الرسمية علمها بنقل الشحنة ... وأشارت إلى': the speaker is the opening noun phrase."""
    text = (
        "نفت المصادر الرسمية علمها بنقل الشحنة التي وصلت ليلاً من الميناء الجنوبي إلى المستودع، "
        "وأشارت إلى أن التحقيق مستمر."
    )
    claims = claims_of(db, ingest(db, text))
    assert claims[0].speaker == "المصادر الرسمية"


def test_a_bodys_name_does_not_end_on_um_or_abu() -> None:
    """'غرفة طوارئ أم رمانة': the word after أم belongs to the name."""
    assert mentions("ودعت غرفة طوارئ أم رمانة السكان إلى الابتعاد عن الوادي.")[0] == (
        "organisation",
        "غرفة طوارئ أم رمانة",
    )

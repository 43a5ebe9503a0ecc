"""Entity resolution across articles: scripts, spellings, kunyas, nicknames, bodies, and who stays apart.

Every sentence and name here is invented for these tests; none comes from a real article or a shared story.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.extract.profile import Profile, load_profiles, transliterate
from bot.translit import name_key
from storage import Database, knowledge
from storage.models import Article, Entity
from tests.test_extract import entity_named, ingest, no_gazetteer

__all__ = ["no_gazetteer"]


def persons(db: Database) -> list[knowledge.EntityInfo]:
    with db.session() as session:
        ids = session.scalars(select(Entity.id).where(Entity.kind == "person")).all()
        return knowledge.entities_by_ids(session, ids)


def test_a_titled_name_merges_across_scripts_and_spellings(db: Database, no_gazetteer: None) -> None:
    ingest(db, "وقال وزير الإسكان سليم العطار إن الترميم سيستغرق عاماً.")
    ingest(db, "Housing Minister Salim al-Attar said repairs would take a year.")
    ingest(db, "Housing Minister Saleem Attar told reporters the work had begun.")
    info = entity_named(db, "سليم العطار")
    assert {"Salim al-Attar", "Saleem Attar"} <= set(info.alias_names)
    assert not any("Minister" in a or "وزير" in a for a in info.alias_names)
    assert len(persons(db)) == 1


def test_a_one_consonant_given_name_and_a_maghrebi_g_still_merge_across_scripts(
    db: Database, no_gazetteer: None
) -> None:
    """ "Hedi" has one consonant left in its skeleton, and "Gafsi" writes ق as g: the surname carries it."""
    ingest(db, "وأعلن والي المدينة الهادي الدباغ أن الطريق فتح.")
    ingest(db, "Governor Hedi Dabbagh said the road was open.")
    ingest(db, "وقال العقيد معز القرمازي إن البحث مستمر.")
    ingest(db, "Colonel Moez Gormazi said the search would go on.")
    assert {"Hedi Dabbagh"} <= set(entity_named(db, "الهادي الدباغ").alias_names)
    assert {"Moez Gormazi"} <= set(entity_named(db, "معز القرمازي").alias_names)
    assert len(persons(db)) == 2


def test_a_glued_article_a_compound_and_a_dropped_middle_name_still_merge_across_scripts(
    db: Database, no_gazetteer: None
) -> None:
    """ "Elfarjani" writes the article into the name, "Fadlalla" writes فضل الله as one word, and the English
    copy leaves out the father's name."""
    ingest(db, "وقالت الطبيبة سلمى الفرجاني إن المستشفى ممتلئ.")
    ingest(db, "Dr. Salma Elfarjani said the hospital was full.")
    ingest(db, "وقال المهندس المتقاعد كمال موسى فضل الله إن السد تصدع.")
    ingest(db, "Retired engineer Kamal Fadlalla said the dam had cracked.")
    assert "Salma Elfarjani" in entity_named(db, "سلمى الفرجاني").alias_names
    assert "Kamal Fadlalla" in entity_named(db, "كمال موسى فضل الله").alias_names
    assert len(persons(db)) == 2


def test_two_people_who_share_a_first_name_stay_apart(db: Database, no_gazetteer: None) -> None:
    ingest(db, "وقال العميد سليم الخطيب إن الجسر أغلق أمام الشاحنات.")
    ingest(db, "وقال منسق جمعية الغيث للإسعاف سليم بركات لـ«الصباح» إن الجسر مفتوح.")
    ingest(db, "Brigadier Salim al-Khatib said the bridge was closed to trucks.")
    khatib, barakat = entity_named(db, "سليم الخطيب"), entity_named(db, "سليم بركات")
    assert khatib.id != barakat.id
    assert "Salim al-Khatib" in khatib.alias_names and "Salim al-Khatib" not in barakat.alias_names


def test_a_kunya_with_the_surname_is_the_same_person(db: Database, no_gazetteer: None) -> None:
    ingest(db, "وقال رئيس النقابة فؤاد العلي، المعروف بـ“أبو سامر”، إن الإضراب بدأ.")
    ingest(db, "وكتب أبو سامر العلي أن نسبة الالتزام بالإضراب كبيرة، وقال أبو سامر العلي إنه مستمر.")
    info = entity_named(db, "فؤاد العلي")
    assert {"أبو سامر", "أبو سامر العلي"} <= set(info.alias_names)
    assert len(persons(db)) == 1


def test_a_kunya_with_another_surname_is_someone_else(db: Database, no_gazetteer: None) -> None:
    ingest(db, "وقال رئيس النقابة فؤاد العلي، المعروف بـ“أبو سامر”، إن الإضراب بدأ.")
    ingest(db, "وقال أبو سامر الحمصي إن المحل أغلق.")
    assert entity_named(db, "أبو سامر الحمصي").id != entity_named(db, "فؤاد العلي").id


def test_a_nickname_seen_first_alone_joins_the_full_name_it_is_given_later(
    db: Database, no_gazetteer: None
) -> None:
    ingest(db, "وقال قائد فريق الغوص الذي يعرفه الصيادون باسم «الصقر» إن البحث مستمر.")
    ingest(db, "غير أن قائد فريق الغوص يزن عمران، الملقب بـ«الصقر»، قال إن البحث انتهى.")
    info = entity_named(db, "يزن عمران")
    assert "الصقر" in info.alias_names
    assert len(persons(db)) == 1


def test_a_body_and_its_short_name_are_one(db: Database, no_gazetteer: None) -> None:
    ingest(db, "وقالت منظمة يد الخير للإغاثة إن فرقها وصلت إلى القرى.")
    ingest(db, "وأكدت «يد الخير» أن المساعدات لا تكفي، بحسب مديرية الدفاع المدني ونقلاً عن الدفاع المدني.")
    body = entity_named(db, "منظمة يد الخير للإغاثة")
    assert "يد الخير" in body.alias_names
    civil = entity_named(db, "مديرية الدفاع المدني")
    assert "الدفاع المدني" in civil.alias_names


def test_an_acronym_in_brackets_names_the_body(db: Database, no_gazetteer: None) -> None:
    ingest(db, "The National Weather Authority (NWA) warned of floods. The NWA said rain would go on.")
    info = entity_named(db, "NWA")
    assert info.kind == "organisation" and "National Weather Authority" in info.alias_names


def test_an_outlet_named_in_two_articles_is_one_entity(db: Database, no_gazetteer: None) -> None:
    ingest(db, "قال مصدر لوكالة النجم للأنباء إن المعبر فتح.", outlet="وكالة النجم للأنباء")
    ingest(db, "ونقلت «النجم» عن مصدر أن المعبر أغلق.", outlet="وكالة النجم للأنباء")
    with db.session() as session:
        outlets = knowledge.list_entities(session, "outlet")
    assert len([o for o in outlets if "النجم" in o.alias_names]) == 1


# --- profiles: cited roles and a Latin name --------------------------------------------------------------


def profile_of(db: Database, name: str) -> Profile:
    info = entity_named(db, name)
    with db.session() as session:
        return load_profiles(session, [info])[info.id]


def test_a_profile_cites_each_role_and_the_latin_name_an_article_gives(
    db: Database, no_gazetteer: None
) -> None:
    first = ingest(db, "وقال وزير الإسكان سليم العطار إن الترميم سيستغرق عاماً.")
    ingest(db, "Salim al-Attar, spokesman for the reconstruction fund, said repairs had begun.")
    profile = profile_of(db, "سليم العطار")
    assert profile.latin_name == "Salim al-Attar" and not profile.transliterated
    assert profile.latin_line is not None
    roles = {line.text: line for line in profile.roles}
    assert {"وزير الإسكان", "spokesman for the reconstruction fund"} <= set(roles)
    with db.session() as session:
        article = session.get(Article, first)
        assert article is not None
        line = roles["وزير الإسكان"]
        assert article.text[line.start : line.end] == "وزير الإسكان"  # cited verbatim


def test_without_a_latin_spelling_the_name_is_transliterated_and_marked(
    db: Database, no_gazetteer: None
) -> None:
    ingest(db, "وأعلن المقدم وائل الحسن توقيف عشرة أشخاص في المدينة.")
    profile = profile_of(db, "وائل الحسن")
    assert profile.transliterated and profile.latin_name.isascii() and profile.name == "وائل الحسن"
    assert [line.text for line in profile.roles] == ["المقدم"]


def test_merging_two_entities_keeps_both_profiles(db: Database, no_gazetteer: None) -> None:
    ingest(db, "وقال قائد فريق الغوص الذي يعرفه الصيادون باسم «الصقر» إن البحث مستمر.")
    ingest(db, "وقال يزن عمران، الملقب بـ«الصقر»، إن البحث انتهى.")
    profile = profile_of(db, "يزن عمران")
    assert "قائد فريق الغوص" in [line.text for line in profile.roles]


@pytest.mark.parametrize(
    ("arabic", "latin"),
    [("سليم العطار", "Salim al-Attar"), ("أبو سامر", "Abu Samer"), ("نادر", "Nadir")],
)
def test_transliteration_is_readable_latin(arabic: str, latin: str) -> None:
    out = transliterate(arabic)
    assert out.isascii() and name_key(out) == name_key(latin)


def test_profiles_are_stored_and_merged_on_both_databases(any_db: Database, no_gazetteer: None) -> None:
    ingest(any_db, "وقال قائد فريق الغوص الذي يعرفه الصيادون باسم «الصقر» إن البحث مستمر.")
    ingest(any_db, "وقال وزير الإسكان يزن عمران، الملقب بـ«الصقر»، إن البحث انتهى.")
    ingest(any_db, "وقال وزير الإسكان يزن عمران إن الترميم بدأ.")  # the same role again: one line
    profile = profile_of(any_db, "يزن عمران")
    assert sorted(line.text for line in profile.roles) == ["قائد فريق الغوص", "وزير الإسكان"]

"""Entity resolution across articles: scripts, spellings, kunyas, nicknames, bodies, and who stays apart.

Every sentence and name here is invented for these tests; none comes from a real article or a shared story.
"""

from __future__ import annotations

from sqlalchemy import select

from storage import Database, knowledge
from storage.models import Entity
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

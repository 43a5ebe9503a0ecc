"""Entity patterns, one table per family: titles and ranks, appositions, aliases, bodies, places, negatives.

Every sentence and name here is invented for these tests (a made-up story about a flood, a housing
ministry, a relief group and a drivers' syndicate); none comes from a real article or a shared story.
"""

from __future__ import annotations

import pytest

from bot.extract import latin, roles
from bot.extract.entities import find_mentions
from bot.extract.gazetteer import EMPTY, load_gazetteer
from bot.extract.names import body_short_forms, parse_org, parse_place, plural_or_suffixed
from bot.extract.tokens import tokenize

GAZ = load_gazetteer(True, None)


def found(text: str) -> list[tuple[str, str, str]]:
    """(kind, name, role) of every mention the patterns find in one sentence."""
    result = find_mentions(tokenize(text), GAZ)
    return [
        (m.kind, m.name, text[m.role_start : m.role_end] if m.role_start >= 0 else "")
        for m in result.mentions
    ]


def people(text: str) -> list[str]:
    return [name for kind, name, _r in found(text) if kind == "person"]


def links(text: str) -> list[tuple[str, str]]:
    result = find_mentions(tokenize(text), GAZ)
    return [(result.mentions[a].name, result.mentions[b].name) for a, b in result.links]


# --- titles and ranks: the name after them, never the title inside the name ------------------------------

TITLED = [
    ("وقال وزير الإسكان سليم العطار إن المشروع تأخر.", "سليم العطار", "وزير الإسكان"),
    ("وأعلن العميد الركن نادر الخطيب أن الطريق فتح.", "نادر الخطيب", "العميد الركن"),
    ("وأكد المقدم وائل الحسن توقيف ١٢ شخصاً في المدينة.", "وائل الحسن", "المقدم"),
    (
        "وقال محافظ البنك المركزي اللبناني سمير داود في مقابلة إن السعر ثابت.",
        "سمير داود",
        "محافظ البنك المركزي اللبناني",
    ),
    (
        "وقال المتحدث باسم وزارة الإسكان الدكتور فادي النجار مساء أمس إن الأضرار كبيرة.",
        "فادي النجار",
        "المتحدث باسم وزارة الإسكان الدكتور",
    ),
    (
        "قالت الناطقة باسم الجمعية هالة النجار لـ«الصباح» إن العمل مستمر.",
        "هالة النجار",
        "الناطقة باسم الجمعية",
    ),
    (
        "وقال منسق جمعية الغيث للإسعاف سامي بركات لـ«الصباح» إن الجسر مغلق.",
        "سامي بركات",
        "منسق جمعية الغيث للإسعاف",
    ),
    (
        "ونقل البيان عن رئيسة بعثة البنك إلى لبنان ليندا كارسون قولها إن الدعم ضروري.",
        "ليندا كارسون",
        "رئيسة بعثة البنك إلى لبنان",
    ),
    ("وقال قائد فريق الغوص البحري يزن عمران، إن البحث مستمر.", "يزن عمران", "قائد فريق الغوص البحري"),
    ("وقال رئيس النقابة فؤاد العلي على حسابه إن الإضراب نجح.", "فؤاد العلي", "رئيس النقابة"),
    # an office's complement is a proper name too: the person is the last name of the run
    ("وأعلن والي تل الورد سامر دبوس مساء الأحد أن الطريق فتح.", "سامر دبوس", "والي تل الورد"),
    ("وطالبت النائبة عن دائرة تل الورد هالة دبوس بلجنة تحقيق.", "هالة دبوس", "النائبة عن دائرة تل الورد"),
    # an office over a state or locality, then an adjective of the office: the name comes after both
    (
        "وأعلن والي ولاية السهل الغربية المكلف سامر دبوس أن الطريق فتح.",
        "سامر دبوس",
        "والي ولاية السهل الغربية المكلف",
    ),
    (
        "ونفت المديرة التنفيذية لمحلية تل الورد هالة سامر دبوس أن تكون تلقت إنذاراً.",
        "هالة سامر دبوس",
        "المديرة التنفيذية لمحلية تل الورد",
    ),
    # a given name written with the article opens a name; a role with a body before it
    ("وأعلن محافظ الإقليم الحبيب العطار أن الطريق فتح.", "الحبيب العطار", "محافظ الإقليم"),
    (
        "غير أن الكاتب العام لنقابة عمال المرفأ بالمدينة الطاهر دبوس قال إن الإضراب بدأ.",
        "الطاهر دبوس",
        "الكاتب العام لنقابة عمال المرفأ بالمدينة",
    ),
]


@pytest.mark.parametrize(("text", "name", "role"), TITLED)
def test_titles_and_ranks_give_the_name_and_the_role(text: str, name: str, role: str) -> None:
    assert ("person", name, role) in found(text)


LATIN_TITLED = [
    (
        "Housing Minister Salim al-Attar said the repairs would take a year.",
        "Salim al-Attar",
        "Housing Minister",
    ),
    ("Brigadier General Nader Khatib told reporters the road was open.", "Nader Khatib", "Brigadier General"),
    ("Governor Samir Daoud has said the rate will hold.", "Samir Daoud", "Governor"),
    (
        "Central Bank of Lebanon Governor Samir Daoud told a committee that.",
        "Samir Daoud",
        "Central Bank of Lebanon Governor",
    ),
    ("the ministry spokesman Fadi Najjar said on Monday.", "Fadi Najjar", "ministry spokesman"),
    ("the ministry's spokesman, Fadi Najjar, said on Monday.", "Fadi Najjar", "ministry's spokesman"),
    ("Col. Nader Khatib said the road was open.", "Nader Khatib", "Col"),
]


SUBJECTS = [
    ("وبحسب سليم العطار، فإن الجسر مغلق.", "سليم العطار"),
    ("ونقلاً عن يزن عمران فإن البحث انتهى.", "يزن عمران"),
    ("وكتب فؤاد العلي على حسابه أن الإضراب نجح.", "فؤاد العلي"),
    ("وقالت الدكتورة هالة النجار إن المستشفى ممتلئ.", "هالة النجار"),
]


@pytest.mark.parametrize(("text", "name"), SUBJECTS)
def test_a_name_after_a_verb_or_according_to_is_a_person(text: str, name: str) -> None:
    assert people(text) == [name]


@pytest.mark.parametrize(("text", "name", "role"), LATIN_TITLED)
def test_english_titles_stay_out_of_the_name(text: str, name: str, role: str) -> None:
    assert ("person", name, role) in found(text)


def test_a_leader_cue_names_the_leader_and_the_description_after_it_is_the_role() -> None:
    assert ("person", "خالد المرعي", "القيادي الليبي") in found(
        "اقتحمت الشرطة مقر الفصيل الذي يقوده القيادي الليبي خالد المرعي."
    )
    assert ("person", "خالد المرعي", "") in found("اقتحمت الشرطة مقر الفصيل الذي يقوده خالد المرعي.")


def test_a_rank_of_two_words_never_stays_in_the_name() -> None:
    assert people("وأعلن اللواء الركن سعيد الملا أن الجسر أغلق.") == ["سعيد الملا"]
    assert people("وقال الفريق أول سعيد الملا إن القوات انسحبت.") == ["سعيد الملا"]


# --- appositions ---------------------------------------------------------------------------------------

APPOSITIONS = [
    ("سامي بركات، المتحدث باسم جمعية الغيث، قال إن المعبر مغلق.", "سامي بركات", "المتحدث باسم جمعية الغيث"),
    ("وقال المتحدث باسم الوزارة، فادي النجار، إن الأضرار كبيرة.", "فادي النجار", "المتحدث باسم الوزارة"),
    ("وقال يزن عمران، وهو من سكان الحي، إن الماء ارتفع.", "يزن عمران", "وهو من سكان الحي"),
    (
        "Sami Barakat, spokesman for the Housing Ministry, said the road was shut.",
        "Sami Barakat",
        "spokesman for the Housing Ministry",
    ),
    (
        "said Linda Carson, the bank's mission chief for Lebanon.",
        "Linda Carson",
        "the bank's mission chief for Lebanon",
    ),
]


@pytest.mark.parametrize(("text", "name", "role"), APPOSITIONS)
def test_appositions_name_a_person_and_give_the_role(text: str, name: str, role: str) -> None:
    assert ("person", name, role) in found(text)


# --- aliases: nicknames, kunyas, acronyms ---------------------------------------------------------------

ALIASES = [
    ("وقال رئيس النقابة فؤاد العلي، المعروف بـ“أبو سامر”، إن الإضراب بدأ.", ("فؤاد العلي", "أبو سامر")),
    ("وخاطب رئيس النقابة فؤاد العلي «أبو سامر» السائقين قائلاً إن الإضراب بدأ.", ("فؤاد العلي", "أبو سامر")),
    ("غير أن قائد الفريق يزن عمران، الملقب بـ«الصقر»، قال إن البحث مستمر.", ("يزن عمران", "الصقر")),
    ("وقال فؤاد العلي، المعروف بين السائقين بـ«أبو سامر»، إن الإضراب بدأ.", ("فؤاد العلي", "أبو سامر")),
    (
        "Fouad al-Ali, the syndicate head widely known as Abu Samer, called a strike.",
        ("Fouad al-Ali", "Abu Samer"),
    ),
    (
        # a long apposition before the cue, and a nickname of several Latin words
        '"We need ropes," said Fouad Salem, a volunteer with the town\'s river rescue team who is known'
        " locally as Abu Karim al-Haddad.",
        ("Fouad Salem", "Abu Karim al-Haddad"),
    ),
    ("وقالت هيئة الأرصاد الوطنية للطقس (هأو) إن المطر سيستمر.", ("هيئة الأرصاد الوطنية للطقس", "هأو")),
    (
        "The National Weather Authority (NWA) said the rain would go on.",
        ("National Weather Authority", "NWA"),
    ),
    (
        "But the Green Hand relief group (Yad Khadra), which has volunteers there, said.",
        ("Green Hand", "Yad Khadra"),
    ),
]


@pytest.mark.parametrize(("text", "pair"), ALIASES)
def test_alias_statements_tie_two_names(text: str, pair: tuple[str, str]) -> None:
    assert pair in links(text)


def test_a_nickname_after_a_role_alone_is_a_person_with_that_role() -> None:
    text = "وقال قائد فريق الغوص الذي يعرفه الصيادون باسم «الصقر» إن البحث مستمر."
    assert ("person", "الصقر", "قائد فريق الغوص") in found(text)


# --- bodies and their short names -------------------------------------------------------------------------

SHORT_FORMS = [
    ("جمعية الغيث للإسعاف", "organisation", ["الغيث للإسعاف", "جمعية الغيث"]),
    ("منظمة يد الخير للإغاثة", "organisation", ["يد الخير للإغاثة", "منظمة يد الخير", "يد الخير"]),
    ("وكالة النجم للأنباء", "outlet", ["النجم للأنباء", "وكالة النجم", "النجم"]),
    ("النقابة العامة لعمال الموانئ", "organisation", ["نقابة عمال الموانئ"]),
    ("مديرية الدفاع المدني", "organisation", ["الدفاع المدني"]),
    ("سليم العطار", "person", []),
]


@pytest.mark.parametrize(("name", "kind", "shorter"), SHORT_FORMS)
def test_body_short_forms(name: str, kind: str, shorter: list[str]) -> None:
    assert body_short_forms(name, kind) == shorter


ORGS = [
    ("الهيئة العامة للمياه الجوفية والرصد البيئي أعلنت", "الهيئة العامة للمياه الجوفية والرصد البيئي"),
    ("منظمة الغيث للإسعاف، التي تعمل", "منظمة الغيث للإسعاف"),
    ("وزارة الإسكان الدكتور فادي", "وزارة الإسكان"),
    ("الحكومة الانتقالية إلى الحوار", "الحكومة الانتقالية"),
    ("جمعية بحر أزرق على حسابها", "جمعية بحر أزرق"),
]


def test_and_to_is_not_the_governor() -> None:
    assert people("وإلى دعم نقدي مباشر للأسر محدودة الدخل.") == []


def test_a_verb_with_its_shadda_after_a_role_is_not_a_name() -> None:
    assert people("ومدير المرفأ يحمّل البلدية المسؤولية") == []


@pytest.mark.parametrize(("text", "name"), ORGS)
def test_body_names_end_where_they_should(text: str, name: str) -> None:
    org = parse_org(tokenize(text), 0)
    assert org is not None and org[2] == name


PLACES = [
    ("في بلدة عين رمان الشرقية", 1, "عين رمان"),
    ("قرية تل الزعتر الشرقية", 0, "تل الزعتر"),
    ("محافظة بين النهرين الحدودية", 0, "بين النهرين"),
    ("في قرية سرمين غرب", 1, "سرمين"),
]


@pytest.mark.parametrize(("text", "at", "name"), PLACES)
def test_places_after_their_head(text: str, at: int, name: str) -> None:
    place = parse_place(tokenize(text), at)
    assert place is not None and place[2] == name


def test_a_structure_keeps_its_head_and_the_bare_name_is_an_alias() -> None:
    result = find_mentions(tokenize("وقالت الوزارة إن سد عين رمان بخير."), GAZ)
    assert [(m.name, m.aliases) for m in result.mentions if m.kind == "place"] == [
        ("سد عين رمان", ["عين رمان"])
    ]


LATIN_KINDS = [
    ("The toll rose, the Housing Ministry said on Monday.", "Housing Ministry", "organisation"),
    ("Thousands fled to Tal Zaatar, a town near the coast.", "Tal Zaatar", "place"),
    ("villages in the Wadi Rum valley were cut off.", "Wadi Rum", "place"),
    ("the National Weather Authority warned.", "National Weather Authority", "organisation"),
    ('The "Our Bread Is Not a Toy" campaign said it would march.', "Our Bread Is Not a Toy", "group"),
    ("a report by the Levantine Herald website said.", "Levantine Herald", "outlet"),
    ("BEIT NOUR, Lebanon, May 2 (Reuters) - The river rose.", "BEIT NOUR", "place"),
]


@pytest.mark.parametrize(("text", "name", "kind"), LATIN_KINDS)
def test_latin_runs_say_what_they_name(text: str, name: str, kind: str) -> None:
    assert any(k == kind and n == name for k, n, _r in found(text))


# --- negatives: never people ------------------------------------------------------------------------------

NOT_PEOPLE = [
    "وقال المتحدث باسم وزارة الإسكان إن الأضرار كبيرة.",  # باسم is a preposition here
    "وقال أحد المهندسين، الذي طلب عدم ذكر اسمه لأنه يعمل في الوزارة، إن الجدار تصدع.",
    "كشف مهندسون جيولوجيون تحدثوا للصحيفة أن التربة رخوة.",
    "وقال عاملون إنهم لم يتقاضوا أجورهم.",
    "وقال لوسائل إعلام محلية إن الطريق مغلق.",
    "وحذر خبراء اقتصاديون من أن الأسعار سترتفع.",
    "وتعهد بإنهاء الوجود المسلح الأجنبي في البلاد وتسليم المطلوبين إلى القضاء.",
    "وبدأ بإنهاء الوجود الجهادي في المدينة وتسليم الأسلحة إلى الشرطة.",  # a title word used as an adjective
    "ووفقاً لتقارير حقوقية ومصادر مطلعة، فإن الهدنة صامدة.",
    "وقالت الوزارة إن الفرق عملت على نشر نقاط مراقبة على المداخل.",
    'واعتبر أن التراجع "يهدد اتفاق الحكومة مع البنك".',  # the quoted verb's subject came before it
    "الوزارة تنفي استقالة النجار من منصبه.",  # the object of a verb after its subject is no speaker
    "In Geneva, the agency appealed for funds.",
    "At Friday's march, police counted the crowd.",
    "the Levantine Herald website reported on Monday.",
    'The "Bread Is a Red Line" campaign called a march.',
    "The Central Bank said the rate would hold.",
    "the National Weather Authority (NWA) warned.",
    "Police said five people were held in the Middle East.",
]


@pytest.mark.parametrize("text", NOT_PEOPLE)
def test_outlets_places_events_and_common_nouns_are_not_people(text: str) -> None:
    assert people(text) == []


@pytest.mark.parametrize(
    ("word", "plural"),
    [
        ("جيولوجيين", True),
        ("تحدثوا", True),
        ("استقالته", True),
        ("خلدون", False),
        ("كارسون", False),
        ("طه", False),
    ],
)
def test_plurals_and_suffixed_nouns_are_not_name_words(word: str, plural: bool) -> None:
    from bot.text import normalise

    assert plural_or_suffixed(normalise(word)) is plural


# --- the pieces on their own ----------------------------------------------------------------------------


def test_two_plurals_in_a_row_are_a_phrase_not_a_name() -> None:
    from bot.extract.names import plural_pair

    assert plural_pair(tokenize("مسلحون مجهولون"), 0)
    assert not plural_pair(tokenize("ليندا كارسون"), 0)


def test_titled_name_reads_the_role_then_the_name() -> None:
    toks = tokenize("المتحدث باسم الأمن العام المقدم وائل الحسن")
    titled = roles.titled_name(toks, 0, EMPTY)
    assert titled is not None
    assert [t.text for t in toks[titled.name_start : titled.name_end]] == ["وائل", "الحسن"]


def test_latin_name_splits_a_title_off() -> None:
    toks = tokenize("Finance Minister Omar Saleh said")
    name = latin.latin_name(toks, 0, True)
    assert name is not None and name.name == "Omar Saleh" and name.role_start == 0

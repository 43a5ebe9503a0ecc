"""Word lists that drive extraction: titles, triggers, reporting verbs, negators (Arabic, English).

Every list is written in ordinary spelling and normalised once at import, so it matches
``bot.text.normalise``.
Nothing here names a person, place or group of any particular story.
"""

from __future__ import annotations

from bot.text import normalise


def _norm_set(words: str) -> frozenset[str]:
    return frozenset(normalise(w) for w in words.split() if w.strip())


def _norm_map(pairs: dict[str, str]) -> dict[str, str]:
    return {normalise(k): v for k, v in pairs.items()}


# Titles and roles that precede a person's name (never part of the canonical name).
PERSON_TITLES = _norm_set(
    """
    القيادي قيادي قائد العميد عميد اللواء العقيد المقدم الرائد النقيب الملازم الجنرال الشيخ الرئيس رئيس
    نائب وزير الوزير المتحدث الناطق المدعو الجهادي المقاتل مدير المدير السيد السيدة الدكتور الأمير أمير
    زعيم الزعيم القاضي الصحفي الصحافي الناشط الداعية المعارض الإعلامي المسؤول المستشار الملك الأمين
    المبعوث المراسل الباحث الخبير المحلل السفير الجهاديان المواطن الشاب الطفل الطفلة المدون الكاتب
    الطبيب المحامي المهندس الأستاذ الشاعر الفنان المخرج اللاعب المدرب الإمام النائب
    """
)
# Roles that take a complement before the name ("محافظ البنك المركزي X", "منسق منظمة Y X"), feminine
# forms of the titles above, and ranks; all are titles too.
ROLE_TITLES = _norm_set(
    """
    محافظ المحافظ والي منسق المنسق منسقة رئيسة الرئيسة مديرة المديرة نائبة وزيرة الوزيرة قائدة
    المتحدثة الناطقة متحدث ناطق متحدثة ناطقة مستشارة مفوض المفوض ممثل ممثلة مندوب المندوب عضو
    سفيرة المبعوثة مسؤولة الأمينة نقيب الفريق اللواء
    """
)
# Feminine and further titles: professions, offices and clergy that precede a name.
ROLE_TITLES = ROLE_TITLES | _norm_set(
    """
    الدكتورة الناشطة الصحفية الصحافية الكاتبة الطبيبة المحامية الباحثة الخبيرة المراسلة المهندسة الأستاذة
    الإعلامية المحللة المستشارة السفيرة القاضية المدونة الشاعرة الفنانة المخرجة اللاعبة المدربة النائبة
    عمدة العمدة قائمقام القائمقام المفتي المطران البطريرك الحاخام الأسقف المشير الملازم النقيب الرائد العقيد
    الأدميرال رئيسة الناطق المتحدث البرلماني البرلمانية الوزيرة
    """
)
# Given names that are written with the article (الهادي X, الطاهر Y): a name may start with one.
# Words that are also common adjectives or titles (الأمين, العربي, الطيب, الصغير) are left out.
DEFINITE_GIVEN_NAMES = _norm_set(
    """
    الهادي الطاهر الحبيب المنصف الصادق الحسين الحسن المختار المهدي الناصر البشير المنجي الشاذلي الباجي
    الأزهر المولدي الجيلاني الصحبي الأخضر المكي العياشي الزين الحاج المعتصم المثنى الوليد
    """
)
# Ranks and honorifics: the name follows them directly, never a complement ("المقدم X Y توقيف ...").
RANKS_AND_HONORIFICS = _norm_set(
    """
    العميد عميد اللواء العقيد المقدم الرائد النقيب الملازم الجنرال المشير الفريق الأدميرال الشيخ السيد السيدة
    الدكتور الدكتورة المدعو
    """
)
# Verbs after which a name is their subject in verb-first order (besides the reporting verbs).
SUBJECT_VERBS = _norm_set(
    """
    كتب كتبت دعا دعت طالب طالبت وصف وصفت تابع تابعت لفت لفتت أردف أردفت توقع توقعت ناشد ناشدت رحب رحبت
    أعرب أعربت هدد هددت وعد وعدت خاطب خاطبت اعترف اعترفت أقر أقرت غرد غردت تحدث تحدثت جدد جددت
    """
)
# Words after a rank that belong to it ("العميد الركن", "الفريق أول"): part of the role, never of the name.
RANK_MODIFIERS = _norm_set("الركن ركن أول الأول ثاني الثاني المتقاعد متقاعد المظلي البحري الطيار")
# Adjectives of a role ("الناطق الإعلامي", "المتحدث الرسمي") skipped before the complement.
ROLE_ADJECTIVES = _norm_set("الإعلامي الإعلامية الرسمي الرسمية العام العامة التنفيذي التنفيذية الميداني")
# "المتحدث باسم X": the body a spokesman speaks for follows باسم.
ROLE_FOR = _norm_set("باسم بإسم")
# Words that end a name but that the general lists do not hold: pronoun-suffixed nouns, plural
# complementisers, "his name".
NAME_ENDERS = _norm_set("اسمه اسمها اسم لأنه لأنها لأن إنهم أنهم بأنهم إنهن أنهن وهو وهي قوله قولها قولهم")
# Heads of a body whose short name drops them ("منظمة X" is also "X").
DROPPABLE_BODY_HEADS = _norm_set("منظمة مديرية جمعية مؤسسة حركة حملة")
# Generic words at the end of an outlet's name ("X للأنباء", "X الإخبارية"): its short name drops them.
OUTLET_TAILS = _norm_set("للأنباء الإخبارية الإخباري للإعلام")
# Heads that name a body only when a quoted name follows ("حملة «X»"): otherwise common nouns.
QUOTED_BODY_HEADS = _norm_set("حملة مبادرة تنسيقية")
# Verbs that give a nickname ("الذي يعرفه الأهالي باسم «X»").
NICKNAME_VERBS = _norm_set("يعرفه يعرفها يعرفونه يلقبه يلقبها يلقبونه يسميه يسميها يسمونه ويعرفه ويلقبه")
# Verbs and phrases of leadership after which a person's name follows ("led by X").
# Offices that run a place or a body (their holder answers "who runs X?"), Arabic and English, as a role
# line begins: a spokesman speaks for a body, he does not run it.
LEADING_ROLES = _norm_set(
    """مدير مديرة رئيس رئيسة قائد قائدة زعيم محافظ محافظة والي منسق منسقة أمين آمر عمدة
    director head chief leader governor commander coordinator mayor executive president chairman chairwoman"""
)
LEADER_CUES = _norm_set("يقوده يقودها يقودهم بقيادة يتزعمه يتزعمها بزعامة يديره يديرها بإمرة أسسه أسسها")
# Words between a title and the name that describe the person (skipped): origin phrases and such.
ORIGIN_WORDS = _norm_set("أصل الأصل الأصول أصول ذو ذات السابق الحالي الشهير البارز المعروف")

# Organisation and group heads: the word is part of the canonical name.
GROUP_HEADS = _norm_set("كتيبة فرقة لواء جبهة تنظيم جماعة حركة فصيل ميليشيا ميليشيات سرايا جيش حزب كتائب")
ORG_HEADS = _norm_set(
    """
    قوات قوى قوة وزارة مرصد هيئة مديرية مجلس منظمة مخابرات استخبارات جهاز حكومة تحالف اتحاد محكمة
    لجنة مكتب شرطة قيادة إدارة رئاسة الأمم مفوضية بعثة بنك مصرف صندوق نقابة مركز مؤسسة شركة جمعية
    رابطة ائتلاف فريق غرفة
    """
)
# Outlet heads: generic ones are dropped from the canonical name (وكالة "X" is X), named ones kept.
OUTLET_GENERIC_HEADS = _norm_set("وكالة شبكة قناة صحيفة جريدة موقع مجلة منصة")
OUTLET_NAMED_HEADS = _norm_set("راديو إذاعة تلفزيون بوابة")
# "الأمن الداخلي", "الأمن العام": a security body named by its adjective alone.
SECURITY_HEAD = normalise("الأمن")
SECURITY_ADJECTIVES = _norm_set("الداخلي العام الوطني السياسي العسكري الجنائي")
# Place heads: dropped from the canonical name (محافظة X is X).
PLACE_HEADS = _norm_set(
    "بلدة مدينة محافظة ريف قرية منطقة ناحية حي بلدات قضاء قريتي وادي ولاية إقليم مقاطعة محلية معتمدية عمالة"
)
CAMP_HEADS = _norm_set("مخيم معسكر")  # kept in the name: "مخيم X" is a place called so
# Heads kept in the name of a structure named after a place ("سد X", "معبر X"); X alone is an alias.
STRUCTURE_HEADS = _norm_set("سد معبر مطار ميناء جسر")
DIRECTIONS = _norm_set(
    "شمال جنوب شرق غرب شمالي جنوبي شرقي غربي الشمالي الجنوبي الشرقي الغربي الشمالية الجنوبية الشرقية الغربية"
)
PLACE_PREPOSITIONS = _norm_set("في من إلى الى نحو باتجاه داخل قرب")

# Words that end a name or an organisation's modifiers (participles and relatives that follow names).
NAME_STOPS = _norm_set(
    """
    التابعة التابع التابعين المقربة المقرب المقربين الذي التي الذين اللذين اللتين المطلوب المطلوبة
    تابعة تابع مسلحة مسلح المسلحة المسلح المتهم المعروف المعروفة الملقب الملقبة المدعوم المدعومة
    الموالية الموالي المسؤول المسؤولة
    الأخيرة الأخير نفسه نفسها الآن اليوم أمس حينها سابقا مؤخرا أيضا أيضاً
    """
)
# Common nouns that appear where a name could (after a reporting verb or a title): never a name.
COMMON_WORDS = _norm_set(
    """
    مصادر مصدر مسؤول مسؤولون مسؤولين شهود شاهد ناشطون ناشطين مراقبون مراقبين سكان أهالي تقرير تقارير
    بيان البيان معلومات أخبار وكالة مقاتل مقاتلون مقاتلين عناصر عنصر قوات أحد عدد مجموعة جماعة حكومة الحكومة
    الجيش جيش الأمن أمن المهاجرين مهاجرين المهاجرون الجهاديين جهاديين النظام نظام الدولة دولة
    البلاد بلاد المنطقة منطقة العملية عملية الحملة حملة الاشتباكات اشتباكات المواجهات مواجهات مصدرا
    ناشط صحفي صحيفة موقع المرصد مرصد الرئيس رئيس وزير مدير قائد القائد الشيخ السيد المدعو المقاتل
    الجهادي الطرفين الطرف الجانب الجانبين الأطراف القتلى قتلى الجرحى جرحى المدنيين مدنيين الأطفال
    النساء الأهالي السلطات سلطات الشرطة شرطة المخيم مخيم المدينة مدينة القرية قرية البلدة بلدة
    وزارة الوزارة القيادة قيادة الكتيبة كتيبة الفرقة فرقة التسجيل تسجيل المقطع مقطع الفيديو فيديو
    أنه أنها إنه إنها بأن أن إن الذي التي هذا هذه ذلك تلك هناك هنا كل جميع بعض معظم أغلب أكثر أقل
    الأول الثاني الأولى الثانية يوم اليوم أمس غدا ليلة الليلة صباح مساء الثلاثاء الأربعاء الخميس
    الجمعة السبت الأحد الاثنين خلال بعد قبل عقب إثر رغم وسط ضمن حول نحو لدى عبر أمام خلف
    الفرنسيين الفرنسي الأجانب الأجنبي جنسيات الجنسية عام أعوام سنوات شهر أشهر أسبوع ساعات دقائق
    يوم عن على في من إلى مع حتى منذ لأسباب بسبب مقابل مما ما لم لن لا ليس قد كان كانت وقد كما
    وسائل وسيلة إعلام الإعلام صحفيين الصحفيين مراسلين المراسلين
    """
)

# Reporting verbs (normalised surface forms, with common person/gender inflections) -> lemma.
_VERB_FORMS = {
    "قال": "قال قالت قالوا يقول تقول يقولون قائلا قائلاً",
    "أكد": "أكد أكدت أكدوا يؤكد تؤكد مؤكدا مؤكداً",
    "أعلن": "أعلن أعلنت أعلنوا يعلن تعلن يعلنون معلنا",
    "نفى": "نفى نفت نفوا ينفي تنفي ينفون نافيا",
    "أفاد": "أفاد أفادت أفادوا يفيد تفيد",
    "ذكر": "ذكر ذكرت ذكروا يذكر تذكر",
    "أوضح": "أوضح أوضحت أوضحوا يوضح توضح موضحا",
    "أشار": "أشار أشارت أشاروا يشير تشير مشيرا مشيراً",
    "صرح": "صرح صرحت صرحوا يصرح تصرح",
    "كشف": "كشف كشفت كشفوا يكشف تكشف",
    "شدد": "شدد شددت شددوا يشدد تشدد مشددا مشددة",
    "أضاف": "أضاف أضافت أضافوا يضيف تضيف مضيفا",
    "اعتبر": "اعتبر اعتبرت اعتبروا",
    "رجح": "رجح رجحت رجحوا يرجح ترجح",
    "ادعى": "ادعى ادعت ادعوا يدعي تدعي ادعت",
    "اتهم": "اتهم اتهمت اتهموا يتهم تتهم",
    "حذر": "حذر حذرت حذروا يحذر تحذر",
    "نقل": "نقل نقلت نقلوا",
    "رأى": "رأى رأت يرى ترى",
    "زعم": "زعم زعمت زعموا يزعم تزعم",
    "وردت": "وردت ورد",
    "أوردت": "أورد أوردت",
    "وصف": "وصف وصفت وصفوا يصف تصف",
    "دعا": "دعا دعت دعوا يدعو تدعو",
    "طالب": "طالب طالبت طالبوا يطالب تطالب",
    "رحب": "رحب رحبت رحبوا يرحب ترحب",
    "جدد": "جدد جددت",
    "حدد": "حدد حددت",
    "أعرب": "أعرب أعربت",
    "لفت": "لفت لفتت",
    "اعترف": "اعترف اعترفت يعترف",
    "أقر": "أقر أقرت يقر",
    "كتب": "كتب كتبت",
    "غرد": "غرد غردت",
    "هدد": "هدد هددت هددوا يهدد تهدد",
    "توعد": "توعد توعدت",
    "رفض": "رفض رفضت رفضوا يرفض ترفض",
    "كذب": "كذب كذبت",
    "فند": "فند فندت",
    "أبلغ": "أبلغ أبلغت",
}
REPORTING_VERBS: dict[str, str] = {}
for _lemma, _forms in _VERB_FORMS.items():
    for _form in _forms.split():
        REPORTING_VERBS[normalise(_form)] = _lemma
# Verbs that deny: always (نفى), or only when what they reject is a report or an accusation (رفض).
DENIAL_LEMMAS = frozenset({"نفى", "كذب", "فند"})
OBJECT_DENIAL_LEMMAS = frozenset({"رفض"})
# What a denial rejects: reports, accusations, claims (the object of رفض / "rejected", "dismissed").
REPORT_NOUNS = _norm_set(
    """
    تقرير التقرير تقارير التقارير أنباء الأنباء خبر الخبر أخبار الأخبار اتهامات الاتهامات اتهام الاتهام
    مزاعم المزاعم ادعاءات الادعاءات رواية الرواية شائعات الشائعات إشاعات الإشاعات تداولته تناقلته نشرته
    أوردته ورد روايات
    report reports reporting claim claims allegation allegations accusation accusations suggestion
    suggestions rumour rumours rumor rumors account accounts story stories notion assertion assertions
    """
)
# Phrases that call a report false, with or without a denial verb ("عارية عن الصحة", "baseless").
DENIAL_PHRASES = tuple(
    normalise(p)
    for p in (
        "عار عن الصحة",
        "عارية عن الصحة",
        "عارية تماما عن الصحة",
        "عار تماما عن الصحة",
        "عارية من الصحة",
        "لا أساس له من الصحة",
        "لا أساس لها من الصحة",
        "لا أساس لها",
        "لا أساس له",
        "لا صحة لها",
        "لا صحة له",
        "لا صحة لهذه",
        "لا صحة لما",
        "لا تمت للحقيقة بصلة",
        "أنباء كاذبة",
        "أخبار كاذبة",
        "baseless",
        "unfounded",
        "untrue",
        "fabricated",
        "fake news",
        "false report",
        "false reports",
        "not true",
    )
)
# Prepositional attributions ("according to X"): the source follows, the claim is the rest.
ATTRIBUTION_PREPS = _norm_map(
    {
        "بحسب": "بحسب",
        "حسب": "بحسب",
        "وبحسب": "بحسب",
        "وحسب": "بحسب",
        "وفق": "وفق",
        "وفقا": "وفق",
        "وفقاً": "وفق",
        "ووفقا": "وفق",
        "ووفق": "وفق",
        "ووفقاً": "وفق",
        "نقلا": "نقلاً عن",
        "نقلاً": "نقلاً عن",
    }
)
ENGLISH_VERBS = {
    "said": "said",
    "says": "said",
    "say": "said",
    "told": "said",
    "stated": "said",
    "announced": "announced",
    "confirmed": "confirmed",
    "reported": "reported",
    "reports": "reported",
    "claimed": "claimed",
    "claims": "claimed",
    "denied": "denied",
    "denies": "denied",
    "deny": "denied",
    "rejected": "rejected",
    "rejects": "rejected",
    "dismissed": "rejected",
    "dismisses": "rejected",
    "refuted": "denied",
    "called": "called",
    "described": "called",
    "welcomed": "welcomed",
    "welcomes": "welcomed",
    "threatened": "threatened",
    "insisted": "insisted",
    "insists": "insisted",
    "added": "added",
    "warned": "warned",
    "warns": "warned",
    "accused": "accused",
    "urged": "urged",
    "appealed": "appealed",
    "estimated": "estimated",
    "stressed": "stressed",
    "noted": "noted",
    "wrote": "wrote",
    "tweeted": "wrote",
    "posted": "wrote",
    "acknowledged": "acknowledged",
    "admitted": "acknowledged",
    "explained": "explained",
    "argued": "argued",
    "maintained": "insisted",
}
ENGLISH_DENIALS = frozenset({"denied"})
ENGLISH_OBJECT_DENIALS = frozenset({"rejected"})

# Participles that continue the previous speaker's report ("..., stressing that"): no new claim.
PARTICIPLES = _norm_set(
    "قائلا قائلاً مؤكدا مؤكداً مؤكدة مشددا مشدداً مشددة مضيفا مضيفاً مضيفة مشيرا مشيراً مشيرة موضحا موضحاً "
    "موضحة معلنا معلناً معلنة نافيا نافياً نافية"
)
SPEAKER_STOPS = _norm_set("إلى الى على علي")
# Time words: never a speaker ("أكد الأسبوع الماضي أن"); they end a speaker phrase.
TIME_WORDS = _norm_set(
    """
    مساء صباح ظهر ظهيرة ليل ليلة فجر عصر اليوم أمس غدا الأسبوع الشهر الماضي الماضية الجاري
    السبت الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة يوم أيام حين لاحقا سابقا مؤخرا أخيرا
    """
)
# Where a statement was made ("في بيان", "خلال مؤتمر صحفي", "على حسابه"): ends a speaker phrase.
STATEMENT_NOUNS = _norm_set(
    """
    بيان تصريح تصريحات مؤتمر مقابلة حديث إيجاز كلمة تغريدة منشور رسالة لقاء اتصال مداخلة تسجيل بث
    حسابه حسابها صفحته صفحتها تقرير بلاغ
    """
)
SETTING_PREPOSITIONS = _norm_set("في خلال عبر على أثناء")
# Addressees glued to ل ("لشبكة X", "لوسائل إعلام", "للصحفيين"): the one spoken to, not the speaker.
ADDRESSEE_HEADS = _norm_set(
    """
    وكالة شبكة قناة صحيفة جريدة موقع مجلة منصة إذاعة تلفزيون راديو وسائل الصحفيين الصحافيين الصحافة
    الصحفيين المراسلين مراسل وسائل
    """
)
# Documents that speak for whoever issued them ("وأكد البيان"): the speaker is that body.
DOCUMENT_NOUNS = _norm_set("البيان التقرير الرسالة التسجيل المنشور البلاغ الإعلان الوثيقة النشرة المذكرة")
ENGLISH_DOCUMENT_NOUNS = frozenset({"statement", "report", "communique", "release", "letter", "bulletin"})
# "نقل البيان عن X قوله": the word that ends the name of the one quoted.
QUOTING_WORDS = _norm_set("قوله قولها قولهم قولهما قول")
# Heads of bodies that can be followed by a quoted name: 'حملة "X"', 'منظمة «Y»'.
NAMED_BODY_HEADS = _norm_set(
    """
    حملة مبادرة تنسيقية ائتلاف رابطة نقابة جمعية مؤسسة شركة مركز منظمة هيئة لجنة مجموعة تجمع تيار
    كتيبة فرقة لواء جبهة تنظيم جماعة حركة فصيل سرايا جيش حزب كتائب مجلس اتحاد تحالف شبكة وكالة صحيفة
    قناة موقع
    """
)
# Relative pronouns: after a body's name they describe it ("كتيبة X التي يقودها Y"), never name the speaker.
RELATIVES = _norm_set("التي الذي الذين اللذين اللتين")
# Words that open a fronted subject's description ("X، الملقب بـ...، قال"): appositions and relatives.
APPOSITION_OPENERS = _norm_set(
    "التي الذي الذين الملقب الملقبة المعروف المعروفة المكنى وهو وهي وهم أحد إحدى رئيس رئيسة المتحدث"
)
# Clause-opening words before a reporting verb that starts a new claim inside a sentence.
CLAUSE_OPENERS = _norm_set("فيما بينما كما في حين لكن غير أن ومن جهته جهتها جانبه جانبها بدوره بدورها")
# Complementisers after the speaker: the claim proper starts after them.
COMPLEMENTISERS = _norm_set("أن إن بأن فإن وأن انه أنه إنه أنها إنها بأنه بأنها أنهم إنهم بأنهم")
# Roles that head a speaker's phrase before the person's name ("الناطقة باسم الحملة X").
ROLE_WORDS = PERSON_TITLES | _norm_set(
    """
    المتحدثة الناطقة رئيسة منسق منسقة محافظ المحافظ قائدة مديرة نائبة عضو عضوة ممثل ممثلة مسؤول
    مسؤولة وكيل الأمين الأمينة مندوب مندوبة سفيرة
    """
)

# Negation inside a reported proposition; phrases that only look negative are excluded.
NEGATORS = _norm_set("لم لن ليس ليست لا ليسوا غير لسنا not never no didn't doesn't wasn't isn't")
NOT_NEGATIONS = (
    "لا تزال",
    "لا يزال",
    "لا زال",
    "لا زالت",
    "لا سيما",
    "لا بد",
    "ليس فقط",
    "ليس مجرد",
    "ليست مجرد",
    "لم يعد",
    "غير مؤكدة",
    "غير مؤكد",
    "غير ممكنة",
)
NOT_NEGATIONS_NORM = tuple(normalise(p) for p in NOT_NEGATIONS)
CONTRAST = _norm_set("بل وإنما إنما but")

# Alias statements: "X, known as Y", "X, also known as Y", "nicknamed", "real name".
ALIAS_CUES = tuple(
    normalise(p)
    for p in (
        "المعروف أيضا باسم",
        "المعروف أيضاً باسم",
        "المعروفة أيضا باسم",
        "المعروف باسم",
        "المعروفة باسم",
        "المعروف ب",
        "الملقب ب",
        "الملقب",
        "الملقبة",
        "واسمه الحقيقي",
        "اسمه الحقيقي",
        "واسمها الحقيقي",
        "المكنى",
        "المكنى ب",
    )
)
ALIAS_CUES += ("also known as", "aka", "known as", "nicknamed", "whose real name is")
KNOWN_WORDS = _norm_set("المعروف المعروفة الملقب الملقبة known")
KNOWN_AS_LINKS = _norm_set("ب باسم بلقب as")

# Frames that say who is behind an action ("at the request of", "directed by", "in response to pressure").
INSTIGATION_WORDS = _norm_set(
    """
    طلب بطلب طلبها طلبه بتوجيه توجيه بتوجيهات بأمر بأوامر بإيعاز إيعاز بتنسيق تنسيق لضغوط ضغوط
    بضغط ضغط برغبة رغبة ترغب يرغب طلبت تطلب يطلب
    """
)
ENGLISH_INSTIGATION = frozenset(
    {"request", "requested", "behest", "directed", "orders", "pressure", "wish", "behalf"}
)
# Counted things for number disputes (light stems of normalised words).
COUNT_NOUNS = _norm_set(
    """
    قتيل قتلى قتلا جريح جرحى مصاب مصابين إصابة معتقل معتقلين معتقلا اعتقال مفقود مفقودين عنصر عناصر
    مقاتل مقاتلين مقاتلا شخص أشخاص مدني مدنيين نازح نازحين killed dead wounded injured arrested people
    fighters civilians
    """
)
NUMBER_WORDS = _norm_map(
    {
        "اثنين": "2",
        "اثنان": "2",
        "ثلاثة": "3",
        "أربعة": "4",
        "خمسة": "5",
        "ستة": "6",
        "سبعة": "7",
        "ثمانية": "8",
        "تسعة": "9",
        "عشرة": "10",
        "عشرات": "tens",
    }
)


def is_count_noun(norm: str) -> bool:
    """A counted noun (killed, wounded, arrested...), also in the accusative ('شخصا', 'قتيلا')."""
    from bot.extract.tokens import bare_variants

    for v in bare_variants(norm):
        if v in COUNT_NOUNS or (len(v) > 3 and v.endswith("ا") and v[:-1] in COUNT_NOUNS):
            return True
    return False


# Openings by which an article sets a claim against the one before it ("لكن X قالت", "في المقابل",
# "However, ..."): the article's own mark that two accounts disagree. Normalised phrases.
CONTRAST_OPENERS = frozenset(
    normalise(phrase)
    for phrase in (
        "لكن",
        "ولكن",
        "لكنه",
        "لكنها",
        "ولكنه",
        "ولكنها",
        "غير أن",
        "إلا أن",
        "بيد أن",
        "في المقابل",
        "وفي المقابل",
        "بالمقابل",
        "وبالمقابل",
        "على النقيض",
        "على العكس",
        "but",
        "however",
        "in contrast",
        "by contrast",
        "on the other hand",
    )
)

"""Every word the bot says to users, in Arabic and English, with counted nouns that agree with their number.

One catalogue for the chat (``handlers/``), the answers, the digests and the command line. A template
names a counted noun in its placeholder, ``{articles:article}``, and the number agrees with it in each
language (see :func:`count`). Telegram-free: the menu and ``/help`` are generated here as plain data.
"""

from __future__ import annotations

import html
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.text import normalise as _normalise

__all__ = [
    "COMMANDS",
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "MESSAGES",
    "NOUNS",
    "OPERATOR_COMMANDS",
    "count",
    "help_text",
    "html_text",
    "join",
    "kind_name",
    "menu",
    "plural_category",
    "text",
]

LANGUAGES = ("ar", "en")
DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES = {"ar": "العربية", "en": "English"}
# Before a command in Arabic text, so that "/ask" keeps its slash on the left in right-to-left lines.
LRM = "\u200e"


@dataclass(frozen=True)
class Text:
    """One message in both languages."""

    en: str
    ar: str

    def get(self, language: str) -> str:
        return self.ar if language == "ar" else self.en


@dataclass(frozen=True)
class Noun:
    """A countable noun: English singular and plural; Arabic forms for each plural category.

    Arabic: ``one`` and ``two`` stand alone (مقال واحد, مقالان); ``few`` (3-10) is the plural after the
    number (3 مقالات); ``many`` (11-99) the singular accusative (11 مقالاً); ``other`` (0, 100-102, ...)
    the singular after the number (100 مقال).
    """

    en_one: str
    en_other: str
    ar_one: str
    ar_two: str
    ar_few: str
    ar_many: str
    ar_other: str


def _noun(en: tuple[str, str], singular: str, dual: str, plural: str, accusative: str, one: str) -> Noun:
    return Noun(en[0], en[1], one, dual, plural, accusative, singular)


NOUNS: dict[str, Noun] = {
    "article": _noun(("article", "articles"), "مقال", "مقالان", "مقالات", "مقالاً", "مقال واحد"),
    "outlet": _noun(("outlet", "outlets"), "موقع", "موقعان", "مواقع", "موقعاً", "موقع واحد"),
    "other_outlet": _noun(
        ("other outlet", "other outlets"), "موقع آخر", "موقعان آخران", "مواقع أخرى", "موقعاً آخر", "موقع آخر"
    ),
    "other_article": _noun(
        ("other article", "other articles"),
        "مقال آخر",
        "مقالان آخران",
        "مقالات أخرى",
        "مقالاً آخر",
        "مقال آخر",
    ),
    "statement": _noun(("statement", "statements"), "تصريح", "تصريحان", "تصريحات", "تصريحاً", "تصريح واحد"),
    "dispute": _noun(
        ("disputed point", "disputed points"),
        "موضع خلاف",
        "موضعا خلاف",
        "مواضع خلاف",
        "موضع خلاف",
        "موضع خلاف واحد",
    ),
    "more_point": _noun(
        ("more point", "more points"), "نقطة أخرى", "نقطتان أخريان", "نقاط أخرى", "نقطة أخرى", "نقطة أخرى"
    ),
    "corroborated_point": _noun(
        ("corroborated point", "corroborated points"),
        "نقطة مؤكدة",
        "نقطتان مؤكدتان",
        "نقاط مؤكدة",
        "نقطة مؤكدة",
        "نقطة مؤكدة واحدة",
    ),
    "new_claim": _noun(
        ("new claim", "new claims"),
        "ادعاء جديد",
        "ادعاءان جديدان",
        "ادعاءات جديدة",
        "ادعاءً جديداً",
        "ادعاء جديد واحد",
    ),
    "question": _noun(("question", "questions"), "سؤال", "سؤالان", "أسئلة", "سؤالاً", "سؤال واحد"),
    "follow": _noun(("follow", "follows"), "متابعة", "متابعتان", "متابعات", "متابعة", "متابعة واحدة"),
    "subscription": _noun(
        ("subscription", "subscriptions"), "اشتراك", "اشتراكان", "اشتراكات", "اشتراكاً", "اشتراك واحد"
    ),
    "day": _noun(("day", "days"), "يوم", "يومان", "أيام", "يوماً", "يوم واحد"),
    "hour": _noun(("hour", "hours"), "ساعة", "ساعتان", "ساعات", "ساعةً", "ساعة واحدة"),
    "report": _noun(("report", "reports"), "بلاغ", "بلاغان", "بلاغات", "بلاغاً", "بلاغ واحد"),
    # What a figure counts, for the first line of a how-many answer (figures.toml's families).
    "figure.killed": _noun(("dead", "dead"), "قتيل", "قتيلان", "قتلى", "قتيلاً", "قتيل واحد"),
    "figure.wounded": _noun(("wounded", "wounded"), "جريح", "جريحان", "جرحى", "جريحاً", "جريح واحد"),
    "figure.missing": _noun(("missing", "missing"), "مفقود", "مفقودان", "مفقودين", "مفقوداً", "مفقود واحد"),
    "figure.arrested": _noun(("detained", "detained"), "معتقل", "معتقلان", "معتقلين", "معتقلاً", "معتقل واحد"),
    "figure.displaced": _noun(("displaced", "displaced"), "نازح", "نازحان", "نازحين", "نازحاً", "نازح واحد"),
    "figure.people": _noun(("person", "people"), "شخص", "شخصان", "أشخاص", "شخصاً", "شخص واحد"),
    "figure.fighters": _noun(
        ("member of the forces", "members of the forces"), "عنصر", "عنصران", "عناصر", "عنصراً", "عنصر واحد"
    ),
    "figure.buildings": _noun(("building", "buildings"), "مبنى", "مبنيان", "مبانٍ", "مبنى", "مبنى واحد"),
    "figure.aftershocks": _noun(
        ("aftershock", "aftershocks"),
        "هزة ارتدادية",
        "هزتان ارتداديتان",
        "هزات ارتدادية",
        "هزة ارتدادية",
        "هزة ارتدادية واحدة",
    ),
    "story": _noun(("story", "stories"), "قصة", "قصتان", "قصص", "قصةً", "قصة واحدة"),
    "entity": _noun(
        ("person, group or place", "people, groups and places"),
        "كيان",
        "كيانان",
        "كيانات",
        "كياناً",
        "كيان واحد",
    ),
}


def _oblique_dual(phrase: str) -> str:
    """The dual after a preposition or as an object: مقالان -> مقالين, موضعا خلاف -> موضعي خلاف."""
    words = phrase.split()
    for index, word in enumerate(words):
        if word.endswith("ان"):
            words[index] = word[:-2] + "ين"
        elif index == 0 and word.endswith("ا"):  # a dual in construct: موضعا خلاف
            words[index] = word[:-1] + "ي"
    return " ".join(words)


# ``{n:article.oblique}`` after a preposition or as an object: في مقالين, من موقعين (the dual's case).
NOUNS.update(
    {
        f"{name}.oblique": Noun(**{**noun.__dict__, "ar_two": _oblique_dual(noun.ar_two)})
        for name, noun in list(NOUNS.items())
    }
)


def plural_category(number: int) -> str:
    """The CLDR plural category of ``number`` in Arabic: zero, one, two, few, many or other."""
    if number == 0:
        return "zero"
    if number == 1:
        return "one"
    if number == 2:
        return "two"
    if 3 <= number % 100 <= 10:
        return "few"
    if 11 <= number % 100 <= 99:
        return "many"
    return "other"


def count(language: str, noun: str, number: int) -> str:
    """``number`` and the noun, agreeing: 1 article, 2 articles; مقال واحد، مقالان، 3 مقالات، 11 مقالاً."""
    forms = NOUNS[noun]
    if language != "ar":
        return f"{number} {forms.en_one if number == 1 else forms.en_other}"
    category = plural_category(number)
    if category == "one":
        return forms.ar_one
    if category == "two":
        return forms.ar_two
    word = {"few": forms.ar_few, "many": forms.ar_many}.get(category, forms.ar_other)
    return f"{number} {word}"


def join(language: str, items: Iterable[str]) -> str:
    """A list as a reader expects it: "a, b" or "أ، ب"."""
    return ("، " if language == "ar" else ", ").join(items)


@dataclass(frozen=True)
class Command:
    """A command in the menu and in /help: its name and, when it takes one, the argument's label key."""

    name: str
    argument: str | None = None


COMMANDS: tuple[Command, ...] = (
    Command("ask", "arg.question"),
    Command("entity", "arg.name"),
    Command("latest"),
    Command("disputed"),
    Command("stories"),
    Command("chart", "arg.story"),
    Command("sources"),
    Command("timeline", "arg.story"),
    Command("follow", "arg.name"),
    Command("unfollow", "arg.name"),
    Command("subscribe", "arg.schedule"),
    Command("settings"),
    Command("unsubscribe"),
    Command("digest"),
    Command("language", "arg.language"),
    Command("forget"),
    Command("help"),
)
OPERATOR_COMMANDS: tuple[Command, ...] = (
    Command("ingest", "arg.url"),
    Command("feeds", "arg.feeds"),
    Command("stats"),
)

MESSAGES: dict[str, Text] = {
    # --- the chat: /start, /help and the everyday commands --------------------------------------------
    "start": Text(
        en=(
            "<b>Briefing bot</b>\n"
            "I follow one story across many Arabic outlets and answer from what they published, "
            "always with the sources: outlet, title, date and the exact quote.\n\n"
            "I know {articles:article} from {outlets:outlet}, {entities:entity}, "
            "and {claims:statement} ({disputed} of them disputed).\n\n"
            "Ask in Arabic or English, for example:\n"
            "• <i>Who is Omar Omsen?</i>\n"
            "• <i>What did the ministry say?</i>\n"
            "• <i>What is disputed?</i>\n\n"
            "In a group, write /ask followed by the question, mention me, or reply to my message.\n"
            "/help lists every command."
        ),
        ar=(
            "<b>بوت الإحاطة</b>\n"
            "أتابع قصة واحدة في مواقع إخبارية عربية كثيرة، وأجيب مما نشرته، "
            "مع المصادر دائماً: الموقع والعنوان والتاريخ والاقتباس الحرفي.\n\n"
            "أعرف {articles:article} من {outlets:outlet.oblique}، و{entities} من الأشخاص والجماعات والأماكن، "
            "و{claims:statement} (منها {disputed:dispute}).\n\n"
            "اسأل بالعربية أو الإنجليزية، مثلاً:\n"
            "• <i>من هو عمر أومسين؟</i>\n"
            "• <i>ماذا قالت الوزارة؟</i>\n"
            "• <i>ما المختلف عليه؟</i>\n\n"
            "في المجموعات اكتب ‎/ask ثم السؤال، أو اذكرني، أو ردّ على رسالتي.\n"
            "‎/help يعرض كل الأوامر."
        ),
    ),
    "help.heading": Text(en="Commands", ar="الأوامر"),
    "help.retention": Text(
        en="Questions are kept {days:day} for statistics, then deleted.",
        ar="تُحفظ الأسئلة {days:day.oblique} للإحصاءات ثم تُحذف.",
    ),
    "arg.question": Text(en="QUESTION", ar="سؤال"),
    "arg.name": Text(en="NAME", ar="اسم"),
    "arg.schedule": Text(en="HH:MM ZONE", ar="HH:MM ZONE"),
    "arg.language": Text(en="ar|en", ar="ar|en"),
    "arg.url": Text(en="URL", ar="URL"),
    "arg.story": Text(en="[#N]", ar="[#N]"),
    "arg.feeds": Text(en="list | add URL | remove URL", ar="list | add URL | remove URL"),
    "command.ask": Text(
        en="Ask a question (in a private chat, just write it)",
        ar="اطرح سؤالاً (في المحادثة الخاصة اكتبه مباشرة)",
    ),
    "command.entity": Text(
        en="What I know about a person, group or place", ar="ما أعرفه عن شخص أو جماعة أو مكان"
    ),
    "command.latest": Text(en="The newest articles and statements", ar="أحدث المقالات والتصريحات"),
    "command.disputed": Text(
        en="What the outlets disagree on, both sides", ar="ما تختلف عليه المواقع، بالرأيين"
    ),
    "command.timeline": Text(
        en="A story's timeline: first reports, revised figures, denials",
        ar="التسلسل الزمني لقصة: أول الروايات والأرقام المعدّلة والنفي",
    ),
    "command.sources": Text(en="The outlets I read", ar="المواقع التي أقرؤها"),
    "command.stories": Text(
        en="The stories in what I read, each with its sources", ar="القصص فيما أقرؤه، ومصادر كل منها"
    ),
    "command.chart": Text(
        en="A picture of a story's coverage: who reported when, and the disputes",
        ar="صورة لتغطية قصة: من نشر ومتى، ومواضع الخلاف",
    ),
    "command.follow": Text(
        en="Follow a person, group or place in your digest", ar="تابع شخصاً أو جماعة أو مكاناً في موجزك"
    ),
    "command.unfollow": Text(en="Stop following", ar="ألغِ المتابعة"),
    "command.subscribe": Text(en="A daily digest at your time", ar="موجز يومي في الوقت الذي تختاره"),
    "command.settings": Text(
        en="Digest time, time zone, language, topics", ar="وقت الموجز والمنطقة الزمنية واللغة والمواضيع"
    ),
    "command.unsubscribe": Text(en="Stop the daily digest", ar="أوقف الموجز اليومي"),
    "command.digest": Text(en="The digest now", ar="الموجز الآن"),
    "command.language": Text(en="The language I speak to you in", ar="لغة الحديث معك"),
    "command.forget": Text(en="Delete everything stored about you", ar="احذف كل ما أحفظه عنك"),
    "command.help": Text(en="All commands", ar="كل الأوامر"),
    "command.ingest": Text(en="Fetch and store a URL", ar="اجلب رابطاً وخزّنه"),
    "command.feeds": Text(en="The feeds I poll", ar="الخلاصات التي أتابعها"),
    "command.stats": Text(en="What the bot knows and serves", ar="ما يعرفه البوت وما يقدّمه"),
    "sources_heading": Text(en="Sources", ar="المصادر"),
    "as_of": Text(en="<i>As of {date}</i>", ar="<i>حتى تاريخ {date}</i>"),
    "answer.as_of": Text(en="As of {date}", ar="حتى تاريخ {date}"),
    "corrected": Text(en=" (corrected)", ar=" (مُصحَّح)"),
    "not_found_entity": Text(
        en="I know nothing about <b>{name}</b> yet.", ar="لا أعرف شيئاً عن <b>{name}</b> حتى الآن."
    ),
    "entity_usage": Text(
        en="Write a name after the command, for example: /entity Omar Omsen",
        ar="اكتب اسماً بعد الأمر، مثلاً: ‎/entity عمر أومسين",
    ),
    "follow_usage": Text(
        en=(
            "Write a name after the command, for example: /follow Omar Omsen, "
            "or a story's number from /stories: /follow #2"
        ),
        ar="اكتب اسماً بعد الأمر، مثلاً: ‎/follow عمر أومسين، أو رقم قصة من ‎/stories: ‎/follow #2",
    ),
    "unfollow_usage": Text(
        en="Write a name after the command, for example: /unfollow Omar Omsen",
        ar="اكتب اسماً بعد الأمر، مثلاً: ‎/unfollow عمر أومسين",
    ),
    "ask_usage": Text(
        en="Write your question after /ask, for example: /ask Who is Omar Omsen?",
        ar="اكتب سؤالك بعد ‎/ask، مثلاً: ‎/ask من هو عمر أومسين؟",
    ),
    "followed": Text(
        en="You now follow <b>{name}</b>. Your digest will cover it.",
        ar="أصبحت تتابع <b>{name}</b>، وسيشمله موجزك.",
    ),
    "followed_story": Text(
        en="You now follow the story <b>{title}</b>. Your digest will cover it.",
        ar="أصبحت تتابع قصة <b>{title}</b>، وسيشملها موجزك.",
    ),
    "already_followed_story": Text(
        en="You already follow the story <b>{title}</b>.", ar="أنت تتابع قصة <b>{title}</b> من قبل."
    ),
    "unfollowed_story": Text(
        en="You no longer follow the story <b>{title}</b>.", ar="لم تعد تتابع قصة <b>{title}</b>."
    ),
    "not_followed_story": Text(
        en="You were not following the story <b>{title}</b>.", ar="لم تكن تتابع قصة <b>{title}</b>."
    ),
    "not_found_story": Text(
        en="There is no story #{number}; /stories lists them.",
        ar="لا توجد قصة برقم {number}؛ ‎/stories يعرضها.",
    ),
    "already_followed": Text(en="You already follow <b>{name}</b>.", ar="أنت تتابع <b>{name}</b> من قبل."),
    "unfollowed": Text(en="You no longer follow <b>{name}</b>.", ar="لم تعد تتابع <b>{name}</b>."),
    "not_followed": Text(en="You were not following <b>{name}</b>.", ar="لم تكن تتابع <b>{name}</b>."),
    "following": Text(en="You follow: {names}", ar="تتابع: {names}"),
    "language_set": Text(en="I will speak English with you from now on.", ar="سأتحدث معك بالعربية من الآن."),
    "language_usage": Text(
        en="Choose a language: /language ar or /language en",
        ar="اختر اللغة: ‎/language ar أو ‎/language en",
    ),
    "forgotten": Text(
        en=(
            "Done. I deleted {questions:question}, {follows:follow} and {subscriptions:subscription}, "
            "and forgot what we were talking about."
        ),
        ar=(
            "تم. حذفت {questions:question.oblique} و{follows:follow.oblique} "
            "و{subscriptions:subscription.oblique}، ونسيت موضوع حديثنا."
        ),
    ),
    "forgotten_group": Text(
        en=(
            "Done. I deleted the questions you asked ({questions}). The group's own settings stay; "
            "an administrator can change them with /settings or /unsubscribe."
        ),
        ar=(
            "تم. حذفت الأسئلة التي طرحتها ({questions}). إعدادات المجموعة تبقى، "
            "ويمكن للمشرف تغييرها عبر ‎/settings أو ‎/unsubscribe."
        ),
    ),
    "slow_down": Text(
        en=(
            "Slow down, please: at most {limit:question} a minute. Ask again at {time} UTC; "
            "until then I will not answer."
        ),
        ar=(
            "على مهلك من فضلك: {limit:question} في الدقيقة على الأكثر. اسأل من جديد الساعة {time} "
            "بتوقيت UTC، ولن أجيب قبل ذلك."
        ),
    ),
    # --- every kind of message: small talk, media, joining a group --------------------------------------
    "talk.greeting": Text(
        en="Hello! Ask me about the story in Arabic or English, for example: <i>What is disputed?</i>",
        ar="أهلاً! اسألني عن القصة بالعربية أو الإنجليزية، مثلاً: <i>ما المختلف عليه؟</i>",
    ),
    "talk.thanks": Text(
        en="You are welcome. Ask me anything else about the story.",
        ar="على الرحب والسعة. اسألني عن أي شيء آخر في القصة.",
    ),
    "talk.emoji": Text(
        en="👍 Write me a question about the story whenever you like.",
        ar="👍 اكتب لي سؤالاً عن القصة متى شئت.",
    ),
    "media.voice": Text(
        en="I cannot listen to voice or audio messages: please write your question.",
        ar="لا أستطيع سماع الرسائل الصوتية: اكتب سؤالك من فضلك.",
    ),
    "media.sticker": Text(
        en="I cannot read stickers: please write your question.",
        ar="لا أستطيع قراءة الملصقات: اكتب سؤالك من فضلك.",
    ),
    "media.other": Text(
        en=(
            "I only read text: I cannot open photos, videos or files without a caption. "
            "Write your question, please."
        ),
        ar="أقرأ النصوص فقط: لا أستطيع فتح الصور أو الفيديو أو الملفات بلا تعليق. اكتب سؤالك من فضلك.",
    ),
    "group.hello": Text(
        en=(
            "Hello, everyone! I answer questions about the story from what the outlets published, "
            "with the sources. To ask, write /ask followed by the question, mention me, or reply to "
            "one of my messages. /help lists every command."
        ),
        ar=(
            "مرحباً بالجميع! أجيب عن الأسئلة حول القصة مما نشرته المواقع، مع المصادر. للسؤال اكتب "
            "‎/ask ثم السؤال، أو اذكرني، أو ردّ على إحدى رسائلي. ‎/help يعرض كل الأوامر."
        ),
    ),
    "group.admins_only_follow": Text(
        en="In a group, only its administrators change what it follows.",
        ar="في المجموعات، يغيّر المتابعات مشرفو المجموعة فقط.",
    ),
    # --- reporting a mistake in an answer -------------------------------------------------------------
    "button_report": Text(en="Report a mistake", ar="أبلغ عن خطأ"),
    "report.ask": Text(en="What is wrong with this answer?", ar="ما الخطأ في هذه الإجابة؟"),
    "report.reason.speaker": Text(en="Wrong speaker", ar="المتحدث خطأ"),
    "report.reason.agreement": Text(en="Wrong agreement or dispute", ar="الاتفاق أو الخلاف خطأ"),
    "report.reason.outdated": Text(en="Outdated", ar="قديم"),
    "report.reason.other": Text(en="Something else", ar="شيء آخر"),
    "report.thanks": Text(
        en="Thank you: I noted “{reason}” for the operators to check.",
        ar="شكراً: سجّلت «{reason}» ليراجعه المشغّلون.",
    ),
    "report.gone": Text(
        en="That answer is no longer in my records: ask again and report the new one, please.",
        ar="لم تعد هذه الإجابة في سجلاتي: اسأل من جديد وأبلغ عن الإجابة الجديدة من فضلك.",
    ),
    "reports.heading": Text(en="<b>Reports of mistakes</b> ({count})", ar="<b>بلاغات الأخطاء</b> ({count})"),
    "reports.line": Text(
        en="#{id} {date} · {reason} · “{question}” · sources: {sources}",
        ar="#{id} {date} · {reason} · «{question}» · المصادر: {sources}",
    ),
    "reports.none": Text(en="No reports of mistakes.", ar="لا بلاغات عن أخطاء."),
    "reports.digest_point": Text(en="digest point {point}: {sentence}", ar="نقطة الموجز {point}: {sentence}"),
    "forgotten_reports": Text(
        en=" I also deleted {reports:report} you sent.", ar=" وحذفت أيضاً {reports:report.oblique} أرسلتها."
    ),
    # --- buttons that show they were pressed ----------------------------------------------------------
    "button_following": Text(en="✓ Following {name}", ar="✓ تتابع {name}"),
    "both_shown": Text(en="Both sides are in the message above.", ar="الرأيان في الرسالة أعلاه."),
    "error": Text(
        en="Sorry, something went wrong on my side. Please try again in a moment.",
        ar="عذراً، حدث خطأ من جهتي. حاول مرة أخرى بعد قليل.",
    ),
    "not_admin": Text(
        en="Sorry, this command is for the bot's operators only.", ar="عذراً، هذا الأمر لمشغّلي البوت فقط."
    ),
    "latest_heading": Text(en="<b>Newest articles</b>", ar="<b>أحدث المقالات</b>"),
    "latest_first_seen": Text(en="undated; first seen {date}", ar="بلا تاريخ؛ رأيته أول مرة {date}"),
    "latest_claims": Text(en="<b>Newest statements</b>", ar="<b>أحدث التصريحات</b>"),
    "nothing_yet": Text(en="I have not read anything yet.", ar="لم أقرأ شيئاً بعد."),
    "disputed_heading": Text(en="<b>What the outlets disagree on</b>", ar="<b>ما تختلف عليه المواقع</b>"),
    "nothing_disputed": Text(
        en="No disputed point so far: the outlets I read agree or report different things.",
        ar="لا موضع خلاف حتى الآن.",
    ),
    "sources_list_heading": Text(en="<b>Outlets I read</b>", ar="<b>المواقع التي أقرؤها</b>"),
    # --- stories: /stories ----------------------------------------------------------------------------
    "stories_heading": Text(en="<b>Stories</b>", ar="<b>القصص</b>"),
    "story_counts": Text(
        en="{span} · {articles:article} from {outlets:outlet} · {disputes}",
        ar="{span} · {articles:article} من {outlets:outlet} · {disputes}",
    ),
    "story_disputed": Text(en="{count:dispute}", ar="{count:dispute}"),
    "story_undisputed": Text(en="no disputed point", ar="لا موضع خلاف"),
    "story_entities": Text(en="Who and where: {names}", ar="من وأين: {names}"),
    "story_undated": Text(en="undated", ar="بلا تاريخ"),
    # --- the coverage chart: /chart, briefing chart ------------------------------------------------------
    "chart.heading": Text(en="Articles by outlet over time", ar="المقالات حسب الموقع عبر الزمن"),
    "chart.time_axis": Text(en="Publication time (UTC)", ar="وقت النشر بالتوقيت العالمي"),
    "chart.others": Text(en="{count:other_outlet}", ar="{count:other_outlet}"),
    "chart.undated": Text(
        en="Not shown: {count:article} without a publication time",
        ar="لم يظهر هنا: {count:article} بلا وقت نشر",
    ),
    "chart.dot.hours": Text(
        en="Each dot: the articles published within {n:hour}",
        ar="كل نقطة: المقالات المنشورة خلال {n:hour.oblique}",
    ),
    "chart.dot.days": Text(
        en="Each dot: the articles published within {n:day}",
        ar="كل نقطة: المقالات المنشورة خلال {n:day.oblique}",
    ),
    "chart.disputes": Text(en="What the outlets disagree on", ar="ما تختلف عليه المواقع"),
    "chart.no_disputes": Text(
        en="No disputed point in this story so far.", ar="لا موضع خلاف في هذه القصة حتى الآن."
    ),
    "chart.colon": Text(en=":", ar=":"),
    "chart.comma": Text(en=",", ar="،"),
    "chart.caption": Text(en="Coverage of “{title}”", ar="تغطية «{title}»"),
    "chart.no_dates": Text(
        en="Story #{number} has no article with a publication time yet, so there is nothing to chart.",
        ar="لا مقال بوقت نشر في القصة رقم {number} حتى الآن، فلا شيء يُرسم.",
    ),
    "chart.no_story": Text(
        en="There is no story to chart yet: ingest some articles first.",
        ar="لا قصة لرسمها بعد: أضف مقالات أولاً.",
    ),
    "chart.usage": Text(
        en="Write a story's number from /stories, for example /chart #2, or just /chart.",
        ar="اكتب رقم قصة من ‎/stories، مثلاً ‎/chart #2، أو ‎/chart وحده.",
    ),
    "button_chart": Text(en="Chart", ar="رسم بياني"),
    "articles_count": Text(en="{count:article}", ar="{count:article}"),
    "entity_kind": Text(
        en="{kind}, named in {articles:article}", ar="{kind}، ورد في {articles:article.oblique}"
    ),
    "entity_aliases": Text(en="Also written: {aliases}", ar="يُكتب أيضاً: {aliases}"),
    "entity_nothing_said": Text(en="No statement by or about them yet.", ar="لا تصريح منه أو عنه حتى الآن."),
    "side_affirmed": Text(en="Reported", ar="رواية"),
    "side_denied": Text(en="Denied", ar="نفي"),
    # How far the outlets agree: one word per status, used by answers, browsing and digests alike.
    "status_corroborated": Text(en="corroborated by {count:outlet}", ar="مؤكَّد في {count:outlet.oblique}"),
    "status_single-source": Text(en="one outlet", ar="مصدر واحد"),
    "status_disputed": Text(en="disputed", ar="موضع خلاف"),
    "more_sources_heading": Text(en="<b>Sources for:</b> {label}", ar="<b>مصادر:</b> {label}"),
    "page": Text(en="{first}–{last} of {total}", ar="{first}–{last} من {total}"),
    "button_more": Text(en="More sources", ar="مصادر أخرى"),
    "button_both": Text(en="Both sides", ar="الرأيان"),
    "button_follow": Text(en="Follow {name}", ar="تابع {name}"),
    "button_next": Text(en="Next ›", ar="التالي ›"),
    "button_prev": Text(en="‹ Previous", ar="‹ السابق"),
    "expired": Text(
        en="This button is too old: ask again, please.", ar="هذا الزر قديم، اسأل من جديد من فضلك."
    ),
    "unknown_command": Text(
        en="I do not know {command}. /help lists what I can do.",
        ar="لا أعرف الأمر {command}. ‎/help يعرض ما أستطيع فعله.",
    ),
    "gone": Text(en="That is no longer in my records.", ar="لم يعد هذا في سجلاتي."),
    # --- the terminal chat (briefing chat) ----------------------------------------------------------------
    "chat.help": Text(
        en=(
            "Ask anything about the story, in Arabic or English. /sources N shows source N of the last "
            "answer in its article, with the outlet, date and link; /sources lists the outlets, /latest the "
            "newest articles, /disputed what the outlets disagree on, /entity NAME what I know about a "
            "name, /timeline [#N] a story's first reports and changes of account; /language ar or "
            "/language en sets my language, /help shows this, Ctrl-D leaves."
        ),
        ar=(
            "اسأل عن أي شيء في القصة، بالعربية أو الإنجليزية. ‎/sources N يعرض المصدر N من آخر إجابة في "
            "سياق مقاله، مع الموقع والتاريخ والرابط؛ و‎/sources يعرض المواقع، و‎/latest أحدث المقالات، "
            "و‎/disputed ما تختلف عليه المواقع، و‎/entity اسم ما أعرفه عن اسم، و‎/timeline [#N] التسلسل "
            "الزمني لقصة؛ و‎/language ar أو "
            "‎/language en يحدد لغتي، و‎/help يعرض هذا، وCtrl-D للخروج."
        ),
    ),
    "chat.sources_usage": Text(
        en="Usage: /sources N, where N is a source number from 1 to {count}.",
        ar="الاستخدام: ‎/sources N، حيث N رقم مصدر من 1 إلى {count}.",
    ),
    "chat.sources_empty": Text(
        en="That answer has no sources yet: ask about something I know, then /sources N shows its source N.",
        ar="لا مصادر لهذه الإجابة بعد: اسأل عن شيء أعرفه، ثم يعرض ‎/sources N مصدرها رقم N.",
    ),
    "chat.sources_none": Text(
        en="Ask a question first: /sources N then shows its source N in full.",
        ar="اطرح سؤالاً أولاً، ثم يعرض ‎/sources N مصدره رقم N كاملاً.",
    ),
    "field.outlet": Text(en="outlet: {value}", ar="الموقع: {value}"),
    "field.published": Text(en="published: {value}", ar="تاريخ النشر: {value}"),
    "field.link": Text(en="link: {value}", ar="الرابط: {value}"),
    "field.unknown": Text(en="unknown", ar="غير معروف"),
    "field.local_file": Text(en="(local file)", ar="(ملف محلي)"),
    # --- operators: /ingest, /feeds, /stats -------------------------------------------------------------
    "ingest_usage": Text(en="Usage: /ingest URL", ar="الاستخدام: ‎/ingest URL"),
    "ingest_started": Text(en="Fetching {url} …", ar="جارٍ جلب {url} …"),
    "ingest_done": Text(en="{url}: {status}.", ar="{url}: {status}."),
    "ingest_failed": Text(en="Could not ingest {url}: {reason}", ar="تعذّر إدخال {url}: {reason}"),
    "feeds_usage": Text(
        en="Usage: /feeds list, /feeds add URL, /feeds remove URL",
        ar="الاستخدام: ‎/feeds list، ‎/feeds add URL، ‎/feeds remove URL",
    ),
    "feeds_empty": Text(
        en="No feeds yet. Add one with /feeds add URL", ar="لا خلاصات بعد. أضف واحدة بـ ‎/feeds add URL"
    ),
    "feed_added": Text(
        en="Feed added: {url}. I read it now: {added:article} added, {failed} could not be read.",
        ar="أضيفت الخلاصة: {url}. قرأتها الآن: أضيف {added:article}، وتعذّرت قراءة {failed}.",
    ),
    "feed_removed": Text(
        en="Feed removed: {url}. Its articles stay.", ar="حُذفت الخلاصة: {url}. مقالاتها المخزنة باقية."
    ),
    "feed_refused": Text(en="Not done: {reason}", ar="لم يتم: {reason}"),
    "feeds_heading": Text(en="<b>Feeds</b>", ar="<b>الخلاصات</b>"),
    "feed_line": Text(en="#{id} {title} {url} ({count:article})", ar="#{id} {title} {url} ({count:article})"),
    "ingest_nothing": Text(en="Nothing to ingest.", ar="لا شيء لإدخاله."),
    "stats": Text(
        en=(
            "<b>Statistics</b>\n"
            "Articles: {articles}\nEntities: {entities}\nStatements: {claims} ({disputed:dispute})\n"
            "Subscribers: {subscribers}\nChats: {chats}\n"
            "Questions in the last {days:day}: {questions}, not found: {not_found} ({rate})"
        ),
        ar=(
            "<b>إحصاءات</b>\n"
            "المقالات: {articles}\nالكيانات: {entities}\nالتصريحات: {claims} ({disputed:dispute})\n"
            "المشتركون: {subscribers}\nالمحادثات: {chats}\n"
            "الأسئلة في آخر {days:day.oblique}: {questions}، بلا إجابة: {not_found} ({rate})"
        ),
    ),
    # --- kinds of entity: as a label (entity card) and as a predicate ("X: a person") ---------------------
    "kind.person": Text(en="Person", ar="شخص"),
    "kind.organisation": Text(en="Organisation", ar="منظمة"),
    "kind.group": Text(en="Group", ar="جماعة"),
    "kind.place": Text(en="Place", ar="مكان"),
    "kind.country": Text(en="Country", ar="دولة"),
    "kind.outlet": Text(en="Outlet", ar="وسيلة إعلام"),
    "kind_a.person": Text(en="a person", ar="شخص"),
    "kind_a.organisation": Text(en="an organisation", ar="منظمة"),
    "kind_a.group": Text(en="a group", ar="جماعة"),
    "kind_a.place": Text(en="a place", ar="مكان"),
    "kind_a.country": Text(en="a country", ar="دولة"),
    "kind_a.outlet": Text(en="a news outlet", ar="وسيلة إعلام"),
    # --- answers ------------------------------------------------------------------------------------------
    "stance.affirmed": Text(en="says", ar="يقول"),
    "stance.denied": Text(en="denies", ar="ينفي"),
    # The verb agrees with a feminine speaker: وزارة … تنفي, مصادر محلية تقول.
    "stance.affirmed.feminine": Text(en="says", ar="تقول"),
    "stance.denied.feminine": Text(en="denies", ar="تنفي"),
    # ...and with people in the plural before it: مهندسون يقولون, أطباء ينفون.
    "stance.affirmed.plural": Text(en="say", ar="يقولون"),
    "stance.denied.plural": Text(en="deny", ar="ينفون"),
    "answer.status_disputed": Text(
        en="disputed: outlets give contradicting accounts", ar="موضع خلاف: روايات متعارضة"
    ),
    "answer.clause_separator": Text(en="; ", ar="؛ "),
    "answer.source_date": Text(en="{outlet}, {date}", ar="{outlet}، {date}"),
    "answer.source_copy": Text(en=" (a copy of [{number}])", ar=" (نسخة من [{number}])"),
    # Who reported a claim first (bot.provenance): times in the reader's zone, and on what basis.
    "provenance.first": Text(
        en="First reported by {outlet} at {time} ({zone}, {basis}){repeats}",
        ar="أول من نقله {outlet} في {time} ({zone}، {basis}){repeats}",
    ),
    "provenance.repeated": Text(en="; repeated by {items}", ar="؛ وكرّره {items}"),
    "provenance.item": Text(en="{outlet} ({time}{notes})", ar="{outlet} ({time}{notes})"),
    "provenance.copy": Text(en=", a copy of {outlet}", ar="، نسخة من {outlet}"),
    "provenance.credits": Text(en=", crediting {outlet}", ar="، نقلاً عن {outlet}"),
    "provenance.basis.published": Text(en="publication time", ar="وقت النشر"),
    "provenance.basis.first_seen": Text(en="first seen by the bot", ar="وقت أول رصد"),
    "provenance.seen": Text(en=", first seen", ar="، وقت أول رصد"),
    "provenance.others": Text(en=" and {n:other_article}", ar=" و{n:other_article}"),
    # A story's timeline (bot.stories.timeline): first reports and changes of account, in time order.
    "timeline.heading": Text(
        en="Timeline of story #{number}: {title}", ar="التسلسل الزمني للقصة #{number}: {title}"
    ),
    "timeline.basis": Text(
        en="Times in {zone}: publication times, else when the bot first saw the article (“first seen”).",
        ar="الأوقات بتوقيت {zone}: وقت النشر، وإلا وقت أول رصد للمقال (ويُشار إليه).",
    ),
    "timeline.first": Text(
        en="{time}{seen}: first reported by {outlet}: «{quote}»",
        ar="{time}{seen}: أول من نقله {outlet}: «{quote}»",
    ),
    "timeline.revised": Text(
        en=(
            "{time}{seen}: a different figure from {outlet}: {figure} "
            "(earlier {previous}, {previous_outlet} at {previous_time}): «{quote}»"
        ),
        ar=(
            "{time}{seen}: رقم مختلف من {outlet}: {figure} "
            "(سابقاً {previous}، {previous_outlet} في {previous_time}): «{quote}»"
        ),
    ),
    "timeline.denial": Text(
        en="{time}{seen}: a denial, reported by {outlet}: «{quote}»",
        ar="{time}{seen}: نفي نقله {outlet}: «{quote}»",
    ),
    "timeline.seen": Text(en=" (first seen)", ar=" (وقت أول رصد)"),
    "timeline.more": Text(en="… and {n:more_point}.", ar="… و{n:more_point}."),
    "timeline.empty": Text(en="No claims in this story yet.", ar="لا ادعاءات في هذه القصة بعد."),
    "timeline.usage": Text(
        en="Which story? /timeline #N, with its number from /stories.",
        ar="أي قصة؟ ‎/timeline #N برقمها من ‎/stories.",
    ),
    # The direct first line of an answer, from what the engine found.
    "answer.lead_no_direct": Text(
        en="No direct statement by {name}; what others say about {name}:",
        ar="لا تصريح مباشراً من {name}؛ ما يقوله آخرون عن {name}:",
    ),
    "answer.lead_disputed": Text(en="Disputed: {first}, {second}.", ar="موضع خلاف: {first}، و{second}."),
    "answer.lead_figure": Text(en="{value} according to {who}{marks}", ar="{value} بحسب {who}{marks}"),
    "answer.figure_join": Text(en=", ", ar="، و"),
    "answer.lead_figures": Text(en="{figures}.", ar="{figures}."),
    "answer.the_article": Text(en="the article", ar="المقال"),
    "source.unknown": Text(en="unknown outlet", ar="مصدر غير معروف"),
    "answer.entity": Text(en="{name}: {kind}.", ar="{name}: {kind}."),
    "answer.entity_aliases": Text(
        en="{name}: {kind}, also written {aliases}.", ar="{name}: {kind}، ويُكتب أيضاً: {aliases}."
    ),
    "answer.story": Text(en="Story: {title}", ar="القصة: {title}"),
    "answer.several_stories": Text(
        en="This fits {count:story}; here is each one.", ar="ينطبق هذا على {count:story}، وهذه كل منها."
    ),
    "answer.in_story": Text(en="In “{title}”:\n{answer}", ar="في «{title}»:\n{answer}"),
    "answer.sources_disagree": Text(en="The sources disagree:", ar="المصادر مختلفة:"),
    "answer.sources_say": Text(en="What the sources say:", ar="ما تقوله المصادر:"),
    "answer.no_statements": Text(
        en="I have no attributed statements about it yet.", ar="لا توجد لدي تصريحات منسوبة عنه بعد."
    ),
    "answer.no_articles": Text(
        en="I have no articles yet. Add some with `briefing ingest PATH_OR_URL`.",
        ar="لا توجد لدي مقالات بعد. أضف مقالات عبر `briefing ingest`.",
    ),
    "answer.nothing_about": Text(
        en="I found nothing about “{words}” in the {count:article} I have.",
        ar="لم أجد شيئاً عن «{words}» في {count:article.oblique} لدي.",
    ),
    "answer.suggestions": Text(en=" I can tell you about: {known}.", ar=" يمكنني إخبارك عن: {known}."),
    # --- the digest (الموجز) ------------------------------------------------------------------------------
    "digest.title": Text(en="Briefing", ar="الموجز"),
    "digest.period": Text(en="{start} – {end}, {zone} time", ar="{start} – {end} بتوقيت {zone}"),
    "digest.count_disputed": Text(en="{n:dispute}", ar="{n:dispute}"),
    "digest.count_corroborated": Text(en="{n:corroborated_point}", ar="{n:corroborated_point}"),
    "digest.count_single": Text(en="{n:new_claim}", ar="{n:new_claim}"),
    "digest.count_articles": Text(
        en="{n:article} from {outlets:outlet}", ar="{n:article} من {outlets:outlet.oblique}"
    ),
    "digest.headline_separator": Text(en=" · ", ar=" · "),
    "digest.story": Text(en="Story: {title}", ar="القصة: {title}"),
    "digest.disputed": Text(en="Disputed", ar="مواضع الخلاف"),
    "digest.corroborated": Text(en="Corroborated", ar="مؤكَّد من أكثر من مصدر"),
    "digest.single": Text(en="New claims (one source so far)", ar="ادعاءات جديدة (مصدر واحد حتى الآن)"),
    "digest.articles": Text(en="New articles by outlet", ar="مقالات جديدة حسب الموقع"),
    "digest.outlets": Text(en="{n:outlet}", ar="{n:outlet}"),
    "digest.new": Text(en="new", ar="جديد"),
    "digest.grown": Text(en="+{n:outlet}", ar="+{n:outlet}"),
    "digest.corrected": Text(en="corrected", ar="مُصحَّح"),
    "digest.more": Text(
        en="… and {n:more_point}: the button below shows them.", ar="… و{n:more_point}: يعرضها الزر أدناه."
    ),
    "digest.button_rest": Text(en="Show the rest", ar="اعرض البقية"),
    "digest.report_pick": Text(
        en="Which point of this briefing is wrong? Pick its number:",
        ar="أي نقطة في هذا الموجز فيها خطأ؟ اختر رقمها:",
    ),
    "digest.report_ask": Text(en="What is wrong with point {n}?", ar="ما الخطأ في النقطة {n}؟"),
    "digest.report_thanks": Text(
        en="Thank you: I noted “{reason}” about point {n} for the operators to check.",
        ar="شكراً: سجّلت «{reason}» عن النقطة {n} ليراجعه المشغّلون.",
    ),
    "digest.report_gone": Text(
        en="That point is no longer in this briefing: send /digest and report it there, please.",
        ar="لم تعد هذه النقطة في هذا الموجز: اطلب الموجز من جديد وأبلغ عنها هناك من فضلك.",
    ),
    "digest.rest_heading": Text(en="The rest of your briefing", ar="بقية موجزك"),
    "digest.more_articles": Text(en="… and {n} more", ar="… و{n} أخرى"),
    "digest.more_outlets": Text(
        en="… and {n:other_outlet} with {articles:article}", ar="… و{n:other_outlet} فيها {articles:article}"
    ),
    "digest.nothing": Text(en="Nothing new since your last briefing.", ar="لا جديد منذ موجزك الأخير."),
    # --- digest subscriptions: /subscribe, /settings, /unsubscribe ------------------------------------------
    "schedule.bad_time": Text(
        en="“{value}” is not a time of day; write it as HH:MM on a 24-hour clock, e.g. {example}",
        ar="«{value}» ليس وقتاً من اليوم؛ اكتبه بصيغة HH:MM بنظام 24 ساعة، مثلاً {example}",
    ),
    "schedule.bad_zone": Text(
        en=(
            "unknown time zone “{value}”; use a city, an IANA name such as {zone} "
            "or an offset such as {offset}"
        ),
        ar="منطقة زمنية غير معروفة: «{value}»؛ اكتب مدينة أو اسماً مثل {zone} أو فرقاً عن UTC مثل {offset}",
    ),
    "schedule.bad_language": Text(
        en="unknown language “{value}”; use ar or en", ar="لغة غير معروفة: «{value}»؛ اختر ar أو en"
    ),
    "subscription.subscribed": Text(
        en=(
            "Subscribed: your digest comes daily at <b>{time}</b> ({zone}); next on {next}.\n"
            "Change it with /settings, stop it with /unsubscribe."
        ),
        ar=(
            "تم الاشتراك: يصلك الموجز يوميًا الساعة <b>{time}</b> ({zone})؛ الموعد التالي {next}.\n"
            "غيّر ذلك عبر ‎/settings، وأوقفه عبر ‎/unsubscribe."
        ),
    ),
    "subscription.bad": Text(
        en=(
            "{error}\nFor example: <code>/subscribe 07:30 Asia/Damascus</code> or "
            "<code>/subscribe 19:00 +03:00</code>"
        ),
        ar=(
            "{error}\nمثال: <code>/subscribe 07:30 Asia/Damascus</code> "
            "أو <code>/subscribe 19:00 +03:00</code>"
        ),
    ),
    "subscription.admins_only": Text(
        en="In a group, only its administrators can change the digest.",
        ar="في المجموعات، يغيّر الموجز مشرفو المجموعة فقط.",
    ),
    "subscription.none": Text(
        en="This chat has no digest yet: send /subscribe (e.g. <code>/subscribe 07:30 Asia/Damascus</code>).",
        ar="لا اشتراك في هذه المحادثة بعد: أرسل ‎/subscribe "
        "(مثلًا <code>/subscribe 07:30 Asia/Damascus</code>).",
    ),
    "subscription.unsubscribed": Text(
        en="Unsubscribed: no more digests here. /subscribe brings them back.",
        ar="أُلغي الاشتراك: لن يصل موجز هنا بعد الآن. أعده عبر ‎/subscribe.",
    ),
    "subscription.settings": Text(
        en=("<b>Your digest</b>\nTime: <b>{time}</b>\nTime zone: <b>{zone}</b>"),
        ar=("<b>موجزك</b>\nالوقت: <b>{time}</b>\nالمنطقة الزمنية: <b>{zone}</b>"),
    ),
    "subscription.settings_rest": Text(
        en=(
            "Topics: <b>{topics}</b>\nNext: {next}\n\n"
            "Another time or zone: <code>/subscribe 07:30 Asia/Damascus</code>\n"
            "The digest's language alone: the buttons below; /language sets both."
        ),
        ar=(
            "المواضيع: <b>{topics}</b>\nالموعد التالي: {next}\n\n"
            "لوقت أو منطقة أخرى: <code>/subscribe 07:30 Asia/Damascus</code>\n"
            "لغة الموجز وحدها: بالأزرار أدناه؛ و‎/language يحدد الاثنتين."
        ),
    ),
    "subscription.language": Text(en="Language: <b>{language}</b>", ar="اللغة: <b>{language}</b>"),
    "subscription.languages": Text(
        en="Chat language: <b>{chat}</b>\nDigest language: <b>{digest}</b>",
        ar="لغة المحادثة: <b>{chat}</b>\nلغة الموجز: <b>{digest}</b>",
    ),
    "subscription.everything": Text(en="everything", ar="كل شيء"),
    "subscription.followed": Text(en="only what you follow ({names})", ar="ما تتابعه فقط ({names})"),
    "subscription.followed_none": Text(
        en="only what you follow (nothing yet: /follow NAME)", ar="ما تتابعه فقط (لا شيء بعد: ‎/follow NAME)"
    ),
    "subscription.button_everything": Text(en="Everything", ar="كل شيء"),
    "subscription.button_followed": Text(en="Only what I follow", ar="ما أتابعه فقط"),
    "subscription.saved": Text(en="Saved.", ar="تم الحفظ."),
}


class _Formatter(string.Formatter):
    """``str.format`` where a noun name as the format spec counts: ``{n:article}`` -> "3 articles"."""

    def __init__(self, language: str) -> None:
        super().__init__()
        self.language = language

    def format_field(self, value: object, format_spec: str) -> str:
        if format_spec in NOUNS:
            if not isinstance(value, int):
                raise TypeError(f"a counted noun needs an int, got {value!r}")
            return count(self.language, format_spec, value)
        return str(super().format_field(value, format_spec))


_FORMATTERS = {language: _Formatter(language) for language in LANGUAGES}


def _template(language: str, key: str) -> tuple[str, str]:
    language = language if language in LANGUAGES else DEFAULT_LANGUAGE
    return language, MESSAGES[key].get(language)


def text(language: str, key: str, /, **values: object) -> str:
    """The message ``key`` in ``language`` (English when unknown), filled with ``values`` as they are."""
    language, template = _template(language, key)
    return _FORMATTERS[language].vformat(template, (), values)


def html_text(language: str, key: str, /, **values: object) -> str:
    """The message for HTML (Telegram parse mode, digests): every value but a number is HTML-escaped."""
    language, template = _template(language, key)
    escaped = {
        name: value if isinstance(value, int) else html.escape(str(value), quote=False)
        for name, value in values.items()
    }
    return _FORMATTERS[language].vformat(template, (), escaped)


# Plurals of things, which take a feminine singular verb (مصادر تقول), and men's names that end in ة.
_FEMININE_PLURALS = frozenset("مصادر وسائل قوات جهات اوساط فصائل سلطات دوائر هيئات منظمات".split())
_MEN_ENDING_IN_TA = frozenset("حمزه اسامه عبيده طلحه عكرمه حذيفه معاويه عروه قتاده".split())


def feminine_speaker(speaker: str) -> bool:
    """Whether an Arabic speaker takes a feminine verb: a noun ending in ة (وزارة, المتحدثة, فاطمة) or
    a plural of things (مصادر), judged by its first word."""
    words = _normalise(speaker).split()
    if not words:
        return False
    first = words[0][2:] if words[0].startswith("ال") and len(words[0]) > 4 else words[0]
    if (
        first.startswith("و")
        and len(first) > 4
        and (first[1:].endswith("ه") or first[1:] in _FEMININE_PLURALS)
    ):
        first = first[1:]
    if first in _MEN_ENDING_IN_TA:
        return False
    return first.endswith("ه") or first in _FEMININE_PLURALS


# Plurals of people that are not sound plurals (ون): they take a plural verb after them.
_PEOPLE_PLURALS = frozenset("اطباء شهود خبراء سكان عمال مسعفين نشطاء متطوعين اهالي مهندسين".split())


def plural_speaker(speaker: str) -> bool:
    """Whether an Arabic speaker is people in the plural (مهندسون, أطباء), judged by its first word."""
    words = _normalise(speaker).split()
    if not words:
        return False
    first = words[0][2:] if words[0].startswith("ال") and len(words[0]) > 4 else words[0]
    return (first.endswith("ون") and len(first) >= 6) or first in _PEOPLE_PLURALS


def stance_verb(language: str, stance: str, speaker: str) -> str:
    """The verb that introduces a speaker's words ("says", "denies"), agreeing with an Arabic speaker."""
    key = f"stance.{stance}"
    if language == "ar" and plural_speaker(speaker) and f"{key}.plural" in MESSAGES:
        key = f"{key}.plural"
    elif language == "ar" and feminine_speaker(speaker) and f"{key}.feminine" in MESSAGES:
        key = f"{key}.feminine"
    return text(language, key) if key in MESSAGES else text(language, "stance.affirmed")


def kind_name(language: str, kind: str, *, article: bool = False) -> str:
    """An entity kind as a label ("Person") or, with ``article``, as a predicate ("a person")."""
    key = f"{'kind_a' if article else 'kind'}.{kind}"
    return text(language, key) if key in MESSAGES else kind


def menu(language: str, *, operator: bool = False) -> list[tuple[str, str]]:
    """(command, description) pairs for Telegram's command menu; operators also get their commands."""
    commands = COMMANDS + (OPERATOR_COMMANDS if operator else ())
    return [(c.name, text(language, f"command.{c.name}")) for c in commands]


def help_text(language: str, *, retention_days: int) -> str:
    """/help in HTML: every command with its argument and description, from the same entries as the menu."""
    slash = f"{LRM}/" if language == "ar" else "/"
    lines = [f"<b>{html_text(language, 'help.heading')}</b>"]
    for command in COMMANDS:
        argument = f" {html_text(language, command.argument)}" if command.argument else ""
        lines.append(f"{slash}{command.name}{argument}: {html_text(language, f'command.{command.name}')}")
    lines.append(html_text(language, "help.retention", days=retention_days))
    return "\n".join(lines)


def placeholders(template: str) -> Mapping[str, str]:
    """Placeholder names of a template with their format specs (for the catalogue's own tests)."""
    return {name: spec or "" for _, name, spec, _ in string.Formatter().parse(template) if name is not None}

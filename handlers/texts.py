"""Everything the bot says that is not an answer, in Arabic and English; values are HTML-escaped here."""

from __future__ import annotations

import html

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "start": (
            "<b>Briefing bot</b>\n"
            "I follow one story across many Arabic outlets and answer from what they published, "
            "always with the sources: outlet, title, date and the exact quote.\n\n"
            "I know {articles} articles from {outlets} outlets, {entities} people, groups and places, "
            "and {claims} statements ({disputed} of them disputed).\n\n"
            "Ask in Arabic or English, for example:\n"
            "• <i>Who is Omar Omsen?</i>\n"
            "• <i>What did the ministry say?</i>\n"
            "• <i>What is disputed?</i>\n\n"
            "In a group, write /ask followed by the question, mention me, or reply to my message.\n"
            "/help lists every command."
        ),
        "help": (
            "<b>Commands</b>\n"
            "/ask QUESTION: ask (in a private chat, just write)\n"
            "/entity NAME: what I know about a person, group or place\n"
            "/latest: the newest articles and statements\n"
            "/disputed: what the outlets disagree on, both sides\n"
            "/sources: the outlets I read\n"
            "/follow NAME, /unfollow NAME: topics for your digest\n"
            "/subscribe, /settings, /unsubscribe, /digest: the daily digest\n"
            "/language ar|en: the language I speak to you in\n"
            "/forget: delete everything I store about you\n"
            "Questions are kept {days} days for statistics, then deleted."
        ),
        "sources_heading": "<b>Sources</b>",
        "as_of": "<i>As of {date}</i>",
        "corrected": " (corrected)",
        "not_found_entity": "I know nothing about <b>{name}</b> yet.",
        "entity_usage": "Write a name after the command, for example: /entity Omar Omsen",
        "follow_usage": "Write a name after the command, for example: /follow Omar Omsen",
        "unfollow_usage": "Write a name after the command, for example: /unfollow Omar Omsen",
        "ask_usage": "Write your question after /ask, for example: /ask Who is Omar Omsen?",
        "followed": "You now follow <b>{name}</b>. Your digest will cover it.",
        "already_followed": "You already follow <b>{name}</b>.",
        "unfollowed": "You no longer follow <b>{name}</b>.",
        "not_followed": "You were not following <b>{name}</b>.",
        "following": "You follow: {names}",
        "language_set": "I will speak English with you from now on.",
        "language_usage": "Choose a language: /language ar or /language en",
        "forgotten": (
            "Done. I deleted {questions} questions, {follows} follows and {subscriptions} subscriptions, "
            "and forgot what we were talking about."
        ),
        "forgotten_group": (
            "Done. I deleted the {questions} questions you asked. The group's own settings stay; "
            "an administrator can change them with /settings or /unsubscribe."
        ),
        "slow_down": "Slow down, please: at most {limit} questions a minute. Try again in a moment.",
        "error": "Sorry, something went wrong on my side. Please try again in a moment.",
        "not_admin": "Sorry, this command is for the bot's operators only.",
        "latest_heading": "<b>Newest articles</b>",
        "latest_claims": "<b>Newest statements</b>",
        "nothing_yet": "I have not read anything yet.",
        "disputed_heading": "<b>What the outlets disagree on</b>",
        "nothing_disputed": "No disputed point so far: the outlets I read agree or report different things.",
        "sources_list_heading": "<b>Outlets I read</b>",
        "articles_count": "{count} articles",
        "entity_kind": "{kind}, named in {articles} articles",
        "entity_aliases": "Also written: {aliases}",
        "entity_nothing_said": "No statement by or about them yet.",
        "side_affirmed": "Reported",
        "side_denied": "Denied",
        "status_corroborated": "corroborated by {count} outlets",
        "status_single-source": "one outlet",
        "status_disputed": "disputed",
        "more_sources_heading": "<b>Sources for:</b> {label}",
        "page": "{first}–{last} of {total}",
        "button_more": "More sources",
        "button_both": "Both sides",
        "button_follow": "Follow {name}",
        "button_next": "Next ›",
        "button_prev": "‹ Previous",
        "expired": "This button is too old: ask again, please.",
        "unknown_command": "I do not know {command}. /help lists what I can do.",
        "gone": "That is no longer in my records.",
        "ingest_usage": "Usage: /ingest URL",
        "ingest_started": "Fetching {url} …",
        "ingest_done": "{url}: {status}.",
        "ingest_failed": "Could not ingest {url}: {reason}",
        "feeds_usage": "Usage: /feeds list, /feeds add URL, /feeds remove URL",
        "feeds_empty": "No feeds yet. Add one with /feeds add URL",
        "feed_added": "Feed added: {url}. Its articles come in with the next poll.",
        "feed_removed": "Feed removed: {url}. Its articles stay.",
        "feed_refused": "Not done: {reason}",
        "feeds_heading": "<b>Feeds</b>",
        "feed_line": "#{id} {title} {url} ({count} articles)",
        "ingest_nothing": "Nothing to ingest.",
        "stats": (
            "<b>Statistics</b>\n"
            "Articles: {articles}\nEntities: {entities}\nStatements: {claims} ({disputed} disputed groups)\n"
            "Subscribers: {subscribers}\nChats: {chats}\n"
            "Questions in the last {days} days: {questions}, not found: {not_found} ({rate})"
        ),
    },
    "ar": {
        "start": (
            "<b>بوت الإحاطة</b>\n"
            "أتابع قصة واحدة في مواقع إخبارية عربية كثيرة، وأجيب مما نشرته، "
            "مع المصادر دائماً: الموقع والعنوان والتاريخ والاقتباس الحرفي.\n\n"
            "أعرف {articles} مقالاً من {outlets} موقعاً، و{entities} من الأشخاص والجماعات والأماكن، "
            "و{claims} تصريحاً (منها {disputed} موضع خلاف).\n\n"
            "اسأل بالعربية أو الإنجليزية، مثلاً:\n"
            "• <i>من هو عمر أومسين؟</i>\n"
            "• <i>ماذا قالت الوزارة؟</i>\n"
            "• <i>ما المختلف عليه؟</i>\n\n"
            "في المجموعات اكتب ‎/ask ثم السؤال، أو اذكرني، أو ردّ على رسالتي.\n"
            "‎/help يعرض كل الأوامر."
        ),
        "help": (
            "<b>الأوامر</b>\n"
            "‎/ask سؤال: اسأل (في المحادثة الخاصة اكتب السؤال مباشرة)\n"
            "‎/entity اسم: ما أعرفه عن شخص أو جماعة أو مكان\n"
            "‎/latest: أحدث المقالات والتصريحات\n"
            "‎/disputed: ما تختلف عليه المواقع، بالرأيين\n"
            "‎/sources: المواقع التي أقرؤها\n"
            "‎/follow اسم، ‎/unfollow اسم: مواضيع نشرتك اليومية\n"
            "‎/subscribe، ‎/settings، ‎/unsubscribe، ‎/digest: النشرة اليومية\n"
            "‎/language ar|en: لغة الحديث معك\n"
            "‎/forget: احذف كل ما أحفظه عنك\n"
            "تُحفظ الأسئلة {days} يوماً للإحصاءات ثم تُحذف."
        ),
        "sources_heading": "<b>المصادر</b>",
        "as_of": "<i>حتى تاريخ {date}</i>",
        "corrected": " (مُصحَّح)",
        "not_found_entity": "لا أعرف شيئاً عن <b>{name}</b> حتى الآن.",
        "entity_usage": "اكتب اسماً بعد الأمر، مثلاً: ‎/entity عمر أومسين",
        "follow_usage": "اكتب اسماً بعد الأمر، مثلاً: ‎/follow عمر أومسين",
        "unfollow_usage": "اكتب اسماً بعد الأمر، مثلاً: ‎/unfollow عمر أومسين",
        "ask_usage": "اكتب سؤالك بعد ‎/ask، مثلاً: ‎/ask من هو عمر أومسين؟",
        "followed": "أصبحت تتابع <b>{name}</b>، وستشمله نشرتك.",
        "already_followed": "أنت تتابع <b>{name}</b> من قبل.",
        "unfollowed": "لم تعد تتابع <b>{name}</b>.",
        "not_followed": "لم تكن تتابع <b>{name}</b>.",
        "following": "تتابع: {names}",
        "language_set": "سأتحدث معك بالعربية من الآن.",
        "language_usage": "اختر اللغة: ‎/language ar أو ‎/language en",
        "forgotten": (
            "تم. حذفت {questions} سؤالاً و{follows} متابعة و{subscriptions} اشتراكاً، ونسيت موضوع حديثنا."
        ),
        "forgotten_group": (
            "تم. حذفت الأسئلة التي طرحتها ({questions}). إعدادات المجموعة تبقى، "
            "ويمكن للمشرف تغييرها عبر ‎/settings أو ‎/unsubscribe."
        ),
        "slow_down": "على مهلك من فضلك: {limit} أسئلة في الدقيقة على الأكثر. حاول بعد قليل.",
        "error": "عذراً، حدث خطأ من جهتي. حاول مرة أخرى بعد قليل.",
        "not_admin": "عذراً، هذا الأمر لمشغّلي البوت فقط.",
        "latest_heading": "<b>أحدث المقالات</b>",
        "latest_claims": "<b>أحدث التصريحات</b>",
        "nothing_yet": "لم أقرأ شيئاً بعد.",
        "disputed_heading": "<b>ما تختلف عليه المواقع</b>",
        "nothing_disputed": "لا نقطة خلاف حتى الآن.",
        "sources_list_heading": "<b>المواقع التي أقرؤها</b>",
        "articles_count": "{count} مقالاً",
        "entity_kind": "{kind}، ورد في {articles} مقالاً",
        "entity_aliases": "يُكتب أيضاً: {aliases}",
        "entity_nothing_said": "لا تصريح منه أو عنه حتى الآن.",
        "side_affirmed": "رواية",
        "side_denied": "نفي",
        "status_corroborated": "أكدته {count} مواقع",
        "status_single-source": "مصدر واحد",
        "status_disputed": "موضع خلاف",
        "more_sources_heading": "<b>مصادر:</b> {label}",
        "page": "{first}–{last} من {total}",
        "button_more": "مصادر أخرى",
        "button_both": "الرأيان",
        "button_follow": "تابع {name}",
        "button_next": "التالي ›",
        "button_prev": "‹ السابق",
        "expired": "هذا الزر قديم، اسأل من جديد من فضلك.",
        "unknown_command": "لا أعرف الأمر {command}. ‎/help يعرض ما أستطيع فعله.",
        "gone": "لم يعد هذا في سجلاتي.",
        "ingest_usage": "الاستخدام: ‎/ingest URL",
        "ingest_started": "جارٍ جلب {url} …",
        "ingest_done": "{url}: {status}.",
        "ingest_failed": "تعذّر إدخال {url}: {reason}",
        "feeds_usage": "الاستخدام: ‎/feeds list، ‎/feeds add URL، ‎/feeds remove URL",
        "feeds_empty": "لا خلاصات بعد. أضف واحدة بـ ‎/feeds add URL",
        "feed_added": "أضيفت الخلاصة: {url}. تصل مقالاتها مع الجلب التالي.",
        "feed_removed": "حُذفت الخلاصة: {url}. مقالاتها المخزنة باقية.",
        "feed_refused": "لم يتم: {reason}",
        "feeds_heading": "<b>الخلاصات</b>",
        "feed_line": "#{id} {title} {url} ({count} مقالاً)",
        "ingest_nothing": "لا شيء لإدخاله.",
        "stats": (
            "<b>إحصاءات</b>\n"
            "المقالات: {articles}\nالكيانات: {entities}\nالتصريحات: {claims} ({disputed} مجموعات خلافية)\n"
            "المشتركون: {subscribers}\nالمحادثات: {chats}\n"
            "الأسئلة في آخر {days} يوماً: {questions}، بلا إجابة: {not_found} ({rate})"
        ),
    },
}

KINDS = {
    "en": {
        "person": "Person",
        "organisation": "Organisation",
        "group": "Group",
        "place": "Place",
        "country": "Country",
        "outlet": "Outlet",
    },
    "ar": {
        "person": "شخص",
        "organisation": "منظمة",
        "group": "جماعة",
        "place": "مكان",
        "country": "دولة",
        "outlet": "وسيلة إعلام",
    },
}


def t(language: str, key: str, **values: object) -> str:
    """The text ``key`` in ``language`` (English when unknown), with every value HTML-escaped."""
    table = TEXTS.get(language, TEXTS["en"])
    template = table.get(key, TEXTS["en"][key])
    return template.format(**{name: html.escape(str(value), quote=False) for name, value in values.items()})


def plain(language: str, key: str, **values: object) -> str:
    """A text for places without parse mode (buttons, callback answers): values are not escaped."""
    table = TEXTS.get(language, TEXTS["en"])
    return table.get(key, TEXTS["en"][key]).format(**values)


def kind_name(language: str, kind: str) -> str:
    return KINDS.get(language, KINDS["en"]).get(kind, kind)

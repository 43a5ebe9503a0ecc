"""Site furniture that is not part of an article: each rule recognises one kind of whole line.

Rules read the normalised line (bot.text.normalise: no diacritics, unified alef/yaa/taa marbuta, no
punctuation), so "إقرأ أيضاً:" and "اقرأ ايضا" are one case. A line is only ever dropped whole.
"""

from __future__ import annotations

import re

from bot.text import normalise

_READ_ALSO = re.compile(
    r"^(?:اقرا ايضا|اقرا المزيد|اقرا كذلك|طالع ايضا|شاهد ايضا|اقرا|مواضيع ذات صله|اخبار ذات صله|ذات صله"
    r"|read also|read more|also read|see also|related(?: articles| stories| news| posts| coverage)?"
    r"|more on this)(?: |$)"
)
_COMMENT_FORM = frozenset(
    {
        "اترك رد",
        "اترك ردا",
        "اترك تعليقا",
        "اترك تعليق",
        "اضف تعليق",
        "اضف تعليقا",
        "التعليقات",
        "تعليقات",
        "الغاء الرد",
        "leave a reply",
        "leave a comment",
        "post a comment",
        "add a comment",
        "comments",
        "cancel reply",
        "post comment",
        "ارسال التعليق",
    }
)
_NOTICES = (
    "لن يتم نشر عنوان بريدك الالكتروني",
    "لن يتم نشر بريدك الالكتروني",
    "الحقول الالزاميه مشار اليها",
    "الحقول المطلوبه مشار اليها",
    "احفظ اسمي",
    "your email address will not be published",
    "your email will not be published",
    "required fields are marked",
    "save my name email and website",
    "جميع الحقوق محفوظه",
    "all rights reserved",
    "subscribe to our newsletter",
    "sign up for our newsletter",
    "اشترك في نشرتنا",
    "اشترك في النشره البريديه",
)
_SHARE_VERBS = frozenset({"شارك", "شاركوا", "مشاركه", "انشر", "share", "shares"})
_SOCIAL = frozenset(
    """فيسبوك فيس بوك تويتر تلغرام تليغرام تيليجرام تلجرام يوتيوب انستغرام انستجرام انستقرام واتساب واتس اب
    لينكدان تيك توك اكس x facebook twitter telegram youtube instagram whatsapp linkedin tiktok
    email mail pinterest reddit messenger threads""".split()
)
_SHARE_WORDS = _SOCIAL | frozenset(
    "المقال الخبر هذا هذه الصفحه عبر على مع اصدقائك الموضوع "
    "this the article story post page on via with friends link".split()
)
_FOLLOW_MARKERS = re.compile(r"^(?:حساباتنا|تابعونا|تابعنا|تابعوا|follow us|find us|join us|اشترك في)(?: |$)")
_MORE = frozenset(
    {"المزيد", "المزيد ايضا", "المزيد من الاخبار", "عرض المزيد", "more", "load more", "show more", "اعلان"}
)
_MORE |= {"advertisement", "sponsored", "اعلانات"}
_TAGS = re.compile(r"^(?:tags|topics|الوسوم|وسوم|كلمات مفتاحيه|الكلمات المفتاحيه)(?: |$)")
# Wire credits ("(Reporting by X; Editing by Y)") and photo captions ("صورة: ...", "Photo: X/AFP").
_CREDIT = re.compile(
    r"^\(?\s*(?:(?:additional )?reporting|writing|editing|compiled|translated) by\b"
    r"|^\(?\s*(?:اعداد|تحرير|ترجمه)\s*:",
    re.IGNORECASE,
)
_CAPTION = re.compile(
    r"^[(\[]?\s*(?:صوره|الصوره|صور|تصوير|photo|photos|picture|image|caption|file photo|pictured)"
    r"(?:\s+(?:ارشيفيه|من الارشيف|توضيحيه|تعبيريه|archive|file))?\s*(?:[:：/|)\]-]|by\b|$)",
    re.IGNORECASE,
)
_MAX_WORDS = 30
_URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S+", re.IGNORECASE)


def boilerplate_kind(line: str) -> str | None:
    """The kind of site furniture ``line`` is ("read-also", "share", ...), or None for article text."""
    stripped = line.strip()
    if not stripped:
        return None
    if all(word.startswith("#") for word in stripped.split()):
        return "hashtags"
    if not _URL.sub("", stripped).strip(" \t|,;·•-–—"):
        return "link"
    if not any(ch.isalnum() for ch in stripped):
        return "separator"  # "***", "———", a row of emoji
    if stripped.startswith(("©", "(c) ", "Copyright")) and len(stripped.split()) <= 15:
        return "copyright"
    if len(stripped.split()) > _MAX_WORDS:
        return None  # site furniture is short; a paragraph is article text
    norm = normalise(stripped)
    words = norm.split()
    if not words:
        return None
    if _CREDIT.match(_caption_form(stripped)) and (stripped.startswith("(") or not stripped.endswith(".")):
        return "credit"
    if _CAPTION.match(_caption_form(stripped)):
        return "caption"
    if norm in _COMMENT_FORM:
        return "comment-form"
    if norm in _MORE:
        return "more"
    if len(words) <= 30 and any(notice in norm for notice in _NOTICES):
        return "notice"
    if stripped.rstrip().endswith("*") and len(words) <= 4:
        return "form-field"  # "Name *", "البريد الإلكتروني *"
    if len(words) <= 30 and _READ_ALSO.match(norm) and _looks_like_link_label(stripped, words):
        return "read-also"
    if words[0] in _SHARE_VERBS and len(words) <= 8 and all(w in _SHARE_WORDS for w in words[1:]):
        return "share"
    if _FOLLOW_MARKERS.match(norm) and len(words) <= 16:
        return "social"
    if len(words) >= 2 and all(w in _SOCIAL for w in words):
        return "social"
    if _TAGS.match(norm) and ":" in stripped and len(words) <= 20:
        return "tags"
    return None


def _caption_form(line: str) -> str:
    """A line with Arabic letters unified (as ``normalise`` does) but its punctuation kept."""
    return line.translate(_UNIFY).lower()


_UNIFY = str.maketrans({"ة": "ه", "أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي"})


def _looks_like_link_label(line: str, words: list[str]) -> bool:
    """'Read also: <headline>' has a colon or is short; a sentence that merely starts 'Related' is kept."""
    return ":" in line or len(words) <= 3


def is_bare_read_also(line: str) -> bool:
    """A 'Read also' label alone on its line: the linked headline follows on the next line."""
    stripped = line.strip()
    if len(stripped.split()) > 3:
        return False
    norm = normalise(stripped)
    match = _READ_ALSO.match(norm)
    return match is not None and not norm[match.end() :].strip()


def is_comment_form_start(line: str) -> bool:
    """A line after which a page has only its comment form."""
    stripped = line.strip()
    return len(stripped.split()) <= 4 and normalise(stripped) in _COMMENT_FORM

"""Arabic-aware text normalisation with a map back to the original offsets, and sentence splitting.

The original text is never changed: quotes are cut from it. Matching works on the normalised form,
and ``NormalisedText.span`` maps a normalised range back to the original characters.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

TATWEEL = "\u0640"
# Harakat, Quranic marks, superscript alef: dropped for matching.
_DIACRITICS = re.compile(r"[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED]")
_INVISIBLE = set(
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u061c"
)
# Words split with tatweel and spaces to dodge filters: "الاشـ ـتـ ـبـ ـاكـ ـات".
_TATWEEL_SPLIT = re.compile(TATWEEL + r"[ \t\u00a0]+" + TATWEEL)

_CHAR_MAP: dict[str, str] = {
    "إ": "ا", "أ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي",
    "ک": "ك", "ی": "ي", "ـ": "",
}  # fmt: skip
for _i in range(10):
    _CHAR_MAP[chr(0x0660 + _i)] = str(_i)  # Arabic-Indic digits
    _CHAR_MAP[chr(0x06F0 + _i)] = str(_i)  # Extended Arabic-Indic (Persian) digits

ARABIC_LETTER = re.compile(r"[\u0621-\u064A\u0671-\u06D3]")
LATIN_LETTER = re.compile(r"[A-Za-z]")


@dataclass(frozen=True)
class NormalisedText:
    """A normalised string and, for each of its characters, the index of its source character."""

    text: str
    offsets: tuple[int, ...]
    original_length: int

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised range [start, end) to the original range covering the same characters."""
        if start >= end or not self.offsets:
            return (0, 0)
        end = min(end, len(self.offsets))
        return (self.offsets[start], self.offsets[end - 1] + 1)


def _fold_char(ch: str) -> str:
    if ch in _CHAR_MAP:
        return _CHAR_MAP[ch]
    if ch in _INVISIBLE:
        return ""
    if ch.isalnum() or ch == "_":
        if ch.isascii():
            return ch.lower()
        category = unicodedata.category(ch)
        if category.startswith("M"):  # combining marks
            return ""
        return ch.casefold()
    if unicodedata.category(ch).startswith("M"):
        return ""
    return " "


def normalise_with_map(original: str) -> NormalisedText:
    """Normalise for matching and keep, for every output character, its index in ``original``."""
    # Blank out what must vanish (tatweel splits, diacritics) while keeping positions aligned.
    staged = list(original)
    for match in _TATWEEL_SPLIT.finditer(original):
        for i in range(match.start(), match.end()):
            staged[i] = ""
    for match in _DIACRITICS.finditer(original):
        staged[match.start()] = ""
    out: list[str] = []
    offsets: list[int] = []
    pending_space = False
    for index, ch in enumerate(staged):
        if not ch:
            continue
        folded = _fold_char(ch)
        if not folded:
            continue
        if folded == " " or folded == "_":
            pending_space = bool(out)
            continue
        if pending_space:
            out.append(" ")
            offsets.append(index)
            pending_space = False
        for piece in folded:
            out.append(piece)
            offsets.append(index)
    return NormalisedText("".join(out), tuple(offsets), len(original))


class _FoldTable(dict[int, str]):
    """Code point -> folded text, filled on first sight by the same rule ``normalise_with_map`` uses."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        if folded == "_":  # an underscore breaks words, like punctuation
            folded = " "
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def normalise(text: str) -> str:
    """The normalised form used for matching: no diacritics or tatweel, unified letters, no punctuation.

    Exactly ``normalise_with_map(text).text``, built on str.translate because ingest and ranking call it
    on whole articles (tests check the two agree).
    """
    staged = _DIACRITICS.sub("", _TATWEEL_SPLIT.sub("", text))
    return " ".join(staged.translate(_FOLD_TABLE).split())


def tokens(text: str) -> list[str]:
    """Normalised tokens of ``text``."""
    return normalise(text).split()


_PREFIXES = ("وبال", "وال", "بال", "كال", "فال", "لل", "ال")
_SUFFIXES = (
    "هما",
    "كما",
    "تها",
    "ات",
    "ون",
    "ين",
    "ان",
    "يه",
    "ها",
    "هم",
    "هن",
    "كم",
    "نا",
    "وا",
    "تم",
    "ه",
    "ي",
    "ت",
)


@lru_cache(maxsize=262144)
def stem(token: str) -> str:
    """A light Arabic stem for index keys (article, conjunction and common suffixes); Latin is lower-cased.

    Only ever compared with other stems, so a name it trims is trimmed the same way everywhere; it strips
    only when a three-letter core remains.
    """
    if not ARABIC_LETTER.match(token):
        return token[:-1] if len(token) > 4 and token.endswith("s") and not token.endswith("ss") else token
    word = token
    if len(word) >= 4 and word[0] == "و":  # the conjunction و
        word = word[1:]
    if word.startswith("فال") and len(word) >= 6:
        word = word[1:]
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            word = word[len(prefix) :]
            break
    # A clitic preposition (برغبة, لحكومة). Word-initial ب/ل/ك is stripped whether or not it is a clitic,
    # after the article too (البيان, بيان), so every form of a word meets the same stem.
    if len(word) >= 4 and word[0] in "بلك":
        word = word[1:]
    if len(word) >= 5 and word[0] == "و":  # a word-initial و is ambiguous: treat it the same everywhere
        word = word[1:]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word


def strip_article(token: str) -> str:
    """Drop the Arabic definite article (and a leading conjunction) from a normalised token."""
    for prefix in ("وال", "بال", "فال", "كال", "لل", "ال"):
        if token.startswith(prefix) and len(token) - len(prefix) >= 2:
            return token[len(prefix) :]
    return token


def language_of(text: str) -> str:
    """'ar' when Arabic letters dominate, else 'en'."""
    arabic = len(ARABIC_LETTER.findall(text))
    latin = len(LATIN_LETTER.findall(text))
    return "ar" if arabic >= latin and arabic > 0 else "en"


# --- sentences ------------------------------------------------------------------------------------------

_BULLET = re.compile(r"^\s*(?:[•●▪◦‣∙·*\-–—]|\d{1,2}\s*[-.)]|[\u0660-\u0669]{1,2}\s*[-.)])\s+")
# End of sentence: . ! ? ؟ … followed by space or quote, not inside numbers (3.5) or abbreviations.
_SENTENCE_END = re.compile(r"(?<=[^\d\s][.!?؟…])[\"”»’']?\s+|(?<=[؟!?])\s*(?=\S)")
# Abbreviations whose full stop does not end a sentence ("4:17 a.m. (GMT)", "the U.S. dollar", "Dr. X").
_ABBREVIATION = re.compile(
    r"(?:^|[\s(])(?:[A-Za-z]\.(?:[A-Za-z]\.)+|(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Capt|Sgt|Maj|Brig|Adm|Gov|Sen|Rep"
    r"|St|Jr|Sr|No|Vol|vs|etc|approx|Jan|Feb|Mar|Apr|Aug|Sep|Sept|Oct|Nov|Dec|Inc|Ltd|Co|Corp)\.)$"
)
# A sub-heading is a short line that does not end like a sentence; its words are not a claim.
HEADING_MAX_WORDS = 8
_SENTENCE_CLOSERS = tuple(".!،,:;؛")
_SPEECH = re.compile(r":\s*[\"“«]")  # 'وأضاف: «...»' is speech on a short line, not a heading
_INNER_STOP = re.compile(r"(?<![.\d])\.(?!\.)\s+\S")  # "X. Y": two sentences ("X.. Y" is a heading's)


@dataclass(frozen=True)
class Span:
    """A range of the original text and what kind of block it came from."""

    start: int
    end: int
    kind: str  # paragraph, bullet, heading


def line_kind(line: str) -> str:
    """'bullet' for a list item, 'heading' for a sub-heading or label line, else 'paragraph'."""
    if _BULLET.match(line):
        return "bullet"
    stripped = line.strip()
    words = stripped.split()
    if (
        not words
        or len(words) > HEADING_MAX_WORDS
        or _SPEECH.search(stripped)
        or _INNER_STOP.search(stripped)
    ):
        return "paragraph"
    if stripped.endswith(_SENTENCE_CLOSERS) and not stripped.endswith(".."):
        return "paragraph"
    return "heading"


def _is_abbreviation(line: str, end: int) -> bool:
    """The full stop before ``end`` closes an abbreviation ('a.m.', 'U.S.', 'Feb.'), not a sentence."""
    return line[end - 1] == "." and bool(_ABBREVIATION.search(line[max(0, end - 12) : end]))


def split_sentences(text: str) -> list[Span]:
    """Split original text into sentence spans (offsets into ``text``), paragraphs and bullets first.

    A heading line stays whole: it is a label, not sentences.
    """
    spans: list[Span] = []
    for line in re.finditer(r"[^\n]+", text):
        line_text = line.group()
        if not line_text.strip():
            continue
        kind = line_kind(line_text)
        base = line.start()
        cursor = 0
        if kind != "heading":
            for end_match in _SENTENCE_END.finditer(line_text):
                piece_end = end_match.start()
                if _is_abbreviation(line_text, piece_end):
                    continue
                _add_span(spans, line_text, base, cursor, piece_end, kind)
                cursor = end_match.end()
        _add_span(spans, line_text, base, cursor, len(line_text), kind)
    return spans


def _add_span(spans: list[Span], line: str, base: int, start: int, end: int, kind: str) -> None:
    while start < end and line[start].isspace():
        start += 1
    while end > start and line[end - 1].isspace():
        end -= 1
    if end > start and any(ch.isalnum() for ch in line[start:end]):
        spans.append(Span(base + start, base + end, kind))


# Bidi controls and C0/C1 control characters (tab and newline aside): never part of what a user means.
_CONTROLS = re.compile(
    "[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def strip_controls(text: str) -> str:
    """Text without bidi overrides, isolates, marks and control characters (tabs and newlines kept)."""
    return _CONTROLS.sub("", text)


_CONTROL_CHARACTERS = re.compile("[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]")


def strip_control_characters(text: str) -> str:
    """Text without C0/C1 control characters (NUL included); tabs, newlines and carriage returns stay."""
    return _CONTROL_CHARACTERS.sub("", text)


def squash(text: str) -> str:
    """Collapse runs of whitespace to one space (quotes may collapse whitespace, nothing else)."""
    return " ".join(text.split())


_TATWEEL = "\u0640"
_ARABIC = "\u0621-\u064a\u066e-\u06d3"
# "الاشـ ـتـ ـبـ ـاكـ ـات": a word stretched with tatweel and broken with spaces (a trick against filters).
_BROKEN_JOIN = re.compile(rf"(?<=[{_ARABIC}]){_TATWEEL}+\s+{_TATWEEL}+(?=[{_ARABIC}])")
_INNER_TATWEEL = re.compile(rf"(?<=[{_ARABIC}]){_TATWEEL}+(?=[{_ARABIC}])")


def mend_broken_words(text: str) -> str:
    """``text`` with words broken by tatweel and spaces made whole, for a heading (never for a quote):
    "الاشـ ـتـ ـبـ ـاكـ ـات" -> "الاشتباكات". A lone "لـ" before a word stays as it is."""
    if _TATWEEL not in text:
        return text
    return _INNER_TATWEEL.sub("", _BROKEN_JOIN.sub("", text))

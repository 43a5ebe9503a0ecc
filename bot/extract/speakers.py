"""Who speaks in a clause: small pattern functions over tokens, each giving a token range or None.

A range is ``(start, end)`` in token indices of the clause, end exclusive. The caller (claims.py) tries
them in order around a reporting verb at index ``k``; each recognises one construction only.
"""

from __future__ import annotations

from bot.extract import lexicon as lx
from bot.extract.entities import verb_forms
from bot.extract.tokens import CLOSE_QUOTES, OPEN_QUOTES, Token, bare_variants, word_is

TokenRange = tuple[int, int]

# Words that open a clause before its subject or verb ("لكن", "غير أن", "من جهته", "في المقابل").
LEAD_WORDS = lx._norm_set(
    "لكن ولكن كما وكما فيما بينما ثم وقد فقد وفعلا غير أن وأن إلا أما وأما من جهته جهتها ومن "
    "في المقابل وفي بدوره بدورها كذلك وكذلك"
)
_KANA = lx._norm_set("كان كانت وكان وكانت فكان وكانوا كانوا")
_QAD = lx._norm_set("قد وقد")
_MAX_SUBJECT_WORDS = 8
_MAX_ENGLISH_SUBJECT_WORDS = 14
_ENGLISH_LEADS = frozenset(
    "but and however separately meanwhile also earlier later yet still instead".split()
)
_ENGLISH_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i"})
ENGLISH_PREPOSITIONS = frozenset("in at on after before during from with by for".split())


def _words(piece: list[Token], start: int, end: int) -> list[Token]:
    return [t for t in piece[start:end] if t.is_word]


def _is_comma(tok: Token) -> bool:
    return not tok.is_word and tok.text in "،,"


def skip_lead_words(piece: list[Token], start: int, end: int) -> int:
    """The first index after clause-opening words and commas between ``start`` and ``end``."""
    i = start
    while i < end and (
        (piece[i].is_word and (piece[i].norm in LEAD_WORDS or piece[i].text.lower() in _ENGLISH_LEADS))
        or (not piece[i].is_word and piece[i].text in "،,")
    ):
        i += 1
    return i


def kana_subject(piece: list[Token], k: int) -> TokenRange | None:
    """'وكان X قد أكد': the subject sits between كان and قد, right before the verb."""
    if k < 3 or not piece[k - 1].is_word or piece[k - 1].norm not in _QAD:
        return None
    for c in range(k - 2, max(-1, k - 2 - _MAX_SUBJECT_WORDS), -1):
        tok = piece[c]
        if tok.is_word and tok.norm in _KANA:
            return (c + 1, k - 1) if c + 1 < k - 1 else None
        if not tok.is_word and tok.text not in OPEN_QUOTES + CLOSE_QUOTES:
            return None
    return None


def fronted_subject(piece: list[Token], k: int) -> TokenRange | None:
    """'لكن منظمة X، التي تعمل ...، قالت': a subject named before the verb, then described.

    The clause (after lead words) is a short noun phrase, a comma, a relative or apposition, and a comma
    right before the verb.
    """
    if k < 3 or not _is_comma(piece[k - 1]):
        return None
    first = skip_lead_words(piece, 0, k)
    comma = next((n for n in range(first, k - 1) if _is_comma(piece[n])), None)
    if comma is None or comma == first:
        return None
    if len(_words(piece, first, comma)) > _MAX_SUBJECT_WORDS:
        return None
    nxt = next((t for t in piece[comma + 1 : k] if t.is_word), None)
    if nxt is None:
        return None
    opens = word_is(nxt, lx.APPOSITION_OPENERS) or nxt.norm in lx.APPOSITION_OPENERS
    if not opens and nxt.text.lower() not in ("who", "which", "the", "a", "an", "head", "spokesman"):
        return None
    if piece[first].is_latin != piece[k].is_latin:
        return None
    return (first, comma)


def imperfect_subject(piece: list[Token], k: int) -> TokenRange | None:
    """'الوزارة تنفي X', 'والمحافظ يعلن X': a present-tense verb comes after its subject."""
    verb = piece[k]
    if not verb.is_word or verb.is_latin:
        return None
    if not any(v[:1] in "يت" and v in lx.REPORTING_VERBS for v in verb_forms(verb.norm)):
        return None
    first = skip_lead_words(piece, 0, k)
    if any(not t.is_word for t in piece[first:k]):
        return None
    count = len(_words(piece, first, k))
    return (first, k) if 1 <= count <= 4 else None


def headline_label(piece: list[Token]) -> int | None:
    """'X: statement' in a headline: the index of the colon when a short label names the speaker."""
    for n, tok in enumerate(piece[:8]):
        if not tok.is_word and tok.text == ":":
            return n if 1 <= len(_words(piece, 0, n)) <= 4 else None
        if not tok.is_word and tok.text not in OPEN_QUOTES + CLOSE_QUOTES + "ـ":
            return None
    return None


def skip_time_words(piece: list[Token], start: int, end: int) -> int:
    """Start of a speaker phrase after time words ('أكد الأسبوع الماضي أن' has none)."""
    i = start
    while i < end and piece[i].is_word and word_is(piece[i], lx.TIME_WORDS):
        i += 1
    return i


def _addressee_at(piece: list[Token], n: int, outlet_starts: set[int]) -> bool:
    """'لـ«X»', 'لشبكة X', 'لوسائل إعلام', 'للصحفيين', or an outlet named right after ل."""
    tok = piece[n]
    if not tok.is_word or not tok.norm.startswith("ل") or tok.norm.startswith("ال"):
        return False
    if tok.norm == "ل" or tok.start in outlet_starts:
        return True
    rest = "ال" + tok.norm[2:] if tok.norm.startswith("لل") else tok.norm[1:]
    return any(v in lx.ADDRESSEE_HEADS for v in bare_variants(rest)) or rest in lx.ADDRESSEE_HEADS


def _setting_at(piece: list[Token], n: int) -> bool:
    """'في بيان', 'خلال مؤتمر صحفي', 'على حسابه', 'في مقابلة مع': where it was said, not who."""
    tok = piece[n]
    if not tok.is_word or tok.norm not in lx.SETTING_PREPOSITIONS:
        return False
    nxt = next((t for t in piece[n + 1 : n + 3] if t.is_word), None)
    return nxt is not None and (word_is(nxt, lx.STATEMENT_NOUNS) or word_is(nxt, lx.TIME_WORDS))


def speaker_end(piece: list[Token], start: int, end: int, outlet_starts: set[int]) -> int:
    """Cut a speaker phrase before an addressee, a setting, a time word or (after a body) a relative."""
    body = start < end and piece[start].is_word and word_is(piece[start], lx.NAMED_BODY_HEADS)
    for n in range(start + 1, end):
        tok = piece[n]
        if _addressee_at(piece, n, outlet_starts) or _setting_at(piece, n):
            return n
        if tok.is_word and word_is(tok, lx.TIME_WORDS) and n > start:
            return n
        if body and tok.is_word and tok.norm in lx.RELATIVES:
            return n - 1 if _is_comma(piece[n - 1]) else n
    return end


def document_reference(piece: list[Token], start: int, end: int) -> bool:
    """'وأكد البيان', 'the statement added': a document that speaks for whoever issued it."""
    words = _words(piece, start, end)
    if len(words) == 1 and not words[0].is_latin:
        return words[0].norm in lx.DOCUMENT_NOUNS
    lows = [w.text.lower() for w in words]
    return len(lows) == 2 and lows[0] == "the" and lows[1] in lx.ENGLISH_DOCUMENT_NOUNS


def relayed_source(piece: list[Token], start: int, end: int) -> TokenRange | None:
    """'نقل البيان عن X قوله': the one quoted is after عن; the one relaying comes first."""
    for n in range(start + 1, end):
        tok = piece[n]
        if tok.is_word and tok.norm == "عن" and n + 1 < end:
            stop = n + 1
            while stop < end and not (piece[stop].is_word and piece[stop].norm in lx.QUOTING_WORDS):
                stop += 1
            return (n + 1, stop) if stop > n + 1 else None
    return None


def english_subject(piece: list[Token], k: int) -> list[TokenRange] | None:
    """The parts of the subject before an English reporting verb, past lead words and an adverbial.

    'Separately, the ministry denied', 'X, spokesman for Y, said': the caller picks the part that
    names someone (the first, unless a later one holds the name).
    """
    first = _skip_time_phrase(piece, skip_lead_words(piece, 0, k), k)
    chunks: list[TokenRange] = []
    begin = first
    for n in range(first, k):
        if _is_comma(piece[n]) and not _inside_number(piece, n):
            if n > begin:
                chunks.append((begin, n))
            begin = n + 1
    if k > begin:
        chunks.append((begin, k))
    while len(chunks) > 1 and _adverbial(piece, chunks[0]):
        chunks.pop(0)
    if not chunks or any(len(_words(piece, *c)) > _MAX_ENGLISH_SUBJECT_WORDS for c in chunks):
        return None
    if len(chunks) == 1 and _is_comma(piece[k - 1]):
        return None  # "The price rises, announced last week, had ...": a participle, not a report
    if len(chunks) > 1 and chunks[-1][1] != k - 1 and not _is_comma(piece[k - 1]):
        return None  # "X, Y said" where the last part is not an apposition closed by a comma
    return chunks


_ENGLISH_TIME_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday morning evening night "
    "afternoon january february march april may june july august september october november december".split()
)


def _skip_time_phrase(piece: list[Token], i: int, k: int) -> int:
    """Past "On Wednesday", "On Thursday evening" opening an English subject ("On Wednesday the office
    denied")."""
    if (
        i >= k
        or not piece[i].is_word
        or piece[i].text.lower() not in ("on", "in", "at", "by", "late", "early")
    ):
        return i
    j = i + 1
    while (
        j < k
        and piece[j].is_word
        and (piece[j].text.lower() in _ENGLISH_TIME_WORDS or piece[j].text.isdigit())
    ):
        j += 1
    return j if j > i + 1 and j < k else i


def _inside_number(piece: list[Token], n: int) -> bool:
    """The comma of '20,000'."""
    if n == 0 or n + 1 >= len(piece):
        return False
    before, comma, after = piece[n - 1], piece[n], piece[n + 1]
    digits = before.text.isdigit() and after.text.isdigit()
    return digits and before.end == comma.start and after.start == comma.end


def _adverbial(piece: list[Token], chunk: TokenRange) -> bool:
    words = _words(piece, *chunk)
    if not words:
        return True
    low = words[0].text.lower()
    return low in ENGLISH_PREPOSITIONS or (len(words) == 1 and low.endswith("ly")) or low in _ENGLISH_LEADS


def english_pronoun(piece: list[Token], start: int, end: int) -> bool:
    """'he said', 'she told': the speaker is whoever spoke last."""
    words = _words(piece, start, end)
    return len(words) == 1 and words[0].text.lower() in _ENGLISH_PRONOUNS


def english_inverted(piece: list[Token], k: int) -> TokenRange | None:
    """'..., the ministry said, ...' or '"...," X said.': a short subject after a comma or a quote.

    Returns the subject's range; the claim is what came before it.
    """
    if k < 2:
        return None
    n = k - 1
    while n >= 0 and (piece[n].is_word or _possessive_at(piece, n)):
        n -= 1
    if n < 1 or piece[n].text not in ",،" + CLOSE_QUOTES:
        return None
    count = len(_words(piece, n + 1, k))
    after = piece[k + 1] if k + 1 < len(piece) else None
    # '"...," X told reporters': the quote is the claim (a quoted name, 'the "X" campaign said', is not)
    quoted = piece[n].text in CLOSE_QUOTES and not piece[n - 1].is_word and piece[n - 1].text in ",.?!"
    ends = quoted or after is None or (not after.is_word and after.text in ",.;")
    if 1 <= count <= 6 and ends:
        return (n + 1, k)
    return None


def _possessive_at(piece: list[Token], n: int) -> bool:
    """The apostrophe of "the state's": inside a word, not a closing quote."""
    if n == 0 or n + 1 >= len(piece) or piece[n].text not in "'’":
        return False
    before, after = piece[n - 1], piece[n + 1]
    return before.end == piece[n].start and piece[n].end == after.start and after.text.lower() == "s"


def english_after_verb(piece: list[Token], k: int) -> TokenRange | None:
    """'"...," said X, the ...': the speaker follows the verb, up to a comma or the end."""
    if k < 2 or not any(not t.is_word and t.text in CLOSE_QUOTES for t in piece[k - 2 : k]):
        return None
    end = k + 1
    while end < len(piece) and piece[end].is_word:
        end += 1
    first = piece[k + 1] if k + 1 < end else None
    if first is None or not (first.text[:1].isupper() or first.text.lower() in ("the", "a", "an")):
        return None  # '"...", said his volunteers had ...' is not a name
    return (k + 1, end) if 1 <= len(_words(piece, k + 1, end)) <= 6 else None

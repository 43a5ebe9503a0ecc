"""Latin-script names in English text: people after their titles, bodies, outlets and places.

``latin_name`` reads a run of capitalised words and decides what it names: "Finance Minister X Y" is the
person X Y with the role "Finance Minister"; "UN Office for the Coordination of ..." is a body; "In Geneva"
is a place after a preposition and "At Friday" nothing. ``role_after`` reads an English apposition
("X, spokesman for the Interior Ministry,").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.extract.tokens import Token

_LATIN_NAME = re.compile(r"[A-Z][a-zA-Z'’]+")
_ACRONYM = re.compile(r"[A-Z]{2,6}")
_LATIN_PARTICLES = {"al", "el", "bin", "ibn", "abu", "de", "la", "le", "van", "von", "da", "di"}
_ORG_WORDS = {
    **dict.fromkeys(
        "observatory ministry forces force council committee organisation organization union nations "
        "government office centre center bank fund authority crescent cross institute university company "
        "corporation programme program commission bureau mission directorate department coalition "
        "association federation syndicate court parliament assembly police".split(),
        "organisation",
    ),
    **dict.fromkeys(
        "agency radio news press times post tv network wire channel gazette herald".split(), "outlet"
    ),
    **dict.fromkeys("front brigade battalion army division party movement militia campaign".split(), "group"),
    **dict.fromkeys(
        "province district village town city valley river dam crossing camp region governorate mountains "
        "street square airport port".split(),
        "place",
    ),
}
# Lower-case nouns right after a capitalised run that say what it names ("the X relief group").
_TRAILING_KIND = {
    **dict.fromkeys(
        "group union committee council authority ministry office organisation".split(), "organisation"
    ),
    **dict.fromkeys("website channel newspaper agency network broadcaster daily".split(), "outlet"),
    **dict.fromkeys("campaign movement militia brigade party faction coalition".split(), "group"),
    **dict.fromkeys(
        "province district village town city valley river dam crossing camp region".split(), "place"
    ),
}
_DESCRIPTORS = frozenset("relief aid rescue border news humanitarian protest".split())
# English titles and ranks: a run ending in one of these is a role, and the name follows it.
TITLE_WORDS = frozenset(
    """
    governor minister brigadier general colonel lieutenant major captain commander president prime
    spokesman spokeswoman spokesperson director chief dr mr mrs ms sheikh king prince ambassador judge
    mayor senator secretary chairman chairwoman deputy envoy coordinator professor sergeant admiral
    marshal emir imam col gen lt maj capt sgt brig adm gov sen rep prof
    """.split()
)
# Capitalised words that open a noun phrase or a clause rather than a name.
_NOT_NAMES = frozenset(
    "the a an this that these those several some many most few two three four five six seven eight nine ten "
    "his her their its our in at on by for from with after before during since as but and or meanwhile "
    "separately however when while if near outside inside across under over about among according "
    "organisers organizers police officials residents witnesses".split()
)
# Prepositions before a name that make it a place ("in Geneva", "near X").
_PLACE_PREPOSITIONS = frozenset("in near at outside inside across around toward towards into".split())
_TIME_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
MAX_LATIN_WORDS = 10


@dataclass(frozen=True)
class LatinName:
    """A Latin name found at a token: its token range, text, kind and the role words before it."""

    first: int
    end: int
    name: str
    kind: str
    role_start: int | None = None  # the role is toks[role_start:first]


def _is_cap(tok: Token) -> bool:
    return tok.is_latin and bool(_LATIN_NAME.fullmatch(tok.text)) and tok.text.lower() not in _TIME_WORDS


def _run(toks: list[Token], i: int) -> tuple[int, list[str]]:
    """The capitalised run from ``toks[i]``: (end index, words), with particles, hyphens and "of the"."""
    j, words = i + 1, [toks[i].text]
    while j < len(toks) and len(words) < MAX_LATIN_WORDS:
        step = _run_step(toks, j, words)
        if step is None:
            break
        j, more = step
        words.extend(more)
    return j, words


def _run_step(toks: list[Token], j: int, words: list[str]) -> tuple[int, list[str]] | None:
    """One more piece of a capitalised run at ``toks[j]``, or None where the run ends."""
    tok = toks[j]
    if _is_cap(tok) or (tok.is_latin and _ACRONYM.fullmatch(tok.text)):
        return j + 1, [tok.text]
    nxt = j + 1
    if not tok.is_word and tok.text == "-" and nxt < len(toks) and _is_cap(toks[nxt]):
        return nxt + 1, ["-" + toks[nxt].text]  # European-Mediterranean
    if tok.is_latin and tok.text in ("for", "of") and any(w.lower() in _ORG_WORDS for w in words):
        if nxt < len(toks) and toks[nxt].is_latin and toks[nxt].text == "the":
            nxt += 1
        if nxt < len(toks) and _is_cap(toks[nxt]):
            return nxt + 1, [tok.text, *(["the"] if nxt > j + 1 else []), toks[nxt].text]
        return None
    if tok.is_latin and tok.text == "and" and _and_inside_body(toks, nxt):
        return nxt + 1, [tok.text, toks[nxt].text]  # "the Roads and Bridges Authority"
    if tok.is_latin and tok.text.lower() in _LATIN_PARTICLES and nxt < len(toks):
        if not toks[nxt].is_word and toks[nxt].text == "-":
            nxt += 1
        if nxt < len(toks) and _is_cap(toks[nxt]):
            joined = f"{tok.text}-{toks[nxt].text}" if nxt > j + 1 else f"{tok.text} {toks[nxt].text}"
            return nxt + 1, [joined]
    return None


def _and_inside_body(toks: list[Token], nxt: int) -> bool:
    """Whether the capitalised words after an "and" end in a body's noun: one name, not two."""
    end = nxt
    while end < len(toks) and end - nxt < 4 and _is_cap(toks[end]):
        end += 1
    return (
        end > nxt
        and toks[end - 1].text.lower() in _ORG_WORDS
        and _ORG_WORDS[toks[end - 1].text.lower()] != "place"
    )


def _join(words: list[str]) -> str:
    return " ".join(words).replace(" -", "-")


def _title_split(words: list[str]) -> int | None:
    """Index after the last title word of a run that still leaves a name of two words or more."""
    last = None
    for n, word in enumerate(words[:-1]):
        if word.lower().strip(".") in TITLE_WORDS:
            last = n + 1
    if last is not None and len(words) - last >= 1 and any(w[:1].isupper() for w in words[last:]):
        return last
    return None


def _kind_of(words: list[str], toks: list[Token], i: int, end: int) -> str:
    """Person unless a body, outlet or place word is in the run, after it, or a preposition before it."""
    for word in reversed(words):
        kind = _ORG_WORDS.get(word.lower().lstrip("-"))
        if kind is not None:
            return kind
    k = end
    while k < len(toks) and toks[k].is_latin and toks[k].text.lower() in _DESCRIPTORS and k - end < 2:
        k += 1
    if k < len(toks) and toks[k].is_latin and toks[k].text.lower() in _TRAILING_KIND:
        return _TRAILING_KIND[toks[k].text.lower()]
    before = toks[i - 1] if i > 0 else None
    if before is not None and before.is_latin and before.text.lower() in _PLACE_PREPOSITIONS:
        return "place"
    if i >= 2 and toks[i - 1].text == "of" and toks[i - 2].text.lower() in _TRAILING_KIND:
        return _TRAILING_KIND[toks[i - 2].text.lower()]  # "the village of X"
    if all(w.isupper() for w in words) and end < len(toks) and toks[end].text == ",":
        return "place"  # a dateline: "CITY, Country, date"
    if end + 2 < len(toks) and toks[end].text == "," and toks[end + 1].text in ("a", "the"):
        described = _TRAILING_KIND.get(toks[end + 2].text.lower())
        if described is not None:
            return described  # "X, a town near the coast"
    return "person"


def quoted_body(toks: list[Token], i: int) -> LatinName | None:
    """'the "Our X Is Y" campaign': a quoted title followed by what it names is a body, not people."""
    if toks[i].is_word or toks[i].text not in '"“':
        return None
    close = next(
        (k for k in range(i + 1, min(len(toks), i + MAX_LATIN_WORDS + 2)) if toks[k].text in '"”'), None
    )
    if close is None or close + 1 >= len(toks) or not toks[i + 1].is_latin:
        return None
    kind = _TRAILING_KIND.get(toks[close + 1].text.lower()) if toks[close + 1].is_latin else None
    inner = toks[i + 1 : close]
    if kind is None or kind == "place" or not all(t.is_latin for t in inner) or not _is_cap(inner[0]):
        return None
    return LatinName(i + 1, close, " ".join(t.text for t in inner), kind)


def latin_name(toks: list[Token], i: int, sentence_start: bool) -> LatinName | None:
    """The Latin name that starts at ``toks[i]``, or None (a lone capitalised word is no name)."""
    if not _is_cap(toks[i]) or toks[i].text.lower() in _NOT_NAMES:
        return None
    if _abbreviated_title(toks, i):
        end, words = _run(toks, i + 2)
        return LatinName(i + 2, end, _join(words), "person", role_start=i)  # "Col. X Y"
    end, words = _run(toks, i)
    split = _title_split(words)
    if split is not None:
        first = _token_after_words(toks, i, words[:split])
        name_words = words[split:]
        if len(name_words) < 2 and sentence_start:
            return None
        return LatinName(first, end, _join(name_words), "person", role_start=i)
    kind = _kind_of(words, toks, i, end)
    if len(words) < 2 and not (kind == "place" and _place_by_context(toks, i, end)):
        return None
    return LatinName(i, end, _join(words), kind)


def _place_by_context(toks: list[Token], i: int, end: int) -> bool:
    """A lone word that is a place by what surrounds it ("the Rum valley", "the city of X")."""
    after = toks[end] if end < len(toks) else None
    if after is not None and after.is_latin and _TRAILING_KIND.get(after.text.lower()) == "place":
        return True
    return i >= 2 and toks[i - 1].text == "of" and _TRAILING_KIND.get(toks[i - 2].text.lower()) == "place"


def _abbreviated_title(toks: list[Token], i: int) -> bool:
    """ "Col. X", "Dr. X": an abbreviated title, its dot, then a capitalised name."""
    return (
        toks[i].text.lower() in TITLE_WORDS
        and i + 2 < len(toks)
        and toks[i + 1].text == "."
        and _is_cap(toks[i + 2])
        and toks[i + 2].text.lower() not in _NOT_NAMES
    )


def _token_after_words(toks: list[Token], i: int, words: list[str]) -> int:
    """The token index where the run continues after ``words`` (which may span particles and hyphens)."""
    wanted = len(" ".join(words).replace("-", " ").split())
    k, seen = i, 0
    while k < len(toks) and seen < wanted:
        if toks[k].is_word:
            seen += 1
        k += 1
    return k


def role_before(toks: list[Token], i: int) -> int | None:
    """Start of a role written before a name in lower case ("OCHA spokesperson X", "Ministry spokesman X")."""
    k = i - 1
    if k >= 1 and toks[k].text == "," and toks[k - 1].is_latin and toks[k - 1].text.lower() in TITLE_WORDS:
        k -= 1  # "the ministry's spokesman, X"
    if k < 0 or not toks[k].is_latin or toks[k].text.lower() not in TITLE_WORDS:
        return None
    while k - 1 >= 0 and _role_word(toks[k - 1]):
        k -= 1
    return k


def _role_word(tok: Token) -> bool:
    """A word of a role before a title: a capitalised word, an acronym, or a body noun ("ministry")."""
    if tok.text in ("'", "’"):
        return True  # "the ministry's spokesman"
    if not tok.is_latin:
        return False
    if tok.text == "s" or _ORG_WORDS.get(tok.text) == "organisation":
        return True
    return _is_cap(tok) or bool(_ACRONYM.fullmatch(tok.text))


_ROLE_NOUNS = frozenset(
    "spokesman spokeswoman spokesperson chief head leader minister governor director official coordinator "
    "commander member founder president chairman secretary envoy representative adviser advisor "
    "resident volunteer engineer doctor analyst expert officer".split()
)
_ROLE_STOPS = frozenset("said says told known called who which that added warned".split())


def role_after(toks: list[Token], end: int) -> tuple[int, int] | None:
    """An English apposition after a name (", the IMF's mission chief for Jordan"): its token range."""
    if end + 1 >= len(toks) or toks[end].text != "," or not toks[end + 1].is_latin:
        return None
    start = end + 1
    k = start
    has_role = False
    while k < len(toks) and k - start < MAX_LATIN_WORDS + 2:
        tok = toks[k]
        if not tok.is_word and tok.text not in "'’-":
            break
        if tok.is_latin and tok.text.lower() in _ROLE_STOPS:
            break
        has_role = has_role or (tok.is_latin and tok.text.lower() in _ROLE_NOUNS)
        k += 1
    while k > start and toks[k - 1].is_latin and toks[k - 1].text.lower() in ("and", "widely", "also", "the"):
        k -= 1
    return (start, k) if has_role and k > start else None

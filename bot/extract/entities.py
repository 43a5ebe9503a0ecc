"""Finding entity mentions in one article by general patterns: titles, heads, places, quotes, Latin names.

Pure functions over tokens: no database. ``find_mentions`` returns the mentions a pattern found and the
alias statements that tie two of them together; resolution across articles happens in ``resolve``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.extract import lexicon as lx
from bot.extract.gazetteer import Gazetteer
from bot.extract.tokens import (
    CLOSE_QUOTES,
    OPEN_QUOTES,
    Token,
    alias_key,
    bare_variants,
    clean,
    is_definite,
    is_nisba,
    strip_clitic_text,
    word_is,
)
from bot.terms import STOPWORDS
from bot.text import normalise, strip_article


@dataclass
class RawMention:
    """A name found by a pattern: its span in the original text, canonical name, kind, extra aliases."""

    start: int
    end: int
    name: str
    kind: str
    pattern: str
    aliases: list[str] = field(default_factory=list)
    first_token: int = 0  # token indices within the sentence token list
    last_token: int = 0


@dataclass
class Found:
    """Everything the patterns found in one sentence (or article)."""

    mentions: list[RawMention] = field(default_factory=list)
    links: list[tuple[int, int]] = field(default_factory=list)  # alias statements: mention indices


_NAME_CONNECTORS = lx._norm_set("بن ابن أبو أبي أبا أم عبد")
_COMPOUND_SECOND = lx._norm_set("الدين الله الرحمن الرحيم الكريم الحق العزيز الإسلام")
_LATIN_NAME = re.compile(r"[A-Z][a-zA-Z'’]+")
_LATIN_PARTICLES = {"al", "el", "bin", "ibn", "abu", "de", "la", "le", "van", "von", "da", "di"}
_LATIN_ORG_WORDS = {
    "observatory": "organisation",
    "ministry": "organisation",
    "forces": "organisation",
    "force": "organisation",
    "council": "organisation",
    "committee": "organisation",
    "organisation": "organisation",
    "organization": "organisation",
    "union": "organisation",
    "nations": "organisation",
    "government": "organisation",
    "agency": "outlet",
    "radio": "outlet",
    "news": "outlet",
    "press": "outlet",
    "times": "outlet",
    "post": "outlet",
    "tv": "outlet",
    "network": "outlet",
    "front": "group",
    "brigade": "group",
    "battalion": "group",
    "army": "group",
    "division": "group",
    "party": "group",
}


def verb_forms(norm: str) -> tuple[str, ...]:
    """A word as it may be a verb: itself, and without a leading و/ف (never without an article)."""
    if len(norm) > 3 and norm[0] in "وف" and not norm.startswith("ال"):
        return (norm, norm[1:])
    return (norm,)


def is_verb(tok: Token) -> bool:
    """Whether the token is a reporting verb (with or without a leading conjunction)."""
    return tok.is_word and any(v in lx.REPORTING_VERBS for v in verb_forms(tok.norm))


_ACCUSATIVE_TANWEEN = ("اً", "ًا", "ةً")


def _is_name_word(tok: Token, *, allow_definite: bool = False) -> bool:
    if not tok.is_word or tok.norm.isdigit() or len(tok.norm) < 2:
        return False
    if tok.norm in STOPWORDS or tok.norm in lx.COMMON_WORDS or tok.norm in lx.NAME_STOPS:
        return False
    if is_verb(tok) or tok.norm in lx.PERSON_TITLES:
        return False
    if word_is(tok, lx.GROUP_HEADS | lx.ORG_HEADS | lx.PLACE_HEADS | lx.OUTLET_GENERIC_HEADS):
        return False
    if tok.is_latin:
        return tok.text[0].isupper()
    if tok.text.endswith(_ACCUSATIVE_TANWEEN):
        return False  # "بياناً", "مؤكداً": an indefinite accusative noun or adverb, never part of a name
    return allow_definite or not is_definite(tok.norm)


def parse_person_name(toks: list[Token], i: int, *, min_words: int = 1) -> int | None:
    """End index (exclusive) of a person's name starting at ``toks[i]``, or None."""
    if i >= len(toks) or not toks[i].is_word:
        return None
    first = toks[i]
    if first.norm in _NAME_CONNECTORS and i + 1 < len(toks) and toks[i + 1].is_word:
        # Kunya: أبو X [الY]
        j = i + 2
        if (
            j < len(toks)
            and toks[j].is_word
            and is_definite(toks[j].norm)
            and toks[j].norm not in lx.NAME_STOPS
        ):
            j += 1
        return j
    if not _is_name_word(first):
        return None
    j = i + 1
    while j < len(toks) and j - i < 4:
        tok = toks[j]
        if not tok.is_word:
            break
        if (
            tok.norm in _COMPOUND_SECOND
            and j == i + 1
            and toks[i].norm in lx._norm_set("نور عز صلاح سيف بدر عبد")
        ):
            j += 1
            continue
        if tok.norm in _NAME_CONNECTORS and j + 1 < len(toks) and _is_name_word(toks[j + 1]):
            j += 2
            continue
        if _is_name_word(tok):
            j += 1
            continue
        if (
            is_definite(tok.norm)
            and tok.norm.startswith("ال")
            and tok.norm not in lx.NAME_STOPS
            and tok.norm not in lx.COMMON_WORDS
            and tok.norm not in lx.DIRECTIONS
            and (not is_nisba(tok.norm) or j == i + 1)  # سامر الحلبي, but not عمر X الفرنسي
            and not word_is(tok, lx.GROUP_HEADS | lx.ORG_HEADS | lx.PLACE_HEADS)
        ):
            j += 1  # a laqab such as الأسد ends the name
        break
    if j - i < min_words:
        return None
    return j


def _skip_descriptors(toks: list[Token], j: int) -> int:
    """Skip adjectives between a title and a name: nationality, 'of X origin', former/current."""
    while j < len(toks):
        tok = toks[j]
        if not tok.is_word:
            if (
                tok.text in "،,"
                and j + 1 < len(toks)
                and toks[j + 1].is_word
                and toks[j + 1].norm in lx.PERSON_TITLES
            ):
                j += 1
                continue
            return j
        if tok.norm == "من" and j + 1 < len(toks) and toks[j + 1].norm in lx.ORIGIN_WORDS:
            j += 2
            if j < len(toks) and toks[j].is_word and is_nisba(toks[j].norm):
                j += 1
            continue
        if tok.norm in lx.ORIGIN_WORDS:
            j += 1
            continue
        if tok.norm in lx.PERSON_TITLES and j + 1 < len(toks):
            j += 1
            continue
        if is_definite(tok.norm) and is_nisba(tok.norm) and tok.norm.startswith("ال"):
            j += 1
            continue
        return j
    return j


def _span_name(toks: list[Token], i: int, j: int) -> tuple[int, int, str]:
    words = [toks[k].text for k in range(i, j) if toks[k].is_word]
    if words:
        words[0] = strip_clitic_text(words[0])
        head = _head_kind(toks[i]) if toks[i].is_word else None
        norm = normalise(words[0])
        if head is not None and norm and norm[0] in "وفبلك" and _is_head_norm(norm[1:]):
            words[0] = _drop_first_letter(words[0])
    return toks[i].start, toks[j - 1].end, clean(" ".join(words))


def head_kind(tok: Token) -> tuple[str, str] | None:
    """(kind, head class) when a word heads an organisation, group, outlet or place name."""
    return _head_kind(tok)


def _is_head_norm(norm: str) -> bool:
    heads = lx.GROUP_HEADS | lx.ORG_HEADS | lx.OUTLET_GENERIC_HEADS | lx.OUTLET_NAMED_HEADS
    return norm in heads or strip_article(norm) in heads


def _drop_first_letter(word: str) -> str:
    for i, ch in enumerate(word[1:], start=1):
        if not ("\u064b" <= ch <= "\u065f" or ch == "\u0640"):
            return word[i:]
    return word


def _quoted(toks: list[Token], i: int, max_words: int = 5) -> int | None:
    """If ``toks[i]`` opens a quote of at most ``max_words`` words, the index of its closing mark."""
    if i >= len(toks) or toks[i].is_word or toks[i].text not in OPEN_QUOTES:
        return None
    for k in range(i + 1, min(len(toks), i + max_words + 3)):
        if not toks[k].is_word and toks[k].text in CLOSE_QUOTES:
            words = [t for t in toks[i + 1 : k] if t.is_word]
            return k if 0 < len(words) <= max_words else None
        if not toks[k].is_word and toks[k].text in ".،,؛:؟!":
            return None
    return None


def _head_kind(tok: Token) -> tuple[str, str] | None:
    """(kind, head class) when the token heads an organisation, group, outlet or place."""
    if not tok.is_word:
        return None
    variants = bare_variants(tok.norm)
    for v in variants:
        if v in lx.GROUP_HEADS:
            return ("group", "group")
        if v in lx.OUTLET_GENERIC_HEADS:
            return ("outlet", "generic")
        if v in lx.OUTLET_NAMED_HEADS:
            return ("outlet", "named")
        if v in lx.ORG_HEADS:
            return ("organisation", "org")
    return None


def parse_org(toks: list[Token], i: int) -> tuple[int, str, str, list[str]] | None:
    """An organisation/group/outlet headed at ``toks[i]``: (end index, kind, name, extra aliases)."""
    head = _head_kind(toks[i])
    if head is None:
        return None
    kind, head_class = head
    definite_head = is_definite(toks[i].norm)
    j = i + 1
    close = _quoted(toks, j)
    if close is not None:
        inner = [t for t in toks[j + 1 : close] if t.is_word]
        core = clean(" ".join(t.text for t in inner))
        if head_class == "generic":
            return close + 1, kind, core, []
        _s, _e, head_text = _span_name(toks, i, i + 1)
        return close + 1, kind, f"{head_text} {core}", [core] if kind == "group" else []
    modifiers = 0
    while j < len(toks) and modifiers < 5:
        tok = toks[j]
        if not tok.is_word:
            break
        norm = tok.norm
        if norm in lx.NAME_STOPS or norm in STOPWORDS or norm in lx.REPORTING_VERBS:
            break
        if norm in lx.DIRECTIONS:
            break
        if norm.isdigit() or (is_definite(norm) and norm.startswith("ال")):
            j += 1
            modifiers += 1
            continue
        if (
            norm.startswith("ل")
            and j + 1 < len(toks)
            and toks[j + 1].is_word
            and toks[j + 1].norm.startswith("ال")
        ):
            j += 2  # لحقوق الإنسان
            modifiers += 2
            continue
        if _head_kind(tok) is not None and modifiers == 0 and not norm.startswith("و"):
            j += 1  # قوات وزارة الدفاع
            modifiers += 1
            continue
        if (
            modifiers == 0
            and not definite_head
            and (_is_name_word(tok) or (tok.is_latin and tok.text[:1].isupper()))
        ):
            j += 1  # idafa: حكومة دمشق, هيئة تحرير الشام
            modifiers += 1
            continue
        break
    if modifiers == 0:
        return None
    first, last = i, j
    if head_class == "generic":
        first = i + 1
    _s, _e, name = _span_name(toks, first, last)
    if not name or len(alias_key(name)) < 2:
        return None
    return j, kind, name, []


def parse_place(toks: list[Token], i: int) -> tuple[int, int, str] | None:
    """A place after a place head (مدينة X, بريف X) or a direction (غربي X): token range and name."""
    tok = toks[i]
    if not tok.is_word or is_definite(tok.norm):
        return None
    is_head = word_is(tok, lx.PLACE_HEADS) or tok.norm in lx.DIRECTIONS
    is_camp = word_is(tok, lx.CAMP_HEADS)
    if not (is_head or is_camp):
        return None
    j = i + 1
    close = _quoted(toks, j, max_words=3)
    if close is not None:
        inner = [t for t in toks[j + 1 : close] if t.is_word]
        core = clean(" ".join(t.text for t in inner))
        if is_camp:
            return i, close + 1, clean(f"{strip_clitic_text(tok.text)} {core}")
        return j, close + 1, core
    if j >= len(toks) or not toks[j].is_word:
        return None
    first = toks[j]
    if first.norm in STOPWORDS or first.norm in lx.NAME_STOPS or first.norm.isdigit():
        return None
    if is_camp:
        if not first.norm.startswith("ال") or first.norm in lx.NAME_STOPS:
            return None
        return i, j + 1, clean(f"{strip_clitic_text(tok.text)} {first.text}")
    if first.norm in lx.COMMON_WORDS or first.norm in lx.DIRECTIONS or word_is(first, lx.PLACE_HEADS):
        if first.norm in lx.DIRECTIONS and tok.norm in lx.PLACE_HEADS:
            return None
        return None
    if tok.norm in lx.DIRECTIONS and is_definite(first.norm):
        return None
    end = j + 1
    if (
        end < len(toks)
        and toks[end].is_word
        and toks[end].norm.startswith("ال")
        and toks[end].norm not in lx.DIRECTIONS
        and toks[end].norm not in lx.NAME_STOPS
        and toks[end].norm not in lx.COMMON_WORDS
        and not is_nisba(toks[end].norm)
    ):
        end += 1  # دير الزور
    return j, end, _span_name(toks, j, end)[2]


# Capitalised words that open a noun phrase rather than a name ("The Britain-based monitor", "Several French
# fighters").
_LATIN_NOT_NAMES = frozenset(
    "the a an this that these those several some many most few two three four five six seven eight nine ten "
    "his her their its our".split()
)


def _latin_name(toks: list[Token], i: int, sentence_start: bool) -> tuple[int, str, str] | None:
    if not toks[i].is_latin or not _LATIN_NAME.fullmatch(toks[i].text):
        return None
    if toks[i].text.lower() in _LATIN_NOT_NAMES:
        return None
    j = i + 1
    words = [toks[i].text]
    while j < len(toks):
        tok = toks[j]
        if tok.is_latin and _LATIN_NAME.fullmatch(tok.text):
            words.append(tok.text)
            j += 1
        elif (
            tok.is_latin
            and tok.text in ("for", "of")
            and any(w.lower() in _LATIN_ORG_WORDS for w in words)
            and j + 1 < len(toks)
            and toks[j + 1].is_latin
            and _LATIN_NAME.fullmatch(toks[j + 1].text)
        ):
            # "Observatory for Human Rights", "Ministry of Defence"
            words.extend([tok.text, toks[j + 1].text])
            j += 2
        elif tok.is_latin and tok.text.lower() in _LATIN_PARTICLES and j + 1 < len(toks):
            nxt = j + 1
            if not toks[nxt].is_word and toks[nxt].text == "-":
                nxt += 1
            if nxt < len(toks) and toks[nxt].is_latin and _LATIN_NAME.fullmatch(toks[nxt].text):
                words.append(
                    f"{tok.text}-{toks[nxt].text}" if nxt > j + 1 else f"{tok.text} {toks[nxt].text}"
                )
                j = nxt + 1
            else:
                break
        else:
            break
    if len(words) < 2 and (sentence_start or len(words[0]) < 3):
        return None
    kind = "person"
    for word in words:
        kind = _LATIN_ORG_WORDS.get(word.lower(), kind) if kind == "person" else kind
    if len(words) == 1:
        return None  # a lone capitalised word is only a name when known (gazetteer or the store)
    return j, " ".join(words), kind


def _match_phrase(toks: list[Token], i: int, phrases: tuple[str, ...]) -> int | None:
    """Index after a multi-word normalised phrase starting at ``toks[i]`` (clitic ب glued or not)."""
    words: list[str] = []
    k = i
    while k < len(toks) and len(words) < 5:
        if toks[k].is_word:
            words.append(toks[k].norm)
        else:
            break
        k += 1
    best: int | None = None
    for phrase in phrases:
        parts = phrase.split()
        if len(parts) > len(words):
            continue
        if words[: len(parts)] == parts:
            best = max(best or 0, i + len(parts))
        elif len(parts) > 1 and parts[-1] == "ب" and words[: len(parts) - 1] == parts[:-1]:
            best = max(best or 0, i + len(parts) - 1)
    return best


def find_mentions(toks: list[Token], gazetteer: Gazetteer, *, sentence_first: int = 0) -> Found:
    """Pattern mentions in one sentence's tokens (gazetteer names are added by the alias scan)."""
    found = Found()
    taken = [False] * len(toks)

    def add(i: int, j: int, name: str, kind: str, pattern: str, aliases: list[str] | None = None) -> int:
        start, end = toks[i].start, toks[j - 1].end
        # Trim quote marks off the span; the name never includes them.
        while i < j and not toks[i].is_word:
            i += 1
        while j > i and not toks[j - 1].is_word:
            j -= 1
        if i >= j:
            return -1
        start, end = toks[i].start, toks[j - 1].end
        for k in range(i, j):
            taken[k] = True
        found.mentions.append(RawMention(start, end, name, kind, pattern, aliases or [], i, j - 1))
        return len(found.mentions) - 1

    i = 0
    while i < len(toks):
        tok = toks[i]
        if taken[i]:
            i += 1
            continue
        # Alias statements: X، المعروف باسم Y / X أو “Y” / X also known as Y
        cue_end = _match_phrase(toks, i, lx.ALIAS_CUES)
        if cue_end is not None or (
            tok.is_word and tok.norm == "او" and _quoted(toks, i + 1, 3) is not None and found.mentions
        ):
            subject = _previous_mention(found, toks, i)
            j = cue_end if cue_end is not None else i + 1
            if subject is not None and j < len(toks):
                obj = _alias_object(toks, j, found.mentions[subject].kind)
                if obj is not None:
                    obj_end, name = obj
                    index = add(j, obj_end, name, found.mentions[subject].kind, "alias-statement")
                    if index >= 0:
                        found.links.append((subject, index))
                    i = obj_end
                    continue
        if (tok.is_word and tok.norm in lx.PERSON_TITLES) or word_is(tok, lx.LEADER_CUES):
            j = _skip_descriptors(toks, i + 1)
            if j < len(toks) and toks[j].is_word and _head_kind(toks[j]) is None:
                end = parse_person_name(toks, j)
                if end is not None:
                    _s, _e, name = _span_name(toks, j, end)
                    add(j, end, name, "person", "title")
                    i = end
                    continue
        if is_verb(tok):
            end = parse_person_name(toks, i + 1, min_words=2)
            if end is not None and not toks[i + 1].is_latin and _speaker_boundary(toks, end):
                _s, _e, name = _span_name(toks, i + 1, end)
                add(i + 1, end, name, "person", "verb")
                i = end
                continue
        if (tok.is_word and tok.norm == normalise("الأمن")) or (
            tok.is_word and "امن" in bare_variants(tok.norm)
        ):
            follows_head = i > 0 and toks[i - 1].is_word and _head_kind(toks[i - 1]) is not None
            adjective = (
                i + 1 < len(toks) and toks[i + 1].is_word and toks[i + 1].norm in lx.SECURITY_ADJECTIVES
            )
            if adjective and not follows_head:
                _s, _e, name = _span_name(toks, i, i + 2)
                add(i, i + 2, name, "organisation", "security")
                i += 2
                continue
        org = parse_org(toks, i) if tok.is_word else None
        if org is not None:
            org_end, kind, name, aliases = org
            add(
                i if _head_kind(tok) != ("outlet", "generic") else i + 1, org_end, name, kind, "head", aliases
            )
            i = org_end
            continue
        place = parse_place(toks, i) if tok.is_word else None
        if place is not None:
            first, stop, name = place
            add(first, stop, name, "place", "place")
            i = stop
            continue
        if (tok.is_word and tok.norm in ("لـ", "ل", "نسبه")) or (not tok.is_word and tok.text == "ـ"):
            close = _quoted(toks, i + 1, 4)
            if close is not None:
                inner = [t for t in toks[i + 2 : close] if t.is_word]
                if inner and all(t.norm not in STOPWORDS for t in inner) and len(inner) <= 3:
                    head = _head_kind(inner[0])
                    kind = (
                        head[0]
                        if head
                        else ("person" if inner[0].norm in _NAME_CONNECTORS else "organisation")
                    )
                    add(i + 1, close + 1, clean(" ".join(t.text for t in inner)), kind, "quoted")
                    i = close + 1
                    continue
        if not tok.is_word and tok.text in OPEN_QUOTES:
            close = _quoted(toks, i, 5)
            if close is not None and toks[i + 1].norm in _NAME_CONNECTORS and close - i <= 4:
                end = parse_person_name(toks, i + 1)
                if end is not None and end <= close:
                    _s, _e, name = _span_name(toks, i + 1, end)
                    add(i + 1, end, name, "person", "quoted-kunya")
                    i = close + 1
                    continue
            if close is not None and _head_kind(toks[i + 1]) is not None:
                org = parse_org(toks, i + 1)
                if org is not None:
                    org_end, kind, name, aliases = org
                    add(i + 1, min(org_end, close), name, kind, "quoted-head", aliases)
                    i = close + 1
                    continue
        if (
            tok.is_word
            and tok.norm in lx.PLACE_PREPOSITIONS
            and i + 2 < len(toks)
            and _is_name_word(toks[i + 1])
            and toks[i + 2].is_word
            and toks[i + 2].norm.endswith("يه")
            and gazetteer.country_of_adjective(toks[i + 2].norm)
        ):
            add(i + 1, i + 2, clean(toks[i + 1].text), "place", "city-of-country")
            i += 3
            continue
        if tok.is_latin:
            latin = _latin_name(toks, i, i == sentence_first)
            if latin is not None:
                latin_end, name, kind = latin
                add(i, latin_end, name, kind, "latin")
                i = latin_end
                continue
        if not tok.is_word and tok.text == "@" and i + 1 < len(toks) and toks[i + 1].is_latin:
            handle = "@" + toks[i + 1].text
            index = add(i, i + 2, handle, "person", "handle")
            subject = _previous_mention(found, toks, i, exclude=index)
            if subject is not None and index >= 0 and i > 0 and toks[i - 1].text == "(":
                found.mentions[index].kind = found.mentions[subject].kind
                found.links.append((subject, index))
            i += 2
            continue
        i += 1
    return found


def _speaker_boundary(toks: list[Token], j: int) -> bool:
    """A name after a reporting verb must end where the report starts: punctuation, أن/إن, or لـ."""
    if j >= len(toks):
        return True
    tok = toks[j]
    if not tok.is_word:
        return True
    return tok.norm in lx.COMPLEMENTISERS or tok.norm.startswith("ل") or tok.norm in {"في", "خلال", "عبر"}


# Words that start a new phrase: a mention before one of them is not what a following alias names
# ("a source in the command said that ... Omar Omsen, known as ..." names Omsen, not the command).
_PHRASE_BREAKS = frozenset({"ان", "علي", "الي", "عن", "قال", "said", "that"})


def _previous_mention(found: Found, toks: list[Token], i: int, exclude: int = -1) -> int | None:
    """The mention that ends closest before token ``i`` (within a dozen tokens, in the same phrase)."""
    best = None
    for index, mention in enumerate(found.mentions):
        if index == exclude or mention.last_token >= i:
            continue
        if i - mention.last_token <= 12 and (
            best is None or mention.last_token > found.mentions[best].last_token
        ):
            best = index
    if best is None:
        return None
    between = toks[found.mentions[best].last_token + 1 : i]
    if any(t.is_word and t.norm in _PHRASE_BREAKS for t in between):
        return None
    return best


def _alias_object(toks: list[Token], j: int, kind: str) -> tuple[int, str] | None:
    """The alias named after an alias cue: a quoted name, or a name parsed for the subject's kind."""
    close = _quoted(toks, j, 4)
    if close is not None:
        inner = [t for t in toks[j + 1 : close] if t.is_word]
        return close + 1, clean(
            " ".join(strip_clitic_text(t.text) if n == 0 else t.text for n, t in enumerate(inner))
        )
    if j < len(toks) and toks[j].is_word and toks[j].norm.startswith("ب") and len(toks[j].norm) > 3:
        pass  # المعروف بـX: the ب is glued; parse from the same token
    if kind == "person":
        end = parse_person_name(toks, j)
        if end is not None:
            _s, _e, name = _span_name(toks, j, end)
            return end, name
        return None
    org = parse_org(toks, j)
    if org is not None:
        return org[0], org[2]
    if j < len(toks) and toks[j].is_word and toks[j].norm not in STOPWORDS:
        _s, _e, name = _span_name(toks, j, j + 1)
        return j + 1, name
    return None


def surname(name: str) -> str | None:
    """The last word of a multi-word person name, when it can stand for the person alone."""
    words = name.split()
    if len(words) < 2:
        return None
    last = words[-1]
    norm = normalise(last)
    bare = strip_article(norm)
    if len(bare) < 3 or norm in lx.COMMON_WORDS or bare in lx.COMMON_WORDS or norm in STOPWORDS:
        return None
    if normalise(words[0]) in _NAME_CONNECTORS:
        return None  # أبو X الY: the nisba alone does not name the person
    return last

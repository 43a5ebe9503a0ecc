"""Arabic name primitives: which words can be names, and where a person, body or place name ends.

Pure functions over one sentence's tokens; the patterns in ``entities`` and ``roles`` call them.
"""

from __future__ import annotations

from bot.extract import lexicon as lx
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

NAME_CONNECTORS = lx._norm_set("بن ابن أبو أبي أبا أم عبد")
_COMPOUND_SECOND = lx._norm_set("الدين الله الرحمن الرحيم الكريم الحق العزيز الإسلام")


def verb_forms(norm: str) -> tuple[str, ...]:
    """A word as it may be a verb: itself, and without a leading و/ف (never without an article)."""
    if len(norm) > 3 and norm[0] in "وف" and not norm.startswith("ال"):
        return (norm, norm[1:])
    return (norm,)


def is_verb(tok: Token) -> bool:
    """Whether the token is a reporting verb (with or without a leading conjunction)."""
    return tok.is_word and any(v in lx.REPORTING_VERBS for v in verb_forms(tok.norm))


def is_subject_verb(tok: Token) -> bool:
    """A reporting verb or another verb whose subject follows it ("كتب X", "دعا X"): a name may come next."""
    return is_verb(tok) or (tok.is_word and any(v in lx.SUBJECT_VERBS for v in verb_forms(tok.norm)))


_ACCUSATIVE_TANWEEN = ("اً", "ًا", "ةً")
_SHADDA = "\u0651"
_IMPERFECT_PREFIXES = "يت"


MIN_CLITIC_STEM = 3  # "لوسائل" is ل + a common noun; "كمال" (كـ + 3 letters) is still a name


def is_name_word(tok: Token, *, allow_definite: bool = False) -> bool:
    if not tok.is_word or tok.norm.isdigit() or len(tok.norm) < 2:
        return False
    if tok.norm in STOPWORDS or tok.norm in lx.COMMON_WORDS or tok.norm in lx.NAME_STOPS:
        return False
    if len(tok.norm) > MIN_CLITIC_STEM and tok.norm[0] in "وفبلك" and tok.norm[1:] in lx.COMMON_WORDS:
        return False  # "لوسائل", "وللصحفيين": a preposition or conjunction on a common noun
    if is_subject_verb(tok) or tok.norm in lx.PERSON_TITLES or tok.norm in lx.ROLE_TITLES:
        return False
    if word_is(tok, lx.GROUP_HEADS | lx.ORG_HEADS | lx.PLACE_HEADS | lx.OUTLET_GENERIC_HEADS):
        return False
    if tok.is_latin:
        return tok.text[0].isupper()
    if tok.text.endswith(_ACCUSATIVE_TANWEEN):
        return False  # "بياناً", "مؤكداً": an indefinite accusative noun or adverb, never part of a name
    if tok.text[:1] in _IMPERFECT_PREFIXES and _SHADDA in tok.text:
        return False  # "يحمّل", "تتّهم": a present-tense verb written with its shadda; names rarely carry one
    if tok.norm in lx.NAME_ENDERS or plural_or_suffixed(tok.norm):
        return False
    return allow_definite or not is_definite(tok.norm)


def starts_name(tok: Token) -> bool:
    """A word that may open a person's name: a name word, or a given name written with the article."""
    return is_name_word(tok) or (tok.is_word and tok.norm in lx.DEFINITE_GIVEN_NAMES)


MIN_PLURAL_NOUN = 5  # "مهندسون" is a plural; "عون" is a name


def plural_pair(toks: list[Token], i: int) -> bool:
    """Two words that agree as plurals ("مهندسون جيولوجيون"): a noun and its adjective, not a name.

    A word ending in ون alone may be a name ("خلدون", "كارسون"); two in a row are a plural phrase.
    """
    pair = toks[i : i + 2]
    return len(pair) == 2 and all(
        t.is_word and t.norm.endswith(("ون", "ين")) and len(t.norm) >= MIN_PLURAL_NOUN for t in pair
    )


MIN_SUFFIXED_NOUN = 5  # "استقالته" is a noun with a pronoun; "طه" is a name


def plural_or_suffixed(norm: str) -> bool:
    """A plural ("جيولوجيين"), a plural verb ("تحدثوا") or a noun with a pronoun ("استقالته")."""
    return (
        (norm.endswith("وا") and len(norm) >= 4)
        or (norm.endswith(("يين", "يون")) and len(norm) >= MIN_PLURAL_NOUN)
        or (norm.endswith(("ته", "تها", "تهم", "تهما")) and len(norm) >= MIN_SUFFIXED_NOUN)
    )


def parse_person_name(toks: list[Token], i: int, *, min_words: int = 1) -> int | None:
    """End index (exclusive) of a person's name starting at ``toks[i]``, or None."""
    if i >= len(toks) or not toks[i].is_word:
        return None
    first = toks[i]
    if first.norm in NAME_CONNECTORS and i + 1 < len(toks) and toks[i + 1].is_word:
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
    if not starts_name(first) or plural_pair(toks, i):
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
        if tok.norm in NAME_CONNECTORS and j + 1 < len(toks) and is_name_word(toks[j + 1]):
            j += 2
            continue
        if is_name_word(tok):
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


def skip_descriptors(toks: list[Token], j: int) -> int:
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


def span_name(toks: list[Token], i: int, j: int) -> tuple[int, int, str]:
    words = [toks[k].text for k in range(i, j) if toks[k].is_word]
    if words:
        words[0] = strip_clitic_text(words[0])
        head = head_kind(toks[i]) if toks[i].is_word else None
        norm = normalise(words[0])
        if head is not None and norm and norm[0] in "وفبلك" and _is_head_norm(norm[1:]):
            words[0] = _drop_first_letter(words[0])
    return toks[i].start, toks[j - 1].end, clean(" ".join(words))


def _is_head_norm(norm: str) -> bool:
    heads = lx.GROUP_HEADS | lx.ORG_HEADS | lx.OUTLET_GENERIC_HEADS | lx.OUTLET_NAMED_HEADS
    return norm in heads or strip_article(norm) in heads


def _drop_first_letter(word: str) -> str:
    for i, ch in enumerate(word[1:], start=1):
        if not ("\u064b" <= ch <= "\u065f" or ch == "\u0640"):
            return word[i:]
    return word


def quoted(toks: list[Token], i: int, max_words: int = 5) -> int | None:
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


def head_kind(tok: Token) -> tuple[str, str] | None:
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


def _reads_as_quotation(inner: list[Token]) -> bool:
    """Quoted words after a head that are a quotation ("الحكومة «لن تتراجع»"), not a name."""
    return any(t.is_word and (t.norm in STOPWORDS or t.norm in _PREPOSITIONS or is_verb(t)) for t in inner)


# Prepositions as ``normalise`` spells them (ى becomes ي): they never continue a body's name.
_PREPOSITIONS = lx._norm_set("إلى على عن في من مع لدى حتى نحو")
MIN_CONJOINED_AFTER = 2  # "و + ال" joins a body's name only after two modifiers (not "وزارة الداخلية والجيش")


MAX_MODIFIERS = 5  # words after a body's head that can still belong to its name


def _modifier_step(toks: list[Token], j: int, modifiers: int, definite_head: bool) -> int:
    """How many words at ``toks[j]`` continue a body's name after its head (0: the name ends)."""
    tok = toks[j]
    if not tok.is_word:
        return 0
    norm = tok.norm
    if norm in lx.NAME_STOPS or norm in STOPWORDS or norm in _PREPOSITIONS or norm in lx.REPORTING_VERBS:
        return 0
    if norm in lx.DIRECTIONS or norm in lx.PERSON_TITLES or norm in lx.ROLE_TITLES:
        return 0
    if modifiers >= MIN_CONJOINED_AFTER and norm.startswith("وال") and norm not in lx.COMMON_WORDS:
        return 1  # الهيئة العامة للأنواء الجوية والرصد الزلزالي
    if norm.isdigit() or (
        is_definite(norm) and (norm.startswith("ال") or (modifiers and norm.startswith("لل")))
    ):
        return 1
    nxt = toks[j + 1] if j + 1 < len(toks) else None
    if norm.startswith("ل") and nxt is not None and nxt.is_word and nxt.norm.startswith("ال"):
        return 2  # لحقوق الإنسان
    if head_kind(tok) is not None and modifiers == 0 and not norm.startswith("و"):
        return 1  # قوات وزارة الدفاع
    if (
        modifiers == 0
        and not definite_head
        and (is_name_word(tok) or (tok.is_latin and tok.text[:1].isupper()))
    ):
        return 1  # idafa: حكومة دمشق, هيئة تحرير الشام
    if modifiers == 1 and not definite_head and not is_definite(toks[j - 1].norm) and is_name_word(tok):
        return 1  # an indefinite adjective of the idafa's noun: جمعية بحر أزرق
    return 0


def parse_org(toks: list[Token], i: int) -> tuple[int, str, str, list[str]] | None:
    """An organisation/group/outlet headed at ``toks[i]``: (end index, kind, name, extra aliases)."""
    head = head_kind(toks[i])
    if head is None:
        return None
    kind, head_class = head
    definite_head = is_definite(toks[i].norm)
    j = i + 1
    close = quoted(toks, j)
    if close is not None and not _reads_as_quotation(toks[j + 1 : close]):
        inner = [t for t in toks[j + 1 : close] if t.is_word]
        core = clean(" ".join(t.text for t in inner))
        if head_class == "generic":
            return close + 1, kind, core, []
        _s, _e, head_text = span_name(toks, i, i + 1)
        return close + 1, kind, f"{head_text} {core}", [core] if kind == "group" else []
    modifiers = 0
    while j < len(toks) and modifiers < MAX_MODIFIERS:
        step = _modifier_step(toks, j, modifiers, definite_head)
        if step == 0:
            break
        j += step
        modifiers += step
    if modifiers and toks[j - 1].norm in NAME_CONNECTORS and j < len(toks) and is_name_word(toks[j]):
        j += 1  # "غرفة طوارئ أم X": أم, أبو, بن never end a name; the word they open belongs to it
    if modifiers == 0:
        return None
    first, last = i, j
    if head_class == "generic":
        first = i + 1
    _s, _e, name = span_name(toks, first, last)
    if not name or len(alias_key(name)) < 2:
        return None
    return j, kind, name, []


MAX_PLACE_WORDS = 3  # "عين رمان", "دير الزور": a place name after its head is short
# Function words that may open a place name when a definite word follows ("بين النهرين").
_TOPONYM_OPENERS = frozenset({normalise("بين")})
_STRONG_PLACE_HEADS = lx._norm_set("محافظة مدينة بلدة قرية قضاء ناحية")


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
    close = quoted(toks, j, max_words=3)
    if close is not None:
        inner = [t for t in toks[j + 1 : close] if t.is_word]
        core = clean(" ".join(t.text for t in inner))
        if is_camp:
            return i, close + 1, clean(f"{strip_clitic_text(tok.text)} {core}")
        return j, close + 1, core
    if j >= len(toks) or not toks[j].is_word:
        return None
    if is_camp:
        first = toks[j]
        if not first.norm.startswith("ال") or first.norm in lx.NAME_STOPS:
            return None
        return i, j + 1, clean(f"{strip_clitic_text(tok.text)} {first.text}")
    if not _place_may_start(toks, i, j):
        return None
    end = place_name_end(toks, j)
    return j, end, span_name(toks, j, end)[2]


def _place_may_start(toks: list[Token], head: int, j: int) -> bool:
    """Whether ``toks[j]`` can open the name of a place after the head ``toks[head]``."""
    first, tok = toks[j], toks[head]
    if first.norm in _TOPONYM_OPENERS and word_is(tok, _STRONG_PLACE_HEADS):
        nxt = toks[j + 1] if j + 1 < len(toks) else None
        return nxt is not None and nxt.is_word and nxt.norm.startswith("ال") and not is_nisba(nxt.norm)
    if first.norm in STOPWORDS or first.norm in lx.NAME_STOPS or first.norm.isdigit():
        return False
    if first.norm in lx.COMMON_WORDS or first.norm in lx.DIRECTIONS or word_is(first, lx.PLACE_HEADS):
        return False
    return not (tok.norm in lx.DIRECTIONS and is_definite(first.norm))


def place_name_end(toks: list[Token], j: int) -> int:
    """End of a place name starting at ``toks[j]``: more name words, then one definite word (دير الزور)."""
    end = j + 1
    if toks[j].norm.startswith("ال") and toks[j].norm not in lx.PERSON_TITLES:
        return end  # "بلدة الريحان نزار ...": a definite name is whole; what follows is someone else
    while end < len(toks) and end - j < MAX_PLACE_WORDS - 1 and _place_word(toks[end]):
        end += 1
    if (
        end < len(toks)
        and end - j < MAX_PLACE_WORDS
        and toks[end].is_word
        and toks[end].norm.startswith("ال")
        and toks[end].norm not in lx.DIRECTIONS
        and toks[end].norm not in lx.NAME_STOPS
        and toks[end].norm not in lx.COMMON_WORDS
        and not is_nisba(toks[end].norm)
        and not word_is(toks[end], lx.GROUP_HEADS | lx.ORG_HEADS)
    ):
        end += 1
    return end


def _place_word(tok: Token) -> bool:
    """A further word of a place's name: a name word, not a direction, not "وX" (a second place)."""
    return (
        is_name_word(tok)
        and tok.norm not in lx.DIRECTIONS
        and tok.norm not in lx.TIME_WORDS  # "بلدة X ليل الأحد"
        and not tok.norm.startswith("و")
    )


def parse_structure(toks: list[Token], i: int) -> tuple[int, str, str] | None:
    """ "سد X", "معبر X": a structure named after a place; (end, name with its head, the bare name)."""
    tok = toks[i]
    if not tok.is_word or is_definite(tok.norm) or not word_is(tok, lx.STRUCTURE_HEADS):
        return None
    j = i + 1
    if j >= len(toks) or not is_name_word(toks[j]):
        return None
    end = place_name_end(toks, j)
    bare = span_name(toks, j, end)[2]
    return end, clean(f"{strip_clitic_text(tok.text)} {bare}"), bare


def body_short_forms(name: str, kind: str) -> list[str]:
    """Shorter names a body also goes by, derived from its full name.

    "منظمة X للإغاثة" is also "X للإغاثة" and "X"; "وكالة X للأنباء" is also "X"; "النقابة العامة لسائقي
    النقل" is also "نقابة سائقي النقل" (a definite head with a لـ phrase is the construct state).
    """
    if kind not in ("organisation", "group", "outlet"):
        return []
    words = name.split()
    out: list[list[str]] = []
    if len(words) >= 2 and normalise(words[0]) in (lx.OUTLET_GENERIC_HEADS | lx.DROPPABLE_BODY_HEADS):
        out.append(words[1:])
    for form in [words, *out]:
        if len(form) >= 2 and normalise(form[-1]) in lx.OUTLET_TAILS:
            out.append(form[:-1])
        elif len(form) >= MIN_PURPOSE_STEM + 1 and normalise(form[-1]).startswith("لل"):
            out.append(form[:-1])  # "يد الخير للإغاثة" is also "يد الخير"
    construct = _construct_state(words)
    if construct:
        out.append(construct)
    return list(dict.fromkeys(" ".join(f) for f in out if f and " ".join(f) != name))


MIN_PURPOSE_STEM = 2  # a name keeps at least two words when its purpose phrase is dropped


def _construct_state(words: list[str]) -> list[str] | None:
    """ "النقابة العامة لسائقي X" -> "نقابة سائقي X": a definite head, an adjective, then لـ + noun."""
    norms = [normalise(w) for w in words]
    if len(words) < 3 or not norms[0].startswith("ال") or not word_is_head(norms[0]):
        return None
    k = 2 if norms[1].startswith("ال") else 1
    if k >= len(words) or not norms[k].startswith("ل") or norms[k].startswith("لل"):
        return None
    return [_skip_letters_text(words[0], 2), _skip_letters_text(words[k], 1), *words[k + 1 :]]


def word_is_head(norm: str) -> bool:
    """Whether a normalised word (with or without the article) is a body's head."""
    return any(v in (lx.GROUP_HEADS | lx.ORG_HEADS) for v in bare_variants(norm))


def _skip_letters_text(word: str, count: int) -> str:
    """Drop the first ``count`` letters of an original-spelling word (diacritics do not count)."""
    seen = 0
    for i, ch in enumerate(word):
        if "\u064b" <= ch <= "\u065f" or ch == "\u0640":
            continue
        if seen == count:
            return word[i:]
        seen += 1
    return ""

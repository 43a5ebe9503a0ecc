"""Polarity cues of a claim: which pole of each opposite pair it takes, whether it negates or denies.

The lexicon lives in ``polarity.toml`` (Arabic and English, general news vocabulary). Words are matched
as written, with a leading conjunction, clitic, article or pronoun suffix tolerated; phrases word by word.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.text import normalise

DATA = Path(__file__).with_name("polarity.toml")
CLITICS = "وفبلك"  # a one-letter prefix a lexicon word may carry in text (وارتفع, بإملاء)
ARTICLES = ("ال", "بال", "لل", "كال")
SUFFIXES = ("ها", "هم", "ون", "وا", "ه", "ا", "ت")  # pronouns, plural, accusative alif, feminine past
IMPERFECT = "يتن"  # prefixes of the imperfect verb
MIN_CORE = 3
_Phrase = tuple[str, ...]
_CONTRACTION = re.compile(r"n t\b")


@dataclass(frozen=True)
class Cues:
    """What a claim's wording says about its stance, independent of its topic."""

    poles: frozenset[tuple[str, str]]  # (axis, 'a' or 'b') the claim takes
    negated: bool  # a negation outside the hedges ("not clear", "still")
    denies: bool  # a word of denial ("denied", "baseless", "ruled out")


@dataclass(frozen=True)
class _Lexicon:
    words: dict[str, frozenset[tuple[str, str]]]  # word form -> poles it signals
    phrases: dict[_Phrase, frozenset[tuple[str, str]]]
    phrase_index: dict[str, tuple[_Phrase, ...]]
    negators: frozenset[str]
    negator_phrases: dict[str, tuple[_Phrase, ...]]
    hedges: dict[str, tuple[_Phrase, ...]]
    denials: frozenset[str]
    denial_phrases: dict[str, tuple[_Phrase, ...]]


def _words(text: str) -> list[str]:
    """Normalised words, with English contractions kept whole ("didn't" -> "didnt")."""
    return _CONTRACTION.sub("nt", normalise(text)).split()


def _entries(spec: str) -> list[_Phrase]:
    out = []
    for item in spec.split():
        words = tuple(w for part in item.split("_") for w in _words(part))
        if words:
            out.append(words)
    return out


def _split(entries: list[_Phrase]) -> tuple[frozenset[str], dict[str, tuple[_Phrase, ...]]]:
    singles = frozenset(e[0] for e in entries if len(e) == 1)
    return singles, _by_first(e for e in entries if len(e) > 1)


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    data = tomllib.loads(DATA.read_text(encoding="utf-8"))
    words: dict[str, set[tuple[str, str]]] = {}
    phrases: dict[_Phrase, set[tuple[str, str]]] = {}
    for axis in data["axis"]:
        for pole in ("a", "b"):
            for entry in _entries(axis[pole]):
                if len(entry) == 1:
                    words.setdefault(entry[0], set()).add((axis["name"], pole))
                else:
                    phrases.setdefault(entry, set()).add((axis["name"], pole))
    negators, negator_phrases = _split(_entries(data["negation"]["words"]))
    denials, denial_phrases = _split(_entries(data["denial"]["words"]))
    hedges = _by_first(_entries(data["negation"]["hedges"]))
    return _Lexicon(
        {k: frozenset(v) for k, v in words.items()},
        {k: frozenset(v) for k, v in phrases.items()},
        _by_first(phrases),
        negators,
        negator_phrases,
        hedges,
        denials,
        denial_phrases,
    )


@lru_cache(maxsize=131072)
def _keys(token: str) -> tuple[str, ...]:
    """The forms a text token may match: itself, without clitics and article, without a pronoun suffix.

    Exact forms rather than stems: short Arabic stems collide (بالكامل and أملى share one).
    """
    forms = {token}
    if len(token) > 3 and token[0] in "وف":
        forms.add(token[1:])
    for form in list(forms):
        if len(form) > 4 and form[0] == "س" and form[1] in IMPERFECT:  # the future prefix
            forms.add(form[1:])
    for form in list(forms):
        if len(form) >= 4 and form[0] in IMPERFECT:  # يرتفع -> ارتفع, يهبط -> هبط: the perfect form
            forms.update((form[1:], "ا" + form[1:]))
    for form in list(forms):
        for prefix in ARTICLES:
            if form.startswith(prefix) and len(form) - len(prefix) >= MIN_CORE:
                forms.add(form[len(prefix) :])
        if len(form) > MIN_CORE and form[0] in "بلك":
            forms.add(form[1:])
    for form in list(forms):
        for suffix in SUFFIXES:
            if form.endswith(suffix) and len(form) - len(suffix) >= MIN_CORE:
                forms.add(form[: -len(suffix)])
    return tuple(sorted(forms))


def _starting(tokens: list[str], i: int, phrases: Mapping[str, tuple[_Phrase, ...]]) -> list[_Phrase]:
    """Phrases (indexed by first word) that start at ``tokens[i]``, longest first."""
    first = tokens[i]
    found = list(phrases.get(first, ()))
    if len(first) > 1 and first[0] in CLITICS:
        found.extend(phrases.get(first[1:], ()))
    return sorted((p for p in found if _phrase_at(tokens, i, p)), key=len, reverse=True)


def _by_first(phrases: Iterable[_Phrase]) -> dict[str, tuple[_Phrase, ...]]:
    index: dict[str, list[_Phrase]] = {}
    for phrase in phrases:
        index.setdefault(phrase[0], []).append(phrase)
    return {k: tuple(v) for k, v in index.items()}


def _phrase_at(tokens: list[str], i: int, phrase: _Phrase) -> bool:
    """Whether ``phrase`` starts at ``tokens[i]`` (its first word may carry a clitic)."""
    size = len(phrase)
    if i + size > len(tokens) or tuple(tokens[i + 1 : i + size]) != phrase[1:]:
        return False
    first = tokens[i]
    return first == phrase[0] or (first[:1] in CLITICS and first[1:] == phrase[0])


def _drop_hedges(tokens: list[str]) -> list[str]:
    """Tokens with every hedge phrase ("not clear", "لم يتضح") removed."""
    hedges = _lexicon().hedges
    out: list[str] = []
    i = 0
    while i < len(tokens):
        found = _starting(tokens, i, hedges)
        if found:
            i += len(found[0])
        else:
            out.append(tokens[i])
            i += 1
    return out


def _any_phrase(tokens: list[str], phrases: Mapping[str, tuple[_Phrase, ...]]) -> bool:
    return any(_starting(tokens, i, phrases) for i in range(len(tokens)))


def _poles(tokens: list[str]) -> frozenset[tuple[str, str]]:
    lex = _lexicon()
    found: set[tuple[str, str]] = set()
    for i, token in enumerate(tokens):
        for key in _keys(token):
            found |= lex.words.get(key, frozenset())
        for phrase in _starting(tokens, i, lex.phrase_index):
            found |= lex.phrases[phrase]
    return frozenset(found)


@lru_cache(maxsize=65536)
def cues(text: str) -> Cues:
    """The polarity cues of a claim's text (raw or normalised)."""
    lex = _lexicon()
    tokens = _words(text)
    kept = _drop_hedges(tokens)
    negated = any(k in lex.negators for t in kept for k in _keys(t)) or _any_phrase(kept, lex.negator_phrases)
    denies = any(k in lex.denials for t in tokens for k in _keys(t)) or _any_phrase(
        tokens, lex.denial_phrases
    )
    return Cues(_poles(kept), negated, denies)


def opposite_words(poles: Iterable[tuple[str, str]]) -> frozenset[str]:
    """The words of the poles opposite to these (phrases word by word): what the other side would say."""
    wanted = {(axis, "b" if pole == "a" else "a") for axis, pole in poles}
    lex = _lexicon()
    words = {word for word, found in lex.words.items() if found & wanted}
    words.update(w for phrase, found in lex.phrases.items() if found & wanted for w in phrase)  # ما زالت
    return frozenset(words)


def opposed(a: Cues, b: Cues) -> list[str]:
    """Axes on which two claims take opposite poles (each holding only its own pole of the axis)."""
    out = []
    for axis, pole in a.poles:
        other = "b" if pole == "a" else "a"
        if (axis, other) in b.poles and (axis, other) not in a.poles and (axis, pole) not in b.poles:
            out.append(axis)
    return sorted(set(out))


def shared(a: Cues, b: Cues) -> int:
    """How many poles two claims take in common (agreement evidence)."""
    return len(a.poles & b.poles)

"""Tokens of the original text with their offsets and normalised forms, and name keys."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.text import normalise, strip_article

# A word: letters/digits with diacritics and tatweel inside; everything else is punctuation.
_WORD = re.compile(
    r"[\u0621-\u063A\u0641-\u064A\u0640\u064B-\u065F\u0660-\u0669\u0670-\u06D3\u06F0-\u06F9]+"
    r"|[^\W_\u0600-\u06FF]+"
)
_PUNCT = re.compile(r"[^\w\s\u0640\u064B-\u065F\u0670]")
_DIACRITICS = re.compile(r"[\u0640\u064B-\u065F\u0670]")
OPEN_QUOTES = "“«\"‘'„”"  # ” also opens: some sites type it on both sides
CLOSE_QUOTES = "”»\"’'"
CLITICS = "وفبلك"


@dataclass(frozen=True)
class Token:
    """A word or punctuation mark: offsets into the original text, original and normalised forms."""

    start: int
    end: int
    text: str
    norm: str  # '' for punctuation
    is_word: bool

    @property
    def is_latin(self) -> bool:
        return self.is_word and self.text[:1].isascii()


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Words and punctuation marks of ``text[start:end]``, offsets into ``text``."""
    stop = len(text) if end is None else end
    out: list[Token] = []
    pos = start
    while pos < stop:
        ch = text[pos]
        if ch.isspace() or ch == "_":  # hashtags write spaces as underscores
            pos += 1
            continue
        match = _WORD.match(text, pos, stop)
        if match and match.end() > pos:
            word = match.group()
            norm = normalise(word).replace(" ", "")
            out.append(Token(pos, match.end(), word, norm, bool(norm)))
            pos = match.end()
            continue
        out.append(Token(pos, pos + 1, ch, "", False))
        pos += 1
    return out


def clean(text: str) -> str:
    """Original spelling without diacritics, tatweel or extra spaces (for canonical names)."""
    return " ".join(_DIACRITICS.sub("", text).split())


@lru_cache(maxsize=65536)
def bare_variants(norm: str) -> tuple[str, ...]:
    """A normalised word and its forms without clitics and the article, most specific first."""
    variants = [norm]
    if norm.startswith("لل") and len(norm) > 4:
        variants.append("ال" + norm[2:])
    head = norm
    for _ in range(2):
        if len(head) > 3 and head[0] in CLITICS:
            head = head[1:]
            variants.append(head)
    for v in list(variants):
        bare = strip_article(v)
        if bare != v:
            variants.append(bare)
        elif v.startswith("ال") and len(v) > 4:
            variants.append(v[2:])
    seen: dict[str, None] = {}
    for v in variants:
        seen.setdefault(v, None)
    return tuple(seen)


def word_is(token: Token, words: frozenset[str]) -> bool:
    """Whether the token, with or without clitics and article, is one of ``words`` (normalised)."""
    return token.is_word and any(v in words for v in bare_variants(token.norm))


def strip_clitic_text(word: str) -> str:
    """Drop a leading conjunction/preposition from an original-spelling word ('وقوات' -> 'قوات')."""
    norm = normalise(word)
    if norm.startswith("لل") and len(norm) > 4:
        return "ال" + _skip_letters(word, 2)
    if len(norm) > 4 and norm[0] in "وفبلك" and norm[1:3] == "ال":
        return _skip_letters(word, 1)
    if len(norm) > 5 and norm[:2] in ("وب", "ول", "فب", "فل", "وك") and norm[2:4] == "ال":
        return _skip_letters(word, 2)
    return word


def _skip_letters(word: str, count: int) -> str:
    seen = 0
    for i, ch in enumerate(word):
        if _DIACRITICS.match(ch):
            continue
        if seen == count:
            return word[i:]
        seen += 1
    return ""


@lru_cache(maxsize=262144)
def alias_key(name: str) -> str:
    """The lookup key of a name: normalised words without the article."""
    return " ".join(strip_article(t) for t in normalise(name).split())


def is_definite(norm: str) -> bool:
    return norm.startswith(("ال", "لل")) or (len(norm) > 4 and norm[0] in CLITICS and norm[1:3] == "ال")


def is_nisba(norm: str) -> bool:
    """An adjective of origin such as الفرنسي / السورية / فرنسيين."""
    return norm.endswith(("ي", "يه", "يين", "يون", "يان")) and len(norm) >= 4

"""Latin transliteration keys so that 'Omar Omsen' and 'عمر أومسين' meet in one space."""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii

from bot.text import ARABIC_LETTER, normalise, strip_article

_LATIN_ARTICLE = re.compile(r"^(?:al|el|al-|el-)(?=[a-z]{3,})")
_DIGRAPHS = (("ch", "sh"), ("ou", "u"), ("ph", "f"), ("kh", "h"), ("gh", "g"), ("th", "t"), ("dh", "d"))
_LETTER_MAP = str.maketrans(
    {"p": "b", "v": "f", "q": "k", "c": "k", "z": "s", "x": "ks", "g": "j", "e": "", "o": ""}
)
_DROP = re.compile(r"[aiuwyh'`\-\s]")


@lru_cache(maxsize=131072)
def consonant_key(word: str) -> str:
    """A consonant skeleton of one word, comparable across Arabic and Latin spellings."""
    if ARABIC_LETTER.search(word):
        latin = anyascii(strip_article(normalise(word)))
    else:
        latin = word.lower()
        latin = re.sub(r"^(?:al|el)[-\s]", "", latin)
    latin = re.sub(r"[^a-z'`]", "", latin.lower())
    latin = re.sub(r"c(?=[eiy])", "s", latin)
    for a, b in _DIGRAPHS:
        latin = latin.replace(a, b)
    latin = latin.translate(_LETTER_MAP)
    skeleton = _DROP.sub("", latin)
    return re.sub(r"(.)\1+", r"\1", skeleton)


_HARD_G = re.compile(r"g(?!h)", re.IGNORECASE)


def name_keys(name: str) -> tuple[str, ...]:
    """The name's key, and for a Latin spelling with a hard g also the key where g is ق, as Maghrebi and
    Gulf spellings write it (Gaddafi = القذافي), besides ج (Gamal = جمال)."""
    key = name_key(name)
    if ARABIC_LETTER.search(name) or not _HARD_G.search(name):
        return (key,)
    other = name_key(_HARD_G.sub("q", name))
    return (key, other) if other != key else (key,)


def name_key(name: str) -> str:
    """Consonant keys of every word of a name, space-separated ('' for words with no consonant)."""
    words = [w for w in re.split(r"[\s\-]+", name.strip()) if w.lower() not in {"al", "el"}]
    return " ".join(k for k in (consonant_key(w) for w in words if w) if k)

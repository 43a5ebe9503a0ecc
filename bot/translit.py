"""Latin transliteration keys so that 'Omar Omsen' and 'عمر أومسين' meet in one space."""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii

from bot.text import ARABIC_LETTER, normalise, strip_article

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
# "Elkarimi", "Alhassan": the Arabic article written into the name (a word of five letters or more after it).
_GLUED_ARTICLE = re.compile(r"\b(?:El|Al)(?=[a-z]{4,}\b)")


def name_keys(name: str, *, shortened: bool = False) -> tuple[str, ...]:
    """The name's key, then the keys of the other ways the same name is spelt in the other script:

    a Latin hard g also as ق (Gaddafi = القذافي) besides ج (Gamal = جمال); a Latin article glued to the
    word (Elkarimi = الكريمي); an Arabic compound with the article written as one Latin word (نصر الدين =
    Nasreddin, فضل الله = Fadlalla); and of a name of three words or more, the given name with the
    family name or with the father's, when ``shortened`` (for a name, never for a run of question words:
    كمال موسى فضل الله = Kamal Fadlalla, سامي خالد عيسى = Sami Khaled).
    """
    key = name_key(name)
    variants = [key]
    if ARABIC_LETTER.search(name):
        words = [w for w in re.split(r"[\s\-]+", name.strip()) if w]
        for i in range(1, len(words)):
            if strip_article(normalise(words[i])) != normalise(words[i]):
                joined = [*words[: i - 1], words[i - 1] + words[i], *words[i + 1 :]]
                variants.append(name_key(" ".join(joined)))
    else:
        if _HARD_G.search(name):
            variants.append(name_key(_HARD_G.sub("q", name)))
        glued = _GLUED_ARTICLE.sub("", name)
        if glued != name:
            variants.append(name_key(glued))
    for variant in list(variants) if shortened else []:
        parts = variant.split()
        if len(parts) >= 3:
            variants += [f"{parts[0]} {parts[-1]}", f"{parts[0]} {parts[1]}"]
    return tuple(dict.fromkeys(v for v in variants if v))


def name_key(name: str) -> str:
    """Consonant keys of every word of a name, space-separated ('' for words with no consonant)."""
    words = [w for w in re.split(r"[\s\-]+", name.strip()) if w.lower() not in {"al", "el"}]
    return " ".join(k for k in (consonant_key(w) for w in words if w) if k)

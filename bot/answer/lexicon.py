"""The bilingual glossary: English question words to the Arabic stems that report the same thing."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rapidfuzz import fuzz, process

from bot.terms import text_terms
from bot.text import ARABIC_LETTER


@dataclass(frozen=True)
class Lexicon:
    """English lemma -> Arabic index stems, and Arabic stem -> stems of its synonyms."""

    english: dict[str, frozenset[str]]
    synonyms: dict[str, frozenset[str]]
    arabic_words: frozenset[str] = frozenset()  # every Arabic stem it knows as an ordinary word

    def english_stems(self, word: str) -> frozenset[str]:
        """Arabic stems for an English word, trying its plain lemma forms."""
        for lemma in english_lemmas(word):
            found = self.english.get(lemma)
            if found:
                return found
        return frozenset()

    def misspelt_english_stems(self, word: str, min_ratio: float = 84.0) -> frozenset[str]:
        """Arabic stems for an English word the glossary lacks but nearly spells (childern -> child)."""
        if len(word) < 5:
            return frozenset()
        for lemma in english_lemmas(word):
            near = process.extractOne(lemma, self.english.keys(), scorer=fuzz.ratio, score_cutoff=min_ratio)
            if near:
                return self.english[near[0]]
        return frozenset()

    def arabic_synonyms(self, stem: str) -> frozenset[str]:
        return self.synonyms.get(stem, frozenset())


def english_lemmas(word: str) -> list[str]:
    """The word and the forms it may have been inflected from (clashes -> clash, killed -> kill)."""
    word = word.lower()
    forms = [word]
    if word.endswith("ies") and len(word) > 4:
        forms.append(word[:-3] + "y")
    if word.endswith("ied") and len(word) > 4:
        forms.append(word[:-3] + "y")
    for suffix in ("es", "s", "ed", "d", "ing", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            forms.append(base)
            if suffix in ("ed", "ing"):
                forms.append(base + "e")
                if len(base) > 3 and base[-1] == base[-2]:
                    forms.append(base[:-1])
    if word.endswith("ised"):
        forms.append(word[:-1])
    return forms


def _stems(phrases: list[str]) -> frozenset[str]:
    found: set[str] = set()
    for phrase in phrases:
        found |= text_terms(phrase)
    return frozenset(found)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The glossary shipped in the package (bot/answer/lexicon.toml)."""
    raw = tomllib.loads(resources.files("bot.answer").joinpath("lexicon.toml").read_text(encoding="utf-8"))
    english = {word: _stems(forms) for word, forms in raw.get("en", {}).items()}
    synonyms: dict[str, set[str]] = {}
    for forms in raw.get("synonyms", {}).values():
        stems = _stems(forms)
        for stem in stems:
            synonyms.setdefault(stem, set()).update(stems - {stem})
    words = set(synonyms).union(*english.values())
    arabic = frozenset(w for w in words if ARABIC_LETTER.match(w))
    return Lexicon(english, {k: frozenset(v) for k, v in synonyms.items()}, arabic)

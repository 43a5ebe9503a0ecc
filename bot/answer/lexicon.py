"""The bilingual glossary: English question words to the Arabic stems that report the same thing."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
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
    irregular: dict[str, tuple[str, ...]] = field(default_factory=dict)  # any form -> its verb's forms
    by_stem: dict[str, tuple[str, ...]] = field(default_factory=dict)  # Arabic stem -> English words
    phrasal: dict[tuple[str, str], str] = field(default_factory=dict)  # (verb, particle) -> one word

    def phrasal_verb(self, word: str, particle: str) -> str | None:
        """The one word an English phrasal verb means ("driven" + "out" -> "displace"), if it is one."""
        for lemma in (*english_lemmas(word), *self.english_forms(word)):
            found = self.phrasal.get((lemma, particle))
            if found:
                return found
        return None

    def __hash__(self) -> int:
        return id(self)

    def english_neighbours(self, word: str) -> frozenset[str]:
        """English words the glossary translates much the same way (fire, blaze): the Arabic they share
        makes them synonyms for an English question over English reporting."""
        return _neighbours(self, word.lower())

    def english_forms(self, word: str) -> tuple[str, ...]:
        """The other forms of an irregular English verb (broke -> break, broken), else none."""
        return self.irregular.get(word.lower(), ())

    def english_stems(self, word: str) -> frozenset[str]:
        """Arabic stems for an English word, trying its plain lemma forms."""
        for lemma in (*english_lemmas(word), *self.english_forms(word)[:1]):
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


NEIGHBOUR_SHARE = 0.6  # of the smaller word's Arabic stems two English words must share to be synonyms
MIN_SHARED_STEMS = 3


@lru_cache(maxsize=4096)
def _neighbours(lex: Lexicon, word: str) -> frozenset[str]:
    mine = lex.english.get(word)
    if not mine:
        return frozenset()
    shared: dict[str, int] = {}
    for stem in mine:
        for other in lex.by_stem.get(stem, ()):
            if other != word:
                shared[other] = shared.get(other, 0) + 1
    return frozenset(
        other
        for other, n in shared.items()
        if n >= MIN_SHARED_STEMS and n >= NEIGHBOUR_SHARE * min(len(mine), len(lex.english[other]))
    )


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
    irregular: dict[str, tuple[str, ...]] = {}
    for base, forms in raw.get("irregular", {}).items():
        family = (base, *forms)
        for form in family:
            irregular[form] = tuple(f for f in family if f != form)
    by_stem: dict[str, list[str]] = {}
    for word, stems in english.items():
        for stem in stems:
            by_stem.setdefault(stem, []).append(word)
    return Lexicon(
        english,
        {k: frozenset(v) for k, v in synonyms.items()},
        arabic,
        irregular,
        {k: tuple(v) for k, v in by_stem.items()},
        {(k.split()[0], k.split()[-1]): v for k, v in raw.get("phrasal", {}).items()},
    )

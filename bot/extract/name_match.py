"""Who is who by name: the one name-similarity module that extraction and answering both decide with.

Extraction asks ``same_name`` whether two names in articles are one entity; answering asks
``score_aliases`` how well a question's words spell each stored alias. Both read their thresholds from
``NameWeights``, so what ingest merges and what a question finds follow one set of rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from anyascii import anyascii
from rapidfuzz import fuzz, process

from bot.extract.tokens import alias_key
from bot.text import ARABIC_LETTER, strip_article
from bot.translit import consonant_key, name_keys

MAX_NGRAM = 3  # question words read together as one name


@dataclass(frozen=True)
class NameWeights:
    """Thresholds (rapidfuzz ratios 0-100, lengths, scores 0-1) for telling names apart and matching them."""

    # same_name: two names in articles
    cross_script_key: int = 4  # consonants two spellings in different scripts must share to be one name
    cross_script_surname: int = 3  # ...and the family name's, unless every word has two or more
    given_name_ratio: float = 80  # two people's different given names below this are two people
    surname_ratio: float = 85  # family names at least this alike (and sharing two consonants) are one
    surname_consonants: int = 2
    single_name_length: int = 5  # one-word names this long or longer may match by spelling...
    single_name_ratio: float = 88  # ...when at least this alike
    body_last_word_ratio: float = 85  # a body's distinguishing (last) word must match this well
    body_length: int = 6
    body_ratio: float = 90
    # score_aliases: a question's words against stored aliases
    alias_cutoff: float = 50  # fuzzy spellings of a whole alias below this are not looked at
    skeleton_cutoff: float = 50
    skeleton_length: int = 3  # consonants a skeleton needs to be compared by similarity
    same_script_spelling: float = 60  # Arabic spellings this alike before their skeletons may match
    arabic_skeleton: float = 0.85  # what a skeleton match is worth between two Arabic spellings
    skeleton: float = 0.95  # ...and across scripts, or from a Latin question
    short_skeleton: float = 0.8  # an exact two-consonant skeleton, asked alone or capitalised
    short_tiebreak: float = 0.1  # ...plus this much for the closeness of the fuller spelling
    short_agreement: float = 0.8  # closeness a short name needs inside a longer question
    # ...and asked alone: some letters in common, so a word whose skeleton lost them (xyzzy -> ks) names
    # nothing (Harem/حارم 0.75, Sharaa/الشرع 0.6; xyzzy/إكس 0.0)
    short_alone_agreement: float = 0.3
    name_word_length: int = 3  # letters a lone question word needs to be read as one word of a name
    name_word_cutoff: float = 80  # one word of a person's name (the family name)
    family_name: float = 0.9  # what the family name alone is worth
    first_name_cutoff: float = 90
    first_name: float = 0.5  # a shared first name does not identify
    lone_first_name: float = 0.8  # ...unless only one person in the store carries it


NAME_WEIGHTS = NameWeights()
_KUNYA = frozenset({"ابو", "ام", "ابن"})  # أبو إسلام الأوزبكي: the nisba alone names no one


# --- two names in articles ------------------------------------------------------------------------------


def same_name(a: str, b: str, kind: str, weights: NameWeights = NAME_WEIGHTS) -> bool:
    """Fuzzy identity of two names of one kind, guarded so different people sharing a first name differ."""
    ka, kb = alias_key(a).split(), alias_key(b).split()
    if not ka or not kb:
        return False
    if a[:1].isascii() != b[:1].isascii():
        return _same_across_scripts(a, b, weights)
    if kind == "person":
        return _same_person(ka, kb, weights)
    joined_a, joined_b = " ".join(ka), " ".join(kb)
    if len(ka) != len(kb) or fuzz.ratio(ka[-1], kb[-1]) < weights.body_last_word_ratio:
        return False  # 'قوات الأمن' is not 'القوات الأمنية': the distinguishing word must match too
    return min(len(joined_a), len(joined_b)) >= weights.body_length and fuzz.ratio(joined_a, joined_b) >= (
        weights.body_ratio
    )


def _same_across_scripts(a: str, b: str, weights: NameWeights) -> bool:
    """One name in Arabic and Latin letters: one consonant key, long enough to tell people apart."""
    # A one-consonant given name ("Hedi" = d) is fine when the surname is distinctive on its own.
    return any(
        ka == kb
        and len(ka.replace(" ", "")) >= weights.cross_script_key
        and (len(ka.split()[-1]) >= weights.cross_script_surname or all(len(w) >= 2 for w in ka.split()))
        for ka in name_keys(a, shortened=True)
        for kb in name_keys(b, shortened=True)
    )


def _same_person(ka: list[str], kb: list[str], weights: NameWeights) -> bool:
    """Two people's names (as key words): alike given names and alike family names, or one long word."""
    if len(ka) >= 2 and len(kb) >= 2:
        if ka[0] != kb[0] and fuzz.ratio(ka[0], kb[0]) < weights.given_name_ratio:
            return False
        # Compare surnames, not the whole string: 'عمر X' and 'عمر Y' share half their letters.
        consonants = weights.surname_consonants
        return (
            fuzz.ratio(ka[-1], kb[-1]) >= weights.surname_ratio
            and consonant_key(ka[-1])[:consonants] == consonant_key(kb[-1])[:consonants]
        )
    if len(ka) == 1 and len(kb) == 1:
        return (
            min(len(ka[0]), len(kb[0])) >= weights.single_name_length
            and fuzz.ratio(ka[0], kb[0]) >= weights.single_name_ratio
        )
    return False


# --- a question's words against stored aliases ----------------------------------------------------------


def bare(text: str) -> str:
    """A name's words without the Arabic article."""
    return " ".join(strip_article(t) for t in text.split())


@dataclass(frozen=True)
class Gram:
    """A run of question words, prepared once per question."""

    start: int
    end: int
    bare: str
    latin: str

    @property
    def single(self) -> bool:
        return self.end - self.start == 1


def _plain(word: str) -> str:
    """A word in plain Latin letters, vowels kept, article dropped: a finer comparison than the skeleton."""
    latin = anyascii(word).lower() if ARABIC_LETTER.search(word) else word.lower()
    return re.sub(r"[^a-z]", "", latin)


def grams(focus: tuple[str, ...]) -> list[Gram]:
    """Every run of up to MAX_NGRAM question words, once per transliteration key."""
    found = []
    for size in range(1, min(MAX_NGRAM, len(focus)) + 1):
        for start in range(len(focus) - size + 1):
            gram = " ".join(focus[start : start + size])
            for key in name_keys(gram):
                found.append(Gram(start, start + size, bare(gram), key))
    return found


AliasRow = tuple[int, str, str, bool, float]  # entity index, bare alias, skeleton key, is a person, weight


@dataclass(frozen=True)
class _AliasColumns:
    """The aliases prepared once per question, one list per way a question word may spell them."""

    bare: list[str]
    arabic: list[bool]
    latin: list[str]
    last: list[str]
    last_latin: list[str]
    first: list[str]
    first_latin: list[str]
    short: list[tuple[str, str]]  # (alias or family name, its two-consonant skeleton), "" when longer


def _alias_columns(rows: list[AliasRow]) -> _AliasColumns:
    """Each alias whole, by skeleton, and (for a person's name of several words) by first and last word."""
    # Only people are named by one word of their name (Omsen, بوتين); one word of "Syria and World News"
    # does not name the outlet.
    multi = [" " in r[1] and r[3] and r[1].split()[0] not in _KUNYA for r in rows]
    last = [r[1].split()[-1] if m else "" for r, m in zip(rows, multi, strict=True)]
    last_latin = [r[2].split()[-1] if m and r[2] else "" for r, m in zip(rows, multi, strict=True)]
    # Two-consonant skeletons (Harem -> rm, Sharaa -> sr): a one-word alias, or a person's family name.
    short = []
    for (_, alias, key, _, _), word, word_key in zip(rows, last, last_latin, strict=True):
        if " " not in alias:
            short.append((alias if len(key) == 2 else "", key))
        else:
            short.append((word if len(word_key) == 2 else "", word_key))
    return _AliasColumns(
        bare=[r[1] for r in rows],
        arabic=[bool(ARABIC_LETTER.search(r[1])) for r in rows],
        latin=[r[2] if len(r[2]) >= NAME_WEIGHTS.skeleton_length else "" for r in rows],
        last=last,
        last_latin=last_latin,
        first=[r[1].split()[0] if m else "" for r, m in zip(rows, multi, strict=True)],
        first_latin=[r[2].split()[0] if m and r[2] else "" for r, m in zip(rows, multi, strict=True)],
        short=short,
    )


class _AliasScores:
    """The best (score, covered positions) per entity so far, and who was matched by a first name."""

    def __init__(self, rows: list[AliasRow], weights: NameWeights = NAME_WEIGHTS) -> None:
        self.rows = rows
        self.weights = weights
        self.best: dict[int, tuple[float, frozenset[int]]] = {}
        self.first_names: set[int] = set()

    def offer(self, row: int, score: float, gram: Gram) -> None:
        entity, score = self.rows[row][0], score * self.rows[row][4]
        current, covered = self.best.get(entity, (0.0, frozenset[int]()))
        # Prefer the longest n-gram among equal scores: it explains more of the question.
        if score > current + 1e-9 or (abs(score - current) < 1e-9 and gram.end - gram.start > len(covered)):
            self.best[entity] = (score, frozenset(range(gram.start, gram.end)))

    def offer_first_name(self, row: int, gram: Gram) -> None:
        """A shared first name does not identify: a low score, remembered for the lone-holder rule."""
        self.offer(row, self.weights.first_name, gram)
        self.first_names.add(self.rows[row][0])


def _extract(query: str, choices: list[str], cutoff: float) -> list[tuple[str, float, int]]:
    return process.extract(query, choices, scorer=fuzz.ratio, limit=None, score_cutoff=cutoff)


def _score_ordinary(gram: Gram, cols: _AliasColumns, scores: _AliasScores) -> None:
    """Ordinary words name someone only spelt exactly: a whole alias, or one word of a name."""
    for _, score, row in _extract(gram.bare, cols.bare, 100):
        scores.offer(row, score / 100, gram)
    if gram.single:
        for _, score, row in _extract(gram.bare, cols.last, 100):
            scores.offer(row, scores.weights.family_name * score / 100, gram)
        for _, _, row in _extract(gram.bare, cols.first, 100):
            scores.offer_first_name(row, gram)


def _score_skeleton(gram: Gram, cols: _AliasColumns, scores: _AliasScores) -> None:
    """The skeleton bridges scripts (Omsen / أومسين); within one script it is lossy, so the
    spelling itself must win over a skeleton that merely collides."""
    w = scores.weights
    in_arabic = bool(ARABIC_LETTER.search(gram.bare))
    same_script = w.arabic_skeleton if in_arabic else w.skeleton
    for _, score, row in _extract(gram.latin, cols.latin, w.skeleton_cutoff):
        if in_arabic and cols.arabic[row] and fuzz.ratio(gram.bare, cols.bare[row]) < w.same_script_spelling:
            continue  # skeletons collide (زعيم اصحاب / عاصم الصعبي): the letters must agree too
        factor = same_script if cols.arabic[row] else w.skeleton
        scores.offer(row, factor * score / 100, gram)


def _score_short_skeleton(gram: Gram, cols: _AliasColumns, scores: _AliasScores, alone: bool) -> None:
    """A short name asked alone or capitalised (Harem -> rm): two consonants collide too often to
    trust anywhere else; only an exact skeleton of a one-word alias counts, and barely."""
    spelled = _plain(gram.bare)
    for row, (word, key) in enumerate(cols.short):
        if word and key == gram.latin:
            # Same skeleton; the fuller spelling breaks ties (Sharaa: الشرع before سوريا) and,
            # inside a longer question, must agree too (Rami is not حارم).
            closeness = fuzz.ratio(spelled, _plain(word)) / 100
            needed = scores.weights.short_alone_agreement if alone else scores.weights.short_agreement
            if closeness >= needed:
                scores.offer(
                    row, scores.weights.short_skeleton + scores.weights.short_tiebreak * closeness, gram
                )


def _score_name_word(gram: Gram, cols: _AliasColumns, scores: _AliasScores) -> None:
    """One word of a longer name: the family name identifies, a shared first name does not."""
    w = scores.weights
    for _, score, row in _extract(gram.bare, cols.last, w.name_word_cutoff):
        scores.offer(row, w.family_name * score / 100, gram)
    if len(gram.latin) >= w.skeleton_length:
        for _, score, row in _extract(gram.latin, cols.last_latin, w.name_word_cutoff):
            scores.offer(row, w.family_name * score / 100, gram)
    firsts = _extract(gram.bare, cols.first, w.first_name_cutoff)
    if len(gram.latin) >= w.skeleton_length:
        firsts += _extract(gram.latin, cols.first_latin, 100)
    for _, _, row in firsts:
        scores.offer_first_name(row, gram)


def score_aliases(
    grams: list[Gram],
    rows: list[AliasRow],
    proper: frozenset[str],
    ordinary: frozenset[int] = frozenset(),
    weights: NameWeights = NAME_WEIGHTS,
    small: frozenset[int] = frozenset(),
) -> dict[int, tuple[float, frozenset[int]]]:
    """Best (score, covered positions) per entity index, scoring every n-gram against every alias in C.

    Runs made of ``ordinary`` words, or opening or closing on a ``small`` one (كانت, was), name an
    entity only when an alias spells them exactly, and a run with a small word inside is not compared
    by its consonants across scripts: near spellings of such runs are ordinary text."""
    cols = _alias_columns(rows)
    scores = _AliasScores(rows, weights)
    for gram in grams:
        edge = gram.start in small or gram.end - 1 in small
        if edge or all(i in ordinary for i in range(gram.start, gram.end)):
            _score_ordinary(gram, cols, scores)
            continue
        for _, score, row in _extract(gram.bare, cols.bare, weights.alias_cutoff):
            scores.offer(row, score / 100, gram)
        inner = any(i in small for i in range(gram.start, gram.end))
        if len(gram.latin) >= weights.skeleton_length and not inner:
            _score_skeleton(gram, cols, scores)
        elif len(gram.latin) == 2 and gram.single and (len(grams) == 1 or gram.bare in proper):
            _score_short_skeleton(gram, cols, scores, alone=len(grams) == 1)
        if gram.single and len(gram.bare) >= weights.name_word_length:
            _score_name_word(gram, cols, scores)
    best = scores.best
    lone = weights.lone_first_name
    if len(scores.first_names) == 1 and all(score < lone for score, _ in best.values()):
        # A first name alone names someone when only one person in the store carries it.
        (only,) = scores.first_names
        best[only] = (lone, best[only][1])
    return best

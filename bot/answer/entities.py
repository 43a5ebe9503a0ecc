"""Matching the words of a question to stored entities: aliases, transliteration keys, fuzzy spelling."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from anyascii import anyascii
from rapidfuzz import fuzz, process
from sqlalchemy.orm import Session

from bot.answer.intent import FILLER
from bot.answer.lexicon import lexicon as glossary
from bot.extract import lexicon
from bot.terms import name_terms
from bot.text import ARABIC_LETTER, normalise, stem, strip_article
from bot.translit import name_key, name_keys
from storage.knowledge import EntityInfo, entities_by_ids, term_counts
from storage.profiles import role_holders, role_texts
from storage.search import best_targets, max_target_id

MAX_NGRAM = 3
CANDIDATES = 20
COMMON_SHARE = 0.05  # a name key carried by more than this share of entities cannot pick candidates
SAME_SCRIPT_SPELLING = 60  # rapidfuzz ratio two Arabic spellings need before their skeletons may match
ROLE_WEIGHT = 1.0  # a role the articles give someone names them as well as their name does


@dataclass(frozen=True)
class EntityMatch:
    """An entity, how well it matched, and which question words it covers."""

    entity: EntityInfo
    score: float
    covered: frozenset[int]  # positions in the focus tuple


def _bare(text: str) -> str:
    return " ".join(strip_article(t) for t in text.split())


@dataclass(frozen=True)
class _Gram:
    """A run of question words, prepared once per question."""

    start: int
    end: int
    bare: str
    latin: str

    @property
    def single(self) -> bool:
        return self.end - self.start == 1


# Heads of body and place names, after which the distinctive words come (normalised, no article).
_HEADS = frozenset(
    strip_article(w)
    for w in lexicon.GROUP_HEADS | lexicon.ORG_HEADS | lexicon.PLACE_HEADS | {"مخيم", "معسكر"}
)
_KUNYA = frozenset({"ابو", "ام", "ابن"})  # أبو إسلام الأوزبكي: the nisba alone names no one


def _plain(word: str) -> str:
    """A word in plain Latin letters, vowels kept, article dropped: a finer comparison than the skeleton."""
    latin = anyascii(word).lower() if ARABIC_LETTER.search(word) else word.lower()
    return re.sub(r"[^a-z]", "", latin)


def _grams(focus: tuple[str, ...]) -> list[_Gram]:
    grams = []
    for size in range(1, min(MAX_NGRAM, len(focus)) + 1):
        for start in range(len(focus) - size + 1):
            gram = " ".join(focus[start : start + size])
            for key in name_keys(gram):
                grams.append(_Gram(start, start + size, _bare(gram), key))
    return grams


_AliasRow = tuple[int, str, str, bool, float]  # entity index, bare alias, skeleton key, is a person, weight


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


def _alias_columns(rows: list[_AliasRow]) -> _AliasColumns:
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
        latin=[r[2] if len(r[2]) >= 3 else "" for r in rows],
        last=last,
        last_latin=last_latin,
        first=[r[1].split()[0] if m else "" for r, m in zip(rows, multi, strict=True)],
        first_latin=[r[2].split()[0] if m and r[2] else "" for r, m in zip(rows, multi, strict=True)],
        short=short,
    )


class _AliasScores:
    """The best (score, covered positions) per entity so far, and who was matched by a first name."""

    def __init__(self, rows: list[_AliasRow]) -> None:
        self.rows = rows
        self.best: dict[int, tuple[float, frozenset[int]]] = {}
        self.first_names: set[int] = set()

    def offer(self, row: int, score: float, gram: _Gram) -> None:
        entity, score = self.rows[row][0], score * self.rows[row][4]
        current, covered = self.best.get(entity, (0.0, frozenset[int]()))
        # Prefer the longest n-gram among equal scores: it explains more of the question.
        if score > current + 1e-9 or (abs(score - current) < 1e-9 and gram.end - gram.start > len(covered)):
            self.best[entity] = (score, frozenset(range(gram.start, gram.end)))

    def offer_first_name(self, row: int, gram: _Gram) -> None:
        """A shared first name does not identify: a low score, remembered for the lone-holder rule."""
        self.offer(row, 0.5, gram)
        self.first_names.add(self.rows[row][0])


def _extract(query: str, choices: list[str], cutoff: float) -> list[tuple[str, float, int]]:
    return process.extract(query, choices, scorer=fuzz.ratio, limit=None, score_cutoff=cutoff)


def _score_ordinary(gram: _Gram, cols: _AliasColumns, scores: _AliasScores) -> None:
    """Ordinary words name someone only spelt exactly: a whole alias, or one word of a name."""
    for _, score, row in _extract(gram.bare, cols.bare, 100):
        scores.offer(row, score / 100, gram)
    if gram.single:
        for _, score, row in _extract(gram.bare, cols.last, 100):
            scores.offer(row, 0.9 * score / 100, gram)
        for _, _, row in _extract(gram.bare, cols.first, 100):
            scores.offer_first_name(row, gram)


def _score_skeleton(gram: _Gram, cols: _AliasColumns, scores: _AliasScores) -> None:
    """The skeleton bridges scripts (Omsen / أومسين); within one script it is lossy, so the
    spelling itself must win over a skeleton that merely collides."""
    in_arabic = bool(ARABIC_LETTER.search(gram.bare))
    same_script = 0.85 if in_arabic else 0.95
    for _, score, row in _extract(gram.latin, cols.latin, 50):
        if in_arabic and cols.arabic[row] and fuzz.ratio(gram.bare, cols.bare[row]) < SAME_SCRIPT_SPELLING:
            continue  # skeletons collide (زعيم اصحاب / عاصم الصعبي): the letters must agree too
        factor = same_script if cols.arabic[row] else 0.95
        scores.offer(row, factor * score / 100, gram)


def _score_short_skeleton(gram: _Gram, cols: _AliasColumns, scores: _AliasScores, alone: bool) -> None:
    """A short name asked alone or capitalised (Harem -> rm): two consonants collide too often to
    trust anywhere else; only an exact skeleton of a one-word alias counts, and barely."""
    spelled = _plain(gram.bare)
    for row, (word, key) in enumerate(cols.short):
        if word and key == gram.latin:
            # Same skeleton; the fuller spelling breaks ties (Sharaa: الشرع before سوريا) and,
            # inside a longer question, must agree too (Rami is not حارم).
            closeness = fuzz.ratio(spelled, _plain(word)) / 100
            if alone or closeness >= 0.8:
                scores.offer(row, 0.8 + 0.1 * closeness, gram)


def _score_name_word(gram: _Gram, cols: _AliasColumns, scores: _AliasScores) -> None:
    """One word of a longer name: the family name identifies, a shared first name does not."""
    for _, score, row in _extract(gram.bare, cols.last, 80):
        scores.offer(row, 0.9 * score / 100, gram)
    if len(gram.latin) >= 3:
        for _, score, row in _extract(gram.latin, cols.last_latin, 80):
            scores.offer(row, 0.9 * score / 100, gram)
    firsts = _extract(gram.bare, cols.first, 90)
    if len(gram.latin) >= 3:
        firsts += _extract(gram.latin, cols.first_latin, 100)
    for _, _, row in firsts:
        scores.offer_first_name(row, gram)


def _score_aliases(
    grams: list[_Gram],
    rows: list[_AliasRow],
    proper: frozenset[str],
    ordinary: frozenset[int] = frozenset(),
) -> dict[int, tuple[float, frozenset[int]]]:
    """Best (score, covered positions) per entity index, scoring every n-gram against every alias in C."""
    cols = _alias_columns(rows)
    scores = _AliasScores(rows)
    for gram in grams:
        if all(i in ordinary for i in range(gram.start, gram.end)):
            _score_ordinary(gram, cols, scores)
            continue
        for _, score, row in _extract(gram.bare, cols.bare, 50):
            scores.offer(row, score / 100, gram)
        if len(gram.latin) >= 3:
            _score_skeleton(gram, cols, scores)
        elif len(gram.latin) == 2 and gram.single and (len(grams) == 1 or gram.bare in proper):
            _score_short_skeleton(gram, cols, scores, alone=len(grams) == 1)
        if gram.single and len(gram.bare) >= 3:
            _score_name_word(gram, cols, scores)
    best = scores.best
    if len(scores.first_names) == 1 and all(score < 0.8 for score, _ in best.values()):
        # A first name alone names someone when only one person in the store carries it.
        (only,) = scores.first_names
        best[only] = (0.8, best[only][1])
    return best


def _role_rows(session: Session, grams: list[_Gram]) -> dict[int, list[str]]:
    """Entities whose cited role a run of two or more question words spells: id -> role keys."""
    keys = [g.bare for g in grams if not g.single]
    found: dict[int, list[str]] = {}
    for entity_id, key in role_holders(session, keys):
        found.setdefault(entity_id, []).append(key)
    return found


def _ordinary_positions(focus: tuple[str, ...]) -> frozenset[int]:
    """Positions of ordinary Arabic words (زعيم, leader): a typo of a name is never itself a dictionary
    word, so a run of them names an entity only when an alias spells it exactly."""
    words = glossary().arabic_words
    return frozenset(i for i, w in enumerate(focus) if ARABIC_LETTER.match(w) and stem(w) in words)


def _common_adjective(
    entity: EntityInfo, covered: frozenset[int], focus: tuple[str, ...], ordinary: frozenset[int]
) -> bool:
    """ "مبالغ مالية" (sums of money) does not name "المالية" (the finance ministry): a body's short
    name is definite, and one indefinite ordinary word is only the adjective."""
    if entity.kind == "person" or len(covered) != 1:
        return False
    (position,) = covered
    word = focus[position]
    return position in ordinary and not word.startswith(("ال", "لل")) and word not in _spellings(entity)


def _spellings(entity: EntityInfo) -> set[str]:
    """Every alias key of an entity, word by word as written (articles kept)."""
    return {normalise(a.alias) for a in entity.aliases}


ENTITY_CONFIDENT = 0.8  # the answer engine's bar for naming an entity
TITLED = 0.85  # a shared first name with a title only one of its holders carries ("Minister Majed")


def _forms(word: str) -> set[str]:
    """A word's stems with and without the article (the light stemmer reads a bare وزير as و + زير)."""
    word = normalise(word)
    if not ARABIC_LETTER.match(word):
        return {stem(word)}
    bare = strip_article(word)
    return {stem(word), stem(bare), stem("ال" + bare)}


def _word_stems(word: str) -> frozenset[str]:
    """A word's stems and their synonyms; for an English word, the Arabic stems the glossary gives it."""
    forms = _forms(word)
    if ARABIC_LETTER.match(word):
        return frozenset(forms).union(*(glossary().arabic_synonyms(f) for f in forms))
    return frozenset(forms) | glossary().english_stems(word)


def _titled(session: Session, focus: tuple[str, ...], matches: list[EntityMatch]) -> list[EntityMatch]:
    """People who share the first name the question gives: the one whose cited role carries the
    question's other words ("Who is Minister Majed?") is the one meant."""
    unsure = [m for m in matches if m.entity.kind == "person" and m.score < ENTITY_CONFIDENT]
    groups = [[m for m in unsure if m.covered == covered] for covered in {m.covered for m in unsure}]
    groups = [g for g in groups if len(g) >= 2 and _other_words(focus, g[0].covered)]
    if not groups:
        return matches
    roles = _role_words(session, [m.entity.id for g in groups for m in g])  # one query for every group
    for people in groups:
        matches = _role_holder(focus, matches, people, roles)
    return matches


def _other_words(focus: tuple[str, ...], covered: frozenset[int]) -> dict[int, frozenset[str]]:
    """The question's words a name match left out (a title, a role), as stems."""
    return {i: _word_stems(w) for i, w in enumerate(focus) if i not in covered and len(w) > 2}


def _role_words(session: Session, entity_ids: list[int]) -> dict[int, set[str]]:
    """The word forms of every role the articles give each of these people."""
    return {
        entity_id: set().union(*(_forms(w) for text in texts for w in text.lower().split()))
        for entity_id, texts in role_texts(session, entity_ids).items()
    }


def _role_holder(
    focus: tuple[str, ...],
    matches: list[EntityMatch],
    people: list[EntityMatch],
    roles: dict[int, set[str]],
) -> list[EntityMatch]:
    """Of people matched on the same words, the only one whose role carries the question's other words."""
    rest = _other_words(focus, people[0].covered)
    carrying = {
        m.entity.id: {i for i, stems in rest.items() if stems & roles.get(m.entity.id, set())} for m in people
    }
    holders = [m for m in people if carrying[m.entity.id]]
    if len(holders) != 1:
        return matches
    (holder,) = holders
    titled = EntityMatch(holder.entity, TITLED, holder.covered | frozenset(carrying[holder.entity.id]))
    return [titled if m is holder else m for m in matches]


def match_entities(
    session: Session, focus: tuple[str, ...], limit: int = 5, proper: frozenset[str] = frozenset()
) -> list[EntityMatch]:
    """Entities named in the question, best first, each with the focus positions it covers."""
    if not focus:
        return []
    keys: set[str] = set()
    for word in focus:
        keys |= name_terms(word)
    df = term_counts(session, "entity", keys)
    total = max(max_target_id(session, "entity"), 1)
    ceiling = max(50, COMMON_SHARE * total)
    weights = {k: math.log(1 + total / n) for k, n in df.items() if 0 < n <= ceiling}
    candidates = best_targets(session, weights, "entity", CANDIDATES)
    grams = _grams(focus)
    roles = _role_rows(session, grams)
    entities = entities_by_ids(session, [target for target, _ in candidates] + list(roles))
    # (entity index, bare alias, latin key, is a person, how much a match on it counts)
    rows: list[tuple[int, str, str, bool, float]] = []
    for index, entity in enumerate(entities):
        person = entity.kind == "person"
        for alias in entity.aliases:
            bare = _bare(alias.key)
            rows.append((index, bare, alias.latin_key, person, 1.0))
            words = bare.split()
            content = " ".join(w for w in words if w not in FILLER)
            if content and content != bare and not person:
                # Questions lose their small words ("Our Harbour Is Not for Sale" -> harbour not sale).
                rows.append((index, content, name_key(content), False, 1.0))
            if not person and len(words) > 1 and words[0] in _HEADS:
                # "camp Fardan", "brigade Ghuraba": the words after the head name it in any language.
                rest = " ".join(words[1:])
                rows.append((index, rest, name_key(rest), False, 0.9))
        for role in roles.get(entity.id, ()):
            # "the governor of X": the person the articles give that role names them too.
            rows.append((index, role, name_key(role), False, ROLE_WEIGHT))  # never by one of its words
    ordinary = _ordinary_positions(focus)
    scores = _score_aliases(grams, rows, proper, ordinary)
    matches = []
    for index, entity in enumerate(entities):
        best, covered = scores.get(index, (0.0, frozenset[int]()))
        if best >= 0.5 and not _common_adjective(entity, covered, focus, ordinary):
            matches.append(EntityMatch(entity, best, covered))
    matches = _titled(session, focus, matches)
    matches.sort(key=lambda m: (-m.score, -len(m.covered), -m.entity.mention_count))
    # Words already explained by a better match name nothing else ("al-Sharaa" is not also "Syria").
    kept: list[EntityMatch] = []
    claimed: set[int] = set()
    for match in matches:
        if match.covered & claimed:
            continue
        kept.append(match)
        claimed |= match.covered
    return kept[:limit]

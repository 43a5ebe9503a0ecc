"""Matching the words of a question to stored entities: aliases, transliteration keys, fuzzy spelling."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz
from sqlalchemy.orm import Session

from bot.terms import name_terms
from bot.text import strip_article
from bot.translit import name_key
from storage.search import EntityRow, best_targets, entities_by_ids

MAX_NGRAM = 4
CANDIDATES = 40


@dataclass(frozen=True)
class EntityMatch:
    """An entity, how well it matched, and which question words it covers."""

    entity: EntityRow
    score: float
    covered: frozenset[int]  # positions in the focus tuple


def _bare(text: str) -> str:
    return " ".join(strip_article(t) for t in text.split())


def _ngrams(focus: tuple[str, ...]) -> list[tuple[int, int, str]]:
    grams = []
    for size in range(1, min(MAX_NGRAM, len(focus)) + 1):
        for start in range(len(focus) - size + 1):
            grams.append((start, start + size, " ".join(focus[start : start + size])))
    return grams


def _alias_score(gram: str, gram_key: str, alias_key: str, alias_latin: str) -> float:
    """How well one question n-gram names one alias (0..1)."""
    bare_gram, bare_alias = _bare(gram), _bare(alias_key)
    best = fuzz.ratio(bare_gram, bare_alias) / 100
    if len(gram_key) >= 3 and len(alias_latin) >= 3:
        best = max(best, 0.95 * fuzz.ratio(gram_key, alias_latin) / 100)
    alias_words = bare_alias.split()
    gram_words = bare_gram.split()
    if len(alias_words) >= 2 and len(gram_words) == 1 and len(bare_gram) >= 3:
        # One word of a longer name: the family name identifies, a shared first name does not.
        latin_words = alias_latin.split()
        last = max(
            fuzz.ratio(bare_gram, alias_words[-1]) / 100,
            fuzz.ratio(gram_key, latin_words[-1]) / 100 if latin_words and len(gram_key) >= 3 else 0.0,
        )
        if last >= 0.8:
            best = max(best, 0.9 * last)
        elif fuzz.ratio(bare_gram, alias_words[0]) >= 90:
            best = max(best, 0.5)
    return best


def match_entities(session: Session, focus: tuple[str, ...], limit: int = 5) -> list[EntityMatch]:
    """Entities named in the question, best first, each with the focus positions it covers."""
    if not focus:
        return []
    keys: set[str] = set()
    for word in focus:
        keys |= name_terms(word)
    candidates = best_targets(session, dict.fromkeys(keys, 1.0), "entity", CANDIDATES)
    entities = entities_by_ids(session, [target for target, _ in candidates])
    grams = [(s, e, g, name_key(g)) for s, e, g in _ngrams(focus)]
    matches = []
    for entity in entities:
        best, covered = 0.0, frozenset[int]()
        for alias in entity.aliases:
            for start, end, gram, gram_key in grams:
                score = _alias_score(gram, gram_key, alias.key, alias.latin_key)
                # Prefer the longest n-gram among equal scores: it explains more of the question.
                if score > best + 1e-9 or (abs(score - best) < 1e-9 and end - start > len(covered)):
                    best, covered = score, frozenset(range(start, end))
        if best >= 0.5:
            matches.append(EntityMatch(entity, best, covered))
    matches.sort(key=lambda m: (-m.score, -len(m.covered), -m.entity.mention_count))
    return matches[:limit]

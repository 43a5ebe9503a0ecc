"""Question words the store does not know, matched to the stored words they are most likely a typo of."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process
from sqlalchemy.orm import Session

from storage import knowledge


@dataclass(frozen=True)
class SpellingParams:
    """When an unknown word counts as a misspelling of a stored one."""

    min_length: int = 5  # shorter words have too many neighbours one edit away
    prefix: int = 2  # typos rarely touch the first letters: candidates share them (bounds the lookup)
    min_ratio: float = 84.0  # rapidfuzz ratio: one dropped or swapped letter in a word of five or more
    max_length_gap: int = 2
    candidates: int = 5000  # bound on vocabulary rows read per word


PARAMS = SpellingParams()


def correction(session: Session, kind: str, word: str, params: SpellingParams = PARAMS) -> str | None:
    """The stored term ``word`` most likely misspells, or None when no term is close enough."""
    if len(word) < params.min_length or any(ch.isdigit() for ch in word):
        return None
    vocabulary = knowledge.terms_with_prefix(session, kind, word[: params.prefix], params.candidates)
    near = [t for t in vocabulary if abs(len(t) - len(word)) <= params.max_length_gap and t != word]
    if not near:
        return None
    best = process.extractOne(word, near, scorer=fuzz.ratio, score_cutoff=params.min_ratio)
    return str(best[0]) if best else None

"""Near-duplicate detection for syndicated copies: word shingles, a bottom-k sketch, a containment check.

Two outlets running the same wire copy differ in a headline, a prefix or a credit line, so exact hashes
miss them. Each article keeps its SKETCH_SIZE smallest 5-word-shingle hashes; a new article looks up
articles sharing several of them (an indexed, bounded query) and confirms on the full shingle sets.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

SHINGLE_WORDS = 5
SKETCH_SIZE = 16
# Candidates must share this many sketch hashes; a copy shares nearly all, unrelated stories none.
MIN_SHARED = 4
# Share of the smaller article's shingles found in the other for the two to count as one story's copies.
MIN_CONTAINMENT = 0.7


@dataclass(frozen=True)
class Sketch:
    """An article's shingle hashes (all of them, for confirming) and its bottom-k sketch (for lookup)."""

    shingles: frozenset[int]
    bottom: tuple[int, ...]


def sketch_of(normalised: str) -> Sketch:
    """Shingle normalised text and keep the smallest hashes as the lookup sketch."""
    shingles = frozenset(shingle_hashes(normalised))
    return Sketch(shingles, tuple(sorted(shingles)[:SKETCH_SIZE]))


def shingle_hashes(normalised: str) -> list[int]:
    """Stable signed 32-bit hashes of every run of SHINGLE_WORDS words of normalised text."""
    words = normalised.split()
    if len(words) < SHINGLE_WORDS:
        windows = [" ".join(words)] if words else []
    else:
        windows = [" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)]
    # crc32 is stable across processes (Python's hash() is salted); shifted to fit a signed INTEGER column.
    return [zlib.crc32(w.encode("utf-8")) - 2**31 for w in windows]


def containment(a: frozenset[int], b: frozenset[int]) -> float:
    """Share of the smaller set that is also in the larger one."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))

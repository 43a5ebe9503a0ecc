"""Stored claim vectors as one matrix per database and process: nearest claims, and vectors by id.

Vectors live in the database (int8); a process keeps one read-only matrix per database and extends it
with the claims stored since, so a long-running bot or `ask --json -` reads each vector once. Answering
finds claims near a question through it; grouping finds claims near a new claim (a translation).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from sqlalchemy.orm import Session

from bot import embed
from storage import search

EXACT_ROWS = 20_000  # below this many claims every vector is compared exactly
SHORTLIST = 4_000  # above it, the rows nearest by sign bits are compared exactly


def _sign_codes(matrix: npt.NDArray[np.int8]) -> npt.NDArray[np.uint64]:
    """512 sign bits per vector as 8 words: Hamming distance between codes tracks the angle."""
    bits = np.packbits(matrix > 0, axis=1)
    return np.ascontiguousarray(bits).view(np.uint64)


@dataclass
class _Index:
    ids: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    matrix: npt.NDArray[np.int8] = field(default_factory=lambda: embed.from_bytes([]))
    codes: npt.NDArray[np.uint64] = field(default_factory=lambda: np.zeros((0, 8), dtype=np.uint64))
    last_blob: bytes = b""  # the stored vector of the last id, to notice a rebuild that reused it

    @property
    def last_id(self) -> int:
        return int(self.ids[-1]) if len(self.ids) else 0

    def shortlist(self, query: embed.Vectors, size: int) -> npt.NDArray[np.intp]:
        """Row positions of the ``size`` vectors whose sign bits differ least from the query's."""
        code = _sign_codes(np.where(query > 0, 1, -1).astype(np.int8)[None, :])
        distance = np.bitwise_count(self.codes ^ code).sum(axis=1)
        return np.argpartition(distance, size - 1)[:size]


_indexes: dict[str, _Index] = {}
_SESSION_KEY = "briefing.semantic_index"
PAGE = 10_000  # vectors read per query while loading
_lock = threading.Lock()


def _index(session: Session, *, fresh: bool = False) -> _Index:
    """This database's matrix, brought up to date once per transaction (``fresh``: now, for a writer
    that has just stored vectors in this transaction).

    Claim ids only grow (SQLite reuses none below the highest, PostgreSQL none at all), so the cache
    extends with ids above its last one; when the highest id went down or its vector changed, a
    rebuild replaced the claims and the matrix is read again. Ids of claims deleted since are harmless:
    the claim loaders drop them.
    """
    cached = session.info.get(_SESSION_KEY)
    if isinstance(cached, _Index) and not fresh:
        return cached
    key = session.connection().engine.url.render_as_string(hide_password=True)
    _first, last = search.vector_bounds(session)
    with _lock:
        index = _indexes.get(key) or _Index()
        if last < index.last_id or (
            index.last_id and search.vector_of(session, index.last_id) != index.last_blob
        ):
            index = _Index()
        while last > index.last_id:
            ids, blobs = search.claim_vectors(session, after_id=index.last_id, limit=PAGE)
            if not ids:
                break
            added = embed.from_bytes(blobs)
            index = _Index(
                np.concatenate([index.ids, np.asarray(ids, dtype=np.int64)]),
                np.concatenate([index.matrix, added]),
                np.concatenate([index.codes, _sign_codes(added)]),
                blobs[-1],
            )
        _indexes[key] = index
    session.info[_SESSION_KEY] = index
    return index


def nearest(session: Session, query: embed.Vectors, limit: int, *, fresh: bool = False) -> dict[int, float]:
    """The ``limit`` claims most similar to the query vector: claim id -> cosine."""
    index = _index(session, fresh=fresh)
    if not len(index.ids):
        return {}
    # Bounded work per question however large the store: above EXACT_ROWS, sign bits pick a shortlist.
    small = len(index.ids) <= EXACT_ROWS
    rows = np.arange(len(index.ids)) if small else index.shortlist(query, SHORTLIST)
    scores = embed.cosine(index.matrix[rows], query)
    k = min(limit, len(scores))
    top = np.argpartition(-scores, k - 1)[:k]
    return {int(index.ids[rows[i]]): float(scores[i]) for i in top}


def vectors_of(session: Session, claim_ids: list[int]) -> dict[int, embed.Vectors]:
    """The stored vectors of these claims (float, unit length up to rounding)."""
    index = _index(session)
    if not len(index.ids) or not claim_ids:
        return {}
    wanted = np.asarray(claim_ids, dtype=np.int64)
    positions = np.clip(np.searchsorted(index.ids, wanted), 0, len(index.ids) - 1)
    found = index.ids[positions] == wanted
    rows = index.matrix[positions[found]].astype(np.float32) / embed.QUANT_SCALE
    return {int(c): row for c, row in zip(wanted[found], rows, strict=True)}

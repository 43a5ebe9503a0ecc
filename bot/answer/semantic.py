"""The semantic half of retrieval: claims nearest a question in the multilingual sentence space.

Vectors live in the database (int8); a process keeps one read-only matrix per database and extends it
with the claims stored since, so a long-running bot or `ask --json -` reads each vector once.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from sqlalchemy.orm import Session

from bot import embed
from storage import search


@dataclass
class _Index:
    ids: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    matrix: npt.NDArray[np.int8] = field(default_factory=lambda: embed.from_bytes([]))

    @property
    def last_id(self) -> int:
        return int(self.ids[-1]) if len(self.ids) else 0


_indexes: dict[str, _Index] = {}
_lock = threading.Lock()


def _index(session: Session) -> _Index:
    """This database's matrix, brought up to date (rebuilt when claims were deleted or re-created)."""
    key = session.connection().engine.url.render_as_string(hide_password=True)
    count, last = search.vector_count(session)
    with _lock:
        index = _indexes.get(key) or _Index()
        if (
            len(index.ids) > count
            or (last < index.last_id)
            or (last == index.last_id and len(index.ids) != count)
        ):
            index = _Index()  # a reindex replaced the claims: start again
        if last > index.last_id:
            ids, blobs = search.claim_vectors(session, after_id=index.last_id)
            index = _Index(
                np.concatenate([index.ids, np.asarray(ids, dtype=np.int64)]),
                np.concatenate([index.matrix, embed.from_bytes(blobs)]),
            )
        _indexes[key] = index
        return index


def question_vector(text: str) -> embed.Vectors:
    """The question's unit vector."""
    return embed.encode([text])[0]


def nearest(session: Session, query: embed.Vectors, limit: int) -> dict[int, float]:
    """The ``limit`` claims most similar to the query vector: claim id -> cosine."""
    index = _index(session)
    if not len(index.ids):
        return {}
    scores = embed.cosine(index.matrix, query)
    k = min(limit, len(scores))
    top = np.argpartition(-scores, k - 1)[:k]
    return {int(index.ids[i]): float(scores[i]) for i in top}


def similarities(session: Session, query: embed.Vectors, claim_ids: list[int]) -> dict[int, float]:
    """Cosine of the query with each of these claims (0 for a claim without a vector)."""
    index = _index(session)
    if not len(index.ids) or not claim_ids:
        return {}
    wanted = np.asarray(claim_ids, dtype=np.int64)
    positions = np.searchsorted(index.ids, wanted)
    positions = np.clip(positions, 0, len(index.ids) - 1)
    found = index.ids[positions] == wanted
    rows = index.matrix[positions[found]].astype(np.float32) / embed.QUANT_SCALE
    values = rows @ query.astype(np.float32)
    return {int(c): float(v) for c, v in zip(wanted[found], values, strict=True)}

"""The semantic half of retrieval: claims nearest a question in the multilingual sentence space."""

from __future__ import annotations

import numpy as np
from sqlalchemy.orm import Session

from bot import embed
from bot.claim_index import nearest, vectors_of

__all__ = ["nearest", "question_vector", "similarities", "vectors_of"]


def question_vector(text: str) -> embed.Vectors:
    """The question's unit vector."""
    return embed.encode([text])[0]


def similarities(session: Session, query: embed.Vectors, claim_ids: list[int]) -> dict[int, float]:
    """Cosine of the query with each of these claims (claims without a vector are left out)."""
    vectors = vectors_of(session, claim_ids)
    q = query.astype(np.float32)
    return {claim_id: float(vector @ q) for claim_id, vector in vectors.items()}

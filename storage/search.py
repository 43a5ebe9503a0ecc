"""Read-side queries for answering: the candidate index, entities with aliases, claims with sources."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import BindParameter, Executable, bindparam, func, select
from sqlalchemy.orm import Session

from storage.knowledge import EntityInfo, entities_by_ids
from storage.models import (
    IS_CURRENT,
    Article,
    Claim,
    ClaimEntity,
    ClaimGroup,
    ClaimVector,
    Entity,
    Term,
)


def _rows(session: Session, statement: Executable, params: Mapping[str, Any]) -> Sequence[Any]:
    """Run a prepared statement and fetch every row at once (row-by-row fetching dominates otherwise)."""
    return session.connection().execute(statement, params).all()


def max_target_id(session: Session, kind: str) -> int:
    """An upper bound on how many targets of this kind are indexed (cheap: uses the primary key)."""
    return int(session.connection().scalar(_MAX_ID[kind]) or 0)


def best_targets(
    session: Session, weights: Mapping[str, float], kind: str, limit: int
) -> list[tuple[int, float]]:
    """Targets ranked by the summed weight of the query terms they carry (the candidate index).

    Callers pass only selective terms, so the postings are few; summing them here keeps the SQL one
    prepared statement instead of a CASE expression per question.
    """
    if not weights:
        return []
    scores: dict[int, float] = {}
    postings = _rows(session, _POSTINGS, {"terms": list(weights), "kind": kind})
    for term, target in postings:
        scores[target] = scores.get(target, 0.0) + weights[term]
    ranked = sorted(scores.items(), key=lambda item: (-item[1], -item[0]))
    return ranked[:limit]


def top_entities(session: Session, limit: int) -> list[EntityInfo]:
    """The most mentioned entities (for suggestions when nothing matched)."""
    ids = (
        session.connection()
        .scalars(
            select(Entity.id)
            .where(Entity.kind != "outlet")
            .order_by(Entity.mention_count.desc())
            .limit(limit)
        )
        .all()
    )
    rows = {r.id: r for r in entities_by_ids(session, ids)}  # the one loader, shared with extraction
    return [rows[i] for i in ids if i in rows]


def claim_entity_links(session: Session, claim_ids: Iterable[int]) -> dict[int, set[int]]:
    """For each claim, the entities it mentions."""
    wanted = list(set(claim_ids))
    links: dict[int, set[int]] = {i: set() for i in wanted}
    if not wanted:
        return links
    for claim_id, entity_id in _rows(session, _LINKS, {"ids": wanted}):
        links[claim_id].add(entity_id)
    return links


def claims_about(session: Session, entity_ids: Iterable[int], limit: int) -> list[int]:
    """Claims that mention or are spoken by these entities, newest first."""
    wanted = list(set(entity_ids))
    if not wanted:
        return []
    return list(session.connection().scalars(_ABOUT, {"entities": wanted, "limit": limit}))


def representative_claims(session: Session, *, status: str | None, limit: int) -> list[int]:
    """One claim per claim group, the most widely reported and newest groups first (optionally one status)."""
    stmt = select(ClaimGroup.id).order_by(ClaimGroup.outlet_count.desc(), ClaimGroup.updated_at.desc())
    if status:
        stmt = stmt.where(ClaimGroup.status == status)
    group_ids = list(session.connection().scalars(stmt.limit(limit)))
    if not group_ids:
        return []
    first = (
        select(func.min(Claim.id))
        .join(Article, Article.id == Claim.article_id)
        .where(Claim.group_id.in_(group_ids), IS_CURRENT)
        .group_by(Claim.group_id)
    )
    return list(session.connection().scalars(first))


def article_count(session: Session) -> int:
    """How many current articles are stored."""
    stmt = select(func.count()).select_from(Article).where(Article.is_current.is_(True))
    return int(session.connection().scalar(stmt) or 0)


# Prepared once: building a statement costs more than running it on a small index, and a question runs
# a dozen of them. Expanding bind parameters take the id and term lists.
_IDS: BindParameter[Any] = bindparam("ids", expanding=True)
_TERMS: BindParameter[Any] = bindparam("terms", expanding=True)
_MAX_ID = {kind: select(func.max(column)) for kind, column in (("claim", Claim.id), ("entity", Entity.id))}
_POSTINGS = select(Term.term, Term.target_id).where(
    Term.term.in_(_TERMS), Term.target_kind == bindparam("kind")
)
_LINKS = select(ClaimEntity.claim_id, ClaimEntity.entity_id).where(ClaimEntity.claim_id.in_(_IDS))
_ENTITY_IDS: BindParameter[Any] = bindparam("entities", expanding=True)
_ABOUT = (
    select(Claim.id)
    .where(
        Claim.id.in_(select(ClaimEntity.claim_id).where(ClaimEntity.entity_id.in_(_ENTITY_IDS)))
        | Claim.speaker_entity_id.in_(_ENTITY_IDS)
    )
    .order_by(Claim.id.desc())
    .limit(bindparam("limit"))
)


def claim_vectors(session: Session, after_id: int = 0, limit: int = 10_000) -> tuple[list[int], list[bytes]]:
    """Up to ``limit`` stored claim vectors with ids above ``after_id``, in id order (read in pages)."""
    stmt = (
        select(ClaimVector.claim_id, ClaimVector.vector)
        .where(ClaimVector.claim_id > after_id)
        .order_by(ClaimVector.claim_id)
        .limit(limit)
    )
    rows = session.connection().execute(stmt).all()
    return [int(r[0]) for r in rows], [bytes(r[1]) for r in rows]


def vector_bounds(session: Session) -> tuple[int, int]:
    """The lowest and highest claim ids with a vector (two primary-key lookups: no scan).

    Two statements on purpose: SQLite answers a lone min() or max() from the index, both together by
    scanning the table.
    """
    connection = session.connection()
    low = connection.scalar(select(func.min(ClaimVector.claim_id)))
    high = connection.scalar(select(func.max(ClaimVector.claim_id)))
    return int(low or 0), int(high or 0)


def vector_of(session: Session, claim_id: int) -> bytes | None:
    """One claim's stored vector."""
    value = session.connection().scalar(select(ClaimVector.vector).where(ClaimVector.claim_id == claim_id))
    return bytes(value) if value is not None else None

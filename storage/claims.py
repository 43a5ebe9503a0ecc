"""The read model of claims: every reader (answers, browsing, the CLI, extraction's lookups) loads a
claim through this module, as one light row for ranking or one frozen value for showing it.

One query shape builds both, so a claim's outlet, date and quote are the same wherever it is shown:
the outlet is the claim's publisher (falling back to its article's), the date the claim's own (falling
back to its article's publication), the quote the verbatim span of the article's text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from sqlalchemy import BindParameter, Integer, Select, bindparam, func, or_, select, union_all
from sqlalchemy.orm import Session

from storage.models import IS_CURRENT, STANCES, Article, Claim, ClaimEntity, ClaimGroup, Outlet
from storage.types import chunks


@dataclass(frozen=True)
class CandidateRow:
    """What ranking needs of a candidate claim, and nothing more (quotes are fetched for the winners)."""

    id: int
    group_id: int | None
    normalised: str
    speaker: str | None
    speaker_entity_id: int | None
    kind: str
    group_status: str | None


@dataclass(frozen=True)
class ClaimView:
    """A claim as every reader shows it: the verbatim quote, who says it, its source, dates and group."""

    id: int
    article_id: int
    group_id: int | None
    quote: str  # Article.text[start:end], verbatim
    start: int
    end: int
    normalised: str
    proposition: str
    speaker: str | None
    speaker_entity_id: int | None
    verb: str | None
    stance: str
    side: str | None
    kind: str
    published_at: datetime | None  # the claim's own time (a tweet's), else its article's publication
    published_has_time: bool
    first_seen_at: datetime
    is_correction: bool
    syndicated_of_id: int | None
    outlet: str | None  # the publisher
    credited_outlet: str | None  # the outlet the article or the claim credits
    article_title: str
    article_url: str | None
    article_outlet_id: int | None
    language: str  # the article's
    group_label: str | None
    group_status: str | None
    group_outlet_count: int | None


def _current(*columns: Any) -> Select[Any]:
    """``columns`` of the claims of current article versions, with their group joined."""
    return (
        select(*columns)
        .join(Article, Article.id == Claim.article_id)
        .outerjoin(ClaimGroup, ClaimGroup.id == Claim.group_id)
        .where(IS_CURRENT)
    )


def _view_select() -> Select[Any]:
    """Every column of a ClaimView, labelled by its field name, for current article versions."""
    publisher = Outlet.__table__.alias("publisher")
    credited = Outlet.__table__.alias("credited")
    columns: dict[str, Any] = {
        "id": Claim.id,
        "article_id": Claim.article_id,
        "group_id": Claim.group_id,
        "quote": func.substr(Article.text, Claim.start_offset + 1, Claim.end_offset - Claim.start_offset),
        "start": Claim.start_offset,
        "end": Claim.end_offset,
        "normalised": Claim.normalised,
        "proposition": Claim.proposition,
        "speaker": Claim.speaker,
        "speaker_entity_id": Claim.speaker_entity_id,
        "verb": Claim.verb,
        "stance": Claim.stance,
        "side": Claim.side,
        "kind": Claim.kind,
        "published_at": func.coalesce(Claim.published_at, Article.published_at),
        "published_has_time": Article.published_has_time,
        "first_seen_at": Article.first_seen_at,
        "is_correction": Article.is_correction,
        "syndicated_of_id": Article.syndicated_of_id,
        "outlet": publisher.c.name,
        "credited_outlet": credited.c.name,
        "article_title": Article.title,
        "article_url": Article.url,
        "article_outlet_id": Article.outlet_id,
        "language": Article.language,
        "group_label": ClaimGroup.label,
        "group_status": ClaimGroup.status,
        "group_outlet_count": ClaimGroup.outlet_count,
    }
    assert list(columns) == [f.name for f in fields(ClaimView)], "ClaimView and its query disagree"
    return (
        _current(*(column.label(name) for name, column in columns.items()))
        .outerjoin(publisher, publisher.c.id == func.coalesce(Claim.outlet_id, Article.outlet_id))
        .outerjoin(
            credited, credited.c.id == func.coalesce(Claim.credited_outlet_id, Article.credited_outlet_id)
        )
    )


# Prepared once: building a statement costs more than running it, and a question runs several.
_IDS: BindParameter[Any] = bindparam("ids", expanding=True)
_CANDIDATES = _current(
    Claim.id,
    Claim.group_id,
    Claim.normalised,
    Claim.speaker,
    Claim.speaker_entity_id,
    Claim.kind,
    ClaimGroup.status.label("group_status"),
).where(Claim.id.in_(_IDS))
_BY_ID = _view_select().where(Claim.id.in_(_IDS))


def _first_members(stance: str | None) -> Select[Any]:
    """Ids of a group's first ``per_group`` current claims (of one side, a stance, when given), read
    through the group's index and cut at the limit: bounded however many outlets repeat the claim."""
    first = (
        select(Claim.id.label("id"))
        .join(Article, Article.id == Claim.article_id)
        .where(Claim.group_id == bindparam("group"), IS_CURRENT)
        .order_by(Claim.id)
        .limit(bindparam("per_group", type_=Integer))
    )
    return first.where(Claim.stance == stance) if stance else first


# A group that is not disputed has one side: its first members. A disputed one: each side's first.
_FIRST_MEMBERS = _first_members(None)
_FIRST_OF_SIDES = union_all(*(select(_first_members(s).subquery().c.id) for s in STANCES))
_DISPUTED = select(ClaimGroup.id).where(ClaimGroup.id.in_(_IDS), ClaimGroup.status == "disputed")


def _views(session: Session, statement: Select[Any], ids: Sequence[int]) -> list[ClaimView]:
    views: list[ClaimView] = []
    for chunk in chunks(ids):
        rows = session.connection().execute(statement, {"ids": chunk}).all()
        views += [ClaimView(**row._mapping) for row in rows]
    return views


def candidates_by_ids(session: Session, ids: Iterable[int]) -> list[CandidateRow]:
    """Candidate claims of current article versions, light enough to rank a few hundred per question."""
    wanted = sorted(set(ids))
    rows: list[CandidateRow] = []
    for chunk in chunks(wanted):
        found = session.connection().execute(_CANDIDATES, {"ids": chunk})
        rows += [CandidateRow(**row._mapping) for row in found]
    return rows


def claims_by_ids(session: Session, ids: Iterable[int]) -> list[ClaimView]:
    """Claims of current article versions, in the order of ``ids`` (unknown ids left out)."""
    order = list(dict.fromkeys(ids))
    found = {view.id: view for view in _views(session, _BY_ID, order)}
    return [found[i] for i in order if i in found]


def claims_in_groups(
    session: Session, group_ids: Iterable[int], *, per_group: int = 20, by_publication: bool = False
) -> list[ClaimView]:
    """The claims of these groups, at most ``per_group`` of each side (the earliest stored), by id or,
    for browsing, in publication order."""
    connection = session.connection()
    wanted = sorted(set(group_ids))
    disputed = {g for chunk in chunks(wanted) for g in connection.scalars(_DISPUTED, {"ids": chunk})}
    ids = [
        claim_id
        for group in wanted
        for claim_id in connection.scalars(
            _FIRST_OF_SIDES if group in disputed else _FIRST_MEMBERS, {"group": group, "per_group": per_group}
        )
    ]
    kept = sorted(_views(session, _BY_ID, sorted(ids)), key=lambda v: v.id)
    if by_publication:
        kept.sort(key=lambda v: (v.published_at is None, v.published_at or v.first_seen_at, v.id))
    return kept


def list_claims(
    session: Session, *, entity_id: int | None = None, status: str | None = None, limit: int = 200
) -> list[ClaimView]:
    """Claims of current articles, optionally about or by one entity, and/or in groups of one status."""
    stmt = _view_select()
    if entity_id is not None:
        about = select(ClaimEntity.claim_id).where(ClaimEntity.entity_id == entity_id)
        stmt = stmt.where(or_(Claim.id.in_(about), Claim.speaker_entity_id == entity_id))
    if status:
        stmt = stmt.where(ClaimGroup.status == status)
    stmt = stmt.order_by(Claim.group_id, Claim.id).limit(limit)
    return [ClaimView(**row._mapping) for row in session.execute(stmt)]


_KINDS = select(Claim.id, Claim.article_id, Claim.kind).where(Claim.id.in_(_IDS))
MAX_LIST_ITEMS = 8  # a list longer than this is a page of bullets, not one statement's list


_SAME_ARTICLE = (
    select(Claim.id)
    .where(
        Claim.article_id == select(Claim.article_id).where(Claim.id == bindparam("claim")).scalar_subquery()
    )
    .order_by(Claim.start_offset, Claim.id)
)


def reading_neighbours(
    session: Session, claim_id: int, reach: int
) -> tuple[list[CandidateRow], list[CandidateRow]]:
    """The claims up to ``reach`` before and after one claim in its article's reading order, nearest
    first on each side (empty when the claim is unknown)."""
    order = list(session.connection().execute(_SAME_ARTICLE, {"claim": claim_id}).scalars())
    if claim_id not in order:
        return [], []
    at = order.index(claim_id)
    before, after = order[max(at - reach, 0) : at], order[at + 1 : at + 1 + reach]
    rows = {row.id: row for row in candidates_by_ids(session, before + after)}
    return [rows[i] for i in reversed(before) if i in rows], [rows[i] for i in after if i in rows]


def bullets_after(session: Session, ids: Iterable[int]) -> dict[int, list[int]]:
    """For each claim that introduces a list, the ids of the bullet points right after it in its article
    (an article's claims are stored in reading order, so its list items follow it by id)."""
    leaders = set(ids)
    near = sorted({i + k for i in leaders for k in range(MAX_LIST_ITEMS + 1)})
    rows = {r[0]: (r[1], r[2]) for r in session.connection().execute(_KINDS, {"ids": near})}
    found: dict[int, list[int]] = {}
    for leader in leaders:
        if leader not in rows or rows[leader][1] == "bullet":
            continue
        article = rows[leader][0]
        items = []
        for next_id in range(leader + 1, leader + 1 + MAX_LIST_ITEMS):
            if rows.get(next_id, (None, None)) != (article, "bullet"):
                break
            items.append(next_id)
        if items:
            found[leader] = items
    return found

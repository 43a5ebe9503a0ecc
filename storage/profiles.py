"""Every query on entity profile lines: cited roles and Latin names (extraction writes, answers read)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam, delete, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from storage.models import IS_CURRENT, Article, EntityProfileLine, Outlet
from storage.rows import ProfileLineRow, values

__all__ = [
    "ProfileLine",
    "add_profile_lines",
    "clear_profiles",
    "delete_article_profiles",
    "move_profile_lines",
    "profile_lines",
    "role_holders",
]


@dataclass(frozen=True)
class ProfileLine:
    """One cited line of a profile: what it says, and where (article, offsets, outlet)."""

    entity_id: int
    kind: str  # role, latin-name
    text: str
    article_id: int
    start: int
    end: int
    outlet: str | None


def add_profile_lines(session: Session, rows: Sequence[ProfileLineRow]) -> None:
    """Insert profile lines, keeping the first citation of each (entity, kind, wording)."""
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = insert(EntityProfileLine).on_conflict_do_nothing(index_elements=["entity_id", "kind", "key"])
    session.execute(stmt, values(rows))


def profile_lines(session: Session, entity_ids: Iterable[int], per_entity: int = 20) -> list[ProfileLine]:
    """The profile lines of some entities, oldest first, at most ``per_entity`` of each kind per entity."""
    wanted = sorted(set(entity_ids))
    if not wanted:
        return []
    stmt = (
        select(
            EntityProfileLine.entity_id,
            EntityProfileLine.kind,
            EntityProfileLine.text,
            EntityProfileLine.article_id,
            EntityProfileLine.start_offset,
            EntityProfileLine.end_offset,
            Outlet.name,
        )
        .join(Article, Article.id == EntityProfileLine.article_id)
        .outerjoin(Outlet, Outlet.id == Article.outlet_id)
        .where(EntityProfileLine.entity_id.in_(wanted), IS_CURRENT)
        .order_by(EntityProfileLine.entity_id, EntityProfileLine.id)
    )
    out: list[ProfileLine] = []
    seen: dict[tuple[int, str], int] = {}
    for entity_id, kind, text, article_id, start, end, outlet in session.execute(stmt):
        slot = (int(entity_id), str(kind))
        seen[slot] = seen.get(slot, 0) + 1
        if seen[slot] <= per_entity:
            out.append(
                ProfileLine(slot[0], slot[1], str(text), int(article_id), int(start), int(end), outlet)
            )
    return out


def role_holders(session: Session, keys: Iterable[str], limit: int = 20) -> list[tuple[int, str]]:
    """(entity id, role key) of entities whose cited role is one of ``keys`` or begins with one.

    'محافظ بين جبلين' finds the governor whose role line reads so, with or without a trailing title.
    """
    wanted = sorted({k for k in keys if k})
    if not wanted:
        return []
    ranges = [(EntityProfileLine.key >= key) & (EntityProfileLine.key < key + "\uffff") for key in wanted]
    stmt = (
        select(EntityProfileLine.entity_id, EntityProfileLine.key)
        .where(EntityProfileLine.kind == "role", or_(*ranges))
        .limit(limit)
    )
    return [(int(e), str(k)) for e, k in session.execute(stmt)]


def roles_containing(session: Session, fragments: Iterable[str], limit: int = 50) -> list[tuple[int, str]]:
    """(entity id, role key) of entities whose cited role names one of ``fragments`` ("رييسه بلديه
    ريحان" holds "ريحان"): who holds an office of a place or body."""
    wanted = sorted({f for f in fragments if len(f) >= 3})
    if not wanted:
        return []
    stmt = (
        select(EntityProfileLine.entity_id, EntityProfileLine.key)
        .where(EntityProfileLine.kind == "role", or_(*(EntityProfileLine.key.contains(f) for f in wanted)))
        .order_by(EntityProfileLine.id)
        .limit(limit)
    )
    return [(int(e), str(k)) for e, k in session.execute(stmt)]


def move_profile_lines(session: Session, keep: int, drop: int) -> None:
    """Give ``drop``'s lines to ``keep`` (an entity merge), dropping the wordings ``keep`` already has."""
    have = select(EntityProfileLine.kind, EntityProfileLine.key).where(EntityProfileLine.entity_id == keep)
    kept = {(str(k), str(key)) for k, key in session.execute(have)}
    rows = session.execute(
        select(EntityProfileLine.id, EntityProfileLine.kind, EntityProfileLine.key).where(
            EntityProfileLine.entity_id == drop
        )
    ).all()
    duplicates = [int(i) for i, kind, key in rows if (str(kind), str(key)) in kept]
    if duplicates:
        session.execute(delete(EntityProfileLine).where(EntityProfileLine.id.in_(duplicates)))
    session.execute(
        update(EntityProfileLine).where(EntityProfileLine.entity_id == drop).values(entity_id=keep)
    )


def delete_article_profiles(session: Session, article_id: int) -> None:
    """Remove the lines one article gave (a corrected article replaces its earlier version)."""
    session.execute(delete(EntityProfileLine).where(EntityProfileLine.article_id == article_id))


def clear_profiles(session: Session) -> None:
    """Delete every profile line (a rebuild writes them again)."""
    session.execute(delete(EntityProfileLine))


# Prepared once: answering asks for roles on many questions, and building the statement costs more than
# running it.
_ROLES = (
    select(EntityProfileLine.entity_id, EntityProfileLine.text)
    .join(Article, Article.id == EntityProfileLine.article_id)
    .where(
        EntityProfileLine.entity_id.in_(bindparam("ids", expanding=True)),
        EntityProfileLine.kind == "role",
        IS_CURRENT,
    )
)


def role_texts(session: Session, entity_ids: Iterable[int]) -> dict[int, list[str]]:
    """The roles the articles give each of these entities, as written."""
    wanted = sorted(set(entity_ids))
    found: dict[int, list[str]] = {}
    if wanted:
        for entity_id, text in session.connection().execute(_ROLES, {"ids": wanted}):
            found.setdefault(int(entity_id), []).append(str(text))
    return found

"""Queries for entities, aliases, mentions, claims, claim groups and the candidate index (terms).

Extraction writes through these functions and the answering engine reads through them; every query is
portable between SQLite and PostgreSQL and bounded by its arguments (never a scan of every claim).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple, cast

from sqlalchemy import Integer, Table, bindparam, case, delete, func, insert, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from storage import profiles, stories
from storage.models import (
    IS_CURRENT,
    Article,
    Claim,
    ClaimEntity,
    ClaimGroup,
    ClaimVector,
    Entity,
    EntityAlias,
    Follow,
    Mention,
    Term,
    TermStat,
)
from storage.rows import AliasRow, ClaimRow, EntityRow, GroupRow, GroupStatusRow, MentionRow, values
from storage.types import chunks
from storage.upserts import dialect_insert


def _table(model: type[object]) -> Table:
    """A model's Core table (typed), for executemany inserts and updates that skip the ORM."""
    return cast(Table, model.__table__)  # type: ignore[attr-defined]


# --- values crossing layers -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AliasHit:
    """An alias found by key: which entity it names and that entity's kind."""

    key: str
    entity_id: int
    kind: str


class Alias(NamedTuple):
    """One spelling of an entity's name with its normalised and Latin consonant keys."""

    alias: str
    key: str
    latin_key: str


@dataclass(frozen=True)
class EntityInfo:
    """An entity with all its aliases (spelling, key, Latin key)."""

    id: int
    name: str
    kind: str
    key: str
    mention_count: int
    aliases: tuple[Alias, ...]

    @property
    def alias_names(self) -> list[str]:
        return [a for a, _k, _l in self.aliases]


@dataclass(frozen=True)
class ClaimFacts:
    """The slice of a claim that grouping compares against (no article text)."""

    id: int
    article_id: int
    group_id: int | None
    proposition: str
    stance: str
    side: str | None
    speaker_entity_id: int | None
    published_at: datetime | None


# --- entities -------------------------------------------------------------------------------------------


def aliases_by_keys(session: Session, keys: Iterable[str]) -> list[AliasHit]:
    """Aliases whose normalised key is one of ``keys`` (the alias index)."""
    return _aliases_matching(session, EntityAlias.key, keys)


def aliases_by_latin_keys(session: Session, latin_keys: Iterable[str]) -> list[AliasHit]:
    """Aliases whose Latin consonant key is one of ``latin_keys`` (cross-script matches)."""
    return _aliases_matching(session, EntityAlias.latin_key, latin_keys)


def _aliases_matching(
    session: Session, column: InstrumentedAttribute[str], keys: Iterable[str]
) -> list[AliasHit]:
    wanted = sorted({k for k in keys if k})
    if not wanted:
        return []
    session.flush()  # raw rows through the connection: nothing pending may be missed
    connection = session.connection()
    stmt = _ALIASES_BY[column.key]
    hits: list[AliasHit] = []
    for chunk in chunks(wanted):
        hits.extend(AliasHit(k, int(e), kind) for k, e, kind in connection.execute(stmt, {"keys": chunk}))
    return hits


# Built once: an IN list bound as one expanding parameter is compiled once, not coerced value by value.
_ALIASES_BY = {
    column.key: select(column, EntityAlias.entity_id, Entity.kind)
    .join(Entity, Entity.id == EntityAlias.entity_id)
    .where(column.in_(bindparam("keys", expanding=True)))
    for column in (EntityAlias.key, EntityAlias.latin_key)
}


def create_entities(session: Session, rows: Sequence[EntityRow]) -> list[int]:
    """Insert entities in one statement; returns their ids in order."""
    if not rows:
        return []
    entities = [{**row, "mention_count": 0} for row in values(rows)]
    stmt = insert(_table(Entity)).returning(_table(Entity).c.id, sort_by_parameter_order=True)
    return [int(i) for i in session.connection().execute(stmt, entities).scalars()]


def entities_by_ids(session: Session, ids: Iterable[int]) -> list[EntityInfo]:
    """Entities with their aliases, ordered by id (prepared statements: answering calls this per question)."""
    wanted = sorted(set(ids))
    if not wanted:
        return []
    connection = session.connection()
    entities: dict[int, Any] = {}
    aliases: dict[int, list[Alias]] = {}
    for chunk in chunks(wanted):
        for row in connection.execute(_ENTITIES, {"ids": list(chunk)}).all():
            entities[row.id] = row
            aliases[row.id] = []
        for entity_id, alias, key, latin in connection.execute(_ALIASES, {"ids": list(chunk)}).all():
            aliases[entity_id].append(Alias(alias, key, latin))
    return [
        EntityInfo(e.id, e.name, e.kind, e.key, e.mention_count or 0, tuple(aliases[e.id]))
        for e in sorted(entities.values(), key=lambda e: e.id)
    ]


_ENTITIES = select(Entity.id, Entity.name, Entity.kind, Entity.key, Entity.mention_count).where(
    Entity.id.in_(bindparam("ids", expanding=True))
)
_ALIASES = (
    select(EntityAlias.entity_id, EntityAlias.alias, EntityAlias.key, EntityAlias.latin_key)
    .where(EntityAlias.entity_id.in_(bindparam("ids", expanding=True)))
    .order_by(EntityAlias.id)
)


def alias_keys_of(session: Session, entity_ids: Iterable[int]) -> dict[int, set[str]]:
    """The alias keys each entity already has."""
    wanted = sorted(set(entity_ids))
    out: dict[int, set[str]] = {i: set() for i in wanted}
    for chunk in chunks(wanted):
        stmt = select(EntityAlias.entity_id, EntityAlias.key).where(EntityAlias.entity_id.in_(chunk))
        for entity_id, key in session.execute(stmt):
            out[int(entity_id)].add(key)
    return out


def add_aliases(session: Session, rows: Sequence[AliasRow]) -> None:
    """Insert aliases; the caller skips known keys."""
    if rows:
        session.connection().execute(insert(_table(EntityAlias)), values(rows))


def add_mentions(session: Session, rows: Sequence[MentionRow]) -> None:
    """Insert mentions."""
    if rows:
        session.connection().execute(insert(_table(Mention)), values(rows))


def bump_mention_counts(session: Session, counts: Mapping[int, int]) -> None:
    """Add to each entity's mention count."""
    if not counts:
        return
    table = _table(Entity)
    stmt = (
        update(table)
        .where(table.c.id == bindparam("entity"))
        .values(mention_count=table.c.mention_count + bindparam("added"))
    )
    session.connection().execute(stmt, [{"entity": e, "added": n} for e, n in sorted(counts.items())])


def merge_entities(session: Session, keep: int, drop: int) -> None:
    """Fold entity ``drop`` into ``keep``: aliases, mentions, claim links, speakers, index terms."""
    if keep == drop:
        return
    kept_keys = alias_keys_of(session, [keep])[keep]
    session.execute(
        delete(EntityAlias).where(
            EntityAlias.entity_id == drop, EntityAlias.key.in_(sorted(kept_keys) or [""])
        )
    )
    session.execute(update(EntityAlias).where(EntityAlias.entity_id == drop).values(entity_id=keep))
    session.execute(update(Mention).where(Mention.entity_id == drop).values(entity_id=keep))
    session.execute(update(Claim).where(Claim.speaker_entity_id == drop).values(speaker_entity_id=keep))
    linked = select(ClaimEntity.claim_id).where(ClaimEntity.entity_id == keep)
    session.execute(
        delete(ClaimEntity).where(ClaimEntity.entity_id == drop, ClaimEntity.claim_id.in_(linked))
    )
    session.execute(update(ClaimEntity).where(ClaimEntity.entity_id == drop).values(entity_id=keep))
    profiles.move_profile_lines(session, keep, drop)
    stories.move_entity(session, keep, drop)
    count = session.scalar(select(Entity.mention_count).where(Entity.id == drop)) or 0
    bump_mention_counts(session, {keep: int(count)})
    remove_terms(session, "entity", [drop])
    session.execute(delete(Entity).where(Entity.id == drop))


def find_entities(session: Session, name_key: str, limit: int = 10) -> list[int]:
    """Entities with an alias whose key equals ``name_key``, most mentioned first."""
    stmt = (
        select(Entity.id)
        .join(EntityAlias, EntityAlias.entity_id == Entity.id)
        .where(EntityAlias.key == name_key)
        .group_by(Entity.id, Entity.mention_count)
        .order_by(Entity.mention_count.desc())
        .limit(limit)
    )
    return [int(i) for i in session.scalars(stmt)]


def list_entities(session: Session, kind: str | None = None, limit: int = 500) -> list[EntityInfo]:
    """Entities, most mentioned first, optionally of one kind."""
    stmt = select(Entity.id).order_by(Entity.mention_count.desc(), Entity.id).limit(limit)
    if kind:
        stmt = stmt.where(Entity.kind == kind)
    ids = [int(i) for i in session.scalars(stmt)]
    rows = {e.id: e for e in entities_by_ids(session, ids)}
    return [rows[i] for i in ids if i in rows]


def mentions_of(session: Session, entity_id: int, limit: int = 50) -> list[tuple[int, int, int, str, str]]:
    """(article id, start, end, surface, article title) of an entity's mentions, newest article first."""
    stmt = (
        select(Mention.article_id, Mention.start_offset, Mention.end_offset, Mention.surface, Article.title)
        .join(Article, Article.id == Mention.article_id)
        .where(Mention.entity_id == entity_id)
        .order_by(Mention.article_id.desc(), Mention.start_offset)
        .limit(limit)
    )
    return [(int(a), int(s), int(e), str(surface), str(t)) for a, s, e, surface, t in session.execute(stmt)]


# --- the candidate index --------------------------------------------------------------------------------


def add_terms(session: Session, kind: str, rows: Sequence[tuple[str, int, float]]) -> None:
    """Index (term, target id, weight) rows of one target kind and count each term once per target."""
    if not rows:
        return
    session.connection().execute(
        insert(_table(Term)),
        [{"term": t, "target_kind": kind, "target_id": i, "weight": w} for t, i, w in rows],
    )
    per_term: dict[str, int] = {}
    for term, _target, _weight in set((t, i, 0.0) for t, i, _w in rows):
        per_term[term] = per_term.get(term, 0) + 1
    _bump_term_stats(session, kind, per_term)


def _bump_term_stats(session: Session, kind: str, per_term: Mapping[str, int]) -> None:
    """Add to each term's count in one upsert, terms in sorted order (the order every writer locks in)."""
    if not per_term:
        return
    table = _table(TermStat)
    stmt = dialect_insert(session, table)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.term, table.c.target_kind],
        set_={"count": table.c.count + stmt.excluded.count},
    )
    rows = [{"term": t, "target_kind": kind, "count": per_term[t]} for t in sorted(per_term)]
    session.connection().execute(stmt, rows)


def remove_terms(session: Session, kind: str, target_ids: Iterable[int]) -> None:
    """Drop the index rows of these targets (and their document-frequency counts)."""
    wanted = sorted(set(target_ids))
    for chunk in chunks(wanted):
        stmt = select(Term.term, func.count(func.distinct(Term.target_id))).where(
            Term.target_kind == kind, Term.target_id.in_(chunk)
        )
        counts = {t: int(c) for t, c in session.execute(stmt.group_by(Term.term))}
        for term, count in counts.items():
            session.execute(
                update(TermStat)
                .where(TermStat.term == term, TermStat.target_kind == kind)
                .values(count=TermStat.count - count)
            )
        session.execute(delete(Term).where(Term.target_kind == kind, Term.target_id.in_(chunk)))


def term_counts(session: Session, kind: str, terms: Iterable[str]) -> dict[str, int]:
    """How many targets of ``kind`` carry each term (from term_stats: one indexed row per term)."""
    wanted = sorted(set(terms))
    out: dict[str, int] = {}
    for chunk in chunks(wanted):
        rows = session.connection().execute(_TERM_COUNTS, {"terms": list(chunk), "kind": kind}).all()
        out.update({t: int(c) for t, c in rows})
    return out


_TERM_COUNTS = select(TermStat.term, TermStat.count).where(
    TermStat.target_kind == bindparam("kind"), TermStat.term.in_(bindparam("terms", expanding=True))
)


def terms_with_prefix(session: Session, kind: str, prefix: str, limit: int) -> dict[str, int]:
    """Indexed terms of ``kind`` that start with ``prefix``, with their document frequencies.

    A range on the primary key rather than LIKE, so both SQLite and PostgreSQL use the index.
    """
    if not prefix:
        return {}
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    stmt = (
        select(TermStat.term, TermStat.count)
        .where(TermStat.term >= prefix, TermStat.term < upper, TermStat.target_kind == kind)
        .limit(limit)
    )
    rows = session.connection().execute(stmt).all()
    return {str(t): int(c) for t, c in rows if str(t).startswith(prefix) and int(c) > 0}


def postings(session: Session, kind: str, terms: Iterable[str], limit: int = 5000) -> list[tuple[str, int]]:
    """(term, target id) rows of the index for these terms (the caller keeps terms rare)."""
    wanted = sorted(set(terms))
    if not wanted:
        return []
    session.flush()  # raw rows through the connection: nothing pending may be missed
    connection = session.connection()
    out: list[tuple[str, int]] = []
    for chunk in chunks(wanted):
        rows = connection.execute(_POSTINGS, {"kind": kind, "terms": chunk, "limit": limit})
        out.extend((str(term), int(target)) for term, target in rows)
    return out


_POSTINGS = (
    select(Term.term, Term.target_id)
    .where(Term.target_kind == bindparam("kind"), Term.term.in_(bindparam("terms", expanding=True)))
    .limit(bindparam("limit", type_=Integer))
)


def recent_targets(session: Session, kind: str, term: str, limit: int) -> list[int]:
    """The targets most recently indexed under one term (newest first; reads only ``limit`` rows)."""
    stmt = (
        select(Term.target_id)
        .where(Term.term == term, Term.target_kind == kind)
        .order_by(Term.id.desc())
        .limit(limit)
    )
    return [int(i) for i in session.scalars(stmt)]


# --- claims and groups ----------------------------------------------------------------------------------


def add_claims(session: Session, rows: Sequence[ClaimRow]) -> list[int]:
    """Insert claims in one statement; returns their ids in order."""
    if not rows:
        return []
    stmt = insert(_table(Claim)).returning(_table(Claim).c.id, sort_by_parameter_order=True)
    return [int(i) for i in session.connection().execute(stmt, values(rows)).scalars()]


def add_claim_entities(session: Session, pairs: Iterable[tuple[int, int]]) -> None:
    """Link claims to the entities they mention."""
    rows = [{"claim_id": c, "entity_id": e} for c, e in sorted(set(pairs))]
    if rows:
        session.connection().execute(insert(_table(ClaimEntity)), rows)


def claim_facts(session: Session, ids: Iterable[int]) -> list[ClaimFacts]:
    """What grouping compares for these claims."""
    wanted = sorted(set(ids))
    if not wanted:
        return []
    session.flush()  # raw rows through the connection: nothing pending may be missed
    connection = session.connection()
    out: list[ClaimFacts] = []
    for chunk in chunks(wanted):
        out.extend(ClaimFacts(*row) for row in connection.execute(_CLAIM_FACTS, {"ids": chunk}))
    return out


_CLAIM_FACTS = select(
    Claim.id,
    Claim.article_id,
    Claim.group_id,
    Claim.proposition,
    Claim.stance,
    Claim.side,
    Claim.speaker_entity_id,
    Claim.published_at,
).where(Claim.id.in_(bindparam("ids", expanding=True)))


def set_claim_groups(session: Session, pairs: Sequence[tuple[int, int]]) -> None:
    """Put claims in groups: (claim id, group id) pairs."""
    if not pairs:
        return
    table = _table(Claim)
    stmt = update(table).where(table.c.id == bindparam("claim")).values(group_id=bindparam("group"))
    session.connection().execute(stmt, [{"claim": c, "group": g} for c, g in pairs])


def create_groups(session: Session, rows: Sequence[GroupRow]) -> list[int]:
    """Insert single-source groups in one statement; returns their ids in order."""
    if not rows:
        return []
    table = _table(ClaimGroup)
    groups = [
        {
            "label": r.label[:500],
            "status": "single-source",
            "outlet_count": 1,
            "created_at": r.when,
            "updated_at": r.when,
        }
        for r in rows
    ]
    stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return [int(i) for i in session.connection().execute(stmt, groups).scalars()]


@dataclass(frozen=True)
class MemberFacts:
    """A group member with the article facts that decide independence."""

    claim_id: int
    stance: str
    side: str | None
    proposition: str
    article_id: int
    article_outlet_id: int | None
    syndicated_of_id: int | None
    article_title: str


def _member_select():  # type: ignore[no-untyped-def]
    return select(
        Claim.group_id,
        Claim.id.label("claim_id"),
        Claim.stance,
        Claim.side,
        Claim.proposition,
        Article.id.label("article_id"),
        Article.outlet_id.label("article_outlet_id"),
        Article.syndicated_of_id,
        Article.title.label("article_title"),
    ).join(Article, Article.id == Claim.article_id)


def _member(row: Any) -> MemberFacts:
    """A member row (its group id first) as the member's facts."""
    return MemberFacts(*row[1:])


def members_of_groups(
    session: Session, group_ids: Iterable[int], *, also: Iterable[int] = (), per_group: int = 100
) -> dict[int, list[MemberFacts]]:
    """Members of groups: the oldest ``per_group`` of each, plus the claims ``also`` (the newcomers).

    Bounded however large a group grows: status needs the established members and what just joined.
    """
    wanted = sorted(set(group_ids))
    out: dict[int, dict[int, MemberFacts]] = {g: {} for g in wanted}
    session.flush()  # raw rows through the connection: nothing pending may be missed
    connection = session.connection()
    for group_id in wanted:
        for row in connection.execute(_OLDEST_MEMBERS, {"group": group_id, "limit": per_group}):
            out[group_id][row.claim_id] = _member(row)
    newcomers = sorted(set(also))
    for chunk in chunks(newcomers):
        for row in connection.execute(_MEMBERS_BY_ID, {"ids": chunk}):
            if row.group_id in out:
                out[row.group_id][row.claim_id] = _member(row)
    return {g: list(members.values()) for g, members in out.items()}


# Built once and bound per call: these run for every group an article touches.
_OLDEST_MEMBERS = (
    _member_select()
    .where(Claim.group_id == bindparam("group"), IS_CURRENT)
    .order_by(Claim.id)
    .limit(bindparam("limit", type_=Integer))
)
_MEMBERS_BY_ID = _member_select().where(Claim.id.in_(bindparam("ids", expanding=True)), IS_CURRENT)


def source_counts(session: Session, group_ids: Iterable[int]) -> dict[int, int]:
    """How many sources each group's current claims come from, counted whole by the database.

    A source is the outlet of the article a claim's article copies (else that article itself), or the
    claim's own article's outlet (else the article): the rule ``bot.extract.grouping`` counts by.
    """
    root = aliased(Article)
    source = case(
        (root.id.is_not(None), func.coalesce(root.outlet_id, -root.id)),
        else_=func.coalesce(Article.outlet_id, -Article.id),
    )
    out: dict[int, int] = {}
    for chunk in chunks(sorted(set(group_ids))):
        stmt = (
            select(Claim.group_id, func.count(func.distinct(source)))
            .join(Article, Article.id == Claim.article_id)
            .outerjoin(root, root.id == Article.syndicated_of_id)
            .where(Claim.group_id.in_(chunk), IS_CURRENT)
            .group_by(Claim.group_id)
        )
        out.update({int(group or 0): int(count) for group, count in session.execute(stmt)})
    return out


def delete_empty_groups(session: Session, group_ids: Iterable[int]) -> None:
    """Drop groups that no claim belongs to any more (after a corrected article lost its claims)."""
    wanted = sorted(set(group_ids))
    for chunk in chunks(wanted):
        used = select(Claim.group_id).where(Claim.group_id.in_(chunk))
        session.execute(delete(ClaimGroup).where(ClaimGroup.id.in_(chunk), ClaimGroup.id.not_in(used)))


def update_groups(session: Session, rows: Sequence[GroupStatusRow]) -> None:
    """Record groups' statuses, outlet counts and dispute reasons."""
    if not rows:
        return
    table = _table(ClaimGroup)
    stmt = (
        update(table)
        .where(table.c.id == bindparam("group"))
        .values(
            status=bindparam("status"),
            outlet_count=bindparam("outlet_count"),
            dispute_reason=bindparam("reason"),
            updated_at=bindparam("when"),
        )
    )
    session.connection().execute(stmt, values(rows))


def article_sources(session: Session, article_ids: Iterable[int]) -> dict[int, tuple[int | None, str]]:
    """For each article: its publisher outlet id and title (for source identity of syndicated roots)."""
    wanted = sorted(set(article_ids))
    out: dict[int, tuple[int | None, str]] = {}
    for chunk in chunks(wanted):
        stmt = select(Article.id, Article.outlet_id, Article.title).where(Article.id.in_(chunk))
        out.update({int(a): (o, str(t)) for a, o, t in session.execute(stmt)})
    return out


def group_members(session: Session, group_ids: Iterable[int], per_group: int = 50) -> dict[int, list[int]]:
    """Claim ids of each group (current articles only), oldest first, at most ``per_group`` each."""
    wanted = sorted(set(group_ids))
    out: dict[int, list[int]] = {g: [] for g in wanted}
    for chunk in chunks(wanted):
        stmt = (
            select(Claim.group_id, Claim.id)
            .join(Article, Article.id == Claim.article_id)
            .where(Claim.group_id.in_(chunk), IS_CURRENT)
            .order_by(Claim.id)
        )
        for group_id, claim_id in session.execute(stmt):
            if group_id is not None and len(out[group_id]) < per_group:
                out[group_id].append(int(claim_id))
    return out


# --- rebuilding -----------------------------------------------------------------------------------------


def clear_knowledge(session: Session) -> None:
    """Delete everything derived from articles: claims, groups, mentions, entities, the index."""
    session.execute(delete(ClaimEntity))
    session.execute(delete(ClaimVector))
    session.execute(delete(Claim))
    session.execute(delete(ClaimGroup))
    session.execute(delete(Mention))
    profiles.clear_profiles(session)
    stories.clear_story_entities(session)
    session.execute(delete(EntityAlias))
    session.execute(delete(Term))
    session.execute(delete(TermStat))
    session.execute(delete(Entity))


def followed_names(session: Session) -> list[tuple[int, str]]:
    """(chat id, entity key) of every follow, so a rebuild can restore them on the new entities."""
    stmt = select(Follow.chat_id, Entity.key).join(Entity, Entity.id == Follow.entity_id)
    return [(int(c), str(k)) for c, k in session.execute(stmt)]


def restore_follows(session: Session, follows: Iterable[tuple[int, str]]) -> int:
    """Re-create follows by entity key after a rebuild; returns how many found their entity again."""
    restored = 0
    for chat_id, key in sorted(set(follows)):
        found = find_entities(session, key, limit=1)
        if found:
            session.execute(insert(Follow).values(chat_id=chat_id, entity_id=found[0]))
            restored += 1
    return restored


def article_ids_for_reindex(session: Session) -> list[int]:
    """Every stored article (all versions, oldest first): extraction replays them in order."""
    stmt = select(Article.id).order_by(Article.first_seen_at, Article.id)
    return [int(i) for i in session.scalars(stmt)]


def replaced_after(session: Session, article_id: int, newest: int) -> bool:
    """Whether a version of this article newer than article ``newest`` replaced it (stored since)."""
    stmt = select(Article.id).where(Article.previous_id == article_id, Article.id > newest).limit(1)
    return session.scalars(stmt).first() is not None


def delete_article_knowledge(session: Session, article_id: int) -> list[int]:
    """Remove one article's claims and mentions (a corrected article replaces its earlier version).

    Returns the groups that lost members, for their status to be recomputed.
    """
    claim_ids = [int(i) for i in session.scalars(select(Claim.id).where(Claim.article_id == article_id))]
    groups = {
        int(g)
        for g in session.scalars(select(Claim.group_id).where(Claim.article_id == article_id))
        if g is not None
    }
    remove_terms(session, "claim", claim_ids)
    for chunk in chunks(claim_ids):
        session.execute(delete(ClaimEntity).where(ClaimEntity.claim_id.in_(chunk)))
        session.execute(delete(ClaimVector).where(ClaimVector.claim_id.in_(chunk)))
    session.execute(delete(Claim).where(Claim.article_id == article_id))
    counts = select(Mention.entity_id, func.count()).where(Mention.article_id == article_id)
    lost = {int(e): -int(n) for e, n in session.execute(counts.group_by(Mention.entity_id))}
    bump_mention_counts(session, lost)
    session.execute(delete(Mention).where(Mention.article_id == article_id))
    profiles.delete_article_profiles(session, article_id)
    return sorted(groups)


def add_claim_vectors(session: Session, rows: Iterable[tuple[int, bytes]]) -> None:
    """Store claims' sentence vectors (claim id, int8 bytes)."""
    values = [{"claim_id": cid, "vector": blob} for cid, blob in rows]
    if values:
        session.connection().execute(insert(_table(ClaimVector)), values)

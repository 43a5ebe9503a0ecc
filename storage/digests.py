"""Digest queries: subscriptions, due and claimed deliveries with their state machine, and period data."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from storage import claims as claim_reads
from storage import stories
from storage.chats import upsert_chat
from storage.models import (
    Article,
    Chat,
    Claim,
    ClaimEntity,
    ClaimGroup,
    Delivery,
    Entity,
    EntityAlias,
    Follow,
    Mention,
    Outlet,
    QuestionLog,
    Subscription,
)
from storage.rows import view_of
from storage.types import utcnow

logger = logging.getLogger(__name__)


# --- values ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SubscriptionView:
    """A subscription as the scheduler and the settings screen see it."""

    id: int
    chat_id: int
    local_time: str
    timezone: str
    language: str
    all_topics: bool
    active: bool
    last_period_end: datetime | None
    next_due_at: datetime | None


@dataclass(frozen=True)
class ClaimedDelivery:
    """A delivery this worker holds (state ``sending``) with what it needs to compose and send it."""

    id: int
    subscription_id: int
    chat_id: int
    language: str
    all_topics: bool
    timezone: str
    period_key: str
    due_at: datetime
    period_start: datetime
    period_end: datetime
    attempts: int
    content: str | None
    parts_sent: int


@dataclass(frozen=True)
class PeriodArticle:
    """An article first seen in the period."""

    id: int
    title: str
    url: str | None
    outlet: str | None
    language: str
    is_correction: bool
    first_seen_at: datetime
    entity_ids: frozenset[int]
    story_id: int | None = None
    credited: str | None = None  # the outlet the article credits, named when it has no publisher


@dataclass(frozen=True)
class PeriodClaim:
    """One claim of a group touched in the period, with its verbatim quote and source."""

    id: int
    group_id: int
    stance: str
    side: str | None
    speaker: str | None
    quote: str
    outlet: str | None
    url: str | None
    title: str
    language: str
    is_correction: bool
    first_seen_at: datetime
    entity_ids: frozenset[int]
    story_id: int | None = None  # the story of the claim's article
    # Who reported it first (bot.provenance reads these): the article, its publication, whom it copies.
    article_id: int = 0
    published_at: datetime | None = None
    published_has_time: bool = False
    syndicated_of_id: int | None = None
    credited_outlet: str | None = None

    @property
    def article_url(self) -> str | None:
        return self.url

    credited: str | None = None  # the outlet the article or the claim credits


@dataclass(frozen=True)
class PeriodGroup:
    """A claim group that gained claims in the period, with all its claims (old and new)."""

    id: int
    label: str
    status: str
    outlet_count: int
    created_at: datetime
    updated_at: datetime
    claims: tuple[PeriodClaim, ...]

    @property
    def story_ids(self) -> frozenset[int]:
        """The stories the group's claims were reported in."""
        return frozenset(c.story_id for c in self.claims if c.story_id is not None)


@dataclass(frozen=True)
class PeriodData:
    """Everything a digest for ``[start, end)`` can draw on, before topic filtering."""

    start: datetime
    end: datetime
    articles: tuple[PeriodArticle, ...]
    groups: tuple[PeriodGroup, ...]


def _view(sub: Subscription) -> SubscriptionView:
    return view_of(SubscriptionView, sub)


# --- chats and subscriptions ----------------------------------------------------------------------------


def chat_language(session: Session, *, chat_id: int) -> str | None:
    """The language a chat chose with /language, if any."""
    return session.scalars(select(Chat.language).where(Chat.id == chat_id)).first()


def get_subscription(session: Session, *, chat_id: int) -> SubscriptionView | None:
    """The chat's subscription, active or not."""
    sub = session.scalars(select(Subscription).where(Subscription.chat_id == chat_id)).first()
    return _view(sub) if sub else None


def subscribe(
    session: Session,
    *,
    chat_id: int,
    chat_kind: str,
    local_time: str,
    timezone: str,
    language: str,
    next_due_at: datetime,
) -> SubscriptionView:
    """Create or reactivate the chat's subscription at this time and zone."""
    chat = upsert_chat(session, chat_id=chat_id, kind=chat_kind, language=language)
    chat.active = True
    sub = session.scalars(select(Subscription).where(Subscription.chat_id == chat_id)).first()
    if sub is None:
        sub = Subscription(chat_id=chat_id, all_topics=True, last_period_end=None)
        session.add(sub)
    sub.local_time = local_time
    sub.timezone = timezone
    sub.language = language
    sub.active = True
    sub.next_due_at = next_due_at
    session.flush()
    return _view(sub)


def update_subscription(
    session: Session,
    *,
    chat_id: int,
    local_time: str | None = None,
    timezone: str | None = None,
    language: str | None = None,
    all_topics: bool | None = None,
    next_due_at: datetime | None = None,
) -> SubscriptionView | None:
    """Change some settings of an existing subscription; None when the chat has none."""
    sub = session.scalars(select(Subscription).where(Subscription.chat_id == chat_id)).first()
    if sub is None:
        return None
    if local_time is not None:
        sub.local_time = local_time
    if timezone is not None:
        sub.timezone = timezone
    if language is not None:
        sub.language = language
    if all_topics is not None:
        sub.all_topics = all_topics
    if next_due_at is not None:
        sub.next_due_at = next_due_at
    session.flush()
    return _view(sub)


def unsubscribe(session: Session, *, chat_id: int) -> bool:
    """Stop the chat's digests (the row stays, so re-subscribing keeps the period); False if none."""
    result = session.execute(
        update(Subscription)
        .where(Subscription.chat_id == chat_id, Subscription.active.is_(True))
        .values(active=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def deactivate_chat(session: Session, *, chat_id: int) -> None:
    """The bot was blocked or removed: stop writing to this chat."""
    session.execute(update(Subscription).where(Subscription.chat_id == chat_id).values(active=False))
    session.execute(update(Chat).where(Chat.id == chat_id).values(active=False, updated_at=utcnow()))


def migrate_chat(session: Session, *, old_chat_id: int, new_chat_id: int) -> None:
    """A group became a supergroup: move its chat row, subscription, follows and questions to the new id."""
    old = session.get(Chat, old_chat_id)
    if old is None:
        return
    new = session.get(Chat, new_chat_id)
    if new is None:
        new = Chat(
            id=new_chat_id,
            kind="supergroup",
            language=old.language,
            context_entity_id=old.context_entity_id,
            context_story_id=old.context_story_id,
            active=True,
        )
        session.add(new)
        session.flush()
    has_new_sub = session.scalars(select(Subscription.id).where(Subscription.chat_id == new_chat_id)).first()
    if has_new_sub is None:
        session.execute(
            update(Subscription).where(Subscription.chat_id == old_chat_id).values(chat_id=new_chat_id)
        )
    followed = set(session.scalars(select(Follow.entity_id).where(Follow.chat_id == new_chat_id)))
    for follow in session.scalars(select(Follow).where(Follow.chat_id == old_chat_id)).all():
        if follow.entity_id not in followed:
            session.add(Follow(chat_id=new_chat_id, entity_id=follow.entity_id, created_at=follow.created_at))
    session.flush()
    session.execute(update(QuestionLog).where(QuestionLog.chat_id == old_chat_id).values(chat_id=new_chat_id))
    session.execute(delete(Chat).where(Chat.id == old_chat_id))
    logger.info("chat %s migrated to %s", old_chat_id, new_chat_id)


STORY_TOPICS = 5  # a followed story is covered in digests through this many of its main entities


def followed_by_chats(session: Session, chat_ids: list[int]) -> dict[int, frozenset[int]]:
    """Followed entity ids for many chats in one query, the main entities of followed stories included."""
    found: dict[int, set[int]] = defaultdict(set)
    for start in range(0, len(chat_ids), 5000):
        chunk = chat_ids[start : start + 5000]
        for chat_id, entity_id in session.execute(
            select(Follow.chat_id, Follow.entity_id).where(Follow.chat_id.in_(chunk))
        ):
            found[chat_id].add(entity_id)
    for chat_id, entity_ids in stories.followed_story_entities(
        session, chat_ids, per_story=STORY_TOPICS
    ).items():
        found[chat_id] |= entity_ids
    return {chat_id: frozenset(found.get(chat_id, ())) for chat_id in chat_ids}


def entity_names(session: Session, entity_ids: frozenset[int] | set[int]) -> dict[int, str]:
    """Canonical names of these entities."""
    if not entity_ids:
        return {}
    rows = session.execute(select(Entity.id, Entity.name).where(Entity.id.in_(sorted(entity_ids))))
    return {entity_id: name for entity_id, name in rows}


def find_entity_ids(session: Session, name: str, *, key: str) -> list[int]:
    """Entities whose canonical name or an alias is ``name`` (exactly, or by normalised ``key``)."""
    by_name = select(Entity.id).where(or_(Entity.name == name, Entity.key == key))
    by_alias = select(EntityAlias.entity_id).where(or_(EntityAlias.alias == name, EntityAlias.key == key))
    ids = set(session.scalars(by_name)) | set(session.scalars(by_alias))
    return sorted(ids)


def all_subscriptions(session: Session, *, active_only: bool = True) -> list[SubscriptionView]:
    """Every subscription (the benchmark and operators' listings)."""
    stmt = select(Subscription).order_by(Subscription.id)
    if active_only:
        stmt = stmt.where(Subscription.active.is_(True))
    return [_view(sub) for sub in session.scalars(stmt)]


# --- planning: from subscriptions to delivery rows -------------------------------------------------------


def due_subscriptions(session: Session, *, now: datetime, limit: int = 1000) -> list[SubscriptionView]:
    """Active subscriptions whose next digest is due at or before ``now``."""
    stmt = (
        select(Subscription)
        .where(Subscription.active.is_(True), Subscription.next_due_at <= now)
        .order_by(Subscription.next_due_at, Subscription.id)
        .limit(limit)
    )
    return [_view(sub) for sub in session.scalars(stmt)]


def advance_subscription(
    session: Session, *, subscription_id: int, expected: datetime, next_due_at: datetime
) -> bool:
    """Move the next due instant forward, only if nobody else did (compare-and-set); True when moved."""
    result = session.execute(
        update(Subscription)
        .where(Subscription.id == subscription_id, Subscription.next_due_at == expected)
        .values(next_due_at=next_due_at)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def create_delivery(
    session: Session,
    *,
    subscription_id: int,
    period_key: str,
    due_at: datetime,
    period_start: datetime,
    period_end: datetime,
    state: str = "pending",
    reason: str | None = None,
) -> bool:
    """Insert the delivery row for this subscriber and local date unless it exists; True when inserted."""
    values = {
        "subscription_id": subscription_id,
        "period_key": period_key,
        "due_at": due_at,
        "period_start": period_start,
        "period_end": period_end,
        "state": state,
        "attempts": 0,
        "parts_sent": 0,
        "last_error": reason,
    }
    dialect = session.get_bind().dialect.name
    insert_fn = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = (
        insert_fn(Delivery)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["subscription_id", "period_key"])
    )
    result = session.execute(stmt)
    return bool(result.rowcount)  # type: ignore[attr-defined]


# --- claiming and the delivery state machine ------------------------------------------------------------


def release_stale(session: Session, *, older_than: datetime) -> list[tuple[int, str | None, int]]:
    """Rows left ``sending`` by a worker that stopped go back to pending; returns (id, worker, parts_sent)."""
    rows = session.execute(
        select(Delivery.id, Delivery.claimed_by, Delivery.parts_sent)
        .where(Delivery.state == "sending", Delivery.claimed_at < older_than)
        .with_for_update(skip_locked=True)
    ).all()
    if rows:
        session.execute(
            update(Delivery)
            .where(Delivery.id.in_([r[0] for r in rows]), Delivery.state == "sending")
            .values(state="pending", claimed_by=None, next_attempt_at=None)
        )
    return [(r[0], r[1], r[2]) for r in rows]


def renew_claims(session: Session, *, worker: str, now: datetime) -> int:
    """``worker`` is alive: every row it holds keeps its lease from ``now``; returns how many."""
    result = session.execute(
        update(Delivery)
        .where(Delivery.state == "sending", Delivery.claimed_by == worker)
        .values(claimed_at=now)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def release_claims(session: Session, *, worker: str, count_attempt: bool = False) -> int:
    """``worker`` is stopping: every row it still holds is pending again at once; returns how many.

    What Telegram already accepted stays recorded (``parts_sent``), so the next worker sends only the rest.
    Claiming counted a try; a stop gives it back (``count_attempt=False``), a crash keeps it.
    """
    values: dict[str, object] = {"state": "pending", "claimed_by": None, "next_attempt_at": None}
    if not count_attempt:
        values["attempts"] = Delivery.attempts - 1
    result = session.execute(
        update(Delivery).where(Delivery.state == "sending", Delivery.claimed_by == worker).values(**values)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def expire_pending(session: Session, *, due_before: datetime, reason: str) -> int:
    """Pending rows more than the grace window late are skipped, not sent days later."""
    result = session.execute(
        update(Delivery)
        .where(Delivery.state == "pending", Delivery.due_at < due_before)
        .values(state="skipped", last_error=reason, claimed_by=None)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def claim_due(session: Session, *, now: datetime, worker: str, limit: int) -> list[ClaimedDelivery]:
    """Claim up to ``limit`` due pending rows for ``worker``.

    On PostgreSQL the candidate rows are locked with ``FOR UPDATE SKIP LOCKED`` so concurrent workers
    take disjoint rows; on every database the UPDATE only moves rows still ``pending`` (compare-and-set),
    so a row another worker took in between is simply not returned.
    """
    candidates = list(
        session.scalars(
            select(Delivery.id)
            .join(Subscription, Subscription.id == Delivery.subscription_id)
            .where(
                Delivery.state == "pending",
                Delivery.due_at <= now,
                or_(Delivery.next_attempt_at.is_(None), Delivery.next_attempt_at <= now),
                Subscription.active.is_(True),
            )
            .order_by(Delivery.due_at, Delivery.id)
            .limit(limit)
            .with_for_update(of=Delivery, skip_locked=True)
        )
    )
    if not candidates:
        return []
    claimed = set(
        session.scalars(
            update(Delivery)
            .where(Delivery.id.in_(candidates), Delivery.state == "pending")
            .values(state="sending", claimed_by=worker, claimed_at=now, attempts=Delivery.attempts + 1)
            .returning(Delivery.id)
        )
    )
    if not claimed:
        return []
    rows = session.execute(
        select(Delivery, Subscription)
        .join(Subscription, Subscription.id == Delivery.subscription_id)
        .where(Delivery.id.in_(sorted(claimed)), Delivery.claimed_by == worker)
        .order_by(Delivery.due_at, Delivery.id)
    ).all()
    return [
        view_of(
            ClaimedDelivery,
            d,
            subscription_id=s.id,
            chat_id=s.chat_id,
            language=s.language,
            all_topics=s.all_topics,
            timezone=s.timezone,
        )
        for d, s in rows
    ]


def _held(delivery_id: int, worker: str) -> ColumnElement[bool]:
    # Every transition is a compare-and-set on the claim: a worker that lost its claim changes nothing.
    return and_(Delivery.id == delivery_id, Delivery.state == "sending", Delivery.claimed_by == worker)


def save_content(session: Session, *, delivery_id: int, worker: str, content: str) -> bool:
    """Fix the composed messages on the row, so a resend after a crash sends the same text."""
    result = session.execute(update(Delivery).where(_held(delivery_id, worker)).values(content=content))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def subscription_chat(session: Session, *, subscription_id: int) -> int | None:
    """The chat a subscription currently delivers to (it changes when a group migrates)."""
    return session.scalars(select(Subscription.chat_id).where(Subscription.id == subscription_id)).first()


def record_part_sent(
    session: Session, *, delivery_id: int, worker: str, parts_sent: int, finished: bool, now: datetime
) -> bool:
    """Telegram accepted one more message; when it was the last, the row is ``sent`` and the period closes."""
    values: dict[str, object] = {"parts_sent": parts_sent}
    if finished:
        values.update(state="sent", sent_at=now, last_error=None)
    result = session.execute(update(Delivery).where(_held(delivery_id, worker)).values(**values))
    if not result.rowcount:  # type: ignore[attr-defined]
        return False
    if finished:
        _close_period(session, delivery_id)
    return True


def _close_period(session: Session, delivery_id: int) -> None:
    delivery = session.get(Delivery, delivery_id)
    if delivery is None:
        return
    session.execute(
        update(Subscription)
        .where(
            Subscription.id == delivery.subscription_id,
            or_(Subscription.last_period_end.is_(None), Subscription.last_period_end < delivery.period_end),
        )
        .values(last_period_end=delivery.period_end)
    )


def mark_skipped(session: Session, *, delivery_id: int, worker: str, reason: str, close_period: bool) -> bool:
    """Nothing to send (e.g. an empty period): ``skipped`` with the reason."""
    result = session.execute(
        update(Delivery).where(_held(delivery_id, worker)).values(state="skipped", last_error=reason)
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        return False
    if close_period:
        _close_period(session, delivery_id)
    return True


def mark_failed(session: Session, *, delivery_id: int, worker: str, reason: str) -> bool:
    """Give up on this delivery with the reason (the next day's digest covers the period again)."""
    result = session.execute(
        update(Delivery).where(_held(delivery_id, worker)).values(state="failed", last_error=reason)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def release_for_retry(
    session: Session,
    *,
    delivery_id: int,
    worker: str,
    next_attempt_at: datetime,
    reason: str,
    count_attempt: bool = True,
) -> bool:
    """Back to ``pending`` until ``next_attempt_at``; a flood wait does not count as a failed attempt."""
    values: dict[str, object] = {
        "state": "pending",
        "claimed_by": None,
        "next_attempt_at": next_attempt_at,
        "last_error": reason,
    }
    if not count_attempt:
        values["attempts"] = Delivery.attempts - 1
    result = session.execute(update(Delivery).where(_held(delivery_id, worker)).values(**values))
    return bool(result.rowcount)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class DeliveryView:
    """A delivery row as tests, previews and operators see it."""

    id: int
    subscription_id: int
    period_key: str
    state: str
    attempts: int
    parts_sent: int
    last_error: str | None
    claimed_by: str | None
    due_at: datetime
    period_start: datetime
    period_end: datetime


def deliveries(session: Session, *, subscription_id: int | None = None) -> list[DeliveryView]:
    """Delivery rows, oldest first."""
    stmt = select(Delivery).order_by(Delivery.due_at, Delivery.id)
    if subscription_id is not None:
        stmt = stmt.where(Delivery.subscription_id == subscription_id)
    return [view_of(DeliveryView, d) for d in session.scalars(stmt)]


# --- what a period holds --------------------------------------------------------------------------------


def load_period(session: Session, *, start: datetime, end: datetime) -> PeriodData:
    """Articles first seen in ``[start, end)`` and the claim groups that gained claims from them."""
    in_period = and_(Article.first_seen_at >= start, Article.first_seen_at < end)
    credited = Outlet.__table__.alias("credited")
    article_rows = session.execute(
        select(
            Article.id,
            Article.title,
            Article.url,
            Outlet.name,
            Article.language,
            Article.is_correction,
            Article.first_seen_at,
            credited.c.name,
        )
        .outerjoin(Outlet, Outlet.id == Article.outlet_id)
        .outerjoin(credited, credited.c.id == Article.credited_outlet_id)
        .where(in_period, Article.is_current.is_(True))
        .order_by(Article.first_seen_at, Article.id)
    ).all()
    article_ids = [row[0] for row in article_rows]
    article_entities = _article_entities(session, article_ids)

    group_ids = sorted(
        gid
        for gid in set(
            session.scalars(
                select(Claim.group_id)
                .join(Article, Article.id == Claim.article_id)
                .where(in_period, Claim.group_id.is_not(None))
                .distinct()
            )
        )
        if gid is not None
    )
    groups = _load_groups(session, group_ids)
    story_of = stories.stories_of_articles(session, article_ids)
    articles = tuple(
        PeriodArticle(
            id=aid,
            title=title,
            url=url,
            outlet=outlet,  # named by the bot's one rule (bot.sources), never by the title
            language=language,
            is_correction=is_correction,
            first_seen_at=seen,
            entity_ids=article_entities.get(aid, frozenset()),
            story_id=story_of.get(aid),
            credited=credited_name,
        )
        for aid, title, url, outlet, language, is_correction, seen, credited_name in article_rows
    )
    return PeriodData(start=start, end=end, articles=articles, groups=groups)


def _article_entities(session: Session, article_ids: list[int]) -> dict[int, frozenset[int]]:
    found: dict[int, set[int]] = defaultdict(set)
    for chunk_start in range(0, len(article_ids), 5000):
        chunk = article_ids[chunk_start : chunk_start + 5000]
        for aid, eid in session.execute(
            select(Mention.article_id, Mention.entity_id).where(Mention.article_id.in_(chunk)).distinct()
        ):
            found[aid].add(eid)
        for aid, eid in session.execute(
            select(Claim.article_id, ClaimEntity.entity_id)
            .join(ClaimEntity, ClaimEntity.claim_id == Claim.id)
            .where(Claim.article_id.in_(chunk))
            .distinct()
        ):
            found[aid].add(eid)
    return {aid: frozenset(eids) for aid, eids in found.items()}


_GroupMeta = tuple[str, str, int, datetime, datetime]  # label, status, outlet count, created, updated


def _load_groups(session: Session, group_ids: list[int]) -> tuple[PeriodGroup, ...]:
    claims_by_group: dict[int, list[PeriodClaim]] = defaultdict(list)
    meta: dict[int, _GroupMeta] = {}
    for chunk_start in range(0, len(group_ids), 5000):
        chunk = group_ids[chunk_start : chunk_start + 5000]
        meta.update(_group_meta(session, chunk))
        for claim in _group_claims(session, chunk, _group_claim_entities(session, chunk)):
            claims_by_group[claim.group_id].append(claim)
    return tuple(
        PeriodGroup(
            id=gid,
            label=meta[gid][0],
            status=meta[gid][1],
            outlet_count=meta[gid][2],
            created_at=meta[gid][3],
            updated_at=meta[gid][4],
            claims=tuple(claims_by_group.get(gid, ())),
        )
        for gid in sorted(meta)
    )


def _group_meta(session: Session, group_ids: list[int]) -> dict[int, _GroupMeta]:
    """Each group's label, status, outlet count and dates."""
    rows = session.execute(
        select(
            ClaimGroup.id,
            ClaimGroup.label,
            ClaimGroup.status,
            ClaimGroup.outlet_count,
            ClaimGroup.created_at,
            ClaimGroup.updated_at,
        ).where(ClaimGroup.id.in_(group_ids))
    )
    return {
        gid: (label, status, count, created, updated) for gid, label, status, count, created, updated in rows
    }


def _group_claim_entities(session: Session, group_ids: list[int]) -> dict[int, set[int]]:
    """The entities each claim of these groups is linked to, by claim id."""
    claim_entities: dict[int, set[int]] = defaultdict(set)
    for cid, eid in session.execute(
        select(ClaimEntity.claim_id, ClaimEntity.entity_id)
        .join(Claim, Claim.id == ClaimEntity.claim_id)
        .where(Claim.group_id.in_(group_ids))
    ):
        claim_entities[cid].add(eid)
    return claim_entities


DIGEST_CLAIMS_PER_GROUP = 50  # a digest cites a few sources per point; reads stay bounded per group


def _group_claims(
    session: Session, group_ids: list[int], claim_entities: dict[int, set[int]]
) -> list[PeriodClaim]:
    """The current claims of these groups with their quotes and sources, in the order they were seen."""
    views = claim_reads.claims_in_groups(session, group_ids, per_group=DIGEST_CLAIMS_PER_GROUP)
    views.sort(key=lambda v: (v.first_seen_at, v.id))
    story_of = stories.stories_of_articles(session, {v.article_id for v in views})
    return [
        PeriodClaim(
            id=view.id,
            group_id=view.group_id,
            stance=view.stance,
            side=view.side,
            speaker=view.speaker,
            quote=view.quote or "",
            outlet=view.outlet,  # named by the bot's one rule (bot.sources), never by the title
            credited=view.credited_outlet,
            url=view.article_url,
            title=view.article_title,
            language=view.language,
            is_correction=view.is_correction,
            first_seen_at=view.first_seen_at,
            entity_ids=frozenset(claim_entities.get(view.id, ())),
            story_id=story_of.get(view.article_id),
            article_id=view.article_id,
            published_at=view.published_at,
            published_has_time=view.published_has_time,
            syndicated_of_id=view.syndicated_of_id,
            credited_outlet=view.credited_outlet,
        )
        for view in views
        if view.group_id is not None
    ]

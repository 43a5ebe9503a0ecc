"""The database schema: typed SQLAlchemy 2 models for articles, entities, claims, chats and digests."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from storage.types import UTCDateTime, utcnow

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ENTITY_KINDS = ("person", "organisation", "group", "place", "country", "outlet")
STANCES = ("affirmed", "denied")
GROUP_STATUSES = ("corroborated", "single-source", "disputed")
PROFILE_KINDS = ("role", "latin-name")
DELIVERY_STATES = ("pending", "sending", "sent", "failed", "skipped")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


# --- articles -------------------------------------------------------------------------------------------


class Outlet(Base):
    """A publisher or a credited source, keyed by its normalised name."""

    __tablename__ = "outlets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(200), unique=True)
    site: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Feed(Base):
    """An RSS/Atom feed the operator follows; ETag and Last-Modified make polling cheap."""

    __tablename__ = "feeds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(1000), unique=True)
    title: Mapped[str | None] = mapped_column(String(300))
    outlet_id: Mapped[int | None] = mapped_column(ForeignKey("outlets.id", ondelete="SET NULL"))
    etag: Mapped[str | None] = mapped_column(String(300))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    last_polled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    outlet: Mapped[Outlet | None] = relationship()


def article_dedupe_key(content_hash: str, outlet_id: int | None) -> str:
    """What makes an article the same article: its exact text under its outlet (or under none)."""
    return f"{content_hash}:{outlet_id if outlet_id is not None else ''}"


def _dedupe_key_default(context: Any) -> str:
    values = context.get_current_parameters()
    return article_dedupe_key(values["content_hash"], values.get("outlet_id"))


class Article(Base):
    """One version of one article: the original text untouched, plus where it came from.

    A re-fetched URL whose text changed gets a new row with ``is_correction`` set and
    ``previous_id`` pointing at the earlier version, which stays with ``is_current`` false.
    ``dedupe_key`` (the text's hash and the outlet) is unique: the same article is stored once,
    however many writers store it at the same time.
    """

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str | None] = mapped_column(String(2000), index=True)
    guid: Mapped[str | None] = mapped_column(String(1000), index=True)
    source: Mapped[str] = mapped_column(String(2000))  # the path or URL it was read from
    feed_id: Mapped[int | None] = mapped_column(ForeignKey("feeds.id", ondelete="SET NULL"))
    outlet_id: Mapped[int | None] = mapped_column(ForeignKey("outlets.id"), index=True)
    credited_outlet_id: Mapped[int | None] = mapped_column(ForeignKey("outlets.id"))
    title: Mapped[str] = mapped_column(Text)
    title_derived: Mapped[bool] = mapped_column(Boolean, default=False)
    author: Mapped[str | None] = mapped_column(String(300))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    published_has_time: Mapped[bool] = mapped_column(Boolean, default=False)
    language: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)  # original decoded text, cleaned of boilerplate only
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    dedupe_key: Mapped[str] = mapped_column(
        String(90), unique=True, index=True, default=_dedupe_key_default, server_default=""
    )
    fingerprint: Mapped[str] = mapped_column(String(64), index=True)  # normalised-text hash for syndication
    syndicated_of_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"))
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"))
    is_correction: Mapped[bool] = mapped_column(Boolean, default=False)
    is_current: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    outlet: Mapped[Outlet | None] = relationship(foreign_keys=[outlet_id])
    credited_outlet: Mapped[Outlet | None] = relationship(foreign_keys=[credited_outlet_id])
    sentences: Mapped[list[Sentence]] = relationship(
        back_populates="article", cascade="all, delete-orphan", order_by="Sentence.position"
    )


# Whether an article is the current version, as a filter that uses no index on the flag: nearly every
# article is current, yet without statistics SQLite takes the flag's index for a selective one and reads
# every current article, instead of the few rows asked for by id, URL or group.
IS_CURRENT = func.coalesce(Article.is_current, False).is_(True)


class Sentence(Base):
    """A citable span of an article's original text, with its normalised form for matching."""

    __tablename__ = "sentences"
    __table_args__ = (
        UniqueConstraint("article_id", "position"),
        CheckConstraint("start_offset <= end_offset", name="span"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    start_offset: Mapped[int] = mapped_column(Integer)
    end_offset: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))  # title, paragraph, bullet, tweet, heading
    normalised: Mapped[str] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(String(300))  # a tweet's author
    said_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # a tweet's date

    article: Mapped[Article] = relationship(back_populates="sentences")


class ArticleShingle(Base):
    """One of an article's smallest word-shingle hashes (a bottom-k sketch) for finding syndicated copies."""

    __tablename__ = "article_shingles"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    hash: Mapped[int] = mapped_column(Integer, primary_key=True, index=True)


# --- entities and claims --------------------------------------------------------------------------------


class Entity(Base):
    """A person, group, place, ... known under one canonical name and many aliases."""

    __tablename__ = "entities"
    __table_args__ = (CheckConstraint(f"kind IN {ENTITY_KINDS!r}", name="kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20), index=True)
    key: Mapped[str] = mapped_column(String(300), index=True)  # normalised canonical name
    mention_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    aliases: Mapped[list[EntityAlias]] = relationship(back_populates="entity", cascade="all, delete-orphan")


class EntityAlias(Base):
    """One spelling of an entity's name, with its normalised and Latin consonant keys."""

    __tablename__ = "entity_aliases"
    __table_args__ = (UniqueConstraint("entity_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(300))
    key: Mapped[str] = mapped_column(String(300), index=True)
    latin_key: Mapped[str] = mapped_column(String(300), index=True)
    origin: Mapped[str] = mapped_column(String(20))  # text, statement, translit, fuzzy, gazetteer

    entity: Mapped[Entity] = relationship(back_populates="aliases")


class EntityProfileLine(Base):
    """One cited line of an entity's profile: a role as an article gives it, or its name in Latin script.

    ``kind`` is ``role`` ("وزير المالية", "spokesman for the ministry") or ``latin-name`` (the Latin
    spelling an article uses, for English answers). The text is cut verbatim from the article at
    ``start_offset:end_offset``; ``key`` (normalised text) keeps one line per entity, kind and wording.
    """

    __tablename__ = "entity_profile_lines"
    __table_args__ = (
        UniqueConstraint("entity_id", "kind", "key"),
        CheckConstraint("start_offset < end_offset", name="span"),
        CheckConstraint(f"kind IN {PROFILE_KINDS!r}", name="kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(String(300))
    key: Mapped[str] = mapped_column(String(300))
    start_offset: Mapped[int] = mapped_column(Integer)
    end_offset: Mapped[int] = mapped_column(Integer)


class Mention(Base):
    """Where an entity is named in an article (offsets into the original text)."""

    __tablename__ = "mentions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    sentence_id: Mapped[int | None] = mapped_column(ForeignKey("sentences.id", ondelete="CASCADE"))
    start_offset: Mapped[int] = mapped_column(Integer)
    end_offset: Mapped[int] = mapped_column(Integer)
    surface: Mapped[str] = mapped_column(String(300))


class ClaimGroup(Base):
    """The same proposition across outlets; its status says whether they agree."""

    __tablename__ = "claim_groups"
    __table_args__ = (CheckConstraint(f"status IN {GROUP_STATUSES!r}", name="status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    label: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="single-source", index=True)
    outlet_count: Mapped[int] = mapped_column(Integer, default=1)
    dispute_reason: Mapped[str | None] = mapped_column(String(40))  # denial, numbers, accounts
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    claims: Mapped[list[Claim]] = relationship(back_populates="group")


class Claim(Base):
    """A statement someone makes in an article: speaker, verb, stance and the verbatim span."""

    __tablename__ = "claims"
    __table_args__ = (
        CheckConstraint(f"stance IN {STANCES!r}", name="stance"),
        CheckConstraint("start_offset < end_offset", name="span"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    sentence_id: Mapped[int | None] = mapped_column(ForeignKey("sentences.id", ondelete="CASCADE"))
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("claim_groups.id", ondelete="SET NULL"), index=True
    )
    start_offset: Mapped[int] = mapped_column(Integer)
    end_offset: Mapped[int] = mapped_column(Integer)
    normalised: Mapped[str] = mapped_column(Text)
    speaker: Mapped[str | None] = mapped_column(String(300))
    speaker_entity_id: Mapped[int | None] = mapped_column(
        ForeignKey("entities.id", ondelete="SET NULL"), index=True
    )
    verb: Mapped[str | None] = mapped_column(String(40))
    stance: Mapped[str] = mapped_column(String(10), default="affirmed")
    kind: Mapped[str] = mapped_column(String(20))  # reported, quote, tweet, bullet, headline, statement
    # What is claimed, normalised, without the attribution or negation: what grouping compares.
    proposition: Mapped[str] = mapped_column(Text, default="")
    # In a dispute of incompatible accounts, which account this claim gives (e.g. the agent it names).
    side: Mapped[str | None] = mapped_column(String(100))
    outlet_id: Mapped[int | None] = mapped_column(ForeignKey("outlets.id"))
    credited_outlet_id: Mapped[int | None] = mapped_column(ForeignKey("outlets.id"))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    article: Mapped[Article] = relationship()
    group: Mapped[ClaimGroup | None] = relationship(back_populates="claims")


class ClaimEntity(Base):
    """Which entities a claim is about."""

    __tablename__ = "claim_entities"

    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True)
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ClaimVector(Base):
    """A claim's sentence vector (int8, see bot/embed.py): the semantic half of retrieval and grouping."""

    __tablename__ = "claim_vectors"

    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True)
    vector: Mapped[bytes] = mapped_column(LargeBinary)


class Term(Base):
    """The candidate index: a normalised term pointing at a claim, an entity or a sentence.

    A plain table rather than FTS5 so the same lookups run on SQLite and PostgreSQL.
    """

    __tablename__ = "terms"
    # Covers the lookup (term, kind) -> target ids, so answering never touches the table itself.
    __table_args__ = (Index("ix_terms_term_kind_target", "term", "target_kind", "target_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    term: Mapped[str] = mapped_column(String(100))
    target_kind: Mapped[str] = mapped_column(String(10))  # claim, entity, group
    target_id: Mapped[int] = mapped_column(Integer, index=True)
    weight: Mapped[float] = mapped_column(Float, default=1.0)


class TermStat(Base):
    """How many targets of one kind carry a term: the document frequency behind rarest-first lookups."""

    __tablename__ = "term_stats"

    term: Mapped[str] = mapped_column(String(100), primary_key=True)
    target_kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


# --- stories --------------------------------------------------------------------------------------------


class Story(Base):
    """One event as its articles report it: the articles clustered together, with its time span.

    ``manual`` is set once an operator merged or split it; its articles are then pinned to it.
    """

    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    first_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    article_count: Mapped[int] = mapped_column(Integer, default=0)
    manual: Mapped[bool] = mapped_column(Boolean, default=False)
    # The sum of its articles' meaning vectors (float32), whose direction new articles are compared with.
    vector: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class StoryArticle(Base):
    """Which story an article belongs to, how well it fitted, and whether an operator put it there."""

    __tablename__ = "story_articles"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), index=True)
    seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # published, else first seen
    score: Mapped[float] = mapped_column(Float, default=0.0)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)  # kept by a rebuild


class StoryEntity(Base):
    """How many of a story's articles name an entity, and when last: what new articles are matched on."""

    __tablename__ = "story_entities"
    # Looks up the recent stories naming an entity without reading the others.
    __table_args__ = (Index("ix_story_entities_entity_last", "entity_id", "last_at"),)

    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True)
    articles: Mapped[int] = mapped_column(Integer, default=0)
    last_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class StoryTitle(Base):
    """A story's title in one language: the headline of its most central article in that language."""

    __tablename__ = "story_titles"

    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True)
    language: Mapped[str] = mapped_column(String(8), primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(Text)
    centrality: Mapped[float] = mapped_column(Float, default=0.0)


# --- people using the bot -------------------------------------------------------------------------------


class Chat(Base):
    """A Telegram chat (or the terminal) and what the conversation refers to."""

    __tablename__ = "chats"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)  # Telegram chat id
    kind: Mapped[str] = mapped_column(String(20), default="private")
    language: Mapped[str | None] = mapped_column(String(8))
    context_entity_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id", ondelete="SET NULL"))
    # The story the chat last asked about. No foreign key: adding one would copy the table on SQLite,
    # and a story merged away since is simply not found.
    context_story_id: Mapped[int | None] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Follow(Base):
    """An entity a chat follows (restricts its digest to those topics)."""

    __tablename__ = "follows"

    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"), primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class StoryFollow(Base):
    """A story a chat follows: its digest covers the story's main entities."""

    __tablename__ = "story_follows"

    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"), primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SentAnswer(Base):
    """An answer the bot sent: which message asked, which messages carry it, and what it cited.

    An edited question finds its answer here to edit it in place; a report of a mistake copies it.
    Kept as long as the questions (BRIEFING_QUESTION_RETENTION_DAYS).
    """

    __tablename__ = "answers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    question_message_id: Mapped[int | None] = mapped_column(BigInteger)
    reply_message_ids: Mapped[str] = mapped_column(Text, default="[]")  # JSON list, in order
    question: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    found: Mapped[bool] = mapped_column(Boolean)
    cited: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of the sources it cited
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    __table_args__ = (Index("ix_answers_chat_question", "chat_id", "question_message_id"),)


REPORT_REASONS = ("speaker", "agreement", "outdated", "other")
REPORT_KINDS = ("answer", "digest")  # what was reported: an answer, or one numbered point of a digest


class Report(Base):
    """A reader's report of a mistake in an answer or a digest point, with a copy of the question (or the
    point's sentence) and what it cited, so it outlives the answer; deleted with the reader's /forget."""

    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    answer_id: Mapped[int | None] = mapped_column(ForeignKey("answers.id", ondelete="SET NULL"), index=True)
    reason: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(10), default="answer", server_default="answer")
    point: Mapped[int | None] = mapped_column(Integer)  # the point's number in the digest, for a digest
    question: Mapped[str] = mapped_column(Text)  # an answer's question, or the digest point's sentence
    language: Mapped[str] = mapped_column(String(8))
    cited: Mapped[str] = mapped_column(Text, default="[]")  # JSON, as the answer had it
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    __table_args__ = (
        CheckConstraint("reason IN ('speaker', 'agreement', 'outdated', 'other')", name="reason"),
        CheckConstraint("kind IN ('answer', 'digest')", name="kind"),
    )


class QuestionLog(Base):
    """A question asked, kept for /stats for a limited number of days."""

    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int | None] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    question: Mapped[str] = mapped_column(Text)
    found: Mapped[bool] = mapped_column(Boolean)
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class Subscription(Base):
    """A chat's daily digest: local wall-clock time, time zone, language, topics."""

    __tablename__ = "subscriptions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"), unique=True)
    local_time: Mapped[str] = mapped_column(String(5))  # HH:MM
    timezone: Mapped[str] = mapped_column(String(64))  # IANA name or fixed offset such as +03:00
    language: Mapped[str] = mapped_column(String(8), default="ar")
    all_topics: Mapped[bool] = mapped_column(Boolean, default=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    last_period_end: Mapped[datetime | None] = mapped_column(UTCDateTime)
    next_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)  # next scheduled digest
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Delivery(Base):
    """One digest for one subscriber and one local day; unique, so it is never sent twice."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("subscription_id", "period_key"),
        CheckConstraint(f"state IN {DELIVERY_STATES!r}", name="state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id", ondelete="CASCADE"))
    period_key: Mapped[str] = mapped_column(String(20))  # the subscriber's local date, YYYY-MM-DD
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    period_start: Mapped[datetime] = mapped_column(UTCDateTime)
    period_end: Mapped[datetime] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    # The composed messages (JSON list), fixed once composed.
    content: Mapped[str | None] = mapped_column(Text)
    parts_sent: Mapped[int] = mapped_column(Integer, default=0)  # messages Telegram has accepted so far

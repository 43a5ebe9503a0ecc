"""The people using the bot: chat context and language, questions, rate limit, follows, forgetting, stats."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bot.answer.types import Answer, Conversation, EntityHit
from bot.stories.listing import StorySummary, list_stories
from bot.text import ARABIC_LETTER, LATIN_LETTER, language_of
from storage import chats as store
from storage import digests as digest_store
from storage import reports as report_store
from storage import stories as story_store
from storage.types import utcnow

logger = logging.getLogger(__name__)

LANGUAGES = ("ar", "en")
RATE_WINDOW = timedelta(minutes=1)


@dataclass(frozen=True)
class ChatState:
    """What a handler needs to know about a chat before answering: its language and conversation."""

    chat_id: int
    kind: str
    language: str  # the interface language: the chat's choice, else the user's Telegram language
    chosen_language: str | None  # set by /language, None when derived
    context_entity_id: int | None
    context_story_id: int | None = None  # the story the chat last asked about

    @property
    def conversation(self) -> Conversation:
        return Conversation(entity_id=self.context_entity_id, language=self.chosen_language)


@dataclass(frozen=True)
class FollowResult:
    """The outcome of /follow or /unfollow: the entity matched (None if none) and whether anything changed."""

    entity: EntityHit | None
    changed: bool


@dataclass(frozen=True)
class Stats:
    """What /stats shows an operator."""

    articles: int
    entities: int
    claims: int
    disputed: int
    subscribers: int
    chats: int
    questions: int
    not_found: int
    retention_days: int
    reports: int = 0  # readers' reports of mistakes

    @property
    def not_found_rate(self) -> float:
        return self.not_found / self.questions if self.questions else 0.0


def language_from_code(code: str | None) -> str:
    """Telegram's IETF language tag to the bot's interface language: Arabic for ar*, English otherwise."""
    return "ar" if (code or "").lower().startswith("ar") else "en"


def reply_language(question: str, *, chosen: str | None, fallback: str) -> str:
    """The language of a reply: the chat's /language choice, else the question's, else ``fallback``
    (the user's Telegram language, or the terminal chat's last language) when it has no letters."""
    if chosen in LANGUAGES:
        return chosen
    if ARABIC_LETTER.search(question) or LATIN_LETTER.search(question):
        return language_of(question)
    return fallback


def chat_state(session: Session, *, chat_id: int, kind: str, telegram_language: str | None) -> ChatState:
    """The chat's state, creating its row on first contact."""
    chat = store.upsert_chat(session, chat_id=chat_id, kind=kind)
    return ChatState(
        chat_id=chat.id,
        kind=chat.kind,
        language=chat.language or language_from_code(telegram_language),
        chosen_language=chat.language,
        context_entity_id=chat.context_entity_id,
        context_story_id=chat.context_story_id,
    )


def reader_zone(session: Session, *, chat_id: int) -> str:
    """The zone a chat reads times in: its digest subscription's (an IANA name or +HH:MM), else UTC."""
    subscription = digest_store.get_subscription(session, chat_id=chat_id)
    return subscription.timezone if subscription is not None and subscription.timezone else "UTC"


def set_language(session: Session, *, chat_id: int, kind: str, language: str) -> None:
    """Set the chat's language, its digest's too (one language per chat); ValueError unless ar or en."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; use ar or en")
    store.upsert_chat(session, chat_id=chat_id, kind=kind)
    store.set_chat_language(session, chat_id=chat_id, language=language)
    digest_store.update_subscription(session, chat_id=chat_id, language=language)


def allow_question(session: Session, *, user_id: int, per_minute: int, now: datetime | None = None) -> bool:
    """Whether this user may ask now: fewer than ``per_minute`` questions in the last minute.

    Counted from the question log, so the limit holds across restarts and workers.
    """
    return next_question_at(session, user_id=user_id, per_minute=per_minute, now=now) is None


def next_question_at(
    session: Session, *, user_id: int, per_minute: int, now: datetime | None = None
) -> datetime | None:
    """None when this user may ask now (fewer than ``per_minute`` questions in the last minute), else
    when they may ask again: as soon as their oldest question of the minute leaves it."""
    now = now or utcnow()
    since = now - RATE_WINDOW
    if store.count_questions_since(session, user_id=user_id, since=since) < per_minute:
        return None
    oldest = store.first_question_since(session, user_id=user_id, since=since)
    return (oldest or now) + RATE_WINDOW


def record_answer(
    session: Session,
    *,
    chat_id: int,
    user_id: int | None,
    answer: Answer,
    story: int | None = None,
    now: datetime | None = None,
) -> None:
    """Log the question; the answer's best entity and its story become the chat's context for follow-ups."""
    store.add_question(
        session,
        chat_id=chat_id,
        user_id=user_id,
        question=answer.question[:4000],
        found=answer.found,
        asked_at=now or utcnow(),
    )
    if answer.found and answer.top_entity is not None:
        store.set_context_entity(session, chat_id=chat_id, entity_id=answer.top_entity.id)
    if answer.found and story is not None:
        store.set_context_story(session, chat_id=chat_id, story_id=story)


def purge_questions(session: Session, *, retention_days: int, now: datetime | None = None) -> int:
    """Delete questions older than the retention period; returns how many were deleted."""
    cutoff = (now or utcnow()) - timedelta(days=retention_days)
    deleted = store.delete_questions_before(session, cutoff=cutoff)
    report_store.delete_answers_before(session, cutoff=cutoff)
    if deleted:
        logger.info("deleted %d questions older than %d days", deleted, retention_days)
    return deleted


def follow(session: Session, *, chat_id: int, kind: str, entity: EntityHit) -> FollowResult:
    """Follow ``entity`` in this chat (its digest is then restricted to followed entities)."""
    store.upsert_chat(session, chat_id=chat_id, kind=kind)
    return FollowResult(entity, store.add_follow(session, chat_id=chat_id, entity_id=entity.id))


def unfollow(session: Session, *, chat_id: int, entity: EntityHit) -> FollowResult:
    return FollowResult(entity, store.remove_follow(session, chat_id=chat_id, entity_id=entity.id))


@dataclass(frozen=True)
class StoryFollowResult:
    """The outcome of /follow or /unfollow of a story: the story (None if there is none) and whether anything
    changed."""

    story: StorySummary | None
    changed: bool


def follow_story(session: Session, *, chat_id: int, kind: str, story_id: int) -> StoryFollowResult:
    """Follow a story in this chat: its digest then covers the story's main entities."""
    found = list_stories(session, story_ids=[story_id], limit=1)
    if not found:
        return StoryFollowResult(None, False)
    store.upsert_chat(session, chat_id=chat_id, kind=kind)
    return StoryFollowResult(
        found[0], story_store.add_story_follow(session, chat_id=chat_id, story_id=story_id)
    )


def unfollow_story(session: Session, *, chat_id: int, story_id: int) -> StoryFollowResult:
    found = list_stories(session, story_ids=[story_id], limit=1)
    if not found:
        return StoryFollowResult(None, False)
    return StoryFollowResult(
        found[0], story_store.remove_story_follow(session, chat_id=chat_id, story_id=story_id)
    )


def followed(session: Session, *, chat_id: int, language: str = "en") -> list[str]:
    """Names of the entities this chat follows, then the titles of the stories it follows."""
    names = [e.name for e in store.followed_entities(session, chat_id=chat_id)]
    story_ids = story_store.followed_stories(session, chat_id=chat_id)
    summaries = (
        {s.id: s for s in list_stories(session, story_ids=story_ids, limit=len(story_ids))}
        if story_ids
        else {}
    )
    return names + [f"#{i} {summaries[i].title(language)}" for i in story_ids if i in summaries]


def entity_hit(session: Session, entity_id: int) -> EntityHit | None:
    """An EntityHit for a known id (a button press), or None when the entity is gone."""
    from storage.browse import entity, entity_aliases

    row = entity(session, entity_id=entity_id)
    if row is None:
        return None
    return EntityHit(row.id, row.name, row.kind, tuple(entity_aliases(session, entity_id=row.id)), 1.0)


def forget(session: Session, *, chat_id: int, user_id: int | None, private: bool) -> dict[str, int]:
    """Delete what is stored about a user: in a private chat everything of that chat, and their questions.

    In a group, the group's own settings (its subscription and follows) belong to the group and stay.
    """
    counts = {"subscriptions": 0, "follows": 0, "questions": 0, "chats": 0, "reports": 0, "answers": 0}
    if private:
        counts.update(report_store.delete_chat_data(session, chat_id=chat_id))
        counts.update(store.delete_chat_data(session, chat_id=chat_id))
    if user_id is not None:
        counts["questions"] += store.delete_user_questions(session, user_id=user_id)
        for name, deleted in report_store.delete_user_data(session, user_id=user_id).items():
            counts[name] += deleted
    logger.info("forgot chat %s on request: %s", chat_id, counts)
    return counts


def stats(session: Session, *, retention_days: int, now: datetime | None = None) -> Stats:
    """Store sizes, subscribers, and the questions of the retention period with the not-found rate."""
    counts = store.store_counts(session)
    since = (now or utcnow()) - timedelta(days=retention_days)
    questions, not_found = store.question_counts(session, since=since)
    return Stats(
        articles=counts["articles"],
        entities=counts["entities"],
        claims=counts["claims"],
        disputed=counts["disputed"],
        subscribers=counts["subscribers"],
        chats=counts["chats"],
        questions=questions,
        not_found=not_found,
        retention_days=retention_days,
        reports=report_store.report_count(session),
    )

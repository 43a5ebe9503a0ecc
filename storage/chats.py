"""Queries about the people using the bot: chats, their context, follows, question log, forgetting."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from storage.models import (
    Article,
    Chat,
    Claim,
    ClaimGroup,
    Entity,
    Follow,
    QuestionLog,
    Subscription,
)
from storage.types import utcnow


def get_chat(session: Session, *, chat_id: int) -> Chat | None:
    return session.get(Chat, chat_id)


def upsert_chat(session: Session, *, chat_id: int, kind: str, language: str | None = None) -> Chat:
    """The chat's row, created on first contact (with ``language``, if given); its kind follows
    Telegram (groups become supergroups)."""
    chat = session.get(Chat, chat_id)
    if chat is None:
        chat = Chat(id=chat_id, kind=kind, language=language)
        session.add(chat)
        session.flush()
    elif chat.kind != kind:
        chat.kind = kind
        chat.updated_at = utcnow()
    return chat


def set_chat_language(session: Session, *, chat_id: int, language: str | None) -> None:
    chat = session.get(Chat, chat_id)
    if chat is not None:
        chat.language = language
        chat.updated_at = utcnow()


def set_context_entity(session: Session, *, chat_id: int, entity_id: int | None) -> None:
    chat = session.get(Chat, chat_id)
    if chat is not None:
        chat.context_entity_id = entity_id
        chat.updated_at = utcnow()


def set_context_story(session: Session, *, chat_id: int, story_id: int | None) -> None:
    chat = session.get(Chat, chat_id)
    if chat is not None:
        chat.context_story_id = story_id
        chat.updated_at = utcnow()


def add_question(
    session: Session, *, chat_id: int, user_id: int | None, question: str, found: bool, asked_at: datetime
) -> None:
    session.add(
        QuestionLog(chat_id=chat_id, user_id=user_id, question=question, found=found, asked_at=asked_at)
    )


def count_questions_since(session: Session, *, user_id: int, since: datetime) -> int:
    query = select(func.count()).where(QuestionLog.user_id == user_id, QuestionLog.asked_at >= since)
    return int(session.scalar(query) or 0)


def first_question_since(session: Session, *, user_id: int, since: datetime) -> datetime | None:
    """When this user's oldest question since ``since`` was asked."""
    query = select(func.min(QuestionLog.asked_at)).where(
        QuestionLog.user_id == user_id, QuestionLog.asked_at >= since
    )
    return session.scalar(query)


def delete_questions_before(session: Session, *, cutoff: datetime) -> int:
    """Delete questions asked before ``cutoff``; returns how many."""
    return _delete(session, delete(QuestionLog).where(QuestionLog.asked_at < cutoff))


def question_counts(session: Session, *, since: datetime) -> tuple[int, int]:
    """(questions asked since ``since``, how many of them were not found)."""
    total = session.scalar(select(func.count()).where(QuestionLog.asked_at >= since)) or 0
    missed = (
        session.scalar(
            select(func.count()).where(QuestionLog.asked_at >= since, QuestionLog.found.is_(False))
        )
        or 0
    )
    return int(total), int(missed)


def add_follow(session: Session, *, chat_id: int, entity_id: int) -> bool:
    """Follow an entity; False when the chat already follows it."""
    if session.get(Follow, (chat_id, entity_id)) is not None:
        return False
    session.add(Follow(chat_id=chat_id, entity_id=entity_id))
    session.flush()
    return True


def remove_follow(session: Session, *, chat_id: int, entity_id: int) -> bool:
    """Stop following; False when the chat did not follow it."""
    follow = session.get(Follow, (chat_id, entity_id))
    if follow is None:
        return False
    session.delete(follow)
    session.flush()
    return True


def followed_entities(session: Session, *, chat_id: int) -> list[Entity]:
    """The entities a chat follows, in the order it followed them."""
    query = (
        select(Entity)
        .join(Follow, Follow.entity_id == Entity.id)
        .where(Follow.chat_id == chat_id)
        .order_by(Follow.created_at, Entity.id)
    )
    return list(session.scalars(query))


def delete_chat_data(session: Session, *, chat_id: int) -> dict[str, int]:
    """Delete a chat's subscription (and its deliveries), follows, questions and the chat row itself."""
    counts = {
        "subscriptions": _delete(session, delete(Subscription).where(Subscription.chat_id == chat_id)),
        "follows": _delete(session, delete(Follow).where(Follow.chat_id == chat_id)),
        "questions": _delete(session, delete(QuestionLog).where(QuestionLog.chat_id == chat_id)),
        "chats": _delete(session, delete(Chat).where(Chat.id == chat_id)),
    }
    return counts


def delete_user_questions(session: Session, *, user_id: int) -> int:
    """Delete every question one user asked, in any chat."""
    return _delete(session, delete(QuestionLog).where(QuestionLog.user_id == user_id))


def _delete(session: Session, statement: object) -> int:
    result = session.execute(statement)  # type: ignore[call-overload]
    return int(result.rowcount or 0)


def store_counts(session: Session) -> dict[str, int]:
    """How much the bot knows and serves: current articles, entities, claims, groups, active subscribers."""
    return {
        "articles": int(session.scalar(select(func.count()).where(Article.is_current.is_(True))) or 0),
        "entities": int(session.scalar(select(func.count()).select_from(Entity)) or 0),
        "claims": int(session.scalar(select(func.count()).select_from(Claim)) or 0),
        "disputed": int(session.scalar(select(func.count()).where(ClaimGroup.status == "disputed")) or 0),
        "subscribers": int(session.scalar(select(func.count()).where(Subscription.active.is_(True))) or 0),
        "chats": int(session.scalar(select(func.count()).select_from(Chat)) or 0),
    }

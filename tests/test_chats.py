"""Chat engine functions without Telegram: language, context, question log, rate limit, forget, stats."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot import browse, chats
from bot.answer.types import Answer, EntityHit
from storage import Database
from storage.models import Entity, Follow, QuestionLog, Subscription
from storage.types import utcnow


def _entity(db: Database, name: str = "Omar Omsen") -> EntityHit:
    with db.session() as session:
        row = Entity(name=name, kind="person", key=name.lower())
        session.add(row)
        session.flush()
        return EntityHit(row.id, row.name, row.kind, (), 1.0)


def _answer(question: str, found: bool, entity: EntityHit | None = None) -> Answer:
    return Answer(
        question=question,
        found=found,
        answer="…",
        language="en",
        intent="who_is",
        entities=(entity,) if entity else (),
    )


def test_language_comes_from_telegram_until_chosen(any_db: Database) -> None:
    with any_db.session() as s:
        assert chats.chat_state(s, chat_id=1, kind="private", telegram_language="ar-SY").language == "ar"
        assert chats.chat_state(s, chat_id=2, kind="private", telegram_language=None).language == "en"
        chats.set_language(s, chat_id=1, kind="private", language="en")
    with any_db.session() as s:
        state = chats.chat_state(s, chat_id=1, kind="private", telegram_language="ar")
        assert (state.language, state.chosen_language) == ("en", "en")
        with pytest.raises(ValueError, match="use ar or en"):
            chats.set_language(s, chat_id=1, kind="private", language="fr")


def test_found_answer_becomes_the_chat_context(any_db: Database) -> None:
    omsen = _entity(any_db)
    with any_db.session() as s:
        chats.chat_state(s, chat_id=5, kind="private", telegram_language="en")
        chats.record_answer(s, chat_id=5, user_id=5, answer=_answer("who is omsen", True, omsen))
        chats.record_answer(s, chat_id=5, user_id=5, answer=_answer("nonsense", False))
    with any_db.session() as s:  # a restart reads it back from the database
        state = chats.chat_state(s, chat_id=5, kind="private", telegram_language="en")
        assert state.conversation.entity_id == omsen.id


def test_rate_limit_counts_the_last_minute(any_db: Database) -> None:
    now = utcnow()
    with any_db.session() as s:
        chats.chat_state(s, chat_id=7, kind="private", telegram_language="en")
        for _ in range(3):
            chats.record_answer(s, chat_id=7, user_id=7, answer=_answer("q", True), now=now)
        assert not chats.allow_question(s, user_id=7, per_minute=3, now=now)
        assert chats.allow_question(s, user_id=7, per_minute=4, now=now)
        assert chats.allow_question(s, user_id=7, per_minute=3, now=now + timedelta(seconds=61))
        assert chats.allow_question(s, user_id=8, per_minute=3, now=now)


def test_questions_are_purged_after_the_retention_period(any_db: Database) -> None:
    now = utcnow()
    with any_db.session() as s:
        chats.chat_state(s, chat_id=9, kind="private", telegram_language="en")
        chats.record_answer(
            s, chat_id=9, user_id=9, answer=_answer("old", True), now=now - timedelta(days=31)
        )
        chats.record_answer(
            s, chat_id=9, user_id=9, answer=_answer("new", False), now=now - timedelta(days=29)
        )
    with any_db.session() as s:
        assert chats.purge_questions(s, retention_days=30, now=now) == 1
        assert s.scalars(select(QuestionLog.question)).all() == ["new"]
        stats = chats.stats(s, retention_days=30, now=now)
        assert (stats.questions, stats.not_found, stats.not_found_rate) == (1, 1, 1.0)


def test_forget_deletes_everything_about_a_private_chat(any_db: Database) -> None:
    omsen = _entity(any_db)
    with any_db.session() as s:
        chats.chat_state(s, chat_id=11, kind="private", telegram_language="en")
        chats.chat_state(s, chat_id=-50, kind="group", telegram_language="en")
        chats.follow(s, chat_id=11, kind="private", entity=omsen)
        chats.follow(s, chat_id=-50, kind="group", entity=omsen)
        s.add(Subscription(chat_id=11, local_time="08:00", timezone="UTC"))
        chats.record_answer(s, chat_id=11, user_id=11, answer=_answer("q", True, omsen))
        chats.record_answer(s, chat_id=-50, user_id=11, answer=_answer("in a group", True))
        chats.record_answer(s, chat_id=-50, user_id=12, answer=_answer("someone else", True))
    with any_db.session() as s:
        counts = chats.forget(s, chat_id=11, user_id=11, private=True)
    assert counts == {
        "subscriptions": 1,
        "follows": 1,
        "questions": 2,
        "chats": 1,
        "reports": 0,
        "answers": 0,
    }
    with any_db.session() as s:
        assert s.scalars(select(QuestionLog.question)).all() == ["someone else"]
        assert s.scalar(select(func.count()).select_from(Follow)) == 1  # the group's own follow stays
        assert (
            chats.chat_state(s, chat_id=11, kind="private", telegram_language="en").context_entity_id is None
        )


def test_follow_and_unfollow_report_changes(any_db: Database) -> None:
    omsen = _entity(any_db)
    with any_db.session() as s:
        assert chats.follow(s, chat_id=3, kind="private", entity=omsen).changed
        assert not chats.follow(s, chat_id=3, kind="private", entity=omsen).changed
        assert chats.followed(s, chat_id=3) == ["Omar Omsen"]
        assert chats.unfollow(s, chat_id=3, entity=omsen).changed
        assert not chats.unfollow(s, chat_id=3, entity=omsen).changed


def test_browsing_an_empty_store(any_db: Database) -> None:
    with any_db.session() as s:
        assert browse.latest(s).articles == ()
        assert browse.disputed(s) == []
        assert browse.sources(s) == []
        assert browse.group_view(s, 12345) is None
        assert browse.entity_card(s, 12345) is None

"""Answers as sent and readers' reports of mistakes in them or in a digest's points: remember, report,
list for operators."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.answer import Answer, present
from storage import reports as store
from storage.models import REPORT_REASONS
from storage.reports import AnswerRow, ReportRow
from storage.types import utcnow

logger = logging.getLogger(__name__)

__all__ = [
    "REASONS",
    "AnswerRow",
    "ReportOutcome",
    "ReportRow",
    "cited",
    "edit_target",
    "list_reports",
    "remember_answer",
    "remember_replies",
    "report",
    "report_point",
    "revise_answer",
]

REASONS = REPORT_REASONS  # wrong speaker, wrong agreement or dispute, outdated, other
CITED_KEPT = 20  # sources copied into an answer's row: the ones a reader saw
QUOTE_CHARS = 300


@dataclass(frozen=True)
class ReportOutcome:
    """A report: stored (``new``) or its reason changed; ``answer`` is None when the answer is gone."""

    answer: AnswerRow | None
    new: bool = False


def cited(answer: Answer) -> list[dict[str, object]]:
    """What an answer cited, numbered as the reader saw it: article, outlet, date, link, quote, group."""
    groups = {c.article_id: hit.group_id for hit in answer.claims for c in hit.citations}
    return [
        {
            "number": source.number,
            "article_id": source.citation.article_id,
            "group_id": groups.get(source.citation.article_id),
            "outlet": source.citation.outlet,
            "published": source.citation.published,
            "url": source.citation.url,
            "quote": source.citation.quote[:QUOTE_CHARS],
        }
        for source in present.layout(answer, bidi=False).sources[:CITED_KEPT]
    ]


def remember_answer(
    session: Session,
    *,
    chat_id: int,
    user_id: int | None,
    message_id: int | None,
    answer: Answer,
    now: datetime | None = None,
) -> int:
    """Store the answer about to be sent (to message ``message_id``); returns the id its buttons carry."""
    return store.add_answer(
        session,
        chat_id=chat_id,
        user_id=user_id,
        question_message_id=message_id,
        question=answer.question[:4000],
        language=answer.language,
        found=answer.found,
        cited=cited(answer),
        created_at=now or utcnow(),
    )


def revise_answer(session: Session, *, answer_id: int, answer: Answer) -> None:
    """The answer to an edited question replaces the one stored under the same id."""
    store.replace_answer(
        session,
        answer_id=answer_id,
        question=answer.question[:4000],
        language=answer.language,
        found=answer.found,
        cited=cited(answer),
    )


def remember_replies(session: Session, *, answer_id: int, message_ids: list[int]) -> None:
    """The messages that carry the answer, so an edited question can edit them."""
    store.set_reply_messages(session, answer_id=answer_id, message_ids=message_ids)


def edit_target(session: Session, *, chat_id: int, message_id: int) -> AnswerRow | None:
    """The answer sent to this question message, if the bot answered it."""
    return store.answer_to_message(session, chat_id=chat_id, question_message_id=message_id)


def report(
    session: Session, *, answer_id: int, user_id: int | None, reason: str, now: datetime | None = None
) -> ReportOutcome:
    """Store a reader's report of a mistake in an answer, with its question and what it cited."""
    if reason not in REASONS:
        raise ValueError(f"unknown reason {reason!r}; one of {', '.join(REASONS)}")
    answer = store.get_answer(session, answer_id=answer_id)
    if answer is None:
        return ReportOutcome(None)
    new = store.add_report(session, answer=answer, user_id=user_id, reason=reason, created_at=now or utcnow())
    logger.info("report %s of answer %s in chat %s", reason, answer_id, answer.chat_id)
    return ReportOutcome(answer, new)


def report_point(
    session: Session,
    *,
    chat_id: int,
    user_id: int | None,
    number: int,
    sentence: str,
    cited: list[dict[str, object]],
    language: str,
    reason: str,
    now: datetime | None = None,
) -> bool:
    """Store a reader's report of point ``number`` of a digest, with its sentence and what it cited
    (``bot.digest.service.report_point`` finds them); False when the reader had reported it already."""
    if reason not in REASONS:
        raise ValueError(f"unknown reason {reason!r}; one of {', '.join(REASONS)}")
    new = store.add_point_report(
        session,
        chat_id=chat_id,
        user_id=user_id,
        point=number,
        sentence=sentence[:4000],
        language=language,
        cited=cited,
        reason=reason,
        created_at=now or utcnow(),
    )
    logger.info("report %s of digest point %s in chat %s", reason, number, chat_id)
    return new


def list_reports(session: Session, *, limit: int = 50) -> list[ReportRow]:
    """The newest reports, for operators (/stats, `briefing reports`)."""
    return store.list_reports(session, limit=limit)

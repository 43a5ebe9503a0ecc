"""Queries about the answers the bot sent and readers' reports of mistakes in them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Delete, delete, func, select
from sqlalchemy.orm import Session

from storage.models import Report, SentAnswer


@dataclass(frozen=True)
class AnswerRow:
    """An answer as sent: where it went, which message asked it, the messages that carry it."""

    id: int
    chat_id: int
    user_id: int | None
    question_message_id: int | None
    reply_message_ids: tuple[int, ...]
    question: str
    language: str
    found: bool
    cited: tuple[dict[str, object], ...]


@dataclass(frozen=True)
class ReportRow:
    """A report for the operators: the reason, the question (or digest point), what it cited, when.

    ``kind`` is ``answer`` or ``digest``; a digest report names its ``point`` (numbered as the reader saw
    them) and its ``question`` is that point's sentence.
    """

    id: int
    chat_id: int
    user_id: int | None
    answer_id: int | None
    reason: str
    question: str
    language: str
    cited: tuple[dict[str, object], ...]
    created_at: datetime
    kind: str = "answer"
    point: int | None = None


def _answer_row(row: SentAnswer) -> AnswerRow:
    return AnswerRow(
        id=row.id,
        chat_id=row.chat_id,
        user_id=row.user_id,
        question_message_id=row.question_message_id,
        reply_message_ids=tuple(int(i) for i in json.loads(row.reply_message_ids or "[]")),
        question=row.question,
        language=row.language,
        found=row.found,
        cited=tuple(json.loads(row.cited or "[]")),
    )


def add_answer(
    session: Session,
    *,
    chat_id: int,
    user_id: int | None,
    question_message_id: int | None,
    question: str,
    language: str,
    found: bool,
    cited: list[dict[str, object]],
    created_at: datetime,
) -> int:
    """Store a sent answer (its messages follow with ``set_reply_messages``); returns its id."""
    row = SentAnswer(
        chat_id=chat_id,
        user_id=user_id,
        question_message_id=question_message_id,
        reply_message_ids="[]",
        question=question,
        language=language,
        found=found,
        cited=json.dumps(cited, ensure_ascii=False),
        created_at=created_at,
    )
    session.add(row)
    session.flush()
    return row.id


def replace_answer(
    session: Session,
    *,
    answer_id: int,
    question: str,
    language: str,
    found: bool,
    cited: list[dict[str, object]],
) -> None:
    """The answer to an edited question, in the same row (its messages are edited in place)."""
    row = session.get(SentAnswer, answer_id)
    if row is not None:
        row.question, row.language, row.found = question, language, found
        row.cited = json.dumps(cited, ensure_ascii=False)


def set_reply_messages(session: Session, *, answer_id: int, message_ids: list[int]) -> None:
    row = session.get(SentAnswer, answer_id)
    if row is not None:
        row.reply_message_ids = json.dumps(message_ids)


def get_answer(session: Session, *, answer_id: int) -> AnswerRow | None:
    row = session.get(SentAnswer, answer_id)
    return _answer_row(row) if row is not None else None


def answer_to_message(session: Session, *, chat_id: int, question_message_id: int) -> AnswerRow | None:
    """The latest answer the bot sent to message ``question_message_id`` of this chat."""
    query = (
        select(SentAnswer)
        .where(SentAnswer.chat_id == chat_id, SentAnswer.question_message_id == question_message_id)
        .order_by(SentAnswer.id.desc())
        .limit(1)
    )
    row = session.scalars(query).first()
    return _answer_row(row) if row is not None else None


def add_report(
    session: Session, *, answer: AnswerRow, user_id: int | None, reason: str, created_at: datetime
) -> bool:
    """Store a report of ``answer``; a reader reporting the same answer again changes the reason (False)."""
    query = select(Report).where(Report.answer_id == answer.id, Report.user_id == user_id)
    existing = session.scalars(query).first()
    if existing is not None:
        existing.reason = reason
        return False
    session.add(
        Report(
            chat_id=answer.chat_id,
            user_id=user_id,
            answer_id=answer.id,
            reason=reason,
            question=answer.question,
            language=answer.language,
            cited=json.dumps(list(answer.cited), ensure_ascii=False),
            created_at=created_at,
        )
    )
    session.flush()
    return True


def add_point_report(
    session: Session,
    *,
    chat_id: int,
    user_id: int | None,
    point: int,
    sentence: str,
    language: str,
    cited: list[dict[str, object]],
    reason: str,
    created_at: datetime,
) -> bool:
    """Store a report of a digest point; the same reader reporting the same point again changes the
    reason (False)."""
    query = select(Report).where(
        Report.kind == "digest",
        Report.chat_id == chat_id,
        Report.user_id == user_id,
        Report.question == sentence,
    )
    existing = session.scalars(query).first()
    if existing is not None:
        existing.reason, existing.point = reason, point
        return False
    session.add(
        Report(
            chat_id=chat_id,
            user_id=user_id,
            answer_id=None,
            kind="digest",
            point=point,
            reason=reason,
            question=sentence,
            language=language,
            cited=json.dumps(cited, ensure_ascii=False),
            created_at=created_at,
        )
    )
    session.flush()
    return True


def list_reports(session: Session, *, limit: int) -> list[ReportRow]:
    """The newest reports first."""
    query = select(Report).order_by(Report.created_at.desc(), Report.id.desc()).limit(limit)
    return [
        ReportRow(
            id=r.id,
            chat_id=r.chat_id,
            user_id=r.user_id,
            answer_id=r.answer_id,
            reason=r.reason,
            question=r.question,
            language=r.language,
            cited=tuple(json.loads(r.cited or "[]")),
            created_at=r.created_at,
            kind=r.kind,
            point=r.point,
        )
        for r in session.scalars(query)
    ]


def report_count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(Report)) or 0)


def delete_user_data(session: Session, *, user_id: int) -> dict[str, int]:
    """A reader's reports and the answers to their questions, in every chat."""
    return {
        "reports": _delete(session, delete(Report).where(Report.user_id == user_id)),
        "answers": _delete(session, delete(SentAnswer).where(SentAnswer.user_id == user_id)),
    }


def delete_chat_data(session: Session, *, chat_id: int) -> dict[str, int]:
    """Every report and answer of one chat (before the chat itself goes)."""
    return {
        "reports": _delete(session, delete(Report).where(Report.chat_id == chat_id)),
        "answers": _delete(session, delete(SentAnswer).where(SentAnswer.chat_id == chat_id)),
    }


def delete_answers_before(session: Session, *, cutoff: datetime) -> int:
    """Forget sent answers older than ``cutoff`` (their reports keep their own copy)."""
    return _delete(session, delete(SentAnswer).where(SentAnswer.created_at < cutoff))


def _delete(session: Session, statement: Delete) -> int:
    result = session.execute(statement)
    return int(getattr(result, "rowcount", 0) or 0)

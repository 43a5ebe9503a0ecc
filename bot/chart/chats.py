"""Which story a chat's /chart means, and its chart's data, in the chat's language."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot import chats
from bot.chart.data import ChartError, Coverage, coverage
from storage import stories as store


@dataclass(frozen=True)
class ChartRequest:
    """What a chat gets for /chart: the chart's data, else why not (no story yet, or a ChartError)."""

    language: str
    story_id: int | None
    chart: Coverage | None = None
    error: ChartError | None = None


def pick_story(session: Session, *, requested: int | None, last_story: int | None) -> int | None:
    """The story asked for, else the one the chat last asked about, else the largest."""
    if requested is not None:
        return requested
    if last_story is not None and store.story_exists(session, last_story):
        return last_story
    return store.largest_story(session)


def chat_chart(
    session: Session,
    *,
    chat_id: int,
    kind: str,
    telegram_language: str | None,
    requested: int | None,
    language: str | None = None,
) -> ChartRequest:
    """The chart a chat asked for (``requested``, else its last story, else the largest) in its language
    (``language`` when a button says which)."""
    state = chats.chat_state(session, chat_id=chat_id, kind=kind, telegram_language=telegram_language)
    language = language or state.language
    story_id = pick_story(session, requested=requested, last_story=state.context_story_id)
    if story_id is None:
        return ChartRequest(language, None)
    try:
        return ChartRequest(language, story_id, chart=coverage(session, story_id))
    except ChartError as exc:
        return ChartRequest(language, story_id, error=exc)

"""A story's coverage as a picture: articles per outlet over time, its disputes and each side's outlets.

``coverage`` reads the data (bounded queries); ``render_png`` draws it, importing matplotlib only then,
so the commands that draw nothing start as fast as before.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.chart.chats import ChartRequest, chat_chart, pick_story
from bot.chart.data import ChartError, Coverage, Dispute, DisputeSide, OutletSeries, coverage

__all__ = [
    "ChartError",
    "ChartRequest",
    "Coverage",
    "Dispute",
    "DisputeSide",
    "OutletSeries",
    "chat_chart",
    "coverage",
    "pick_story",
    "render_png",
    "story_chart",
]


def render_png(chart: Coverage, language: str) -> bytes:
    """The chart as a 1080x1350 PNG with its labels in ``language``."""
    from bot.chart.draw import render_png as draw

    return draw(chart, language)


def story_chart(session: Session, story_id: int, language: str) -> bytes:
    """Read and draw one story's chart; ChartError for an unknown story or one with no dated article."""
    return render_png(coverage(session, story_id), language)

"""Our own short articles for the provenance and timeline tests (written for them, not from the seeds).

A footbridge falls in an invented river town: the first report gives a toll of three; a wire copy of it
follows; an Arabic outlet without a publication time credits the first (نقلاً عن); a later report
revises the toll to five; the next day a ministry denies what the engineer said.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.ingest.document import CleanDocument
from bot.ingest.store import store_document
from storage import Database

FIRST = "River Post"
COPY = "Coast Wire"
CREDITING = "صوت الجبل"
REVISING = "Hill Times"
DENYING = "Plain Daily"

_HEADLINE = "Footbridge collapses in Ain Karma"
_FIRST_BODY = (
    "Mayor Hadi Mansour said three people were killed when the old footbridge over the Sabra river "
    "collapsed in Ain Karma on Monday morning.\n\n"
    "Engineer Lina Saad said the footbridge had been closed for repairs since January.\n\n"
    "Rescue chief Omar Tarif said divers were searching the river for a missing fisherman."
)


def _doc(
    name: str, title: str, body: str, outlet: str, when: datetime | None, language: str = "en", **extra: str
) -> CleanDocument:
    return CleanDocument(
        source=f"{name}.txt",
        title=title,
        text=f"{title}\n\n{body}",
        language=language,
        outlet=outlet,
        published_at=when,
        published_has_time=when is not None,
        **extra,  # type: ignore[arg-type]
    )


def documents() -> list[CleanDocument]:
    """The five articles, in the order they are ingested (not the order they were published)."""
    return [
        _doc(
            "first",
            "Footbridge collapses in Ain Karma",
            _FIRST_BODY,
            FIRST,
            datetime(2026, 4, 6, 8, 10, tzinfo=UTC),
        ),
        _doc(
            "copy",
            "Footbridge collapses in Ain Karma",
            _FIRST_BODY,
            COPY,
            datetime(2026, 4, 6, 9, 30, tzinfo=UTC),
        ),
        _doc(
            "credit",
            "انهيار جسر المشاة في عين كرمة",
            "نقلاً عن River Post، قال رئيس البلدية هادي منصور إن ثلاثة أشخاص قُتلوا عند انهيار جسر المشاة "
            "القديم فوق نهر صبرا في عين كرمة صباح الاثنين.\n\n"
            "وقالت المهندسة لينا سعد إن الجسر كان مغلقاً للصيانة منذ كانون الثاني.",
            CREDITING,
            None,
            language="ar",
            credited_outlet=FIRST,
        ),
        _doc(
            "revised",
            "Ain Karma footbridge toll rises",
            "Mayor Hadi Mansour said five people were killed when the old footbridge over the Sabra river "
            "collapsed in Ain Karma on Monday morning.\n\n"
            "Rescue chief Omar Tarif said the body of the missing fisherman was found downstream.",
            REVISING,
            datetime(2026, 4, 6, 15, 45, tzinfo=UTC),
        ),
        _doc(
            "denial",
            "Ministry rejects engineer's account of the Ain Karma footbridge",
            "The transport ministry denied that the footbridge had been closed for repairs since January.\n\n"
            "Minister Rami Halabi said an inquiry into the collapse would report within a month.",
            DENYING,
            datetime(2026, 4, 7, 10, 0, tzinfo=UTC),
        ),
    ]


def seed(database: Database) -> None:
    """Store and extract each article in its own transaction, as an ingest does."""
    for doc in documents():
        with database.session() as session:
            store_document(session, doc)

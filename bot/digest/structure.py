"""What a digest says, as values: ranked sections of points with their sources, new articles by outlet.

Renderers turn a ``Digest`` into messages: Telegram HTML in ``handlers/digest_render.py``, plain text for
the command line in ``bot/digest/plain.py``. Nothing here is shortened or formatted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

SECTION_ORDER = ("disputed", "corroborated", "single")


@dataclass(frozen=True)
class Source:
    """An outlet a point cites: its name as shown, the article's link, and whether it was corrected."""

    name: str
    url: str | None
    corrected: bool


@dataclass(frozen=True)
class Quote:
    """What one side says: its verbatim quote, speaker and first sources (``more_sources`` not listed).

    ``side`` is "" for an undisputed point, else ``affirmed``, ``denied`` or the name of an account.
    """

    side: str
    speaker: str | None
    text: str
    sources: tuple[Source, ...]
    more_sources: int


# A point and an article link are made once per period and shared by every reader's digest; renderers
# memoise what they make of each by identity (eq=False), which costs nothing to hash.
@dataclass(frozen=True, eq=False)
class Point:
    """One claim group: its label, how many outlets carry it, new or grown by how many, and its quotes."""

    section: str  # one of SECTION_ORDER
    label: str
    outlets: int
    new: bool
    grown: int
    corrected: bool
    quotes: tuple[Quote, ...]


@dataclass(frozen=True)
class Section:
    """The points of one kind (``disputed``, ``corroborated``, ``single``), best first."""

    kind: str
    points: Sequence[Point]


@dataclass(frozen=True, eq=False)
class ArticleLink:
    """A new article as listed under its outlet."""

    title: str
    url: str | None
    corrected: bool


@dataclass(frozen=True)
class OutletArticles:
    """One outlet's new articles: how many, and the newest few of them."""

    name: str
    count: int
    articles: tuple[ArticleLink, ...]

    @property
    def more(self) -> int:
        """How many of the outlet's new articles are not listed."""
        return self.count - len(self.articles)


@dataclass(frozen=True)
class Digest:
    """One reader's digest for ``[start, end)`` in ``language``: sections first, then new articles.

    ``other_outlets`` outlets with ``other_articles`` articles are only counted; ``announce_empty`` says
    a digest with nothing new is still sent (as "nothing new").
    """

    language: str
    start: datetime
    end: datetime
    sections: tuple[Section, ...] = ()
    outlets: tuple[OutletArticles, ...] = ()
    other_outlets: int = 0
    other_articles: int = 0
    announce_empty: bool = False

    @property
    def points(self) -> int:
        """How many points the sections hold."""
        return sum(len(section.points) for section in self.sections)

    @property
    def nothing_new(self) -> bool:
        """No point and no new article in the period."""
        return not self.sections and not self.outlets

    @property
    def empty(self) -> bool:
        """Nothing to send at all."""
        return self.nothing_new and not self.announce_empty

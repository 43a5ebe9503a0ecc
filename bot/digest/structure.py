"""What a digest says, as values: ranked sections of points with their sources, new articles by outlet.

Renderers turn a ``Digest`` into messages: Telegram HTML in ``handlers/digest_render.py``, plain text for
the command line in ``bot/digest/plain.py``. Nothing here is shortened or formatted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.provenance import Provenance

SECTION_ORDER = ("disputed", "corroborated", "single")
STORY_SECTION = "story"  # a followed story's own section: its points of every kind, best first


@dataclass(frozen=True)
class Source:
    """An outlet a point cites: its name as shown, the article's link, and whether it was corrected."""

    name: str
    url: str | None
    corrected: bool


@dataclass(frozen=True)
class Quote:
    """What one side says: its verbatim quote, speaker and first sources (``more_sources`` not listed).

    ``side`` is "" for an undisputed point, else ``affirmed`` or ``denied`` (one side of a dispute);
    ``stance`` is what the speaker does (``affirmed``: says, ``denied``: denies), for every point.
    """

    side: str
    stance: str
    speaker: str | None
    text: str
    sources: tuple[Source, ...]
    more_sources: int
    provenance: Provenance | None = None  # who reported this side first, when several outlets carry the point


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
    """The points of one kind (``disputed``, ``corroborated``, ``single``), best first, or a followed
    story's points (kind ``story``, with its ``title``): ``points`` are shown, ``rest`` behind a button."""

    kind: str
    points: Sequence[Point]
    rest: Sequence[Point] = ()
    title: str = ""

    @property
    def total(self) -> int:
        """How many points the section has, shown or not."""
        return len(self.points) + len(self.rest)


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
    a digest with nothing new is still sent (as "nothing new"); ``timezone`` is the reader's (an IANA
    name or ``+HH:MM``), the one its period is shown in.
    """

    language: str
    start: datetime
    end: datetime
    timezone: str = "UTC"
    sections: tuple[Section, ...] = ()
    outlets: tuple[OutletArticles, ...] = ()
    other_outlets: int = 0
    other_articles: int = 0
    announce_empty: bool = False

    @property
    def points(self) -> int:
        """How many points the sections hold, shown or behind the button."""
        return sum(section.total for section in self.sections)

    @property
    def hidden(self) -> int:
        """How many points are behind the "more" button."""
        return sum(len(section.rest) for section in self.sections)

    def count(self, kind: str) -> int:
        """How many points of one kind (``disputed``, ...) the digest has, story sections included."""
        return sum(
            1 for section in self.sections for p in (*section.points, *section.rest) if p.section == kind
        )

    @property
    def articles(self) -> int:
        """How many new articles the period brought (for the topics), listed or only counted."""
        return sum(outlet.count for outlet in self.outlets) + self.other_articles

    @property
    def outlet_count(self) -> int:
        """How many outlets published them."""
        return len(self.outlets) + self.other_outlets

    @property
    def nothing_new(self) -> bool:
        """No point and no new article in the period."""
        return not self.sections and not self.outlets

    @property
    def empty(self) -> bool:
        """Nothing to send at all."""
        return self.nothing_new and not self.announce_empty

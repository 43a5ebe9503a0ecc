"""The answer the engine gives: entities, claims with citations, and prose in the question's language."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

from bot.provenance import Provenance, provenance_json


@dataclass(frozen=True)
class Citation:
    """One source for a claim: outlet, title, link, date and a verbatim quote from the original text."""

    outlet: str | None
    title: str
    url: str | None
    published: str | None  # ISO 8601; a date alone when the time is unknown
    quote: str
    article_id: int
    corrected: bool = False
    first_seen: str | None = None  # when the bot first stored the article (ISO 8601)
    syndicated_of: int | None = None  # the article this one is a syndicated copy of

    def to_json(self) -> dict[str, Any]:
        return {
            "outlet": self.outlet,
            "title": self.title,
            "url": self.url,
            "published": self.published,
            "quote": self.quote,
        }


@dataclass(frozen=True)
class ProfileRole:
    """A role or description an article gives an entity, with the outlet that gives it."""

    text: str
    outlet: str | None
    article_id: int


@dataclass(frozen=True)
class EntityHit:
    """An entity the question is about, with how well it matched and who it is."""

    id: int
    name: str
    kind: str
    aliases: tuple[str, ...]
    score: float
    display_name: str = ""  # the name in Latin script, for English answers
    transliterated: bool = False  # no article spells it in Latin: the display name is ours
    roles: tuple[ProfileRole, ...] = ()

    def to_json(self) -> dict[str, Any]:
        aliases = list(self.aliases)
        return {
            "name": self.name,
            "kind": self.kind,
            "aliases": aliases,
            "score": round(self.score, 3),
            "display_name": self.display_name or self.name,
            "transliterated": self.transliterated,
            "profile": [{"role": r.text, "outlet": r.outlet, "article_id": r.article_id} for r in self.roles],
        }


@dataclass(frozen=True)
class ClaimHit:
    """One side of a claim group that answers the question, with every citation for it."""

    text: str
    speaker: str | None
    status: str  # corroborated, single-source, disputed
    group: str
    group_id: int
    stance: str  # affirmed, denied
    score: float
    citations: tuple[Citation, ...]
    outlet_count: int = 1
    speaker_entity_id: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "speaker": self.speaker,
            "status": self.status,
            "group": self.group,
            "stance": self.stance,
            "score": round(self.score, 3),
            "citations": [c.to_json() for c in self.citations],
        }


@dataclass(frozen=True)
class Answer:
    """What ``ask`` returns; ``to_json`` is the machine-readable contract of ``briefing ask --json``."""

    question: str
    found: bool
    answer: str
    language: str
    intent: str
    as_of: str | None = None
    entities: tuple[EntityHit, ...] = ()
    claims: tuple[ClaimHit, ...] = ()
    suggestions: tuple[str, ...] = ()
    error: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # Who reported the leading points first (bot.answer.origins), for the points carried by several outlets.
    provenance: tuple[Provenance, ...] = ()

    @property
    def top_entity(self) -> EntityHit | None:
        return self.entities[0] if self.entities else None

    def provenance_of(self, hit: ClaimHit) -> Provenance | None:
        """The provenance found for a point: its group's, or its side's when the point is disputed."""
        side = hit.stance if hit.status == "disputed" else None
        return next((p for p in self.provenance if p.group_id == hit.group_id and p.side == side), None)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "question": self.question,
            "found": self.found,
            "answer": self.answer,
            "as_of": self.as_of or "",
            "entities": [e.to_json() for e in self.entities],
            "claims": [self._claim_json(c) for c in self.claims],
        }
        if self.error:
            data["error"] = self.error
        return data

    def _claim_json(self, hit: ClaimHit) -> dict[str, Any]:
        """A point as JSON, with "provenance" ({"first", "repeats"}, or null when none was read)."""
        data = hit.to_json()
        found = self.provenance_of(hit)
        data["provenance"] = provenance_json(found) if found is not None else None
        return data


@dataclass(frozen=True)
class Conversation:
    """What a chat's previous answer was about, so 'what did he say?' can refer to it."""

    entity_id: int | None = None
    language: str | None = None


@dataclass(frozen=True)
class Scope:
    """Answer from part of the store only (one story): ``keep`` says which candidate claims are in it."""

    keep: Callable[[Collection[int]], set[int]]  # candidate claim ids -> those inside the scope
    name: str = ""  # what the scope is, for logs

"""What extraction writes, as typed rows: one frozen value per row it inserts or updates.

The write functions in ``storage/knowledge.py`` and ``storage/profiles.py`` take these; each field is a
column of its table (``GroupStatusRow`` and ``GroupRow`` name the columns they set).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

    View = TypeVar("View", bound=DataclassInstance)


@dataclass(frozen=True)
class EntityRow:
    """An entity to create: its display name, kind and normalised key."""

    name: str
    kind: str
    key: str


@dataclass(frozen=True)
class AliasRow:
    """One spelling of an entity's name, with its normalised and Latin consonant keys and its origin."""

    entity_id: int
    alias: str
    key: str
    latin_key: str
    origin: str


@dataclass(frozen=True)
class MentionRow:
    """Where an article names an entity: the sentence, the offsets and the words as written."""

    entity_id: int
    article_id: int
    sentence_id: int | None
    start_offset: int
    end_offset: int
    surface: str


@dataclass(frozen=True)
class ClaimRow:
    """A claim as extraction stores it: its span, proposition, speaker, stance, outlets and date."""

    article_id: int
    sentence_id: int | None
    start_offset: int
    end_offset: int
    normalised: str
    proposition: str
    speaker: str | None
    speaker_entity_id: int | None
    verb: str | None
    stance: str
    kind: str
    side: str | None
    outlet_id: int | None
    credited_outlet_id: int | None
    published_at: datetime | None


@dataclass(frozen=True)
class GroupRow:
    """A single-source group to create for a claim nothing matched: its label and when it began."""

    label: str
    when: datetime


@dataclass(frozen=True)
class GroupStatusRow:
    """A group's recomputed status, outlet count and dispute reason, as of ``when``."""

    group: int
    status: str
    outlet_count: int
    reason: str | None
    when: datetime


@dataclass(frozen=True)
class ProfileLineRow:
    """A cited line of an entity's profile (a role, a Latin name) with its dedupe key and offsets."""

    entity_id: int
    article_id: int
    kind: str
    text: str
    key: str
    start_offset: int
    end_offset: int


def view_of(cls: type[View], source: object, **values: object) -> View:
    """A value type filled from ``source``'s attributes of the same names (``values`` given instead)."""
    return cls(
        **{f.name: values[f.name] if f.name in values else getattr(source, f.name) for f in fields(cls)}
    )


def values(rows: Iterable[object]) -> list[dict[str, Any]]:
    """Rows as the column dictionaries an executemany statement takes."""
    return [dict(vars(row)) for row in rows]

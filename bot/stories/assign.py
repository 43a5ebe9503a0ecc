"""Story assignment: a new article joins the story it best fits, or starts one.

Candidates come from indexed look-ups only (the stories naming the article's heaviest entities, recent
enough, and the stories holding other claims of its claim groups), so the cost per article is bounded
however many stories are stored. Each candidate is scored with the weights below; no pair of stored
articles is ever compared.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
import numpy.typing as npt
from sqlalchemy.orm import Session

from bot import embed
from bot.stories import titles
from storage import stories as store
from storage.stories import ArticleEntity, ArticleFacts, StoryShape

logger = logging.getLogger(__name__)

# How much one named entity says about the event, by kind: a person or a group is particular to an
# event, a place less so (two events happen in one town), a country hardly, an outlet not at all.
KIND_WEIGHTS = {
    "person": 1.0,
    "group": 1.0,
    "organisation": 0.7,
    "place": 0.35,
    "country": 0.1,
    "outlet": 0.0,
}
# What can tie an article to a story. A person or an armed group is particular to an event: one shared
# is enough. A body (a ministry, an agency) speaks in many events: it needs one more link, a second
# shared entity or a shared claim group. A place needs the same meaning within a few days (below).
STRONG_ANCHORS = frozenset({"person", "group"})
WEAK_ANCHORS = frozenset({"organisation"})
# An entity named this many times in the store counts half as much as a rare one (then less and less).
RARITY_MENTIONS = 40.0
GROUP_EVIDENCE = 0.5  # evidence one claim group shared with the story adds, up to GROUPS_COUNTED groups
GROUPS_COUNTED = 4
# Evidence (entity weights shared, times how central each is to the story, plus groups) becomes a score
# in 0..1 as 1 - exp(-evidence / EVIDENCE_SCALE): three central people give about 0.86.
EVIDENCE_SCALE = 1.5
# The pull of a story fades with the gap between the article and the story's span: halved at this gap.
FADE_DAYS = 14.0
WINDOW_DAYS = 45  # stories whose span ends longer than this before the article are not candidates
# What the articles say, compared through the claims' sentence vectors (bot/embed.py): the cosine of
# the article's mean vector with the story's. Below MEANING_FLOOR the story's pull is gone, from
# MEANING_FULL it is whole, linear between: two events in one town, told by the same officials, read
# apart (a fire and a flood come out near 0.38; reports of one event 0.6 and above, across languages).
MEANING_FLOOR = 0.35
MEANING_FULL = 0.65
# Saying the same thing is evidence too: as much as this, at a whole meaning.
MEANING_EVIDENCE = 0.5
# A first report often names only the place: a place shared, the same meaning (at least PLACE_MEANING)
# and at most PLACE_DAYS apart (or undated) tie it to the story its follow-ups start.
PLACE_MEANING = 0.6
PLACE_DAYS = 3
JOIN_THRESHOLD = 0.3  # the lowest score at which an article joins a story rather than starting one
LOOKUP_ENTITIES = 12  # the article's heaviest entities that look up stories
STORIES_PER_ENTITY = 20  # the most recent stories read per entity
GROUP_CLAIMS_READ = 200  # other claims of the article's groups read to find their stories


@dataclass(frozen=True)
class Assignment:
    """Where an article went: its story, the score it joined with (1.0 for a copy), and whether it is new."""

    article_id: int
    story_id: int
    score: float
    started: bool


@dataclass(frozen=True)
class _Features:
    """An article as scoring reads it."""

    facts: ArticleFacts
    weights: dict[int, float]  # entity id -> weight in this article
    kinds: dict[int, str]
    groups: set[int]
    vector: npt.NDArray[np.float32] | None  # the mean of its claims' vectors, unit length


def entity_weight(entity: ArticleEntity) -> float:
    """How much one entity of an article counts: its kind, how often the article names it, how rare it is."""
    kind = KIND_WEIGHTS.get(entity.kind, 0.5)
    repeated = 1.0 + math.log(max(entity.in_article, 1))
    rarity = 1.0 / (1.0 + entity.in_store / RARITY_MENTIONS)
    return kind * repeated * rarity


def fade(gap: timedelta) -> float:
    """The pull left after a gap between an article and a story's span (1 within it)."""
    days = max(gap.total_seconds(), 0.0) / 86400
    return 1.0 / (1.0 + (days / FADE_DAYS) ** 2)


def gap_to(shape: StoryShape, when: datetime | None) -> timedelta:
    """How far an article's time lies outside a story's span (zero inside it, or with no time known)."""
    if when is None or shape.first_at is None or shape.last_at is None:
        return timedelta(0)
    if when < shape.first_at:
        return shape.first_at - when
    if when > shape.last_at:
        return when - shape.last_at
    return timedelta(0)


def share(shape: StoryShape, entity_id: int) -> float:
    """How central an entity is to a story: the square root of the share of its articles naming it."""
    named = shape.entity_articles.get(entity_id, 0)
    return math.sqrt(min(1.0, named / max(shape.article_count, 1)))


def cosine(features: _Features, shape: StoryShape) -> float | None:
    """The cosine of the article's meaning with the story's, or None when either has no vector."""
    if features.vector is None or shape.vector is None:
        return None
    story = np.frombuffer(shape.vector, dtype=np.float32)
    norm = float(np.linalg.norm(story))
    return float(features.vector @ story) / norm if norm > 0.0 else None


def meaning(value: float | None) -> float:
    """How much of a story's pull a cosine of meaning leaves (0..1); whole when it is unknown."""
    if value is None:
        return 1.0
    return min(1.0, max(0.0, (value - MEANING_FLOOR) / (MEANING_FULL - MEANING_FLOOR)))


def article_vector(blobs: list[bytes]) -> npt.NDArray[np.float32] | None:
    """An article's meaning: the mean of its claims' vectors, at unit length (None without claims)."""
    if not blobs:
        return None
    mean = embed.from_bytes(blobs).astype(np.float32).mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return (mean / norm).astype(np.float32) if norm > 0 else None


def score(features: _Features, shape: StoryShape, shared_groups: int) -> float:
    """How well an article fits a story (0..1); 0 unless a person, a group, a body or a place ties them."""
    shared = [e for e in features.weights if e in shape.entity_articles]
    kinds = {features.kinds[e] for e in shared}
    gap = gap_to(shape, features.facts.when)
    similar = cosine(features, shape)
    strong = bool(kinds & STRONG_ANCHORS)
    weak = bool(kinds & WEAK_ANCHORS) and (len(shared) > 1 or shared_groups > 0)
    placed = (
        "place" in kinds
        and similar is not None
        and similar >= PLACE_MEANING
        and gap <= timedelta(days=PLACE_DAYS)
    )
    if not (strong or weak or placed):
        return 0.0
    evidence = sum(features.weights[e] * share(shape, e) for e in shared)
    evidence += GROUP_EVIDENCE * min(shared_groups, GROUPS_COUNTED)
    evidence += MEANING_EVIDENCE * meaning(similar) if similar is not None else 0.0
    linked = 1.0 - math.exp(-evidence / EVIDENCE_SCALE)
    return linked * fade(gap) * meaning(similar)


def _features(session: Session, facts: ArticleFacts) -> _Features:
    entities = [e for e in store.article_entities(session, facts.id) if KIND_WEIGHTS.get(e.kind, 0.5) > 0]
    return _Features(
        facts,
        {e.entity_id: entity_weight(e) for e in entities},
        {e.entity_id: e.kind for e in entities},
        store.article_groups(session, facts.id),
        article_vector(store.article_vectors(session, facts.id)),
    )


def _best_story(session: Session, features: _Features) -> tuple[int, float] | None:
    """The candidate story scoring highest, if one reaches the threshold."""
    heaviest = sorted(features.weights, key=lambda e: (-features.weights[e], e))[:LOOKUP_ENTITIES]
    when = features.facts.when
    since = when - timedelta(days=WINDOW_DAYS) if when is not None else None
    candidates = store.stories_naming(session, heaviest, since=since, per_entity=STORIES_PER_ENTITY)
    by_groups = store.stories_sharing_groups(
        session, features.groups, article_id=features.facts.id, limit=GROUP_CLAIMS_READ
    )
    candidates |= set(by_groups)
    best: tuple[int, float] | None = None
    for shape in store.story_shapes(session, candidates, features.weights):
        if when is not None and gap_to(shape, when) > timedelta(days=WINDOW_DAYS):
            continue
        value = score(features, shape, len(by_groups.get(shape.id, ())))
        if value >= JOIN_THRESHOLD and (best is None or (value, -shape.id) > (best[1], -best[0])):
            best = (shape.id, value)
    return best


def _linked_story(session: Session, facts: ArticleFacts) -> int | None:
    """The story of the article this one copies or corrects: a copy is always in its original's story."""
    for other in (facts.previous_id, facts.syndicated_of_id):
        if other is not None:
            link = store.story_of(session, other)
            if link is not None:
                return link.story_id
    return None


def assign_article(session: Session, article_id: int) -> Assignment | None:
    """Put an extracted article in a story: its pinned one, its original's, the best fitting, or a new one."""
    facts = store.article_facts(session, article_id)
    if facts is None or not facts.is_current:
        return None
    features = _features(session, facts)
    link = store.story_of(session, article_id)
    if link is not None and link.pinned:  # an operator's choice, counted in again by a rebuild
        return _join(session, features, link.story_id, 1.0, pinned=True, started=False)
    linked = _linked_story(session, facts)
    if facts.previous_id is not None:
        store.uncount_article(session, facts.previous_id)
    if linked is not None:
        return _join(session, features, linked, 1.0, pinned=False, started=False)
    best = _best_story(session, features)
    if best is None:
        return _join(session, features, store.create_story(session), 0.0, pinned=False, started=True)
    return _join(session, features, best[0], best[1], pinned=False, started=False)


def _join(
    session: Session, features: _Features, story_id: int, value: float, *, pinned: bool, started: bool
) -> Assignment:
    """Record the article in the story: its place, the story's counts, and the title if more central."""
    facts = features.facts
    shape = next(iter(store.story_shapes(session, [story_id], features.weights)))
    store.place_article(
        session, article_id=facts.id, story_id=story_id, seen_at=facts.seen_at, score=value, pinned=pinned
    )
    store.count_article_in(
        session,
        story_id,
        when=facts.when,
        entity_ids=features.weights,
        known=shape.entity_articles,
        vector=_added(shape.vector, features.vector),
    )
    titles.consider_headline(session, story_id, facts)
    logger.debug("article %s joins story %s (score %.2f)", facts.id, story_id, value)
    return Assignment(facts.id, story_id, value, started)


def _added(total: bytes | None, vector: npt.NDArray[np.float32] | None) -> bytes | None:
    """A story's vector sum with one more article's vector (None when there is nothing to add)."""
    if vector is None:
        return None
    if total is None:
        return vector.astype(np.float32).tobytes()
    return (np.frombuffer(total, dtype=np.float32) + vector).astype(np.float32).tobytes()

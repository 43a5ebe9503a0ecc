"""Benchmark story assignment as the store grows: 1k, 10k and 100k stored articles.

    .venv/bin/python bench/stories_assign.py [--levels 1000,10000,100000] [--sample 200]

The store is seeded with synthetic rows, not ingested: events of a few articles each, every article
naming a handful of the event's people, groups and places plus two of a few countries that every
story names (the hot entities a bounded look-up must not read whole), two claims per article in its
event's claim groups, with sentence vectors, and the stories, their entities and vectors as
assignment would have left them. A sample of new articles (half follow-ups of stored events, half
new events) is then assigned with the real ``assign_article``, each in its own transaction.
Printed per level: the median and p95 time per article, and how many stories were candidates.

Measured on the 2-core dev machine shared with four other jobs (200 new articles per level),
2026-12-02; the times are noisy under that load, the candidate counts are not:

    articles   median ms   p95 ms   mean candidates   max candidates   joined
        1000        48.8     92.9              31.5               41      100
       10000        49.1    115.5              31.4               39      100
      100000        36.3     97.0              31.7               41      100

About 25 statements per article, none growing with the store: the cost is flat from 1k to 100k.
The look-ups read at most STORIES_PER_ENTITY stories for each of the article's LOOKUP_ENTITIES
heaviest entities, and GROUP_CLAIMS_READ claims of its groups, whatever the number of stories.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np
from sqlalchemy import insert

from bot.stories import assign
from storage import open_database
from storage.models import (
    Article,
    Claim,
    ClaimGroup,
    ClaimVector,
    Entity,
    Mention,
    Story,
    StoryArticle,
    StoryEntity,
)

ARTICLES_PER_EVENT = 5
PEOPLE_PER_EVENT = 4
PLACES_PER_EVENT = 2
COUNTRIES = 4  # every story names two of these: the hot entities
CLAIMS_PER_ARTICLE = 2
START = datetime(2025, 1, 1, tzinfo=UTC)
BATCH = 5000


class Seeder:
    """Synthetic rows: ids handed out in order, events spread over time, vectors near their event's."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.np_rng = np.random.default_rng(rng.randrange(1 << 30))
        self.next_id = {"article": 1, "entity": 1, "story": 1, "group": 1, "claim": 1}
        self.rows: dict[type, list[dict[str, Any]]] = {}
        self.countries = [self._entity("country", f"country {i}") for i in range(COUNTRIES)]

    def _take(self, kind: str) -> int:
        value = self.next_id[kind]
        self.next_id[kind] += 1
        return value

    def _add(self, model: type, **row: Any) -> None:
        self.rows.setdefault(model, []).append(row)

    def _entity(self, kind: str, name: str) -> int:
        entity_id = self._take("entity")
        self._add(Entity, id=entity_id, name=name, kind=kind, key=name, mention_count=ARTICLES_PER_EVENT)
        return entity_id

    def event_entities(self) -> list[int]:
        people = [self._entity("person", f"person {self.next_id['entity']}") for _ in range(PEOPLE_PER_EVENT)]
        places = [self._entity("place", f"place {self.next_id['entity']}") for _ in range(PLACES_PER_EVENT)]
        return people + places + self.rng.sample(self.countries, 2)

    def article(self, when: datetime, entities: list[int], groups: list[int], centre: np.ndarray) -> int:
        """One article's row, its mentions and its claims (with vectors near ``centre``)."""
        article_id = self._take("article")
        self._add(
            Article,
            id=article_id,
            source=f"synthetic/{article_id}",
            title=f"headline {article_id}",
            language="en",
            text=f"article {article_id}",
            content_hash=f"{article_id:064d}",
            dedupe_key=f"{article_id}:",
            fingerprint=f"{article_id:064d}",
            published_at=when,
            first_seen_at=when,
        )
        for entity_id in self.rng.sample(entities, len(entities) - 1):
            self._add(
                Mention, entity_id=entity_id, article_id=article_id, start_offset=0, end_offset=1, surface="x"
            )
        for group_id in groups[:CLAIMS_PER_ARTICLE]:
            claim_id = self._take("claim")
            self._add(
                Claim,
                id=claim_id,
                article_id=article_id,
                group_id=group_id,
                start_offset=0,
                end_offset=1,
                normalised="x",
                kind="reported",
                published_at=when,
            )
            noisy = centre + self.np_rng.normal(0, 0.5, centre.shape)
            vector = np.clip(np.round(noisy / np.linalg.norm(noisy) * 127), -127, 127).astype(np.int8)
            self._add(ClaimVector, claim_id=claim_id, vector=vector.tobytes())
        return article_id

    def event(self, when: datetime) -> tuple[list[int], list[int], np.ndarray]:
        entities = self.event_entities()
        groups = [self._take("group") for _ in range(CLAIMS_PER_ARTICLE + 1)]
        for group_id in groups:
            self._add(ClaimGroup, id=group_id, label="x", status="corroborated", outlet_count=2)
        return entities, groups, self.np_rng.normal(0, 1, 512)

    def story(self, when: datetime, articles: list[int], entities: list[int], centre: np.ndarray) -> None:
        """The story assignment would have made of one event's articles."""
        story_id = self._take("story")
        unit = (centre / np.linalg.norm(centre)).astype(np.float32)
        self._add(
            Story,
            id=story_id,
            first_at=when,
            last_at=when,
            article_count=len(articles),
            manual=False,
            vector=(unit * len(articles)).tobytes(),
        )
        for article_id in articles:
            self._add(
                StoryArticle, article_id=article_id, story_id=story_id, seen_at=when, score=1.0, pinned=False
            )
        for entity_id in entities:
            self._add(
                StoryEntity, story_id=story_id, entity_id=entity_id, articles=len(articles) - 1, last_at=when
            )

    def flush(self, session: Any) -> None:
        for model in (
            Entity,
            Article,
            ClaimGroup,
            Claim,
            ClaimVector,
            Mention,
            Story,
            StoryArticle,
            StoryEntity,
        ):
            rows = self.rows.pop(model, [])
            for start in range(0, len(rows), BATCH):
                session.execute(insert(model), rows[start : start + BATCH])


def _events(
    seeder: Seeder, count: int, span_days: int
) -> Iterator[tuple[datetime, list[int], list[int], Any]]:
    for index in range(count):
        when = START + timedelta(days=span_days * index / max(count, 1))
        yield (when, *seeder.event(when))


def seed(session: Any, seeder: Seeder, articles: int) -> list[tuple[datetime, list[int], list[int], Any]]:
    """Fill the store with ``articles`` articles in stories; returns the events, for follow-ups."""
    events = list(_events(seeder, articles // ARTICLES_PER_EVENT, span_days=max(articles // 50, 30)))
    for when, entities, groups, centre in events:
        ids = [seeder.article(when, entities, groups, centre) for _ in range(ARTICLES_PER_EVENT)]
        seeder.story(when, ids, entities, centre)
        if len(seeder.rows.get(Mention, ())) > BATCH * 4:
            seeder.flush(session)
    seeder.flush(session)
    return events


def measure(level: int, sample: int, rng: random.Random) -> dict[str, float]:
    """Seed a fresh store to ``level`` articles, then time assigning ``sample`` new ones."""
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(f"sqlite:///{Path(tmp) / 'stories.db'}")
        seeder = Seeder(rng)
        with db.session() as session:
            events = seed(session, seeder, level)
        new_ids = []
        with db.session() as session:
            for index in range(sample):
                if index % 2 == 0:  # a follow-up of a stored event, a day later
                    when, entities, groups, centre = rng.choice(events)
                    new_ids.append(seeder.article(when + timedelta(days=1), entities, groups, centre))
                else:
                    when, entities, groups, centre = next(_events(seeder, 1, 1))
                    new_ids.append(seeder.article(events[-1][0], entities, groups, centre))
            seeder.flush(session)
        times, candidates, joined = [], [], 0
        original = assign.store.story_shapes

        def counting(session: Any, story_ids: Any, entity_ids: Any) -> Any:
            story_ids = set(story_ids)
            if len(story_ids) != 1:
                candidates.append(len(story_ids))
            return original(session, story_ids, entity_ids)

        assign.store.story_shapes = counting  # type: ignore[assignment]
        try:
            for article_id in new_ids:
                started = time.perf_counter()
                with db.session() as session:
                    result = assign.assign_article(session, article_id)
                times.append((time.perf_counter() - started) * 1000)
                joined += bool(result and not result.started)
        finally:
            assign.store.story_shapes = original  # type: ignore[assignment]
        db.dispose()
    times.sort()
    return {
        "articles": level,
        "median": statistics.median(times),
        "p95": times[int(len(times) * 0.95) - 1],
        "mean_candidates": statistics.mean(candidates) if candidates else 0.0,
        "max_candidates": max(candidates, default=0),
        "joined": joined,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", default="1000,10000,100000")
    parser.add_argument("--sample", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(13)
    print("articles   median ms   p95 ms   mean candidates   max candidates   joined")
    for level in (int(x) for x in args.levels.split(",")):
        r = measure(level, args.sample, rng)
        print(
            f"{r['articles']:>8}   {r['median']:>9.1f}   {r['p95']:>6.1f}   {r['mean_candidates']:>15.1f}"
            f"   {r['max_candidates']:>14}   {r['joined']:>6}"
        )


if __name__ == "__main__":
    main()

"""Benchmark a story's timeline as the story grows: 100, 1,000 and 10,000 articles in one story.

    .venv/bin/python bench/timeline.py [--levels 100,1000,10000] [--repeat 5]

The store is seeded with synthetic rows, not ingested: one story whose articles each carry four claims
in the story's claim groups (a group per 20 articles, so groups grow with the story), every tenth claim
a toll ("N people were killed") whose figure changes now and then, every twentieth a denial. Printed per
level: the median and worst time of ``story_timeline`` and how many points it shows and counts.

Measured on the 2-core dev machine shared with four other jobs (5 runs per level), 2026-12-02:

     articles    claims median ms  worst ms    points      more   revised   denials
          100       400      41.2      85.8        30         2         1        11
         1000      4000      95.9     107.7        30       201         9        21
        10000     40000     193.9     215.7        30      2057         2        28

The claims read stay bounded (40 groups, 40 claims a side); what grows is the two aggregates over the
story's claims in SQL (its disputed-group count for the heading, and the ranking of its groups), about
75 ms each at 40,000 claims. Reading the members' stories by claim through the story's articles took
1.1 s at 10,000 articles; by article it takes a few milliseconds.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert

from bot.stories.timeline import story_timeline
from storage import open_database
from storage.models import Article, Claim, ClaimGroup, Outlet, Story, StoryArticle

CLAIMS_PER_ARTICLE = 4
ARTICLES_PER_GROUP = 20
OUTLETS = 50
START = datetime(2026, 1, 1, tzinfo=UTC)
BATCH = 5000


def _claim_text(index: int, group: int) -> tuple[str, str]:
    """A claim's sentence and stance: a toll every tenth claim, a denial every twentieth."""
    if index % 10 == 0:
        return f"Officials said {3 + index // 400} people were killed in the collapse.", "affirmed"
    if index % 20 == 5:
        return f"The ministry denied claim number {group}.", "denied"
    return f"Witness {index} said claim number {group} happened.", "affirmed"


def seed(session: Any, articles: int) -> int:
    """One story of ``articles`` synthetic articles; returns its id."""
    groups = max(articles // ARTICLES_PER_GROUP, 1) * CLAIMS_PER_ARTICLE
    session.execute(
        insert(Outlet), [{"id": i + 1, "name": f"outlet {i + 1}", "key": f"o{i}"} for i in range(OUTLETS)]
    )
    session.execute(
        insert(ClaimGroup),
        [
            {"id": g + 1, "label": f"claim {g + 1}", "status": "disputed", "outlet_count": 5}
            for g in range(groups)
        ],
    )
    session.execute(
        insert(Story), [{"id": 1, "article_count": articles, "first_at": START, "last_at": START}]
    )
    rows: dict[type, list[dict[str, Any]]] = {Article: [], Claim: [], StoryArticle: []}
    rng = random.Random(articles)
    claim_id = 0
    for article_id in range(1, articles + 1):
        when = START + timedelta(minutes=7 * article_id)
        sentences = []
        for _ in range(CLAIMS_PER_ARTICLE):
            claim_id += 1
            group = rng.randrange(groups) + 1
            sentence, stance = _claim_text(claim_id, group)
            sentences.append((sentence, stance, group, claim_id))
        text = " ".join(s for s, *_ in sentences)
        rows[Article].append(
            {
                "id": article_id,
                "source": f"synthetic/{article_id}",
                "title": f"headline {article_id}",
                "language": "en",
                "text": text,
                "content_hash": f"{article_id:064d}",
                "dedupe_key": f"{article_id}:",
                "fingerprint": f"{article_id:064d}",
                "outlet_id": article_id % OUTLETS + 1,
                "published_at": when,
                "published_has_time": True,
                "first_seen_at": when,
            }
        )
        offset = 0
        for sentence, stance, group, cid in sentences:
            rows[Claim].append(
                {
                    "id": cid,
                    "article_id": article_id,
                    "group_id": group,
                    "start_offset": offset,
                    "end_offset": offset + len(sentence),
                    "normalised": sentence.lower(),
                    "stance": stance,
                    "kind": "reported",
                }
            )
            offset += len(sentence) + 1
        rows[StoryArticle].append({"article_id": article_id, "story_id": 1, "seen_at": when, "score": 1.0})
    for model in (Article, Claim, StoryArticle):
        for start in range(0, len(rows[model]), BATCH):
            session.execute(insert(model), rows[model][start : start + BATCH])
    return 1


def measure(level: int, repeat: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        database = open_database(f"sqlite:///{Path(tmp) / 'bench.db'}")
        with database.session() as session:
            story = seed(session, level)
        times = []
        found = None
        for _ in range(repeat):
            with database.session() as session:
                started = time.perf_counter()
                found = story_timeline(session, story)
                times.append((time.perf_counter() - started) * 1000)
        database.dispose()
    assert found is not None
    kinds = [p.kind for p in found.points]
    return {
        "median": statistics.median(times),
        "worst": max(times),
        "points": len(found.points),
        "more": found.more,
        "revised": kinds.count("revised"),
        "denial": kinds.count("denial"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", default="100,1000,10000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    columns = ("articles", "claims", "median ms", "worst ms", "points", "more", "revised", "denials")
    print(" ".join(f"{c:>9}" for c in columns))
    for level in (int(v) for v in args.levels.split(",")):
        m = measure(level, args.repeat)
        values = (level, level * CLAIMS_PER_ARTICLE, m["median"], m["worst"])
        counts = (m["points"], m["more"], m["revised"], m["denial"])
        print(
            " ".join(
                [
                    *(f"{v:>9.0f}" for v in values[:2]),
                    *(f"{v:>9.1f}" for v in values[2:]),
                    *(f"{v:>9.0f}" for v in counts),
                ]
            )
        )


if __name__ == "__main__":
    main()

"""Benchmark extraction and grouping as the store grows: 1k, 10k and 100k stored claims.

    .venv/bin/python bench/extract.py [--levels 1000,10000,100000] [--sample 40]

A generated corpus (made-up names, places and events in Arabic news style) fills a fresh SQLite
database to each level of stored claims, then a sample of new articles goes through the real
``store_document`` + ``extract_article`` path. Printed per level: articles per second through
extraction and grouping, the median time per article, and the mean and maximum number of
candidate comparisons per article (the quantity the candidate index keeps bounded).

Filling uses the same extraction, committed in batches of 200 articles.

Measured on the 2-core dev machine (20-sentence articles, 40 per level), 2026-12-02, with sentence
vectors and the nearest-claim lookup for translations:

      claims  articles/s  median ms   p95 ms  mean cmp  max cmp
        1020        12.4       78.2     83.9     400.0      400
       10020        11.1       83.0    116.9     300.1      346
      100020         9.9       95.5    119.9     400.0      400

Comparisons are bounded by GroupingWeights.candidates (20) per claim, whatever the store's size.
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

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select

from bot.extract import extract_article
from bot.extract.gazetteer import load_gazetteer
from bot.ingest.document import CleanDocument
from bot.ingest.store import store_document
from storage import open_database
from storage.models import Article, Claim

FIRST = (
    "محمد أحمد خالد عمر يوسف سامر ماهر علي حسن فادي رامي طارق وليد نزار باسل زياد مازن هشام جمال عادل".split()
)
LETTERS = "بتثجحخدذرزسشصضطظعغفقكلمنهي"
TITLES = "العميد العقيد القيادي الناشط المتحدث الطبيب الشيخ".split()
ORG_HEADS = "كتيبة فرقة لواء جبهة".split()
PLACE_HEADS = "بلدة مدينة قرية".split()
OUTLETS = [f"صحيفة {w}" for w in "الوادي السهل الجبل النهر الساحل الشمال الجنوب الشرق الغرب الوسط".split()]
COUNT = "قتيلا جريحا معتقلا".split()
EVENTS = [
    "اندلعت اشتباكات عنيفة بين {org} وقوات الشرطة في {ph} {place}",
    "أغلقت السلطات المحلية الطريق الرئيسي المؤدي إلى {ph} {place}",
    "وصلت قافلة مساعدات إنسانية إلى {ph} {place} بعد حصار طويل",
    "انسحبت {org} من مواقعها في محيط {ph} {place}",
    "اعتقلت الشرطة عددا من عناصر {org} قرب {ph} {place}",
    "استهدف قصف مدفعي سوق {ph} {place} صباح اليوم",
    "عقد وجهاء {ph} {place} اجتماعا مع ممثلين عن {org}",
    "فتحت السلطات معبر {ph} {place} أمام الشاحنات التجارية",
]


def _word(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(LETTERS) for _ in range(n))


class World:
    """Names, places and groups of a made-up story world, and events that several outlets report."""

    def __init__(self, rng: random.Random, size: int) -> None:
        self.rng = rng
        self.people = [f"{rng.choice(FIRST)} ال{_word(rng, 4)}" for _ in range(size)]
        self.places = [_word(rng, 5) for _ in range(size // 2 + 5)]
        self.orgs = [f"{rng.choice(ORG_HEADS)} ال{_word(rng, 5)}" for _ in range(size // 4 + 5)]

    def event(self) -> str:
        rng = self.rng
        return rng.choice(EVENTS).format(
            org=rng.choice(self.orgs), ph=rng.choice(PLACE_HEADS), place=rng.choice(self.places)
        )

    def sentence(self) -> str:
        rng = self.rng
        kind = rng.random()
        person = rng.choice(self.people)
        if kind < 0.35:
            return f"وقال {rng.choice(TITLES)} {person} إن {self.event()}."
        if kind < 0.45:
            return f"ونفى {rng.choice(TITLES)} {person} أن تكون {self.event()}."
        if kind < 0.6:
            return f"وأفادت مصادر محلية بسقوط {rng.randint(2, 40)} {rng.choice(COUNT)} بعد أن {self.event()}."
        if kind < 0.7:
            return f"وبحسب {rng.choice(self.orgs)}، فقد {self.event()}."
        return f"{self.event()}."

    def article(self, n_sentences: int) -> str:
        return "\n".join(self.sentence() for _ in range(n_sentences))


def _doc(world: World, n: int, sentences: int, when: datetime) -> CleanDocument:
    text = world.article(sentences)
    return CleanDocument(
        source=f"bench://{n}",
        title=text.split("\n", 1)[0][:120],
        text=text,
        language="ar",
        url=f"https://bench.example/{n}",
        outlet=world.rng.choice(OUTLETS),
        published_at=when,
        published_has_time=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--levels", default="1000,10000,100000")
    parser.add_argument("--sample", type=int, default=40, help="new articles measured at each level")
    parser.add_argument("--sentences", type=int, default=20, help="sentences per measured article")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    levels = [int(x) for x in args.levels.split(",")]
    rng = random.Random(args.seed)
    world = World(rng, size=2000)
    gazetteer = load_gazetteer(True, None)
    counter = 0
    start_day = datetime(2025, 1, 1, tzinfo=UTC)
    print(f"{'claims':>8} {'articles/s':>11} {'median ms':>10} {'p95 ms':>8} {'mean cmp':>9} {'max cmp':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(f"sqlite:///{Path(tmp) / 'bench.db'}")
        for level in levels:
            while True:
                with db.session() as session:
                    stored = int(session.scalar(select(func.count()).select_from(Claim)) or 0)
                if stored >= level:
                    break
                batch = min(200, max(1, (level - stored) // 20 + 1))
                with db.session() as session:
                    for _ in range(batch):
                        counter += 1
                        when = start_day + timedelta(hours=counter)
                        store_document(session, _doc(world, counter, 20, when), extract=False)
                        article = session.scalars(select(Article).order_by(Article.id.desc()).limit(1)).one()
                        extract_article(session, article, gazetteer=gazetteer)
            times: list[float] = []
            comparisons: list[int] = []
            for _ in range(args.sample):
                counter += 1
                when = start_day + timedelta(hours=counter)
                doc = _doc(world, counter, args.sentences, when)
                with db.session() as session:
                    store_document(session, doc, extract=False)
                    article = session.scalars(select(Article).order_by(Article.id.desc()).limit(1)).one()
                    started = time.perf_counter()
                    stats = extract_article(session, article, gazetteer=gazetteer)
                    times.append(time.perf_counter() - started)
                comparisons.append(stats.comparisons)
            median = statistics.median(times) * 1000
            p95 = sorted(times)[int(0.95 * (len(times) - 1))] * 1000
            print(
                f"{stored:>8} {len(times) / sum(times):>11.1f} {median:>10.1f} {p95:>8.1f} "
                f"{statistics.mean(comparisons):>9.1f} {max(comparisons):>8}",
                flush=True,
            )
        db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark the coverage chart: matplotlib's first import, reading a story, and drawing the PNG.

    .venv/bin/python bench/chart.py [--articles 10,1000,20000] [--runs 5]

Three parts, each printed:
- the one-off cost of the first chart in a process: importing matplotlib and loading the font;
- reading the chart's data (``bot.chart.coverage``) for the bundled sample corpus, ingested into a
  temporary SQLite file;
- drawing (``bot.chart.render_png``) synthetic charts of a story with N articles over 30 days from 60
  outlets (10 rows and "others") and 3 disputes, in Arabic and in English: median and max of the runs,
  and the PNG's size. The drawing cost depends on the rows and bins, not on the articles: a story's
  articles are counted into at most 11 rows of at most 24 bins before anything is drawn.

Measured on the 2-core dev machine shared with four other jobs, 2026-12-02, 5 runs each; two runs, the
second under a heavier load (the PNG sizes are the same in both):

    first chart in a process: import matplotlib and font 0.38 s (loaded: 0.53 s)
    coverage of the sample corpus (9 articles): median 5.5 ms (loaded: 10.5 ms)
    articles   language   median ms   max ms   PNG KB   (loaded: median ms)
          10         ar        232       347      154    355
          10         en        219       229      159    372
        1000         ar        342       484      263    514
        1000         en        338       486      268    503
       20000         ar        401       513      287    534
       20000         en        385       552      292    474

Drawing, not reading, is the cost, and it grows with the dots drawn (at most 11 x 24), not the articles.
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

from bot.chart import Coverage, Dispute, DisputeSide, coverage, render_png
from bot.chart.data import bin_width, outlet_rows
from bot.stories import StorySummary

START = datetime(2026, 1, 1, tzinfo=UTC)
OUTLETS = [f"موقع {n}" if n % 2 else f"Outlet {n}" for n in range(60)]


def synthetic(articles: int, seed: int = 7) -> Coverage:
    """A story of ``articles`` articles over 30 days from 60 outlets, a few of them far busier."""
    rng = random.Random(seed)
    weights = [1 / (rank + 1) for rank in range(len(OUTLETS))]
    dated = [
        (rng.choices(OUTLETS, weights)[0], START + timedelta(minutes=rng.randrange(30 * 24 * 60)))
        for _ in range(articles)
    ]
    first, last = min(w for _n, w in dated), max(w for _n, w in dated)
    width = bin_width(first, last)
    sides = (
        DisputeSide("affirmed", "متحدث باسم الوزارة", tuple(OUTLETS[:4])),
        DisputeSide("denied", "the union", (*OUTLETS[4:7], None)),
    )
    disputes = tuple(
        Dispute(
            n, f"نص الادعاء المتنازع عليه رقم {n} كما نشرته المواقع", first + timedelta(days=3 * n), sides
        )
        for n in range(1, 4)
    )
    story = StorySummary(
        1,
        {"ar": "قصة للاختبار", "en": "A story to measure"},
        first,
        last,
        articles,
        60,
        3,
        (),
        ("ar", "en"),
        False,
    )
    return Coverage(story, outlet_rows(dated, width), width, first, last, 0, disputes)


def first_chart() -> float:
    """Seconds to import matplotlib and load the font (what the first /chart of a process pays)."""
    started = time.perf_counter()
    from bot.chart.draw import font_path

    font_path()
    return time.perf_counter() - started


def sample_coverage(runs: int) -> float:
    """Median ms to read the chart's data of the sample corpus's story."""
    from bot.sample import load_sample_corpus
    from storage import open_database
    from storage import stories as store

    with tempfile.TemporaryDirectory() as folder:
        database = open_database(f"sqlite:///{Path(folder) / 'bench.db'}")
        load_sample_corpus(database)
        with database.session() as session:
            story = store.largest_story(session)
            assert story is not None
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                coverage(session, story)
                times.append((time.perf_counter() - started) * 1000)
        database.dispose()
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", default="10,1000,20000")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"first chart in a process: import matplotlib and font {first_chart():.2f} s")
    print(f"coverage of the sample corpus: median {sample_coverage(args.runs):.1f} ms")
    print(f"{'articles':>8}   language   median ms   max ms   PNG KB")
    for size in (int(n) for n in args.articles.split(",")):
        chart = synthetic(size)
        for language in ("ar", "en"):
            times, png = [], b""
            for _ in range(args.runs):
                started = time.perf_counter()
                png = render_png(chart, language)
                times.append((time.perf_counter() - started) * 1000)
            print(
                f"{size:>8}   {language:>8}   {statistics.median(times):>9.0f}   {max(times):>6.0f}"
                f"   {len(png) // 1024:>6}"
            )


if __name__ == "__main__":
    main()

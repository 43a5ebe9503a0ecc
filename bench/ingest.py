"""Benchmark: clean-and-store throughput of `ingest` (no extraction) on generated Arabic-like articles.

Generates N articles of about 600 words as files, then times `ingest_inputs(extract=False)` reading,
decoding, cleaning and storing them into a fresh SQLite database (WAL mode) in a temporary folder.
Prints articles per second and the peak memory of the process.

    .venv/bin/python bench/ingest.py            # 5,000 articles
    .venv/bin/python bench/ingest.py -n 500     # a quick run
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from bot.config import load_settings
from bot.ingest import ingest_inputs
from storage import open_database

LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
PREFIXES = ("", "", "ال", "و", "وال", "ب", "لل")
SUFFIXES = ("", "", "", "ة", "ات", "ين", "ون", "ها")
MONTHS = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر")
VERBS = ("قال", "أكد", "أوضح", "نفى", "أشار", "أضاف")


def make_vocabulary(rng: random.Random, size: int = 6000) -> list[str]:
    words = set()
    while len(words) < size:
        stem = "".join(rng.choice(LETTERS) for _ in range(rng.randint(3, 5)))
        words.add(rng.choice(PREFIXES) + stem + rng.choice(SUFFIXES))
    return sorted(words)


def make_article(rng: random.Random, vocabulary: list[str], words: int = 600) -> str:
    """A dateline, a title and paragraphs of attributed sentences: roughly ``words`` words."""
    day, month, hour = rng.randint(1, 28), rng.choice(MONTHS), rng.randint(1, 12)
    lines = [f"{day} {month} 2025 {hour:02d}:{rng.randint(0, 59):02d} PM", ""]
    lines += [" ".join(rng.choices(vocabulary, k=rng.randint(6, 10))), ""]
    written = 0
    while written < words:
        sentences = []
        for _ in range(rng.randint(3, 5)):
            body = rng.choices(vocabulary, k=rng.randint(10, 22))
            sentences.append(f"و{rng.choice(VERBS)} " + " ".join(body) + ".")
            written += len(body) + 1
        lines += [" ".join(sentences), ""]
    return "\n".join(lines)


def generate(folder: Path, count: int, seed: int) -> None:
    rng = random.Random(seed)
    vocabulary = make_vocabulary(rng)
    for i in range(count):
        (folder / f"{i:05d}.txt").write_text(make_article(rng, vocabulary), encoding="utf-8")


def peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--articles", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=20251022)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        started = time.perf_counter()
        generate(corpus, args.articles, args.seed)
        total_words = sum(len(p.read_text(encoding="utf-8").split()) for p in corpus.iterdir())
        print(
            f"generated {args.articles:,} articles ({total_words / args.articles:.0f} words each on average)"
            f" in {time.perf_counter() - started:.1f}s"
        )

        db = open_database(f"sqlite:///{Path(tmp) / 'bench.db'}")
        journal = db.engine.connect().exec_driver_sql("PRAGMA journal_mode").scalar()
        rss_before = peak_rss_mb()
        started, cpu_started = time.perf_counter(), time.process_time()
        report = ingest_inputs(db, [str(corpus)], extract=False, settings=load_settings())
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        db.dispose()

    if not report.ok or report.added != args.articles:
        raise SystemExit(
            f"benchmark run was not clean: {report.to_json()['failed']} failed, {report.added} added"
        )
    print(f"SQLite journal mode: {journal}")
    print(f"ingested {report.added:,} articles in {elapsed:.1f}s: {report.added / elapsed:.0f} articles/s")
    # On a shared machine the wall clock includes waiting for the CPU; CPU time is what one core spends.
    print(f"CPU time {cpu:.1f}s: {report.added / cpu:.0f} articles per CPU-second (one core)")
    print(f"peak memory (max RSS): {peak_rss_mb():.0f} MB (before ingest: {rss_before:.0f} MB)")


if __name__ == "__main__":
    main()

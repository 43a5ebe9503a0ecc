"""Benchmark: one story covered by hundreds of outlets, ingested and asked end to end.

Generates articles of one story at run time from the sentences of ../shared/seeds and the sample corpus
(nothing of theirs is written into the repository): hundreds of outlets, each article a syndicated
copy, an exact repeat, a near copy (a paragraph dropped or moved, a sentence added) or a recombination
of paragraphs with some sentences reworded (another reporting verb, a figure changed), in Arabic and
English. It ingests the 5 seeds, then the generated articles, through `briefing ingest --json`, and asks
questions through `briefing ask --json -` at 5, 1,000 and the full count of articles. It prints articles
lost, ingest articles/s (wall clock and per CPU-second of the ingest process), ask p50/p95 at each size
and the slowdown against 5 articles, and the resident memory of both processes.

    .venv/bin/python bench/coverage.py                      # 10,000 articles
    .venv/bin/python bench/coverage.py --articles 1000 --core 0
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
QUESTIONS = SHARED / "eval" / "dev_questions.json"
SAMPLE = REPO / "bot" / "sample" / "articles"
BRIEFING = Path(sys.executable).with_name("briefing")

LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
AR_HEADS = ("وكالة", "صحيفة", "شبكة", "موقع", "قناة", "إذاعة", "بوابة")
EN_TAILS = ("News", "Times", "Post", "Herald", "Wire", "Daily", "Observer")
# Rewordings a copy editor makes: another reporting verb, the same claim otherwise.
SWAPS = (
    ("قال", "أكد"),
    ("أكد", "أوضح"),
    ("أعلن", "أكد"),
    ("أفاد", "ذكر"),
    ("وقال", "وأضاف"),
    ("said", "stated"),
    ("told", "said to"),
    ("added", "said"),
)
_PREFIX = re.compile(r"^[^/\n.!?؟:،,]{2,60}?\s*/\s+")
_DIGITS = re.compile(r"\b\d{1,3}\b")


@dataclass
class Source:
    """A source article's title and paragraphs (its dateline and outlet prefix left out)."""

    language: str
    title: str
    paragraphs: list[str]


@dataclass
class Corpus:
    """What was generated: file contents by name, and each file's (text, outlet) pair."""

    files: dict[str, str] = field(default_factory=dict)
    pairs: dict[str, tuple[str, str]] = field(default_factory=dict)


def read_sources() -> list[Source]:
    """Every seed and sample article split into title and paragraphs (read at run time)."""
    sources = []
    for path in sorted([*SEEDS.glob("*.txt"), *SAMPLE.glob("*.txt")]):
        blocks = [b.strip() for b in path.read_text(encoding="utf-8").split("\n\n") if b.strip()]
        prose = [_PREFIX.sub("", b) for b in blocks if len(b.split()) >= 8]
        title = next((b for b in blocks if 4 <= len(b.split()) < 25 and not b[:1].isdigit()), blocks[0])
        if prose:
            latin = sum(c.isascii() and c.isalpha() for c in prose[0])
            sources.append(Source("en" if latin > len(prose[0]) / 2 else "ar", title, prose))
    return sources


def outlets(rng: random.Random, count: int) -> list[str]:
    """``count`` distinct generated outlet names, Arabic and English."""
    names: set[str] = set()
    while len(names) < count:
        stem = "".join(rng.choice(LETTERS) for _ in range(rng.randint(3, 6)))
        if rng.random() < 0.7:
            names.add(f"{rng.choice(AR_HEADS)} {stem}")
        else:
            names.add(f"{stem.translate(_LATIN).title()} {rng.choice(EN_TAILS)}")
    return sorted(names)


_LATIN = str.maketrans(LETTERS, "abtcjhxdzrzsqsdtzegfqklmnhwy")


def reword(rng: random.Random, paragraph: str) -> str:
    """The paragraph with a reporting verb swapped, or one small figure changed (a rewording)."""
    if rng.random() < 0.15 and _DIGITS.search(paragraph):
        return _DIGITS.sub(lambda m: str(int(m.group()) + rng.randint(1, 3)), paragraph, count=1)
    for old, new in rng.sample(SWAPS, len(SWAPS)):
        if re.search(rf"(?<!\w){old}(?!\w)", paragraph):
            return re.sub(rf"(?<!\w){old}(?!\w)", new, paragraph, count=1)
    return paragraph


def recombined(rng: random.Random, pool: list[Source]) -> tuple[str, list[str]]:
    """A new article: a title and 3-8 paragraphs of one language's sources, some reworded."""
    title = rng.choice(pool).title
    paragraphs = [p for source in pool for p in source.paragraphs]
    chosen = rng.sample(paragraphs, min(len(paragraphs), rng.randint(3, 8)))
    return title, [reword(rng, p) if rng.random() < 0.3 else p for p in chosen]


def near_copy(rng: random.Random, title: str, paragraphs: list[str], pool: list[Source]) -> list[str]:
    """An earlier article with a paragraph dropped, two swapped or one added."""
    body = list(paragraphs)
    roll = rng.random()
    if roll < 0.4 and len(body) > 2:
        body.pop(rng.randrange(len(body)))
    elif roll < 0.7 and len(body) > 1:
        i, j = rng.sample(range(len(body)), 2)
        body[i], body[j] = body[j], body[i]
    else:
        body.insert(rng.randrange(len(body) + 1), rng.choice(rng.choice(pool).paragraphs))
    return body


def render(outlet: str, when: datetime, title: str, paragraphs: list[str], markdown: bool) -> str:
    """A Markdown file with front matter, or a text file with a dateline and an 'Outlet/ ' prefix."""
    if markdown:
        head = f"---\noutlet: {outlet}\ndate: {when.isoformat(timespec='minutes')}\n---"
        return "\n\n".join([head, f"# {title}", *paragraphs])
    dateline = f"{when.day} أكتوبر {when.year} {when.hour:02d}:{when.minute:02d}"
    return "\n\n".join([dateline, title, f"{outlet}/ {paragraphs[0]}", *paragraphs[1:]])


def generate(count: int, seed: int, outlet_count: int, sources: list[Source]) -> Corpus:
    """``count`` articles of one story: copies, repeats, near copies and recombinations."""
    rng = random.Random(seed)
    names = outlets(rng, outlet_count)
    by_language = {lang: [s for s in sources if s.language == lang] for lang in ("ar", "en")}
    start = datetime(2025, 10, 22, 6, 0)
    made: list[tuple[str, str, list[str]]] = []  # (outlet, title, paragraphs)
    corpus = Corpus()
    for index in range(count):
        outlet, roll = rng.choice(names), rng.random()
        when = start + timedelta(minutes=rng.randint(0, 4 * 24 * 60))
        if made and roll < 0.05:  # the same article again, the same outlet: a repeat
            outlet, title, body = rng.choice(made)
        elif made and roll < 0.35:  # a syndicated copy under another outlet
            _, title, body = rng.choice(made)
        elif made and roll < 0.6:
            _, title, body = rng.choice(made)
            body = near_copy(rng, title, body, by_language["en" if rng.random() < 0.2 else "ar"])
        else:
            title, body = recombined(rng, by_language["en" if rng.random() < 0.2 else "ar"])
        made.append((outlet, title, body))
        markdown = rng.random() < 0.5
        name = f"{index:05d}.{'md' if markdown else 'txt'}"
        corpus.files[name] = render(outlet, when, title, body, markdown)
        corpus.pairs[name] = ("\n\n".join([title, *body]), outlet)
    return corpus


def write(folder: Path, files: dict[str, str]) -> None:
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


@dataclass
class IngestRun:
    """One `briefing ingest --json` process: its report, wall and CPU seconds, peak memory."""

    report: dict[str, object]
    wall: float
    cpu: float
    peak_mb: float


def taskset(core: int | None) -> list[str]:
    return ["taskset", "-c", str(core)] if core is not None and shutil.which("taskset") else []


def ingest(folder: Path, env: dict[str, str], core: int | None) -> IngestRun:
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(
            [*taskset(core), str(BRIEFING), "ingest", "--json", str(folder)], env=env, stdout=out, stderr=err
        )
        _pid, _status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        out.seek(0)
        try:
            report = json.loads(out.read().decode("utf-8"))
        except ValueError:
            err.seek(0)
            raise SystemExit("briefing ingest printed no report:\n" + err.read().decode()[-2000:]) from None
    return IngestRun(report, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


@dataclass
class AskRun:
    """Latencies of questions through one `briefing ask --json -` process, and its resident memory."""

    latencies: list[float]
    found: int
    rss_mb: float

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return 1000 * ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def ask(questions: list[str], env: dict[str, str], core: int | None) -> AskRun:
    """Send the questions one at a time (after one warm-up) and time each answer line."""
    process = subprocess.Popen(
        [*taskset(core), str(BRIEFING), "ask", "--json", "-"],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        encoding="utf-8",
    )
    assert process.stdin is not None and process.stdout is not None
    latencies, found = [], 0
    for n, question in enumerate([questions[0], *questions]):
        started = time.perf_counter()
        process.stdin.write(question + "\n")
        process.stdin.flush()
        reply = json.loads(process.stdout.readline())
        if n:
            latencies.append(time.perf_counter() - started)
            found += bool(reply.get("found"))
    rss = _status_mb(process.pid, "VmHWM")
    process.stdin.close()
    process.wait()
    return AskRun(latencies, found, rss)


def _status_mb(pid: int, key: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def lost(run: IngestRun, expected: int) -> int:
    """Articles a run failed to store: its failures, and any distinct article neither added nor known."""
    added = int(run.report["added"]) + int(run.report["corrected"])  # type: ignore[call-overload]
    failed = int(run.report["failed"])  # type: ignore[call-overload]
    return failed + max(0, expected - added - failed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000, help="articles in all (the 5 seeds included)")
    parser.add_argument("--outlets", type=int, default=400)
    parser.add_argument("--questions", type=int, default=200, help="questions timed at each size")
    parser.add_argument("--core", type=int, default=None, help="pin the processes to this CPU (taskset -c)")
    parser.add_argument("--seed", type=int, default=20261202)
    parser.add_argument("--keep", type=Path, default=None, help="keep the corpus and database in this folder")
    args = parser.parse_args()
    sources = read_sources()
    pool = [q["q"] for q in json.loads(QUESTIONS.read_text(encoding="utf-8"))["questions"]]
    questions = [pool[i % len(pool)] for i in range(args.questions)]
    generated = generate(max(0, args.articles - 5), args.seed, args.outlets, sources)
    sizes = sorted({5, *(s for s in (1000,) if s < args.articles), args.articles})
    folder = args.keep or Path(tempfile.mkdtemp(prefix="briefing-coverage-"))
    env = {**os.environ, "BRIEFING_DATABASE_URL": f"sqlite:///{folder / 'coverage.db'}"}
    env.pop("BRIEFING_TELEGRAM_TOKEN", None)
    print(
        f"generated {len(generated.files):,} articles under {args.outlets} outlets from {len(sources)} "
        f"source articles ({len(set(generated.pairs.values())):,} distinct text and outlet pairs)"
    )
    runs: list[tuple[int, IngestRun]] = []
    asks: dict[int, AskRun] = {}
    total_lost, names, done = 0, sorted(generated.files), 0
    for size in sizes:
        if size == 5:
            batch = folder / "seeds"
            shutil.copytree(SEEDS, batch)
            expected = len(list(SEEDS.glob("*.txt")))
        else:
            chosen = names[done : size - 5]
            done = size - 5
            batch = folder / f"upto-{size}"
            write(batch, {n: generated.files[n] for n in chosen})
            expected = _distinct_new(generated, chosen, names)  # a repeat is known, not lost
        run = ingest(batch, env, args.core)
        total_lost += lost(run, expected)
        for item in run.report.get("items") or []:  # type: ignore[attr-defined]
            if item.get("status") == "failed":
                print(f"lost {item.get('source')}: {item.get('reason')}", flush=True)
        if size != 5:
            runs.append((len(list(batch.iterdir())), run))
        asks[size] = ask(questions, env, args.core)
        report = run.report
        print(
            f"at {size:,} articles: ingest added {report['added']}, duplicates {report['duplicates']},"
            f" failed {report['failed']} in {run.wall:.1f}s; ask p50 {asks[size].percentile(0.5):.1f} ms,"
            f" p95 {asks[size].percentile(0.95):.1f} ms, found {asks[size].found}/{len(questions)}",
            flush=True,
        )
    _summary(runs, asks, total_lost)
    if args.keep is None:
        shutil.rmtree(folder)


def _distinct_new(corpus: Corpus, chosen: list[str], names: list[str]) -> int:
    """Distinct (text, outlet) pairs among ``chosen`` not already among the files before them."""
    before = {corpus.pairs[n] for n in names[: names.index(chosen[0])]} if chosen else set()
    return len({corpus.pairs[n] for n in chosen} - before)


def _summary(runs: list[tuple[int, IngestRun]], asks: dict[int, AskRun], total_lost: int) -> None:
    files = sum(n for n, _r in runs)
    wall = sum(r.wall for _n, r in runs)
    cpu = sum(r.cpu for _n, r in runs)
    print(f"articles lost: {total_lost}")
    if files:
        print(
            f"ingest with extraction: {files / wall:.1f} articles/s wall clock, {files / cpu:.1f} per "
            f"CPU-second ({files:,} articles), peak {max(r.peak_mb for _n, r in runs):.0f} MB"
        )
    base = asks[5]
    for size, run in asks.items():
        slowdown = statistics.median(run.latencies) / statistics.median(base.latencies)
        print(
            f"ask at {size:>6,} articles: p50 {run.percentile(0.5):6.1f} ms,"
            f" p95 {run.percentile(0.95):6.1f} ms, {slowdown:4.1f}x the p50 at 5, RSS {run.rss_mb:.0f} MB"
        )


if __name__ == "__main__":
    main()

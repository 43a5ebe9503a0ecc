"""What the sentence encoder costs: load time, per-article and per-question time, memory.

    python bench/encoder.py [--articles 50]

Reads sentences from the bundled sample corpus (and ../shared/eval/stories when present), encodes them
the way extraction does (one batch per article of ~20 claims) and the way answering does (one question),
and prints the figures. Numbers, not a timed test.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from bot.text import split_sentences

ROOT = Path(__file__).resolve().parents[1]


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _sentences() -> list[str]:
    folders = [ROOT / "bot" / "sample" / "articles", ROOT.parent / "shared" / "eval" / "stories"]
    found: list[str] = []
    for folder in folders:
        for path in sorted(folder.rglob("*.txt")) if folder.exists() else []:
            text = path.read_text(encoding="utf-8")
            found += [text[s.start : s.end] for s in split_sentences(text) if s.end - s.start > 20]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=50)
    args = parser.parse_args()
    sentences = _sentences()
    before = _rss_mb()
    started = time.perf_counter()
    from bot import embed

    embed.encode(["warm-up"])
    load = time.perf_counter() - started
    print(f"load: {load:.2f} s, +{_rss_mb() - before:.0f} MB resident ({len(sentences)} sentences to encode)")
    per_article = []
    for k in range(args.articles):
        batch = [sentences[(k * 20 + i) % len(sentences)] for i in range(20)]
        embed.clear_cache()  # time the encoder, not the vectors it keeps for repeated sentences
        t = time.perf_counter()
        embed.encode(batch)
        per_article.append((time.perf_counter() - t) * 1000)
    print(f"per article (20 claims, one batch): median {statistics.median(per_article):.0f} ms")
    thousand = [sentences[i % len(sentences)] for i in range(1000)]
    embed.clear_cache()
    t = time.perf_counter()
    embed.encode(thousand)
    print(f"1,000 sentences in one batch: {time.perf_counter() - t:.2f} s")
    per_question = []
    for question in ("How many people were displaced?", "ما المختلف عليه؟", "Who is the governor?") * 20:
        embed.clear_cache()
        t = time.perf_counter()
        embed.encode([question])
        per_question.append((time.perf_counter() - t) * 1000)
    print(f"per question: median {statistics.median(per_question):.1f} ms; resident now {_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()

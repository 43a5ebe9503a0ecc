"""Benchmark `ask` at scale against a naive full scan.

    python bench/ask.py [--claims 100000] [--entities 5000] [--questions 300]

Generates a store of claims over entities with Arabic-like and Latin names (typos and aliases included),
then prints, in one run: p50/p95 latency of ask in process (warm), questions per second through
`briefing ask --json -`, resident memory, recall@10 on generated questions, and the same figures for a
naive baseline (run in its own process) that scans every claim with rapidfuzz.process.extract.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
from sqlalchemy import insert, text

from bot import embed
from bot.terms import name_terms, text_terms
from bot.text import normalise
from bot.translit import name_key
from storage import open_database
from storage.models import (
    Article,
    Claim,
    ClaimEntity,
    ClaimGroup,
    ClaimVector,
    Entity,
    EntityAlias,
    Outlet,
    Term,
    TermStat,
)

LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
LATIN = {
    "ا": "a",
    "ب": "b",
    "ت": "t",
    "ث": "th",
    "ج": "j",
    "ح": "h",
    "خ": "kh",
    "د": "d",
    "ذ": "dh",
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ش": "sh",
    "ص": "s",
    "ض": "d",
    "ط": "t",
    "ظ": "z",
    "ع": "a",
    "غ": "gh",
    "ف": "f",
    "ق": "q",
    "ك": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
    "و": "w",
    "ي": "y",
}


def word(rng: random.Random, low: int = 3, high: int = 7) -> str:
    return "".join(rng.choice(LETTERS) for _ in range(rng.randint(low, high)))


def romanise(arabic: str) -> str:
    out = []
    for w in arabic.split():
        latin = "".join(LATIN.get(ch, "") for ch in w)
        vowelled = "".join(
            c + ("a" if i % 2 == 0 and c not in "aeiouwy" else "") for i, c in enumerate(latin)
        )
        out.append(vowelled.capitalize())
    return " ".join(out)


def typo(rng: random.Random, name: str) -> str:
    chars = list(name)
    positions = [i for i, c in enumerate(chars) if c != " "]
    i = rng.choice(positions)
    if rng.random() < 0.5 and len(positions) > 4:
        del chars[i]
    else:
        chars.insert(i, chars[i])
    return "".join(chars)


def _vectors(rng: random.Random, sentences: list[str], encode: bool) -> list[bytes]:
    """Each claim's stored vector: encoded for real (slow: ~1.3 s per 1,000), or random unit vectors,
    which cost the answering path exactly the same (a matrix product over int8 rows)."""
    if encode:
        return [embed.to_bytes(v) for v in embed.encode(sentences)]
    noise = np.random.default_rng(rng.randint(0, 2**31)).standard_normal((len(sentences), embed.DIMENSIONS))
    noise /= np.linalg.norm(noise, axis=1, keepdims=True)
    return [embed.to_bytes(v.astype(np.float32)) for v in noise]


def generate(
    url: str, n_claims: int, n_entities: int, seed: int = 7, encode: bool = False
) -> dict[str, object]:
    """Fill a fresh database; return the entities' names and a sample of claims for questions."""
    rng = random.Random(seed)
    database = open_database(url)
    vocabulary = list({word(rng) for _ in range(6000)})
    names = [f"{word(rng, 3, 5)} {word(rng, 4, 7)}" for _ in range(n_entities)]
    now = datetime(2025, 10, 22, tzinfo=UTC)
    per_article = 10
    n_articles = n_claims // per_article
    with database.engine.begin() as conn:
        conn.execute(
            insert(Outlet), [{"id": i + 1, "name": f"outlet {i}", "key": f"outlet {i}"} for i in range(50)]
        )
        entity_rows, alias_rows, terms = [], [], []
        for i, name in enumerate(names, 1):
            entity_rows.append(
                {"id": i, "name": name, "kind": "person", "key": normalise(name), "mention_count": 20}
            )
            for alias in (name, romanise(name), name.split()[-1]):
                alias_rows.append(
                    {
                        "entity_id": i,
                        "alias": alias,
                        "key": normalise(alias),
                        "latin_key": name_key(alias),
                        "origin": "text",
                    }
                )
                terms.extend({"term": t, "target_kind": "entity", "target_id": i} for t in name_terms(alias))
        conn.execute(insert(Entity), entity_rows)
        conn.execute(insert(EntityAlias), alias_rows)
        articles, claims, groups, links, sample = [], [], [], [], []
        claim_id = 0
        for a in range(1, n_articles + 1):
            body_parts, offsets = [], []
            cursor = 0
            mentioned = rng.sample(range(1, n_entities + 1), 3)
            for _ in range(per_article):
                entity = rng.choice(mentioned)
                words = rng.sample(vocabulary, 9)
                sentence = f"قال {names[entity - 1]} إن {' '.join(words)}."
                body_parts.append(sentence)
                offsets.append((cursor, cursor + len(sentence), entity, sentence))
                cursor += len(sentence) + 1
            body = "\n".join(body_parts)
            published = now + timedelta(minutes=a)
            articles.append(
                {
                    "id": a,
                    "source": f"gen{a}",
                    "outlet_id": rng.randint(1, 50),
                    "title": f"article {a}",
                    "language": "ar",
                    "text": body,
                    "content_hash": f"h{a}",
                    "fingerprint": f"f{a}",
                    "published_at": published,
                    "first_seen_at": published,
                    "is_current": True,
                    "published_has_time": True,
                    "title_derived": False,
                    "is_correction": False,
                }
            )
            for start, end, entity, sentence in offsets:
                claim_id += 1
                norm = normalise(sentence)
                groups.append(
                    {
                        "id": claim_id,
                        "label": sentence[:80],
                        "status": "single-source",
                        "outlet_count": 1,
                        "created_at": published,
                        "updated_at": published,
                    }
                )
                claims.append(
                    {
                        "id": claim_id,
                        "article_id": a,
                        "group_id": claim_id,
                        "start_offset": start,
                        "end_offset": end,
                        "normalised": norm,
                        "speaker": names[entity - 1],
                        "speaker_entity_id": entity,
                        "verb": "قال",
                        "stance": "affirmed",
                        "kind": "reported",
                        "proposition": norm,
                        "published_at": published,
                        "created_at": published,
                    }
                )
                links.append({"claim_id": claim_id, "entity_id": entity})
                terms.extend(
                    {"term": t, "target_kind": "claim", "target_id": claim_id} for t in text_terms(sentence)
                )
                if rng.random() < 0.01:
                    sample.append((claim_id, entity, sentence))
        vectors = _vectors(rng, [c["normalised"] for c in claims], encode)
        vector_rows = [{"claim_id": c["id"], "vector": v} for c, v in zip(claims, vectors, strict=True)]
        tables = ((Article, articles), (ClaimGroup, groups), (Claim, claims), (ClaimEntity, links))
        for table, rows in (*tables, (ClaimVector, vector_rows)):
            for chunk in range(0, len(rows), 5000):
                conn.execute(insert(table), rows[chunk : chunk + 5000])
        counts: dict[tuple[str, str], int] = {}
        for row in terms:
            key = (row["term"], row["target_kind"])
            counts[key] = counts.get(key, 0) + 1
        for chunk in range(0, len(terms), 20000):
            conn.execute(insert(Term), terms[chunk : chunk + 20000])
        stats = [{"term": t, "target_kind": k, "count": c} for (t, k), c in counts.items()]
        for chunk in range(0, len(stats), 20000):
            conn.execute(insert(TermStat), stats[chunk : chunk + 20000])
    with database.engine.connect() as conn:
        conn.execute(text("ANALYZE"))
    database.dispose()
    return {"names": names, "sample": sample}


def make_questions(data: dict[str, object], count: int, seed: int = 11) -> list[tuple[str, int]]:
    """Questions about sampled claims: a misspelt (sometimes Latin) speaker name and three content words."""
    rng = random.Random(seed)
    names: list[str] = data["names"]  # type: ignore[assignment]
    sample: list[tuple[int, int, str]] = data["sample"]  # type: ignore[assignment]
    questions = []
    for claim_id, entity, sentence in rng.sample(sample, min(count, len(sample))):
        content = sentence.rstrip(".").split(" إن ", 1)[1].split()
        words = rng.sample(content, 3)
        name = names[entity - 1]
        spelled = romanise(name) if rng.random() < 0.3 else typo(rng, name)
        questions.append((f"ماذا قال {spelled} عن {' '.join(words)}؟", claim_id))
    return questions


def rss_mb() -> float:
    """Peak resident memory of this process since it started (VmHWM; ru_maxrss would include the parent's)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_engine(url: str, questions: list[tuple[str, int]]) -> dict[str, float]:
    from bot.answer import ask

    database = open_database(url)
    latencies, hits = [], 0
    with database.session() as session:
        for question, _ in questions[:20]:  # warm caches
            ask(session, question)
    for question, target in questions:
        with database.session() as session:
            started = time.perf_counter()
            answer = ask(session, question)
            latencies.append((time.perf_counter() - started) * 1000)
        hits += any(c.group_id == target for c in answer.claims[:10])
    latencies.sort()
    return {
        "p50_ms": statistics.median(latencies),
        "p95_ms": latencies[int(0.95 * (len(latencies) - 1))],
        "recall10": hits / len(questions),
        "rss_mb": rss_mb(),
    }


def run_naive(url: str, questions: list[tuple[str, int]]) -> dict[str, float]:
    from rapidfuzz import fuzz, process
    from sqlalchemy import create_engine

    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id, normalised FROM claims ORDER BY id")).all()
    ids = [r[0] for r in rows]
    texts = [r[1] for r in rows]
    latencies, hits = [], 0
    for question, target in questions:
        started = time.perf_counter()
        top = process.extract(normalise(question), texts, scorer=fuzz.token_set_ratio, limit=10)
        latencies.append((time.perf_counter() - started) * 1000)
        hits += any(ids[index] == target for _, _, index in top)
    latencies.sort()
    return {
        "p50_ms": statistics.median(latencies),
        "p95_ms": latencies[int(0.95 * (len(latencies) - 1))],
        "recall10": hits / len(questions),
        "rss_mb": rss_mb(),
    }


def throughput(url: str, questions: list[tuple[str, int]]) -> float:
    """Questions per second through `briefing ask --json -` once started (start-up measured apart)."""
    env = dict(os.environ, BRIEFING_DATABASE_URL=url, BRIEFING_LOG_LEVEL="WARNING")
    cmd = [sys.executable, "-c", "from bot.cli import main; main()", "ask", "--json", "-"]
    proc = subprocess.Popen(cmd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdin and proc.stdout
    proc.stdin.write("warm up\n")
    proc.stdin.flush()
    proc.stdout.readline()
    started = time.perf_counter()
    for question, _ in questions:
        proc.stdin.write(question + "\n")
    proc.stdin.close()
    lines = proc.stdout.readlines()
    elapsed = time.perf_counter() - started
    proc.wait()
    assert len(lines) == len(questions), (len(lines), len(questions))
    json.loads(lines[-1])
    return len(questions) / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--entities", type=int, default=5_000)
    parser.add_argument("--questions", type=int, default=300)
    parser.add_argument("--mode", choices=["all", "engine", "naive"], default="all")
    parser.add_argument("--url")
    parser.add_argument(
        "--encode", action="store_true", help="encode claims for real (slow) for their vectors"
    )
    args = parser.parse_args()
    if args.mode != "all":
        data = json.loads(sys.stdin.read())
        questions = [(q, t) for q, t in data]
        result = run_engine(args.url, questions) if args.mode == "engine" else run_naive(args.url, questions)
        print(json.dumps(result))
        return
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        started = time.perf_counter()
        data = generate(url, args.claims, args.entities, encode=args.encode)
        took = time.perf_counter() - started
        print(f"generated {args.claims:,} claims over {args.entities:,} entities in {took:.1f} s")
        questions = make_questions(data, args.questions)
        payload = json.dumps(questions)
        results = {}
        for mode in ("engine", "naive"):
            out = subprocess.run(
                [sys.executable, __file__, "--mode", mode, "--url", url],
                input=payload,
                capture_output=True,
                text=True,
                check=True,
            )
            results[mode] = json.loads(out.stdout.strip().splitlines()[-1])
        qps = throughput(url, questions)
    engine, naive = results["engine"], results["naive"]
    print(f"questions: {len(questions)}")
    for label, figures in (("engine", engine), ("naive scan", naive)):
        print(
            f"{label}: p50 {figures['p50_ms']:.1f} ms, p95 {figures['p95_ms']:.1f} ms, "
            f"recall@10 {figures['recall10']:.2f}, rss {figures['rss_mb']:.0f} MB"
        )
    print(f"speed-up at p95: {naive['p95_ms'] / engine['p95_ms']:.1f}x")
    print(f"ask --json - throughput: {qps:.0f} questions/s")


if __name__ == "__main__":
    main()

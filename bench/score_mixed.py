"""Every development set in one database: does each still answer as well as alone, and how many stories?

    .venv/bin/python bench/score_mixed.py [--cmd .venv/bin/briefing] [--shared ../shared] [-v]

Ingests the seeds, the sample corpus, the shared development stories (../shared/eval/stories/*) and
our own development story (bench/stories/harbour) into one SQLite database, prints the stories it
finds (`briefing stories --json`), then asks each set's questions of that database and of a database
holding that set alone, judged with ../shared/eval/score.py's own rules (its ``judge`` and its
verbatim-quote check, against every article of the database asked).

Measured 2026-12-02 (branch i13): see the README's table.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parents[1]


def _score_module(shared: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("score", shared / "eval" / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _sets(shared: Path) -> list[tuple[str, Path, Path | None]]:
    """(name, articles folder, questions file or None) of every set that goes into the mixed database."""
    found: list[tuple[str, Path, Path | None]] = [
        ("seeds", shared / "seeds", shared / "eval" / "dev_questions.json"),
        ("sample", REPO / "bot" / "sample" / "articles", None),
    ]
    for questions in sorted((shared / "eval" / "stories").glob("*_questions.json")):
        name = questions.name.removesuffix("_questions.json")
        found.append((name, questions.parent / name, questions))
    found.append(
        (
            "harbour",
            REPO / "bench" / "stories" / "harbour",
            REPO / "bench" / "stories" / "harbour_questions.json",
        )
    )
    return found


def _run(cmd: list[str], url: str, args: list[str], stdin: str = "") -> str:
    env = dict(os.environ, BRIEFING_DATABASE_URL=url)
    done = subprocess.run(cmd + args, env=env, input=stdin, capture_output=True, text=True, timeout=1800)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args[:2])} failed: {done.stderr[-2000:]}")
    return done.stdout


def _score(
    score: ModuleType, cmd: list[str], url: str, questions: Path, raw: list[str], *, verbose: bool = False
) -> tuple[int, int, int, int]:
    """(answered, questions, verbatim quotes, quotes) for one question set against the database at ``url``."""
    spec = json.loads(questions.read_text(encoding="utf-8"))
    stdin = "".join(q["q"].replace("\n", " ") + "\n" for q in spec["questions"])
    lines = [line for line in _run(cmd, url, ["ask", "--json", "-"], stdin).splitlines() if line.strip()]
    answered = quotes = verbatim = 0
    for q, line in zip(spec["questions"], lines, strict=True):
        reply: dict[str, Any] = json.loads(line)
        ok = bool(score.judge(q, reply, spec.get("entities", {})))
        answered += ok
        if verbose and not ok:
            stories = [s["id"] for s in reply.get("stories") or []]
            print(f"  MISS {q['id']} {q['kind']:7} {q['q'][:50]!r} stories {stories}")
        for claim in reply.get("claims") or []:
            for cite in claim.get("citations") or []:
                quote = score.squash(cite.get("quote", ""))
                quotes += 1
                verbatim += bool(quote) and any(quote in r for r in raw)
    return answered, len(spec["questions"]), verbatim, quotes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cmd", default=str(REPO / ".venv" / "bin" / "briefing"))
    parser.add_argument("--shared", default=str(REPO.parent / "shared"))
    parser.add_argument("-v", "--verbose", action="store_true", help="List the questions missed mixed.")
    args = parser.parse_args()
    cmd, shared = shlex.split(args.cmd), Path(args.shared)
    score = _score_module(shared)
    sets = _sets(shared)
    texts = {name: sorted(folder.glob("*.txt")) for name, folder, _q in sets}
    raw = {
        name: [score.squash(p.read_text(encoding="utf-8")) for p in paths] for name, paths in texts.items()
    }
    with tempfile.TemporaryDirectory() as tmp:
        mixed = f"sqlite:///{tmp}/mixed.db"
        _run(cmd, mixed, ["ingest", *(str(p) for paths in texts.values() for p in paths)])
        stories = json.loads(_run(cmd, mixed, ["stories", "--json"]))
        print(f"{len(stories)} stories in the mixed database:")
        for story in stories:
            title = story["titles"].get("en") or next(iter(story["titles"].values()), "")
            print(f"  #{story['id']}: {story['articles']} articles, {story['outlets']} outlets, {title}")
        everything = [r for rs in raw.values() for r in rs]
        print(f"{'set':<8} {'alone':>7} {'mixed':>7}   quotes verbatim (mixed)")
        for name, _folder, questions in sets:
            if questions is None:
                continue
            alone = f"sqlite:///{tmp}/{name}.db"
            _run(cmd, alone, ["ingest", *map(str, texts[name])])
            a, n, _v, _q = _score(score, cmd, alone, questions, raw[name])
            m, _n, v, q = _score(score, cmd, mixed, questions, everything, verbose=args.verbose)
            print(f"{name:<8} {a:>3}/{n:<3} {m:>3}/{n:<3}   {v}/{q}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

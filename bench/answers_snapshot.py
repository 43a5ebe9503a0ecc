"""Snapshot `ask --json` answers over every development set, to check a speed change changes no answer.

Each set (a folder of articles and its question files) is ingested into a fresh SQLite database and
every question is asked through one `briefing ask --json -`; the replies go to OUT/NAME.jsonl.
Compare two snapshots with --compare; run it under two PYTHONHASHSEED values to catch set-order
dependence.

    .venv/bin/python bench/answers_snapshot.py /tmp/before
    .venv/bin/python bench/answers_snapshot.py /tmp/after --compare /tmp/before
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
BRIEFING = Path(sys.executable).with_name("briefing")
BENCH = REPO / "bench" / "stories"


def sets() -> dict[str, tuple[Path, list[Path]]]:
    """Every development set: a name, its articles folder and its question files."""
    found = {"seeds": (SHARED / "seeds", [SHARED / "eval" / "dev_questions.json"])}
    for root in (SHARED / "eval" / "stories", BENCH):
        for questions in sorted(root.glob("*_questions.json")):
            name = questions.name.removesuffix("_questions.json")
            found[name] = (root / name, [questions])
    for probes in sorted(BENCH.glob("*_probes.json")):
        name = probes.name.removesuffix("_probes.json")
        if name in found:
            found[name][1].append(probes)
    return found


def snapshot(name: str, folder: Path, question_files: list[Path], out: Path) -> int:
    """Ingest ``folder`` into a fresh database, ask every question, write the replies; their count."""
    questions = [q["q"] for f in question_files for q in json.loads(f.read_text("utf-8"))["questions"]]
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "BRIEFING_DATABASE_URL": f"sqlite:///{tmp}/snap.db"}
        env.pop("BRIEFING_TELEGRAM_TOKEN", None)
        subprocess.run([BRIEFING, "ingest", str(folder)], env=env, check=True, capture_output=True)
        asked = subprocess.run(
            [BRIEFING, "ask", "--json", "-"],
            env=env,
            input="\n".join(questions) + "\n",
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=True,
        )
    (out / f"{name}.jsonl").write_text(asked.stdout, encoding="utf-8")
    return len(questions)


def compare(out: Path, before: Path) -> int:
    """The number of replies that differ between two snapshots (printing the first of each set)."""
    differing = 0
    for path in sorted(before.glob("*.jsonl")):
        old = path.read_text("utf-8").splitlines()
        new = (out / path.name).read_text("utf-8").splitlines()
        diffs = [i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b]
        diffs += list(range(min(len(old), len(new)), max(len(old), len(new))))
        differing += len(diffs)
        print(f"{path.stem:10} {len(old)} replies, {len(diffs)} differ")
        if diffs:
            i = diffs[0]
            print("  before:", (old[i] if i < len(old) else "")[:600])
            print("  after: ", (new[i] if i < len(new) else "")[:600])
    return differing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--compare", type=Path, default=None, help="an earlier snapshot to compare with")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for name, (folder, files) in sets().items():
        print(f"{name:10} {snapshot(name, folder, files, args.out)} questions", flush=True)
    if args.compare is not None:
        raise SystemExit(1 if compare(args.out, args.compare) else 0)


if __name__ == "__main__":
    main()

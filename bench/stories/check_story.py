"""Check a story's question file against its articles before scoring it.

    python bench/stories/check_story.py bench/stories/harbour_questions.json bench/stories/harbour

Every evidence phrase (claim questions) and every side phrase (dispute questions) must be a substring of
the article it names once both are normalised the way the shared scorer normalises them; every entity
question must name an entity of the file; every question kind must be one the scorer knows. Aliases that
no article contains are listed (expected only for the Latin forms of names the articles give in Arabic).
Exit status 1 when anything is wrong.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
from collections.abc import Callable
from pathlib import Path

KINDS = {"claim", "dispute", "entity", "none"}
_SCORER = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "score.py"


def _local_norm(text: str) -> str:
    """The scorer's normalisation: no diacritics or tatweel, one alef, ى→ي, ة→ه, punctuation → space."""
    text = re.sub("[\u064b-\u0652\u0670\u0640]", "", text or "")
    for variants, plain in (("إأآٱ", "ا"), ("ى", "ي"), ("ة", "ه")):
        text = re.sub(f"[{variants}]", plain, text)
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def load_norm() -> Callable[[str], str]:
    """The shared scorer's own `norm` when it is there, so the check cannot drift from the scorer."""
    if _SCORER.is_file():
        spec = importlib.util.spec_from_file_location("_story_scorer", _SCORER)
        if spec and spec.loader:
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            return module.norm  # type: ignore[no-any-return]
    return _local_norm


def problems(spec: dict, articles: dict[str, str], norm: Callable[[str], str]) -> list[str]:
    found: list[str] = []
    texts = {name: norm(text) for name, text in articles.items()}
    for name in spec.get("articles", {}):
        if name not in texts:
            found.append(f"article {name} is listed but has no {name}.txt")

    def check(qid: str, pairs: list[list[str]]) -> None:
        for article, phrase in pairs:
            if article not in texts:
                found.append(f"{qid}: no article {article}")
            elif norm(phrase) not in texts[article]:
                found.append(f"{qid}: {phrase!r} is not in {article}")

    for q in spec["questions"]:
        qid, kind = q["id"], q["kind"]
        if kind not in KINDS:
            found.append(f"{qid}: unknown kind {kind!r}")
        elif kind == "claim":
            check(qid, q["evidence"])
        elif kind == "dispute":
            if len(q["sides"]) != 2:
                found.append(f"{qid}: a dispute needs two sides")
            for side in q["sides"]:
                check(qid, side)
        elif kind == "entity" and q["entity"] not in spec["entities"]:
            found.append(f"{qid}: unknown entity {q['entity']!r}")
    return found


def unseen_aliases(spec: dict, articles: dict[str, str], norm: Callable[[str], str]) -> list[str]:
    corpus = " ".join(f" {norm(text)} " for text in articles.values())
    return [
        f"{key}: {alias}"
        for key, aliases in spec["entities"].items()
        for alias in aliases
        if f" {norm(alias)} " not in corpus
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("questions", type=Path, help="the story's *_questions.json")
    parser.add_argument("articles", type=Path, help="the folder holding a1.txt, a2.txt, ...")
    options = parser.parse_args()
    spec = json.loads(options.questions.read_text("utf-8"))
    articles = {path.stem: path.read_text("utf-8") for path in sorted(options.articles.glob("*.txt"))}
    norm = load_norm()
    print(f"normalisation: {'shared scorer' if norm is not _local_norm else 'local copy'}")
    for alias in unseen_aliases(spec, articles, norm):
        print(f"note: alias in no article: {alias}")
    found = problems(spec, articles, norm)
    for line in found:
        print(f"ERROR {line}")
    kinds: dict[str, int] = {}
    for q in spec["questions"]:
        kinds[q["kind"]] = kinds.get(q["kind"], 0) + 1
    print(f"{len(spec['questions'])} questions ({', '.join(f'{k} {n}' for k, n in sorted(kinds.items()))})")
    print(f"{len(articles)} articles, {'no problems' if not found else f'{len(found)} problems'}")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())

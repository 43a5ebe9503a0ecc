"""normalise (str.translate) gives exactly what the offset-mapping normaliser gives, so matches map back."""

from __future__ import annotations

import random
from pathlib import Path

from bot.text import normalise, normalise_with_map
from tests.conftest import SEEDS

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
SAMPLE = Path(__file__).resolve().parents[1] / "bot" / "sample" / "articles"
# Characters that exercise every rule: tatweel splits, diacritics, alef/yaa/taa forms, digits, marks, case.
ALPHABET = "ـ \t\n_-.,،؛؟ًٌٍَُِّْٰ\u200b\u200f\ufeffأإآٱىةؤئکی٠١٢٣۴ABCabcßİé١ابتثجحخ#@/:()«»“”ﻻ\u0300"


def test_normalise_matches_on_real_articles() -> None:
    paths = [*FIXTURES.glob("*.txt"), *FIXTURES.glob("*.md"), *SAMPLE.glob("*.txt")]
    if SEEDS.is_dir():
        paths += list(SEEDS.glob("*.txt"))
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert normalise(text) == normalise_with_map(text).text, path.name


def test_normalise_matches_on_random_strings() -> None:
    rng = random.Random(7)
    for _ in range(5000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 24)))
        assert normalise(text) == normalise_with_map(text).text, repr(text)

"""The sentence encoder: cross-language neighbours, compact storage, cosine from stored bytes."""

from __future__ import annotations

import os

import numpy as np
import pytest

from bot import embed


def test_a_translation_is_nearer_than_an_unrelated_sentence() -> None:
    vectors = embed.encode(
        [
            "أغلقت السلطات المعبر الحدودي أمام الشاحنات",
            "The authorities closed the border crossing to trucks",
            "The football final will be played on Sunday evening",
        ]
    )
    assert vectors.shape == (3, embed.DIMENSIONS)
    assert float(vectors[0] @ vectors[1]) > float(vectors[0] @ vectors[2]) + 0.2


def test_stored_bytes_keep_cosine_within_a_hundredth() -> None:
    vectors = embed.encode(["ارتفع عدد الضحايا إلى مئة", "The toll rose to one hundred", "مرحبا"])
    stored = embed.from_bytes([embed.to_bytes(v) for v in vectors])
    assert stored.dtype == np.int8 and stored.shape == (3, embed.DIMENSIONS)
    exact = vectors @ vectors[0]
    approx = embed.cosine(stored, vectors[0], chunk=2)
    assert np.allclose(exact, approx, atol=0.01)


def test_cleaning_rejoins_broken_words_and_converts_digits() -> None:
    assert embed.clean_for_encoder("الاشـ ـتـ ـبـ ـاكـ ـات في ٢٠٢٥") == "الاشتباكات في 2025"
    assert embed.encode([]).shape == (0, embed.DIMENSIONS)


def test_a_repeated_text_gets_the_vector_it_got_when_first_encoded() -> None:
    embed.clear_cache()
    texts = ["The authorities closed the border crossing", "The football final is on Sunday"]
    first = embed.encode(texts)
    again = embed.encode([texts[1], "A new sentence about the weather", texts[0], texts[1]])
    assert np.array_equal(again[0], first[1]) and np.array_equal(again[2], first[0])
    assert np.array_equal(again[3], first[1])
    embed.clear_cache()
    fresh = embed.encode([texts[0]])
    assert np.allclose(fresh[0], first[0], atol=1e-6)


def test_the_cache_keeps_at_most_its_size(monkeypatch: pytest.MonkeyPatch) -> None:
    embed.clear_cache()
    monkeypatch.setattr(embed, "CACHE_SIZE", 2)
    embed.encode(["one sentence here", "two sentences here", "three sentences here"])
    assert len(embed._cache) == 2


def test_the_encoder_uses_the_cores_the_process_may_run_on() -> None:
    assert 1 <= embed.usable_cores() <= (os.cpu_count() or 1)

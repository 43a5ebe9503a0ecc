"""The sentence encoder: cross-language neighbours, compact storage, cosine from stored bytes."""

from __future__ import annotations

import numpy as np

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

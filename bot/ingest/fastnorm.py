"""A fast path to ``bot.text.normalise`` for whole articles: same output, built on str.translate.

``bot.text.normalise_with_map`` walks character by character to keep an offset map; ingest only needs
the normalised string for thousands of sentences, so it folds with a translate table filled lazily
from the very same per-character rule (``bot.text._fold_char``). Tests check both agree.
"""

from __future__ import annotations

from bot.text import _DIACRITICS, _TATWEEL_SPLIT, _fold_char


class _FoldTable(dict[int, str]):
    """Code point -> folded text, computed on first sight by bot.text's own rule."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        if folded == "_":  # bot.text treats an underscore as a word break, like punctuation
            folded = " "
        self[code] = folded
        return folded


_TABLE = _FoldTable()


def fast_normalise(text: str) -> str:
    """Exactly ``bot.text.normalise(text)``, many times faster on long texts."""
    staged = _DIACRITICS.sub("", _TATWEEL_SPLIT.sub("", text))
    return " ".join(staged.translate(_TABLE).split())

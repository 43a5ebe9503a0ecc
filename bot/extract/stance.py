"""One pairwise decision for two claims: the same claim, contradicting claims, or other claims.

``relation(a, b)`` combines the topic (cosine of the multilingual sentence vectors), lexical overlap on
light stems, and contradiction cues: a denial or negation in one and not the other, different figures
for the same count (``figures``), opposite poles without a denial verb (``polarity``), and different
agents named for the same act. A multinomial logistic regression over these features, trained offline
on the ANS train split by ``bench/ans.py --train``, gives the class probabilities; its weights and
the class offsets (chosen on train only) ship in ``stance_model.json``. Grouping and the ANS benchmark
(``bench/ans.py``) call this same function.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from bot import embed
from bot.extract import figures as fig
from bot.extract import polarity
from bot.terms import content_tokens
from bot.text import language_of, normalise, stem

MODEL = Path(__file__).with_name("stance_model.json")
LABELS = ("same", "contradicts", "other")
REASONS = ("denial", "numbers", "accounts", "polarity", "content")
MAX_ONLY = 6.0  # unmatched content words counted up to this many (then the feature saturates)
FUZZY_SAME = 80  # rapidfuzz ratio from which two differing words are variant spellings of one
SMALL_EDIT = 2  # at most this many words changed on either side: an edit of the claim, not a rewording
FEATURES = (
    "cosine",
    "cosine_sq",
    "jaccard",
    "coverage_min",
    "coverage_max",
    "token_set",
    "only_min",
    "only_max",
    "negation_xor",
    "opposed",
    "shared_poles",
    "figures_conflict",
    "figures_agree",
    "figures_differ",
    "agents_differ",
    "cosine_x_negation",
    "cosine_x_opposed",
    "cosine_x_only_min",
    "substitution",
    "small_edit",
    "replaced_words",
    "order_kept",
    "fuzzy_only_min",
    "cross_language",
)
CUES = ("negation_xor", "opposed", "figures_conflict", "agents_differ")  # columns that signal a contradiction


@dataclass(frozen=True)
class Statement:
    """One side of a comparison: a claim's words, and what extraction already knows about it."""

    text: str  # the claim as written (raw quote) or normalised
    vector: npt.NDArray[np.float32] | None = None  # unit sentence vector (bot.embed); encoded when None
    denied: bool | None = None  # extraction's denial label, when known
    agent: str | None = None  # who the claim says is behind the act, when extraction found one


@dataclass(frozen=True)
class Relation:
    """The decision for a pair: label, its probability, and for a contradiction the strongest cue."""

    label: str  # same, contradicts, other
    score: float
    reason: str | None  # denial, numbers, accounts, polarity, content (no cue: the content differs)
    probabilities: tuple[float, float, float]


@dataclass(frozen=True)
class _Facts:
    sequence: tuple[str, ...]  # content stems in order
    stems: frozenset[str]
    normalised: str
    language: str
    cues: polarity.Cues
    figures: tuple[fig.Figure, ...]


@dataclass(frozen=True)
class Model:
    """Weights of the logistic regression and the per-class offsets added before the arg-max."""

    weights: npt.NDArray[np.float64]  # (features, classes)
    bias: npt.NDArray[np.float64]
    offsets: npt.NDArray[np.float64]
    mean: npt.NDArray[np.float64]
    scale: npt.NDArray[np.float64]
    cue_cosine: float  # a contradiction cue on a pair at least this similar decides 'contradicts'
    cross_same: float  # across languages (no shared words to weigh): 'same' from this cosine


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL) -> Model:
    """The shipped model (``bench/ans.py --train`` writes it)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"{path} was trained on other features; run bench/ans.py --train")
    return Model(
        np.asarray(data["weights"], dtype=np.float64),
        np.asarray(data["bias"], dtype=np.float64),
        np.asarray([data["offsets"][label] for label in LABELS], dtype=np.float64),
        np.asarray(data["mean"], dtype=np.float64),
        np.asarray(data["scale"], dtype=np.float64),
        float(data["cue_cosine"]),
        float(data["cross_same"]),
    )


@lru_cache(maxsize=65536)
def _facts(text: str) -> _Facts:
    normalised = normalise(text)
    sequence = tuple(stem(t) for t in content_tokens(text))
    return _Facts(
        sequence,
        frozenset(sequence),
        normalised,
        language_of(text),
        polarity.cues(text),
        tuple(fig.figures(text)),
    )


def _figure_features(a: Sequence[fig.Figure], b: Sequence[fig.Figure]) -> tuple[float, float, float]:
    """(a comparable pair conflicts, a comparable pair agrees, both give figures with no value in common)."""
    pairs = [(x, y) for x in a for y in b if fig.comparable(x, y)]
    conflicts = float(bool(pairs) and all(fig.conflict(x, y) for x, y in pairs))
    agrees = float(any(not fig.conflict(x, y) for x, y in pairs))
    differ = float(bool(a) and bool(b) and not ({x.value for x in a} & {y.value for y in b}))
    return conflicts, agrees, differ


def _edits(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[float, float]:
    """(short replacements between the two word sequences, share of the shorter kept in order)."""
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    replaced = sum(
        1
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
        if op == "replace" and max(i2 - i1, j2 - j1) <= SMALL_EDIT
    )
    kept = sum(block.size for block in matcher.get_matching_blocks())
    shorter = min(len(a), len(b))
    return min(replaced, SMALL_EDIT) / SMALL_EDIT, kept / shorter if shorter else 0.0


def _fuzzy_only(a: frozenset[str], b: frozenset[str]) -> float:
    """Fewest words one side has that no word of the other spells nearly alike (variant spellings)."""
    only_a, only_b = sorted(a - b), sorted(b - a)
    if not only_a or not only_b:
        return min(len(only_a), len(only_b), MAX_ONLY) / MAX_ONLY
    # One vectorised matrix of ratios instead of a Python loop over every pair of words.
    near = process.cdist(only_a, only_b, scorer=fuzz.ratio, score_cutoff=FUZZY_SAME) >= FUZZY_SAME
    left = int((~near.any(axis=1)).sum())
    right = int((~near.any(axis=0)).sum())
    return min(left, right, MAX_ONLY) / MAX_ONLY


def _negation_xor(a: Statement, b: Statement, fa: _Facts, fb: _Facts) -> float:
    """1 when one claim negates or denies and the other does not (extraction's labels win when known)."""
    if a.denied is not None and b.denied is not None and a.denied != b.denied:
        return 1.0
    negative_a = fa.cues.negated or fa.cues.denies
    negative_b = fb.cues.negated or fb.cues.denies
    return float(negative_a != negative_b)


def features(a: Statement, b: Statement, cosine: float) -> npt.NDArray[np.float64]:
    """The feature vector of a pair (order of ``FEATURES``); symmetric in ``a`` and ``b``."""
    fa, fb = _facts(a.text), _facts(b.text)
    shared = fa.stems & fb.stems
    union = fa.stems | fb.stems
    sizes = sorted((len(fa.stems), len(fb.stems)))
    coverage = [len(shared) / s if s else 0.0 for s in sizes]
    only = sorted((len(fa.stems - fb.stems), len(fb.stems - fa.stems)))
    only_min, only_max = (min(n, MAX_ONLY) / MAX_ONLY for n in only)
    negation = _negation_xor(a, b, fa, fb)
    opposed = float(bool(polarity.opposed(fa.cues, fb.cues)))
    conflicts, agrees, differ = _figure_features(fa.figures, fb.figures)
    agents = float(bool(a.agent) and bool(b.agent) and normalise(a.agent or "") != normalise(b.agent or ""))
    values = (
        cosine,
        cosine * cosine,
        len(shared) / len(union) if union else 0.0,
        min(coverage),
        max(coverage),
        fuzz.token_set_ratio(fa.normalised, fb.normalised) / 100.0,
        only_min,
        only_max,
        negation,
        opposed,
        float(polarity.shared(fa.cues, fb.cues) > 0),
        conflicts,
        agrees,
        differ,
        agents,
        cosine * negation,
        cosine * opposed,
        cosine * only_min,
        float(only[0] >= 1) * (len(shared) / len(union) if union else 0.0),
        float(0 < only[1] <= SMALL_EDIT) * cosine,
        *_edits(fa.sequence, fb.sequence),
        _fuzzy_only(fa.stems, fb.stems),
        float(fa.language != fb.language),
    )
    return np.asarray(values, dtype=np.float64)


def probabilities(x: npt.NDArray[np.float64], model: Model | None = None) -> npt.NDArray[np.float64]:
    """Class probabilities (order of ``LABELS``) for feature rows ``x`` (one row or a matrix)."""
    m = model or load_model()
    z = ((np.atleast_2d(x) - m.mean) / m.scale) @ m.weights + m.bias
    z -= z.max(axis=1, keepdims=True)
    p = np.exp(z)
    return np.asarray(p / p.sum(axis=1, keepdims=True))


def decide(
    p: npt.NDArray[np.float64], x: npt.NDArray[np.float64], model: Model | None = None
) -> npt.NDArray[np.int64]:
    """Class indices for probability rows ``p`` of feature rows ``x``.

    The offsets chosen on train are added to the log-odds; then a contradiction cue on a pair similar
    enough decides 'contradicts'; across languages, where no words are shared to weigh, the cosine alone
    decides between 'same' and 'other'.
    """
    m = model or load_model()
    x = np.atleast_2d(x)
    out = np.argmax(np.log(np.maximum(p, 1e-12)) + m.offsets, axis=1)
    cosine = x[:, FEATURES.index("cosine")]
    cross = x[:, FEATURES.index("cross_language")] > 0
    out = np.where(cross, np.where(cosine >= m.cross_same, 0, 2), out)
    cue = np.zeros(len(x), dtype=bool)
    for name in CUES:
        cue |= x[:, FEATURES.index(name)] > 0
    out = np.where(cue & (cosine >= m.cue_cosine), 1, out)
    return np.asarray(out, dtype=np.int64)


def reason(a: Statement, b: Statement) -> str:
    """The strongest contradiction cue between two claims, 'content' when none fires."""
    fa, fb = _facts(a.text), _facts(b.text)
    if _negation_xor(a, b, fa, fb):
        return "denial"
    if _figure_features(fa.figures, fb.figures)[0]:
        return "numbers"
    if a.agent and b.agent and normalise(a.agent) != normalise(b.agent):
        return "accounts"
    if polarity.opposed(fa.cues, fb.cues):
        return "polarity"
    return "content"


def relation(a: Statement, b: Statement, *, model: Model | None = None) -> Relation:
    """Same claim, contradicting claims or other claims, with the probability and the cue."""
    va, vb = a.vector, b.vector
    if va is None or vb is None:
        encoded = embed.encode([a.text, b.text])
        va = encoded[0] if va is None else va
        vb = encoded[1] if vb is None else vb
    cosine = float(np.dot(va, vb))
    x = features(a, b, cosine)
    p = probabilities(x, model)
    k = int(decide(p, x, model)[0])
    label = LABELS[k]
    why = reason(a, b) if label == "contradicts" else None
    probs = (float(p[0, 0]), float(p[0, 1]), float(p[0, 2]))
    return Relation(label, probs[k], why, probs)

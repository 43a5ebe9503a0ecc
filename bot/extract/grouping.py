"""Claim groups: the same proposition across outlets, found through the candidate index, with a status."""

from __future__ import annotations

import logging
import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz
from sqlalchemy.orm import Session

from bot import claim_index
from bot.extract import figures, stance
from bot.extract.lexicon import NUMBER_WORDS, is_count_noun
from bot.extract.tokens import alias_key, bare_variants
from bot.terms import content_tokens
from bot.text import language_of, stem
from storage import knowledge, search
from storage.rows import GroupRow, GroupStatusRow
from storage.types import utcnow

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class GroupingWeights:
    """When a new claim joins a stored claim's group: how candidates are found and what "the same" takes."""

    candidates: int = 20  # claims scored per new claim: the bound on comparisons
    rarest_terms: int = 8  # query terms per lookup, rarest first
    max_term_share: float = (
        0.2  # a term carried by more than this share of claims says nothing about sameness
    )
    max_term_df: int = 1000  # ...nor one carried by more claims than this: bounds the postings read per claim
    min_term_df: int = 50  # ...but a small store may still use a term this common
    min_shared: int = 3  # stems two propositions must share
    sort_ratio: float = 0.4  # similarity = these shares of rapidfuzz token_sort_ratio,
    set_ratio: float = 0.3  # ...token_set_ratio
    coverage: float = 0.3  # ...and the share of the shorter proposition's stems the other carries
    threshold: float = 72.0  # combined similarity (0-100) for "the same proposition"
    translation_candidates: int = 5  # nearest stored claims looked at for a claim no wording matched
    translation_cosine: float = 0.6  # a translation sits well above a paraphrase in the other language (~0.5)
    frame_window: timedelta = timedelta(days=30)  # "who is behind it" accounts of one event stay this close


GROUPING_WEIGHTS = GroupingWeights()


def frame_term(agent: str) -> str:
    """The index key that gathers claims naming ``agent`` as the one behind an action."""
    return ("f:" + alias_key(agent).replace(" ", "_"))[:100]


# Bounded caches: a story told by hundreds of outlets repeats the same propositions, and each new claim
# is compared with up to ``candidates`` stored ones: the same pairs come back article after article.
@lru_cache(maxsize=65536)
def stems(proposition: str) -> frozenset[str]:
    """Light stems of a proposition's content words."""
    return frozenset(stem(t) for t in content_tokens(proposition))


@lru_cache(maxsize=262144)
def similarity(a: str, b: str) -> float:
    """How much two propositions say the same thing (0-100), on stems so inflection does not matter."""
    sa, sb = stems(a), stems(b)
    shared = sa & sb
    if len(shared) < GROUPING_WEIGHTS.min_shared or not sa or not sb:
        return 0.0
    ja, jb = " ".join(sorted(sa)), " ".join(sorted(sb))
    coverage = 100.0 * len(shared) / min(len(sa), len(sb))
    w = GROUPING_WEIGHTS
    return (
        w.sort_ratio * fuzz.token_sort_ratio(ja, jb)
        + w.set_ratio * fuzz.token_set_ratio(ja, jb)
        + w.coverage * coverage
    )


def numbers_of(proposition: str) -> list[tuple[str, str]]:
    """(counted noun, value) pairs in a normalised proposition: '12 قتيلا' -> ('قتيل', '12')."""
    return list(_numbers_of(proposition))


@lru_cache(maxsize=65536)
def _numbers_of(proposition: str) -> tuple[tuple[str, str], ...]:
    words = proposition.split()
    found = []
    for k, word in enumerate(words):
        value = word if word.isdigit() else NUMBER_WORDS.get(word)
        if value is None:
            continue
        for nxt in words[k + 1 : k + 3]:
            if is_count_noun(nxt):
                found.append((stem(bare_variants(nxt)[-1].rstrip("ا")), value))
                break
    return tuple(found)


@dataclass
class NewClaim:
    """A stored claim waiting for its group."""

    id: int
    article_id: int
    proposition: str
    stance: str
    agent: str | None
    published_at: datetime | None
    terms: set[str]
    label: str
    vector: npt.NDArray[np.float32] | None = None  # its sentence vector, when encoded


@dataclass
class GroupingStats:
    """Candidate comparisons made for one article (the quantity the benchmark bounds)."""

    comparisons: int = 0
    groups_touched: set[int] = field(default_factory=set)


def _within(a: datetime | None, b: datetime | None) -> bool:
    return a is None or b is None or abs(a - b) <= GROUPING_WEIGHTS.frame_window


def assign_groups(session: Session, claims: list[NewClaim]) -> GroupingStats:
    """Put each new claim of one article into a group, through bounded candidate lookups.

    Per article: one document-frequency query, one bounded candidate query per claim (and per
    "who is behind it" frame), one query for the candidates' facts, one insert of new groups.
    """
    stats = GroupingStats()
    if not claims:
        return stats
    now = utcnow()
    total = max(search.max_target_id(session, "claim"), 1)
    w = GROUPING_WEIGHTS
    max_df = min(w.max_term_df, max(w.min_term_df, int(total * w.max_term_share)))
    counts = knowledge.term_counts(session, "claim", set().union(*(c.terms for c in claims)))
    article_ids = {c.article_id for c in claims}
    frame_keys = sorted({frame_term(c.agent) for c in claims if c.agent})
    frame_hits = {
        k: [(cid, 1.0) for cid in knowledge.recent_targets(session, "claim", k, GROUPING_WEIGHTS.candidates)]
        for k in frame_keys
    }
    chosen_of = {c.id: _rarest_terms(c.terms, counts, total, max_df) for c in claims}
    text_hits = _text_candidates(session, chosen_of, max_df)
    wanted = {cid for hits in [*frame_hits.values(), *text_hits.values()] for cid, _w in hits}
    facts = {f.id: f for f in knowledge.claim_facts(session, wanted)}
    # Decide: an existing group id, or a new group shared by the claims with the same marker.
    decisions: dict[int, int | str] = {}
    for claim in claims:
        if claim.agent:
            decisions[claim.id] = _frame_decision(
                claim, frame_hits, text_hits[claim.id], facts, article_ids, stats
            )
            continue
        match = _best_text_match(claim, text_hits[claim.id], facts, article_ids, stats)
        decisions[claim.id] = match[0] if match else f"claim:{claim.id}"
    unmatched = [c for c in claims if decisions[c.id] == f"claim:{c.id}" and c.vector is not None]
    for claim_id, group_id in _translation_matches(session, unmatched, article_ids, stats).items():
        decisions[claim_id] = group_id
    _store_decisions(session, claims, decisions, stats, now)
    return stats


def _rarest_terms(terms: set[str], counts: dict[str, int], total: int, max_df: int) -> dict[str, float]:
    """The rarest informative terms of a claim with their weights: too common a term says nothing."""
    weights = {t: math.log(1.0 + total / counts[t]) for t in terms if 0 < counts.get(t, 0) <= max_df}
    return dict(sorted(weights.items(), key=lambda kv: -kv[1])[: GROUPING_WEIGHTS.rarest_terms])


def _text_candidates(
    session: Session, chosen_of: dict[int, dict[str, float]], max_df: int
) -> dict[int, list[tuple[int, float]]]:
    """Per new claim, the stored claims sharing most weight of its rarest terms, read in one query."""
    union = set().union(*chosen_of.values()) if chosen_of else set()
    by_term: dict[str, list[int]] = {}
    for term, target in knowledge.postings(session, "claim", union, limit=max(1, len(union)) * max_df):
        by_term.setdefault(term, []).append(target)
    return {claim_id: _rank_candidates(chosen, by_term) for claim_id, chosen in chosen_of.items()}


def _rank_candidates(chosen: dict[str, float], by_term: dict[str, list[int]]) -> list[tuple[int, float]]:
    """The claims carrying the most weight of ``chosen``'s terms, heaviest (then newest) first, bounded."""
    summed: dict[int, float] = {}
    for term, weight in chosen.items():
        for target in by_term.get(term, ()):
            summed[target] = summed.get(target, 0.0) + weight
    return sorted(summed.items(), key=lambda kv: (-kv[1], -kv[0]))[: GROUPING_WEIGHTS.candidates]


def _frame_decision(
    claim: NewClaim,
    frame_hits: dict[str, list[tuple[int, float]]],
    text_hits: list[tuple[int, float]],
    facts: dict[int, knowledge.ClaimFacts],
    article_ids: set[int],
    stats: GroupingStats,
) -> int | str:
    """A "who is behind it" claim joins the newest group naming the same agent within the window."""
    assert claim.agent is not None
    key = frame_term(claim.agent)
    hits = [facts[cid] for cid, _w in frame_hits[key] if cid in facts]
    stats.comparisons += len(hits)
    chosen_group: int | str = "frame:" + key
    for fact in sorted(hits, key=lambda f: -f.id):
        if fact.group_id is not None and _within(fact.published_at, claim.published_at):
            chosen_group = fact.group_id
            break
    if isinstance(chosen_group, str):
        # Another speaker may name someone else as behind the same act: incompatible accounts.
        other = _best_text_match(claim, text_hits, facts, article_ids, stats)
        if other is not None and other[1] is not None:
            chosen_group = other[0]
    return chosen_group


def _store_decisions(
    session: Session,
    claims: list[NewClaim],
    decisions: dict[int, int | str],
    stats: GroupingStats,
    now: datetime,
) -> None:
    """Create one group per new marker, set every claim's group and refresh the groups that changed."""
    markers = list(dict.fromkeys(d for d in decisions.values() if isinstance(d, str)))
    first_of = {m: next(c for c in claims if decisions[c.id] == m) for m in markers}
    rows = [GroupRow(label=first_of[m].label, when=first_of[m].published_at or now) for m in markers]
    new_ids = dict(zip(markers, knowledge.create_groups(session, rows), strict=True))
    pairs = []
    members: Counter[int] = Counter()
    for claim in claims:
        decision = decisions[claim.id]
        group_id = new_ids[decision] if isinstance(decision, str) else decision
        pairs.append((claim.id, group_id))
        members[group_id] += 1
        stats.groups_touched.add(group_id)
    knowledge.set_claim_groups(session, pairs)
    fresh = set(new_ids.values())
    refresh_groups(
        session,
        [g for g in sorted(stats.groups_touched) if g not in fresh or members[g] > 1],
        [c.id for c in claims],
    )


def _best_text_match(
    claim: NewClaim,
    hits: list[tuple[int, float]],
    facts: dict[int, knowledge.ClaimFacts],
    article_ids: set[int],
    stats: GroupingStats,
) -> tuple[int, str | None] | None:
    """The group of the most similar stored claim of another article (and that claim's side)."""
    found = [facts[cid] for cid, _w in hits if cid in facts]
    found = [f for f in found if f.article_id not in article_ids and f.group_id is not None]
    stats.comparisons += len(found)
    best: tuple[float, int, str | None] | None = None
    for fact in found:
        if fact.group_id is None:
            continue
        score = similarity(claim.proposition, fact.proposition)
        if score >= GROUPING_WEIGHTS.threshold and (best is None or score > best[0]):
            best = (score, fact.group_id, fact.side)
    return (best[1], best[2]) if best else None


def _translation_matches(
    session: Session, claims: list[NewClaim], article_ids: set[int], stats: GroupingStats
) -> dict[int, int]:
    """Groups for claims that share no words with any stored claim but translate one (an English wire
    copy of an Arabic report): the nearest claims in the sentence space, in the other language.

    Only across languages: within one, wording already found the paraphrases, and a near vector there
    as often means the opposite claim about the same thing (in force / postponed).
    """
    # The index is brought up to date once (this article's vectors were just stored), then reused.
    encoded = [(c.id, c.vector) for c in claims if c.vector is not None]
    near_of = {
        claim_id: claim_index.nearest(session, vector, GROUPING_WEIGHTS.translation_candidates, fresh=n == 0)
        for n, (claim_id, vector) in enumerate(encoded)
    }
    wanted = {
        cid
        for near in near_of.values()
        for cid, cosine in near.items()
        if cosine >= GROUPING_WEIGHTS.translation_cosine
    }
    facts = {f.id: f for f in knowledge.claim_facts(session, wanted)}
    vectors = claim_index.vectors_of(session, sorted(facts))
    found: dict[int, int] = {}
    for claim in claims:
        language = language_of(claim.proposition)
        near = sorted(near_of.get(claim.id, {}).items(), key=lambda kv: -kv[1])
        for claim_id, cosine in near:
            fact = facts.get(claim_id)
            if cosine < GROUPING_WEIGHTS.translation_cosine or fact is None or fact.group_id is None:
                continue
            if fact.article_id in article_ids or language_of(fact.proposition) == language:
                continue
            stats.comparisons += 1
            if _translates(claim, fact, vectors.get(claim_id)):
                found[claim.id] = fact.group_id
                break
    return found


def _translates(claim: NewClaim, fact: knowledge.ClaimFacts, vector: npt.NDArray[np.float32] | None) -> bool:
    """Whether a near claim in the other language says the same: no conflicting figure, and the pair
    decision finds the same claim (or its denial, which then disputes the group)."""
    pairs = [
        (a, b)
        for a in figures.figures(claim.proposition)
        for b in figures.figures(fact.proposition)
        if figures.comparable(a, b)
    ]
    if pairs and all(figures.conflict(a, b) for a, b in pairs):
        return False  # the same kind of figure, never the same value: another fact
    decision = stance.relation(
        stance.Statement(claim.proposition, claim.vector, claim.stance == "denied"),
        stance.Statement(fact.proposition, vector, fact.stance == "denied"),
    )
    return decision.label == "same" or (decision.label == "contradicts" and claim.stance != fact.stance)


def refresh_group(session: Session, group_id: int) -> None:
    """Recompute one group's status (after members joined or left)."""
    refresh_groups(session, [group_id])


def refresh_groups(session: Session, group_ids: list[int], newcomers: list[int] | None = None) -> None:
    """Recompute groups' statuses: corroborated, single-source or disputed (and why).

    Reads each group's oldest members and the claims that just joined, so the cost stays bounded.
    """
    if not group_ids:
        return
    now = utcnow()
    members_of = knowledge.members_of_groups(session, group_ids, also=newcomers or [])
    roots = {m.syndicated_of_id for ms in members_of.values() for m in ms if m.syndicated_of_id}
    root_facts = knowledge.article_sources(session, roots)
    # The members read are bounded; the sources are counted over the whole group, however large.
    sources = knowledge.source_counts(session, [g for g, members in members_of.items() if members])
    rows = []
    knowledge.delete_empty_groups(session, [g for g, members in members_of.items() if not members])
    for group_id, members in members_of.items():
        if not members:
            continue
        status, count, reason = _status(members, root_facts, sources.get(group_id))
        rows.append(
            GroupStatusRow(group=group_id, status=status, outlet_count=count, reason=reason, when=now)
        )
    knowledge.update_groups(session, rows)


def _status(
    members: list[knowledge.MemberFacts],
    root_facts: dict[int, tuple[int | None, str]],
    source_count: int | None = None,
) -> tuple[str, int, str | None]:
    """A group's status, how many sources it has (``source_count`` when counted whole) and why it is
    disputed."""
    if not members:
        return "single-source", 0, None
    sources: set[str] = set()
    for m in members:
        if m.syndicated_of_id and m.syndicated_of_id in root_facts:
            outlet_id, _title = root_facts[m.syndicated_of_id]
            sources.add(f"o{outlet_id}" if outlet_id else f"a{m.syndicated_of_id}")
        else:
            sources.add(f"o{m.article_outlet_id}" if m.article_outlet_id else f"a{m.article_id}")
    reason = None
    if len({m.stance for m in members}) > 1:
        reason = "denial"
    elif len({m.side for m in members if m.side}) > 1:
        reason = "accounts"
    else:
        values: dict[str, set[str]] = {}
        for m in members:
            for noun, value in numbers_of(m.proposition):
                values.setdefault(noun, set()).add(value)
        if any(len(v) > 1 for v in values.values()):
            reason = "numbers"
    count = max(len(sources), source_count or 0)
    status = "disputed" if reason else ("corroborated" if count >= 2 else "single-source")
    return status, count, reason

"""Claim groups: the same proposition across outlets, found through the candidate index, with a status."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from rapidfuzz import fuzz
from sqlalchemy.orm import Session

from bot.extract.lexicon import NUMBER_WORDS, is_count_noun
from bot.extract.tokens import alias_key, bare_variants
from bot.terms import content_tokens
from bot.text import stem
from storage import knowledge
from storage.types import utcnow

logger = logging.getLogger(__name__)

MAX_CANDIDATES = 20  # claims scored per new claim: the bound on comparisons
RAREST_TERMS = 8  # query terms per lookup, rarest first
MAX_TERM_SHARE = 0.2  # a term carried by more than this share of claims says nothing about sameness
MIN_SHARED = 3  # stems two propositions must share
THRESHOLD = 72.0  # combined rapidfuzz score for "the same proposition"
FRAME_WINDOW = timedelta(days=30)  # "who is behind it" accounts of one event stay within this window


def frame_term(agent: str) -> str:
    """The index key that gathers claims naming ``agent`` as the one behind an action."""
    return ("f:" + alias_key(agent).replace(" ", "_"))[:100]


def stems(proposition: str) -> set[str]:
    """Light stems of a proposition's content words."""
    return {stem(t) for t in content_tokens(proposition)}


def similarity(a: str, b: str) -> float:
    """How much two propositions say the same thing (0-100), on stems so inflection does not matter."""
    sa, sb = stems(a), stems(b)
    shared = sa & sb
    if len(shared) < MIN_SHARED or not sa or not sb:
        return 0.0
    ja, jb = " ".join(sorted(sa)), " ".join(sorted(sb))
    coverage = 100.0 * len(shared) / min(len(sa), len(sb))
    return 0.4 * fuzz.token_sort_ratio(ja, jb) + 0.3 * fuzz.token_set_ratio(ja, jb) + 0.3 * coverage


def numbers_of(proposition: str) -> list[tuple[str, str]]:
    """(counted noun, value) pairs in a normalised proposition: '12 قتيلا' -> ('قتيل', '12')."""
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
    return found


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


@dataclass
class GroupingStats:
    """Candidate comparisons made for one article (the quantity the benchmark bounds)."""

    comparisons: int = 0
    groups_touched: set[int] = field(default_factory=set)


def _within(a: datetime | None, b: datetime | None) -> bool:
    return a is None or b is None or abs(a - b) <= FRAME_WINDOW


def assign_groups(session: Session, claims: list[NewClaim]) -> GroupingStats:
    """Put each new claim of one article into a group, through bounded candidate lookups."""
    stats = GroupingStats()
    now = utcnow()
    local_frames: dict[str, int] = {}
    total = knowledge.target_total(session, "claim")
    max_df = max(50, int(total * MAX_TERM_SHARE))
    article_ids = {c.article_id for c in claims}
    for claim in claims:
        group_id: int | None = None
        if claim.agent:
            key = frame_term(claim.agent)
            group_id = local_frames.get(key)
            if group_id is None:
                found = knowledge.best_targets(session, "claim", {key: 1.0}, MAX_CANDIDATES)
                facts = knowledge.claim_facts(session, [cid for cid, _w in found])
                stats.comparisons += len(facts)
                for fact in sorted(facts, key=lambda f: -f.id):
                    if fact.group_id is not None and _within(fact.published_at, claim.published_at):
                        group_id = fact.group_id
                        break
        if group_id is None:
            weights = knowledge.idf_weights(session, "claim", claim.terms, max_df=max_df)
            chosen = dict(sorted(weights.items(), key=lambda kv: -kv[1])[:RAREST_TERMS])
            found = knowledge.best_targets(session, "claim", chosen, MAX_CANDIDATES)
            facts = [
                f
                for f in knowledge.claim_facts(session, [cid for cid, _w in found])
                if f.article_id not in article_ids
            ]
            stats.comparisons += len(facts)
            best: tuple[float, int] | None = None
            for fact in facts:
                if fact.group_id is None:
                    continue
                score = similarity(claim.proposition, fact.proposition)
                if score >= THRESHOLD and (best is None or score > best[0]):
                    best = (score, fact.group_id)
            if best is not None:
                group_id = best[1]
        if group_id is None:
            group_id = knowledge.create_group(session, label=claim.label, when=claim.published_at or now)
        if claim.agent:
            local_frames.setdefault(frame_term(claim.agent), group_id)
        knowledge.set_claim_group(session, claim.id, group_id)
        stats.groups_touched.add(group_id)
    for group_id in sorted(stats.groups_touched):
        refresh_group(session, group_id)
    return stats


def refresh_group(session: Session, group_id: int) -> None:
    """Recompute a group's status: corroborated, single-source or disputed (and why)."""
    members = knowledge.group_member_facts(session, group_id)
    if not members:
        knowledge.update_group(
            session, group_id, status="single-source", outlet_count=0, dispute_reason=None, when=utcnow()
        )
        return
    roots = {m.syndicated_of_id for m in members if m.syndicated_of_id}
    root_facts = knowledge.article_sources(session, roots)
    sources: set[str] = set()
    for m in members:
        if m.syndicated_of_id and m.syndicated_of_id in root_facts:
            outlet_id, _title = root_facts[m.syndicated_of_id]
            sources.add(f"o{outlet_id}" if outlet_id else f"a{m.syndicated_of_id}")
        else:
            sources.add(f"o{m.article_outlet_id}" if m.article_outlet_id else f"a{m.article_id}")
    stances = {m.stance for m in members}
    reason = None
    if len(stances) > 1:
        reason = "denial"
    else:
        affirmed_sides = {m.side for m in members if m.side}
        if len(affirmed_sides) > 1:
            reason = "accounts"
        else:
            values: dict[str, set[str]] = {}
            for m in members:
                for noun, value in numbers_of(m.proposition):
                    values.setdefault(noun, set()).add(value)
            if any(len(v) > 1 for v in values.values()):
                reason = "numbers"
    status = "disputed" if reason else ("corroborated" if len(sources) >= 2 else "single-source")
    knowledge.update_group(
        session, group_id, status=status, outlet_count=len(sources), dispute_reason=reason, when=utcnow()
    )

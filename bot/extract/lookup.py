"""Looking entities and claims up by name for the commands: exact alias, transliteration, then fuzzy."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz
from sqlalchemy.orm import Session

from bot.extract.tokens import alias_key
from bot.terms import name_terms
from bot.translit import name_key
from storage import knowledge
from storage.knowledge import ClaimInfo, EntityInfo

MIN_SCORE = 80.0


def find_entity(session: Session, name: str) -> EntityInfo | None:
    """The entity a user means by ``name``: an alias with the same key, else the closest alias."""
    key = alias_key(name)
    if not key:
        return None
    exact = knowledge.find_entities(session, key, limit=1)
    if exact:
        return knowledge.entities_by_ids(session, exact)[0]
    latin = name_key(name)
    hits = knowledge.aliases_by_latin_keys(session, [latin]) if latin else []
    if hits:
        return knowledge.entities_by_ids(session, [hits[0].entity_id])[0]
    candidates = knowledge.candidate_entities(session, name_terms(name), limit=20)
    best: tuple[float, EntityInfo] | None = None
    for info in knowledge.entities_by_ids(session, [c for c, _w in candidates]):
        score = max(fuzz.ratio(key, k) for _a, k, _l in info.aliases) if info.aliases else 0.0
        if score >= MIN_SCORE and (best is None or score > best[0]):
            best = (score, info)
    return best[1] if best else None


@dataclass(frozen=True)
class Side:
    """One side of a disputed group: a stance (or account) and the claims that take it."""

    label: str
    claims: tuple[ClaimInfo, ...]


def source_label(claim: ClaimInfo) -> str:
    """Who published a claim: the outlet, or the article's title when no publisher is known."""
    if claim.outlet:
        return claim.outlet
    return f"«{claim.article_title}»"


def sides_of(claims: list[ClaimInfo]) -> list[Side]:
    """Split a disputed group's claims into sides: by stance, else by the account (agent) they give."""
    stances = {c.stance for c in claims}
    if len(stances) > 1:
        keys = [("affirmed", "affirmed"), ("denied", "denied")]
        return [Side(label, tuple(c for c in claims if c.stance == stance)) for stance, label in keys]
    accounts = sorted({c.side or "" for c in claims})
    if len(accounts) > 1:
        return [Side(a or "other", tuple(c for c in claims if (c.side or "") == a)) for a in accounts]
    return [Side("claims", tuple(claims))]

"""Looking entities and claims up by name for the commands: exact alias, transliteration, then fuzzy."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot import answer, sources
from storage import knowledge
from storage.claims import ClaimView
from storage.knowledge import EntityInfo


def find_entity(session: Session, name: str) -> EntityInfo | None:
    """The entity a user means by ``name``, matched as questions are (alias, transliteration, fuzzy)."""
    hit = answer.find_entity(session, name)
    return knowledge.entities_by_ids(session, [hit.id])[0] if hit else None


@dataclass(frozen=True)
class Side:
    """One side of a disputed group: a stance (or account) and the claims that take it."""

    label: str
    claims: tuple[ClaimView, ...]


def source_label(claim: ClaimView) -> str:
    """Who published a claim, by the one naming rule (bot.sources), for the operator's English CLI."""
    return sources.source_label("en", claim.outlet, claim.credited_outlet, claim.article_url)


def sides_of(claims: list[ClaimView]) -> list[Side]:
    """Split a disputed group's claims into sides: by stance, else by the account (agent) they give."""
    stances = {c.stance for c in claims}
    if len(stances) > 1:
        keys = [("affirmed", "affirmed"), ("denied", "denied")]
        return [Side(label, tuple(c for c in claims if c.stance == stance)) for stance, label in keys]
    accounts = sorted({c.side or "" for c in claims})
    if len(accounts) > 1:
        return [Side(a or "other", tuple(c for c in claims if (c.side or "") == a)) for a in accounts]
    return [Side("claims", tuple(claims))]

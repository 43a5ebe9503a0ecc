"""Who reported an answer's leading points first: the provenance of each one carried by several outlets."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.orm import Session

from bot.answer.types import Answer, ClaimHit
from bot.provenance import provenance
from storage.claims import claims_in_groups

__all__ = ["LEADING_POINTS", "with_provenance"]

LEADING_POINTS = 2  # the first points of an answer that get a "first reported by" line
MEMBERS_READ = 100  # claims read per side of a group to find who came first: bounded however many repeat


def _leading(answer: Answer) -> list[ClaimHit]:
    return [hit for hit in answer.claims[:LEADING_POINTS] if hit.outlet_count > 1 and hit.group_id]


def with_provenance(session: Session, answer: Answer) -> Answer:
    """The answer with the provenance of its leading points whose group has more than one outlet (per
    side: a disputed point's own stance)."""
    leading = _leading(answer)
    if not answer.found or not leading:
        return answer
    views = claims_in_groups(session, [hit.group_id for hit in leading], per_group=MEMBERS_READ)
    found = []
    for hit in leading:
        side = hit.stance if hit.status == "disputed" else None
        members = [v for v in views if v.group_id == hit.group_id]
        origin = provenance(members, side)
        if origin is not None:
            found.append(origin)
    return replace(answer, provenance=tuple(found)) if found else answer

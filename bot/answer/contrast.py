"""Contrast in an article's own order: a claim that opens with "but", "however" or "in contrast" is the
article setting one account against the account just before it, by another speaker."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.extract.lexicon import CONTRAST_OPENERS
from bot.text import normalise
from storage import claims as reads
from storage.claims import CandidateRow

REACH = 3  # claims looked at on each side: a speaker's "he added" may stand between the two accounts
NOT_ACCOUNTS = ("headline", "bullet")  # a sub-heading or a list item answers nobody
_LONGEST_OPENER = max(len(o.split()) for o in CONTRAST_OPENERS)


def opens_with_contrast(normalised: str) -> bool:
    """Whether a claim's normalised text opens with a contrastive connective ("لكن", "However")."""
    words = normalised.split()[:_LONGEST_OPENER]
    return any(" ".join(words[:n]) in CONTRAST_OPENERS for n in range(1, len(words) + 1))


def _speaker_key(row: CandidateRow) -> str:
    return normalise(row.speaker or "")


def same_voice(a: CandidateRow, b: CandidateRow) -> bool:
    """Whether two claims are said by the same speaker (the same entity, or one name inside the other:
    "the ministry's spokesman X" and then "X")."""
    if a.speaker_entity_id is not None and a.speaker_entity_id == b.speaker_entity_id:
        return True
    first, second = sorted((_speaker_key(a), _speaker_key(b)), key=len)
    return bool(first) and (first == second or first.split()[-1] in second.split())


def contrast_partner(session: Session, claim: CandidateRow) -> CandidateRow | None:
    """The account the article sets against ``claim``: the next one by another speaker when it opens
    with a contrast, or, when ``claim`` opens so, the one by another speaker just before it."""
    if claim.kind in NOT_ACCOUNTS:
        return None
    before, after = reads.reading_neighbours(session, claim.id, REACH)
    for row in after:
        if row.kind in NOT_ACCOUNTS or same_voice(row, claim):
            continue  # "وأضاف": the same voice goes on
        if opens_with_contrast(row.normalised):
            return row
        break
    if not opens_with_contrast(claim.normalised):
        return None
    for row in before:
        if row.kind in NOT_ACCOUNTS or same_voice(row, claim):
            continue
        return row
    return None

"""Answering questions from what is stored, always with sources."""

from bot.answer.engine import ask, entity_suggestions, find_entity
from bot.answer.types import Answer, Citation, ClaimHit, Conversation, EntityHit, Scope

__all__ = [
    "Answer",
    "Citation",
    "ClaimHit",
    "Conversation",
    "EntityHit",
    "Scope",
    "ask",
    "entity_suggestions",
    "find_entity",
]

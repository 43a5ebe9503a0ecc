"""Builders for digest tests: articles through the real ingest path, claim groups with exact control."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.ingest.document import CleanDocument
from bot.ingest.store import store_document
from storage.chats import upsert_chat
from storage.models import Article, Claim, ClaimEntity, ClaimGroup, Entity, Follow


def add_article(
    session: Session,
    *,
    outlet: str,
    title: str,
    text: str,
    url: str,
    seen_at: datetime,
    language: str = "ar",
) -> Article:
    """Store an article through ``store_document`` and pin when the bot first saw it."""
    result = store_document(
        session,
        CleanDocument(source=url, title=title, text=text, language=language, url=url, outlet=outlet),
        extract=False,
    )
    article = session.get(Article, result.article_id)
    assert article is not None
    article.first_seen_at = seen_at
    session.flush()
    return article


def add_entity(session: Session, name: str, kind: str = "person") -> int:
    entity = Entity(name=name, kind=kind, key=name.lower())
    session.add(entity)
    session.flush()
    return entity.id


@dataclass(frozen=True)
class Said:
    """One claim: the verbatim ``quote`` must occur in the article's text."""

    article: Article
    quote: str
    stance: str = "affirmed"
    speaker: str | None = None
    side: str | None = None
    entities: tuple[int, ...] = ()


def add_group(
    session: Session, *, label: str, status: str, claims: list[Said], created_at: datetime
) -> ClaimGroup:
    outlets = {c.article.outlet_id for c in claims}
    group = ClaimGroup(
        label=label, status=status, outlet_count=len(outlets), created_at=created_at, updated_at=created_at
    )
    session.add(group)
    session.flush()
    for said in claims:
        start = said.article.text.index(said.quote)
        claim = Claim(
            article_id=said.article.id,
            group_id=group.id,
            start_offset=start,
            end_offset=start + len(said.quote),
            normalised=said.quote,
            speaker=said.speaker,
            stance=said.stance,
            side=said.side,
            kind="reported",
            outlet_id=said.article.outlet_id,
            created_at=said.article.first_seen_at,
        )
        session.add(claim)
        session.flush()
        for entity_id in said.entities:
            session.add(ClaimEntity(claim_id=claim.id, entity_id=entity_id))
    session.flush()
    return group


def follow(session: Session, chat_id: int, entity_id: int) -> None:
    upsert_chat(session, chat_id=chat_id, kind="private")
    session.add(Follow(chat_id=chat_id, entity_id=entity_id))
    session.flush()

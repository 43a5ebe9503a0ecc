"""Entities, attributed claims and claim groups, extracted from stored articles."""

from __future__ import annotations

import functools
import logging
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import embed
from bot.extract.claims import ClaimDraft, MentionInput, SentenceInput, draft_claims, speaker_text
from bot.extract.entities import head_kind
from bot.extract.gazetteer import Gazetteer, configured_gazetteer, load_gazetteer
from bot.extract.grouping import NewClaim, assign_groups, frame_term, refresh_groups
from bot.extract.profile import profile_rows
from bot.extract.resolve import Cluster, ResolvedMention, Resolver, resolve_article
from bot.extract.tokens import alias_key, tokenize
from bot.terms import text_terms
from bot.text import normalise, normalise_with_map, split_sentences, squash
from storage import Database, knowledge, profiles
from storage.articles import get_or_create_outlet
from storage.models import Article, Outlet
from storage.rows import ClaimRow, MentionRow

__all__ = ["ExtractStats", "extract_article", "load_gazetteer", "reindex_articles"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ExtractStats:
    """What extraction did for one article."""

    mentions: int
    claims: int
    comparisons: int


def _sentences(article: Article) -> list[SentenceInput]:
    rows = [SentenceInput(s.id, s.start_offset, s.end_offset, s.kind, s.author) for s in article.sentences]
    if rows:
        return rows
    return [SentenceInput(None, sp.start, sp.end, sp.kind) for sp in split_sentences(article.text)]


def _title_span(article: Article) -> tuple[int, int] | None:
    title = (article.title or "").strip()
    if not title or article.title_derived:
        return None
    index = article.text.find(title, 0, len(title) + 2000)
    return (index, index + len(title)) if index >= 0 else None


def _outlet_entity(resolver: Resolver, outlet: Outlet | None) -> int | None:
    """The outlet as an entity (kind outlet), so questions about an outlet find it."""
    if outlet is None:
        return None
    cluster = Cluster(
        members=[], names=Counter({outlet.name: 1}), kind="outlet", origin={outlet.name: "text"}
    )
    return resolver.resolve_cluster(cluster)


def extract_article(
    session: Session, article: Article, *, gazetteer: Gazetteer | None = None
) -> ExtractStats:
    """Extract entities and claims from one stored article and join them to existing groups."""
    gaz = gazetteer if gazetteer is not None else configured_gazetteer()
    if article.previous_id is not None:
        refresh_groups(session, knowledge.delete_article_knowledge(session, article.previous_id))
    text = article.text
    sentences = _sentences(article)
    mentions, resolver = resolve_article(
        session,
        text,
        [(s.id, s.start, s.end) for s in sentences],
        gaz,
        post_authors=[s.author.split("(")[0].strip(" —-") for s in sentences if s.author],
    )
    _store_mentions(session, article.id, mentions)
    profiles.add_profile_lines(session, profile_rows(article.id, text, mentions))
    publisher_id = _outlet_entity(resolver, article.outlet)
    _outlet_entity(resolver, article.credited_outlet)
    resolver.flush_aliases()
    infos = {e.id: e for e in knowledge.entities_by_ids(session, {m.entity_id for m in mentions})}
    drafts = draft_claims(
        text,
        sentences,
        _mention_inputs(mentions, infos),
        gaz,
        title_span=_title_span(article),
        mention_country=_mention_countries(mentions, infos, gaz),
    )
    speakers = [_claim_speaker(session, article, d, resolver, mentions, infos, publisher_id) for d in drafts]
    claim_ids = knowledge.add_claims(
        session, [_claim_row(article, d, s) for d, s in zip(drafts, speakers, strict=True)]
    )
    vectors = _store_vectors(
        session, claim_ids, [_encoded_text(text[d.start : d.end], d.proposition) for d in drafts]
    )
    new_claims: list[NewClaim] = []
    term_rows: list[tuple[str, int, float]] = []
    links: list[tuple[int, int]] = []
    for claim_id, draft, speaker, vector in zip(claim_ids, drafts, speakers, vectors, strict=True):
        term_rows.extend((t, claim_id, 1.0) for t in sorted(_index_terms(text, draft)))
        links.extend((claim_id, e) for e in _claim_entity_ids(draft, speaker.entity_id))
        new_claims.append(_new_claim(claim_id, article, draft, vector))
    resolver.flush_aliases()
    knowledge.add_claim_entities(session, links)
    stats = assign_groups(session, new_claims)
    knowledge.add_terms(session, "claim", term_rows)
    logger.debug("article %s: %d mentions, %d claims", article.id, len(mentions), len(new_claims))
    return ExtractStats(len(mentions), len(new_claims), stats.comparisons)


@dataclass(frozen=True)
class _Speaker:
    """Who a draft claim is attributed to, as stored: the words, the entity and the credited outlet."""

    text: str | None
    entity_id: int | None
    credited_outlet_id: int | None


def _mention_inputs(
    mentions: list[ResolvedMention], infos: dict[int, knowledge.EntityInfo]
) -> list[MentionInput]:
    """The mentions as claim drafting reads them, each with its entity's stored kind when known."""
    return [
        MentionInput(m.start, m.end, m.entity_id, infos[m.entity_id].kind if m.entity_id in infos else m.kind)
        for m in mentions
    ]


def _mention_countries(
    mentions: list[ResolvedMention], infos: dict[int, knowledge.EntityInfo], gaz: Gazetteer
) -> dict[int, str]:
    """The country each mention names or belongs to, by the mention's start offset."""
    mention_country: dict[int, str] = {}
    for m in mentions:
        info = infos.get(m.entity_id)
        if info is None:
            continue
        country = info.name if info.kind == "country" else gaz.country_named_by(info.name)
        if country:
            mention_country[m.start] = country
    return mention_country


def _claim_speaker(
    session: Session,
    article: Article,
    draft: ClaimDraft,
    resolver: Resolver,
    mentions: list[ResolvedMention],
    infos: dict[int, knowledge.EntityInfo],
    publisher_id: int | None,
) -> _Speaker:
    """A tweet speaks for its author, an unattributed statement for the publisher, an outlet for itself."""
    speaker = speaker_text(article.text, draft)
    speaker_entity = draft.speaker_entity_id
    if draft.kind == "tweet" and draft.speaker:
        speaker_entity = _author_entity(resolver, draft.speaker, mentions, infos)
    if speaker is None and draft.verb is None:
        speaker, speaker_entity = (article.outlet.name if article.outlet else None), publisher_id
    credited_outlet_id = article.credited_outlet_id
    if speaker_entity is not None and speaker_entity in infos and infos[speaker_entity].kind == "outlet":
        name = infos[speaker_entity].name
        credited_outlet_id = get_or_create_outlet(session, name=name, key=normalise(name)).id
    return _Speaker(speaker, speaker_entity, credited_outlet_id)


def _claim_row(article: Article, draft: ClaimDraft, speaker: _Speaker) -> ClaimRow:
    """The stored row of one draft claim."""
    return ClaimRow(
        article_id=article.id,
        sentence_id=draft.sentence_id,
        start_offset=draft.start,
        end_offset=draft.end,
        normalised=normalise(article.text[draft.start : draft.end]),
        proposition=draft.proposition,
        speaker=speaker.text[:300] if speaker.text else None,
        speaker_entity_id=speaker.entity_id,
        verb=draft.verb,
        stance=draft.stance,
        kind=draft.kind,
        side=draft.agent,
        outlet_id=article.outlet_id,
        credited_outlet_id=speaker.credited_outlet_id,
        published_at=article.published_at,
    )


def _index_terms(text: str, draft: ClaimDraft) -> set[str]:
    """The terms a claim is found by: its quote's, its list's introduction's, and who it says is behind it."""
    terms = {t[:100] for t in text_terms(text[draft.start : draft.end])}
    if draft.context:  # a list item is found through the statement that introduces it too
        terms |= {t[:100] for t in text_terms(text[draft.context[0] : draft.context[1]])}
    if draft.agent:
        terms.add(frame_term(draft.agent))
    return terms


def _claim_entity_ids(draft: ClaimDraft, speaker_entity: int | None) -> set[int]:
    """The entities a claim is linked to: those it names, and its speaker."""
    entity_ids = set(draft.entity_ids)
    if speaker_entity is not None:
        entity_ids.add(speaker_entity)
    return entity_ids


def _new_claim(claim_id: int, article: Article, draft: ClaimDraft, vector: embed.Vectors | None) -> NewClaim:
    """A stored claim as grouping reads it."""
    return NewClaim(
        claim_id,
        article.id,
        draft.proposition,
        draft.stance,
        draft.agent,
        article.published_at,
        {t for t in text_terms(draft.proposition)},
        squash(article.text[draft.start : draft.end])[:300],
        vector,
    )


MIN_PROPOSITION_WORDS = 3


@functools.lru_cache(maxsize=16384)  # copies repeat their quotes, and mapping a quote is not cheap
def _encoded_text(quote: str, proposition: str) -> str:
    """What a claim's vector encodes: what is claimed, without who says it, in the original spelling.

    The proposition is normalised (ة -> ه, ئ -> ي), which the encoder reads badly: its original span
    in the quote is encoded instead; the whole quote when it cannot be found.
    """
    if len(proposition.split()) < MIN_PROPOSITION_WORDS:
        return quote
    mapped = normalise_with_map(quote)
    start = mapped.text.find(proposition)
    if start < 0:
        return quote
    begin, end = mapped.span(start, start + len(proposition))
    return quote[begin:end]


def _store_vectors(session: Session, claim_ids: list[int], quotes: list[str]) -> embed.Vectors:
    """Encode an article's claims in one batch, store their vectors and return them."""
    vectors = embed.encode(quotes)
    knowledge.add_claim_vectors(session, zip(claim_ids, map(embed.to_bytes, vectors), strict=True))
    return vectors


def _store_mentions(session: Session, article_id: int, mentions: list[ResolvedMention]) -> None:
    knowledge.add_mentions(
        session,
        [
            MentionRow(
                entity_id=m.entity_id,
                article_id=article_id,
                sentence_id=m.sentence_id,
                start_offset=m.start,
                end_offset=m.end,
                surface=m.surface[:300],
            )
            for m in mentions
        ],
    )
    knowledge.bump_mention_counts(session, Counter(m.entity_id for m in mentions))


def _author_entity(
    resolver: Resolver, author: str, mentions: list[ResolvedMention], infos: dict[int, knowledge.EntityInfo]
) -> int | None:
    """A tweet's author as an entity: one named in the article, or known to the store, or new."""
    name = author.split("(")[0].strip(" —-")
    key = alias_key(name)
    for m in mentions:
        info = infos.get(m.entity_id)
        if info and any(k == key for _a, k, _l in info.aliases):
            return info.id
    toks = [t for t in tokenize(name) if t.is_word]
    kind = "person"
    if toks:
        head = head_kind(toks[0])
        kind = head[0] if head else "person"
    if not key:
        return None
    cluster = Cluster(members=[], names=Counter({name: 1}), kind=kind, origin={name: "text"})
    handle = re.search(r"@\w+", author)
    if handle:
        cluster.extra.add(handle.group())
    return resolver.resolve_cluster(cluster)


REINDEX_BATCH = 20  # articles per reindex transaction: a writer waits for at most one batch (~1-2 s)


def reindex_articles(
    db: Database, *, batch_size: int = REINDEX_BATCH, on_article: Callable[[Article], None] | None = None
) -> ExtractStats:
    """Rebuild every entity, claim, group and index row from the stored articles, in short transactions.

    The first clears what was derived and lists the articles; each batch of ``batch_size`` articles is
    then extracted and committed in its own writer's transaction, so an ingest or a question waits for
    one batch, never the whole rebuild. An article stored meanwhile is extracted by its own ingest; an
    old version whose newer one was stored meanwhile is skipped (that newer one replaced it). Until the
    last batch, the store answers from what is rebuilt so far.
    """

    def start(session: Session) -> tuple[list[tuple[int, str]], list[int]]:
        follows = knowledge.followed_names(session)  # chats' follows outlive the entities they point at
        knowledge.clear_knowledge(session)
        return follows, knowledge.article_ids_for_reindex(session)

    follows, ids = db.write(start, what="clearing for reindex")
    newest = max(ids, default=0)
    gaz = configured_gazetteer()
    totals = [0, 0, 0]

    def extract_batch(session: Session, *, batch: list[int]) -> tuple[list[Article], list[int]]:
        done, counts = [], [0, 0, 0]
        for article_id in batch:
            article = session.scalars(select(Article).where(Article.id == article_id)).one()
            if not article.is_current and knowledge.replaced_after(session, article_id, newest):
                done.append(article)
                continue
            stats = extract_article(session, article, gazetteer=gaz)
            counts = [counts[0] + stats.mentions, counts[1] + stats.claims, counts[2] + stats.comparisons]
            done.append(article)
        return done, counts

    for start_at in range(0, len(ids), batch_size):
        batch = ids[start_at : start_at + batch_size]
        done, counts = db.write(functools.partial(extract_batch, batch=batch), what="a reindex batch")
        totals = [t + c for t, c in zip(totals, counts, strict=True)]
        for article in done:
            if on_article is not None:
                on_article(article)
    db.write(lambda session: knowledge.restore_follows(session, follows), what="restoring follows")
    return ExtractStats(*totals)

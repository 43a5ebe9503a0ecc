"""Prose around the evidence: who said what, where, agreed or disputed, in the question's language."""

from __future__ import annotations

from bot.answer.types import ClaimHit, EntityHit
from bot.messages import join, kind_name, stance_verb, text
from bot.sources import source_label


def _status(hit: ClaimHit, language: str) -> str:
    if hit.status == "disputed":
        return text(language, "answer.status_disputed")
    if hit.status == "corroborated":
        return text(language, "status_corroborated", count=hit.outlet_count)
    return text(language, "status_single-source")


def _source_label(hit: ClaimHit, language: str) -> str:
    first = hit.citations[0] if hit.citations else None
    if first is None:
        return ""
    outlet = source_label(language, first.outlet, None, first.url)
    return f"{outlet}, {first.published[:10]}" if first.published else outlet


def _speaker(hit: ClaimHit, language: str) -> str:
    if hit.speaker:
        return hit.speaker
    first = hit.citations[0] if hit.citations else None
    if first and first.outlet:
        return first.outlet
    return text(language, "answer.the_article")


def claim_line(number: int, hit: ClaimHit, language: str, refs: str = "") -> str:
    """One numbered point: speaker, stance, the verbatim quote, source and agreement status."""
    quote = hit.citations[0].quote if hit.citations else hit.text
    speaker = _speaker(hit, language)
    verb = stance_verb(language, hit.stance, speaker)
    separator = text(language, "answer.clause_separator")
    return (
        f"{number}. {speaker} {verb}: «{quote}» "
        f"({_source_label(hit, language)}{separator}{_status(hit, language)}){refs}"
    )


def entity_line(entity: EntityHit, language: str) -> str:
    """Who or what an entity is, with its other names."""
    kind = kind_name(language, entity.kind, article=True)
    others = [a for a in entity.aliases if a != entity.name][:6]
    if others:
        return text(
            language, "answer.entity_aliases", name=entity.name, kind=kind, aliases=join(language, others)
        )
    return text(language, "answer.entity", name=entity.name, kind=kind)


def found_text(
    entities: list[EntityHit], claims: list[ClaimHit], language: str, refs: list[str] | None = None
) -> str:
    """The answer when something matched; ``refs`` adds a source marker (e.g. " [1][2]") to each point."""
    lines: list[str] = []
    if entities:
        lines.append(entity_line(entities[0], language))
    if claims:
        top_disputed = claims[0].status == "disputed"
        lines.append(text(language, "answer.sources_disagree" if top_disputed else "answer.sources_say"))
        marks = refs or [""] * len(claims)
        for number, (hit, mark) in enumerate(zip(claims, marks, strict=True), 1):
            lines.append(claim_line(number, hit, language, mark))
    elif entities:
        lines.append(text(language, "answer.no_statements"))
    return "\n".join(lines)


def not_found_text(question_words: str, suggestions: list[str], language: str, article_count: int) -> str:
    """Say plainly that nothing matched, and offer what is known instead."""
    if article_count == 0:
        return text(language, "answer.no_articles")
    found = text(language, "answer.nothing_about", words=question_words, count=article_count)
    if not suggestions:
        return found
    return found + text(language, "answer.suggestions", known=join(language, suggestions))

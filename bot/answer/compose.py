"""Prose around the evidence: who said what, where, agreed or disputed, in the question's language."""

from __future__ import annotations

from bot.answer.types import ClaimHit, EntityHit

KIND_NAMES = {
    "en": {"person": "a person", "organisation": "an organisation", "group": "a group", "place": "a place",
           "country": "a country", "outlet": "a news outlet"},
    "ar": {"person": "شخص", "organisation": "جهة", "group": "جماعة", "place": "مكان", "country": "دولة",
           "outlet": "وسيلة إعلام"},
}  # fmt: skip

STANCE = {
    "en": {"affirmed": "says", "denied": "denies"},
    "ar": {"affirmed": "يقول", "denied": "ينفي"},
}


def _status(hit: ClaimHit, language: str) -> str:
    outlets = hit.outlet_count
    if language == "en":
        if hit.status == "disputed":
            return "disputed: outlets give contradicting accounts"
        if hit.status == "corroborated":
            return f"corroborated by {outlets} independent outlets"
        return "single source"
    if hit.status == "disputed":
        return "محل خلاف: روايات متعارضة"
    if hit.status == "corroborated":
        return f"تؤكده {outlets} وسائل إعلام مستقلة"
    return "مصدر واحد"


def _source_label(hit: ClaimHit) -> str:
    first = hit.citations[0] if hit.citations else None
    if first is None:
        return ""
    outlet = first.outlet or f"“{first.title}”"
    return f"{outlet}, {first.published[:10]}" if first.published else outlet


def _speaker(hit: ClaimHit, language: str) -> str:
    if hit.speaker:
        return hit.speaker
    first = hit.citations[0] if hit.citations else None
    if first and first.outlet:
        return first.outlet
    return "the article" if language == "en" else "المقال"


def claim_line(number: int, hit: ClaimHit, language: str, refs: str = "") -> str:
    """One numbered point: speaker, stance, the verbatim quote, source and agreement status."""
    quote = hit.citations[0].quote if hit.citations else hit.text
    verb = STANCE[language][hit.stance]
    separator = "; " if language == "en" else "؛ "
    return (
        f"{number}. {_speaker(hit, language)} {verb}: «{quote}» "
        f"({_source_label(hit)}{separator}{_status(hit, language)}){refs}"
    )


def entity_line(entity: EntityHit, language: str) -> str:
    """Who or what an entity is, with its other names."""
    kind = KIND_NAMES[language].get(entity.kind, entity.kind)
    others = [a for a in entity.aliases if a != entity.name][:6]
    if language == "en":
        aka = f", also written {', '.join(others)}" if others else ""
        return f"{entity.name}: {kind}{aka}."
    aka = f"، ويُكتب أيضاً: {'، '.join(others)}" if others else ""
    return f"{entity.name}: {kind}{aka}."


def found_text(
    entities: list[EntityHit], claims: list[ClaimHit], language: str, refs: list[str] | None = None
) -> str:
    """The answer when something matched; ``refs`` adds a source marker (e.g. " [1][2]") to each point."""
    lines: list[str] = []
    if entities:
        lines.append(entity_line(entities[0], language))
    if claims:
        top_disputed = claims[0].status == "disputed"
        if language == "en":
            lines.append("The sources disagree:" if top_disputed else "What the sources say:")
        else:
            lines.append("المصادر مختلفة:" if top_disputed else "ما تقوله المصادر:")
        marks = refs or [""] * len(claims)
        for number, (hit, mark) in enumerate(zip(claims, marks, strict=True), 1):
            lines.append(claim_line(number, hit, language, mark))
    elif entities:
        if language == "en":
            lines.append("I have no attributed statements about it yet.")
        else:
            lines.append("لا توجد لدي تصريحات منسوبة عنه بعد.")
    return "\n".join(lines)


def not_found_text(question_words: str, suggestions: list[str], language: str, article_count: int) -> str:
    """Say plainly that nothing matched, and offer what is known instead."""
    if article_count == 0:
        if language == "en":
            return "I have no articles yet. Add some with `briefing ingest PATH_OR_URL`."
        return "لا توجد لدي مقالات بعد. أضف مقالات عبر `briefing ingest`."
    known = ", ".join(suggestions) if language == "en" else "، ".join(suggestions)
    if language == "en":
        text = f"I found nothing about “{question_words}” in the {article_count} articles I have."
        return text + (f" I can tell you about: {known}." if suggestions else "")
    text = f"لم أجد شيئاً عن «{question_words}» في {article_count} مقالاً لدي."
    return text + (f" يمكنني إخبارك عن: {known}." if suggestions else "")

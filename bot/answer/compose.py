"""Prose around the evidence: a direct first line, then who said what, where, agreed or disputed.

Every sentence comes from a catalogue template over what the engine found; nothing is generated.
Renderers pass ``wrap`` (bidi isolation) so embedded runs of the other script stay in place; the
engine's own text (``ask --json``) leaves every value as stored.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot.answer.types import ClaimHit, EntityHit
from bot.extract.figures import Figure, conflict, figures
from bot.messages import NOUNS, count, join, kind_name, stance_verb, text
from bot.sources import source_label
from bot.text import normalise

Wrap = Callable[[str], str]
FIGURE_SIDES = 3  # at most this many differing figures in a first line
SKIPPED_UNITS = frozenset({"year"})  # a year is a date, not a count that sources dispute


def _same(value: str) -> str:
    return value


def _status(hit: ClaimHit, language: str) -> str:
    if hit.status == "disputed":
        return text(language, "answer.status_disputed")
    if hit.status == "corroborated":
        return text(language, "status_corroborated", count=hit.outlet_count)
    return text(language, "status_single-source")


def _source_label(hit: ClaimHit, language: str, wrap: Wrap) -> str:
    first = hit.citations[0] if hit.citations else None
    if first is None:
        return ""
    outlet = wrap(source_label(language, first.outlet, None, first.url))
    if not first.published:
        return outlet
    return text(language, "answer.source_date", outlet=outlet, date=first.published[:10])


def _speaker(hit: ClaimHit, language: str) -> str:
    if hit.speaker:
        return hit.speaker
    first = hit.citations[0] if hit.citations else None
    if first and first.outlet:
        return first.outlet
    return text(language, "answer.the_article")


def _quote(hit: ClaimHit) -> str:
    return hit.citations[0].quote if hit.citations else hit.text


def claim_line(
    number: int, hit: ClaimHit, language: str, refs: str = "", *, wrap: Wrap = _same, source: bool = True
) -> str:
    """One numbered point: speaker, stance, the verbatim quote, its source (unless listed) and status."""
    speaker = _speaker(hit, language)
    verb = stance_verb(language, hit.stance, speaker)
    separator = text(language, "answer.clause_separator")
    where = f"{_source_label(hit, language, wrap)}{separator}" if source and hit.citations else ""
    return f"{number}. {wrap(speaker)} {verb}: «{wrap(_quote(hit))}» ({where}{_status(hit, language)}){refs}"


def entity_line(entity: EntityHit, language: str, wrap: Wrap = _same) -> str:
    """Who or what an entity is, with its other names."""
    kind = kind_name(language, entity.kind, article=True)
    others = [wrap(a) for a in entity.aliases if a != entity.name][:6]
    name = wrap(entity.name)
    if others:
        return text(language, "answer.entity_aliases", name=name, kind=kind, aliases=join(language, others))
    return text(language, "answer.entity", name=name, kind=kind)


# --- the direct first line ---------------------------------------------------------------------------


def _by_entity(hit: ClaimHit, entity: EntityHit) -> bool:
    """Whether the entity itself says this: its id as the speaker, or one of its names as the speaker's."""
    if hit.speaker_entity_id is not None:
        return hit.speaker_entity_id == entity.id
    speaker = f" {normalise(hit.speaker or '')} "
    return any(f" {normalise(alias)} " in speaker for alias in entity.aliases if alias.strip())


def _no_direct_line(
    entities: Sequence[EntityHit], claims: Sequence[ClaimHit], language: str, intent: str, wrap: Wrap
) -> str | None:
    if intent != "what_said" or not entities or not claims:
        return None
    entity = entities[0]
    if any(_by_entity(hit, entity) for hit in claims):
        return None
    return text(language, "answer.lead_no_direct", name=wrap(entity.name))


def _side(hit: ClaimHit, language: str, mark: str, wrap: Wrap) -> str:
    speaker = _speaker(hit, language)
    return f"{wrap(speaker)} {stance_verb(language, hit.stance, speaker)}{mark}"


def _disputed_line(claims: Sequence[ClaimHit], language: str, marks: Sequence[str], wrap: Wrap) -> str | None:
    """ "Disputed: X says [1], Y denies [3]": the leading point and its other side."""
    if not claims or claims[0].status != "disputed":
        return None
    lead = claims[0]
    others = [i for i, hit in enumerate(claims[1:], 1) if hit.status == "disputed"]
    ranked = sorted(
        others, key=lambda i: (claims[i].group_id != lead.group_id, claims[i].stance == lead.stance, i)
    )
    if not ranked:
        return None
    other = ranked[0]
    first = _side(lead, language, marks[0], wrap)
    second = _side(claims[other], language, marks[other], wrap)
    return text(language, "answer.lead_disputed", first=first, second=second)


def _first_figures(hit: ClaimHit) -> dict[str, Figure]:
    """Each thing a point counts, with the first figure it gives (a later one may be someone else's)."""
    found: dict[str, Figure] = {}
    for figure in figures(_quote(hit)):
        if figure.known_unit and figure.unit not in SKIPPED_UNITS:
            found.setdefault(figure.unit, figure)
    return found


def _differing_figures(claims: Sequence[ClaimHit]) -> list[tuple[Figure, int]]:
    """The figures, one per point, that points give for the same thing and that cannot all be right."""
    per_point = [_first_figures(hit) for hit in claims]
    units = list(dict.fromkeys(unit for found in per_point for unit in found))
    for unit in units:
        sides: list[tuple[Figure, int]] = []
        for index, found in enumerate(per_point):
            figure = found.get(unit)
            if figure is not None and all(conflict(figure, seen) for seen, _ in sides):
                sides.append((figure, index))
        if len(sides) >= 2:
            return sides[:FIGURE_SIDES]
    return []


def _figure_value(figure: Figure, language: str, first: bool) -> str:
    noun = f"figure.{figure.unit}"
    if first and noun in NOUNS and figure.bound == "exact" and figure.value.is_integer():
        return count(language, noun, int(figure.value))
    return figure.label()


def _figures_line(claims: Sequence[ClaimHit], language: str, marks: Sequence[str], wrap: Wrap) -> str | None:
    """ "3 dead according to X [1], 5 according to Y [2]" when the points' figures differ."""
    sides = _differing_figures(claims)
    if not sides:
        return None
    items = [
        text(
            language,
            "answer.lead_figure",
            value=_figure_value(figure, language, position == 0),
            who=wrap(_speaker(claims[index], language)),
            marks=marks[index],
        )
        for position, (figure, index) in enumerate(sides)
    ]
    return text(language, "answer.lead_figures", figures=text(language, "answer.figure_join").join(items))


def lead_line(
    entities: Sequence[EntityHit],
    claims: Sequence[ClaimHit],
    language: str,
    intent: str,
    marks: Sequence[str] | None = None,
    wrap: Wrap = _same,
) -> str | None:
    """The sentence that answers before the quotes, or None when no template fits what was found."""
    marks = list(marks) if marks else [""] * len(claims)
    no_direct = _no_direct_line(entities, claims, language, intent, wrap)
    if no_direct:
        return no_direct
    disputed = _disputed_line(claims, language, marks, wrap)
    counted = _figures_line(claims, language, marks, wrap)
    if intent == "how_many":
        return counted or disputed
    return disputed or counted


def found_lines(
    entities: Sequence[EntityHit],
    claims: Sequence[ClaimHit],
    language: str,
    *,
    intent: str = "",
    refs: Sequence[str] | None = None,
    wrap: Wrap = _same,
    sources_apart: bool = False,
) -> list[str]:
    """The answer's lines: the direct first line, who the entity is, then each point.

    ``refs`` adds a source marker (e.g. " [1][2]") to each point; with ``sources_apart`` the points leave
    their outlet and date to the numbered source list.
    """
    marks = list(refs) if refs else [""] * len(claims)
    lead = lead_line(entities, claims, language, intent, marks, wrap) if claims else None
    who = [entity_line(entities[0], language, wrap)] if entities else []
    lines = [*who, lead] if intent == "who_is" or lead is None else [lead, *who]
    lines = [line for line in lines if line]
    if claims and lead is None:
        top_disputed = claims[0].status == "disputed"
        lines.append(text(language, "answer.sources_disagree" if top_disputed else "answer.sources_say"))
    for number, (hit, mark) in enumerate(zip(claims, marks, strict=True), 1):
        lines.append(claim_line(number, hit, language, mark, wrap=wrap, source=not sources_apart))
    if entities and not claims:
        lines.append(text(language, "answer.no_statements"))
    return lines


def found_text(
    entities: Sequence[EntityHit], claims: Sequence[ClaimHit], language: str, *, intent: str = ""
) -> str:
    """The answer's text as the engine returns it (``ask --json``): every value as stored."""
    return "\n".join(found_lines(entities, claims, language, intent=intent))


def not_found_text(question_words: str, suggestions: list[str], language: str, article_count: int) -> str:
    """Say plainly that nothing matched, and offer what is known instead."""
    if article_count == 0:
        return text(language, "answer.no_articles")
    found = text(language, "answer.nothing_about", words=question_words, count=article_count)
    if not suggestions:
        return found
    return found + text(language, "answer.suggestions", known=join(language, suggestions))

"""Questions answered within the story they are about, saying which; a question fitting several, by story.

The question is first answered across the store; the stories its entities and its answering claims
belong to vote for the story it is about. One clear winner: the answer is given again within that
story alone (a filter on the engine's candidates). Nothing pointing at a story: the story the chat
last asked about. Several stories close to each other: one answer per story, each named.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.answer import Answer, Conversation, Scope, ask
from bot.answer.origins import with_provenance
from bot.messages import text
from bot.stories.listing import StorySummary, list_stories
from storage import stories as store

ENTITY_VOTE = 1.0  # the question's main entity votes this much for the story naming it most
CLAIM_VOTES = 5  # the answer's leading claims that vote, each with its score
SEVERAL_SHARE = 0.6  # a story with this share of the leader's votes fits the question too
MAX_STORIES = 3  # a question fitting more stories is answered in the leading ones
ENTITY_STORIES = 5  # stories read for the question's entity


@dataclass(frozen=True)
class StoryPart:
    """The answer within one story."""

    story: StorySummary
    answer: Answer


@dataclass(frozen=True)
class StoryAnswer:
    """An answer with the stories it comes from: one part, or one per story when it fits several."""

    answer: Answer  # the whole answer (the parts' claims together when there are several)
    parts: tuple[StoryPart, ...]

    @property
    def story_id(self) -> int | None:
        """The story the question was about, when it was one."""
        return self.parts[0].story.id if len(self.parts) == 1 else None


def scope_of(session: Session, story_id: int) -> Scope:
    """The engine's scope for one story: candidate claims from its articles only."""

    def keep(claim_ids: Collection[int]) -> set[int]:
        return store.claims_in_story(session, claim_ids, story_id)

    return Scope(keep, name=f"story {story_id}")


def votes(session: Session, answer: Answer) -> dict[int, float]:
    """How much each story is what the answer is about: its main entity's stories, its claims' stories."""
    tally: dict[int, float] = {}
    if answer.top_entity is not None:
        named = store.stories_naming_most(session, answer.top_entity.id, limit=ENTITY_STORIES)
        most = max((share for _s, share in named), default=0.0)
        for story_id, share in named:
            tally[story_id] = tally.get(story_id, 0.0) + ENTITY_VOTE * share / (most or 1.0)
    if answer.found:
        leading, best = answer.claims[:CLAIM_VOTES], dict[int, float]()
        articles = {c.citations[0].article_id for c in leading if c.citations}
        story_of = store.stories_of_articles(session, articles)
        for claim in leading:
            found = story_of.get(claim.citations[0].article_id) if claim.citations else None
            if found is not None:
                best[found] = max(best.get(found, 0.0), claim.score)
        for story_id, value in best.items():  # a story's best claim: many weaker ones do not outvote it
            tally[story_id] = tally.get(story_id, 0.0) + value
    return tally


def fitting(tally: dict[int, float]) -> list[int]:
    """The stories the question fits: the leader and those close to it, the most votes first."""
    ranked = sorted(tally, key=lambda s: (-tally[s], s))
    if not ranked:
        return []
    lead = tally[ranked[0]]
    return [s for s in ranked if tally[s] >= SEVERAL_SHARE * lead][:MAX_STORIES]


def ask_in_stories(
    session: Session,
    question: str,
    *,
    conversation: Conversation | None = None,
    last_story: int | None = None,
    language: str | None = None,
) -> StoryAnswer:
    """Answer within the story the question is about (the chat's last one among several that fit, or
    when nothing points at one), else one answer per fitting story; with who reported its leading points
    first."""
    result = _ask_in_stories(
        session, question, conversation=conversation, last_story=last_story, language=language
    )
    return StoryAnswer(with_provenance(session, result.answer), result.parts)


def _ask_in_stories(
    session: Session,
    question: str,
    *,
    conversation: Conversation | None = None,
    last_story: int | None = None,
    language: str | None = None,
) -> StoryAnswer:
    """The answer across the store, within one story, or one per fitting story (``ask_in_stories``)."""
    broad = ask(session, question, conversation=conversation, language=language)
    stories = fitting(votes(session, broad))
    if last_story in stories:  # the question fits the story the chat is on: the conversation decides
        stories = [last_story]
    if not stories:
        stories = [last_story] if last_story is not None and store.story_exists(session, last_story) else []
    if not stories:
        return StoryAnswer(broad, ())
    parts = []
    for story_id in stories:
        scope = scope_of(session, story_id)
        scoped = ask(session, question, conversation=conversation, scope=scope, language=language)
        if scoped.found:
            (summary,) = list_stories(session, story_ids=[story_id], limit=1)
            parts.append(StoryPart(summary, scoped))
    if not parts:
        return StoryAnswer(broad, ())
    if len(parts) == 1:
        return StoryAnswer(parts[0].answer, tuple(parts))
    return StoryAnswer(_together(broad, parts), tuple(parts))


def _together(broad: Answer, parts: list[StoryPart]) -> Answer:
    """One answer of several stories': each part's text under its story's title, their claims in turn."""
    language = broad.language
    sections = [
        text(language, "answer.in_story", title=part.story.title(language), answer=part.answer.answer)
        for part in parts
    ]
    claims = tuple(claim for part in parts for claim in part.answer.claims)
    as_of = max((p.answer.as_of for p in parts if p.answer.as_of), default=None)
    return Answer(
        question=broad.question,
        found=True,
        answer="\n\n".join([text(language, "answer.several_stories", count=len(parts)), *sections]),
        language=language,
        intent=broad.intent,
        as_of=as_of,
        entities=broad.entities,
        claims=claims,
    )

"""Stories as readers see them: title, time span, article and outlet counts, main entities, disputes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.extract.profile import load_profiles
from bot.messages import LANGUAGES, join
from storage import knowledge
from storage import stories as store

MAIN_ENTITIES = 5  # entities shown per story
_REFERENCE = re.compile(r"#\s*(\d{1,9})")  # how a reader names a story: its number in /stories, "#3"
TITLE_ENTITIES = 3  # entities a title is made of when no article gives a headline


@dataclass(frozen=True)
class StoryEntityName:
    """A main entity of a story, named in both scripts."""

    id: int
    name: str  # as the articles write it
    latin_name: str  # its Latin display name (an article's spelling, else a transliteration)
    kind: str
    articles: int

    def display(self, language: str) -> str:
        return self.name if language == "ar" else self.latin_name


@dataclass(frozen=True)
class StorySummary:
    """One story for a listing."""

    id: int
    titles: dict[str, str]  # language -> title, for every language the story has articles in
    first_at: datetime | None
    last_at: datetime | None
    articles: int
    outlets: int
    disputed: int
    entities: tuple[StoryEntityName, ...]
    languages: tuple[str, ...]
    manual: bool

    def title(self, language: str) -> str:
        """The title in ``language``, else one from the main entities' names in it, else any title."""
        if language in self.titles:
            return self.titles[language]
        if self.entities:
            return entity_title(self.entities, language)
        return next(iter(self.titles.values()), f"#{self.id}")


def entity_title(entities: tuple[StoryEntityName, ...], language: str) -> str:
    """A title made of a story's main entities' display names."""
    return join(language, [e.display(language) for e in entities[:TITLE_ENTITIES]])


def _entities(session: Session, story_id: int) -> tuple[StoryEntityName, ...]:
    rows = store.main_entities(session, story_id, limit=MAIN_ENTITIES)
    infos = knowledge.entities_by_ids(session, [r.entity_id for r in rows])
    profiles = load_profiles(session, infos)
    return tuple(
        StoryEntityName(
            r.entity_id,
            r.name,
            profiles[r.entity_id].latin_name if r.entity_id in profiles else r.name,
            r.kind,
            r.articles,
        )
        for r in rows
    )


def list_stories(
    session: Session, *, limit: int = 20, story_ids: list[int] | None = None
) -> list[StorySummary]:
    """The most recently active stories (or the ones named), each summarised."""
    rows = store.list_stories(session, limit=limit, story_ids=story_ids)
    ids = [r.id for r in rows]
    outlets = store.outlet_counts(session, ids)
    disputed = store.disputed_counts(session, ids)
    headlines = store.titles_of(session, ids)
    languages = store.languages_of(session, ids)
    out = []
    for row in rows:
        entities = _entities(session, row.id)
        spoken = tuple(lang for lang in LANGUAGES if lang in languages[row.id]) or tuple(
            sorted(languages[row.id])
        )
        titles = {
            lang: headlines[row.id].get(lang) or entity_title(entities, lang)
            for lang in spoken
            if entities or lang in headlines[row.id]
        }
        out.append(
            StorySummary(
                row.id,
                titles,
                row.first_at,
                row.last_at,
                row.article_count,
                outlets.get(row.id, 0),
                disputed.get(row.id, 0),
                entities,
                spoken,
                row.manual,
            )
        )
    return out


def story_reference(text: str) -> int | None:
    """The story a reader names by its number ("#3"), or None when the text names something else."""
    match = _REFERENCE.fullmatch(text.strip())
    return int(match.group(1)) if match else None

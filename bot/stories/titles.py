"""A story's short title in each language: the headline of its most central article in that language.

A headline is central when it names what most of the story's articles name. Kept up to date as
articles join by comparing the newcomer with the current title's article only, so a join costs two
articles' entities whatever the story's size.
"""

from __future__ import annotations

import re

from sqlalchemy.orm import Session

from storage import stories as store
from storage.stories import ArticleFacts, StoryShape, TitleRow

MAX_TITLE_WORDS = 14  # a longer headline is cut at a word, with an ellipsis
MIN_HEAD_WORDS = 3  # a headline's first clause stands as its title when it has at least this many words
# Where a headline's main clause ends: "..", a spaced dash, a bar, a colon followed by a quotation.
_CLAUSE_END = re.compile(r"\s*(?:\.{2,}|…|\s[-–—|]\s)\s*")


def short_title(headline: str) -> str:
    """A headline's main clause, at most ``MAX_TITLE_WORDS`` words."""
    text = " ".join(headline.split())
    parts = _CLAUSE_END.split(text, maxsplit=1)
    if len(parts) > 1 and len(parts[0].split()) >= MIN_HEAD_WORDS:
        text = parts[0]
    words = text.split()
    if len(words) > MAX_TITLE_WORDS:
        return " ".join(words[:MAX_TITLE_WORDS]) + "…"
    return text


def centrality(shape: StoryShape, entity_ids: set[int]) -> float:
    """How much of a story an article's entities cover: the sum of their shares of its articles."""
    return sum(min(1.0, shape.entity_articles.get(e, 0) / max(shape.article_count, 1)) for e in entity_ids)


def consider_headline(session: Session, story_id: int, facts: ArticleFacts) -> None:
    """Make a joining article's headline the story's title in its language when it is more central."""
    if facts.title_derived or not facts.title.strip():
        return
    current = store.title_row(session, story_id, facts.language)
    ids = [facts.id] if current is None else [facts.id, current.article_id]
    entities = store.articles_entities(session, ids)
    shape = next(iter(store.story_shapes(session, [story_id], set().union(*entities.values()))))
    mine = centrality(shape, entities[facts.id])
    if current is not None:
        theirs = centrality(shape, entities[current.article_id])
        if theirs >= mine:  # ties keep the earlier headline, usually the first report
            if theirs != current.centrality:
                store.set_title(
                    session, TitleRow(story_id, current.language, current.article_id, current.title, theirs)
                )
            return
    store.set_title(session, TitleRow(story_id, facts.language, facts.id, short_title(facts.title), mine))


def recompute_titles(session: Session, story_id: int, *, limit: int = 500) -> None:
    """Choose every title of a story again from its articles (after an operator's merge or split)."""
    candidates = store.headline_candidates(session, story_id, limit=limit)
    entities = store.articles_entities(session, [a for a, _l, _t in candidates])
    shape = next(iter(store.story_shapes(session, [story_id], set().union(set(), *entities.values()))))
    best: dict[str, tuple[float, int, str]] = {}
    for article_id, language, headline in candidates:
        value = centrality(shape, entities[article_id])
        if language not in best or value > best[language][0]:
            best[language] = (value, article_id, headline)
    for language, (value, article_id, headline) in best.items():
        store.set_title(session, TitleRow(story_id, language, article_id, short_title(headline), value))

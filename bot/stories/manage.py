"""What operators do to stories (merge, split) and the rebuild `briefing reindex` runs.

A merged or split story's articles are pinned to it: later ingests never move them, and a rebuild
keeps them where the operator put them while it places every other article afresh.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.errors import BriefingError
from bot.stories import titles
from bot.stories.assign import assign_article
from storage import Database
from storage import stories as store

logger = logging.getLogger(__name__)

REBUILD_BATCH = 50  # articles per rebuild transaction: a writer waits for one batch at most


class StoryError(BriefingError):
    """An operator named a story or an article that is not there."""


@dataclass(frozen=True)
class RebuildStats:
    """What a rebuild did: articles placed, stories started, and stories kept for their pinned articles."""

    articles: int
    started: int
    kept: int


def _recount(session: Session, story_id: int) -> None:
    """Count a story's articles in again from nothing: its size, span, entities and titles."""
    store.reset_story(session, story_id)
    for article_id in store.story_article_ids(session, story_id):
        assign_article(session, article_id)
    titles.recompute_titles(session, story_id)


def merge_stories(session: Session, keep: int, other: int) -> int:
    """Fold story ``other`` into ``keep``; every article of both is pinned to ``keep``. Returns ``keep``."""
    for story_id in (keep, other):
        if not store.story_exists(session, story_id):
            raise StoryError(f"no story {story_id}; see `briefing stories`")
    if keep == other:
        raise StoryError("a story cannot be merged with itself")
    moved = store.story_article_ids(session, keep) + store.story_article_ids(session, other)
    store.pin_articles(session, moved, keep)
    store.move_story_follows(session, keep=keep, other=other)
    store.delete_story(session, other)
    _recount(session, keep)
    return keep


def split_story(session: Session, story_id: int, article_ids: Sequence[int]) -> int:
    """Move ``article_ids`` out of a story into a new one; both sides are pinned. Returns the new story."""
    if not store.story_exists(session, story_id):
        raise StoryError(f"no story {story_id}; see `briefing stories`")
    members = store.story_article_ids(session, story_id)
    strangers = sorted(set(article_ids) - set(members))
    if strangers:
        raise StoryError(f"not in story {story_id}: article(s) {', '.join(map(str, strangers))}")
    staying = [a for a in members if a not in set(article_ids)]
    if not staying or not article_ids:
        raise StoryError("a split leaves articles on both sides: name some of the story's articles, not all")
    new = store.create_story(session, manual=True)
    store.pin_articles(session, staying, story_id)
    store.pin_articles(session, list(article_ids), new)
    _recount(session, story_id)
    _recount(session, new)
    return new


def rebuild_stories(
    db: Database, *, batch_size: int = REBUILD_BATCH, on_article: Callable[[int], None] | None = None
) -> RebuildStats:
    """Place every current article in a story again, oldest first, in short transactions.

    Articles an operator pinned stay in their stories; every other assignment is made afresh. A chat
    following a story follows, afterwards, the story its first article is in.
    """

    def clear(session: Session) -> tuple[list[tuple[int, int]], list[int], list[int]]:
        follows = store.story_follow_anchors(session)  # a follow outlives the story ids a rebuild changes
        return follows, store.reset_for_rebuild(session), store.articles_in_time_order(session)

    follows, kept, ids = db.write(clear, what="clearing stories")

    def place(session: Session, *, batch: Sequence[int]) -> int:
        results = [assign_article(session, article_id) for article_id in batch]
        return sum(1 for r in results if r is not None and r.started)

    started = 0
    for start in range(0, len(ids), batch_size):
        batch = ids[start : start + batch_size]
        started += db.write(functools.partial(place, batch=batch), what="placing articles in stories")
        for article_id in batch:
            if on_article is not None:
                on_article(article_id)
    db.write(lambda s: store.restore_story_follows(s, follows), what="restoring story follows")
    logger.info("stories rebuilt: %d articles, %d new stories, %d kept", len(ids), started, len(kept))
    return RebuildStats(len(ids), started, len(kept))

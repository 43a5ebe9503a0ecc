"""What a reader's digest covers besides its topics: the stories the chat follows, named in its language."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.digest.compose import StoryRef
from bot.stories.listing import list_stories
from storage import stories as story_store


@dataclass(frozen=True)
class FollowedStories:
    """The stories each chat follows (in the order it followed them) and each story's titles."""

    by_chat: dict[int, tuple[int, ...]]
    titles: dict[int, dict[str, str]]

    def refs(self, chat_id: int, language: str) -> tuple[StoryRef, ...]:
        """The chat's followed stories as (id, title in ``language``), for ``compose``."""
        out = []
        for story_id in self.by_chat.get(chat_id, ()):
            titles = self.titles.get(story_id)
            if titles is None:  # merged away since it was followed
                continue
            title = titles.get(language) or next(iter(titles.values()), f"#{story_id}")
            out.append((story_id, title))
        return tuple(out)


def followed_stories(session: Session, chat_ids: Sequence[int]) -> FollowedStories:
    """The stories these chats follow, with their titles in every language they have one in."""
    by_chat = story_store.followed_stories_by_chats(session, chat_ids)
    wanted = sorted({story_id for ids in by_chat.values() for story_id in ids})
    titles: dict[int, dict[str, str]] = {}
    if wanted:
        for summary in list_stories(session, limit=len(wanted), story_ids=wanted):
            titles[summary.id] = {lang: summary.title(lang) for lang in ("ar", "en")}
    return FollowedStories(by_chat=by_chat, titles=titles)

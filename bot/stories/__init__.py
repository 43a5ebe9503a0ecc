"""Stories: articles clustered by the event they report, as they arrive; operators merge and split them."""

from __future__ import annotations

from bot.stories.assign import Assignment, assign_article
from bot.stories.listing import StorySummary, list_stories, story_reference
from bot.stories.manage import RebuildStats, StoryError, merge_stories, rebuild_stories, split_story

__all__ = [
    "Assignment",
    "RebuildStats",
    "StoryError",
    "StorySummary",
    "assign_article",
    "list_stories",
    "merge_stories",
    "rebuild_stories",
    "split_story",
    "story_reference",
]

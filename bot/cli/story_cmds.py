"""`briefing stories [--json]`, `briefing stories merge A B`, `briefing stories split STORY ARTICLE...`."""

from __future__ import annotations

import json
from typing import Any

import typer

from bot.cli import app as root
from bot.cli import common
from bot.stories import StoryError, StorySummary, list_stories, merge_stories, split_story

stories_app = typer.Typer(
    help="Stories: the articles about one event, clustered as they arrive.", invoke_without_command=True
)
root.add_typer(stories_app, name="stories")


def story_json(story: StorySummary) -> dict[str, Any]:
    """One story as `briefing stories --json` prints it."""
    return {
        "id": story.id,
        "titles": story.titles,
        "first": story.first_at.isoformat() if story.first_at else None,
        "last": story.last_at.isoformat() if story.last_at else None,
        "articles": story.articles,
        "outlets": story.outlets,
        "disputed": story.disputed,
        "languages": list(story.languages),
        "manual": story.manual,
        "entities": [
            {"id": e.id, "name": e.name, "latin_name": e.latin_name, "kind": e.kind, "articles": e.articles}
            for e in story.entities
        ],
    }


def _span(story: StorySummary) -> str:
    first = story.first_at.date().isoformat() if story.first_at else "?"
    last = story.last_at.date().isoformat() if story.last_at else "?"
    return first if first == last else f"{first} – {last}"


def _print_story(story: StorySummary) -> None:
    titles = " / ".join(story.titles.values()) or story.title("en")
    common.out.print(f"[bold]story {story.id}[/] {titles}", highlight=False, markup=True)
    counts = (
        f"  {_span(story)}; {story.articles} article(s) from {story.outlets} outlet(s); "
        f"{story.disputed} disputed claim(s)"
    )
    common.out.print(counts, highlight=False, markup=False)
    if story.entities:
        names = ", ".join(
            f"{e.latin_name} ({e.name})" if e.name != e.latin_name else e.name for e in story.entities
        )
        common.out.print(f"  {names}", highlight=False, markup=False)


@stories_app.callback()
def stories_command(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="One JSON array on stdout."),
    limit: int = typer.Option(
        50, "--limit", min=1, help="At most this many, the most recently active first."
    ),
) -> None:
    """List the stories: title, time span, articles, outlets, main entities and disputed claims.

    Example: briefing stories --json
    """
    if ctx.invoked_subcommand is not None:
        return
    with common.database().session() as session:
        found = list_stories(session, limit=limit)
    if as_json:
        common.out.print_json(json.dumps([story_json(s) for s in found], ensure_ascii=False))
        return
    if not found:
        common.err.print("no stories yet: ingest some articles first (briefing ingest PATH)")
        return
    for story in found:
        _print_story(story)


@stories_app.command("merge")
def merge_command(
    keep: int = typer.Argument(..., help="The story that stays."),
    other: int = typer.Argument(..., help="The story folded into it."),
) -> None:
    """Merge two stories into the first; later ingests and reindexes keep them together.

    Example: briefing stories merge 3 7
    """
    try:
        common.database().write(lambda s: merge_stories(s, keep, other), what="merging stories")
    except StoryError as exc:
        common.fail(str(exc), code=1)
    common.err.print(f"story {other} merged into story {keep}")


@stories_app.command("split")
def split_command(
    story: int = typer.Argument(..., help="The story to split."),
    articles: list[int] = typer.Argument(..., help="The article ids that leave it for a new story."),
) -> None:
    """Move some articles of a story into a new story; later ingests and reindexes keep them apart.

    Example: briefing stories split 3 12 15
    """
    try:
        new = common.database().write(lambda s: split_story(s, story, articles), what="splitting a story")
    except StoryError as exc:
        common.fail(str(exc), code=1)
    common.out.print(f"{new}", highlight=False)
    common.err.print(f"articles {', '.join(map(str, articles))} now form story {new}")

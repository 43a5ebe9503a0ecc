"""`briefing timeline STORY [--json] [--language ar|en]`: a story's first reports and changes of account."""

from __future__ import annotations

import json

import typer

from bot.bidi import isolate
from bot.cli import app, common
from bot.stories import story_reference
from bot.stories.timeline import story_timeline, timeline_json, timeline_lines


@app.command("timeline")
def timeline_command(
    story: str = typer.Argument(..., help="The story's number, as `briefing stories` shows it (3 or #3)."),
    as_json: bool = typer.Option(False, "--json", help="Print machine-readable JSON."),
    language: str = typer.Option("en", "--language", help="ar or en."),
) -> None:
    """A story's timeline: each claim's first report, figures revised and denials issued, in time order
    (publication times, else first seen, in UTC), each with its outlet and a verbatim quote.

    Example: briefing timeline 1 --language ar
    """
    if language not in ("ar", "en"):
        raise typer.BadParameter("use ar or en", param_hint="--language")
    number = story_reference(story if story.startswith("#") else f"#{story}")
    if number is None:
        raise typer.BadParameter("a story's number, e.g. 3", param_hint="STORY")
    with common.database().session() as session:
        found = story_timeline(session, number)
    if found is None:
        common.fail(f"no story {number}; `briefing stories` lists them", code=1)
    if as_json:
        common.out.print_json(json.dumps(timeline_json(found, language), ensure_ascii=False))
        return
    for line in timeline_lines(found, language, wrap=lambda value: isolate(value, language)):
        common.out.print(line, highlight=False, markup=False)

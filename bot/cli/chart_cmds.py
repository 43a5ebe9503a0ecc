"""`briefing chart STORY -o FILE.png [--language ar|en]`: a picture of a story's coverage."""

from __future__ import annotations

from pathlib import Path

import typer

from bot.chart import ChartError, coverage, render_png
from bot.cli import app, common
from bot.messages import LANGUAGES


@app.command("chart")
def chart_command(
    story: int = typer.Argument(..., help="The story's number (as `briefing stories` shows it)."),
    output: Path = typer.Option(..., "-o", "--output", help="The PNG file to write."),
    language: str = typer.Option("en", "--language", help="ar or en: the language of every label."),
) -> None:
    """Draw a story's coverage over time by outlet, its disputes and each side's outlets (1080x1350 PNG).

    Example: briefing chart 1 -o story.png --language ar
    """
    common.one_of(language, LANGUAGES, "language", "--language")
    folder = output.expanduser().resolve().parent
    if not folder.is_dir():
        common.fail(f"cannot write {output}: the folder {folder} does not exist", code=1)
    with common.database().session() as session:
        try:
            found = coverage(session, story)
        except ChartError as exc:
            common.fail(str(exc), code=1)
    png = render_png(found, language)
    try:
        output.expanduser().write_bytes(png)
    except OSError as exc:
        common.fail(f"cannot write {output}: {exc.strerror or exc}", code=1)
    common.err.print(f"wrote {output} ({len(png) // 1024} KB)", highlight=False, markup=False)

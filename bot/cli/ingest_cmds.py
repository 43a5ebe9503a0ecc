"""`briefing ingest` and `briefing feeds`: get articles in from files, folders, pages and feeds."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from bot.cli import app as root
from bot.cli import common
from bot.errors import BriefingError
from bot.ingest import (
    IngestReport,
    ItemResult,
    find_feed,
    follow_feed,
    followed_feeds,
    ingest_inputs,
    make_client,
    poll_feeds,
    unfollow_feed,
)

feeds_app = typer.Typer(help="Follow RSS/Atom feeds and poll them for new articles.", no_args_is_help=True)
root.add_typer(feeds_app, name="feeds")

# Below this many items a progress bar only flickers.
_PROGRESS_MIN_ITEMS = 3


@root.command("ingest")
def ingest(
    inputs: list[str] = typer.Argument(..., metavar="PATH_OR_URL", help="Files, folders, page or feed URLs."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object for scripts on stdout."),
    no_extract: bool = typer.Option(
        False, "--no-extract", help="Only clean and store; skip entity and claim extraction."
    ),
) -> None:
    """Ingest articles from files (text, HTML, Markdown), folders, web pages and RSS/Atom feeds.

    Exit status 0 when every input was stored or already known, 2 when some failed (the rest are stored).

    Example: briefing ingest ../shared/seeds/*.txt https://example.org/news/article.html
    """
    settings = common.settings()
    database = common.database(create=True)
    with _progress("ingesting") as progress:
        report = ingest_inputs(database, inputs, extract=not no_extract, progress=progress, settings=settings)
    _finish(report, as_json)


@feeds_app.command("add")
def feeds_add(
    url: str = typer.Argument(..., help="The RSS or Atom feed URL."),
    title: str | None = typer.Option(None, "--title", help="Name of the outlet (default: the feed's title)."),
) -> None:
    """Follow a feed (it is fetched once to check it is RSS/Atom); `feeds poll` brings its articles in.

    Example: briefing feeds add https://example.org/rss.xml --title "Example News"
    """
    settings = common.settings()
    database = common.database(create=True)  # following a first feed starts a store, like ingest
    try:
        with make_client(settings.fetch_timeout) as client:
            feed = follow_feed(database, client, url, title=title, settings=settings)
    except BriefingError as exc:
        common.fail(str(exc))
    common.out.print(f"following feed #{feed.id}: {escape(feed.title or feed.url)} ({escape(feed.url)})")


@feeds_app.command("list")
def feeds_list(
    as_json: bool = typer.Option(False, "--json", help="Print the feeds as JSON on stdout."),
) -> None:
    """List followed feeds with their last poll and article counts.

    Example: briefing feeds list
    """
    feeds = followed_feeds(common.database())
    if as_json:
        rows = [
            {
                "id": f.id,
                "url": f.url,
                "title": f.title,
                "articles": f.article_count,
                "last_polled_at": f.last_polled_at.isoformat() if f.last_polled_at else None,
                "last_error": f.last_error,
            }
            for f in feeds
        ]
        common.out.print_json(json.dumps(rows, ensure_ascii=False))
        return
    if not feeds:
        common.out.print("no feeds followed yet; add one with `briefing feeds add URL`")
        return
    table = Table("id", "title", "url", "articles", "last polled", "last error")
    for f in feeds:
        polled = f.last_polled_at.strftime("%Y-%m-%d %H:%M UTC") if f.last_polled_at else "never"
        table.add_row(
            str(f.id),
            escape(f.title or ""),
            escape(f.url),
            str(f.article_count),
            polled,
            escape(f.last_error or ""),
        )
    common.out.print(table)


@feeds_app.command("remove")
def feeds_remove(
    url_or_id: str = typer.Argument(..., help="The feed's id (see `feeds list`) or URL."),
) -> None:
    """Stop following a feed; the articles already stored from it stay.

    Example: briefing feeds remove 3
    """
    try:
        feed = unfollow_feed(common.database(), url_or_id)
    except BriefingError as exc:
        common.fail(str(exc))
    common.out.print(f"no longer following feed #{feed.id}: {escape(feed.title or feed.url)}")


@feeds_app.command("poll")
def feeds_poll(
    feeds: list[str] | None = typer.Argument(
        None, metavar="[URL_OR_ID]...", help="Only these feeds (default: every followed feed)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object for scripts on stdout."),
    no_extract: bool = typer.Option(
        False, "--no-extract", help="Only clean and store; skip entity and claim extraction."
    ),
) -> None:
    """Fetch every followed feed (only what changed, by ETag/Last-Modified) and store its new articles.

    Example: briefing feeds poll --json
    """
    settings = common.settings()
    database = common.database()
    try:
        feed_ids = [find_feed(database, f).id for f in feeds] if feeds else None
    except BriefingError as exc:
        common.fail(str(exc))
    with _progress("polling feeds") as progress:
        report = poll_feeds(
            database, feed_ids=feed_ids, extract=not no_extract, progress=progress, settings=settings
        )
    _finish(report, as_json)


# --- output ---------------------------------------------------------------------------------------------


@contextmanager
def _progress(label: str) -> Iterator[Callable[[ItemResult, int, int], None]]:
    """A progress bar on stderr (only on a terminal, and only once a run is long enough to need one)."""
    bar = Progress(
        TextColumn(f"[bold]{label}[/]"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=common.err,
        transient=True,
        disable=not common.err.is_terminal,
    )
    task = bar.add_task("", total=None)
    started = False

    def update(item: ItemResult, done: int, total: int) -> None:
        nonlocal started
        if not started and total >= _PROGRESS_MIN_ITEMS:
            bar.start()
            started = True
        bar.update(task, completed=done, total=total, description=escape(_short(item.source)))

    try:
        yield update
    finally:
        if started:
            bar.stop()


def _short(source: str, width: int = 50) -> str:
    return source if len(source) <= width else "…" + source[-(width - 1) :]


def _finish(report: IngestReport, as_json: bool) -> None:
    """Print the summary (or JSON) and exit 2 when any input failed."""
    if as_json:
        common.out.print_json(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        _summary(report)
    if not report.ok:
        raise typer.Exit(2)


def _summary(report: IngestReport) -> None:
    out = common.out
    for item in report.items:
        source = escape(item.source)
        if item.status == "failed":
            common.err.print(f"[red]skipped[/] {source}: {escape(item.reason or 'failed')}")
            continue
        if item.status == "corrected":
            out.print(f"[yellow]corrected[/] {source}: {escape(item.detail or '')}")
        elif item.syndicated_of_id:
            out.print(f"[cyan]linked[/] {source}: syndicated copy of article #{item.syndicated_of_id}")
        if item.notes:
            out.print(f"[yellow]repaired[/] {source}: {escape('; '.join(item.notes))}")
    out.print(report.summary(), highlight=False)

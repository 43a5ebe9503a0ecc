"""Pages and feeds over real HTTP on loopback: extraction, corrections, ETag 304, GUID dedupe, bad URLs."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from bot.cli import app
from bot.config import get_settings, load_settings
from bot.errors import IngestError, NotFoundError
from bot.ingest import follow_feed, followed_feeds, ingest_inputs, make_client, poll_feeds, unfollow_feed
from storage import Database, open_database
from storage import feeds as feed_store
from storage.models import Article

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
runner = CliRunner()


@dataclass
class Route:
    body: bytes
    content_type: str
    etag: str | None = None
    last_modified: str | None = None
    delay: float = 0.0
    status: int = 200


@dataclass
class Site:
    """A tiny web site on 127.0.0.1 whose pages a test can change, logging every request."""

    base: str = ""
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def page(
        self, path: str, body: str | bytes, content_type: str = "text/html; charset=utf-8", **kw: object
    ) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(data, content_type, **kw)  # type: ignore[arg-type]

    def hits(self, path: str) -> list[dict[str, str]]:
        return [headers for p, headers in self.requests if p == path]


@pytest.fixture
def site() -> Iterator[Site]:
    state = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
            route = state.routes.get(self.path)
            if route is None:
                self.send_error(404, "Not Found")
                return
            if route.delay:
                time.sleep(route.delay)
            unchanged = (route.etag and self.headers.get("If-None-Match") == route.etag) or (
                route.last_modified and self.headers.get("If-Modified-Since") == route.last_modified
            )
            if unchanged:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Content-Length", str(len(route.body)))
            if route.etag:
                self.send_header("ETag", route.etag)
            if route.last_modified:
                self.send_header("Last-Modified", route.last_modified)
            self.end_headers()
            self.wfile.write(route.body)

        def log_message(self, format: str, *args: object) -> None:  # keep test output clean
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def feed_xml(site: Site, *, extra: bool = False) -> str:
    extra_item = (FIXTURES / "feed_extra_item.xml").read_text(encoding="utf-8") if extra else ""
    template = (FIXTURES / "feed.xml").read_text(encoding="utf-8")
    return template.replace("{extra}", extra_item).replace("{base}", site.base)


def serve_feed(site: Site, *, extra: bool = False, etag: str = '"v1"') -> None:
    site.page("/feed.xml", feed_xml(site, extra=extra), "application/rss+xml; charset=utf-8", etag=etag)
    site.page("/articles/2", (FIXTURES / "page.html").read_text(encoding="utf-8"))


def stored(db: Database) -> list[Article]:
    with db.session() as session:
        return list(session.scalars(select(Article).order_by(Article.id)))


def cli(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- pages ----------------------------------------------------------------------------------------------


def test_a_page_url_is_fetched_and_its_article_extracted(site: Site, db: Database) -> None:
    site.page("/news/council", (FIXTURES / "page.html").read_text(encoding="utf-8"))
    report = ingest_inputs(db, [f"{site.base}/news/council"], extract=False, settings=load_settings())
    assert report.ok and report.added == 1
    (article,) = stored(db)
    assert article.url == f"{site.base}/news/council"
    assert article.title == "مجلس حارم المحلي يطالب بممر آمن للمدنيين"
    assert (
        article.published_at is not None and article.published_at.isoformat() == "2025-10-24T15:20:00+00:00"
    )
    assert "عشرات العائلات ما زالت عالقة" in article.text
    assert "الرئيسية" not in article.text
    with db.session() as session:
        again = session.get(Article, article.id)
        assert again is not None and again.outlet is not None and again.outlet.name == "صوت إدلب"


def test_a_page_refetched_unchanged_adds_nothing_and_changed_is_a_correction(
    site: Site, db: Database
) -> None:
    html = (FIXTURES / "page.html").read_text(encoding="utf-8")
    url = f"{site.base}/news/council"
    site.page("/news/council", html)
    settings = load_settings()
    assert ingest_inputs(db, [url], extract=False, settings=settings).added == 1
    assert ingest_inputs(db, [url], extract=False, settings=settings).duplicates == 1
    site.page("/news/council", html.replace("ثلاثة أيام", "أربعة أيام"))
    report = ingest_inputs(db, [url], extract=False, settings=settings)
    assert report.corrected == 1
    old, new = stored(db)
    assert (old.is_current, new.is_current, new.is_correction, new.previous_id) == (False, True, True, old.id)
    assert "ثلاثة أيام" in old.text and "أربعة أيام" in new.text


def test_bad_urls_fail_with_the_reason_and_the_batch_goes_on(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFING_FETCH_TIMEOUT", "0.5")
    get_settings.cache_clear()
    site.page("/slow", "<html><body><p>late</p></body></html>", delay=2.0)
    site.page("/app", (FIXTURES / "script_heavy.html").read_text(encoding="utf-8"))
    site.page(
        "/broken-feed.xml", "<?xml version='1.0'?><catalog><book>not news</book></catalog>", "application/xml"
    )
    good = tmp_path / "good.txt"
    good.write_text((FIXTURES / "en_dateline_source_line.txt").read_text(encoding="utf-8"), encoding="utf-8")
    unreachable = f"http://127.0.0.1:{closed_port()}/article"
    inputs = [
        unreachable,
        f"{site.base}/slow",
        f"{site.base}/missing",
        f"{site.base}/app",
        f"{site.base}/broken-feed.xml",
    ]

    code, out, _ = cli("ingest", "--json", "--no-extract", *inputs, str(good))

    assert code == 2
    payload = json.loads(out)
    reasons = {item["source"]: item["reason"] for item in payload["items"] if item["status"] == "failed"}
    assert reasons[unreachable].startswith("unreachable")
    assert reasons[f"{site.base}/slow"] == "timed out after 0.5s"
    assert reasons[f"{site.base}/missing"] == "HTTP 404 Not Found"
    assert reasons[f"{site.base}/app"].startswith("HTML is mostly script")
    assert reasons[f"{site.base}/broken-feed.xml"].startswith("not an RSS or Atom feed")
    assert payload["added"] == 1
    assert [a.source for a in stored(open_database(get_settings().database_url))] == [str(good)]


# --- feeds ----------------------------------------------------------------------------------------------


def test_a_feed_url_given_to_ingest_stores_its_entries(site: Site, db: Database) -> None:
    serve_feed(site)
    report = ingest_inputs(db, [f"{site.base}/feed.xml"], extract=False, settings=load_settings())
    assert report.ok and report.added == 2, report.to_json()
    first, second = stored(db)
    assert first.guid == "harem-bulletin-1" and first.url == f"{site.base}/articles/1"
    assert first.title == "لجنة محلية تبدأ حصر المتضررين في محيط المخيم"
    assert first.published_at is not None and first.published_at.isoformat() == "2025-10-24T09:30:00+00:00"
    assert "سجلت حتى الآن أضراراً في أكثر من ثلاثين منزلاً" in first.text
    assert site.hits("/articles/1") == [], "a substantial entry is taken from the feed itself"
    assert "عشرات العائلات ما زالت عالقة" in second.text, "a teaser entry is completed from its page"
    assert len(site.hits("/articles/2")) == 1


def test_a_feed_url_ingested_again_skips_stored_entries_without_fetching_them(
    site: Site, db: Database
) -> None:
    serve_feed(site)
    url = f"{site.base}/feed.xml"
    assert ingest_inputs(db, [url], extract=False, settings=load_settings()).added == 2
    again = ingest_inputs(db, [url], extract=False, settings=load_settings())
    assert (again.added, again.duplicates) == (0, 2), again.to_json()
    assert len(site.hits("/articles/2")) == 1, "the stored teaser's page is not fetched again"
    assert len(stored(db)) == 2


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Idlib Notes</title>
  <id>urn:idlib-notes</id>
  <updated>2025-10-26T08:00:00Z</updated>
  <entry>
    <title>Aid convoy reaches Salqin shelters</title>
    <id>urn:idlib-notes:1</id>
    <link href="{base}/notes/1"/>
    <updated>2025-10-26T08:00:00Z</updated>
    <author><name>Idlib Notes desk</name></author>
    <content type="html">{content}</content>
  </entry>
</feed>
"""


def test_an_atom_feed_entry_with_its_content(site: Site, db: Database) -> None:
    paragraph = (
        "A convoy of six trucks carrying food, blankets and medicine reached the shelters in Salqin on "
        "Sunday, where families who left the camp near Harem have been staying since the truce began. "
    )
    content = "&lt;p&gt;" + paragraph * 4 + "&lt;/p&gt;"
    site.page("/atom", ATOM.format(base=site.base, content=content), "application/atom+xml")
    report = ingest_inputs(db, [f"{site.base}/atom"], extract=False, settings=load_settings())
    assert report.added == 1, report.to_json()
    (article,) = stored(db)
    assert (article.guid, article.url, article.author) == (
        "urn:idlib-notes:1",
        f"{site.base}/notes/1",
        "Idlib Notes desk",
    )
    assert article.title == "Aid convoy reaches Salqin shelters"
    assert (
        article.published_at is not None and article.published_at.isoformat() == "2025-10-26T08:00:00+00:00"
    )
    assert article.text.startswith("A convoy of six trucks")


def test_unsupported_schemes_are_refused_by_name(db: Database) -> None:
    report = ingest_inputs(db, ["ftp://example.org/article.txt"], extract=False, settings=load_settings())
    assert [(i.source, i.reason) for i in report.failed] == [
        ("ftp://example.org/article.txt", "unsupported URL scheme 'ftp' (use http or https)")
    ]


def test_feeds_add_list_poll_with_etag_and_guid_dedupe(site: Site) -> None:
    serve_feed(site)
    feed_url = f"{site.base}/feed.xml"

    code, out, _ = cli("feeds", "add", feed_url)
    assert code == 0 and "following feed #1: نشرة حارم" in out
    code, _, err = cli("feeds", "add", feed_url)
    assert code == 2 and "already followed" in err

    code, out, _ = cli("feeds", "poll", "--json", "--no-extract")
    payload = json.loads(out)
    assert code == 0 and payload["added"] == 2
    db = open_database(get_settings().database_url)
    articles = stored(db)
    assert {a.feed_id for a in articles} == {1}
    with db.session() as session:
        outlets = {session.get(Article, a.id).outlet.name for a in articles}  # type: ignore[union-attr]
    assert outlets == {"نشرة حارم"}

    # Unchanged feed: a conditional GET answered 304, nothing is read or stored.
    code, out, _ = cli("feeds", "poll", "--json", "--no-extract")
    payload = json.loads(out)
    assert code == 0 and payload["added"] == 0 and payload["not_modified"] == [feed_url]
    assert site.hits("/feed.xml")[-1]["if-none-match"] == '"v1"'

    # A new entry appears: only it is stored; the known teaser's page is not fetched again.
    serve_feed(site, extra=True, etag='"v2"')
    code, out, _ = cli("feeds", "poll", "--json", "--no-extract")
    payload = json.loads(out)
    assert code == 0
    assert (payload["added"], payload["duplicates"]) == (1, 2)
    assert len(site.hits("/articles/2")) == 1
    assert len(stored(db)) == 3

    code, out, _ = cli("feeds", "list", "--json")
    (listed,) = json.loads(out)
    assert listed["articles"] == 3 and listed["last_error"] is None and listed["last_polled_at"]


def test_last_modified_makes_the_next_poll_conditional_and_poll_takes_feed_ids(site: Site) -> None:
    stamp = "Mon, 27 Oct 2025 07:45:00 GMT"
    site.page("/feed.xml", feed_xml(site), "application/rss+xml", last_modified=stamp)
    site.page("/articles/2", (FIXTURES / "page.html").read_text(encoding="utf-8"))
    site.page("/other.xml", feed_xml(site), "application/rss+xml")
    assert cli("feeds", "add", f"{site.base}/feed.xml")[0] == 0
    assert cli("feeds", "add", f"{site.base}/other.xml", "--title", "Other")[0] == 0

    code, out, _ = cli("feeds", "poll", "--json", "--no-extract", "1")
    assert code == 0 and json.loads(out)["added"] == 2
    assert len(site.hits("/other.xml")) == 1, "only feed 1 was polled; the other was fetched once, by add"

    code, out, _ = cli("feeds", "poll", "--json", "--no-extract", f"{site.base}/feed.xml")
    assert json.loads(out)["not_modified"] == [f"{site.base}/feed.xml"]
    assert site.hits("/feed.xml")[-1]["if-modified-since"] == stamp

    code, _, err = cli("feeds", "poll", "99")
    assert code == 2 and "no followed feed with id or URL '99'" in err


def test_feeds_add_refuses_something_that_is_not_a_feed(site: Site) -> None:
    site.page("/news", (FIXTURES / "page.html").read_text(encoding="utf-8"))
    code, _, err = cli("feeds", "add", f"{site.base}/news")
    assert code == 2
    assert f"{site.base}/news: not an RSS or Atom feed" in err
    assert followed_feeds(open_database(get_settings().database_url)) == []


def test_feeds_remove_keeps_the_articles(site: Site, db: Database) -> None:
    serve_feed(site)
    settings = load_settings()
    with make_client(5.0) as client:
        feed = follow_feed(db, client, f"{site.base}/feed.xml", title="Harem Bulletin", settings=settings)
    assert feed.title == "Harem Bulletin" and feed.outlet == "Harem Bulletin"
    assert poll_feeds(db, extract=False, settings=settings).added == 2
    unfollow_feed(db, str(feed.id))
    assert followed_feeds(db) == []
    assert [a.feed_id for a in stored(db)] == [None, None]
    with pytest.raises(NotFoundError):
        unfollow_feed(db, str(feed.id))


def test_a_failing_feed_is_recorded_and_other_feeds_still_poll(site: Site, db: Database) -> None:
    serve_feed(site)
    settings = load_settings()
    with make_client(5.0) as client:
        follow_feed(db, client, f"{site.base}/feed.xml", title=None, settings=settings)
        site.page("/gone.xml", feed_xml(site), "application/rss+xml")
        gone = follow_feed(db, client, f"{site.base}/gone.xml", title="Gone", settings=settings)
    del site.routes["/gone.xml"]
    report = poll_feeds(db, extract=False, settings=settings)
    assert report.added == 2
    assert [(item.source, item.reason) for item in report.failed] == [(gone.url, "HTTP 404 Not Found")]
    errors = {f.url: f.last_error for f in followed_feeds(db)}
    assert errors[gone.url] == "HTTP 404 Not Found"


def test_follow_feed_rejects_unreachable_urls(db: Database) -> None:
    with make_client(1.0) as client, pytest.raises(IngestError, match="unreachable"):
        follow_feed(db, client, f"http://127.0.0.1:{closed_port()}/rss", title=None, settings=load_settings())


def test_feed_storage_on_sqlite_and_postgres(any_db: Database) -> None:
    with any_db.session() as session:
        added = feed_store.add_feed(session, url="https://example.org/rss", title="Example", outlet_id=None)
    with any_db.session() as session:
        feed_store.record_poll(
            session,
            added.id,
            etag='"abc"',
            last_modified="Mon, 27 Oct 2025 07:45:00 GMT",
            error=None,
            update_validators=True,
        )
    with any_db.session() as session:
        (feed,) = feed_store.list_feeds(session)
        assert (feed.etag, feed.last_modified) == ('"abc"', "Mon, 27 Oct 2025 07:45:00 GMT")
        assert feed.last_polled_at is not None and feed.last_polled_at.tzinfo is not None
        assert feed_store.feed_by_url(session, "https://example.org/rss") == feed
        feed_store.delete_feed(session, feed.id)
    with any_db.session() as session:
        assert feed_store.list_feeds(session) == []

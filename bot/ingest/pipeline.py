"""The ingest entry points: read inputs or poll feeds, store articles in batches (a savepoint each)."""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy.orm import Session

from bot.config import Settings, get_settings
from bot.errors import IngestError
from bot.ingest.document import CleanDocument
from bot.ingest.feeds import feed_documents, known_entry, parse_feed
from bot.ingest.fetch import fetch, make_client
from bot.ingest.read import Job, KnownEntry, expand_inputs, read_file, read_url
from bot.ingest.store import StoreResult, store_document
from storage import Database
from storage import feeds as feed_store
from storage.engine import is_transient
from storage.errors import describe as describe_error

logger = logging.getLogger(__name__)

STATUSES = ("added", "corrected", "duplicate", "failed")


@dataclass(frozen=True)
class ItemResult:
    """What happened to one article (or one input that could not be read)."""

    source: str  # the file, URL or feed entry
    status: str  # added, corrected, duplicate, failed
    article_id: int | None = None
    title: str | None = None
    reason: str | None = None  # why it failed (set only for failures)
    syndicated_of_id: int | None = None
    origin: str | None = None  # the input it came from (a folder, a feed), when different
    detail: str | None = None  # for a duplicate: what it duplicates
    notes: tuple[str, ...] = ()  # what reading repaired (replaced bytes)

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "status": self.status,
            "article_id": self.article_id,
            "title": self.title,
            "reason": self.reason,
            "syndicated_of_id": self.syndicated_of_id,
            "origin": self.origin,
            "detail": self.detail,
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class IngestReport:
    """Every item of a batch; ``ok`` is true when nothing failed."""

    items: tuple[ItemResult, ...] = field(default_factory=tuple)
    not_modified: tuple[str, ...] = ()  # feeds that answered 304 Not Modified

    def count(self, status: str) -> int:
        return sum(1 for item in self.items if item.status == status)

    @property
    def added(self) -> int:
        return self.count("added")

    @property
    def corrected(self) -> int:
        return self.count("corrected")

    @property
    def duplicates(self) -> int:
        return self.count("duplicate")

    @property
    def failed(self) -> tuple[ItemResult, ...]:
        return tuple(item for item in self.items if item.status == "failed")

    @property
    def syndicated(self) -> int:
        return sum(
            1 for item in self.items if item.status in ("added", "corrected") and item.syndicated_of_id
        )

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        """One line for people: 'added 3, duplicates 1, corrected 0, skipped 1'."""
        parts = [
            f"added {self.added}",
            f"duplicates {self.duplicates}",
            f"corrected {self.corrected}",
            f"skipped {len(self.failed)}",
        ]
        if self.syndicated:
            parts.append(f"syndicated copies linked {self.syndicated}")
        repaired = sum(1 for item in self.items if item.notes and item.status != "failed")
        if repaired:
            parts.append(f"repaired {repaired} (invalid bytes replaced)")
        if self.not_modified:
            parts.append(f"feeds unchanged {len(self.not_modified)}")
        return ", ".join(parts)

    def to_json(self) -> dict[str, Any]:
        """The report as one JSON-ready object (the shape of `briefing ingest --json`)."""
        return {
            "ok": self.ok,
            "added": self.added,
            "corrected": self.corrected,
            "duplicates": self.duplicates,
            "syndicated": self.syndicated,
            "failed": len(self.failed),
            "not_modified": list(self.not_modified),
            "items": [item.to_json() for item in self.items],
        }


# Called after each item with (item, items done so far, items known so far); the total grows with feeds.
Progress = Callable[[ItemResult, int, int], None]


class _Recorder:
    """Collects results and tells the progress callback."""

    def __init__(self, total: int, progress: Progress | None) -> None:
        self.items: list[ItemResult] = []
        self.total = total
        self.not_modified: list[str] = []
        self._progress = progress

    def grow(self, extra: int) -> None:
        self.total += extra

    def add(self, item: ItemResult) -> None:
        self.items.append(item)
        if item.status == "failed":
            logger.debug("%s: %s", item.source, item.reason)
        if self._progress is not None:
            self._progress(item, len(self.items), max(self.total, len(self.items)))

    def report(self) -> IngestReport:
        return IngestReport(tuple(self.items), tuple(self.not_modified))


BATCH_ARTICLES = 20  # articles per writer's transaction: a commit and a lock turn shared by 20
BATCH_SECONDS = 10.0  # ...and a batch waits no longer than this for more articles before it is stored


def store_one(db: Database, doc: CleanDocument, *, extract: bool, origin: str | None = None) -> ItemResult:
    """Store one document in its own writer's transaction: all of it or, on any error, nothing."""
    return store_batch(db, [(doc, origin)], extract=extract)[0]


def store_batch(
    db: Database, pending: Sequence[tuple[CleanDocument, str | None]], *, extract: bool
) -> list[ItemResult]:
    """Store documents in one writer's transaction, each in a savepoint of its own, so one that fails
    is rolled back alone and the others are stored.

    Writers take turns (``Database.write``), so concurrent ingests store an article once; a batch that
    lost a deadlock or a serialisation conflict anyway is run again, and one whose commit failed is
    stored again an article at a time, so that the failure is told of the article that caused it.
    """

    interrupted: list[KeyboardInterrupt] = []

    def work(session: Session) -> list[ItemResult]:
        interrupted.clear()
        items = []
        for doc, origin in pending:
            try:
                items.append(_store_in_savepoint(session, doc, extract=extract, origin=origin))
            except KeyboardInterrupt as stop:  # Ctrl-C: the articles finished so far are committed
                interrupted.append(stop)
                break
        return items

    if not pending:
        return []
    try:
        items = db.write(work, what=f"storing {pending[0][0].source} and {len(pending) - 1} more")
    except Exception as exc:  # the transaction itself failed: each article alone, or this one's reason
        if len(pending) > 1:
            return [item for one in pending for item in store_batch(db, [one], extract=extract)]
        logger.exception("storing %s failed", pending[0][0].source)
        return [_failed(pending[0][0], exc)]
    if interrupted:
        raise interrupted[0]
    return items


def _store_in_savepoint(
    session: Session, doc: CleanDocument, *, extract: bool, origin: str | None
) -> ItemResult:
    """Store one document of a batch; on an error only its savepoint is rolled back."""
    try:
        with session.begin_nested():
            result = store_document(session, doc, extract=extract)
    except BaseException as exc:
        # Rows it loaded may name ids the rollback freed, which the next article can be given again.
        session.expunge_all()
        session.info.clear()
        if isinstance(exc, IngestError):
            return ItemResult(doc.source, "failed", reason=exc.reason, origin=origin)
        if not isinstance(exc, Exception) or is_transient(exc):
            raise  # Ctrl-C, or the whole batch lost to another writer (it is run again)
        logger.exception("storing %s failed", doc.source)  # a database or extraction error
        return _failed(doc, exc)
    return _stored(doc, result, origin)


def _failed(doc: CleanDocument, exc: BaseException) -> ItemResult:
    return ItemResult(doc.source, "failed", reason=f"could not store it: {describe_error(exc)}")


def _stored(doc: CleanDocument, result: StoreResult, origin: str | None) -> ItemResult:
    """The item of a stored document: added, corrected or a duplicate, with what it repeats."""
    detail = None
    if result.status == "duplicate":
        detail = f"already stored as article #{result.article_id}"
    elif result.status == "corrected":
        detail = f"new version of article #{result.previous_id}"
    return ItemResult(
        doc.source,
        result.status,
        result.article_id,
        result.title,
        syndicated_of_id=result.syndicated_of_id,
        origin=origin if origin != doc.source else None,
        detail=detail,
        notes=doc.notes,
    )


class _Batcher:
    """Documents waiting to be stored together; results reach the recorder in input order."""

    def __init__(self, db: Database, recorder: _Recorder, *, extract: bool) -> None:
        self._db, self._recorder, self._extract = db, recorder, extract
        self._pending: list[tuple[CleanDocument, str | None]] = []
        self._since = 0.0

    def add(self, doc: CleanDocument, origin: str | None) -> None:
        if not self._pending:
            self._since = time.monotonic()
        self._pending.append((doc, origin))
        if len(self._pending) >= BATCH_ARTICLES or time.monotonic() - self._since >= BATCH_SECONDS:
            self.flush()

    def record(self, item: ItemResult) -> None:
        """An item that is not stored (a failure to read, a known entry), after those before it."""
        self.flush()
        self._recorder.add(item)

    def flush(self) -> list[ItemResult]:
        items = store_batch(self._db, self._pending, extract=self._extract)
        self._pending = []
        for item in items:
            self._recorder.add(item)
        return items


def _failure(source: str, exc: IngestError, origin: str | None = None) -> ItemResult:
    return ItemResult(exc.source or source, "failed", reason=exc.reason, origin=origin)


def ingest_inputs(
    db: Database,
    inputs: Sequence[str],
    *,
    extract: bool = True,
    progress: Progress | None = None,
    settings: Settings | None = None,
    client: httpx.Client | None = None,
) -> IngestReport:
    """Ingest files, folders, page URLs and feed URLs; up to 20 articles a transaction.

    A bad input becomes a failed item naming it and why; the rest of the batch goes on.
    """
    settings = settings or get_settings()
    jobs = expand_inputs(inputs)
    recorder = _Recorder(len(jobs), progress)
    batch = _Batcher(db, recorder, extract=extract)
    with _client(client, settings, needed=any(isinstance(j, Job) and j.is_url for j in jobs)) as http:
        for job in jobs:
            if isinstance(job, IngestError):
                batch.record(_failure(job.source, job))
                continue
            origin = job.origin if job.origin != job.target else None
            for outcome in _documents(job, http, settings, recorder, db):
                if isinstance(outcome, IngestError):
                    batch.record(_failure(job.target, outcome, origin))
                elif isinstance(outcome, KnownEntry):
                    batch.record(_known(outcome.label, job.target))
                else:
                    batch.add(outcome, origin or job.origin)
        batch.flush()
    return recorder.report()


def _documents(
    job: Job, http: httpx.Client | None, settings: Settings, recorder: _Recorder, db: Database
) -> Iterator[CleanDocument | IngestError | KnownEntry]:
    """The documents one job yields (a feed URL yields several), errors as values."""
    try:
        if not job.is_url:
            yield read_file(Path(job.target), settings=settings)
            return
        assert http is not None  # a client is opened whenever a job is a URL
        first = True
        for outcome in read_url(http, job.target, settings=settings, is_known=lambda e: known_entry(db, e)):
            if not first:
                recorder.grow(1)  # a feed: each entry beyond the first is one more item
            first = False
            yield outcome
    except IngestError as exc:
        yield exc


@contextlib.contextmanager
def _client(given: httpx.Client | None, settings: Settings, *, needed: bool) -> Iterator[httpx.Client | None]:
    if given is not None or not needed:
        yield given
        return
    with make_client(settings.fetch_timeout) as client:
        yield client


def poll_feeds(
    db: Database,
    *,
    feed_ids: Sequence[int] | None = None,
    extract: bool = True,
    progress: Progress | None = None,
    settings: Settings | None = None,
    client: httpx.Client | None = None,
) -> IngestReport:
    """Poll followed feeds (all, or ``feed_ids``): conditional GET, GUID/URL dedupe, new entries stored."""
    settings = settings or get_settings()
    with db.session() as session:
        feeds = [f for f in feed_store.list_feeds(session) if feed_ids is None or f.id in feed_ids]
    recorder = _Recorder(len(feeds), progress)
    with _client(client, settings, needed=bool(feeds)) as http:
        assert http is not None or not feeds
        for feed in feeds:
            assert http is not None
            _poll_one(db, http, feed, extract=extract, settings=settings, recorder=recorder)
    return recorder.report()


def _poll_one(
    db: Database,
    http: httpx.Client,
    feed: feed_store.FeedInfo,
    *,
    extract: bool,
    settings: Settings,
    recorder: _Recorder,
) -> None:
    try:
        fetched = fetch(
            http,
            feed.url,
            max_bytes=settings.max_file_bytes,
            etag=feed.etag,
            last_modified=feed.last_modified,
            deadline=settings.fetch_deadline_seconds,
        )
        if fetched.not_modified:
            recorder.not_modified.append(feed.url)
            recorder.grow(-1)
            _record(db, feed.id, error=None)
            return
        parsed = parse_feed(fetched.body, feed.url)
    except IngestError as exc:
        recorder.add(_failure(feed.url, exc))
        _record(db, feed.id, error=exc.reason)
        return
    recorder.grow(len(parsed.entries) - 1)
    failures = 0
    outlet = feed.outlet or feed.title or parsed.title
    entries = feed_documents(
        http, parsed, settings=settings, outlet=outlet, feed_id=feed.id, is_known=lambda e: known_entry(db, e)
    )
    batch = _Batcher(db, recorder, extract=extract)
    for entry, outcome in entries:
        if outcome is None:
            batch.record(_known(entry.label, feed.url))
        elif isinstance(outcome, IngestError):
            failures += 1
            batch.record(_failure(entry.label, outcome, feed.url))
        else:
            batch.add(outcome, feed.url)
    failures += sum(item.status == "failed" for item in batch.flush())
    error = f"{failures} entries failed" if failures else None
    _record(db, feed.id, error=error, etag=fetched.etag, last_modified=fetched.last_modified, validators=True)


def _known(label: str, origin: str) -> ItemResult:
    """A feed entry skipped because its GUID or link is stored: a duplicate, not fetched again."""
    return ItemResult(label, "duplicate", reason="already stored (same GUID or URL)", origin=origin)


def _record(
    db: Database,
    feed_id: int,
    *,
    error: str | None,
    etag: str | None = None,
    last_modified: str | None = None,
    validators: bool = False,
) -> None:
    with db.session() as session:
        feed_store.record_poll(
            session,
            feed_id,
            etag=etag,
            last_modified=last_modified,
            error=error,
            update_validators=validators,
        )

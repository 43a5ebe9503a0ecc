"""Getting articles in: read files, folders, pages and feeds, clean them, store them in batches.

The public surface (the CLI, the Telegram /ingest command and the sample corpus call these):

- ``ingest_inputs(db, inputs, *, extract=True, progress=None, settings=None, client=None) -> IngestReport``
- ``poll_feeds(db, *, feed_ids=None, extract=True, progress=None, settings=None, client=None)``
- ``follow_feed``, ``unfollow_feed``, ``followed_feeds``, ``find_feed`` for the feed list;
- ``clean_text`` and ``store_document`` for callers that already hold text.
"""

from bot.ingest.clean import Hints, clean_text, derive_title
from bot.ingest.document import CleanDocument, Tweet
from bot.ingest.feeds import find_feed, follow_feed, followed_feeds, parse_feed, unfollow_feed
from bot.ingest.fetch import make_client
from bot.ingest.pipeline import IngestReport, ItemResult, Progress, ingest_inputs, poll_feeds, store_one
from bot.ingest.store import StoreResult, store_document

__all__ = [
    "CleanDocument",
    "Hints",
    "IngestReport",
    "ItemResult",
    "Progress",
    "StoreResult",
    "Tweet",
    "clean_text",
    "derive_title",
    "find_feed",
    "follow_feed",
    "followed_feeds",
    "ingest_inputs",
    "make_client",
    "parse_feed",
    "poll_feeds",
    "store_document",
    "store_one",
    "unfollow_feed",
]

"""The sample corpus shipped with the package: a few short articles about the Harem/Idlib operation.

Only the interactive path (terminal chat, `briefing run`) loads it, and only into an empty database;
`ingest` and `ask` never add it by themselves.
"""

from __future__ import annotations

import logging
from importlib import resources

from bot.config import Settings
from bot.ingest import IngestReport, ingest_inputs
from storage import Database
from storage.articles import has_articles

logger = logging.getLogger(__name__)

SAMPLE_PACKAGE = "bot.sample"
SAMPLE_FOLDER = "articles"


def sample_article_names() -> list[str]:
    """File names of the sample articles, in load order."""
    folder = resources.files(SAMPLE_PACKAGE) / SAMPLE_FOLDER
    return sorted(entry.name for entry in folder.iterdir() if entry.name.endswith(".txt"))


def load_sample_corpus(
    db: Database, *, extract: bool = True, settings: Settings | None = None
) -> IngestReport:
    """Ingest every sample article (already stored ones count as duplicates)."""
    with resources.as_file(resources.files(SAMPLE_PACKAGE) / SAMPLE_FOLDER) as folder:
        report = ingest_inputs(db, [str(folder)], extract=extract, settings=settings)
    logger.info("sample corpus: %d added, %d already stored", report.added, report.duplicates)
    return report


def load_if_empty(
    db: Database, *, extract: bool = True, settings: Settings | None = None
) -> IngestReport | None:
    """Load the sample corpus when no article is stored yet; None when the database already has articles."""
    with db.session() as session:
        if has_articles(session):
            return None
    return load_sample_corpus(db, extract=extract, settings=settings)


__all__ = ["load_if_empty", "load_sample_corpus", "sample_article_names"]

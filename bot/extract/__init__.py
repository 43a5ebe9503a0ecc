"""Entities, attributed claims and claim groups, extracted from stored articles."""

from __future__ import annotations

from sqlalchemy.orm import Session

from storage.models import Article


def extract_article(session: Session, article: Article) -> None:
    """Extract entities and claims from one stored article and join them to existing groups."""
    # Filled in by the extraction work (issue 4); ingest calls this inside the article's transaction.
    return None

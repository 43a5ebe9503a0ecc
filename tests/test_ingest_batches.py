"""Ingest in batches: one writer's transaction per batch, a savepoint per article, nothing else lost."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, insert, select

from bot.config import load_settings
from bot.ingest import ingest_inputs, pipeline
from storage import Database
from storage.models import Article, Claim, Mention, Sentence


def _corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(Path(__file__).resolve().parents[1] / "bot" / "sample" / "articles", folder)
    return folder


def _breaking(bad_name: str) -> Any:
    """An extraction that stores a mention of no entity (a foreign-key violation) for one article."""
    from bot.extract import extract_article as real

    def extract(session: Any, article: Article, **kwargs: Any) -> Any:
        stats = real(session, article, **kwargs)
        if article.source.endswith(bad_name):
            row = {"entity_id": 10**9, "article_id": article.id, "start_offset": 0, "end_offset": 1}
            session.execute(insert(Mention).values(**row, surface="x"))
        return stats

    return extract


def test_a_bad_article_in_a_batch_loses_nothing_else(
    tmp_path: Path, any_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _corpus(tmp_path)
    names = sorted(p.name for p in folder.iterdir())
    bad = names[3]
    monkeypatch.setattr("bot.extract.extract_article", _breaking(bad))
    report = ingest_inputs(any_db, [str(folder)], settings=load_settings())
    assert [item.source.endswith(bad) for item in report.failed] == [True]
    reason = report.failed[0].reason or ""
    assert reason.startswith("could not store it") and "INSERT" not in reason
    assert report.added == len(names) - 1
    with any_db.session() as session:
        stored = session.scalars(select(Article.source)).all()
        assert sorted(Path(s).name for s in stored) == [n for n in names if n != bad]
        ids = set(session.scalars(select(Article.id)))
        assert set(session.scalars(select(Sentence.article_id).distinct())) <= ids
        assert set(session.scalars(select(Claim.article_id).distinct())) <= ids
        assert session.scalar(select(func.count()).select_from(Claim)) > 0


def test_articles_are_stored_a_batch_a_transaction(
    tmp_path: Path, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _corpus(tmp_path)
    writes: list[str] = []
    real_write = Database.write

    def counted(self: Database, work: Any, *, what: str) -> Any:
        writes.append(what)
        return real_write(self, work, what=what)

    monkeypatch.setattr(Database, "write", counted)
    monkeypatch.setattr(pipeline, "BATCH_ARTICLES", 4)
    report = ingest_inputs(db, [str(folder)], extract=False, settings=load_settings())
    count = len(list(folder.iterdir()))
    assert report.added == count and len(writes) == -(-count // 4)
    assert [Path(item.source).name for item in report.items] == sorted(p.name for p in folder.iterdir())


def test_a_batch_waits_no_longer_than_its_time_limit(
    tmp_path: Path, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _corpus(tmp_path)
    writes: list[str] = []
    real_write = Database.write
    monkeypatch.setattr(
        Database,
        "write",
        lambda self, work, *, what: writes.append(what) or real_write(self, work, what=what),
    )
    monkeypatch.setattr(pipeline, "BATCH_SECONDS", 0.0)
    report = ingest_inputs(db, [str(folder)], extract=False, settings=load_settings())
    assert len(writes) == report.added == len(list(folder.iterdir()))


def test_a_failed_read_keeps_its_place_among_the_stored(tmp_path: Path, db: Database) -> None:
    folder = _corpus(tmp_path)
    (folder / "05_empty.txt").write_text("", encoding="utf-8")
    report = ingest_inputs(db, [str(folder)], extract=False, settings=load_settings())
    assert [Path(item.source).name for item in report.items] == sorted(p.name for p in folder.iterdir())
    assert [Path(item.source).name for item in report.failed] == ["05_empty.txt"]

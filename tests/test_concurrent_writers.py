"""Concurrent writers, as real processes: several `briefing ingest` at once, and ingest and ask during a
`reindex`, on SQLite and PostgreSQL. Every article is stored exactly once, none is lost, every process
exits 0, no entity key is duplicated and the counters agree with the rows they count.

The articles are generated here: small invented reports in Arabic and English, many naming the same
people and bodies so that concurrent extractions race to create the same entities and index terms.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from storage import Database, open_database
from storage.models import Article, Entity, Mention, Term, TermStat

BRIEFING = [str(Path(sys.executable).with_name("briefing"))]

# Invented names: none of them belongs to a real story.
PEOPLE_AR = ["سليم ناصيف", "رنا قبلان", "فادي زعرور", "هالة دبوسي", "مروان شحادي", "نجوى عيتاني"]
PEOPLE_EN = ["Tarek Halloum", "Mira Soubhi", "Karim Ezzeddin", "Lina Barbari", "Omar Qassouf"]
BODIES_AR = ["هيئة المياه الوطنية", "نقابة الصيادين", "بلدية وادي الريحان", "مجلس التلال الشرقية"]
BODIES_EN = ["the River Authority", "the Fishers' Union", "the Hill Council", "the Valley Water Board"]
PLACES_AR = ["وادي الريحان", "تل السنديان", "قرية الخروب", "سهل البلوط"]
PLACES_EN = ["Rihan Valley", "Sindian Hill", "Kharroub village", "Ballout plain"]
OUTLETS = ["Valley Courier", "Hill Post", "صوت السهل", "Morning Ledger"]
TOPICS_AR = ["ضخ المياه", "إصلاح الجسر", "توزيع الخبز", "فتح المدرسة", "موسم الصيد", "إنارة الشوارع"]
TOPICS_EN = ["pumping water", "repairing the bridge", "handing out bread", "reopening the school"]


def _arabic(n: int) -> str:
    who, other = PEOPLE_AR[n % len(PEOPLE_AR)], PEOPLE_AR[(n * 5 + 1) % len(PEOPLE_AR)]
    body, place = BODIES_AR[n % len(BODIES_AR)], PLACES_AR[(n // 2) % len(PLACES_AR)]
    topic = TOPICS_AR[n % len(TOPICS_AR)]
    return (
        f"{body} تعلن خطة {topic} في {place} رقم {n}\n\n"
        f"قال {who}، المتحدث باسم {body}، إن أعمال {topic} في {place} ستبدأ خلال {n + 2} أيام.\n"
        f"وأكد {other} أن {n * 3 + 7} عائلة في {place} تنتظر {topic} منذ أسابيع.\n"
        f"ونفى {who} أن تكون {body} قد أوقفت {topic} في المرحلة {n}.\n"
    )


def _english(n: int) -> str:
    who, other = PEOPLE_EN[n % len(PEOPLE_EN)], PEOPLE_EN[(n * 3 + 2) % len(PEOPLE_EN)]
    body, place = BODIES_EN[n % len(BODIES_EN)], PLACES_EN[(n // 3) % len(PLACES_EN)]
    topic = TOPICS_EN[n % len(TOPICS_EN)]
    return (
        f"{body.removeprefix('the ').title()} plans {topic} in {place}, phase {n}\n\n"
        f"{who}, a spokesman for {body}, said {topic} in {place} would start within {n + 2} days.\n"
        f"{other} said {n * 4 + 11} families in {place} had waited weeks for {topic}.\n"
        f"{who} denied that {body} had halted {topic} in phase {n}.\n"
    )


def _html(text: str, outlet: str) -> str:
    title, _, body = text.partition("\n\n")
    paragraphs = "".join(f"<p>{line}</p>" for line in body.splitlines() if line)
    return (
        f'<html><head><meta property="og:site_name" content="{outlet}"><title>{title}</title></head>'
        f"<body><article><h1>{title}</h1>{paragraphs}</article></body></html>"
    )


def write_articles(folder: Path, numbers: range) -> list[Path]:
    """One file per number: Arabic and English in turn, every third one a page naming its outlet."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in numbers:
        text = _arabic(n) if n % 2 == 0 else _english(n)
        if n % 3 == 0:
            path = folder / f"article-{n:03d}.html"
            path.write_text(_html(text, OUTLETS[n % len(OUTLETS)]), encoding="utf-8")
        else:
            path = folder / f"article-{n:03d}.txt"
            path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def _env(url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_")}
    env.update({"BRIEFING_DATABASE_URL": url, "BRIEFING_LOG_LEVEL": "WARNING", **extra})
    return env


def start(url: str, *args: str, cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*BRIEFING, *args],
        cwd=cwd,
        env=_env(url),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str], timeout: float = 120) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out, err


@pytest.fixture
def database(any_db_url: str) -> Iterator[tuple[str, Database]]:
    """The schema made once, before the writers start (as `briefing db upgrade` would)."""
    db = open_database(any_db_url)
    yield any_db_url, db
    db.dispose()


def assert_consistent(db: Database, expected_articles: int) -> None:
    """Each article once, no entity twice, and every counter equal to a count of its rows."""
    with db.session() as session:
        articles = int(session.scalar(select(func.count(Article.id))) or 0)
        copies = session.execute(
            select(Article.content_hash, Article.outlet_id, func.count())
            .group_by(Article.content_hash, Article.outlet_id)
            .having(func.count() > 1)
        ).all()
        twice = session.execute(
            select(Entity.kind, Entity.key, func.count())
            .group_by(Entity.kind, Entity.key)
            .having(func.count() > 1)
        ).all()
        mentions = select(Mention.entity_id, func.count().label("n")).group_by(Mention.entity_id).subquery()
        wrong_mentions = session.execute(
            select(Entity.id, Entity.mention_count, mentions.c.n)
            .outerjoin(mentions, mentions.c.entity_id == Entity.id)
            .where(Entity.mention_count != func.coalesce(mentions.c.n, 0))
        ).all()
        carried = (
            select(Term.term, Term.target_kind, func.count(func.distinct(Term.target_id)).label("n"))
            .group_by(Term.term, Term.target_kind)
            .subquery()
        )
        wrong_stats = session.execute(
            select(carried.c.term, carried.c.target_kind, carried.c.n, TermStat.count)
            .outerjoin(
                TermStat,
                (TermStat.term == carried.c.term) & (TermStat.target_kind == carried.c.target_kind),
            )
            .where(func.coalesce(TermStat.count, -1) != carried.c.n)
            .limit(10)
        ).all()
    assert articles == expected_articles, f"{articles} articles stored for {expected_articles}"
    assert not copies, f"stored twice: {copies[:5]}"
    assert not twice, f"duplicated entity keys: {twice[:10]}"
    assert not wrong_mentions, f"mention counts off: {wrong_mentions[:10]}"
    assert not wrong_stats, f"term counts off: {wrong_stats}"


def run_together(url: str, folders: list[Path], cwd: Path) -> None:
    processes = [start(url, "ingest", str(folder), cwd=cwd) for folder in folders]
    results = [finish(p) for p in processes]
    for code, out, err in results:
        assert code == 0, f"exit {code}\n{out[-2000:]}\n{err[-4000:]}"


@pytest.mark.parametrize("writers", [2, 4])
def test_concurrent_ingests_of_the_same_folder_store_each_article_once(
    database: tuple[str, Database], tmp_path: Path, writers: int
) -> None:
    url, db = database
    folder = tmp_path / "articles"
    files = write_articles(folder, range(40 if writers == 2 else 28))
    run_together(url, [folder] * writers, tmp_path)
    assert_consistent(db, len(files))


@pytest.mark.parametrize("writers", [2, 4])
def test_concurrent_ingests_of_different_folders_lose_nothing(
    database: tuple[str, Database], tmp_path: Path, writers: int
) -> None:
    url, db = database
    per_folder = 24 if writers == 2 else 12
    folders = [tmp_path / f"folder-{i}" for i in range(writers)]
    for i, folder in enumerate(folders):
        write_articles(folder, range(i * per_folder, (i + 1) * per_folder))
    run_together(url, folders, tmp_path)
    assert_consistent(db, writers * per_folder)


REINDEXED = 160  # enough that a reindex in one transaction holds the write lock for many seconds


def test_an_ingest_and_a_question_during_a_reindex_both_succeed(
    database: tuple[str, Database], tmp_path: Path
) -> None:
    url, db = database
    stored = tmp_path / "stored"
    write_articles(stored, range(REINDEXED))
    code, _out, err = finish(start(url, "ingest", "--no-extract", str(stored), cwd=tmp_path))
    assert code == 0, err
    fresh = tmp_path / "fresh"
    write_articles(fresh, range(REINDEXED, REINDEXED + 3))

    reindex = start(url, "reindex", cwd=tmp_path)
    time.sleep(4)  # past start-up and into the rebuild
    assert reindex.poll() is None, "the reindex ended before the writers started: make it longer"
    ingest = start(url, "ingest", str(fresh), cwd=tmp_path)
    question = start(url, "ask", "--json", "What did Tarek Halloum say?", cwd=tmp_path)
    for name, process in (("ingest", ingest), ("ask", question), ("reindex", reindex)):
        code, out, err = finish(process)
        assert code == 0, f"{name} exited {code}\n{out[-2000:]}\n{err[-4000:]}"
        if name == "ask":
            assert '"error"' not in out or '"error": null' in out, out
    assert_consistent(db, REINDEXED + 3)

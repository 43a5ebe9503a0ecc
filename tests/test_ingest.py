"""`briefing ingest` end to end: encodings, bad inputs, dedupe, corrections, syndication, seeds, sample."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from bot.cli import app
from bot.config import get_settings, load_settings
from bot.errors import IngestError
from bot.ingest import CleanDocument, clean_text, ingest_inputs, store_document
from bot.ingest.decode import decode_bytes
from bot.sample import load_if_empty, load_sample_corpus, sample_article_names
from bot.text import normalise, squash
from storage import Database, open_database
from storage.models import Article, ArticleShingle, Outlet, Sentence
from tests.conftest import SEEDS, needs_seeds

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
TEXT_FIXTURES = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".txt", ".md"))
runner = CliRunner()

ARTICLE = (
    "اجتماع لوجهاء حارم لبحث مصير العائلات\n\n"
    "عقد وجهاء من مدينة حارم اجتماعاً مساء الثلاثاء لبحث أوضاع العائلات المقيمة قرب المخيم.\n"
    "وقال أحد الحاضرين إن الاجتماع خلص إلى تشكيل لجنة للتواصل مع الطرفين.\n"
)


def articles(db: Database) -> list[Article]:
    with db.session() as session:
        return list(session.scalars(select(Article).order_by(Article.id)))


def count(db: Database, model: type) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def cli(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def configured_db() -> Database:
    return open_database(get_settings().database_url)


def assert_spans_verbatim(db: Database, raw_by_source: dict[str, str]) -> None:
    """Every stored sentence span, cut from the stored text, is a substring of the raw input file."""
    with db.session() as session:
        for article in session.scalars(select(Article)):
            raw = squash(raw_by_source[article.source])
            for sentence in article.sentences:
                quote = article.text[sentence.start_offset : sentence.end_offset]
                assert squash(quote) in raw, (article.source, quote)


# --- encodings ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1256"])
def test_encodings_are_detected(tmp_path: Path, db: Database, encoding: str) -> None:
    path = tmp_path / f"article-{encoding}.txt"
    path.write_bytes(ARTICLE.encode(encoding))
    report = ingest_inputs(db, [str(path)], extract=False, settings=load_settings())
    assert report.added == 1, report.to_json()
    (stored,) = articles(db)
    assert stored.title == "اجتماع لوجهاء حارم لبحث مصير العائلات"
    assert stored.text == ARTICLE.strip()
    assert not stored.text.startswith("\ufeff")


def test_windows_1256_is_detected_not_guessed() -> None:
    text, encoding = decode_bytes(ARTICLE.encode("cp1256"), "legacy.txt")
    assert encoding == "cp1256"
    assert text == ARTICLE


def test_same_article_in_two_encodings_is_one_article(tmp_path: Path, db: Database) -> None:
    (tmp_path / "a.txt").write_bytes(ARTICLE.encode("utf-16"))
    (tmp_path / "b.txt").write_bytes(ARTICLE.encode("cp1256"))
    report = ingest_inputs(db, [str(tmp_path)], extract=False, settings=load_settings())
    assert (report.added, report.duplicates) == (1, 1)


def test_a_few_bad_bytes_in_utf8_are_replaced_and_reported(tmp_path: Path, db: Database) -> None:
    data = ARTICLE[:40].encode("utf-8") + b"\xff" + ARTICLE[40:].encode("utf-8")
    (tmp_path / "damaged.txt").write_bytes(data)
    report = ingest_inputs(db, [str(tmp_path / "damaged.txt")], extract=False, settings=load_settings())
    assert report.added == 1, report.to_json()
    assert report.items[0].notes == ("1 invalid UTF-8 bytes replaced",)
    assert "repaired 1" in report.summary()
    (stored,) = articles(db)
    assert stored.title == "اجتماع لوجهاء حارم لبحث مصير العائلات"


def test_text_that_is_mostly_not_utf8_is_still_refused() -> None:
    with pytest.raises(IngestError, match="unknown text encoding"):
        decode_bytes(bytes(range(128, 256)) * 20, "noise.txt")


def test_control_characters_are_stripped_the_same_on_every_database(tmp_path: Path, any_db: Database) -> None:
    (tmp_path / "nul.txt").write_bytes(ARTICLE.replace("حارم", "حا\x00رم\x07", 1).encode("utf-8"))
    report = ingest_inputs(any_db, [str(tmp_path / "nul.txt")], extract=False, settings=load_settings())
    assert report.added == 1, report.to_json()
    (stored,) = articles(any_db)
    assert "\x00" not in stored.text and "\x07" not in stored.text
    assert stored.text == ARTICLE.strip()


# --- bad inputs -----------------------------------------------------------------------------------------


def test_bad_inputs_are_reported_and_the_rest_of_the_batch_is_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFING_MAX_FILE_BYTES", "4000")
    get_settings.cache_clear()
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.txt"
    blank.write_text("  \n\n \t\n", encoding="utf-8")
    big = tmp_path / "big.txt"
    big.write_text(ARTICLE * 40, encoding="utf-8")
    furniture = tmp_path / "furniture.txt"
    furniture.write_text("اترك رد\n\nلن يتم نشر عنوان بريدك الإلكتروني.\n", encoding="utf-8")
    script = tmp_path / "app.html"
    shutil.copy(FIXTURES / "script_heavy.html", script)
    script.write_bytes(script.read_bytes()[:3900])  # under the test's size limit, still all script
    script.write_text(script.read_text() + "</script></head><body></body></html>")
    missing = tmp_path / "missing.txt"

    code, out, err = cli(
        "ingest",
        str(missing),
        str(binary),
        str(empty),
        str(blank),
        str(big),
        str(furniture),
        str(script),
        str(good),
    )

    assert code == 2
    reasons = {
        line.split(": ", 1)[0].removeprefix("skipped "): line.split(": ", 1)[1] for line in err.splitlines()
    }
    assert reasons[str(missing)] == "no such file"
    assert reasons[str(binary)].startswith("binary file")
    assert reasons[str(empty)] == "empty file"
    assert reasons[str(blank)].startswith("empty file")
    assert "over the 4,000-byte limit (BRIEFING_MAX_FILE_BYTES)" in reasons[str(big)]
    assert "no article text left" in reasons[str(furniture)]
    assert reasons[str(script)].startswith("HTML is mostly script")
    assert "added 1" in out and "skipped 7" in out
    stored = articles(configured_db())
    assert [a.source for a in stored] == [str(good)]


def test_json_output_for_scripts(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    code, out, _ = cli("ingest", "--json", "--no-extract", str(good), str(tmp_path / "nope.txt"))
    assert code == 2
    payload = json.loads(out)
    assert payload["ok"] is False
    assert (payload["added"], payload["failed"]) == (1, 1)
    failed = next(item for item in payload["items"] if item["status"] == "failed")
    assert failed == {**failed, "source": str(tmp_path / "nope.txt"), "reason": "no such file"}

    code, out, _ = cli("ingest", "--json", "--no-extract", str(good))
    assert code == 0, "a known duplicate is not a failure"
    assert json.loads(out)["duplicates"] == 1


def test_folders_are_read_recursively(tmp_path: Path, db: Database) -> None:
    nested = tmp_path / "corpus" / "2025" / "october"
    nested.mkdir(parents=True)
    for path in TEXT_FIXTURES[:3]:
        shutil.copy(path, nested / path.name)
    shutil.copy(FIXTURES / "page.html", tmp_path / "corpus" / "page.html")
    (tmp_path / "corpus" / "notes.bin").write_bytes(b"\x00\x01")  # not an article type: not read
    report = ingest_inputs(db, [str(tmp_path / "corpus")], extract=False, settings=load_settings())
    assert report.ok, report.to_json()
    assert report.added == 4
    assert all(item.origin == str(tmp_path / "corpus") for item in report.items)


def test_an_interrupted_ingest_leaves_no_half_article(
    tmp_path: Path, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "1.txt", tmp_path / "2.txt"
    shutil.copy(FIXTURES / "tweets.txt", first)
    shutil.copy(FIXTURES / "en_dateline_source_line.txt", second)
    calls = []

    def interrupted_extraction(session: object, article: Article) -> None:
        calls.append(article.id)
        if len(calls) == 2:
            raise KeyboardInterrupt  # Ctrl-C after the second article's rows were flushed

    monkeypatch.setattr("bot.extract.extract_article", interrupted_extraction)
    with pytest.raises(KeyboardInterrupt):
        ingest_inputs(db, [str(first), str(second)], extract=True, settings=load_settings())
    stored = articles(db)
    assert [a.source for a in stored] == [str(first)]
    with db.session() as session:
        orphans = session.scalar(
            select(func.count()).select_from(Sentence).where(Sentence.article_id != stored[0].id)
        )
        assert orphans == 0


# --- dedupe, corrections, syndication (SQLite and PostgreSQL) -------------------------------------------


def doc(text: str, **fields: object) -> CleanDocument:
    base = clean_text(text, source=str(fields.pop("source", "x.txt")), tz=load_settings().tz)
    return replace(base, **fields)  # type: ignore[arg-type]


def test_same_content_twice_adds_nothing(any_db: Database) -> None:
    with any_db.session() as session:
        first = store_document(session, doc(ARTICLE), extract=False)
    with any_db.session() as session:
        again = store_document(session, doc(ARTICLE, source="copy.txt"), extract=False)
    assert (first.status, again.status, again.article_id) == ("added", "duplicate", first.article_id)
    assert count(any_db, Article) == 1


def test_changed_text_at_the_same_url_is_a_correction(any_db: Database) -> None:
    url = "https://news.example/harem-meeting"
    with any_db.session() as session:
        first = store_document(session, doc(ARTICLE, url=url), extract=False)
    with any_db.session() as session:
        same = store_document(session, doc(ARTICLE, url=url), extract=False)
    corrected_text = ARTICLE.replace("مساء الثلاثاء", "مساء الأربعاء")
    with any_db.session() as session:
        fixed = store_document(session, doc(corrected_text, url=url), extract=False)
    assert same.status == "duplicate"
    assert fixed.status == "corrected" and fixed.previous_id == first.article_id
    with any_db.session() as session:
        old, new = session.scalars(select(Article).order_by(Article.id)).all()
        assert (old.is_current, new.is_current, new.is_correction) == (False, True, True)
        assert new.previous_id == old.id
        assert "مساء الثلاثاء" in old.text, "the earlier version is kept as it was"
        assert new.syndicated_of_id is None


def test_syndicated_copies_link_to_the_first_copy(any_db: Database) -> None:
    body = (FIXTURES / "ar_dateline_prefix_credit.txt").read_text(encoding="utf-8")
    copy = body.replace("مرصد الشمال الإخباري/", "شبكة حارم اليوم/").replace(
        "انسحاب جزئي للقوات من محيط مخيم حارم بعد وساطة محلية", "القوات تنسحب جزئياً من محيط المخيم"
    )
    copy = copy.replace("وكالة الأنباء الإقليمية", "المصدر: وكالة أخرى")
    third = copy.replace("شبكة حارم اليوم/", "موقع ثالث/")
    with any_db.session() as session:
        first = store_document(session, doc(body, source="a.txt"), extract=False)
        second = store_document(session, doc(copy, source="b.txt"), extract=False)
        again = store_document(session, doc(third, source="c.txt"), extract=False)
        other = store_document(session, doc(ARTICLE, source="d.txt"), extract=False)
    assert first.syndicated_of_id is None
    assert second.status == "added" and second.syndicated_of_id == first.article_id
    assert again.syndicated_of_id == first.article_id, "copies of copies point at the first one"
    assert other.syndicated_of_id is None
    with any_db.session() as session:
        outlets = {a.id: a.outlet.name if a.outlet else None for a in session.scalars(select(Article))}
        assert outlets[first.article_id] == "مرصد الشمال الإخباري"
        assert outlets[second.article_id] == "شبكة حارم اليوم"
        assert session.scalar(select(func.count()).select_from(ArticleShingle)) > 0


def test_same_text_under_another_outlet_is_a_linked_copy_not_a_duplicate(any_db: Database) -> None:
    with any_db.session() as session:
        first = store_document(session, doc(ARTICLE, outlet="صوت إدلب"), extract=False)
        copy = store_document(session, doc(ARTICLE, outlet="عين حارم"), extract=False)
        same_outlet = store_document(session, doc(ARTICLE, outlet="صوت إدلب"), extract=False)
    assert copy.status == "added" and copy.syndicated_of_id == first.article_id
    assert same_outlet.status == "duplicate"
    with any_db.session() as session:
        assert session.scalar(select(func.count()).select_from(Outlet)) == 2


def test_sentences_keep_offsets_kinds_and_tweet_authors(any_db: Database) -> None:
    raw = (FIXTURES / "tweets.txt").read_text(encoding="utf-8")
    with any_db.session() as session:
        result = store_document(session, doc(raw, source="tweets.txt"), extract=False)
    with any_db.session() as session:
        article = session.get(Article, result.article_id)
        assert article is not None
        kinds = [s.kind for s in article.sentences]
        assert kinds[0] == "title"
        tweets = [s for s in article.sentences if s.kind == "tweet"]
        # Two tweets; the second is two sentences ("... الحصار.. عائلات ...").
        assert len({s.said_at for s in tweets}) == 2 and len(tweets) == 3
        assert all(s.author == "المرصد السوري لحقوق الإنسان (@syriahr)" for s in tweets)
        assert tweets[-1].said_at is not None and tweets[-1].said_at.tzinfo is not None
        assert normalise("الحصار") in tweets[1].normalised, "tatweel-split words are searchable"


def test_every_stored_span_of_the_fixtures_is_verbatim(tmp_path: Path, db: Database) -> None:
    report = ingest_inputs(db, [str(p) for p in TEXT_FIXTURES], extract=False, settings=load_settings())
    assert report.added == len(TEXT_FIXTURES)
    assert_spans_verbatim(db, {str(p): p.read_text(encoding="utf-8") for p in TEXT_FIXTURES})


# --- the seeds ------------------------------------------------------------------------------------------


@needs_seeds
def test_seeds_are_ingested_once_with_outlet_title_and_date() -> None:
    seeds = sorted(str(p) for p in SEEDS.glob("*.txt"))
    code, out, err = cli("ingest", "--no-extract", *seeds)
    assert code == 0, err
    assert "added 5" in out
    db = configured_db()
    by_name = {Path(a.source).name[:3]: a for a in articles(db)}
    assert len(by_name) == 5
    with db.session() as session:
        first = session.get(Article, by_name["000"].id)
        assert first is not None and first.outlet is not None and first.credited_outlet is not None
        assert first.outlet.name == "شبكة أخبار سوريا والعالم"
        assert first.credited_outlet.name == "روسيا اليوم"
    assert by_name["000"].published_at is not None
    assert by_name["000"].published_at.isoformat() == "2025-10-23T14:08:00+00:00"
    assert by_name["000"].title.startswith("إدلب: مقاتلون أجانب يدعون إلى النفير العام")
    assert by_name["000"].text.count("إدلب: مقاتلون أجانب يدعون") == 1
    assert by_name["001"].title.startswith("اشتباكات بين قوات دمشق ومقاتلين فرنسيين")
    assert by_name["002"].title_derived
    assert by_name["003"].title.startswith("تقرير: باريس تنفي طلب الهجوم")
    assert by_name["004"].title.startswith("استجابة لضغوط أوروبية وأمريكية")
    for article in by_name.values():
        for gone in (
            "اترك رد",
            "لن يتم نشر",
            "المزيد ايضا",
            "حساباتنا",
            "مشاركة المقال",
            "t.co/",
            "اقرأ أيضاً",
        ):
            assert gone not in article.text
    assert_spans_verbatim(
        db, {a.source: Path(a.source).read_text(encoding="utf-8") for a in by_name.values()}
    )

    code, out, _ = cli("ingest", "--no-extract", *seeds)
    assert code == 0
    assert "added 0, duplicates 5" in out
    assert len(articles(configured_db())) == 5


@needs_seeds
def test_seed_tweets_and_tatweel_are_searchable() -> None:
    seed = next(SEEDS.glob("004_*.txt"))
    db = configured_db()
    ingest_inputs(db, [str(seed)], extract=False, settings=load_settings())
    with db.session() as session:
        sentences = session.scalars(select(Sentence)).all()
        tweets = [s for s in sentences if s.kind == "tweet"]
        assert len(tweets) >= 2 and all(s.author and "syriahr" in s.author for s in tweets)
        assert any(normalise("الاشتباكات") in s.normalised for s in tweets)
        assert any(normalise("للمهاجرين") in s.normalised for s in tweets)


# --- the sample corpus ----------------------------------------------------------------------------------


def test_sample_corpus_loads_once_into_an_empty_database(db: Database) -> None:
    names = sample_article_names()
    assert 6 <= len(names) <= 10
    report = load_if_empty(db, extract=False, settings=load_settings())
    assert report is not None and report.ok
    assert report.added == len(names)
    assert report.syndicated >= 1, "the corpus shows a syndicated copy"
    stored = articles(db)
    assert sum(a.language == "en" for a in stored) >= 2
    assert load_if_empty(db, extract=False) is None, "a database with articles is left alone"
    assert load_sample_corpus(db, extract=False, settings=load_settings()).duplicates == len(names)


def test_ingest_never_loads_the_sample_corpus(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    cli("ingest", "--no-extract", str(good))
    assert len(articles(configured_db())) == 1


def test_missing_input_is_an_ingest_error_with_the_name() -> None:
    error = IngestError("/tmp/x.txt", "no such file")
    assert str(error) == "/tmp/x.txt: no such file"


def test_a_windows_1256_html_page_uses_its_declared_charset(tmp_path: Path, db: Database) -> None:
    html = (
        (FIXTURES / "page.html")
        .read_text(encoding="utf-8")
        .replace('charset="utf-8"', 'charset="windows-1256"')
    )
    path = tmp_path / "legacy.html"
    path.write_bytes(html.encode("cp1256"))
    report = ingest_inputs(db, [str(path)], extract=False, settings=load_settings())
    assert report.added == 1, report.to_json()
    (article,) = articles(db)
    assert article.title == "مجلس حارم المحلي يطالب بممر آمن للمدنيين"
    assert "عشرات العائلات ما زالت عالقة" in article.text

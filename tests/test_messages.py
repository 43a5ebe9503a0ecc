"""The message catalogue: both languages for every message, counted nouns that agree, and no stray words.

Words users read live in ``bot/messages.py``; a test below fails on an Arabic word written anywhere else
in bot/ or handlers/, apart from the language data the engine reads (lexicons, patterns).
"""

from __future__ import annotations

import ast
import unicodedata
from pathlib import Path

import pytest

from bot import messages
from bot.messages import MESSAGES, NOUNS, count, help_text, html_text, menu, placeholders, plural_category

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("number", "arabic", "english"),
    [
        (0, "0 مقال", "0 articles"),
        (1, "مقال واحد", "1 article"),
        (2, "مقالان", "2 articles"),
        (3, "3 مقالات", "3 articles"),
        (10, "10 مقالات", "10 articles"),
        (11, "11 مقالاً", "11 articles"),
        (99, "99 مقالاً", "99 articles"),
        (100, "100 مقال", "100 articles"),
        (101, "101 مقال", "101 articles"),
        (102, "102 مقال", "102 articles"),
        (103, "103 مقالات", "103 articles"),
        (111, "111 مقالاً", "111 articles"),
        (1000, "1000 مقال", "1000 articles"),
    ],
)
def test_counted_nouns_agree_with_their_number(number: int, arabic: str, english: str) -> None:
    assert count("ar", "article", number) == arabic
    assert count("en", "article", number) == english


@pytest.mark.parametrize(
    ("number", "category"),
    [
        *[(0, "zero"), (1, "one"), (2, "two"), (3, "few"), (10, "few"), (11, "many"), (99, "many")],
        *[(100, "other"), (101, "other"), (102, "other"), (103, "few"), (111, "many"), (200, "other")],
    ],
)
def test_arabic_plural_categories_follow_cldr(number: int, category: str) -> None:
    assert plural_category(number) == category


def test_feminine_nouns_and_compounds() -> None:
    assert count("ar", "follow", 1) == "متابعة واحدة"
    assert count("ar", "follow", 2) == "متابعتان"
    assert count("ar", "dispute", 1) == "موضع خلاف واحد"
    assert count("ar", "dispute", 4) == "4 مواضع خلاف"
    assert count("en", "dispute", 1) == "1 disputed point"
    assert count("en", "question", 2) == "2 questions"


def test_every_message_is_in_both_languages_with_the_same_placeholders() -> None:
    for key, message in MESSAGES.items():
        assert message.en.strip() and message.ar.strip(), key
        english, arabic = placeholders(message.en), placeholders(message.ar)
        assert english.keys() == arabic.keys(), key
        for spec in [*english.values(), *arabic.values()]:
            assert spec == "" or spec in NOUNS, f"{key}: unknown counted noun {spec!r}"


def test_templates_count_and_escape() -> None:
    assert html_text("en", "articles_count", count=1) == "1 article"
    assert html_text("ar", "articles_count", count=11) == "11 مقالاً"
    assert (
        html_text("en", "not_found_entity", name="<b>x</b>")
        == "I know nothing about <b>&lt;b&gt;x&lt;/b&gt;</b> yet."
    )
    assert messages.text("en", "following", names="a & b") == "You follow: a & b"
    assert messages.text("fr", "gone") == messages.text("en", "gone"), (
        "an unknown language falls back to English"
    )


def test_one_name_for_the_digest_and_one_word_for_disputed() -> None:
    arabic = "\n".join(m.ar for m in MESSAGES.values())
    assert "نشرة" not in arabic and "نشرتك" not in arabic, "the digest is الموجز"
    assert "محل خلاف" not in arabic and "نقاط خلاف" not in arabic and "نقطة خلاف" not in arabic
    assert MESSAGES["status_disputed"].ar == "موضع خلاف"


def test_menu_and_help_come_from_the_same_entries() -> None:
    for language in messages.LANGUAGES:
        entries = menu(language)
        shown = help_text(language, retention_days=30)
        assert [name for name, _ in entries][:3] == ["ask", "entity", "latest"]
        for name, description in entries:
            assert f"/{name}" in shown and description in shown
            assert 3 <= len(description) <= 256, "Telegram's limits for a command description"
    assert {"ingest", "feeds", "stats"} <= {name for name, _ in menu("en", operator=True)}
    assert "30 يوماً" in help_text("ar", retention_days=30)
    assert "7 days" in help_text("en", retention_days=7)


# --- no Arabic words outside the catalogue -----------------------------------------------------------------

# Where Arabic words may be written: the catalogue and the lexicon and gazetteer data.
CATALOGUE_AND_DATA = {"bot/messages.py", "bot/extract/lexicon.py", "bot/extract/gazetteer.py"}

# Language data written inline in code (patterns, stop words, month names), not messages: allowed for now,
# each to be moved into a lexicon module.
ALLOWED = {
    # to remove: question-parsing patterns; their home is a lexicon (bot/answer/lexicon.toml).
    "bot/answer/intent.py",
    # to remove: number and time-word patterns inside the ranker (owned by answer-quality work).
    "bot/answer/engine.py",
    # to remove: head words and kunya prefixes inside the matcher (owned by answer-quality work).
    "bot/answer/entities.py",
    # to remove: cleaning patterns (boilerplate phrases, bylines, month and day names, letter repairs).
    "bot/ingest/boilerplate.py",
    "bot/ingest/clean.py",
    "bot/ingest/dates.py",
    "bot/ingest/decode.py",
    # to remove: normalisation tables and stop words, the language core of every stage.
    "bot/text.py",
    "bot/terms.py",
}


# to remove: extraction patterns (reporting verbs, speakers, names, roles, clitics) across bot/extract/, which
# the answer-quality work is changing every day; their home is bot/extract/lexicon.py.
ALLOWED_FOLDERS = ("bot/extract/",)


def _is_arabic_letter(character: str) -> bool:
    return unicodedata.category(character) == "Lo" and unicodedata.name(character, "").startswith("ARABIC")


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def arabic_literals(source: str) -> list[tuple[int, str]]:
    """(line, text) of every string literal with an Arabic letter, docstrings aside."""
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and any(_is_arabic_letter(c) for c in node.value)
    ]


def _python_files() -> dict[str, Path]:
    return {
        path.relative_to(ROOT).as_posix(): path
        for package in ("bot", "handlers")
        for path in sorted((ROOT / package).rglob("*.py"))
    }


def test_no_arabic_words_outside_the_catalogue() -> None:
    stray = [
        f"{name}:{line}: {value[:60]!r}"
        for name, path in _python_files().items()
        if name not in CATALOGUE_AND_DATA | ALLOWED and not name.startswith(ALLOWED_FOLDERS)
        for line, value in arabic_literals(path.read_text())
    ]
    assert not stray, "Arabic words belong in bot/messages.py (or the lexicon data):\n" + "\n".join(stray)


def test_every_allowed_file_still_needs_it() -> None:
    files = _python_files()
    needless = sorted(
        name for name in ALLOWED if name not in files or not arabic_literals(files[name].read_text())
    )
    assert not needless, f"remove from ALLOWED, nothing Arabic is left there: {needless}"


def test_the_scan_sees_literals_but_not_docstrings_or_punctuation() -> None:
    source = '"""مثال: وثيقة."""\nX = "مقال"\nY = f"{X}، {X}"\nZ = "؟،"\n'
    assert [line for line, _ in arabic_literals(source)] == [2]


@pytest.mark.parametrize(
    ("speaker", "denies"),
    [
        ("وزارة الخارجية", "تنفي"),
        ("مصادر محلية", "تنفي"),
        ("المتحدثة باسم الهيئة", "تنفي"),
        ("والحكومة", "تنفي"),
        ("حمزة العلي", "ينفي"),
        ("مصدر أمني", "ينفي"),
        ("Coast Wire", "ينفي"),
    ],
)
def test_the_verb_agrees_with_an_arabic_speaker(speaker: str, denies: str) -> None:
    assert messages.stance_verb("ar", "denied", speaker) == denies
    assert messages.stance_verb("ar", "affirmed", speaker) == ("تقول" if denies == "تنفي" else "يقول")
    assert messages.stance_verb("en", "denied", speaker) == "denies"


def test_after_a_preposition_or_as_an_object_the_dual_takes_its_oblique_case() -> None:
    assert count("ar", "article.oblique", 2) == "مقالين"
    assert count("ar", "other_outlet.oblique", 2) == "موقعين آخرين"
    assert count("ar", "dispute.oblique", 2) == "موضعي خلاف"
    assert (
        count("ar", "article.oblique", 5) == "5 مقالات" and count("en", "article.oblique", 2) == "2 articles"
    )
    assert messages.text("ar", "entity_kind", kind="شخص", articles=2) == "شخص، ورد في مقالين"
    assert "من موقعين" in messages.text(
        "ar", "start", articles=9, outlets=2, entities=3, claims=4, disputed=1
    )
    assert messages.text("ar", "status_corroborated", count=2) == "مؤكَّد في موقعين"
    assert messages.text("ar", "status_corroborated", count=11) == "مؤكَّد في 11 موقعاً"
    done = messages.text("ar", "forgotten", questions=2, follows=1, subscriptions=20)
    assert "حذفت سؤالين ومتابعة واحدة و20 اشتراكاً" in done
    assert messages.text("en", "forgotten", questions=1, follows=1, subscriptions=1).startswith(
        "Done. I deleted 1 question, 1 follow and 1 subscription"
    )


@pytest.mark.parametrize(
    ("speaker", "says", "denies"),
    [
        ("مهندسون جيولوجيون", "يقولون", "ينفون"),
        ("أطباء", "يقولون", "ينفون"),
        ("المسؤولون", "يقولون", "ينفون"),
    ],
)
def test_people_in_the_plural_take_a_plural_verb(speaker: str, says: str, denies: str) -> None:
    assert messages.stance_verb("ar", "affirmed", speaker) == says
    assert messages.stance_verb("ar", "denied", speaker) == denies
    assert messages.stance_verb("ar", "affirmed", "مصادر محلية") == "تقول"  # a plural of things
    assert messages.stance_verb("ar", "affirmed", "ليمون") == "يقول"  # too short to be a plural

"""`briefing ask --json -`: exactly one flushed JSON line per input line, in order; logs stay on stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bot.bidi import mixed_lines
from bot.ingest.document import CleanDocument
from bot.ingest.store import store_document
from storage import open_database

SENTENCE = "قال العميد سامر الخطيب إن القوات طوقت المخيم بالكامل بعد شكاوى السكان."


def _briefing(args: list[str], url: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, BRIEFING_DATABASE_URL=url, BRIEFING_LOG_LEVEL="DEBUG")
    cmd = [sys.executable, "-c", "from bot.cli import main; main()", *args]
    return subprocess.run(cmd, env=env, input=stdin, capture_output=True, text=True, timeout=120)


def _seed(url: str) -> None:
    database = open_database(url)
    with database.session() as session:
        store_document(
            session,
            CleanDocument(
                source="a.txt",
                outlet="وكالة الشمال",
                title="تطويق المخيم",
                language="ar",
                text="تطويق المخيم\n" + SENTENCE,
            ),
        )
    database.dispose()


def test_json_lines_one_per_input_in_order(sqlite_url: str) -> None:
    _seed(sqlite_url)
    questions = [
        "من هو سامر الخطيب؟",
        "",
        "What is the weather in Tokyo?",
        "<b>x</b>",
        "لماذا طوقت القوات المخيم؟",
    ]
    result = _briefing(["ask", "--json", "-"], sqlite_url, "".join(q + "\n" for q in questions))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(questions)
    replies = [json.loads(line) for line in lines]
    assert [r["question"] for r in replies] == questions
    assert replies[1]["found"] is False and replies[1]["error"]
    assert replies[2]["found"] is False
    assert replies[4]["found"] is True
    assert (
        replies[4]["claims"][0]["citations"][0]["quote"]
        in "قال العميد سامر الخطيب إن القوات طوقت المخيم بالكامل بعد شكاوى السكان."
    )


def test_single_question_json_and_readable(sqlite_url: str) -> None:
    _seed(sqlite_url)
    as_json = _briefing(["ask", "--json", "لماذا طوقت القوات المخيم؟"], sqlite_url)
    assert as_json.returncode == 0, as_json.stderr
    payload = json.loads(as_json.stdout)
    assert payload["found"] is True
    readable = _briefing(["ask", "لماذا طوقت القوات المخيم؟"], sqlite_url)
    assert readable.returncode == 0
    assert "وكالة الشمال" in readable.stdout


def test_chat_ends_cleanly_at_end_of_input(sqlite_url: str, tmp_path: Path) -> None:
    _seed(sqlite_url)
    result = _briefing(["chat"], sqlite_url, "لماذا طوقت القوات المخيم؟\n/sources 1\n/sources 99\n")
    assert result.returncode == 0, result.stderr
    assert "وكالة الشمال" in result.stdout
    assert "الاستخدام: " in result.stdout and "/sources N" in result.stdout  # in the chat's language


def test_an_endless_line_gets_an_error_object_and_the_batch_goes_on(sqlite_url: str) -> None:
    _seed(sqlite_url)
    stdin = "من هو سامر الخطيب؟\n" + "x" * 2_000_000 + "\n" + "ماذا قال الخطيب؟\n"
    result = _briefing(["ask", "--json", "-"], sqlite_url, stdin)
    assert result.returncode == 0, result.stderr[-2000:]
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 3
    assert lines[0]["found"] and lines[2]["found"]
    assert lines[1]["found"] is False and "longer than 500 characters" in lines[1]["error"]
    assert len(result.stdout) < 20_000  # the long line is not echoed back


def test_bidi_controls_in_a_question_are_not_echoed(sqlite_url: str) -> None:
    _seed(sqlite_url)
    result = _briefing(["ask", "--json", "-"], sqlite_url, "\u202eمن هو سامر الخطيب؟\u202c\u200f\n")
    (line,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert line["question"] == "من هو سامر الخطيب؟"
    assert line["found"]
    assert not any(ch in result.stdout for ch in "\u202a\u202b\u202c\u202d\u202e\u200e\u200f")


def test_a_mistyped_database_path_is_named_and_nothing_is_created(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/typo/briefing.db"
    for command in (["entities"], ["ask", "who?"], ["claims"], ["digest", "preview", "--chat-id", "1"]):
        result = _briefing(command, url)
        assert result.returncode == 2, (command, result.stderr[-500:])
        assert "no database at" in result.stderr and "typo/briefing.db" in result.stderr
    assert not (tmp_path / "typo").exists()
    assert _briefing(["db", "upgrade"], url).returncode == 0
    assert (tmp_path / "typo" / "briefing.db").exists()


def test_terminal_chat_speaks_the_chats_language_and_never_mixes_directions(sqlite_url: str) -> None:
    from test_telegram_corpus import seed

    database = open_database(sqlite_url)
    seed(database)
    database.dispose()
    script = "What did Omar Omsen say?\n/sources 1\nماذا قال عمر أومسين؟\n/help\n/sources 1\n/sources 99\n"
    result = _briefing(["chat"], sqlite_url, script + "/language en\nماذا قال عمر أومسين؟\n/sources 1\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert not mixed_lines(out), mixed_lines(out)
    expected_in_order = [
        "\nSources\n",  # the English answer
        "outlet: ",  # /sources 1, in English
        "\nالمصادر\n",  # the Arabic answer
        "حتى تاريخ",  # its date line, not "as of"
        "اسأل عن أي شيء",  # /help in the chat's language
        "الموقع: ",  # /sources 1, field labels in Arabic
        "الاستخدام: ",  # /sources 99
        "I will speak English",  # /language en
        "\nSources\n",  # an Arabic question answered in the chosen language
        "outlet: ",
    ]
    position = 0
    for expected in expected_in_order:
        position = out.index(expected, position) + len(expected)
    numbers = [line.split("]")[0] for line in out.splitlines() if line.startswith("  [")]
    assert numbers and numbers[0] == "  [1"


def test_terminal_chat_browses_as_telegram_and_shows_a_source_in_its_article(sqlite_url: str) -> None:
    from test_telegram_corpus import seed

    database = open_database(sqlite_url)
    seed(database)
    database.dispose()
    script = (
        "What did the mayor of Oslo say about tulips?\n/sources 99\nWhat did Omar Omsen say?\n/sources 1\n"
        "/latest\n/sources\n/entity xyzzy\n/entity Omar Omsen\n/disputed\nthanks\n/language ar\n/latest\n"
    )
    result = _briefing(["chat"], sqlite_url, script)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert not mixed_lines(out), mixed_lines(out)
    expected_in_order = [
        "That answer has no sources yet",  # /sources 99 after an unanswered question
        "outlet: ",  # /sources 1: the source in its article, with outlet, date and link
        "link: https://",
        "Newest articles",  # /latest, not searched as a question
        "Outlets I read",  # /sources
        "I know nothing about xyzzy yet. I can tell you about: ",
        "named in",  # /entity Omar Omsen
        "What the outlets disagree on",
        "You are welcome.",
        "أحدث المقالات",  # /latest in Arabic
    ]
    position = 0
    for expected in expected_in_order:
        position = out.index(expected, position) + len(expected)
    passage = out.split("link: https://", 1)[1].split("\n\n", 2)[1]
    assert "«" in passage and len(passage) > len(passage.split("«")[1].split("»")[0]) + 20  # text around it


def test_first_start_of_the_terminal_chat_prints_no_log_lines(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    env = dict(os.environ, BRIEFING_DATABASE_URL=url, BRIEFING_LOG_LEVEL="INFO")
    cmd = [sys.executable, "-c", "from bot.cli import main; main()", "chat"]
    result = subprocess.run(cmd, env=env, input="/help\n", capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert " INFO " not in result.stderr and " INFO " not in result.stdout
    assert "loaded the sample corpus" in result.stderr

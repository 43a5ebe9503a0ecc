"""`briefing ask --json -`: exactly one flushed JSON line per input line, in order; logs stay on stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

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
    assert "Usage: /sources N" in result.stdout

"""`briefing reports [--json]` lists readers' reports of answers and of digest points, read as an operator
reads them; `briefing digest preview` shows no trace of the buttons a Telegram digest carries."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta

from test_digest_telegram import USER, _busy_day

from bot.digest import service
from storage import Database
from storage.chats import upsert_chat
from storage.types import utcnow


def _briefing(args: list[str], url: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, BRIEFING_DATABASE_URL=url)
    cmd = [sys.executable, "-c", "from bot.cli import main; main()", *args]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)


def test_a_reported_digest_point_is_listed_with_its_number_sentence_and_sources(
    db: Database, sqlite_url: str
) -> None:
    _busy_day(db)
    with db.session() as session:
        upsert_chat(session, chat_id=USER, kind="private")
    end = utcnow()
    start = end - timedelta(hours=24)
    [first, *_] = service.digest_points(db, chat_id=USER, start=start, end=end, language="en")
    found = service.report_point(
        db,
        chat_id=USER,
        user_id=USER,
        start=start,
        end=end,
        language="en",
        number=first.number,
        key=first.key,
        reason="speaker",
    )
    assert found is not None and found.number == 1
    listed = _briefing(["reports", "--json"], sqlite_url)
    assert listed.returncode == 0, listed.stderr
    [report] = json.loads(listed.stdout)
    assert report["kind"] == "digest" and report["point"] == 1 and report["answer_id"] is None
    assert report["reason"] == "speaker" and report["question"] == first.point.label
    assert report["cited"][0]["quote"] == first.point.quotes[0].text
    readable = _briefing(["reports"], sqlite_url).stdout
    assert f"Wrong speaker · digest point 1: {first.point.label}" in readable
    assert "[1] " + first.point.quotes[0].sources[0].name in readable
    preview = _briefing(["digest", "preview", "--chat-id", str(USER), "--since", "24h"], sqlite_url)
    assert preview.returncode == 0, preview.stderr
    assert first.point.quotes[0].text in preview.stdout and "\x1e" not in preview.stdout
